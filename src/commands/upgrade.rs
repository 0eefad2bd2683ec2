//! `revise upgrade [TARGET] [--sql]`: apply revisions up to TARGET (default `head`).

use super::{Context, parse_target_or_range, range_end};
use crate::error::Result;
use crate::ui::Progress;

/// Runs the upgrade, or prints its SQL with `sql`.
pub fn run(ctx: &Context, target: &str, sql: bool) -> Result<u8> {
    let range = parse_target_or_range(target, sql)?;
    let to = range_end(&range, target)?;
    let scripts = ctx.scripts_for_run(crate::script::graph::Direction::Up)?;
    let settings = ctx.settings();
    if sql {
        let statements = crate::runner::upgrade_sql(
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
    if scripts.graph.is_empty() {
        ctx.ui.info(&format!(
            "no revisions in {}; nothing to upgrade (`revise revision -m MSG` writes one)",
            ctx.config.versions_dir().display()
        ));
        return Ok(0);
    }
    let mut db = ctx.connect()?;
    let mut progress = Progress::new(&ctx.ui, ctx.echo());
    let applied = crate::runner::upgrade(db.as_mut(), &scripts, &to, &settings, &mut progress)?;
    if applied.is_empty() {
        // Name what the target resolved to: `2fe6+1` or `+1` mean nothing to
        // the reader once resolved, and only the runner knows the state it used.
        let ids = progress.upgrade_target();
        let url = db.url();
        ctx.ui.info(&match ids.len() {
            0 => format!("{target} resolves to base; nothing to upgrade in {url}"),
            1 => format!(
                "{url} has {} and what it needs applied already; nothing to upgrade",
                ids[0]
            ),
            _ => format!(
                "{url} has {} and what they need applied already; nothing to upgrade",
                ids.join(", ")
            ),
        });
    }
    Ok(0)
}
