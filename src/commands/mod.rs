//! One file per verb. Commands orchestrate: they read the config, build plain
//! settings for the layers below, call the library and print through [`Ui`].
//! Each returns the process exit code for a clean outcome (0, or 1 for a clean "no").

pub mod autogenerate;
pub mod branches;
pub mod check;
pub mod current;
pub mod downgrade;
pub mod heads;
pub mod history;
pub mod init;
pub mod merge;
pub mod rehash;
pub mod revision;
pub mod schema;
pub mod show;
pub mod stamp;
pub mod upgrade;

use std::path::PathBuf;

use crate::config::Config;
use crate::dialect::{ConnectOptions, Database, Dialect};
use crate::error::{Error, Result};
use crate::runner::Settings;
use crate::script::ScriptDirectory;
use crate::script::target::{Range, Target, parse_range, parse_target};
use crate::ui::Ui;
use crate::url::DatabaseUrl;

/// Global options, from the command line.
#[derive(Debug, Clone, Default)]
pub struct GlobalOptions {
    /// `-c/--config`; `None` means `./alembic.toml`.
    pub config: Option<PathBuf>,
    /// `--url`, overriding `[database] url`.
    pub url: Option<String>,
    /// `--echo`.
    pub echo: bool,
    /// `-q`.
    pub quiet: bool,
    /// `--no-input`.
    pub no_input: bool,
}

/// What every command gets: the settled config, the global flags and the printer.
pub struct Context {
    /// The config file's contents.
    pub config: Config,
    /// Global flags.
    pub options: GlobalOptions,
    /// The printer.
    pub ui: Ui,
}

impl Context {
    /// Loads the config named by the options.
    pub fn load(options: GlobalOptions) -> Result<Self> {
        let path = options
            .config
            .clone()
            .unwrap_or_else(|| PathBuf::from(crate::config::DEFAULT_CONFIG_FILE));
        let config = Config::load(&path)?;
        Ok(Self::with(config, options))
    }

    /// A context over `config`, with the printer the options ask for.
    fn with(config: Config, options: GlobalOptions) -> Self {
        Context {
            ui: Ui::new(options.quiet),
            config,
            options,
        }
    }

    /// Loads the config named by the options; with none named and none in
    /// the working directory, `--url` given, the defaults: for a command that
    /// reads only the database (`schema`), a URL is all it needs.
    pub fn load_or_defaults(options: GlobalOptions) -> Result<Self> {
        let default = std::path::Path::new(crate::config::DEFAULT_CONFIG_FILE);
        if options.config.is_some() || options.url.is_none() || default.exists() {
            return Self::load(options);
        }
        let config = Config::from_str(default, "", &|name| std::env::var(name).ok())?;
        Ok(Self::with(config, options))
    }

    /// Whether statements are echoed.
    pub fn echo(&self) -> bool {
        self.options.echo || self.config.echo
    }

    /// The database URL: `--url` first (relative SQLite paths from the working
    /// directory), then the config file (relative to the file).
    pub fn url(&self) -> Result<DatabaseUrl> {
        if let Some(u) = &self.options.url {
            return DatabaseUrl::parse(u);
        }
        let text = self.config.url()?.ok_or_else(|| Error::Config {
            path: self.config.path.clone(),
            message: "no [database] url; set one, or pass --url".into(),
        })?;
        Ok(DatabaseUrl::parse(text)?.resolve_relative_to(&self.config.dir))
    }

    /// The dialect of the configured URL, without connecting.
    pub fn dialect(&self) -> Result<&'static dyn Dialect> {
        Ok(crate::dialect::dialect_for(self.url()?.dialect()))
    }

    /// Connects to the configured database.
    pub fn connect(&self) -> Result<Box<dyn Database>> {
        self.connect_with(false)
    }

    /// Connects for reading only: a SQLite file that does not exist yet reads
    /// as an empty database and is not created.
    pub fn connect_read_only(&self) -> Result<Box<dyn Database>> {
        self.connect_with(true)
    }

    fn connect_with(&self, read_only: bool) -> Result<Box<dyn Database>> {
        crate::dialect::connect(
            &self.url()?,
            &ConnectOptions {
                lock_timeout: self.config.lock_timeout,
                read_only,
            },
        )
    }

    /// Reads the models and the live schema at the same time (the models on
    /// another thread: parsing them costs about what the catalog queries wait),
    /// then compares them, printing the comparison's warnings. The database
    /// is only read.
    pub fn compare_with_models(&self) -> Result<(Box<dyn Database>, crate::autogen::Comparison)> {
        self.compare_renaming(&[])
    }

    /// [`Context::compare_with_models`] once rename decisions are taken: the
    /// models' silent parts come from the database as the renames leave it
    /// (see [`crate::autogen::compare_renaming`]). Warnings, the models' and
    /// the comparison's, were printed by the first comparison.
    pub fn compare_with_models_renaming(
        &self,
        renames: &[crate::diff::Rename],
    ) -> Result<crate::autogen::Comparison> {
        self.compare_renaming(renames).map(|(_, c)| c)
    }

    fn compare_renaming(
        &self,
        renames: &[crate::diff::Rename],
    ) -> Result<(Box<dyn Database>, crate::autogen::Comparison)> {
        let url = self.url()?;
        let settings = self.autogen_settings();
        std::thread::scope(|s| {
            // The models are read while the database is: only MySQL's need
            // a word from the server first (its version, for executable
            // comments), sent as soon as it is connected. A failed connection
            // sends nothing; its error is reported below.
            let (version_tx, version_rx) = std::sync::mpsc::channel();
            let kind = url.dialect();
            let models = s.spawn(move || {
                let server = match kind {
                    crate::url::DialectKind::Mysql => version_rx.recv().ok().flatten(),
                    _ => None,
                };
                self.load_models_for(kind, server, !renames.is_empty())
            });
            let live = self.connect_read_only().and_then(|mut db| {
                if kind == crate::url::DialectKind::Mysql {
                    let _ = version_tx.send(db.server_version());
                }
                drop(version_tx);
                crate::autogen::introspect(db.as_mut(), &settings).map(|schema| (db, schema))
            });
            let models = models
                .join()
                .map_err(|_| Error::Usage("reading the models panicked".into()))??;
            let (mut db, current) = live?;
            let comparison =
                crate::autogen::compare_renaming(db.as_mut(), current, models, &settings, renames)?;
            if renames.is_empty() {
                for w in &comparison.warnings {
                    self.ui.warn(w);
                }
            }
            Ok((db, comparison))
        })
    }

    /// The revision files and their graph.
    pub fn scripts(&self) -> Result<ScriptDirectory> {
        ScriptDirectory::load(&self.config.versions_dir())
    }

    /// The revision files with every section split for the configured dialect:
    /// what commands that run SQL use, so a malformed script fails before connecting.
    pub fn scripts_for_run(
        &self,
        direction: crate::script::graph::Direction,
    ) -> Result<ScriptDirectory> {
        ScriptDirectory::load_for_direction(
            &self.config.versions_dir(),
            self.url()?.dialect(),
            direction,
        )
    }

    /// The runner settings from `[runner]`.
    pub fn settings(&self) -> Settings {
        Settings {
            version_table: self.config.version_table.clone(),
            lock_timeout: self.config.lock_timeout,
            transaction: self.config.transaction,
        }
    }

    /// The autogenerate settings from `[autogenerate]` and `[runner]`.
    pub fn autogen_settings(&self) -> crate::autogen::AutogenSettings {
        crate::autogen::AutogenSettings {
            schemas: self.config.autogenerate.schemas.clone(),
            exclude: self.config.autogenerate.exclude.clone(),
            version_table: self.config.version_table.clone(),
        }
    }

    /// Reads every configured model source for `kind`, printing what the
    /// sources skipped.
    pub fn load_models(&self, kind: crate::url::DialectKind) -> Result<crate::source::Loaded> {
        self.load_models_for(kind, None, false)
    }

    /// [`Context::load_models`] for a MySQL or MariaDB server of the given
    /// `VERSION()` text; `quiet` leaves the models' warnings unprinted (a
    /// second reading, whose warnings the first printed).
    pub fn load_models_for(
        &self,
        kind: crate::url::DialectKind,
        mysql_server: Option<String>,
        quiet: bool,
    ) -> Result<crate::source::Loaded> {
        let models = &self.config.models;
        if models.is_empty() {
            return Err(Error::Config {
                path: self.config.path.clone(),
                message: "no [models] configured; add e.g. [models] sql = \"schema.sql\"".into(),
            });
        }
        let sources = crate::source::Sources {
            sql: models.sql.clone(),
            diesel: models.diesel.clone(),
            json: models.json.clone(),
            command: models.command.clone(),
            command_timeout: models.command_timeout,
            ignore_joinables: models.ignore_joinables,
            dir: self.config.dir.clone(),
            mysql_server,
        };
        let loaded = crate::source::load(&sources, kind)?;
        if !quiet {
            for w in &loaded.warnings {
                self.ui.warn(w);
            }
        }
        Ok(loaded)
    }

    /// Prints `--sql` output: each statement terminated.
    pub fn print_sql(&self, statements: &[String]) {
        for s in statements {
            self.ui.sql(s);
        }
    }
}

/// Parses a target; a range is accepted only where `allow_range` (with `--sql`).
pub(crate) fn parse_target_or_range(text: &str, allow_range: bool) -> Result<Range> {
    if text.contains(':') {
        if !allow_range {
            return Err(Error::Usage(format!(
                "'{text}' is a range; ranges FROM:TO are for --sql (offline) runs"
            )));
        }
        parse_range(text)
    } else {
        Ok(Range {
            start: None,
            end: Some(parse_target(text)?),
        })
    }
}

/// The end of a range, which commands require.
pub(crate) fn range_end(range: &Range, text: &str) -> Result<Target> {
    range
        .end
        .clone()
        .ok_or_else(|| Error::Usage(format!("'{text}' has no target after ':'")))
}

/// One revision as a line, Alembic-style: `parent -> id (head) (branchpoint), message`.
pub(crate) fn revision_line(
    g: &crate::script::graph::RevisionGraph,
    r: crate::script::graph::Rev,
) -> String {
    let h = g.header(r);
    let parents = if h.parents.is_empty() {
        "<base>".to_string()
    } else {
        h.parents.join(", ")
    };
    format!("{parents} -> {}{}, {}", h.id, tags(g, r), h.message)
}

/// ` (head)`, ` (branchpoint)`, ` (mergepoint)`, ` (label)` markers of a revision.
pub(crate) fn tags(
    g: &crate::script::graph::RevisionGraph,
    r: crate::script::graph::Rev,
) -> String {
    let h = g.header(r);
    let mut out = String::new();
    if g.children(r).is_empty() {
        out.push_str(" (head)");
    }
    if g.children(r).len() > 1 {
        out.push_str(" (branchpoint)");
    }
    if h.parents.len() > 1 {
        out.push_str(" (mergepoint)");
    }
    if !h.branch_labels.is_empty() {
        out.push_str(&format!(" ({})", h.branch_labels.join(", ")));
    }
    out
}
