//! Model sources: the user's description of the wanted schema, read into a
//! [`Schema`]. Each source is one module; this one merges them.

pub mod command;
pub mod diesel;
pub mod diesel_toml;
pub mod sql;
pub mod validate;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Duration;

use crate::error::{Error, Result};
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
    /// Where each table and enum was defined (`schema.sql:12`), for messages
    /// about a definition two sources give; a part without an entry is
    /// named by its source.
    pub origins: Origins,
}

/// Where a source defined its tables and enums, as a message names them.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    /// Per table: `file:line` (and more, such as a JSON path).
    pub tables: BTreeMap<QualifiedName, String>,
    /// Per enum: `file:line`.
    pub enums: BTreeMap<QualifiedName, String>,
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
    pub type_family: Option<fn(DialectKind, &str, &str) -> FamilyMatch>,
    /// What a family's type leaves out that DDL needs, for the families
    /// whose type cannot be written without it (see [`Unwritable`]): such a
    /// column must take its type from a database column of the family, or
    /// autogenerate refuses it.
    pub unwritable: Option<fn(DialectKind, &str) -> Option<Unwritable>>,
    /// PostgreSQL custom types the source names without defining them
    /// (Diesel's `postgres_type(name = ...)`): enums whose values the
    /// database gives, or composites, domains and extension types, which
    /// are compared by name.
    pub enum_values: BTreeSet<QualifiedName>,
    /// One entry per Diesel `schema.rs`: the `diesel.toml` print-schema
    /// section (schema and filter) that decided which tables it holds,
    /// `None` for all of them (no section).
    pub diesel_filters: Vec<Option<diesel_toml::TableFilter>>,
}

impl Silence {
    /// Whether a database table that no model describes was left out of the
    /// models on purpose: every Diesel `schema.rs` has a print-schema section,
    /// and none of them writes the table (another schema's, or filtered out).
    /// Such a table is not dropped.
    pub fn leaves_out(&self, table: &QualifiedName) -> bool {
        !self.diesel_filters.is_empty()
            && (diesel_toml::never_printed(table)
                || self
                    .diesel_filters
                    .iter()
                    .all(|f| f.as_ref().is_some_and(|f| !f.prints(table))))
    }
}

/// What a source's loose type (a family) leaves out that DDL needs: a MySQL
/// `VARCHAR` needs a length (`varchar` alone is a syntax error, and `char`
/// or `binary` alone mean a length of 1), an `ENUM` its values. Only the
/// database can then give the type, from a column of the family; a column it
/// lacks (a new table or column, or one of another type) is an error that
/// says what to write instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unwritable {
    /// What the type leaves out: `"a length"`, `"its values"`.
    pub lacks: &'static str,
    /// How the source itself can say it, when it can: `` "add `#[max_length = N]`
    /// above the column" ``.
    pub fix: Option<&'static str>,
    /// The column type a companion SQL file restates the column with:
    /// `VARCHAR(N)`, `ENUM('a', 'b')`.
    pub sql: &'static str,
}

impl Unwritable {
    /// The statement a companion SQL file restates `table.column` with, in
    /// `kind`'s own words (MySQL restates the whole column).
    pub fn restatement(
        &self,
        kind: DialectKind,
        table: &str,
        column: &str,
        nullable: bool,
    ) -> String {
        match kind {
            DialectKind::Postgres => {
                format!(
                    "ALTER TABLE {table} ALTER COLUMN {column} TYPE {};",
                    self.sql
                )
            }
            DialectKind::Mysql | DialectKind::Sqlite => format!(
                "ALTER TABLE {table} MODIFY COLUMN {column} {} {};",
                self.sql,
                if nullable { "NULL" } else { "NOT NULL" }
            ),
        }
    }
}

/// Whether a database type belongs to a source's type family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FamilyMatch {
    /// It does not: the source asks for another type, a real change.
    Outside,
    /// It does: the database's exact type is kept.
    Member,
    /// It does, and the column is nullable as the source wrote it: the
    /// stand-in type the family was read as had to be NOT NULL (Diesel's
    /// `Nullable<BigInt>` SQLite key, read as the rowid `INTEGER PRIMARY
    /// KEY`, kept as the database's `BIGINT PRIMARY KEY`, which allows NULL).
    MemberNullable,
}

impl FamilyMatch {
    /// Whether the database's type is kept.
    pub fn is_member(self) -> bool {
        self != FamilyMatch::Outside
    }
}

/// Aspects of one table a source may be silent about.
pub use crate::schema::Silent as Aspects;

/// Copies the silence record onto the schema's tables and columns, so that it
/// follows them through normalization (which may rename the default schema).
fn attach_silence(loaded: &mut Loaded) {
    for t in &mut loaded.schema.tables {
        let q = t.qualified();
        if let Some(a) = loaded.silence.tables.get(&q) {
            t.silent = *a;
        }
        for c in &mut t.columns {
            if let Some(f) = loaded
                .silence
                .column_types
                .get(&(q.clone(), c.name.clone()))
            {
                c.type_family = Some(f.as_str().into());
            }
        }
    }
}

/// Where the models come from (from `[models]`, paths resolved).
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// SQL DDL files.
    pub sql: Vec<PathBuf>,
    /// Diesel `schema.rs` files.
    pub diesel: Vec<PathBuf>,
    /// JSON model files.
    pub json: Vec<PathBuf>,
    /// An export command and its arguments.
    pub command: Option<Vec<String>>,
    /// The export command's time limit.
    pub command_timeout: Duration,
    /// Diesel's `joinable!` lines are joins for queries only, not foreign
    /// keys (`[models] joinable_keys = false`).
    pub ignore_joinables: bool,
    /// Where the export command runs (the config file's directory).
    pub dir: PathBuf,
    /// `VERSION()` of the MySQL or MariaDB server compared with, when known:
    /// SQL files' versioned executable comments (`/*!50705 ... */`) count
    /// only where that server would run them.
    pub mysql_server: Option<String>,
}

/// Reads every configured source and merges them. A table or enum defined by
/// two sources is an error that names both.
pub fn load(sources: &Sources, kind: DialectKind) -> Result<Loaded> {
    let server = sources
        .mysql_server
        .as_deref()
        .and_then(sql::Server::from_version_text);
    let mut parts: Vec<(String, Loaded)> = Vec::new();
    let mut sql_done = false;
    if !sources.diesel.is_empty() {
        let names: Vec<String> = sources
            .diesel
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        let mut loaded = diesel::load_files(&sources.diesel, kind)?;
        if sources.ignore_joinables {
            // Joins for queries (a column that points at one table or
            // another, by a kind column): the database's keys stay, as any
            // key schema.rs leaves out does.
            for t in &mut loaded.schema.tables {
                t.foreign_keys.clear();
            }
        } else {
            warn_of_joins_to_several_tables(&mut loaded);
        }
        loaded.silence.diesel_filters = sources
            .diesel
            .iter()
            .map(|p| diesel_toml::filter_for(p))
            .collect::<Result<_>>()?;
        if !sources.sql.is_empty() {
            // A companion SQL file refines the Diesel tables: what it says about
            // a table is no longer silent.
            let base = loaded.schema.clone();
            let mut refined = sql::load_files_onto(
                loaded.schema,
                &sources.diesel[0],
                &sources.sql,
                kind,
                server,
            )?;
            restated_keys_replace_joinables(&mut refined.schema);
            unsilence(&base, &refined.schema, &mut loaded.silence);
            // What the companion SQL defines itself is named by its line;
            // what schema.rs defined, by schema.rs.
            refined
                .origins
                .tables
                .retain(|q, _| !base.tables.iter().any(|t| &t.qualified() == q));
            refined
                .origins
                .enums
                .retain(|q, _| !base.enums.iter().any(|e| &e.qualified() == q));
            loaded.origins = refined.origins;
            loaded.schema = refined.schema;
            loaded.warnings.extend(refined.warnings);
            sql_done = true;
        }
        parts.push((names.join(", "), loaded));
    }
    for path in &sources.json {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let schema = load_json(path, &text, kind)?;
        parts.push((
            path.display().to_string(),
            Loaded {
                origins: json_origins(path, &text, &schema),
                schema,
                ..Default::default()
            },
        ));
    }
    if let Some(argv) = &sources.command {
        let out = command::run(argv, &sources.dir, sources.command_timeout)?;
        let loaded = if crate::schema::json::looks_like_json(&out.stdout) {
            let schema = load_json(&out.name, &out.stdout, kind)?;
            Loaded {
                origins: json_origins(&out.name, &out.stdout, &schema),
                schema,
                ..Default::default()
            }
        } else {
            sql::parse_sql(&out.name, &out.stdout, kind)?
        };
        parts.push((out.name.display().to_string(), loaded));
    }
    if !sources.sql.is_empty() && !sql_done {
        let names: Vec<String> = sources
            .sql
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        parts.push((
            names.join(", "),
            sql::load_files(&sources.sql, kind, server)?,
        ));
    }
    let mut loaded = merge(parts)?;
    attach_silence(&mut loaded);
    loaded.schema.shrink_to_fit();
    Ok(loaded)
}

/// Reads the JSON model format and checks it (see [`validate::validate`]):
/// an error names the file, the line where the object starts, its path in
/// the document and its name.
pub fn load_json(path: &std::path::Path, text: &str, kind: DialectKind) -> Result<Schema> {
    let mut schema = crate::schema::json::from_json(path, text)?;
    validate::validate(&schema, kind).map_err(|p| {
        let line = crate::schema::json::line_of(text, &p.path).unwrap_or(1);
        Error::parse(path, line, p)
    })?;
    // JSON text is the database's own SQL, as `revise schema --json` prints it.
    for t in &mut schema.tables {
        t.spelled_as_database = true;
    }
    Ok(schema)
}

/// Where a JSON document defines each table and enum:
/// `schema.json:14 (tables[2])`.
fn json_origins(path: &std::path::Path, text: &str, schema: &Schema) -> Origins {
    let at = |p: String| match crate::schema::json::line_of(text, &p) {
        Some(line) => format!("{}:{line} ({p})", path.display()),
        None => format!("{} ({p})", path.display()),
    };
    Origins {
        tables: schema
            .tables
            .iter()
            .enumerate()
            .map(|(i, t)| (t.qualified(), at(format!("tables[{i}]"))))
            .collect(),
        enums: schema
            .enums
            .iter()
            .enumerate()
            .map(|(i, e)| (e.qualified(), at(format!("enums[{i}]"))))
            .collect(),
    }
}

/// Merges loaded parts, refusing a table or enum that two parts define.
fn merge(parts: Vec<(String, Loaded)>) -> Result<Loaded> {
    let mut out = Loaded::default();
    let mut tables: BTreeMap<QualifiedName, String> = BTreeMap::new();
    let mut enums: BTreeMap<QualifiedName, String> = BTreeMap::new();
    for (origin, part) in parts {
        for t in &part.schema.tables {
            let q = t.qualified();
            let here = part.origins.tables.get(&q).unwrap_or(&origin).clone();
            if let Some(first) = tables.insert(q.clone(), here.clone()) {
                return Err(clash("table", &q, &first, &here));
            }
        }
        for e in &part.schema.enums {
            let q = e.qualified();
            let here = part.origins.enums.get(&q).unwrap_or(&origin).clone();
            if let Some(first) = enums.insert(q.clone(), here.clone()) {
                return Err(clash("enum", &q, &first, &here));
            }
        }
        out.schema.tables.extend(part.schema.tables);
        out.schema.enums.extend(part.schema.enums);
        out.schema.schemas.extend(part.schema.schemas);
        for d in part.schema.domains {
            if !out.schema.domains.contains(&d) {
                out.schema.domains.push(d);
            }
        }
        for c in part.schema.composites {
            if !out.schema.composites.contains(&c) {
                out.schema.composites.push(c);
            }
        }
        for s in part.schema.sequences {
            if !out.schema.sequences.contains(&s) {
                out.schema.sequences.push(s);
            }
        }
        // Two sources may well need the same extension: that is no clash.
        for e in part.schema.extensions {
            if !out.schema.extensions.iter().any(|o| o.name == e.name) {
                out.schema.extensions.push(e);
            }
        }
        out.warnings.extend(part.warnings);
        out.silence.tables.extend(part.silence.tables);
        out.silence.column_types.extend(part.silence.column_types);
        out.silence.enum_values.extend(part.silence.enum_values);
        out.silence.type_family = out.silence.type_family.or(part.silence.type_family);
        out.silence.unwritable = out.silence.unwritable.or(part.silence.unwritable);
        out.silence
            .diesel_filters
            .extend(part.silence.diesel_filters);
    }
    // Kept for later messages about a table or enum (a dangling reference).
    out.origins = Origins { tables, enums };
    Ok(out)
}

/// print-schema writes a `joinable!` for a column's one foreign key; a
/// column joined to two tables is a hand-written join (a column that points
/// at users or teams, by a kind column), which as keys no row could satisfy.
fn warn_of_joins_to_several_tables(loaded: &mut Loaded) {
    for t in &loaded.schema.tables {
        let mut seen: Vec<&Vec<String>> = Vec::new();
        for fk in &t.foreign_keys {
            if seen.contains(&&fk.columns) {
                continue;
            }
            seen.push(&fk.columns);
            let targets: Vec<String> = t
                .foreign_keys
                .iter()
                .filter(|k| k.columns == fk.columns)
                .map(|k| k.ref_qualified().to_string())
                .collect();
            if targets.len() > 1 {
                loaded.warnings.push(format!(
                    "joinable! makes {}.{} a foreign key to each of {}, so every value must be in each; \
                     if these are joins for queries (the column points at one or the other), set [models] joinable_keys = false",
                    t.qualified(),
                    fk.columns.join(", "),
                    targets.join(" and ")
                ));
            }
        }
    }
}

/// A foreign key the companion SQL restates (same columns, same target, now
/// with ON DELETE or a name) replaces the one `joinable!` gave.
fn restated_keys_replace_joinables(schema: &mut Schema) {
    for t in &mut schema.tables {
        let mut kept: Vec<crate::schema::ForeignKey> = Vec::new();
        for fk in t.foreign_keys.drain(..).rev() {
            let same = |k: &crate::schema::ForeignKey| {
                k.columns == fk.columns && k.ref_qualified() == fk.ref_qualified()
            };
            if !kept.iter().any(same) {
                kept.push(fk);
            }
        }
        kept.reverse();
        t.foreign_keys = kept;
    }
}

/// Marks as known every aspect of a table that `refined` (the companion SQL on
/// top of `base`) changed: once the SQL says something about a table's indexes,
/// its indexes are fully described, and so on.
fn unsilence(base: &Schema, refined: &Schema, silence: &mut Silence) {
    for t in &refined.tables {
        let Some(b) = base.tables.iter().find(|b| b.qualified() == t.qualified()) else {
            continue;
        };
        let Some(a) = silence.tables.get_mut(&t.qualified()) else {
            continue;
        };
        // Only the columns both sides have: one the SQL adds (a column
        // schema.rs leaves out, put back) says nothing about the others'
        // defaults; what it gives itself stays on it (autogenerate fills a
        // silent aspect only where the models say nothing).
        let columns_differ = |f: &dyn Fn(&crate::schema::Column) -> String| {
            t.columns.iter().any(|c| {
                b.columns
                    .iter()
                    .find(|bc| bc.name == c.name)
                    .is_some_and(|bc| f(bc) != f(c))
            })
        };
        if t.indexes != b.indexes {
            a.indexes = false;
        }
        if t.uniques != b.uniques {
            a.uniques = false;
        }
        if t.checks != b.checks {
            a.checks = false;
        }
        if t.comment != b.comment || columns_differ(&|c| format!("{:?}", c.comment)) {
            a.comments = false;
        }
        if columns_differ(&|c| format!("{:?}", c.default)) {
            a.defaults = false;
        }
        if columns_differ(&|c| format!("{:?}", c.identity)) {
            a.identity = false;
        }
        if columns_differ(&|c| format!("{:?}", c.collation)) {
            a.collations = false;
        }
        if t.foreign_keys != b.foreign_keys {
            a.fk_actions = false;
            a.foreign_keys = false;
            a.key_timing = false;
        }
        if t.primary_key != b.primary_key {
            a.key_timing = false;
        }
        // A column whose type the SQL restates is exact now.
        for c in &t.columns {
            if b.columns
                .iter()
                .any(|bc| bc.name == c.name && bc.data_type != c.data_type)
            {
                silence
                    .column_types
                    .remove(&(t.qualified(), c.name.clone()));
            }
        }
    }
}

fn clash(what: &str, name: &QualifiedName, first: &str, second: &str) -> Error {
    Error::Usage(format!(
        "{what} {name} is defined twice in the models: in {first} and in {second}; keep one definition"
    ))
}

/// Reads SQL DDL files only (tests and tools).
pub fn load_sql_files(paths: &[PathBuf], kind: DialectKind) -> Result<Loaded> {
    sql::load_files(paths, kind, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &std::path::Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    /// Two `joinable!` for one column: a warning, and with `joinable_keys =
    /// false` no key at all.
    #[test]
    fn joins_to_two_tables_warn_or_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let rs = write(
            dir.path(),
            "schema.rs",
            "diesel::table! {\n    teams (id) {\n        id -> Int4,\n    }\n}\n\
             diesel::table! {\n    users (id) {\n        id -> Int4,\n    }\n}\n\
             diesel::table! {\n    crate_owners (crate_id, owner_id) {\n        crate_id -> Int4,\n        owner_id -> Int4,\n    }\n}\n\
             diesel::joinable!(crate_owners -> teams (owner_id));\n\
             diesel::joinable!(crate_owners -> users (owner_id));\n",
        );
        let keys =
            |l: &Loaded| -> usize { l.schema.tables.iter().map(|t| t.foreign_keys.len()).sum() };
        let mut sources = Sources {
            diesel: vec![rs],
            ..Default::default()
        };
        let l = load(&sources, DialectKind::Postgres).unwrap();
        assert_eq!(keys(&l), 2);
        assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
        assert!(
            l.warnings[0]
                .contains("crate_owners.owner_id a foreign key to each of teams and users")
                && l.warnings[0].contains("joinable_keys = false"),
            "{:?}",
            l.warnings
        );
        sources.ignore_joinables = true;
        let l = load(&sources, DialectKind::Postgres).unwrap();
        assert_eq!(keys(&l), 0);
        assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    }

    const DIESEL: &str = "diesel::table! {\n    users (id) {\n        id -> Int4,\n    }\n}\n";

    fn json(tables: &[&str]) -> String {
        let tables: Vec<String> = tables
            .iter()
            .map(|t| format!("{{\"name\": \"{t}\", \"columns\": [{{\"name\": \"id\", \"type\": \"integer\"}}]}}"))
            .collect();
        format!(
            "{{\"format\": \"revise-schema\", \"version\": 1,\n\"tables\": [\n{}]}}",
            tables.join(",\n")
        )
    }

    #[test]
    fn clashes_name_the_file_and_place_that_defines_each() {
        let dir = tempfile::tempdir().unwrap();
        let rs = write(dir.path(), "schema.rs", DIESEL);
        let extra = write(
            dir.path(),
            "extra.sql",
            "CREATE INDEX ix ON users (id);\n\nCREATE TABLE audit (id integer);\n",
        );
        let j = write(dir.path(), "m.json", &json(&["other", "audit"]));
        let sources = Sources {
            diesel: vec![rs.clone()],
            sql: vec![extra.clone()],
            json: vec![j.clone()],
            ..Default::default()
        };
        let e = load(&sources, DialectKind::Postgres)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            format!(
                "table audit is defined twice in the models: in {}:3 and in {}:4 (tables[1]); keep one definition",
                extra.display(),
                j.display()
            )
        );
        // A table of schema.rs is still named by schema.rs.
        let j = write(dir.path(), "m.json", &json(&["users"]));
        let e = load(&sources, DialectKind::Postgres)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(&format!(
                "in {} and in {}:3 (tables[0])",
                rs.display(),
                j.display()
            )),
            "{e}"
        );
        // Two tables of one JSON file: both indexes are named.
        write(dir.path(), "m.json", &json(&["a", "b", "a"]));
        let e = load(
            &Sources {
                json: vec![j.clone()],
                ..Default::default()
            },
            DialectKind::Postgres,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains(
                "m.json:5: tables[2] (table a): table a is defined twice (first at tables[0])"
            ),
            "{e}"
        );
    }

    #[test]
    fn companion_sql_restates_a_mysql_diesel_enum_column() {
        let dir = tempfile::tempdir().unwrap();
        let rs = write(
            dir.path(),
            "schema.rs",
            "pub mod sql_types {\n    #[derive(diesel::sql_types::SqlType)]\n    #[diesel(mysql_type(name = \"Enum\"))]\n    pub struct UsersMoodEnum;\n}\n\
             diesel::table! {\n    use diesel::sql_types::*;\n    use super::sql_types::UsersMoodEnum;\n\n    users (id) {\n        id -> Integer,\n        mood -> Nullable<UsersMoodEnum>,\n        name -> Text,\n    }\n}\n",
        );
        let extra = write(
            dir.path(),
            "extra.sql",
            "ALTER TABLE users MODIFY COLUMN mood ENUM('ok','sad') NOT NULL DEFAULT 'ok';\n",
        );
        let sources = Sources {
            diesel: vec![rs],
            sql: vec![extra.clone()],
            ..Default::default()
        };
        let l = load(&sources, DialectKind::Mysql).unwrap();
        let cols = &l.schema.tables[0].columns;
        let names: Vec<&str> = cols.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["id", "mood", "name"]);
        assert!(
            cols[1].data_type.to_lowercase().starts_with("enum('ok'"),
            "{:?}",
            cols[1]
        );
        assert!(!cols[1].nullable);
        assert_eq!(cols[1].default.as_deref(), Some("'ok'"));
        assert_eq!(cols[1].type_family, None, "the type is exact now");
        // Restated twice, the last one stands, as on the server (phpMyAdmin
        // exports restate a column the SQL defined itself this way).
        write(
            dir.path(),
            "extra.sql",
            "ALTER TABLE users MODIFY COLUMN mood ENUM('ok', 'sad') NOT NULL;\nALTER TABLE users MODIFY COLUMN mood ENUM('ok') NULL;\n",
        );
        let l = load(&sources, DialectKind::Mysql).unwrap();
        let mood = &l.schema.tables[0].columns[1];
        assert!(mood.nullable, "{mood:?}");
        assert_eq!(mood.data_type.to_lowercase(), "enum('ok')");
    }
}
