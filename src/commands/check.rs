//! `revise check`: does the database match the models? Exit 0 when it does, 1
//! with a unified diff of the two schemas as DDL when it drifts, 2 on error.

use super::Context;
use crate::error::{EXIT_NO, EXIT_OK, Result};
use crate::ops::Op;

/// Compares and reports.
pub fn run(ctx: &Context) -> Result<u8> {
    let (db, comparison) = ctx.compare_with_models()?;
    let lowered = comparison.lowered_changes();
    let upgrade = crate::autogen::active(lowered.clone());
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
    // A change autogenerate refuses to write (a SQLite rebuild of a table
    // with ON CONFLICT clauses, a MySQL key on a whole TEXT column) is drift
    // all the same, so the exit code stays 1; only the hint differs, saying
    // what autogenerate would say rather than promise a revision.
    let refusal = comparison.generate_from(lowered).err();
    let hint = match refusal {
        None => "; `revise autogenerate -m MSG` writes a revision for them",
        Some(_) => "",
    };
    ctx.ui.info(&format!(
        "{} drifts from the models by {} change(s){hint}:",
        db.url(),
        changes.len()
    ));
    for op in changes {
        ctx.ui.info(&format!("  {}", op.describe()));
    }
    for w in comparison.companion_drops(&upgrade) {
        ctx.ui.warn(&w);
    }
    if let Some(why) = refusal {
        ctx.ui.info(&format!(
            "`revise autogenerate` cannot write a revision for them: {why}"
        ));
    }
    Ok(EXIT_NO)
}
