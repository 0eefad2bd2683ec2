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
//! * What the lowering adds names tables and columns as the renames leave
//!   them: the diff puts every rename first, so the checks, indexes and keys
//!   dropped around a change are found in the renamed schema.
//!
//! Pure: works on the ops and the two normalized schemas.

use super::types::COMPARE;
use crate::dialect::replace_column::{Names, around_column_change};
use crate::diff::renamed;
use crate::ops::{EnumUsage, Op};
use crate::schema::{Check, EnumType, Index, QualifiedName, Schema, Table};

/// Rewrites `ops` for PostgreSQL.
pub fn lower(ops: Vec<Op>, current: &Schema, wanted: &Schema) -> Vec<Op> {
    let current = &renamed(current, &ops, &COMPARE);
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
                out.push(op.clone());
                out.extend(after);
            }
            other => out.push(other.clone()),
        }
    }
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
}
