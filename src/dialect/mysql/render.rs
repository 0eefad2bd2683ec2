//! MySQL/MariaDB SQL text: literals, identifiers, the version-table DDL, and the
//! statements for every schema op. Pure: it reads no database and no clock.
//!
//! Objects the models leave unnamed get an explicit, deterministic name (the
//! server's own choice, such as `<table>_ibfk_<n>` for a foreign key, depends
//! on the table's history), so the reversed op can drop them by name. Lowering
//! chooses it (`unnamed.rs`: the base name here, numbered past the names
//! taken) and writes it into the op; an op that still has none is rendered
//! under the base name.

use sha2::{Digest, Sha256};

use super::expr;
use crate::dialect::{Dialect, quote_doubling};
use crate::ops::Op;
use crate::schema::{
    Check, Column, ColumnPlace, Deferrable, FkAction, ForeignKey, Generated, Index, IndexPart,
    PrimaryKey, QualifiedName, Table, Unique,
};

/// `'...'` with quotes doubled and backslashes escaped: unless the server runs
/// with `NO_BACKSLASH_ESCAPES`, MySQL treats `\` in a literal as an escape
/// (MySQL reference manual, "String Literals").
pub fn quote_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Reserved words: the MariaDB Knowledge Base page "Reserved Words" (including
/// the words MariaDB 10.11 added: OFFSET, PORTION, ROW_NUMBER, ...), plus the
/// words the MySQL 8.0 manual's "Keywords and Reserved Words" marks reserved
/// that MariaDB does not (quoting one more word than needed is harmless).
const RESERVED: &[&str] = &[
    "ACCESSIBLE",
    "ADD",
    "ALL",
    "ALTER",
    "ANALYZE",
    "AND",
    "AS",
    "ASC",
    "ASENSITIVE",
    "BEFORE",
    "BETWEEN",
    "BIGINT",
    "BINARY",
    "BLOB",
    "BOTH",
    "BY",
    "CALL",
    "CASCADE",
    "CASE",
    "CHANGE",
    "CHAR",
    "CHARACTER",
    "CHECK",
    "COLLATE",
    "COLUMN",
    "CONDITION",
    "CONSTRAINT",
    "CONTINUE",
    "CONVERT",
    "CREATE",
    "CROSS",
    "CUBE",
    "CUME_DIST",
    "CURRENT_DATE",
    "CURRENT_ROLE",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "CURRENT_USER",
    "CURSOR",
    "DATABASE",
    "DATABASES",
    "DAY_HOUR",
    "DAY_MICROSECOND",
    "DAY_MINUTE",
    "DAY_SECOND",
    "DEC",
    "DECIMAL",
    "DECLARE",
    "DEFAULT",
    "DELAYED",
    "DELETE",
    "DELETE_DOMAIN_ID",
    "DENSE_RANK",
    "DESC",
    "DESCRIBE",
    "DETERMINISTIC",
    "DISTINCT",
    "DISTINCTROW",
    "DIV",
    "DO_DOMAIN_IDS",
    "DOUBLE",
    "DROP",
    "DUAL",
    "EACH",
    "ELSE",
    "ELSEIF",
    "EMPTY",
    "ENCLOSED",
    "ESCAPED",
    "EXCEPT",
    "EXISTS",
    "EXIT",
    "EXPLAIN",
    "FALSE",
    "FETCH",
    "FIRST_VALUE",
    "FLOAT",
    "FLOAT4",
    "FLOAT8",
    "FOR",
    "FORCE",
    "FOREIGN",
    "FROM",
    "FULLTEXT",
    "FUNCTION",
    "GENERAL",
    "GENERATED",
    "GET",
    "GRANT",
    "GROUP",
    "GROUPING",
    "GROUPS",
    "HAVING",
    "HIGH_PRIORITY",
    "HOUR_MICROSECOND",
    "HOUR_MINUTE",
    "HOUR_SECOND",
    "IF",
    "IGNORE",
    "IGNORE_DOMAIN_IDS",
    "IGNORE_SERVER_IDS",
    "IN",
    "INDEX",
    "INFILE",
    "INNER",
    "INOUT",
    "INSENSITIVE",
    "INSERT",
    "INT",
    "INT1",
    "INT2",
    "INT3",
    "INT4",
    "INT8",
    "INTEGER",
    "INTERSECT",
    "INTERVAL",
    "INTO",
    "IO_AFTER_GTIDS",
    "IO_BEFORE_GTIDS",
    "IS",
    "ITERATE",
    "JOIN",
    "JSON_TABLE",
    "KEY",
    "KEYS",
    "KILL",
    "LAG",
    "LAST_VALUE",
    "LATERAL",
    "LEAD",
    "LEADING",
    "LEAVE",
    "LEFT",
    "LIKE",
    "LIMIT",
    "LINEAR",
    "LINES",
    "LOAD",
    "LOCALTIME",
    "LOCALTIMESTAMP",
    "LOCK",
    "LONG",
    "LONGBLOB",
    "LONGTEXT",
    "LOOP",
    "LOW_PRIORITY",
    "MASTER_BIND",
    "MASTER_DEMOTE_TO_REPLICA",
    "MASTER_DEMOTE_TO_SLAVE",
    "MASTER_HEARTBEAT_PERIOD",
    "MASTER_SSL_VERIFY_SERVER_CERT",
    "MATCH",
    "MAXVALUE",
    "MEDIUMBLOB",
    "MEDIUMINT",
    "MEDIUMTEXT",
    "MIDDLEINT",
    "MINUTE_MICROSECOND",
    "MINUTE_SECOND",
    "MOD",
    "MODIFIES",
    "NATURAL",
    "NOT",
    "NO_WRITE_TO_BINLOG",
    "NTH_VALUE",
    "NTILE",
    "NULL",
    "NUMERIC",
    "OF",
    "OFFSET",
    "ON",
    "OPTIMIZE",
    "OPTIMIZER_COSTS",
    "OPTION",
    "OPTIONALLY",
    "OR",
    "ORDER",
    "OUT",
    "OUTER",
    "OUTFILE",
    "OVER",
    "PAGE_CHECKSUM",
    "PARSE_VCOL_EXPR",
    "PARTITION",
    "PERCENT_RANK",
    "PORTION",
    "POSITION",
    "PRECISION",
    "PRIMARY",
    "PROCEDURE",
    "PURGE",
    "RANGE",
    "RANK",
    "READ",
    "READS",
    "READ_WRITE",
    "REAL",
    "RECURSIVE",
    "REFERENCES",
    "REF_SYSTEM_ID",
    "REGEXP",
    "RELEASE",
    "RENAME",
    "REPEAT",
    "REPLACE",
    "REQUIRE",
    "RESIGNAL",
    "RESTRICT",
    "RETURN",
    "RETURNING",
    "REVOKE",
    "RIGHT",
    "RLIKE",
    "ROW",
    "ROWS",
    "ROW_NUMBER",
    "SCHEMA",
    "SCHEMAS",
    "SECOND_MICROSECOND",
    "SELECT",
    "SENSITIVE",
    "SEPARATOR",
    "SET",
    "SHOW",
    "SIGNAL",
    "SLOW",
    "SMALLINT",
    "SPATIAL",
    "SPECIFIC",
    "SQL",
    "SQLEXCEPTION",
    "SQLSTATE",
    "SQLWARNING",
    "SQL_BIG_RESULT",
    "SQL_CALC_FOUND_ROWS",
    "SQL_SMALL_RESULT",
    "SSL",
    "STARTING",
    "STATS_AUTO_RECALC",
    "STATS_PERSISTENT",
    "STATS_SAMPLE_PAGES",
    "STORED",
    "STRAIGHT_JOIN",
    "SYSTEM",
    "TABLE",
    "TERMINATED",
    "THEN",
    "TINYBLOB",
    "TINYINT",
    "TINYTEXT",
    "TO",
    "TRAILING",
    "TRIGGER",
    "TRUE",
    "UNDO",
    "UNION",
    "UNIQUE",
    "UNLOCK",
    "UNSIGNED",
    "UPDATE",
    "USAGE",
    "USE",
    "USING",
    "UTC_DATE",
    "UTC_TIME",
    "UTC_TIMESTAMP",
    "VALUES",
    "VARBINARY",
    "VARCHAR",
    "VARCHARACTER",
    "VARYING",
    "VIRTUAL",
    "WHEN",
    "WHERE",
    "WHILE",
    "WINDOW",
    "WITH",
    "WRITE",
    "XOR",
    "YEAR_MONTH",
    "ZEROFILL",
];

/// `name` as is when MySQL reads it back as the same identifier, else
/// backquoted: reserved words (any case), names with characters outside
/// `[A-Za-z0-9_$]` (spaces, non-ASCII), names that start with a digit, and
/// the empty name (MariaDB Knowledge Base, "Identifier Names").
pub fn quote_if_needed(name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && !RESERVED.contains(&name.to_ascii_uppercase().as_str());
    if plain {
        name.to_string()
    } else {
        quote_doubling(name, '`')
    }
}

/// The version table: one row per current head, as in Alembic.
pub fn create_version_table(d: &dyn Dialect, table: &str) -> String {
    format!(
        "CREATE TABLE IF NOT EXISTS {} (version_num VARCHAR(64) NOT NULL, PRIMARY KEY (version_num))",
        d.quote_ident(table)
    )
}

/// The applied log: one row per step, stamp and rehash. DATETIME(6) keeps microseconds.
pub fn create_log_table(d: &dyn Dialect, table: &str) -> String {
    format!(
        "CREATE TABLE IF NOT EXISTS {} (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, revision VARCHAR(64) NOT NULL, direction VARCHAR(8) NOT NULL, status VARCHAR(8) NOT NULL, checksum VARCHAR(64), started_at DATETIME(6) NOT NULL, finished_at DATETIME(6) NULL, failed_statement INT NULL, error TEXT NULL, KEY (status))",
        d.quote_ident(table)
    )
}

/// MySQL limits identifiers to 64 characters (MySQL manual, "Identifier
/// Length Limits"): a longer generated name keeps its start and ends with a
/// hash of the whole, so it stays unique and the same every time.
fn fit_name(name: String) -> String {
    if name.chars().count() <= 64 {
        return name;
    }
    let hash = short_hash(&name);
    let head: String = name.chars().take(64 - 1 - hash.len()).collect();
    format!("{head}_{hash}")
}

fn short_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())[..4]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn part_label(p: &IndexPart) -> String {
    match expr::prefix_part(&p.value) {
        Some((column, _)) if p.expression => column,
        _ if p.expression => format!("expr{}", short_hash(&p.value)),
        _ => p.value.clone(),
    }
}

/// The name an unnamed object gets on its `pass`-th try: `base`, then
/// `base_2`, `base_3`, ... (the server numbers the names it gives unnamed
/// keys the same way: `a`, `a_2`), each fitted to 64 characters.
pub fn numbered_name(base: &str, pass: usize) -> String {
    match pass {
        0 => fit_name(base.to_string()),
        n => fit_name(format!("{base}_{}", n + 1)),
    }
}

/// An unnamed unique key's base name: its columns joined by `_` (for one
/// column that is the column's name, which is MySQL's own choice).
pub fn unique_base(unique: &Unique) -> String {
    unique.columns.join("_")
}

/// An unnamed index's base name: `ix_<table>_<parts>`.
pub fn index_base(table: &QualifiedName, index: &Index) -> String {
    let parts: Vec<String> = index.parts.iter().map(part_label).collect();
    format!("ix_{}_{}", table.name, parts.join("_"))
}

/// An unnamed foreign key's base name: `fk_<table>_<columns>`.
pub fn fk_base(table: &QualifiedName, fk: &ForeignKey) -> String {
    format!("fk_{}_{}", table.name, fk.columns.join("_"))
}

/// An unnamed check's base name: `chk_<table>_<hash of the expression>`
/// (MySQL 8 generates `<table>_chk_<n>` itself; this never collides with it).
pub fn check_base(table: &QualifiedName, check: &Check) -> String {
    format!("chk_{}_{}", table.name, short_hash(&check.expression))
}

/// The unique key's name: as given, else its base name.
pub fn unique_name(unique: &Unique) -> String {
    unique
        .name
        .clone()
        .unwrap_or_else(|| numbered_name(&unique_base(unique), 0))
}

/// The index's name: as given, else its base name.
pub fn index_name(table: &QualifiedName, index: &Index) -> String {
    index
        .name
        .clone()
        .unwrap_or_else(|| numbered_name(&index_base(table, index), 0))
}

/// The foreign key's name: as given, else its base name.
pub fn fk_name(table: &QualifiedName, fk: &ForeignKey) -> String {
    fk.name
        .clone()
        .unwrap_or_else(|| numbered_name(&fk_base(table, fk), 0))
}

/// The check's name: as given, else its base name.
pub fn check_name(table: &QualifiedName, check: &Check) -> String {
    check
        .name
        .clone()
        .unwrap_or_else(|| numbered_name(&check_base(table, check), 0))
}

/// The unique key an added AUTO_INCREMENT column brings along: InnoDB numbers
/// the existing rows only when the column is keyed in the same statement
/// (MySQL manual, "ALTER TABLE Examples": `ADD c ... AUTO_INCREMENT, ADD
/// PRIMARY KEY (c)`). Lowering drops it again once the wanted key exists.
pub fn auto_increment_key_name(column: &str) -> String {
    fit_name(format!("{column}_autoinc"))
}

fn q(name: &str) -> String {
    quote_if_needed(name)
}

fn table_ref(t: &QualifiedName) -> String {
    match &t.schema {
        Some(s) => format!("{}.{}", q(s), q(&t.name)),
        None => q(&t.name),
    }
}

fn column_list(columns: &[String]) -> String {
    columns.iter().map(|c| q(c)).collect::<Vec<_>>().join(", ")
}

/// A default as SQL: literals as they are, other expressions in parentheses
/// (MariaDB 10.2+ and MySQL 8.0.13+ take any expression that way).
fn default_sql(default: &str) -> String {
    if expr::is_literal(default) {
        default.to_string()
    } else {
        format!("({default})")
    }
}

/// A column's full definition: `MODIFY` replaces all of it, so it always says
/// everything (MySQL manual, "ALTER TABLE Statement": attributes not given are lost).
pub fn column_spec(c: &Column) -> String {
    let mut s = format!("{} {}", q(&c.name), c.data_type);
    if let Some(collation) = &c.collation {
        // A character set whose default collation is unknown here (see
        // `types::resolve_charsets`): the server completes it.
        let clause = if super::types::names_charset_only(collation) {
            " CHARACTER SET "
        } else {
            " COLLATE "
        };
        s.push_str(clause);
        s.push_str(collation);
    }
    if let Some(g) = &c.generated {
        // MariaDB takes no NULL / NOT NULL here (its generated columns are
        // always nullable); MySQL takes NOT NULL, which only a model can ask for.
        s.push_str(&format!(
            " GENERATED ALWAYS AS ({}) {}",
            g.expression,
            g.mode()
        ));
        if !c.nullable {
            s.push_str(" NOT NULL");
        }
    } else {
        s.push_str(if c.nullable { " NULL" } else { " NOT NULL" });
    }
    if let Some(d) = &c.default {
        s.push_str(" DEFAULT ");
        s.push_str(&default_sql(d));
    }
    if let Some(u) = &c.on_update {
        s.push_str(" ON UPDATE ");
        s.push_str(u);
    }
    if c.identity.is_some() {
        s.push_str(" AUTO_INCREMENT");
    }
    if c.invisible {
        s.push_str(" INVISIBLE");
    }
    if let Some(comment) = &c.comment {
        s.push_str(" COMMENT ");
        s.push_str(&quote_string(comment));
    }
    s
}

/// Where `ADD COLUMN` puts `c` (see [`Column::place`]): ` FIRST`, ` AFTER
/// x`, or nothing for last (MySQL manual, "ALTER TABLE Statement").
fn place_sql(c: &Column) -> String {
    match c.place.as_deref() {
        None => String::new(),
        Some(ColumnPlace::First) => " FIRST".into(),
        Some(ColumnPlace::After(prev)) => format!(" AFTER {}", q(prev)),
    }
}

fn index_part(p: &IndexPart) -> String {
    let text = if !p.expression {
        q(&p.value)
    } else if let Some((column, length)) = expr::prefix_part(&p.value) {
        format!("{}({length})", q(&column))
    } else {
        // A functional key part (MySQL 8.0.13+; MariaDB has none and says so).
        format!("({})", p.value)
    };
    if p.descending {
        format!("{text} DESC")
    } else {
        text
    }
}

fn index_parts(index: &Index) -> String {
    index
        .parts
        .iter()
        .map(index_part)
        .collect::<Vec<_>>()
        .join(", ")
}

/// What follows an index's parts: its comment, and whether it is ignored.
/// MariaDB 10.6+ says `IGNORED` (MariaDB KB, "Ignored Indexes"), MySQL 8
/// `INVISIBLE` (MySQL Reference Manual, "Invisible Indexes"), and each
/// refuses the other's word: both are written, each in an executable comment
/// only its server runs (`/*M!` MariaDB's own; `/*!80000`, which MariaDB
/// skips as it skips every version from 50700 to 99999), so one revision
/// serves both.
fn index_options(index: &Index) -> String {
    let mut sql = String::new();
    if let Some(comment) = &index.comment {
        sql.push_str(&format!(" COMMENT {}", quote_string(comment)));
    }
    if index.ignored {
        sql.push(' ');
        sql.push_str(IGNORED);
    }
    sql
}

/// `IGNORED` for MariaDB and `INVISIBLE` for MySQL (see [`index_options`]).
const IGNORED: &str = "/*M!100600 IGNORED */ /*!80000 INVISIBLE */";

/// `NOT IGNORED` for MariaDB and `VISIBLE` for MySQL.
const NOT_IGNORED: &str = "/*M!100600 NOT IGNORED */ /*!80000 VISIBLE */";

/// `KEY`, `UNIQUE KEY`, `FULLTEXT KEY` or `SPATIAL KEY`, and a `USING` clause
/// for other methods (`hash`).
fn index_kind(index: &Index) -> Result<(&'static str, String), String> {
    if let Some(p) = &index.predicate {
        return Err(format!(
            "MySQL has no partial indexes (index {} WHERE {p}); drop the WHERE from the models",
            index.name.as_deref().unwrap_or("(unnamed)")
        ));
    }
    if let Some(what) = index.postgres_only() {
        return Err(format!(
            "index {}: {what}: PostgreSQL only, MySQL cannot build it; drop it from the models",
            index.name.as_deref().unwrap_or("(unnamed)")
        ));
    }
    let method = index.method.as_deref().map(str::to_ascii_lowercase);
    Ok(match (method.as_deref(), index.unique) {
        (Some("fulltext"), _) => ("FULLTEXT ", String::new()),
        (Some("spatial"), _) => ("SPATIAL ", String::new()),
        (Some(m), u) if m != "btree" => (
            if u { "UNIQUE " } else { "" },
            format!(" USING {}", m.to_ascii_uppercase()),
        ),
        (_, true) => ("UNIQUE ", String::new()),
        (_, false) => ("", String::new()),
    })
}

fn fk_clause(table: &QualifiedName, fk: &ForeignKey) -> Result<String, String> {
    if fk.deferrable != Deferrable::No {
        return Err(no_deferrable_keys(table, fk));
    }
    if let Some(clause) = [("ON DELETE", fk.on_delete), ("ON UPDATE", fk.on_update)]
        .into_iter()
        .find_map(|(clause, action)| (action == FkAction::SetDefault).then_some(clause))
    {
        return Err(no_set_default(table, fk, clause));
    }
    let target = QualifiedName {
        schema: fk.ref_schema.clone(),
        name: fk.ref_table.clone(),
    };
    let mut s = format!(
        "CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({})",
        q(&fk_name(table, fk)),
        column_list(&fk.columns),
        table_ref(&target),
        column_list(&fk.ref_columns)
    );
    // NO ACTION is InnoDB's default and the same as RESTRICT (MySQL manual,
    // "FOREIGN KEY Constraints", Referential Actions): left unsaid.
    if fk.on_delete != FkAction::NoAction {
        s.push_str(&format!(" ON DELETE {}", fk.on_delete.sql()));
    }
    if fk.on_update != FkAction::NoAction {
        s.push_str(&format!(" ON UPDATE {}", fk.on_update.sql()));
    }
    Ok(s)
}

/// InnoDB checks every foreign key at once (MySQL manual, "FOREIGN KEY
/// Constraints": deferred checks are not supported) and MariaDB rejects the
/// `DEFERRABLE` syntax outright.
fn no_deferrable_keys(table: &QualifiedName, fk: &ForeignKey) -> String {
    format!(
        "foreign key {table}({}) -> {}: MySQL and MariaDB have no deferrable foreign keys; remove {} from the models",
        fk.columns.join(", "),
        fk.ref_qualified(),
        fk.deferrable.sql()
    )
}

/// InnoDB has no SET DEFAULT action (MySQL manual, "FOREIGN KEY
/// Constraints", Referential Actions: "recognized by the MySQL parser, but
/// both InnoDB and NDB reject table definitions containing ON DELETE SET
/// DEFAULT or ON UPDATE SET DEFAULT clauses"). MariaDB 10.11 accepts the
/// clause and stores RESTRICT instead, so such a key would differ from its
/// models after every upgrade: refused, as MySQL 8 refuses it.
fn no_set_default(table: &QualifiedName, fk: &ForeignKey, clause: &str) -> String {
    let name = fk
        .name
        .as_deref()
        .map(|n| format!(" {n}"))
        .unwrap_or_default();
    format!(
        "foreign key{name} {table}({}) -> {}: InnoDB has no {clause} SET DEFAULT (MariaDB keeps RESTRICT instead, MySQL refuses it); write RESTRICT, NO ACTION, CASCADE or SET NULL in the models",
        fk.columns.join(", "),
        fk.ref_qualified(),
    )
}

fn check_clause(table: &QualifiedName, check: &Check) -> String {
    format!(
        "CONSTRAINT {} CHECK ({})",
        q(&check_name(table, check)),
        check.expression
    )
}

fn primary_key_clause(table: &QualifiedName, key: &PrimaryKey) -> Result<String, String> {
    immediate_key(table, "primary key", &key.columns, key.deferrable)?;
    Ok(format!("PRIMARY KEY ({})", column_list(&key.columns)))
}

fn unique_key_clause(table: &QualifiedName, u: &Unique) -> Result<String, String> {
    immediate_key(table, "unique", &u.columns, u.deferrable)?;
    if u.nulls_not_distinct {
        return Err(format!(
            "unique ({}) on {table}: NULLS NOT DISTINCT is PostgreSQL's; MySQL and MariaDB treat NULLs in a unique key as distinct: remove it from the models",
            u.columns.join(", ")
        ));
    }
    Ok(format!(
        "UNIQUE KEY {} ({})",
        q(&unique_name(u)),
        column_list(&u.columns)
    ))
}

/// MySQL checks every key at once; `DEFERRABLE` is PostgreSQL's.
fn immediate_key(
    table: &QualifiedName,
    what: &str,
    columns: &[String],
    deferrable: Deferrable,
) -> Result<(), String> {
    if deferrable == Deferrable::No {
        return Ok(());
    }
    Err(format!(
        "{what} ({}) on {table}: MySQL and MariaDB have no deferrable keys; remove {} from the models",
        columns.join(", "),
        deferrable.sql()
    ))
}

fn create_table(t: &Table) -> Result<String, String> {
    let name = t.qualified();
    if let Some(key) = &t.partition_by {
        return Err(format!(
            "table {name}: `PARTITION BY {key}` is PostgreSQL's partitioning, which revise does not write for MySQL"
        ));
    }
    let mut lines: Vec<String> = t.columns.iter().map(column_spec).collect();
    if let Some(pk) = &t.primary_key {
        lines.push(primary_key_clause(&name, pk)?);
    }
    for u in &t.uniques {
        lines.push(unique_key_clause(&name, u)?);
    }
    for i in &t.indexes {
        let (kind, using) = index_kind(i)?;
        lines.push(format!(
            "{kind}KEY {} ({}){using}{}",
            q(&index_name(&name, i)),
            index_parts(i),
            index_options(i)
        ));
    }
    for c in &t.checks {
        lines.push(check_clause(&name, c));
    }
    for fk in &t.foreign_keys {
        lines.push(fk_clause(&name, fk)?);
    }
    let mut sql = format!(
        "CREATE TABLE {} (\n    {}\n)",
        table_ref(&name),
        lines.join(",\n    ")
    );
    if let Some(e) = &t.engine {
        sql.push_str(&format!(" ENGINE={}", engine_name(e)));
    }
    if let Some(c) = &t.collation {
        sql.push(' ');
        sql.push_str(&table_collation_clause(c));
    }
    if let Some(c) = &t.comment {
        sql.push_str(&format!(" COMMENT={}", quote_string(c)));
    }
    for c in &t.columns {
        sql.push_str(&auto_increment_start(c, " "));
    }
    Ok(sql)
}

/// The table option `AUTO_INCREMENT=N` after `separator`, when `c` is an
/// auto-increment column whose models give it a first value (MySQL manual,
/// "CREATE TABLE": "The initial AUTO_INCREMENT value for the table"); empty
/// otherwise. Written where the column's numbering begins, never compared.
fn auto_increment_start(c: &Column, separator: &str) -> String {
    match c.identity_options.as_deref().and_then(|o| o.start) {
        Some(start) if c.identity.is_some() => format!("{separator}AUTO_INCREMENT={start}"),
        _ => String::new(),
    }
}

/// An engine name as `ENGINE=` takes it: bare, as the server and its dumps
/// write it, when it is one word (every engine's name is); quoted otherwise,
/// so that a name from JSON models stays one token (the server then refuses
/// it as an unknown engine).
fn engine_name(engine: &str) -> String {
    if !engine.is_empty()
        && engine
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        engine.to_string()
    } else {
        q(engine)
    }
}

/// A table's default character set and collation, as `CREATE TABLE` and
/// `ALTER TABLE` take them: the character set is the one the collation
/// names first (MySQL manual, "Collation Naming Conventions"; `binary` is its
/// own). A character set alone, whose default collation is unknown here
/// (see `types::resolve_charsets`), is written alone for the server to complete.
fn table_collation_clause(collation: &str) -> String {
    let charset = super::types::charset_of(collation);
    if super::types::names_charset_only(collation) {
        return format!("DEFAULT CHARACTER SET {charset}");
    }
    format!("DEFAULT CHARACTER SET {charset} COLLATE {collation}")
}

fn alter(table: &QualifiedName, action: String) -> Vec<String> {
    vec![format!("ALTER TABLE {} {action}", table_ref(table))]
}

/// The name a VIRTUAL column's values are copied to while it turns plain.
/// Identifiers are at most 64 characters (MySQL manual, "Schema Object Names").
fn copy_name(column: &str) -> String {
    format!("revise_copy_{column}").chars().take(64).collect()
}

/// A VIRTUAL column turning plain, keeping its values: MODIFY refuses it (see
/// [`super::lower::modify_cannot`]), and dropping it would lose what it
/// computed. A STORED copy of it (same expression) is added right after it,
/// which the server fills while it adds the column; then the VIRTUAL column is
/// dropped and the copy takes its name and place, turning plain (`DROP` and
/// `CHANGE` in one statement, so no moment has neither; a STORED column may
/// become plain, keeping its values: MySQL manual, "ALTER TABLE and Generated
/// Columns").
///
/// Not `ADD` a plain column and `UPDATE` it from the old one: an UPDATE of
/// every row sets each `ON UPDATE CURRENT_TIMESTAMP` column to now and fires
/// the table's UPDATE triggers, while filling a new column in ALTER TABLE does
/// neither. The price: an expression the server refuses in a STORED column
/// (`now()`, `rand()`: MariaDB error 1901) fails the first statement, which
/// then changes nothing.
fn virtual_to_plain(table: &QualifiedName, from: &Column, to: &Column) -> Vec<String> {
    let copy = Column {
        name: copy_name(&to.name),
        nullable: true,
        identity: None,
        default: None,
        on_update: None,
        comment: None,
        generated: from.generated.as_ref().map(|g| {
            Box::new(Generated {
                expression: g.expression.clone(),
                stored: true,
            })
        }),
        ..to.clone()
    };
    let t = table_ref(table);
    vec![
        format!(
            "ALTER TABLE {t} ADD COLUMN {} AFTER {}",
            column_spec(&copy),
            q(&from.name)
        ),
        format!(
            "ALTER TABLE {t} DROP COLUMN {}, CHANGE COLUMN {} {}",
            q(&from.name),
            q(&copy.name),
            column_spec(to)
        ),
    ]
}

/// The statements for one op.
pub fn render_op(_d: &dyn Dialect, op: &Op) -> Result<Vec<String>, String> {
    Ok(match op {
        Op::CreateSchema(s) | Op::DropSchema(s) => {
            return Err(format!(
                "schema {s}: a MySQL schema is a database, and revise compares only the one the URL names"
            ));
        }
        Op::CreateDomain(d) | Op::DropDomain(d) => {
            return Err(format!(
                "domain {}: domains are PostgreSQL's; MySQL has none",
                d.qualified()
            ));
        }
        Op::CreateComposite(c) | Op::DropComposite(c) | Op::AlterComposite { from: c, .. } => {
            return Err(format!(
                "composite type {}: composite types are PostgreSQL's; MySQL has none (use JSON or separate columns)",
                c.qualified()
            ));
        }
        // MariaDB's (10.3 and later; MySQL has none, which the models'
        // CREATE SEQUENCE already says). No IF [NOT] EXISTS: sequences and
        // tables share one namespace, and a table of the name must fail
        // the statement, not be taken for the sequence.
        Op::CreateSequence(s) => vec![format!(
            "CREATE SEQUENCE {}{}",
            table_ref(&s.qualified()),
            s.options.as_deref().unwrap_or("")
        )],
        Op::DropSequence(s) => vec![format!("DROP SEQUENCE {}", table_ref(&s.qualified()))],
        Op::CreateExtension(e) | Op::DropExtension(e) => {
            return Err(format!(
                "extension {}: extensions are PostgreSQL's; MySQL has none",
                e.name
            ));
        }
        Op::CreateEnum(_) | Op::DropEnum(_) | Op::AlterEnum { .. } => {
            return Err(format!(
                "cannot {} on MySQL: it has no enum types; an ENUM('a', 'b') is a column type, so change the columns instead",
                op.describe()
            ));
        }
        Op::SetTableOptions { table, .. } => {
            return Err(format!(
                "table {table}: STRICT and WITHOUT ROWID are SQLite table options; MySQL has neither"
            ));
        }
        Op::RebuildTable { .. } => {
            return Err(format!(
                "cannot {} on MySQL: table rebuilds are a SQLite procedure; MySQL alters the table in place",
                op.describe()
            ));
        }
        Op::CheckViewsAndTriggers { .. } => {
            return Err(format!(
                "cannot {} on MySQL: the check is SQLite's, whose DROP TABLE leaves views and triggers unchecked",
                op.describe()
            ));
        }
        Op::CreateTable(t) => vec![create_table(t)?],
        Op::DropTable(t) => vec![format!("DROP TABLE {}", table_ref(&t.qualified()))],
        Op::RenameTable { from, to } => {
            vec![format!(
                "RENAME TABLE {} TO {}",
                table_ref(from),
                table_ref(to)
            )]
        }
        // The rows the table has are numbered from the counter given here.
        Op::AddColumn { table, column } if column.identity.is_some() => alter(
            table,
            format!(
                "ADD COLUMN {}{}, ADD UNIQUE KEY {} ({}){}",
                column_spec(column),
                place_sql(column),
                q(&auto_increment_key_name(&column.name)),
                q(&column.name),
                auto_increment_start(column, ", ")
            ),
        ),
        Op::AddColumn { table, column } => alter(
            table,
            format!("ADD COLUMN {}{}", column_spec(column), place_sql(column)),
        ),
        Op::DropColumn { table, column } => {
            alter(table, format!("DROP COLUMN {}", q(&column.name)))
        }
        // MariaDB 10.5.2+ and MySQL 8.0 (MariaDB KB, "ALTER TABLE": RENAME COLUMN).
        Op::RenameColumn { table, from, to } => {
            alter(table, format!("RENAME COLUMN {} TO {}", q(from), q(to)))
        }
        Op::AlterColumn { table, from, to }
            if super::lower::modify_cannot(from, to) && to.generated.is_none() =>
        {
            virtual_to_plain(table, from, to)
        }
        // One statement, so the replacement is atomic even without
        // transactional DDL; in its place, which lowering worked out.
        Op::AlterColumn { table, from, to } if super::lower::modify_cannot(from, to) => alter(
            table,
            format!(
                "DROP COLUMN {}, ADD COLUMN {}{}",
                q(&from.name),
                column_spec(to),
                place_sql(to)
            ),
        ),
        // A column turning AUTO_INCREMENT: the server starts the counter
        // past its values, or at the start the models give if that is higher.
        Op::AlterColumn { table, from, to } if from.identity.is_none() => alter(
            table,
            format!(
                "MODIFY COLUMN {}{}",
                column_spec(to),
                auto_increment_start(to, ", ")
            ),
        ),
        Op::AlterColumn { table, to, .. } => {
            alter(table, format!("MODIFY COLUMN {}", column_spec(to)))
        }
        Op::AddPrimaryKey { table, key } => {
            alter(table, format!("ADD {}", primary_key_clause(table, key)?))
        }
        Op::DropPrimaryKey { table, .. } => alter(table, "DROP PRIMARY KEY".into()),
        Op::AddUnique { table, unique } => {
            alter(table, format!("ADD {}", unique_key_clause(table, unique)?))
        }
        // A unique constraint is a unique index in MySQL.
        Op::DropUnique { table, unique } => {
            alter(table, format!("DROP INDEX {}", q(&unique_name(unique))))
        }
        Op::CreateIndex { table, index } => {
            let (kind, using) = index_kind(index)?;
            vec![format!(
                "CREATE {kind}INDEX {} ON {} ({}){using}{}",
                q(&index_name(table, index)),
                table_ref(table),
                index_parts(index),
                index_options(index)
            )]
        }
        Op::DropIndex { table, index } => vec![format!(
            "DROP INDEX {} ON {}",
            q(&index_name(table, index)),
            table_ref(table)
        )],
        Op::RenamePrimaryKey { table, .. } => {
            return Err(format!(
                "table {table}: a MySQL primary key is always called PRIMARY and cannot be renamed"
            ));
        }
        // MariaDB 10.5.2+ and MySQL 5.7 (MariaDB KB, "ALTER TABLE": RENAME
        // INDEX/KEY); a unique constraint is a unique index.
        Op::RenameUnique { table, from, to } => alter(
            table,
            format!(
                "RENAME INDEX {} TO {}",
                q(&unique_name(from)),
                q(&unique_name(to))
            ),
        ),
        Op::RenameIndex { table, from, to } => alter(
            table,
            format!(
                "RENAME INDEX {} TO {}",
                q(&index_name(table, from)),
                q(&index_name(table, to))
            ),
        ),
        // MariaDB 10.6+ and MySQL 8 (see `index_options`): metadata only,
        // the index is not rebuilt.
        Op::AlterIndex { table, to, .. } => alter(
            table,
            format!(
                "ALTER INDEX {} {}",
                q(&index_name(table, to)),
                if to.ignored { IGNORED } else { NOT_IGNORED }
            ),
        ),
        Op::AddForeignKey { table, fk } => alter(table, format!("ADD {}", fk_clause(table, fk)?)),
        Op::AlterForeignKey { table, from, to } => {
            return Err(no_deferrable_keys(
                table,
                if to.deferrable != Deferrable::No {
                    to
                } else {
                    from
                },
            ));
        }
        Op::DropForeignKey { table, fk } => alter(
            table,
            format!("DROP FOREIGN KEY {}", q(&fk_name(table, fk))),
        ),
        Op::AddCheck { table, check } => {
            alter(table, format!("ADD {}", check_clause(table, check)))
        }
        // MariaDB 10.2+ and MySQL 8.0.19+ accept DROP CONSTRAINT (MySQL 8.0.16-18
        // only DROP CHECK). IF EXISTS, which only MariaDB has, sits in a
        // MariaDB-only executable comment (MariaDB KB, "Comment Syntax"): a
        // column-level check is not found by name, and lowering redefines its
        // column right after (see `lower.rs`).
        Op::DropCheck { table, check } => alter(
            table,
            format!(
                "DROP CONSTRAINT /*M! IF EXISTS */ {}",
                q(&check_name(table, check))
            ),
        ),
        // The default only, never CONVERT TO, which would rewrite every text
        // column in the new collation (MySQL manual, "ALTER TABLE Statement",
        // "Changing the Character Set").
        Op::SetTableCollation { table, to, .. } => alter(table, table_collation_clause(to)),
        // Copies the table into the new engine (MySQL manual, "Setting the
        // Storage Engine"); autogenerate marks it with a caution.
        Op::SetTableEngine { table, to, .. } => alter(table, format!("ENGINE={}", engine_name(to))),
        // An empty comment is no comment (MySQL stores '' for none).
        Op::SetTableComment { table, to, .. } => alter(
            table,
            format!("COMMENT = {}", quote_string(to.as_deref().unwrap_or(""))),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::mysql::Mysql;
    use crate::schema::Identity;

    #[test]
    fn an_engine_is_written_at_create_and_by_alter() {
        let mut t = Table::new("t");
        t.columns.push(Column::new("a", "int"));
        t.engine = Some("MyISAM".into());
        t.collation = Some("utf8mb4_bin".into());
        assert_eq!(
            create_table(&t).unwrap(),
            "CREATE TABLE t (\n    a int NULL\n) ENGINE=MyISAM DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
        );
        let op = Op::SetTableEngine {
            table: crate::schema::QualifiedName::new("t"),
            from: "InnoDB".into(),
            to: "Aria".into(),
        };
        assert_eq!(Mysql.render_op(&op).unwrap(), ["ALTER TABLE t ENGINE=Aria"]);
        assert_eq!(engine_name("my engine"), "`my engine`");
    }

    #[test]
    fn backslashes_and_quotes_are_escaped() {
        assert_eq!(super::quote_string(r"it's a\b"), r"'it''s a\\b'");
    }

    #[test]
    fn identifiers_are_quoted_only_when_needed() {
        assert_eq!(quote_if_needed("users"), "users");
        assert_eq!(quote_if_needed("Order"), "`Order`");
        assert_eq!(quote_if_needed("user group"), "`user group`");
        assert_eq!(quote_if_needed("café"), "`café`");
        assert_eq!(quote_if_needed("1st"), "`1st`");
        assert_eq!(quote_if_needed("a`b"), "`a``b`");
        assert_eq!(quote_if_needed("status"), "status");
    }

    #[test]
    fn generated_names_fit_and_are_stable() {
        let t = QualifiedName::new(&"t".repeat(60));
        let fk = ForeignKey {
            columns: vec!["user_id".into()],
            ref_table: "users".into(),
            ref_columns: vec!["id".into()],
            ..Default::default()
        };
        let name = fk_name(&t, &fk);
        assert_eq!(name.chars().count(), 64);
        assert_eq!(name, fk_name(&t, &fk));
        assert_ne!(name, fk_name(&QualifiedName::new(&"t".repeat(61)), &fk));
        let check = Check {
            name: None,
            expression: "a > 0".into(),
        };
        assert!(check_name(&QualifiedName::new("t"), &check).starts_with("chk_t_"));
    }

    #[test]
    fn columns_render_their_full_spec() {
        let mut c = Column::new("id", "bigint unsigned");
        c.nullable = false;
        c.identity = Some(Identity::AutoIncrement);
        c.comment = Some("it's".into());
        assert_eq!(
            column_spec(&c),
            "id bigint unsigned NOT NULL AUTO_INCREMENT COMMENT 'it''s'"
        );
        let mut d = Column::new("order", "varchar(36)");
        d.default = Some("uuid()".into());
        assert_eq!(column_spec(&d), "`order` varchar(36) NULL DEFAULT (uuid())");
        d.default = Some("'x'".into());
        assert_eq!(column_spec(&d), "`order` varchar(36) NULL DEFAULT 'x'");
    }

    #[test]
    fn a_character_set_alone_is_written_for_the_server_to_complete() {
        let mut c = Column::new("code", "varchar(10)");
        c.collation = Some("ascii".into());
        assert_eq!(column_spec(&c), "code varchar(10) CHARACTER SET ascii NULL");
        c.collation = Some("ascii_bin".into());
        assert_eq!(column_spec(&c), "code varchar(10) COLLATE ascii_bin NULL");
        assert_eq!(
            table_collation_clause("utf8mb4"),
            "DEFAULT CHARACTER SET utf8mb4"
        );
        assert_eq!(
            table_collation_clause("utf8mb4_general_ci"),
            "DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"
        );
    }

    #[test]
    fn an_auto_increment_start_is_written_where_the_numbering_begins() {
        let plain = Column {
            nullable: false,
            ..Column::new("id", "bigint")
        };
        let auto = Column {
            identity: Some(Identity::AutoIncrement),
            identity_options: Some(Box::new(crate::schema::IdentityOptions {
                start: Some(1000),
                ..Default::default()
            })),
            ..plain.clone()
        };
        let render = |op: Op| render_op(&Mysql, &op).unwrap();
        let mut t = Table::new("t");
        t.columns = vec![Column::new("x", "int"), auto.clone()];
        t.comment = Some("c".into());
        assert_eq!(
            render(Op::CreateTable(t)),
            [
                "CREATE TABLE t (\n    x int NULL,\n    id bigint NOT NULL AUTO_INCREMENT\n) COMMENT='c' AUTO_INCREMENT=1000"
            ]
        );
        let table = QualifiedName::new("t");
        assert_eq!(
            render(Op::AddColumn {
                table: table.clone(),
                column: auto.clone(),
            }),
            [
                "ALTER TABLE t ADD COLUMN id bigint NOT NULL AUTO_INCREMENT, ADD UNIQUE KEY id_autoinc (id), AUTO_INCREMENT=1000"
            ]
        );
        assert_eq!(
            render(Op::AlterColumn {
                table: table.clone(),
                from: plain.clone(),
                to: auto.clone(),
            }),
            ["ALTER TABLE t MODIFY COLUMN id bigint NOT NULL AUTO_INCREMENT, AUTO_INCREMENT=1000"]
        );
        // Not where the column was auto-increment already, nor on the way back.
        let changed = Column {
            comment: Some("n".into()),
            ..auto.clone()
        };
        assert_eq!(
            render(Op::AlterColumn {
                table: table.clone(),
                from: auto.clone(),
                to: changed,
            }),
            ["ALTER TABLE t MODIFY COLUMN id bigint NOT NULL AUTO_INCREMENT COMMENT 'n'"]
        );
        assert_eq!(
            render(Op::AlterColumn {
                table,
                from: auto,
                to: plain,
            }),
            ["ALTER TABLE t MODIFY COLUMN id bigint NOT NULL"]
        );
    }

    #[test]
    fn enums_and_rebuilds_are_refused() {
        let e = crate::schema::EnumType {
            schema: None,
            name: "mood".into(),
            values: vec![],
        };
        let err = render_op(&Mysql, &Op::CreateEnum(e)).unwrap_err();
        assert!(err.contains("column type"), "{err}");
        let t = Table::new("t");
        let err = render_op(
            &Mysql,
            &Op::RebuildTable {
                from: t.clone(),
                to: t,
                renames: vec![],
                scratch: Default::default(),
            },
        )
        .unwrap_err();
        assert!(err.contains("SQLite"), "{err}");
    }

    #[test]
    fn an_index_comment_and_ignored_flag_are_written_for_both_servers() {
        let t = QualifiedName::new("t");
        let index = Index {
            name: Some("ix".into()),
            parts: vec![IndexPart::column("a")],
            comment: Some("it's".into()),
            ignored: true,
            ..Default::default()
        };
        let create = render_op(
            &Mysql,
            &Op::CreateIndex {
                table: t.clone(),
                index: index.clone(),
            },
        )
        .unwrap();
        assert_eq!(
            create,
            [
                "CREATE INDEX ix ON t (a) COMMENT 'it''s' /*M!100600 IGNORED */ /*!80000 INVISIBLE */"
            ]
        );
        let mut table = Table::new("t");
        table.columns = vec![Column::new("a", "int")];
        table.indexes = vec![index.clone()];
        let sql = render_op(&Mysql, &Op::CreateTable(table)).unwrap();
        assert!(
            sql[0].contains(
                "KEY ix (a) COMMENT 'it''s' /*M!100600 IGNORED */ /*!80000 INVISIBLE */\n)"
            ),
            "{}",
            sql[0]
        );
        let used = Index {
            ignored: false,
            ..index.clone()
        };
        let alter = |from: &Index, to: &Index| {
            render_op(
                &Mysql,
                &Op::AlterIndex {
                    table: t.clone(),
                    from: from.clone(),
                    to: to.clone(),
                },
            )
            .unwrap()
        };
        assert_eq!(
            alter(&used, &index),
            ["ALTER TABLE t ALTER INDEX ix /*M!100600 IGNORED */ /*!80000 INVISIBLE */"]
        );
        assert_eq!(
            alter(&index, &used),
            ["ALTER TABLE t ALTER INDEX ix /*M!100600 NOT IGNORED */ /*!80000 VISIBLE */"]
        );
    }

    #[test]
    fn postgres_index_options_are_refused_by_name() {
        let index = Index {
            name: Some("ix".into()),
            parts: vec![
                IndexPart {
                    opclass: Some("text_pattern_ops".into()),
                    ..IndexPart::column("a")
                },
                IndexPart {
                    nulls_first: Some(false),
                    ..IndexPart::column("c")
                },
            ],
            include: vec!["b".into()],
            ..Default::default()
        };
        let err = render_op(
            &Mysql,
            &Op::CreateIndex {
                table: QualifiedName::new("t"),
                index,
            },
        )
        .unwrap_err();
        assert_eq!(
            err,
            "index ix: operator class text_pattern_ops on a, NULLS LAST on c, INCLUDE (b): PostgreSQL only, MySQL cannot build it; drop it from the models"
        );
    }

    #[test]
    fn deferrable_keys_are_refused_by_name() {
        let mut t = Table::new("t");
        t.columns = vec![Column::new("a", "int")];
        t.uniques = vec![Unique {
            name: None,
            columns: vec!["a".into()],
            column_options: Vec::new(),
            deferrable: Deferrable::InitiallyDeferred,
            nulls_not_distinct: false,
        }];
        let err = render_op(&Mysql, &Op::CreateTable(t)).unwrap_err();
        assert_eq!(
            err,
            "unique (a) on t: MySQL and MariaDB have no deferrable keys; remove DEFERRABLE INITIALLY DEFERRED from the models"
        );
        let key = PrimaryKey {
            name: None,
            columns: vec!["a".into()],
            column_options: Vec::new(),
            deferrable: Deferrable::InitiallyImmediate,
        };
        let err = render_op(
            &Mysql,
            &Op::AddPrimaryKey {
                table: QualifiedName::new("t"),
                key,
            },
        )
        .unwrap_err();
        assert!(err.starts_with("primary key (a) on t: "), "{err}");
    }

    #[test]
    fn deferrable_foreign_keys_are_refused_by_name() {
        let fk = ForeignKey {
            columns: vec!["p".into()],
            ref_table: "parent".into(),
            ref_columns: vec!["id".into()],
            deferrable: Deferrable::InitiallyDeferred,
            ..Default::default()
        };
        let mut t = Table::new("child");
        t.columns = vec![Column::new("p", "int")];
        t.foreign_keys = vec![fk.clone()];
        let table = t.qualified();
        for op in [
            Op::CreateTable(t),
            Op::AddForeignKey {
                table: table.clone(),
                fk: fk.clone(),
            },
            Op::AlterForeignKey {
                table,
                from: ForeignKey {
                    deferrable: Deferrable::No,
                    ..fk.clone()
                },
                to: fk.clone(),
            },
        ] {
            let err = render_op(&Mysql, &op).unwrap_err();
            assert_eq!(
                err,
                "foreign key child(p) -> parent: MySQL and MariaDB have no deferrable foreign keys; remove DEFERRABLE INITIALLY DEFERRED from the models",
                "{}",
                op.describe()
            );
        }
    }

    #[test]
    fn set_default_actions_are_refused_by_name() {
        let fk = ForeignKey {
            name: Some("fk_child_parent".into()),
            columns: vec!["p".into()],
            ref_table: "parent".into(),
            ref_columns: vec!["id".into()],
            on_update: FkAction::SetDefault,
            ..Default::default()
        };
        let mut t = Table::new("child");
        t.columns = vec![Column::new("p", "int")];
        t.foreign_keys = vec![fk.clone()];
        let table = t.qualified();
        for op in [
            Op::CreateTable(t),
            Op::AddForeignKey {
                table: table.clone(),
                fk: fk.clone(),
            },
        ] {
            let err = render_op(&Mysql, &op).unwrap_err();
            assert_eq!(
                err,
                "foreign key fk_child_parent child(p) -> parent: InnoDB has no ON UPDATE SET DEFAULT (MariaDB keeps RESTRICT instead, MySQL refuses it); write RESTRICT, NO ACTION, CASCADE or SET NULL in the models",
                "{}",
                op.describe()
            );
        }
        let unnamed = ForeignKey {
            name: None,
            on_delete: FkAction::SetDefault,
            on_update: FkAction::Cascade,
            ..fk
        };
        let err = render_op(&Mysql, &Op::AddForeignKey { table, fk: unnamed }).unwrap_err();
        assert!(
            err.starts_with("foreign key child(p) -> parent: InnoDB has no ON DELETE SET DEFAULT"),
            "{err}"
        );
    }
}
