//! Model sources: the user's description of the wanted schema, read into a
//! [`Schema`]. Each source is one module; this one merges them.

pub mod sql;

use std::path::PathBuf;

use crate::error::Result;
use crate::schema::Schema;
use crate::url::DialectKind;

/// A schema read from models, with warnings about what was skipped.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The wanted schema (not yet normalized).
    pub schema: Schema,
    /// Statements or items that were read but do not describe a modelled object.
    pub warnings: Vec<String>,
}

/// Reads SQL DDL files, parsed in `kind`'s dialect, into one schema. A table,
/// index or enum defined in two places is an error that names both.
pub fn load_sql_files(paths: &[PathBuf], kind: DialectKind) -> Result<Loaded> {
    sql::load_files(paths, kind)
}
