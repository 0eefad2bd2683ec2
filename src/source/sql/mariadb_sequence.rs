//! MariaDB's `CREATE SEQUENCE` (10.3 and later), read on its own: sqlparser
//! 0.64 reads PostgreSQL's form, and not MariaDB's `NOCYCLE`, `NOCACHE`,
//! `INCREMENT = 2` or the table options (`ENGINE=InnoDB`) that `SHOW CREATE
//! SEQUENCE`, and so mariadb-dump, writes for every sequence. Also the
//! `SETVAL` calls a dump writes after each sequence, which say where its
//! counter stood, not what it is.
//!
//! Pure text functions over sqlparser's tokenizer and parser; no model state.

use sqlparser::ast::ObjectName;
use sqlparser::dialect::MySqlDialect;
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, TokenWithSpan};

/// A MariaDB `CREATE SEQUENCE` as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CreateSequence {
    /// The name as written (`db.s` or `s`).
    pub(super) name: ObjectName,
    /// `CREATE OR REPLACE`: a later definition replaces an earlier one.
    pub(super) or_replace: bool,
    /// `CREATE TEMPORARY SEQUENCE`: the session's, not the schema's.
    pub(super) temporary: bool,
    /// `IF NOT EXISTS`: a later definition leaves an earlier one alone.
    pub(super) if_not_exists: bool,
    /// The options in one spelling, each after a space, in the order
    /// written (` START WITH 5 INCREMENT BY 1 NOCYCLE ENGINE=InnoDB`): the
    /// sequence options, then the table options. Empty for none.
    pub(super) options: String,
}

/// The table options a sequence may take that are one word, then a value
/// (MariaDB KB, "CREATE TABLE", "Table Options"; a sequence is a table
/// underneath): mariadb-dump writes `ENGINE=InnoDB`, a sequence may have a
/// `COMMENT`, the storage engine's own options pass too.
const TABLE_OPTIONS: &[&str] = &[
    "ENGINE",
    "COMMENT",
    "ROW_FORMAT",
    "CHECKSUM",
    "PAGE_CHECKSUM",
    "TRANSACTIONAL",
    "ENCRYPTED",
    "ENCRYPTION_KEY_ID",
    "PAGE_COMPRESSED",
    "PAGE_COMPRESSION_LEVEL",
    "KEY_BLOCK_SIZE",
    "STATS_PERSISTENT",
    "STATS_AUTO_RECALC",
    "STATS_SAMPLE_PAGES",
];

/// `sql` read as MariaDB's `CREATE [OR REPLACE] [TEMPORARY] SEQUENCE [IF NOT
/// EXISTS] name [options] [table options]` (MariaDB KB, "CREATE SEQUENCE");
/// `None` when it is no `CREATE SEQUENCE`, an error (sqlparser's kind, with
/// the line and column within `sql`) when it is one that cannot be read.
///
/// The options are `AS type` (MariaDB 11.5), `INCREMENT [BY | =] n`,
/// `MINVALUE [=] n | NO MINVALUE | NOMINVALUE`, the same for `MAXVALUE`,
/// `START [WITH | =] n`, `CACHE [=] n | NOCACHE`, `CYCLE | NOCYCLE`, each at
/// most once (the server's ERROR 1225, "Option 'INCREMENT' used twice"),
/// integers only; they are spelled `INCREMENT BY n`, `NO MINVALUE`, `START
/// WITH n`, `CACHE n`, as the server takes them. Table options (see
/// [`TABLE_OPTIONS`]) are `name [=] value`, spelled `name=value`.
pub(super) fn create_sequence(sql: &str) -> Option<Result<CreateSequence, ParserError>> {
    // Told by its first words before any tokenizing: every statement of a
    // dump passes here.
    let words = leading_words(sql, 4);
    let kind = words
        .iter()
        .skip(1)
        .find(|w| !matches!(w.as_str(), "OR" | "REPLACE" | "TEMPORARY"));
    if words.first().map(String::as_str) != Some("CREATE")
        || kind.map(String::as_str) != Some("SEQUENCE")
    {
        return None;
    }
    let dialect = MySqlDialect {};
    let mut p = Parser::new(&dialect).try_with_sql(sql).ok()?;
    if !p.parse_keyword(Keyword::CREATE) {
        return None;
    }
    let or_replace = p.parse_keywords(&[Keyword::OR, Keyword::REPLACE]);
    let temporary = p.parse_keyword(Keyword::TEMPORARY);
    if !p.parse_keyword(Keyword::SEQUENCE) {
        return None;
    }
    Some(read(&mut p, or_replace, temporary))
}

fn read(p: &mut Parser, or_replace: bool, temporary: bool) -> Result<CreateSequence, ParserError> {
    let if_not_exists = p.parse_keywords(&[Keyword::IF, Keyword::NOT, Keyword::EXISTS]);
    let name = p.parse_object_name(false)?;
    let mut options = String::new();
    let mut seen: Vec<&'static str> = Vec::new();
    let mut table_options = false;
    loop {
        let next = p.next_token();
        let word = match &next.token {
            Token::EOF => break,
            Token::SemiColon if p.peek_token().token == Token::EOF => break,
            Token::Word(w) if w.quote_style.is_none() => w.value.to_ascii_uppercase(),
            _ => return Err(unexpected(&next, "a sequence option")),
        };
        // The option this word starts, and its spelling.
        let (option, text) = match word.as_str() {
            "AS" if !table_options => ("AS", format!("AS {}", p.parse_data_type()?)),
            "INCREMENT" if !table_options => {
                let _ = p.parse_keyword(Keyword::BY) || p.consume_token(&Token::Eq);
                ("INCREMENT", format!("INCREMENT BY {}", integer(p)?))
            }
            "START" if !table_options => {
                let _ = p.parse_keyword(Keyword::WITH) || p.consume_token(&Token::Eq);
                ("START", format!("START WITH {}", integer(p)?))
            }
            "MINVALUE" | "MAXVALUE" | "CACHE" if !table_options => {
                let option = if word == "MINVALUE" {
                    "MINVALUE"
                } else if word == "MAXVALUE" {
                    "MAXVALUE"
                } else {
                    "CACHE"
                };
                let _ = p.consume_token(&Token::Eq);
                (option, format!("{option} {}", integer(p)?))
            }
            "NO" if !table_options => {
                if p.parse_keyword(Keyword::MINVALUE) {
                    ("MINVALUE", "NO MINVALUE".to_string())
                } else if p.parse_keyword(Keyword::MAXVALUE) {
                    ("MAXVALUE", "NO MAXVALUE".to_string())
                } else {
                    return Err(unexpected(&p.peek_token(), "MINVALUE or MAXVALUE after NO"));
                }
            }
            "NOMINVALUE" if !table_options => ("MINVALUE", "NO MINVALUE".to_string()),
            "NOMAXVALUE" if !table_options => ("MAXVALUE", "NO MAXVALUE".to_string()),
            "NOCACHE" if !table_options => ("CACHE", "NOCACHE".to_string()),
            "CYCLE" if !table_options => ("CYCLE", "CYCLE".to_string()),
            "NOCYCLE" if !table_options => ("CYCLE", "NOCYCLE".to_string()),
            _ if TABLE_OPTIONS.contains(&word.as_str()) => {
                // A table option: the sequence's options come first.
                table_options = true;
                let _ = p.consume_token(&Token::Eq);
                let value = p.next_token();
                let value = match &value.token {
                    Token::Word(w) if w.quote_style.is_none() => w.value.clone(),
                    Token::Number(n, _) => n.clone(),
                    Token::SingleQuotedString(s) | Token::DoubleQuotedString(s) => string(s),
                    _ => return Err(unexpected(&value, &format!("a value for {word}"))),
                };
                options.push_str(&format!(" {word}={value}"));
                continue;
            }
            _ if table_options => return Err(unexpected(&next, "a table option")),
            _ => return Err(unexpected(&next, "a sequence option")),
        };
        if seen.contains(&option) {
            return Err(at(&next, format!("option {option} is given twice")));
        }
        seen.push(option);
        options.push(' ');
        options.push_str(&text);
    }
    Ok(CreateSequence {
        name,
        or_replace,
        temporary,
        if_not_exists,
        options,
    })
}

/// An integer, signed or not, as written (a `+` sign dropped).
fn integer(p: &mut Parser) -> Result<String, ParserError> {
    let mut next = p.next_token();
    let mut sign = "";
    if matches!(next.token, Token::Minus | Token::Plus) {
        sign = if next.token == Token::Minus { "-" } else { "" };
        next = p.next_token();
    }
    match &next.token {
        Token::Number(n, _) if n.bytes().all(|b| b.is_ascii_digit()) => Ok(format!("{sign}{n}")),
        _ => Err(unexpected(&next, "an integer")),
    }
}

/// A MySQL string literal of `value`, as sqlparser read it (escapes undone).
fn string(value: &str) -> String {
    format!("'{}'", value.replace('\\', "\\\\").replace('\'', "''"))
}

fn unexpected(token: &TokenWithSpan, expected: &str) -> ParserError {
    let found = match &token.token {
        Token::EOF => "the end".to_string(),
        t => t.to_string(),
    };
    at(token, format!("Expected: {expected}, found: {found}"))
}

/// An error at `token`'s place, in sqlparser's form (line and column within
/// the statement), which the caller maps to the file's.
fn at(token: &TokenWithSpan, message: String) -> ParserError {
    let start = token.span.start;
    ParserError::ParserError(format!(
        "{message} at Line: {}, Column: {}",
        start.line, start.column
    ))
}

/// Whether `sql` only moves sequences' counters: `DO SETVAL(s, 5, 0)`, as
/// mariadb-dump writes after each sequence (older versions `SELECT
/// SETVAL(...)`), several calls separated by commas included. The counter
/// is state, like a table's rows; the sequence itself is its `CREATE`.
pub(super) fn sets_counters_only(sql: &str) -> bool {
    let words = leading_words(sql, 2);
    if !matches!(words.first().map(String::as_str), Some("DO" | "SELECT"))
        || words.get(1).map(String::as_str) != Some("SETVAL")
    {
        return false;
    }
    let dialect = MySqlDialect {};
    let Ok(tokens) = sqlparser::tokenizer::Tokenizer::new(&dialect, sql).tokenize() else {
        return false;
    };
    let tokens: Vec<Token> = tokens
        .into_iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    let word = |t: Option<&Token>, w: &str| matches!(t, Some(Token::Word(x)) if x.quote_style.is_none() && x.value.eq_ignore_ascii_case(w));
    if !(word(tokens.first(), "DO") || word(tokens.first(), "SELECT")) {
        return false;
    }
    let mut i = 1;
    loop {
        if !(word(tokens.get(i), "SETVAL") && tokens.get(i + 1) == Some(&Token::LParen)) {
            return false;
        }
        // To the matching parenthesis.
        let mut depth = 0usize;
        i += 1;
        loop {
            match tokens.get(i) {
                Some(Token::LParen) => depth += 1,
                Some(Token::RParen) => depth -= 1,
                None => return false,
                _ => {}
            }
            i += 1;
            if depth == 0 {
                break;
            }
        }
        match tokens.get(i) {
            Some(Token::Comma) => i += 1,
            None | Some(Token::EOF) => return true,
            Some(Token::SemiColon) => {
                return matches!(tokens.get(i + 1), None | Some(Token::EOF));
            }
            _ => return false,
        }
    }
}

/// The first `n` words of `sql`, upper case, past comments and white space,
/// up to the first character that is neither (a quote, a parenthesis).
fn leading_words(sql: &str, n: usize) -> Vec<String> {
    let mut words = Vec::new();
    let mut rest = sql;
    while words.len() < n {
        rest = rest.trim_start();
        if rest.starts_with("--") || rest.starts_with('#') {
            rest = rest.find('\n').map_or("", |e| &rest[e..]);
        } else if let Some(comment) = rest.strip_prefix("/*") {
            rest = comment.find("*/").map_or("", |e| &comment[e + 2..]);
        } else {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            if end == 0 {
                break;
            }
            words.push(rest[..end].to_ascii_uppercase());
            rest = &rest[end..];
        }
    }
    words
}
