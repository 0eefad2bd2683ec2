//! The version table (one row per current head, Alembic's layout) and the applied
//! log beside it (`<table>_log`): the SQL that edits them and the reads that
//! rebuild the runner's view of the database.
//!
//! Every statement is rendered as literal SQL (ids are validated names, messages
//! are quoted by the dialect), so that `--sql` prints exactly what a live run executes.

use crate::dialect::{Database, Dialect, query_or, table_exists};
use crate::error::Result;
use crate::script::graph::{Direction, VersionEdit};

/// Names of the two bookkeeping tables.
#[derive(Debug, Clone)]
pub struct Tables {
    /// The version table.
    pub version: String,
    /// The applied log.
    pub log: String,
}

impl Tables {
    /// The tables for version table `name`; the log is `<name>_log`.
    pub fn new(name: &str) -> Self {
        Tables {
            version: name.to_string(),
            log: format!("{name}_log"),
        }
    }

    /// `CREATE TABLE IF NOT EXISTS` for both tables.
    pub fn create(&self, d: &dyn Dialect) -> Vec<String> {
        vec![
            d.create_version_table(&self.version),
            d.create_log_table(&self.log),
        ]
    }

    /// The SQL for one version-table edit.
    pub fn edit(&self, d: &dyn Dialect, edit: &VersionEdit) -> String {
        let t = d.quote_ident(&self.version);
        match edit {
            VersionEdit::Insert(id) => format!(
                "INSERT INTO {t} (version_num) VALUES ({})",
                d.quote_string(id)
            ),
            VersionEdit::Update { from, to } => format!(
                "UPDATE {t} SET version_num = {} WHERE version_num = {}",
                d.quote_string(to),
                d.quote_string(from)
            ),
            VersionEdit::Delete(id) => {
                format!("DELETE FROM {t} WHERE version_num = {}", d.quote_string(id))
            }
        }
    }

    /// Deletes every row (for `stamp --purge`).
    pub fn delete_all(&self, d: &dyn Dialect) -> String {
        format!("DELETE FROM {}", d.quote_ident(&self.version))
    }

    /// The log row written when a step starts. It survives a failure only where
    /// statements were committed before it (MySQL DDL, non-transactional revisions).
    pub fn log_start(
        &self,
        d: &dyn Dialect,
        revision: &str,
        direction: Direction,
        checksum: &str,
    ) -> String {
        format!(
            "INSERT INTO {} (revision, direction, status, checksum, started_at) VALUES ({}, {}, 'running', {}, {})",
            d.quote_ident(&self.log),
            d.quote_string(revision),
            d.quote_string(direction_name(direction)),
            d.quote_string(checksum),
            d.now_utc()
        )
    }

    /// The finished log row of a step whose whole run, bookkeeping included,
    /// is one transaction that began at `started` (an SQL expression): one
    /// statement instead of a running row and its update.
    pub fn log_done(
        &self,
        d: &dyn Dialect,
        revision: &str,
        direction: Direction,
        checksum: &str,
        started: &str,
    ) -> String {
        self.insert_finished(
            d,
            revision,
            direction_name(direction),
            Some(checksum),
            started,
        )
    }

    /// Marks the running log row of `revision` as finished.
    pub fn log_finish(&self, d: &dyn Dialect, revision: &str) -> String {
        let newest = d
            .newest_log_row(&self.log)
            .map(|c| format!("{c} AND "))
            .unwrap_or_default();
        format!(
            "UPDATE {} SET status = 'ok', finished_at = {} WHERE {newest}revision = {} AND status = 'running'",
            d.quote_ident(&self.log),
            d.now_utc(),
            d.quote_string(revision)
        )
    }

    /// Marks the running log row of `revision` as failed at statement `index`.
    pub fn log_fail(&self, d: &dyn Dialect, revision: &str, index: usize, error: &str) -> String {
        format!(
            "UPDATE {} SET status = 'failed', finished_at = {}, failed_statement = {index}, error = {} WHERE revision = {} AND status = 'running'",
            d.quote_ident(&self.log),
            d.now_utc(),
            d.quote_string(&crate::error::one_line(error, 2000)),
            d.quote_string(revision)
        )
    }

    /// Removes the running log row of `revision` (its first statement failed, so nothing ran).
    pub fn log_discard(&self, d: &dyn Dialect, revision: &str) -> String {
        format!(
            "DELETE FROM {} WHERE revision = {} AND status = 'running'",
            d.quote_ident(&self.log),
            d.quote_string(revision)
        )
    }

    /// A finished log row for a stamp or rehash (no SQL ran).
    pub fn log_mark(
        &self,
        d: &dyn Dialect,
        revision: &str,
        direction: &str,
        checksum: Option<&str>,
    ) -> String {
        self.insert_finished(d, revision, direction, checksum, d.now_utc())
    }

    /// A finished log row that started at `started` (an SQL expression).
    fn insert_finished(
        &self,
        d: &dyn Dialect,
        revision: &str,
        direction: &str,
        checksum: Option<&str>,
        started: &str,
    ) -> String {
        format!(
            "INSERT INTO {} (revision, direction, status, checksum, started_at, finished_at) VALUES ({}, {}, 'ok', {}, {started}, {})",
            d.quote_ident(&self.log),
            d.quote_string(revision),
            d.quote_string(direction),
            checksum
                .map(|c| d.quote_string(c))
                .unwrap_or_else(|| "NULL".into()),
            d.now_utc()
        )
    }

    /// Marks failed or unfinished log rows as resolved (a stamp records the repair).
    pub fn log_resolve(&self, d: &dyn Dialect) -> String {
        format!(
            "UPDATE {} SET status = 'resolved' WHERE status IN ('running', 'failed')",
            d.quote_ident(&self.log)
        )
    }

    /// Reads the version rows; no tables means no rows.
    pub fn read_rows(&self, db: &mut dyn Database) -> Result<Vec<String>> {
        let d = db.dialect();
        let sql = format!(
            "SELECT {} FROM {} ORDER BY version_num",
            d.as_text("version_num"),
            d.quote_ident(&self.version)
        );
        let rows = query_or(db, &sql, &format!("reading version table {}", self.version))?;
        Ok(rows
            .into_iter()
            .filter_map(|r| r.into_iter().next().flatten())
            .collect())
    }

    /// Reads the whole log, oldest first.
    pub fn read_log(&self, db: &mut dyn Database) -> Result<Vec<LogEntry>> {
        let d = db.dialect();
        let sql = format!(
            "SELECT {}, revision, direction, status, checksum, {}, {}, {}, error FROM {} ORDER BY id",
            d.as_text("id"),
            d.timestamp_text("started_at"),
            d.timestamp_text("finished_at"),
            d.as_text("failed_statement"),
            d.quote_ident(&self.log)
        );
        let rows = query_or(db, &sql, &format!("reading log table {}", self.log))?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let mut it = r.into_iter();
                let mut next = || it.next().flatten();
                LogEntry {
                    id: next().and_then(|s| s.parse().ok()).unwrap_or(0),
                    revision: next().unwrap_or_default(),
                    direction: next().unwrap_or_default(),
                    status: next().unwrap_or_default(),
                    checksum: next(),
                    started_at: next(),
                    finished_at: next(),
                    failed_statement: next().and_then(|s| s.parse().ok()),
                    error: next(),
                }
            })
            .collect())
    }

    /// Reads rows and log; missing tables read as empty.
    pub fn read(&self, db: &mut dyn Database) -> Result<Recorded> {
        if !table_exists(db, &self.version)? {
            return Ok(Recorded::default());
        }
        let rows = self.read_rows(db)?;
        let log = if table_exists(db, &self.log)? {
            self.read_log(db)?
        } else {
            Vec::new()
        };
        Ok(Recorded { rows, log })
    }
}

/// `up` or `down`, as written in the log.
pub fn direction_name(d: Direction) -> &'static str {
    match d {
        Direction::Up => "up",
        Direction::Down => "down",
    }
}

/// One row of the applied log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    /// Sequence number.
    pub id: i64,
    /// Revision id.
    pub revision: String,
    /// `up`, `down`, `stamp` or `rehash`.
    pub direction: String,
    /// `running`, `ok`, `failed` or `resolved`.
    pub status: String,
    /// SHA-256 of the file as applied.
    pub checksum: Option<String>,
    /// UTC start time.
    pub started_at: Option<String>,
    /// UTC end time.
    pub finished_at: Option<String>,
    /// The failing statement's number, for failed rows; 0 when every
    /// statement ran and recording the revision failed.
    pub failed_statement: Option<i64>,
    /// The database's message, for failed rows.
    pub error: Option<String>,
}

impl LogEntry {
    /// Milliseconds between start and end, when both are known.
    pub fn duration_ms(&self) -> Option<i64> {
        let parse = |s: &Option<String>| {
            chrono::NaiveDateTime::parse_from_str(s.as_deref()?.trim(), "%Y-%m-%d %H:%M:%S%.f").ok()
        };
        Some((parse(&self.finished_at)? - parse(&self.started_at)?).num_milliseconds())
    }

    /// Where a failed row failed: `at statement K`, or while recording the
    /// revision after all its statements. `None` for a row that never finished.
    pub fn failure_point(&self) -> Option<String> {
        match self.failed_statement? {
            0 => Some("while recording it, after all its statements".to_string()),
            k => Some(format!("at statement {k}")),
        }
    }

    /// The start time without fractions of a second.
    pub fn started_short(&self) -> String {
        self.started_at
            .as_deref()
            .map(|s| s.split('.').next().unwrap_or(s).to_string())
            .unwrap_or_default()
    }
}

/// What the bookkeeping tables hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recorded {
    /// Version rows (current heads).
    pub rows: Vec<String>,
    /// The applied log, oldest first.
    pub log: Vec<LogEntry>,
}

impl Recorded {
    /// The log row of a revision that failed or never finished, if any.
    pub fn unfinished(&self) -> Option<&LogEntry> {
        self.log
            .iter()
            .rev()
            .find(|e| e.status == "running" || e.status == "failed")
    }

    /// The last successful `up` (or stamp) of `revision`.
    pub fn last_applied(&self, revision: &str) -> Option<&LogEntry> {
        self.log.iter().rev().find(|e| {
            e.revision == revision
                && e.status == "ok"
                && (e.direction == "up" || e.direction == "stamp")
        })
    }
}
