//! The revision runner: upgrade, downgrade, stamp and rehash, live or offline.
//!
//! One loop serves both modes; only the `Sink` differs. Live, every path is
//! lock -> read the version table -> check (unfinished revisions, edited scripts)
//! -> plan -> per transaction: begin, log "running", statements, version-table
//! edits, log "ok", commit -> release. Offline (`--sql`), the same statements are
//! collected instead of executed, so the script equals what a live run executes.
//!
//! The runner prints nothing: progress reaches the caller through [`Observer`].

pub mod lock;
pub mod version_table;

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use crate::config::TransactionMode;
use crate::dialect::{Database, Dialect, LockScope, execute_or};
use crate::error::{Error, Result};
use crate::script::ScriptDirectory;
use crate::script::file::RevisionHeader;
use crate::script::graph::{Direction, Rev, RevisionGraph, State, Step};
use crate::script::split::Statement;
use crate::script::target::{self, Target};
use lock::LockGuard;
use version_table::{Recorded, Tables};

/// The runner's settings, taken from `[runner]` by the command layer.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The version table's name; the log is `<name>_log`.
    pub version_table: String,
    /// How long to wait for another runner's lock.
    pub lock_timeout: Duration,
    /// How revisions are grouped into transactions.
    pub transaction: TransactionMode,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            version_table: crate::config::DEFAULT_VERSION_TABLE.into(),
            lock_timeout: Duration::from_secs(crate::config::DEFAULT_LOCK_TIMEOUT_SECS),
            transaction: TransactionMode::PerRevision,
        }
    }
}

impl Settings {
    fn tables(&self) -> Tables {
        Tables::new(&self.version_table)
    }
}

/// Receives progress; every method does nothing by default.
pub trait Observer {
    /// A statement is about to be executed (or written, offline).
    fn statement(&mut self, _sql: &str) {}
    /// An upgrade's target resolved (against the version table, under the
    /// lock) to these revisions, before anything runs.
    fn upgrade_target(&mut self, _revisions: &[&str]) {}
    /// A downgrade's target resolved (likewise) to these revisions: what the
    /// database comes down to (see [`target::Downgrade::floor`]); empty for base.
    fn downgrade_target(&mut self, _revisions: &[&str]) {}
    /// A revision starts.
    fn step_started(&mut self, _revision: &RevisionHeader, _direction: Direction) {}
    /// A revision's transaction committed.
    fn step_finished(
        &mut self,
        _revision: &RevisionHeader,
        _direction: Direction,
        _elapsed: Duration,
    ) {
    }
}

/// An observer that ignores everything.
pub struct Silent;
impl Observer for Silent {}

/// What a run must achieve, with targets already resolved to revisions, so that
/// re-planning after a concurrent runner never moves the goal (`+1` stays one).
#[derive(Debug, Clone)]
pub enum Goal {
    /// Apply these revisions and everything below them.
    Upgrade(Vec<Rev>),
    /// Take the applied revisions `remove` away, down to `floor`.
    Downgrade(target::Downgrade),
}

/// A step that ran and committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// Revision id.
    pub revision: String,
    /// Up or down.
    pub direction: Direction,
}

enum Sink<'a> {
    Live(&'a mut dyn Database),
    Offline {
        dialect: &'static dyn Dialect,
        out: &'a mut Vec<String>,
    },
}

impl Sink<'_> {
    fn dialect(&self) -> &'static dyn Dialect {
        match self {
            Sink::Live(db) => db.dialect(),
            Sink::Offline { dialect, .. } => *dialect,
        }
    }

    fn execute(
        &mut self,
        sql: &str,
        observer: &mut dyn Observer,
    ) -> std::result::Result<(), String> {
        observer.statement(sql);
        match self {
            Sink::Live(db) => db.execute(sql),
            Sink::Offline { out, .. } => {
                out.push(sql.to_string());
                Ok(())
            }
        }
    }

    /// Executes `statements` in one call (see [`Database::execute_batch`]);
    /// the observer still sees each.
    fn execute_batch(
        &mut self,
        statements: &[String],
        observer: &mut dyn Observer,
    ) -> std::result::Result<(), String> {
        for sql in statements {
            observer.statement(sql);
        }
        match self {
            Sink::Live(db) => db.execute_batch(statements),
            Sink::Offline { out, .. } => {
                out.extend_from_slice(statements);
                Ok(())
            }
        }
    }

    /// Where each transaction takes the lock (SQLite), the version rows as seen
    /// inside it; `None` where the lock is held for the whole run or offline.
    fn rows_under_transaction_lock(&mut self, tables: &Tables) -> Result<Option<BTreeSet<String>>> {
        match self {
            Sink::Live(db) if db.lock_scope() == LockScope::Transaction => {
                Ok(Some(tables.read_rows(&mut **db)?.into_iter().collect()))
            }
            _ => Ok(None),
        }
    }

    /// Live, where DDL commits implicitly: whether the transaction opened for a
    /// step is still open (nothing of it committed yet).
    fn transaction_still_open(&mut self) -> Option<bool> {
        let Sink::Live(db) = self else { return None };
        let sql = db.dialect().open_transaction_query()?;
        let rows = db.query(sql).ok()?;
        let value = rows.into_iter().next()?.into_iter().next()??;
        Some(value.trim() == "1")
    }

    /// Whether the "running" log row of `revision` exists (after a rollback: it
    /// outlived it, so it was committed).
    fn running_row_survived(&mut self, tables: &Tables, revision: &str) -> bool {
        let Sink::Live(db) = self else { return false };
        let d = db.dialect();
        let sql = format!(
            "SELECT {} FROM {} WHERE revision = {} AND status = 'running'",
            d.as_text("id"),
            d.quote_ident(&tables.log),
            d.quote_string(revision)
        );
        db.query(&sql).map(|rows| !rows.is_empty()).unwrap_or(false)
    }
}

/// A step with its statements split and ready.
struct Prepared<'s> {
    step: Step,
    header: &'s RevisionHeader,
    path: &'s std::path::Path,
    checksum: &'s str,
    first_line: usize,
    statements: Vec<Statement>,
}

/// Why a step stopped.
struct StepFailure {
    /// The failing statement (1-based), or 0 for the runner's own bookkeeping.
    index: usize,
    /// How many of the step's statements completed before the failure.
    ran: usize,
    line: usize,
    statement: String,
    message: String,
}

/// Upgrades the live database to `target`.
pub fn upgrade(
    db: &mut dyn Database,
    scripts: &ScriptDirectory,
    target: &Target,
    settings: &Settings,
    observer: &mut dyn Observer,
) -> Result<Vec<Applied>> {
    run_live(db, scripts, settings, observer, |g, state| {
        Ok(Goal::Upgrade(target::resolve_upgrade(g, state, target)?))
    })
}

/// Downgrades the live database to `target`.
pub fn downgrade(
    db: &mut dyn Database,
    scripts: &ScriptDirectory,
    target: &Target,
    settings: &Settings,
    observer: &mut dyn Observer,
) -> Result<Vec<Applied>> {
    run_live(db, scripts, settings, observer, |g, state| {
        Ok(Goal::Downgrade(target::resolve_downgrade_to(
            g, state, target,
        )?))
    })
}

fn run_live(
    db: &mut dyn Database,
    scripts: &ScriptDirectory,
    settings: &Settings,
    observer: &mut dyn Observer,
    goal: impl FnOnce(&RevisionGraph, &State) -> Result<Goal>,
) -> Result<Vec<Applied>> {
    let tables = settings.tables();
    let mut guard = LockGuard::acquire(db, &tables.version, settings.lock_timeout)?;
    let db = guard.db();
    ensure_tables(db, &tables, observer)?;
    let recorded = tables.read(db)?;
    refuse_unfinished(scripts, &recorded)?;
    let state = scripts.graph.state_from_rows(&recorded.rows)?;
    let goal = goal(&scripts.graph, &state)?;
    let g = &scripts.graph;
    match &goal {
        Goal::Upgrade(revs) => {
            observer.upgrade_target(&revs.iter().map(|&r| g.id(r)).collect::<Vec<_>>())
        }
        Goal::Downgrade(d) => {
            observer.downgrade_target(&d.floor.iter().map(|&r| g.id(r)).collect::<Vec<_>>())
        }
    }
    refuse_edited(scripts, &recorded, &state)?;
    run_loop(
        &mut Sink::Live(db),
        scripts,
        state,
        &goal,
        settings,
        &tables,
        observer,
    )
}

/// The SQL an upgrade from `from` (default: base) to `to` would execute.
pub fn upgrade_sql(
    dialect: &'static dyn Dialect,
    scripts: &ScriptDirectory,
    from: Option<&Target>,
    to: &Target,
    settings: &Settings,
) -> Result<Vec<String>> {
    let g = &scripts.graph;
    let state = offline_state(g, from)?;
    let goal = Goal::Upgrade(target::resolve_upgrade(g, &state, to)?);
    run_offline(dialect, scripts, state, &goal, settings)
}

/// The SQL a downgrade from `from` (default: heads) to `to` would execute.
pub fn downgrade_sql(
    dialect: &'static dyn Dialect,
    scripts: &ScriptDirectory,
    from: Option<&Target>,
    to: &Target,
    settings: &Settings,
) -> Result<Vec<String>> {
    let g = &scripts.graph;
    let state = offline_state(g, Some(from.unwrap_or(&Target::Heads)))?;
    let goal = Goal::Downgrade(target::resolve_downgrade_to(g, &state, to)?);
    run_offline(dialect, scripts, state, &goal, settings)
}

fn offline_state(g: &RevisionGraph, from: Option<&Target>) -> Result<State> {
    let revs = match from {
        None => Vec::new(),
        Some(t) => target::resolve_static(g, t)?,
    };
    Ok(g.state_from_revs(revs.into_iter().collect()))
}

fn run_offline(
    dialect: &'static dyn Dialect,
    scripts: &ScriptDirectory,
    state: State,
    goal: &Goal,
    settings: &Settings,
) -> Result<Vec<String>> {
    let tables = settings.tables();
    let mut out = tables.create(dialect);
    let mut sink = Sink::Offline {
        dialect,
        out: &mut out,
    };
    run_loop(
        &mut sink,
        scripts,
        state,
        goal,
        settings,
        &tables,
        &mut Silent,
    )?;
    Ok(out)
}

fn ensure_tables(
    db: &mut dyn Database,
    tables: &Tables,
    observer: &mut dyn Observer,
) -> Result<()> {
    if crate::dialect::table_exists(db, &tables.version)?
        && crate::dialect::table_exists(db, &tables.log)?
    {
        return Ok(());
    }
    for sql in tables.create(db.dialect()) {
        observer.statement(&sql);
        execute_or(db, &sql, "creating the version table")?;
    }
    Ok(())
}

/// A failed or unfinished revision blocks every run until `stamp` records the repair.
fn refuse_unfinished(scripts: &ScriptDirectory, recorded: &Recorded) -> Result<()> {
    let Some(e) = recorded.unfinished() else {
        return Ok(());
    };
    let file = scripts
        .graph
        .by_id(&e.revision)
        .map(|r| scripts.path(r).display().to_string())
        .unwrap_or_else(|| "file missing".into());
    let parents = scripts
        .graph
        .by_id(&e.revision)
        .map(|r| {
            let ps: Vec<&str> = scripts
                .graph
                .parents(r)
                .iter()
                .map(|&p| scripts.graph.id(p))
                .collect();
            if ps.is_empty() {
                "base".to_string()
            } else {
                ps.join(" ")
            }
        })
        .unwrap_or_else(|| "its parent".into());
    let downgrade = e.direction == "down";
    let what = match (e.status.as_str(), e.failure_point()) {
        ("failed", Some(point)) => format!(
            "failed {point} during {} on {}: {}; {} committed",
            if downgrade { "downgrade" } else { "upgrade" },
            e.started_short(),
            e.error.as_deref().unwrap_or("?"),
            match e.failed_statement {
                Some(k) if k > 0 => format!("statements before {k} were"),
                _ => "its statements were".to_string(),
            }
        ),
        _ => format!(
            "started on {} and never finished (the process stopped?)",
            e.started_short()
        ),
    };
    // Finishing a downgrade by hand leaves the database at the parents, not at
    // the revision: the two stamps swap meaning with the direction.
    let rev = &e.revision;
    let choices = if downgrade {
        format!(
            "`revise stamp {parents}` if you finished the downgrade by hand, `revise stamp {rev}` if you restored what it had removed"
        )
    } else {
        format!(
            "`revise stamp {rev}` if you finished the upgrade by hand, `revise stamp {parents}` if you undid what it had applied"
        )
    };
    Err(Error::Refused(format!(
        "revision {rev} ({file}) {what}. Repair the database by hand, then record where it stands: {choices} (README: Recovering from a failed revision)"
    )))
}

/// Revisions whose file changed since it was applied.
pub fn edited_revisions(scripts: &ScriptDirectory, recorded: &Recorded, state: &State) -> Vec<Rev> {
    let mut recorded_sums: HashMap<&str, &str> = HashMap::new();
    for e in &recorded.log {
        if e.revision.is_empty() || e.status != "ok" || e.direction == "down" {
            continue;
        }
        if let Some(c) = e.checksum.as_deref() {
            recorded_sums.insert(e.revision.as_str(), c);
        }
    }
    scripts
        .graph
        .order()
        .iter()
        .copied()
        .filter(|&r| state.applied.contains(r))
        .filter(|&r| {
            recorded_sums
                .get(scripts.graph.id(r))
                .is_some_and(|sum| *sum != scripts.file(r).checksum())
        })
        .collect()
}

fn refuse_edited(scripts: &ScriptDirectory, recorded: &Recorded, state: &State) -> Result<()> {
    let edited = edited_revisions(scripts, recorded, state);
    if edited.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = edited
        .iter()
        .map(|&r| format!("{} ({})", scripts.path(r).display(), scripts.graph.id(r)))
        .collect();
    let ids: Vec<&str> = edited.iter().map(|&r| scripts.graph.id(r)).collect();
    Err(Error::Refused(format!(
        "{} changed after it was applied; restore the applied version (e.g. `git checkout`), or accept the new content with `revise rehash {}`",
        names.join(", "),
        ids.join(" ")
    )))
}

fn plan(g: &RevisionGraph, state: &State, goal: &Goal) -> Vec<Step> {
    match goal {
        Goal::Upgrade(targets) => g.plan_upgrade(state, targets),
        Goal::Downgrade(d) => g.plan_downgrade(state, &d.remove),
    }
}

/// Splits every step's SQL before anything runs: a malformed later script must
/// not leave the database half-way.
fn prepare<'s>(
    scripts: &'s ScriptDirectory,
    steps: Vec<Step>,
    dialect: &dyn Dialect,
) -> Result<Vec<Prepared<'s>>> {
    steps
        .into_iter()
        .map(|step| {
            let file = scripts.file(step.revision);
            let path = scripts.path(step.revision);
            let section = match step.direction {
                Direction::Up => &file.upgrade,
                Direction::Down => &file.downgrade,
            };
            let statements = match (&section.statements, scripts.split_for) {
                (Some(done), Some(kind)) if kind == dialect.kind() => done.clone(),
                _ => section.split(path, dialect.kind(), step.direction.verb())?,
            };
            if file.header.transactional {
                refuse_transaction_control(path, section.first_line, &statements)?;
            }
            Ok(Prepared {
                header: &file.header,
                path,
                checksum: file.checksum(),
                first_line: section.first_line,
                statements,
                step,
            })
        })
        .collect()
}

/// A transactional revision runs in the runner's transaction; a `COMMIT` of
/// its own would make the statements before it permanent while the runner went
/// on reporting them as undone on failure (and `BEGIN` cannot nest). Refused
/// before anything runs.
fn refuse_transaction_control(
    path: &std::path::Path,
    first_line: usize,
    statements: &[crate::script::split::Statement],
) -> Result<()> {
    for statement in statements {
        if let Some(words) = statement.transaction_control() {
            return Err(Error::parse(
                path,
                first_line + statement.line - 1,
                format!(
                    "{words} controls the transaction, which the runner owns for this revision; remove it (each revision already runs in a transaction of its own) or set `transactional: false` in the header"
                ),
            ));
        }
    }
    Ok(())
}

/// Consecutive steps that share a transaction: one each by default, all
/// transactional ones together in single mode; a non-transactional step is alone.
/// Where DDL commits implicitly (`ddl_commits`) no transaction can hold two
/// revisions, so single mode is per revision there: a failure then never rolls
/// back the bookkeeping of a revision whose DDL stayed.
fn group(
    prepared: &[Prepared<'_>],
    mode: TransactionMode,
    ddl_commits: bool,
) -> Vec<(std::ops::Range<usize>, bool)> {
    let single = mode == TransactionMode::Single && !ddl_commits;
    let mut groups: Vec<(std::ops::Range<usize>, bool)> = Vec::new();
    for (i, p) in prepared.iter().enumerate() {
        let tx = p.header.transactional;
        match groups.last_mut() {
            Some((range, true)) if tx && single => range.end = i + 1,
            _ => groups.push((i..i + 1, tx)),
        }
    }
    groups
}

fn run_loop(
    sink: &mut Sink<'_>,
    scripts: &ScriptDirectory,
    mut state: State,
    goal: &Goal,
    settings: &Settings,
    tables: &Tables,
    observer: &mut dyn Observer,
) -> Result<Vec<Applied>> {
    let g = &scripts.graph;
    let d = sink.dialect();
    let mut applied = Vec::new();
    let mut registered: Option<Rev> = None;
    'plan: loop {
        let steps = plan(g, &state, goal);
        if steps.is_empty() {
            return Ok(applied);
        }
        let prepared = prepare(scripts, steps, d)?;
        // Where DDL commits implicitly, each step is recorded as running before
        // the transaction that runs it: by the previous step's transaction, or
        // on its own for the first.
        let preregister = d.open_transaction_query().is_some();
        for (range, transactional) in group(&prepared, settings.transaction, preregister) {
            if preregister && registered != Some(prepared[range.start].step.revision) {
                let p = &prepared[range.start];
                let sql = tables.log_start(d, &p.header.id, p.step.direction, p.checksum);
                sink.execute(&sql, observer)
                    .map_err(|m| Error::database("recording the step in the applied log", m))?;
                registered = Some(p.step.revision);
            }
            // BEGIN right before a statement that commits implicitly (MySQL DDL)
            // would be committed by it unused: a round trip saved per revision.
            let first = prepared[range.start].statements.first();
            let ended_at_once = first.is_some_and(|st| d.commits_implicitly(&st.sql));
            if transactional && !ended_at_once {
                sink.execute(d.begin_transaction(), observer)
                    .map_err(|m| Error::database("opening a transaction", hinted(d, m)))?;
            }
            // On SQLite the lock came with BEGIN IMMEDIATE: if another runner moved
            // the database meanwhile, plan again from what it did.
            if let Some(rows) = sink.rows_under_transaction_lock(tables)? {
                let expected: BTreeSet<String> =
                    state.rows.iter().map(|&r| g.id(r).to_string()).collect();
                if rows != expected {
                    if transactional {
                        sink.execute("ROLLBACK", observer)
                            .map_err(|m| Error::database("rolling back", m))?;
                    }
                    state = g.state_from_rows(&rows.into_iter().collect::<Vec<_>>())?;
                    continue 'plan;
                }
            }
            let started = Instant::now();
            let alone = transactional && range.len() == 1;
            for i in range.clone() {
                let p = &prepared[i];
                let next = preregister.then(|| prepared.get(i + 1)).flatten();
                let recording = match d.transaction_start_utc() {
                    _ if registered == Some(p.step.revision) => Recording::Ahead,
                    Some(began) if alone => Recording::AtEnd(began),
                    _ => Recording::StartAndFinish,
                };
                observer.step_started(p.header, p.step.direction);
                let commit = transactional && i + 1 == range.end;
                let run = run_step(sink, p, recording, alone, commit, next, tables, observer);
                if let Err(f) = run {
                    let shared = if transactional {
                        &prepared[range.start..i]
                    } else {
                        &[]
                    };
                    return Err(fail(
                        sink,
                        p,
                        f,
                        transactional,
                        Before {
                            committed: applied.len(),
                            shared,
                        },
                        tables,
                        observer,
                    ));
                }
                match p.step.direction {
                    Direction::Up => g.step_up(&mut state, p.step.revision),
                    Direction::Down => g.step_down(&mut state, p.step.revision),
                };
                registered = next.map(|n| n.step.revision);
            }
            let elapsed = started.elapsed();
            for p in &prepared[range] {
                observer.step_finished(p.header, p.step.direction, elapsed);
                applied.push(Applied {
                    revision: p.header.id.clone(),
                    direction: p.step.direction,
                });
            }
        }
        return Ok(applied);
    }
}

/// `message` with the dialect's hint for it, if it has one (a lock waited
/// for in vain, on SQLite).
fn hinted(d: &dyn Dialect, message: String) -> String {
    match d.failure_hint(&message, false) {
        Some(hint) => format!("{message}; {hint}"),
        None => message,
    }
}

/// How a step's row in the applied log is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Recording {
    /// A running row before the statements, marked finished after them, so a
    /// step whose statements committed (and then failed or stopped) is seen.
    StartAndFinish,
    /// The running row was written ahead, by the previous step's transaction
    /// (see [`Dialect::open_transaction_query`]); it is marked finished after.
    Ahead,
    /// The step is alone in a transaction that rolls back whole: one finished
    /// row after the statements, started when the transaction began (the
    /// expression from [`Dialect::transaction_start_utc`]).
    AtEnd(&'static str),
}

/// Runs one step: its statements between its log rows (see [`Recording`]),
/// the version-table edits, and the running row of `next` when steps are
/// recorded ahead, then COMMIT when `commit` (the step ends its transaction),
/// all of that in one call. `alone`: the step has a transaction of its own.
#[allow(clippy::too_many_arguments)]
fn run_step(
    sink: &mut Sink<'_>,
    p: &Prepared<'_>,
    recording: Recording,
    alone: bool,
    commit: bool,
    next: Option<&Prepared<'_>>,
    tables: &Tables,
    observer: &mut dyn Observer,
) -> std::result::Result<(), StepFailure> {
    let d = sink.dialect();
    let id = p.header.id.as_str();
    let bookkeeping = |ran: usize, sql: &str, message: String| StepFailure {
        index: 0,
        ran,
        line: p.first_line,
        statement: sql.to_string(),
        message,
    };
    if recording == Recording::StartAndFinish {
        let start = tables.log_start(d, id, p.step.direction, p.checksum);
        sink.execute(&start, observer)
            .map_err(|m| bookkeeping(0, &start, m))?;
    }
    for (i, stmt) in p.statements.iter().enumerate() {
        sink.execute(&stmt.sql, observer)
            .map_err(|message| StepFailure {
                index: i + 1,
                ran: i,
                line: p.first_line + stmt.line - 1,
                statement: stmt.sql.clone(),
                message,
            })?;
    }
    let ran = p.statements.len();
    let mut after = Vec::new();
    // A statement committed the step's own transaction: open another, so the
    // bookkeeping below costs one commit, not one per statement. (A transaction
    // shared with later steps is left alone: their failure must not roll back
    // this step's bookkeeping after its DDL committed.)
    if alone && p.statements.iter().any(|s| d.commits_implicitly(&s.sql)) {
        after.push(d.begin_transaction().to_string());
    }
    after.extend(p.step.edits.iter().map(|edit| tables.edit(d, edit)));
    after.push(match recording {
        Recording::AtEnd(began) => tables.log_done(d, id, p.step.direction, p.checksum, began),
        _ => tables.log_finish(d, id),
    });
    if let Some(n) = next {
        after.push(tables.log_start(d, &n.header.id, n.step.direction, n.checksum));
    }
    if commit {
        after.push("COMMIT".to_string());
    }
    sink.execute_batch(&after, observer)
        .map_err(|m| bookkeeping(ran, &after.join("; "), m))
}

/// The steps of a run before the one that failed.
struct Before<'a, 's> {
    /// How many committed in transactions of their own: they stay applied.
    committed: usize,
    /// Those in the failed step's transaction (single mode): the rollback
    /// takes them too.
    shared: &'a [Prepared<'s>],
}

/// Rolls back, records a partial application where one happened, and builds the error.
fn fail(
    sink: &mut Sink<'_>,
    p: &Prepared<'_>,
    f: StepFailure,
    transactional: bool,
    before: Before<'_, '_>,
    tables: &Tables,
    observer: &mut dyn Observer,
) -> Error {
    let d = sink.dialect();
    let id = p.header.id.as_str();
    // Asked before the rollback: did a statement commit the transaction?
    let still_open = if transactional {
        sink.transaction_still_open()
    } else {
        None
    };
    if transactional {
        let _ = sink.execute("ROLLBACK", observer);
    }
    let mut kept = match before.committed {
        0 => String::new(),
        n => format!("; the {n} revision(s) before it stay applied"),
    };
    if !before.shared.is_empty() {
        let ids: Vec<&str> = before.shared.iter().map(|s| s.header.id.as_str()).collect();
        kept.push_str(&format!(
            "; {} ran in the same transaction (transaction = \"single\") and {} rolled back with it",
            ids.join(", "),
            if ids.len() == 1 { "was" } else { "were" }
        ));
    }
    let survived = sink.running_row_survived(tables, id);
    // Statements committed themselves where the transaction is gone, or where
    // one of them ended it (the runner then opened another for its bookkeeping).
    let ran = &p.statements[..f.ran];
    let committed = !ran.is_empty()
        && match still_open {
            Some(open) => !open || ran.iter().any(|s| d.commits_implicitly(&s.sql)),
            None => survived,
        };
    let state = if committed && survived {
        let _ = sink.execute(&tables.log_fail(d, id, f.index, &f.message), observer);
        format!(
            "statements 1 to {} were committed before the failure ({}); the revision is recorded as failed and runs refuse to go on until you repair the database by hand and run `revise stamp` (README: Recovering from a failed revision){kept}",
            f.ran,
            if transactional {
                "this database commits DDL implicitly"
            } else {
                "the revision runs outside a transaction"
            }
        )
    } else {
        if survived {
            let _ = sink.execute(&tables.log_discard(d, id), observer);
        }
        format!("nothing of revision {id} was applied{kept}")
    };
    let state = match d.failure_hint(&f.message, transactional) {
        Some(hint) => format!("{state}; {hint}"),
        None => state,
    };
    if f.index == 0 {
        return Error::database(
            format!(
                "recording revision {id} ({}) in the version table",
                p.path.display()
            ),
            format!("{}; statement: {}; {state}", f.message, f.statement),
        );
    }
    Error::Statement(Box::new(crate::error::StatementFailure {
        revision: id.to_string(),
        path: p.path.to_path_buf(),
        line: f.line,
        direction: p.step.direction.verb(),
        index: f.index,
        total: p.statements.len(),
        statement: f.statement,
        message: f.message,
        state,
    }))
}

/// Records `targets` as the current revisions without running any SQL. Clears a
/// failed or unfinished revision. With `purge`, rows the scripts do not know go too.
pub fn stamp(
    db: &mut dyn Database,
    scripts: &ScriptDirectory,
    targets: &[Target],
    purge: bool,
    settings: &Settings,
    observer: &mut dyn Observer,
) -> Result<Vec<String>> {
    let tables = settings.tables();
    let mut guard = LockGuard::acquire(db, &tables.version, settings.lock_timeout)?;
    let db = guard.db();
    ensure_tables(db, &tables, observer)?;
    let recorded = tables.read(db)?;
    let state = if purge {
        scripts.graph.state_from_revs(BTreeSet::new())
    } else {
        scripts.graph.state_from_rows(&recorded.rows)?
    };
    let (statements, rows) =
        stamp_statements(db.dialect(), scripts, &tables, &state, targets, purge)?;
    let mut sink = Sink::Live(db);
    for sql in &statements {
        if let Err(m) = sink.execute(sql, observer) {
            let _ = sink.execute("ROLLBACK", observer);
            return Err(Error::database("stamping the version table", m));
        }
    }
    Ok(rows)
}

/// The SQL `stamp` would execute, starting from `from` (default: base).
pub fn stamp_sql(
    dialect: &'static dyn Dialect,
    scripts: &ScriptDirectory,
    from: Option<&Target>,
    targets: &[Target],
    purge: bool,
    settings: &Settings,
) -> Result<Vec<String>> {
    let tables = settings.tables();
    let state = offline_state(&scripts.graph, from)?;
    let mut out = tables.create(dialect);
    out.extend(stamp_statements(dialect, scripts, &tables, &state, targets, purge)?.0);
    Ok(out)
}

fn stamp_statements(
    d: &dyn Dialect,
    scripts: &ScriptDirectory,
    tables: &Tables,
    state: &State,
    targets: &[Target],
    purge: bool,
) -> Result<(Vec<String>, Vec<String>)> {
    let g = &scripts.graph;
    // What the other targets are stamped onto: the current state (none with
    // --purge), less the branches stamped to their base (`label@base`:
    // that branch's rows go, the trunk below it stays).
    let mut start = if purge {
        g.state_from_revs(BTreeSet::new())
    } else {
        state.clone()
    };
    let mut revs = Vec::new();
    for t in targets {
        match target::branch_base(g, t)? {
            Some((first, below)) => start = g.without_branch(&start, first, &below),
            None => revs.extend(target::resolve_static(g, t)?),
        }
    }
    // `base` means "before every revision": no row stays.
    let to_base = targets.contains(&Target::Base);
    let new_rows = g.stamp_rows(&start, &revs, to_base);
    let mut out = vec![d.begin_transaction().to_string()];
    if purge {
        out.push(tables.delete_all(d));
    } else {
        for &r in state.rows.difference(&new_rows) {
            out.push(tables.edit(
                d,
                &crate::script::graph::VersionEdit::Delete(g.id(r).to_string()),
            ));
        }
    }
    let kept: &BTreeSet<Rev> = if purge { &BTreeSet::new() } else { &state.rows };
    for &r in new_rows.difference(kept) {
        out.push(tables.edit(
            d,
            &crate::script::graph::VersionEdit::Insert(g.id(r).to_string()),
        ));
    }
    for &r in &new_rows {
        out.push(tables.log_mark(d, g.id(r), "stamp", Some(scripts.file(r).checksum())));
    }
    out.push(tables.log_resolve(d));
    out.push("COMMIT".into());
    Ok((out, new_rows.iter().map(|&r| g.id(r).to_string()).collect()))
}

/// Accepts the current content of edited, applied revisions (`revise rehash`):
/// records their new checksums. With no targets, every edited revision.
pub fn rehash(
    db: &mut dyn Database,
    scripts: &ScriptDirectory,
    targets: &[Target],
    settings: &Settings,
    observer: &mut dyn Observer,
) -> Result<Vec<String>> {
    let tables = settings.tables();
    let g = &scripts.graph;
    let mut guard = LockGuard::acquire(db, &tables.version, settings.lock_timeout)?;
    let db = guard.db();
    let recorded = tables.read(db)?;
    let state = g.state_from_rows(&recorded.rows)?;
    let edited = edited_revisions(scripts, &recorded, &state);
    let chosen: Vec<Rev> = if targets.is_empty() {
        edited
    } else {
        let mut chosen = Vec::new();
        for t in targets {
            for r in target::resolve_static(g, t)? {
                if !state.applied.contains(r) {
                    return Err(Error::Usage(format!(
                        "revision {} is not applied; rehash only records new checksums of applied revisions",
                        g.id(r)
                    )));
                }
                if edited.contains(&r) {
                    chosen.push(r);
                }
            }
        }
        chosen
    };
    if chosen.is_empty() {
        return Ok(Vec::new());
    }
    let d = db.dialect();
    let mut statements = vec![d.begin_transaction().to_string()];
    statements.extend(
        chosen
            .iter()
            .map(|&r| tables.log_mark(d, g.id(r), "rehash", Some(scripts.file(r).checksum()))),
    );
    statements.push("COMMIT".into());
    for sql in &statements {
        observer.statement(sql);
        if let Err(m) = db.execute(sql) {
            let _ = db.execute("ROLLBACK");
            return Err(Error::database("recording new checksums", m));
        }
    }
    Ok(chosen.iter().map(|&r| g.id(r).to_string()).collect())
}

/// What the database records, read without taking the lock or creating tables.
pub fn recorded(db: &mut dyn Database, settings: &Settings) -> Result<Recorded> {
    settings.tables().read(db)
}
