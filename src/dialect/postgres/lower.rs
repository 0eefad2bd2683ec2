//! PostgreSQL lowering: what the generic ops need around them to run on
//! PostgreSQL and leave the database in its canonical form.
//!
//! * An enum type rebuild must convert every column of the type, arrays
//!   included, which only the full current schema knows.
//! * `ALTER COLUMN ... TYPE` makes PostgreSQL re-parse the checks and index
//!   expressions that use the column from their stored text, which keeps the
//!   old type's casts (an integer column compared as `(quantity)::numeric >
//!   (0)::numeric` after a round trip through numeric; PostgreSQL docs, ALTER
//!   TABLE, "SET DATA TYPE": "indexes and simple table constraints involving
//!   the column will be automatically converted ... by reparsing the
//!   originally supplied expression"). So such checks and indexes are dropped
//!   before the type change and created again from the models after it.
//! * A column used by a generated column cannot change its type at all
//!   ("cannot alter type of a column used by a generated column"), so those
//!   generated columns are dropped before the type change and added again
//!   after it, with what names them; their values are computed anew, so
//!   nothing is lost. Their own changes in the diff are made by that drop
//!   and add. A generated column that turns plain, or a plain one that turns
//!   generated, in the same revision is not moved.
//! * An enum rebuild converts its columns with `ALTER COLUMN ... TYPE` too,
//!   and the rebuild may be the downgrade of an upgrade that only adds
//!   values. So what depends on its columns travels inside the
//!   [`Op::AlterEnum`], which drops and creates it around a rebuild only.
//! * A column cannot become generated, nor change its generation expression,
//!   in place (no such ALTER before PostgreSQL 17's `SET EXPRESSION`): it is
//!   dropped and added again, so what names it is dropped and created around
//!   the change, in both directions (see `dialect/replace_column.rs`).
//!   The values are computed anew; a plain column that becomes generated
//!   loses the values it held, which is marked as data loss.
//!
//! * A foreign key depends on the unique index of the key it references: that
//!   key (primary key, unique constraint or unique index) cannot be dropped
//!   while the foreign key exists ("cannot drop constraint ... because other
//!   objects depend on it"), so a key replaced by the revision has the
//!   foreign keys that reference it dropped before and added after (a key
//!   only renamed keeps them: `RENAME CONSTRAINT`). Likewise a key column
//!   cannot change its type while the other side's type stays incompatible
//!   ("foreign key constraint ... cannot be implemented"): the foreign keys
//!   on such columns are dropped before the type changes and added after.
//!   Types of one family (`integer` and `bigint`, `varchar(20)` and
//!   `varchar(50)`) compare, so widening both sides needs no drop.
//!
//! * What the lowering adds names tables and columns as the renames leave
//!   them: the diff puts every rename first, so the checks, indexes and keys
//!   dropped around a change are found in the renamed schema.
//!
//! * A column's own sequence (what `serial` creates, `OWNED BY` the column)
//!   keeps the name it was given when the table is renamed, so a column's
//!   default may draw from `old_name_id_seq`. The render recognizes a serial
//!   column by the name PostgreSQL would give its sequence today; for one it
//!   does not recognize, whether the sequence is the column's or a sequence
//!   of its own is only known here, from the schemas' lists of sequences of
//!   their own. A change that makes the column stop (or start) drawing from
//!   its own sequence drops (or creates, caught up with the rows) that very
//!   sequence: left in place, it would stay owned by the column, and
//!   `pg_get_serial_sequence` would name it rather than the identity
//!   sequence that replaces it.
//!
//! * Every constraint and index the models leave unnamed gets the name the
//!   server would choose, numbered past the names taken (`unnamed.rs`).
//!
//! Pure: works on the ops and the two normalized schemas.

use super::types::{COMPARE, nextval_sequence, serial_default};
use crate::dialect::replace_column::{
    Names, around_column_change, dependents, foreign_keys_naming,
};
use crate::diff::{changes_key_type, renamed, wrap_foreign_keys};
use crate::ops::{EnumUsage, Op};
use crate::schema::{
    Check, Column, EnumType, ForeignKey, Index, QualifiedName, Schema, Sequence, SequenceOwner,
    Table,
};

/// Column names compare exactly: models and catalog both hold them as the
/// server stores them.
const NAMES: Names<'static> = Names {
    same: &same_name,
    mentions: &mentions,
};

fn same_name(a: &str, b: &str) -> bool {
    a == b
}

/// Rewrites `ops` for PostgreSQL.
pub fn lower(ops: Vec<Op>, current: &Schema, wanted: &Schema) -> Vec<Op> {
    let current = &renamed(current, &ops, &COMPARE);
    let mut conversions = Conversions::plan(&ops, current, wanted);
    let mut out = Vec::with_capacity(ops.len());
    for (i, op) in ops.iter().enumerate() {
        out.append(&mut conversions.before[i]);
        match op {
            // Made by dropping and adding the column around a type change.
            _ if conversions.regenerates(op) => {}
            Op::AlterEnum { from, to, .. } => {
                let (usages, dependents) = enum_dependents(current, from, &ops);
                out.push(Op::AlterEnum {
                    usages,
                    dependents,
                    from: from.clone(),
                    to: to.clone(),
                    // A removal rebuilds; so does its reverse (see the field).
                    rebuild: !super::render::enum_values_only_added(from, to),
                })
            }
            // Either direction may have to replace the column.
            Op::AlterColumn { table, from, to } if from.generated != to.generated => out.extend(
                around_column_change(table, from, to, current, wanted, &ops, &NAMES),
            ),
            Op::AlterColumn { table, from, to } => {
                out.extend(around_own_sequence(table, from, to, current, wanted));
            }
            other => out.push(other.clone()),
        }
        out.append(&mut conversions.after[i]);
    }
    let mut out = wrap_foreign_keys(out, current, &COMPARE, &|op, table, fk| {
        drops_referenced_key(op, fk)
            || (changes_key_type(op, table, fk, &COMPARE)
                && !types_stay_comparable(table, fk, current, wanted))
    });
    // Last, so that what the steps above create from the models is named too.
    super::unnamed::name_unnamed(&mut out, current, wanted);
    out
}

/// Whether `op` drops the key or unique index foreign key `fk` may depend
/// on: on its referenced table, unique, on exactly its referenced columns
/// (in any order), without a predicate or expression ("CREATE TABLE",
/// REFERENCES: the referenced columns must be those of a non-deferrable
/// unique or primary key constraint, or of a non-partial unique index).
fn drops_referenced_key(op: &Op, fk: &ForeignKey) -> bool {
    let (table, columns): (_, Vec<&String>) = match op {
        Op::DropPrimaryKey { table, key } => (table, key.columns.iter().collect()),
        Op::DropUnique { table, unique } => (table, unique.columns.iter().collect()),
        Op::DropIndex { table, index }
            if index.unique
                && index.predicate.is_none()
                && index.parts.iter().all(|p| !p.expression) =>
        {
            (table, index.parts.iter().map(|p| &p.value).collect())
        }
        _ => return false,
    };
    *table == fk.ref_qualified()
        && columns.len() == fk.ref_columns.len()
        && fk.ref_columns.iter().all(|c| columns.contains(&c))
}

/// Whether each column of `fk` (of `table`) and the column it references
/// have comparable types in every state a revision passes through, either
/// side converted first: PostgreSQL keeps the key through `ALTER ... TYPE`
/// then (`integer` to `bigint` on both sides), and must drop it otherwise.
fn types_stay_comparable(
    table: &QualifiedName,
    fk: &ForeignKey,
    current: &Schema,
    wanted: &Schema,
) -> bool {
    let ty = |s: &Schema, t: &QualifiedName, c: &str| {
        s.table(t)
            .and_then(|t| t.column(c))
            .map(|c| c.data_type.clone())
    };
    let target = fk.ref_qualified();
    fk.columns
        .iter()
        .zip(&fk.ref_columns)
        .all(|(own, referenced)| {
            let own = [ty(current, table, own), ty(wanted, table, own)];
            let referenced = [
                ty(current, &target, referenced),
                ty(wanted, &target, referenced),
            ];
            own.iter().all(|a| {
                referenced.iter().all(|b| match (a, b) {
                    (Some(a), Some(b)) => comparable(a, b),
                    _ => false,
                })
            })
        })
}

/// Whether a key on type `a` can reference one on type `b` with the same
/// operators: one type, its length or precision aside, or two integer types
/// (one btree operator family, "Operator Classes and Operator Families").
fn comparable(a: &str, b: &str) -> bool {
    let base = |t: &str| {
        let mut out = String::new();
        let mut depth = 0;
        for ch in t.chars() {
            match ch {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ if depth == 0 => out.push(ch),
                _ => {}
            }
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let integer = |t: &str| matches!(t, "smallint" | "integer" | "bigint");
    let (a, b) = (base(a), base(b));
    a == b || (integer(&a) && integer(&b))
}

/// The sequence `column`'s default draws from when it is the column's own
/// (as `serial` makes one) under a name the render does not take for a
/// serial sequence (not `<table>_<column>_seq`): a `nextval` of a sequence
/// in the table's schema (`OWNED BY` requires that, "CREATE SEQUENCE") that
/// neither schema lists as a sequence of its own and that no other column
/// of `here` draws from, while no column of `there` draws from it at all (a
/// sequence still in use elsewhere after the change is not the column's to
/// drop or create).
fn own_sequence(
    table: &QualifiedName,
    column: &Column,
    here: &Schema,
    there: &Schema,
) -> Option<Sequence> {
    let default = column.default.as_deref()?;
    let integer = matches!(column.data_type.as_str(), "smallint" | "integer" | "bigint");
    if column.identity.is_some() || !integer || default == serial_default(table, &column.name) {
        return None;
    }
    let (schema, name) = nextval_sequence(default)?;
    let sequence = QualifiedName { schema, name };
    if sequence.schema != table.schema {
        return None;
    }
    let standalone = |s: &Schema| s.sequences.iter().any(|q| q.qualified() == sequence);
    let drawing = |s: &Schema| {
        s.tables
            .iter()
            .flat_map(|t| &t.columns)
            .filter(|c| c.default.as_deref() == Some(default))
            .count()
    };
    if standalone(here) || standalone(there) || drawing(here) > 1 || drawing(there) > 0 {
        return None;
    }
    Some(Sequence {
        schema: sequence.schema,
        name: sequence.name,
        // What `serial` gives its sequence ("Serial Types").
        options: Some(format!(" AS {}", column.data_type)),
        owned_by: Some(SequenceOwner {
            table: table.clone(),
            column: column.name.clone(),
        }),
    })
}

/// `AlterColumn { from, to }`, split where `from` stops drawing from its own
/// sequence (see [`own_sequence`]) or `to` starts: the default goes, the
/// sequence is dropped, the rest of the change is made, the new sequence is
/// created past the rows, its default set. Reversed, the downgrade creates
/// the old sequence again, caught up, before setting its default back.
fn around_own_sequence(
    table: &QualifiedName,
    from: &Column,
    to: &Column,
    current: &Schema,
    wanted: &Schema,
) -> Vec<Op> {
    let whole = || {
        vec![Op::AlterColumn {
            table: table.clone(),
            from: from.clone(),
            to: to.clone(),
        }]
    };
    if from.default == to.default {
        return whole();
    }
    let dropped = own_sequence(table, from, current, wanted);
    let created = own_sequence(table, to, wanted, current);
    if dropped.is_none() && created.is_none() {
        return whole();
    }
    // A serial-named sequence on the other side: the render renames the
    // sequence, which keeps its value.
    let serial_named = |c: &Column| c.default.as_deref() == Some(&serial_default(table, &c.name));
    if (dropped.is_some() && serial_named(to)) || (created.is_some() && serial_named(from)) {
        return whole();
    }
    let without_default = |c: &Column| Column {
        default: None,
        ..c.clone()
    };
    let a = if dropped.is_some() {
        without_default(from)
    } else {
        from.clone()
    };
    let b = if created.is_some() {
        without_default(to)
    } else {
        to.clone()
    };
    let alter = |x: &Column, y: &Column| {
        (x != y).then(|| Op::AlterColumn {
            table: table.clone(),
            from: x.clone(),
            to: y.clone(),
        })
    };
    let mut out = Vec::new();
    out.extend(alter(from, &a));
    out.extend(dropped.map(Op::DropSequence));
    out.extend(alter(&a, &b));
    out.extend(created.map(Op::CreateSequence));
    out.extend(alter(&b, to));
    out
}

/// Whether `op` changes a column's type with `ALTER COLUMN ... TYPE`, the
/// generation unchanged (a change of generation takes the replacement path).
fn converts(op: &Op) -> Option<(&QualifiedName, &Column, &Column)> {
    match op {
        Op::AlterColumn { table, from, to }
            if from.data_type != to.data_type && from.generated == to.generated =>
        {
            Some((table, from, to))
        }
        _ => None,
    }
}

/// What the column type changes of a revision need around them, per op:
/// for each table, what depends on its converted columns is dropped before
/// the first of its type changes and created again after the last, so that
/// two converted columns used by one check or generated column cost one
/// drop and one create.
struct Conversions {
    before: Vec<Vec<Op>>,
    after: Vec<Vec<Op>>,
    /// Generated columns dropped and added again around type changes.
    regenerated: Vec<(QualifiedName, String)>,
}

impl Conversions {
    fn plan(ops: &[Op], current: &Schema, wanted: &Schema) -> Self {
        let mut plan = Conversions {
            before: vec![Vec::new(); ops.len()],
            after: vec![Vec::new(); ops.len()],
            regenerated: Vec::new(),
        };
        let mut tables: Vec<&QualifiedName> = Vec::new();
        for (table, _, _) in ops.iter().filter_map(converts) {
            if !tables.contains(&table) {
                tables.push(table);
            }
        }
        for table in tables {
            let at: Vec<usize> = (0..ops.len())
                .filter(|&i| converts(&ops[i]).is_some_and(|(t, _, _)| t == table))
                .collect();
            let columns: Vec<&str> = at
                .iter()
                .filter_map(|&i| converts(&ops[i]))
                .map(|(_, from, _)| from.name.as_str())
                .collect();
            let generated = tied_generated(table, &columns, current, wanted);
            let (drops, creates) =
                around_type_changes(table, &columns, &generated, current, wanted);
            let (first, last) = (at[0], at[at.len() - 1]);
            plan.before[first].extend(only_new(drops, ops));
            plan.after[last].extend(only_new(creates, ops));
            plan.regenerated
                .extend(generated.into_iter().map(|g| (table.clone(), g)));
        }
        plan
    }

    /// Whether `op` is the diff's own change of a generated column this plan
    /// drops and adds again (which makes that change).
    fn regenerates(&self, op: &Op) -> bool {
        let column = match op {
            Op::AddColumn { table, column } | Op::DropColumn { table, column } => {
                (table, &column.name)
            }
            Op::AlterColumn { table, from, .. } => (table, &from.name),
            _ => return false,
        };
        self.regenerated
            .iter()
            .any(|(t, c)| t == column.0 && c == column.1)
    }
}

/// The generated columns of `table` that use one of `columns` (or use it
/// after the change; a generated column's own type change included) and are
/// generated on both sides or exist on one only:
/// they are dropped before the type change and added after it.
fn tied_generated(
    table: &QualifiedName,
    columns: &[&str],
    current: &Schema,
    wanted: &Schema,
) -> Vec<String> {
    let (cur, want) = (current.table(table), wanted.table(table));
    let find = |t: Option<&Table>, name: &str| t.and_then(|t| t.column(name)).cloned();
    let uses = |c: &Option<Column>| {
        c.as_ref()
            .and_then(|c| c.generated.as_ref())
            .is_some_and(|g| columns.iter().any(|col| mentions(&g.expression, col)))
    };
    let plain = |c: &Option<Column>| c.as_ref().is_some_and(|c| c.generated.is_none());
    let mut names: Vec<String> = Vec::new();
    // A generated column whose own type changes too is among `columns`; it
    // is replaced all the same when it uses another of them (its own
    // `ALTER ... TYPE` would come too early or too late for the other).
    for c in cur.iter().chain(want.iter()).flat_map(|t| &t.columns) {
        if names.contains(&c.name) {
            continue;
        }
        let (from, to) = (find(cur, &c.name), find(want, &c.name));
        if (uses(&from) || uses(&to)) && !plain(&from) && !plain(&to) {
            names.push(c.name.clone());
        }
    }
    names
}

/// Drops (of current objects) and creates (of wanted ones) around the type
/// changes of `columns` of `table`: the checks and expression or partial
/// indexes that mention them, and the `generated` columns with what names
/// those.
fn around_type_changes(
    table: &QualifiedName,
    columns: &[&str],
    generated: &[String],
    current: &Schema,
    wanted: &Schema,
) -> (Vec<Op>, Vec<Op>) {
    let creates = |schema: &Schema| {
        let Some(t) = schema.table(table) else {
            return (Vec::new(), Vec::new());
        };
        let mut columns_added: Vec<Op> = Vec::new();
        let mut named: Vec<Op> = reparsed(table, t, columns);
        for g in generated {
            if let Some(c) = t.column(g) {
                columns_added.push(Op::AddColumn {
                    table: table.clone(),
                    column: c.clone(),
                });
                named.extend(dependents(schema, table, g, &NAMES));
            }
        }
        (columns_added, named)
    };
    let (dropped_columns, dropped) = creates(current);
    let mut drops: Vec<Op> = dropped.iter().rev().map(Op::reverse).collect();
    drops.extend(dropped_columns.iter().map(Op::reverse));
    let (added_columns, added) = creates(wanted);
    let mut adds = added_columns;
    adds.extend(added);
    (drops, adds)
}

/// The creates of the checks and expression or partial indexes of `t` that
/// mention one of `columns`: PostgreSQL re-parses them from their stored
/// text when the column changes its type.
fn reparsed(table: &QualifiedName, t: &Table, columns: &[&str]) -> Vec<Op> {
    let mut out = Vec::new();
    for column in columns {
        out.extend(checks_using(t, column).map(|c| Op::AddCheck {
            table: table.clone(),
            check: c.clone(),
        }));
        out.extend(indexes_using(t, column).map(|i| Op::CreateIndex {
            table: table.clone(),
            index: i.clone(),
        }));
    }
    out
}

/// `list` without repeats and without what the diff does itself: its drops
/// of checks, indexes and keys run before any column change and its creates
/// after them all. Column drops and adds stay: they replace the diff's own.
fn only_new(list: Vec<Op>, ops: &[Op]) -> Vec<Op> {
    let mut out: Vec<Op> = Vec::with_capacity(list.len());
    for op in list {
        let column = matches!(op, Op::AddColumn { .. } | Op::DropColumn { .. });
        if !out.contains(&op) && (column || !ops.contains(&op)) {
            out.push(op);
        }
    }
    out
}

/// The columns an enum rebuild converts, and the creates of what depends on
/// them (see [`Op::AlterEnum`]), both as the current schema has them: in
/// either direction the rebuild runs where the columns are as they are now
/// (the diff changes columns after it, and the downgrade undoes those
/// changes before it). Tables the diff drops are gone by then (and created
/// again after it); objects the diff drops are gone (and created again
/// after it) too. A generated column of the type is dropped and added
/// again rather than converted (`USING` is refused on generated columns).
fn enum_dependents(current: &Schema, e: &EnumType, ops: &[Op]) -> (Vec<EnumUsage>, Vec<Op>) {
    let dropped_table = |q: &QualifiedName| {
        ops.iter()
            .any(|o| matches!(o, Op::DropTable(t) if &t.qualified() == q))
    };
    let usages: Vec<EnumUsage> = enum_usages(current, e)
        .into_iter()
        .filter(|u| !dropped_table(&u.table))
        .collect();
    let mut tables: Vec<&QualifiedName> = Vec::new();
    for u in &usages {
        if !tables.contains(&&u.table) {
            tables.push(&u.table);
        }
    }
    let mut columns_added: Vec<Op> = Vec::new();
    let mut named: Vec<Op> = Vec::new();
    let mut foreign: Vec<Op> = Vec::new();
    let mut regenerated: Vec<(QualifiedName, String)> = Vec::new();
    for table in tables {
        let Some(t) = current.table(table) else {
            continue;
        };
        let converted: Vec<&str> = usages
            .iter()
            .filter(|u| &u.table == table)
            .map(|u| u.column.name.as_str())
            .collect();
        for c in &t.columns {
            let Some(g) = &c.generated else { continue };
            let of_type = converted.contains(&c.name.as_str());
            if of_type || converted.iter().any(|col| mentions(&g.expression, col)) {
                columns_added.push(Op::AddColumn {
                    table: table.clone(),
                    column: c.clone(),
                });
                named.extend(dependents(current, table, &c.name, &NAMES));
                regenerated.push((table.clone(), c.name.clone()));
            }
        }
        for column in converted {
            if regenerated.iter().any(|(t, c)| t == table && c == column) {
                continue;
            }
            named.extend(reparsed(table, t, &[column]));
            // Both ends of a key must have the same type: one converted
            // before the other breaks it.
            foreign.extend(foreign_keys_naming(current, table, column, &NAMES));
        }
    }
    // Columns first, keys referencing others' uniques last.
    let mut all = columns_added;
    all.extend(
        named
            .into_iter()
            .filter(|o| !matches!(o, Op::AddForeignKey { .. })),
    );
    all.extend(foreign);
    // A column the diff drops is still there: column changes come after.
    let dropped_by_diff = |o: &Op| !matches!(o, Op::AddColumn { .. }) && ops.contains(&o.reverse());
    let mut dependents: Vec<Op> = Vec::new();
    for op in all {
        if !dependents.contains(&op) && !dropped_by_diff(&op) {
            dependents.push(op);
        }
    }
    let usages = usages
        .into_iter()
        .filter(|u| {
            !regenerated
                .iter()
                .any(|(t, c)| *t == u.table && *c == u.column.name)
        })
        .collect();
    (usages, dependents)
}

fn mentions(expression: &str, column: &str) -> bool {
    super::lex::tokens(expression)
        .iter()
        .any(|t| t.identifier().as_deref() == Some(column))
}

fn checks_using<'a>(t: &'a Table, column: &'a str) -> impl Iterator<Item = &'a Check> {
    t.checks
        .iter()
        .filter(move |c| mentions(&c.expression, column))
}

/// Indexes whose expressions or predicate mention the column (a plain column
/// part is converted without re-parsing anything).
fn indexes_using<'a>(t: &'a Table, column: &'a str) -> impl Iterator<Item = &'a Index> {
    t.indexes.iter().filter(move |i| {
        i.predicate.as_deref().is_some_and(|p| mentions(p, column))
            || i.parts
                .iter()
                .any(|p| p.expression && mentions(&p.value, column))
    })
}

/// Every column of `e`'s type in `schema`, arrays of it included (the generic
/// diff knows plain columns only): a type rebuild must convert them all.
fn enum_usages(schema: &Schema, e: &EnumType) -> Vec<EnumUsage> {
    let name = super::names::type_sql(e.schema.as_deref(), &e.name);
    let array = format!("{name}[]");
    schema
        .tables
        .iter()
        .flat_map(|t| t.columns.iter().map(move |c| (t, c)))
        .filter(|(_, c)| c.data_type == name || c.data_type == array)
        .map(|(t, c)| EnumUsage {
            table: t.qualified(),
            column: c.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Column, IndexPart};

    fn table(ty: &str, check: &str) -> Table {
        let mut t = Table::new("items");
        t.columns = vec![Column::new("quantity", ty), Column::new("other", "integer")];
        t.checks = vec![
            Check {
                name: Some("chk_q".into()),
                expression: check.into(),
            },
            Check {
                name: Some("chk_other".into()),
                expression: "(other > 0)".into(),
            },
        ];
        t.indexes = vec![Index {
            name: Some("ix_q".into()),
            parts: vec![IndexPart::column("other")],
            predicate: Some("(quantity > 0)".into()),
            ..Default::default()
        }];
        t
    }

    #[test]
    fn a_type_change_recreates_the_checks_and_indexes_that_use_the_column() {
        let current = Schema {
            tables: vec![table("integer", "(quantity > 0)")],
            ..Default::default()
        };
        let wanted = Schema {
            tables: vec![table("numeric(10,3)", "(quantity > (0)::numeric)")],
            ..Default::default()
        };
        let q = QualifiedName::new("items");
        let alter = Op::AlterColumn {
            table: q.clone(),
            from: Column::new("quantity", "integer"),
            to: Column::new("quantity", "numeric(10,3)"),
        };
        let out: Vec<String> = lower(vec![alter], &current, &wanted)
            .iter()
            .map(Op::describe)
            .collect();
        assert_eq!(
            out,
            vec![
                "drop index ix_q on items",
                "drop check on items: (quantity > 0)",
                "alter column items.quantity",
                "add check on items: (quantity > (0)::numeric)",
                "create index ix_q on items",
            ]
        );
        // A change that keeps the type touches nothing else.
        let nullable = Op::AlterColumn {
            table: q,
            from: Column::new("quantity", "integer"),
            to: Column {
                nullable: false,
                ..Column::new("quantity", "integer")
            },
        };
        assert_eq!(
            lower(vec![nullable.clone()], &current, &wanted),
            vec![nullable]
        );
    }

    fn generated(name: &str, ty: &str, expression: &str) -> Column {
        Column {
            generated: Some(Box::new(crate::schema::Generated {
                expression: expression.into(),
                stored: true,
            })),
            ..Column::new(name, ty)
        }
    }

    #[test]
    fn a_type_change_under_a_generated_column_drops_and_adds_it_around() {
        let gen_table = |code: &str, len_expression: &str| {
            let mut t = Table::new("gen");
            t.columns = vec![
                Column::new("code", code),
                generated("code_len", "integer", len_expression),
                generated("other", "integer", "(id * 2)"),
            ];
            t.indexes = vec![Index {
                name: Some("ix_len".into()),
                parts: vec![IndexPart::column("code_len")],
                ..Default::default()
            }];
            t
        };
        let current = Schema {
            tables: vec![gen_table("text", "length(code)")],
            ..Default::default()
        };
        let wanted = Schema {
            tables: vec![gen_table("character varying(20)", "(length(code) + 1)")],
            ..Default::default()
        };
        let q = QualifiedName::new("gen");
        let alter = |from: &Table, to: &Table, i: usize| Op::AlterColumn {
            table: q.clone(),
            from: from.columns[i].clone(),
            to: to.columns[i].clone(),
        };
        // The diff changes both the type and the generated column's
        // expression; the drop and add make the latter.
        let ops = vec![
            alter(&current.tables[0], &wanted.tables[0], 0),
            alter(&current.tables[0], &wanted.tables[0], 1),
        ];
        let up = lower(ops, &current, &wanted);
        let described: Vec<String> = up.iter().map(Op::describe).collect();
        assert_eq!(
            described,
            vec![
                "drop index ix_len on gen",
                "drop column gen.code_len",
                "alter column gen.code",
                "add column gen.code_len",
                "create index ix_len on gen",
            ]
        );
        assert_eq!(
            up[1],
            Op::DropColumn {
                table: q.clone(),
                column: current.tables[0].columns[1].clone(),
            }
        );
        assert_eq!(
            up[3],
            Op::AddColumn {
                table: q,
                column: wanted.tables[0].columns[1].clone(),
            }
        );
        // Generated values are computed again: nothing is lost.
        assert!(up.iter().all(|op| op.data_loss(&|_, _| false).is_none()));
    }

    #[test]
    fn an_enum_rebuild_carries_what_depends_on_its_columns() {
        let r = |values: &[&str]| EnumType {
            schema: None,
            name: "r".into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        };
        let mut t = Table::new("t");
        t.columns = vec![
            Column::new("id", "integer"),
            Column::new("role", "r"),
            generated("is_a", "boolean", "(role = 'a'::r)"),
            generated("same", "r", "role"),
        ];
        t.checks = vec![
            Check {
                name: Some("ck_role".into()),
                expression: "((role <> 'a'::r) OR (id > 0))".into(),
            },
            Check {
                name: Some("ck_gone".into()),
                expression: "(role <> 'c'::r)".into(),
            },
            Check {
                name: Some("ck_id".into()),
                expression: "(id > 0)".into(),
            },
        ];
        t.indexes = vec![Index {
            name: Some("ix_b".into()),
            parts: vec![IndexPart::column("id")],
            predicate: Some("(role = 'b'::r)".into()),
            ..Default::default()
        }];
        let current = Schema {
            tables: vec![t.clone()],
            enums: vec![r(&["a", "b", "c"])],
            ..Default::default()
        };
        let q = QualifiedName::new("t");
        let ops = vec![
            Op::DropCheck {
                table: q.clone(),
                check: t.checks[1].clone(),
            },
            Op::AlterEnum {
                from: r(&["a", "b", "c"]),
                to: r(&["a", "b"]),
                usages: vec![],
                dependents: vec![],
                rebuild: false,
            },
        ];
        let up = lower(ops, &current, &current);
        let Op::AlterEnum {
            usages, dependents, ..
        } = &up[1]
        else {
            panic!("{up:?}")
        };
        // The generated column of the type is added again, not converted.
        let converted: Vec<&str> = usages.iter().map(|u| u.column.name.as_str()).collect();
        assert_eq!(converted, vec!["role"]);
        let described: Vec<String> = dependents.iter().map(Op::describe).collect();
        assert_eq!(
            described,
            vec![
                "add column t.is_a",
                "add column t.same",
                "add check on t: ((role <> 'a'::r) OR (id > 0))",
                "create index ix_b on t",
            ]
        );
        // The downgrade's rebuild carries the same list.
        assert_eq!(up[1].reverse().reverse(), up[1]);
        let Op::AlterEnum {
            dependents: back, ..
        } = up[1].reverse()
        else {
            unreachable!()
        };
        assert_eq!(&back, dependents);
    }

    /// `parents(id, code)` with a unique on `code`, and `children` whose keys
    /// reference both; `id_type` and `code_type` for both sides of each key.
    fn parents_and_children(id_type: &str, code_type: &str) -> Schema {
        let mut parents = Table::new("parents");
        parents.columns = vec![Column::new("id", id_type), Column::new("code", code_type)];
        parents.primary_key = Some(crate::schema::PrimaryKey {
            name: Some("parents_pkey".into()),
            ..crate::schema::PrimaryKey::new(&["id"])
        });
        parents.uniques = vec![crate::schema::Unique {
            name: Some("uq_code".into()),
            columns: vec!["code".into()],
            column_options: Vec::new(),
            deferrable: Default::default(),
            nulls_not_distinct: false,
        }];
        let mut children = Table::new("children");
        children.columns = vec![
            Column::new("parent_id", id_type),
            Column::new("parent_code", code_type),
        ];
        let fk = |name: &str, column: &str, target: &str| ForeignKey {
            name: Some(name.into()),
            columns: vec![column.into()],
            ref_table: "parents".into(),
            ref_columns: vec![target.into()],
            ..Default::default()
        };
        children.foreign_keys = vec![
            fk("fk_id", "parent_id", "id"),
            fk("fk_code", "parent_code", "code"),
        ];
        Schema {
            tables: vec![parents, children],
            ..Default::default()
        }
    }

    #[test]
    fn a_replaced_key_takes_the_foreign_keys_on_it_out_and_back() {
        let current = parents_and_children("integer", "text");
        let mut wanted = current.clone();
        wanted.tables[0].uniques[0].nulls_not_distinct = true;
        let p = QualifiedName::new("parents");
        let ops = vec![
            Op::DropUnique {
                table: p.clone(),
                unique: current.tables[0].uniques[0].clone(),
            },
            Op::AddUnique {
                table: p.clone(),
                unique: wanted.tables[0].uniques[0].clone(),
            },
        ];
        let up = lower(ops, &current, &wanted);
        let described: Vec<String> = up.iter().map(Op::describe).collect();
        assert_eq!(
            described,
            vec![
                "drop foreign key children(parent_code) -> parents",
                "drop unique (code) on parents",
                "add unique (code) on parents",
                "add foreign key children(parent_code) -> parents",
            ]
        );
        // A rename keeps them.
        let rename = vec![Op::RenamePrimaryKey {
            table: p,
            from: current.tables[0].primary_key.clone().unwrap(),
            to: crate::schema::PrimaryKey {
                name: Some("pk_parents".into()),
                ..crate::schema::PrimaryKey::new(&["id"])
            },
        }];
        assert_eq!(lower(rename.clone(), &current, &wanted), rename);
    }

    #[test]
    fn key_columns_changing_to_incompatible_types_lose_their_foreign_keys_meanwhile() {
        let current = parents_and_children("integer", "integer");
        let wanted = parents_and_children("bigint", "text");
        let alter = |table: &str, column: &str, from: &str, to: &str| Op::AlterColumn {
            table: QualifiedName::new(table),
            from: Column::new(column, from),
            to: Column::new(column, to),
        };
        let ops = vec![
            alter("children", "parent_id", "integer", "bigint"),
            alter("children", "parent_code", "integer", "text"),
            alter("parents", "id", "integer", "bigint"),
            alter("parents", "code", "integer", "text"),
        ];
        let up = lower(ops, &current, &wanted);
        let described: Vec<String> = up.iter().map(Op::describe).collect();
        // integer and bigint compare: that key stays.
        assert_eq!(
            described,
            vec![
                "alter column children.parent_id",
                "drop foreign key children(parent_code) -> parents",
                "alter column children.parent_code",
                "alter column parents.id",
                "alter column parents.code",
                "add foreign key children(parent_code) -> parents",
            ]
        );
        assert!(comparable("character varying(20)", "character varying(50)"));
        assert!(comparable("smallint", "bigint"));
        assert!(!comparable("integer", "text"));
        assert!(!comparable("integer", "numeric(10,2)"));
    }

    /// `q.id` drawing from `seq` (normalized), and the identity it becomes.
    fn serial_to_identity(seq: &str) -> (Schema, Schema, Op) {
        let from = Column {
            nullable: false,
            default: Some(format!("nextval('{seq}'::regclass)")),
            ..Column::new("id", "integer")
        };
        let to = Column {
            nullable: false,
            identity: Some(crate::schema::Identity::ByDefault),
            ..Column::new("id", "integer")
        };
        let with = |c: &Column| Schema {
            tables: vec![Table {
                columns: vec![c.clone()],
                ..Table::new("q")
            }],
            ..Default::default()
        };
        let op = Op::AlterColumn {
            table: QualifiedName::new("q"),
            from: from.clone(),
            to: to.clone(),
        };
        (with(&from), with(&to), op)
    }

    #[test]
    fn a_columns_own_sequence_under_another_name_is_dropped_and_created_with_it() {
        let (current, wanted, op) = serial_to_identity("old_name_id_seq");
        let up = lower(vec![op.clone()], &current, &wanted);
        let described: Vec<String> = up.iter().map(Op::describe).collect();
        assert_eq!(
            described,
            [
                "alter column q.id",
                "drop sequence old_name_id_seq",
                "alter column q.id"
            ]
        );
        let Op::DropSequence(s) = &up[1] else {
            unreachable!()
        };
        assert_eq!(s.options.as_deref(), Some(" AS integer"));
        assert_eq!(
            s.owned_by,
            Some(SequenceOwner {
                table: QualifiedName::new("q"),
                column: "id".into()
            })
        );
        // The other way round (identity -> serial), the sequence is created.
        let Op::AlterColumn { table, from, to } = op.clone() else {
            unreachable!()
        };
        let back = Op::AlterColumn {
            table,
            from: to,
            to: from,
        };
        let down = lower(vec![back], &wanted, &current);
        assert!(matches!(&down[1], Op::CreateSequence(s) if s.owned_by.is_some()));

        // Named as `serial` names it: the render knows it already.
        let (current, wanted, op) = serial_to_identity("q_id_seq");
        assert_eq!(lower(vec![op.clone()], &current, &wanted), vec![op]);

        // A sequence of its own, listed by either side, is never the column's.
        let (mut current, wanted, op) = serial_to_identity("numbers");
        current.sequences.push(Sequence {
            schema: None,
            name: "numbers".into(),
            options: None,
            owned_by: None,
        });
        assert_eq!(lower(vec![op.clone()], &current, &wanted), vec![op]);

        // Nor one another column draws from as well.
        let (mut current, wanted, op) = serial_to_identity("old_name_id_seq");
        let shared = current.tables[0].columns[0].clone();
        current.tables.push(Table {
            columns: vec![shared],
            ..Table::new("other")
        });
        assert_eq!(lower(vec![op.clone()], &current, &wanted), vec![op]);
    }
}
