//! SQLite grammar sqlparser does not read, mended token by token before parsing.
//!
//! Both readers of SQLite DDL come through here: the models reader (with the
//! splitter's tokens) and introspection, which parses the `CREATE` statements
//! SQLite stores verbatim in `sqlite_master` (through [`parse_sqlite`]). A
//! statement SQLite accepted but sqlparser rejects stops `check` and
//! `autogenerate` for the whole database, so what SQLite's own grammar allows
//! is mended here rather than refused:
//!
//! * hexadecimal integers (`0x10`), see `sqlite_hex.rs`;
//! * table constraints without commas between them: SQLite's grammar
//!   (`parse.y`: `conslist ::= conslist tconscomma tcons` with `tconscomma ::=
//!   COMMA|`, drawn at <https://sqlite.org/syntax/create-table-stmt.html>)
//!   makes the comma optional after the first table constraint, and real
//!   schemas rely on it (Firefox's `moz_places_metadata` ends `... ON DELETE
//!   CASCADE CHECK(place_id != referrer_place_id))`). The comma is put back;
//!   sqlparser's printer writes it anyway, so what revise renders is the usual
//!   spelling;
//! * the postfix operator `ISNULL`, SQLite's `IS NULL`
//!   (<https://sqlite.org/lang_expr.html>, "ISNULL and NOTNULL"; sqlparser reads
//!   `NOTNULL` but not `ISNULL`), which becomes `IS NULL`. ISNULL is a keyword
//!   SQLite never takes as a name unquoted, so the rewrite cannot hit one.
//!
//! Nothing else changes: a statement that parses as written parses to the same
//! tree.

use sqlparser::ast::Statement;
use sqlparser::dialect::SQLiteDialect;
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Span, Token, TokenWithSpan, Tokenizer, Whitespace};

/// Parses SQLite statements, the grammar this module mends (see its
/// documentation) read as SQLite reads it.
pub fn parse_sqlite(sql: &str) -> Result<Vec<Statement>, ParserError> {
    let dialect = SQLiteDialect {};
    let tokens = Tokenizer::new(&dialect, sql).tokenize_with_location()?;
    Parser::new(&dialect)
        .with_tokens_with_locations(mend(sql, tokens))
        .parse_statements()
}

/// `tokens` (of `sql`, positions counted from its start) with SQLite's
/// grammar spelled the way sqlparser reads it.
pub(super) fn mend(sql: &str, tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let tokens = super::sqlite_hex::hex_integers_as_numbers(sql, tokens);
    table_constraint_commas(postfix_isnull(tokens))
}

/// `x ISNULL` as `x IS NULL`.
fn postfix_isnull(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let mut out = Vec::with_capacity(tokens.len());
    for t in tokens {
        match &t.token {
            Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case("ISNULL") => {
                out.push(TokenWithSpan::new(Token::make_keyword("IS"), t.span));
                out.push(TokenWithSpan::new(
                    Token::Whitespace(Whitespace::Space),
                    t.span,
                ));
                out.push(TokenWithSpan::new(Token::make_keyword("NULL"), t.span));
            }
            _ => out.push(t),
        }
    }
    out
}

/// Where the reading of a `CREATE TABLE`'s parenthesized list stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Element {
    /// Before the first token of an element (after `(` or a comma).
    Start,
    /// In a column definition, whose own `CHECK`, `UNIQUE`, `PRIMARY KEY`
    /// and `CONSTRAINT` are column constraints.
    Column,
    /// After a table constraint's `CONSTRAINT`: its name comes next.
    Name,
    /// After `CONSTRAINT name`: the constraint itself comes next.
    Named,
    /// In a table constraint: a word opening another one starts the next.
    Constraint,
}

/// The words that open a table constraint
/// (<https://sqlite.org/syntax/table-constraint.html>).
fn opens_table_constraint(t: &Token) -> bool {
    matches!(t, Token::Word(w) if w.quote_style.is_none() && matches!(
        w.keyword,
        Keyword::CONSTRAINT | Keyword::PRIMARY | Keyword::UNIQUE | Keyword::CHECK | Keyword::FOREIGN
    ))
}

/// A `CREATE [TEMP] TABLE`'s table constraints with a comma between each two
/// (see the module's documentation). Only words at the list's own depth
/// count: a `CHECK` inside an expression's parentheses is no constraint, and
/// after a column definition a `CHECK` or `UNIQUE` belongs to the column (the
/// first table constraint needs its comma in SQLite too).
fn table_constraint_commas(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let Some(open) = column_list(&tokens) else {
        return tokens;
    };
    let mut out = Vec::with_capacity(tokens.len() + 1);
    let mut depth = 0usize;
    let mut element = Element::Start;
    for (i, t) in tokens.into_iter().enumerate() {
        if i <= open || matches!(t.token, Token::Whitespace(_)) {
            depth += usize::from(i == open);
            out.push(t);
            continue;
        }
        match &t.token {
            Token::LParen => depth += 1,
            Token::RParen => depth = depth.saturating_sub(1),
            Token::Comma if depth == 1 => element = Element::Start,
            token if depth == 1 => {
                element = match element {
                    Element::Start | Element::Constraint if opens_table_constraint(token) => {
                        if element == Element::Constraint {
                            let at = Span::new(t.span.start, t.span.start);
                            out.push(TokenWithSpan::new(Token::Comma, at));
                        }
                        match token {
                            Token::Word(w) if w.keyword == Keyword::CONSTRAINT => Element::Name,
                            _ => Element::Constraint,
                        }
                    }
                    Element::Start => Element::Column,
                    Element::Name => Element::Named,
                    Element::Named => Element::Constraint,
                    other => other,
                };
            }
            _ => {}
        }
        out.push(t);
        if depth == 0 {
            // The list is closed; what follows (`WITHOUT ROWID`, `STRICT`)
            // is no element.
            element = Element::Column;
        }
    }
    out
}

/// The position of the `(` opening a `CREATE [TEMP|TEMPORARY] TABLE`'s
/// column list; `None` for any other statement, or `CREATE TABLE ... AS
/// SELECT`.
fn column_list(tokens: &[TokenWithSpan]) -> Option<usize> {
    let mut words = tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| !matches!(t.token, Token::Whitespace(_)));
    let keyword = |t: &Token, k: Keyword| matches!(t, Token::Word(w) if w.keyword == k && w.quote_style.is_none());
    if !words
        .next()
        .is_some_and(|(_, t)| keyword(&t.token, Keyword::CREATE))
    {
        return None;
    }
    let mut table = false;
    for (i, t) in words {
        match &t.token {
            Token::LParen => return table.then_some(i),
            t if keyword(t, Keyword::AS) => return None,
            t if keyword(t, Keyword::TABLE) => table = true,
            // `CREATE VIRTUAL TABLE` takes module arguments, `CREATE INDEX` columns.
            t if !table && !keyword(t, Keyword::TEMP) && !keyword(t, Keyword::TEMPORARY) => {
                return None;
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The statement as sqlparser prints it once mended.
    fn read(sql: &str) -> String {
        let statements = parse_sqlite(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        assert_eq!(statements.len(), 1, "{sql}");
        statements[0].to_string()
    }

    #[test]
    fn table_constraints_without_commas_are_read() {
        assert_eq!(
            read("CREATE TABLE t (a INT, b INT, PRIMARY KEY (a) UNIQUE (b) CHECK (a > 0))"),
            "CREATE TABLE t (a INT, b INT, PRIMARY KEY (a), UNIQUE (b), CHECK (a > 0))"
        );
        // Firefox's moz_places_metadata, shortened.
        assert_eq!(
            read(
                "CREATE TABLE m (id INTEGER PRIMARY KEY, place_id INTEGER NOT NULL, referrer_place_id INTEGER,\n\
                 FOREIGN KEY (place_id) REFERENCES p(id) ON DELETE CASCADE,\n\
                 FOREIGN KEY (referrer_place_id) REFERENCES p(id) ON DELETE CASCADE\n\
                 CHECK(place_id != referrer_place_id)\n)"
            ),
            "CREATE TABLE m (id INTEGER PRIMARY KEY, place_id INTEGER NOT NULL, referrer_place_id INTEGER, \
             FOREIGN KEY (place_id) REFERENCES p(id) ON DELETE CASCADE, \
             FOREIGN KEY (referrer_place_id) REFERENCES p(id) ON DELETE CASCADE, \
             CHECK (place_id <> referrer_place_id))"
        );
        // Named constraints: the name's own CONSTRAINT opens the next one,
        // the word after the name does not.
        assert_eq!(
            read(
                "CREATE TEMP TABLE t (a INT, b INT, CONSTRAINT pk PRIMARY KEY (a) CONSTRAINT u UNIQUE (b) CONSTRAINT c CHECK (b > 0)) WITHOUT ROWID"
            ),
            "CREATE TEMPORARY TABLE t (a INT, b INT, CONSTRAINT pk PRIMARY KEY (a), CONSTRAINT u UNIQUE (b), CONSTRAINT c CHECK (b > 0)) WITHOUT ROWID"
        );
    }

    #[test]
    fn column_constraints_and_written_commas_are_left_alone() {
        for sql in [
            "CREATE TABLE t (a INT CHECK (a > 0) UNIQUE, b INT CONSTRAINT nn NOT NULL CONSTRAINT u UNIQUE, PRIMARY KEY (a), UNIQUE (b))",
            "CREATE TABLE t (a INT PRIMARY KEY, b TEXT CHECK (b IN ('PRIMARY', 'UNIQUE')) REFERENCES p (id))",
            "CREATE TABLE t (\"check\" INT, \"unique\" INT, UNIQUE (\"check\"), CHECK (\"unique\" > 0))",
            "CREATE INDEX ix ON t (a) WHERE a > 0",
            "CREATE TABLE t AS SELECT 1 AS a",
        ] {
            let dialect = SQLiteDialect {};
            let tokens = Tokenizer::new(&dialect, sql)
                .tokenize_with_location()
                .unwrap();
            let mended = mend(sql, tokens.clone());
            assert_eq!(mended, tokens, "{sql}");
        }
    }

    #[test]
    fn postfix_isnull_is_is_null() {
        assert_eq!(
            read("CREATE TABLE t (b INT CHECK (b ISNULL OR b > 0), c INT CHECK (c NOTNULL))"),
            "CREATE TABLE t (b INT CHECK (b IS NULL OR b > 0), c INT CHECK (c IS NOT NULL))"
        );
        assert_eq!(
            read("CREATE INDEX ix ON t (a) WHERE b isnull"),
            "CREATE INDEX ix ON t(a) WHERE b IS NULL"
        );
        // A quoted name is a name.
        assert_eq!(
            read("CREATE TABLE t (\"isnull\" INT CHECK (\"isnull\" > 0))"),
            "CREATE TABLE t (\"isnull\" INT CHECK (\"isnull\" > 0))"
        );
    }
}
