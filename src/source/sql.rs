//! SQL DDL models -> [`Schema`], parsed with sqlparser in the database's dialect.

use std::path::{Path, PathBuf};

use super::Loaded;
use crate::error::{Error, Result};
use crate::url::DialectKind;

/// Parses one file's text. `path` names it in errors.
pub fn parse_sql(path: &Path, _text: &str, _kind: DialectKind) -> Result<Loaded> {
    Err(Error::parse(path, 1, "SQL models are not implemented yet"))
}

/// Reads and merges several files.
pub fn load_files(paths: &[PathBuf], kind: DialectKind) -> Result<Loaded> {
    let mut out = Loaded::default();
    for p in paths {
        let text = std::fs::read_to_string(p).map_err(|e| Error::io(p, e))?;
        let loaded = parse_sql(p, &text, kind)?;
        out.schema.tables.extend(loaded.schema.tables);
        out.schema.enums.extend(loaded.schema.enums);
        out.warnings.extend(loaded.warnings);
    }
    Ok(out)
}
