//! SQLite column types that sqlparser cannot read, read anyway.
//!
//! SQLite takes any run of names, optionally followed by one or two signed
//! numbers in parentheses, as a column's type, and derives only an affinity
//! from it (<https://sqlite.org/datatype3.html>, section 3.1, whose own
//! examples include `UNSIGNED BIG INT`, `VARYING CHARACTER(255)`, `NATIVE
//! CHARACTER(70)`; <https://sqlite.org/lang_createtable.html>, "type-name").
//! sqlparser knows a fixed list of types and fails on the rest, which made one
//! such column stop the reading of every model file or live table.
//!
//! When a `CREATE TABLE` or `ALTER TABLE ... ADD COLUMN` fails to parse, it is
//! parsed again with each type sqlparser cannot read on its own replaced by a
//! placeholder name it can (an unknown name is a custom type), and the
//! original type text is put back into the parsed columns. Statements that
//! parse as they are never come here, so the types sqlparser reads keep the
//! spelling it prints.
//!
//! Used by the models reader and by SQLite introspection, which parses the
//! stored CREATE statements (see `dialect/sqlite/introspect.rs`).

use sqlparser::ast::{AlterTableOperation, ColumnDef, DataType, Ident, ObjectName, Statement};
use sqlparser::dialect::SQLiteDialect;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

/// Words that end a column's type: the column constraints that can follow it
/// (<https://sqlite.org/syntax/column-constraint.html>).
const AFTER_TYPE: [&str; 11] = [
    "CONSTRAINT",
    "PRIMARY",
    "NOT",
    "NULL",
    "UNIQUE",
    "CHECK",
    "DEFAULT",
    "COLLATE",
    "REFERENCES",
    "GENERATED",
    "AS",
];

/// Words that open a table constraint rather than a column definition.
const TABLE_CONSTRAINT: [&str; 5] = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"];

/// Parses `sql` again with the column types sqlparser cannot read replaced by
/// placeholders, then puts the types back into the parsed statements. `None`
/// when `sql` has no such type (the first parse failed for another reason).
pub fn reparse_with_sqlite_types(sql: &str) -> Option<Result<Vec<Statement>, ParserError>> {
    let (text, types) = with_placeholders(sql)?;
    Some(
        super::sqlite_grammar::parse_sqlite(&text).map(|mut statements| {
            for s in &mut statements {
                restore(s, &types);
            }
            statements
        }),
    )
}

/// The placeholder for the `i`th replaced type: one name, which sqlparser
/// reads as a custom type, and which no real type is called.
fn placeholder(i: usize) -> String {
    format!("revise_sqlite_type_{i}")
}

/// `sql` with the unreadable types replaced, and those types' text in order.
fn with_placeholders(sql: &str) -> Option<(String, Vec<String>)> {
    let tokens = scan(sql);
    let mut out = String::with_capacity(sql.len());
    let mut types = Vec::new();
    let mut copied = 0;
    for span in column_types(sql, &tokens) {
        let text = type_text(sql, &tokens[span.clone()]);
        if readable(&text) {
            continue;
        }
        let (start, end) = (tokens[span.start].start, tokens[span.end - 1].end);
        out.push_str(&sql[copied..start]);
        out.push_str(&placeholder(types.len()));
        copied = end;
        types.push(text);
    }
    if types.is_empty() {
        return None;
    }
    out.push_str(&sql[copied..]);
    Some((out, types))
}

/// Whether sqlparser reads `text` as one whole type.
fn readable(text: &str) -> bool {
    let dialect = SQLiteDialect {};
    let Ok(mut parser) = Parser::new(&dialect).try_with_sql(text) else {
        return false;
    };
    parser.parse_data_type().is_ok() && parser.peek_token().token == Token::EOF
}

/// The type as written: its words one space apart, the parenthesized sizes
/// as they stand (normalization folds case and spacing later).
fn type_text(sql: &str, tokens: &[Tok]) -> String {
    let mut text = String::new();
    match tokens.iter().position(|t| t.kind == Kind::Open) {
        Some(open) => {
            text.push_str(&words(sql, &tokens[..open]));
            text.push_str(&sql[tokens[open].start..tokens[tokens.len() - 1].end]);
        }
        None => text.push_str(&words(sql, tokens)),
    }
    text
}

fn words(sql: &str, tokens: &[Tok]) -> String {
    tokens
        .iter()
        .map(|t| &sql[t.start..t.end])
        .collect::<Vec<_>>()
        .join(" ")
}

/// Puts the original types back where the placeholders were parsed.
fn restore(statement: &mut Statement, types: &[String]) {
    let columns: Vec<&mut ColumnDef> = match statement {
        Statement::CreateTable(create) => create.columns.iter_mut().collect(),
        Statement::AlterTable(alter) => alter
            .operations
            .iter_mut()
            .filter_map(|op| match op {
                AlterTableOperation::AddColumn { column_def, .. } => Some(column_def),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    for column in columns {
        let DataType::Custom(name, modifiers) = &column.data_type else {
            continue;
        };
        let written = name.to_string();
        let found = (0..types.len()).find(|&i| placeholder(i).eq_ignore_ascii_case(&written));
        if let (Some(i), true) = (found, modifiers.is_empty()) {
            // An unquoted identifier prints its text as it is, spaces and
            // parentheses included: the type reads as it was written.
            column.data_type =
                DataType::Custom(ObjectName::from(vec![Ident::new(&types[i])]), vec![]);
        }
    }
}

/// A token kind, as far as finding column types needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An unquoted name or keyword.
    Word,
    /// A quoted name: `"..."`, `` `...` `` or `[...]`.
    Quoted,
    /// A string, number, operator or other punctuation.
    Other,
    Open,
    Close,
    Comma,
}

#[derive(Debug, Clone)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
}

/// SQLite's tokens, without whitespace and comments
/// (<https://sqlite.org/lang_keywords.html> for the quoting forms).
fn scan(sql: &str) -> Vec<Tok> {
    let bytes = sql.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80;
    while i < bytes.len() {
        let start = i;
        let b = bytes[i];
        let kind = match b {
            _ if b.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = sql[i..].find('\n').map_or(bytes.len(), |n| i + n + 1);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = sql[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |n| i + 2 + n + 2);
                continue;
            }
            b'\'' | b'"' | b'`' | b'[' => {
                let close = if b == b'[' { b']' } else { b };
                i += 1;
                loop {
                    match bytes.get(i) {
                        None => break,
                        // A doubled quote is one quote character inside.
                        Some(&c) if c == close && close != b']' && bytes.get(i + 1) == Some(&c) => {
                            i += 2
                        }
                        Some(&c) if c == close => {
                            i += 1;
                            break;
                        }
                        Some(_) => i += 1,
                    }
                }
                if b == b'\'' {
                    Kind::Other
                } else {
                    Kind::Quoted
                }
            }
            b'(' => {
                i += 1;
                Kind::Open
            }
            b')' => {
                i += 1;
                Kind::Close
            }
            b',' => {
                i += 1;
                Kind::Comma
            }
            _ if word(b) => {
                while i < bytes.len() && word(bytes[i]) {
                    i += 1;
                }
                // A number is not a name (its digits and letters, as in 1e5, are one token).
                if b.is_ascii_digit() {
                    Kind::Other
                } else {
                    Kind::Word
                }
            }
            _ => {
                i += 1;
                while i < bytes.len() && !sql.is_char_boundary(i) {
                    i += 1;
                }
                Kind::Other
            }
        };
        tokens.push(Tok {
            kind,
            start,
            end: i,
        });
    }
    tokens
}

fn is(sql: &str, t: &Tok, word: &str) -> bool {
    t.kind == Kind::Word && sql[t.start..t.end].eq_ignore_ascii_case(word)
}

/// The token ranges of the column types of a `CREATE TABLE (...)` or an
/// `ALTER TABLE ... ADD [COLUMN]` statement; none for any other statement.
fn column_types(sql: &str, tokens: &[Tok]) -> Vec<std::ops::Range<usize>> {
    let first = |w: &str| tokens.first().is_some_and(|t| is(sql, t, w));
    if first("CREATE") {
        // The column list is the first parenthesis; `AS SELECT` before it means there is none.
        let Some(open) = tokens
            .iter()
            .position(|t| t.kind == Kind::Open || is(sql, t, "AS"))
        else {
            return Vec::new();
        };
        if tokens[open].kind != Kind::Open || !tokens[..open].iter().any(|t| is(sql, t, "TABLE")) {
            return Vec::new();
        }
        let mut types = Vec::new();
        let mut depth = 0;
        let mut item = open + 1;
        for (i, t) in tokens.iter().enumerate().skip(open) {
            match t.kind {
                Kind::Open => depth += 1,
                Kind::Close | Kind::Comma if depth == 1 => {
                    types.extend(
                        column_type(sql, &tokens[item..i]).map(|r| r.start + item..r.end + item),
                    );
                    item = i + 1;
                    if t.kind == Kind::Close {
                        break;
                    }
                }
                Kind::Close => depth -= 1,
                _ => {}
            }
        }
        types
    } else if first("ALTER") {
        let Some(add) = tokens.iter().position(|t| is(sql, t, "ADD")) else {
            return Vec::new();
        };
        let mut start = add + 1;
        if tokens.get(start).is_some_and(|t| is(sql, t, "COLUMN")) {
            start += 1;
        }
        column_type(sql, &tokens[start..])
            .map(|r| r.start + start..r.end + start)
            .into_iter()
            .collect()
    } else {
        Vec::new()
    }
}

/// The token range of the type in one column definition (name first), if it
/// has one: the names after the column's, up to a constraint, then one
/// parenthesized group.
fn column_type(sql: &str, item: &[Tok]) -> Option<std::ops::Range<usize>> {
    let name = item.first()?;
    if TABLE_CONSTRAINT.iter().any(|w| is(sql, name, w)) {
        return None;
    }
    let mut end = 1;
    while let Some(t) = item.get(end) {
        let a_name = matches!(t.kind, Kind::Word | Kind::Quoted);
        if !a_name || AFTER_TYPE.iter().any(|w| is(sql, t, w)) {
            break;
        }
        end += 1;
    }
    if end == 1 {
        return None;
    }
    if item.get(end).is_some_and(|t| t.kind == Kind::Open) {
        let close = item[end..].iter().position(|t| t.kind == Kind::Close)?;
        end += close + 1;
    }
    Some(1..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types(sql: &str) -> Vec<String> {
        let statements = reparse_with_sqlite_types(sql)
            .expect("something to replace")
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        let Statement::CreateTable(create) = &statements[0] else {
            panic!("{statements:?}")
        };
        create
            .columns
            .iter()
            .map(|c| c.data_type.to_string())
            .collect()
    }

    #[test]
    fn the_datatype_pages_examples_are_read_as_written() {
        assert_eq!(
            types(
                "CREATE TABLE t (a UNSIGNED BIG INT NOT NULL, b big  int, c VARYING CHARACTER (255) DEFAULT 'x', \
                 d NATIVE CHARACTER(70) COLLATE NOCASE, e REAL(5, 2) CHECK (e > 0), f varchar(20), \
                 g INTEGER PRIMARY KEY, h, \"odd, name\" BIG INT REFERENCES p (id), CONSTRAINT u UNIQUE (a, b))"
            ),
            [
                "UNSIGNED BIG INT",
                "big int",
                "VARYING CHARACTER(255)",
                "NATIVE CHARACTER(70)",
                "REAL(5, 2)",
                "VARCHAR(20)",
                "INTEGER",
                "",
                "BIG INT",
            ]
        );
    }

    #[test]
    fn placeholders_leave_everything_else_as_it_was() {
        let (text, found) = with_placeholders(
            "CREATE TABLE t (a BIG INT /* big */ DEFAULT (1), b TEXT DEFAULT 'BIG INT', -- c BIG INT\n c DOUBLE PRECISION)",
        )
        .unwrap();
        assert_eq!(
            text,
            "CREATE TABLE t (a revise_sqlite_type_0 /* big */ DEFAULT (1), b TEXT DEFAULT 'BIG INT', -- c BIG INT\n c DOUBLE PRECISION)"
        );
        assert_eq!(found, ["BIG INT"]);
        let (text, _) =
            with_placeholders("ALTER TABLE t ADD COLUMN n NATIVE CHARACTER(7)").unwrap();
        assert_eq!(text, "ALTER TABLE t ADD COLUMN n revise_sqlite_type_0");
        assert!(with_placeholders("CREATE TABLE t (a INT, b TEXT)").is_none());
        assert!(with_placeholders("CREATE TABLE t AS SELECT 1 AS big").is_none());
        assert!(with_placeholders("CREATE INDEX big ON t (a)").is_none());
    }
}
