//! A small lexer for PostgreSQL expression text (defaults, checks, index
//! expressions): just enough to find string literals, identifiers, casts and
//! parentheses without being fooled by quotes. Pure; it never judges whether
//! an expression is valid, that is the server's job.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A string literal, quotes included (`'a''b'`, `E'a\nb'`).
    Str,
    /// A double-quoted identifier, quotes included.
    Quoted,
    /// An unquoted word: a key word or an identifier.
    Word,
    /// A numeric literal.
    Number,
    /// The `::` cast operator.
    Cast,
    /// Any other single character.
    Punct,
}

/// One token and where it starts in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// What it is.
    pub kind: Kind,
    /// Its text, exactly as written.
    pub text: &'a str,
    /// Byte offset of its first character.
    pub start: usize,
}

impl Token<'_> {
    /// Whether this is the punctuation character `c`.
    pub fn is(&self, c: &str) -> bool {
        self.kind == Kind::Punct && self.text == c
    }

    /// The identifier this token names: unquoted words fold to lower case,
    /// quoted ones lose their quotes (PostgreSQL docs, "Identifiers and Key Words").
    pub fn identifier(&self) -> Option<String> {
        match self.kind {
            Kind::Word => Some(self.text.to_lowercase()),
            Kind::Quoted => Some(unquote_ident(self.text)),
            _ => None,
        }
    }
}

fn is_word_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || !c.is_ascii()
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$' || !c.is_ascii()
}

/// `text` with every identifier that names `from` (after folding) written as
/// `to`, quoted as needed; literals, key words and the rest stay as written.
pub fn rename_identifier(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for t in tokens(text) {
        if t.identifier().as_deref() == Some(from) {
            out.push_str(&text[at..t.start]);
            out.push_str(&super::names::quote_if_needed(to));
            at = t.start + t.text.len();
        }
    }
    out.push_str(&text[at..]);
    out
}

/// The tokens of `text`, whitespace and comments dropped. An unterminated
/// literal runs to the end of the text.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        let start = i;
        let kind;
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        } else if text[i..].starts_with("--") {
            i = text[i..].find('\n').map_or(text.len(), |n| i + n);
            continue;
        } else if c == '\'' {
            i = quoted_end(bytes, i, b'\'', false);
            kind = Kind::Str;
        } else if (c == 'E' || c == 'e') && bytes.get(i + 1) == Some(&b'\'') {
            i = quoted_end(bytes, i + 1, b'\'', true);
            kind = Kind::Str;
        } else if c == '"' {
            i = quoted_end(bytes, i, b'"', false);
            kind = Kind::Quoted;
        } else if is_word_start(c) {
            i += text[i..]
                .find(|ch: char| !is_word_char(ch))
                .unwrap_or(text.len() - i);
            kind = Kind::Word;
        } else if c.is_ascii_digit()
            || (c == '.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            i = number_end(bytes, i);
            kind = Kind::Number;
        } else if text[i..].starts_with("::") {
            i += 2;
            kind = Kind::Cast;
        } else {
            i += c.len_utf8();
            kind = Kind::Punct;
        }
        out.push(Token {
            kind,
            text: &text[start..i],
            start,
        });
    }
    out
}

/// The end (exclusive) of a literal opened by `quote` at `open`. A doubled
/// quote is an escaped one; with `backslash`, so is `\x` (E'' strings).
fn quoted_end(bytes: &[u8], open: usize, quote: u8, backslash: bool) -> usize {
    let mut i = open + 1;
    while i < bytes.len() {
        if backslash && bytes[i] == b'\\' {
            i += 2;
        } else if bytes[i] == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
            } else {
                return i + 1;
            }
        } else {
            i += 1;
        }
    }
    bytes.len()
}

fn number_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
        i += 1;
    }
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        let mut j = i + 1;
        if j < bytes.len() && (bytes[j] == b'+' || bytes[j] == b'-') {
            j += 1;
        }
        if j < bytes.len() && bytes[j].is_ascii_digit() {
            i = j;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
        }
    }
    i
}

/// `"a""b"` -> `a"b`.
pub fn unquote_ident(quoted: &str) -> String {
    let inner = quoted
        .strip_prefix('"')
        .map(|s| s.strip_suffix('"').unwrap_or(s))
        .unwrap_or(quoted);
    inner.replace("\"\"", "\"")
}

/// The index of the token closing the parenthesis opened at `open`.
pub fn matching_close(toks: &[Token<'_>], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in toks.iter().enumerate().skip(open) {
        if t.is("(") {
            depth += 1;
        } else if t.is(")") {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// `text` without parentheses that enclose all of it: `((a > 0))` -> `a > 0`.
pub fn strip_outer_parens(text: &str) -> &str {
    let mut s = text.trim();
    loop {
        let toks = tokens(s);
        let enclosed = toks.first().is_some_and(|t| t.is("("))
            && matching_close(&toks, 0) == Some(toks.len() - 1);
        if !enclosed {
            return s;
        }
        s = s[1..s.len() - 1].trim();
    }
}

/// The expression inside `CHECK (...)` as `pg_get_constraintdef` prints it,
/// dropping what may follow (`NOT VALID`, `NO INHERIT`).
pub fn check_body(definition: &str) -> Option<&str> {
    let toks = tokens(definition);
    let first = toks.first()?;
    if !(first.kind == Kind::Word && first.text.eq_ignore_ascii_case("check")) {
        return None;
    }
    let open = 1;
    if !toks.get(open)?.is("(") {
        return None;
    }
    let close = matching_close(&toks, open)?;
    Some(definition[toks[open].start + 1..toks[close].start].trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renamed_identifiers_are_rewritten_and_nothing_else() {
        assert_eq!(
            rename_identifier(
                "(lower(last_name) || 'last_name') <> \"last_name\"",
                "last_name",
                "Surname"
            ),
            "(lower(\"Surname\") || 'last_name') <> \"Surname\""
        );
        assert_eq!(
            rename_identifier("last_names > 0", "last_name", "x"),
            "last_names > 0"
        );
    }

    fn kinds(s: &str) -> Vec<(Kind, &str)> {
        tokens(s).into_iter().map(|t| (t.kind, t.text)).collect()
    }

    #[test]
    fn literals_identifiers_and_casts() {
        assert_eq!(
            kinds("'a''b'::character varying"),
            vec![
                (Kind::Str, "'a''b'"),
                (Kind::Cast, "::"),
                (Kind::Word, "character"),
                (Kind::Word, "varying")
            ]
        );
        assert_eq!(
            kinds(r#""Order"."x"" y" >= 1.5e3"#),
            vec![
                (Kind::Quoted, "\"Order\""),
                (Kind::Punct, "."),
                (Kind::Quoted, "\"x\"\" y\""),
                (Kind::Punct, ">"),
                (Kind::Punct, "="),
                (Kind::Number, "1.5e3")
            ]
        );
        assert_eq!(
            kinds(r"E'a\'b' || x"),
            vec![
                (Kind::Str, r"E'a\'b'"),
                (Kind::Punct, "|"),
                (Kind::Punct, "|"),
                (Kind::Word, "x")
            ]
        );
        assert_eq!(tokens("\"Café\"")[0].identifier().unwrap(), "Café");
        assert_eq!(tokens("Café")[0].identifier().unwrap(), "café");
    }

    #[test]
    fn outer_parentheses_and_check_bodies() {
        assert_eq!(strip_outer_parens(" ((a > 0)) "), "a > 0");
        assert_eq!(strip_outer_parens("(a) AND (b)"), "(a) AND (b)");
        assert_eq!(strip_outer_parens("('(')"), "'('");
        assert_eq!(
            check_body("CHECK (((rating >= 1) AND (rating <= 5))) NOT VALID"),
            Some("((rating >= 1) AND (rating <= 5))")
        );
        assert_eq!(
            check_body("CHECK ((x <> ')'::text))"),
            Some("(x <> ')'::text)")
        );
        assert_eq!(check_body("PRIMARY KEY (id)"), None);
    }
}
