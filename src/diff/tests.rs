//! Diff tests on literal schemas.

use super::*;
use crate::ops::reverse_all;
use crate::schema::{Check, Deferrable, FkAction, IndexPart, PrimaryKey, Unique};

fn col(name: &str, ty: &str) -> Column {
    Column::new(name, ty)
}

fn table(name: &str, cols: &[(&str, &str)]) -> Table {
    let mut t = Table::new(name);
    t.columns = cols.iter().map(|(n, ty)| col(n, ty)).collect();
    t.primary_key = Some(PrimaryKey {
        name: None,
        columns: vec![cols[0].0.to_string()],
        column_options: Vec::new(),
        deferrable: Default::default(),
    });
    t
}

fn fk(cols: &[&str], target: &str) -> ForeignKey {
    ForeignKey {
        columns: cols.iter().map(|c| c.to_string()).collect(),
        ref_table: target.into(),
        ref_columns: vec!["id".into()],
        ..Default::default()
    }
}

fn schema(tables: Vec<Table>) -> Schema {
    Schema {
        tables,
        ..Default::default()
    }
}

fn run(a: &Schema, b: &Schema) -> Vec<Op> {
    diff(a, b, &DiffOptions::default(), &ExactCompare)
}

fn describe(ops: &[Op]) -> Vec<String> {
    ops.iter().map(Op::describe).collect()
}

/// Applying ops to `from` gives `to`: a tiny interpreter for the ops the diff
/// emits, so that tests check meaning, not only spelling.
fn apply(from: &Schema, ops: &[Op]) -> Schema {
    let mut s = from.clone();
    for op in ops {
        let find = |s: &mut Schema, q: &QualifiedName| -> usize {
            s.tables
                .iter()
                .position(|t| t.qualified() == *q)
                .unwrap_or_else(|| panic!("no table {q}"))
        };
        match op {
            Op::CreateTable(t) => s.tables.push(t.clone()),
            Op::DropTable(t) => {
                let i = find(&mut s, &t.qualified());
                s.tables.remove(i);
            }
            Op::CreateSchema(name) => s.schemas.push(name.clone()),
            Op::DropSchema(name) => s.schemas.retain(|x| x != name),
            Op::CreateDomain(d) => s.domains.push(d.clone()),
            Op::DropDomain(d) => s.domains.retain(|x| x.qualified() != d.qualified()),
            Op::CreateComposite(c) => s.composites.push(c.clone()),
            Op::DropComposite(c) => s.composites.retain(|x| x.qualified() != c.qualified()),
            Op::AlterComposite { from, to } => {
                for c in &mut s.composites {
                    if c == from {
                        *c = to.clone();
                    }
                }
            }
            Op::CreateSequence(q) => s.sequences.push(q.clone()),
            Op::DropSequence(q) => s.sequences.retain(|x| x.qualified() != q.qualified()),
            Op::CreateExtension(e) => s.extensions.push(e.clone()),
            Op::DropExtension(e) => s.extensions.retain(|x| x.name != e.name),
            Op::CreateEnum(e) => s.enums.push(e.clone()),
            Op::DropEnum(e) => s.enums.retain(|x| x != e),
            Op::AlterEnum { from, to, .. } => {
                for e in &mut s.enums {
                    if e == from {
                        *e = to.clone();
                    }
                }
            }
            Op::RenameTable { from, to } => {
                let i = find(&mut s, from);
                s.tables[i].name = to.name.clone();
                s.tables[i].schema = to.schema.clone();
                for t in &mut s.tables {
                    for f in &mut t.foreign_keys {
                        if f.ref_qualified() == *from {
                            f.ref_table = to.name.clone();
                        }
                    }
                }
            }
            Op::AddColumn { table, column } => {
                let i = find(&mut s, table);
                s.tables[i].columns.push(column.clone());
            }
            Op::DropColumn { table, column } => {
                let i = find(&mut s, table);
                s.tables[i].columns.retain(|c| c.name != column.name);
            }
            Op::RenameColumn { table, from, to } => {
                let i = find(&mut s, table);
                let t = &mut s.tables[i];
                for c in &mut t.columns {
                    if c.name == *from {
                        c.name = to.clone();
                    }
                }
                if let Some(pk) = &mut t.primary_key {
                    for c in &mut pk.columns {
                        if c == from {
                            *c = to.clone();
                        }
                    }
                }
            }
            Op::AlterColumn { table, to, .. } => {
                let i = find(&mut s, table);
                for c in &mut s.tables[i].columns {
                    if c.name == to.name {
                        *c = to.clone();
                    }
                }
            }
            Op::AddPrimaryKey { table, key } => {
                let i = find(&mut s, table);
                s.tables[i].primary_key = Some(key.clone());
            }
            Op::DropPrimaryKey { table, .. } => {
                let i = find(&mut s, table);
                s.tables[i].primary_key = None;
            }
            Op::AddUnique { table, unique } => {
                let i = find(&mut s, table);
                s.tables[i].uniques.push(unique.clone());
            }
            Op::DropUnique { table, unique } => {
                let i = find(&mut s, table);
                s.tables[i].uniques.retain(|u| u != unique);
            }
            Op::CreateIndex { table, index } => {
                let i = find(&mut s, table);
                s.tables[i].indexes.push(index.clone());
            }
            Op::DropIndex { table, index } => {
                let i = find(&mut s, table);
                s.tables[i].indexes.retain(|x| x != index);
            }
            Op::RenamePrimaryKey { table, to, .. } => {
                let i = find(&mut s, table);
                s.tables[i].primary_key = Some(to.clone());
            }
            Op::RenameUnique { table, from, to } => {
                let i = find(&mut s, table);
                for u in &mut s.tables[i].uniques {
                    if u == from {
                        *u = to.clone();
                    }
                }
            }
            Op::RenameIndex { table, from, to } | Op::AlterIndex { table, from, to } => {
                let i = find(&mut s, table);
                for x in &mut s.tables[i].indexes {
                    if x == from {
                        *x = to.clone();
                    }
                }
            }
            Op::AddForeignKey { table, fk } => {
                let i = find(&mut s, table);
                s.tables[i].foreign_keys.push(fk.clone());
            }
            Op::DropForeignKey { table, fk } => {
                let i = find(&mut s, table);
                s.tables[i].foreign_keys.retain(|x| x != fk);
            }
            Op::AlterForeignKey { table, from, to } => {
                let i = find(&mut s, table);
                for f in &mut s.tables[i].foreign_keys {
                    if f.columns == from.columns && f.ref_table == from.ref_table {
                        *f = to.clone();
                    }
                }
            }
            Op::AddCheck { table, check } => {
                let i = find(&mut s, table);
                s.tables[i].checks.push(check.clone());
            }
            Op::DropCheck { table, check } => {
                let i = find(&mut s, table);
                s.tables[i].checks.retain(|x| x != check);
            }
            Op::SetTableComment { table, to, .. } => {
                let i = find(&mut s, table);
                s.tables[i].comment = to.clone();
            }
            Op::SetTableCollation { table, to, .. } => {
                let i = find(&mut s, table);
                s.tables[i].collation = Some(to.clone());
            }
            Op::SetTableEngine { table, to, .. } => {
                let i = find(&mut s, table);
                s.tables[i].engine = Some(to.clone());
            }
            Op::SetTableOptions { table, to, .. } => {
                let i = find(&mut s, table);
                s.tables[i].strict = to.strict;
                s.tables[i].without_rowid = to.without_rowid;
            }
            Op::RebuildTable { from, to, .. } => {
                let i = find(&mut s, &from.qualified());
                s.tables[i] = to.clone();
            }
            // Changes nothing: it only checks.
            Op::CheckViewsAndTriggers { .. } => {}
        }
    }
    s
}

/// Equal up to order, column order included (a downgrade re-adds a dropped
/// column at the end; no diff ever reports column order).
fn same(a: &Schema, b: &Schema) -> bool {
    let (mut a, mut b) = (a.clone(), b.clone());
    for s in [&mut a, &mut b] {
        s.sort();
        for t in &mut s.tables {
            t.columns.sort_by(|x, y| x.name.cmp(&y.name));
        }
    }
    a == b
}

/// Upgrade reaches `b`, downgrade comes back to `a`, and `b` diffs clean.
fn round_trip(a: &Schema, b: &Schema) -> Vec<Op> {
    let up = run(a, b);
    assert!(
        same(&apply(a, &up), b),
        "upgrade does not reach the target: {:#?}",
        describe(&up)
    );
    assert!(
        same(&apply(b, &reverse_all(&up)), a),
        "downgrade does not come back: {:#?}",
        describe(&up)
    );
    assert!(run(&apply(a, &up), b).is_empty(), "not a fixed point");
    up
}

#[test]
fn identical_schemas_give_nothing() {
    let s = schema(vec![table("a", &[("id", "integer"), ("x", "text")])]);
    assert!(run(&s, &s).is_empty());
}

#[test]
fn referenced_tables_are_created_first_and_dropped_last() {
    let mut posts = table("posts", &[("id", "integer"), ("user_id", "integer")]);
    posts.foreign_keys.push(fk(&["user_id"], "users"));
    let users = table("users", &[("id", "integer")]);
    let b = schema(vec![posts, users]);
    let up = round_trip(&Schema::default(), &b);
    assert_eq!(
        describe(&up),
        vec!["create table users", "create table posts"]
    );
    let down = reverse_all(&up);
    assert_eq!(
        describe(&down),
        vec!["drop table posts", "drop table users"]
    );
    // Dropping both from the other side gives the same order as the downgrade.
    assert_eq!(
        describe(&run(&b, &Schema::default())),
        vec!["drop table posts", "drop table users"]
    );
}

#[test]
fn foreign_key_cycles_are_broken_with_separate_constraints() {
    let mut a = table("a", &[("id", "integer"), ("b_id", "integer")]);
    a.foreign_keys.push(fk(&["b_id"], "b"));
    let mut b = table("b", &[("id", "integer"), ("a_id", "integer")]);
    b.foreign_keys.push(fk(&["a_id"], "a"));
    let mut me = table("me", &[("id", "integer"), ("parent", "integer")]);
    me.foreign_keys.push(fk(&["parent"], "me"));
    let target = schema(vec![a, b, me]);
    let up = round_trip(&Schema::default(), &target);
    assert_eq!(
        describe(&up),
        vec![
            "create table me",
            "create table a",
            "create table b",
            "add foreign key a(b_id) -> b"
        ]
    );
    let Op::CreateTable(t) = &up[0] else { panic!() };
    assert_eq!(t.foreign_keys.len(), 1, "a self-reference stays inline");
    let Op::CreateTable(t) = &up[1] else { panic!() };
    assert!(t.foreign_keys.is_empty(), "the cyclic key is not inline");
    let Op::CreateTable(t) = &up[2] else { panic!() };
    assert_eq!(
        t.foreign_keys.len(),
        1,
        "the key closing the cycle is inline"
    );
    let drop = run(&target, &Schema::default());
    assert_eq!(
        describe(&drop),
        vec![
            "drop foreign key a(b_id) -> b",
            "drop table b",
            "drop table a",
            "drop table me"
        ]
    );
}

#[test]
fn identity_options_are_created_with_the_column_never_compared() {
    use crate::schema::{Identity, IdentityOptions};
    let options = Some(Box::new(IdentityOptions {
        start: Some(1000),
        ..Default::default()
    }));
    let a = schema(vec![table("t", &[("id", "bigint"), ("name", "text")])]);
    let mut live = a.clone();
    live.tables[0].columns[0].identity = Some(Identity::ByDefault);
    // Models that give an existing identity options: nothing to do.
    let mut b = live.clone();
    b.tables[0].columns[0].identity_options = options.clone();
    assert!(run(&live, &b).is_empty());
    assert!(run(&b, &live).is_empty());
    // An identity added to a column, or a new table or column, carries them.
    match run(&a, &b).as_slice() {
        [Op::AlterColumn { from, to, .. }] => {
            assert_eq!(from.identity_options, None);
            assert_eq!(to.identity_options, options);
        }
        other => panic!("{other:?}"),
    }
    b.tables[0].columns.push(Column {
        identity: Some(Identity::Always),
        identity_options: options.clone(),
        ..col("n", "bigint")
    });
    match run(&live, &b).as_slice() {
        [Op::AddColumn { column, .. }] => assert_eq!(column.identity_options, options),
        other => panic!("{other:?}"),
    }
    match run(&schema(vec![]), &b).as_slice() {
        [Op::CreateTable(t)] => {
            let given: Vec<bool> = t
                .columns
                .iter()
                .map(|c| c.identity_options == options)
                .collect();
            assert_eq!(given, [true, false, true]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_changed_column_is_one_alter() {
    let a = schema(vec![table(
        "t",
        &[("id", "integer"), ("name", "varchar(10)")],
    )]);
    let mut b = a.clone();
    b.tables[0].columns[1].data_type = "varchar(20)".into();
    b.tables[0].columns[1].nullable = false;
    b.tables[0].columns[1].default = Some("''".into());
    let up = round_trip(&a, &b);
    assert_eq!(describe(&up), vec!["alter column t.name"]);
}

#[test]
fn constraints_indexes_and_comments() {
    let base = table(
        "t",
        &[
            ("id", "integer"),
            ("email", "text"),
            ("org", "integer"),
            ("n", "integer"),
        ],
    );
    let org = table("org", &[("id", "integer")]);
    let a = schema(vec![base.clone(), org.clone()]);
    let mut t = base;
    t.uniques.push(Unique {
        name: None,
        columns: vec!["email".into()],
        column_options: Vec::new(),
        deferrable: Default::default(),
        nulls_not_distinct: false,
    });
    t.indexes.push(Index {
        name: Some("ix_t_org_n".into()),
        unique: false,
        parts: vec![
            IndexPart::column("org"),
            IndexPart {
                value: "n".into(),
                expression: false,
                opclass: None,
                nulls_first: None,
                descending: true,
            },
        ],
        predicate: Some("n > 0".into()),
        include: Vec::new(),
        method: None,
        nulls_not_distinct: false,
        comment: None,
        ignored: false,
    });
    t.checks.push(Check {
        name: Some("n_positive".into()),
        expression: "n > 0".into(),
    });
    t.foreign_keys.push(ForeignKey {
        on_delete: FkAction::Cascade,
        ..fk(&["org"], "org")
    });
    t.comment = Some("things".into());
    let b = schema(vec![t, org]);
    let up = round_trip(&a, &b);
    assert_eq!(
        describe(&up),
        vec![
            "add unique (email) on t",
            "create index ix_t_org_n on t",
            "add check on t: n > 0",
            "add foreign key t(org) -> org",
            "set comment on t"
        ]
    );
}

#[test]
fn a_foreign_key_checked_at_another_time_is_altered_not_replaced() {
    let org = table("org", &[("id", "integer")]);
    let mut t = table("t", &[("id", "integer"), ("org", "integer")]);
    t.foreign_keys.push(ForeignKey {
        name: Some("t_org_fkey".into()),
        ..fk(&["org"], "org")
    });
    let a = schema(vec![t.clone(), org.clone()]);
    // The models leave the key unnamed: the database's name stands.
    t.foreign_keys[0] = ForeignKey {
        deferrable: Deferrable::InitiallyDeferred,
        ..fk(&["org"], "org")
    };
    let b = schema(vec![t, org]);
    let up = run(&a, &b);
    let [Op::AlterForeignKey { from, to, .. }] = up.as_slice() else {
        panic!("{:?}", describe(&up));
    };
    assert_eq!(from.deferrable, Deferrable::No);
    assert_eq!(to.deferrable, Deferrable::InitiallyDeferred);
    assert_eq!(to.name.as_deref(), Some("t_org_fkey"));
    assert_eq!(
        describe(&up),
        ["make foreign key t(org) -> org DEFERRABLE INITIALLY DEFERRED"]
    );
    let upgraded = apply(&a, &up);
    assert!(run(&upgraded, &b).is_empty(), "not a fixed point");
    assert!(same(&apply(&upgraded, &reverse_all(&up)), &a));
}

#[test]
fn database_chosen_names_do_not_count_but_model_names_do() {
    let mut a = schema(vec![table("t", &[("id", "integer"), ("email", "text")])]);
    a.tables[0].uniques.push(Unique {
        name: Some("t_email_key".into()),
        columns: vec!["email".into()],
        column_options: Vec::new(),
        deferrable: Default::default(),
        nulls_not_distinct: false,
    });
    a.tables[0].primary_key.as_mut().unwrap().name = Some("t_pkey".into());
    let mut b = a.clone();
    b.tables[0].uniques[0].name = None;
    b.tables[0].primary_key.as_mut().unwrap().name = None;
    assert!(
        run(&a, &b).is_empty(),
        "the models left the names to the database"
    );
    // A name the models give is a rename, the definition unchanged.
    b.tables[0].uniques[0].name = Some("uq_email".into());
    b.tables[0].primary_key.as_mut().unwrap().name = Some("pk_t".into());
    assert_eq!(
        describe(&round_trip(&a, &b)),
        vec![
            "rename primary key t_pkey on t to pk_t",
            "rename unique t_email_key on t to uq_email"
        ]
    );
    // A changed definition under another name is replaced.
    b.tables[0].uniques[0].nulls_not_distinct = true;
    assert_eq!(
        describe(&run(&a, &b)),
        vec![
            "drop unique (email) on t",
            "rename primary key t_pkey on t to pk_t",
            "add unique (email) on t"
        ]
    );
}

#[test]
fn a_key_whose_columns_compare_otherwise_is_replaced() {
    use crate::schema::KeyColumn;
    let mut a = schema(vec![table("t", &[("name", "text"), ("email", "text")])]);
    a.tables[0].uniques = vec![Unique::new(&["email"])];
    let mut b = a.clone();
    let nocase = vec![KeyColumn {
        collation: Some("NOCASE".into()),
        descending: false,
    }];
    b.tables[0].uniques[0].column_options = nocase.clone();
    b.tables[0].primary_key.as_mut().unwrap().column_options = nocase;
    assert_eq!(
        describe(&round_trip(&a, &b)),
        vec![
            "drop primary key (name) on t",
            "drop unique (email) on t",
            "add primary key (name) on t",
            "add unique (email) on t"
        ]
    );
}

#[test]
fn an_index_given_another_name_is_renamed() {
    let mut a = schema(vec![table("t", &[("id", "integer"), ("email", "text")])]);
    a.tables[0].indexes.push(Index {
        name: Some("ix_old".into()),
        unique: true,
        parts: vec![IndexPart::column("email")],
        ..Default::default()
    });
    let mut b = a.clone();
    b.tables[0].indexes[0].name = Some("ix_new".into());
    assert_eq!(
        describe(&round_trip(&a, &b)),
        vec!["rename index ix_old on t to ix_new"]
    );
    // Left unnamed in the models, the database's name stands.
    b.tables[0].indexes[0].name = None;
    assert!(run(&a, &b).is_empty());
}

#[test]
fn an_index_turning_ignored_is_altered_and_a_new_comment_rebuilds_it() {
    let mut a = schema(vec![table("t", &[("id", "integer"), ("email", "text")])]);
    a.tables[0].indexes.push(Index {
        name: Some("ix_email".into()),
        parts: vec![IndexPart::column("email")],
        ..Default::default()
    });
    let mut b = a.clone();
    b.tables[0].indexes[0].ignored = true;
    assert_eq!(
        describe(&round_trip(&a, &b)),
        vec!["ignore index ix_email on t"]
    );
    // Left unnamed in the models, it keeps the database's name.
    b.tables[0].indexes[0].name = None;
    let up = run(&a, &b);
    let [Op::AlterIndex { to, .. }] = up.as_slice() else {
        panic!("{:#?}", describe(&up));
    };
    assert_eq!(to.name.as_deref(), Some("ix_email"));
    assert_eq!(
        describe(&reverse_all(&up)),
        vec!["use again index ix_email on t"]
    );
    // A comment is part of what is built: another one builds it again.
    let mut c = a.clone();
    c.tables[0].indexes[0].comment = Some("by mail".into());
    assert_eq!(
        describe(&round_trip(&a, &c)),
        vec!["drop index ix_email on t", "create index ix_email on t"]
    );
    // Where the database comments an index in place (PostgreSQL), the
    // comment alone changes; the reverse puts the old one back.
    struct InPlace;
    impl Compare for InPlace {
        fn is_narrowing(&self, _: &crate::schema::Column, _: &crate::schema::Column) -> bool {
            false
        }
        fn alters_index_comment(&self) -> bool {
            true
        }
    }
    let up = diff(&a, &c, &DiffOptions::default(), &InPlace);
    let [Op::AlterIndex { from, to, .. }] = up.as_slice() else {
        panic!("{:#?}", describe(&up));
    };
    assert_eq!(
        (from.comment.as_deref(), to.comment.as_deref()),
        (None, Some("by mail"))
    );
    assert_eq!(
        describe(&reverse_all(&up)),
        vec!["drop comment of index ix_email on t"]
    );
    // A renamed index with another comment is still built again.
    c.tables[0].indexes[0].name = Some("ix_mail".into());
    assert_eq!(
        describe(&diff(&a, &c, &DiffOptions::default(), &InPlace)),
        vec!["drop index ix_email on t", "create index ix_mail on t"]
    );
}

#[test]
fn dropping_a_referenced_table_drops_incoming_keys_first() {
    let mut posts = table("posts", &[("id", "integer"), ("user_id", "integer")]);
    posts.foreign_keys.push(fk(&["user_id"], "users"));
    let users = table("users", &[("id", "integer")]);
    let a = schema(vec![posts.clone(), users]);
    let mut posts_b = posts;
    posts_b.foreign_keys.clear();
    posts_b.columns.pop();
    let b = schema(vec![posts_b]);
    let up = round_trip(&a, &b);
    assert_eq!(
        describe(&up),
        vec![
            "drop foreign key posts(user_id) -> users",
            "drop table users",
            "drop column posts.user_id"
        ]
    );
}

#[test]
fn enums_are_created_before_and_dropped_after_their_tables() {
    let mood = EnumType {
        schema: None,
        name: "mood".into(),
        values: vec!["ok".into(), "sad".into()],
    };
    let b = Schema {
        tables: vec![table("t", &[("id", "integer"), ("m", "mood")])],
        enums: vec![mood.clone()],
        ..Default::default()
    };
    let up = round_trip(&Schema::default(), &b);
    assert_eq!(describe(&up), vec!["create enum mood", "create table t"]);
    let mut c = b.clone();
    c.enums[0].values.push("happy".into());
    let up = round_trip(&b, &c);
    let Op::AlterEnum { usages, .. } = &up[0] else {
        panic!("{up:?}")
    };
    assert_eq!(usages.len(), 1);
    assert_eq!(usages[0].column.name, "m");
    assert_eq!(
        describe(&run(&b, &Schema::default())),
        vec!["drop table t", "drop enum mood"]
    );
}

#[test]
fn renames_when_decided() {
    let a = schema(vec![table(
        "people",
        &[("id", "integer"), ("name", "text")],
    )]);
    let b = schema(vec![table(
        "persons",
        &[("id", "integer"), ("full_name", "text")],
    )]);
    // Undecided: drop + add.
    assert_eq!(
        describe(&run(&a, &b)),
        vec!["drop table people", "create table persons"]
    );
    // Same shape under a new name: a candidate.
    let same_shape = schema(vec![table(
        "persons",
        &[("id", "integer"), ("name", "text")],
    )]);
    let candidates = rename_candidates(&a, &same_shape, &ExactCompare);
    assert_eq!(
        candidates,
        vec![Rename::Table {
            from: QualifiedName::new("people"),
            to: QualifiedName::new("persons")
        }]
    );
    assert!(
        rename_candidates(&a, &b, &ExactCompare).is_empty(),
        "a different shape is not a candidate"
    );
    let options = DiffOptions {
        renames: vec![
            candidates[0].clone(),
            Rename::Column {
                table: QualifiedName::new("persons"),
                from: "name".into(),
                to: "full_name".into(),
            },
        ],
    };
    let up = diff(&a, &b, &options, &ExactCompare);
    assert_eq!(
        describe(&up),
        vec![
            "rename table people to persons",
            "rename column persons.name to full_name"
        ]
    );
    assert!(same(&apply(&a, &up), &b));
    assert!(same(&apply(&b, &reverse_all(&up)), &a));
    // A column rename candidate within a kept table.
    let c = schema(vec![table(
        "people",
        &[("id", "integer"), ("full_name", "text")],
    )]);
    assert_eq!(
        rename_candidates(&a, &c, &ExactCompare),
        vec![Rename::Column {
            table: QualifiedName::new("people"),
            from: "name".into(),
            to: "full_name".into()
        }]
    );
}

#[test]
fn primary_key_change_drops_before_columns_and_adds_after() {
    let a = schema(vec![table("t", &[("id", "integer"), ("code", "text")])]);
    let mut b = schema(vec![table("t", &[("code", "text"), ("region", "text")])]);
    b.tables[0].primary_key = Some(PrimaryKey {
        name: None,
        columns: vec!["code".into(), "region".into()],
        column_options: Vec::new(),
        deferrable: Default::default(),
    });
    let up = round_trip(&a, &b);
    assert_eq!(
        describe(&up),
        vec![
            "drop primary key (id) on t",
            "add column t.region",
            "drop column t.id",
            "add primary key (code, region) on t"
        ]
    );
}

#[test]
fn extensions_the_models_need_come_first_and_others_stay() {
    let ext = |name: &str| crate::schema::Extension {
        name: name.to_string(),
        schema: None,
    };
    let mut current = schema(vec![]);
    current.extensions = vec![ext("pg_stat_statements"), ext("citext")];
    let mut wanted = schema(vec![table(
        "users",
        &[("id", "bigint"), ("email", "citext")],
    )]);
    wanted.extensions = vec![ext("citext"), ext("pg_trgm")];
    let ops = run(&current, &wanted);
    assert_eq!(
        describe(&ops),
        ["create extension pg_trgm", "create table users"]
    );
    assert_eq!(
        describe(&reverse_all(&ops)),
        ["drop table users", "drop extension pg_trgm"]
    );
    // The database's extra extension is no difference.
    current.extensions.push(ext("pg_trgm"));
    current.tables = wanted.tables.clone();
    assert!(run(&current, &wanted).is_empty());
}

#[test]
fn sequences_come_before_the_tables_that_draw_from_them() {
    let seq = crate::schema::Sequence {
        schema: None,
        name: "order_numbers".into(),
        options: None,
        owned_by: None,
    };
    let mut wanted = schema(vec![table("orders", &[("id", "bigint")])]);
    wanted.sequences = vec![seq.clone()];
    let mut current = schema(vec![]);
    current.sequences = vec![crate::schema::Sequence {
        name: "legacy_ids".into(),
        ..seq.clone()
    }];
    let ops = run(&current, &wanted);
    assert_eq!(
        describe(&ops),
        ["create sequence order_numbers", "create table orders"]
    );
    assert_eq!(
        describe(&reverse_all(&ops)),
        ["drop table orders", "drop sequence order_numbers"]
    );
}

#[test]
fn a_table_referencing_a_key_added_or_dropped_with_it_adds_or_drops_its_key_apart() {
    let mut parents = table("parents", &[("id", "integer"), ("code", "text")]);
    let mut old = table("old", &[("id", "integer"), ("code", "text")]);
    old.foreign_keys = vec![ForeignKey {
        ref_columns: vec!["code".into()],
        ..fk(&["code"], "parents")
    }];
    parents.uniques = vec![Unique {
        name: Some("uq_code".into()),
        columns: vec!["code".into()],
        column_options: Vec::new(),
        deferrable: Default::default(),
        nulls_not_distinct: false,
    }];
    let a = schema(vec![parents.clone(), old.clone()]);
    parents.uniques.clear();
    parents.indexes = vec![Index {
        name: Some("ux_code".into()),
        unique: true,
        parts: vec![IndexPart::column("code")],
        ..Default::default()
    }];
    let mut new = old.clone();
    new.name = "new".into();
    let b = schema(vec![parents, new]);
    let up = round_trip(&a, &b);
    assert_eq!(
        describe(&up),
        vec![
            "drop foreign key old(code) -> parents",
            "drop unique (code) on parents",
            "drop table old",
            "create table new",
            "create index ux_code on parents",
            "add foreign key new(code) -> parents",
        ]
    );
}

#[test]
fn a_column_losing_its_default_is_still_a_rename_candidate_after_exact_ones() {
    let mut a = schema(vec![table(
        "person",
        &[("id", "integer"), ("actor_id", "text"), ("kind", "text")],
    )]);
    a.tables[0].columns[1].default = Some("'http://x'".into());
    a.tables[0].columns[2].default = Some("'a'".into());
    // A Diesel schema.rs states no defaults: the new name has none.
    let mut b = schema(vec![table(
        "person",
        &[("id", "integer"), ("ap_id", "text"), ("sort", "text")],
    )]);
    b.tables[0].columns[2].default = Some("'a'".into());
    assert_eq!(
        rename_candidates(&a, &b, &ExactCompare),
        vec![
            Rename::Column {
                table: QualifiedName::new("person"),
                from: "kind".into(),
                to: "sort".into()
            },
            Rename::Column {
                table: QualifiedName::new("person"),
                from: "actor_id".into(),
                to: "ap_id".into()
            },
        ],
        "the exact match first, so actor_id does not take sort"
    );
    b.tables[0].columns[1].data_type = "integer".into();
    assert_eq!(
        rename_candidates(&a, &b, &ExactCompare).len(),
        1,
        "another type is no candidate"
    );
}

#[test]
fn an_engine_is_compared_only_where_the_models_name_one_and_ignoring_case() {
    let mut live = table("t", &[("id", "int")]);
    live.engine = Some("InnoDB".into());
    let mut other = table("u", &[("id", "int"), ("t_id", "int")]);
    other.engine = Some("InnoDB".into());
    other.foreign_keys = vec![fk(&["t_id"], "t")];
    let a = schema(vec![live.clone(), other.clone()]);

    // Said by the models: one alter, undone by the downgrade.
    let mut wanted = live.clone();
    wanted.engine = Some("MyISAM".into());
    let ops = round_trip(&a, &schema(vec![wanted, other.clone()]));
    assert_eq!(describe(&ops), ["set the engine of t to MyISAM"]);

    // Unsaid, or said in another case: nothing.
    let mut unsaid = live.clone();
    unsaid.engine = None;
    assert!(run(&a, &schema(vec![unsaid, other.clone()])).is_empty());
    let mut lower = live;
    lower.engine = Some("innodb".into());
    assert!(run(&a, &schema(vec![lower, other])).is_empty());
}

fn composite(name: &str, attributes: &[(&str, &str)]) -> crate::schema::Composite {
    crate::schema::Composite {
        schema: None,
        name: name.into(),
        attributes: attributes
            .iter()
            .map(|(n, ty)| crate::schema::CompositeAttribute {
                name: n.to_string(),
                ty: ty.to_string(),
            })
            .collect(),
    }
}

/// Composite types come before the tables and domains whose columns use
/// them, one whose attribute uses another after it (whatever the models'
/// order), and the downgrade drops them after the tables. One the models
/// leave out stays; an existing one's attributes are not compared.
#[test]
fn composite_types_are_created_before_their_users_and_dropped_after() {
    let mut current = schema(vec![table("shapes", &[("id", "bigint")])]);
    current.composites = vec![
        composite("legacy", &[("a", "integer")]),
        composite("kept", &[("a", "integer")]),
    ];
    let mut wanted = schema(vec![table(
        "shapes",
        &[("id", "bigint"), ("bounds", "box2"), ("corners", "pt[]")],
    )]);
    wanted.composites = vec![
        composite("box2", &[("lo", "pt"), ("hi", "public.pt[]")]),
        composite("pt", &[("x", "integer"), ("y", "integer")]),
        composite("kept", &[("a", "integer")]),
    ];
    let up = run(&current, &wanted);
    assert_eq!(
        describe(&up),
        [
            "create composite type pt",
            "create composite type box2",
            "add column shapes.bounds",
            "add column shapes.corners",
        ]
    );
    let down = reverse_all(&up);
    assert_eq!(
        describe(&down),
        [
            "drop column shapes.corners",
            "drop column shapes.bounds",
            "drop composite type box2",
            "drop composite type pt",
        ]
    );
    let after = apply(&current, &up);
    assert!(after.composites.iter().any(|c| c.name == "legacy"));
    assert_eq!(apply(&after, &down), current);
}

/// An existing composite type's attributes are compared by name and type,
/// not by order (ADD ATTRIBUTE can only append), in one op after the types
/// created, so an added attribute may be of a new type.
#[test]
fn composite_attributes_are_compared_by_name_and_type() {
    let current = Schema {
        composites: vec![composite("pt", &[("x", "integer"), ("y", "integer")])],
        ..Default::default()
    };
    let mut same = current.clone();
    same.composites = vec![composite("pt", &[("y", "integer"), ("x", "integer")])];
    assert!(run(&current, &same).is_empty());
    let wanted = Schema {
        composites: vec![
            composite("pt", &[("x", "bigint"), ("tag", "tag_t")]),
            composite("tag_t", &[("v", "text")]),
        ],
        ..Default::default()
    };
    let up = run(&current, &wanted);
    assert_eq!(
        describe(&up),
        [
            "create composite type tag_t",
            "change the attributes of composite type pt",
        ]
    );
    let never = |_: &Column, _: &Column| false;
    assert_eq!(
        up[1].data_loss(&never).as_deref(),
        Some(
            "drops attribute(s) y of composite type pt and their values in every column of the type"
        )
    );
    let down = reverse_all(&up);
    assert_eq!(
        describe(&down),
        [
            "change the attributes of composite type pt",
            "drop composite type tag_t",
        ]
    );
    assert_eq!(apply(&apply(&current, &up), &down), current);
}
