//! Database dialects: [`Dialect`] (pure: quoting, SQL spelling, the version-table
//! DDL) and [`Database`] (a live connection: execute, query, lock).
//!
//! Each dialect lives in its own folder with the same file names: `render.rs`
//! (pure SQL text) and `conn.rs` (the connection, through diesel). A quirk of one
//! database belongs in its folder, never in an `if` elsewhere.

use std::time::Duration;

use crate::diff::Compare;
use crate::error::{Error, Result};
use crate::ops::Op;
use crate::schema::Schema;
use crate::url::{DatabaseUrl, DialectKind};

pub mod dependents;
pub mod mysql;
pub mod postgres;
mod replace_column;
pub mod sqlite;
#[cfg(any(feature = "postgres", feature = "mysql", feature = "sqlite"))]
mod text_row;

/// What is pure about a database family: how it spells things.
pub trait Dialect: Sync {
    /// Which family this is.
    fn kind(&self) -> DialectKind;

    /// Quotes an identifier (`"order"`, `` `order` ``).
    fn quote_ident(&self, name: &str) -> String;

    /// An identifier as the rendered SQL writes it: quoted only when it
    /// needs to be (a key word, upper case where names fold, ...).
    fn quote_ident_if_needed(&self, name: &str) -> String {
        self.quote_ident(name)
    }

    /// Quotes a string literal, escaping what this dialect needs escaped.
    fn quote_string(&self, value: &str) -> String;

    /// The statement that opens a transaction. On SQLite it also takes the write lock.
    fn begin_transaction(&self) -> &'static str {
        "BEGIN"
    }

    /// An expression for the current UTC wall-clock time, with fractions of a
    /// second, that advances within a transaction (so durations can be measured).
    fn now_utc(&self) -> &'static str;

    /// An expression that renders timestamp `column` as `YYYY-MM-DD HH:MM:SS[.ffffff]` text.
    fn timestamp_text(&self, column: &str) -> String;

    /// An expression that renders any `column` as text (catalog values, counters).
    fn as_text(&self, column: &str) -> String;

    /// `CREATE TABLE IF NOT EXISTS` for the version table (one row per current head).
    fn create_version_table(&self, table: &str) -> String;

    /// `CREATE TABLE IF NOT EXISTS` for the applied log.
    fn create_log_table(&self, table: &str) -> String;

    /// A query that returns `1` while the transaction a revision opened is still
    /// open and `0` once a statement committed it implicitly; `None` where DDL
    /// runs inside transactions. Where it exists, the runner records a step as
    /// running before the transaction that runs it (so that a crash in the
    /// middle of DDL that cannot be rolled back is seen), and asks this query
    /// after a failure whether anything was committed.
    fn open_transaction_query(&self) -> Option<&'static str> {
        None
    }

    /// Whether `statement` (as split: it starts with its first keyword) commits
    /// the open transaction implicitly. After a step that ran one, the runner
    /// opens a new transaction for the step's bookkeeping, so the version table
    /// and the log are written in one commit rather than one each.
    fn commits_implicitly(&self, _statement: &str) -> bool {
        false
    }

    /// Whether schemas besides the default one can be compared (`[autogenerate]
    /// schemas`): PostgreSQL's; a MySQL schema is another database.
    fn compares_other_schemas(&self) -> bool {
        false
    }

    /// Whether `ALTER TABLE ... ADD` of `column`, NOT NULL without a default,
    /// fills the existing rows with its type's zero value instead of failing.
    fn fills_new_not_null_column(&self, _column: &crate::schema::Column) -> bool {
        false
    }

    /// What the user can do about a revision statement that failed with the
    /// database's `message`, when the message names a cause the revision
    /// header can fix (a statement that cannot run in a transaction). Appended
    /// to the failure report; `None` when there is nothing specific to say.
    fn failure_hint(&self, _message: &str, _transactional: bool) -> Option<&'static str> {
        None
    }

    /// An expression for the UTC time the current transaction began, where the
    /// database has one. A step alone in its transaction then writes its log
    /// row once, finished, at the end (nothing of a rolled-back step outlives
    /// it anyway), instead of a running row and its update.
    fn transaction_start_utc(&self) -> Option<&'static str> {
        None
    }

    /// A condition that finds the newest row of the applied log cheaply: the
    /// row the running step inserted, which its final update marks done. An
    /// unindexed condition would scan a log that grows with every revision.
    /// `None` when the update's own `status = 'running'` is the cheap way.
    fn newest_log_row(&self, table: &str) -> Option<String> {
        Some(format!(
            "id = (SELECT MAX(id) FROM {})",
            self.quote_ident(table)
        ))
    }

    /// A query that returns one row when `table` exists in the current database or schema.
    fn table_exists_query(&self, table: &str) -> String;

    /// Rewrites `schema` into this dialect's canonical spelling (types, defaults,
    /// expressions, default schema, implicit objects), so that a database that
    /// matches its models diffs to nothing. `side` says where the schema came from.
    fn normalize(&self, schema: &mut Schema, side: Side);

    /// Rewrites a table name of models whose default schema is
    /// `default_schema` (`Schema::default_schema`) as [`Dialect::normalize`]
    /// spells their tables and foreign-key targets, for matching names before
    /// normalizing (PostgreSQL: the default schema's name goes and long names
    /// are truncated). The default keeps the name.
    fn normalize_table_name(
        &self,
        _name: &mut crate::schema::QualifiedName,
        _default_schema: Option<&str>,
    ) {
    }

    /// Completes the (normalized) models with what this database decides
    /// where they leave the choice to it, taking the `current` schema's
    /// answer (MySQL: the collation of a column that names none). Runs after
    /// normalization, before the diff. Returns warnings about what of the
    /// models the database cannot keep and was left out for it (MySQL: the
    /// foreign keys of a MyISAM table). The default does nothing.
    fn adopt_database_choices(&self, _wanted: &mut Schema, _current: &Schema) -> Vec<String> {
        Vec::new()
    }

    /// How names compare and what narrows a column, for a diff against
    /// `current`, the database's schema: what its introspection recorded of
    /// the server's settings may choose the rules (MySQL's case-sensitivity
    /// of table names).
    fn compare(&self, current: &Schema) -> &dyn Compare;

    /// Rewrites generic ops into ones this database can run (SQLite turns what
    /// its ALTER TABLE cannot do into table rebuilds). `current` and `wanted`
    /// are the normalized schemas the ops were diffed from.
    fn lower(&self, ops: Vec<Op>, _current: &Schema, _wanted: &Schema) -> Vec<Op> {
        ops
    }

    /// Why `op` will fail whatever rows the tables hold, when this database
    /// can tell beforehand from the op and `current`, the database's schema
    /// (SQLite: a rebuild keeps a trigger that names a column the rebuild
    /// drops, or a trigger of another table names a dropped table, which the
    /// check of triggers then reports; on every database, an op that breaks
    /// a view `current` records, see [`dependents`]), or what else it does
    /// that a reader must weigh before running it (MySQL: an engine change
    /// copies the table and may lose transactions and foreign keys).
    /// Autogenerate marks the op `-- CAUTION:` and warns.
    fn fails_anyway(&self, _op: &Op, _current: &Schema) -> Option<String> {
        None
    }

    /// Why `op`, an op of an upgrade diffed from `current` (the database's
    /// schema) to `wanted` (the models'), cannot run whatever the rows, when
    /// the revision should not be written at all: autogenerate then stops
    /// with this as its error (one line naming the objects and what to
    /// write instead), and writes nothing (MySQL: a TEXT or BLOB column in
    /// a key without a prefix length; SQLite: a rebuild whose foreign-key
    /// check meets a key the models leave without a unique parent key).
    /// What fails where a revision is still
    /// worth writing is [`Dialect::fails_anyway`]'s. The default refuses
    /// nothing.
    fn refuses(&self, _op: &Op, _current: &Schema, _wanted: &Schema) -> Option<String> {
        None
    }

    /// Why `ops`, one direction of a revision, cannot run in one
    /// transaction, if so; autogenerate then writes the revision with
    /// `transactional: false`.
    fn outside_transaction(&self, _ops: &[Op]) -> Option<&'static str> {
        None
    }

    /// The SQL statements (without terminating `;`) that perform `op`.
    /// An op this database cannot express is an error that says so.
    fn render_op(&self, op: &Op) -> std::result::Result<Vec<String>, String>;
}

/// Where a schema being normalized came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Parsed from the user's models (names may be missing, spellings vary).
    Model,
    /// Introspected from a live database.
    Database,
}

/// What to introspect.
#[derive(Debug, Clone, Default)]
pub struct IntrospectOptions {
    /// Schemas besides the default one (PostgreSQL); their tables get `schema: Some(..)`.
    pub schemas: Vec<String>,
    /// Tables to leave out by exact name (the version table and its log).
    pub exclude_tables: Vec<String>,
}

/// Where a database's migration lock lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockScope {
    /// A session-level lock held for the whole run (PostgreSQL advisory lock, MySQL `GET_LOCK`).
    Session,
    /// The write lock each transaction takes (SQLite `BEGIN IMMEDIATE`): the runner
    /// re-reads the version table inside every transaction.
    Transaction,
}

/// One row of a query, every column rendered as text by the query itself.
pub type TextRow = Vec<Option<String>>;

/// A live connection. Messages returned as `Err(String)` are the database's own,
/// already scrubbed of the password.
pub trait Database {
    /// The dialect of this connection.
    fn dialect(&self) -> &'static dyn Dialect;

    /// The URL connected to (its `Display` is redacted).
    fn url(&self) -> &DatabaseUrl;

    /// Executes one statement.
    fn execute(&mut self, sql: &str) -> std::result::Result<(), String>;

    /// Executes statements of the runner's own (no comments) in one call: one
    /// round trip on the servers instead of one each (three each on MySQL, whose
    /// client toggles multi-statement mode around every call). The first error
    /// stops the rest.
    fn execute_batch(&mut self, statements: &[String]) -> std::result::Result<(), String> {
        self.execute(&statements.join(";\n"))
    }

    /// Runs a query whose columns are all text (use [`Dialect::as_text`]).
    fn query(&mut self, sql: &str) -> std::result::Result<Vec<TextRow>, String>;

    /// The server's version text, where reading the models depends on it
    /// (MySQL and MariaDB run different versioned executable comments); the
    /// default, and a failed query, give none.
    fn server_version(&mut self) -> Option<String> {
        None
    }

    /// Runs a query and hands its rows to `each` one at a time, for catalog
    /// queries that return many rows.
    fn query_each(
        &mut self,
        sql: &str,
        each: &mut dyn FnMut(TextRow),
    ) -> std::result::Result<(), String> {
        for row in self.query(sql)? {
            each(row);
        }
        Ok(())
    }

    /// Takes the migration lock `name`, waiting up to `timeout`.
    fn lock(&mut self, name: &str, timeout: Duration) -> Result<()>;

    /// Releases the migration lock `name`.
    fn unlock(&mut self, name: &str) -> std::result::Result<(), String>;

    /// Where the lock lives.
    fn lock_scope(&self) -> LockScope;

    /// Reads the schema with a fixed number of catalog queries, whatever the
    /// number of tables. The result is raw: the caller normalizes it.
    fn introspect(&mut self, options: &IntrospectOptions) -> Result<Schema>;

    /// Enum types (qualified as introspection names them) that columns of
    /// tables in schemas `options` does not read use, arrays included: they
    /// must not be dropped although no compared table needs them. The
    /// default (databases without enum types of their own) is none.
    fn enums_used_elsewhere(
        &mut self,
        _options: &IntrospectOptions,
    ) -> Result<Vec<crate::schema::QualifiedName>> {
        Ok(Vec::new())
    }

    /// Lets the database put expressions of a *model* schema (checks, index
    /// expressions and predicates, defaults) into its own canonical text where
    /// Rust-side normalization cannot (PostgreSQL rewrites `a BETWEEN 1 AND 5`).
    /// Must leave the database unchanged. The default does nothing.
    fn canonicalize(&mut self, _model: &mut Schema, _current: &Schema) -> Result<()> {
        Ok(())
    }
}

/// The dialect for `kind`.
pub fn dialect_for(kind: DialectKind) -> &'static dyn Dialect {
    match kind {
        DialectKind::Postgres => &postgres::Postgres,
        DialectKind::Mysql => &mysql::Mysql,
        DialectKind::Sqlite => &sqlite::Sqlite,
    }
}

/// Settings applied right after connecting.
#[derive(Debug, Clone, Copy)]
pub struct ConnectOptions {
    /// How long to wait for locks (SQLite's busy timeout).
    pub lock_timeout: Duration,
    /// The caller only reads: a SQLite file that does not exist is read as an
    /// empty database instead of being created.
    pub read_only: bool,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            lock_timeout: Duration::from_secs(60),
            read_only: false,
        }
    }
}

/// Opens a connection to `url`, choosing the backend by the URL's scheme.
#[cfg_attr(not(feature = "sqlite"), allow(unused_variables))]
pub fn connect(url: &DatabaseUrl, options: &ConnectOptions) -> Result<Box<dyn Database>> {
    #[cfg_attr(
        not(any(feature = "postgres", feature = "mysql", feature = "sqlite")),
        allow(unused_variables)
    )]
    let failed = |message: String| Error::Connect {
        url: url.to_string(),
        // libpq's messages span lines ("Is the server running on that host
        // ...?"): errors are one line. Each dialect's connect ends its
        // message with what to do.
        message: crate::error::message_line(&url.redact(&message), 400),
    };
    match url.dialect() {
        #[cfg(feature = "postgres")]
        DialectKind::Postgres => postgres::conn::connect(url)
            .map(|d| Box::new(d) as Box<dyn Database>)
            .map_err(failed),
        #[cfg(feature = "mysql")]
        DialectKind::Mysql => mysql::conn::connect(url)
            .map(|d| Box::new(d) as Box<dyn Database>)
            .map_err(failed),
        #[cfg(feature = "sqlite")]
        DialectKind::Sqlite => sqlite::conn::connect(url, options)
            .map(|d| Box::new(d) as Box<dyn Database>)
            .map_err(failed),
        #[allow(unreachable_patterns)]
        missing => Err(without_client(missing)),
    }
}

/// The error for a database whose client this build leaves out (see the
/// cargo features in `Cargo.toml`): rendering and `--sql` still work for it.
fn without_client(kind: DialectKind) -> Error {
    let feature = match kind {
        DialectKind::Postgres => "postgres",
        DialectKind::Mysql => "mysql",
        DialectKind::Sqlite => "sqlite",
    };
    Error::Usage(format!(
        "this build of revise has no {} client: enable the `{feature}` cargo feature of the revise crate",
        kind.name()
    ))
}

/// Runs `sql` and maps a failure to an [`Error::Database`] that says what was being done.
pub fn execute_or(db: &mut dyn Database, sql: &str, context: &str) -> Result<()> {
    db.execute(sql).map_err(|m| Error::database(context, m))
}

/// Runs query `sql` and maps a failure to an [`Error::Database`].
pub fn query_or(db: &mut dyn Database, sql: &str, context: &str) -> Result<Vec<TextRow>> {
    db.query(sql).map_err(|m| Error::database(context, m))
}

/// Runs query `sql` row by row and maps a failure to an [`Error::Database`].
pub fn query_each_or(
    db: &mut dyn Database,
    sql: &str,
    context: &str,
    each: &mut dyn FnMut(TextRow),
) -> Result<()> {
    db.query_each(sql, each)
        .map_err(|m| Error::database(context, m))
}

/// Whether `table` exists.
pub fn table_exists(db: &mut dyn Database, table: &str) -> Result<bool> {
    let sql = db.dialect().table_exists_query(table);
    Ok(!query_or(db, &sql, &format!("checking for table {table}"))?.is_empty())
}

/// Quotes with doubled delimiter characters: the rule every dialect shares for identifiers.
pub(crate) fn quote_doubling(name: &str, quote: char) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    out.push(quote);
    for c in name.chars() {
        if c == quote {
            out.push(quote);
        }
        out.push(c);
    }
    out.push(quote);
    out
}

/// Runs in the builds `.ci/run` checks with a single client.
#[cfg(all(test, not(feature = "mysql")))]
mod without_a_client {
    use super::*;

    #[test]
    fn connecting_says_which_feature_to_enable() {
        let url = DatabaseUrl::parse("mysql://root:secret@127.0.0.1:3306/app").unwrap();
        let e = connect(&url, &ConnectOptions::default())
            .err()
            .expect("no MySQL client in this build")
            .to_string();
        assert!(e.contains("enable the `mysql` cargo feature"), "{e}");
        assert!(!e.contains("secret"), "{e}");
    }
}
