//! `revise branches [-v]`: revisions where the history splits, and their children.

use super::{Context, revision_line, tags};
use crate::error::Result;

/// Prints each branch point and the revisions that start each branch.
pub fn run(ctx: &Context, verbose: bool) -> Result<u8> {
    let scripts = ctx.scripts()?;
    let g = &scripts.graph;
    for r in g.branch_points() {
        if verbose {
            ctx.ui.out(&revision_line(g, r));
        } else {
            ctx.ui.out(&format!(
                "{}{}, {}",
                g.id(r),
                tags(g, r),
                g.header(r).message
            ));
        }
        for &c in g.children(r) {
            ctx.ui.out(&format!(
                "    -> {}{}, {}",
                g.id(c),
                tags(g, c),
                g.header(c).message
            ));
        }
    }
    Ok(0)
}
