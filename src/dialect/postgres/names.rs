//! PostgreSQL names: when an identifier needs quotes, and the names the server
//! itself picks for unnamed constraints, indexes and serial sequences. Pure.
//!
//! The generated-name rules mirror what the PostgreSQL documentation promises
//! and the server does (`<table>_pkey`, `<table>_<columns>_key`, ...,
//! shortened to fit NAMEDATALEN - 1 = 63 bytes by trimming the longer part
//! first; `..._key1`, `..._key2` when the name is taken, see
//! [`NameParts::choose`]). Which names are taken is the lowering's business
//! (`lower::name_unnamed`); `revise` always spells the name it chose, so the
//! downgrade drops that very object.

use std::collections::BTreeSet;

use super::lex::{self, Kind};
use crate::schema::{Index, QualifiedName};

/// Longest identifier plus one, as compiled into the server ("Identifiers and
/// Key Words": names longer than 63 bytes are truncated).
pub const NAMEDATALEN: usize = 64;

/// Key words that cannot be a table or column name unquoted: the "reserved"
/// and "reserved (can be function or type)" entries of the PostgreSQL column
/// in the documentation appendix "SQL Key Words" (PostgreSQL 15), sorted.
pub const RESERVED: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "binary",
    "both",
    "case",
    "cast",
    "check",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "false",
    "fetch",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "group",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "natural",
    "not",
    "notnull",
    "null",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "outer",
    "overlaps",
    "placing",
    "primary",
    "references",
    "returning",
    "right",
    "select",
    "session_user",
    "similar",
    "some",
    "symmetric",
    "table",
    "tablesample",
    "then",
    "to",
    "trailing",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
];

/// Key words that may name a column but not a type or function: the
/// "non-reserved (cannot be function or type)" entries of the same appendix.
pub const COLUMN_NAME_KEYWORDS: &[&str] = &[
    "between",
    "bigint",
    "bit",
    "boolean",
    "char",
    "character",
    "coalesce",
    "dec",
    "decimal",
    "exists",
    "extract",
    "float",
    "greatest",
    "grouping",
    "inout",
    "int",
    "integer",
    "interval",
    "least",
    "national",
    "nchar",
    "none",
    "normalize",
    "nullif",
    "numeric",
    "out",
    "overlay",
    "position",
    "precision",
    "real",
    "row",
    "setof",
    "smallint",
    "substring",
    "time",
    "timestamp",
    "treat",
    "trim",
    "values",
    "varchar",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
];

/// Whether `name` must be quoted to survive as written: anything but lower-case
/// ASCII letters, digits and underscores (digits not first), or a reserved key
/// word. Upper case would be folded, everything else is a syntax error.
pub fn needs_quotes(name: &str) -> bool {
    let mut chars = name.chars();
    let plain = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    !plain || RESERVED.binary_search(&name).is_ok()
}

/// `name` quoted exactly as the server's `quote_ident` does: also when it is a
/// key word that cannot name a type (`"char"` is not `char`). Used where the
/// text must match what the catalog prints: type names and regclass literals.
pub fn quote_as_server(name: &str) -> String {
    if needs_quotes(name) || COLUMN_NAME_KEYWORDS.binary_search(&name).is_ok() {
        crate::dialect::quote_doubling(name, '"')
    } else {
        name.to_string()
    }
}

/// `name`, in double quotes only when it needs them.
pub fn quote_if_needed(name: &str) -> String {
    if needs_quotes(name) {
        crate::dialect::quote_doubling(name, '"')
    } else {
        name.to_string()
    }
}

/// `schema.name` (each part quoted as needed), or `name` in the default schema.
pub fn qualified(schema: Option<&str>, name: &str) -> String {
    match schema {
        Some(s) => format!("{}.{}", quote_if_needed(s), quote_if_needed(name)),
        None => quote_if_needed(name),
    }
}

/// A type's name as SQL: like [`qualified`], but key words that cannot name a
/// type (`position`, `char`) are quoted too.
pub fn type_sql(schema: Option<&str>, name: &str) -> String {
    match schema {
        Some(s) => format!("{}.{}", quote_as_server(s), quote_as_server(name)),
        None => quote_as_server(name),
    }
}

/// A table's name as SQL.
pub fn table_sql(q: &QualifiedName) -> String {
    qualified(q.schema.as_deref(), &q.name)
}

/// The longest prefix of `s` of at most `bytes` bytes that ends on a character
/// boundary (the server clips multibyte names the same way).
fn clip(s: &str, bytes: usize) -> &str {
    let mut end = bytes.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// An identifier as the server stores it: at most 63 bytes.
pub fn truncate(name: &str) -> String {
    clip(name, NAMEDATALEN - 1).to_string()
}

/// `name1[_name2]_label`, trimmed to 63 bytes by shortening the longer of the
/// two names first, one byte at a time, so the label always survives.
pub fn make_object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let overhead = name2.map_or(0, |_| 1) + label.len() + 1;
    let available = (NAMEDATALEN - 1).saturating_sub(overhead);
    let mut n1 = name1.len();
    let mut n2 = name2.map_or(0, str::len);
    while n1 + n2 > available {
        if n1 > n2 {
            n1 -= 1;
        } else {
            n2 -= 1;
        }
    }
    let mut out = clip(name1, n1).to_string();
    if let Some(n) = name2 {
        out.push('_');
        out.push_str(clip(n, n2));
    }
    out.push('_');
    out.push_str(label);
    out
}

/// Column names joined by `_`, stopping once the text reaches NAMEDATALEN
/// bytes (longer would be cut anyway).
fn name_addition(names: &[String]) -> String {
    let mut out = String::new();
    for n in names {
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(clip(n, NAMEDATALEN - 1));
        if out.len() >= NAMEDATALEN {
            break;
        }
    }
    out
}

/// What a generated name is made of: `name1[_name2]_label`, as the server's
/// `makeObjectName` joins them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameParts {
    name1: String,
    name2: Option<String>,
    label: &'static str,
}

impl NameParts {
    /// The name on the `pass`-th try: the label alone first, then with `1`,
    /// `2`, ... appended, the names shortened again to fit.
    pub fn attempt(&self, pass: usize) -> String {
        let label = match pass {
            0 => self.label.to_string(),
            n => format!("{}{n}", self.label),
        };
        make_object_name(&self.name1, self.name2.as_deref(), &label)
    }

    /// The first attempt that `taken` does not refuse: how the server's
    /// ChooseRelationName and ChooseConstraintName pick a name for an
    /// unnamed object (`src/backend/commands/indexcmds.c`,
    /// `src/backend/catalog/pg_constraint.c`).
    pub fn choose(&self, taken: impl Fn(&str) -> bool) -> String {
        (0..)
            .map(|pass| self.attempt(pass))
            .find(|name| !taken(name))
            .unwrap_or_default()
    }
}

/// `<table>_pkey`.
pub fn primary_key_parts(table: &str) -> NameParts {
    NameParts {
        name1: table.to_string(),
        name2: None,
        label: "pkey",
    }
}

/// `<table>_<columns>_key`.
pub fn unique_parts(table: &str, columns: &[String]) -> NameParts {
    NameParts {
        name1: table.to_string(),
        name2: Some(name_addition(columns)),
        label: "key",
    }
}

/// `<table>_<columns>_fkey`.
pub fn foreign_key_parts(table: &str, columns: &[String]) -> NameParts {
    NameParts {
        name1: table.to_string(),
        name2: Some(name_addition(columns)),
        label: "fkey",
    }
}

/// `<table>_<column>_check` when the expression uses exactly one column,
/// else `<table>_check` (the server decides by the columns it references).
pub fn check_parts(table: &str, expression: &str) -> NameParts {
    let cols = referenced_columns(expression);
    let single = (cols.len() == 1)
        .then(|| cols.iter().next().cloned())
        .flatten();
    NameParts {
        name1: table.to_string(),
        name2: single,
        label: "check",
    }
}

/// `<table>_<parts>_idx`; an expression part is named after its function, or
/// `expr`. `INCLUDE` columns count as parts (the server's ChooseIndexColumnNames
/// names every column the index stores).
pub fn index_parts(table: &str, index: &Index) -> NameParts {
    let mut names: Vec<String> = Vec::new();
    let parts = index.parts.iter().map(|p| (p.expression, &p.value));
    let included = index.include.iter().map(|c| (false, c));
    for (expression, value) in parts.chain(included) {
        let base = if expression {
            expression_column_name(value).unwrap_or_else(|| "expr".to_string())
        } else {
            value.clone()
        };
        // Parts of one index get distinct names: expr, expr1, expr2, ...
        let mut name = base.clone();
        let mut n = 1;
        while names.contains(&name) {
            let suffix = n.to_string();
            name = format!("{}{suffix}", clip(&base, NAMEDATALEN - 1 - suffix.len()));
            n += 1;
        }
        names.push(name);
    }
    NameParts {
        name1: table.to_string(),
        name2: Some(name_addition(&names)),
        label: "idx",
    }
}

/// `<table>_pkey`, when nothing else has it.
pub fn primary_key_name(table: &str) -> String {
    primary_key_parts(table).attempt(0)
}

/// `<table>_<columns>_key`, when nothing else has it.
pub fn unique_name(table: &str, columns: &[String]) -> String {
    unique_parts(table, columns).attempt(0)
}

/// `<table>_<columns>_fkey`, when nothing else has it.
pub fn foreign_key_name(table: &str, columns: &[String]) -> String {
    foreign_key_parts(table, columns).attempt(0)
}

/// `<table>_<column>_check` or `<table>_check`, when nothing else has it.
pub fn check_name(table: &str, expression: &str) -> String {
    check_parts(table, expression).attempt(0)
}

/// `<table>_<parts>_idx`, when nothing else has it.
pub fn index_name(table: &str, index: &Index) -> String {
    index_parts(table, index).attempt(0)
}

/// `<table>_<column>_seq`, the sequence behind a serial column.
pub fn sequence_name(table: &str, column: &str) -> String {
    make_object_name(table, Some(column), "seq")
}

/// The name an expression index part gets: the function it calls, the column
/// it is, or (under a cast with neither) the type it is cast to.
fn expression_column_name(expression: &str) -> Option<String> {
    let e = lex::strip_outer_parens(expression);
    let toks = lex::tokens(e);
    // A top-level cast: name the operand, else the type.
    let mut depth = 0i32;
    let mut last_cast = None;
    for (i, t) in toks.iter().enumerate() {
        if t.is("(") {
            depth += 1;
        } else if t.is(")") {
            depth -= 1;
        } else if t.kind == Kind::Cast && depth == 0 {
            last_cast = Some(i);
        }
    }
    if let Some(i) = last_cast {
        let operand = &e[..toks[i].start];
        return expression_column_name(operand).or_else(|| {
            toks[i + 1..]
                .iter()
                .rev()
                .find(|t| matches!(t.kind, Kind::Word | Kind::Quoted))
                .and_then(|t| t.identifier())
        });
    }
    let idents = toks
        .iter()
        .take_while(|t| matches!(t.kind, Kind::Word | Kind::Quoted) || t.is("."));
    let n = idents.count();
    let last = n.checked_sub(1).map(|i| toks[i])?;
    let whole_ident = n == toks.len();
    let call = toks.get(n).is_some_and(|t| t.is("("))
        && lex::matching_close(&toks, n) == Some(toks.len() - 1);
    if whole_ident || call {
        if last.kind == Kind::Word && last.text.eq_ignore_ascii_case("case") {
            return Some("case".into());
        }
        return last.identifier();
    }
    None
}

/// Key words that occur inside expressions and are never column names there.
const EXPRESSION_WORDS: &[&str] = &[
    "all",
    "and",
    "any",
    "array",
    "as",
    "asymmetric",
    "at",
    "between",
    "case",
    "cast",
    "collate",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "distinct",
    "else",
    "end",
    "escape",
    "exists",
    "false",
    "from",
    "ilike",
    "in",
    "interval",
    "is",
    "isnull",
    "like",
    "localtime",
    "localtimestamp",
    "not",
    "notnull",
    "null",
    "or",
    "overlaps",
    "session_user",
    "similar",
    "some",
    "symmetric",
    "then",
    "time",
    "to",
    "true",
    "unknown",
    "user",
    "when",
    "zone",
];

/// The column names an expression mentions (approximately: identifiers that
/// are not key words, function names, type names or qualifiers).
fn referenced_columns(expression: &str) -> BTreeSet<String> {
    let toks = lex::tokens(expression);
    let mut out = BTreeSet::new();
    let mut in_type = false;
    let mut type_parens = 0usize;
    for (i, t) in toks.iter().enumerate() {
        if t.kind == Kind::Cast {
            in_type = true;
            continue;
        }
        if in_type {
            // A type name: words, `(10,2)`, `[]`, `.`.
            if t.is("(") {
                type_parens += 1;
                continue;
            }
            if type_parens > 0 {
                if t.is(")") {
                    type_parens -= 1;
                }
                continue;
            }
            if matches!(t.kind, Kind::Word | Kind::Quoted) || t.is("[") || t.is("]") || t.is(".") {
                continue;
            }
            in_type = false;
        }
        let Some(name) = t.identifier() else { continue };
        let next = toks.get(i + 1);
        let is_call = next.is_some_and(|n| n.is("("));
        let is_qualifier = next.is_some_and(|n| n.is("."));
        let typed_literal = next.is_some_and(|n| n.kind == Kind::Str);
        let keyword = t.kind == Kind::Word && EXPRESSION_WORDS.contains(&name.as_str());
        if !(is_call || is_qualifier || typed_literal || keyword) {
            out.insert(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::IndexPart;

    #[test]
    fn keyword_lists_are_sorted_for_binary_search() {
        for list in [RESERVED, COLUMN_NAME_KEYWORDS] {
            let mut sorted = list.to_vec();
            sorted.sort_unstable();
            assert_eq!(sorted, list);
        }
        assert_eq!(quote_as_server("char"), "\"char\"");
        assert_eq!(quote_if_needed("char"), "char");
    }

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(quote_if_needed("users"), "users");
        assert_eq!(quote_if_needed("user_2"), "user_2");
        assert_eq!(quote_if_needed("order"), "\"order\"");
        assert_eq!(quote_if_needed("user"), "\"user\"");
        assert_eq!(quote_if_needed("Users"), "\"Users\"");
        assert_eq!(quote_if_needed("user group"), "\"user group\"");
        assert_eq!(quote_if_needed("café"), "\"café\"");
        assert_eq!(quote_if_needed("2fa"), "\"2fa\"");
        assert_eq!(quote_if_needed("a\"b"), "\"a\"\"b\"");
        assert_eq!(quote_if_needed("name"), "name");
        assert_eq!(
            qualified(Some("Other"), "t"),
            "\"Other\".t",
            "schema quoted alone"
        );
    }

    #[test]
    fn generated_names_fit_in_63_bytes() {
        assert_eq!(primary_key_name("users"), "users_pkey");
        assert_eq!(
            unique_name("users", &["a".into(), "b".into()]),
            "users_a_b_key"
        );
        assert_eq!(
            foreign_key_name("orders", &["user_id".into()]),
            "orders_user_id_fkey"
        );
        let t = "a".repeat(63);
        let c = "b".repeat(49);
        // What PostgreSQL 15 printed for this table and a serial column.
        assert_eq!(
            sequence_name(&t, &c),
            format!("{}_{}_seq", "a".repeat(29), "b".repeat(29))
        );
        assert_eq!(
            unique_name(&t, &["c".into(), "d".into()]),
            format!("{}_c_d_key", "a".repeat(55))
        );
        let long = make_object_name(&"é".repeat(40), Some("x"), "idx");
        assert!(long.len() <= 63 && long.ends_with("_x_idx"), "{long}");
    }

    #[test]
    fn check_names_follow_the_referenced_column() {
        assert_eq!(check_name("t", "rating BETWEEN 1 AND 5"), "t_rating_check");
        assert_eq!(check_name("t", "(price > (0)::numeric)"), "t_price_check");
        assert_eq!(
            check_name("t", "((length(b) < 5) OR (b IS NULL))"),
            "t_b_check"
        );
        assert_eq!(
            check_name("t", "((c)::text ~ '^x'::character varying)"),
            "t_c_check"
        );
        assert_eq!(check_name("t", "a > 0 AND b <> ''"), "t_check");
        assert_eq!(check_name("t", "\"Order\" > 0"), "t_Order_check");
    }

    #[test]
    fn index_names_use_columns_and_functions() {
        let index = |parts: Vec<IndexPart>| Index {
            parts,
            ..Default::default()
        };
        let expr = |v: &str| IndexPart {
            value: v.into(),
            expression: true,
            opclass: None,
            nulls_first: None,
            descending: false,
        };
        assert_eq!(
            index_name("t", &index(vec![IndexPart::column("a")])),
            "t_a_idx"
        );
        assert_eq!(
            index_name("t", &index(vec![expr("lower(email)")])),
            "t_lower_idx"
        );
        assert_eq!(
            index_name("t", &index(vec![expr("(a + b)"), expr("a * 2")])),
            "t_expr_expr1_idx"
        );
        assert_eq!(
            index_name("t", &index(vec![expr("(email)::text")])),
            "t_email_idx"
        );
        let covering = Index {
            include: vec!["b".into(), "c".into()],
            ..index(vec![IndexPart::column("a")])
        };
        assert_eq!(index_name("t", &covering), "t_a_b_c_idx");
    }
}
