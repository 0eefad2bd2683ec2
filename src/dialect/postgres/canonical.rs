//! Canonicalization: the server rewrites model expressions (checks, index
//! expressions and predicates, column defaults and generation expressions)
//! into its own deparsed text, which no Rust-side rule can predict in general
//! (`rating BETWEEN 1 AND 5` is stored as `((rating >= 1) AND (rating <= 5))`).
//! Index operator classes go the same way: the catalog names a part's class
//! only when it is not its type's default, so `(title text_ops)` in the models
//! settles to no class at all; an index is sent when the live table uses none
//! of its classes on that part.
//!
//! Only expressions whose text is not already found in the live schema are
//! sent. They are applied to temporary copies of their tables inside a
//! transaction that is always rolled back, so the database is left as it was:
//! `BEGIN`, then per round one `DO` block and one query reading everything
//! back, `ROLLBACK`; no statement at all when nothing needs it. Each
//! expression is tried in its own sub-block: one the server rejects is left as
//! written (the upgrade will report the error).
//!
//! Deparsed text is not always stable when parsed again (`status IN ('a')` on
//! a varchar column deparses to a cast array, which deparses differently the
//! second time), so rounds repeat until the text stops changing (at most
//! [`MAX_ROUNDS`]). A database holds one of those iterates: the first when it
//! was built from the model's own DDL, a later one when from rendered text.
//! The model takes the iterate the database holds, else the last one, which is
//! what rendering it will store. A model check written the way the database
//! stores it (copied from `pg_dump`) never deparses back to that text; such a
//! check is matched by deparsing the database's checks as well (a second
//! rolled-back transaction, only when a model check matched nothing).

use std::collections::BTreeMap;

use super::lex;
use super::names::{quote_if_needed, type_sql};
use super::render::{index_body, quote_string, render_op};
use super::types::{is_settled_default, normalize_default};
use crate::dialect::{Database, TextRow, execute_or};
use crate::error::{Error, Result};
use crate::ops::Op;
use crate::schema::{Index, Schema, Table, missing};

/// One expression (or index) of the model to hand to the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    /// `model.tables[table].checks[check]`.
    Check { table: usize, check: usize },
    /// `model.tables[table].indexes[index]`, parts and predicate.
    Index { table: usize, index: usize },
    /// The default of `model.tables[table].columns[column]`.
    Default { table: usize, column: usize },
    /// The generation expression of `model.tables[table].columns[column]`.
    Generated { table: usize, column: usize },
}

impl Item {
    fn table(self) -> usize {
        match self {
            Item::Check { table, .. }
            | Item::Index { table, .. }
            | Item::Default { table, .. }
            | Item::Generated { table, .. } => table,
        }
    }
}

/// Deparse rounds at most; every expression seen so far is stable by the second.
pub const MAX_ROUNDS: usize = 4;

/// Puts the model's expressions into the server's canonical text.
pub fn canonicalize(db: &mut dyn Database, model: &mut Schema, current: &Schema) -> Result<()> {
    let items = plan(model, current);
    if items.is_empty() {
        return Ok(());
    }
    let iterates = deparse(db, model, current, &items)?;
    let mut unmatched = Vec::new();
    for item in &items {
        let held = iterates.iter().find(|s| in_current(s, current, *item));
        if let Some(s) = held.or(iterates.last()) {
            copy_item(s, model, *item);
        }
        if held.is_none() && matches!(item, Item::Check { .. }) {
            unmatched.push(*item);
        }
    }
    adopt_equivalent_checks(db, model, current, &unmatched)
}

/// The rounds of [`rounds`] in a transaction that is always rolled back: the
/// temporary tables and types must not survive.
fn deparse(
    db: &mut dyn Database,
    model: &Schema,
    current: &Schema,
    items: &[Item],
) -> Result<Vec<Schema>> {
    execute_or(db, "BEGIN", "canonicalizing model expressions")?;
    let iterates = rounds(db, model, current, items);
    let rolled_back = execute_or(db, "ROLLBACK", "rolling back the canonicalization");
    let iterates = iterates?;
    rolled_back?;
    Ok(iterates)
}

/// A model check no iterate of which the database holds may still be one of
/// its checks in another iterate: a model copied from `pg_dump` or `revise
/// schema` spells a varchar `IN` list the way the database stores it, and
/// deparsing that text gives the next iterate, never the stored one. The
/// database's checks on those tables are deparsed the same way; a model check
/// whose settled text equals a database check's takes that check's text.
fn adopt_equivalent_checks(
    db: &mut dyn Database,
    model: &mut Schema,
    current: &Schema,
    unmatched: &[Item],
) -> Result<()> {
    let mut probe = model.clone();
    let mut probes = Vec::new();
    let mut tables: Vec<usize> = unmatched.iter().map(|i| i.table()).collect();
    tables.dedup();
    for &ti in &tables {
        let live = current.table(&probe.tables[ti].qualified());
        let checks = live.map(|t| t.checks.clone()).unwrap_or_default();
        probes.extend((0..checks.len()).map(|check| Item::Check { table: ti, check }));
        probe.tables[ti].checks = checks;
    }
    if probes.is_empty() {
        return Ok(());
    }
    let settled = deparse(db, &probe, current, &probes)?;
    let Some(settled) = settled.last() else {
        return Ok(());
    };
    for item in unmatched {
        let Item::Check { table, check } = *item else {
            continue;
        };
        let text = &model.tables[table].checks[check].expression;
        let same = settled.tables[table]
            .checks
            .iter()
            .position(|c| &c.expression == text);
        if let Some(i) = same {
            model.tables[table].checks[check].expression =
                probe.tables[table].checks[i].expression.clone();
        }
    }
    Ok(())
}

/// Deparses until the text stops changing; one schema per round.
fn rounds(
    db: &mut dyn Database,
    model: &Schema,
    current: &Schema,
    items: &[Item],
) -> Result<Vec<Schema>> {
    let fail = |m: String| Error::database("canonicalizing model expressions", m);
    let mut iterates: Vec<Schema> = Vec::new();
    let mut work = model.clone();
    let mut pending: Vec<usize> = (0..items.len()).collect();
    for round in 0..MAX_ROUNDS {
        let block = do_block(&work, current, items, &pending, round);
        db.execute(&block).map_err(fail)?;
        let rows = db.query(&read_back(round)).map_err(fail)?;
        let mut next = work.clone();
        apply(&mut next, items, &pending, &rows, round);
        pending.retain(|&n| item_text(&next, items[n]) != item_text(&work, items[n]));
        iterates.push(next.clone());
        work = next;
        if pending.is_empty() {
            break;
        }
    }
    Ok(iterates)
}

/// The text of an item, for telling whether a round changed it.
fn item_text(s: &Schema, item: Item) -> String {
    match item {
        Item::Check { table, check } => s.tables[table].checks[check].expression.clone(),
        Item::Default { table, column } => s.tables[table].columns[column]
            .default
            .clone()
            .unwrap_or_default(),
        Item::Index { table, index } => {
            let i = &s.tables[table].indexes[index];
            format!("{:?} {:?}", i.parts, i.predicate)
        }
        Item::Generated { table, column } => generation(&s.tables[table].columns[column]),
    }
}

fn generation(c: &crate::schema::Column) -> String {
    c.generated
        .as_ref()
        .map(|g| g.expression.clone())
        .unwrap_or_default()
}

/// Whether the live table holds this item exactly as `s` spells it.
fn in_current(s: &Schema, current: &Schema, item: Item) -> bool {
    let t = &s.tables[item.table()];
    let Some(live) = current.table(&t.qualified()) else {
        return false;
    };
    match item {
        Item::Check { check, .. } => {
            let e = &t.checks[check].expression;
            live.checks.iter().any(|c| &c.expression == e)
        }
        Item::Default { column, .. } => {
            let c = &t.columns[column];
            live.column(&c.name).is_some_and(|l| l.default == c.default)
        }
        Item::Index { index, .. } => {
            let i = &t.indexes[index];
            live.indexes
                .iter()
                .any(|l| l.parts == i.parts && l.predicate == i.predicate)
        }
        Item::Generated { column, .. } => {
            let c = &t.columns[column];
            live.column(&c.name)
                .is_some_and(|l| l.generated.is_some() && generation(l) == generation(c))
        }
    }
}

fn copy_item(from: &Schema, to: &mut Schema, item: Item) {
    match item {
        Item::Check { table, check } => {
            to.tables[table].checks[check].expression =
                from.tables[table].checks[check].expression.clone();
        }
        Item::Default { table, column } => {
            to.tables[table].columns[column].default =
                from.tables[table].columns[column].default.clone();
        }
        Item::Index { table, index } => {
            let (src, dst) = (
                &from.tables[table].indexes[index],
                &mut to.tables[table].indexes[index],
            );
            dst.parts = src.parts.clone();
            dst.predicate = src.predicate.clone();
        }
        Item::Generated { table, column } => {
            let expression = generation(&from.tables[table].columns[column]);
            if let Some(g) = &mut to.tables[table].columns[column].generated {
                g.expression = expression;
            }
        }
    }
}

/// Finds what needs the server, adopting on the way the cheap matches: the
/// live text wrapped in parentheses, or without them.
fn plan(model: &mut Schema, current: &Schema) -> Vec<Item> {
    let mut items = Vec::new();
    for (ti, t) in model.tables.iter_mut().enumerate() {
        let live = current.table(&t.qualified());
        let known_check =
            |e: &str| live.is_some_and(|c| c.checks.iter().any(|x| x.expression == e));
        for (ci, k) in t.checks.iter_mut().enumerate() {
            match adopt(&k.expression, known_check) {
                Some(e) => k.expression = e,
                None => items.push(Item::Check {
                    table: ti,
                    check: ci,
                }),
            }
        }
        let known_part = |e: &str| {
            live.is_some_and(|c| {
                c.indexes
                    .iter()
                    .any(|i| i.parts.iter().any(|p| p.expression && p.value == e))
            })
        };
        let known_predicate = |e: &str| {
            live.is_some_and(|c| c.indexes.iter().any(|i| i.predicate.as_deref() == Some(e)))
        };
        // An operator class the live table uses on that part is settled; any
        // other may be its type's default, which the server leaves unnamed.
        let known_opclass = |p: &crate::schema::IndexPart| {
            live.is_some_and(|c| {
                c.indexes.iter().any(|i| {
                    i.parts
                        .iter()
                        .any(|l| l.opclass == p.opclass && l.value == p.value)
                })
            })
        };
        for (ii, index) in t.indexes.iter_mut().enumerate() {
            let mut settled = index
                .parts
                .iter()
                .all(|p| p.opclass.is_none() || known_opclass(p));
            for p in index.parts.iter_mut().filter(|p| p.expression) {
                match adopt(&p.value, known_part) {
                    Some(e) => p.value = e,
                    None => settled = false,
                }
            }
            if let Some(pred) = &mut index.predicate {
                match adopt(pred, known_predicate) {
                    Some(e) => *pred = e,
                    None => settled = false,
                }
            }
            if !settled {
                items.push(Item::Index {
                    table: ti,
                    index: ii,
                });
            }
        }
        for (coi, c) in t.columns.iter_mut().enumerate() {
            if let Some(g) = &mut c.generated {
                let known = |e: &str| {
                    live.and_then(|l| l.column(&c.name))
                        .and_then(|l| l.generated.as_ref())
                        .is_some_and(|lg| lg.expression == e)
                };
                match adopt(&g.expression, known) {
                    Some(e) => g.expression = e,
                    None => items.push(Item::Generated {
                        table: ti,
                        column: coi,
                    }),
                }
            }
            let Some(d) = &c.default else { continue };
            let live_default = live
                .and_then(|l| l.column(&c.name))
                .and_then(|l| l.default.as_deref());
            if !is_settled_default(d, &c.data_type) && live_default != Some(d.as_str()) {
                items.push(Item::Default {
                    table: ti,
                    column: coi,
                });
            }
        }
    }
    items
}

/// `expr` itself, parenthesized, or unparenthesized, whichever `known` has.
fn adopt(expr: &str, known: impl Fn(&str) -> bool) -> Option<String> {
    let candidates = [
        expr.to_string(),
        format!("({expr})"),
        lex::strip_outer_parens(expr).to_string(),
    ];
    candidates.into_iter().find(|c| known(c))
}

fn temp_table(table: usize) -> String {
    format!("pg_temp.revise_canon_{table}")
}

/// The `DO` block of one round: the first also builds the temporary tables;
/// each applies the items still changing, every statement in a sub-block that
/// swallows its error.
fn do_block(
    model: &Schema,
    current: &Schema,
    items: &[Item],
    pending: &[usize],
    round: usize,
) -> String {
    let mut statements: Vec<String> = Vec::new();
    if round == 0 {
        statements.extend(setup(model, current, items));
    }
    for &n in pending {
        statements.push(item_sql(model, round, n, items[n]));
    }
    let body: String = statements
        .iter()
        .map(|s| {
            format!(
                "BEGIN EXECUTE {}; EXCEPTION WHEN OTHERS THEN NULL; END;\n",
                quote_string(s)
            )
        })
        .collect();
    // A dollar-quote tag that the body cannot contain.
    let mut tag = "$revise$".to_string();
    let mut n = 0;
    while body.contains(&tag) {
        n += 1;
        tag = format!("$revise{n}$");
    }
    format!("DO {tag}\nBEGIN\n{body}END\n{tag}")
}

/// The enum types and temporary tables every round works on.
fn setup(model: &Schema, current: &Schema, items: &[Item]) -> Vec<String> {
    let mut statements: Vec<String> = Vec::new();
    // The statements that create an object the models add, as a revision
    // would (they cannot fail to render on PostgreSQL).
    let create = |op: Op| render_op(&super::Postgres, &op).unwrap_or_default();
    // The copies' columns need the extensions the models add (their types,
    // functions and operator classes); all of it is rolled back with the round.
    for e in missing(&model.extensions, &current.extensions, |a, b| {
        a.name == b.name
    }) {
        statements.extend(create(Op::CreateExtension(e.clone())));
    }
    // And their sequences, for defaults that draw from them.
    for q in missing(&model.sequences, &current.sequences, |a, b| {
        a.qualified() == b.qualified()
    }) {
        statements.extend(create(Op::CreateSequence(q.clone())));
    }
    // Enum types the models add must exist for the copies' columns.
    for e in &model.enums {
        if current.enums.iter().any(|c| c.qualified() == e.qualified()) {
            continue;
        }
        if let Some(s) = &e.schema {
            statements.push(format!(
                "CREATE SCHEMA IF NOT EXISTS {}",
                quote_if_needed(s)
            ));
        }
        let values: Vec<String> = e.values.iter().map(|v| quote_string(v)).collect();
        statements.push(format!(
            "CREATE TYPE {} AS ENUM ({})",
            type_sql(e.schema.as_deref(), &e.name),
            values.join(", ")
        ));
    }
    // Then the domains the models add (one may be based on those enums),
    // which columns use as types.
    for d in missing(&model.domains, &current.domains, |a, b| {
        a.qualified() == b.qualified()
    }) {
        statements.extend(create(Op::CreateDomain(d.clone())));
    }
    // And the composite types the models add, for columns of them.
    let composites = missing(&model.composites, &current.composites, |a, b| {
        a.qualified() == b.qualified()
    })
    .collect();
    for c in crate::diff::in_dependency_order(composites) {
        statements.extend(create(Op::CreateComposite(c)));
    }
    let mut tables: Vec<usize> = items.iter().map(|i| i.table()).collect();
    tables.dedup();
    for &ti in &tables {
        statements.extend(copy_table(ti, &model.tables[ti]));
    }
    statements
}

/// A column-only copy; each column alone, so one unknown type spoils only itself.
fn copy_table(ti: usize, t: &Table) -> Vec<String> {
    let name = temp_table(ti);
    let mut out = vec![format!("CREATE TEMP TABLE {name} ()")];
    for c in &t.columns {
        out.push(format!(
            "ALTER TABLE {name} ADD COLUMN {} {}",
            quote_if_needed(&c.name),
            c.data_type
        ));
    }
    out
}

/// The name of item `n`'s constraint or index in `round`.
fn object_name(kind: &str, round: usize, n: usize) -> String {
    format!("revise_r{round}_{kind}_{n}")
}

fn item_sql(model: &Schema, round: usize, n: usize, item: Item) -> String {
    match item {
        Item::Check { table, check } => format!(
            "ALTER TABLE {} ADD CONSTRAINT {} CHECK ({})",
            temp_table(table),
            object_name("check", round, n),
            model.tables[table].checks[check].expression
        ),
        Item::Index { table, index } => {
            let i: &Index = &model.tables[table].indexes[index];
            format!(
                "CREATE INDEX {} ON {}{}",
                object_name("index", round, n),
                temp_table(table),
                index_body(i)
            )
        }
        Item::Default { table, column } => {
            let c = &model.tables[table].columns[column];
            format!(
                "ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {}",
                temp_table(table),
                quote_if_needed(&c.name),
                c.default.as_deref().unwrap_or("NULL")
            )
        }
        // A column of its own: the copy's columns are plain, and a generation
        // expression can only be given when a column is added.
        Item::Generated { table, column } => {
            let c = &model.tables[table].columns[column];
            format!(
                "ALTER TABLE {} ADD COLUMN {} {} GENERATED ALWAYS AS ({}) STORED",
                temp_table(table),
                object_name("generated", round, n),
                c.data_type,
                generation(c)
            )
        }
    }
}

/// Everything a round produced, in the catalog's text:
/// (kind, object, detail, attname, text, operator class of an index part
/// when not its type's default).
fn read_back(round: usize) -> String {
    let prefix = format!("'revise\\_r{round}\\_%'");
    format!(
        "SELECT 'c'::text, con.conname::text, NULL::text, NULL::text, pg_get_constraintdef(con.oid)::text, NULL::text \
         FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_class c ON c.oid = con.conrelid \
         WHERE c.relnamespace = pg_my_temp_schema() AND con.conname LIKE {prefix} AND con.contype = 'c' \
         UNION ALL \
         SELECT 'd', c.relname::text, a.attname::text, NULL, pg_get_expr(ad.adbin, ad.adrelid)::text, NULL \
         FROM pg_catalog.pg_attrdef ad JOIN pg_catalog.pg_class c ON c.oid = ad.adrelid \
         JOIN pg_catalog.pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum \
         WHERE c.relnamespace = pg_my_temp_schema() AND c.relname LIKE 'revise\\_canon\\_%' \
         UNION ALL \
         SELECT 'i', ic.relname::text, k.n::text, a.attname::text, pg_get_indexdef(i.indexrelid, k.n, true)::text, \
         (SELECT oc.opcname::text FROM pg_catalog.pg_opclass oc WHERE oc.oid = i.indclass[k.n - 1] AND NOT oc.opcdefault) \
         FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid \
         CROSS JOIN generate_series(1, i.indnkeyatts) AS k(n) \
         LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid \
           AND a.attnum = i.indkey[k.n - 1] AND i.indkey[k.n - 1] <> 0 \
         WHERE ic.relnamespace = pg_my_temp_schema() AND ic.relname LIKE {prefix} \
         UNION ALL \
         SELECT 'p', ic.relname::text, NULL, NULL, pg_get_expr(i.indpred, i.indrelid)::text, NULL \
         FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid \
         WHERE ic.relnamespace = pg_my_temp_schema() AND ic.relname LIKE {prefix} \
         AND i.indpred IS NOT NULL"
    )
}

/// Writes a round's text into `model`; items the server rejected stay as they were.
fn apply(model: &mut Schema, items: &[Item], pending: &[usize], rows: &[TextRow], round: usize) {
    // (kind, object, detail) -> (attname, text, opclass)
    type Found = (Option<String>, String, Option<String>);
    let mut found: BTreeMap<(String, String, String), Found> = BTreeMap::new();
    for row in rows {
        let cell = |i: usize| row.get(i).cloned().flatten();
        if let (Some(kind), Some(object), Some(text)) = (cell(0), cell(1), cell(4)) {
            found.insert(
                (kind, object, cell(2).unwrap_or_default()),
                (cell(3), text, cell(5)),
            );
        }
    }
    let get = |kind: &str, object: String, detail: String| {
        found.get(&(kind.to_string(), object, detail)).cloned()
    };
    for &n in pending {
        match items[n] {
            Item::Check { table, check } => {
                if let Some((_, def, _)) = get("c", object_name("check", round, n), String::new())
                    && let Some(body) = lex::check_body(&def)
                {
                    model.tables[table].checks[check].expression = body.to_string();
                }
            }
            Item::Default { table, column } => {
                let object = format!("revise_canon_{table}");
                let c = &mut model.tables[table].columns[column];
                if let Some((_, text, _)) = get("d", object, c.name.clone()) {
                    c.default = normalize_default(&text, &c.data_type);
                }
            }
            Item::Generated { table, column } => {
                let object = format!("revise_canon_{table}");
                let found = get("d", object, object_name("generated", round, n));
                if let (Some((_, text, _)), Some(g)) =
                    (found, &mut model.tables[table].columns[column].generated)
                {
                    g.expression = text;
                }
            }
            Item::Index { table, index } => {
                let name = object_name("index", round, n);
                let i = &mut model.tables[table].indexes[index];
                let parts: Vec<_> = (1..=i.parts.len())
                    .map(|k| get("i", name.clone(), k.to_string()))
                    .collect();
                if parts.iter().any(Option::is_none) {
                    continue;
                }
                for (p, (column, text, opclass)) in
                    i.parts.iter_mut().zip(parts.into_iter().flatten())
                {
                    match column {
                        Some(column) => {
                            p.expression = false;
                            p.value = column;
                        }
                        None => {
                            p.expression = true;
                            p.value = text;
                        }
                    }
                    p.opclass = opclass;
                }
                if i.predicate.is_some()
                    && let Some((_, text, _)) = get("p", name, String::new())
                {
                    i.predicate = Some(text);
                }
            }
        }
    }
}
