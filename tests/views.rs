//! Views (and MySQL triggers), which revise does not model: autogenerate
//! marks an op that breaks one `-- CAUTION:` and lists it, on each database.

mod common;

use common::TestDb;
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
