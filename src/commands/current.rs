//! `revise current [-v] [--check]`: where the database stands.

use super::{Context, tags};
use crate::error::{EXIT_NO, EXIT_OK, Result};

/// Prints the current revision(s); with `check`, exits 1 unless at the script heads.
pub fn run(ctx: &Context, verbose: bool, check: bool) -> Result<u8> {
    let scripts = ctx.scripts()?;
    let g = &scripts.graph;
    let mut db = ctx.connect_read_only()?;
    let recorded = crate::runner::recorded(db.as_mut(), &ctx.settings())?;
    if recorded.rows.is_empty() {
        ctx.ui
            .info(&format!("{} has no revision applied (base)", db.url()));
    }
    for id in &recorded.rows {
        let Some(r) = g.by_id(id) else {
            ctx.ui.out(&format!(
                "{id} (unknown: no file in {} defines it)",
                scripts.dir.display()
            ));
            continue;
        };
        let h = g.header(r);
        ctx.ui.out(&format!("{id}{}, {}", tags(g, r), h.message));
        if verbose {
            ctx.ui
                .out(&format!("    path:    {}", scripts.path(r).display()));
            if let Some(e) = recorded.last_applied(id) {
                let took = e
                    .duration_ms()
                    .map(|ms| format!(" in {ms} ms"))
                    .unwrap_or_default();
                ctx.ui.out(&format!(
                    "    applied: {} UTC ({}){took}",
                    e.started_short(),
                    e.direction
                ));
            }
        }
    }
    let mut at_head = false;
    if let Some(e) = recorded.unfinished() {
        let at = e
            .failure_point()
            .map(|point| format!(" {point}"))
            .unwrap_or_default();
        ctx.ui.out(&format!(
            "{} FAILED{at} ({} {}, started {}): {}",
            e.revision,
            e.direction,
            e.status,
            e.started_short(),
            e.error.as_deref().unwrap_or("did not finish")
        ));
    } else if let Ok(state) = g.state_from_rows(&recorded.rows) {
        at_head = g.is_at_heads(&state);
        for r in crate::runner::edited_revisions(&scripts, &recorded, &state) {
            ctx.ui.warn(&format!(
                "{} was edited after it was applied",
                scripts.path(r).display()
            ));
        }
    }
    if check && !at_head {
        ctx.ui
            .info("the database is not at the script heads; run `revise upgrade heads`");
        return Ok(EXIT_NO);
    }
    Ok(EXIT_OK)
}
