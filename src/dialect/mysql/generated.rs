//! Generated columns declared NOT NULL, which MySQL takes and MariaDB does
//! not: `v int AS (...) STORED NOT NULL` is a syntax error there (MariaDB KB,
//! "Generated Columns": a generated column's definition allows no NULL or
//! NOT NULL), and every generated column is nullable. Models written for
//! MySQL (the prooph event store's `GENERATED ... STORED NOT NULL`) would give
//! a revision that fails at upgrade, or, against a table that exists, drift
//! that no revision can settle. Autogenerate refuses the op instead, naming
//! the column. Pure.

use crate::ops::Op;
use crate::schema::{Column, QualifiedName, Schema};

/// Why `op` would declare a generated column NOT NULL on a server that
/// refuses it; `None` otherwise, or when the server is not known.
pub fn refuses(op: &Op, current: &Schema) -> Option<String> {
    if current.generated_columns_take_not_null != Some(false) {
        return None;
    }
    let message = |table: &QualifiedName, c: &Column| {
        format!(
            "column {table}.{}: MariaDB takes no NOT NULL on a generated column (its generated columns are always nullable); \
             drop NOT NULL from the column in the models",
            c.name
        )
    };
    let refused = |c: &Column| c.generated.is_some() && !c.nullable;
    match op {
        Op::CreateTable(t) => t
            .columns
            .iter()
            .find(|c| refused(c))
            .map(|c| message(&t.qualified(), c)),
        Op::AddColumn { table, column }
        | Op::AlterColumn {
            table, to: column, ..
        } if refused(column) => Some(message(table, column)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Generated, Table};

    fn generated(nullable: bool) -> Column {
        Column {
            nullable,
            generated: Some(Box::new(Generated {
                expression: "json_extract(j, '$.v')".into(),
                stored: true,
            })),
            ..Column::new("v", "int unsigned")
        }
    }

    #[test]
    fn mariadb_refuses_a_generated_column_not_null() {
        let mariadb = Schema {
            generated_columns_take_not_null: Some(false),
            ..Default::default()
        };
        let table = Table {
            columns: vec![Column::new("id", "int"), generated(false)],
            ..Table::new("g")
        };
        let why = refuses(&Op::CreateTable(table.clone()), &mariadb).unwrap();
        assert_eq!(
            why,
            "column g.v: MariaDB takes no NOT NULL on a generated column (its generated columns are always nullable); \
             drop NOT NULL from the column in the models"
        );
        let add = Op::AddColumn {
            table: QualifiedName::new("g"),
            column: generated(false),
        };
        assert!(refuses(&add, &mariadb).is_some());
        let nullable = Op::AddColumn {
            table: QualifiedName::new("g"),
            column: generated(true),
        };
        assert_eq!(refuses(&nullable, &mariadb), None);
        let mysql = Schema {
            generated_columns_take_not_null: Some(true),
            ..Default::default()
        };
        assert_eq!(refuses(&Op::CreateTable(table), &mysql), None);
    }
}
