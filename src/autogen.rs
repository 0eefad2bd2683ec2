//! Autogenerate: introspect the live database, normalize it and the models with
//! the dialect, diff, lower, reverse and render upgrade and downgrade SQL.
//!
//! Rename decisions are not taken here: [`Comparison::rename_candidates`] hands
//! them to the caller (which may ask the user) and [`Comparison::generate`]
//! takes the answers. Nothing here prints or writes files.

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::dialect::{Database, Dialect, IntrospectOptions, Side};
use crate::diff::{
    Compare, DiffOptions, Rename, diff, rename_candidates, resolve_rename, same_columns,
    same_fk_path, table_key, tables_by_key,
};
use crate::error::{Error, Result};
use crate::ops::{Op, reverse_all};
use crate::schema::{Column, RelationKind, Schema, Table};
use crate::source::{FamilyMatch, Loaded};
use crate::url::DialectKind;

/// What to compare, from `[autogenerate]` and `[runner]`.
#[derive(Debug, Clone, Default)]
pub struct AutogenSettings {
    /// PostgreSQL schemas besides the default one.
    pub schemas: Vec<String>,
    /// Table-name globs left out on both sides.
    pub exclude: Vec<String>,
    /// The version table (it and its log are never part of the diff).
    pub version_table: String,
}

/// Both schemas, normalized and ready to diff.
pub struct Comparison {
    dialect: &'static dyn Dialect,
    /// The live database.
    pub current: Schema,
    /// The models.
    pub wanted: Schema,
    /// What the caller should tell the user about the comparison itself, one
    /// line each (a model table the database has as a view, left alone).
    pub warnings: Vec<String>,
    /// Tables of a source silent about indexes (Diesel) whose indexes a
    /// companion SQL file describes: the database's others on them go.
    indexes_from_companion: Vec<crate::schema::QualifiedName>,
}

/// A generated migration.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    /// Upgrade ops (lowered for the dialect).
    pub upgrade: Vec<Op>,
    /// Downgrade ops: the upgrade reversed.
    pub downgrade: Vec<Op>,
    /// Upgrade SQL, statements terminated, data-loss warnings as comments.
    pub upgrade_sql: String,
    /// Downgrade SQL.
    pub downgrade_sql: String,
    /// Why the upgrade loses data, one line per op that does.
    pub upgrade_data_loss: Vec<String>,
    /// Why the downgrade loses data.
    pub downgrade_data_loss: Vec<String>,
    /// Why the upgrade fails on tables that hold rows, one line per op that can.
    pub upgrade_fails_on_rows: Vec<String>,
    /// Why the downgrade fails on tables that hold rows.
    pub downgrade_fails_on_rows: Vec<String>,
    /// Why the revision must run outside a transaction, if an op in either
    /// direction cannot share one (see [`Dialect::outside_transaction`]).
    pub outside_transaction: Option<&'static str>,
}

impl Generated {
    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.upgrade.is_empty()
    }
}

/// Reads the live schema and normalizes both sides. `model` is what the model
/// sources read, with what they are silent about.
pub fn compare(
    db: &mut dyn Database,
    model: Loaded,
    settings: &AutogenSettings,
) -> Result<Comparison> {
    let current = introspect(db, settings)?;
    compare_with(db, current, model, settings)
}

/// The live schema without version tables: revise's own and other migration
/// tools' (raw: not normalized).
pub fn introspect(db: &mut dyn Database, settings: &AutogenSettings) -> Result<Schema> {
    db.introspect(&IntrospectOptions {
        schemas: settings.schemas.clone(),
        exclude_tables: bookkeeping(settings),
    })
}

/// The version tables of other migration tools: a project moving to revise
/// keeps them for a while, and no model describes them, so autogenerate would
/// otherwise drop them.
const OTHER_TOOLS_TABLES: &[&str] = &[
    "__diesel_schema_migrations",
    "alembic_version",
    "_sqlx_migrations",
    "refinery_schema_history",
    "seaql_migrations",
    "flyway_schema_history",
    // Rails (and Ecto, golang-migrate, dbmate), Django, goose, Liquibase:
    // the databases teams bring to a Rust rewrite.
    "schema_migrations",
    "ar_internal_metadata",
    "django_migrations",
    "goose_db_version",
    "databasechangelog",
    "databasechangeloglock",
];

/// Tables never diffed: revise's version table and log, and other tools'.
fn bookkeeping(settings: &AutogenSettings) -> Vec<String> {
    let mut tables = vec![
        settings.version_table.clone(),
        format!("{}_log", settings.version_table),
    ];
    tables.extend(OTHER_TOOLS_TABLES.iter().map(|t| t.to_string()));
    tables
}

/// Like [`compare`] with the live schema already read by [`introspect`]: the
/// caller may read the models meanwhile, on another thread.
pub fn compare_with(
    db: &mut dyn Database,
    current: Schema,
    model: Loaded,
    settings: &AutogenSettings,
) -> Result<Comparison> {
    compare_renaming(db, current, model, settings, &[])
}

/// Like [`compare_with`], once rename decisions are known (see
/// [`Comparison::rename_candidates`], [`Comparison::resolve_renames`]):
/// what the models are silent about is then taken from the database as the
/// renames leave it, so a renamed table or column keeps the indexes, keys,
/// checks and defaults a Diesel `schema.rs` cannot state. Pass the same
/// renames to [`Comparison::generate`].
pub fn compare_renaming(
    db: &mut dyn Database,
    mut current: Schema,
    model: Loaded,
    settings: &AutogenSettings,
    renames: &[Rename],
) -> Result<Comparison> {
    let dialect = db.dialect();
    let silence = model.silence;
    let origins = model.origins;
    let mut wanted = model.schema;
    // Globs match names as the database compares them: `Tmp_*` leaves out
    // `tmp_x` where table names ignore case (SQLite, MySQL on some servers).
    let cmp = dialect.compare(&current);
    let excluded = exclusions(&settings.exclude, &bookkeeping(settings), cmp)?;
    let is_excluded = |t: &Table| {
        excluded.is_match(cmp.table_name_key(&t.name))
            || excluded.is_match(cmp.table_name_key(&t.qualified().to_string()))
    };
    // Excluded tables stay in the database: the models' keys may point at them.
    let mut outside = Schema {
        tables: current
            .tables
            .iter()
            .filter(|t| is_excluded(t))
            .cloned()
            .collect(),
        ..Default::default()
    };
    for s in [&mut current, &mut wanted] {
        s.tables.retain(|t| !is_excluded(t));
    }
    // The models' default schema is the one their unqualified names land in
    // on this connection, which only the database can say.
    wanted.default_schema = current.default_schema.clone();
    outside.default_schema = current.default_schema.clone();
    dialect.normalize(&mut current, Side::Database);
    dialect.normalize(&mut outside, Side::Database);
    let mut warnings = leave_alone_views(&mut wanted, &current, dialect, cmp);
    dialect.normalize(&mut wanted, Side::Model);
    refuse_unread_schemas(&wanted, settings, dialect)?;
    refuse_tables_told_apart_by_case(&mut wanted, &current, cmp)?;
    refuse_dangling_references(&wanted, &outside, settings, cmp, &origins)?;
    outside
        .tables
        .extend(leave_out_unprinted(&mut current, &wanted, &silence, cmp));
    let indexes_from_companion = indexes_from_companion(&wanted);
    // Renames sort as `Comparison::lowered` takes them: tables first.
    let mut renames = renames.to_vec();
    renames.sort_by_key(|r| matches!(r, Rename::Column { .. }));
    let source = crate::diff::with_renames(&current, &renames, cmp, &mut Vec::new());
    warnings.extend(dialect.adopt_database_choices(&mut wanted, &source));
    fill_silence(
        &mut wanted,
        &source,
        &silence,
        dialect.kind(),
        cmp,
        &settings.schemas,
    )?;
    drop(source);
    // Only an enum the models leave out can be dropped: the catalog is asked
    // who else uses enums only then.
    let some_enum_goes = current
        .enums
        .iter()
        .any(|e| !wanted.enums.iter().any(|w| w.qualified() == e.qualified()));
    let elsewhere = if !some_enum_goes {
        Vec::new()
    } else {
        db.enums_used_elsewhere(&IntrospectOptions {
            schemas: settings.schemas.clone(),
            exclude_tables: Vec::new(),
        })?
    };
    keep_enums_used_outside(&mut wanted, &current, &outside, &elsewhere);
    db.canonicalize(&mut wanted, &current)?;
    Ok(Comparison {
        dialect,
        current,
        wanted,
        warnings,
        indexes_from_companion,
    })
}

/// A model foreign key must point at a table the models define (or one left
/// out of the comparison that the database has) and at columns that table
/// has: otherwise the revision would fail half-way at upgrade, or drop the
/// table the key needs. Keys into schemas the comparison does not read are
/// the user's business.
fn refuse_dangling_references(
    wanted: &Schema,
    outside: &Schema,
    settings: &AutogenSettings,
    cmp: &dyn Compare,
    origins: &crate::source::Origins,
) -> Result<()> {
    let models = tables_by_key(wanted, cmp);
    let kept = tables_by_key(outside, cmp);
    // Where the models define `t` (`schema.json:14 (tables[2])`), looked up
    // as names compare: normalization may have left out a default schema.
    let origin = |t: &Table| {
        let key = table_key(cmp, &t.qualified());
        origins
            .tables
            .iter()
            .find(|(name, _)| {
                table_key(cmp, name) == key
                    || (name.schema.is_some()
                        && t.schema.is_none()
                        && cmp.table_name_key(&name.name) == cmp.table_name_key(&t.name))
            })
            .map(|(_, at)| format!("{at}: "))
            .unwrap_or_default()
    };
    for t in &wanted.tables {
        for fk in &t.foreign_keys {
            let target = fk.ref_qualified();
            if target
                .schema
                .as_ref()
                .is_some_and(|s| !settings.schemas.contains(s))
            {
                continue;
            }
            let key = table_key(cmp, &target);
            let what = || {
                format!(
                    "{}table {}: foreign key ({}) references {target}",
                    origin(t),
                    t.qualified(),
                    fk.columns.join(", ")
                )
            };
            let Some(parent) = models.get(&key).or_else(|| kept.get(&key)) else {
                return Err(Error::Usage(format!(
                    "{}, which the models do not define; add the table to the models or fix the reference",
                    what()
                )));
            };
            let missing = fk.ref_columns.iter().find(|c| {
                !parent
                    .columns
                    .iter()
                    .any(|x| cmp.name_key(&x.name) == cmp.name_key(c))
            });
            if let Some(c) = missing {
                return Err(Error::Usage(format!(
                    "{} ({}), and table {target} has no column {c}; fix the reference",
                    what(),
                    fk.ref_columns.join(", ")
                )));
            }
        }
    }
    Ok(())
}

/// Model tables the database has as a view (PostgreSQL: also a materialized
/// view or a foreign table; see [`Schema::other_relations`]) are left alone:
/// Diesel's `table!` is written for views too, and creating the table would
/// fail (`relation ... already exists`), while views are not compared. Such a
/// table leaves the models with its keys and indexes, and so do the models'
/// foreign keys that point at it (no database can create one on a view; a
/// key to a view the models do not describe stays, and is refused as one to
/// a table they lack). Runs before the models are normalized, so that what
/// normalizing derives from those keys (MySQL's index for a foreign key) goes
/// with them; names are taken as normalizing spells them, then matched as
/// the diff matches tables. Returns one warning per table.
fn leave_alone_views(
    wanted: &mut Schema,
    current: &Schema,
    dialect: &dyn Dialect,
    cmp: &dyn Compare,
) -> Vec<String> {
    if current.other_relations.is_empty() {
        return Vec::new();
    }
    let tables = tables_by_key(current, cmp);
    let views: std::collections::BTreeMap<_, _> = current
        .other_relations
        .iter()
        .map(|r| (table_key(cmp, &r.name), r.kind))
        .filter(|(key, _)| !tables.contains_key(key))
        .collect();
    let default_schema = wanted.default_schema.clone();
    let model_name = |mut q: crate::schema::QualifiedName| {
        dialect.normalize_table_name(&mut q, default_schema.as_deref());
        q
    };
    let mut warnings = Vec::new();
    let mut shadows = Vec::new();
    let mut gone = std::collections::BTreeSet::new();
    wanted.tables.retain(|t| {
        let name = model_name(t.qualified());
        let key = table_key(cmp, &name);
        let Some(kind) = views.get(&key) else {
            return true;
        };
        // A virtual table comes with several shadow tables (SQLite): one
        // warning for them all.
        if *kind == RelationKind::ShadowTable {
            shadows.push(name.to_string());
        } else {
            warnings.push(format!(
                "models describe {name} as a table; the database has it as {}, which revise does not compare — left alone (add it to [autogenerate] exclude to silence this)",
                kind.describe()
            ));
        }
        gone.insert(key);
        false
    });
    if !shadows.is_empty() {
        warnings.push(format!(
            "models describe {} as tables; the database has them as shadow tables, which a virtual table's module creates and keeps — left alone (add them to [autogenerate] exclude to silence this)",
            shadows.join(", ")
        ));
    }
    if !gone.is_empty() {
        for t in &mut wanted.tables {
            t.foreign_keys
                .retain(|fk| !gone.contains(&table_key(cmp, &model_name(fk.ref_qualified()))));
        }
    }
    warnings
}

/// A model table, enum or `CREATE SCHEMA` in a schema the comparison does not
/// read would be created again by every run: refused, saying how to include it.
fn refuse_unread_schemas(
    wanted: &Schema,
    settings: &AutogenSettings,
    dialect: &dyn Dialect,
) -> Result<()> {
    let unread = |s: &Option<String>| {
        s.as_deref()
            .filter(|s| !settings.schemas.iter().any(|c| c == s))
            .map(str::to_string)
    };
    let found =
        wanted
            .tables
            .iter()
            .find_map(|t| unread(&t.schema).map(|s| (format!("table {}", t.qualified()), s)))
            .or_else(|| {
                wanted
                    .enums
                    .iter()
                    .find_map(|e| unread(&e.schema).map(|s| (format!("enum {}", e.qualified()), s)))
            })
            .or_else(|| {
                wanted.domains.iter().find_map(|d| {
                    unread(&d.schema).map(|s| (format!("domain {}", d.qualified()), s))
                })
            })
            .or_else(|| {
                wanted.composites.iter().find_map(|c| {
                    unread(&c.schema).map(|s| (format!("composite type {}", c.qualified()), s))
                })
            })
            .or_else(|| {
                wanted.sequences.iter().find_map(|q| {
                    unread(&q.schema).map(|s| (format!("sequence {}", q.qualified()), s))
                })
            })
            .map(|(what, schema)| (format!("define {what} in schema {schema}"), schema))
            .or_else(|| {
                wanted.schemas.iter().find_map(|s| {
                    unread(&Some(s.clone())).map(|s| (format!("create schema {s}"), s))
                })
            });
    let Some((what, schema)) = found else {
        return Ok(());
    };
    let fix = if dialect.compares_other_schemas() {
        format!("add \"{schema}\" to [autogenerate] schemas in the config")
    } else {
        format!(
            "{} compares only the database the URL names; write the name without `{schema}.`",
            dialect.kind()
        )
    };
    Err(Error::Usage(format!(
        "the models {what}, which the comparison does not read: {fix}"
    )))
}

/// Takes the database's rules for table names into the models, which are
/// compared (and displayed) under them, and refuses models with two tables
/// those rules do not tell apart (`users` and `Users` where table names fold):
/// the diff would silently keep one of them.
fn refuse_tables_told_apart_by_case(
    wanted: &mut Schema,
    current: &Schema,
    cmp: &dyn Compare,
) -> Result<()> {
    wanted.table_names_case_sensitive = current.table_names_case_sensitive;
    let mut seen: std::collections::BTreeMap<_, &crate::schema::Table> =
        std::collections::BTreeMap::new();
    for t in &wanted.tables {
        if let Some(first) = seen.insert(table_key(cmp, &t.qualified()), t) {
            return Err(Error::Usage(format!(
                "the models define tables {} and {}, whose names this database does not tell apart (they differ only in case); keep one",
                first.qualified(),
                t.qualified()
            )));
        }
    }
    Ok(())
}

/// Leaves out of the comparison the database tables that no model describes
/// because `diesel.toml` keeps them out of `schema.rs` (see
/// [`crate::source::Silence::leaves_out`]): they are not the models' to drop.
/// Returns the tables left out.
fn leave_out_unprinted(
    current: &mut Schema,
    wanted: &Schema,
    silence: &crate::source::Silence,
    cmp: &dyn Compare,
) -> Vec<Table> {
    if silence.diesel_filters.is_empty() {
        return Vec::new();
    }
    let described = tables_by_key(wanted, cmp);
    let (kept, left_out) = std::mem::take(&mut current.tables)
        .into_iter()
        .partition(|t| {
            let q = t.qualified();
            described.contains_key(&table_key(cmp, &q)) || !silence.leaves_out(&q)
        });
    current.tables = kept;
    left_out
}

/// An enum of the database that the models drop but a table outside the
/// comparison still uses (excluded by `[autogenerate] exclude`, kept out of
/// `schema.rs` by `diesel.toml`, or in a schema not read: `elsewhere`) stays:
/// `DROP TYPE` would fail, and the enum is not the models' to drop.
fn keep_enums_used_outside(
    wanted: &mut Schema,
    current: &Schema,
    outside: &Schema,
    elsewhere: &[crate::schema::QualifiedName],
) {
    let mut kept = false;
    for e in &current.enums {
        let q = e.qualified();
        if wanted.enums.iter().any(|w| w.qualified() == q) {
            continue;
        }
        let used = elsewhere.contains(&q)
            || outside
                .tables
                .iter()
                .flat_map(|t| &t.columns)
                .any(|c| names_type(&c.data_type, &q.to_string()));
        if used {
            wanted.enums.push(e.clone());
            kept = true;
        }
    }
    if kept {
        wanted.sort();
    }
}

/// Pairs each of the source's foreign keys with the database key of table
/// `current` it stands for: one with the same columns and target, the one of
/// the same name first, and no database key twice (a column may hold two keys
/// to one table, say one without actions and a named one that cascades).
fn pair_foreign_keys<'a>(
    current: &'a crate::schema::Table,
    listed: &[crate::schema::ForeignKey],
    cmp: &dyn Compare,
) -> Vec<Option<&'a crate::schema::ForeignKey>> {
    let mut taken = vec![false; current.foreign_keys.len()];
    let mut pairs = vec![None; listed.len()];
    let same_name = |x: &crate::schema::ForeignKey, fk: &crate::schema::ForeignKey| matches!((&x.name, &fk.name), (Some(a), Some(b)) if cmp.name_key(a) == cmp.name_key(b));
    for by_name in [true, false] {
        for (fk, pair) in listed.iter().zip(&mut pairs) {
            if pair.is_some() {
                continue;
            }
            let found = current.foreign_keys.iter().enumerate().find(|(i, x)| {
                !taken[*i] && same_fk_path(cmp, x, fk) && (!by_name || same_name(x, fk))
            });
            if let Some((i, x)) = found {
                taken[i] = true;
                *pair = Some(x);
            }
        }
    }
    pairs
}

/// Tables whose source is silent about some of their aspects (a Diesel
/// `table!`) but not about their indexes: a companion SQL file describes
/// them, fully, so a database index it leaves out is dropped.
fn indexes_from_companion(wanted: &Schema) -> Vec<crate::schema::QualifiedName> {
    wanted
        .tables
        .iter()
        .filter(|t| t.silent != crate::schema::Silent::default() && !t.silent.indexes)
        .map(|t| t.qualified())
        .collect()
}

/// Whether `text` (an expression) names `column` as a word, quoted or not;
/// a word inside a string literal counts too, which only keeps an object
/// out of the silent fill (it is then dropped and created around the change).
fn mentions_word(text: &str, column: &str, cmp: &dyn Compare) -> bool {
    let key = cmp.name_key(column);
    text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
        .any(|w| !w.is_empty() && cmp.name_key(w) == key)
}

/// Where the models are silent (see [`crate::schema::Silent`]), takes the
/// database's version, so the diff never drops or alters what the models could
/// not describe. Clears the silence hints afterwards: they are not schema.
/// `schemas` are those the comparison reads besides the default one
/// (`[autogenerate] schemas`), for saying why a type was not found.
pub fn fill_silence(
    wanted: &mut Schema,
    current: &Schema,
    silence: &crate::source::Silence,
    kind: DialectKind,
    cmp: &dyn Compare,
    schemas: &[String],
) -> Result<()> {
    let by_key = tables_by_key(current, cmp);
    // A database table the models drop: a key into it goes with it, or the
    // DROP TABLE would fail (PostgreSQL and MySQL refuse to drop a referenced
    // table; SQLite would leave the key pointing at nothing).
    let described: std::collections::BTreeSet<_> = wanted
        .tables
        .iter()
        .map(|t| table_key(cmp, &t.qualified()))
        .collect();
    let dropped = |q: &crate::schema::QualifiedName| {
        let key = table_key(cmp, q);
        by_key.contains_key(&key) && !described.contains(&key)
    };
    for w in &mut wanted.tables {
        let silent = std::mem::take(&mut w.silent);
        let families: Vec<Option<Box<str>>> =
            w.columns.iter_mut().map(|c| c.type_family.take()).collect();
        let current_table = by_key.get(&table_key(cmp, &w.qualified()));
        // A family whose type DDL cannot write (a MySQL `Varchar` without a
        // length, an `Enum` without values) takes its type from the
        // database's column, which must be of the family: anything else
        // would write `varchar`, `char(1)` or `binary(1)`.
        for (col, family) in w.columns.iter().zip(&families) {
            let Some(f) = family else { continue };
            let Some(u) = silence.unwritable.and_then(|un| un(kind, f)) else {
                continue;
            };
            let found = current_table.and_then(|c| {
                c.columns
                    .iter()
                    .find(|cc| cmp.name_key(&cc.name) == cmp.name_key(&col.name))
            });
            let member = |cc: &Column| {
                silence
                    .type_family
                    .is_some_and(|b| b(kind, &cc.data_type, f).is_member())
            };
            let whence = match found {
                Some(cc) if member(cc) => continue,
                Some(cc) => format!("the database's column is {}, not a `{f}`", cc.data_type),
                None if current_table.is_none() => {
                    "the database has no such table to take the type from".to_string()
                }
                None => "the database has no such column to take the type from".to_string(),
            };
            let fix = u.fix.map(|x| format!("{x}, or ")).unwrap_or_default();
            let restated = u.restatement(kind, &w.qualified().to_string(), &col.name, col.nullable);
            return Err(crate::error::Error::Usage(format!(
                "column {}.{}: schema.rs gives it Diesel's `{f}` type without {}, and {whence}; \
                 {fix}restate the column in a companion SQL file (sql = [...] beside diesel = ...): \
                 {restated}",
                w.qualified(),
                col.name,
                u.lacks,
            )));
        }
        let Some(c) = current_table else {
            continue;
        };
        // What the database has on a column the models drop is not kept: it
        // goes with the column, and as ops of its own, so that the downgrade
        // creates it again (the database would drop it silently).
        let gone: Vec<&str> = c
            .columns
            .iter()
            .filter(|cc| {
                !w.columns
                    .iter()
                    .any(|x| cmp.name_key(&x.name) == cmp.name_key(&cc.name))
            })
            .map(|cc| cc.name.as_str())
            .collect();
        let names_gone = |columns: &[String]| {
            columns
                .iter()
                .any(|n| gone.iter().any(|g| cmp.name_key(g) == cmp.name_key(n)))
        };
        let mentions_gone = |text: &str| gone.iter().any(|g| mentions_word(text, g, cmp));
        if silent.indexes {
            w.indexes = c
                .indexes
                .iter()
                .filter(|i| {
                    !names_gone(&i.include)
                        && !i.predicate.as_deref().is_some_and(mentions_gone)
                        && !i.parts.iter().any(|p| {
                            if p.expression {
                                mentions_gone(&p.value)
                            } else {
                                names_gone(std::slice::from_ref(&p.value))
                            }
                        })
                })
                .cloned()
                .collect();
        }
        if silent.uniques {
            w.uniques = c
                .uniques
                .iter()
                .filter(|u| !names_gone(&u.columns))
                .cloned()
                .collect();
        }
        if silent.checks {
            w.checks = c
                .checks
                .iter()
                .filter(|k| !mentions_gone(&k.expression))
                .cloned()
                .collect();
        }
        if silent.comments {
            w.comment = c.comment.clone();
        }
        if silent.table_options {
            w.strict = c.strict;
            w.without_rowid = c.without_rowid;
        }
        for (col, family) in w.columns.iter_mut().zip(families) {
            let Some(cc) = c
                .columns
                .iter()
                .find(|cc| cmp.name_key(&cc.name) == cmp.name_key(&col.name))
            else {
                continue;
            };
            // Filled only where the models say nothing: a column a companion
            // SQL file adds to a Diesel table keeps the default it gives.
            if silent.defaults
                && col.default.is_none()
                && col.generated.is_none()
                && col.on_update.is_none()
            {
                col.default = cc.default.clone();
                col.generated = cc.generated.clone();
                col.on_update = cc.on_update.clone();
                col.invisible = cc.invisible;
            }
            if silent.comments && col.comment.is_none() {
                col.comment = cc.comment.clone();
            }
            if silent.identity && col.identity.is_none() {
                col.identity = cc.identity;
                col.identity_options = cc.identity_options.clone();
            }
            if silent.domains
                && let Some(base) = domain_base(current, &cc.data_type)
                && (same_type(&col.data_type, base)
                    || family
                        .as_deref()
                        .zip(silence.type_family)
                        .is_some_and(|(f, belongs)| belongs(kind, base, f).is_member()))
            {
                // The domain's base type, as print-schema writes a domain
                // column: the column keeps its domain.
                col.data_type = cc.data_type.clone();
            }
            if let (Some(f), Some(belongs)) = (family, silence.type_family) {
                let found = belongs(kind, &cc.data_type, &f);
                if found.is_member() {
                    col.data_type = cc.data_type.clone();
                }
                if found == FamilyMatch::MemberNullable {
                    col.nullable = true;
                }
            }
            // The collation goes with the type: kept while the column stays
            // the same kind of type (`varchar(10)` to `varchar(20)` keeps
            // `COLLATE "C"`), not carried onto a column turned into another.
            if silent.collations
                && col.collation.is_none()
                && same_base_type(&col.data_type, &cc.data_type)
            {
                col.collation = cc.collation.clone();
            }
        }
        // The database key each of the source's own keys stands for.
        let pairs = pair_foreign_keys(c, &w.foreign_keys, cmp);
        if silent.foreign_keys {
            // Keys the source does not list stay; the listed ones are compared.
            // A database key no listed key stands for is replaced by a listed
            // key on its columns that stands for none (its target changed).
            let unpaired: Vec<&crate::schema::ForeignKey> = w
                .foreign_keys
                .iter()
                .zip(&pairs)
                .filter(|(_, p)| p.is_none())
                .map(|(fk, _)| fk)
                .collect();
            let mut kept = Vec::new();
            for cf in &c.foreign_keys {
                if pairs.iter().flatten().any(|p| std::ptr::eq(*p, cf)) {
                    continue;
                }
                let covered = unpaired
                    .iter()
                    .any(|fk| same_columns(cmp, &fk.columns, &cf.columns));
                if !covered && !names_gone(&cf.columns) && !dropped(&cf.ref_qualified()) {
                    kept.push(cf.clone());
                }
            }
            // Copies of the database's keys: their actions and timing are
            // the database's already.
            w.foreign_keys.extend(kept);
        }
        for (fk, cf) in w.foreign_keys.iter_mut().zip(pairs) {
            let Some(cf) = cf else { continue };
            if silent.fk_actions {
                fk.on_delete = cf.on_delete;
                fk.on_update = cf.on_update;
            }
            if silent.key_timing {
                fk.deferrable = cf.deferrable;
            }
        }
        if silent.key_timing
            && let (Some(wp), Some(cp)) = (&mut w.primary_key, &c.primary_key)
        {
            wp.deferrable = cp.deferrable;
        }
        // How the key collates and orders its columns (SQLite's `PRIMARY KEY
        // (name COLLATE NOCASE)`) stays the database's while its columns do:
        // dropped, it would let in rows the key now refuses.
        if silent.collations
            && let (Some(wp), Some(cp)) = (&mut w.primary_key, &c.primary_key)
            && wp.column_options.is_empty()
            && same_columns(cmp, &wp.columns, &cp.columns)
        {
            wp.column_options = cp.column_options.clone();
        }
    }
    // Custom types the models name without a definition (Diesel's
    // `postgres_type(name = ...)`): an enum keeps the database's labels; a
    // type the database has but not as an enum (a composite, a domain, an
    // extension's type) is compared by name and needs no definition. Only a
    // type neither side defines cannot be made from the models.
    if !silence.enum_values.is_empty() {
        for name in &silence.enum_values {
            let defined = wanted.enums.iter().any(|e| e.name == name.name);
            if defined {
                continue;
            }
            if let Some(e) = current.enums.iter().find(|e| e.name == name.name) {
                wanted.enums.push(e.clone());
                continue;
            }
            // A type an extension the models create would bring.
            let from_extension = wanted
                .extensions
                .iter()
                .any(|x| !current.extensions.iter().any(|c| c.name == x.name));
            if type_in_use(current, &name.name)
                || wanted.domains.iter().any(|d| d.name == name.name)
                || wanted.composites.iter().any(|c| c.name == name.name)
                || from_extension
            {
                continue;
            }
            return Err(Error::Usage(undefined_type(name, current, schemas)));
        }
        wanted.sort();
    }
    Ok(())
}

/// The error for custom type `name` (qualified as the models wrote it) that
/// neither the models nor the database define. When its schema is one the
/// comparison does not read, that is the likely reason, and what to do.
fn undefined_type(
    name: &crate::schema::QualifiedName,
    current: &Schema,
    schemas: &[String],
) -> String {
    // Only the database knows which schema is the default; without it
    // (offline) no schema is said to be unread.
    let unread = name.schema.as_deref().filter(|s| {
        current
            .default_schema
            .as_deref()
            .is_some_and(|d| d != *s && !schemas.iter().any(|c| c == s))
    });
    if let Some(s) = unread {
        return format!(
            "type {name} is named by the models (a custom SQL type of schema.rs), which do not define it, \
             and its schema {s} is not among the schemas the comparison reads, so the database's types there are not seen: \
             add \"{s}\" to [autogenerate] schemas in the config; if the database lacks the type there too, \
             declare it in a companion SQL file (sql = [...] beside diesel = ...): CREATE TYPE {name} AS ENUM (...);"
        );
    }
    format!(
        "type {name} is named by the models (a custom SQL type of schema.rs), which do not define it, and the database has no such type in use: \
         for an enum, declare it in a companion SQL file (sql = [...] beside diesel = ...): CREATE TYPE {name} AS ENUM (...); \
         for a domain, CREATE DOMAIN {name} AS ...; for a composite type, CREATE TYPE {name} AS (...); \
         for an extension's type, CREATE EXTENSION ..."
    )
}

/// Whether `schema` has a domain or composite type named `name` or a column
/// of type `name` (or an array of it): the type exists, whatever kind it is.
fn type_in_use(schema: &Schema, name: &str) -> bool {
    schema.domains.iter().any(|d| d.name == name)
        || schema.composites.iter().any(|c| c.name == name)
        || schema
            .tables
            .iter()
            .flat_map(|t| &t.columns)
            .any(|c| names_type(&c.data_type, name))
}

/// Whether column type text `data_type` is the type `name` (written bare,
/// schema-qualified or quoted) or an array of it.
fn names_type(data_type: &str, name: &str) -> bool {
    let mut t = data_type.trim();
    while let Some(inner) = t.strip_suffix("[]") {
        t = inner.trim_end();
    }
    let unquoted = |s: &str| s.replace('"', "");
    let t = unquoted(t);
    let name = unquoted(name);
    t == name || t.rsplit_once('.').is_some_and(|(_, n)| n == name)
}

/// The base type of the domain `data_type` names (`integer` for `posint`),
/// as `format_type` prints it at the head of the domain's definition.
fn domain_base<'a>(schema: &'a Schema, data_type: &str) -> Option<&'a str> {
    let d = schema.domains.iter().find(|d| {
        names_type(data_type, &d.qualified().to_string()) && !data_type.trim_end().ends_with(']')
    })?;
    let def = d.definition.trim();
    let end = [
        " DEFAULT ",
        " NOT NULL",
        " CONSTRAINT ",
        " CHECK ",
        " COLLATE ",
        " NULL",
    ]
    .iter()
    .filter_map(|k| def.to_ascii_uppercase().find(k))
    .min()
    .unwrap_or(def.len());
    Some(def[..end].trim())
}

/// Whether two (normalized) type texts are the same type, spelling aside.
fn same_type(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Whether two (normalized) column types are the same type apart from their
/// modifiers: `character varying(10)` and `character varying(20)`.
fn same_base_type(a: &str, b: &str) -> bool {
    let base = |t: &str| {
        let t = t.trim().to_ascii_lowercase();
        match (t.find('('), t.find(')')) {
            (Some(open), Some(close)) if open < close => {
                format!("{} {}", &t[..open], &t[close + 1..])
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            }
            _ => t,
        }
    };
    base(a) == base(b)
}

/// Compares two schemas without a database, normalizing `current` as coming
/// from `current_side` and `wanted` as models.
pub fn compare_offline(
    dialect: &'static dyn Dialect,
    mut current: Schema,
    current_side: Side,
    wanted: Loaded,
) -> Result<Comparison> {
    let silence = wanted.silence;
    let mut wanted = wanted.schema;
    wanted.default_schema = current.default_schema.clone();
    dialect.normalize(&mut current, current_side);
    let cmp = dialect.compare(&current);
    let mut warnings = leave_alone_views(&mut wanted, &current, dialect, cmp);
    dialect.normalize(&mut wanted, Side::Model);
    refuse_tables_told_apart_by_case(&mut wanted, &current, cmp)?;
    let outside = Schema {
        tables: leave_out_unprinted(&mut current, &wanted, &silence, cmp),
        ..Default::default()
    };
    let indexes_from_companion = indexes_from_companion(&wanted);
    warnings.extend(dialect.adopt_database_choices(&mut wanted, &current));
    // Offline, the schemas read are those the database's side holds.
    let schemas = current.schemas.clone();
    fill_silence(
        &mut wanted,
        &current,
        &silence,
        dialect.kind(),
        cmp,
        &schemas,
    )?;
    keep_enums_used_outside(&mut wanted, &current, &outside, &[]);
    Ok(Comparison {
        dialect,
        current,
        wanted,
        warnings,
        indexes_from_companion,
    })
}

/// The globs of `[autogenerate] exclude` and the bookkeeping tables, each
/// folded as `cmp` folds table names.
fn exclusions(globs: &[String], bookkeeping: &[String], cmp: &dyn Compare) -> Result<GlobSet> {
    let mut builder = GlobSetBuilder::new();
    for g in globs.iter().chain(bookkeeping) {
        let glob = Glob::new(&cmp.table_name_key(g)).map_err(|e| {
            Error::Usage(format!("[autogenerate] exclude: '{g}' is not a glob: {e}"))
        })?;
        builder.add(glob);
    }
    builder
        .build()
        .map_err(|e| Error::Usage(format!("[autogenerate] exclude: {e}")))
}

impl Comparison {
    /// The comparison rules for these two schemas (see [`Dialect::compare`]).
    fn cmp(&self) -> &dyn Compare {
        self.dialect.compare(&self.current)
    }

    /// Tables and columns that disappear while one of the same shape appears.
    pub fn rename_candidates(&self) -> Vec<Rename> {
        rename_candidates(&self.current, &self.wanted, self.cmp())
    }

    /// Checks `--rename` decisions against both schemas: each must name a
    /// table or column the database has and one the models have (see
    /// [`crate::diff::resolve_rename`]); the error names the flag.
    pub fn resolve_renames(&self, renames: &[Rename]) -> Result<Vec<Rename>> {
        let cmp = self.cmp();
        let spelled: Vec<Rename> = renames.iter().map(|r| self.spelled(r)).collect();
        renames
            .iter()
            .zip(&spelled)
            .map(|(r, s)| {
                resolve_rename(s, &self.current, &self.wanted, &spelled, cmp).map_err(|why| {
                    Error::Usage(format!(
                        "--rename {}: {why}; check the names (`revise check` lists the changes)",
                        r.flag()
                    ))
                })
            })
            .collect()
    }

    /// A rename's table names as normalization spells the schemas' (on
    /// PostgreSQL `public.bills` is `bills`), so a name written either way
    /// on the command line is found.
    fn spelled(&self, r: &Rename) -> Rename {
        let name = |q: &crate::schema::QualifiedName| {
            let mut s = Schema {
                tables: vec![Table {
                    schema: q.schema.clone(),
                    ..Table::new(&q.name)
                }],
                default_schema: self.current.default_schema.clone(),
                ..Default::default()
            };
            self.dialect.normalize(&mut s, Side::Model);
            s.tables.pop().map_or_else(|| q.clone(), |t| t.qualified())
        };
        match r {
            Rename::Table { from, to } => Rename::Table {
                from: name(from),
                to: name(to),
            },
            Rename::Column { table, from, to } => Rename::Column {
                table: name(table),
                from: from.clone(),
                to: to.clone(),
            },
        }
    }

    /// One line for each index of the database that `ops` drop for good
    /// because a companion SQL file describes its Diesel table's indexes
    /// and leaves it out: easy to miss, since without the file the index
    /// would have stayed. An index dropped and created again (around a type
    /// change) does not count.
    pub fn companion_drops(&self, ops: &[Op]) -> Vec<String> {
        let cmp = self.cmp();
        let created = |table: &crate::schema::QualifiedName, name: &str| {
            ops.iter().any(|op| {
                matches!(op, Op::CreateIndex { table: t, index }
                    if table_key(cmp, t) == table_key(cmp, table)
                        && index.name.as_deref().is_some_and(|n| cmp.name_key(n) == cmp.name_key(name)))
            })
        };
        ops.iter()
            .filter_map(|op| match op {
                Op::DropIndex { table, index } => Some((table, index.name.as_deref()?)),
                _ => None,
            })
            .filter(|(table, name)| {
                self.indexes_from_companion
                    .iter()
                    .any(|q| table_key(cmp, q) == table_key(cmp, table))
                    && !created(table, name)
            })
            .map(|(table, name)| {
                format!(
                    "index {name} of table {table} is dropped: a companion SQL file describes the indexes of {table} \
                     (schema.rs has none), and not this one; add its CREATE INDEX to that file to keep it"
                )
            })
            .collect()
    }

    /// Diffs with the given rename decisions and renders both directions.
    pub fn generate(&self, renames: &[Rename]) -> Result<Generated> {
        self.generate_from(self.lowered(renames))
    }

    /// The upgrade's ops, lowered for the dialect but not rendered, inert ones
    /// included (see [`Comparison::generate_from`]; [`active`] leaves them
    /// out): what `revise check` lists. A drift autogenerate cannot write (a
    /// SQLite rebuild of a table with `ON CONFLICT` clauses) is still a
    /// drift, reported as one.
    pub fn lowered_changes(&self) -> Vec<Op> {
        self.lowered(&[])
    }

    /// Renders `upgrade` (ops of [`Comparison::lowered_changes`]) and its
    /// reverse, or says why autogenerate cannot write them: `revise check`
    /// asks this of the ops it diffed once, since a second diff of a large
    /// schema would cost as much as the first.
    pub fn generate_from(&self, upgrade: Vec<Op>) -> Result<Generated> {
        let d = self.dialect;
        // The downgrade only restores what the database holds.
        if let Some(why) = upgrade
            .iter()
            .filter(|op| !op.is_inert())
            .find_map(|op| d.refuses(op, &self.current, &self.wanted))
        {
            return Err(Error::Usage(why));
        }
        let downgrade = reverse_all(&upgrade);
        let narrowing = |a: &Column, b: &Column| self.cmp().is_narrowing(a, b);
        let up = render_script(d, &upgrade, &narrowing, &self.current)?;
        let down = render_script(d, &downgrade, &narrowing, &self.current)?;
        // An inert op does nothing in its direction: listings leave it out.
        let (upgrade, downgrade) = (active(upgrade), active(downgrade));
        let outside_transaction = d
            .outside_transaction(&upgrade)
            .or_else(|| d.outside_transaction(&downgrade));
        Ok(Generated {
            upgrade,
            downgrade,
            upgrade_sql: up.sql,
            downgrade_sql: down.sql,
            upgrade_data_loss: up.data_loss,
            downgrade_data_loss: down.data_loss,
            upgrade_fails_on_rows: up.fails_on_rows,
            downgrade_fails_on_rows: down.fails_on_rows,
            outside_transaction,
        })
    }

    /// The diff with `renames` taken, lowered for the dialect.
    fn lowered(&self, renames: &[Rename]) -> Vec<Op> {
        // Table renames first: column renames name tables by their new names.
        let mut renames = renames.to_vec();
        renames.sort_by_key(|r| matches!(r, Rename::Column { .. }));
        let ops = diff(
            &self.current,
            &self.wanted,
            &DiffOptions { renames },
            self.cmp(),
        );
        self.dialect.lower(ops, &self.current, &self.wanted)
    }

    /// The tables and enums `ops` touch, in both schemas, as DDL: a readable
    /// diff for `revise check` that costs little however large the schema is.
    /// Objects the models leave unnamed show the database's name for them, so
    /// the diff shows real differences, not names the database chose.
    pub fn ddl(&self, ops: &[Op]) -> Result<(String, String)> {
        let cmp = self.cmp();
        let mut touched = std::collections::BTreeSet::new();
        let mut enums = false;
        for op in ops {
            match op {
                Op::CreateEnum(_) | Op::DropEnum(_) | Op::AlterEnum { .. } => enums = true,
                Op::RenameTable { from, to } => {
                    touched.insert(table_key(cmp, from));
                    touched.insert(table_key(cmp, to));
                }
                _ => {
                    if let Some(t) = op.table() {
                        touched.insert(table_key(cmp, &t));
                    }
                }
            }
        }
        let created_schemas: Vec<&String> = ops
            .iter()
            .filter_map(|op| match op {
                Op::CreateSchema(s) | Op::DropSchema(s) => Some(s),
                _ => None,
            })
            .collect();
        let created_domains: Vec<crate::schema::Domain> = ops
            .iter()
            .filter_map(|op| match op {
                Op::CreateDomain(d) | Op::DropDomain(d) => Some(d.clone()),
                _ => None,
            })
            .collect();
        let created_composites: Vec<crate::schema::Composite> = ops
            .iter()
            .filter_map(|op| match op {
                Op::CreateComposite(c)
                | Op::DropComposite(c)
                | Op::AlterComposite { from: c, .. } => Some(c.clone()),
                _ => None,
            })
            .collect();
        let created_sequences: Vec<crate::schema::Sequence> = ops
            .iter()
            .filter_map(|op| match op {
                Op::CreateSequence(q) | Op::DropSequence(q) => Some(q.clone()),
                _ => None,
            })
            .collect();
        let subset = |s: &Schema| Schema {
            tables: s
                .tables
                .iter()
                .filter(|t| touched.contains(&table_key(cmp, &t.qualified())))
                .cloned()
                .collect(),
            enums: if enums { s.enums.clone() } else { Vec::new() },
            // Only those the models name: the database's others are no difference.
            extensions: named_in(&s.extensions, &self.wanted.extensions, |a, b| {
                a.name == b.name
            }),
            // Only the ones an op creates or drops: the tables shown imply
            // theirs on both sides.
            schemas: s
                .schemas
                .iter()
                .filter(|n| created_schemas.contains(n))
                .cloned()
                .collect(),
            // Only the ones an op creates: existing ones are not compared, so
            // their spelling on either side is no difference.
            domains: named_in(&s.domains, &created_domains, |a, b| {
                a.qualified() == b.qualified()
            }),
            composites: named_in(&s.composites, &created_composites, |a, b| {
                a.qualified() == b.qualified()
            }),
            sequences: named_in(&s.sequences, &created_sequences, |a, b| {
                a.qualified() == b.qualified()
            }),
            table_names_case_sensitive: s.table_names_case_sensitive,
            unique_keys_on_whole_text: s.unique_keys_on_whole_text,
            generated_columns_take_not_null: s.generated_columns_take_not_null,
            expression_indexes: s.expression_indexes,
            default_collations: s.default_collations.clone(),
            taken_names: s.taken_names.clone(),
            default_schema: s.default_schema.clone(),
            // Displayed schemas are rendered DDL: views are not part of it.
            dependents: Vec::new(),
            other_relations: Vec::new(),
        };
        let current = subset(&self.current);
        let mut wanted = subset(&self.wanted);
        adopt_names(&mut wanted, &current, cmp);
        Ok((
            render_schema_in_name_order(self.dialect, &current)?,
            render_schema_in_name_order(self.dialect, &wanted)?,
        ))
    }
}

/// The items of `items` that `wanted` has too (`same` matching them): the
/// objects the models name, of a kind the diff never drops.
fn named_in<T: Clone>(items: &[T], wanted: &[T], same: impl Fn(&T, &T) -> bool) -> Vec<T> {
    items
        .iter()
        .filter(|i| wanted.iter().any(|w| same(i, w)))
        .cloned()
        .collect()
}

/// Names unnamed objects of `wanted` after the current objects that are the
/// same apart from the name (display only: the diff never needs it).
fn adopt_names(wanted: &mut Schema, current: &Schema, cmp: &dyn Compare) {
    fn adopt<T: Clone + PartialEq>(
        wanted: &mut [T],
        current: &[T],
        name: fn(&mut T) -> &mut Option<String>,
    ) {
        for w in wanted.iter_mut() {
            if name(w).is_some() {
                continue;
            }
            let found = current.iter().find(|c| {
                let mut c = (*c).clone();
                *name(&mut c) = None;
                c == *w
            });
            if let Some(c) = found {
                *name(w) = name(&mut c.clone()).clone();
            }
        }
    }
    let by_key = tables_by_key(current, cmp);
    for w in &mut wanted.tables {
        let Some(c) = by_key.get(&table_key(cmp, &w.qualified())) else {
            continue;
        };
        if let (Some(wp), Some(cp)) = (&mut w.primary_key, &c.primary_key)
            && wp.name.is_none()
            && wp.columns == cp.columns
        {
            wp.name = cp.name.clone();
        }
        adopt(&mut w.uniques, &c.uniques, |u| &mut u.name);
        adopt(&mut w.indexes, &c.indexes, |i| &mut i.name);
        adopt(&mut w.foreign_keys, &c.foreign_keys, |f| &mut f.name);
        adopt(&mut w.checks, &c.checks, |k| &mut k.name);
        follow_order(w, c, cmp);
    }
}

/// Puts `wanted`'s columns, constraints and indexes in the order the
/// database's table has them (new ones last, in the models' order): the diff
/// never reorders, so a different order is no difference and shown as one
/// only hides the real change.
fn follow_order(
    wanted: &mut crate::schema::Table,
    current: &crate::schema::Table,
    cmp: &dyn Compare,
) {
    fn sort<T>(items: &mut [T], current: &[T], same: impl Fn(&T, &T) -> bool) {
        let place = |w: &T| {
            current
                .iter()
                .position(|c| same(w, c))
                .unwrap_or(usize::MAX)
        };
        items.sort_by_key(|w| place(w));
    }
    let named = |a: &Option<String>, b: &Option<String>| matches!((a, b), (Some(a), Some(b)) if cmp.name_key(a) == cmp.name_key(b));
    sort(&mut wanted.columns, &current.columns, |a, b| {
        cmp.name_key(&a.name) == cmp.name_key(&b.name)
    });
    sort(&mut wanted.uniques, &current.uniques, |a, b| {
        named(&a.name, &b.name)
    });
    sort(&mut wanted.indexes, &current.indexes, |a, b| {
        named(&a.name, &b.name)
    });
    sort(&mut wanted.foreign_keys, &current.foreign_keys, |a, b| {
        named(&a.name, &b.name)
    });
    sort(&mut wanted.checks, &current.checks, |a, b| {
        named(&a.name, &b.name)
    });
}

/// One direction of a script, rendered.
struct Rendered {
    /// The statements, each op's headed by its comments.
    sql: String,
    /// Why ops lose data.
    data_loss: Vec<String>,
    /// Why ops fail on tables that hold rows.
    fails_on_rows: Vec<String>,
}

/// `ops` without the inert ones (see [`Op::is_inert`]).
pub fn active(ops: Vec<Op>) -> Vec<Op> {
    ops.into_iter().filter(|op| !op.is_inert()).collect()
}

/// Renders `ops` as script text: per op a `--` line saying what it does (and,
/// when it loses data, a `-- DATA LOSS:` line; when it fails on a table with
/// rows, a `-- CAUTION:` line), then its statements. Inert ops are left out.
fn render_script(
    d: &dyn Dialect,
    ops: &[Op],
    narrowing: &dyn Fn(&Column, &Column) -> bool,
    current: &Schema,
) -> Result<Rendered> {
    let mut out = String::new();
    let mut loss = Vec::new();
    let mut fails = Vec::new();
    for op in ops.iter().filter(|op| !op.is_inert()) {
        let statements = d
            .render_op(op)
            .map_err(|m| Error::Usage(format!("cannot {} on {}: {m}", op.describe(), d.kind())))?;
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!("-- {}\n", op.describe()));
        if let Some(why) = op.data_loss(narrowing) {
            out.push_str(&format!("-- DATA LOSS: {why}\n"));
            loss.push(why);
        }
        let fails_here = [
            op.fails_on_rows(&|c| d.fills_new_not_null_column(c), &|n| {
                d.quote_ident_if_needed(n)
            }),
            d.fails_anyway(op, current),
            key_over_rows(op, ops, current, d.compare(current)),
        ];
        for why in fails_here.into_iter().flatten() {
            out.push_str(&format!("-- CAUTION: {why}\n"));
            fails.push(why);
        }
        for s in statements {
            out.push_str(s.trim_end());
            out.push_str(";\n");
        }
    }
    Ok(Rendered {
        sql: out,
        data_loss: loss,
        fails_on_rows: fails,
    })
}

/// Why `op`, a foreign key added to a table that holds rows (one `current`,
/// the database, has), fails when a row's value is missing from the target:
/// a new key, or one whose target table `ops` create (empty), as the
/// downgrade does that restores the keys into a table the upgrade dropped.
/// A key dropped and added again around a change, into a table that stays,
/// holds on the rows that held it before. `None` otherwise.
fn key_over_rows(op: &Op, ops: &[Op], current: &Schema, cmp: &dyn Compare) -> Option<String> {
    let Op::AddForeignKey { table, fk } = op else {
        return None;
    };
    let existing = current
        .tables
        .iter()
        .find(|t| table_key(cmp, &t.qualified()) == table_key(cmp, table))?;
    let target = fk.ref_qualified();
    // A key re-added under a table's or column's new name (MySQL renames
    // move keys that way) is the same key: its rows held it before.
    let same = |q: &crate::schema::QualifiedName| {
        table_key(cmp, q) == table_key(cmp, table) || table_key(cmp, q) == table_key(cmp, &target)
    };
    let renamed = ops.iter().any(|o| match o {
        Op::RenameTable { from, to } => same(from) || same(to),
        Op::RenameColumn { table: t, .. } => same(t),
        _ => false,
    });
    if renamed {
        return None;
    }
    let target_created = ops.iter().any(|o| {
        matches!(o, Op::CreateTable(t) if table_key(cmp, &t.qualified()) == table_key(cmp, &target))
    });
    let held = existing
        .foreign_keys
        .iter()
        .any(|k| same_fk_path(cmp, k, fk));
    if held && !target_created {
        return None;
    }
    let columns = fk.columns.join(", ");
    let why = if target_created {
        format!(
            "{target} is created empty here, so it fails if a row of {table} has ({columns}) set"
        )
    } else {
        format!("it fails if a row of {table} has a ({columns}) that {target} lacks")
    };
    Some(format!(
        "adds a foreign key of {table} ({columns}) into {target}; {why}"
    ))
}

/// A whole schema as the DDL that would create it, for display.
pub fn render_schema(d: &dyn Dialect, schema: &Schema) -> Result<String> {
    render_ops(d, &creation_ops(d, schema))
}

/// The ops that create `schema` from nothing, in creation order.
fn creation_ops(d: &dyn Dialect, schema: &Schema) -> Vec<Op> {
    diff(
        &Schema::default(),
        schema,
        &DiffOptions::default(),
        d.compare(schema),
    )
}

/// Like [`render_schema`], with the tables in name order rather than in the
/// order their foreign keys ask for: `check` shows two schemas side by side,
/// and a new foreign key must not move a whole table in the diff.
fn render_schema_in_name_order(d: &dyn Dialect, schema: &Schema) -> Result<String> {
    let mut ops = creation_ops(d, schema);
    // Stable: what belongs to no table (schemas, types) stays first, and each
    // table's own statements keep their order.
    ops.sort_by_key(|op| op.table());
    render_ops(d, &ops)
}

fn render_ops(d: &dyn Dialect, ops: &[Op]) -> Result<String> {
    let mut out = String::new();
    for op in ops {
        for s in d
            .render_op(op)
            .map_err(|m| Error::Usage(format!("cannot {} on {}: {m}", op.describe(), d.kind())))?
        {
            out.push_str(s.trim_end());
            out.push_str(";\n");
        }
    }
    Ok(out)
}

/// Parses `--rename` values: `old_table=new_table`, `table.old_col=new_col`,
/// `schema.old_table=schema.new_table`, `schema.table.old_col=new_col`.
pub fn parse_rename(text: &str) -> Result<Rename> {
    use crate::schema::QualifiedName;
    let bad = || {
        Error::Usage(format!(
            "--rename '{text}': write old_table=new_table or table.old_column=new_column (a name holding '.' or '=' in double quotes)"
        ))
    };
    let (left, right) = split_names(text, '=').ok_or_else(bad)?;
    let (left, right) = (
        dotted_names(&left).ok_or_else(bad)?,
        dotted_names(&right).ok_or_else(bad)?,
    );
    let qualified = |parts: &[String]| match parts {
        [name] => Some(QualifiedName::new(name)),
        [schema, name] => Some(QualifiedName {
            schema: Some(schema.clone()),
            name: name.clone(),
        }),
        _ => None,
    };
    match (left.as_slice(), right.as_slice()) {
        // A qualified new name: a table moving (or renamed within its schema).
        (_, [_, _]) => Ok(Rename::Table {
            from: qualified(&left).ok_or_else(bad)?,
            to: qualified(&right).ok_or_else(bad)?,
        }),
        ([table @ .., column], [to]) if !table.is_empty() => Ok(Rename::Column {
            table: qualified(table).ok_or_else(bad)?,
            from: column.clone(),
            to: to.clone(),
        }),
        ([from], [to]) => Ok(Rename::Table {
            from: QualifiedName::new(from),
            to: QualifiedName::new(to),
        }),
        _ => Err(bad()),
    }
}

/// Splits `text` at the first `sep` outside double quotes; both halves
/// non-empty.
fn split_names(text: &str, sep: char) -> Option<(String, String)> {
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            c if c == sep && !quoted => {
                let (l, r) = (text[..i].trim(), text[i + 1..].trim());
                return (!l.is_empty() && !r.is_empty()).then(|| (l.to_string(), r.to_string()));
            }
            _ => {}
        }
    }
    None
}

/// `a.b`, `"a.b".c`, `"say ""hi"""`: the names between unquoted dots, each
/// unquoted (`""` inside quotes is one `"`). None for an empty name or an
/// unclosed quote.
fn dotted_names(text: &str) -> Option<Vec<String>> {
    let mut names = vec![String::new()];
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                names.last_mut()?.push('"');
            }
            '"' => quoted = !quoted,
            '.' if !quoted => names.push(String::new()),
            // A second `=` outside quotes: not one rename.
            '=' if !quoted => return None,
            c => names.last_mut()?.push(c),
        }
    }
    let ok = !quoted && names.iter().all(|n| !n.trim().is_empty());
    ok.then(|| names.into_iter().map(|n| n.trim().to_string()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{QualifiedName, Table};

    #[test]
    fn rename_flags() {
        assert_eq!(
            parse_rename("people=persons").unwrap(),
            Rename::Table {
                from: QualifiedName::new("people"),
                to: QualifiedName::new("persons")
            }
        );
        assert_eq!(
            parse_rename("users.name=full_name").unwrap(),
            Rename::Column {
                table: QualifiedName::new("users"),
                from: "name".into(),
                to: "full_name".into()
            }
        );
        assert_eq!(
            parse_rename("billing.a=billing.b").unwrap(),
            Rename::Table {
                from: QualifiedName {
                    schema: Some("billing".into()),
                    name: "a".into()
                },
                to: QualifiedName {
                    schema: Some("billing".into()),
                    name: "b".into()
                }
            }
        );
        assert_eq!(
            parse_rename("billing.t.x=y").unwrap(),
            Rename::Column {
                table: QualifiedName {
                    schema: Some("billing".into()),
                    name: "t".into()
                },
                from: "x".into(),
                to: "y".into()
            }
        );
        assert!(parse_rename("nothing").is_err());
        assert!(parse_rename("a=").is_err());
        assert!(parse_rename("\"open=x").is_err());
        assert!(parse_rename("a.b=c=d").is_err());
    }

    #[test]
    fn the_models_side_of_checks_diff_follows_the_database_order() {
        use crate::diff::ExactCompare;
        use crate::schema::{Check, Table};
        let check = |name: &str| Check {
            name: Some(name.into()),
            expression: "x > 0".into(),
        };
        let mut current = Table::new("t");
        current.columns = vec![Column::new("a", "int"), Column::new("b", "int")];
        current.checks = vec![check("k1"), check("k2")];
        let mut wanted = Table::new("t");
        wanted.columns = vec![
            Column::new("c", "int"),
            Column::new("b", "int"),
            Column::new("a", "int"),
        ];
        wanted.checks = vec![check("k3"), check("k2"), check("k1")];
        follow_order(&mut wanted, &current, &ExactCompare);
        let columns: Vec<&str> = wanted.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(columns, ["a", "b", "c"]);
        let checks: Vec<&str> = wanted
            .checks
            .iter()
            .filter_map(|k| k.name.as_deref())
            .collect();
        assert_eq!(checks, ["k1", "k2", "k3"]);
    }

    #[test]
    fn checks_diff_shows_a_schema_only_when_an_op_makes_it() {
        use crate::schema::Table;
        let billing = Table {
            schema: Some("billing".into()),
            columns: vec![Column::new("id", "integer")],
            ..Table::new("t")
        };
        let u = |columns: &[&str]| Table {
            columns: columns.iter().map(|c| Column::new(c, "integer")).collect(),
            ..Table::new("u")
        };
        let c = Comparison {
            indexes_from_companion: Vec::new(),
            dialect: crate::dialect::dialect_for(DialectKind::Postgres),
            current: Schema {
                schemas: vec!["billing".into()],
                tables: vec![billing.clone(), u(&["id"])],
                ..Default::default()
            },
            wanted: Schema {
                tables: vec![billing, u(&["id", "extra"])],
                ..Default::default()
            },
            warnings: Vec::new(),
        };
        let ops = c.generate(&[]).unwrap().upgrade;
        let (current, wanted) = c.ddl(&ops).unwrap();
        assert!(
            !current.contains("SCHEMA") && !wanted.contains("SCHEMA"),
            "{current}\n{wanted}"
        );
        assert!(wanted.contains("extra"), "{wanted}");
    }

    #[test]
    fn a_rename_may_spell_the_default_schema() {
        use crate::schema::{QualifiedName, Table};
        let t = |schema: Option<&str>, name: &str| Table {
            schema: schema.map(str::to_string),
            ..Table::new(name)
        };
        let c = Comparison {
            indexes_from_companion: Vec::new(),
            dialect: crate::dialect::dialect_for(DialectKind::Postgres),
            current: Schema {
                tables: vec![t(Some("billing"), "bills")],
                ..Default::default()
            },
            wanted: Schema {
                tables: vec![t(None, "bills")],
                ..Default::default()
            },
            warnings: Vec::new(),
        };
        let r = parse_rename("billing.bills=public.bills").unwrap();
        assert_eq!(
            c.resolve_renames(&[r]).unwrap(),
            [Rename::Table {
                from: QualifiedName {
                    schema: Some("billing".into()),
                    name: "bills".into()
                },
                to: QualifiedName::new("bills"),
            }]
        );
    }

    #[test]
    fn rename_names_may_be_quoted_and_the_hint_reads_back() {
        use crate::schema::QualifiedName;
        let r = parse_rename(r#""Audit Log"."Event"=event_name"#).unwrap();
        assert_eq!(
            r,
            Rename::Column {
                table: QualifiedName::new("Audit Log"),
                from: "Event".into(),
                to: "event_name".into()
            }
        );
        // Pasted into a shell, the hint gives parse_rename the same rename.
        assert_eq!(r.flag(), "'Audit Log.Event=event_name'");
        assert_eq!(parse_rename("Audit Log.Event=event_name").unwrap(), r);
        let dotted = Rename::Table {
            from: QualifiedName::new("v1.2"),
            to: QualifiedName::new("it's"),
        };
        assert_eq!(dotted.flag(), r#"'"v1.2"=it'\''s'"#);
        assert_eq!(parse_rename(r#""v1.2"=it's"#).unwrap(), dotted);
        assert_eq!(
            parse_rename("users.name=full_name").unwrap().flag(),
            "users.name=full_name"
        );
    }

    #[test]
    fn a_rename_that_matches_nothing_is_an_error_naming_the_missing_half() {
        use crate::diff::ExactCompare;
        use crate::schema::{Column, QualifiedName, Table};
        let table = |schema: Option<&str>, name: &str, columns: &[&str]| Table {
            schema: schema.map(str::to_string),
            columns: columns.iter().map(|c| Column::new(c, "int")).collect(),
            ..Table::new(name)
        };
        let current = Schema {
            tables: vec![
                table(None, "users", &["id", "name"]),
                table(Some("tenant"), "a", &["x"]),
            ],
            ..Default::default()
        };
        let wanted = Schema {
            tables: vec![
                table(None, "users", &["id", "full_name"]),
                table(Some("tenant"), "a2", &["x"]),
            ],
            ..Default::default()
        };
        let resolve = |text: &str| {
            let r = parse_rename(text).unwrap();
            resolve_rename(
                &r,
                &current,
                &wanted,
                std::slice::from_ref(&r),
                &ExactCompare,
            )
        };
        assert!(resolve("users.name=full_name").is_ok());
        // Onto a name that stays, or onto itself: refused, never a collision.
        let mut both = current.clone();
        both.tables.push(table(None, "persons", &["id"]));
        let r = parse_rename("users=persons").unwrap();
        assert_eq!(
            resolve_rename(&r, &both, &both, std::slice::from_ref(&r), &ExactCompare).unwrap_err(),
            "the models still have table users"
        );
        assert_eq!(
            resolve("users.id=id").unwrap_err(),
            "column id is renamed to itself"
        );
        let mut taken = current.clone();
        taken.tables[0]
            .columns
            .push(Column::new("full_name", "int"));
        let r = parse_rename("users.name=full_name").unwrap();
        assert_eq!(
            resolve_rename(&r, &taken, &wanted, std::slice::from_ref(&r), &ExactCompare)
                .unwrap_err(),
            "table users in the database already has a column full_name"
        );
        assert_eq!(
            resolve("users.nme=full_name").unwrap_err(),
            "the database has no column nme in table users"
        );
        assert_eq!(
            resolve("users.name=fullname").unwrap_err(),
            "the models have no column fullname in table users"
        );
        assert_eq!(
            resolve("people=persons").unwrap_err(),
            "the database has no table people"
        );
        // schema.table=new: no table `tenant`, but a table tenant.a.
        assert_eq!(
            resolve("tenant.a=a2").unwrap(),
            Rename::Table {
                from: QualifiedName {
                    schema: Some("tenant".into()),
                    name: "a".into()
                },
                to: QualifiedName {
                    schema: Some("tenant".into()),
                    name: "a2".into()
                },
            }
        );
    }

    #[test]
    fn silent_aspects_come_from_the_database() {
        use crate::diff::ExactCompare;
        use crate::schema::{
            Column, FkAction, ForeignKey, Identity, Index, IndexPart, Silent, Table,
        };
        let mut cur = Table::new("users");
        cur.columns = vec![
            Column {
                identity: Some(Identity::AutoIncrement),
                nullable: false,
                ..Column::new("id", "integer")
            },
            Column {
                default: Some("'x'".into()),
                comment: Some("c".into()),
                ..Column::new("name", "varchar(200)")
            },
            Column::new("boss", "integer"),
            Column {
                generated: Some(Box::new(crate::schema::Generated {
                    expression: "upper(name)".into(),
                    stored: true,
                })),
                ..Column::new("shout", "varchar(200)")
            },
            Column {
                default: Some("CURRENT_TIMESTAMP".into()),
                on_update: Some("CURRENT_TIMESTAMP".into()),
                ..Column::new("touched", "timestamp")
            },
        ];
        cur.indexes = vec![Index {
            name: Some("ix".into()),
            parts: vec![IndexPart::column("name")],
            ..Default::default()
        }];
        cur.foreign_keys = vec![ForeignKey {
            columns: vec!["boss".into()],
            ref_table: "users".into(),
            ref_columns: vec!["id".into()],
            on_delete: FkAction::Cascade,
            deferrable: crate::schema::Deferrable::InitiallyDeferred,
            ..Default::default()
        }];
        cur.primary_key = Some(crate::schema::PrimaryKey {
            name: None,
            columns: vec!["id".into()],
            column_options: Vec::new(),
            deferrable: crate::schema::Deferrable::InitiallyDeferred,
        });
        let current = Schema {
            tables: vec![cur],
            ..Default::default()
        };
        let mut want = Table::new("users");
        want.columns = vec![
            Column {
                nullable: false,
                ..Column::new("id", "integer")
            },
            Column {
                type_family: Some("Varchar".into()),
                ..Column::new("name", "varchar")
            },
            Column::new("boss", "integer"),
            Column::new("shout", "varchar(200)"),
            Column::new("touched", "timestamp"),
        ];
        // Diesel's table! names the primary key, not when it is checked.
        want.primary_key = Some(crate::schema::PrimaryKey {
            name: None,
            columns: vec!["id".into()],
            column_options: Vec::new(),
            deferrable: crate::schema::Deferrable::No,
        });
        // Diesel's joinable! names the key, not its actions or timing.
        want.foreign_keys = vec![ForeignKey {
            columns: vec!["boss".into()],
            ref_table: "users".into(),
            ref_columns: vec!["id".into()],
            ..Default::default()
        }];
        want.silent = Silent {
            indexes: true,
            defaults: true,
            comments: true,
            foreign_keys: true,
            identity: true,
            fk_actions: true,
            key_timing: true,
            ..Default::default()
        };
        let mut wanted = Schema {
            tables: vec![want],
            ..Default::default()
        };
        let silence = crate::source::Silence {
            type_family: Some(|_, db, family| {
                if family == "Varchar" && db.starts_with("varchar") {
                    FamilyMatch::Member
                } else {
                    FamilyMatch::Outside
                }
            }),
            ..Default::default()
        };
        fill_silence(
            &mut wanted,
            &current,
            &silence,
            DialectKind::Postgres,
            &ExactCompare,
            &[],
        )
        .unwrap();
        assert_eq!(
            wanted, current,
            "every silent aspect was taken from the database"
        );
        let ops = diff(&current, &wanted, &DiffOptions::default(), &ExactCompare);
        assert!(ops.is_empty());
    }

    /// Diesel's `table!` names the key's columns, not how they compare:
    /// the database's collation stays, and with it which rows the key refuses.
    #[test]
    fn a_silent_key_keeps_the_collation_of_its_columns() {
        use crate::diff::ExactCompare;
        use crate::schema::{Column, KeyColumn, PrimaryKey, Silent, Table, Unique};
        let nocase = vec![KeyColumn {
            collation: Some("NOCASE".into()),
            descending: false,
        }];
        let mut cur = Table::new("tags");
        cur.columns = vec![Column::new("name", "TEXT"), Column::new("email", "TEXT")];
        cur.primary_key = Some(PrimaryKey {
            column_options: nocase.clone(),
            ..PrimaryKey::new(&["name"])
        });
        cur.uniques = vec![Unique {
            column_options: nocase.clone(),
            ..Unique::new(&["email"])
        }];
        let current = Schema {
            tables: vec![cur.clone()],
            ..Default::default()
        };
        let fill = |silent: Silent, key: &[&str]| {
            let mut want = cur.clone();
            want.primary_key = Some(PrimaryKey::new(key));
            want.uniques.clear();
            want.silent = silent;
            let mut wanted = Schema {
                tables: vec![want],
                ..Default::default()
            };
            fill_silence(
                &mut wanted,
                &current,
                &crate::source::Silence::default(),
                DialectKind::Sqlite,
                &ExactCompare,
                &[],
            )
            .unwrap();
            wanted.tables.remove(0)
        };
        let diesel = Silent {
            uniques: true,
            collations: true,
            ..Default::default()
        };
        assert_eq!(fill(diesel, &["name"]), cur);
        // Another key, or models that say how it compares, keep their own.
        let other = fill(diesel, &["email"]).primary_key.unwrap();
        assert!(other.column_options.is_empty());
        let said = fill(Silent::default(), &["name"]).primary_key.unwrap();
        assert!(said.column_options.is_empty());
    }

    /// `check` shows tables in name order: a referencing table named before
    /// the one it references comes first, though creating them would not.
    #[test]
    fn the_check_diff_lists_tables_by_name() {
        use crate::schema::{Column, ForeignKey, PrimaryKey, Table};
        let mut parent = Table::new("z_parent");
        parent.columns = vec![Column {
            nullable: false,
            ..Column::new("id", "integer")
        }];
        parent.primary_key = Some(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
            column_options: Vec::new(),
            deferrable: Default::default(),
        });
        let mut child = Table::new("a_child");
        child.columns = vec![Column::new("parent_id", "integer")];
        child.foreign_keys = vec![ForeignKey {
            columns: vec!["parent_id".into()],
            ref_table: "z_parent".into(),
            ref_columns: vec!["id".into()],
            ..Default::default()
        }];
        let schema = Schema {
            tables: vec![parent, child],
            ..Default::default()
        };
        let d = crate::dialect::dialect_for(DialectKind::Postgres);
        let at = |text: &str, name: &str| text.find(&format!("CREATE TABLE {name}")).unwrap();
        let created = render_schema(d, &schema).unwrap();
        assert!(
            at(&created, "z_parent") < at(&created, "a_child"),
            "{created}"
        );
        let shown = render_schema_in_name_order(d, &schema).unwrap();
        assert!(at(&shown, "a_child") < at(&shown, "z_parent"), "{shown}");
    }

    /// A column with two keys to one table, an unnamed one without actions
    /// and a named one that cascades (print-schema writes no `joinable!`
    /// for them, or one): neither key takes the other's actions.
    #[test]
    fn two_keys_on_one_column_keep_their_own_actions() {
        use crate::diff::ExactCompare;
        use crate::schema::{Column, FkAction, ForeignKey, Silent, Table};
        let key = |name: Option<&str>, action: FkAction| ForeignKey {
            name: name.map(str::to_string),
            columns: vec!["owner_id".into()],
            ref_table: "users".into(),
            ref_columns: vec!["id".into()],
            on_delete: action,
            on_update: action,
            ..Default::default()
        };
        let mut cur = Table::new("domains");
        cur.columns = vec![Column::new("owner_id", "uuid")];
        cur.foreign_keys = vec![
            key(Some("domains_owner_id_fkey"), FkAction::NoAction),
            key(Some("fk-domains-owner_id"), FkAction::Cascade),
        ];
        let current = Schema {
            tables: vec![cur],
            ..Default::default()
        };
        let listed: [&[ForeignKey]; 3] = [
            &[],
            &[key(None, FkAction::NoAction)],
            // A companion SQL file names the cascading one.
            &[key(Some("fk-domains-owner_id"), FkAction::NoAction)],
        ];
        for listed in listed {
            let mut want = Table::new("domains");
            want.columns = vec![Column::new("owner_id", "uuid")];
            want.foreign_keys = listed.to_vec();
            want.silent = Silent {
                foreign_keys: true,
                fk_actions: true,
                ..Default::default()
            };
            let mut wanted = Schema {
                tables: vec![want],
                ..Default::default()
            };
            fill_silence(
                &mut wanted,
                &current,
                &crate::source::Silence::default(),
                DialectKind::Postgres,
                &ExactCompare,
                &[],
            )
            .unwrap();
            let mut got: Vec<(Option<String>, FkAction)> = wanted.tables[0]
                .foreign_keys
                .iter()
                .map(|k| (k.name.clone(), k.on_delete))
                .collect();
            got.sort_by(|a, b| a.0.cmp(&b.0));
            let cascades = got.iter().filter(|(_, a)| *a == FkAction::Cascade).count();
            assert_eq!(got.len(), 2, "{listed:?}: {got:?}");
            assert_eq!(cascades, 1, "{listed:?}: {got:?}");
            if let Some(name) = listed.first().and_then(|k| k.name.clone()) {
                assert!(got.contains(&(Some(name), FkAction::Cascade)), "{got:?}");
            }
        }
    }

    #[test]
    fn silent_enums_need_the_database() {
        use crate::diff::ExactCompare;
        use crate::schema::EnumType;
        let mut silence = crate::source::Silence::default();
        silence.enum_values.insert(QualifiedName::new("mood"));
        let current = Schema {
            tables: vec![],
            enums: vec![EnumType {
                schema: None,
                name: "mood".into(),
                values: vec!["ok".into()],
            }],
            ..Default::default()
        };
        let mut wanted = Schema::default();
        fill_silence(
            &mut wanted,
            &current,
            &silence,
            DialectKind::Postgres,
            &ExactCompare,
            &[],
        )
        .unwrap();
        assert_eq!(wanted.enums, current.enums);
        let e = fill_silence(
            &mut Schema::default(),
            &Schema::default(),
            &silence,
            DialectKind::Postgres,
            &ExactCompare,
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("type mood is named by the models")
                && e.contains("CREATE TYPE mood AS ENUM"),
            "{e}"
        );
    }

    /// A custom type of another schema (`postgres_type(name =
    /// "money_amount", schema = "billing")`) keeps its schema in the
    /// statement suggested, and a schema the comparison does not read is
    /// named as the likely reason, with the setting that reads it.
    #[test]
    fn an_undefined_type_keeps_its_schema_and_names_an_unread_one() {
        use crate::diff::ExactCompare;
        let mut silence = crate::source::Silence::default();
        silence.enum_values.insert(QualifiedName {
            schema: Some("billing".into()),
            name: "money_amount".into(),
        });
        let current = Schema {
            default_schema: Some("public".into()),
            ..Default::default()
        };
        let fill = |schemas: &[String]| {
            fill_silence(
                &mut Schema::default(),
                &current,
                &silence,
                DialectKind::Postgres,
                &ExactCompare,
                schemas,
            )
            .unwrap_err()
            .to_string()
        };
        let e = fill(&[]);
        assert_eq!(
            e,
            "type billing.money_amount is named by the models (a custom SQL type of schema.rs), which do not define it, \
             and its schema billing is not among the schemas the comparison reads, so the database's types there are not seen: \
             add \"billing\" to [autogenerate] schemas in the config; if the database lacks the type there too, \
             declare it in a companion SQL file (sql = [...] beside diesel = ...): CREATE TYPE billing.money_amount AS ENUM (...);"
        );
        // Read, but the database lacks it: the usual advice, qualified.
        let e = fill(&["billing".to_string()]);
        assert!(
            e.contains("the database has no such type in use")
                && e.contains("CREATE TYPE billing.money_amount AS ENUM (...);")
                && e.contains("CREATE DOMAIN billing.money_amount AS ..."),
            "{e}"
        );
        assert!(!e.contains("[autogenerate] schemas"), "{e}");
    }

    #[test]
    fn mysql_diesel_enums_need_the_database_or_companion_sql() {
        use crate::diff::ExactCompare;
        use crate::schema::Column;
        let silence = crate::source::Silence {
            type_family: Some(|_, db, family| {
                if family == "Enum" && db.to_ascii_lowercase().starts_with("enum(") {
                    FamilyMatch::Member
                } else {
                    FamilyMatch::Outside
                }
            }),
            unwritable: Some(crate::source::diesel::unwritable_family),
            ..Default::default()
        };
        let wanted = || {
            let mut t = Table::new("users");
            t.columns = vec![Column {
                type_family: Some("Enum".into()),
                ..Column::new("mood", "ENUM")
            }];
            Schema {
                tables: vec![t],
                ..Default::default()
            }
        };
        let e = fill_silence(
            &mut wanted(),
            &Schema::default(),
            &silence,
            DialectKind::Mysql,
            &ExactCompare,
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("column users.mood: schema.rs gives it Diesel's `Enum` type")
                && e.contains("ALTER TABLE users MODIFY COLUMN mood ENUM('a', 'b') NULL;"),
            "{e}"
        );
        let mut current = wanted();
        current.tables[0].columns[0] = Column::new("mood", "enum('ok','sad')");
        let mut w = wanted();
        fill_silence(
            &mut w,
            &current,
            &silence,
            DialectKind::Mysql,
            &ExactCompare,
            &[],
        )
        .unwrap();
        assert_eq!(w.tables[0].columns[0].data_type, "enum('ok','sad')");
    }

    /// A MySQL `Varchar`/`Char`/`Binary` of schema.rs without `#[max_length]`
    /// takes the database column's type when it is one of the family; a new
    /// column, or one of another type, would be written `varchar` (a syntax
    /// error), `char(1)` or `binary(1)`: refused, naming the column and the
    /// fix. Other dialects write such types as they are.
    #[test]
    fn mysql_diesel_types_without_a_length_need_the_database() {
        use crate::diff::ExactCompare;
        use crate::schema::Column;
        use crate::source::diesel::{type_family_matches, unwritable_family};
        let silence = crate::source::Silence {
            type_family: Some(type_family_matches),
            unwritable: Some(unwritable_family),
            ..Default::default()
        };
        let table = |columns: Vec<Column>| Schema {
            tables: vec![Table {
                columns,
                ..Table::new("webe_sessions")
            }],
            ..Default::default()
        };
        let loose = |name: &str, sql: &str, family: &str, nullable: bool| Column {
            type_family: Some(family.into()),
            nullable,
            ..Column::new(name, sql)
        };
        let fill = |wanted: &mut Schema, current: &Schema, kind| {
            fill_silence(wanted, current, &silence, kind, &ExactCompare, &[])
                .map_err(|e| e.to_string())
        };
        // A new table: nothing to take the length from.
        let e = fill(
            &mut table(vec![loose("token", "CHAR", "Char", false)]),
            &Schema::default(),
            DialectKind::Mysql,
        )
        .unwrap_err();
        assert_eq!(
            e,
            "column webe_sessions.token: schema.rs gives it Diesel's `Char` type without a length, \
             and the database has no such table to take the type from; add `#[max_length = N]` \
             above it in schema.rs (diesel print-schema writes it from 2.1 on), or restate the \
             column in a companion SQL file (sql = [...] beside diesel = ...): \
             ALTER TABLE webe_sessions MODIFY COLUMN token CHAR(N) NOT NULL;"
        );
        // A new column of an existing table: the same.
        let e = fill(
            &mut table(vec![loose("note", "VARCHAR", "Varchar", true)]),
            &table(vec![Column::new("token", "char(64)")]),
            DialectKind::Mysql,
        )
        .unwrap_err();
        assert!(
            e.contains("the database has no such column to take the type from"),
            "{e}"
        );
        // A column of another type: the change cannot be written either.
        let e = fill(
            &mut table(vec![loose("note", "VARCHAR", "Varchar", true)]),
            &table(vec![Column::new("note", "char(36)")]),
            DialectKind::Mysql,
        )
        .unwrap_err();
        assert!(
            e.contains("the database's column is char(36), not a `Varchar`")
                && e.contains("MODIFY COLUMN note VARCHAR(N) NULL;"),
            "{e}"
        );
        let e = fill(
            &mut table(vec![loose("hash", "BINARY", "Binary", false)]),
            &Schema::default(),
            DialectKind::Mysql,
        )
        .unwrap_err();
        assert!(e.contains("or write `Blob` for a BLOB"), "{e}");
        // A member of the family: its exact type is kept.
        let mut w = table(vec![
            loose("note", "VARCHAR", "Varchar", true),
            loose("hash", "BINARY", "Binary", false),
        ]);
        let current = table(vec![
            Column::new("note", "varchar(255)"),
            Column::new("hash", "blob"),
        ]);
        fill(&mut w, &current, DialectKind::Mysql).unwrap();
        let types: Vec<&str> = w.tables[0]
            .columns
            .iter()
            .map(|c| c.data_type.as_str())
            .collect();
        assert_eq!(types, ["varchar(255)", "blob"]);
        // PostgreSQL writes VARCHAR alone: an unbounded varchar.
        fill(
            &mut table(vec![loose("note", "VARCHAR", "Varchar", true)]),
            &Schema::default(),
            DialectKind::Postgres,
        )
        .unwrap();
    }

    #[test]
    fn exclusions_match_globs_and_bookkeeping() {
        let set = exclusions(
            &["tmp_*".into()],
            &["revise_version".into()],
            &crate::diff::ExactCompare,
        )
        .unwrap();
        assert!(set.is_match("tmp_x"));
        assert!(set.is_match("revise_version"));
        assert!(!set.is_match("users"));
        assert!(!set.is_match("Tmp_x"));
    }

    #[test]
    fn exclusions_fold_case_where_the_database_folds_table_names() {
        let sqlite = crate::dialect::dialect_for(DialectKind::Sqlite);
        let cmp = sqlite.compare(&Schema::default());
        let set = exclusions(&["Tmp_*".into()], &[], cmp).unwrap();
        assert!(set.is_match(cmp.table_name_key("TMP_X")));
        assert!(set.is_match(cmp.table_name_key("tmp_x")));
        assert!(!set.is_match(cmp.table_name_key("users")));
    }

    /// Models over views: the database's view, materialized view or foreign
    /// table that models describe as a table is left alone with a warning,
    /// with the keys and indexes it declares and the keys pointing at it.
    #[test]
    fn model_tables_the_database_has_as_views_are_left_alone() {
        use crate::schema::OtherRelation;
        let parse = |kind, text: &str| {
            crate::source::sql::parse_sql(std::path::Path::new("schema.sql"), text, kind)
                .unwrap_or_else(|e| panic!("{e}\n{text}"))
        };
        let relation = |schema: Option<&str>, name: &str, kind| OtherRelation {
            name: QualifiedName {
                schema: schema.map(str::to_string),
                name: name.into(),
            },
            kind,
        };
        let describe = |g: &Generated| g.upgrade.iter().map(Op::describe).collect::<Vec<_>>();

        // PostgreSQL: schema qualification as the diff reads it, exact case.
        let pg = crate::dialect::dialect_for(DialectKind::Postgres);
        let mut live = parse(
            DialectKind::Postgres,
            "CREATE SCHEMA billing;
             CREATE TABLE crates (id integer PRIMARY KEY);
             CREATE TABLE billing.invoices (id integer PRIMARY KEY);",
        )
        .schema;
        live.other_relations = vec![
            relation(
                None,
                "recent_crate_downloads",
                RelationKind::MaterializedView,
            ),
            relation(Some("billing"), "totals", RelationKind::View),
            relation(None, "remote_crates", RelationKind::ForeignTable),
        ];
        let models = parse(
            DialectKind::Postgres,
            "CREATE SCHEMA billing;
             CREATE TABLE crates (id integer PRIMARY KEY);
             CREATE TABLE public.recent_crate_downloads (
               crate_id integer PRIMARY KEY REFERENCES crates (id), downloads bigint NOT NULL);
             CREATE INDEX ix_downloads ON recent_crate_downloads (downloads);
             CREATE TABLE crate_owners (crate_id integer
               REFERENCES public.recent_crate_downloads (crate_id), owner text);
             CREATE TABLE billing.invoices (id integer PRIMARY KEY);
             CREATE TABLE billing.totals (n bigint);
             CREATE TABLE \"Totals\" (n bigint);",
        );
        let c = compare_offline(pg, live.clone(), Side::Database, models).unwrap();
        let why = |name: &str, kind: &str| {
            format!(
                "models describe {name} as a table; the database has it as {kind}, which revise does not compare — left alone (add it to [autogenerate] exclude to silence this)"
            )
        };
        assert_eq!(
            c.warnings,
            [
                why("recent_crate_downloads", "a materialized view"),
                why("billing.totals", "a view"),
            ]
        );
        let owners = c.wanted.tables.iter().find(|t| t.name == "crate_owners");
        assert_eq!(
            owners.map(|t| t.foreign_keys.len()),
            Some(0),
            "the key to the view goes with it"
        );
        assert_eq!(
            describe(&c.generate(&[]).unwrap()),
            ["create table Totals", "create table crate_owners"],
            "a name that differs in case is another relation on PostgreSQL"
        );
        // The foreign table too; the crates.io case: nothing to write.
        let models = parse(
            DialectKind::Postgres,
            "CREATE TABLE crates (id integer PRIMARY KEY);
             CREATE TABLE billing.invoices (id integer PRIMARY KEY);
             CREATE TABLE recent_crate_downloads (
               crate_id integer PRIMARY KEY REFERENCES crates (id), downloads bigint NOT NULL);
             CREATE TABLE remote_crates (id integer PRIMARY KEY);",
        );
        let c = compare_offline(pg, live, Side::Database, models).unwrap();
        assert_eq!(c.warnings.len(), 2, "{:?}", c.warnings);
        assert!(
            c.warnings[1]
                .contains("remote_crates as a table; the database has it as a foreign table"),
            "{:?}",
            c.warnings
        );
        assert!(c.generate(&[]).unwrap().is_empty());

        // MySQL: table names fold where the server folds them.
        let my = crate::dialect::dialect_for(DialectKind::Mysql);
        let upgrade = |case_sensitive: Option<bool>| {
            let mut live = parse(
                DialectKind::Mysql,
                "CREATE TABLE crates (id int PRIMARY KEY);",
            )
            .schema;
            live.table_names_case_sensitive = case_sensitive;
            live.other_relations = vec![relation(None, "Recent_Downloads", RelationKind::View)];
            let models = parse(
                DialectKind::Mysql,
                "CREATE TABLE crates (id int PRIMARY KEY);
                 CREATE TABLE recent_downloads (crate_id int PRIMARY KEY,
                   FOREIGN KEY (crate_id) REFERENCES crates (id));",
            );
            let c = compare_offline(my, live, Side::Database, models).unwrap();
            (c.warnings.len(), describe(&c.generate(&[]).unwrap()))
        };
        assert_eq!(upgrade(Some(false)), (1, vec![]));
        assert_eq!(
            upgrade(Some(true)),
            (0, vec!["create table recent_downloads".to_string()])
        );
    }

    #[test]
    fn models_in_a_schema_the_comparison_does_not_read_are_refused() {
        let pg = crate::dialect::dialect_for(crate::url::DialectKind::Postgres);
        let mysql = crate::dialect::dialect_for(crate::url::DialectKind::Mysql);
        let mut invoices = Table::new("invoices");
        invoices.schema = Some("billing".into());
        let wanted = Schema {
            tables: vec![Table::new("users"), invoices],
            ..Default::default()
        };
        let mut settings = AutogenSettings::default();
        let e = refuse_unread_schemas(&wanted, &settings, pg).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the models define table billing.invoices in schema billing, which the comparison does not read: add \"billing\" to [autogenerate] schemas in the config"
        );
        let e = refuse_unread_schemas(&wanted, &settings, mysql).unwrap_err();
        assert!(
            e.to_string().ends_with(
                "compares only the database the URL names; write the name without `billing.`"
            ),
            "{e}"
        );
        settings.schemas = vec!["billing".into()];
        refuse_unread_schemas(&wanted, &settings, pg).unwrap();
        // An empty schema the models create counts too.
        let wanted = Schema {
            schemas: vec!["reporting".into()],
            ..Default::default()
        };
        let e = refuse_unread_schemas(&wanted, &settings, pg).unwrap_err();
        assert!(
            e.to_string().starts_with(
                "the models create schema reporting, which the comparison does not read: add \"reporting\" to [autogenerate] schemas"
            ),
            "{e}"
        );
    }

    /// `revise check` shows a drift in schemas and extensions alone, and
    /// not the database's extensions the models leave out.
    #[test]
    fn check_shows_schemas_and_extensions() {
        let pg = crate::dialect::dialect_for(crate::url::DialectKind::Postgres);
        let ext = |name: &str| crate::schema::Extension {
            name: name.into(),
            schema: None,
        };
        let current = Schema {
            tables: vec![Table::new("t")],
            extensions: vec![ext("pg_stat_statements")],
            ..Default::default()
        };
        let wanted = Schema {
            tables: vec![Table::new("t")],
            extensions: vec![ext("citext")],
            schemas: vec!["reporting".into()],
            ..Default::default()
        };
        let loaded = crate::source::Loaded {
            schema: wanted,
            ..Default::default()
        };
        let cmp = compare_offline(pg, current, Side::Database, loaded).unwrap();
        let ops = cmp.generate(&[]).unwrap().upgrade;
        let (database, models) = cmp.ddl(&ops).unwrap();
        assert_eq!(database, "");
        assert_eq!(
            models,
            "CREATE SCHEMA IF NOT EXISTS reporting;\nCREATE EXTENSION IF NOT EXISTS citext;\n"
        );
    }

    /// Table names are compared as the server compares them: told apart by
    /// case where introspection says so (MySQL's lower_case_table_names 0),
    /// and two model tables that differ only in case are refused where the
    /// names fold, instead of one of them being silently dropped.
    #[test]
    fn table_names_compare_as_the_server_does() {
        let my = crate::dialect::dialect_for(crate::url::DialectKind::Mysql);
        let with_id = |name: &str| {
            let mut t = Table::new(name);
            t.columns = vec![crate::schema::Column::new("id", "int")];
            t
        };
        let live = |case_sensitive: Option<bool>| Schema {
            tables: vec![with_id("UPPER")],
            table_names_case_sensitive: case_sensitive,
            ..Default::default()
        };
        let models = |names: &[&str]| crate::source::Loaded {
            schema: Schema {
                tables: names.iter().map(|n| with_id(n)).collect(),
                ..Default::default()
            },
            ..Default::default()
        };
        let upgrade = |case_sensitive: Option<bool>, names: &[&str]| {
            compare_offline(my, live(case_sensitive), Side::Database, models(names))
                .and_then(|c| c.generate(&[]))
                .map(|g| g.upgrade.iter().map(Op::describe).collect::<Vec<_>>())
        };
        assert_eq!(
            upgrade(Some(true), &["upper"]).unwrap(),
            ["drop table UPPER", "create table upper"]
        );
        assert_eq!(
            upgrade(Some(true), &["upper", "UPPER"]).unwrap(),
            ["create table upper"]
        );
        for folded in [Some(false), None] {
            assert!(upgrade(folded, &["upper"]).unwrap().is_empty());
            let err = upgrade(folded, &["upper", "UPPER"])
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("tables UPPER and upper") && err.contains("differ only in case"),
                "{err}"
            );
        }
    }
}
