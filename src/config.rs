//! `alembic.toml` -> [`Config`].
//!
//! Owns the file format, `${VAR}` / `${VAR:-default}` interpolation and the
//! defaults. It reads the file, the environment and, for a variable the
//! environment lacks, the nearest `.env` file, and nothing else: it neither
//! connects nor looks at the scripts directory. Relative paths in the file are
//! resolved against the file's own directory, so `revise -c sub/alembic.toml`
//! works from anywhere.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::env_file::EnvFile;
use crate::error::{Error, Result};

/// The default config file name, looked up in the working directory.
pub const DEFAULT_CONFIG_FILE: &str = "alembic.toml";
/// The default version table name.
pub const DEFAULT_VERSION_TABLE: &str = "revise_version";
/// The default file-name template: timestamp first, so files sort by creation time.
pub const DEFAULT_FILE_TEMPLATE: &str = "{year}{month}{day}_{hour}{minute}{second}_{slug}";

/// The tokens `[scripts] file_template` may use, in the order the README lists them.
pub const FILE_TEMPLATE_TOKENS: [&str; 9] = [
    "year", "month", "day", "hour", "minute", "second", "epoch", "rev", "slug",
];

/// Checks a `file_template`: only known `{tokens}`, and a plain file name (no
/// path separator, not hidden): revisions are written into the versions directory.
pub fn validate_file_template(template: &str) -> std::result::Result<(), String> {
    let known = || {
        FILE_TEMPLATE_TOKENS
            .iter()
            .map(|t| format!("{{{t}}}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let tail = &rest[open + 1..];
        let Some(close) = tail.find('}') else {
            return Err(format!(
                "[scripts] file_template '{template}' has an unclosed '{{'; tokens are {}",
                known()
            ));
        };
        let name = &tail[..close];
        if !FILE_TEMPLATE_TOKENS.contains(&name) {
            return Err(format!(
                "[scripts] file_template '{template}': unknown token '{{{name}}}'; known tokens: {}",
                known()
            ));
        }
        rest = &tail[close + 1..];
    }
    if template.contains(['/', '\\']) || template.contains("..") {
        return Err(format!(
            "[scripts] file_template '{template}' must be a file name, without '/', '\\' or '..': revisions are written into <dir>/versions"
        ));
    }
    if template.starts_with('.') {
        return Err(format!(
            "[scripts] file_template '{template}' starts with '.': the file would be hidden and never loaded"
        ));
    }
    Ok(())
}
/// The default lock timeout in seconds.
pub const DEFAULT_LOCK_TIMEOUT_SECS: u64 = 60;

/// How the runner groups revisions into transactions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransactionMode {
    /// One transaction per revision (the default): a failure keeps the revisions before it.
    PerRevision,
    /// One transaction for the whole run: a failure keeps nothing (where DDL is transactional).
    Single,
}

/// The settled configuration: every value present, every path absolute or relative to the cwd.
#[derive(Debug, Clone)]
pub struct Config {
    /// The config file this came from.
    pub path: PathBuf,
    /// The config file's directory; relative paths in the file are relative to it.
    pub dir: PathBuf,
    /// `[database] url` after interpolation, unparsed, or why interpolation
    /// failed: read it with [`Config::url`]. Both wait until a command needs the
    /// database, so that `history` or `revision` work while `${DATABASE_URL}` is unset.
    url: Option<std::result::Result<String, String>>,
    /// `[database] echo`: print every SQL statement as it runs.
    pub echo: bool,
    /// `[scripts] dir`: the migration environment; revisions live in `<dir>/versions/`.
    pub scripts_dir: PathBuf,
    /// `[scripts] file_template`: new file names, with `{year}`...`{second}`, `{epoch}`, `{rev}`, `{slug}`.
    pub file_template: String,
    /// `[scripts] template`: the revision-script template; `None` uses `<dir>/script.sql.tmpl`
    /// when it exists, else the built-in one.
    pub script_template: Option<PathBuf>,
    /// `[runner] version_table`.
    pub version_table: String,
    /// `[runner] lock_timeout` (seconds).
    pub lock_timeout: Duration,
    /// `[runner] transaction`.
    pub transaction: TransactionMode,
    /// `[models]`: where the wanted schema comes from.
    pub models: ModelsConfig,
    /// `[autogenerate]`.
    pub autogenerate: AutogenerateConfig,
}

/// The default time limit of a `[models] command`, in seconds: generous,
/// because `cargo run` may have to compile the exporter first.
pub const DEFAULT_COMMAND_TIMEOUT_SECS: u64 = 600;

/// `[models]`: the sources of the wanted schema; paths are resolved.
#[derive(Debug, Clone, Default)]
pub struct ModelsConfig {
    /// `sql`: SQL DDL files.
    pub sql: Vec<PathBuf>,
    /// `diesel`: Diesel `schema.rs` files.
    pub diesel: Vec<PathBuf>,
    /// `json`: files in the JSON model format.
    pub json: Vec<PathBuf>,
    /// `command`: a program and its arguments that print SQL DDL or JSON.
    pub command: Option<Vec<String>>,
    /// `command_timeout` (seconds).
    pub command_timeout: Duration,
    /// `joinable_keys = false`: Diesel's `joinable!` lines are joins for
    /// queries, not foreign keys.
    pub ignore_joinables: bool,
}

impl ModelsConfig {
    /// Whether no source is configured.
    pub fn is_empty(&self) -> bool {
        self.sql.is_empty()
            && self.diesel.is_empty()
            && self.json.is_empty()
            && self.command.is_none()
    }
}

/// `[autogenerate]`.
#[derive(Debug, Clone, Default)]
pub struct AutogenerateConfig {
    /// Table-name globs left out of the comparison on both sides.
    pub exclude: Vec<String>,
    /// PostgreSQL schemas compared besides the default one.
    pub schemas: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    #[serde(default)]
    database: DatabaseSection,
    #[serde(default)]
    scripts: ScriptsSection,
    #[serde(default)]
    runner: RunnerSection,
    #[serde(default)]
    models: ModelsSection,
    #[serde(default)]
    autogenerate: AutogenerateSection,
}

/// A path or a list of paths.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelsSection {
    sql: Option<OneOrMany>,
    diesel: Option<OneOrMany>,
    json: Option<OneOrMany>,
    command: Option<Vec<String>>,
    command_timeout: Option<u64>,
    joinable_keys: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AutogenerateSection {
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    schemas: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DatabaseSection {
    url: Option<String>,
    echo: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScriptsSection {
    dir: Option<String>,
    file_template: Option<String>,
    template: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RunnerSection {
    version_table: Option<String>,
    lock_timeout: Option<u64>,
    transaction: Option<String>,
}

impl Config {
    /// Reads and settles the config file at `path`, taking `${VAR}` values
    /// from the process environment, or else from the nearest `.env` file
    /// (see [`crate::env_file`]), read only when a variable is not set.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::Config {
                    path: path.to_path_buf(),
                    message:
                        "no such config file; run `revise init` to create one, or pass -c PATH"
                            .into(),
                }
            } else {
                Error::io(path, e)
            }
        })?;
        let dir = path.parent().unwrap_or(Path::new(""));
        let env_file = std::cell::OnceCell::new();
        let env_error = std::cell::RefCell::new(None);
        let lookup = |name: &str| {
            if let Ok(value) = std::env::var(name) {
                return Some(value);
            }
            let file = env_file.get_or_init(|| {
                EnvFile::load_nearest(dir).unwrap_or_else(|e| {
                    *env_error.borrow_mut() = Some(e);
                    EnvFile::default()
                })
            });
            file.get(name).map(str::to_string)
        };
        let config = Self::from_str(path, &text, &lookup);
        // A `.env` that does not parse matters only when it was needed.
        match env_error.into_inner() {
            Some(e) => Err(e),
            None => config,
        }
    }

    /// Settles config `text` as if read from `path`, looking variables up with `env`.
    pub fn from_str(path: &Path, text: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Self> {
        let err = |message: String| Error::Config {
            path: path.to_path_buf(),
            message,
        };
        let file: FileConfig =
            toml::from_str(text).map_err(|e| err(describe_toml_error(text, &e)))?;
        // An empty directory (config in the working directory) keeps joined paths
        // short: "migrations", not "./migrations".
        let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let interp = |key: &str, value: Option<String>| -> Result<Option<String>> {
            value
                .map(|v| interpolate(&v, env).map_err(|m| err(format!("{key}: {m}"))))
                .transpose()
        };

        // The URL alone keeps its interpolation error for later (see `Config::url`).
        let url = file
            .database
            .url
            .map(|v| interpolate(&v, env).map_err(|m| format!("[database] url: {m}")));
        let scripts_dir =
            interp("[scripts] dir", file.scripts.dir)?.unwrap_or_else(|| "migrations".into());
        let script_template = interp("[scripts] template", file.scripts.template)?;
        let file_template = file
            .scripts
            .file_template
            .unwrap_or_else(|| DEFAULT_FILE_TEMPLATE.to_string());
        validate_file_template(&file_template).map_err(err)?;
        if !file_template.contains("{rev}")
            && !file_template.contains("{slug}")
            && !file_template.contains("{second}")
        {
            return Err(err(format!(
                "[scripts] file_template '{file_template}' would give every revision the same name; include {{rev}}, {{slug}} or {{second}}"
            )));
        }
        let version_table = file
            .runner
            .version_table
            .unwrap_or_else(|| DEFAULT_VERSION_TABLE.to_string());
        if version_table.is_empty()
            || !version_table
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
            || version_table.len() > 48
        {
            return Err(err(format!(
                "[runner] version_table '{version_table}' must be 1-48 letters, digits or underscores"
            )));
        }
        let transaction = match file.runner.transaction.as_deref() {
            None | Some("per-revision") => TransactionMode::PerRevision,
            Some("single") => TransactionMode::Single,
            Some(other) => {
                return Err(err(format!(
                    "[runner] transaction '{other}' is not a mode; use \"per-revision\" or \"single\""
                )));
            }
        };
        let paths = |key: &str, value: Option<OneOrMany>| -> Result<Vec<PathBuf>> {
            value
                .map(OneOrMany::into_vec)
                .unwrap_or_default()
                .into_iter()
                .map(|p| Ok(dir.join(interp(key, Some(p))?.unwrap_or_default())))
                .collect()
        };
        let command = match file.models.command {
            Some(argv) if argv.is_empty() => {
                return Err(err("[models] command is empty; give the program and its arguments, e.g. [\"cargo\", \"run\", \"--bin\", \"export-schema\"]".into()));
            }
            Some(argv) => Some(
                argv.into_iter()
                    .map(|a| Ok(interp("[models] command", Some(a))?.unwrap_or_default()))
                    .collect::<Result<Vec<_>>>()?,
            ),
            None => None,
        };
        // Zero would stop the command before it could print anything (or not,
        // by a race): a mistake, not a setting.
        if file.models.command_timeout == Some(0) {
            return Err(err(
                "[models] command_timeout must be at least 1 (seconds); leave it out for the default".into(),
            ));
        }
        let models = ModelsConfig {
            sql: paths("[models] sql", file.models.sql)?,
            diesel: paths("[models] diesel", file.models.diesel)?,
            json: paths("[models] json", file.models.json)?,
            command,
            command_timeout: Duration::from_secs(
                file.models
                    .command_timeout
                    .unwrap_or(DEFAULT_COMMAND_TIMEOUT_SECS),
            ),
            ignore_joinables: !file.models.joinable_keys.unwrap_or(true),
        };
        for glob in &file.autogenerate.exclude {
            globset::Glob::new(glob).map_err(|e| {
                err(format!(
                    "[autogenerate] exclude: '{glob}' is not a glob: {e}"
                ))
            })?;
        }
        Ok(Config {
            models,
            autogenerate: AutogenerateConfig {
                exclude: file.autogenerate.exclude,
                schemas: file.autogenerate.schemas,
            },
            path: path.to_path_buf(),
            url,
            echo: file.database.echo.unwrap_or(false),
            scripts_dir: dir.join(scripts_dir),
            file_template,
            script_template: script_template.map(|t| dir.join(t)),
            version_table,
            lock_timeout: Duration::from_secs(
                file.runner
                    .lock_timeout
                    .unwrap_or(DEFAULT_LOCK_TIMEOUT_SECS),
            ),
            transaction,
            dir,
        })
    }

    /// `[database] url` after interpolation (`None` when the file has none).
    /// An interpolation error (an unset `${VAR}`) surfaces here, when a command
    /// needs the URL, not when the file is read.
    pub fn url(&self) -> Result<Option<&str>> {
        match &self.url {
            None => Ok(None),
            Some(Ok(url)) => Ok(Some(url)),
            Some(Err(message)) => Err(Error::Config {
                path: self.path.clone(),
                message: format!("{message}, or pass --url"),
            }),
        }
    }

    /// `<scripts dir>/versions`, where revision files live.
    pub fn versions_dir(&self) -> PathBuf {
        self.scripts_dir.join("versions")
    }
}

/// Renders a TOML error as one line with its line number.
fn describe_toml_error(text: &str, e: &toml::de::Error) -> String {
    let message = crate::error::one_line(e.message(), 300);
    match e.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}: {message}")
        }
        None => message,
    }
}

/// Replaces `${VAR}` (an error when unset) and `${VAR:-default}` (the default when
/// unset or empty, as in the shell); `$$` is a literal `$`.
pub fn interpolate(
    text: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> std::result::Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('$') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some(body) = after.strip_prefix('{') {
            let end = body.find('}').ok_or_else(|| {
                format!("unclosed '${{' in '{text}'; write ${{VAR}} or ${{VAR:-default}}")
            })?;
            let inner = &body[..end];
            let (name, default) = match inner.split_once(":-") {
                Some((n, d)) => (n, Some(d)),
                None => (inner, None),
            };
            // `${A:-x${B}}` would end at the first `}`: refused rather than
            // read as the default `x${B` followed by a stray `}`.
            if default.is_some_and(|d| d.contains("${")) {
                return Err(format!(
                    "'${{{inner}}}}}': a default cannot hold another ${{...}}; write the default out"
                ));
            }
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!(
                    "'${{{inner}}}' is not a variable reference; write ${{VAR}} or ${{VAR:-default}}"
                ));
            }
            match (
                env(name).filter(|v| !v.is_empty() || default.is_none()),
                default,
            ) {
                (Some(v), _) => out.push_str(&v),
                (None, Some(d)) => out.push_str(d),
                (None, None) => {
                    return Err(format!(
                        "environment variable {name} is not set; set it or write ${{{name}:-default}}"
                    ));
                }
            }
            rest = &body[end + 1..];
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "DB_URL" => Some("postgresql://u@h/db".into()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    #[test]
    fn interpolation_forms() {
        assert_eq!(
            interpolate("${DB_URL}", &env).unwrap(),
            "postgresql://u@h/db"
        );
        assert_eq!(
            interpolate("${NOPE:-sqlite://x.db}", &env).unwrap(),
            "sqlite://x.db"
        );
        assert_eq!(interpolate("${EMPTY:-d}", &env).unwrap(), "d");
        assert_eq!(interpolate("${EMPTY}", &env).unwrap(), "");
        assert_eq!(interpolate("a$$b $x", &env).unwrap(), "a$b $x");
        assert!(
            interpolate("${NOPE}", &env)
                .unwrap_err()
                .contains("NOPE is not set")
        );
        assert!(
            interpolate("${NOPE", &env)
                .unwrap_err()
                .contains("unclosed")
        );
        assert!(
            interpolate("${a b}", &env)
                .unwrap_err()
                .contains("not a variable")
        );
        assert_eq!(
            interpolate("${NOPE:-x${DB_URL:-c}}", &env).unwrap_err(),
            "'${NOPE:-x${DB_URL:-c}}': a default cannot hold another ${...}; write the default out"
        );
    }

    #[test]
    fn defaults_and_relative_paths() {
        let c = Config::from_str(Path::new("/proj/alembic.toml"), "", &env).unwrap();
        assert_eq!(c.scripts_dir, PathBuf::from("/proj/migrations"));
        assert_eq!(c.versions_dir(), PathBuf::from("/proj/migrations/versions"));
        assert_eq!(c.version_table, DEFAULT_VERSION_TABLE);
        assert_eq!(c.transaction, TransactionMode::PerRevision);
        assert_eq!(c.lock_timeout, Duration::from_secs(60));
        assert!(c.url().unwrap().is_none());
        assert!(!c.echo);
    }

    #[test]
    fn full_file() {
        let text = r#"
[database]
url = "${DB_URL}"
echo = true
[scripts]
dir = "db"
file_template = "{rev}_{slug}"
template = "db/tmpl.sql"
[runner]
version_table = "my_versions"
lock_timeout = 5
transaction = "single"
[models]
sql = ["models/a.sql", "models/b.sql"]
[autogenerate]
exclude = ["tmp_*"]
schemas = ["billing"]
"#;
        let c = Config::from_str(Path::new("alembic.toml"), text, &env).unwrap();
        assert_eq!(c.url().unwrap(), Some("postgresql://u@h/db"));
        assert!(c.echo);
        assert_eq!(c.scripts_dir, PathBuf::from("db"));
        assert_eq!(c.script_template, Some(PathBuf::from("db/tmpl.sql")));
        assert_eq!(c.version_table, "my_versions");
        assert_eq!(c.lock_timeout, Duration::from_secs(5));
        assert_eq!(c.transaction, TransactionMode::Single);
        assert_eq!(
            c.models.sql,
            vec![PathBuf::from("models/a.sql"), PathBuf::from("models/b.sql")]
        );
        assert_eq!(c.autogenerate.exclude, vec!["tmp_*"]);
        assert_eq!(c.autogenerate.schemas, vec!["billing"]);
        let one = Config::from_str(
            Path::new("x/alembic.toml"),
            "[models]\nsql = 'schema.sql'\n",
            &env,
        )
        .unwrap();
        assert_eq!(one.models.sql, vec![PathBuf::from("x/schema.sql")]);
        assert!(
            !one.models.ignore_joinables,
            "joinable! lines are keys by default"
        );
        let joins = Config::from_str(
            Path::new("a.toml"),
            "[models]\ndiesel = 'schema.rs'\njoinable_keys = false\n",
            &env,
        )
        .unwrap();
        assert!(joins.models.ignore_joinables);
        let e = Config::from_str(
            Path::new("a.toml"),
            "[autogenerate]\nexclude = ['[']\n",
            &env,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("not a glob"), "{e}");
    }

    #[test]
    fn unknown_keys_and_bad_values_are_named() {
        let e = Config::from_str(
            Path::new("a.toml"),
            "[models]\ncommand = ['true']\ncommand_timeout = 0\n",
            &env,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("command_timeout must be at least 1"), "{e}");
        let e = Config::from_str(
            Path::new("a.toml"),
            "[database]\nurl = 'x'\nurll = 'y'\n",
            &env,
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("a.toml: line 3:"), "{e}");
        assert!(e.contains("urll"), "{e}");
        let e = Config::from_str(
            Path::new("a.toml"),
            "[runner]\ntransaction = 'sometimes'\n",
            &env,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("'sometimes' is not a mode"), "{e}");
        // An unset variable in the URL fails only when the URL is asked for,
        // so that commands which never connect still work; other keys fail at once.
        let c = Config::from_str(
            Path::new("a.toml"),
            "[database]\nurl = '${MISSING}'\n",
            &env,
        )
        .unwrap();
        let e = c.url().unwrap_err().to_string();
        assert_eq!(
            e,
            "a.toml: [database] url: environment variable MISSING is not set; set it or write ${MISSING:-default}, or pass --url"
        );
        let e = Config::from_str(
            Path::new("a.toml"),
            "[database]\nurl = '${MISSING}'\n[scripts]\ndir = '${MISSING}'\n",
            &env,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("[scripts] dir: environment variable MISSING is not set"),
            "{e}"
        );
        let e = Config::from_str(
            Path::new("a.toml"),
            "[database]\nurl = '${MISSING}'\nurll = 'y'\n",
            &env,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("urll"), "{e}");
        let e = Config::from_str(
            Path::new("a.toml"),
            "[runner]\nversion_table = 'a;b'\n",
            &env,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("version_table"), "{e}");
    }

    #[test]
    fn file_templates_are_checked() {
        let load = |t: &str| {
            Config::from_str(
                Path::new("a.toml"),
                &format!("[scripts]\nfile_template = '{t}'\n"),
                &env,
            )
            .map(|c| c.file_template)
            .map_err(|e| e.to_string())
        };
        assert_eq!(load("{epoch}_{rev}").unwrap(), "{epoch}_{rev}");
        let e = load("{rev}_{foo}").unwrap_err();
        assert!(
            e.contains("unknown token '{foo}'")
                && e.contains(
                    "known tokens: {year} {month} {day} {hour} {minute} {second} {epoch} {rev} {slug}"
                ),
            "{e}"
        );
        assert!(load("{rev").unwrap_err().contains("unclosed"));
        for bad in ["../{rev}", "sub/{rev}", "a\\{rev}", "{rev}..x"] {
            let e = load(bad).unwrap_err();
            assert!(e.contains("must be a file name"), "{bad}: {e}");
        }
        assert!(load(".{rev}").unwrap_err().contains("hidden"));
    }
}
