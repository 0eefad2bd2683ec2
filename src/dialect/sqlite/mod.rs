//! SQLite: the dialect and its connection. `types.rs` normalizes, `lower.rs`
//! decides what SQLite's `ALTER TABLE` can do and turns the rest into table
//! rebuilds, `render.rs` and `rebuild.rs` write the SQL (`fk_check.rs` the
//! rebuild's foreign-key check), `introspect.rs` reads the catalog, `expr.rs`
//! rewrites expression text for normalization. A quirk
//! of SQLite belongs in one of these files.

#[cfg(feature = "sqlite")]
pub mod conn;
pub mod expr;
pub mod fk_check;
pub mod introspect;
pub mod lower;
pub mod rebuild;
pub mod render;
pub mod types;
pub mod unnamed;

use crate::dialect::{Dialect, Side};
use crate::diff::Compare;
use crate::ops::Op;
use crate::schema::{QualifiedName, Schema};
use crate::url::DialectKind;

/// The SQLite dialect.
pub struct Sqlite;

/// Whether two names name the same object: SQLite compares identifiers
/// ignoring ASCII case.
fn same_name(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

impl Dialect for Sqlite {
    fn kind(&self) -> DialectKind {
        DialectKind::Sqlite
    }

    fn failure_hint(&self, message: &str, transactional: bool) -> Option<&'static str> {
        // "cannot VACUUM from within a transaction", and the same words from
        // PRAGMA journal_mode = WAL.
        if transactional && message.contains("from within a transaction") {
            return Some(
                "set `transactional: false` in the revision's header to run it outside a transaction",
            );
        }
        // The connection's busy_timeout is the lock timeout (see conn.rs):
        // SQLITE_BUSY means another connection kept the write lock longer.
        message.contains("database is locked").then_some(
            "another connection held the database's write lock for longer than [runner] lock_timeout; retry when it is done, or raise lock_timeout",
        )
    }

    fn quote_ident(&self, name: &str) -> String {
        crate::dialect::quote_doubling(name, '"')
    }

    fn quote_ident_if_needed(&self, name: &str) -> String {
        render::quote_if_needed(name)
    }

    fn quote_string(&self, value: &str) -> String {
        crate::dialect::quote_doubling(value, '\'')
    }

    fn begin_transaction(&self) -> &'static str {
        // IMMEDIATE takes the database's write lock at once: this is the
        // migration lock on SQLite (https://sqlite.org/lang_transaction.html).
        "BEGIN IMMEDIATE"
    }

    fn now_utc(&self) -> &'static str {
        // 'now' is fixed per statement, not per transaction, with milliseconds.
        "strftime('%Y-%m-%d %H:%M:%f', 'now')"
    }

    fn timestamp_text(&self, column: &str) -> String {
        column.to_string()
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
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = {}",
            self.quote_string(table)
        )
    }

    fn normalize(&self, schema: &mut Schema, side: Side) {
        types::normalize(schema, side)
    }

    fn normalize_table_name(&self, name: &mut QualifiedName, _default_schema: Option<&str>) {
        types::normalize_table_name(name)
    }

    fn compare(&self, _current: &Schema) -> &dyn Compare {
        &types::COMPARE
    }

    fn lower(&self, ops: Vec<Op>, current: &Schema, wanted: &Schema) -> Vec<Op> {
        lower::lower(ops, current, wanted)
    }

    fn render_op(&self, op: &Op) -> Result<Vec<String>, String> {
        render::render_op(op)
    }

    fn refuses(&self, op: &Op, current: &Schema, wanted: &Schema) -> Option<String> {
        fk_check::refuses(op, current, wanted)
    }

    fn fails_anyway(&self, op: &Op, current: &Schema) -> Option<String> {
        let why: Vec<String> = [
            rebuild::broken_triggers(op),
            rebuild::broken_by_drops(op, current),
            rebuild::broken_views(op, current),
            fk_check::fails_anyway(op, current),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!why.is_empty()).then(|| why.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_database_names_the_lock_timeout() {
        let hint = Sqlite.failure_hint("database is locked", false).unwrap();
        assert!(hint.contains("[runner] lock_timeout"), "{hint}");
        assert_eq!(Sqlite.failure_hint("no such table: t", true), None);
    }
}
