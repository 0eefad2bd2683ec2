//! The MySQL/MariaDB autogenerate dialect against a real server: introspection
//! of hand-written DDL, normalization of model spellings, rendering and
//! lowering of every op, round trips up and down, each test in a fresh database.
//!
//! Models are `Schema` literals spelled as the SQL model parser prints them
//! (`INT`, `VARCHAR(200)`, `CURRENT_TIMESTAMP`, `rating BETWEEN 1 AND 5`).

mod common;

use common::TestDb;
use common::cli::{fails, ok, revise, revision_files, revision_texts, sql_env};
use revise::dialect::{
    Database, Dialect, IntrospectOptions, LockScope, Side, TextRow, dialect_for,
};
use revise::diff::{DiffOptions, Rename, diff};
use revise::error::Result;
use revise::ops::{Op, reverse_all};
use revise::schema::{
    Check, Column, FkAction, ForeignKey, Generated, Identity, Index, IndexPart, PrimaryKey,
    QualifiedName, Schema, Table, Unique,
};
use revise::url::{DatabaseUrl, DialectKind};

fn dialect() -> &'static dyn Dialect {
    dialect_for(DialectKind::Mysql)
}

// ---------------------------------------------------------------------------
// Model builders

fn col(name: &str, ty: &str) -> Column {
    Column::new(name, ty)
}

fn not_null(name: &str, ty: &str) -> Column {
    Column {
        nullable: false,
        ..col(name, ty)
    }
}

fn with_default(mut c: Column, default: &str) -> Column {
    c.default = Some(default.into());
    c
}

fn auto(mut c: Column) -> Column {
    c.identity = Some(Identity::AutoIncrement);
    c
}

fn commented(mut c: Column, comment: &str) -> Column {
    c.comment = Some(comment.into());
    c
}

fn table(name: &str, columns: Vec<Column>, pk: &[&str]) -> Table {
    let mut t = Table::new(name);
    t.columns = columns;
    if !pk.is_empty() {
        t.primary_key = Some(PrimaryKey {
            name: None,
            columns: pk.iter().map(|c| c.to_string()).collect(),
            column_options: Vec::new(),
            deferrable: Default::default(),
        });
    }
    t
}

fn names(cols: &[&str]) -> Vec<String> {
    cols.iter().map(|c| c.to_string()).collect()
}

fn unique(name: Option<&str>, cols: &[&str]) -> Unique {
    Unique {
        name: name.map(str::to_string),
        columns: names(cols),
        column_options: Vec::new(),
        deferrable: Default::default(),
        nulls_not_distinct: false,
    }
}

fn index(name: Option<&str>, cols: &[&str]) -> Index {
    Index {
        name: name.map(str::to_string),
        parts: cols.iter().map(|c| IndexPart::column(c)).collect(),
        ..Default::default()
    }
}

fn fk(name: Option<&str>, cols: &[&str], target: &str, ref_cols: &[&str]) -> ForeignKey {
    ForeignKey {
        name: name.map(str::to_string),
        columns: names(cols),
        ref_table: target.into(),
        ref_columns: names(ref_cols),
        ..Default::default()
    }
}

fn check(name: Option<&str>, expression: &str) -> Check {
    Check {
        name: name.map(str::to_string),
        expression: expression.into(),
    }
}

fn schema(tables: Vec<Table>) -> Schema {
    Schema {
        tables,
        ..Default::default()
    }
}

// ---------------------------------------------------------------------------
// Pipeline

fn run(db: &mut dyn Database, sql: &str) {
    db.execute(sql).unwrap_or_else(|e| panic!("{sql}\n-> {e}"));
}

fn count(db: &mut dyn Database, table: &str) -> usize {
    let rows = db
        .query(&format!("SELECT CAST(COUNT(*) AS CHAR) FROM {table}"))
        .expect("count rows");
    rows[0][0].as_deref().unwrap_or("0").parse().unwrap()
}

/// The live schema, normalized.
fn current(db: &mut dyn Database) -> Schema {
    let mut s = db
        .introspect(&IntrospectOptions::default())
        .expect("introspect");
    dialect().normalize(&mut s, Side::Database);
    s
}

/// The ops that take the database to `model`, lowered, with the normalized
/// schemas they came from.
fn plan(db: &mut dyn Database, model: &Schema) -> Vec<Op> {
    plan_with(db, model, &DiffOptions::default())
}

fn plan_with(db: &mut dyn Database, model: &Schema, options: &DiffOptions) -> Vec<Op> {
    let now = current(db);
    let mut wanted = model.clone();
    dialect().normalize(&mut wanted, Side::Model);
    dialect().adopt_database_choices(&mut wanted, &now);
    db.canonicalize(&mut wanted, &now).expect("canonicalize");
    let ops = diff(&now, &wanted, options, dialect().compare(&now));
    dialect().lower(ops, &now, &wanted)
}

fn render(ops: &[Op]) -> Vec<String> {
    ops.iter()
        .flat_map(|op| {
            dialect()
                .render_op(op)
                .unwrap_or_else(|e| panic!("{op:?}: {e}"))
        })
        .collect()
}

fn apply(db: &mut dyn Database, ops: &[Op]) -> Vec<String> {
    let sql = render(ops);
    for s in &sql {
        run(db, s);
    }
    sql
}

fn assert_clean(db: &mut dyn Database, model: &Schema) {
    let left = plan(db, model);
    assert!(
        left.is_empty(),
        "the database differs from its models:\n{:#?}\nSQL:\n{}",
        left,
        render(&left).join(";\n")
    );
}

fn fresh() -> Option<(TestDb, Box<dyn Database>)> {
    let t = TestDb::new(DialectKind::Mysql)?;
    let db = t.connect();
    Some((t, db))
}

/// Creates `model` in the empty database, checks the fixed point, takes it
/// back, and checks the database is empty again. Returns the upgrade SQL.
fn round_trip(model: &Schema) -> Vec<String> {
    let Some((t, mut db)) = fresh() else {
        return Vec::new();
    };
    let up = plan(db.as_mut(), model);
    assert!(!up.is_empty());
    let sql = apply(db.as_mut(), &up);
    assert_clean(db.as_mut(), model);
    apply(db.as_mut(), &reverse_all(&up));
    assert_eq!(t.tables(), Vec::<String>::new());
    sql
}

/// Takes the database from `before` to `after` and back, checking the fixed
/// point on both ends and that the rows of `tables` survive.
fn evolve(db: &mut dyn Database, before: &Schema, after: &Schema, tables: &[&str]) -> Vec<String> {
    assert_clean(db, before);
    let counts: Vec<usize> = tables.iter().map(|t| count(db, t)).collect();
    let up = plan(db, after);
    assert!(!up.is_empty(), "no change from before to after");
    let sql = apply(db, &up);
    assert_clean(db, after);
    let kept: Vec<usize> = tables.iter().map(|t| count(db, t)).collect();
    assert_eq!(kept, counts, "rows lost by the upgrade");
    apply(db, &reverse_all(&up));
    assert_clean(db, before);
    let back: Vec<usize> = tables.iter().map(|t| count(db, t)).collect();
    assert_eq!(back, counts, "rows lost by the downgrade");
    sql
}

/// Creates `model` from nothing, as autogenerate would.
fn create(db: &mut dyn Database, model: &Schema) {
    let ops = plan(db, model);
    apply(db, &ops);
}

// ---------------------------------------------------------------------------
// Introspection

const EVERY_KIND_DDL: &[&str] = &[
    "CREATE TABLE users (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
        email VARCHAR(200) NOT NULL,
        name VARCHAR(50) DEFAULT 'it''s' COMMENT 'display name',
        active TINYINT(1) NOT NULL DEFAULT 1,
        created DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
        score DECIMAL(5,2) DEFAULT 1.5,
        kind ENUM('a','b''c') NOT NULL DEFAULT 'a',
        meta JSON,
        CONSTRAINT uq_users_email UNIQUE (email),
        KEY ix_users_name (name(10), created DESC),
        CONSTRAINT ck_users_score CHECK (score BETWEEN 0 AND 100)
    ) COMMENT='people'",
    "CREATE TABLE posts (
        id INT NOT NULL PRIMARY KEY,
        user_id BIGINT UNSIGNED NOT NULL,
        title VARCHAR(100) NOT NULL,
        rating INT CHECK (rating IN (1, 2, 3)),
        CONSTRAINT fk_posts_user FOREIGN KEY (user_id) REFERENCES users (id)
            ON DELETE CASCADE ON UPDATE RESTRICT
    )",
    "CREATE UNIQUE INDEX ux_posts_title ON posts (title)",
];

/// What `EVERY_KIND_DDL` normalizes to: the canonical spelling.
fn every_kind_canonical() -> Schema {
    let mut users = table(
        "users",
        vec![
            auto(not_null("id", "bigint unsigned")),
            not_null("email", "varchar(200)"),
            commented(
                with_default(col("name", "varchar(50)"), "'it''s'"),
                "display name",
            ),
            with_default(not_null("active", "tinyint(1)"), "1"),
            with_default(not_null("created", "datetime"), "current_timestamp()"),
            with_default(col("score", "decimal(5,2)"), "1.50"),
            with_default(not_null("kind", "enum('a','b''c')"), "'a'"),
            col("meta", "json"),
        ],
        &["id"],
    );
    users.uniques = vec![unique(Some("uq_users_email"), &["email"])];
    users.indexes = vec![Index {
        name: Some("ix_users_name".into()),
        parts: vec![
            IndexPart {
                value: "name(10)".into(),
                expression: true,
                opclass: None,
                descending: false,
                nulls_first: None,
            },
            IndexPart {
                value: "created".into(),
                expression: false,
                opclass: None,
                descending: true,
                nulls_first: None,
            },
        ],
        ..Default::default()
    }];
    users.checks = vec![check(Some("ck_users_score"), "score BETWEEN 0 AND 100")];
    users.comment = Some("people".into());
    let mut posts = table(
        "posts",
        vec![
            not_null("id", "int"),
            not_null("user_id", "bigint unsigned"),
            not_null("title", "varchar(100)"),
            col("rating", "int"),
        ],
        &["id"],
    );
    posts.uniques = vec![unique(Some("ux_posts_title"), &["title"])];
    // InnoDB's index for the key, named after the constraint.
    posts.indexes = vec![index(Some("fk_posts_user"), &["user_id"])];
    posts.foreign_keys = vec![ForeignKey {
        on_delete: FkAction::Cascade,
        ..fk(Some("fk_posts_user"), &["user_id"], "users", &["id"])
    }];
    posts.checks = vec![check(Some("rating"), "rating IN (1, 2, 3)")];
    let mut s = schema(vec![users, posts]);
    s.sort();
    s
}

/// The same schema spelled as the SQL model parser prints `EVERY_KIND_DDL`.
fn every_kind_model() -> Schema {
    let mut users = table(
        "users",
        vec![
            auto(not_null("id", "BIGINT UNSIGNED")),
            not_null("email", "VARCHAR(200)"),
            commented(
                with_default(col("name", "VARCHAR(50)"), "'it''s'"),
                "display name",
            ),
            with_default(not_null("active", "TINYINT(1)"), "1"),
            with_default(not_null("created", "DATETIME"), "CURRENT_TIMESTAMP"),
            with_default(col("score", "DECIMAL(5,2)"), "1.5"),
            with_default(not_null("kind", "ENUM('a', 'b''c')"), "'a'"),
            col("meta", "JSON"),
        ],
        &["id"],
    );
    users.uniques = vec![unique(Some("uq_users_email"), &["email"])];
    users.indexes = vec![Index {
        name: Some("ix_users_name".into()),
        parts: vec![
            IndexPart {
                value: "name(10)".into(),
                expression: true,
                opclass: None,
                descending: false,
                nulls_first: None,
            },
            IndexPart {
                value: "created".into(),
                expression: false,
                opclass: None,
                descending: true,
                nulls_first: None,
            },
        ],
        ..Default::default()
    }];
    users.checks = vec![check(Some("ck_users_score"), "score BETWEEN 0 AND 100")];
    users.comment = Some("people".into());
    let mut posts = table(
        "posts",
        vec![
            not_null("id", "INT"),
            not_null("user_id", "BIGINT UNSIGNED"),
            not_null("title", "VARCHAR(100)"),
            col("rating", "INT"),
        ],
        &["id"],
    );
    posts.indexes = vec![Index {
        unique: true,
        ..index(Some("ux_posts_title"), &["title"])
    }];
    posts.foreign_keys = vec![ForeignKey {
        on_delete: FkAction::Cascade,
        on_update: FkAction::Restrict,
        ..fk(Some("fk_posts_user"), &["user_id"], "users", &["id"])
    }];
    posts.checks = vec![check(None, "rating IN (1, 2, 3)")];
    schema(vec![users, posts])
}

#[test]
fn introspection_reads_every_object_kind() {
    let Some((t, mut db)) = fresh() else { return };
    for ddl in EVERY_KIND_DDL {
        run(db.as_mut(), ddl);
    }
    let mut live = current(db.as_mut());
    // Every table reports its default collation, and every text column its
    // own, the table's here; the models name none (see `adopt_collations`).
    for t in &mut live.tables {
        assert!(t.collation.take().is_some(), "{}", t.name);
        // And its engine, the server's default here; compared only where
        // the models name one (see `engines_from_models_round_trip`).
        assert!(t.engine.take().is_some(), "{}", t.name);
    }
    for c in live.tables.iter_mut().flat_map(|t| &mut t.columns) {
        let textual = ["char", "text", "enum("]
            .iter()
            .any(|t| c.data_type.contains(t));
        let collation = c.collation.take();
        assert_eq!(
            collation.is_some(),
            textual,
            "{}: {:?} {collation:?}",
            c.name,
            c.data_type
        );
    }
    // A server setting, not schema: checked in
    // `table_names_differ_by_case_as_the_server_says`.
    assert!(live.table_names_case_sensitive.take().is_some());
    // Likewise what the server accepts as a UNIQUE key over a TEXT column:
    // checked in `a_unique_key_over_text_follows_the_server`.
    assert!(live.unique_keys_on_whole_text.take().is_some());
    // And whether a generated column may be NOT NULL: checked in
    // `mariadb_refuses_a_generated_column_declared_not_null` (tests/models.rs).
    assert!(live.generated_columns_take_not_null.take().is_some());
    assert!(live.expression_indexes.take().is_some());
    // And the character sets' default collations: checked in
    // `a_character_set_without_collation_is_created_as_the_models_ask`.
    let defaults = std::mem::take(&mut live.default_collations);
    assert_eq!(
        defaults.get("latin1").map(String::as_str),
        Some("latin1_swedish_ci")
    );
    // And the database's name, which MariaDB puts in front of the sequences
    // defaults draw from: checked in `a_mariadb_dump_of_sequences_round_trips`.
    assert_eq!(live.default_schema.take(), Some(t.url.database()));
    assert_eq!(live, every_kind_canonical());
    assert_clean(db.as_mut(), &every_kind_model());

    // Raw, before normalization: the server's own spellings.
    let raw = db.introspect(&IntrospectOptions::default()).unwrap();
    let users = raw.tables.iter().find(|t| t.name == "users").unwrap();
    assert_eq!(users.columns[0].data_type, "bigint(20) unsigned");
    assert_eq!(users.columns[7].data_type, "longtext");
    assert!(
        users
            .checks
            .iter()
            .any(|c| c.name.as_deref() == Some("meta"))
    );
    assert_eq!(
        users.primary_key.as_ref().unwrap().name.as_deref(),
        Some("PRIMARY")
    );
}

#[test]
fn introspection_skips_excluded_tables_and_views() {
    let Some((_t, mut db)) = fresh() else { return };
    run(db.as_mut(), "CREATE TABLE kept (id INT PRIMARY KEY)");
    run(
        db.as_mut(),
        "CREATE TABLE revise_version (v INT, CONSTRAINT Fk_Excluded FOREIGN KEY (v) REFERENCES kept (id), CONSTRAINT chk_excluded CHECK (v > 0))",
    );
    run(db.as_mut(), "CREATE VIEW v AS SELECT id FROM kept");
    let s = db
        .introspect(&IntrospectOptions {
            schemas: vec![],
            exclude_tables: vec!["revise_version".into()],
        })
        .unwrap();
    let names: Vec<&str> = s.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, vec!["kept"]);
    // An excluded table's foreign-key and check names still hold: a name
    // chosen for an unnamed one avoids them.
    let taken: Vec<&str> = s
        .taken_names
        .constraints
        .iter()
        .map(|q| q.name.as_str())
        .collect();
    assert_eq!(taken, ["Fk_Excluded", "chk_excluded"]);
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
    fn execute(&mut self, sql: &str) -> std::result::Result<(), String> {
        self.inner.execute(sql)
    }
    fn query(&mut self, sql: &str) -> std::result::Result<Vec<TextRow>, String> {
        self.queries += 1;
        self.inner.query(sql)
    }
    fn lock(&mut self, name: &str, timeout: std::time::Duration) -> Result<()> {
        self.inner.lock(name, timeout)
    }
    fn unlock(&mut self, name: &str) -> std::result::Result<(), String> {
        self.inner.unlock(name)
    }
    fn lock_scope(&self) -> LockScope {
        self.inner.lock_scope()
    }
    fn introspect(&mut self, options: &IntrospectOptions) -> Result<Schema> {
        // The MySQL introspection itself, with every query through this wrapper.
        revise::dialect::mysql::introspect::introspect(self, options)
    }
}

fn queries_to_introspect(db: &mut Counting) -> (usize, usize) {
    db.queries = 0;
    let s = db.introspect(&IntrospectOptions::default()).unwrap();
    (db.queries, s.tables.len())
}

#[test]
fn introspection_takes_as_many_queries_for_thirty_tables_as_for_one() {
    let Some((_t, db)) = fresh() else { return };
    let mut db = Counting {
        inner: db,
        queries: 0,
    };
    let ddl = |i: usize| {
        format!(
            "CREATE TABLE t{i} (id INT PRIMARY KEY, parent INT, name VARCHAR(20) DEFAULT 'x', \
             UNIQUE KEY (name), CHECK (id > 0), FOREIGN KEY (parent) REFERENCES t0 (id))"
        )
    };
    run(&mut db, &ddl(0));
    let (one, tables) = queries_to_introspect(&mut db);
    assert_eq!(tables, 1);
    for i in 1..30 {
        run(&mut db, &ddl(i));
    }
    let (thirty, tables) = queries_to_introspect(&mut db);
    assert_eq!(tables, 30);
    assert_eq!(one, thirty);
    // One more since views and triggers are read (for autogenerate's
    // warnings), and one for the character sets' default collations.
    assert!(one <= 9, "{one} queries");
}

// ---------------------------------------------------------------------------
// Round trips

#[test]
fn every_object_kind_round_trips() {
    let sql = round_trip(&every_kind_model());
    if sql.is_empty() {
        return;
    }
    let all = sql.join("\n");
    assert!(
        all.contains(
            "CONSTRAINT fk_posts_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE"
        ),
        "{all}"
    );
    assert!(
        all.contains("KEY ix_users_name (name(10), created DESC)"),
        "{all}"
    );
    assert!(all.contains("COMMENT='people'"), "{all}");
}

#[test]
fn unnamed_objects_get_names_the_downgrade_can_drop() {
    let mut parent = table("parent", vec![not_null("id", "INT")], &["id"]);
    parent.uniques = vec![unique(None, &["id"])];
    let mut child = table(
        "child",
        vec![
            not_null("id", "INT"),
            col("parent_id", "INT"),
            col("code", "CHAR(3)"),
            col("n", "INT"),
        ],
        &["id"],
    );
    child.uniques = vec![unique(None, &["code", "n"])];
    child.indexes = vec![index(None, &["n"])];
    child.foreign_keys = vec![fk(None, &["parent_id"], "parent", &["id"])];
    child.checks = vec![check(None, "n > 0"), check(None, "code <> 'xxx'")];
    let model = schema(vec![parent.clone(), child.clone()]);
    let sql = round_trip(&model);
    if sql.is_empty() {
        return;
    }
    assert!(
        sql.join("\n")
            .contains("CONSTRAINT fk_child_parent_id FOREIGN KEY")
    );

    // The same objects added to and dropped from existing tables, by name.
    let Some((_t, mut db)) = fresh() else { return };
    let bare = schema(vec![
        table("parent", vec![not_null("id", "INT")], &["id"]),
        table("child", child.columns.clone(), &["id"]),
    ]);
    create(db.as_mut(), &bare);
    run(db.as_mut(), "INSERT INTO parent VALUES (1)");
    run(db.as_mut(), "INSERT INTO child VALUES (1, 1, 'abc', 2)");
    evolve(db.as_mut(), &bare, &model, &["parent", "child"]);
}

#[test]
fn quoted_identifiers_round_trip() {
    let mut group = table(
        "user group",
        vec![
            not_null("id", "INT"),
            not_null("Name", "VARCHAR(100)"),
            col("select", "INT"),
        ],
        &["id"],
    );
    group.comment = Some("it's a \\ group".into());
    let mut order = table(
        "order",
        vec![
            not_null("id", "INT"),
            not_null("group", "INT"),
            with_default(col("café", "VARCHAR(20)"), "'crème'"),
        ],
        &["id"],
    );
    order.foreign_keys = vec![fk(Some("order_group"), &["group"], "user group", &["id"])];
    order.indexes = vec![index(Some("ix order café"), &["café"])];
    order.checks = vec![check(Some("order check"), "`group` > 0 AND `café` <> ''")];
    let model = schema(vec![group, order]);
    let sql = round_trip(&model);
    if sql.is_empty() {
        return;
    }
    let all = sql.join("\n");
    assert!(all.contains("CREATE TABLE `order`"), "{all}");
    assert!(all.contains("`user group`"), "{all}");
    assert!(
        all.contains("`café` varchar(20) NULL DEFAULT 'crème'"),
        "{all}"
    );
    // Upper case needs no quotes in MySQL; a reserved word in any case does.
    assert!(all.contains("    Name varchar(100) NOT NULL"), "{all}");
    assert!(all.contains("`select` int NULL"), "{all}");
}

#[test]
fn foreign_key_cycles_round_trip() {
    let mut departments = table(
        "departments",
        vec![not_null("id", "INT"), col("manager_id", "INT")],
        &["id"],
    );
    departments.foreign_keys = vec![fk(None, &["manager_id"], "employees", &["id"])];
    let mut employees = table(
        "employees",
        vec![
            not_null("id", "INT"),
            col("department_id", "INT"),
            col("mentor_id", "INT"),
        ],
        &["id"],
    );
    employees.foreign_keys = vec![
        fk(None, &["department_id"], "departments", &["id"]),
        fk(None, &["mentor_id"], "employees", &["id"]),
    ];
    let sql = round_trip(&schema(vec![departments, employees]));
    if sql.is_empty() {
        return;
    }
    assert!(
        sql.iter()
            .any(|s| s.starts_with("ALTER TABLE") && s.contains("ADD CONSTRAINT fk_")),
        "{sql:#?}"
    );
}

#[test]
fn renames_keep_rows() {
    let Some((_t, mut db)) = fresh() else { return };
    let mut before_t = table(
        "people",
        vec![not_null("id", "INT"), col("fullname", "VARCHAR(50)")],
        &["id"],
    );
    before_t.indexes = vec![index(Some("ix_people_fullname"), &["fullname"])];
    let before = schema(vec![before_t]);
    let mut after_t = table(
        "persons",
        vec![not_null("id", "INT"), col("name", "VARCHAR(50)")],
        &["id"],
    );
    after_t.indexes = vec![index(Some("ix_people_fullname"), &["name"])];
    let after = schema(vec![after_t]);
    create(db.as_mut(), &before);
    run(db.as_mut(), "INSERT INTO people VALUES (1, 'Ada')");
    let options = DiffOptions {
        renames: vec![
            Rename::Table {
                from: QualifiedName::new("people"),
                to: QualifiedName::new("persons"),
            },
            Rename::Column {
                table: QualifiedName::new("persons"),
                from: "fullname".into(),
                to: "name".into(),
            },
        ],
    };
    let up = plan_with(db.as_mut(), &after, &options);
    let sql = apply(db.as_mut(), &up);
    assert_eq!(
        sql,
        vec![
            "RENAME TABLE people TO persons",
            "ALTER TABLE persons RENAME COLUMN fullname TO name"
        ]
    );
    assert_clean(db.as_mut(), &after);
    assert_eq!(count(db.as_mut(), "persons"), 1);
    apply(db.as_mut(), &reverse_all(&up));
    assert_clean(db.as_mut(), &before);
    assert_eq!(count(db.as_mut(), "people"), 1);
}

// ---------------------------------------------------------------------------
// Alterations that keep rows

fn products_before() -> Schema {
    let mut t = table(
        "products",
        vec![
            not_null("id", "INT"),
            not_null("sku", "VARCHAR(20)"),
            col("title", "VARCHAR(100)"),
            not_null("price", "NUMERIC(8,2)"),
            with_default(col("stock", "INT"), "0"),
            with_default(col("note", "VARCHAR(50)"), "'none'"),
            col("flag", "BOOLEAN"),
        ],
        &["id"],
    );
    t.comment = Some("old".into());
    schema(vec![t])
}

fn products_after() -> Schema {
    let mut t = table(
        "products",
        vec![
            not_null("id", "INT"),
            not_null("sku", "VARCHAR(40)"),
            with_default(not_null("title", "VARCHAR(100)"), "'untitled'"),
            not_null("price", "NUMERIC(12,2)"),
            with_default(col("stock", "BIGINT"), "10"),
            commented(col("note", "VARCHAR(50)"), "free text"),
            with_default(not_null("flag", "BOOLEAN"), "TRUE"),
        ],
        &["id"],
    );
    t.comment = Some("the catalogue".into());
    schema(vec![t])
}

#[test]
fn widening_nullability_defaults_and_comments_keep_rows() {
    let Some((_t, mut db)) = fresh() else { return };
    create(db.as_mut(), &products_before());
    run(
        db.as_mut(),
        "INSERT INTO products (id, sku, title, price, stock, flag) VALUES (1, 'A-1', 'Anvil', 19.99, 3, 1), (2, 'B-2', 'Bucket', 5.5, 4, 0)",
    );
    let sql = evolve(
        db.as_mut(),
        &products_before(),
        &products_after(),
        &["products"],
    );
    let all = sql.join("\n");
    assert!(
        // The column's collation is repeated: MODIFY would reset it.
        all.contains("ALTER TABLE products MODIFY COLUMN note varchar(50) COLLATE utf8mb4_general_ci NULL COMMENT 'free text'"),
        "{all}"
    );
    assert!(
        all.contains("MODIFY COLUMN flag tinyint(1) NOT NULL DEFAULT 1"),
        "{all}"
    );
    assert!(
        all.contains("ALTER TABLE products COMMENT = 'the catalogue'"),
        "{all}"
    );
    let rows = db
        .query("SELECT CAST(price AS CHAR), CAST(stock AS CHAR) FROM products WHERE id = 1")
        .unwrap();
    assert_eq!(rows[0], vec![Some("19.99".into()), Some("3".into())]);
}

#[test]
fn keys_indexes_and_checks_come_and_go_keeping_rows() {
    let before = {
        let mut a = table(
            "authors",
            vec![not_null("id", "INT"), col("email", "VARCHAR(100)")],
            &["id"],
        );
        a.indexes = vec![index(Some("ix_authors_email"), &["email"])];
        let mut b = table(
            "books",
            vec![
                not_null("id", "INT"),
                col("author_id", "INT"),
                col("pages", "INT"),
                col("status", "VARCHAR(10)"),
            ],
            &["id"],
        );
        b.checks = vec![check(Some("ck_books_pages"), "pages > 0")];
        schema(vec![a, b])
    };
    let after = {
        let mut a = table(
            "authors",
            vec![not_null("id", "INT"), col("email", "VARCHAR(100)")],
            &["id"],
        );
        a.uniques = vec![unique(Some("uq_authors_email"), &["email"])];
        let mut b = table(
            "books",
            vec![
                not_null("id", "INT"),
                col("author_id", "INT"),
                col("pages", "INT"),
                col("status", "VARCHAR(10)"),
            ],
            &["id"],
        );
        b.indexes = vec![Index {
            name: Some("ix_books_status_pages".into()),
            parts: vec![
                IndexPart::column("status"),
                IndexPart {
                    descending: true,
                    ..IndexPart::column("pages")
                },
            ],
            ..Default::default()
        }];
        b.foreign_keys = vec![ForeignKey {
            on_delete: FkAction::SetNull,
            ..fk(Some("fk_books_author"), &["author_id"], "authors", &["id"])
        }];
        b.checks = vec![
            check(Some("ck_books_pages"), "pages BETWEEN 1 AND 5000"),
            check(Some("ck_books_status"), "status IN ('draft', 'live')"),
        ];
        schema(vec![a, b])
    };
    let Some((_t, mut db)) = fresh() else { return };
    create(db.as_mut(), &before);
    run(
        db.as_mut(),
        "INSERT INTO authors VALUES (1, 'a@x'), (2, 'b@x')",
    );
    run(
        db.as_mut(),
        "INSERT INTO books VALUES (1, 1, 100, 'live'), (2, 2, 200, 'draft')",
    );
    let sql = evolve(db.as_mut(), &before, &after, &["authors", "books"]);
    let all = sql.join("\n");
    assert!(
        all.contains("DROP INDEX ix_authors_email ON authors"),
        "{all}"
    );
    assert!(
        all.contains("ADD UNIQUE KEY uq_authors_email (email)"),
        "{all}"
    );
    assert!(
        all.contains("DROP CONSTRAINT /*M! IF EXISTS */ ck_books_pages"),
        "{all}"
    );
    assert!(all.contains("CHECK (status IN ('draft', 'live'))"), "{all}");
    assert!(all.contains("ON DELETE SET NULL"), "{all}");
}

#[test]
fn auto_increment_is_added_and_removed() {
    let before = schema(vec![table(
        "tickets",
        vec![not_null("id", "INT"), col("title", "TEXT")],
        &["id"],
    )]);
    let after = schema(vec![table(
        "tickets",
        vec![auto(not_null("id", "INT")), col("title", "TEXT")],
        &["id"],
    )]);
    let Some((_t, mut db)) = fresh() else { return };
    create(db.as_mut(), &before);
    run(db.as_mut(), "INSERT INTO tickets VALUES (7, 'x')");
    let sql = evolve(db.as_mut(), &before, &after, &["tickets"]);
    assert_eq!(
        sql,
        vec!["ALTER TABLE tickets MODIFY COLUMN id int NOT NULL AUTO_INCREMENT"]
    );

    // A new auto-increment column and its key, in the one order InnoDB accepts.
    let keyless = schema(vec![table("events", vec![col("name", "TEXT")], &[])]);
    let keyed = schema(vec![table(
        "events",
        vec![auto(not_null("id", "BIGINT")), col("name", "TEXT")],
        &["id"],
    )]);
    create(db.as_mut(), &keyless);
    run(db.as_mut(), "INSERT INTO events VALUES ('a'), ('b')");
    evolve(db.as_mut(), &keyless, &keyed, &["events"]);
}

#[test]
fn foreign_key_columns_change_type_around_their_key() {
    let model = |id: &str| {
        let users = table("users", vec![auto(not_null("id", id))], &["id"]);
        let mut posts = table(
            "posts",
            vec![not_null("id", "INT"), not_null("user_id", id)],
            &["id"],
        );
        posts.foreign_keys = vec![fk(Some("fk_posts_user"), &["user_id"], "users", &["id"])];
        schema(vec![users, posts])
    };
    let Some((_t, mut db)) = fresh() else { return };
    create(db.as_mut(), &model("INT"));
    run(db.as_mut(), "INSERT INTO users VALUES (1), (2)");
    run(db.as_mut(), "INSERT INTO posts VALUES (1, 1), (2, 2)");
    let sql = evolve(
        db.as_mut(),
        &model("INT"),
        &model("BIGINT"),
        &["users", "posts"],
    );
    assert!(sql[0].contains("DROP FOREIGN KEY fk_posts_user"), "{sql:?}");
    assert!(
        sql[sql.len() - 1].contains("ADD CONSTRAINT fk_posts_user"),
        "{sql:?}"
    );
    // The key is back and enforced.
    assert!(db.execute("INSERT INTO posts VALUES (3, 99)").is_err());
}

// ---------------------------------------------------------------------------
// Spellings that must not show as differences

#[test]
fn checks_with_between_in_and_server_rewrites_diff_clean() {
    let Some((_t, mut db)) = fresh() else { return };
    run(
        db.as_mut(),
        "CREATE TABLE reviews (
            id INT PRIMARY KEY,
            rating INT NOT NULL,
            status VARCHAR(10) NOT NULL,
            body TEXT,
            CONSTRAINT ck_rating CHECK (rating BETWEEN 1 AND 5),
            CONSTRAINT ck_status CHECK (status IN ('draft', 'live', 'it''s')),
            CONSTRAINT ck_not CHECK (NOT (rating = 3) OR status != 'live'),
            CONSTRAINT ck_len CHECK (LENGTH(body) < 1000 AND UPPER(status) = status)
        )",
    );
    let mut t = table(
        "reviews",
        vec![
            not_null("id", "INT"),
            not_null("rating", "INT"),
            not_null("status", "VARCHAR(10)"),
            col("body", "TEXT"),
        ],
        &["id"],
    );
    t.checks = vec![
        check(Some("ck_rating"), "rating BETWEEN 1 AND 5"),
        check(Some("ck_status"), "status IN ('draft', 'live', 'it''s')"),
        check(Some("ck_not"), "NOT (rating = 3) OR status <> 'live'"),
        check(
            Some("ck_len"),
            "LENGTH(body) < 1000 AND UPPER(status) = status",
        ),
    ];
    assert_clean(db.as_mut(), &schema(vec![t.clone()]));
    // A real change is still seen.
    t.checks[0].expression = "rating BETWEEN 1 AND 10".into();
    let ops = plan(db.as_mut(), &schema(vec![t]));
    assert_eq!(ops.len(), 2, "{ops:#?}");
}

#[test]
fn column_level_checks_survive_alters_and_can_be_dropped() {
    let Some((_t, mut db)) = fresh() else { return };
    run(
        db.as_mut(),
        "CREATE TABLE scores (id INT PRIMARY KEY, rating INT CHECK (rating BETWEEN 1 AND 5), \
         label VARCHAR(10) CHECK (label <> ''))",
    );
    run(db.as_mut(), "INSERT INTO scores VALUES (1, 3, 'x')");
    let model = |rating: &str, label_check: bool| {
        let mut t = table(
            "scores",
            vec![
                not_null("id", "INT"),
                col("rating", rating),
                col("label", "VARCHAR(10)"),
            ],
            &["id"],
        );
        t.checks = vec![check(None, "rating BETWEEN 1 AND 5")];
        if label_check {
            t.checks.push(check(None, "label <> ''"));
        }
        schema(vec![t])
    };
    let before = model("INT", true);
    // MODIFY COLUMN would silently take the column's check with it.
    evolve(db.as_mut(), &before, &model("BIGINT", true), &["scores"]);
    assert!(db.execute("INSERT INTO scores VALUES (2, 9, 'y')").is_err());
    // DROP CONSTRAINT does not reach a column-level check.
    run(db.as_mut(), "DROP TABLE scores");
    run(
        db.as_mut(),
        "CREATE TABLE scores (id INT PRIMARY KEY, rating INT CHECK (rating BETWEEN 1 AND 5), \
         label VARCHAR(10) CHECK (label <> ''))",
    );
    evolve(db.as_mut(), &before, &model("INT", false), &["scores"]);
}

#[test]
fn foreign_key_index_is_no_difference_and_goes_with_its_key() {
    let Some((_t, mut db)) = fresh() else { return };
    run(db.as_mut(), "CREATE TABLE orgs (id INT PRIMARY KEY)");
    run(
        db.as_mut(),
        "CREATE TABLE teams (id INT PRIMARY KEY, org_id INT, FOREIGN KEY (org_id) REFERENCES orgs (id))",
    );
    run(db.as_mut(), "INSERT INTO orgs VALUES (1)");
    run(db.as_mut(), "INSERT INTO teams VALUES (1, 1)");
    let orgs = table("orgs", vec![not_null("id", "INT")], &["id"]);
    let teams = |with_fk: bool| {
        let mut t = table(
            "teams",
            vec![not_null("id", "INT"), col("org_id", "INT")],
            &["id"],
        );
        if with_fk {
            t.foreign_keys = vec![fk(None, &["org_id"], "orgs", &["id"])];
        }
        t
    };
    let with = schema(vec![orgs.clone(), teams(true)]);
    let without = schema(vec![orgs, teams(false)]);
    // The server named the index `org_id` and the key `teams_ibfk_1`.
    assert_clean(db.as_mut(), &with);
    let sql = evolve(db.as_mut(), &with, &without, &["orgs", "teams"]);
    assert_eq!(
        sql,
        vec![
            "ALTER TABLE teams DROP FOREIGN KEY teams_ibfk_1",
            "DROP INDEX org_id ON teams"
        ]
    );
}

#[test]
fn indexes_a_foreign_key_uses_are_replaced_around_the_key() {
    let Some((_t, mut db)) = fresh() else { return };
    let model = |comments: &[Index], uniques: &[Unique]| {
        let users = table("users", vec![not_null("id", "INT")], &["id"]);
        let mut c = table(
            "comments",
            vec![
                not_null("id", "INT"),
                not_null("user_id", "INT"),
                col("at", "DATETIME"),
            ],
            &["id"],
        );
        c.indexes = comments.to_vec();
        c.uniques = uniques.to_vec();
        c.foreign_keys = vec![fk(Some("fk_comments_user"), &["user_id"], "users", &["id"])];
        schema(vec![users, c])
    };
    // InnoDB's own index for the key, then a wider one that can serve it
    // (InnoDB drops its own index silently when that one is created).
    let plain = model(&[], &[]);
    let wide = model(
        &[index(Some("ix_comments_user_at"), &["user_id", "at"])],
        &[],
    );
    create(db.as_mut(), &plain);
    run(db.as_mut(), "INSERT INTO users VALUES (1)");
    run(
        db.as_mut(),
        "INSERT INTO comments VALUES (1, 1, NULL), (2, 1, NULL)",
    );
    let sql = evolve(db.as_mut(), &plain, &wide, &["users", "comments"]);
    assert_eq!(sql.len(), 4, "{sql:#?}");
    assert!(
        sql[0].contains("DROP FOREIGN KEY fk_comments_user"),
        "{sql:#?}"
    );
    // A unique key serving the key, then none: InnoDB's index comes back.
    let keyed = model(&[], &[unique(Some("uq_comments_user"), &["user_id"])]);
    run(db.as_mut(), "DELETE FROM comments WHERE id = 2");
    let up = plan(db.as_mut(), &keyed);
    apply(db.as_mut(), &up);
    evolve(db.as_mut(), &keyed, &plain, &["users", "comments"]);
}

#[test]
fn json_column_diffs_clean_and_round_trips() {
    let Some((_t, mut db)) = fresh() else { return };
    run(
        db.as_mut(),
        "CREATE TABLE docs (id INT PRIMARY KEY, body JSON NOT NULL, extra JSON)",
    );
    let model = schema(vec![table(
        "docs",
        vec![
            not_null("id", "INT"),
            not_null("body", "JSON"),
            col("extra", "JSON"),
        ],
        &["id"],
    )]);
    assert_clean(db.as_mut(), &model);
    // The server still validates what it stores.
    assert!(
        db.execute("INSERT INTO docs VALUES (1, 'not json', NULL)")
            .is_err()
    );
    round_trip(&model);
}

/// A JSON column's text is utf8mb4_bin; turning it LONGTEXT keeps that
/// (case-sensitive comparisons) instead of taking the table's default.
#[test]
fn json_turning_text_keeps_its_binary_collation() {
    let Some((_t, mut db)) = fresh() else { return };
    run(
        db.as_mut(),
        "CREATE TABLE docs (id INT PRIMARY KEY, body JSON) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci",
    );
    let model = |ty: &str| {
        schema(vec![table(
            "docs",
            vec![not_null("id", "INT"), col("body", ty)],
            &["id"],
        )])
    };
    let collation = |db: &mut dyn Database| {
        db.query(
            "SELECT CAST(COLLATION_NAME AS CHAR) FROM information_schema.COLUMNS \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'docs' AND COLUMN_NAME = 'body'",
        )
        .expect("collation")[0][0]
            .clone()
    };
    let up = plan(db.as_mut(), &model("LONGTEXT"));
    apply(db.as_mut(), &up);
    assert_clean(db.as_mut(), &model("LONGTEXT"));
    assert_eq!(collation(db.as_mut()).as_deref(), Some("utf8mb4_bin"));
    apply(db.as_mut(), &reverse_all(&up));
    assert_clean(db.as_mut(), &model("JSON"));
}

#[test]
fn serial_and_model_only_spellings_diff_clean() {
    let Some((_t, mut db)) = fresh() else { return };
    run(
        db.as_mut(),
        "CREATE TABLE things (id SERIAL, n NUMERIC, f FLOAT(30), b BOOL DEFAULT TRUE, \
         c CHARACTER VARYING(5) DEFAULT 0, at DATETIME(6) DEFAULT NOW(6))",
    );
    let model = schema(vec![table(
        "things",
        vec![
            col("id", "SERIAL"),
            col("n", "NUMERIC"),
            col("f", "FLOAT(30)"),
            with_default(col("b", "BOOL"), "TRUE"),
            with_default(col("c", "CHARACTER VARYING(5)"), "0"),
            with_default(col("at", "DATETIME(6)"), "CURRENT_TIMESTAMP(6)"),
        ],
        &[],
    )]);
    assert_clean(db.as_mut(), &model);
}

#[test]
fn enum_types_are_refused_with_a_reason() {
    let e = revise::schema::EnumType {
        schema: None,
        name: "mood".into(),
        values: vec!["happy".into()],
    };
    let err = dialect().render_op(&Op::CreateEnum(e)).unwrap_err();
    assert!(err.contains("ENUM"), "{err}");
}

#[test]
fn a_virtual_column_turning_plain_keeps_its_values_and_its_place() {
    let Some((_t, mut db)) = fresh() else { return };
    let model = |generated: bool| {
        let mut shout = col("shout", "VARCHAR(20)");
        if generated {
            shout.generated = Some(Box::new(Generated {
                expression: "upper(title)".into(),
                stored: false,
            }));
        }
        let mut t = table(
            "p",
            vec![
                not_null("id", "INT"),
                col("title", "VARCHAR(20)"),
                shout,
                col("z", "INT"),
            ],
            &["id"],
        );
        t.indexes = vec![index(Some("ix_p_shout"), &["shout"])];
        schema(vec![t])
    };
    create(db.as_mut(), &model(true));
    run(
        db.as_mut(),
        "INSERT INTO p (id, title) VALUES (1, 'ab'), (2, NULL)",
    );
    let values = |db: &mut dyn Database| {
        db.query("SELECT CAST(id AS CHAR), shout FROM p ORDER BY id")
            .expect("select")
    };
    let up = plan(db.as_mut(), &model(false));
    apply(db.as_mut(), &up);
    assert_clean(db.as_mut(), &model(false));
    // MODIFY would refuse (error 1907); the copy keeps what the column computed.
    assert_eq!(
        values(db.as_mut()),
        vec![
            vec![Some("1".to_string()), Some("AB".to_string())],
            vec![Some("2".to_string()), None],
        ]
    );
    let order: Vec<String> = current(db.as_mut()).tables[0]
        .columns
        .iter()
        .map(|c| c.name.clone())
        .collect();
    assert_eq!(order, ["id", "title", "shout", "z"]);
    // Back: the plain values give way to computed ones again.
    run(db.as_mut(), "UPDATE p SET shout = 'x'");
    apply(db.as_mut(), &reverse_all(&up));
    assert_clean(db.as_mut(), &model(true));
    assert_eq!(
        values(db.as_mut()),
        vec![
            vec![Some("1".to_string()), Some("AB".to_string())],
            vec![Some("2".to_string()), None],
        ]
    );
}

/// Turning a VIRTUAL column plain must not touch the rows otherwise: an
/// `UPDATE` copying the values would set every `ON UPDATE CURRENT_TIMESTAMP`
/// column to now and fire the table's UPDATE triggers.
#[test]
fn a_virtual_column_turning_plain_keeps_timestamps_and_fires_no_triggers() {
    let Some((_t, mut db)) = fresh() else { return };
    let model = |generated: bool| {
        let mut label = col("label", "VARCHAR(20)");
        if generated {
            label.generated = Some(Box::new(Generated {
                expression: "concat('#', qty)".into(),
                stored: false,
            }));
        }
        let mut updated = with_default(not_null("updated_at", "TIMESTAMP"), "CURRENT_TIMESTAMP");
        updated.on_update = Some("CURRENT_TIMESTAMP".into());
        let items = table(
            "items",
            vec![
                not_null("id", "INT"),
                not_null("qty", "INT"),
                label,
                updated,
            ],
            &["id"],
        );
        let audit = table("audit", vec![not_null("id", "INT")], &[]);
        schema(vec![items, audit])
    };
    create(db.as_mut(), &model(true));
    run(
        db.as_mut(),
        "CREATE TRIGGER tr BEFORE UPDATE ON items FOR EACH ROW INSERT INTO audit VALUES (OLD.id)",
    );
    run(
        db.as_mut(),
        "INSERT INTO items (id, qty, updated_at) VALUES (1, 5, '2020-01-01 00:00:00'), (2, 6, '2021-01-01 00:00:00')",
    );
    let rows = |db: &mut dyn Database| {
        db.query("SELECT CAST(id AS CHAR), label, CAST(updated_at AS CHAR) FROM items ORDER BY id")
            .expect("select")
    };
    let row = |id: &str, label: &str, at: &str| {
        vec![
            Some(id.to_string()),
            Some(label.to_string()),
            Some(at.to_string()),
        ]
    };
    let up = plan(db.as_mut(), &model(false));
    apply(db.as_mut(), &up);
    assert_clean(db.as_mut(), &model(false));
    assert_eq!(
        rows(db.as_mut()),
        vec![
            row("1", "#5", "2020-01-01 00:00:00"),
            row("2", "#6", "2021-01-01 00:00:00"),
        ]
    );
    assert_eq!(count(db.as_mut(), "audit"), 0, "an UPDATE trigger fired");
    apply(db.as_mut(), &reverse_all(&up));
    assert_clean(db.as_mut(), &model(true));
    assert_eq!(count(db.as_mut(), "audit"), 0, "an UPDATE trigger fired");
}

/// Columns land where the models put them, and the downgrade puts dropped
/// and replaced ones back where they were: `INSERT ... VALUES` without a
/// column list and `SELECT *` see the order (information_schema's
/// ORDINAL_POSITION).
#[test]
fn added_dropped_and_replaced_columns_keep_the_models_order() {
    let Some((_t, mut db)) = fresh() else { return };
    let order = |db: &mut dyn Database| -> Vec<String> {
        db.query(
            "SELECT CAST(COLUMN_NAME AS CHAR) FROM information_schema.COLUMNS \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't' ORDER BY ORDINAL_POSITION",
        )
        .expect("columns")
        .into_iter()
        .map(|r| r[0].clone().unwrap_or_default())
        .collect()
    };
    let virtual_or_stored = |stored: bool| {
        let mut c = col("g", "INT");
        c.generated = Some(Box::new(Generated {
            expression: "a + 1".into(),
            stored,
        }));
        c
    };
    let before = schema(vec![table(
        "t",
        vec![
            not_null("id", "INT"),
            col("a", "INT"),
            virtual_or_stored(false),
            col("b", "INT"),
            col("c", "INT"),
        ],
        &["id"],
    )]);
    let after = schema(vec![table(
        "t",
        vec![
            col("first", "INT"),
            not_null("id", "INT"),
            col("new1", "INT"),
            col("a", "INT"),
            virtual_or_stored(true),
            col("c", "INT"),
            col("z", "INT"),
        ],
        &["id"],
    )]);
    create(db.as_mut(), &before);
    run(
        db.as_mut(),
        "INSERT INTO t (id, a, b, c) VALUES (1, 2, 3, 4)",
    );
    let sql = evolve(db.as_mut(), &before, &after, &["t"]);
    // Only a column that does not go last says where it goes.
    assert!(
        sql.iter().any(|s| s.ends_with("ADD COLUMN z int NULL")),
        "{sql:#?}"
    );
    let up = plan(db.as_mut(), &after);
    apply(db.as_mut(), &up);
    assert_eq!(
        order(db.as_mut()),
        ["first", "id", "new1", "a", "g", "c", "z"]
    );
    apply(db.as_mut(), &reverse_all(&up));
    assert_eq!(order(db.as_mut()), ["id", "a", "g", "b", "c"]);
}

/// With lower_case_table_names = 0 (Linux's default) `UPPER` and `upper` are
/// two tables: models naming `upper` do not describe `UPPER`, and models may
/// hold both. Where the server folds table names, they are one.
#[test]
fn table_names_differ_by_case_as_the_server_says() {
    let Some((_t, mut db)) = fresh() else { return };
    let setting = db
        .query("SELECT CAST(@@lower_case_table_names AS CHAR)")
        .expect("read lower_case_table_names");
    let case_sensitive = setting[0][0].as_deref() == Some("0");
    run(db.as_mut(), "CREATE TABLE `UPPER` (id INT PRIMARY KEY)");
    assert_eq!(
        current(db.as_mut()).table_names_case_sensitive,
        Some(case_sensitive)
    );
    let lower = schema(vec![table("upper", vec![not_null("id", "INT")], &["id"])]);
    if !case_sensitive {
        assert_clean(db.as_mut(), &lower);
        return;
    }
    let ops = plan(db.as_mut(), &lower);
    let described: Vec<String> = ops.iter().map(Op::describe).collect();
    assert_eq!(described, ["drop table UPPER", "create table upper"]);
    apply(db.as_mut(), &ops);
    assert_clean(db.as_mut(), &lower);
    assert_eq!(count(db.as_mut(), "upper"), 0);

    let both = schema(vec![
        table("upper", vec![not_null("id", "INT")], &["id"]),
        table("UPPER", vec![not_null("id", "INT")], &["id"]),
    ]);
    let ops = plan(db.as_mut(), &both);
    let described: Vec<String> = ops.iter().map(Op::describe).collect();
    assert_eq!(described, ["create table UPPER"]);
    apply(db.as_mut(), &ops);
    assert_clean(db.as_mut(), &both);
}

/// MariaDB prints a binary default as its raw bytes inside quotes (NUL as
/// `\0`, other control bytes as they are); `revise schema` and revision files
/// show them as hex literals instead.
#[test]
fn binary_defaults_print_as_hex() {
    let Some((_t, mut db)) = fresh() else { return };
    run(
        db.as_mut(),
        "CREATE TABLE b (id INT PRIMARY KEY, pad BINARY(2) DEFAULT X'0000', \
         raw VARBINARY(4) DEFAULT 0x0001, a VARBINARY(4) DEFAULT 0x41)",
    );
    let ddl = revise::autogen::render_schema(dialect(), &current(db.as_mut())).unwrap();
    for wanted in [
        "pad binary(2) NULL DEFAULT x'0000'",
        "raw varbinary(4) NULL DEFAULT x'0001'",
        "a varbinary(4) NULL DEFAULT x'41'",
    ] {
        assert!(ddl.contains(wanted), "{wanted} in\n{ddl}");
    }
    assert!(
        !ddl.chars().any(|c| c.is_control() && c != '\n'),
        "control characters in\n{ddl:?}"
    );
}

/// What introspection records of the server's UNIQUE keys over a whole TEXT
/// column is what the server does: MariaDB 10.4+ builds one (through a
/// hidden hash), MySQL refuses it with ERROR 1170.
#[test]
fn a_unique_key_over_text_follows_the_server() {
    let Some((_t, mut db)) = fresh() else { return };
    let built = db
        .execute("CREATE TABLE notes (body TEXT, UNIQUE KEY uq_body (body))")
        .is_ok();
    assert_eq!(current(db.as_mut()).unique_keys_on_whole_text, Some(built));
    // A PRIMARY KEY over a whole TEXT column neither server builds.
    let e = db
        .execute("CREATE TABLE pk_text (id TEXT NOT NULL PRIMARY KEY)")
        .unwrap_err();
    assert!(e.contains("1170") || e.contains("key length"), "{e}");
}

/// A TEXT column whole in a primary key or a plain index fails on both
/// servers (ERROR 1170; MariaDB picks a prefix for the index, which never
/// matches the models): autogenerate refuses it by name and writes nothing.
/// A prefix index is written and compares clean; a UNIQUE key over the
/// whole column is written where the server builds it (MariaDB 10.4+) and
/// refused where it does not.
#[test]
fn keys_over_whole_text_columns_are_refused_through_the_cli() {
    let Some(db) = TestDb::new(DialectKind::Mysql) else {
        return;
    };
    let env = sql_env(&db, "CREATE TABLE docs (id TEXT NOT NULL PRIMARY KEY);\n");
    let dir = env.path();
    fails(
        dir,
        &["autogenerate", "-m", "docs"],
        "cannot create the PRIMARY KEY of docs: its column id is text, which MySQL cannot key \
         without a prefix length (ERROR 1170); give id a CHAR(N) or VARCHAR(N) type",
    );
    let table = "CREATE TABLE docs (id INT NOT NULL PRIMARY KEY, body TEXT, data BLOB";
    std::fs::write(
        dir.join("schema.sql"),
        format!("{table}, KEY ix_body (body));\n"),
    )
    .unwrap();
    let err = fails(
        dir,
        &["autogenerate", "-m", "docs"],
        "cannot create index ix_body of docs: its column body is text",
    );
    assert!(err.ends_with("or index a prefix of it: (body(N))"), "{err}");
    assert_eq!(revision_files(dir).len(), 0);
    assert_eq!(db.user_tables(), Vec::<String>::new());

    std::fs::write(
        dir.join("schema.sql"),
        format!("{table}, KEY ix_body (body(100)));\n"),
    )
    .unwrap();
    ok(dir, &["autogenerate", "-m", "docs"]);
    ok(dir, &["upgrade"]);
    let o = revise(dir, &["check"]);
    assert_eq!(o.code, 0, "{}\n{}", o.stdout, o.stderr);

    // What the server does with such a key, asked of it directly.
    let mut conn = db.connect();
    let hashes = conn
        .execute("CREATE TABLE probe (b BLOB, UNIQUE KEY (b))")
        .is_ok();
    conn.execute("DROP TABLE IF EXISTS probe").unwrap();
    std::fs::write(
        dir.join("schema.sql"),
        format!("{table}, KEY ix_body (body(100)), UNIQUE KEY uq_data (data));\n"),
    )
    .unwrap();
    let o = revise(dir, &["autogenerate", "-m", "unique data"]);
    if hashes {
        assert_eq!(o.code, 0, "{}", o.stderr);
        ok(dir, &["upgrade"]);
        let o = revise(dir, &["check"]);
        assert_eq!(o.code, 0, "{}\n{}", o.stdout, o.stderr);
    } else {
        assert_eq!(o.code, 2, "{}", o.stderr);
        assert!(
            o.stderr
                .contains("cannot create UNIQUE KEY uq_data of docs: its column data is blob"),
            "{}",
            o.stderr
        );
        assert_eq!(revision_files(dir).len(), 1, "only the first revision");
    }
}

// ---------------------------------------------------------------------------
// Model text as written, against what the server made of it

/// Runs the statements of `ddl` as written, as the mysql client would.
fn load(db: &mut dyn Database, ddl: &str) {
    for stmt in revise::script::split::split_statements(ddl, DialectKind::Mysql).unwrap() {
        run(db, &stmt.sql);
    }
}

/// `revise check` in `dir` finds the database matching its models.
fn check_clean(dir: &std::path::Path) {
    let o = revise(dir, &["check"]);
    assert_eq!(o.code, 0, "check drifts:\n{}\n{}", o.stdout, o.stderr);
}

/// `ddl` as the models of two fresh databases, each first given `prepare`
/// (SQL with `{db}` for the database's quoted name): one loaded with the
/// same text, which `check` finds matching; one filled from empty by
/// autogenerate and upgrade, which `check` finds matching too, and where a
/// second autogenerate writes nothing. Returns the second database and its
/// environment, for the caller to look into; `None` when the server is
/// unreachable.
fn same_text_both_ways(ddl: &str, prepare: &str) -> Option<(TestDb, tempfile::TempDir)> {
    let prepared = || -> Option<TestDb> {
        let db = TestDb::new(DialectKind::Mysql)?;
        if !prepare.is_empty() {
            let name = dialect().quote_ident(&db.url.database());
            run(db.connect().as_mut(), &prepare.replace("{db}", &name));
        }
        Some(db)
    };
    let loaded = prepared()?;
    load(loaded.connect().as_mut(), ddl);
    let env = sql_env(&loaded, ddl);
    check_clean(env.path());

    let generated = prepared()?;
    let env = sql_env(&generated, ddl);
    let dir = env.path();
    ok(dir, &["autogenerate", "-m", "init"]);
    ok(dir, &["upgrade"]);
    check_clean(dir);
    let again = ok(dir, &["autogenerate", "-m", "again"]);
    assert!(
        again.stdout.contains("no changes detected")
            || again.stderr.contains("no changes detected"),
        "{}\n{}",
        again.stdout,
        again.stderr
    );
    assert_eq!(
        revision_files(dir).len(),
        1,
        "a second revision was written"
    );
    Some((generated, env))
}

/// A MySQL 5.x dump spells utf8mb3 `utf8`, which MariaDB 10.6+ reports as
/// `utf8mb3`: no difference, before or after an upgrade.
#[test]
fn utf8_spellings_match_the_utf8mb3_the_server_reports() {
    let ddl = "CREATE TABLE e (id int NOT NULL PRIMARY KEY,
        event_id CHAR(36) COLLATE utf8_bin NOT NULL,
        note varchar(20) CHARACTER SET utf8 COLLATE utf8_unicode_ci,
        body text
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8 COLLATE=utf8_bin;\n";
    let Some((db, _env)) = same_text_both_ways(ddl, "") else {
        return;
    };
    let collations = db.column(
        "SELECT CAST(COLLATION_NAME AS CHAR) FROM information_schema.COLUMNS \
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'e' AND COLLATION_NAME IS NOT NULL \
         ORDER BY ORDINAL_POSITION",
    );
    let utf8 = |c: &str| c.replace("utf8mb3_", "utf8_");
    let got: Vec<String> = collations.iter().map(|c| utf8(c)).collect();
    assert_eq!(got, ["utf8_bin", "utf8_unicode_ci", "utf8_bin"]);
}

/// The character set and collation of each text column of `table`, in order,
/// and the table's collation last.
fn encodings(db: &TestDb, table: &str) -> Vec<String> {
    let mut out = db.column(&format!(
        "SELECT CAST(CONCAT(COLUMN_NAME, ' ', CHARACTER_SET_NAME, ' ', COLLATION_NAME) AS CHAR) \
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() \
         AND TABLE_NAME = '{table}' AND COLLATION_NAME IS NOT NULL ORDER BY ORDINAL_POSITION"
    ));
    out.extend(db.column(&format!(
        "SELECT CAST(TABLE_COLLATION AS CHAR) FROM information_schema.TABLES \
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{table}'"
    )));
    out
}

/// A table's `DEFAULT CHARSET=utf8mb4` and a column's `CHARACTER SET ascii`
/// without COLLATE are their character sets' default collations: on a
/// latin1 database the table is created utf8mb4 and takes a 4-byte
/// character, and a latin1 table is a difference from such models.
#[test]
fn a_character_set_without_collation_is_created_as_the_models_ask() {
    let ddl = "CREATE TABLE `posts` (`id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
        `title` varchar(200) NOT NULL DEFAULT '', `body` longtext NOT NULL,
        `code` varchar(10) CHARACTER SET ascii,
        PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n";
    let latin1 = "ALTER DATABASE {db} CHARACTER SET latin1 COLLATE latin1_swedish_ci";
    let Some((db, env)) = same_text_both_ways(ddl, latin1) else {
        return;
    };
    let utf8mb4 = db.column(
        "SELECT CAST(DEFAULT_COLLATE_NAME AS CHAR) FROM information_schema.CHARACTER_SETS \
         WHERE CHARACTER_SET_NAME = 'utf8mb4'",
    );
    let utf8mb4 = &utf8mb4[0];
    assert_eq!(
        encodings(&db, "posts"),
        [
            format!("title utf8mb4 {utf8mb4}"),
            format!("body utf8mb4 {utf8mb4}"),
            "code ascii ascii_general_ci".to_string(),
            utf8mb4.clone(),
        ]
    );
    let mut conn = db.connect();
    run(
        conn.as_mut(),
        "INSERT INTO posts (title, body, code) VALUES ('😀', 'x', 'ab')",
    );
    assert_eq!(db.column("SELECT title FROM posts"), ["😀"]);

    // The same table in the database's latin1 differs from the models.
    run(conn.as_mut(), "DROP TABLE posts");
    run(
        conn.as_mut(),
        "CREATE TABLE posts (id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, \
         title varchar(200) NOT NULL DEFAULT '', body longtext NOT NULL, code varchar(10))",
    );
    let o = revise(env.path(), &["check"]);
    assert_eq!(o.code, 1, "{}\n{}", o.stdout, o.stderr);
    assert!(o.stdout.contains(utf8mb4.as_str()), "{}", o.stdout);
}

/// A table's own `COLLATE=` is written and compared although some columns
/// name a CHARACTER SET of their own, which those columns keep (a column's
/// character set takes its default collation, not the table's, even where
/// the two agree).
#[test]
fn a_table_collation_holds_beside_columns_of_their_own_character_set() {
    let ddl = "CREATE TABLE t2 (id int NOT NULL, a varchar(10) CHARACTER SET utf8mb4 NOT NULL,
        b varchar(10) CHARACTER SET ascii, c varchar(10), PRIMARY KEY (id))
        ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;\n";
    let latin1 = "ALTER DATABASE {db} CHARACTER SET latin1 COLLATE latin1_swedish_ci";
    let Some((db, env)) = same_text_both_ways(ddl, latin1) else {
        return;
    };
    let utf8mb4 = db.column(
        "SELECT CAST(DEFAULT_COLLATE_NAME AS CHAR) FROM information_schema.CHARACTER_SETS \
         WHERE CHARACTER_SET_NAME = 'utf8mb4'",
    );
    assert_eq!(
        encodings(&db, "t2"),
        [
            format!("a utf8mb4 {}", utf8mb4[0]),
            "b ascii ascii_general_ci".to_string(),
            "c utf8mb4 utf8mb4_unicode_ci".to_string(),
            "utf8mb4_unicode_ci".to_string(),
        ]
    );
    // The table's default alone changed is a difference.
    run(
        db.connect().as_mut(),
        "ALTER TABLE t2 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
    );
    let o = revise(env.path(), &["check"]);
    assert_eq!(o.code, 1, "{}\n{}", o.stdout, o.stderr);
}

/// Navicat writes `CURRENT_TIMESTAMP(0)` on every timestamp column, which
/// MariaDB stores as `current_timestamp()`; `now(0)` and the other clocks
/// alike.
#[test]
fn clocks_with_zero_fractional_digits_match_the_call_without() {
    let ddl = "CREATE TABLE o (id int NOT NULL PRIMARY KEY,
        expiresAt timestamp(0) NOT NULL DEFAULT CURRENT_TIMESTAMP(0) ON UPDATE CURRENT_TIMESTAMP(0),
        seen datetime DEFAULT now(0) ON UPDATE localtimestamp(0),
        at_time time DEFAULT curtime(0));\n";
    same_text_both_ways(ddl, "");
}

/// A hex or bit literal default of a number column is that number: MariaDB
/// stores `int DEFAULT 0x10` as 16 and refuses `DEFAULT x'10'` (ERROR 1067),
/// which would fail the upgrade.
#[test]
fn hex_and_bit_defaults_of_numbers_are_numbers() {
    let ddl = "CREATE TABLE n (id int NOT NULL PRIMARY KEY, i2 int DEFAULT 0x10,
        b5 int DEFAULT b'101', d decimal(5,2) DEFAULT 0x10, y year DEFAULT 0x10,
        big bigint unsigned DEFAULT 0xffffffffffffffff);\n";
    let Some((db, _env)) = same_text_both_ways(ddl, "") else {
        return;
    };
    assert_eq!(
        db.column(
            "SELECT CAST(COLUMN_DEFAULT AS CHAR) FROM information_schema.COLUMNS \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'n' AND COLUMN_NAME <> 'id' \
             ORDER BY ORDINAL_POSITION"
        ),
        ["16", "5", "16.00", "2016", "18446744073709551615"]
    );
}

/// What MariaDB strips or works out when it stores a column: trailing
/// spaces of ENUM and SET members and of a CHAR default (not a VARCHAR's),
/// a DECIMAL default's exponent, a FLOAT default's negative zero.
#[test]
fn members_and_defaults_the_server_tidies_match_as_written() {
    let ddl = "CREATE TABLE n (id int NOT NULL PRIMARY KEY,
        e enum('a ','b') DEFAULT 'a ', s set('x ','y'),
        c char(5) DEFAULT 'ab  ', vc varchar(5) DEFAULT 'ab  ',
        dd decimal(5,2) DEFAULT 1e1, dn decimal(6,3) DEFAULT -1.5e-2,
        ff float DEFAULT -0, fd double DEFAULT -0.0);\n";
    same_text_both_ways(ddl, "");
}

// ---------------------------------------------------------------------------
// MariaDB sequences

/// Whether the server has sequences: MariaDB 10.3 and later.
fn has_sequences(db: &TestDb) -> bool {
    let version = db.column("SELECT CAST(VERSION() AS CHAR)");
    revise::source::sql::Server::from_version_text(&version[0])
        .is_some_and(|s| s.mariadb && s.version >= 100_300)
}

/// The names of the database's sequences, sorted.
fn sequences(db: &TestDb) -> Vec<String> {
    db.column(
        "SELECT CAST(TABLE_NAME AS CHAR) FROM information_schema.TABLES \
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'SEQUENCE' ORDER BY 1",
    )
}

/// The text of the one revision in `dir`.
fn revision_text(dir: &std::path::Path) -> String {
    let versions = dir.join("migrations/versions");
    let file = std::fs::read_dir(&versions)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "sql"))
        .expect("a revision");
    std::fs::read_to_string(file).unwrap()
}

/// `SELECT` of `sql` as rows of text, `|` between columns.
fn rows(db: &TestDb, sql: &str) -> Vec<String> {
    db.connect()
        .query(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .into_iter()
        .map(|r| {
            r.into_iter()
                .map(|c| c.unwrap_or_else(|| "NULL".into()))
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect()
}

const SEQUENCE_MODELS: &str = "CREATE SEQUENCE s START WITH 5;
CREATE SEQUENCE `Odd Seq` INCREMENT = 3 MINVALUE 2 MAXVALUE 1000 START WITH 2 CACHE 10 CYCLE;
CREATE SEQUENCE MySeq START 100 NOCACHE;
CREATE TABLE a (
  id int PRIMARY KEY DEFAULT nextval(s),
  b int DEFAULT (NEXT VALUE FOR `Odd Seq`),
  c bigint DEFAULT nextval(`MySeq`),
  d int
);
";

/// Sequences written in the models (MariaDB's spellings, a name with a
/// space, one with capitals) are created with their options before the
/// table that draws from them and dropped after it; the defaults, which the
/// server stores with the database in front, compare clean both when the
/// text is loaded as it is and when autogenerate builds it. On MySQL the
/// models are refused at the CREATE SEQUENCE line.
#[test]
fn mariadb_sequences_round_trip_through_the_cli() {
    let Some(probe) = TestDb::new(DialectKind::Mysql) else {
        return;
    };
    if !has_sequences(&probe) {
        let env = sql_env(&probe, SEQUENCE_MODELS);
        fails(
            env.path(),
            &["autogenerate", "-m", "init"],
            "schema.sql:1: CREATE SEQUENCE s: MySQL",
        );
        assert_eq!(revision_files(env.path()).len(), 0);
        return;
    }
    drop(probe);
    let Some((db, env)) = same_text_both_ways(SEQUENCE_MODELS, "") else {
        return;
    };
    let dir = env.path();
    let revision = revision_text(dir);
    let (up, down) = revision.split_once("-- revise:downgrade").unwrap();
    let at = |text: &str, what: &str| {
        text.find(what)
            .unwrap_or_else(|| panic!("no {what} in:\n{text}"))
    };
    assert!(at(up, "CREATE SEQUENCE s START WITH 5;") < at(up, "CREATE TABLE a"));
    assert!(
        up.contains(
            "CREATE SEQUENCE `Odd Seq` INCREMENT BY 3 MINVALUE 2 MAXVALUE 1000 START WITH 2 CACHE 10 CYCLE;"
        ),
        "{up}"
    );
    assert!(up.contains("DEFAULT (nextval(MySeq))"), "{up}");
    assert!(at(down, "DROP TABLE a;") < at(down, "DROP SEQUENCE MySeq;"));
    assert_eq!(sequences(&db), ["MySeq", "Odd Seq", "s"]);

    // The options were the models': each sequence starts where they say.
    run(db.connect().as_mut(), "INSERT INTO a (d) VALUES (1), (2)");
    assert_eq!(
        rows(
            &db,
            "SELECT CAST(id AS CHAR), CAST(b AS CHAR), CAST(c AS CHAR) FROM a ORDER BY id"
        ),
        ["5|2|100", "6|5|101"]
    );

    ok(dir, &["downgrade", "base"]);
    assert_eq!(sequences(&db), Vec::<String>::new());
    assert_eq!(db.user_tables(), Vec::<String>::new());
}

/// A sequence is no table: introspection lists it among the sequences (its
/// state columns are no table's), and leaves it alone when the models leave
/// it out or give it other options, which are not compared.
#[test]
fn a_live_sequence_is_no_table_and_stays_as_it_is() {
    let Some((t, mut db)) = fresh() else { return };
    if !has_sequences(&t) {
        return;
    }
    run(db.as_mut(), "CREATE SEQUENCE audit_no START WITH 7");
    run(
        db.as_mut(),
        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY DEFAULT nextval(audit_no))",
    );
    let live = current(db.as_mut());
    let tables: Vec<&str> = live.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(tables, ["t"]);
    let names: Vec<&str> = live.sequences.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["audit_no"]);
    assert_eq!(
        live.tables[0].columns[0].default.as_deref(),
        Some("nextval(audit_no)")
    );

    let t_model = table(
        "t",
        vec![with_default(not_null("id", "INT"), "nextval(audit_no)")],
        &["id"],
    );
    assert_clean(db.as_mut(), &schema(vec![t_model.clone()]));
    let mut other_options = schema(vec![t_model]);
    other_options.sequences = vec![revise::schema::Sequence {
        name: "audit_no".into(),
        options: Some(" START WITH 1000 INCREMENT BY 2".into()),
        ..Default::default()
    }];
    assert_clean(db.as_mut(), &other_options);
    // And a sequence the database lacks is created before its table.
    let mut new = other_options.clone();
    new.sequences[0].name = "invoice_no".into();
    new.tables[0].columns[0].default = Some("nextval(invoice_no)".into());
    let ops = plan(db.as_mut(), &new);
    let sql = apply(db.as_mut(), &ops);
    assert_eq!(
        sql,
        [
            "CREATE SEQUENCE invoice_no START WITH 1000 INCREMENT BY 2",
            "ALTER TABLE t MODIFY COLUMN id int NOT NULL DEFAULT (nextval(invoice_no))"
        ]
    );
    assert_clean(db.as_mut(), &new);
    assert_eq!(sequences(&t), ["audit_no", "invoice_no"]);
}

/// What `mariadb-dump --no-data shop` (10.11) writes for a sequence and a
/// table drawing from two.
const SEQUENCE_DUMP: &str = "/*M!999999\\- enable the sandbox mode */ 
-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: 127.0.0.1    Database: shop
-- ------------------------------------------------------
-- Server version	10.11.19-MariaDB-0+deb12u1

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET NAMES utf8mb4 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;

--
-- Sequence structure for `Odd Seq`
--

DROP SEQUENCE IF EXISTS `Odd Seq`;
CREATE SEQUENCE `Odd Seq` start with 2 minvalue 2 maxvalue 1000 increment by 3 cache 10 cycle ENGINE=InnoDB;
DO SETVAL(`Odd Seq`, 2, 0);

--
-- Sequence structure for `s`
--

DROP SEQUENCE IF EXISTS `s`;
CREATE SEQUENCE `s` start with 5 minvalue 1 maxvalue 9223372036854775806 increment by 1 cache 1000 nocycle ENGINE=InnoDB;
DO SETVAL(`s`, 5, 0);

--
-- Table structure for table `a`
--

DROP TABLE IF EXISTS `a`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `a` (
  `id` int(11) NOT NULL DEFAULT nextval(`shop`.`s`),
  `b` int(11) DEFAULT nextval(`shop`.`Odd Seq`),
  `c` int(11) DEFAULT lastval(`shop`.`s`),
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;

-- Dump completed on 2026-11-25 14:21:59
";

/// A mariadb-dump of database `shop` is the models of a database of
/// another name: autogenerate creates the sequences (quietly: the dump's
/// DROP and SETVAL are boilerplate), the table draws from this database's
/// own, and `check` is clean. Loaded into the database it names (here, the
/// text with this database's name), it compares clean too.
#[test]
fn a_mariadb_dump_of_sequences_round_trips() {
    let Some(db) = TestDb::new(DialectKind::Mysql) else {
        return;
    };
    if !has_sequences(&db) {
        return;
    }
    let env = sql_env(&db, SEQUENCE_DUMP);
    let dir = env.path();
    let o = ok(dir, &["autogenerate", "-m", "from dump"]);
    assert!(!o.stderr.contains("skipped"), "{}", o.stderr);
    ok(dir, &["upgrade"]);
    check_clean(dir);
    let again = ok(dir, &["autogenerate", "-m", "again"]);
    assert!(
        again.stderr.contains("no changes detected"),
        "{}",
        again.stderr
    );
    let name = db.url.database().to_string();
    assert_eq!(
        db.column(
            "SELECT CAST(COLUMN_DEFAULT AS CHAR) FROM information_schema.COLUMNS \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'a' ORDER BY ORDINAL_POSITION"
        ),
        [
            format!("nextval(`{name}`.`s`)"),
            format!("nextval(`{name}`.`Odd Seq`)"),
            format!("lastval(`{name}`.`s`)"),
        ]
    );
    run(db.connect().as_mut(), "INSERT INTO a () VALUES (), ()");
    assert_eq!(
        rows(
            &db,
            "SELECT CAST(id AS CHAR), CAST(b AS CHAR), CAST(c AS CHAR) FROM a ORDER BY id"
        ),
        ["5|2|5", "6|5|6"]
    );
    ok(dir, &["downgrade", "base"]);
    assert_eq!(sequences(&db), Vec::<String>::new());

    let Some(restored) = TestDb::new(DialectKind::Mysql) else {
        return;
    };
    // Without the lines that are executable comments whole (session
    // settings and the mariadb client's sandbox line), which the statement
    // splitter does not read as the server does.
    let own: String = SEQUENCE_DUMP
        .lines()
        .filter(|l| !l.starts_with("/*"))
        .map(|l| format!("{l}\n"))
        .collect();
    let own = own.replace("`shop`", &format!("`{}`", restored.url.database()));
    load(restored.connect().as_mut(), &own);
    assert_eq!(sequences(&restored), ["Odd Seq", "s"]);
    let env = sql_env(&restored, SEQUENCE_DUMP);
    check_clean(env.path());
}

// MySQL and MariaDB syntax that dumps and hand-written models use

/// Takes the environment's revisions all the way down: nothing of the
/// models is left.
fn downgrade_to_base(db: &TestDb, dir: &std::path::Path) {
    ok(dir, &["downgrade", "base"]);
    assert_eq!(db.user_tables(), Vec::<String>::new());
}

/// Whether the test server is MariaDB of `version` (10.6 is 100600) or
/// later; if not (or unreachable), the test that needs it for `what` says it
/// is skipped.
fn mariadb_at_least(version: u32, what: &str) -> bool {
    let Some(probe) = TestDb::new(DialectKind::Mysql) else {
        return false;
    };
    let text = probe.column("SELECT CAST(VERSION() AS CHAR)");
    let server = revise::source::sql::Server::from_version_text(&text[0]);
    let fits = server.is_some_and(|s| s.mariadb && s.version >= version);
    if !fits {
        eprintln!("skipped: {what} need MariaDB {version} or later, not {text:?}");
    }
    fits
}

/// Each index of the test database as `table.index ignored comment`.
fn index_flags(db: &TestDb) -> Vec<String> {
    db.column(
        "SELECT DISTINCT CAST(CONCAT(TABLE_NAME, '.', INDEX_NAME, ' ', IGNORED, ' ', INDEX_COMMENT) AS CHAR) \
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() \
         AND TABLE_NAME NOT LIKE 'revise%' AND INDEX_NAME <> 'PRIMARY' ORDER BY 1",
    )
}

/// MariaDB 10.6's ignored indexes (`IGNORED`, `NOT IGNORED`; MySQL 8's
/// `INVISIBLE` and `VISIBLE`, which MariaDB refuses, read alike) and index
/// comments, on plain, unique and full-text keys and in `CREATE INDEX`, are
/// created as written and compare clean; an index that only turns ignored
/// or back is altered in place, both ways.
#[test]
fn index_comments_and_ignored_indexes_round_trip_and_flip_in_place() {
    let models = |k: &str, v: &str| {
        format!(
            "CREATE TABLE a (id int PRIMARY KEY, n varchar(10), m int, b text,
            KEY k (n) {k},
            UNIQUE KEY v (m, n) {v},
            KEY c (n) USING BTREE COMMENT \"why n\",
            UNIQUE KEY u (m) COMMENT 'one m' IGNORED,
            FULLTEXT KEY ft (b) IGNORED);
            CREATE INDEX later ON a (m, n) COMMENT 'made later' NOT IGNORED;\n"
        )
    };
    // The models are loaded as written too, in MariaDB's words.
    if !mariadb_at_least(100600, "ignored indexes") {
        return;
    }
    let ddl = models("IGNORED", "");
    let Some((db, env)) = same_text_both_ways(&ddl, "") else {
        return;
    };
    assert_eq!(
        index_flags(&db),
        [
            "a.c NO why n",
            "a.ft YES ",
            "a.k YES ",
            "a.later NO made later",
            "a.u YES one m",
            "a.v NO ",
        ]
    );
    let dir = env.path();
    // A unique key, compared as a unique constraint until it is ignored,
    // flips in place too.
    std::fs::write(dir.join("schema.sql"), models("NOT IGNORED", "IGNORED")).unwrap();
    ok(dir, &["autogenerate", "-m", "use k"]);
    let written = revision_texts(dir);
    let flip = &written[1];
    assert!(flip.contains("ALTER INDEX k"), "{flip}");
    assert!(flip.contains("ALTER INDEX v"), "{flip}");
    assert!(!flip.contains("DROP INDEX"), "{flip}");
    ok(dir, &["upgrade"]);
    check_clean(dir);
    let flags = index_flags(&db);
    assert!(flags.contains(&"a.k NO ".to_string()), "{flags:?}");
    assert!(flags.contains(&"a.v YES ".to_string()), "{flags:?}");
    // MySQL's word for it is the same flag.
    std::fs::write(dir.join("schema.sql"), models("INVISIBLE", "IGNORED")).unwrap();
    ok(dir, &["autogenerate", "-m", "ignore k"]);
    assert!(revision_texts(dir)[2].contains("ALTER INDEX k"));
    ok(dir, &["upgrade"]);
    check_clean(dir);
    assert!(index_flags(&db).contains(&"a.k YES ".to_string()));
    ok(dir, &["downgrade", "-1"]);
    assert!(index_flags(&db).contains(&"a.k NO ".to_string()));
    ok(dir, &["downgrade", "-1"]);
    let flags = index_flags(&db);
    assert!(flags.contains(&"a.k YES ".to_string()), "{flags:?}");
    assert!(flags.contains(&"a.v NO ".to_string()), "{flags:?}");
    check_clean_against(dir, &models("IGNORED", ""));
    downgrade_to_base(&db, dir);
}

/// `revise check` in `dir` finds the database matching `models` (written as
/// its models first).
fn check_clean_against(dir: &std::path::Path, models: &str) {
    std::fs::write(dir.join("schema.sql"), models).unwrap();
    check_clean(dir);
}

/// The rest of what dumps and hand-written models write that sqlparser
/// does not read: a column's `CHARSET` (compared as its `CHARACTER SET`),
/// `NATIONAL VARCHAR` and `NCHAR` (utf8mb3 whatever the table's character
/// set), `"..."` strings, MariaDB's column `COMPRESSED` (kept: a `MODIFY`
/// without it would decompress), and storage options the models do not
/// keep (`KEY_BLOCK_SIZE`, Aria's `PAGE_CHECKSUM` and `TRANSACTIONAL`, an
/// engine-defined option as mariadb-dump quotes it).
#[test]
fn dump_spellings_and_storage_options_round_trip() {
    let ddl = "CREATE TABLE a (id int PRIMARY KEY COMMENT \"hello\", n national varchar(10),
        c nchar(3), l varchar(10) CHARSET latin1, s varchar(5) DEFAULT \"it's\",
        z mediumtext COMPRESSED, KEY k (n) KEY_BLOCK_SIZE=8) COMMENT=\"tee\";
        CREATE TABLE aria (id int PRIMARY KEY) ENGINE=Aria PAGE_CHECKSUM=1 TRANSACTIONAL=1;
        CREATE TABLE e (id int PRIMARY KEY) ENGINE=InnoDB `ENCRYPTED`='NO';\n";
    // Loaded as written too: Aria, COMPRESSED and utf8mb3 are MariaDB's.
    if !mariadb_at_least(100600, "Aria and column compression") {
        return;
    }
    let Some((db, env)) = same_text_both_ways(ddl, "") else {
        return;
    };
    assert_eq!(
        encodings(&db, "a")[..4],
        [
            "n utf8mb3 utf8mb3_general_ci",
            "c utf8mb3 utf8mb3_general_ci",
            "l latin1 latin1_swedish_ci",
            "s utf8mb4 utf8mb4_general_ci",
        ]
    );
    assert_eq!(
        db.column(
            "SELECT CAST(CONCAT(COLUMN_NAME, ' ', COLUMN_TYPE, ' ', COLUMN_COMMENT, ' ', \
             IFNULL(COLUMN_DEFAULT, '-')) AS CHAR) FROM information_schema.COLUMNS \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'a' \
             AND COLUMN_NAME IN ('id', 's', 'z') ORDER BY ORDINAL_POSITION"
        ),
        [
            "id int(11) hello -",
            "s varchar(5)  'it''s'",
            "z mediumtext /*M!100301 COMPRESSED*/  NULL",
        ]
    );
    let o = revise(env.path(), &["check"]);
    for warning in [
        "index k on a: `KEY_BLOCK_SIZE=8` is not modelled; ignored",
        "table e: option `ENCRYPTED='NO'` is not modelled; ignored",
    ] {
        assert!(o.stderr.contains(warning), "{warning}\n{}", o.stderr);
    }
    // Aria's defaults, which mariadb-dump writes for every Aria table.
    assert!(!o.stderr.contains("table aria:"), "{}", o.stderr);
    downgrade_to_base(&db, env.path());
}

/// Legacy column attributes: `BINARY` (the `_bin` collation of the
/// column's or the table's character set), `ASCII` (latin1), `UNICODE`
/// (ucs2), `BYTE` (the binary type) and `SERIAL DEFAULT VALUE` (`NOT NULL
/// AUTO_INCREMENT UNIQUE`): loaded as written or created from empty, they
/// compare clean, and the revision makes what the server makes of them.
#[test]
fn legacy_column_attributes_round_trip() {
    let ddl = "CREATE TABLE t (id int SERIAL DEFAULT VALUE, a varchar(10) BINARY,
        b varchar(10) ASCII, c char(3) UNICODE, d char(10) BYTE, e varchar(5) BYTE,
        f text BYTE, g varchar(5) UNICODE BINARY) DEFAULT CHARSET=utf8mb4;\n";
    let Some((db, env)) = same_text_both_ways(ddl, "") else {
        return;
    };
    assert_eq!(
        db.column(
            "SELECT CAST(CONCAT(COLUMN_NAME, ' ', COLUMN_TYPE, ' ', IS_NULLABLE, ' ', \
             IFNULL(COLLATION_NAME, '-'), ' ', EXTRA) AS CHAR) FROM information_schema.COLUMNS \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't' ORDER BY ORDINAL_POSITION"
        ),
        [
            "id int(11) NO - auto_increment",
            "a varchar(10) YES utf8mb4_bin ",
            "b varchar(10) YES latin1_swedish_ci ",
            "c char(3) YES ucs2_general_ci ",
            "d binary(10) YES - ",
            "e varbinary(5) YES - ",
            "f blob YES - ",
            "g varchar(5) YES ucs2_bin ",
        ]
    );
    assert_eq!(
        db.column(
            "SELECT CAST(CONCAT(NON_UNIQUE, ' ', COLUMN_NAME) AS CHAR) FROM information_schema.STATISTICS \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't'"
        ),
        ["0 id"],
        "SERIAL DEFAULT VALUE makes the column unique"
    );
    downgrade_to_base(&db, env.path());
}

/// A full-text parser plugin (`WITH PARSER ngram`, which mysqldump writes
/// for MySQL's CJK indexes) is the server's: MariaDB has no `ngram` and
/// refuses the statement, and neither server reports the parser in
/// information_schema. The index is created with the built-in parser, with a
/// warning.
#[test]
fn a_full_text_parser_is_left_to_the_server() {
    let Some(db) = TestDb::new(DialectKind::Mysql) else {
        return;
    };
    let env = sql_env(
        &db,
        "CREATE TABLE a (id int PRIMARY KEY, b text, FULLTEXT KEY ft (b) WITH PARSER ngram);\n",
    );
    let dir = env.path();
    let o = ok(dir, &["autogenerate", "-m", "init"]);
    assert!(
        o.stderr.contains(
            "index ft on a: `WITH PARSER ngram` is not modelled; ignored (a revision creates the index with the server's built-in parser)"
        ),
        "{}",
        o.stderr
    );
    ok(dir, &["upgrade"]);
    check_clean(dir);
    assert_eq!(
        db.column(
            "SELECT CAST(INDEX_TYPE AS CHAR) FROM information_schema.STATISTICS \
             WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = 'ft'"
        ),
        ["FULLTEXT"]
    );
    downgrade_to_base(&db, dir);
}

// ---------------------------------------------------------------------------
// Storage engines

/// Each table's engine as the server reports it, by table name.
fn engines(db: &TestDb) -> Vec<String> {
    db.column(
        "SELECT CONCAT(TABLE_NAME, '=', ENGINE) FROM information_schema.TABLES \
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT LIKE 'revise\\_version%' ORDER BY TABLE_NAME",
    )
}

const ENGINE_MODELS: &str = "CREATE TABLE p (id int NOT NULL PRIMARY KEY) ENGINE=InnoDB;
CREATE TABLE m (id int NOT NULL PRIMARY KEY, p_id int,
  CONSTRAINT m_p FOREIGN KEY (p_id) REFERENCES p (id)) ENGINE=MyISAM;
CREATE TABLE a (id int NOT NULL PRIMARY KEY, body text) ENGINE=Aria;
CREATE TABLE c (id int NOT NULL PRIMARY KEY, p_id int,
  CONSTRAINT c_p FOREIGN KEY (p_id) REFERENCES p (id)) ENGINE=InnoDB;
CREATE TABLE x (id int NOT NULL PRIMARY KEY);
";

/// MyISAM and Aria tables from models, loaded as written and created by a
/// revision, compare clean (the key the server drops from the MyISAM table
/// is left out of the models with a warning, not added by every revision);
/// then engines change both ways, the key of a table turning MyISAM goes
/// before it, and the downgrade restores engines and key.
#[test]
fn engines_from_models_round_trip() {
    let Some((db, env)) = same_text_both_ways(ENGINE_MODELS, "") else {
        return;
    };
    let dir = env.path();
    let before = engines(&db);
    assert_eq!(
        before,
        ["a=Aria", "c=InnoDB", "m=MyISAM", "p=InnoDB", "x=InnoDB"]
    );
    let o = revise(dir, &["check"]);
    assert!(
        o.stderr.contains(
            "table m: foreign key m_p is left out: a table of engine MyISAM keeps no foreign keys"
        ),
        "{}",
        o.stderr
    );

    let changed = ENGINE_MODELS
        .replace("ENGINE=Aria", "ENGINE=innodb")
        .replace(
            "REFERENCES p (id)) ENGINE=InnoDB",
            "REFERENCES p (id)) ENGINE=MyISAM",
        )
        .replace(
            "(id int NOT NULL PRIMARY KEY);",
            "(id int NOT NULL PRIMARY KEY) ENGINE=MEMORY;",
        );
    std::fs::write(dir.join("schema.sql"), &changed).unwrap();
    ok(dir, &["autogenerate", "-m", "engines"]);
    let revision = std::fs::read_dir(dir.join("migrations/versions"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .find(|text| text.contains("engines"))
        .expect("the revision");
    for want in [
        "ALTER TABLE a ENGINE=InnoDB;",
        "ALTER TABLE c ENGINE=MyISAM;",
        "ALTER TABLE x ENGINE=MEMORY;",
        "-- CAUTION: rebuilds c as a copy in engine MyISAM",
        "MyISAM has no transactions",
        // The downgrade.
        "ALTER TABLE a ENGINE=Aria;",
        "ALTER TABLE c ENGINE=InnoDB;",
    ] {
        assert!(revision.contains(want), "{want} missing from:\n{revision}");
    }
    // The key goes before the engine changes (MariaDB refuses the change
    // while the table has one: ERROR 1217).
    let drop_fk = revision.find("DROP FOREIGN KEY c_p").expect("c_p dropped");
    assert!(
        drop_fk < revision.find("ALTER TABLE c ENGINE=MyISAM").unwrap(),
        "{revision}"
    );
    ok(dir, &["upgrade"]);
    assert_eq!(
        engines(&db),
        ["a=InnoDB", "c=MyISAM", "m=MyISAM", "p=InnoDB", "x=MEMORY"]
    );
    check_clean(dir);

    ok(dir, &["downgrade", "-1"]);
    assert_eq!(engines(&db), before);
    assert_eq!(
        db.column(
            "SELECT CAST(CONSTRAINT_NAME AS CHAR) FROM information_schema.REFERENTIAL_CONSTRAINTS \
             WHERE CONSTRAINT_SCHEMA = DATABASE()"
        ),
        ["c_p"],
        "the downgrade restores the key"
    );
    std::fs::write(dir.join("schema.sql"), ENGINE_MODELS).unwrap();
    check_clean(dir);
}

/// `ALTER TABLE t ENGINE=x` after the `CREATE TABLE` gives the table its
/// engine as `CREATE TABLE ... ENGINE=x` does: loaded as written or created
/// from empty, it compares clean, and the table is created in that engine.
#[test]
fn an_engine_set_by_alter_table_round_trips() {
    let ddl = "CREATE TABLE a (id int NOT NULL PRIMARY KEY);
        CREATE TABLE b (id int NOT NULL PRIMARY KEY);
        ALTER TABLE a ENGINE=Aria;
        ALTER TABLE b ADD COLUMN n int, ENGINE=MyISAM;\n";
    let Some((db, env)) = same_text_both_ways(ddl, "") else {
        return;
    };
    assert_eq!(engines(&db), ["a=Aria", "b=MyISAM"]);
    downgrade_to_base(&db, env.path());
    assert!(engines(&db).is_empty(), "{:?}", engines(&db));
}

/// Models that name no engine leave the database's alone: a MyISAM table
/// (and its foreign key the server ignores) compares clean, and a new
/// table is created with the server's default engine.
#[test]
fn models_without_an_engine_leave_it_alone() {
    let Some(db) = TestDb::new(DialectKind::Mysql) else {
        return;
    };
    load(
        db.connect().as_mut(),
        "CREATE TABLE p (id int NOT NULL PRIMARY KEY);
         CREATE TABLE t (id int NOT NULL PRIMARY KEY, p_id int,
           CONSTRAINT t_p FOREIGN KEY (p_id) REFERENCES p (id)) ENGINE=MyISAM;",
    );
    let env = sql_env(
        &db,
        "CREATE TABLE p (id int NOT NULL PRIMARY KEY);
         CREATE TABLE t (id int NOT NULL PRIMARY KEY, p_id int,
           CONSTRAINT t_p FOREIGN KEY (p_id) REFERENCES p (id));
         CREATE TABLE n (id int NOT NULL PRIMARY KEY);",
    );
    let dir = env.path();
    ok(dir, &["autogenerate", "-m", "n"]);
    ok(dir, &["upgrade"]);
    check_clean(dir);
    assert_eq!(engines(&db), ["n=InnoDB", "p=InnoDB", "t=MyISAM"]);
}
