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
//! * A column cannot become generated, nor change its generation expression,
//!   in place (no such ALTER before PostgreSQL 17's `SET EXPRESSION`): it is
//!   dropped and added again, so what names it is dropped and created around
//!   the change, in both directions (see `dialect/replace_column.rs`).
//!   The values are computed anew; a plain column that becomes generated
//!   loses the values it held, which is marked as data loss.
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
//! Pure: works on the ops and the two normalized schemas.

use super::types::{nextval_sequence, serial_default};
use crate::dialect::replace_column::{Names, around_column_change};
use crate::ops::{EnumUsage, Op};
use crate::schema::{
    Check, Column, EnumType, Index, QualifiedName, Schema, Sequence, SequenceOwner, Table,
};

/// Rewrites `ops` for PostgreSQL.
pub fn lower(ops: Vec<Op>, current: &Schema, wanted: &Schema) -> Vec<Op> {
    let mut out = Vec::with_capacity(ops.len());
    for op in &ops {
        match op {
            Op::AlterEnum { from, to, .. } => out.push(Op::AlterEnum {
                usages: enum_usages(current, from),
                from: from.clone(),
                to: to.clone(),
            }),
            // Either direction may have to replace the column.
            Op::AlterColumn { table, from, to } if from.generated != to.generated => {
                let names = Names {
                    same: &|a, b| a == b,
                    mentions: &mentions,
                };
                out.extend(around_column_change(
                    table, from, to, current, wanted, &ops, &names,
                ));
            }
            Op::AlterColumn { table, from, to } if from.data_type != to.data_type => {
                let (before, after) = reparsed_around(table, &to.name, current, wanted, &ops);
                out.extend(before);
                out.extend(around_own_sequence(table, from, to, current, wanted));
                out.extend(after);
            }
            Op::AlterColumn { table, from, to } => {
                out.extend(around_own_sequence(table, from, to, current, wanted));
            }
            other => out.push(other.clone()),
        }
    }
    out
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

/// Drops (of current objects) and creates (of wanted ones) for the checks and
/// expression or partial indexes of `table` that mention `column`, leaving out
/// the ones the diff already drops or creates.
fn reparsed_around(
    table: &QualifiedName,
    column: &str,
    current: &Schema,
    wanted: &Schema,
    ops: &[Op],
) -> (Vec<Op>, Vec<Op>) {
    let mut before = Vec::new();
    let mut after = Vec::new();
    if let Some(t) = current.table(table) {
        for check in checks_using(t, column) {
            let already = ops.iter().any(
                |o| matches!(o, Op::DropCheck { table: q, check: c } if q == table && c == check),
            );
            if !already {
                before.push(Op::DropCheck {
                    table: table.clone(),
                    check: check.clone(),
                });
            }
        }
        for index in indexes_using(t, column) {
            let already = ops.iter().any(
                |o| matches!(o, Op::DropIndex { table: q, index: i } if q == table && i == index),
            );
            if !already {
                before.push(Op::DropIndex {
                    table: table.clone(),
                    index: index.clone(),
                });
            }
        }
    }
    if let Some(t) = wanted.table(table) {
        for check in checks_using(t, column) {
            let already = ops.iter().any(
                |o| matches!(o, Op::AddCheck { table: q, check: c } if q == table && c == check),
            );
            if !already {
                after.push(Op::AddCheck {
                    table: table.clone(),
                    check: check.clone(),
                });
            }
        }
        for index in indexes_using(t, column) {
            let already = ops.iter().any(
                |o| matches!(o, Op::CreateIndex { table: q, index: i } if q == table && i == index),
            );
            if !already {
                after.push(Op::CreateIndex {
                    table: table.clone(),
                    index: index.clone(),
                });
            }
        }
    }
    (before, after)
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
                "drop check on items: (quantity > 0)",
                "drop index ix_q on items",
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
