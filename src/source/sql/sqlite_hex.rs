//! SQLite's hexadecimal integers, which sqlparser reads as blobs.
//!
//! In SQLite `0x10` is the integer 16 ("hexadecimal integer literals",
//! <https://sqlite.org/lang_expr.html#hexint>; `0X10` too), while `X'10'` is a
//! one-byte blob. sqlparser's tokenizer reads `0x10` as the hex string
//! literal it also makes of `X'10'` (MySQL's meaning, where `0x10` is a binary
//! string) and prints both as `X'10'`, so a default `0x10` became the blob
//! `X'10'` on both sides of the comparison and in the tables a revision
//! created or rebuilt; it does not read `0X10` at all.
//!
//! For SQLite the tokens are mended before parsing (see `sqlite_grammar.rs`): a hex string literal whose
//! text starts with `0x`, and a `0` directly followed by a word `X<hex
//! digits>`, become the number as written (`0x10`, `0X10`), which SQLite reads
//! back the same wherever a revision puts it. MySQL's reading is left alone.

use sqlparser::tokenizer::{Location, Span, Token, TokenWithSpan};

/// `tokens` (of `sql`, positions counted from its start) with SQLite's
/// hexadecimal integers turned into number tokens spelled as written.
pub(super) fn hex_integers_as_numbers(sql: &str, tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let mut out: Vec<TokenWithSpan> = Vec::with_capacity(tokens.len());
    for t in tokens {
        match &t.token {
            // `X'10'` starts with its X, `0x10` with its 0.
            Token::HexStringLiteral(digits) if char_at(sql, t.span.start) == Some('0') => {
                let text = format!("0x{digits}");
                out.push(TokenWithSpan::new(Token::Number(text, false), t.span));
            }
            // `0X10`: the tokenizer stops the number at the X and reads the
            // rest as a word.
            Token::Word(w)
                if w.quote_style.is_none()
                    && w.value.len() > 1
                    && w.value.starts_with(['x', 'X'])
                    && w.value[1..].chars().all(|c| c.is_ascii_hexdigit())
                    && matches!(out.last(), Some(TokenWithSpan {
                        token: Token::Number(zero, false),
                        span,
                    }) if zero == "0" && span.end == t.span.start) =>
            {
                let zero = out.pop().map_or(t.span.start, |z| z.span.start);
                let text = format!("0{}", w.value);
                out.push(TokenWithSpan::new(
                    Token::Number(text, false),
                    Span::new(zero, t.span.end),
                ));
            }
            _ => out.push(t),
        }
    }
    out
}

/// The character of `sql` at a tokenizer location (1-based line and
/// character column).
fn char_at(sql: &str, at: Location) -> Option<char> {
    let line = sql
        .split('\n')
        .nth(usize::try_from(at.line).ok()?.checked_sub(1)?)?;
    line.chars()
        .nth(usize::try_from(at.column).ok()?.checked_sub(1)?)
}

#[cfg(test)]
mod tests {
    use super::super::sqlite_grammar::parse_sqlite;
    use sqlparser::ast::Statement;

    fn default_of(sql: &str) -> Vec<String> {
        let Statement::CreateTable(ct) = &parse_sqlite(sql).expect("parses")[0] else {
            panic!("not a CREATE TABLE");
        };
        ct.columns
            .iter()
            .flat_map(|c| &c.options)
            .filter_map(|o| match &o.option {
                sqlparser::ast::ColumnOption::Default(e) => Some(e.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_hex_integer_stays_an_integer_and_a_blob_a_blob() {
        assert_eq!(
            default_of(
                "CREATE TABLE d (a INTEGER DEFAULT 0x10, b INTEGER DEFAULT -0x10,\n  c DEFAULT 0X1f, d BLOB DEFAULT X'10', e DEFAULT x'ab', f DEFAULT (0xA + 1))"
            ),
            ["0x10", "-0x10", "0X1f", "X'10'", "X'ab'", "(0xA + 1)"]
        );
    }

    #[test]
    fn a_word_after_a_spaced_zero_is_left_alone() {
        // `0 x1` is a zero and a word (an alias in a select), not 0x1.
        let statements = parse_sqlite("SELECT 0 x1").expect("parses");
        assert_eq!(statements[0].to_string(), "SELECT 0 AS x1");
    }
}
