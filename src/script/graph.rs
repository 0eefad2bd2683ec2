//! The revision graph: a DAG built from revision headers, checked for duplicate
//! ids, missing parents and cycles, and turned into plans: ordered steps, each with
//! the version-table edits that keep one row per current head (Alembic's semantics,
//! so branches, merges and `depends-on` all work).
//!
//! Pure: no I/O, no clock. Built from an iterator of headers and tested from literals.
//!
//! Two kinds of edges exist. *Parent* edges make the tree users see (`heads`,
//! `branches`, `+1`). *Down* edges are parents plus `depends-on`: a revision's
//! down revisions must be applied before it. The set of applied revisions is
//! always closed under down edges, and the version table holds its maximal
//! elements: the invariant every step below maintains.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::script::file::RevisionHeader;

/// Index of a revision in a [`RevisionGraph`].
pub type Rev = usize;

/// Which way a step moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Apply the revision's upgrade section.
    Up,
    /// Apply its downgrade section.
    Down,
}

impl Direction {
    /// `upgrade` or `downgrade`.
    pub fn verb(self) -> &'static str {
        match self {
            Direction::Up => "upgrade",
            Direction::Down => "downgrade",
        }
    }
}

/// One change to the version table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionEdit {
    /// Add a head row.
    Insert(String),
    /// Replace one head row by another.
    Update {
        /// The row that goes.
        from: String,
        /// The row that comes.
        to: String,
    },
    /// Remove a head row.
    Delete(String),
}

/// One revision to run, with the version-table edits that record it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The revision.
    pub revision: Rev,
    /// Up or down.
    pub direction: Direction,
    /// How the head rows change when this step commits.
    pub edits: Vec<VersionEdit>,
}

/// The DAG of all revisions of a scripts directory.
#[derive(Debug, Clone)]
pub struct RevisionGraph {
    /// Shared with the script directory's files: a long history is not copied.
    headers: Vec<Arc<RevisionHeader>>,
    index: HashMap<String, Rev>,
    labels: HashMap<String, Rev>,
    parents: Vec<Vec<Rev>>,
    downs: Vec<Vec<Rev>>,
    children: Vec<Vec<Rev>>,
    ups: Vec<Vec<Rev>>,
    /// Topological order, oldest first; ties broken by creation time, then id.
    order: Vec<Rev>,
    position: Vec<usize>,
}

/// A set of revisions, one flag per revision.
#[derive(Clone, PartialEq, Eq)]
pub struct RevSet(Vec<bool>);

impl RevSet {
    fn empty(n: usize) -> Self {
        RevSet(vec![false; n])
    }
    /// Whether `r` is in the set.
    pub fn contains(&self, r: Rev) -> bool {
        self.0[r]
    }
    fn insert(&mut self, r: Rev) {
        self.0[r] = true;
    }
    fn remove(&mut self, r: Rev) {
        self.0[r] = false;
    }
    /// Number of members.
    pub fn len(&self) -> usize {
        self.0.iter().filter(|b| **b).count()
    }
    /// Whether the set has no members.
    pub fn is_empty(&self) -> bool {
        !self.0.iter().any(|b| *b)
    }
    /// Members of both sets.
    pub fn intersect(&self, other: &RevSet) -> RevSet {
        RevSet(self.0.iter().zip(&other.0).map(|(a, b)| *a && *b).collect())
    }
    /// Members of `self` that are not in `other`.
    pub fn minus(&self, other: &RevSet) -> RevSet {
        RevSet(
            self.0
                .iter()
                .zip(&other.0)
                .map(|(a, b)| *a && !*b)
                .collect(),
        )
    }
    /// Members in index order.
    pub fn iter(&self) -> impl Iterator<Item = Rev> + '_ {
        self.0
            .iter()
            .enumerate()
            .filter(|(_, b)| **b)
            .map(|(i, _)| i)
    }
}

impl fmt::Debug for RevSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// What the database has: the applied set and the head rows that record it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    /// Every applied revision (closed under down edges).
    pub applied: RevSet,
    /// The version-table rows: the maximal applied revisions.
    pub rows: BTreeSet<Rev>,
}

impl RevisionGraph {
    /// Builds the graph, reporting the first problem found: a duplicate id, a
    /// missing parent or dependency, a label clash, or a cycle.
    pub fn build<H: Into<Arc<RevisionHeader>>>(
        headers: impl IntoIterator<Item = H>,
    ) -> Result<Self> {
        let headers: Vec<Arc<RevisionHeader>> = headers.into_iter().map(Into::into).collect();
        let n = headers.len();
        let mut index: HashMap<String, Rev> = HashMap::with_capacity(n);
        for (i, h) in headers.iter().enumerate() {
            if let Some(&prev) = index.get(&h.id) {
                let first: &RevisionHeader = &headers[prev];
                return Err(Error::Graph(format!(
                    "revision id '{}' is defined twice: {} and {}; give one of them a new id",
                    h.id,
                    where_(first),
                    where_(h)
                )));
            }
            index.insert(h.id.clone(), i);
        }
        let resolve = |h: &RevisionHeader,
                       ids: &[String],
                       what: &str,
                       line: usize|
         -> Result<Vec<Rev>> {
            ids.iter()
                .map(|p| {
                    index.get(p).copied().ok_or_else(|| {
                        let place = match &h.path {
                            Some(path) => format!("{}:{}", path.display(), line.max(1)),
                            None => format!("revision {}", h.id),
                        };
                        Error::Graph(format!(
                            "{place}: {what} '{p}' of revision '{}' does not exist; fix the header or restore the missing file",
                            h.id
                        ))
                    })
                })
                .collect()
        };
        let mut parents = Vec::with_capacity(n);
        let mut downs = Vec::with_capacity(n);
        for h in &headers {
            let p = resolve(h, &h.parents, "parent", h.parents_line)?;
            let d = resolve(h, &h.depends_on, "depends-on revision", h.depends_on_line)?;
            let mut all = p.clone();
            for x in d {
                if !all.contains(&x) {
                    all.push(x);
                }
            }
            parents.push(p);
            downs.push(all);
        }
        let mut labels: HashMap<String, Rev> = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            for l in &h.branch_labels {
                if let Some(&other) = labels.get(l) {
                    return Err(Error::Graph(format!(
                        "branch label '{l}' is used by {} and {}; labels must be unique",
                        where_(&headers[other]),
                        where_(h)
                    )));
                }
                if let Some(&other) = index.get(l) {
                    return Err(Error::Graph(format!(
                        "branch label '{l}' of {} is also the id of {}; rename the label",
                        where_(h),
                        where_(&headers[other])
                    )));
                }
                labels.insert(l.clone(), i);
            }
        }
        let mut children = vec![Vec::new(); n];
        let mut ups = vec![Vec::new(); n];
        for r in 0..n {
            for &p in &parents[r] {
                children[p].push(r);
            }
            for &d in &downs[r] {
                ups[d].push(r);
            }
        }
        let mut graph = RevisionGraph {
            headers,
            index,
            labels,
            parents,
            downs,
            children,
            ups,
            order: Vec::with_capacity(n),
            position: vec![0; n],
        };
        graph.sort_topologically()?;
        for list in graph.children.iter_mut().chain(graph.ups.iter_mut()) {
            list.sort_by_key(|r| graph.position[*r]);
        }
        Ok(graph)
    }

    /// Kahn's algorithm with a deterministic tie-break (creation time, then id).
    fn sort_topologically(&mut self) -> Result<()> {
        let n = self.headers.len();
        let mut pending: Vec<usize> = self.downs.iter().map(Vec::len).collect();
        let headers = &self.headers;
        let key = |r: Rev| {
            let h = &headers[r];
            (h.created.as_deref().unwrap_or_default(), h.id.as_str(), r)
        };
        let mut ready: BTreeSet<(&str, &str, Rev)> =
            (0..n).filter(|&r| pending[r] == 0).map(key).collect();
        let mut order = Vec::with_capacity(n);
        while let Some(first) = ready.pop_first() {
            let r = first.2;
            order.push(r);
            for &u in &self.ups[r] {
                pending[u] -= 1;
                if pending[u] == 0 {
                    ready.insert(key(u));
                }
            }
        }
        if order.len() < n {
            return Err(Error::Graph(self.describe_cycle(&pending)));
        }
        for (i, &r) in order.iter().enumerate() {
            self.position[r] = i;
        }
        self.order = order;
        Ok(())
    }

    /// Finds one cycle among the revisions Kahn's algorithm could not order.
    fn describe_cycle(&self, pending: &[usize]) -> String {
        let start = (0..pending.len()).find(|&r| pending[r] > 0).unwrap_or(0);
        // Walk down edges that stay inside the stuck set until a revision repeats.
        let mut seen: Vec<Rev> = Vec::new();
        let mut cur = start;
        while !seen.contains(&cur) {
            seen.push(cur);
            cur = self.downs[cur]
                .iter()
                .copied()
                .find(|&d| pending[d] > 0)
                .unwrap_or(cur);
        }
        let from = seen.iter().position(|&r| r == cur).unwrap_or(0);
        let mut cycle: Vec<Rev> = seen[from..].to_vec();
        cycle.reverse();
        cycle.push(cycle[0]);
        let path: Vec<&str> = cycle.iter().map(|&r| self.headers[r].id.as_str()).collect();
        let files: Vec<String> = cycle[..cycle.len() - 1]
            .iter()
            .map(|&r| where_(&self.headers[r]))
            .collect();
        format!(
            "the revision graph has a cycle: {}; break it by fixing the parents of one of {}",
            path.join(" -> "),
            files.join(", ")
        )
    }

    /// Number of revisions.
    pub fn len(&self) -> usize {
        self.headers.len()
    }

    /// Whether there are no revisions.
    pub fn is_empty(&self) -> bool {
        self.headers.is_empty()
    }

    /// The header of `r`.
    pub fn header(&self, r: Rev) -> &RevisionHeader {
        &self.headers[r]
    }

    /// The id of `r`.
    pub fn id(&self, r: Rev) -> &str {
        &self.headers[r].id
    }

    /// The revision with exactly this id.
    pub fn by_id(&self, id: &str) -> Option<Rev> {
        self.index.get(id).copied()
    }

    /// The revision carrying branch label `label`.
    pub fn by_label(&self, label: &str) -> Option<Rev> {
        self.labels.get(label).copied()
    }

    /// Resolves an id, a branch label or a unique id prefix.
    pub fn resolve(&self, spec: &str) -> Result<Rev> {
        if let Some(r) = self.by_id(spec).or_else(|| self.by_label(spec)) {
            return Ok(r);
        }
        let mut matches: Vec<Rev> = self
            .order
            .iter()
            .copied()
            .filter(|&r| self.headers[r].id.starts_with(spec))
            .collect();
        match matches.len() {
            1 => Ok(matches[0]),
            0 => Err(Error::Target(format!(
                "no revision '{spec}': no id, prefix or branch label matches; `revise history` lists them"
            ))),
            _ => {
                matches.truncate(5);
                let ids: Vec<&str> = matches.iter().map(|&r| self.id(r)).collect();
                Err(Error::Target(format!(
                    "revision prefix '{spec}' is ambiguous: it matches {}; give more characters",
                    ids.join(", ")
                )))
            }
        }
    }

    /// Parent revisions of `r`.
    pub fn parents(&self, r: Rev) -> &[Rev] {
        &self.parents[r]
    }

    /// Down revisions of `r`: parents and depends-on.
    pub fn downs(&self, r: Rev) -> &[Rev] {
        &self.downs[r]
    }

    /// Children of `r` through parent edges.
    pub fn children(&self, r: Rev) -> &[Rev] {
        &self.children[r]
    }

    /// All revisions, oldest first.
    pub fn order(&self) -> &[Rev] {
        &self.order
    }

    /// Revisions no other revision names as parent, oldest first.
    pub fn heads(&self) -> Vec<Rev> {
        self.order
            .iter()
            .copied()
            .filter(|&r| self.children[r].is_empty())
            .collect()
    }

    /// Revisions without parents, oldest first.
    pub fn bases(&self) -> Vec<Rev> {
        self.order
            .iter()
            .copied()
            .filter(|&r| self.parents[r].is_empty())
            .collect()
    }

    /// Revisions with more than one child (where branches split), oldest first.
    pub fn branch_points(&self) -> Vec<Rev> {
        self.order
            .iter()
            .copied()
            .filter(|&r| self.children[r].len() > 1)
            .collect()
    }

    /// `roots` and everything below them through down edges.
    pub fn ancestors(&self, roots: impl IntoIterator<Item = Rev>) -> RevSet {
        self.closure(roots, &self.downs)
    }

    /// `roots` and everything below them through parent edges only: the tree
    /// `heads` and `branches` show. A `depends-on` target is not in it, so a head
    /// another revision depends on stays a head that a merge may join.
    pub fn lineage(&self, roots: impl IntoIterator<Item = Rev>) -> RevSet {
        self.closure(roots, &self.parents)
    }

    /// `roots` and everything above them through down edges.
    pub fn descendants(&self, roots: impl IntoIterator<Item = Rev>) -> RevSet {
        self.closure(roots, &self.ups)
    }

    fn closure(&self, roots: impl IntoIterator<Item = Rev>, edges: &[Vec<Rev>]) -> RevSet {
        let mut set = RevSet::empty(self.len());
        let mut stack: Vec<Rev> = roots.into_iter().collect();
        while let Some(r) = stack.pop() {
            if !set.contains(r) {
                set.insert(r);
                stack.extend(edges[r].iter().copied());
            }
        }
        set
    }

    /// The revisions of branch `label`: the labelled revision, everything above it,
    /// and the linear run below it down to (not including) the branch point.
    pub fn branch_members(&self, label_rev: Rev) -> RevSet {
        let mut set = RevSet::empty(self.len());
        let mut stack = vec![label_rev];
        while let Some(r) = stack.pop() {
            if !set.contains(r) {
                set.insert(r);
                stack.extend(self.children[r].iter().copied());
            }
        }
        let mut cur = label_rev;
        while let [p] = self.parents[cur][..] {
            if self.children[p].len() != 1 {
                break;
            }
            set.insert(p);
            cur = p;
        }
        set
    }

    /// The state recorded by version-table `rows` (ids). Unknown ids are an error
    /// that says how to recover.
    pub fn state_from_rows(&self, rows: &[String]) -> Result<State> {
        let mut revs = BTreeSet::new();
        for id in rows {
            let r = self.by_id(id).ok_or_else(|| {
                Error::Refused(format!(
                    "the database is at revision '{id}', which no file in the scripts directory defines; restore that file, or run `revise stamp --purge REV` to record where the database really is"
                ))
            })?;
            revs.insert(r);
        }
        Ok(self.state_from_revs(revs))
    }

    /// The state whose rows are `revs`.
    pub fn state_from_revs(&self, revs: BTreeSet<Rev>) -> State {
        State {
            applied: self.ancestors(revs.iter().copied()),
            rows: revs,
        }
    }

    /// Whether every revision below the script heads is applied.
    pub fn is_at_heads(&self, state: &State) -> bool {
        self.ancestors(self.heads())
            .iter()
            .all(|r| state.applied.contains(r))
    }

    /// Steps that apply `targets` and everything below them that is not applied yet, oldest first.
    pub fn plan_upgrade(&self, state: &State, targets: &[Rev]) -> Vec<Step> {
        let needed = self.ancestors(targets.iter().copied());
        let mut state = state.clone();
        let mut steps = Vec::new();
        for &r in &self.order {
            if needed.contains(r) && !state.applied.contains(r) {
                steps.push(self.step_up(&mut state, r));
            }
        }
        steps
    }

    /// Steps that take away `remove` (which must be closed upwards within the
    /// applied set), newest first.
    pub fn plan_downgrade(&self, state: &State, remove: &RevSet) -> Vec<Step> {
        let mut state = state.clone();
        let mut steps = Vec::new();
        for &r in self.order.iter().rev() {
            if remove.contains(r) && state.applied.contains(r) {
                steps.push(self.step_down(&mut state, r));
            }
        }
        steps
    }

    /// Applies `r` to `state` and returns the step with its version edits.
    pub fn step_up(&self, state: &mut State, r: Rev) -> Step {
        let superseded: Vec<Rev> = self.downs[r]
            .iter()
            .copied()
            .filter(|d| state.rows.contains(d))
            .collect();
        let mut edits = Vec::new();
        match superseded.split_first() {
            None => edits.push(VersionEdit::Insert(self.id(r).to_string())),
            Some((first, rest)) => {
                // A merge folds several rows into one: delete all but the first, update it.
                for &d in rest {
                    edits.push(VersionEdit::Delete(self.id(d).to_string()));
                }
                edits.push(VersionEdit::Update {
                    from: self.id(*first).to_string(),
                    to: self.id(r).to_string(),
                });
            }
        }
        for d in superseded {
            state.rows.remove(&d);
        }
        state.rows.insert(r);
        state.applied.insert(r);
        Step {
            revision: r,
            direction: Direction::Up,
            edits,
        }
    }

    /// Takes `r` (a current row) away from `state` and returns the step.
    pub fn step_down(&self, state: &mut State, r: Rev) -> Step {
        state.applied.remove(r);
        state.rows.remove(&r);
        // A down revision becomes a head again when nothing applied still sits on it.
        let exposed: Vec<Rev> = self.downs[r]
            .iter()
            .copied()
            .filter(|&d| {
                state.applied.contains(d) && !self.ups[d].iter().any(|&u| state.applied.contains(u))
            })
            .collect();
        let mut edits = Vec::new();
        match exposed.split_first() {
            None => edits.push(VersionEdit::Delete(self.id(r).to_string())),
            Some((first, rest)) => {
                edits.push(VersionEdit::Update {
                    from: self.id(r).to_string(),
                    to: self.id(*first).to_string(),
                });
                for &d in rest {
                    edits.push(VersionEdit::Insert(self.id(d).to_string()));
                }
            }
        }
        state.rows.extend(exposed);
        Step {
            revision: r,
            direction: Direction::Down,
            edits,
        }
    }

    /// `state` with a branch taken away as a stamp does it: `first` (the
    /// branch's first revision) and everything above it are no longer
    /// applied, `below` (where the branch starts) and what lies under it are.
    pub fn without_branch(&self, state: &State, first: Rev, below: &[Rev]) -> State {
        let mut applied = state.applied.minus(&self.descendants([first]));
        for r in self.ancestors(below.iter().copied()).iter() {
            applied.insert(r);
        }
        // The rows: applied revisions nothing applied sits on.
        let rows = applied
            .iter()
            .filter(|&r| !self.ups[r].iter().any(|&u| applied.contains(u)))
            .collect();
        State { applied, rows }
    }

    /// The rows after stamping `targets`: without `purge`, rows on other branches
    /// stay and rows related to a target (above or below it) are replaced by it.
    pub fn stamp_rows(&self, state: &State, targets: &[Rev], purge: bool) -> BTreeSet<Rev> {
        let mut rows: BTreeSet<Rev> = BTreeSet::new();
        if !purge {
            let below = self.ancestors(targets.iter().copied());
            let above = self.descendants(targets.iter().copied());
            rows.extend(
                state
                    .rows
                    .iter()
                    .copied()
                    .filter(|&r| !below.contains(r) && !above.contains(r)),
            );
        }
        rows.extend(targets.iter().copied());
        // Keep only maximal revisions: a target below another target or row is implied.
        let all: Vec<Rev> = rows.iter().copied().collect();
        rows.retain(|&r| {
            !all.iter()
                .any(|&o| o != r && self.ancestors([o]).contains(r))
        });
        rows
    }
}

fn where_(h: &RevisionHeader) -> String {
    match &h.path {
        Some(p) => p.display().to_string(),
        None => format!("revision {}", h.id),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Builds a graph from `(id, parents)` literals.
    pub(crate) fn graph(spec: &[(&str, &[&str])]) -> RevisionGraph {
        RevisionGraph::build(spec.iter().enumerate().map(|(i, (id, parents))| {
            let mut h = RevisionHeader::new(id, parents);
            h.created = Some(format!("2026-01-01T00:00:{i:02}Z"));
            h
        }))
        .unwrap()
    }

    fn ids(g: &RevisionGraph, revs: impl IntoIterator<Item = Rev>) -> Vec<String> {
        revs.into_iter().map(|r| g.id(r).to_string()).collect()
    }

    fn state(g: &RevisionGraph, rows: &[&str]) -> State {
        g.state_from_rows(&rows.iter().map(|s| s.to_string()).collect::<Vec<_>>())
            .unwrap()
    }

    fn upd(from: &str, to: &str) -> VersionEdit {
        VersionEdit::Update {
            from: from.into(),
            to: to.into(),
        }
    }

    #[test]
    fn linear_upgrade_and_downgrade_update_one_row() {
        let g = graph(&[("a", &[]), ("b", &["a"]), ("c", &["b"])]);
        assert_eq!(ids(&g, g.heads()), vec!["c"]);
        assert_eq!(ids(&g, g.bases()), vec!["a"]);
        let steps = g.plan_upgrade(&state(&g, &[]), &[g.by_id("c").unwrap()]);
        assert_eq!(
            ids(&g, steps.iter().map(|s| s.revision)),
            vec!["a", "b", "c"]
        );
        assert_eq!(steps[0].edits, vec![VersionEdit::Insert("a".into())]);
        assert_eq!(steps[1].edits, vec![upd("a", "b")]);
        assert_eq!(steps[2].edits, vec![upd("b", "c")]);

        let s = state(&g, &["c"]);
        let all = s.applied.clone();
        let steps = g.plan_downgrade(&s, &all);
        assert_eq!(
            ids(&g, steps.iter().map(|s| s.revision)),
            vec!["c", "b", "a"]
        );
        assert_eq!(steps[0].edits, vec![upd("c", "b")]);
        assert_eq!(steps[2].edits, vec![VersionEdit::Delete("a".into())]);
    }

    #[test]
    fn branches_and_merge_keep_one_row_per_head() {
        // a -> b1, a -> b2, merge m(b1, b2)
        let g = graph(&[
            ("a", &[]),
            ("b1", &["a"]),
            ("b2", &["a"]),
            ("m", &["b1", "b2"]),
        ]);
        assert_eq!(ids(&g, g.branch_points()), vec!["a"]);
        let s0 = state(&g, &[]);
        let b1 = g.by_id("b1").unwrap();
        let b2 = g.by_id("b2").unwrap();
        let steps = g.plan_upgrade(&s0, &[b1, b2]);
        assert_eq!(steps[1].edits, vec![upd("a", "b1")]);
        assert_eq!(steps[2].edits, vec![VersionEdit::Insert("b2".into())]);
        let s = state(&g, &["b1", "b2"]);
        assert!(!g.is_at_heads(&s));
        let steps = g.plan_upgrade(&s, &[g.by_id("m").unwrap()]);
        assert_eq!(steps.len(), 1);
        assert_eq!(
            steps[0].edits,
            vec![VersionEdit::Delete("b2".into()), upd("b1", "m")]
        );
        // Downgrading the merge splits it into two rows again.
        let sm = state(&g, &["m"]);
        assert!(g.is_at_heads(&sm));
        let mut remove = RevSet::empty(g.len());
        remove.insert(g.by_id("m").unwrap());
        let steps = g.plan_downgrade(&sm, &remove);
        assert_eq!(
            steps[0].edits,
            vec![upd("m", "b1"), VersionEdit::Insert("b2".into())]
        );
        // Taking b2 away while b1 stays only deletes b2's row.
        let mut remove = RevSet::empty(g.len());
        remove.insert(b2);
        let steps = g.plan_downgrade(&s, &remove);
        assert_eq!(steps[0].edits, vec![VersionEdit::Delete("b2".into())]);
    }

    #[test]
    fn depends_on_orders_and_folds_rows() {
        let mut hs = vec![
            RevisionHeader::new("a", &[]),
            RevisionHeader::new("x", &[]),
            RevisionHeader::new("b", &["a"]),
        ];
        hs[2].depends_on = vec!["x".into()];
        let g = RevisionGraph::build(hs).unwrap();
        // x is still a head (nothing names it as parent), but b needs it first.
        assert_eq!(ids(&g, g.heads()), vec!["x", "b"]);
        let s = state(&g, &["a"]);
        let steps = g.plan_upgrade(&s, &[g.by_id("b").unwrap()]);
        assert_eq!(ids(&g, steps.iter().map(|s| s.revision)), vec!["x", "b"]);
        assert_eq!(steps[0].edits, vec![VersionEdit::Insert("x".into())]);
        assert_eq!(
            steps[1].edits,
            vec![VersionEdit::Delete("x".into()), upd("a", "b")]
        );
        // Ancestry through down edges includes x; the parent lineage does not,
        // consistent with x being a head.
        let (b, x) = (g.by_id("b").unwrap(), g.by_id("x").unwrap());
        assert!(g.ancestors([b]).contains(x));
        assert!(!g.lineage([b]).contains(x));
        assert_eq!(ids(&g, g.lineage([b]).iter()), vec!["a", "b"]);
        for h in g.heads() {
            for k in g.heads() {
                assert!(
                    h == k || !g.lineage([k]).contains(h),
                    "a head is below a head"
                );
            }
        }
    }

    #[test]
    fn stamp_replaces_related_rows_only() {
        let g = graph(&[("a", &[]), ("b", &["a"]), ("x", &[]), ("y", &["x"])]);
        let s = state(&g, &["b", "x"]);
        let rows = g.stamp_rows(&s, &[g.by_id("a").unwrap()], false);
        assert_eq!(ids(&g, rows), vec!["a", "x"]);
        let rows = g.stamp_rows(&s, &[g.by_id("y").unwrap()], false);
        assert_eq!(ids(&g, rows), vec!["b", "y"]);
        let rows = g.stamp_rows(&s, &[g.by_id("a").unwrap()], true);
        assert_eq!(ids(&g, rows), vec!["a"]);
        let rows = g.stamp_rows(&s, &[g.by_id("a").unwrap(), g.by_id("b").unwrap()], true);
        assert_eq!(ids(&g, rows), vec!["b"]);
    }

    #[test]
    fn resolve_ids_labels_and_prefixes() {
        let mut hs = vec![
            RevisionHeader::new("abc123", &[]),
            RevisionHeader::new("abd456", &["abc123"]),
        ];
        hs[1].branch_labels = vec!["feature".into()];
        let g = RevisionGraph::build(hs).unwrap();
        assert_eq!(g.id(g.resolve("abc").unwrap()), "abc123");
        assert_eq!(g.id(g.resolve("feature").unwrap()), "abd456");
        let e = g.resolve("ab").unwrap_err().to_string();
        assert!(
            e.contains("ambiguous") && e.contains("abc123") && e.contains("abd456"),
            "{e}"
        );
        let e = g.resolve("zz").unwrap_err().to_string();
        assert!(e.contains("no revision 'zz'"), "{e}");
    }

    #[test]
    fn bad_graphs_are_reported() {
        let mut a = RevisionHeader::new("a", &[]);
        a.path = Some("v/one.sql".into());
        let mut a2 = RevisionHeader::new("a", &[]);
        a2.path = Some("v/two.sql".into());
        let e = RevisionGraph::build([a.clone(), a2])
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("'a' is defined twice: v/one.sql and v/two.sql"),
            "{e}"
        );

        let mut b = RevisionHeader::new("b", &["nope"]);
        b.path = Some("v/b.sql".into());
        b.parents_line = 2;
        let e = RevisionGraph::build([a.clone(), b])
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("v/b.sql:2: parent 'nope' of revision 'b' does not exist"),
            "{e}"
        );
        let mut b = RevisionHeader::new("b", &["a"]);
        b.path = Some("v/b.sql".into());
        b.parents_line = 2;
        b.depends_on = vec!["qq".into()];
        b.depends_on_line = 3;
        let e = RevisionGraph::build([a.clone(), b])
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("v/b.sql:3: depends-on revision 'qq' of revision 'b' does not exist"),
            "{e}"
        );

        let e = RevisionGraph::build([
            RevisionHeader::new("r", &[]),
            RevisionHeader::new("x", &["z"]),
            RevisionHeader::new("y", &["x"]),
            RevisionHeader::new("z", &["y"]),
        ])
        .unwrap_err()
        .to_string();
        assert!(e.contains("cycle"), "{e}");
        assert!(
            e.contains("x -> y -> z -> x")
                || e.contains("y -> z -> x -> y")
                || e.contains("z -> x -> y -> z"),
            "{e}"
        );

        let mut l1 = RevisionHeader::new("l1", &[]);
        l1.branch_labels = vec!["dup".into()];
        let mut l2 = RevisionHeader::new("l2", &[]);
        l2.branch_labels = vec!["dup".into()];
        let e = RevisionGraph::build([l1, l2]).unwrap_err().to_string();
        assert!(e.contains("branch label 'dup' is used by"), "{e}");
    }

    #[test]
    fn unknown_rows_are_refused() {
        let g = graph(&[("a", &[])]);
        let e = g.state_from_rows(&["zzz".into()]).unwrap_err().to_string();
        assert!(e.contains("'zzz'") && e.contains("stamp --purge"), "{e}");
    }

    #[test]
    fn branch_members_stop_at_the_branch_point() {
        let g = graph(&[
            ("a", &[]),
            ("b", &["a"]),
            ("c1", &["b"]),
            ("d1", &["c1"]),
            ("c2", &["b"]),
        ]);
        let m = g.branch_members(g.by_id("d1").unwrap());
        assert_eq!(ids(&g, m.iter()), vec!["c1", "d1"]);
        let m = g.branch_members(g.by_id("b").unwrap());
        assert_eq!(ids(&g, m.iter()), vec!["a", "b", "c1", "d1", "c2"]);
    }
}
