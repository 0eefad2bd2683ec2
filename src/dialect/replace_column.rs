//! Replacing a column: some changes no `ALTER` can make in place, so the
//! dialect renders the column change as dropping the column and adding it
//! again; everything that names the column is dropped before and created
//! again after, here.
//!
//! PostgreSQL before 17 cannot make a column generated or change its
//! generation expression; MariaDB cannot make a plain column generated or
//! switch between `VIRTUAL` and `STORED`. Dropping the column would silently
//! take its keys, indexes and checks along (and fail on foreign keys of other
//! tables), so those are dropped first, explicitly, and created again from the
//! models afterwards.
//!
//! The column change itself stays one [`Op::AlterColumn`] between the drops
//! and the creates: the downgrade is the list reversed, and the reverse of a
//! change that can be made in place (a generated column turning plain keeps
//! its values) may be one that cannot. The list is valid both ways, and each
//! direction's renderer picks in-place or replacement for its own change.
//!
//! Pure: works on the ops and the two normalized schemas. Each dialect says
//! how names compare and whether an expression mentions a column.

use crate::ops::Op;
use crate::schema::{Column, QualifiedName, Schema, Table};

/// How the dialect reads names and expressions.
pub struct Names<'a> {
    /// Whether two column names are the same column.
    pub same: &'a dyn Fn(&str, &str) -> bool,
    /// Whether an SQL expression mentions a column.
    pub mentions: &'a dyn Fn(&str, &str) -> bool,
}

/// The change of column `from` of `table` into `to`, surrounded by drops of
/// what names it in `current` and creates of what names it in `wanted`. Ops
/// already in `ops` (the diff's own) are not repeated.
pub fn around_column_change(
    table: &QualifiedName,
    from: &Column,
    to: &Column,
    current: &Schema,
    wanted: &Schema,
    ops: &[Op],
    names: &Names<'_>,
) -> Vec<Op> {
    // Drops in the reverse order of creation: foreign keys before the keys they need.
    let mut out: Vec<Op> = dependents(current, table, &from.name, names)
        .iter()
        .rev()
        .map(Op::reverse)
        .filter(|op| !ops.contains(op))
        .collect();
    out.push(Op::AlterColumn {
        table: table.clone(),
        from: from.clone(),
        to: to.clone(),
    });
    out.extend(
        dependents(wanted, table, &to.name, names)
            .into_iter()
            .filter(|op| !ops.contains(op)),
    );
    out
}

/// The ops that create everything in `schema` that names `column` of
/// `table`, in creation order: its primary key, uniques, indexes and checks,
/// then foreign keys (its own and other tables' that reference it). Their
/// reverses, last first, drop it all.
pub fn dependents(
    schema: &Schema,
    table: &QualifiedName,
    column: &str,
    names: &Names<'_>,
) -> Vec<Op> {
    let has = |cols: &[String]| cols.iter().any(|c| (names.same)(c, column));
    let mentioned = |e: &str| (names.mentions)(e, column);
    let mut adds = Vec::new();
    if let Some(t) = schema.table(table) {
        if let Some(pk) = t.primary_key.as_ref().filter(|pk| has(&pk.columns)) {
            adds.push(Op::AddPrimaryKey {
                table: table.clone(),
                key: pk.clone(),
            });
        }
        adds.extend(
            t.uniques
                .iter()
                .filter(|u| has(&u.columns))
                .map(|u| Op::AddUnique {
                    table: table.clone(),
                    unique: u.clone(),
                }),
        );
        let indexed = |i: &&crate::schema::Index| {
            i.predicate.as_deref().is_some_and(mentioned)
                || i.include.iter().any(|c| (names.same)(c, column))
                || i.parts.iter().any(|p| {
                    if p.expression {
                        mentioned(&p.value)
                    } else {
                        (names.same)(&p.value, column)
                    }
                })
        };
        adds.extend(t.indexes.iter().filter(indexed).map(|i| Op::CreateIndex {
            table: table.clone(),
            index: i.clone(),
        }));
        adds.extend(
            t.checks
                .iter()
                .filter(|c| mentioned(&c.expression))
                .map(|c| Op::AddCheck {
                    table: table.clone(),
                    check: c.clone(),
                }),
        );
    }
    adds.extend(foreign_keys_naming(schema, table, column, names));
    adds
}

/// The ops that create the foreign keys in `schema` that have `column` of
/// `table` among their own columns or among the columns they reference.
pub fn foreign_keys_naming(
    schema: &Schema,
    table: &QualifiedName,
    column: &str,
    names: &Names<'_>,
) -> Vec<Op> {
    schema
        .tables
        .iter()
        .flat_map(|t| {
            t.foreign_keys
                .iter()
                .filter(move |fk| uses_column(t, fk, table, column, names))
                .map(move |fk| Op::AddForeignKey {
                    table: t.qualified(),
                    fk: fk.clone(),
                })
        })
        .collect()
}

/// Whether foreign key `fk` of table `t` has `column` of `table` among its own
/// columns or among the columns it references.
fn uses_column(
    t: &Table,
    fk: &crate::schema::ForeignKey,
    table: &QualifiedName,
    column: &str,
    names: &Names<'_>,
) -> bool {
    let has = |cols: &[String]| cols.iter().any(|c| (names.same)(c, column));
    (&t.qualified() == table && has(&fk.columns))
        || (&fk.ref_qualified() == table && has(&fk.ref_columns))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Check, ForeignKey, Generated, Index, IndexPart, PrimaryKey, Unique};

    fn schema(expression: &str) -> Schema {
        let mut items = Table::new("items");
        items.columns = vec![
            Column::new("id", "integer"),
            Column {
                generated: Some(Box::new(Generated {
                    expression: expression.into(),
                    stored: true,
                })),
                ..Column::new("code", "text")
            },
            Column::new("other", "integer"),
        ];
        items.primary_key = Some(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
            column_options: Vec::new(),
            deferrable: Default::default(),
        });
        items.uniques = vec![Unique {
            name: Some("uq_code".into()),
            columns: vec!["code".into()],
            column_options: Vec::new(),
            deferrable: Default::default(),
            nulls_not_distinct: false,
        }];
        items.indexes = vec![
            Index {
                name: Some("ix_lower".into()),
                parts: vec![IndexPart {
                    value: "lower(code)".into(),
                    expression: true,
                    opclass: None,
                    nulls_first: None,
                    descending: false,
                }],
                ..Default::default()
            },
            Index {
                name: Some("ix_other".into()),
                parts: vec![IndexPart::column("other")],
                ..Default::default()
            },
        ];
        items.checks = vec![Check {
            name: Some("ck_code".into()),
            expression: "code <> ''".into(),
        }];
        let mut refs = Table::new("refs");
        refs.columns = vec![Column::new("code", "text")];
        refs.foreign_keys = vec![ForeignKey {
            name: Some("fk_code".into()),
            columns: vec!["code".into()],
            ref_table: "items".into(),
            ref_columns: vec!["code".into()],
            ..Default::default()
        }];
        Schema {
            tables: vec![items, refs],
            ..Default::default()
        }
    }

    #[test]
    fn everything_naming_the_column_is_dropped_and_created_again() {
        let (current, wanted) = (schema("upper(other)"), schema("lower(other)"));
        let names = Names {
            same: &|a, b| a == b,
            mentions: &|e, c| e.contains(c),
        };
        let q = QualifiedName::new("items");
        let ops = around_column_change(
            &q,
            &current.tables[0].columns[1],
            &wanted.tables[0].columns[1],
            &current,
            &wanted,
            &[],
            &names,
        );
        let described: Vec<String> = ops.iter().map(Op::describe).collect();
        assert_eq!(
            described,
            vec![
                "drop foreign key refs(code) -> items",
                "drop check on items: code <> ''",
                "drop index ix_lower on items",
                "drop unique (code) on items",
                "alter column items.code",
                "add unique (code) on items",
                "create index ix_lower on items",
                "add check on items: code <> ''",
                "add foreign key refs(code) -> items",
            ]
        );
        // What the diff already drops or creates is not repeated.
        let unique = Op::AddUnique {
            table: q.clone(),
            unique: wanted.tables[0].uniques[0].clone(),
        };
        let again = around_column_change(
            &q,
            &current.tables[0].columns[1],
            &wanted.tables[0].columns[1],
            &current,
            &wanted,
            std::slice::from_ref(&unique),
            &names,
        );
        assert!(!again.contains(&unique));
        assert_eq!(again.len(), ops.len() - 1);
    }
}
