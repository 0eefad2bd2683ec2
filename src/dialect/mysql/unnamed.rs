//! Names for the keys, indexes, checks and foreign keys the models leave
//! unnamed, chosen once here and written into the ops: the upgrade spells
//! them, so its downgrade drops that very object. Without this, two unnamed
//! indexes on one column would both be `ix_<table>_<column>` and the second
//! `ADD KEY` would fail ("Duplicate key name").
//!
//! Each kind keeps its base name from `render.rs` (`ix_<table>_<parts>`,
//! `fk_<table>_<columns>`, `chk_<table>_<hash>`, a unique key's columns),
//! then `_2`, `_3`, ... until free, as the server numbers the key names it
//! chooses itself (`a`, `a_2`). What must be free, as MariaDB 10.11 checks it:
//!
//! * within a table, one namespace for index names (unique keys and
//!   `PRIMARY` included), check names and foreign-key names: a check named as
//!   a unique key fails ("Duplicate CHECK constraint name"), and a foreign
//!   key whose implicit index takes its name fails beside an index of that
//!   name ("Duplicate key name");
//! * within the database, foreign-key names (InnoDB keeps them per database,
//!   ignoring case: errno 121 "Duplicate key on write or update"), and check
//!   names, which MySQL 8 keeps per schema too (MariaDB per table).
//!
//! What is free is followed op by op, as the revision will run: the
//! database's names to begin with (those of the tables read, and
//! `Schema::taken_names` for the tables introspection left out), less what an
//! op drops, plus what an op creates. Names the models spell are never
//! chosen for another object. A model object that matches a live one is no
//! op at all: it keeps the live name. Names compare ignoring case, as the
//! server compares them. Pure.

use std::collections::{BTreeMap, BTreeSet};

use super::render::{check_base, fk_base, index_base, numbered_name, unique_base};
use crate::ops::Op;
use crate::schema::{QualifiedName, Schema, Table};

type TableKey = (Option<String>, String);

fn table_key(t: &QualifiedName) -> TableKey {
    (
        t.schema.as_deref().map(str::to_lowercase),
        t.name.to_lowercase(),
    )
}

/// One table's names, lower-cased: its indexes' (keys included) and its
/// constraints' (checks, foreign keys). Kept apart because a foreign key
/// dropped leaves its implicit index, of the same name, behind.
#[derive(Default, Clone)]
struct TableNames {
    indexes: BTreeSet<String>,
    constraints: BTreeSet<String>,
}

impl TableNames {
    fn of(t: &Table) -> Self {
        let lower = |n: &String| n.to_lowercase();
        // The primary key is always PRIMARY, whatever the models say.
        let indexes = std::iter::once("primary".to_string())
            .chain(t.uniques.iter().filter_map(|u| u.name.as_ref()).map(lower))
            .chain(t.indexes.iter().filter_map(|i| i.name.as_ref()).map(lower))
            .collect();
        TableNames {
            indexes,
            constraints: constraint_names(t).collect(),
        }
    }

    fn holds(&self, name: &str) -> bool {
        self.indexes.contains(name) || self.constraints.contains(name)
    }
}

/// A table's check and foreign-key names, lower-cased.
fn constraint_names(t: &Table) -> impl Iterator<Item = String> + '_ {
    t.checks
        .iter()
        .filter_map(|c| c.name.as_ref())
        .chain(t.foreign_keys.iter().filter_map(|f| f.name.as_ref()))
        .map(|n| n.to_lowercase())
}

/// Gives every unnamed unique key, index, check and foreign key that `ops`
/// create a name. `current` is the database's schema as the renames of `ops`
/// leave it (the diff puts every rename first), `wanted` the models'.
pub fn name_unnamed(ops: &mut [Op], current: &Schema, wanted: &Schema) {
    let mut names = Names::of(current, wanted);
    for op in ops {
        names.follow(op);
    }
}

/// Which kind of namespace a new name must be free in.
#[derive(Clone, Copy)]
enum Scope {
    /// An index or unique key: its table's.
    Table,
    /// A check or foreign key: its table's and the database's.
    Database,
}

/// The names in use at some point of the revision.
struct Names {
    tables: BTreeMap<TableKey, TableNames>,
    /// Check and foreign-key names of the database, with how many tables
    /// hold each (MariaDB lets two tables have checks of one name).
    constraints: BTreeMap<String, usize>,
    spelled_tables: BTreeMap<TableKey, TableNames>,
    spelled_constraints: BTreeSet<String>,
}

impl Names {
    fn of(current: &Schema, wanted: &Schema) -> Self {
        let mut n = Names {
            tables: BTreeMap::new(),
            constraints: BTreeMap::new(),
            spelled_tables: BTreeMap::new(),
            spelled_constraints: BTreeSet::new(),
        };
        // Held by tables the comparison does not see: never freed.
        for c in &current.taken_names.constraints {
            n.constraints.insert(c.name.to_lowercase(), usize::MAX / 2);
        }
        for t in &current.tables {
            n.take_table(t);
        }
        for t in &wanted.tables {
            n.spelled_tables
                .insert(table_key(&t.qualified()), TableNames::of(t));
            n.spelled_constraints.extend(constraint_names(t));
        }
        n
    }

    fn take_table(&mut self, t: &Table) {
        for c in constraint_names(t) {
            *self.constraints.entry(c).or_default() += 1;
        }
        self.tables
            .insert(table_key(&t.qualified()), TableNames::of(t));
    }

    fn release_table(&mut self, t: &Table) {
        if let Some(held) = self.tables.remove(&table_key(&t.qualified())) {
            for c in held.constraints {
                self.release_constraint(&c);
            }
        }
    }

    fn release_constraint(&mut self, name: &str) {
        if let Some(count) = self.constraints.get_mut(name) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                self.constraints.remove(name);
            }
        }
    }

    fn taken(&self, table: &TableKey, scope: Scope, name: &str) -> bool {
        let in_table =
            |m: &BTreeMap<TableKey, TableNames>| m.get(table).is_some_and(|t| t.holds(name));
        in_table(&self.tables)
            || in_table(&self.spelled_tables)
            || matches!(scope, Scope::Database)
                && (self.constraints.contains_key(name) || self.spelled_constraints.contains(name))
    }

    /// The name `given`, or the first free numbering of `base`; recorded as
    /// taken either way.
    fn choose(
        &mut self,
        table: &QualifiedName,
        scope: Scope,
        given: &Option<String>,
        base: impl FnOnce() -> String,
    ) -> String {
        let key = table_key(table);
        let name = match given {
            Some(n) => n.clone(),
            None => {
                let base = base();
                (0..)
                    .map(|pass| numbered_name(&base, pass))
                    .find(|n| !self.taken(&key, scope, &n.to_lowercase()))
                    .unwrap_or(base)
            }
        };
        let lower = name.to_lowercase();
        let held = self.tables.entry(key).or_default();
        match scope {
            Scope::Table => {
                held.indexes.insert(lower);
            }
            Scope::Database => {
                if held.constraints.insert(lower.clone()) {
                    *self.constraints.entry(lower).or_default() += 1;
                }
            }
        }
        name
    }

    fn release(&mut self, table: &QualifiedName, scope: Scope, name: &Option<String>) {
        let Some(name) = name.as_deref().map(str::to_lowercase) else {
            return;
        };
        let Some(held) = self.tables.get_mut(&table_key(table)) else {
            return;
        };
        match scope {
            Scope::Table => {
                held.indexes.remove(&name);
            }
            Scope::Database => {
                if held.constraints.remove(&name) {
                    self.release_constraint(&name);
                }
            }
        }
    }

    /// Names what `op` creates unnamed, and records what it takes and frees.
    fn follow(&mut self, op: &mut Op) {
        match op {
            Op::CreateTable(t) => self.name_table(t),
            Op::DropTable(t) => self.release_table(t),
            Op::AddUnique { table, unique } => {
                unique.name =
                    Some(self.choose(table, Scope::Table, &unique.name, || unique_base(unique)));
            }
            Op::DropUnique { table, unique } => self.release(table, Scope::Table, &unique.name),
            Op::CreateIndex { table, index } => {
                index.name = Some(self.choose(table, Scope::Table, &index.name, || {
                    index_base(table, index)
                }));
            }
            Op::DropIndex { table, index } => self.release(table, Scope::Table, &index.name),
            Op::AddForeignKey { table, fk } => {
                fk.name =
                    Some(self.choose(table, Scope::Database, &fk.name, || fk_base(table, fk)));
            }
            // The implicit index a foreign key may have brought stays.
            Op::DropForeignKey { table, fk } => self.release(table, Scope::Database, &fk.name),
            Op::AddCheck { table, check } => {
                check.name = Some(self.choose(table, Scope::Database, &check.name, || {
                    check_base(table, check)
                }));
            }
            Op::DropCheck { table, check } => self.release(table, Scope::Database, &check.name),
            // `current` already has the renames applied.
            _ => {}
        }
    }

    /// Names a new table's unnamed objects in the order its `CREATE TABLE`
    /// lists them (unique keys, indexes, checks, foreign keys), after taking
    /// the names it spells.
    fn name_table(&mut self, t: &mut Table) {
        let q = t.qualified();
        let spelled = TableNames::of(t);
        for c in &spelled.constraints {
            *self.constraints.entry(c.clone()).or_default() += 1;
        }
        self.tables.insert(table_key(&q), spelled);
        for u in t.uniques.iter_mut().filter(|u| u.name.is_none()) {
            u.name = Some(self.choose(&q, Scope::Table, &None, || unique_base(u)));
        }
        for i in t.indexes.iter_mut().filter(|i| i.name.is_none()) {
            i.name = Some(self.choose(&q, Scope::Table, &None, || index_base(&q, i)));
        }
        for c in t.checks.iter_mut().filter(|c| c.name.is_none()) {
            c.name = Some(self.choose(&q, Scope::Database, &None, || check_base(&q, c)));
        }
        for f in t.foreign_keys.iter_mut().filter(|f| f.name.is_none()) {
            f.name = Some(self.choose(&q, Scope::Database, &None, || fk_base(&q, f)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Check, ForeignKey, Index, IndexPart, Unique};

    fn fk(target: &str) -> ForeignKey {
        ForeignKey {
            columns: vec!["a".into()],
            ref_table: target.into(),
            ref_columns: vec!["id".into()],
            ..Default::default()
        }
    }

    fn index_on_a() -> Index {
        Index {
            parts: vec![IndexPart::column("a")],
            ..Default::default()
        }
    }

    fn names_of(ops: &[Op]) -> Vec<String> {
        ops.iter()
            .filter_map(|op| match op {
                Op::AddCheck { check, .. } => check.name.clone(),
                Op::CreateIndex { index, .. } => index.name.clone(),
                Op::AddForeignKey { fk, .. } => fk.name.clone(),
                Op::AddUnique { unique, .. } => unique.name.clone(),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_new_table_numbers_what_would_clash() {
        let mut t = Table::new("t");
        t.uniques = vec![
            Unique {
                columns: vec!["a".into()],
                ..Default::default()
            },
            Unique {
                columns: vec!["a".into()],
                ..Default::default()
            },
        ];
        t.indexes = vec![index_on_a(), index_on_a()];
        let check = Check {
            name: None,
            expression: "(`a` > 0)".into(),
        };
        t.checks = vec![check.clone(), check];
        t.foreign_keys = vec![fk("p"), fk("q")];
        let mut current = Schema::default();
        // An excluded table's foreign key holds the first choice.
        current
            .taken_names
            .constraints
            .insert(QualifiedName::new("FK_T_A"));
        let mut ops = vec![Op::CreateTable(t)];
        name_unnamed(&mut ops, &current, &Schema::default());
        let Op::CreateTable(t) = &ops[0] else {
            unreachable!()
        };
        let name = |n: &Option<String>| n.clone().unwrap_or_default();
        let uniques: Vec<_> = t.uniques.iter().map(|u| name(&u.name)).collect();
        assert_eq!(uniques, ["a", "a_2"]);
        let indexes: Vec<_> = t.indexes.iter().map(|i| name(&i.name)).collect();
        assert_eq!(indexes, ["ix_t_a", "ix_t_a_2"]);
        let checks: Vec<_> = t.checks.iter().map(|c| name(&c.name)).collect();
        assert_eq!(checks[1], format!("{}_2", checks[0]));
        let fks: Vec<_> = t.foreign_keys.iter().map(|f| name(&f.name)).collect();
        assert_eq!(fks, ["fk_t_a_2", "fk_t_a_3"]);
    }

    #[test]
    fn names_avoid_the_table_and_database_and_reuse_what_is_dropped() {
        let t = QualifiedName::new("t");
        let mut live = Table::new("t");
        // Another table's foreign key, a check named like an index, an index
        // named like a foreign key (as a key's implicit index is).
        live.indexes = vec![Index {
            name: Some("fk_t_a".into()),
            ..index_on_a()
        }];
        live.checks = vec![Check {
            name: Some("ix_t_a".into()),
            expression: "(`a` > 0)".into(),
        }];
        let mut other = Table::new("u");
        other.foreign_keys = vec![ForeignKey {
            name: Some("Fk_T_A_2".into()),
            ..fk("p")
        }];
        let current = Schema {
            tables: vec![live, other],
            ..Default::default()
        };
        let mut ops = vec![
            Op::CreateIndex {
                table: t.clone(),
                index: index_on_a(),
            },
            Op::AddForeignKey {
                table: t.clone(),
                fk: fk("p"),
            },
            Op::DropCheck {
                table: t.clone(),
                check: current.tables[0].checks[0].clone(),
            },
            Op::CreateIndex {
                table: t.clone(),
                index: index_on_a(),
            },
        ];
        name_unnamed(&mut ops, &current, &Schema::default());
        assert_eq!(names_of(&ops), ["ix_t_a_2", "fk_t_a_3", "ix_t_a"]);
    }

    #[test]
    fn names_the_models_spell_are_not_chosen() {
        let mut wanted_table = Table::new("t");
        wanted_table.indexes = vec![Index {
            name: Some("ix_t_a".into()),
            parts: vec![IndexPart::column("b")],
            ..Default::default()
        }];
        let wanted = Schema {
            tables: vec![wanted_table],
            ..Default::default()
        };
        let mut ops = vec![Op::CreateIndex {
            table: QualifiedName::new("t"),
            index: index_on_a(),
        }];
        name_unnamed(&mut ops, &Schema::default(), &wanted);
        assert_eq!(names_of(&ops), ["ix_t_a_2"]);
    }
}
