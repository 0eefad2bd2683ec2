//! Shared test helpers: a fresh database per test on each backend, and
//! scratch migration environments.
//!
//! Server URLs come from `REVISE_TEST_POSTGRES_URL` and `REVISE_TEST_MYSQL_URL`
//! (defaults: the local services). When a server cannot be reached the test is
//! skipped with a message, unless `REVISE_TEST_REQUIRE_SERVERS=1` (set by CI),
//! which turns the skip into a failure.

#![allow(dead_code)]

pub mod cli;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use revise::dialect::{ConnectOptions, Database, connect};
use revise::url::{DatabaseUrl, DialectKind};

/// Default admin URL for PostgreSQL tests.
pub const POSTGRES_DEFAULT: &str = "postgresql://postgres@127.0.0.1:5432/postgres";
/// Default admin URL for MariaDB/MySQL tests.
pub const MYSQL_DEFAULT: &str = "mysql://root@127.0.0.1:3306/test";

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A database that exists for one test and is dropped afterwards.
pub struct TestDb {
    /// URL of the fresh database.
    pub url: DatabaseUrl,
    admin: Option<DatabaseUrl>,
    name: String,
    _dir: tempfile::TempDir,
}

fn required() -> bool {
    std::env::var("REVISE_TEST_REQUIRE_SERVERS").is_ok_and(|v| v == "1" || v == "true")
}

impl TestDb {
    /// A fresh database of `kind`, or `None` (test skipped) when its server is
    /// unreachable and servers are not required.
    pub fn new(kind: DialectKind) -> Option<TestDb> {
        let dir = tempfile::tempdir().expect("temp dir");
        let name = format!(
            "revise_t{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .subsec_nanos()
                % 100_000
        );
        let admin_text = match kind {
            DialectKind::Sqlite => {
                let path = dir.path().join("test.db");
                let url = DatabaseUrl::parse(&format!("sqlite://{}", path.display())).unwrap();
                return Some(TestDb {
                    url,
                    admin: None,
                    name,
                    _dir: dir,
                });
            }
            DialectKind::Postgres => std::env::var("REVISE_TEST_POSTGRES_URL")
                .unwrap_or_else(|_| POSTGRES_DEFAULT.into()),
            DialectKind::Mysql => {
                std::env::var("REVISE_TEST_MYSQL_URL").unwrap_or_else(|_| MYSQL_DEFAULT.into())
            }
        };
        let admin = DatabaseUrl::parse(&admin_text).expect("admin URL");
        let mut db = match connect(&admin, &ConnectOptions::default()) {
            Ok(db) => db,
            Err(e) => {
                if required() {
                    panic!(
                        "{kind} server required (REVISE_TEST_REQUIRE_SERVERS=1) but unreachable: {e}"
                    );
                }
                eprintln!(
                    "SKIPPED: {kind} server unreachable ({e}); set REVISE_TEST_REQUIRE_SERVERS=1 to fail instead"
                );
                return None;
            }
        };
        let quoted = db.dialect().quote_ident(&name);
        db.execute(&format!("CREATE DATABASE {quoted}"))
            .expect("create test database");
        Some(TestDb {
            url: admin.with_database(&name),
            admin: Some(admin),
            name,
            _dir: dir,
        })
    }

    /// A new connection to the test database.
    pub fn connect(&self) -> Box<dyn Database> {
        connect(&self.url, &ConnectOptions::default()).expect("connect to test database")
    }

    /// The URL as text (password included, for the CLI's --url).
    pub fn url_text(&self) -> String {
        match self.url.dialect() {
            DialectKind::Sqlite => format!("sqlite://{}", self.url.database()),
            _ => self.url.connection_string(),
        }
    }

    /// Names of the tables in the test database, sorted.
    pub fn tables(&self) -> Vec<String> {
        let mut db = self.connect();
        let sql = match self.url.dialect() {
            DialectKind::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name".to_string()
            }
            DialectKind::Postgres => {
                "SELECT CAST(tablename AS TEXT) FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1".to_string()
            }
            DialectKind::Mysql => {
                "SELECT CAST(TABLE_NAME AS CHAR) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1"
                    .to_string()
            }
        };
        db.query(&sql)
            .expect("list tables")
            .into_iter()
            .filter_map(|r| r.into_iter().next().flatten())
            .collect()
    }

    /// Tables other than the version table and its log.
    pub fn user_tables(&self) -> Vec<String> {
        self.tables()
            .into_iter()
            .filter(|t| !t.starts_with("revise_version"))
            .collect()
    }

    /// `expr` cast to text in this database's dialect.
    pub fn text(&self, expr: &str) -> String {
        revise::dialect::dialect_for(self.url.dialect()).as_text(expr)
    }

    /// Runs a query and returns the first column of each row.
    pub fn column(&self, sql: &str) -> Vec<String> {
        let mut db = self.connect();
        db.query(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .into_iter()
            .map(|r| r.into_iter().next().flatten().unwrap_or_default())
            .collect()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(admin) = &self.admin else { return };
        if let Ok(mut db) = connect(admin, &ConnectOptions::default()) {
            let quoted = db.dialect().quote_ident(&self.name);
            let force = if admin.dialect() == DialectKind::Postgres {
                " WITH (FORCE)"
            } else {
                ""
            };
            let _ = db.execute(&format!("DROP DATABASE IF EXISTS {quoted}{force}"));
        }
    }
}

/// A scratch migration environment: a temp dir with `versions/`.
pub struct Env {
    /// The temp dir.
    pub dir: tempfile::TempDir,
}

impl Env {
    /// An empty environment.
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("versions")).unwrap();
        Env { dir }
    }

    /// The versions directory.
    pub fn versions(&self) -> PathBuf {
        self.dir.path().join("versions")
    }

    /// Writes a revision file and returns its path. `parents` is comma-separated.
    pub fn revision(&self, file: &str, id: &str, parents: &str, up: &str, down: &str) -> PathBuf {
        self.revision_with(file, id, parents, "", up, down)
    }

    /// Like [`Env::revision`] with extra header lines.
    pub fn revision_with(
        &self,
        file: &str,
        id: &str,
        parents: &str,
        extra_header: &str,
        up: &str,
        down: &str,
    ) -> PathBuf {
        let path = self.versions().join(file);
        let text = format!(
            "-- revision: {id}\n-- parents: {parents}\n-- message: {file}\n{extra_header}\n-- revise:upgrade\n{up}\n\n-- revise:downgrade\n{down}\n"
        );
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Loads the scripts.
    pub fn scripts(&self) -> revise::script::ScriptDirectory {
        revise::script::ScriptDirectory::load(&self.versions()).expect("load scripts")
    }

    /// The root path.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// Generates one `#[test]` per backend that calls `$body(kind)`, skipping
/// server backends whose server is unreachable (see module docs).
#[macro_export]
macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                use revise::url::DialectKind;
                #[test]
                fn sqlite() {
                    super::$name(DialectKind::Sqlite);
                }
                #[test]
                fn postgres() {
                    super::$name(DialectKind::Postgres);
                }
                #[test]
                fn mysql() {
                    super::$name(DialectKind::Mysql);
                }
            }
        )*
    };
}
