//! Revision scripts: the files ([`mod@file`]), the graph they form ([`graph`]),
//! targets ([`target`]) and statement splitting ([`split`]).
//!
//! [`ScriptDirectory::load`] is the only I/O here: it reads every `*.sql` file
//! under the versions directory and builds the graph.

pub mod file;
pub mod graph;
pub mod split;
pub mod target;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::url::DialectKind;
use file::RevisionFile;
use graph::{Direction, Rev, RevisionGraph};

/// All revision files of an environment and the graph they form.
/// Revision `r` of the graph is `files[r]`.
#[derive(Debug, Clone)]
pub struct ScriptDirectory {
    /// The versions directory.
    pub dir: PathBuf,
    /// The parsed files, sorted by path.
    pub files: Vec<RevisionFile>,
    /// The graph.
    pub graph: RevisionGraph,
    /// The dialect every section was split for, if any (see [`ScriptDirectory::load_for`]).
    pub split_for: Option<DialectKind>,
}

impl ScriptDirectory {
    /// Reads every file and also splits every section into statements for
    /// `kind`, so that a malformed script fails before any connection is made.
    pub fn load_for(versions_dir: &Path, kind: DialectKind) -> Result<Self> {
        Self::load_split(versions_dir, kind, &[Direction::Up, Direction::Down])
    }

    /// Like [`ScriptDirectory::load_for`], splitting only the sections a run in
    /// `direction` can execute (half the work for an upgrade of many revisions).
    pub fn load_for_direction(
        versions_dir: &Path,
        kind: DialectKind,
        direction: Direction,
    ) -> Result<Self> {
        Self::load_split(versions_dir, kind, &[direction])
    }

    fn load_split(
        versions_dir: &Path,
        kind: DialectKind,
        directions: &[Direction],
    ) -> Result<Self> {
        let mut scripts = Self::load(versions_dir)?;
        for f in &mut scripts.files {
            let path = f.header.path.clone().unwrap_or_default();
            for d in directions {
                let section = match d {
                    Direction::Up => &mut f.upgrade,
                    Direction::Down => &mut f.downgrade,
                };
                section.statements = Some(section.split(&path, kind, d.verb())?);
            }
        }
        scripts.split_for = Some(kind);
        Ok(scripts)
    }

    /// Reads every `*.sql` file below `versions_dir` (sub-directories included).
    pub fn load(versions_dir: &Path) -> Result<Self> {
        if !versions_dir.is_dir() {
            return Err(Error::Usage(format!(
                "{} is not a directory; run `revise init` to create the environment, or fix [scripts] dir in the config",
                versions_dir.display()
            )));
        }
        let mut paths = Vec::new();
        collect_sql_files(versions_dir, &mut paths)?;
        // Byte order of the whole path: cheaper than comparing path components.
        paths.sort_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
        let mut files = Vec::with_capacity(paths.len());
        for path in paths {
            let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
            files.push(file::parse_revision(&path, &text)?);
        }
        Self::from_files(versions_dir.to_path_buf(), files)
    }

    /// Builds the directory from already parsed files.
    pub fn from_files(dir: PathBuf, files: Vec<RevisionFile>) -> Result<Self> {
        let graph = RevisionGraph::build(files.iter().map(|f| f.header.clone()))?;
        Ok(ScriptDirectory {
            dir,
            files,
            graph,
            split_for: None,
        })
    }

    /// The file of revision `r`.
    pub fn file(&self, r: Rev) -> &RevisionFile {
        &self.files[r]
    }

    /// The path of revision `r`'s file.
    pub fn path(&self, r: Rev) -> &Path {
        self.files[r]
            .header
            .path
            .as_deref()
            .unwrap_or(Path::new("?"))
    }
}

fn collect_sql_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| Error::io(&path, e))?;
        if kind.is_dir() {
            collect_sql_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "sql") {
            out.push(path);
        }
    }
    Ok(())
}
