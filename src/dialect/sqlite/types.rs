//! SQLite normalization: the canonical spelling of types and defaults on both
//! sides, and the comparison rules the diff uses. Pure: no I/O, no parsing
//! library (texts are handled with small quote-aware scanners).
//!
//! SQLite stores the declared type of a column verbatim and derives only an
//! affinity from it (<https://sqlite.org/datatype3.html>, "Determination Of
//! Column Affinity"), so the canonical type is the declared text itself with
//! its case and spacing normalized: `varchar (20)` and `VARCHAR(20)` are one
//! spelling, `INT` and `INTEGER` stay different (only `INTEGER PRIMARY KEY` is a
//! rowid alias). Both sides get the same treatment, which is why `side` is not
//! consulted.

use super::expr::{double_quoted_strings, lone_column, without_outer_parens};
use crate::dialect::Side;
use crate::diff::Compare;
use crate::schema::{Column, Deferrable, Identity, KeyColumn, Schema, Table};

/// The comparison rules of this dialect.
pub struct SqliteCompare;

/// The instance the dialect hands to the diff.
pub static COMPARE: SqliteCompare = SqliteCompare;

impl Compare for SqliteCompare {
    /// SQLite identifiers are case-insensitive for ASCII letters only
    /// (<https://sqlite.org/lang_keywords.html> and the `sqlite3StrICmp` rule
    /// the parser uses for names).
    fn name_key(&self, name: &str) -> String {
        name.to_ascii_lowercase()
    }

    /// SQLite ignores declared lengths ("SQLite does not enforce the length of a
    /// VARCHAR", <https://sqlite.org/faq.html#q9>), so `VARCHAR(200)` to
    /// `VARCHAR(20)` keeps every value. What changes stored values is the
    /// column affinity: a value that can be converted is converted on the copy
    /// (`'12'` to `12` for INTEGER, `5` to `5.0` for REAL), which changes how it
    /// compares and prints. A change between affinities is therefore narrowing,
    /// except towards BLOB, which stores values as they are.
    /// A value keeps its storage class unless the new affinity converts it
    /// (<https://sqlite.org/datatype3.html>, section 3). Between numbers,
    /// INTEGER and NUMERIC affinity convert only a REAL that is a whole
    /// number, which loses nothing; BLOB converts nothing. The rest changes
    /// values: text to a number (`'007'` becomes 7), a number to text, an
    /// integer to REAL (beyond 2^53 it loses digits).
    fn is_narrowing(&self, from: &Column, to: &Column) -> bool {
        use Affinity::{Blob, Integer, Numeric, Real};
        let (a, b) = (affinity(&from.data_type), affinity(&to.data_type));
        let lossless =
            a == b || b == Blob || matches!((a, b), (Integer | Numeric | Real, Integer | Numeric));
        !lossless
    }

    /// RENAME COLUMN rewrites the column's name in the table's stored
    /// definition, checks and generated columns included, and in its indexes
    /// (<https://sqlite.org/lang_altertable.html>, "ALTER TABLE RENAME COLUMN").
    fn rename_in_expression(&self, expression: &str, from: &str, to: &str) -> String {
        super::lower::rename_identifier(expression, from, to)
    }
}

/// A column affinity (<https://sqlite.org/datatype3.html>, section 3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Affinity {
    /// Declared type contains `INT`.
    Integer,
    /// Contains `CHAR`, `CLOB` or `TEXT`.
    Text,
    /// Contains `BLOB`, or no type at all.
    Blob,
    /// Contains `REAL`, `FLOA` or `DOUB`.
    Real,
    /// Anything else.
    Numeric,
}

/// The affinity SQLite derives from a declared type, by its documented rules in order.
pub fn affinity(declared: &str) -> Affinity {
    let t = declared.to_ascii_uppercase();
    if t.contains("INT") {
        Affinity::Integer
    } else if ["CHAR", "CLOB", "TEXT"].iter().any(|k| t.contains(k)) {
        Affinity::Text
    } else if t.contains("BLOB") || t.trim().is_empty() {
        Affinity::Blob
    } else if ["REAL", "FLOA", "DOUB"].iter().any(|k| t.contains(k)) {
        Affinity::Real
    } else {
        Affinity::Numeric
    }
}

/// Rewrites `schema` into canonical spelling. SQLite has one schema (`main`),
/// no comments and no enum types: comments are dropped on both sides (there is
/// nothing to compare them with); model-side enums are left for rendering to
/// reject with a message.
pub fn normalize(schema: &mut Schema, _side: Side) {
    for t in &mut schema.tables {
        normalize_table(t);
    }
    resolve_implicit_references(schema);
    schema.sort();
}

/// `REFERENCES parent` without columns means the parent's primary key
/// (<https://sqlite.org/foreignkeys.html>, section 3).
pub(super) fn resolve_implicit_references(schema: &mut Schema) {
    let pks: std::collections::HashMap<String, Vec<String>> = schema
        .tables
        .iter()
        .filter_map(|t| {
            t.primary_key
                .as_ref()
                .map(|pk| (t.name.to_ascii_lowercase(), pk.columns.clone()))
        })
        .collect();
    for fk in schema.tables.iter_mut().flat_map(|t| &mut t.foreign_keys) {
        if fk.ref_columns.is_empty()
            && let Some(cols) = pks.get(&fk.ref_table.to_ascii_lowercase())
        {
            fk.ref_columns = cols.clone();
        }
    }
}

/// A table name (or foreign-key target) as [`normalize`] spells it: `main`
/// is the default schema.
pub fn normalize_table_name(name: &mut crate::schema::QualifiedName) {
    if is_main(&name.schema) {
        name.schema = None;
    }
}

fn is_main(schema: &Option<String>) -> bool {
    schema
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case("main"))
}

fn normalize_table(t: &mut Table) {
    if is_main(&t.schema) {
        t.schema = None;
    }
    t.comment = None;
    for c in &mut t.columns {
        c.data_type = canonical_type(&c.data_type);
        c.default = c.default.as_deref().and_then(canonical_default);
        c.collation = c
            .collation
            .as_deref()
            .and_then(canonical_collation)
            .map(String::into_boxed_str);
        c.comment = None;
        // SQLite's AUTOINCREMENT takes no start or step (its counter lives
        // in sqlite_sequence), so no identity options are written.
        c.identity_options = None;
    }
    if t.without_rowid
        && let Some(pk) = &t.primary_key
    {
        // "NOT NULL is enforced on every column of the PRIMARY KEY in a
        // WITHOUT ROWID table" (https://sqlite.org/withoutrowid.html), and
        // the pragma says so whether or not it was written.
        for c in &mut t.columns {
            if pk.columns.iter().any(|k| k.eq_ignore_ascii_case(&c.name)) {
                c.nullable = false;
            }
        }
    }
    if let Some(alias) = rowid_alias(t).map(str::to_string)
        && let Some(c) = t.columns.iter_mut().find(|c| c.name == alias)
    {
        // An INTEGER PRIMARY KEY is the rowid: it can never hold NULL, although
        // pragma table_info reports it nullable unless NOT NULL was written
        // (https://sqlite.org/lang_createtable.html#rowid).
        c.nullable = false;
        // It numbers rows by itself; an identity of the SQL standard kind adds nothing.
        if matches!(c.identity, Some(Identity::Always | Identity::ByDefault)) {
            c.identity = None;
        }
    }
    normalize_key_columns(t);
    drop_redundant_uniques(t);
    for fk in &mut t.foreign_keys {
        if is_main(&fk.ref_schema) {
            fk.ref_schema = None;
        }
        // Only DEFERRABLE INITIALLY DEFERRED defers a key; every other form
        // is immediate, and no statement defers one key alone
        // (https://sqlite.org/foreignkeys.html, section 4.2).
        if fk.deferrable == Deferrable::InitiallyImmediate {
            fk.deferrable = Deferrable::No;
        }
    }
    for p in t.indexes.iter_mut().flat_map(|i| &mut i.parts) {
        // NULL sorts lowest (https://sqlite.org/lang_select.html#orderby):
        // first ascending, last descending. A clause saying so is dropped
        // (SQLite accepts none in an index); another is left for rendering
        // to refuse.
        p.nulls_first = p.nulls_first.filter(|&first| first == p.descending);
    }
    // Both sides' expressions went through sqlparser's printer; what is left
    // to differ is parentheses around the whole, double-quoted strings and
    // the case of names, which SQLite ignores (see `expr.rs`).
    let names: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
    let expression = |text: &str| canonical_expression(text, &names);
    for k in &mut t.checks {
        k.expression = expression(&k.expression);
    }
    for i in &mut t.indexes {
        for p in i.parts.iter_mut().filter(|p| p.expression) {
            p.value = expression(&p.value);
            // `((a))` indexes the column a: SQLite keeps no parentheses.
            if let Some(column) = lone_column(&p.value, |n| {
                names
                    .iter()
                    .find(|c| c.eq_ignore_ascii_case(n))
                    .map(String::as_str)
            }) {
                p.value = column.to_string();
                p.expression = false;
            }
        }
        i.predicate = i.predicate.as_deref().map(expression);
    }
    for g in t.columns.iter_mut().filter_map(|c| c.generated.as_mut()) {
        g.expression = expression(&g.expression);
    }
    t.triggers.sort_by(|a, b| a.name.cmp(&b.name));
}

/// An expression of a table with these columns in canonical spelling: no
/// parentheses around the whole, double-quoted strings as the literals
/// SQLite reads them as, case folded.
fn canonical_expression(text: &str, columns: &[String]) -> String {
    let is_column = |n: &str| {
        columns.iter().any(|c| c.eq_ignore_ascii_case(n))
            // The rowid's names resolve too (a WITHOUT ROWID table has none,
            // but then SQLite refuses the name either way).
            || ["rowid", "oid", "_rowid_"].iter().any(|r| r.eq_ignore_ascii_case(n))
    };
    fold_case(&double_quoted_strings(
        &without_outer_parens(text),
        is_column,
    ))
}

/// The collation and order a primary key or unique constraint gives its
/// columns, in canonical spelling: the collation as [`collation_key`]
/// spells it, and none where it is the column's own (the key compares with
/// it either way); an empty list when no column says anything. The rowid
/// alias has no index to collate or order.
fn normalize_key_columns(t: &mut Table) {
    let alias = rowid_alias(t).is_some();
    let columns = &t.columns;
    let normalize = |names: &[String], options: &mut Vec<KeyColumn>| {
        if options.is_empty() {
            return;
        }
        options.resize(names.len(), KeyColumn::default());
        for (name, o) in names.iter().zip(options.iter_mut()) {
            let own = columns
                .iter()
                .find(|c| c.name.eq_ignore_ascii_case(name))
                .and_then(|c| c.collation.as_deref());
            o.collation = o
                .collation
                .take()
                .map(|k| collation_key(Some(&k)))
                .filter(|k| *k != collation_key(own));
        }
        if options.iter().all(KeyColumn::is_plain) {
            options.clear();
        }
    };
    if let Some(pk) = &mut t.primary_key {
        if alias {
            pk.column_options.clear();
        }
        normalize(&pk.columns, &mut pk.column_options);
    }
    for u in &mut t.uniques {
        normalize(&u.columns, &mut u.column_options);
    }
}

/// The keywords an expression is written with, which cannot name a column
/// unquoted (<https://sqlite.org/lang_keywords.html>, the expression grammar
/// of <https://sqlite.org/lang_expr.html>).
const EXPRESSION_KEYWORDS: &[&str] = &[
    "AND",
    "AS",
    "ASC",
    "BETWEEN",
    "CASE",
    "CAST",
    "COLLATE",
    "CURRENT_DATE",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "DESC",
    "DISTINCT",
    "ELSE",
    "END",
    "ESCAPE",
    "EXISTS",
    "FALSE",
    "FROM",
    "GLOB",
    "IN",
    "IS",
    "ISNULL",
    "LIKE",
    "MATCH",
    "NOT",
    "NOTNULL",
    "NULL",
    "OR",
    "REGEXP",
    "SELECT",
    "THEN",
    "TRUE",
    "WHEN",
    "WHERE",
];

/// An expression with the case SQLite ignores made uniform: keywords in upper
/// case, function names and other bare words (columns, collations) in lower
/// case, a
/// quoted name that needs no quotes unquoted and folded the same way
/// (SQLite matches names case-insensitively, quoted or not). String
/// literals, blobs and numbers are kept.
pub fn fold_case(text: &str) -> String {
    let is_keyword = |w: &str| EXPRESSION_KEYWORDS.contains(&w.to_ascii_uppercase().as_str());
    let fold = |w: &str| {
        if is_keyword(w) {
            w.to_ascii_uppercase()
        } else {
            w.to_lowercase()
        }
    };
    use super::lower::{Name, map_names};
    map_names(text, |name| match name {
        // A quoted name that reads the same bare (not a keyword, plain
        // characters) is written bare.
        Name::Quoted { name: inner, .. } => {
            (super::render::quote_if_needed(inner) == inner).then(|| inner.to_lowercase())
        }
        Name::Bare { word, after } => {
            // A number (or a blob's X before its quote) keeps its spelling.
            let literal = word.starts_with(|c: char| c.is_ascii_digit())
                || (word.eq_ignore_ascii_case("x") && after.first() == Some(&'\''));
            // A call: sqlparser prints a function's parenthesis right after
            // its name (`abs(x)`), a keyword's after a space (`IN (...)`).
            let call = after.first() == Some(&'(');
            if literal {
                None
            } else if call {
                Some(word.to_lowercase())
            } else {
                Some(fold(word))
            }
        }
    })
}

/// SQLite builds no index for a UNIQUE constraint on the same columns as the
/// primary key's index or an earlier UNIQUE's (`UNIQUE (uuid)` beside `uuid
/// TEXT PRIMARY KEY`): the key is already enforced, and nothing of the
/// constraint is left for introspection to find. So it is dropped, as SQLite
/// drops it. A rowid alias has no index: a UNIQUE on it gets its own.
/// The collations count, the order does not: SQLite compares the column
/// and collation of each part (`sqlite3CreateIndex` in its build.c), so
/// `UNIQUE (a COLLATE NOCASE)` beside `a TEXT PRIMARY KEY` gets an index.
fn drop_redundant_uniques(t: &mut Table) {
    let columns = &t.columns;
    let key = |names: &[String], options: &[KeyColumn]| -> Vec<(String, String)> {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let own = columns
                    .iter()
                    .find(|c| c.name.eq_ignore_ascii_case(n))
                    .and_then(|c| c.collation.as_deref());
                let collation = options
                    .get(i)
                    .and_then(|o| o.collation.as_deref())
                    .map_or_else(|| collation_key(own), |k| collation_key(Some(k)));
                (n.to_ascii_lowercase(), collation)
            })
            .collect()
    };
    let mut indexed: Vec<Vec<(String, String)>> = Vec::new();
    if rowid_alias(t).is_none()
        && let Some(pk) = &t.primary_key
    {
        indexed.push(key(&pk.columns, &pk.column_options));
    }
    t.uniques.retain(|u| {
        let k = key(&u.columns, &u.column_options);
        if indexed.contains(&k) {
            return false;
        }
        indexed.push(k);
        true
    });
}

/// The column that aliases the rowid: the only primary-key column, declared
/// exactly `INTEGER` (<https://sqlite.org/lang_createtable.html#rowid>).
pub fn rowid_alias(t: &Table) -> Option<&str> {
    // A WITHOUT ROWID table has no rowid to alias.
    if t.without_rowid {
        return None;
    }
    let pk = t.primary_key.as_ref()?;
    let [name] = pk.columns.as_slice() else {
        return None;
    };
    let c = t
        .columns
        .iter()
        .find(|c| c.name.eq_ignore_ascii_case(name))?;
    canonical_type(&c.data_type)
        .eq("INTEGER")
        .then_some(c.name.as_str())
}

/// A declared type in canonical spelling: upper case, single spaces, no space
/// before `(` or around `,` and inside the parentheses (`NUMERIC(10,2)`).
pub fn canonical_type(declared: &str) -> String {
    let upper = declared.to_ascii_uppercase();
    let words = upper.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(words.len());
    for ch in words.chars() {
        match ch {
            '(' | ')' | ',' => {
                while out.ends_with(' ') {
                    out.pop();
                }
                out.push(ch);
            }
            ' ' if out.ends_with(['(', ',']) => {}
            _ => out.push(ch),
        }
    }
    out
}

/// A collation in canonical spelling: unquoted, upper case (SQLite matches
/// collation names regardless of case); `BINARY`, the default, is none
/// (<https://sqlite.org/datatype3.html#collation>).
pub fn canonical_collation(name: &str) -> Option<String> {
    let name = name.trim();
    let unquoted = ['"', '`', '\'']
        .iter()
        .find_map(|q| name.strip_prefix(*q).and_then(|n| n.strip_suffix(*q)))
        .unwrap_or(name);
    let upper = unquoted.to_ascii_uppercase();
    (upper != "BINARY").then_some(upper)
}

/// A collation as SQLite tells collations apart: unquoted, upper case, and
/// `BINARY` for none, the default (<https://sqlite.org/datatype3.html#collation>).
pub fn collation_key(name: Option<&str>) -> String {
    name.and_then(canonical_collation)
        .unwrap_or_else(|| "BINARY".to_string())
}

/// Keywords that SQLite accepts as a whole default and that compare regardless of case.
const DEFAULT_KEYWORDS: [&str; 6] = [
    "CURRENT_TIMESTAMP",
    "CURRENT_DATE",
    "CURRENT_TIME",
    "TRUE",
    "FALSE",
    "NULL",
];

/// A default in canonical spelling: outer parentheses removed (SQLite requires
/// them around an expression default and pragma table_info drops them), runs of
/// spaces outside literals collapsed, keywords in upper case; `NULL` is no default.
pub fn canonical_default(text: &str) -> Option<String> {
    let mut t = collapse_spaces(text.trim());
    while let Some(inner) = strip_outer_parens(&t) {
        t = inner.trim().to_string();
    }
    if let Some(k) = DEFAULT_KEYWORDS.iter().find(|k| k.eq_ignore_ascii_case(&t)) {
        t = k.to_string();
    }
    // `DEFAULT "dq"`, `DEFAULT bareword` (also `[w]`, `` `w` ``): a name
    // where no column can be named is SQLite's string literal: its grammar
    // takes `DEFAULT id` as the string of the name, TRUE and FALSE excepted
    // (`ccons ::= DEFAULT scantok id` in SQLite's parse.y;
    // https://sqlite.org/quirks.html, section 8). Written as the string it
    // stores, it is also valid where it is rendered, while `DEFAULT (bareword)`
    // is an expression naming a column, which SQLite refuses.
    if let Some(word) = default_name(&t) {
        t = format!("'{}'", word.replace('\'', "''"));
    }
    (t != "NULL" && !t.is_empty()).then_some(t)
}

/// The name a whole default is, as SQLite reads it (unquoted), when it is
/// one: a double-quoted, bracketed or backquoted name, or a bare word that
/// is not one of the [`DEFAULT_KEYWORDS`]. Numbers are not names.
fn default_name(t: &str) -> Option<String> {
    let quoted = |open: char, close: char| {
        let body = t.strip_prefix(open)?.strip_suffix(close)?;
        let doubled = format!("{close}{close}");
        if open == '[' {
            // Nothing escapes a `]` between brackets.
            return (!body.contains(']')).then(|| body.to_string());
        }
        (!body.replace(&doubled, "").contains(close))
            .then(|| body.replace(&doubled, &close.to_string()))
    };
    let bare = t.starts_with(|c: char| c.is_alphabetic() || c == '_')
        && t.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
        && !DEFAULT_KEYWORDS.contains(&t);
    quoted('"', '"')
        .or_else(|| quoted('`', '`'))
        .or_else(|| quoted('[', ']'))
        .or_else(|| bare.then(|| t.to_string()))
}

/// Whether a default is a literal SQLite can store without evaluating an
/// expression: a number, string, blob, `NULL`, `TRUE` or `FALSE`
/// (<https://sqlite.org/lang_createtable.html>, "The DEFAULT clause").
pub fn is_literal(default: &str) -> bool {
    let t = default.trim();
    let number = t.strip_prefix(['-', '+']).unwrap_or(t);
    let is_number = !number.is_empty()
        && number.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && number
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '+' || c == '-');
    let is_string = |s: &str| s.len() >= 2 && s.starts_with('\'') && single_literal(s);
    is_number
        || is_string(t)
        || (t.len() > 1 && (t.starts_with('x') || t.starts_with('X')) && is_string(&t[1..]))
        || ["NULL", "TRUE", "FALSE"]
            .iter()
            .any(|k| k.eq_ignore_ascii_case(t))
}

/// Whether `s` (starting with `'`) is exactly one string literal.
fn single_literal(s: &str) -> bool {
    let body = &s[1..];
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\'' {
            if chars.peek().map(|(_, n)| *n) == Some('\'') {
                chars.next();
            } else {
                return i == body.len() - 1;
            }
        }
    }
    false
}

/// Collapses whitespace runs outside quotes to one space.
fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    for ch in text.chars() {
        match quote {
            Some(q) => {
                out.push(ch);
                if ch == q {
                    quote = None;
                }
            }
            None if ch.is_whitespace() => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            None => {
                if matches!(ch, '\'' | '"' | '`') {
                    quote = Some(ch);
                } else if ch == '[' {
                    quote = Some(']');
                }
                out.push(ch);
            }
        }
    }
    out
}

/// `inner` when `text` is `( inner )` with the first parenthesis closing at the
/// very end (quotes respected), so `(a) + (b)` is left alone.
pub fn strip_outer_parens(text: &str) -> Option<String> {
    if !text.starts_with('(') || !text.ends_with(')') {
        return None;
    }
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, ch) in text.char_indices() {
        match quote {
            Some(q) if ch == q => quote = None,
            Some(_) => {}
            None => match ch {
                '\'' | '"' | '`' => quote = Some(ch),
                '[' => quote = Some(']'),
                '(' => depth += 1,
                ')' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return (i == text.len() - 1).then(|| text[1..i].to_string());
                    }
                }
                _ => {}
            },
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{ForeignKey, PrimaryKey};

    #[test]
    fn types_are_spelled_one_way() {
        assert_eq!(canonical_type("varchar (20)"), "VARCHAR(20)");
        assert_eq!(canonical_type(" numeric( 10 , 2 ) "), "NUMERIC(10,2)");
        assert_eq!(canonical_type("double   precision"), "DOUBLE PRECISION");
        assert_eq!(canonical_type("int"), "INT");
        assert_eq!(canonical_type(""), "");
    }

    #[test]
    fn collations_are_spelled_one_way() {
        assert_eq!(canonical_collation("nocase").as_deref(), Some("NOCASE"));
        assert_eq!(canonical_collation("\"RTrim\"").as_deref(), Some("RTRIM"));
        assert_eq!(canonical_collation("binary"), None);
    }

    #[test]
    fn defaults_are_spelled_one_way() {
        assert_eq!(canonical_default("(1 + 2)").as_deref(), Some("1 + 2"));
        assert_eq!(canonical_default("((0))").as_deref(), Some("0"));
        assert_eq!(canonical_default("(a) + (b)").as_deref(), Some("(a) + (b)"));
        assert_eq!(
            canonical_default("current_timestamp").as_deref(),
            Some("CURRENT_TIMESTAMP")
        );
        assert_eq!(canonical_default("'a  (b'").as_deref(), Some("'a  (b'"));
        assert_eq!(canonical_default("null"), None);
        assert_eq!(canonical_default("(NULL)"), None);
    }

    #[test]
    fn literals_are_recognized() {
        for lit in [
            "0", "-1", "+2.5", "1e10", "'draft'", "'it''s'", "X'00ff'", "NULL", "true",
        ] {
            assert!(is_literal(lit), "{lit}");
        }
        for expr in [
            "1 + 2",
            "CURRENT_TIMESTAMP",
            "datetime('now')",
            "'a' || 'b'",
            "abc",
        ] {
            assert!(!is_literal(expr), "{expr}");
        }
    }

    #[test]
    fn affinity_follows_the_documented_rules() {
        assert_eq!(affinity("BIGINT"), Affinity::Integer);
        assert_eq!(affinity("VARCHAR(20)"), Affinity::Text);
        assert_eq!(affinity(""), Affinity::Blob);
        assert_eq!(affinity("DOUBLE PRECISION"), Affinity::Real);
        assert_eq!(affinity("DECIMAL(10,2)"), Affinity::Numeric);
        // "CHARINT" contains INT first: the rules apply in order.
        assert_eq!(affinity("CHARINT"), Affinity::Integer);
        let c = |t: &str| Column::new("a", t);
        assert!(COMPARE.is_narrowing(&c("TEXT"), &c("INTEGER")));
        assert!(!COMPARE.is_narrowing(&c("VARCHAR(200)"), &c("VARCHAR(20)")));
        assert!(!COMPARE.is_narrowing(&c("INTEGER"), &c("BLOB")));
        assert!(!COMPARE.is_narrowing(&c("INTEGER"), &c("BOOLEAN")));
        assert!(!COMPARE.is_narrowing(&c("BOOLEAN"), &c("INTEGER")));
        assert!(COMPARE.is_narrowing(&c("INTEGER"), &c("REAL")));
        assert!(COMPARE.is_narrowing(&c("VARCHAR(5)"), &c("INTEGER")));
    }

    #[test]
    fn normalize_agrees_on_the_rowid_alias_and_drops_comments() {
        let mut t = Table::new("t");
        t.schema = Some("main".into());
        t.comment = Some("c".into());
        t.columns = vec![Column::new("id", "integer"), Column::new("n", "text")];
        t.columns[1].comment = Some("x".into());
        t.primary_key = Some(PrimaryKey {
            name: None,
            columns: vec!["ID".into()],
            column_options: Vec::new(),
            deferrable: Default::default(),
        });
        let mut child = Table::new("c");
        child.foreign_keys = vec![ForeignKey {
            columns: vec!["t_id".into()],
            ref_table: "T".into(),
            ..Default::default()
        }];
        let mut s = Schema {
            tables: vec![t, child],
            ..Default::default()
        };
        normalize(&mut s, Side::Model);
        let t = &s.tables[1];
        assert_eq!(t.schema, None);
        assert_eq!(t.comment, None);
        assert!(!t.columns[0].nullable);
        assert_eq!(t.columns[0].data_type, "INTEGER");
        assert!(t.columns[1].nullable);
        assert_eq!(t.columns[1].comment, None);
        assert_eq!(s.tables[0].foreign_keys[0].ref_columns, vec!["ID"]);
    }

    #[test]
    fn a_nulls_clause_stating_the_default_order_is_dropped() {
        use crate::schema::{Index, IndexPart};
        let part = |descending, nulls_first| IndexPart {
            descending,
            nulls_first: Some(nulls_first),
            ..IndexPart::column("a")
        };
        let mut t = Table::new("t");
        t.indexes = vec![Index {
            parts: vec![part(false, true), part(true, false), part(true, true)],
            ..Default::default()
        }];
        let mut s = Schema {
            tables: vec![t],
            ..Default::default()
        };
        normalize(&mut s, Side::Model);
        let nulls: Vec<_> = s.tables[0].indexes[0]
            .parts
            .iter()
            .map(|p| p.nulls_first)
            .collect();
        // DESC NULLS FIRST is not SQLite's order: kept, for rendering to refuse.
        assert_eq!(nulls, [None, None, Some(true)]);
        assert!(s.tables[0].indexes[0].postgres_only().is_some());
    }

    #[test]
    fn expressions_fold_the_case_sqlite_ignores() {
        assert_eq!(
            fold_case("ABS(X) > 0 AND \"S\" COLLATE NoCase = 'MiXed'"),
            "abs(x) > 0 AND s COLLATE nocase = 'MiXed'"
        );
        assert_eq!(
            fold_case("abs(x) > 0 and s collate NOCASE = 'MiXed'"),
            "abs(x) > 0 AND s COLLATE nocase = 'MiXed'"
        );
        // Quotes that are needed stay, and so does a blob or number.
        assert_eq!(
            fold_case("\"user group\" = X'0A' OR \"order\" > 1E5"),
            "\"user group\" = X'0A' OR \"order\" > 1E5"
        );
    }

    #[test]
    fn a_double_quoted_default_is_the_string_sqlite_stores() {
        assert_eq!(canonical_default("\"dq\"").as_deref(), Some("'dq'"));
        assert_eq!(canonical_default("(\"it's\")").as_deref(), Some("'it''s'"));
        assert_eq!(canonical_default("'x'").as_deref(), Some("'x'"));
    }

    #[test]
    fn a_bare_word_default_is_the_string_sqlite_stores() {
        assert_eq!(canonical_default("bareword").as_deref(), Some("'bareword'"));
        assert_eq!(canonical_default("Bare_W2").as_deref(), Some("'Bare_W2'"));
        assert_eq!(canonical_default("[br]").as_deref(), Some("'br'"));
        assert_eq!(canonical_default("`b``t`").as_deref(), Some("'b`t'"));
        // Keywords keep their meaning; numbers and expressions are no names.
        for kept in [
            "CURRENT_TIMESTAMP",
            "CURRENT_DATE",
            "CURRENT_TIME",
            "TRUE",
            "FALSE",
        ] {
            assert_eq!(
                canonical_default(&kept.to_lowercase()).as_deref(),
                Some(kept)
            );
        }
        assert_eq!(canonical_default("null"), None);
        for other in ["0x10", "1e5", "abs(x)", "a || b", "X'10'"] {
            assert_eq!(canonical_default(other).as_deref(), Some(other));
        }
    }

    fn keyed(collation: Option<&str>, descending: bool) -> KeyColumn {
        KeyColumn {
            collation: collation.map(str::to_string),
            descending,
        }
    }

    #[test]
    fn a_key_keeps_only_what_its_columns_do_not_say_already() {
        use crate::schema::Unique;
        let mut t = Table::new("t");
        t.columns = vec![
            Column::new("id", "TEXT"),
            Column {
                collation: Some("nocase".into()),
                ..Column::new("a", "TEXT")
            },
            Column::new("b", "TEXT"),
        ];
        t.primary_key = Some(PrimaryKey {
            columns: vec!["id".into()],
            column_options: vec![keyed(Some("\"NoCase\""), true)],
            ..Default::default()
        });
        t.uniques = vec![
            // The column's own collation, ascending: nothing to say.
            Unique {
                columns: vec!["A".into()],
                column_options: vec![keyed(Some("NOCASE"), false)],
                ..Default::default()
            },
            // BINARY on a NOCASE column is a collation of its own.
            Unique {
                columns: vec!["a".into(), "b".into()],
                column_options: vec![keyed(Some("binary"), false), keyed(Some("binary"), false)],
                ..Default::default()
            },
        ];
        let mut s = Schema {
            tables: vec![t],
            ..Default::default()
        };
        normalize(&mut s, Side::Model);
        let t = &s.tables[0];
        assert_eq!(
            t.primary_key.as_ref().unwrap().column_options,
            [keyed(Some("NOCASE"), true)]
        );
        let options: Vec<_> = t.uniques.iter().map(|u| u.column_options.clone()).collect();
        assert_eq!(
            options,
            [
                vec![],
                vec![keyed(Some("BINARY"), false), keyed(None, false)]
            ]
        );
    }

    #[test]
    fn the_rowid_alias_has_no_index_to_collate_or_order() {
        let mut t = Table::new("t");
        t.columns = vec![Column::new("id", "INTEGER")];
        t.primary_key = Some(PrimaryKey {
            columns: vec!["id".into()],
            column_options: vec![keyed(None, true)],
            ..Default::default()
        });
        let mut without_rowid = t.clone();
        without_rowid.name = "w".into();
        without_rowid.without_rowid = true;
        let mut s = Schema {
            tables: vec![t, without_rowid],
            ..Default::default()
        };
        normalize(&mut s, Side::Database);
        let options = |i: usize| s.tables[i].primary_key.clone().unwrap().column_options;
        assert_eq!(options(0), []);
        assert_eq!(options(1), [keyed(None, true)]);
    }

    #[test]
    fn a_unique_with_another_collation_than_the_primary_key_is_kept() {
        use crate::schema::Unique;
        let mut t = Table::new("t");
        t.columns = vec![Column::new("name", "TEXT")];
        t.primary_key = Some(PrimaryKey::new(&["name"]));
        let unique = |options: Vec<KeyColumn>| Unique {
            columns: vec!["name".into()],
            column_options: options,
            ..Default::default()
        };
        // DESC alone makes no other index (SQLite compares columns and
        // collations); NOCASE does.
        t.uniques = vec![
            unique(vec![keyed(None, true)]),
            unique(vec![keyed(Some("NOCASE"), false)]),
        ];
        let mut s = Schema {
            tables: vec![t],
            ..Default::default()
        };
        normalize(&mut s, Side::Database);
        let kept: Vec<_> = s.tables[0]
            .uniques
            .iter()
            .map(|u| u.column_options.clone())
            .collect();
        assert_eq!(kept, [vec![keyed(Some("NOCASE"), false)]]);
    }

    #[test]
    fn expressions_lose_outer_parentheses_and_double_quoted_strings() {
        use crate::schema::{Check, Generated, Index, IndexPart};
        let mut t = Table::new("t");
        t.columns = vec![
            Column::new("kind", "TEXT"),
            Column {
                generated: Some(Box::new(Generated {
                    expression: "(kind || \"-x\")".into(),
                    stored: false,
                })),
                ..Column::new("tag", "TEXT")
            },
            Column::new("c", "INT"),
        ];
        t.checks = vec![Check {
            name: None,
            expression: "(\"Kind\" <> \"Legacy\")".into(),
        }];
        let expr = |v: &str| IndexPart {
            value: v.into(),
            expression: true,
            ..IndexPart::column("")
        };
        t.indexes = vec![Index {
            name: Some("ix".into()),
            parts: vec![
                expr("((c * 2))"),
                expr("(\"C\")"),
                expr("coalesce(kind, \"none\")"),
            ],
            predicate: Some("(kind = \"Active\")".into()),
            ..Default::default()
        }];
        let mut s = Schema {
            tables: vec![t],
            ..Default::default()
        };
        normalize(&mut s, Side::Database);
        let t = &s.tables[0];
        assert_eq!(t.checks[0].expression, "kind <> 'Legacy'");
        assert_eq!(
            t.columns[1].generated.as_ref().unwrap().expression,
            "kind || '-x'"
        );
        let i = &t.indexes[0];
        let parts: Vec<_> = i
            .parts
            .iter()
            .map(|p| (p.value.as_str(), p.expression))
            .collect();
        assert_eq!(
            parts,
            [
                ("c * 2", true),
                ("c", false),
                ("coalesce(kind, 'none')", true)
            ]
        );
        assert_eq!(i.predicate.as_deref(), Some("kind = 'Active'"));
    }
}
