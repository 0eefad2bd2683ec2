//! Mysql introspection: the schema from the catalog, in a fixed number of queries.

use crate::dialect::{Database, IntrospectOptions};
use crate::error::{Error, Result};
use crate::schema::Schema;

/// Reads the schema of the connected database.
pub fn introspect(_db: &mut dyn Database, _options: &IntrospectOptions) -> Result<Schema> {
    Err(Error::Usage(
        "introspection is not implemented for this dialect yet".into(),
    ))
}
