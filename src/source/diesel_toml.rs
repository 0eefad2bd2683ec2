//! What `diesel print-schema` leaves out of a `schema.rs`: the table filter of
//! its `[print_schema]` section in `diesel.toml`.
//!
//! A project whose `diesel.toml` says `filter = { except_tables = ["^spatial_ref_sys$"] }`
//! (or `only_tables = [...]`) has a `schema.rs` without those tables, yet
//! they are in the database and no one wants them dropped. Each entry is a
//! regular expression matched anywhere in the table name, as Diesel CLI
//! matches it (an unanchored `users` also matches `users_archive`).
//!
//! The file is looked for from the `schema.rs` directory upwards, as Diesel
//! CLI looks for it from the project directory. Diesel 2.2 allows several
//! named sections (`[print_schema.reporting]`); the one whose `file` is this
//! `schema.rs` applies. No file, no matching section or no filter: every
//! table is printed, and a table the file lacks is one the models dropped.

use std::path::{Path, PathBuf};

use regex::Regex;

use crate::error::{Error, Result};

/// The tables one `schema.rs` holds according to its print-schema filter.
#[derive(Debug, Clone)]
pub struct TableFilter {
    /// Where the filter was read, for messages.
    pub origin: PathBuf,
    only: Vec<Regex>,
    except: Vec<Regex>,
}

impl TableFilter {
    /// Whether `diesel print-schema` writes table `name` (bare, or
    /// `schema.table` for a table outside the default schema).
    pub fn prints(&self, name: &str) -> bool {
        let bare = name.rsplit('.').next().unwrap_or(name);
        let hit = |rs: &[Regex]| rs.iter().any(|r| r.is_match(name) || r.is_match(bare));
        (self.only.is_empty() || hit(&self.only)) && !hit(&self.except)
    }
}

/// The print-schema filter that applies to `schema_rs`, if any.
pub fn filter_for(schema_rs: &Path) -> Result<Option<TableFilter>> {
    let Some(toml_path) = find_upwards(schema_rs) else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(&toml_path).map_err(|e| Error::io(&toml_path, e))?;
    let doc: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| Error::parse(&toml_path, 1, e.message().to_string()))?;
    let Some(toml::Value::Table(print_schema)) = doc.get("print_schema") else {
        return Ok(None);
    };
    let base = toml_path.parent().unwrap_or(Path::new("."));
    let target = canonical(schema_rs);
    // The section itself, and Diesel 2.2's named sections under it.
    let sections = std::iter::once(print_schema).chain(print_schema.values().filter_map(|v| {
        v.as_table()
            .filter(|t| t.contains_key("file") || t.contains_key("filter"))
    }));
    for section in sections {
        let Some(file) = section.get("file").and_then(|f| f.as_str()) else {
            continue;
        };
        if canonical(&base.join(file)) != target {
            continue;
        }
        return match section.get("filter") {
            Some(filter) => read_filter(&toml_path, filter).map(Some),
            None => Ok(None),
        };
    }
    Ok(None)
}

fn find_upwards(schema_rs: &Path) -> Option<PathBuf> {
    let start = canonical(schema_rs);
    start
        .ancestors()
        .skip(1)
        .map(|dir| dir.join("diesel.toml"))
        .find(|p| p.is_file())
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

fn read_filter(origin: &Path, filter: &toml::Value) -> Result<TableFilter> {
    let list = |key: &str| -> Result<Vec<Regex>> {
        let Some(value) = filter.get(key) else {
            return Ok(Vec::new());
        };
        let items = value.as_array().ok_or_else(|| {
            Error::parse(
                origin,
                1,
                format!("[print_schema] filter.{key} must be a list of table-name patterns"),
            )
        })?;
        items
            .iter()
            .map(|item| {
                let pattern = item.as_str().unwrap_or_default();
                Regex::new(pattern).map_err(|e| {
                    Error::parse(
                        origin,
                        1,
                        format!(
                            "[print_schema] filter.{key}: `{pattern}` is not a regular expression: {}",
                            crate::error::one_line(&e.to_string(), 200)
                        ),
                    )
                })
            })
            .collect()
    };
    Ok(TableFilter {
        origin: origin.to_path_buf(),
        only: list("only_tables")?,
        except: list("except_tables")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(toml: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("src")).unwrap();
        let schema = dir.path().join("src/schema.rs");
        std::fs::write(&schema, "").unwrap();
        std::fs::write(dir.path().join("diesel.toml"), toml).unwrap();
        (dir, schema)
    }

    #[test]
    fn the_section_for_this_file_decides() {
        let (_d, schema) = project(
            "[print_schema]\nfile = \"src/schema.rs\"\nfilter = { except_tables = [\"^spatial_ref_sys$\", \"^tmp_\"] }\n",
        );
        let f = filter_for(&schema).unwrap().expect("a filter");
        assert!(!f.prints("spatial_ref_sys"));
        assert!(!f.prints("tmp_import"));
        assert!(f.prints("users"));
        assert!(f.prints("spatial_ref_sys_backup"));

        let (_d, schema) = project(
            "[print_schema.main]\nfile = \"src/other.rs\"\n[print_schema.reports]\nfile = \"src/schema.rs\"\nfilter = { only_tables = [\"report\"] }\n",
        );
        let f = filter_for(&schema).unwrap().expect("the named section");
        assert!(f.prints("daily_report"), "unanchored, as Diesel matches");
        assert!(f.prints("analytics.report_runs"));
        assert!(!f.prints("users"));
    }

    #[test]
    fn no_file_or_no_filter_means_every_table() {
        let (_d, schema) = project("[print_schema]\nfile = \"src/schema.rs\"\n");
        assert!(filter_for(&schema).unwrap().is_none());
        let (_d, schema) = project("[migrations_directory]\ndir = \"migrations\"\n");
        assert!(filter_for(&schema).unwrap().is_none());
    }

    #[test]
    fn a_bad_pattern_is_an_error_naming_the_file() {
        let (_d, schema) = project(
            "[print_schema]\nfile = \"src/schema.rs\"\nfilter = { only_tables = [\"(users\"] }\n",
        );
        let e = filter_for(&schema).unwrap_err().to_string();
        assert!(
            e.contains("diesel.toml") && e.contains("`(users` is not a regular expression"),
            "{e}"
        );
    }
}
