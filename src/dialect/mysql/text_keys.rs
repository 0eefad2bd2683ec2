//! TEXT and BLOB columns in keys: MySQL and MariaDB key such a column only by
//! a prefix of it ("For BLOB and TEXT columns, you must specify a prefix
//! length", MySQL manual, "Column Indexes"). Without one, a PRIMARY KEY fails
//! with ERROR 1170 ("BLOB/TEXT column used in key specification without a
//! key length"), and so does an index or a UNIQUE key on MySQL; a foreign
//! key fails with errno 150 ("Foreign key constraint is incorrectly
//! formed"). MariaDB builds a plain index over such a column with a prefix
//! it chooses itself (768 characters), which then never matches the models,
//! and from 10.4 on a UNIQUE key over the whole column, checked through a
//! hidden hash (which `Schema::unique_keys_on_whole_text` records).
//!
//! Autogenerate refuses an op that would leave such a column in such a key,
//! naming both, instead of writing a revision that fails at upgrade, where
//! the statements before the failing one are committed already (DDL commits
//! implicitly). JSON counts as TEXT: MariaDB's is a LONGTEXT, MySQL keys it
//! not at all. FULLTEXT and SPATIAL indexes take whole columns. Pure.

use super::types::{compare_for, keyed_by_prefix_only};
use crate::diff::Compare;
use crate::ops::Op;
use crate::schema::{Column, ForeignKey, Index, PrimaryKey, QualifiedName, Schema, Table, Unique};

/// A key over whole columns, as a message names it.
struct Key<'a> {
    /// `the PRIMARY KEY`, `UNIQUE KEY uq_email`, `index ix_note`, ...
    what: String,
    columns: Vec<&'a str>,
    kind: KeyKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum KeyKind {
    Primary,
    Unique,
    Index,
    Foreign,
}

/// Why `op`, an upgrade op diffed from `current` (the database's schema) to
/// `wanted` (the models'), would leave a TEXT or BLOB column in a key
/// without a prefix length; `None` when it would not. The downgrade only
/// restores keys the database holds, so only the upgrade is asked.
pub fn refuses(op: &Op, current: &Schema, wanted: &Schema) -> Option<String> {
    let unique_ok = current.unique_keys_on_whole_text == Some(true);
    let cmp = compare_for(current);
    let table_of = |name: &QualifiedName| {
        wanted
            .tables
            .iter()
            .find(|t| cmp.table_name_key(&t.name) == cmp.table_name_key(&name.name))
    };
    match op {
        Op::CreateTable(t) => keys(t, unique_ok)
            .iter()
            .find_map(|k| whole_long_column(t, k).map(|c| create_message(t, k, c))),
        Op::AddColumn { table, column }
        | Op::AlterColumn {
            table, to: column, ..
        } => {
            keyed_by_prefix_only(&column.data_type)?;
            let t = table_of(table)?;
            let keys = keys(t, unique_ok);
            let k = keys.iter().find(|k| {
                k.columns
                    .iter()
                    .any(|c| cmp.name_key(c) == cmp.name_key(&column.name))
            })?;
            let verb = match op {
                Op::AlterColumn { from, .. } => {
                    format!(
                        "change {}.{} from {} to",
                        t.name, column.name, from.data_type
                    )
                }
                _ => format!("add {}.{} as", t.name, column.name),
            };
            Some(format!(
                "cannot {verb} {}: it is in {} of {}, {}",
                column.data_type,
                k.what,
                t.name,
                consequence(k, column)
            ))
        }
        Op::AddPrimaryKey { table, key } => {
            let t = table_of(table)?;
            let k = primary_key(key);
            whole_long_column(t, &k).map(|c| create_message(t, &k, c))
        }
        Op::AddUnique { table, unique } if !unique_ok => {
            let t = table_of(table)?;
            let k = unique_key(unique);
            whole_long_column(t, &k).map(|c| create_message(t, &k, c))
        }
        Op::CreateIndex { table, index } => {
            let t = table_of(table)?;
            let k = index_key(index, unique_ok)?;
            let c = whole_long_column(t, &k)?;
            // The index InnoDB needs for a foreign key over the column: the
            // key is what to speak of.
            let fk = keys(t, unique_ok).into_iter().find(|f| {
                f.kind == KeyKind::Foreign
                    && f.columns
                        .iter()
                        .any(|n| cmp.name_key(n) == cmp.name_key(&c.name))
            });
            Some(create_message(t, fk.as_ref().unwrap_or(&k), c))
        }
        Op::AddForeignKey { table, fk } => {
            let t = table_of(table)?;
            let k = foreign_key(fk);
            whole_long_column(t, &k).map(|c| create_message(t, &k, c))
        }
        _ => None,
    }
}

/// The keys of `t` that hold whole columns and that the server refuses over
/// a TEXT or BLOB column (a UNIQUE key only where `unique_ok` is false).
fn keys(t: &Table, unique_ok: bool) -> Vec<Key<'_>> {
    let mut out: Vec<Key<'_>> = t.primary_key.iter().map(primary_key).collect();
    if !unique_ok {
        out.extend(t.uniques.iter().map(unique_key));
    }
    // Foreign keys before indexes: one is the index InnoDB needs for a key.
    out.extend(t.foreign_keys.iter().map(foreign_key));
    out.extend(t.indexes.iter().filter_map(|i| index_key(i, unique_ok)));
    out
}

fn primary_key(key: &PrimaryKey) -> Key<'_> {
    Key {
        what: "the PRIMARY KEY".into(),
        columns: key.columns.iter().map(String::as_str).collect(),
        kind: KeyKind::Primary,
    }
}

fn unique_key(unique: &Unique) -> Key<'_> {
    Key {
        what: unique
            .name
            .as_ref()
            .map_or_else(|| "a UNIQUE key".into(), |n| format!("UNIQUE KEY {n}")),
        columns: unique.columns.iter().map(String::as_str).collect(),
        kind: KeyKind::Unique,
    }
}

fn foreign_key(fk: &ForeignKey) -> Key<'_> {
    Key {
        what: fk
            .name
            .as_ref()
            .map_or_else(|| "a foreign key".into(), |n| format!("foreign key {n}")),
        columns: fk.columns.iter().map(String::as_str).collect(),
        kind: KeyKind::Foreign,
    }
}

/// An index as a key over its whole-column parts; `None` for a FULLTEXT or
/// SPATIAL index, which takes whole columns, and for a unique one where
/// `unique_ok`. A prefix part (`note(100)`) or a functional one is an
/// expression part and never counts.
fn index_key(index: &Index, unique_ok: bool) -> Option<Key<'_>> {
    let method = index.method.as_deref().map(str::to_ascii_lowercase);
    if matches!(method.as_deref(), Some("fulltext" | "spatial")) || (index.unique && unique_ok) {
        return None;
    }
    let name = index.name.as_deref().unwrap_or("(unnamed)");
    Some(Key {
        what: if index.unique {
            format!("unique index {name}")
        } else {
            format!("index {name}")
        },
        columns: index
            .parts
            .iter()
            .filter(|p| !p.expression)
            .map(|p| p.value.as_str())
            .collect(),
        kind: if index.unique {
            KeyKind::Unique
        } else {
            KeyKind::Index
        },
    })
}

/// The first column of `k` that `t` has as a TEXT or BLOB type.
fn whole_long_column<'t>(t: &'t Table, k: &Key) -> Option<&'t Column> {
    k.columns.iter().find_map(|name| {
        t.columns.iter().find(|c| {
            c.name.to_lowercase() == name.to_lowercase()
                && keyed_by_prefix_only(&c.data_type).is_some()
        })
    })
}

fn create_message(t: &Table, k: &Key, c: &Column) -> String {
    format!(
        "cannot create {} of {}: its column {} is {}, {}",
        k.what,
        t.name,
        c.name,
        c.data_type,
        consequence(k, c)
    )
}

/// What the server does with key `k` over column `c`, and what to write instead.
fn consequence(k: &Key, c: &Column) -> String {
    let (bounded, diesel) = match keyed_by_prefix_only(&c.data_type) {
        Some(true) => ("BINARY(N) or VARBINARY(N)", "`Binary` or `Varbinary`"),
        _ => ("CHAR(N) or VARCHAR(N)", "`Char` or `Varchar`"),
    };
    let retype = format!(
        "give {} a {bounded} type in the models (Diesel: {diesel} with `#[max_length = N]`)",
        c.name
    );
    match k.kind {
        KeyKind::Foreign => format!(
            "and a foreign key cannot use a TEXT or BLOB column (errno 150); {retype}, the type of the column it references"
        ),
        KeyKind::Index => format!(
            "which MySQL cannot key without a prefix length (ERROR 1170; MariaDB picks one, which never matches the models); {retype}, or index a prefix of it: ({}(N))",
            c.name
        ),
        KeyKind::Primary | KeyKind::Unique => format!(
            "which MySQL cannot key without a prefix length (ERROR 1170); {retype}, or take it out of the key"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{ForeignKey, IndexPart, PrimaryKey, Unique};

    fn table(name: &str, columns: &[(&str, &str)]) -> Table {
        Table {
            columns: columns.iter().map(|(n, t)| Column::new(n, t)).collect(),
            ..Table::new(name)
        }
    }

    fn schema(tables: Vec<Table>) -> Schema {
        Schema {
            tables,
            ..Default::default()
        }
    }

    fn pk(columns: &[&str]) -> Option<PrimaryKey> {
        Some(PrimaryKey {
            name: None,
            columns: columns.iter().map(|c| c.to_string()).collect(),
            column_options: Vec::new(),
            deferrable: Default::default(),
        })
    }

    /// vaultwarden's hand-written `id -> Text` over a `char(36)` primary key.
    #[test]
    fn a_key_column_turned_text_is_refused_naming_column_and_key() {
        let mut current = table("attachments", &[("id", "char(36)"), ("note", "text")]);
        current.primary_key = pk(&["id"]);
        let mut wanted = current.clone();
        wanted.columns[0].data_type = "text".into();
        let op = Op::AlterColumn {
            table: QualifiedName::new("attachments"),
            from: current.columns[0].clone(),
            to: wanted.columns[0].clone(),
        };
        let why = refuses(&op, &schema(vec![current.clone()]), &schema(vec![wanted])).unwrap();
        assert_eq!(
            why,
            "cannot change attachments.id from char(36) to text: it is in the PRIMARY KEY of attachments, \
             which MySQL cannot key without a prefix length (ERROR 1170); give id a CHAR(N) or VARCHAR(N) \
             type in the models (Diesel: `Char` or `Varchar` with `#[max_length = N]`), or take it out of the key"
        );
        assert!(!why.contains('\n'));
        // A column outside every key may be TEXT.
        let mut wanted = current.clone();
        wanted.columns[1].data_type = "longtext".into();
        let op = Op::AlterColumn {
            table: QualifiedName::new("attachments"),
            from: current.columns[1].clone(),
            to: wanted.columns[1].clone(),
        };
        assert_eq!(
            refuses(&op, &schema(vec![current]), &schema(vec![wanted])),
            None
        );
    }

    #[test]
    fn new_tables_and_keys_over_whole_text_or_blob_columns_are_refused() {
        let mut t = table(
            "docs",
            &[
                ("id", "blob"),
                ("body", "text"),
                ("j", "json"),
                ("n", "int"),
            ],
        );
        t.primary_key = pk(&["id"]);
        let create = |t: &Table| {
            refuses(
                &Op::CreateTable(t.clone()),
                &Schema::default(),
                &schema(vec![t.clone()]),
            )
        };
        let why = create(&t).unwrap();
        assert!(
            why.starts_with("cannot create the PRIMARY KEY of docs: its column id is blob")
                && why.contains("`Binary` or `Varbinary` with `#[max_length = N]`"),
            "{why}"
        );
        t.primary_key = pk(&["n"]);
        assert_eq!(create(&t), None, "TEXT outside keys is fine");

        // A plain index: refused unless it keys a prefix; FULLTEXT takes the column.
        let index = |parts: Vec<IndexPart>, method: Option<&str>| Index {
            name: Some("ix_body".into()),
            parts,
            method: method.map(str::to_string),
            ..Default::default()
        };
        let prefix = IndexPart {
            expression: true,
            ..IndexPart::column("body(100)")
        };
        let add = |t: &Table, i: Index| {
            let op = Op::CreateIndex {
                table: QualifiedName::new("docs"),
                index: i.clone(),
            };
            let mut w = t.clone();
            w.indexes.push(i);
            refuses(&op, &schema(vec![t.clone()]), &schema(vec![w]))
        };
        let why = add(&t, index(vec![IndexPart::column("body")], None)).unwrap();
        assert!(
            why.starts_with("cannot create index ix_body of docs: its column body is text")
                && why.ends_with("or index a prefix of it: (body(N))"),
            "{why}"
        );
        assert_eq!(add(&t, index(vec![prefix], None)), None);
        assert_eq!(
            add(&t, index(vec![IndexPart::column("body")], Some("fulltext"))),
            None
        );

        // A foreign key over a TEXT column has no index InnoDB can build.
        let fk = ForeignKey {
            name: Some("fk_docs_j".into()),
            columns: vec!["j".into()],
            ref_table: "other".into(),
            ref_columns: vec!["k".into()],
            ..Default::default()
        };
        let op = Op::AddForeignKey {
            table: QualifiedName::new("docs"),
            fk,
        };
        let why = refuses(&op, &Schema::default(), &schema(vec![t.clone()])).unwrap();
        assert!(
            why.contains("foreign key fk_docs_j of docs: its column j is json"),
            "{why}"
        );
        // The index InnoDB needs for that key, added first, speaks of the key.
        let Op::AddForeignKey { fk, .. } = op else {
            unreachable!()
        };
        let mut w = t.clone();
        w.foreign_keys.push(fk);
        let op = Op::CreateIndex {
            table: QualifiedName::new("docs"),
            index: index(vec![IndexPart::column("j")], None),
        };
        let why = refuses(&op, &Schema::default(), &schema(vec![w])).unwrap();
        assert!(
            why.starts_with("cannot create foreign key fk_docs_j of docs")
                && why.contains("errno 150"),
            "{why}"
        );
    }

    /// MariaDB 10.4+ checks a UNIQUE key over a whole TEXT column through a
    /// hash; MySQL (and a server not known to do so) refuses it.
    #[test]
    fn a_unique_key_over_text_depends_on_the_server() {
        let t = table("users", &[("email", "text")]);
        let op = Op::AddUnique {
            table: QualifiedName::new("users"),
            unique: Unique {
                name: Some("uq_email".into()),
                ..Unique::new(&["email"])
            },
        };
        let wanted = schema(vec![t.clone()]);
        let server = |hash: Option<bool>| Schema {
            unique_keys_on_whole_text: hash,
            ..schema(vec![t.clone()])
        };
        assert!(
            refuses(&op, &server(Some(false)), &wanted)
                .unwrap()
                .starts_with(
                    "cannot create UNIQUE KEY uq_email of users: its column email is text"
                )
        );
        assert!(refuses(&op, &server(None), &wanted).is_some());
        assert_eq!(refuses(&op, &server(Some(true)), &wanted), None);
        // A column turned TEXT under that key: the same rule.
        let mut w = t.clone();
        w.uniques = vec![Unique::new(&["email"])];
        let alter = Op::AlterColumn {
            table: QualifiedName::new("users"),
            from: Column::new("email", "varchar(255)"),
            to: Column::new("email", "text"),
        };
        let wanted = schema(vec![w]);
        assert!(
            refuses(&alter, &server(Some(false)), &wanted)
                .unwrap()
                .contains("it is in a UNIQUE key of users")
        );
        assert_eq!(refuses(&alter, &server(Some(true)), &wanted), None);
    }
}
