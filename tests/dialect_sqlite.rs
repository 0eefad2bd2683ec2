//! The SQLite dialect against real SQLite databases, each test in a fresh temp
//! file: introspection of hand-written DDL, round trips of model schemas
//! (diff -> lower -> render -> execute -> introspect -> no diff -> downgrade),
//! table rebuilds that keep every row, and the bulk-query guarantee.

mod common;

use std::time::Duration;

use common::TestDb;
use revise::dialect::{
    Database, Dialect, IntrospectOptions, LockScope, Side, TextRow, dialect_for,
};
use revise::diff::{DiffOptions, Rename, diff};
use revise::ops::{Op, reverse_all};
use revise::schema::{
    Check, Column, Deferrable, Dependent, DependentKind, FkAction, ForeignKey, Identity, Index,
    IndexPart, OtherRelation, PrimaryKey, QualifiedName, RelationKind, Schema, Table, Trigger,
    Unique, Uses,
};
use revise::url::{DatabaseUrl, DialectKind};

fn dialect() -> &'static dyn Dialect {
    dialect_for(DialectKind::Sqlite)
}

fn fresh() -> TestDb {
    TestDb::new(DialectKind::Sqlite).expect("SQLite is embedded")
}

fn exec(db: &mut dyn Database, sql: &str) {
    db.execute(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
}

fn text_rows(db: &mut dyn Database, sql: &str) -> Vec<Vec<String>> {
    db.query(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .into_iter()
        .map(|r| {
            r.into_iter()
                .map(|c| c.unwrap_or_else(|| "NULL".into()))
                .collect()
        })
        .collect()
}

fn introspected(db: &mut dyn Database) -> Schema {
    let mut s = db
        .introspect(&IntrospectOptions::default())
        .expect("introspect");
    s.sort();
    s
}

fn current(db: &mut dyn Database) -> Schema {
    let mut s = db
        .introspect(&IntrospectOptions::default())
        .expect("introspect");
    dialect().normalize(&mut s, Side::Database);
    s
}

fn wanted(mut model: Schema) -> Schema {
    dialect().normalize(&mut model, Side::Model);
    model
}

/// diff + lower, as autogenerate does.
fn plan(current: &Schema, wanted: &Schema, renames: Vec<Rename>) -> Vec<Op> {
    let d = dialect();
    let ops = diff(
        current,
        wanted,
        &DiffOptions { renames },
        d.compare(current),
    );
    d.lower(ops, current, wanted)
}

fn render(ops: &[Op]) -> Vec<String> {
    ops.iter()
        .flat_map(|op| {
            dialect()
                .render_op(op)
                .unwrap_or_else(|e| panic!("render {}: {e}", op.describe()))
        })
        .collect()
}

/// Executes the ops in one transaction, as the runner does; rolls back on error.
fn apply(db: &mut dyn Database, ops: &[Op]) -> Result<(), String> {
    exec(db, dialect().begin_transaction());
    for sql in render(ops) {
        if let Err(e) = db.execute(&sql) {
            exec(db, "ROLLBACK");
            return Err(format!("{sql}: {e}"));
        }
    }
    exec(db, "COMMIT");
    Ok(())
}

fn assert_no_diff(db: &mut dyn Database, want: &Schema) {
    let now = current(db);
    let left = diff(&now, want, &DiffOptions::default(), dialect().compare(&now));
    assert!(
        left.is_empty(),
        "expected no diff, found {:?}\ncurrent: {now:#?}",
        left.iter().map(Op::describe).collect::<Vec<_>>()
    );
}

fn col(name: &str, ty: &str) -> Column {
    Column::new(name, ty)
}

fn not_null(name: &str, ty: &str) -> Column {
    Column {
        nullable: false,
        ..Column::new(name, ty)
    }
}

fn with_default(mut c: Column, default: &str) -> Column {
    c.default = Some(default.into());
    c
}

fn pk(cols: &[&str]) -> Option<PrimaryKey> {
    Some(PrimaryKey {
        name: None,
        columns: cols.iter().map(|c| c.to_string()).collect(),
        column_options: Vec::new(),
        deferrable: Default::default(),
    })
}

fn fk(cols: &[&str], target: &str, ref_cols: &[&str]) -> ForeignKey {
    ForeignKey {
        columns: cols.iter().map(|c| c.to_string()).collect(),
        ref_table: target.into(),
        ref_columns: ref_cols.iter().map(|c| c.to_string()).collect(),
        ..Default::default()
    }
}

fn index(name: Option<&str>, parts: Vec<IndexPart>) -> Index {
    Index {
        name: name.map(str::to_string),
        parts,
        ..Default::default()
    }
}

fn expr_part(text: &str, descending: bool) -> IndexPart {
    IndexPart {
        value: text.into(),
        expression: true,
        opclass: None,
        descending,
        nulls_first: None,
    }
}

fn check(name: Option<&str>, expression: &str) -> Check {
    Check {
        name: name.map(str::to_string),
        expression: expression.into(),
    }
}

fn table(name: &str, columns: Vec<Column>) -> Table {
    Table {
        columns,
        ..Table::new(name)
    }
}

fn schema(mut tables: Vec<Table>) -> Schema {
    let mut s = Schema {
        tables: std::mem::take(&mut tables),
        ..Default::default()
    };
    s.sort();
    s
}

// ---------------------------------------------------------------- introspection

const SHOP_DDL: &[&str] = &[
    "CREATE TABLE teams (id INTEGER PRIMARY KEY AUTOINCREMENT, name varchar (40) NOT NULL CONSTRAINT uq_team_name UNIQUE, code TEXT UNIQUE)",
    "CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        team_id INTEGER REFERENCES teams ON DELETE CASCADE,
        email TEXT NOT NULL DEFAULT 'none',
        state VARCHAR(20) DEFAULT 'draft' CHECK (state IN ('draft', 'live')),
        score REAL DEFAULT -1,
        created TEXT DEFAULT CURRENT_TIMESTAMP,
        touched TEXT DEFAULT (datetime('now')),
        mentor_id INTEGER,
        CONSTRAINT score_positive CHECK (score >= -1),
        CONSTRAINT fk_mentor FOREIGN KEY (mentor_id) REFERENCES users (id) ON UPDATE SET NULL ON DELETE SET DEFAULT
    )",
    "CREATE TABLE memberships (user_id INTEGER NOT NULL, team_id INTEGER NOT NULL, role TEXT, CONSTRAINT pk_memberships PRIMARY KEY (user_id, team_id), UNIQUE (role, user_id), FOREIGN KEY (user_id) REFERENCES users (id), FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE RESTRICT)",
    "CREATE INDEX ix_users_email ON users (email)",
    "CREATE UNIQUE INDEX ux_users_lower_email ON users (lower(email) DESC, team_id) WHERE team_id IS NOT NULL",
    "CREATE INDEX ix_users_score ON users (score DESC)",
    "CREATE TRIGGER users_touch AFTER UPDATE ON users BEGIN UPDATE users SET touched = datetime('now') WHERE id = new.id; END",
];

#[test]
fn introspection_reads_every_object_kind() {
    let test = fresh();
    let mut db = test.connect();
    for sql in SHOP_DDL {
        exec(db.as_mut(), sql);
    }
    exec(
        db.as_mut(),
        "CREATE VIEW team_names AS SELECT name FROM teams",
    );
    let mut got = introspected(db.as_mut());
    // Every table, view and index name (SQLite's own included) is recorded
    // as taken, for naming unnamed indexes; triggers have a namespace of
    // their own. The rest is compared with the literals below.
    let taken: Vec<String> = std::mem::take(&mut got.taken_names)
        .relations
        .into_iter()
        .map(|q| q.name)
        .collect();
    for name in [
        "teams",
        "team_names",
        "ix_users_score",
        "sqlite_autoindex_teams_1",
    ] {
        assert!(taken.iter().any(|t| t == name), "{name}: {taken:?}");
    }
    assert!(!taken.iter().any(|t| t == "users_touch"), "{taken:?}");
    // Views are recorded with their text, for autogenerate's warnings.
    assert_eq!(
        std::mem::take(&mut got.dependents),
        vec![Dependent {
            kind: DependentKind::View,
            name: QualifiedName::new("team_names"),
            uses: Uses::Text("CREATE VIEW team_names AS SELECT name FROM teams".into()),
        }]
    );
    // And named as what a model table may stand for.
    assert_eq!(
        std::mem::take(&mut got.other_relations),
        vec![OtherRelation {
            name: QualifiedName::new("team_names"),
            kind: RelationKind::View,
        }]
    );

    let teams = Table {
        primary_key: pk(&["id"]),
        uniques: vec![
            Unique {
                name: Some("uq_team_name".into()),
                columns: vec!["name".into()],
                column_options: Vec::new(),
                deferrable: Default::default(),
                nulls_not_distinct: false,
            },
            Unique {
                name: None,
                columns: vec!["code".into()],
                column_options: Vec::new(),
                deferrable: Default::default(),
                nulls_not_distinct: false,
            },
        ],
        ..table(
            "teams",
            vec![
                Column {
                    identity: Some(Identity::AutoIncrement),
                    ..col("id", "INTEGER")
                },
                not_null("name", "VARCHAR(40)"),
                col("code", "TEXT"),
            ],
        )
    };
    let users = Table {
        primary_key: pk(&["id"]),
        foreign_keys: vec![
            ForeignKey {
                on_delete: FkAction::Cascade,
                ..fk(&["team_id"], "teams", &["id"])
            },
            ForeignKey {
                name: Some("fk_mentor".into()),
                on_update: FkAction::SetNull,
                on_delete: FkAction::SetDefault,
                ..fk(&["mentor_id"], "users", &["id"])
            },
        ],
        checks: vec![
            check(None, "state IN ('draft', 'live')"),
            check(Some("score_positive"), "score >= -1"),
        ],
        indexes: vec![
            index(Some("ix_users_email"), vec![IndexPart::column("email")]),
            index(
                Some("ix_users_score"),
                vec![IndexPart {
                    descending: true,
                    ..IndexPart::column("score")
                }],
            ),
            Index {
                unique: true,
                predicate: Some("team_id IS NOT NULL".into()),
                ..index(
                    Some("ux_users_lower_email"),
                    vec![
                        expr_part("lower(email)", true),
                        IndexPart::column("team_id"),
                    ],
                )
            },
        ],
        triggers: vec![Trigger {
            name: "users_touch".into(),
            sql: SHOP_DDL[6].into(),
        }],
        ..table(
            "users",
            vec![
                col("id", "INTEGER"),
                col("team_id", "INTEGER"),
                with_default(not_null("email", "TEXT"), "'none'"),
                with_default(col("state", "VARCHAR(20)"), "'draft'"),
                with_default(col("score", "REAL"), "-1"),
                with_default(col("created", "TEXT"), "CURRENT_TIMESTAMP"),
                with_default(col("touched", "TEXT"), "(datetime('now'))"),
                col("mentor_id", "INTEGER"),
            ],
        )
    };
    let memberships = Table {
        primary_key: Some(PrimaryKey {
            name: Some("pk_memberships".into()),
            columns: vec!["user_id".into(), "team_id".into()],
            column_options: Vec::new(),
            deferrable: Default::default(),
        }),
        uniques: vec![Unique {
            name: None,
            columns: vec!["role".into(), "user_id".into()],
            column_options: Vec::new(),
            deferrable: Default::default(),
            nulls_not_distinct: false,
        }],
        foreign_keys: vec![
            ForeignKey {
                on_delete: FkAction::Restrict,
                ..fk(&["team_id"], "teams", &["id"])
            },
            fk(&["user_id"], "users", &["id"]),
        ],
        ..table(
            "memberships",
            vec![
                not_null("user_id", "INTEGER"),
                not_null("team_id", "INTEGER"),
                col("role", "TEXT"),
            ],
        )
    };
    assert_eq!(got, schema(vec![teams, users, memberships]));

    // Normalized, the rowid alias is NOT NULL and defaults lose their parentheses.
    let norm = current(db.as_mut());
    let users = norm.tables.iter().find(|t| t.name == "users").unwrap();
    assert!(!users.columns[0].nullable);
    assert_eq!(users.columns[6].default.as_deref(), Some("datetime('now')"));
}

#[test]
fn introspection_leaves_out_internal_virtual_and_excluded_tables() {
    let test = fresh();
    let mut db = test.connect();
    exec(
        db.as_mut(),
        "CREATE TABLE keep (id INTEGER PRIMARY KEY AUTOINCREMENT)",
    );
    exec(
        db.as_mut(),
        "CREATE TABLE revise_version (version_num TEXT)",
    );
    exec(db.as_mut(), "CREATE VIEW v AS SELECT id FROM keep");
    exec(
        db.as_mut(),
        "CREATE VIRTUAL TABLE rtree_t USING rtree(id, x0, x1)",
    );
    let options = IntrospectOptions {
        exclude_tables: vec!["revise_version".into()],
        ..Default::default()
    };
    // A table named like a shadow table that the module does not own is a
    // table (SQLite asks the module: https://sqlite.org/vtab.html#xshadowname).
    exec(
        db.as_mut(),
        "CREATE TABLE rtree_t_notes (id INTEGER PRIMARY KEY)",
    );
    let s = db.introspect(&options).unwrap();
    let names: Vec<&str> = s.tables.iter().map(|t| t.name.as_str()).collect();
    // The rtree module's shadow tables (rtree_t_node, ...) belong to it.
    assert_eq!(names, vec!["keep", "rtree_t_notes"]);
    let all = test.tables();
    assert!(all.contains(&"rtree_t_node".to_string()), "{all:?}");
    // The virtual table and its shadow tables are what a model table may
    // stand for (Diesel's print-schema writes the shadow tables): named.
    let others: Vec<(&str, RelationKind)> = s
        .other_relations
        .iter()
        .map(|r| (r.name.name.as_str(), r.kind))
        .collect();
    assert_eq!(
        others,
        [
            ("rtree_t", RelationKind::VirtualTable),
            ("rtree_t_node", RelationKind::ShadowTable),
            ("rtree_t_parent", RelationKind::ShadowTable),
            ("rtree_t_rowid", RelationKind::ShadowTable),
            ("v", RelationKind::View),
        ]
    );
    assert!(!names.iter().any(|n| n.starts_with("sqlite_")), "{names:?}");
    assert!(!names.contains(&"rtree_t"), "{names:?}");
    assert!(!names.contains(&"revise_version"), "{names:?}");
    assert!(!names.contains(&"v"), "{names:?}");
}

#[test]
fn an_unreadable_stored_definition_is_an_error_naming_the_table() {
    let test = fresh();
    let mut db = test.connect();
    // SQLite accepts a constraint name with no constraint; sqlparser does not.
    exec(db.as_mut(), "CREATE TABLE odd (a INT CONSTRAINT c)");
    let e = db.introspect(&IntrospectOptions::default()).unwrap_err();
    assert!(e.to_string().contains("table odd"), "{e}");
}

/// Type names from <https://sqlite.org/datatype3.html> that sqlparser does not
/// know: valid SQLite, so they must neither stop the reading of the database
/// nor of the models, and must round-trip.
const DATATYPE_PAGE_TYPES: &str = "CREATE TABLE odd (
    id INTEGER PRIMARY KEY,
    a UNSIGNED BIG INT NOT NULL DEFAULT 0,
    b big  int,
    c VARYING CHARACTER(255) COLLATE NOCASE,
    d NATIVE CHARACTER (70) CHECK (length(d) < 70),
    e REAL(5,2),
    f VARCHAR(20)
);
CREATE TABLE plain (id INTEGER PRIMARY KEY, odd_id UNSIGNED BIG INT REFERENCES odd (id));
CREATE INDEX ix_odd_a ON odd (a);
";

#[test]
fn type_names_sqlparser_does_not_know_are_read_and_round_trip() {
    let models = revise::source::sql::parse_sql(
        std::path::Path::new("schema.sql"),
        DATATYPE_PAGE_TYPES,
        DialectKind::Sqlite,
    )
    .expect("the models read")
    .schema;
    let want = wanted(models);
    let odd = want.tables.iter().find(|t| t.name == "odd").unwrap();
    let types: Vec<&str> = odd.columns.iter().map(|c| c.data_type.as_str()).collect();
    assert_eq!(
        types,
        [
            "INTEGER",
            "UNSIGNED BIG INT",
            "BIG INT",
            "VARYING CHARACTER(255)",
            "NATIVE CHARACTER(70)",
            "REAL(5,2)",
            "VARCHAR(20)"
        ]
    );
    assert_eq!(odd.columns[2].collation, None);
    assert_eq!(odd.columns[3].collation.as_deref(), Some("NOCASE"));
    assert_eq!(odd.checks.len(), 1);

    // Written by hand into the database, the same DDL introspects to the models.
    let test = fresh();
    let mut db = test.connect();
    for sql in DATATYPE_PAGE_TYPES
        .split(';')
        .filter(|s| !s.trim().is_empty())
    {
        exec(db.as_mut(), sql);
    }
    assert_no_diff(db.as_mut(), &want);

    // Created from the models, read back, rebuilt (a check changes), downgraded.
    let test = fresh();
    let mut db = test.connect();
    let db = db.as_mut();
    let up = plan(&current(db), &want, vec![]);
    apply(db, &up).unwrap();
    assert_no_diff(db, &want);
    exec(
        db,
        "INSERT INTO odd (id, a, e) VALUES (1, 18446744073709551615, 1.5)",
    );
    let mut changed = want.clone();
    let odd = changed.tables.iter_mut().find(|t| t.name == "odd").unwrap();
    odd.checks.push(check(Some("ck_a"), "a >= 0"));
    column(odd, "b").data_type = "UNSIGNED BIG INT".into();
    let rebuild = plan(&want, &changed, vec![]);
    assert_eq!(
        rebuild.iter().map(Op::describe).collect::<Vec<_>>(),
        ["rebuild table odd (copying its rows) to alter column b; change checks"]
    );
    apply(db, &rebuild).unwrap();
    assert_no_diff(db, &changed);
    apply(db, &reverse_all(&rebuild)).unwrap();
    assert_no_diff(db, &want);
    assert_eq!(
        text_rows(db, "SELECT CAST(e AS TEXT) FROM odd"),
        [["1.5".to_string()]]
    );
}

/// A `Database` that counts the queries made through it.
struct Counting {
    inner: Box<dyn Database>,
    queries: usize,
}

impl Database for Counting {
    fn dialect(&self) -> &'static dyn Dialect {
        self.inner.dialect()
    }
    fn url(&self) -> &DatabaseUrl {
        self.inner.url()
    }
    fn execute(&mut self, sql: &str) -> Result<(), String> {
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
        revise::dialect::sqlite::introspect::introspect(self, options)
    }
}

fn queries_for(tables: usize) -> (usize, usize) {
    let test = fresh();
    let mut db = test.connect();
    for i in 0..tables {
        exec(
            db.as_mut(),
            &format!(
                "CREATE TABLE t{i} (id INTEGER PRIMARY KEY, p INTEGER REFERENCES t0 (id), v TEXT UNIQUE CHECK (v <> ''))"
            ),
        );
        exec(
            db.as_mut(),
            &format!("CREATE INDEX ix_t{i} ON t{i} (lower(v))"),
        );
        exec(
            db.as_mut(),
            &format!("CREATE TRIGGER tr_t{i} AFTER INSERT ON t{i} BEGIN SELECT 1; END"),
        );
    }
    let mut counting = Counting {
        inner: db,
        queries: 0,
    };
    let s = counting.introspect(&IntrospectOptions::default()).unwrap();
    assert_eq!(s.tables.len(), tables);
    assert!(s.tables.iter().all(|t| t.indexes.len() == 1
        && t.uniques.len() == 1
        && t.checks.len() == 1
        && t.foreign_keys.len() == 1
        && t.triggers.len() == 1));
    (counting.queries, s.tables.len())
}

#[test]
fn introspection_uses_the_same_number_of_queries_for_1_and_30_tables() {
    let (one, _) = queries_for(1);
    let (thirty, _) = queries_for(30);
    assert_eq!(one, thirty);
    assert_eq!(one, 5);
}

// ---------------------------------------------------------------- round trips

/// Model-side spelling (as the SQL model parser emits it for SQLite): types as
/// sqlparser prints them, nullable as declared, defaults with their parentheses.
fn shop_model() -> Schema {
    let teams = Table {
        primary_key: pk(&["id"]),
        uniques: vec![Unique {
            name: None,
            columns: vec!["name".into()],
            column_options: Vec::new(),
            deferrable: Default::default(),
            nulls_not_distinct: false,
        }],
        ..table(
            "teams",
            vec![
                Column {
                    identity: Some(Identity::AutoIncrement),
                    ..col("id", "INTEGER")
                },
                not_null("name", "varchar(40)"),
            ],
        )
    };
    let users = Table {
        primary_key: pk(&["id"]),
        foreign_keys: vec![
            ForeignKey {
                on_delete: FkAction::Cascade,
                ..fk(&["team_id"], "teams", &["id"])
            },
            ForeignKey {
                name: Some("fk_best_post".into()),
                ..fk(&["best_post_id"], "posts", &["id"])
            },
        ],
        checks: vec![check(Some("ck_state"), "state IN ('draft', 'live')")],
        indexes: vec![
            index(None, vec![IndexPart::column("email")]),
            Index {
                unique: true,
                predicate: Some("team_id IS NOT NULL".into()),
                ..index(
                    Some("ux_users_email"),
                    vec![
                        expr_part("lower(email)", true),
                        IndexPart::column("team_id"),
                    ],
                )
            },
        ],
        ..table(
            "users",
            vec![
                col("id", "INTEGER"),
                col("team_id", "INTEGER"),
                with_default(not_null("email", "TEXT"), "'none'"),
                with_default(col("state", "VARCHAR(20)"), "'draft'"),
                with_default(col("created", "TEXT"), "current_timestamp"),
                with_default(col("touched", "TEXT"), "(datetime('now'))"),
                with_default(col("score", "NUMERIC(10, 2)"), "-1"),
                col("best_post_id", "INTEGER"),
            ],
        )
    };
    // users <-> posts is a cycle: the diff splits one key off, lowering puts it back inline.
    let posts = Table {
        primary_key: pk(&["id"]),
        foreign_keys: vec![fk(&["user_id"], "users", &["id"])],
        ..table(
            "posts",
            vec![
                col("id", "INTEGER"),
                not_null("user_id", "INTEGER"),
                col("body", "TEXT"),
            ],
        )
    };
    schema(vec![teams, users, posts])
}

fn round_trip(model: Schema) {
    let test = fresh();
    let mut db = test.connect();
    let want = wanted(model);
    let up = plan(&current(db.as_mut()), &want, vec![]);
    assert!(
        up.iter()
            .all(|op| matches!(op, Op::CreateTable(_)) || op.is_inert()),
        "{:?}",
        up.iter().map(Op::describe).collect::<Vec<_>>()
    );
    apply(db.as_mut(), &up).unwrap();
    assert_no_diff(db.as_mut(), &want);
    apply(db.as_mut(), &reverse_all(&up)).unwrap();
    assert!(test.tables().is_empty(), "{:?}", test.tables());
}

/// A UNIQUE on the primary key's columns, or repeating another UNIQUE, gets
/// no index of its own in SQLite, so introspection cannot see it; the
/// models' copy is dropped alike and the table compares clean (it was
/// rebuilt on every autogenerate). On a rowid alias the UNIQUE is an index.
#[test]
fn a_unique_sqlite_builds_no_index_for_compares_clean() {
    let test = fresh();
    let mut db = test.connect();
    let ddl = "CREATE TABLE event (uuid TEXT NOT NULL PRIMARY KEY, name TEXT, UNIQUE (UUID));\n\
               CREATE TABLE pair (a TEXT, b TEXT, PRIMARY KEY (a, b), UNIQUE (a, b), UNIQUE (b, a), UNIQUE (b, a));\n\
               CREATE TABLE counted (id INTEGER PRIMARY KEY, UNIQUE (id));\n";
    for stmt in ddl.lines() {
        exec(db.as_mut(), stmt);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("schema.sql");
    std::fs::write(&path, ddl).unwrap();
    let loaded = revise::source::load_sql_files(&[path], DialectKind::Sqlite).unwrap();
    let want = wanted(loaded.schema);
    assert_no_diff(db.as_mut(), &want);
    let uniques = |t: &str| {
        want.tables
            .iter()
            .find(|x| x.name == t)
            .map(|x| x.uniques.len())
            .unwrap()
    };
    assert_eq!(
        (uniques("event"), uniques("pair"), uniques("counted")),
        (0, 1, 1)
    );
}

#[test]
fn round_trip_of_a_model_with_every_object_kind() {
    round_trip(shop_model());
}

#[test]
fn round_trip_of_identifiers_that_need_quotes() {
    let order = Table {
        primary_key: pk(&["id"]),
        uniques: vec![Unique {
            name: Some("uq order".into()),
            columns: vec!["café".into()],
            column_options: Vec::new(),
            deferrable: Default::default(),
            nulls_not_distinct: false,
        }],
        checks: vec![check(None, "\"café\" <> ''")],
        indexes: vec![index(None, vec![IndexPart::column("select")])],
        ..table(
            "order",
            vec![
                col("id", "INTEGER"),
                col("café", "TEXT"),
                col("select", "INTEGER"),
                col("1st", "TEXT"),
            ],
        )
    };
    let group = Table {
        primary_key: pk(&["id"]),
        foreign_keys: vec![fk(&["order id"], "order", &["id"])],
        ..table(
            "user group",
            vec![col("id", "INTEGER"), col("order id", "INTEGER")],
        )
    };
    let model = schema(vec![order, group]);
    let sql = render(&plan(&Schema::default(), &wanted(model.clone()), vec![]));
    assert!(sql[0].starts_with("CREATE TABLE \"order\" ("), "{sql:?}");
    assert!(
        sql.iter().any(|s| s.contains("REFERENCES \"order\" (id)")),
        "{sql:?}"
    );
    round_trip(model);
}

// ---------------------------------------------------------------- rebuilds

/// teams <- users <- posts, with rows, an index and a trigger on users, and an
/// AUTOINCREMENT counter above the highest id.
const ROWS_DDL: &[&str] = &[
    "CREATE TABLE teams (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
    "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, team_id INTEGER CONSTRAINT fk_team REFERENCES teams (id) ON DELETE CASCADE, email TEXT, age TEXT, nick TEXT)",
    "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE, body TEXT)",
    "CREATE INDEX ix_users_nick ON users (nick)",
    "CREATE INDEX ix_users_email ON users (lower(email)) WHERE email IS NOT NULL",
    "CREATE TABLE audit (user_id INTEGER, what TEXT)",
    "CREATE TRIGGER users_audit AFTER UPDATE ON users BEGIN INSERT INTO audit VALUES (new.id, 'update'); END",
    "INSERT INTO teams VALUES (1, 'red'), (2, 'blue')",
    "INSERT INTO users (id, team_id, email, age, nick) VALUES (1, 1, 'a@x', '31', 'al'), (2, 2, NULL, '42', NULL), (3, NULL, 'c@x', 'unknown', 'cy'), (4, 1, NULL, NULL, 'di')",
    "DELETE FROM users WHERE id = 4",
    "INSERT INTO posts VALUES (10, 1, 'hello'), (11, 1, 'again'), (12, 2, 'hi')",
];

fn rows_db() -> (TestDb, Box<dyn Database>) {
    let test = fresh();
    let mut db = test.connect();
    for sql in ROWS_DDL {
        exec(db.as_mut(), sql);
    }
    (test, db)
}

const USER_ROWS: &str = "SELECT CAST(id AS TEXT), CAST(email AS TEXT) FROM users ORDER BY id";

fn fk_violations(db: &mut dyn Database) -> Vec<Vec<String>> {
    text_rows(
        db,
        "SELECT CAST(\"table\" AS TEXT), CAST(rowid AS TEXT) FROM pragma_foreign_key_check",
    )
}

fn objects(db: &mut dyn Database) -> Vec<Vec<String>> {
    text_rows(
        db,
        "SELECT CAST(type AS TEXT), CAST(name AS TEXT) FROM sqlite_master WHERE type IN ('index', 'trigger') AND name NOT LIKE 'sqlite_autoindex%' ORDER BY 1, 2",
    )
}

/// Changes the users table on a database with rows, checks that one rebuild
/// does it keeping every row, keys, indexes and triggers, then downgrades.
/// Returns the upgrade ops.
fn rebuild_case(change: impl Fn(&mut Table)) -> Vec<Op> {
    let (_test, mut db) = rows_db();
    let db = db.as_mut();
    let before = current(db);
    let rows = text_rows(db, USER_ROWS);
    let posts = text_rows(db, "SELECT CAST(id AS TEXT) FROM posts ORDER BY id");
    let seq = text_rows(
        db,
        "SELECT CAST(seq AS TEXT) FROM sqlite_sequence WHERE name = 'users'",
    );
    assert_eq!(seq, vec![vec!["4".to_string()]]);

    let mut want = before.clone();
    let users = want.tables.iter_mut().find(|t| t.name == "users").unwrap();
    change(users);
    users.triggers.clear(); // models never carry triggers
    let up = plan(&before, &want, vec![]);
    assert_eq!(
        up.iter()
            .filter(|op| matches!(op, Op::RebuildTable { .. }))
            .count(),
        1,
        "{:?}",
        up.iter().map(Op::describe).collect::<Vec<_>>()
    );
    apply(db, &up).unwrap();
    assert_no_diff(db, &want);

    let ids =
        |db: &mut dyn Database| text_rows(db, "SELECT CAST(id AS TEXT) FROM users ORDER BY id");
    assert_eq!(
        ids(db),
        rows.iter().map(|r| vec![r[0].clone()]).collect::<Vec<_>>()
    );
    assert_eq!(
        text_rows(db, "SELECT CAST(id AS TEXT) FROM posts ORDER BY id"),
        posts
    );
    assert!(fk_violations(db).is_empty());
    assert_eq!(
        text_rows(
            db,
            "SELECT CAST(seq AS TEXT) FROM sqlite_sequence WHERE name = 'users'"
        ),
        seq,
        "the AUTOINCREMENT counter survives"
    );
    let objs = objects(db);
    assert!(
        objs.contains(&vec!["trigger".into(), "users_audit".into()]),
        "{objs:?}"
    );
    // The trigger works on the new table.
    exec(db, "UPDATE users SET email = email WHERE id = 1");
    assert_eq!(
        text_rows(db, "SELECT CAST(count(*) AS TEXT) FROM audit"),
        vec![vec!["1".to_string()]]
    );
    exec(db, "DELETE FROM audit");

    // Downgrade: back to the schema before, rows still there.
    apply(db, &reverse_all(&up)).unwrap();
    assert_no_diff(db, &before);
    assert_eq!(
        ids(db),
        rows.iter().map(|r| vec![r[0].clone()]).collect::<Vec<_>>()
    );
    assert!(fk_violations(db).is_empty());
    assert_eq!(
        objects(db),
        vec![
            vec!["index".to_string(), "ix_users_email".into()],
            vec!["index".to_string(), "ix_users_nick".into()],
            vec!["trigger".to_string(), "users_audit".into()],
        ]
    );
    up
}

fn column<'a>(t: &'a mut Table, name: &str) -> &'a mut Column {
    t.columns.iter_mut().find(|c| c.name == name).unwrap()
}

#[test]
fn rebuild_changes_a_column_type() {
    rebuild_case(|t| column(t, "age").data_type = "INTEGER".into());
    // Values convert by affinity: '31' becomes 31, 'unknown' stays text.
    let (_test, mut db) = rows_db();
    let before = current(db.as_mut());
    let mut want = before.clone();
    let users = want.tables.iter_mut().find(|t| t.name == "users").unwrap();
    column(users, "age").data_type = "INTEGER".into();
    users.triggers.clear();
    apply(db.as_mut(), &plan(&before, &want, vec![])).unwrap();
    assert_eq!(
        text_rows(
            db.as_mut(),
            "SELECT typeof(age) || ':' || CAST(age AS TEXT) FROM users ORDER BY id"
        ),
        vec![
            vec!["integer:31".to_string()],
            vec!["integer:42".into()],
            vec!["text:unknown".into()]
        ]
    );
}

#[test]
fn rebuild_makes_a_column_not_null_with_a_default() {
    let (_test, mut db) = rows_db();
    let before = current(db.as_mut());
    let mut want = before.clone();
    let users = want.tables.iter_mut().find(|t| t.name == "users").unwrap();
    *column(users, "email") = with_default(not_null("email", "TEXT"), "'none'");
    users.triggers.clear();
    let up = plan(&before, &want, vec![]);
    apply(db.as_mut(), &up).unwrap();
    assert_no_diff(db.as_mut(), &want);
    assert_eq!(
        text_rows(db.as_mut(), "SELECT email FROM users ORDER BY id"),
        vec![
            vec!["a@x".to_string()],
            vec!["none".into()],
            vec!["c@x".into()]
        ],
        "NULLs take the default"
    );
    rebuild_case(|t| *column(t, "email") = with_default(not_null("email", "TEXT"), "'none'"));
}

#[test]
fn rebuild_drops_a_column_in_a_foreign_key() {
    let up = rebuild_case(|t| {
        t.columns.retain(|c| c.name != "team_id");
        t.foreign_keys.clear();
    });
    let Some(Op::RebuildTable { to, .. }) =
        up.iter().find(|o| matches!(o, Op::RebuildTable { .. }))
    else {
        unreachable!()
    };
    assert!(to.column("team_id").is_none());
}

#[test]
fn dropping_a_column_with_its_index_needs_no_rebuild() {
    let (_test, mut db) = rows_db();
    let db = db.as_mut();
    let before = current(db);
    let mut want = before.clone();
    let users = want.tables.iter_mut().find(|t| t.name == "users").unwrap();
    users.columns.retain(|c| c.name != "nick");
    users
        .indexes
        .retain(|i| i.name.as_deref() != Some("ix_users_nick"));
    users.triggers.clear();
    let up = plan(&before, &want, vec![]);
    assert_eq!(
        render(&up),
        vec![
            "DROP INDEX ix_users_nick",
            "ALTER TABLE users DROP COLUMN nick"
        ]
    );
    let rows = text_rows(db, USER_ROWS);
    apply(db, &up).unwrap();
    assert_no_diff(db, &want);
    assert_eq!(text_rows(db, USER_ROWS), rows);
    apply(db, &reverse_all(&up)).unwrap();
    assert_no_diff(db, &before);
}

#[test]
fn rebuild_drops_a_column_used_by_an_index_while_changing_another() {
    let up = rebuild_case(|t| {
        t.columns.retain(|c| c.name != "nick");
        t.indexes
            .retain(|i| i.name.as_deref() != Some("ix_users_nick"));
        column(t, "age").data_type = "INTEGER".into();
    });
    assert_eq!(up.len(), 1, "the index drop joins the rebuild");
}

#[test]
fn rebuild_adds_and_drops_a_unique() {
    rebuild_case(|t| {
        t.uniques.push(Unique {
            name: Some("uq_users_email".into()),
            columns: vec!["email".into()],
            column_options: Vec::new(),
            deferrable: Default::default(),
            nulls_not_distinct: false,
        })
    });
    // And the other way: teams loses the unique on name.
    let (_test, mut db) = rows_db();
    let before = current(db.as_mut());
    let mut want = before.clone();
    let teams = want.tables.iter_mut().find(|t| t.name == "teams").unwrap();
    teams.uniques.clear();
    let up = plan(&before, &want, vec![]);
    apply(db.as_mut(), &up).unwrap();
    assert_no_diff(db.as_mut(), &want);
    apply(db.as_mut(), &reverse_all(&up)).unwrap();
    assert_no_diff(db.as_mut(), &before);
}

#[test]
fn rebuild_adds_a_check() {
    rebuild_case(|t| t.checks.push(check(Some("ck_age"), "age <> ''")));
}

#[test]
fn rebuild_drops_a_foreign_key_and_adds_another() {
    rebuild_case(|t| {
        t.foreign_keys.clear();
        t.foreign_keys.push(ForeignKey {
            on_delete: FkAction::SetNull,
            ..fk(&["team_id"], "teams", &["id"])
        });
    });
}

#[test]
fn orphan_rows_made_with_keys_off_survive_rebuilds_of_their_table_and_its_parent() {
    let (_test, mut db) = rows_db();
    let db = db.as_mut();
    // With foreign keys off (SQLite's default) nothing stops a user pointing
    // at no team, or a post pointing at no user.
    exec(db, "INSERT INTO users (id, team_id) VALUES (7, 99)");
    exec(db, "INSERT INTO posts VALUES (13, 98, 'lost')");
    let violations = |db: &mut dyn Database| {
        let mut v = fk_violations(db);
        v.sort();
        v
    };
    let orphans = violations(db);
    assert_eq!(orphans.len(), 2, "{orphans:?}");
    let before = current(db);
    let rows = text_rows(db, USER_ROWS);
    // users is the child of one orphan and the parent of the other; teams is
    // the parent of the first.
    let mut want = before.clone();
    for t in &mut want.tables {
        t.triggers.clear();
        match t.name.as_str() {
            "users" => t.checks.push(check(None, "id > 0")),
            "teams" => column(t, "name").data_type = "VARCHAR(40)".into(),
            _ => {}
        }
    }
    let up = plan(&before, &want, vec![]);
    assert_eq!(
        up.iter()
            .filter(|op| matches!(op, Op::RebuildTable { .. }))
            .count(),
        2,
        "{:?}",
        up.iter().map(Op::describe).collect::<Vec<_>>()
    );
    apply(db, &up).unwrap();
    assert_no_diff(db, &want);
    assert_eq!(
        violations(db),
        orphans,
        "the orphans are still there, no more"
    );
    assert_eq!(text_rows(db, USER_ROWS), rows);
    apply(db, &reverse_all(&up)).unwrap();
    assert_no_diff(db, &before);
    assert_eq!(violations(db), orphans);
}

#[test]
fn a_rebuild_that_breaks_a_foreign_key_fails_and_rolls_back() {
    let (_test, mut db) = rows_db();
    let db = db.as_mut();
    // An orphan made with keys off, which alone would not stop a rebuild.
    exec(db, "INSERT INTO users (id, team_id) VALUES (7, 99)");
    let before = current(db);
    let rows = text_rows(db, USER_ROWS);
    // users gets a key its rows do not satisfy: ages are no team ids.
    let mut want = before.clone();
    let users = want.tables.iter_mut().find(|t| t.name == "users").unwrap();
    users.foreign_keys.push(fk(&["age"], "teams", &["id"]));
    users.triggers.clear();
    let e = apply(db, &plan(&before, &want, vec![])).unwrap_err();
    assert!(
        e.contains("CHECK constraint failed: rows of users violate foreign key (age) -> teams(id); fix or delete them first (list them: "),
        "{e}"
    );
    assert_eq!(current(db), before, "the transaction rolled back");
    assert_eq!(text_rows(db, USER_ROWS), rows);
    // The query the message gives lists those rows, and not the orphan of
    // the other key.
    let ids = format!("SELECT CAST(id AS TEXT) FROM ({}) ORDER BY id", listed(&e));
    assert_eq!(text_rows(db, &ids), vec![vec!["1"], vec!["2"], vec!["3"]]);
}

/// The query a foreign-key check's message gives to list the rows.
fn listed(message: &str) -> &str {
    let (_, query) = message.split_once("(list them: ").expect(message);
    query.strip_suffix(')').expect(message)
}

#[test]
fn a_rebuild_that_changes_a_parent_key_collation_fails_naming_the_table() {
    let test = fresh();
    let mut db = test.connect();
    let db = db.as_mut();
    exec(
        db,
        "CREATE TABLE tags (id INTEGER PRIMARY KEY, code TEXT COLLATE NOCASE UNIQUE)",
    );
    exec(
        db,
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, tag TEXT REFERENCES tags (code))",
    );
    exec(db, "INSERT INTO tags VALUES (1, 'abc')");
    // 'ABC' finds 'abc' through the key's NOCASE index.
    exec(db, "INSERT INTO notes VALUES (1, 'ABC')");
    let before = current(db);
    let mut want = before.clone();
    let tags = want.tables.iter_mut().find(|t| t.name == "tags").unwrap();
    column(tags, "code").collation = None;
    let up = plan(&before, &want, vec![]);
    assert_eq!(rebuilt(&up).len(), 1);
    let e = apply(db, &up).unwrap_err();
    assert!(
        e.contains("CHECK constraint failed: rebuilding table tags leaves rows of the tables that reference it without their parent row"),
        "{e}"
    );
    assert_eq!(current(db), before, "rolled back");
}

#[test]
fn a_new_key_on_the_table_itself_with_a_renamed_column_names_its_rows() {
    let test = fresh();
    let mut db = test.connect();
    let db = db.as_mut();
    exec(
        db,
        "CREATE TABLE staff (id INTEGER PRIMARY KEY, boss INT, name TEXT)",
    );
    exec(
        db,
        "INSERT INTO staff VALUES (1, NULL, 'a'), (2, 1, 'b'), (3, 7, 'c')",
    );
    let before = current(db);
    let mut want = before.clone();
    let staff = want.tables.iter_mut().find(|t| t.name == "staff").unwrap();
    column(staff, "boss").name = "boss_id".into();
    staff.foreign_keys.push(fk(&["boss_id"], "staff", &["id"]));
    staff.checks.push(check(None, "id > 0"));
    let rename = Rename::Column {
        table: QualifiedName::new("staff"),
        from: "boss".into(),
        to: "boss_id".into(),
    };
    let e = apply(db, &plan(&before, &want, vec![rename])).unwrap_err();
    // The rename runs after the rebuild (see lower.rs), which works under
    // the column's name as the database has it.
    assert!(
        e.contains("rows of staff violate foreign key (boss) -> staff(id)"),
        "{e}"
    );
    // Listed from the table as it stands after the rollback.
    let ids = format!("SELECT CAST(id AS TEXT) FROM ({}) ORDER BY id", listed(&e));
    assert_eq!(text_rows(db, &ids), vec![vec!["3"]]);
}

#[test]
fn a_rebuild_refuses_to_run_with_foreign_keys_on() {
    let (_test, mut db) = rows_db();
    let db = db.as_mut();
    let before = current(db);
    let mut want = before.clone();
    let users = want.tables.iter_mut().find(|t| t.name == "users").unwrap();
    users.checks.push(check(None, "id > 0"));
    users.triggers.clear();
    exec(db, "PRAGMA foreign_keys = ON");
    let e = apply(db, &plan(&before, &want, vec![])).unwrap_err();
    assert!(e.contains("needs PRAGMA foreign_keys = OFF"), "{e}");
    exec(db, "PRAGMA foreign_keys = OFF");
    assert_eq!(current(db), before);
    assert_eq!(
        text_rows(db, "SELECT CAST(count(*) AS TEXT) FROM posts"),
        vec![vec!["3".to_string()]],
        "no cascade deleted a post"
    );
}

/// A key on parent columns that are neither a primary key nor unique: legal
/// DDL in SQLite, common in old databases, and the reason the whole-database
/// `pragma_foreign_key_check` fails ("foreign key mismatch").
const MISMATCHED_KEY_DDL: &[&str] = &[
    "CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT NOT NULL)",
    "CREATE TABLE child (id INTEGER PRIMARY KEY, pcode TEXT REFERENCES parent (code))",
    "CREATE TABLE unrelated (id INTEGER PRIMARY KEY, note TEXT)",
    "CREATE TABLE kid (id INTEGER PRIMARY KEY, u INT REFERENCES unrelated (id))",
    "INSERT INTO parent VALUES (1, 'a')",
    "INSERT INTO child VALUES (1, 'a'), (2, 'b')",
    "INSERT INTO unrelated VALUES (1, NULL), (2, 'x')",
    // The second kid points nowhere, made with foreign keys off.
    "INSERT INTO kid VALUES (1, 1), (2, 99), (3, 2)",
];

fn mismatched_key_db() -> (TestDb, Box<dyn Database>) {
    let test = fresh();
    let mut db = test.connect();
    for sql in MISMATCHED_KEY_DDL {
        exec(db.as_mut(), sql);
    }
    let e = db
        .query("SELECT count(*) FROM pragma_foreign_key_check")
        .unwrap_err();
    assert!(e.contains("foreign key mismatch"), "{e}");
    (test, db)
}

fn rebuilt(ops: &[Op]) -> Vec<&Op> {
    ops.iter()
        .filter(|op| matches!(op, Op::RebuildTable { .. }))
        .collect()
}

#[test]
fn a_mismatched_key_elsewhere_does_not_stop_a_rebuild() {
    let (_test, mut db) = mismatched_key_db();
    let db = db.as_mut();
    let before = current(db);
    let mut want = before.clone();
    let unrelated = want
        .tables
        .iter_mut()
        .find(|t| t.name == "unrelated")
        .unwrap();
    *column(unrelated, "note") = with_default(not_null("note", "TEXT"), "''");
    let up = plan(&before, &want, vec![]);
    assert_eq!(rebuilt(&up).len(), 1);
    assert_eq!(dialect().fails_anyway(&up[0], &before), None);
    assert_eq!(dialect().refuses(&up[0], &before, &want), None);
    apply(db, &up).unwrap();
    assert_no_diff(db, &want);
    assert_eq!(
        text_rows(
            db,
            "SELECT CAST(id AS TEXT), note FROM unrelated ORDER BY id"
        ),
        vec![
            vec!["1".to_string(), String::new()],
            vec!["2".into(), "x".into()]
        ]
    );
    // kid references the rebuilt table: its orphan is checked, and kept.
    let orphans = "SELECT CAST(rowid AS TEXT) FROM pragma_foreign_key_check('kid')";
    assert_eq!(text_rows(db, orphans), vec![vec!["2".to_string()]]);
    apply(db, &reverse_all(&up)).unwrap();
    assert_no_diff(db, &before);

    // The check still reads the keys of the tables that matter: a key kid
    // gains, which its row 3 does not satisfy, fails the rebuild of kid.
    let mut want = before.clone();
    let kid = want.tables.iter_mut().find(|t| t.name == "kid").unwrap();
    kid.foreign_keys.push(fk(&["id"], "unrelated", &["id"]));
    let e = apply(db, &plan(&before, &want, vec![])).unwrap_err();
    assert!(
        e.contains(
            "CHECK constraint failed: rows of kid violate foreign key (id) -> unrelated(id)"
        ),
        "{e}"
    );
    assert_eq!(current(db), before, "rolled back");
    let ids = format!("SELECT CAST(id AS TEXT) FROM ({}) ORDER BY id", listed(&e));
    assert_eq!(text_rows(db, &ids), vec![vec!["3"]]);
}

#[test]
fn a_rebuild_meeting_a_mismatched_key_fails_and_autogenerate_says_so() {
    let (_test, mut db) = mismatched_key_db();
    let db = db.as_mut();
    let before = current(db);
    // child holds the key itself; parent is the table it references.
    for (name, whose) in [("child", ""), ("parent", " (which references parent)")] {
        let mut want = before.clone();
        let t = want.tables.iter_mut().find(|t| t.name == name).unwrap();
        t.checks.push(check(None, "id > 0"));
        let up = plan(&before, &want, vec![]);
        assert_eq!(rebuilt(&up).len(), 1, "{name}");
        let why = dialect().fails_anyway(&up[0], &before).unwrap();
        assert!(
            why.contains(&format!(
                "the rebuild checks the foreign keys of table child{whose}, and SQLite stops that check with \"foreign key mismatch\" at its key (pcode) -> parent(code)"
            )),
            "{name}: {why}"
        );
        // Not the models' doing: the revision is written, marked.
        assert_eq!(dialect().refuses(&up[0], &before, &want), None, "{name}");
        let e = apply(db, &up).unwrap_err();
        assert!(
            e.contains("foreign key mismatch - \"child\" referencing \"parent\""),
            "{name}: {e}"
        );
        assert_eq!(current(db), before, "{name}: rolled back");
    }
}

#[test]
fn a_revision_that_makes_a_parent_key_unique_and_uses_it_runs_both_ways_unmarked() {
    let test = fresh();
    let mut db = test.connect();
    let db = db.as_mut();
    exec(
        db,
        "CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT NOT NULL)",
    );
    exec(
        db,
        "CREATE TABLE child (id INTEGER PRIMARY KEY, pcode TEXT)",
    );
    exec(db, "INSERT INTO parent VALUES (1, 'a')");
    exec(db, "INSERT INTO child VALUES (1, 'a')");
    let before = current(db);
    let mut want = before.clone();
    for t in &mut want.tables {
        match t.name.as_str() {
            "parent" => t.uniques.push(Unique::new(&["code"])),
            "child" => t.foreign_keys.push(fk(&["pcode"], "parent", &["code"])),
            _ => {}
        }
    }
    let up = plan(&before, &want, vec![]);
    let down = reverse_all(&up);
    assert_eq!(rebuilt(&up).len(), 2);
    // Autogenerate asks for refusals of the upgrade only.
    for op in &up {
        assert_eq!(
            dialect().refuses(op, &before, &want),
            None,
            "{}",
            op.describe()
        );
    }
    for op in up.iter().chain(&down) {
        // In the downgrade the child's key is the upgrade's, not the database's.
        assert_eq!(
            dialect().fails_anyway(op, &before),
            None,
            "{}",
            op.describe()
        );
    }
    apply(db, &up).unwrap();
    assert_no_diff(db, &want);
    apply(db, &down).unwrap();
    assert_no_diff(db, &before);
}

#[test]
fn autogenerate_refuses_a_key_the_revision_makes_mismatched() {
    let test = fresh();
    let mut db = test.connect();
    let db = db.as_mut();
    exec(
        db,
        "CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, n INT)",
    );
    exec(
        db,
        "CREATE TABLE child (id INTEGER PRIMARY KEY, pcode TEXT REFERENCES parent (code), pn INT)",
    );
    exec(db, "INSERT INTO parent VALUES (1, 'a', 1)");
    exec(db, "INSERT INTO child VALUES (1, 'a', 1)");
    let before = current(db);
    let refusal = |want: &Schema| {
        let up = plan(&before, want, vec![]);
        let why = up
            .iter()
            .find_map(|op| dialect().refuses(op, &before, want))
            .expect("refused");
        (up, why)
    };
    // The models stop making the parent's key unique.
    let mut want = before.clone();
    want.tables
        .iter_mut()
        .find(|t| t.name == "parent")
        .unwrap()
        .uniques
        .clear();
    let (up, why) = refusal(&want);
    assert!(
        why.starts_with("table parent: the models stop making parent(code) unique, which foreign key (pcode) -> parent(code) of table child references"),
        "{why}"
    );
    // What the revision would have met at upgrade.
    let e = apply(db, &up).unwrap_err();
    assert!(e.contains("foreign key mismatch"), "{e}");
    // A new key on columns the models do not make unique.
    let mut want = before.clone();
    let child = want.tables.iter_mut().find(|t| t.name == "child").unwrap();
    child.foreign_keys.push(fk(&["pn"], "parent", &["n"]));
    let (up, why) = refusal(&want);
    assert!(
        why.starts_with("table child: the models give it foreign key (pn) -> parent(n), whose parent columns are neither the primary key of parent nor unique there"),
        "{why}"
    );
    let e = apply(db, &up).unwrap_err();
    assert!(e.contains("foreign key mismatch"), "{e}");
    assert_eq!(current(db), before);
    // A unique index serves as the parent key: no refusal.
    let parent = want.tables.iter_mut().find(|t| t.name == "parent").unwrap();
    parent.indexes.push(Index {
        unique: true,
        ..index(Some("ux_parent_n"), vec![IndexPart::column("n")])
    });
    let up = plan(&before, &want, vec![]);
    assert_eq!(
        up.iter()
            .find_map(|op| dialect().refuses(op, &before, &want)),
        None
    );
    apply(db, &up).unwrap();
    assert_no_diff(db, &want);
}

#[test]
fn a_view_over_a_rebuilt_table_still_works() {
    let (_test, mut db) = rows_db();
    let db = db.as_mut();
    exec(
        db,
        "CREATE VIEW user_posts AS SELECT u.email, p.body FROM users u JOIN posts p ON p.user_id = u.id",
    );
    let before = current(db);
    let mut want = before.clone();
    let users = want.tables.iter_mut().find(|t| t.name == "users").unwrap();
    column(users, "age").data_type = "INTEGER".into();
    users.triggers.clear();
    apply(db, &plan(&before, &want, vec![])).unwrap();
    assert_eq!(
        text_rows(db, "SELECT CAST(count(*) AS TEXT) FROM user_posts"),
        vec![vec!["3".to_string()]]
    );
    assert_eq!(
        text_rows(
            db,
            "SELECT CAST(legacy_alter_table AS TEXT) FROM pragma_legacy_alter_table"
        ),
        vec![vec!["0".to_string()]],
        "the pragma is back to its default"
    );
}

/// t(id, a, b, c) with a row, log(id, m), and `extra` (a view or trigger).
fn broken_by_rebuild(extra: &str, change: impl Fn(&mut Table)) -> (String, Schema, Schema) {
    let test = fresh();
    let mut db = test.connect();
    let db = db.as_mut();
    exec(
        db,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT, c TEXT)",
    );
    exec(db, "CREATE TABLE log (id INTEGER PRIMARY KEY, m TEXT)");
    exec(db, extra);
    exec(db, "INSERT INTO t VALUES (1, 'a', 'b', 'c')");
    let before = current(db);
    let objects = text_rows(db, "SELECT name, sql FROM sqlite_master ORDER BY name");
    let mut want = before.clone();
    for t in &mut want.tables {
        t.triggers.clear();
        if t.name == "t" {
            change(t);
        }
    }
    let up = plan(&before, &want, vec![]);
    assert!(
        up.iter().any(|op| matches!(op, Op::RebuildTable { .. })),
        "{:?}",
        up.iter().map(Op::describe).collect::<Vec<_>>()
    );
    let e = apply(db, &up).unwrap_err();
    assert_eq!(current(db), before, "the transaction rolled back");
    assert_eq!(
        text_rows(db, "SELECT name, sql FROM sqlite_master ORDER BY name"),
        objects
    );
    (e, before, want)
}

fn drop_a_and_b(t: &mut Table) {
    t.columns.retain(|c| c.name != "a" && c.name != "b");
    // A type change too, so that the table is rebuilt whatever blocks a native drop.
    column(t, "c").data_type = "VARCHAR(10)".into();
}

#[test]
fn a_rebuild_that_would_leave_a_trigger_broken_fails_naming_it() {
    let (e, before, want) = broken_by_rebuild(
        "CREATE TRIGGER tg2 AFTER INSERT ON t BEGIN INSERT INTO log(m) VALUES (new.b); END",
        drop_a_and_b,
    );
    assert!(
        e.contains("error in trigger tg2: no such column: new.b"),
        "{e}"
    );
    // Autogenerate says so beforehand: the trigger is in the model of the table.
    let cautions: Vec<String> = plan(&before, &want, vec![])
        .iter()
        .filter_map(|op| dialect().fails_anyway(op, &before))
        .collect();
    assert_eq!(cautions.len(), 1, "{cautions:?}");
    assert!(
        cautions[0]
            .contains("keeps trigger tg2 of table t, which names column(s) b the rebuild drops"),
        "{cautions:?}"
    );
    // A trigger of another table that reads the dropped column.
    let (e, ..) = broken_by_rebuild(
        "CREATE TRIGGER tg3 AFTER INSERT ON log BEGIN UPDATE t SET c = a; END",
        drop_a_and_b,
    );
    assert!(e.contains("error in trigger tg3"), "{e}");
}

#[test]
fn a_rebuild_that_would_leave_a_view_broken_fails_naming_it() {
    let (e, ..) = broken_by_rebuild("CREATE VIEW v AS SELECT id, a FROM t", drop_a_and_b);
    assert!(e.contains("error in view v: no such column: a"), "{e}");
}

/// users and audit with a row each, `extra` (a view or trigger using audit);
/// the models drop audit. Returns the upgrade's error, the cautions
/// autogenerate gives, and the downgrade's error after `extra` is dropped
/// and the upgrade applied.
fn dropping_audit(extra: &str) -> (String, Vec<String>) {
    let test = fresh();
    let mut db = test.connect();
    let db = db.as_mut();
    exec(db, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)");
    exec(db, "CREATE TABLE audit (id INTEGER PRIMARY KEY, what TEXT)");
    exec(db, "INSERT INTO audit (what) VALUES ('x')");
    exec(db, extra);
    let before = current(db);
    let objects = text_rows(db, "SELECT name, sql FROM sqlite_master ORDER BY name");
    let mut want = before.clone();
    want.tables.retain(|t| t.name != "audit");
    for t in &mut want.tables {
        t.triggers.clear();
    }
    let up = plan(&before, &want, vec![]);
    let e = apply(db, &up).unwrap_err();
    assert_eq!(current(db), before, "the transaction rolled back");
    assert_eq!(
        text_rows(db, "SELECT name, sql FROM sqlite_master ORDER BY name"),
        objects
    );
    let cautions = up
        .iter()
        .filter_map(|op| dialect().fails_anyway(op, &before))
        .collect();
    (e, cautions)
}

#[test]
fn dropping_a_table_a_view_reads_fails_naming_the_view() {
    let (e, _) = dropping_audit("CREATE VIEW v_audit AS SELECT what FROM audit");
    assert!(
        e.contains("error in view v_audit: no such table: main.audit"),
        "{e}"
    );
}

#[test]
fn dropping_a_table_a_trigger_writes_to_fails_naming_the_trigger() {
    let (e, cautions) = dropping_audit(
        "CREATE TRIGGER trg AFTER INSERT ON users BEGIN INSERT INTO audit (what) VALUES (new.name); END",
    );
    assert!(e.contains("error in trigger trg"), "{e}");
    assert_eq!(cautions.len(), 1, "{cautions:?}");
    assert!(
        cautions[0].contains("trigger trg of table users names table(s) audit the revision drops"),
        "{cautions:?}"
    );
}

#[test]
fn the_downgrade_checks_after_its_own_drops() {
    // The upgrade creates audit; a view on it is made afterwards, so the
    // downgrade, which drops audit, must fail.
    let test = fresh();
    let mut db = test.connect();
    let db = db.as_mut();
    exec(db, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)");
    let before = current(db);
    let mut want = before.clone();
    let mut audit = table("audit", vec![col("id", "INTEGER"), col("what", "TEXT")]);
    audit.primary_key = pk(&["id"]);
    want.tables.push(audit);
    let want = wanted(want);
    let up = plan(&before, &want, vec![]);
    apply(db, &up).unwrap();
    exec(db, "CREATE VIEW v_audit AS SELECT what FROM audit");
    let e = apply(db, &reverse_all(&up)).unwrap_err();
    assert!(e.contains("error in view v_audit"), "{e}");
    exec(db, "DROP VIEW v_audit");
    apply(db, &reverse_all(&up)).unwrap();
    assert_no_diff(db, &before);
}

#[test]
fn a_rebuild_leaves_the_text_of_views_triggers_and_other_tables_as_it_was() {
    let (_test, mut db) = rows_db();
    let db = db.as_mut();
    exec(
        db,
        "CREATE VIEW \"user view\" AS SELECT id, email FROM [users] WHERE nick <> \"x\"",
    );
    exec(
        db,
        "CREATE TRIGGER posts_audit AFTER INSERT ON posts BEGIN INSERT INTO audit SELECT id, 'post' FROM Users WHERE id = new.user_id; END",
    );
    let others = "SELECT name, sql FROM sqlite_master WHERE name NOT IN ('users', 'ix_users_email', 'ix_users_nick') ORDER BY name";
    let texts = text_rows(db, others);
    let before = current(db);
    let mut want = before.clone();
    let users = want.tables.iter_mut().find(|t| t.name == "users").unwrap();
    column(users, "age").data_type = "INTEGER".into();
    users.triggers.clear();
    apply(db, &plan(&before, &want, vec![])).unwrap();
    assert_eq!(text_rows(db, others), texts);
    let tables = text_rows(
        db,
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1",
    );
    assert!(
        !tables
            .iter()
            .any(|t| t[0].starts_with("new_") || t[0].starts_with("revise_")),
        "{tables:?}"
    );
}

#[test]
fn a_table_named_like_the_rebuilds_scratch_table_is_left_alone() {
    let test = fresh();
    let mut db = test.connect();
    let db = db.as_mut();
    exec(db, "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
    exec(
        db,
        "CREATE TABLE new_items (id INTEGER PRIMARY KEY, note TEXT)",
    );
    exec(
        db,
        "CREATE TABLE revise_check_items (id INTEGER PRIMARY KEY)",
    );
    exec(db, "INSERT INTO items VALUES (1, 'one')");
    exec(db, "INSERT INTO new_items VALUES (7, 'kept')");
    let before = current(db);
    let mut want = before.clone();
    let items = want.tables.iter_mut().find(|t| t.name == "items").unwrap();
    items.checks.push(check(None, "length(name) > 0"));
    let up = plan(&before, &want, vec![]);
    let Some(Op::RebuildTable { scratch, .. }) = up.first() else {
        panic!("{up:?}")
    };
    assert_eq!(
        scratch,
        &[
            "new_items_2".to_string(),
            "revise_check_items_2".to_string()
        ]
    );
    apply(db, &up).unwrap();
    assert_no_diff(db, &want);
    apply(db, &reverse_all(&up)).unwrap();
    assert_no_diff(db, &before);
    assert_eq!(
        text_rows(db, "SELECT CAST(id AS TEXT), note FROM new_items"),
        [["7".to_string(), "kept".to_string()]]
    );
    assert_eq!(
        text_rows(db, "SELECT CAST(id AS TEXT), name FROM items"),
        [["1".to_string(), "one".to_string()]]
    );
}

#[test]
fn a_rebuild_keeps_rows_of_a_table_with_quoted_names() {
    let test = fresh();
    let mut db = test.connect();
    let db = db.as_mut();
    exec(
        db,
        "CREATE TABLE \"order\" (id INTEGER PRIMARY KEY, \"café\" TEXT, \"user group\" INTEGER)",
    );
    exec(db, "CREATE INDEX \"ix café\" ON \"order\" (\"café\")");
    exec(
        db,
        "INSERT INTO \"order\" VALUES (1, 'crème', 2), (2, NULL, 3)",
    );
    let before = current(db);
    let mut want = before.clone();
    column(&mut want.tables[0], "user group").data_type = "TEXT".into();
    want.tables[0].checks.push(check(None, "\"café\" <> 'x'"));
    let up = plan(&before, &want, vec![]);
    apply(db, &up).unwrap();
    assert_no_diff(db, &want);
    assert_eq!(
        text_rows(
            db,
            "SELECT \"café\", typeof(\"user group\") FROM \"order\" ORDER BY id"
        ),
        vec![
            vec!["crème".to_string(), "text".into()],
            vec!["NULL".into(), "text".into()]
        ]
    );
    apply(db, &reverse_all(&up)).unwrap();
    assert_no_diff(db, &before);
}

#[test]
fn native_alters_stay_native_and_renames_reach_referencing_tables() {
    let (_test, mut db) = rows_db();
    let db = db.as_mut();
    let before = current(db);
    let mut want = before.clone();
    let users = want.tables.iter_mut().find(|t| t.name == "users").unwrap();
    users
        .columns
        .push(with_default(not_null("level", "INTEGER"), "0"));
    users.columns.retain(|c| c.name != "age");
    // Renaming users.id (posts points at it) and changing the type of a column.
    column(users, "id").name = "user_id".into();
    users.primary_key = pk(&["user_id"]);
    column(users, "email").data_type = "VARCHAR(200)".into();
    users.triggers.clear();
    let posts = want.tables.iter_mut().find(|t| t.name == "posts").unwrap();
    posts.foreign_keys[0].ref_columns = vec!["user_id".into()];
    let renames = vec![Rename::Column {
        table: revise::schema::QualifiedName::new("users"),
        from: "id".into(),
        to: "user_id".into(),
    }];
    let up = plan(&before, &want, renames);
    let kinds: Vec<String> = up.iter().map(Op::describe).collect();
    assert_eq!(
        kinds,
        vec![
            "rebuild table users (copying its rows) to drop column age; add column level; alter column email",
            "rename column users.id to user_id",
        ],
        "a rebuilt table's other ops join its rebuild; its renames follow it"
    );
    apply(db, &up).unwrap();
    assert_no_diff(db, &want);
    assert!(fk_violations(db).is_empty());
    // SQLite's rename carried the new name into the key of posts and the
    // recreated trigger.
    let sql = text_rows(
        db,
        "SELECT sql FROM sqlite_master WHERE name IN ('posts', 'users_audit') ORDER BY name",
    );
    assert!(sql[0][0].contains("REFERENCES users (user_id)"), "{sql:?}");
    assert!(sql[1][0].contains("new.user_id"), "{sql:?}");
    exec(db, "UPDATE users SET email = email WHERE user_id = 1");
    apply(db, &reverse_all(&up)).unwrap();
    assert_no_diff(db, &before);

    // Without the type change, adding and dropping columns is plain ALTER TABLE.
    let mut want = before.clone();
    let users = want.tables.iter_mut().find(|t| t.name == "users").unwrap();
    users
        .columns
        .push(with_default(not_null("level", "INTEGER"), "0"));
    users.columns.retain(|c| c.name != "age");
    users.triggers.clear();
    let up = plan(&before, &want, vec![]);
    assert_eq!(
        render(&up),
        vec![
            "ALTER TABLE users ADD COLUMN level INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE users DROP COLUMN age",
        ]
    );
    apply(db, &up).unwrap();
    assert_no_diff(db, &want);
    apply(db, &reverse_all(&up)).unwrap();
    assert_no_diff(db, &before);
}

#[test]
fn enums_are_refused_with_a_message() {
    let mut model = Schema::default();
    model.enums.push(revise::schema::EnumType {
        schema: None,
        name: "mood".into(),
        values: vec!["ok".into()],
    });
    let ops = plan(&Schema::default(), &wanted(model), vec![]);
    let e = dialect().render_op(&ops[0]).unwrap_err();
    assert!(
        e.contains("SQLite has no enum types; use a CHECK constraint"),
        "{e}"
    );
}

#[test]
fn a_renamed_and_rebuilt_table_keeps_its_view_keys_and_trigger() {
    let (_test, mut db) = rows_db();
    let db = db.as_mut();
    exec(db, "CREATE VIEW user_emails AS SELECT id, email FROM users");
    let before = current(db);
    let mut want = before.clone();
    let users = want.tables.iter_mut().find(|t| t.name == "users").unwrap();
    users.name = "people".into();
    column(users, "age").data_type = "INTEGER".into();
    users.triggers.clear();
    let posts = want.tables.iter_mut().find(|t| t.name == "posts").unwrap();
    posts.foreign_keys[0].ref_table = "people".into();
    let renames = vec![Rename::Table {
        from: revise::schema::QualifiedName::new("users"),
        to: revise::schema::QualifiedName::new("people"),
    }];
    let up = plan(&before, &want, renames);
    assert_eq!(
        up.iter().map(Op::describe).collect::<Vec<_>>(),
        vec![
            "rebuild table users (copying its rows) to alter column age",
            "rename table users to people"
        ]
    );
    apply(db, &up).unwrap();
    assert_no_diff(db, &want);
    assert!(fk_violations(db).is_empty());
    assert_eq!(
        text_rows(db, "SELECT CAST(count(*) AS TEXT) FROM user_emails"),
        vec![vec!["3".to_string()]]
    );
    let trigger = text_rows(
        db,
        "SELECT tbl_name FROM sqlite_master WHERE name = 'users_audit'",
    );
    assert_eq!(trigger, vec![vec!["people".to_string()]]);
    apply(db, &reverse_all(&up)).unwrap();
    assert_no_diff(db, &before);
    assert_eq!(
        text_rows(db, "SELECT CAST(count(*) AS TEXT) FROM user_emails"),
        vec![vec!["3".to_string()]]
    );
}

#[test]
fn a_new_not_null_column_without_default_fails_the_copy_with_sqlites_message() {
    let (_test, mut db) = rows_db();
    let db = db.as_mut();
    let before = current(db);
    let mut want = before.clone();
    let users = want.tables.iter_mut().find(|t| t.name == "users").unwrap();
    users.columns.push(not_null("level", "INTEGER"));
    users.triggers.clear();
    let up = plan(&before, &want, vec![]);
    assert!(matches!(up.as_slice(), [Op::RebuildTable { .. }]));
    let e = apply(db, &up).unwrap_err();
    assert!(
        e.contains("NOT NULL constraint failed: new_users.level"),
        "{e}"
    );
    assert_eq!(current(db), before);
}

#[test]
fn a_rebuild_refuses_tables_with_what_the_model_cannot_describe() {
    for ddl in [
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INT UNIQUE ON CONFLICT REPLACE)",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INT NOT NULL ON CONFLICT IGNORE)",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INT UNIQUE on\n\t  conflict ABORT)",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INT NOT NULL ON /* c */ CONFLICT FAIL)",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INT UNIQUE ON-- c\nCONFLICT ROLLBACK, \"b\"\"on conflict\" TEXT DEFAULT 'it''s')",
    ] {
        let test = fresh();
        let mut db = test.connect();
        let db = db.as_mut();
        exec(db, ddl);
        exec(db, "INSERT INTO t (id, a) VALUES (1, 1)");
        let mut before = current(db);
        assert!(
            before.tables[0].on_conflict,
            "{ddl}: introspection marks it"
        );
        let mut want = before.clone();
        want.tables[0].on_conflict = false;
        want.tables[0].checks.push(check(None, "a > 0"));
        // Autogenerate refuses to write the rebuild, naming the table.
        let up = plan(&before, &want, vec![]);
        let e = up
            .iter()
            .find_map(|op| dialect().render_op(op).err())
            .unwrap_or_else(|| panic!("{ddl}: rendered"));
        assert!(e.contains("table t has ON CONFLICT clauses"), "{ddl}: {e}");
        // A revision written otherwise (by hand, or before the clause was
        // added) meets the rebuild's guard at upgrade.
        before.tables[0].on_conflict = false;
        let e = apply(db, &plan(&before, &want, vec![])).unwrap_err();
        assert!(e.contains("which a rebuild would lose"), "{ddl}: {e}");
        assert_eq!(
            text_rows(db, "SELECT sql FROM sqlite_master WHERE name = 't'"),
            vec![vec![ddl.to_string()]],
            "{ddl}: unchanged"
        );
    }
}

#[test]
fn the_words_on_conflict_in_literals_names_and_comments_do_not_stop_a_rebuild() {
    for ddl in [
        "CREATE TABLE t (id INTEGER PRIMARY KEY, \"conflict\" INT, status TEXT CHECK (status IN ('ok', 'conflict')))",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, help TEXT DEFAULT 'resolve on conflict by merging', status TEXT)",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, status TEXT -- ON CONFLICT handling is app-side\n)",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, status TEXT /* on conflict */, \"on conflict\" INT, [on conflict 2] INT, `on  conflict` INT)",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, on_conflict INT, status TEXT DEFAULT 'x''on conflict''y', Üon INT)",
    ] {
        let test = fresh();
        let mut db = test.connect();
        let db = db.as_mut();
        exec(db, ddl);
        exec(db, "INSERT INTO t (id, status) VALUES (1, 'conflict')");
        let before = current(db);
        assert!(!before.tables[0].on_conflict, "{ddl}");
        let mut want = before.clone();
        want.tables[0].checks.push(check(None, "id > 0"));
        apply(db, &plan(&before, &want, vec![])).unwrap_or_else(|e| panic!("{ddl}: {e}"));
        assert_eq!(
            text_rows(db, "SELECT status FROM t"),
            vec![vec!["conflict".to_string()]]
        );
    }
}

#[test]
fn a_rebuild_keeps_deferrable_foreign_keys_and_their_timing() {
    let test = fresh();
    let mut db = test.connect();
    let db = db.as_mut();
    exec(db, "CREATE TABLE parent (id INTEGER PRIMARY KEY)");
    exec(
        db,
        "CREATE TABLE child (id INTEGER PRIMARY KEY, p INT REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED, q INT REFERENCES parent (id))",
    );
    exec(db, "INSERT INTO parent (id) VALUES (1)");
    exec(db, "INSERT INTO child (id, p, q) VALUES (1, 1, 1)");
    let before = current(db);
    let child = |s: &Schema| s.tables.iter().find(|t| t.name == "child").unwrap().clone();
    let timing = |t: &Table| {
        let mut v: Vec<(String, Deferrable)> = t
            .foreign_keys
            .iter()
            .map(|f| (f.columns[0].clone(), f.deferrable))
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    };
    assert_eq!(
        timing(&child(&before)),
        vec![
            ("p".to_string(), Deferrable::InitiallyDeferred),
            ("q".to_string(), Deferrable::No)
        ]
    );
    // A check forces a rebuild; q becomes deferred, p immediate.
    let mut want = before.clone();
    let t = want.tables.iter_mut().find(|t| t.name == "child").unwrap();
    t.checks.push(check(None, "id > 0"));
    for fk in &mut t.foreign_keys {
        fk.deferrable = if fk.columns[0] == "q" {
            Deferrable::InitiallyDeferred
        } else {
            Deferrable::No
        };
    }
    let ops = plan(&before, &want, vec![]);
    assert!(
        matches!(ops.as_slice(), [Op::RebuildTable { .. }]),
        "{:?}",
        ops.iter().map(Op::describe).collect::<Vec<_>>()
    );
    apply(db, &ops).unwrap();
    assert_no_diff(db, &want);
    assert_eq!(
        text_rows(db, "SELECT id, p, q FROM child"),
        vec![vec!["1".to_string(), "1".into(), "1".into()]]
    );
    // The timing is real: inside a transaction with keys ON, q may point
    // nowhere until COMMIT, p may not even for one statement.
    exec(db, "PRAGMA foreign_keys = ON");
    exec(db, "BEGIN");
    exec(db, "INSERT INTO child (id, p, q) VALUES (2, 1, 7)");
    assert!(
        db.execute("INSERT INTO child (id, p, q) VALUES (3, 7, 1)")
            .is_err()
    );
    exec(db, "INSERT INTO parent (id) VALUES (7)");
    exec(db, "COMMIT");
    exec(db, "PRAGMA foreign_keys = OFF");
    // And back: the downgrade restores the first timing.
    let after = current(db);
    apply(db, &plan(&after, &before, vec![])).unwrap();
    assert_eq!(timing(&child(&current(db))), timing(&child(&before)));
}

#[test]
fn a_rebuild_keeps_generated_columns_and_collations() {
    let test = fresh();
    let mut db = test.connect();
    let db = db.as_mut();
    exec(
        db,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, b INT AS (a * 2), \
         c TEXT GENERATED ALWAYS AS ('#' || a) STORED, d INT, e TEXT COLLATE nocase)",
    );
    exec(
        db,
        "INSERT INTO t (id, a, d, e) VALUES (1, 3, 7, 'x'), (2, 4, 8, 'Y')",
    );
    let before = current(db);
    let b = before.tables[0].column("b").unwrap();
    assert_eq!(
        b.generated
            .as_ref()
            .map(|g| (g.expression.as_str(), g.stored)),
        Some(("a * 2", false))
    );
    let e = before.tables[0].column("e").unwrap();
    assert_eq!(e.collation.as_deref(), Some("NOCASE"));
    let mut want = before.clone();
    want.tables[0].checks.push(check(None, "a > 0"));
    // b's expression changes and d becomes generated: only a rebuild can.
    want.tables[0].columns[2]
        .generated
        .as_mut()
        .unwrap()
        .expression = "a * 10".into();
    want.tables[0].columns[4].generated = Some(Box::new(revise::schema::Generated {
        expression: "a + 100".into(),
        stored: true,
    }));
    apply(db, &plan(&before, &want, vec![])).unwrap();
    assert_eq!(
        text_rows(db, "SELECT id, a, b, c, d, e FROM t ORDER BY e"),
        vec![
            vec!["1", "3", "30", "#3", "103", "x"],
            vec!["2", "4", "40", "#4", "104", "Y"]
        ],
        "computed anew, and e still sorts regardless of case"
    );
    assert_eq!(current(db), want, "the table is what the models say");
}

#[test]
fn rendered_rebuild_statements_survive_the_revision_file_splitter() {
    let (_test, mut db) = rows_db();
    let before = current(db.as_mut());
    let mut want = before.clone();
    let users = want.tables.iter_mut().find(|t| t.name == "users").unwrap();
    users.checks.push(check(Some("ck; odd"), "email <> 'a;b'"));
    users.triggers.clear();
    let sql = render(&plan(&before, &want, vec![]));
    let file = sql.iter().map(|s| format!("{s};\n")).collect::<String>();
    let split = revise::script::split::split_statements(&file, DialectKind::Sqlite).unwrap();
    assert_eq!(
        split
            .iter()
            .map(|s| s.sql.trim().to_string())
            .collect::<Vec<_>>(),
        sql
    );
}

#[test]
fn expressions_differing_only_in_case_are_the_same() {
    let test = fresh();
    let mut db = test.connect();
    let db = db.as_mut();
    exec(
        db,
        "CREATE TABLE a (x INT CHECK(abs(x)>0), s TEXT, \"Mixed\" TEXT CHECK (\"Mixed\" <> 'Keep'))",
    );
    exec(db, "CREATE INDEX i1 ON a (lower(s))");
    exec(
        db,
        "CREATE INDEX i2 ON a (s COLLATE nocase) WHERE x is not null",
    );
    let model = revise::source::sql::parse_sql(
        std::path::Path::new("m.sql"),
        "CREATE TABLE A (X INT CHECK (ABS(X) > 0), S TEXT, mixed TEXT CHECK (MIXED <> 'Keep'));\n\
         CREATE INDEX i1 ON a (LOWER(S));\n\
         CREATE INDEX i2 ON a (S COLLATE NOCASE) WHERE X IS NOT NULL;",
        revise::url::DialectKind::Sqlite,
    )
    .unwrap();
    assert_no_diff(db, &wanted(model.schema));
}

/// The rowids of `table` (read as `name`), in order.
fn rowids(db: &mut dyn Database, table: &str, name: &str) -> Vec<Vec<String>> {
    text_rows(
        db,
        &format!("SELECT CAST({name} AS TEXT) FROM {table} ORDER BY {name}"),
    )
}

#[test]
fn a_rebuild_keeps_the_rowids_of_a_table_without_an_integer_primary_key() {
    let test = fresh();
    let mut db = test.connect();
    let db = db.as_mut();
    exec(db, "CREATE TABLE docs (title TEXT, body TEXT)");
    // A column named rowid hides the rowid under that name, not under _rowid_.
    exec(db, "CREATE TABLE tags (rowid TEXT, tag TEXT)");
    for i in 1..=6 {
        exec(
            db,
            &format!("INSERT INTO docs VALUES ('doc {i}', 'word{i} common')"),
        );
        exec(db, &format!("INSERT INTO tags VALUES ('r{i}', 'tag {i}')"));
    }
    // Gaps, so numbering the copied rows 1..N would change them.
    exec(db, "DELETE FROM docs WHERE title IN ('doc 1', 'doc 4')");
    exec(db, "DELETE FROM tags WHERE tag IN ('tag 2', 'tag 3')");
    let docs = rowids(db, "docs", "rowid");
    let tags = rowids(db, "tags", "_rowid_");
    assert_eq!(docs, [["2"], ["3"], ["5"], ["6"]]);
    assert_eq!(tags, [["1"], ["4"], ["5"], ["6"]]);
    // An external-content FTS5 index refers to its rows by rowid
    // (https://sqlite.org/fts5.html#external_content_tables).
    let fts = db
        .execute("CREATE VIRTUAL TABLE docs_fts USING fts5(title, body, content='docs')")
        .is_ok();
    let search = "SELECT title FROM docs_fts WHERE docs_fts MATCH 'word5'";
    if fts {
        exec(db, "INSERT INTO docs_fts (docs_fts) VALUES ('rebuild')");
        assert_eq!(text_rows(db, search), [["doc 5"]]);
    } else {
        eprintln!("the linked SQLite has no FTS5: its part of this test is skipped");
    }

    let before = current(db);
    let mut want = before.clone();
    for t in &mut want.tables {
        t.checks.push(check(None, "length(title) < 100"));
        t.columns[1].data_type = "VARCHAR(100)".into();
        if t.name == "tags" {
            t.checks[0].expression = "length(tag) < 100".into();
        }
    }
    let up = plan(&before, &want, vec![]);
    apply(db, &up).unwrap();
    assert_no_diff(db, &want);
    assert_eq!(rowids(db, "docs", "rowid"), docs);
    assert_eq!(rowids(db, "tags", "_rowid_"), tags);
    assert_eq!(
        text_rows(db, "SELECT title FROM docs WHERE rowid = 5"),
        [["doc 5"]]
    );
    if fts {
        assert_eq!(text_rows(db, search), [["doc 5"]]);
        exec(
            db,
            "INSERT INTO docs_fts (docs_fts, rank) VALUES ('integrity-check', 1)",
        );
    }

    apply(db, &reverse_all(&up)).unwrap();
    assert_no_diff(db, &before);
    assert_eq!(rowids(db, "docs", "rowid"), docs);
    assert_eq!(rowids(db, "tags", "_rowid_"), tags);
    if fts {
        assert_eq!(text_rows(db, search), [["doc 5"]]);
    }
}

#[test]
fn a_table_with_integer_primary_key_desc_is_refused_naming_its_column() {
    let test = fresh();
    let mut db = test.connect();
    let db = db.as_mut();
    exec(db, "CREATE TABLE odd (id INTEGER PRIMARY KEY DESC, a TEXT)");
    // SQLite's quirk: the column is not the rowid.
    exec(db, "INSERT INTO odd (id, a) VALUES (5, 'x')");
    assert_eq!(
        text_rows(db, "SELECT CAST(rowid AS TEXT), CAST(id AS TEXT) FROM odd"),
        [["1", "5"]]
    );
    let e = db
        .introspect(&IntrospectOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("table odd")
            && e.contains(
                "column id is INTEGER PRIMARY KEY DESC, which SQLite does not make a rowid alias"
            )
            && e.contains("[autogenerate] exclude"),
        "{e}"
    );
    assert!(!e.contains('\n'), "{e}");
    // Left out, it stops nothing; the forms SQLite does read are read.
    exec(db, "CREATE TABLE alias (id INTEGER, PRIMARY KEY (id DESC))");
    exec(
        db,
        "CREATE TABLE nr (id INTEGER PRIMARY KEY DESC) WITHOUT ROWID",
    );
    let options = IntrospectOptions {
        exclude_tables: vec!["odd".into()],
        ..Default::default()
    };
    let s = db.introspect(&options).unwrap();
    let names: Vec<&str> = s.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["alias", "nr"]);
}

/// The models read from SQL DDL, normalized.
fn sql_model(ddl: &str) -> Schema {
    let loaded =
        revise::source::sql::parse_sql(std::path::Path::new("m.sql"), ddl, DialectKind::Sqlite)
            .unwrap_or_else(|e| panic!("{e}"));
    wanted(loaded.schema)
}

fn refused(db: &mut dyn Database, sql: &str, why: &str) {
    match db.execute(sql) {
        Ok(_) => panic!("{sql}: accepted"),
        Err(e) => assert!(e.to_string().contains(why), "{sql}: {e}"),
    }
}

const KEYED_DDL: &str = "CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT, UNIQUE (email COLLATE NOCASE));
CREATE TABLE tags (name TEXT NOT NULL, note TEXT, PRIMARY KEY (name COLLATE NOCASE)) WITHOUT ROWID;
CREATE TABLE pairs (a TEXT, b TEXT, n INT, CONSTRAINT pk_pairs PRIMARY KEY (a COLLATE NOCASE, b DESC), CONSTRAINT uq_n UNIQUE (n DESC));";

/// Rows that differ only in case, which the keys refuse, before and after.
fn refuses_case_twins(db: &mut dyn Database) {
    let twin = "UNIQUE constraint failed";
    refused(db, "INSERT INTO accounts VALUES (2, 'a@X.com', 'b')", twin);
    refused(db, "INSERT INTO tags VALUES ('rust', 'y')", twin);
    refused(db, "INSERT INTO pairs VALUES ('a', 'b', 2)", twin);
}

#[test]
fn keys_keep_the_collation_and_order_of_their_columns_through_a_rebuild() {
    use revise::schema::KeyColumn;
    let test = fresh();
    let mut db = test.connect();
    let db = db.as_mut();
    exec(db, KEYED_DDL);
    exec(db, "INSERT INTO accounts VALUES (1, 'A@x.com', 'a')");
    exec(db, "INSERT INTO tags VALUES ('Rust', 'r')");
    exec(db, "INSERT INTO pairs VALUES ('A', 'b', 1)");
    refuses_case_twins(db);
    let before = current(db);
    let nocase = KeyColumn {
        collation: Some("NOCASE".into()),
        descending: false,
    };
    let desc = KeyColumn {
        collation: None,
        descending: true,
    };
    let t = |s: &Schema, name: &str| s.tables.iter().find(|t| t.name == name).unwrap().clone();
    let one_nocase = vec![nocase.clone()];
    assert_eq!(t(&before, "accounts").uniques[0].column_options, one_nocase);
    let tags = t(&before, "tags").primary_key.unwrap();
    assert_eq!(tags.column_options, one_nocase);
    let pairs = t(&before, "pairs");
    let pk = pairs.primary_key.unwrap();
    assert_eq!(pk.name.as_deref(), Some("pk_pairs"));
    assert_eq!(pk.column_options, [nocase.clone(), desc.clone()]);
    assert_eq!(pairs.uniques[0].name.as_deref(), Some("uq_n"));
    assert_eq!(pairs.uniques[0].column_options, [desc]);
    // The same DDL as models compares clean.
    assert_no_diff(db, &sql_model(KEYED_DDL));

    // A rebuild for an unrelated change writes the keys again as they were.
    let after = KEYED_DDL
        .replace("name TEXT,", "name TEXT NOT NULL DEFAULT '',")
        .replace("note TEXT,", "note TEXT NOT NULL DEFAULT '',")
        .replace("n INT,", "n INT CHECK (n > 0),");
    let want = sql_model(&after);
    let up = plan(&before, &want, vec![]);
    assert_eq!(
        up.iter()
            .filter(|op| matches!(op, Op::RebuildTable { .. }))
            .count(),
        3,
        "{:?}",
        up.iter().map(Op::describe).collect::<Vec<_>>()
    );
    apply(db, &up).unwrap();
    assert_no_diff(db, &want);
    assert_eq!(text_rows(db, "SELECT email FROM accounts"), [["A@x.com"]]);
    assert_eq!(text_rows(db, "SELECT name FROM tags"), [["Rust"]]);
    refuses_case_twins(db);
    // Another b is another key, DESC changes no uniqueness.
    exec(db, "INSERT INTO pairs VALUES ('a', 'c', 3)");
    exec(db, "DELETE FROM pairs WHERE n = 3");

    apply(db, &reverse_all(&up)).unwrap();
    assert_no_diff(db, &before);
    refuses_case_twins(db);
}

#[test]
fn double_quoted_strings_stay_strings_through_a_rebuild() {
    let ddl = "CREATE TABLE t (id INTEGER PRIMARY KEY, kind TEXT CHECK (kind <> \"Legacy\"), b TEXT, tag TEXT AS (coalesce(kind, \"none\")));
CREATE INDEX ix_t_b ON t (b) WHERE kind = \"Active\";
CREATE INDEX ix_t_kind ON t (coalesce(\"KIND\", \"none\"));";
    let test = fresh();
    let mut db = test.connect();
    let db = db.as_mut();
    exec(db, ddl);
    exec(
        db,
        "INSERT INTO t (kind, b) VALUES ('Active', 'x'), (NULL, 'y')",
    );
    // SQLite reads them as strings: the table takes no 'Legacy'.
    refused(
        db,
        "INSERT INTO t (kind) VALUES ('Legacy')",
        "CHECK constraint failed",
    );
    let before = current(db);
    assert_eq!(before.tables[0].checks[0].expression, "kind <> 'Legacy'");
    assert_no_diff(db, &sql_model(ddl));

    let after = ddl.replace("b TEXT,", "b TEXT NOT NULL DEFAULT '',");
    let want = sql_model(&after);
    let up = plan(&before, &want, vec![]);
    apply(db, &up).unwrap();
    assert_no_diff(db, &want);
    assert_eq!(
        text_rows(db, "SELECT id, kind, b, tag FROM t ORDER BY id"),
        [["1", "Active", "x", "Active"], ["2", "NULL", "y", "none"]]
    );
    refused(
        db,
        "INSERT INTO t (kind) VALUES ('Legacy')",
        "CHECK constraint failed",
    );
    assert_eq!(
        text_rows(
            db,
            "SELECT id FROM t INDEXED BY ix_t_b WHERE kind = 'Active' AND b = 'x'"
        ),
        [["1"]],
        "the partial index still covers the rows of kind 'Active'"
    );
    apply(db, &reverse_all(&up)).unwrap();
    assert_no_diff(db, &before);
}

#[test]
fn parentheses_around_a_whole_expression_are_no_difference() {
    let ddl = "CREATE TABLE t (a INT, c INT CHECK ((c > 0)));
CREATE INDEX ix_t ON t ((c * 2));
CREATE INDEX ix_t_a ON t ((a)) WHERE (a > 0);";
    let test = fresh();
    let mut db = test.connect();
    let db = db.as_mut();
    exec(db, ddl);
    assert_no_diff(db, &sql_model(ddl));
    assert_no_diff(
        db,
        &sql_model(
            "CREATE TABLE t (a INT, c INT CHECK (c > 0));
CREATE INDEX ix_t ON t (c * 2);
CREATE INDEX ix_t_a ON t (a) WHERE a > 0;",
        ),
    );
}
