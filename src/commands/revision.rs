//! `revise revision -m MSG [--head H] [--splice] [--branch-label L] [--depends-on R] [--rev-id ID]`:
//! write a new, empty revision file. Also the file-writing half of `merge` and
//! `autogenerate`.

use std::hash::{BuildHasher, Hasher};
use std::path::PathBuf;

use super::Context;
use crate::error::{Error, Result};
use crate::script::ScriptDirectory;
use crate::script::file::{
    DEFAULT_TEMPLATE, TemplateValues, parse_revision, render_template, validate_name,
};
use crate::script::graph::RevisionGraph;
use crate::script::target::{Target, parse_target, resolve_static, single_head};

/// Options of `revision`.
#[derive(Debug, Clone, Default)]
pub struct RevisionOptions {
    /// `-m`.
    pub message: String,
    /// `--head`: the revision to build on (default: the single head).
    pub head: Option<String>,
    /// `--splice`: allow `--head` to name a revision that is not a head.
    pub splice: bool,
    /// `--branch-label`.
    pub branch_labels: Vec<String>,
    /// `--depends-on`.
    pub depends_on: Vec<String>,
    /// `--rev-id`.
    pub rev_id: Option<String>,
}

/// A revision to write: its place in the graph and its SQL.
#[derive(Debug, Clone, Default)]
pub struct NewRevision {
    /// Parent ids.
    pub parents: Vec<String>,
    /// The message.
    pub message: String,
    /// Branch labels.
    pub branch_labels: Vec<String>,
    /// Depends-on ids.
    pub depends_on: Vec<String>,
    /// A chosen id, else a random one.
    pub rev_id: Option<String>,
    /// The revision must run outside a transaction (autogenerate decides).
    pub outside_transaction: bool,
    /// Upgrade SQL.
    pub upgrade: String,
    /// Downgrade SQL.
    pub downgrade: String,
}

/// Writes an empty revision and prints its path.
pub fn run(ctx: &Context, opts: &RevisionOptions) -> Result<u8> {
    let scripts = ctx.scripts()?;
    let new = place(&scripts.graph, opts)?;
    let path = write(ctx, &scripts, &new)?;
    ctx.ui.info(&format!("generated {}", path.display()));
    Ok(0)
}

/// Resolves where a new revision goes: parents, labels, dependencies.
pub fn place(g: &RevisionGraph, opts: &RevisionOptions) -> Result<NewRevision> {
    let parents = match &opts.head {
        None => single_head(g)
            .map_err(|_| {
                Error::Usage(format!(
                    "the scripts have several heads ({}); pass --head REV (or label@head) to choose one, or run `revise merge heads -m MSG`",
                    g.heads().iter().map(|&r| g.id(r)).collect::<Vec<_>>().join(", ")
                ))
            })?
            .into_iter()
            .collect::<Vec<_>>(),
        Some(h) => {
            let t = parse_target(h)?;
            let revs = resolve_static(g, &t)?;
            if t != Target::Base && !opts.splice {
                for &r in &revs {
                    if !g.children(r).is_empty() {
                        return Err(Error::Usage(format!(
                            "revision {} is not a head; pass --splice to start a new branch from it",
                            g.id(r)
                        )));
                    }
                }
            }
            revs
        }
    };
    let mut depends_on = Vec::new();
    for d in &opts.depends_on {
        depends_on.push(g.id(g.resolve(d)?).to_string());
    }
    for l in &opts.branch_labels {
        validate_name("branch label", l).map_err(Error::Usage)?;
        if g.by_label(l).is_some() || g.by_id(l).is_some() {
            return Err(Error::Usage(format!(
                "branch label '{l}' is already used; pick another"
            )));
        }
    }
    Ok(NewRevision {
        parents: parents.iter().map(|&r| g.id(r).to_string()).collect(),
        message: opts.message.clone(),
        branch_labels: opts.branch_labels.clone(),
        depends_on,
        rev_id: opts.rev_id.clone(),
        outside_transaction: false,
        upgrade: String::new(),
        downgrade: String::new(),
    })
}

/// Renders and writes `new` into the versions directory; checks the result parses
/// and joins the graph before leaving it there.
pub fn write(ctx: &Context, scripts: &ScriptDirectory, new: &NewRevision) -> Result<PathBuf> {
    let (path, text) = render(ctx, scripts, new)?;
    std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
    Ok(path)
}

/// The path and text a new revision would get, checked to parse and to fit the
/// graph, without writing anything.
pub fn render(
    ctx: &Context,
    scripts: &ScriptDirectory,
    new: &NewRevision,
) -> Result<(PathBuf, String)> {
    let g = &scripts.graph;
    let id = match &new.rev_id {
        Some(id) => {
            validate_name("revision id", id).map_err(Error::Usage)?;
            if g.by_id(id).is_some() || g.by_label(id).is_some() {
                return Err(Error::Usage(format!(
                    "revision id '{id}' is already used; pick another --rev-id"
                )));
            }
            id.clone()
        }
        None => loop {
            let id = random_id();
            if g.by_id(&id).is_none() {
                break id;
            }
        },
    };
    let now = chrono::Utc::now();
    let values = TemplateValues {
        revision: id.clone(),
        parents: new.parents.clone(),
        message: new.message.clone(),
        created: now.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        branch_labels: new.branch_labels.clone(),
        depends_on: new.depends_on.clone(),
        outside_transaction: new.outside_transaction,
        upgrade: new.upgrade.trim_end().to_string(),
        downgrade: new.downgrade.trim_end().to_string(),
    };
    let (template_path, template) = load_template(ctx)?;
    let text = render_template(&template_path, &template, &values)?;

    let stem = file_name(&ctx.config.file_template, &now, &id, &new.message).map_err(|m| {
        Error::Config {
            path: ctx.config.path.clone(),
            message: m,
        }
    })?;
    let dir = &scripts.dir;
    let mut path = dir.join(format!("{stem}.sql"));
    if path.exists() {
        path = dir.join(format!("{stem}_{id}.sql"));
    }
    // The template is the user's: make sure what it produced is a valid revision
    // that fits the graph before writing it.
    let parsed = parse_revision(&path, &text).map_err(|e| {
        Error::Usage(format!(
            "the revision template {} gives an invalid file: {e}",
            template_path.display()
        ))
    })?;
    if parsed.header.id != id || parsed.header.parents != new.parents {
        return Err(Error::Usage(format!(
            "the revision template {} must write '-- revision: {{revision}}' and '-- parents: {{parents}}'",
            template_path.display()
        )));
    }
    // A template may make every revision non-transactional, not the reverse.
    if new.outside_transaction && parsed.header.transactional {
        return Err(Error::Usage(format!(
            "the revision template {} must write '-- transactional: {{transactional}}': this revision has to run outside a transaction",
            template_path.display()
        )));
    }
    // Labels and dependencies asked for must not vanish because the template
    // has no line for them.
    for (given, written, key, placeholder, option) in [
        (
            &new.branch_labels,
            &parsed.header.branch_labels,
            "branch-labels",
            "branch_labels",
            "--branch-label",
        ),
        (
            &new.depends_on,
            &parsed.header.depends_on,
            "depends-on",
            "depends_on",
            "--depends-on",
        ),
    ] {
        if !given.is_empty() && written != given {
            return Err(Error::Usage(format!(
                "the revision template {} must write '-- {key}: {{{placeholder}}}' to record {option} {}",
                template_path.display(),
                given.join(", ")
            )));
        }
    }
    let mut files = scripts.files.clone();
    files.push(parsed);
    ScriptDirectory::from_files(dir.clone(), files)?;
    Ok((path, text))
}

fn load_template(ctx: &Context) -> Result<(PathBuf, String)> {
    let configured = ctx.config.script_template.clone();
    let default_path = ctx.config.scripts_dir.join("script.sql.tmpl");
    let path = configured.clone().unwrap_or(default_path);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok((path, text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && configured.is_none() => Ok((
            PathBuf::from("<built-in template>"),
            DEFAULT_TEMPLATE.to_string(),
        )),
        Err(e) => Err(Error::io(&path, e)),
    }
}

/// A random 12-hex-digit id. std's `RandomState` is seeded from the OS per
/// process; mixing in the time keeps ids distinct within one process too.
fn random_id() -> String {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    format!("{:012x}", h.finish() & 0xffff_ffff_ffff)
}

/// Lowercase words of `message` joined by `_`, at most 40 characters.
pub fn slug(message: &str) -> String {
    let mut out = String::new();
    for word in message
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        if out.len() + word.len() + 1 > 40 && !out.is_empty() {
            break;
        }
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(&word);
    }
    out
}

/// Fills the file-name template: `{year}` `{month}` `{day}` `{hour}` `{minute}`
/// `{second}` `{epoch}` `{rev}` `{slug}`. A message without letters or digits
/// has an empty slug; `{slug}` is then the revision id unless the template
/// already holds `{rev}`. A result that is not a plain, visible file name
/// (empty, starting with '.', holding a path separator or '..') is refused.
pub fn file_name(
    template: &str,
    now: &chrono::DateTime<chrono::Utc>,
    rev: &str,
    message: &str,
) -> std::result::Result<String, String> {
    crate::config::validate_file_template(template)?;
    let mut slug = slug(message);
    if slug.is_empty() && !template.contains("{rev}") {
        slug = rev.to_string();
    }
    let name = template
        .replace("{year}", &now.format("%Y").to_string())
        .replace("{month}", &now.format("%m").to_string())
        .replace("{day}", &now.format("%d").to_string())
        .replace("{hour}", &now.format("%H").to_string())
        .replace("{minute}", &now.format("%M").to_string())
        .replace("{second}", &now.format("%S").to_string())
        .replace("{epoch}", &now.timestamp().to_string())
        .replace("{rev}", rev)
        .replace("{slug}", &slug);
    let name = name.trim_end_matches('_');
    if name.is_empty() || name.starts_with('.') || name.contains(['/', '\\']) || name.contains("..")
    {
        return Err(format!(
            "[scripts] file_template '{template}' gives the file name '{name}.sql' for revision {rev}; a revision needs a plain, visible file name"
        ));
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_names() {
        assert_eq!(slug("Add users table!"), "add_users_table");
        assert_eq!(slug("Évolution de l'index"), "évolution_de_l_index");
        assert!(slug(&"word ".repeat(30)).len() <= 40);
        let t = chrono::DateTime::parse_from_rfc3339("2026-11-24T13:05:09Z")
            .unwrap()
            .to_utc();
        assert_eq!(
            file_name(crate::config::DEFAULT_FILE_TEMPLATE, &t, "abc", "Add users").unwrap(),
            "20261124_130509_add_users"
        );
        assert_eq!(file_name("{rev}_{slug}", &t, "abc", "").unwrap(), "abc");
        // An empty slug never makes a hidden or empty name.
        assert_eq!(file_name("{slug}", &t, "abc", "!!!").unwrap(), "abc");
        assert_eq!(file_name("{slug}_", &t, "abc", "").unwrap(), "abc");
        assert_eq!(
            file_name(crate::config::DEFAULT_FILE_TEMPLATE, &t, "abc", "!!!").unwrap(),
            "20261124_130509_abc"
        );
        for bad in ["../{rev}", "sub/{rev}", ".{rev}", "{foo}", "{rev}..{slug}"] {
            assert!(file_name(bad, &t, "abc", "x").is_err(), "{bad}");
        }
        assert!(file_name("_", &t, "abc", "x").is_err(), "empty name");
        assert_eq!(random_id().len(), 12);
        assert_ne!(random_id(), random_id());
    }
}
