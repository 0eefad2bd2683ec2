//! Unchanged `diesel print-schema` output against the database it was printed
//! from: `check` is clean, and a revision made after editing `schema.rs`
//! keeps what the file cannot say. The `schema.rs` texts below are what
//! diesel_cli 2.3 printed for the DDL each test runs (comments trimmed).

mod common;

use std::path::Path;

use common::TestDb;
use common::cli::{ok, revise};
use revise::url::DialectKind;

/// A migration environment for `db` whose `[models]` are `models`, with
/// `files` (path, text) written into it.
fn env(db: &TestDb, models: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("migrations/versions")).unwrap();
    std::fs::write(
        tmp.path().join("alembic.toml"),
        format!(
            "[database]\nurl = \"{}\"\n[models]\n{models}\n",
            db.url_text()
        ),
    )
    .unwrap();
    for (path, text) in files {
        write(tmp.path(), path, text);
    }
    tmp
}

fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn run(db: &TestDb, sql: &str) {
    let mut conn = db.connect();
    for stmt in revise::script::split::split_statements(sql, db.url.dialect()).unwrap() {
        conn.execute(&stmt.sql)
            .unwrap_or_else(|e| panic!("{e}\n{}", stmt.sql));
    }
}

/// `revise check`'s exit code, with its output on failure to read it.
fn check(dir: &Path) -> (i32, String) {
    let o = revise(dir, &["check"]);
    assert!(
        o.code == 0 || o.code == 1,
        "check failed: {}\n{}",
        o.stdout,
        o.stderr
    );
    (o.code, format!("{}\n{}", o.stdout, o.stderr))
}

fn assert_clean(dir: &Path) {
    let (code, out) = check(dir);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn sqlite_collations_strict_and_without_rowid_are_kept() {
    let Some(db) = TestDb::new(DialectKind::Sqlite) else {
        return;
    };
    run(
        &db,
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE COLLATE NOCASE);
         CREATE TABLE kv (k TEXT PRIMARY KEY NOT NULL, v TEXT) WITHOUT ROWID;
         CREATE TABLE s (id INTEGER PRIMARY KEY, n TEXT) STRICT;",
    );
    let printed = "diesel::table! {\n    kv (k) {\n        k -> Text,\n        v -> Nullable<Text>,\n    }\n}\n\n\
        diesel::table! {\n    s (id) {\n        id -> Nullable<Integer>,\n        n -> Nullable<Text>,\n    }\n}\n\n\
        diesel::table! {\n    users (id) {\n        id -> Nullable<Integer>,\n        email -> Text,\n    }\n}\n\n\
        diesel::allow_tables_to_appear_in_same_query!(kv, s, users,);\n";
    let env = env(&db, "diesel = \"schema.rs\"", &[("schema.rs", printed)]);
    let dir = env.path();
    assert_clean(dir);

    // Changes that rebuild all three tables keep what schema.rs cannot say.
    let edited = printed
        .replace("v -> Nullable<Text>", "v -> Text")
        .replace("n -> Nullable<Text>", "n -> Text")
        .replace("email -> Text", "email -> Nullable<Text>");
    write(dir, "schema.rs", &edited);
    ok(dir, &["autogenerate", "-m", "not null"]);
    ok(dir, &["upgrade"]);
    assert_clean(dir);
    let sql = |t: &str| {
        db.column(&format!(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '{t}'"
        ))
        .join("")
        .to_uppercase()
    };
    assert!(sql("users").contains("COLLATE NOCASE"), "{}", sql("users"));
    assert!(sql("kv").contains("WITHOUT ROWID"), "{}", sql("kv"));
    assert!(sql("s").contains("STRICT"), "{}", sql("s"));
}

#[test]
fn postgres_collations_are_kept() {
    let Some(db) = TestDb::new(DialectKind::Postgres) else {
        return;
    };
    run(
        &db,
        "CREATE TABLE t (id int PRIMARY KEY, name text COLLATE \"C\", code varchar(10) COLLATE \"C\" NOT NULL)",
    );
    let printed = "diesel::table! {\n    t (id) {\n        id -> Int4,\n        name -> Nullable<Text>,\n        #[max_length = 10]\n        code -> Varchar,\n    }\n}\n";
    let env = env(&db, "diesel = \"schema.rs\"", &[("schema.rs", printed)]);
    let dir = env.path();
    assert_clean(dir);

    let edited = printed
        .replace("name -> Nullable<Text>", "name -> Text")
        .replace("max_length = 10", "max_length = 20");
    write(dir, "schema.rs", &edited);
    ok(dir, &["autogenerate", "-m", "wider"]);
    ok(dir, &["upgrade"]);
    assert_clean(dir);
    let collations = db.column(
        "SELECT column_name || ' ' || coalesce(collation_name, '-') FROM information_schema.columns \
         WHERE table_name = 't' AND column_name <> 'id' ORDER BY 1",
    );
    assert_eq!(collations, ["code C", "name C"]);
}

/// Diesel 2.2's multi-schema setup: one `[print_schema.X]` section per
/// schema. The `billing` section prints only `billing` tables, so the
/// `public` table the main section filters out stays out of the models.
#[test]
fn postgres_multi_schema_sections_keep_their_filters() {
    let Some(db) = TestDb::new(DialectKind::Postgres) else {
        return;
    };
    run(
        &db,
        "CREATE SCHEMA billing;
         CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL);
         CREATE TABLE nopk (a int);
         CREATE TABLE billing.invoices (id int PRIMARY KEY, user_id int REFERENCES users (id));",
    );
    let main = "diesel::table! {\n    users (id) {\n        id -> Int4,\n        name -> Text,\n    }\n}\n";
    let billing = "pub mod billing {\n    diesel::table! {\n        billing.invoices (id) {\n            id -> Int4,\n            user_id -> Nullable<Int4>,\n        }\n    }\n}\n";
    let toml = "[print_schema.main]\nfile = \"src/schema.rs\"\nfilter = { except_tables = [\"nopk\"] }\n\n\
                [print_schema.billing]\nfile = \"src/billing.rs\"\nschema = \"billing\"\n";
    let env = env(
        &db,
        "diesel = [\"src/schema.rs\", \"src/billing.rs\"]\n[autogenerate]\nschemas = [\"billing\"]",
        &[
            ("src/schema.rs", main),
            ("src/billing.rs", billing),
            ("diesel.toml", toml),
        ],
    );
    let dir = env.path();
    assert_clean(dir);
    let o = ok(dir, &["autogenerate", "-m", "nothing"]);
    assert!(o.stderr.contains("no changes detected"), "{}", o.stderr);

    // A billing table the billing file lacks is still the models' to drop.
    run(&db, "CREATE TABLE billing.gone (id int PRIMARY KEY)");
    let (code, out) = check(dir);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("drop table billing.gone"), "{out}");
    assert!(!out.contains("nopk"), "{out}");
}

const CUSTOM_TYPES_DDL: &str = "CREATE TYPE pair AS (a int, b text);
     CREATE EXTENSION IF NOT EXISTS isn;
     CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
     CREATE DOMAIN email AS varchar(100);
     CREATE TABLE u (id int PRIMARY KEY, pr pair, code isbn13, p posint, e email, ps pair[]);";

/// print-schema's custom types for a composite type, an extension's type and
/// (with `pg_domains_as_custom_types`) a domain are no enums: compared by
/// name. A domain column printed as its base type keeps its domain.
#[test]
fn postgres_custom_types_that_are_not_enums_and_domains() {
    let Some(db) = TestDb::new(DialectKind::Postgres) else {
        return;
    };
    run(&db, CUSTOM_TYPES_DDL);
    let types = "pub mod sql_types {\n    #[derive(diesel::sql_types::SqlType)]\n    #[diesel(postgres_type(name = \"isbn13\"))]\n    pub struct Isbn13;\n\n    \
        #[derive(diesel::sql_types::SqlType)]\n    #[diesel(postgres_type(name = \"pair\"))]\n    pub struct Pair;\n}\n\n";
    let printed = format!(
        "{types}diesel::table! {{\n    use diesel::sql_types::*;\n    use super::sql_types::Pair;\n    use super::sql_types::Isbn13;\n\n    \
         u (id) {{\n        id -> Int4,\n        pr -> Nullable<Pair>,\n        code -> Nullable<Isbn13>,\n        p -> Nullable<Int4>,\n        \
         #[max_length = 100]\n        e -> Nullable<Varchar>,\n        ps -> Nullable<Array<Nullable<Pair>>>,\n    }}\n}}\n"
    );
    let env = env(&db, "diesel = \"schema.rs\"", &[("schema.rs", &printed)]);
    let dir = env.path();
    assert_clean(dir);

    // pg_domains_as_custom_types = ["posint"]: the domain is a custom type.
    let as_custom = printed
        .replace(
            "    pub struct Pair;\n",
            "    pub struct Pair;\n\n    #[derive(diesel::sql_types::SqlType)]\n    #[diesel(postgres_type(name = \"posint\"))]\n    pub struct Posint;\n",
        )
        .replace(
            "use super::sql_types::Isbn13;\n",
            "use super::sql_types::Isbn13;\n    use super::sql_types::Posint;\n",
        )
        .replace("p -> Nullable<Int4>", "p -> Nullable<Posint>");
    write(dir, "schema.rs", &as_custom);
    assert_clean(dir);

    // A real change of a domain column is still one.
    write(
        dir,
        "schema.rs",
        &printed.replace("p -> Nullable<Int4>", "p -> Nullable<Int8>"),
    );
    let (code, out) = check(dir);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("posint"), "{out}");

    // A new column of a type the database lacks: advice that fits.
    write(
        dir,
        "schema.rs",
        &printed
            .replace("pub struct Pair;", "pub struct Pair;\n\n    #[derive(diesel::sql_types::SqlType)]\n    #[diesel(postgres_type(name = \"triple\"))]\n    pub struct Triple;")
            .replace("use super::sql_types::Pair;", "use super::sql_types::{Pair, Triple};")
            .replace("id -> Int4,", "id -> Int4,\n        tr -> Nullable<Triple>,"),
    );
    let o = revise(dir, &["check"]);
    assert_eq!(o.code, 2, "{}\n{}", o.stdout, o.stderr);
    assert!(
        o.stderr.contains("type triple") && o.stderr.contains("composite"),
        "{}",
        o.stderr
    );
}

/// An enum that only tables outside the comparison use (excluded, kept out
/// of schema.rs by diesel.toml, in a schema not read) is not dropped; an
/// enum nothing uses still is, and the revision runs.
#[test]
fn postgres_enums_used_outside_the_comparison_stay() {
    let Some(db) = TestDb::new(DialectKind::Postgres) else {
        return;
    };
    run(
        &db,
        "CREATE TYPE mood AS ENUM ('ok', 'sad');
         CREATE TYPE tone AS ENUM ('x');
         CREATE TYPE gone AS ENUM ('g');
         CREATE SCHEMA audit;
         CREATE TABLE t (id int PRIMARY KEY, moods mood[] NOT NULL);
         CREATE TABLE audit.log (id int PRIMARY KEY, m tone);
         CREATE TABLE keep (id int PRIMARY KEY);",
    );
    // SQL models and [autogenerate] exclude.
    let env = env(
        &db,
        "sql = \"schema.sql\"\n[autogenerate]\nexclude = [\"t\"]",
        &[("schema.sql", "CREATE TABLE keep (id int PRIMARY KEY);\n")],
    );
    let dir = env.path();
    let (code, out) = check(dir);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("drop enum gone"), "{out}");
    assert!(
        !out.contains("drop enum mood") && !out.contains("drop enum tone"),
        "{out}"
    );

    // Diesel with diesel.toml keeping t out of schema.rs.
    let printed = "diesel::table! {\n    keep (id) {\n        id -> Int4,\n    }\n}\n";
    std::fs::write(
        dir.join("alembic.toml"),
        format!(
            "[database]\nurl = \"{}\"\n[models]\ndiesel = \"src/schema.rs\"\n",
            db.url_text()
        ),
    )
    .unwrap();
    write(dir, "src/schema.rs", printed);
    write(
        dir,
        "diesel.toml",
        "[print_schema]\nfile = \"src/schema.rs\"\nfilter = { except_tables = [\"^t$\"] }\n",
    );
    let o = ok(dir, &["autogenerate", "-m", "drop gone"]);
    assert!(o.stderr.contains("drop enum gone"), "{}", o.stderr);
    assert!(!o.stderr.contains("drop enum mood"), "{}", o.stderr);
    ok(dir, &["upgrade"]);
    assert_clean(dir);
    assert_eq!(
        db.column("SELECT typname::text FROM pg_type WHERE typtype = 'e' ORDER BY 1"),
        ["mood", "tone"]
    );
}

/// SQLite: print-schema writes `Nullable<BigInt>` for a `BIGINT PRIMARY KEY`
/// (SQLite lets it hold NULL), and with `sqlite_integer_primary_key_is_bigint`
/// `BigInt` for INTEGER columns: both match the database as it is.
#[test]
fn sqlite_bigint_keys_and_integer_primary_key_is_bigint() {
    let Some(db) = TestDb::new(DialectKind::Sqlite) else {
        return;
    };
    run(
        &db,
        "CREATE TABLE big (id BIGINT PRIMARY KEY, x INT);
         CREATE TABLE p (id INTEGER PRIMARY KEY, n TEXT);
         CREATE TABLE c (id INTEGER PRIMARY KEY NOT NULL, p_id INTEGER NOT NULL REFERENCES p (id), q INTEGER);",
    );
    // print-schema with sqlite_integer_primary_key_is_bigint = true.
    let printed = "diesel::table! {\n    big (id) {\n        id -> Nullable<BigInt>,\n        x -> Nullable<Integer>,\n    }\n}\n\n\
        diesel::table! {\n    c (id) {\n        id -> BigInt,\n        p_id -> BigInt,\n        q -> Nullable<Integer>,\n    }\n}\n\n\
        diesel::table! {\n    p (id) {\n        id -> Nullable<BigInt>,\n        n -> Nullable<Text>,\n    }\n}\n\n\
        diesel::joinable!(c -> p (p_id));\n";
    let env = env(&db, "diesel = \"schema.rs\"", &[("schema.rs", printed)]);
    let dir = env.path();
    assert_clean(dir);
    // Written NOT NULL, the BIGINT key is one change.
    write(
        dir,
        "schema.rs",
        &printed.replacen("id -> Nullable<BigInt>", "id -> BigInt", 1),
    );
    let (code, out) = check(dir);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("rebuild table big") && !out.contains("table c"),
        "{out}"
    );
}

/// print-schema's `#[max_length]` on a `pg_catalog` custom type (varbit) is
/// the column's length; widening it to unbounded loses nothing.
#[test]
fn postgres_varbit_keeps_its_max_length() {
    let Some(db) = TestDb::new(DialectKind::Postgres) else {
        return;
    };
    run(
        &db,
        "CREATE TABLE t (id int PRIMARY KEY, vb varbit(10), vu varbit)",
    );
    let printed = "pub mod sql_types {\n    #[derive(diesel::sql_types::SqlType)]\n    #[diesel(postgres_type(name = \"varbit\", schema = \"pg_catalog\"))]\n    pub struct Varbit;\n}\n\n\
        diesel::table! {\n    use diesel::sql_types::*;\n    use super::sql_types::Varbit;\n\n    t (id) {\n        id -> Int4,\n        \
        #[max_length = 10]\n        vb -> Nullable<Varbit>,\n        vu -> Nullable<Varbit>,\n    }\n}\n";
    let env = env(&db, "diesel = \"schema.rs\"", &[("schema.rs", printed)]);
    let dir = env.path();
    assert_clean(dir);
    write(
        dir,
        "schema.rs",
        &printed.replace("#[max_length = 10]\n", ""),
    );
    let o = ok(dir, &["autogenerate", "-m", "unbounded"]);
    assert!(!o.stderr.contains("DATA LOSS"), "{}", o.stderr);
    let o = ok(dir, &["upgrade", "--sql"]);
    assert!(
        o.stdout.contains("ALTER COLUMN vb TYPE bit varying;") && !o.stdout.contains("DATA LOSS"),
        "{}",
        o.stdout
    );
}

/// A failed `diesel print-schema > src/schema.rs` leaves an empty file:
/// refused, naming it, instead of dropping every table.
#[test]
fn an_empty_schema_rs_is_refused() {
    let Some(db) = TestDb::new(DialectKind::Sqlite) else {
        return;
    };
    run(&db, "CREATE TABLE users (id INTEGER PRIMARY KEY)");
    let env = env(&db, "diesel = \"src/schema.rs\"", &[("src/schema.rs", "")]);
    let dir = env.path();
    for verb in [&["check"][..], &["autogenerate", "-m", "x"]] {
        let o = revise(dir, verb);
        assert_eq!(o.code, 2, "{}\n{}", o.stdout, o.stderr);
        assert!(
            o.stderr.contains("no table! in src/schema.rs"),
            "{}",
            o.stderr
        );
    }
    assert_eq!(db.user_tables(), ["users"]);
}
