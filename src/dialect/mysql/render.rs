//! MySQL/MariaDB SQL text: literals and the version-table DDL. Pure.

use crate::dialect::Dialect;

/// `'...'` with quotes doubled and backslashes escaped: unless the server runs
/// with `NO_BACKSLASH_ESCAPES`, MySQL treats `\` in a literal as an escape
/// (MySQL reference manual, "String Literals").
pub fn quote_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// The version table: one row per current head, as in Alembic.
pub fn create_version_table(d: &dyn Dialect, table: &str) -> String {
    format!(
        "CREATE TABLE IF NOT EXISTS {} (version_num VARCHAR(64) NOT NULL, PRIMARY KEY (version_num))",
        d.quote_ident(table)
    )
}

/// The applied log: one row per step, stamp and rehash. DATETIME(6) keeps microseconds.
pub fn create_log_table(d: &dyn Dialect, table: &str) -> String {
    format!(
        "CREATE TABLE IF NOT EXISTS {} (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, revision VARCHAR(64) NOT NULL, direction VARCHAR(8) NOT NULL, status VARCHAR(8) NOT NULL, checksum VARCHAR(64), started_at DATETIME(6) NOT NULL, finished_at DATETIME(6) NULL, failed_statement INT NULL, error TEXT NULL)",
        d.quote_ident(table)
    )
}

/// The statements for one op.
pub fn render_op(_d: &dyn Dialect, op: &crate::ops::Op) -> Result<Vec<String>, String> {
    Err(format!("cannot render {} yet", op.describe()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn backslashes_and_quotes_are_escaped() {
        assert_eq!(super::quote_string(r"it's a\b"), r"'it''s a\\b'");
    }
}
