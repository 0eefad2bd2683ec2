//! PostgreSQL as an autogenerate dialect, against the real server: each test
//! in a fresh database.
//!
//! * introspection of hand-written DDL equals expected schema literals;
//! * round trips: a model (in the spellings the SQL model parser emits) is
//!   normalized, diffed from the empty database, rendered and executed; the
//!   database then diffs clean against the model, and the reversed ops leave
//!   it empty again;
//! * alterations keep their rows and reverse cleanly;
//! * canonicalization, enums, identifiers that need quotes, and the fixed
//!   number of catalog queries.
//!
//! `REVISE_SHOW_SQL=1` prints the SQL of every migration the tests run.

mod common;

use std::time::Duration;

use common::TestDb;
use common::cli::{fails, ok, revise, revision_files, sql_env};
use revise::dialect::postgres::{canonical, introspect, names};
use revise::dialect::{
    Database, Dialect, IntrospectOptions, LockScope, Side, TextRow, dialect_for,
};
use revise::diff::{DiffOptions, Rename, diff};
use revise::ops::{Op, reverse_all};
use revise::schema::{QualifiedName, Schema};
use revise::url::{DatabaseUrl, DialectKind};
use serde_json::json;

fn pg() -> &'static dyn Dialect {
    dialect_for(DialectKind::Postgres)
}

fn fresh() -> Option<(TestDb, Box<dyn Database>)> {
    let db = TestDb::new(DialectKind::Postgres)?;
    let conn = db.connect();
    Some((db, conn))
}

fn exec(db: &mut dyn Database, sql: &str) {
    db.execute(sql).unwrap_or_else(|e| panic!("{sql}\n-> {e}"));
}

fn run_script(db: &mut dyn Database, script: &str) {
    for stmt in script.split(";\n").map(str::trim).filter(|s| !s.is_empty()) {
        exec(db, stmt);
    }
}

/// A model schema from its JSON form (the documented model format).
fn model(value: serde_json::Value) -> Schema {
    serde_json::from_value(value).expect("model literal")
}

fn options(schemas: &[&str]) -> IntrospectOptions {
    IntrospectOptions {
        schemas: schemas.iter().map(|s| s.to_string()).collect(),
        exclude_tables: vec!["revise_version".into(), "revise_version_log".into()],
    }
}

fn current(db: &mut dyn Database, schemas: &[&str]) -> Schema {
    let mut s = db.introspect(&options(schemas)).expect("introspect");
    pg().normalize(&mut s, Side::Database);
    s
}

/// `s` without what introspection records about the server rather than the
/// schema (the names taken, the default schema's name), for comparing with
/// model literals.
fn objects(mut s: Schema) -> Schema {
    s.taken_names = Default::default();
    s.default_schema = None;
    s
}

/// The ops that take the database to `wanted` (normalized and canonicalized as autogenerate does).
fn plan(db: &mut dyn Database, wanted: &Schema, schemas: &[&str]) -> Vec<Op> {
    plan_with(db, wanted, schemas, &[])
}

/// [`plan`] with rename decisions.
fn plan_with(
    db: &mut dyn Database,
    wanted: &Schema,
    schemas: &[&str],
    renames: &[Rename],
) -> Vec<Op> {
    let cur = current(db, schemas);
    let mut want = wanted.clone();
    pg().normalize(&mut want, Side::Model);
    db.canonicalize(&mut want, &cur).expect("canonicalize");
    let options = DiffOptions {
        renames: renames.to_vec(),
    };
    let ops = diff(&cur, &want, &options, pg().compare(&cur));
    pg().lower(ops, &cur, &want)
}

fn sql_of(ops: &[Op]) -> String {
    ops.iter()
        .flat_map(|op| pg().render_op(op).expect("render"))
        .map(|s| format!("{s};\n"))
        .collect()
}

fn apply(db: &mut dyn Database, ops: &[Op]) {
    for op in ops {
        for stmt in pg().render_op(op).expect("render") {
            exec(db, &stmt);
        }
    }
}

fn assert_clean(db: &mut dyn Database, wanted: &Schema, schemas: &[&str], when: &str) {
    let left = plan(db, wanted, schemas);
    assert!(
        left.is_empty(),
        "{when}: the database still differs from the model:\n{}\n{left:#?}",
        sql_of(&left)
    );
}

/// Migrates to `wanted`, asserts the fixed point, returns the ops applied.
fn migrate(db: &mut dyn Database, wanted: &Schema, schemas: &[&str]) -> Vec<Op> {
    let ops = plan(db, wanted, schemas);
    assert!(!ops.is_empty(), "expected something to do");
    if std::env::var("REVISE_SHOW_SQL").is_ok() {
        eprintln!(
            "---- up\n{}---- down\n{}",
            sql_of(&ops),
            sql_of(&reverse_all(&ops))
        );
    }
    apply(db, &ops);
    assert_clean(db, wanted, schemas, "after the upgrade");
    ops
}

fn rows(db: &mut dyn Database, sql: &str) -> Vec<Vec<Option<String>>> {
    db.query(sql).unwrap_or_else(|e| panic!("{sql}\n-> {e}"))
}

/// Applies the model from empty, checks it, reverses, checks the database is
/// empty. The schemas are the migration's to create and drop.
fn round_trip(wanted: &Schema, schemas: &[&str]) {
    let Some((_db, mut conn)) = fresh() else {
        return;
    };
    let ops = migrate(conn.as_mut(), wanted, schemas);
    apply(conn.as_mut(), &reverse_all(&ops));
    let left = objects(current(conn.as_mut(), schemas));
    assert_eq!(left, Schema::default(), "the downgrade left objects behind");
}

// ---- introspection ---------------------------------------------------------

#[test]
fn introspection_reads_every_object_kind() {
    let Some((_db, mut conn)) = fresh() else {
        return;
    };
    run_script(
        conn.as_mut(),
        "CREATE SCHEMA audit;
         CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
         CREATE TYPE audit.level AS ENUM ('info', 'warn');
         CREATE TABLE users (
             id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
             email varchar(200) NOT NULL UNIQUE,
             name text DEFAULT 'anon',
             mood mood DEFAULT 'ok',
             score numeric(10,2) CHECK (score >= 0),
             created_at timestamptz DEFAULT now(),
             tags text[]
         );
         COMMENT ON TABLE users IS 'people';
         COMMENT ON COLUMN users.email IS 'login';
         CREATE INDEX users_tags ON users USING gin (tags);
         CREATE TABLE posts (
             id serial PRIMARY KEY,
             user_id bigint REFERENCES users (id) ON DELETE CASCADE ON UPDATE RESTRICT,
             title text NOT NULL,
             CONSTRAINT one_title UNIQUE (user_id, title)
         );
         CREATE UNIQUE INDEX posts_lower_title ON posts (lower(title), id DESC) WHERE user_id IS NOT NULL;
         CREATE TABLE audit.events (
             at timestamp(3),
             level audit.level NOT NULL DEFAULT 'info',
             who bigint,
             CONSTRAINT who_fk FOREIGN KEY (who) REFERENCES public.users (id)
         );
         CREATE TABLE measurements (at date NOT NULL, v real) PARTITION BY RANGE (at);
         CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
         CREATE TABLE revise_version (version_num varchar(64) NOT NULL);
         CREATE TABLE elsewhere (id int);
         CREATE SCHEMA unlisted;
         CREATE TABLE unlisted.hidden (id int)",
    );
    let mut got = conn.introspect(&options(&["audit"])).expect("introspect");
    got.sort();
    let mut expected = model(json!({
        "tables": [
            {"name": "elsewhere", "columns": [{"name": "id", "type": "integer"}]},
            {"name": "measurements", "columns": [
                {"name": "at", "type": "date", "nullable": false},
                {"name": "v", "type": "real"}
            ], "partition_by": "RANGE (at)"},
            {"name": "posts", "columns": [
                {"name": "id", "type": "integer", "nullable": false,
                 "default": "nextval('posts_id_seq'::regclass)"},
                {"name": "user_id", "type": "bigint"},
                {"name": "title", "type": "text", "nullable": false}
             ],
             "primary_key": {"name": "posts_pkey", "columns": ["id"]},
             "uniques": [{"name": "one_title", "columns": ["user_id", "title"]}],
             "indexes": [{"name": "posts_lower_title", "unique": true,
                 "parts": [{"value": "lower(title)", "expression": true},
                           {"value": "id", "descending": true}],
                 "predicate": "(user_id IS NOT NULL)"}],
             "foreign_keys": [{"name": "posts_user_id_fkey", "columns": ["user_id"],
                 "ref_table": "users", "ref_columns": ["id"],
                 "on_delete": "cascade", "on_update": "restrict"}]
            },
            {"name": "users", "comment": "people", "columns": [
                {"name": "id", "type": "bigint", "nullable": false, "identity": "always"},
                {"name": "email", "type": "character varying(200)", "nullable": false, "comment": "login"},
                {"name": "name", "type": "text", "default": "'anon'::text"},
                {"name": "mood", "type": "mood", "default": "'ok'::mood"},
                {"name": "score", "type": "numeric(10,2)"},
                {"name": "created_at", "type": "timestamp with time zone", "default": "now()"},
                {"name": "tags", "type": "text[]"}
             ],
             "primary_key": {"name": "users_pkey", "columns": ["id"]},
             "uniques": [{"name": "users_email_key", "columns": ["email"]}],
             "indexes": [{"name": "users_tags", "parts": [{"value": "tags"}], "method": "gin"}],
             "checks": [{"name": "users_score_check", "expression": "(score >= (0)::numeric)"}]
            },
            {"schema": "audit", "name": "events", "columns": [
                {"name": "at", "type": "timestamp(3) without time zone"},
                {"name": "level", "type": "audit.level", "nullable": false, "default": "'info'::audit.level"},
                {"name": "who", "type": "bigint"}
             ],
             "foreign_keys": [{"name": "who_fk", "columns": ["who"], "ref_table": "users", "ref_columns": ["id"]}]
            }
        ],
        "enums": [
            {"name": "mood", "values": ["sad", "ok", "happy"]},
            {"schema": "audit", "name": "level", "values": ["info", "warn"]}
        ],
        "schemas": ["audit"]
    }));
    expected.sort();
    assert_eq!(objects(got.clone()), expected);

    // Normalized, the catalog's spelling is a fixed point except for what
    // normalization is for: casts of literals to the column's own type.
    let mut normalized = got.clone();
    pg().normalize(&mut normalized, Side::Database);
    let users = normalized
        .tables
        .iter()
        .find(|t| t.name == "users")
        .unwrap();
    assert_eq!(
        users.column("name").unwrap().default.as_deref(),
        Some("'anon'")
    );
    assert_eq!(
        users.column("mood").unwrap().default.as_deref(),
        Some("'ok'")
    );
}

#[test]
fn unnamed_objects_get_the_names_postgres_chooses() {
    let Some((_db, mut conn)) = fresh() else {
        return;
    };
    let long_table = "t".repeat(60);
    let long_col = "c".repeat(50);
    run_script(
        conn.as_mut(),
        &format!(
            "CREATE TABLE parent (id int PRIMARY KEY);
             CREATE TABLE {long_table} (
                 {long_col} serial PRIMARY KEY,
                 a int REFERENCES parent,
                 b int,
                 UNIQUE (a, b),
                 CHECK (a > 0),
                 CHECK (a < b)
             );
             CREATE INDEX ON {long_table} (lower(b::text), b);
             CREATE INDEX ON {long_table} ((a + b), (a * b))"
        ),
    );
    let got = conn.introspect(&options(&[])).expect("introspect");
    let t = got.tables.iter().find(|t| t.name == long_table).unwrap();
    let pk = t.primary_key.as_ref().unwrap();
    assert_eq!(
        pk.name.as_deref(),
        Some(names::primary_key_name(&long_table).as_str())
    );
    assert_eq!(
        t.uniques[0].name.as_deref(),
        Some(names::unique_name(&long_table, &t.uniques[0].columns).as_str())
    );
    assert_eq!(
        t.foreign_keys[0].name.as_deref(),
        Some(names::foreign_key_name(&long_table, &t.foreign_keys[0].columns).as_str())
    );
    for c in &t.checks {
        assert_eq!(
            c.name.as_deref(),
            Some(names::check_name(&long_table, &c.expression).as_str()),
            "{c:?}"
        );
    }
    for i in &t.indexes {
        assert_eq!(
            i.name.as_deref(),
            Some(names::index_name(&long_table, i).as_str()),
            "{i:?}"
        );
    }
    let seq = names::sequence_name(&long_table, &long_col);
    assert_eq!(
        t.columns[0].default.as_deref(),
        Some(format!("nextval('{seq}'::regclass)").as_str())
    );
}

/// Unnamed model objects beside live ones the server named: a new one takes
/// the next free name (as the server would), never a taken one, and the
/// downgrade drops that one, not its namesake.
#[test]
fn unnamed_objects_beside_taken_names_are_numbered() {
    let Some((_db, mut conn)) = fresh() else {
        return;
    };
    run_script(
        conn.as_mut(),
        "CREATE TABLE u (a int, b int, c int, x int CHECK (x > 0), CHECK (a < b), CHECK (b < c));
         CREATE VIEW u_a_idx AS SELECT 1 AS one",
    );
    let names = |conn: &mut dyn Database| -> Vec<String> {
        rows(
            conn,
            "SELECT conname::text || ' ' || pg_get_constraintdef(oid) FROM pg_constraint \
             WHERE conrelid = 'u'::regclass UNION ALL \
             SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = 'u'::regclass ORDER BY 1",
        )
        .into_iter()
        .map(|r| r[0].clone().unwrap_or_default())
        .collect()
    };
    let before = names(conn.as_mut());
    assert_eq!(
        before,
        [
            "u_check CHECK ((a < b))",
            "u_check1 CHECK ((b < c))",
            "u_x_check CHECK ((x > 0))"
        ]
    );
    let wanted = model(json!({"tables": [{"name": "u",
        "columns": [
            {"name": "a", "type": "int"}, {"name": "b", "type": "int"},
            {"name": "c", "type": "int"}, {"name": "x", "type": "int"}
        ],
        "checks": [
            {"expression": "a < b"}, {"expression": "b < c"}, {"expression": "a < c"},
            {"expression": "x > 0"}, {"expression": "x < 100"}
        ],
        "indexes": [{"parts": [{"value": "a"}]}]
    }]}));
    let ops = migrate(conn.as_mut(), &wanted, &[]);
    let sql = sql_of(&ops);
    assert!(
        sql.contains("ADD CONSTRAINT u_check2 CHECK ((a < c))"),
        "{sql}"
    );
    assert!(
        sql.contains("ADD CONSTRAINT u_x_check1 CHECK ((x < 100))"),
        "{sql}"
    );
    // The view holds the index's first choice of name.
    assert!(sql.contains("CREATE INDEX u_a_idx1 ON u (a)"), "{sql}");
    let down = reverse_all(&ops);
    let down_sql = sql_of(&down);
    assert!(down_sql.contains("DROP CONSTRAINT u_check2"), "{down_sql}");
    assert!(
        down_sql.contains("DROP CONSTRAINT u_x_check1"),
        "{down_sql}"
    );
    apply(conn.as_mut(), &down);
    assert_eq!(
        names(conn.as_mut()),
        before,
        "the downgrade kept the live checks"
    );
}

#[test]
fn key_word_lists_are_the_servers() {
    let Some((_db, mut conn)) = fresh() else {
        return;
    };
    let mut words = |codes: &str| -> Vec<String> {
        let sql = format!(
            "SELECT word::text FROM pg_get_keywords() WHERE catcode IN ({codes}) ORDER BY word"
        );
        rows(conn.as_mut(), &sql)
            .into_iter()
            .filter_map(|r| r.into_iter().next().flatten())
            .collect()
    };
    assert_eq!(words("'R', 'T'"), names::RESERVED);
    assert_eq!(words("'C'"), names::COLUMN_NAME_KEYWORDS);
}

// ---- round trips -----------------------------------------------------------

#[test]
fn round_trip_every_object_kind() {
    round_trip(
        &model(json!({
            "tables": [
                {"name": "users", "comment": "people", "columns": [
                    {"name": "id", "type": "SERIAL", "nullable": false},
                    {"name": "email", "type": "VARCHAR(200)", "nullable": false, "comment": "login"},
                    {"name": "nick", "type": "CHARACTER VARYING(20)", "default": "'draft'"},
                    {"name": "country", "type": "CHAR(2)"},
                    {"name": "price", "type": "DECIMAL(10,2)", "default": "0"},
                    {"name": "rating", "type": "INT"},
                    {"name": "balance", "type": "NUMERIC", "default": "-1"},
                    {"name": "active", "type": "BOOL", "default": "TRUE"},
                    {"name": "created_at", "type": "TIMESTAMPTZ", "default": "CURRENT_TIMESTAMP"},
                    {"name": "seen_at", "type": "TIMESTAMP", "default": "now()"},
                    {"name": "born", "type": "DATE"},
                    {"name": "wakes", "type": "TIME"},
                    {"name": "ratio", "type": "FLOAT"},
                    {"name": "small_ratio", "type": "REAL"},
                    {"name": "big", "type": "BIGINT", "default": "5000000000"},
                    {"name": "tiny", "type": "SMALLINT"},
                    {"name": "uid", "type": "UUID"},
                    {"name": "doc", "type": "JSONB", "default": "'{}'::JSONB"},
                    {"name": "raw", "type": "BYTEA"},
                    {"name": "scores", "type": "INTEGER[]", "default": "'{}'"},
                    {"name": "mood", "type": "mood", "default": "'ok'"},
                    {"name": "note", "type": "TEXT", "default": "'it''s'"}
                 ],
                 "primary_key": {"columns": ["id"]},
                 "uniques": [{"columns": ["email"]}, {"name": "nick_country", "columns": ["nick", "country"]}],
                 "checks": [
                     {"expression": "rating BETWEEN 1 AND 5"},
                     {"expression": "price > 0"},
                     {"name": "nick_not_empty", "expression": "nick <> ''"}
                 ],
                 "indexes": [
                     {"parts": [{"value": "lower(email)", "expression": true}]},
                     {"name": "users_recent", "parts": [{"value": "created_at", "descending": true}],
                      "predicate": "active"},
                     {"parts": [{"value": "doc"}], "method": "gin"},
                     {"unique": true, "parts": [{"value": "uid"}]}
                 ]
                },
                {"name": "posts", "columns": [
                    {"name": "id", "type": "BIGINT", "nullable": false, "identity": "always"},
                    {"name": "user_id", "type": "INTEGER", "nullable": false},
                    {"name": "parent_id", "type": "BIGINT"},
                    {"name": "title", "type": "TEXT", "nullable": false}
                 ],
                 "primary_key": {"columns": ["id"]},
                 "foreign_keys": [
                    {"columns": ["user_id"], "ref_table": "users", "ref_columns": ["id"],
                     "on_delete": "cascade"},
                    {"name": "posts_parent", "columns": ["parent_id"], "ref_table": "posts",
                     "ref_columns": ["id"], "on_delete": "set_null", "on_update": "restrict"}
                 ]
                },
                {"schema": "audit", "name": "events", "columns": [
                    {"name": "id", "type": "BIGSERIAL", "nullable": false},
                    {"name": "level", "type": "audit.level", "default": "'info'"},
                    {"name": "user_id", "type": "INT"}
                 ],
                 "primary_key": {"columns": ["id"]},
                 "foreign_keys": [{"columns": ["user_id"], "ref_schema": "public",
                                   "ref_table": "users", "ref_columns": ["id"]}]
                }
            ],
            "enums": [
                {"schema": "public", "name": "mood", "values": ["sad", "ok", "happy"]},
                {"schema": "audit", "name": "level", "values": ["info", "warn"]}
            ]
        })),
        &["audit"],
    );
}

/// The schema the SQL model parser reads from a realistic PostgreSQL model
/// file (its own fixture, `shop.sql`), in exactly the parser's spellings.
#[test]
fn round_trip_parsed_shop_models() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/dialect_postgres/shop.json");
    let text = std::fs::read_to_string(&path).expect("fixture");
    let shop = revise::schema::json::from_json(&path, &text).expect("model");
    round_trip(&shop, &["billing"]);
}

#[test]
fn round_trip_identifiers_that_need_quotes() {
    round_trip(
        &model(json!({
            "tables": [
                {"name": "user group", "columns": [
                    {"name": "id", "type": "SERIAL", "nullable": false},
                    {"name": "Name", "type": "TEXT", "comment": "shown"}
                 ],
                 "primary_key": {"columns": ["id"]},
                 "comment": "groups"
                },
                {"name": "order", "columns": [
                    {"name": "id", "type": "INT", "nullable": false},
                    {"name": "select", "type": "TEXT"},
                    {"name": "group", "type": "INT"},
                    {"name": "user", "type": "TEXT"}
                 ],
                 "primary_key": {"columns": ["id"]},
                 "uniques": [{"columns": ["select", "user"]}],
                 "foreign_keys": [{"columns": ["group"], "ref_table": "user group", "ref_columns": ["id"]}],
                 "checks": [{"expression": "\"select\" <> ''"}],
                 "indexes": [{"parts": [{"value": "user"}, {"value": "lower(\"select\")", "expression": true}]}]
                },
                {"name": "café", "columns": [
                    {"name": "crème", "type": "TEXT", "default": "'brûlée'"},
                    {"name": "2fa", "type": "BOOL"}
                 ],
                 "indexes": [{"parts": [{"value": "crème"}]}]
                },
                {"name": "Users", "columns": [
                    {"name": "ID", "type": "BIGSERIAL", "nullable": false},
                    {"name": "Kind", "type": "Kind"},
                    {"name": "Kinds", "type": "\"Kind\"[]"},
                    {"name": "at", "type": "position", "default": "'top'"},
                    {"name": "flag", "type": "\"char\""}
                 ],
                 "primary_key": {"columns": ["ID"]}
                }
            ],
            "enums": [
                {"name": "Kind", "values": ["a b", "it's"]},
                {"name": "position", "values": ["top", "bottom"]}
            ]
        })),
        &[],
    );
}

// ---- alterations -----------------------------------------------------------

fn people(after: bool) -> Schema {
    let v =
        |before: serde_json::Value, later: serde_json::Value| if after { later } else { before };
    model(json!({
        "tables": [
            {"name": "teams", "columns": [
                {"name": "id", "type": "INT", "nullable": false,
                 "identity": v(json!(null), json!("by_default"))},
                {"name": "name", "type": "TEXT"}
             ],
             "primary_key": {"columns": ["id"]}
            },
            {"name": "people",
             "comment": v(json!(null), json!("everyone")),
             "columns": [
                {"name": "id", "type": "SERIAL", "nullable": false},
                {"name": "nick", "type": v(json!("VARCHAR(20)"), json!("VARCHAR(100)")),
                 "comment": v(json!("old"), json!(null))},
                {"name": "age", "type": v(json!("INT"), json!("BIGINT"))},
                {"name": "balance", "type": v(json!("NUMERIC(10,2)"), json!("NUMERIC(12,2)"))},
                {"name": "code", "type": v(json!("TEXT"), json!("INT"))},
                {"name": "status", "type": "VARCHAR(10)", "default": v(json!("'new'"), json!("'active'"))},
                {"name": "email", "type": "TEXT", "nullable": v(json!(true), json!(false))},
                {"name": "score", "type": "INT", "default": v(json!("0"), json!(null))},
                {"name": "team_id", "type": "INT"},
                {"name": "ref", "type": v(json!("INT"), json!("SERIAL"))}
             ],
             "primary_key": {"columns": ["id"]},
             "uniques": v(json!([{"columns": ["nick"]}]), json!([{"columns": ["email"]}])),
             "indexes": v(json!([{"parts": [{"value": "age"}]}]),
                          json!([{"parts": [{"value": "lower(email)", "expression": true}]}])),
             "checks": v(json!([]), json!([{"expression": "age >= 0"}])),
             "foreign_keys": v(json!([]), json!([{"columns": ["team_id"], "ref_table": "teams",
                                                  "ref_columns": ["id"], "on_delete": "set_null"}]))
            }
        ]
    }))
}

#[test]
fn alterations_keep_rows_and_reverse() {
    let Some((_db, mut conn)) = fresh() else {
        return;
    };
    let before = people(false);
    let after = people(true);
    migrate(conn.as_mut(), &before, &[]);
    run_script(
        conn.as_mut(),
        "INSERT INTO teams (id, name) VALUES (1, 'a'), (2, 'b');
         INSERT INTO people (nick, age, balance, code, email, team_id, ref)
             VALUES ('ann', 30, 12.5, '42', 'ann@x', 1, 7), ('bob', 40, 1.25, '7', 'bob@x', 2, 9)",
    );
    let up = migrate(conn.as_mut(), &after, &[]);
    let sql = sql_of(&up);
    for expected in [
        "TYPE integer USING code::integer",
        "ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY",
        "CREATE SEQUENCE people_ref_seq AS integer OWNED BY people.ref",
        "COMMENT ON TABLE people IS 'everyone'",
        "COMMENT ON COLUMN people.nick IS NULL",
        "CONSTRAINT people_age_check CHECK",
    ] {
        assert!(sql.contains(expected), "missing {expected:?} in\n{sql}");
    }
    let data = "SELECT nick::text, code::text, age::text, ref::text FROM people ORDER BY id";
    let kept = vec![
        vec![
            Some("ann".into()),
            Some("42".into()),
            Some("30".into()),
            Some("7".into()),
        ],
        vec![
            Some("bob".into()),
            Some("7".into()),
            Some("40".into()),
            Some("9".into()),
        ],
    ];
    assert_eq!(rows(conn.as_mut(), data), kept);
    // The new sequences continue after the rows already there.
    exec(conn.as_mut(), "INSERT INTO teams (name) VALUES ('c')");
    exec(
        conn.as_mut(),
        "INSERT INTO people (nick, email) VALUES ('cy', 'cy@x')",
    );
    assert_eq!(
        rows(conn.as_mut(), "SELECT max(id)::text FROM teams"),
        vec![vec![Some("3".into())]]
    );
    assert_eq!(
        rows(
            conn.as_mut(),
            "SELECT ref::text FROM people WHERE nick = 'cy'"
        ),
        vec![vec![Some("10".into())]]
    );
    exec(conn.as_mut(), "DELETE FROM people WHERE nick = 'cy'");

    apply(conn.as_mut(), &reverse_all(&up));
    assert_clean(conn.as_mut(), &before, &[], "after the downgrade");
    assert_eq!(rows(conn.as_mut(), data), kept);
}

#[test]
fn renames_identity_changes_and_serial_widening_keep_rows() {
    let Some((_db, mut conn)) = fresh() else {
        return;
    };
    exec(conn.as_mut(), "CREATE SCHEMA archive");
    let table = |schema: Option<&str>, name: &str, col: &str, identity: &str, serial: &str| {
        json!([
            {"schema": schema, "name": name, "columns": [
                {"name": "id", "type": "INT", "nullable": false, "identity": identity},
                {"name": col, "type": "TEXT"},
                {"name": "no", "type": "SERIAL", "nullable": false}
             ],
             "primary_key": {"columns": ["id"]}},
            {"name": "counters", "columns": [
                {"name": "id", "type": serial, "nullable": false},
                {"name": "n", "type": "INT"}
            ]}
        ])
    };
    let before = model(json!({"tables": table(None, "accounts", "name", "always", "SERIAL")}));
    let after = model(json!({
        "tables": table(Some("archive"), "members", "full_name", "by_default", "BIGSERIAL")
    }));
    migrate(conn.as_mut(), &before, &["archive"]);
    run_script(
        conn.as_mut(),
        "INSERT INTO accounts (name) VALUES ('a'), ('b');
         INSERT INTO counters (n) VALUES (1)",
    );
    let members = QualifiedName {
        schema: Some("archive".into()),
        name: "members".into(),
    };
    let renames = [
        Rename::Table {
            from: QualifiedName::new("accounts"),
            to: members.clone(),
        },
        Rename::Column {
            table: members,
            from: "name".into(),
            to: "full_name".into(),
        },
    ];
    let up = plan_with(conn.as_mut(), &after, &["archive"], &renames);
    let sql = sql_of(&up);
    for expected in [
        "ALTER TABLE accounts SET SCHEMA archive",
        "ALTER TABLE archive.accounts RENAME TO members",
        "ALTER TABLE archive.members RENAME COLUMN name TO full_name",
        "ALTER COLUMN id SET GENERATED BY DEFAULT",
        "ALTER SEQUENCE counters_id_seq AS bigint",
        "ALTER SEQUENCE archive.accounts_no_seq RENAME TO members_no_seq",
    ] {
        assert!(sql.contains(expected), "missing {expected:?} in\n{sql}");
    }
    apply(conn.as_mut(), &up);
    assert_clean(conn.as_mut(), &after, &["archive"], "after the upgrade");
    // BY DEFAULT now accepts explicit ids; the sequence is bigint.
    exec(
        conn.as_mut(),
        "INSERT INTO archive.members (id, full_name) VALUES (10, 'c')",
    );
    exec(conn.as_mut(), "DELETE FROM archive.members WHERE id = 10");
    assert_eq!(
        rows(
            conn.as_mut(),
            "SELECT seqtypid::regtype::text FROM pg_sequence WHERE seqrelid = 'counters_id_seq'::regclass"
        ),
        vec![vec![Some("bigint".into())]]
    );
    // The renamed sequence goes on where it was (3 went to the row with id 10).
    assert_eq!(
        rows(
            conn.as_mut(),
            "INSERT INTO archive.members (full_name) VALUES ('d') RETURNING no::text"
        ),
        vec![vec![Some("4".into())]]
    );
    exec(
        conn.as_mut(),
        "DELETE FROM archive.members WHERE full_name = 'd'",
    );
    let data = "SELECT id::text, full_name, no::text FROM archive.members WHERE id < 3 ORDER BY id";
    let kept = rows(conn.as_mut(), data);
    assert_eq!(kept.len(), 2);

    // Back into the default schema, which is current_schema() when the
    // downgrade runs (not always `public`).
    let down_sql = sql_of(&reverse_all(&up));
    assert!(
        down_sql.contains(
            "format('ALTER TABLE %s SET SCHEMA %I', 'archive.members', current_schema())"
        ),
        "{down_sql}"
    );
    apply(conn.as_mut(), &reverse_all(&up));
    assert_clean(conn.as_mut(), &before, &["archive"], "after the downgrade");
    assert_eq!(
        rows(
            conn.as_mut(),
            "SELECT id::text, name, no::text FROM accounts ORDER BY id"
        ),
        kept
    );
}

#[test]
fn narrowing_changes_are_flagged() {
    let after = people(true);
    let before = people(false);
    let mut a = after.clone();
    let mut b = before.clone();
    pg().normalize(&mut a, Side::Model);
    pg().normalize(&mut b, Side::Model);
    let down = diff(&a, &b, &DiffOptions::default(), pg().compare(&a));
    let narrowing = |x: &revise::schema::Column, y: &revise::schema::Column| {
        pg().compare(&a).is_narrowing(x, y)
    };
    let lossy: Vec<String> = down
        .iter()
        .filter_map(|op| op.data_loss(&narrowing))
        .collect();
    for col in ["nick", "age", "balance"] {
        assert!(
            lossy.iter().any(|l| l.contains(&format!("people.{col}"))),
            "{col} narrows: {lossy:?}"
        );
    }
    assert!(
        !lossy.iter().any(|l| l.contains("people.code")),
        "{lossy:?}"
    );
}

// ---- canonicalization ------------------------------------------------------

/// Delegates to a real connection, counting statements and queries.
struct Counting<'a> {
    inner: &'a mut dyn Database,
    queries: usize,
    executes: usize,
}

impl Database for Counting<'_> {
    fn dialect(&self) -> &'static dyn Dialect {
        self.inner.dialect()
    }

    fn url(&self) -> &DatabaseUrl {
        self.inner.url()
    }

    fn execute(&mut self, sql: &str) -> Result<(), String> {
        self.executes += 1;
        self.inner.execute(sql)
    }

    fn query(&mut self, sql: &str) -> Result<Vec<TextRow>, String> {
        self.queries += 1;
        self.inner.query(sql)
    }

    fn lock(&mut self, name: &str, timeout: Duration) -> revise::Result<()> {
        self.inner.lock(name, timeout)
    }

    fn unlock(&mut self, name: &str) -> Result<(), String> {
        self.inner.unlock(name)
    }

    fn lock_scope(&self) -> LockScope {
        self.inner.lock_scope()
    }

    fn introspect(&mut self, options: &IntrospectOptions) -> revise::Result<Schema> {
        introspect::introspect(self, options)
    }

    fn canonicalize(&mut self, model: &mut Schema, current: &Schema) -> revise::Result<()> {
        canonical::canonicalize(self, model, current)
    }
}

#[test]
fn checks_and_expression_indexes_canonicalize_and_diff_clean() {
    let Some((_db, mut conn)) = fresh() else {
        return;
    };
    let wanted = model(json!({
        "tables": [{"name": "reviews", "columns": [
            {"name": "rating", "type": "INT"},
            {"name": "price", "type": "NUMERIC(8,2)", "default": "1 + 1"},
            {"name": "email", "type": "VARCHAR(100)"},
            {"name": "state", "type": "mood"}
         ],
         "checks": [
            {"expression": "rating BETWEEN 1 AND 5"},
            {"expression": "price > 0"},
            {"expression": "state <> 'sad'"},
            {"name": "broken", "expression": "no_such_column > 0"}
         ],
         "indexes": [{"parts": [{"value": "lower(email)", "expression": true}],
                      "predicate": "rating > 2"}]
        }],
        "enums": [{"name": "mood", "values": ["sad", "ok"]}]
    }));
    let cur = current(conn.as_mut(), &[]);
    let mut want = wanted.clone();
    pg().normalize(&mut want, Side::Model);
    let mut counting = Counting {
        inner: conn.as_mut(),
        queries: 0,
        executes: 0,
    };
    counting.canonicalize(&mut want, &cur).unwrap();
    let rounds = counting.queries;
    assert!(
        (1..=canonical::MAX_ROUNDS).contains(&rounds),
        "{rounds} rounds"
    );
    assert_eq!(
        counting.executes,
        rounds + 2,
        "BEGIN, a DO per round, ROLLBACK"
    );
    let t = &want.tables[0];
    let checks: Vec<&str> = t.checks.iter().map(|c| c.expression.as_str()).collect();
    for expected in [
        "((rating >= 1) AND (rating <= 5))",
        "(price > (0)::numeric)",
        "(state <> 'sad'::mood)",
        "no_such_column > 0",
    ] {
        assert!(checks.contains(&expected), "{expected} not in {checks:?}");
    }
    assert_eq!(t.indexes[0].parts[0].value, "lower(email::text)");
    assert_eq!(t.indexes[0].predicate.as_deref(), Some("(rating > 2)"));
    assert_eq!(
        t.column("price").unwrap().default.as_deref(),
        Some("(1 + 1)")
    );
    // Nothing was left behind: no table, no type.
    assert_eq!(objects(current(conn.as_mut(), &[])), Schema::default());

    // The broken check is reported by the upgrade, not hidden.
    let mut fixed = wanted.clone();
    fixed.tables[0].checks.pop();
    migrate(conn.as_mut(), &fixed, &[]);

    // Once the models hold the server's text, nothing is sent to it at all.
    let cur = current(conn.as_mut(), &[]);
    want.tables[0]
        .checks
        .retain(|c| c.name.as_deref() != Some("broken"));
    pg().normalize(&mut want, Side::Model);
    let mut counting = Counting {
        inner: conn.as_mut(),
        queries: 0,
        executes: 0,
    };
    counting.canonicalize(&mut want, &cur).unwrap();
    assert_eq!((counting.executes, counting.queries), (0, 0));
}

/// `status IN (...)` on a varchar column deparses differently once parsed
/// again: a database built from the model's DDL and one built from rendered
/// text hold different text, and both must diff clean.
#[test]
fn expressions_whose_deparse_is_unstable_diff_clean_both_ways() {
    let Some((_db, mut conn)) = fresh() else {
        return;
    };
    let wanted = model(json!({
        "tables": [{"name": "r", "columns": [
            {"name": "status", "type": "VARCHAR(10)"},
            {"name": "email", "type": "VARCHAR(50)"}
         ],
         "checks": [{"name": "r_status", "expression": "status IN ('draft', 'live')"}],
         "indexes": [{"name": "r_ix", "parts": [{"value": "lower(email)", "expression": true}],
                      "predicate": "status IN ('draft')"}]
        }]
    }));
    run_script(
        conn.as_mut(),
        "CREATE TABLE r (status VARCHAR(10), email VARCHAR(50),
             CONSTRAINT r_status CHECK (status IN ('draft', 'live')));
         CREATE INDEX r_ix ON r (lower(email)) WHERE status IN ('draft')",
    );
    assert_clean(conn.as_mut(), &wanted, &[], "built from the model's DDL");
    exec(conn.as_mut(), "DROP TABLE r");
    let ops = migrate(conn.as_mut(), &wanted, &[]);
    apply(conn.as_mut(), &reverse_all(&ops));
    apply(conn.as_mut(), &ops);
    assert_clean(
        conn.as_mut(),
        &wanted,
        &[],
        "built twice from rendered text",
    );

    // Models copied from the database (pg_dump, `revise schema`) spell the
    // check as stored; deparsing that spelling gives the next iterate, which
    // the database does not hold. They still diff clean.
    exec(conn.as_mut(), "DROP TABLE r");
    run_script(
        conn.as_mut(),
        "CREATE TABLE r (status VARCHAR(10), email VARCHAR(50),
             CONSTRAINT r_status CHECK (status IN ('draft', 'live')));
         CREATE INDEX r_ix ON r (lower(email)) WHERE status IN ('draft')",
    );
    let stored = current(conn.as_mut(), &[]);
    let check = &stored.tables[0].checks[0].expression;
    assert!(check.contains("ARRAY["), "{check}");
    let ddl = format!(
        "CREATE TABLE r (status VARCHAR(10), email VARCHAR(50), CONSTRAINT r_status CHECK {check});
         CREATE INDEX r_ix ON r (lower(email)) WHERE status IN ('draft');"
    );
    let copied = revise::source::sql::parse_sql(
        std::path::Path::new("dump.sql"),
        &ddl,
        revise::url::DialectKind::Postgres,
    )
    .unwrap()
    .schema;
    assert_ne!(
        &copied.tables[0].checks[0].expression, check,
        "the SQL parser spells it its own way"
    );
    assert_clean(
        conn.as_mut(),
        &copied,
        &[],
        "models copied from the database",
    );
    // A check that really changed still shows.
    let mut changed = copied;
    changed.tables[0].checks[0].expression = "status IN ('draft', 'live', 'gone')".into();
    assert_eq!(
        plan(conn.as_mut(), &changed, &[]).len(),
        2,
        "drop and add the check"
    );
}

#[test]
fn introspection_uses_the_same_number_of_queries_for_1_and_30_tables() {
    let Some((_db, mut conn)) = fresh() else {
        return;
    };
    let count = |conn: &mut dyn Database| {
        let mut counting = Counting {
            inner: conn,
            queries: 0,
            executes: 0,
        };
        let schema = counting.introspect(&options(&[])).unwrap();
        (schema.tables.len(), counting.queries + counting.executes)
    };
    exec(conn.as_mut(), "CREATE TABLE t0 (id int PRIMARY KEY)");
    let (tables, one) = count(conn.as_mut());
    assert_eq!(tables, 1);
    for i in 1..30 {
        exec(
            conn.as_mut(),
            &format!(
                "CREATE TABLE t{i} (id int PRIMARY KEY, up int REFERENCES t{} (id), v text UNIQUE CHECK (v <> ''))",
                i - 1
            ),
        );
        exec(conn.as_mut(), &format!("CREATE INDEX ON t{i} (lower(v))"));
    }
    let (tables, thirty) = count(conn.as_mut());
    assert_eq!(tables, 30);
    assert_eq!(one, thirty, "queries for 1 table vs 30 tables");
}

// ---- enums -----------------------------------------------------------------

fn tickets(values: &[&str]) -> Schema {
    model(json!({
        "tables": [{"name": "tickets", "columns": [
            {"name": "id", "type": "SERIAL", "nullable": false},
            {"name": "state", "type": "state", "default": "'open'", "nullable": false},
            {"name": "past", "type": "state[]", "default": "'{}'"}
         ],
         "primary_key": {"columns": ["id"]}
        }],
        "enums": [{"name": "state", "values": values}]
    }))
}

#[test]
fn enum_values_added_in_place_and_removed_by_rebuild() {
    let Some((_db, mut conn)) = fresh() else {
        return;
    };
    let v1 = tickets(&["open", "stale", "closed"]);
    migrate(conn.as_mut(), &v1, &[]);
    exec(
        conn.as_mut(),
        "INSERT INTO tickets (state, past) VALUES ('open', '{closed}'), ('closed', '{open,closed}'), (DEFAULT, DEFAULT)",
    );
    let data = "SELECT state::text, past::text FROM tickets ORDER BY id";
    let kept = rows(conn.as_mut(), data);

    let v2 = tickets(&["new", "open", "stale", "review", "closed"]);
    let add = migrate(conn.as_mut(), &v2, &[]);
    let sql = sql_of(&add);
    assert!(sql.contains("ADD VALUE 'new' BEFORE 'open'"), "{sql}");
    assert!(sql.contains("ADD VALUE 'review' AFTER 'stale'"), "{sql}");
    assert!(!sql.contains("RENAME"), "{sql}");

    let v3 = tickets(&["new", "open", "closed", "review"]);
    let rebuild = migrate(conn.as_mut(), &v3, &[]);
    let sql = sql_of(&rebuild);
    assert!(sql.contains("USING state::text::state"), "{sql}");
    assert!(
        sql.contains("TYPE state[] USING past::text[]::state[]"),
        "{sql}"
    );
    assert_eq!(rows(conn.as_mut(), data), kept);
    exec(conn.as_mut(), "INSERT INTO tickets DEFAULT VALUES");
    exec(conn.as_mut(), "DELETE FROM tickets WHERE id = 4");

    apply(conn.as_mut(), &reverse_all(&rebuild));
    assert_clean(conn.as_mut(), &v2, &[], "after undoing the rebuild");
    apply(conn.as_mut(), &reverse_all(&add));
    assert_clean(conn.as_mut(), &v1, &[], "after undoing the additions");
    assert_eq!(rows(conn.as_mut(), data), kept);
}

#[test]
fn partitioned_tables_diff_clean_against_the_ddl_that_built_them() {
    let Some((_db, mut conn)) = fresh() else {
        return;
    };
    // Both ways pg_dump and people write partitions: PARTITION OF, and a table
    // attached afterwards. Introspection reads the parent only; so must the models.
    let ddl = "CREATE TABLE events (id bigint NOT NULL, at timestamptz NOT NULL, payload jsonb) PARTITION BY RANGE (at);
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE events_2026 (id bigint NOT NULL, at timestamptz NOT NULL, payload jsonb);
ALTER TABLE ONLY events ATTACH PARTITION events_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
";
    run_script(conn.as_mut(), ddl);
    let live = current(conn.as_mut(), &[]);
    let names: Vec<&str> = live.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["events"]);
    let models = revise::source::sql::parse_sql(
        std::path::Path::new("schema.sql"),
        ddl,
        revise::url::DialectKind::Postgres,
    )
    .unwrap()
    .schema;
    assert_clean(conn.as_mut(), &models, &[], "models with partitions");
    assert_eq!(live.tables[0].partition_by.as_deref(), Some("RANGE (at)"));

    // Created from the models, the parent is partitioned again: partitions
    // can be attached to it, and it reads back with its key.
    exec(conn.as_mut(), "DROP TABLE events");
    let ops = migrate(conn.as_mut(), &models, &[]);
    assert_eq!(
        ops.iter().map(Op::describe).collect::<Vec<_>>(),
        ["create table events"]
    );
    exec(
        conn.as_mut(),
        "CREATE TABLE events_2027 PARTITION OF events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01')",
    );
    let live = current(conn.as_mut(), &[]);
    assert_eq!(live.tables[0].partition_by.as_deref(), Some("RANGE (at)"));
}

/// An inheritance child's inherited columns and checks are its parent's:
/// introspection leaves them out, as the models (whose `INHERITS` is ignored)
/// do, so the same DDL on both sides diffs clean. A column the child declares
/// itself as well stays.
#[test]
fn inheritance_children_diff_clean_against_the_ddl_that_built_them() {
    let Some((_db, mut conn)) = fresh() else {
        return;
    };
    let ddl = "CREATE TABLE parent_t (id int PRIMARY KEY, a text, CONSTRAINT a_short CHECK (length(a) < 10));
CREATE TABLE child_t (b text, a text NOT NULL, CONSTRAINT b_short CHECK (length(b) < 5)) INHERITS (parent_t);
";
    run_script(conn.as_mut(), ddl);
    let live = current(conn.as_mut(), &[]);
    let child = live.tables.iter().find(|t| t.name == "child_t").unwrap();
    let columns: Vec<&str> = child.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(columns, ["a", "b"], "inherited id left out, merged a kept");
    assert_eq!(child.checks.len(), 1, "{:?}", child.checks);
    let loaded = revise::source::sql::parse_sql(
        std::path::Path::new("schema.sql"),
        ddl,
        revise::url::DialectKind::Postgres,
    )
    .unwrap();
    assert!(
        loaded.warnings.iter().any(|w| w.contains("INHERITS")),
        "{:?}",
        loaded.warnings
    );
    assert_clean(conn.as_mut(), &loaded.schema, &[], "models with INHERITS");
}

/// Extensions, schemas, domains and sequences of their own read back from the
/// catalog (a serial column's sequence is the column's), and `revise schema`
/// prints them so that its DDL, read as models, matches the database.
#[test]
fn extensions_schemas_and_sequences_round_trip_through_revise_schema() {
    let Some((_db, mut conn)) = fresh() else {
        return;
    };
    run_script(
        conn.as_mut(),
        "CREATE EXTENSION citext;
CREATE SCHEMA audit;
CREATE SCHEMA reporting;
CREATE SEQUENCE invoice_no AS integer INCREMENT BY 5 START WITH 100;
CREATE SEQUENCE audit.event_no;
CREATE DOMAIN email AS citext NOT NULL DEFAULT 'nobody@example.com' CHECK (VALUE LIKE '%@%');
CREATE TABLE invoices (id bigserial PRIMARY KEY, no integer DEFAULT nextval('invoice_no'), email email);
CREATE TABLE audit.events (id bigint DEFAULT nextval('audit.event_no'), at timestamptz NOT NULL) PARTITION BY RANGE (at);",
    );
    let schemas = ["audit", "reporting"];
    let live = current(conn.as_mut(), &schemas);
    let names: Vec<&str> = live.extensions.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["citext"]);
    assert_eq!(live.schemas, ["audit", "reporting"]);
    let sequences: Vec<(String, Option<&str>)> = live
        .sequences
        .iter()
        .map(|s| (s.qualified().to_string(), s.options.as_deref()))
        .collect();
    assert_eq!(
        sequences,
        [
            (
                "invoice_no".to_string(),
                Some(" AS integer INCREMENT BY 5 START WITH 100")
            ),
            ("audit.event_no".to_string(), None),
        ]
    );
    let domains: Vec<(&str, &str)> = live
        .domains
        .iter()
        .map(|d| (d.name.as_str(), d.definition.as_str()))
        .collect();
    assert_eq!(
        domains,
        [(
            "email",
            "citext DEFAULT 'nobody@example.com'::citext NOT NULL CONSTRAINT email_check CHECK ((VALUE ~~ '%@%'::citext))"
        )]
    );
    let ddl = revise::autogen::render_schema(pg(), &live).unwrap();
    let models = revise::source::sql::parse_sql(
        std::path::Path::new("schema.sql"),
        &ddl,
        DialectKind::Postgres,
    )
    .unwrap()
    .schema;
    assert_clean(conn.as_mut(), &models, &schemas, "revise schema read back");
    assert_eq!(models.sequences.len(), 2, "{ddl}");
    assert_eq!(models.domains.len(), 1, "{ddl}");
    assert_eq!(models.schemas, ["audit", "reporting"], "{ddl}");
}

// ---- the default schema ----------------------------------------------------

/// A login role with a schema of its own name in a fresh database, the
/// pattern PostgreSQL's documentation recommends ("Schemas", Usage
/// Patterns): its `current_schema()` is that schema, not `public`. Dropped
/// on every path (database first: the role owns objects there).
struct OwnSchemaRole {
    db: Option<TestDb>,
    admin: DatabaseUrl,
    role: String,
}

impl OwnSchemaRole {
    fn new() -> Option<OwnSchemaRole> {
        let db = TestDb::new(DialectKind::Postgres)?;
        let role = format!(
            "revise_test_app_{}_{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .subsec_nanos()
        );
        let admin = db.url.clone();
        let guard = OwnSchemaRole {
            db: Some(db),
            admin,
            role,
        };
        let mut conn = guard.db.as_ref()?.connect();
        run_script(
            conn.as_mut(),
            &format!(
                "CREATE ROLE {r} LOGIN;
                 CREATE SCHEMA {r} AUTHORIZATION {r};
                 CREATE TABLE public.users (id int PRIMARY KEY, name text);
                 ALTER TABLE public.users OWNER TO {r};
                 INSERT INTO public.users VALUES (1, 'public row');
                 CREATE TABLE {r}.users (id int PRIMARY KEY, secret text);
                 ALTER TABLE {r}.users OWNER TO {r};
                 INSERT INTO {r}.users VALUES (1, 'keep me')",
                r = guard.role
            ),
        );
        Some(guard)
    }

    /// A connection as the role (the test servers trust local logins).
    fn connect(&self) -> Box<dyn Database> {
        let admin = self.admin.connection_string();
        let (scheme, rest) = admin.split_once("://").expect("URL scheme");
        let host = rest.split_once('@').map_or(rest, |(_, host)| host);
        let url = DatabaseUrl::parse(&format!("{scheme}://{}@{host}", self.role)).unwrap();
        revise::dialect::connect(&url, &Default::default()).expect("connect as the role")
    }
}

impl Drop for OwnSchemaRole {
    fn drop(&mut self) {
        drop(self.db.take());
        let admin = self.admin.with_database("postgres");
        if let Ok(mut conn) = revise::dialect::connect(&admin, &Default::default()) {
            let _ = conn.execute(&format!("DROP ROLE IF EXISTS {}", self.role));
        }
    }
}

fn sql_models(text: &str) -> revise::source::Loaded {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("schema.sql");
    std::fs::write(&path, text).unwrap();
    revise::source::load_sql_files(&[path], DialectKind::Postgres).expect("models")
}

/// With `current_schema()` another schema than `public`, `public.users` in
/// the models is `public.users`: never compared with, nor applied to, the
/// role's own `users`, which unqualified models mean.
#[test]
fn public_in_the_models_is_public_when_the_role_has_a_schema_of_its_own() {
    use revise::autogen::{self, AutogenSettings};
    let Some(role) = OwnSchemaRole::new() else {
        return;
    };
    let mut conn = role.connect();
    let current_schema = rows(conn.as_mut(), "SELECT current_schema()::text");
    assert_eq!(current_schema[0][0].as_deref(), Some(role.role.as_str()));
    let settings = |schemas: &[&str]| AutogenSettings {
        schemas: schemas.iter().map(|s| s.to_string()).collect(),
        version_table: "revise_version".into(),
        ..Default::default()
    };
    let public_users = "CREATE TABLE public.users (id int PRIMARY KEY, name text);";

    // `public` is not the default schema here, so it must be read by name.
    let err = autogen::compare(conn.as_mut(), sql_models(public_users), &settings(&[]))
        .err()
        .expect("public is not read")
        .to_string();
    assert!(
        err.contains("table public.users in schema public")
            && err.contains("[autogenerate] schemas"),
        "{err}"
    );

    // Unqualified models, and models that name the role's schema, are the
    // role's table.
    let own_unqualified = "CREATE TABLE users (id int PRIMARY KEY, secret text);";
    let own_qualified = format!(
        "CREATE TABLE {}.users (id int PRIMARY KEY, secret text);",
        role.role
    );
    for own in [own_unqualified, own_qualified.as_str()] {
        let cmp = autogen::compare(conn.as_mut(), sql_models(own), &settings(&[])).unwrap();
        let g = cmp.generate(&[]).unwrap();
        assert!(g.is_empty(), "{own}\n{}", g.upgrade_sql);
    }

    // Read by name, public.users matches the models as they are. The
    // default schema is always read, so the role's table is in the models
    // too (left out, it would be dropped, as for `public` normally); model
    // files call `users` and `public.users` one table, so it is written
    // with its schema.
    let models = sql_models(&format!("{public_users}\n{own_qualified}"));
    let cmp = autogen::compare(conn.as_mut(), models, &settings(&["public"])).unwrap();
    let g = cmp.generate(&[]).unwrap();
    assert!(g.is_empty(), "{}", g.upgrade_sql);

    // A change to public.users changes public.users only.
    let both = format!(
        "CREATE TABLE public.users (id int PRIMARY KEY, name text, email text);\n{own_qualified}"
    );
    let cmp = autogen::compare(conn.as_mut(), sql_models(&both), &settings(&["public"])).unwrap();
    let g = cmp.generate(&[]).unwrap();
    assert_eq!(
        g.upgrade_sql.matches("ALTER TABLE").count(),
        1,
        "{}",
        g.upgrade_sql
    );
    assert!(
        g.upgrade_sql
            .contains("ALTER TABLE public.users ADD COLUMN email text"),
        "{}",
        g.upgrade_sql
    );
    for stmt in g.upgrade.iter().flat_map(|op| pg().render_op(op).unwrap()) {
        exec(conn.as_mut(), &stmt);
    }
    let own = format!(
        "SELECT string_agg(column_name::text, ',' ORDER BY ordinal_position) FROM information_schema.columns \
         WHERE table_schema = '{}' AND table_name = 'users'",
        role.role
    );
    assert_eq!(
        rows(conn.as_mut(), &own)[0][0].as_deref(),
        Some("id,secret")
    );
    let kept = format!("SELECT secret FROM {}.users", role.role);
    assert_eq!(rows(conn.as_mut(), &kept)[0][0].as_deref(), Some("keep me"));
    drop(conn);
}

// ---- extension types ---------------------------------------------------------

/// Lemmy's `comment.path ltree` on a database without the ltree extension,
/// in models that do not create it: the revision would fail at upgrade
/// with `type "ltree" does not exist`. Autogenerate refuses it, naming the
/// column, the type and the extension, and writes nothing. With `CREATE
/// EXTENSION` in the models the revision is written and runs; with the
/// extension installed in the database, models without it are fine.
#[test]
fn a_column_of_an_extension_type_needs_the_extension() {
    let Some(db) = TestDb::new(DialectKind::Postgres) else {
        return;
    };
    let table = "CREATE TABLE comment (id serial PRIMARY KEY, path ltree NOT NULL DEFAULT '0', \
                 ancestors public.ltree[]);\n";
    let env = sql_env(&db, table);
    let dir = env.path();
    let want = "column comment.path: type ltree comes from the ltree extension, which the database \
                lacks and the models do not create; add CREATE EXTENSION IF NOT EXISTS ltree; to the \
                models (for Diesel, in a companion SQL file: sql = [...] beside diesel = ...), or \
                install it in the database first";
    let err = fails(dir, &["autogenerate", "-m", "comments"], want);
    assert_eq!(err, format!("error: {want}"));
    fails(dir, &["autogenerate", "--sql", "-m", "comments"], want);
    assert_eq!(
        revision_files(dir),
        Vec::<std::path::PathBuf>::new(),
        "nothing written"
    );
    assert_eq!(db.user_tables(), Vec::<String>::new());
    // The models may say so.
    std::fs::write(
        dir.join("schema.sql"),
        format!("CREATE EXTENSION IF NOT EXISTS ltree;\n{table}"),
    )
    .unwrap();
    let o = ok(dir, &["autogenerate", "-m", "comments"]);
    assert!(o.stderr.contains("create table comment"), "{}", o.stderr);
    ok(dir, &["upgrade"]);
    db.connect()
        .execute(
            "INSERT INTO comment (path, ancestors) VALUES ('0.1.2', ARRAY['0', '0.1']::ltree[])",
        )
        .unwrap();
    let o = revise(dir, &["check"]);
    assert_eq!(o.code, 0, "{}\n{}", o.stdout, o.stderr);
    ok(dir, &["downgrade", "base"]);
    assert_eq!(
        db.column("SELECT extname::text FROM pg_extension WHERE extname = 'ltree'"),
        Vec::<String>::new(),
        "the downgrade drops the extension its revision created"
    );

    // Installed by hand: the models need not create it.
    for f in revision_files(dir) {
        std::fs::remove_file(f).unwrap();
    }
    db.connect().execute("CREATE EXTENSION ltree").unwrap();
    std::fs::write(dir.join("schema.sql"), table).unwrap();
    ok(dir, &["autogenerate", "-m", "comments"]);
    ok(dir, &["upgrade"]);
    let o = revise(dir, &["check"]);
    assert_eq!(o.code, 0, "{}\n{}", o.stdout, o.stderr);
}

// ---- composite types ---------------------------------------------------------

/// `CREATE TYPE ... AS (...)` in the models, used by a column, an array
/// column and another composite type: autogenerate creates the types before
/// the table, `check` is clean after the upgrade, a second autogenerate finds
/// nothing, and the downgrade drops the types after the table.
#[test]
fn composite_types_round_trip_through_autogenerate() {
    let Some(db) = TestDb::new(DialectKind::Postgres) else {
        return;
    };
    // The outer type comes first in the file: its creation must still wait
    // for the type its attribute uses.
    let models =
        "CREATE TABLE shapes (id serial PRIMARY KEY, origin pt NOT NULL, path pt[], edge seg);
CREATE TYPE seg AS (a pt, b pt, label text COLLATE \"C\");
CREATE TYPE pt AS (x integer, y int4);
";
    let env = sql_env(&db, models);
    let dir = env.path();
    let o = ok(dir, &["autogenerate", "-m", "shapes"]);
    assert!(
        o.stderr.contains("create composite type pt"),
        "{}",
        o.stderr
    );
    assert!(!o.stderr.contains("skipped"), "{}", o.stderr);
    ok(dir, &["upgrade"]);
    db.connect()
        .execute("INSERT INTO shapes (origin, path) VALUES ((1, 2), ARRAY[ROW(3, 4)]::pt[])")
        .unwrap();
    let o = revise(dir, &["check"]);
    assert_eq!(o.code, 0, "{}\n{}", o.stdout, o.stderr);
    let o = ok(dir, &["autogenerate", "-m", "again"]);
    assert!(o.stderr.contains("no changes detected"), "{}", o.stderr);
    ok(dir, &["downgrade", "base"]);
    assert_eq!(
        db.column(
            "SELECT typname::text FROM pg_type t JOIN pg_class c ON c.oid = t.typrelid \
             WHERE c.relkind = 'c' ORDER BY 1"
        ),
        Vec::<String>::new(),
        "the downgrade drops the types its revision created"
    );
    assert!(
        !db.user_tables().contains(&"shapes".to_string()),
        "{:?}",
        db.user_tables()
    );
}

/// A composite type the models leave out is not dropped (as a domain or an
/// extension): a table of the models may even use it. `revise schema`
/// prints it as `CREATE TYPE ... AS (...)`, and that output read back as
/// models is clean.
#[test]
fn composite_types_the_models_omit_stay_and_revise_schema_prints_them() {
    let Some((_db, mut conn)) = fresh() else {
        return;
    };
    run_script(
        conn.as_mut(),
        "CREATE SCHEMA geo;
CREATE TYPE pt AS (x integer, \"Y\" numeric(10,2), tag varchar(20) COLLATE \"C\");
CREATE TYPE geo.box AS (lo pt, hi pt);
CREATE TABLE shapes (id int PRIMARY KEY, corner pt, boxes geo.box[]);",
    );
    let schemas = ["geo"];
    let live = current(conn.as_mut(), &schemas);
    let composites: Vec<(String, Vec<(&str, &str)>)> = live
        .composites
        .iter()
        .map(|c| {
            (
                c.qualified().to_string(),
                c.attributes
                    .iter()
                    .map(|a| (a.name.as_str(), a.ty.as_str()))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        composites,
        [
            (
                "pt".to_string(),
                vec![
                    ("x", "integer"),
                    ("Y", "numeric(10,2)"),
                    ("tag", "character varying(20) COLLATE \"C\"")
                ]
            ),
            ("geo.box".to_string(), vec![("lo", "pt"), ("hi", "pt")]),
        ]
    );
    // Models that say nothing of the types: nothing to do.
    let only_table = model(json!({
        "tables": [{"name": "shapes", "columns": [
            {"name": "id", "type": "integer", "nullable": false},
            {"name": "corner", "type": "pt"},
            {"name": "boxes", "type": "geo.box[]"}
        ], "primary_key": {"columns": ["id"]}}]
    }));
    assert_clean(conn.as_mut(), &only_table, &schemas, "types left out");
    let ddl = revise::autogen::render_schema(pg(), &live).unwrap();
    assert!(
        ddl.contains("CREATE TYPE geo.box AS (lo pt, hi pt)"),
        "{ddl}"
    );
    let models = revise::source::sql::parse_sql(
        std::path::Path::new("schema.sql"),
        &ddl,
        DialectKind::Postgres,
    )
    .unwrap();
    assert!(models.warnings.is_empty(), "{:?}", models.warnings);
    assert_eq!(models.schema.composites.len(), 2, "{ddl}");
    assert_clean(
        conn.as_mut(),
        &models.schema,
        &schemas,
        "revise schema read back",
    );
    // And from an empty database, the printed models build the same types.
    round_trip(&models.schema, &schemas);
}

/// A composite type's attributes are compared: one added, one dropped and,
/// on a type no column uses, one changed in type, each by `ALTER TYPE` (the
/// rows of a column of the type keep the attributes that stay), and the
/// downgrade undoes it. A type change on a type a column uses, which
/// PostgreSQL cannot make, is refused by autogenerate, which writes nothing.
#[test]
fn composite_attributes_are_altered_in_place() {
    let Some(db) = TestDb::new(DialectKind::Postgres) else {
        return;
    };
    db.connect()
        .execute(
            "CREATE TYPE pt AS (x integer, y integer); \
             CREATE TYPE spare AS (v integer); \
             CREATE TABLE shapes (id integer PRIMARY KEY, origin pt); \
             INSERT INTO shapes VALUES (1, ROW(1, 2))",
        )
        .unwrap();
    let models = "CREATE TYPE pt AS (x integer, label text COLLATE \"C\");
CREATE TYPE spare AS (v bigint);
CREATE TABLE shapes (id integer PRIMARY KEY, origin pt);
";
    let env = sql_env(&db, models);
    let dir = env.path();
    let o = ok(dir, &["autogenerate", "-m", "attributes"]);
    assert!(
        o.stderr
            .contains("change the attributes of composite type pt"),
        "{}",
        o.stderr
    );
    ok(dir, &["upgrade"]);
    assert_eq!(
        db.column("SELECT (origin).x::text || '/' || COALESCE((origin).label, '-') FROM shapes"),
        ["1/-"]
    );
    let o = revise(dir, &["check"]);
    assert_eq!(o.code, 0, "{}\n{}", o.stdout, o.stderr);
    let o = ok(dir, &["autogenerate", "-m", "again"]);
    assert!(o.stderr.contains("no changes detected"), "{}", o.stderr);
    ok(dir, &["downgrade", "base"]);
    assert_eq!(
        db.column(
            "SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' \
             ORDER BY a.attnum) FROM pg_attribute a JOIN pg_type t ON t.typrelid = a.attrelid \
             WHERE t.typname IN ('pt', 'spare') AND a.attnum > 0 AND NOT a.attisdropped \
             GROUP BY t.typname ORDER BY t.typname"
        ),
        ["x integer, y integer", "v integer"]
    );

    // A column uses pt: its attribute's type cannot change.
    for f in revision_files(dir) {
        std::fs::remove_file(f).unwrap();
    }
    std::fs::write(
        dir.join("schema.sql"),
        "CREATE TYPE pt AS (x bigint, y integer);\nCREATE TABLE shapes (id integer PRIMARY KEY, origin pt);\n",
    )
    .unwrap();
    let want = "composite type pt: attribute x (integer to bigint) changes type, which PostgreSQL \
                cannot do while column shapes.origin uses the type";
    fails(dir, &["autogenerate", "-m", "widen"], want);
    assert_eq!(revision_files(dir), Vec::<std::path::PathBuf>::new());
}

// ---- index comments ----------------------------------------------------------

/// The text of the revision autogenerate wrote with `message`.
fn revision_text(dir: &std::path::Path, message: &str) -> String {
    revision_files(dir)
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .find(|t| t.contains(&format!("-- message: {message}\n")))
        .unwrap_or_else(|| panic!("no revision {message}"))
}

/// `COMMENT ON INDEX` in the models: autogenerate creates the index and
/// comments it, `check` is clean; a changed comment is one `COMMENT ON
/// INDEX` (the index is not rebuilt), and the downgrade puts the old
/// comment back. A primary key's index comment is skipped with a warning.
#[test]
fn index_comments_round_trip_through_autogenerate() {
    let Some(db) = TestDb::new(DialectKind::Postgres) else {
        return;
    };
    let models = |comment: &str| {
        format!(
            "CREATE TABLE users (id int CONSTRAINT users_pk PRIMARY KEY, email text, name text);
CREATE INDEX ix_email ON users (email);
CREATE INDEX ON users (name);
COMMENT ON INDEX ix_email IS {comment};
COMMENT ON INDEX public.users_name_idx IS 'by name';
COMMENT ON INDEX users_pk IS 'the key';
"
        )
    };
    let env = sql_env(&db, &models("'who''s mail'"));
    let dir = env.path();
    let o = ok(dir, &["autogenerate", "-m", "users"]);
    assert!(
        o.stderr
            .contains("skipped COMMENT ON INDEX users_pk IS 'the key'"),
        "{}",
        o.stderr
    );
    let first = revision_text(dir, "users");
    assert!(
        first.contains("COMMENT ON INDEX ix_email IS 'who''s mail'"),
        "{first}"
    );
    ok(dir, &["upgrade"]);
    let comment = |name: &str| {
        db.column(&format!(
            "SELECT coalesce(obj_description('{name}'::regclass, 'pg_class'), '(none)')"
        ))
    };
    assert_eq!(comment("ix_email"), ["who's mail"]);
    assert_eq!(comment("users_name_idx"), ["by name"]);
    let o = revise(dir, &["check"]);
    assert_eq!(o.code, 0, "{}\n{}", o.stdout, o.stderr);

    // The comment changes: in place, and back on the downgrade.
    let oid = db.column("SELECT 'ix_email'::regclass::oid::text");
    std::fs::write(dir.join("schema.sql"), models("'mail, lower case'")).unwrap();
    let o = ok(dir, &["autogenerate", "-m", "recomment"]);
    assert!(
        o.stderr.contains("comment on index ix_email on users"),
        "{}",
        o.stderr
    );
    let second = revision_text(dir, "recomment");
    assert_eq!(second.matches("COMMENT ON INDEX").count(), 2, "{second}");
    assert!(!second.contains("\nDROP INDEX"), "{second}");
    assert!(!second.contains("\nCREATE INDEX"), "{second}");
    ok(dir, &["upgrade"]);
    assert_eq!(comment("ix_email"), ["mail, lower case"]);
    assert_eq!(
        db.column("SELECT 'ix_email'::regclass::oid::text"),
        oid,
        "not rebuilt"
    );
    let o = revise(dir, &["check"]);
    assert_eq!(o.code, 0, "{}\n{}", o.stdout, o.stderr);
    ok(dir, &["downgrade", "-1"]);
    assert_eq!(comment("ix_email"), ["who's mail"]);

    // Dropped from the models: the downgrade of that revision restores it.
    ok(dir, &["upgrade"]);
    std::fs::write(dir.join("schema.sql"), models("NULL")).unwrap();
    ok(dir, &["autogenerate", "-m", "uncomment"]);
    ok(dir, &["upgrade"]);
    assert_eq!(comment("ix_email"), ["(none)"]);
    let o = revise(dir, &["check"]);
    assert_eq!(o.code, 0, "{}\n{}", o.stdout, o.stderr);
    ok(dir, &["downgrade", "-1"]);
    assert_eq!(comment("ix_email"), ["mail, lower case"]);
}

/// pg_dump writes `COMMENT ON INDEX` for indexes and for the indexes of key
/// constraints; its output as models is clean against the database it came
/// from.
#[test]
fn a_pg_dump_with_index_comments_is_clean_as_models() {
    let Some(db) = TestDb::new(DialectKind::Postgres) else {
        return;
    };
    let mut conn = db.connect();
    run_script(
        conn.as_mut(),
        "CREATE TABLE public.a (id int PRIMARY KEY, b text UNIQUE, c text, d int);
CREATE INDEX a_c ON public.a (c) WHERE d > 0;
CREATE INDEX ON public.a (d);
COMMENT ON INDEX public.a_c IS 'partial';
COMMENT ON INDEX public.a_d_idx IS 'it''s d';
COMMENT ON INDEX public.a_pkey IS 'pk';
COMMENT ON INDEX public.a_b_key IS 'unique b'",
    );
    drop(conn);
    let dump = std::process::Command::new("pg_dump")
        .args(["--schema-only", "--no-owner", "-d", &db.url_text()])
        .output();
    let dump = match dump {
        Ok(out) if out.status.success() => String::from_utf8(out.stdout).unwrap(),
        other => {
            assert!(
                std::env::var("REVISE_TEST_REQUIRE_SERVERS").is_err(),
                "pg_dump: {other:?}"
            );
            eprintln!("SKIPPED: pg_dump did not run: {other:?}");
            return;
        }
    };
    assert!(
        dump.contains("COMMENT ON INDEX public.a_c IS 'partial'"),
        "{dump}"
    );
    let env = sql_env(&db, &dump);
    let o = revise(env.path(), &["check"]);
    assert_eq!(o.code, 0, "{}\n{}", o.stdout, o.stderr);
    assert!(
        o.stderr.contains("skipped COMMENT ON INDEX public.a_pkey"),
        "{}",
        o.stderr
    );
    // The index comments were read from the dump and from the database.
    let loaded = sql_models(&dump);
    let a = loaded.schema.tables.iter().find(|t| t.name == "a").unwrap();
    let comments: Vec<_> = a.indexes.iter().map(|i| i.comment.as_deref()).collect();
    assert_eq!(comments, [Some("partial"), Some("it's d")]);
    let mut conn = db.connect();
    let live = current(conn.as_mut(), &[]);
    let comments: Vec<_> = live.tables[0]
        .indexes
        .iter()
        .map(|i| i.comment.as_deref())
        .collect();
    assert_eq!(comments, [Some("partial"), Some("it's d")]);
}
