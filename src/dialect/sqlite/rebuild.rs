//! The SQLite table rebuild: the statements of [`crate::ops::Op::RebuildTable`],
//! following <https://sqlite.org/lang_altertable.html>, section "Making Other
//! Kinds Of Table Schema Changes". Pure: SQL text only; which ops become a
//! rebuild is decided in `lower.rs`.
//!
//! The runner executes the statements inside its transaction, with foreign keys
//! OFF (the SQLite default; diesel does not turn them on, and the pragma cannot
//! change inside a transaction, <https://sqlite.org/pragma.html#pragma_foreign_keys>):
//!
//! 1. a guard fails the revision when foreign keys are ON, because `DROP TABLE`
//!    would then delete rows of referencing tables (an implicit `DELETE`,
//!    <https://sqlite.org/foreignkeys.html>, section 5); another when the table
//!    has what the model cannot describe and a copy would silently lose:
//!    `ON CONFLICT` clauses (the two key words in its stored CREATE
//!    statement, outside string literals, quoted names and comments; a miss
//!    would change how conflicts are resolved). Autogenerate refuses such a
//!    table already; the guard is for a database other than the one the
//!    revision was written against. Deferrable foreign keys are modelled and kept;
//! 2. `CREATE TABLE "new_<t>"` in the new shape (under another name no table
//!    has when a table is called `new_<t>`: lowering picks the scratch names);
//! 3. `INSERT INTO "new_<t>" (...) SELECT ... FROM <t>` for the columns both shapes
//!    have (renames followed), generated columns of the new shape left out
//!    (they compute their values; a column that stops being generated keeps
//!    the values it had). A column that becomes NOT NULL and has a default
//!    takes the default where it held NULL. A new NOT NULL column without a
//!    default is left out, so on a table with rows the copy fails with SQLite's
//!    own "NOT NULL constraint failed" and the transaction rolls back. The
//!    rowid is copied too where no `INTEGER PRIMARY KEY` carries it, so the
//!    rows keep their numbers (see `rowid_copy`);
//! 4. the AUTOINCREMENT counter is carried over, so ids are never reused;
//! 5. `DROP TABLE <t>`, then `ALTER TABLE "new_<t>" RENAME TO <t>` under
//!    `PRAGMA legacy_alter_table = ON`: since 3.26 a rename re-checks every view
//!    and trigger and fails on one that names the (just dropped) table
//!    (<https://sqlite.org/pragma.html#pragma_legacy_alter_table>). The pragma is
//!    set back to OFF, its default, afterwards (rendering cannot read the value
//!    it had; nothing in revise sets it);
//! 6. the indexes of the new shape and the table's triggers are recreated;
//! 7. views and triggers are checked: the legacy rename checks none, so a view
//!    or trigger (of this table or another) naming a column the rebuild
//!    dropped would be left broken, failing only when used. A scratch table is
//!    created and renamed with `legacy_alter_table` OFF, which makes SQLite
//!    parse every view and trigger again and fail on the first that no longer
//!    resolves, with a message naming it (`error in view v: no such column:
//!    a`); the transaction then rolls back. Renaming the scratch table rewrites
//!    no stored text (nothing names it), where renaming the rebuilt table there
//!    and back would requote every reference to it. A view or trigger that was
//!    already broken fails the rebuild too, as it fails SQLite's own `RENAME`
//!    and `DROP COLUMN`;
//! 8. `pragma_foreign_key_check` must report no more rows for the table, as
//!    child or as parent, than it did before step 2 (the count is kept in the
//!    guard table). Not "no row at all": with foreign keys off, SQLite's
//!    default, rows pointing at no parent are common, and a rebuild that
//!    neither made nor mended them has not broken anything. The pragma only
//!    reports, so a CHECK on a temporary guard table turns a grown count into
//!    a failed statement whose message names the key whose rows point
//!    nowhere (counted per key of the new shape, as orphans of a new key
//!    are the usual cause) and the query that lists them, or says that rows
//!    of the tables referencing the table lost their parent. It is read for
//!    the table and the tables whose keys reference it, not for the whole
//!    database, where one mismatched key anywhere would stop it (see
//!    `fk_check.rs`).

use crate::dialect::dependents::{self, Breaks, Change, Names};
use crate::ops::Op;
use crate::schema::{Column, Identity, QualifiedName, Schema, Table};

use super::lower::mentions;
use super::types::rowid_alias;

use super::render::{create_index, create_table, default_value, quote_if_needed, table_name};

/// The temporary table whose CHECK constraints turn the guards into errors.
const GUARD: &str = "temp.revise_rebuild_guard";

/// The statements that turn table `from` into `to`, keeping its rows.
/// `renames` are column renames (old name, new name) made on the way.
pub fn render(
    from: &Table,
    to: &Table,
    renames: &[(String, String)],
    scratch: &[String; 2],
) -> Result<Vec<String>, String> {
    let old = table_name(&from.qualified())?;
    // Validates the schema of the final name too.
    table_name(&to.qualified())?;
    if scratch.iter().any(String::is_empty) {
        return Err(format!(
            "rebuild table {}: no scratch table names; lower the ops first",
            from.qualified()
        ));
    }
    // The guard below refuses this at upgrade; autogenerate knows it already.
    if from.on_conflict {
        return Err(format!(
            "table {} has ON CONFLICT clauses, which revise does not model and a rebuild would lose: \
             write this change by hand in a revision (`revise revision -m ...`) that rebuilds the \
             table with its clauses, or leave the table out with [autogenerate] exclude",
            from.qualified()
        ));
    }
    let new = quote_if_needed(&scratch[0]);
    let mut out = vec![
        create_guard(&to.name, &super::fk_check::constraints(from, to, renames)),
        format!(
            "INSERT INTO {GUARD} (foreign_keys_off) SELECT 0 FROM pragma_foreign_keys WHERE foreign_keys"
        ),
        unmodelled_guard(from),
        super::fk_check::count_before(GUARD, from, to, renames),
        create_table(to, &new)?,
    ];
    if let Some(copy) = copy_rows(from, to, renames, &old, &new) {
        out.push(copy);
    }
    if autoincrement(from) && autoincrement(to) {
        let lit = |s: &str| crate::dialect::quote_doubling(s, '\'');
        out.push(format!(
            "DELETE FROM sqlite_sequence WHERE name = {}",
            lit(&scratch[0])
        ));
        out.push(format!(
            "INSERT INTO sqlite_sequence (name, seq) SELECT {}, seq FROM sqlite_sequence WHERE name = {} COLLATE NOCASE",
            lit(&scratch[0]),
            lit(&from.name)
        ));
    }
    out.push(format!("DROP TABLE {old}"));
    out.push("PRAGMA legacy_alter_table = ON".to_string());
    out.push(format!(
        "ALTER TABLE {new} RENAME TO {}",
        quote_if_needed(&to.name)
    ));
    out.push("PRAGMA legacy_alter_table = OFF".to_string());
    for i in &to.indexes {
        out.push(create_index(&to.qualified(), i)?);
    }
    out.extend(from.triggers.iter().map(|t| t.sql.clone()));
    out.extend(check_views_and_triggers(scratch)?);
    out.push(super::fk_check::check_after(GUARD, to));
    out.push(format!("DROP TABLE {GUARD}"));
    Ok(out)
}

/// The statements that make SQLite read every view and trigger again and
/// fail on the first that no longer resolves, using the scratch names
/// `scratch` (no table has them before or after the revision; lowering picks
/// them). Renaming any table of `main` with `legacy_alter_table` OFF does
/// that, and the error names the object ("error in view v: no such column:
/// a", "error in trigger tg: no such table: main.audit"). A fresh table is
/// renamed, not a real one: nothing refers to it, so no stored text is
/// rewritten. Used after a rebuild (step 7 above) and after the tables of a
/// revision are dropped ([`Op::CheckViewsAndTriggers`]): SQLite's `DROP TABLE`
/// checks neither views nor triggers (<https://sqlite.org/lang_droptable.html>).
pub fn check_views_and_triggers(scratch: &[String; 2]) -> Result<Vec<String>, String> {
    if scratch.iter().any(String::is_empty) {
        return Err(
            "no scratch table names for the check of views and triggers; lower the ops first"
                .into(),
        );
    }
    let (first, second) = (quote_if_needed(&scratch[0]), quote_if_needed(&scratch[1]));
    Ok(vec![
        format!("CREATE TABLE {first} (renamed_to_check_views_and_triggers INTEGER)"),
        format!("ALTER TABLE {first} RENAME TO {second}"),
        format!("DROP TABLE {second}"),
    ])
}

/// Why rebuild `op` will fail its check of views and triggers, as far as the
/// model shows: a trigger of the table (kept by the rebuild, see `lower.rs`)
/// names a column the rebuild drops. Found by word, so a mention in a string
/// may warn needlessly; views are found by [`broken_views`].
pub fn broken_triggers(op: &Op) -> Option<String> {
    let Op::RebuildTable {
        from, to, renames, ..
    } = op
    else {
        return None;
    };
    let kept = |c: &Column| {
        let name = renames
            .iter()
            .find(|(old, _)| old.eq_ignore_ascii_case(&c.name))
            .map_or(c.name.as_str(), |(_, new)| new.as_str());
        to.column(name).is_some()
    };
    let dropped: Vec<&str> = from
        .columns
        .iter()
        .filter(|c| !kept(c))
        .map(|c| c.name.as_str())
        .collect();
    let why: Vec<String> = to
        .triggers
        .iter()
        .filter_map(|t| {
            let used: Vec<&str> = dropped
                .iter()
                .copied()
                .filter(|c| mentions(&t.sql, c))
                .collect();
            (!used.is_empty()).then(|| {
                format!(
                    "keeps trigger {} of table {}, which names column(s) {} the rebuild drops, so it fails (SQLite re-reads triggers after a rebuild): drop or rewrite the trigger first",
                    t.name,
                    from.qualified(),
                    used.join(", ")
                )
            })
        })
        .collect();
    (!why.is_empty()).then(|| why.join("; it also "))
}

/// Why check `op`, after tables were dropped, will fail, as far as `current`
/// shows: a trigger of a table that stays names a dropped table (found by
/// word, so a mention in a string may warn needlessly). A trigger of a
/// dropped table goes with it.
pub fn broken_by_drops(op: &Op, current: &Schema) -> Option<String> {
    let Op::CheckViewsAndTriggers {
        dropped,
        runs: true,
        ..
    } = op
    else {
        return None;
    };
    let is_dropped = |t: &Table| {
        dropped
            .iter()
            .any(|q| q.schema == t.schema && q.name.eq_ignore_ascii_case(&t.name))
    };
    let why: Vec<String> = current
        .tables
        .iter()
        .filter(|t| !is_dropped(t))
        .flat_map(|t| t.triggers.iter().map(move |tr| (t, tr)))
        .filter_map(|(t, tr)| {
            let named: Vec<&str> = dropped
                .iter()
                .map(|q| q.name.as_str())
                .filter(|name| mentions(&tr.sql, name))
                .collect();
            (!named.is_empty()).then(|| {
                format!(
                    "fails: trigger {} of table {} names table(s) {} the revision drops (SQLite reads views and triggers again after the drops): drop or rewrite the trigger first",
                    tr.name,
                    t.qualified(),
                    named.join(", ")
                )
            })
        })
        .collect();
    (!why.is_empty()).then(|| why.join("; it also "))
}

/// Why `op` breaks a view of `current`, which SQLite then reports when it
/// reads the views again (after a rebuild, after the drops, or refusing an
/// `ALTER TABLE ... DROP COLUMN`): a dropped table or column it names (found
/// by word). `RENAME` rewrites views (<https://sqlite.org/lang_altertable.html>),
/// but a rebuild copies a renamed column into a new table, so for a view
/// the old name is gone as if dropped. A type change keeps the view working.
pub fn broken_views(op: &Op, current: &Schema) -> Option<String> {
    let changes = match op {
        Op::RebuildTable { from, to, .. } => from
            .columns
            .iter()
            .filter(|c| {
                !to.columns
                    .iter()
                    .any(|k| k.name.eq_ignore_ascii_case(&c.name))
            })
            .map(|c| Change::DropColumn(from.qualified(), c.name.clone()))
            .collect(),
        _ => dependents::changes(op),
    };
    let breaks = Breaks {
        renames: false,
        retypes: false,
    };
    let same_table = |a: &QualifiedName, b: &QualifiedName| {
        a.schema == b.schema && a.name.eq_ignore_ascii_case(&b.name)
    };
    let names = Names {
        same_table: &same_table,
        mentions: &mentions,
    };
    dependents::broken(&changes, breaks, current, &names)
}

/// The guard table: each column's named CHECK fails when a guard inserts 0,
/// and SQLite reports the constraint's name, which says what went wrong.
/// `fk_group` and `foreign_key_rows` have no CHECK: they keep the counts of
/// the foreign-key check taken before the copy, per group; `foreign_keys`
/// are that check's constraints, one per group (see `fk_check.rs`).
fn create_guard(table: &str, foreign_keys: &[String]) -> String {
    let name = |text: String| crate::dialect::quote_doubling(&text, '"');
    format!(
        "CREATE TEMP TABLE revise_rebuild_guard (foreign_keys_off INTEGER CONSTRAINT {} CHECK (foreign_keys_off), modelled INTEGER CONSTRAINT {} CHECK (modelled), fk_group INTEGER, foreign_key_rows INTEGER, foreign_keys_kept INTEGER, {})",
        name(format!(
            "rebuilding table {table} needs PRAGMA foreign_keys = OFF (set it before the transaction)"
        )),
        name(format!(
            "table {table} has ON CONFLICT clauses, which a rebuild would lose: change it by hand"
        )),
        foreign_keys.join(", "),
    )
}

/// Fails when table `old` has clauses the model has no place for: `ON
/// CONFLICT`, as two words of SQLite's own SQL, not inside a string
/// literal, a quoted name or a comment (`DEFAULT 'resolve on conflict'`,
/// `-- ON CONFLICT handling is app-side` hold none). Autogenerate refuses
/// such a table when it reads it (`introspect.rs`, with sqlparser's
/// tokenizer); this is for a database that differs from the one the
/// revision was written against, whose table a rebuild would otherwise
/// recreate without the clauses.
///
/// SQL has no tokenizer to call, so a recursive query walks the stored
/// statement byte by byte with SQLite's lexical rules for what hides
/// words: `state` is 0 in the SQL itself, 1 to 4 inside `'...'`, `"..."`,
/// `[...]` and `` `...` `` (a doubled quote leaves and enters again,
/// which reads the same), 5 in a `--` comment, 6 in a `/* */` one.
/// `word` is the name or keyword being read (upper case, a non-ASCII byte
/// a letter, as in SQLite's tokenizer), `prev` the word before it when
/// only spaces and comments come between (a literal or any other
/// character clears it). The bytes come from the statement cast to a BLOB,
/// where `substr` finds byte `i` at once (in text it counts characters
/// from the start, which made a 75 kB statement take seconds).
///
/// The scan is long, so it is written only for a table some text of which
/// (a name, default, check, comment, ...) holds the word `conflict`, where a
/// plain search of the statement would mistake it for the clause; every
/// other table gets that plain search (the key words in the stored text,
/// whitespace folded), which then errs only on a database whose table
/// differs from the one the revision was written for.
fn unmodelled_guard(table: &Table) -> String {
    let name = crate::dialect::quote_doubling(&table.name, '\'');
    if !mentions_conflict(table) {
        // Tabs and line breaks become spaces, and five halvings fold runs
        // of up to 32 spaces into one, so `ON  CONFLICT` across a line break
        // is found while a column or a value named `conflict` is not.
        let mut text =
            "replace(replace(replace(upper(sql), char(9), ' '), char(10), ' '), char(13), ' ')"
                .to_string();
        for _ in 0..5 {
            text = format!("replace({text}, '  ', ' ')");
        }
        return format!(
            "INSERT INTO {GUARD} (modelled) SELECT 0 FROM sqlite_master WHERE type = 'table' AND name = {name} COLLATE NOCASE \
             AND (' ' || {text} || ' ') GLOB '*[^A-Z0-9_]ON CONFLICT[^A-Z0-9_]*' LIMIT 1"
        );
    }
    let c = "CAST(substr(s, i, 1) AS TEXT)";
    let c2 = "CAST(substr(s, i, 2) AS TEXT)";
    let ident = format!("({c} GLOB '[A-Za-z0-9_$]' OR substr(s, i, 1) >= x'80')");
    let space = format!("{c} IN (' ', char(9), char(10), char(12), char(13))");
    let step = [
        format!(
            "i + CASE WHEN (state = 0 AND {c2} IN ('--', '/*')) OR (state = 6 AND {c2} = '*/') THEN 2 ELSE 1 END"
        ),
        format!(
            "CASE state WHEN 0 THEN CASE {c2} WHEN '--' THEN 5 WHEN '/*' THEN 6 ELSE instr('''\"[`', {c}) END \
             WHEN 5 THEN CASE WHEN {c} = char(10) THEN 0 ELSE 5 END \
             WHEN 6 THEN CASE WHEN {c2} = '*/' THEN 0 ELSE 6 END \
             ELSE CASE WHEN {c} = substr('''\"]`', state, 1) THEN 0 ELSE state END END"
        ),
        format!(
            "CASE WHEN state = 0 AND {ident} THEN word || CASE WHEN substr(s, i, 1) >= x'80' THEN '_' ELSE upper({c}) END ELSE '' END"
        ),
        format!(
            "CASE WHEN state <> 0 OR {ident} THEN prev WHEN {space} OR {c2} IN ('--', '/*') THEN CASE WHEN word <> '' THEN word ELSE prev END ELSE '' END"
        ),
        format!("state = 0 AND NOT {ident} AND word = 'CONFLICT' AND prev = 'ON'"),
    ];
    format!(
        "INSERT INTO {GUARD} (modelled) WITH RECURSIVE \
         t(s) AS MATERIALIZED (SELECT CAST(sql AS BLOB) FROM sqlite_master WHERE type = 'table' AND name = {name} COLLATE NOCASE), \
         scan(i, state, word, prev, hit) AS (SELECT 1, 0, '', '', 0 UNION ALL SELECT {} FROM scan, t WHERE i <= length(s) + 1 AND NOT hit) \
         SELECT 0 FROM scan WHERE hit LIMIT 1",
        step.join(", ")
    )
}

/// Whether the stored `CREATE TABLE` of `t` may hold the word `conflict`
/// outside clauses: introspection saw it there (a comment, say), or some
/// text of the table (names, types, defaults, expressions, collations,
/// comments) holds it, in any case, as a table the revision's earlier ops
/// made does.
fn mentions_conflict(t: &Table) -> bool {
    if t.mentions_conflict {
        return true;
    }
    let has = says_conflict;
    let names = |v: &[String]| v.iter().any(|n| has(n));
    has(&t.name)
        || t.comment.as_deref().is_some_and(has)
        || t.columns.iter().any(|c| {
            has(&c.name)
                || has(&c.data_type)
                || c.default.as_deref().is_some_and(has)
                || c.generated.as_ref().is_some_and(|g| has(&g.expression))
                || c.collation.as_deref().is_some_and(has)
                || c.comment.as_deref().is_some_and(has)
        })
        || t.checks
            .iter()
            .any(|k| has(&k.expression) || k.name.as_deref().is_some_and(has))
        || t.primary_key
            .as_ref()
            .is_some_and(|pk| pk.name.as_deref().is_some_and(has) || names(&pk.columns))
        || t.uniques
            .iter()
            .any(|u| u.name.as_deref().is_some_and(has) || names(&u.columns))
        || t.foreign_keys.iter().any(|f| {
            f.name.as_deref().is_some_and(has)
                || has(&f.ref_table)
                || names(&f.columns)
                || names(&f.ref_columns)
        })
}

/// Whether `text` holds the word `conflict`, in any case.
pub(super) fn says_conflict(text: &str) -> bool {
    text.as_bytes()
        .windows(b"conflict".len())
        .any(|w| w.eq_ignore_ascii_case(b"conflict"))
}

fn autoincrement(t: &Table) -> bool {
    t.columns
        .iter()
        .any(|c| c.identity == Some(Identity::AutoIncrement))
}

/// `INSERT INTO new (...) SELECT ... FROM old` for the columns both shapes
/// have, and the rowid where [`rowid_copy`] says so, or `None` when they
/// share no column.
fn copy_rows(
    from: &Table,
    to: &Table,
    renames: &[(String, String)],
    old: &str,
    new: &str,
) -> Option<String> {
    let mut targets = Vec::new();
    let mut sources = Vec::new();
    // A generated column computes its own values: it is never written.
    for c in to.columns.iter().filter(|c| c.generated.is_none()) {
        let source_name = renames
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(&c.name))
            .map(|(o, _)| o.as_str())
            .unwrap_or(&c.name);
        let Some(source) = from
            .columns
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(source_name))
        else {
            continue;
        };
        targets.push(quote_if_needed(&c.name));
        sources.push(source_expression(source, c));
    }
    if targets.is_empty() {
        return None;
    }
    if let Some((target, source)) = rowid_copy(from, to) {
        targets.insert(0, target.to_string());
        sources.insert(0, source.to_string());
    }
    Some(format!(
        "INSERT INTO {new} ({}) SELECT {} FROM {old}",
        targets.join(", "),
        sources.join(", ")
    ))
}

/// The names under which the copy carries the rowid over (in the new table,
/// in the old), when it must: a plain `INSERT ... SELECT` numbers the rows of
/// the new table 1..N, which breaks what refers to rows by rowid, such as an
/// external-content FTS5 index (`content='t'`,
/// <https://sqlite.org/fts5.html#external_content_tables>) or rowids an
/// application stored. Not when either table is `WITHOUT ROWID` (it has
/// none), nor when the new table has an `INTEGER PRIMARY KEY`: that column
/// is its rowid and gets the value copied into it (naming the rowid as well
/// would set it twice). An old table with an alias and a new one without
/// still copies it, so the rows keep their numbers.
fn rowid_copy(from: &Table, to: &Table) -> Option<(&'static str, &'static str)> {
    if from.without_rowid || to.without_rowid || rowid_alias(to).is_some() {
        return None;
    }
    // A column called rowid, _rowid_ or oid hides the rowid under that name
    // (<https://sqlite.org/lang_createtable.html#rowid>); with all three
    // taken, no name reaches it and the rows are renumbered as before.
    let free = |t: &Table| {
        ["rowid", "_rowid_", "oid"]
            .into_iter()
            .find(|n| !t.columns.iter().any(|c| c.name.eq_ignore_ascii_case(n)))
    };
    Some((free(to)?, free(from)?))
}

/// The value copied into column `to` from column `from`: NULLs become the
/// default when the column turns NOT NULL and has one.
fn source_expression(from: &Column, to: &Column) -> String {
    let name = quote_if_needed(&from.name);
    match &to.default {
        Some(d) if !to.nullable && from.nullable => {
            format!("COALESCE({name}, {})", default_value(d))
        }
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::super::fk_check;
    use super::*;
    use crate::schema::{Index, IndexPart, PrimaryKey, Trigger};

    #[test]
    fn rebuild_follows_the_documented_procedure() {
        let mut from = Table::new("order");
        from.columns = vec![
            Column {
                identity: Some(Identity::AutoIncrement),
                nullable: false,
                ..Column::new("id", "INTEGER")
            },
            Column::new("state", "TEXT"),
            Column::new("old", "TEXT"),
            Column::new("gone", "TEXT"),
        ];
        from.primary_key = Some(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
            column_options: Vec::new(),
            deferrable: Default::default(),
        });
        from.triggers = vec![Trigger {
            name: "tr".into(),
            sql: "CREATE TRIGGER tr AFTER INSERT ON \"order\" BEGIN SELECT 1; END".into(),
        }];
        let mut to = from.clone();
        to.columns[1] = Column {
            nullable: false,
            default: Some("'draft'".into()),
            ..Column::new("state", "VARCHAR(20)")
        };
        to.columns[2].name = "new".into();
        to.columns.truncate(3);
        to.indexes = vec![Index {
            parts: vec![IndexPart::column("state")],
            ..Default::default()
        }];
        let scratch = ["new_order".to_string(), "revise_check_order".to_string()];
        let sql = render(&from, &to, &[("old".into(), "new".into())], &scratch).unwrap();
        // The guards' own SQL is checked against a real database in tests/dialect_sqlite.rs.
        let expected = [
            &create_guard(
                "order",
                &fk_check::constraints(&from, &to, &[("old".into(), "new".into())]),
            ),
            "INSERT INTO temp.revise_rebuild_guard (foreign_keys_off) SELECT 0 FROM pragma_foreign_keys WHERE foreign_keys",
            &unmodelled_guard(&from),
            &fk_check::count_before(GUARD, &from, &to, &[("old".into(), "new".into())]),
            "CREATE TABLE new_order (\n    id INTEGER PRIMARY KEY AUTOINCREMENT,\n    state VARCHAR(20) NOT NULL DEFAULT 'draft',\n    new TEXT\n)",
            "INSERT INTO new_order (id, state, new) SELECT id, COALESCE(state, 'draft'), old FROM \"order\"",
            "DELETE FROM sqlite_sequence WHERE name = 'new_order'",
            "INSERT INTO sqlite_sequence (name, seq) SELECT 'new_order', seq FROM sqlite_sequence WHERE name = 'order' COLLATE NOCASE",
            "DROP TABLE \"order\"",
            "PRAGMA legacy_alter_table = ON",
            "ALTER TABLE new_order RENAME TO \"order\"",
            "PRAGMA legacy_alter_table = OFF",
            "CREATE INDEX ix_order_state ON \"order\" (state)",
            "CREATE TRIGGER tr AFTER INSERT ON \"order\" BEGIN SELECT 1; END",
            "CREATE TABLE new_order (renamed_to_check_views_and_triggers INTEGER)",
            "ALTER TABLE new_order RENAME TO revise_check_order",
            "DROP TABLE revise_check_order",
            &fk_check::check_after(GUARD, &to),
            "DROP TABLE temp.revise_rebuild_guard",
        ];
        assert_eq!(sql, expected);
        let op = |from: &Table, to: &Table| Op::RebuildTable {
            from: from.clone(),
            to: to.clone(),
            renames: vec![("old".into(), "new".into())],
            scratch: scratch.clone(),
        };
        // Only `gone` is dropped (`old` is renamed), and the trigger names neither.
        assert_eq!(broken_triggers(&op(&from, &to)), None);
        to.triggers[0].sql =
            "CREATE TRIGGER tr AFTER INSERT ON \"order\" BEGIN SELECT new.gone, new.old; END"
                .into();
        let why = broken_triggers(&op(&from, &to)).unwrap();
        assert!(
            why.contains("trigger tr of table order, which names column(s) gone the rebuild drops"),
            "{why}"
        );
        assert!(expected[0].contains(
            "CONSTRAINT \"rebuilding table order leaves rows of the tables that reference it without their parent row"
        ));
    }

    #[test]
    fn the_long_on_conflict_scan_is_written_only_where_the_word_is() {
        let mut plain = Table::new("notes");
        plain.columns = vec![Column::new("body", "TEXT")];
        assert!(unmodelled_guard(&plain).contains("GLOB '*[^A-Z0-9_]ON CONFLICT[^A-Z0-9_]*'"));
        let mut literal = plain.clone();
        literal.columns[0].default = Some("'resolve on conflict by merging'".into());
        assert!(unmodelled_guard(&literal).contains("WITH RECURSIVE"));
        // A comment in the stored statement, which the model does not hold.
        let mut commented = plain.clone();
        commented.mentions_conflict = true;
        assert!(unmodelled_guard(&commented).contains("WITH RECURSIVE"));
    }

    #[test]
    fn autogenerate_refuses_a_table_with_on_conflict_clauses() {
        let mut from = Table::new("oc");
        from.columns = vec![Column::new("a", "INT")];
        from.on_conflict = true;
        let e = render(&from, &from, &[], &["new_oc".into(), "check_oc".into()]).unwrap_err();
        assert!(
            e.starts_with("table oc has ON CONFLICT clauses, which revise does not model and a rebuild would lose: write this change by hand"),
            "{e}"
        );
    }

    #[test]
    fn the_copy_keeps_the_rowid_where_no_column_carries_it() {
        let table = |columns: &[(&str, &str)], pk: Option<&str>| {
            let mut t = Table::new("t");
            t.columns = columns.iter().map(|(n, ty)| Column::new(n, ty)).collect();
            t.primary_key = pk.map(|k| PrimaryKey {
                name: None,
                columns: vec![k.into()],
                column_options: Vec::new(),
                deferrable: Default::default(),
            });
            t
        };
        let copy = |from: &Table, to: &Table| copy_rows(from, to, &[], "t", "new_t").unwrap();
        let plain = table(&[("a", "TEXT")], None);
        let wider = table(&[("a", "VARCHAR(5)")], None);
        assert_eq!(
            copy(&plain, &wider),
            "INSERT INTO new_t (rowid, a) SELECT rowid, a FROM t"
        );
        // A column named rowid hides it there: the next name reaches it.
        let shadowed = table(&[("a", "TEXT"), ("RowId", "TEXT")], None);
        assert_eq!(
            copy(&shadowed, &wider),
            "INSERT INTO new_t (rowid, a) SELECT _rowid_, a FROM t"
        );
        let all = table(
            &[
                ("a", "TEXT"),
                ("rowid", "INT"),
                ("_rowid_", "INT"),
                ("oid", "INT"),
            ],
            None,
        );
        assert_eq!(
            copy(&plain, &all),
            "INSERT INTO new_t (a) SELECT a FROM t",
            "no name reaches the rowid"
        );
        // The new INTEGER PRIMARY KEY is the rowid and takes the copied id.
        let alias = table(&[("id", "INTEGER"), ("a", "TEXT")], Some("id"));
        let int_key = table(&[("id", "INT"), ("a", "TEXT")], Some("id"));
        assert_eq!(
            copy(&alias, &alias),
            "INSERT INTO new_t (id, a) SELECT id, a FROM t"
        );
        assert_eq!(
            copy(&int_key, &alias),
            "INSERT INTO new_t (id, a) SELECT id, a FROM t"
        );
        // An alias that stops being one: the rows keep their numbers.
        assert_eq!(
            copy(&alias, &int_key),
            "INSERT INTO new_t (rowid, id, a) SELECT rowid, id, a FROM t"
        );
        // A WITHOUT ROWID table has none to give or take.
        let mut without = int_key.clone();
        without.without_rowid = true;
        assert_eq!(
            copy(&without, &int_key),
            "INSERT INTO new_t (id, a) SELECT id, a FROM t"
        );
        assert_eq!(
            copy(&int_key, &without),
            "INSERT INTO new_t (id, a) SELECT id, a FROM t"
        );
    }
}
