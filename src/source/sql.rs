//! SQL DDL models -> [`Schema`], parsed with sqlparser in the database's dialect.
//!
//! Owns reading model files written as DDL: `CREATE TABLE`, `ALTER TABLE ... ADD`
//! and `ALTER COLUMN`, `CREATE INDEX`, `CREATE TYPE ... AS ENUM`, `ALTER TYPE ...
//! ADD VALUE` and `COMMENT ON`, PostgreSQL's `CREATE EXTENSION`, `CREATE
//! SCHEMA`, `CREATE SEQUENCE` and `CREATE DOMAIN`, and MariaDB's `CREATE
//! SEQUENCE`, including schema dumps (pg_dump, mariadb-dump).
//! The spellings it emits are a contract with the dialect normalizers (see the
//! conventions in [`crate::schema`]): identifiers folded the way the database
//! folds them, types, defaults and expressions as sqlparser prints them.
//! Statements that describe no modelled object are skipped with a warning.
//!
//! It must not normalize (that is each dialect's job), touch a database or print:
//! warnings are returned as data in [`Loaded`]. sqlparser stays inside this
//! module and its children.
//!
//! Each file is split into statements by the same splitter that runs revision
//! files ([`crate::script::split`]: strings, dollar quotes and `BEGIN ... END`
//! bodies never split), then each statement is parsed on its own, so that one
//! sqlparser cannot read can be skipped when it plainly models nothing.
//!
//! Files are read in order and statements run in order, as the database would
//! run them: an `ALTER TABLE`, `CREATE INDEX` or `COMMENT ON` must follow the
//! table it names. Only a `REFERENCES` without columns waits until every file is
//! read, so that a foreign key can point into a later file.

mod index;
mod mariadb_sequence;
mod mysql_dialect;
mod mysql_grammar;
mod names;
mod postgres_grammar;
mod sqlite_grammar;
mod sqlite_hex;
mod sqlite_types;
mod sqlite_virtual;
mod table;

pub use sqlite_grammar::parse_sqlite;
pub use sqlite_types::reparse_with_sqlite_types;
pub use sqlite_virtual::{VirtualTable, virtual_table};
pub use table::{deferrable, generated_column, sqlite_table_options};
#[cfg(test)]
mod tests;
mod text;
pub use text::Server;

use std::fmt;
use std::path::{Path, PathBuf};

use sqlparser::ast::{
    AlterType, AlterTypeAddValuePosition, AlterTypeOperation, CommentObject, CreateDomain,
    CreateExtension, Ident, IndexType, ObjectName, SchemaName, SequenceOptions, Statement,
    UserDefinedTypeCompositeAttributeDef, UserDefinedTypeRepresentation,
};
use sqlparser::parser::{Parser, ParserError};

use super::Loaded;
use crate::error::{Error, Result, one_line};
use crate::schema::{
    Composite, CompositeAttribute, Domain, EnumType, Extension, QualifiedName, Schema, Sequence,
    Table,
};
use crate::script::split::{
    Statement as SplitStatement, Stop, for_each_statement, sqlparser_dialect,
};
use crate::url::DialectKind;
use mysql_grammar::Mended;
use names::{IdentityLists, Names};

/// Parses one file's text into a schema. `path` names it in errors and
/// warnings. A `REFERENCES` without columns must find its target in this text.
pub fn parse_sql(path: &Path, text: &str, kind: DialectKind) -> Result<Loaded> {
    let mut model = Model::new(kind);
    model.read(path, text)?;
    model.finish()
}

/// Reads and merges several files, in order. A table, index or enum defined
/// twice (in one file or in two) is an error naming both places; foreign keys
/// may point into another file; warnings of all files are collected.
///
/// `server` is the MySQL or MariaDB server the models are for, when known:
/// a versioned executable comment counts only where it would run.
pub fn load_files(paths: &[PathBuf], kind: DialectKind, server: Option<Server>) -> Result<Loaded> {
    let mut model = Model::new(kind);
    model.server = server;
    for path in paths {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        model.read(path, &text)?;
    }
    model.finish()
}

/// Reads files on top of `base`, the tables another source defined (Diesel's
/// `schema.rs`): the files may then add indexes, constraints, defaults and
/// comments to those tables with ALTER TABLE, CREATE INDEX and COMMENT ON.
/// `base_origin` names the other source in messages about clashes.
pub fn load_files_onto(
    base: Schema,
    base_origin: &Path,
    paths: &[PathBuf],
    kind: DialectKind,
    server: Option<Server>,
) -> Result<Loaded> {
    let mut model = Model::new(kind);
    model.server = server;
    let origin = Origin {
        path: base_origin.to_path_buf(),
        line: 1,
    };
    for (i, t) in base.tables.into_iter().enumerate() {
        model
            .base_columns
            .extend(t.columns.iter().map(|c| (i, c.name.clone())));
        model.tables.push(TableMeta {
            origin: origin.clone(),
            primary_key: t.primary_key.as_ref().map(|_| origin.clone()),
        });
        model.push_table(t);
    }
    for e in base.enums {
        model.enums.push(origin.clone());
        model.schema.enums.push(e);
    }
    for path in paths {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        model.read(path, &text)?;
    }
    model.finish()
}

/// Where something was written: a file and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Origin {
    path: PathBuf,
    line: usize,
}

impl Origin {
    /// For a statement's origin: the file line where `ident` was written
    /// (sqlparser's spans count lines from the statement's start; an empty
    /// span is line 0), or the statement's line.
    fn at(&self, ident: &Ident) -> Origin {
        let line = ident.span.start.line as usize;
        Origin {
            path: self.path.clone(),
            line: if line > 0 {
                self.line + line - 1
            } else {
                self.line
            },
        }
    }

    fn error(&self, message: impl fmt::Display) -> Error {
        Error::parse(&self.path, self.line, message)
    }

    fn warning(&self, message: impl fmt::Display) -> String {
        format!("{self}: {message}")
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.path.display(), self.line)
    }
}

/// Where a table and its primary key were defined.
struct TableMeta {
    origin: Origin,
    primary_key: Option<Origin>,
}

/// A foreign key whose `REFERENCES` named no columns: resolved to the target's
/// primary key once every file is read.
struct PendingFk {
    table: usize,
    fk: usize,
    origin: Origin,
}

/// The schema being built from statements, with where each object came from.
struct Model {
    names: Names,
    /// The MySQL or MariaDB server, when known (see [`load_files`]).
    server: Option<Server>,
    schema: Schema,
    /// Parallel to `schema.tables`.
    tables: Vec<TableMeta>,
    /// Parallel to `schema.enums`.
    enums: Vec<Origin>,
    /// Where each named index was defined, by its namespace (see
    /// [`Model::index_namespace`]) and its name as the dialect compares it:
    /// a second definition of the name is an error.
    indexes: std::collections::HashMap<(QualifiedName, String), Origin>,
    pending: Vec<PendingFk>,
    /// Tables a later `ALTER TABLE ... ATTACH PARTITION` made partitions:
    /// left out at the end, as introspection leaves partitions out.
    partitions: Vec<QualifiedName>,
    /// Tables a later `CREATE VIEW` of the same name replaced: mysqldump
    /// (5.0 to 5.6) first writes a stand-in table of `tinyint` columns for
    /// each view, so that views using views can be created, then drops it
    /// (`/*!50001 DROP TABLE IF EXISTS v*/`, boilerplate here) for the view.
    /// Left out at the end: they are not tables of the schema.
    view_stand_ins: Vec<QualifiedName>,
    /// Each `CREATE SEQUENCE` read, with its name as `sequence_key` spells
    /// it and where it was written: at the end, those no column owns are the
    /// models' sequences.
    sequences: Vec<(QualifiedName, Sequence, Origin)>,
    /// Sequences some column owns (a set: a dump of thousands of serial
    /// columns has as many).
    owned_sequences: std::collections::HashSet<QualifiedName>,
    /// Views and materialized views read (and skipped), by `table_key`: a
    /// dump's `CREATE INDEX` or `COMMENT ON COLUMN` on one is skipped too,
    /// where a table missing from the models is an error.
    views: std::collections::HashSet<QualifiedName>,
    /// MySQL columns written `BINARY` without a character set of their own
    /// (table, column, where): they take the `_bin` collation of the
    /// table's, known once the statement is read (see
    /// `Model::resolve_binary`).
    binary_pending: Vec<(usize, String, Origin)>,
    warnings: Vec<String>,
    /// Statements skipped so far, by kind ([`names::kind_of`]): the position
    /// of the kind's one warning in `warnings`, the first statement's origin
    /// and beginning, and how many there were. A dump's hundred GRANTs make
    /// one warning.
    skipped: std::collections::HashMap<String, (usize, Origin, String, usize)>,
    /// Columns another source (Diesel's `schema.rs`) defined, by table
    /// position: a companion file may restate one with `MODIFY COLUMN`.
    base_columns: Vec<(usize, String)>,
    /// Positions in `schema.tables` by name with the default schema removed:
    /// every statement looks its table up, so a scan would make reading
    /// thousands of tables quadratic.
    positions: std::collections::HashMap<QualifiedName, usize>,
    /// SQLite's virtual tables read (and skipped): at the end, the tables
    /// of the models that are their shadow tables are left out.
    virtual_tables: Vec<VirtualTable>,
}

impl Model {
    fn new(kind: DialectKind) -> Self {
        Model {
            names: Names { kind },
            server: None,
            schema: Schema::default(),
            tables: Vec::new(),
            enums: Vec::new(),
            indexes: std::collections::HashMap::new(),
            pending: Vec::new(),
            partitions: Vec::new(),
            view_stand_ins: Vec::new(),
            sequences: Vec::new(),
            owned_sequences: std::collections::HashSet::new(),
            views: std::collections::HashSet::new(),
            binary_pending: Vec::new(),
            warnings: Vec::new(),
            skipped: std::collections::HashMap::new(),
            base_columns: Vec::new(),
            positions: std::collections::HashMap::new(),
            virtual_tables: Vec::new(),
        }
    }

    fn kind(&self) -> DialectKind {
        self.names.kind
    }

    /// Splits `text` into statements, parses each and applies it to the model.
    ///
    /// Statements are parsed one at a time so that one sqlparser cannot read
    /// (SQLite's `PRAGMA foreign_keys = ON`, a dialect's procedural block) can
    /// be skipped when it plainly describes nothing modelled; any other parse
    /// failure is an error, since a misread table would become a wrong migration.
    fn read(&mut self, path: &Path, text: &str) -> Result<()> {
        let (text, meta_commands) = match self.kind() {
            DialectKind::Postgres => text::without_meta_commands(text),
            DialectKind::Mysql => (
                text::apply_delimiters(&text::open_executable_comments(text, self.server)),
                Vec::new(),
            ),
            DialectKind::Sqlite => (text.to_string(), Vec::new()),
        };
        let text = text.as_str();
        // Recent pg_dump versions bracket every dump with \restrict and
        // \unrestrict, a guard for psql: nothing to say about those.
        let meta_commands = meta_commands
            .into_iter()
            .filter(|(_, c)| !matches!(c.as_str(), "\\restrict" | "\\unrestrict"));
        for (line, command) in meta_commands {
            let origin = Origin {
                path: path.to_path_buf(),
                line,
            };
            self.warn(
                &origin,
                format!("skipped psql meta-command {command}: it is not SQL"),
            );
        }
        let dialect: Box<dyn sqlparser::dialect::Dialect> = match self.kind() {
            DialectKind::Mysql => Box::new(mysql_dialect::MysqlModels),
            other => sqlparser_dialect(other),
        };
        let kind = self.kind();
        // A statement's text rewritten for another try, parsed (MySQL's
        // mended first, see `sql/mysql_grammar.rs`).
        let reparse = |retry: &str| match kind {
            DialectKind::Mysql => mysql_grammar::parse(retry),
            _ => Parser::new(dialect.as_ref())
                .try_with_sql(retry)
                .and_then(|mut parser| parser.parse_statements())
                .map(|parsed| (parsed, Mended::default())),
        };
        let done = for_each_statement(text, self.kind(), &mut |statement, tokens| {
            let origin = Origin {
                path: path.to_path_buf(),
                line: statement.line,
            };
            // A virtual table's arguments are its module's to read (`fts5(a,
            // content='x')`), not sqlparser's: skipped unread.
            if kind == DialectKind::Sqlite
                && let Some(table) = sqlite_virtual::virtual_table_of(&tokens)
            {
                self.virtual_tables.push(table);
                self.skipped_statement(&statement.sql, &origin, String::new());
                return Ok(());
            }
            // MariaDB's CREATE SEQUENCE, which sqlparser reads only in
            // PostgreSQL's form, and the SETVAL after each in a dump.
            if kind == DialectKind::Mysql {
                match mariadb_sequence::create_sequence(&statement.sql) {
                    Some(Ok(create)) => {
                        return self.create_mariadb_sequence(create, &statement.sql, &origin);
                    }
                    Some(Err(e)) => return Err(syntax_error(text, &statement, &origin, &e)),
                    None if mariadb_sequence::sets_counters_only(&statement.sql) => {
                        return Ok(());
                    }
                    None => {}
                }
            }
            // The splitter's tokens are reused: tokenizing is most of the cost
            // of reading thousands of tables.
            let mut unread = Vec::new();
            let mut key_storage = false;
            let mut mended = Mended::default();
            let tokens = match kind {
                DialectKind::Sqlite => sqlite_grammar::mend(&statement.sql, tokens),
                DialectKind::Mysql => {
                    let (tokens, taken) = mysql_grammar::mend(tokens);
                    mended = taken;
                    tokens
                }
                DialectKind::Postgres => postgres_grammar::mend(tokens),
            };
            let mut versioning = false;
            let mut partitioned = false;
            // Each retry that succeeds hands over what its mend took out.
            let mut retried = |retry: &str, e: ParserError| {
                reparse(retry)
                    .map(|(parsed, taken)| {
                        mended = taken;
                        parsed
                    })
                    .map_err(|_| e)
            };
            let parsed = Parser::new(dialect.as_ref())
                .with_tokens_with_locations(tokens)
                .parse_statements()
                .or_else(|e| match text::mariadb_spellings(&statement.sql) {
                    Some((retry, stripped)) if kind == DialectKind::Mysql => {
                        let parsed = retried(&retry, e);
                        versioning = stripped && parsed.is_ok();
                        parsed
                    }
                    _ => Err(e),
                })
                .or_else(|e| {
                    // An identity's options are read if sqlparser can read
                    // them once the sequence name is gone, else dropped.
                    for identity in [IdentityLists::SequenceName, IdentityLists::Whole] {
                        let Some((retry, reported)) =
                            names::without_unread_lists(&statement.sql, identity)
                        else {
                            continue;
                        };
                        let parsed = match kind {
                            DialectKind::Sqlite => sqlite_grammar::parse_sqlite(&retry),
                            _ => retried(&retry, e.clone()),
                        };
                        if parsed.is_ok() {
                            unread = reported;
                            return parsed;
                        }
                    }
                    Err(e)
                })
                .or_else(|e| match text::without_partitioning(&statement.sql) {
                    Some(retry) if kind == DialectKind::Mysql => {
                        let parsed = retried(&retry, e);
                        partitioned = parsed.is_ok();
                        parsed
                    }
                    _ => Err(e),
                })
                .or_else(
                    |e| match names::without_key_storage_parameters(&statement.sql) {
                        Some(retry) => {
                            let parsed = retried(&retry, e);
                            key_storage = parsed.is_ok();
                            parsed
                        }
                        None => Err(e),
                    },
                )
                .or_else(|e| match kind {
                    // SQLite takes any run of names as a type (`UNSIGNED BIG INT`).
                    DialectKind::Sqlite => sqlite_types::reparse_with_sqlite_types(&statement.sql)
                        .map_or(Err(e.clone()), |r| r.map_err(|_| e)),
                    _ => Err(e),
                });
            if parsed.is_ok() {
                if versioning {
                    self.warn(
                        &origin,
                        "WITH SYSTEM VERSIONING is not modelled; ignored (a versioned table keeps its history; a table a revision creates is not versioned)",
                    );
                }
                if partitioned {
                    self.warn(
                        &origin,
                        "PARTITION BY is not modelled; ignored (a partitioned table keeps its partitions; a table a revision creates is not partitioned)",
                    );
                }
                if key_storage {
                    self.warn(
                        &origin,
                        "WITH (storage parameters) of a key's index is not modelled; ignored",
                    );
                }
                for warning in unread {
                    self.warn(&origin, warning);
                }
            }
            match parsed {
                Ok(list) => {
                    for mut parsed in list {
                        if let (Statement::CreateIndex(create), Some(method)) =
                            (&mut parsed, mended.index_method)
                        {
                            create.using = Some(IndexType::Custom(Ident::new(method)));
                        }
                        self.statement(parsed, &mended, &statement.sql, &origin)?;
                    }
                    if let Some((table, engine)) = &mended.alter_engine {
                        self.alter_engine(table, engine, &origin)?;
                    }
                }
                Err(_) if names::is_dump_boilerplate(&statement.sql) => {}
                Err(e) => {
                    // Forms sqlparser cannot read that still model something.
                    let domain = match kind {
                        DialectKind::Postgres => names::domain_text(&statement.sql),
                        _ => None,
                    };
                    match (names::sequence_owned_by(&statement.sql), domain) {
                        (Some(sequence), _) => {
                            let key = self.sequence_key(&sequence, &origin)?;
                            self.owned_sequences.insert(key);
                        }
                        (None, Some((name, definition))) => {
                            self.add_domain(name, definition.to_string(), &origin)?;
                        }
                        // Skipped read or not: that sqlparser could not is
                        // no news (and no failure) to the user.
                        (None, None) if names::describes_nothing_modelled(&statement.sql) => {
                            self.skipped_statement(&statement.sql, &origin, String::new());
                        }
                        (None, None) => return Err(syntax_error(text, &statement, &origin, &e)),
                    }
                }
            }
            Ok(())
        });
        match done {
            Ok(()) => {}
            Err(Stop::Caller(e)) => return Err(e),
            Err(Stop::Split(e)) => {
                let quoted =
                    names::beginning(text.lines().nth(e.line.saturating_sub(1)).unwrap_or(""));
                return Err(Error::parse(
                    path,
                    e.line,
                    format!("cannot parse `{quoted}`: {}", one_line(&e.message, 300)),
                ));
            }
        }
        Ok(())
    }

    /// Applies one parsed statement; `mended` is what the MySQL mend took
    /// out of it, `sql` its text for warnings.
    fn statement(
        &mut self,
        statement: Statement,
        mended: &Mended,
        sql: &str,
        origin: &Origin,
    ) -> Result<()> {
        match statement {
            Statement::CreateTable(create) => self.create_table(&create, mended, sql, origin),
            Statement::AlterTable(alter) => self.alter_table(&alter, mended, sql, origin),
            Statement::CreateIndex(create) => self.create_index(&create, &mended.key(0), origin),
            Statement::CreateType {
                name,
                representation: Some(UserDefinedTypeRepresentation::Enum { labels }),
            } => self.create_enum(&name, &labels, origin),
            Statement::CreateType {
                name,
                representation: Some(UserDefinedTypeRepresentation::Composite { attributes }),
            } if self.kind() == DialectKind::Postgres => {
                self.create_composite(&name, &attributes, origin)
            }
            Statement::AlterType(alter) => self.alter_enum(&alter, origin),
            Statement::CreateSequence {
                name,
                temporary: false,
                sequence_options,
                ..
            } if self.kind() == DialectKind::Postgres => {
                self.create_sequence(&name, &sequence_options, origin)
            }
            Statement::Comment {
                object_type: CommentObject::Table,
                object_name,
                comment,
                ..
            } => self.comment_on_table(&object_name, comment, origin),
            Statement::Comment {
                object_type: CommentObject::Column,
                object_name,
                comment,
                ..
            } => self.comment_on_column(&object_name, comment, origin),
            Statement::Comment {
                object_type: CommentObject::Index,
                object_name,
                comment,
                ..
            } if self.kind() == DialectKind::Postgres => {
                self.comment_on_index(&object_name, comment, sql, origin)
            }
            Statement::CreateSchema {
                schema_name: SchemaName::Simple(name) | SchemaName::NamedAuthorization(name, _),
                ..
            } if self.kind() == DialectKind::Postgres => {
                let name = self.names.parts(&name).map_err(|m| origin.error(m))?;
                if let [schema] = name.as_slice() {
                    self.schema.schemas.push(schema.clone());
                }
                Ok(())
            }
            Statement::CreateExtension(create) => {
                self.create_extension(&create, sql, origin);
                Ok(())
            }
            Statement::CreateDomain(create) if self.kind() == DialectKind::Postgres => {
                self.create_domain(&create, origin)
            }
            // pg_dump describes each extension it creates; the comment is the
            // extension's own, not the models'.
            Statement::Comment {
                object_type: CommentObject::Extension,
                ..
            } => Ok(()),
            _ => {
                self.skip(sql, origin);
                Ok(())
            }
        }
    }

    /// A sequence's name as `CREATE SEQUENCE` and `ALTER SEQUENCE ... OWNED
    /// BY` are matched on: folded like any identifier (quoted parts exact), the
    /// default schema left out, since a dump qualifies both and hand-written
    /// models may qualify neither or only one.
    fn sequence_key(&self, name: &ObjectName, origin: &Origin) -> Result<QualifiedName> {
        let q = self.names.qualified(name).map_err(|m| origin.error(m))?;
        Ok(self.names.default_schema(&q))
    }

    /// `CREATE SEQUENCE` (PostgreSQL): a sequence of its own, unless it is
    /// given to a column (`OWNED BY`, here or in a later `ALTER SEQUENCE`, as
    /// pg_dump writes every `serial` column), which makes it the column's.
    fn create_sequence(
        &mut self,
        name: &ObjectName,
        options: &[SequenceOptions],
        origin: &Origin,
    ) -> Result<()> {
        let written_name = self.names.qualified(name).map_err(|m| origin.error(m))?;
        let key = self.sequence_key(name, origin)?;
        if options
            .iter()
            .any(|o| matches!(o, SequenceOptions::OwnedBy(Some(_))))
        {
            self.owned_sequences.insert(key.clone());
        }
        let written: String = options
            .iter()
            .filter(|o| !matches!(o, SequenceOptions::OwnedBy(_)))
            .map(|o| o.to_string())
            .collect();
        self.sequences.push((
            key,
            Sequence {
                schema: written_name.schema,
                name: written_name.name,
                options: (!written.is_empty()).then_some(written),
                owned_by: None,
            },
            origin.clone(),
        ));
        Ok(())
    }

    /// MariaDB's `CREATE SEQUENCE` (10.3 and later): a sequence of its own,
    /// with its options as written. MySQL has no sequences, nor MariaDB
    /// before 10.3: for such a server (when known) it is an error, as the
    /// revision would fail. A temporary sequence is the session's, not the
    /// schema's: skipped. Defined twice, the second is an error, as on the
    /// server, unless it says `OR REPLACE` (it replaces the first) or `IF
    /// NOT EXISTS` (it is left out).
    fn create_mariadb_sequence(
        &mut self,
        create: mariadb_sequence::CreateSequence,
        sql: &str,
        origin: &Origin,
    ) -> Result<()> {
        let written = self
            .names
            .qualified(&create.name)
            .map_err(|m| origin.error(m))?;
        if let Some(server) = self.server {
            let version = format!("{}.{}", server.version / 10_000, server.version / 100 % 100);
            if !server.mariadb {
                return Err(origin.error(format!(
                    "CREATE SEQUENCE {written}: MySQL {version} has no sequences (MariaDB has them from 10.3); use an AUTO_INCREMENT column"
                )));
            }
            if server.version < 100_300 {
                return Err(origin.error(format!(
                    "CREATE SEQUENCE {written}: MariaDB {version} has no sequences (they came in 10.3); use an AUTO_INCREMENT column"
                )));
            }
        }
        if create.temporary {
            self.skip(sql, origin);
            return Ok(());
        }
        let key = self.sequence_key(&create.name, origin)?;
        let sequence = Sequence {
            schema: written.schema,
            name: written.name,
            options: (!create.options.is_empty()).then_some(create.options),
            owned_by: None,
        };
        match self.sequences.iter().position(|(k, _, _)| *k == key) {
            None => self.sequences.push((key, sequence, origin.clone())),
            Some(i) if create.or_replace => self.sequences[i] = (key, sequence, origin.clone()),
            Some(_) if create.if_not_exists => {}
            Some(i) => {
                return Err(origin.error(format!(
                    "sequence {} is defined twice (first at {}); write CREATE OR REPLACE SEQUENCE to replace it",
                    sequence.qualified(),
                    self.sequences[i].2
                )));
            }
        }
        Ok(())
    }

    /// `CREATE DOMAIN name AS ...` (PostgreSQL): kept with its definition as
    /// sqlparser prints it, to be created as written.
    fn create_domain(&mut self, create: &CreateDomain, origin: &Origin) -> Result<()> {
        let mut definition = create.data_type.to_string();
        if let Some(collation) = &create.collation {
            definition.push_str(&format!(" COLLATE {collation}"));
        }
        if let Some(default) = &create.default {
            definition.push_str(&format!(" DEFAULT {default}"));
        }
        for constraint in &create.constraints {
            definition.push_str(&format!(" {constraint}"));
        }
        self.add_domain(create.name.clone(), definition, origin)
    }

    /// Adds domain `name` (as written) with its definition; one name defined
    /// twice is an error.
    fn add_domain(&mut self, name: ObjectName, definition: String, origin: &Origin) -> Result<()> {
        let mut parts = self.names.parts(&name).map_err(|m| origin.error(m))?;
        let Some(name) = parts.pop() else {
            return Ok(());
        };
        let schema = parts.pop();
        if self
            .schema
            .domains
            .iter()
            .any(|d| d.name == name && d.schema == schema)
        {
            return Err(origin.error(format!("domain {name} is defined twice")));
        }
        self.schema.domains.push(Domain {
            schema,
            name,
            definition,
        });
        Ok(())
    }

    /// `CREATE EXTENSION name [SCHEMA s]` (PostgreSQL). Listed twice (each
    /// file that needs it may say so) it is one extension; a VERSION is the
    /// server's choice and is not compared.
    fn create_extension(&mut self, create: &CreateExtension, sql: &str, origin: &Origin) {
        if self.kind() != DialectKind::Postgres {
            self.skip(sql, origin);
            return;
        }
        if create.version.is_some() {
            self.warn(
                origin,
                format!(
                    "extension {}: VERSION is not modelled; the server's default is installed",
                    create.name
                ),
            );
        }
        let extension = Extension {
            name: self.names.ident(&create.name),
            schema: create.schema.as_ref().map(|s| self.names.ident(s)),
        };
        if !self
            .schema
            .extensions
            .iter()
            .any(|e| e.name == extension.name)
        {
            self.schema.extensions.push(extension);
        }
    }

    /// Records that a statement was read but describes nothing modelled;
    /// a dump's boilerplate goes unmentioned.
    fn skip(&mut self, sql: &str, origin: &Origin) {
        if names::is_dump_boilerplate(sql) {
            return;
        }
        self.skipped_statement(sql, origin, String::new());
    }

    /// Reports a skipped statement, `why` after its beginning (such as why
    /// sqlparser could not read it). Statements of one kind share one
    /// warning, at the first of them, which counts them once there are more.
    fn skipped_statement(&mut self, sql: &str, origin: &Origin, why: String) {
        const MODELLED: &str =
            "revise models tables, indexes, types, sequences, extensions and comments";
        if let Some(view) = names::view_name(sql)
            && let Ok(view) = self.names.qualified(&view)
        {
            let key = self.names.table_key(&view);
            if self.find_table(&view).is_some() {
                self.view_stand_ins.push(view);
            }
            self.views.insert(key);
        }
        let kind = names::kind_of(sql);
        match self.skipped.get_mut(&kind) {
            Some((at, first, beginning, count)) => {
                *count += 1;
                self.warnings[*at] = first.warning(format!(
                    "skipped {count} {kind} statements (the first here: {beginning}): {MODELLED}"
                ));
            }
            None => {
                let beginning = names::beginning(sql);
                self.warnings
                    .push(origin.warning(format!("skipped {beginning}{why}: {MODELLED}")));
                self.skipped.insert(
                    kind,
                    (self.warnings.len() - 1, origin.clone(), beginning, 1),
                );
            }
        }
    }

    fn warn(&mut self, origin: &Origin, message: impl fmt::Display) {
        self.warnings.push(origin.warning(message));
    }

    /// `CREATE TYPE name AS (x int, y text COLLATE "C")` (PostgreSQL): each
    /// attribute's type is folded as a column's is, so the normalizer sees
    /// the same text for both.
    fn create_composite(
        &mut self,
        name: &ObjectName,
        attributes: &[UserDefinedTypeCompositeAttributeDef],
        origin: &Origin,
    ) -> Result<()> {
        let name = self.names.qualified(name).map_err(|m| origin.error(m))?;
        let key = self.names.default_schema(&name);
        if self
            .schema
            .composites
            .iter()
            .any(|c| self.names.default_schema(&c.qualified()) == key)
        {
            return Err(origin.error(format!("composite type {name} is defined twice")));
        }
        let mut attrs: Vec<CompositeAttribute> = Vec::with_capacity(attributes.len());
        for a in attributes {
            let attr = self.names.ident(&a.name);
            if attrs.iter().any(|x| x.name == attr) {
                return Err(origin.error(format!(
                    "composite type {name}: attribute {attr} is defined twice"
                )));
            }
            let mut ty = self.names.data_type(&a.data_type);
            if let Some(collation) = &a.collation {
                ty.push_str(&format!(" COLLATE {collation}"));
            }
            attrs.push(CompositeAttribute { name: attr, ty });
        }
        self.schema.composites.push(Composite {
            schema: name.schema,
            name: name.name,
            attributes: attrs,
        });
        Ok(())
    }

    /// `CREATE TYPE name AS ENUM (...)`.
    fn create_enum(&mut self, name: &ObjectName, labels: &[Ident], origin: &Origin) -> Result<()> {
        let name = self.names.qualified(name).map_err(|m| origin.error(m))?;
        let key = self.names.default_schema(&name);
        if let Some(i) = self
            .schema
            .enums
            .iter()
            .position(|e| self.names.default_schema(&e.qualified()) == key)
        {
            return Err(origin.error(format!(
                "enum type {name} is defined twice (first at {})",
                self.enums[i]
            )));
        }
        self.schema.enums.push(EnumType {
            schema: name.schema,
            name: name.name,
            // Labels are string literals: their text is exact, never folded.
            values: labels.iter().map(|l| l.value.clone()).collect(),
        });
        self.enums.push(origin.clone());
        Ok(())
    }

    /// `ALTER TYPE name ADD VALUE [IF NOT EXISTS] 'x' [BEFORE|AFTER 'y']` adds a
    /// label; a rename is refused, since models state the wanted end result.
    fn alter_enum(&mut self, alter: &AlterType, origin: &Origin) -> Result<()> {
        let name = self
            .names
            .qualified(&alter.name)
            .map_err(|m| origin.error(m))?;
        let key = self.names.default_schema(&name);
        let Some(e) = self
            .schema
            .enums
            .iter()
            .position(|e| self.names.default_schema(&e.qualified()) == key)
        else {
            return Err(origin.error(format!(
                "ALTER TYPE names enum type {name}, which is not defined before this line in the models"
            )));
        };
        let AlterTypeOperation::AddValue(add) = &alter.operation else {
            return Err(origin.error(format!(
                "ALTER TYPE {name} {}: models describe the wanted schema, \
                 write the final definition instead of changing it",
                alter.operation
            )));
        };
        let values = &mut self.schema.enums[e].values;
        let label = add.value.value.clone();
        if values.contains(&label) {
            if add.if_not_exists {
                return Ok(());
            }
            return Err(origin.error(format!("enum type {name} already has label '{label}'")));
        }
        let at = match &add.position {
            None => values.len(),
            Some(AlterTypeAddValuePosition::Before(next)) => {
                position_of(values, &next.value, &name, origin)?
            }
            Some(AlterTypeAddValuePosition::After(previous)) => {
                position_of(values, &previous.value, &name, origin)? + 1
            }
        };
        values.insert(at, label);
        Ok(())
    }

    /// `COMMENT ON TABLE t IS '...'` (`IS NULL` removes the comment).
    fn comment_on_table(
        &mut self,
        name: &ObjectName,
        comment: Option<String>,
        origin: &Origin,
    ) -> Result<()> {
        let name = self.names.qualified(name).map_err(|m| origin.error(m))?;
        let t = self.table_index(&name, "COMMENT ON TABLE", origin)?;
        self.schema.tables[t].comment = comment;
        Ok(())
    }

    /// `COMMENT ON COLUMN [schema.]table.column IS '...'`.
    fn comment_on_column(
        &mut self,
        name: &ObjectName,
        comment: Option<String>,
        origin: &Origin,
    ) -> Result<()> {
        let mut parts = self.names.parts(name).map_err(|m| origin.error(m))?;
        let (Some(column), true) = (parts.pop(), (1..=2).contains(&parts.len())) else {
            return Err(origin.error(format!(
                "COMMENT ON COLUMN {name}: write the column as table.column or schema.table.column"
            )));
        };
        let table = QualifiedName {
            name: parts.pop().unwrap_or_default(),
            schema: parts.pop(),
        };
        if self.is_view(&table) {
            self.warn(
                origin,
                format!("skipped COMMENT ON COLUMN {name}: {table} is a view, which revise does not model"),
            );
            return Ok(());
        }
        let t = self.table_index(&table, "COMMENT ON COLUMN", origin)?;
        let table = &mut self.schema.tables[t];
        let Some(col) = table.columns.iter_mut().find(|c| c.name == column) else {
            return Err(origin.error(format!(
                "COMMENT ON COLUMN {name}: table {} has no column {column}",
                QualifiedName {
                    schema: table.schema.clone(),
                    name: table.name.clone()
                }
            )));
        };
        col.comment = comment;
        Ok(())
    }

    /// `COMMENT ON INDEX [schema.]index IS '...'` (PostgreSQL): the comment
    /// of an index the models define before this line, named or (by the name
    /// PostgreSQL gives it) unnamed. The index of a primary key or unique
    /// constraint, which pg_dump comments the same way, is no [`Index`] of
    /// the models: its comment is skipped with a warning.
    fn comment_on_index(
        &mut self,
        name: &ObjectName,
        comment: Option<String>,
        sql: &str,
        origin: &Origin,
    ) -> Result<()> {
        use crate::dialect::postgres::names as pg;
        let name = self.names.qualified(name).map_err(|m| origin.error(m))?;
        let schema = self.names.default_schema(&name).schema;
        let in_schema = |t: &Table| {
            self.names.default_schema(&t.qualified()).schema.as_deref() == schema.as_deref()
        };
        let found = self
            .schema
            .tables
            .iter()
            .enumerate()
            .find_map(|(t, table)| {
                if !in_schema(table) {
                    return None;
                }
                let i = table.indexes.iter().position(|i| match &i.name {
                    Some(n) => *n == name.name,
                    None => pg::index_name(&table.name, i) == name.name,
                })?;
                Some((t, i))
            });
        if let Some((t, i)) = found {
            self.schema.tables[t].indexes[i].comment = comment;
            return Ok(());
        }
        let constraint = self.schema.tables.iter().any(|t| {
            in_schema(t)
                && (t.primary_key.as_ref().is_some_and(|k| {
                    k.name
                        .clone()
                        .unwrap_or_else(|| pg::primary_key_name(&t.name))
                        == name.name
                }) || t.uniques.iter().any(|u| {
                    u.name
                        .clone()
                        .unwrap_or_else(|| pg::unique_name(&t.name, &u.columns))
                        == name.name
                }))
        });
        if constraint {
            self.warn(
                origin,
                format!(
                    "skipped {}: {name} is the index of a primary key or unique constraint, whose comment revise does not model",
                    names::beginning(sql)
                ),
            );
            return Ok(());
        }
        Err(origin.error(format!(
            "COMMENT ON INDEX names index {name}, which is not defined before this line in the models"
        )))
    }

    /// The position of the table called `name`, or an error saying which
    /// statement named an unknown table.
    fn table_index(&self, name: &QualifiedName, statement: &str, origin: &Origin) -> Result<usize> {
        self.find_table(name).ok_or_else(|| {
            origin.error(format!(
                "{statement} names table {name}, which is not defined before this line in the models"
            ))
        })
    }

    /// Whether `name` is no table of the models but a view (or materialized
    /// view) read earlier.
    fn is_view(&self, name: &QualifiedName) -> bool {
        self.find_table(name).is_none() && self.views.contains(&self.names.table_key(name))
    }

    /// The position of the table called `name`, where no schema and the
    /// dialect's default schema are the same.
    fn find_table(&self, name: &QualifiedName) -> Option<usize> {
        self.positions.get(&self.names.table_key(name)).copied()
    }

    /// Adds a table to the schema and to the name index.
    fn push_table(&mut self, table: Table) {
        let key = self.names.table_key(&table.qualified());
        self.positions.insert(key, self.schema.tables.len());
        self.schema.tables.push(table);
    }

    /// Resolves pending references and applies the rules that need the whole
    /// model, then hands the schema out.
    fn finish(mut self) -> Result<Loaded> {
        for pending in std::mem::take(&mut self.pending) {
            let fk = &self.schema.tables[pending.table].foreign_keys[pending.fk];
            let target = fk.ref_qualified();
            let Some(t) = self.find_table(&target) else {
                return Err(pending.origin.error(format!(
                    "REFERENCES {target} names no columns and table {target} is not in the models: \
                     write the referenced columns or define the table"
                )));
            };
            let Some(pk) = &self.schema.tables[t].primary_key else {
                return Err(pending.origin.error(format!(
                    "REFERENCES {target} names no columns and table {target} has no primary key: \
                     write the referenced columns"
                )));
            };
            let columns = pk.columns.clone();
            let fk = &mut self.schema.tables[pending.table].foreign_keys[pending.fk];
            if columns.len() != fk.columns.len() {
                return Err(pending.origin.error(format!(
                    "REFERENCES {target}: the primary key of {target} has {} columns, the foreign key {}",
                    columns.len(),
                    fk.columns.len()
                )));
            }
            fk.ref_columns = columns;
        }
        if self.kind() != DialectKind::Sqlite {
            primary_keys_not_null(&mut self.schema);
        }
        // A sequence a later `ALTER SEQUENCE ... OWNED BY` gives to a column
        // is that column's (`serial`), as introspection sees it.
        for (key, sequence, _) in std::mem::take(&mut self.sequences) {
            if !self.owned_sequences.contains(&key) {
                self.schema.sequences.push(sequence);
            }
        }
        self.leave_out_shadow_tables();
        let mut origins = super::Origins::default();
        for (t, meta) in self.schema.tables.iter().zip(&self.tables) {
            origins
                .tables
                .insert(t.qualified(), meta.origin.to_string());
        }
        for (e, origin) in self.schema.enums.iter().zip(&self.enums) {
            origins.enums.insert(e.qualified(), origin.to_string());
        }
        if !self.partitions.is_empty() || !self.view_stand_ins.is_empty() {
            let names = &self.names;
            let left_out: std::collections::HashSet<QualifiedName> = self
                .partitions
                .iter()
                .chain(&self.view_stand_ins)
                .map(|p| names.table_key(p))
                .collect();
            self.schema
                .tables
                .retain(|t| !left_out.contains(&names.table_key(&t.qualified())));
        }
        Ok(Loaded {
            schema: self.schema,
            warnings: self.warnings,
            origins,
            ..Default::default()
        })
    }

    /// Leaves out the tables that are shadow tables of a virtual table read
    /// (see `sql/sqlite_virtual.rs`): `.schema` prints them, but their
    /// module creates them with the virtual table, and introspection leaves
    /// them out. One warning, at the first, names them all.
    fn leave_out_shadow_tables(&mut self) {
        if self.virtual_tables.is_empty() {
            return;
        }
        // By virtual table, in the order first met: (its name, its shadow
        // tables, where the first was written).
        let mut left_out: Vec<(String, Vec<String>, Origin)> = Vec::new();
        let mut kept = Vec::new();
        let tables = std::mem::take(&mut self.schema.tables);
        let metas = std::mem::take(&mut self.tables);
        for (table, meta) in tables.into_iter().zip(metas) {
            let owner = table
                .schema
                .as_deref()
                .is_none_or(|s| s.eq_ignore_ascii_case("main"))
                .then(|| {
                    self.virtual_tables
                        .iter()
                        .find(|v| v.surely_owns(&table.name))
                })
                .flatten();
            let Some(owner) = owner else {
                kept.push((table, meta));
                continue;
            };
            match left_out.iter_mut().find(|(v, ..)| *v == owner.name) {
                Some((_, shadows, _)) => shadows.push(table.name),
                None => left_out.push((owner.name.clone(), vec![table.name], meta.origin)),
            }
        }
        (self.schema.tables, self.tables) = kept.into_iter().unzip();
        self.positions = self
            .schema
            .tables
            .iter()
            .enumerate()
            .map(|(i, t)| (self.names.table_key(&t.qualified()), i))
            .collect();
        let Some(first) = left_out.iter().map(|(.., origin)| origin.clone()).next() else {
            return;
        };
        let groups: Vec<String> = left_out
            .into_iter()
            .map(|(v, shadows, _)| format!("{} (of {v})", shadows.join(", ")))
            .collect();
        self.warn(
            &first,
            format!(
                "left out shadow tables, which SQLite creates and keeps with their virtual table: {}",
                groups.join("; ")
            ),
        );
    }
}

/// The position of `label` in an enum's labels, or an error naming it.
fn position_of(
    labels: &[String],
    label: &str,
    name: &QualifiedName,
    origin: &Origin,
) -> Result<usize> {
    labels
        .iter()
        .position(|l| l == label)
        .ok_or_else(|| origin.error(format!("enum type {name} has no label '{label}'")))
}

/// PostgreSQL and MySQL make primary-key columns NOT NULL whether or not it is
/// written (PostgreSQL docs, CREATE TABLE: "PRIMARY KEY ... is merely a
/// combination of UNIQUE and NOT NULL"; MySQL Reference Manual, CREATE TABLE:
/// "A PRIMARY KEY ... all key columns must be defined as NOT NULL. If they are
/// not explicitly declared as NOT NULL, MySQL declares them so implicitly").
/// SQLite does not (its docs, CREATE TABLE, "the PRIMARY KEY"), so its columns
/// stay as declared.
fn primary_keys_not_null(schema: &mut Schema) {
    for table in &mut schema.tables {
        let Some(pk) = &table.primary_key else {
            continue;
        };
        for column in &mut table.columns {
            if pk.columns.contains(&column.name) {
                column.nullable = false;
            }
        }
    }
}

fn parser_message(err: &ParserError) -> String {
    match err {
        ParserError::TokenizerError(m) | ParserError::ParserError(m) => m.clone(),
        ParserError::RecursionLimitExceeded => "expression nested too deeply".into(),
    }
}

/// A sqlparser failure as a one-line error at the file's line where sqlparser
/// stopped, quoting the beginning of the statement. sqlparser counts lines and
/// columns from the statement's start; they are mapped to the file's.
fn syntax_error(
    text: &str,
    statement: &SplitStatement,
    origin: &Origin,
    err: &ParserError,
) -> Error {
    let message = parser_message(err);
    let (message, at) = names::split_location(&message);
    let (line, column) = match at {
        Some((1, column)) => (
            statement.line,
            Some(column + names::start_column(text, statement.line, &statement.sql) - 1),
        ),
        Some((line, column)) => (statement.line + line - 1, Some(column)),
        None => (statement.line, None),
    };
    let mut out = format!("cannot parse `{}`", names::beginning(&statement.sql));
    if line != statement.line {
        out.push_str(&format!(" (statement from line {})", statement.line));
    }
    out.push_str(&format!(": {}", one_line(message, 300)));
    if let Some(column) = column {
        out.push_str(&format!(" at column {column}"));
    }
    Error::parse(&origin.path, line, out)
}
