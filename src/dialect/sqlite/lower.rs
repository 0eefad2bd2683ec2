//! Lowering for SQLite: which ops its `ALTER TABLE` runs natively, and which
//! become one [`Op::RebuildTable`] per table. Pure: no I/O, no SQL text.
//!
//! SQLite's `ALTER TABLE` can rename a table or column, add a column and drop a
//! column, each with restrictions (<https://sqlite.org/lang_altertable.html>).
//! Everything else on an existing table (changing a column, adding or dropping a
//! primary key, unique, check or foreign key) needs the copy-table procedure of
//! that page's section "Making Other Kinds Of Table Schema Changes", rendered by
//! `rebuild.rs`. A table that needs it gets exactly one rebuild, from its state
//! before to its wanted state, which absorbs every other op on that table.
//!
//! Native `RENAME COLUMN` needs SQLite 3.25 and `DROP COLUMN` 3.35 (2021);
//! lowering is pure and assumes at least 3.35, as introspection already needs
//! 3.26 (`pragma_table_xinfo`). On an older SQLite a native drop fails with
//! SQLite's own syntax error.
//!
//! Renames stay native even on a rebuilt table: `ALTER TABLE ... RENAME COLUMN`
//! also rewrites the foreign keys of other tables, indexes, triggers and views
//! that name the column, which a copy cannot do. On a rebuilt table they run
//! right after the rebuild, which works under the old names (see `plan`).
//!
//! Every index the models leave unnamed gets a name no table, view or index
//! has (`unnamed.rs`).

use std::collections::{BTreeMap, BTreeSet};

use crate::ops::Op;
use crate::schema::{Check, Column, ForeignKey, Index, QualifiedName, Schema, Table, Unique};

use super::render::quote_if_needed;
use super::same_name as same;
use super::types::is_literal;

type Key = (Option<String>, String);

fn key(q: &QualifiedName) -> Key {
    (
        q.schema.as_ref().map(|s| s.to_ascii_lowercase()),
        q.name.to_ascii_lowercase(),
    )
}

/// Why `ALTER TABLE ADD COLUMN` refuses `column`, if it does: the column may not
/// be a primary key or a stored generated column, may not default to
/// CURRENT_TIME/DATE/TIMESTAMP or to an expression in parentheses, and when
/// NOT NULL needs a non-NULL default
/// (<https://sqlite.org/lang_altertable.html>, "ALTER TABLE ADD COLUMN").
pub fn add_column_blocker(column: &Column) -> Option<&'static str> {
    if column.identity.is_some() {
        return Some("generates its values (only an INTEGER PRIMARY KEY can)");
    }
    // A virtual generated column can be added, a stored one cannot
    // (https://sqlite.org/gencol.html, "Limitations").
    if column.generated.as_ref().is_some_and(|g| g.stored) {
        return Some("is a STORED generated column");
    }
    match &column.default {
        Some(d) if !is_literal(d) => {
            Some("has a default that is an expression or CURRENT_TIME/DATE/TIMESTAMP")
        }
        None if !column.nullable => Some("is NOT NULL without a default"),
        _ => None,
    }
}

/// Why `ALTER TABLE DROP COLUMN` refuses to drop `column` of `table`, if it
/// does: the column may not be (part of) the primary key, have a UNIQUE
/// constraint, be indexed or named in a partial index, a CHECK, a foreign key
/// (either side), a generated column or a trigger
/// (<https://sqlite.org/lang_altertable.html>, "ALTER TABLE DROP COLUMN").
/// Views are not in the model: a view that uses the column makes SQLite
/// refuse with its own message. Mentions in expressions are found by word,
/// which may see a rebuild where none was needed, never the reverse.
pub fn drop_column_blocker(table: &Table, column: &str, schema: &Schema) -> Option<&'static str> {
    let has = |cols: &[String]| cols.iter().any(|c| same(c, column));
    if table
        .primary_key
        .as_ref()
        .is_some_and(|pk| has(&pk.columns))
    {
        return Some("is in the primary key");
    }
    if table.uniques.iter().any(|u| has(&u.columns)) {
        return Some("has a UNIQUE constraint");
    }
    let in_index = |i: &Index| {
        i.parts.iter().any(|p| {
            if p.expression {
                mentions(&p.value, column)
            } else {
                same(&p.value, column)
            }
        }) || i.predicate.as_deref().is_some_and(|p| mentions(p, column))
    };
    if table.indexes.iter().any(in_index) {
        return Some("is indexed");
    }
    if table.foreign_keys.iter().any(|f| has(&f.columns)) {
        return Some("is in a foreign key");
    }
    let referenced = schema.tables.iter().any(|t| {
        t.foreign_keys
            .iter()
            .any(|f| key(&f.ref_qualified()) == key(&table.qualified()) && has(&f.ref_columns))
    });
    if referenced {
        return Some("is referenced by a foreign key");
    }
    if table.checks.iter().any(|k| mentions(&k.expression, column)) {
        return Some("is used by a CHECK constraint");
    }
    let computes = |c: &Column| {
        c.generated
            .as_ref()
            .is_some_and(|g| mentions(&g.expression, column))
    };
    if table.columns.iter().any(computes) {
        return Some("is used by a generated column");
    }
    if table.triggers.iter().any(|t| mentions(&t.sql, column)) {
        return Some("is used by a trigger");
    }
    None
}

/// Whether `text` mentions `name` as a whole word (ASCII case-insensitive;
/// quotes and punctuation are word boundaries).
pub fn mentions(text: &str, name: &str) -> bool {
    if name.is_empty() {
        return false;
    }
    let hay = text.to_ascii_lowercase();
    let needle = name.to_ascii_lowercase();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
    hay.match_indices(&needle).any(|(i, m)| {
        !word(hay[..i].chars().next_back()) && !word(hay[i + m.len()..].chars().next())
    })
}

/// The lowered ops: see the module documentation.
pub fn lower(ops: Vec<Op>, current: &Schema, wanted: &Schema) -> Vec<Op> {
    let ops = recreate_renamed_indexes(ops);
    let ops = fold_foreign_keys(ops);
    // The downgrade runs the reversed ops from `wanted`: a table either
    // direction cannot change with ALTER TABLE is rebuilt in both (a dropped
    // STORED generated column cannot be added back by ALTER TABLE).
    let mut rebuilt = tables_to_rebuild(&ops, current);
    rebuilt.extend(tables_to_rebuild(&crate::ops::reverse_all(&ops), wanted));
    let planned = plan(ops, current, wanted, &rebuilt);
    let placed = place_after_referenced(place_around_rebuilds(planned));
    let mut ops = check_after_drops(placed, current, wanted);
    // Last, on the ops as they will run: a rebuild frees its old indexes.
    super::unnamed::name_unnamed(&mut ops, current, wanted);
    ops
}

/// Moves each created table whose foreign keys reference a rebuilt table
/// after that rebuild, and each dropped table whose keys reference one
/// before it. The rebuild's foreign-key check reads `pragma_foreign_key_check`
/// for the rebuilt table and the tables whose keys reference it
/// (`fk_check.rs`), which fails with "foreign key mismatch" when a key's
/// target columns are neither a primary key nor unique
/// (<https://sqlite.org/foreignkeys.html#fk_indexes>): a created table's key
/// on the unique the rebuild adds must not exist before the rebuild, nor a
/// dropped table's key on the unique it removes after it. The downgrade, the
/// reversed list, then drops the created table before the reversed rebuild
/// removes the unique, and creates the dropped one after it is back.
/// Neither moves when the rebuilt table's own keys reference it (a cycle:
/// the rebuild must see that table as it stands, and no order serves both).
fn place_around_rebuilds(mut groups: Vec<Vec<Op>>) -> Vec<Vec<Op>> {
    /// The names the table rebuilt in `group` has there (before, after, and
    /// those its renames give it), with its shapes before and after.
    fn rebuilt(group: &[Op]) -> Option<(BTreeSet<Key>, &Table, &Table)> {
        let Some(Op::RebuildTable { from, to, .. }) = group.first() else {
            return None;
        };
        let mut names: BTreeSet<Key> = [key(&from.qualified()), key(&to.qualified())].into();
        for op in group {
            if let Op::RenameTable { to, .. } = op {
                names.insert(key(to));
            }
        }
        Some((names, from, to))
    }
    let references = |t: &Table, names: &BTreeSet<Key>| {
        t.foreign_keys
            .iter()
            .any(|f| names.contains(&key(&f.ref_qualified())))
    };
    let mut moved: BTreeSet<Key> = BTreeSet::new();
    let mut i = 0;
    while i < groups.len() {
        let (table, created) = match groups[i].as_slice() {
            [Op::CreateTable(t)] => (t.clone(), true),
            [Op::DropTable(t)] => (t.clone(), false),
            _ => {
                i += 1;
                continue;
            }
        };
        let own: BTreeSet<Key> = [key(&table.qualified())].into();
        if moved.contains(&key(&table.qualified())) {
            i += 1;
            continue;
        }
        // A rebuild this table's keys reference, whose own keys (in the
        // shape the table meets) do not reference this table.
        let in_the_way = |group: &Vec<Op>| {
            rebuilt(group).is_some_and(|(names, from, to)| {
                let meets = if created { to } else { from };
                references(&table, &names) && !references(meets, &own)
            })
        };
        let target = if created {
            (i + 1..groups.len())
                .rev()
                .find(|&j| in_the_way(&groups[j]))
        } else {
            (0..i).find(|&j| in_the_way(&groups[j]))
        };
        match target {
            Some(j) => {
                moved.insert(key(&table.qualified()));
                let group = groups.remove(i);
                // After the removal, index j is the group after the rebuild
                // when creating (j > i), the rebuild itself when dropping.
                groups.insert(j, group);
                if !created {
                    i += 1;
                }
            }
            None => i += 1,
        }
    }
    groups
}

/// Adds the [`Op::CheckViewsAndTriggers`] of each direction: SQLite's `DROP
/// TABLE` leaves a view that reads the table, or a trigger of another table
/// that writes to it, in place and broken (every INSERT into the trigger's
/// table then fails; <https://sqlite.org/lang_droptable.html>). One check
/// after the last drop of a direction covers every drop before it. The
/// upgrade's follows its last `DropTable`; the downgrade's goes before the
/// upgrade's first `CreateTable`, inert in the upgrade, so that reversed it
/// follows the downgrade's last drop (see the op's documentation for why one
/// op cannot serve both directions). Its scratch names are picked like a
/// rebuild's, free in both schemas.
fn check_after_drops(ops: Vec<Op>, current: &Schema, wanted: &Schema) -> Vec<Op> {
    let last_drop = ops.iter().rposition(|op| matches!(op, Op::DropTable(_)));
    let first_create = ops.iter().position(|op| matches!(op, Op::CreateTable(_)));
    if last_drop.is_none() && first_create.is_none() {
        return ops;
    }
    let taken = table_names_of_both(current, wanted);
    let scratch = [
        free_name("revise_check_drops", &taken),
        free_name("revise_checked_drops", &taken),
    ];
    let tables = |f: fn(&Op) -> Option<&Table>| -> Vec<QualifiedName> {
        ops.iter().filter_map(f).map(Table::qualified).collect()
    };
    let dropped = tables(|op| match op {
        Op::DropTable(t) => Some(t),
        _ => None,
    });
    // In the order the downgrade drops them.
    let mut created = tables(|op| match op {
        Op::CreateTable(t) => Some(t),
        _ => None,
    });
    created.reverse();
    let mut out = Vec::with_capacity(ops.len() + 2);
    for (i, op) in ops.into_iter().enumerate() {
        if Some(i) == first_create {
            out.push(Op::CheckViewsAndTriggers {
                dropped: created.clone(),
                scratch: scratch.clone(),
                runs: false,
            });
        }
        out.push(op);
        if Some(i) == last_drop {
            out.push(Op::CheckViewsAndTriggers {
                dropped: dropped.clone(),
                scratch: scratch.clone(),
                runs: true,
            });
        }
    }
    out
}

/// SQLite cannot rename an index: a renamed one is dropped and created again
/// under its new name (a renamed key constraint is left to the rebuild).
fn recreate_renamed_indexes(ops: Vec<Op>) -> Vec<Op> {
    let mut out = Vec::with_capacity(ops.len());
    for op in ops {
        match op {
            Op::RenameIndex { table, from, to } => {
                out.push(Op::DropIndex {
                    table: table.clone(),
                    index: from,
                });
                out.push(Op::CreateIndex { table, index: to });
            }
            other => out.push(other),
        }
    }
    out
}

/// Foreign keys of tables created (or dropped) in the same list go inline into
/// the `CREATE TABLE` (or the dropped table's definition, so the downgrade
/// recreates them): SQLite does not check a key's target when a table is
/// created, so keys in a cycle need no separate step
/// (<https://sqlite.org/foreignkeys.html>, section 3).
fn fold_foreign_keys(mut ops: Vec<Op>) -> Vec<Op> {
    let created: BTreeMap<Key, usize> = ops
        .iter()
        .enumerate()
        .filter_map(|(i, op)| match op {
            Op::CreateTable(t) => Some((key(&t.qualified()), i)),
            _ => None,
        })
        .collect();
    let dropped: BTreeMap<Key, usize> = ops
        .iter()
        .enumerate()
        .filter_map(|(i, op)| match op {
            Op::DropTable(t) => Some((key(&t.qualified()), i)),
            _ => None,
        })
        .collect();
    let mut folded = BTreeSet::new();
    for i in 0..ops.len() {
        let (target, fk) = match &ops[i] {
            Op::AddForeignKey { table, fk } => (created.get(&key(table)), fk.clone()),
            Op::DropForeignKey { table, fk } => (dropped.get(&key(table)), fk.clone()),
            _ => continue,
        };
        if let Some(&j) = target {
            if let Op::CreateTable(t) | Op::DropTable(t) = &mut ops[j] {
                t.foreign_keys.push(fk);
            }
            folded.insert(i);
        }
    }
    ops.into_iter()
        .enumerate()
        .filter(|(i, _)| !folded.contains(i))
        .map(|(_, op)| op)
        .collect()
}

/// The tables whose ops SQLite cannot run natively, found by playing the ops
/// on a copy of `current` (a column may become droppable after its index is dropped).
fn tables_to_rebuild(ops: &[Op], current: &Schema) -> BTreeSet<Key> {
    let mut state = touched_part(ops, current);
    let mut out = BTreeSet::new();
    for op in ops {
        let Some(q) = op.table() else { continue };
        let k = key(&q);
        match op {
            Op::CreateTable(t) => state.tables.push(t.clone()),
            Op::DropTable(_) => state.tables.retain(|t| key(&t.qualified()) != k),
            Op::RenameTable { from, to } => rename_table(&mut state, from, to),
            Op::RenameColumn { table, from, to } => rename_column(&mut state, table, from, to),
            Op::SetTableComment { .. } | Op::SetTableCollation { .. } => {}
            Op::AddColumn { column, .. } if add_column_blocker(column).is_none() => {
                if let Some(t) = table_mut(&mut state, &k) {
                    t.columns.push(column.clone());
                }
            }
            Op::DropColumn { column, .. } => {
                let blocked = state
                    .tables
                    .iter()
                    .find(|t| key(&t.qualified()) == k)
                    .is_none_or(|t| drop_column_blocker(t, &column.name, &state).is_some());
                if blocked {
                    out.insert(k);
                } else if let Some(t) = table_mut(&mut state, &k) {
                    t.columns.retain(|c| !same(&c.name, &column.name));
                }
            }
            Op::CreateIndex { index, .. } => {
                if let Some(t) = table_mut(&mut state, &k) {
                    t.indexes.push(index.clone());
                }
            }
            Op::DropIndex { index, .. } => {
                if let Some(t) = table_mut(&mut state, &k) {
                    t.indexes.retain(|i| !same_index_name(i, index));
                }
            }
            _ => {
                out.insert(k);
            }
        }
    }
    out
}

/// The part of `current` the ops can change or consult: the tables they name
/// and the tables whose foreign keys reference those. Whether a column can be
/// dropped depends on nothing else, and copying only this part keeps a diff
/// of a few tables from copying a schema of thousands.
fn touched_part(ops: &[Op], current: &Schema) -> Schema {
    let mut touched = BTreeSet::new();
    for op in ops {
        touched.extend(op.table().map(|q| key(&q)));
        if let Op::RenameTable { to, .. } = op {
            touched.insert(key(to));
        }
    }
    let wanted = |t: &Table| {
        touched.contains(&key(&t.qualified()))
            || t.foreign_keys
                .iter()
                .any(|fk| touched.contains(&key(&fk.ref_qualified())))
    };
    Schema {
        tables: current
            .tables
            .iter()
            .filter(|t| wanted(t))
            .cloned()
            .collect(),
        ..Schema::default()
    }
}

fn same_index_name(a: &Index, b: &Index) -> bool {
    match (&a.name, &b.name) {
        (Some(x), Some(y)) => same(x, y),
        _ => a == b,
    }
}

fn table_mut<'a>(s: &'a mut Schema, k: &Key) -> Option<&'a mut Table> {
    s.tables.iter_mut().find(|t| key(&t.qualified()) == *k)
}

fn rename_table(s: &mut Schema, from: &QualifiedName, to: &QualifiedName) {
    let old = key(from);
    if let Some(t) = table_mut(s, &old) {
        t.schema = to.schema.clone();
        t.name = to.name.clone();
    }
    for t in &mut s.tables {
        for fk in &mut t.foreign_keys {
            if key(&fk.ref_qualified()) == old {
                fk.ref_schema = to.schema.clone();
                fk.ref_table = to.name.clone();
            }
        }
    }
}

fn rename_column(s: &mut Schema, table: &QualifiedName, from: &str, to: &str) {
    let k = key(table);
    if let Some(t) = table_mut(s, &k) {
        rename_column_in_table(t, from, to);
    }
    for t in s.tables.iter_mut().filter(|t| key(&t.qualified()) != k) {
        for fk in &mut t.foreign_keys {
            if key(&fk.ref_qualified()) == k {
                fk.ref_columns.iter_mut().for_each(|n| {
                    if same(n, from) {
                        *n = to.to_string();
                    }
                });
            }
        }
    }
}

/// Renames a column inside its table as `ALTER TABLE ... RENAME COLUMN` does:
/// the column, the keys, indexes and the expressions of checks, indexes and
/// generated columns (which can name only this table's columns, so a word
/// match is that column).
fn rename_column_in_table(t: &mut Table, from: &str, to: &str) {
    let rename = |n: &mut String| {
        if same(n, from) {
            *n = to.to_string();
        }
    };
    let own = key(&t.qualified());
    t.columns.iter_mut().for_each(|c| rename(&mut c.name));
    if let Some(pk) = &mut t.primary_key {
        pk.columns.iter_mut().for_each(rename);
    }
    t.uniques
        .iter_mut()
        .for_each(|u| u.columns.iter_mut().for_each(rename));
    for fk in &mut t.foreign_keys {
        fk.columns.iter_mut().for_each(rename);
        if key(&fk.ref_qualified()) == own {
            fk.ref_columns.iter_mut().for_each(rename);
        }
    }
    for k in &mut t.checks {
        k.expression = rename_identifier(&k.expression, from, to);
    }
    for g in t.columns.iter_mut().filter_map(|c| c.generated.as_mut()) {
        g.expression = rename_identifier(&g.expression, from, to);
    }
    for i in &mut t.indexes {
        for p in &mut i.parts {
            if p.expression {
                p.value = rename_identifier(&p.value, from, to);
            } else {
                rename(&mut p.value);
            }
        }
        if let Some(pred) = &mut i.predicate {
            *pred = rename_identifier(pred, from, to);
        }
    }
}

/// A name in an SQLite expression's text, as [`map_names`] meets it.
pub enum Name<'a> {
    /// A quoted name (`"a"`, `` `a` ``, `[a]`), unquoted.
    Quoted {
        /// The name, its quotes taken off.
        name: &'a str,
        /// The opening quote: `"`, `` ` `` or `[`. Only a double-quoted
        /// name can be SQLite's string literal (see `expr.rs`).
        quote: char,
        /// The text before it and after it, to tell a name from a function
        /// (`"f"(`), a qualifier (`"t".`) or a collation (`COLLATE "c"`).
        before: &'a [char],
        /// The text after it.
        after: &'a [char],
    },
    /// A bare word (a name, keyword or number), and the text after it.
    Bare {
        /// The word.
        word: &'a str,
        /// What follows it, to tell a call (`abs(`) from a name.
        after: &'a [char],
    },
}

/// `text` with each quoted name and bare word replaced by what `f` returns
/// for it (`None` keeps it as written); string literals and everything else
/// are copied. One scanner for every rewrite of SQLite expression text.
pub fn map_names(text: &str, mut f: impl FnMut(Name<'_>) -> Option<String>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let close = match c {
            '\'' => Some('\''),
            '"' | '`' => Some(c),
            '[' => Some(']'),
            _ => None,
        };
        if let Some(close) = close {
            let mut j = i + 1;
            let mut inner = String::new();
            while j < chars.len() {
                if chars[j] == close {
                    if close != ']' && chars.get(j + 1) == Some(&close) {
                        inner.push(close);
                        j += 2;
                        continue;
                    }
                    break;
                }
                inner.push(chars[j]);
                j += 1;
            }
            let end = (j + 1).min(chars.len());
            let replaced = if c == '\'' {
                None
            } else {
                f(Name::Quoted {
                    name: &inner,
                    quote: c,
                    before: &chars[..i],
                    after: &chars[end..],
                })
            };
            match replaced {
                Some(r) => out.push_str(&r),
                None => out.extend(&chars[i..end]),
            }
            i = end;
        } else if word(c) {
            let start = i;
            while i < chars.len() && word(chars[i]) {
                i += 1;
            }
            let w: String = chars[start..i].iter().collect();
            match f(Name::Bare {
                word: &w,
                after: &chars[i..],
            }) {
                Some(r) => out.push_str(&r),
                None => out.push_str(&w),
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// `text` with every identifier equal to `from` (bare or quoted, not a
/// function name, not inside a string literal) replaced by `to`.
pub fn rename_identifier(text: &str, from: &str, to: &str) -> String {
    map_names(text, |name| {
        let hit = match name {
            Name::Quoted { name, .. } => same(name, from),
            Name::Bare { word, after } => {
                let call = after.iter().find(|c| !c.is_whitespace()) == Some(&'(');
                same(word, from) && !call
            }
        };
        hit.then(|| quote_if_needed(to))
    })
}

/// Replaces the ops of each rebuilt table by one rebuild at the place of its
/// first replaced op.
///
/// The renames of a rebuilt table run natively right after its rebuild, which
/// works under the old names: SQLite then rewrites the references in other
/// tables' keys, in views and in triggers, including the triggers the rebuild
/// recreated from their stored (old-name) text. Renaming first would leave the
/// stored trigger text naming columns that no longer exist.
fn plan(ops: Vec<Op>, current: &Schema, wanted: &Schema, rebuilt: &BTreeSet<Key>) -> Vec<Vec<Op>> {
    let mut held: BTreeMap<Key, Vec<Op>> = BTreeMap::new();
    let mut rest = Vec::with_capacity(ops.len());
    for op in ops {
        let owner = match &op {
            Op::RenameTable { to, .. } => Some(key(to)),
            Op::RenameColumn { table, .. } => Some(key(table)),
            _ => None,
        };
        match owner.filter(|k| rebuilt.contains(k)) {
            Some(k) => held.entry(k).or_default().push(op),
            None => rest.push(op),
        }
    }
    // The schema as renames leave it; cloned only when there is a rename (a
    // copy of a 3,000-table schema is megabytes that a plain diff never needs).
    let mut state = std::borrow::Cow::Borrowed(current);
    let mut out: Vec<Vec<Op>> = Vec::with_capacity(rest.len());
    let mut placed: BTreeSet<Key> = BTreeSet::new();
    // Every table name either side has, for the rebuilds' scratch names; only
    // gathered when something is rebuilt.
    let taken = if rebuilt.is_empty() {
        BTreeSet::new()
    } else {
        table_names_of_both(current, wanted)
    };
    let mut unplanned: Vec<Op> = Vec::new();
    for op in rest {
        let k = match &op {
            Op::RenameTable { from, to } => {
                rename_table(state.to_mut(), from, to);
                None
            }
            Op::RenameColumn { table, from, to } => {
                rename_column(state.to_mut(), table, from, to);
                None
            }
            Op::CreateTable(_) | Op::DropTable(_) => None,
            _ => op.table().map(|q| key(&q)).filter(|k| rebuilt.contains(k)),
        };
        let Some(k) = k else {
            out.push(vec![op]);
            continue;
        };
        if placed.contains(&k) {
            continue;
        }
        let renames = held.get(&k).cloned().unwrap_or_default();
        let from = state
            .tables
            .iter()
            .find(|t| key(&t.qualified()) == old_key(&k, &renames));
        let to = wanted.tables.iter().find(|t| key(&t.qualified()) == k);
        match (from, to) {
            (Some(from), Some(to)) => {
                let scratch = [
                    free_name(&format!("new_{}", from.name), &taken),
                    free_name(&format!("revise_check_{}", from.name), &taken),
                ];
                let rebuilt_op = rebuild(from, &under_old_names(to, &renames), scratch);
                placed.insert(k.clone());
                let mut group = vec![rebuilt_op];
                for r in held.remove(&k).unwrap_or_default() {
                    match &r {
                        Op::RenameTable { from, to } => rename_table(state.to_mut(), from, to),
                        Op::RenameColumn { table, from, to } => {
                            rename_column(state.to_mut(), table, from, to)
                        }
                        _ => {}
                    }
                    group.push(r);
                }
                out.push(group);
            }
            // Not a table both sides know: keep the op, so rendering names it in its error.
            _ => unplanned.push(op),
        }
    }
    out.extend(held.into_values().flatten().map(|op| vec![op]));
    out.extend(unplanned.into_iter().map(|op| vec![op]));
    out
}

/// The key a table had before `renames` (its own renames, in order).
fn old_key(k: &Key, renames: &[Op]) -> Key {
    let mut k = k.clone();
    for r in renames.iter().rev() {
        if let Op::RenameTable { from, to } = r
            && key(to) == k
        {
            k = key(from);
        }
    }
    k
}

/// `wanted` as it reads before `renames` (its own renames): the shape the
/// rebuild creates, which the renames then carry to the wanted names.
fn under_old_names(wanted: &Table, renames: &[Op]) -> Table {
    let mut t = wanted.clone();
    for r in renames.iter().rev() {
        match r {
            Op::RenameColumn { from, to, .. } => rename_column_in_table(&mut t, to, from),
            Op::RenameTable { from, to } if key(&t.qualified()) == key(to) => {
                for fk in &mut t.foreign_keys {
                    if key(&fk.ref_qualified()) == key(to) {
                        fk.ref_schema = from.schema.clone();
                        fk.ref_table = from.name.clone();
                    }
                }
                t.schema = from.schema.clone();
                t.name = from.name.clone();
            }
            _ => {}
        }
    }
    t
}

/// `base`, or when a table has that name (ASCII case ignored, as SQLite
/// does) `base_2`, `base_3`, ...: a table called `new_items` must not stop a
/// rebuild of `items`, nor be overwritten by it. `taken` holds both sides'
/// names, since the downgrade runs the reversed rebuild with the same names;
/// a table the comparison leaves out (`[autogenerate] exclude`) is not known.
fn free_name(base: &str, taken: &BTreeSet<String>) -> String {
    first_free(base, |name| taken.contains(name))
}

/// `base`, `base_2`, `base_3`, ...: the first that `taken` (given the name
/// in ASCII lower case, as SQLite compares names) says is free. Scratch
/// tables and unnamed indexes are numbered alike.
pub(super) fn first_free(base: &str, taken: impl Fn(&str) -> bool) -> String {
    std::iter::once(base.to_string())
        .chain((2..).map(|n| format!("{base}_{n}")))
        .find(|name| !taken(&name.to_ascii_lowercase()))
        .unwrap_or_else(|| base.to_string())
}

/// Every table name either schema has, in ASCII lower case: the scratch
/// tables of a revision must be free in both, since its downgrade uses them
/// too.
fn table_names_of_both(current: &Schema, wanted: &Schema) -> BTreeSet<String> {
    current
        .tables
        .iter()
        .chain(&wanted.tables)
        .map(|t| t.name.to_ascii_lowercase())
        .collect()
}

/// The rebuild of `from` into `to`. `to` keeps the names the database gave
/// objects the models leave unnamed, and the triggers (which models do not
/// describe), so neither the upgrade nor its reverse loses them.
fn rebuild(from: &Table, to: &Table, scratch: [String; 2]) -> Op {
    let mut to = to.clone();
    to.triggers = from.triggers.clone();
    let cols =
        |a: &[String], b: &[String]| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y));
    if let (Some(t), Some(f)) = (&mut to.primary_key, &from.primary_key)
        && t.name.is_none()
        && cols(&t.columns, &f.columns)
    {
        t.name = f.name.clone();
    }
    adopt_names(&mut to.uniques, &from.uniques, |a, b| {
        cols(&a.columns, &b.columns)
    });
    adopt_names(&mut to.checks, &from.checks, |a, b| {
        a.expression == b.expression
    });
    adopt_names(&mut to.foreign_keys, &from.foreign_keys, |a, b| {
        cols(&a.columns, &b.columns)
            && same(&a.ref_table, &b.ref_table)
            && cols(&a.ref_columns, &b.ref_columns)
    });
    adopt_names(&mut to.indexes, &from.indexes, |a, b| {
        a.unique == b.unique
            && a.predicate == b.predicate
            && a.parts.len() == b.parts.len()
            && a.parts.iter().zip(&b.parts).all(|(x, y)| {
                x.expression == y.expression
                    && x.descending == y.descending
                    && same(&x.value, &y.value)
            })
    });
    Op::RebuildTable {
        from: from.clone(),
        to,
        renames: Vec::new(),
        scratch,
    }
}

/// A schema object whose name the models may leave out.
trait Named {
    fn name(&self) -> &Option<String>;
    fn name_mut(&mut self) -> &mut Option<String>;
}

macro_rules! named {
    ($($t:ty),*) => {$(
        impl Named for $t {
            fn name(&self) -> &Option<String> {
                &self.name
            }
            fn name_mut(&mut self) -> &mut Option<String> {
                &mut self.name
            }
        }
    )*};
}
named!(Unique, Check, ForeignKey, Index);

/// Gives each unnamed item of `to` the name of a structurally equal, named item of `from`.
fn adopt_names<T: Named>(to: &mut [T], from: &[T], equal: impl Fn(&T, &T) -> bool) {
    let mut used = vec![false; from.len()];
    for item in to.iter_mut().filter(|i| i.name().is_none()) {
        let found = (0..from.len())
            .find(|&i| !used[i] && from[i].name().is_some() && equal(item, &from[i]));
        if let Some(i) = found {
            used[i] = true;
            *item.name_mut() = from[i].name().clone();
        }
    }
}

/// Moves each rebuild (with the renames that follow it) after the last op on
/// a table its new foreign keys reference, so that its foreign-key check sees
/// the referenced table in its new shape (created, renamed, given the unique
/// key the reference needs).
fn place_after_referenced(mut groups: Vec<Vec<Op>>) -> Vec<Op> {
    // Each rebuild moves at most once, so rebuilds referencing each other
    // (a cycle no order satisfies) cannot chase each other forever.
    let mut moved = BTreeSet::new();
    let mut i = 0;
    while i < groups.len() {
        let Some(Op::RebuildTable { to, .. }) = groups[i].first() else {
            i += 1;
            continue;
        };
        let own = key(&to.qualified());
        if moved.contains(&own) {
            i += 1;
            continue;
        }
        let targets: BTreeSet<Key> = to
            .foreign_keys
            .iter()
            .map(|f| key(&f.ref_qualified()))
            .filter(|k| *k != own)
            .collect();
        let touches = |op: &Op| match op {
            Op::RenameTable { from, to } => {
                targets.contains(&key(from)) || targets.contains(&key(to))
            }
            _ => op.table().is_some_and(|q| targets.contains(&key(&q))),
        };
        match (i + 1..groups.len())
            .rev()
            .find(|&j| groups[j].iter().any(touches))
        {
            Some(last) => {
                moved.insert(own);
                let group = groups.remove(i);
                groups.insert(last, group);
                // groups[i] is now the group that followed the moved one.
            }
            None => i += 1,
        }
    }
    groups.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{IndexPart, PrimaryKey, Trigger};

    fn table(name: &str, cols: &[&str]) -> Table {
        let mut t = Table::new(name);
        t.columns = cols.iter().map(|c| Column::new(c, "INTEGER")).collect();
        t.primary_key = Some(PrimaryKey {
            name: None,
            columns: vec![cols[0].to_string()],
            column_options: Vec::new(),
            deferrable: Default::default(),
        });
        t
    }

    fn schema(tables: Vec<Table>) -> Schema {
        Schema {
            tables,
            ..Default::default()
        }
    }

    /// What the ops do, the checks after drops left out (see `check_after_drops`).
    fn kinds(ops: &[Op]) -> Vec<String> {
        ops.iter()
            .filter(|op| !matches!(op, Op::CheckViewsAndTriggers { .. }))
            .map(Op::describe)
            .collect()
    }

    #[test]
    fn add_column_restrictions_follow_the_docs() {
        let c = |nullable: bool, default: Option<&str>| Column {
            nullable,
            default: default.map(str::to_string),
            ..Column::new("c", "TEXT")
        };
        assert!(add_column_blocker(&c(true, None)).is_none());
        assert!(add_column_blocker(&c(false, Some("'x'"))).is_none());
        assert!(add_column_blocker(&c(false, None)).is_some());
        assert!(add_column_blocker(&c(true, Some("CURRENT_TIMESTAMP"))).is_some());
        assert!(add_column_blocker(&c(true, Some("1 + 2"))).is_some());
        let generated = |stored: bool| Column {
            generated: Some(Box::new(crate::schema::Generated {
                expression: "length(a)".into(),
                stored,
            })),
            ..Column::new("g", "INTEGER")
        };
        assert!(add_column_blocker(&generated(false)).is_none());
        assert!(add_column_blocker(&generated(true)).is_some());
    }

    #[test]
    fn drop_column_restrictions_follow_the_docs() {
        let mut t = table("t", &["id", "a", "b", "c", "d", "e", "f", "g"]);
        t.columns[7].generated = Some(Box::new(crate::schema::Generated {
            expression: "f * 2".into(),
            stored: false,
        }));
        t.indexes = vec![Index {
            parts: vec![IndexPart::column("A")],
            predicate: Some("b > 0".into()),
            ..Default::default()
        }];
        t.checks = vec![crate::schema::Check {
            name: None,
            expression: "c <> 'x'".into(),
        }];
        t.triggers = vec![Trigger {
            name: "tr".into(),
            sql: "CREATE TRIGGER tr AFTER UPDATE ON t BEGIN SELECT new.d; END".into(),
        }];
        let s = schema(vec![t.clone()]);
        for col in ["id", "a", "b", "c", "d", "f"] {
            assert!(drop_column_blocker(&t, col, &s).is_some(), "{col}");
        }
        assert!(drop_column_blocker(&t, "e", &s).is_none());
        // A generated column itself can go.
        assert!(drop_column_blocker(&t, "g", &s).is_none());
        assert!(mentions("\"user group\" > 0", "user group"));
        assert!(!mentions("abc > 0", "b"));
    }

    #[test]
    fn native_ops_stay_and_the_rest_becomes_one_rebuild() {
        let t = table("t", &["id", "a", "b"]);
        let mut wanted_t = table("t", &["id", "a", "c"]);
        wanted_t.columns[1].data_type = "TEXT".into();
        wanted_t.uniques = vec![Unique {
            name: None,
            columns: vec!["a".into()],
            column_options: Vec::new(),
            deferrable: Default::default(),
            nulls_not_distinct: false,
        }];
        let u = table("u", &["id", "x"]);
        let mut wanted_u = u.clone();
        wanted_u.columns.push(Column::new("y", "TEXT"));
        let current = schema(vec![t.clone(), u.clone()]);
        let wanted = schema(vec![wanted_t.clone(), wanted_u]);
        let q = QualifiedName::new("t");
        let ops = vec![
            Op::RenameColumn {
                table: q.clone(),
                from: "b".into(),
                to: "c".into(),
            },
            Op::AddColumn {
                table: QualifiedName::new("u"),
                column: Column::new("y", "TEXT"),
            },
            Op::AlterColumn {
                table: q.clone(),
                from: t.columns[1].clone(),
                to: wanted_t.columns[1].clone(),
            },
            Op::AddUnique {
                table: q,
                unique: wanted_t.uniques[0].clone(),
            },
        ];
        let lowered = lower(ops, &current, &wanted);
        assert_eq!(
            kinds(&lowered),
            vec![
                "add column u.y",
                "rebuild table t (copying its rows) to alter column a; change unique constraints",
                "rename column t.b to c",
            ]
        );
        let Op::RebuildTable {
            from, to, renames, ..
        } = &lowered[1]
        else {
            panic!()
        };
        assert_eq!(from, &t);
        let mut expected = wanted_t.clone();
        expected.columns[2].name = "b".into();
        assert_eq!(to, &expected, "the rebuild works under the old names");
        assert!(renames.is_empty());
    }

    #[test]
    fn identifiers_are_renamed_in_expressions_only_where_they_are_names() {
        assert_eq!(
            rename_identifier("c > 0 AND \"c\" <> 'c' AND c(1) AND cc", "C", "user id"),
            "\"user id\" > 0 AND \"user id\" <> 'c' AND c(1) AND cc"
        );
        assert_eq!(
            rename_identifier("'it''s c' || c", "c", "d"),
            "'it''s c' || d"
        );
    }

    #[test]
    fn foreign_keys_fold_into_created_and_dropped_tables() {
        let a = table("a", &["id", "b_id"]);
        let b = table("b", &["id", "a_id"]);
        let fk = |t: &str| ForeignKey {
            columns: vec![format!("{t}_id")],
            ref_table: t.into(),
            ref_columns: vec!["id".into()],
            ..Default::default()
        };
        let ops = vec![
            Op::CreateTable(a.clone()),
            Op::CreateTable(b.clone()),
            Op::AddForeignKey {
                table: QualifiedName::new("a"),
                fk: fk("b"),
            },
        ];
        let lowered = lower(ops.clone(), &Schema::default(), &Schema::default());
        assert_eq!(lowered.len(), 3, "{lowered:?}");
        let Op::CreateTable(t) = &lowered[1] else {
            panic!()
        };
        assert_eq!(t.foreign_keys, vec![fk("b")]);
        let down = lower(
            crate::ops::reverse_all(&ops),
            &Schema::default(),
            &Schema::default(),
        );
        assert_eq!(
            kinds(&down),
            vec!["drop table b", "drop table a"],
            "{down:?}"
        );
        let Op::DropTable(t) = &down[1] else { panic!() };
        assert_eq!(t.foreign_keys, vec![fk("b")]);
    }

    #[test]
    fn each_direction_checks_views_and_triggers_after_its_last_drop() {
        let old = table("old", &["id"]);
        let new = table("new", &["id"]);
        // A table holding the first scratch name makes lowering pick another.
        let busy = table("revise_check_drops", &["id"]);
        let current = schema(vec![old.clone(), busy.clone()]);
        let wanted = schema(vec![new.clone(), busy]);
        let up = lower(
            vec![Op::CreateTable(new.clone()), Op::DropTable(old.clone())],
            &current,
            &wanted,
        );
        let check = |dropped: &str, runs: bool| Op::CheckViewsAndTriggers {
            dropped: vec![QualifiedName::new(dropped)],
            scratch: [
                "revise_check_drops_2".to_string(),
                "revise_checked_drops".to_string(),
            ],
            runs,
        };
        assert_eq!(
            up,
            vec![
                check("new", false),
                Op::CreateTable(new.clone()),
                Op::DropTable(old.clone()),
                check("old", true),
            ]
        );
        // Reversed, each check follows the drops of its direction.
        assert_eq!(
            crate::ops::reverse_all(&up),
            vec![
                check("old", false),
                Op::CreateTable(old),
                Op::DropTable(new),
                check("new", true),
            ]
        );
        assert!(up[0].is_inert() && !up[3].is_inert());
        // Nothing created or dropped: no check.
        let t = table("t", &["id"]);
        let add = Op::AddColumn {
            table: QualifiedName::new("t"),
            column: Column::new("c", "TEXT"),
        };
        assert_eq!(
            lower(
                vec![add.clone()],
                &schema(vec![t.clone()]),
                &schema(vec![t])
            ),
            vec![add]
        );
    }

    #[test]
    fn tables_keyed_on_a_rebuilt_table_are_created_after_and_dropped_before_it() {
        let parents = table("parents", &["id", "code"]);
        let mut keyed = parents.clone();
        keyed.uniques = vec![Unique {
            name: None,
            columns: vec!["code".into()],
            column_options: Vec::new(),
            deferrable: Default::default(),
            nulls_not_distinct: false,
        }];
        let mut children = table("children", &["id", "parent_code"]);
        children.foreign_keys = vec![ForeignKey {
            columns: vec!["parent_code".into()],
            ref_table: "parents".into(),
            ref_columns: vec!["code".into()],
            ..Default::default()
        }];
        let add_unique = Op::AddUnique {
            table: QualifiedName::new("parents"),
            unique: keyed.uniques[0].clone(),
        };
        let up = lower(
            vec![Op::CreateTable(children.clone()), add_unique.clone()],
            &schema(vec![parents.clone()]),
            &schema(vec![keyed.clone(), children.clone()]),
        );
        assert_eq!(
            kinds(&up),
            vec![
                "rebuild table parents (copying its rows) to change unique constraints",
                "create table children"
            ]
        );
        let down = lower(
            crate::ops::reverse_all(&[Op::CreateTable(children.clone()), add_unique]),
            &schema(vec![keyed.clone(), children]),
            &schema(vec![parents]),
        );
        assert_eq!(
            kinds(&down),
            vec![
                "drop table children",
                "rebuild table parents (copying its rows) to change unique constraints"
            ]
        );
    }

    #[test]
    fn a_rebuild_waits_for_the_tables_its_keys_reference() {
        let t = table("t", &["id", "p_id"]);
        let mut wanted_t = t.clone();
        wanted_t.indexes = vec![];
        wanted_t.foreign_keys = vec![ForeignKey {
            columns: vec!["p_id".into()],
            ref_table: "p".into(),
            ref_columns: vec!["id".into()],
            ..Default::default()
        }];
        let mut current_t = t.clone();
        current_t.indexes = vec![Index {
            name: Some("ix".into()),
            parts: vec![IndexPart::column("p_id")],
            ..Default::default()
        }];
        let p = table("p", &["id"]);
        let ops = vec![
            Op::DropIndex {
                table: QualifiedName::new("t"),
                index: current_t.indexes[0].clone(),
            },
            Op::CreateTable(p.clone()),
            Op::AddForeignKey {
                table: QualifiedName::new("t"),
                fk: wanted_t.foreign_keys[0].clone(),
            },
        ];
        let lowered = lower(ops, &schema(vec![current_t]), &schema(vec![wanted_t, p]));
        assert_eq!(
            kinds(&lowered),
            vec![
                "create table p",
                "rebuild table t (copying its rows) to change foreign keys"
            ]
        );
    }

    #[test]
    fn a_moved_rebuild_takes_its_renames_along() {
        let mut current_t = table("t", &["id", "p_id", "old"]);
        current_t.indexes = vec![Index {
            name: Some("ix".into()),
            parts: vec![IndexPart::column("p_id")],
            ..Default::default()
        }];
        let mut wanted_t = table("t", &["id", "p_id", "new"]);
        wanted_t.foreign_keys = vec![ForeignKey {
            columns: vec!["p_id".into()],
            ref_table: "p".into(),
            ref_columns: vec!["id".into()],
            ..Default::default()
        }];
        let p = table("p", &["id"]);
        let t = QualifiedName::new("t");
        let ops = vec![
            Op::RenameColumn {
                table: t.clone(),
                from: "old".into(),
                to: "new".into(),
            },
            Op::DropIndex {
                table: t.clone(),
                index: current_t.indexes[0].clone(),
            },
            Op::CreateTable(p.clone()),
            Op::AddForeignKey {
                table: t,
                fk: wanted_t.foreign_keys[0].clone(),
            },
        ];
        let lowered = lower(ops, &schema(vec![current_t]), &schema(vec![wanted_t, p]));
        assert_eq!(
            kinds(&lowered),
            vec![
                "create table p",
                "rebuild table t (copying its rows) to change foreign keys",
                "rename column t.old to new"
            ]
        );
    }

    #[test]
    fn rebuild_keeps_database_names_and_triggers() {
        let mut from = table("t", &["id", "a"]);
        from.uniques = vec![Unique {
            name: Some("uq_a".into()),
            columns: vec!["a".into()],
            column_options: Vec::new(),
            deferrable: Default::default(),
            nulls_not_distinct: false,
        }];
        from.indexes = vec![Index {
            name: Some("ix_a".into()),
            parts: vec![IndexPart::column("a")],
            ..Default::default()
        }];
        from.triggers = vec![Trigger {
            name: "tr".into(),
            sql: "CREATE TRIGGER tr ...".into(),
        }];
        let mut to = from.clone();
        to.uniques[0].name = None;
        to.indexes[0].name = None;
        to.triggers.clear();
        to.columns[1].data_type = "TEXT".into();
        let Op::RebuildTable { to, .. } = rebuild(&from, &to, Default::default()) else {
            panic!()
        };
        assert_eq!(to.uniques[0].name.as_deref(), Some("uq_a"));
        assert_eq!(to.indexes[0].name.as_deref(), Some("ix_a"));
        assert_eq!(to.triggers, from.triggers);
    }
}
