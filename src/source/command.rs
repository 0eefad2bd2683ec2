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
    // Ctrl-C reaches only revise's own group, and SIGTERM only revise: the
    // command's group goes with revise when either ends it.
    #[cfg(unix)]
    let _interrupt = interrupt::StopGroupOnSignal::install(&child);
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

/// Stopping the command's process group when revise is interrupted. A
/// handler, not a flag: revise may be blocked anywhere when the signal comes,
/// and what the handler does (kill(2), sigaction(2), raise(3)) is
/// async-signal-safe.
#[cfg(unix)]
mod interrupt {
    use std::cell::UnsafeCell;
    use std::mem::MaybeUninit;
    use std::sync::atomic::{AtomicI32, Ordering};

    const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

    /// The group to stop; 0 while no command runs.
    static GROUP: AtomicI32 = AtomicI32::new(0);

    /// The dispositions the handler replaced, one per entry of `SIGNALS`,
    /// written before the handler is installed and read by it.
    struct Previous(UnsafeCell<[MaybeUninit<libc::sigaction>; 3]>);
    // SAFETY: written only by `install` before the handler can run (and by
    // `drop` after it is gone); the handler only reads.
    unsafe impl Sync for Previous {}
    static PREVIOUS: Previous = Previous(UnsafeCell::new([MaybeUninit::uninit(); 3]));

    extern "C" fn on_signal(signal: libc::c_int) {
        let group = GROUP.load(Ordering::SeqCst);
        // SAFETY: async-signal-safe calls on integers and on the saved
        // dispositions; the old disposition is restored and the signal
        // raised again, so it then does what it did before (end revise, or
        // run the application's own handler once this one returns).
        unsafe {
            if group > 0 {
                libc::kill(-group, libc::SIGKILL);
            }
            if let Some(i) = SIGNALS.iter().position(|&s| s == signal) {
                let previous = &*PREVIOUS.0.get();
                libc::sigaction(signal, previous[i].as_ptr(), std::ptr::null_mut());
            }
            libc::raise(signal);
        }
    }

    /// Handlers installed while the command runs, the previous ones put back
    /// when dropped.
    pub struct StopGroupOnSignal {
        installed: bool,
    }

    impl StopGroupOnSignal {
        pub fn install(child: &std::process::Child) -> Self {
            let Ok(pid) = libc::pid_t::try_from(child.id()) else {
                return Self { installed: false };
            };
            // Only one command runs at a time; a second (a library caller on
            // another thread) leaves the first's handlers alone.
            if GROUP
                .compare_exchange(0, pid, Ordering::SeqCst, Ordering::SeqCst)
                .is_err()
            {
                return Self { installed: false };
            }
            // SAFETY: sigaction(2) with a zeroed struct holding our handler
            // and an empty mask; the old dispositions go into PREVIOUS before
            // the new one is in place.
            unsafe {
                let previous = &mut *PREVIOUS.0.get();
                for (i, &signal) in SIGNALS.iter().enumerate() {
                    let mut action: libc::sigaction = std::mem::zeroed();
                    action.sa_sigaction = on_signal as *const () as libc::sighandler_t;
                    libc::sigemptyset(&mut action.sa_mask);
                    libc::sigaction(signal, &action, previous[i].as_mut_ptr());
                }
            }
            Self { installed: true }
        }
    }

    impl Drop for StopGroupOnSignal {
        fn drop(&mut self) {
            if !self.installed {
                return;
            }
            // SAFETY: puts back the dispositions saved by `install`.
            unsafe {
                let previous = &*PREVIOUS.0.get();
                for (i, &signal) in SIGNALS.iter().enumerate() {
                    libc::sigaction(signal, previous[i].as_ptr(), std::ptr::null_mut());
                }
            }
            GROUP.store(0, Ordering::SeqCst);
        }
    }
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
