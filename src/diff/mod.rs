//! Schema x Schema -> ops: what turns the current schema into the wanted one.
//!
//! Pure, and it never names a dialect: both schemas arrive normalized, and the
//! little dialect knowledge it needs (how names compare, what narrows a type)
//! comes through [`Compare`]. Ops come out in an order every database accepts:
//!
//! 0. create the schemas and extensions the models need (their types may be
//!    used below);
//! 1. drop foreign keys that go or change, then indexes, uniques and checks;
//! 2. drop tables (referencing ones first; keys in a cycle dropped separately);
//!    rename keys and indexes whose definition stays (after the drops, so a
//!    new name may be one a dropped object had);
//! 3. create and alter enums, create domains, create composite types (after
//!    the domains and enums their attributes may use, and after one another)
//!    then alter existing ones' attributes, create sequences;
//! 4. create tables (referenced ones first; a key in a cycle, or one that
//!    references a key this list adds to an existing table, added afterwards,
//!    as one on a key it drops is dropped before it in step 1);
//! 5. add, alter and drop columns; primary keys;
//! 6. add uniques, indexes and checks, then foreign keys; comments;
//! 7. drop enums.
//!
//! Reversing the list (see [`crate::ops::reverse_all`]) keeps it valid.

mod order;
mod rename;

use std::collections::{BTreeMap, BTreeSet};

use crate::ops::{EnumUsage, Op};
use crate::schema::{
    Column, Composite, EnumType, ForeignKey, Index, QualifiedName, Schema, Table, missing,
};

pub use order::{changes_key_type, key_columns, wrap_foreign_keys};
pub use rename::{Rename, rename_candidates, renamed, resolve as resolve_rename};

/// The dialect knowledge the diff needs.
pub trait Compare {
    /// The key names are matched by: the name itself where the database is
    /// case-sensitive, a folded form where it is not.
    fn name_key(&self, name: &str) -> String {
        name.to_string()
    }

    /// The key table and schema names are matched by. The default is
    /// [`Compare::name_key`]; a database may fold these names and not others
    /// (MySQL folds column names always, table names by a server setting).
    fn table_name_key(&self, name: &str) -> String {
        self.name_key(name)
    }

    /// Whether changing a column from `from` to `to` can lose data (a shorter
    /// string, a smaller integer, fewer digits).
    fn is_narrowing(&self, from: &Column, to: &Column) -> bool;

    /// Fills in what a wanted column leaves to the database from the current
    /// column it is matched with (renames followed): see
    /// [`crate::dialect::Dialect::adopt_database_choices`], which does the same
    /// before renames are known. The default leaves it as it is.
    fn adopt(&self, _current: &Column, _wanted: &mut Column) {}

    /// `expression` with column `from` renamed `to`, as the database rewrites
    /// the checks, index expressions and generation expressions that use a
    /// column it renames. The default leaves the text as it is.
    fn rename_in_expression(&self, expression: &str, _from: &str, _to: &str) -> String {
        expression.to_string()
    }

    /// Whether an index's comment can change in place (PostgreSQL's
    /// `COMMENT ON INDEX`), so an index that differs only in its comment is
    /// altered ([`Op::AlterIndex`]) rather than built again. The default is
    /// false: MySQL keeps the comment in the index definition.
    fn alters_index_comment(&self) -> bool {
        false
    }
}

/// Decisions the diff takes as given.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// Tables and columns to treat as renamed rather than dropped and added.
    pub renames: Vec<Rename>,
}

/// The ops that turn `current` into `wanted`.
pub fn diff(
    current: &Schema,
    wanted: &Schema,
    options: &DiffOptions,
    cmp: &dyn Compare,
) -> Vec<Op> {
    let mut plan = Plan::default();

    // Renames first: afterwards the current schema uses the new names, and the
    // rest of the comparison sees an ordinary change. Only then is a copy needed.
    let current = with_renames(current, &options.renames, cmp, &mut plan.renames);
    let current = current.as_ref();

    let cur = tables_by_key(current, cmp);
    let want = tables_by_key(wanted, cmp);

    diff_schemas(current, wanted, &mut plan);
    diff_standalone_objects(current, wanted, cmp, &mut plan);
    diff_enums(current, wanted, &mut plan);

    let dropped: Vec<&Table> = cur
        .iter()
        .filter(|(k, _)| !want.contains_key(*k))
        .map(|(_, t)| *t)
        .collect();
    let created: Vec<&Table> = want
        .iter()
        .filter(|(k, _)| !cur.contains_key(*k))
        .map(|(_, t)| *t)
        .collect();
    order::drop_tables(&dropped, cmp, &mut plan.drop_fks, &mut plan.drop_tables);
    order::create_tables(&created, cmp, &mut plan.create_tables, &mut plan.add_fks);

    for (k, w) in &want {
        if let Some(c) = cur.get(k) {
            diff_table(c, w, cmp, &mut plan);
        }
    }
    let keys: Vec<&Op> = plan.keys.iter().chain(&plan.add_others).collect();
    order::wait_for_keys(&mut plan.create_tables, &keys, cmp, &mut plan.add_fks);
    let keys: Vec<&Op> = plan.drop_others.iter().collect();
    order::wait_for_keys(&mut plan.drop_tables, &keys, cmp, &mut plan.drop_fks);
    plan.into_ops()
}

/// Ops grouped by phase; see the module docs for the order.
#[derive(Default)]
struct Plan {
    schemas: Vec<Op>,
    extensions: Vec<Op>,
    renames: Vec<Op>,
    drop_fks: Vec<Op>,
    drop_others: Vec<Op>,
    drop_tables: Vec<Op>,
    rename_keys: Vec<Op>,
    enums: Vec<Op>,
    domains: Vec<Op>,
    composites: Vec<Op>,
    sequences: Vec<Op>,
    create_tables: Vec<Op>,
    columns: Vec<Op>,
    keys: Vec<Op>,
    add_others: Vec<Op>,
    add_fks: Vec<Op>,
    comments: Vec<Op>,
    drop_enums: Vec<Op>,
}

impl Plan {
    fn into_ops(self) -> Vec<Op> {
        [
            self.schemas,
            self.extensions,
            self.renames,
            self.drop_fks,
            self.drop_others,
            self.drop_tables,
            self.rename_keys,
            self.enums,
            self.domains,
            self.composites,
            self.sequences,
            self.create_tables,
            self.columns,
            self.keys,
            self.add_others,
            self.add_fks,
            self.comments,
            self.drop_enums,
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// `current` as `renames` leave it (the ops they make pushed onto `ops`):
/// what the rest of the comparison sees, and where a source silent about an
/// object takes it from, so a renamed table or column keeps its indexes,
/// keys, checks and defaults. No copy when nothing is renamed.
pub fn with_renames<'a>(
    current: &'a Schema,
    renames: &[Rename],
    cmp: &dyn Compare,
    ops: &mut Vec<Op>,
) -> std::borrow::Cow<'a, Schema> {
    if renames.is_empty() {
        return std::borrow::Cow::Borrowed(current);
    }
    let mut renamed = current.clone();
    for r in renames {
        rename::apply(&mut renamed, r, cmp, ops);
    }
    std::borrow::Cow::Owned(renamed)
}

/// Tables of `schema` by the key they are matched by.
pub fn tables_by_key<'a>(
    schema: &'a Schema,
    cmp: &dyn Compare,
) -> BTreeMap<(Option<String>, String), &'a Table> {
    schema
        .tables
        .iter()
        .map(|t| (table_key(cmp, &t.qualified()), t))
        .collect()
}

/// The key tables are matched by.
pub fn table_key(cmp: &dyn Compare, q: &QualifiedName) -> (Option<String>, String) {
    (
        q.schema.as_ref().map(|s| cmp.table_name_key(s)),
        cmp.table_name_key(&q.name),
    )
}

/// Schemas the models need and the database lacks; as with extensions, one
/// the models leave out is not dropped.
fn diff_schemas(current: &Schema, wanted: &Schema, plan: &mut Plan) {
    let existing = current.named_schemas();
    for s in wanted.named_schemas() {
        if !existing.contains(s) {
            plan.schemas.push(Op::CreateSchema(s.to_string()));
        }
    }
}

/// Extensions, domains and sequences the models list and the database lacks.
/// One the models leave out is not dropped: the database may carry an
/// extension for other tools (`pg_stat_statements`), as a Diesel model
/// leaves indexes alone. Domains come after the enums they may be based on,
/// sequences and domains before the tables that use them (see [`Plan`]).
/// Sequence names compare as table names do: MariaDB keeps sequences
/// among its tables.
fn diff_standalone_objects(current: &Schema, wanted: &Schema, cmp: &dyn Compare, plan: &mut Plan) {
    plan.extensions.extend(
        missing(&wanted.extensions, &current.extensions, |a, b| {
            a.name == b.name
        })
        .cloned()
        .map(Op::CreateExtension),
    );
    plan.domains.extend(
        missing(&wanted.domains, &current.domains, |a, b| {
            a.qualified() == b.qualified()
        })
        .cloned()
        .map(Op::CreateDomain),
    );
    let composites: Vec<&Composite> = missing(&wanted.composites, &current.composites, |a, b| {
        a.qualified() == b.qualified()
    })
    .collect();
    plan.composites
        .extend(in_dependency_order(composites).map(Op::CreateComposite));
    // After the creates: an added attribute may be of a new composite type.
    for w in &wanted.composites {
        if let Some(c) = current
            .composites
            .iter()
            .find(|c| c.qualified() == w.qualified())
            && !c.same_attributes(w)
        {
            plan.composites.push(Op::AlterComposite {
                from: c.clone(),
                to: w.clone(),
            });
        }
    }
    plan.sequences.extend(
        missing(&wanted.sequences, &current.sequences, |a, b| {
            table_key(cmp, &a.qualified()) == table_key(cmp, &b.qualified())
        })
        .cloned()
        .map(Op::CreateSequence),
    );
}

/// Composite types ordered so that one whose attribute uses another of the
/// list (`line AS (a pt, b pt)`) comes after it; otherwise in the given
/// order. A cycle cannot be created by PostgreSQL at all, so the remaining
/// types are then kept as they are and the server reports it.
pub fn in_dependency_order(mut rest: Vec<&Composite>) -> impl Iterator<Item = Composite> {
    let mut out: Vec<Composite> = Vec::with_capacity(rest.len());
    while !rest.is_empty() {
        let ready = rest.iter().position(|c| {
            !c.attributes.iter().any(|a| {
                rest.iter()
                    .any(|o| o.qualified() != c.qualified() && type_names(&a.ty, o))
            })
        });
        let i = ready.unwrap_or(0);
        out.push(rest.remove(i).clone());
    }
    out.into_iter()
}

/// Whether type text `ty` (as a column or attribute writes it: maybe
/// qualified, an array, with a `COLLATE`) is composite `c`.
pub fn type_names(ty: &str, c: &Composite) -> bool {
    let base = ty.split(" COLLATE ").next().unwrap_or(ty).trim();
    let base = base.split('[').next().unwrap_or(base).trim();
    let unquote = |s: &str| s.trim_matches('"').to_string();
    match base.rsplit_once('.') {
        Some((schema, name)) => {
            unquote(name) == c.name && c.schema.as_deref() == Some(unquote(schema).as_str())
        }
        None => unquote(base) == c.name && c.schema.is_none(),
    }
}

fn diff_enums(current: &Schema, wanted: &Schema, plan: &mut Plan) {
    let find = |s: &Schema, e: &EnumType| {
        s.enums
            .iter()
            .find(|x| x.qualified() == e.qualified())
            .cloned()
    };
    for w in &wanted.enums {
        match find(current, w) {
            None => plan.enums.push(Op::CreateEnum(w.clone())),
            Some(c) if c.values != w.values => {
                let usages = enum_usages(current, &c);
                plan.enums.push(Op::AlterEnum {
                    from: c,
                    to: w.clone(),
                    usages,
                    dependents: Vec::new(),
                    rebuild: false,
                });
            }
            Some(_) => {}
        }
    }
    for c in &current.enums {
        if find(wanted, c).is_none() {
            plan.drop_enums.push(Op::DropEnum(c.clone()));
        }
    }
}

/// Columns whose type is enum `e` (matched by its name, qualified or not).
fn enum_usages(schema: &Schema, e: &EnumType) -> Vec<EnumUsage> {
    let names: Vec<String> = match &e.schema {
        Some(s) => vec![format!("{s}.{}", e.name), format!("\"{s}\".\"{}\"", e.name)],
        None => vec![e.name.clone(), format!("\"{}\"", e.name)],
    };
    let mut out = Vec::new();
    for t in &schema.tables {
        for c in &t.columns {
            if names.contains(&c.data_type) {
                out.push(EnumUsage {
                    table: t.qualified(),
                    column: c.clone(),
                });
            }
        }
    }
    out
}

/// Whether a wanted object's name agrees with a current one: names the models
/// leave out match anything (the database chose them).
fn names_agree(cmp: &dyn Compare, current: &Option<String>, wanted: &Option<String>) -> bool {
    match (current, wanted) {
        (_, None) => true,
        (Some(c), Some(w)) => cmp.name_key(c) == cmp.name_key(w),
        (None, Some(_)) => false,
    }
}

/// Keys on the same columns that point at the same table (whatever their
/// names, target columns, actions and timing).
pub fn same_fk_path(cmp: &dyn Compare, a: &ForeignKey, b: &ForeignKey) -> bool {
    same_columns(cmp, &a.columns, &b.columns)
        && a.ref_schema.as_ref().map(|s| cmp.table_name_key(s))
            == b.ref_schema.as_ref().map(|s| cmp.table_name_key(s))
        && cmp.table_name_key(&a.ref_table) == cmp.table_name_key(&b.ref_table)
}

/// The same column list, in order, as `cmp` compares names.
pub fn same_columns(cmp: &dyn Compare, a: &[String], b: &[String]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| cmp.name_key(x) == cmp.name_key(y))
}

fn same_index(cmp: &dyn Compare, c: &Index, w: &Index) -> bool {
    names_agree(cmp, &c.name, &w.name) && same_index_but_name(cmp, c, w)
}

/// The same index, perhaps under another name.
fn same_index_but_name(cmp: &dyn Compare, c: &Index, w: &Index) -> bool {
    same_index_definition(cmp, c, w) && c.ignored == w.ignored && c.comment == w.comment
}

/// The same index, perhaps under another name, perhaps ignored (MySQL's
/// `IGNORED`) where the other is not and perhaps with another comment: the
/// same index to build.
fn same_index_definition(cmp: &dyn Compare, c: &Index, w: &Index) -> bool {
    c.unique == w.unique
        && c.predicate == w.predicate
        && c.method == w.method
        && c.nulls_not_distinct == w.nulls_not_distinct
        && same_columns(cmp, &c.include, &w.include)
        && c.parts.len() == w.parts.len()
        && c.parts.iter().zip(&w.parts).all(|(a, b)| {
            a.expression == b.expression
                && a.descending == b.descending
                && a.nulls_first == b.nulls_first
                && a.opclass == b.opclass
                && if a.expression {
                    a.value == b.value
                } else {
                    cmp.name_key(&a.value) == cmp.name_key(&b.value)
                }
        })
}

fn same_fk(cmp: &dyn Compare, c: &ForeignKey, w: &ForeignKey) -> bool {
    same_fk_but_timing(cmp, c, w) && c.deferrable == w.deferrable
}

/// The same key, perhaps checked at another time (`DEFERRABLE`): a change
/// that alters the key rather than replacing it.
fn same_fk_but_timing(cmp: &dyn Compare, c: &ForeignKey, w: &ForeignKey) -> bool {
    names_agree(cmp, &c.name, &w.name)
        && same_fk_path(cmp, c, w)
        && same_columns(cmp, &c.ref_columns, &w.ref_columns)
        && c.on_delete == w.on_delete
        && c.on_update == w.on_update
}

/// Takes out of `gone` and `new` the pairs that differ only by name, both
/// named (`same` compares all but the name): the models rename the object.
fn renamed_pairs<'a, T>(
    gone: &mut Vec<&'a T>,
    new: &mut Vec<&'a T>,
    named: impl Fn(&T) -> bool,
    same: impl Fn(&T, &T) -> bool,
) -> Vec<(&'a T, &'a T)> {
    take_pairs(gone, new, |c, w| named(c) && named(w) && same(c, w))
}

/// Takes out of `gone` and `new` the pairs `pair` matches (each new item
/// with the first gone one it matches): objects the models change in place
/// rather than replace.
fn take_pairs<'a, T>(
    gone: &mut Vec<&'a T>,
    new: &mut Vec<&'a T>,
    pair: impl Fn(&T, &T) -> bool,
) -> Vec<(&'a T, &'a T)> {
    let mut pairs = Vec::new();
    new.retain(|w| match gone.iter().position(|c| pair(c, w)) {
        Some(i) => {
            pairs.push((gone.remove(i), *w));
            false
        }
        None => true,
    });
    pairs
}

/// Pairs current and wanted items with `same`; returns (current unmatched, wanted unmatched).
fn match_items<'a, T>(
    current: &'a [T],
    wanted: &'a [T],
    same: impl Fn(&T, &T) -> bool,
) -> (Vec<&'a T>, Vec<&'a T>) {
    let mut used = vec![false; current.len()];
    let mut added = Vec::new();
    for w in wanted {
        match (0..current.len()).find(|&i| !used[i] && same(&current[i], w)) {
            Some(i) => used[i] = true,
            None => added.push(w),
        }
    }
    let removed = current
        .iter()
        .zip(used)
        .filter(|(_, u)| !u)
        .map(|(c, _)| c)
        .collect();
    (removed, added)
}

/// `cols` split into the plain columns and the generated ones, each in order.
fn plain_then_generated(cols: &[Column]) -> (Vec<&Column>, Vec<&Column>) {
    cols.iter().partition(|col| col.generated.is_none())
}

fn diff_table(c: &Table, w: &Table, cmp: &dyn Compare, plan: &mut Plan) {
    let q = c.qualified();

    // Columns: add, alter, drop; a changed column is always one alter.
    let cur_cols: BTreeMap<String, &Column> = c
        .columns
        .iter()
        .map(|col| (cmp.name_key(&col.name), col))
        .collect();
    let want_keys: BTreeSet<String> = w
        .columns
        .iter()
        .map(|col| cmp.name_key(&col.name))
        .collect();
    // A generated column is added after the plain ones and dropped before
    // them: its expression may read a column added or dropped beside it, and
    // the database refuses an expression over a column that is not there yet
    // (PostgreSQL: `column "t" does not exist`) or a drop from under one
    // (`cannot drop column t ... because other objects depend on it`).
    let (plain, generated) = plain_then_generated(&w.columns);
    for wc in plain.into_iter().chain(generated) {
        match cur_cols.get(&cmp.name_key(&wc.name)) {
            None => plan.columns.push(Op::AddColumn {
                table: q.clone(),
                column: wc.clone(),
            }),
            Some(cc) => {
                let mut to = wc.clone();
                to.name = cc.name.clone();
                cmp.adopt(cc, &mut to);
                // Identity options only shape a sequence being created: an
                // existing one is never compared (its state moves on), but
                // they stay on `to` for an identity this alter adds.
                let options =
                    std::mem::replace(&mut to.identity_options, cc.identity_options.clone());
                let changed = **cc != to;
                to.identity_options = options;
                if changed {
                    plan.columns.push(Op::AlterColumn {
                        table: q.clone(),
                        from: (*cc).clone(),
                        to,
                    });
                }
            }
        }
    }
    let (plain, generated) = plain_then_generated(&c.columns);
    for cc in generated.into_iter().chain(plain) {
        if !want_keys.contains(&cmp.name_key(&cc.name)) {
            plan.columns.push(Op::DropColumn {
                table: q.clone(),
                column: cc.clone(),
            });
        }
    }

    // Primary key.
    let pk_same = match (&c.primary_key, &w.primary_key) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            names_agree(cmp, &a.name, &b.name)
                && same_columns(cmp, &a.columns, &b.columns)
                && a.column_options == b.column_options
                && a.deferrable == b.deferrable
        }
        _ => false,
    };
    let pk_renamed = match (&c.primary_key, &w.primary_key) {
        (Some(a), Some(b)) if !pk_same => {
            a.name.is_some()
                && b.name.is_some()
                && same_columns(cmp, &a.columns, &b.columns)
                && a.column_options == b.column_options
                && a.deferrable == b.deferrable
        }
        _ => false,
    };
    if pk_renamed && let (Some(a), Some(b)) = (&c.primary_key, &w.primary_key) {
        plan.rename_keys.push(Op::RenamePrimaryKey {
            table: q.clone(),
            from: a.clone(),
            to: b.clone(),
        });
    } else if !pk_same {
        if let Some(k) = &c.primary_key {
            plan.drop_others.push(Op::DropPrimaryKey {
                table: q.clone(),
                key: k.clone(),
            });
        }
        if let Some(k) = &w.primary_key {
            plan.keys.push(Op::AddPrimaryKey {
                table: q.clone(),
                key: k.clone(),
            });
        }
    }

    // A unique constraint that changes when it is checked is dropped and added:
    // PostgreSQL alters only foreign keys in place ("ALTER TABLE", ALTER CONSTRAINT).
    let same_unique = |a: &crate::schema::Unique, b: &crate::schema::Unique| {
        same_columns(cmp, &a.columns, &b.columns)
            && a.column_options == b.column_options
            && a.deferrable == b.deferrable
            && a.nulls_not_distinct == b.nulls_not_distinct
    };
    let (mut gone, mut new) = match_items(&c.uniques, &w.uniques, |a, b| {
        names_agree(cmp, &a.name, &b.name) && same_unique(a, b)
    });
    let renamed = renamed_pairs(&mut gone, &mut new, |u| u.name.is_some(), same_unique);
    plan.rename_keys
        .extend(renamed.into_iter().map(|(a, b)| Op::RenameUnique {
            table: q.clone(),
            from: a.clone(),
            to: b.clone(),
        }));
    plan.drop_others
        .extend(gone.into_iter().map(|u| Op::DropUnique {
            table: q.clone(),
            unique: u.clone(),
        }));
    plan.add_others
        .extend(new.into_iter().map(|u| Op::AddUnique {
            table: q.clone(),
            unique: u.clone(),
        }));

    let (mut gone, mut new) = match_items(&c.indexes, &w.indexes, |a, b| same_index(cmp, a, b));
    let renamed = renamed_pairs(
        &mut gone,
        &mut new,
        |i| i.name.is_some(),
        |a, b| same_index_but_name(cmp, a, b),
    );
    plan.rename_keys
        .extend(renamed.into_iter().map(|(a, b)| Op::RenameIndex {
            table: q.clone(),
            from: a.clone(),
            to: b.clone(),
        }));
    // An index that only turns ignored, or is used again, or (where the
    // database can) only changes its comment, is altered in place rather
    // than built again; it keeps its name.
    let flipped = take_pairs(&mut gone, &mut new, |c, w| {
        names_agree(cmp, &c.name, &w.name)
            && same_index_definition(cmp, c, w)
            && (c.comment == w.comment || cmp.alters_index_comment())
    });
    plan.rename_keys
        .extend(flipped.into_iter().map(|(a, b)| Op::AlterIndex {
            table: q.clone(),
            from: a.clone(),
            to: Index {
                name: b.name.clone().or_else(|| a.name.clone()),
                ..b.clone()
            },
        }));
    plan.drop_others
        .extend(gone.into_iter().map(|i| Op::DropIndex {
            table: q.clone(),
            index: i.clone(),
        }));
    plan.add_others
        .extend(new.into_iter().map(|i| Op::CreateIndex {
            table: q.clone(),
            index: i.clone(),
        }));

    let (gone, new) = match_items(&c.checks, &w.checks, |a, b| {
        names_agree(cmp, &a.name, &b.name) && a.expression == b.expression
    });
    plan.drop_others
        .extend(gone.into_iter().map(|k| Op::DropCheck {
            table: q.clone(),
            check: k.clone(),
        }));
    plan.add_others
        .extend(new.into_iter().map(|k| Op::AddCheck {
            table: q.clone(),
            check: k.clone(),
        }));

    let (mut gone, mut new) =
        match_items(&c.foreign_keys, &w.foreign_keys, |a, b| same_fk(cmp, a, b));
    let retimed = take_pairs(&mut gone, &mut new, |c, w| same_fk_but_timing(cmp, c, w));
    plan.add_fks
        .extend(retimed.into_iter().map(|(c, w)| Op::AlterForeignKey {
            table: q.clone(),
            from: c.clone(),
            to: ForeignKey {
                name: w.name.clone().or_else(|| c.name.clone()),
                ..w.clone()
            },
        }));
    plan.drop_fks
        .extend(gone.into_iter().map(|f| Op::DropForeignKey {
            table: q.clone(),
            fk: f.clone(),
        }));
    plan.add_fks
        .extend(new.into_iter().map(|f| Op::AddForeignKey {
            table: q.clone(),
            fk: f.clone(),
        }));

    if c.options() != w.options() {
        plan.columns.push(Op::SetTableOptions {
            table: q.clone(),
            from: c.options(),
            to: w.options(),
        });
    }
    // Only where both sides name one: a source that names none leaves the
    // database's (MySQL adopts it; other databases have no table collation).
    if let (Some(from), Some(to)) = (&c.collation, &w.collation)
        && from != to
    {
        plan.columns.push(Op::SetTableCollation {
            table: q.clone(),
            from: from.clone(),
            to: to.clone(),
        });
    }
    // Likewise the storage engine (MySQL's; the models of other databases
    // name none): a table the models give none keeps the database's.
    // Engine names ignore case in `ENGINE=`.
    if let (Some(from), Some(to)) = (&c.engine, &w.engine)
        && !from.eq_ignore_ascii_case(to)
    {
        plan.columns.push(Op::SetTableEngine {
            table: q.clone(),
            from: from.clone(),
            to: to.clone(),
        });
    }
    if c.comment != w.comment {
        plan.comments.push(Op::SetTableComment {
            table: q,
            from: c.comment.clone(),
            to: w.comment.clone(),
        });
    }
}

/// A comparison that matches names exactly and never calls a change narrowing:
/// for tests and for schemas that were not normalized by a dialect.
pub struct ExactCompare;

impl Compare for ExactCompare {
    fn is_narrowing(&self, _from: &Column, _to: &Column) -> bool {
        false
    }
}

#[cfg(test)]
mod tests;
