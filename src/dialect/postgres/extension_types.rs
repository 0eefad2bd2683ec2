//! Columns of an extension's type: `ltree`, `citext`, `geometry`, ... exist
//! only once their extension is installed (`CREATE EXTENSION`, PostgreSQL
//! docs, "Packaging Related Objects into an Extension"). A revision that
//! creates such a column where the extension is missing fails at upgrade
//! with `type "ltree" does not exist`.
//!
//! Autogenerate refuses such an op instead, naming the column, the type and
//! the extension, when neither the database nor the models have the
//! extension and the database has no type of that name some other way (a
//! domain, or a column of it already). Only the well-known extensions' types
//! are known by name: another type the database lacks still fails at
//! upgrade, as the server says. Pure.

use super::lex::{self, Kind};
use crate::ops::Op;
use crate::schema::{Column, QualifiedName, Schema};

/// Types of the well-known extensions, by the name `format_type` prints
/// (lower case), and the extension that creates each. pg_trgm, uuid-ossp
/// and others bring no column types. Internal types (`ghstore`,
/// `ltree_gist`, `gtrgm`) are left out: no column is declared with them.
#[rustfmt::skip]
pub const EXTENSION_TYPES: &[(&str, &str)] = &[
    ("citext", "citext"),
    ("hstore", "hstore"),
    ("ltree", "ltree"), ("lquery", "ltree"), ("ltxtquery", "ltree"),
    ("cube", "cube"),
    // A domain over cube.
    ("earth", "earthdistance"),
    ("ean13", "isn"), ("isbn", "isn"), ("isbn13", "isn"), ("ismn", "isn"),
    ("ismn13", "isn"), ("issn", "isn"), ("issn13", "isn"), ("upc", "isn"),
    ("seg", "seg"),
    ("query_int", "intarray"),
    // A domain over oid.
    ("lo", "lo"),
    ("geometry", "postgis"), ("geography", "postgis"), ("box2d", "postgis"), ("box3d", "postgis"),
    ("raster", "postgis_raster"),
    // pgvector's extension is called `vector`.
    ("vector", "vector"), ("halfvec", "vector"), ("sparsevec", "vector"),
];

/// The extension that creates the type `name` (as [`type_name`] gives it).
pub fn extension_of(name: &str) -> Option<&'static str> {
    EXTENSION_TYPES
        .iter()
        .find(|(t, _)| *t == name)
        .map(|(_, e)| *e)
}

/// The bare name of the type column type text `data_type` names, lower
/// case: without its schema, quotes, modifiers and array brackets
/// (`extensions."LTree"(3)[]` -> `ltree`). `None` for a built-in type of
/// several words (`double precision`) or text that is no type name.
pub fn type_name(data_type: &str) -> Option<String> {
    let toks = lex::tokens(data_type);
    let mut parts = Vec::new();
    let mut rest = toks.as_slice();
    loop {
        let (first, tail) = rest.split_first()?;
        parts.push(first.identifier()?);
        rest = tail;
        match rest.first() {
            Some(t) if t.is(".") => rest = &rest[1..],
            _ => break,
        }
    }
    // What may follow a type's name: its modifiers, then array brackets or
    // the SQL standard's `ARRAY`. Another word makes a built-in type of
    // several words (`timestamp(3) with time zone`).
    if rest.first().is_some_and(|t| t.is("(")) {
        rest = &rest[lex::matching_close(rest, 0)? + 1..];
    }
    let array = |t: &lex::Token| {
        t.is("[")
            || t.is("]")
            || t.kind == Kind::Number
            || (t.kind == Kind::Word && t.text.eq_ignore_ascii_case("array"))
    };
    if !rest.iter().all(array) {
        return None;
    }
    parts.pop().map(|p| p.to_lowercase())
}

/// Why `op`, an upgrade op diffed from `current` (the database's schema) to
/// `wanted` (the models'), would create a column of an extension's type that
/// neither has; `None` when it would not. The downgrade only restores
/// columns the database holds, so only the upgrade is asked.
pub fn refuses(op: &Op, current: &Schema, wanted: &Schema) -> Option<String> {
    let missing = |table: &QualifiedName, c: &Column| {
        missing_extension(&c.data_type, current, wanted)
            .map(|(ty, ext)| message(table, c, &ty, ext))
    };
    match op {
        Op::CreateTable(t) => {
            let name = t.qualified();
            t.columns.iter().find_map(|c| missing(&name, c))
        }
        Op::AddColumn { table, column } => missing(table, column),
        Op::AlterColumn { table, from, to } if from.data_type != to.data_type => missing(table, to),
        _ => None,
    }
}

/// The type `data_type` names and the extension it needs, when that
/// extension is neither installed (`current`) nor created by the models
/// (`wanted`), and the type exists no other way.
fn missing_extension(
    data_type: &str,
    current: &Schema,
    wanted: &Schema,
) -> Option<(String, &'static str)> {
    let name = type_name(data_type)?;
    let extension = extension_of(&name)?;
    let has = |s: &Schema| {
        s.extensions
            .iter()
            .any(|e| e.name.eq_ignore_ascii_case(extension))
    };
    // A column of the type the database has already says the type exists
    // (made by hand, or its extension installed where the comparison does
    // not look); the models' columns say only what is wanted.
    let in_use = current
        .tables
        .iter()
        .flat_map(|t| &t.columns)
        .any(|c| type_name(&c.data_type).as_deref() == Some(name.as_str()));
    if has(current) || has(wanted) || in_use || defines(current, &name) || defines(wanted, &name) {
        return None;
    }
    Some((name, extension))
}

/// Whether `schema` defines a type called `name` of its own: a domain, an
/// enum or a composite type (an extension's own domains, such as `earth`,
/// are not introspected).
fn defines(schema: &Schema, name: &str) -> bool {
    let named = |n: &str| n.eq_ignore_ascii_case(name);
    schema.domains.iter().any(|d| named(&d.name))
        || schema.enums.iter().any(|e| named(&e.name))
        || schema.composites.iter().any(|c| named(&c.name))
}

fn message(table: &QualifiedName, c: &Column, ty: &str, extension: &str) -> String {
    format!(
        "column {table}.{}: type {ty} comes from the {extension} extension, which the database lacks and the models do not create; \
         add CREATE EXTENSION IF NOT EXISTS {extension}; to the models (for Diesel, in a companion SQL file: sql = [...] beside diesel = ...), \
         or install it in the database first",
        c.name
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Domain, Extension, Table};

    #[test]
    fn type_names_lose_schema_quotes_modifiers_and_arrays() {
        for (text, name) in [
            ("ltree", Some("ltree")),
            ("LTREE", Some("ltree")),
            ("ltree[]", Some("ltree")),
            ("ltree[][]", Some("ltree")),
            ("ltree ARRAY", Some("ltree")),
            ("ltree[3]", Some("ltree")),
            ("public.ltree", Some("ltree")),
            ("\"ltree\"", Some("ltree")),
            ("extensions.\"LTree\"[]", Some("ltree")),
            ("\"my.schema\".citext", Some("citext")),
            ("vector(1536)", Some("vector")),
            ("geometry(Point,4326)", Some("geometry")),
            ("public.geometry(Point, 4326)[]", Some("geometry")),
            ("integer", Some("integer")),
            ("character varying(20)", None),
            ("double precision", None),
            ("timestamp(3) with time zone", None),
            ("", None),
            ("(", None),
        ] {
            assert_eq!(type_name(text).as_deref(), name, "{text}");
        }
        assert_eq!(extension_of("lquery"), Some("ltree"));
        assert_eq!(extension_of("isbn13"), Some("isn"));
        assert_eq!(extension_of("earth"), Some("earthdistance"));
        assert_eq!(extension_of("halfvec"), Some("vector"));
        assert_eq!(extension_of("box3d"), Some("postgis"));
        assert_eq!(extension_of("text"), None);
    }

    /// The Diesel source reads print-schema's custom types of these names
    /// as the extension's (compared by name), not as enums, so that this
    /// check, not a missing enum, speaks about them.
    #[test]
    fn diesel_reads_every_one_as_an_extension_type() {
        for (name, _) in EXTENSION_TYPES {
            assert!(crate::source::diesel::is_extension_type(name), "{name}");
        }
    }

    fn comment(path_type: &str) -> Table {
        Table {
            columns: vec![Column::new("id", "integer"), Column::new("path", path_type)],
            ..Table::new("comment")
        }
    }

    fn with_extension(name: &str) -> Schema {
        Schema {
            extensions: vec![Extension {
                name: name.into(),
                schema: None,
            }],
            ..Default::default()
        }
    }

    /// Lemmy's `comment.path ltree` on a database without ltree.
    #[test]
    fn a_column_of_a_missing_extensions_type_is_refused_naming_it() {
        let create = Op::CreateTable(comment("ltree"));
        let none = Schema::default();
        let models = Schema {
            tables: vec![comment("ltree")],
            ..Default::default()
        };
        let why = refuses(&create, &none, &models).unwrap();
        assert_eq!(
            why,
            "column comment.path: type ltree comes from the ltree extension, which the database lacks \
             and the models do not create; add CREATE EXTENSION IF NOT EXISTS ltree; to the models \
             (for Diesel, in a companion SQL file: sql = [...] beside diesel = ...), or install it in \
             the database first"
        );
        assert!(!why.contains('\n'));
        // The models create it, or the database has it (in any schema).
        assert_eq!(refuses(&create, &none, &with_extension("ltree")), None);
        assert_eq!(refuses(&create, &with_extension("ltree"), &none), None);
        // Another extension is no help.
        assert!(refuses(&create, &with_extension("citext"), &none).is_some());

        let add = Op::AddColumn {
            table: QualifiedName {
                schema: Some("app".into()),
                name: "items".into(),
            },
            column: Column::new("embedding", "extensions.vector(3)[]"),
        };
        let why = refuses(&add, &none, &none).unwrap();
        assert!(
            why.starts_with(
                "column app.items.embedding: type vector comes from the vector extension"
            ),
            "{why}"
        );
        assert_eq!(refuses(&add, &none, &with_extension("vector")), None);

        // A type change to one; other changes of such a column are no news.
        let alter = |from: &str, to: &str| Op::AlterColumn {
            table: QualifiedName::new("books"),
            from: Column::new("code", from),
            to: Column::new("code", to),
        };
        let why = refuses(&alter("text", "isbn13"), &none, &none).unwrap();
        assert!(
            why.starts_with("column books.code: type isbn13 comes from the isn extension"),
            "{why}"
        );
        let renullable = Op::AlterColumn {
            table: QualifiedName::new("books"),
            from: Column::new("code", "isbn13"),
            to: Column {
                nullable: false,
                ..Column::new("code", "isbn13")
            },
        };
        assert_eq!(refuses(&renullable, &none, &none), None);
        // Types of no extension, and ops that create no column.
        assert_eq!(refuses(&alter("text", "integer"), &none, &none), None);
        assert_eq!(
            refuses(&Op::DropTable(comment("ltree")), &none, &none),
            None
        );
    }

    /// A type of that name that the database has some other way: a domain
    /// (the models' or the database's), or a column already of it.
    #[test]
    fn a_type_the_database_has_otherwise_is_not_refused() {
        let create = Op::CreateTable(comment("ltree"));
        let none = Schema::default();
        let domain = Schema {
            domains: vec![Domain {
                schema: None,
                name: "ltree".into(),
                definition: "text".into(),
            }],
            ..Default::default()
        };
        assert_eq!(refuses(&create, &domain, &none), None);
        assert_eq!(refuses(&create, &none, &domain), None);
        let in_use = Schema {
            tables: vec![Table {
                columns: vec![Column::new("p", "public.ltree[]")],
                ..Table::new("post")
            }],
            ..Default::default()
        };
        assert_eq!(refuses(&create, &in_use, &none), None);
        // A composite type of the name, which the models create or the
        // database has.
        let composite = Schema {
            composites: vec![crate::schema::Composite {
                schema: None,
                name: "ltree".into(),
                attributes: vec![crate::schema::CompositeAttribute {
                    name: "x".into(),
                    ty: "integer".into(),
                }],
            }],
            ..Default::default()
        };
        assert_eq!(refuses(&create, &none, &composite), None);
        assert_eq!(refuses(&create, &composite, &none), None);
    }
}
