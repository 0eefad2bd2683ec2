//! Views (and MySQL triggers) that an op breaks: revise does not model them,
//! so a dropped, renamed or retyped column they use shows only at upgrade
//! (PostgreSQL refuses the statement) or later still, when they are used
//! (MariaDB leaves the view invalid). Introspection records them on the
//! current schema ([`Schema::dependents`]); each dialect says which changes
//! break them ([`Breaks`]) and how a name is found in their text, and this
//! module finds the ones an op hits, for autogenerate's `-- CAUTION:`.
//! Pure: no I/O, and no dialect named.

use crate::ops::Op;
use crate::schema::{Dependent, DependentKind, QualifiedName, Schema, Uses};

/// What one op does to a table or column a view may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The table is dropped.
    DropTable(QualifiedName),
    /// The table is renamed.
    RenameTable(QualifiedName),
    /// The column of the table is dropped (or, in a rebuild, no longer there
    /// under its name).
    DropColumn(QualifiedName, String),
    /// The column of the table is renamed.
    RenameColumn(QualifiedName, String),
    /// The column of the table changes type.
    Retype(QualifiedName, String),
}

impl Change {
    fn table(&self) -> &QualifiedName {
        match self {
            Change::DropTable(t)
            | Change::RenameTable(t)
            | Change::DropColumn(t, _)
            | Change::RenameColumn(t, _)
            | Change::Retype(t, _) => t,
        }
    }

    fn column(&self) -> Option<&str> {
        match self {
            Change::DropTable(_) | Change::RenameTable(_) => None,
            Change::DropColumn(_, c) | Change::RenameColumn(_, c) | Change::Retype(_, c) => Some(c),
        }
    }

    /// What the revision does to it, after "which".
    fn verb(&self) -> &'static str {
        match self {
            Change::DropTable(_) | Change::DropColumn(..) => "this revision drops",
            Change::RenameTable(_) | Change::RenameColumn(..) => "this revision renames",
            Change::Retype(..) => "this revision changes the type of",
        }
    }
}

/// Which changes break a view or trigger that uses what they change, on one
/// database. Drops always do.
#[derive(Debug, Clone, Copy)]
pub struct Breaks {
    /// Renames of tables and columns: MySQL does not rewrite views and
    /// triggers on a rename; PostgreSQL and SQLite do.
    pub renames: bool,
    /// Type changes: PostgreSQL refuses one of a column a view uses.
    pub retypes: bool,
}

/// The changes `op` makes, as [`Change`]s, for the generic ops (a dialect
/// adds those of its own ops, such as SQLite's rebuild).
pub fn changes(op: &Op) -> Vec<Change> {
    match op {
        Op::DropTable(t) => vec![Change::DropTable(t.qualified())],
        Op::RenameTable { from, .. } => vec![Change::RenameTable(from.clone())],
        Op::DropColumn { table, column } => {
            vec![Change::DropColumn(table.clone(), column.name.clone())]
        }
        Op::RenameColumn { table, from, .. } => {
            vec![Change::RenameColumn(table.clone(), from.clone())]
        }
        Op::AlterColumn { table, from, to } if from.data_type != to.data_type => {
            vec![Change::Retype(table.clone(), from.name.clone())]
        }
        _ => Vec::new(),
    }
}

/// Whether `text` has `name` as a whole word (ASCII case-insensitive; quotes
/// and punctuation end words), for text a dialect's scanner cannot read.
pub fn mentions_word(text: &str, name: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    !name.is_empty()
        && text
            .split(|c: char| !word(c))
            .any(|w| w.eq_ignore_ascii_case(name))
}

/// How names compare on one database: `same_table` for table names,
/// `mentions(text, name)` for a name in a view's or trigger's text (as a
/// whole identifier, quoted or not, compared as the database compares it).
pub struct Names<'a> {
    /// Whether two table names are the same table.
    pub same_table: &'a dyn Fn(&QualifiedName, &QualifiedName) -> bool,
    /// Whether the text names the identifier.
    pub mentions: &'a dyn Fn(&str, &str) -> bool,
}

/// Why `changes` break views or triggers of `current`, one sentence per
/// dependent and change, joined; `None` when none is hit.
pub fn broken(
    changes: &[Change],
    breaks: Breaks,
    current: &Schema,
    names: &Names,
) -> Option<String> {
    let why: Vec<String> = changes
        .iter()
        .filter(|c| match c {
            Change::DropTable(_) | Change::DropColumn(..) => true,
            Change::RenameTable(_) | Change::RenameColumn(..) => breaks.renames,
            Change::Retype(..) => breaks.retypes,
        })
        .flat_map(|c| {
            current
                .dependents
                .iter()
                .filter(|d| uses(d, c, names))
                .map(move |d| message(d, c))
        })
        .collect();
    (!why.is_empty()).then(|| why.join("; "))
}

/// Whether `d` uses what `change` changes.
fn uses(d: &Dependent, change: &Change, names: &Names) -> bool {
    let table = change.table();
    let own = match &d.kind {
        DependentKind::Trigger { table: of } => (names.same_table)(of, table),
        DependentKind::View => false,
    };
    // A trigger goes with its table; a rename of its table carries it along.
    if own && matches!(change, Change::DropTable(_) | Change::RenameTable(_)) {
        return false;
    }
    match &d.uses {
        Uses::Exact(used) => used.iter().any(|(t, c)| {
            (names.same_table)(t, table)
                && match change.column() {
                    None => true,
                    Some(column) => c.as_deref() == Some(column),
                }
        }),
        Uses::Text(text) => {
            // A trigger names its own table's columns as NEW.c and OLD.c.
            let names_table = own || (names.mentions)(text, &table.name);
            names_table && change.column().is_none_or(|c| (names.mentions)(text, c))
        }
    }
}

fn message(d: &Dependent, change: &Change) -> String {
    let what = match change.column() {
        Some(c) => format!("{}.{c}", change.table()),
        None => format!("table {}", change.table()),
    };
    match &d.kind {
        DependentKind::View => format!(
            "view {} uses {what}, which {}: drop or rewrite the view first (revise does not model views)",
            d.name,
            change.verb()
        ),
        DependentKind::Trigger { table } => format!(
            "trigger {} of table {table} names {what}, which {}: drop or rewrite the trigger first (revise does not model triggers here)",
            d.name,
            change.verb()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Column;

    const NAMES: Names = Names {
        same_table: &|a, b| a == b,
        mentions: &mentions_word,
    };

    fn view(name: &str, uses: Uses) -> Dependent {
        Dependent {
            kind: DependentKind::View,
            name: QualifiedName::new(name),
            uses,
        }
    }

    fn schema(dependents: Vec<Dependent>) -> Schema {
        Schema {
            dependents,
            ..Schema::default()
        }
    }

    fn users() -> QualifiedName {
        QualifiedName::new("users")
    }

    const ALL: Breaks = Breaks {
        renames: true,
        retypes: true,
    };

    #[test]
    fn an_exact_dependency_is_matched_by_table_and_column() {
        let s = schema(vec![view(
            "v_users",
            Uses::Exact(vec![(users(), None), (users(), Some("name".into()))]),
        )]);
        let drop = [Change::DropColumn(users(), "name".into())];
        assert_eq!(
            broken(&drop, ALL, &s, &NAMES).as_deref(),
            Some(
                "view v_users uses users.name, which this revision drops: drop or rewrite the view first (revise does not model views)"
            )
        );
        let other = [Change::DropColumn(users(), "email".into())];
        assert_eq!(broken(&other, ALL, &s, &NAMES), None);
        let table = [Change::DropTable(users())];
        assert!(
            broken(&table, ALL, &s, &NAMES)
                .unwrap()
                .contains("uses table users")
        );
        let elsewhere = [Change::DropTable(QualifiedName::new("orders"))];
        assert_eq!(broken(&elsewhere, ALL, &s, &NAMES), None);
    }

    #[test]
    fn renames_and_retypes_warn_only_where_they_break() {
        let s = schema(vec![view(
            "v",
            Uses::Exact(vec![(users(), Some("name".into()))]),
        )]);
        let none = Breaks {
            renames: false,
            retypes: false,
        };
        let ops = [
            Change::RenameColumn(users(), "name".into()),
            Change::Retype(users(), "name".into()),
            Change::RenameTable(users()),
        ];
        assert_eq!(broken(&ops, none, &s, &NAMES), None);
        let why = broken(&ops, ALL, &s, &NAMES).unwrap();
        assert!(why.contains("which this revision renames"), "{why}");
        assert!(
            why.contains("which this revision changes the type of"),
            "{why}"
        );
    }

    #[test]
    fn text_needs_the_table_and_the_column_as_words() {
        let s = schema(vec![view(
            "v",
            Uses::Text("select `users`.`name` AS `full_name` from `users`".into()),
        )]);
        assert!(
            broken(
                &[Change::DropColumn(users(), "name".into())],
                ALL,
                &s,
                &NAMES
            )
            .is_some()
        );
        // `name` inside `full_name` is not the column.
        assert!(
            broken(
                &[Change::DropColumn(users(), "full".into())],
                ALL,
                &s,
                &NAMES
            )
            .is_none()
        );
        let orders = QualifiedName::new("orders");
        assert!(
            broken(
                &[Change::DropColumn(orders, "name".into())],
                ALL,
                &s,
                &NAMES
            )
            .is_none()
        );
    }

    #[test]
    fn a_trigger_names_its_own_columns_without_its_table_and_goes_with_it() {
        let trigger = Dependent {
            kind: DependentKind::Trigger { table: users() },
            name: QualifiedName::new("users_bi"),
            uses: Uses::Text("SET NEW.name = UPPER(NEW.name)".into()),
        };
        let s = schema(vec![trigger]);
        let why = broken(
            &[Change::RenameColumn(users(), "name".into())],
            ALL,
            &s,
            &NAMES,
        )
        .unwrap();
        assert!(
            why.starts_with(
                "trigger users_bi of table users names users.name, which this revision renames"
            ),
            "{why}"
        );
        assert_eq!(broken(&[Change::DropTable(users())], ALL, &s, &NAMES), None);
        assert_eq!(
            broken(&[Change::RenameTable(users())], ALL, &s, &NAMES),
            None
        );
    }

    #[test]
    fn changes_of_generic_ops() {
        let from = Column::new("age", "integer");
        let to = Column::new("age", "bigint");
        let op = Op::AlterColumn {
            table: users(),
            from: from.clone(),
            to,
        };
        assert_eq!(changes(&op), vec![Change::Retype(users(), "age".into())]);
        let op = Op::AlterColumn {
            table: users(),
            from: from.clone(),
            to: Column {
                nullable: !from.nullable,
                ..from
            },
        };
        assert_eq!(changes(&op), vec![]);
    }
}
