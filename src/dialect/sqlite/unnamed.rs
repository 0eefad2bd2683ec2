//! Names for the indexes the models leave unnamed, chosen once here and
//! written into the ops: the upgrade spells them, so its downgrade drops that
//! very index. Without this, two unnamed indexes on one column would both be
//! `ix_<table>_<column>` and the second `CREATE INDEX` would fail ("index
//! ... already exists").
//!
//! An index name must be free in its database among tables, views and
//! indexes, which share one namespace (<https://sqlite.org/lang_createindex.html>;
//! "there is already a table named ..."); ASCII case is ignored. The base
//! name (`ix_<table>_<parts>`, see `render.rs`) is tried first, then `_2`,
//! `_3`, ... as for the rebuild's scratch tables.
//!
//! What is free is followed op by op, as the revision will run: the
//! database's names to begin with (`Schema::taken_names`, every name of its
//! schema table, and those of the objects read), less what an op drops (a
//! rebuild drops the old table's indexes before it creates the new ones),
//! plus what an op creates. Names the models spell are never chosen for
//! another index. A model index that matches a live one is no op: it keeps
//! the live name.
//!
//! Unnamed constraints (checks, keys, foreign keys) need nothing: they live
//! inside their `CREATE TABLE`, which writes them without a name, and a
//! rebuild replaces them all at once. Pure.

use std::collections::BTreeSet;

use super::render::index_base;
use crate::ops::Op;
use crate::schema::{Index, Schema, Table};

/// Gives every unnamed index that `ops` create a name. `current` is the
/// database's schema before the ops, `wanted` the models'.
pub fn name_unnamed(ops: &mut [Op], current: &Schema, wanted: &Schema) {
    let mut names = Names::of(current, wanted);
    for op in ops {
        names.follow(op);
    }
}

/// A table's name and its indexes' names.
fn table_names(t: &Table) -> impl Iterator<Item = &str> {
    std::iter::once(t.name.as_str()).chain(index_names(&t.indexes))
}

fn index_names(indexes: &[Index]) -> impl Iterator<Item = &str> {
    indexes.iter().filter_map(|i| i.name.as_deref())
}

/// The names in use at some point of the revision, lower-cased.
struct Names {
    taken: BTreeSet<String>,
    spelled: BTreeSet<String>,
}

impl Names {
    fn of(current: &Schema, wanted: &Schema) -> Self {
        let lower = |n: &str| n.to_ascii_lowercase();
        let taken = current
            .taken_names
            .relations
            .iter()
            .map(|q| lower(&q.name))
            .chain(current.tables.iter().flat_map(table_names).map(lower))
            .collect();
        let spelled = wanted
            .tables
            .iter()
            .flat_map(table_names)
            .map(lower)
            .collect();
        Names { taken, spelled }
    }

    fn take<'a>(&mut self, names: impl Iterator<Item = &'a str>) {
        self.taken.extend(names.map(str::to_ascii_lowercase));
    }

    fn release<'a>(&mut self, names: impl Iterator<Item = &'a str>) {
        for n in names {
            self.taken.remove(&n.to_ascii_lowercase());
        }
    }

    /// The first free numbering of the index's base name, taken.
    fn choose(&mut self, table: &str, index: &Index) -> String {
        let name = super::lower::first_free(&index_base(table, index), |n| {
            self.taken.contains(n) || self.spelled.contains(n)
        });
        self.taken.insert(name.to_ascii_lowercase());
        name
    }

    /// Names the unnamed indexes of `indexes` (of table `table`), after
    /// taking the names the others spell.
    fn name_indexes(&mut self, table: &str, indexes: &mut [Index]) {
        self.take(index_names(indexes));
        for i in indexes.iter_mut().filter(|i| i.name.is_none()) {
            i.name = Some(self.choose(table, i));
        }
    }

    /// Names what `op` creates unnamed, and records what it takes and frees.
    fn follow(&mut self, op: &mut Op) {
        match op {
            Op::CreateTable(t) => {
                self.take(std::iter::once(t.name.as_str()));
                self.name_indexes(&t.name, &mut t.indexes);
            }
            Op::DropTable(t) => self.release(table_names(t)),
            Op::RenameTable { from, to } => {
                self.release(std::iter::once(from.name.as_str()));
                self.take(std::iter::once(to.name.as_str()));
            }
            Op::CreateIndex { table, index } => {
                match &index.name {
                    Some(n) => self.take(std::iter::once(n.as_str())),
                    None => index.name = Some(self.choose(&table.name, index)),
                };
            }
            Op::DropIndex { index, .. } => self.release(index_names(std::slice::from_ref(index))),
            // Dropping the old table drops its indexes before the new
            // shape's are created.
            Op::RebuildTable { from, to, .. } => {
                self.release(index_names(&from.indexes));
                self.name_indexes(&to.name, &mut to.indexes);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{IndexPart, QualifiedName};

    fn index_on_a(predicate: Option<&str>) -> Index {
        Index {
            parts: vec![IndexPart::column("a")],
            predicate: predicate.map(str::to_string),
            ..Default::default()
        }
    }

    fn names(indexes: &[Index]) -> Vec<String> {
        indexes
            .iter()
            .map(|i| i.name.clone().unwrap_or_default())
            .collect()
    }

    #[test]
    fn a_new_table_numbers_what_would_clash_with_the_database() {
        let mut t = Table::new("t");
        t.indexes = vec![index_on_a(None), index_on_a(Some("b > 0"))];
        let mut current = Schema::default();
        // A view (read from the schema table) holds the first choice.
        current
            .taken_names
            .relations
            .insert(QualifiedName::new("IX_T_A"));
        let mut ops = vec![Op::CreateTable(t)];
        name_unnamed(&mut ops, &current, &Schema::default());
        let Op::CreateTable(t) = &ops[0] else {
            unreachable!()
        };
        assert_eq!(names(&t.indexes), ["ix_t_a_2", "ix_t_a_3"]);
    }

    #[test]
    fn a_rebuild_frees_the_old_indexes_and_avoids_spelled_names() {
        let mut from = Table::new("t");
        from.indexes = vec![Index {
            name: Some("ix_t_a".into()),
            ..index_on_a(Some("b > 1"))
        }];
        let mut to = Table::new("t");
        to.indexes = vec![
            index_on_a(None),
            Index {
                name: Some("ix_t_a_2".into()),
                ..index_on_a(Some("b > 2"))
            },
        ];
        let current = Schema {
            tables: vec![from.clone()],
            ..Default::default()
        };
        let mut ops = vec![Op::RebuildTable {
            from,
            to,
            renames: Vec::new(),
            scratch: ["new_t".into(), "revise_check_t".into()],
        }];
        name_unnamed(&mut ops, &current, &Schema::default());
        let Op::RebuildTable { to, .. } = &ops[0] else {
            unreachable!()
        };
        assert_eq!(names(&to.indexes), ["ix_t_a", "ix_t_a_2"]);
    }
}
