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
