//! MySQL/MariaDB introspection: the connected database's schema from
//! `information_schema`, in nine queries whatever the number of tables.
//!
//! The result is raw, as the server spells it (`int(11)`, `current_timestamp()`,
//! unique indexes as indexes, the primary key named `PRIMARY`); `types.rs`
//! normalizes it. It must not interpret beyond what the catalog says.
//!
//! Where the two servers differ it follows MariaDB 10.11 and adapts for
//! MySQL 8 where that is cheap:
//! * `COLUMN_DEFAULT` is an SQL expression in MariaDB 10.2.7+ (`'abc'`, `NULL`
//!   for none) but the bare value in MySQL (`abc`); MySQL's is quoted here.
//! * `CHECK_CONSTRAINTS` has `TABLE_NAME` and `LEVEL` in MariaDB only; MySQL's
//!   check names are unique per schema, so it is joined to `TABLE_CONSTRAINTS`.
//! * `STATISTICS.EXPRESSION` (functional key parts) exists in MySQL 8.0.13+ only.
//!
//! MariaDB's system-versioned tables (`TABLE_TYPE` 'SYSTEM VERSIONED') are
//! read as base tables, without their period columns: the models cannot say
//! `WITH SYSTEM VERSIONING` (it is ignored with a warning), and leaving such
//! a table out would make autogenerate create it again and foreign keys to it
//! dangle.
//!
//! Primary keys and unique keys come from `STATISTICS`, not from
//! `TABLE_CONSTRAINTS`/`KEY_COLUMN_USAGE`: a MySQL key constraint is an index,
//! and only `STATISTICS` has its descending parts (`COLLATION` 'D', MariaDB
//! 10.8+ and MySQL 8) and prefix lengths (`SUB_PART`). A prefix part
//! `name(10)` becomes an expression part with that text, which is how the
//! models spell it and how it renders back.

use std::collections::BTreeMap;

use crate::dialect::{Database, IntrospectOptions, TextRow, query_or};
use crate::error::Result;
use crate::schema::{
    Check, Column, Dependent, DependentKind, FkAction, ForeignKey, Generated, Identity, Index,
    IndexPart, OtherRelation, PrimaryKey, QualifiedName, RelationKind, Schema, Sequence, Table,
    TakenNames, Uses,
};

use super::render::{quote_if_needed, quote_string};

/// Which server answers: their catalogs differ in a few columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavor {
    MariaDb,
    MySql,
}

// lower_case_table_names decides whether table names compare by case (see
// `MysqlCompare::table_name_key`); it is fixed at server start, so once per
// introspection is enough.
const VERSION: &str = "SELECT CAST(VERSION() AS CHAR), CAST(DATABASE() AS CHAR), \
     CAST(@@lower_case_table_names AS CHAR)";

/// Each character set's default collation, which a `CHARACTER SET` without
/// `COLLATE` takes (MySQL manual, "Column Character Set and Collation"), so
/// models that name a character set alone compare as the server creates
/// them. MariaDB 11.2+ lets `character_set_collations` choose other defaults
/// (MariaDB KB, "Supported Character Sets and Collations": "From MariaDB
/// 11.2, it is possible to change the default collation associated with a
/// character set"; 11.6 gives the Unicode ones uca1400 collations that way):
/// its value comes as one more row with an empty name.
fn character_sets(flavor: Flavor, version: &str) -> String {
    let mut sql = "SELECT CAST(CHARACTER_SET_NAME AS CHAR), CAST(DEFAULT_COLLATE_NAME AS CHAR) \
         FROM information_schema.CHARACTER_SETS"
        .to_string();
    if flavor == Flavor::MariaDb && at_least(version, 11, 2) {
        sql.push_str(" UNION ALL SELECT '', CAST(@@character_set_collations AS CHAR)");
    }
    sql
}

/// The rows of [`character_sets`] as character set to default collation,
/// the overrides of `character_set_collations` (`utf8mb4=utf8mb4_uca1400_ai_ci,...`)
/// taking precedence over the catalog's defaults.
fn default_collations(rows: &[TextRow]) -> BTreeMap<String, String> {
    let mut defaults = BTreeMap::new();
    let mut overrides = Vec::new();
    for row in rows {
        let (name, collation) = (text(row, 0), text(row, 1));
        if name.is_empty() {
            overrides.extend(
                collation
                    .split(',')
                    .filter_map(|pair| pair.split_once('='))
                    .map(|(cs, c)| (cs.trim().to_string(), c.trim().to_string())),
            );
        } else if !collation.is_empty() {
            defaults.insert(name, collation);
        }
    }
    defaults.extend(
        overrides
            .into_iter()
            .filter(|(cs, c)| !cs.is_empty() && !c.is_empty()),
    );
    defaults
}

/// The views and triggers of the database with their text, so autogenerate
/// can warn before an op that breaks one: MySQL and MariaDB neither refuse
/// to drop or rename what a view or trigger names nor rewrite it, and the
/// view fails when used (ERROR 1356). One query for both kinds.
const DEPENDENTS: &str = "SELECT 'view', CAST(TABLE_NAME AS CHAR), NULL, \
     CAST(VIEW_DEFINITION AS CHAR) \
     FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() \
     UNION ALL SELECT 'trigger', CAST(TRIGGER_NAME AS CHAR), CAST(EVENT_OBJECT_TABLE AS CHAR), \
     CAST(ACTION_STATEMENT AS CHAR) \
     FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() \
     ORDER BY 1, 2";

/// Tables, and MariaDB's sequences (10.3 and later), which `TABLES` lists
/// as `TABLE_TYPE` 'SEQUENCE': one query for both. A sequence is no table
/// (its columns, `next_not_cached_value` and the rest, are its state), and
/// its options are not read: they are not compared, and MariaDB 10.x has
/// them only in the sequence itself, one query each. The table's engine
/// comes with it (see `Table::engine`).
const TABLES: &str = "SELECT CAST(TABLE_NAME AS CHAR), CAST(TABLE_COMMENT AS CHAR), \
     CAST(TABLE_COLLATION AS CHAR), CAST(TABLE_TYPE AS CHAR), CAST(ENGINE AS CHAR) \
     FROM information_schema.TABLES \
     WHERE TABLE_SCHEMA = DATABASE() \
     AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED', 'SEQUENCE') \
     ORDER BY TABLE_NAME";

const COLUMNS: &str = "SELECT CAST(TABLE_NAME AS CHAR), CAST(COLUMN_NAME AS CHAR), \
     CAST(COLUMN_TYPE AS CHAR), CAST(IS_NULLABLE AS CHAR), CAST(COLUMN_DEFAULT AS CHAR), \
     CAST(EXTRA AS CHAR), CAST(COLUMN_COMMENT AS CHAR), CAST(ORDINAL_POSITION AS CHAR), \
     CAST(DATA_TYPE AS CHAR), CAST(GENERATION_EXPRESSION AS CHAR), CAST(COLLATION_NAME AS CHAR) \
     FROM information_schema.COLUMNS \
     WHERE TABLE_SCHEMA = DATABASE() \
     ORDER BY TABLE_NAME, ORDINAL_POSITION";

/// The index rows: one per key part, with the index's comment and whether
/// it is ignored, which MariaDB 10.6+ reports as `IGNORED` (MariaDB KB,
/// "Ignored Indexes") and MySQL 8 as `IS_VISIBLE` (MySQL Reference Manual,
/// "Invisible Indexes"); older servers have neither.
fn statistics(flavor: Flavor, version: &str) -> String {
    let expression = match flavor {
        Flavor::MySql => "CAST(EXPRESSION AS CHAR)",
        Flavor::MariaDb => "CAST(NULL AS CHAR)",
    };
    let ignored = match flavor {
        Flavor::MariaDb if at_least(version, 10, 6) => "CAST(IGNORED AS CHAR)",
        Flavor::MySql if at_least(version, 8, 0) => {
            "CAST(CASE IS_VISIBLE WHEN 'NO' THEN 'YES' ELSE 'NO' END AS CHAR)"
        }
        _ => "CAST('NO' AS CHAR)",
    };
    format!(
        "SELECT CAST(TABLE_NAME AS CHAR), CAST(INDEX_NAME AS CHAR), CAST(NON_UNIQUE AS CHAR), \
         CAST(SEQ_IN_INDEX AS CHAR), CAST(COLUMN_NAME AS CHAR), CAST(COLLATION AS CHAR), \
         CAST(SUB_PART AS CHAR), CAST(INDEX_TYPE AS CHAR), {expression}, \
         CAST(INDEX_COMMENT AS CHAR), {ignored} \
         FROM information_schema.STATISTICS \
         WHERE TABLE_SCHEMA = DATABASE() \
         ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX"
    )
}

// Key columns and referential rules come in two queries and meet in Rust:
// a join between two information_schema views makes the server materialize
// both and compare every pair (170 ms at 1,000 tables, against 2 x 20 ms).
const FOREIGN_KEYS: &str = "SELECT CAST(TABLE_NAME AS CHAR), CAST(CONSTRAINT_NAME AS CHAR), \
     CAST(COLUMN_NAME AS CHAR), CAST(ORDINAL_POSITION AS CHAR), \
     CAST(REFERENCED_TABLE_SCHEMA AS CHAR), CAST(REFERENCED_TABLE_NAME AS CHAR), \
     CAST(REFERENCED_COLUMN_NAME AS CHAR) \
     FROM information_schema.KEY_COLUMN_USAGE \
     WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL";

const REFERENTIAL_RULES: &str = "SELECT CAST(TABLE_NAME AS CHAR), CAST(CONSTRAINT_NAME AS CHAR), \
     CAST(UPDATE_RULE AS CHAR), CAST(DELETE_RULE AS CHAR) \
     FROM information_schema.REFERENTIAL_CONSTRAINTS \
     WHERE CONSTRAINT_SCHEMA = DATABASE()";

fn checks(flavor: Flavor) -> &'static str {
    match flavor {
        Flavor::MariaDb => {
            "SELECT CAST(TABLE_NAME AS CHAR), CAST(CONSTRAINT_NAME AS CHAR), \
             CAST(CHECK_CLAUSE AS CHAR) \
             FROM information_schema.CHECK_CONSTRAINTS \
             WHERE CONSTRAINT_SCHEMA = DATABASE() \
             ORDER BY TABLE_NAME, CONSTRAINT_NAME"
        }
        Flavor::MySql => {
            "SELECT CAST(t.TABLE_NAME AS CHAR), CAST(c.CONSTRAINT_NAME AS CHAR), \
             CAST(c.CHECK_CLAUSE AS CHAR) \
             FROM information_schema.TABLE_CONSTRAINTS t \
             JOIN information_schema.CHECK_CONSTRAINTS c \
               ON c.CONSTRAINT_SCHEMA = t.CONSTRAINT_SCHEMA AND c.CONSTRAINT_NAME = t.CONSTRAINT_NAME \
             WHERE t.TABLE_SCHEMA = DATABASE() AND t.CONSTRAINT_TYPE = 'CHECK' \
             ORDER BY t.TABLE_NAME, c.CONSTRAINT_NAME"
        }
    }
}

/// Column `i` of a row, NULL as `None`.
fn cell(row: &TextRow, i: usize) -> Option<String> {
    row.get(i).cloned().flatten()
}

/// Column `i` of a row, NULL as empty text.
fn text(row: &TextRow, i: usize) -> String {
    cell(row, i).unwrap_or_default()
}

fn number(row: &TextRow, i: usize) -> u64 {
    text(row, i).trim().parse().unwrap_or(0)
}

fn read(db: &mut dyn Database, sql: &str, what: &str) -> Result<Vec<TextRow>> {
    query_or(db, sql, &format!("reading {what} from information_schema"))
}

fn each(db: &mut dyn Database, sql: &str, what: &str, f: &mut dyn FnMut(TextRow)) -> Result<()> {
    crate::dialect::query_each_or(
        db,
        sql,
        &format!("reading {what} from information_schema"),
        f,
    )
}

/// Reads the schema of the connected database (`DATABASE()`); tables in
/// `options.exclude_tables` are left out. `options.schemas` is PostgreSQL's:
/// a MySQL schema is a database, and one connection reads one.
pub fn introspect(db: &mut dyn Database, options: &IntrospectOptions) -> Result<Schema> {
    let version = read(db, VERSION, "the server version")?;
    let first = version.first().cloned().unwrap_or_default();
    let server = crate::source::sql::Server::from_version_text(&text(&first, 0));
    let flavor = if server.is_some_and(|s| s.mariadb) {
        Flavor::MariaDb
    } else {
        Flavor::MySql
    };
    let database = text(&first, 1);
    let table_names_case_sensitive = text(&first, 2).trim() == "0";
    let unique_keys_on_whole_text = flavor == Flavor::MariaDb && at_least(&text(&first, 0), 10, 4);
    let default_collations = default_collations(&read(
        db,
        &character_sets(flavor, &text(&first, 0)),
        "character sets",
    )?);

    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    let mut sequences = Vec::new();
    for row in read(db, TABLES, "tables")? {
        let name = text(&row, 0);
        if text(&row, 3) == "SEQUENCE" {
            sequences.push(Sequence {
                name,
                ..Sequence::default()
            });
            continue;
        }
        if options.exclude_tables.contains(&name) {
            continue;
        }
        let mut table = Table::new(&name);
        table.comment = cell(&row, 1).filter(|c| !c.is_empty());
        table.collation = cell(&row, 2).filter(|c| !c.is_empty());
        // NULL only for a table the server cannot open (its engine's plugin
        // is gone): then there is nothing to compare.
        table.engine = cell(&row, 4).filter(|e| !e.is_empty());
        tables.insert(name, table);
    }

    // Rows are taken one at a time (the column list of thousands of tables is
    // the largest catalog result) and put in order per table afterwards.
    let mut positioned: BTreeMap<String, Vec<(u64, Column)>> = BTreeMap::new();
    // A system-versioned table's period columns, by table: the server's
    // bookkeeping, which the models do not describe (see `is_period_column`).
    let mut periods: BTreeMap<String, Vec<String>> = BTreeMap::new();
    each(db, COLUMNS, "columns", &mut |row| {
        let table = text(&row, 0);
        if tables.contains_key(&table) && is_period_column(&row) {
            periods.entry(table).or_default().push(text(&row, 1));
        } else if tables.contains_key(&table) {
            positioned
                .entry(table)
                .or_default()
                .push((number(&row, 7), column(&row, flavor)));
        }
    })?;
    for (table, mut columns) in positioned {
        columns.sort_by_key(|(position, _)| *position);
        if let Some(t) = tables.get_mut(&table) {
            t.columns = columns.into_iter().map(|(_, c)| c).collect();
        }
    }

    type Parts = Vec<(u64, IndexPart)>;
    let mut indexes: BTreeMap<(String, String), (Index, String, Parts)> = BTreeMap::new();
    each(
        db,
        &statistics(flavor, &text(&first, 0)),
        "indexes",
        &mut |row| {
            let key = (text(&row, 0), text(&row, 1));
            let entry = indexes.entry(key).or_insert_with(|| {
                let index = Index {
                    unique: text(&row, 2) == "0",
                    comment: cell(&row, 9).filter(|c| !c.is_empty()),
                    ignored: text(&row, 10) == "YES",
                    ..Index::default()
                };
                (index, text(&row, 7), Vec::new())
            });
            entry.2.push((number(&row, 3), index_part(&row)));
        },
    )?;
    for ((table, name), (index, kind, mut parts)) in indexes {
        parts.sort_by_key(|(seq, _)| *seq);
        let parts: Vec<IndexPart> = parts.into_iter().map(|(_, p)| p).collect();
        let Some(t) = tables.get_mut(&table) else {
            continue;
        };
        if name == "PRIMARY" {
            t.primary_key = Some(PrimaryKey {
                name: Some(name),
                columns: parts.into_iter().map(|p| p.value).collect(),
                column_options: Vec::new(),
                deferrable: Default::default(),
            });
            continue;
        }
        let method = kind.to_ascii_lowercase();
        t.indexes.push(Index {
            name: Some(name),
            parts,
            method: (method != "btree" && !method.is_empty()).then_some(method),
            ..index
        });
    }

    // MariaDB adds the row end to the primary key and unique keys of a
    // versioned table (`PRIMARY KEY (id, row_end)`): left out with the column.
    for (table, columns) in &periods {
        let Some(t) = tables.get_mut(table) else {
            continue;
        };
        let period = |c: &str| columns.iter().any(|p| p.eq_ignore_ascii_case(c));
        if let Some(pk) = &mut t.primary_key {
            pk.columns.retain(|c| !period(c));
        }
        for i in &mut t.indexes {
            i.parts.retain(|p| p.expression || !period(&p.value));
        }
        t.indexes.retain(|i| !i.parts.is_empty());
    }

    let mut fk_rows = read(db, FOREIGN_KEYS, "foreign keys")?;
    fk_rows.sort_by_key(|r| (text(r, 0), text(r, 1), number(r, 3)));
    let rules: BTreeMap<(String, String), (String, String)> =
        read(db, REFERENTIAL_RULES, "foreign key rules")?
            .iter()
            .map(|r| ((text(r, 0), text(r, 1)), (text(r, 2), text(r, 3))))
            .collect();
    let mut fks: BTreeMap<(String, String), ForeignKey> = BTreeMap::new();
    for row in &fk_rows {
        let ref_schema = cell(row, 4).filter(|s| *s != database);
        let fk = fks
            .entry((text(row, 0), text(row, 1)))
            .or_insert_with(|| ForeignKey {
                name: Some(text(row, 1)),
                ref_schema,
                ref_table: text(row, 5),
                on_update: rules
                    .get(&(text(row, 0), text(row, 1)))
                    .and_then(|(update, _)| FkAction::parse(update))
                    .unwrap_or_default(),
                on_delete: rules
                    .get(&(text(row, 0), text(row, 1)))
                    .and_then(|(_, delete)| FkAction::parse(delete))
                    .unwrap_or_default(),
                ..Default::default()
            });
        fk.columns.push(text(row, 2));
        fk.ref_columns.push(text(row, 6));
    }
    // The foreign keys and checks of the tables left out still hold their
    // names: InnoDB keeps foreign-key names per database, MySQL 8 check
    // names too, so a name chosen for an unnamed one must avoid them.
    let mut taken_names = TakenNames::default();
    let mut taken = |name: String| {
        taken_names
            .constraints
            .insert(QualifiedName { schema: None, name });
    };
    for ((table, name), fk) in fks {
        match tables.get_mut(&table) {
            Some(t) => t.foreign_keys.push(fk),
            None => taken(name),
        }
    }

    for row in read(db, checks(flavor), "check constraints")? {
        match tables.get_mut(&text(&row, 0)) {
            Some(t) => t.checks.push(Check {
                name: Some(text(&row, 1)),
                expression: text(&row, 2),
            }),
            None => taken(text(&row, 1)),
        }
    }

    let dependents: Vec<Dependent> = read(db, DEPENDENTS, "views and triggers")?
        .iter()
        .map(|row| Dependent {
            kind: match text(row, 0).as_str() {
                "trigger" => DependentKind::Trigger {
                    table: QualifiedName::new(&text(row, 2)),
                },
                _ => DependentKind::View,
            },
            name: QualifiedName::new(&text(row, 1)),
            uses: Uses::Text(text(row, 3)),
        })
        .collect();

    // The views are also what a model table may stand for (Diesel's
    // `table!` describes views too): autogenerate leaves those alone.
    let other_relations = dependents
        .iter()
        .filter(|d| d.kind == DependentKind::View)
        .map(|d| OtherRelation {
            name: d.name.clone(),
            kind: RelationKind::View,
        })
        .collect();

    Ok(Schema {
        tables: tables.into_values().collect(),
        sequences,
        table_names_case_sensitive: Some(table_names_case_sensitive),
        unique_keys_on_whole_text: Some(unique_keys_on_whole_text),
        generated_columns_take_not_null: Some(flavor == Flavor::MySql),
        // Functional key parts came with MySQL 8.0.13; MariaDB has none.
        expression_indexes: Some(flavor == Flavor::MySql && at_least(&text(&first, 0), 8, 0)),
        default_collations,
        taken_names,
        dependents,
        other_relations,
        // The database its defaults name (`nextval(`db`.`seq`)`): see
        // `types.rs`.
        default_schema: Some(database),
        ..Schema::default()
    })
}

/// Whether a `VERSION()` text (`10.11.19-MariaDB-0+deb12u1`, `8.0.36`) is
/// `major.minor` or later. MariaDB builds a UNIQUE key over a whole TEXT or
/// BLOB column from 10.4 on (MDEV-371, "Unique indexes for blobs", in the
/// MariaDB 10.4.0 release notes), checked through a hidden hash.
fn at_least(version: &str, major: u32, minor: u32) -> bool {
    crate::source::sql::Server::from_version_text(version)
        .is_some_and(|s| s.version >= major * 10_000 + minor * 100)
}

/// Whether a COLUMNS row is a system-versioned table's row start or row end
/// named in its `PERIOD FOR SYSTEM_TIME` (MariaDB KB, "System-Versioned
/// Tables"): generated `AS ROW START` / `AS ROW END`, which
/// `GENERATION_EXPRESSION` spells so. The implicit ones of a table created
/// with only `WITH SYSTEM VERSIONING` are not listed at all.
fn is_period_column(row: &TextRow) -> bool {
    let expression = text(row, 9);
    text(row, 5).to_ascii_lowercase().contains(" generated")
        && ["ROW START", "ROW END"]
            .iter()
            .any(|e| expression.trim().eq_ignore_ascii_case(e))
}

/// A `COLUMN_TYPE` with MariaDB's column compression written as the models
/// write it: MariaDB reports `mediumtext /*M!100301 COMPRESSED*/` (MariaDB
/// KB, "Storage-Engine Independent Column Compression"), the attribute in
/// an executable comment, which is `mediumtext COMPRESSED` to the server.
fn compressed_spelled_out(column_type: &str) -> String {
    let Some(at) = column_type.find("/*M!") else {
        return column_type.to_string();
    };
    let inner = column_type[at + 4..].trim_start_matches(|c: char| c.is_ascii_digit());
    let (inner, after) = inner.split_once("*/").unwrap_or((inner, ""));
    format!("{}{}{after}", &column_type[..at], inner.trim())
}

fn column(row: &TextRow, flavor: Flavor) -> Column {
    let extra = text(row, 5).to_ascii_lowercase();
    let mut c = Column::new(&text(row, 1), &compressed_spelled_out(&text(row, 2)));
    c.nullable = text(row, 3).eq_ignore_ascii_case("YES");
    c.default = cell(row, 4).and_then(|d| match flavor {
        Flavor::MariaDb => Some(d),
        Flavor::MySql => mysql_default(d, &text(row, 8), &extra),
    });
    if extra.contains("auto_increment") {
        c.identity = Some(Identity::AutoIncrement);
    }
    // EXTRA says `STORED GENERATED` / `VIRTUAL GENERATED` (MySQL spells
    // `VIRTUAL GENERATED` the same way) and `on update <expression>`.
    if extra.contains(" generated") {
        c.generated = Some(Box::new(Generated {
            expression: text(row, 9),
            stored: extra.contains("stored generated"),
        }));
        c.default = None;
    }
    // EXTRA lists `INVISIBLE` among the others (`VIRTUAL GENERATED, INVISIBLE`
    // on MariaDB, MySQL 8.0.23+ the same).
    c.invisible = extra.contains("invisible");
    if let Some(at) = extra.find("on update ") {
        let raw = cell(row, 5).unwrap_or_default();
        // The flags come comma-separated after it (`on update
        // current_timestamp(), INVISIBLE`); the expression holds no comma.
        let rest = &raw[at + "on update ".len()..];
        let end = rest.find(',').unwrap_or(rest.len());
        c.on_update = Some(rest[..end].trim().into());
    }
    c.comment = cell(row, 6).filter(|s| !s.is_empty());
    // Every text column has one; see `types.rs` for why it is kept even
    // when it is the table's default.
    c.collation = cell(row, 10).map(String::into_boxed_str);
    c
}

/// MySQL's `COLUMN_DEFAULT` is the bare value, or the expression when `EXTRA`
/// says `DEFAULT_GENERATED` (MySQL manual, "The INFORMATION_SCHEMA COLUMNS
/// Table"): spelled here as MariaDB spells it.
fn mysql_default(value: String, data_type: &str, extra: &str) -> Option<String> {
    let numeric = [
        "tinyint",
        "smallint",
        "mediumint",
        "int",
        "bigint",
        "decimal",
        "float",
        "double",
        "bit",
        "year",
    ]
    .contains(&data_type.to_ascii_lowercase().as_str());
    if extra.contains("default_generated") {
        let timestamp = value.to_ascii_lowercase().starts_with("current_timestamp");
        Some(if timestamp {
            value
        } else {
            format!("({value})")
        })
    } else if numeric {
        Some(value)
    } else {
        Some(quote_string(&value))
    }
}

fn index_part(row: &TextRow) -> IndexPart {
    let descending = text(row, 5) == "D";
    // A SPATIAL key part takes no prefix length (CREATE SPATIAL INDEX ... (pt(32))
    // fails with error 1089), yet MariaDB reports the size of the stored
    // bounding rectangle, 32, as its SUB_PART: read as a prefix, the index would
    // never match its model and could not be created again.
    let prefix = cell(row, 6).filter(|_| !text(row, 7).eq_ignore_ascii_case("SPATIAL"));
    match (cell(row, 4), prefix, cell(row, 8)) {
        (Some(column), Some(prefix), _) => IndexPart {
            value: format!("{}({prefix})", quote_if_needed(&column)),
            expression: true,
            descending,
            opclass: None,
            nulls_first: None,
        },
        (Some(column), None, _) => IndexPart {
            value: column,
            expression: false,
            descending,
            opclass: None,
            nulls_first: None,
        },
        (None, _, expression) => IndexPart {
            value: expression.unwrap_or_default(),
            expression: true,
            descending,
            opclass: None,
            nulls_first: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statistics_row(sub_part: Option<&str>, index_type: &str) -> TextRow {
        [
            Some("g"),
            Some("sp"),
            Some("1"),
            Some("1"),
            Some("pt"),
            Some("A"),
            sub_part,
            Some(index_type),
            None,
            Some(""),
            Some("NO"),
        ]
        .iter()
        .map(|c| c.map(str::to_string))
        .collect()
    }

    #[test]
    fn character_set_collations_override_the_catalogs_defaults() {
        let row = |a: &str, b: &str| -> TextRow { vec![Some(a.into()), Some(b.into())] };
        let rows = [
            row("latin1", "latin1_swedish_ci"),
            row(
                "",
                "utf8mb4=utf8mb4_uca1400_ai_ci, ucs2=ucs2_uca1400_ai_ci,",
            ),
            row("utf8mb4", "utf8mb4_general_ci"),
        ];
        let got = default_collations(&rows);
        assert_eq!(got["latin1"], "latin1_swedish_ci");
        assert_eq!(got["utf8mb4"], "utf8mb4_uca1400_ai_ci");
        assert_eq!(got["ucs2"], "ucs2_uca1400_ai_ci");
        assert_eq!(got.len(), 3);
        assert!(
            character_sets(Flavor::MariaDb, "11.4.2-MariaDB")
                .contains("@@character_set_collations")
        );
        assert!(!character_sets(Flavor::MariaDb, "10.11.19-MariaDB").contains('@'));
        assert!(!character_sets(Flavor::MySql, "11.4.0").contains('@'));
    }

    #[test]
    fn server_versions_compare_by_major_and_minor() {
        assert!(at_least("10.11.19-MariaDB-0+deb12u1", 10, 4));
        assert!(at_least("10.4.0-MariaDB", 10, 4));
        assert!(at_least("11.0.2-MariaDB", 10, 4));
        assert!(!at_least("10.3.39-MariaDB", 10, 4));
        assert!(!at_least("", 10, 4));
    }

    #[test]
    fn compression_is_read_as_the_models_write_it() {
        assert_eq!(
            compressed_spelled_out("mediumtext /*M!100301 COMPRESSED*/"),
            "mediumtext COMPRESSED"
        );
        assert_eq!(
            compressed_spelled_out("varchar(10) /*M!100301 COMPRESSED*/"),
            "varchar(10) COMPRESSED"
        );
        assert_eq!(
            compressed_spelled_out("int(11) unsigned"),
            "int(11) unsigned"
        );
    }

    #[test]
    fn a_spatial_key_part_has_no_prefix() {
        let spatial = index_part(&statistics_row(Some("32"), "SPATIAL"));
        assert_eq!((spatial.value.as_str(), spatial.expression), ("pt", false));
        let prefixed = index_part(&statistics_row(Some("10"), "BTREE"));
        assert_eq!(
            (prefixed.value.as_str(), prefixed.expression),
            ("pt(10)", true)
        );
    }
}
