//! PostgreSQL: the dialect (normalization, naming, rendering) and its
//! connection (introspection, canonicalization of model expressions).

pub mod canonical;
pub mod conn;
pub mod introspect;
pub mod lex;
pub mod names;
pub mod render;
pub mod types;

use crate::dialect::{Dialect, Side};
use crate::diff::Compare;
use crate::ops::{EnumUsage, Op};
use crate::schema::{EnumType, Schema};
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

    fn lower(&self, ops: Vec<Op>, current: &Schema, _wanted: &Schema) -> Vec<Op> {
        ops.into_iter()
            .map(|op| match op {
                Op::AlterEnum { from, to, .. } => Op::AlterEnum {
                    usages: enum_usages(current, &from),
                    from,
                    to,
                },
                other => other,
            })
            .collect()
    }

    fn render_op(&self, op: &Op) -> Result<Vec<String>, String> {
        render::render_op(self, op)
    }
}

/// Every column of `e`'s type in `schema`, arrays of it included (the generic
/// diff knows plain columns only): a type rebuild must convert them all.
fn enum_usages(schema: &Schema, e: &EnumType) -> Vec<EnumUsage> {
    let name = names::type_sql(e.schema.as_deref(), &e.name);
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
