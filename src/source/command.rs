//! The export-command model source: run a program of the user's (typically
//! `cargo run --quiet --bin export-schema`) and read SQL DDL or the JSON model
//! format from its standard output.
//!
//! The command runs in the config file's directory with a time limit. If it
//! fails, nothing is diffed: the error shows its exit status and the end of its
//! standard error.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// What a successful command printed.
#[derive(Debug, Clone)]
pub struct Output {
    /// Standard output, the models.
    pub stdout: String,
    /// A name for messages: the command line.
    pub name: PathBuf,
}

/// Runs `argv` in `dir`, waiting at most `timeout`.
pub fn run(argv: &[String], dir: &Path, timeout: Duration) -> Result<Output> {
    let shown = argv.join(" ");
    let (program, args) = argv
        .split_first()
        .ok_or_else(|| Error::Usage("[models] command is empty".into()))?;
    let mut child = Command::new(program)
        .args(args)
        .current_dir(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Error::Usage(format!("[models] command `{shown}` could not start: {e}")))?;
    // Read both pipes on their own threads: a child that fills one pipe while we
    // wait on the other would never finish.
    let reader = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut buf);
            }
            buf
        })
    };
    let out = reader(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = reader(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Error::Refused(format!(
                    "[models] command `{shown}` ran longer than {} s and was stopped; make it faster or raise [models] command_timeout",
                    timeout.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(Error::Usage(format!("[models] command `{shown}`: {e}"))),
        }
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    if !status.success() {
        let stderr = String::from_utf8_lossy(&stderr);
        let tail: Vec<&str> = stderr
            .lines()
            .rev()
            .take(5)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        return Err(Error::Refused(format!(
            "[models] command `{shown}` failed with {status}; nothing was compared. Its stderr ends with: {}",
            crate::error::one_line(&tail.join(" | "), 800)
        )));
    }
    let stdout = String::from_utf8(stdout).map_err(|_| {
        Error::Usage(format!(
            "[models] command `{shown}` printed something that is not UTF-8"
        ))
    })?;
    if stdout.trim().is_empty() {
        return Err(Error::Refused(format!(
            "[models] command `{shown}` printed nothing; it must print SQL DDL or the JSON model format"
        )));
    }
    Ok(Output {
        stdout,
        name: PathBuf::from(format!("`{shown}`")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str) -> Vec<String> {
        vec!["sh".into(), "-c".into(), script.into()]
    }

    #[test]
    fn captures_stdout_in_the_given_directory() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("m.sql"), "CREATE TABLE t (id int);").unwrap();
        let out = run(&sh("cat m.sql"), dir.path(), Duration::from_secs(10)).unwrap();
        assert_eq!(out.stdout, "CREATE TABLE t (id int);");
    }

    #[test]
    fn failure_shows_status_and_stderr() {
        let e = run(
            &sh("echo compiling >&2; echo 'error[E0425]: boom' >&2; exit 101"),
            Path::new("."),
            Duration::from_secs(10),
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("exit status: 101") && e.contains("error[E0425]: boom"),
            "{e}"
        );
        assert!(e.contains("nothing was compared"), "{e}");
    }

    #[test]
    fn timeout_stops_the_command() {
        let e = run(&sh("sleep 5"), Path::new("."), Duration::from_millis(200))
            .unwrap_err()
            .to_string();
        assert!(e.contains("ran longer than"), "{e}");
    }

    #[test]
    fn missing_program_and_empty_output() {
        let e = run(
            &["/no/such/program".to_string()],
            Path::new("."),
            Duration::from_secs(5),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("could not start"), "{e}");
        let e = run(&sh("true"), Path::new("."), Duration::from_secs(5))
            .unwrap_err()
            .to_string();
        assert!(e.contains("printed nothing"), "{e}");
    }

    #[test]
    fn large_output_does_not_block() {
        let out = run(
            &sh("yes 'CREATE TABLE t (id int);' | head -c 300000"),
            Path::new("."),
            Duration::from_secs(10),
        )
        .unwrap();
        assert_eq!(out.stdout.len(), 300_000);
    }
}
