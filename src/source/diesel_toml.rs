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
//! `schema.rs` applies. A section prints only the tables of its `schema`
//! (the default one when it names none, as print-schema reads only that
//! schema then), so in Diesel's multi-schema setup the `billing` section does
//! not print the `public` tables the main section filters out. No file or no
//! matching section: every table is printed, and a table the file lacks is
//! one the models dropped.

use std::path::{Path, PathBuf};

use regex::Regex;

use crate::error::{Error, Result};
use crate::schema::QualifiedName;

/// The tables one `schema.rs` holds according to its print-schema section.
#[derive(Debug, Clone)]
pub struct TableFilter {
    /// Where the filter was read, for messages.
    pub origin: PathBuf,
    /// The section's `schema`; `None` for the default one.
    schema: Option<String>,
    only: Vec<Regex>,
    except: Vec<Regex>,
}

impl TableFilter {
    /// Whether `diesel print-schema` writes `table` (its schema `None` for
    /// the default one): a table of the section's schema that the filter
    /// lets through. Patterns match the bare name or `schema.table`.
    pub fn prints(&self, table: &QualifiedName) -> bool {
        if table.schema != self.schema {
            return false;
        }
        let name = table.to_string();
        let hit = |rs: &[Regex]| {
            rs.iter()
                .any(|r| r.is_match(&name) || r.is_match(&table.name))
        };
        (self.only.is_empty() || hit(&self.only)) && !hit(&self.except)
    }
}

/// Whether `diesel print-schema` leaves `table` out whatever its filter
/// says: Diesel CLI lists only tables whose name does not start with `__`
/// (its own `__diesel_schema_migrations`, and by the same rule every other
/// tool's or the team's own `__`-prefixed bookkeeping tables).
pub fn never_printed(table: &QualifiedName) -> bool {
    table.name.starts_with("__")
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
        // PostgreSQL's default schema; other databases have no `public`.
        let schema = section
            .get("schema")
            .and_then(|s| s.as_str())
            .filter(|s| *s != "public")
            .map(str::to_string);
        return match section.get("filter") {
            Some(filter) => read_filter(&toml_path, filter, schema).map(Some),
            None => Ok(Some(TableFilter {
                origin: toml_path.clone(),
                schema,
                only: Vec::new(),
                except: Vec::new(),
            })),
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

fn read_filter(origin: &Path, filter: &toml::Value, schema: Option<String>) -> Result<TableFilter> {
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
        schema,
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

    fn q(name: &str) -> QualifiedName {
        match name.split_once('.') {
            Some((s, n)) => QualifiedName {
                schema: Some(s.into()),
                name: n.into(),
            },
            None => QualifiedName::new(name),
        }
    }

    #[test]
    fn the_section_for_this_file_decides() {
        let (_d, schema) = project(
            "[print_schema]\nfile = \"src/schema.rs\"\nfilter = { except_tables = [\"^spatial_ref_sys$\", \"^tmp_\"] }\n",
        );
        let f = filter_for(&schema).unwrap().expect("a filter");
        assert!(!f.prints(&q("spatial_ref_sys")));
        assert!(!f.prints(&q("tmp_import")));
        assert!(f.prints(&q("users")));
        assert!(f.prints(&q("spatial_ref_sys_backup")));

        let (_d, schema) = project(
            "[print_schema.main]\nfile = \"src/other.rs\"\n[print_schema.reports]\nfile = \"src/schema.rs\"\nfilter = { only_tables = [\"report\"] }\n",
        );
        let f = filter_for(&schema).unwrap().expect("the named section");
        assert!(
            f.prints(&q("daily_report")),
            "unanchored, as Diesel matches"
        );
        assert!(!f.prints(&q("users")));
        assert!(
            !f.prints(&q("analytics.report_runs")),
            "the section reads the default schema only"
        );
    }

    #[test]
    fn a_section_prints_only_the_tables_of_its_schema() {
        let (_d, schema) = project(
            "[print_schema.main]\nfile = \"src/other.rs\"\nfilter = { except_tables = [\"nopk\"] }\n\
             [print_schema.billing]\nfile = \"src/schema.rs\"\nschema = \"billing\"\n",
        );
        let f = filter_for(&schema).unwrap().expect("the billing section");
        assert!(f.prints(&q("billing.invoices")));
        assert!(!f.prints(&q("nopk")), "a default-schema table");
        assert!(!f.prints(&q("users")));

        let (_d, schema) = project(
            "[print_schema]\nfile = \"src/schema.rs\"\nschema = \"public\"\nfilter = { only_tables = [\"^bill\"] }\n",
        );
        let f = filter_for(&schema)
            .unwrap()
            .expect("public is the default schema");
        assert!(f.prints(&q("bills")));
        assert!(!f.prints(&q("billing.bills")));
    }

    #[test]
    fn no_file_means_every_table_and_no_filter_every_table_of_the_schema() {
        let (_d, schema) = project("[print_schema]\nfile = \"src/schema.rs\"\n");
        let f = filter_for(&schema).unwrap().expect("the section");
        assert!(f.prints(&q("users")));
        assert!(!f.prints(&q("billing.invoices")));
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
