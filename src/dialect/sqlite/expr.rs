//! SQLite expression text (checks, index parts and predicates, generated
//! columns): the rewrites that make both sides spell one meaning one way,
//! beyond the case `types::fold_case` folds. Pure text work with the scanner
//! of `lower.rs`; no parsing library.
//!
//! * A double-quoted name that names no column is a string literal: SQLite
//!   tries `"x"` as an identifier first and, when nothing of that name
//!   exists, takes it as the string `'x'` (<https://sqlite.org/quirks.html>,
//!   section 8, "Double-quoted String Literals Are Accepted"; enabled for DDL
//!   by default). Stored schemas keep such text (`CHECK (kind <> "Legacy")`),
//!   and written back as a name (`legacy`) it fails a rebuild with "no such
//!   column". It is written as the literal it is.
//! * Parentheses around a whole expression change nothing: SQLite keeps none
//!   in its expression tree, and sqlparser prints those of the text, so
//!   `((c * 2))` and `c * 2` must compare equal.

use super::lower::{Name, map_names};
use super::types::strip_outer_parens;

/// `text` with each double-quoted name that SQLite would read as a string
/// literal written as that literal: a name `is_column` does not know, which
/// is not called (`"f"(...)`), qualified or qualifying (`"t"."c"`), a
/// collation (`COLLATE "nocase"`) or a type (`CAST(x AS "TEXT")`). Names in
/// backquotes or brackets are never strings.
pub fn double_quoted_strings(text: &str, is_column: impl Fn(&str) -> bool) -> String {
    map_names(text, |name| {
        let Name::Quoted {
            name,
            quote: '"',
            before,
            after,
        } = name
        else {
            return None;
        };
        let next = after.iter().find(|c| !c.is_whitespace());
        let before = trim_end(before);
        let previous_word = previous_word(before).to_ascii_uppercase();
        let names_something = matches!(next, Some('(' | '.'))
            || before.last() == Some(&'.')
            || matches!(previous_word.as_str(), "COLLATE" | "AS")
            || is_column(name);
        (!names_something).then(|| crate::dialect::quote_doubling(name, '\''))
    })
}

fn trim_end(chars: &[char]) -> &[char] {
    let end = chars
        .iter()
        .rposition(|c| !c.is_whitespace())
        .map_or(0, |i| i + 1);
    &chars[..end]
}

/// The word `chars` ends with (empty when it ends otherwise).
fn previous_word(chars: &[char]) -> String {
    let start = chars
        .iter()
        .rposition(|c| !(c.is_alphanumeric() || *c == '_' || *c == '$'))
        .map_or(0, |i| i + 1);
    chars[start..].iter().collect()
}

/// `text` without the parentheses that enclose all of it, however many.
pub fn without_outer_parens(text: &str) -> String {
    let mut t = text.trim().to_string();
    while let Some(inner) = strip_outer_parens(&t) {
        t = inner.trim().to_string();
    }
    t
}

/// The column an expression is, when it is a bare or quoted name alone
/// (`(a)` in an index is the column `a` to SQLite, which keeps no node for
/// parentheses), as `column_named` finds it.
pub fn lone_column<'a>(
    text: &str,
    column_named: impl Fn(&str) -> Option<&'a str>,
) -> Option<&'a str> {
    let mut names = Vec::new();
    let rest = map_names(text, |name| {
        names.push(match name {
            Name::Quoted { name, .. } => name.to_string(),
            Name::Bare { word, .. } => word.to_string(),
        });
        Some(String::new())
    });
    match names.as_slice() {
        [only] if rest.trim().is_empty() => column_named(only),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(name: &str) -> bool {
        ["kind", "Mixed", "user group"]
            .iter()
            .any(|c| c.eq_ignore_ascii_case(name))
    }

    #[test]
    fn a_double_quoted_name_of_no_column_is_a_string() {
        assert_eq!(
            double_quoted_strings("kind <> \"Legacy\"", columns),
            "kind <> 'Legacy'"
        );
        assert_eq!(
            double_quoted_strings("\"KIND\" IN (\"a\", \"it's\")", columns),
            "\"KIND\" IN ('a', 'it''s')"
        );
        assert_eq!(
            double_quoted_strings("\"mixed\" = \"user group\" || \"x\"", columns),
            "\"mixed\" = \"user group\" || 'x'"
        );
        // Brackets and backquotes quote names only; a string stays a string.
        assert_eq!(
            double_quoted_strings("[Legacy] = `Old` OR kind = '\"q\"'", columns),
            "[Legacy] = `Old` OR kind = '\"q\"'"
        );
    }

    #[test]
    fn a_double_quoted_function_qualifier_collation_or_type_stays_a_name() {
        for kept in [
            "\"lower\"(kind) = 'a'",
            "\"t\".kind = 'a'",
            "t.\"other\" = 'a'",
            "kind COLLATE \"nocase\" = 'a'",
            "CAST(kind AS \"TEXT\") = 'a'",
        ] {
            assert_eq!(double_quoted_strings(kept, columns), kept);
        }
    }

    #[test]
    fn parentheses_around_everything_go() {
        assert_eq!(without_outer_parens("((c * 2))"), "c * 2");
        assert_eq!(without_outer_parens("(a) + (b)"), "(a) + (b)");
        assert_eq!(without_outer_parens(" ( x ) "), "x");
        assert_eq!(without_outer_parens("')('"), "')('");
    }

    #[test]
    fn a_name_alone_is_its_column() {
        let named = |n: &str| {
            ["a", "user group"]
                .into_iter()
                .find(|c| c.eq_ignore_ascii_case(n))
        };
        assert_eq!(lone_column("a", named), Some("a"));
        assert_eq!(lone_column("\"User Group\"", named), Some("user group"));
        assert_eq!(lone_column("b", named), None);
        assert_eq!(lone_column("a + 1", named), None);
        assert_eq!(lone_column("abs(a)", named), None);
        assert_eq!(lone_column("a COLLATE nocase", named), None);
    }
}
