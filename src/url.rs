//! Database URLs: `dialect[+driver]://user:pass@host:port/db?options`, as in SQLAlchemy.
//!
//! This module owns parsing, the redacted display (a password is always shown as
//! `***`) and the connection string handed to the driver. It never connects.

use std::fmt;
use std::path::PathBuf;

use crate::error::{Error, Result};

/// The database families `revise` speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DialectKind {
    /// PostgreSQL (`postgresql://`, `postgres://`).
    Postgres,
    /// MySQL and MariaDB (`mysql://`, `mariadb://`).
    Mysql,
    /// SQLite (`sqlite://path`).
    Sqlite,
}

impl DialectKind {
    /// The canonical name used in messages and config values.
    pub fn name(self) -> &'static str {
        match self {
            DialectKind::Postgres => "postgresql",
            DialectKind::Mysql => "mysql",
            DialectKind::Sqlite => "sqlite",
        }
    }

    /// Parses a dialect name as written in a URL scheme or a config value.
    pub fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "postgresql" | "postgres" | "pg" => Some(DialectKind::Postgres),
            "mysql" | "mariadb" => Some(DialectKind::Mysql),
            "sqlite" | "sqlite3" => Some(DialectKind::Sqlite),
            _ => None,
        }
    }
}

impl fmt::Display for DialectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where the database lives.
#[derive(Clone, PartialEq, Eq)]
enum Location {
    /// A SQLite file; relative paths are resolved by the caller (see [`DatabaseUrl::resolve_relative_to`]).
    File(PathBuf),
    /// A SQLite in-memory database (`sqlite://` or `sqlite://:memory:`).
    Memory,
    /// A server database. `url` is the full URL in the driver's scheme, password included.
    Server { url: url::Url },
}

/// A parsed database URL. Its `Display` never shows the password.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    dialect: DialectKind,
    scheme: String,
    driver: Option<String>,
    location: Location,
}

impl DatabaseUrl {
    /// Parses `dialect[+driver]://...`. Errors name the URL (redacted) and say what is expected.
    pub fn parse(text: &str) -> Result<Self> {
        let text = text.trim();
        let bad = |message: String| Error::Url {
            url: redact_url_text(text),
            message,
        };
        let Some((scheme_part, rest)) = text.split_once("://") else {
            return Err(bad(
                "expected dialect://..., e.g. sqlite://app.db, postgresql://user@127.0.0.1:5432/db or mysql://root@127.0.0.1:3306/db".into(),
            ));
        };
        let (scheme, driver) = match scheme_part.split_once('+') {
            Some((s, d)) => (s, Some(d)),
            None => (scheme_part, None),
        };
        let dialect = DialectKind::from_name(scheme).ok_or_else(|| {
            bad(format!(
                "unknown dialect '{scheme}'; use postgresql, postgres, mysql, mariadb or sqlite"
            ))
        })?;
        if let Some(d) = driver
            && (d.is_empty() || !d.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        {
            return Err(bad(format!(
                "driver '{d}' is not a name; write dialect+driver://, e.g. postgresql+psycopg2://"
            )));
        }
        let location = match dialect {
            DialectKind::Sqlite => parse_sqlite_location(rest).map_err(bad)?,
            DialectKind::Postgres | DialectKind::Mysql => {
                let driver_scheme = match dialect {
                    DialectKind::Postgres => "postgresql",
                    _ => "mysql",
                };
                let url = url::Url::parse(&format!("{driver_scheme}://{rest}")).map_err(|e| {
                    bad(format!(
                        "{e}; expected {scheme}://user:password@host:port/database"
                    ))
                })?;
                if url.host_str().is_none_or(str::is_empty) {
                    return Err(bad(format!(
                        "no host; expected {scheme}://user:password@host:port/database (use 127.0.0.1 for a local server)"
                    )));
                }
                let db = url.path().trim_start_matches('/');
                if db.is_empty() || db.contains('/') {
                    return Err(bad(format!(
                        "no database name; expected {scheme}://user:password@host:port/database"
                    )));
                }
                Location::Server { url }
            }
        };
        Ok(DatabaseUrl {
            dialect,
            scheme: scheme.to_ascii_lowercase(),
            driver: driver.map(str::to_string),
            location,
        })
    }

    /// The dialect this URL selects.
    pub fn dialect(&self) -> DialectKind {
        self.dialect
    }

    /// The `+driver` part, if any. `revise` always connects through its built-in
    /// driver; the name is kept so that URLs shared with SQLAlchemy work unchanged.
    pub fn driver(&self) -> Option<&str> {
        self.driver.as_deref()
    }

    /// The database name (server) or file path (SQLite); `:memory:` for an in-memory SQLite.
    pub fn database(&self) -> String {
        match &self.location {
            Location::File(p) => p.display().to_string(),
            Location::Memory => ":memory:".into(),
            Location::Server { url } => url.path().trim_start_matches('/').to_string(),
        }
    }

    /// The SQLite file, if this is a file-backed SQLite URL.
    pub fn sqlite_path(&self) -> Option<&std::path::Path> {
        match &self.location {
            Location::File(p) => Some(p),
            _ => None,
        }
    }

    /// Resolves a relative SQLite path against `dir` (the config file's directory).
    pub fn resolve_relative_to(mut self, dir: &std::path::Path) -> Self {
        if let Location::File(p) = &self.location
            && p.is_relative()
        {
            self.location = Location::File(dir.join(p));
        }
        self
    }

    /// The same server with another database name (used to create test databases).
    pub fn with_database(&self, name: &str) -> Self {
        let mut copy = self.clone();
        match &mut copy.location {
            Location::Server { url } => url.set_path(&format!("/{name}")),
            Location::File(p) => *p = PathBuf::from(name),
            Location::Memory => copy.location = Location::File(PathBuf::from(name)),
        }
        copy
    }

    /// The connection string the driver takes. It contains the password:
    /// pass it to the driver only, never print it.
    pub fn connection_string(&self) -> String {
        match &self.location {
            Location::File(p) => p.display().to_string(),
            Location::Memory => ":memory:".into(),
            Location::Server { url } => url.as_str().to_string(),
        }
    }

    /// The password, if any, so that driver messages can be scrubbed of it.
    pub fn password(&self) -> Option<String> {
        match &self.location {
            Location::Server { url } => url
                .password()
                .map(percent_decode)
                .or_else(|| query_passwords(url).next()),
            _ => None,
        }
    }

    /// Removes every occurrence of the password from `message`: the one
    /// after `user:` and any `password=` of the query string (libpq takes
    /// its connection parameters there too), raw and percent-decoded.
    pub fn redact(&self, message: &str) -> String {
        let mut out = message.to_string();
        if let Location::Server { url } = &self.location {
            let raw = url.password().map(str::to_string);
            let secrets = raw
                .iter()
                .flat_map(|r| [percent_decode(r), r.clone()])
                .chain(query_passwords(url))
                .chain(raw_query_passwords(url.query().unwrap_or("")));
            for secret in secrets.collect::<Vec<_>>() {
                if !secret.is_empty() {
                    out = out.replace(&secret, "***");
                }
            }
        }
        out
    }
}

impl fmt::Display for DatabaseUrl {
    /// The URL as the user wrote it, with `***` in place of a password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.scheme)?;
        if let Some(d) = &self.driver {
            write!(f, "+{d}")?;
        }
        f.write_str("://")?;
        match &self.location {
            // An absolute path starts with '/', which gives the conventional sqlite:///abs.
            Location::File(p) => write!(f, "{}", p.display()),
            Location::Memory => f.write_str(":memory:"),
            Location::Server { url } => {
                let mut shown = url.clone();
                if shown.password().is_some() {
                    let _ = shown.set_password(Some("***"));
                }
                // A `password=` query parameter (libpq reads one) too.
                let s = redact_query_text(shown.as_str());
                f.write_str(s.split_once("://").map(|(_, r)| r).unwrap_or(&s))
            }
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({self})")
    }
}

fn parse_sqlite_location(rest: &str) -> std::result::Result<Location, String> {
    let path = rest.split_once('?').map(|(p, _)| p).unwrap_or(rest);
    match path {
        "" | ":memory:" => Ok(Location::Memory),
        // sqlite:///abs/path.db: the third slash starts an absolute path.
        p if p.starts_with('/') => Ok(Location::File(PathBuf::from(p))),
        p => Ok(Location::File(PathBuf::from(percent_decode(p)))),
    }
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| s.to_string())
}

/// Whether a query parameter carries a password (libpq's `password`; MySQL
/// clients spell it the same).
fn is_password_key(key: &str) -> bool {
    key.eq_ignore_ascii_case("password")
}

/// The decoded values of the query's `password=` parameters.
fn query_passwords(url: &url::Url) -> impl Iterator<Item = String> + '_ {
    url.query_pairs()
        .filter(|(k, _)| is_password_key(k))
        .map(|(_, v)| v.into_owned())
}

/// The same values as written in `query`, before decoding (`;` separates
/// parameters too, as some clients take it).
fn raw_query_passwords(query: &str) -> impl Iterator<Item = String> + '_ {
    query
        .split(['&', ';'])
        .filter_map(|pair| pair.split_once('='))
        .filter(|(k, _)| is_password_key(k))
        .map(|(_, v)| v.to_string())
}

/// Best-effort redaction of a URL that could not be parsed: hides whatever sits
/// between `://user:` and `@`, and the value of a `password=` parameter.
pub fn redact_url_text(text: &str) -> String {
    let text = &redact_query_text(text);
    let Some((scheme, rest)) = text.split_once("://") else {
        return text.to_string();
    };
    match rest.rfind('@') {
        Some(at) => {
            let creds = &rest[..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{scheme}://{user}:***{}", &rest[at..]),
                None => text.to_string(),
            }
        }
        None => text.to_string(),
    }
}

/// `text` with the value of every `password=` query parameter replaced.
fn redact_query_text(text: &str) -> String {
    let Some((head, query)) = text.split_once('?') else {
        return text.to_string();
    };
    // Each parameter up to the next `&` or `;`, the separators kept.
    let mut out = format!("{head}?");
    let mut rest = query;
    loop {
        let end = rest.find(['&', ';']).unwrap_or(rest.len());
        let pair = &rest[..end];
        match pair.split_once('=') {
            Some((k, _)) if is_password_key(k) => out.push_str(&format!("{k}=***")),
            _ => out.push_str(pair),
        }
        if end == rest.len() {
            break;
        }
        out.push_str(&rest[end..end + 1]);
        rest = &rest[end + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_relative_absolute_and_memory() {
        let u = DatabaseUrl::parse("sqlite://demo.db").unwrap();
        assert_eq!(u.dialect(), DialectKind::Sqlite);
        assert_eq!(u.sqlite_path().unwrap(), std::path::Path::new("demo.db"));
        assert_eq!(u.to_string(), "sqlite://demo.db");
        let u = DatabaseUrl::parse("sqlite:///tmp/x/demo.db").unwrap();
        assert_eq!(
            u.sqlite_path().unwrap(),
            std::path::Path::new("/tmp/x/demo.db")
        );
        assert_eq!(u.to_string(), "sqlite:///tmp/x/demo.db");
        let u = DatabaseUrl::parse("sqlite://").unwrap();
        assert_eq!(u.database(), ":memory:");
        let u = DatabaseUrl::parse("sqlite://sub/dir.db")
            .unwrap()
            .resolve_relative_to(std::path::Path::new("/base"));
        assert_eq!(
            u.sqlite_path().unwrap(),
            std::path::Path::new("/base/sub/dir.db")
        );
    }

    #[test]
    fn a_password_in_the_query_string_is_hidden_too() {
        let u = DatabaseUrl::parse(
            "postgresql://app@127.0.0.1:5432/x?sslmode=disable&password=S3c%21ret",
        )
        .unwrap();
        assert_eq!(u.password().as_deref(), Some("S3c!ret"));
        assert_eq!(
            u.to_string(),
            "postgresql://app@127.0.0.1:5432/x?sslmode=disable&password=***"
        );
        assert_eq!(
            u.redact("bad: password=S3c%21ret or S3c!ret"),
            "bad: password=*** or ***"
        );
        assert_eq!(
            redact_url_text("postgresql://a:b@h/x?password=zz&y=1"),
            "postgresql://a:***@h/x?password=***&y=1"
        );
        let u = DatabaseUrl::parse("postgresql://app@h/x?a=b;password=s3cr3t").unwrap();
        assert_eq!(u.to_string(), "postgresql://app@h/x?a=b;password=***");
        assert_eq!(u.redact("no: s3cr3t"), "no: ***");
    }

    #[test]
    fn server_urls_with_driver_and_redaction() {
        let u =
            DatabaseUrl::parse("postgresql+psycopg2://app:s3cr%40t@127.0.0.1:5432/shop").unwrap();
        assert_eq!(u.dialect(), DialectKind::Postgres);
        assert_eq!(u.driver(), Some("psycopg2"));
        assert_eq!(u.database(), "shop");
        assert_eq!(u.password().as_deref(), Some("s3cr@t"));
        let shown = u.to_string();
        assert_eq!(shown, "postgresql+psycopg2://app:***@127.0.0.1:5432/shop");
        assert!(!format!("{u:?}").contains("s3cr"));
        assert_eq!(u.redact("auth failed for s3cr@t"), "auth failed for ***");
        assert!(
            u.connection_string()
                .starts_with("postgresql://app:s3cr%40t@")
        );

        let m = DatabaseUrl::parse("mariadb://root@127.0.0.1:3306/test").unwrap();
        assert_eq!(m.dialect(), DialectKind::Mysql);
        assert_eq!(m.to_string(), "mariadb://root@127.0.0.1:3306/test");
        assert!(
            m.connection_string()
                .starts_with("mysql://root@127.0.0.1:3306/test")
        );
        assert_eq!(m.with_database("other").database(), "other");
        let p = DatabaseUrl::parse("postgres://u@localhost/db").unwrap();
        assert_eq!(p.dialect(), DialectKind::Postgres);
    }

    #[test]
    fn bad_urls_name_the_problem_without_the_password() {
        let e = DatabaseUrl::parse("oracle://u:pw@h/db")
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown dialect 'oracle'"), "{e}");
        assert!(!e.contains("pw@"), "{e}");
        let e = DatabaseUrl::parse("postgresql://u:pw@127.0.0.1:5432/")
            .unwrap_err()
            .to_string();
        assert!(e.contains("no database name"), "{e}");
        assert!(e.contains("u:***@"), "{e}");
        let e = DatabaseUrl::parse("just-a-path.db")
            .unwrap_err()
            .to_string();
        assert!(e.contains("expected dialect://"), "{e}");
        let e = DatabaseUrl::parse("mysql+my-sql://h/db")
            .unwrap_err()
            .to_string();
        assert!(e.contains("driver"), "{e}");
    }
}
