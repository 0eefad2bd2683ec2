//! PostgreSQL: the dialect (normalization, naming, rendering) and its
//! connection (introspection, canonicalization of model expressions).

pub mod canonical;
#[cfg(feature = "postgres")]
pub mod conn;
pub mod introspect;
pub mod lex;
pub mod lower;
pub mod names;
pub mod render;
pub mod types;

use crate::dialect::{Dialect, Side};
use crate::diff::Compare;
use crate::ops::Op;
use crate::schema::Schema;
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

    fn compare(&self) -> &dyn Compare {
        &types::COMPARE
    }

    fn lower(&self, ops: Vec<Op>, current: &Schema, wanted: &Schema) -> Vec<Op> {
        lower::lower(ops, current, wanted)
    }

    fn outside_transaction(&self, op: &Op) -> Option<&'static str> {
        // A value added with ADD VALUE cannot be used (in a default, a check, a
        // row) before its transaction commits, and before PostgreSQL 12 cannot
        // be added inside a transaction block at all ("ALTER TYPE" docs).
        match op {
            Op::AlterEnum { from, to, .. } if render::enum_values_only_added(from, to) => Some(
                "PostgreSQL cannot use enum values added by ALTER TYPE ... ADD VALUE in the transaction that adds them",
            ),
            _ => None,
        }
    }

    fn render_op(&self, op: &Op) -> Result<Vec<String>, String> {
        render::render_op(self, op)
    }
}
