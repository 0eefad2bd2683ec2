//! A MySQL/MariaDB connection through diesel (libmysqlclient), the `GET_LOCK`
//! migration lock, and the server's own spelling of model check expressions.
//! It runs what it is given and reads the catalog; it never decides what a
//! schema should be.

use std::time::Duration;

use diesel::Connection;
use diesel::mysql::MysqlConnection;

use crate::dialect::text_row;
use crate::dialect::{Database, Dialect, IntrospectOptions, LockScope, TextRow};
use crate::error::{Error, Result};
use crate::schema::{Schema, Table};
use crate::url::DatabaseUrl;

/// A live MySQL/MariaDB session.
pub struct MysqlDatabase {
    conn: MysqlConnection,
    url: DatabaseUrl,
}

/// Connects and gives the session the server's defaults back.
pub fn connect(url: &DatabaseUrl) -> std::result::Result<MysqlDatabase, String> {
    let mut conn = MysqlConnection::establish(&url.connection_string())
        .map_err(|e| with_hint(e.to_string()))?;
    // diesel sets time_zone = '+00:00' for its own date handling; revision scripts
    // must see the server's configured zone, exactly as under the mysql client.
    text_row::execute(&mut conn, "SET time_zone = @@GLOBAL.time_zone")?;
    Ok(MysqlDatabase {
        conn,
        url: url.clone(),
    })
}

/// `message` from the client library, ended with what to do: revise never
/// creates the database itself, so a missing one (`Unknown database`) is the
/// user's to create.
fn with_hint(message: String) -> String {
    let hint = if message.starts_with("Unknown database") {
        "create the database first (revise does not create it) or fix the URL"
    } else {
        "check the URL and that the server is running"
    };
    format!("{}; {hint}", message.trim_end())
}

/// GET_LOCK names are server-wide and limited to 64 characters: qualify the name
/// with the database and shorten long ones with a hash.
fn lock_name(database: &str, name: &str) -> String {
    let full = format!("revise:{database}:{name}");
    if full.len() <= 64 {
        return full;
    }
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(full.as_bytes());
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("revise:{hex}")
}

impl Database for MysqlDatabase {
    fn dialect(&self) -> &'static dyn Dialect {
        &super::Mysql
    }

    fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    fn execute(&mut self, sql: &str) -> std::result::Result<(), String> {
        text_row::execute(&mut self.conn, sql).map_err(|m| self.url.redact(&m))
    }

    fn query(&mut self, sql: &str) -> std::result::Result<Vec<TextRow>, String> {
        text_row::load(&mut self.conn, sql).map_err(|m| self.url.redact(&m))
    }

    fn query_each(
        &mut self,
        sql: &str,
        each: &mut dyn FnMut(TextRow),
    ) -> std::result::Result<(), String> {
        text_row::load_each(&mut self.conn, sql, each).map_err(|m| self.url.redact(&m))
    }

    fn lock(&mut self, name: &str, timeout: Duration) -> Result<()> {
        let lock = super::render::quote_string(&lock_name(&self.url.database(), name));
        let secs = timeout.as_secs_f64();
        let rows = self
            .query(&format!("SELECT CAST(GET_LOCK({lock}, {secs}) AS CHAR)"))
            .map_err(|m| Error::database("taking the migration lock", m))?;
        match rows
            .first()
            .and_then(|r| r.first())
            .cloned()
            .flatten()
            .as_deref()
        {
            Some("1") => Ok(()),
            Some("0") => Err(Error::Refused(format!(
                "another revise run has held the migration lock on {} for more than {} s; wait for it to finish, or raise [runner] lock_timeout",
                self.url,
                timeout.as_secs()
            ))),
            other => Err(Error::database(
                "taking the migration lock",
                format!("GET_LOCK returned {other:?}"),
            )),
        }
    }

    fn unlock(&mut self, name: &str) -> std::result::Result<(), String> {
        let lock = super::render::quote_string(&lock_name(&self.url.database(), name));
        self.query(&format!("SELECT CAST(RELEASE_LOCK({lock}) AS CHAR)"))
            .map(|_| ())
    }

    fn lock_scope(&self) -> LockScope {
        LockScope::Session
    }

    fn server_version(&mut self) -> Option<String> {
        let rows = self.query("SELECT CAST(VERSION() AS CHAR)").ok()?;
        rows.first()?.first()?.clone()
    }

    fn introspect(&mut self, options: &IntrospectOptions) -> Result<Schema> {
        super::introspect::introspect(self, options)
    }

    /// MariaDB rewrites a check when it stores it (`NOT (a = 3)` becomes
    /// `` `a` <> 3 ``, redundant parentheses go), beyond what the text
    /// normalization can follow. A model check that matches no check of the
    /// database's table is therefore shown to the server in a temporary table
    /// and replaced by the clause the server prints back: only changed tables
    /// cost statements. A temporary table is private to the session, commits
    /// nothing, and is dropped at once (MariaDB KB, "CREATE TABLE":
    /// TEMPORARY). When the server refuses the table (a bad type or
    /// expression), the model keeps its text and the upgrade reports the error.
    fn canonicalize(&mut self, model: &mut Schema, current: &Schema) -> Result<()> {
        // Checks by table, looked up once per model table (a scan per table
        // would be quadratic in thousands of tables).
        let cmp = super::types::compare_for(current);
        let key = |t: &Table| crate::diff::table_key(cmp, &t.qualified());
        let mut by_table: std::collections::HashMap<(Option<String>, String), Vec<&str>> =
            std::collections::HashMap::new();
        for t in &current.tables {
            by_table
                .entry(key(t))
                .or_default()
                .extend(t.checks.iter().map(|c| c.expression.as_str()));
        }
        for table in &mut model.tables {
            if table.checks.is_empty() {
                continue;
            }
            let existing = by_table.get(&key(table)).cloned().unwrap_or_default();
            let pending: Vec<usize> = (0..table.checks.len())
                .filter(|&i| !existing.contains(&table.checks[i].expression.as_str()))
                .collect();
            if !pending.is_empty() && !table.columns.is_empty() {
                self.server_checks(table, &pending);
            }
        }
        Ok(())
    }
}

/// The temporary table [`MysqlDatabase::server_checks`] uses; a temporary
/// table hides a real one of the same name only within this session.
const SCRATCH: &str = "revise_canonical_scratch";

impl MysqlDatabase {
    /// Replaces the checks `pending` of `table` by the server's text for them.
    fn server_checks(&mut self, table: &mut Table, pending: &[usize]) {
        let d = super::Mysql;
        let mut parts: Vec<String> = table
            .columns
            .iter()
            .map(|c| format!("{} {}", d.quote_ident(&c.name), c.data_type))
            .collect();
        for (k, &i) in pending.iter().enumerate() {
            parts.push(format!(
                "CONSTRAINT revise_c{k} CHECK ({})",
                table.checks[i].expression
            ));
        }
        let ddl = format!("CREATE TEMPORARY TABLE {SCRATCH} ({})", parts.join(", "));
        if self.execute(&ddl).is_err() {
            return;
        }
        let shown = self.query(&format!("SHOW CREATE TABLE {SCRATCH}"));
        let _ = self.execute(&format!("DROP TEMPORARY TABLE IF EXISTS {SCRATCH}"));
        let Some(create) = shown
            .ok()
            .and_then(|rows| rows.into_iter().next())
            .and_then(|row| row.into_iter().nth(1).flatten())
        else {
            return;
        };
        for (k, &i) in pending.iter().enumerate() {
            if let Some(clause) = check_clause(&create, &format!("revise_c{k}")) {
                table.checks[i].expression =
                    super::expr::canonical(clause, super::expr::Escapes::Backslash);
            }
        }
    }
}

/// The clause of check `name` in `SHOW CREATE TABLE` output, one line per
/// constraint: `` CONSTRAINT `name` CHECK (clause), ``.
fn check_clause<'a>(create: &'a str, name: &str) -> Option<&'a str> {
    let prefix = format!("CONSTRAINT `{name}` CHECK (");
    create.lines().find_map(|line| {
        let rest = line.trim().strip_prefix(prefix.as_str())?;
        let rest = rest.strip_suffix(',').unwrap_or(rest);
        rest.strip_suffix(')')
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn check_clauses_are_found_in_show_create_output() {
        let create = "CREATE TEMPORARY TABLE `x` (\n  `a` int(11) DEFAULT NULL,\n  CONSTRAINT `revise_c0` CHECK (`a` <> 3),\n  CONSTRAINT `revise_c1` CHECK ((`a` > 0))\n) ENGINE=InnoDB";
        assert_eq!(super::check_clause(create, "revise_c0"), Some("`a` <> 3"));
        assert_eq!(super::check_clause(create, "revise_c1"), Some("(`a` > 0)"));
        assert_eq!(super::check_clause(create, "revise_c2"), None);
    }
}
