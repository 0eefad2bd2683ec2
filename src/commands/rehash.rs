//! `revise rehash [REV...]`: accept the current content of applied revision
//! files that were edited, by recording their new checksums.

use super::Context;
use crate::error::Result;
use crate::script::target::parse_target;
use crate::ui::Progress;

/// Records new checksums for the named (default: all edited) applied revisions.
pub fn run(ctx: &Context, revisions: &[String]) -> Result<u8> {
    let targets = revisions
        .iter()
        .map(|r| parse_target(r))
        .collect::<Result<Vec<_>>>()?;
    let scripts = ctx.scripts()?;
    let mut db = ctx.connect()?;
    let mut progress = Progress::new(&ctx.ui, ctx.echo());
    let done = crate::runner::rehash(
        db.as_mut(),
        &scripts,
        &targets,
        &ctx.settings(),
        &mut progress,
    )?;
    if done.is_empty() {
        ctx.ui
            .info("no applied revision was edited; nothing to accept");
    } else {
        for id in &done {
            ctx.ui
                .info(&format!("accepted the current content of {id}"));
        }
    }
    Ok(0)
}
