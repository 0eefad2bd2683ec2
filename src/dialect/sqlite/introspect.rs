//! SQLite introspection: the schema of `main` from the catalog, in five queries
//! whatever the number of tables. Returns raw values; the caller normalizes.
//!
//! The structure comes from `sqlite_master` joined with the table-valued pragma
//! functions (<https://sqlite.org/pragma.html#pragfunc>): columns from
//! `pragma_table_xinfo`, indexes from `pragma_index_list` and
//! `pragma_index_xinfo`, foreign keys from `pragma_foreign_key_list`, one query
//! per kind for all tables. What no pragma reports (CHECK constraints,
//! constraint names, AUTOINCREMENT, `DEFERRABLE` foreign keys, the expressions
//! of index parts and predicates) exists only in the CREATE statements SQLite
//! stores verbatim in `sqlite_master.sql` (<https://sqlite.org/schematab.html>).
//!
//! Those statements are parsed here with sqlparser (SQLite dialect). This is a
//! documented exception to "sqlparser only in `source/`": the stored text is the
//! only source of these facts, and parsing it with the parser that reads the
//! model files gives expressions, types and defaults the very spelling the
//! model side has. Column types SQLite accepts and sqlparser does not know
//! (`UNSIGNED BIG INT`, `REAL(5,2)`) are set aside for the parse and kept as
//! written (`source/sql/sqlite_types.rs`, shared with the models reader), and
//! the grammar SQLite accepts beyond sqlparser's (table constraints without
//! commas, postfix `ISNULL`) is mended before it (`source/sql/sqlite_grammar.rs`).
//! Any other statement sqlparser cannot read is an error naming the table,
//! never a silently incomplete table.
//!
//! Column types and defaults are taken from that parse too (pragma values are
//! the fallback): `pragma_table_info` strips the parentheses of a default and
//! keeps the spacing as written, while the parser prints both sides alike.
//!
//! Generated columns are the pragma's `hidden` 2 (virtual) and 3 (stored);
//! their expressions come from the parsed statement.
//!
//! Not read (the model has no place for them): views (only their names and
//! text, see `Schema::other_relations` and `Schema::dependents`), virtual
//! tables and their shadow tables (only their names, in
//! `Schema::other_relations`; which tables are shadow tables is decided as the
//! models reader decides it, `source/sql/sqlite_virtual.rs`) and `ON CONFLICT`
//! clauses. A table with `ON CONFLICT` is marked
//! ([`Table::on_conflict`]): autogenerate refuses to rebuild it, and the
//! rebuild's guard refuses at upgrade too, rather than lose the clauses (see
//! `rebuild.rs`). The `DEFERRABLE` clause of a foreign key
//! is read from the statement too, and matched to the pragma's key by columns
//! and target.

use std::collections::BTreeMap;

use sqlparser::ast::{
    ColumnOption, Expr, ForeignKeyConstraint, ObjectName, Statement, TableConstraint,
};
use sqlparser::dialect::SQLiteDialect;
use sqlparser::tokenizer::{Token, Tokenizer};

use crate::dialect::{Database, IntrospectOptions, TextRow, query_or};
use crate::error::{Error, Result};
use crate::schema::{
    Check, Column, Deferrable, Dependent, DependentKind, FkAction, ForeignKey, Generated, Identity,
    Index, IndexPart, KeyColumn, OtherRelation, PrimaryKey, QualifiedName, RelationKind, Schema,
    Table, TableOptions, TakenNames, Trigger, Unique, Uses,
};
use crate::source::sql::{
    VirtualTable, deferrable, generated_column, reparse_with_sqlite_types, virtual_table,
};

/// Ordinary tables of `main`: not SQLite's own (`sqlite_%`), not virtual
/// (a virtual table's pragmas need its module, which may not be loaded).
const USER_TABLES: &str = "m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.sql NOT LIKE 'CREATE VIRTUAL %'";

fn objects_query() -> String {
    "SELECT CAST(type AS TEXT), CAST(name AS TEXT), CAST(tbl_name AS TEXT), CAST(sql AS TEXT) \
     FROM sqlite_master WHERE type IN ('table', 'index', 'trigger', 'view') ORDER BY type, name"
        .to_string()
}

fn columns_query() -> String {
    format!(
        "SELECT CAST(m.name AS TEXT), CAST(p.name AS TEXT), CAST(p.type AS TEXT), \
         CAST(p.\"notnull\" AS TEXT), CAST(p.dflt_value AS TEXT), CAST(p.pk AS TEXT), \
         CAST(p.hidden AS TEXT) \
         FROM sqlite_master AS m JOIN pragma_table_xinfo(m.name) AS p \
         WHERE {USER_TABLES} ORDER BY m.name, p.cid"
    )
}

fn indexes_query() -> String {
    format!(
        "SELECT CAST(m.name AS TEXT), CAST(l.name AS TEXT), CAST(l.\"unique\" AS TEXT), \
         CAST(l.origin AS TEXT), CAST(l.partial AS TEXT) \
         FROM sqlite_master AS m JOIN pragma_index_list(m.name) AS l \
         WHERE {USER_TABLES} ORDER BY m.name, l.seq"
    )
}

fn index_parts_query() -> String {
    format!(
        "SELECT CAST(m.name AS TEXT), CAST(l.name AS TEXT), CAST(x.cid AS TEXT), \
         CAST(x.name AS TEXT), CAST(x.\"desc\" AS TEXT), CAST(x.coll AS TEXT) \
         FROM sqlite_master AS m JOIN pragma_index_list(m.name) AS l \
         JOIN pragma_index_xinfo(l.name) AS x \
         WHERE {USER_TABLES} AND x.key = 1 ORDER BY m.name, l.name, x.seqno"
    )
}

fn foreign_keys_query() -> String {
    format!(
        "SELECT CAST(m.name AS TEXT), CAST(f.id AS TEXT), CAST(f.\"table\" AS TEXT), \
         CAST(f.\"from\" AS TEXT), CAST(f.\"to\" AS TEXT), CAST(f.on_update AS TEXT), \
         CAST(f.on_delete AS TEXT) \
         FROM sqlite_master AS m JOIN pragma_foreign_key_list(m.name) AS f \
         WHERE {USER_TABLES} ORDER BY m.name, f.id, f.seq"
    )
}

/// Reads the schema of the connected database.
pub fn introspect(db: &mut dyn Database, options: &IntrospectOptions) -> Result<Schema> {
    let context = "reading the SQLite catalog";
    let objects = query_or(db, &objects_query(), context)?;
    let virtual_tables = virtual_tables(&objects);
    let (mut tables, index_sql) = tables_from(options, &objects, &virtual_tables)?;
    // Tables, views and indexes share one namespace, excluded tables and
    // SQLite's own included: a name chosen for an unnamed index avoids them all.
    let relations = objects
        .iter()
        .filter(|r| cell(r, 0) != "trigger")
        .map(|r| QualifiedName::new(cell(r, 1)))
        .collect();
    // Views are not modelled, but autogenerate warns before an op that
    // breaks one (SQLite reads views again after a rebuild or a drop).
    let dependents = objects
        .iter()
        .filter(|r| cell(r, 0) == "view")
        .map(|r| Dependent {
            kind: DependentKind::View,
            name: QualifiedName::new(cell(r, 1)),
            uses: Uses::Text(cell(r, 3).to_string()),
        })
        .collect();
    // Views are also what a model table may stand for (Diesel's `table!`
    // describes views too), and so are virtual tables and their shadow
    // tables (`diesel print-schema` writes a `table!` for each shadow table
    // with a primary key): autogenerate leaves those alone.
    let other_relations = objects
        .iter()
        .filter_map(|r| {
            let name = cell(r, 1);
            let kind = match cell(r, 0) {
                "view" => RelationKind::View,
                "table" if is_virtual(cell(r, 3)) => RelationKind::VirtualTable,
                "table" if virtual_tables.iter().any(|v| v.owns(name)) => RelationKind::ShadowTable,
                _ => return None,
            };
            Some(OtherRelation {
                name: QualifiedName::new(name),
                kind,
            })
        })
        .collect();
    // The stored table definitions are parsed: let their text go.
    drop(objects);
    // The column list is the largest result: its rows are taken one at a time.
    let mut columns = Columns::default();
    crate::dialect::query_each_or(db, &columns_query(), context, &mut |row| {
        columns.add(&mut tables, &row)
    })?;
    columns.finish(&mut tables);
    // The declared column details have been used; a schema of thousands of
    // tables should not carry them to the end.
    for b in tables.values_mut() {
        b.declared.columns = BTreeMap::new();
        b.table.columns.shrink_to_fit();
    }
    // One result at a time: each is let go before the next is read.
    let indexes = query_or(db, &indexes_query(), context)?;
    let parts = query_or(db, &index_parts_query(), context)?;
    add_indexes(&mut tables, &indexes, &parts, &index_sql)?;
    drop((indexes, parts, index_sql));
    let fks = query_or(db, &foreign_keys_query(), context)?;
    add_foreign_keys(&mut tables, &fks);
    drop(fks);
    let mut schema = Schema {
        tables: tables
            .into_values()
            .map(|mut b| {
                b.table.checks = b.declared.checks;
                b.table
            })
            .collect(),
        taken_names: TakenNames {
            relations,
            ..TakenNames::default()
        },
        dependents,
        other_relations,
        ..Schema::default()
    };
    super::types::resolve_implicit_references(&mut schema);
    Ok(schema)
}

/// Column `i` of a catalog row as text ("" for NULL).
fn cell(row: &TextRow, i: usize) -> &str {
    row.get(i).and_then(|c| c.as_deref()).unwrap_or("")
}

fn nullable_cell(row: &TextRow, i: usize) -> Option<&str> {
    row.get(i).and_then(|c| c.as_deref())
}

/// One table being assembled, with what its CREATE statement declares.
struct Building {
    table: Table,
    declared: Declared,
}

/// The tables (with what their stored CREATE statements declare and their
/// triggers) and the stored text of every index.
fn tables_from(
    options: &IntrospectOptions,
    objects: &[TextRow],
    virtual_tables: &[VirtualTable],
) -> Result<(BTreeMap<String, Building>, BTreeMap<String, String>)> {
    let excluded = |name: &str| options.exclude_tables.iter().any(|e| e == name);
    // A virtual table's module keeps its data in shadow tables: the module's,
    // not the models'.
    let shadow = |name: &str| virtual_tables.iter().any(|v| v.owns(name));
    let mut tables: BTreeMap<String, Building> = BTreeMap::new();
    let mut index_sql: BTreeMap<String, String> = BTreeMap::new();
    for row in objects {
        let (kind, name, sql) = (cell(row, 0), cell(row, 1), cell(row, 3));
        match kind {
            "table" if is_user_table(name, sql) && !shadow(name) && !excluded(name) => {
                let declared = parse_table(sql).map_err(|e| unreadable("table", name, &e))?;
                if let Some(column) = &declared.desc_integer_key
                    && !declared.options.without_rowid
                {
                    return Err(desc_integer_key(name, column));
                }
                let mut table = Table::new(name);
                // Nearly every table lacks even the word, and needs no
                // tokenizing for the clause (a schema of thousands of tables
                // is read on every `check`).
                table.mentions_conflict = super::rebuild::says_conflict(sql);
                table.on_conflict = table.mentions_conflict && declares_on_conflict(sql);
                table.strict = declared.options.strict;
                table.without_rowid = declared.options.without_rowid;
                tables.insert(name.to_string(), Building { table, declared });
            }
            "index" if !sql.is_empty() => {
                index_sql.insert(name.to_string(), sql.to_string());
            }
            _ => {}
        }
    }
    for row in objects.iter().filter(|r| cell(r, 0) == "trigger") {
        if let Some(b) = find_mut(&mut tables, cell(row, 2)) {
            b.table.triggers.push(Trigger {
                name: cell(row, 1).to_string(),
                sql: cell(row, 3).to_string(),
            });
        }
    }
    Ok((tables, index_sql))
}

/// Not SQLite's own (`sqlite_%`, <https://sqlite.org/fileformat2.html#intschema>) and not virtual.
fn is_user_table(name: &str, sql: &str) -> bool {
    !name.to_ascii_lowercase().starts_with("sqlite_") && !is_virtual(sql)
}

/// The virtual tables of `objects`. A module is read from the stored
/// statement; one that cannot be read counts as a module revise does not
/// know, whose shadow tables are all `<name>_...`
/// (`source/sql/sqlite_virtual.rs`).
fn virtual_tables(objects: &[TextRow]) -> Vec<VirtualTable> {
    objects
        .iter()
        .filter(|r| cell(r, 0) == "table" && is_virtual(cell(r, 3)))
        .map(|r| VirtualTable {
            name: cell(r, 1).to_string(),
            module: virtual_table(cell(r, 3))
                .map(|v| v.module)
                .unwrap_or_default(),
        })
        .collect()
}

fn is_virtual(sql: &str) -> bool {
    let head: Vec<&str> = sql.split_whitespace().take(2).collect();
    head.len() == 2
        && head[0].eq_ignore_ascii_case("CREATE")
        && head[1].eq_ignore_ascii_case("VIRTUAL")
}

fn unreadable(kind: &str, name: &str, message: &str) -> Error {
    Error::database(
        format!("reading the stored definition of {kind} {name}"),
        format!(
            "{message}; revise parses SQLite's stored CREATE statements to find checks and constraint names: leave the table out of autogenerate ([autogenerate] exclude) if its SQL cannot be read"
        ),
    )
}

/// The refusal of a rowid table with a column `INTEGER PRIMARY KEY DESC`.
/// Written so, the column is not the rowid alias that `INTEGER PRIMARY KEY`
/// is, a quirk SQLite keeps for compatibility
/// (<https://sqlite.org/lang_createtable.html#rowid>). The model has no place
/// for a key that looks like an alias and is none: read as one, a rebuild
/// would turn it into the alias (and fail on a value that is no integer),
/// and a model saying `INTEGER PRIMARY KEY` would compare clean.
fn desc_integer_key(table: &str, column: &str) -> Error {
    Error::database(
        format!("reading table {table}"),
        format!(
            "column {column} is INTEGER PRIMARY KEY DESC, which SQLite does not make a rowid alias \
             (https://sqlite.org/lang_createtable.html#rowid) and revise cannot model: rebuild the \
             table by hand with {column} INTEGER PRIMARY KEY (the alias) or {column} INT PRIMARY KEY \
             (a key apart from the rowid), or leave it out with [autogenerate] exclude"
        ),
    )
}

/// The table a pragma row belongs to (names from the catalog match exactly;
/// trigger targets are matched as SQLite does, ignoring ASCII case).
fn find_mut<'a>(
    tables: &'a mut BTreeMap<String, Building>,
    name: &str,
) -> Option<&'a mut Building> {
    if tables.contains_key(name) {
        return tables.get_mut(name);
    }
    tables
        .iter_mut()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, b)| b)
}

/// Columns as their rows arrive, and the primary-key positions they carry.
#[derive(Default)]
struct Columns {
    pk: BTreeMap<String, Vec<(u32, String)>>,
}

impl Columns {
    fn add(&mut self, tables: &mut BTreeMap<String, Building>, row: &TextRow) {
        let Some(b) = tables.get_mut(cell(row, 0)) else {
            return;
        };
        // hidden: 1 = hidden column of a virtual table, 2/3 = generated
        // column (virtual/stored), whose expression only the CREATE has.
        let hidden = cell(row, 6);
        if !matches!(hidden, "0" | "2" | "3") {
            return;
        }
        let name = cell(row, 1);
        // Taken, not copied: each column is read once, and at thousands of
        // tables a second copy of every type would count.
        let declared = b.declared.columns.remove(&name.to_ascii_lowercase());
        let (data_type, default, identity, generated, collation) = match declared {
            Some(d) => (
                d.data_type,
                d.default,
                d.autoincrement.then_some(Identity::AutoIncrement),
                d.generated.filter(|_| hidden != "0"),
                d.collation,
            ),
            None => (
                cell(row, 2).to_string(),
                nullable_cell(row, 4).map(str::to_string),
                None,
                None,
                None,
            ),
        };
        b.table.columns.push(Column {
            name: name.to_string(),
            data_type,
            nullable: cell(row, 3) == "0",
            default,
            identity,
            identity_options: None,
            comment: None,
            generated,
            collation,
            on_update: None,
            invisible: false,
            type_family: None,
            place: None,
        });
        if let Ok(n) = cell(row, 5).parse::<u32>()
            && n > 0
        {
            self.pk
                .entry(cell(row, 0).to_string())
                .or_default()
                .push((n, name.to_string()));
        }
    }

    fn finish(self, tables: &mut BTreeMap<String, Building>) {
        for (table, mut cols) in self.pk {
            if let Some(b) = tables.get_mut(&table) {
                cols.sort();
                b.table.primary_key = Some(PrimaryKey {
                    name: b.declared.pk_name.clone(),
                    columns: cols.into_iter().map(|(_, c)| c).collect(),
                    column_options: Vec::new(),
                    deferrable: Default::default(),
                });
            }
        }
    }
}

/// One key part of an index as the pragma reports it.
struct PragmaPart {
    cid: i64,
    name: Option<String>,
    descending: bool,
    /// The collation the index compares the part with: the key's own
    /// (`UNIQUE (email COLLATE NOCASE)`), else the column's, else `BINARY`.
    collation: Option<String>,
}

/// What the automatic index of a PRIMARY KEY or UNIQUE constraint says
/// about its columns beyond the column definitions: a collation other than
/// the column's, and DESC. Only the pragma knows it whatever way the
/// statement spells it; empty when no column says anything. See [`KeyColumn`].
fn key_column_options(table: &Table, parts: &[PragmaPart]) -> Vec<KeyColumn> {
    let options: Vec<KeyColumn> = parts
        .iter()
        .map(|p| {
            let own = p
                .name
                .as_deref()
                .and_then(|n| {
                    table
                        .columns
                        .iter()
                        .find(|c| c.name.eq_ignore_ascii_case(n))
                })
                .and_then(|c| c.collation.as_deref());
            KeyColumn {
                collation: p.collation.clone().filter(|k| {
                    super::types::collation_key(Some(k)) != super::types::collation_key(own)
                }),
                descending: p.descending,
            }
        })
        .collect();
    if options.iter().all(KeyColumn::is_plain) {
        Vec::new()
    } else {
        options
    }
}

fn add_indexes(
    tables: &mut BTreeMap<String, Building>,
    indexes: &[TextRow],
    parts: &[TextRow],
    index_sql: &BTreeMap<String, String>,
) -> Result<()> {
    let mut by_index: BTreeMap<(&str, &str), Vec<PragmaPart>> = BTreeMap::new();
    for row in parts {
        by_index
            .entry((cell(row, 0), cell(row, 1)))
            .or_default()
            .push(PragmaPart {
                cid: cell(row, 2).parse().unwrap_or(-1),
                name: nullable_cell(row, 3).map(str::to_string),
                descending: cell(row, 4) == "1",
                collation: nullable_cell(row, 5).map(str::to_string),
            });
    }
    // Rows come ordered by table: each table's lists are sized once (a push
    // into an empty list makes room for four, which thousands of tables with
    // one index each would carry to the end).
    for group in indexes.chunk_by(|a, b| cell(a, 0) == cell(b, 0)) {
        if let Some(b) = tables.get_mut(cell(&group[0], 0)) {
            let uniques = group.iter().filter(|r| cell(r, 3) == "u").count();
            let plain = group
                .iter()
                .filter(|r| !matches!(cell(r, 3), "u" | "pk"))
                .count();
            b.table.uniques.reserve_exact(uniques);
            b.table.indexes.reserve_exact(plain);
        }
    }
    for row in indexes {
        let (table, name, origin) = (cell(row, 0), cell(row, 1), cell(row, 3));
        let Some(b) = tables.get_mut(table) else {
            continue;
        };
        let pragma_parts = by_index.remove(&(table, name)).unwrap_or_default();
        match origin {
            // The automatic index behind the PRIMARY KEY: the key itself is
            // read from the columns, the collation and order of its columns
            // from here (a rowid alias has no index, nor needs one).
            "pk" => {
                let options = key_column_options(&b.table, &pragma_parts);
                if let Some(pk) = &mut b.table.primary_key
                    && pk.columns.len() == pragma_parts.len()
                    && pk
                        .columns
                        .iter()
                        .zip(&pragma_parts)
                        .all(|(c, p)| p.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(c)))
                {
                    pk.column_options = options;
                }
            }
            // The automatic index behind a UNIQUE constraint.
            "u" => {
                let columns: Vec<String> = pragma_parts
                    .iter()
                    .map(|p| p.name.clone().unwrap_or_default())
                    .collect();
                let name = b.declared.unique_name(&columns);
                let column_options = key_column_options(&b.table, &pragma_parts);
                b.table.uniques.push(Unique {
                    name,
                    columns,
                    column_options,
                    deferrable: Default::default(),
                    nulls_not_distinct: false,
                });
            }
            _ => {
                let sql = index_sql.get(name).map(String::as_str).unwrap_or("");
                let declared = parse_index(sql).map_err(|e| unreadable("index", name, &e))?;
                if declared.parts.len() != pragma_parts.len() {
                    return Err(unreadable(
                        "index",
                        name,
                        "its key parts do not match what pragma index_xinfo reports",
                    ));
                }
                let parts = pragma_parts
                    .iter()
                    .zip(declared.parts)
                    .map(|(p, d)| match (d.column, p.cid >= 0, &p.name) {
                        (Some(_), true, Some(col)) => IndexPart {
                            value: col.clone(),
                            expression: false,
                            descending: p.descending,
                            opclass: None,
                            nulls_first: None,
                        },
                        (Some(col), _, _) => IndexPart {
                            value: col,
                            expression: false,
                            descending: p.descending,
                            opclass: None,
                            nulls_first: None,
                        },
                        (None, _, _) => IndexPart {
                            value: d.text,
                            expression: true,
                            descending: p.descending,
                            opclass: None,
                            nulls_first: None,
                        },
                    })
                    .collect();
                b.table.indexes.push(Index {
                    name: Some(name.to_string()),
                    unique: cell(row, 2) == "1",
                    parts,
                    predicate: (cell(row, 4) == "1")
                        .then_some(declared.predicate)
                        .flatten(),
                    method: None,
                    ..Index::default()
                });
            }
        }
    }
    Ok(())
}

fn add_foreign_keys(tables: &mut BTreeMap<String, Building>, rows: &[TextRow]) {
    let mut grouped: BTreeMap<(&str, i64), ForeignKey> = BTreeMap::new();
    for row in rows {
        let id = cell(row, 1).parse().unwrap_or(0);
        let fk = grouped
            .entry((cell(row, 0), id))
            .or_insert_with(|| ForeignKey {
                ref_table: cell(row, 2).to_string(),
                on_update: FkAction::parse(cell(row, 5)).unwrap_or_default(),
                on_delete: FkAction::parse(cell(row, 6)).unwrap_or_default(),
                ..Default::default()
            });
        fk.columns.push(cell(row, 3).to_string());
        // NULL when the REFERENCES clause names no columns (the parent's key).
        if let Some(to) = nullable_cell(row, 4) {
            fk.ref_columns.push(to.to_string());
        }
    }
    let mut per_table: BTreeMap<&str, usize> = BTreeMap::new();
    for (table, _) in grouped.keys() {
        *per_table.entry(table).or_default() += 1;
    }
    for (table, n) in per_table {
        if let Some(b) = tables.get_mut(table) {
            b.table.foreign_keys.reserve_exact(n);
        }
    }
    // pragma_foreign_key_list numbers keys in reverse declaration order; the
    // order of the list does not matter (the schema is sorted), the names do.
    for ((table, _), mut fk) in grouped {
        if let Some(b) = tables.get_mut(table) {
            if let Some(d) = b.declared.foreign_key(&fk.columns, &fk.ref_table) {
                fk.name = d.name.clone();
                fk.deferrable = d.deferrable;
            }
            b.table.foreign_keys.push(fk);
        }
    }
}

/// What a table's CREATE statement declares beyond the pragmas.
#[derive(Debug, Default)]
struct Declared {
    pk_name: Option<String>,
    uniques: Vec<(Option<String>, Vec<String>)>,
    fks: Vec<DeclaredFk>,
    checks: Vec<Check>,
    /// `STRICT`, `WITHOUT ROWID`.
    options: TableOptions,
    /// By lower-case column name.
    columns: BTreeMap<String, DeclaredColumn>,
    /// A column declared `INTEGER PRIMARY KEY DESC` (see [`desc_integer_key`]).
    desc_integer_key: Option<String>,
}

#[derive(Debug, Default)]
struct DeclaredColumn {
    data_type: String,
    default: Option<String>,
    autoincrement: bool,
    generated: Option<Box<Generated>>,
    collation: Option<Box<str>>,
}

/// A foreign key as its CREATE statement declares it: what the pragma does not report.
#[derive(Debug)]
struct DeclaredFk {
    name: Option<String>,
    columns: Vec<String>,
    ref_table: String,
    deferrable: Deferrable,
}

impl DeclaredFk {
    fn new(name: Option<String>, columns: Vec<String>, fk: &ForeignKeyConstraint) -> Self {
        DeclaredFk {
            name,
            columns,
            ref_table: last_name(&fk.foreign_table),
            deferrable: fk
                .characteristics
                .as_ref()
                .and_then(deferrable)
                .unwrap_or_default(),
        }
    }
}

fn same_names(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.eq_ignore_ascii_case(y))
}

impl Declared {
    fn unique_name(&self, columns: &[String]) -> Option<String> {
        self.uniques
            .iter()
            .find(|(n, c)| n.is_some() && same_names(c, columns))
            .and_then(|(n, _)| n.clone())
    }

    /// The declared key with these columns and target. Two keys alike but
    /// for name or timing are told apart by nothing the pragma reports; the
    /// first declared wins.
    fn foreign_key(&self, columns: &[String], ref_table: &str) -> Option<&DeclaredFk> {
        self.fks.iter().find(|d| {
            same_names(&d.columns, columns) && d.ref_table.eq_ignore_ascii_case(ref_table)
        })
    }
}

/// Whether a stored `CREATE TABLE` statement declares `ON CONFLICT`
/// clauses: the two key words in a row, with only spaces and comments
/// between, read with sqlparser's tokenizer, so the words inside a string
/// literal, a quoted name or a comment do not count (`DEFAULT 'resolve on
/// conflict'`). The rebuild's guard reads the statement the same way at
/// upgrade (`rebuild.rs`). A statement the tokenizer cannot read counts as
/// declaring them: a refusal costs a hand-written change, a miss would lose
/// the clauses.
pub(super) fn declares_on_conflict(sql: &str) -> bool {
    let Ok(tokens) = Tokenizer::new(&SQLiteDialect {}, sql).tokenize() else {
        return true;
    };
    let words: Vec<&Token> = tokens
        .iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    let keyword = |t: &Token, k: &str| matches!(t, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(k));
    words
        .windows(2)
        .any(|w| keyword(w[0], "ON") && keyword(w[1], "CONFLICT"))
}

fn parse_one(sql: &str) -> std::result::Result<Statement, String> {
    // A type sqlparser does not know (`UNSIGNED BIG INT`, `REAL(5,2)`) is
    // still a valid SQLite type: read again with it set aside.
    let mut statements = crate::source::sql::parse_sqlite(sql)
        .or_else(|e| reparse_with_sqlite_types(sql).map_or(Err(e.clone()), |r| r.map_err(|_| e)))
        .map_err(|e| e.to_string())?;
    match statements.len() {
        1 => Ok(statements.remove(0)),
        n => Err(format!("expected one statement, found {n}")),
    }
}

fn last_name(name: &ObjectName) -> String {
    name.0
        .last()
        .and_then(|p| p.as_ident())
        .map(|i| i.value.clone())
        .unwrap_or_else(|| name.to_string())
}

/// The column an expression names, when it is a bare column reference.
fn bare_column(e: &Expr) -> Option<String> {
    match e {
        Expr::Identifier(i) => Some(i.value.clone()),
        _ => None,
    }
}

/// The column a key part names, with or without a collation
/// (`email COLLATE NOCASE`): the pragma reports the part under that name.
fn key_column(e: &Expr) -> Option<String> {
    match e {
        Expr::Collate { expr, .. } | Expr::Nested(expr) => key_column(expr),
        other => bare_column(other),
    }
}

fn parse_table(sql: &str) -> std::result::Result<Declared, String> {
    let Statement::CreateTable(ct) = parse_one(sql)? else {
        return Err("not a CREATE TABLE statement".into());
    };
    let mut d = Declared {
        options: crate::source::sql::sqlite_table_options(&ct),
        ..Declared::default()
    };
    let ident = |i: &sqlparser::ast::Ident| i.value.clone();
    for col in &ct.columns {
        let name = ident(&col.name);
        let mut c = DeclaredColumn {
            data_type: col.data_type.to_string(),
            ..Default::default()
        };
        for def in &col.options {
            let def_name = def.name.as_ref().map(ident);
            match &def.option {
                ColumnOption::Default(e) => c.default = Some(e.to_string()),
                ColumnOption::Collation(name) => c.collation = Some(name.to_string().into()),
                ColumnOption::Generated {
                    generation_expr: Some(e),
                    generation_expr_mode,
                    ..
                } => c.generated = Some(generated_column(e, generation_expr_mode)),
                ColumnOption::PrimaryKey(pk) => {
                    d.pk_name = def_name.or_else(|| pk.name.as_ref().map(ident));
                }
                ColumnOption::Unique(u) => d.uniques.push((
                    def_name.or_else(|| u.name.as_ref().map(ident)),
                    vec![name.clone()],
                )),
                ColumnOption::ForeignKey(fk) => d.fks.push(DeclaredFk::new(
                    def_name.or_else(|| fk.name.as_ref().map(ident)),
                    vec![name.clone()],
                    fk,
                )),
                ColumnOption::Check(k) => d.checks.push(Check {
                    name: def_name.or_else(|| k.name.as_ref().map(ident)),
                    expression: k.expr.to_string(),
                }),
                ColumnOption::DialectSpecific(tokens)
                    if tokens
                        .iter()
                        .any(|t| t.to_string().eq_ignore_ascii_case("AUTOINCREMENT")) =>
                {
                    c.autoincrement = true;
                }
                ColumnOption::DialectSpecific(tokens)
                    if c.data_type.eq_ignore_ascii_case("INTEGER")
                        && tokens
                            .iter()
                            .any(|t| t.to_string().eq_ignore_ascii_case("DESC")) =>
                {
                    d.desc_integer_key = Some(name.clone());
                }
                _ => {}
            }
        }
        d.columns.insert(name.to_ascii_lowercase(), c);
    }
    for constraint in &ct.constraints {
        match constraint {
            TableConstraint::PrimaryKey(pk) => d.pk_name = pk.name.as_ref().map(ident),
            TableConstraint::Unique(u) => d.uniques.push((
                u.name.as_ref().map(ident),
                u.columns
                    .iter()
                    .map(|c| {
                        key_column(&c.column.expr).unwrap_or_else(|| c.column.expr.to_string())
                    })
                    .collect(),
            )),
            TableConstraint::ForeignKey(fk) => d.fks.push(DeclaredFk::new(
                fk.name.as_ref().map(ident),
                fk.columns.iter().map(ident).collect(),
                fk,
            )),
            TableConstraint::Check(k) => d.checks.push(Check {
                name: k.name.as_ref().map(ident),
                expression: k.expr.to_string(),
            }),
            _ => {}
        }
    }
    Ok(d)
}

/// What an index's CREATE statement declares: its parts and predicate.
struct DeclaredIndex {
    parts: Vec<DeclaredPart>,
    predicate: Option<String>,
}

struct DeclaredPart {
    /// The column, when the part is a bare column.
    column: Option<String>,
    /// The expression as sqlparser prints it (without ASC/DESC).
    text: String,
}

fn parse_index(sql: &str) -> std::result::Result<DeclaredIndex, String> {
    let Statement::CreateIndex(ci) = parse_one(sql)? else {
        return Err("not a CREATE INDEX statement".into());
    };
    Ok(DeclaredIndex {
        parts: ci
            .columns
            .iter()
            .map(|c| DeclaredPart {
                column: bare_column(&c.column.expr),
                text: c.column.expr.to_string(),
            })
            .collect(),
        predicate: ci.predicate.as_ref().map(Expr::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_conflict_is_two_key_words_not_text_in_literals_or_comments() {
        for sql in [
            "CREATE TABLE t (a INT UNIQUE ON CONFLICT REPLACE)",
            "CREATE TABLE t (a INT NOT NULL on\n\t  conflict IGNORE)",
            "CREATE TABLE t (a INT, UNIQUE (a) ON CONFLICT ABORT)",
            "CREATE TABLE t (a INT PRIMARY KEY ON /* why */ CONFLICT FAIL)",
            "CREATE TABLE t (a INT PRIMARY KEY ON -- why\n CONFLICT FAIL)",
        ] {
            assert!(declares_on_conflict(sql), "{sql}");
        }
        for sql in [
            "CREATE TABLE t (\"conflict\" INT, status TEXT CHECK (status IN ('ok', 'conflict')))",
            "CREATE TABLE t (json_conflict INT, con_conflict INT, on_conflict INT)",
            "CREATE TABLE t (help TEXT DEFAULT 'resolve on conflict by merging', body TEXT)",
            "CREATE TABLE t (a INT -- ON CONFLICT handling is app-side\n)",
            "CREATE TABLE t (a INT /* on conflict */)",
            "CREATE TABLE t (\"on conflict\" INT, [on conflict 2] INT, `on conflict 3` INT)",
        ] {
            assert!(!declares_on_conflict(sql), "{sql}");
        }
    }

    #[test]
    fn declared_details_come_from_the_stored_sql() {
        let d = parse_table(
            "CREATE TABLE \"t\" (id INTEGER CONSTRAINT pk_t PRIMARY KEY AUTOINCREMENT, \
             code varchar (20) CONSTRAINT uq_code UNIQUE, n INT DEFAULT (1+2) CHECK (n>0), \
             p INTEGER CONSTRAINT fk_p REFERENCES parent, \
             CONSTRAINT ck CHECK (n < 10), UNIQUE (code, n), FOREIGN KEY (n) REFERENCES \"order\"(id) DEFERRABLE INITIALLY DEFERRED)",
        )
        .unwrap();
        assert_eq!(d.pk_name.as_deref(), Some("pk_t"));
        assert!(d.columns["id"].autoincrement);
        assert_eq!(d.columns["code"].data_type, "VARCHAR(20)");
        assert_eq!(d.columns["n"].default.as_deref(), Some("(1 + 2)"));
        assert_eq!(d.unique_name(&["CODE".into()]).as_deref(), Some("uq_code"));
        assert_eq!(d.unique_name(&["code".into(), "n".into()]), None);
        let p = d.foreign_key(&["p".into()], "PARENT").unwrap();
        assert_eq!(p.name.as_deref(), Some("fk_p"));
        assert_eq!(p.deferrable, Deferrable::No);
        assert_eq!(d.fks[1].ref_table, "order");
        let n = d.foreign_key(&["n".into()], "order").unwrap();
        assert_eq!(n.deferrable, Deferrable::InitiallyDeferred);
        assert_eq!(
            d.checks,
            vec![
                Check {
                    name: None,
                    expression: "n > 0".into()
                },
                Check {
                    name: Some("ck".into()),
                    expression: "n < 10".into()
                }
            ]
        );
        let i = parse_index("CREATE INDEX ix ON t (lower(code) DESC, n) WHERE n > 0").unwrap();
        assert_eq!(i.parts[0].column, None);
        assert_eq!(i.parts[0].text, "lower(code)");
        assert_eq!(i.parts[1].column.as_deref(), Some("n"));
        assert_eq!(i.predicate.as_deref(), Some("n > 0"));
        let d = parse_table("CREATE TABLE t (a UNSIGNED BIG INT, b REAL(5,2) NOT NULL)").unwrap();
        assert_eq!(d.columns["a"].data_type, "UNSIGNED BIG INT");
        assert_eq!(d.columns["b"].data_type, "REAL(5,2)");
        assert!(parse_table("CREATE TABLE t (a BIG INT CHECK)").is_err());
    }
}
