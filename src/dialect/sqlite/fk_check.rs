//! The foreign-key check of a table rebuild (step 8 in `rebuild.rs`): the
//! rows `pragma_foreign_key_check` reports for the rebuilt table, counted
//! before the copy and after it, and what autogenerate can tell beforehand
//! about where that check stops with "foreign key mismatch". Pure: SQL text
//! and schema facts.
//!
//! The pragma is read per table, for the rebuilt table and the tables whose
//! keys reference it: `pragma_foreign_key_check('t')` checks the keys of `t`
//! alone (its rows as the child), and fails with "foreign key mismatch" only
//! when a key of `t` names parent columns that are neither the parent's
//! primary key nor unique (<https://sqlite.org/foreignkeys.html#fk_indexes>;
//! SQLite accepts such a key in `CREATE TABLE`, and old databases hold
//! them). Without the argument the pragma checks every key of the database
//! and fails on the first such key anywhere, so one legacy key would stop
//! the rebuild of every table. A mismatched key of the rebuilt table itself,
//! or of a table that references it, still stops the check: SQLite cannot
//! count that table's rows. Autogenerate sees those keys in the schemas:
//! [`refuses`] a revision that makes one, [`fails_anyway`] warns about one
//! the database already holds.

use std::collections::BTreeSet;

use crate::ops::Op;
use crate::schema::{ForeignKey, Index, Schema, Table};

/// The rows `pragma_foreign_key_check` reports for table `table` as the
/// child of a key, and for the tables whose keys reference it with `table`
/// as the parent: a `FROM` clause, counted before and after the rebuild.
/// The pragma runs once per table of `main` that the condition on `m`
/// keeps, as that condition only reads `m` and SQLite tests such a term in
/// the loop over `m`, before the inner loop that calls the pragma. Virtual
/// tables are skipped: they have no keys, and their pragmas may need a
/// module that is not loaded.
pub(super) fn rows(table: &str) -> String {
    let name = crate::dialect::quote_doubling(table, '\'');
    format!(
        "sqlite_master AS m, pragma_foreign_key_check(m.name, 'main') AS c \
         WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL %' \
         AND (m.name = {name} COLLATE NOCASE OR EXISTS (SELECT 1 FROM pragma_foreign_key_list(m.name, 'main') AS k WHERE k.\"table\" = {name} COLLATE NOCASE)) \
         AND (c.\"table\" = {name} COLLATE NOCASE OR c.parent = {name} COLLATE NOCASE)"
    )
}

/// Why the rebuild `op`, an upgrade op diffed from `current` (the
/// database's schema) to `wanted` (the models'), fails its foreign-key
/// check whatever the rows, because of a key the revision makes
/// mismatched: a key of the rebuilt table on parent columns that the models
/// do not make unique, or a key of another table on columns of the rebuilt
/// table that the rebuild stops making unique. The models are wrong there,
/// so autogenerate writes nothing. A mismatched key the database already
/// holds is [`fails_anyway`]'s.
pub fn refuses(op: &Op, current: &Schema, wanted: &Schema) -> Option<String> {
    let Op::RebuildTable { from, to, .. } = op else {
        return None;
    };
    let own = to.foreign_keys.iter().find_map(|fk| {
        let parent = parent_of(fk, to, wanted)?;
        let held = from.foreign_keys.iter().any(|old| {
            same_key(old, fk)
                && parent_of(old, from, current).and_then(|p| mismatched(old, p)) == Some(true)
        });
        (mismatched(fk, parent) == Some(true) && !held).then(|| {
            format!(
                "table {}: the models give it foreign key {}, whose parent columns are neither the primary key of {} nor unique there, so SQLite's foreign-key check, which the rebuild of {} runs, fails with \"foreign key mismatch\"; make those columns the primary key or unique in the models (a UNIQUE constraint or a unique index), or drop the key",
                to.name,
                describe(fk),
                parent.name,
                to.name
            )
        })
    });
    own.or_else(|| {
        // Tables created by the revision come after the rebuild (`lower.rs`),
        // so only those the database has meet its check.
        wanted
            .tables
            .iter()
            .filter(|t| !same_name(&t.name, &to.name) && find(current, &t.name).is_some())
            .flat_map(|t| t.foreign_keys.iter().map(move |fk| (t, fk)))
            .find(|(_, fk)| {
                same_name(&fk.ref_table, &to.name)
                    && usable(from, &fk.ref_columns)
                    && !usable(to, &fk.ref_columns)
            })
            .map(|(t, fk)| {
                format!(
                    "table {}: the models stop making {}({}) unique, which foreign key {} of table {} references, so SQLite's foreign-key check, which the rebuild of {} runs, fails with \"foreign key mismatch\"; keep those columns unique (a UNIQUE constraint or a unique index), or change or drop the key of {}",
                    to.name,
                    to.name,
                    fk.ref_columns.join(", "),
                    describe(fk),
                    t.name,
                    to.name,
                    t.name
                )
            })
    })
}

/// Why the rebuild `op` fails its foreign-key check whatever the rows,
/// as far as `current` (the database's schema) shows: the rebuilt table,
/// or a table whose keys reference it, has a key the database already
/// holds mismatched. SQLite then fails the pragma for that table before
/// the copy. Autogenerate marks the op `-- CAUTION:`: a revision that
/// fixes the key elsewhere first, or runs without the check, may still
/// be worth writing.
pub fn fails_anyway(op: &Op, current: &Schema) -> Option<String> {
    let Op::RebuildTable { from, .. } = op else {
        return None;
    };
    let references = |t: &Table| {
        t.foreign_keys
            .iter()
            .any(|fk| same_name(&fk.ref_table, &from.name))
    };
    let checked = std::iter::once(from).chain(
        current
            .tables
            .iter()
            .filter(|t| !same_name(&t.name, &from.name) && references(t)),
    );
    let (table, fk, parent) = checked
        .flat_map(|t| t.foreign_keys.iter().map(move |fk| (t, fk)))
        .find_map(|(t, fk)| {
            let parent = parent_of(fk, t, current)?;
            mismatched(fk, parent)?.then_some((t, fk, parent))
        })?;
    let whose = if same_name(&table.name, &from.name) {
        String::new()
    } else {
        format!(" (which references {})", from.name)
    };
    Some(format!(
        "fails: the rebuild checks the foreign keys of table {}{whose}, and SQLite stops that check with \"foreign key mismatch\" at its key {}, whose parent columns are neither the primary key of {} nor unique there; give {} a unique index on them in an earlier revision, or remove the two statements of this rebuild that read pragma_foreign_key_check",
        table.name,
        describe(fk),
        parent.name,
        parent.name
    ))
}

/// The parent table of `fk`, a key of `child`, in `schema`; `child`
/// itself for a key on its own table, `None` when the schema lacks it
/// (SQLite then reports every row as pointing nowhere, no mismatch).
fn parent_of<'a>(fk: &ForeignKey, child: &'a Table, schema: &'a Schema) -> Option<&'a Table> {
    if fk.ref_schema.is_some() {
        return None;
    }
    if same_name(&fk.ref_table, &child.name) {
        return Some(child);
    }
    find(schema, &fk.ref_table)
}

/// Whether SQLite calls `fk` a mismatch: its parent columns in `parent`
/// are not a key [`usable`] says SQLite can use. `None` when `parent`
/// lacks one of them: the op's tables are in the state the revision's
/// renames leave them, which a column renamed by an op before the
/// rebuild makes differ from the schema read (SQLite would report a
/// mismatch for a truly missing column too, but no claim is made there).
fn mismatched(fk: &ForeignKey, parent: &Table) -> Option<bool> {
    let has = |c: &String| parent.columns.iter().any(|p| same_name(&p.name, c));
    if !fk.ref_columns.iter().all(has) {
        return None;
    }
    Some(!usable(parent, &fk.ref_columns))
}

/// Whether SQLite can look up a key's parent rows by `columns` of
/// `parent`: they are its primary key (its rowid alias included), or the
/// columns of a UNIQUE constraint or of a unique index that is not partial
/// and indexes columns only, in any order
/// (<https://sqlite.org/foreignkeys.html#fk_indexes>). No columns means the
/// primary key, which must then exist. A unique index's collation must also
/// be the column's, which the model does not show: it is taken to be.
fn usable(parent: &Table, columns: &[String]) -> bool {
    if columns.is_empty() {
        return parent.primary_key.is_some();
    }
    let set = |names: &mut dyn Iterator<Item = &String>| -> BTreeSet<String> {
        names.map(|n| n.to_ascii_lowercase()).collect()
    };
    let wanted = set(&mut columns.iter());
    let plain_unique =
        |i: &&Index| i.unique && i.predicate.is_none() && i.parts.iter().all(|p| !p.expression);
    let mut keys = parent
        .primary_key
        .iter()
        .map(|pk| set(&mut pk.columns.iter()))
        .chain(parent.uniques.iter().map(|u| set(&mut u.columns.iter())))
        .chain(
            parent
                .indexes
                .iter()
                .filter(plain_unique)
                .map(|i| set(&mut i.parts.iter().map(|p| &p.value))),
        );
    keys.any(|k| k == wanted)
}

/// Whether `a` and `b` are the same key: columns and target.
fn same_key(a: &ForeignKey, b: &ForeignKey) -> bool {
    let cols = |x: &[String], y: &[String]| {
        x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_name(x, y))
    };
    cols(&a.columns, &b.columns)
        && same_name(&a.ref_table, &b.ref_table)
        && cols(&a.ref_columns, &b.ref_columns)
}

/// A key as messages name it: `(pcode) -> parent(code)`.
fn describe(fk: &ForeignKey) -> String {
    let cols = if fk.ref_columns.is_empty() {
        String::new()
    } else {
        format!("({})", fk.ref_columns.join(", "))
    };
    format!("({}) -> {}{cols}", fk.columns.join(", "), fk.ref_table)
}

/// The table of `main` named `name` (SQLite compares names ignoring ASCII case).
fn find<'a>(schema: &'a Schema, name: &str) -> Option<&'a Table> {
    schema
        .tables
        .iter()
        .find(|t| t.schema.is_none() && same_name(&t.name, name))
}

fn same_name(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{IndexPart, PrimaryKey, Unique};

    #[test]
    fn a_parent_key_is_a_primary_key_or_unique_columns_in_any_order() {
        let cols = |c: &[&str]| c.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        let mut t = Table::new("p");
        assert!(!usable(&t, &[]), "no primary key to stand for");
        assert!(!usable(&t, &cols(&["a"])));
        t.primary_key = Some(PrimaryKey::new(&["a", "b"]));
        assert!(usable(&t, &[]));
        assert!(usable(&t, &cols(&["B", "a"])));
        assert!(!usable(&t, &cols(&["a"])), "part of the key is not unique");
        t.uniques.push(Unique::new(&["c"]));
        assert!(usable(&t, &cols(&["c"])));
        let index = |parts: Vec<IndexPart>, predicate: Option<&str>| Index {
            unique: true,
            parts,
            predicate: predicate.map(str::to_string),
            ..Default::default()
        };
        let expression = IndexPart {
            expression: true,
            ..IndexPart::column("lower(d)")
        };
        t.indexes = vec![
            index(vec![IndexPart::column("d")], Some("d > 0")),
            index(vec![expression], None),
            Index {
                unique: false,
                ..index(vec![IndexPart::column("d")], None)
            },
        ];
        assert!(
            !usable(&t, &cols(&["d"])),
            "partial, expression and plain indexes are no parent key"
        );
        t.indexes.push(index(
            vec![IndexPart::column("e"), IndexPart::column("d")],
            None,
        ));
        assert!(usable(&t, &cols(&["d", "e"])));
    }
}
