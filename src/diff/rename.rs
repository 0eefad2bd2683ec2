//! Renames: candidates (a table or column disappears and one of the same shape
//! appears) and their application to the current schema before comparing.
//!
//! The diff never guesses: candidates go back to the caller, which asks the
//! user or reads `--rename`, and passes the decisions in [`super::DiffOptions`].

use super::{Compare, table_key, tables_by_key};
use crate::ops::Op;
use crate::schema::{Column, QualifiedName, Schema, Table};

/// A rename decision (or candidate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rename {
    /// A table renamed.
    Table {
        /// Old name.
        from: QualifiedName,
        /// New name.
        to: QualifiedName,
    },
    /// A column renamed within a table (named by its new table name).
    Column {
        /// The table.
        table: QualifiedName,
        /// Old column name.
        from: String,
        /// New column name.
        to: String,
    },
}

impl std::fmt::Display for Rename {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rename::Table { from, to } => write!(f, "table {from} -> {to}"),
            Rename::Column { table, from, to } => write!(f, "column {table}.{from} -> {to}"),
        }
    }
}

impl Rename {
    /// The `--rename` argument that decides this rename, ready to paste into
    /// a shell: a name holding `.`, `=` or `"` is double-quoted (as
    /// `parse_rename` reads it), and the whole is single-quoted when a shell
    /// would split or expand it.
    pub fn flag(&self) -> String {
        let name = |n: &str| {
            if n.contains(['.', '=', '"']) {
                format!("\"{}\"", n.replace('"', "\"\""))
            } else {
                n.to_string()
            }
        };
        let table = |q: &QualifiedName| match &q.schema {
            Some(s) => format!("{}.{}", name(s), name(&q.name)),
            None => name(&q.name),
        };
        let text = match self {
            Rename::Table { from, to } => format!("{}={}", table(from), table(to)),
            Rename::Column { table: t, from, to } => {
                format!("{}.{}={}", table(t), name(from), name(to))
            }
        };
        let plain = |c: char| c.is_alphanumeric() || "_.=-+:,@%/".contains(c);
        if text.chars().all(plain) {
            text
        } else {
            format!("'{}'", text.replace('\'', "'\\''"))
        }
    }
}

/// What a renamed column keeps: its type, nullability, default and whether it
/// is generated (a plain column does not turn into a computed one by a rename).
fn column_shape(c: &Column) -> (&str, bool, &Option<String>, bool) {
    (&c.data_type, c.nullable, &c.default, c.generated.is_some())
}

fn table_shape(t: &Table) -> Vec<(&str, &str, bool)> {
    t.columns
        .iter()
        .map(|c| (c.name.as_str(), c.data_type.as_str(), c.nullable))
        .collect()
}

/// Pairs of a disappearing and an appearing table (or column) of the same shape.
/// Each disappearing object pairs with at most one appearing one, in order.
pub fn rename_candidates(current: &Schema, wanted: &Schema, cmp: &dyn Compare) -> Vec<Rename> {
    let cur = tables_by_key(current, cmp);
    let want = tables_by_key(wanted, cmp);
    let gone: Vec<&Table> = cur
        .iter()
        .filter(|(k, _)| !want.contains_key(*k))
        .map(|(_, t)| *t)
        .collect();
    let new: Vec<&Table> = want
        .iter()
        .filter(|(k, _)| !cur.contains_key(*k))
        .map(|(_, t)| *t)
        .collect();
    let mut out = Vec::new();
    let mut taken = vec![false; new.len()];
    for g in &gone {
        let same = |i: &usize| {
            !taken[*i] && new[*i].schema == g.schema && table_shape(new[*i]) == table_shape(g)
        };
        if let Some(i) = (0..new.len()).find(same) {
            taken[i] = true;
            out.push(Rename::Table {
                from: g.qualified(),
                to: new[i].qualified(),
            });
        }
    }
    for (k, w) in &want {
        let Some(c) = cur.get(k) else { continue };
        let keys = |t: &Table| -> std::collections::BTreeSet<String> {
            t.columns.iter().map(|x| cmp.name_key(&x.name)).collect()
        };
        let (ck, wk) = (keys(c), keys(w));
        let gone: Vec<&Column> = c
            .columns
            .iter()
            .filter(|x| !wk.contains(&cmp.name_key(&x.name)))
            .collect();
        let new: Vec<&Column> = w
            .columns
            .iter()
            .filter(|x| !ck.contains(&cmp.name_key(&x.name)))
            .collect();
        let mut taken = vec![false; new.len()];
        let mut paired = vec![false; gone.len()];
        // Same shape first; then a new column without a default for one that
        // has one: a Diesel `schema.rs` states no defaults (the comparison
        // takes the database's for a column it has, not for a new name), and
        // a rename that also drops the default is still a rename to ask about.
        let lenient = |n: &Column, g: &Column| {
            n.default.is_none()
                && column_shape(n)
                    == (
                        g.data_type.as_str(),
                        g.nullable,
                        &None,
                        g.generated.is_some(),
                    )
        };
        for exact in [true, false] {
            for (gi, g) in gone.iter().enumerate() {
                if paired[gi] {
                    continue;
                }
                let fits = |i: &usize| {
                    !taken[*i]
                        && if exact {
                            column_shape(new[*i]) == column_shape(g)
                        } else {
                            lenient(new[*i], g)
                        }
                };
                if let Some(i) = (0..new.len()).find(fits) {
                    taken[i] = true;
                    paired[gi] = true;
                    out.push(Rename::Column {
                        table: w.qualified(),
                        from: g.name.clone(),
                        to: new[i].name.clone(),
                    });
                }
            }
        }
    }
    out
}

/// Checks a rename decided by the user (`--rename`) against both schemas, so
/// that a typo never turns into a silent drop + add. `schema.table=new`
/// reads as a column rename of table `schema`; when no such table exists but
/// the table `schema.table` does, it is taken as that table's rename.
/// The error says which half does not match.
pub fn resolve(
    r: &Rename,
    current: &Schema,
    wanted: &Schema,
    renames: &[Rename],
    cmp: &dyn Compare,
) -> Result<Rename, String> {
    let find = |s: &'_ Schema, q: &QualifiedName| {
        s.tables
            .iter()
            .find(|t| table_key(cmp, &t.qualified()) == table_key(cmp, q))
            .cloned()
    };
    let has_column = |t: &Table, c: &str| {
        t.columns
            .iter()
            .any(|x| cmp.name_key(&x.name) == cmp.name_key(c))
    };
    let table_rename = |from: &QualifiedName, to: &QualifiedName| -> Result<(), String> {
        if table_key(cmp, from) == table_key(cmp, to) {
            return Err(format!("{from} is renamed to itself"));
        }
        if find(current, from).is_none() {
            return Err(format!("the database has no table {from}"));
        }
        if find(wanted, to).is_none() {
            return Err(format!("the models have no table {to}"));
        }
        // Both names in one schema: no rename, and a rename onto a table
        // that stays would collide with it.
        if find(wanted, from).is_some() {
            return Err(format!("the models still have table {from}"));
        }
        if find(current, to).is_some() {
            return Err(format!("the database already has a table {to}"));
        }
        Ok(())
    };
    match r {
        Rename::Table { from, to } => table_rename(from, to).map(|()| r.clone()),
        Rename::Column { table, from, to } => {
            // The table by its new name in the models, by its old one (if
            // it is renamed too) in the database.
            let old_name = renames
                .iter()
                .find_map(|x| match x {
                    Rename::Table { from, to } if table_key(cmp, to) == table_key(cmp, table) => {
                        Some(from.clone())
                    }
                    _ => None,
                })
                .unwrap_or_else(|| table.clone());
            let column: Result<(), String> = match (find(current, &old_name), find(wanted, table)) {
                _ if cmp.name_key(from) == cmp.name_key(to) => {
                    Err(format!("column {from} is renamed to itself"))
                }
                (Some(c), Some(_)) if !has_column(&c, from) => Err(format!(
                    "the database has no column {from} in table {old_name}"
                )),
                (Some(_), Some(w)) if !has_column(&w, to) => {
                    Err(format!("the models have no column {to} in table {table}"))
                }
                (Some(_), Some(w)) if has_column(&w, from) => Err(format!(
                    "the models still have column {from} in table {table}"
                )),
                (Some(c), Some(_)) if has_column(&c, to) => Err(format!(
                    "table {old_name} in the database already has a column {to}"
                )),
                (Some(_), Some(_)) => return Ok(r.clone()),
                (None, _) => Err(format!("the database has no table {old_name}")),
                (_, None) => Err(format!("the models have no table {table}")),
            };
            if table.schema.is_none() {
                let as_table = |name: &str| QualifiedName {
                    schema: Some(table.name.clone()),
                    name: name.to_string(),
                };
                let (from, to) = (as_table(from), as_table(to));
                if table_rename(&from, &to).is_ok() {
                    return Ok(Rename::Table { from, to });
                }
            }
            column.map(|()| r.clone())
        }
    }
}

/// `current` as the rename ops among `ops` leave it. The diff puts every
/// rename first, so this is the schema the ops after them act on: a lowering
/// that adds ops of its own (drops and re-adds around a change) must take
/// them from here, or they would name tables and columns that the renames
/// have already changed.
pub fn renamed<'a>(
    current: &'a Schema,
    ops: &[Op],
    cmp: &dyn Compare,
) -> std::borrow::Cow<'a, Schema> {
    let renames = |op: &Op| matches!(op, Op::RenameTable { .. } | Op::RenameColumn { .. });
    // Nearly every revision renames nothing: no copy of a large schema then.
    if !ops.iter().any(renames) {
        return std::borrow::Cow::Borrowed(current);
    }
    let mut schema = current.clone();
    let mut recorded = Vec::new();
    for op in ops {
        let r = match op {
            Op::RenameTable { from, to } => Rename::Table {
                from: from.clone(),
                to: to.clone(),
            },
            Op::RenameColumn { table, from, to } => Rename::Column {
                table: table.clone(),
                from: from.clone(),
                to: to.clone(),
            },
            _ => continue,
        };
        apply(&mut schema, &r, cmp, &mut recorded);
    }
    std::borrow::Cow::Owned(schema)
}

/// Applies a rename to `current` (so the comparison sees the new name) and records the op.
/// A rename whose source does not exist is ignored here: `--rename` decisions are checked
/// by [`resolve`] first, and [`renamed`] replays only renames that happened.
pub(super) fn apply(current: &mut Schema, r: &Rename, cmp: &dyn Compare, ops: &mut Vec<Op>) {
    match r {
        Rename::Table { from, to } => {
            let Some(t) = current
                .tables
                .iter_mut()
                .find(|t| table_key(cmp, &t.qualified()) == table_key(cmp, from))
            else {
                return;
            };
            let old = t.qualified();
            t.schema = to.schema.clone();
            t.name = to.name.clone();
            ops.push(Op::RenameTable {
                from: old.clone(),
                to: to.clone(),
            });
            // Keys pointing at the table follow it (the database renames them too).
            for t in &mut current.tables {
                for fk in &mut t.foreign_keys {
                    if table_key(cmp, &fk.ref_qualified()) == table_key(cmp, &old) {
                        fk.ref_schema = to.schema.clone();
                        fk.ref_table = to.name.clone();
                    }
                }
            }
        }
        Rename::Column { table, from, to } => {
            let Some(t) = current
                .tables
                .iter_mut()
                .find(|t| table_key(cmp, &t.qualified()) == table_key(cmp, table))
            else {
                return;
            };
            let Some(c) = t
                .columns
                .iter_mut()
                .find(|c| cmp.name_key(&c.name) == cmp.name_key(from))
            else {
                return;
            };
            let old = std::mem::replace(&mut c.name, to.clone());
            let rename = |n: &mut String| {
                if cmp.name_key(n) == cmp.name_key(&old) {
                    *n = to.clone();
                }
            };
            if let Some(pk) = &mut t.primary_key {
                pk.columns.iter_mut().for_each(rename);
            }
            t.uniques
                .iter_mut()
                .for_each(|u| u.columns.iter_mut().for_each(rename));
            t.foreign_keys
                .iter_mut()
                .for_each(|f| f.columns.iter_mut().for_each(rename));
            // The database rewrites the expressions that use the column too, so
            // what the models say about them is compared with the new text.
            let in_expression = |e: &mut String| *e = cmp.rename_in_expression(e, &old, to);
            for i in &mut t.indexes {
                i.include.iter_mut().for_each(rename);
                for p in &mut i.parts {
                    if p.expression {
                        in_expression(&mut p.value);
                    } else {
                        rename(&mut p.value);
                    }
                }
                if let Some(pred) = &mut i.predicate {
                    in_expression(pred);
                }
            }
            t.checks
                .iter_mut()
                .for_each(|k| in_expression(&mut k.expression));
            for g in t.columns.iter_mut().filter_map(|c| c.generated.as_mut()) {
                in_expression(&mut g.expression);
            }
            let tq = t.qualified();
            for other in &mut current.tables {
                for fk in &mut other.foreign_keys {
                    if table_key(cmp, &fk.ref_qualified()) == table_key(cmp, &tq) {
                        fk.ref_columns.iter_mut().for_each(rename);
                    }
                }
            }
            ops.push(Op::RenameColumn {
                table: table.clone(),
                from: old,
                to: to.clone(),
            });
        }
    }
}
