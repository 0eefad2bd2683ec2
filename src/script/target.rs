//! Targets: `head`, `heads`, `base`, ids, unique prefixes, branch labels, `+N`/`-N`,
//! `REV+N`/`REV-N` (also `head-N`, `base+N`), `label@head`/`label@base`/`label@+N`/`label@-N`, and `A:B` ranges.
//!
//! Parsing is separate from resolution: a [`Target`] is a string's meaning, resolved
//! against a [`RevisionGraph`] (and the database's [`State`] for relative targets)
//! by the functions below. Pure: no I/O.

use crate::error::{Error, Result};
use crate::script::graph::{Rev, RevSet, RevisionGraph, State};

/// A parsed target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The single script head.
    Head,
    /// All script heads.
    Heads,
    /// Before the first revision.
    Base,
    /// `+N` / `-N`: relative to the database's current head.
    Relative(i64),
    /// An id, unique prefix or branch label, optionally moved by `+N`/`-N`;
    /// with an offset also `head`, `heads` (the single head) or `base`.
    Rev {
        /// The id, prefix or label (or `head`/`heads`/`base` when moved).
        spec: String,
        /// Steps up (positive) or down (negative).
        offset: i64,
    },
    /// `label@head`, `label@base`, `label@+N`, `label@-N`.
    Branch {
        /// The branch label.
        label: String,
        /// Where on the branch.
        at: BranchAt,
    },
}

/// The part after `label@`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BranchAt {
    /// The branch's head.
    Head,
    /// Below the branch's first revision.
    Base,
    /// Relative to the branch's current revision in the database.
    Relative(i64),
}

impl std::fmt::Display for Target {
    /// The target as a user writes it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let signed = |n: i64| {
            if n >= 0 {
                format!("+{n}")
            } else {
                n.to_string()
            }
        };
        match self {
            Target::Head => f.write_str("head"),
            Target::Heads => f.write_str("heads"),
            Target::Base => f.write_str("base"),
            Target::Relative(n) => f.write_str(&signed(*n)),
            Target::Rev { spec, offset: 0 } => f.write_str(spec),
            Target::Rev { spec, offset } => write!(f, "{spec}{}", signed(*offset)),
            Target::Branch { label, at } => match at {
                BranchAt::Head => write!(f, "{label}@head"),
                BranchAt::Base => write!(f, "{label}@base"),
                BranchAt::Relative(n) => write!(f, "{label}@{}", signed(*n)),
            },
        }
    }
}

/// An `A:B` range; either side may be empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    /// The lower end (`None` = base).
    pub start: Option<Target>,
    /// The upper end (`None` = heads).
    pub end: Option<Target>,
}

/// Parses one target.
pub fn parse_target(text: &str) -> Result<Target> {
    let t = text.trim();
    let bad = |why: &str| {
        Error::Target(format!(
            "'{text}' is not a target ({why}); use head, heads, base, an id or prefix, a branch label, +N, -N, REV+N, REV-N or label@head"
        ))
    };
    if t.is_empty() {
        return Err(bad("it is empty"));
    }
    match t.to_ascii_lowercase().as_str() {
        "head" => return Ok(Target::Head),
        "heads" => return Ok(Target::Heads),
        "base" => return Ok(Target::Base),
        _ => {}
    }
    if let Some((label, at)) = t.split_once('@') {
        check_name(label).map_err(|_| bad("the part before @ is not a label"))?;
        let at = match at.to_ascii_lowercase().as_str() {
            "head" => BranchAt::Head,
            "base" => BranchAt::Base,
            other => BranchAt::Relative(
                parse_offset(other).ok_or_else(|| bad("after @ comes head, base, +N or -N"))?,
            ),
        };
        return Ok(Target::Branch {
            label: label.to_string(),
            at,
        });
    }
    if let Some(n) = parse_offset(t) {
        return Ok(Target::Relative(n));
    }
    if let Some(pos) = t.rfind(['+', '-']) {
        let (spec, off) = t.split_at(pos);
        let offset = parse_offset(off).ok_or_else(|| bad("expected digits after + or -"))?;
        check_name(spec).map_err(|_| bad("ids and labels hold letters, digits and _"))?;
        return Ok(Target::Rev {
            spec: spec.to_string(),
            offset,
        });
    }
    check_name(t).map_err(|_| bad("ids and labels hold letters, digits and _"))?;
    Ok(Target::Rev {
        spec: t.to_string(),
        offset: 0,
    })
}

/// Parses `A:B`, `A:`, `:B`, or a single target `A` (meaning `A:A`).
pub fn parse_range(text: &str) -> Result<Range> {
    let side = |s: &str| -> Result<Option<Target>> {
        if s.trim().is_empty() {
            Ok(None)
        } else {
            parse_target(s).map(Some)
        }
    };
    match text.split_once(':') {
        Some((a, b)) => Ok(Range {
            start: side(a)?,
            end: side(b)?,
        }),
        None => {
            let t = side(text)?;
            Ok(Range {
                start: t.clone(),
                end: t,
            })
        }
    }
}

fn check_name(s: &str) -> std::result::Result<(), ()> {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        Ok(())
    } else {
        Err(())
    }
}

fn parse_offset(s: &str) -> Option<i64> {
    let (sign, digits) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<i64>().ok().map(|n| sign * n)
}

/// The single script head, or an error that lists the heads and says what to do.
pub fn single_head(g: &RevisionGraph) -> Result<Option<Rev>> {
    let heads = g.heads();
    match heads.len() {
        0 => Ok(None),
        1 => Ok(Some(heads[0])),
        _ => Err(Error::Target(format!(
            "'head' is ambiguous: the scripts have {} heads ({}); target `heads`, name one (id or label@head), or join them with `revise merge heads -m MSG`",
            heads.len(),
            ids(g, &heads)
        ))),
    }
}

/// The one head `head-N`/`heads-N` counts from.
fn single_head_for(g: &RevisionGraph, target: &Target) -> Result<Rev> {
    let heads = g.heads();
    match heads.len() {
        0 => Err(Error::Target(format!(
            "'{target}' counts from the head, but there are no revisions yet"
        ))),
        1 => Ok(heads[0]),
        _ => Err(Error::Target(format!(
            "'{target}' counts from one head, but the scripts have {} heads ({}); count from one of them (ID-1 or label@head) or join them with `revise merge heads -m MSG`",
            heads.len(),
            ids(g, &heads)
        ))),
    }
}

fn ids(g: &RevisionGraph, revs: &[Rev]) -> String {
    revs.iter().map(|&r| g.id(r)).collect::<Vec<_>>().join(", ")
}

/// Moves `n` steps from `start` (`None` = base) along parent edges; positive is up.
/// `Ok(None)` means base. Ambiguity (several children or parents) is an error.
pub fn walk(g: &RevisionGraph, start: Option<Rev>, n: i64) -> Result<Option<Rev>> {
    walk_counted(g, start, n, n)
}

/// [`walk`], reporting `asked` steps in errors: the caller took some steps itself.
fn walk_counted(g: &RevisionGraph, start: Option<Rev>, n: i64, asked: i64) -> Result<Option<Rev>> {
    let mut cur = start;
    if n >= 0 {
        for _ in 0..n {
            let next: Vec<Rev> = match cur {
                None => g.bases(),
                Some(r) => g.children(r).to_vec(),
            };
            cur = Some(match next.len() {
                1 => next[0],
                0 => {
                    return Err(Error::Target(format!(
                        "cannot go {asked} step(s) up: {} has no revision above it",
                        cur.map(|r| g.id(r).to_string())
                            .unwrap_or_else(|| "base".into())
                    )));
                }
                _ => {
                    return Err(Error::Target(format!(
                        "cannot go up from {}: it branches into {}; name the target revision",
                        cur.map(|r| g.id(r).to_string())
                            .unwrap_or_else(|| "base".into()),
                        ids(g, &next)
                    )));
                }
            });
        }
    } else {
        for _ in 0..(-n) {
            let Some(r) = cur else {
                return Err(Error::Target(format!(
                    "cannot go {} step(s) down: base reached first",
                    -asked
                )));
            };
            cur = match g.parents(r) {
                [] => None,
                [p] => Some(*p),
                ps => {
                    return Err(Error::Target(format!(
                        "cannot go down from {}: it merges {}; name the target revision",
                        g.id(r),
                        ids(g, ps)
                    )));
                }
            };
        }
    }
    Ok(cur)
}

/// The database's single current row (optionally within branch `members`).
fn current_row(
    g: &RevisionGraph,
    state: &State,
    members: Option<&RevSet>,
    what: &str,
) -> Result<Option<Rev>> {
    let rows: Vec<Rev> = state
        .rows
        .iter()
        .copied()
        .filter(|&r| members.is_none_or(|m| m.contains(r)))
        .collect();
    match rows.len() {
        0 => Ok(None),
        1 => Ok(Some(rows[0])),
        _ => Err(Error::Target(format!(
            "'{what}' is ambiguous: the database has several current heads ({}); use label@{what} or name a revision",
            ids(g, &rows)
        ))),
    }
}

fn branch(g: &RevisionGraph, label: &str) -> Result<(Rev, RevSet)> {
    let r = g.by_label(label).ok_or_else(|| {
        Error::Target(format!(
            "no branch label '{label}'; `revise branches` and `revise history` show them"
        ))
    })?;
    Ok((r, g.branch_members(r)))
}

/// Checks everything about `target` that does not depend on the database, so
/// that a typo fails before a connection is made or anything is created.
pub fn validate(g: &RevisionGraph, target: &Target) -> Result<()> {
    match target {
        Target::Relative(_) => Ok(()),
        Target::Branch {
            label,
            at: BranchAt::Relative(_),
        } => branch(g, label).map(|_| ()),
        _ => resolve_static(g, target).map(|_| ()),
    }
}

/// Resolves a target to revisions without looking at the database
/// (`+N`/`-N` and `label@±N` need the database and are refused).
pub fn resolve_static(g: &RevisionGraph, target: &Target) -> Result<Vec<Rev>> {
    match target {
        Target::Head => Ok(single_head(g)?.into_iter().collect()),
        Target::Heads => Ok(g.heads()),
        Target::Base => Ok(vec![]),
        Target::Rev { spec, offset } => {
            // `head-1`, `heads-1`, `base+1` count from a symbol, as in Alembic
            // (its `_relative_destination` takes any word before the sign).
            let start = match spec.to_ascii_lowercase().as_str() {
                "head" | "heads" => Some(single_head_for(g, target)?),
                "base" => None,
                _ => Some(g.resolve(spec)?),
            };
            Ok(walk(g, start, *offset)?.into_iter().collect())
        }
        Target::Branch { label, at } => {
            let (r, members) = branch(g, label)?;
            match at {
                BranchAt::Head => {
                    let heads: Vec<Rev> = g
                        .heads()
                        .into_iter()
                        .filter(|&h| members.contains(h))
                        .collect();
                    match heads.len() {
                        1 => Ok(heads),
                        _ => Err(Error::Target(format!(
                            "branch '{label}' has {} heads ({}); name one",
                            heads.len(),
                            ids(g, &heads)
                        ))),
                    }
                }
                BranchAt::Base => Ok(walk(g, Some(first_of_branch(g, r, &members)), -1)?
                    .into_iter()
                    .collect()),
                BranchAt::Relative(_) => Err(relative_needs_db(target)),
            }
        }
        Target::Relative(_) => Err(relative_needs_db(target)),
    }
}

/// Where a range `A:B` of `history -r` starts (inclusive); empty means at base.
/// Like [`resolve_static`], except that `label@base` is the branch's first
/// revision rather than the one below it, so that `label@base:label@head` and
/// `label@base:` hold the branch (as a *state*, for `--sql FROM:TO`, `label@base`
/// stays "nothing of the branch applied").
pub fn resolve_range_start(g: &RevisionGraph, target: &Target) -> Result<Vec<Rev>> {
    match target {
        Target::Branch {
            label,
            at: BranchAt::Base,
        } => {
            let (r, members) = branch(g, label)?;
            Ok(vec![first_of_branch(g, r, &members)])
        }
        _ => resolve_static(g, target),
    }
}

fn relative_needs_db(target: &Target) -> Error {
    Error::Target(format!(
        "'{target}' counts from the database's current revision, which stamp, history and --sql do not read; name a revision (an id, head, base or label@head), or give --sql a FROM:TO range"
    ))
}

fn first_of_branch(g: &RevisionGraph, label_rev: Rev, members: &RevSet) -> Rev {
    let mut cur = label_rev;
    while let [p] = g.parents(cur) {
        if !members.contains(*p) {
            break;
        }
        cur = *p;
    }
    cur
}

/// Where the database stands on a branch: the applied member that no applied
/// member sits on. Not the version-table rows: a row may lie above the branch
/// (a `depends-on` from elsewhere), or nothing of the branch may be applied
/// yet (`None`), and `label@+N` then counts from the branch's own base.
fn branch_position(
    g: &RevisionGraph,
    state: &State,
    label: &str,
    members: &RevSet,
    what: &str,
) -> Result<Option<Rev>> {
    let on_branch = |r: Rev| members.contains(r) && state.applied.contains(r);
    let tips: Vec<Rev> = g
        .order()
        .iter()
        .copied()
        .filter(|&r| on_branch(r) && !g.children(r).iter().any(|&c| on_branch(c)))
        .collect();
    match tips.len() {
        0 => Ok(None),
        1 => Ok(Some(tips[0])),
        _ => Err(Error::Target(format!(
            "'{what}' is ambiguous: branch '{label}' is applied up to several revisions ({}); name a revision",
            ids(g, &tips)
        ))),
    }
}

/// The revisions an upgrade to `target` must reach.
pub fn resolve_upgrade(g: &RevisionGraph, state: &State, target: &Target) -> Result<Vec<Rev>> {
    match target {
        Target::Relative(n)
        | Target::Branch {
            at: BranchAt::Relative(n),
            ..
        } => {
            if *n < 0 {
                return Err(Error::Target(format!(
                    "upgrade moves forward; use `revise downgrade {target}` to go back"
                )));
            }
            match target {
                Target::Branch { label, .. } => {
                    let (r, members) = branch(g, label)?;
                    let what = target.to_string();
                    match branch_position(g, state, label, &members, &what)? {
                        Some(from) => Ok(walk(g, Some(from), *n)?.into_iter().collect()),
                        // Nothing of the branch is applied: the first step is the
                        // branch's first revision, whatever other roots or
                        // branches share its parent.
                        None if *n == 0 => Ok(vec![]),
                        None => {
                            let first = first_of_branch(g, r, &members);
                            Ok(walk_counted(g, Some(first), *n - 1, *n)?
                                .into_iter()
                                .collect())
                        }
                    }
                }
                _ => {
                    let from = current_row(g, state, None, &format!("+{n}"))?;
                    Ok(walk(g, from, *n)?.into_iter().collect())
                }
            }
        }
        Target::Base => Err(Error::Target(
            "upgrade to base does nothing; use `revise downgrade base` to take every revision away"
                .into(),
        )),
        _ => resolve_static(g, target),
    }
}

/// The applied revisions a downgrade to `target` takes away.
pub fn resolve_downgrade(g: &RevisionGraph, state: &State, target: &Target) -> Result<RevSet> {
    match target {
        Target::Relative(n)
        | Target::Branch {
            at: BranchAt::Relative(n),
            ..
        } => {
            if *n > 0 {
                return Err(Error::Target(format!(
                    "downgrade moves back; use `revise upgrade {target}` to go forward"
                )));
            }
            let members = match target {
                Target::Branch { label, .. } => Some(branch(g, label)?.1),
                _ => None,
            };
            // Take the current head away one revision at a time, so that stepping
            // back over a merge takes the merge away and leaves both branches.
            let mut sim = state.clone();
            let what = format!("{}", n);
            for i in 0..(-n) {
                let Some(r) = current_row(g, &sim, members.as_ref(), &what)? else {
                    let steps = -n;
                    return Err(Error::Target(match (target, i) {
                        (Target::Branch { label, .. }, 0) => format!(
                            "cannot go {steps} step(s) down on branch '{label}': no '{label}' revision is applied; `revise current` shows where the database is"
                        ),
                        (Target::Branch { label, .. }, _) => format!(
                            "cannot go {steps} step(s) down on branch '{label}': only {i} '{label}' revision(s) are applied; use {label}@base to take them all away"
                        ),
                        _ => format!(
                            "cannot go {steps} step(s) down: only {i} revision(s) are applied"
                        ),
                    }));
                };
                g.step_down(&mut sim, r);
            }
            Ok(state.applied.minus(&sim.applied))
        }
        Target::Head | Target::Heads => Err(Error::Target(
            "downgrade to head does nothing; name an older revision, -N or base".into(),
        )),
        Target::Base => Ok(state.applied.clone()),
        Target::Branch {
            label,
            at: BranchAt::Base,
        } => {
            let (_, members) = branch(g, label)?;
            let applied_members = state.applied.iter().filter(|&r| members.contains(r));
            Ok(g.descendants(applied_members).intersect(&state.applied))
        }
        _ => {
            let keep = resolve_static(g, target)?;
            let Some(&t) = keep.first() else {
                return Ok(state.applied.clone());
            };
            if !state.applied.contains(t) {
                return Err(Error::Target(format!(
                    "revision {} is not applied, so there is nothing to go down to; `revise current` shows where the database is",
                    g.id(t)
                )));
            }
            // Everything applied above t goes; t and what lies below it stay.
            Ok(g.descendants([t])
                .intersect(&state.applied)
                .minus(&g.ancestors([t])))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::file::RevisionHeader;
    use crate::script::graph::tests::graph;

    fn names(g: &RevisionGraph, revs: impl IntoIterator<Item = Rev>) -> Vec<String> {
        revs.into_iter().map(|r| g.id(r).to_string()).collect()
    }

    fn st(g: &RevisionGraph, rows: &[&str]) -> State {
        g.state_from_rows(&rows.iter().map(|s| s.to_string()).collect::<Vec<_>>())
            .unwrap()
    }

    #[test]
    fn targets_display_as_written() {
        for text in [
            "head",
            "heads",
            "base",
            "+2",
            "-1",
            "ab12",
            "ab12+3",
            "ab12-1",
            "feat@head",
            "feat@base",
            "feat@-1",
            "feat@+2",
        ] {
            assert_eq!(parse_target(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn parses_every_form() {
        assert_eq!(parse_target("head").unwrap(), Target::Head);
        assert_eq!(parse_target("HEADS").unwrap(), Target::Heads);
        assert_eq!(parse_target("base").unwrap(), Target::Base);
        assert_eq!(parse_target("+2").unwrap(), Target::Relative(2));
        assert_eq!(parse_target("-1").unwrap(), Target::Relative(-1));
        assert_eq!(
            parse_target("ab12").unwrap(),
            Target::Rev {
                spec: "ab12".into(),
                offset: 0
            }
        );
        assert_eq!(
            parse_target("ab12+3").unwrap(),
            Target::Rev {
                spec: "ab12".into(),
                offset: 3
            }
        );
        assert_eq!(
            parse_target("ab12-1").unwrap(),
            Target::Rev {
                spec: "ab12".into(),
                offset: -1
            }
        );
        assert_eq!(
            parse_target("feat@head").unwrap(),
            Target::Branch {
                label: "feat".into(),
                at: BranchAt::Head
            }
        );
        assert_eq!(
            parse_target("feat@base").unwrap(),
            Target::Branch {
                label: "feat".into(),
                at: BranchAt::Base
            }
        );
        assert_eq!(
            parse_target("feat@-2").unwrap(),
            Target::Branch {
                label: "feat".into(),
                at: BranchAt::Relative(-2)
            }
        );
        for bad in ["", "a b", "x+", "@head", "feat@up", "a+b", "-x"] {
            let e = parse_target(bad).unwrap_err().to_string();
            assert!(e.contains("is not a target"), "{bad}: {e}");
        }
        assert_eq!(
            parse_range("a:b").unwrap(),
            Range {
                start: Some(Target::Rev {
                    spec: "a".into(),
                    offset: 0
                }),
                end: Some(Target::Rev {
                    spec: "b".into(),
                    offset: 0
                })
            }
        );
        assert_eq!(
            parse_range(":head").unwrap(),
            Range {
                start: None,
                end: Some(Target::Head)
            }
        );
        assert_eq!(
            parse_range("base:").unwrap(),
            Range {
                start: Some(Target::Base),
                end: None
            }
        );
    }

    #[test]
    fn head_with_several_heads_is_an_error_with_a_hint() {
        let g = graph(&[("a", &[]), ("b1", &["a"]), ("b2", &["a"])]);
        let e = resolve_static(&g, &Target::Head).unwrap_err().to_string();
        assert!(
            e.contains("2 heads (b1, b2)") && e.contains("revise merge heads"),
            "{e}"
        );
        assert_eq!(
            names(&g, resolve_static(&g, &Target::Heads).unwrap()),
            vec!["b1", "b2"]
        );
    }

    #[test]
    fn relative_targets() {
        let g = graph(&[("a", &[]), ("b", &["a"]), ("c", &["b"]), ("d", &["c"])]);
        let s = st(&g, &["b"]);
        assert_eq!(
            names(&g, resolve_upgrade(&g, &s, &Target::Relative(2)).unwrap()),
            vec!["d"]
        );
        assert_eq!(
            names(
                &g,
                resolve_upgrade(&g, &st(&g, &[]), &Target::Relative(1)).unwrap()
            ),
            vec!["a"]
        );
        assert!(
            resolve_upgrade(&g, &s, &Target::Relative(5))
                .unwrap_err()
                .to_string()
                .contains("no revision above")
        );
        assert_eq!(
            names(
                &g,
                resolve_downgrade(&g, &s, &Target::Relative(-1))
                    .unwrap()
                    .iter()
            ),
            vec!["b"]
        );
        assert_eq!(
            names(
                &g,
                resolve_downgrade(&g, &s, &Target::Relative(-2))
                    .unwrap()
                    .iter()
            ),
            vec!["a", "b"]
        );
        assert!(
            resolve_downgrade(&g, &s, &Target::Relative(-3))
                .unwrap_err()
                .to_string()
                .contains("only 2")
        );
        assert_eq!(
            names(
                &g,
                resolve_static(&g, &parse_target("d-2").unwrap()).unwrap()
            ),
            vec!["b"]
        );
        assert_eq!(
            names(
                &g,
                resolve_static(&g, &parse_target("a+3").unwrap()).unwrap()
            ),
            vec!["d"]
        );
        assert!(
            resolve_static(&g, &parse_target("a-1").unwrap())
                .unwrap()
                .is_empty()
        );
        let s = st(&g, &["d"]);
        assert_eq!(
            names(
                &g,
                resolve_downgrade(&g, &s, &parse_target("b").unwrap())
                    .unwrap()
                    .iter()
            ),
            vec!["c", "d"]
        );
        let e = resolve_downgrade(&g, &st(&g, &["a"]), &parse_target("c").unwrap())
            .unwrap_err()
            .to_string();
        assert!(e.contains("not applied"), "{e}");
    }

    #[test]
    fn stepping_down_over_a_merge_takes_only_the_merge() {
        let g = graph(&[
            ("a", &[]),
            ("b1", &["a"]),
            ("b2", &["a"]),
            ("m", &["b1", "b2"]),
        ]);
        let s = st(&g, &["m"]);
        assert_eq!(
            names(
                &g,
                resolve_downgrade(&g, &s, &Target::Relative(-1))
                    .unwrap()
                    .iter()
            ),
            vec!["m"]
        );
        let e = resolve_downgrade(&g, &s, &Target::Relative(-2))
            .unwrap_err()
            .to_string();
        assert!(e.contains("several current heads (b1, b2)"), "{e}");
        let e = resolve_upgrade(&g, &st(&g, &["a"]), &Target::Relative(1))
            .unwrap_err()
            .to_string();
        assert!(e.contains("branches into b1, b2"), "{e}");
    }

    #[test]
    fn branch_labels() {
        let mut hs = vec![
            RevisionHeader::new("a", &[]),
            RevisionHeader::new("f1", &["a"]),
            RevisionHeader::new("f2", &["f1"]),
            RevisionHeader::new("m1", &["a"]),
        ];
        hs[1].branch_labels = vec!["feat".into()];
        for (i, h) in hs.iter_mut().enumerate() {
            h.created = Some(format!("t{i}"));
        }
        let g = RevisionGraph::build(hs).unwrap();
        assert_eq!(
            names(
                &g,
                resolve_static(&g, &parse_target("feat@head").unwrap()).unwrap()
            ),
            vec!["f2"]
        );
        let s = st(&g, &["f2", "m1"]);
        assert_eq!(
            names(
                &g,
                resolve_downgrade(&g, &s, &parse_target("feat@base").unwrap())
                    .unwrap()
                    .iter()
            ),
            vec!["f1", "f2"]
        );
        assert_eq!(
            names(
                &g,
                resolve_downgrade(&g, &s, &parse_target("feat@-1").unwrap())
                    .unwrap()
                    .iter()
            ),
            vec!["f2"]
        );
        let e = resolve_downgrade(&g, &s, &Target::Relative(-1))
            .unwrap_err()
            .to_string();
        assert!(e.contains("several current heads"), "{e}");
        let s = st(&g, &["f1", "m1"]);
        assert_eq!(
            names(
                &g,
                resolve_upgrade(&g, &s, &parse_target("feat@+1").unwrap()).unwrap()
            ),
            vec!["f2"]
        );
        assert!(
            resolve_static(&g, &parse_target("nolabel@head").unwrap())
                .unwrap_err()
                .to_string()
                .contains("no branch label")
        );
    }

    /// `a1` and a separate root `b1` (label `billing`) -> `b2`, as the README's
    /// branch example: a labelled branch that shares no revision with the other.
    fn billing() -> RevisionGraph {
        let mut hs = vec![
            RevisionHeader::new("a1", &[]),
            RevisionHeader::new("b1", &[]),
            RevisionHeader::new("b2", &["b1"]),
        ];
        hs[1].branch_labels = vec!["billing".into()];
        RevisionGraph::build(hs).unwrap()
    }

    #[test]
    fn branch_steps_count_from_the_branch_base_when_none_of_it_is_applied() {
        let g = billing();
        let t = |s: &str| parse_target(s).unwrap();
        let up = |rows: &[&str], target: &str| {
            resolve_upgrade(&g, &st(&g, rows), &t(target)).map(|r| names(&g, r))
        };
        // The other root (a1) is applied, nothing of billing: +1 is b1, not "base branches".
        assert_eq!(up(&["a1"], "billing@+1").unwrap(), vec!["b1"]);
        assert_eq!(up(&[], "billing@+1").unwrap(), vec!["b1"]);
        assert_eq!(up(&["a1"], "billing@+2").unwrap(), vec!["b2"]);
        assert_eq!(up(&["a1", "b1"], "billing@+1").unwrap(), vec!["b2"]);
        assert!(up(&["a1"], "billing@+0").unwrap().is_empty());
        let e = up(&["a1"], "billing@+3").unwrap_err().to_string();
        assert!(e.contains("cannot go 3 step(s) up: b2 has no"), "{e}");
        let e = up(&["a1"], "billing@-1").unwrap_err().to_string();
        assert!(e.contains("`revise downgrade billing@-1`"), "{e}");

        let down = |rows: &[&str], target: &str| {
            resolve_downgrade(&g, &st(&g, rows), &t(target)).map(|r| names(&g, r.iter()))
        };
        let e = down(&["a1"], "billing@-1").unwrap_err().to_string();
        assert_eq!(
            e,
            "cannot go 1 step(s) down on branch 'billing': no 'billing' revision is applied; `revise current` shows where the database is"
        );
        let e = down(&["a1", "b1"], "billing@-2").unwrap_err().to_string();
        assert!(
            e.contains("only 1 'billing' revision(s) are applied; use billing@base"),
            "{e}"
        );
        assert_eq!(down(&["a1", "b2"], "billing@-2").unwrap(), vec!["b1", "b2"]);
        assert_eq!(down(&["a1", "b2"], "billing@-1").unwrap(), vec!["b2"]);
        let e = down(&["a1"], "billing@+1").unwrap_err().to_string();
        assert!(e.contains("`revise upgrade billing@+1`"), "{e}");

        // As a range start label@base is the branch's first revision; as a
        // target (a state) it is below it.
        assert_eq!(
            names(&g, resolve_range_start(&g, &t("billing@base")).unwrap()),
            vec!["b1"]
        );
        assert!(resolve_static(&g, &t("billing@base")).unwrap().is_empty());
        assert_eq!(
            names(&g, resolve_range_start(&g, &t("b2")).unwrap()),
            vec!["b2"]
        );
    }

    #[test]
    fn a_branch_off_a_trunk_starts_at_its_first_revision() {
        // a -> f1 (feat) -> f2, a -> m1: a is below the branch point, not on feat.
        let mut hs = vec![
            RevisionHeader::new("a", &[]),
            RevisionHeader::new("f1", &["a"]),
            RevisionHeader::new("f2", &["f1"]),
            RevisionHeader::new("m1", &["a"]),
        ];
        hs[1].branch_labels = vec!["feat".into()];
        let g = RevisionGraph::build(hs).unwrap();
        let feat1 = parse_target("feat@+1").unwrap();
        for rows in [&["m1"][..], &["a"], &[]] {
            assert_eq!(
                names(&g, resolve_upgrade(&g, &st(&g, rows), &feat1).unwrap()),
                vec!["f1"],
                "from {rows:?}"
            );
        }
        assert_eq!(
            names(
                &g,
                resolve_range_start(&g, &parse_target("feat@base").unwrap()).unwrap()
            ),
            vec!["f1"]
        );
    }

    #[test]
    fn head_and_base_take_offsets_as_in_alembic() {
        let g = graph(&[("a", &[]), ("b", &["a"]), ("c", &["b"])]);
        let at =
            |text: &str| resolve_static(&g, &parse_target(text).unwrap()).map(|r| names(&g, r));
        assert_eq!(at("head-1").unwrap(), vec!["b"]);
        assert_eq!(at("heads-2").unwrap(), vec!["a"]);
        assert_eq!(at("HEAD-1").unwrap(), vec!["b"]);
        assert!(at("head-3").unwrap().is_empty());
        assert_eq!(at("base+1").unwrap(), vec!["a"]);
        assert_eq!(at("head+0").unwrap(), vec!["c"]);
        let e = at("head+1").unwrap_err().to_string();
        assert!(e.contains("c has no revision above it"), "{e}");
        assert_eq!(parse_target("head-1").unwrap().to_string(), "head-1");
        // A downgrade to head-1 takes the head away.
        let s = st(&g, &["c"]);
        let gone = resolve_downgrade(&g, &s, &parse_target("head-1").unwrap()).unwrap();
        assert_eq!(names(&g, gone.iter()), vec!["c"]);

        let forked = graph(&[("a", &[]), ("b1", &["a"]), ("b2", &["a"])]);
        let e = resolve_static(&forked, &parse_target("heads-1").unwrap())
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("'heads-1' counts from one head, but the scripts have 2 heads (b1, b2)"),
            "{e}"
        );
        let empty = graph(&[]);
        let e = resolve_static(&empty, &parse_target("head-1").unwrap())
            .unwrap_err()
            .to_string();
        assert!(e.contains("no revisions yet"), "{e}");
    }
}
