//! Autogenerate, case by case and dialect by dialect.
//!
//! Each folder under `tests/fixtures/autogen/` is a case: `before.sql` and
//! `after.sql` (a `before.<dialect>.sql` / `after.<dialect>.sql` overrides the
//! common file for one dialect; a `skip.<dialect>` file leaves a dialect out;
//! `renames` holds `--rename` values, one per line; an
//! `outside_transaction.<dialect>` file says the revision must be written
//! `transactional: false` there (and none else may be); `schemas` names extra
//! PostgreSQL schemas to compare; `data.sql` inserts rows after `before`, and
//! `rows` / `rows_down` list `table count` lines that must hold after the
//! upgrade / the downgrade, so no row is lost; `data_up.sql` / `data_down.sql`
//! insert rows right after the upgrade / the downgrade, before those counts,
//! so a key drawn from a sequence the revision left behind the rows fails).
//! Two tests run every case:
//!
//! * golden (no database): parse both files, diff, render; the SQL must equal
//!   `expected/<dialect>.up.sql` and `expected/<dialect>.down.sql`. A mismatch
//!   prints a unified diff; `REVISE_BLESS=1 cargo test --test autogen` rewrites
//!   the expected files.
//! * round trip (real database): apply `before`, autogenerate from `after`,
//!   upgrade, the database now diffs clean against `after`; downgrade, it diffs
//!   clean against `before`.

mod common;

use std::path::{Path, PathBuf};

use common::{Env, TestDb};
use revise::autogen::{self, AutogenSettings, parse_rename};
use revise::dialect::{Side, dialect_for};
use revise::runner::{self, Settings, Silent};
use revise::script::target::parse_target;
use revise::source::Loaded;
use revise::url::DialectKind;

const KINDS: [DialectKind; 3] = [
    DialectKind::Sqlite,
    DialectKind::Postgres,
    DialectKind::Mysql,
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/autogen")
}

fn cases() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .expect("fixtures dir")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

/// The case file for `kind`: `<name>.<dialect>.sql` if present, else `<name>.sql`.
fn case_file(case: &Path, name: &str, kind: DialectKind) -> Option<PathBuf> {
    let specific = case.join(format!("{name}.{}.sql", kind.name()));
    if specific.exists() {
        return Some(specific);
    }
    let common = case.join(format!("{name}.sql"));
    common.exists().then_some(common)
}

fn applies(case: &Path, kind: DialectKind) -> bool {
    !case.join(format!("skip.{}", kind.name())).exists()
}

fn model(case: &Path, name: &str, kind: DialectKind) -> Loaded {
    match case_file(case, name, kind) {
        Some(p) => revise::source::load_sql_files(&[p], kind).expect("parse model"),
        None => Loaded::default(),
    }
}

fn renames(case: &Path) -> Vec<revise::diff::Rename> {
    std::fs::read_to_string(case.join("renames"))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| parse_rename(l.trim()).expect("rename"))
        .collect()
}

fn settings(case: &Path) -> AutogenSettings {
    AutogenSettings {
        version_table: "revise_version".into(),
        schemas: lines(case, "schemas"),
        ..Default::default()
    }
}

fn lines(case: &Path, file: &str) -> Vec<String> {
    std::fs::read_to_string(case.join(file))
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// Runs every statement of `file` (or its dialect override) on `conn`.
fn run_file(conn: &mut dyn revise::dialect::Database, case: &Path, name: &str, kind: DialectKind) {
    let Some(path) = case_file(case, name, kind) else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    for stmt in revise::script::split::split_statements(&text, kind).unwrap() {
        conn.execute(&stmt.sql)
            .unwrap_or_else(|e| panic!("{} [{kind}]: {e}\n{}", path.display(), stmt.sql));
    }
}

/// Checks `table count` lines of `file`.
fn check_rows(db: &TestDb, case: &Path, file: &str, kind: DialectKind) {
    for line in lines(case, file) {
        // The count is the last word: a quoted table name may hold spaces.
        let (table, count) = line.rsplit_once(' ').expect("table count");
        let quoted = dialect_for(kind).quote_ident(table);
        let got = db.column(&format!("SELECT {} FROM {quoted}", db.text("COUNT(*)")));
        assert_eq!(
            got,
            vec![count.to_string()],
            "{} [{kind}] {file}: rows of {table}",
            case.display()
        );
    }
}

/// Compares `actual` with the expected file, or rewrites it under REVISE_BLESS=1.
fn golden(path: &Path, actual: &str) -> Option<String> {
    if std::env::var("REVISE_BLESS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return None;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        return None;
    }
    let diff = similar::TextDiff::from_lines(&expected, actual)
        .unified_diff()
        .header(&path.display().to_string(), "actual")
        .to_string();
    Some(diff)
}

#[test]
fn golden_sql_for_every_case_and_dialect() {
    let mut failures = Vec::new();
    for case in cases() {
        for kind in KINDS {
            if !applies(&case, kind) {
                continue;
            }
            let d = dialect_for(kind);
            let cmp = autogen::compare_offline(
                d,
                model(&case, "before", kind).schema,
                Side::Model,
                model(&case, "after", kind),
            )
            .expect("compare");
            let generated = match cmp.generate(
                &cmp.resolve_renames(&renames(&case))
                    .expect("fixture renames resolve"),
            ) {
                Ok(g) => g,
                Err(e) => {
                    failures.push(format!("{} [{kind}]: {e}", case.display()));
                    continue;
                }
            };
            for (suffix, text) in [
                ("up", &generated.upgrade_sql),
                ("down", &generated.downgrade_sql),
            ] {
                let path = case
                    .join("expected")
                    .join(format!("{}.{suffix}.sql", kind.name()));
                if let Some(diff) = golden(&path, text) {
                    failures.push(diff);
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "golden mismatches (REVISE_BLESS=1 rewrites):\n{}",
        failures.join("\n")
    );
}

/// Applies `before`, autogenerates `after`, upgrades, checks, downgrades, checks.
fn round_trip(kind: DialectKind) {
    for case in cases() {
        if !applies(&case, kind) {
            continue;
        }
        let Some(db) = TestDb::new(kind) else { return };
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let mut conn = db.connect();
        run_file(conn.as_mut(), &case, "before", kind);
        run_file(conn.as_mut(), &case, "data", kind);
        let before = model(&case, "before", kind);
        let after = model(&case, "after", kind);
        let settings = settings(&case);
        let clean = |conn: &mut dyn revise::dialect::Database, models: Loaded, when: &str| {
            let cmp = autogen::compare(conn, models, &settings).unwrap();
            let left = cmp.generate(&[]).unwrap();
            assert!(
                left.is_empty(),
                "{name} [{kind}] {when}: the database differs from the models:\n{}",
                left.upgrade_sql
            );
        };
        clean(conn.as_mut(), before.clone(), "before");

        let cmp = autogen::compare(conn.as_mut(), after.clone(), &settings).unwrap();
        let generated = cmp
            .generate(
                &cmp.resolve_renames(&renames(&case))
                    .expect("fixture renames resolve"),
            )
            .unwrap();
        let env = Env::new();
        assert_eq!(
            generated.outside_transaction.is_some(),
            case.join(format!("outside_transaction.{}", kind.name()))
                .exists(),
            "{name} [{kind}]: whether the revision runs outside a transaction"
        );
        let header = match generated.outside_transaction {
            Some(_) => "-- transactional: false",
            None => "",
        };
        env.revision_with(
            "001.sql",
            "auto1",
            "",
            header,
            &generated.upgrade_sql,
            &generated.downgrade_sql,
        );
        let scripts = env.scripts();
        let runner_settings = Settings::default();
        runner::upgrade(
            conn.as_mut(),
            &scripts,
            &parse_target("head").unwrap(),
            &runner_settings,
            &mut Silent,
        )
        .unwrap_or_else(|e| panic!("{name} [{kind}] upgrade: {e}\n{}", generated.upgrade_sql));
        clean(conn.as_mut(), after, "after upgrade");
        run_file(conn.as_mut(), &case, "data_up", kind);
        check_rows(&db, &case, "rows", kind);

        runner::downgrade(
            conn.as_mut(),
            &scripts,
            &parse_target("base").unwrap(),
            &runner_settings,
            &mut Silent,
        )
        .unwrap_or_else(|e| {
            panic!(
                "{name} [{kind}] downgrade: {e}\n{}",
                generated.downgrade_sql
            )
        });
        clean(conn.as_mut(), before, "after downgrade");
        run_file(conn.as_mut(), &case, "data_down", kind);
        check_rows(&db, &case, "rows_down", kind);
    }
}

backend_tests!(round_trip);

/// Other migration tools' version tables are never diffed: a project moving
/// to revise keeps them, and no model describes them.
#[test]
fn other_tools_version_tables_are_left_alone() {
    let db = TestDb::new(DialectKind::Sqlite).expect("SQLite is embedded");
    let mut conn = db.connect();
    for table in [
        "schema_migrations",
        "ar_internal_metadata",
        "django_migrations",
        "alembic_version",
    ] {
        conn.execute(&format!("CREATE TABLE {table} (version TEXT PRIMARY KEY)"))
            .unwrap();
    }
    conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY)")
        .unwrap();
    let settings = AutogenSettings {
        version_table: "revise_version".into(),
        ..Default::default()
    };
    let cmp = autogen::compare(conn.as_mut(), Loaded::default(), &settings).unwrap();
    let generated = cmp.generate(&[]).unwrap();
    let described: Vec<String> = generated.upgrade.iter().map(|op| op.describe()).collect();
    assert_eq!(
        described,
        [
            "drop table users",
            "check that no view or trigger names dropped table(s) users"
        ]
    );
}

/// atuin's history search (FTS5 over external content, trigram tokenizer,
/// kept in step by triggers), as `sqlite3 x.db .schema` prints it: with the
/// shadow tables FTS5 creates.
const ATUIN: &str = "CREATE TABLE history (
    id TEXT PRIMARY KEY,
    timestamp INTEGER NOT NULL,
    duration INTEGER NOT NULL,
    exit INTEGER NOT NULL,
    command TEXT NOT NULL,
    cwd TEXT NOT NULL,
    session TEXT NOT NULL,
    hostname TEXT NOT NULL,
    deleted_at INTEGER,
    UNIQUE (timestamp, cwd, command)
);
CREATE INDEX idx_history_timestamp ON history (timestamp);
CREATE VIRTUAL TABLE history_fts USING fts5(command, content='history', content_rowid='rowid', tokenize='trigram')
/* history_fts(command) */;
CREATE TABLE IF NOT EXISTS 'history_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE IF NOT EXISTS 'history_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS 'history_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE IF NOT EXISTS 'history_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TRIGGER history_fts_insert AFTER INSERT ON history BEGIN
    INSERT INTO history_fts(rowid, command) VALUES (new.rowid, new.command);
END;
CREATE TRIGGER history_fts_delete AFTER DELETE ON history BEGIN
    INSERT INTO history_fts(history_fts, rowid, command) VALUES ('delete', old.rowid, old.command);
END;
";

/// A virtual table and its shadow tables are never created, dropped or
/// compared: not from `.schema` output used as models, not when the models
/// leave the search out, not when they describe only the shadow tables (as
/// `diesel print-schema` does). A rebuild of the indexed table keeps the
/// search working.
#[test]
fn sqlite_fts5_tables_and_their_shadow_tables_are_left_alone() {
    let db = TestDb::new(DialectKind::Sqlite).expect("SQLite is embedded");
    let mut conn = db.connect();
    if conn
        .execute("CREATE VIRTUAL TABLE probe USING fts5(a, tokenize='trigram')")
        .is_err()
    {
        eprintln!("the linked SQLite has no FTS5 trigram tokenizer: test skipped");
        return;
    }
    conn.execute("DROP TABLE probe").unwrap();
    for stmt in revise::script::split::split_statements(ATUIN, DialectKind::Sqlite).unwrap() {
        conn.execute(&stmt.sql)
            .unwrap_or_else(|e| panic!("{e}\n{}", stmt.sql));
    }
    for (i, command) in ["cargo build", "git status", "cargo test"]
        .iter()
        .enumerate()
    {
        conn.execute(&format!(
            "INSERT INTO history VALUES ('h{i}', {i}, 5, 0, '{command}', '/src', 's', 'host', NULL)"
        ))
        .unwrap();
    }
    let search = "SELECT command FROM history_fts WHERE history_fts MATCH 'status'";
    assert_eq!(db.column(search), ["git status"]);
    let settings = AutogenSettings {
        version_table: "revise_version".into(),
        ..Default::default()
    };
    let models = |text: &str| {
        revise::source::sql::parse_sql(Path::new("schema.sql"), text, DialectKind::Sqlite)
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let history_only = ATUIN.split("CREATE VIRTUAL").next().unwrap();
    let shadows_only = ATUIN
        .lines()
        .filter(|l| l.starts_with("CREATE TABLE IF NOT EXISTS"))
        .collect::<Vec<_>>()
        .join("\n");
    for (case, text) in [
        (".schema", ATUIN.to_string()),
        ("without the search", history_only.to_string()),
        (
            "with shadow tables only",
            format!("{history_only}{shadows_only}"),
        ),
    ] {
        let cmp = autogen::compare(conn.as_mut(), models(&text), &settings).unwrap();
        let shadow_warnings = cmp
            .warnings
            .iter()
            .filter(|w| w.contains("shadow tables"))
            .count();
        let generated = cmp.generate(&[]).unwrap();
        assert!(
            generated.is_empty(),
            "{case}: the database differs from the models:\n{}",
            generated.upgrade_sql
        );
        assert_eq!(
            shadow_warnings,
            usize::from(case == "with shadow tables only"),
            "{case}: {:?}",
            cmp.warnings
        );
    }

    // A check more rebuilds history; the search keeps its rows.
    let changed = ATUIN.replace(
        "deleted_at INTEGER,",
        "deleted_at INTEGER CHECK (deleted_at ISNULL OR deleted_at >= timestamp),",
    );
    let cmp = autogen::compare(conn.as_mut(), models(&changed), &settings).unwrap();
    let generated = cmp.generate(&[]).unwrap();
    let described: Vec<String> = generated.upgrade.iter().map(|op| op.describe()).collect();
    assert_eq!(
        described,
        ["rebuild table history (copying its rows) to change checks"]
    );
    let env = Env::new();
    env.revision(
        "001.sql",
        "fts1",
        "",
        &generated.upgrade_sql,
        &generated.downgrade_sql,
    );
    let scripts = env.scripts();
    let run = Settings::default();
    runner::upgrade(
        conn.as_mut(),
        &scripts,
        &parse_target("head").unwrap(),
        &run,
        &mut Silent,
    )
    .unwrap_or_else(|e| panic!("upgrade: {e}\n{}", generated.upgrade_sql));
    let cmp = autogen::compare(conn.as_mut(), models(&changed), &settings).unwrap();
    assert!(cmp.generate(&[]).unwrap().is_empty());
    assert_eq!(db.column(search), ["git status"]);
    conn.execute("INSERT INTO history_fts (history_fts, rank) VALUES ('integrity-check', 1)")
        .unwrap();
    runner::downgrade(
        conn.as_mut(),
        &scripts,
        &parse_target("base").unwrap(),
        &run,
        &mut Silent,
    )
    .unwrap_or_else(|e| panic!("downgrade: {e}\n{}", generated.downgrade_sql));
    let cmp = autogen::compare(conn.as_mut(), models(ATUIN), &settings).unwrap();
    assert!(cmp.generate(&[]).unwrap().is_empty());
    assert_eq!(db.column(search), ["git status"]);
}
