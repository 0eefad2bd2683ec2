//! Output and prompts: the only place besides `commands` that prints.
//!
//! Data (history, current, heads, `--sql`, echoed SQL) goes to stdout; progress,
//! warnings and errors go to stderr, so `revise upgrade --sql > up.sql` works.
//! Prompts sit behind the [`Prompt`] trait so that commands can be driven without a terminal.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use crate::runner::Observer;
use crate::script::file::RevisionHeader;
use crate::script::graph::Direction;

/// The printer every command writes through.
#[derive(Debug, Clone)]
pub struct Ui {
    quiet: bool,
    color: bool,
}

impl Ui {
    /// A printer; `quiet` drops progress messages (data and errors still print).
    pub fn new(quiet: bool) -> Self {
        Ui {
            quiet,
            color: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }

    /// Whether progress messages are suppressed.
    pub fn is_quiet(&self) -> bool {
        self.quiet
    }

    /// A line of data on stdout.
    pub fn out(&self, line: &str) {
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{line}");
    }

    /// A progress line on stderr (suppressed by `-q`).
    pub fn info(&self, line: &str) {
        if !self.quiet {
            eprintln!("{line}");
        }
    }

    /// A warning on stderr (never suppressed).
    pub fn warn(&self, line: &str) {
        if self.color {
            eprintln!("{} {line}", console::style("warning:").yellow().bold());
        } else {
            eprintln!("warning: {line}");
        }
    }

    /// An error on stderr.
    pub fn error(&self, line: &str) {
        if self.color {
            eprintln!("{} {line}", console::style("error:").red().bold());
        } else {
            eprintln!("error: {line}");
        }
    }

    /// A unified diff of two texts on stdout, coloured on a terminal.
    pub fn diff(&self, old: &str, new: &str, old_name: &str, new_name: &str) {
        let text = similar::TextDiff::from_lines(old, new)
            .unified_diff()
            .context_radius(3)
            .header(old_name, new_name)
            .to_string();
        let color = self.color && std::io::stdout().is_terminal();
        let mut stdout = std::io::stdout().lock();
        for line in text.lines() {
            let shown = match line.chars().next() {
                Some('+') if color && !line.starts_with("+++") => {
                    console::style(line).green().to_string()
                }
                Some('-') if color && !line.starts_with("---") => {
                    console::style(line).red().to_string()
                }
                _ => line.to_string(),
            };
            let _ = writeln!(stdout, "{shown}");
        }
    }

    /// One SQL statement, terminated, on stdout (for `--sql` and `--echo`).
    pub fn sql(&self, statement: &str) {
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{};", statement.trim_end());
    }
}

/// Prints progress of a run: one line per revision, and each statement when echoing.
pub struct Progress<'a> {
    ui: &'a Ui,
    echo: bool,
    upgrade_target: Vec<String>,
    downgrade_target: Vec<String>,
}

impl<'a> Progress<'a> {
    /// A progress printer; `echo` prints every statement as it runs.
    pub fn new(ui: &'a Ui, echo: bool) -> Self {
        Progress {
            ui,
            echo,
            upgrade_target: Vec::new(),
            downgrade_target: Vec::new(),
        }
    }

    /// The ids an upgrade's target resolved to (empty before the run, or for base).
    pub fn upgrade_target(&self) -> &[String] {
        &self.upgrade_target
    }

    /// The ids a downgrade's target resolved to: what the database comes down
    /// to (empty before the run, or for base).
    pub fn downgrade_target(&self) -> &[String] {
        &self.downgrade_target
    }
}

impl Observer for Progress<'_> {
    fn upgrade_target(&mut self, revisions: &[&str]) {
        self.upgrade_target = revisions.iter().map(|r| r.to_string()).collect();
    }

    fn downgrade_target(&mut self, revisions: &[&str]) {
        self.downgrade_target = revisions.iter().map(|r| r.to_string()).collect();
    }

    fn statement(&mut self, sql: &str) {
        if self.echo {
            self.ui.sql(sql);
        }
    }

    fn step_started(&mut self, revision: &RevisionHeader, direction: Direction) {
        if self.echo {
            self.ui.out(&format!(
                "-- {} {}: {}",
                direction.verb(),
                revision.id,
                revision.message
            ));
        }
    }

    fn step_finished(
        &mut self,
        revision: &RevisionHeader,
        direction: Direction,
        elapsed: Duration,
    ) {
        let verb = match direction {
            Direction::Up => "upgraded",
            Direction::Down => "downgraded",
        };
        self.ui.info(&format!(
            "{verb:<10} {}  {}  ({} ms)",
            revision.id,
            revision.message,
            elapsed.as_millis()
        ));
    }
}

/// Questions a command may ask; answered by a terminal or by defaults.
pub trait Prompt {
    /// Asks a yes/no question; `default` is the answer without a terminal.
    fn confirm(&mut self, question: &str, default: bool) -> bool;

    /// Whether questions really reach a person.
    fn is_interactive(&self) -> bool;
}

/// Asks on the terminal with dialoguer; falls back to the default without a TTY
/// or with `--no-input`.
pub struct TerminalPrompt {
    interactive: bool,
}

impl TerminalPrompt {
    /// A prompt that asks only when `allowed` and stdin and stderr are terminals.
    pub fn new(allowed: bool) -> Self {
        TerminalPrompt {
            interactive: allowed
                && std::io::stdin().is_terminal()
                && std::io::stderr().is_terminal(),
        }
    }
}

impl Prompt for TerminalPrompt {
    fn is_interactive(&self) -> bool {
        self.interactive
    }

    fn confirm(&mut self, question: &str, default: bool) -> bool {
        if !self.interactive {
            return default;
        }
        dialoguer::Confirm::new()
            .with_prompt(question)
            .default(default)
            .interact()
            .unwrap_or(default)
    }
}
