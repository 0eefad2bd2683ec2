//! `revise schema [--json]`: the live database's schema, as DDL or in the JSON
//! model format (the same format `[models] json` reads).

use super::Context;
use crate::dialect::{IntrospectOptions, Side};
use crate::error::Result;

/// Prints the schema of the configured database.
pub fn run(ctx: &Context, json: bool) -> Result<u8> {
    let mut db = ctx.connect_read_only()?;
    let settings = ctx.autogen_settings();
    let mut schema = db.introspect(&IntrospectOptions {
        schemas: settings.schemas.clone(),
        exclude_tables: vec![
            settings.version_table.clone(),
            format!("{}_log", settings.version_table),
        ],
    })?;
    let dialect = db.dialect();
    dialect.normalize(&mut schema, Side::Database);
    if json {
        ctx.ui.out(&crate::schema::json::to_json(&schema));
    } else {
        ctx.ui
            .out(crate::autogen::render_schema(dialect, &schema)?.trim_end());
    }
    Ok(0)
}
