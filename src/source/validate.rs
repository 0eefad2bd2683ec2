//! Checks on a schema read from models, for sources that do not check as
//! they read (the JSON model format, an export command's JSON). The SQL
//! source refuses the same mistakes as it meets them, with the statement's
//! line; these checks give the object's path in the document instead
//! (`tables[2].columns[1]`), which the JSON source turns into a line.

use std::fmt;

use crate::schema::{Column, Schema, Table};
use crate::url::DialectKind;

/// One thing wrong with a schema: where (a path like `tables[2].columns[1]`),
/// which object (`table users, column email`) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The object's path in the document: `tables[2].columns[1]`.
    pub path: String,
    /// The object by name: `table users, column email`.
    pub object: String,
    /// What is wrong and what to do.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.path, self.object, self.message)
    }
}

/// Whether two column or index names are the same in `kind`: exactly in
/// PostgreSQL (where unquoted names were folded), case-insensitively in
/// MySQL and SQLite ("Schema Object Names": column and index names are not
/// case sensitive). The SQL source compares names with it too.
pub(crate) fn same_name(kind: DialectKind, a: &str, b: &str) -> bool {
    match kind {
        DialectKind::Postgres => a == b,
        // ASCII first: no allocation for the names nearly every model uses.
        DialectKind::Mysql | DialectKind::Sqlite => {
            a.eq_ignore_ascii_case(b)
                || (!(a.is_ascii() && b.is_ascii()) && a.to_lowercase() == b.to_lowercase())
        }
    }
}

/// Checks what a model must get right before any DDL is written from it:
/// names present and not defined twice, keys and indexes naming columns the
/// table has, enum values distinct, and type and expression texts that are
/// one SQL fragment each (no `;`, no comment, quotes and parentheses
/// balanced). Returns the first problem found.
pub fn validate(schema: &Schema, kind: DialectKind) -> Result<(), Problem> {
    for (i, t) in schema.tables.iter().enumerate() {
        let path = format!("tables[{i}]");
        let object = format!("table {}", t.qualified());
        let problem = |message: String| Problem {
            path: path.clone(),
            object: object.clone(),
            message,
        };
        if t.name.trim().is_empty() {
            return Err(problem("the table has no name".into()));
        }
        if let Some(j) = schema.tables[..i]
            .iter()
            .position(|o| o.qualified() == t.qualified())
        {
            return Err(problem(format!(
                "table {} is defined twice (first at tables[{j}]); keep one definition",
                t.qualified()
            )));
        }
        validate_table(t, &path, &object, kind)?;
        if kind != DialectKind::Mysql {
            // Index names share the schema's namespace in PostgreSQL and SQLite.
            for (x, index) in t.indexes.iter().enumerate() {
                let Some(name) = &index.name else { continue };
                for (j, other) in schema.tables[..i].iter().enumerate() {
                    if other.schema != t.schema {
                        continue;
                    }
                    if let Some(y) = other
                        .indexes
                        .iter()
                        .position(|o| o.name.as_deref().is_some_and(|n| same_name(kind, n, name)))
                    {
                        return Err(Problem {
                            path: format!("{path}.indexes[{x}]"),
                            object: format!("{object}, index {name}"),
                            message: format!(
                                "index {name} is defined twice (first at tables[{j}].indexes[{y}], \
                                 on table {}); index names are unique per schema",
                                other.qualified()
                            ),
                        });
                    }
                }
            }
        }
    }
    for (i, e) in schema.enums.iter().enumerate() {
        let problem = |message: String| Problem {
            path: format!("enums[{i}]"),
            object: format!("enum {}", e.qualified()),
            message,
        };
        if e.name.trim().is_empty() {
            return Err(problem("the enum has no name".into()));
        }
        if let Some(j) = schema.enums[..i]
            .iter()
            .position(|o| o.qualified() == e.qualified())
        {
            return Err(problem(format!(
                "enum {} is defined twice (first at enums[{j}]); keep one definition",
                e.qualified()
            )));
        }
        if e.values.is_empty() {
            return Err(problem("the enum has no values".into()));
        }
        for (v, value) in e.values.iter().enumerate() {
            if e.values[..v].contains(value) {
                return Err(Problem {
                    path: format!("enums[{i}].values[{v}]"),
                    object: format!("enum {}", e.qualified()),
                    message: format!("value '{value}' is listed twice"),
                });
            }
        }
    }
    for (i, d) in schema.domains.iter().enumerate() {
        if let Err(why) = one_fragment(&d.definition, kind) {
            return Err(Problem {
                path: format!("domains[{i}].definition"),
                object: format!("domain {}", d.name),
                message: format!("definition '{}' {why}", d.definition),
            });
        }
    }
    for (i, c) in schema.composites.iter().enumerate() {
        if c.attributes.is_empty() {
            // PostgreSQL takes `AS ()`, but the SQL source cannot read it and
            // such a type holds nothing; refusing it keeps both sources alike.
            return Err(Problem {
                path: format!("composites[{i}].attributes"),
                object: format!("composite type {}", c.name),
                message: "a composite type needs at least one attribute".into(),
            });
        }
        for (a, attr) in c.attributes.iter().enumerate() {
            if c.attributes[..a].iter().any(|x| x.name == attr.name) {
                return Err(Problem {
                    path: format!("composites[{i}].attributes[{a}]"),
                    object: format!("composite type {}", c.name),
                    message: format!("attribute {} is defined twice", attr.name),
                });
            }
            if let Err(why) = one_fragment(&attr.ty, kind) {
                return Err(Problem {
                    path: format!("composites[{i}].attributes[{a}].type"),
                    object: format!("composite type {}", c.name),
                    message: format!("type '{}' {why}", attr.ty),
                });
            }
        }
    }
    for (i, s) in schema.sequences.iter().enumerate() {
        if let Some(options) = &s.options
            && let Err(why) = one_fragment(options, kind)
        {
            return Err(Problem {
                path: format!("sequences[{i}].options"),
                object: format!("sequence {}", s.name),
                message: format!("options '{options}' {why}"),
            });
        }
    }
    Ok(())
}

fn validate_table(t: &Table, path: &str, object: &str, kind: DialectKind) -> Result<(), Problem> {
    let at = |sub: String, what: String, message: String| Problem {
        path: format!("{path}.{sub}"),
        object: if what.is_empty() {
            object.to_string()
        } else {
            format!("{object}, {what}")
        },
        message,
    };
    if t.columns.is_empty() {
        return Err(Problem {
            path: path.into(),
            object: object.into(),
            message: "the table has no columns; list at least one in \"columns\"".into(),
        });
    }
    for (c, column) in t.columns.iter().enumerate() {
        let sub = format!("columns[{c}]");
        let what = format!("column {}", column.name);
        if column.name.trim().is_empty() {
            return Err(at(sub, "column".into(), "the column has no name".into()));
        }
        if let Some(first) = t.columns[..c]
            .iter()
            .position(|o| same_name(kind, &o.name, &column.name))
        {
            return Err(at(
                sub,
                what,
                format!(
                    "column {} is defined twice (first at {path}.columns[{first}])",
                    column.name
                ),
            ));
        }
        if let Err(message) = column_texts(column, kind) {
            return Err(at(sub, what, message));
        }
    }
    let has = |name: &str| t.columns.iter().any(|c| same_name(kind, &c.name, name));
    let missing = |names: &[String]| names.iter().find(|n| !has(n)).cloned();
    if let Some(pk) = &t.primary_key {
        if pk.columns.is_empty() {
            return Err(at(
                "primary_key".into(),
                "primary key".into(),
                "the primary key lists no columns".into(),
            ));
        }
        if let Some(n) = missing(&pk.columns) {
            return Err(at(
                "primary_key".into(),
                "primary key".into(),
                format!("the primary key names column {n}, which the table does not have"),
            ));
        }
        if let Err(message) = key_column_options(&pk.columns, &pk.column_options, kind) {
            return Err(at("primary_key".into(), "primary key".into(), message));
        }
    }
    for (u, unique) in t.uniques.iter().enumerate() {
        let what = match &unique.name {
            Some(n) => format!("unique constraint {n}"),
            None => "unique constraint".into(),
        };
        if unique.columns.is_empty() {
            return Err(at(
                format!("uniques[{u}]"),
                what,
                "the unique constraint lists no columns".into(),
            ));
        }
        if let Some(n) = missing(&unique.columns) {
            return Err(at(
                format!("uniques[{u}]"),
                what,
                format!("the unique constraint names column {n}, which the table does not have"),
            ));
        }
        if let Err(message) = key_column_options(&unique.columns, &unique.column_options, kind) {
            return Err(at(format!("uniques[{u}]"), what, message));
        }
    }
    for (x, index) in t.indexes.iter().enumerate() {
        let sub = format!("indexes[{x}]");
        let what = match &index.name {
            Some(n) => format!("index {n}"),
            None => "index".into(),
        };
        if let Some(name) = &index.name {
            if name.trim().is_empty() {
                return Err(at(
                    sub,
                    what,
                    "the index name is empty; leave \"name\" out to let the database choose one"
                        .into(),
                ));
            }
            if let Some(first) = t.indexes[..x]
                .iter()
                .position(|o| o.name.as_deref().is_some_and(|n| same_name(kind, n, name)))
            {
                return Err(at(
                    sub,
                    what,
                    format!("index {name} is defined twice (first at {path}.indexes[{first}])"),
                ));
            }
        }
        if index.parts.is_empty() {
            return Err(at(sub, what, "the index has no parts".into()));
        }
        for (p, part) in index.parts.iter().enumerate() {
            if part.expression {
                if let Err(why) = one_fragment(&part.value, kind) {
                    return Err(at(
                        format!("{sub}.parts[{p}]"),
                        what,
                        format!("expression '{}' {why}", part.value),
                    ));
                }
            } else if !has(&part.value) {
                return Err(at(
                    format!("{sub}.parts[{p}]"),
                    what,
                    format!(
                        "the index names column {}, which the table does not have \
                         (an expression needs \"expression\": true)",
                        part.value
                    ),
                ));
            }
        }
        if let Some(n) = missing(&index.include) {
            return Err(at(
                sub,
                what,
                format!("the index includes column {n}, which the table does not have"),
            ));
        }
        if let Some(predicate) = &index.predicate
            && let Err(why) = one_fragment(predicate, kind)
        {
            return Err(at(sub, what, format!("predicate '{predicate}' {why}")));
        }
        // An index's comment and its being ignored are MySQL's: elsewhere
        // they would be differences no statement can make.
        if (index.comment.is_some() || index.ignored) && kind != DialectKind::Mysql {
            return Err(at(
                sub,
                what,
                "\"comment\" and \"ignored\" on an index are MySQL/MariaDB only".into(),
            ));
        }
    }
    for (f, fk) in t.foreign_keys.iter().enumerate() {
        let what = match &fk.name {
            Some(n) => format!("foreign key {n}"),
            None => "foreign key".into(),
        };
        if fk.columns.is_empty() || fk.columns.len() != fk.ref_columns.len() {
            return Err(at(
                format!("foreign_keys[{f}]"),
                what,
                "a foreign key needs as many \"ref_columns\" as \"columns\", at least one".into(),
            ));
        }
        if let Some(n) = missing(&fk.columns) {
            return Err(at(
                format!("foreign_keys[{f}]"),
                what,
                format!("the foreign key names column {n}, which the table does not have"),
            ));
        }
    }
    for (k, check) in t.checks.iter().enumerate() {
        if let Err(why) = one_fragment(&check.expression, kind) {
            return Err(at(
                format!("checks[{k}]"),
                "check".into(),
                format!("expression '{}' {why}", check.expression),
            ));
        }
    }
    // A storage engine is MySQL's: elsewhere it would be a difference no
    // statement can make, so JSON naming one is refused, not ignored.
    if let Some(engine) = &t.engine {
        if kind != DialectKind::Mysql {
            return Err(at(
                "engine".into(),
                String::new(),
                format!("\"engine\" is MySQL/MariaDB only; remove it for {kind}"),
            ));
        }
        if engine.is_empty()
            || !engine
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Err(at(
                "engine".into(),
                String::new(),
                format!("engine '{engine}' is not an engine name (one word: InnoDB, MyISAM, Aria)"),
            ));
        }
    }
    if let Some(p) = &t.partition_by
        && let Err(why) = one_fragment(p, kind)
    {
        return Err(at(
            "partition_by".into(),
            String::new(),
            format!("partition_by '{p}' {why}"),
        ));
    }
    Ok(())
}

/// The type, default and other texts of a column that are written into DDL.
fn column_texts(column: &Column, kind: DialectKind) -> Result<(), String> {
    // SQLite columns may have no type at all (`CREATE TABLE kv (k, v)`:
    // BLOB affinity, https://sqlite.org/datatype3.html, section 3.1), and
    // introspection reads them as an empty type; the others need one.
    if column.data_type.trim().is_empty() && kind != DialectKind::Sqlite {
        return Err("the column has no type".into());
    }
    one_fragment(&column.data_type, kind).map_err(|why| {
        format!(
            "type '{}' {why}; a type is one type expression",
            column.data_type
        )
    })?;
    if let Some(d) = &column.default {
        one_fragment(d, kind).map_err(|why| format!("default '{d}' {why}"))?;
    }
    if let Some(g) = &column.generated {
        one_fragment(&g.expression, kind)
            .map_err(|why| format!("generated expression '{}' {why}", g.expression))?;
    }
    if let Some(u) = &column.on_update {
        one_fragment(u, kind).map_err(|why| format!("on_update '{u}' {why}"))?;
    }
    if let Some(c) = &column.collation {
        one_fragment(c, kind).map_err(|why| format!("collation '{c}' {why}"))?;
    }
    // Options of a sequence the column does not have would be dropped unsaid.
    if column.identity_options.is_some() && column.identity.is_none() {
        return Err("identity_options without identity; give the column an identity".into());
    }
    // Only MySQL/MariaDB hide columns; elsewhere the flag would be a
    // difference no statement can make.
    if column.invisible && kind != DialectKind::Mysql {
        return Err("invisible is MySQL/MariaDB only".into());
    }
    Ok(())
}

/// A key's `column_options`: SQLite's only (PostgreSQL and MySQL take no
/// collation in a constraint's column list; a unique index says the rest),
/// one per column, collations one fragment each.
fn key_column_options(
    columns: &[String],
    options: &[crate::schema::KeyColumn],
    kind: DialectKind,
) -> Result<(), String> {
    if options.is_empty() {
        return Ok(());
    }
    if kind != DialectKind::Sqlite {
        return Err(
            "column_options is SQLite only; on this database write a unique index for a key whose columns need a collation or order".into(),
        );
    }
    if options.len() != columns.len() {
        return Err(format!(
            "column_options has {} entries for {} columns; give one per column (`{{}}` for a plain one)",
            options.len(),
            columns.len()
        ));
    }
    for c in options.iter().filter_map(|o| o.collation.as_deref()) {
        one_fragment(c, kind).map_err(|why| format!("collation '{c}' {why}"))?;
    }
    Ok(())
}

/// Whether `text` is one SQL fragment that cannot end the statement it is
/// written into: no `;`, no comment (`--`, `/*`, and `#` in MySQL, where it
/// starts one; PostgreSQL has `#` operators) outside quotes,
/// quotes closed and parentheses balanced. Quotes are read both the standard
/// way (`''` inside '...') and MySQL's (a backslash escapes), and the text must
/// pass both readings: one a server reads differently could hide a `;`.
pub fn one_fragment(text: &str, kind: DialectKind) -> Result<(), String> {
    let hash_comments = kind == DialectKind::Mysql;
    one_fragment_reading(text, false, hash_comments)?;
    one_fragment_reading(text, true, hash_comments)
}

fn one_fragment_reading(
    text: &str,
    backslash_escapes: bool,
    hash_comments: bool,
) -> Result<(), String> {
    let mut depth: i64 = 0;
    let mut quote: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        if let Some(q) = quote {
            if ch == '\\' && backslash_escapes && q != '`' {
                chars.next();
            } else if ch == q {
                quote = None;
            }
            continue;
        }
        match ch {
            '\'' | '"' | '`' => quote = Some(ch),
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return Err("closes a parenthesis it did not open".into());
                }
            }
            ';' => return Err("holds a ';' outside quotes".into()),
            '-' if chars.peek() == Some(&'-') => {
                return Err("holds a comment ('--') outside quotes".into());
            }
            '/' if chars.peek() == Some(&'*') => {
                return Err("holds a comment ('/*') outside quotes".into());
            }
            '#' if hash_comments => {
                return Err("holds a comment ('#', MySQL) outside quotes".into());
            }
            _ => {}
        }
    }
    if let Some(q) = quote {
        return Err(format!("leaves a quote ({q}) open"));
    }
    if depth > 0 {
        return Err("leaves a parenthesis open".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments() {
        for ok in [
            "integer",
            "varchar(200)",
            "numeric(10, 2)",
            "'a;b'::text",
            "'it''s'",
            "'{}'::jsonb",
            "\"my type\"",
            "enum('a','b')",
            "now()",
            "'a\\\\b'",
            "-1",
            "a - -1",
        ] {
            assert_eq!(one_fragment(ok, DialectKind::Mysql), Ok(()), "{ok}");
        }
        for bad in [
            "integer); DROP TABLE x; --",
            "integer;",
            "int -- x",
            "int /* x */",
            "int # x",
            "varchar(10",
            "varchar 10)",
            "'open",
            "\"open",
            "'\\' ; DROP TABLE x; -- '",
        ] {
            assert!(one_fragment(bad, DialectKind::Mysql).is_err(), "{bad}");
        }
        assert_eq!(
            one_fragment("data #>> '{a}'", DialectKind::Postgres),
            Ok(())
        );
    }

    fn load(tables: &str, enums: &str, kind: DialectKind) -> String {
        let text = format!(
            "{{\"format\": \"revise-schema\", \"version\": 1,\n\"tables\": [\n{tables}],\n\"enums\": [{enums}]}}"
        );
        match crate::source::load_json(std::path::Path::new("m.json"), &text, kind) {
            Ok(_) => "ok".into(),
            Err(e) => e.to_string(),
        }
    }

    const USERS: &str = r#"{"name": "users", "columns": [{"name": "id", "type": "integer"}]}"#;

    fn table(body: &str) -> String {
        format!("{USERS},\n{{\"name\": \"posts\", {body}}}\n")
    }

    #[test]
    fn only_sqlite_columns_may_have_no_type() {
        for column in [r#"{"name": "v", "type": ""}"#, r#"{"name": "v"}"#] {
            let posts = table(&format!(r#""columns": [{column}]"#));
            assert_eq!(load(&posts, "", DialectKind::Sqlite), "ok", "{column}");
            for kind in [DialectKind::Postgres, DialectKind::Mysql] {
                assert_eq!(
                    load(&posts, "", kind),
                    "m.json:4: tables[1].columns[0] (table posts, column v): the column has no type",
                    "{column}"
                );
            }
        }
    }

    #[test]
    fn json_models_are_checked() {
        let pg = DialectKind::Postgres;
        assert_eq!(
            load(
                &table(r#""columns": [{"name": "id", "type": "int"}]"#),
                "",
                pg
            ),
            "ok"
        );
        let cases: &[(&str, &str)] = &[
            (
                r#""columns": [{"name": "id", "type": "int"}, {"name": "id", "type": "text"}]"#,
                "m.json:4: tables[1].columns[1] (table posts, column id): column id is defined twice (first at tables[1].columns[0])",
            ),
            (
                r#""columns": [{"name": "id", "type": "int"}], "indexes": [{"name": "ix", "parts": [{"value": "id"}]}, {"name": "ix", "parts": [{"value": "id"}]}]"#,
                "tables[1].indexes[1] (table posts, index ix): index ix is defined twice (first at tables[1].indexes[0])",
            ),
            (
                r#""columns": [{"name": "id", "type": "int"}], "primary_key": {"columns": ["nope"]}"#,
                "tables[1].primary_key (table posts, primary key): the primary key names column nope, which the table does not have",
            ),
            (
                r#""columns": [{"name": "id", "type": "int"}], "uniques": [{"columns": ["id", "nope"]}]"#,
                "tables[1].uniques[0] (table posts, unique constraint): the unique constraint names column nope",
            ),
            (
                r#""columns": [{"name": "id", "type": "int"}], "indexes": [{"parts": [{"value": "nope"}]}]"#,
                "tables[1].indexes[0].parts[0] (table posts, index): the index names column nope",
            ),
            (
                r#""columns": [{"name": "", "type": "int"}]"#,
                "tables[1].columns[0] (table posts, column): the column has no name",
            ),
            (
                r#""columns": []"#,
                "tables[1] (table posts): the table has no columns",
            ),
            (
                r#""columns": [{"name": "id", "type": "integer); DROP TABLE x; --"}]"#,
                "tables[1].columns[0] (table posts, column id): type 'integer); DROP TABLE x; --' closes a parenthesis it did not open; a type is one type expression",
            ),
            (
                r#""columns": [{"name": "id", "type": "int", "default": "0; DROP TABLE x"}]"#,
                "tables[1].columns[0] (table posts, column id): default '0; DROP TABLE x' holds a ';' outside quotes",
            ),
            (
                r#""columns": [{"name": "id", "type": "varchar(10"}]"#,
                "type 'varchar(10' leaves a parenthesis open",
            ),
            (
                r#""columns": [{"name": "id", "type": "int", "default": "'x"}]"#,
                "default ''x' leaves a quote (') open",
            ),
            (
                r#""columns": [{"name": "id", "type": "int /* x */"}]"#,
                "holds a comment ('/*') outside quotes",
            ),
            (
                r#""columns": [{"name": "id", "type": "int", "identity_options": {"start": 5}}]"#,
                "tables[1].columns[0] (table posts, column id): identity_options without identity",
            ),
            (
                r#""columns": [{"name": "id", "type": "int"}], "indexes": [{"name": "ix", "parts": [{"value": "id"}], "ignored": true}]"#,
                "tables[1].indexes[0] (table posts, index ix): \"comment\" and \"ignored\" on an index are MySQL/MariaDB only",
            ),
        ];
        for (body, want) in cases {
            let got = load(&table(body), "", pg);
            assert!(got.contains(want), "{body}\n got: {got}\nwant: {want}");
            assert!(got.starts_with("m.json:4: tables[1]"), "{got}");
        }
        let got = load(
            &table(r#""columns": [{"name": "id", "type": "int"}]"#).replace("posts", ""),
            "",
            pg,
        );
        assert!(
            got.contains("m.json:4: tables[1] (table ): the table has no name"),
            "{got}"
        );
        // Duplicate tables and enums in one file name both places.
        let got = load(&format!("{USERS},\n{USERS}\n"), "", pg);
        assert!(
            got.contains("m.json:4: tables[1] (table users): table users is defined twice (first at tables[0])"),
            "{got}"
        );
        let got = load(USERS, r#"{"name": "mood", "values": ["a", "b", "a"]}"#, pg);
        assert!(
            got.contains("enums[0].values[2] (enum mood): value 'a' is listed twice"),
            "{got}"
        );
        let got = load(
            USERS,
            r#"{"name": "m", "values": ["a"]}, {"name": "m", "values": ["b"]}"#,
            pg,
        );
        assert!(
            got.contains("enums[1] (enum m): enum m is defined twice (first at enums[0])"),
            "{got}"
        );
        // MySQL names columns and indexes case-insensitively; index names are
        // per schema in PostgreSQL, per table in MySQL.
        let mixed = r#""columns": [{"name": "id", "type": "int"}, {"name": "ID", "type": "int"}]"#;
        assert_eq!(load(&table(mixed), "", pg), "ok");
        assert!(load(&table(mixed), "", DialectKind::Mysql).contains("column ID is defined twice"));
        let two = r#"{"name": "a", "columns": [{"name": "id", "type": "int"}], "indexes": [{"name": "ix", "parts": [{"value": "id"}]}]},
{"name": "b", "columns": [{"name": "id", "type": "int"}], "indexes": [{"name": "ix", "parts": [{"value": "id"}]}]}"#;
        assert_eq!(load(two, "", DialectKind::Mysql), "ok");
        let got = load(two, "", pg);
        assert!(
            got.contains("m.json:4: tables[1].indexes[0] (table b, index ix): index ix is defined twice (first at tables[0].indexes[0], on table a)"),
            "{got}"
        );
    }

    #[test]
    fn an_engine_is_mysqls_and_one_word() {
        let with = |engine: &str| {
            table(&format!(
                r#""columns": [{{"name": "a", "type": "int"}}], "engine": "{engine}""#
            ))
        };
        assert_eq!(load(&with("MyISAM"), "", DialectKind::Mysql), "ok");
        for kind in [DialectKind::Postgres, DialectKind::Sqlite] {
            let got = load(&with("MyISAM"), "", kind);
            assert!(
                got.contains("tables[1].engine (table posts): \"engine\" is MySQL/MariaDB only"),
                "{got}"
            );
        }
        let got = load(&with("MyISAM; DROP TABLE t"), "", DialectKind::Mysql);
        assert!(got.contains("is not an engine name"), "{got}");
    }

    #[test]
    fn composite_types_need_distinct_attributes_of_one_fragment() {
        let load = |composites: &str| {
            let text = format!(
                "{{\"format\": \"revise-schema\", \"version\": 1,\n\"tables\": [],\n\"composites\": [\n{composites}]}}"
            );
            match crate::source::load_json(
                std::path::Path::new("m.json"),
                &text,
                DialectKind::Postgres,
            ) {
                Ok(s) => format!("ok {}", s.composites.len()),
                Err(e) => e.to_string(),
            }
        };
        let pt = r#"{"name": "pt", "attributes": [{"name": "x", "type": "integer"}, {"name": "y", "type": "text[]"}]}"#;
        assert_eq!(load(pt), "ok 1");
        let got = load(
            r#"{"name": "pt", "attributes": [{"name": "x", "type": "int"}, {"name": "x", "type": "int"}]}"#,
        );
        assert!(
            got.contains(
                "composites[0].attributes[1] (composite type pt): attribute x is defined twice"
            ),
            "{got}"
        );
        let got = load(
            r#"{"name": "pt", "attributes": [{"name": "x", "type": "int); DROP TABLE users; --"}]}"#,
        );
        assert!(
            got.contains("composites[0].attributes[0].type (composite type pt)"),
            "{got}"
        );
        let got = load(r#"{"name": "pt", "attributes": []}"#);
        assert!(
            got.contains("a composite type needs at least one attribute"),
            "{got}"
        );
    }

    #[test]
    fn key_column_options_are_sqlites_and_one_per_column() {
        let sqlite = DialectKind::Sqlite;
        let keyed = |key: &str| {
            table(&format!(
                r#""columns": [{{"name": "a", "type": "text"}}, {{"name": "b", "type": "text"}}], {key}"#
            ))
        };
        let good = keyed(
            r#""primary_key": {"columns": ["a", "b"], "column_options": [{"collation": "NOCASE"}, {"descending": true}]}"#,
        );
        assert_eq!(load(&good, "", sqlite), "ok");
        let got = load(&good, "", DialectKind::Postgres);
        assert!(
            got.contains(
                "tables[1].primary_key (table posts, primary key): column_options is SQLite only"
            ),
            "{got}"
        );
        let got = load(
            &keyed(
                r#""uniques": [{"columns": ["a", "b"], "column_options": [{"collation": "NOCASE"}]}]"#,
            ),
            "",
            sqlite,
        );
        assert!(
            got.contains("tables[1].uniques[0] (table posts, unique constraint): column_options has 1 entries for 2 columns"),
            "{got}"
        );
        let got = load(
            &keyed(
                r#""uniques": [{"columns": ["a"], "column_options": [{"collation": "x; DROP TABLE t"}]}]"#,
            ),
            "",
            sqlite,
        );
        assert!(
            got.contains("collation 'x; DROP TABLE t' holds a ';'"),
            "{got}"
        );
    }
}
