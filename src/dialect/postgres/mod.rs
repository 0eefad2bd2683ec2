//! PostgreSQL: the dialect (normalization, naming, rendering) and its
//! connection (introspection, canonicalization of model expressions).

pub mod canonical;
pub mod composites;
#[cfg(feature = "postgres")]
pub mod conn;
pub mod extension_types;
pub mod introspect;
pub mod lex;
pub mod lower;
pub mod names;
pub mod render;
pub mod types;
pub mod unnamed;

use crate::dialect::dependents::{self, Breaks, Names};
use crate::dialect::{Dialect, Side};
use crate::diff::Compare;
use crate::ops::Op;
use crate::schema::{EnumType, QualifiedName, Schema};
use crate::url::DialectKind;

/// The PostgreSQL dialect.
pub struct Postgres;

impl Dialect for Postgres {
    fn kind(&self) -> DialectKind {
        DialectKind::Postgres
    }

    fn quote_ident(&self, name: &str) -> String {
        crate::dialect::quote_doubling(name, '"')
    }

    fn quote_ident_if_needed(&self, name: &str) -> String {
        names::quote_if_needed(name)
    }

    fn quote_string(&self, value: &str) -> String {
        render::quote_string(value)
    }

    fn now_utc(&self) -> &'static str {
        // clock_timestamp() advances inside a transaction; now() does not.
        "(clock_timestamp() AT TIME ZONE 'UTC')"
    }

    fn transaction_start_utc(&self) -> Option<&'static str> {
        // now() is the time the transaction began.
        Some("(now() AT TIME ZONE 'UTC')")
    }

    fn compares_other_schemas(&self) -> bool {
        true
    }

    fn failure_hint(&self, message: &str, transactional: bool) -> Option<&'static str> {
        // CREATE INDEX CONCURRENTLY, VACUUM, CREATE DATABASE, ... (and ALTER
        // TYPE ... ADD VALUE before PostgreSQL 12) refuse a transaction block;
        // from 12 on, a value added in a transaction cannot be used in it.
        if !transactional {
            return None;
        }
        if message.contains("cannot run inside a transaction block") {
            Some(
                "set `transactional: false` in the revision's header to run it outside a transaction",
            )
        } else if message.contains("invalid transaction termination") {
            // COMMIT/ROLLBACK in a DO block or procedure called inside the
            // runner's transaction block (SQLSTATE 2D000; "Transaction
            // Management" in the PL/pgSQL docs).
            Some(
                "set `transactional: false` in the revision's header to run it outside a transaction (a COMMIT or ROLLBACK in a DO block or procedure cannot end the runner's)",
            )
        } else if message.contains("unsafe use of new value") {
            Some(
                "a value ALTER TYPE ... ADD VALUE adds cannot be used in the same transaction: set `transactional: false` in the revision's header, or move the ADD VALUE into a revision of its own",
            )
        } else {
            None
        }
    }

    fn timestamp_text(&self, column: &str) -> String {
        format!("to_char({column}, 'YYYY-MM-DD HH24:MI:SS.US')")
    }

    fn as_text(&self, column: &str) -> String {
        format!("CAST({column} AS TEXT)")
    }

    fn create_version_table(&self, table: &str) -> String {
        render::create_version_table(self, table)
    }

    fn create_log_table(&self, table: &str) -> String {
        render::create_log_table(self, table)
    }

    fn table_exists_query(&self, table: &str) -> String {
        format!(
            "SELECT CAST(1 AS TEXT) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = {}",
            self.quote_string(table)
        )
    }

    fn normalize(&self, schema: &mut Schema, side: Side) {
        types::normalize(schema, side)
    }

    fn normalize_table_name(&self, name: &mut QualifiedName, default_schema: Option<&str>) {
        types::normalize_table_name(name, default_schema)
    }

    fn compare(&self, _current: &Schema) -> &dyn Compare {
        &types::COMPARE
    }

    fn lower(&self, ops: Vec<Op>, current: &Schema, wanted: &Schema) -> Vec<Op> {
        lower::lower(ops, current, wanted)
    }

    fn outside_transaction(&self, ops: &[Op]) -> Option<&'static str> {
        uses_added_enum_values(ops).then_some(
            "PostgreSQL cannot use enum values added by ALTER TYPE ... ADD VALUE in the transaction that adds them",
        )
    }

    fn render_op(&self, op: &Op) -> Result<Vec<String>, String> {
        render::render_op(self, op)
    }

    fn refuses(&self, op: &Op, current: &Schema, wanted: &Schema) -> Option<String> {
        // A column of an extension's type where the extension is missing
        // fails at upgrade: `type "ltree" does not exist`.
        extension_types::refuses(op, current, wanted)
            // An attribute's type cannot change while a column uses the type.
            .or_else(|| composites::refuses(op, current))
    }

    fn fails_anyway(&self, op: &Op, current: &Schema) -> Option<String> {
        // PostgreSQL refuses to drop a table or column a view uses, or to
        // change such a column's type ("cannot alter type of a column used
        // by a view or rule"); renames rewrite the view
        // (<https://www.postgresql.org/docs/current/sql-altertable.html>).
        // Dependencies are exact (`pg_depend`), and names compare as stored.
        let breaks = Breaks {
            renames: false,
            retypes: true,
        };
        let names = Names {
            same_table: &|a: &QualifiedName, b: &QualifiedName| a == b,
            mentions: &|_: &str, _: &str| false,
        };
        dependents::broken(&dependents::changes(op), breaks, current, &names)
    }
}

/// Whether `ops` add enum values with `ALTER TYPE ... ADD VALUE` and use one
/// of them. Since PostgreSQL 12 the statement runs inside a transaction, but
/// the value it adds cannot be used before that transaction commits ("ALTER
/// TYPE" docs: "unsafe use of new value"). A use is the value written as a
/// literal in another statement (a default, a check, a predicate) or a
/// column converted to the type, whose rows may hold it. Conservative: a
/// literal that only looks the same also counts.
fn uses_added_enum_values(ops: &[Op]) -> bool {
    let added: Vec<(&EnumType, Vec<String>)> = ops
        .iter()
        .filter_map(|op| match op {
            Op::AlterEnum {
                from,
                to,
                rebuild: false,
                ..
            } if render::enum_values_only_added(from, to) => {
                let new = to
                    .values
                    .iter()
                    .filter(|v| !from.values.contains(v))
                    .map(|v| render::quote_string(v))
                    .collect();
                Some((to, new))
            }
            _ => None,
        })
        .collect();
    if added.is_empty() {
        return false;
    }
    let converted_to = |from: &crate::schema::Column, to: &crate::schema::Column| {
        from.data_type != to.data_type
            && added.iter().any(|(e, _)| {
                let name = names::type_sql(e.schema.as_deref(), &e.name);
                to.data_type == name || to.data_type == format!("{name}[]")
            })
    };
    ops.iter().any(|op| match op {
        Op::AlterEnum { .. } => false,
        Op::AlterColumn { from, to, .. } if converted_to(from, to) => true,
        other => render::render_op(&Postgres, other)
            .unwrap_or_default()
            .iter()
            .any(|sql| {
                added
                    .iter()
                    .any(|(_, values)| values.iter().any(|v| sql.contains(v.as_str())))
            }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Column, QualifiedName};

    fn mood(values: &[&str]) -> EnumType {
        EnumType {
            schema: None,
            name: "mood".into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }

    #[test]
    fn statements_that_need_no_transaction_get_a_hint() {
        for message in [
            "ERROR: CREATE INDEX CONCURRENTLY cannot run inside a transaction block",
            "ERROR: invalid transaction termination",
            "ERROR: unsafe use of new value \"meh\" of enum type mood",
        ] {
            let hint = Postgres.failure_hint(message, true).unwrap_or_default();
            assert!(hint.contains("transactional: false"), "{message}: {hint}");
            assert_eq!(Postgres.failure_hint(message, false), None);
        }
        assert_eq!(Postgres.failure_hint("ERROR: syntax error", true), None);
    }

    #[test]
    fn added_enum_values_need_no_own_transaction_unless_used() {
        let add = Op::AlterEnum {
            from: mood(&["ok"]),
            to: mood(&["ok", "meh"]),
            usages: vec![],
            dependents: vec![],
            rebuild: false,
        };
        let t = QualifiedName::new("t");
        let plain = Op::AddColumn {
            table: t.clone(),
            column: Column::new("n", "integer"),
        };
        assert_eq!(
            Postgres.outside_transaction(&[add.clone(), plain.clone()]),
            None
        );
        let default_meh = Op::AddColumn {
            table: t.clone(),
            column: Column {
                default: Some("'meh'::mood".into()),
                ..Column::new("m", "mood")
            },
        };
        assert!(
            Postgres
                .outside_transaction(&[add.clone(), default_meh.clone()])
                .is_some()
        );
        // The literal alone, without the addition, is no reason.
        assert_eq!(Postgres.outside_transaction(&[plain, default_meh]), None);
        let convert = Op::AlterColumn {
            table: t,
            from: Column::new("m", "text"),
            to: Column::new("m", "mood[]"),
        };
        assert!(
            Postgres
                .outside_transaction(&[add.clone(), convert])
                .is_some()
        );
        // Removing a value rebuilds the type, which is transactional.
        assert_eq!(Postgres.outside_transaction(&[add.reverse()]), None);
    }

    #[test]
    fn the_reverse_of_a_removal_rebuilds_and_stays_in_the_transaction() {
        let removal = Op::AlterEnum {
            from: mood(&["ok", "meh"]),
            to: mood(&["ok"]),
            usages: vec![],
            dependents: vec![],
            rebuild: true,
        };
        let back = removal.reverse();
        // Adds "meh" back and uses it at once: no ADD VALUE, so no commit needed.
        let uses = Op::AddCheck {
            table: QualifiedName::new("t"),
            check: crate::schema::Check {
                name: None,
                expression: "m <> 'meh'".into(),
            },
        };
        assert_eq!(Postgres.outside_transaction(&[back.clone(), uses]), None);
        let sql = Postgres.render_op(&back).unwrap();
        assert!(sql[0].contains("RENAME TO mood_old"), "{sql:?}");
    }
}
