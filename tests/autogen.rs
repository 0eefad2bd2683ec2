//! Autogenerate, case by case and dialect by dialect.
//!
//! Each folder under `tests/fixtures/autogen/` is a case: `before.sql` and
//! `after.sql` (a `before.<dialect>.sql` / `after.<dialect>.sql` overrides the
//! common file for one dialect; a `skip.<dialect>` file leaves a dialect out;
//! `renames` holds `--rename` values, one per line). Two tests run every case:
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

fn settings() -> AutogenSettings {
    AutogenSettings {
        version_table: "revise_version".into(),
        ..Default::default()
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
            let generated = match cmp.generate(&renames(&case)) {
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
        if let Some(before) = case_file(&case, "before", kind) {
            let text = std::fs::read_to_string(&before).unwrap();
            for stmt in revise::script::split::split_statements(&text, kind).unwrap() {
                conn.execute(&stmt.sql)
                    .unwrap_or_else(|e| panic!("{name} [{kind}] before: {e}\n{}", stmt.sql));
            }
        }
        let before = model(&case, "before", kind);
        let after = model(&case, "after", kind);

        let cmp = autogen::compare(conn.as_mut(), before.clone(), &settings()).unwrap();
        let drift = cmp.generate(&[]).unwrap();
        assert!(
            drift.is_empty(),
            "{name} [{kind}]: the database does not match before.sql:\n{}",
            drift.upgrade_sql
        );

        let cmp = autogen::compare(conn.as_mut(), after.clone(), &settings()).unwrap();
        let generated = cmp.generate(&renames(&case)).unwrap();
        let env = Env::new();
        env.revision(
            "001.sql",
            "auto1",
            "",
            &generated.upgrade_sql,
            &generated.downgrade_sql,
        );
        let scripts = env.scripts();
        let settings_r = Settings::default();
        runner::upgrade(
            conn.as_mut(),
            &scripts,
            &parse_target("head").unwrap(),
            &settings_r,
            &mut Silent,
        )
        .unwrap_or_else(|e| panic!("{name} [{kind}] upgrade: {e}\n{}", generated.upgrade_sql));

        let cmp = autogen::compare(conn.as_mut(), after, &settings()).unwrap();
        let left = cmp.generate(&[]).unwrap();
        assert!(
            left.is_empty(),
            "{name} [{kind}]: after upgrade, still differs:\n{}",
            left.upgrade_sql
        );

        runner::downgrade(
            conn.as_mut(),
            &scripts,
            &parse_target("base").unwrap(),
            &settings_r,
            &mut Silent,
        )
        .unwrap_or_else(|e| {
            panic!(
                "{name} [{kind}] downgrade: {e}\n{}",
                generated.downgrade_sql
            )
        });
        let cmp = autogen::compare(conn.as_mut(), before, &settings()).unwrap();
        let left = cmp.generate(&[]).unwrap();
        assert!(
            left.is_empty(),
            "{name} [{kind}]: after downgrade, differs from before:\n{}",
            left.upgrade_sql
        );
    }
}

backend_tests!(round_trip);
