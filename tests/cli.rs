//! The `revise` binary end to end on SQLite, in a temp dir: every command, the
//! exit codes, and every bad-input case (one-line error naming the file or
//! object, exit 2, database untouched).

mod common;

use std::path::Path;
use std::process::Command;

use common::TestDb;
use common::cli::{Out, fails, ok, revise, revision_files};
use revise::url::DialectKind;

/// Fills the empty sections of a revision file written by `revise revision`.
fn fill(path: &Path, up: &str, down: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text
        .replacen(
            "-- revise:upgrade\n",
            &format!("-- revise:upgrade\n{up}\n"),
            1,
        )
        .replacen(
            "-- revise:downgrade\n",
            &format!("-- revise:downgrade\n{down}\n"),
            1,
        );
    std::fs::write(path, text).unwrap();
}

/// The path `revise revision` reported on stderr.
fn generated(o: &Out) -> String {
    o.stderr
        .lines()
        .find_map(|l| l.strip_prefix("generated "))
        .expect("generated path")
        .trim()
        .to_string()
}

fn id_of(dir: &Path, file: &str) -> String {
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("-- revision: "))
        .unwrap()
        .trim()
        .to_string()
}

backend_tests!(
    end_to_end,
    two_processes_upgrade_at_once,
    autogenerate_and_check,
    the_demo_environment
);

/// The repository's own demo (README "Quick start") on every database: its
/// revisions go up and down, and the database then matches the demo models.
fn the_demo_environment(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = repo.join("alembic.toml");
    let config = config.to_str().unwrap();
    let url = db.url_text();
    let tmp = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["-c", config, "--url", &url];
        all.extend_from_slice(args);
        ok(tmp.path(), &all)
    };
    run(&["upgrade", "head"]);
    assert_eq!(db.user_tables(), vec!["authors", "books", "reviews"]);
    run(&["check"]);
    let history = run(&["history", "-i"]).stdout;
    assert_eq!(history.matches("[applied ").count(), 3, "{history}");
    run(&["downgrade", "-1"]);
    let short = revise(tmp.path(), &["-c", config, "--url", &url, "check"]);
    assert_eq!(short.code, 1, "one revision short of the models");
    run(&["downgrade", "base"]);
    assert!(db.user_tables().is_empty());
}

/// A URL nothing listens on: commands that must not connect still succeed with it.
const NOWHERE: &str = "postgresql://nobody:secret@127.0.0.1:1/nowhere";

fn end_to_end(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(dir, &["init"]);
    let vt = revise::dialect::dialect_for(kind).quote_ident("revise_version");
    // The generated config reads DATABASE_URL; point it at the test database.
    let config = std::fs::read_to_string(dir.join("alembic.toml")).unwrap();
    let config = config.replace("${DATABASE_URL:-sqlite://app.db}", &db.url_text());
    std::fs::write(dir.join("alembic.toml"), config).unwrap();
    assert!(dir.join("alembic.toml").is_file());
    assert!(dir.join("migrations/versions").is_dir());
    assert!(dir.join("migrations/script.sql.tmpl").is_file());
    fails(dir, &["init"], "already exists");

    let first = generated(&ok(dir, &["revision", "-m", "create users"]));
    assert!(first.contains("_create_users.sql"), "{first}");
    fill(
        &dir.join(&first),
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);",
        "DROP TABLE users;",
    );
    let second = generated(&ok(
        dir,
        &["revision", "-m", "add posts", "--rev-id", "posts1"],
    ));
    fill(
        &dir.join(&second),
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id), body TEXT);",
        "DROP TABLE posts;",
    );
    let first_id = id_of(dir, &first);
    assert_eq!(first_id.len(), 12);

    // Commands that need no database never connect.
    let history = ok(dir, &["--url", NOWHERE, "history"]).stdout;
    assert_eq!(history.lines().count(), 2, "{history}");
    assert!(
        history
            .lines()
            .next()
            .unwrap()
            .starts_with(&format!("{first_id} -> posts1 (head), add posts"))
    );
    let one = ok(dir, &["history", "-r", &format!("{first_id}:posts1")]).stdout;
    assert_eq!(one.lines().count(), 2, "{one}");
    fails(
        dir,
        &["history", "-r", &format!("posts1:{first_id}")],
        "holds no revision: the first end is not below the second",
    );
    let sql = ok(dir, &["upgrade", "--sql"]).stdout;
    assert!(sql.contains("CREATE TABLE users"), "{sql}");
    assert_eq!(
        ok(dir, &["--url", NOWHERE, "heads"]).stdout.trim(),
        "posts1 (head)"
    );
    ok(dir, &["--url", NOWHERE, "show", "posts"]);
    ok(
        dir,
        &[
            "--url", NOWHERE, "revision", "-m", "scratch", "--rev-id", "scratch1",
        ],
    );
    fails(
        dir,
        &["--url", NOWHERE, "merge", "posts1", "scratch1", "-m", "m"],
        "posts1 is already below scratch1",
    );
    let scratch = std::fs::read_dir(dir.join("migrations/versions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("scratch"))
        .unwrap();
    std::fs::remove_file(scratch).unwrap();
    let no_connect = revise(dir, &["--url", NOWHERE, "current"]);
    assert_eq!(no_connect.code, 2, "current does connect");
    assert!(
        no_connect.stderr.contains("nobody:***@") && !no_connect.stderr.contains("secret"),
        "{}",
        no_connect.stderr
    );
    assert!(
        sql.contains(&format!("INSERT INTO {vt} (version_num) VALUES")),
        "{sql}"
    );
    assert!(sql.trim_end().ends_with("COMMIT;"), "{sql}");
    assert!(db.user_tables().is_empty(), "nothing ran yet");

    let up = ok(dir, &["upgrade"]);
    assert!(
        up.stderr.contains("upgraded") && up.stderr.contains("posts1"),
        "{}",
        up.stderr
    );
    assert_eq!(db.user_tables(), vec!["posts", "users"]);
    let current = ok(dir, &["current"]).stdout;
    assert_eq!(current.trim(), "posts1 (head), add posts");
    assert_eq!(revise(dir, &["current", "--check"]).code, 0);
    let marked = ok(dir, &["history", "-i"]).stdout;
    assert!(marked.contains("(current) [applied "), "{marked}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(dir, &["history", "--json", "-i"]).stdout).unwrap();
    assert_eq!(json[0]["revision"], "posts1");
    assert_eq!(json[0]["applied"], true);
    assert_eq!(json[1]["parents"], serde_json::json!([]));

    // Echo prints every statement; -q silences progress.
    let echoed = ok(dir, &["--echo", "-q", "downgrade", "-1"]);
    assert!(
        echoed.stdout.contains("DROP TABLE posts;"),
        "{}",
        echoed.stdout
    );
    assert!(echoed.stderr.is_empty(), "{}", echoed.stderr);
    assert_eq!(
        revise(dir, &["current", "--check"]).code,
        1,
        "not at head: exit 1"
    );
    assert!(ok(dir, &["current"]).stdout.starts_with(&first_id));

    // Branch, merge, stamp.
    let side = generated(&ok(
        dir,
        &[
            "revision",
            "-m",
            "side",
            "--head",
            &first_id,
            "--splice",
            "--branch-label",
            "side",
        ],
    ));
    fill(
        &dir.join(&side),
        "CREATE TABLE side_t (id INTEGER);",
        "DROP TABLE side_t;",
    );
    fails(dir, &["upgrade", "head"], "revise merge heads");
    fails(dir, &["revision", "-m", "x"], "several heads");
    ok(dir, &["upgrade", "heads"]);
    let heads = ok(dir, &["heads"]).stdout;
    assert_eq!(heads.lines().count(), 2, "{heads}");
    let branches = ok(dir, &["branches"]).stdout;
    assert!(
        branches.starts_with(&format!("{first_id} (branchpoint)")),
        "{branches}"
    );
    ok(dir, &["merge", "heads", "-m", "join", "--rev-id", "joined"]);
    ok(dir, &["upgrade"]);
    assert!(
        ok(dir, &["current"])
            .stdout
            .starts_with("joined (head) (mergepoint)")
    );
    ok(dir, &["downgrade", "side@base"]);
    let current = ok(dir, &["current"]).stdout;
    assert!(current.starts_with("posts1"), "{current}");
    ok(dir, &["stamp", "heads"]);
    assert!(ok(dir, &["current"]).stdout.starts_with("joined"));
    ok(dir, &["downgrade", "base", "--sql"]);
    ok(dir, &["stamp", "base"]);
    assert!(ok(dir, &["current"]).stdout.is_empty());
    let stamp_sql = ok(dir, &["stamp", "--sql", "base:posts1"]).stdout;
    assert!(
        stamp_sql.contains(&format!("INSERT INTO {vt} (version_num) VALUES ('posts1')")),
        "{stamp_sql}"
    );
}

fn two_processes_upgrade_at_once(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("m/versions")).unwrap();
    std::fs::write(
        dir.join("alembic.toml"),
        format!(
            "[database]\nurl = \"{}\"\n[scripts]\ndir = \"m\"\n",
            db.url_text()
        ),
    )
    .unwrap();
    let mut parent = String::new();
    for i in 0..12 {
        let id = format!("p{i:02}");
        write_rev(
            dir,
            &format!("{i:02}.sql"),
            &id,
            &parent,
            &format!("CREATE TABLE c{i:02} (id INTEGER);"),
        );
        parent = id;
    }
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_revise"))
            .args(["upgrade", "head"])
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .output()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(spawn);
        let b = s.spawn(spawn);
        (a.join().unwrap().unwrap(), b.join().unwrap().unwrap())
    });
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    let upgraded = |o: &std::process::Output| {
        String::from_utf8_lossy(&o.stderr)
            .matches("upgraded")
            .count()
    };
    assert_eq!(
        upgraded(&a) + upgraded(&b),
        12,
        "each revision applied once between the two processes"
    );
    assert_eq!(db.user_tables().len(), 12);
}

/// A directory with a config and two revisions whose files the test may break.
fn broken_env() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("m/versions")).unwrap();
    std::fs::write(
        dir.join("alembic.toml"),
        "[database]\nurl = \"sqlite://db.sqlite\"\n[scripts]\ndir = \"m\"\n",
    )
    .unwrap();
    write_rev(dir, "1.sql", "abc111", "", "CREATE TABLE a (id INTEGER);");
    write_rev(
        dir,
        "2.sql",
        "abd222",
        "abc111",
        "CREATE TABLE b (id INTEGER);",
    );
    tmp
}

fn write_rev(dir: &Path, file: &str, id: &str, parents: &str, up: &str) {
    std::fs::write(
        dir.join("m/versions").join(file),
        format!("-- revision: {id}\n-- parents: {parents}\n-- message: {file}\n\n-- revise:upgrade\n{up}\n\n-- revise:downgrade\n"),
    )
    .unwrap();
}

/// Breaks an environment in one way.
type Breaker = Box<dyn Fn(&Path)>;

#[test]
fn bad_input_is_a_one_line_error_and_touches_nothing() {
    let cases: Vec<(&str, Breaker, Vec<&str>, &str)> = vec![
        (
            "unparsable header",
            Box::new(|d| {
                std::fs::write(d.join("m/versions/2.sql"), "-- revision: abd222\n-- parnets: abc111\n-- revise:upgrade\n-- revise:downgrade\n").unwrap()
            }),
            vec!["upgrade"],
            "2.sql:2: unknown header key 'parnets'",
        ),
        (
            "missing parent",
            Box::new(|d| write_rev(d, "2.sql", "abd222", "zzz999", "SELECT 1;")),
            vec!["upgrade"],
            "2.sql:2: parent 'zzz999' of revision 'abd222' does not exist",
        ),
        (
            "missing depends-on revision",
            Box::new(|d| {
                std::fs::write(d.join("m/versions/2.sql"), "-- revision: abd222\n-- parents: abc111\n-- depends-on: qq\n-- revise:upgrade\n-- revise:downgrade\n").unwrap()
            }),
            vec!["upgrade"],
            "2.sql:3: depends-on revision 'qq' of revision 'abd222' does not exist",
        ),
        (
            "duplicate id",
            Box::new(|d| write_rev(d, "3.sql", "abd222", "abc111", "SELECT 1;")),
            vec!["history"],
            "revision id 'abd222' is defined twice",
        ),
        (
            "cycle",
            Box::new(|d| write_rev(d, "1.sql", "abc111", "abd222", "SELECT 1;")),
            vec!["upgrade"],
            "cycle: ",
        ),
        (
            "ambiguous prefix",
            Box::new(|_| {}),
            vec!["upgrade", "ab"],
            "prefix 'ab' is ambiguous: it matches abc111, abd222",
        ),
        (
            "several heads",
            Box::new(|d| write_rev(d, "3.sql", "xyz333", "abc111", "SELECT 1;")),
            vec!["upgrade", "head"],
            "'head' is ambiguous: the scripts have 2 heads",
        ),
        (
            "unsplittable SQL",
            Box::new(|d| write_rev(d, "2.sql", "abd222", "abc111", "SELECT 1;\nSELECT 'open;")),
            vec!["upgrade"],
            "2.sql:7: cannot split the upgrade SQL",
        ),
        (
            "unknown target",
            Box::new(|_| {}),
            vec!["upgrade", "nope"],
            "no revision 'nope'",
        ),
        (
            "bad URL",
            Box::new(|_| {}),
            vec!["--url", "oracle://u:pw@h/db", "current"],
            "unknown dialect 'oracle'",
        ),
        (
            "unknown config key",
            Box::new(|d| {
                std::fs::write(d.join("alembic.toml"), "[database]\nurll = \"x\"\n").unwrap()
            }),
            vec!["history"],
            "alembic.toml: line 2: unknown field `urll`",
        ),
        (
            "unset variable",
            Box::new(|d| {
                std::fs::write(
                    d.join("alembic.toml"),
                    "[database]\nurl = \"${REVISE_TEST_UNSET_VAR}\"\n[scripts]\ndir = \"m\"\n",
                )
                .unwrap()
            }),
            // Only commands that need the URL fail on it (history works).
            vec!["current"],
            "REVISE_TEST_UNSET_VAR is not set",
        ),
        (
            "range without --sql",
            Box::new(|_| {}),
            vec!["upgrade", "abc111:abd222"],
            "ranges FROM:TO are for --sql",
        ),
    ];
    for (name, breakit, args, want) in cases {
        let tmp = broken_env();
        let dir = tmp.path();
        breakit(dir);
        let err = fails(dir, &args, want);
        assert!(
            !dir.join("db.sqlite").exists(),
            "{name}: the database was touched: {err}"
        );
    }
}

#[test]
fn a_failing_revision_stops_the_run_and_keeps_the_database_at_its_parent() {
    let tmp = broken_env();
    let dir = tmp.path();
    write_rev(
        dir,
        "2.sql",
        "abd222",
        "abc111",
        "CREATE TABLE b (id INTEGER);\nINSERT INTO nowhere VALUES (1);",
    );
    let err = fails(
        dir,
        &["upgrade"],
        "revision abd222 (m/versions/2.sql:7) failed at statement 2 of 2",
    );
    assert!(
        err.contains("no such table: nowhere")
            && err.contains("nothing of revision abd222 was applied"),
        "{err}"
    );
    assert_eq!(ok(dir, &["current"]).stdout.trim(), "abc111, 1.sql");
}

#[test]
fn passwords_never_appear() {
    let tmp = broken_env();
    let dir = tmp.path();
    let o = revise(
        dir,
        &[
            "--url",
            "postgresql://app:pa55w0rd@127.0.0.1:1/x",
            "current",
        ],
    );
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("postgresql://app:***@127.0.0.1:1/x"),
        "{}",
        o.stderr
    );
    assert!(!o.stderr.contains("pa55w0rd") && !o.stdout.contains("pa55w0rd"));
}

const MODEL_V1: &str = "CREATE TABLE users (\n    id INTEGER PRIMARY KEY,\n    email VARCHAR(200) NOT NULL UNIQUE,\n    name VARCHAR(100)\n);\nCREATE TABLE posts (\n    id INTEGER PRIMARY KEY,\n    user_id INTEGER NOT NULL,\n    title VARCHAR(200) NOT NULL,\n    FOREIGN KEY (user_id) REFERENCES users (id)\n);\nCREATE INDEX ix_posts_user ON posts (user_id);\n";

fn autogenerate_and_check(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("migrations/versions")).unwrap();
    std::fs::write(
        dir.join("alembic.toml"),
        format!(
            "[database]\nurl = \"{}\"\n[models]\nsql = \"schema.sql\"\n",
            db.url_text()
        ),
    )
    .unwrap();
    std::fs::write(dir.join("schema.sql"), MODEL_V1).unwrap();
    let versions = || revision_files(dir).len();

    // Drift: exit 1 and a unified diff of the two schemas as DDL.
    let o = revise(dir, &["check"]);
    assert_eq!(o.code, 1, "{}\n{}", o.stdout, o.stderr);
    assert!(
        o.stdout.starts_with("--- database\n+++ models\n"),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout
            .lines()
            .any(|l| l.starts_with("+CREATE TABLE users")),
        "{}",
        o.stdout
    );

    // --sql prints the revision and writes nothing.
    let printed = ok(dir, &["autogenerate", "-m", "first", "--sql"]).stdout;
    assert!(
        printed.contains("-- revise:upgrade") && printed.contains("-- create table users"),
        "{printed}"
    );
    assert_eq!(versions(), 0);

    let o = ok(dir, &["revision", "--autogenerate", "-m", "first"]);
    assert!(o.stderr.contains("create table posts"), "{}", o.stderr);
    assert_eq!(versions(), 1);
    // The database is behind the scripts now: autogenerate refuses, like Alembic.
    fails(
        dir,
        &["autogenerate", "-m", "again"],
        "not at the script heads",
    );
    ok(dir, &["upgrade"]);
    assert_eq!(
        revise(dir, &["check"]).code,
        0,
        "check is clean after the upgrade"
    );
    let o = ok(dir, &["autogenerate", "-m", "nothing"]);
    assert!(o.stderr.contains("no changes detected"), "{}", o.stderr);
    assert_eq!(versions(), 1, "no file for an empty diff");

    // A widened column and a renamed one: without a terminal the rename is
    // taken as drop + add, with a warning naming the flag that keeps the data.
    db.connect()
        .execute("INSERT INTO users (id, email, name) VALUES (1, 'a@example.com', 'Ada')")
        .unwrap();
    let v2 = MODEL_V1
        .replace("name VARCHAR(100)", "full_name VARCHAR(100)")
        .replace("title VARCHAR(200)", "title VARCHAR(300)");
    std::fs::write(dir.join("schema.sql"), &v2).unwrap();
    let o = revise(dir, &["check"]);
    assert_eq!(o.code, 1);
    let changed: Vec<&str> = o
        .stdout
        .lines()
        .filter(|l| l.starts_with(['+', '-']) && !l.starts_with("+++") && !l.starts_with("---"))
        .collect();
    assert_eq!(
        changed.len(),
        4,
        "only the two changed columns differ, not constraint names: {changed:?}"
    );
    let o = ok(dir, &["autogenerate", "-m", "drop and add", "--sql"]);
    assert!(
        o.stderr.contains("looks like a rename")
            && o.stderr.contains("--rename users.name=full_name"),
        "{}",
        o.stderr
    );
    assert!(
        o.stdout.contains("-- DATA LOSS: drops column users.name"),
        "{}",
        o.stdout
    );
    // A misspelt rename is an error, not a silent drop + add.
    let o = revise(
        dir,
        &[
            "autogenerate",
            "-m",
            "typo",
            "--rename",
            "users.nme=full_name",
        ],
    );
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains(
            "--rename users.nme=full_name: the database has no column nme in table users"
        ),
        "{}",
        o.stderr
    );
    assert_eq!(versions(), 1, "no file for a refused rename");
    let o = ok(
        dir,
        &[
            "autogenerate",
            "-m",
            "rename and widen",
            "--rename",
            "users.name=full_name",
        ],
    );
    assert!(
        o.stderr.contains("rename column users.name to full_name"),
        "{}",
        o.stderr
    );
    assert!(!o.stderr.contains("DATA LOSS"), "{}", o.stderr);
    ok(dir, &["upgrade"]);
    assert_eq!(revise(dir, &["check"]).code, 0);
    assert_eq!(
        db.column("SELECT full_name FROM users"),
        vec!["Ada"],
        "the rename kept the data"
    );
    ok(dir, &["downgrade", "-1"]);
    assert_eq!(db.column("SELECT name FROM users"), vec!["Ada"]);
    std::fs::write(dir.join("schema.sql"), MODEL_V1).unwrap();
    assert_eq!(
        revise(dir, &["check"]).code,
        0,
        "the downgrade returns to the first models"
    );

    // A broken model file is an error naming the file and line, exit 2.
    std::fs::write(
        dir.join("schema.sql"),
        "CREATE TABLE ok (id INTEGER);\nCREATE TABEL broken (id INTEGER);\n",
    )
    .unwrap();
    fails(dir, &["check"], "schema.sql:2");
}

/// `revise init .` puts the environment beside the config: `dir = "."`, and a
/// revision then lands in `./versions`.
#[test]
fn init_in_the_config_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(dir, &["init", "."]);
    let config = std::fs::read_to_string(dir.join("alembic.toml")).unwrap();
    assert!(config.contains("dir = \".\"\n"), "{config}");
    assert!(
        config.contains("# template = \"./script.sql.tmpl\""),
        "{config}"
    );
    let file = generated(&ok(dir, &["revision", "-m", "first"]));
    assert!(dir.join(&file).is_file(), "{file}");
    assert!(
        file.starts_with("./versions/") || file.starts_with("versions/"),
        "{file}"
    );
}

#[test]
fn model_foreign_keys_to_nothing_are_refused_by_name() {
    let Some(db) = TestDb::new(DialectKind::Sqlite) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("migrations/versions")).unwrap();
    std::fs::write(
        dir.join("alembic.toml"),
        format!(
            "[database]\nurl = \"{}\"\n[models]\nsql = \"schema.sql\"\n[autogenerate]\nexclude = [\"legacy_*\"]\n",
            db.url_text()
        ),
    )
    .unwrap();
    let model = |refs: &str| {
        std::fs::write(
            dir.join("schema.sql"),
            format!("CREATE TABLE a (id INTEGER PRIMARY KEY);\nCREATE TABLE b (id INTEGER PRIMARY KEY, x INT REFERENCES {refs});\n"),
        )
        .unwrap();
    };
    model("zz (id)");
    fails(
        dir,
        &["autogenerate", "-m", "x"],
        "schema.sql:2: table b: foreign key (x) references zz, which the models do not define",
    );
    model("a (nocol)");
    fails(
        dir,
        &["check"],
        "table b: foreign key (x) references a (nocol), and table a has no column nocol",
    );
    // A table left out of the comparison may be referenced if the database has it.
    model("legacy_users (id)");
    fails(
        dir,
        &["check"],
        "references legacy_users, which the models do not define",
    );
    db.connect()
        .execute("CREATE TABLE legacy_users (id INTEGER PRIMARY KEY)")
        .unwrap();
    assert_eq!(revise(dir, &["check"]).code, 1, "a drift, not an error");
    assert_eq!(revision_files(dir).len(), 0);
}

#[test]
fn autogenerate_refuses_to_rebuild_a_table_with_on_conflict_and_writes_nothing() {
    let Some(db) = TestDb::new(DialectKind::Sqlite) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("migrations/versions")).unwrap();
    std::fs::write(
        dir.join("alembic.toml"),
        format!(
            "[database]\nurl = \"{}\"\n[models]\nsql = \"schema.sql\"\n",
            db.url_text()
        ),
    )
    .unwrap();
    db.connect()
        .execute(
            "CREATE TABLE oc (id INTEGER PRIMARY KEY, v TEXT UNIQUE ON CONFLICT REPLACE, w TEXT)",
        )
        .unwrap();
    std::fs::write(
        dir.join("schema.sql"),
        "CREATE TABLE oc (id INTEGER PRIMARY KEY, v TEXT UNIQUE ON CONFLICT REPLACE, w INT);\n",
    )
    .unwrap();
    fails(
        dir,
        &["autogenerate", "-m", "r"],
        "table oc has ON CONFLICT clauses, which revise does not model and a rebuild would lose",
    );
    assert_eq!(revision_files(dir).len(), 0, "nothing written");
    // It is a drift all the same: check says so (exit 1), not an error, and
    // says autogenerate cannot write it rather than promise a revision.
    let o = revise(dir, &["check"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stderr.contains("rebuild table oc"), "{}", o.stderr);
    assert!(
        o.stderr.contains("`revise autogenerate` cannot write a revision for them: cannot rebuild table oc (copying its rows) to alter column w on sqlite: table oc has ON CONFLICT clauses"),
        "{}",
        o.stderr
    );
    assert!(!o.stderr.contains("writes a revision"), "{}", o.stderr);

    // The words in a string literal or a comment are no clause: check
    // promises a revision, autogenerate writes it, and it runs.
    db.connect()
        .execute(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, help TEXT DEFAULT 'resolve on conflict by merging', -- ON CONFLICT handling is app-side\n body TEXT)",
        )
        .unwrap();
    db.connect()
        .execute("INSERT INTO notes (id) VALUES (1)")
        .unwrap();
    // The words in a comment alone, which the models do not hold.
    db.connect()
        .execute("CREATE TABLE memo (id INTEGER PRIMARY KEY, -- ON CONFLICT handling is app-side\n body TEXT)")
        .unwrap();
    db.connect()
        .execute("INSERT INTO memo (id) VALUES (1)")
        .unwrap();
    std::fs::write(
        dir.join("schema.sql"),
        "CREATE TABLE oc (id INTEGER PRIMARY KEY, v TEXT UNIQUE ON CONFLICT REPLACE, w TEXT);\n\
         CREATE TABLE notes (id INTEGER PRIMARY KEY, help TEXT DEFAULT 'resolve on conflict by merging', body TEXT NOT NULL DEFAULT '');\n\
         CREATE TABLE memo (id INTEGER PRIMARY KEY, body TEXT NOT NULL DEFAULT '');\n",
    )
    .unwrap();
    let o = revise(dir, &["check"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(
        o.stderr
            .contains("`revise autogenerate -m MSG` writes a revision for them:"),
        "{}",
        o.stderr
    );
    ok(dir, &["autogenerate", "-m", "notes"]);
    ok(dir, &["upgrade"]);
    ok(dir, &["check"]);
}

/// Diesel's `schema.rs` cannot say how a key compares its columns; a rebuild
/// for a change it does say keeps the database's `COLLATE NOCASE`, so rows
/// that differ only in case stay refused.
#[test]
fn a_rebuild_for_diesel_models_keeps_the_collation_of_sqlite_keys() {
    let Some(db) = TestDb::new(DialectKind::Sqlite) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("migrations/versions")).unwrap();
    std::fs::write(
        dir.join("alembic.toml"),
        format!(
            "[database]\nurl = \"{}\"\n[models]\ndiesel = \"schema.rs\"\n",
            db.url_text()
        ),
    )
    .unwrap();
    let mut conn = db.connect();
    for sql in [
        "CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT, UNIQUE (email COLLATE NOCASE))",
        "CREATE TABLE tags (name TEXT NOT NULL, note TEXT, PRIMARY KEY (name COLLATE NOCASE)) WITHOUT ROWID",
        "INSERT INTO accounts VALUES (1, 'A@x.com', 'a')",
        "INSERT INTO tags VALUES ('Rust', 'r')",
    ] {
        conn.execute(sql).unwrap();
    }
    std::fs::write(
        dir.join("schema.rs"),
        "diesel::table! { accounts (id) { id -> Integer, email -> Text, name -> Text, } }\n\
         diesel::table! { tags (name) { name -> Text, note -> Text, } }\n",
    )
    .unwrap();
    let o = ok(dir, &["autogenerate", "-m", "not null"]);
    let text = std::fs::read_to_string(dir.join(generated(&o))).unwrap();
    assert!(text.contains("UNIQUE (email COLLATE NOCASE)"), "{text}");
    assert!(text.contains("PRIMARY KEY (name COLLATE NOCASE)"), "{text}");
    ok(dir, &["upgrade"]);
    ok(dir, &["check"]);
    for twin in [
        "INSERT INTO accounts VALUES (2, 'a@X.com', 'b')",
        "INSERT INTO tags VALUES ('rust', 'y')",
    ] {
        let e = conn.execute(twin).unwrap_err().to_string();
        assert!(e.contains("UNIQUE constraint failed"), "{twin}: {e}");
    }
}

/// A head that another branch only depends on (`--depends-on`) is still a head:
/// `merge heads` joins it, and `upgrade head` works again.
#[test]
fn merge_heads_joins_a_head_another_head_depends_on() {
    let tmp = broken_env();
    let dir = tmp.path();
    write_rev(dir, "3.sql", "x1", "", "CREATE TABLE x (id INTEGER);");
    write_rev(dir, "4.sql", "x2", "x1", "SELECT 1;");
    ok(
        dir,
        &[
            "revision",
            "-m",
            "b",
            "--head",
            "abd222",
            "--depends-on",
            "x2",
            "--rev-id",
            "b3",
        ],
    );
    let heads = ok(dir, &["heads"]).stdout;
    assert!(heads.contains("x2") && heads.contains("b3"), "{heads}");
    ok(dir, &["merge", "heads", "-m", "j", "--rev-id", "j1"]);
    let heads = ok(dir, &["heads"]).stdout;
    assert!(heads.contains("j1") && !heads.contains("x2"), "{heads}");
    ok(dir, &["upgrade", "head"]);
    assert!(ok(dir, &["current"]).stdout.starts_with("j1"));
}

/// A custom template without `{branch_labels}` or `{depends_on}` would drop
/// `--branch-label`/`--depends-on`: refused, naming the template and placeholder.
#[test]
fn a_template_without_labels_or_dependencies_refuses_them() {
    let tmp = broken_env();
    let dir = tmp.path();
    std::fs::write(
        dir.join("m/script.sql.tmpl"),
        "-- revision: {revision}\n-- parents: {parents}\n-- message: {message}\n\n-- revise:upgrade\n{upgrade}\n\n-- revise:downgrade\n{downgrade}\n",
    )
    .unwrap();
    fails(
        dir,
        &["revision", "-m", "x", "--branch-label", "feat"],
        "script.sql.tmpl must write '-- branch-labels: {branch_labels}' to record --branch-label feat",
    );
    fails(
        dir,
        &["revision", "-m", "x", "--depends-on", "abc111"],
        "script.sql.tmpl must write '-- depends-on: {depends_on}' to record --depends-on abc111",
    );
    assert_eq!(
        std::fs::read_dir(dir.join("m/versions")).unwrap().count(),
        2
    );
    // Without those options the template is fine.
    ok(dir, &["revision", "-m", "x"]);
}

/// File names: a message without letters or digits never gives a hidden file,
/// and `file_template` is checked for unknown tokens and path separators.
#[test]
fn file_names_are_plain_and_visible() {
    let tmp = broken_env();
    let dir = tmp.path();
    let config = |template: &str| {
        std::fs::write(
            dir.join("alembic.toml"),
            format!("[database]\nurl = \"sqlite://db.sqlite\"\n[scripts]\ndir = \"m\"\nfile_template = \"{template}\"\n"),
        )
        .unwrap();
    };
    config("{slug}");
    let file = generated(&ok(dir, &["revision", "-m", "!!!", "--rev-id", "bang1"]));
    assert!(file.ends_with("versions/bang1.sql"), "{file}");
    assert!(ok(dir, &["heads"]).stdout.contains("bang1"));
    config("../{rev}");
    fails(dir, &["revision", "-m", "x"], "must be a file name");
    config("sub/{rev}");
    fails(dir, &["revision", "-m", "x"], "must be a file name");
    config("{rev}_{foo}");
    fails(
        dir,
        &["revision", "-m", "x"],
        "unknown token '{foo}'; known tokens: {year} {month} {day} {hour} {minute} {second} {epoch} {rev} {slug}",
    );
    let names: Vec<_> = std::fs::read_dir(dir.join("m/versions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(!dir.join("m/x.sql").exists() && !dir.join("m/sub").exists());
}

/// `-c cfg/my.toml init mig` with no `cfg/` yet creates it instead of writing
/// `mig/` and then failing on the config; the config then works.
#[test]
fn init_creates_the_config_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(dir, &["-c", "cfg/my.toml", "init", "mig"]);
    let config = std::fs::read_to_string(dir.join("cfg/my.toml")).unwrap();
    assert!(
        config.contains("dir = \"../mig\"") || config.contains("/mig\""),
        "{config}"
    );
    assert!(dir.join("mig/versions").is_dir());
    let file = generated(&ok(dir, &["-c", "cfg/my.toml", "revision", "-m", "first"]));
    assert!(dir.join(&file).is_file() && file.contains("mig"), "{file}");
    // A config directory that cannot be made (a file is in the way): nothing written.
    std::fs::write(dir.join("blocker"), "").unwrap();
    fails(dir, &["-c", "blocker/my.toml", "init", "mig2"], "blocker");
    assert!(!dir.join("mig2").exists());
}

/// A config and an empty versions directory on a SQLite file, for tests that
/// build their graph with `revise revision`.
fn empty_env() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("m/versions")).unwrap();
    std::fs::write(
        tmp.path().join("alembic.toml"),
        "[database]\nurl = \"sqlite://db.sqlite\"\n[scripts]\ndir = \"m\"\n",
    )
    .unwrap();
    tmp
}

/// A labelled branch with its own root (Alembic's "Working with Branches"):
/// `billing@+1` starts at the branch's base although another root is applied,
/// `billing@-1` says no billing revision is applied, and `billing@base` as a
/// range start is the branch's first revision.
#[test]
fn a_labelled_root_branch_moves_on_its_own() {
    let tmp = empty_env();
    let dir = tmp.path();
    ok(dir, &["revision", "-m", "a", "--rev-id", "a1"]);
    ok(
        dir,
        &[
            "revision",
            "-m",
            "b",
            "--rev-id",
            "b1",
            "--head",
            "base",
            "--branch-label",
            "billing",
        ],
    );
    ok(
        dir,
        &[
            "revision",
            "-m",
            "b2",
            "--rev-id",
            "b2",
            "--head",
            "billing@head",
        ],
    );
    let listed = |range: &str| -> Vec<String> {
        ok(dir, &["history", "-r", range])
            .stdout
            .lines()
            .map(|l| {
                l.split(" -> ")
                    .nth(1)
                    .unwrap()
                    .split([' ', ','])
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(listed("billing@base:billing@head"), vec!["b2", "b1"]);
    assert_eq!(listed("billing@base:"), vec!["b2", "b1"]);
    assert_eq!(listed("b1:"), vec!["b2", "b1"]);
    fails(dir, &["history", "-r", "b2:b1"], "write it older:newer");
    fails(dir, &["history", "-r", ":base"], "holds no revision");

    ok(dir, &["upgrade", "a1"]);
    fails(
        dir,
        &["downgrade", "billing@-1"],
        "no 'billing' revision is applied",
    );
    let o = ok(dir, &["upgrade", "billing@+1"]);
    assert!(o.stderr.contains("upgraded   b1"), "{}", o.stderr);
    let current = ok(dir, &["current"]).stdout;
    assert!(
        current.contains("a1") && current.contains("b1"),
        "{current}"
    );
    fails(
        dir,
        &["downgrade", "billing@-2"],
        "only 1 'billing' revision(s) are applied",
    );
    ok(dir, &["upgrade", "billing@+1"]);
    ok(dir, &["downgrade", "billing@-2"]);
    assert_eq!(ok(dir, &["current"]).stdout.trim(), "a1 (head), a");
}

/// `head-1` counts down from the single head, as in Alembic.
#[test]
fn head_minus_one_is_a_target() {
    let tmp = broken_env();
    let dir = tmp.path();
    let o = ok(dir, &["upgrade", "head-1"]);
    assert!(o.stderr.contains("upgraded   abc111"), "{}", o.stderr);
    assert!(!o.stderr.contains("abd222"), "{}", o.stderr);
    ok(dir, &["upgrade", "head"]);
    let o = ok(dir, &["downgrade", "head-1"]);
    assert!(o.stderr.contains("downgraded abd222"), "{}", o.stderr);
    assert!(ok(dir, &["current"]).stdout.starts_with("abc111"));
}

/// An upgrade with nothing to do names the revision its target resolved to,
/// not the target as typed; with no revisions at all it says so.
#[test]
fn a_no_op_upgrade_names_the_resolved_revision() {
    let tmp = empty_env();
    let dir = tmp.path();
    let o = ok(dir, &["upgrade"]);
    assert!(
        o.stderr
            .contains("no revisions in m/versions; nothing to upgrade"),
        "{}",
        o.stderr
    );
    assert!(
        !dir.join("db.sqlite").exists(),
        "nothing to do, so no connection"
    );
    let tmp = broken_env();
    let dir = tmp.path();
    ok(dir, &["upgrade", "head"]);
    let o = ok(dir, &["upgrade", "abc1+1"]);
    assert!(
        o.stderr
            .contains("has abd222 and what it needs applied already"),
        "{}",
        o.stderr
    );
    let o = ok(dir, &["upgrade"]);
    assert!(o.stderr.contains("has abd222 and"), "{}", o.stderr);
}

/// A downgrade with nothing to do names the revision its target resolved to,
/// not the target as typed, as an upgrade does.
#[test]
fn a_no_op_downgrade_names_the_resolved_revision() {
    let tmp = broken_env();
    let dir = tmp.path();
    ok(dir, &["upgrade", "head"]);
    for target in ["abd2", "abc1+1", "head-0"] {
        let o = ok(dir, &["downgrade", target]);
        assert!(
            o.stderr
                .contains("holds nothing above abd222; nothing to downgrade"),
            "{target}: {}",
            o.stderr
        );
        assert!(!o.stderr.contains("downgraded"), "{target}: {}", o.stderr);
    }
    let o = ok(dir, &["downgrade", "head-1"]);
    assert!(o.stderr.contains("downgraded abd222"), "{}", o.stderr);
    let o = ok(dir, &["downgrade", "abd2-1"]);
    assert!(
        o.stderr.contains("holds nothing above abc111;"),
        "{}",
        o.stderr
    );
    ok(dir, &["downgrade", "base"]);
    let o = ok(dir, &["downgrade", "base"]);
    assert!(
        o.stderr.contains("holds no revision; nothing to downgrade"),
        "{}",
        o.stderr
    );
    let o = ok(dir, &["downgrade", "abc1-1"]);
    assert!(
        o.stderr
            .contains("abc1-1 resolves to base and sqlite://db.sqlite holds no revision"),
        "{}",
        o.stderr
    );
}

/// `label@REV`, `label@REV±N` and `label@head-N` through upgrade, downgrade,
/// history ranges and --sql, on a labelled root branch beside another root.
#[test]
fn label_qualified_revisions_and_branch_head_offsets() {
    let tmp = empty_env();
    let dir = tmp.path();
    ok(dir, &["revision", "-m", "a", "--rev-id", "a1"]);
    ok(
        dir,
        &[
            "revision",
            "-m",
            "b1",
            "--rev-id",
            "b1",
            "--head",
            "base",
            "--branch-label",
            "billing",
        ],
    );
    for id in ["b2", "b3"] {
        ok(
            dir,
            &[
                "revision",
                "-m",
                id,
                "--rev-id",
                id,
                "--head",
                "billing@head",
            ],
        );
    }
    let current = || ok(dir, &["current"]).stdout;

    // Bad branch targets fail before the database is touched.
    fails(
        dir,
        &["upgrade", "billing@a1"],
        "revision a1 is not on branch 'billing'",
    );
    fails(
        dir,
        &["upgrade", "billing@b"],
        "revision prefix 'b' is ambiguous on branch 'billing': it matches b1, b2, b3",
    );
    fails(
        dir,
        &["downgrade", "billing@head-4"],
        "'billing@head-4' counts past the base of branch 'billing'",
    );
    assert!(
        !dir.join("db.sqlite").exists(),
        "no connection for a bad target"
    );

    let o = ok(dir, &["upgrade", "billing@head-1"]);
    assert!(
        o.stderr.contains("upgraded   b1") && o.stderr.contains("upgraded   b2"),
        "{}",
        o.stderr
    );
    assert!(
        !o.stderr.contains("b3") && !o.stderr.contains("a1"),
        "{}",
        o.stderr
    );
    let o = ok(dir, &["upgrade", "billing@b2"]);
    assert!(
        o.stderr
            .contains("has b2 and what it needs applied already"),
        "{}",
        o.stderr
    );
    let o = ok(dir, &["upgrade", "billing@b2+1"]);
    assert!(o.stderr.contains("upgraded   b3"), "{}", o.stderr);
    let o = ok(dir, &["downgrade", "billing@b3-1"]);
    assert!(o.stderr.contains("downgraded b3"), "{}", o.stderr);
    let o = ok(dir, &["downgrade", "billing@b2"]);
    assert!(
        o.stderr
            .contains("holds nothing of branch 'billing' above b2; nothing to downgrade"),
        "{}",
        o.stderr
    );

    // Counting down to the branch's base takes the branch away and leaves a1.
    ok(dir, &["upgrade", "a1"]);
    let o = ok(dir, &["downgrade", "billing@head-3"]);
    assert!(
        o.stderr.contains("downgraded b2") && o.stderr.contains("downgraded b1"),
        "{}",
        o.stderr
    );
    assert_eq!(current().trim(), "a1 (head), a");
    let o = ok(dir, &["downgrade", "billing@head-3"]);
    assert!(
        o.stderr
            .contains("holds no revision of branch 'billing'; nothing to downgrade"),
        "{}",
        o.stderr
    );

    let listed = |range: &str| -> Vec<String> {
        ok(dir, &["history", "-r", range])
            .stdout
            .lines()
            .map(|l| {
                l.split(" -> ")
                    .nth(1)
                    .unwrap()
                    .split([' ', ','])
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(listed("billing@head-1:"), vec!["b3", "b2"]);
    assert_eq!(listed("billing@head-3:billing@b2"), vec!["b2", "b1"]);
    assert_eq!(listed(":billing@head-2"), vec!["b1"]);

    let up = ok(dir, &["upgrade", "--sql", "billing@head-2:billing@head"]).stdout;
    assert!(up.contains("'b2'") && up.contains("'b3'"), "{up}");
    assert!(!up.contains("'a1'"), "{up}");
    let down = ok(dir, &["downgrade", "--sql", "billing@head:billing@b2"]).stdout;
    assert!(down.contains("'b3'") && !down.contains("'b1'"), "{down}");
}

/// `merge` with one revision names what the argument resolved to, and says
/// when there is nothing to merge at all.
#[test]
fn merge_with_one_revision_says_what_it_named() {
    let tmp = broken_env();
    let dir = tmp.path();
    let e = fails(
        dir,
        &["merge", "abc1", "-m", "x"],
        "merge joins two or more",
    );
    assert!(
        e.contains(
            "'abc1' names only abc111; the scripts have a single head, so there is nothing to merge"
        ),
        "{e}"
    );
    write_rev(dir, "3.sql", "x1", "", "SELECT 1;");
    let e = fails(
        dir,
        &["merge", "x1", "x1", "-m", "x"],
        "merge joins two or more",
    );
    assert!(
        e.contains("'x1' 'x1' name only x1; give another revision"),
        "{e}"
    );
    fails(
        dir,
        &["merge", "base", "-m", "x"],
        "'base' names no revision",
    );
}

/// An unset `${DATABASE_URL}` fails only the commands that need the URL; the
/// others (which never connect) work, and an unknown key still fails at once.
#[test]
fn an_unset_url_variable_fails_only_commands_that_need_the_url() {
    let tmp = broken_env();
    let dir = tmp.path();
    std::fs::write(
        dir.join("alembic.toml"),
        "[database]\nurl = \"${DATABASE_URL}\"\n[scripts]\ndir = \"m\"\n",
    )
    .unwrap();
    for args in [
        &["history"][..],
        &["heads"],
        &["branches"],
        &["show", "abc1"],
        &[
            "revision", "-m", "x", "--rev-id", "x1", "--head", "abc111", "--splice",
        ],
        &["merge", "x1", "abd222", "-m", "j", "--rev-id", "j1"],
    ] {
        ok(dir, args);
    }
    let want = "alembic.toml: [database] url: environment variable DATABASE_URL is not set";
    fails(dir, &["current"], want);
    fails(dir, &["upgrade"], want);
    // --sql never connects but needs the URL's dialect: --url gives it.
    fails(dir, &["upgrade", "--sql"], "or pass --url");
    let sql = ok(dir, &["--url", "sqlite://x.db", "upgrade", "--sql"]).stdout;
    assert!(sql.contains("INSERT INTO"), "{sql}");
    assert!(!dir.join("x.db").exists());
    std::fs::write(
        dir.join("alembic.toml"),
        "[database]\nurl = \"${DATABASE_URL}\"\nurll = 1\n[scripts]\ndir = \"m\"\n",
    )
    .unwrap();
    fails(dir, &["history"], "urll");
}

#[test]
fn schema_with_a_url_needs_no_config_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let url = format!("sqlite://{}", dir.join("x.db").display());
    {
        let mut db = revise::dialect::connect(
            &revise::url::DatabaseUrl::parse(&url).unwrap(),
            &Default::default(),
        )
        .unwrap();
        db.execute("CREATE TABLE t (a INTEGER)").unwrap();
    }
    let o = ok(dir, &["--url", &url, "schema"]);
    assert!(o.stdout.contains("CREATE TABLE t"), "{}", o.stdout);
    // Commands that read revisions still want the config file.
    let o = revise(dir, &["--url", &url, "current"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("no such config file"), "{}", o.stderr);
}

/// Models that start an identity elsewhere (PostgreSQL `START WITH`, MySQL's
/// `AUTO_INCREMENT=`), through the binary: the created table's first ids are
/// the ones asked for, `check` is clean afterwards, and the table's dump as
/// another database would write it (other options, or a counter that moved
/// on) is no drift either: options are never compared.
fn identity_start_reaches_the_database(kind: DialectKind) {
    let Some(db) = TestDb::new(kind) else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("migrations/versions")).unwrap();
    std::fs::write(
        dir.join("alembic.toml"),
        format!(
            "[database]\nurl = \"{}\"\n[models]\nsql = \"schema.sql\"\n",
            db.url_text()
        ),
    )
    .unwrap();
    let (models, written, dump, ids) = match kind {
        DialectKind::Postgres => (
            "CREATE TABLE tickets (\n    id bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 1000 INCREMENT BY 5) PRIMARY KEY,\n    title text NOT NULL\n);\n",
            "GENERATED BY DEFAULT AS IDENTITY (START WITH 1000 INCREMENT BY 5)",
            "CREATE TABLE public.tickets (\n    id bigint NOT NULL,\n    title text NOT NULL\n);\n\
             ALTER TABLE public.tickets ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (\n    \
             SEQUENCE NAME public.tickets_id_seq\n    START WITH 1\n    INCREMENT BY 1\n    \
             NO MINVALUE\n    NO MAXVALUE\n    CACHE 1\n);\n\
             ALTER TABLE ONLY public.tickets\n    ADD CONSTRAINT tickets_pkey PRIMARY KEY (id);\n",
            ["1000", "1005"],
        ),
        DialectKind::Mysql => (
            "CREATE TABLE tickets (\n    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,\n    title TEXT NOT NULL\n) AUTO_INCREMENT=1000;\n",
            ") AUTO_INCREMENT=1000;",
            "CREATE TABLE `tickets` (\n  `id` bigint(20) NOT NULL AUTO_INCREMENT,\n  `title` text NOT NULL,\n  \
             PRIMARY KEY (`id`)\n) ENGINE=InnoDB AUTO_INCREMENT=3 DEFAULT CHARSET=utf8mb4;\n",
            ["1000", "1001"],
        ),
        DialectKind::Sqlite => unreachable!("SQLite identities take no options"),
    };
    std::fs::write(dir.join("schema.sql"), models).unwrap();
    ok(dir, &["autogenerate", "-m", "tickets"]);
    let file = std::fs::read_dir(dir.join("migrations/versions"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let revision = std::fs::read_to_string(&file).unwrap();
    assert!(revision.contains(written), "{revision}");
    ok(dir, &["upgrade"]);
    let mut conn = db.connect();
    for title in ["first", "second"] {
        conn.execute(&format!("INSERT INTO tickets (title) VALUES ('{title}')"))
            .unwrap();
    }
    assert_eq!(
        db.column(&format!(
            "SELECT {} FROM tickets ORDER BY id",
            db.text("id")
        )),
        ids
    );
    let o = revise(dir, &["check"]);
    assert_eq!(
        o.code, 0,
        "check after the upgrade:\n{}\n{}",
        o.stdout, o.stderr
    );
    std::fs::write(dir.join("schema.sql"), dump).unwrap();
    let o = revise(dir, &["check"]);
    assert_eq!(
        o.code, 0,
        "check against a dump:\n{}\n{}",
        o.stdout, o.stderr
    );
    // The downgrade drops the table; created again from the database's side,
    // it would take the default start.
    ok(dir, &["downgrade", "base"]);
    assert!(db.user_tables().is_empty(), "{:?}", db.user_tables());
}

#[test]
fn identity_start_reaches_postgres() {
    identity_start_reaches_the_database(DialectKind::Postgres);
}

#[test]
fn identity_start_reaches_mysql() {
    identity_start_reaches_the_database(DialectKind::Mysql);
}

/// `${DATABASE_URL}` in alembic.toml reads a `.env` file when the
/// environment does not set it, as Diesel's CLI and sqlx-cli do; the
/// environment wins; a `.env` line that does not parse is named by number,
/// without its text.
#[test]
fn a_dotenv_file_feeds_the_config_and_the_environment_wins() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    ok(root, &["init", "migrations"]);
    let config = std::fs::read_to_string(root.join("alembic.toml")).unwrap();
    let config: String = config
        .lines()
        .map(|l| {
            if l.starts_with("url = ") {
                "url = \"${DATABASE_URL}\"".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(root.join("alembic.toml"), config).unwrap();
    ok(root, &["revision", "-m", "one"]);
    // The project's .env sits above the config's directory here.
    std::fs::write(root.join(".env"), "DATABASE_URL=sqlite://from_dotenv.db\n").unwrap();
    let sub = root.join("sub");
    std::fs::create_dir(&sub).unwrap();
    std::fs::rename(root.join("alembic.toml"), sub.join("alembic.toml")).unwrap();
    std::fs::rename(root.join("migrations"), sub.join("migrations")).unwrap();
    ok(root, &["-c", "sub/alembic.toml", "upgrade", "head"]);
    assert!(sub.join("from_dotenv.db").exists(), "the .env URL was used");

    let o = common::cli::revise_with(
        root,
        &["-c", "sub/alembic.toml", "upgrade", "head"],
        &[("DATABASE_URL", "sqlite://from_environment.db")],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        sub.join("from_environment.db").exists(),
        "the environment won"
    );

    std::fs::write(root.join(".env"), "A=1\nPASSWORD hunter2\n").unwrap();
    let e = fails(root, &["-c", "sub/alembic.toml", "current"], "line 2:");
    assert!(e.contains(".env") && !e.contains("hunter2"), "{e}");
}
