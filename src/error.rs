//! The one error type of `revise` and the exit-code policy.
//!
//! Every variant renders as a single line that names the file, line, revision or
//! object at fault and says what to do next. Messages never contain a password:
//! URLs are stored already redacted (see [`crate::url::DatabaseUrl`]).

use std::fmt;
use std::path::{Path, PathBuf};

/// Exit code for success.
pub const EXIT_OK: u8 = 0;
/// Exit code for a clean "no": `check` found drift, the database is not at head.
pub const EXIT_NO: u8 = 1;
/// Exit code for every error.
pub const EXIT_ERROR: u8 = 2;

/// Shorthand for results in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong, with the context a user needs to fix it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The config file is missing, malformed or holds an unknown key.
    #[error("{}: {message}", path.display())]
    Config {
        /// The config file.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },

    /// A database URL that cannot be parsed or names an unknown dialect.
    #[error("database URL {url}: {message}")]
    Url {
        /// The URL with its password replaced by `***`.
        url: String,
        /// What is wrong and what to do.
        message: String,
    },

    /// A file (revision script, template, model) that cannot be parsed.
    #[error("{}:{line}: {message}", path.display())]
    Parse {
        /// The file at fault.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong and what to do.
        message: String,
    },

    /// The revision graph is inconsistent (duplicate id, missing parent, cycle, ...).
    #[error("{0}")]
    Graph(String),

    /// A target (`head`, `abc+2`, `label@head`, ...) that does not resolve.
    #[error("{0}")]
    Target(String),

    /// Could not reach or open the database.
    #[error("cannot connect to {url}: {message}")]
    Connect {
        /// The URL with its password replaced by `***`.
        url: String,
        /// The driver's message, redacted.
        message: String,
    },

    /// A statement of a revision failed; the transaction was rolled back.
    #[error("{0}")]
    Statement(Box<StatementFailure>),

    /// A query the runner itself issued (version table, lock, catalog) failed.
    #[error("{context}: {message}")]
    Database {
        /// What `revise` was doing.
        context: String,
        /// The database's message, redacted.
        message: String,
    },

    /// The runner refuses to go on: edited script, failed revision, lock timeout, ...
    #[error("{0}")]
    Refused(String),

    /// Wrong use of a command (conflicting flags, missing argument, ...).
    #[error("{0}")]
    Usage(String),

    /// A file-system operation failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// Where and why a revision's statement failed, and what state it left behind.
#[derive(Debug, thiserror::Error)]
#[error(
    "revision {revision} ({}:{line}) failed at statement {index} of {total} of its {direction}: {}; statement: {}; {state}",
    path.display(),
    message_line(message, 400),
    one_line(statement, 200)
)]
pub struct StatementFailure {
    /// Revision id.
    pub revision: String,
    /// The revision file.
    pub path: PathBuf,
    /// 1-based line of the statement in the file.
    pub line: usize,
    /// `upgrade` or `downgrade`.
    pub direction: &'static str,
    /// 1-based number of the failing statement within its section.
    pub index: usize,
    /// Number of statements in the section.
    pub total: usize,
    /// The statement text.
    pub statement: String,
    /// The database's message.
    pub message: String,
    /// What state the database was left in and what to do about it.
    pub state: String,
}

impl Error {
    /// Builds an [`Error::Io`] for `path`.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// Builds an [`Error::Parse`] for `path` at `line`.
    pub fn parse(path: impl AsRef<Path>, line: usize, message: impl fmt::Display) -> Self {
        Error::Parse {
            path: path.as_ref().to_path_buf(),
            line,
            message: message.to_string(),
        }
    }

    /// Builds an [`Error::Database`] from what `revise` was doing and the driver's message.
    pub fn database(context: impl fmt::Display, message: impl fmt::Display) -> Self {
        // Server messages may carry DETAIL and HINT lines: errors are one line.
        Error::Database {
            context: context.to_string(),
            message: message_line(&message.to_string(), 600),
        }
    }

    /// The process exit code for this error: always [`EXIT_ERROR`].
    pub fn exit_code(&self) -> u8 {
        EXIT_ERROR
    }
}

/// Collapses runs of whitespace (newlines included) to one space and cuts the text
/// at `max` characters, so that a statement or a server message fits on one line.
pub fn one_line(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max + 3));
    for (count, word) in text.split_whitespace().enumerate() {
        if count > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.chars().count() > max {
        out = out.chars().take(max).collect();
        out.push_str("...");
    }
    out
}

/// A server's message (several lines: libpq's "Is the server running ...?",
/// PostgreSQL's dependency lists) on one line: a line break after a line
/// with no closing punctuation becomes "; ", so the sentences stay apart.
pub fn message_line(text: &str, max: usize) -> String {
    let mut joined = String::with_capacity(text.len());
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !joined.is_empty() {
            let closed = joined.ends_with(['.', ';', ':', ',', '!', '?']);
            joined.push_str(if closed { " " } else { "; " });
        }
        joined.push_str(line);
    }
    one_line(&joined, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_line_keeps_sentences_apart() {
        assert_eq!(
            message_line(
                "Connection refused\n\tIs the server running on that host?\n",
                200
            ),
            "Connection refused; Is the server running on that host?"
        );
        assert_eq!(
            message_line(
                "cannot drop type r\ncolumn s of table a depends on type r\ncolumn t of table b depends on type r",
                200
            ),
            "cannot drop type r; column s of table a depends on type r; column t of table b depends on type r"
        );
        assert_eq!(message_line("one.\ntwo", 200), "one. two");
    }

    #[test]
    fn one_line_collapses_and_truncates() {
        assert_eq!(
            one_line("CREATE TABLE a (\n  id int\n);", 100),
            "CREATE TABLE a ( id int );"
        );
        assert_eq!(one_line("abcdef", 3), "abc...");
    }
}
