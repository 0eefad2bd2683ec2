//! The neutral schema model: what a database holds and what models describe.
//!
//! Every source (SQL DDL, Diesel `schema.rs`, JSON, a live database) produces a
//! [`Schema`]; each dialect normalizes both sides to its canonical spelling; the
//! diff compares them. Pure data: no I/O, no dialect knowledge.
//!
//! Conventions every producer follows:
//! * `schema: None` means the connection's default schema (PostgreSQL's
//!   `current_schema()`, normally `public`; the MySQL database, SQLite
//!   `main`); only other schemas are named.
//! * A constraint or index `name: None` means "unnamed in the models": the diff
//!   then matches it by structure and never reports a name difference, and the
//!   dialect picks the name the database would have picked when rendering.
//! * Types, defaults and expressions are SQL text; after normalization they are
//!   in the dialect's canonical spelling, so equal text means equal meaning.
//!
//! The serde form is the documented JSON model format (see [`json`]).

pub mod json;

use serde::{Deserialize, Serialize};

/// A whole schema: tables, and PostgreSQL enum types, extensions, schemas,
/// and domains, and PostgreSQL and MariaDB sequences.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    /// Tables, in no significant order (producers keep definition order).
    #[serde(default)]
    pub tables: Vec<Table>,
    /// Enum types (PostgreSQL `CREATE TYPE ... AS ENUM`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<EnumType>,
    /// Extensions (PostgreSQL `CREATE EXTENSION`). Models list the ones they
    /// need; the diff creates those missing and never drops one they leave
    /// out, since databases carry extensions for tools as well.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Extension>,
    /// PostgreSQL schemas (namespaces) besides the default one: in the
    /// database, those of `[autogenerate] schemas` that exist; in models, the
    /// ones `CREATE SCHEMA` names. A table or enum in a schema implies it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schemas: Vec<String>,
    /// Sequences of their own (`CREATE SEQUENCE`: PostgreSQL, MariaDB 10.3
    /// and later), not those a `serial` or identity column owns. Models list
    /// the ones they need (a default's `nextval('order_no_seq')`, MariaDB's
    /// `nextval(order_no)`); as with extensions, the diff creates those
    /// missing and leaves alone the ones they leave out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sequences: Vec<Sequence>,
    /// PostgreSQL domains (`CREATE DOMAIN`), which columns use as types.
    /// Like sequences: created when missing, left alone when the models
    /// leave them out, their definition not compared.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<Domain>,
    /// PostgreSQL composite types (`CREATE TYPE name AS (x int, y text)`),
    /// which columns use as types. Like domains: created when missing, left
    /// alone when the models leave them out; unlike them, an existing one's
    /// attributes are compared (by name and type, not order).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub composites: Vec<Composite>,
    /// Whether the database tells table (and schema) names apart by case,
    /// where a server setting decides it (MySQL's `lower_case_table_names`):
    /// recorded by introspection, `None` where unknown (models, files). Not
    /// part of the JSON format: it describes the server, not the schema.
    #[serde(skip)]
    pub table_names_case_sensitive: Option<bool>,
    /// Whether a UNIQUE key may hold a whole TEXT or BLOB column, with no
    /// prefix length: MariaDB 10.4 and later check such a key through a
    /// hidden hash, MySQL refuses it (ERROR 1170). Recorded by MySQL
    /// introspection, `None` where unknown (models, files, the other
    /// databases). Not part of the JSON format, like the one above.
    #[serde(skip)]
    pub unique_keys_on_whole_text: Option<bool>,
    /// Whether a generated column may be declared NOT NULL: MySQL takes
    /// `AS (...) STORED NOT NULL`, MariaDB refuses it (a syntax error; its
    /// generated columns are always nullable). Recorded by MySQL
    /// introspection, `None` where unknown. Not part of the JSON format,
    /// like the one above.
    #[serde(skip)]
    pub generated_columns_take_not_null: Option<bool>,
    /// Whether an index may have expression parts (`KEY ((lower(email)))`):
    /// MySQL 8 builds them, MariaDB has none (a syntax error). Recorded by
    /// MySQL introspection, `None` where unknown. Not part of the JSON
    /// format, like the one above.
    #[serde(skip)]
    pub expression_indexes: Option<bool>,
    /// The collation each character set takes where DDL names the character
    /// set alone (`DEFAULT CHARSET=utf8mb4`, `CHARACTER SET ascii`): MySQL's
    /// and MariaDB's `information_schema.CHARACTER_SETS`, which servers
    /// answer differently (utf8mb4 is utf8mb4_general_ci on MariaDB 10.x,
    /// utf8mb4_0900_ai_ci on MySQL 8). Recorded by MySQL introspection; empty
    /// where unknown (models, files, the other databases). Not part of the
    /// JSON format, like the ones above.
    #[serde(skip)]
    pub default_collations: std::collections::BTreeMap<String, String>,
    /// Names the database has taken in the schemas it was read from, beyond
    /// those of the objects read: a name chosen for an object the models
    /// leave unnamed must avoid them. Recorded by introspection where the
    /// dialect needs it (PostgreSQL, MySQL, SQLite), empty for models. Not
    /// part of the JSON form: views, partitions and excluded tables have
    /// names too.
    #[serde(skip)]
    pub taken_names: TakenNames,
    /// The name of the schema `schema: None` stands for, as the database
    /// reported it (PostgreSQL: `current_schema()`, where unqualified DDL
    /// lands; MySQL: `DATABASE()`, which MariaDB writes in front of the
    /// sequences its defaults draw from); `None` where unknown (models,
    /// files): the dialect's usual default. Comparison copies it into the
    /// models before normalizing them, so that only this schema's name is
    /// taken for the default.
    #[serde(skip)]
    pub default_schema: Option<String>,
    /// Views (and MySQL triggers) that read the tables, as introspection saw
    /// them: revise does not model them, but autogenerate warns about an op
    /// that breaks one (see `dialect/dependents.rs`). Empty for models; never
    /// compared; not part of the JSON form.
    #[serde(skip)]
    pub dependents: Vec<Dependent>,
    /// The relations of the schemas read that are not tables but that a model
    /// table may stand for, as introspection saw them: views (PostgreSQL:
    /// also materialized views and foreign tables; SQLite: also virtual
    /// tables and their shadow tables). Diesel's `table!` is written for
    /// views too, so models may describe one as a table;
    /// autogenerate then leaves it alone rather than create it. Empty for
    /// models; never compared; not part of the JSON form.
    #[serde(skip)]
    pub other_relations: Vec<OtherRelation>,
}

/// A relation of the database that is not a table (see
/// [`Schema::other_relations`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct OtherRelation {
    /// Its name, `schema: None` in the default schema, as for tables.
    pub name: QualifiedName,
    /// What it is.
    pub kind: RelationKind,
}

/// What an [`OtherRelation`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RelationKind {
    /// A view.
    View,
    /// A materialized view (PostgreSQL).
    MaterializedView,
    /// A foreign table (PostgreSQL).
    ForeignTable,
    /// A virtual table (SQLite: `CREATE VIRTUAL TABLE ... USING fts5(...)`).
    VirtualTable,
    /// A table a virtual table's module keeps its data in (SQLite's shadow
    /// tables: `docs_fts_data` of `docs_fts`).
    ShadowTable,
}

impl RelationKind {
    /// The kind with its article, for messages: `a materialized view`.
    pub fn describe(self) -> &'static str {
        match self {
            RelationKind::View => "a view",
            RelationKind::MaterializedView => "a materialized view",
            RelationKind::ForeignTable => "a foreign table",
            RelationKind::VirtualTable => "a virtual table",
            RelationKind::ShadowTable => "a shadow table of a virtual table",
        }
    }
}

/// A view, or a MySQL trigger, that uses tables of the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependent {
    /// A view or a trigger.
    pub kind: DependentKind,
    /// Its name.
    pub name: QualifiedName,
    /// What it uses.
    pub uses: Uses,
}

/// What a [`Dependent`] is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DependentKind {
    /// A view (PostgreSQL: or a materialized view).
    View,
    /// A trigger of `table`, which goes when that table is dropped.
    Trigger {
        /// The table the trigger belongs to.
        table: QualifiedName,
    },
}

/// What a [`Dependent`] uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Uses {
    /// Exactly these tables and columns, as the database records them
    /// (PostgreSQL's `pg_depend`): `(table, None)` uses the table as a whole.
    Exact(Vec<(QualifiedName, Option<String>)>),
    /// Its definition text (MySQL, SQLite), matched by word: a name in a
    /// string literal or an alias may match needlessly.
    Text(String),
}

/// Names in use in a database, per schema (`schema: None` is the default
/// one), as PostgreSQL's catalogs hold them: relations (tables, views,
/// indexes, sequences, ...) share one namespace per schema, and a new
/// constraint's generated name avoids every constraint name in its schema.
/// SQLite records the names of its schema table (tables, views and indexes
/// share one namespace) as relations; MySQL the foreign-key and check names
/// of the tables introspection left out as constraints.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TakenNames {
    /// Relation names (`pg_class`; SQLite's `sqlite_schema`).
    pub relations: std::collections::BTreeSet<QualifiedName>,
    /// Constraint names of tables and domains (`pg_constraint`; MySQL's
    /// foreign keys and checks of tables not read).
    pub constraints: std::collections::BTreeSet<QualifiedName>,
}

/// A PostgreSQL domain: a type with a default and constraints.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// The schema, `None` for the default one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The domain name.
    pub name: String,
    /// What follows `AS` when it is created: the base type, then any
    /// `COLLATE`, `DEFAULT`, `NOT NULL` and `CHECK` (`text CHECK (VALUE <> '')`).
    pub definition: String,
}

impl Domain {
    /// The domain's qualified name.
    pub fn qualified(&self) -> QualifiedName {
        QualifiedName {
            schema: self.schema.clone(),
            name: self.name.clone(),
        }
    }
}

/// A PostgreSQL composite type: a row type of named, typed attributes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Composite {
    /// The schema, `None` for the default one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The type name.
    pub name: String,
    /// The attributes, in order (order is part of the type: it is the
    /// row's field order).
    pub attributes: Vec<CompositeAttribute>,
}

/// One attribute of a [`Composite`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompositeAttribute {
    /// The attribute name.
    pub name: String,
    /// Its type as written in DDL (`integer`, `text COLLATE "C"`, `pt[]`).
    #[serde(rename = "type")]
    pub ty: String,
}

impl Composite {
    /// The type's qualified name.
    pub fn qualified(&self) -> QualifiedName {
        QualifiedName {
            schema: self.schema.clone(),
            name: self.name.clone(),
        }
    }

    /// Whether `other` has the same attributes, each of the same type, in
    /// any order: the order is not compared, since `ALTER TYPE ... ADD
    /// ATTRIBUTE` can only append (a reorder would take dropping attributes
    /// and their values in every column of the type).
    pub fn same_attributes(&self, other: &Composite) -> bool {
        self.attributes.len() == other.attributes.len()
            && self.attributes.iter().all(|a| other.attributes.contains(a))
    }
}

/// A sequence of its own (PostgreSQL; MariaDB 10.3 and later).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sequence {
    /// The schema, `None` for the default one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The sequence name.
    pub name: String,
    /// Its options as the models write them (` START WITH 1000 INCREMENT BY
    /// 1`; MariaDB's table options too, ` NOCYCLE ENGINE=InnoDB`), used when
    /// it is created; a live sequence's current value moves on, so they are
    /// not compared (MariaDB's introspection does not read them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<String>,
    /// The column this sequence belongs to, as `serial` gives a column its
    /// sequence (`OWNED BY`). Never set in a schema, whose sequences are
    /// sequences of their own: only on the ops PostgreSQL lowering writes
    /// when a column starts or stops drawing from a sequence of its own that
    /// the serial naming rule does not name (the table was renamed since).
    #[serde(skip)]
    pub owned_by: Option<SequenceOwner>,
}

/// The column a sequence belongs to (PostgreSQL `OWNED BY table.column`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SequenceOwner {
    /// The table.
    pub table: QualifiedName,
    /// The column.
    pub column: String,
}

impl Sequence {
    /// The sequence's qualified name.
    pub fn qualified(&self) -> QualifiedName {
        QualifiedName {
            schema: self.schema.clone(),
            name: self.name.clone(),
        }
    }
}

/// A PostgreSQL extension: its types (`citext`), functions and operator
/// classes (`gin_trgm_ops`) exist only once it is installed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    /// The extension name, e.g. `citext`, `uuid-ossp`.
    pub name: String,
    /// The schema it installs its objects in; `None` for the default one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
}

/// A table name with its schema.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualifiedName {
    /// `None` for the default schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The name.
    pub name: String,
}

impl QualifiedName {
    /// A name in the default schema.
    pub fn new(name: &str) -> Self {
        QualifiedName {
            schema: None,
            name: name.to_string(),
        }
    }
}

impl std::fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.schema {
            Some(s) => write!(f, "{s}.{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// A table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// The schema, `None` for the default one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The table name.
    pub name: String,
    /// Columns in definition order.
    #[serde(default)]
    pub columns: Vec<Column>,
    /// The primary key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<PrimaryKey>,
    /// Unique constraints (not unique indexes: see [`Index::unique`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uniques: Vec<Unique>,
    /// Indexes that are not the backing index of a constraint.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index>,
    /// Foreign keys.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKey>,
    /// Check constraints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    /// The table comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// SQLite `STRICT`: column types are enforced
    /// (<https://sqlite.org/stricttables.html>). Other databases have no such option.
    #[serde(default, skip_serializing_if = "is_false")]
    pub strict: bool,
    /// SQLite `WITHOUT ROWID`: rows are stored by primary key
    /// (<https://sqlite.org/withoutrowid.html>). Other databases have no such option.
    #[serde(default, skip_serializing_if = "is_false")]
    pub without_rowid: bool,
    /// PostgreSQL `PARTITION BY` of a partitioned table, as the server prints
    /// it (`RANGE (created_at)`, `LIST (region)`, `HASH (id)`). Used when the
    /// table is created; PostgreSQL cannot change it afterwards, so the diff
    /// does not compare it. Partitions themselves are not modelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_by: Option<String>,
    /// MySQL: the table's default collation (`COLLATE=` of `CREATE TABLE`).
    /// Normalization also hands it to the text columns that name none, where
    /// it is compared and written with them. The table's own default (the
    /// one a column added later without a collation takes) is compared when
    /// the models give one; a table they give none keeps the database's.
    /// A character set's name alone (`utf8mb4`, from `DEFAULT CHARSET=utf8mb4`
    /// without `COLLATE`; collation names hold a `_`) stands for that
    /// character set's default collation, which the dialect resolves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    /// MySQL/MariaDB: the table's storage engine (`ENGINE=` of `CREATE
    /// TABLE`), spelled as the server reports it once normalized (`InnoDB`,
    /// `MyISAM`, `Aria`, `MEMORY`). Compared, case-insensitively, only when
    /// the models name one; a table they give none keeps the database's
    /// engine and is created with the server's default. Other databases
    /// have no engine: their models never set it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    /// Triggers on the table, as their full `CREATE TRIGGER` text. Carried so a
    /// table rebuild (SQLite) can recreate them; never compared by the diff.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<Trigger>,
    /// What the model source could not say about this table (autogenerate keeps
    /// the database's version of it). Not part of the JSON form.
    #[serde(skip)]
    pub silent: Silent,
    /// The table's SQL text (types, defaults, expressions) is spelled as the
    /// database prints it, as in the JSON form, not as the SQL model parser
    /// prints it: on MySQL a backslash in a string literal is then an escape.
    /// Normalization reads it and clears it. Not part of the JSON form.
    #[serde(skip)]
    pub spelled_as_database: bool,
    /// SQLite: the database's table declares `ON CONFLICT` clauses, which
    /// the model has no place for and a table rebuild would lose. Recorded
    /// by introspection, so autogenerate refuses such a rebuild when it
    /// writes the revision rather than leave it to the rebuild's guard at
    /// upgrade. Never compared; not part of the JSON form.
    #[serde(skip)]
    pub on_conflict: bool,
    /// SQLite: the database's stored `CREATE TABLE` holds the word
    /// `conflict` somewhere (a comment, a literal, a name), where a plain
    /// text search for the clause could err: the rebuild's guard then scans
    /// it with SQLite's lexical rules. Recorded by introspection; never
    /// compared; not part of the JSON form.
    #[serde(skip)]
    pub mentions_conflict: bool,
}

/// Aspects of a table its model source cannot express (Diesel's `schema.rs`
/// has no indexes or defaults). Autogenerate copies them from the database.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Silent {
    /// Indexes.
    pub indexes: bool,
    /// Unique constraints.
    pub uniques: bool,
    /// Check constraints.
    pub checks: bool,
    /// Column defaults, with the other rules for a column's value: generation
    /// expressions and MySQL `ON UPDATE`; and MySQL `INVISIBLE`, which such
    /// a source cannot say either.
    pub defaults: bool,
    /// Table and column comments.
    pub comments: bool,
    /// ON DELETE / ON UPDATE of foreign keys.
    pub fk_actions: bool,
    /// When the primary key and foreign keys are checked (`DEFERRABLE`).
    pub key_timing: bool,
    /// Foreign keys the source leaves out: it lists only some of them (Diesel
    /// writes no `joinable!` for self-references or composite keys), so the
    /// database's other keys are kept; the listed ones are still compared.
    pub foreign_keys: bool,
    /// Identity, serial and auto-increment behaviour of columns.
    pub identity: bool,
    /// Column collations (`COLLATE "C"`, SQLite's `COLLATE NOCASE`), and
    /// the collation and order of the primary key's columns (SQLite's
    /// `PRIMARY KEY (name COLLATE NOCASE)`, see [`KeyColumn`]).
    pub collations: bool,
    /// SQLite's `STRICT` and `WITHOUT ROWID`.
    pub table_options: bool,
    /// Whether a column's type is a domain: a source that writes a domain
    /// column as the domain's base type (`integer` for a `posint` column)
    /// keeps the domain.
    pub domains: bool,
}

/// A trigger, kept as SQL text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    /// The trigger name.
    pub name: String,
    /// The full `CREATE TRIGGER ...` statement.
    pub sql: String,
}

impl Table {
    /// The SQLite options of the table.
    pub fn options(&self) -> TableOptions {
        TableOptions {
            strict: self.strict,
            without_rowid: self.without_rowid,
        }
    }

    /// An empty table in the default schema.
    pub fn new(name: &str) -> Self {
        Table {
            name: name.to_string(),
            ..Default::default()
        }
    }

    /// The table's qualified name.
    pub fn qualified(&self) -> QualifiedName {
        QualifiedName {
            schema: self.schema.clone(),
            name: self.name.clone(),
        }
    }

    /// The column called `name` (exact match).
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// A column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// The column name.
    pub name: String,
    /// The SQL type, e.g. `integer`, `varchar(200)`, `numeric(10,2)`, `timestamp with time zone`.
    /// Empty for an untyped SQLite column (`CREATE TABLE kv (k, v)`), which
    /// SQLite allows and the other databases do not; the JSON form may
    /// leave it out then.
    #[serde(rename = "type", default)]
    pub data_type: String,
    /// Whether NULL is allowed.
    #[serde(default = "yes")]
    pub nullable: bool,
    /// The default as a SQL expression, e.g. `0`, `'draft'`, `CURRENT_TIMESTAMP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Identity or auto-increment behaviour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    /// How the identity starts and steps, as the models write it (PostgreSQL
    /// `AS IDENTITY (START WITH 1000 ...)`, MySQL's table option
    /// `AUTO_INCREMENT=1000`): written when the column's identity is created,
    /// never compared, since a live sequence's state moves on and
    /// introspection does not read it. Only with [`Column::identity`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_options: Option<Box<IdentityOptions>>,
    /// The column comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// A generated (computed) column: its value is an expression of the row's
    /// other columns, so it has no default and rows never write it.
    ///
    /// This and the other rarely set attributes below are boxed: a schema of
    /// thousands of tables holds tens of thousands of columns, twice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<Box<Generated>>,
    /// The collation (`COLLATE`) of a text column; `None` for the default one
    /// (PostgreSQL: the type's, SQLite: `BINARY`; MySQL: see its dialect,
    /// where a character set's name alone, from `CHARACTER SET ascii`
    /// without `COLLATE`, stands for its default collation, as for [`Table::collation`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<Box<str>>,
    /// MySQL/MariaDB `ON UPDATE CURRENT_TIMESTAMP`: the value the column takes
    /// whenever another column of its row changes, as an SQL expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_update: Option<Box<str>>,
    /// MySQL/MariaDB `INVISIBLE`: `SELECT *` and an `INSERT` without a column
    /// list leave the column out. Compared and written with the column, since
    /// a `MODIFY` that does not repeat it makes the column visible.
    #[serde(default, skip_serializing_if = "is_false")]
    pub invisible: bool,
    /// A model source that only knows the type loosely (Diesel `Varchar`
    /// without `#[max_length]`) names the family here; autogenerate then keeps
    /// the database's exact type when it belongs to the family.
    #[serde(skip)]
    pub type_family: Option<Box<str>>,
    /// Where an op that adds this column puts it among its table's columns,
    /// on a database that can say so (MySQL's `FIRST` / `AFTER`); `None`
    /// adds it last. Set by the dialect's lowering on the columns of its ops
    /// (on a dropped column: where it was, for the downgrade to put it back),
    /// after the diff: never read from models or the database, never compared.
    #[serde(skip)]
    pub place: Option<Box<ColumnPlace>>,
}

/// Where an added column goes (see [`Column::place`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnPlace {
    /// Before every other column.
    First,
    /// Right after the named column.
    After(String),
}

fn yes() -> bool {
    true
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A table's SQLite options, as [`crate::ops::Op::SetTableOptions`] carries them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TableOptions {
    /// `STRICT`.
    pub strict: bool,
    /// `WITHOUT ROWID`.
    pub without_rowid: bool,
}

impl TableOptions {
    /// The options as SQLite writes them after the column list, in its order
    /// (<https://sqlite.org/lang_createtable.html>, "table-options"); empty
    /// for an ordinary table.
    pub fn keywords(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.without_rowid {
            out.push("WITHOUT ROWID");
        }
        if self.strict {
            out.push("STRICT");
        }
        out
    }
}

impl Column {
    /// A nullable column without default.
    pub fn new(name: &str, data_type: &str) -> Self {
        Column {
            name: name.to_string(),
            data_type: data_type.to_string(),
            nullable: true,
            ..Default::default()
        }
    }
}

/// The expression of a generated column and whether its value is stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Generated {
    /// The SQL expression, e.g. `price * quantity`.
    pub expression: String,
    /// `STORED` (computed on write and kept) rather than `VIRTUAL` (computed
    /// on read). PostgreSQL before 18 has stored generated columns only.
    #[serde(default)]
    pub stored: bool,
}

impl Generated {
    /// `STORED` or `VIRTUAL`, as every database spells the mode.
    pub fn mode(&self) -> &'static str {
        if self.stored { "STORED" } else { "VIRTUAL" }
    }
}

/// How a column generates its own values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    /// MySQL `AUTO_INCREMENT`, SQLite `AUTOINCREMENT`.
    AutoIncrement,
    /// SQL-standard `GENERATED ALWAYS AS IDENTITY`.
    Always,
    /// SQL-standard `GENERATED BY DEFAULT AS IDENTITY`.
    ByDefault,
}

/// The sequence options of an identity column, each `None` (or `false`) for
/// the database's default. PostgreSQL reads them all (`CREATE SEQUENCE`
/// docs); MySQL and MariaDB only `start`, the table's `AUTO_INCREMENT=`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityOptions {
    /// The first value (`START WITH`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<i64>,
    /// The step (`INCREMENT BY`); negative for a descending sequence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub increment: Option<i64>,
    /// The smallest value (`MINVALUE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_value: Option<i64>,
    /// The largest value (`MAXVALUE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_value: Option<i64>,
    /// How many values a session takes at once (`CACHE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache: Option<i64>,
    /// Whether the sequence wraps around at its limit (`CYCLE`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub cycle: bool,
}

impl IdentityOptions {
    /// Whether every option is the default: nothing to write.
    pub fn is_empty(&self) -> bool {
        *self == IdentityOptions::default()
    }
}

/// A primary key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrimaryKey {
    /// Constraint name; `None` when the models do not name it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Key columns in order.
    pub columns: Vec<String>,
    /// How the key compares and orders each of `columns`, where it says so
    /// itself (SQLite only: see [`KeyColumn`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub column_options: Vec<KeyColumn>,
    /// When the key is checked (PostgreSQL only).
    #[serde(default, skip_serializing_if = "Deferrable::is_default")]
    pub deferrable: Deferrable,
}

impl PrimaryKey {
    /// An unnamed, not deferrable key on `columns`: the usual one, spelled
    /// without naming fields a later version may add.
    pub fn new(columns: &[&str]) -> Self {
        PrimaryKey {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            ..Default::default()
        }
    }
}

/// What a key (primary key or unique constraint) says about one of its
/// columns beyond its name: SQLite's `UNIQUE (email COLLATE NOCASE)`, `PRIMARY
/// KEY (a, b DESC)` (<https://sqlite.org/lang_createtable.html>, "indexed-column").
/// The collation decides which values are equal, so which rows the key lets
/// in: `UNIQUE (email COLLATE NOCASE)` refuses `'a@x.com'` beside `'A@x.com'`.
///
/// A key's `column_options` is empty when no column says anything, the usual
/// case; otherwise it has one entry per column, in the same order.
/// PostgreSQL and MySQL take no collation in a constraint's column list, so
/// only SQLite reads or writes these.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyColumn {
    /// The collation the key compares the column with; `None` for the
    /// column's own (after normalization, one equal to it is `None` too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    /// `DESC`: the key's index holds the column in descending order (which
    /// rows the key lets in does not change).
    #[serde(default, skip_serializing_if = "is_false")]
    pub descending: bool,
}

impl KeyColumn {
    /// Whether the column says nothing: its own collation, ascending.
    pub fn is_plain(&self) -> bool {
        *self == KeyColumn::default()
    }
}

/// A unique constraint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unique {
    /// Constraint name; `None` when the models do not name it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Columns in order.
    pub columns: Vec<String>,
    /// How the constraint compares and orders each of `columns`, where it
    /// says so itself (SQLite only: see [`KeyColumn`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub column_options: Vec<KeyColumn>,
    /// When the constraint is checked (PostgreSQL only; a deferrable one
    /// lets a transaction swap values between rows).
    #[serde(default, skip_serializing_if = "Deferrable::is_default")]
    pub deferrable: Deferrable,
    /// `NULLS NOT DISTINCT` (PostgreSQL 15+): rows whose key is NULL conflict too.
    #[serde(default, skip_serializing_if = "is_false")]
    pub nulls_not_distinct: bool,
}

impl Unique {
    /// An unnamed, not deferrable unique constraint on `columns`.
    pub fn new(columns: &[&str]) -> Self {
        Unique {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            ..Default::default()
        }
    }
}

/// An index.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Index {
    /// Index name; `None` when the models do not name it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `CREATE UNIQUE INDEX`.
    #[serde(default)]
    pub unique: bool,
    /// Key parts in order.
    pub parts: Vec<IndexPart>,
    /// The `WHERE` of a partial index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<String>,
    /// Access method (`gin`, `hash`, ...); `None` for the default (btree).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Columns stored in the index but not part of its key (PostgreSQL's
    /// `INCLUDE`), so a query reading only them needs no table access.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// `NULLS NOT DISTINCT` on a unique index (PostgreSQL 15+).
    #[serde(default, skip_serializing_if = "is_false")]
    pub nulls_not_distinct: bool,
    /// MySQL/MariaDB `COMMENT 'text'` on the index, which the server keeps
    /// (`information_schema.STATISTICS.INDEX_COMMENT`); PostgreSQL's
    /// `COMMENT ON INDEX`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// MariaDB 10.6+ `IGNORED`, MySQL 8 `INVISIBLE`: the optimizer does not
    /// use the index, which is still kept up to date (a unique one still
    /// refuses duplicates), so it can be tried without before it is dropped.
    #[serde(default, skip_serializing_if = "is_false")]
    pub ignored: bool,
}

impl Index {
    /// What of this index only PostgreSQL can build (`INCLUDE` columns,
    /// operator classes, a non-default `NULLS FIRST`/`LAST`, `NULLS NOT
    /// DISTINCT`), spelled as in SQL, for the other dialects' errors.
    pub fn postgres_only(&self) -> Option<String> {
        let mut what: Vec<String> = self
            .parts
            .iter()
            .filter_map(|p| {
                p.opclass
                    .as_ref()
                    .map(|c| format!("operator class {c} on {}", p.value))
            })
            .collect();
        what.extend(self.parts.iter().filter_map(|p| {
            let nulls = match p.nulls_first? {
                true => "NULLS FIRST",
                false => "NULLS LAST",
            };
            Some(format!("{nulls} on {}", p.value))
        }));
        if !self.include.is_empty() {
            what.push(format!("INCLUDE ({})", self.include.join(", ")));
        }
        if self.nulls_not_distinct {
            what.push("NULLS NOT DISTINCT".to_string());
        }
        (!what.is_empty()).then(|| what.join(", "))
    }
}

/// One key part of an index: a column or an expression.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexPart {
    /// A column name, or an expression when `expression` is true.
    pub value: String,
    /// Whether `value` is an expression rather than a column name.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub expression: bool,
    /// `DESC`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub descending: bool,
    /// The operator class (PostgreSQL: `varchar_pattern_ops`,
    /// `jsonb_path_ops`); `None` for the default of the part's type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opclass: Option<String>,
    /// `NULLS FIRST` (true) or `NULLS LAST` (false) where it is not the
    /// direction's default; `None` for the default. Only PostgreSQL can
    /// choose: MySQL and SQLite sort nulls lowest and accept no clause, and
    /// each dialect's normalization clears a clause that states its default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nulls_first: Option<bool>,
}

impl IndexPart {
    /// An ascending column part.
    pub fn column(name: &str) -> Self {
        IndexPart {
            value: name.to_string(),
            expression: false,
            descending: false,
            opclass: None,
            nulls_first: None,
        }
    }
}

/// A foreign key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForeignKey {
    /// Constraint name; `None` when the models do not name it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Referencing columns.
    pub columns: Vec<String>,
    /// Schema of the referenced table (`None` = default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ref_schema: Option<String>,
    /// Referenced table.
    pub ref_table: String,
    /// Referenced columns.
    pub ref_columns: Vec<String>,
    /// `ON DELETE`.
    #[serde(default, skip_serializing_if = "FkAction::is_default")]
    pub on_delete: FkAction,
    /// `ON UPDATE`.
    #[serde(default, skip_serializing_if = "FkAction::is_default")]
    pub on_update: FkAction,
    /// When the key is checked: at each statement (the default) or, for a
    /// deferrable key, possibly at commit.
    #[serde(default, skip_serializing_if = "Deferrable::is_default")]
    pub deferrable: Deferrable,
}

impl ForeignKey {
    /// The referenced table's qualified name.
    pub fn ref_qualified(&self) -> QualifiedName {
        QualifiedName {
            schema: self.ref_schema.clone(),
            name: self.ref_table.clone(),
        }
    }
}

/// When a constraint is checked (`DEFERRABLE` / `INITIALLY ...`). A
/// deferrable key may be checked at commit instead of after each statement,
/// which lets a transaction insert rows that reference each other in any order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deferrable {
    /// `NOT DEFERRABLE` (the SQL default): checked after each statement, always.
    #[default]
    No,
    /// `DEFERRABLE INITIALLY IMMEDIATE`: after each statement, unless a
    /// transaction defers it (`SET CONSTRAINTS ... DEFERRED`).
    InitiallyImmediate,
    /// `DEFERRABLE INITIALLY DEFERRED`: at commit.
    InitiallyDeferred,
}

impl Deferrable {
    /// The clause, spelled in full so `ALTER CONSTRAINT` sets both parts.
    pub fn sql(self) -> &'static str {
        match self {
            Deferrable::No => "NOT DEFERRABLE",
            Deferrable::InitiallyImmediate => "DEFERRABLE INITIALLY IMMEDIATE",
            Deferrable::InitiallyDeferred => "DEFERRABLE INITIALLY DEFERRED",
        }
    }

    fn is_default(&self) -> bool {
        *self == Deferrable::No
    }
}

/// A referential action.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FkAction {
    /// `NO ACTION` (the SQL default).
    #[default]
    NoAction,
    /// `RESTRICT`.
    Restrict,
    /// `CASCADE`.
    Cascade,
    /// `SET NULL`.
    SetNull,
    /// `SET DEFAULT`.
    SetDefault,
}

impl FkAction {
    /// The SQL spelling.
    pub fn sql(self) -> &'static str {
        match self {
            FkAction::NoAction => "NO ACTION",
            FkAction::Restrict => "RESTRICT",
            FkAction::Cascade => "CASCADE",
            FkAction::SetNull => "SET NULL",
            FkAction::SetDefault => "SET DEFAULT",
        }
    }

    /// Parses `NO ACTION`, `RESTRICT`, ... (case and spacing insensitive).
    pub fn parse(text: &str) -> Option<Self> {
        match text
            .trim()
            .to_ascii_uppercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .as_str()
        {
            "NO ACTION" => Some(FkAction::NoAction),
            "RESTRICT" => Some(FkAction::Restrict),
            "CASCADE" => Some(FkAction::Cascade),
            "SET NULL" => Some(FkAction::SetNull),
            "SET DEFAULT" => Some(FkAction::SetDefault),
            _ => None,
        }
    }

    fn is_default(&self) -> bool {
        *self == FkAction::NoAction
    }
}

/// A check constraint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// Constraint name; `None` when the models do not name it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The boolean expression, without `CHECK (...)`.
    pub expression: String,
}

/// A PostgreSQL enum type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumType {
    /// The schema, `None` for the default one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The type name.
    pub name: String,
    /// Labels in order.
    pub values: Vec<String>,
}

impl EnumType {
    /// The type's qualified name.
    pub fn qualified(&self) -> QualifiedName {
        QualifiedName {
            schema: self.schema.clone(),
            name: self.name.clone(),
        }
    }
}

impl Schema {
    /// Every schema besides the default one this schema needs: those listed,
    /// and those its tables, enums, extensions, sequences and domains live in.
    pub fn named_schemas(&self) -> std::collections::BTreeSet<&str> {
        self.schemas
            .iter()
            .map(String::as_str)
            .chain(self.tables.iter().filter_map(|t| t.schema.as_deref()))
            .chain(self.enums.iter().filter_map(|e| e.schema.as_deref()))
            .chain(self.extensions.iter().filter_map(|e| e.schema.as_deref()))
            .chain(self.sequences.iter().filter_map(|s| s.schema.as_deref()))
            .chain(self.domains.iter().filter_map(|d| d.schema.as_deref()))
            .chain(self.composites.iter().filter_map(|c| c.schema.as_deref()))
            .collect()
    }

    /// The table with this qualified name.
    pub fn table(&self, name: &QualifiedName) -> Option<&Table> {
        self.tables
            .iter()
            .find(|t| t.name == name.name && t.schema == name.schema)
    }

    /// Sorts tables, enums and every list inside a table that has no meaningful
    /// order (constraints, indexes), so that equal schemas compare equal and
    /// print identically. Column order and key-part order are kept. Also gives
    /// back spare capacity (see [`Schema::shrink_to_fit`]).
    pub fn sort(&mut self) {
        self.shrink_to_fit();
        self.tables.sort_by_key(Table::qualified);
        self.enums.sort_by_key(EnumType::qualified);
        self.extensions.sort_by(|a, b| a.name.cmp(&b.name));
        self.schemas.sort();
        self.schemas.dedup();
        self.sequences.sort_by_key(Sequence::qualified);
        self.domains.sort_by_key(Domain::qualified);
        self.composites.sort_by_key(Composite::qualified);
        for t in &mut self.tables {
            t.uniques.sort_by(|a, b| {
                (&a.columns, &a.name, &a.column_options).cmp(&(
                    &b.columns,
                    &b.name,
                    &b.column_options,
                ))
            });
            t.indexes
                .sort_by(|a, b| (&a.name, index_key(a)).cmp(&(&b.name, index_key(b))));
            t.foreign_keys.sort_by(|a, b| {
                (&a.columns, &a.ref_table, &a.name).cmp(&(&b.columns, &b.ref_table, &b.name))
            });
            t.checks
                .sort_by(|a, b| (&a.name, &a.expression).cmp(&(&b.name, &b.expression)));
        }
    }
}

impl Schema {
    /// Gives back the spare capacity its lists grew while being built: a
    /// schema of thousands of tables is held twice during a comparison.
    pub fn shrink_to_fit(&mut self) {
        self.tables.shrink_to_fit();
        for t in &mut self.tables {
            t.columns.shrink_to_fit();
            t.indexes.shrink_to_fit();
            t.foreign_keys.shrink_to_fit();
            t.uniques.shrink_to_fit();
            t.checks.shrink_to_fit();
        }
    }
}

/// The items of `wanted` that `current` lacks, `same` matching the two.
pub fn missing<'a, T>(
    wanted: &'a [T],
    current: &'a [T],
    same: impl Fn(&T, &T) -> bool + 'a,
) -> impl Iterator<Item = &'a T> + 'a {
    wanted
        .iter()
        .filter(move |w| !current.iter().any(|c| same(c, w)))
}

fn index_key(i: &Index) -> Vec<&str> {
    i.parts.iter().map(|p| p.value.as_str()).collect()
}
