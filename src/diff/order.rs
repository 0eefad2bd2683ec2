//! Foreign-key-aware ordering of created and dropped tables.
//!
//! Tables are created referenced-first and dropped referencing-first. A key in
//! a cycle cannot be inline in either direction: it is split off into its own
//! add (after every create) or drop (before every drop).

use std::collections::{BTreeMap, BTreeSet};

use super::{Compare, table_key};
use crate::ops::Op;
use crate::schema::{ForeignKey, Table};

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
