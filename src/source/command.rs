//! The export-command model source: run a program of the user's (typically
//! `cargo run --quiet --bin export-schema`) and read SQL DDL or the JSON model
//! format from its standard output.
//!
//! The command runs in the config file's directory with a time limit. If it
//! fails, nothing is diffed: the error shows its exit status and the end of its
//! standard error. On Unix it runs in a process group of its own, so that
//! what it starts (`cargo run` starts the export binary) is stopped with it:
//! at the time limit, and once it has exited (a background process left
//! holding its output would otherwise keep the reading open).

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
    let mut command = Command::new(program);
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command
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
                stop_group(&child);
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
    // The command is done: what it left running in its group goes too.
    stop_group(&child);
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

/// Kills the process group `child` leads (it was started as a group of its
/// own); one already gone is no error.
fn stop_group(child: &std::process::Child) {
    #[cfg(unix)]
    if let Ok(pid) = libc::pid_t::try_from(child.id()) {
        // SAFETY: kill(2) takes plain integers and touches no memory of ours;
        // a negative pid names the group, which holds only the command's
        // processes.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    #[cfg(not(unix))]
    let _ = child;
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
    fn what_the_command_leaves_running_is_stopped_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let marker = dir.path().join("still-running");
        // A background child that keeps the output open and would write a
        // file later: the run ends when the command does, and the child dies.
        let script = format!(
            "echo 'CREATE TABLE t (id int);'; (sleep 1; touch '{}') & exit 0",
            marker.display()
        );
        let started = Instant::now();
        let out = run(&sh(&script), dir.path(), Duration::from_secs(20)).unwrap();
        assert!(out.stdout.contains("CREATE TABLE t"));
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
        std::thread::sleep(Duration::from_secs(4));
        assert!(!marker.exists(), "the background child was stopped");
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
