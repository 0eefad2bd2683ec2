//! Targets: `head`, `heads`, `base`, ids, unique prefixes, branch labels, `+N`/`-N`,
//! `REV+N`/`REV-N` (also `head-N`, `base+N`), `label@head`/`label@base`/`label@+N`/`label@-N`,
//! `label@REV` (an id, prefix or label on the branch) and the same moved by `+N`/`-N`
//! (`label@head-N`, `label@REV+N`, `label@base+N`), and `A:B` ranges.
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
    /// `label@head`, `label@base`, `label@REV` (each optionally moved by
    /// `+N`/`-N`), `label@+N`, `label@-N`.
    Branch {
        /// The branch label.
        label: String,
        /// Where on the branch.
        at: BranchAt,
    },
}

/// The part after `label@`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BranchAt {
    /// The branch's head, moved by this many steps (`label@head`, `label@head-2`).
    Head(i64),
    /// Below the branch's first revision, moved up by this many steps
    /// (`label@base`, `label@base+1`).
    Base(i64),
    /// A revision on the branch (`label@3f2a`, `label@3f2a-1`).
    Rev {
        /// The id, prefix or label; a prefix need only be unique on the branch.
        spec: String,
        /// Steps up (positive) or down (negative).
        offset: i64,
    },
    /// Relative to the branch's current revision in the database.
    Relative(i64),
}

impl std::fmt::Display for Target {
    /// The target as a user writes it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Head => f.write_str("head"),
            Target::Heads => f.write_str("heads"),
            Target::Base => f.write_str("base"),
            Target::Relative(n) => f.write_str(&signed(*n)),
            Target::Rev { spec, offset } => write!(f, "{spec}{}", moved(*offset)),
            Target::Branch { label, at } => match at {
                BranchAt::Head(n) => write!(f, "{label}@head{}", moved(*n)),
                BranchAt::Base(n) => write!(f, "{label}@base{}", moved(*n)),
                BranchAt::Rev { spec, offset } => write!(f, "{label}@{spec}{}", moved(*offset)),
                BranchAt::Relative(n) => write!(f, "{label}@{}", signed(*n)),
            },
        }
    }
}

/// `n` with its sign: `+2`, `-1`, `+0`.
fn signed(n: i64) -> String {
    if n >= 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

/// An offset after a name: nothing for 0, else [`signed`].
fn moved(n: i64) -> String {
    if n == 0 { String::new() } else { signed(n) }
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
            "'{text}' is not a target ({why}); use head, heads, base, an id or prefix, a branch label, +N, -N, REV+N, REV-N (also head-N, base+N), or label@ followed by head, base, an id or prefix, +N or -N (also label@head-N, label@REV+N)"
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
        let at = if let Some(n) = parse_offset(at) {
            BranchAt::Relative(n)
        } else {
            let (spec, offset) = split_offset(at)
                .ok_or_else(|| bad("after @ comes head, base, an id or prefix, +N or -N"))?;
            match spec.to_ascii_lowercase().as_str() {
                "head" => BranchAt::Head(offset),
                "base" => BranchAt::Base(offset),
                // `label@heads` would be every head of the branch, which no
                // command here takes; say so rather than look for an id "heads".
                "heads" => {
                    return Err(bad(
                        "label@heads is not supported; name one head of the branch with label@head or label@ID",
                    ));
                }
                _ => BranchAt::Rev {
                    spec: spec.to_string(),
                    offset,
                },
            }
        };
        return Ok(Target::Branch {
            label: label.to_string(),
            at,
        });
    }
    if let Some(n) = parse_offset(t) {
        return Ok(Target::Relative(n));
    }
    if t.contains(['+', '-']) {
        let (spec, offset) = split_offset(t)
            .ok_or_else(|| bad("expected an id or label, then + or - and digits"))?;
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

/// Splits `NAME`, `NAME+N` or `NAME-N` into the name and the offset (0 when
/// there is none); `None` when the name or the digits are malformed.
fn split_offset(s: &str) -> Option<(&str, i64)> {
    let (spec, offset) = match s.rfind(['+', '-']) {
        Some(pos) => {
            let (spec, off) = s.split_at(pos);
            (spec, parse_offset(off)?)
        }
        None => (s, 0),
    };
    check_name(spec).ok()?;
    Some((spec, offset))
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
        Target::Branch {
            at: BranchAt::Relative(_),
            ..
        }
        | Target::Relative(_) => Err(relative_needs_db(target)),
        Target::Branch { label, at } => match branch_spot(g, target, label, at)? {
            Some(r) => Ok(vec![r]),
            // The branch's base: the revision below its first one, or base.
            None => {
                let (r, members) = branch(g, label)?;
                Ok(walk(g, Some(first_of_branch(g, r, &members)), -1)?
                    .into_iter()
                    .collect())
            }
        },
    }
}

/// For a branch target at the branch's base (`label@base`, or counting down
/// to it): the branch's first revision and the revisions below it, where the
/// branch starts. `None` for every other target.
pub fn branch_base(g: &RevisionGraph, target: &Target) -> Result<Option<(Rev, Vec<Rev>)>> {
    let Target::Branch { label, at } = target else {
        return Ok(None);
    };
    if matches!(at, BranchAt::Relative(_)) || branch_spot(g, target, label, at)?.is_some() {
        return Ok(None);
    }
    let (r, members) = branch(g, label)?;
    let first = first_of_branch(g, r, &members);
    Ok(Some((first, g.parents(first).to_vec())))
}

/// Where a range `A:B` of `history -r` starts (inclusive); empty means at base.
/// Like [`resolve_static`], except that a branch target at the branch's base
/// (`label@base`, or `label@head-N` counting down to it) is the branch's first
/// revision rather than the one below it, so that `label@base:label@head` and
/// `label@base:` hold the branch (as a *state*, for `--sql FROM:TO`, `label@base`
/// stays "nothing of the branch applied").
pub fn resolve_range_start(g: &RevisionGraph, target: &Target) -> Result<Vec<Rev>> {
    match target {
        Target::Branch {
            at: BranchAt::Relative(_),
            ..
        } => resolve_static(g, target),
        Target::Branch { label, at } => match branch_spot(g, target, label, at)? {
            Some(r) => Ok(vec![r]),
            None => {
                let (r, members) = branch(g, label)?;
                Ok(vec![first_of_branch(g, r, &members)])
            }
        },
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

/// Where a branch target that needs no database (`label@head`, `label@base`,
/// `label@REV`, each moved by `+N`/`-N`) stands: a revision of the branch, or
/// `None` for the branch's base (below its first revision, as `label@base`).
/// Steps up never leave the branch (it holds everything above its label);
/// steps down may end at the base but not go past it, where the revisions are
/// no longer the branch's.
fn branch_spot(
    g: &RevisionGraph,
    target: &Target,
    label: &str,
    at: &BranchAt,
) -> Result<Option<Rev>> {
    let (label_rev, members) = branch(g, label)?;
    let first = first_of_branch(g, label_rev, &members);
    let (start, offset) = match at {
        BranchAt::Head(n) => (Some(branch_head(g, label, &members)?), *n),
        BranchAt::Base(n) => (None, *n),
        BranchAt::Rev { spec, offset } => {
            (Some(resolve_on_branch(g, label, &members, spec)?), *offset)
        }
        BranchAt::Relative(_) => return Err(relative_needs_db(target)),
    };
    if offset >= 0 {
        return match start {
            Some(_) => walk(g, start, offset),
            None if offset == 0 => Ok(None),
            // The first step up from the base is the branch's first revision,
            // whatever other roots or branches share its parent.
            None => walk_counted(g, Some(first), offset - 1, offset),
        };
    }
    let mut cur = start;
    for taken in 0..-offset {
        let Some(r) = cur else {
            return Err(past_branch_base(g, target, label, start, first, taken));
        };
        cur = match g.parents(r) {
            [p] if members.contains(*p) => Some(*p),
            // Only the branch's first revision has no parent on the branch.
            [] | [_] => None,
            ps => {
                return Err(Error::Target(format!(
                    "cannot go down from {}: it merges {}; name the target revision",
                    g.id(r),
                    ids(g, ps)
                )));
            }
        };
    }
    Ok(cur)
}

/// A branch target counted down past the branch's base, `taken` steps down
/// from `start` (`None`: from the base itself).
fn past_branch_base(
    g: &RevisionGraph,
    target: &Target,
    label: &str,
    start: Option<Rev>,
    first: Rev,
    taken: i64,
) -> Error {
    Error::Target(match start {
        Some(s) => format!(
            "'{target}' counts past the base of branch '{label}': {taken} step(s) down from {} is already below its first revision {} ({label}@base); count at most {taken} down, or name a revision off the branch without '{label}@'",
            g.id(s),
            g.id(first)
        ),
        None => format!(
            "'{target}' counts below the base of branch '{label}', the lowest point of the branch; count up from it ({label}@base+N), or name a revision off the branch without '{label}@'"
        ),
    })
}

/// The single head of branch `label` (`members`).
fn branch_head(g: &RevisionGraph, label: &str, members: &RevSet) -> Result<Rev> {
    let heads: Vec<Rev> = g
        .heads()
        .into_iter()
        .filter(|&h| members.contains(h))
        .collect();
    match heads[..] {
        [h] => Ok(h),
        _ => Err(Error::Target(format!(
            "branch '{label}' has {} heads ({}); name one with {label}@ID",
            heads.len(),
            ids(g, &heads)
        ))),
    }
}

/// Resolves an id, label or prefix among the revisions of branch `label`
/// (`members`): a prefix need only be unique on the branch, as in Alembic, and
/// a revision off the branch is an error that names both.
fn resolve_on_branch(g: &RevisionGraph, label: &str, members: &RevSet, spec: &str) -> Result<Rev> {
    let listing = format!("`revise history -r {label}@base:` lists the branch");
    if let Some(r) = g.by_id(spec).or_else(|| g.by_label(spec)) {
        if members.contains(r) {
            return Ok(r);
        }
        return Err(Error::Target(format!(
            "revision {} is not on branch '{label}'; {listing}, or drop '{label}@' to name {} itself",
            g.id(r),
            g.id(r)
        )));
    }
    let matches: Vec<Rev> = g
        .order()
        .iter()
        .copied()
        .filter(|&r| g.id(r).starts_with(spec))
        .collect();
    let on: Vec<Rev> = matches
        .iter()
        .copied()
        .filter(|&r| members.contains(r))
        .collect();
    let first5 = |revs: &[Rev]| ids(g, &revs[..revs.len().min(5)]);
    match (&on[..], &matches[..]) {
        ([r], _) => Ok(*r),
        ([], []) => Err(Error::Target(format!(
            "no revision '{spec}' on branch '{label}': no id, prefix or branch label matches; {listing}"
        ))),
        ([], [r]) => Err(Error::Target(format!(
            "revision {} is not on branch '{label}'; {listing}, or drop '{label}@' to name {} itself",
            g.id(*r),
            g.id(*r)
        ))),
        ([], off) => Err(Error::Target(format!(
            "no revision of branch '{label}' starts with '{spec}' (only {} do, off the branch); {listing}",
            first5(off)
        ))),
        (several, _) => Err(Error::Target(format!(
            "revision prefix '{spec}' is ambiguous on branch '{label}': it matches {}; give more characters",
            first5(several)
        ))),
    }
}

/// The applied revisions of branch `members` that no applied member sits on.
fn branch_tips(g: &RevisionGraph, state: &State, members: &RevSet) -> Vec<Rev> {
    let on_branch = |r: Rev| members.contains(r) && state.applied.contains(r);
    g.order()
        .iter()
        .copied()
        .filter(|&r| on_branch(r) && !g.children(r).iter().any(|&c| on_branch(c)))
        .collect()
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
    let tips = branch_tips(g, state, members);
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

/// A downgrade resolved against the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Downgrade {
    /// The applied revisions it takes away.
    pub remove: RevSet,
    /// What the target resolved to, for messages: the revision(s) the database
    /// comes down to. For `-N` the rows left after the steps; for a branch
    /// target, where the branch then stands, or the revision(s) below the
    /// branch when nothing of it stays; empty for base.
    pub floor: Vec<Rev>,
}

/// The applied revisions a downgrade to `target` takes away.
pub fn resolve_downgrade(g: &RevisionGraph, state: &State, target: &Target) -> Result<RevSet> {
    resolve_downgrade_to(g, state, target).map(|d| d.remove)
}

/// [`resolve_downgrade`], with what the target resolved to.
pub fn resolve_downgrade_to(
    g: &RevisionGraph,
    state: &State,
    target: &Target,
) -> Result<Downgrade> {
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
            let floor = match &members {
                Some(m) => branch_tips(g, &sim, m),
                None => sim.rows.iter().copied().collect(),
            };
            Ok(Downgrade {
                remove: state.applied.minus(&sim.applied),
                floor,
            })
        }
        Target::Head | Target::Heads => Err(Error::Target(
            "downgrade to head does nothing; name an older revision, -N or base".into(),
        )),
        Target::Base => Ok(Downgrade {
            remove: state.applied.clone(),
            floor: vec![],
        }),
        Target::Branch { label, at } => match branch_spot(g, target, label, at)? {
            Some(t) => downgrade_to(g, state, t),
            // The branch's base: its applied revisions and what sits on them
            // go; other branches, and the trunk below, stay.
            None => {
                let (r, members) = branch(g, label)?;
                let applied_members = state.applied.iter().filter(|&r| members.contains(r));
                Ok(Downgrade {
                    remove: g.descendants(applied_members).intersect(&state.applied),
                    floor: g.parents(first_of_branch(g, r, &members)).to_vec(),
                })
            }
        },
        Target::Rev { .. } => match resolve_static(g, target)?.first() {
            Some(&t) => downgrade_to(g, state, t),
            None => Ok(Downgrade {
                remove: state.applied.clone(),
                floor: vec![],
            }),
        },
    }
}

/// A downgrade to the applied revision `t`: everything applied above it goes;
/// it and what lies below it stay.
fn downgrade_to(g: &RevisionGraph, state: &State, t: Rev) -> Result<Downgrade> {
    if !state.applied.contains(t) {
        return Err(Error::Target(format!(
            "revision {} is not applied, so there is nothing to go down to; `revise current` shows where the database is",
            g.id(t)
        )));
    }
    Ok(Downgrade {
        remove: g
            .descendants([t])
            .intersect(&state.applied)
            .minus(&g.ancestors([t])),
        floor: vec![t],
    })
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
            "feat@head-1",
            "feat@base+1",
            "feat@3f2a",
            "feat@3f2a+2",
            "feat@3f2a-1",
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
                at: BranchAt::Head(0)
            }
        );
        assert_eq!(
            parse_target("feat@base").unwrap(),
            Target::Branch {
                label: "feat".into(),
                at: BranchAt::Base(0)
            }
        );
        assert_eq!(
            parse_target("feat@-2").unwrap(),
            Target::Branch {
                label: "feat".into(),
                at: BranchAt::Relative(-2)
            }
        );
        assert_eq!(
            parse_target("feat@HEAD-2").unwrap(),
            Target::Branch {
                label: "feat".into(),
                at: BranchAt::Head(-2)
            }
        );
        assert_eq!(
            parse_target("feat@base+1").unwrap(),
            Target::Branch {
                label: "feat".into(),
                at: BranchAt::Base(1)
            }
        );
        assert_eq!(
            parse_target("feat@up").unwrap(),
            Target::Branch {
                label: "feat".into(),
                at: BranchAt::Rev {
                    spec: "up".into(),
                    offset: 0
                }
            }
        );
        assert_eq!(
            parse_target("feat@ab12-3").unwrap(),
            Target::Branch {
                label: "feat".into(),
                at: BranchAt::Rev {
                    spec: "ab12".into(),
                    offset: -3
                }
            }
        );
        for bad in [
            "",
            "a b",
            "x+",
            "@head",
            "a+b",
            "-x",
            "feat@",
            "feat@x+",
            "feat@+x",
            "feat@a b",
            "feat@head+x",
            "a@b@c",
            "feat@heads",
        ] {
            let e = parse_target(bad).unwrap_err().to_string();
            assert!(e.contains("is not a target"), "{bad}: {e}");
            assert!(e.contains("label@head-N, label@REV+N"), "{bad}: {e}");
        }
        let e = parse_target("feat@heads").unwrap_err().to_string();
        assert!(e.contains("label@heads is not supported"), "{e}");
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

    /// `aa00` -> `bb01` (label `feat`) -> `bb02` -> `cc03`, and `aa00` -> `bb11`
    /// -> `cc12` beside it: the prefixes `bb` and `cc` each match revisions on
    /// both sides of the branch point.
    fn feat() -> RevisionGraph {
        let mut hs = vec![
            RevisionHeader::new("aa00", &[]),
            RevisionHeader::new("bb01", &["aa00"]),
            RevisionHeader::new("bb02", &["bb01"]),
            RevisionHeader::new("cc03", &["bb02"]),
            RevisionHeader::new("bb11", &["aa00"]),
            RevisionHeader::new("cc12", &["bb11"]),
        ];
        hs[1].branch_labels = vec!["feat".into()];
        for (i, h) in hs.iter_mut().enumerate() {
            h.created = Some(format!("t{i}"));
        }
        RevisionGraph::build(hs).unwrap()
    }

    #[test]
    fn a_label_qualifies_a_revision_on_its_branch() {
        let g = feat();
        let at =
            |text: &str| resolve_static(&g, &parse_target(text).unwrap()).map(|r| names(&g, r));
        assert_eq!(at("feat@bb02").unwrap(), vec!["bb02"]);
        assert_eq!(at("feat@feat").unwrap(), vec!["bb01"]);
        // `cc` is ambiguous on its own, but only one `cc` is on feat.
        let e = at("cc").unwrap_err().to_string();
        assert!(e.contains("ambiguous"), "{e}");
        assert_eq!(at("feat@cc").unwrap(), vec!["cc03"]);
        // Two `bb` revisions are on feat: still ambiguous, and only those named.
        let e = at("feat@bb").unwrap_err().to_string();
        assert_eq!(
            e,
            "revision prefix 'bb' is ambiguous on branch 'feat': it matches bb01, bb02; give more characters"
        );
        // A revision off the branch, by id or by a prefix that matches only it;
        // the trunk below the branch point is not on the branch either.
        for (text, id) in [
            ("feat@bb11", "bb11"),
            ("feat@cc1", "cc12"),
            ("feat@aa", "aa00"),
        ] {
            let e = at(text).unwrap_err().to_string();
            assert_eq!(
                e,
                format!(
                    "revision {id} is not on branch 'feat'; `revise history -r feat@base:` lists the branch, or drop 'feat@' to name {id} itself"
                ),
                "{text}"
            );
        }
        let e = at("feat@zz").unwrap_err().to_string();
        assert!(e.starts_with("no revision 'zz' on branch 'feat'"), "{e}");
        let e = at("nolabel@bb02").unwrap_err().to_string();
        assert!(e.contains("no branch label 'nolabel'"), "{e}");
        // validate reports the same before any connection.
        let e = validate(&g, &parse_target("feat@bb11").unwrap())
            .unwrap_err()
            .to_string();
        assert!(e.contains("not on branch 'feat'"), "{e}");
    }

    #[test]
    fn steps_along_a_branch_end_at_its_base() {
        let g = feat();
        let at =
            |text: &str| resolve_static(&g, &parse_target(text).unwrap()).map(|r| names(&g, r));
        assert_eq!(at("feat@head").unwrap(), vec!["cc03"]);
        assert_eq!(at("feat@head+0").unwrap(), vec!["cc03"]);
        assert_eq!(at("feat@head-1").unwrap(), vec!["bb02"]);
        assert_eq!(at("feat@head-2").unwrap(), vec!["bb01"]);
        assert_eq!(at("feat@bb01+2").unwrap(), vec!["cc03"]);
        assert_eq!(at("feat@cc-1").unwrap(), vec!["bb02"]);
        assert_eq!(at("feat@base+1").unwrap(), vec!["bb01"]);
        assert_eq!(at("feat@base+3").unwrap(), vec!["cc03"]);
        // Counting down to the branch's base is `feat@base`: the branch point
        // as a static target, the first revision as a range start.
        assert_eq!(at("feat@head-3").unwrap(), at("feat@base").unwrap());
        assert_eq!(at("feat@bb01-1").unwrap(), vec!["aa00"]);
        assert_eq!(
            names(
                &g,
                resolve_range_start(&g, &parse_target("feat@head-3").unwrap()).unwrap()
            ),
            vec!["bb01"]
        );
        assert_eq!(
            names(
                &g,
                resolve_range_start(&g, &parse_target("feat@head-1").unwrap()).unwrap()
            ),
            vec!["bb02"]
        );
        // Past the base is an error, not the trunk below it.
        let e = at("feat@head-4").unwrap_err().to_string();
        assert_eq!(
            e,
            "'feat@head-4' counts past the base of branch 'feat': 3 step(s) down from cc03 is already below its first revision bb01 (feat@base); count at most 3 down, or name a revision off the branch without 'feat@'"
        );
        let e = at("feat@bb01-2").unwrap_err().to_string();
        assert!(e.contains("1 step(s) down from bb01"), "{e}");
        let e = at("feat@base-1").unwrap_err().to_string();
        assert!(
            e.starts_with("'feat@base-1' counts below the base of branch 'feat'"),
            "{e}"
        );
        let e = at("feat@head+1").unwrap_err().to_string();
        assert!(e.contains("cc03 has no revision above it"), "{e}");
        let e = at("feat@bb11-1").unwrap_err().to_string();
        assert!(e.contains("bb11 is not on branch 'feat'"), "{e}");
        // Relative to the database, the branch forms still need it.
        let e = at("feat@-1").unwrap_err().to_string();
        assert!(
            e.contains("counts from the database's current revision"),
            "{e}"
        );
    }

    #[test]
    fn a_branch_of_its_own_counts_down_to_base_without_touching_the_other_root() {
        // a1 and billing: b1 -> b2, two roots.
        let g = billing();
        let t = |s: &str| parse_target(s).unwrap();
        assert!(resolve_static(&g, &t("billing@head-2")).unwrap().is_empty());
        assert_eq!(
            names(&g, resolve_range_start(&g, &t("billing@head-2")).unwrap()),
            vec!["b1"]
        );
        let e = resolve_static(&g, &t("billing@head-3"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("past the base of branch 'billing'"), "{e}");
        // Down to billing's base takes billing away and leaves a1, as
        // billing@base does (a plain `base` would take a1 too).
        let s = st(&g, &["a1", "b2"]);
        let d = resolve_downgrade_to(&g, &s, &t("billing@head-2")).unwrap();
        assert_eq!(names(&g, d.remove.iter()), vec!["b1", "b2"]);
        assert!(d.floor.is_empty());
        assert_eq!(
            d.remove,
            resolve_downgrade(&g, &s, &t("billing@base")).unwrap()
        );
        assert_eq!(
            names(
                &g,
                resolve_downgrade(&g, &s, &t("billing@head-1"))
                    .unwrap()
                    .iter()
            ),
            vec!["b2"]
        );
    }

    #[test]
    fn branch_targets_against_the_database() {
        let g = feat();
        let t = |s: &str| parse_target(s).unwrap();
        let down = |rows: &[&str], target: &str| {
            resolve_downgrade_to(&g, &st(&g, rows), &t(target))
                .map(|d| (names(&g, d.remove.iter()), names(&g, d.floor)))
        };
        let both = ["cc03", "cc12"];
        assert_eq!(
            down(&both, "feat@head-1").unwrap(),
            (vec!["cc03".into()], vec!["bb02".into()])
        );
        assert_eq!(
            down(&both, "feat@bb01").unwrap(),
            (vec!["bb02".into(), "cc03".into()], vec!["bb01".into()])
        );
        // To the branch's base: feat goes, bb11 and cc12 beside it stay.
        assert_eq!(
            down(&both, "feat@head-3").unwrap(),
            (
                vec!["bb01".into(), "bb02".into(), "cc03".into()],
                vec!["aa00".into()]
            )
        );
        // Nothing to do: the floor names what the target resolved to.
        assert_eq!(
            down(&["bb02", "cc12"], "feat@cc-1").unwrap(),
            (vec![], vec!["bb02".into()])
        );
        assert_eq!(
            down(&["cc12"], "feat@base").unwrap(),
            (vec![], vec!["aa00".into()])
        );
        assert_eq!(
            down(&["cc12"], "cc12").unwrap(),
            (vec![], vec!["cc12".into()])
        );
        assert_eq!(
            down(&both, "-0").unwrap(),
            (vec![], vec!["cc03".into(), "cc12".into()])
        );
        assert_eq!(
            down(&both, "feat@-0").unwrap(),
            (vec![], vec!["cc03".into()])
        );
        assert_eq!(down(&[], "base").unwrap(), (vec![], vec![]));
        let e = down(&["bb01", "cc12"], "feat@head-1")
            .unwrap_err()
            .to_string();
        assert!(e.contains("revision bb02 is not applied"), "{e}");
        let e = down(&both, "feat@bb11").unwrap_err().to_string();
        assert!(e.contains("bb11 is not on branch 'feat'"), "{e}");

        // Upgrades reach the resolved revision.
        let up = |rows: &[&str], target: &str| {
            resolve_upgrade(&g, &st(&g, rows), &t(target)).map(|r| names(&g, r))
        };
        assert_eq!(up(&["cc12"], "feat@head-1").unwrap(), vec!["bb02"]);
        assert_eq!(up(&["cc12"], "feat@bb01+1").unwrap(), vec!["bb02"]);
        assert_eq!(up(&[], "feat@cc").unwrap(), vec!["cc03"]);
    }
}
