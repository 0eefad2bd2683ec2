//! SQLite SQL text: the version-table DDL and the statements of each op SQLite
//! can run directly. Pure: no I/O.
//!
//! What SQLite's `ALTER TABLE` cannot do (change a column, add or drop a key,
//! unique, check or foreign key on an existing table) must reach here already
//! lowered to [`Op::RebuildTable`] (see `lower.rs`); such an op is an error,
//! never silently skipped. Identifiers are quoted only when they must be.
//! Statements carry no trailing `;`.

use crate::dialect::Dialect;
use crate::ops::Op;
use crate::schema::{
    Column, Deferrable, FkAction, ForeignKey, Generated, Identity, Index, KeyColumn, QualifiedName,
    Table,
};

use super::types::{is_literal, rowid_alias};

/// The version table: one row per current head, as in Alembic.
pub fn create_version_table(d: &dyn Dialect, table: &str) -> String {
    format!(
        "CREATE TABLE IF NOT EXISTS {} (version_num VARCHAR(64) NOT NULL PRIMARY KEY)",
        d.quote_ident(table)
    )
}

/// The applied log; SQLite keeps times as ISO-8601 text.
pub fn create_log_table(d: &dyn Dialect, table: &str) -> String {
    format!(
        "CREATE TABLE IF NOT EXISTS {} (id INTEGER PRIMARY KEY AUTOINCREMENT, revision VARCHAR(64) NOT NULL, direction VARCHAR(8) NOT NULL, status VARCHAR(8) NOT NULL, checksum VARCHAR(64), started_at TEXT NOT NULL, finished_at TEXT, failed_statement INTEGER, error TEXT)",
        d.quote_ident(table)
    )
}

/// Every keyword of SQLite's parser, from <https://sqlite.org/lang_keywords.html>
/// (147 words; the same list `sqlite3_keyword_name` returns in 3.40).
const KEYWORDS: [&str; 147] = [
    "ABORT",
    "ACTION",
    "ADD",
    "AFTER",
    "ALL",
    "ALTER",
    "ALWAYS",
    "ANALYZE",
    "AND",
    "AS",
    "ASC",
    "ATTACH",
    "AUTOINCREMENT",
    "BEFORE",
    "BEGIN",
    "BETWEEN",
    "BY",
    "CASCADE",
    "CASE",
    "CAST",
    "CHECK",
    "COLLATE",
    "COLUMN",
    "COMMIT",
    "CONFLICT",
    "CONSTRAINT",
    "CREATE",
    "CROSS",
    "CURRENT",
    "CURRENT_DATE",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "DATABASE",
    "DEFAULT",
    "DEFERRABLE",
    "DEFERRED",
    "DELETE",
    "DESC",
    "DETACH",
    "DISTINCT",
    "DO",
    "DROP",
    "EACH",
    "ELSE",
    "END",
    "ESCAPE",
    "EXCEPT",
    "EXCLUDE",
    "EXCLUSIVE",
    "EXISTS",
    "EXPLAIN",
    "FAIL",
    "FILTER",
    "FIRST",
    "FOLLOWING",
    "FOR",
    "FOREIGN",
    "FROM",
    "FULL",
    "GENERATED",
    "GLOB",
    "GROUP",
    "GROUPS",
    "HAVING",
    "IF",
    "IGNORE",
    "IMMEDIATE",
    "IN",
    "INDEX",
    "INDEXED",
    "INITIALLY",
    "INNER",
    "INSERT",
    "INSTEAD",
    "INTERSECT",
    "INTO",
    "IS",
    "ISNULL",
    "JOIN",
    "KEY",
    "LAST",
    "LEFT",
    "LIKE",
    "LIMIT",
    "MATCH",
    "MATERIALIZED",
    "NATURAL",
    "NO",
    "NOT",
    "NOTHING",
    "NOTNULL",
    "NULL",
    "NULLS",
    "OF",
    "OFFSET",
    "ON",
    "OR",
    "ORDER",
    "OTHERS",
    "OUTER",
    "OVER",
    "PARTITION",
    "PLAN",
    "PRAGMA",
    "PRECEDING",
    "PRIMARY",
    "QUERY",
    "RAISE",
    "RANGE",
    "RECURSIVE",
    "REFERENCES",
    "REGEXP",
    "REINDEX",
    "RELEASE",
    "RENAME",
    "REPLACE",
    "RESTRICT",
    "RETURNING",
    "RIGHT",
    "ROLLBACK",
    "ROW",
    "ROWS",
    "SAVEPOINT",
    "SELECT",
    "SET",
    "TABLE",
    "TEMP",
    "TEMPORARY",
    "THEN",
    "TIES",
    "TO",
    "TRANSACTION",
    "TRIGGER",
    "UNBOUNDED",
    "UNION",
    "UNIQUE",
    "UPDATE",
    "USING",
    "VACUUM",
    "VALUES",
    "VIEW",
    "VIRTUAL",
    "WHEN",
    "WHERE",
    "WINDOW",
    "WITH",
    "WITHOUT",
];

/// `name` as written when SQLite reads it back unchanged, else double-quoted:
/// quotes are needed for keywords, for anything but ASCII letters, digits and
/// `_`, and for a leading digit (<https://sqlite.org/lang_keywords.html>).
pub fn quote_if_needed(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let keyword = KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(name));
    if plain && !keyword {
        name.to_string()
    } else {
        crate::dialect::quote_doubling(name, '"')
    }
}

/// A table name: SQLite has only `main` here (attached databases are not managed).
pub fn table_name(q: &QualifiedName) -> Result<String, String> {
    match &q.schema {
        None => Ok(quote_if_needed(&q.name)),
        Some(s) => Err(format!(
            "table {q}: SQLite databases have only the main schema; attached schema {s} is not supported"
        )),
    }
}

fn names(cols: &[String]) -> String {
    cols.iter()
        .map(|c| quote_if_needed(c))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A key's column list, each column with the collation and order the key
/// gives it (`email COLLATE NOCASE`, `b DESC`): SQLite's indexed-column
/// (<https://sqlite.org/lang_createtable.html>), where the collation decides
/// which values the key takes for equal.
fn key_columns(cols: &[String], options: &[KeyColumn]) -> String {
    cols.iter()
        .enumerate()
        .map(|(i, c)| {
            let mut s = quote_if_needed(c);
            let o = options.get(i).cloned().unwrap_or_default();
            if let Some(collation) = &o.collation {
                s.push_str(" COLLATE ");
                s.push_str(&quote_if_needed(collation));
            }
            if o.descending {
                s.push_str(" DESC");
            }
            s
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn constraint_prefix(name: &Option<String>) -> String {
    name.as_deref()
        .map(|n| format!("CONSTRAINT {} ", quote_if_needed(n)))
        .unwrap_or_default()
}

/// A default as SQLite accepts it after `DEFAULT`: a literal or time keyword
/// as it is, anything else in the parentheses SQLite requires
/// (<https://sqlite.org/lang_createtable.html>, "The DEFAULT clause"), so a
/// model may spell it either way.
pub fn default_value(default: &str) -> String {
    let keyword = ["CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME"]
        .iter()
        .any(|k| k.eq_ignore_ascii_case(default.trim()));
    if is_literal(default) || keyword {
        default.to_string()
    } else {
        format!("({default})")
    }
}

/// One column definition; `inline_pk` when the column is the table's only
/// primary-key column (AUTOINCREMENT is only allowed there, inline).
fn column_definition(c: &Column, inline_pk: Option<&Option<String>>, rowid: bool) -> String {
    let mut s = quote_if_needed(&c.name);
    if !c.data_type.is_empty() {
        s.push(' ');
        s.push_str(&c.data_type);
    }
    if let Some(name) = inline_pk {
        s.push(' ');
        s.push_str(&constraint_prefix(name));
        s.push_str("PRIMARY KEY");
        if c.identity == Some(Identity::AutoIncrement) {
            s.push_str(" AUTOINCREMENT");
        }
    }
    if let Some(collation) = &c.collation {
        s.push_str(" COLLATE ");
        s.push_str(&quote_if_needed(collation));
    }
    // The rowid alias can never be NULL; NOT NULL would only repeat that.
    if !c.nullable && !rowid {
        s.push_str(" NOT NULL");
    }
    if let Some(d) = &c.default {
        s.push_str(" DEFAULT ");
        s.push_str(&default_value(d));
    }
    if let Some(g) = &c.generated {
        s.push_str(&generated_clause(g));
    }
    s
}

/// ` GENERATED ALWAYS AS (...) VIRTUAL|STORED`
/// (<https://sqlite.org/gencol.html>; the mode is always written).
pub fn generated_clause(g: &Generated) -> String {
    format!(" GENERATED ALWAYS AS ({}) {}", g.expression, g.mode())
}

fn fk_clause(fk: &ForeignKey) -> String {
    let mut s = format!(
        "{}FOREIGN KEY ({}) REFERENCES {}",
        constraint_prefix(&fk.name),
        names(&fk.columns),
        quote_if_needed(&fk.ref_table)
    );
    if !fk.ref_columns.is_empty() {
        s.push_str(&format!(" ({})", names(&fk.ref_columns)));
    }
    for (verb, action) in [("DELETE", fk.on_delete), ("UPDATE", fk.on_update)] {
        if action != FkAction::NoAction {
            s.push_str(&format!(" ON {verb} {}", action.sql()));
        }
    }
    if fk.deferrable != Deferrable::No {
        s.push_str(&format!(" {}", fk.deferrable.sql()));
    }
    s
}

/// `CREATE TABLE <name>` with `t`'s columns, keys, uniques, checks and foreign
/// keys, all inline (SQLite does not check foreign-key targets when a table is
/// created, so keys in a cycle are fine here). Indexes are separate statements.
pub fn create_table(t: &Table, name: &str) -> Result<String, String> {
    if let Some(ref_schema) = t.foreign_keys.iter().find_map(|f| f.ref_schema.as_ref()) {
        return Err(format!(
            "table {}: a SQLite foreign key cannot reference schema {ref_schema}",
            t.name
        ));
    }
    let rowid = rowid_alias(t);
    // A single-column key is written on its column, where SQLite's grammar
    // has no COLLATE and where DESC on an INTEGER column would stop it being
    // the rowid alias (https://sqlite.org/lang_createtable.html#rowid): a key
    // that gives its column a collation or order is a table constraint,
    // unless it is the rowid alias, which has no index to collate or order.
    let single_pk = t
        .primary_key
        .as_ref()
        .filter(|pk| pk.columns.len() == 1)
        .filter(|pk| pk.column_options.iter().all(KeyColumn::is_plain) || rowid.is_some())
        .map(|pk| (&pk.name, pk.columns[0].as_str()));
    let mut lines = Vec::new();
    for c in &t.columns {
        let inline = single_pk
            .filter(|(_, col)| col.eq_ignore_ascii_case(&c.name))
            .map(|(n, _)| n);
        if c.identity.is_some() && !(inline.is_some() && rowid == Some(c.name.as_str())) {
            return Err(format!(
                "column {}.{}: SQLite generates values only for an INTEGER PRIMARY KEY (AUTOINCREMENT); it has no identity or auto-increment on other columns",
                t.name, c.name
            ));
        }
        lines.push(column_definition(c, inline, rowid == Some(c.name.as_str())));
    }
    // SQLite's grammar has DEFERRABLE only in a foreign-key clause.
    let keys = t
        .primary_key
        .iter()
        .map(|k| ("primary key", &k.columns, k.deferrable));
    let uniques = t
        .uniques
        .iter()
        .map(|u| ("unique", &u.columns, u.deferrable));
    if let Some((what, columns, deferrable)) =
        keys.chain(uniques).find(|(_, _, d)| *d != Deferrable::No)
    {
        return Err(format!(
            "{what} ({}) on {}: SQLite has no deferrable keys (only foreign keys); remove {} from the models",
            columns.join(", "),
            t.name,
            deferrable.sql()
        ));
    }
    if let Some(u) = t.uniques.iter().find(|u| u.nulls_not_distinct) {
        return Err(format!(
            "unique ({}) on {}: NULLS NOT DISTINCT is PostgreSQL's; SQLite treats NULLs in a unique key as distinct: remove it from the models",
            u.columns.join(", "),
            t.name
        ));
    }
    if let Some(pk) = t.primary_key.as_ref().filter(|_| single_pk.is_none()) {
        lines.push(format!(
            "{}PRIMARY KEY ({})",
            constraint_prefix(&pk.name),
            key_columns(&pk.columns, &pk.column_options)
        ));
    }
    for u in &t.uniques {
        lines.push(format!(
            "{}UNIQUE ({})",
            constraint_prefix(&u.name),
            key_columns(&u.columns, &u.column_options)
        ));
    }
    for k in &t.checks {
        lines.push(format!(
            "{}CHECK ({})",
            constraint_prefix(&k.name),
            k.expression
        ));
    }
    for fk in &t.foreign_keys {
        lines.push(fk_clause(fk));
    }
    let options = match t.options().keywords().as_slice() {
        [] => String::new(),
        options => format!(" {}", options.join(", ")),
    };
    Ok(format!(
        "CREATE TABLE {name} (\n    {}\n){options}",
        lines.join(",\n    ")
    ))
}

/// The index's name: as given, else its base name. Lowering names every
/// index an op creates (`unnamed.rs`); the base name is for ops it has not seen.
pub fn index_name(table: &str, index: &Index) -> String {
    index
        .name
        .clone()
        .unwrap_or_else(|| index_base(table, index))
}

/// The name an index gets when the models leave it unnamed, unless taken:
/// `ix_<table>_<parts>`, expression parts reduced to letters, digits and `_`
/// (deterministic, so the downgrade drops what the upgrade created).
pub fn index_base(table: &str, index: &Index) -> String {
    let parts: Vec<String> = index
        .parts
        .iter()
        .map(|p| {
            let mut s = String::new();
            for c in p.value.chars() {
                if c.is_alphanumeric() {
                    s.push(c);
                } else if !s.ends_with('_') {
                    s.push('_');
                }
            }
            s.trim_matches('_').to_string()
        })
        .collect();
    format!("ix_{table}_{}", parts.join("_"))
}

/// `CREATE [UNIQUE] INDEX` for `index` on `table` (partial, expression and DESC parts).
pub fn create_index(table: &QualifiedName, index: &Index) -> Result<String, String> {
    if let Some(m) = &index.method {
        return Err(format!(
            "index {} on {table}: SQLite has no index methods (USING {m})",
            index_name(&table.name, index)
        ));
    }
    if let Some(what) = index.postgres_only() {
        return Err(format!(
            "index {} on {table}: {what}: PostgreSQL only, SQLite cannot build it; drop it from the models",
            index_name(&table.name, index)
        ));
    }
    let parts: Vec<String> = index
        .parts
        .iter()
        .map(|p| {
            let mut s = if p.expression {
                p.value.clone()
            } else {
                quote_if_needed(&p.value)
            };
            if p.descending {
                s.push_str(" DESC");
            }
            s
        })
        .collect();
    let mut s = format!(
        "CREATE {}INDEX {} ON {} ({})",
        if index.unique { "UNIQUE " } else { "" },
        quote_if_needed(&index_name(&table.name, index)),
        table_name(table)?,
        parts.join(", ")
    );
    if let Some(p) = &index.predicate {
        s.push_str(&format!(" WHERE {p}"));
    }
    Ok(s)
}

/// `CREATE TABLE` followed by the table's indexes.
pub fn create_table_with_indexes(t: &Table) -> Result<Vec<String>, String> {
    let q = t.qualified();
    if t.partition_by.is_some() {
        return Err(format!("table {q}: SQLite has no partitioned tables"));
    }
    let mut out = vec![create_table(t, &table_name(&q)?)?];
    for i in &t.indexes {
        out.push(create_index(&q, i)?);
    }
    Ok(out)
}

/// The statements for one op.
pub fn render_op(op: &Op) -> Result<Vec<String>, String> {
    let one = |s: String| Ok(vec![s]);
    match op {
        Op::CreateTable(t) => create_table_with_indexes(t),
        Op::DropTable(t) => one(format!("DROP TABLE {}", table_name(&t.qualified())?)),
        Op::RenameTable { from, to } => {
            if from.schema != to.schema {
                return Err(format!(
                    "rename {from} to {to}: SQLite cannot move a table between schemas"
                ));
            }
            one(format!(
                "ALTER TABLE {} RENAME TO {}",
                table_name(from)?,
                quote_if_needed(&to.name)
            ))
        }
        Op::RenameColumn { table, from, to } => one(format!(
            "ALTER TABLE {} RENAME COLUMN {} TO {}",
            table_name(table)?,
            quote_if_needed(from),
            quote_if_needed(to)
        )),
        Op::AddColumn { table, column } => {
            if let Some(why) = super::lower::add_column_blocker(column) {
                return Err(format!(
                    "add column {table}.{}: SQLite's ALTER TABLE ADD COLUMN refuses a column that {why}; lower the ops first (a table rebuild)",
                    column.name
                ));
            }
            one(format!(
                "ALTER TABLE {} ADD COLUMN {}",
                table_name(table)?,
                column_definition(column, None, false)
            ))
        }
        Op::DropColumn { table, column } => one(format!(
            "ALTER TABLE {} DROP COLUMN {}",
            table_name(table)?,
            quote_if_needed(&column.name)
        )),
        Op::CreateIndex { table, index } => one(create_index(table, index)?),
        Op::DropIndex { table, index } => {
            table_name(table)?;
            one(format!(
                "DROP INDEX {}",
                quote_if_needed(&index_name(&table.name, index))
            ))
        }
        Op::RebuildTable {
            from,
            to,
            renames,
            scratch,
        } => super::rebuild::render(from, to, renames, scratch),
        Op::CheckViewsAndTriggers { scratch, runs, .. } => {
            if !*runs {
                return Ok(Vec::new());
            }
            super::rebuild::check_views_and_triggers(scratch)
        }
        // SQLite has no comments on tables or columns; normalization drops them,
        // so there is nothing to say.
        Op::SetTableComment { .. } => Ok(Vec::new()),
        Op::CreateSchema(s) | Op::DropSchema(s) => Err(format!(
            "schema {s}: SQLite has one schema per database file (ATTACH adds others, which revise does not compare)"
        )),
        Op::CreateDomain(d) | Op::DropDomain(d) => Err(format!(
            "domain {}: SQLite has no domains; use the base type and a CHECK",
            d.qualified()
        )),
        Op::CreateComposite(c) | Op::DropComposite(c) | Op::AlterComposite { from: c, .. } => {
            Err(format!(
                "composite type {}: SQLite has no composite types; use separate columns or JSON",
                c.qualified()
            ))
        }
        Op::CreateSequence(s) | Op::DropSequence(s) => Err(format!(
            "sequence {}: SQLite has no sequences; use INTEGER PRIMARY KEY",
            s.qualified()
        )),
        Op::CreateExtension(e) | Op::DropExtension(e) => Err(format!(
            "extension {}: extensions are PostgreSQL's; SQLite loads its extensions per connection",
            e.name
        )),
        Op::CreateEnum(e) | Op::DropEnum(e) | Op::AlterEnum { from: e, .. } => Err(format!(
            "enum {}: SQLite has no enum types; use a CHECK constraint",
            e.qualified()
        )),
        Op::SetTableCollation { table, .. } => Err(format!(
            "table {table}: a table's default collation is MySQL's; SQLite has none"
        )),
        Op::SetTableEngine { table, .. } => Err(format!(
            "table {table}: a storage engine is MySQL/MariaDB's; SQLite has none"
        )),
        Op::AlterIndex { .. } => Err(format!(
            "{}: an ignored (invisible) index is MySQL's; SQLite has none",
            op.describe()
        )),
        Op::AlterColumn { .. }
        | Op::SetTableOptions { .. }
        | Op::AddPrimaryKey { .. }
        | Op::DropPrimaryKey { .. }
        | Op::AddUnique { .. }
        | Op::DropUnique { .. }
        | Op::RenamePrimaryKey { .. }
        | Op::RenameUnique { .. }
        | Op::RenameIndex { .. }
        | Op::AddForeignKey { .. }
        | Op::DropForeignKey { .. }
        | Op::AlterForeignKey { .. }
        | Op::AddCheck { .. }
        | Op::DropCheck { .. } => Err(format!(
            "{}: SQLite's ALTER TABLE cannot do this (https://sqlite.org/lang_altertable.html); lower the ops first, which turns it into a table rebuild",
            op.describe()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Check, IndexPart, PrimaryKey, Unique};

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(quote_if_needed("users"), "users");
        assert_eq!(quote_if_needed("UserName_2"), "UserName_2");
        assert_eq!(quote_if_needed("order"), "\"order\"");
        assert_eq!(quote_if_needed("Order"), "\"Order\"");
        assert_eq!(quote_if_needed("user group"), "\"user group\"");
        assert_eq!(quote_if_needed("café"), "\"café\"");
        assert_eq!(quote_if_needed("1st"), "\"1st\"");
        assert_eq!(quote_if_needed("a\"b"), "\"a\"\"b\"");
        assert_eq!(quote_if_needed(""), "\"\"");
        let mut sorted = KEYWORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), KEYWORDS.len());
    }

    #[test]
    fn create_table_is_complete() {
        let mut t = Table::new("order");
        t.columns = vec![
            Column {
                identity: Some(Identity::AutoIncrement),
                nullable: false,
                ..Column::new("id", "INTEGER")
            },
            Column {
                nullable: false,
                default: Some("'draft'".into()),
                ..Column::new("state", "VARCHAR(20)")
            },
            Column {
                default: Some("CURRENT_TIMESTAMP".into()),
                ..Column::new("at", "TEXT")
            },
            Column {
                default: Some("1 + 2".into()),
                ..Column::new("n", "INT")
            },
            Column::new("user group", "INTEGER"),
        ];
        t.primary_key = Some(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
            column_options: Vec::new(),
            deferrable: Default::default(),
        });
        t.uniques = vec![Unique {
            name: Some("uq_state".into()),
            columns: vec!["state".into(), "n".into()],
            column_options: Vec::new(),
            deferrable: Default::default(),
            nulls_not_distinct: false,
        }];
        t.checks = vec![Check {
            name: None,
            expression: "n > 0".into(),
        }];
        t.foreign_keys = vec![ForeignKey {
            name: Some("fk_g".into()),
            columns: vec!["user group".into()],
            ref_table: "teams".into(),
            ref_columns: vec!["id".into()],
            on_delete: FkAction::Cascade,
            ..Default::default()
        }];
        t.indexes = vec![Index {
            parts: vec![
                IndexPart {
                    value: "lower(state)".into(),
                    expression: true,
                    opclass: None,
                    nulls_first: None,
                    descending: true,
                },
                IndexPart::column("n"),
            ],
            predicate: Some("n > 1".into()),
            ..Default::default()
        }];
        let sql = render_op(&Op::CreateTable(t.clone())).unwrap();
        assert_eq!(
            sql,
            vec![
                "CREATE TABLE \"order\" (\n    id INTEGER PRIMARY KEY AUTOINCREMENT,\n    state VARCHAR(20) NOT NULL DEFAULT 'draft',\n    at TEXT DEFAULT CURRENT_TIMESTAMP,\n    n INT DEFAULT (1 + 2),\n    \"user group\" INTEGER,\n    CONSTRAINT uq_state UNIQUE (state, n),\n    CHECK (n > 0),\n    CONSTRAINT fk_g FOREIGN KEY (\"user group\") REFERENCES teams (id) ON DELETE CASCADE\n)".to_string(),
                "CREATE INDEX ix_order_lower_state_n ON \"order\" (lower(state) DESC, n) WHERE n > 1".to_string(),
            ]
        );
        assert_eq!(
            render_op(&Op::DropIndex {
                table: t.qualified(),
                index: t.indexes[0].clone()
            })
            .unwrap(),
            vec!["DROP INDEX ix_order_lower_state_n"]
        );
    }

    #[test]
    fn unsupported_ops_are_errors_that_say_why() {
        let q = QualifiedName::new("t");
        let e = render_op(&Op::AlterColumn {
            table: q.clone(),
            from: Column::new("a", "INT"),
            to: Column::new("a", "TEXT"),
        })
        .unwrap_err();
        assert!(e.contains("table rebuild"), "{e}");
        let e = render_op(&Op::CreateEnum(crate::schema::EnumType {
            schema: None,
            name: "mood".into(),
            values: vec![],
        }))
        .unwrap_err();
        assert!(e.contains("use a CHECK constraint"), "{e}");
        let e = render_op(&Op::AddColumn {
            table: q,
            column: Column {
                nullable: false,
                ..Column::new("b", "INT")
            },
        })
        .unwrap_err();
        assert!(e.contains("NOT NULL"), "{e}");
        let mut t = Table::new("t");
        t.columns = vec![Column::new("a", "INT")];
        t.uniques = vec![crate::schema::Unique {
            name: None,
            columns: vec!["a".into()],
            column_options: Vec::new(),
            deferrable: Deferrable::InitiallyDeferred,
            nulls_not_distinct: false,
        }];
        let e = render_op(&Op::CreateTable(t.clone())).unwrap_err();
        assert_eq!(
            e,
            "unique (a) on t: SQLite has no deferrable keys (only foreign keys); remove DEFERRABLE INITIALLY DEFERRED from the models"
        );
        t.uniques.clear();
        t.indexes = vec![Index {
            parts: vec![crate::schema::IndexPart {
                opclass: Some("text_pattern_ops".into()),
                ..crate::schema::IndexPart::column("a")
            }],
            ..Default::default()
        }];
        let e = render_op(&Op::CreateIndex {
            table: t.qualified(),
            index: t.indexes[0].clone(),
        })
        .unwrap_err();
        assert!(e.contains("operator class text_pattern_ops on a"), "{e}");
    }

    #[test]
    fn keys_write_the_collation_and_order_of_their_columns() {
        use crate::schema::KeyColumn;
        let nocase = KeyColumn {
            collation: Some("NOCASE".into()),
            descending: false,
        };
        let desc = KeyColumn {
            collation: None,
            descending: true,
        };
        let mut t = Table::new("tags");
        t.columns = vec![Column::new("name", "TEXT"), Column::new("b", "TEXT")];
        t.without_rowid = true;
        // One column, with a collation: not on the column, whose grammar has none.
        t.primary_key = Some(PrimaryKey {
            columns: vec!["name".into()],
            column_options: vec![nocase.clone()],
            ..Default::default()
        });
        t.uniques = vec![Unique {
            name: Some("uq".into()),
            columns: vec!["name".into(), "b".into()],
            column_options: vec![KeyColumn::default(), desc.clone()],
            ..Default::default()
        }];
        assert_eq!(
            create_table(&t, "tags").unwrap(),
            "CREATE TABLE tags (\n    name TEXT,\n    b TEXT,\n    PRIMARY KEY (name COLLATE NOCASE),\n    CONSTRAINT uq UNIQUE (name, b DESC)\n) WITHOUT ROWID"
        );
        // The rowid alias stays on its column, where AUTOINCREMENT must be.
        let mut t = Table::new("t");
        t.columns = vec![Column {
            identity: Some(Identity::AutoIncrement),
            ..Column::new("id", "INTEGER")
        }];
        t.primary_key = Some(PrimaryKey {
            columns: vec!["id".into()],
            column_options: vec![desc],
            ..Default::default()
        });
        assert_eq!(
            create_table(&t, "t").unwrap(),
            "CREATE TABLE t (\n    id INTEGER PRIMARY KEY AUTOINCREMENT\n)"
        );
    }
}
