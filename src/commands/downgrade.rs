//! `revise downgrade TARGET [--sql]`: take revisions away down to TARGET.

use super::{Context, parse_target_or_range, range_end};
use crate::error::Result;
use crate::script::target::Target;
use crate::ui::Progress;

/// Runs the downgrade, or prints its SQL with `sql` (`FROM:TO`; FROM defaults to heads).
pub fn run(ctx: &Context, target: &str, sql: bool) -> Result<u8> {
    let range = parse_target_or_range(target, sql)?;
    let to = range_end(&range, target)?;
    let scripts = ctx.scripts_for_run(crate::script::graph::Direction::Down)?;
    let settings = ctx.settings();
    if sql {
        let statements = crate::runner::downgrade_sql(
            ctx.dialect()?,
            &scripts,
            range.start.as_ref(),
            &to,
            &settings,
        )?;
        ctx.print_sql(&statements);
        return Ok(0);
    }
    crate::script::target::validate(&scripts.graph, &to)?;
    let mut db = ctx.connect()?;
    let mut progress = Progress::new(&ctx.ui, ctx.echo());
    let applied = crate::runner::downgrade(db.as_mut(), &scripts, &to, &settings, &mut progress)?;
    if applied.is_empty() {
        // Name what the target resolved to (`head-1`, `feat@-0` mean nothing
        // once resolved); only the runner knows the state it used. A branch
        // target speaks only for its branch: others may hold more above.
        let ids = progress.downgrade_target().join(", ");
        let url = db.url();
        let branch = match &to {
            Target::Branch { label, .. } => format!(" of branch '{label}'"),
            _ => String::new(),
        };
        ctx.ui.info(&if !ids.is_empty() {
            format!("{url} holds nothing{branch} above {ids}; nothing to downgrade")
        } else if branch.is_empty() && to != Target::Base {
            format!("{target} resolves to base and {url} holds no revision; nothing to downgrade")
        } else {
            format!("{url} holds no revision{branch}; nothing to downgrade")
        });
    }
    Ok(0)
}
