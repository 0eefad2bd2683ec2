//! Running the `revise` binary from tests.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// What a run printed and how it ended.
pub struct Out {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `revise args` in `dir` with `envs` set (and DATABASE_URL/REVISE_URL unset).
pub fn revise_with(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_revise"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env_remove("REVISE_URL")
        .env("NO_COLOR", "1");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run revise");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `revise args` in `dir`.
pub fn revise(dir: &Path, args: &[&str]) -> Out {
    revise_with(dir, args, &[])
}

/// Runs a command that must succeed.
pub fn ok(dir: &Path, args: &[&str]) -> Out {
    let o = revise(dir, args);
    assert_eq!(
        o.code, 0,
        "revise {args:?} failed:\n{}\n{}",
        o.stdout, o.stderr
    );
    o
}

/// Runs a command that must fail with exit 2 and a one-line error containing `want`.
pub fn fails(dir: &Path, args: &[&str], want: &str) -> String {
    let o = revise(dir, args);
    assert_eq!(
        o.code, 2,
        "revise {args:?} should fail:\n{}\n{}",
        o.stdout, o.stderr
    );
    // Progress lines may come first; the error is the last line, and only one.
    let err = o.stderr.trim_end().lines().last().unwrap_or_default();
    assert!(
        err.starts_with("error: "),
        "one-line error expected last: {}",
        o.stderr
    );
    assert_eq!(o.stderr.matches("error: ").count(), 1, "{}", o.stderr);
    assert!(err.contains(want), "{err:?} should contain {want:?}");
    err.to_string()
}

/// A migration environment in a temp dir: `alembic.toml` for `db` with the
/// given `[models]` lines, and an empty versions directory.
pub fn env_for(db: &super::TestDb, models: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("migrations/versions")).unwrap();
    std::fs::write(
        tmp.path().join("alembic.toml"),
        format!(
            "[database]\nurl = \"{}\"\n[models]\n{models}\n",
            db.url_text()
        ),
    )
    .unwrap();
    tmp
}

/// A migration environment on `db` whose models are `schema.sql`, holding `models`.
pub fn sql_env(db: &super::TestDb, models: &str) -> tempfile::TempDir {
    let tmp = env_for(db, "sql = \"schema.sql\"");
    std::fs::write(tmp.path().join("schema.sql"), models).unwrap();
    tmp
}

/// The revision files in `dir`'s versions directory, oldest first: what
/// `revision` and `autogenerate` wrote.
pub fn revision_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir.join("migrations/versions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// The text of every revision file in `dir`, oldest first.
pub fn revision_texts(dir: &Path) -> Vec<String> {
    revision_files(dir)
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect()
}
