//! Diesel `schema.rs` models -> [`Schema`](crate::schema::Schema), read statically with syn.
//!
//! Owns: the forms `diesel print-schema` writes (`table!`, `joinable!`, custom
//! `#[derive(SqlType)]` structs), the mapping from Diesel SQL type names to SQL
//! type text per dialect, and the record of what a `schema.rs` cannot say
//! ([`Silence`](super::Silence)): indexes, constraints, defaults, identity,
//! comments, FK actions, the foreign keys `joinable!` cannot express, type
//! lengths and precisions print-schema drops, enum labels. Silence is keyed by
//! table names as written (a written `public.` schema is kept, like in the
//! schema itself, for the PostgreSQL normalizer to map).
//!
//! Must not: compile or run the user's crate, connect to a database, or let a
//! syn type leave this file (syn stays in this room, see ARCHITECTURE.md).
//!
//! Type text follows the spellings the SQL model parser emits (sqlparser's
//! `DataType` display: `INTEGER`, `VARCHAR(200)`, `TIMESTAMP WITH TIME ZONE`,
//! `INT UNSIGNED`, ...), so the dialect normalizers need nothing Diesel-specific.
//! Names are exact: `schema.rs` holds the catalog's names, never folded.
//!
//! What print-schema writes was checked against diesel_cli's type inference
//! (`infer_schema_internals`: `pg.rs`, `mysql_like.rs`, `sqlite.rs`): the Diesel
//! type name is the upper-camel-cased catalog type name (PostgreSQL `udt_name`,
//! MySQL `column_type` without its parentheses, SQLite a substring cascade over
//! the declared type), lengths come from `character_maximum_length` as
//! `#[max_length = n]`, and precisions, scales and enum labels are dropped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, ExprLit, Ident, Lit, Meta, Token, UseTree};

use super::{Aspects, Loaded, Unwritable};
use crate::error::{Error, Result};
use crate::schema::{Column, ForeignKey, PrimaryKey, QualifiedName, Table};
use crate::source::FamilyMatch;
use crate::url::DialectKind;

/// Parses one `schema.rs` in `kind`'s dialect. `path` names it in errors.
pub fn parse_diesel(path: &Path, text: &str, kind: DialectKind) -> Result<Loaded> {
    let file = collect(path, text)?;
    refuse_empty(&file)?;
    resolve(&[file], kind)
}

/// A `schema.rs` without a `table!` (nor a custom type, for a file that only
/// holds `sql_types`) is almost surely a mistake: a failed
/// `diesel print-schema > src/schema.rs` leaves one, and read as models it
/// would make autogenerate drop every table.
fn refuse_empty(file: &FileItems) -> Result<()> {
    if !file.tables.is_empty() || !file.customs.is_empty() {
        return Ok(());
    }
    Err(Error::parse(
        &file.path,
        1,
        format!(
            "no table! in {}; an empty schema.rs (as a failed `diesel print-schema > {}` leaves) would drop every table: run print-schema again, or take the file out of [models] diesel",
            file.path.display(),
            file.path.display()
        ),
    ))
}

/// Reads and merges several `schema.rs` files. Custom types and `joinable!`
/// may refer across files; a table defined twice is an error naming both places.
pub fn load_files(paths: &[PathBuf], kind: DialectKind) -> Result<Loaded> {
    let mut files = Vec::with_capacity(paths.len());
    for p in paths {
        let text = std::fs::read_to_string(p).map_err(|e| Error::io(p, e))?;
        let file = collect(p, &text)?;
        refuse_empty(&file)?;
        files.push(file);
    }
    resolve(&files, kind)
}

/// Whether a database column type (the dialect's canonical text: PostgreSQL
/// `format_type` such as `character varying(200)`, MySQL `column_type` such as
/// `decimal(10,2)` or `enum('a','b')`, SQLite the declared type) is one
/// `diesel print-schema` would write as the Diesel type `family`.
///
/// Families are Diesel type names as this module records them in
/// [`Silence::column_types`](crate::source::Silence::column_types): `Varchar`, `Numeric`, `Timestamp`, `Enum`,
/// `Array<Varchar>`, `Unsigned<Decimal>`, and SQLite's `RowidBigInt`. A family
/// only ever covers types print-schema maps to the same Diesel type, so a real
/// change (`Int4` to `Int8`, `Varchar` to `Text`) still shows in the diff.
pub fn type_family_matches(kind: DialectKind, db_type: &str, family: &str) -> FamilyMatch {
    let db = db_type.trim().to_ascii_lowercase();
    let member = match kind {
        DialectKind::Postgres => postgres_family(&db, family),
        DialectKind::Mysql => mysql_family(&db, family),
        DialectKind::Sqlite => sqlite_family(&db, family),
    };
    match (member, kind, family) {
        (false, ..) => FamilyMatch::Outside,
        // Kept as a BIGINT PRIMARY KEY, which is no rowid: the rowid rule
        // made the INTEGER stand-in NOT NULL, the database allows NULL as
        // `Nullable<BigInt>` says.
        (true, DialectKind::Sqlite, "NullableRowidBigInt") if db != "integer" => {
            FamilyMatch::MemberNullable
        }
        (true, ..) => FamilyMatch::Member,
    }
}

/// What a family's type leaves out that DDL needs on `kind` (see
/// [`Unwritable`]), for the families whose type cannot be written without it.
///
/// On MySQL: `Varchar`, `Char`, `Binary` and `Varbinary` without
/// `#[max_length]` (which diesel print-schema writes from 2.1 on; older
/// print-schema output and hand-written files have none): `VARCHAR` and
/// `VARBINARY` alone are syntax errors, and `CHAR` or `BINARY` alone mean a
/// length of 1, which rejects or truncates every longer value. And the
/// `Enum` and `Set` custom types, which hold no values, and `Decimal`, whose
/// precision print-schema never writes (`DECIMAL` alone rounds to integers). On PostgreSQL:
/// `Bpchar` (and its alias `Char`) without a length, which would be
/// `character(1)`; `Varchar` alone is unbounded there, and can be written.
pub fn unwritable_family(kind: DialectKind, family: &str) -> Option<Unwritable> {
    const LENGTH: &str =
        "add `#[max_length = N]` above it in schema.rs (diesel print-schema writes it from 2.1 on)";
    let sized = |sql| Unwritable {
        lacks: "a length",
        fix: Some(LENGTH),
        sql,
    };
    match kind {
        // `character` alone is character(1) (PostgreSQL documentation,
        // "Character Types"): every longer value would be refused.
        DialectKind::Postgres if family == "Bpchar" => return Some(sized("CHAR(N)")),
        DialectKind::Mysql => {}
        _ => return None,
    }
    let listed = |sql| Unwritable {
        lacks: "its values",
        fix: None,
        sql,
    };
    let scaled = |sql| Unwritable {
        lacks: "a precision and scale",
        fix: None,
        sql,
    };
    match family {
        "Varchar" => Some(sized("VARCHAR(N)")),
        "Char" => Some(sized("CHAR(N)")),
        "Varbinary" => Some(sized("VARBINARY(N)")),
        "Binary" => Some(Unwritable {
            fix: Some(
                "add `#[max_length = N]` above it in schema.rs for BINARY(N) (diesel print-schema writes it from 2.1 on), or write `Blob` for a BLOB",
            ),
            ..sized("BINARY(N)")
        }),
        "Enum" => Some(listed("ENUM('a', 'b')")),
        "Set" => Some(listed("SET('a', 'b')")),
        // print-schema writes no precision, and `DECIMAL` alone is
        // DECIMAL(10,0) (MySQL manual, "Fixed-Point Types"): a new column
        // of it would round every fraction away.
        "Decimal" => Some(scaled("DECIMAL(P, S)")),
        "Unsigned<Decimal>" => Some(scaled("DECIMAL(P, S) UNSIGNED")),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Raw declarations, as written, before names are resolved.

/// One file's declarations.
#[derive(Default)]
struct FileItems {
    path: PathBuf,
    tables: Vec<RawTable>,
    customs: Vec<CustomType>,
    joins: Vec<RawJoin>,
    warnings: Vec<String>,
}

/// A `table!` entry.
struct RawTable {
    /// The Rust module holding the `table!` invocation (inside the file).
    module: Vec<String>,
    line: usize,
    schema: Option<String>,
    rust_name: String,
    sql_name: String,
    /// Rust column names with their lines; `None` when no key list is written.
    primary_key: Option<Vec<(String, usize)>>,
    uses: Vec<Import>,
    columns: Vec<RawColumn>,
}

/// A `column -> Type,` line.
struct RawColumn {
    line: usize,
    rust_name: String,
    sql_name: String,
    ty: syn::Type,
    max_length: Option<u32>,
}

/// One name a `use` line inside `table!` brings into scope.
enum Import {
    /// `use a::b::X;` or `use a::b::Y as X;`: `alias` stands for `path`.
    Name { path: Vec<String>, alias: String },
    /// `use a::b::*;`
    Glob { path: Vec<String> },
}

/// A struct deriving `SqlType` with its `#[diesel(..._type(...))]` attributes.
#[derive(Default)]
struct CustomType {
    module: Vec<String>,
    name: String,
    line: usize,
    /// `postgres_type(name = ..., schema = ...)`: (name, schema).
    postgres: Option<(Option<String>, Option<String>)>,
    /// `mysql_type(name = ...)`.
    mysql: Option<String>,
    /// `sqlite_type(name = ...)`.
    sqlite: Option<String>,
}

/// A `joinable!(child -> parent (column));`.
struct RawJoin {
    module: Vec<String>,
    line: usize,
    child: Vec<String>,
    parent: Vec<String>,
    column: String,
}

/// Something declared in a module under a Rust name (a table or a custom type).
trait Declared {
    fn module(&self) -> &[String];
    fn rust_name(&self) -> &str;
    fn line(&self) -> usize;
}

impl Declared for RawTable {
    fn module(&self) -> &[String] {
        &self.module
    }
    fn rust_name(&self) -> &str {
        &self.rust_name
    }
    fn line(&self) -> usize {
        self.line
    }
}

impl Declared for CustomType {
    fn module(&self) -> &[String] {
        &self.module
    }
    fn rust_name(&self) -> &str {
        &self.name
    }
    fn line(&self) -> usize {
        self.line
    }
}

// ---------------------------------------------------------------------------
// Reading a file with syn.

fn line_of(span: Span) -> usize {
    span.start().line.max(1)
}

fn syn_error(path: &Path, e: &syn::Error) -> Error {
    Error::parse(path, line_of(e.span()), e)
}

fn unraw(ident: &Ident) -> String {
    ident.unraw().to_string()
}

fn collect(path: &Path, text: &str) -> Result<FileItems> {
    let ast = syn::parse_file(text).map_err(|e| {
        Error::parse(
            path,
            line_of(e.span()),
            format!("not valid Rust, so not a Diesel schema.rs: {e}"),
        )
    })?;
    let mut out = FileItems {
        path: path.to_path_buf(),
        ..FileItems::default()
    };
    walk(&ast.items, &mut Vec::new(), &mut out)?;
    Ok(out)
}

fn walk(items: &[syn::Item], module: &mut Vec<String>, out: &mut FileItems) -> Result<()> {
    for item in items {
        match item {
            syn::Item::Macro(m) => read_macro(&m.mac, module, out)?,
            syn::Item::Mod(m) => match &m.content {
                Some((_, inner)) => {
                    module.push(unraw(&m.ident));
                    walk(inner, module, out)?;
                    module.pop();
                }
                None => out.warnings.push(format!(
                    "{}:{}: module `{}` lives in another file, which is not read: list that file among the Diesel models too",
                    out.path.display(),
                    line_of(m.ident.span()),
                    m.ident
                )),
            },
            syn::Item::Struct(s) => {
                if let Some(c) = read_custom_type(s, module).map_err(|e| syn_error(&out.path, &e))? {
                    out.customs.push(c);
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn read_macro(mac: &syn::Macro, module: &[String], out: &mut FileItems) -> Result<()> {
    let Some(last) = mac.path.segments.last() else {
        return Ok(());
    };
    let line = line_of(last.ident.span());
    match last.ident.to_string().as_str() {
        "table" => {
            let tables = mac
                .parse_body_with(|input: ParseStream| parse_tables(input, module))
                .map_err(|e| syn_error(&out.path, &e))?;
            out.tables.extend(tables);
        }
        "joinable" => {
            let join = mac
                .parse_body_with(|input: ParseStream| parse_joinable(input, module))
                .map_err(|e| {
                    Error::parse(&out.path, line_of(e.span()), format!("joinable!: {e}"))
                })?;
            out.joins.push(join);
        }
        // These only widen what Rust code may query together; no schema in them.
        "allow_tables_to_appear_in_same_query"
        | "allow_columns_to_appear_in_same_group_by_clause" => {}
        other => out.warnings.push(format!(
            "{}:{line}: {other}! is not read: only table! and joinable! describe tables",
            out.path.display()
        )),
    }
    Ok(())
}

/// Diesel 2's `table!` holds one table; Diesel 1 allowed several in a row.
fn parse_tables(input: ParseStream, module: &[String]) -> syn::Result<Vec<RawTable>> {
    let mut tables = Vec::new();
    while !input.is_empty() {
        tables.push(parse_table(input, module)?);
    }
    if tables.is_empty() {
        return Err(input.error("table! holds no table"));
    }
    Ok(tables)
}

fn parse_table(input: ParseStream, module: &[String]) -> syn::Result<RawTable> {
    // Attributes and `use` lines come first, in any order (newer print-schema
    // writes `#[allow(...)]` before the `use` lines).
    let mut attrs = Vec::new();
    let mut uses = Vec::new();
    loop {
        attrs.extend(input.call(Attribute::parse_outer)?);
        if !input.peek(Token![use]) {
            break;
        }
        let item: syn::ItemUse = input.parse()?;
        flatten_use(&item.tree, &mut Vec::new(), &mut uses);
    }
    let first = input
        .call(Ident::parse_any)
        .map_err(|e| syn::Error::new(e.span(), "table!: expected a table name"))?;
    let (schema, ident) = if input.peek(Token![.]) {
        input.parse::<Token![.]>()?;
        (Some(unraw(&first)), input.call(Ident::parse_any)?)
    } else {
        (None, first)
    };
    let rust_name = unraw(&ident);
    let in_table = |e: syn::Error| syn::Error::new(e.span(), format!("table `{rust_name}`: {e}"));
    let sql_name = sql_name_attr(&attrs)
        .map_err(in_table)?
        .unwrap_or_else(|| rust_name.clone());
    let primary_key = if input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in input);
        let keys =
            Punctuated::<Ident, Token![,]>::parse_terminated_with(&content, Ident::parse_any)
                .map_err(in_table)?;
        Some(keys.iter().map(|k| (unraw(k), line_of(k.span()))).collect())
    } else {
        None
    };
    if !input.peek(syn::token::Brace) {
        return Err(in_table(input.error("expected `{` and the column list")));
    }
    let content;
    syn::braced!(content in input);
    let columns = parse_columns(&content).map_err(in_table)?;
    Ok(RawTable {
        module: module.to_vec(),
        line: line_of(ident.span()),
        schema,
        rust_name,
        sql_name,
        primary_key,
        uses,
        columns,
    })
}

fn parse_columns(input: ParseStream) -> syn::Result<Vec<RawColumn>> {
    let mut columns = Vec::new();
    while !input.is_empty() {
        let attrs = input.call(Attribute::parse_outer)?;
        let ident = input.call(Ident::parse_any)?;
        let rust_name = unraw(&ident);
        let in_column =
            |e: syn::Error| syn::Error::new(e.span(), format!("column `{rust_name}`: {e}"));
        input.parse::<Token![->]>().map_err(in_column)?;
        let ty: syn::Type = input.parse().map_err(in_column)?;
        if !input.is_empty() {
            input.parse::<Token![,]>().map_err(in_column)?;
        }
        let sql_name = sql_name_attr(&attrs).map_err(in_column)?;
        let max_length = max_length_attr(&attrs).map_err(in_column)?;
        columns.push(RawColumn {
            line: line_of(ident.span()),
            sql_name: sql_name.unwrap_or_else(|| rust_name.clone()),
            rust_name,
            ty,
            max_length,
        });
    }
    Ok(columns)
}

fn sql_name_attr(attrs: &[Attribute]) -> syn::Result<Option<String>> {
    let Some(a) = attrs.iter().find(|a| a.path().is_ident("sql_name")) else {
        return Ok(None);
    };
    match attr_literal(a) {
        Some(Lit::Str(s)) => Ok(Some(s.value())),
        _ => Err(syn::Error::new(
            a.span(),
            "#[sql_name] takes a string: #[sql_name = \"name\"]",
        )),
    }
}

fn max_length_attr(attrs: &[Attribute]) -> syn::Result<Option<u32>> {
    let Some(a) = attrs.iter().find(|a| a.path().is_ident("max_length")) else {
        return Ok(None);
    };
    match attr_literal(a) {
        Some(Lit::Int(n)) => n.base10_parse().map(Some),
        _ => Err(syn::Error::new(
            a.span(),
            "#[max_length] takes an integer: #[max_length = 255]",
        )),
    }
}

/// The literal of `#[name = literal]`.
fn attr_literal(a: &Attribute) -> Option<&Lit> {
    match &a.meta {
        Meta::NameValue(nv) => match &nv.value {
            Expr::Lit(ExprLit { lit, .. }) => Some(lit),
            _ => None,
        },
        _ => None,
    }
}

fn flatten_use(tree: &UseTree, prefix: &mut Vec<String>, out: &mut Vec<Import>) {
    match tree {
        UseTree::Path(p) => {
            prefix.push(unraw(&p.ident));
            flatten_use(&p.tree, prefix, out);
            prefix.pop();
        }
        UseTree::Name(n) => {
            let mut path = prefix.clone();
            path.push(unraw(&n.ident));
            out.push(Import::Name {
                path,
                alias: unraw(&n.ident),
            });
        }
        UseTree::Rename(r) => {
            let mut path = prefix.clone();
            path.push(unraw(&r.ident));
            out.push(Import::Name {
                path,
                alias: unraw(&r.rename),
            });
        }
        UseTree::Glob(_) => out.push(Import::Glob {
            path: prefix.clone(),
        }),
        UseTree::Group(g) => {
            for t in &g.items {
                flatten_use(t, prefix, out);
            }
        }
    }
}

fn parse_joinable(input: ParseStream, module: &[String]) -> syn::Result<RawJoin> {
    let child = syn::Path::parse_mod_style(input)?;
    input.parse::<Token![->]>()?;
    let parent = syn::Path::parse_mod_style(input)?;
    let content;
    syn::parenthesized!(content in input);
    let column = content.call(Ident::parse_any)?;
    let segments = |p: &syn::Path| p.segments.iter().map(|s| unraw(&s.ident)).collect();
    Ok(RawJoin {
        module: module.to_vec(),
        line: line_of(child.span()),
        child: segments(&child),
        parent: segments(&parent),
        column: unraw(&column),
    })
}

/// A struct is a custom SQL type when it derives `SqlType` or carries a
/// `#[diesel(postgres_type|mysql_type|sqlite_type(...))]` attribute (Diesel 2),
/// or `#[postgres(type_name = "...")]`, `#[mysql_type = "..."]`,
/// `#[sqlite_type = "..."]` (Diesel 1).
fn read_custom_type(s: &syn::ItemStruct, module: &[String]) -> syn::Result<Option<CustomType>> {
    let derives = s.attrs.iter().any(derives_sql_type);
    let mut custom = CustomType {
        module: module.to_vec(),
        name: unraw(&s.ident),
        line: line_of(s.ident.span()),
        ..CustomType::default()
    };
    let mut declared = false;
    for attr in &s.attrs {
        let path = attr.path();
        if path.is_ident("mysql_type") || path.is_ident("sqlite_type") {
            let name = match attr_literal(attr) {
                Some(Lit::Str(v)) => Some(v.value()),
                _ => None,
            };
            if path.is_ident("mysql_type") {
                custom.mysql = name;
            } else {
                custom.sqlite = name;
            }
            declared = true;
            continue;
        }
        let metas = if path.is_ident("diesel") {
            match attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) {
                Ok(m) => m.into_iter().collect(),
                // Another derive's attribute on a struct that is no SQL type: not ours.
                Err(_) if !derives => continue,
                Err(e) => return Err(e),
            }
        } else if path.is_ident("postgres") {
            vec![attr.meta.clone()]
        } else {
            continue;
        };
        for meta in metas {
            let Meta::List(list) = &meta else { continue };
            let Some(which) = list.path.get_ident().map(Ident::to_string) else {
                continue;
            };
            if !matches!(
                which.as_str(),
                "postgres_type" | "postgres" | "mysql_type" | "sqlite_type"
            ) {
                continue;
            }
            declared = true;
            let (mut name, mut schema) = (None, None);
            for arg in list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)? {
                let Meta::NameValue(nv) = arg else { continue };
                let Expr::Lit(ExprLit {
                    lit: Lit::Str(value),
                    ..
                }) = &nv.value
                else {
                    continue;
                };
                if nv.path.is_ident("name") || nv.path.is_ident("type_name") {
                    name = Some(value.value());
                } else if nv.path.is_ident("schema") {
                    schema = Some(value.value());
                }
            }
            match which.as_str() {
                "postgres_type" | "postgres" => custom.postgres = Some((name, schema)),
                "mysql_type" => custom.mysql = name,
                _ => custom.sqlite = name,
            }
        }
    }
    Ok((declared || derives).then_some(custom))
}

fn derives_sql_type(attr: &Attribute) -> bool {
    attr.path().is_ident("derive")
        && attr
            .parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
            .is_ok_and(|paths| {
                paths
                    .iter()
                    .any(|p| p.segments.last().is_some_and(|s| s.ident == "SqlType"))
            })
}

// ---------------------------------------------------------------------------
// Resolving names and building the schema.

/// The SQL side of one Diesel type.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TypeText {
    /// Type text in the SQL model parser's spelling.
    sql: String,
    /// The print-schema family when `sql` is only one of the types the Diesel
    /// type stands for (a length, precision or label list was dropped).
    family: Option<String>,
    /// The PostgreSQL enum this type names (its labels are unknown).
    enum_type: Option<QualifiedName>,
}

impl TypeText {
    fn exact(sql: &str) -> Self {
        TypeText {
            sql: sql.to_string(),
            family: None,
            enum_type: None,
        }
    }

    fn family(sql: &str, family: &str) -> Self {
        TypeText {
            sql: sql.to_string(),
            family: Some(family.to_string()),
            enum_type: None,
        }
    }

    /// `VARCHAR(n)` when the length is known, else `VARCHAR` and its family.
    fn sized(sql: &str, len: Option<u32>, family: &str) -> Self {
        match len {
            Some(n) => TypeText::exact(&format!("{sql}({n})")),
            None => TypeText::family(sql, family),
        }
    }
}

/// What a Rust type path names.
enum Named {
    /// A type of the `diesel` crate, by its last path segment.
    Diesel(String),
    /// A type of a third-party crate of PostgreSQL types for Diesel
    /// (`diesel_full_text_search`, `diesel_ltree`, `pgvector`): its SQL text.
    ThirdParty(&'static str),
    /// A custom type declared in the models: (file, index).
    Custom(usize, usize),
}

/// Where a column's type is looked up from.
struct Ctx<'a> {
    file: usize,
    table: &'a RawTable,
    /// `table!` expands into a module named after the table, so `super::`
    /// inside it names the module holding the `table!`.
    scope: Vec<String>,
}

struct Resolver<'a> {
    kind: DialectKind,
    files: &'a [FileItems],
}

fn resolve(files: &[FileItems], kind: DialectKind) -> Result<Loaded> {
    let r = Resolver { kind, files };
    let mut loaded = Loaded::default();
    for f in files {
        loaded.warnings.extend(f.warnings.iter().cloned());
    }
    let mut seen: BTreeMap<QualifiedName, (usize, usize)> = BTreeMap::new();
    let mut position: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (fi, f) in files.iter().enumerate() {
        for (ti, t) in f.tables.iter().enumerate() {
            let key = r.duplicate_key(t);
            if let Some(&(pf, pl)) = seen.get(&key) {
                return Err(Error::parse(
                    &f.path,
                    t.line,
                    format!(
                        "table `{}` is defined twice: also at {}:{pl}; keep one definition",
                        QualifiedName {
                            schema: t.schema.clone(),
                            name: t.sql_name.clone()
                        },
                        files[pf].path.display()
                    ),
                ));
            }
            seen.insert(key, (fi, t.line));
            let table = r.table(fi, t, &mut loaded)?;
            position.insert((fi, ti), loaded.schema.tables.len());
            loaded.schema.tables.push(table);
        }
    }
    for (fi, f) in files.iter().enumerate() {
        for j in &f.joins {
            r.join(fi, j, &mut loaded.schema.tables, &position)?;
        }
    }
    loaded.silence.type_family = Some(type_family_matches);
    loaded.silence.unwritable = Some(unwritable_family);
    Ok(loaded)
}

/// Everything a `schema.rs` has no syntax for.
fn silent_aspects() -> Aspects {
    Aspects {
        indexes: true,
        uniques: true,
        checks: true,
        defaults: true,
        comments: true,
        fk_actions: true,
        key_timing: true,
        // print-schema writes `joinable!` only for single-column keys to the
        // parent's single-column primary key, never for self-references or for
        // two keys between the same pair of tables: other keys go unsaid.
        foreign_keys: true,
        // SERIAL, IDENTITY, AUTO_INCREMENT and AUTOINCREMENT all read as plain integers.
        identity: true,
        // print-schema writes `Text` for `text COLLATE "C"` and for SQLite's
        // `TEXT COLLATE NOCASE`: a column keeps the collation the database
        // gives it (MySQL's normalizer already does so for every source).
        collations: true,
        // Nor can it say `STRICT` or `WITHOUT ROWID` (SQLite).
        table_options: true,
        // print-schema writes a PostgreSQL domain column as the domain's
        // base type (`Int4` for `posint`), unless `pg_domains_as_custom_types`
        // names the domain.
        domains: true,
    }
}

/// SQLite's names for the rowid of a table without an INTEGER PRIMARY KEY
/// (SQLite documentation, "Rowid Tables"); print-schema adds one of them as
/// the key column of a table that declares no primary key.
const ROWID_NAMES: [&str; 3] = ["rowid", "oid", "_rowid_"];

impl Resolver<'_> {
    fn path(&self, file: usize) -> &Path {
        &self.files[file].path
    }

    /// PostgreSQL's default schema is `public`, written or not.
    fn duplicate_key(&self, t: &RawTable) -> QualifiedName {
        let schema = match (self.kind, t.schema.as_deref()) {
            (DialectKind::Postgres, Some("public")) => None,
            _ => t.schema.clone(),
        };
        QualifiedName {
            schema,
            name: t.sql_name.clone(),
        }
    }

    fn table(&self, fi: usize, t: &RawTable, loaded: &mut Loaded) -> Result<Table> {
        let path = self.path(fi);
        let at = |line: usize, message: String| {
            Error::parse(path, line, format!("table `{}`: {message}", t.rust_name))
        };
        let key = key_columns(t).map_err(|(line, m)| at(line, m))?;
        let qualified = QualifiedName {
            schema: t.schema.clone(),
            name: t.sql_name.clone(),
        };
        let ctx = Ctx {
            file: fi,
            table: t,
            scope: [t.module.as_slice(), std::slice::from_ref(&t.rust_name)].concat(),
        };
        let mut columns = Vec::with_capacity(t.columns.len());
        for c in &t.columns {
            let (column, text) = self
                .column(&ctx, c, &key)
                .map_err(|m| at(c.line, format!("column `{}`: {m}", c.rust_name)))?;
            if let Some(f) = text.family {
                loaded
                    .silence
                    .column_types
                    .insert((qualified.clone(), column.name.clone()), f);
            }
            if let Some(e) = text.enum_type {
                loaded.silence.enum_values.insert(e);
            }
            columns.push(column);
        }
        let mut table = Table {
            schema: t.schema.clone(),
            name: t.sql_name.clone(),
            columns,
            primary_key: Some(PrimaryKey {
                name: None,
                columns: key,
                column_options: Vec::new(),
                deferrable: Default::default(),
            }),
            ..Table::default()
        };
        if self.kind == DialectKind::Sqlite && is_implicit_rowid(&table) {
            let rowid = table.columns.remove(0);
            table.primary_key = None;
            loaded
                .silence
                .column_types
                .remove(&(qualified.clone(), rowid.name.clone()));
            loaded.warnings.push(format!(
                "{}:{}: table `{}`: column `{}` is SQLite's implicit rowid (print-schema adds it to tables without a primary key), not a column of the table",
                path.display(),
                t.columns[0].line,
                t.rust_name,
                rowid.name
            ));
        }
        loaded.silence.tables.insert(qualified, silent_aspects());
        Ok(table)
    }

    /// One column, and the type text it was built from (family, enum).
    fn column(
        &self,
        ctx: &Ctx,
        c: &RawColumn,
        key: &[String],
    ) -> std::result::Result<(Column, TypeText), String> {
        let (mut text, written_nullable) = self.column_type(ctx, c)?;
        let in_key = key.contains(&c.sql_name);
        // PostgreSQL and MySQL make key columns NOT NULL whatever was written.
        // SQLite does not (SQLite documentation, CREATE TABLE, "PRIMARY KEY":
        // a primary key does not imply NOT NULL there), and print-schema wrote
        // what PRAGMA table_info says, so the written nullability stands.
        let nullable = written_nullable && !(in_key && self.kind != DialectKind::Sqlite);
        if self.kind == DialectKind::Sqlite
            && in_key
            && key.len() == 1
            && text.family.as_deref() == Some("BigInt")
        {
            // Only a column declared exactly `INTEGER PRIMARY KEY` is the
            // 64-bit rowid (SQLite documentation, CREATE TABLE, "ROWIDs and
            // the INTEGER PRIMARY KEY"); print-schema's
            // `sqlite_integer_primary_key_is_bigint` writes it as BigInt.
            // `Nullable<BigInt>` is also what print-schema writes for
            // `BIGINT PRIMARY KEY`, which SQLite lets hold NULL: the family
            // says so, for autogenerate to give the column back the written
            // nullability once it keeps the database's BIGINT (the rowid
            // rule made the INTEGER stand-in NOT NULL).
            let family = if written_nullable {
                "NullableRowidBigInt"
            } else {
                "RowidBigInt"
            };
            text = TypeText::family("INTEGER", family);
        }
        let column = Column {
            name: c.sql_name.clone(),
            data_type: text.sql.clone(),
            nullable,
            ..Column::default()
        };
        Ok((column, text))
    }

    /// The column's SQL type and whether `Nullable<...>` was written.
    fn column_type(
        &self,
        ctx: &Ctx,
        c: &RawColumn,
    ) -> std::result::Result<(TypeText, bool), String> {
        if let Some((Named::Diesel(name), args)) = self.named_with_args(ctx, &c.ty)?
            && name == "Nullable"
            && let [inner] = args.as_slice()
        {
            return Ok((self.sql_type(ctx, inner, c.max_length)?, true));
        }
        Ok((self.sql_type(ctx, &c.ty, c.max_length)?, false))
    }

    /// What a type path names, with its type arguments; `None` when unknown.
    fn named_with_args<'t>(
        &self,
        ctx: &Ctx,
        ty: &'t syn::Type,
    ) -> std::result::Result<Option<(Named, Vec<&'t syn::Type>)>, String> {
        let syn::Type::Path(tp) = ty else {
            return Err(format!("`{}` is not a Diesel SQL type name", type_text(ty)));
        };
        if tp.qself.is_some() {
            return Err(format!("`{}` is not a Diesel SQL type name", type_text(ty)));
        }
        let segments: Vec<String> = tp.path.segments.iter().map(|s| unraw(&s.ident)).collect();
        let mut args = Vec::new();
        if let Some(last) = tp.path.segments.last() {
            match &last.arguments {
                syn::PathArguments::None => {}
                syn::PathArguments::AngleBracketed(a) => {
                    for g in &a.args {
                        match g {
                            syn::GenericArgument::Type(t) => args.push(t),
                            _ => {
                                return Err(format!(
                                    "`{}`: only types are allowed between `<` and `>`",
                                    type_text(ty)
                                ));
                            }
                        }
                    }
                }
                syn::PathArguments::Parenthesized(_) => {
                    return Err(format!("`{}` is not a Diesel SQL type name", type_text(ty)));
                }
            }
        }
        Ok(self.resolve_name(ctx, &segments)?.map(|n| (n, args)))
    }

    fn sql_type(
        &self,
        ctx: &Ctx,
        ty: &syn::Type,
        max_length: Option<u32>,
    ) -> std::result::Result<TypeText, String> {
        let Some((named, args)) = self.named_with_args(ctx, ty)? else {
            return Err(self.unknown_type(ty));
        };
        match named {
            Named::Diesel(name) => self.diesel_type(ctx, ty, &name, &args, max_length),
            Named::ThirdParty(sql) => {
                no_args(ty, &args)?;
                match self.kind {
                    DialectKind::Postgres => Ok(TypeText::exact(sql)),
                    _ => Err(format!(
                        "`{}` is a PostgreSQL type; it has no {} column type",
                        type_text(ty),
                        dialect_label(self.kind)
                    )),
                }
            }
            Named::Custom(file, index) => {
                no_args(ty, &args)?;
                self.custom_type(&self.files[file].customs[index], file, max_length)
            }
        }
    }

    fn diesel_type(
        &self,
        ctx: &Ctx,
        ty: &syn::Type,
        name: &str,
        args: &[&syn::Type],
        max_length: Option<u32>,
    ) -> std::result::Result<TypeText, String> {
        let one_arg = || match args {
            [inner] => Ok(*inner),
            _ => Err(format!("`{}`: `{name}` takes one type", type_text(ty))),
        };
        let only = |kind: DialectKind| {
            if self.kind == kind {
                Ok(())
            } else {
                Err(format!(
                    "`{name}` is a {} type in Diesel; it has no {} column type",
                    dialect_label(kind),
                    dialect_label(self.kind)
                ))
            }
        };
        match name {
            // Inside an array or another wrapper the element's nullability
            // is not a column property.
            "Nullable" => self.sql_type(ctx, one_arg()?, max_length),
            "Array" => {
                only(DialectKind::Postgres)?;
                let element = self.sql_type(ctx, one_arg()?, max_length)?;
                Ok(TypeText {
                    sql: format!("{}[]", element.sql),
                    family: element.family.map(|f| format!("Array<{f}>")),
                    enum_type: element.enum_type,
                })
            }
            "Unsigned" => {
                only(DialectKind::Mysql)?;
                let inner = self.sql_type(ctx, one_arg()?, max_length)?;
                Ok(TypeText {
                    sql: format!("{} UNSIGNED", inner.sql),
                    family: inner.family.map(|f| format!("Unsigned<{f}>")),
                    enum_type: None,
                })
            }
            "Range" | "Multirange" => {
                only(DialectKind::Postgres)?;
                let inner = one_arg()?;
                let element = match self.named_with_args(ctx, inner)? {
                    Some((Named::Diesel(n), a)) if a.is_empty() => n,
                    _ => String::new(),
                };
                let base = range_base(&element).ok_or_else(|| {
                    format!(
                        "`{}`: PostgreSQL has no range of `{}`",
                        type_text(ty),
                        type_text(inner)
                    )
                })?;
                let suffix = if name == "Range" {
                    "RANGE"
                } else {
                    "MULTIRANGE"
                };
                Ok(TypeText::exact(&format!("{base}{suffix}")))
            }
            "Record" => Err(format!(
                "`{}` is a row type, not a column type",
                type_text(ty)
            )),
            _ => {
                no_args(ty, args)?;
                let text = match self.kind {
                    DialectKind::Postgres => postgres_type(name, max_length),
                    DialectKind::Mysql => mysql_type(name, max_length),
                    DialectKind::Sqlite => sqlite_type(name, max_length),
                };
                text.ok_or_else(|| {
                    format!(
                        "`{name}` is not a {} type in Diesel; use one print-schema writes for {} (schema.rs is read before any companion SQL file, so every type in it must be known)",
                        dialect_label(self.kind),
                        dialect_label(self.kind)
                    )
                })
            }
        }
    }

    fn custom_type(
        &self,
        c: &CustomType,
        file: usize,
        max_length: Option<u32>,
    ) -> std::result::Result<TypeText, String> {
        let at = format!("{}:{}", self.path(file).display(), c.line);
        match self.kind {
            DialectKind::Postgres => {
                let Some((name, schema)) = &c.postgres else {
                    return Err(format!(
                        "custom type `{}` ({at}) has no #[diesel(postgres_type(name = \"...\"))]",
                        c.name
                    ));
                };
                let Some(name) = name else {
                    return Err(format!(
                        "custom type `{}` ({at}) gives no postgres_type name (an oid says nothing about the type's name); add name = \"...\"",
                        c.name
                    ));
                };
                Ok(postgres_custom(name, schema.as_deref(), max_length))
            }
            DialectKind::Mysql => {
                let Some(name) = &c.mysql else {
                    return Err(format!(
                        "custom type `{}` ({at}) has no #[diesel(mysql_type(name = \"...\"))]",
                        c.name
                    ));
                };
                mysql_custom(name).ok_or_else(|| {
                    format!(
                        "custom type `{}` ({at}): mysql_type(name = \"{name}\") is a wire format, not a column type; name the column type as print-schema does (mysql_type(name = \"Enum\"), \"Set\", \"Mediumint\", ...)",
                        c.name
                    )
                })
            }
            DialectKind::Sqlite => {
                let Some(name) = &c.sqlite else {
                    return Err(format!(
                        "custom type `{}` ({at}) has no #[diesel(sqlite_type(name = \"...\"))]",
                        c.name
                    ));
                };
                // SQLite custom types name a storage class of Diesel's SqliteType.
                let diesel_name = match name.as_str() {
                    "Long" => "BigInt",
                    other => other,
                };
                sqlite_type(diesel_name, None).ok_or_else(|| {
                    format!(
                        "custom type `{}` ({at}): unknown sqlite_type name \"{name}\"",
                        c.name
                    )
                })
            }
        }
    }

    fn unknown_type(&self, ty: &syn::Type) -> String {
        let attribute = match self.kind {
            DialectKind::Postgres => "postgres_type",
            DialectKind::Mysql => "mysql_type",
            DialectKind::Sqlite => "sqlite_type",
        };
        format!(
            "unknown SQL type `{}`: it is neither a Diesel type nor declared in the models; declare it in a schema.rs file with #[derive(diesel::sql_types::SqlType)] and #[diesel({attribute}(name = \"...\"))], as print-schema does (revise reads only the schema.rs files in [models] diesel: a type imported from elsewhere in your crate, such as diesel-derive-enum's `...Mapping`, is unknown to it)",
            type_text(ty)
        )
    }

    /// Resolves a type path the way Rust would inside the `table!` module:
    /// explicit `use` names first, then glob imports in order (Diesel adds
    /// `use diesel::sql_types::*;` when a table has no `use` line). A name Rust
    /// would not find but that is unambiguous is still accepted.
    fn resolve_name(
        &self,
        ctx: &Ctx,
        segments: &[String],
    ) -> std::result::Result<Option<Named>, String> {
        let [name] = segments else {
            return self.resolve_path(ctx.file, &ctx.scope, segments);
        };
        for import in &ctx.table.uses {
            if let Import::Name { path, alias } = import
                && alias == name
            {
                return self.resolve_path(ctx.file, &ctx.scope, path);
            }
        }
        let implicit = [vec!["diesel".to_string(), "sql_types".to_string()]];
        let globs: Vec<&Vec<String>> = if ctx.table.uses.is_empty() {
            implicit.iter().collect()
        } else {
            ctx.table
                .uses
                .iter()
                .filter_map(|i| match i {
                    Import::Glob { path } => Some(path),
                    Import::Name { .. } => None,
                })
                .collect()
        };
        for glob in globs {
            let mut full = glob.clone();
            full.push(name.clone());
            if let Some(n) = self.resolve_path(ctx.file, &ctx.scope, &full)? {
                return Ok(Some(n));
            }
        }
        if let Some((f, i)) = find(self.files, |f| &f.customs, ctx.file, name, None, &[])? {
            return Ok(Some(Named::Custom(f, i)));
        }
        if is_diesel_name(name) {
            return Ok(Some(Named::Diesel(name.clone())));
        }
        if let Some(sql) = full_text_type(name) {
            return Ok(Some(Named::ThirdParty(sql)));
        }
        Ok(None)
    }

    fn resolve_path(
        &self,
        file: usize,
        scope: &[String],
        segments: &[String],
    ) -> std::result::Result<Option<Named>, String> {
        let Some((name, prefix)) = segments.split_last() else {
            return Ok(None);
        };
        match prefix.first().map(String::as_str) {
            Some("diesel") => Ok(is_diesel_name(name).then(|| Named::Diesel(name.clone()))),
            Some(krate @ ("diesel_full_text_search" | "diesel_ltree" | "pgvector")) => {
                Ok(third_party_type(krate, name).map(Named::ThirdParty))
            }
            _ => {
                let (exact, suffix) = target_module(scope, prefix);
                Ok(find(
                    self.files,
                    |f| &f.customs,
                    file,
                    name,
                    exact.as_deref(),
                    &suffix,
                )?
                .map(|(f, i)| Named::Custom(f, i)))
            }
        }
    }

    fn join(
        &self,
        fi: usize,
        j: &RawJoin,
        tables: &mut [Table],
        position: &BTreeMap<(usize, usize), usize>,
    ) -> Result<()> {
        let path = self.path(fi);
        let err = |message: String| {
            Error::parse(
                path,
                j.line,
                format!(
                    "joinable!({} -> {} ({})): {message}",
                    j.child.join("::"),
                    j.parent.join("::"),
                    j.column
                ),
            )
        };
        let (child_file, child_index) = self.find_table(fi, &j.module, &j.child).map_err(&err)?;
        let (parent_file, parent_index) =
            self.find_table(fi, &j.module, &j.parent).map_err(&err)?;
        let child = &self.files[child_file].tables[child_index];
        let parent = &self.files[parent_file].tables[parent_index];
        let column = child
            .columns
            .iter()
            .find(|c| c.rust_name == j.column)
            .ok_or_else(|| {
                err(format!(
                    "table `{}` has no column `{}`",
                    child.rust_name, j.column
                ))
            })?;
        let parent_key = tables[position[&(parent_file, parent_index)]]
            .primary_key
            .as_ref()
            .map(|k| k.columns.clone())
            .unwrap_or_default();
        if parent_key.len() != 1 {
            return Err(err(format!(
                "the primary key of `{}` has {} columns; joinable! needs exactly one",
                parent.rust_name,
                parent_key.len()
            )));
        }
        let fk = ForeignKey {
            name: None,
            columns: vec![column.sql_name.clone()],
            ref_schema: parent.schema.clone(),
            ref_table: parent.sql_name.clone(),
            ref_columns: parent_key,
            ..ForeignKey::default()
        };
        let child_table = &mut tables[position[&(child_file, child_index)]];
        if child_table.foreign_keys.contains(&fk) {
            return Err(err("this join is declared twice".into()));
        }
        child_table.foreign_keys.push(fk);
        Ok(())
    }

    fn find_table(
        &self,
        file: usize,
        scope: &[String],
        segments: &[String],
    ) -> std::result::Result<(usize, usize), String> {
        let Some((name, prefix)) = segments.split_last() else {
            return Err("empty table path".into());
        };
        let (exact, suffix) = target_module(scope, prefix);
        find(
            self.files,
            |f| &f.tables,
            file,
            name,
            exact.as_deref(),
            &suffix,
        )?
        .ok_or_else(|| format!("unknown table `{}`", segments.join("::")))
    }
}

/// Where a path prefix points, seen from `scope`: the exact module (when the
/// prefix is relative or starts with `super`/`self`) and the module-path
/// suffix to match when the exact module is not found (a `crate::` path, or a
/// declaration in another file, whose place in the crate is unknown).
fn target_module(scope: &[String], prefix: &[String]) -> (Option<Vec<String>>, Vec<String>) {
    match prefix.first().map(String::as_str) {
        Some("crate") => (None, prefix[1..].to_vec()),
        _ => {
            let mut exact = scope.to_vec();
            let mut suffix = Vec::new();
            for segment in prefix {
                match segment.as_str() {
                    "super" => {
                        exact.pop();
                    }
                    "self" => {}
                    other => {
                        exact.push(other.to_string());
                        suffix.push(other.to_string());
                    }
                }
            }
            (Some(exact), suffix)
        }
    }
}

/// Finds the declaration called `name`: the one in `exact` in the same file,
/// else the only one whose module and `suffix` agree at their ends (a file's
/// own place in the crate is unknown: `crate::schema::sql_types` may name a
/// top-level `sql_types` of the file that is `schema.rs`), in the same file
/// first, then in any file. Two equally good ones are an ambiguity error.
fn find<T: Declared>(
    files: &[FileItems],
    items: impl Fn(&FileItems) -> &[T],
    file: usize,
    name: &str,
    exact: Option<&[String]>,
    suffix: &[String],
) -> std::result::Result<Option<(usize, usize)>, String> {
    let all: Vec<(usize, usize, &T)> = files
        .iter()
        .enumerate()
        .flat_map(|(fi, f)| {
            items(f)
                .iter()
                .enumerate()
                .filter(|(_, d)| d.rust_name() == name)
                .map(move |(i, d)| (fi, i, d))
        })
        .collect();
    if let Some(exact) = exact
        && let Some(&(fi, i, _)) = all
            .iter()
            .find(|(fi, _, d)| *fi == file && d.module() == exact)
    {
        return Ok(Some((fi, i)));
    }
    let same_file: Vec<_> = all.iter().filter(|(fi, _, _)| *fi == file).collect();
    let any_file: Vec<_> = all.iter().collect();
    for pool in [same_file, any_file] {
        let hits: Vec<_> = pool
            .into_iter()
            .filter(|(_, _, d)| d.module().ends_with(suffix) || suffix.ends_with(d.module()))
            .collect();
        match hits.as_slice() {
            [] => continue,
            [(fi, i, _)] => return Ok(Some((*fi, *i))),
            [(fa, _, a), (fb, _, b), ..] => {
                return Err(format!(
                    "`{name}` is ambiguous: declared at {}:{} and {}:{}; write its full path",
                    files[*fa].path.display(),
                    a.line(),
                    files[*fb].path.display(),
                    b.line()
                ));
            }
        }
    }
    Ok(None)
}

/// A table's primary key as SQL column names, or (line, message).
fn key_columns(t: &RawTable) -> std::result::Result<Vec<String>, (usize, String)> {
    if t.columns.is_empty() {
        return Err((t.line, "has no columns".into()));
    }
    for (i, c) in t.columns.iter().enumerate() {
        if t.columns[..i].iter().any(|p| p.sql_name == c.sql_name) {
            return Err((c.line, format!("column `{}` is listed twice", c.sql_name)));
        }
    }
    let keys = match &t.primary_key {
        Some(keys) if keys.is_empty() => {
            return Err((t.line, "the primary key list is empty".into()));
        }
        Some(keys) => keys.clone(),
        // Diesel's default key (see the `table!` documentation).
        None if t.columns.iter().any(|c| c.rust_name == "id") => vec![("id".into(), t.line)],
        None => {
            return Err((
                t.line,
                format!(
                    "no primary key list and no `id` column; name the key: `{} (column) {{ ... }}`",
                    t.rust_name
                ),
            ));
        }
    };
    keys.iter()
        .map(|(k, line)| {
            t.columns
                .iter()
                .find(|c| &c.rust_name == k)
                .map(|c| c.sql_name.clone())
                .ok_or_else(|| {
                    (
                        *line,
                        format!("primary key column `{k}` is not one of its columns"),
                    )
                })
        })
        .collect()
}

/// A first column `rowid -> Integer` that is the whole key: print-schema's
/// stand-in for the rowid of a table that declares no primary key.
fn is_implicit_rowid(table: &Table) -> bool {
    let (Some(first), Some(key)) = (table.columns.first(), table.primary_key.as_ref()) else {
        return false;
    };
    key.columns.len() == 1
        && key.columns[0] == first.name
        && ROWID_NAMES.contains(&first.name.as_str())
        && first.data_type == "INTEGER"
        && !first.nullable
}

fn no_args(ty: &syn::Type, args: &[&syn::Type]) -> std::result::Result<(), String> {
    if args.is_empty() {
        Ok(())
    } else {
        Err(format!("`{}` takes no type arguments", type_text(ty)))
    }
}

fn dialect_label(kind: DialectKind) -> &'static str {
    match kind {
        DialectKind::Postgres => "PostgreSQL",
        DialectKind::Mysql => "MySQL",
        DialectKind::Sqlite => "SQLite",
    }
}

/// A type as written, for messages (`Nullable<Varchar>`).
fn type_text(ty: &syn::Type) -> String {
    let syn::Type::Path(tp) = ty else {
        return "a non-path type".to_string();
    };
    let mut out = String::new();
    for (i, s) in tp.path.segments.iter().enumerate() {
        if i > 0 {
            out.push_str("::");
        }
        out.push_str(&unraw(&s.ident));
        if let syn::PathArguments::AngleBracketed(a) = &s.arguments {
            let inner: Vec<String> = a
                .args
                .iter()
                .map(|g| match g {
                    syn::GenericArgument::Type(t) => type_text(t),
                    _ => "_".to_string(),
                })
                .collect();
            out.push('<');
            out.push_str(&inner.join(", "));
            out.push('>');
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Diesel type names -> SQL text, per dialect.

/// Every SQL type name the `diesel` crate exports (`diesel::sql_types`, its
/// per-backend modules and their aliases), so a path into `diesel::` resolves.
#[rustfmt::skip]
const DIESEL_TYPES: &[&str] = &[
    "Bool", "TinyInt", "Tinyint", "SmallInt", "Smallint", "Int2", "Integer", "Int4", "BigInt",
    "Bigint", "Int8", "Float", "Float4", "Double", "Float8", "Numeric", "Decimal", "Text",
    "VarChar", "Varchar", "Char", "Tinytext", "Mediumtext", "Longtext", "Binary", "Tinyblob",
    "Blob", "Mediumblob", "Longblob", "Varbinary", "Bit", "Date", "Interval", "Time",
    "Timestamp", "Json", "Jsonb", "Nullable", "Oid", "Timestamptz", "TimestamptzSqlite",
    "Array", "Range", "Int4range", "Int8range", "Daterange", "Numrange", "Tsrange", "Tstzrange",
    "Multirange", "Int4multirange", "Int8multirange", "Datemultirange", "Nummultirange",
    "Tsmultirange", "Tstzmultirange", "Record", "SmallSerial", "Serial", "BigSerial", "Uuid",
    "Bytea", "Bpchar", "Money", "MacAddr", "Macaddr", "MacAddr8", "Macaddr8", "Inet", "Cidr",
    "CChar", "Citext", "PgLsn", "Datetime", "Unsigned",
];

fn is_diesel_name(name: &str) -> bool {
    DIESEL_TYPES.contains(&name)
}

/// The SQL type of `name`, a type of the third-party crate `krate` (by any
/// path inside it: `diesel_ltree::sql_types::Ltree`, `diesel_ltree::Ltree`)
/// that gives Diesel PostgreSQL types the `diesel` crate lacks. Their
/// extension types are checked by autogenerate like print-schema's
/// declarations of them (see [`EXTENSION_TYPES`]).
fn third_party_type(krate: &str, name: &str) -> Option<&'static str> {
    match (krate, name) {
        ("diesel_full_text_search", _) => full_text_type(name),
        ("diesel_ltree", "Ltree") => Some("ltree"),
        ("diesel_ltree", "Lquery") => Some("lquery"),
        ("diesel_ltree", "Ltxtquery") => Some("ltxtquery"),
        // pgvector 0.4 renamed HalfVec and SparseVec.
        ("pgvector", "Vector") => Some("vector"),
        ("pgvector", "HalfVector" | "HalfVec") => Some("halfvec"),
        ("pgvector", "SparseVector" | "SparseVec") => Some("sparsevec"),
        _ => None,
    }
}

/// `diesel_full_text_search`'s types (the crate spells them both ways).
fn full_text_type(name: &str) -> Option<&'static str> {
    match name {
        "Tsvector" | "TsVector" => Some("TSVECTOR"),
        "Tsquery" | "TsQuery" => Some("TSQUERY"),
        "Regconfig" | "RegConfig" => Some("REGCONFIG"),
        _ => None,
    }
}

/// The PostgreSQL range type prefix for a Diesel element type.
fn range_base(element: &str) -> Option<&'static str> {
    match element {
        "Int4" | "Integer" => Some("INT4"),
        "Int8" | "BigInt" | "Bigint" => Some("INT8"),
        "Numeric" | "Decimal" => Some("NUM"),
        "Timestamp" => Some("TS"),
        "Timestamptz" => Some("TSTZ"),
        "Date" => Some("DATE"),
        _ => None,
    }
}

/// PostgreSQL: print-schema writes the upper-camel-cased `udt_name` (`Int4`,
/// `Varchar`, `Bpchar`, `Timestamptz`); people also write Diesel's generic
/// names (`Integer`, `Text`). Type modifiers print-schema cannot write
/// (numeric precision, time precision, interval fields) make a family.
fn postgres_type(name: &str, len: Option<u32>) -> Option<TypeText> {
    let exact = |sql: &str| Some(TypeText::exact(sql));
    match name {
        "Bool" => exact("BOOLEAN"),
        "SmallInt" | "Smallint" | "Int2" | "SmallSerial" => exact("SMALLINT"),
        "Integer" | "Int4" | "Serial" => exact("INTEGER"),
        "BigInt" | "Bigint" | "Int8" | "BigSerial" => exact("BIGINT"),
        "Float" | "Float4" => exact("REAL"),
        "Double" | "Float8" => exact("DOUBLE PRECISION"),
        "Numeric" | "Decimal" => Some(TypeText::family("NUMERIC", "Numeric")),
        "Text" | "Tinytext" | "Mediumtext" | "Longtext" => exact("TEXT"),
        "VarChar" | "Varchar" => Some(TypeText::sized("VARCHAR", len, "Varchar")),
        // `Bpchar` is print-schema's name for character(n); `Char` is what
        // people write for it (print-schema writes `Char` for the one-byte
        // internal `"char"` type, which the family also covers).
        "Bpchar" | "Char" => Some(TypeText::sized("CHAR", len, "Bpchar")),
        "Binary" | "Bytea" | "Blob" | "Tinyblob" | "Mediumblob" | "Longblob" | "Varbinary" => {
            exact("BYTEA")
        }
        // print-schema writes `Bit` (an alias of Binary in Diesel) for bit(n).
        "Bit" => Some(TypeText::sized("BIT", len, "Bit")),
        "Date" => exact("DATE"),
        "Time" => Some(TypeText::family("TIME", "Time")),
        "Timestamp" => Some(TypeText::family("TIMESTAMP", "Timestamp")),
        "Timestamptz" => Some(TypeText::family("TIMESTAMP WITH TIME ZONE", "Timestamptz")),
        "Interval" => Some(TypeText::family("INTERVAL", "Interval")),
        "Uuid" => exact("UUID"),
        "Json" => exact("JSON"),
        "Jsonb" => exact("JSONB"),
        "Inet" => exact("INET"),
        "Cidr" => exact("CIDR"),
        "MacAddr" | "Macaddr" => exact("MACADDR"),
        "MacAddr8" | "Macaddr8" => exact("MACADDR8"),
        "Money" => exact("MONEY"),
        "Oid" => exact("OID"),
        "Citext" => exact("CITEXT"),
        "PgLsn" => exact("PG_LSN"),
        "CChar" => exact("\"char\""),
        "Int4range" => exact("INT4RANGE"),
        "Int8range" => exact("INT8RANGE"),
        "Numrange" => exact("NUMRANGE"),
        "Tsrange" => exact("TSRANGE"),
        "Tstzrange" => exact("TSTZRANGE"),
        "Daterange" => exact("DATERANGE"),
        "Int4multirange" => exact("INT4MULTIRANGE"),
        "Int8multirange" => exact("INT8MULTIRANGE"),
        "Nummultirange" => exact("NUMMULTIRANGE"),
        "Tsmultirange" => exact("TSMULTIRANGE"),
        "Tstzmultirange" => exact("TSTZMULTIRANGE"),
        "Datemultirange" => exact("DATEMULTIRANGE"),
        _ => None,
    }
}

/// MySQL: print-schema writes the `column_type` without its parentheses,
/// upper-camel-cased (`Varchar`, `Decimal`, `Datetime`), `Bool` for
/// `tinyint(1)` and `Integer` for `int`, wrapped in `Unsigned<...>` when the
/// type is unsigned. Display widths (`int(11)`) are left to the normalizer;
/// precisions and fractional seconds make a family.
fn mysql_type(name: &str, len: Option<u32>) -> Option<TypeText> {
    let exact = |sql: &str| Some(TypeText::exact(sql));
    match name {
        // MySQL Reference Manual, "Numeric Data Type Syntax": BOOL and BOOLEAN
        // are synonyms for TINYINT(1).
        "Bool" => exact("BOOLEAN"),
        "TinyInt" | "Tinyint" => exact("TINYINT"),
        "SmallInt" | "Smallint" | "Int2" => exact("SMALLINT"),
        "Integer" | "Int4" => exact("INT"),
        "BigInt" | "Bigint" | "Int8" => exact("BIGINT"),
        "Float" | "Float4" => Some(TypeText::family("FLOAT", "Float")),
        "Double" | "Float8" => Some(TypeText::family("DOUBLE", "Double")),
        "Numeric" | "Decimal" => Some(TypeText::family("DECIMAL", "Decimal")),
        "Text" => exact("TEXT"),
        "Tinytext" => exact("TINYTEXT"),
        "Mediumtext" => exact("MEDIUMTEXT"),
        // MariaDB's JSON is LONGTEXT with a json_valid check, and print-schema
        // writes Longtext for it: a family, so a json column stays json.
        "Longtext" => Some(TypeText::family("LONGTEXT", "Longtext")),
        "VarChar" | "Varchar" => Some(TypeText::sized("VARCHAR", len, "Varchar")),
        "Char" => Some(TypeText::sized("CHAR", len, "Char")),
        // `character_maximum_length` is the byte length of binary(n) and
        // varbinary(n). Without a length, `Binary` is Diesel's bytes type,
        // whose aliases `Blob`, `Varbinary`, ... are: see `mysql_family`.
        "Binary" => Some(TypeText::sized("BINARY", len, "Binary")),
        "Varbinary" => Some(TypeText::sized("VARBINARY", len, "Varbinary")),
        "Blob" => exact("BLOB"),
        "Tinyblob" => exact("TINYBLOB"),
        "Mediumblob" => exact("MEDIUMBLOB"),
        "Longblob" => exact("LONGBLOB"),
        "Bit" => Some(TypeText::sized("BIT", len, "Bit")),
        "Date" => exact("DATE"),
        "Time" => Some(TypeText::family("TIME", "Time")),
        "Timestamp" => Some(TypeText::family("TIMESTAMP", "Timestamp")),
        "Datetime" => Some(TypeText::family("DATETIME", "Datetime")),
        "Json" => exact("JSON"),
        _ => None,
    }
}

/// SQLite: print-schema maps every declared type through a substring cascade
/// onto a handful of Diesel types (`VARCHAR(20)` and `CLOB` both become
/// `Text`, `DECIMAL(10,2)` becomes `Double`), so every column's type is a
/// family named after the Diesel type that cascade gives.
fn sqlite_type(name: &str, len: Option<u32>) -> Option<TypeText> {
    let family = |sql: &str, family: &str| Some(TypeText::family(sql, family));
    match name {
        "Bool" => family("BOOLEAN", "Bool"),
        "SmallInt" | "Smallint" | "Int2" => family("SMALLINT", "SmallInt"),
        "Integer" | "Int4" => family("INTEGER", "Integer"),
        "BigInt" | "Bigint" | "Int8" => family("BIGINT", "BigInt"),
        "Text" | "Tinytext" | "Mediumtext" | "Longtext" => family("TEXT", "Text"),
        "VarChar" | "Varchar" | "Char" => match len {
            Some(n) => family(&format!("VARCHAR({n})"), "Text"),
            None => family("TEXT", "Text"),
        },
        "Binary" | "Blob" | "Tinyblob" | "Mediumblob" | "Longblob" | "Varbinary" => {
            family("BLOB", "Binary")
        }
        "Float" | "Float4" => family("FLOAT", "Float"),
        "Double" | "Float8" => family("DOUBLE", "Double"),
        // Diesel stores Numeric as a double on SQLite, and print-schema reads
        // NUMERIC and DECIMAL columns as `Double`.
        "Numeric" | "Decimal" => family("NUMERIC", "Double"),
        "Date" => family("DATE", "Date"),
        "Time" => family("TIME", "Time"),
        "Timestamp" => family("TIMESTAMP", "Timestamp"),
        // Neither is ever written by print-schema; the declared type is kept as is.
        "Timestamptz" | "TimestamptzSqlite" => Some(TypeText::exact("TIMESTAMPTZ")),
        "Json" => Some(TypeText::exact("JSON")),
        "Jsonb" => Some(TypeText::exact("JSONB")),
        _ => None,
    }
}

/// Extension types print-schema declares as custom types: they live in the
/// extension's schema like enums do, so only their names tell them apart.
/// They are compared by name, never as enums; whether the database or the
/// models have the extension is autogenerate's question (PostgreSQL's
/// `dialect/postgres/extension_types.rs`, whose table a test there keeps
/// this list in step with). The text search types are built in, but
/// print-schema of older Diesel declared them too.
#[rustfmt::skip]
const EXTENSION_TYPES: &[&str] = &[
    "citext", "hstore", "ltree", "lquery", "ltxtquery", "cube", "earth", "ean13", "isbn",
    "isbn13", "ismn", "ismn13", "issn", "issn13", "upc", "seg", "query_int", "lo", "geometry",
    "geography", "box2d", "box3d", "raster", "vector", "halfvec", "sparsevec",
    "tsvector", "tsquery", "regconfig",
];

/// Whether print-schema's custom type `name` is a well-known extension's
/// type (or a text search type), compared by name rather than as an enum.
pub(crate) fn is_extension_type(name: &str) -> bool {
    EXTENSION_TYPES.contains(&name)
}

/// A PostgreSQL custom type. print-schema declares one for every type Diesel
/// lacks: enums (its usual use), extension types, and built-in types it does
/// not know, which it qualifies with `schema = "pg_catalog"`. Only the enums
/// have labels the models cannot say.
fn postgres_custom(name: &str, schema: Option<&str>, max_length: Option<u32>) -> TypeText {
    let qualified = QualifiedName {
        schema: schema.map(str::to_string),
        name: name.to_string(),
    };
    let builtin = schema == Some("pg_catalog");
    let extension = is_extension_type(name);
    // print-schema writes `#[max_length = n]` from character_maximum_length,
    // which PostgreSQL gives for the length-taking built-in types (varbit
    // is the one Diesel lacks); `varbit(10)` without it would be unbounded.
    if builtin
        && let Some(n) = max_length
        && matches!(
            name,
            "varbit"
                | "bit varying"
                | "bit"
                | "bpchar"
                | "varchar"
                | "character varying"
                | "character"
        )
    {
        return TypeText::exact(&format!("{name}({n})"));
    }
    if builtin || (extension && schema.is_none()) {
        return TypeText::exact(full_text_type(&capitalize(name)).unwrap_or(name));
    }
    if extension {
        // Kept where the extension lives (Supabase, for one, uses `extensions`).
        return TypeText::exact(&qualified.to_string());
    }
    // postgres_type's name is the catalog's, case and spaces included (Diesel
    // looks the type up by it): quoted unless plain lower case, so `MoodType`
    // is not folded to `moodtype` when the text is read as SQL.
    let quoted = |part: &str| {
        let plain = part.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && part
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if plain {
            part.to_string()
        } else {
            format!("\"{}\"", part.replace('"', "\"\""))
        }
    };
    let sql = match schema {
        Some(s) => format!("{}.{}", quoted(s), quoted(name)),
        None => quoted(name),
    };
    TypeText {
        sql,
        family: None,
        enum_type: Some(qualified),
    }
}

/// A MySQL custom type. print-schema names it after the column type it could
/// not map (`Enum`, `Set`, `Mediumint`, `Year`, `Geometry`); Diesel's own
/// `MysqlType` wire names other than those say nothing about the column type.
fn mysql_custom(name: &str) -> Option<TypeText> {
    #[rustfmt::skip]
    const WIRE_ONLY: &[&str] = &[
        "Tiny", "UnsignedTiny", "Short", "UnsignedShort", "Long", "UnsignedLong", "LongLong",
        "UnsignedLongLong", "Numeric", "String", "Blob", "DateTime",
    ];
    if WIRE_ONLY.contains(&name) || name.is_empty() {
        return None;
    }
    Some(TypeText::family(&name.to_ascii_uppercase(), name))
}

fn capitalize(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------
// Families: which database types print-schema writes as a given Diesel type.

/// Removes the first parenthesized modifier: `timestamp(3) with time zone` ->
/// `timestamp with time zone`, `character varying(20)` -> `character varying`.
fn without_modifier(db: &str) -> String {
    match (db.find('('), db.find(')')) {
        (Some(open), Some(close)) if open < close => {
            let joined = format!("{} {}", &db[..open], &db[close + 1..]);
            joined.split_whitespace().collect::<Vec<_>>().join(" ")
        }
        _ => db.to_string(),
    }
}

fn postgres_family(db: &str, family: &str) -> bool {
    if let Some(element) = family
        .strip_prefix("Array<")
        .and_then(|f| f.strip_suffix('>'))
    {
        return db
            .strip_suffix("[]")
            .is_some_and(|d| postgres_family(d.trim_end(), element));
    }
    if db.ends_with("[]") {
        return false;
    }
    let bare = without_modifier(db);
    // Spellings per the PostgreSQL documentation, chapter 8 "Data Types"
    // (format_type prints the long forms; the short ones are accepted too).
    let names: &[&str] = match family {
        "Varchar" => &["character varying", "varchar"],
        "Bpchar" => &["character", "char", "bpchar", "\"char\""],
        "Bit" => &["bit"],
        "Numeric" => &["numeric", "decimal"],
        "Time" => &["time without time zone", "time"],
        "Timestamp" => &["timestamp without time zone", "timestamp"],
        "Timestamptz" => &["timestamp with time zone", "timestamptz"],
        // interval may carry fields: `interval day to second(3)`.
        "Interval" => return bare == "interval" || bare.starts_with("interval "),
        _ => &[],
    };
    names.contains(&bare.as_str())
}

/// The Diesel type name print-schema writes for a MySQL `column_type`, and
/// whether it wraps it in `Unsigned<...>`.
fn mysql_print_schema_name(db: &str) -> (String, bool) {
    let unsigned = db.contains("unsigned");
    let base = if db == "tinyint(1)" {
        "bool".to_string()
    } else if db.starts_with("int") {
        "integer".to_string()
    } else {
        let head = db.split('(').next().unwrap_or(db);
        head.split_whitespace()
            .filter(|w| *w != "unsigned" && *w != "zerofill")
            .collect::<Vec<_>>()
            .join(" ")
    };
    (capitalize(&base), unsigned)
}

fn mysql_family(db: &str, family: &str) -> bool {
    let (name, unsigned) = match family
        .strip_prefix("Unsigned<")
        .and_then(|f| f.strip_suffix('>'))
    {
        Some(inner) => (inner, true),
        None => (family, false),
    };
    if name == "Longtext" && !unsigned && db == "json" {
        return true;
    }
    // print-schema writes `Binary` only for binary(n), with `#[max_length]`
    // since diesel 2.1, so a `Binary` without one is either older
    // print-schema output for binary(n) or written by hand for any bytes
    // column, as Diesel itself makes `Blob`, `Tinyblob`, `Mediumblob`,
    // `Longblob` and `Varbinary` aliases of `Binary` (diesel::sql_types),
    // which it sends to MySQL as a BLOB. Either way it covers every byte
    // string type; not `bit(n)` (also an alias), which holds bits.
    if name == "Binary" && !unsigned {
        let base = db.split('(').next().unwrap_or(db).trim();
        return matches!(
            base,
            "binary" | "varbinary" | "tinyblob" | "blob" | "mediumblob" | "longblob"
        );
    }
    mysql_print_schema_name(db) == (name.to_string(), unsigned)
}

/// The Diesel type print-schema writes for a SQLite declared type: the same
/// ordered substring tests diesel_cli applies (after SQLite's own affinity
/// rules, "Datatypes In SQLite", section 3.1, which it approximates).
fn sqlite_print_schema_name(declared: &str) -> Option<&'static str> {
    let t = if declared == "generated always" {
        ""
    } else {
        declared
    };
    let has = |s: &str| t.contains(s);
    Some(
        if t == "boolean" || t == "bool" || (has("tiny") && has("int")) {
            "Bool"
        } else if t == "int2" || (has("small") && has("int")) {
            "SmallInt"
        } else if t == "int8" || (has("big") && has("int")) {
            "BigInt"
        } else if has("int") {
            "Integer"
        } else if has("char") || has("clob") || has("text") {
            "Text"
        } else if has("blob") || has("binary") || t.is_empty() {
            "Binary"
        } else if has("float") || has("real") {
            "Float"
        } else if has("double") || has("num") || has("dec") {
            "Double"
        } else if t == "datetime" || t == "timestamp" {
            "Timestamp"
        } else if t == "date" {
            "Date"
        } else if t == "time" {
            "Time"
        } else {
            return None;
        },
    )
}

fn sqlite_family(db: &str, family: &str) -> bool {
    let name = sqlite_print_schema_name(db);
    match family {
        "RowidBigInt" | "NullableRowidBigInt" => db == "integer" || name == Some("BigInt"),
        // print-schema's `sqlite_integer_primary_key_is_bigint` writes BigInt
        // for INTEGER columns too (those referencing an INTEGER PRIMARY KEY);
        // both are one INTEGER affinity of 64 bits on SQLite, so the declared
        // name is the database's to keep.
        "BigInt" => matches!(name, Some("BigInt" | "Integer")),
        _ => name == Some(family),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Schema;

    fn parse(kind: DialectKind, text: &str) -> Loaded {
        parse_diesel(Path::new("schema.rs"), text, kind).expect("parses")
    }

    fn parse_err(kind: DialectKind, text: &str) -> String {
        parse_diesel(Path::new("schema.rs"), text, kind)
            .expect_err("must fail")
            .to_string()
    }

    fn columns(schema: &Schema, table: &str) -> Vec<(String, String, bool)> {
        schema
            .tables
            .iter()
            .find(|t| t.name == table)
            .expect("table")
            .columns
            .iter()
            .map(|c| (c.name.clone(), c.data_type.clone(), c.nullable))
            .collect()
    }

    fn col(name: &str, ty: &str, nullable: bool) -> (String, String, bool) {
        (name.to_string(), ty.to_string(), nullable)
    }

    #[test]
    fn bare_table_macro_with_default_key() {
        let l = parse(
            DialectKind::Postgres,
            "table! { users { id -> Integer, name -> Nullable<Text>, } }",
        );
        let t = &l.schema.tables[0];
        assert_eq!(t.name, "users");
        assert_eq!(t.schema, None);
        assert_eq!(t.primary_key.as_ref().unwrap().columns, vec!["id"]);
        assert_eq!(
            columns(&l.schema, "users"),
            vec![col("id", "INTEGER", false), col("name", "TEXT", true)]
        );
    }

    #[test]
    fn several_tables_in_one_invocation() {
        let l = parse(
            DialectKind::Sqlite,
            "diesel::table! { a (x) { x -> Integer } b { id -> Text, } }",
        );
        let names: Vec<_> = l.schema.tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, vec!["a", "b"]);
    }

    #[test]
    fn sql_name_on_table_and_column_and_raw_identifiers() {
        let l = parse(
            DialectKind::Mysql,
            r#"diesel::table! {
                #[sql_name = "Order Items"]
                order_items (r#type) {
                    #[sql_name = "type"]
                    r#type -> Integer,
                    #[sql_name = "Qty"]
                    qty -> Unsigned<Smallint>,
                }
            }"#,
        );
        let t = &l.schema.tables[0];
        assert_eq!(t.name, "Order Items");
        assert_eq!(t.primary_key.as_ref().unwrap().columns, vec!["type"]);
        assert_eq!(
            columns(&l.schema, "Order Items"),
            vec![
                col("type", "INT", false),
                col("Qty", "SMALLINT UNSIGNED", false)
            ]
        );
    }

    #[test]
    fn schema_qualified_table_keeps_schema_as_written() {
        let l = parse(
            DialectKind::Postgres,
            "diesel::table! { public.users (id) { id -> Int4 } }",
        );
        assert_eq!(l.schema.tables[0].schema.as_deref(), Some("public"));
        assert!(l.silence.tables.contains_key(&QualifiedName {
            schema: Some("public".into()),
            name: "users".into()
        }));
    }

    #[test]
    fn enum_names_keep_their_case_and_spaces() {
        let l = parse(
            DialectKind::Postgres,
            r#"
            pub mod sql_types {
                #[derive(diesel::sql_types::SqlType)]
                #[diesel(postgres_type(name = "Mood Type", schema = "app"))]
                pub struct MoodType;
                #[derive(diesel::sql_types::SqlType)]
                #[diesel(postgres_type(name = "Colour"))]
                pub struct Colour;
            }
            diesel::table! {
                use diesel::sql_types::*;
                use super::sql_types::{MoodType, Colour};
                people (id) { id -> Int8, mood -> MoodType, colour -> Colour, }
            }"#,
        );
        let types: Vec<&str> = l.schema.tables[0]
            .columns
            .iter()
            .map(|c| c.data_type.as_str())
            .collect();
        assert_eq!(types, ["BIGINT", "app.\"Mood Type\"", "\"Colour\""]);
        assert!(
            l.silence
                .enum_values
                .contains(&QualifiedName::new("Colour"))
        );
    }

    #[test]
    fn use_lines_and_attributes_before_the_name() {
        let l = parse(
            DialectKind::Postgres,
            r#"
            pub mod sql_types {
                #[derive(diesel::sql_types::SqlType)]
                #[diesel(postgres_type(name = "mood"))]
                pub struct Mood;
            }
            diesel::table! {
                #[allow(clippy::pedantic)]
                use diesel::sql_types::*;
                use super::sql_types::Mood;
                /// The people.
                people (id) { id -> Int8, mood -> Nullable<Mood>, }
            }"#,
        );
        assert_eq!(
            columns(&l.schema, "people"),
            vec![col("id", "BIGINT", false), col("mood", "mood", true)]
        );
        assert!(l.silence.enum_values.contains(&QualifiedName::new("mood")));
        assert!(l.schema.enums.is_empty());
    }

    #[test]
    fn full_paths_need_no_use_lines() {
        let l = parse(
            DialectKind::Postgres,
            r#"
            diesel::table! {
                use diesel::sql_types::Int4;
                docs (id) {
                    id -> Int4,
                    body -> diesel_full_text_search::Tsvector,
                    at -> diesel::sql_types::Timestamptz,
                    tags -> diesel::pg::sql_types::Array<diesel::sql_types::Nullable<diesel::sql_types::Text>>,
                }
            }"#,
        );
        assert_eq!(
            columns(&l.schema, "docs"),
            vec![
                col("id", "INTEGER", false),
                col("body", "TSVECTOR", false),
                col("at", "TIMESTAMP WITH TIME ZONE", false),
                col("tags", "TEXT[]", false),
            ]
        );
    }

    /// Lemmy's `use diesel_ltree::sql_types::Ltree;` is read like
    /// `diesel_full_text_search`'s types: the crates that give Diesel
    /// PostgreSQL extension types, by any path into them, imported, glob
    /// imported or written out.
    #[test]
    fn third_party_crates_types_are_known() {
        let l = parse(
            DialectKind::Postgres,
            r#"
            diesel::table! {
                use diesel::sql_types::*;
                use diesel_ltree::sql_types::Ltree;
                use diesel_full_text_search::Tsvector;
                use pgvector::sql_types::Vector;
                comment (id) {
                    id -> Int4,
                    path -> Ltree,
                    q -> Nullable<diesel_ltree::Lquery>,
                    t -> diesel_ltree::sql_types::Ltxtquery,
                    doc -> Tsvector,
                    embedding -> Nullable<Vector>,
                    half -> pgvector::sql_types::HalfVector,
                    sparse -> Array<pgvector::sql_types::SparseVec>,
                }
            }
            diesel::table! {
                use diesel::sql_types::*;
                use diesel_ltree::sql_types::*;
                community (id) { id -> Int4, path -> Ltree, }
            }"#,
        );
        assert_eq!(
            columns(&l.schema, "comment"),
            vec![
                col("id", "INTEGER", false),
                col("path", "ltree", false),
                col("q", "lquery", true),
                col("t", "ltxtquery", false),
                col("doc", "TSVECTOR", false),
                col("embedding", "vector", true),
                col("half", "halfvec", false),
                col("sparse", "sparsevec[]", false),
            ]
        );
        assert_eq!(
            columns(&l.schema, "community"),
            vec![col("id", "INTEGER", false), col("path", "ltree", false)]
        );
        assert!(l.silence.enum_values.is_empty());

        let e = parse_err(
            DialectKind::Postgres,
            "diesel::table! {\n use diesel_ltree::sql_types::Ltre;\n t (id) { id -> Int4, p -> Ltre, }\n}",
        );
        assert!(e.contains("unknown SQL type `Ltre`"), "{e}");
        let e = parse_err(
            DialectKind::Mysql,
            "diesel::table! {\n t (id) { id -> Integer, p -> diesel_ltree::sql_types::Ltree, }\n}",
        );
        assert!(
            e.contains(
                "`diesel_ltree::sql_types::Ltree` is a PostgreSQL type; it has no MySQL column type"
            ),
            "{e}"
        );
    }

    #[test]
    fn explicit_import_wins_over_glob() {
        // Older print-schema declared citext as a custom type.
        let l = parse(
            DialectKind::Postgres,
            r#"
            pub mod sql_types {
                #[derive(diesel::sql_types::SqlType)]
                #[diesel(postgres_type(name = "citext"))]
                pub struct Citext;
                #[derive(diesel::sql_types::SqlType)]
                #[diesel(postgres_type(name = "tsvector", schema = "pg_catalog"))]
                pub struct Tsvector;
            }
            diesel::table! {
                use diesel::sql_types::*;
                use super::sql_types::{Citext, Tsvector};
                t (id) { id -> Int4, email -> Citext, doc -> Tsvector, }
            }"#,
        );
        assert_eq!(
            columns(&l.schema, "t"),
            vec![
                col("id", "INTEGER", false),
                col("email", "citext", false),
                col("doc", "TSVECTOR", false)
            ]
        );
        assert!(l.silence.enum_values.is_empty());
    }

    #[test]
    fn ranges_and_arrays() {
        let l = parse(
            DialectKind::Postgres,
            "table! { r (id) { id -> Int4, a -> Range<Int4>, b -> Tstzrange, c -> Multirange<Date>, d -> Array<Nullable<Varchar>>, } }",
        );
        assert_eq!(
            columns(&l.schema, "r"),
            vec![
                col("id", "INTEGER", false),
                col("a", "INT4RANGE", false),
                col("b", "TSTZRANGE", false),
                col("c", "DATEMULTIRANGE", false),
                col("d", "VARCHAR[]", false),
            ]
        );
        assert_eq!(
            l.silence
                .column_types
                .get(&(QualifiedName::new("r"), "d".into()))
                .map(String::as_str),
            Some("Array<Varchar>")
        );
    }

    #[test]
    fn joinable_makes_an_unnamed_foreign_key_to_the_parent_key() {
        let l = parse(
            DialectKind::Postgres,
            r#"
            diesel::table! { users (user_id) { user_id -> Int4, } }
            diesel::table! { posts (id) { id -> Int4, #[sql_name = "author"] author_id -> Int4, } }
            diesel::joinable!(posts -> users (author_id));
            diesel::allow_tables_to_appear_in_same_query!(posts, users);
            "#,
        );
        let posts = &l.schema.tables[1];
        assert_eq!(
            posts.foreign_keys,
            vec![ForeignKey {
                name: None,
                columns: vec!["author".into()],
                ref_schema: None,
                ref_table: "users".into(),
                ref_columns: vec!["user_id".into()],
                ..ForeignKey::default()
            }]
        );
        assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    }

    #[test]
    fn sqlite_keeps_declared_nullability_and_drops_implicit_rowid() {
        let l = parse(
            DialectKind::Sqlite,
            r#"
            diesel::table! { codes (code) { code -> Nullable<Text>, } }
            diesel::table! { logs (rowid) { rowid -> Integer, line -> Text, } }
            diesel::table! { big (id) { id -> BigInt, } }
            "#,
        );
        assert_eq!(columns(&l.schema, "codes"), vec![col("code", "TEXT", true)]);
        let logs = &l.schema.tables[1];
        assert_eq!(columns(&l.schema, "logs"), vec![col("line", "TEXT", false)]);
        assert_eq!(logs.primary_key, None);
        assert_eq!(l.warnings.len(), 1);
        assert!(
            l.warnings[0].starts_with("schema.rs:3: "),
            "{}",
            l.warnings[0]
        );
        assert_eq!(columns(&l.schema, "big"), vec![col("id", "INTEGER", false)]);
        assert_eq!(
            l.silence
                .column_types
                .get(&(QualifiedName::new("big"), "id".into()))
                .map(String::as_str),
            Some("RowidBigInt")
        );
    }

    #[test]
    fn other_macros_and_external_modules_are_warned_about() {
        let l = parse(
            DialectKind::Postgres,
            "mod extra;\ndiesel::view! { v { x -> Int4 } }\ntable! { t { id -> Int4 } }",
        );
        assert_eq!(l.schema.tables.len(), 1);
        assert_eq!(l.warnings.len(), 2);
        assert!(l.warnings[0].starts_with("schema.rs:1: module `extra`"));
        assert!(l.warnings[1].starts_with("schema.rs:2: view! is not read"));
    }

    #[test]
    fn error_names_file_line_table_column_and_type() {
        let e = parse_err(
            DialectKind::Postgres,
            "diesel::table! {\n    users (id) {\n        id -> Int4,\n        geo -> Point,\n    }\n}",
        );
        assert!(
            e.starts_with("schema.rs:4: table `users`: column `geo`: unknown SQL type `Point`"),
            "{e}"
        );
        assert!(e.contains("#[derive(diesel::sql_types::SqlType)]"), "{e}");
        assert!(e.contains("revise reads only the schema.rs files"), "{e}");
    }

    #[test]
    fn malformed_table_names_the_table() {
        let e = parse_err(
            DialectKind::Postgres,
            "diesel::table! {\n    users (id) {\n        id => Int4,\n    }\n}",
        );
        assert!(
            e.starts_with("schema.rs:3: table `users`: column `id`: expected `->`"),
            "{e}"
        );
    }

    #[test]
    fn not_rust_is_an_error_with_a_line() {
        let e = parse_err(DialectKind::Sqlite, "\n\nfn (");
        assert!(e.starts_with("schema.rs:3: not valid Rust"), "{e}");
    }

    #[test]
    fn a_file_without_tables_is_an_error_naming_it() {
        for text in ["", "// @generated automatically by Diesel CLI.\n"] {
            let e = parse_err(DialectKind::Postgres, text);
            assert!(
                e.starts_with("schema.rs:1: no table! in schema.rs; an empty schema.rs"),
                "{e}"
            );
        }
        // A file of custom types only, beside the tables' file, is fine.
        parse(
            DialectKind::Postgres,
            "pub mod sql_types {\n    #[derive(diesel::sql_types::SqlType)]\n    #[diesel(postgres_type(name = \"mood\"))]\n    pub struct Mood;\n}\n",
        );
    }

    #[test]
    fn dialect_specific_types_are_refused_elsewhere() {
        let e = parse_err(DialectKind::Mysql, "table! { t { id -> Uuid } }");
        assert!(e.contains("`Uuid` is not a MySQL type in Diesel"), "{e}");
        let e = parse_err(
            DialectKind::Sqlite,
            "table! { t { id -> Unsigned<Integer> } }",
        );
        assert!(
            e.contains("`Unsigned` is a MySQL type in Diesel; it has no SQLite column type"),
            "{e}"
        );
        let e = parse_err(DialectKind::Mysql, "table! { t { id -> Array<Integer> } }");
        assert!(e.contains("`Array` is a PostgreSQL type"), "{e}");
    }

    #[test]
    fn key_errors() {
        let e = parse_err(DialectKind::Postgres, "table! { t { key -> Int4 } }");
        assert!(
            e.contains("table `t`: no primary key list and no `id` column"),
            "{e}"
        );
        let e = parse_err(
            DialectKind::Postgres,
            "table! {\n t (nope) { id -> Int4 } }",
        );
        assert!(
            e.starts_with(
                "schema.rs:2: table `t`: primary key column `nope` is not one of its columns"
            ),
            "{e}"
        );
        let e = parse_err(
            DialectKind::Postgres,
            "table! { t { id -> Int4, id -> Text } }",
        );
        assert!(e.contains("column `id` is listed twice"), "{e}");
    }

    #[test]
    fn joinable_errors() {
        let base = "table! { a { id -> Int4, b_id -> Int4 } }\ntable! { b (x, y) { x -> Int4, y -> Int4 } }\n";
        let e = parse_err(
            DialectKind::Postgres,
            &format!("{base}joinable!(a -> c (b_id));"),
        );
        assert!(
            e.starts_with("schema.rs:3: joinable!(a -> c (b_id)): unknown table `c`"),
            "{e}"
        );
        let e = parse_err(
            DialectKind::Postgres,
            &format!("{base}joinable!(a -> b (nope));"),
        );
        assert!(e.contains("table `a` has no column `nope`"), "{e}");
        let e = parse_err(
            DialectKind::Postgres,
            &format!("{base}joinable!(a -> b (b_id));"),
        );
        assert!(e.contains("the primary key of `b` has 2 columns"), "{e}");
        let e = parse_err(
            DialectKind::Postgres,
            &format!("{base}joinable!(a b (b_id));"),
        );
        assert!(e.starts_with("schema.rs:3: joinable!: "), "{e}");
    }

    #[test]
    fn custom_type_errors() {
        let e = parse_err(
            DialectKind::Postgres,
            "pub mod sql_types {\n #[derive(diesel::sql_types::SqlType)]\n #[diesel(postgres_type(oid = 600, array_oid = 1017))]\n pub struct Point;\n}\ntable! { use diesel::sql_types::*; use super::sql_types::Point; t { id -> Int4, p -> Point } }",
        );
        assert!(
            e.contains("custom type `Point` (schema.rs:4) gives no postgres_type name"),
            "{e}"
        );
        let e = parse_err(
            DialectKind::Mysql,
            "#[derive(diesel::sql_types::SqlType)]\n#[diesel(postgres_type(name = \"mood\"))]\npub struct Mood;\ntable! { t { id -> Integer, m -> Mood } }",
        );
        assert!(
            e.contains("has no #[diesel(mysql_type(name = \"...\"))]"),
            "{e}"
        );
    }

    #[test]
    fn bad_attributes_name_table_and_column() {
        let e = parse_err(
            DialectKind::Postgres,
            "table! {\n t {\n id -> Int4,\n #[max_length = \"x\"]\n name -> Varchar,\n }\n}",
        );
        assert!(
            e.starts_with("schema.rs:4: table `t`: column `name`: #[max_length] takes an integer"),
            "{e}"
        );
        let e = parse_err(
            DialectKind::Postgres,
            "table! {\n #[sql_name(x)]\n t { id -> Int4 }\n}",
        );
        assert!(
            e.starts_with("schema.rs:2: table `t`: #[sql_name] takes a string"),
            "{e}"
        );
    }

    #[test]
    fn extension_types_are_not_enums() {
        let l = parse(
            DialectKind::Postgres,
            r#"
            pub mod sql_types {
                #[derive(diesel::sql_types::SqlType)]
                #[diesel(postgres_type(name = "citext", schema = "extensions"))]
                pub struct Citext;
                #[derive(diesel::sql_types::SqlType)]
                #[diesel(postgres_type(name = "geometry"))]
                pub struct Geometry;
                #[derive(diesel::sql_types::SqlType)]
                #[diesel(postgres_type(name = "name", schema = "pg_catalog"))]
                pub struct Name;
                #[derive(diesel::sql_types::SqlType)]
                #[diesel(postgres_type(name = "isbn13"))]
                pub struct Isbn13;
                #[derive(diesel::sql_types::SqlType)]
                #[diesel(postgres_type(name = "ltree"))]
                pub struct Ltree;
            }
            diesel::table! {
                use diesel::sql_types::*;
                use super::sql_types::{Citext, Geometry, Isbn13, Ltree, Name};
                t (id) { id -> Int4, a -> Citext, b -> Geometry, c -> Name, d -> Isbn13, e -> Ltree, }
            }"#,
        );
        assert_eq!(
            columns(&l.schema, "t"),
            vec![
                col("id", "INTEGER", false),
                col("a", "extensions.citext", false),
                col("b", "geometry", false),
                col("c", "name", false),
                col("d", "isbn13", false),
                col("e", "ltree", false),
            ]
        );
        assert!(l.silence.enum_values.is_empty());
    }

    #[test]
    fn mysql_custom_types_are_families_unless_only_a_wire_format() {
        let l = parse(
            DialectKind::Mysql,
            r#"
            pub mod sql_types {
                #[derive(diesel::sql_types::SqlType)]
                #[diesel(mysql_type(name = "Set"))]
                pub struct TFlagsSet;
            }
            diesel::table! {
                use diesel::sql_types::*;
                use super::sql_types::TFlagsSet;
                t (id) { id -> Integer, flags -> Nullable<TFlagsSet>, }
            }"#,
        );
        assert_eq!(
            columns(&l.schema, "t"),
            vec![col("id", "INT", false), col("flags", "SET", true)]
        );
        assert_eq!(
            l.silence
                .column_types
                .get(&(QualifiedName::new("t"), "flags".into()))
                .map(String::as_str),
            Some("Set")
        );
        let e = parse_err(
            DialectKind::Mysql,
            "#[derive(SqlType)]\n#[diesel(mysql_type(name = \"String\"))]\npub struct Code;\ntable! { t { id -> Integer, c -> Code } }",
        );
        assert!(
            e.contains("mysql_type(name = \"String\") is a wire format"),
            "{e}"
        );
    }

    #[test]
    fn diesel_1_custom_type_attributes() {
        let text = r#"
            #[derive(SqlType)]
            #[postgres(type_name = "mood")]
            #[mysql_type = "Enum"]
            #[sqlite_type = "Text"]
            pub struct Mood;
            table! { use diesel::sql_types::*; use super::Mood; t { id -> Integer, m -> Mood, } }
        "#;
        let pg = parse(DialectKind::Postgres, text);
        assert_eq!(columns(&pg.schema, "t")[1], col("m", "mood", false));
        assert!(pg.silence.enum_values.contains(&QualifiedName::new("mood")));
        let my = parse(DialectKind::Mysql, text);
        assert_eq!(columns(&my.schema, "t")[1], col("m", "ENUM", false));
        let lite = parse(DialectKind::Sqlite, text);
        assert_eq!(columns(&lite.schema, "t")[1], col("m", "TEXT", false));
    }

    #[test]
    fn every_table_is_silent_about_what_schema_rs_cannot_say() {
        let l = parse(DialectKind::Mysql, "table! { t { id -> Integer } }");
        let aspects = l.silence.tables[&QualifiedName::new("t")];
        assert_eq!(aspects, silent_aspects());
        assert!(aspects.indexes && aspects.uniques && aspects.checks && aspects.defaults);
        assert!(
            aspects.comments
                && aspects.fk_actions
                && aspects.key_timing
                && aspects.foreign_keys
                && aspects.identity
        );
        assert!(l.silence.type_family.is_some());
    }

    #[test]
    fn postgres_families() {
        let m = |db: &str, f: &str| type_family_matches(DialectKind::Postgres, db, f).is_member();
        assert!(m("character varying(200)", "Varchar"));
        assert!(m("character varying", "Varchar"));
        assert!(!m("text", "Varchar"));
        assert!(!m("character(3)", "Varchar"));
        assert!(m("character(3)", "Bpchar"));
        assert!(m("numeric(10,2)", "Numeric"));
        assert!(m("numeric", "Numeric"));
        assert!(!m("integer", "Numeric"));
        assert!(m("timestamp(3) without time zone", "Timestamp"));
        assert!(!m("timestamp with time zone", "Timestamp"));
        assert!(m("timestamp(6) with time zone", "Timestamptz"));
        assert!(m("time(0) without time zone", "Time"));
        assert!(!m("time with time zone", "Time"));
        assert!(m("interval day to second(3)", "Interval"));
        assert!(m("bit(8)", "Bit"));
        assert!(!m("bit varying(8)", "Bit"));
        assert!(m("character varying(20)[]", "Array<Varchar>"));
        assert!(!m("character varying(20)", "Array<Varchar>"));
        assert!(!m("character varying(20)[]", "Varchar"));
        assert!(!m("bigint", "Integer"));
    }

    #[test]
    fn mysql_families() {
        let m = |db: &str, f: &str| type_family_matches(DialectKind::Mysql, db, f).is_member();
        // MariaDB's JSON alias reads as Longtext in print-schema.
        assert!(m("json", "Longtext"));
        assert!(m("longtext", "Longtext"));
        assert!(!m("text", "Longtext"));
        assert!(m("varchar(200)", "Varchar"));
        assert!(!m("text", "Varchar"));
        assert!(!m("char(2)", "Varchar"));
        assert!(m("decimal(10,2)", "Decimal"));
        assert!(!m("decimal(10,2) unsigned", "Decimal"));
        assert!(m("decimal(10,2) unsigned", "Unsigned<Decimal>"));
        assert!(m("enum('a','b')", "Enum"));
        assert!(!m("set('a','b')", "Enum"));
        assert!(m("datetime(6)", "Datetime"));
        assert!(!m("timestamp(6)", "Datetime"));
        assert!(m("mediumint(8) unsigned", "Unsigned<Mediumint>"));
        assert!(!m("int(11)", "Mediumint"));
        assert!(m("binary(16)", "Binary"));
        assert!(!m("tinyint(1)", "Tinyint"));
        // A length-less `Binary` is Diesel's bytes type, which `Blob`,
        // `Varbinary`, ... alias: every byte string type, not bits nor text.
        for bytes in [
            "varbinary(16)",
            "tinyblob",
            "blob",
            "mediumblob",
            "longblob",
        ] {
            assert!(m(bytes, "Binary"), "{bytes}");
        }
        assert!(!m("bit(8)", "Binary"));
        assert!(!m("text", "Binary"));
        assert!(!m("char(16)", "Binary"));
        // The aliases written by name stay print-schema's own types.
        assert!(m("varbinary(16)", "Varbinary"));
        assert!(!m("blob", "Varbinary"));
        assert!(!m("binary(16)", "Varbinary"));
    }

    #[test]
    fn mysql_types_without_a_length_are_unwritable_families() {
        let l = parse(
            DialectKind::Mysql,
            "table! { t (token) { token -> Char, note -> Nullable<Varchar>, hash -> Binary, \
             raw -> Varbinary, blob -> Blob, flags -> Bit, #[max_length = 32] sized -> Binary, } }",
        );
        let family = |c: &str| {
            l.silence
                .column_types
                .get(&(QualifiedName::new("t"), c.to_string()))
                .map(String::as_str)
        };
        let unwritable = |c: &str| {
            family(c).and_then(|f| (l.silence.unwritable.unwrap())(DialectKind::Mysql, f))
        };
        for c in ["token", "note", "hash", "raw"] {
            assert!(unwritable(c).is_some_and(|u| u.lacks == "a length"), "{c}");
        }
        assert_eq!(unwritable("hash").map(|u| u.sql), Some("BINARY(N)"));
        // BLOB needs no length; print-schema writes no length for bit(n), and
        // BIT alone is bit(1), a valid type.
        assert_eq!((family("blob"), unwritable("flags")), (None, None));
        assert_eq!(family("sized"), None, "BINARY(32) is exact");
        // Only MySQL needs them: PostgreSQL's VARCHAR alone is unbounded.
        assert_eq!(unwritable_family(DialectKind::Postgres, "Varchar"), None);
        assert_eq!(
            unwritable_family(DialectKind::Mysql, "Enum").map(|u| u.lacks),
            Some("its values")
        );
    }

    #[test]
    fn sqlite_families() {
        let m = |db: &str, f: &str| type_family_matches(DialectKind::Sqlite, db, f).is_member();
        assert!(m("VARCHAR(20)", "Text"));
        assert!(m("CLOB", "Text"));
        assert!(m("text", "Text"));
        assert!(!m("BLOB", "Text"));
        assert!(m("", "Binary"));
        assert!(m("INT", "Integer"));
        assert!(!m("BIGINT", "Integer"));
        // sqlite_integer_primary_key_is_bigint: one INTEGER affinity.
        assert!(m("INTEGER", "BigInt"));
        assert!(m("INT", "BigInt"));
        assert!(!m("TEXT", "BigInt"));
        assert!(m("INTEGER", "RowidBigInt"));
        assert!(m("BIGINT", "NullableRowidBigInt"));
        assert!(m("BIGINT", "RowidBigInt"));
        assert!(!m("INT", "RowidBigInt"));
        assert!(m("DECIMAL(10,2)", "Double"));
        assert!(m("DATETIME", "Timestamp"));
        assert!(m("BOOLEAN", "Bool"));
        assert!(m("TINYINT", "Bool"));
        assert!(!m("DATE", "Timestamp"));
        // A nullable BigInt key kept as BIGINT is nullable again; as the
        // rowid INTEGER it stays NOT NULL.
        let full = |db: &str, f: &str| type_family_matches(DialectKind::Sqlite, db, f);
        assert_eq!(
            full("BIGINT", "NullableRowidBigInt"),
            FamilyMatch::MemberNullable
        );
        assert_eq!(full("INTEGER", "NullableRowidBigInt"), FamilyMatch::Member);
        assert_eq!(full("BIGINT", "RowidBigInt"), FamilyMatch::Member);
        assert_eq!(full("TEXT", "NullableRowidBigInt"), FamilyMatch::Outside);
    }
}
