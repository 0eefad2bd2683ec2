//! A SQLite connection through diesel (libsqlite3). The migration lock is the
//! write lock `BEGIN IMMEDIATE` takes, so the session-level lock is a no-op.

use std::time::Duration;

use diesel::Connection;
use diesel::sqlite::SqliteConnection;

use crate::dialect::text_row;
use crate::dialect::{ConnectOptions, Database, Dialect, IntrospectOptions, LockScope, TextRow};
use crate::error::Result;
use crate::schema::Schema;
use crate::url::DatabaseUrl;

/// A live SQLite connection.
pub struct SqliteDatabase {
    conn: SqliteConnection,
    url: DatabaseUrl,
}

/// Opens (creating if needed) the database file.
pub fn connect(
    url: &DatabaseUrl,
    options: &ConnectOptions,
) -> std::result::Result<SqliteDatabase, String> {
    if let Some(path) = url.sqlite_path()
        && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        return Err(format!(
            "directory {} does not exist; create it or fix the path in the URL",
            dir.display()
        ));
    }
    // Reading a database that does not exist yet reads an empty one, without
    // leaving a file behind (`revise check` before the first `upgrade`).
    let missing = url.sqlite_path().is_some_and(|p| !p.exists());
    let target = if options.read_only && missing {
        ":memory:".to_string()
    } else {
        url.connection_string()
    };
    let mut conn = SqliteConnection::establish(&target)
        .map_err(|e| format!("{e}; check the path in the URL and the file's permissions"))?;
    // A second runner waits for the write lock up to the lock timeout instead of
    // failing at once with SQLITE_BUSY.
    text_row::execute(
        &mut conn,
        &format!("PRAGMA busy_timeout = {}", options.lock_timeout.as_millis()),
    )?;
    Ok(SqliteDatabase {
        conn,
        url: url.clone(),
    })
}

impl Database for SqliteDatabase {
    fn dialect(&self) -> &'static dyn Dialect {
        &super::Sqlite
    }

    fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    fn execute(&mut self, sql: &str) -> std::result::Result<(), String> {
        text_row::execute(&mut self.conn, sql)
    }

    fn query(&mut self, sql: &str) -> std::result::Result<Vec<TextRow>, String> {
        text_row::load(&mut self.conn, sql)
    }

    fn query_each(
        &mut self,
        sql: &str,
        each: &mut dyn FnMut(TextRow),
    ) -> std::result::Result<(), String> {
        text_row::load_each(&mut self.conn, sql, each)
    }

    fn lock(&mut self, _name: &str, _timeout: Duration) -> Result<()> {
        Ok(())
    }

    fn unlock(&mut self, _name: &str) -> std::result::Result<(), String> {
        Ok(())
    }

    fn lock_scope(&self) -> LockScope {
        LockScope::Transaction
    }

    fn introspect(&mut self, options: &IntrospectOptions) -> Result<Schema> {
        super::introspect::introspect(self, options)
    }
}
