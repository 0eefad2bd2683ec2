//! A MySQL/MariaDB connection through diesel (libmysqlclient), and the `GET_LOCK` migration lock.

use std::time::Duration;

use diesel::Connection;
use diesel::mysql::MysqlConnection;

use crate::dialect::text_row;
use crate::dialect::{Database, Dialect, IntrospectOptions, LockScope, TextRow};
use crate::error::{Error, Result};
use crate::schema::Schema;
use crate::url::DatabaseUrl;

/// A live MySQL/MariaDB session.
pub struct MysqlDatabase {
    conn: MysqlConnection,
    url: DatabaseUrl,
}

/// Connects and gives the session the server's defaults back.
pub fn connect(url: &DatabaseUrl) -> std::result::Result<MysqlDatabase, String> {
    let mut conn =
        MysqlConnection::establish(&url.connection_string()).map_err(|e| e.to_string())?;
    // diesel sets time_zone = '+00:00' for its own date handling; revision scripts
    // must see the server's configured zone, exactly as under the mysql client.
    text_row::execute(&mut conn, "SET time_zone = @@GLOBAL.time_zone")?;
    Ok(MysqlDatabase {
        conn,
        url: url.clone(),
    })
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

    fn introspect(&mut self, options: &IntrospectOptions) -> Result<Schema> {
        super::introspect::introspect(self, options)
    }
}
