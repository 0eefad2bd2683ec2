//! What PostgreSQL cannot do to a composite type in place: `ALTER TYPE ...
//! ALTER ATTRIBUTE ... TYPE` fails while any column uses the type (`cannot
//! alter type "pt" because column "shapes.origin" uses it`; `CASCADE` reaches
//! only typed tables), so autogenerate refuses such a change instead of
//! writing a revision that fails at upgrade.

use crate::diff::type_names;
use crate::ops::Op;
use crate::schema::{Composite, Schema};

/// Why `op`, an upgrade op diffed from `current` (the database's schema),
/// changes the type of an attribute of a composite type a column of
/// `current` uses; `None` otherwise. The changes run before any column is
/// added or dropped, so the database's columns are the ones that count.
/// The downgrade makes the reverse change on the same columns, so asking
/// about the upgrade covers it.
pub fn refuses(op: &Op, current: &Schema) -> Option<String> {
    let Op::AlterComposite { from, to } = op else {
        return None;
    };
    let changed: Vec<String> = to
        .attributes
        .iter()
        .filter_map(|b| {
            let a = from.attributes.iter().find(|a| a.name == b.name)?;
            (a.ty != b.ty).then(|| format!("{} ({} to {})", b.name, a.ty, b.ty))
        })
        .collect();
    if changed.is_empty() {
        return None;
    }
    let user = user_of(from, current)?;
    Some(format!(
        "composite type {}: attribute {} changes type, which PostgreSQL cannot do while {user} uses the type; \
         write that change by hand in a revision (add an attribute of the new type, copy the values, \
         drop the old one), or leave the attribute's type as the database has it in the models",
        from.qualified(),
        changed.join(", "),
    ))
}

/// The first column (or composite attribute) of `schema` whose type is `c`
/// or an array of it, described for a message.
fn user_of(c: &Composite, schema: &Schema) -> Option<String> {
    let column = schema.tables.iter().find_map(|t| {
        t.columns
            .iter()
            .find(|col| type_names(&col.data_type, c))
            .map(|col| format!("column {}.{}", t.qualified(), col.name))
    });
    column.or_else(|| {
        schema.composites.iter().find_map(|o| {
            o.attributes
                .iter()
                .find(|a| type_names(&a.ty, c))
                .map(|a| format!("attribute {}.{}", o.qualified(), a.name))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Column, CompositeAttribute, Table};

    fn pt(ty: &str) -> Composite {
        Composite {
            schema: None,
            name: "pt".into(),
            attributes: vec![CompositeAttribute {
                name: "x".into(),
                ty: ty.into(),
            }],
        }
    }

    #[test]
    fn a_type_change_is_refused_only_while_a_column_uses_the_type() {
        let change = Op::AlterComposite {
            from: pt("integer"),
            to: pt("bigint"),
        };
        let unused = Schema {
            composites: vec![pt("integer")],
            ..Default::default()
        };
        assert_eq!(refuses(&change, &unused), None);
        let used = Schema {
            tables: vec![Table {
                columns: vec![Column::new("path", "pt[]")],
                ..Table::new("shapes")
            }],
            ..unused.clone()
        };
        let why = refuses(&change, &used).unwrap();
        assert!(
            why.starts_with(
                "composite type pt: attribute x (integer to bigint) changes type, which PostgreSQL cannot do while column shapes.path uses the type"
            ),
            "{why}"
        );
        // Adding or dropping attributes works on a type in use.
        let mut added = pt("integer");
        added.attributes.push(CompositeAttribute {
            name: "y".into(),
            ty: "integer".into(),
        });
        let add = Op::AlterComposite {
            from: pt("integer"),
            to: added,
        };
        assert_eq!(refuses(&add, &used), None);
    }
}
