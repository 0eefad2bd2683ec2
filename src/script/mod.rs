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
        let files = read_all(&paths)?;
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

/// Reads and parses `paths`, keeping their order. Opening and reading a file
/// is mostly the kernel's time, so a long history is read by a few threads,
/// each taking a contiguous run of files; the first error in path order wins.
fn read_all(paths: &[PathBuf]) -> Result<Vec<RevisionFile>> {
    let read = |path: &PathBuf| -> Result<RevisionFile> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        file::parse_revision(path, &text)
    };
    // Below a few hundred files a thread costs more than it saves.
    const PER_THREAD: usize = 200;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(paths.len().div_ceil(PER_THREAD))
        .clamp(1, 4);
    if threads == 1 {
        return paths.iter().map(read).collect();
    }
    let chunk = paths.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = paths
            .chunks(chunk)
            .map(|run| scope.spawn(move || run.iter().map(read).collect::<Result<Vec<_>>>()))
            .collect();
        let mut files = Vec::with_capacity(paths.len());
        for handle in handles {
            files.extend(handle.join().expect("reading revision files")?);
        }
        Ok(files)
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, n: usize, broken: &[usize]) {
        for i in 0..n {
            let parent = if i == 0 {
                String::new()
            } else {
                format!("r{:04}", i - 1)
            };
            let header = if broken.contains(&i) {
                "-- revision r{i}\n".to_string()
            } else {
                format!("-- revision: r{i:04}\n-- parents: {parent}\n")
            };
            let text = format!("{header}-- revise:upgrade\n-- revise:downgrade\n");
            std::fs::write(dir.join(format!("{i:04}.sql")), text).unwrap();
        }
    }

    /// A long history is read by several threads: the files keep their
    /// order, and of two broken files the first in path order is reported.
    #[test]
    fn a_long_history_reads_in_order_and_reports_the_first_error() {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), 450, &[]);
        let scripts = ScriptDirectory::load(tmp.path()).unwrap();
        let ids: Vec<&str> = scripts.files.iter().map(|f| f.header.id.as_str()).collect();
        let expected: Vec<String> = (0..450).map(|i| format!("r{i:04}")).collect();
        assert_eq!(ids, expected);
        write(tmp.path(), 450, &[120, 400]);
        let e = ScriptDirectory::load(tmp.path()).err().unwrap().to_string();
        assert!(e.contains("0120.sql:1"), "{e}");
    }
}
