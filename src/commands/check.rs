//! `revise check`: does the database match the models? Exit 0 when it does, 1
//! with a unified diff of the two schemas as DDL when it drifts, 2 on error.

use super::Context;
use crate::error::{EXIT_NO, EXIT_OK, Result};
use crate::ops::Op;

/// Compares and reports.
pub fn run(ctx: &Context) -> Result<u8> {
    let (db, comparison) = ctx.compare_with_models()?;
    // Not rendered: a change autogenerate could not write is drift all the same.
    let upgrade = comparison.changes();
    if upgrade.is_empty() {
        ctx.ui.info(&format!("{} matches the models", db.url()));
        return Ok(EXIT_OK);
    }
    let (current, wanted) = comparison.ddl(&upgrade)?;
    ctx.ui.diff(&current, &wanted, "database", "models");
    // A check the revision would run is no difference.
    let changes: Vec<&Op> = upgrade
        .iter()
        .filter(|op| !matches!(op, Op::CheckViewsAndTriggers { .. }))
        .collect();
    ctx.ui.info(&format!(
        "{} drifts from the models by {} change(s); `revise autogenerate -m MSG` writes a revision for them:",
        db.url(),
        changes.len()
    ));
    for op in changes {
        ctx.ui.info(&format!("  {}", op.describe()));
    }
    for w in comparison.companion_drops(&upgrade) {
        ctx.ui.warn(&w);
    }
    Ok(EXIT_NO)
}
