//! Views (and MySQL triggers), which revise does not model: autogenerate
//! marks an op that breaks one `-- CAUTION:` and lists it, on each database;
//! and models that describe a view as a table leave it alone, with a warning.

mod common;

use common::TestDb;
use common::cli::{revise, revision_files};
use revise::autogen::{self, AutogenSettings, Generated, parse_rename};
use revise::url::DialectKind;

/// Creates `setup` in a fresh database of `kind`, autogenerates towards
/// `models` with `users.name` renamed `full_name`, and returns the result.
fn generate(kind: DialectKind, setup: &[&str], models: &str) -> Option<Generated> {
    let t = TestDb::new(kind)?;
    let mut conn = t.connect();
    for sql in setup {
        conn.execute(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("schema.sql");
    std::fs::write(&path, models).unwrap();
    let loaded = revise::source::load_sql_files(&[path], kind).expect("models");
    let settings = AutogenSettings {
        version_table: "revise_version".into(),
        ..Default::default()
    };
    let cmp = autogen::compare(conn.as_mut(), loaded, &settings).unwrap();
    let rename = parse_rename("users.name=full_name").unwrap();
    Some(cmp.generate(&[rename]).unwrap())
}

const TABLES: [&str; 2] = [
    "CREATE TABLE users (id int PRIMARY KEY, name varchar(50), age int, email varchar(50), note varchar(50))",
    "CREATE TABLE orders (id int PRIMARY KEY, total int)",
];
const VIEWS: [&str; 2] = [
    "CREATE VIEW v_users AS SELECT id, name, age, email FROM users",
    "CREATE VIEW v_orders AS SELECT count(*) AS n FROM orders",
];
/// `email` and `note` dropped, `name` renamed, `age` widened, `orders` dropped.
const MODELS: &str = "CREATE TABLE users (id int PRIMARY KEY, full_name varchar(50), age bigint);";

/// Every warning, each also in the upgrade script as a `-- CAUTION:` line.
fn cautions(g: &Generated) -> String {
    for why in &g.upgrade_fails_on_rows {
        assert!(
            g.upgrade_sql.contains(&format!("-- CAUTION: {why}")),
            "{why}\n{}",
            g.upgrade_sql
        );
    }
    g.upgrade_fails_on_rows.join("\n")
}

#[test]
fn postgres_warns_of_drops_and_type_changes_a_view_refuses() {
    let setup: Vec<&str> = TABLES.iter().chain(&VIEWS).copied().collect();
    let Some(g) = generate(DialectKind::Postgres, &setup, MODELS) else {
        return;
    };
    let all = cautions(&g);
    assert!(all.contains("view v_orders uses table orders, which this revision drops: drop or rewrite the view first (revise does not model views)"), "{all}");
    assert!(
        all.contains("view v_users uses users.email, which this revision drops"),
        "{all}"
    );
    assert!(
        all.contains("view v_users uses users.age, which this revision changes the type of"),
        "{all}"
    );
    // PostgreSQL rewrites the view on a rename; the view does not use `note`.
    assert!(
        !all.contains("users.name") && !all.contains("users.note"),
        "{all}"
    );
}

#[test]
fn mysql_warns_of_drops_and_renames_that_break_views_and_triggers() {
    let mut setup: Vec<&str> = TABLES.iter().chain(&VIEWS).copied().collect();
    setup.push(
        "CREATE TRIGGER users_bi BEFORE INSERT ON users FOR EACH ROW SET NEW.name = UPPER(NEW.name)",
    );
    let Some(g) = generate(DialectKind::Mysql, &setup, MODELS) else {
        return;
    };
    let all = cautions(&g);
    assert!(
        all.contains("view v_orders uses table orders, which this revision drops"),
        "{all}"
    );
    assert!(
        all.contains("view v_users uses users.email, which this revision drops"),
        "{all}"
    );
    assert!(
        all.contains("view v_users uses users.name, which this revision renames"),
        "{all}"
    );
    assert!(all.contains("trigger users_bi of table users names users.name, which this revision renames: drop or rewrite the trigger first"), "{all}");
    // A wider type keeps the view working; the view does not use `note`.
    assert!(
        !all.contains("users.age") && !all.contains("users.note"),
        "{all}"
    );
}

#[test]
fn sqlite_warns_of_drops_a_view_fails_on() {
    let setup: Vec<&str> = TABLES.iter().chain(&VIEWS).copied().collect();
    let Some(g) = generate(DialectKind::Sqlite, &setup, MODELS) else {
        return;
    };
    let all = cautions(&g);
    assert!(
        all.contains("view v_orders uses table orders, which this revision drops"),
        "{all}"
    );
    assert!(
        all.contains("view v_users uses users.email, which this revision drops"),
        "{all}"
    );
    assert!(!all.contains("users.note"), "{all}");
    eprintln!("{}", g.upgrade_sql);
}

// Models over views: Diesel's `table!` is written for views too (crates.io's
// `recent_crate_downloads`, a materialized view), and so may SQL or JSON
// models be. Such a table is left alone with a warning, on each database,
// rather than created (which failed with "relation ... already exists").

/// The table under the views; the same DDL on each database.
const CRATES: &str = "CREATE TABLE crates (id INTEGER PRIMARY KEY, name TEXT NOT NULL)";

/// The `schema.rs` of a project with `crates`, the view
/// `recent_crate_downloads` over it (with a `joinable!` from the view), and
/// `extra` tables.
fn schema_rs(extra: &str) -> String {
    format!(
        "diesel::table! {{\n    crates (id) {{\n        id -> Integer,\n        name -> Text,\n    }}\n}}\n\n\
         diesel::table! {{\n    recent_crate_downloads (crate_id) {{\n        crate_id -> Integer,\n        downloads -> BigInt,\n    }}\n}}\n\n\
         {extra}\
         diesel::joinable!(recent_crate_downloads -> crates (crate_id));\n"
    )
}

/// A migration environment for `db` with the given config lines.
fn env_with(db: &TestDb, config: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("migrations/versions")).unwrap();
    std::fs::write(
        tmp.path().join("alembic.toml"),
        format!("[database]\nurl = \"{}\"\n{config}\n", db.url_text()),
    )
    .unwrap();
    tmp
}

/// The warning for a model table `name` the database has as `kind`.
fn left_alone(name: &str, kind: &str) -> String {
    format!(
        "warning: models describe {name} as a table; the database has it as {kind}, which revise does not compare — left alone (add it to [autogenerate] exclude to silence this)"
    )
}

/// `check` is clean and warns once for each of `warned`; `autogenerate`
/// finds nothing and writes no revision.
fn clean_with_warnings(dir: &std::path::Path, warned: &[(&str, &str)]) {
    let o = revise(dir, &["check"]);
    assert_eq!(o.code, 0, "check:\n{}\n{}", o.stdout, o.stderr);
    for (name, kind) in warned {
        let want = left_alone(name, kind);
        assert_eq!(o.stderr.matches(&want).count(), 1, "{want}\n{}", o.stderr);
    }
    assert_eq!(
        o.stderr.matches("warning: models describe").count(),
        warned.len(),
        "{}",
        o.stderr
    );
    let o = revise(dir, &["autogenerate", "-m", "nothing"]);
    assert_eq!(o.code, 0, "autogenerate:\n{}\n{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("no changes detected"), "{}", o.stderr);
    assert_eq!(revision_files(dir).len(), 0, "no revision written");
}

/// Creates `setup`, then compares Diesel models that describe the views (and
/// `extra` other relations) as tables: clean, with a warning each. Then the
/// view is excluded, which silences its warning.
fn diesel_tables_over_views(
    kind: DialectKind,
    setup: &[&str],
    extra: &str,
    warned: &[(&str, &str)],
) {
    let Some(db) = TestDb::new(kind) else { return };
    let mut conn = db.connect();
    for sql in setup {
        conn.execute(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    let env = env_with(&db, "[models]\ndiesel = \"src/schema.rs\"");
    let dir = env.path();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("src/schema.rs"), schema_rs(extra)).unwrap();
    clean_with_warnings(dir, warned);

    let env = env_with(
        &db,
        "[models]\ndiesel = \"src/schema.rs\"\n[autogenerate]\nexclude = [\"recent_crate_downloads\"]",
    );
    let dir = env.path();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("src/schema.rs"), schema_rs(extra)).unwrap();
    clean_with_warnings(dir, &warned[1..]);
}

/// SQL models that describe a view as a table, with a key to the table under
/// it and one from another table to it: clean, with a warning.
fn sql_table_over_a_view(kind: DialectKind, model_name: &str) {
    let Some(db) = TestDb::new(kind) else { return };
    let mut conn = db.connect();
    for sql in [
        CRATES,
        "CREATE TABLE owners (crate_id INTEGER, login TEXT)",
        "CREATE VIEW recent_crate_downloads AS SELECT id AS crate_id, 7 AS downloads FROM crates",
    ] {
        conn.execute(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    let env = env_with(&db, "[models]\nsql = \"schema.sql\"");
    let dir = env.path();
    std::fs::write(
        dir.join("schema.sql"),
        format!(
            "{CRATES};\n\
             CREATE TABLE {model_name} (crate_id INTEGER NOT NULL, downloads BIGINT NOT NULL,\n\
               PRIMARY KEY (crate_id), FOREIGN KEY (crate_id) REFERENCES crates (id));\n\
             CREATE INDEX ix_downloads ON {model_name} (downloads);\n\
             CREATE TABLE owners (crate_id INTEGER, login TEXT,\n\
               FOREIGN KEY (crate_id) REFERENCES {model_name} (crate_id));\n"
        ),
    )
    .unwrap();
    clean_with_warnings(dir, &[(model_name, "a view")]);
}

#[test]
fn postgres_models_over_views_materialized_views_and_foreign_tables() {
    diesel_tables_over_views(
        DialectKind::Postgres,
        &[
            CRATES,
            "CREATE VIEW recent_crate_downloads AS SELECT id AS crate_id, 7::bigint AS downloads FROM crates",
            "CREATE MATERIALIZED VIEW crate_stats AS SELECT count(*) AS n FROM crates",
            "CREATE FOREIGN DATA WRAPPER revise_test_fdw",
            "CREATE SERVER revise_test_server FOREIGN DATA WRAPPER revise_test_fdw",
            "CREATE FOREIGN TABLE remote_crates (id integer) SERVER revise_test_server",
        ],
        "diesel::table! {\n    crate_stats (n) {\n        n -> Int8,\n    }\n}\n\n\
         diesel::table! {\n    remote_crates (id) {\n        id -> Int4,\n    }\n}\n\n",
        &[
            ("recent_crate_downloads", "a view"),
            ("crate_stats", "a materialized view"),
            ("remote_crates", "a foreign table"),
        ],
    );
    sql_table_over_a_view(DialectKind::Postgres, "recent_crate_downloads");
}

#[test]
fn mysql_models_over_views() {
    diesel_tables_over_views(
        DialectKind::Mysql,
        &[
            CRATES,
            "CREATE VIEW recent_crate_downloads AS SELECT id AS crate_id, 7 AS downloads FROM crates",
        ],
        "",
        &[("recent_crate_downloads", "a view")],
    );
    sql_table_over_a_view(DialectKind::Mysql, "recent_crate_downloads");
}

#[test]
fn sqlite_models_over_views() {
    diesel_tables_over_views(
        DialectKind::Sqlite,
        &[
            CRATES,
            "CREATE VIEW recent_crate_downloads AS SELECT id AS crate_id, 7 AS downloads FROM crates",
        ],
        "",
        &[("recent_crate_downloads", "a view")],
    );
    // SQLite's table names ignore case.
    sql_table_over_a_view(DialectKind::Sqlite, "Recent_Crate_Downloads");
}
