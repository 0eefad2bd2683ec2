//! The revision runner against real databases: SQLite always, PostgreSQL and
//! MariaDB/MySQL when reachable (required in CI), each test in a fresh database.

mod common;

use std::time::Duration;

use common::{Env, TestDb};
use revise::config::TransactionMode;
use revise::error::Error;
use revise::runner::{self, Applied, Observer, Settings, Silent};
use revise::script::graph::Direction;
use revise::script::target::{Target, parse_target};
use revise::url::DialectKind;

fn t(s: &str) -> Target {
    parse_target(s).unwrap()
}

fn settings() -> Settings {
    Settings {
        lock_timeout: Duration::from_secs(30),
        ..Settings::default()
    }
}

/// Upgrades to `target` with the default settings, reporting nothing.
fn up(
    db: &mut dyn revise::dialect::Database,
    scripts: &revise::script::ScriptDirectory,
    target: &str,
) -> revise::error::Result<Vec<Applied>> {
    runner::upgrade(db, scripts, &t(target), &settings(), &mut Silent)
}

/// Downgrades to `target` with the default settings, reporting nothing.
fn down(
    db: &mut dyn revise::dialect::Database,
    scripts: &revise::script::ScriptDirectory,
    target: &str,
) -> revise::error::Result<Vec<Applied>> {
    runner::downgrade(db, scripts, &t(target), &settings(), &mut Silent)
}

fn rows(db: &TestDb) -> Vec<String> {
    db.column("SELECT version_num FROM revise_version ORDER BY version_num")
}

/// Collects every statement the runner executes.
#[derive(Default)]
struct Recorder(Vec<String>);
impl Observer for Recorder {
    fn statement(&mut self, sql: &str) {
        self.0.push(sql.to_string());
    }
}

fn three_tables(env: &Env) {
    env.revision(
        "001_a.sql",
        "rev_a",
        "",
        "CREATE TABLE ta (id INTEGER PRIMARY KEY, name VARCHAR(20));",
        "DROP TABLE ta;",
    );
    env.revision(
        "002_b.sql",
        "rev_b",
        "rev_a",
        "CREATE TABLE tb (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES ta (id));\nINSERT INTO ta (id, name) VALUES (1, 'it''s; fine');",
        "DELETE FROM ta;\nDROP TABLE tb;",
    );
    env.revision(
        "003_c.sql",
        "rev_c",
        "rev_b",
        "CREATE TABLE tc (id INTEGER PRIMARY KEY);",
        "DROP TABLE tc;",
    );
}

backend_tests!(
    linear_upgrade_and_downgrade,
    branches_and_merge,
    stamp_records_without_running,
    stamping_a_branch_to_its_base_keeps_the_rest,
    offline_sql_equals_live_run,
    failing_statement,
    concurrent_upgraders_apply_each_revision_once,
    edited_applied_script_is_refused,
    single_transaction_mode,
    non_transactional_revision,
    a_statement_that_refuses_a_transaction_says_how_to_run_it,
    a_revision_that_commits_on_its_own_is_refused,
    lock_is_released_after_an_error,
    uncast_columns_are_refused_not_garbled,
    library_api_migrates_like_the_cli,
    a_data_only_failure_leaves_nothing_behind,
    bookkeeping_is_transactional_and_logged_once,
    a_failure_while_recording_is_accounted_for,
    stored_program_bodies_run_whole,
    compound_blocks_are_statements_not_transaction_control,
    recovering_from_failed_steps_in_both_directions,
);

/// The README's recovery procedure, on a `transactional: false` revision (any
/// database keeps what ran before the failure): after a failed downgrade,
/// finishing it means stamping the parent; after a failed upgrade finished by
/// hand and stamped, fixing the file needs `rehash`.
fn recovering_from_failed_steps_in_both_directions(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let env = Env::new();
    env.revision(
        "001.sql",
        "r1",
        "",
        "CREATE TABLE a (id INT);",
        "DROP TABLE a;",
    );
    let r2 = env.revision_with(
        "002.sql",
        "r2",
        "r1",
        "-- transactional: false",
        "CREATE TABLE b (id INT);\nCREATE TABLE c (id INT);",
        "DROP TABLE c;\nDROP TABLE no_such_table;\nDROP TABLE b;",
    );
    let mut conn = db.connect();
    up(conn.as_mut(), &env.scripts(), "head").unwrap();

    // The downgrade dropped c, then failed: it is half done.
    let e = down(conn.as_mut(), &env.scripts(), "r1").unwrap_err();
    assert!(e.to_string().contains("no_such_table"), "{e}");
    assert_eq!(db.user_tables(), vec!["a", "b"]);
    let e = down(conn.as_mut(), &env.scripts(), "r1")
        .unwrap_err()
        .to_string();
    assert!(e.contains("failed at statement 2 during downgrade"), "{e}");
    assert!(
        e.contains("`revise stamp r1` if you finished the downgrade by hand, `revise stamp r2` if you restored what it had removed"),
        "{e}"
    );
    // Finish it by hand: the database is at r1, and r2 is no longer applied,
    // so its file can be fixed without a rehash.
    conn.execute("DROP TABLE b").unwrap();
    let stamp = |conn: &mut dyn revise::dialect::Database, to: &str| {
        runner::stamp(
            conn,
            &env.scripts(),
            &[t(to)],
            false,
            &settings(),
            &mut Silent,
        )
        .unwrap()
    };
    stamp(conn.as_mut(), "r1");
    assert_eq!(rows(&db), vec!["r1"]);
    let fixed = std::fs::read_to_string(&r2)
        .unwrap()
        .replace("DROP TABLE no_such_table;\n", "");
    std::fs::write(&r2, &fixed).unwrap();
    up(conn.as_mut(), &env.scripts(), "head").unwrap();
    assert_eq!(db.user_tables(), vec!["a", "b", "c"]);

    // An upgrade fails after its first statement; finished by hand and stamped.
    let r3 = env.revision_with(
        "003.sql",
        "r3",
        "r2",
        "-- transactional: false",
        "CREATE TABLE d (id INT);\nCREATE TABLE e (id INT, id INT);",
        "DROP TABLE e;\nDROP TABLE d;",
    );
    up(conn.as_mut(), &env.scripts(), "head").unwrap_err();
    let e = up(conn.as_mut(), &env.scripts(), "head")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("`revise stamp r3` if you finished the upgrade by hand, `revise stamp r2` if you undid what it had applied"),
        "{e}"
    );
    conn.execute("CREATE TABLE e (id INT)").unwrap();
    stamp(conn.as_mut(), "r3");
    // Fixing the file of the now-applied revision makes it an edited one.
    let fixed = std::fs::read_to_string(&r3)
        .unwrap()
        .replace("id INT, id INT", "id INT");
    std::fs::write(&r3, &fixed).unwrap();
    let e = down(conn.as_mut(), &env.scripts(), "base")
        .unwrap_err()
        .to_string();
    assert!(e.contains("revise rehash r3"), "{e}");
    let accepted = runner::rehash(
        conn.as_mut(),
        &env.scripts(),
        &[t("r3")],
        &settings(),
        &mut Silent,
    )
    .unwrap();
    assert_eq!(accepted, vec!["r3"]);
    down(conn.as_mut(), &env.scripts(), "base").unwrap();
    assert!(db.user_tables().is_empty());
}

/// MariaDB's `BEGIN NOT ATOMIC ... END` and PostgreSQL's `BEGIN ATOMIC ...
/// END` function bodies are one statement each, in transactional revisions
/// and in `transactional: false` ones; neither is transaction control.
fn compound_blocks_are_statements_not_transaction_control(kind: DialectKind) {
    let block = match kind {
        DialectKind::Mysql => {
            "BEGIN NOT ATOMIC\n\
               DECLARE n INT DEFAULT (SELECT COUNT(*) FROM blocks);\n\
               IF n = 0 THEN\n\
                 INSERT INTO blocks VALUES (1);\n\
               ELSE\n\
                 INSERT INTO blocks VALUES (n + 10);\n\
               END IF;\n\
             END;"
        }
        DialectKind::Postgres => {
            "CREATE FUNCTION blocks_next() RETURNS int LANGUAGE sql\n\
             BEGIN ATOMIC\n\
               SELECT CASE WHEN COUNT(*) = 0 THEN 1 ELSE COUNT(*) + 10 END FROM blocks;\n\
             END;\n\
             INSERT INTO blocks VALUES (blocks_next());\n\
             DROP FUNCTION blocks_next();"
        }
        DialectKind::Sqlite => return,
    };
    let Some(db) = TestDb::new(kind) else { return };
    let env = Env::new();
    env.revision(
        "001.sql",
        "table",
        "",
        "CREATE TABLE blocks (n INT);",
        "DROP TABLE blocks;",
    );
    env.revision("002.sql", "tx", "table", block, "DELETE FROM blocks;");
    env.revision_with(
        "003.sql",
        "no_tx",
        "tx",
        "-- transactional: false",
        &format!("CREATE TABLE after_block (id INT);\n{block}"),
        "DROP TABLE after_block;",
    );
    let scripts = env.scripts();
    let mut conn = db.connect();
    up(conn.as_mut(), &scripts, "head").unwrap();
    assert_eq!(rows(&db), vec!["no_tx"]);
    assert_eq!(
        db.column(&format!("SELECT {} FROM blocks ORDER BY n", db.text("n"))),
        vec!["1", "11"]
    );
    // The offline script holds each block as one statement.
    let offline = runner::upgrade_sql(
        revise::dialect::dialect_for(kind),
        &scripts,
        None,
        &t("head"),
        &settings(),
    )
    .unwrap();
    let first_line = block.lines().next().unwrap();
    let blocks: Vec<&String> = offline
        .iter()
        .filter(|s| s.starts_with(first_line))
        .collect();
    assert_eq!(blocks.len(), 2, "{offline:?}");
    assert!(
        blocks
            .iter()
            .all(|s| s.trim_end().trim_end_matches(';').ends_with("END")),
        "{blocks:?}"
    );
    down(conn.as_mut(), &scripts, "base").unwrap();
    assert!(db.user_tables().is_empty());
}

/// Bodies with semicolons inside (routines, blocks) reach the database as one
/// statement each and run.
fn stored_program_bodies_run_whole(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let env = Env::new();
    let (up_sql, down_sql) = match kind {
        // A CASE statement (END CASE) beside CASE expressions (END), nested;
        // then an IF run outside a stored program (MariaDB), nested too.
        DialectKind::Mysql => (
            "CREATE TABLE picked (x INT, label VARCHAR(10));\n\
             CREATE PROCEDURE pick(x INT)\n\
             BEGIN\n\
               DECLARE label VARCHAR(10) DEFAULT CASE WHEN x < 0 THEN 'neg' ELSE '' END;\n\
               CASE\n\
                 WHEN x = 0 THEN SET label = 'zero';\n\
                 WHEN x > 0 THEN\n\
                   CASE x WHEN 1 THEN SET label = 'one'; ELSE SET label = CASE WHEN x < 10 THEN 'few' ELSE 'many' END; END CASE;\n\
                 ELSE BEGIN END;\n\
               END CASE;\n\
               INSERT INTO picked VALUES (x, label);\n\
             END;\n\
             CALL pick(-1);\nCALL pick(0);\nCALL pick(1);\nCALL pick(5);\nCALL pick(50);\n\
             IF (SELECT COUNT(*) FROM picked) = 5 THEN\n\
               INSERT INTO picked VALUES (100, 'bare if');\n\
               IF 1 = 0 THEN INSERT INTO picked VALUES (101, 'never'); END IF;\n\
             END IF;",
            "DROP PROCEDURE pick;\nDROP TABLE picked;",
        ),
        DialectKind::Sqlite => (
            "CREATE TABLE picked (x INT, label VARCHAR(10));\n\
             CREATE TRIGGER pick AFTER INSERT ON picked WHEN NEW.label IS NULL BEGIN\n\
               UPDATE picked SET label = CASE WHEN NEW.x < 0 THEN 'neg' WHEN NEW.x = 0 THEN 'zero' ELSE CASE NEW.x WHEN 1 THEN 'one' ELSE 'many' END END WHERE x = NEW.x;\n\
             END;\n\
             INSERT INTO picked (x) VALUES (-1), (0), (1), (50);",
            "DROP TABLE picked;",
        ),
        DialectKind::Postgres => (
            "CREATE TABLE picked (x INT, label VARCHAR(10));\n\
             CREATE FUNCTION pick() RETURNS trigger LANGUAGE plpgsql AS $$\n\
             BEGIN\n\
               NEW.label := CASE WHEN NEW.x < 0 THEN 'neg' WHEN NEW.x = 0 THEN 'zero' ELSE 'many' END;\n\
               RETURN NEW;\n\
             END $$;\n\
             CREATE TRIGGER pick BEFORE INSERT ON picked FOR EACH ROW EXECUTE FUNCTION pick();\n\
             INSERT INTO picked (x) VALUES (-1), (0), (50);",
            "DROP TABLE picked;\nDROP FUNCTION pick();",
        ),
    };
    env.revision("001.sql", "bodies", "", up_sql, down_sql);
    let scripts = env.scripts();
    let mut conn = db.connect();
    up(conn.as_mut(), &scripts, "head").unwrap();
    let picked = db.column(&format!(
        "SELECT {} FROM picked ORDER BY x",
        db.text("label")
    ));
    let want: &[&str] = match kind {
        // The last one from MariaDB's IF outside a stored program.
        DialectKind::Mysql => &["neg", "zero", "one", "few", "many", "bare if"],
        DialectKind::Sqlite => &["neg", "zero", "one", "many"],
        DialectKind::Postgres => &["neg", "zero", "many"],
    };
    assert_eq!(picked, want);
    down(conn.as_mut(), &scripts, "base").unwrap();
    assert!(db.user_tables().is_empty());
}

/// A revision whose statements succeed but break the version table: where its
/// DDL could be rolled back nothing remains; on MySQL, where it committed, the
/// revision is recorded as failed after its last statement and runs refuse.
fn a_failure_while_recording_is_accounted_for(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let env = Env::new();
    env.revision(
        "1.sql",
        "one",
        "",
        "CREATE TABLE keep (id INTEGER);",
        "DROP TABLE keep;",
    );
    env.revision("2.sql", "two", "one", "DROP TABLE revise_version;", "");
    let mut conn = db.connect();
    let e = up(conn.as_mut(), &env.scripts(), "head").unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("recording revision two"), "{msg}");
    if kind == DialectKind::Mysql {
        assert!(msg.contains("statements 1 to 1 were committed"), "{msg}");
        let again = up(conn.as_mut(), &env.scripts(), "head").unwrap_err();
        assert!(
            again.to_string().contains("revision two")
                && again
                    .to_string()
                    .contains("failed while recording it, after all its statements")
                && again.to_string().contains("its statements were committed"),
            "{again}"
        );
    } else {
        assert!(msg.contains("nothing of revision two was applied"), "{msg}");
        assert_eq!(rows(&db), vec!["one"]);
    }
}

/// Each step's version-table and log writes run inside a transaction (on
/// MySQL: one reopened after the DDL that committed the step's own), and the
/// log ends with one finished row per step, its times in order.
fn bookkeeping_is_transactional_and_logged_once(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let env = Env::new();
    three_tables(&env);
    let dialect = revise::dialect::dialect_for(kind);
    let mut rec = Recorder::default();
    let mut conn = db.connect();
    runner::upgrade(
        conn.as_mut(),
        &env.scripts(),
        &t("head"),
        &settings(),
        &mut rec,
    )
    .unwrap();
    runner::downgrade(
        conn.as_mut(),
        &env.scripts(),
        &t("-1"),
        &settings(),
        &mut rec,
    )
    .unwrap();
    let bookkeeping = |s: &str| s.contains("revise_version") && !s.starts_with("CREATE");
    for (i, s) in rec.0.iter().enumerate().filter(|(_, s)| bookkeeping(s)) {
        let opened = rec.0[..i]
            .iter()
            .rev()
            .find(|p| p.starts_with("BEGIN") || *p == "COMMIT" || dialect.commits_implicitly(p));
        // A run's first running row may be written on its own, just ahead of
        // the transaction of its step (on MySQL: of its DDL, which commits).
        let ahead = s.contains("'running'")
            && rec.0[i + 1..]
                .first()
                .is_some_and(|n| n.starts_with("BEGIN") || dialect.commits_implicitly(n));
        assert!(
            ahead || opened.is_some_and(|p| p.starts_with("BEGIN")),
            "{s} runs outside a transaction: {:?}",
            rec.0
        );
    }
    let done = |direction: &str| {
        db.column(&format!(
            "SELECT revision FROM revise_version_log WHERE direction = '{direction}' AND status = 'ok' AND started_at <= finished_at ORDER BY id"
        ))
    };
    assert_eq!(done("up"), vec!["rev_a", "rev_b", "rev_c"]);
    assert_eq!(done("down"), vec!["rev_c"]);
    let all = db.column(&format!(
        "SELECT {} FROM revise_version_log",
        db.text("COUNT(*)")
    ));
    assert_eq!(all, vec!["4"]);
}

/// A revision of data statements only fails at its second statement: on every
/// database (MySQL included, where DDL would have committed) nothing of it
/// remains, no step is left marked running or failed, and a fixed file applies.
fn a_data_only_failure_leaves_nothing_behind(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let env = Env::new();
    env.revision(
        "1.sql",
        "one",
        "",
        "CREATE TABLE d (id INTEGER PRIMARY KEY);",
        "DROP TABLE d;",
    );
    let bad = env.revision(
        "2.sql",
        "two",
        "one",
        "INSERT INTO d (id) VALUES (1);\nINSERT INTO d (id) VALUES (1);",
        "DELETE FROM d;",
    );
    env.revision(
        "3.sql",
        "three",
        "two",
        "INSERT INTO d (id) VALUES (3);",
        "DELETE FROM d WHERE id = 3;",
    );
    let mut conn = db.connect();
    let e = up(conn.as_mut(), &env.scripts(), "head").unwrap_err();
    assert!(
        e.to_string()
            .contains("nothing of revision two was applied"),
        "{e}"
    );
    assert_eq!(rows(&db), vec!["one"]);
    assert!(
        db.column(&format!("SELECT {} FROM d", db.text("id")))
            .is_empty()
    );
    let leftovers = format!(
        "SELECT {} FROM revise_version_log WHERE status <> 'ok'",
        db.text("revision")
    );
    assert!(
        db.column(&leftovers).is_empty(),
        "no step left running or failed"
    );
    std::fs::write(
        &bad,
        std::fs::read_to_string(&bad).unwrap().replace(
            "VALUES (1);\nINSERT INTO d (id) VALUES (1);",
            "VALUES (1);\nINSERT INTO d (id) VALUES (2);",
        ),
    )
    .unwrap();
    up(conn.as_mut(), &env.scripts(), "head").unwrap();
    assert_eq!(rows(&db), vec!["three"]);
    assert!(
        db.column(&leftovers).is_empty(),
        "a finished run leaves no step running"
    );
    // A step recorded as running and never finished (the process stopped) blocks runs.
    db.connect()
        .execute("INSERT INTO revise_version_log (revision, direction, status, started_at) VALUES ('three', 'down', 'running', '2026-01-01 00:00:00')")
        .unwrap();
    let e = up(conn.as_mut(), &env.scripts(), "head").unwrap_err();
    assert!(e.to_string().contains("never finished"), "{e}");
}

fn library_api_migrates_like_the_cli(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let env = Env::new();
    three_tables(&env);
    let m = revise::migrate::Migrator::new(&db.url_text(), env.path()).unwrap();
    assert_eq!(m.upgrade("rev_b").unwrap().len(), 2);
    assert_eq!(m.current().unwrap(), vec!["rev_b"]);
    let applied = revise::migrate::upgrade(&db.url_text(), env.path(), "head").unwrap();
    assert_eq!(
        applied,
        vec![Applied {
            revision: "rev_c".into(),
            direction: Direction::Up
        }]
    );
    assert_eq!(m.downgrade("base").unwrap().len(), 3);
    assert!(db.user_tables().is_empty());
    let e = revise::migrate::Migrator::new("nosuch://x", env.path())
        .unwrap_err()
        .to_string();
    assert!(e.contains("unknown dialect"), "{e}");
}

fn uncast_columns_are_refused_not_garbled(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let mut conn = db.connect();
    let cast = conn
        .query(&format!("SELECT {}", db.text("41 + 1")))
        .unwrap();
    assert_eq!(cast, vec![vec![Some("42".to_string())]]);
    match kind {
        // SQLite turns any value into text itself.
        DialectKind::Sqlite => assert_eq!(conn.query("SELECT 42").unwrap(), cast),
        _ => {
            let e = conn.query("SELECT 42").unwrap_err();
            assert!(e.contains("cast it in the query"), "{e}");
        }
    }
}

fn linear_upgrade_and_downgrade(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let env = Env::new();
    three_tables(&env);
    let scripts = env.scripts();
    let mut conn = db.connect();

    let applied = up(conn.as_mut(), &scripts, "rev_b").unwrap();
    assert_eq!(applied.len(), 2);
    assert_eq!(db.user_tables(), vec!["ta", "tb"]);
    assert_eq!(rows(&db), vec!["rev_b"]);
    assert_eq!(db.column("SELECT name FROM ta"), vec!["it's; fine"]);

    let applied = up(conn.as_mut(), &scripts, "head").unwrap();
    assert_eq!(
        applied,
        vec![Applied {
            revision: "rev_c".into(),
            direction: Direction::Up
        }]
    );
    assert_eq!(rows(&db), vec!["rev_c"]);
    // Nothing left to do.
    assert!(up(conn.as_mut(), &scripts, "head").unwrap().is_empty());

    let applied = down(conn.as_mut(), &scripts, "-1").unwrap();
    assert_eq!(
        applied,
        vec![Applied {
            revision: "rev_c".into(),
            direction: Direction::Down
        }]
    );
    assert_eq!(rows(&db), vec!["rev_b"]);
    assert_eq!(db.user_tables(), vec!["ta", "tb"]);

    down(conn.as_mut(), &scripts, "base").unwrap();
    assert!(rows(&db).is_empty());
    assert!(db.user_tables().is_empty());

    let recorded = runner::recorded(conn.as_mut(), &settings()).unwrap();
    let directions: Vec<(String, String, String)> = recorded
        .log
        .iter()
        .map(|e| (e.revision.clone(), e.direction.clone(), e.status.clone()))
        .collect();
    let ok = |r: &str, d: &str| (r.to_string(), d.to_string(), "ok".to_string());
    assert_eq!(
        directions,
        vec![
            ok("rev_a", "up"),
            ok("rev_b", "up"),
            ok("rev_c", "up"),
            ok("rev_c", "down"),
            ok("rev_b", "down"),
            ok("rev_a", "down")
        ]
    );
    assert!(
        recorded
            .log
            .iter()
            .all(|e| e.checksum.as_deref().is_some_and(|c| c.len() == 64))
    );
    assert!(
        recorded
            .log
            .iter()
            .all(|e| e.duration_ms().is_some_and(|ms| ms >= 0))
    );
}

fn branches_and_merge(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let env = Env::new();
    env.revision(
        "a.sql",
        "base_rev",
        "",
        "CREATE TABLE root_t (id INTEGER PRIMARY KEY);",
        "DROP TABLE root_t;",
    );
    env.revision_with(
        "b1.sql",
        "left_1",
        "base_rev",
        "-- branch-labels: left",
        "CREATE TABLE left_t (id INTEGER);",
        "DROP TABLE left_t;",
    );
    env.revision_with(
        "b2.sql",
        "right_1",
        "base_rev",
        "-- branch-labels: right",
        "CREATE TABLE right_t (id INTEGER);",
        "DROP TABLE right_t;",
    );
    let mut conn = db.connect();
    let scripts = env.scripts();
    let e = up(conn.as_mut(), &scripts, "head").unwrap_err();
    assert!(e.to_string().contains("revise merge heads"), "{e}");
    assert!(db.user_tables().is_empty(), "nothing applied on error");

    up(conn.as_mut(), &scripts, "left@head").unwrap();
    assert_eq!(rows(&db), vec!["left_1"]);
    up(conn.as_mut(), &scripts, "heads").unwrap();
    assert_eq!(rows(&db), vec!["left_1", "right_1"]);

    env.revision(
        "m.sql",
        "merge_1",
        "left_1, right_1",
        "CREATE TABLE merged_t (id INTEGER);",
        "DROP TABLE merged_t;",
    );
    let scripts = env.scripts();
    up(conn.as_mut(), &scripts, "head").unwrap();
    assert_eq!(rows(&db), vec!["merge_1"]);
    assert_eq!(
        db.user_tables(),
        vec!["left_t", "merged_t", "right_t", "root_t"]
    );

    down(conn.as_mut(), &scripts, "-1").unwrap();
    assert_eq!(rows(&db), vec!["left_1", "right_1"]);
    down(conn.as_mut(), &scripts, "right@base").unwrap();
    assert_eq!(rows(&db), vec!["left_1"]);
    assert_eq!(db.user_tables(), vec!["left_t", "root_t"]);
    let e = down(conn.as_mut(), &scripts, "right_1").unwrap_err();
    assert!(e.to_string().contains("not applied"), "{e}");
}

fn stamp_records_without_running(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let env = Env::new();
    three_tables(&env);
    let scripts = env.scripts();
    let mut conn = db.connect();
    let rows_after = runner::stamp(
        conn.as_mut(),
        &scripts,
        &[t("rev_b")],
        false,
        &settings(),
        &mut Silent,
    )
    .unwrap();
    assert_eq!(rows_after, vec!["rev_b"]);
    assert_eq!(rows(&db), vec!["rev_b"]);
    assert!(db.user_tables().is_empty(), "stamp runs no revision SQL");
    // Upgrading from the stamp applies only what lies above it.
    up(conn.as_mut(), &scripts, "head").unwrap();
    assert_eq!(db.user_tables(), vec!["tc"]);

    // A row no file defines: refused without --purge, replaced with it.
    db.connect()
        .execute("INSERT INTO revise_version (version_num) VALUES ('ghost')")
        .unwrap();
    let e = up(conn.as_mut(), &scripts, "head").unwrap_err();
    assert!(
        e.to_string().contains("'ghost'") && e.to_string().contains("--purge"),
        "{e}"
    );
    let e = runner::stamp(
        conn.as_mut(),
        &scripts,
        &[t("rev_c")],
        false,
        &settings(),
        &mut Silent,
    )
    .unwrap_err();
    assert!(e.to_string().contains("'ghost'"), "{e}");
    runner::stamp(
        conn.as_mut(),
        &scripts,
        &[t("rev_c")],
        true,
        &settings(),
        &mut Silent,
    )
    .unwrap();
    assert_eq!(rows(&db), vec!["rev_c"]);
    runner::stamp(
        conn.as_mut(),
        &scripts,
        &[t("base")],
        false,
        &settings(),
        &mut Silent,
    )
    .unwrap();
    assert!(rows(&db).is_empty());
}

/// `stamp label@base` takes that branch's rows away and keeps the trunk and
/// the other branches, whether the branch grows from the trunk or has a root
/// of its own.
fn stamping_a_branch_to_its_base_keeps_the_rest(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let env = Env::new();
    env.revision("a.sql", "base_rev", "", "SELECT 1;", "SELECT 1;");
    for (file, id, parent, label) in [
        ("l.sql", "left_1", "base_rev", "left"),
        ("r.sql", "right_1", "base_rev", "right"),
        ("s.sql", "solo_1", "", "solo"),
    ] {
        env.revision_with(
            file,
            id,
            parent,
            &format!("-- branch-labels: {label}"),
            "SELECT 1;",
            "SELECT 1;",
        );
    }
    let scripts = env.scripts();
    let mut conn = db.connect();
    let mut stamp = |targets: &[&str], purge: bool| {
        let targets: Vec<_> = targets.iter().map(|x| t(x)).collect();
        runner::stamp(
            conn.as_mut(),
            &scripts,
            &targets,
            purge,
            &settings(),
            &mut Silent,
        )
        .unwrap()
    };
    stamp(&["heads"], false);
    assert_eq!(rows(&db), vec!["left_1", "right_1", "solo_1"]);
    assert_eq!(stamp(&["right@base"], false), vec!["left_1", "solo_1"]);
    assert_eq!(rows(&db), vec!["left_1", "solo_1"]);
    assert_eq!(stamp(&["solo@base"], false), vec!["left_1"]);
    assert_eq!(rows(&db), vec!["left_1"]);
    // The trunk stays where the branch started.
    assert_eq!(stamp(&["left@base"], false), vec!["base_rev"]);
    assert_eq!(rows(&db), vec!["base_rev"]);
    // Beside another target, and with --purge.
    stamp(&["heads"], false);
    assert_eq!(
        stamp(&["left@base", "solo_1"], true),
        vec!["base_rev", "solo_1"]
    );
    assert_eq!(rows(&db), vec!["base_rev", "solo_1"]);
}

fn offline_sql_equals_live_run(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let env = Env::new();
    three_tables(&env);
    let scripts = env.scripts();
    let dialect = revise::dialect::dialect_for(kind);

    let offline = runner::upgrade_sql(dialect, &scripts, None, &t("head"), &settings()).unwrap();
    let mut live = Recorder::default();
    runner::upgrade(
        db.connect().as_mut(),
        &scripts,
        &t("head"),
        &settings(),
        &mut live,
    )
    .unwrap();
    assert_eq!(offline, live.0);
    assert!(
        offline
            .iter()
            .any(|s| s.contains("INSERT INTO ta (id, name) VALUES (1, 'it''s; fine')"))
    );

    let offline = runner::downgrade_sql(
        dialect,
        &scripts,
        Some(&t("rev_c")),
        &t("rev_a"),
        &settings(),
    )
    .unwrap();
    let mut live = Recorder::default();
    runner::downgrade(
        db.connect().as_mut(),
        &scripts,
        &t("rev_a"),
        &settings(),
        &mut live,
    )
    .unwrap();
    // Offline output starts with the (idempotent) table creation the live run skips.
    let created = offline
        .iter()
        .take_while(|s| s.starts_with("CREATE"))
        .count();
    assert!(created >= 2, "{offline:?}");
    assert_eq!(offline[created..], live.0[..]);
    assert!(offline[0].starts_with("CREATE TABLE IF NOT EXISTS"));

    // The offline script, run by hand, brings a fresh database to the same place.
    let Some(db2) = TestDb::new(kind) else { return };
    let mut conn = db2.connect();
    for s in runner::upgrade_sql(dialect, &scripts, None, &t("head"), &settings()).unwrap() {
        conn.execute(&s).unwrap();
    }
    assert_eq!(rows(&db2), vec!["rev_c"]);
    assert_eq!(db2.user_tables(), vec!["ta", "tb", "tc"]);
}

fn failing_statement(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let env = Env::new();
    env.revision(
        "001.sql",
        "good",
        "",
        "CREATE TABLE good_t (id INTEGER PRIMARY KEY);",
        "DROP TABLE good_t;",
    );
    let bad = env.revision(
        "002.sql",
        "bad",
        "good",
        "CREATE TABLE half_t (id INTEGER PRIMARY KEY);\nINSERT INTO good_t (id) VALUES (1);\nCREATE TABLE broken_t (id INTEGERR PRIMARY KEY,);",
        "DROP TABLE half_t;",
    );
    let scripts = env.scripts();
    let mut conn = db.connect();
    let e = up(conn.as_mut(), &scripts, "head").unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, Error::Statement(_)), "{msg}");
    assert!(msg.contains("revision bad"), "{msg}");
    assert!(msg.contains("002.sql:8)"), "file and line: {msg}");
    assert!(msg.contains("statement 3 of 3"), "{msg}");
    assert!(msg.contains("broken_t"), "statement text: {msg}");
    assert!(!msg.contains('\n'), "one line: {msg}");
    // The good revision before it stays applied in every database.
    assert_eq!(rows(&db), vec!["good"]);

    if kind == DialectKind::Mysql {
        // MySQL commits DDL implicitly: statements 1 and 2 stayed, and the log says so.
        assert!(msg.contains("statements 1 to 2 were committed"), "{msg}");
        assert_eq!(db.user_tables(), vec!["good_t", "half_t"]);
        let recorded = runner::recorded(conn.as_mut(), &settings()).unwrap();
        let failed = recorded.unfinished().expect("failure recorded");
        assert_eq!(
            (failed.revision.as_str(), failed.failed_statement),
            ("bad", Some(3))
        );
        // Every run refuses until the user repairs and stamps.
        let e = up(conn.as_mut(), &scripts, "head").unwrap_err().to_string();
        assert!(e.contains("failed at statement 3 during upgrade"), "{e}");
        assert!(
            e.contains("`revise stamp bad` if you finished the upgrade by hand, `revise stamp good` if you undid what it had applied"),
            "{e}"
        );
        // Repair: undo the two statements, record the parent, fix the file.
        conn.execute("DROP TABLE half_t").unwrap();
        conn.execute("DELETE FROM good_t").unwrap();
        runner::stamp(
            conn.as_mut(),
            &scripts,
            &[t("good")],
            false,
            &settings(),
            &mut Silent,
        )
        .unwrap();
    } else {
        assert!(msg.contains("nothing of revision bad was applied"), "{msg}");
        assert_eq!(
            db.user_tables(),
            vec!["good_t"],
            "the failed revision left nothing"
        );
        assert!(
            db.column(&format!("SELECT {} FROM good_t", db.text("id")))
                .is_empty()
        );
        assert!(
            runner::recorded(conn.as_mut(), &settings())
                .unwrap()
                .unfinished()
                .is_none()
        );
    }
    let text = std::fs::read_to_string(&bad)
        .unwrap()
        .replace("INTEGERR PRIMARY KEY,", "INTEGER PRIMARY KEY");
    std::fs::write(&bad, text).unwrap();
    let scripts = env.scripts();
    up(conn.as_mut(), &scripts, "head").unwrap();
    assert_eq!(rows(&db), vec!["bad"]);
    assert_eq!(db.user_tables(), vec!["broken_t", "good_t", "half_t"]);
}

fn concurrent_upgraders_apply_each_revision_once(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let env = Env::new();
    let mut parent = String::new();
    for i in 0..15 {
        let id = format!("r{i:02}");
        env.revision(
            &format!("{i:02}.sql"),
            &id,
            &parent,
            &format!("CREATE TABLE t{i:02} (id INTEGER PRIMARY KEY);\nINSERT INTO t{i:02} (id) VALUES (1);"),
            &format!("DROP TABLE t{i:02};"),
        );
        parent = id;
    }
    let scripts = std::sync::Arc::new(env.scripts());
    let url = db.url.clone();
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let scripts = scripts.clone();
            let url = url.clone();
            std::thread::spawn(move || {
                let options = revise::dialect::ConnectOptions {
                    lock_timeout: Duration::from_secs(30),
                    read_only: false,
                };
                let mut conn = revise::dialect::connect(&url, &options).unwrap();
                up(conn.as_mut(), &scripts, "head").map(|a| a.len())
            })
        })
        .collect();
    let counts: Vec<usize> = handles
        .into_iter()
        .map(|h| h.join().unwrap().unwrap())
        .collect();
    assert_eq!(
        counts.iter().sum::<usize>(),
        15,
        "between them they applied each revision once: {counts:?}"
    );
    assert_eq!(rows(&db), vec!["r14"]);
    let per_revision = db.column(
        "SELECT revision FROM revise_version_log WHERE direction = 'up' AND status = 'ok' GROUP BY revision HAVING COUNT(*) = 1",
    );
    assert_eq!(per_revision.len(), 15);
    assert_eq!(
        db.column(&format!("SELECT {} FROM t14", db.text("COUNT(*)"))),
        vec!["1"]
    );
}

fn edited_applied_script_is_refused(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let env = Env::new();
    three_tables(&env);
    let mut conn = db.connect();
    up(conn.as_mut(), &env.scripts(), "rev_b").unwrap();
    let path = env.versions().join("001_a.sql");
    let original = std::fs::read_to_string(&path).unwrap();

    // Trailing whitespace and CRLF line ends do not count.
    std::fs::write(&path, original.replace('\n', "  \r\n")).unwrap();
    up(conn.as_mut(), &env.scripts(), "head").unwrap();

    std::fs::write(&path, original.replace("VARCHAR(20)", "VARCHAR(30)")).unwrap();
    let e = down(conn.as_mut(), &env.scripts(), "-1").unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("001_a.sql") && msg.contains("changed after it was applied"),
        "{msg}"
    );
    assert!(msg.contains("revise rehash rev_a"), "{msg}");
    assert_eq!(rows(&db), vec!["rev_c"], "nothing ran");

    let accepted =
        runner::rehash(conn.as_mut(), &env.scripts(), &[], &settings(), &mut Silent).unwrap();
    assert_eq!(accepted, vec!["rev_a"]);
    down(conn.as_mut(), &env.scripts(), "-1").unwrap();
    assert_eq!(rows(&db), vec!["rev_b"]);
}

fn single_transaction_mode(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let env = Env::new();
    env.revision(
        "1.sql",
        "one",
        "",
        "CREATE TABLE one_t (id INTEGER);",
        "DROP TABLE one_t;",
    );
    env.revision(
        "2.sql",
        "two",
        "one",
        "INSERT INTO one_t (id) VALUES (1);\nINSERT INTO nowhere (id) VALUES (1);",
        "",
    );
    let single = Settings {
        transaction: TransactionMode::Single,
        ..settings()
    };
    let mut conn = db.connect();
    let mut rec = Recorder::default();
    let e =
        runner::upgrade(conn.as_mut(), &env.scripts(), &t("head"), &single, &mut rec).unwrap_err();
    assert!(e.to_string().contains("nowhere"), "{e}");
    let begins = rec.0.iter().filter(|s| s.starts_with("BEGIN")).count();
    let commits = rec.0.iter().filter(|s| s.contains("COMMIT")).count();
    if kind == DialectKind::Mysql {
        // DDL commits implicitly on MySQL, so no transaction can hold two
        // revisions: single mode runs per revision there. Revision one (DDL
        // first, no BEGIN; one after it for its bookkeeping) commits and
        // stays, as the error says; revision two opens a transaction that
        // rolls back.
        assert_eq!((begins, commits), (2, 1), "{:?}", rec.0);
        assert_eq!(rows(&db), vec!["one"]);
        assert!(
            e.to_string()
                .contains("1 revision(s) before it stay applied"),
            "{e}"
        );
    } else {
        assert_eq!((begins, commits), (1, 0), "one transaction: {:?}", rec.0);
        assert!(rows(&db).is_empty(), "the whole run rolled back");
        assert!(db.user_tables().is_empty());
        assert!(
            e.to_string().contains(
                "one ran in the same transaction (transaction = \"single\") and was rolled back with it"
            ),
            "{e}"
        );
    }
}

fn non_transactional_revision(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let env = Env::new();
    env.revision(
        "1.sql",
        "one",
        "",
        "CREATE TABLE nt (id INTEGER, v INTEGER);",
        "DROP TABLE nt;",
    );
    let index = match kind {
        DialectKind::Postgres => "CREATE INDEX CONCURRENTLY ix_nt_v ON nt (v);",
        _ => "CREATE INDEX ix_nt_v ON nt (v);",
    };
    env.revision_with(
        "2.sql",
        "two",
        "one",
        "-- transactional: false",
        index,
        "DROP INDEX ix_nt_v ON nt;",
    );
    let mut rec = Recorder::default();
    runner::upgrade(
        db.connect().as_mut(),
        &env.scripts(),
        &t("head"),
        &settings(),
        &mut rec,
    )
    .unwrap();
    assert_eq!(rows(&db), vec!["two"]);
    let index_at = rec.0.iter().position(|s| s == index.trim_end_matches(';'));
    let index_at = index_at.expect("the index statement ran");
    assert!(
        rec.0[..index_at].iter().any(|s| s.starts_with("BEGIN")),
        "revision one runs in a transaction: {:?}",
        rec.0
    );
    assert!(
        !rec.0[index_at..]
            .iter()
            .any(|s| s.starts_with("BEGIN") || s == "COMMIT"),
        "revision two runs outside any: {:?}",
        rec.0
    );
}

/// A statement the database will not run inside a transaction fails in a
/// transactional revision with a hint at the header flag; with the flag set,
/// the same revision applies.
fn a_statement_that_refuses_a_transaction_says_how_to_run_it(kind: DialectKind) {
    let statements: &[&str] = match kind {
        DialectKind::Postgres => &[
            "CREATE INDEX CONCURRENTLY ix_rt ON rt (id);",
            // "invalid transaction termination": a DO block cannot commit the runner's transaction.
            "DO $$ BEGIN COMMIT; END $$;",
        ],
        DialectKind::Sqlite => &["VACUUM;"],
        // Every MariaDB DDL statement commits: there is no such statement.
        DialectKind::Mysql => return,
    };
    for statement in statements {
        refused_in_a_transaction(kind, statement);
    }
}

fn refused_in_a_transaction(kind: DialectKind, statement: &str) {
    let Some(db) = TestDb::new(kind) else { return };
    let env = Env::new();
    let up_sql = format!("CREATE TABLE rt (id INTEGER);\n{statement}");
    let path = env.revision("1.sql", "one", "", &up_sql, "DROP TABLE rt;");
    let e = up(db.connect().as_mut(), &env.scripts(), "head").unwrap_err();
    let message = e.to_string();
    assert!(
        message.contains("nothing of revision one was applied; set `transactional: false` in the revision's header"),
        "{message}"
    );
    assert!(rows(&db).is_empty());
    assert!(!db.user_tables().contains(&"rt".to_string()));
    std::fs::remove_file(path).unwrap();
    env.revision_with(
        "1.sql",
        "one",
        "",
        "-- transactional: false",
        &up_sql,
        "DROP TABLE rt;",
    );
    up(db.connect().as_mut(), &env.scripts(), "head").unwrap();
    assert_eq!(rows(&db), vec!["one"]);
}

/// `BEGIN ... COMMIT` inside a transactional revision would commit its first
/// statements behind the runner's back: refused, naming the file and line,
/// before any revision runs. Outside a transaction the same SQL is the user's.
fn a_revision_that_commits_on_its_own_is_refused(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let env = Env::new();
    env.revision(
        "1.sql",
        "one",
        "",
        "CREATE TABLE first_one (id INTEGER);",
        "DROP TABLE first_one;",
    );
    let up_sql = "CREATE TABLE ct (id INTEGER);\nBEGIN;\nINSERT INTO ct (id) VALUES (1);\nCOMMIT;";
    let path = env.revision("2.sql", "two", "one", up_sql, "DROP TABLE ct;");
    for offline in [false, true] {
        let e = if offline {
            runner::upgrade_sql(
                revise::dialect::dialect_for(kind),
                &env.scripts(),
                None,
                &t("head"),
                &settings(),
            )
            .unwrap_err()
        } else {
            up(db.connect().as_mut(), &env.scripts(), "head").unwrap_err()
        };
        let message = e.to_string();
        assert!(
            message.starts_with(&format!(
                "{}:7: BEGIN controls the transaction",
                path.display()
            )),
            "{message}"
        );
        assert!(message.contains("`transactional: false`"), "{message}");
    }
    assert!(rows(&db).is_empty());
    assert!(
        !db.user_tables()
            .iter()
            .any(|t| t == "first_one" || t == "ct"),
        "{:?}",
        db.user_tables()
    );
    std::fs::remove_file(path).unwrap();
    env.revision_with(
        "2.sql",
        "two",
        "one",
        "-- transactional: false",
        up_sql,
        "DROP TABLE ct;",
    );
    up(db.connect().as_mut(), &env.scripts(), "head").unwrap();
    assert_eq!(rows(&db), vec!["two"]);
    let ids = db.column("SELECT CAST(id AS CHAR(10)) FROM ct");
    assert_eq!(ids.iter().map(|id| id.trim()).collect::<Vec<_>>(), ["1"]);
}

fn lock_is_released_after_an_error(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let env = Env::new();
    env.revision("1.sql", "one", "", "SELECT * FROM no_such_table;", "");
    let quick = Settings {
        lock_timeout: Duration::from_secs(1),
        ..settings()
    };
    let mut first = db.connect();
    runner::upgrade(
        first.as_mut(),
        &env.scripts(),
        &t("head"),
        &quick,
        &mut Silent,
    )
    .unwrap_err();
    // The first connection is still open; its lock must be gone.
    let mut second = db.connect();
    let e = runner::upgrade(
        second.as_mut(),
        &env.scripts(),
        &t("head"),
        &quick,
        &mut Silent,
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("no_such_table"),
        "the lock was free, the statement failed again: {e}"
    );
}

#[test]
fn dead_server_and_bad_url_give_clear_errors() {
    let url = revise::url::DatabaseUrl::parse("postgresql://app:hunter2@127.0.0.1:1/nope").unwrap();
    let e = revise::dialect::connect(&url, &Default::default())
        .err()
        .expect("no server on port 1");
    let msg = e.to_string();
    assert!(
        msg.starts_with("cannot connect to postgresql://app:***@127.0.0.1:1/nope"),
        "{msg}"
    );
    assert!(!msg.contains("hunter2"), "{msg}");
    // libpq's own message spans lines; the error does not.
    assert!(!msg.contains('\n'), "{msg}");
    let url = revise::url::DatabaseUrl::parse("mysql://root:hunter2@127.0.0.1:1/nope").unwrap();
    let msg = revise::dialect::connect(&url, &Default::default())
        .err()
        .expect("no server")
        .to_string();
    assert!(
        msg.contains("mysql://root:***@127.0.0.1:1/nope") && !msg.contains("hunter2"),
        "{msg}"
    );
    let url = revise::url::DatabaseUrl::parse("sqlite:///no/such/dir/x.db").unwrap();
    let msg = revise::dialect::connect(&url, &Default::default())
        .err()
        .expect("no dir")
        .to_string();
    assert!(
        msg.contains("directory /no/such/dir does not exist"),
        "{msg}"
    );
}

/// A database the server lacks is named with what to do: revise never
/// creates one, so the user must.
#[test]
fn a_missing_database_says_to_create_it() {
    for kind in [DialectKind::Postgres, DialectKind::Mysql] {
        let Some(db) = TestDb::new(kind) else { return };
        let missing = db.url.with_database("revise_no_such_database");
        let msg = revise::dialect::connect(&missing, &Default::default())
            .err()
            .expect("the database does not exist")
            .to_string();
        assert!(
            msg.contains("revise_no_such_database")
                && msg.ends_with(
                    "create the database first (revise does not create it) or fix the URL"
                ),
            "{kind}: {msg}"
        );
    }
}

/// A revision pasted from a dump keeps its executable comments: each one
/// alone is a statement the server runs, and one inside a statement is sent
/// with it, so the dump's `ENGINE` and session settings take effect.
#[test]
fn mysql_executable_comments_run_as_the_server_reads_them() {
    let Some(db) = TestDb::new(DialectKind::Mysql) else {
        return;
    };
    let env = Env::new();
    env.revision(
        "001.sql",
        "dumped",
        "",
        "/*!40101 SET @saved_cs_client = @@character_set_client */;\n\
         /*!40101 SET character_set_client = utf8mb4 */;\n\
         CREATE TABLE dumped (id int NOT NULL, PRIMARY KEY (id)) /*!50100 ENGINE=MyISAM */;\n\
         /*!40101 SET character_set_client = @saved_cs_client */;",
        "DROP TABLE dumped;",
    );
    let scripts = env.scripts();
    let mut conn = db.connect();
    let mut seen = Recorder::default();
    runner::upgrade(conn.as_mut(), &scripts, &t("head"), &settings(), &mut seen).unwrap();
    assert!(
        seen.0.contains(
            &"CREATE TABLE dumped (id int NOT NULL, PRIMARY KEY (id)) /*!50100 ENGINE=MyISAM */"
                .to_string()
        ),
        "{:?}",
        seen.0
    );
    let engine = db.column(
        "SELECT CAST(ENGINE AS CHAR) FROM information_schema.TABLES \
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'dumped'",
    );
    assert_eq!(engine, ["MyISAM"], "the comment inside CREATE TABLE ran");
    down(conn.as_mut(), &scripts, "base").unwrap();
    assert!(db.user_tables().is_empty());
}
