//! `revise history [-r RANGE] [-v] [--json] [-i]`: revisions, newest first.
//!
//! Without `-i` it reads only the scripts and never connects. With `-i`
//! (`--indicate-current`, as in Alembic) it also reads the database and marks
//! which revisions are applied and when, which one is current, and failures.

use serde_json::json;

use super::{Context, revision_line, tags};
use crate::error::{Error, Result};
use crate::runner::version_table::Recorded;
use crate::script::graph::{Rev, RevSet, RevisionGraph, State};
use crate::script::target::{Target, parse_range, resolve_range_start, resolve_static};

/// Options of `history`.
#[derive(Debug, Clone, Default)]
pub struct HistoryOptions {
    /// `-r A:B`.
    pub range: Option<String>,
    /// `-v`.
    pub verbose: bool,
    /// `--json`.
    pub json: bool,
    /// `-i`: read the database to mark applied revisions.
    pub indicate_current: bool,
}

/// Prints the history.
pub fn run(ctx: &Context, opts: &HistoryOptions) -> Result<u8> {
    let scripts = ctx.scripts()?;
    let g = &scripts.graph;
    let selected = select(g, opts.range.as_deref())?;
    let db_view = if opts.indicate_current {
        let mut db = ctx.connect_read_only()?;
        let recorded = crate::runner::recorded(db.as_mut(), &ctx.settings())?;
        let state = g.state_from_rows(&recorded.rows).ok();
        Some((recorded, state))
    } else {
        None
    };
    let revs: Vec<Rev> = g
        .order()
        .iter()
        .rev()
        .copied()
        .filter(|&r| selected.contains(r))
        .collect();

    if opts.json {
        let items: Vec<serde_json::Value> = revs
            .iter()
            .map(|&r| {
                let h = g.header(r);
                let mut item = json!({
                    "revision": h.id,
                    "parents": h.parents,
                    "depends_on": h.depends_on,
                    "branch_labels": h.branch_labels,
                    "message": h.message,
                    "created": h.created,
                    "path": scripts.path(r).display().to_string(),
                    "is_head": g.children(r).is_empty(),
                    "is_branch_point": g.children(r).len() > 1,
                    "is_merge_point": h.parents.len() > 1,
                    "transactional": h.transactional,
                });
                if let Some((recorded, state)) = &db_view {
                    let m = mark(g, r, recorded, state.as_ref());
                    item["applied"] = json!(m.applied);
                    item["current"] = json!(m.current);
                    item["applied_at"] = json!(m.applied_at);
                    item["failed"] = json!(m.failed);
                }
                item
            })
            .collect();
        ctx.ui
            .out(&serde_json::to_string_pretty(&items).unwrap_or_default());
        return Ok(0);
    }

    for r in revs {
        let h = g.header(r);
        let suffix = match &db_view {
            Some((recorded, state)) => mark(g, r, recorded, state.as_ref()).describe(),
            None => String::new(),
        };
        if opts.verbose {
            ctx.ui.out(&format!("Rev: {}{}{suffix}", h.id, tags(g, r)));
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
            ctx.ui.out(&format!("Path: {}", scripts.path(r).display()));
            ctx.ui
                .out(&format!("Created: {}", h.created.as_deref().unwrap_or("?")));
            ctx.ui.out("");
            ctx.ui.out(&format!("    {}", h.message));
            ctx.ui.out("");
        } else {
            ctx.ui.out(&format!("{}{suffix}", revision_line(g, r)));
        }
    }
    Ok(0)
}

/// The revisions in `A:B`: descendants of A (inclusive) that are ancestors of B
/// (inclusive). A range that holds nothing is an error, not an empty listing.
fn select(g: &RevisionGraph, range: Option<&str>) -> Result<RevSet> {
    let all = g.ancestors(g.order().iter().copied());
    let Some(text) = range else { return Ok(all) };
    let range = parse_range(text)?;
    let lower = match &range.start {
        None => all.clone(),
        Some(t) => {
            let start = resolve_range_start(g, t)?;
            // An end that resolves to base (`base`, `a1-1`) starts at the bottom.
            if start.is_empty() {
                all.clone()
            } else {
                g.descendants(start)
            }
        }
    };
    let mut upper_is_base = false;
    let upper = match &range.end {
        None => all,
        Some(t) => {
            let end = resolve_static(g, t)?;
            upper_is_base = end.is_empty();
            g.ancestors(end)
        }
    };
    let selected = lower.intersect(&upper);
    if selected.is_empty() && !g.is_empty() {
        let end = range
            .end
            .as_ref()
            .map(Target::to_string)
            .unwrap_or_default();
        return Err(Error::Target(if upper_is_base {
            format!(
                "range {text} holds no revision: its end {end} is below every revision; end it at a revision, head or heads"
            )
        } else {
            // Both ends exist (they resolved), so the range runs the wrong way
            // or joins two branches that never meet.
            format!(
                "range {text} holds no revision: the first end is not below the second; write it older:newer"
            )
        }));
    }
    Ok(selected)
}

/// What the database says about one revision.
struct Mark {
    applied: bool,
    current: bool,
    applied_at: Option<String>,
    failed: Option<String>,
}

impl Mark {
    fn describe(&self) -> String {
        let mut out = String::new();
        if self.current {
            out.push_str(" (current)");
        }
        if let Some(f) = &self.failed {
            out.push_str(&format!(" [FAILED {f}]"));
        } else if self.applied {
            match &self.applied_at {
                Some(at) => out.push_str(&format!(" [applied {at} UTC]")),
                None => out.push_str(" [applied]"),
            }
        } else {
            out.push_str(" [not applied]");
        }
        out
    }
}

fn mark(g: &RevisionGraph, r: Rev, recorded: &Recorded, state: Option<&State>) -> Mark {
    let id = g.id(r);
    let failed =
        recorded
            .unfinished()
            .filter(|e| e.revision == id)
            .map(|e| match e.failure_point() {
                Some(point) => format!("{point}: {}", e.error.as_deref().unwrap_or("?")),
                None => "did not finish".to_string(),
            });
    Mark {
        applied: state.is_some_and(|s| s.applied.contains(r)),
        current: recorded.rows.iter().any(|row| row == id),
        applied_at: recorded.last_applied(id).map(|e| e.started_short()),
        failed,
    }
}
