//! Names for the constraints and indexes the models leave unnamed, chosen
//! the way the server would choose them when the revision runs, and then
//! written into the ops: the upgrade spells them, so its downgrade drops
//! that very object.
//!
//! The server's rule (ChooseConstraintName in `catalog/pg_constraint.c`,
//! ChooseRelationName in `commands/indexcmds.c`): try `<table>_<cols>_label`,
//! then `label1`, `label2`, ... until the name is free. A check or foreign
//! key name must be free among the constraint names of its schema (not only
//! its table's); an index name among the relation names of its schema
//! (tables, indexes, sequences, views, ...); a primary key or unique
//! constraint, whose index takes its name, among both. Without the suffix,
//! two unnamed checks of one table would both be `<table>_check`, and a new
//! one beside a live `<table>_check` would fail with "already exists".
//!
//! What is free is followed op by op, as the revision will run: the
//! database's names to begin with (every name its catalogs hold in the
//! schemas read, see `Schema::taken_names`, and those of the objects read),
//! less what an op drops, plus what an op creates. Names the models spell
//! are never chosen for another object, even where an op drops them first.
//! A model object that matches a live one is no op at all: it keeps the
//! live name. Pure.

use std::collections::BTreeSet;

use super::names::{self, NameParts};
use crate::ops::Op;
use crate::schema::{QualifiedName, Schema, Table};

/// Gives every unnamed constraint and index that `ops` create a name.
/// `current` is the database's schema as the renames of `ops` leave it,
/// `wanted` the models'.
pub fn name_unnamed(ops: &mut [Op], current: &Schema, wanted: &Schema) {
    let mut names = Names::of(current, wanted);
    for op in ops {
        names.follow(op);
    }
}

/// The names in use at some point of the revision, per schema.
struct Names {
    relations: BTreeSet<QualifiedName>,
    constraints: BTreeSet<QualifiedName>,
    /// Names the models spell, for relations and constraints.
    spelled_relations: BTreeSet<QualifiedName>,
    spelled_constraints: BTreeSet<QualifiedName>,
}

fn key(schema: &Option<String>, name: &str) -> QualifiedName {
    QualifiedName {
        schema: schema.clone(),
        name: name.to_string(),
    }
}

/// What a table holds: its relation names (itself, its indexes, the indexes
/// of its keys) and its constraint names; unnamed objects are left out.
fn table_names(t: &Table) -> (Vec<QualifiedName>, Vec<QualifiedName>) {
    let s = &t.schema;
    let keys = t
        .primary_key
        .iter()
        .filter_map(|k| k.name.as_deref())
        .chain(t.uniques.iter().filter_map(|u| u.name.as_deref()));
    let relations = std::iter::once(t.name.as_str())
        .chain(t.indexes.iter().filter_map(|i| i.name.as_deref()))
        .chain(keys.clone())
        .map(|n| key(s, n))
        .collect();
    let constraints = keys
        .chain(t.foreign_keys.iter().filter_map(|f| f.name.as_deref()))
        .chain(t.checks.iter().filter_map(|c| c.name.as_deref()))
        .map(|n| key(s, n))
        .collect();
    (relations, constraints)
}

impl Names {
    fn of(current: &Schema, wanted: &Schema) -> Self {
        let mut n = Names {
            relations: current.taken_names.relations.clone(),
            constraints: current.taken_names.constraints.clone(),
            spelled_relations: BTreeSet::new(),
            spelled_constraints: BTreeSet::new(),
        };
        for t in &current.tables {
            let (r, c) = table_names(t);
            n.relations.extend(r);
            n.constraints.extend(c);
        }
        n.relations
            .extend(current.sequences.iter().map(|s| s.qualified()));
        // A composite type is a relation too (pg_class, relkind 'c'): an
        // index or sequence cannot take its name.
        n.relations
            .extend(current.composites.iter().map(|c| c.qualified()));
        for t in &wanted.tables {
            let (r, c) = table_names(t);
            n.spelled_relations.extend(r);
            n.spelled_constraints.extend(c);
        }
        n.spelled_relations
            .extend(wanted.sequences.iter().map(|s| s.qualified()));
        n.spelled_relations
            .extend(wanted.composites.iter().map(|c| c.qualified()));
        n
    }

    fn relation_taken(&self, name: &QualifiedName) -> bool {
        self.relations.contains(name) || self.spelled_relations.contains(name)
    }

    fn constraint_taken(&self, name: &QualifiedName) -> bool {
        self.constraints.contains(name) || self.spelled_constraints.contains(name)
    }

    /// A name for a check or foreign key of a table in `schema`.
    fn constraint(&mut self, schema: &Option<String>, parts: NameParts) -> String {
        let name = parts.choose(|n| self.constraint_taken(&key(schema, n)));
        self.constraints.insert(key(schema, &name));
        name
    }

    /// A name for an index that backs no constraint.
    fn index(&mut self, schema: &Option<String>, parts: NameParts) -> String {
        let name = parts.choose(|n| self.relation_taken(&key(schema, n)));
        self.relations.insert(key(schema, &name));
        name
    }

    /// A name for a primary key or unique constraint: its index takes it too.
    fn key_constraint(&mut self, schema: &Option<String>, parts: NameParts) -> String {
        let name = parts.choose(|n| {
            let k = key(schema, n);
            self.relation_taken(&k) || self.constraint_taken(&k)
        });
        self.relations.insert(key(schema, &name));
        self.constraints.insert(key(schema, &name));
        name
    }

    fn take(&mut self, relations: Vec<QualifiedName>, constraints: Vec<QualifiedName>) {
        self.relations.extend(relations);
        self.constraints.extend(constraints);
    }

    fn release(&mut self, relations: Vec<QualifiedName>, constraints: Vec<QualifiedName>) {
        for r in &relations {
            self.relations.remove(r);
        }
        for c in &constraints {
            self.constraints.remove(c);
        }
    }

    /// Names what `op` creates unnamed, and records what it takes and frees.
    fn follow(&mut self, op: &mut Op) {
        match op {
            Op::CreateTable(t) => self.name_table(t),
            Op::DropTable(t) => {
                let (r, c) = table_names(t);
                self.release(r, c);
            }
            Op::RenameTable { from, to } => {
                self.relations.remove(from);
                self.relations.insert(to.clone());
            }
            Op::CreateSequence(s) => {
                self.relations.insert(s.qualified());
            }
            Op::DropSequence(s) => {
                self.relations.remove(&s.qualified());
            }
            Op::AddPrimaryKey { table, key: k } => {
                let name = match &k.name {
                    Some(n) => n.clone(),
                    None => {
                        self.key_constraint(&table.schema, names::primary_key_parts(&table.name))
                    }
                };
                self.take(
                    vec![key(&table.schema, &name)],
                    vec![key(&table.schema, &name)],
                );
                k.name = Some(name);
            }
            Op::AddUnique { table, unique } => {
                let name = match &unique.name {
                    Some(n) => n.clone(),
                    None => self.key_constraint(
                        &table.schema,
                        names::unique_parts(&table.name, &unique.columns),
                    ),
                };
                self.take(
                    vec![key(&table.schema, &name)],
                    vec![key(&table.schema, &name)],
                );
                unique.name = Some(name);
            }
            Op::DropPrimaryKey { table, key: k } => {
                let names: Vec<_> = k.name.iter().map(|n| key(&table.schema, n)).collect();
                self.release(names.clone(), names);
            }
            Op::DropUnique { table, unique } => {
                let names: Vec<_> = unique.name.iter().map(|n| key(&table.schema, n)).collect();
                self.release(names.clone(), names);
            }
            Op::CreateIndex { table, index } => {
                let name = match &index.name {
                    Some(n) => n.clone(),
                    None => self.index(&table.schema, names::index_parts(&table.name, index)),
                };
                self.relations.insert(key(&table.schema, &name));
                index.name = Some(name);
            }
            Op::DropIndex { table, index } => {
                let names = index.name.iter().map(|n| key(&table.schema, n)).collect();
                self.release(names, Vec::new());
            }
            Op::AddForeignKey { table, fk } => {
                let name = match &fk.name {
                    Some(n) => n.clone(),
                    None => self.constraint(
                        &table.schema,
                        names::foreign_key_parts(&table.name, &fk.columns),
                    ),
                };
                self.constraints.insert(key(&table.schema, &name));
                fk.name = Some(name);
            }
            Op::AddCheck { table, check } => {
                let name = match &check.name {
                    Some(n) => n.clone(),
                    None => self.constraint(
                        &table.schema,
                        names::check_parts(&table.name, &check.expression),
                    ),
                };
                self.constraints.insert(key(&table.schema, &name));
                check.name = Some(name);
            }
            Op::DropForeignKey { table, fk } => {
                let names = fk.name.iter().map(|n| key(&table.schema, n)).collect();
                self.release(Vec::new(), names);
            }
            Op::DropCheck { table, check } => {
                let names = check.name.iter().map(|n| key(&table.schema, n)).collect();
                self.release(Vec::new(), names);
            }
            Op::AlterForeignKey { from, to, .. } if to.name.is_none() => {
                to.name = from.name.clone();
            }
            // Dropped and created again inside the rebuild: the creations
            // need names (the live objects' own, normally).
            Op::AlterEnum { dependents, .. } => {
                for d in dependents {
                    self.follow(d);
                }
            }
            _ => {}
        }
    }

    /// Names a new table's unnamed constraints and indexes in the order the
    /// server does for `CREATE TABLE` and the statements after it: checks
    /// while the table is defined, then the indexes of the primary key and
    /// unique constraints, then foreign keys, then the other indexes.
    fn name_table(&mut self, t: &mut Table) {
        let (r, c) = table_names(t);
        self.take(r, c);
        let s = t.schema.clone();
        for check in t.checks.iter_mut().filter(|c| c.name.is_none()) {
            let parts = names::check_parts(&t.name, &check.expression);
            check.name = Some(self.constraint(&s, parts));
        }
        if let Some(k) = t.primary_key.as_mut().filter(|k| k.name.is_none()) {
            k.name = Some(self.key_constraint(&s, names::primary_key_parts(&t.name)));
        }
        for u in t.uniques.iter_mut().filter(|u| u.name.is_none()) {
            let parts = names::unique_parts(&t.name, &u.columns);
            u.name = Some(self.key_constraint(&s, parts));
        }
        for fk in t.foreign_keys.iter_mut().filter(|f| f.name.is_none()) {
            let parts = names::foreign_key_parts(&t.name, &fk.columns);
            fk.name = Some(self.constraint(&s, parts));
        }
        for i in t.indexes.iter_mut().filter(|i| i.name.is_none()) {
            let parts = names::index_parts(&t.name, i);
            i.name = Some(self.index(&s, parts));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Check, ForeignKey, Index, IndexPart};

    fn check(expression: &str) -> Check {
        Check {
            name: None,
            expression: expression.into(),
        }
    }

    fn named_check(name: &str, expression: &str) -> Check {
        Check {
            name: Some(name.into()),
            expression: expression.into(),
        }
    }

    fn names_of(ops: &[Op]) -> Vec<String> {
        ops.iter()
            .filter_map(|op| match op {
                Op::AddCheck { check, .. } => check.name.clone(),
                Op::CreateIndex { index, .. } => index.name.clone(),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_new_table_numbers_what_would_clash() {
        let fk = |t: &str| ForeignKey {
            columns: vec!["a".into()],
            ref_table: t.into(),
            ref_columns: vec!["id".into()],
            ..Default::default()
        };
        let index = |predicate: Option<&str>| Index {
            parts: vec![IndexPart::column("a")],
            predicate: predicate.map(str::to_string),
            ..Default::default()
        };
        let mut t = Table::new("t");
        t.checks = vec![check("(a < b)"), check("(b < c)"), check("(a > 0)")];
        t.foreign_keys = vec![fk("p"), fk("q")];
        t.indexes = vec![index(None), index(Some("(b > 0)"))];
        let mut ops = vec![Op::CreateTable(t)];
        // A view (read from the catalog) holds the first index name.
        let mut current = Schema::default();
        current
            .taken_names
            .relations
            .insert(QualifiedName::new("t_a_idx"));
        name_unnamed(&mut ops, &current, &Schema::default());
        let Op::CreateTable(t) = &ops[0] else {
            unreachable!()
        };
        let names = |i: &mut dyn Iterator<Item = Option<String>>| -> Vec<String> {
            i.map(Option::unwrap_or_default).collect()
        };
        assert_eq!(
            names(&mut t.checks.iter().map(|c| c.name.clone())),
            ["t_check", "t_check1", "t_a_check"]
        );
        assert_eq!(
            names(&mut t.foreign_keys.iter().map(|c| c.name.clone())),
            ["t_a_fkey", "t_a_fkey1"]
        );
        assert_eq!(
            names(&mut t.indexes.iter().map(|c| c.name.clone())),
            ["t_a_idx1", "t_a_idx2"]
        );
    }

    #[test]
    fn a_new_check_avoids_live_and_spelled_names_and_reuses_dropped_ones() {
        let u = QualifiedName::new("u");
        let mut live = Table::new("u");
        live.checks = vec![
            named_check("u_check", "(a < b)"),
            named_check("u_check1", "(b < c)"),
        ];
        let current = Schema {
            tables: vec![live],
            ..Default::default()
        };
        let mut wanted_table = Table::new("u");
        wanted_table.checks = vec![named_check("u_check2", "(c > 0)")];
        let wanted = Schema {
            tables: vec![wanted_table],
            ..Default::default()
        };
        let add = |c: Check| Op::AddCheck {
            table: u.clone(),
            check: c,
        };
        let mut ops = vec![add(check("(a < c)"))];
        name_unnamed(&mut ops, &current, &wanted);
        assert_eq!(names_of(&ops), ["u_check3"]);

        // A check replaced in the same revision frees its name first.
        let mut ops = vec![
            Op::DropCheck {
                table: u.clone(),
                check: named_check("u_check", "(a < b)"),
            },
            add(check("(a <= b)")),
        ];
        name_unnamed(&mut ops, &current, &Schema::default());
        assert_eq!(names_of(&ops), ["u_check"]);
    }

    #[test]
    fn index_names_avoid_relations_in_their_own_schema_only() {
        let mut current = Schema::default();
        current.taken_names.relations.insert(QualifiedName {
            schema: Some("other".into()),
            name: "t_a_idx".into(),
        });
        current
            .taken_names
            .constraints
            .insert(QualifiedName::new("t_a_idx"));
        let mut ops = vec![Op::CreateIndex {
            table: QualifiedName::new("t"),
            index: Index {
                parts: vec![IndexPart::column("a")],
                ..Default::default()
            },
        }];
        name_unnamed(&mut ops, &current, &Schema::default());
        // A constraint name does not hold an index name back (only a key's
        // index is a constraint too).
        assert_eq!(names_of(&ops), ["t_a_idx"]);
    }
}
