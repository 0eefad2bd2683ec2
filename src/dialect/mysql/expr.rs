//! MySQL/MariaDB expression text: a small tokenizer and one canonical printer
//! for check clauses, default expressions and index expressions.
//!
//! MariaDB stores `CHECK (rating BETWEEN 1 AND 5)` as `` `rating` between 1 and 5 ``
//! (MariaDB Knowledge Base, "CONSTRAINT": the clause is kept as the server
//! prints it); the model parser prints `rating BETWEEN 1 AND 5`. Both go
//! through [`canonical`], which gives equal text for equal token streams:
//! backquotes only where needed, operator keywords upper case, identifiers and
//! function names lower case (MySQL column and function names are
//! case-insensitive), one spacing, a few spellings MariaDB rewrites on its own
//! (`!=` is `<>`, `TRUE` is `1`, `upper()` is `ucase()`, a lone column under
//! AND or OR is `col <> 0`, `NOT col` is `col = 0`). Rewrites that change
//! the tree (`NOT (a = 3)` stored as `` `a` <> 3 ``) are beyond it: the
//! connection lets the server print those (see `conn.rs`, `canonicalize`).
//!
//! Pure: no I/O. It never fails: text it cannot tokenize comes back with its
//! whitespace collapsed.

use super::render::{quote_if_needed, quote_string};

/// How string literals in the input escape a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escapes {
    /// Only a doubled quote (`'it''s'`): what the model parser prints, since
    /// sqlparser unescapes backslashes when reading and does not re-escape them.
    Doubled,
    /// Doubled quotes and backslash escapes (`'it\'s'`, `'a\\b'`): what the
    /// server prints (MariaDB Knowledge Base, "String Literals").
    Backslash,
}

/// One token of an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    /// An unquoted word: keyword, identifier or function name, as written.
    Word(String),
    /// A backquoted identifier, without its quotes.
    Quoted(String),
    /// The sequence a sequence function names, or its database (see
    /// [`sequence_names`]): printed with its case, quoted where needed.
    Name(String),
    /// A string literal's value.
    Str(String),
    /// A literal kept verbatim: `x'4a'`, `b'101'`, `0x4a`.
    Verbatim(String),
    /// A number, as written (exponent letter lower case).
    Num(String),
    /// Punctuation or an operator.
    Op(String),
}

/// Words printed upper case: the operators and fixed syntax of expressions.
/// Anything else unquoted is an identifier or a function name.
const KEYWORDS: &[&str] = &[
    "and", "or", "not", "xor", "is", "null", "in", "between", "like", "regexp", "rlike", "case",
    "when", "then", "else", "end", "div", "mod", "escape", "interval", "exists", "collate",
    "binary", "as", "sounds", "unknown",
];

/// Functions MariaDB stores under another of their names (it prints the
/// item's canonical name: `upper` is kept as `ucase`, `length` as
/// `octet_length`). Applying the map to both sides makes them agree.
const FUNCTION_ALIASES: &[(&str, &str)] = &[
    ("upper", "ucase"),
    ("lower", "lcase"),
    ("length", "octet_length"),
    ("character_length", "char_length"),
    ("substr", "substring"),
    ("now", "current_timestamp"),
    ("localtime", "current_timestamp"),
    ("localtimestamp", "current_timestamp"),
    ("current_date", "curdate"),
    ("current_time", "curtime"),
    ("schema", "database"),
    ("session_user", "user"),
    ("system_user", "user"),
];

/// Words that call a function without parentheses, and the call MariaDB
/// prints for them (checked on MariaDB 10.11: `DEFAULT (CURRENT_DATE)` is
/// stored as `curdate()`). They are reserved words, so never a bare column.
const BARE_CALLS: &[(&str, &str)] = &[
    ("current_timestamp", "current_timestamp"),
    ("localtime", "current_timestamp"),
    ("localtimestamp", "current_timestamp"),
    ("current_date", "curdate"),
    ("current_time", "curtime"),
    ("utc_date", "utc_date"),
    ("utc_time", "utc_time"),
    ("utc_timestamp", "utc_timestamp"),
    ("current_user", "current_user"),
];

fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word.to_ascii_lowercase().as_str())
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// Reads a quoted run starting after the opening `quote`; returns the value
/// and the index after the closing quote.
fn read_quoted(
    chars: &[char],
    mut i: usize,
    quote: char,
    escapes: Escapes,
) -> Option<(String, usize)> {
    let mut value = String::new();
    while i < chars.len() {
        let c = chars[i];
        if c == quote {
            if chars.get(i + 1) == Some(&quote) {
                value.push(quote);
                i += 2;
                continue;
            }
            return Some((value, i + 1));
        }
        if c == '\\' && escapes == Escapes::Backslash && quote != '`' {
            let next = *chars.get(i + 1)?;
            // `\%` and `\_` keep their backslash (MySQL manual, "String Literals").
            if next == '%' || next == '_' {
                value.push('\\');
            }
            value.push(match next {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                '0' => '\0',
                'b' => '\u{8}',
                'Z' => '\u{1a}',
                other => other,
            });
            i += 2;
            continue;
        }
        value.push(c);
        i += 1;
    }
    None
}

const OPERATORS: &[&str] = &[
    "<=>", "<>", "!=", ">=", "<=", "<<", ">>", "&&", "||", ":=", "->>", "->",
];

fn tokenize(text: &str, escapes: Escapes) -> Option<Vec<Tok>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '\'' || c == '"' {
            // Without ANSI_QUOTES (the default sql_mode) "..." is a string too.
            let (value, next) = read_quoted(&chars, i + 1, c, escapes)?;
            // A charset introducer (`_utf8mb4'x'`) only restates the column's charset.
            if let Some(Tok::Word(w)) = out.last()
                && w.starts_with('_')
            {
                out.pop();
            }
            out.push(Tok::Str(value));
            i = next;
        } else if c == '`' {
            let (value, next) = read_quoted(&chars, i + 1, '`', escapes)?;
            out.push(Tok::Quoted(value));
            i = next;
        } else if c.is_ascii_digit()
            || (c == '.' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            let start = i;
            if c == '0' && matches!(chars.get(i + 1), Some('x') | Some('b')) {
                i += 2;
                while i < chars.len() && chars[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                out.push(Tok::Verbatim(
                    chars[start..i]
                        .iter()
                        .collect::<String>()
                        .to_ascii_lowercase(),
                ));
                continue;
            }
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            if i < chars.len() && (chars[i] == 'e' || chars[i] == 'E') {
                let mut j = i + 1;
                if j < chars.len() && (chars[j] == '+' || chars[j] == '-') {
                    j += 1;
                }
                if j < chars.len() && chars[j].is_ascii_digit() {
                    i = j;
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        i += 1;
                    }
                }
            }
            if i < chars.len() && is_word_char(chars[i]) {
                // `1abc` is an identifier in MySQL.
                while i < chars.len() && is_word_char(chars[i]) {
                    i += 1;
                }
                out.push(Tok::Word(chars[start..i].iter().collect()));
            } else {
                out.push(Tok::Num(
                    chars[start..i]
                        .iter()
                        .collect::<String>()
                        .to_ascii_lowercase(),
                ));
            }
        } else if is_word_char(c) {
            let start = i;
            while i < chars.len() && is_word_char(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let lower = word.to_ascii_lowercase();
            if (lower == "x" || lower == "b") && chars.get(i) == Some(&'\'') {
                let (value, next) = read_quoted(&chars, i + 1, '\'', escapes)?;
                out.push(Tok::Verbatim(format!("{lower}'{value}'")));
                i = next;
            } else {
                out.push(Tok::Word(word));
            }
        } else {
            let rest: String = chars[i..chars.len().min(i + 3)].iter().collect();
            let op = OPERATORS
                .iter()
                .find(|op| rest.starts_with(*op))
                .map(|s| s.to_string())
                .unwrap_or_else(|| c.to_string());
            i += op.chars().count();
            out.push(Tok::Op(op));
        }
    }
    Some(out)
}

/// MariaDB's own spellings, applied to both sides.
fn rewrite(tokens: Vec<Tok>) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(tokens.len());
    for (i, t) in tokens.iter().enumerate() {
        let call = matches!(tokens.get(i + 1), Some(Tok::Op(p)) if p == "(");
        let tok = match t {
            Tok::Op(op) if op == "!=" => Tok::Op("<>".into()),
            Tok::Op(op) if op == "&&" => Tok::Word("and".into()),
            // `||` is OR unless sql_mode has PIPES_AS_CONCAT (MariaDB KB, "OR").
            Tok::Op(op) if op == "||" => Tok::Word("or".into()),
            Tok::Op(op) if op == "%" => Tok::Word("mod".into()),
            Tok::Word(w) if !call && w.eq_ignore_ascii_case("true") => Tok::Num("1".into()),
            Tok::Word(w) if !call && w.eq_ignore_ascii_case("false") => Tok::Num("0".into()),
            Tok::Word(w) if call => {
                let lower = w.to_ascii_lowercase();
                let name = FUNCTION_ALIASES
                    .iter()
                    .find(|(from, _)| *from == lower)
                    .map(|(_, to)| to.to_string())
                    .unwrap_or(lower);
                Tok::Word(name)
            }
            Tok::Word(w)
                if let Some((_, call)) = BARE_CALLS
                    .iter()
                    .find(|(bare, _)| w.eq_ignore_ascii_case(bare)) =>
            {
                // A bare CURRENT_TIMESTAMP is the call without arguments.
                out.push(Tok::Word(call.to_string()));
                out.push(Tok::Op("(".into()));
                Tok::Op(")".into())
            }
            // Backquotes stay only where a bare word would not read as this
            // identifier: reserved words, odd characters, and the words printed
            // as keywords here.
            Tok::Quoted(name) if quote_if_needed(name).starts_with('`') || is_keyword(name) => {
                Tok::Quoted(name.to_lowercase())
            }
            Tok::Quoted(name) => Tok::Word(name.clone()),
            other => other.clone(),
        };
        out.push(tok);
    }
    out
}

/// Functions of the clock whose argument is the fractional-seconds
/// precision, under the names [`rewrite`] leaves.
const CLOCKS: &[&str] = &[
    "current_timestamp",
    "curtime",
    "utc_timestamp",
    "utc_time",
    "sysdate",
];

/// A clock function asked for 0 fractional digits is the call without an
/// argument: MariaDB stores `DEFAULT CURRENT_TIMESTAMP(0)` (Navicat's
/// spelling), `now(0)` and `localtimestamp(0)` as `current_timestamp()`, and
/// `curtime(0)` as `curtime()` (checked on MariaDB 10.11).
fn drop_zero_precision(mut tokens: Vec<Tok>) -> Vec<Tok> {
    let mut i = 0;
    while i + 3 < tokens.len() {
        let zero_call = matches!(&tokens[i], Tok::Word(w) if CLOCKS.contains(&w.as_str()))
            && matches!(&tokens[i + 1], Tok::Op(o) if o == "(")
            && matches!(&tokens[i + 2], Tok::Num(n) if n == "0")
            && matches!(&tokens[i + 3], Tok::Op(c) if c == ")");
        if zero_call {
            tokens.remove(i + 2);
        }
        i += 1;
    }
    tokens
}

/// Whether `t` is a bare column name (not a keyword; a call or a qualified
/// name is told apart by its neighbours).
fn is_column(t: &Tok) -> bool {
    match t {
        Tok::Word(w) => !is_keyword(w) && !w.starts_with(|c: char| c.is_ascii_digit()),
        Tok::Quoted(_) => true,
        _ => false,
    }
}

/// MariaDB prints a column that stands alone as an operand of AND or OR as a
/// test against zero, and `NOT column` as `column = 0` (checked on MariaDB
/// 10.11: `a OR b` is stored as `` `a` <> 0 or `b` <> 0 ``, `NOT a` as
/// `` `a` = 0 ``, while `a XOR b` stays). So `s || 'x'`, OR without
/// PIPES_AS_CONCAT, is stored as `` `s` <> 0 or 'x' ``. Both sides get the
/// server's form; its own text is left as it is, the column there being an
/// operand of `<>` or `=`. Parentheses around such a lone column go, as the
/// server drops them. The AND of `BETWEEN x AND y` is not a logical AND.
fn truth_tests(tokens: Vec<Tok>) -> Vec<Tok> {
    let word = |t: Option<&Tok>, words: &[&str]| matches!(t, Some(Tok::Word(w)) if words.iter().any(|x| w.eq_ignore_ascii_case(x)));
    let op = |t: Option<&Tok>, o: &str| matches!(t, Some(Tok::Op(p)) if p == o);
    // `( column )` in a logical position loses its parentheses first.
    let mut tokens = tokens;
    let mut i = 0;
    while i + 2 < tokens.len() {
        let before = i.checked_sub(1).and_then(|p| tokens.get(p));
        let opens_operand =
            before.is_none() || op(before, "(") || word(before, &["and", "or", "xor", "not"]);
        let after = tokens.get(i + 3);
        let closes_operand =
            after.is_none() || op(after, ")") || word(after, &["and", "or", "xor"]);
        if op(tokens.get(i), "(")
            && is_column(&tokens[i + 1])
            && op(tokens.get(i + 2), ")")
            && opens_operand
            && closes_operand
            && !(before.is_none() && after.is_none())
        {
            tokens.remove(i + 2);
            tokens.remove(i);
            continue;
        }
        i += 1;
    }
    // Which ANDs belong to a BETWEEN at the same depth.
    let mut between_and = vec![false; tokens.len()];
    let mut open_betweens: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate() {
        if op(Some(t), "(") {
            depth += 1;
        } else if op(Some(t), ")") {
            depth = depth.saturating_sub(1);
        } else if word(Some(t), &["between"]) {
            open_betweens.push(depth);
        } else if word(Some(t), &["and"]) && open_betweens.last() == Some(&depth) {
            open_betweens.pop();
            between_and[i] = true;
        }
    }
    let logical = |i: usize, words: &[&str]| !between_and[i] && word(tokens.get(i), words);
    let starts =
        |i: usize| i == 0 || op(tokens.get(i - 1), "(") || logical(i - 1, &["and", "or", "xor"]);
    let ends = |i: usize| {
        i + 1 == tokens.len() || op(tokens.get(i + 1), ")") || logical(i + 1, &["and", "or", "xor"])
    };
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if word(Some(t), &["not"])
            && starts(i)
            && tokens.get(i + 1).is_some_and(is_column)
            && ends(i + 1)
        {
            out.extend([
                tokens[i + 1].clone(),
                Tok::Op("=".into()),
                Tok::Num("0".into()),
            ]);
            i += 2;
            continue;
        }
        out.push(t.clone());
        let and_or = |j: usize| logical(j, &["and", "or"]);
        if is_column(t)
            && starts(i)
            && ends(i)
            && ((i > 0 && and_or(i - 1)) || (i + 1 < tokens.len() && and_or(i + 1)))
        {
            out.extend([Tok::Op("<>".into()), Tok::Num("0".into())]);
        }
        i += 1;
    }
    out
}

/// Index of the `)` matching the `(` at `open`.
fn matching(tokens: &[Tok], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        match t {
            Tok::Op(p) if p == "(" => depth += 1,
            Tok::Op(p) if p == ")" => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Drops parentheses around the whole expression: MariaDB prints a check
/// without them, MySQL 8 with them.
fn strip_outer(mut tokens: Vec<Tok>) -> Vec<Tok> {
    while tokens.len() >= 2
        && matches!(tokens.first(), Some(Tok::Op(p)) if p == "(")
        && matching(&tokens, 0) == Some(tokens.len() - 1)
    {
        tokens.pop();
        tokens.remove(0);
    }
    tokens
}

fn text_of(t: &Tok) -> String {
    match t {
        Tok::Word(w) if is_keyword(w) => w.to_ascii_uppercase(),
        Tok::Word(w) => w.to_lowercase(),
        Tok::Quoted(q) => crate::dialect::quote_doubling(q, '`'),
        Tok::Name(n) => quote_if_needed(n),
        Tok::Str(s) => quote_string(s),
        Tok::Verbatim(v) | Tok::Num(v) | Tok::Op(v) => v.clone(),
    }
}

/// Whether a `-` or `+` at `i` is a sign rather than an operator.
fn is_sign(tokens: &[Tok], i: usize) -> bool {
    match (tokens.get(i), i.checked_sub(1).and_then(|p| tokens.get(p))) {
        (Some(Tok::Op(op)), prev) if op == "-" || op == "+" => match prev {
            None => true,
            Some(Tok::Op(p)) => p != ")",
            Some(Tok::Word(w)) => is_keyword(w),
            _ => false,
        },
        _ => false,
    }
}

fn print(tokens: &[Tok]) -> String {
    let mut out = String::new();
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 && needs_space(tokens, i) {
            out.push(' ');
        }
        out.push_str(&text_of(t));
    }
    out
}

fn needs_space(tokens: &[Tok], i: usize) -> bool {
    let prev = &tokens[i - 1];
    let cur = &tokens[i];
    let is = |t: &Tok, s: &str| matches!(t, Tok::Op(o) if o == s);
    if is(cur, ")") || is(cur, ",") || is(prev, "(") || is(cur, ".") || is(prev, ".") {
        return false;
    }
    if is(cur, "(") {
        // A call or a prefix length: `f(x)`, `` `name`(10) ``; after a keyword, `IN (`.
        return match prev {
            Tok::Word(w) => is_keyword(w),
            Tok::Quoted(_) | Tok::Name(_) => false,
            _ => true,
        };
    }
    !is_sign(tokens, i - 1)
}

/// The canonical text of expression `text` (see the module docs).
pub fn canonical(text: &str, escapes: Escapes) -> String {
    match tokenize(text, escapes) {
        Some(tokens) => print(&strip_outer(truth_tests(drop_zero_precision(rewrite(
            sequence_names(tokens),
        ))))),
        None => text.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// Whether canonical `text` is one literal (string, number, hex or bit value,
/// NULL) or the current-timestamp function: a default that needs no parentheses.
pub fn is_literal(text: &str) -> bool {
    let Some(tokens) = tokenize(text, Escapes::Backslash) else {
        return false;
    };
    match tokens.as_slice() {
        [Tok::Str(_)] | [Tok::Num(_)] | [Tok::Verbatim(_)] => true,
        [Tok::Op(sign), Tok::Num(_)] => sign == "-" || sign == "+",
        [Tok::Word(w)] => w.eq_ignore_ascii_case("null"),
        [Tok::Word(w), Tok::Op(o), Tok::Op(c)] => {
            w.eq_ignore_ascii_case("current_timestamp") && o == "(" && c == ")"
        }
        [Tok::Word(w), Tok::Op(o), Tok::Num(_), Tok::Op(c)] => {
            w.eq_ignore_ascii_case("current_timestamp") && o == "(" && c == ")"
        }
        _ => false,
    }
}

/// The value of `text` when it is exactly one string literal.
pub fn string_value(text: &str, escapes: Escapes) -> Option<String> {
    match tokenize(text, escapes)?.as_slice() {
        [Tok::Str(s)] => Some(s.clone()),
        _ => None,
    }
}

/// The value of one literal, as a column default holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal {
    /// A string literal's characters.
    Str(String),
    /// A hexadecimal (`x'4a'`, `0x4a`) or bit-value (`b'101'`, `0b101`)
    /// literal's bytes: both are binary strings (MySQL manual, "Hexadecimal
    /// Literals", "Bit-Value Literals").
    Bytes(Vec<u8>),
    /// A number, as written, with its sign.
    Num(String),
}

/// The value of `text` when it is exactly one literal (a signed number
/// counts); `None` for anything else, or a malformed hex or bit literal.
pub fn literal(text: &str, escapes: Escapes) -> Option<Literal> {
    match tokenize(text, escapes)?.as_slice() {
        [Tok::Str(s)] => Some(Literal::Str(s.clone())),
        [Tok::Num(n)] => Some(Literal::Num(n.clone())),
        [Tok::Op(sign), Tok::Num(n)] if sign == "-" || sign == "+" => {
            Some(Literal::Num(format!("{sign}{n}")))
        }
        [Tok::Verbatim(v)] => literal_bytes(v).map(Literal::Bytes),
        _ => None,
    }
}

/// The bytes of a hex or bit literal as the tokenizer keeps it.
fn literal_bytes(verbatim: &str) -> Option<Vec<u8>> {
    let lower = verbatim.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if let Some(d) = lower.strip_prefix("x'").and_then(|d| d.strip_suffix('\'')) {
        // X'...' needs an even number of digits (MySQL manual, "Hexadecimal Literals").
        if d.len() % 2 != 0 {
            return None;
        }
        (16, d)
    } else if let Some(d) = lower.strip_prefix("b'").and_then(|d| d.strip_suffix('\'')) {
        (2, d)
    } else {
        return None;
    };
    if !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    // Digits fill whole bytes from the right; the first byte takes the rest
    // (0x123 is 0x0123, b'101' is one byte).
    let per_byte = if radix == 16 { 2 } else { 8 };
    let mut bytes = Vec::new();
    let first = digits.len() % per_byte;
    let mut start = 0;
    if first > 0 {
        bytes.push(u8::from_str_radix(&digits[..first], radix).ok()?);
        start = first;
    }
    while start < digits.len() {
        bytes.push(u8::from_str_radix(&digits[start..start + per_byte], radix).ok()?);
        start += per_byte;
    }
    Some(bytes)
}

/// The values of a parenthesized list of string literals: `('a','b''c')`.
pub fn string_list(text: &str, escapes: Escapes) -> Option<Vec<String>> {
    let tokens = tokenize(text, escapes)?;
    let inner = match tokens.as_slice() {
        [Tok::Op(o), inner @ .., Tok::Op(c)] if o == "(" && c == ")" => inner,
        _ => return None,
    };
    let mut values = Vec::new();
    for (i, t) in inner.iter().enumerate() {
        match (i % 2, t) {
            (0, Tok::Str(s)) => values.push(s.clone()),
            (1, Tok::Op(c)) if c == "," => {}
            _ => return None,
        }
    }
    Some(values)
}

/// Whether canonical expression `text` names `column` (bare or backquoted;
/// MySQL column names compare regardless of case). A function of the same
/// name counts too: a false alarm only costs an extra drop and create.
pub fn mentions(text: &str, column: &str) -> bool {
    tokenize(text, Escapes::Backslash).is_some_and(|tokens| {
        tokens.iter().any(|t| match t {
            Tok::Word(w) | Tok::Quoted(w) => w.to_lowercase() == column.to_lowercase(),
            _ => false,
        })
    })
}

/// Whether SQL `text` (a view's definition, a trigger's body, as the server
/// stores them) names `name` as an identifier, bare or backquoted, compared
/// regardless of case; string literals do not count. Text the tokenizer
/// cannot read is searched word by word instead, so that nothing is missed.
pub fn mentions_name(text: &str, name: &str) -> bool {
    match tokenize(text, Escapes::Backslash) {
        Some(tokens) => tokens.iter().any(|t| match t {
            Tok::Word(w) | Tok::Quoted(w) => w.to_lowercase() == name.to_lowercase(),
            _ => false,
        }),
        None => crate::dialect::dependents::mentions_word(text, name),
    }
}

/// Canonical `text` with column `from` renamed `to` (names compare regardless
/// of case); a function of the same name keeps its name.
pub fn rename_identifier(text: &str, from: &str, to: &str) -> String {
    let Some(mut tokens) = tokenize(text, Escapes::Backslash) else {
        return text.to_string();
    };
    let from = from.to_lowercase();
    for i in 0..tokens.len() {
        let call = matches!(tokens.get(i + 1), Some(Tok::Op(o)) if o == "(");
        let renamed = match &tokens[i] {
            Tok::Word(w) | Tok::Quoted(w) => !call && w.to_lowercase() == from,
            _ => false,
        };
        if renamed {
            tokens[i] = Tok::Quoted(to.to_string());
        }
    }
    // Printed canonically again, so the new name is quoted only if it must be.
    canonical(&print(&tokens), Escapes::Backslash)
}

/// MariaDB's sequence functions (MariaDB KB, "Sequence Functions"), whose
/// first argument names a sequence: `NEXT VALUE FOR s` and `PREVIOUS VALUE
/// FOR s` are read as the first two (the model parser rewrites them).
const SEQUENCE_FUNCTIONS: &[&str] = &["nextval", "lastval", "setval"];

/// Where token `i` calls a sequence function: the positions of the
/// sequence's name and, when qualified, of its database before it.
fn sequence_argument(tokens: &[Tok], i: usize) -> Option<(Option<usize>, usize)> {
    let call = matches!(&tokens[i], Tok::Word(w) if SEQUENCE_FUNCTIONS.contains(&w.to_ascii_lowercase().as_str()))
        && matches!(tokens.get(i + 1), Some(Tok::Op(o)) if o == "(");
    let name = |j: usize| matches!(tokens.get(j), Some(Tok::Word(_) | Tok::Quoted(_)));
    if !call || !name(i + 2) {
        return None;
    }
    if matches!(tokens.get(i + 3), Some(Tok::Op(o)) if o == ".") && name(i + 4) {
        Some((Some(i + 2), i + 4))
    } else {
        Some((None, i + 2))
    }
}

/// The name (and database) a sequence function's argument gives, kept with
/// its case: a sequence lives beside the tables, whose names are
/// case-sensitive where `lower_case_table_names` is 0, the default on Linux
/// (`nextval(Seq)` fails where the sequence is `seq`), unlike the column
/// and function names around it.
fn sequence_names(mut tokens: Vec<Tok>) -> Vec<Tok> {
    for i in 0..tokens.len() {
        if let Some((database, name)) = sequence_argument(&tokens, i) {
            for j in database.into_iter().chain([name]) {
                if let Tok::Word(n) | Tok::Quoted(n) = &tokens[j] {
                    tokens[j] = Tok::Name(n.clone());
                }
            }
        }
    }
    tokens
}

/// Canonical `text` without the database in front of the sequences its
/// sequence functions name (`` nextval(`db`.`Seq`) `` becomes
/// `` nextval(`Seq`) ``) where `strip(database, sequence)` says so, or
/// `None` when nothing was stripped. MariaDB qualifies the sequence of a
/// `DEFAULT nextval(seq)` with the current database when it stores the
/// default (and so mariadb-dump writes it), which models written by hand
/// leave implied.
pub fn unqualify(text: &str, strip: &dyn Fn(&str, &str) -> bool) -> Option<String> {
    let mut tokens = tokenize(text, Escapes::Backslash)?;
    let mut stripped = false;
    let mut i = 0;
    while i < tokens.len() {
        if let Some((Some(database), name)) = sequence_argument(&tokens, i)
            && let (Tok::Word(d) | Tok::Quoted(d), Tok::Word(n) | Tok::Quoted(n)) =
                (&tokens[database], &tokens[name])
            && strip(d, n)
        {
            tokens.drain(database..name);
            stripped = true;
        }
        i += 1;
    }
    stripped.then(|| print(&sequence_names(tokens)))
}

/// When `text` is `column(length)` (an index prefix), the column and length.
pub fn prefix_part(text: &str) -> Option<(String, u32)> {
    match tokenize(text, Escapes::Backslash)?.as_slice() {
        [
            Tok::Word(c) | Tok::Quoted(c),
            Tok::Op(o),
            Tok::Num(n),
            Tok::Op(e),
        ] if o == "(" && e == ")" => Some((c.clone(), n.parse().ok()?)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trigger_body_names_columns_as_words_outside_strings() {
        let body = "BEGIN\n  SET NEW.`Name` = UPPER(NEW.name); INSERT INTO audit VALUES ('name changed');\nEND";
        assert!(mentions_name(body, "name"));
        assert!(mentions_name(body, "AUDIT"));
        assert!(!mentions_name(body, "changed"));
        assert!(!mentions_name(body, "nam"));
    }

    #[test]
    fn renamed_columns_are_rewritten_but_not_functions_or_strings() {
        assert_eq!(
            rename_identifier(
                "concat(`Last_Name`, 'last_name', last_name(1))",
                "last_name",
                "surname"
            ),
            "concat(surname, 'last_name', last_name(1))"
        );
        assert_eq!(rename_identifier("a + 1", "a", "order"), "`order` + 1");
    }

    fn db(s: &str) -> String {
        canonical(s, Escapes::Backslash)
    }
    fn model(s: &str) -> String {
        canonical(s, Escapes::Doubled)
    }

    #[test]
    fn server_and_model_spellings_agree() {
        let pairs = [
            ("`rating` between 1 and 5", "rating BETWEEN 1 AND 5"),
            ("`status` in ('a','b\\'c')", "status IN ('a', 'b''c')"),
            ("`a` <> `b`", "a != b"),
            ("(`a` > 0)", "a > 0"),
            ("`a` >= -1", "a >= -1"),
            ("json_valid(`meta`)", "JSON_VALID(meta)"),
            ("octet_length(`name`) > 0", "LENGTH(name) > 0"),
            ("ucase(`s`) = `s`", "UPPER(s) = s"),
            ("`a` MOD 2 = 0", "a % 2 = 0"),
            ("`s` = 'dq'", "s = \"dq\""),
            (
                "case when `a` > 0 then 1 else 0 end",
                "CASE WHEN a > 0 THEN TRUE ELSE FALSE END",
            ),
            ("`order` > 0", "`order` > 0"),
            ("`s` <> _utf8mb4'x'", "s <> 'x'"),
            ("coalesce(`a`,0) >= 0", "COALESCE(a, 0) >= 0"),
            ("`a` is not null", "a IS NOT NULL"),
            // Read from MariaDB 10.11: lone columns under AND, OR and NOT.
            ("`s` <> 0 or 'x'", "s || 'x'"),
            ("`a` <> 0 or `b` <> 0", "a OR b"),
            ("`a` = 0", "NOT a"),
            ("`a` = 0", "NOT (a)"),
            (
                "`a` between `b` and `c` or `a` <> 0",
                "a BETWEEN b AND c OR a",
            ),
            ("`a` = 0 and `b` <> 0", "NOT a AND b"),
            ("`a` xor `b`", "a XOR (b)"),
            ("`a` = 0 or `b` <> 0", "NOT (a) OR b"),
            ("`a` is null or `b` = 0", "a IS NULL OR NOT b"),
            (
                "`a` <> 0 and `b` between 1 and `c`",
                "a AND b BETWEEN 1 AND c",
            ),
            ("`a` in (`b`) or `c` <> 0", "a IN (b) OR c"),
            ("`a`", "a"),
            ("curdate()", "CURRENT_DATE"),
            ("curtime(3)", "CURRENT_TIME(3)"),
            ("utc_timestamp()", "UTC_TIMESTAMP"),
            ("database()", "SCHEMA()"),
            ("user()", "SESSION_USER()"),
            // Read from MariaDB 10.11: a clock asked for 0 fractional digits.
            ("current_timestamp()", "CURRENT_TIMESTAMP(0)"),
            ("current_timestamp()", "now(0)"),
            ("current_timestamp()", "LOCALTIMESTAMP(0)"),
            ("current_timestamp()", "localtime(0)"),
            ("curtime()", "CURRENT_TIME(0)"),
            ("utc_timestamp()", "UTC_TIMESTAMP(0)"),
            ("sysdate()", "SYSDATE(0)"),
            ("current_timestamp(2)", "NOW(2)"),
        ];
        for (server, written) in pairs {
            assert_eq!(db(server), model(written), "{server} vs {written}");
        }
        assert_eq!(model("rating BETWEEN 1 AND 5"), "rating BETWEEN 1 AND 5");
        assert_eq!(model("status IN ('a', 'b')"), "status IN ('a', 'b')");
    }

    #[test]
    fn canonical_text_is_a_fixed_point() {
        for s in [
            "`a` - -1 > (`b` + 2) * 3",
            "`café` like 'x%' escape '!'",
            "f(`a`, 'it\\'s', -2.5e3)",
            "`user group`.`x` = 0x1f or b'01' = x'ff'",
            "not (`a` = 3)",
            "`a` <> 0 or (`b` <> 0 and `c` = 0)",
            "`t`.`a` or `b` <> 0",
        ] {
            let once = db(s);
            assert_eq!(db(&once), once, "{s}");
        }
        assert_eq!(db("`a` - -1 > (`b` + 2) * 3"), "a - -1 > (b + 2) * 3");
        assert_eq!(db("`user group`.`x` = 0x1f"), "`user group`.x = 0x1f");
    }

    #[test]
    fn literals_and_lists() {
        assert!(is_literal("'x'") && is_literal("-1") && is_literal("current_timestamp(6)"));
        assert!(!is_literal("uuid()") && !is_literal("1 + 2"));
        assert_eq!(
            string_list("('a','b''c','d\\\\e')", Escapes::Backslash),
            Some(vec!["a".into(), "b'c".into(), "d\\e".into()])
        );
        assert_eq!(
            string_value("'a\\b'", Escapes::Doubled),
            Some("a\\b".into())
        );
        assert_eq!(prefix_part("`name`(10)"), Some(("name".into(), 10)));
        let shop = |d: &str, _: &str| d == "shop";
        let unqualify = |text: &str| unqualify(text, &shop);
        assert_eq!(
            unqualify("(nextval(`shop`.`seq`) + 1)").as_deref(),
            Some("(nextval(seq) + 1)")
        );
        assert_eq!(
            unqualify("nextval(shop.seq)").as_deref(),
            Some("nextval(seq)")
        );
        // The sequence keeps its case, and its quotes where it needs them.
        assert_eq!(
            unqualify("lastval(`shop`.`Seq`)").as_deref(),
            Some("lastval(Seq)")
        );
        assert_eq!(
            unqualify("setval(`shop`.`Odd Seq`, 5)").as_deref(),
            Some("setval(`Odd Seq`, 5)")
        );
        // Another database's name, a string and a name outside a sequence
        // function stay.
        assert_eq!(unqualify("nextval(`other`.`seq`)"), None);
        assert_eq!(unqualify("'shop.seq'"), None);
        assert_eq!(unqualify("f(shop.seq)"), None);
        assert_eq!(prefix_part("lower(name)"), None);
        assert_eq!(db("'unterminated"), "'unterminated");
    }
}
