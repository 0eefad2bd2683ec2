//! `revise merge REVS -m MSG`: a revision whose parents are REVS, joining branches.

use super::Context;
use super::revision::{NewRevision, write};
use crate::error::{Error, Result};
use crate::script::target::{parse_target, resolve_static};

/// Writes the merge revision.
pub fn run(
    ctx: &Context,
    revisions: &[String],
    message: &str,
    branch_labels: &[String],
    rev_id: Option<String>,
) -> Result<u8> {
    let scripts = ctx.scripts()?;
    let g = &scripts.graph;
    let mut parents: Vec<String> = Vec::new();
    for text in revisions {
        for r in resolve_static(g, &parse_target(text)?)? {
            let id = g.id(r).to_string();
            if !parents.contains(&id) {
                parents.push(id);
            }
        }
    }
    if parents.len() < 2 {
        // Say what the arguments named, so that a single head (`merge heads`)
        // or one id given alone reads as the reason.
        let given = revisions
            .iter()
            .map(|r| format!("'{r}'"))
            .collect::<Vec<_>>()
            .join(" ");
        let verb = if revisions.len() == 1 {
            "names"
        } else {
            "name"
        };
        let named = match parents.first() {
            None => "no revision".to_string(),
            Some(p) => format!("only {p}"),
        };
        let what_to_do = if g.heads().len() < 2 {
            "the scripts have a single head, so there is nothing to merge"
        } else {
            "give another revision (`revise heads` lists the heads)"
        };
        return Err(Error::Usage(format!(
            "merge joins two or more revisions, but {given} {verb} {named}; {what_to_do}"
        )));
    }
    // Parents below other parents would make a redundant edge. Only parent
    // edges count, as for `heads`: a head that another revision merely
    // depends on is still a head, and joining it is what makes `head` single again.
    for p in &parents {
        let pr = g.resolve(p)?;
        for q in &parents {
            let qr = g.resolve(q)?;
            if pr != qr && g.lineage([qr]).contains(pr) {
                return Err(Error::Usage(format!(
                    "{p} is already below {q}; merge only revisions on different branches"
                )));
            }
        }
    }
    let new = NewRevision {
        parents,
        message: message.to_string(),
        branch_labels: branch_labels.to_vec(),
        rev_id,
        ..Default::default()
    };
    let path = write(ctx, &scripts, &new)?;
    ctx.ui.info(&format!("generated {}", path.display()));
    Ok(0)
}
