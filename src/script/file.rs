//! One revision file: parse it into a header and two SQL sections, and print one
//! from a template.
//!
//! The format (documented in README.md, "Revision files"):
//!
//! ```sql
//! -- revision: 3f2a9c1b7d10
//! -- parents: 1a2b3c4d5e6f            (empty for a first revision; "a, b" for a merge)
//! -- message: create users table
//! -- created: 2026-11-24T13:33:00Z
//! -- branch-labels: auth              (optional)
//! -- depends-on: 9e8d7c6b5a40         (optional)
//! -- transactional: false             (optional; default true)
//!
//! -- revise:upgrade
//! CREATE TABLE users (id integer PRIMARY KEY);
//!
//! -- revise:downgrade
//! DROP TABLE users;
//! ```
//!
//! Every line before `-- revise:upgrade` must be blank or a `--` comment; a comment of
//! the form `-- key: value` is a header entry and an unknown key is an error, so that a
//! typo such as `parnets:` cannot silently turn a revision into a new root.
//! This module does no I/O beyond what its caller hands it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The marker line that starts the upgrade section.
pub const UPGRADE_MARKER: &str = "-- revise:upgrade";
/// The marker line that starts the downgrade section.
pub const DOWNGRADE_MARKER: &str = "-- revise:downgrade";

/// The header of a revision: everything the graph needs, nothing it must execute.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RevisionHeader {
    /// The revision id: letters, digits and underscores.
    pub id: String,
    /// Parent revision ids: none for a root, several for a merge.
    pub parents: Vec<String>,
    /// Revisions that must be applied first without being parents (Alembic's `depends_on`).
    pub depends_on: Vec<String>,
    /// Names by which a branch can be targeted (`label@head`).
    pub branch_labels: Vec<String>,
    /// The message given to `revise revision -m`.
    pub message: String,
    /// Creation time as written in the file (RFC 3339, UTC).
    pub created: Option<String>,
    /// False when the revision must run outside a transaction (`CREATE INDEX CONCURRENTLY`).
    pub transactional: bool,
    /// The file it came from, for messages; `None` for revisions built in tests.
    pub path: Option<PathBuf>,
    /// 1-based line of the `parents:` entry, for messages about missing parents.
    pub parents_line: usize,
    /// 1-based line of the `depends-on:` entry (0 when there is none), for
    /// messages about missing dependencies.
    pub depends_on_line: usize,
}

impl RevisionHeader {
    /// A header with the given id and parents and defaults elsewhere (for tests and `merge`).
    pub fn new(id: &str, parents: &[&str]) -> Self {
        RevisionHeader {
            id: id.to_string(),
            parents: parents.iter().map(|p| p.to_string()).collect(),
            transactional: true,
            ..Default::default()
        }
    }

    /// `id (path)` or just `id`, for messages.
    pub fn describe(&self) -> String {
        match &self.path {
            Some(p) => format!("{} ({})", self.id, p.display()),
            None => self.id.clone(),
        }
    }
}

/// One SQL section of a revision file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Section {
    /// The SQL text between the markers.
    pub sql: String,
    /// 1-based line number in the file of the first line of `sql`.
    pub first_line: usize,
    /// The statements of `sql`, once split for a dialect (see [`crate::script::ScriptDirectory::load_for`]).
    pub statements: Option<Vec<crate::script::split::Statement>>,
}

impl Section {
    /// Splits the section for `kind`; errors carry the file and line.
    pub fn split(
        &self,
        path: &Path,
        kind: crate::url::DialectKind,
        verb: &str,
    ) -> Result<Vec<crate::script::split::Statement>> {
        crate::script::split::split_statements(&self.sql, kind).map_err(|e| {
            Error::parse(
                path,
                self.first_line + e.line.saturating_sub(1),
                format!("cannot split the {verb} SQL into statements: {}", e.message),
            )
        })
    }
}

/// A parsed revision file.
#[derive(Debug, Clone)]
pub struct RevisionFile {
    /// The header, shared with the revision graph.
    pub header: Arc<RevisionHeader>,
    /// SQL that moves the database forward.
    pub upgrade: Section,
    /// SQL that moves it back.
    pub downgrade: Section,
    /// The file's text, for the checksum.
    text: String,
    /// The checksum, computed when first asked for: `history` and `heads` never need it.
    checksum: std::sync::OnceLock<String>,
}

impl RevisionFile {
    /// SHA-256 of the file with trailing whitespace of each line ignored (see [`checksum`]).
    pub fn checksum(&self) -> &str {
        self.checksum.get_or_init(|| checksum(&self.text))
    }
}

/// Checks that `id` can be a revision id or branch label: letters, digits, `_`; at most 64.
/// Other characters would clash with target syntax (`+`, `-`, `@`, `:`, `,`).
pub fn validate_name(kind: &str, id: &str) -> std::result::Result<(), String> {
    if id.is_empty() || id.len() > 64 || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(format!(
            "{kind} '{id}' must be 1-64 letters, digits or underscores (+, -, @ and : are target syntax)"
        ));
    }
    Ok(())
}

/// Parses the text of a revision file. `path` is used in error messages only.
pub fn parse_revision(path: &Path, text: &str) -> Result<RevisionFile> {
    let mut header = RevisionHeader {
        transactional: true,
        path: Some(path.to_path_buf()),
        ..Default::default()
    };
    let mut seen_id = false;
    let mut seen_parents = false;
    // Each key's line: a second one is an error, and list entries are
    // reported on their own line.
    let mut key_lines: Vec<(&'static str, usize)> = Vec::new();
    // An editor's byte-order mark is not part of the first line.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.split('\n').collect();
    let mut upgrade_at = None;
    let mut downgrade_at = None;
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim();
        let lineno = i + 1;
        if is_marker(line, UPGRADE_MARKER) {
            if upgrade_at.is_some() {
                return Err(Error::parse(
                    path,
                    lineno,
                    format!("second '{UPGRADE_MARKER}'; a file has one upgrade section"),
                ));
            }
            upgrade_at = Some(i);
            continue;
        }
        if is_marker(line, DOWNGRADE_MARKER) {
            if upgrade_at.is_none() {
                return Err(Error::parse(
                    path,
                    lineno,
                    format!(
                        "'{DOWNGRADE_MARKER}' before '{UPGRADE_MARKER}'; put the upgrade section first"
                    ),
                ));
            }
            if downgrade_at.is_some() {
                return Err(Error::parse(
                    path,
                    lineno,
                    format!("second '{DOWNGRADE_MARKER}'; a file has one downgrade section"),
                ));
            }
            downgrade_at = Some(i);
            continue;
        }
        if upgrade_at.is_some() {
            continue;
        }
        // Header region.
        if line.is_empty() {
            continue;
        }
        let Some(comment) = line.strip_prefix("--") else {
            return Err(Error::parse(
                path,
                lineno,
                format!(
                    "SQL before '{UPGRADE_MARKER}'; the header holds only '-- key: value' comments"
                ),
            ));
        };
        let comment = comment.trim();
        let Some((written, value)) = split_header_entry(comment) else {
            continue; // a free-form comment
        };
        let Some(key) = known_key(written) else {
            return Err(Error::parse(
                path,
                lineno,
                format!(
                    "unknown header key '{}'; known keys: {}",
                    written.to_ascii_lowercase().replace('_', "-"),
                    HEADER_KEYS.join(", ")
                ),
            ));
        };
        if let Some((_, first)) = key_lines.iter().find(|(k, _)| *k == key) {
            return Err(Error::parse(
                path,
                lineno,
                format!(
                    "second '{key}:' (the first is on line {first}); a header names each key once"
                ),
            ));
        }
        key_lines.push((key, lineno));
        let list = |v: &str| -> Result<Vec<String>> {
            let mut out: Vec<String> = Vec::new();
            for entry in v.split([',', ' ']).map(str::trim).filter(|s| !s.is_empty()) {
                if out.iter().any(|e| e == entry) {
                    return Err(Error::parse(
                        path,
                        lineno,
                        format!("{key}: '{entry}' is listed twice"),
                    ));
                }
                out.push(entry.to_string());
            }
            Ok(out)
        };
        match key {
            "revision" => {
                validate_name("revision id", value).map_err(|m| Error::parse(path, lineno, m))?;
                header.id = value.to_string();
                seen_id = true;
            }
            "parents" => {
                header.parents = list(value)?;
                header.parents_line = lineno;
                seen_parents = true;
            }
            "depends-on" => {
                header.depends_on = list(value)?;
                header.depends_on_line = lineno;
            }
            "branch-labels" => header.branch_labels = list(value)?,
            "message" => header.message = value.to_string(),
            "created" => header.created = (!value.is_empty()).then(|| value.to_string()),
            "transactional" => {
                header.transactional = match value.to_ascii_lowercase().as_str() {
                    "true" | "yes" => true,
                    "false" | "no" => false,
                    other => {
                        return Err(Error::parse(
                            path,
                            lineno,
                            format!("transactional: '{other}' is not true or false"),
                        ));
                    }
                }
            }
            _ => unreachable!("HEADER_KEYS and this match list the same keys"),
        }
    }
    for (kind, key, names) in [
        ("parent", "parents", &header.parents),
        ("depends-on entry", "depends-on", &header.depends_on),
        ("branch label", "branch-labels", &header.branch_labels),
    ] {
        let line = key_lines
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(1, |(_, l)| *l);
        for n in names {
            validate_name(kind, n).map_err(|m| Error::parse(path, line, m))?;
        }
    }
    let Some(up) = upgrade_at else {
        return Err(Error::parse(
            path,
            lines.len(),
            format!(
                "no '{UPGRADE_MARKER}' line; a revision file needs '{UPGRADE_MARKER}' and '{DOWNGRADE_MARKER}' sections"
            ),
        ));
    };
    let Some(down) = downgrade_at else {
        return Err(Error::parse(
            path,
            lines.len(),
            format!(
                "no '{DOWNGRADE_MARKER}' line; add one after the upgrade SQL (it may be empty)"
            ),
        ));
    };
    if !seen_id {
        return Err(Error::parse(
            path,
            1,
            "no '-- revision: ID' line in the header",
        ));
    }
    if !seen_parents {
        return Err(Error::parse(
            path,
            1,
            "no '-- parents:' line in the header; write '-- parents:' (empty) for a first revision",
        ));
    }
    let section = |from: usize, to: usize| Section {
        sql: lines[from + 1..to].join("\n"),
        first_line: from + 2,
        statements: None,
    };
    Ok(RevisionFile {
        upgrade: section(up, down),
        downgrade: section(down, lines.len()),
        text: text.to_string(),
        checksum: std::sync::OnceLock::new(),
        header: Arc::new(header),
    })
}

fn is_marker(line: &str, marker: &str) -> bool {
    // Tolerate "--revise:upgrade" and "--  REVISE:UPGRADE": compare what follows
    // the dashes with the marker's own text after its "-- ".
    let bare = &marker[3..];
    line.strip_prefix("--")
        .is_some_and(|rest| rest.trim().eq_ignore_ascii_case(bare))
}

/// `key: value` where key is letters, dashes and underscores (as written).
fn split_header_entry(comment: &str) -> Option<(&str, &str)> {
    let (key, value) = comment.split_once(':')?;
    let key = key.trim();
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '_')
    {
        return None;
    }
    Some((key, value.trim()))
}

/// The header keys, as documented; a key is matched ignoring case, with `_`
/// read as `-` (`Depends_On` is `depends-on`).
const HEADER_KEYS: [&str; 7] = [
    "revision",
    "parents",
    "message",
    "created",
    "branch-labels",
    "depends-on",
    "transactional",
];

fn known_key(written: &str) -> Option<&'static str> {
    HEADER_KEYS.into_iter().find(|k| {
        k.len() == written.len()
            && k.bytes()
                .zip(written.bytes())
                .all(|(k, w)| k == w.to_ascii_lowercase() || (k == b'-' && w == b'_'))
    })
}

/// SHA-256 (hex) of `text` with trailing whitespace removed from each line and
/// trailing blank lines dropped: re-saving a file with another editor's line
/// endings must not count as an edit.
pub fn checksum(text: &str) -> String {
    let mut hasher = Sha256::new();
    let mut pending_blank = 0usize;
    for line in text.split('\n') {
        let line = line.trim_end();
        if line.is_empty() {
            pending_blank += 1;
            continue;
        }
        for _ in 0..pending_blank {
            hasher.update(b"\n");
        }
        pending_blank = 0;
        hasher.update(line.as_bytes());
        hasher.update(b"\n");
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The values a revision-script template is filled with.
#[derive(Debug, Clone, Default)]
pub struct TemplateValues {
    /// Revision id.
    pub revision: String,
    /// Parent ids.
    pub parents: Vec<String>,
    /// The message.
    pub message: String,
    /// Creation time (RFC 3339).
    pub created: String,
    /// The revision must run outside a transaction (`{transactional}` is `false`).
    pub outside_transaction: bool,
    /// Branch labels.
    pub branch_labels: Vec<String>,
    /// Depends-on ids.
    pub depends_on: Vec<String>,
    /// Upgrade SQL (empty for a hand-written revision).
    pub upgrade: String,
    /// Downgrade SQL.
    pub downgrade: String,
}

/// The built-in revision-script template (`templates/script.sql.tmpl`).
pub const DEFAULT_TEMPLATE: &str = include_str!("../../templates/script.sql.tmpl");

/// Fills `template` (placeholders `{revision}`, `{parents}`, `{message}`, `{created}`,
/// `{branch_labels}`, `{depends_on}`, `{transactional}`, `{upgrade}`, `{downgrade}`;
/// `{{`/`}}` for braces).
/// `template_path` names the template in errors.
pub fn render_template(template_path: &Path, template: &str, v: &TemplateValues) -> Result<String> {
    let mut out = String::with_capacity(template.len() + v.upgrade.len() + v.downgrade.len());
    let mut rest = template;
    while let Some(pos) = rest.find(['{', '}']) {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        let line = template[..template.len() - tail.len()]
            .matches('\n')
            .count()
            + 1;
        if tail.starts_with('}') {
            return Err(Error::parse(
                template_path,
                line,
                "stray '}'; write '}}' for a literal brace",
            ));
        }
        let end = tail.find('}').ok_or_else(|| {
            Error::parse(
                template_path,
                line,
                "unclosed '{'; write '{{' for a literal brace",
            )
        })?;
        let name = &tail[1..end];
        let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let value = match name {
            "revision" => v.revision.clone(),
            "parents" => v.parents.join(", "),
            "message" => one_line(&v.message),
            "created" => v.created.clone(),
            "branch_labels" => v.branch_labels.join(", "),
            "depends_on" => v.depends_on.join(", "),
            "transactional" => (!v.outside_transaction).to_string(),
            "upgrade" => v.upgrade.clone(),
            "downgrade" => v.downgrade.clone(),
            other => {
                return Err(Error::parse(
                    template_path,
                    line,
                    format!(
                        "unknown placeholder '{{{other}}}'; known: revision, parents, message, created, branch_labels, depends_on, transactional, upgrade, downgrade"
                    ),
                ));
            }
        };
        out.push_str(&value);
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "-- revision: abc123\n-- parents: p1, p2\n-- message: add users\n-- created: 2026-01-01T00:00:00Z\n-- branch-labels: auth\n-- depends-on: d1\n-- transactional: false\n-- a free comment\n\n-- revise:upgrade\nCREATE TABLE u (id int);\n\n-- revise:downgrade\nDROP TABLE u;\n";

    #[test]
    fn parses_header_and_sections() {
        let f = parse_revision(Path::new("v/a.sql"), GOOD).unwrap();
        let h = &f.header;
        assert_eq!(h.id, "abc123");
        assert_eq!(h.parents, vec!["p1", "p2"]);
        assert_eq!(h.parents_line, 2);
        assert_eq!(h.depends_on_line, 6);
        assert_eq!(h.message, "add users");
        assert_eq!(h.created.as_deref(), Some("2026-01-01T00:00:00Z"));
        assert_eq!(h.branch_labels, vec!["auth"]);
        assert_eq!(h.depends_on, vec!["d1"]);
        assert!(!h.transactional);
        assert_eq!(f.upgrade.sql.trim(), "CREATE TABLE u (id int);");
        assert_eq!(f.upgrade.first_line, 11);
        assert_eq!(f.downgrade.sql.trim(), "DROP TABLE u;");
        assert_eq!(f.downgrade.first_line, 14);
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let t = "\u{feff}-- revision: r1\n-- parents:\n-- revise:upgrade\n-- revise:downgrade\n";
        assert_eq!(
            parse_revision(Path::new("a.sql"), t).unwrap().header.id,
            "r1"
        );
    }

    #[test]
    fn root_revision_has_empty_parents() {
        let t = "-- revision: r1\n-- parents:\n-- revise:upgrade\n-- revise:downgrade\n";
        let f = parse_revision(Path::new("a.sql"), t).unwrap();
        assert!(f.header.parents.is_empty());
        assert!(f.header.transactional);
        assert_eq!(f.upgrade.sql, "");
    }

    #[test]
    fn errors_name_file_and_line() {
        let cases = [
            (
                "-- revision: r1\n-- parnets: x\n-- revise:upgrade\n-- revise:downgrade\n",
                "a.sql:2: unknown header key 'parnets'",
            ),
            (
                "-- revision: r1\n-- parents:\nSELECT 1;\n-- revise:upgrade\n-- revise:downgrade\n",
                "a.sql:3: SQL before",
            ),
            (
                "-- revision: r1\n-- parents:\n-- revise:upgrade\nSELECT 1;\n",
                "a.sql:5: no '-- revise:downgrade'",
            ),
            ("-- revision: r1\n-- parents:\n", "no '-- revise:upgrade'"),
            (
                "-- revision: r1\n-- parents: p1, p1\n-- revise:upgrade\n-- revise:downgrade\n",
                "a.sql:2: parents: 'p1' is listed twice",
            ),
            (
                "-- revision: r1\n-- parents: p1\n-- message: m\n-- parents:\n-- revise:upgrade\n-- revise:downgrade\n",
                "a.sql:4: second 'parents:' (the first is on line 2)",
            ),
            (
                "-- revision: r1\n-- parents:\n-- branch-labels: a b\n-- depends-on: x/y\n-- revise:upgrade\n-- revise:downgrade\n",
                "a.sql:4: ",
            ),
            (
                "-- parents:\n-- revise:upgrade\n-- revise:downgrade\n",
                "a.sql:1: no '-- revision: ID'",
            ),
            (
                "-- revision: r1\n-- revise:upgrade\n-- revise:downgrade\n",
                "no '-- parents:' line",
            ),
            (
                "-- revision: r-1\n-- parents:\n-- revise:upgrade\n-- revise:downgrade\n",
                "a.sql:1: revision id 'r-1'",
            ),
            (
                "-- revision: r1\n-- parents:\n-- transactional: maybe\n-- revise:upgrade\n-- revise:downgrade\n",
                "a.sql:3: transactional: 'maybe'",
            ),
            (
                "-- revision: r1\n-- parents:\n-- revise:downgrade\n-- revise:upgrade\n",
                "a.sql:3: '-- revise:downgrade' before",
            ),
        ];
        for (text, want) in cases {
            let e = parse_revision(Path::new("a.sql"), text)
                .unwrap_err()
                .to_string();
            assert!(e.contains(want), "{e:?} should contain {want:?}");
        }
    }

    #[test]
    fn checksum_ignores_trailing_whitespace_only() {
        let a = checksum("SELECT 1;\nSELECT 2;\n");
        assert_eq!(a, checksum("SELECT 1;  \r\nSELECT 2;\t\r\n\n\n"));
        assert_ne!(a, checksum("SELECT 1;\nSELECT  2;\n"));
        assert_ne!(a, checksum("SELECT 1;\n\nSELECT 2;\n"));
        assert_eq!(a.len(), 64);
    }

    #[test]
    fn default_template_round_trips() {
        let v = TemplateValues {
            revision: "abc".into(),
            parents: vec!["p1".into()],
            message: "two\nlines".into(),
            created: "2026-01-01T00:00:00Z".into(),
            branch_labels: vec![],
            depends_on: vec![],
            outside_transaction: false,
            upgrade: "CREATE TABLE t (id int);".into(),
            downgrade: "DROP TABLE t;".into(),
        };
        let text = render_template(Path::new("t"), DEFAULT_TEMPLATE, &v).unwrap();
        let f = parse_revision(Path::new("x.sql"), &text).unwrap();
        assert_eq!(f.header.id, "abc");
        assert_eq!(f.header.parents, vec!["p1"]);
        assert_eq!(f.header.message, "two lines");
        assert!(f.header.transactional);
        assert!(f.upgrade.sql.contains("CREATE TABLE t"));
        assert!(f.downgrade.sql.contains("DROP TABLE t"));
        let v = TemplateValues {
            outside_transaction: true,
            ..v
        };
        let text = render_template(Path::new("t"), DEFAULT_TEMPLATE, &v).unwrap();
        let f = parse_revision(Path::new("x.sql"), &text).unwrap();
        assert!(!f.header.transactional);
    }

    #[test]
    fn template_errors() {
        let e = render_template(Path::new("t.tmpl"), "a\n{nope}", &TemplateValues::default())
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("t.tmpl:2: unknown placeholder '{nope}'"),
            "{e}"
        );
        assert_eq!(
            render_template(Path::new("t"), "{{x}}", &TemplateValues::default()).unwrap(),
            "{x}"
        );
    }
}
