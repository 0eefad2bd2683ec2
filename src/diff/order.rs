//! Foreign-key-aware ordering.
//!
//! Tables are created referenced-first and dropped referencing-first. A key in
//! a cycle cannot be inline in either direction: it is split off into its own
//! add (after every create) or drop (before every drop).
//!
//! Foreign keys in the way of other changes (a key they use replaced, a
//! column type changed under them) are dropped before those changes and
//! added after them by [`wrap_foreign_keys`], which each dialect's lowering
//! calls with what its database refuses.

use std::collections::{BTreeMap, BTreeSet};

use super::{Compare, table_key};
use crate::ops::Op;
use crate::schema::{ForeignKey, QualifiedName, Table};

type Key = (Option<String>, String);

/// The order to create `tables` in, each with the foreign keys that must wait
/// (their target is created later, through a cycle) taken out. Kahn's
/// algorithm over table keys, smallest key first among the ready ones, so the
/// order is deterministic; linear in tables plus keys.
fn creation_order(tables: &[&Table], cmp: &dyn Compare) -> Vec<(Table, Vec<ForeignKey>)> {
    let mut remaining: BTreeMap<Key, Table> = tables
        .iter()
        .map(|t| (table_key(cmp, &t.qualified()), (*t).clone()))
        .collect();
    // What each table waits for (other tables of the set), and who waits for it.
    let mut waits_on: BTreeMap<Key, BTreeSet<Key>> = BTreeMap::new();
    let mut waited_by: BTreeMap<Key, BTreeSet<Key>> = BTreeMap::new();
    for (k, t) in &remaining {
        let targets: BTreeSet<Key> = t
            .foreign_keys
            .iter()
            .map(|fk| table_key(cmp, &fk.ref_qualified()))
            .filter(|r| r != k && remaining.contains_key(r))
            .collect();
        for r in &targets {
            waited_by.entry(r.clone()).or_default().insert(k.clone());
        }
        waits_on.insert(k.clone(), targets);
    }
    let mut ready: BTreeSet<Key> = waits_on
        .iter()
        .filter(|(_, w)| w.is_empty())
        .map(|(k, _)| k.clone())
        .collect();
    let mut out = Vec::with_capacity(remaining.len());
    while let Some(first) = remaining.keys().next().cloned() {
        let (key, deferred) = match ready.pop_first() {
            Some(k) => (k, Vec::new()),
            None => {
                // A cycle: create the smallest table without the keys that point
                // at tables not created yet.
                let t = &remaining[&first];
                let deferred: Vec<ForeignKey> = t
                    .foreign_keys
                    .iter()
                    .filter(|fk| {
                        let r = table_key(cmp, &fk.ref_qualified());
                        r != first && remaining.contains_key(&r)
                    })
                    .cloned()
                    .collect();
                (first, deferred)
            }
        };
        let mut table = remaining.remove(&key).expect("present");
        table.foreign_keys.retain(|fk| !deferred.contains(fk));
        for dependent in waited_by.remove(&key).unwrap_or_default() {
            if let Some(w) = waits_on.get_mut(&dependent) {
                w.remove(&key);
                if w.is_empty() && remaining.contains_key(&dependent) {
                    ready.insert(dependent);
                }
            }
        }
        out.push((table, deferred));
    }
    out
}

/// Appends creates (referenced first) and the foreign keys split off by cycles.
pub(super) fn create_tables(
    tables: &[&Table],
    cmp: &dyn Compare,
    creates: &mut Vec<Op>,
    add_fks: &mut Vec<Op>,
) {
    for (table, deferred) in creation_order(tables, cmp) {
        let q = table.qualified();
        creates.push(Op::CreateTable(table));
        add_fks.extend(deferred.into_iter().map(|fk| Op::AddForeignKey {
            table: q.clone(),
            fk,
        }));
    }
}

/// Appends drops (referencing first) and, before them, drops of keys in cycles.
/// Dropping is creating backwards, so the downgrade recreates in a valid order.
pub(super) fn drop_tables(
    tables: &[&Table],
    cmp: &dyn Compare,
    drop_fks: &mut Vec<Op>,
    drops: &mut Vec<Op>,
) {
    let order = creation_order(tables, cmp);
    for (table, deferred) in &order {
        drop_fks.extend(deferred.iter().map(|fk| Op::DropForeignKey {
            table: table.qualified(),
            fk: fk.clone(),
        }));
    }
    drops.extend(order.into_iter().rev().map(|(t, _)| Op::DropTable(t)));
}

/// The table and leading plain columns of the key or index an op drops (`adds`
/// false) or adds: what a foreign key may be using on either side.
pub fn key_columns(op: &Op, adds: bool) -> Option<(&QualifiedName, Vec<&str>)> {
    let (table, columns): (_, Vec<&str>) = match (op, adds) {
        (Op::AddPrimaryKey { table, key }, true) | (Op::DropPrimaryKey { table, key }, false) => {
            (table, key.columns.iter().map(String::as_str).collect())
        }
        (Op::AddUnique { table, unique }, true) | (Op::DropUnique { table, unique }, false) => {
            (table, unique.columns.iter().map(String::as_str).collect())
        }
        (Op::CreateIndex { table, index }, true) | (Op::DropIndex { table, index }, false) => (
            table,
            index
                .parts
                .iter()
                .take_while(|p| !p.expression)
                .map(|p| p.value.as_str())
                .collect(),
        ),
        _ => return None,
    };
    Some((table, columns))
}

/// Whether `op` changes the type of a column that foreign key `fk` of
/// `table` has among its own columns or the columns it references.
pub fn changes_key_type(
    op: &Op,
    table: &QualifiedName,
    fk: &ForeignKey,
    cmp: &dyn Compare,
) -> bool {
    let Op::AlterColumn { table: t, from, to } = op else {
        return false;
    };
    if from.data_type == to.data_type {
        return false;
    }
    let has = |cols: &[String]| {
        cols.iter()
            .any(|c| cmp.name_key(c) == cmp.name_key(&from.name))
    };
    (same_table(cmp, t, table) && has(&fk.columns))
        || (same_table(cmp, t, &fk.ref_qualified()) && has(&fk.ref_columns))
}

fn same_table(cmp: &dyn Compare, a: &QualifiedName, b: &QualifiedName) -> bool {
    table_key(cmp, a) == table_key(cmp, b)
}

/// Drops each foreign key of `current` that an op cannot run under (`blocks`
/// says which: the dialect knows what its database refuses, such as changing
/// the type of a key column or dropping the key or index the foreign key
/// uses, on either side) before the first such op, and adds it back after
/// the last, and after any key or index the ops add to either of its tables
/// later (the one it will use). A key the ops drop anyway (changed, or its
/// table dropped) is left to them. The key comes back as `current` has it,
/// under the database's name: a key the ops do not drop is one the models
/// keep as it is. Reversed, the list stays valid: the downgrade drops the key
/// before undoing the last op and adds it after undoing the first.
pub fn wrap_foreign_keys(
    ops: Vec<Op>,
    current: &crate::schema::Schema,
    cmp: &dyn Compare,
    blocks: &dyn Fn(&Op, &QualifiedName, &ForeignKey) -> bool,
) -> Vec<Op> {
    let n = ops.len();
    let mut before: Vec<Vec<Op>> = vec![Vec::new(); n];
    let mut after: Vec<Vec<Op>> = vec![Vec::new(); n];
    let same_name = |a: &Option<String>, b: &Option<String>| {
        a.as_deref().map(|x| cmp.name_key(x)) == b.as_deref().map(|x| cmp.name_key(x))
    };
    for t in &current.tables {
        let q = t.qualified();
        for fk in &t.foreign_keys {
            let hits: Vec<usize> = (0..n).filter(|&i| blocks(&ops[i], &q, fk)).collect();
            let (Some(&first), Some(&last)) = (hits.first(), hits.last()) else {
                continue;
            };
            let dropped = ops.iter().any(|op| match op {
                Op::DropForeignKey { table, fk: f } => {
                    same_table(cmp, table, &q) && same_name(&f.name, &fk.name)
                }
                Op::DropTable(d) => same_table(cmp, &d.qualified(), &q),
                _ => false,
            });
            if dropped {
                continue;
            }
            let ref_table = fk.ref_qualified();
            let last = (last..n)
                .rev()
                .find(|&i| {
                    key_columns(&ops[i], true).is_some_and(|(k, _)| {
                        same_table(cmp, k, &q) || same_table(cmp, k, &ref_table)
                    })
                })
                .unwrap_or(last);
            before[first].push(Op::DropForeignKey {
                table: q.clone(),
                fk: fk.clone(),
            });
            after[last].push(Op::AddForeignKey {
                table: q.clone(),
                fk: fk.clone(),
            });
        }
    }
    let mut out = Vec::with_capacity(n);
    for (i, op) in ops.into_iter().enumerate() {
        out.append(&mut before[i]);
        out.push(op);
        out.append(&mut after[i]);
    }
    out
}

/// Splits out of created (and dropped) tables the foreign keys whose target
/// table, one both schemas have, gets (or loses) a key or index in `keys`
/// that holds the columns they reference:
/// the table is created before keys are added (and dropped after they are
/// dropped), so an inline key would reference a key not there yet (or hold
/// on to one being dropped, which PostgreSQL refuses). They are added in
/// `add_fks` (and dropped in `drop_fks`) instead, as keys in a cycle are.
pub(super) fn wait_for_keys(tables: &mut [Op], keys: &[&Op], cmp: &dyn Compare, fks: &mut Vec<Op>) {
    for op in tables {
        let (table, adds) = match op {
            Op::CreateTable(t) => (t, true),
            Op::DropTable(t) => (t, false),
            _ => continue,
        };
        let q = table.qualified();
        let rekeyed = |fk: &ForeignKey| {
            let target = fk.ref_qualified();
            !same_table(cmp, &target, &q)
                && keys.iter().any(|k| {
                    key_columns(k, adds).is_some_and(|(t, cols)| {
                        same_table(cmp, t, &target)
                            && fk
                                .ref_columns
                                .iter()
                                .all(|r| cols.iter().any(|c| cmp.name_key(c) == cmp.name_key(r)))
                    })
                })
        };
        let (split, kept): (Vec<ForeignKey>, Vec<ForeignKey>) =
            table.foreign_keys.drain(..).partition(|fk| rekeyed(fk));
        table.foreign_keys = kept;
        fks.extend(split.into_iter().map(|fk| {
            let table = q.clone();
            if adds {
                Op::AddForeignKey { table, fk }
            } else {
                Op::DropForeignKey { table, fk }
            }
        }));
    }
}
