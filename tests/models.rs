//! Models from the user's crate: Diesel `schema.rs`, the JSON model format and
//! an export command, each round-tripped through autogenerate, upgrade and
//! check on all three databases; and the example crates under
//! `tests/fixtures/crates/` built and run.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::TestDb;
use common::cli::{env_for, fails, ok, revise, revise_with, revision_files};
use revise::url::DialectKind;

backend_tests!(
    diesel_schema_rs_round_trip,
    diesel_with_a_companion_sql_file,
    json_models_round_trip,
    export_command_round_trip,
    tables_diesel_toml_filters_out_are_left_alone,
    two_keys_on_one_column_keep_their_own_actions,
    a_companion_column_leaves_the_other_defaults_to_the_database,
    joins_for_queries_are_not_keys_when_told,
    renames_keep_what_schema_rs_cannot_say,
    a_dropped_table_takes_the_keys_into_it
);

/// The upgrade section of a revision file.
fn upgrade_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let start = text.find("-- revise:upgrade").expect("upgrade marker");
    let end = text.find("-- revise:downgrade").expect("downgrade marker");
    text[start..end].to_string()
}

/// Renaming a column (Lemmy's `person.actor_id` to `ap_id`) and a table
/// under Diesel models: the unique key, index, check and default on the
/// column, and the table's index and foreign key, are what `schema.rs`
/// cannot state; they follow the rename instead of being dropped, so the
/// upgrade is the renames alone and uniqueness still holds afterwards.
fn renames_keep_what_schema_rs_cannot_say(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let (text, text_rs) = match kind {
        DialectKind::Sqlite => ("TEXT", "Text"),
        _ => ("VARCHAR(255)", "Varchar"),
    };
    let length = match kind {
        DialectKind::Sqlite => "",
        _ => "#[max_length = 255]\n        ",
    };
    let mut conn = db.connect();
    for sql in [
        format!(
            "CREATE TABLE person (id INTEGER PRIMARY KEY, actor_id {text} NOT NULL DEFAULT 'http://x', \
             name {text} NOT NULL, CONSTRAINT uq_person_actor UNIQUE (actor_id), \
             CONSTRAINT ck_person_name CHECK (name <> ''))"
        ),
        "CREATE INDEX ix_person_name ON person (name)".to_string(),
        "CREATE TABLE post (id INTEGER PRIMARY KEY, creator_id INTEGER, \
         CONSTRAINT fk_post_creator FOREIGN KEY (creator_id) REFERENCES person (id) ON DELETE CASCADE)"
            .to_string(),
        "CREATE INDEX ix_post_creator ON post (creator_id)".to_string(),
    ] {
        conn.execute(&sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    let env = env_for(&db, "diesel = \"schema.rs\"");
    let dir = env.path();
    std::fs::write(
        dir.join("schema.rs"),
        format!(
            "diesel::table! {{\n    person (id) {{\n        id -> Integer,\n        {length}ap_id -> {text_rs},\n        \
             {length}username -> {text_rs},\n    }}\n}}\n\n\
             diesel::table! {{\n    posts (id) {{\n        id -> Integer,\n        creator_id -> Nullable<Integer>,\n    }}\n}}\n"
        ),
    )
    .unwrap();
    ok(
        dir,
        &[
            "--no-input",
            "autogenerate",
            "-m",
            "renames",
            "--rename",
            "person.actor_id=ap_id",
            "--rename",
            "person.name=username",
            "--rename",
            "post=posts",
        ],
    );
    let files = revision_files(dir);
    let up = upgrade_of(&files[0]);
    let statements: Vec<&str> = up
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("--"))
        .collect();
    assert!(
        !statements.is_empty() && statements.iter().all(|l| l.contains("RENAME")),
        "the upgrade is the renames alone [{kind}]:\n{up}"
    );
    ok(dir, &["upgrade", "head"]);
    assert_eq!(check(dir, &[]), 0, "[{kind}]");
    let mut conn = db.connect();
    if kind == DialectKind::Sqlite {
        // Off by default on a new SQLite connection.
        conn.execute("PRAGMA foreign_keys = ON").unwrap();
    }
    conn.execute("INSERT INTO person (id, ap_id, username) VALUES (1, 'a', 'x')")
        .unwrap();
    assert!(
        conn.execute("INSERT INTO person (id, ap_id, username) VALUES (2, 'a', 'y')")
            .is_err(),
        "the unique key moved with the column [{kind}]"
    );
    assert!(
        conn.execute("INSERT INTO person (id, ap_id, username) VALUES (3, 'b', '')")
            .is_err(),
        "the check moved with the column [{kind}]"
    );
    conn.execute("INSERT INTO person (id, username) VALUES (4, 'z')")
        .unwrap();
    assert_eq!(
        db.column("SELECT ap_id FROM person WHERE id = 4"),
        ["http://x"],
        "the default moved with the column [{kind}]"
    );
    conn.execute("INSERT INTO posts (id, creator_id) VALUES (1, 1)")
        .unwrap();
    assert!(
        conn.execute("INSERT INTO posts (id, creator_id) VALUES (2, 99)")
            .is_err(),
        "the foreign key moved with the table [{kind}]"
    );
    drop(conn);
    ok(dir, &["downgrade", "base"]);
    let schema = revise(dir, &["schema"]).stdout;
    for name in [
        "uq_person_actor",
        "ix_person_name",
        "ix_post_creator",
        "actor_id",
    ] {
        assert!(schema.contains(name), "{name} back [{kind}]:\n{schema}");
    }
}

/// A table `schema.rs` no longer has (Lemmy's `instance`, which eight keys
/// point at): the database's keys into it go first, or the DROP TABLE would
/// fail, and the downgrade puts them back with their actions. A table named
/// `__*`, which print-schema never writes, is left alone.
fn a_dropped_table_takes_the_keys_into_it(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let mut conn = db.connect();
    for sql in [
        "CREATE TABLE instance (id INTEGER PRIMARY KEY)",
        "CREATE TABLE person (id INTEGER PRIMARY KEY, instance_id INTEGER NOT NULL, \
         CONSTRAINT fk_person_instance FOREIGN KEY (instance_id) REFERENCES instance (id) ON DELETE CASCADE)",
        "CREATE TABLE __app_cache (k INTEGER PRIMARY KEY)",
    ] {
        conn.execute(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    drop(conn);
    let env = env_for(&db, "diesel = \"schema.rs\"");
    let dir = env.path();
    std::fs::write(
        dir.join("schema.rs"),
        "diesel::table! {\n    person (id) {\n        id -> Integer,\n        instance_id -> Integer,\n    }\n}\n",
    )
    .unwrap();
    let o = ok(dir, &["--no-input", "autogenerate", "-m", "drop instance"]);
    if kind != DialectKind::Sqlite {
        // SQLite adds it by a rebuild, whose own check names the rows.
        assert!(
            o.stderr.contains(
                "the downgrade adds a foreign key of person (instance_id) into instance; instance is created empty here"
            ),
            "[{kind}]: {}",
            o.stderr
        );
    }
    let up = upgrade_of(&revision_files(dir)[0]);
    assert!(!up.contains("__app_cache"), "[{kind}]:\n{up}");
    ok(dir, &["upgrade", "head"]);
    assert_eq!(check(dir, &[]), 0, "[{kind}]");
    assert!(
        db.user_tables().iter().any(|t| t == "__app_cache"),
        "[{kind}]"
    );
    ok(dir, &["downgrade", "base"]);
    let schema = revise(dir, &["schema"]).stdout;
    assert!(
        schema.contains("fk_person_instance") || kind == DialectKind::Sqlite,
        "[{kind}]:\n{schema}"
    );
    assert!(
        schema.contains("REFERENCES instance") && schema.contains("ON DELETE CASCADE"),
        "the key is back with its action [{kind}]:\n{schema}"
    );
}

/// A table `diesel.toml` keeps out of `schema.rs` (PostGIS's
/// `spatial_ref_sys`, say) is not dropped; without the filter it would be.
fn tables_diesel_toml_filters_out_are_left_alone(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let source = diesel_dir(kind);
    run_sql(&db, kind, &source.join("database.sql"));
    db.connect()
        .execute("CREATE TABLE spatial_ref_sys (srid INTEGER PRIMARY KEY, auth_name VARCHAR(256))")
        .unwrap();
    let env = env_for(&db, "diesel = \"src/schema.rs\"");
    let dir = env.path();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::copy(source.join("schema.rs"), dir.join("src/schema.rs")).unwrap();
    assert_eq!(check(dir, &[]), 1, "without diesel.toml the table would go");
    let o = revise(dir, &["check"]);
    assert!(
        o.stdout.contains("-CREATE TABLE spatial_ref_sys"),
        "{}",
        o.stdout
    );

    std::fs::write(
        dir.join("diesel.toml"),
        "[print_schema]\nfile = \"src/schema.rs\"\nfilter = { except_tables = [\"^spatial_ref_sys$\"] }\n",
    )
    .unwrap();
    assert_eq!(
        check(dir, &[]),
        0,
        "filtered out of schema.rs, so not the models' to drop"
    );
    let o = revise(dir, &["autogenerate", "-m", "nothing"]);
    assert!(o.stderr.contains("no changes detected"), "{}", o.stderr);
}

/// A column with two keys to one table, one plain and one named that
/// cascades: schema.rs, with or without a `joinable!` for the column, says
/// nothing of either key's actions, so neither is changed.
fn two_keys_on_one_column_keep_their_own_actions(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let mut conn = db.connect();
    conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY)")
        .unwrap();
    conn.execute(
        "CREATE TABLE domains (id INTEGER PRIMARY KEY, owner_id INTEGER, \
         FOREIGN KEY (owner_id) REFERENCES users (id), \
         CONSTRAINT fk_domains_owner FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE)",
    )
    .unwrap();
    let env = env_for(&db, "diesel = \"schema.rs\"");
    let dir = env.path();
    let tables = "diesel::table! {\n    users (id) {\n        id -> Integer,\n    }\n}\n\n\
                  diesel::table! {\n    domains (id) {\n        id -> Integer,\n        owner_id -> Nullable<Integer>,\n    }\n}\n";
    for joinable in ["", "\ndiesel::joinable!(domains -> users (owner_id));\n"] {
        std::fs::write(dir.join("schema.rs"), format!("{tables}{joinable}")).unwrap();
        let o = revise(dir, &["check"]);
        assert_eq!(
            o.code, 0,
            "joinable {joinable:?}:\n{}\n{}",
            o.stdout, o.stderr
        );
    }
}

/// A column schema.rs leaves out (crates.io patches `categories.path` away)
/// put back by a companion `ADD COLUMN`: the other columns keep their
/// defaults and serial, and the added column keeps what the SQL gives it.
fn a_companion_column_leaves_the_other_defaults_to_the_database(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let id = match kind {
        DialectKind::Postgres => "id SERIAL PRIMARY KEY",
        DialectKind::Mysql => "id INTEGER AUTO_INCREMENT PRIMARY KEY",
        DialectKind::Sqlite => "id INTEGER PRIMARY KEY AUTOINCREMENT",
    };
    db.connect()
        .execute(&format!(
            "CREATE TABLE categories ({id}, crates_cnt INTEGER NOT NULL DEFAULT 0, path TEXT NOT NULL)"
        ))
        .unwrap();
    let env = env_for(&db, "diesel = \"schema.rs\"\nsql = \"extra.sql\"");
    let dir = env.path();
    std::fs::write(
        dir.join("schema.rs"),
        "diesel::table! {\n    categories (id) {\n        id -> Integer,\n        crates_cnt -> Integer,\n    }\n}\n",
    )
    .unwrap();
    std::fs::write(dir.join("extra.sql"), "").unwrap();
    let o = revise(dir, &["check"]);
    assert_eq!(o.code, 1, "without the companion, path would go");
    // SQLite rebuilds the table: its downgrade cannot add a NOT NULL column
    // without a default back with ALTER TABLE.
    let dropped = match kind {
        DialectKind::Sqlite => "rebuild table categories (copying its rows) to drop column path",
        _ => "drop column categories.path",
    };
    assert!(o.stderr.contains(dropped), "{}", o.stderr);

    std::fs::write(
        dir.join("extra.sql"),
        "ALTER TABLE categories ADD COLUMN path TEXT NOT NULL;\n",
    )
    .unwrap();
    let o = revise(dir, &["check"]);
    assert_eq!(o.code, 0, "{}\n{}", o.stdout, o.stderr);

    // A default the companion gives its column is compared.
    std::fs::write(
        dir.join("extra.sql"),
        "ALTER TABLE categories ADD COLUMN path VARCHAR(20) NOT NULL DEFAULT 'x';\n",
    )
    .unwrap();
    let o = revise(dir, &["check"]);
    assert_eq!(o.code, 1, "{}\n{}", o.stdout, o.stderr);
    // Only path's line changes (SQLite rebuilds the table for it).
    let changed: Vec<&str> = o
        .stdout
        .lines()
        .filter(|l| {
            (l.starts_with('-') || l.starts_with('+'))
                && !l.starts_with("---")
                && !l.starts_with("+++")
        })
        .collect();
    assert!(
        !changed.is_empty() && changed.iter().all(|l| l.contains("path")),
        "{}",
        o.stdout
    );
    assert!(
        changed
            .iter()
            .any(|l| l.starts_with('+') && l.contains("DEFAULT 'x'")),
        "{}",
        o.stdout
    );
}

/// crates.io's `crate_owners.owner_id` points at users or teams by a kind
/// column, and its schema.rs joins it to both: as keys they would be added
/// (with a warning); with `joinable_keys = false` the database is left as it
/// is, its own keys included.
fn joins_for_queries_are_not_keys_when_told(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let mut conn = db.connect();
    for sql in [
        "CREATE TABLE teams (id INTEGER PRIMARY KEY)",
        "CREATE TABLE users (id INTEGER PRIMARY KEY)",
        "CREATE TABLE crate_owners (id INTEGER PRIMARY KEY, owner_id INTEGER NOT NULL, \
         created_by INTEGER, FOREIGN KEY (created_by) REFERENCES users (id))",
    ] {
        conn.execute(sql).unwrap();
    }
    let table = |name: &str, columns: &str| {
        format!(
            "diesel::table! {{\n    {name} (id) {{\n        id -> Integer,\n{columns}    }}\n}}\n"
        )
    };
    let schema_rs = format!(
        "{}{}{}diesel::joinable!(crate_owners -> teams (owner_id));\ndiesel::joinable!(crate_owners -> users (owner_id));\n",
        table("teams", ""),
        table("users", ""),
        table(
            "crate_owners",
            "        owner_id -> Integer,\n        created_by -> Nullable<Integer>,\n"
        ),
    );
    let env = env_for(&db, "diesel = \"schema.rs\"");
    let dir = env.path();
    std::fs::write(dir.join("schema.rs"), schema_rs).unwrap();
    let o = revise(dir, &["check"]);
    assert_eq!(o.code, 1, "{}\n{}", o.stdout, o.stderr);
    assert!(
        o.stderr
            .contains("a foreign key to each of teams and users"),
        "{}",
        o.stderr
    );
    std::fs::write(
        dir.join("alembic.toml"),
        format!(
            "[database]\nurl = \"{}\"\n[models]\ndiesel = \"schema.rs\"\njoinable_keys = false\n",
            db.url_text()
        ),
    )
    .unwrap();
    let o = revise(dir, &["check"]);
    assert_eq!(o.code, 0, "{}\n{}", o.stdout, o.stderr);
    assert!(!o.stderr.contains("foreign key to each"), "{}", o.stderr);
}

/// PostgreSQL: `Bpchar` without `#[max_length]` (print-schema before diesel
/// 2.1) keeps an existing `character(3)`, but a new column of it would be
/// `character(1)`: autogenerate stops naming the column, and the statement
/// it suggests for a companion SQL file works.
#[test]
fn a_postgres_bpchar_without_a_length_is_not_written() {
    let Some(db) = TestDb::new(DialectKind::Postgres) else {
        return;
    };
    db.connect()
        .execute("CREATE TABLE codes (id INTEGER PRIMARY KEY, code CHARACTER(3) NOT NULL)")
        .unwrap();
    let env = env_for(&db, "diesel = \"schema.rs\"\nsql = \"extra.sql\"");
    let dir = env.path();
    std::fs::write(
        dir.join("schema.rs"),
        "diesel::table! {\n    codes (id) {\n        id -> Int4,\n        code -> Bpchar,\n    }\n}\n\n\
         diesel::table! {\n    tags (id) {\n        id -> Int4,\n        short -> Bpchar,\n    }\n}\n",
    )
    .unwrap();
    std::fs::write(dir.join("extra.sql"), "").unwrap();
    let o = revise(dir, &["autogenerate", "-m", "tags"]);
    assert_eq!(o.code, 2, "{}\n{}", o.stdout, o.stderr);
    assert!(
        o.stderr.contains(
            "column tags.short: schema.rs gives it Diesel's `Bpchar` type without a length"
        ) && o
            .stderr
            .trim_end()
            .ends_with("ALTER TABLE tags ALTER COLUMN short TYPE CHAR(N);"),
        "{}",
        o.stderr
    );
    assert!(revision_files(dir).is_empty(), "nothing written");
    // The suggested statement, with a length.
    std::fs::write(
        dir.join("extra.sql"),
        "ALTER TABLE tags ALTER COLUMN short TYPE CHAR(2);\n",
    )
    .unwrap();
    let o = ok(dir, &["autogenerate", "-m", "tags"]);
    assert!(o.stderr.contains("create table tags"), "{}", o.stderr);
    assert!(
        !o.stderr.contains("codes"),
        "codes keeps its character(3): {}",
        o.stderr
    );
    ok(dir, &["upgrade"]);
    assert_eq!(check(dir, &[]), 0);
    db.connect()
        .execute("INSERT INTO tags (id, short) VALUES (1, 'ab')")
        .unwrap();
}

/// Lemmy's schema.rs on a database without the ltree extension: print-schema
/// declares `Ltree` as a custom type, and a hand-written table imports
/// `diesel_ltree`'s. The new tables would fail at upgrade (`type "ltree"
/// does not exist`): autogenerate stops, naming the column and the
/// extension, and the companion file's `CREATE EXTENSION` makes it work.
#[test]
fn a_postgres_extension_type_needs_the_extension() {
    let Some(db) = TestDb::new(DialectKind::Postgres) else {
        return;
    };
    let env = env_for(&db, "diesel = \"schema.rs\"\nsql = \"extra.sql\"");
    let dir = env.path();
    std::fs::write(
        dir.join("schema.rs"),
        "pub mod sql_types {\n    #[derive(diesel::query_builder::QueryId, diesel::sql_types::SqlType)]\n    \
         #[diesel(postgres_type(name = \"ltree\"))]\n    pub struct Ltree;\n}\n\n\
         diesel::table! {\n    use diesel::sql_types::*;\n    use super::sql_types::Ltree;\n\n    \
         comment (id) {\n        id -> Int4,\n        path -> Ltree,\n    }\n}\n\n\
         diesel::table! {\n    use diesel::sql_types::*;\n    use diesel_ltree::sql_types::Ltree;\n\n    \
         community (id) {\n        id -> Int4,\n        path -> Nullable<Ltree>,\n    }\n}\n",
    )
    .unwrap();
    std::fs::write(dir.join("extra.sql"), "").unwrap();
    let err = fails(
        dir,
        &["autogenerate", "-m", "comments"],
        "path: type ltree comes from the ltree extension, which the database lacks and the models do not create; \
         add CREATE EXTENSION IF NOT EXISTS ltree; to the models (for Diesel, in a companion SQL file",
    );
    assert!(
        err.starts_with("error: column comment.path")
            || err.starts_with("error: column community.path"),
        "{err}"
    );
    assert_eq!(
        revision_files(dir),
        Vec::<PathBuf>::new(),
        "nothing written"
    );
    std::fs::write(
        dir.join("extra.sql"),
        "CREATE EXTENSION IF NOT EXISTS ltree;\n",
    )
    .unwrap();
    let o = ok(dir, &["autogenerate", "-m", "comments"]);
    assert!(o.stderr.contains("create table community"), "{}", o.stderr);
    ok(dir, &["upgrade"]);
    assert_eq!(check(dir, &[]), 0);
    db.connect()
        .execute("INSERT INTO comment (id, path) VALUES (1, '0.1')")
        .unwrap();
}

/// MySQL: Diesel's `Decimal` has no precision, and `DECIMAL` alone is
/// DECIMAL(10,0): a new column of it stops autogenerate, and the suggested
/// companion statement, with a precision, keeps the cents.
#[test]
fn a_mysql_decimal_without_precision_is_not_written() {
    let Some(db) = TestDb::new(DialectKind::Mysql) else {
        return;
    };
    db.connect()
        .execute("CREATE TABLE prices (id INTEGER PRIMARY KEY, amount DECIMAL(8,3) NOT NULL)")
        .unwrap();
    let env = env_for(&db, "diesel = \"schema.rs\"\nsql = \"extra.sql\"");
    let dir = env.path();
    std::fs::write(
        dir.join("schema.rs"),
        "diesel::table! {\n    prices (id) {\n        id -> Integer,\n        amount -> Decimal,\n        tax -> Decimal,\n    }\n}\n",
    )
    .unwrap();
    std::fs::write(dir.join("extra.sql"), "").unwrap();
    let o = revise(dir, &["autogenerate", "-m", "tax"]);
    assert_eq!(o.code, 2, "{}\n{}", o.stdout, o.stderr);
    assert!(
        o.stderr.contains("column prices.tax: schema.rs gives it Diesel's `Decimal` type without a precision and scale")
            && o.stderr.trim_end().ends_with("ALTER TABLE prices MODIFY COLUMN tax DECIMAL(P, S) NOT NULL;"),
        "{}",
        o.stderr
    );
    std::fs::write(
        dir.join("extra.sql"),
        "ALTER TABLE prices MODIFY COLUMN tax DECIMAL(6, 2) NOT NULL;\n",
    )
    .unwrap();
    let o = ok(dir, &["autogenerate", "-m", "tax"]);
    assert!(o.stderr.contains("add column prices.tax"), "{}", o.stderr);
    assert!(
        !o.stderr.contains("prices.amount"),
        "amount keeps DECIMAL(8,3): {}",
        o.stderr
    );
    ok(dir, &["upgrade"]);
    assert_eq!(check(dir, &[]), 0);
    let mut conn = db.connect();
    conn.execute("INSERT INTO prices (id, amount, tax) VALUES (1, 1.5, 9.99)")
        .unwrap();
    assert_eq!(
        db.column("SELECT CAST(tax AS CHAR) FROM prices"),
        vec!["9.99"]
    );
}

/// A companion SQL file adds what `schema.rs` cannot say (indexes here); once
/// it speaks about a table's indexes, they are fully described by it.
fn diesel_with_a_companion_sql_file(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let source = diesel_dir(kind);
    run_sql(&db, kind, &source.join("database.sql"));
    let env = env_for(&db, "diesel = \"schema.rs\"\nsql = \"extra.sql\"");
    let dir = env.path();
    std::fs::copy(source.join("schema.rs"), dir.join("schema.rs")).unwrap();
    std::fs::write(
        dir.join("extra.sql"),
        "CREATE INDEX ix_tags_by_tag ON post_tags (tag);\n",
    )
    .unwrap();
    assert_eq!(check(dir, &[]), 1, "the companion's index is missing");
    let o = ok(dir, &["autogenerate", "-m", "tag index"]);
    assert!(
        o.stderr
            .contains("create index ix_tags_by_tag on post_tags"),
        "{}",
        o.stderr
    );
    ok(dir, &["upgrade"]);
    assert_eq!(check(dir, &[]), 0);

    // The companion now names another index for the table: the first one goes.
    std::fs::write(
        dir.join("extra.sql"),
        "CREATE INDEX ix_tags_by_tag_post ON post_tags (tag, post_id);\n",
    )
    .unwrap();
    let o = ok(dir, &["autogenerate", "-m", "wider tag index"]);
    assert!(
        o.stderr.contains("drop index ix_tags_by_tag on post_tags"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains(
            "warning: index ix_tags_by_tag of table post_tags is dropped: a companion SQL file describes"
        ),
        "the drop is pointed out: {}",
        o.stderr
    );
    assert!(
        o.stderr
            .contains("create index ix_tags_by_tag_post on post_tags"),
        "{}",
        o.stderr
    );
    ok(dir, &["upgrade"]);
    assert_eq!(check(dir, &[]), 0);
    ok(dir, &["downgrade", "base"]);
    std::fs::write(dir.join("extra.sql"), "").unwrap();
    assert_eq!(check(dir, &[]), 0, "back where the database started");
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Where the example crates build: one target dir shared between them and
/// between runs, so revise and diesel compile once.
fn crates_target() -> PathBuf {
    let base = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    base.join("fixture-crates")
}

fn diesel_dir(kind: DialectKind) -> PathBuf {
    let name = match kind {
        DialectKind::Postgres => "postgres",
        DialectKind::Mysql => "mysql",
        DialectKind::Sqlite => "sqlite",
    };
    fixtures().join("diesel").join(name)
}

fn run_sql(db: &TestDb, kind: DialectKind, path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut conn = db.connect();
    for stmt in revise::script::split::split_statements(&text, kind).unwrap() {
        // The fixture DDL carries comments for `diesel print-schema`; run what it holds.
        conn.execute(&stmt.sql)
            .unwrap_or_else(|e| panic!("{} [{kind}]: {e}\n{}", path.display(), stmt.sql));
    }
}

fn check(dir: &Path, envs: &[(&str, &str)]) -> i32 {
    let o = revise_with(dir, &["check"], envs);
    assert!(
        o.code == 0 || o.code == 1,
        "check failed: {}\n{}",
        o.stdout,
        o.stderr
    );
    o.code
}

fn diesel_schema_rs_round_trip(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let source = diesel_dir(kind);
    run_sql(&db, kind, &source.join("database.sql"));
    // An index schema.rs cannot express, made by hand in the database.
    db.connect()
        .execute("CREATE INDEX ix_by_hand ON post_tags (tag)")
        .unwrap();
    // The table of Diesel's own migrations, in a project moving to revise.
    db.connect()
        .execute("CREATE TABLE __diesel_schema_migrations (version VARCHAR(50) PRIMARY KEY, run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)")
        .unwrap();

    let env = env_for(&db, "diesel = \"schema.rs\"");
    let dir = env.path();
    std::fs::copy(source.join("schema.rs"), dir.join("schema.rs")).unwrap();
    let o = revise(dir, &["check"]);
    assert_eq!(
        o.code, 0,
        "a database that matches its schema.rs diffs clean:\n{}\n{}",
        o.stdout, o.stderr
    );

    // A developer adds a field to a table! and runs autogenerate: every
    // fixture has `post_tags (post_id, tag)`.
    let text = std::fs::read_to_string(dir.join("schema.rs")).unwrap();
    let table = text.find("post_tags (post_id, tag) {").expect("post_tags");
    let tag = table + text[table..].find("tag -> ").expect("post_tags.tag");
    let end = tag + text[tag..].find('\n').expect("line end") + 1;
    let edited = format!(
        "{}        note -> Nullable<Text>,\n{}",
        &text[..end],
        &text[end..]
    );
    std::fs::write(dir.join("schema.rs"), edited).unwrap();
    assert_eq!(check(dir, &[]), 1);
    let o = ok(dir, &["autogenerate", "-m", "add note"]);
    assert!(
        o.stderr.contains("add column post_tags.note"),
        "{}",
        o.stderr
    );
    assert_eq!(
        o.stderr.matches("\n  ").count(),
        1,
        "one op only: {}",
        o.stderr
    );
    ok(dir, &["upgrade"]);
    assert_eq!(check(dir, &[]), 0, "fixed point after the upgrade");
    let indexes = db.column(&match kind {
        DialectKind::Postgres => "SELECT CAST(indexname AS TEXT) FROM pg_indexes WHERE indexname = 'ix_by_hand'".to_string(),
        DialectKind::Mysql => "SELECT CAST(INDEX_NAME AS CHAR) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = 'ix_by_hand'".to_string(),
        DialectKind::Sqlite => "SELECT name FROM sqlite_master WHERE name = 'ix_by_hand'".to_string(),
    });
    assert_eq!(
        indexes,
        vec!["ix_by_hand"],
        "the index schema.rs does not know is left alone"
    );
    // An index schema.rs cannot know, on a column schema.rs then drops: the
    // revision drops it with the column, and its downgrade makes it again.
    db.connect()
        .execute("CREATE INDEX ix_note ON post_tags (note)")
        .unwrap();
    std::fs::write(dir.join("schema.rs"), &text).unwrap();
    let o = ok(dir, &["autogenerate", "-m", "drop note"]);
    assert!(
        o.stderr.contains("drop index ix_note on post_tags"),
        "{}",
        o.stderr
    );
    ok(dir, &["upgrade"]);
    ok(dir, &["downgrade", "-1"]);
    let note_index = || {
        db.column(&match kind {
            DialectKind::Postgres => "SELECT CAST(indexname AS TEXT) FROM pg_indexes WHERE indexname = 'ix_note'".to_string(),
            DialectKind::Mysql => "SELECT DISTINCT CAST(INDEX_NAME AS CHAR) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = 'ix_note'".to_string(),
            DialectKind::Sqlite => "SELECT name FROM sqlite_master WHERE name = 'ix_note'".to_string(),
        })
    };
    assert_eq!(note_index(), vec!["ix_note"], "the downgrade recreated it");
    std::fs::remove_file(
        std::fs::read_dir(dir.join("migrations/versions"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().contains("drop_note"))
            .expect("the drop note revision"),
    )
    .unwrap();
    db.connect()
        .execute(match kind {
            DialectKind::Mysql => "DROP INDEX ix_note ON post_tags",
            _ => "DROP INDEX ix_note",
        })
        .unwrap();
    ok(dir, &["downgrade", "-1"]);
    std::fs::write(dir.join("schema.rs"), text).unwrap();
    assert_eq!(
        check(dir, &[]),
        0,
        "downgrade returns to the original schema.rs"
    );
}

fn json_models_round_trip(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let case = fixtures().join("autogen/create_tables/after.sql");
    run_sql(&db, kind, &case);
    if kind == DialectKind::Mysql {
        // The server prints a backslash in a literal escaped, and so does the
        // JSON; read back, it must stay one backslash.
        db.connect()
            .execute(
                "CREATE TABLE slashes (id INT PRIMARY KEY, \
                 e ENUM('it''s', 'b\\\\c') NOT NULL DEFAULT 'b\\\\c')",
            )
            .unwrap();
    }
    let env = env_for(&db, "json = \"schema.json\"");
    let dir = env.path();
    // `revise schema --json` prints the live schema in the format `[models] json` reads.
    let json = ok(dir, &["schema", "--json"]).stdout;
    assert!(json.contains("\"format\": \"revise-schema\""), "{json}");
    std::fs::write(dir.join("schema.json"), &json).unwrap();
    assert_eq!(check(dir, &[]), 0, "the database matches its own JSON");
    let ddl = ok(dir, &["schema"]).stdout;
    assert!(
        ddl.contains("CREATE TABLE") && ddl.contains("posts"),
        "{ddl}"
    );

    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let users = value["tables"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|t| t["name"] == "users")
        .unwrap();
    users["columns"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"name": "nickname", "type": "VARCHAR(40)"}));
    std::fs::write(
        dir.join("schema.json"),
        serde_json::to_string_pretty(&value).unwrap(),
    )
    .unwrap();
    assert_eq!(check(dir, &[]), 1);
    ok(dir, &["autogenerate", "-m", "nickname"]);
    ok(dir, &["upgrade"]);
    assert_eq!(check(dir, &[]), 0);

    // A newer format version is refused with a clear error, nothing compared.
    value["version"] = serde_json::json!(99);
    std::fs::write(
        dir.join("schema.json"),
        serde_json::to_string(&value).unwrap(),
    )
    .unwrap();
    let o = revise(dir, &["check"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("version 99 is newer"), "{}", o.stderr);
}

/// SQLite columns may have no type (`CREATE TABLE kv (k, v)`, Firefox's
/// `moz_meta (key TEXT PRIMARY KEY, value NOT NULL)`): `schema --json`
/// writes them with an empty type, which the JSON models read back, and
/// JSON models may create them.
#[test]
fn json_models_with_untyped_sqlite_columns_round_trip() {
    let db = TestDb::new(DialectKind::Sqlite).expect("SQLite is embedded");
    let mut conn = db.connect();
    for sql in [
        "CREATE TABLE kv (k, v)",
        "CREATE TABLE moz_meta (key TEXT PRIMARY KEY, value NOT NULL)",
        "INSERT INTO kv VALUES (1, 'one'), (x'00', 2.5)",
    ] {
        conn.execute(sql).unwrap();
    }
    let env = env_for(&db, "json = \"schema.json\"");
    let dir = env.path();
    let json = ok(dir, &["schema", "--json"]).stdout;
    assert!(json.contains("\"type\": \"\""), "{json}");
    std::fs::write(dir.join("schema.json"), &json).unwrap();
    assert_eq!(check(dir, &[]), 0, "the database matches its own JSON");

    // A table the models add, one column with an empty type and one without.
    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    value["tables"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "name": "cache",
            "columns": [{"name": "k", "type": "", "nullable": false}, {"name": "v"}],
            "primary_key": {"columns": ["k"]}
        }));
    std::fs::write(
        dir.join("schema.json"),
        serde_json::to_string_pretty(&value).unwrap(),
    )
    .unwrap();
    assert_eq!(check(dir, &[]), 1);
    ok(dir, &["autogenerate", "-m", "cache"]);
    ok(dir, &["upgrade"]);
    assert_eq!(check(dir, &[]), 0);
    let types = conn
        .query("SELECT name, type FROM pragma_table_info('cache') ORDER BY cid")
        .unwrap();
    let empty = |name: &str| vec![Some(name.to_string()), Some(String::new())];
    assert_eq!(types, vec![empty("k"), empty("v")]);
    let rows = conn.query("SELECT CAST(count(*) AS TEXT) FROM kv").unwrap();
    assert_eq!(rows, vec![vec![Some("2".to_string())]]);
}

fn export_command_round_trip(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let manifest = fixtures().join("crates/export_structs/Cargo.toml");
    let command = format!(
        "command = [\"cargo\", \"run\", \"--quiet\", \"--locked\", \"--manifest-path\", \"{}\", \"--bin\", \"export-schema\"]",
        manifest.display()
    );
    let env = env_for(&db, &command);
    let dir = env.path();
    let target = crates_target();
    let target = target.to_str().unwrap();
    let envs = [("CARGO_TARGET_DIR", target)];
    assert_eq!(
        check(dir, &envs),
        1,
        "an empty database drifts from the exported models"
    );
    let o = revise_with(dir, &["autogenerate", "-m", "customers and orders"], &envs);
    assert_eq!(o.code, 0, "{}", o.stderr);
    ok(dir, &["upgrade"]);
    assert_eq!(check(dir, &envs), 0);

    let next = [("CARGO_TARGET_DIR", target), ("EXPORT_WITH_LOYALTY", "1")];
    assert_eq!(check(dir, &next), 1);
    let o = revise_with(dir, &["autogenerate", "-m", "loyalty"], &next);
    assert!(
        o.code == 0 && o.stderr.contains("add column customers.loyalty_points"),
        "{}",
        o.stderr
    );
    ok(dir, &["upgrade"]);
    assert_eq!(check(dir, &next), 0);
    ok(dir, &["downgrade", "-1"]);
    assert_eq!(check(dir, &envs), 0);
}

#[test]
fn a_failing_export_command_shows_its_stderr_and_compares_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("migrations/versions")).unwrap();
    std::fs::write(
        dir.join("alembic.toml"),
        "[database]\nurl = \"sqlite://x.db\"\n[models]\ncommand = [\"sh\", \"-c\", \"echo 'error[E0433]: failed to resolve' >&2; exit 101\"]\n",
    )
    .unwrap();
    let o = revise(dir, &["check"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("exit status: 101")
            && o.stderr.contains("error[E0433]: failed to resolve"),
        "{}",
        o.stderr
    );
    assert!(!dir.join("x.db").exists(), "the database was not touched");
}

/// Whether process `pid` is gone (a zombie waiting for its reaper counts:
/// it runs nothing).
#[cfg(unix)]
fn process_gone(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
    }
}

#[cfg(unix)]
#[test]
fn an_interrupted_revise_stops_the_export_command() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("migrations/versions")).unwrap();
    // `$$$$`: the config reads `$$` as a `$`.
    std::fs::write(
        dir.join("alembic.toml"),
        "[database]\nurl = \"sqlite://x.db\"\n[models]\ncommand = [\"sh\", \"-c\", \"echo $$$$ > pid.tmp; mv pid.tmp pid; exec sleep 300\"]\n",
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_revise"))
        .arg("check")
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env_remove("REVISE_URL")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the command to be running (it writes its pid, then sleeps).
    let pid_file = dir.join("pid");
    let pid = loop {
        if let Ok(pid) = std::fs::read_to_string(&pid_file) {
            break pid.trim().to_string();
        }
        assert!(child.try_wait().unwrap().is_none(), "revise ended early");
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert!(!process_gone(&pid), "the export command runs");
    let revise_pid = libc::pid_t::try_from(child.id()).unwrap();
    // SAFETY: kill(2) on the pid of our own child.
    unsafe {
        libc::kill(revise_pid, libc::SIGTERM);
    }
    let status = child.wait().unwrap();
    assert!(!status.success(), "revise was terminated: {status:?}");
    // SIGKILL is immediate, but the kernel may take a moment to tear the
    // process down: poll until gone (the sleep would last 300 s).
    let mut waited = 0;
    while !process_gone(&pid) && waited < 500 {
        std::thread::sleep(std::time::Duration::from_millis(20));
        waited += 1;
    }
    assert!(process_gone(&pid), "export command {pid} still runs");
}

#[test]
fn example_crates_build_and_run() {
    let target = crates_target();
    let cargo = |manifest: &Path, args: &[&str]| {
        let out = Command::new(env!("CARGO"))
            .arg(args[0])
            .arg("--manifest-path")
            .arg(manifest)
            .args(&args[1..])
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .expect("run cargo");
        assert!(
            out.status.success(),
            "cargo {args:?} {}: {}",
            manifest.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let exporter = fixtures().join("crates/export_structs/Cargo.toml");
    let json = cargo(
        &exporter,
        &["run", "--quiet", "--locked", "--bin", "export-schema"],
    );
    let schema = revise::schema::json::from_json(Path::new("export-schema"), &json)
        .expect("valid JSON model");
    assert_eq!(schema.tables.len(), 2);

    // The Diesel application migrates itself with revise at start-up, then
    // queries through Diesel with the schema.rs revise also reads.
    let app = fixtures().join("crates/diesel_app/Cargo.toml");
    let tmp = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", tmp.path().join("app.db").display());
    let out = cargo(&app, &["run", "--quiet", "--locked", "--", &url]);
    assert_eq!(
        out,
        "applied 1 revision(s)\nUrsula K. Le Guin: The Dispossessed\n"
    );
    // ...and revise agrees that the database matches that schema.rs.
    let env = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(env.path().join("migrations/versions")).unwrap();
    let schema_rs = fixtures().join("crates/diesel_app/src/schema.rs");
    std::fs::write(
        env.path().join("alembic.toml"),
        format!(
            "[database]\nurl = \"{url}\"\n[models]\ndiesel = \"{}\"\n",
            schema_rs.display()
        ),
    )
    .unwrap();
    let o = revise(env.path(), &["check"]);
    assert_eq!(o.code, 0, "{}\n{}", o.stdout, o.stderr);
}

/// A diesel-1 print-schema `schema.rs` for MySQL has no `#[max_length]`:
/// `token -> Char` and `note -> Varchar` in a new table would be written
/// `char(1)` (every real token rejected or cut) and `varchar` (a syntax
/// error). Autogenerate stops, naming the column and the fix, and writes
/// nothing; either fix it offers then works, and `check` is clean after the
/// upgrade. The existing table's length-less columns keep their lengths.
#[test]
fn mysql_diesel_types_without_a_length_are_not_written_as_ddl() {
    let Some(db) = TestDb::new(DialectKind::Mysql) else {
        return;
    };
    db.connect()
        .execute(
            "CREATE TABLE webe_accounts (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, \
             email VARCHAR(255) NOT NULL, verify_code CHAR(6), pw BLOB NOT NULL, hash BINARY(32) NOT NULL)",
        )
        .unwrap();
    let env = env_for(&db, "diesel = \"schema.rs\"\nsql = \"extra.sql\"");
    let dir = env.path();
    std::fs::write(dir.join("extra.sql"), "").unwrap();
    let accounts = "table! {\n    webe_accounts (id) {\n        id -> Unsigned<Bigint>,\n        email -> Varchar,\n        \
                    verify_code -> Nullable<Char>,\n        pw -> Blob,\n        hash -> Binary,\n    }\n}\n";
    let sessions = |token: &str, note: &str| {
        format!(
            "{accounts}table! {{\n    webe_sessions (token) {{\n        {token}\n        account_id -> Unsigned<Bigint>,\n        {note}\n    }}\n}}\n\
             joinable!(webe_sessions -> webe_accounts (account_id));\n"
        )
    };
    std::fs::write(dir.join("schema.rs"), accounts).unwrap();
    assert_eq!(
        check(dir, &[]),
        0,
        "length-less types over existing columns"
    );

    std::fs::write(
        dir.join("schema.rs"),
        sessions("token -> Char,", "note -> Varchar,"),
    )
    .unwrap();
    for args in [
        &["autogenerate", "-m", "sessions"][..],
        &["autogenerate", "--sql", "-m", "sessions"],
        &["check"],
    ] {
        let err = fails(
            dir,
            args,
            "column webe_sessions.token: schema.rs gives it Diesel's `Char` type without a length, \
             and the database has no such table to take the type from; add `#[max_length = N]` above it",
        );
        assert!(
            err.ends_with("ALTER TABLE webe_sessions MODIFY COLUMN token CHAR(N) NOT NULL;"),
            "{err}"
        );
    }
    assert_eq!(
        revision_files(dir),
        Vec::<PathBuf>::new(),
        "nothing written"
    );
    assert_eq!(db.user_tables(), ["webe_accounts"]);

    // The first fix for token; note, still without a length, is next.
    std::fs::write(
        dir.join("schema.rs"),
        sessions(
            "#[max_length = 64]\n        token -> Char,",
            "note -> Varchar,",
        ),
    )
    .unwrap();
    fails(
        dir,
        &["autogenerate", "-m", "sessions"],
        "column webe_sessions.note: schema.rs gives it Diesel's `Varchar` type without a length",
    );
    // The second fix: the companion SQL restates the column.
    std::fs::write(
        dir.join("extra.sql"),
        "ALTER TABLE webe_sessions MODIFY COLUMN note VARCHAR(200) NOT NULL;\n",
    )
    .unwrap();
    ok(dir, &["autogenerate", "-m", "sessions"]);
    let written = revision_files(dir);
    assert_eq!(written.len(), 1);
    let text = std::fs::read_to_string(&written[0]).unwrap();
    assert!(
        text.contains("token char(64) NOT NULL") && text.contains("note varchar(200) NOT NULL"),
        "{text}"
    );
    ok(dir, &["upgrade"]);
    assert_eq!(check(dir, &[]), 0, "clean after the upgrade");
    let types = db.column(
        "SELECT CAST(COLUMN_TYPE AS CHAR) FROM information_schema.COLUMNS \
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'webe_sessions' ORDER BY ORDINAL_POSITION",
    );
    // (MySQL 8 spells the key `bigint unsigned`, MariaDB `bigint(20) unsigned`.)
    assert_eq!(
        (types[0].as_str(), types[2].as_str()),
        ("char(64)", "varchar(200)")
    );
}

/// A `Binary` without `#[max_length]` is Diesel's bytes type (`Blob`,
/// `Varbinary`, ... are its aliases): vaultwarden's hand-written
/// `password_hash -> Binary` over a `blob` column, or `salt -> Binary`
/// over a `varbinary(64)`, is no change (it was `MODIFY ... binary(1)`,
/// cutting every hash to one byte). Over a column of another kind it cannot
/// be written: refused, naming the column.
#[test]
fn mysql_a_length_less_binary_matches_any_bytes_column() {
    let Some(db) = TestDb::new(DialectKind::Mysql) else {
        return;
    };
    db.connect()
        .execute(
            "CREATE TABLE users (uuid CHAR(36) NOT NULL PRIMARY KEY, password_hash BLOB NOT NULL, \
             salt VARBINARY(64) NOT NULL, akey BINARY(16) NOT NULL, note VARCHAR(20) NOT NULL)",
        )
        .unwrap();
    let env = env_for(&db, "diesel = \"schema.rs\"");
    let dir = env.path();
    let users = |note: &str| {
        format!(
            "table! {{\n    users (uuid) {{\n        #[max_length = 36]\n        uuid -> Char,\n        \
             password_hash -> Binary,\n        salt -> Binary,\n        akey -> Binary,\n        note -> {note},\n    }}\n}}\n"
        )
    };
    std::fs::write(dir.join("schema.rs"), users("Varchar")).unwrap();
    let o = revise(dir, &["check"]);
    assert_eq!(o.code, 0, "{}\n{}", o.stdout, o.stderr);
    let o = ok(dir, &["autogenerate", "--sql", "-m", "nothing"]);
    assert!(o.stderr.contains("no changes detected"), "{}", o.stderr);

    std::fs::write(dir.join("schema.rs"), users("Binary")).unwrap();
    fails(
        dir,
        &["autogenerate", "-m", "bytes"],
        "column users.note: schema.rs gives it Diesel's `Binary` type without a length, \
         and the database's column is varchar(20), not a `Binary`",
    );
    assert_eq!(
        revision_files(dir),
        Vec::<PathBuf>::new(),
        "nothing written"
    );
}

/// vaultwarden's hand-written schema.rs says `id -> Text` for a `char(36)`
/// primary key: the `MODIFY ... text` that follows fails on both servers
/// (ERROR 1170), after the statements before it were committed. Autogenerate
/// refuses it, naming the column and the key, and writes nothing; the same
/// for a column in an index the database has (which schema.rs cannot say).
#[test]
fn mysql_a_key_column_turned_text_is_refused() {
    let Some(db) = TestDb::new(DialectKind::Mysql) else {
        return;
    };
    let mut conn = db.connect();
    conn.execute(
        "CREATE TABLE attachments (id CHAR(36) NOT NULL PRIMARY KEY, \
         cipher_uuid CHAR(36) NOT NULL, file_name TEXT NOT NULL, KEY ix_cipher (cipher_uuid))",
    )
    .unwrap();
    conn.execute("INSERT INTO attachments VALUES ('a', 'c', 'f')")
        .unwrap();
    let env = env_for(&db, "diesel = \"schema.rs\"");
    let dir = env.path();
    let attachments = |id: &str, cipher: &str| {
        format!(
            "table! {{\n    attachments (id) {{\n        {id}\n        {cipher}\n        file_name -> Text,\n    }}\n}}\n"
        )
    };
    let char36 = |c: &str| format!("#[max_length = 36]\n        {c} -> Char,");
    std::fs::write(
        dir.join("schema.rs"),
        attachments("id -> Text,", &char36("cipher_uuid")),
    )
    .unwrap();
    assert_eq!(check(dir, &[]), 1, "a drift all the same");
    fails(
        dir,
        &["autogenerate", "-m", "text ids"],
        "cannot change attachments.id from char(36) to text: it is in the PRIMARY KEY of attachments, \
         which MySQL cannot key without a prefix length (ERROR 1170); give id a CHAR(N) or VARCHAR(N) \
         type in the models (Diesel: `Char` or `Varchar` with `#[max_length = N]`), or take it out of the key",
    );
    assert_eq!(
        revision_files(dir),
        Vec::<PathBuf>::new(),
        "nothing written"
    );

    std::fs::write(
        dir.join("schema.rs"),
        attachments(&char36("id"), "cipher_uuid -> Text,"),
    )
    .unwrap();
    fails(
        dir,
        &["autogenerate", "-m", "text ids"],
        "cannot change attachments.cipher_uuid from char(36) to text: it is in index ix_cipher of attachments",
    );
    assert_eq!(
        revision_files(dir),
        Vec::<PathBuf>::new(),
        "nothing written"
    );
    let types = db.column(
        "SELECT CAST(COLUMN_TYPE AS CHAR) FROM information_schema.COLUMNS \
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'attachments' ORDER BY ORDINAL_POSITION",
    );
    assert_eq!(
        types,
        ["char(36)", "char(36)", "text"],
        "database untouched"
    );

    std::fs::write(
        dir.join("schema.rs"),
        attachments(&char36("id"), &char36("cipher_uuid")),
    )
    .unwrap();
    assert_eq!(check(dir, &[]), 0);
}

/// Sakila's `address.location` is wrapped in `/*!50705 ... */` and MySQL 8
/// dumps mark columns `/*!80023 INVISIBLE */`: MariaDB runs neither, so
/// models read from such a file for a MariaDB server leave them out as the
/// server did, and `check` is clean on the database the file built.
#[test]
fn mysql_versioned_comments_count_where_the_server_runs_them() {
    let Some(db) = TestDb::new(DialectKind::Mysql) else {
        return;
    };
    let ddl = "CREATE TABLE t (\n  id int NOT NULL,\n  note varchar(20) DEFAULT NULL /*!80023 INVISIBLE */,\n  \
               /*!50705 loc point NOT NULL, */\n  PRIMARY KEY (id)\n) /*!40101 COMMENT='kept' */;\n";
    db.connect().execute(ddl).unwrap();
    let server = db.column("SELECT CAST(VERSION() AS CHAR)");
    assert!(
        server[0].to_ascii_lowercase().contains("mariadb"),
        "this test is written for MariaDB: {server:?}"
    );
    let env = env_for(&db, "sql = \"schema.sql\"");
    let dir = env.path();
    std::fs::write(dir.join("schema.sql"), ddl).unwrap();
    let o = revise(dir, &["check"]);
    assert_eq!(o.code, 0, "{}\n{}", o.stdout, o.stderr);
    let schema = revise(dir, &["schema"]).stdout;
    assert!(
        schema.contains("COMMENT 'kept'") || schema.contains("COMMENT='kept'"),
        "{schema}"
    );
}

/// The prooph event store's `GENERATED ... STORED NOT NULL` is MySQL's:
/// MariaDB refuses the NOT NULL, so autogenerate stops, naming the column,
/// instead of writing a revision that fails at upgrade; without it the
/// column is created and compares clean.
#[test]
fn mariadb_refuses_a_generated_column_declared_not_null() {
    let Some(db) = TestDb::new(DialectKind::Mysql) else {
        return;
    };
    let env = env_for(&db, "sql = \"schema.sql\"");
    let dir = env.path();
    let ddl = |not_null: &str| {
        format!(
            "CREATE TABLE g (id int NOT NULL PRIMARY KEY, j json NOT NULL,\n  \
             v int unsigned GENERATED ALWAYS AS (json_extract(j, '$.v')) STORED{not_null});\n"
        )
    };
    std::fs::write(dir.join("schema.sql"), ddl(" NOT NULL")).unwrap();
    let e = fails(
        dir,
        &["autogenerate", "-m", "g"],
        "column g.v: MariaDB takes no NOT NULL",
    );
    assert!(e.contains("drop NOT NULL"), "{e}");
    assert!(revision_files(dir).is_empty(), "nothing written");
    std::fs::write(dir.join("schema.sql"), ddl("")).unwrap();
    ok(dir, &["autogenerate", "-m", "g"]);
    ok(dir, &["upgrade", "head"]);
    assert_eq!(check(dir, &[]), 0);
}

/// An index on an expression is MySQL 8's: MariaDB has no such index (a
/// syntax error), so autogenerate stops, naming the index and what to write
/// instead; the index on a generated column it suggests is created and
/// compares clean.
#[test]
fn mariadb_refuses_an_index_on_an_expression() {
    let Some(db) = TestDb::new(DialectKind::Mysql) else {
        return;
    };
    let mut conn = db.connect();
    if !conn
        .server_version()
        .is_some_and(|v| v.to_ascii_lowercase().contains("mariadb"))
    {
        // MySQL builds the index: nothing to refuse.
        return;
    }
    let env = env_for(&db, "sql = \"schema.sql\"");
    let dir = env.path();
    std::fs::write(
        dir.join("schema.sql"),
        "CREATE TABLE u (id int PRIMARY KEY, email varchar(100));\n\
         CREATE INDEX ix_email ON u ((lower(email)));\n",
    )
    .unwrap();
    let e = fails(
        dir,
        &["autogenerate", "-m", "u"],
        "index ix_email on u: MariaDB cannot index an expression (lcase(email))",
    );
    assert!(e.contains("index a generated column instead"), "{e}");
    assert!(revision_files(dir).is_empty(), "nothing written");
    std::fs::write(
        dir.join("schema.sql"),
        "CREATE TABLE u (id int PRIMARY KEY, email varchar(100),\n  \
         email_lower varchar(100) AS (lower(email)) VIRTUAL);\n\
         CREATE INDEX ix_email ON u (email_lower);\n",
    )
    .unwrap();
    ok(dir, &["autogenerate", "-m", "u"]);
    ok(dir, &["upgrade", "head"]);
    assert_eq!(check(dir, &[]), 0);
}
