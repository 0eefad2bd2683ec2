//! Unit tests of the SQL model parser: one convention of the normalizer
//! contract per test, from literal DDL.

use std::path::Path;

use super::names::{
    beginning, describes_nothing_modelled, is_dump_boilerplate, split_location, start_column,
};
use super::parse_sql;
use crate::error::Error;
use crate::schema::{
    Check, Deferrable, FkAction, ForeignKey, Identity, IdentityOptions, Index, IndexPart,
    PrimaryKey, Sequence, Table, Unique,
};
use crate::source::Loaded;
use crate::url::DialectKind;

fn load(kind: DialectKind, sql: &str) -> Loaded {
    match parse_sql(Path::new("m.sql"), sql, kind) {
        Ok(loaded) => loaded,
        Err(e) => panic!("{e}"),
    }
}

fn pg(sql: &str) -> Loaded {
    load(DialectKind::Postgres, sql)
}

fn my(sql: &str) -> Loaded {
    load(DialectKind::Mysql, sql)
}

fn lite(sql: &str) -> Loaded {
    load(DialectKind::Sqlite, sql)
}

fn error(kind: DialectKind, sql: &str) -> String {
    match parse_sql(Path::new("m.sql"), sql, kind) {
        Ok(loaded) => panic!("expected an error, got {:?}", loaded.schema),
        Err(e @ Error::Parse { .. }) => e.to_string(),
        Err(e) => panic!("expected a parse error, got {e}"),
    }
}

fn table<'a>(loaded: &'a Loaded, name: &str) -> &'a Table {
    loaded
        .schema
        .tables
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no table {name} in {:?}", loaded.schema))
}

fn types(loaded: &Loaded, name: &str) -> Vec<String> {
    table(loaded, name)
        .columns
        .iter()
        .map(|c| c.data_type.clone())
        .collect()
}

#[test]
fn postgres_folds_unquoted_identifiers_and_keeps_quoted_ones() {
    let l = pg(r#"CREATE TABLE Shop.Users (ID int, "Name" text, "user group" text, CAFÉ int);"#);
    let t = &l.schema.tables[0];
    assert_eq!(
        (t.schema.as_deref(), t.name.as_str()),
        (Some("shop"), "users")
    );
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    // Only ASCII letters fold, as in a UTF-8 PostgreSQL database.
    assert_eq!(names, ["id", "Name", "user group", "cafÉ"]);
}

#[test]
fn mysql_and_sqlite_keep_identifiers_as_written() {
    let l = my("CREATE TABLE `Order Items` (ID int, `Name` text);");
    let t = &l.schema.tables[0];
    assert_eq!(t.name, "Order Items");
    assert_eq!(t.columns[0].name, "ID");
    assert_eq!(t.columns[1].name, "Name");
    let l = lite(r#"CREATE TABLE Users (ID int, "Name" text, [Other] text);"#);
    let t = &l.schema.tables[0];
    assert_eq!(t.name, "Users");
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["ID", "Name", "Other"]);
}

#[test]
fn schema_is_kept_as_written() {
    let l = pg("CREATE TABLE public.a (id int); CREATE TABLE b (id int);");
    assert_eq!(l.schema.tables[0].schema.as_deref(), Some("public"));
    assert_eq!(l.schema.tables[1].schema, None);
}

#[test]
fn postgres_types_print_as_sqlparser_displays_them() {
    let l = pg("CREATE TYPE Mood AS ENUM ('sad');
        CREATE TABLE t (a int, b integer, c bigint, d smallint, e serial, f BigSerial,
        g varchar(200), h character varying(20), i char(2), j text, k numeric(10,2),
        l decimal(10,2), m boolean, n bool, o timestamp, p timestamp with time zone,
        q timestamptz, r date, s time, u double precision, v real, w float, x uuid,
        y json, z jsonb, aa bytea, ab integer[], ac Mood, ad Shop.Mood, ae mood[],
        af \"Mood\", ag \"char\", ah \"char\"[], ai \"Shop\".\"Odd \"\"x\"\"\");");
    assert_eq!(
        types(&l, "t"),
        [
            "INT",
            "INTEGER",
            "BIGINT",
            "SMALLINT",
            "SERIAL",
            "BIGSERIAL",
            "VARCHAR(200)",
            "CHARACTER VARYING(20)",
            "CHAR(2)",
            "TEXT",
            "NUMERIC(10,2)",
            "DECIMAL(10,2)",
            "BOOLEAN",
            "BOOL",
            "TIMESTAMP",
            "TIMESTAMP WITH TIME ZONE",
            "TIMESTAMPTZ",
            "DATE",
            "TIME",
            "DOUBLE PRECISION",
            "REAL",
            "FLOAT",
            "UUID",
            "JSON",
            "JSONB",
            "BYTEA",
            "INTEGER[]",
            "mood",
            "shop.mood",
            "mood[]",
            // Quoted parts keep their quotes: `"char"` is not `char`.
            "\"Mood\"",
            "\"char\"",
            "\"char\"[]",
            "\"Shop\".\"Odd \"\"x\"\"\"",
        ]
    );
}

#[test]
fn mysql_types_print_as_sqlparser_displays_them() {
    let l = my(
        "CREATE TABLE t (a INT(11), b TINYINT(1), c INT UNSIGNED, d ENUM('a','b'),
        e DATETIME(6), f LONGTEXT, g MEDIUMTEXT, h int);",
    );
    assert_eq!(
        types(&l, "t"),
        [
            "INT(11)",
            "TINYINT(1)",
            "INT UNSIGNED",
            "ENUM('a', 'b')",
            "DATETIME(6)",
            "LONGTEXT",
            "MEDIUMTEXT",
            "INT"
        ]
    );
}

#[test]
fn primary_key_columns_are_not_null_except_in_sqlite() {
    let sql = "CREATE TABLE t (a int PRIMARY KEY, b int NOT NULL, c int NULL, d int);
               CREATE TABLE u (x int, y int, PRIMARY KEY (x, y));";
    for l in [pg(sql), my(sql)] {
        let nullable: Vec<bool> = table(&l, "t").columns.iter().map(|c| c.nullable).collect();
        assert_eq!(nullable, [false, false, true, true]);
        assert!(table(&l, "u").columns.iter().all(|c| !c.nullable));
    }
    let l = lite(sql);
    let nullable: Vec<bool> = table(&l, "t").columns.iter().map(|c| c.nullable).collect();
    assert_eq!(nullable, [true, false, true, true]);
    assert!(table(&l, "u").columns.iter().all(|c| c.nullable));
}

#[test]
fn defaults_are_expression_text() {
    let l = pg(
        "CREATE TABLE t (a text DEFAULT 'draft', b int DEFAULT 0, c int DEFAULT -1,
        d bool DEFAULT TRUE, e timestamp DEFAULT CURRENT_TIMESTAMP, f timestamptz DEFAULT now(),
        g bigint DEFAULT nextval('s'), h jsonb DEFAULT '{}'::jsonb, i text DEFAULT 'it''s');",
    );
    let defaults: Vec<Option<&str>> = table(&l, "t")
        .columns
        .iter()
        .map(|c| c.default.as_deref())
        .collect();
    assert_eq!(
        defaults,
        [
            Some("'draft'"),
            Some("0"),
            Some("-1"),
            Some("true"),
            Some("CURRENT_TIMESTAMP"),
            Some("now()"),
            Some("nextval('s')"),
            Some("'{}'::JSONB"),
            Some("'it''s'"),
        ]
    );
}

#[test]
fn identity_forms() {
    let l = pg("CREATE TABLE t (a int GENERATED ALWAYS AS IDENTITY,
        b int GENERATED BY DEFAULT AS IDENTITY (START WITH 10), c serial);");
    let ids: Vec<Option<Identity>> = table(&l, "t").columns.iter().map(|c| c.identity).collect();
    assert_eq!(
        ids,
        [Some(Identity::Always), Some(Identity::ByDefault), None]
    );
    let l = my("CREATE TABLE t (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY);");
    assert_eq!(
        table(&l, "t").columns[0].identity,
        Some(Identity::AutoIncrement)
    );
    let l = lite("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, n int);");
    let t = table(&l, "t");
    assert_eq!(t.columns[0].identity, Some(Identity::AutoIncrement));
    assert_eq!(t.columns[1].identity, None);
    assert_eq!(
        t.primary_key.as_ref().map(|p| p.columns.clone()),
        Some(vec!["id".into()])
    );
}

#[test]
fn inline_constraints_become_table_level_and_are_named_only_when_written() {
    let l = pg("CREATE TABLE p (id int PRIMARY KEY);
        CREATE TABLE t (
          id int CONSTRAINT t_pk PRIMARY KEY,
          code text UNIQUE,
          slug text CONSTRAINT slug_u UNIQUE,
          p_id int REFERENCES p ON DELETE CASCADE,
          q_id int CONSTRAINT q_fk REFERENCES p (id) ON UPDATE SET NULL,
          n int CHECK (n > 0),
          m int CONSTRAINT m_small CHECK ((m < 10)));");
    let t = table(&l, "t");
    assert_eq!(
        t.primary_key,
        Some(PrimaryKey {
            name: Some("t_pk".into()),
            columns: vec!["id".into()],
            column_options: Vec::new(),
            deferrable: Default::default(),
        })
    );
    assert_eq!(
        t.uniques,
        [
            Unique {
                name: None,
                columns: vec!["code".into()],
                column_options: Vec::new(),
                deferrable: Default::default(),
                nulls_not_distinct: false,
            },
            Unique {
                name: Some("slug_u".into()),
                columns: vec!["slug".into()],
                column_options: Vec::new(),
                deferrable: Default::default(),
                nulls_not_distinct: false,
            }
        ]
    );
    assert_eq!(
        t.foreign_keys,
        [
            ForeignKey {
                name: None,
                columns: vec!["p_id".into()],
                ref_schema: None,
                ref_table: "p".into(),
                ref_columns: vec!["id".into()],
                on_delete: FkAction::Cascade,
                on_update: FkAction::NoAction,
                deferrable: Deferrable::No,
            },
            ForeignKey {
                name: Some("q_fk".into()),
                columns: vec!["q_id".into()],
                ref_schema: None,
                ref_table: "p".into(),
                ref_columns: vec!["id".into()],
                on_delete: FkAction::NoAction,
                on_update: FkAction::SetNull,
                deferrable: Deferrable::No,
            }
        ]
    );
    assert_eq!(
        t.checks,
        [
            Check {
                name: None,
                expression: "n > 0".into()
            },
            Check {
                name: Some("m_small".into()),
                expression: "m < 10".into()
            }
        ]
    );
}

#[test]
fn table_constraints_and_actions() {
    let l = pg("CREATE TABLE a (x int, y int, PRIMARY KEY (x, y));
        CREATE TABLE b (x int, y int, z int,
          CONSTRAINT b_pk PRIMARY KEY (z),
          CONSTRAINT b_u UNIQUE (x, y),
          CONSTRAINT b_fk FOREIGN KEY (x, y) REFERENCES a ON DELETE RESTRICT ON UPDATE SET DEFAULT,
          CHECK (x < y AND (y < z)));");
    let b = table(&l, "b");
    assert_eq!(
        b.primary_key.as_ref().and_then(|p| p.name.as_deref()),
        Some("b_pk")
    );
    assert_eq!(b.uniques[0].columns, ["x", "y"]);
    let fk = &b.foreign_keys[0];
    assert_eq!(fk.ref_columns, ["x", "y"]);
    assert_eq!(
        (fk.on_delete, fk.on_update),
        (FkAction::Restrict, FkAction::SetDefault)
    );
    assert_eq!(b.checks[0].expression, "x < y AND (y < z)");
}

#[test]
fn keys_say_when_they_are_checked() {
    let l = pg("CREATE TABLE a (id int PRIMARY KEY);
        CREATE TABLE b (
          p int REFERENCES a,
          q int REFERENCES a DEFERRABLE,
          r int REFERENCES a INITIALLY DEFERRED,
          s int REFERENCES a NOT DEFERRABLE INITIALLY IMMEDIATE,
          t int,
          FOREIGN KEY (t) REFERENCES a (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED);
        ALTER TABLE b ADD COLUMN u int;
        ALTER TABLE b ADD CONSTRAINT b_u FOREIGN KEY (u) REFERENCES a DEFERRABLE INITIALLY IMMEDIATE;");
    let timing: Vec<(String, Deferrable)> = table(&l, "b")
        .foreign_keys
        .iter()
        .map(|f| (f.columns[0].clone(), f.deferrable))
        .collect();
    use Deferrable::*;
    assert_eq!(
        timing,
        [
            ("p".into(), No),
            ("q".into(), InitiallyImmediate),
            ("r".into(), InitiallyDeferred),
            ("s".into(), No),
            ("t".into(), InitiallyDeferred),
            ("u".into(), InitiallyImmediate),
        ]
    );
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    let l = pg(
        "CREATE TABLE c (id int, n int, CONSTRAINT c_pk PRIMARY KEY (id) INITIALLY DEFERRED,
          CONSTRAINT c_n UNIQUE (id, n) DEFERRABLE);",
    );
    let c = table(&l, "c");
    assert_eq!(
        c.primary_key.as_ref().map(|k| k.deferrable),
        Some(InitiallyDeferred)
    );
    assert_eq!(c.uniques[0].deferrable, InitiallyImmediate);
    let e = error(
        DialectKind::Postgres,
        "CREATE TABLE k (\n  id int UNIQUE NOT DEFERRABLE INITIALLY DEFERRED\n);",
    );
    assert!(e.starts_with("m.sql:2: "), "{e}");
    let e = error(
        DialectKind::Postgres,
        "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (\n  p int REFERENCES a NOT DEFERRABLE INITIALLY DEFERRED\n);",
    );
    assert!(e.starts_with("m.sql:3: "), "{e}");
    assert!(
        e.contains("NOT DEFERRABLE contradicts INITIALLY DEFERRED"),
        "{e}"
    );
    let l = lite(
        "CREATE TABLE a (id INTEGER PRIMARY KEY);
        CREATE TABLE b (p INTEGER REFERENCES a (id) MATCH SIMPLE DEFERRABLE INITIALLY DEFERRED);",
    );
    assert_eq!(table(&l, "b").foreign_keys[0].deferrable, InitiallyDeferred);
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
    assert!(l.warnings[0].contains("MATCH"), "{:?}", l.warnings);
}

#[test]
fn references_resolve_forward_and_across_schemas() {
    let l = pg("CREATE TABLE c (a_id int REFERENCES shop.a);
        CREATE TABLE shop.a (id bigint PRIMARY KEY);
        CREATE TABLE d (u_id int REFERENCES users);
        CREATE TABLE public.users (uid int PRIMARY KEY);");
    let c = table(&l, "c");
    assert_eq!(c.foreign_keys[0].ref_schema.as_deref(), Some("shop"));
    assert_eq!(c.foreign_keys[0].ref_columns, ["id"]);
    // `users` and `public.users` are one table; the reference keeps its spelling.
    let d = table(&l, "d");
    assert_eq!(d.foreign_keys[0].ref_schema, None);
    assert_eq!(d.foreign_keys[0].ref_columns, ["uid"]);
}

#[test]
fn references_to_unknown_tables_or_missing_keys_are_errors() {
    let e = error(
        DialectKind::Postgres,
        "CREATE TABLE a (\n  b_id int REFERENCES b\n);",
    );
    assert!(
        e.starts_with("m.sql:2: REFERENCES b names no columns"),
        "{e}"
    );
    assert!(e.contains("not in the models"), "{e}");
    let e = error(
        DialectKind::Sqlite,
        "CREATE TABLE b (x int);\nCREATE TABLE a (b_id int REFERENCES b);",
    );
    assert!(e.starts_with("m.sql:2:"), "{e}");
    assert!(e.contains("has no primary key"), "{e}");
    // With columns written, the target may live outside the models.
    let l = pg("CREATE TABLE a (b_id int REFERENCES elsewhere (id));");
    assert_eq!(table(&l, "a").foreign_keys[0].ref_table, "elsewhere");
}

#[test]
fn create_index_forms() {
    let l = pg(
        "CREATE TABLE Users (id int, Email text, deleted_at timestamp, tags text[]);
        CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS Users_Email ON users (lower(Email) DESC, ID)
          WHERE (deleted_at IS NULL);
        CREATE INDEX ON users USING GIN (tags);
        CREATE INDEX users_sum ON users ((id + 1));",
    );
    let t = table(&l, "users");
    assert_eq!(
        t.indexes,
        [
            Index {
                name: Some("users_email".into()),
                unique: true,
                parts: vec![
                    IndexPart {
                        value: "lower(Email)".into(),
                        expression: true,
                        opclass: None,
                        nulls_first: None,
                        descending: true
                    },
                    IndexPart::column("id"),
                ],
                predicate: Some("deleted_at IS NULL".into()),
                include: Vec::new(),
                method: None,
                nulls_not_distinct: false,
                comment: None,
                ignored: false,
            },
            Index {
                name: None,
                unique: false,
                parts: vec![IndexPart::column("tags")],
                predicate: None,
                include: Vec::new(),
                method: Some("gin".into()),
                nulls_not_distinct: false,
                comment: None,
                ignored: false,
            },
            Index {
                name: Some("users_sum".into()),
                unique: false,
                parts: vec![IndexPart {
                    value: "id + 1".into(),
                    expression: true,
                    opclass: None,
                    nulls_first: None,
                    descending: false
                }],
                predicate: None,
                include: Vec::new(),
                method: None,
                nulls_not_distinct: false,
                comment: None,
                ignored: false,
            }
        ]
    );
}

#[test]
fn operator_classes_and_included_columns() {
    let l = pg("CREATE TABLE docs (id int, Title text, body jsonb);
        CREATE INDEX d1 ON docs (Title public.gin_trgm_ops, id \"Int4_Ops\" DESC) INCLUDE (Body);");
    let i = &table(&l, "docs").indexes[0];
    let classes: Vec<Option<&str>> = i.parts.iter().map(|p| p.opclass.as_deref()).collect();
    assert_eq!(classes, [Some("gin_trgm_ops"), Some("Int4_Ops")]);
    assert!(i.parts[1].descending);
    assert_eq!(i.include, ["body"]);
    assert!(!i.nulls_not_distinct);
    let l = pg(
        "CREATE TABLE u (a int, b int, c int UNIQUE NULLS NOT DISTINCT, UNIQUE (a) INCLUDE (b));
        CREATE UNIQUE INDEX u_ab ON u (a, b) NULLS NOT DISTINCT;",
    );
    let u = table(&l, "u");
    assert_eq!(
        u.uniques
            .iter()
            .map(|x| x.nulls_not_distinct)
            .collect::<Vec<_>>(),
        [true, false]
    );
    assert!(u.indexes[0].nulls_not_distinct);
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
    assert!(
        l.warnings[0].contains("INCLUDE on a UNIQUE constraint"),
        "{:?}",
        l.warnings
    );
    let e = error(
        DialectKind::Postgres,
        "CREATE TABLE docs (id int);\n\nCREATE INDEX d ON docs (id) INCLUDE (nope);",
    );
    assert!(e.starts_with("m.sql:3: "), "{e}");
    assert!(e.contains("nope"), "{e}");
}

#[test]
fn mysql_keys_inside_create_table() {
    let l = my(
        "CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, c VARCHAR(50),
        UNIQUE KEY uk_ab (a, b), UNIQUE INDEX (c), UNIQUE (b),
        CONSTRAINT named UNIQUE (a),
        KEY idx_a (a), INDEX USING HASH (b DESC), KEY idx_c (c(10)));",
    );
    let t = table(&l, "t");
    assert_eq!(
        t.uniques,
        [
            Unique {
                name: Some("uk_ab".into()),
                columns: vec!["a".into(), "b".into()],
                column_options: Vec::new(),
                deferrable: Default::default(),
                nulls_not_distinct: false,
            },
            Unique {
                name: None,
                columns: vec!["c".into()],
                column_options: Vec::new(),
                deferrable: Default::default(),
                nulls_not_distinct: false,
            },
            Unique {
                name: None,
                columns: vec!["b".into()],
                column_options: Vec::new(),
                deferrable: Default::default(),
                nulls_not_distinct: false,
            },
            Unique {
                name: Some("named".into()),
                columns: vec!["a".into()],
                column_options: Vec::new(),
                deferrable: Default::default(),
                nulls_not_distinct: false,
            },
        ]
    );
    assert_eq!(t.indexes.len(), 3);
    assert_eq!(t.indexes[0].name.as_deref(), Some("idx_a"));
    assert_eq!(t.indexes[0].parts, [IndexPart::column("a")]);
    assert_eq!(t.indexes[1].method.as_deref(), Some("hash"));
    assert!(t.indexes[1].parts[0].descending);
    assert_eq!(
        t.indexes[2].parts[0],
        IndexPart {
            value: "c(10)".into(),
            expression: true,
            opclass: None,
            nulls_first: None,
            descending: false
        }
    );
}

#[test]
fn mysql_comments_and_table_options() {
    let l = my(
        "CREATE TABLE t (id INT COMMENT 'the id', n TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin)
        ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Things';",
    );
    let t = table(&l, "t");
    assert_eq!(t.comment.as_deref(), Some("Things"));
    assert_eq!(t.columns[0].comment.as_deref(), Some("the id"));
    // Storage options are silent; a collation is modelled (it names the
    // character set), and so is a character set alone, by its name (the
    // dialect resolves it to the character set's default collation).
    assert_eq!(t.columns[1].collation.as_deref(), Some("utf8mb4_bin"));
    assert_eq!(t.collation.as_deref(), Some("utf8mb4_unicode_ci"));
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    let l = my("CREATE TABLE t (n TEXT CHARACTER SET 'latin1') DEFAULT CHARSET=utf8mb4");
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    let t = table(&l, "t");
    assert_eq!(t.columns[0].collation.as_deref(), Some("latin1"));
    assert_eq!(t.collation.as_deref(), Some("utf8mb4"));
}

#[test]
fn enums_and_comment_on() {
    let l = pg("CREATE TYPE Shop.Status AS ENUM ('new', 'it''s', 'Done');
        CREATE TABLE shop.orders (id int, note text);
        COMMENT ON TABLE Shop.Orders IS 'Orders';
        COMMENT ON COLUMN shop.orders.note IS 'free text';
        COMMENT ON COLUMN shop.orders.id IS 'x';
        COMMENT ON COLUMN shop.orders.id IS NULL;");
    assert_eq!(l.schema.enums.len(), 1);
    let e = &l.schema.enums[0];
    assert_eq!(
        (e.schema.as_deref(), e.name.as_str()),
        (Some("shop"), "status")
    );
    assert_eq!(e.values, ["new", "it's", "Done"]);
    let t = table(&l, "orders");
    assert_eq!(t.comment.as_deref(), Some("Orders"));
    assert_eq!(t.columns[1].comment.as_deref(), Some("free text"));
    assert_eq!(t.columns[0].comment, None);
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
}

#[test]
fn alter_table_builds_the_model_up() {
    let l = pg("CREATE TABLE p (id int);
        CREATE TABLE c (id int, p_id int);
        ALTER TABLE ONLY public.p ADD CONSTRAINT p_pkey PRIMARY KEY (id);
        ALTER TABLE c ADD COLUMN note text NOT NULL DEFAULT '', ADD UNIQUE (note),
          ADD CONSTRAINT c_p FOREIGN KEY (p_id) REFERENCES p, ADD CHECK (id > 0);
        ALTER TABLE c ALTER COLUMN id SET DEFAULT nextval('c_id_seq'::regclass);
        ALTER TABLE c ALTER COLUMN p_id SET NOT NULL;
        ALTER TABLE c ALTER COLUMN note TYPE varchar(10);
        ALTER TABLE c ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;
        ALTER TABLE c OWNER TO admin;
        ALTER TABLE c ENABLE ROW LEVEL SECURITY;");
    let p = table(&l, "p");
    assert_eq!(
        p.primary_key.as_ref().and_then(|k| k.name.as_deref()),
        Some("p_pkey")
    );
    assert!(!p.columns[0].nullable);
    let c = table(&l, "c");
    assert_eq!(
        c.columns[0].default.as_deref(),
        Some("nextval('c_id_seq'::REGCLASS)")
    );
    assert_eq!(c.columns[0].identity, Some(Identity::Always));
    assert!(!c.columns[1].nullable);
    assert_eq!(c.columns[2].data_type, "VARCHAR(10)");
    assert_eq!(c.columns[2].default.as_deref(), Some("''"));
    assert_eq!(c.uniques[0].columns, ["note"]);
    assert_eq!(c.foreign_keys[0].ref_columns, ["id"]);
    assert_eq!(c.checks[0].expression, "id > 0");
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
    assert!(
        l.warnings[0].starts_with(
            "m.sql:11: skipped ALTER TABLE c ENABLE ROW LEVEL SECURITY: revise models"
        ),
        "{:?}",
        l.warnings
    );
}

#[test]
fn alter_table_drop_or_rename_is_refused() {
    let e = error(
        DialectKind::Postgres,
        "CREATE TABLE t (a int, b int);\nALTER TABLE t DROP COLUMN b;",
    );
    assert!(e.starts_with("m.sql:2: ALTER TABLE t DROP COLUMN b"), "{e}");
    assert!(e.contains("write the final definition"), "{e}");
}

#[test]
fn unknown_tables_are_errors_naming_the_line() {
    for (sql, what) in [
        ("ALTER TABLE nope ADD COLUMN a int;", "ALTER TABLE"),
        ("CREATE INDEX i ON nope (a);", "CREATE INDEX"),
        ("COMMENT ON TABLE nope IS 'x';", "COMMENT ON TABLE"),
        ("COMMENT ON COLUMN nope.a IS 'x';", "COMMENT ON COLUMN"),
    ] {
        let e = error(
            DialectKind::Postgres,
            &format!("CREATE TABLE t (a int);\n\n{sql}"),
        );
        assert_eq!(
            e,
            format!(
                "m.sql:3: {what} names table nope, which is not defined before this line in the models"
            )
        );
    }
    let e = error(
        DialectKind::Postgres,
        "CREATE TABLE t (a int);\nCREATE INDEX i ON t (b);",
    );
    assert!(e.starts_with("m.sql:2: index of table t names b"), "{e}");
}

#[test]
fn objects_defined_twice_are_errors_naming_both_lines() {
    let e = error(
        DialectKind::Postgres,
        "CREATE TABLE t (a int);\n\nCREATE TABLE IF NOT EXISTS public.t (a int);",
    );
    assert_eq!(
        e,
        "m.sql:3: table public.t is defined twice (first at m.sql:1)"
    );
    let e = error(
        DialectKind::Postgres,
        "CREATE TYPE e AS ENUM ('a');\nCREATE TYPE E AS ENUM ('b');",
    );
    assert_eq!(
        e,
        "m.sql:2: enum type e is defined twice (first at m.sql:1)"
    );
    let e = error(
        DialectKind::Postgres,
        "CREATE TABLE t (a int);\nCREATE TABLE u (a int);\nCREATE INDEX ix ON t (a);\nCREATE INDEX ix ON u (a);",
    );
    assert_eq!(e, "m.sql:4: index ix is defined twice (first at m.sql:3)");
    // MySQL index names are per table.
    let l = my("CREATE TABLE t (a int, KEY ix (a)); CREATE TABLE u (a int, KEY ix (a));");
    assert_eq!(l.schema.tables.len(), 2);
    let e = error(
        DialectKind::Mysql,
        "CREATE TABLE t (a int, KEY ix (a));\nCREATE INDEX ix ON t (a);",
    );
    assert_eq!(e, "m.sql:2: index ix is defined twice (first at m.sql:1)");
    let e = error(
        DialectKind::Postgres,
        "CREATE TABLE t (a int PRIMARY KEY,\n b int,\n PRIMARY KEY (b));",
    );
    assert_eq!(
        e,
        "m.sql:1: table t has a second primary key (the first at m.sql:1)"
    );
    let e = error(DialectKind::Sqlite, "CREATE TABLE t (\n a int,\n a text);");
    assert_eq!(e, "m.sql:3: column a is defined twice in table t");
}

#[test]
fn syntax_errors_name_the_line_and_quote_the_statement() {
    let e = error(
        DialectKind::Postgres,
        "CREATE TABLE ok (a int);\n\nCREATE TABLE a (\n  id int,\n  x int FOO\n);",
    );
    assert_eq!(
        e,
        "m.sql:5: cannot parse `CREATE TABLE a ( id int, x int FOO )` (statement from line 3): \
         Expected: ',' or ')' after column definition, found: FOO at column 9"
    );
    let e = error(
        DialectKind::Sqlite,
        "CREATE TABLE a (\n  x text DEFAULT 'abc\n);",
    );
    assert!(
        e.starts_with("m.sql:2: cannot parse `x text DEFAULT 'abc`: Unterminated string literal"),
        "{e}"
    );
    let e = error(
        DialectKind::Mysql,
        "CREATE TABLE a (x int) CREATE TABLE b (y int);",
    );
    assert!(e.starts_with("m.sql:1: "), "{e}");
    // A column on the statement's first line counts from the file line's start.
    let e = error(
        DialectKind::Postgres,
        "CREATE TABLE ok (a int); CREATE TABLE b (x int FOO);",
    );
    assert!(e.ends_with("found: FOO at column 48"), "{e}");
    // A statement that looks like a model statement is never skipped.
    let e = error(DialectKind::Sqlite, "CRAETE TABLE t (a int);");
    assert!(
        e.starts_with("m.sql:1: cannot parse `CRAETE TABLE t (a int)`"),
        "{e}"
    );
}

#[test]
fn unreadable_statements_that_model_nothing_are_skipped() {
    let l = lite("PRAGMA foreign_keys = ON;\nCREATE TABLE t (a int);");
    assert_eq!(l.schema.tables.len(), 1);
    assert_eq!(l.warnings.len(), 1);
    assert!(
        l.warnings[0].starts_with("m.sql:1: skipped PRAGMA foreign_keys = ON"),
        "{:?}",
        l.warnings
    );
}

#[test]
fn other_statements_are_skipped_with_warnings() {
    let l = pg("SET search_path = public;
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE TABLE t (a int);
CREATE VIEW v AS SELECT a FROM t WHERE a > 0 AND a < 100 AND a <> 50 ORDER BY a;
CREATE SEQUENCE s;
INSERT INTO t VALUES (1);
CREATE TEMPORARY TABLE tmp (a int);");
    assert_eq!(l.schema.tables.len(), 1);
    assert_eq!(l.schema.extensions.len(), 1);
    assert_eq!(l.schema.sequences.len(), 1);
    let tail = ": revise models tables, indexes, types, sequences, extensions and comments";
    assert_eq!(
        l.warnings,
        [
            format!("m.sql:1: skipped SET search_path = public{tail}"),
            format!(
                "m.sql:4: skipped CREATE VIEW v AS SELECT a FROM t WHERE a > 0 AND a < 100 AND ...{tail}"
            ),
            format!("m.sql:6: skipped INSERT INTO t VALUES (1){tail}"),
            format!("m.sql:7: skipped CREATE TEMPORARY TABLE tmp (a int){tail}"),
        ]
    );
}

#[test]
fn collations_are_read() {
    let l = pg("CREATE TABLE t (\n a text COLLATE \"C\" NOT NULL);");
    assert!(!table(&l, "t").columns[0].nullable);
    assert_eq!(
        table(&l, "t").columns[0].collation.as_deref(),
        Some("\"C\"")
    );
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
}

#[test]
fn helpers() {
    assert_eq!(start_column("a;\ncé; CREATE x\n y", 2, "CREATE x"), 5);
    assert_eq!(start_column("", 5, "x"), 1);
    assert!(describes_nothing_modelled("PRAGMA foreign_keys = ON"));
    assert!(describes_nothing_modelled(
        "create or replace function f() ..."
    ));
    assert!(describes_nothing_modelled(
        "CREATE DEFINER=`root`@`%` TRIGGER t ..."
    ));
    assert!(!describes_nothing_modelled("CREATE TABLE t (a int FOO)"));
    assert!(!describes_nothing_modelled(
        "CREATE UNIQUE INDEX i ON t (a)"
    ));
    assert!(!describes_nothing_modelled("CRAETE TABLE t (a int)"));
    // pg_dump's comments on what the models do not hold.
    assert!(describes_nothing_modelled(
        "COMMENT ON CONSTRAINT ck ON public.a IS 'x'"
    ));
    assert!(describes_nothing_modelled(
        "COMMENT ON TRIGGER tr ON public.a IS 'x'"
    ));
    assert!(!describes_nothing_modelled("COMMENT ON TABLE a IS 'x'"));
    assert!(describes_nothing_modelled(
        "ALTER INDEX public.p_k ATTACH PARTITION public.p1_k_idx"
    ));
    assert!(!describes_nothing_modelled("ALTER INDEX a RENAME TO b"));
    assert!(!describes_nothing_modelled("COMMENT ON COLUMN a.b IS 'x'"));
    assert_eq!(
        split_location("Expected: x, found: y at Line: 3, Column: 9"),
        ("Expected: x, found: y", Some((3, 9)))
    );
    assert_eq!(split_location("no location"), ("no location", None));
    assert_eq!(
        beginning("CREATE   TABLE\n t (a int)"),
        "CREATE TABLE t (a int)"
    );
    assert_eq!(
        beginning(&"word ".repeat(30)),
        "word word word word word word word word word word word word ..."
    );
}

#[test]
fn features_outside_the_model_are_kept_out_with_warnings() {
    let l = pg("CREATE TABLE t (
  a int PRIMARY KEY DEFERRABLE,
  b int GENERATED ALWAYS AS (a * 2) STORED,
  c text,
  UNIQUE NULLS NOT DISTINCT (c),
  EXCLUDE USING gist (a WITH =)
) WITH (fillfactor = 70);
CREATE INDEX i ON t (c text_pattern_ops NULLS FIRST) INCLUDE (b) WITH (fillfactor = 50);");
    let t = table(&l, "t");
    assert_eq!(t.columns[1].identity, None);
    assert_eq!(
        t.primary_key.as_ref().map(|k| k.deferrable),
        Some(Deferrable::InitiallyImmediate)
    );
    assert_eq!(
        t.columns[1].generated,
        Some(Box::new(crate::schema::Generated {
            expression: "a * 2".into(),
            stored: true
        }))
    );
    assert_eq!(t.uniques.len(), 1);
    assert!(t.uniques[0].nulls_not_distinct);
    assert_eq!(
        t.indexes[0].parts,
        [IndexPart {
            opclass: Some("text_pattern_ops".into()),
            nulls_first: Some(true),
            ..IndexPart::column("c")
        }]
    );
    assert_eq!(t.indexes[0].include, ["b"]);
    assert_eq!(
        l.warnings,
        [
            "m.sql:1: table t: `EXCLUDE USING gist (a WITH =)` is not modelled; skipped",
            "m.sql:1: table t: option `fillfactor = 70` is not modelled; ignored",
            "m.sql:8: index i on t: WITH (storage parameters) is not modelled; ignored",
        ]
    );
    let l = my("CREATE TABLE t (a INT,
  u TIMESTAMP DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  b TEXT, g POINT NOT NULL,
  FULLTEXT KEY ft (b), SPATIAL INDEX (g)) AUTO_INCREMENT=100 ROW_FORMAT=COMPRESSED;");
    assert_eq!(
        table(&l, "t").columns[1].default.as_deref(),
        Some("CURRENT_TIMESTAMP")
    );
    assert_eq!(
        table(&l, "t").columns[1].on_update.as_deref(),
        Some("CURRENT_TIMESTAMP")
    );
    let methods: Vec<(Option<&str>, Option<&str>)> = table(&l, "t")
        .indexes
        .iter()
        .map(|i| (i.name.as_deref(), i.method.as_deref()))
        .collect();
    assert_eq!(
        methods,
        [(Some("ft"), Some("fulltext")), (None, Some("spatial"))]
    );
    assert_eq!(
        l.warnings,
        ["m.sql:1: table t: option `ROW_FORMAT = COMPRESSED` is not modelled; ignored"]
    );
}

#[test]
fn alter_type_adds_enum_labels() {
    let l = pg("CREATE TYPE s AS ENUM ('b');
        ALTER TYPE s ADD VALUE 'd';
        ALTER TYPE public.s ADD VALUE 'a' BEFORE 'b';
        ALTER TYPE s ADD VALUE 'c' AFTER 'b';
        ALTER TYPE s ADD VALUE IF NOT EXISTS 'c';");
    assert_eq!(l.schema.enums[0].values, ["a", "b", "c", "d"]);
    let e = error(
        DialectKind::Postgres,
        "CREATE TYPE s AS ENUM ('b');\nALTER TYPE s RENAME VALUE 'b' TO 'c';",
    );
    assert!(e.starts_with("m.sql:2: ALTER TYPE s RENAME VALUE"), "{e}");
    let e = error(DialectKind::Postgres, "ALTER TYPE nope ADD VALUE 'x';");
    assert!(
        e.starts_with("m.sql:1: ALTER TYPE names enum type nope"),
        "{e}"
    );
}

fn identity_options_of(l: &Loaded, t: &str) -> Option<IdentityOptions> {
    table(l, t).columns[0].identity_options.as_deref().cloned()
}

#[test]
fn identity_sequence_options_are_read_as_written() {
    let l = pg("CREATE TABLE t (id bigint GENERATED BY DEFAULT AS IDENTITY
    (START WITH 1000 INCREMENT BY 5 MINVALUE 10 MAXVALUE 99999 CACHE 3 CYCLE) PRIMARY KEY);
CREATE TABLE u (id int GENERATED ALWAYS AS IDENTITY (INCREMENT -2 START -10 NO MINVALUE NO CYCLE));
CREATE TABLE v (id int GENERATED ALWAYS AS IDENTITY ());");
    assert_eq!(
        identity_options_of(&l, "t"),
        Some(IdentityOptions {
            start: Some(1000),
            increment: Some(5),
            min_value: Some(10),
            max_value: Some(99999),
            cache: Some(3),
            cycle: true,
        })
    );
    assert_eq!(
        identity_options_of(&l, "u"),
        Some(IdentityOptions {
            start: Some(-10),
            increment: Some(-2),
            ..Default::default()
        })
    );
    assert_eq!(identity_options_of(&l, "v"), None);
    assert_eq!(table(&l, "v").columns[0].identity, Some(Identity::Always));
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    let e = error(
        DialectKind::Postgres,
        "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY (START WITH 1.5));",
    );
    assert!(
        e.contains("column t.id: identity option START WITH 1.5 is not a 64-bit integer"),
        "{e}"
    );
}

#[test]
fn identity_options_beside_a_sequence_name_are_read_and_the_name_is_not() {
    // pg_dump's form: SEQUENCE NAME, which sqlparser cannot read, then every option.
    let l = pg("CREATE TABLE t (id int NOT NULL);
ALTER TABLE t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.\"t id \"\"seq\"
    START WITH 1000
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE u (id int GENERATED BY DEFAULT AS IDENTITY (SEQUENCE NAME u_seq) PRIMARY KEY);");
    assert_eq!(table(&l, "t").columns[0].identity, Some(Identity::Always));
    assert_eq!(
        identity_options_of(&l, "t"),
        Some(IdentityOptions {
            start: Some(1000),
            increment: Some(1),
            cache: Some(1),
            ..Default::default()
        })
    );
    assert_eq!(
        table(&l, "u").columns[0].identity,
        Some(Identity::ByDefault)
    );
    assert_eq!(identity_options_of(&l, "u"), None);
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    // A statement still wrong without the sequence name reports the original error.
    let e = error(
        DialectKind::Postgres,
        "CREATE TABLE u (id int GENERATED BY DEFAULT AS IDENTITY (SEQUENCE NAME u_seq),\n  x int FOO);",
    );
    assert!(e.contains("found: SEQUENCE"), "{e}");
}

#[test]
fn identity_options_sqlparser_cannot_read_are_dropped_with_a_warning() {
    let l = pg("CREATE TABLE t (id int NOT NULL);
ALTER TABLE t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME s START WITH 5 UNLOGGED);
CREATE TABLE u (id int GENERATED BY DEFAULT AS IDENTITY (RESTART 9) PRIMARY KEY,
  p int REFERENCES t (id) ON DELETE SET NULL (p));
CREATE TABLE w (id int GENERATED ALWAYS AS IDENTITY (START WITH 3 AS integer));");
    assert_eq!(table(&l, "t").columns[0].identity, Some(Identity::Always));
    assert_eq!(identity_options_of(&l, "t"), None);
    assert_eq!(
        table(&l, "u").columns[0].identity,
        Some(Identity::ByDefault)
    );
    assert_eq!(identity_options_of(&l, "u"), None);
    assert_eq!(table(&l, "w").columns[0].identity, Some(Identity::Always));
    assert_eq!(identity_options_of(&l, "w"), None);
    assert_eq!(
        l.warnings,
        [
            "m.sql:2: the sequence options after AS IDENTITY cannot be read and are not modelled (a revision creates the identity with the database's defaults); ignored",
            "m.sql:3: the sequence options after AS IDENTITY cannot be read and are not modelled (a revision creates the identity with the database's defaults); ignored",
            "m.sql:3: the column list after SET NULL is not modelled (the action applies to all the key's columns); ignored",
            "m.sql:5: the sequence options after AS IDENTITY cannot be read and are not modelled (a revision creates the identity with the database's defaults); ignored",
        ]
    );
}

#[test]
fn mysql_auto_increment_table_option_is_the_first_value_of_the_auto_increment_column() {
    let l = my(
        "CREATE TABLE t (x INT, id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY) AUTO_INCREMENT=1000;
CREATE TABLE u (x INT) ENGINE=InnoDB AUTO_INCREMENT=7 DEFAULT CHARSET=utf8mb4;",
    );
    let t = table(&l, "t");
    assert_eq!(t.columns[0].identity_options, None);
    assert_eq!(
        t.columns[1].identity_options.as_deref(),
        Some(&IdentityOptions {
            start: Some(1000),
            ..Default::default()
        })
    );
    // Without an auto-increment column the counter means nothing.
    assert!(
        table(&l, "u")
            .columns
            .iter()
            .all(|c| c.identity_options.is_none())
    );
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
}

#[test]
fn sqlite_internal_tables_are_skipped() {
    let l = lite(
        "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);\nCREATE TABLE sqlite_sequence(name,seq);",
    );
    assert_eq!(l.schema.tables.len(), 1);
    // `.schema` prints it in every database with AUTOINCREMENT: no warning.
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
}

#[test]
fn sqlite_table_constraints_without_commas_and_postfix_isnull_are_read() {
    let l = lite(
        "CREATE TABLE p (id INTEGER PRIMARY KEY);\n\
         CREATE TABLE t (a INT, b INT, c INT,\n\
           PRIMARY KEY (a) UNIQUE (b)\n\
           FOREIGN KEY (c) REFERENCES p(id) ON DELETE CASCADE CHECK (a > 0)\n\
           CONSTRAINT c_set CHECK (c ISNULL OR c > 0));\n\
         CREATE INDEX ix ON t (a) WHERE b ISNULL;",
    );
    let t = table(&l, "t");
    assert_eq!(
        t.primary_key.as_ref().map(|k| k.columns.clone()),
        Some(vec!["a".to_string()])
    );
    assert_eq!(t.uniques.len(), 1);
    assert_eq!(t.foreign_keys.len(), 1);
    assert_eq!(
        t.checks,
        [
            Check {
                name: None,
                expression: "a > 0".into()
            },
            Check {
                name: Some("c_set".into()),
                expression: "c IS NULL OR c > 0".into()
            }
        ]
    );
    assert_eq!(t.indexes[0].predicate.as_deref(), Some("b IS NULL"));
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
}

#[test]
fn sqlite_virtual_tables_are_skipped_whatever_their_arguments() {
    let l = lite(
        "CREATE TABLE history (id INTEGER PRIMARY KEY, command TEXT);\n\
         CREATE VIRTUAL TABLE history_fts USING fts5(command, content='history', content_rowid='rowid', tokenize='trigram');\n\
         CREATE VIRTUAL TABLE notes_fts USING fts4(body, tokenize=unicode61);\n\
         CREATE VIRTUAL TABLE IF NOT EXISTS plain USING fts5(a, b);",
    );
    assert_eq!(l.schema.tables.len(), 1);
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
    assert!(
        l.warnings[0].starts_with(
            "m.sql:2: skipped 3 CREATE VIRTUAL statements (the first here: CREATE VIRTUAL TABLE history_fts"
        ),
        "{:?}",
        l.warnings
    );
}

/// What `sqlite3 x.db .schema` prints for an FTS5 table (atuin's), an FTS4
/// and an R*Tree: the shadow tables are the modules', not the models'.
#[test]
fn sqlite_shadow_tables_of_virtual_tables_are_left_out_with_one_warning() {
    let schema = "CREATE TABLE history (id INTEGER PRIMARY KEY, command TEXT);
CREATE VIRTUAL TABLE history_fts USING fts5(command, content='history', content_rowid='rowid', tokenize='trigram')
/* history_fts(command) */;
CREATE TABLE IF NOT EXISTS 'history_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE IF NOT EXISTS 'history_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS 'history_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE IF NOT EXISTS 'history_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TABLE history_fts_log (id INTEGER PRIMARY KEY);
CREATE VIRTUAL TABLE f4 USING fts4(a, tokenize=unicode61)
/* f4(a) */;
CREATE TABLE IF NOT EXISTS 'f4_content'(docid INTEGER PRIMARY KEY, 'c0a');
CREATE TABLE IF NOT EXISTS 'f4_segments'(blockid INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE IF NOT EXISTS 'f4_segdir'(level INTEGER,idx INTEGER,start_block INTEGER,leaves_end_block INTEGER,end_block INTEGER,root BLOB,PRIMARY KEY(level, idx));
CREATE TABLE IF NOT EXISTS 'f4_docsize'(docid INTEGER PRIMARY KEY, size BLOB);
CREATE TABLE IF NOT EXISTS 'f4_stat'(id INTEGER PRIMARY KEY, value BLOB);
CREATE VIRTUAL TABLE rt USING rtree(id, minx, maxx)
/* rt(id,minx,maxx) */;
CREATE TABLE IF NOT EXISTS \"rt_rowid\"(rowid INTEGER PRIMARY KEY,nodeno);
CREATE TABLE IF NOT EXISTS \"rt_node\"(nodeno INTEGER PRIMARY KEY,data);
CREATE TABLE IF NOT EXISTS \"rt_parent\"(nodeno INTEGER PRIMARY KEY,parentnode);
";
    let l = lite(schema);
    let names: Vec<&str> = l.schema.tables.iter().map(|t| t.name.as_str()).collect();
    // A table of the same prefix that is no shadow table stays.
    assert_eq!(names, ["history", "history_fts_log"]);
    assert_eq!(l.warnings.len(), 2, "{:?}", l.warnings);
    assert_eq!(
        l.warnings[1],
        "m.sql:4: left out shadow tables, which SQLite creates and keeps with their virtual table: \
         history_fts_data, history_fts_idx, history_fts_docsize, history_fts_config (of history_fts); \
         f4_content, f4_segments, f4_segdir, f4_docsize, f4_stat (of f4); rt_rowid, rt_node, rt_parent (of rt)"
    );
    // After a VACUUM, `.schema` lists the shadow tables before their
    // virtual table: left out all the same.
    let vacuumed = "CREATE TABLE IF NOT EXISTS 'docs_fts_data'(id INTEGER PRIMARY KEY, block BLOB);\n\
         CREATE TABLE docs (id INTEGER PRIMARY KEY, body TEXT);\n\
         CREATE VIRTUAL TABLE docs_fts USING fts5(body, content='docs');";
    let l = lite(vacuumed);
    let names: Vec<&str> = l.schema.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["docs"]);
    // Without the virtual table in the models, a table is a table here
    // (autogenerate still leaves it alone if the database has it as a
    // shadow table).
    let l = lite("CREATE TABLE IF NOT EXISTS 'docs_fts_data'(id INTEGER PRIMARY KEY, block BLOB);");
    assert_eq!(l.schema.tables.len(), 1);
}

#[test]
fn a_dumps_boilerplate_is_skipped_quietly_but_a_search_path_is_not() {
    for quiet in [
        "SET statement_timeout = 0",
        "SET NAMES utf8mb4",
        "RESET ALL",
        "SELECT pg_catalog.set_config('search_path', '', false)",
        "ALTER TABLE public.t OWNER TO postgres",
        "ALTER MATERIALIZED VIEW public.v OWNER TO app",
        "DROP TABLE IF EXISTS `order lines`",
        "DROP TRIGGER IF EXISTS tr",
        "DROP PROCEDURE IF EXISTS `p`",
        "DROP SEQUENCE IF EXISTS `s`",
    ] {
        assert!(is_dump_boilerplate(quiet), "{quiet}");
    }
    for reported in [
        "SET search_path = app, public",
        "SELECT pg_catalog.set_config('search_path', 'app', false)",
        "SET SCHEMA 'app'",
        "ALTER TABLE t ADD COLUMN a int, ADD COLUMN b int, OWNER TO x",
        "ALTER TABLE t ADD COLUMN a int OWNER TO x",
        "ALTER FUNCTION f() SET search_path = x OWNER TO y",
        "ALTER TYPE mood ADD VALUE 'meh' OWNER TO x",
        "ALTER TYPE mood OWNER TO x, y",
        "ALTER SEQUENCE s OWNED BY t.id",
        "ALTER FROB f OWNER TO x",
        "ALTER FUNCTION OWNER TO x",
        "DROP TABLE t",
        "DROP INDEX IF EXISTS ix",
        "CREATE VIEW v AS SELECT 1",
    ] {
        assert!(!is_dump_boilerplate(reported), "{reported}");
    }
    let l = pg(
        "\\restrict abc\nSET search_path = app;\nSET lock_timeout = 0;\nCREATE TABLE t (a int);\n\\unrestrict abc\n",
    );
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
    assert!(
        l.warnings[0].starts_with("m.sql:2: skipped SET search_path"),
        "{:?}",
        l.warnings
    );
}

/// pg_dump gives every object an owner, `ALTER <kind> ... OWNER TO
/// <role>`, functions with their argument types (Lemmy's dump): all of
/// it boilerplate, read quietly.
#[test]
fn every_alter_owner_to_of_a_dump_is_quiet() {
    let owners = [
        "ALTER FUNCTION public.f(t timestamp with time zone) OWNER TO lemmy;",
        "ALTER FUNCTION public.\"Diff\"(a integer, b text DEFAULT 'x, y') OWNER TO lemmy;",
        "ALTER FUNCTION public.now_utc() OWNER TO lemmy;",
        "ALTER PROCEDURE public.p(IN n integer) OWNER TO lemmy;",
        "ALTER ROUTINE public.r OWNER TO lemmy;",
        "ALTER AGGREGATE public.agg(*) OWNER TO lemmy;",
        "ALTER AGGREGATE public.med(ORDER BY double precision) OWNER TO lemmy;",
        "ALTER SEQUENCE public.comment_id_seq OWNER TO lemmy;",
        "ALTER TYPE public.listing_type_enum OWNER TO lemmy;",
        "ALTER DOMAIN public.posint OWNER TO lemmy;",
        "ALTER SCHEMA public OWNER TO pg_database_owner;",
        "ALTER SCHEMA r OWNER TO CURRENT_USER;",
        "ALTER VIEW public.v OWNER TO lemmy;",
        "ALTER MATERIALIZED VIEW public.mv OWNER TO lemmy;",
        "ALTER FOREIGN TABLE public.ft OWNER TO lemmy;",
        "ALTER EXTENSION ltree OWNER TO lemmy;",
        "ALTER TEXT SEARCH CONFIGURATION public.cfg OWNER TO lemmy;",
        "ALTER OPERATOR public.<-> (point, point) OWNER TO lemmy;",
        "ALTER OPERATOR CLASS public.my_ops USING btree OWNER TO lemmy;",
        "ALTER OPERATOR FAMILY public.my_ops USING gist OWNER TO lemmy;",
        "ALTER LARGE OBJECT 16403 OWNER TO lemmy;",
        "ALTER TABLE ONLY public.t OWNER TO \"Lemmy Admin\";",
        "ALTER TABLE IF EXISTS public.t OWNER TO lemmy;",
        "ALTER EVENT TRIGGER et OWNER TO lemmy;",
        "ALTER SERVER s OWNER TO lemmy;",
        "ALTER FOREIGN DATA WRAPPER w OWNER TO lemmy;",
        "ALTER PUBLICATION pub OWNER TO lemmy;",
        "ALTER STATISTICS public.st OWNER TO lemmy;",
    ];
    for sql in owners {
        assert!(is_dump_boilerplate(sql), "{sql}");
    }
    let l = pg(&format!(
        "CREATE TABLE public.t (id integer);\n{}\n",
        owners.join("\n")
    ));
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    assert_eq!(l.schema.tables.len(), 1);
}

#[test]
fn partitions_are_left_out_as_introspection_leaves_them_out() {
    let l = pg("CREATE TABLE events (id bigint NOT NULL, at timestamptz NOT NULL) PARTITION BY RANGE (at);
        CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
        CREATE TABLE public.events_2026 (id bigint NOT NULL, at timestamptz NOT NULL);
        ALTER TABLE ONLY public.events ATTACH PARTITION public.events_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');");
    let names: Vec<&str> = l.schema.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["events"]);
    // The parent keeps its partition key, to be created partitioned.
    assert_eq!(
        l.schema.tables[0].partition_by.as_deref(),
        Some("RANGE(at)")
    );
    assert!(
        l.warnings[0].starts_with("m.sql:2: table events_2025 is a partition of events"),
        "{:?}",
        l.warnings
    );
    assert!(
        l.warnings[1]
            .starts_with("m.sql:4: table public.events_2026 is a partition of public.events"),
        "{:?}",
        l.warnings
    );
    assert_eq!(l.warnings.len(), 2, "{:?}", l.warnings);
}

/// pg_dump writes a partitioned table's index `ON ONLY` the table, then each
/// partition's index and `ALTER INDEX ... ATTACH PARTITION`: the table's
/// index is read, the partitions' are left out with them.
#[test]
fn a_pg_dump_index_on_only_a_partitioned_table_is_its_index() {
    let l = pg("CREATE TABLE public.p (id integer NOT NULL, k date NOT NULL) PARTITION BY RANGE (k);
        CREATE TABLE public.p1 (id integer NOT NULL, k date NOT NULL);
        ALTER TABLE ONLY public.p ATTACH PARTITION public.p1 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        CREATE INDEX p_k ON ONLY public.p USING btree (k);
        CREATE INDEX p1_k_idx ON public.p1 USING btree (k);
        ALTER INDEX public.p_k ATTACH PARTITION public.p1_k_idx;");
    let names: Vec<&str> = l.schema.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["p"]);
    let indexes: Vec<Option<&str>> = l.schema.tables[0]
        .indexes
        .iter()
        .map(|i| i.name.as_deref())
        .collect();
    assert_eq!(indexes, [Some("p_k")]);
}

#[test]
fn a_set_null_column_list_is_read_past_with_a_warning() {
    let l = pg("CREATE TABLE p (t int, id int, PRIMARY KEY (t, id));
        CREATE TABLE c (t int NOT NULL, p_id int,
          FOREIGN KEY (t, p_id) REFERENCES p (t, id) ON DELETE SET NULL (p_id));");
    let fk = &table(&l, "c").foreign_keys[0];
    assert_eq!(fk.on_delete, FkAction::SetNull);
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
    assert!(
        l.warnings[0].starts_with("m.sql:2: the column list after SET NULL is not modelled"),
        "{:?}",
        l.warnings
    );
}

#[test]
fn a_serial_columns_sequence_is_the_columns_a_standalone_one_is_modelled() {
    let l = pg("CREATE TABLE public.orders (id integer NOT NULL);
CREATE SEQUENCE public.orders_id_seq AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE public.orders_id_seq OWNED BY public.orders.id;
ALTER TABLE ONLY public.orders ALTER COLUMN id SET DEFAULT nextval('public.orders_id_seq'::regclass);
CREATE SEQUENCE public.invoice_numbers START WITH 1000;
ALTER SEQUENCE public.invoice_numbers OWNED BY NONE;");
    assert_eq!(
        table(&l, "orders").columns[0].default.as_deref(),
        Some("nextval('public.orders_id_seq'::REGCLASS)")
    );
    // OWNED BY NONE gives the sequence to no column: it is the models' own,
    // with its options as written, to be created as such.
    assert_eq!(
        l.schema.sequences,
        [Sequence {
            schema: Some("public".into()),
            name: "invoice_numbers".into(),
            options: Some(" START WITH 1000".into()),
            owned_by: None,
        }]
    );
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
    assert!(
        l.warnings[0].starts_with("m.sql:6: skipped ALTER SEQUENCE public.invoice_numbers"),
        "{:?}",
        l.warnings
    );
    // Given to a column in its own statement, it is the column's.
    let l = pg("CREATE TABLE t (id bigint);
CREATE SEQUENCE t_id_seq OWNED BY t.id;");
    assert!(l.schema.sequences.is_empty());
}

#[test]
fn a_quoted_serial_sequence_is_the_columns_too() {
    // pg_dump quotes a sequence name that needs it and qualifies it; the
    // name may hold a space, so it is not found by splitting on spaces.
    let l = pg(
        r#"CREATE TABLE public."Audit Log" (id integer NOT NULL, note text);
CREATE SEQUENCE public."Audit Log_id_seq" AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE public."Audit Log_id_seq" OWNED BY public."Audit Log".id;
ALTER TABLE ONLY public."Audit Log" ALTER COLUMN id SET DEFAULT nextval('public."Audit Log_id_seq"'::regclass);
CREATE SEQUENCE "Mixed.Case seq";
CREATE SEQUENCE mixed;
ALTER SEQUENCE IF EXISTS "Mixed.Case seq" OWNED BY "Audit Log".note;"#,
    );
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    // Quoted names are exact: `mixed` is not `"Mixed.Case seq"`, and stays
    // a sequence of its own.
    assert_eq!(
        l.schema.sequences,
        [Sequence {
            schema: None,
            name: "mixed".into(),
            options: None,
            owned_by: None,
        }]
    );
    // Qualified on one side only, the default schema still matches.
    let l = pg(r#"CREATE SEQUENCE "S q";
ALTER SEQUENCE public."S q" OWNED BY t.id;"#);
    assert!(l.schema.sequences.is_empty(), "{:?}", l.schema.sequences);
}

/// MySQL's statement forms of full-text and spatial indexes, which sqlparser
/// cannot read as `CREATE INDEX`: the same indexes as `FULLTEXT KEY` inside
/// the table.
#[test]
fn mysql_create_fulltext_and_spatial_index_statements() {
    let l = my("CREATE TABLE t (a INT, b TEXT, c TEXT, g POINT NOT NULL);
CREATE FULLTEXT INDEX ft ON t (b, c);
create spatial index sp on t (g);
ALTER TABLE t ADD FULLTEXT KEY ft2 (c);
CREATE INDEX plain ON t (a);");
    let methods: Vec<(Option<&str>, Option<&str>, usize)> = table(&l, "t")
        .indexes
        .iter()
        .map(|i| (i.name.as_deref(), i.method.as_deref(), i.parts.len()))
        .collect();
    assert_eq!(
        methods,
        [
            (Some("ft"), Some("fulltext"), 2),
            (Some("sp"), Some("spatial"), 1),
            (Some("ft2"), Some("fulltext"), 1),
            (Some("plain"), None, 1),
        ]
    );
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    // Elsewhere the words mean nothing: still a parse error naming the line.
    let e = error(
        DialectKind::Postgres,
        "CREATE TABLE t (b TEXT);\nCREATE FULLTEXT INDEX ft ON t (b);",
    );
    assert!(e.contains(":2:"), "{e}");
}

/// `CREATE EXTENSION` lists an extension the models need (PostgreSQL only):
/// names fold like identifiers, one named twice is one, pg_dump's comment on
/// it goes unmentioned.
#[test]
fn postgres_extensions_are_read() {
    let l = pg("CREATE EXTENSION IF NOT EXISTS CITEXT;
CREATE EXTENSION \"uuid-ossp\" WITH SCHEMA public;
CREATE EXTENSION postgis SCHEMA extensions VERSION '3.4.0';
COMMENT ON EXTENSION citext IS 'data type for case-insensitive character strings';
CREATE EXTENSION IF NOT EXISTS citext;
CREATE TABLE t (email citext);");
    let extensions: Vec<(&str, Option<&str>)> = l
        .schema
        .extensions
        .iter()
        .map(|e| (e.name.as_str(), e.schema.as_deref()))
        .collect();
    assert_eq!(
        extensions,
        [
            ("citext", None),
            ("uuid-ossp", Some("public")),
            ("postgis", Some("extensions")),
        ]
    );
    assert_eq!(
        l.warnings,
        ["m.sql:3: extension postgis: VERSION is not modelled; the server's default is installed"]
    );
    let l = lite("CREATE EXTENSION citext;");
    assert!(l.schema.extensions.is_empty());
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
}

/// `CREATE SCHEMA` names a schema the models need (PostgreSQL), with or
/// without an owner; one without a name (`AUTHORIZATION role` alone) is
/// skipped, as everywhere but PostgreSQL.
#[test]
fn postgres_schemas_are_read() {
    let l = pg("CREATE SCHEMA audit;
CREATE SCHEMA IF NOT EXISTS \"Reporting\" AUTHORIZATION app;
CREATE SCHEMA AUTHORIZATION app;");
    assert_eq!(l.schema.schemas, ["audit", "Reporting"]);
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
    let l = my("CREATE SCHEMA audit;");
    assert!(l.schema.schemas.is_empty());
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
}

/// `CREATE TYPE ... AS (...)` (PostgreSQL) is a composite type: attribute
/// names and user-defined type names folded as a column's, arrays and
/// collations kept; one defined twice, or an attribute listed twice, is an
/// error. MySQL and SQLite skip the statement.
#[test]
fn postgres_composite_types_are_read() {
    let l = pg("CREATE TYPE Pt AS (X int, \"Y\" numeric(10, 2));
CREATE TYPE geo.line AS (a PT, b pt[], label text COLLATE \"C\");");
    type Attributes<'a> = Vec<(&'a str, &'a str)>;
    let composites: Vec<(Option<&str>, &str, Attributes)> = l
        .schema
        .composites
        .iter()
        .map(|c| {
            (
                c.schema.as_deref(),
                c.name.as_str(),
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
            (None, "pt", vec![("x", "INT"), ("Y", "NUMERIC(10,2)")]),
            (
                Some("geo"),
                "line",
                vec![("a", "pt"), ("b", "pt[]"), ("label", "TEXT COLLATE \"C\"")]
            ),
        ]
    );
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    let e = error(
        DialectKind::Postgres,
        "CREATE TYPE pt AS (x int);\nCREATE TYPE public.pt AS (y int);",
    );
    assert!(
        e.contains("m.sql:2: composite type public.pt is defined twice"),
        "{e}"
    );
    let e = error(DialectKind::Postgres, "CREATE TYPE pt AS (x int, X text);");
    assert!(e.contains("attribute x is defined twice"), "{e}");
    let l = my("CREATE TYPE pt AS (x int);");
    assert!(l.schema.composites.is_empty());
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
}

/// `CREATE DOMAIN` (PostgreSQL) keeps its definition as written, whether
/// sqlparser reads the statement or not (`NOT NULL`, named constraints).
#[test]
fn postgres_domains_are_read() {
    let l = pg("CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
CREATE DOMAIN public.\"Email\" AS text NOT NULL CONSTRAINT has_at CHECK (VALUE LIKE '%@%');
CREATE DOMAIN audit.code varchar(8);");
    let domains: Vec<(Option<&str>, &str, &str)> = l
        .schema
        .domains
        .iter()
        .map(|d| (d.schema.as_deref(), d.name.as_str(), d.definition.as_str()))
        .collect();
    assert_eq!(
        domains,
        [
            (None, "positive", "INTEGER CHECK (VALUE > 0)"),
            (
                Some("public"),
                "Email",
                "text NOT NULL CONSTRAINT has_at CHECK (VALUE LIKE '%@%')"
            ),
            (Some("audit"), "code", "varchar(8)"),
        ]
    );
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    let e = error(
        DialectKind::Postgres,
        "CREATE DOMAIN d AS int;\nCREATE DOMAIN d AS text NOT NULL;",
    );
    assert!(e.contains("m.sql:2: domain d is defined twice"), "{e}");
}

#[test]
fn sqlite_table_options_are_read_without_warnings() {
    let l = lite("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT) STRICT, WITHOUT ROWID;");
    let t = table(&l, "t");
    assert!(t.strict && t.without_rowid);
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
}

#[test]
fn an_index_part_collation_is_reported_not_kept_outside_sqlite() {
    let l = pg(
        "CREATE TABLE t (s text);\nCREATE INDEX i ON t (s COLLATE \"C\", (lower(s) COLLATE \"C\"));",
    );
    let parts = &table(&l, "t").indexes[0].parts;
    assert_eq!(parts[0], IndexPart::column("s"));
    assert!(
        parts[1].expression && parts[1].value == "lower(s)",
        "{parts:?}"
    );
    assert_eq!(l.warnings.len(), 2, "{:?}", l.warnings);
    assert!(l.warnings[0].contains("COLLATE is not modelled"));
    let l = lite("CREATE TABLE t (s text);\nCREATE INDEX i ON t (s COLLATE NOCASE);");
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
}

#[test]
fn mysql_table_collation_and_engine_are_kept() {
    let l = my(
        "CREATE TABLE t (a TEXT) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_german1_ci;\nCREATE TABLE u (a TEXT) ENGINE=InnoDB;\nCREATE TABLE v (a TEXT);",
    );
    assert_eq!(
        table(&l, "t").collation.as_deref(),
        Some("latin1_german1_ci")
    );
    assert_eq!(table(&l, "u").collation, None);
    assert_eq!(table(&l, "t").engine.as_deref(), Some("MyISAM"));
    assert_eq!(table(&l, "u").engine.as_deref(), Some("InnoDB"));
    assert_eq!(table(&l, "v").engine, None, "no ENGINE= leaves it unsaid");
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    // A column with its own character set keeps it, and the table its
    // collation.
    let l = my(
        "CREATE TABLE c (b VARCHAR(10) CHARACTER SET ascii, d TEXT CHARACTER SET utf8mb4) COLLATE=utf8mb4_unicode_520_ci;",
    );
    let c = table(&l, "c");
    assert_eq!(c.collation.as_deref(), Some("utf8mb4_unicode_520_ci"));
    let got: Vec<Option<&str>> = c.columns.iter().map(|c| c.collation.as_deref()).collect();
    assert_eq!(got, [Some("ascii"), Some("utf8mb4")]);
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
}

#[test]
fn sqlite_and_mysql_names_match_without_regard_to_case() {
    let l = lite(
        "CREATE TABLE A (S TEXT);\nCREATE INDEX i ON a (s);\nCREATE TABLE b (x INT REFERENCES \"a\" (S));",
    );
    assert_eq!(table(&l, "A").indexes.len(), 1);
    let e = error(
        DialectKind::Sqlite,
        "CREATE TABLE t (a int);\nCREATE TABLE T (b int);",
    );
    assert!(e.contains("table T is defined twice"), "{e}");
    let e = error(
        DialectKind::Sqlite,
        "CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);\nCREATE INDEX I ON t (a);",
    );
    assert!(e.contains("index I is defined twice"), "{e}");
    let e = error(DialectKind::Mysql, "CREATE TABLE t (a int, A int);");
    assert!(e.contains("column A is defined twice"), "{e}");
    // PostgreSQL folds unquoted names and keeps quoted ones exact.
    let e = error(
        DialectKind::Postgres,
        "CREATE TABLE t (\"A\" int);\nCREATE INDEX i ON t (a);",
    );
    assert!(e.contains("names a, which is not a column"), "{e}");
}

#[test]
fn unlogged_tables_and_concurrent_indexes_are_said_to_be_ignored() {
    let l = pg("CREATE UNLOGGED TABLE cache (k text PRIMARY KEY, v text);
CREATE INDEX CONCURRENTLY ix_v ON cache (v);");
    assert_eq!(l.warnings.len(), 2, "{:?}", l.warnings);
    assert!(
        l.warnings[0].contains("m.sql:1") && l.warnings[0].contains("UNLOGGED is not modelled"),
        "{:?}",
        l.warnings
    );
    assert!(
        l.warnings[1].contains("m.sql:2")
            && l.warnings[1].contains("index ix_v on cache: CONCURRENTLY is not modelled"),
        "{:?}",
        l.warnings
    );
    assert_eq!(table(&l, "cache").indexes.len(), 1);
}

/// Statements pg_dump writes that sqlparser cannot read: those that only say
/// how something is stored are skipped, a key with storage parameters is
/// kept, an index on a (skipped) materialized view is skipped, and skipped
/// statements of one kind share one warning.
#[test]
fn pg_dump_storage_statements_are_skipped_and_keys_kept() {
    let l = pg("CREATE TABLE s1 (id int NOT NULL, x text, y text);
ALTER TABLE ONLY public.s1 ALTER COLUMN y SET STORAGE EXTERNAL;
ALTER TABLE ONLY public.s1 ALTER COLUMN x SET COMPRESSION pglz;
ALTER TABLE ONLY public.s1 ALTER COLUMN \"y\" SET STATISTICS -1;
ALTER TABLE ONLY public.s1 ADD CONSTRAINT s1pk PRIMARY KEY (id) WITH (fillfactor='50');
ALTER TABLE ONLY public.s1 ADD CONSTRAINT s1x UNIQUE (x) INCLUDE (y) WITH (fillfactor='70', deduplicate_items=off);
ALTER TABLE public.s1 CLUSTER ON s1pk;
ALTER TEXT SEARCH CONFIGURATION public.mycfg ADD MAPPING FOR asciiword WITH english_stem;
ALTER TEXT SEARCH CONFIGURATION public.mycfg ADD MAPPING FOR word WITH english_stem;
CREATE MATERIALIZED VIEW public.mv AS
 SELECT id FROM public.s1
  WITH NO DATA;
CREATE INDEX mv_id_idx ON public.mv USING btree (id);
COMMENT ON COLUMN public.mv.id IS 'the id';
GRANT ALL ON TABLE public.s1 TO app;
GRANT SELECT ON TABLE public.mv TO app;");
    let t = table(&l, "s1");
    let pk = t.primary_key.as_ref().expect("the key is kept");
    assert_eq!(
        (pk.name.as_deref(), pk.columns.clone()),
        (Some("s1pk"), vec!["id".to_string()])
    );
    assert_eq!(t.uniques.len(), 1);
    assert!(t.indexes.is_empty());
    let w = &l.warnings;
    let at = |line: &str, text: &str| {
        assert!(
            w.iter()
                .any(|x| x.starts_with(&format!("m.sql:{line}: ")) && x.contains(text)),
            "no warning at line {line} with {text}: {w:#?}"
        )
    };
    at(
        "2",
        "skipped 4 ALTER TABLE statements (the first here: ALTER TABLE ONLY public.s1 ALTER COLUMN y SET STORAGE",
    );
    at(
        "5",
        "WITH (storage parameters) of a key's index is not modelled",
    );
    at(
        "6",
        "WITH (storage parameters) of a key's index is not modelled",
    );
    at("8", "skipped 2 ALTER TEXT SEARCH statements");
    at("10", "skipped CREATE MATERIALIZED VIEW public.mv");
    at(
        "13",
        "skipped CREATE INDEX on public.mv: public.mv is a materialized view",
    );
    at(
        "14",
        "skipped COMMENT ON COLUMN public.mv.id: public.mv is a view",
    );
    at("15", "skipped 2 GRANT statements");
    assert_eq!(w.len(), 9, "{w:#?}");

    // Only storage: a second action, or another one, is still an error.
    for sql in [
        "CREATE TABLE s (a int);\nALTER TABLE s ALTER COLUMN a SET STORAGE PLAIN, ADD COLUMN b int;",
        "CREATE TABLE s (a int);\nALTER TABLE s CLUSTER ON ix, ALTER COLUMN a SET STORAGE MAIN;",
    ] {
        assert!(
            parse_sql(Path::new("m.sql"), sql, DialectKind::Postgres).is_err(),
            "{sql}"
        );
    }
}

#[test]
fn sqlite_hex_integers_stay_integers_and_mysql_hex_stays_binary() {
    // SQLite: 0x10 is the integer 16 (https://sqlite.org/lang_expr.html#hexint).
    let sql = "CREATE TABLE d (a INTEGER DEFAULT 0x10, b BLOB DEFAULT X'10',\n  \
               c INTEGER DEFAULT -0X1F, d INTEGER CHECK (d & 0x10 = 0));";
    let defaults = |l: &Loaded| -> Vec<Option<String>> {
        table(l, "d")
            .columns
            .iter()
            .map(|c| c.default.clone())
            .collect()
    };
    let lite = lite(sql);
    assert_eq!(
        defaults(&lite),
        [
            Some("0x10".to_string()),
            Some("X'10'".into()),
            Some("-0X1F".into()),
            None
        ]
    );
    assert_eq!(table(&lite, "d").checks[0].expression, "d & 0x10 = 0");
    // MySQL: 0x10 is a binary string, as sqlparser reads it.
    let my = my("CREATE TABLE d (a VARBINARY(2) DEFAULT 0x10);");
    assert_eq!(defaults(&my), [Some("X'10'".to_string())]);
}

#[test]
fn sqlite_integer_primary_key_desc_is_refused_as_no_rowid_alias() {
    let e = error(
        DialectKind::Sqlite,
        "CREATE TABLE t (\n  id INTEGER PRIMARY KEY DESC,\n  a TEXT);",
    );
    assert!(
        e.contains("m.sql:2")
            && e.contains("column t.id: INTEGER PRIMARY KEY DESC is not a rowid alias")
            && e.contains("write id INTEGER PRIMARY KEY for the alias, or id INT PRIMARY KEY"),
        "{e}"
    );
    assert!(!e.contains('\n'), "{e}");
    // What SQLite does read as the alias, or as no alias, is modelled.
    for sql in [
        "CREATE TABLE t (id INTEGER PRIMARY KEY ASC);",
        "CREATE TABLE t (id INTEGER, PRIMARY KEY (id DESC));",
        "CREATE TABLE t (id INTEGER PRIMARY KEY DESC) WITHOUT ROWID;",
        "CREATE TABLE t (id INT PRIMARY KEY DESC);",
    ] {
        let l = lite(sql);
        assert_eq!(
            table(&l, "t")
                .primary_key
                .as_ref()
                .map(|k| k.columns.clone()),
            Some(vec!["id".to_string()]),
            "{sql}"
        );
    }
}

#[test]
fn mysql_invisible_columns_are_modelled() {
    let l = my("CREATE TABLE t (id INT PRIMARY KEY, secret INT INVISIBLE, shown INT);");
    let flags: Vec<bool> = table(&l, "t").columns.iter().map(|c| c.invisible).collect();
    assert_eq!(flags, [false, true, false]);
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    // Only MySQL/MariaDB hide columns: elsewhere the keyword stays a warning.
    let l = pg("CREATE TABLE t (id INT PRIMARY KEY, secret INT INVISIBLE);");
    assert!(!table(&l, "t").columns[1].invisible);
    assert!(l.warnings[0].contains("INVISIBLE"), "{:?}", l.warnings);
}

#[test]
fn mariadb_persistent_mod_and_system_versioning_are_read() {
    let l = my(
        "CREATE TABLE t (a INT, b INT AS (a * 2) PERSISTENT, CHECK (a MOD 2 IN (0, 1)), CHECK (MOD(a, 3) = 0), CHECK (NOT MOD(a, 5))) WITH SYSTEM VERSIONING;",
    );
    let t = table(&l, "t");
    let g = t.columns[1].generated.as_ref().unwrap();
    assert!(g.stored);
    let checks: Vec<&str> = t.checks.iter().map(|c| c.expression.as_str()).collect();
    assert_eq!(
        checks,
        ["a % 2 IN (0, 1)", "MOD(a, 3) = 0", "NOT MOD(a, 5)"]
    );
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
    assert!(l.warnings[0].contains("WITH SYSTEM VERSIONING is not modelled"));
    // A column named mod, and the words in strings, stay.
    let l = my(
        "CREATE TABLE u (`mod` INT, mod2 INT COMMENT 'x MOD y PERSISTENT', CHECK (`mod` MOD 2 = 0)) WITH SYSTEM VERSIONING;",
    );
    let t = table(&l, "u");
    assert_eq!(t.columns[1].comment.as_deref(), Some("x MOD y PERSISTENT"));
    assert_eq!(t.checks[0].expression, "`mod` % 2 = 0");
}

#[test]
fn a_check_not_enforced_is_left_out_whole() {
    let l = my("CREATE TABLE t (id int NOT NULL, v int, \
         CONSTRAINT c CHECK (v > 0) NOT ENFORCED, CONSTRAINT d CHECK (v < 9), PRIMARY KEY (id));");
    let names: Vec<Option<&str>> = table(&l, "t")
        .checks
        .iter()
        .map(|c| c.name.as_deref())
        .collect();
    assert_eq!(names, [Some("d")], "an enforced check would reject rows");
    assert_eq!(
        l.warnings,
        [
            "m.sql:1: check c of table t is NOT ENFORCED, which revise does not model; left out of the models"
        ]
    );
}

#[test]
fn a_mysqldump_view_stand_in_table_is_not_a_table() {
    let l = my("CREATE TABLE borrow (rno int NOT NULL, bno int NOT NULL, PRIMARY KEY (rno));
        /*!50001 DROP VIEW IF EXISTS `borrow_view`*/;
        /*!50001 CREATE TABLE `borrow_view` (
          `rno` tinyint NOT NULL,
          `bno` tinyint NOT NULL
        ) ENGINE=MyISAM */;
        /*!50001 DROP TABLE IF EXISTS `borrow_view`*/;
        /*!50001 DROP VIEW IF EXISTS `borrow_view`*/;
        /*!50001 CREATE ALGORITHM=UNDEFINED */
        /*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */
        /*!50001 VIEW `borrow_view` AS select `borrow`.`rno` AS `rno`,`borrow`.`bno` AS `bno` from `borrow` */;");
    let names: Vec<&str> = l.schema.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["borrow"], "the stand-in gave way to the view");
}

#[test]
fn a_mysqldump_view_is_counted_as_a_view() {
    let l = my("CREATE TABLE t (id int PRIMARY KEY);
        /*!50001 CREATE ALGORITHM=UNDEFINED */
        /*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */
        /*!50001 VIEW `v` AS select `t`.`id` AS `id` from `t` */;
        /*!50001 CREATE ALGORITHM=UNDEFINED */
        /*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */
        /*!50001 VIEW `w` AS select `t`.`id` AS `id` from `t` */;");
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
    assert!(
        l.warnings[0].contains("skipped 2 CREATE VIEW statements"),
        "{:?}",
        l.warnings
    );
}

#[test]
fn a_phpmyadmin_export_restates_its_auto_increment_column() {
    let l = my("CREATE TABLE `uploads` (`id` int(10) UNSIGNED ZEROFILL NOT NULL, `name` varchar(20) NOT NULL);
        ALTER TABLE `uploads` ADD PRIMARY KEY (`id`);
        ALTER TABLE `uploads` MODIFY `id` int(10) UNSIGNED ZEROFILL NOT NULL AUTO_INCREMENT, AUTO_INCREMENT=28;");
    let t = table(&l, "uploads");
    assert_eq!(t.columns[0].name, "id");
    assert!(t.columns[0].identity.is_some(), "{:?}", t.columns[0]);
    assert_eq!(t.columns.len(), 2);
    assert_eq!(t.primary_key.as_ref().unwrap().columns, ["id"]);
}

#[test]
fn a_mysqldump_with_data_keeps_quiet_about_disable_keys() {
    let l = my("CREATE TABLE t (id int PRIMARY KEY);
        /*!40000 ALTER TABLE `t` DISABLE KEYS */;
        /*!40000 ALTER TABLE `t` ENABLE KEYS */;");
    assert_eq!(l.schema.tables.len(), 1);
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
}

#[test]
fn a_mysqldump_partitioned_table_is_read_without_its_partitions() {
    let l = my("CREATE TABLE `t` (
          `id` int NOT NULL,
          `d` date NOT NULL,
          PRIMARY KEY (`id`,`d`)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci
        /*!50100 PARTITION BY RANGE (year(`d`))
        (PARTITION p0 VALUES LESS THAN (2020) ENGINE = InnoDB,
         PARTITION p1 VALUES LESS THAN MAXVALUE ENGINE = InnoDB) */;");
    assert_eq!(table(&l, "t").columns.len(), 2);
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
    assert!(
        l.warnings[0].starts_with("m.sql:1: PARTITION BY is not modelled; ignored"),
        "{:?}",
        l.warnings
    );
}

#[test]
fn sqlite_keys_keep_the_collation_and_order_of_their_columns() {
    use crate::schema::KeyColumn;
    let keyed = |collation: Option<&str>, descending| KeyColumn {
        collation: collation.map(str::to_string),
        descending,
    };
    let l = lite(
        "CREATE TABLE t (a TEXT, b TEXT, c TEXT PRIMARY KEY DESC, \
         CONSTRAINT uq UNIQUE (a COLLATE NOCASE), UNIQUE ((a), b ASC), UNIQUE (a, b DESC));\n\
         CREATE TABLE p (a TEXT, b TEXT, PRIMARY KEY (a COLLATE NOCASE, b DESC)) WITHOUT ROWID;",
    );
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    let t = table(&l, "t");
    assert_eq!(
        t.primary_key.as_ref().map(|k| k.column_options.clone()),
        Some(vec![keyed(None, true)])
    );
    let uniques: Vec<_> = t
        .uniques
        .iter()
        .map(|u| {
            (
                u.name.as_deref(),
                u.columns.clone(),
                u.column_options.clone(),
            )
        })
        .collect();
    assert_eq!(
        uniques,
        [
            (
                Some("uq"),
                vec!["a".to_string()],
                vec![keyed(Some("NOCASE"), false)]
            ),
            (None, vec!["a".into(), "b".into()], vec![]),
            (
                None,
                vec!["a".into(), "b".into()],
                vec![keyed(None, false), keyed(None, true)]
            ),
        ]
    );
    assert!(t.indexes.is_empty(), "a key, not a unique index");
    let p = table(&l, "p").primary_key.clone().unwrap();
    assert_eq!(p.columns, ["a", "b"]);
    assert_eq!(
        p.column_options,
        [keyed(Some("NOCASE"), false), keyed(None, true)]
    );
    // An expression is no column, in a key as in SQLite.
    let e = error(
        DialectKind::Sqlite,
        "CREATE TABLE t (a TEXT, PRIMARY KEY (lower(a)));",
    );
    assert!(
        e.contains("PRIMARY KEY of table t: `lower(a)` is not a column"),
        "{e}"
    );
    // MySQL's descending unique key stays a unique index, as before.
    let m = my("CREATE TABLE t (a INT, b INT, UNIQUE KEY uq (a, b DESC));");
    let t = table(&m, "t");
    assert!(t.uniques.is_empty());
    assert!(t.indexes[0].unique && t.indexes[0].parts[1].descending);
}

/// Models read for a MySQL or MariaDB server of `version` (`VERSION()`).
fn for_server(version: &str, sql: &str) -> crate::error::Result<Loaded> {
    let mut model = super::Model::new(DialectKind::Mysql);
    model.server = super::Server::from_version_text(version);
    model.read(Path::new("m.sql"), sql)?;
    model.finish()
}

fn sequence(name: &str, options: &str) -> Sequence {
    Sequence {
        schema: None,
        name: name.into(),
        options: (!options.is_empty()).then(|| options.into()),
        owned_by: None,
    }
}

/// MariaDB's CREATE SEQUENCE in its every spelling (MariaDB KB, "CREATE
/// SEQUENCE"), read into one: the options in the order written.
#[test]
fn mariadb_sequences_are_read_with_their_options() {
    let l = my("CREATE SEQUENCE s START WITH 5;
CREATE SEQUENCE `Odd Seq` INCREMENT = 3 MINVALUE = -2 MAXVALUE 1000 START = 2 CACHE = 10 CYCLE;
CREATE SEQUENCE IF NOT EXISTS n NOMINVALUE NO MAXVALUE NOCACHE NOCYCLE INCREMENT -1 START +9;
CREATE OR REPLACE SEQUENCE bare;
create sequence t engine = Aria comment = 'it''s a \\\\ path';");
    assert_eq!(
        l.schema.sequences,
        [
            sequence("s", " START WITH 5"),
            sequence(
                "Odd Seq",
                " INCREMENT BY 3 MINVALUE -2 MAXVALUE 1000 START WITH 2 CACHE 10 CYCLE"
            ),
            sequence(
                "n",
                " NO MINVALUE NO MAXVALUE NOCACHE NOCYCLE INCREMENT BY -1 START WITH 9"
            ),
            sequence("bare", ""),
            sequence("t", " ENGINE=Aria COMMENT='it''s a \\\\ path'"),
        ]
    );
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    // PostgreSQL reads its own form as before; MySQL's options are not
    // PostgreSQL's spelling.
    assert_eq!(
        pg("CREATE SEQUENCE s START WITH 5;").schema.sequences,
        [sequence("s", " START WITH 5")]
    );
}

/// What `mariadb-dump --no-data` writes for a sequence (10.11): dropped
/// first, created with every option, its counter set after; the table
/// names it with the dumped database in front. Read quietly.
#[test]
fn a_mariadb_dump_of_a_sequence_is_read_quietly() {
    let dump = "/*!40101 SET NAMES utf8mb4 */;

--
-- Sequence structure for `s`
--

DROP SEQUENCE IF EXISTS `s`;
CREATE SEQUENCE `s` start with 5 minvalue 1 maxvalue 9223372036854775806 increment by 1 cache 1000 nocycle ENGINE=InnoDB;
DO SETVAL(`s`, 5, 0);
SELECT SETVAL(`s`, 1005, 0), SETVAL(`s`, 7);

CREATE TABLE `a` (
  `id` int(11) NOT NULL DEFAULT nextval(`shop`.`s`),
  `b` int(11) DEFAULT lastval(`shop`.`s`),
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
";
    let l = my(dump);
    assert_eq!(
        l.schema.sequences,
        [sequence(
            "s",
            " START WITH 5 MINVALUE 1 MAXVALUE 9223372036854775806 INCREMENT BY 1 CACHE 1000 NOCYCLE ENGINE=InnoDB"
        )]
    );
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    let defaults: Vec<Option<&str>> = table(&l, "a")
        .columns
        .iter()
        .map(|c| c.default.as_deref())
        .collect();
    assert_eq!(
        defaults,
        [Some("nextval(`shop`.`s`)"), Some("lastval(`shop`.`s`)")]
    );
    // A SETVAL beside anything else is no dump's: reported.
    let l = my("SELECT SETVAL(s, 5), 1;");
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
}

/// `NEXT VALUE FOR s` and `PREVIOUS VALUE FOR s`, which sqlparser cannot
/// read, are their synonyms `nextval(s)` and `lastval(s)`; the lines stay.
#[test]
fn next_value_for_is_nextval() {
    let l = my("CREATE SEQUENCE s;
CREATE TABLE a (id int PRIMARY KEY DEFAULT (NEXT VALUE FOR s),
  b int DEFAULT NEXT VALUE FOR
    `shop`.`s`,
  c int DEFAULT (previous value for s) + 1);
CREATE TABLE b (x int, y int);");
    let defaults: Vec<Option<&str>> = table(&l, "a")
        .columns
        .iter()
        .map(|c| c.default.as_deref())
        .collect();
    assert_eq!(
        defaults,
        [
            Some("(nextval(s))"),
            Some("nextval(`shop`.`s`)"),
            Some("(lastval(s)) + 1")
        ]
    );
    // A later error still names its own line.
    let e = error(
        DialectKind::Mysql,
        "CREATE TABLE a (id int DEFAULT NEXT VALUE FOR\n s);\nCREATE TABLE b (x int,, y int);",
    );
    assert!(e.starts_with("m.sql:3:"), "{e}");
}

#[test]
fn mariadb_sequence_errors_name_the_line() {
    let e = error(
        DialectKind::Mysql,
        "CREATE TABLE a (id int);\nCREATE SEQUENCE s INCREMENT BY 1 INCREMENT 2;",
    );
    assert!(
        e.starts_with("m.sql:2: cannot parse `CREATE SEQUENCE s"),
        "{e}"
    );
    assert!(
        e.contains("option INCREMENT is given twice at column 34"),
        "{e}"
    );
    let e = error(DialectKind::Mysql, "CREATE SEQUENCE s\n  START WITH 1.5;");
    assert!(e.starts_with("m.sql:2: "), "{e}");
    assert!(e.contains("Expected: an integer, found: 1.5"), "{e}");
    let e = error(DialectKind::Mysql, "CREATE SEQUENCE s RESTART 5;");
    assert!(
        e.contains("Expected: a sequence option, found: RESTART"),
        "{e}"
    );
    let e = error(
        DialectKind::Mysql,
        "CREATE SEQUENCE s ENGINE=InnoDB START WITH 5;",
    );
    assert!(e.contains("Expected: a table option, found: START"), "{e}");
    let e = error(
        DialectKind::Mysql,
        "CREATE SEQUENCE s;\n\nCREATE SEQUENCE s START WITH 2;",
    );
    assert_eq!(
        e,
        "m.sql:3: sequence s is defined twice (first at m.sql:1); write CREATE OR REPLACE SEQUENCE to replace it"
    );
    // OR REPLACE replaces, IF NOT EXISTS leaves the first.
    let l = my(
        "CREATE SEQUENCE s; CREATE OR REPLACE SEQUENCE s START WITH 2; CREATE SEQUENCE IF NOT EXISTS s START WITH 3;",
    );
    assert_eq!(l.schema.sequences, [sequence("s", " START WITH 2")]);
    // A temporary sequence is the session's.
    let l = my("CREATE TEMPORARY SEQUENCE tmp;");
    assert!(l.schema.sequences.is_empty());
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
}

/// MySQL has no sequences, nor MariaDB before 10.3: one line naming the
/// file and the line, where the server is known.
#[test]
fn sequences_are_refused_for_servers_without_them() {
    let sql = "CREATE TABLE a (id int);\nCREATE SEQUENCE s START WITH 5;\n";
    let message = |version: &str| match for_server(version, sql) {
        Ok(l) => panic!("{version}: expected an error, got {:?}", l.schema),
        Err(e) => e.to_string(),
    };
    assert_eq!(
        message("8.0.36"),
        "m.sql:2: CREATE SEQUENCE s: MySQL 8.0 has no sequences (MariaDB has them from 10.3); use an AUTO_INCREMENT column"
    );
    assert_eq!(
        message("10.2.44-MariaDB"),
        "m.sql:2: CREATE SEQUENCE s: MariaDB 10.2 has no sequences (they came in 10.3); use an AUTO_INCREMENT column"
    );
    for version in ["10.3.0-MariaDB", "10.11.19-MariaDB-0+deb12u1"] {
        let l = for_server(version, sql).unwrap();
        assert_eq!(l.schema.sequences, [sequence("s", " START WITH 5")]);
    }
}

/// The indexes of table `name` as (name, comment, ignored).
fn index_flags<'a>(
    loaded: &'a Loaded,
    name: &str,
) -> Vec<(Option<&'a str>, Option<&'a str>, bool)> {
    table(loaded, name)
        .indexes
        .iter()
        .map(|i| (i.name.as_deref(), i.comment.as_deref(), i.ignored))
        .collect()
}

#[test]
fn postgres_index_comments_are_modelled() {
    let l = pg(
        "CREATE TABLE app.t (id int PRIMARY KEY, a int, b int, CONSTRAINT t_b UNIQUE (b));
        CREATE INDEX ix_a ON app.t (a);
        CREATE INDEX ON app.t (b);
        CREATE TABLE u (id int CONSTRAINT u_pk PRIMARY KEY, a int);
        CREATE INDEX ix_a ON u (a);
        COMMENT ON INDEX app.ix_a IS 'who''s a';
        COMMENT ON INDEX app.t_b_idx IS 'unnamed';
        COMMENT ON INDEX public.ix_a IS 'in public';
        COMMENT ON INDEX ix_a IS NULL;
        COMMENT ON INDEX app.t_pkey IS 'pk';
        COMMENT ON INDEX u_pk IS 'pk';
        COMMENT ON INDEX app.t_b IS 'unique';",
    );
    assert_eq!(
        index_flags(&l, "t"),
        [
            (Some("ix_a"), Some("who's a"), false),
            (None, Some("unnamed"), false)
        ]
    );
    assert_eq!(index_flags(&l, "u"), [(Some("ix_a"), None, false)]);
    assert_eq!(l.warnings.len(), 3, "{:?}", l.warnings);
    assert!(
        l.warnings[0].to_string().contains(
            "skipped COMMENT ON INDEX app.t_pkey IS 'pk': app.t_pkey is the index of a primary key or unique constraint"
        ),
        "{}",
        l.warnings[0]
    );
    let e = error(
        DialectKind::Postgres,
        "CREATE TABLE t (a int);\nCREATE INDEX ix ON t (a);\nCOMMENT ON INDEX nope IS 'x';",
    );
    assert_eq!(
        e,
        "m.sql:3: COMMENT ON INDEX names index nope, which is not defined before this line in the models"
    );
}

#[test]
fn mysql_index_comments_and_ignored_indexes_are_modelled() {
    let l = my("CREATE TABLE t (id int PRIMARY KEY, a int, b int, c text, d int,
        KEY ka (a) IGNORED,
        CONSTRAINT ck CHECK (a > 0),
        KEY kb (b) NOT IGNORED COMMENT 'IGNORED, in words',
        FOREIGN KEY (d) REFERENCES t (id),
        INDEX kd (d) USING BTREE COMMENT \"why\" INVISIBLE,
        FULLTEXT KEY kc (c) COMMENT 'words' IGNORED,
        KEY kab (a, b) VISIBLE);
        CREATE INDEX ix ON t (b) COMMENT 'made later' IGNORED;
        CREATE FULLTEXT INDEX fx ON t (c) COMMENT 'also';
        ALTER TABLE t ADD COLUMN e int COMMENT 'e', ADD CONSTRAINT ck2 CHECK (b > 0), ADD KEY ke (e) INVISIBLE;");
    assert_eq!(
        index_flags(&l, "t"),
        [
            (Some("ka"), None, true),
            (Some("kb"), Some("IGNORED, in words"), false),
            (Some("kd"), Some("why"), true),
            (Some("kc"), Some("words"), true),
            (Some("kab"), None, false),
            (Some("ix"), Some("made later"), true),
            (Some("fx"), Some("also"), false),
            (Some("ke"), None, true),
        ]
    );
    let t = table(&l, "t");
    assert_eq!(t.indexes[3].method.as_deref(), Some("fulltext"));
    assert_eq!(t.indexes[6].method.as_deref(), Some("fulltext"));
    assert_eq!(t.checks.len(), 2);
    assert_eq!(t.foreign_keys.len(), 1);
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
}

#[test]
fn mysql_unique_keys_with_a_comment_or_ignored_are_unique_indexes() {
    let l = my("CREATE TABLE t (id int, a int, b int, c int,
        PRIMARY KEY (id) COMMENT 'pk',
        UNIQUE KEY ua (a) COMMENT 'one a',
        CONSTRAINT ub UNIQUE (b) IGNORED,
        UNIQUE KEY uc (c) USING BTREE);");
    let t = table(&l, "t");
    assert_eq!(
        index_flags(&l, "t"),
        [(Some("ua"), Some("one a"), false), (Some("ub"), None, true)]
    );
    assert!(t.indexes.iter().all(|i| i.unique));
    let uniques: Vec<_> = t.uniques.iter().map(|u| u.name.as_deref()).collect();
    assert_eq!(uniques, [Some("uc")]);
    // A primary key is always used, and its comment is not compared.
    assert_eq!(
        l.warnings,
        ["m.sql:1: primary key of t: `COMMENT 'pk'` is not modelled; ignored"]
    );
}

#[test]
fn mysql_index_options_without_a_place_in_the_model_are_reported() {
    let l = my("CREATE TABLE t (id int PRIMARY KEY, n varchar(10), b text,
        KEY k (n) KEY_BLOCK_SIZE=8 COMMENT 'kept',
        UNIQUE KEY u (n) KEY_BLOCK_SIZE 4,
        FULLTEXT KEY ft (b) WITH PARSER ngram);
        CREATE FULLTEXT INDEX ft2 ON t (b) WITH PARSER `ngram`;");
    assert_eq!(
        index_flags(&l, "t"),
        [
            (Some("k"), Some("kept"), false),
            (Some("ft"), None, false),
            (Some("ft2"), None, false),
        ]
    );
    assert_eq!(table(&l, "t").uniques.len(), 1);
    assert_eq!(
        l.warnings,
        [
            "m.sql:1: index k on t: `KEY_BLOCK_SIZE=8` is not modelled; ignored",
            "m.sql:1: unique key u on t: `KEY_BLOCK_SIZE 4` is not modelled; ignored",
            "m.sql:1: index ft on t: `WITH PARSER ngram` is not modelled; ignored (a revision creates the index with the server's built-in parser)",
            "m.sql:5: index ft2 on t: `WITH PARSER ngram` is not modelled; ignored (a revision creates the index with the server's built-in parser)",
        ]
    );
}

#[test]
fn mysql_table_options_sqlparser_lacks_are_reported_unless_default() {
    // mariadb-dump writes Aria's options for every Aria table, and an
    // engine-defined option with its name quoted.
    let l = my("CREATE TABLE a (id int PRIMARY KEY) ENGINE=Aria DEFAULT CHARSET=utf8mb4 PAGE_CHECKSUM=1 TRANSACTIONAL=1;
        CREATE TABLE b (id int PRIMARY KEY) STORAGE ENGINE=InnoDB `PAGE_COMPRESSED`='1' `ENCRYPTED`='NO' COMMENT=\"bee\";
        CREATE TABLE c (id int, d date, PRIMARY KEY (id, d)) ENGINE=Aria PAGE_CHECKSUM=1
          PARTITION BY RANGE (year(d)) (PARTITION p0 VALUES LESS THAN (2020) ENGINE = Aria);
        CREATE TABLE d (id int) ENGINE=aria PAGE_CHECKSUM=0 TRANSACTIONAL 0;
        CREATE TABLE e (id int) ENGINE=InnoDB PAGE_CHECKSUM=1;");
    assert_eq!(table(&l, "a").collation.as_deref(), Some("utf8mb4"));
    assert_eq!(table(&l, "b").comment.as_deref(), Some("bee"));
    assert!(table(&l, "c").primary_key.is_some());
    assert_eq!(table(&l, "a").engine.as_deref(), Some("Aria"));
    assert_eq!(
        table(&l, "b").engine.as_deref(),
        Some("InnoDB"),
        "STORAGE ENGINE="
    );
    assert_eq!(
        l.warnings,
        [
            "m.sql:2: table b: option `PAGE_COMPRESSED='1'` is not modelled; ignored",
            "m.sql:2: table b: option `ENCRYPTED='NO'` is not modelled; ignored",
            "m.sql:3: PARTITION BY is not modelled; ignored (a partitioned table keeps its partitions; a table a revision creates is not partitioned)",
            "m.sql:5: table d: option `PAGE_CHECKSUM=0` is not modelled; ignored",
            "m.sql:5: table d: option `TRANSACTIONAL 0` is not modelled; ignored",
            "m.sql:6: table e: option `PAGE_CHECKSUM=1` is not modelled; ignored",
        ],
        "Aria's own defaults (PAGE_CHECKSUM=1, TRANSACTIONAL=1), which \
         mariadb-dump writes for Aria tables, are quiet"
    );
}

#[test]
fn mysql_double_quoted_text_is_a_string() {
    let l = my(
        r#"CREATE TABLE t (id int PRIMARY KEY COMMENT "hello", s varchar(9) DEFAULT "it's",
        e enum('a', "b") DEFAULT "a", KEY k (s) COMMENT "key", CHECK (s <> "x")) COMMENT "tee";"#,
    );
    let t = table(&l, "t");
    assert_eq!(t.comment.as_deref(), Some("tee"));
    assert_eq!(t.columns[0].comment.as_deref(), Some("hello"));
    assert_eq!(t.columns[1].default.as_deref(), Some("'it''s'"));
    assert_eq!(t.columns[2].data_type, "ENUM('a', 'b')");
    assert_eq!(t.indexes[0].comment.as_deref(), Some("key"));
    assert_eq!(t.checks[0].expression, "s <> 'x'");
}

#[test]
fn mysql_national_and_long_types_and_the_charset_synonym_are_read() {
    let l = my("CREATE TABLE t (a national varchar(10), b NATIONAL CHAR(3), c national character varying(4),
        d nchar varying(5), e nchar varchar(6), f nchar(7), national char(2),
        g varchar(10) CHARSET latin1, h text charset ascii collate ascii_bin,
        l long varchar, m long char varying, n long varbinary, o long);
        ALTER TABLE t ADD COLUMN i varchar(3) CHARSET utf8mb4, MODIFY COLUMN a national varchar(11) NOT NULL;");
    assert_eq!(
        types(&l, "t"),
        [
            "NVARCHAR(11)",
            "NCHAR(3)",
            "NVARCHAR(4)",
            "NVARCHAR(5)",
            "NVARCHAR(6)",
            "nchar(7)",
            "CHAR(2)",
            "VARCHAR(10)",
            "TEXT",
            "LONG VARCHAR",
            "LONG CHAR VARYING",
            "LONG VARBINARY",
            "long",
            "VARCHAR(3)",
        ]
    );
    let t = table(&l, "t");
    // A column called national, as MySQL reads it.
    assert_eq!(t.columns[6].name, "national");
    let collations: Vec<Option<&str>> = t.columns.iter().map(|c| c.collation.as_deref()).collect();
    assert_eq!(collations[7..9], [Some("latin1"), Some("ascii_bin")]);
    assert_eq!(collations[13], Some("utf8mb4"));
    assert!(!t.columns[0].nullable);
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
}

#[test]
fn mariadb_column_compression_is_part_of_the_type_and_storage_attributes_are_reported() {
    let l = my("CREATE TABLE t (a mediumtext COMPRESSED DEFAULT NULL, b varchar(10) COMPRESSED=zlib NOT NULL,
        p point REF_SYSTEM_ID=4326 NOT NULL, v int WITHOUT SYSTEM VERSIONING, w int COLUMN_FORMAT FIXED);");
    assert_eq!(
        types(&l, "t"),
        [
            "MEDIUMTEXT COMPRESSED",
            "VARCHAR(10) COMPRESSED",
            "point",
            "INT",
            "INT"
        ]
    );
    assert!(!table(&l, "t").columns[1].nullable);
    assert_eq!(
        l.warnings,
        [
            "m.sql:2: column t.p: `REF_SYSTEM_ID=4326` is not modelled; ignored",
            "m.sql:2: column t.v: `WITHOUT SYSTEM VERSIONING` is not modelled; ignored",
            "m.sql:2: column t.w: `COLUMN_FORMAT FIXED` is not modelled; ignored",
        ]
    );
}

#[test]
fn an_engine_elsewhere_than_mysql_is_ignored_and_another_than_innodb_said() {
    for l in [
        pg("CREATE TABLE t (a int) ENGINE=MyISAM;\nCREATE TABLE u (a int) ENGINE=InnoDB;"),
        lite("CREATE TABLE t (a int) ENGINE=MyISAM;\nCREATE TABLE u (a int) ENGINE=InnoDB;"),
    ] {
        assert!(l.schema.tables.iter().all(|t| t.engine.is_none()));
        assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
        assert!(
            l.warnings[0]
                .starts_with("m.sql:1: table t: `ENGINE = MyISAM` is MySQL/MariaDB's; ignored on"),
            "{:?}",
            l.warnings
        );
    }
}

#[test]
fn mysql_alter_table_engine_sets_the_tables_engine() {
    let l = my("CREATE TABLE a (id int PRIMARY KEY) ENGINE=InnoDB;
        CREATE TABLE b (id int PRIMARY KEY);
        ALTER TABLE a ENGINE=Aria;
        ALTER TABLE b ADD COLUMN n int, ENGINE = MyISAM;");
    assert_eq!(table(&l, "a").engine.as_deref(), Some("Aria"));
    assert_eq!(table(&l, "b").engine.as_deref(), Some("MyISAM"));
    assert_eq!(table(&l, "b").columns.len(), 2);
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    let e = error(DialectKind::Mysql, "ALTER TABLE nope ENGINE=Aria;");
    assert!(e.contains("names table nope, which is not defined"), "{e}");
}

#[test]
fn mysql_legacy_text_attributes_and_serial_default_value() {
    let l = my(
        "CREATE TABLE t (id int SERIAL DEFAULT VALUE, a varchar(10) BINARY,
          b varchar(10) ASCII, c char(3) UNICODE, d char(10) BYTE, e varchar(5) BYTE,
          f text BYTE, g varchar(5) ASCII BINARY, h varchar(5) BINARY CHARACTER SET utf8mb3,
          i varchar(5) BINARY COLLATE latin1_german1_ci, j varchar(5) CHARACTER SET binary)
          DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
        CREATE TABLE u (id int PRIMARY KEY);
        ALTER TABLE u ADD COLUMN n varchar(5) BINARY;",
    );
    let t = table(&l, "t");
    let col = |name: &str| t.column(name).unwrap_or_else(|| panic!("{name}"));
    let id = col("id");
    assert!(!id.nullable);
    assert_eq!(id.identity, Some(Identity::AutoIncrement));
    assert_eq!(id.default, None);
    assert_eq!(t.uniques.len(), 1);
    assert_eq!(t.uniques[0].columns, ["id"]);
    let collation = |name: &str| col(name).collation.as_deref().map(str::to_string);
    assert_eq!(collation("a").as_deref(), Some("latin1_bin"), "the table's");
    assert_eq!(collation("b").as_deref(), Some("latin1"));
    assert_eq!(collation("c").as_deref(), Some("ucs2"));
    assert_eq!(collation("g").as_deref(), Some("latin1_bin"));
    assert_eq!(collation("h").as_deref(), Some("utf8mb3_bin"));
    assert_eq!(collation("i").as_deref(), Some("latin1_german1_ci"));
    for (name, ty) in [
        ("d", "BINARY(10)"),
        ("e", "VARBINARY(5)"),
        ("f", "BLOB"),
        ("j", "VARBINARY(5)"),
    ] {
        assert_eq!(col(name).data_type.to_ascii_uppercase(), ty, "{name}");
        assert_eq!(col(name).collation, None, "{name}");
    }
    // No character set to take the `_bin` collation of.
    assert_eq!(table(&l, "u").column("n").unwrap().collation, None);
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
    assert!(
        l.warnings[0].starts_with("m.sql:7: column u.n: `BINARY`"),
        "{:?}",
        l.warnings
    );
}
