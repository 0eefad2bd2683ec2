//! `revise heads [-v]`: the revisions nothing builds on yet.

use super::{Context, revision_line, tags};
use crate::error::Result;

/// Prints the script heads.
pub fn run(ctx: &Context, verbose: bool) -> Result<u8> {
    let scripts = ctx.scripts()?;
    let g = &scripts.graph;
    for r in g.heads() {
        if verbose {
            ctx.ui.out(&revision_line(g, r));
            ctx.ui
                .out(&format!("    path: {}", scripts.path(r).display()));
        } else {
            ctx.ui.out(&format!("{}{}", g.id(r), tags(g, r)));
        }
    }
    Ok(0)
}
