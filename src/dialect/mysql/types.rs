//! MySQL/MariaDB normalization: one canonical spelling for types, defaults,
//! expressions and implicit objects on both sides, and the comparison rules
//! the diff uses. Pure: no I/O; what only the server can decide (how it
//! rewrites a check) is the connection's `canonicalize`.
//!
//! The canonical forms, all lower case:
//! * integers without display width (`int`, `bigint unsigned`; MySQL 8.0.17
//!   deprecated the width and stopped showing it, MariaDB still shows `int(11)`),
//!   except `tinyint(1)`, the spelling of BOOLEAN, and widths that matter with
//!   ZEROFILL; `varchar(n)`, `char(n)`, `decimal(p,s)`, `double`, `float`,
//!   `datetime(6)`, `text` ... `longtext`, `json`, `enum('a','b')`;
//! * defaults as MariaDB 10.2.7+ prints `COLUMN_DEFAULT`: quoted strings,
//!   numbers in the column's format (`1.50` for `decimal(5,2)`),
//!   `current_timestamp()`; `NULL` is no default;
//! * unique constraints as [`Unique`] entries, named after their index: in
//!   MySQL a UNIQUE constraint *is* a unique index, so a unique index of plain
//!   columns is spelled as a constraint on both sides;
//! * the index InnoDB creates for a foreign key whose columns no other index
//!   leads with (MySQL manual, "FOREIGN KEY Constraints": "MySQL requires
//!   indexes on foreign keys and referenced keys ... created on the
//!   referencing table automatically if it does not exist") is added to the
//!   models, so the database's copy of it is no difference, and dropping the
//!   key drops the index with it;
//! * a MariaDB JSON column (`longtext` plus a `json_valid(col)` check, MariaDB
//!   Knowledge Base, "JSON Data Type") is `json` without the check.

use std::collections::BTreeMap;

use super::expr::{self, Escapes};
use super::render::quote_string;
use crate::dialect::Side;
use crate::diff::Compare;
use crate::schema::{
    Column, FkAction, Identity, IdentityOptions, Index, IndexPart, Schema, Table, Unique,
};

/// The comparison rules of this dialect.
pub struct MysqlCompare {
    /// Whether table and database names are told apart by case.
    table_names_case_sensitive: bool,
}

/// The rules where table names fold: `lower_case_table_names` 1 or 2, or a
/// server not asked (a comparison without a database).
pub static COMPARE: MysqlCompare = MysqlCompare {
    table_names_case_sensitive: false,
};

/// The rules where table names are case-sensitive: `lower_case_table_names`
/// 0, the default on Linux.
pub static COMPARE_CASED_TABLES: MysqlCompare = MysqlCompare {
    table_names_case_sensitive: true,
};

/// The rules for a diff against `current`: as its server compares table
/// names, which introspection recorded.
pub fn compare_for(current: &Schema) -> &'static MysqlCompare {
    match current.table_names_case_sensitive {
        Some(true) => &COMPARE_CASED_TABLES,
        _ => &COMPARE,
    }
}

impl Compare for MysqlCompare {
    /// Column, index and constraint names are case-insensitive in MySQL
    /// (MariaDB KB, "Identifier Case-sensitivity").
    fn name_key(&self, name: &str) -> String {
        name.to_lowercase()
    }

    /// Table and database names are directory and file names, so their case
    /// counts where the file system's does, unless `lower_case_table_names`
    /// is 1 (stored and compared in lower case) or 2 (stored as given,
    /// compared in lower case) (MySQL manual, "Identifier Case Sensitivity").
    /// With 0 the tables `upper` and `UPPER` are two tables, and a model
    /// naming `upper` does not describe `UPPER`: folding them would report a
    /// match while `SELECT * FROM upper` fails.
    fn table_name_key(&self, name: &str) -> String {
        if self.table_names_case_sensitive {
            name.to_string()
        } else {
            name.to_lowercase()
        }
    }

    fn adopt(&self, current: &Column, wanted: &mut Column) {
        adopt_collation(current, wanted);
    }

    /// MariaDB and MySQL rewrite the checks, generated columns and functional
    /// index parts that use a renamed column (checked here on MariaDB 10.11).
    fn rename_in_expression(&self, expression: &str, from: &str, to: &str) -> String {
        expr::rename_identifier(expression, from, to)
    }

    fn is_narrowing(&self, from: &Column, to: &Column) -> bool {
        narrows(&parse_kind(&from.data_type), &parse_kind(&to.data_type))
            || charset_narrows(from.collation.as_deref(), to.collation.as_deref())
    }
}

/// Rewrites `schema` into canonical spelling (see the module docs).
pub fn normalize(schema: &mut Schema, side: Side) {
    let escapes = match side {
        Side::Model => Escapes::Doubled,
        Side::Database => Escapes::Backslash,
    };
    for t in &mut schema.tables {
        normalize_table(t, side, escapes);
    }
    own_sequences_unqualified(schema, side);
    schema.default_collations = std::mem::take(&mut schema.default_collations)
        .into_iter()
        .map(|(charset, collation)| {
            (
                canonical_collation(&charset),
                canonical_collation(&collation),
            )
        })
        .collect();
    schema.sort();
}

/// The sequences the (canonical) defaults draw from, named as the models
/// name their own: without the database in front. MariaDB stores `DEFAULT
/// nextval(seq)` as `` nextval(`db`.`seq`) ``, naming the current database
/// (`Schema::default_schema`, which introspection records), so
/// mariadb-dump writes it so too. In the models, a sequence they create
/// themselves is theirs whatever database a default puts in front of it:
/// a dump of database `shop` says `` nextval(`shop`.`seq`) `` and means its
/// own `seq`, also as the models of a database of another name (which
/// then gets, and draws from, a `seq` of its own).
fn own_sequences_unqualified(schema: &mut Schema, side: Side) {
    let database = schema.default_schema.as_deref();
    let own: std::collections::BTreeSet<&str> = match side {
        Side::Model => schema
            .sequences
            .iter()
            .filter(|s| s.schema.is_none() || s.schema.as_deref() == database)
            .map(|s| s.name.as_str())
            .collect(),
        Side::Database => Default::default(),
    };
    if database.is_none() && own.is_empty() {
        return;
    }
    let strip = |d: &str, name: &str| Some(d) == database || own.contains(name);
    let mut plain = Vec::new();
    for (t, table) in schema.tables.iter().enumerate() {
        for (c, column) in table.columns.iter().enumerate() {
            if let Some(d) = &column.default
                && d.contains('.')
                && let Some(text) = expr::unqualify(d, &strip)
            {
                plain.push((t, c, text));
            }
        }
    }
    for (t, c, text) in plain {
        schema.tables[t].columns[c].default = Some(text);
    }
}

fn normalize_table(t: &mut Table, side: Side, escapes: Escapes) {
    // JSON models are spelled as the server prints (backslash escapes), SQL
    // models as sqlparser prints them (backslashes already unescaped).
    let escapes = if std::mem::take(&mut t.spelled_as_database) {
        Escapes::Backslash
    } else {
        escapes
    };
    for c in &mut t.columns {
        national_character_set(c);
    }
    table_collation_to_columns(t);
    let mut serials = Vec::new();
    for c in &mut t.columns {
        if is_serial(&c.data_type) {
            serials.push(c.name.clone());
        }
        normalize_column(c, escapes);
    }
    if let Some(pk) = &mut t.primary_key {
        // Every primary key is called PRIMARY (MySQL manual, "CREATE TABLE").
        pk.name = None;
        for col in &mut t.columns {
            if pk.columns.iter().any(|k| same_name(k, &col.name)) {
                col.nullable = false;
            }
        }
    }
    // SERIAL is BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE (MySQL manual,
    // "Numeric Data Type Syntax"); the unique is skipped when a key already
    // holds exactly that column.
    for name in serials {
        if !leads_with_key(t, std::slice::from_ref(&name), true) {
            t.uniques.push(Unique {
                name: None,
                columns: vec![name],
                column_options: Vec::new(),
                deferrable: Default::default(),
                nulls_not_distinct: false,
            });
        }
    }
    for check in &mut t.checks {
        check.expression = expr::canonical(&check.expression, escapes);
    }
    hide_json_checks(t);
    normalize_indexes(t, escapes);
    for fk in &mut t.foreign_keys {
        fk.on_delete = same_as_no_action(fk.on_delete);
        fk.on_update = same_as_no_action(fk.on_update);
    }
    if side == Side::Model {
        add_foreign_key_indexes(t);
    }
    t.comment = t.comment.take().filter(|c| !c.is_empty());
    t.engine = t.engine.take().map(|e| canonical_engine(&e));
}

/// An engine's name as the server reports it (`information_schema.TABLES`,
/// `SHOW ENGINES`), with the synonyms `CREATE TABLE` takes resolved (MySQL
/// manual, "Alternative Storage Engines": `HEAP` is MEMORY, `MERGE` is
/// MRG_MyISAM; `INNOBASE` is InnoDB's old name); an engine not listed keeps
/// its spelling, and the diff compares engines ignoring case anyway.
pub fn canonical_engine(name: &str) -> String {
    const ENGINES: &[(&str, &str)] = &[
        ("innodb", "InnoDB"),
        ("innobase", "InnoDB"),
        ("myisam", "MyISAM"),
        ("aria", "Aria"),
        ("memory", "MEMORY"),
        ("heap", "MEMORY"),
        ("archive", "ARCHIVE"),
        ("csv", "CSV"),
        ("blackhole", "BLACKHOLE"),
        ("mrg_myisam", "MRG_MyISAM"),
        ("merge", "MRG_MyISAM"),
        ("federated", "FEDERATED"),
        ("sequence", "SEQUENCE"),
        ("ndb", "ndbcluster"),
        ("ndbcluster", "ndbcluster"),
    ];
    let name = name.trim();
    ENGINES
        .iter()
        .find(|(alias, _)| alias.eq_ignore_ascii_case(name))
        .map_or_else(|| name.to_string(), |(_, spelled)| spelled.to_string())
}

/// Whether a table of `engine` keeps foreign keys. Only InnoDB does (and
/// MySQL Cluster's NDB); every other engine accepts `FOREIGN KEY` in
/// `CREATE TABLE` and `ALTER TABLE ... ADD` and ignores it, keeping only
/// the index it creates for the key (MySQL manual, "FOREIGN KEY
/// Constraints"; checked on MariaDB 10.11 with MyISAM and Aria), and an
/// InnoDB key cannot reference such a table.
pub fn keeps_foreign_keys(engine: &str) -> bool {
    ["InnoDB", "ndbcluster"]
        .iter()
        .any(|e| e.eq_ignore_ascii_case(engine))
}

/// Leaves out the models' foreign keys the server would ignore: those of a
/// table whose engine keeps none, and those that reference such a table,
/// the engine being the one the models name or, where they name none, the
/// database's (`current`'s). The index the server creates for such a key
/// stays in the models (normalization added it), as the server keeps it.
/// Without this a MyISAM table's key would be added by every revision and
/// never be there. Returns a warning for each key left out.
pub fn drop_foreign_keys_engines_ignore(model: &mut Schema, current: &Schema) -> Vec<String> {
    let cmp = compare_for(current);
    let by_table = crate::diff::tables_by_key(current, cmp);
    let engine_of = |t: &Table| -> Option<String> {
        t.engine.clone().or_else(|| {
            by_table
                .get(&crate::diff::table_key(cmp, &t.qualified()))
                .and_then(|l| l.engine.clone())
        })
    };
    // The tables, by key, whose engine keeps no foreign keys, with it.
    let without: BTreeMap<(Option<String>, String), String> = model
        .tables
        .iter()
        .filter_map(|t| {
            let engine = engine_of(t)?;
            (!keeps_foreign_keys(&engine))
                .then(|| (crate::diff::table_key(cmp, &t.qualified()), engine))
        })
        .collect();
    if without.is_empty() {
        return Vec::new();
    }
    let mut warnings = Vec::new();
    for t in &mut model.tables {
        let own = without.get(&crate::diff::table_key(cmp, &t.qualified()));
        let name = t.qualified();
        t.foreign_keys.retain(|fk| {
            let label = fk
                .name
                .as_ref()
                .map_or_else(|| format!("({})", fk.columns.join(", ")), |n| n.clone());
            if let Some(engine) = own {
                warnings.push(format!(
                    "table {name}: foreign key {label} is left out: a table of engine {engine} keeps no foreign keys (the server ignores it and keeps only its index)"
                ));
                return false;
            }
            let target = crate::diff::table_key(cmp, &fk.ref_qualified());
            if let Some(engine) = without.get(&target) {
                warnings.push(format!(
                    "table {name}: foreign key {label} is left out: it references {}, a table of engine {engine}, which no foreign key can reference",
                    fk.ref_qualified()
                ));
                return false;
            }
            true
        });
    }
    warnings
}

/// A national character type (`NCHAR(n)`, `NATIONAL VARCHAR(n)`, ...) is
/// CHAR or VARCHAR in utf8mb3, whatever the table's character set (MySQL
/// Reference Manual, "The CHAR and VARCHAR Types": "MySQL uses utf8mb3 as
/// this predefined character set"; MariaDB 10.11 alike): a column of one that
/// names no collation of its own has utf8mb3's default, which the type name
/// loses once canonical.
fn national_character_set(c: &mut Column) {
    const NATIONAL: &[&str] = &[
        "nchar",
        "nvarchar",
        "national char",
        "national character",
        "national varchar",
        "national char varying",
        "national character varying",
        "nchar varying",
        "nchar varchar",
    ];
    if c.collation.is_none() && NATIONAL.contains(&split_type(&c.data_type).base.as_str()) {
        c.collation = Some("utf8mb3".into());
    }
}

fn same_name(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// Whether a key holds a column of type `ty` (canonical) only by a prefix
/// of it: `Some` for the TEXT and BLOB types, and JSON (a LONGTEXT on
/// MariaDB; MySQL keys it not at all), with `Some(true)` for the BLOBs,
/// whose bounded counterpart is VARBINARY rather than VARCHAR.
pub fn keyed_by_prefix_only(ty: &str) -> Option<bool> {
    match parse_kind(ty) {
        Kind::Text { .. } | Kind::Json => Some(false),
        Kind::Blob { .. } => Some(true),
        _ => None,
    }
}

fn is_serial(data_type: &str) -> bool {
    data_type.trim().eq_ignore_ascii_case("serial")
}

/// Of a column's identity options, the one MySQL and MariaDB can give a
/// table's auto-increment counter, its first value (the table option
/// `AUTO_INCREMENT=N`); 1, the default, and anything below (which the server
/// takes as 1) are left out, and so are the step and the limits (server
/// settings there, `auto_increment_increment`, or the column's type).
fn auto_increment_start(c: &Column) -> Option<Box<IdentityOptions>> {
    let start = c.identity_options.as_deref()?.start.filter(|&s| s > 1)?;
    c.identity.is_some().then(|| {
        Box::new(IdentityOptions {
            start: Some(start),
            ..Default::default()
        })
    })
}

/// InnoDB treats RESTRICT and NO ACTION alike (MySQL manual, "FOREIGN KEY
/// Constraints": "NO ACTION ... InnoDB rejects the delete or update ... same as RESTRICT").
fn same_as_no_action(action: FkAction) -> FkAction {
    match action {
        FkAction::Restrict => FkAction::NoAction,
        other => other,
    }
}

fn normalize_column(c: &mut Column, escapes: Escapes) {
    let serial = is_serial(&c.data_type);
    c.data_type = canonical_type(&c.data_type, escapes);
    if serial {
        c.nullable = false;
        c.identity = Some(Identity::AutoIncrement);
    }
    // MySQL has one way for a column to number itself, and such a column is
    // NOT NULL whatever was written (MariaDB stores `pid BIGINT NULL
    // AUTO_INCREMENT` as NOT NULL).
    if c.identity.is_some() {
        c.identity = Some(Identity::AutoIncrement);
        c.nullable = false;
    }
    c.identity_options = auto_increment_start(c);
    c.default = c
        .default
        .take()
        .and_then(|d| canonical_default(&d, &c.data_type, escapes));
    c.on_update = c
        .on_update
        .take()
        .and_then(|d| canonical_default(&d, &c.data_type, escapes))
        .map(String::into_boxed_str);
    if let Some(g) = &mut c.generated {
        g.expression = expr::canonical(&g.expression, escapes);
    }
    c.collation = c
        .collation
        .take()
        .map(|n| canonical_collation(&n).into_boxed_str());
    c.comment = c.comment.take().filter(|s| !s.is_empty());
}

/// The canonical spelling of a collation or character set name: lower case
/// (the names are case-insensitive, MySQL manual, "Collation Naming
/// Conventions"), and `utf8` by its real name `utf8mb3`, which MariaDB 10.6+
/// and MySQL 8.0.30+ report for DDL written `utf8` / `utf8_bin` (MariaDB KB,
/// "Unicode": utf8 is an alias for utf8mb3 while `old_mode` has
/// UTF8_IS_UTF8MB3, the default; MySQL manual, "The utf8 Character Set
/// (Deprecated alias for utf8mb3)"). Older servers report `utf8` but take
/// `utf8mb3` and `utf8mb3_bin` (MySQL 5.7 manual, "The utf8mb3 Character
/// Set"), so writing the real name is safe everywhere. Only the exact
/// character set `utf8` and the `utf8_` collations: `utf8mb4` is another.
pub fn canonical_collation(name: &str) -> String {
    let lower = name.trim().trim_matches(['`', '\'', '"']).to_lowercase();
    if lower == "utf8" {
        return "utf8mb3".to_string();
    }
    match lower.strip_prefix("utf8_") {
        Some(rest) => format!("utf8mb3_{rest}"),
        None => lower,
    }
}

/// The character set a collation belongs to: the start of its name (MySQL
/// manual, "Collation Naming Conventions"; `binary` is its own); a
/// character set's name alone is that character set.
pub fn charset_of(collation: &str) -> &str {
    collation.split('_').next().unwrap_or(collation)
}

/// Whether a collation field names a character set alone, which stands for
/// the character set's default collation (see `resolve_charsets`): every
/// collation name but `binary` holds a `_`, and `binary` is the binary
/// character set's default collation as well as its name.
pub fn names_charset_only(collation: &str) -> bool {
    !collation.contains('_')
}

/// Whether text in collation `from` may not fit collation `to`: a collation
/// names its character set first (`latin1_german1_ci`, MySQL manual,
/// "Collation Naming Conventions"), and only utf8mb4 holds every character
/// (utf8mb3 every one outside the supplementary planes).
fn charset_narrows(from: Option<&str>, to: Option<&str>) -> bool {
    let charset = |c: &str| charset_of(c).to_ascii_lowercase();
    let (Some(from), Some(to)) = (from, to) else {
        return false;
    };
    let (from, to) = (charset(from), charset(to));
    let holds_all =
        |c: &str| c == "utf8mb4" || ((c == "utf8mb3" || c == "utf8") && from != "utf8mb4");
    from != to && !holds_all(&to)
}

/// A table's `COLLATE=` is the collation of its text columns that name none
/// (MySQL manual, "Table Character Set and Collation"): given to them, it is
/// compared and written with them. It stays the table's own default too,
/// which columns added later without a collation take: compared when the
/// models name one (see [`adopt_collations`]). A column naming a character
/// set of its own (`CHARACTER SET ascii`, held as `ascii`) keeps it, and
/// so does the table its `COLLATE=`. A table's character set alone goes to
/// its columns the same way, resolved with them later ([`resolve_charsets`]).
fn table_collation_to_columns(t: &mut Table) {
    t.collation = t.collation.take().map(|n| canonical_collation(&n));
    let Some(collation) = &t.collation else {
        return;
    };
    for c in &mut t.columns {
        if c.collation.is_none() && parse_kind(&c.data_type).has_collation() {
            c.collation = Some(collation.as_str().into());
        }
    }
}

/// A model column that names no collation gets the one its database column
/// has. MySQL gives every text column a collation, by default the table's,
/// which the table's own default, the database's or the server's decides
/// (MySQL manual, "Specifying Character Sets and Collations"), and no model
/// says all of those. So an unnamed collation is the database's: it is
/// compared only when the models name one, and `MODIFY`, which resets what it
/// is not told, repeats the column's own. The diff does the same for a renamed
/// column, which only it pairs with its current self ([`Compare::adopt`]).
/// Likewise a table's own default collation is compared only when the models
/// give the table a `COLLATE=` (or a `DEFAULT CHARSET=`). A character set
/// named alone is first resolved to its collation (`resolve_charsets`).
pub fn adopt_collations(model: &mut Schema, current: &Schema) {
    let cmp = compare_for(current);
    let by_table = crate::diff::tables_by_key(current, cmp);
    for t in &mut model.tables {
        let live = by_table
            .get(&crate::diff::table_key(cmp, &t.qualified()))
            .copied();
        resolve_charsets(t, live, &current.default_collations);
        let Some(live) = live else {
            continue;
        };
        if t.collation.is_none() {
            t.collation = live.collation.clone();
        }
        // An engine the models do not name is the database's too, so that
        // nothing (the diff, `check`'s side-by-side DDL) tells them apart.
        if t.engine.is_none() {
            t.engine = live.engine.clone();
        }
        for c in &mut t.columns {
            if let Some(l) = live.columns.iter().find(|l| same_name(&l.name, &c.name)) {
                adopt_collation(l, c);
            }
        }
    }
}

/// A character set the models name without a collation is that character
/// set's default collation (MySQL manual, "Column Character Set and
/// Collation": "If CHARACTER SET charset_name is specified without COLLATE,
/// character set charset_name and its default collation are used"; the
/// same for a table), as the server says (`defaults`, introspection's
/// [`Schema::default_collations`]): compared and written as if the models
/// had given it, so a table created from them has the character set they
/// ask for, whatever the database's default. Without the server's answer
/// (a comparison without a database, or a character set it does not know),
/// a `live` table or column already in that character set keeps its
/// collation; anything else keeps the name alone, written as `CHARACTER
/// SET` for the server to complete (or refuse).
fn resolve_charsets(t: &mut Table, live: Option<&Table>, defaults: &BTreeMap<String, String>) {
    let resolve = |name: &mut String, live: Option<&str>| {
        if !names_charset_only(name) {
            return;
        }
        let found = defaults
            .get(name.as_str())
            .map(String::as_str)
            .or_else(|| live.filter(|l| !names_charset_only(l) && charset_of(l) == name.as_str()));
        if let Some(collation) = found {
            *name = collation.to_string();
        }
    };
    if let Some(name) = &mut t.collation {
        resolve(name, live.and_then(|l| l.collation.as_deref()));
    }
    for c in &mut t.columns {
        let Some(name) = &c.collation else {
            continue;
        };
        let mut name = name.to_string();
        let live_column = live.and_then(|l| l.columns.iter().find(|l| same_name(&l.name, &c.name)));
        resolve(&mut name, live_column.and_then(|l| l.collation.as_deref()));
        c.collation = Some(name.into_boxed_str());
    }
}

/// The collation of `current` for a `wanted` column that names none and
/// still holds text.
fn adopt_collation(current: &Column, wanted: &mut Column) {
    if wanted.collation.is_none() && parse_kind(&wanted.data_type).has_collation() {
        wanted.collation = current
            .collation
            .clone()
            .or_else(|| json_collation(current, wanted));
    }
}

/// The collation of a JSON column's text, which normalization hides (see
/// [`hide_json_checks`]): MariaDB's JSON is `longtext` in utf8mb4_bin (MariaDB
/// KB, "JSON Data Type"), and MySQL compares JSON strings in utf8mb4_bin
/// (MySQL manual, "The JSON Data Type", Comparison and Ordering). A JSON
/// column turning into text keeps it, as any column whose type changes keeps
/// its collation: a `MODIFY` without one would give it the table's default,
/// often case-insensitive.
/// A column staying JSON has none to compare (normalization hides it); nor
/// does one whose source names only a family of types (Diesel's `Longtext`,
/// which print-schema writes for MariaDB's JSON): autogenerate keeps the live
/// `json` for it later.
fn json_collation(current: &Column, wanted: &Column) -> Option<Box<str>> {
    (current.data_type == "json" && wanted.data_type != "json" && wanted.type_family.is_none())
        .then(|| "utf8mb4_bin".into())
}

/// MariaDB's JSON is `longtext` with a `json_valid(col)` check named after the
/// column; both sides spell it `json` without the check. A JSON column the
/// models give that check themselves (`doc json CHECK (json_valid(doc))`)
/// has it once on MariaDB, which merges the two, and needs none on MySQL,
/// whose JSON type validates its values: on a JSON column every such check
/// is hidden, whatever its name (MySQL 8 names an unnamed check
/// `<table>_chk_<n>`; MariaDB keeps a named one beside its own).
fn hide_json_checks(t: &mut Table) {
    for c in &mut t.columns {
        // JSON text is always utf8mb4_bin (MariaDB KB, "JSON Data Type";
        // MySQL's JSON has none): nothing a model can choose.
        if c.data_type == "json" {
            c.collation = None;
        }
        if c.data_type != "longtext" && c.data_type != "json" {
            continue;
        }
        let wanted = expr::canonical(
            &format!(
                "json_valid({})",
                crate::dialect::quote_doubling(&c.name, '`')
            ),
            Escapes::Backslash,
        );
        if c.data_type == "longtext" {
            let found = t.checks.iter().position(|k| {
                k.expression == wanted && k.name.as_deref().is_none_or(|n| same_name(n, &c.name))
            });
            let Some(i) = found else { continue };
            t.checks.remove(i);
            c.data_type = "json".into();
            c.collation = None;
        }
        t.checks.retain(|k| k.expression != wanted);
    }
}

fn normalize_indexes(t: &mut Table, escapes: Escapes) {
    let mut kept = Vec::new();
    for mut index in std::mem::take(&mut t.indexes) {
        index.method = index
            .method
            .map(|m| m.to_ascii_lowercase())
            // BTREE is the default; InnoDB ignores USING HASH and builds a
            // B-tree (MariaDB KB, "Storage Engine Index Types").
            .filter(|m| m != "btree" && m != "hash");
        // An empty comment is none (`INDEX_COMMENT` is '' for an index without).
        index.comment = index.comment.take().filter(|c| !c.is_empty());
        for p in &mut index.parts {
            if p.expression {
                p.value = expr::canonical(&p.value, escapes);
            }
            // NULL sorts lowest: first ascending, last descending. A clause
            // saying so is dropped (MySQL accepts none in an index); another
            // is left for rendering to refuse.
            p.nulls_first = p.nulls_first.filter(|&first| first == p.descending);
            drop_whole_prefix(p, &t.columns);
        }
        // What MySQL cannot build stays an index, for rendering to refuse;
        // so does a unique key with a comment or ignored, which a unique
        // constraint has no place for.
        let plain = index.predicate.is_none()
            && index.comment.is_none()
            && !index.ignored
            && index.method.is_none()
            && index.postgres_only().is_none()
            && index.parts.iter().all(|p| !p.expression && !p.descending);
        if index.unique && plain {
            t.uniques.push(Unique {
                name: index.name,
                columns: index.parts.into_iter().map(|p| p.value).collect(),
                column_options: Vec::new(),
                deferrable: Default::default(),
                nulls_not_distinct: false,
            });
        } else {
            kept.push(index);
        }
    }
    t.indexes = kept;
}

/// A prefix that covers the whole column is no prefix: MariaDB stores `KEY
/// (v(20))` on a `VARCHAR(20)` as a key on `v`, and a `MODIFY` that shortens
/// the column below a prefix turns the key into a full one too. A prefix
/// longer than the column, which `CREATE INDEX` refuses (error 1089, "the used
/// length is longer than the key part"), is read the same way: it is what the
/// server keeps after such a `MODIFY`, so the models compare clean and the
/// index is written without it. Only for the types whose length is the limit
/// (characters for CHAR/VARCHAR, bytes for BINARY/VARBINARY); TEXT and BLOB
/// keys need their prefix.
fn drop_whole_prefix(part: &mut IndexPart, columns: &[Column]) {
    if !part.expression {
        return;
    }
    let Some((name, length)) = expr::prefix_part(&part.value) else {
        return;
    };
    let Some(column) = columns.iter().find(|c| same_name(&c.name, &name)) else {
        return;
    };
    let whole = match parse_kind(&column.data_type) {
        Kind::Char { length: l } | Kind::Binary { length: l } => l > 0 && u64::from(length) >= l,
        _ => false,
    };
    if whole {
        part.value = column.name.clone();
        part.expression = false;
    }
}

/// Whether a key holds `columns`: with `exact`, a primary or unique key of
/// exactly those columns; otherwise any key or index that starts with them,
/// in order (what InnoDB accepts as a foreign key's index).
fn leads_with_key(t: &Table, columns: &[String], exact: bool) -> bool {
    let leads = |key: &[String]| {
        key.len() >= columns.len() && key.iter().zip(columns).all(|(a, b)| same_name(a, b))
    };
    let test = |key: &[String]| {
        if exact {
            key.len() == columns.len() && leads(key)
        } else {
            leads(key)
        }
    };
    t.primary_key.as_ref().is_some_and(|pk| test(&pk.columns))
        || t.uniques.iter().any(|u| test(&u.columns))
        || (!exact
            && t.indexes.iter().any(|i| {
                let cols: Vec<String> = i
                    .parts
                    .iter()
                    .take_while(|p| !p.expression)
                    .map(|p| p.value.clone())
                    .collect();
                i.method.is_none() && leads(&cols)
            }))
}

/// The indexes InnoDB adds for foreign keys no index supports, named as
/// InnoDB names them (after the constraint) or unnamed when the key is.
fn add_foreign_key_indexes(t: &mut Table) {
    for i in 0..t.foreign_keys.len() {
        let fk = &t.foreign_keys[i];
        if fk.columns.is_empty() || leads_with_key(t, &fk.columns, false) {
            continue;
        }
        let index = Index {
            name: fk.name.clone(),
            parts: fk.columns.iter().map(|c| IndexPart::column(c)).collect(),
            ..Default::default()
        };
        t.indexes.push(index);
    }
}

// ---------------------------------------------------------------------------
// Types

/// A type split into its words, its parenthesized arguments and its flags.
struct TypeText {
    base: String,
    args: Option<String>,
    unsigned: bool,
    zerofill: bool,
    rest: Vec<String>,
}

fn split_type(text: &str) -> TypeText {
    let text = text.trim();
    let (head, args, tail) = match text.find('(') {
        Some(open) => {
            let close = matching_paren(text, open).unwrap_or(text.len() - 1);
            (
                &text[..open],
                Some(text[open..=close].to_string()),
                &text[(close + 1).min(text.len())..],
            )
        }
        None => (text, None, ""),
    };
    let mut base = Vec::new();
    let mut rest = Vec::new();
    let (mut unsigned, mut zerofill) = (false, false);
    let words = head
        .split_whitespace()
        .map(|w| (true, w))
        .chain(tail.split_whitespace().map(|w| (false, w)));
    for (in_head, w) in words {
        match w.to_ascii_lowercase().as_str() {
            "unsigned" => unsigned = true,
            "zerofill" => zerofill = true,
            "signed" => {}
            // MariaDB's column compression follows the type, with or
            // without a length (`mediumtext COMPRESSED`): an attribute, not
            // part of the type's name.
            "compressed" => rest.push("compressed".to_string()),
            lower if in_head => base.push(lower.to_string()),
            lower => rest.push(lower.to_string()),
        }
    }
    TypeText {
        base: base.join(" "),
        args,
        unsigned,
        zerofill,
        rest,
    }
}

fn matching_paren(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    let mut prev = '\0';
    for (i, c) in text.char_indices().skip_while(|(i, _)| *i < open) {
        match quote {
            Some(q) if c == q && prev != '\\' => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '(' => depth += 1,
            None if c == ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            None => {}
        }
        prev = if prev == '\\' { '\0' } else { c };
    }
    None
}

/// The numbers in `(10,2)`.
fn numbers(args: &Option<String>) -> Vec<u64> {
    args.as_deref()
        .map(|a| {
            a.trim_matches(|c| c == '(' || c == ')')
                .split(',')
                .filter_map(|n| n.trim().parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// Integer types by size: name, spellings, display width of the unsigned type
/// (what ZEROFILL pads to when no width is written).
const INTEGERS: &[(&str, &[&str], u64)] = &[
    ("tinyint", &["tinyint", "int1"], 3),
    ("smallint", &["smallint", "int2"], 5),
    ("mediumint", &["mediumint", "int3", "middleint"], 8),
    ("int", &["int", "integer", "int4"], 10),
    ("bigint", &["bigint", "int8"], 20),
];

fn with_flags(mut name: String, t: &TypeText) -> String {
    if t.unsigned || t.zerofill {
        name.push_str(" unsigned");
    }
    if t.zerofill {
        name.push_str(" zerofill");
    }
    for w in &t.rest {
        name.push(' ');
        name.push_str(w);
    }
    name
}

/// The canonical spelling of a column type (see the module docs).
pub fn canonical_type(text: &str, escapes: Escapes) -> String {
    let t = split_type(text);
    let n = numbers(&t.args);
    let base = t.base.as_str();
    if let Some((name, _, width)) = INTEGERS
        .iter()
        .find(|(_, aliases, _)| aliases.contains(&base))
    {
        let text = if t.zerofill {
            // ZEROFILL pads to the display width, so the width matters.
            format!("{name}({})", n.first().copied().unwrap_or(*width))
        } else if *name == "tinyint" && n.first() == Some(&1) {
            "tinyint(1)".to_string()
        } else {
            name.to_string()
        };
        return with_flags(text, &t);
    }
    let sized = |name: &str, default: Option<u64>| match n.first().copied().or(default) {
        Some(len) => format!("{name}({len})"),
        None => name.to_string(),
    };
    let fsp = |name: &str| match n.first() {
        Some(0) | None => name.to_string(),
        Some(p) => format!("{name}({p})"),
    };
    let text = match base {
        "bool" | "boolean" => "tinyint(1)".to_string(),
        "serial" => "bigint unsigned".to_string(),
        "decimal" | "dec" | "numeric" | "fixed" => format!(
            "decimal({},{})",
            n.first().copied().unwrap_or(10),
            n.get(1).copied().unwrap_or(0)
        ),
        "double" | "double precision" | "real" | "float8" => match n.as_slice() {
            [m, d] => format!("double({m},{d})"),
            _ => "double".to_string(),
        },
        "float" | "float4" => match n.as_slice() {
            // FLOAT(p): p <= 24 is single precision, up to 53 double (MySQL
            // manual, "Floating-Point Types").
            [p] if *p > 24 => "double".to_string(),
            [m, d] => format!("float({m},{d})"),
            _ => "float".to_string(),
        },
        "char" | "character" | "nchar" | "national char" | "national character" => {
            sized("char", Some(1))
        }
        "varchar"
        | "character varying"
        | "char varying"
        | "nvarchar"
        | "national varchar"
        | "national character varying"
        | "national char varying"
        | "nchar varying"
        | "nchar varchar"
        | "varcharacter" => sized("varchar", None),
        "binary" => sized("binary", Some(1)),
        "varbinary" => sized("varbinary", None),
        "bit" => sized("bit", Some(1)),
        "datetime" | "timestamp" | "time" => fsp(base),
        "year" => match n.first() {
            Some(2) => "year(2)".to_string(),
            _ => "year".to_string(),
        },
        // TEXT(n) and BLOB(n) pick the smallest type that holds n characters
        // or bytes (MariaDB KB, "TEXT"); characters count 4 bytes in utf8mb4,
        // the server's default character set.
        "text" => match n.first() {
            Some(len) => text_for_bytes("text", len.saturating_mul(4)),
            None => "text".to_string(),
        },
        "blob" => match n.first() {
            Some(len) => text_for_bytes("blob", *len),
            None => "blob".to_string(),
        },
        "long" | "long varchar" | "long char varying" => "mediumtext".to_string(),
        "long varbinary" => "mediumblob".to_string(),
        "enum" | "set" => {
            let values = t
                .args
                .as_deref()
                .and_then(|a| expr::string_list(a, escapes));
            match values {
                // Trailing spaces of a member are dropped (MySQL manual,
                // "The ENUM Type": "Trailing spaces are automatically deleted
                // from ENUM member values in the table definition when a
                // table is created"; SET alike, checked on MariaDB 10.11).
                Some(v) => format!(
                    "{base}({})",
                    v.iter()
                        .map(|s| quote_string(s.trim_end_matches(' ')))
                        .collect::<Vec<_>>()
                        .join(",")
                ),
                None => format!("{base}{}", t.args.as_deref().unwrap_or("")),
            }
        }
        _ => match &t.args {
            Some(a) => format!("{base}{}", a.split_whitespace().collect::<String>()),
            None => base.to_string(),
        },
    };
    with_flags(text, &t)
}

fn text_for_bytes(family: &str, bytes: u64) -> String {
    let prefix = if bytes <= 255 {
        "tiny"
    } else if bytes <= 65_535 {
        ""
    } else if bytes <= 16_777_215 {
        "medium"
    } else {
        "long"
    };
    format!("{prefix}{family}")
}

// ---------------------------------------------------------------------------
// Defaults

/// The canonical default of a column of canonical type `ty`; `None` for no
/// default (`NULL`, which MariaDB prints for a nullable column without one).
pub fn canonical_default(raw: &str, ty: &str, escapes: Escapes) -> Option<String> {
    if raw.trim().is_empty() {
        return None;
    }
    let mut text = expr::canonical(raw, escapes);
    if text == "NULL" {
        return None;
    }
    let kind = parse_kind(ty);
    let mut value = expr::literal(&text, Escapes::Backslash);
    if kind.is_numeric()
        && let Some(n) = value.as_ref().and_then(bytes_as_number)
    {
        text = n.to_string();
        value = Some(expr::Literal::Num(text.clone()));
    }
    match &kind {
        Kind::Bit { .. } => {
            if let Some(bits) = value.as_ref().and_then(bit_value) {
                return Some(bits);
            }
        }
        Kind::Binary { length } | Kind::Blob { bytes: length } => {
            let fixed = split_type(ty).base == "binary";
            if let Some(mut bytes) = value.map(binary_value) {
                // BINARY(n) pads its values with 0x00 bytes to n (MySQL
                // manual, "The BINARY and VARBINARY Types"), its default too:
                // MariaDB prints DEFAULT 'a' of a BINARY(2) as 'a\0'.
                if fixed && bytes.len() < *length as usize {
                    bytes.resize(*length as usize, 0);
                }
                return Some(hex_literal(&bytes));
            }
        }
        Kind::Year => {
            if let Some(year) = value.as_ref().and_then(four_digit_year) {
                return Some(year);
            }
        }
        _ => {}
    }
    let as_string = expr::string_value(&text, Escapes::Backslash);
    if kind.is_numeric() {
        // MariaDB stores DEFAULT '3' of a number column as the number.
        let number = as_string.as_deref().unwrap_or(&text);
        if let Some(n) = canonical_number(number, &kind) {
            return Some(n);
        }
    } else if kind.is_textual() {
        // DEFAULT 0 of a string column is the string '0'.
        let string = as_string.or_else(|| is_number(&text).then(|| text.clone()));
        if let Some(s) = string {
            let s = canonical_temporal(&s, &kind).unwrap_or(s);
            let s = if drops_trailing_spaces(ty, &kind) {
                s.trim_end_matches(' ').to_string()
            } else {
                s
            };
            return Some(quote_string(&s));
        }
    }
    Some(text)
}

/// Whether a string default of a column of canonical type `ty` loses its
/// trailing spaces when stored: a CHAR's, whose pad spaces are removed on
/// retrieval (MySQL manual, "The CHAR and VARCHAR Types"), and an ENUM's or
/// SET's, whose members lost theirs (see [`canonical_type`]); MariaDB 10.11
/// prints `DEFAULT 'ab  '` of a CHAR(5) as `'ab'`. Not a VARCHAR's.
fn drops_trailing_spaces(ty: &str, kind: &Kind) -> bool {
    matches!(kind, Kind::Enum { .. }) || (split_type(ty).base == "char")
}

/// The unsigned integer a hex or bit literal's bytes make, as a number
/// column's default: MariaDB stores `int DEFAULT 0x10` as 16 and `DEFAULT
/// b'101'` as 5 (checked on MariaDB 10.11), and refuses `DEFAULT x'10'` there
/// (ERROR 1067), so the models' `x'10'` (sqlparser's spelling of `0x10`) is
/// written as the number. `None` for another literal, or more than 8 bytes.
fn bytes_as_number(value: &expr::Literal) -> Option<u64> {
    match value {
        expr::Literal::Bytes(b) if !b.is_empty() && b.len() <= 8 => {
            Some(b.iter().fold(0u64, |acc, &x| (acc << 8) | u64::from(x)))
        }
        _ => None,
    }
}

/// A BIT default as MariaDB prints it, `b'101'` without leading zeros,
/// whether written as a number (`5`), a bit or hex literal (`b'00000101'`,
/// `x'05'`) or a string, whose bytes are the bits (`'5'` is `b'110101'`).
fn bit_value(value: &expr::Literal) -> Option<String> {
    let bytes = match value {
        expr::Literal::Num(n) => return n.parse::<u64>().ok().map(|v| format!("b'{v:b}'")),
        expr::Literal::Str(s) => s.as_bytes(),
        expr::Literal::Bytes(b) => b.as_slice(),
    };
    let significant: Vec<u8> = bytes.iter().copied().skip_while(|&b| b == 0).collect();
    if significant.len() > 8 {
        return None;
    }
    let v = significant
        .iter()
        .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
    Some(format!("b'{v:b}'"))
}

/// The bytes a binary column's default holds: a string's (UTF-8), a hex or
/// bit literal's, or a number's digits (a number is converted to its text).
fn binary_value(value: expr::Literal) -> Vec<u8> {
    match value {
        expr::Literal::Str(s) | expr::Literal::Num(s) => s.into_bytes(),
        expr::Literal::Bytes(b) => b,
    }
}

/// Bytes as a hex literal, `x'00ff'`: the one spelling of a binary default on
/// both sides, which also keeps NUL and control bytes out of revision files
/// and printed DDL (MariaDB prints them raw inside quotes).
fn hex_literal(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2 + 3);
    out.push_str("x'");
    for b in bytes {
        out.push_str(&format!("{b:02x}"));
    }
    out.push('\'');
    out
}

/// A two-digit YEAR default as the year it stands for (MySQL manual, "The
/// YEAR Type"): 1 to 69 are 2001 to 2069, 70 to 99 are 1970 to 1999, and the
/// string '0' or '00' is 2000 while the number 0 is 0000.
fn four_digit_year(value: &expr::Literal) -> Option<String> {
    let (digits, string) = match value {
        expr::Literal::Str(s) => (s.trim(), true),
        expr::Literal::Num(n) => (n.as_str(), false),
        expr::Literal::Bytes(_) => return None,
    };
    if digits.is_empty() || digits.len() > 2 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    Some(match n {
        0 if !string => "0".to_string(),
        0..=69 => (2000 + n).to_string(),
        _ => (1900 + n).to_string(),
    })
}

/// A DATE, DATETIME, TIMESTAMP or TIME literal in the form MariaDB prints
/// the column's default in: `'1:2:3'` is `'01:02:03'`, `'2024-1-2'` is
/// `'2024-01-02'`, a DATETIME's date alone gets `00:00:00`, fractional
/// seconds are padded to the column's precision. `None` for another kind or
/// text it cannot read for certain, which is then compared as written:
/// digits beyond the precision that are not zero (MariaDB truncates them,
/// MySQL rounds) and forms the manual leaves to the server's leniency.
fn canonical_temporal(text: &str, kind: &Kind) -> Option<String> {
    let text = text.trim();
    match kind {
        Kind::Date => {
            let (y, m, d) = parse_date(text)?;
            Some(format!("{y:04}-{m:02}-{d:02}"))
        }
        Kind::DateTime { fsp } | Kind::Timestamp { fsp } => {
            let (date, time) = split_datetime(text)?;
            let (y, m, d) = parse_date(&date)?;
            let (h, mi, s, frac) = match &time {
                Some(t) => parse_clock(t, 23)?,
                None => (0, 0, 0, ""),
            };
            let frac = fraction(frac, *fsp)?;
            Some(format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{s:02}{frac}"))
        }
        Kind::Time { fsp } => {
            let (negative, rest) = match text.strip_prefix('-') {
                Some(r) => (true, r),
                None => (false, text),
            };
            // 'D HH:MM:SS' counts D days of 24 hours.
            let (days, clock) = match rest.split_once(' ') {
                Some((d, c)) if !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()) => {
                    (d.parse::<u64>().ok()?, c.trim())
                }
                Some(_) => return None,
                None => (0, rest),
            };
            let (h, mi, s, frac) = if clock.contains(':') {
                parse_clock(clock, 838)?
            } else if days == 0 {
                // Digits alone read from the right: SS, MMSS, HHMMSS.
                let (whole, frac) = clock.split_once('.').unwrap_or((clock, ""));
                if whole.is_empty() || whole.len() > 7 || !whole.chars().all(|c| c.is_ascii_digit())
                {
                    return None;
                }
                let padded = format!("{whole:0>6}");
                let (hh, rest) = padded.split_at(padded.len() - 4);
                (
                    hh.parse().ok()?,
                    rest[..2].parse().ok()?,
                    rest[2..].parse().ok()?,
                    frac,
                )
            } else {
                return None;
            };
            if mi > 59 || s > 59 {
                return None;
            }
            let h = days.checked_mul(24)?.checked_add(h)?;
            if h > 838 {
                return None;
            }
            let frac = fraction(frac, *fsp)?;
            let zero = h == 0 && mi == 0 && s == 0 && frac.chars().all(|c| c == '0' || c == '.');
            let sign = if negative && !zero { "-" } else { "" };
            Some(format!("{sign}{h:02}:{mi:02}:{s:02}{frac}"))
        }
        _ => None,
    }
}

/// A date as year, month, day: `YYYY-MM-DD` with any punctuation between
/// the parts, or the digits alone (`YYYYMMDD`); two-digit years as in
/// [`four_digit_year`]. Zero parts pass (MariaDB keeps zero dates).
fn parse_date(text: &str) -> Option<(u32, u32, u32)> {
    let parts: Vec<&str> = if text.chars().all(|c| c.is_ascii_digit()) {
        match text.len() {
            8 => vec![&text[..4], &text[4..6], &text[6..]],
            6 => vec![&text[..2], &text[2..4], &text[4..]],
            _ => return None,
        }
    } else {
        text.split(|c: char| c.is_ascii_punctuation()).collect()
    };
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let digits = |s: &str, max_len: usize| {
        (!s.is_empty() && s.len() <= max_len && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let year = match y.len() {
        4 => digits(y, 4)?,
        2 => match digits(y, 2)? {
            n @ 0..=69 => 2000 + n,
            n => 1900 + n,
        },
        _ => return None,
    };
    let (month, day) = (digits(m, 2)?, digits(d, 2)?);
    (month <= 12 && day <= 31).then_some((year, month, day))
}

/// A DATETIME literal split into its date and its time of day, at the space
/// or `T` between them; the digits-only forms `YYYYMMDDhhmmss` and
/// `YYMMDDhhmmss` too, their time given back as `hh:mm:ss`.
fn split_datetime(text: &str) -> Option<(String, Option<String>)> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    if whole.chars().all(|c| c.is_ascii_digit()) && (whole.len() == 14 || whole.len() == 12) {
        let (date, clock) = whole.split_at(whole.len() - 6);
        let point = if frac.is_empty() { "" } else { "." };
        let time = format!(
            "{}:{}:{}{point}{frac}",
            &clock[..2],
            &clock[2..4],
            &clock[4..]
        );
        return Some((date.to_string(), Some(time)));
    }
    Some(match text.split_once([' ', 'T']) {
        Some((date, time)) => (date.to_string(), Some(time.trim().to_string())),
        None => (text.to_string(), None),
    })
}

/// `H:M[:S][.fraction]` as hours (at most `max_hour`), minutes, seconds and
/// the fraction's digits.
fn parse_clock(text: &str, max_hour: u64) -> Option<(u64, u64, u64, &str)> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let parts: Vec<&str> = whole.split(':').collect();
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 3 && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<u64>().ok())
            .flatten()
    };
    let (h, m, s) = match parts.as_slice() {
        [h, m] => (number(h)?, number(m)?, 0),
        [h, m, s] => (number(h)?, number(m)?, number(s)?),
        _ => return None,
    };
    (h <= max_hour && m <= 59 && s <= 59).then_some((h, m, s, frac))
}

/// Fraction digits padded or cut to `fsp`, with their point (none for 0);
/// `None` when cutting would drop a digit that is not zero.
fn fraction(digits: &str, fsp: u64) -> Option<String> {
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let fsp = fsp as usize;
    if digits.len() > fsp && digits[fsp..].chars().any(|c| c != '0') {
        return None;
    }
    if fsp == 0 {
        return Some(String::new());
    }
    let mut out: String = digits.chars().take(fsp).collect();
    while out.len() < fsp {
        out.push('0');
    }
    Some(format!(".{out}"))
}

fn is_number(text: &str) -> bool {
    let t = text.strip_prefix(['-', '+']).unwrap_or(text);
    !t.is_empty()
        && t.parse::<f64>().is_ok()
        && !t.contains(|c: char| c.is_alphabetic() && c != 'e')
}

/// A number in the format MariaDB prints for the column's type.
fn canonical_number(text: &str, kind: &Kind) -> Option<String> {
    if !is_number(text) {
        return None;
    }
    match kind {
        Kind::Int { .. } | Kind::Year => {
            if let Ok(i) = text.trim_start_matches('+').parse::<i128>() {
                return Some(i.to_string());
            }
            let f: f64 = text.parse().ok()?;
            (f.fract() == 0.0 && f.abs() < 1e18).then(|| format!("{}", f as i128))
        }
        Kind::Decimal { scale, .. } => fixed_point(text, *scale),
        Kind::Float | Kind::Double => {
            let f: f64 = text.parse().ok()?;
            // Negative zero is stored as 0 (MariaDB 10.11 prints `DEFAULT
            // -0` of a FLOAT as 0); Rust would print `-0`.
            Some(if f == 0.0 {
                "0".to_string()
            } else {
                format!("{f}")
            })
        }
        _ => None,
    }
}

/// `text` with exactly `scale` digits after the point, when that loses no
/// digit; an exponent is worked out first (MariaDB stores `DEFAULT 1e1` of
/// a DECIMAL(5,2) as 10.00).
fn fixed_point(text: &str, scale: u64) -> Option<String> {
    let text = positional(text)?;
    let text = text.as_str();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", text.trim_start_matches('+')),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let scale = scale as usize;
    if frac.len() > scale && frac[scale..].chars().any(|c| c != '0') {
        return None;
    }
    let mut frac: String = frac.chars().take(scale).collect();
    while frac.len() < scale {
        frac.push('0');
    }
    let negative_zero = int == "0" && frac.chars().all(|c| c == '0');
    let sign = if negative_zero { "" } else { sign };
    Some(if scale == 0 {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    })
}

/// A number in positional notation, its exponent worked out exactly by
/// moving the point (`1.5e-2` is `0.015`, `-2.5e1` is `-25`): nothing is
/// rounded. `None` for text that is no such number, or an exponent beyond
/// what any column's digits reach.
fn positional(text: &str) -> Option<String> {
    let Some(at) = text.find(['e', 'E']) else {
        return Some(text.to_string());
    };
    let exponent: i64 = text[at + 1..].parse().ok()?;
    if exponent.abs() > 100 {
        return None;
    }
    let mantissa = &text[..at];
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa.strip_prefix('+').unwrap_or(mantissa)),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{int}{frac}");
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let point = int.len() as i64 + exponent;
    let (int, frac) = if point <= 0 {
        (
            "0".to_string(),
            format!("{}{digits}", "0".repeat((-point) as usize)),
        )
    } else if point as usize >= digits.len() {
        let zeros = "0".repeat(point as usize - digits.len());
        (format!("{digits}{zeros}"), String::new())
    } else {
        let (i, f) = digits.split_at(point as usize);
        (i.to_string(), f.to_string())
    };
    Some(if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    })
}

// ---------------------------------------------------------------------------
// Narrowing

/// A canonical type, as far as narrowing is concerned.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Int { rank: u8, unsigned: bool },
    Decimal { precision: u64, scale: u64 },
    Float,
    Double,
    Char { length: u64 },
    Text { bytes: u64 },
    Json,
    Blob { bytes: u64 },
    Binary { length: u64 },
    Bit { length: u64 },
    Date,
    DateTime { fsp: u64 },
    Timestamp { fsp: u64 },
    Time { fsp: u64 },
    Year,
    Enum { values: Vec<String> },
    Other(String),
}

impl Kind {
    fn is_numeric(&self) -> bool {
        matches!(
            self,
            Kind::Int { .. } | Kind::Decimal { .. } | Kind::Float | Kind::Double | Kind::Year
        )
    }

    /// Whether values of the type are strings with a collation.
    fn has_collation(&self) -> bool {
        matches!(
            self,
            Kind::Char { .. } | Kind::Text { .. } | Kind::Enum { .. }
        )
    }

    fn is_textual(&self) -> bool {
        matches!(
            self,
            Kind::Char { .. }
                | Kind::Text { .. }
                | Kind::Enum { .. }
                | Kind::Date
                | Kind::DateTime { .. }
                | Kind::Timestamp { .. }
                | Kind::Time { .. }
        )
    }

    /// The longest text a value of this type prints as, in characters.
    fn text_width(&self) -> Option<u64> {
        Some(match self {
            Kind::Int { .. } => 20,
            Kind::Decimal { precision, .. } => precision + 2,
            Kind::Float | Kind::Double => 24,
            Kind::Date => 10,
            Kind::DateTime { .. } | Kind::Timestamp { .. } => 26,
            Kind::Time { .. } => 17,
            Kind::Year => 4,
            Kind::Char { length } => *length,
            Kind::Enum { values } => values.iter().map(|v| v.chars().count() as u64).max()?,
            _ => return None,
        })
    }
}

fn parse_kind(ty: &str) -> Kind {
    let t = split_type(ty);
    let n = numbers(&t.args);
    let first = n.first().copied().unwrap_or(0);
    if let Some(rank) = INTEGERS.iter().position(|(name, ..)| *name == t.base) {
        return Kind::Int {
            rank: rank as u8,
            unsigned: t.unsigned,
        };
    }
    match t.base.as_str() {
        "decimal" => Kind::Decimal {
            precision: first,
            scale: n.get(1).copied().unwrap_or(0),
        },
        "float" => Kind::Float,
        "double" => Kind::Double,
        "char" | "varchar" => Kind::Char { length: first },
        "tinytext" => Kind::Text { bytes: 255 },
        "text" => Kind::Text { bytes: 65_535 },
        "mediumtext" => Kind::Text { bytes: 16_777_215 },
        "longtext" => Kind::Text {
            bytes: 4_294_967_295,
        },
        "json" => Kind::Json,
        "tinyblob" => Kind::Blob { bytes: 255 },
        "blob" => Kind::Blob { bytes: 65_535 },
        "mediumblob" => Kind::Blob { bytes: 16_777_215 },
        "longblob" => Kind::Blob {
            bytes: 4_294_967_295,
        },
        "binary" | "varbinary" => Kind::Binary { length: first },
        "bit" => Kind::Bit {
            length: first.max(1),
        },
        "date" => Kind::Date,
        "datetime" => Kind::DateTime { fsp: first },
        "timestamp" => Kind::Timestamp { fsp: first },
        "time" => Kind::Time { fsp: first },
        "year" => Kind::Year,
        "enum" | "set" => Kind::Enum {
            values: t
                .args
                .as_deref()
                .and_then(|a| expr::string_list(a, Escapes::Backslash))
                .unwrap_or_default(),
        },
        _ => Kind::Other(ty.to_string()),
    }
}

/// Decimal digits an integer type needs before the point.
fn int_digits(rank: u8, unsigned: bool) -> u64 {
    match (rank, unsigned) {
        (0, _) => 3,
        (1, _) => 5,
        (2, _) => 8,
        (3, _) => 10,
        (_, false) => 19,
        (_, true) => 20,
    }
}

/// Whether converting `from` to `to` can lose or reject values. Conservative:
/// any change between families not known to be safe narrows.
fn narrows(from: &Kind, to: &Kind) -> bool {
    use Kind::*;
    if from == to {
        return false;
    }
    match (from, to) {
        (
            Int {
                rank: a,
                unsigned: ua,
            },
            Int {
                rank: b,
                unsigned: ub,
            },
        ) => {
            // Signed to unsigned loses negatives; unsigned to signed needs a bigger type.
            b < a || (ua != ub && !(*ua && b > a))
        }
        (Int { rank, unsigned }, Decimal { precision, scale }) => {
            precision.saturating_sub(*scale) < int_digits(*rank, *unsigned)
        }
        // A double holds 53 bits of integer, a float 24.
        (Int { rank, .. }, Double) => *rank >= 4,
        (Int { rank, .. }, Float) => *rank >= 3,
        (
            Decimal {
                precision: p1,
                scale: s1,
            },
            Decimal {
                precision: p2,
                scale: s2,
            },
        ) => s2 < s1 || p2.saturating_sub(*s2) < p1.saturating_sub(*s1),
        (Float, Double) => false,
        (Char { length: a }, Char { length: b }) => b < a,
        // utf8mb4 characters take up to 4 bytes.
        (Char { length }, Text { bytes }) => length.saturating_mul(4) > *bytes,
        (Text { bytes: a }, Text { bytes: b }) | (Blob { bytes: a }, Blob { bytes: b }) => b < a,
        (Json, Text { bytes }) => *bytes < 4_294_967_295,
        (Binary { length }, Blob { bytes }) => length > bytes,
        (Binary { length: a }, Binary { length: b }) | (Bit { length: a }, Bit { length: b }) => {
            b < a
        }
        (DateTime { fsp: a }, DateTime { fsp: b })
        | (Timestamp { fsp: a }, Timestamp { fsp: b })
        | (Timestamp { fsp: a }, DateTime { fsp: b })
        | (Time { fsp: a }, Time { fsp: b }) => b < a,
        // TIMESTAMP only reaches 1970-2038 (MySQL manual, "The DATE, DATETIME, and TIMESTAMP Types").
        (Date, DateTime { .. }) => false,
        (Enum { values: a }, Enum { values: b }) => a.iter().any(|v| !b.contains(v)),
        // Anything printable fits a long enough string.
        (from, Char { length }) => from.text_width().is_none_or(|w| w > *length),
        (from, Text { bytes }) => from
            .text_width()
            .is_none_or(|w| w.saturating_mul(4) > *bytes),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engines_take_the_servers_spelling_and_synonyms_resolve() {
        for (written, spelled) in [
            ("myisam", "MyISAM"),
            ("INNODB", "InnoDB"),
            ("aria", "Aria"),
            ("Heap", "MEMORY"),
            ("merge", "MRG_MyISAM"),
            ("RocksDB", "RocksDB"),
        ] {
            let mut t = Table::new("t");
            t.columns.push(Column::new("a", "int"));
            t.engine = Some(written.into());
            let mut s = Schema {
                tables: vec![t],
                ..Default::default()
            };
            normalize(&mut s, Side::Model);
            assert_eq!(s.tables[0].engine.as_deref(), Some(spelled));
        }
        assert!(keeps_foreign_keys("InnoDB") && keeps_foreign_keys("innodb"));
        assert!(!keeps_foreign_keys("MyISAM") && !keeps_foreign_keys("Aria"));
    }

    #[test]
    fn foreign_keys_an_engine_ignores_are_left_out_with_a_warning() {
        use crate::schema::ForeignKey;
        let table = |name: &str, engine: Option<&str>, fk_to: Option<&str>| {
            let mut t = Table::new(name);
            t.columns = vec![Column::new("id", "int"), Column::new("r", "int")];
            t.engine = engine.map(String::from);
            if let Some(target) = fk_to {
                t.foreign_keys.push(ForeignKey {
                    name: Some(format!("{name}_fk")),
                    columns: vec!["r".into()],
                    ref_table: target.into(),
                    ref_columns: vec!["id".into()],
                    ..Default::default()
                });
            }
            t
        };
        let mut model = Schema {
            tables: vec![
                table("p", None, None),
                // Its own engine keeps none.
                table("m", Some("MyISAM"), Some("p")),
                // The database's engine keeps none, the models name none.
                table("live_aria", None, Some("p")),
                // Its target's engine keeps none.
                table("c", Some("InnoDB"), Some("m")),
                table("kept", Some("InnoDB"), Some("p")),
            ],
            ..Default::default()
        };
        normalize(&mut model, Side::Model);
        let current = Schema {
            tables: vec![table("live_aria", Some("Aria"), None)],
            ..Default::default()
        };
        let warnings = drop_foreign_keys_engines_ignore(&mut model, &current);
        let with_keys: Vec<&str> = model
            .tables
            .iter()
            .filter(|t| !t.foreign_keys.is_empty())
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(with_keys, ["kept"]);
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(
            warnings[0].contains(
                "table c: foreign key c_fk is left out: it references m, a table of engine MyISAM"
            ),
            "{warnings:?}"
        );
        // The index the server keeps for the key stays.
        let m = model.tables.iter().find(|t| t.name == "m").unwrap();
        assert_eq!(m.indexes.len(), 1);
    }

    #[test]
    fn utf8_is_utf8mb3_in_character_set_and_collation_names() {
        assert_eq!(canonical_collation("utf8_bin"), "utf8mb3_bin");
        assert_eq!(canonical_collation("UTF8"), "utf8mb3");
        assert_eq!(
            canonical_collation("`utf8_General_CI`"),
            "utf8mb3_general_ci"
        );
        for kept in [
            "utf8mb4",
            "utf8mb4_bin",
            "utf8mb4_0900_ai_ci",
            "utf8mb3_bin",
            "utf16_bin",
            "latin1_swedish_ci",
        ] {
            assert_eq!(canonical_collation(kept), kept);
        }
        // A MySQL 5.x dump against what MariaDB 10.6+ reports for it.
        let with = |name: &str, ty: &str, collation: Option<&str>| Column {
            collation: collation.map(Box::from),
            ..col(name, ty)
        };
        let mut model = Table::new("e");
        model.columns = vec![
            with("event_id", "CHAR(36)", Some("utf8_bin")),
            with("note", "VARCHAR(10)", None),
        ];
        model.collation = Some("UTF8_BIN".into());
        let mut live = Table::new("e");
        live.columns = vec![
            with("event_id", "char(36)", Some("utf8mb3_bin")),
            with("note", "varchar(10)", Some("utf8mb3_bin")),
        ];
        live.collation = Some("utf8mb3_bin".into());
        let (b, a) = normalized(live, model);
        assert_eq!(a, b);
    }

    fn collations(t: &Table) -> Vec<Option<&str>> {
        t.columns.iter().map(|c| c.collation.as_deref()).collect()
    }

    /// A table's `DEFAULT CHARSET=` and a column's `CHARACTER SET` without
    /// `COLLATE` are their character set's default collation, as the server
    /// says: MariaDB and MySQL 8 disagree on utf8mb4's.
    #[test]
    fn a_character_set_alone_is_its_default_collation_as_the_server_says() {
        let with = |name: &str, ty: &str, collation: Option<&str>| Column {
            collation: collation.map(Box::from),
            ..col(name, ty)
        };
        let models = || {
            let mut t = Table::new("posts");
            t.columns = vec![
                with("title", "VARCHAR(200)", None),
                with("code", "VARCHAR(10)", Some("ASCII")),
                with("n", "INT", None),
            ];
            t.collation = Some("utf8mb4".into());
            let mut s = Schema {
                tables: vec![t],
                ..Default::default()
            };
            normalize(&mut s, Side::Model);
            s
        };
        let server = |utf8mb4: &str| {
            let mut s = Schema {
                default_collations: [("utf8mb4", utf8mb4), ("ascii", "ascii_general_ci")]
                    .iter()
                    .map(|(a, b)| (a.to_string(), b.to_string()))
                    .collect(),
                ..Default::default()
            };
            normalize(&mut s, Side::Database);
            s
        };
        for utf8mb4 in ["utf8mb4_general_ci", "utf8mb4_0900_ai_ci"] {
            let mut wanted = models();
            adopt_collations(&mut wanted, &server(utf8mb4));
            let t = &wanted.tables[0];
            assert_eq!(t.collation.as_deref(), Some(utf8mb4));
            assert_eq!(
                collations(t),
                [Some(utf8mb4), Some("ascii_general_ci"), None]
            );
        }
        // Without the server's answer, a live table in the character set
        // keeps its collation; a new one keeps the name alone.
        let mut live = Table::new("posts");
        live.columns = vec![
            with("title", "varchar(200)", Some("utf8mb4_unicode_ci")),
            with("code", "varchar(10)", Some("latin1_swedish_ci")),
        ];
        live.collation = Some("utf8mb4_unicode_ci".into());
        let offline = Schema {
            tables: vec![live],
            ..Default::default()
        };
        let mut wanted = models();
        adopt_collations(&mut wanted, &offline);
        let t = &wanted.tables[0];
        assert_eq!(t.collation.as_deref(), Some("utf8mb4_unicode_ci"));
        assert_eq!(
            collations(t),
            [Some("utf8mb4_unicode_ci"), Some("ascii"), None]
        );
        let mut wanted = models();
        adopt_collations(&mut wanted, &Schema::default());
        assert_eq!(wanted.tables[0].collation.as_deref(), Some("utf8mb4"));
    }

    /// A table's `COLLATE=` stays its own default when a column names
    /// another character set, which that column keeps.
    #[test]
    fn a_table_collation_stays_beside_columns_of_another_character_set() {
        let mut t = Table::new("t2");
        t.columns = vec![
            col("a", "VARCHAR(10)"),
            Column {
                collation: Some("utf8mb4".into()),
                ..col("b", "VARCHAR(10)")
            },
            Column {
                collation: Some("ascii".into()),
                ..col("c", "VARCHAR(10)")
            },
        ];
        t.collation = Some("utf8mb4_unicode_ci".into());
        let mut wanted = Schema {
            tables: vec![t],
            ..Default::default()
        };
        normalize(&mut wanted, Side::Model);
        let server = Schema {
            default_collations: [
                ("utf8mb4".to_string(), "utf8mb4_general_ci".to_string()),
                ("ascii".to_string(), "ascii_general_ci".to_string()),
            ]
            .into(),
            ..Default::default()
        };
        adopt_collations(&mut wanted, &server);
        let t = &wanted.tables[0];
        assert_eq!(t.collation.as_deref(), Some("utf8mb4_unicode_ci"));
        // A column's character set takes that set's default, not the table's
        // collation, even where the sets agree (as MariaDB 10.11 does).
        assert_eq!(
            collations(t),
            [
                Some("utf8mb4_unicode_ci"),
                Some("utf8mb4_general_ci"),
                Some("ascii_general_ci")
            ]
        );
    }

    #[test]
    fn a_collation_narrows_by_its_character_set() {
        let n = |a, b| charset_narrows(Some(a), Some(b));
        assert!(n("utf8mb4_general_ci", "latin1_german1_ci"));
        assert!(n("utf8mb4_bin", "utf8mb3_general_ci"));
        assert!(n("latin1_swedish_ci", "ascii_bin"));
        assert!(!n("latin1_swedish_ci", "utf8mb4_general_ci"));
        assert!(!n("utf8mb3_general_ci", "utf8mb4_unicode_ci"));
        assert!(!n("latin1_swedish_ci", "latin1_bin"));
        assert!(!charset_narrows(None, Some("latin1_bin")));
    }
    use crate::schema::{Check, ForeignKey, PrimaryKey};

    fn ty(s: &str) -> String {
        canonical_type(s, Escapes::Doubled)
    }
    fn db_ty(s: &str) -> String {
        canonical_type(s, Escapes::Backslash)
    }

    #[test]
    fn types_agree_across_spellings() {
        let pairs = [
            ("int(11)", "INT"),
            ("int(11)", "INTEGER"),
            ("int(10) unsigned", "INT UNSIGNED"),
            ("int(10) unsigned", "INT(11) UNSIGNED"),
            ("bigint(20) unsigned", "SERIAL"),
            ("tinyint(1)", "BOOLEAN"),
            ("tinyint(1)", "BOOL"),
            ("tinyint(1)", "TINYINT(1)"),
            ("tinyint(4)", "TINYINT"),
            ("smallint(6)", "INT2"),
            ("varchar(20)", "CHARACTER VARYING(20)"),
            ("char(1)", "CHAR"),
            ("decimal(10,2)", "NUMERIC(10,2)"),
            ("decimal(10,2)", "DECIMAL(10, 2)"),
            ("decimal(10,0)", "DECIMAL"),
            ("decimal(5,0)", "NUMERIC(5)"),
            ("decimal(10,2) unsigned", "DECIMAL(10,2) UNSIGNED"),
            ("double", "DOUBLE PRECISION"),
            ("double", "REAL"),
            ("double", "FLOAT(30)"),
            ("float", "FLOAT"),
            ("datetime", "DATETIME(0)"),
            ("datetime(6)", "DATETIME(6)"),
            ("year(4)", "YEAR"),
            ("tinytext", "TEXT(63)"),
            ("text", "TEXT(64)"),
            ("mediumtext", "LONG"),
            ("int(11) unsigned zerofill", "INT(11) ZEROFILL"),
            ("enum('a','b''c','d\\\\e')", "ENUM('a', 'b''c', 'd\\e')"),
            ("set('x','y')", "SET('x', 'y')"),
            // Read from MariaDB 10.11: trailing spaces of members go, a
            // leading one or a tab stays.
            ("enum('a','b',' c')", "ENUM('a ', 'b', ' c  ')"),
            ("set('x','y')", "SET('x ', 'y')"),
            ("enum('a\t','b')", "ENUM('a\t', 'b')"),
            ("json", "JSON"),
            ("char(3)", "NCHAR(3)"),
            ("varchar(4)", "NVARCHAR(4)"),
            ("mediumtext COMPRESSED", "MEDIUMTEXT COMPRESSED"),
            ("varchar(10) COMPRESSED", "VARCHAR(10) COMPRESSED"),
        ];
        for (db, model) in pairs {
            assert_eq!(db_ty(db), ty(model), "{db} vs {model}");
        }
        assert_eq!(ty("INT UNSIGNED"), "int unsigned");
        assert_eq!(ty("ENUM('a', 'b')"), "enum('a','b')");
        assert_eq!(ty("VARCHAR(200)"), "varchar(200)");
    }

    #[test]
    fn national_types_are_utf8mb3_and_compression_no_part_of_the_kind() {
        let mut t = Table::new("t");
        t.columns = vec![
            col("a", "NVARCHAR(10)"),
            col("b", "NCHAR(2)"),
            Column {
                collation: Some("utf8mb3_bin".into()),
                ..col("c", "NVARCHAR(3)")
            },
            col("d", "VARCHAR(4)"),
            col("e", "MEDIUMTEXT COMPRESSED"),
        ];
        t.collation = Some("latin1_swedish_ci".into());
        let mut s = Schema {
            tables: vec![t],
            ..Default::default()
        };
        normalize(&mut s, Side::Model);
        let collations: Vec<Option<&str>> = s.tables[0]
            .columns
            .iter()
            .map(|c| c.collation.as_deref())
            .collect();
        assert_eq!(
            collations,
            [
                Some("utf8mb3"),
                Some("utf8mb3"),
                Some("utf8mb3_bin"),
                Some("latin1_swedish_ci"),
                Some("latin1_swedish_ci"),
            ],
            "a compressed text column still takes the table's collation"
        );
        assert_eq!(s.tables[0].columns[4].data_type, "mediumtext compressed");
    }

    #[test]
    fn unique_keys_with_a_comment_or_ignored_stay_indexes() {
        let unique = |name: &str, comment: Option<&str>, ignored: bool| Index {
            name: Some(name.into()),
            unique: true,
            parts: vec![IndexPart::column("a")],
            comment: comment.map(str::to_string),
            ignored,
            ..Default::default()
        };
        let mut t = Table::new("t");
        t.columns = vec![col("a", "INT")];
        t.indexes = vec![
            unique("plain", None, false),
            unique("empty", Some(""), false),
            unique("said", Some("why"), false),
            unique("ignored", None, true),
        ];
        let mut s = Schema {
            tables: vec![t],
            ..Default::default()
        };
        normalize(&mut s, Side::Database);
        let uniques: Vec<_> = s.tables[0]
            .uniques
            .iter()
            .map(|u| u.name.as_deref())
            .collect();
        assert_eq!(uniques, [Some("empty"), Some("plain")]);
        let indexes: Vec<_> = s.tables[0]
            .indexes
            .iter()
            .map(|i| i.name.as_deref())
            .collect();
        assert_eq!(indexes, [Some("ignored"), Some("said")]);
    }

    #[test]
    fn defaults_agree_across_spellings() {
        let cases = [
            ("current_timestamp()", "CURRENT_TIMESTAMP", "datetime"),
            (
                "current_timestamp(6)",
                "CURRENT_TIMESTAMP(6)",
                "datetime(6)",
            ),
            ("current_timestamp()", "NOW()", "timestamp"),
            ("current_timestamp()", "CURRENT_TIMESTAMP(0)", "timestamp"),
            ("current_timestamp()", "NOW(0)", "datetime"),
            ("'x''y'", "'x''y'", "varchar(10)"),
            ("'it\\'s'", "'it''s'", "varchar(10)"),
            ("'a\\\\b'", "'a\\b'", "varchar(10)"),
            ("1", "TRUE", "tinyint(1)"),
            ("0", "FALSE", "tinyint(1)"),
            ("-1", "-1", "int"),
            ("1.50", "1.5", "decimal(10,2)"),
            ("3.00", "'3'", "decimal(5,2)"),
            ("1500", "1.5e3", "double"),
            ("'0'", "0", "varchar(5)"),
            ("'a'", "'a'", "enum('a','b')"),
            ("(1 + 2)", "(1+2)", "int"),
            ("uuid()", "(UUID())", "varchar(36)"),
        ];
        for (db, model, t) in cases {
            let t = db_ty(t);
            assert_eq!(
                canonical_default(db, &t, Escapes::Backslash),
                canonical_default(model, &t, Escapes::Doubled),
                "{db} vs {model} ({t})"
            );
        }
        assert_eq!(canonical_default("NULL", "int", Escapes::Backslash), None);
        assert_eq!(
            canonical_default("'NULL'", "varchar(4)", Escapes::Backslash),
            Some("'NULL'".into())
        );
        assert_eq!(
            canonical_default("CURRENT_TIMESTAMP", "datetime", Escapes::Doubled),
            Some("current_timestamp()".into())
        );
    }

    /// Defaults MariaDB 10.11 rewrites when it stores them: the server's
    /// `COLUMN_DEFAULT` (left) against what the model parser prints for
    /// what was written (right), each pair read from a real server.
    #[test]
    fn defaults_the_server_rewrites_agree() {
        let cases = [
            ("b'101'", "B'00000101'", "bit(8)"),
            ("b'101'", "5", "bit(8)"),
            ("b'101'", "X'05'", "bit(8)"),
            ("b'101'", "0b101", "bit(8)"),
            ("b'110101'", "'5'", "bit(8)"),
            ("b'0'", "0", "bit(8)"),
            ("b'1'", "TRUE", "bit"),
            ("curdate()", "(CURRENT_DATE)", "date"),
            ("curdate()", "CURRENT_DATE", "date"),
            ("curtime()", "(CURRENT_TIME)", "time"),
            ("curtime(3)", "(current_time(3))", "time(3)"),
            ("utc_date()", "(UTC_DATE)", "date"),
            ("current_user()", "(CURRENT_USER)", "varchar(100)"),
            ("'A'", "X'41'", "varbinary(4)"),
            ("'\\0\\0'", "X'0000'", "binary(2)"),
            ("'\\0\u{1}'", "X'0001'", "varbinary(4)"),
            ("'0\\0'", "0", "binary(2)"),
            ("'ab\\0'", "'ab'", "binary(3)"),
            ("''", "X''", "varbinary(3)"),
            ("'a''b'", "'a''b'", "varbinary(3)"),
            ("X'41'", "(X'41')", "blob"),
            ("'01:02:03'", "'1:2:3'", "time"),
            ("'01:02:00'", "'1:2'", "time"),
            ("'01:02:03'", "10203", "time"),
            ("'-01:02:03.50'", "'-1:2:3.5'", "time(2)"),
            ("'26:03:04'", "'1 2:3:4'", "time"),
            ("'00:00:00'", "'-0:0:0'", "time"),
            ("'2024-01-02'", "'2024-1-2'", "date"),
            ("'2024-01-02'", "20240102", "date"),
            ("'2024-01-02'", "'24-1-2'", "date"),
            ("'2024-01-02 00:00:00'", "'2024-01-02'", "datetime"),
            ("'2024-01-02 03:04:05'", "'2024-01-02T03:04:05'", "datetime"),
            ("'2024-01-02 03:04:00'", "'2024-01-02 3:4'", "datetime"),
            ("'2024-01-02 03:04:05'", "20240102030405", "datetime"),
            ("'2024-01-02 03:04:05'", "'2024-1-2 3:4:5.000'", "timestamp"),
            (
                "'2024-01-02 03:04:05.500'",
                "'2024-01-02 03:04:05.5'",
                "datetime(3)",
            ),
            ("0000", "0", "year"),
            ("2000", "'0'", "year"),
            ("1970", "70", "year"),
            ("2024", "'24'", "year"),
            ("16", "X'10'", "int"),
            ("16", "0x10", "int"),
            ("5", "b'101'", "int"),
            ("0", "0b0", "int"),
            ("127", "0x7f", "tinyint"),
            (
                "18446744073709551615",
                "0xffffffffffffffff",
                "bigint unsigned",
            ),
            ("16.00", "0x10", "decimal(5,2)"),
            ("5.00", "b'101'", "decimal(5,2)"),
            ("16", "0x10", "double"),
            ("2016", "0x10", "year"),
            ("'a'", "'a '", "enum('a ','b')"),
            ("'ab'", "'ab  '", "char(5)"),
            ("' a'", "' a '", "char(5)"),
            ("'ab  '", "'ab  '", "varchar(5)"),
            ("10.00", "1e1", "decimal(5,2)"),
            ("0.015", "1.5e-2", "decimal(6,3)"),
            ("-25.00", "-2.5E+1", "decimal(5,2)"),
            ("0.00", "-0", "decimal(5,2)"),
            ("0", "-0", "float"),
            ("0", "-0.0", "double"),
            ("0", "-0e0", "double"),
            ("10", "1e1", "float"),
        ];
        for (db, model, t) in cases {
            let t = db_ty(t);
            assert_eq!(
                canonical_default(db, &t, Escapes::Backslash),
                canonical_default(model, &t, Escapes::Doubled),
                "{db} vs {model} ({t})"
            );
        }
        // Binary defaults are hex whatever bytes they hold: no raw NUL or
        // control byte reaches a revision file.
        assert_eq!(
            canonical_default("'\\0\u{1}'", "varbinary(4)", Escapes::Backslash),
            Some("x'0001'".into())
        );
        assert_eq!(
            canonical_default("5", "bit(8)", Escapes::Doubled),
            Some("b'101'".into())
        );
        // What cannot be read for certain stays as written: MariaDB cuts the
        // extra digit, MySQL rounds it.
        assert_eq!(
            canonical_default("'2024-01-02 03:04:05.123'", "datetime(2)", Escapes::Doubled),
            Some("'2024-01-02 03:04:05.123'".into())
        );
        assert_eq!(
            canonical_default("'soon'", "date", Escapes::Doubled),
            Some("'soon'".into())
        );
        // Expressions are not literals.
        assert_eq!(
            canonical_default("(UNHEX('41'))", "varbinary(4)", Escapes::Doubled),
            Some("unhex('41')".into())
        );
        for (db, t) in [
            ("'A'", "varbinary(4)"),
            ("'01:02:03'", "time"),
            ("b'101'", "bit(8)"),
        ] {
            let once = canonical_default(db, t, Escapes::Backslash).unwrap();
            assert_eq!(
                canonical_default(&once, t, Escapes::Backslash),
                Some(once.clone()),
                "{db}"
            );
        }
    }

    fn col(name: &str, ty: &str) -> Column {
        Column::new(name, ty)
    }

    /// One table as the database has it and as the models write it, each
    /// normalized as its side.
    fn normalized(db: Table, model: Table) -> (Schema, Schema) {
        let mut a = Schema {
            tables: vec![db],
            ..Default::default()
        };
        let mut b = Schema {
            tables: vec![model],
            ..Default::default()
        };
        normalize(&mut a, Side::Database);
        normalize(&mut b, Side::Model);
        (a, b)
    }

    #[test]
    fn a_json_column_s_own_json_valid_check_in_the_models_is_the_implied_one() {
        // MariaDB keeps one check for `doc json CHECK (json_valid(doc))`.
        // A named one too, which MariaDB keeps beside its own.
        let mut db = Table::new("t");
        db.columns = vec![col("doc", "longtext"), col("doc2", "longtext")];
        db.checks = vec![
            check_of("doc", "json_valid(`doc`)"),
            check_of("doc2", "json_valid(`doc2`)"),
            check_of("c2", "json_valid(`doc2`)"),
        ];
        let mut model = Table::new("t");
        model.columns = vec![col("doc", "JSON"), col("doc2", "JSON")];
        model.checks = vec![
            Check {
                name: None,
                expression: "json_valid(doc)".into(),
            },
            check_of("c2", "json_valid(doc2)"),
        ];
        let (a, b) = normalized(db, model);
        assert_eq!(a, b);
        assert!(a.tables[0].checks.is_empty() && b.tables[0].checks.is_empty());
    }

    #[test]
    fn json_unique_and_fk_index_spellings_agree() {
        let mut db = Table::new("t");
        db.columns = vec![
            col("id", "int(11)"),
            col("meta", "longtext"),
            col("u", "int(11)"),
            col("v", "int(11)"),
        ];
        db.primary_key = Some(PrimaryKey {
            name: Some("PRIMARY".into()),
            columns: vec!["id".into()],
            column_options: Vec::new(),
            deferrable: Default::default(),
        });
        db.checks = vec![Check {
            name: Some("meta".into()),
            expression: "json_valid(`meta`)".into(),
        }];
        db.indexes = vec![
            Index {
                name: Some("u".into()),
                unique: true,
                parts: vec![IndexPart::column("u")],
                ..Default::default()
            },
            Index {
                name: Some("fk_t_v".into()),
                parts: vec![IndexPart::column("v")],
                ..Default::default()
            },
        ];
        db.foreign_keys = vec![ForeignKey {
            name: Some("fk_t_v".into()),
            columns: vec!["v".into()],
            ref_table: "t".into(),
            ref_columns: vec!["id".into()],
            on_delete: FkAction::Restrict,
            ..Default::default()
        }];
        let mut model = Table::new("t");
        model.columns = vec![
            col("id", "INT"),
            col("meta", "JSON"),
            col("u", "INT"),
            col("v", "INT"),
        ];
        model.columns[0].nullable = false;
        model.primary_key = Some(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
            column_options: Vec::new(),
            deferrable: Default::default(),
        });
        model.uniques = vec![Unique {
            name: Some("u".into()),
            columns: vec!["u".into()],
            column_options: Vec::new(),
            deferrable: Default::default(),
            nulls_not_distinct: false,
        }];
        model.foreign_keys = vec![ForeignKey {
            name: Some("fk_t_v".into()),
            columns: vec!["v".into()],
            ref_table: "t".into(),
            ref_columns: vec!["id".into()],
            ..Default::default()
        }];
        let (a, b) = normalized(db, model);
        assert_eq!(a, b);
        assert_eq!(a.tables[0].columns[1].data_type, "json");
        assert!(a.tables[0].checks.is_empty());
        // The unique key on u serves no foreign key; the index InnoDB made for v is implied.
        assert_eq!(a.tables[0].indexes.len(), 1);
    }

    /// MariaDB stores `DEFAULT nextval(s)` with the current database in
    /// front, as mariadb-dump then writes it; the models' own sequences are
    /// theirs whatever database a dump put there; a sequence's name keeps
    /// its case (tables' names are case-sensitive on Linux).
    #[test]
    fn sequences_in_defaults_are_named_as_the_models_name_their_own() {
        let with_defaults = |defaults: &[&str], own: &[&str]| Schema {
            tables: vec![Table {
                columns: defaults
                    .iter()
                    .map(|d| Column {
                        default: Some(d.to_string()),
                        ..col("c", "int")
                    })
                    .collect(),
                ..Table::new("t")
            }],
            sequences: own
                .iter()
                .map(|n| crate::schema::Sequence {
                    name: n.to_string(),
                    ..Default::default()
                })
                .collect(),
            default_schema: Some("shop".into()),
            ..Default::default()
        };
        let defaults = |s: &Schema| -> Vec<String> {
            s.tables[0]
                .columns
                .iter()
                .map(|c| c.default.clone().unwrap_or_default())
                .collect()
        };
        let mut live = with_defaults(
            &[
                "nextval(`shop`.`s`)",
                "nextval(`shop`.`Odd Seq`)",
                "lastval(`other`.`s`)",
                "nextval(`shop`.`MySeq`)",
            ],
            &["s", "Odd Seq"],
        );
        normalize(&mut live, Side::Database);
        assert_eq!(
            defaults(&live),
            [
                "nextval(s)",
                "nextval(`Odd Seq`)",
                "lastval(other.s)",
                "nextval(MySeq)"
            ]
        );
        let mut models = with_defaults(
            &[
                "NEXTVAL(s)",
                "nextval(`dumped`.`Odd Seq`)",
                "lastval(other.s)",
                "nextval(shop.MySeq)",
            ],
            &["s", "Odd Seq"],
        );
        normalize(&mut models, Side::Model);
        // Another database's s is the models' own s (a dump of that
        // database); MySeq, which the models do not create, is named by
        // the current database only.
        assert_eq!(
            defaults(&models),
            [
                "nextval(s)",
                "nextval(`Odd Seq`)",
                "lastval(s)",
                "nextval(MySeq)"
            ]
        );
        let mut not_own = with_defaults(&["nextval(dumped.MySeq)"], &[]);
        normalize(&mut not_own, Side::Model);
        assert_eq!(defaults(&not_own), ["nextval(dumped.MySeq)"]);
    }

    #[test]
    fn normalizing_twice_changes_nothing() {
        let mut t = Table::new("t");
        t.columns = vec![
            Column {
                default: Some("'a\\\\b'".into()),
                ..col("s", "varchar(10)")
            },
            Column {
                default: Some("1.50".into()),
                ..col("d", "decimal(5,2)")
            },
            col("e", "enum('x','y''z')"),
            col("j", "longtext"),
        ];
        t.checks = vec![
            check_of("j", "json_valid(`j`)"),
            check_of("CONSTRAINT_1", "`s` in ('a','b') and `d` > -1"),
        ];
        t.indexes = vec![Index {
            name: Some("ix".into()),
            parts: vec![IndexPart {
                value: "`s`(4)".into(),
                expression: true,
                opclass: None,
                nulls_first: None,
                descending: false,
            }],
            ..Default::default()
        }];
        let mut once = Schema {
            tables: vec![t],
            ..Default::default()
        };
        normalize(&mut once, Side::Database);
        let mut twice = once.clone();
        normalize(&mut twice, Side::Database);
        assert_eq!(once, twice);
        assert_eq!(
            once.tables[0].columns[0].default.as_deref(),
            Some("'a\\\\b'")
        );
        assert_eq!(once.tables[0].indexes[0].parts[0].value, "s(4)");
    }

    fn check_of(name: &str, expression: &str) -> Check {
        Check {
            name: Some(name.into()),
            expression: expression.into(),
        }
    }

    #[test]
    fn serial_is_an_unsigned_auto_increment_unique_bigint() {
        let mut s = Schema {
            tables: vec![Table {
                columns: vec![col("id", "SERIAL")],
                ..Table::new("t")
            }],
            ..Default::default()
        };
        normalize(&mut s, Side::Model);
        let t = &s.tables[0];
        assert_eq!(t.columns[0].data_type, "bigint unsigned");
        assert!(!t.columns[0].nullable);
        assert_eq!(t.columns[0].identity, Some(Identity::AutoIncrement));
        assert_eq!(t.uniques[0].columns, vec!["id".to_string()]);
    }

    #[test]
    fn unnamed_collations_are_the_databases_while_the_column_holds_text() {
        let with = |name: &str, ty: &str, collation: Option<&str>| Column {
            collation: collation.map(Box::from),
            ..col(name, ty)
        };
        let mut live = Table::new("t");
        live.columns = vec![
            with("a", "varchar(10)", Some("utf8mb4_bin")),
            with("b", "varchar(10)", Some("utf8mb4_bin")),
            with("c", "varchar(10)", Some("utf8mb4_bin")),
        ];
        let mut model = Table::new("T");
        model.columns = vec![
            with("A", "varchar(20)", None),
            with("b", "int", None),
            with("c", "varchar(10)", Some("latin1_swedish_ci")),
        ];
        let current = Schema {
            tables: vec![live],
            ..Default::default()
        };
        let mut wanted = Schema {
            tables: vec![model],
            ..Default::default()
        };
        adopt_collations(&mut wanted, &current);
        let got: Vec<Option<&str>> = wanted.tables[0]
            .columns
            .iter()
            .map(|c| c.collation.as_deref())
            .collect();
        assert_eq!(got, [Some("utf8mb4_bin"), None, Some("latin1_swedish_ci")]);
    }

    #[test]
    fn narrowing_is_conservative() {
        let n = |a: &str, b: &str| COMPARE.is_narrowing(&col("c", a), &col("c", b));
        assert!(n("varchar(20)", "varchar(10)"));
        assert!(!n("varchar(10)", "varchar(20)"));
        assert!(n("text", "varchar(100)"));
        assert!(!n("varchar(100)", "text"));
        assert!(n("bigint", "int"));
        assert!(!n("int", "bigint"));
        assert!(n("int", "int unsigned"));
        assert!(!n("int unsigned", "bigint"));
        assert!(n("int unsigned", "int"));
        assert!(n("decimal(10,2)", "decimal(8,2)"));
        assert!(n("decimal(10,2)", "decimal(10,1)"));
        assert!(!n("decimal(8,2)", "decimal(12,2)"));
        assert!(n("double", "float"));
        assert!(!n("float", "double"));
        assert!(n("datetime", "date"));
        assert!(n("datetime(6)", "datetime"));
        assert!(n("longtext", "text"));
        assert!(n("enum('a','b')", "enum('a')"));
        assert!(!n("enum('a')", "enum('a','b')"));
        assert!(!n("int", "varchar(20)"));
        assert!(n("int", "varchar(5)"));
        assert!(n("varchar(5)", "int"));
        assert!(!n("tinyint(1)", "int"));
    }
}
