//! Diesel `schema.rs` models, read as `diesel print-schema` writes them.
//!
//! The fixtures under `tests/fixtures/diesel/<dialect>/` are real print-schema
//! output (diesel_cli 2.3.14) from the `database.sql` beside them. Two kinds of
//! tests use them:
//!
//! * without a database: the exact [`Schema`] and [`Silence`] each one reads to;
//! * against a real database: `database.sql` applied to a fresh database, whose
//!   catalog must agree with what was read (columns, nullability, keys, foreign
//!   keys) and whose column types must belong to every recorded type family.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::TestDb;
use revise::schema::{Column, ForeignKey, PrimaryKey, QualifiedName, Schema, Table};
use revise::source::diesel::{load_files, parse_diesel, type_family_matches};
use revise::source::{Aspects, Loaded};
use revise::url::DialectKind;

fn fixture(dialect: &str, file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diesel")
        .join(dialect)
        .join(file)
}

fn postgres_files() -> Vec<PathBuf> {
    vec![
        fixture("postgres", "schema.rs"),
        fixture("postgres", "v2.rs"),
    ]
}

fn load(kind: DialectKind) -> Loaded {
    let files = match kind {
        DialectKind::Postgres => postgres_files(),
        DialectKind::Mysql => vec![fixture("mysql", "schema.rs")],
        DialectKind::Sqlite => vec![fixture("sqlite", "schema.rs")],
    };
    load_files(&files, kind).expect("fixture reads")
}

fn c(name: &str, ty: &str, nullable: bool) -> Column {
    Column {
        name: name.into(),
        data_type: ty.into(),
        nullable,
        ..Column::default()
    }
}

fn fk(column: &str, ref_table: &str, ref_column: &str) -> ForeignKey {
    ForeignKey {
        name: None,
        columns: vec![column.into()],
        ref_schema: None,
        ref_table: ref_table.into(),
        ref_columns: vec![ref_column.into()],
        ..ForeignKey::default()
    }
}

fn table(
    schema: Option<&str>,
    name: &str,
    columns: Vec<Column>,
    key: &[&str],
    foreign_keys: Vec<ForeignKey>,
) -> Table {
    Table {
        schema: schema.map(str::to_string),
        name: name.into(),
        columns,
        primary_key: (!key.is_empty()).then(|| PrimaryKey {
            name: None,
            columns: key.iter().map(|k| k.to_string()).collect(),
            column_options: Vec::new(),
            deferrable: Default::default(),
        }),
        foreign_keys,
        ..Table::default()
    }
}

fn qn(schema: Option<&str>, name: &str) -> QualifiedName {
    QualifiedName {
        schema: schema.map(str::to_string),
        name: name.into(),
    }
}

fn all_silent() -> Aspects {
    Aspects {
        indexes: true,
        uniques: true,
        checks: true,
        defaults: true,
        comments: true,
        fk_actions: true,
        key_timing: true,
        foreign_keys: true,
        identity: true,
        collations: true,
        table_options: true,
        domains: true,
    }
}

fn families(
    entries: &[(Option<&str>, &str, &str, &str)],
) -> BTreeMap<(QualifiedName, String), String> {
    entries
        .iter()
        .map(|(s, t, col, f)| ((qn(*s, t), col.to_string()), f.to_string()))
        .collect()
}

fn silent_tables(names: &[(Option<&str>, &str)]) -> BTreeMap<QualifiedName, Aspects> {
    names
        .iter()
        .map(|(s, t)| (qn(*s, t), all_silent()))
        .collect()
}

#[test]
fn postgres_fixture_reads_exactly() {
    let loaded = load(DialectKind::Postgres);
    let expected = Schema {
        tables: vec![
            table(
                None,
                "post_tags",
                vec![
                    c("post_id", "BIGINT", false),
                    c("tag", "VARCHAR(40)", false),
                ],
                &["post_id", "tag"],
                vec![fk("post_id", "posts", "id")],
            ),
            table(
                None,
                "posts",
                vec![
                    c("id", "BIGINT", false),
                    c("author_id", "INTEGER", false),
                    c("Title", "VARCHAR(120)", false),
                    c("body", "TEXT", true),
                ],
                &["id"],
                vec![fk("author_id", "users", "id")],
            ),
            table(
                None,
                "users",
                vec![
                    c("id", "INTEGER", false),
                    c("email", "VARCHAR(200)", false),
                    c("nickname", "VARCHAR", true),
                    c("code", "CHAR(2)", true),
                    c("type", "TEXT", false),
                    c("balance", "NUMERIC", false),
                    c("score", "DOUBLE PRECISION", true),
                    c("ratio", "REAL", true),
                    c("small", "SMALLINT", true),
                    c("big", "BIGINT", false),
                    c("active", "BOOLEAN", false),
                    c("current_mood", "mood", true),
                    c("tags", "TEXT[]", false),
                    c("scores", "INTEGER[]", true),
                    c("data", "JSONB", true),
                    c("raw", "JSON", true),
                    c("avatar", "BYTEA", true),
                    c("uid", "UUID", false),
                    c("born", "DATE", true),
                    c("alarm", "TIME", true),
                    c("created_at", "TIMESTAMP", false),
                    c("updated_at", "TIMESTAMP WITH TIME ZONE", true),
                    c("span", "INTERVAL", true),
                    c("ip", "INET", true),
                    c("net", "CIDR", true),
                    c("mac", "MACADDR", true),
                    c("price", "MONEY", true),
                    c("during", "TSTZRANGE", true),
                    c("manager_id", "INTEGER", true),
                ],
                &["id"],
                // print-schema writes no joinable! for the self-reference.
                vec![],
            ),
            table(
                Some("v2"),
                "events",
                vec![
                    c("id", "INTEGER", false),
                    c("status", "v2.status", false),
                    c("at", "TIMESTAMP WITH TIME ZONE", false),
                ],
                &["id"],
                vec![],
            ),
        ],
        ..Default::default()
    };
    assert_eq!(loaded.schema, expected);
    assert_eq!(
        loaded.silence.tables,
        silent_tables(&[
            (None, "post_tags"),
            (None, "posts"),
            (None, "users"),
            (Some("v2"), "events")
        ])
    );
    assert_eq!(
        loaded.silence.column_types,
        families(&[
            (None, "users", "nickname", "Varchar"),
            (None, "users", "balance", "Numeric"),
            (None, "users", "alarm", "Time"),
            (None, "users", "created_at", "Timestamp"),
            (None, "users", "updated_at", "Timestamptz"),
            (None, "users", "span", "Interval"),
            (Some("v2"), "events", "at", "Timestamptz"),
        ])
    );
    assert_eq!(
        loaded.silence.enum_values,
        BTreeSet::from([qn(None, "mood"), qn(Some("v2"), "status")])
    );
    assert!(loaded.silence.type_family.is_some());
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[test]
fn mysql_fixture_reads_exactly() {
    let loaded = load(DialectKind::Mysql);
    let expected = Schema {
        tables: vec![
            table(
                None,
                "post_tags",
                vec![
                    c("post_id", "BIGINT", false),
                    c("tag", "VARCHAR(40)", false),
                ],
                &["post_id", "tag"],
                vec![fk("post_id", "posts", "id")],
            ),
            table(
                None,
                "posts",
                vec![
                    c("id", "BIGINT", false),
                    c("user_id", "INT UNSIGNED", false),
                    c("title", "VARCHAR(120)", false),
                ],
                &["id"],
                vec![fk("user_id", "users", "id")],
            ),
            table(
                None,
                "users",
                vec![
                    c("id", "INT UNSIGNED", false),
                    c("email", "VARCHAR(200)", false),
                    c("code", "CHAR(2)", true),
                    c("active", "BOOLEAN", false),
                    c("age", "TINYINT UNSIGNED", true),
                    c("level", "TINYINT", false),
                    c("small", "SMALLINT", true),
                    c("big", "BIGINT UNSIGNED", false),
                    c("balance", "DECIMAL", false),
                    c("score", "DOUBLE", true),
                    c("ratio", "FLOAT", true),
                    c("status", "ENUM", false),
                    c("bio", "TEXT", true),
                    c("notes", "LONGTEXT", true),
                    c("avatar", "BLOB", true),
                    c("token", "BINARY(16)", true),
                    c("born", "DATE", true),
                    c("alarm", "TIME", true),
                    c("created_at", "DATETIME", false),
                    c("updated_at", "TIMESTAMP", true),
                    c("payload", "LONGTEXT", true),
                    c("hits", "MEDIUMINT UNSIGNED", true),
                    c("type", "VARCHAR(20)", false),
                    c("manager_id", "INT UNSIGNED", true),
                ],
                &["id"],
                vec![],
            ),
        ],
        ..Default::default()
    };
    assert_eq!(loaded.schema, expected);
    assert_eq!(
        loaded.silence.tables,
        silent_tables(&[(None, "post_tags"), (None, "posts"), (None, "users")])
    );
    assert_eq!(
        loaded.silence.column_types,
        families(&[
            (None, "users", "balance", "Decimal"),
            (None, "users", "notes", "Longtext"),
            (None, "users", "payload", "Longtext"),
            (None, "users", "score", "Double"),
            (None, "users", "ratio", "Float"),
            (None, "users", "status", "Enum"),
            (None, "users", "alarm", "Time"),
            (None, "users", "created_at", "Datetime"),
            (None, "users", "updated_at", "Timestamp"),
            (None, "users", "hits", "Unsigned<Mediumint>"),
        ])
    );
    assert!(loaded.silence.enum_values.is_empty());
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[test]
fn sqlite_fixture_reads_exactly() {
    let loaded = load(DialectKind::Sqlite);
    let expected = Schema {
        tables: vec![
            table(
                None,
                "codes",
                // A TEXT primary key admits NULL in SQLite; print-schema says so.
                vec![c("code", "TEXT", true), c("label", "TEXT", false)],
                &["code"],
                vec![],
            ),
            table(
                None,
                "logs",
                vec![c("line", "TEXT", false), c("level", "INTEGER", true)],
                &[],
                vec![],
            ),
            table(
                None,
                "post_tags",
                vec![c("post_id", "INTEGER", false), c("tag", "TEXT", false)],
                &["post_id", "tag"],
                vec![fk("post_id", "posts", "id")],
            ),
            table(
                None,
                "posts",
                vec![
                    c("id", "INTEGER", false),
                    c("user_id", "INTEGER", false),
                    c("title", "TEXT", false),
                    c("weight", "DOUBLE", true),
                ],
                &["id"],
                vec![fk("user_id", "users", "id")],
            ),
            table(
                None,
                "users",
                vec![
                    c("id", "INTEGER", true),
                    c("email", "TEXT", false),
                    c("name", "TEXT", true),
                    c("active", "BOOLEAN", false),
                    c("balance", "DOUBLE", false),
                    c("score", "FLOAT", true),
                    c("big", "BIGINT", true),
                    c("small", "SMALLINT", true),
                    c("avatar", "BLOB", true),
                    c("created_at", "TIMESTAMP", false),
                    c("born", "DATE", true),
                    c("alarm", "TIME", true),
                    c("type", "TEXT", false),
                    c("manager_id", "INTEGER", true),
                ],
                &["id"],
                vec![],
            ),
        ],
        ..Default::default()
    };
    assert_eq!(loaded.schema, expected);
    assert_eq!(
        loaded.silence.tables,
        silent_tables(&[
            (None, "codes"),
            (None, "logs"),
            (None, "post_tags"),
            (None, "posts"),
            (None, "users")
        ])
    );
    assert_eq!(
        loaded.silence.column_types,
        families(&[
            (None, "codes", "code", "Text"),
            (None, "codes", "label", "Text"),
            (None, "logs", "line", "Text"),
            (None, "logs", "level", "Integer"),
            (None, "post_tags", "post_id", "Integer"),
            (None, "post_tags", "tag", "Text"),
            (None, "posts", "id", "Integer"),
            (None, "posts", "user_id", "Integer"),
            (None, "posts", "title", "Text"),
            (None, "posts", "weight", "Double"),
            (None, "users", "id", "Integer"),
            (None, "users", "email", "Text"),
            (None, "users", "name", "Text"),
            (None, "users", "active", "Bool"),
            (None, "users", "balance", "Double"),
            (None, "users", "score", "Float"),
            (None, "users", "big", "BigInt"),
            (None, "users", "small", "SmallInt"),
            (None, "users", "avatar", "Binary"),
            (None, "users", "created_at", "Timestamp"),
            (None, "users", "born", "Date"),
            (None, "users", "alarm", "Time"),
            (None, "users", "type", "Text"),
            (None, "users", "manager_id", "Integer"),
        ])
    );
    assert!(loaded.silence.enum_values.is_empty());
    let rowid_line = line_of(&fixture("sqlite", "schema.rs"), "rowid -> Integer");
    assert_eq!(
        loaded.warnings,
        vec![format!(
            "{}:{rowid_line}: table `logs`: column `rowid` is SQLite's implicit rowid (print-schema adds it to tables without a primary key), not a column of the table",
            fixture("sqlite", "schema.rs").display()
        )]
    );
}

/// The 1-based line of the first line of `path` containing `needle`.
fn line_of(path: &Path, needle: &str) -> usize {
    let text = std::fs::read_to_string(path).expect("fixture");
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle in fixture")
        + 1
}

#[test]
fn one_file_reads_like_the_merge_of_one() {
    let path = fixture("mysql", "schema.rs");
    let text = std::fs::read_to_string(&path).unwrap();
    let one = parse_diesel(&path, &text, DialectKind::Mysql).unwrap();
    assert_eq!(one.schema, load(DialectKind::Mysql).schema);
}

#[test]
fn a_table_defined_in_two_files_names_both() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("again.rs");
    std::fs::write(
        &copy,
        "// more\ndiesel::table! {\n    public.users (id) { id -> Int4, }\n}\n",
    )
    .unwrap();
    let mut files = postgres_files();
    files.push(copy.clone());
    let err = load_files(&files, DialectKind::Postgres)
        .unwrap_err()
        .to_string();
    let first = line_of(&fixture("postgres", "schema.rs"), "users (id) {");
    assert_eq!(
        err,
        format!(
            "{}:3: table `public.users` is defined twice: also at {}:{first}; keep one definition",
            copy.display(),
            fixture("postgres", "schema.rs").display()
        )
    );
}

#[test]
fn joinable_across_files_and_custom_types_from_another_file() {
    let dir = tempfile::tempdir().unwrap();
    let comments = dir.path().join("comments.rs");
    std::fs::write(
        &comments,
        "diesel::table! {\n    use diesel::sql_types::*;\n    use crate::schema::sql_types::Mood;\n    comments (id) { id -> Int4, post_id -> Int8, mood -> Array<Mood>, }\n}\ndiesel::joinable!(comments -> crate::schema::posts (post_id));\n",
    )
    .unwrap();
    let mut files = postgres_files();
    files.push(comments);
    let loaded = load_files(&files, DialectKind::Postgres).unwrap();
    let t = loaded
        .schema
        .table(&QualifiedName::new("comments"))
        .unwrap();
    assert_eq!(t.foreign_keys, vec![fk("post_id", "posts", "id")]);
    assert_eq!(t.column("mood").unwrap().data_type, "mood[]");
}

#[test]
fn an_unknown_type_names_file_line_table_column_and_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("schema.rs");
    std::fs::write(
        &file,
        "diesel::table! {\n    places (id) {\n        id -> Int4,\n        spot -> Nullable<Geometry>,\n    }\n}\n",
    )
    .unwrap();
    let err = load_files(std::slice::from_ref(&file), DialectKind::Postgres)
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        format!(
            "{}:4: table `places`: column `spot`: unknown SQL type `Geometry`: it is neither a Diesel type nor declared in the models; declare it in a schema.rs file with #[derive(diesel::sql_types::SqlType)] and #[diesel(postgres_type(name = \"...\"))], as print-schema does (revise reads only the schema.rs files in [models] diesel: a type imported from elsewhere in your crate, such as diesel-derive-enum's `...Mapping`, is unknown to it)",
            file.display()
        )
    );
}

#[test]
fn a_postgres_schema_read_as_mysql_points_at_the_first_foreign_type() {
    let err = load_files(&postgres_files(), DialectKind::Mysql)
        .unwrap_err()
        .to_string();
    let path = fixture("postgres", "schema.rs");
    let line = line_of(&path, "code -> Nullable<Bpchar>");
    assert!(
        err.starts_with(&format!(
            "{}:{line}: table `users`: column `code`: `Bpchar` is not a MySQL type in Diesel",
            path.display()
        )),
        "{err}"
    );
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let err = load_files(
        &[PathBuf::from("/nonexistent/schema.rs")],
        DialectKind::Sqlite,
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("/nonexistent/schema.rs: "), "{err}");
}

#[test]
fn families_keep_real_changes_visible() {
    use DialectKind::{Mysql, Postgres, Sqlite};
    // What print-schema flattens belongs to the family...
    assert!(type_family_matches(Postgres, "character varying(80)", "Varchar").is_member());
    assert!(type_family_matches(Postgres, "numeric(12,4)", "Numeric").is_member());
    assert!(type_family_matches(Mysql, "enum('x','y')", "Enum").is_member());
    assert!(type_family_matches(Mysql, "varchar(10)", "Varchar").is_member());
    assert!(type_family_matches(Sqlite, "NVARCHAR(30)", "Text").is_member());
    // ...but a different Diesel type never does.
    assert!(!type_family_matches(Postgres, "integer", "Varchar").is_member());
    assert!(!type_family_matches(Postgres, "text", "Varchar").is_member());
    assert!(!type_family_matches(Postgres, "character varying(80)[]", "Varchar").is_member());
    assert!(!type_family_matches(Mysql, "text", "Varchar").is_member());
    assert!(!type_family_matches(Mysql, "int(11)", "Decimal").is_member());
    assert!(!type_family_matches(Mysql, "decimal(10,2) unsigned", "Decimal").is_member());
    assert!(!type_family_matches(Sqlite, "BIGINT", "Integer").is_member());
    assert!(!type_family_matches(Sqlite, "BLOB", "Text").is_member());
    assert!(!type_family_matches(Sqlite, "FLOAT", "Double").is_member());
}

// ---------------------------------------------------------------------------
// Against the database each fixture was printed from.

fn apply(db: &TestDb, kind: DialectKind) {
    let dir = match kind {
        DialectKind::Postgres => "postgres",
        DialectKind::Mysql => "mysql",
        DialectKind::Sqlite => "sqlite",
    };
    let sql = std::fs::read_to_string(fixture(dir, "database.sql")).unwrap();
    let body: String = sql
        .lines()
        .filter(|l| !l.starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut conn = db.connect();
    for statement in body.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        conn.execute(statement)
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
}

fn rows(db: &TestDb, sql: &str) -> Vec<Vec<String>> {
    db.connect()
        .query(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .into_iter()
        .map(|r| r.into_iter().map(Option::unwrap_or_default).collect())
        .collect()
}

/// (schema or "", table) for a model table; PostgreSQL's default is `public`.
fn key(kind: DialectKind, schema: &Option<String>, table: &str) -> (String, String) {
    let schema = match (kind, schema) {
        (_, Some(s)) => s.clone(),
        (DialectKind::Postgres, None) => "public".into(),
        (_, None) => String::new(),
    };
    (schema, table.to_string())
}

struct Catalog {
    /// (schema, table, column) -> (type, nullable)
    columns: BTreeMap<(String, String, String), (String, bool)>,
    /// (schema, table) -> key columns in order
    keys: BTreeMap<(String, String), Vec<String>>,
    /// (child, column, parent, parent column), single-column keys only
    foreign_keys: BTreeSet<(String, String, String, String)>,
}

fn catalog(db: &TestDb, kind: DialectKind, tables: &[String]) -> Catalog {
    let mut columns = BTreeMap::new();
    let mut keys: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    let mut foreign_keys = BTreeSet::new();
    match kind {
        DialectKind::Postgres => {
            for r in rows(
                db,
                "SELECT CAST(n.nspname AS TEXT), CAST(c.relname AS TEXT), CAST(a.attname AS TEXT), \
                 format_type(a.atttypid, a.atttypmod), CAST(NOT a.attnotnull AS TEXT) \
                 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
                 JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE n.nspname IN ('public', 'v2') AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped",
            ) {
                columns.insert(
                    (r[0].clone(), r[1].clone(), r[2].clone()),
                    (r[3].clone(), r[4] == "true"),
                );
            }
            for r in rows(
                db,
                "SELECT CAST(n.nspname AS TEXT), CAST(c.relname AS TEXT), CAST(a.attname AS TEXT) \
                 FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid \
                 JOIN pg_namespace n ON n.oid = c.relnamespace \
                 JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (i.indkey) \
                 WHERE i.indisprimary AND n.nspname IN ('public', 'v2') \
                 ORDER BY 1, 2, array_position(CAST(i.indkey AS int2[]), a.attnum)",
            ) {
                keys.entry((r[0].clone(), r[1].clone()))
                    .or_default()
                    .push(r[2].clone());
            }
            for r in rows(
                db,
                "SELECT CAST(cl.relname AS TEXT), CAST(a.attname AS TEXT), CAST(pc.relname AS TEXT), CAST(pa.attname AS TEXT) \
                 FROM pg_constraint k JOIN pg_class cl ON cl.oid = k.conrelid \
                 JOIN pg_class pc ON pc.oid = k.confrelid \
                 JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] \
                 JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = k.confkey[1] \
                 WHERE k.contype = 'f' AND cardinality(k.conkey) = 1",
            ) {
                foreign_keys.insert((r[0].clone(), r[1].clone(), r[2].clone(), r[3].clone()));
            }
        }
        DialectKind::Mysql => {
            for r in rows(
                db,
                "SELECT CAST(TABLE_NAME AS CHAR), CAST(COLUMN_NAME AS CHAR), CAST(COLUMN_TYPE AS CHAR), \
                 CAST(IS_NULLABLE AS CHAR) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()",
            ) {
                columns.insert(
                    (String::new(), r[0].clone(), r[1].clone()),
                    (r[2].clone(), r[3] == "YES"),
                );
            }
            for r in rows(
                db,
                "SELECT CAST(TABLE_NAME AS CHAR), CAST(COLUMN_NAME AS CHAR), CAST(REFERENCED_TABLE_NAME AS CHAR), \
                 CAST(REFERENCED_COLUMN_NAME AS CHAR), CAST(CONSTRAINT_NAME AS CHAR) \
                 FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() \
                 ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION",
            ) {
                if r[4] == "PRIMARY" {
                    keys.entry((String::new(), r[0].clone()))
                        .or_default()
                        .push(r[1].clone());
                } else if !r[2].is_empty() {
                    foreign_keys.insert((r[0].clone(), r[1].clone(), r[2].clone(), r[3].clone()));
                }
            }
        }
        DialectKind::Sqlite => {
            for t in tables {
                for r in rows(
                    db,
                    &format!(
                        "SELECT name, type, CAST(\"notnull\" AS TEXT), CAST(pk AS TEXT) FROM pragma_table_info('{t}') ORDER BY pk"
                    ),
                ) {
                    columns.insert(
                        (String::new(), t.clone(), r[0].clone()),
                        (r[1].clone(), r[2] == "0"),
                    );
                    if r[3] != "0" {
                        keys.entry((String::new(), t.clone()))
                            .or_default()
                            .push(r[0].clone());
                    }
                }
                for r in rows(
                    db,
                    &format!(
                        "SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list('{t}')"
                    ),
                ) {
                    foreign_keys.insert((t.clone(), r[0].clone(), r[1].clone(), r[2].clone()));
                }
            }
        }
    }
    Catalog {
        columns,
        keys,
        foreign_keys,
    }
}

fn fixture_agrees_with_its_database(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    apply(&db, kind);
    let loaded = load(kind);
    let names: Vec<String> = loaded
        .schema
        .tables
        .iter()
        .map(|t| t.name.clone())
        .collect();
    let cat = catalog(&db, kind, &names);

    let mut model_columns = BTreeSet::new();
    let mut model_fks = BTreeSet::new();
    for t in &loaded.schema.tables {
        let (schema, name) = key(kind, &t.schema, &t.name);
        let keys = t
            .primary_key
            .as_ref()
            .map(|k| k.columns.clone())
            .unwrap_or_default();
        assert_eq!(
            cat.keys
                .get(&(schema.clone(), name.clone()))
                .cloned()
                .unwrap_or_default(),
            keys,
            "primary key of {name}"
        );
        for c in &t.columns {
            let at = (schema.clone(), name.clone(), c.name.clone());
            let (db_type, db_nullable) = cat
                .columns
                .get(&at)
                .unwrap_or_else(|| panic!("{at:?} is not in the database"));
            assert_eq!(c.nullable, *db_nullable, "nullability of {at:?}");
            if let Some(family) = loaded
                .silence
                .column_types
                .get(&(t.qualified(), c.name.clone()))
            {
                assert!(
                    type_family_matches(kind, db_type, family).is_member(),
                    "{at:?}: database type {db_type} is not in family {family}"
                );
            }
            model_columns.insert(at);
        }
        for f in &t.foreign_keys {
            model_fks.insert((
                t.name.clone(),
                f.columns[0].clone(),
                f.ref_table.clone(),
                f.ref_columns[0].clone(),
            ));
        }
    }
    let db_columns: BTreeSet<_> = cat.columns.keys().cloned().collect();
    assert_eq!(model_columns, db_columns);
    // Every joinable! is a real key; the one left unsaid is the self-reference.
    let unsaid: Vec<_> = cat.foreign_keys.difference(&model_fks).cloned().collect();
    assert_eq!(
        unsaid,
        vec![(
            "users".to_string(),
            "manager_id".to_string(),
            "users".to_string(),
            "id".to_string()
        )]
    );
    assert!(model_fks.is_subset(&cat.foreign_keys));

    if kind == DialectKind::Postgres {
        let enums: BTreeSet<QualifiedName> = rows(
            &db,
            "SELECT CAST(n.nspname AS TEXT), CAST(t.typname AS TEXT) FROM pg_type t \
             JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'e'",
        )
        .into_iter()
        .map(|r| qn((r[0] != "public").then_some(r[0].as_str()), &r[1]))
        .collect();
        assert_eq!(loaded.silence.enum_values, enums);
    }
}

backend_tests!(fixture_agrees_with_its_database);
