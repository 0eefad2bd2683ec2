//! The SQL model source on realistic model files, one e-commerce schema per
//! dialect: the exact schema each file produces (compared with the
//! hand-checked JSON model beside it), the warnings for statements that are
//! not modelled, models split across files, and errors that name file and
//! line. Reading models needs no database; one test per backend checks that
//! the fixtures are real DDL its server accepts.

mod common;

use std::path::{Path, PathBuf};

use revise::schema::Identity;
use revise::schema::json::{from_json, to_json};
use revise::script::split::split_statements;
use revise::source::{Loaded, load_sql_files};
use revise::url::DialectKind;

use common::TestDb;

const DIR: &str = "tests/fixtures/source_sql";

fn fixture(name: &str) -> PathBuf {
    Path::new(DIR).join(name)
}

fn load(names: &[&str], kind: DialectKind) -> Loaded {
    let paths: Vec<PathBuf> = names.iter().map(|n| fixture(n)).collect();
    load_sql_files(&paths, kind).unwrap_or_else(|e| panic!("{e}"))
}

fn load_error(names: &[&str], kind: DialectKind) -> String {
    let paths: Vec<PathBuf> = names.iter().map(|n| fixture(n)).collect();
    match load_sql_files(&paths, kind) {
        Ok(loaded) => panic!("expected an error, got\n{}", to_json(&loaded.schema)),
        Err(e) => e.to_string(),
    }
}

/// Asserts that `sql_file` reads into exactly the schema in `json_file`,
/// printing the schema read as JSON when it does not.
fn assert_schema(loaded: &Loaded, json_file: &str) {
    let path = fixture(json_file);
    let text = std::fs::read_to_string(&path).expect("read expected schema");
    let expected = from_json(&path, &text).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        loaded.schema == expected,
        "the schema read differs from {json_file}; it reads as:\n{}",
        to_json(&loaded.schema)
    );
}

fn skipped(file: &str, line: usize, what: &str) -> String {
    format!(
        "{DIR}/{file}:{line}: skipped {what}: revise models tables, indexes, types, sequences, extensions and comments"
    )
}

#[test]
fn postgres_shop() {
    let loaded = load(&["postgres/shop.sql"], DialectKind::Postgres);
    assert_schema(&loaded, "postgres/shop.json");
    let file = "postgres/shop.sql";
    assert_eq!(
        loaded.warnings,
        [
            skipped(
                file,
                68,
                "CREATE VIEW pending_orders AS SELECT id, customer_id FROM ..."
            ),
            skipped(
                file,
                71,
                "CREATE FUNCTION touch_order() RETURNS trigger LANGUAGE ..."
            ),
        ]
    );
}

#[test]
fn mariadb_shop() {
    let loaded = load(&["mariadb/shop.sql"], DialectKind::Mysql);
    assert_schema(&loaded, "mariadb/shop.json");
    let file = "mariadb/shop.sql";
    // ENGINE is dropped silently: nearly every MySQL model has it; so is
    // `SET NAMES`, a session setting. CHARSET is the table's collation
    // (`utf8mb4`, standing for that character set's default collation).
    assert_eq!(
        loaded.warnings,
        [skipped(
            file,
            52,
            "CREATE VIEW open_orders AS SELECT id FROM `order` WHERE ..."
        ),]
    );
}

#[test]
fn sqlite_shop() {
    let loaded = load(&["sqlite/shop.sql"], DialectKind::Sqlite);
    assert_schema(&loaded, "sqlite/shop.json");
    let file = "sqlite/shop.sql";
    assert_eq!(
        loaded.warnings,
        [
            // sqlparser 0.64 cannot read `= ON`; a PRAGMA models nothing, so it is skipped
            // (without saying sqlparser failed: it would be skipped anyway).
            skipped(file, 3, "PRAGMA foreign_keys = ON"),
            skipped(
                file,
                44,
                "CREATE TRIGGER order_placed AFTER UPDATE OF status ON ..."
            ),
        ]
    );
}

/// `pg_dump --schema-only` of the database built from postgres/shop.sql
/// (PostgreSQL 15): constraints and identities added by ALTER TABLE, psql
/// meta-commands, OWNER TO for every object, identity sequence options.
#[test]
fn a_pg_dump_of_the_postgres_shop_reads() {
    let loaded = load(&["postgres/shop_pg_dump.sql"], DialectKind::Postgres);
    let schema = &loaded.schema;
    let names: Vec<String> = schema
        .tables
        .iter()
        .map(|t| t.qualified().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "billing.invoices",
            "public.customers",
            "public.order",
            "public.order_lines",
            "public.products"
        ]
    );
    let customers = &schema.tables[1];
    assert_eq!(customers.columns[0].identity, Some(Identity::Always));
    assert_eq!(customers.columns[1].data_type, "CHARACTER VARYING(320)");
    assert_eq!(
        customers
            .primary_key
            .as_ref()
            .and_then(|k| k.name.as_deref()),
        Some("customers_pkey")
    );
    // USING is written by pg_dump, so the method is kept as written.
    assert_eq!(customers.indexes[0].method.as_deref(), Some("btree"));
    assert_eq!(customers.indexes[0].parts[0].value, "lower((email)::TEXT)");
    let order = &schema.tables[2];
    assert_eq!(order.columns[0].identity, Some(Identity::ByDefault));
    assert_eq!(order.columns[2].data_type, "public.order_status");
    assert_eq!(
        order.columns[2].comment.as_deref(),
        Some("Where the order is")
    );
    let products = &schema.tables[4];
    assert_eq!(
        products.columns[0].default.as_deref(),
        Some("nextval('public.products_id_seq'::REGCLASS)")
    );
    assert_eq!(schema.enums.len(), 2);
    // The dump's boilerplate (\restrict, SET, set_config, OWNER TO) goes
    // unmentioned; what it holds beyond the model is still named.
    let boilerplate = ["restrict", "SET ", "set_config", "OWNER TO"];
    assert!(
        loaded
            .warnings
            .iter()
            .all(|w| boilerplate.iter().all(|b| !w.contains(b))),
        "{:?}",
        loaded.warnings
    );
    assert!(
        loaded.warnings.contains(&skipped(
            "postgres/shop_pg_dump.sql",
            192,
            "CREATE VIEW public.pending_orders AS SELECT \"order\".id, ..."
        )),
        "{:?}",
        loaded.warnings
    );
}

/// `mariadb-dump --no-data` of the database built from mariadb/shop.sql
/// (MariaDB 10.11): executable comments, DROP TABLE before each CREATE,
/// lower-case types, backticks everywhere.
#[test]
fn a_mariadb_dump_of_the_mariadb_shop_reads() {
    let loaded = load(&["mariadb/shop_dump.sql"], DialectKind::Mysql);
    let schema = &loaded.schema;
    let names: Vec<&str> = schema.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Products", "customers", "order", "order lines"]);
    let customers = &schema.tables[1];
    assert_eq!(customers.columns[0].data_type, "INT(10) UNSIGNED");
    assert_eq!(customers.columns[0].identity, Some(Identity::AutoIncrement));
    assert_eq!(
        customers.columns[4].default.as_deref(),
        Some("current_timestamp(6)")
    );
    assert_eq!(customers.comment.as_deref(), Some("People who buy"));
    let lines = &schema.tables[3];
    let fk_names: Vec<Option<&str>> = lines
        .foreign_keys
        .iter()
        .map(|f| f.name.as_deref())
        .collect();
    assert_eq!(
        fk_names,
        [Some("order lines_ibfk_1"), Some("order lines_order")]
    );
    assert_eq!(lines.checks[0].expression, "`quantity` > 0");
    // The executable comments (`/*!40101 SET NAMES utf8mb4 */`) and the DROP
    // before each CREATE are a dump's boilerplate: unmentioned. The view is not.
    assert!(
        loaded
            .warnings
            .iter()
            .all(|w| !w.contains("SET ") && !w.contains("DROP ")),
        "{:?}",
        loaded.warnings
    );
    // The stand-in view and the real one (`CREATE ALGORITHM=UNDEFINED
    // DEFINER=... VIEW`) are one kind of statement.
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    assert!(loaded.warnings[0].contains("skipped 2 CREATE VIEW statements"));
    assert!(loaded.warnings[0].contains("CREATE VIEW `open_orders`"));
}

/// `mariadb-dump --no-data --routines` (MariaDB 10.11) of two tables, two
/// triggers, a function and a procedure: the triggers and routines come
/// between `DELIMITER ;;` lines, wrapped in executable comments, the bodies
/// hold `;` and a CASE statement.
#[test]
fn a_mariadb_dump_with_triggers_and_routines_reads() {
    let loaded = load(&["mariadb/triggers_dump.sql"], DialectKind::Mysql);
    let names: Vec<&str> = loaded
        .schema
        .tables
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(names, ["audit", "items"]);
    // The triggers share one warning at the first (skipped statements of a
    // kind are counted together), each routine has its own at its line; the
    // DELIMITER lines and the DROP ... IF EXISTS before each are not mentioned.
    let skipped: Vec<(usize, &str)> = loaded
        .warnings
        .iter()
        .map(|w| {
            let line = w
                .split(':')
                .nth(1)
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            let what = [
                "TRIGGER tr2",
                "TRIGGER tr ",
                "FUNCTION `f`",
                "PROCEDURE `p`",
            ]
            .into_iter()
            .find(|k| w.contains(k))
            .unwrap_or(w);
            (line, what)
        })
        .collect();
    assert_eq!(
        skipped,
        [
            (54, "TRIGGER tr2"),
            (91, "FUNCTION `f`"),
            (110, "PROCEDURE `p`")
        ],
        "{:?}",
        loaded.warnings
    );
    assert!(
        loaded.warnings[0].contains("skipped 2 CREATE TRIGGER statements"),
        "{:?}",
        loaded.warnings
    );
}

#[test]
fn models_split_across_files_resolve_references_in_both_directions() {
    let loaded = load(
        &[
            "split/customers.sql",
            "split/orders.sql",
            "split/coupons.sql",
        ],
        DialectKind::Postgres,
    );
    let names: Vec<&str> = loaded
        .schema
        .tables
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(names, ["customers", "orders", "coupons"]);
    let orders = &loaded.schema.tables[1];
    let refs: Vec<(&str, Vec<String>)> = orders
        .foreign_keys
        .iter()
        .map(|fk| (fk.ref_table.as_str(), fk.ref_columns.clone()))
        .collect();
    assert_eq!(
        refs,
        [
            ("customers", vec!["id".to_string()]),
            ("coupons", vec!["code_id".to_string()])
        ]
    );
    // The index written in orders.sql belongs to the table from customers.sql.
    assert_eq!(
        loaded.schema.tables[0].indexes[0].name.as_deref(),
        Some("customers_email")
    );
    assert_eq!(
        loaded.warnings,
        [skipped(
            "split/customers.sql",
            7,
            "CREATE VIEW customer_emails AS SELECT email FROM customers"
        )]
    );
}

#[test]
fn a_table_defined_in_two_files_names_both() {
    let e = load_error(
        &["errors/dup_a.sql", "errors/dup_b.sql"],
        DialectKind::Postgres,
    );
    assert_eq!(
        e,
        format!(
            "{DIR}/errors/dup_b.sql:3: table users is defined twice (first at {DIR}/errors/dup_a.sql:1)"
        )
    );
    // MySQL keeps names as written: `users` and `Users` are two tables.
    let loaded = load(
        &["errors/dup_a.sql", "errors/dup_b.sql"],
        DialectKind::Mysql,
    );
    assert_eq!(loaded.schema.tables.len(), 2);
}

#[test]
fn an_index_name_used_twice_in_a_mysql_table_names_both_lines() {
    let e = load_error(&["errors/index_dup.sql"], DialectKind::Mysql);
    assert_eq!(
        e,
        format!(
            "{DIR}/errors/index_dup.sql:6: index by_email is defined twice (first at {DIR}/errors/index_dup.sql:1)"
        )
    );
}

#[test]
fn a_syntax_error_names_file_line_and_statement() {
    let e = load_error(&["errors/syntax.sql"], DialectKind::Postgres);
    assert_eq!(
        e,
        format!(
            "{DIR}/errors/syntax.sql:5: cannot parse `CREATE TABLE broken ( id int PRIMARY KEY, name text NOT NULL ...` \
             (statement from line 3): Expected: ',' or ')' after column definition, found: DEFALT at column 24"
        )
    );
}

#[test]
fn a_reference_without_columns_to_an_unknown_table_is_an_error() {
    let e = load_error(&["errors/unknown_ref.sql"], DialectKind::Sqlite);
    assert_eq!(
        e,
        format!(
            "{DIR}/errors/unknown_ref.sql:3: REFERENCES customer names no columns and table customer \
             is not in the models: write the referenced columns or define the table"
        )
    );
}

#[test]
fn a_missing_model_file_is_an_io_error_naming_it() {
    let e = load_error(&["postgres/none.sql"], DialectKind::Postgres);
    assert!(e.starts_with(&format!("{DIR}/postgres/none.sql: ")), "{e}");
}

/// The fixtures are DDL the real server runs: otherwise the schemas asserted
/// above would describe models nobody could apply.
fn shop_models_are_valid_ddl(kind: DialectKind) {
    let Some(test_db) = TestDb::new(kind) else {
        return;
    };
    let file = match kind {
        DialectKind::Postgres => "postgres/shop.sql",
        DialectKind::Mysql => "mariadb/shop.sql",
        DialectKind::Sqlite => "sqlite/shop.sql",
    };
    let text = std::fs::read_to_string(fixture(file)).expect("read fixture");
    let mut db = test_db.connect();
    for statement in split_statements(&text, kind).expect("split fixture") {
        db.execute(&statement.sql)
            .unwrap_or_else(|e| panic!("{file}:{}: {e}", statement.line));
    }
    let tables = test_db.tables();
    for wanted in ["customers", "order"] {
        assert!(
            tables.iter().any(|t| t == wanted),
            "{wanted} not in {tables:?}"
        );
    }
}

backend_tests!(shop_models_are_valid_ddl);
