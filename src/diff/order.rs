//! Foreign-key-aware ordering of created and dropped tables.
//!
//! Tables are created referenced-first and dropped referencing-first. A key in
//! a cycle cannot be inline in either direction: it is split off into its own
//! add (after every create) or drop (before every drop).

use std::collections::BTreeMap;

use super::{Compare, table_key};
use crate::ops::Op;
use crate::schema::Table;

type Key = (Option<String>, String);

/// The order to create `tables` in, each with the foreign keys that must wait
/// (their target is created later, through a cycle) taken out.
fn creation_order(
    tables: &[&Table],
    cmp: &dyn Compare,
) -> Vec<(Table, Vec<crate::schema::ForeignKey>)> {
    let mut remaining: BTreeMap<Key, Table> = tables
        .iter()
        .map(|t| (table_key(cmp, &t.qualified()), (*t).clone()))
        .collect();
    let mut out = Vec::with_capacity(remaining.len());
    while !remaining.is_empty() {
        // Waiting on: other tables still to be created (a self-reference is fine inline).
        let waits = |k: &Key, t: &Table| {
            t.foreign_keys.iter().any(|fk| {
                let r = table_key(cmp, &fk.ref_qualified());
                r != *k && remaining.contains_key(&r)
            })
        };
        let ready = remaining
            .iter()
            .find(|(k, t)| !waits(k, t))
            .map(|(k, _)| k.clone());
        let (key, deferred) = match ready {
            Some(k) => (k, Vec::new()),
            None => {
                // A cycle: create the first table without the keys that point
                // at tables not created yet.
                let k = remaining.keys().next().cloned().expect("non-empty");
                let t = &remaining[&k];
                let deferred: Vec<_> = t
                    .foreign_keys
                    .iter()
                    .filter(|fk| {
                        let r = table_key(cmp, &fk.ref_qualified());
                        r != k && remaining.contains_key(&r)
                    })
                    .cloned()
                    .collect();
                (k, deferred)
            }
        };
        let mut table = remaining.remove(&key).expect("present");
        table.foreign_keys.retain(|fk| !deferred.contains(fk));
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
