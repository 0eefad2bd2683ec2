//! The `.env` file: variables that `${VAR}` in `alembic.toml` reads when the
//! process environment does not set them, as Diesel's CLI and sqlx-cli read
//! a project's `DATABASE_URL` from it. The nearest `.env` in the config
//! file's directory or one above it counts (those tools search from the
//! working directory; revise starts where its config is, since relative
//! paths in the config are relative to it too).
//!
//! The file is parsed with `dotenvy` and never loaded into the process
//! environment: the export command and the database client see the
//! environment revise was started with. A line that does not parse is an
//! error naming the file and line, without the line's text, which may hold
//! a password.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The variables of a `.env` file, and where it is.
#[derive(Debug, Default, Clone)]
pub struct EnvFile {
    /// The file read, `None` when there is none.
    pub path: Option<PathBuf>,
    vars: BTreeMap<String, String>,
}

impl EnvFile {
    /// Reads the nearest `.env` in `dir` or a directory above it; an empty
    /// set when there is none.
    pub fn load_nearest(dir: &Path) -> Result<EnvFile> {
        let start = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let start = start.canonicalize().unwrap_or_else(|_| start.to_path_buf());
        match start
            .ancestors()
            .map(|d| d.join(".env"))
            .find(|p| p.is_file())
        {
            Some(path) => Self::load(&path),
            None => Ok(EnvFile::default()),
        }
    }

    /// Reads the `.env` file at `path`.
    pub fn load(path: &Path) -> Result<EnvFile> {
        let err = |message: String| Error::Config {
            path: path.to_path_buf(),
            message,
        };
        let iter = dotenvy::from_path_iter(path).map_err(|e| err(e.to_string()))?;
        let mut vars = BTreeMap::new();
        for item in iter {
            match item {
                Ok((name, value)) => {
                    vars.insert(name, value);
                }
                Err(dotenvy::Error::LineParse(line, _)) => {
                    let number = line_number(path, &line)
                        .map_or_else(String::new, |n| format!("line {n}: "));
                    return Err(err(format!(
                        "{number}not a NAME=value line (its text is not shown: it may hold a secret); \
                         fix it, or quote a value with spaces or # in it"
                    )));
                }
                Err(e) => return Err(err(e.to_string())),
            }
        }
        Ok(EnvFile {
            path: Some(path.to_path_buf()),
            vars,
        })
    }

    /// The value `.env` gives `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }
}

/// The 1-based number of the first line of the file at `path` that holds
/// `text` (dotenvy reports a bad line by its text, not its number).
fn line_number(path: &Path, text: &str) -> Option<usize> {
    let content = std::fs::read_to_string(path).ok()?;
    let first = text.lines().next()?.trim();
    content
        .lines()
        .position(|l| l.trim() == first)
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_env_file_above_the_config_counts() {
        let root = tempfile::tempdir().unwrap();
        let sub = root.path().join("db");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(
            root.path().join(".env"),
            "# comment\nDATABASE_URL=postgresql://app:s3cret@127.0.0.1/app\nexport QUOTED=\"a b\"\n",
        )
        .unwrap();
        let env = EnvFile::load_nearest(&sub).unwrap();
        assert_eq!(
            env.get("DATABASE_URL"),
            Some("postgresql://app:s3cret@127.0.0.1/app")
        );
        assert_eq!(env.get("QUOTED"), Some("a b"));
        assert_eq!(env.get("MISSING"), None);
        // A nearer one wins, whole: the outer file's variables are not merged.
        std::fs::write(sub.join(".env"), "OTHER=1\n").unwrap();
        let env = EnvFile::load_nearest(&sub).unwrap();
        assert_eq!(env.get("OTHER"), Some("1"));
        assert_eq!(env.get("DATABASE_URL"), None);
    }

    #[test]
    fn a_bad_line_is_named_by_number_and_its_text_is_not_shown() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        std::fs::write(&path, "A=1\n\nPASSWORD hunter2\n").unwrap();
        let e = EnvFile::load(&path).unwrap_err().to_string();
        assert!(e.contains(".env") && e.contains("line 3:"), "{e}");
        assert!(!e.contains("hunter2"), "{e}");
    }
}
