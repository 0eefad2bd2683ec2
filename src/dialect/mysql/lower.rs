//! MySQL/MariaDB lowering: reorders and wraps generic ops so that InnoDB
//! accepts them, keeping the list reversible (the downgrade is the lowered
//! list reversed). Pure.
//!
//! * A plain column cannot become generated, nor a generated one switch
//!   between VIRTUAL and STORED, nor a VIRTUAL one become plain, by MODIFY:
//!   the column is replaced (dropped and added again, or for a VIRTUAL one
//!   turning plain, its values kept in a STORED copy that takes its
//!   place: see `render.rs`), so what names it is dropped and created around
//!   the change, in both directions (see `dialect/replace_column.rs`).
//! * A column's type cannot change while a foreign key uses it, on either
//!   side ("Cannot change column 'x': used in a foreign key constraint",
//!   MariaDB error 1832/1833; MySQL manual, "FOREIGN KEY Constraints"), nor
//!   can an index the key may be using be dropped: such keys are dropped
//!   before the first of those ops and added back after the last.
//! * A MariaDB column-level check lives in its column's definition: see
//!   `keep_column_checks`.
//! * An AUTO_INCREMENT column must be a key ("there can be only one auto
//!   column and it must be defined as a key", MySQL error 1075): a column
//!   gains AUTO_INCREMENT only after its key is added, and loses it before
//!   its key is dropped. An added AUTO_INCREMENT column comes with a unique
//!   key of its own in the same statement (so existing rows are numbered),
//!   dropped once the wanted key is there; a dropped one gets that key back
//!   before its wanted key goes.
//! * What the lowering adds names tables and columns as the renames leave
//!   them: the diff puts every rename first, so a foreign key dropped and
//!   re-added around a key change is read from the renamed schema (the
//!   downgrade, the list reversed, re-adds it before renaming back).
//! * Every key, index, check and foreign key the models leave unnamed gets
//!   a name free where the server requires it (`unnamed.rs`).

use super::expr;
use super::render::auto_increment_key_name;
use super::types::COMPARE;
use crate::dialect::replace_column::{Names, around_column_change};
use crate::diff::{changes_key_type, key_columns, renamed, wrap_foreign_keys};
use crate::ops::Op;
use crate::schema::{Column, ForeignKey, Index, IndexPart, QualifiedName, Schema, Unique};

fn same(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

fn same_table(a: &QualifiedName, b: &QualifiedName) -> bool {
    same(&a.name, &b.name)
        && a.schema.as_deref().map(str::to_lowercase) == b.schema.as_deref().map(str::to_lowercase)
}

/// Lowers `ops` diffed from `current` to `wanted` (see the module docs).
pub fn lower(ops: Vec<Op>, current: &Schema, wanted: &Schema) -> Vec<Op> {
    let current = &renamed(current, &ops, &COMPARE);
    let ops = ignore_unique_keys_in_place(ops);
    let ops = replace_generated(ops, current, wanted);
    let ops = keep_column_checks(ops, current);
    let ops = wrap_keys(ops, current);
    let ops = order_auto_increment(ops);
    let ops = key_before_unkeying(ops, current, wanted);
    let mut ops = place_columns(ops, current, wanted);
    // Last, so that what the steps above create from the models is named too.
    super::unnamed::name_unnamed(&mut ops, current, wanted);
    ops
}

/// A unique key that only turns ignored, or is used again, is changed in
/// place (`ALTER INDEX`), as a plain index is by the diff. Normalization
/// keeps an ignored unique key as a unique index, since a unique constraint
/// has no place for the flag, so the diff sees a constraint dropped and an
/// index created in its stead, or the other way round; in MySQL the two are
/// the one index, which would be built again for nothing (and the foreign
/// keys using it dropped around it).
fn ignore_unique_keys_in_place(ops: Vec<Op>) -> Vec<Op> {
    // The same key: the index a plain unique constraint is, but ignored.
    let flips = |u: &Unique, i: &Index| {
        i.unique
            && i.ignored
            && i.comment.is_none()
            && i.method.is_none()
            && i.predicate.is_none()
            && i.include.is_empty()
            && i.parts.len() == u.columns.len()
            && i.parts
                .iter()
                .zip(&u.columns)
                .all(|(p, c)| !p.expression && !p.descending && same(&p.value, c))
            && match (&u.name, &i.name) {
                (Some(a), Some(b)) => same(a, b),
                _ => true,
            }
    };
    // The unique constraint as the index it is, named as the other side.
    let as_index = |u: &Unique, i: &Index| Index {
        name: u.name.clone().or_else(|| i.name.clone()),
        unique: true,
        parts: u.columns.iter().map(|c| IndexPart::column(c)).collect(),
        ..Index::default()
    };
    let mut ops: Vec<Option<Op>> = ops.into_iter().map(Some).collect();
    for i in 0..ops.len() {
        let pair =
            (0..ops.len()).find_map(|j| match (&ops[i], &ops[j]) {
                (
                    Some(Op::DropUnique { table, unique }),
                    Some(Op::CreateIndex { table: t, index }),
                ) if same_table(table, t) && flips(unique, index) => Some((
                    j,
                    Op::AlterIndex {
                        table: table.clone(),
                        from: as_index(unique, index),
                        to: Index {
                            name: index.name.clone().or_else(|| unique.name.clone()),
                            ..index.clone()
                        },
                    },
                )),
                (
                    Some(Op::DropIndex { table, index }),
                    Some(Op::AddUnique { table: t, unique }),
                ) if same_table(table, t) && flips(unique, index) => Some((
                    j,
                    Op::AlterIndex {
                        table: table.clone(),
                        from: index.clone(),
                        to: as_index(unique, index),
                    },
                )),
                _ => None,
            });
        if let Some((j, flip)) = pair {
            ops[i] = Some(flip);
            ops[j] = None;
        }
    }
    ops.into_iter().flatten().collect()
}

/// Gives each added, dropped or replaced column its place (see
/// [`Column::place`]), following the table's columns through the ops: an
/// added column goes right after the nearest column before it in the models
/// that the table has by then (`FIRST` if none), so it lands where the models
/// put it rather than last; a dropped column records the column before it,
/// so the downgrade adds it back there; a column replaced by drop and add
/// (see [`modify_cannot`]) is added back where it was. A place at the end is
/// left unsaid, the default. `current` has the renames applied, and the diff
/// puts every rename first, so the names are the ones the ops use.
fn place_columns(mut ops: Vec<Op>, current: &Schema, wanted: &Schema) -> Vec<Op> {
    use crate::schema::ColumnPlace;
    let key = |t: &QualifiedName| {
        (
            t.schema.as_deref().map(str::to_lowercase),
            t.name.to_lowercase(),
        )
    };
    let mut columns: std::collections::BTreeMap<_, Vec<String>> = current
        .tables
        .iter()
        .map(|t| {
            (
                key(&t.qualified()),
                t.columns.iter().map(|c| c.name.clone()).collect(),
            )
        })
        .collect();
    // Where the column at `i` of `list` sits, said relative to the others.
    let place_of = |list: &[String], i: usize| match i {
        _ if i + 1 >= list.len() => None,
        0 => Some(Box::new(ColumnPlace::First)),
        _ => Some(Box::new(ColumnPlace::After(list[i - 1].clone()))),
    };
    for op in &mut ops {
        match op {
            Op::CreateTable(t) => {
                columns.insert(
                    key(&t.qualified()),
                    t.columns.iter().map(|c| c.name.clone()).collect(),
                );
            }
            Op::DropTable(t) => {
                columns.remove(&key(&t.qualified()));
            }
            Op::AddColumn { table, column } => {
                let Some(list) = columns.get_mut(&key(table)) else {
                    continue;
                };
                let models = wanted
                    .tables
                    .iter()
                    .find(|t| same_table(&t.qualified(), table))
                    .map(|t| t.columns.as_slice())
                    .unwrap_or_default();
                let before = models
                    .iter()
                    .position(|c| same(&c.name, &column.name))
                    .map_or(&models[..0], |i| &models[..i]);
                let at = before
                    .iter()
                    .rev()
                    .find_map(|c| list.iter().position(|l| same(l, &c.name)))
                    .map_or(0, |i| i + 1);
                list.insert(at, column.name.clone());
                column.place = place_of(list, at);
            }
            Op::DropColumn { table, column } => {
                let Some(list) = columns.get_mut(&key(table)) else {
                    continue;
                };
                if let Some(i) = list.iter().position(|l| same(l, &column.name)) {
                    column.place = place_of(list, i);
                    list.remove(i);
                }
            }
            Op::AlterColumn { table, from, to }
                if modify_cannot(from, to) || modify_cannot(to, from) =>
            {
                let Some(list) = columns.get(&key(table)) else {
                    continue;
                };
                if let Some(i) = list.iter().position(|l| same(l, &from.name)) {
                    from.place = place_of(list, i);
                    to.place = place_of(list, i);
                }
            }
            _ => {}
        }
    }
    ops
}

/// A column that stays AUTO_INCREMENT while the key holding it is replaced
/// (the primary key moved to another column, an index now holding it) must
/// never be without a key (MySQL error 1075): the key it gets is added
/// before the one it loses is dropped. The downgrade, reversed, then drops
/// it after the old key is back.
fn key_before_unkeying(mut ops: Vec<Op>, current: &Schema, wanted: &Schema) -> Vec<Op> {
    let auto = |s: &Schema, table: &QualifiedName, column: &str| {
        s.tables
            .iter()
            .find(|t| same_table(&t.qualified(), table))
            .and_then(|t| t.columns.iter().find(|c| same(&c.name, column)))
            .is_some_and(|c| c.identity.is_some())
    };
    let mut i = 0;
    while i < ops.len() {
        let kept = key_columns(&ops[i], false).and_then(|(table, columns)| {
            let first = columns.first()?;
            (auto(current, table, first) && auto(wanted, table, first))
                .then(|| (table.clone(), first.to_string()))
        });
        if let Some((table, column)) = kept
            && let Some(j) = (i + 1..ops.len()).find(|&j| keyed_by(&ops[j], true, &table, &column))
        {
            let key = ops.remove(j);
            ops.insert(i, key);
            i += 1;
        }
        i += 1;
    }
    ops
}

/// Whether MODIFY cannot turn `from` into `to`: MariaDB makes no plain column
/// generated, switches no generated column between VIRTUAL and STORED, and
/// makes no VIRTUAL column plain (error 1907, "This is not yet supported for
/// generated columns"; the MySQL manual, "ALTER TABLE and Generated
/// Columns", likewise lets only a STORED column become plain, keeping its
/// values).
pub fn modify_cannot(from: &Column, to: &Column) -> bool {
    match (&from.generated, &to.generated) {
        (None, Some(_)) => true,
        (Some(a), Some(b)) => a.stored != b.stored,
        (Some(a), None) => !a.stored,
        (None, None) => false,
    }
}

/// Column changes MODIFY cannot make, in either direction, get what names the
/// column dropped before and created after (the renderer replaces the column).
fn replace_generated(ops: Vec<Op>, current: &Schema, wanted: &Schema) -> Vec<Op> {
    let names = Names {
        same: &same,
        mentions: &expr::mentions,
    };
    let mut out = Vec::with_capacity(ops.len());
    for op in &ops {
        match op {
            Op::AlterColumn { table, from, to }
                if modify_cannot(from, to) || modify_cannot(to, from) =>
            {
                out.extend(around_column_change(
                    table, from, to, current, wanted, &ops, &names,
                ))
            }
            other => out.push(other.clone()),
        }
    }
    out
}

/// The column of `table` in `current` a check named `check` may belong to:
/// MariaDB names a column-level check after its column.
fn check_column<'a>(current: &'a Schema, table: &QualifiedName, check: &str) -> Option<&'a Column> {
    current
        .tables
        .iter()
        .find(|t| same_table(&t.qualified(), table))?
        .columns
        .iter()
        .find(|c| same(&c.name, check))
}

/// MariaDB keeps a column-level check (`rating INT CHECK (...)`) in the
/// column's definition: `DROP CONSTRAINT` does not find it, and `MODIFY
/// COLUMN` silently removes it (MariaDB KB, "CONSTRAINT"). So dropping a check
/// named after a column also redefines that column, and a column's redefinition
/// drops its check first and adds it back after (as a table-level check of the
/// same name, which compares equal). The drop says IF EXISTS (see `render.rs`),
/// so it is harmless when the check was column-level.
fn keep_column_checks(ops: Vec<Op>, current: &Schema) -> Vec<Op> {
    let dropped = |table: &QualifiedName, name: &str| {
        ops.iter().any(|op| {
            matches!(op, Op::DropCheck { table: t, check }
                if same_table(t, table) && check.name.as_deref().is_some_and(|n| same(n, name)))
        })
    };
    let mut out = Vec::with_capacity(ops.len());
    for op in &ops {
        match op {
            Op::DropCheck { table, check } => {
                out.push(op.clone());
                let column = check
                    .name
                    .as_deref()
                    .and_then(|n| check_column(current, table, n));
                if let Some(c) = column {
                    out.push(Op::AlterColumn {
                        table: table.clone(),
                        from: c.clone(),
                        to: c.clone(),
                    });
                }
            }
            Op::AlterColumn { table, from, .. } => {
                let checks: Vec<_> = current
                    .tables
                    .iter()
                    .filter(|t| same_table(&t.qualified(), table))
                    .flat_map(|t| &t.checks)
                    .filter(|k| k.name.as_deref().is_some_and(|n| same(n, &from.name)))
                    .filter(|k| !dropped(table, k.name.as_deref().unwrap_or_default()))
                    .cloned()
                    .collect();
                out.extend(checks.iter().map(|k| Op::DropCheck {
                    table: table.clone(),
                    check: k.clone(),
                }));
                out.push(op.clone());
                out.extend(checks.into_iter().map(|k| Op::AddCheck {
                    table: table.clone(),
                    check: k,
                }));
            }
            other => out.push(other.clone()),
        }
    }
    out
}

/// Whether `op` drops a key InnoDB may be using for `fk` of `table`, on
/// either side: one whose leading columns are the key's own ("Cannot drop
/// index: needed in a foreign key constraint", MariaDB error 1553), or, on
/// the referenced table, the referenced columns (InnoDB needs an index there
/// that starts with them; dropping the primary key it uses fails with errno
/// 150, "Foreign key constraint is incorrectly formed").
fn drops_backing_key(op: &Op, table: &QualifiedName, fk: &ForeignKey) -> bool {
    let leads = |key: &[String], cols: &[&str]| {
        cols.len() >= key.len() && key.iter().zip(cols).all(|(a, b)| same(a, b))
    };
    key_columns(op, false).is_some_and(|(t, cols)| {
        (same_table(t, table) && leads(&fk.columns, &cols))
            || (same_table(t, &fk.ref_qualified()) && leads(&fk.ref_columns, &cols))
    })
}

/// Drops each foreign key of `current` that an op cannot run under (a type
/// change of one of its columns, on either side, or the drop of an index it
/// may be using) around those ops (see [`wrap_foreign_keys`]). InnoDB
/// silently drops an index it made for a key when another index can serve
/// it (MySQL manual, "FOREIGN KEY Constraints"), so only without the key can
/// the old index go and the new one come in either order.
fn wrap_keys(ops: Vec<Op>, current: &Schema) -> Vec<Op> {
    wrap_foreign_keys(ops, current, &COMPARE, &|op, table, fk| {
        changes_key_type(op, table, fk, &COMPARE) || drops_backing_key(op, table, fk)
    })
}

fn without_auto_increment(c: &Column) -> Column {
    let mut c = c.clone();
    c.identity = None;
    c.identity_options = None;
    c
}

fn keyed_by(op: &Op, adds: bool, table: &QualifiedName, column: &str) -> bool {
    key_columns(op, adds).is_some_and(|(t, cols)| {
        same_table(t, table) && cols.first().is_some_and(|c| same(c, column))
    })
}

/// An alter that makes a column AUTO_INCREMENT, split into the alter without
/// it (if anything else changes) and the alter that adds it.
fn gains(op: &Op) -> Option<(QualifiedName, Option<Op>, Column, Column)> {
    match op {
        Op::AlterColumn { table, from, to } if to.identity.is_some() && from.identity.is_none() => {
            let plain = without_auto_increment(to);
            let rest = (plain != *from).then(|| Op::AlterColumn {
                table: table.clone(),
                from: from.clone(),
                to: plain.clone(),
            });
            Some((table.clone(), rest, plain, to.clone()))
        }
        _ => None,
    }
}

/// The mirror of [`gains`]: the alter that removes AUTO_INCREMENT and the
/// rest of the op.
fn loses(op: &Op) -> Option<(QualifiedName, Column, Column, Option<Op>)> {
    match op {
        Op::AlterColumn { table, from, to } if from.identity.is_some() && to.identity.is_none() => {
            let plain = without_auto_increment(from);
            let rest = (plain != *to).then(|| Op::AlterColumn {
                table: table.clone(),
                from: plain.clone(),
                to: to.clone(),
            });
            Some((table.clone(), from.clone(), plain, rest))
        }
        _ => None,
    }
}

/// An added AUTO_INCREMENT column renders with a unique key of its own (see
/// [`auto_increment_key_name`]); a dropped one takes its unique key with it.
fn auto_column(op: &Op) -> Option<(&QualifiedName, &Column, bool)> {
    match op {
        Op::AddColumn { table, column } if column.identity.is_some() => Some((table, column, true)),
        Op::DropColumn { table, column } if column.identity.is_some() => {
            Some((table, column, false))
        }
        _ => None,
    }
}

fn auto_key(column: &str) -> Unique {
    Unique {
        name: Some(auto_increment_key_name(column)),
        columns: vec![column.to_string()],
        column_options: Vec::new(),
        deferrable: Default::default(),
        nulls_not_distinct: false,
    }
}

fn order_auto_increment(ops: Vec<Op>) -> Vec<Op> {
    let n = ops.len();
    let mut replaced: Vec<Option<Option<Op>>> = vec![None; n];
    let mut before: Vec<Vec<Op>> = vec![Vec::new(); n];
    let mut after: Vec<Vec<Op>> = vec![Vec::new(); n];
    for i in 0..n {
        if let Some((table, rest, plain, full)) = gains(&ops[i]) {
            let key = (i + 1..n)
                .rev()
                .find(|&j| keyed_by(&ops[j], true, &table, &full.name));
            if let Some(j) = key {
                replaced[i] = Some(rest);
                after[j].push(Op::AlterColumn {
                    table,
                    from: plain,
                    to: full,
                });
            }
        } else if let Some((table, full, plain, rest)) = loses(&ops[i]) {
            let key = (0..i).find(|&j| keyed_by(&ops[j], false, &table, &full.name));
            if let Some(j) = key {
                replaced[i] = Some(rest);
                before[j].push(Op::AlterColumn {
                    table,
                    from: full,
                    to: plain,
                });
            }
        } else if let Some((table, column, added)) = auto_column(&ops[i]) {
            let own = auto_key(&column.name);
            if added {
                // An unnamed unique key on the column alone is the one it brings.
                let same = (i + 1..n).find(|&j| {
                    matches!(&ops[j], Op::AddUnique { table: t, unique }
                        if same_table(t, table) && unique.name.is_none()
                            && unique.columns.len() == 1 && same(&unique.columns[0], &column.name))
                });
                if let Some(j) = same {
                    replaced[j] = Some(None);
                } else if let Some(j) = (i + 1..n)
                    .rev()
                    .find(|&j| keyed_by(&ops[j], true, table, &column.name))
                {
                    after[j].push(Op::DropUnique {
                        table: table.clone(),
                        unique: own,
                    });
                }
            } else if let Some(j) = (0..i).find(|&j| keyed_by(&ops[j], false, table, &column.name))
            {
                before[j].push(Op::AddUnique {
                    table: table.clone(),
                    unique: own,
                });
            }
        }
    }
    let mut out = Vec::with_capacity(n + 2);
    for (i, op) in ops.into_iter().enumerate() {
        out.append(&mut before[i]);
        match replaced[i].take() {
            Some(rest) => out.extend(rest),
            None => out.push(op),
        }
        out.append(&mut after[i]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::reverse_all;
    use crate::schema::{Identity, PrimaryKey, Table};

    fn users_and_posts() -> Schema {
        let mut users = Table::new("users");
        users.columns = vec![Column::new("id", "int")];
        let mut posts = Table::new("posts");
        posts.columns = vec![Column::new("id", "int"), Column::new("user_id", "int")];
        posts.foreign_keys = vec![ForeignKey {
            name: Some("fk_posts_user".into()),
            columns: vec!["user_id".into()],
            ref_table: "users".into(),
            ref_columns: vec!["id".into()],
            ..Default::default()
        }];
        Schema {
            tables: vec![users, posts],
            ..Default::default()
        }
    }

    #[test]
    fn a_unique_key_turning_ignored_or_back_is_altered_in_place() {
        let t = QualifiedName::new("users");
        let unique = Unique {
            name: Some("uq_email".into()),
            ..Unique::new(&["email"])
        };
        let ignored = Index {
            name: None,
            unique: true,
            parts: vec![IndexPart::column("EMAIL")],
            ignored: true,
            ..Default::default()
        };
        let up = lower(
            vec![
                Op::DropUnique {
                    table: t.clone(),
                    unique: unique.clone(),
                },
                Op::CreateIndex {
                    table: t.clone(),
                    index: ignored.clone(),
                },
            ],
            &Schema::default(),
            &Schema::default(),
        );
        let [Op::AlterIndex { from, to, .. }] = up.as_slice() else {
            panic!("{up:?}");
        };
        assert!(!from.ignored && to.ignored);
        assert_eq!(to.name.as_deref(), Some("uq_email"));
        assert_eq!(
            reverse_all(&up)[0].describe(),
            "use again index uq_email on users"
        );
        // The other way, from the database's ignored index.
        let live = Index {
            name: Some("uq_email".into()),
            ..ignored.clone()
        };
        let down = lower(
            vec![
                Op::DropIndex {
                    table: t.clone(),
                    index: live,
                },
                Op::AddUnique {
                    table: t.clone(),
                    unique: Unique::new(&["email"]),
                },
            ],
            &Schema::default(),
            &Schema::default(),
        );
        assert_eq!(
            down.iter().map(Op::describe).collect::<Vec<_>>(),
            ["use again index uq_email on users"]
        );
        // Another column, or a comment, is another index to build.
        let other = Index {
            comment: Some("by mail".into()),
            ..ignored
        };
        let ops = vec![
            Op::DropUnique {
                table: t.clone(),
                unique,
            },
            Op::CreateIndex {
                table: t,
                index: other,
            },
        ];
        assert_eq!(
            lower(ops.clone(), &Schema::default(), &Schema::default()).len(),
            2
        );
    }

    #[test]
    fn type_changes_of_key_columns_are_wrapped() {
        let current = users_and_posts();
        let ops = vec![
            Op::AlterColumn {
                table: QualifiedName::new("posts"),
                from: Column::new("user_id", "int"),
                to: Column::new("user_id", "bigint"),
            },
            Op::AlterColumn {
                table: QualifiedName::new("users"),
                from: Column::new("id", "int"),
                to: Column::new("id", "bigint"),
            },
        ];
        let lowered = lower(ops.clone(), &current, &current);
        assert_eq!(lowered.len(), 4);
        assert!(
            matches!(&lowered[0], Op::DropForeignKey { fk, .. } if fk.name.as_deref() == Some("fk_posts_user"))
        );
        assert_eq!(&lowered[1..3], &ops[..]);
        assert!(matches!(&lowered[3], Op::AddForeignKey { .. }));
        // A comment change needs no wrapping.
        let mut to = Column::new("user_id", "int");
        to.comment = Some("x".into());
        let comment = vec![Op::AlterColumn {
            table: QualifiedName::new("posts"),
            from: Column::new("user_id", "int"),
            to,
        }];
        assert_eq!(lower(comment.clone(), &current, &current), comment);
    }

    #[test]
    fn column_checks_are_kept_through_modify_and_dropped_by_redefinition() {
        let t = QualifiedName::new("t");
        let rating = Column::new("rating", "int");
        let k = crate::schema::Check {
            name: Some("rating".into()),
            expression: "rating > 0".into(),
        };
        let mut current = Schema::default();
        let mut table = Table::new("t");
        table.columns = vec![rating.clone()];
        table.checks = vec![k.clone()];
        current.tables.push(table);
        let alter = Op::AlterColumn {
            table: t.clone(),
            from: rating.clone(),
            to: Column::new("rating", "bigint"),
        };
        assert_eq!(
            lower(vec![alter.clone()], &current, &current),
            vec![
                Op::DropCheck {
                    table: t.clone(),
                    check: k.clone(),
                },
                alter,
                Op::AddCheck {
                    table: t.clone(),
                    check: k.clone(),
                },
            ]
        );
        let drop = Op::DropCheck {
            table: t.clone(),
            check: k,
        };
        assert_eq!(
            lower(vec![drop.clone()], &current, &current),
            vec![
                drop,
                Op::AlterColumn {
                    table: t,
                    from: rating.clone(),
                    to: rating,
                },
            ]
        );
    }

    #[test]
    fn auto_increment_waits_for_its_key() {
        let mut id = Column::new("id", "int");
        id.nullable = false;
        let mut auto = id.clone();
        auto.identity = Some(Identity::AutoIncrement);
        let t = QualifiedName::new("t");
        let key = PrimaryKey {
            name: None,
            columns: vec!["id".into()],
            column_options: Vec::new(),
            deferrable: Default::default(),
        };
        // An existing column: the alter follows the key.
        let ops = vec![
            Op::AlterColumn {
                table: t.clone(),
                from: id.clone(),
                to: auto.clone(),
            },
            Op::AddPrimaryKey {
                table: t.clone(),
                key: key.clone(),
            },
        ];
        let lowered = lower(ops.clone(), &Schema::default(), &Schema::default());
        assert_eq!(lowered, vec![ops[1].clone(), ops[0].clone()]);
        // The diff's downgrade order (drop key, then alter) lowers to the reverse.
        assert_eq!(
            lower(reverse_all(&ops), &Schema::default(), &Schema::default()),
            reverse_all(&lowered)
        );

        // A new column brings its own unique key, dropped after the wanted one.
        let ops = vec![
            Op::AddColumn {
                table: t.clone(),
                column: auto.clone(),
            },
            Op::AddPrimaryKey {
                table: t.clone(),
                key: key.clone(),
            },
        ];
        let lowered = lower(ops.clone(), &Schema::default(), &Schema::default());
        let own = Unique {
            name: Some("id_autoinc".into()),
            columns: vec!["id".into()],
            column_options: Vec::new(),
            deferrable: Default::default(),
            nulls_not_distinct: false,
        };
        assert_eq!(
            lowered,
            vec![
                ops[0].clone(),
                ops[1].clone(),
                Op::DropUnique {
                    table: t.clone(),
                    unique: own,
                },
            ]
        );
        assert_eq!(
            lower(reverse_all(&ops), &Schema::default(), &Schema::default()),
            reverse_all(&lowered)
        );
    }
}
