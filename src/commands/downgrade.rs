//! `revise downgrade TARGET [--sql]`: take revisions away down to TARGET.

use super::{Context, parse_target_or_range, range_end};
use crate::error::Result;
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
        ctx.ui.info(&format!(
            "{} holds nothing above {target}; nothing to downgrade",
            db.url()
        ));
    }
    Ok(0)
}
