//! Schema evolution histories, walked step by step on every database.
//!
//! Each folder under `tests/fixtures/evolution/` is a domain: the life of one
//! application's schema as a sequence of full model files `NN_name.sql`, each
//! the whole wanted schema after step NN, the way a developer edits
//! `schema.sql` release after release. Beside a step may lie:
//!
//! * `NN_name.<dialect>.sql` (`postgresql`, `mysql`, `sqlite`): that dialect's
//!   model for the step instead of the common file (enums, comments, partial
//!   indexes, AUTOINCREMENT). Each dialect's sequence is a history of its own.
//! * `NN_name.data.sql`: portable DML run after the step's upgrade, so the
//!   later steps work on tables that hold rows.
//! * `NN_name.renames`: the step's rename decisions, one `--rename` value a line.
//!
//! Four tests:
//!
//! * `fixtures_are_well_formed` (no database): numbering, file names, enough steps.
//! * `every_step_is_valid_ddl_on_every_database`: each step's model file runs
//!   as plain DDL on a fresh database and creates exactly the tables it names.
//! * `histories_replay_with_their_data`: proves the fixtures sound without
//!   autogenerate. Each step's model goes into an emptied database, the rows
//!   of the previous step's database are copied over (shared columns, renames
//!   applied) and the step's data runs; then the same backwards, down to the
//!   first step. A column added NOT NULL without a default, a check or unique
//!   constraint the rows break, a narrowing the rows do not fit, data naming a
//!   column that is not there: each fails here, so a failing `walk` points at
//!   the pipeline, not at the fixtures.
//! * `walk`: from an empty database, autogenerates every step against the live
//!   schema, writes it as a revision, upgrades, checks the fixed point (the
//!   database now diffs clean against the step's model), loads the step's data;
//!   then downgrades one revision at a time down to base, checking after each
//!   that the database diffs clean against the previous step's model. No
//!   upgrade or downgrade may change the row count of a table it keeps.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{Env, TestDb};
use revise::autogen::{self, AutogenSettings, Generated, parse_rename};
use revise::dialect::{Database, dialect_for};
use revise::diff::Rename;
use revise::runner::{self, Settings, Silent};
use revise::script::target::parse_target;
use revise::source::Loaded;
use revise::url::DialectKind;

/// The histories, one folder each.
const DOMAINS: [&str; 3] = ["blog", "ecommerce", "saas"];

/// Fewer steps than this would not be a life.
const MIN_STEPS: usize = 18;

const KINDS: [DialectKind; 3] = [
    DialectKind::Sqlite,
    DialectKind::Postgres,
    DialectKind::Mysql,
];

fn domain_dir(domain: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/evolution")
        .join(domain)
}

/// The steps of a domain in order (`01_posts`, `02_users`, ...): the stems of
/// the common model files.
fn steps(domain: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(domain_dir(domain))
        .unwrap_or_else(|e| panic!("{domain}: {e}"))
        .filter_map(|e| {
            let name = e.expect("directory entry").file_name().into_string().ok()?;
            let stem = name.strip_suffix(".sql")?;
            (!stem.contains('.')).then(|| stem.to_string())
        })
        .collect();
    out.sort();
    out
}

/// The model file of `step` for `kind`: its dialect override, else the common file.
fn model_path(domain: &str, step: &str, kind: DialectKind) -> PathBuf {
    let dir = domain_dir(domain);
    let specific = dir.join(format!("{step}.{}.sql", kind.name()));
    if specific.exists() {
        specific
    } else {
        dir.join(format!("{step}.sql"))
    }
}

fn label(domain: &str, step: &str, kind: DialectKind) -> String {
    format!("{domain}/{step} [{kind}]")
}

/// The parsed model of `step` for `kind`.
fn model(domain: &str, step: &str, kind: DialectKind) -> Loaded {
    let path = model_path(domain, step, kind);
    revise::source::load_sql_files(std::slice::from_ref(&path), kind).unwrap_or_else(|e| {
        panic!(
            "{}: cannot parse {}: {e}",
            label(domain, step, kind),
            path.display()
        )
    })
}

/// The rename decisions for `step` (none unless a `.renames` file says so).
fn renames(domain: &str, step: &str) -> Vec<Rename> {
    let path = domain_dir(domain).join(format!("{step}.renames"));
    std::fs::read_to_string(&path)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| parse_rename(l).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .collect()
}

/// Table renames of `step` as (old, new) names.
fn table_renames(domain: &str, step: &str) -> Vec<(String, String)> {
    renames(domain, step)
        .into_iter()
        .filter_map(|r| match r {
            Rename::Table { from, to } => Some((from.name, to.name)),
            Rename::Column { .. } => None,
        })
        .collect()
}

/// Runs every statement of `path` on `conn`.
fn execute_file(conn: &mut dyn Database, path: &Path, kind: DialectKind, what: &str) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{what}: {e}"));
    let statements = revise::script::split::split_statements(&text, kind)
        .unwrap_or_else(|e| panic!("{what}: {} line {}: {}", path.display(), e.line, e.message));
    for stmt in statements {
        conn.execute(&stmt.sql).unwrap_or_else(|e| {
            panic!(
                "{what}: {} line {}: {e}\n{}",
                path.display(),
                stmt.line,
                stmt.sql
            )
        });
    }
}

/// The object a `CREATE <what>` statement creates (`what` is `TABLE` or
/// `TYPE`), if it is one.
fn created(sql: &str, what: &str) -> Option<String> {
    let mut words = sql.split_whitespace();
    let create = words.next()?;
    let kind = words.next()?;
    if !create.eq_ignore_ascii_case("CREATE") || !kind.eq_ignore_ascii_case(what) {
        return None;
    }
    let name = words.next()?;
    Some(name.split('(').next().unwrap_or(name).to_string())
}

/// Rows per user table, through `conn` (so an open connection sees its own work).
fn row_counts(db: &TestDb, conn: &mut dyn Database, kind: DialectKind) -> BTreeMap<String, u64> {
    let d = dialect_for(kind);
    db.user_tables()
        .into_iter()
        .map(|t| {
            let sql = format!(
                "SELECT {} FROM {}",
                d.as_text("COUNT(*)"),
                d.quote_ident(&t)
            );
            let rows = conn.query(&sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
            let count = rows
                .first()
                .and_then(|r| r.first().cloned().flatten())
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("{sql}: no count"));
            (t, count)
        })
        .collect()
}

/// Every table of `before` that still exists in `after` (under its new name
/// when `renamed` says so) holds as many rows as it did.
fn assert_rows_kept(
    before: &BTreeMap<String, u64>,
    after: &BTreeMap<String, u64>,
    renamed: &[(String, String)],
    what: &str,
) {
    for (table, count) in before {
        let now_named = renamed
            .iter()
            .find(|(old, _)| old == table)
            .map_or(table, |(_, new)| new);
        if let Some(now) = after.get(now_named) {
            assert_eq!(
                now, count,
                "{what}: table {now_named} held {count} rows and now holds {now}"
            );
        }
    }
}

/// Asserts that the live database diffs clean against `models`.
fn assert_clean(conn: &mut dyn Database, models: Loaded, settings: &AutogenSettings, what: &str) {
    let cmp =
        autogen::compare(conn, models, settings).unwrap_or_else(|e| panic!("{what}: compare: {e}"));
    let left = cmp
        .generate(&[])
        .unwrap_or_else(|e| panic!("{what}: generate: {e}"));
    assert!(
        left.is_empty(),
        "{what}: the database differs from the models; autogenerate would still do:\n{}",
        left.upgrade_sql
    );
}

#[test]
fn fixtures_are_well_formed() {
    for domain in DOMAINS {
        let steps = steps(domain);
        assert!(
            steps.len() >= MIN_STEPS,
            "{domain}: {} steps, want at least {MIN_STEPS}",
            steps.len()
        );
        for (i, step) in steps.iter().enumerate() {
            let number = format!("{:02}_", i + 1);
            assert!(
                step.starts_with(&number) && step.len() > number.len(),
                "{domain}/{step}: step {} must be named {number}<name>",
                i + 1
            );
        }
        let mut suffixes: Vec<String> = vec![".sql".into(), ".data.sql".into(), ".renames".into()];
        suffixes.extend(KINDS.iter().map(|k| format!(".{}.sql", k.name())));
        for entry in std::fs::read_dir(domain_dir(domain)).expect("domain dir") {
            let name = entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .to_string();
            let known = steps.iter().any(|step| {
                name.strip_prefix(step.as_str())
                    .is_some_and(|rest| suffixes.iter().any(|s| s == rest))
            });
            assert!(
                known,
                "{domain}/{name}: not a step file (NN_name.sql, .data.sql, .renames, .<dialect>.sql)"
            );
        }
    }
}

/// Each step's model, run as plain DDL on a fresh database, creates exactly
/// the tables it names.
fn every_step_is_valid_ddl_on_every_database(kind: DialectKind) {
    for domain in DOMAINS {
        for step in steps(domain) {
            let what = label(domain, &step, kind);
            let Some(db) = TestDb::new(kind) else { return };
            let mut conn = db.connect();
            let path = model_path(domain, &step, kind);
            execute_file(conn.as_mut(), &path, kind, &what);
            let text = std::fs::read_to_string(&path).expect("model file");
            let mut named: Vec<String> = revise::script::split::split_statements(&text, kind)
                .expect("split")
                .iter()
                .filter_map(|s| created(&s.sql, "TABLE"))
                .collect();
            named.sort();
            assert!(!named.is_empty(), "{what}: creates no table");
            // Sorted here: the server's collation orders `_` its own way.
            let mut tables = db.user_tables();
            tables.sort();
            assert_eq!(tables, named, "{what}: tables created");
        }
    }
}

/// How one step's tables and columns map between the databases before and
/// after it, from its renames.
#[derive(Default)]
struct Mapping {
    /// (destination table, source table).
    tables: Vec<(String, String)>,
    /// (destination table, destination column, source column).
    columns: Vec<(String, String, String)>,
}

impl Mapping {
    /// Going up through `step`: old names are the source.
    fn forward(domain: &str, step: &str) -> Mapping {
        let mut m = Mapping::default();
        for r in renames(domain, step) {
            match r {
                Rename::Table { from, to } => m.tables.push((to.name, from.name)),
                Rename::Column { table, from, to } => m.columns.push((table.name, to, from)),
            }
        }
        m
    }

    /// Going down through `step`: new names are the source.
    fn backward(domain: &str, step: &str) -> Mapping {
        let forward = Mapping::forward(domain, step);
        let old_table = |t: String| {
            forward
                .tables
                .iter()
                .find(|(new, _)| *new == t)
                .map_or(t.clone(), |(_, old)| old.clone())
        };
        Mapping {
            tables: forward
                .tables
                .iter()
                .map(|(new, old)| (old.clone(), new.clone()))
                .collect(),
            columns: forward
                .columns
                .iter()
                .map(|(t, new, old)| (old_table(t.clone()), old.clone(), new.clone()))
                .collect(),
        }
    }

    fn source_table<'a>(&'a self, table: &'a str) -> &'a str {
        self.tables
            .iter()
            .find(|(dst, _)| dst == table)
            .map_or(table, |(_, src)| src)
    }

    fn source_column<'a>(&'a self, table: &str, column: &'a str) -> &'a str {
        self.columns
            .iter()
            .find(|(t, dst, _)| t == table && dst == column)
            .map_or(column, |(_, _, src)| src)
    }
}

/// Names and declared types of the columns of `table`, in order.
fn columns(conn: &mut dyn Database, kind: DialectKind, table: &str) -> Vec<(String, String)> {
    let sql = match kind {
        DialectKind::Sqlite => {
            format!("SELECT name, type FROM pragma_table_info('{table}') ORDER BY cid")
        }
        DialectKind::Postgres => format!(
            "SELECT CAST(column_name AS TEXT), CAST(data_type AS TEXT) FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = '{table}' ORDER BY ordinal_position"
        ),
        DialectKind::Mysql => format!(
            "SELECT CAST(COLUMN_NAME AS CHAR), CAST(DATA_TYPE AS CHAR) FROM information_schema.COLUMNS \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{table}' ORDER BY ORDINAL_POSITION"
        ),
    };
    conn.query(&sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .into_iter()
        .filter_map(|r| {
            let mut r = r.into_iter();
            Some((r.next()??, r.next().flatten().unwrap_or_default()))
        })
        .collect()
}

/// `value` for a column of type `data_type`: a number going into an integer
/// column is written bare, so it converts the way ALTER ... TYPE converts it
/// (`1.000` becomes 1), where a quoted `'1.000'` would be refused as integer
/// input; anything else is a string literal.
fn value_for(value: &str, data_type: &str, kind: DialectKind) -> String {
    if data_type.to_ascii_lowercase().contains("int") && value.parse::<f64>().is_ok() {
        value.to_string()
    } else {
        literal(value, kind)
    }
}

/// `value` as a string literal of `kind`.
fn literal(value: &str, kind: DialectKind) -> String {
    let escaped = value.replace('\'', "''");
    // MariaDB reads backslash escapes in string literals (sql_mode without
    // NO_BACKSLASH_ESCAPES; MariaDB KB "String Literals").
    let escaped = if kind == DialectKind::Mysql {
        escaped.replace('\\', "\\\\")
    } else {
        escaped
    };
    format!("'{escaped}'")
}

/// Copies every row `src` holds for the tables of `dst`, shared columns only,
/// in the order the model file creates the tables (parents first).
fn carry_rows(
    src: &mut Replica,
    dst: &mut Replica,
    mapping: &Mapping,
    kind: DialectKind,
    what: &str,
) {
    let d = dialect_for(kind);
    let src_tables = src.db.user_tables();
    for table in &dst.tables {
        let from = mapping.source_table(table);
        if !src_tables.iter().any(|t| t == from) {
            continue;
        }
        let src_columns: Vec<String> = columns(src.conn.as_mut(), kind, from)
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        // (destination column, its type, source column)
        let shared: Vec<(String, String, String)> = columns(dst.conn.as_mut(), kind, table)
            .into_iter()
            .filter_map(|(c, ty)| {
                let s = mapping.source_column(table, &c).to_string();
                src_columns.contains(&s).then_some((c, ty, s))
            })
            .collect();
        let select = format!(
            "SELECT {} FROM {} ORDER BY 1",
            shared
                .iter()
                .map(|(_, _, s)| d.as_text(&d.quote_ident(s)))
                .collect::<Vec<_>>()
                .join(", "),
            d.quote_ident(from)
        );
        let names = shared
            .iter()
            .map(|(c, _, _)| d.quote_ident(c))
            .collect::<Vec<_>>()
            .join(", ");
        for row in src
            .conn
            .query(&select)
            .unwrap_or_else(|e| panic!("{what}: {select}: {e}"))
        {
            let values = row
                .iter()
                .zip(&shared)
                .map(|(v, (_, ty, _))| {
                    v.as_deref()
                        .map_or("NULL".to_string(), |v| value_for(v, ty, kind))
                })
                .collect::<Vec<_>>()
                .join(", ");
            let insert = format!(
                "INSERT INTO {} ({names}) VALUES ({values})",
                d.quote_ident(table)
            );
            dst.conn
                .execute(&insert)
                .unwrap_or_else(|e| panic!("{what}: carrying rows: {e}\n{insert}"));
        }
    }
}

/// A database that holds one step's model at a time.
struct Replica {
    db: TestDb,
    conn: Box<dyn Database>,
    /// Tables of the loaded model, in creation order.
    tables: Vec<String>,
    /// Types (PostgreSQL enums) of the loaded model.
    types: Vec<String>,
}

impl Replica {
    /// An empty database whose connection enforces foreign keys (SQLite
    /// leaves them off per connection unless told; SQLite docs "SQLite Foreign
    /// Key Support", section 2).
    fn new(kind: DialectKind) -> Option<Replica> {
        let db = TestDb::new(kind)?;
        let mut conn = db.connect();
        if kind == DialectKind::Sqlite {
            conn.execute("PRAGMA foreign_keys = ON")
                .expect("enable foreign keys");
        }
        Some(Replica {
            db,
            conn,
            tables: Vec::new(),
            types: Vec::new(),
        })
    }

    /// Empties the database and creates `step`'s model in it. Reusing two
    /// databases keeps the replay from creating one per step.
    fn load(&mut self, domain: &str, step: &str, kind: DialectKind, what: &str) {
        let d = dialect_for(kind);
        for table in self.tables.iter().rev() {
            let sql = format!("DROP TABLE {}", d.quote_ident(table));
            self.conn
                .execute(&sql)
                .unwrap_or_else(|e| panic!("{what}: {sql}: {e}"));
        }
        for name in &self.types {
            let sql = format!("DROP TYPE {}", d.quote_ident(name));
            self.conn
                .execute(&sql)
                .unwrap_or_else(|e| panic!("{what}: {sql}: {e}"));
        }
        let path = model_path(domain, step, kind);
        execute_file(self.conn.as_mut(), &path, kind, what);
        let text = std::fs::read_to_string(&path).expect("model file");
        let statements = revise::script::split::split_statements(&text, kind).expect("split");
        self.tables = statements
            .iter()
            .filter_map(|s| created(&s.sql, "TABLE"))
            .collect();
        self.types = statements
            .iter()
            .filter_map(|s| created(&s.sql, "TYPE"))
            .collect();
    }

    fn rows(&mut self, kind: DialectKind) -> BTreeMap<String, u64> {
        row_counts(&self.db, self.conn.as_mut(), kind)
    }
}

/// Replays each history by copying rows between databases, up and down.
fn histories_replay_with_their_data(kind: DialectKind) {
    for domain in DOMAINS {
        let steps = steps(domain);
        let (Some(mut current), Some(mut spare)) = (Replica::new(kind), Replica::new(kind)) else {
            return;
        };
        for (i, step) in steps.iter().enumerate() {
            let what = format!("{} replay up", label(domain, step, kind));
            spare.load(domain, step, kind, &what);
            if i > 0 {
                let mapping = Mapping::forward(domain, step);
                carry_rows(&mut current, &mut spare, &mapping, kind, &what);
                let (before, after) = (current.rows(kind), spare.rows(kind));
                assert_rows_kept(&before, &after, &table_renames(domain, step), &what);
            }
            let data = domain_dir(domain).join(format!("{step}.data.sql"));
            if data.exists() {
                execute_file(spare.conn.as_mut(), &data, kind, &format!("{what} data"));
            }
            std::mem::swap(&mut current, &mut spare);
        }
        for pair in steps.windows(2).rev() {
            let (previous, step) = (&pair[0], &pair[1]);
            let what = format!("{} replay down to {previous}", label(domain, step, kind));
            spare.load(domain, previous, kind, &what);
            carry_rows(
                &mut current,
                &mut spare,
                &Mapping::backward(domain, step),
                kind,
                &what,
            );
            let back: Vec<(String, String)> = table_renames(domain, step)
                .into_iter()
                .map(|(old, new)| (new, old))
                .collect();
            let (before, after) = (current.rows(kind), spare.rows(kind));
            assert_rows_kept(&before, &after, &back, &what);
            std::mem::swap(&mut current, &mut spare);
        }
    }
}

/// Autogenerates, upgrades and checks every step, then downgrades to base.
fn walk(kind: DialectKind) {
    for domain in DOMAINS {
        let Some(db) = TestDb::new(kind) else { return };
        let mut conn = db.connect();
        let env = Env::new();
        let settings = AutogenSettings {
            version_table: "revise_version".into(),
            ..Default::default()
        };
        let runner_settings = Settings::default();
        let steps = steps(domain);
        let mut generated: Vec<Generated> = Vec::new();
        let mut parent = String::new();

        for (i, step) in steps.iter().enumerate() {
            let what = label(domain, step, kind);
            let cmp = autogen::compare(conn.as_mut(), model(domain, step, kind), &settings)
                .unwrap_or_else(|e| panic!("{what}: compare: {e}"));
            let decided = cmp
                .resolve_renames(&renames(domain, step))
                .unwrap_or_else(|e| panic!("{what}: renames: {e}"));
            let g = cmp
                .generate(&decided)
                .unwrap_or_else(|e| panic!("{what}: generate: {e}"));
            assert!(
                !g.is_empty(),
                "{what}: the step changes the models but autogenerate found nothing to do"
            );
            let id = format!("{domain}_{:02}", i + 1);
            env.revision(
                &format!("{step}.sql"),
                &id,
                &parent,
                &g.upgrade_sql,
                &g.downgrade_sql,
            );
            let before = row_counts(&db, conn.as_mut(), kind);
            runner::upgrade(
                conn.as_mut(),
                &env.scripts(),
                &parse_target("head").expect("target"),
                &runner_settings,
                &mut Silent,
            )
            .unwrap_or_else(|e| panic!("{what}: upgrade: {e}\n{}", g.upgrade_sql));
            let after = row_counts(&db, conn.as_mut(), kind);
            assert_rows_kept(
                &before,
                &after,
                &table_renames(domain, step),
                &format!("{what} upgrade"),
            );
            assert_clean(
                conn.as_mut(),
                model(domain, step, kind),
                &settings,
                &format!("{what} after upgrade"),
            );
            let data = domain_dir(domain).join(format!("{step}.data.sql"));
            if data.exists() {
                execute_file(conn.as_mut(), &data, kind, &format!("{what} data"));
            }
            generated.push(g);
            parent = id;
        }

        let scripts = env.scripts();
        for (i, step) in steps.iter().enumerate().rev() {
            let what = format!("{} downgrade", label(domain, step, kind));
            let before = row_counts(&db, conn.as_mut(), kind);
            runner::downgrade(
                conn.as_mut(),
                &scripts,
                &parse_target("-1").expect("target"),
                &runner_settings,
                &mut Silent,
            )
            .unwrap_or_else(|e| panic!("{what}: {e}\n{}", generated[i].downgrade_sql));
            let after = row_counts(&db, conn.as_mut(), kind);
            let back: Vec<(String, String)> = table_renames(domain, step)
                .into_iter()
                .map(|(old, new)| (new, old))
                .collect();
            assert_rows_kept(&before, &after, &back, &what);
            match i.checked_sub(1).map(|p| &steps[p]) {
                Some(previous) => assert_clean(
                    conn.as_mut(),
                    model(domain, previous, kind),
                    &settings,
                    &format!("{what}: against {previous}"),
                ),
                None => {
                    assert_eq!(
                        db.user_tables(),
                        Vec::<String>::new(),
                        "{what}: base keeps no table but the version tables"
                    );
                    assert_clean(
                        conn.as_mut(),
                        Loaded::default(),
                        &settings,
                        &format!("{what}: against an empty model"),
                    );
                }
            }
        }
        assert!(
            db.tables().iter().any(|t| t == "revise_version"),
            "{domain} [{kind}]: the version table is gone after downgrading to base"
        );
    }
}

backend_tests!(
    every_step_is_valid_ddl_on_every_database,
    histories_replay_with_their_data,
    walk
);
