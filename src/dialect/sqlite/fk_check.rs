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

use super::same_name;
use crate::ops::Op;
use crate::schema::{ForeignKey, Index, Schema, Table};

/// The guard table's constraints for the check of the rebuild of `from`
/// into `to` (`renames`: its column renames, old name first), each failing
/// for its group of rows: one group per key of `to` (the rows of the
/// rebuilt table that key finds no parent for), numbered from 1 in the
/// order of [`groups`], and one last group for the rows of the tables that
/// reference the rebuilt one. SQLite reports a failed CHECK by its name,
/// literal text fixed when the guard is created (as `RAISE`'s message is),
/// so the message names the key and how to find the rows, not how many
/// there are.
pub(super) fn constraints(from: &Table, to: &Table, renames: &[(String, String)]) -> Vec<String> {
    let groups = groups(to);
    let mut out: Vec<String> = groups
        .iter()
        .enumerate()
        .map(|(i, keys)| {
            let described: Vec<String> = keys.iter().map(|fk| describe(fk)).collect();
            let list = match finding_query(from, to, keys, renames) {
                Some(q) => format!(" (list them: {q})"),
                None => String::new(),
            };
            let message = format!(
                "rows of {} violate foreign key {}; fix or delete them first{list}",
                to.name,
                described.join(" and ")
            );
            group_check(&message, i + 1)
        })
        .collect();
    let message = format!(
        "rebuilding table {} leaves rows of the tables that reference it without their parent row (PRAGMA foreign_key_check reports more of them than before): the rebuild changes the values or the collation of the key columns they reference",
        to.name
    );
    out.push(group_check(&message, groups.len() + 1));
    out
}

/// A constraint that fails when a row for group `group` is inserted with
/// `foreign_keys_kept` set (to 0), named `message`.
fn group_check(message: &str, group: usize) -> String {
    format!(
        "CONSTRAINT {} CHECK (foreign_keys_kept IS NULL OR fk_group IS NOT {group})",
        crate::dialect::quote_doubling(message, '"')
    )
}

/// The statement that counts the check's rows per group before the rebuild
/// of `from` into `to`, into the guard table `guard`.
pub(super) fn count_before(
    guard: &str,
    from: &Table,
    to: &Table,
    renames: &[(String, String)],
) -> String {
    // The keys' first columns under the names they have before the rebuild.
    let old = |name: &str| {
        renames
            .iter()
            .find(|(_, new)| same_name(new, name))
            .map_or(name.to_string(), |(old, _)| old.clone())
    };
    format!(
        "INSERT INTO {guard} (fk_group, foreign_key_rows) SELECT fk_group, count(*) FROM ({}) WHERE fk_group IS NOT NULL GROUP BY fk_group",
        grouped_rows(&from.name, to, &old)
    )
}

/// The statement that fails, with the first group's constraint, when a
/// group counts more rows after the rebuild than [`count_before`] did.
pub(super) fn check_after(guard: &str, to: &Table) -> String {
    format!(
        "INSERT INTO {guard} (fk_group, foreign_keys_kept) SELECT a.fk_group, 0 FROM (SELECT fk_group, count(*) AS n FROM ({}) WHERE fk_group IS NOT NULL GROUP BY fk_group) AS a \
         WHERE a.n > coalesce((SELECT b.foreign_key_rows FROM {guard} AS b WHERE b.fk_group = a.fk_group AND b.foreign_key_rows IS NOT NULL), 0) ORDER BY a.fk_group LIMIT 1",
        grouped_rows(&to.name, to, &str::to_string)
    )
}

/// The keys of `to`, grouped as the check tells them apart: by parent
/// table and first column (a row of the pragma names its key by a number
/// that only `pragma_foreign_key_list` of the same table resolves, and
/// that in no documented order). Two keys alike in both share a group.
fn groups(to: &Table) -> Vec<Vec<&ForeignKey>> {
    let mut out: Vec<Vec<&ForeignKey>> = Vec::new();
    for fk in &to.foreign_keys {
        match out.iter_mut().find(|g| alike(g[0], fk)) {
            Some(g) => g.push(fk),
            None => out.push(vec![fk]),
        }
    }
    out
}

fn alike(a: &ForeignKey, b: &ForeignKey) -> bool {
    same_name(&a.ref_table, &b.ref_table)
        && match (a.columns.first(), b.columns.first()) {
            (Some(x), Some(y)) => same_name(x, y),
            _ => true,
        }
}

/// The check's rows for the rebuilt table, named `table` at that point and
/// shaped `to` afterwards, each with its group (see [`constraints`]), its
/// keys' first columns named by `column` at that point; NULL for rows of
/// keys `to` does not have, which can only go away.
fn grouped_rows(table: &str, to: &Table, column: &dyn Fn(&str) -> String) -> String {
    let lit = |s: &str| crate::dialect::quote_doubling(s, '\'');
    let groups = groups(to);
    let own = if groups.is_empty() {
        "NULL".to_string()
    } else {
        let whens: Vec<String> = groups
            .iter()
            .enumerate()
            .map(|(i, keys)| {
                let first = keys[0].columns.first().map_or(String::new(), |c| column(c));
                format!(
                    "WHEN c.parent = {} COLLATE NOCASE AND k.\"from\" = {} COLLATE NOCASE THEN {}",
                    lit(&keys[0].ref_table),
                    lit(&first),
                    i + 1
                )
            })
            .collect();
        format!("CASE {} END", whens.join(" "))
    };
    let name = lit(table);
    format!(
        "SELECT CASE WHEN c.\"table\" = {name} COLLATE NOCASE THEN {own} WHEN c.parent = {name} COLLATE NOCASE THEN {} END AS fk_group FROM {}",
        groups.len() + 1,
        rows(table)
    )
}

/// A query that lists the rows of `from`, the table before the rebuild
/// (when the revision has failed and rolled back), that `keys` of `to`
/// would find no parent for: a key holds for a row with a NULL in one of
/// its columns (<https://sqlite.org/foreignkeys.html>, section 3). `None`
/// when a key's columns are not all in `from` (a new column) or its parent
/// columns are not known.
fn finding_query(
    from: &Table,
    to: &Table,
    keys: &[&ForeignKey],
    renames: &[(String, String)],
) -> Option<String> {
    let q = super::render::quote_if_needed;
    // The name a column of `to` had in `from`.
    let old = |name: &str| -> Option<String> {
        let name = renames
            .iter()
            .find(|(_, new)| same_name(new, name))
            .map_or(name, |(old, _)| old.as_str());
        from.columns
            .iter()
            .find(|c| same_name(&c.name, name))
            .map(|c| c.name.clone())
    };
    let conditions = keys
        .iter()
        .map(|fk| {
            if fk.ref_columns.len() != fk.columns.len() {
                return None;
            }
            let columns = fk
                .columns
                .iter()
                .map(|c| old(c))
                .collect::<Option<Vec<_>>>()?;
            let own_table = same_name(&fk.ref_table, &to.name);
            let (parent, refs) = if own_table {
                let refs = fk
                    .ref_columns
                    .iter()
                    .map(|c| old(c))
                    .collect::<Option<Vec<_>>>()?;
                (q(&from.name), refs)
            } else {
                (q(&fk.ref_table), fk.ref_columns.clone())
            };
            let not_null: Vec<String> = columns
                .iter()
                .map(|c| format!("c.{} IS NOT NULL", q(c)))
                .collect();
            let matching: Vec<String> = columns
                .iter()
                .zip(&refs)
                .map(|(c, r)| format!("p.{} = c.{}", q(r), q(c)))
                .collect();
            Some(format!(
                "{} AND NOT EXISTS (SELECT 1 FROM {parent} AS p WHERE {})",
                not_null.join(" AND "),
                matching.join(" AND ")
            ))
        })
        .collect::<Option<Vec<_>>>()?;
    let condition = match conditions.as_slice() {
        [one] => one.clone(),
        many => format!("({})", many.join(") OR (")),
    };
    Some(format!(
        "SELECT * FROM {} AS c WHERE {condition}",
        q(&from.name)
    ))
}

/// The rows `pragma_foreign_key_check` reports for table `table` as the
/// child of a key (`c`, with its key's first column in `k`), and for the
/// tables whose keys reference it with `table` as the parent: a `FROM`
/// clause. The pragma runs once per table of `main` that the condition on
/// `m` keeps: `CROSS JOIN` keeps `m` the outer loop (SQLite never reorders
/// the tables of a `CROSS JOIN`), and a term that only reads `m` is tested
/// in that loop, before the inner loop that calls the pragma.
/// Virtual tables are skipped: they have no keys, and their pragmas may
/// need a module that is not loaded.
fn rows(table: &str) -> String {
    let name = crate::dialect::quote_doubling(table, '\'');
    format!(
        "sqlite_master AS m CROSS JOIN pragma_foreign_key_check(m.name, 'main') AS c \
         LEFT JOIN pragma_foreign_key_list(m.name, 'main') AS k ON k.id = c.fkid AND k.seq = 0 \
         WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL %' \
         AND (m.name = {name} COLLATE NOCASE OR EXISTS (SELECT 1 FROM pragma_foreign_key_list(m.name, 'main') AS r WHERE r.\"table\" = {name} COLLATE NOCASE)) \
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
        // The keys into the rebuilt table first, the (linear) lookup of
        // their table in the database last: a schema of thousands of tables
        // is scanned once per rebuild, not once per table.
        wanted
            .tables
            .iter()
            .filter(|t| !same_name(&t.name, &to.name))
            .flat_map(|t| t.foreign_keys.iter().map(move |fk| (t, fk)))
            .find(|(t, fk)| {
                same_name(&fk.ref_table, &to.name)
                    && usable(from, &fk.ref_columns)
                    && !usable(to, &fk.ref_columns)
                    && find(current, &t.name).is_some()
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
    // The rebuilt table's keys as the database holds them: the op's `from`
    // is the table as the revision's earlier ops leave it (in a downgrade,
    // as the upgrade left it), whose keys the database may not have yet.
    let own = find(current, &from.name)
        .into_iter()
        .flat_map(|t| t.foreign_keys.iter().map(move |fk| (t, fk)))
        .filter(|(_, fk)| from.foreign_keys.iter().any(|f| same_key(f, fk)));
    let others = current
        .tables
        .iter()
        .filter(|t| !same_name(&t.name, &from.name) && references(t))
        .flat_map(|t| t.foreign_keys.iter().map(move |fk| (t, fk)));
    let (table, fk, parent) = own.chain(others).find_map(|(t, fk)| {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{IndexPart, PrimaryKey, Unique};

    #[test]
    fn each_key_has_its_message_and_a_query_on_the_table_as_it_was() {
        let mut from = Table::new("order");
        from.columns = vec![
            crate::schema::Column::new("id", "INTEGER"),
            crate::schema::Column::new("up", "INT"),
            crate::schema::Column::new("c", "INT"),
        ];
        let mut to = from.clone();
        to.columns[1].name = "parent_id".into();
        to.columns.push(crate::schema::Column::new("fresh", "INT"));
        let key = |cols: &[&str], table: &str, refs: &[&str]| ForeignKey {
            columns: cols.iter().map(|c| c.to_string()).collect(),
            ref_table: table.into(),
            ref_columns: refs.iter().map(|c| c.to_string()).collect(),
            ..Default::default()
        };
        to.foreign_keys = vec![
            key(&["parent_id"], "order", &["id"]),
            key(&["c"], "items", &["id"]),
            key(&["fresh"], "items", &["id"]),
        ];
        let renames = [("up".to_string(), "parent_id".to_string())];
        let checks = constraints(&from, &to, &renames);
        assert_eq!(checks.len(), 4, "three keys, then the referencing tables");
        assert_eq!(
            checks[0],
            "CONSTRAINT \"rows of order violate foreign key (parent_id) -> order(id); fix or delete them first (list them: SELECT * FROM \"\"order\"\" AS c WHERE c.up IS NOT NULL AND NOT EXISTS (SELECT 1 FROM \"\"order\"\" AS p WHERE p.id = c.up))\" CHECK (foreign_keys_kept IS NULL OR fk_group IS NOT 1)"
        );
        assert!(
            checks[1].contains(
                "WHERE c.c IS NOT NULL AND NOT EXISTS (SELECT 1 FROM items AS p WHERE p.id = c.c)"
            ),
            "{}",
            checks[1]
        );
        // A new column has no rows to list before the rebuild.
        assert!(
            checks[2].starts_with("CONSTRAINT \"rows of order violate foreign key (fresh) -> items(id); fix or delete them first\" CHECK"),
            "{}",
            checks[2]
        );
        // Rows are counted under the key's first column as it is named
        // before the rebuild and after it.
        let before = count_before("g", &from, &to, &renames);
        assert!(
            before.contains("k.\"from\" = 'up' COLLATE NOCASE THEN 1"),
            "{before}"
        );
        let after = check_after("g", &to);
        assert!(
            after.contains("k.\"from\" = 'parent_id' COLLATE NOCASE THEN 1"),
            "{after}"
        );
    }

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
