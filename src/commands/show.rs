//! `revise show REV`: one revision's header and SQL.

use super::{Context, tags};
use crate::error::{Error, Result};
use crate::script::target::{parse_target, resolve_static};

/// Prints the revision's details followed by its file.
pub fn run(ctx: &Context, revision: &str) -> Result<u8> {
    let scripts = ctx.scripts()?;
    let g = &scripts.graph;
    let revs = resolve_static(g, &parse_target(revision)?)?;
    if revs.is_empty() {
        return Err(Error::Usage(format!(
            "'{revision}' is base; there is no revision to show"
        )));
    }
    for r in revs {
        let h = g.header(r);
        let path = scripts.path(r);
        ctx.ui.out(&format!("Rev: {}{}", h.id, tags(g, r)));
        ctx.ui.out(&format!(
            "Parent: {}",
            if h.parents.is_empty() {
                "<base>".into()
            } else {
                h.parents.join(", ")
            }
        ));
        if !h.depends_on.is_empty() {
            ctx.ui
                .out(&format!("Depends on: {}", h.depends_on.join(", ")));
        }
        if !h.branch_labels.is_empty() {
            ctx.ui
                .out(&format!("Branch names: {}", h.branch_labels.join(", ")));
        }
        let children: Vec<&str> = g.children(r).iter().map(|&c| g.id(c)).collect();
        if !children.is_empty() {
            ctx.ui.out(&format!("Children: {}", children.join(", ")));
        }
        ctx.ui.out(&format!("Path: {}", path.display()));
        ctx.ui
            .out(&format!("Created: {}", h.created.as_deref().unwrap_or("?")));
        ctx.ui.out(&format!("Transactional: {}", h.transactional));
        ctx.ui.out(&format!("Message: {}", h.message));
        ctx.ui.out("");
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        ctx.ui.out(text.trim_end());
    }
    Ok(0)
}
