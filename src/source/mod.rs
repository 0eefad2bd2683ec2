//! Model sources: the user's description of the wanted schema, read into a
//! [`Schema`]. Each source is one module; this one merges them.

pub mod diesel;
pub mod sql;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::error::Result;
use crate::schema::{QualifiedName, Schema};
use crate::url::DialectKind;

/// A schema read from models, with warnings about what was skipped and what
/// the source cannot express.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The wanted schema (not yet normalized).
    pub schema: Schema,
    /// Statements or items that were read but do not describe a modelled object.
    pub warnings: Vec<String>,
    /// What the source is silent about: the diff keeps the database's version of it.
    pub silence: Silence,
}

/// What a model source does not say. A source like Diesel's `schema.rs` has no
/// way to write indexes or defaults; the diff must then leave those as the
/// database has them instead of dropping them. Autogenerate fills the silent
/// parts of the wanted schema from the current one before diffing.
#[derive(Debug, Clone, Default)]
pub struct Silence {
    /// Per table: the aspects the source cannot express.
    pub tables: BTreeMap<QualifiedName, Aspects>,
    /// Per (table, column): the source's type family (e.g. Diesel's `Varchar`
    /// without `#[max_length]`). When the database's type belongs to the family
    /// (see `type_family`), the database's exact type is kept.
    pub column_types: BTreeMap<(QualifiedName, String), String>,
    /// Decides whether a database type (canonical text) belongs to a family.
    pub type_family: Option<fn(DialectKind, &str, &str) -> bool>,
    /// Enum types the source names without listing their values.
    pub enum_values: BTreeSet<QualifiedName>,
}

/// Aspects of one table a source may be silent about.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Aspects {
    /// Indexes.
    pub indexes: bool,
    /// Unique constraints.
    pub uniques: bool,
    /// Check constraints.
    pub checks: bool,
    /// Column defaults.
    pub defaults: bool,
    /// Table and column comments.
    pub comments: bool,
    /// ON DELETE / ON UPDATE of foreign keys.
    pub fk_actions: bool,
    /// Foreign keys the source leaves out: it lists only some of them (Diesel
    /// writes no `joinable!` for self-references or composite keys), so the
    /// database's other keys are kept; the listed ones are still compared.
    pub foreign_keys: bool,
    /// Identity, serial and auto-increment behaviour of columns.
    pub identity: bool,
}

/// Reads SQL DDL files, parsed in `kind`'s dialect, into one schema. A table,
/// index or enum defined in two places is an error that names both.
pub fn load_sql_files(paths: &[PathBuf], kind: DialectKind) -> Result<Loaded> {
    sql::load_files(paths, kind)
}
