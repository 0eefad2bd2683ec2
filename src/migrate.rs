//! Migrations from inside an application: a service can bring its database to
//! `head` at start-up with the same runner, lock and checks as the CLI.
//!
//! ```no_run
//! // In main(), before serving:
//! revise::migrate::upgrade("postgresql://app@127.0.0.1:5432/app", "migrations", "head")?;
//! // or, with the settings of an alembic.toml:
//! revise::migrate::Migrator::from_config("alembic.toml")?.upgrade("head")?;
//! # Ok::<(), revise::Error>(())
//! ```
//!
//! Two instances starting together are safe: the migration lock makes the
//! second wait, then find the work done.

use std::path::PathBuf;
use std::time::Duration;

use crate::dialect::{ConnectOptions, connect};
use crate::error::Result;
use crate::runner::{self, Applied, Settings, Silent};
use crate::script::ScriptDirectory;
use crate::script::graph::Direction;
use crate::script::target::{parse_target, validate};
use crate::url::DatabaseUrl;

/// A migration environment: a database URL and a scripts directory (the one
/// holding `versions/`), with runner settings.
#[derive(Debug, Clone)]
pub struct Migrator {
    url: DatabaseUrl,
    scripts_dir: PathBuf,
    settings: Settings,
}

impl Migrator {
    /// An environment with the default settings (version table `revise_version`,
    /// 60 s lock timeout, one transaction per revision). Fails on a malformed URL.
    pub fn new(url: &str, scripts_dir: impl Into<PathBuf>) -> Result<Self> {
        Ok(Migrator {
            url: DatabaseUrl::parse(url)?,
            scripts_dir: scripts_dir.into(),
            settings: Settings::default(),
        })
    }

    /// The settings an `alembic.toml` describes: URL, scripts directory, runner settings.
    pub fn from_config(path: impl AsRef<std::path::Path>) -> Result<Self> {
        let config = crate::config::Config::load(path.as_ref())?;
        let url = config.url()?.ok_or_else(|| crate::Error::Config {
            path: config.path.clone(),
            message: "no [database] url".into(),
        })?;
        let url = DatabaseUrl::parse(url)?.resolve_relative_to(&config.dir);
        Ok(Migrator {
            url,
            scripts_dir: config.scripts_dir.clone(),
            settings: Settings {
                version_table: config.version_table.clone(),
                lock_timeout: config.lock_timeout,
                transaction: config.transaction,
            },
        })
    }

    /// Uses another version table.
    pub fn version_table(mut self, name: &str) -> Self {
        self.settings.version_table = name.to_string();
        self
    }

    /// Waits this long for another runner's lock.
    pub fn lock_timeout(mut self, timeout: Duration) -> Self {
        self.settings.lock_timeout = timeout;
        self
    }

    fn scripts(&self, direction: Direction) -> Result<ScriptDirectory> {
        ScriptDirectory::load_for_direction(
            &self.scripts_dir.join("versions"),
            self.url.dialect(),
            direction,
        )
    }

    fn connect(&self) -> Result<Box<dyn crate::dialect::Database>> {
        connect(
            &self.url,
            &ConnectOptions {
                lock_timeout: self.settings.lock_timeout,
                read_only: false,
            },
        )
    }

    /// Upgrades to `target` (`head`, an id, `+1`, ...); returns the revisions applied.
    pub fn upgrade(&self, target: &str) -> Result<Vec<Applied>> {
        let scripts = self.scripts(Direction::Up)?;
        let target = parse_target(target)?;
        validate(&scripts.graph, &target)?;
        let mut db = self.connect()?;
        runner::upgrade(db.as_mut(), &scripts, &target, &self.settings, &mut Silent)
    }

    /// Downgrades to `target` (`-1`, an id, `base`, ...); returns the revisions taken back.
    pub fn downgrade(&self, target: &str) -> Result<Vec<Applied>> {
        let scripts = self.scripts(Direction::Down)?;
        let target = parse_target(target)?;
        validate(&scripts.graph, &target)?;
        let mut db = self.connect()?;
        runner::downgrade(db.as_mut(), &scripts, &target, &self.settings, &mut Silent)
    }

    /// The revisions the version table records as current.
    pub fn current(&self) -> Result<Vec<String>> {
        let mut db = self.connect()?;
        Ok(runner::recorded(db.as_mut(), &self.settings)?.rows)
    }
}

/// Upgrades the database at `url` to `target` with the revisions under
/// `scripts_dir/versions`, taking the migration lock.
pub fn upgrade(url: &str, scripts_dir: impl Into<PathBuf>, target: &str) -> Result<Vec<Applied>> {
    Migrator::new(url, scripts_dir)?.upgrade(target)
}
