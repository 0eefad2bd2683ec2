//! `revise stamp REV... [--purge] [--sql]`: record where the database stands
//! without running any SQL; also how a failed revision is marked as repaired.

use super::{Context, parse_target_or_range, range_end};
use crate::error::{Error, Result};
use crate::script::target::Target;
use crate::ui::Progress;

/// Stamps the database (or prints the SQL; with `--sql` the first argument may be `FROM:TO`).
pub fn run(ctx: &Context, revisions: &[String], purge: bool, sql: bool) -> Result<u8> {
    if revisions.is_empty() {
        return Err(Error::Usage(
            "stamp needs at least one revision (or base, head, heads)".into(),
        ));
    }
    let mut from = None;
    let mut targets: Vec<Target> = Vec::new();
    for (i, text) in revisions.iter().enumerate() {
        let range = parse_target_or_range(text, sql && i == 0)?;
        if range.start.is_some() {
            from = range.start.clone();
        }
        targets.push(range_end(&range, text)?);
    }
    let scripts = ctx.scripts()?;
    let settings = ctx.settings();
    if sql {
        let statements = crate::runner::stamp_sql(
            ctx.dialect()?,
            &scripts,
            from.as_ref(),
            &targets,
            purge,
            &settings,
        )?;
        ctx.print_sql(&statements);
        return Ok(0);
    }
    for t in &targets {
        crate::script::target::validate(&scripts.graph, t)?;
    }
    let mut db = ctx.connect()?;
    let mut progress = Progress::new(&ctx.ui, ctx.echo());
    let rows = crate::runner::stamp(
        db.as_mut(),
        &scripts,
        &targets,
        purge,
        &settings,
        &mut progress,
    )?;
    ctx.ui.info(&format!(
        "stamped {}: version table now holds {}",
        db.url(),
        if rows.is_empty() {
            "nothing (base)".to_string()
        } else {
            rows.join(", ")
        }
    ));
    Ok(0)
}
