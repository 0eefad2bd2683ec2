//! SQLite SQL text: the version-table DDL. Pure.

use crate::dialect::Dialect;

/// The version table: one row per current head, as in Alembic.
pub fn create_version_table(d: &dyn Dialect, table: &str) -> String {
    format!(
        "CREATE TABLE IF NOT EXISTS {} (version_num VARCHAR(64) NOT NULL PRIMARY KEY)",
        d.quote_ident(table)
    )
}

/// The applied log; SQLite keeps times as ISO-8601 text.
pub fn create_log_table(d: &dyn Dialect, table: &str) -> String {
    format!(
        "CREATE TABLE IF NOT EXISTS {} (id INTEGER PRIMARY KEY AUTOINCREMENT, revision VARCHAR(64) NOT NULL, direction VARCHAR(8) NOT NULL, status VARCHAR(8) NOT NULL, checksum VARCHAR(64), started_at TEXT NOT NULL, finished_at TEXT, failed_statement INTEGER, error TEXT)",
        d.quote_ident(table)
    )
}

/// The statements for one op.
pub fn render_op(_d: &dyn Dialect, op: &crate::ops::Op) -> Result<Vec<String>, String> {
    Err(format!("cannot render {} yet", op.describe()))
}
