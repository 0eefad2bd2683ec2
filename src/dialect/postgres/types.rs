//! PostgreSQL normalization: both sides of a comparison in the spelling the
//! server prints (`format_type`, `pg_get_expr`), and the comparison rules the
//! diff uses. Pure: what cannot be decided from the text alone (a check's
//! deparsed form) is left to [`super::canonical`], which asks the server.

use super::lex::{self, Kind};
use super::names;
use crate::dialect::Side;
use crate::diff::Compare;
use crate::schema::{Column, Identity, IdentityOptions, Index, QualifiedName, Schema, Table};

/// The comparison rules of this dialect.
pub struct PostgresCompare;

/// The instance the dialect hands to the diff.
pub static COMPARE: PostgresCompare = PostgresCompare;

impl Compare for PostgresCompare {
    // Names arrive folded (unquoted identifiers are lower case), so the name
    // itself is the key: PostgreSQL compares identifiers exactly.

    fn is_narrowing(&self, from: &Column, to: &Column) -> bool {
        narrows(&from.data_type, &to.data_type)
    }

    /// Stored expressions are parse trees that name columns by number, so a
    /// renamed column prints under its new name ("ALTER TABLE", RENAME).
    fn rename_in_expression(&self, expression: &str, from: &str, to: &str) -> String {
        super::lex::rename_identifier(expression, from, to)
    }

    /// `COMMENT ON INDEX` changes the comment without a rebuild.
    fn alters_index_comment(&self) -> bool {
        true
    }
}

/// The schema PostgreSQL creates objects in by default: the default schema
/// of a comparison unless the database reports another
/// (`Schema::default_schema`). In type names and `nextval` arguments, which
/// the server prints unqualified when the search path finds them, `public.`
/// always goes: the default search path holds it.
const DEFAULT_SCHEMA: &str = "public";

/// Rewrites `schema` into canonical spelling.
pub fn normalize(schema: &mut Schema, _side: Side) {
    // Both sides get the same treatment: every rule is idempotent on what the
    // catalog prints, so the database side passes through unchanged.
    // Only the default schema's own name means "no schema": where it is not
    // `public` (a role with a schema of its name), `public.users` in the
    // models is another table than `users`, as it is to the server.
    let default = schema
        .default_schema
        .clone()
        .unwrap_or_else(|| DEFAULT_SCHEMA.to_string());
    let default_schema = |s: &mut Option<String>| {
        if s.as_deref() == Some(default.as_str()) {
            *s = None;
        }
    };
    for e in &mut schema.enums {
        default_schema(&mut e.schema);
        e.name = names::truncate(&e.name);
    }
    for e in &mut schema.extensions {
        default_schema(&mut e.schema);
    }
    schema.schemas.retain(|s| *s != default);
    for s in &mut schema.sequences {
        default_schema(&mut s.schema);
        s.name = names::truncate(&s.name);
    }
    for d in &mut schema.domains {
        default_schema(&mut d.schema);
        d.name = names::truncate(&d.name);
    }
    let enums = enum_spellings(schema);
    for c in &mut schema.composites {
        default_schema(&mut c.schema);
        c.name = names::truncate(&c.name);
        for a in &mut c.attributes {
            a.name = names::truncate(&a.name);
            a.ty = attribute_type(&a.ty, &enums);
        }
    }
    for t in &mut schema.tables {
        default_schema(&mut t.schema);
        for fk in &mut t.foreign_keys {
            default_schema(&mut fk.ref_schema);
        }
        normalize_table(t, &enums);
    }
    schema.sort();
}

/// A table name (or foreign-key target) as [`normalize`] spells it in a
/// schema whose default schema is `default` (`None`: `public`).
pub fn normalize_table_name(name: &mut QualifiedName, default: Option<&str>) {
    if name.schema.as_deref() == Some(default.unwrap_or(DEFAULT_SCHEMA)) {
        name.schema = None;
    }
    name.name = names::truncate(&name.name);
}

/// For each enum: the spellings models use for it (bare, qualified, quoted)
/// and its canonical spelling as a type.
fn enum_spellings(schema: &Schema) -> Vec<(Vec<String>, String)> {
    schema
        .enums
        .iter()
        .map(|e| {
            let parts: Vec<String> = e.schema.iter().chain([&e.name]).cloned().collect();
            let canonical = enum_type_name(&parts);
            (vec![parts.join("."), canonical.clone()], canonical)
        })
        .collect()
}

/// Identifiers longer than 63 bytes are truncated by the server ("Identifiers
/// and Key Words"), so the models' names are compared truncated.
fn truncate_all(names: &mut [String]) {
    for n in names {
        *n = names::truncate(n);
    }
}

fn truncate_name(name: &mut Option<String>) {
    *name = name.as_deref().map(names::truncate);
}

fn normalize_table(t: &mut Table, enums: &[(Vec<String>, String)]) {
    t.name = names::truncate(&t.name);
    let table = t.qualified();
    for c in &mut t.columns {
        c.name = names::truncate(&c.name);
        c.data_type = enum_type(&c.data_type, enums).unwrap_or_else(|| c.data_type.clone());
        normalize_column(&table, c);
    }
    if let Some(pk) = &mut t.primary_key {
        truncate_name(&mut pk.name);
        truncate_all(&mut pk.columns);
        for c in t
            .columns
            .iter_mut()
            .filter(|c| pk.columns.contains(&c.name))
        {
            c.nullable = false;
        }
    }
    for u in &mut t.uniques {
        truncate_name(&mut u.name);
        truncate_all(&mut u.columns);
    }
    for fk in &mut t.foreign_keys {
        truncate_name(&mut fk.name);
        fk.ref_table = names::truncate(&fk.ref_table);
        truncate_all(&mut fk.columns);
        truncate_all(&mut fk.ref_columns);
    }
    for k in &mut t.checks {
        truncate_name(&mut k.name);
        k.expression = k.expression.trim().to_string();
    }
    for i in &mut t.indexes {
        normalize_index(i);
    }
    // COMMENT ... IS '' removes a comment (docs, "COMMENT").
    if t.comment.as_deref() == Some("") {
        t.comment = None;
    }
}

/// The canonical spelling of `data_type` when it names one of `enums` (or an array of one).
fn enum_type(data_type: &str, enums: &[(Vec<String>, String)]) -> Option<String> {
    let t = data_type.trim();
    let (element, array) = match t.strip_suffix("[]") {
        Some(e) => (e, "[]"),
        None => (t, ""),
    };
    enums
        .iter()
        .find(|(spellings, _)| spellings.iter().any(|s| s == element))
        .map(|(_, canonical)| format!("{canonical}{array}"))
}

fn normalize_index(i: &mut Index) {
    truncate_name(&mut i.name);
    // As for tables: COMMENT ON INDEX ... IS '' removes the comment.
    if i.comment.as_deref() == Some("") {
        i.comment = None;
    }
    // btree is the default access method ("CREATE INDEX" docs).
    i.method = i
        .method
        .as_deref()
        .map(str::to_lowercase)
        .filter(|m| m != "btree");
    i.predicate = i
        .predicate
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string);
    for c in &mut i.include {
        *c = names::truncate(c);
    }
    for p in &mut i.parts {
        // Nulls sort as if larger than any value ("CREATE INDEX" docs), so
        // NULLS FIRST is the default of DESC and NULLS LAST of ASC.
        p.nulls_first = p.nulls_first.filter(|&first| first != p.descending);
        p.value = if p.expression {
            p.value.trim().to_string()
        } else {
            names::truncate(&p.value)
        };
    }
}

/// A composite attribute's type (`INT`, `text COLLATE "C"`) spelled as a
/// column's type and collation are, so the models' text meets the
/// catalog's `format_type` and collation name.
fn attribute_type(ty: &str, enums: &[(Vec<String>, String)]) -> String {
    let (base, collation) = match ty.to_ascii_uppercase().find(" COLLATE ") {
        Some(i) => (&ty[..i], Some(ty[i + " COLLATE ".len()..].trim())),
        None => (ty, None),
    };
    let mut out = enum_type(base, enums).unwrap_or_else(|| canonical_type(base).0);
    if let Some(c) = collation.and_then(canonical_collation) {
        out.push_str(" COLLATE ");
        out.push_str(&c);
    }
    out
}

fn normalize_column(table: &QualifiedName, c: &mut Column) {
    let (data_type, serial) = canonical_type(&c.data_type);
    c.data_type = data_type;
    if serial {
        // What `serial` expands to ("Serial Types" in the data-type docs).
        c.nullable = false;
        c.default = Some(serial_default(table, &c.name));
    }
    if c.identity == Some(Identity::AutoIncrement) {
        // The closest PostgreSQL behaviour to a MySQL/SQLite auto-increment.
        c.identity = Some(Identity::ByDefault);
    }
    if c.identity.is_some() {
        // Identity columns are implicitly NOT NULL (CREATE TABLE docs).
        c.nullable = false;
    }
    c.identity_options = match c.identity {
        Some(_) => c.identity_options.take().and_then(|o| without_defaults(*o)),
        None => None,
    };
    c.default = c
        .default
        .as_deref()
        .and_then(|d| normalize_default(d, &c.data_type));
    c.collation = c
        .collation
        .as_deref()
        .and_then(canonical_collation)
        .map(String::into_boxed_str);
    if c.comment.as_deref() == Some("") {
        c.comment = None;
    }
}

/// Identity options without those that say what PostgreSQL does anyway
/// (`CREATE SEQUENCE` docs: increment 1, cache 1, an ascending sequence's
/// minimum 1 and a descending one's maximum -1, starting at that minimum or
/// maximum), as pg_dump writes them for every identity column; `None` when
/// nothing is left. Only the spelling changes: the sequence created is the
/// same.
fn without_defaults(mut o: IdentityOptions) -> Option<Box<IdentityOptions>> {
    if o.increment == Some(1) {
        o.increment = None;
    }
    if o.cache == Some(1) {
        o.cache = None;
    }
    let ascending = o.increment.is_none_or(|i| i > 0);
    if ascending && o.min_value == Some(1) {
        o.min_value = None;
    }
    if !ascending && o.max_value == Some(-1) {
        o.max_value = None;
    }
    let start = o.start.take();
    if start != Some(identity_start(Some(&o)).0) {
        o.start = start;
    }
    (!o.is_empty()).then(|| Box::new(o))
}

/// The first value of an identity sequence with these options, and whether
/// it counts up: without `START WITH`, an ascending sequence starts at its
/// minimum (1 by default), a descending one at its maximum (-1 by default)
/// (`CREATE SEQUENCE` docs).
pub fn identity_start(options: Option<&IdentityOptions>) -> (i64, bool) {
    let o = options.cloned().unwrap_or_default();
    let ascending = o.increment.is_none_or(|i| i > 0);
    let start = match ascending {
        true => o.start.or(o.min_value).unwrap_or(1),
        false => o.start.or(o.max_value).unwrap_or(-1),
    };
    (start, ascending)
}

/// The default PostgreSQL gives a serial column: `nextval('<table>_<col>_seq'::regclass)`.
pub fn serial_default(table: &QualifiedName, column: &str) -> String {
    let seq = names::sequence_name(&table.name, column);
    nextval_sql(table.schema.as_deref(), &seq)
}

fn nextval_sql(schema: Option<&str>, sequence: &str) -> String {
    // Spelled as regclass output spells it, so the catalog text matches as is.
    let regclass = match schema {
        Some(s) => format!(
            "{}.{}",
            names::quote_as_server(s),
            names::quote_as_server(sequence)
        ),
        None => names::quote_as_server(sequence),
    };
    format!(
        "nextval({}::regclass)",
        super::render::quote_string(&regclass)
    )
}

/// The serial pseudo-type a column stands for (`serial`, `bigserial`,
/// `smallserial`): an integer column whose default is its own serial sequence.
pub fn serial_type(table: &QualifiedName, column: &Column) -> Option<&'static str> {
    if column.identity.is_some()
        || column.default.as_deref() != Some(serial_default(table, &column.name).as_str())
    {
        return None;
    }
    match column.data_type.as_str() {
        "integer" => Some("serial"),
        "bigint" => Some("bigserial"),
        "smallint" => Some("smallserial"),
        _ => None,
    }
}

/// The canonical spelling of a type, and whether it was a serial pseudo-type.
pub fn canonical_type(raw: &str) -> (String, bool) {
    let mut t = raw.trim();
    let mut array = false;
    loop {
        if let Some(open) = t.strip_suffix(']').and_then(|s| s.rfind('[')) {
            t = t[..open].trim_end();
            array = true;
        } else if t.len() > 6 && t.is_char_boundary(t.len() - 6) && {
            let tail = &t[t.len() - 6..];
            tail.eq_ignore_ascii_case(" array")
        } {
            t = t[..t.len() - 6].trim_end();
            array = true;
        } else {
            break;
        }
    }
    let (scalar, serial) = canonical_scalar(t);
    // format_type prints every array as one `[]`, whatever its declared dimensions.
    if array {
        (format!("{scalar}[]"), false)
    } else {
        (scalar, serial)
    }
}

fn canonical_scalar(t: &str) -> (String, bool) {
    // Built-in types live in pg_catalog, which format_type never names.
    for prefix in ["pg_catalog.", "\"pg_catalog\"."] {
        if let Some(rest) = t
            .get(..prefix.len())
            .filter(|head| head.eq_ignore_ascii_case(prefix))
            .map(|_| &t[prefix.len()..])
        {
            return (canonical_scalar(rest).0, false);
        }
    }
    // A quoted name is exact: `"char"` is the one-byte internal type, which
    // format_type prints quoted, not `char` (character(1)).
    if t.contains('"') || t.contains('.') {
        return (canonical_name(t), false);
    }
    let (words, params) = match t.find('(') {
        Some(open) => {
            let close = t[open..].find(')').map_or(t.len(), |c| open + c);
            let params: String = t[open + 1..close]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let rest = format!("{} {}", &t[..open], t.get(close + 1..).unwrap_or(""));
            (rest, Some(params))
        }
        None => (t.to_string(), None),
    };
    let words = words
        .split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ");
    let with = |base: &str| match &params {
        Some(p) => format!("{base}({p})"),
        None => base.to_string(),
    };
    let plain = |s: &str| (s.to_string(), false);
    match words.as_str() {
        "int" | "integer" | "int4" => plain("integer"),
        "bigint" | "int8" => plain("bigint"),
        "smallint" | "int2" => plain("smallint"),
        "serial" | "serial4" => ("integer".into(), true),
        "bigserial" | "serial8" => ("bigint".into(), true),
        "smallserial" | "serial2" => ("smallint".into(), true),
        "varchar" | "character varying" | "char varying" => plain(&with("character varying")),
        "char" | "character" => match &params {
            Some(p) => plain(&format!("character({p})")),
            // CHAR without a length is CHAR(1) (docs, "Character Types").
            None => plain("character(1)"),
        },
        "text" => plain("text"),
        "numeric" | "decimal" | "dec" => match params.as_deref() {
            Some(p) if !p.contains(',') => plain(&format!("numeric({p},0)")),
            _ => plain(&with("numeric")),
        },
        "boolean" | "bool" => plain("boolean"),
        "timestamp" | "timestamp without time zone" => {
            plain(&format!("{} without time zone", with("timestamp")))
        }
        "timestamptz" | "timestamp with time zone" => {
            plain(&format!("{} with time zone", with("timestamp")))
        }
        "time" | "time without time zone" => plain(&format!("{} without time zone", with("time"))),
        "timetz" | "time with time zone" => plain(&format!("{} with time zone", with("time"))),
        "double precision" | "double" | "float8" => plain("double precision"),
        "real" | "float4" => plain("real"),
        // FLOAT(p): 1-24 bits is real, 25-53 double ("Floating-Point Types").
        "float" => match params.as_deref().map(str::parse::<u32>) {
            None => plain("double precision"),
            Some(Ok(1..=24)) => plain("real"),
            Some(Ok(25..=53)) => plain("double precision"),
            Some(_) => plain(&with("float")),
        },
        "bit" => plain(&with_default(&params, "bit", "1")),
        "bit varying" | "varbit" => plain(&with("bit varying")),
        "blob" | "bytea" => plain("bytea"),
        _ => plain(&with(&words)),
    }
}

fn with_default(params: &Option<String>, base: &str, default: &str) -> String {
    format!("{base}({})", params.as_deref().unwrap_or(default))
}

/// A collation name spelled like a type name (see `canonical_name`), the
/// schema of the built-in ones (`pg_catalog`) left out too; `default`, the
/// type's own collation, is none.
pub fn canonical_collation(name: &str) -> Option<String> {
    let n = canonical_name(name);
    let n = n.strip_prefix("pg_catalog.").unwrap_or(&n);
    (n != "\"default\"").then(|| n.to_string())
}

/// A user-defined type name (an enum), possibly qualified or quoted: unquoted
/// parts fold, the default schema goes, each part is quoted as needed.
fn canonical_name(t: &str) -> String {
    let toks = lex::tokens(t);
    // Type modifiers (`(Point,4326)`) are kept as written.
    let open = toks.iter().position(|tok| tok.is("("));
    let modifiers = open.map_or("", |i| &t[toks[i].start..]);
    let mut parts: Vec<String> = toks[..open.unwrap_or(toks.len())]
        .iter()
        .filter_map(|tok| tok.identifier())
        .collect();
    if parts.is_empty() {
        return t.to_string();
    }
    if parts.len() == 2 && parts[0] == DEFAULT_SCHEMA {
        parts.remove(0);
    }
    format!("{}{modifiers}", enum_type_name(&parts))
}

/// A user-defined type's name as `format_type` prints it: parts quoted like
/// `quote_ident` does (a type called `char` must stay `"char"`).
fn enum_type_name(parts: &[String]) -> String {
    parts
        .iter()
        .map(|p| names::quote_as_server(p))
        .collect::<Vec<_>>()
        .join(".")
}

/// A type without its modifiers: `character varying(20)` -> `character varying`,
/// `numeric(10,2)` -> `numeric`; `bpchar` is `character`.
fn base_type(t: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in t.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    match out.as_str() {
        "bpchar" => "character".into(),
        "bpchar[]" => "character[]".into(),
        _ => out,
    }
}

fn is_numeric_type(t: &str) -> bool {
    matches!(
        base_type(t).as_str(),
        "smallint" | "integer" | "bigint" | "numeric" | "real" | "double precision"
    )
}

fn is_string_type(t: &str) -> bool {
    matches!(
        base_type(t).as_str(),
        "text" | "character varying" | "character"
    )
}

/// SQL-standard value functions, which the server prints in upper case.
const VALUE_FUNCTIONS: &[&str] = &[
    "CURRENT_CATALOG",
    "CURRENT_DATE",
    "CURRENT_ROLE",
    "CURRENT_SCHEMA",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "CURRENT_USER",
    "LOCALTIME",
    "LOCALTIMESTAMP",
    "SESSION_USER",
    "USER",
];

/// Functions with special syntax that the server prints in upper case.
const UPPER_CALLS: &[&str] = &["COALESCE", "GREATEST", "LEAST", "NULLIF"];

/// A column default in the server's spelling for a column of `data_type`:
/// `NULL` is no default, a literal cast to the column's own type loses the
/// cast, numbers and booleans take their plain form, key words their case.
pub fn normalize_default(expr: &str, data_type: &str) -> Option<String> {
    let e = single_literal(expr.trim());
    if e.is_empty() || e.eq_ignore_ascii_case("null") {
        return None;
    }
    if let Some((lit, ty)) = literal_cast(e) {
        if lit.eq_ignore_ascii_case("null") {
            return None;
        }
        let (ty, _) = canonical_type(&ty);
        let own = ty == data_type || base_type(&ty) == base_type(data_type);
        if own {
            return Some(plain_literal(&lit, data_type));
        }
        if is_numeric_type(data_type) && is_numeric_type(&ty) && quoted_number(&lit).is_some() {
            return Some(plain_literal(&lit, data_type));
        }
        return Some(format!("{lit}::{ty}"));
    }
    let upper = e.to_ascii_uppercase();
    if upper == "TRUE" || upper == "FALSE" {
        return Some(upper.to_lowercase());
    }
    let keyword = upper.split('(').next().unwrap_or("").trim_end();
    if VALUE_FUNCTIONS.contains(&keyword) && !upper.contains(' ') {
        return Some(upper);
    }
    if let Some(n) = nextval(e) {
        return Some(n);
    }
    Some(plain_literal(&call_case(e), data_type))
}

/// `(0)` -> `0`, `('x')` -> `'x'`: parentheses around one literal go.
fn single_literal(e: &str) -> &str {
    let inner = lex::strip_outer_parens(e);
    let toks = lex::tokens(inner);
    let literal = match toks.as_slice() {
        [t] => matches!(t.kind, Kind::Str | Kind::Number | Kind::Word),
        [m, n] => m.is("-") && n.kind == Kind::Number,
        _ => false,
    };
    if literal { inner } else { e }
}

/// A literal in plain form for a column of `data_type`: `'-1'` on a number
/// column is `-1`, `'t'` on a boolean is `true`, `- 1` is `-1`.
fn plain_literal(lit: &str, data_type: &str) -> String {
    if is_numeric_type(data_type) {
        if let Some(n) = quoted_number(lit) {
            return n;
        }
        let toks = lex::tokens(lit);
        if let [m, n] = toks.as_slice()
            && m.is("-")
            && n.kind == Kind::Number
        {
            return format!("-{}", n.text);
        }
    }
    if data_type == "boolean" {
        // Boolean input accepts these spellings ("Boolean Type").
        let word = string_content(lit).unwrap_or_else(|| lit.to_string());
        match word.trim().to_ascii_lowercase().as_str() {
            "t" | "true" | "y" | "yes" | "on" | "1" => return "true".into(),
            "f" | "false" | "n" | "no" | "off" | "0" => return "false".into(),
            _ => {}
        }
    }
    lit.to_string()
}

/// The content of a plain `'...'` literal.
fn string_content(lit: &str) -> Option<String> {
    let toks = lex::tokens(lit);
    match toks.as_slice() {
        [t] if t.kind == Kind::Str && t.text.starts_with('\'') => {
            Some(t.text[1..t.text.len() - 1].replace("''", "'"))
        }
        _ => None,
    }
}

/// `'-1.5'` -> `-1.5`: a quoted plain decimal number.
fn quoted_number(lit: &str) -> Option<String> {
    let s = string_content(lit)?;
    is_plain_number(&s).then_some(s)
}

fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let mut parts = digits.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    !int.is_empty()
        && int.chars().all(|c| c.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()))
}

/// `'x'::type` or `CAST('x' AS type)`: the literal and the type text.
fn literal_cast(e: &str) -> Option<(String, String)> {
    let toks = lex::tokens(e);
    let type_only = |from: usize, to: usize| {
        toks[from..to].iter().all(|t| {
            matches!(t.kind, Kind::Word | Kind::Quoted | Kind::Number)
                || [".", "(", ")", ",", "[", "]"].iter().any(|p| t.is(p))
        }) && from < to
    };
    let literal = |t: &lex::Token<'_>| {
        t.kind == Kind::Str || (t.kind == Kind::Word && t.text.eq_ignore_ascii_case("null"))
    };
    if toks.len() >= 3
        && literal(&toks[0])
        && toks[1].kind == Kind::Cast
        && type_only(2, toks.len())
    {
        return Some((
            toks[0].text.to_string(),
            e[toks[2].start..].trim().to_string(),
        ));
    }
    let cast_call = toks.len() >= 6
        && toks[0].kind == Kind::Word
        && toks[0].text.eq_ignore_ascii_case("cast")
        && toks[1].is("(")
        && literal(&toks[2])
        && toks[3].kind == Kind::Word
        && toks[3].text.eq_ignore_ascii_case("as")
        && lex::matching_close(&toks, 1) == Some(toks.len() - 1)
        && type_only(4, toks.len() - 1);
    if cast_call {
        let last = toks[toks.len() - 1].start;
        return Some((
            toks[2].text.to_string(),
            e[toks[4].start..last].trim().to_string(),
        ));
    }
    None
}

/// `nextval('s')`, `NEXTVAL('public.s'::regclass)` -> `nextval('s'::regclass)`.
fn nextval(e: &str) -> Option<String> {
    let (schema, seq) = nextval_sequence(e)?;
    Some(nextval_sql(schema.as_deref(), &seq))
}

/// The sequence a `nextval('...')` default draws from, parsed as regclass
/// input does (unquoted parts fold; the default schema is `None`).
pub fn nextval_sequence(e: &str) -> Option<(Option<String>, String)> {
    let toks = lex::tokens(e);
    let shape_ok = toks.len() >= 4
        && toks[0].kind == Kind::Word
        && toks[0].text.eq_ignore_ascii_case("nextval")
        && toks[1].is("(")
        && toks[2].kind == Kind::Str
        && toks[toks.len() - 1].is(")");
    if !shape_ok {
        return None;
    }
    let cast_ok = match &toks[3..toks.len() - 1] {
        [] => true,
        [c, w] => c.kind == Kind::Cast && w.text.eq_ignore_ascii_case("regclass"),
        _ => false,
    };
    if !cast_ok {
        return None;
    }
    let name = string_content(toks[2].text)?;
    let parts: Vec<String> = lex::tokens(&name)
        .iter()
        .filter_map(|t| t.identifier())
        .collect();
    match parts.as_slice() {
        [seq] => Some((None, seq.clone())),
        [schema, seq] if schema == DEFAULT_SCHEMA => Some((None, seq.clone())),
        [schema, seq] => Some((Some(schema.clone()), seq.clone())),
        _ => None,
    }
}

/// `NOW()` -> `now()`: a call's name in the case the server prints it.
fn call_case(e: &str) -> String {
    let toks = lex::tokens(e);
    let is_call = toks.len() >= 3
        && toks[0].kind == Kind::Word
        && toks[1].is("(")
        && lex::matching_close(&toks, 1) == Some(toks.len() - 1);
    if !is_call {
        return e.to_string();
    }
    let name = toks[0].text;
    let upper = name.to_ascii_uppercase();
    let spelled = if UPPER_CALLS.contains(&upper.as_str()) {
        upper
    } else {
        name.to_lowercase()
    };
    format!("{spelled}{}", &e[name.len()..])
}

/// Whether a (normalized) default is already in the exact text the server
/// would store for a column of `data_type`, so asking it is pointless.
pub fn is_settled_default(expr: &str, data_type: &str) -> bool {
    let upper = expr.to_ascii_uppercase();
    if VALUE_FUNCTIONS.contains(&upper.as_str()) || expr.starts_with("nextval(") {
        return true;
    }
    if data_type == "boolean" {
        return expr == "true" || expr == "false";
    }
    if is_numeric_type(data_type) {
        // A plain number prints as written, or as '-1'::integer, which
        // normalizes back to it; leading zeros and negative zero do not.
        let digits = expr.strip_prefix('-').unwrap_or(expr);
        let leading_zero = digits.starts_with('0') && !digits.starts_with("0.") && digits != "0";
        let negative_zero = expr.starts_with('-') && digits.chars().all(|c| c == '0' || c == '.');
        return is_plain_number(expr) && !leading_zero && !negative_zero;
    }
    // Strings on string columns keep their text (without backslashes, which
    // the server would print as an E'' literal).
    is_string_type(data_type) && string_content(expr).is_some() && !expr.contains('\\')
}

// ---- narrowing -------------------------------------------------------------

fn int_rank(t: &str) -> Option<(u8, u32)> {
    match t {
        "smallint" => Some((1, 5)),
        "integer" => Some((2, 10)),
        "bigint" => Some((3, 19)),
        _ => None,
    }
}

fn float_rank(t: &str) -> Option<u8> {
    match t {
        "real" => Some(1),
        "double precision" => Some(2),
        _ => None,
    }
}

/// `numeric` -> Some(None); `numeric(p,s)` -> Some(Some((p, s))).
fn numeric_params(t: &str) -> Option<Option<(u32, u32)>> {
    if t == "numeric" {
        return Some(None);
    }
    let inner = t.strip_prefix("numeric(")?.strip_suffix(')')?;
    let (p, s) = inner.split_once(',')?;
    Some(Some((p.parse().ok()?, s.parse().ok()?)))
}

/// Unbounded text -> Some(None); a length-limited string -> Some(Some(n)).
fn string_len(t: &str) -> Option<Option<u32>> {
    // citext (the extension's case-insensitive text) holds any string too.
    if matches!(t, "text" | "character varying" | "bpchar" | "citext") {
        return Some(None);
    }
    let inner = t
        .strip_prefix("character varying(")
        .or_else(|| t.strip_prefix("character("))?
        .strip_suffix(')')?;
    Some(Some(inner.parse().ok()?))
}

/// A bit string type: (varying, length); `bit varying` has no limit.
fn bit_len(t: &str) -> Option<(bool, Option<u32>)> {
    if t == "bit varying" {
        return Some((true, None));
    }
    let (varying, inner) = match t.strip_prefix("bit varying(") {
        Some(r) => (true, r),
        None => (false, t.strip_prefix("bit(")?),
    };
    Some((varying, Some(inner.strip_suffix(')')?.parse().ok()?)))
}

/// (kind, precision): kind 0 = date, 1 = timestamp, 2 = time; precision 6 when unspecified.
fn temporal(t: &str) -> Option<(u8, u32)> {
    if t == "date" {
        return Some((0, 0));
    }
    let (kind, rest) = if let Some(r) = t.strip_prefix("timestamp") {
        (1, r)
    } else if let Some(r) = t.strip_prefix("time") {
        (2, r)
    } else {
        return None;
    };
    let precision = match rest.strip_prefix('(') {
        Some(r) => r.split(')').next()?.parse().ok()?,
        None => 6,
    };
    Some((kind, precision))
}

/// Whether changing a column from type `a` to type `b` can lose data. When
/// unsure between different types it says yes; known widenings say no.
pub fn narrows(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    if let (Some(ea), Some(eb)) = (a.strip_suffix("[]"), b.strip_suffix("[]")) {
        return narrows(ea, eb);
    }
    if !a.ends_with("[]") && string_len(b) == Some(None) {
        // Every scalar value has a text form.
        return false;
    }
    if let (Some(la), Some(lb)) = (string_len(a), string_len(b)) {
        return match (la, lb) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(x), Some(y)) => y < x,
        };
    }
    if let Some((ra, digits)) = int_rank(a) {
        if let Some((rb, _)) = int_rank(b) {
            return rb < ra;
        }
        if let Some(n) = numeric_params(b) {
            return n.is_some_and(|(p, s)| p - s.min(p) < digits);
        }
        if let Some(f) = float_rank(b) {
            // real holds 24 bits exactly, double precision 53.
            return !(ra == 1 || (ra == 2 && f == 2));
        }
        return true;
    }
    if let Some(na) = numeric_params(a) {
        return match (na, numeric_params(b)) {
            (_, Some(None)) => false,
            (None, Some(Some(_))) => true,
            (Some((p, s)), Some(Some((q, t)))) => t < s || q - t.min(q) < p - s.min(p),
            _ => true,
        };
    }
    if let Some(fa) = float_rank(a) {
        return match (float_rank(b), numeric_params(b)) {
            (Some(fb), _) => fb < fa,
            (_, Some(None)) => false,
            _ => true,
        };
    }
    if let (Some(la), Some(lb)) = (bit_len(a), bit_len(b)) {
        return match (la, lb) {
            // Into `bit varying`: fits unless the new limit is shorter.
            (_, (true, None)) => false,
            ((_, None), (true, Some(_))) => true,
            ((_, Some(x)), (true, Some(y))) => y < x,
            // Into `bit(n)`: values of any other length are rejected.
            _ => true,
        };
    }
    if let (Some((ka, pa)), Some((kb, pb))) = (temporal(a), temporal(b)) {
        return match (ka, kb) {
            (0, 0) => false,
            (0, 1) => false,
            (1, 1) | (2, 2) => pb < pa,
            _ => true,
        };
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(t: &str) -> String {
        canonical_type(t).0
    }

    /// `normalize_table_name` spells a table and a foreign-key target as
    /// `normalize` does, whatever the default schema.
    #[test]
    fn table_names_normalize_alone_as_in_a_schema() {
        let long = "t".repeat(70);
        for default in [None, Some("app")] {
            for schema in [None, Some("public"), Some("app"), Some("billing")] {
                let mut t = Table::new(&long);
                t.schema = schema.map(str::to_string);
                t.foreign_keys.push(crate::schema::ForeignKey {
                    ref_schema: t.schema.clone(),
                    ref_table: long.clone(),
                    ..Default::default()
                });
                let mut name = t.qualified();
                let mut s = Schema {
                    tables: vec![t],
                    default_schema: default.map(str::to_string),
                    ..Default::default()
                };
                normalize(&mut s, Side::Model);
                normalize_table_name(&mut name, default);
                assert_eq!(s.tables[0].qualified(), name, "{default:?} {schema:?}");
                assert_eq!(s.tables[0].foreign_keys[0].ref_qualified(), name);
                assert_eq!(name.name.len(), 63);
            }
        }
    }

    #[test]
    fn model_type_spellings_become_format_type_spellings() {
        for (model, canonical) in [
            ("INT", "integer"),
            ("INT4", "integer"),
            ("INTEGER", "integer"),
            ("BIGINT", "bigint"),
            ("SMALLINT", "smallint"),
            ("VARCHAR(200)", "character varying(200)"),
            ("CHARACTER VARYING(20)", "character varying(20)"),
            ("VARCHAR", "character varying"),
            ("CHAR(2)", "character(2)"),
            ("CHAR", "character(1)"),
            ("TEXT", "text"),
            ("NUMERIC(10,2)", "numeric(10,2)"),
            ("DECIMAL(10, 2)", "numeric(10,2)"),
            ("NUMERIC(10)", "numeric(10,0)"),
            ("NUMERIC", "numeric"),
            ("BOOL", "boolean"),
            ("BOOLEAN", "boolean"),
            ("TIMESTAMP", "timestamp without time zone"),
            ("TIMESTAMP(3)", "timestamp(3) without time zone"),
            ("TIMESTAMPTZ", "timestamp with time zone"),
            ("TIMESTAMP WITH TIME ZONE", "timestamp with time zone"),
            ("TIMESTAMP(0) WITH TIME ZONE", "timestamp(0) with time zone"),
            ("TIME", "time without time zone"),
            ("DATE", "date"),
            ("DOUBLE PRECISION", "double precision"),
            ("FLOAT", "double precision"),
            ("FLOAT(10)", "real"),
            ("FLOAT(30)", "double precision"),
            ("REAL", "real"),
            ("UUID", "uuid"),
            ("JSON", "json"),
            ("JSONB", "jsonb"),
            ("BYTEA", "bytea"),
            ("BLOB", "bytea"),
            ("INTEGER[]", "integer[]"),
            ("TEXT[][]", "text[]"),
            ("VARCHAR(5)[]", "character varying(5)[]"),
            ("mood", "mood"),
            ("public.mood", "mood"),
            ("other.mood", "other.mood"),
            ("\"Mood\"", "\"Mood\""),
            ("\"public\".\"Mood\"", "\"Mood\""),
            ("mood[]", "mood[]"),
            ("\"char\"", "\"char\""),
            ("public.geometry(Point,4326)", "geometry(Point,4326)"),
            ("geometry(Point,4326)", "geometry(Point,4326)"),
        ] {
            assert_eq!(ty(model), canonical, "{model}");
            assert_eq!(ty(canonical), canonical, "{canonical} is a fixed point");
        }
        // `"char"` is its own type, bare `char` is character(1) ("Character
        // Types"); both as format_type prints them, arrays too.
        for (model, canonical) in [
            ("\"char\"", "\"char\""),
            ("pg_catalog.\"char\"", "\"char\""),
            ("\"char\"[]", "\"char\"[]"),
            ("char", "character(1)"),
            ("pg_catalog.int4", "integer"),
            ("PG_CATALOG.varchar(10)", "character varying(10)"),
        ] {
            assert_eq!(canonical_type(model).0, canonical, "{model}");
            assert_eq!(canonical_type(canonical).0, canonical, "{canonical}");
        }
        assert_eq!(canonical_type("SERIAL"), ("integer".into(), true));
        assert_eq!(canonical_type("BIGSERIAL"), ("bigint".into(), true));
        assert_eq!(canonical_type("smallserial"), ("smallint".into(), true));
    }

    #[test]
    fn defaults_agree_with_what_the_server_stores() {
        // (model text, catalog text, column type)
        for (model, stored, t) in [
            (
                "'draft'",
                "'draft'::character varying",
                "character varying(20)",
            ),
            ("'{}'::JSONB", "'{}'::jsonb", "jsonb"),
            ("'{}'", "'{}'::integer[]", "integer[]"),
            ("now()", "now()", "timestamp without time zone"),
            ("NOW()", "now()", "timestamp without time zone"),
            (
                "current_timestamp",
                "CURRENT_TIMESTAMP",
                "timestamp with time zone",
            ),
            (
                "CURRENT_TIMESTAMP(3)",
                "CURRENT_TIMESTAMP(3)",
                "timestamp(3) without time zone",
            ),
            ("TRUE", "true", "boolean"),
            ("'t'", "true", "boolean"),
            ("0", "0", "integer"),
            ("-1", "'-1'::integer", "integer"),
            ("-1", "'-1'::integer", "numeric"),
            ("-1.5", "'-1.5'::numeric", "real"),
            ("5000000000", "'5000000000'::bigint", "bigint"),
            ("(0)", "0", "integer"),
            ("'ab'", "'ab'::bpchar", "character(2)"),
            ("'ok'", "'ok'::mood", "mood"),
            ("'x'::TEXT", "'x'::text", "character varying(5)"),
            (
                "CAST('x' AS VARCHAR)",
                "'x'::character varying",
                "character varying",
            ),
            ("nextval('s')", "nextval('s'::regclass)", "bigint"),
            (
                "nextval('public.s'::regclass)",
                "nextval('s'::regclass)",
                "bigint",
            ),
            (
                "nextval('\"S q\"')",
                "nextval('\"S q\"'::regclass)",
                "bigint",
            ),
        ] {
            let m = normalize_default(model, t);
            let s = normalize_default(stored, t);
            assert_eq!(m, s, "{model} vs {stored} on {t}");
            assert_eq!(
                s.as_deref().and_then(|x| normalize_default(x, t)),
                s,
                "idempotent"
            );
        }
        assert_eq!(normalize_default("NULL", "text"), None);
        assert_eq!(normalize_default("NULL::text", "text"), None);
        assert_eq!(
            normalize_default("'x'::text || 'y'", "text").as_deref(),
            Some("'x'::text || 'y'")
        );
    }

    #[test]
    fn serial_columns_become_what_postgres_stores() {
        let mut s = Schema::default();
        let mut t = crate::schema::Table::new("User Group");
        t.schema = Some("public".into());
        t.columns = vec![Column::new("id", "SERIAL")];
        let mut o = crate::schema::Table::new("t2");
        o.schema = Some("other".into());
        o.columns = vec![Column::new("id", "BIGSERIAL")];
        s.tables = vec![t, o];
        normalize(&mut s, Side::Model);
        let id = &s.tables[0].columns[0];
        assert_eq!(s.tables[0].schema, None);
        assert_eq!(id.data_type, "integer");
        assert!(!id.nullable);
        assert_eq!(
            id.default.as_deref(),
            Some("nextval('\"User Group_id_seq\"'::regclass)")
        );
        assert_eq!(
            s.tables[1].columns[0].default.as_deref(),
            Some("nextval('other.t2_id_seq'::regclass)")
        );
        assert_eq!(
            serial_type(&s.tables[1].qualified(), &s.tables[1].columns[0]),
            Some("bigserial")
        );
    }

    #[test]
    fn identity_options_lose_what_postgres_does_anyway() {
        let options = |start, increment, min_value, max_value, cache, cycle| IdentityOptions {
            start,
            increment,
            min_value,
            max_value,
            cache,
            cycle,
        };
        let normalized = |o: IdentityOptions| {
            let mut c = Column {
                identity: Some(Identity::ByDefault),
                identity_options: Some(Box::new(o)),
                ..Column::new("id", "bigint")
            };
            normalize_column(&QualifiedName::new("t"), &mut c);
            c.identity_options.map(|o| *o)
        };
        // pg_dump's spelling of the defaults, ascending and descending.
        assert_eq!(
            normalized(options(Some(1), Some(1), None, None, Some(1), false)),
            None
        );
        assert_eq!(
            normalized(options(Some(-1), Some(-1), None, Some(-1), Some(1), false)),
            Some(options(None, Some(-1), None, None, None, false))
        );
        assert_eq!(
            normalized(options(Some(10), Some(1), Some(10), None, Some(1), false)),
            Some(options(None, None, Some(10), None, None, false))
        );
        // Anything else stays, a start that is another direction's default too.
        let kept = options(Some(1000), Some(5), Some(10), Some(99999), Some(3), true);
        assert_eq!(normalized(kept.clone()), Some(kept.clone()));
        assert_eq!(
            normalized(options(Some(1), Some(-1), None, None, None, false)),
            Some(options(Some(1), Some(-1), None, None, None, false))
        );
        assert_eq!(
            normalized(options(Some(-1), None, Some(-5), None, None, false)),
            Some(options(Some(-1), None, Some(-5), None, None, false))
        );
        // Options of a column without identity go.
        let mut c = Column {
            identity_options: Some(Box::new(kept)),
            ..Column::new("id", "bigint")
        };
        normalize_column(&QualifiedName::new("t"), &mut c);
        assert_eq!(c.identity_options, None);
        // The first value, as the catch-up after ADD GENERATED needs it.
        assert_eq!(identity_start(None), (1, true));
        assert_eq!(
            identity_start(Some(&options(None, None, Some(100), None, None, false))),
            (100, true)
        );
        assert_eq!(
            identity_start(Some(&options(None, Some(-2), None, None, None, false))),
            (-1, false)
        );
        assert_eq!(
            identity_start(Some(&options(
                Some(-7),
                Some(-2),
                None,
                Some(-3),
                None,
                false
            ))),
            (-7, false)
        );
    }

    #[test]
    fn narrowing_is_conservative() {
        for (a, b, lossy) in [
            ("character varying(20)", "character varying(10)", true),
            ("character varying(10)", "character varying(20)", false),
            ("bit varying(10)", "bit varying", false),
            ("bit varying(10)", "bit varying(20)", false),
            ("bit varying(20)", "bit varying(10)", true),
            ("bit varying", "bit varying(10)", true),
            ("bit(8)", "bit varying(8)", false),
            ("bit(8)", "bit varying(4)", true),
            ("bit varying(8)", "bit(8)", true),
            ("character varying(10)", "text", false),
            ("text", "character varying(10)", true),
            ("character varying", "character varying(10)", true),
            ("bigint", "integer", true),
            ("integer", "smallint", true),
            ("integer", "bigint", false),
            ("integer", "numeric(12,2)", false),
            ("integer", "numeric(5,2)", true),
            ("numeric(10,2)", "numeric(12,2)", false),
            ("numeric(10,2)", "numeric(10,1)", true),
            ("numeric(10,2)", "numeric(9,2)", true),
            ("numeric", "numeric(10,2)", true),
            ("double precision", "real", true),
            ("real", "double precision", false),
            ("integer", "double precision", false),
            ("bigint", "double precision", true),
            ("timestamp without time zone", "date", true),
            ("date", "timestamp without time zone", false),
            (
                "timestamp(6) without time zone",
                "timestamp(3) without time zone",
                true,
            ),
            ("integer", "boolean", true),
            ("integer", "text", false),
            ("mood", "text", false),
            ("text", "mood", true),
            ("text", "citext", false),
            ("citext", "text", false),
            ("citext", "character varying(20)", true),
            ("uuid", "integer", true),
            ("integer[]", "bigint[]", false),
            ("bigint[]", "integer[]", true),
        ] {
            assert_eq!(narrows(a, b), lossy, "{a} -> {b}");
        }
    }
}
