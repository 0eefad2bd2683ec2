//! A PostgreSQL connection through diesel (libpq), and the advisory migration
//! lock. Catalog reading lives in `introspect.rs`, expression canonicalization
//! in `canonical.rs`; this file only wires them to the connection.

use std::time::Duration;

use diesel::Connection;
use diesel::pg::PgConnection;

use crate::dialect::text_row;
use crate::dialect::{Database, Dialect, IntrospectOptions, LockScope, TextRow};
use crate::error::{Error, Result};
use crate::schema::Schema;
use crate::url::DatabaseUrl;

/// A live PostgreSQL session.
pub struct PgDatabase {
    conn: PgConnection,
    url: DatabaseUrl,
}

/// Connects and gives the session the server's defaults back.
pub fn connect(url: &DatabaseUrl) -> std::result::Result<PgDatabase, String> {
    let mut conn =
        PgConnection::establish(&url.connection_string()).map_err(|e| with_hint(e.to_string()))?;
    // diesel pins the session to UTC for its own date handling; revision scripts
    // must see the server's configured time zone, exactly as under psql.
    text_row::execute(&mut conn, "RESET TIME ZONE")?;
    Ok(PgDatabase {
        conn,
        url: url.clone(),
    })
}

/// `message` from libpq, ended with what to do: revise never creates the
/// database itself, so a missing one is the user's to create.
fn with_hint(message: String) -> String {
    let hint = if message.contains("database") && message.contains("does not exist") {
        "create the database first (revise does not create it) or fix the URL"
    } else {
        "check the URL and that the server is running"
    };
    format!("{}; {hint}", message.trim_end())
}

/// The advisory-lock key for `name`: the first 8 bytes of its SHA-256, so that
/// every `revise` computes the same key for the same version table.
fn lock_key(name: &str) -> i64 {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(name.as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(bytes)
}

impl Database for PgDatabase {
    fn dialect(&self) -> &'static dyn Dialect {
        &super::Postgres
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
        // A session-level advisory lock outlives the per-revision transactions.
        // lock_timeout bounds the wait (0 would mean "forever", hence the max).
        let ms = timeout.as_millis().max(1);
        let key = lock_key(name);
        let taken = self
            .execute(&format!("SET lock_timeout = {ms}"))
            .and_then(|_| self.query(&format!("SELECT CAST(pg_advisory_lock({key}) AS TEXT)")));
        let reset = self.execute("RESET lock_timeout");
        match taken {
            Ok(_) => reset.map_err(|m| Error::database("resetting lock_timeout", m)),
            Err(m) if m.contains("lock timeout") => Err(Error::Refused(format!(
                "another revise run has held the migration lock on {} for more than {} s; wait for it to finish, or raise [runner] lock_timeout",
                self.url,
                timeout.as_secs()
            ))),
            Err(m) => Err(Error::database("taking the migration lock", m)),
        }
    }

    fn unlock(&mut self, name: &str) -> std::result::Result<(), String> {
        self.query(&format!(
            "SELECT CAST(pg_advisory_unlock({}) AS TEXT)",
            lock_key(name)
        ))
        .map(|_| ())
    }

    fn lock_scope(&self) -> LockScope {
        LockScope::Session
    }

    fn introspect(&mut self, options: &IntrospectOptions) -> Result<Schema> {
        super::introspect::introspect(self, options)
    }

    fn enums_used_elsewhere(
        &mut self,
        options: &IntrospectOptions,
    ) -> Result<Vec<crate::schema::QualifiedName>> {
        super::introspect::enums_used_elsewhere(self, options)
    }

    fn canonicalize(&mut self, model: &mut Schema, current: &Schema) -> Result<()> {
        super::canonical::canonicalize(self, model, current)
    }
}
