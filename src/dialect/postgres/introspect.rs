//! PostgreSQL introspection: the schema from the system catalogs, in a fixed
//! number of queries whatever the number of tables (tables, columns,
//! constraints, indexes, operator classes, enums, extensions), each batched
//! over every table in scope.
//!
//! Scope: ordinary and partitioned tables (not partitions, which belong to
//! their parent) of `current_schema()` and of the configured extra schemas,
//! minus excluded names and tables owned by extensions. Tables of the default
//! schema, `current_schema()` (recorded as `Schema::default_schema`), get
//! `schema: None`. Views, materialized views and foreign tables are only
//! named (`Schema::other_relations`), from the query of taken names. The
//! result is raw catalog text; normalization is the caller's job. Every
//! selected column is cast to text.

use std::collections::{BTreeMap, HashMap};

use super::lex;
use super::render::quote_string;
use crate::dialect::{Database, IntrospectOptions, TextRow, query_each_or, query_or};
use crate::error::{Error, Result};
use crate::schema::{
    Check, Column, Composite, CompositeAttribute, Deferrable, Dependent, DependentKind, Domain,
    EnumType, Extension, FkAction, ForeignKey, Generated, Identity, Index, IndexPart,
    OtherRelation, PrimaryKey, QualifiedName, RelationKind, Schema, Sequence, Table, TakenNames,
    Unique, Uses,
};

/// `ARRAY['a', 'b']::text[]`.
fn text_array(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| quote_string(s)).collect();
    format!("ARRAY[{}]::text[]", quoted.join(", "))
}

/// `sch` is NULL for the default schema, so callers get `schema: None` directly.
fn schema_of(nspname: &str) -> String {
    format!("CASE WHEN {nspname} = current_schema() THEN NULL ELSE {nspname}::text END")
}

/// The common table expression `scope (oid, sch, relname, relkind)`: the tables to read.
fn scope(options: &IntrospectOptions) -> String {
    format!(
        "WITH scope AS (\
         SELECT c.oid, {sch} AS sch, c.relname, c.relkind \
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition \
         AND (n.nspname = current_schema() OR n.nspname::text = ANY ({schemas})) \
         AND NOT (c.relname::text = ANY ({excluded})) \
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d \
           WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'))",
        sch = schema_of("n.nspname"),
        schemas = text_array(&options.schemas),
        excluded = text_array(&options.exclude_tables),
    )
}

fn tables_sql(scope: &str) -> String {
    format!(
        "{scope} SELECT s.oid::text, s.sch::text, s.relname::text, \
         obj_description(s.oid, 'pg_class')::text, \
         CASE WHEN s.relkind = 'p' THEN pg_get_partkeydef(s.oid) END::text \
         FROM scope s ORDER BY s.sch NULLS FIRST, s.relname"
    )
}

fn columns_sql(scope: &str) -> String {
    // Only local columns (`attislocal`): an inheritance child's columns that
    // come from its parent belong to the parent, as `INHERITS` in the models
    // is ignored; a column the child also declares itself stays local. (A
    // partition's columns are not local either, but partitions are out of
    // scope anyway.)
    //
    // Enums are named like the tables: unqualified in the default schema, so
    // that both sides agree whatever the search_path says.
    format!(
        "{scope} SELECT a.attrelid::text, a.attname::text, \
         CASE WHEN ty.typtype = 'e' THEN \
           CASE WHEN tn.nspname = current_schema() THEN quote_ident(ty.typname) \
           ELSE quote_ident(tn.nspname) || '.' || quote_ident(ty.typname) END \
         ELSE format_type(a.atttypid, a.atttypmod) END::text, \
         a.attnotnull::text, \
         pg_get_expr(ad.adbin, ad.adrelid)::text, \
         a.attidentity::text, col_description(a.attrelid, a.attnum)::text, \
         a.attgenerated::text, \
         CASE WHEN co.oid IS NULL THEN NULL \
           WHEN cn.nspname IN ('pg_catalog', current_schema()) THEN quote_ident(co.collname) \
           ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END::text \
         FROM scope s JOIN pg_catalog.pg_attribute a ON a.attrelid = s.oid \
         JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid \
         JOIN pg_catalog.pg_namespace tn ON tn.oid = ty.typnamespace \
         LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum \
         LEFT JOIN pg_catalog.pg_collation co \
           ON co.oid = a.attcollation AND a.attcollation <> ty.typcollation \
         LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace \
         WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attislocal \
         ORDER BY a.attrelid, a.attnum"
    )
}

/// Column names of `keys` (an attnum array of relation `rel`) in key order, as JSON.
fn key_names(keys: &str, rel: &str) -> String {
    format!(
        "(SELECT json_agg(a.attname ORDER BY k.ord) \
         FROM unnest({keys}) WITH ORDINALITY AS k(attnum, ord) \
         JOIN pg_catalog.pg_attribute a ON a.attrelid = {rel} AND a.attnum = k.attnum)::text"
    )
}

/// `pg_index.indnullsnotdistinct` of index `alias`: the column exists since
/// PostgreSQL 15 (`NULLS NOT DISTINCT`); before, every unique index treats
/// NULLs as distinct.
fn nulls_not_distinct(alias: &str, server_version: u32) -> String {
    if server_version >= 150_000 {
        format!("{alias}.indnullsnotdistinct::text")
    } else {
        "NULL::text".to_string()
    }
}

fn constraints_sql(scope: &str, server_version: u32) -> String {
    // Only local constraints (`conislocal`), like the columns: a check an
    // inheritance child inherits is its parent's (keys and foreign keys are
    // never inherited).
    format!(
        "{scope} SELECT con.conrelid::text, con.conname::text, con.contype::text, {cols}, \
         {rsch}, rc.relname::text, {rcols}, \
         con.confupdtype::text, con.confdeltype::text, \
         CASE WHEN con.contype = 'c' THEN pg_get_constraintdef(con.oid) END::text, \
         CASE WHEN con.condeferred THEN 'deferred' WHEN con.condeferrable THEN 'immediate' END::text, \
         {nulls} \
         FROM scope s JOIN pg_catalog.pg_constraint con ON con.conrelid = s.oid \
         LEFT JOIN pg_catalog.pg_index ix ON ix.indexrelid = con.conindid AND con.contype = 'u' \
         LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid \
         LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace \
         WHERE con.contype IN ('p', 'u', 'f', 'c') AND con.conislocal \
         ORDER BY con.conrelid, con.conname",
        cols = key_names("con.conkey", "con.conrelid"),
        rsch = schema_of("rn.nspname"),
        rcols = key_names("con.confkey", "con.confrelid"),
        nulls = nulls_not_distinct("ix", server_version),
    )
}

fn indexes_sql(scope: &str, server_version: u32) -> String {
    // indkey, indclass and indoption are vectors indexed from 0; a 0 in
    // indkey is an expression ("pg_index" catalog docs). Bit 0 of indoption
    // is DESC, bit 1 NULLS FIRST. indclass gives each part's operator class by oid, named from
    // [`OPCLASSES_SQL`] (a lookup per part here makes the planner pick a plan
    // several times slower for thousands of indexes). The columns after the
    // key ones (indnkeyatts < n <= indnatts) are the INCLUDE columns. The
    // last column is the index's comment (`COMMENT ON INDEX`); a key
    // constraint's index is left out here, so its comment is not read.
    format!(
        "{scope} SELECT i.indrelid::text, ic.relname::text, i.indisunique::text, am.amname::text, \
         (SELECT json_agg(json_build_array(a.attname, pg_get_indexdef(i.indexrelid, k.n, true), \
            (i.indoption[k.n - 1] & 1) = 1, (i.indoption[k.n - 1] & 2) = 2, i.indclass[k.n - 1]::text) ORDER BY k.n) \
          FROM generate_series(1, i.indnkeyatts) AS k(n) \
          LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid \
            AND a.attnum = i.indkey[k.n - 1] AND i.indkey[k.n - 1] <> 0)::text, \
         pg_get_expr(i.indpred, i.indrelid)::text, \
         CASE WHEN i.indnatts > i.indnkeyatts THEN (SELECT json_agg(a.attname ORDER BY k.n) \
          FROM generate_series(i.indnkeyatts + 1, i.indnatts) AS k(n) \
          JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid \
            AND a.attnum = i.indkey[k.n - 1]) END::text, \
         {nulls}, \
         pg_catalog.obj_description(i.indexrelid, 'pg_class') \
         FROM scope s JOIN pg_catalog.pg_index i ON i.indrelid = s.oid \
         JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid \
         JOIN pg_catalog.pg_am am ON am.oid = ic.relam \
         WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con \
           WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid \
           AND con.contype IN ('p', 'u', 'x')) \
         ORDER BY i.indrelid, ic.relname",
        nulls = nulls_not_distinct("i", server_version),
    )
}

/// `server_version_num`, e.g. 150020: which catalog columns exist; and the
/// schema unqualified names resolve to and unqualified DDL lands in (the
/// first of `search_path` that exists: `app` for a role `app` with a schema
/// of its name under the default `"$user", public`).
const SERVER_VERSION_SQL: &str =
    "SELECT current_setting('server_version_num'), current_schema()::text";

/// The operator classes that are not their type's default, by oid: only
/// those are named in the model, as pg_dump writes them.
/// Sequences of their own in the schemas in scope: not those a column owns
/// (`serial`: an automatic dependency; identity: an internal one) nor an
/// extension's. `NOT IN` lets the server hash the dependencies once, where
/// `NOT EXISTS` probed them per sequence (a third slower at 3,000 serial
/// columns).
///
/// The options that differ from `CREATE SEQUENCE`'s defaults come along, so
/// that `revise schema` prints a sequence as it would be created (they are
/// not compared).
fn sequences_sql(options: &IntrospectOptions) -> String {
    format!(
        "SELECT {sch}, c.relname::text, NULLIF(concat_ws('', \
           CASE WHEN q.seqtypid <> 'pg_catalog.int8'::regtype \
             THEN ' AS ' || format_type(q.seqtypid, NULL) END, \
           CASE WHEN q.seqincrement <> 1 THEN ' INCREMENT BY ' || q.seqincrement END, \
           CASE WHEN q.seqstart <> 1 THEN ' START WITH ' || q.seqstart END), '') \
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_catalog.pg_sequence q ON q.seqrelid = c.oid \
         WHERE c.relkind = 'S' \
         AND (n.nspname = current_schema() OR n.nspname::text = ANY ({schemas})) \
         AND c.oid NOT IN (SELECT d.objid FROM pg_catalog.pg_depend d \
           WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i', 'e'))",
        sch = schema_of("n.nspname"),
        schemas = text_array(&options.schemas),
    )
}

/// Domains in the schemas in scope but an extension's, each with its
/// definition as `CREATE DOMAIN ... AS` takes it (for `revise schema`; not
/// compared). Only check constraints are listed: NOT NULL is `typnotnull`.
fn domains_sql(options: &IntrospectOptions) -> String {
    format!(
        "SELECT {sch}, t.typname::text, format_type(t.typbasetype, t.typtypmod) \
           || COALESCE(' DEFAULT ' || t.typdefault, '') \
           || CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END \
           || COALESCE((SELECT string_agg(' CONSTRAINT ' || quote_ident(k.conname) || ' ' \
                || pg_get_constraintdef(k.oid), '' ORDER BY k.conname) \
              FROM pg_catalog.pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c'), '') \
         FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace \
         WHERE t.typtype = 'd' \
         AND (n.nspname = current_schema() OR n.nspname::text = ANY ({schemas})) \
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d \
           WHERE d.classid = 'pg_catalog.pg_type'::regclass AND d.objid = t.oid \
           AND d.deptype = 'e')",
        sch = schema_of("n.nspname"),
        schemas = text_array(&options.schemas),
    )
}

/// The attributes of the composite types (`CREATE TYPE ... AS (...)`, not
/// a table's row type: those have relkind 'r', 'v', ...) in the schemas in
/// scope but an extension's, one row per attribute, in order, with its type
/// as the catalog prints it and a `COLLATE` where it is not the type's own.
/// One query for all of them.
fn composites_sql(options: &IntrospectOptions) -> String {
    format!(
        "SELECT {sch}, t.typname::text, a.attname::text,            format_type(a.atttypid, a.atttypmod)            || CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation               THEN ' COLLATE ' || quote_ident(co.collname) ELSE '' END          FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace          JOIN pg_catalog.pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'          JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped          JOIN pg_catalog.pg_type at ON at.oid = a.atttypid          LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation          WHERE t.typtype = 'c'          AND (n.nspname = current_schema() OR n.nspname::text = ANY ({schemas}))          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d            WHERE d.classid = 'pg_catalog.pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')          ORDER BY 1 NULLS FIRST, 2, a.attnum",
        sch = schema_of("n.nspname"),
        schemas = text_array(&options.schemas),
    )
}

/// Installed extensions but PL/pgSQL, which every database has.
const EXTENSIONS_SQL: &str = "SELECT e.extname::text, \
     CASE WHEN n.nspname = current_schema() THEN NULL ELSE n.nspname::text END \
     FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace \
     WHERE e.extname <> 'plpgsql'";

const OPCLASSES_SQL: &str =
    "SELECT oid::text, opcname::text FROM pg_catalog.pg_opclass WHERE NOT opcdefault";

fn enums_sql(options: &IntrospectOptions) -> String {
    format!(
        "SELECT {sch}, ty.typname::text, \
         COALESCE((SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) \
           FROM pg_catalog.pg_enum e WHERE e.enumtypid = ty.oid), '[]'::json)::text \
         FROM pg_catalog.pg_type ty JOIN pg_catalog.pg_namespace n ON n.oid = ty.typnamespace \
         WHERE ty.typtype = 'e' \
         AND (n.nspname = current_schema() OR n.nspname::text = ANY ({schemas})) \
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d \
           WHERE d.classid = 'pg_catalog.pg_type'::regclass AND d.objid = ty.oid AND d.deptype = 'e') \
         ORDER BY 1 NULLS FIRST, 2",
        sch = schema_of("n.nspname"),
        schemas = text_array(&options.schemas),
    )
}

/// Every relation name and every constraint name in the schemas in scope,
/// whatever owns them (views, partitions, excluded tables, domains,
/// extensions): names for unnamed model objects are chosen around them, as
/// the server does (ChooseRelationName, ChooseConstraintName in
/// `src/backend/commands/indexcmds.c` and `catalog/pg_constraint.c`). A
/// relation's `relkind` comes with it: views (`v`), materialized views (`m`)
/// and foreign tables (`f`) are what a model table may stand for
/// (`Schema::other_relations`).
fn taken_names_sql(options: &IntrospectOptions) -> String {
    format!(
        "SELECT {sch}, 'r', c.relname::text, c.relkind::text \
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = current_schema() OR n.nspname::text = ANY ({schemas}) \
         UNION ALL SELECT {sch}, 'c', con.conname::text, NULL \
         FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_namespace n ON n.oid = con.connamespace \
         WHERE n.nspname = current_schema() OR n.nspname::text = ANY ({schemas})",
        sch = schema_of("n.nspname"),
        schemas = text_array(&options.schemas),
    )
}

/// Which columns (or whole tables, column NULL) of the tables in scope each
/// view or materialized view uses: the dependencies PostgreSQL records for
/// the view's rewrite rule (`pg_depend` on `pg_rewrite`), exact where view
/// text would have to be parsed. A view on a view is left to the view it
/// reads. Read so autogenerate can warn before an op the server refuses
/// ("cannot drop column ... because other objects depend on it", "cannot
/// alter type of a column used by a view or rule").
fn view_dependencies_sql(options: &IntrospectOptions) -> String {
    format!(
        "SELECT DISTINCT {vsch}, v.relname::text, {tsch}, t.relname::text, a.attname::text \
         FROM pg_catalog.pg_depend d \
         JOIN pg_catalog.pg_rewrite r ON r.oid = d.objid \
         JOIN pg_catalog.pg_class v ON v.oid = r.ev_class \
         JOIN pg_catalog.pg_namespace vn ON vn.oid = v.relnamespace \
         JOIN pg_catalog.pg_class t ON t.oid = d.refobjid \
         JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace \
         LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid \
           AND d.refobjsubid > 0 \
         WHERE d.classid = 'pg_catalog.pg_rewrite'::regclass \
         AND d.refclassid = 'pg_catalog.pg_class'::regclass \
         AND v.relkind IN ('v', 'm') AND t.relkind IN ('r', 'p') AND v.oid <> t.oid \
         AND (tn.nspname = current_schema() OR tn.nspname::text = ANY ({schemas})) \
         ORDER BY 1 NULLS FIRST, 2, 3 NULLS FIRST, 4, 5 NULLS FIRST",
        vsch = schema_of("vn.nspname"),
        tsch = schema_of("tn.nspname"),
        schemas = text_array(&options.schemas),
    )
}

/// One row's cells, with errors that say which query returned something odd.
struct Cells<'a> {
    row: &'a TextRow,
    what: &'static str,
}

impl<'a> Cells<'a> {
    fn opt(&self, i: usize) -> Option<&'a str> {
        self.row.get(i).and_then(|c| c.as_deref())
    }

    fn req(&self, i: usize) -> Result<&'a str> {
        self.opt(i).ok_or_else(|| {
            Error::database(
                format!("reading {}", self.what),
                format!("the catalog returned no value in column {}", i + 1),
            )
        })
    }

    fn json<T: serde::de::DeserializeOwned>(&self, i: usize) -> Result<T> {
        let text = self.opt(i).unwrap_or("[]");
        serde_json::from_str(text).map_err(|e| {
            Error::database(
                format!("reading {}", self.what),
                format!("unexpected catalog value {text}: {e}"),
            )
        })
    }
}

/// Reads the schema of the connected database.
// The model may carry fields introspection never fills (source hints); the
// struct updates keep this code valid when they appear.
#[allow(clippy::needless_update)]
pub fn introspect(db: &mut dyn Database, options: &IntrospectOptions) -> Result<Schema> {
    let scope = scope(options);
    let settings = query_or(db, SERVER_VERSION_SQL, "reading the server version")?;
    let setting = |i: usize| settings.first().and_then(|r| r.get(i).cloned().flatten());
    let server_version = setting(0).and_then(|v| v.parse::<u32>().ok()).unwrap_or(0);
    let default_schema = setting(1);
    let mut tables: Vec<Table> = Vec::new();
    let mut by_oid: BTreeMap<String, usize> = BTreeMap::new();
    for row in query_or(db, &tables_sql(&scope), "reading tables")? {
        let c = Cells {
            row: &row,
            what: "tables",
        };
        by_oid.insert(c.req(0)?.to_string(), tables.len());
        tables.push(Table {
            schema: c.opt(1).map(str::to_string),
            name: c.req(2)?.to_string(),
            comment: c.opt(3).map(str::to_string),
            partition_by: c.opt(4).map(str::to_string),
            ..Default::default()
        });
    }
    let table_of = |oid: &str| by_oid.get(oid).copied();

    // Columns, constraints and indexes are the large results: their rows are
    // taken one at a time instead of all held as strings at once.
    each_row(
        db,
        &columns_sql(&scope),
        "reading columns",
        "columns",
        &mut |c| {
            let Some(t) = table_of(c.req(0)?) else {
                return Ok(());
            };
            // pg_attrdef holds a default, or the expression of a generated
            // column (attgenerated 's' stored, 'v' virtual since 18).
            let expression = c.opt(4).map(str::to_string);
            let (default, generated) = match c.opt(7).unwrap_or("") {
                "" => (expression, None),
                mode => (
                    None,
                    expression.map(|expression| {
                        Box::new(Generated {
                            expression,
                            stored: mode == "s",
                        })
                    }),
                ),
            };
            tables[t].columns.push(Column {
                name: c.req(1)?.to_string(),
                data_type: c.req(2)?.to_string(),
                nullable: c.req(3)? != "true",
                default,
                generated,
                // Only a collation other than the type's own is reported.
                collation: c.opt(8).map(Box::from),
                identity: match c.opt(5) {
                    Some("a") => Some(Identity::Always),
                    Some("d") => Some(Identity::ByDefault),
                    _ => None,
                },
                comment: c.opt(6).map(str::to_string),
                ..Default::default()
            });
            Ok(())
        },
    )?;

    each_row(
        db,
        &constraints_sql(&scope, server_version),
        "reading constraints",
        "constraints",
        &mut |c| {
            if let Some(t) = table_of(c.req(0)?) {
                add_constraint(&mut tables[t], c)?;
            }
            Ok(())
        },
    )?;

    let mut opclasses: HashMap<String, String> = HashMap::new();
    for row in query_or(db, OPCLASSES_SQL, "reading operator classes")? {
        let c = Cells {
            row: &row,
            what: "operator classes",
        };
        opclasses.insert(c.req(0)?.to_string(), c.req(1)?.to_string());
    }
    each_row(
        db,
        &indexes_sql(&scope, server_version),
        "reading indexes",
        "indexes",
        &mut |c| {
            if let Some(t) = table_of(c.req(0)?) {
                tables[t].indexes.push(index(c, &opclasses)?);
            }
            Ok(())
        },
    )?;

    let enums = collect_rows(
        db,
        &enums_sql(options),
        "reading enum types",
        "enum types",
        |c| {
            Ok(EnumType {
                schema: c.opt(0).map(str::to_string),
                name: c.req(1)?.to_string(),
                values: c.json(2)?,
            })
        },
    )?;
    let extensions = collect_rows(
        db,
        EXTENSIONS_SQL,
        "reading extensions",
        "extensions",
        |c| {
            Ok(Extension {
                name: c.req(0)?.to_string(),
                schema: c.opt(1).map(str::to_string),
            })
        },
    )?;
    // Which configured schemas exist, so that an empty one is not created
    // again; none configured, no query.
    let schemas = if options.schemas.is_empty() {
        Vec::new()
    } else {
        let sql = format!(
            "SELECT nspname::text FROM pg_catalog.pg_namespace \
             WHERE nspname::text = ANY ({}) AND nspname <> current_schema()",
            text_array(&options.schemas)
        );
        collect_rows(db, &sql, "reading schemas", "schemas", |c| {
            Ok(c.req(0)?.to_string())
        })?
    };
    let sequences = collect_rows(
        db,
        &sequences_sql(options),
        "reading sequences",
        "sequences",
        |c| {
            Ok(Sequence {
                schema: c.opt(0).map(str::to_string),
                name: c.req(1)?.to_string(),
                options: c.opt(2).map(str::to_string),
                owned_by: None,
            })
        },
    )?;
    let domains = collect_rows(
        db,
        &domains_sql(options),
        "reading domains",
        "domains",
        |c| {
            Ok(Domain {
                schema: c.opt(0).map(str::to_string),
                name: c.req(1)?.to_string(),
                definition: c.req(2)?.to_string(),
            })
        },
    )?;
    let mut composites: Vec<Composite> = Vec::new();
    each_row(
        db,
        &composites_sql(options),
        "reading composite types",
        "composite types",
        &mut |c| {
            let schema = c.opt(0).map(str::to_string);
            let name = c.req(1)?.to_string();
            let attribute = CompositeAttribute {
                name: c.req(2)?.to_string(),
                ty: c.req(3)?.to_string(),
            };
            // Rows come ordered by type, then attribute number.
            match composites.last_mut() {
                Some(last) if last.name == name && last.schema == schema => {
                    last.attributes.push(attribute)
                }
                _ => composites.push(Composite {
                    schema,
                    name,
                    attributes: vec![attribute],
                }),
            }
            Ok(())
        },
    )?;
    let mut taken_names = TakenNames::default();
    let mut other_relations = Vec::new();
    each_row(
        db,
        &taken_names_sql(options),
        "reading relation and constraint names",
        "names",
        &mut |c| {
            let name = QualifiedName {
                schema: c.opt(0).map(str::to_string),
                name: c.req(2)?.to_string(),
            };
            if c.req(1)? != "r" {
                taken_names.constraints.insert(name);
                return Ok(());
            }
            let kind = match c.opt(3) {
                Some("v") => Some(RelationKind::View),
                Some("m") => Some(RelationKind::MaterializedView),
                Some("f") => Some(RelationKind::ForeignTable),
                _ => None,
            };
            if let Some(kind) = kind {
                other_relations.push(OtherRelation {
                    name: name.clone(),
                    kind,
                });
            }
            taken_names.relations.insert(name);
            Ok(())
        },
    )?;
    other_relations.sort();
    let mut dependents: Vec<Dependent> = Vec::new();
    each_row(
        db,
        &view_dependencies_sql(options),
        "reading the dependencies of views",
        "view dependencies",
        &mut |c| {
            let name = QualifiedName {
                schema: c.opt(0).map(str::to_string),
                name: c.req(1)?.to_string(),
            };
            let used = (
                QualifiedName {
                    schema: c.opt(2).map(str::to_string),
                    name: c.req(3)?.to_string(),
                },
                c.opt(4).map(str::to_string),
            );
            // Rows come ordered by view: one dependent per view.
            match dependents.last_mut() {
                Some(Dependent {
                    name: last,
                    uses: Uses::Exact(uses),
                    ..
                }) if *last == name => uses.push(used),
                _ => dependents.push(Dependent {
                    kind: DependentKind::View,
                    name,
                    uses: Uses::Exact(vec![used]),
                }),
            }
            Ok(())
        },
    )?;
    Ok(Schema {
        tables,
        enums,
        extensions,
        schemas,
        sequences,
        domains,
        composites,
        // Quoted names are always case-sensitive in PostgreSQL: nothing to record.
        table_names_case_sensitive: None,
        unique_keys_on_whole_text: None,
        generated_columns_take_not_null: None,
        expression_indexes: None,
        default_collations: Default::default(),
        taken_names,
        default_schema,
        dependents,
        other_relations,
    })
}

/// Runs `sql` and hands each row to `f`, stopping at the first error.
/// One value per row of a small catalog query, built by `f`.
/// Enums used by columns (or arrays) of tables outside the schemas read:
/// dropping them would fail. One query.
pub fn enums_used_elsewhere(
    db: &mut dyn Database,
    options: &IntrospectOptions,
) -> Result<Vec<crate::schema::QualifiedName>> {
    let sql = format!(
        "SELECT DISTINCT {sch}, ty.typname::text \
         FROM pg_catalog.pg_attribute a \
         JOIN pg_catalog.pg_class c ON c.oid = a.attrelid \
         JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace \
         JOIN pg_catalog.pg_type at ON at.oid = a.atttypid \
         JOIN pg_catalog.pg_type ty ON ty.oid = CASE WHEN at.typelem <> 0 AND at.typlen = -1 THEN at.typelem ELSE at.oid END \
         JOIN pg_catalog.pg_namespace n ON n.oid = ty.typnamespace \
         WHERE ty.typtype = 'e' AND a.attnum > 0 AND NOT a.attisdropped \
         AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'c') \
         AND NOT (cn.nspname = current_schema() OR cn.nspname::text = ANY ({schemas})) \
         AND cn.nspname NOT IN ('pg_catalog', 'information_schema') \
         AND cn.nspname NOT LIKE 'pg_toast%'",
        sch = schema_of("n.nspname"),
        schemas = text_array(&options.schemas),
    );
    collect_rows(
        db,
        &sql,
        "reading enum types other schemas use",
        "enum types",
        |c| {
            Ok(crate::schema::QualifiedName {
                schema: c.opt(0).map(str::to_string),
                name: c.req(1)?.to_string(),
            })
        },
    )
}

fn collect_rows<T>(
    db: &mut dyn Database,
    sql: &str,
    context: &str,
    what: &'static str,
    f: impl Fn(&Cells<'_>) -> Result<T>,
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    each_row(db, sql, context, what, &mut |c| {
        out.push(f(c)?);
        Ok(())
    })?;
    Ok(out)
}

fn each_row(
    db: &mut dyn Database,
    sql: &str,
    context: &str,
    what: &'static str,
    f: &mut dyn FnMut(&Cells<'_>) -> Result<()>,
) -> Result<()> {
    let mut failure = None;
    query_each_or(db, sql, context, &mut |row| {
        if failure.is_none()
            && let Err(e) = f(&Cells { row: &row, what })
        {
            failure = Some(e);
        }
    })?;
    failure.map_or(Ok(()), Err)
}

/// The referential action of a `confupdtype` / `confdeltype` code ("pg_constraint" docs).
fn fk_action(code: Option<&str>) -> FkAction {
    match code {
        Some("r") => FkAction::Restrict,
        Some("c") => FkAction::Cascade,
        Some("n") => FkAction::SetNull,
        Some("d") => FkAction::SetDefault,
        _ => FkAction::NoAction,
    }
}

fn add_constraint(t: &mut Table, c: &Cells<'_>) -> Result<()> {
    let name = Some(c.req(1)?.to_string());
    let columns: Vec<String> = c.json(3)?;
    let deferrable = match c.opt(10) {
        Some("deferred") => Deferrable::InitiallyDeferred,
        Some("immediate") => Deferrable::InitiallyImmediate,
        _ => Deferrable::No,
    };
    match c.req(2)? {
        "p" => {
            t.primary_key = Some(PrimaryKey {
                name,
                columns,
                column_options: Vec::new(),
                deferrable,
            })
        }
        "u" => t.uniques.push(Unique {
            name,
            columns,
            column_options: Vec::new(),
            deferrable,
            nulls_not_distinct: c.opt(11) == Some("true"),
        }),
        "f" => t.foreign_keys.push(ForeignKey {
            name,
            columns,
            ref_schema: c.opt(4).map(str::to_string),
            ref_table: c.req(5)?.to_string(),
            ref_columns: c.json(6)?,
            on_update: fk_action(c.opt(7)),
            on_delete: fk_action(c.opt(8)),
            deferrable,
        }),
        _ => {
            let definition = c.req(9)?;
            let expression = lex::check_body(definition).unwrap_or(definition);
            t.checks.push(Check {
                name,
                expression: expression.to_string(),
            });
        }
    }
    Ok(())
}

/// One index row; `opclasses` names the operator classes that are not their
/// type's default.
fn index(c: &Cells<'_>, opclasses: &HashMap<String, String>) -> Result<Index> {
    type Part = (Option<String>, String, bool, bool, String);
    let parts: Vec<Part> = c.json(4)?;
    Ok(Index {
        name: Some(c.req(1)?.to_string()),
        unique: c.req(2)? == "true",
        method: c.opt(3).filter(|m| *m != "btree").map(str::to_string),
        parts: parts
            .into_iter()
            .map(
                |(column, definition, descending, nulls_first, opclass)| IndexPart {
                    expression: column.is_none(),
                    value: column.unwrap_or(definition),
                    descending,
                    opclass: opclasses.get(&opclass).cloned(),
                    // Nulls sort as if larger than any value: first when
                    // descending, unless the index says otherwise.
                    nulls_first: (nulls_first != descending).then_some(nulls_first),
                },
            )
            .collect(),
        predicate: c.opt(5).map(str::to_string),
        include: c.json(6)?,
        nulls_not_distinct: c.opt(7) == Some("true"),
        comment: c.opt(8).map(str::to_string),
        ..Index::default()
    })
}
