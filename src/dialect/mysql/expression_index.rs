//! Indexes on expressions, which MySQL 8.0.13 and later build (functional
//! key parts, `KEY ((lower(email)))`, MySQL manual "CREATE INDEX
//! Statement") and MariaDB does not: there the statement is a syntax error,
//! so a revision with one would fail at upgrade. Autogenerate refuses the op
//! instead, naming the index and the expression, and says what MariaDB
//! offers: an index on a generated column of that expression. Pure.

use crate::ops::Op;
use crate::schema::{Index, QualifiedName, Schema};

/// Why `op` would create an index on an expression on a server that builds
/// none; `None` otherwise, or when the server is not known.
pub fn refuses(op: &Op, current: &Schema) -> Option<String> {
    if current.expression_indexes != Some(false) {
        return None;
    }
    let message = |table: &QualifiedName, index: &Index| {
        // A prefix part (`name(10)`) is held as an expression too, and
        // MariaDB builds it.
        let part = index
            .parts
            .iter()
            .find(|p| p.expression && super::expr::prefix_part(&p.value).is_none())?;
        let name = index
            .name
            .as_deref()
            .map_or_else(String::new, |n| format!(" {n}"));
        Some(format!(
            "index{name} on {table}: MariaDB cannot index an expression ({}); \
             index a generated column instead: add `<name> <type> AS ({}) VIRTUAL` to {table} in the models and index that column",
            part.value, part.value
        ))
    };
    match op {
        Op::CreateTable(t) => t.indexes.iter().find_map(|i| message(&t.qualified(), i)),
        Op::CreateIndex { table, index } => message(table, index),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{IndexPart, Table};

    fn index(expression: bool) -> Index {
        Index {
            name: Some("ix_email".into()),
            parts: vec![IndexPart {
                value: if expression { "lower(email)" } else { "email" }.into(),
                expression,
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    fn create(index: Index) -> Op {
        Op::CreateIndex {
            table: QualifiedName {
                schema: None,
                name: "users".into(),
            },
            index,
        }
    }

    #[test]
    fn mariadb_refuses_an_index_on_an_expression() {
        let mariadb = Schema {
            expression_indexes: Some(false),
            ..Default::default()
        };
        let e = refuses(&create(index(true)), &mariadb).expect("refused");
        assert!(
            e.starts_with(
                "index ix_email on users: MariaDB cannot index an expression (lower(email))"
            ),
            "{e}"
        );
        let table = Table {
            name: "users".into(),
            indexes: vec![index(true)],
            ..Default::default()
        };
        assert!(refuses(&Op::CreateTable(table), &mariadb).is_some());
        assert_eq!(refuses(&create(index(false)), &mariadb), None);
        let mut prefix = index(true);
        prefix.parts[0].value = "email(10)".into();
        assert_eq!(refuses(&create(prefix), &mariadb), None);
    }

    #[test]
    fn mysql_and_an_unknown_server_take_it() {
        for takes in [Some(true), None] {
            let schema = Schema {
                expression_indexes: takes,
                ..Default::default()
            };
            assert_eq!(refuses(&create(index(true)), &schema), None);
        }
    }
}
