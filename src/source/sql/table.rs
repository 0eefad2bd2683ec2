//! `CREATE TABLE` and `ALTER TABLE` into [`Table`]s: columns, their options,
//! and constraints written inline or at table level (inline ones become
//! table-level entries). Reads only; never normalizes spellings.

use sqlparser::ast::{
    AlterColumnOperation, AlterTable, AlterTableOperation, CheckConstraint, ColumnDef,
    ColumnOption, CommentDef, ConstraintCharacteristics, CreateTable, CreateTableOptions,
    DeferrableInitial, Expr, ForeignKeyConstraint, GeneratedAs, GeneratedExpressionMode, Ident,
    IndexColumn, NullsDistinctOption, ObjectName, OrderBySort, ReferentialAction, SequenceOptions,
    SqlOption, SqliteTableOption, TableConstraint, UniqueConstraint,
};
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::Token;

use super::mysql_grammar::{KeyOptions, Mended, TableOption};
use super::names::strip_parens;
use super::{Model, Origin, PendingFk, TableMeta};
use crate::error::Result;
use crate::schema::{
    Check, Column, Deferrable, FkAction, ForeignKey, Generated, Identity, IdentityOptions, Index,
    KeyColumn, PrimaryKey, QualifiedName, Table, TableOptions, Unique,
};
use crate::url::DialectKind;

/// The SQLite options (`STRICT`, `WITHOUT ROWID`) a `CREATE TABLE` ends with.
/// Also reads SQLite's stored definitions (`dialect/sqlite/introspect.rs`).
pub fn sqlite_table_options(create: &CreateTable) -> TableOptions {
    let has = |o: SqliteTableOption| create.sqlite_table_options.options.contains(&o);
    TableOptions {
        strict: has(SqliteTableOption::Strict),
        without_rowid: has(SqliteTableOption::WithoutRowid),
    }
}

/// A generation clause `AS (expr) [STORED | VIRTUAL]`; without STORED the
/// column is virtual, the default of MySQL, MariaDB and SQLite (PostgreSQL
/// before 18 wants STORED). Also reads SQLite's stored definitions.
pub fn generated_column(expr: &Expr, mode: &Option<GeneratedExpressionMode>) -> Box<Generated> {
    Box::new(Generated {
        expression: expr.to_string(),
        stored: matches!(mode, Some(GeneratedExpressionMode::Stored)),
    })
}

/// When a key with these characteristics is checked. `INITIALLY DEFERRED`
/// implies `DEFERRABLE`, as PostgreSQL reads it; `None` for the contradiction
/// `NOT DEFERRABLE INITIALLY DEFERRED`, which PostgreSQL rejects (SQLite,
/// whose stored definitions this also reads, takes it as not deferrable).
pub fn deferrable(c: &ConstraintCharacteristics) -> Option<Deferrable> {
    match (c.deferrable, c.initially) {
        (Some(false), Some(DeferrableInitial::Deferred)) => None,
        (_, Some(DeferrableInitial::Deferred)) => Some(Deferrable::InitiallyDeferred),
        (Some(true), _) => Some(Deferrable::InitiallyImmediate),
        _ => Some(Deferrable::No),
    }
}

/// [`deferrable`] for a key the models declare, or the error naming `subject`
/// (`table t`, `foreign key of table t to p`) at `origin`.
fn timing_of(c: &ConstraintCharacteristics, subject: &str, origin: &Origin) -> Result<Deferrable> {
    deferrable(c).ok_or_else(|| {
        origin.error(format!(
            "{subject}: NOT DEFERRABLE contradicts INITIALLY DEFERRED; write DEFERRABLE INITIALLY DEFERRED or drop the INITIALLY clause"
        ))
    })
}

/// MySQL table options that only choose storage or text encoding, which the
/// model does not describe; they are dropped without a warning because
/// nearly every MySQL model or dump writes them. (On MySQL, `COLLATE=`,
/// `CHARSET=` and `ENGINE=` are read before this applies, and so is
/// `AUTO_INCREMENT=` on a table with an auto-increment column; on one
/// without, `AUTO_INCREMENT=` means nothing. Elsewhere another engine than
/// InnoDB is read before this too, to be warned about.)
const STORAGE_OPTIONS: &[&str] = &[
    "AUTO_INCREMENT",
    "ENGINE",
    "CHARSET",
    "DEFAULT CHARSET",
    "CHARACTER SET",
    "DEFAULT CHARACTER SET",
    "COLLATE",
    "DEFAULT COLLATE",
];

/// A constraint written as a column option, added once the column exists.
enum Inline<'a> {
    PrimaryKey(Option<String>, Deferrable),
    /// Name, timing, `NULLS NOT DISTINCT`.
    Unique(Option<String>, Deferrable, bool),
    ForeignKey(Option<String>, &'a ForeignKeyConstraint),
    Check(Option<String>, &'a CheckConstraint),
}

impl Model {
    /// `CREATE TABLE`; `mended` is what the MySQL mend took out of it.
    pub(super) fn create_table(
        &mut self,
        create: &CreateTable,
        mended: &Mended,
        sql: &str,
        origin: &Origin,
    ) -> Result<()> {
        let name = self
            .names
            .qualified(&create.name)
            .map_err(|m| origin.error(m))?;
        // SQLite reserves `sqlite_` names and creates those tables itself
        // (SQLite docs, CREATE TABLE: "Table names that begin with "sqlite_"
        // are reserved for internal use"). `.schema` prints `sqlite_sequence`
        // for every database that uses AUTOINCREMENT: skipped without a word.
        let internal = self.kind() == DialectKind::Sqlite
            && name.name.to_ascii_lowercase().starts_with("sqlite_");
        if internal {
            return Ok(());
        }
        if create.temporary {
            self.skip(sql, origin);
            return Ok(());
        }
        // A partition's shape is its parent's, and introspection leaves
        // partitions out (PostgreSQL: pg_class.relispartition).
        if let Some(parent) = &create.partition_of {
            self.warn(
                origin,
                format!(
                    "table {name} is a partition of {parent}: partitions are not modelled; skipped"
                ),
            );
            return Ok(());
        }
        if create.query.is_some() || create.like.is_some() || create.clone.is_some() {
            return Err(origin.error(format!(
                "CREATE TABLE {name} takes its columns from another table or a query: \
                 write its columns in the models"
            )));
        }
        if let Some(t) = self.find_table(&name) {
            return Err(origin.error(format!(
                "table {name} is defined twice (first at {})",
                self.tables[t].origin
            )));
        }
        let options = sqlite_table_options(create);
        self.push_table(Table {
            schema: name.schema.clone(),
            name: name.name.clone(),
            // Sized once: growing by doubling and shrinking afterwards would
            // leave freed blocks behind at thousands of tables.
            columns: Vec::with_capacity(create.columns.len()),
            strict: options.strict,
            without_rowid: options.without_rowid,
            ..Table::default()
        });
        self.tables.push(TableMeta {
            origin: origin.clone(),
            primary_key: None,
        });
        let t = self.schema.tables.len() - 1;
        for column in &create.columns {
            self.add_column(t, column, origin)?;
        }
        for (n, constraint) in create.constraints.iter().enumerate() {
            self.add_table_constraint(t, constraint, &mended.key(n), origin)?;
        }
        self.table_options(t, create, origin);
        self.resolve_binary();
        // Storage options sqlparser cannot read, taken out before parsing;
        // those stating the engine's default say nothing.
        let name = self.schema.tables[t].qualified();
        let engine = self.schema.tables[t].engine.clone();
        for option in &mended.table_options {
            if !is_engine_default(engine.as_deref(), option) {
                self.warn(
                    origin,
                    format!(
                        "table {name}: option `{}` is not modelled; ignored",
                        option.written
                    ),
                );
            }
        }
        Ok(())
    }

    /// Table-level options: a comment and a PostgreSQL partition key are
    /// kept, storage options are dropped, anything else is dropped with a
    /// warning.
    fn table_options(&mut self, t: usize, create: &CreateTable, origin: &Origin) {
        let name = self.schema.tables[t].qualified();
        if let Some(comment) = &create.comment {
            self.schema.tables[t].comment = Some(comment_text(comment));
        }
        let options = match &create.table_options {
            CreateTableOptions::None => &[][..],
            CreateTableOptions::With(o)
            | CreateTableOptions::Options(o)
            | CreateTableOptions::Plain(o)
            | CreateTableOptions::TableProperties(o) => o.as_slice(),
        };
        // MySQL: the table's default collation, or its character set alone,
        // which stands for that character set's default collation (the
        // dialect resolves it, see `Table::collation`).
        let mut collation = None;
        let mut charset = None;
        for option in options {
            match option {
                SqlOption::Comment(comment) => {
                    self.schema.tables[t].comment = Some(comment_text(comment));
                }
                SqlOption::KeyValue { key, value } if self.kind() == DialectKind::Mysql => {
                    let key = key.to_string().to_ascii_uppercase();
                    let text = value.to_string();
                    let text = text.trim_matches(['\'', '"', '`']).to_string();
                    match key.as_str() {
                        "COLLATE" | "DEFAULT COLLATE" => collation = Some(text),
                        "CHARSET"
                        | "DEFAULT CHARSET"
                        | "CHARACTER SET"
                        | "DEFAULT CHARACTER SET" => charset = Some(text),
                        // The first value of the table's auto-increment
                        // column: kept to create the table with, never
                        // compared. A dump writes the counter as it stands,
                        // so a table created from a dump starts where the
                        // dumped one was.
                        "AUTO_INCREMENT" => {
                            let start = text.parse::<i64>().ok();
                            let table = &mut self.schema.tables[t];
                            if let (Some(start), Some(column)) = (
                                start,
                                table.columns.iter_mut().find(|c| c.identity.is_some()),
                            ) {
                                column.identity_options = Some(Box::new(IdentityOptions {
                                    start: Some(start),
                                    ..Default::default()
                                }));
                            }
                        }
                        _ if is_storage_option(option) => {}
                        _ => self.warn(
                            origin,
                            format!("table {name}: option `{option}` is not modelled; ignored"),
                        ),
                    }
                }
                // MySQL: the storage engine, compared and written as the
                // models name it (see `Table::engine`); the normalizer
                // gives it the server's spelling.
                SqlOption::NamedParenthesizedList(list)
                    if list.key.value.eq_ignore_ascii_case("ENGINE")
                        && self.kind() == DialectKind::Mysql =>
                {
                    if let Some(engine) = &list.name {
                        self.schema.tables[t].engine = Some(engine.value.clone());
                    }
                }
                // Elsewhere a dump's ENGINE=InnoDB says nothing; another
                // engine is a MySQL choice this database has no place for.
                SqlOption::NamedParenthesizedList(list)
                    if list.key.value.eq_ignore_ascii_case("ENGINE")
                        && list
                            .name
                            .as_ref()
                            .is_some_and(|n| !n.value.eq_ignore_ascii_case("InnoDB")) =>
                {
                    self.warn(
                        origin,
                        format!(
                            "table {name}: `{option}` is MySQL/MariaDB's; ignored on {}",
                            self.kind()
                        ),
                    );
                }
                other if is_storage_option(other) => {}
                other => self.warn(
                    origin,
                    format!("table {name}: option `{other}` is not modelled; ignored"),
                ),
            }
        }
        if let Some(c) = collation.or(charset) {
            self.schema.tables[t].collation = Some(c);
        }
        // An unlogged table is not in the model: it would be created logged,
        // and a table switched either way would compare clean. Said, so
        // that the cache table someone made unlogged on purpose does not
        // turn logged in silence.
        if create.unlogged {
            self.warn(
                origin,
                format!(
                    "table {name}: UNLOGGED is not modelled; ignored (a revision creates the table logged, and logged/unlogged is not compared)"
                ),
            );
        }
        if create.inherits.is_some() {
            self.warn(
                origin,
                format!("table {name}: INHERITS is not modelled; ignored"),
            );
        }
        // Only PostgreSQL's parser reads PARTITION BY. The key is kept as
        // written: it is rendered when the table is created, never compared.
        if let Some(key) = &create.partition_by {
            self.schema.tables[t].partition_by = Some(key.to_string());
        }
    }

    /// `ALTER TABLE`: additions and column changes build the model up; a drop
    /// or rename is refused, since models state the wanted end result;
    /// anything else (owner, row security, ...) is skipped with a warning.
    /// A statement made only of such operations is skipped whole, whether or
    /// not the table is modelled: pg_dump writes `ALTER TABLE v OWNER TO r`
    /// for views and sequences too.
    pub(super) fn alter_table(
        &mut self,
        alter: &AlterTable,
        mended: &Mended,
        sql: &str,
        origin: &Origin,
    ) -> Result<()> {
        let name = self
            .names
            .qualified(&alter.name)
            .map_err(|m| origin.error(m))?;
        // pg_dump creates each partition as a table of its own, then attaches it.
        for operation in &alter.operations {
            if let AlterTableOperation::AttachPartitionOf { partition, .. } = operation {
                let partition = self
                    .names
                    .qualified(partition)
                    .map_err(|m| origin.error(m))?;
                self.warn(
                    origin,
                    format!("table {partition} is a partition of {name}: partitions are not modelled; skipped"),
                );
                self.partitions.push(partition);
            }
        }
        if !alter.operations.iter().any(touches_model) {
            if !alter
                .operations
                .iter()
                .all(|o| matches!(o, AlterTableOperation::AttachPartitionOf { .. }))
            {
                self.skip(sql, origin);
            }
            return Ok(());
        }
        let t = self.table_index(&name, "ALTER TABLE", origin)?;
        // The mend lists the keys the statement adds, in order.
        let mut added = 0;
        for operation in &alter.operations {
            match operation {
                AlterTableOperation::AddConstraint { constraint, .. } => {
                    self.add_table_constraint(t, constraint, &mended.key(added), origin)?;
                    added += 1;
                }
                AlterTableOperation::AddColumn {
                    if_not_exists: true,
                    column_def,
                    ..
                } if self.has_column(t, &column_def.name) => {
                    self.warn(
                        origin,
                        format!(
                            "skipped ADD COLUMN IF NOT EXISTS {}: the column exists",
                            column_def.name
                        ),
                    );
                }
                AlterTableOperation::AddColumn { column_def, .. } => {
                    self.add_column(t, column_def, origin)?;
                }
                AlterTableOperation::AlterColumn { column_name, op } => {
                    self.alter_column(t, column_name, op, origin)?;
                }
                AlterTableOperation::ModifyColumn {
                    col_name,
                    data_type,
                    options,
                    ..
                } if self.declared_by_base(t, col_name) => {
                    self.restate_column(t, col_name, data_type, options, origin)?;
                }
                // phpMyAdmin exports create each table bare, then add its keys
                // and restate its AUTO_INCREMENT column in full with MODIFY:
                // the column's final definition all the same.
                AlterTableOperation::ModifyColumn {
                    col_name,
                    data_type,
                    options,
                    ..
                } if self.kind() == DialectKind::Mysql && self.has_column(t, col_name) => {
                    self.restate_column(t, col_name, data_type, options, origin)?;
                }
                AlterTableOperation::DropConstraint { .. }
                | AlterTableOperation::DropColumn { .. }
                | AlterTableOperation::DropPrimaryKey { .. }
                | AlterTableOperation::DropForeignKey { .. }
                | AlterTableOperation::DropIndex { .. }
                | AlterTableOperation::RenameColumn { .. }
                | AlterTableOperation::RenameTable { .. }
                | AlterTableOperation::RenameConstraint { .. }
                | AlterTableOperation::ChangeColumn { .. }
                | AlterTableOperation::ModifyColumn { .. } => {
                    return Err(origin.error(format!(
                        "ALTER TABLE {name} {operation}: models describe the wanted schema, \
                         write the final definition instead of changing it"
                    )));
                }
                other => self.warn(
                    origin,
                    format!("skipped ALTER TABLE {name} {other}: not modelled"),
                ),
            }
        }
        self.resolve_binary();
        Ok(())
    }

    /// MySQL's `BINARY` on a text column with no character set of its own:
    /// the `_bin` collation of the table's default character set (MySQL
    /// Reference Manual, "String Data Type Syntax"), read once the
    /// statement's table options are. Where the models give the table none,
    /// the server's default decides, which the models do not know: ignored
    /// with a warning.
    fn resolve_binary(&mut self) {
        for (t, column, at) in std::mem::take(&mut self.binary_pending) {
            let table = &mut self.schema.tables[t];
            let charset = table
                .collation
                .as_deref()
                .and_then(|c| c.split('_').next())
                .map(str::to_string);
            let name = table.qualified();
            let col = table.columns.iter_mut().find(|c| c.name == column);
            match (charset, col) {
                (Some(cs), Some(col)) => col.collation = Some(format!("{cs}_bin").into()),
                _ => self.warn(
                    &at,
                    format!(
                        "column {name}.{column}: `BINARY` (the `_bin` collation of the table's \
                         character set) is not modelled where the table has no `DEFAULT CHARSET=`; \
                         ignored (write `COLLATE <charset>_bin`)"
                    ),
                ),
            }
        }
    }

    /// MySQL's `ALTER TABLE t ENGINE=x`: the table's engine, as `CREATE
    /// TABLE ... ENGINE=x` gives it (taken out by the MySQL mend, which
    /// sqlparser does not read in an `ALTER TABLE`).
    pub(super) fn alter_engine(
        &mut self,
        table: &ObjectName,
        engine: &str,
        origin: &Origin,
    ) -> Result<()> {
        let name = self.names.qualified(table).map_err(|m| origin.error(m))?;
        let t = self.table_index(&name, "ALTER TABLE", origin)?;
        self.schema.tables[t].engine = Some(engine.to_string());
        Ok(())
    }

    /// `ALTER TABLE t ALTER COLUMN c ...` (pg_dump writes `SET DEFAULT` this way).
    fn alter_column(
        &mut self,
        t: usize,
        column: &Ident,
        op: &AlterColumnOperation,
        origin: &Origin,
    ) -> Result<()> {
        let column_name = self.names.ident(column);
        let data_type = match op {
            AlterColumnOperation::SetDataType { data_type, .. } => {
                Some(self.names.data_type(data_type))
            }
            _ => None,
        };
        let table_name = self.schema.tables[t].qualified();
        let Some(col) = self.schema.tables[t]
            .columns
            .iter_mut()
            .find(|c| c.name == column_name)
        else {
            return Err(origin.error(format!(
                "ALTER COLUMN {column_name}: table {table_name} has no such column"
            )));
        };
        match op {
            AlterColumnOperation::SetNotNull => col.nullable = false,
            AlterColumnOperation::DropNotNull => col.nullable = true,
            AlterColumnOperation::SetDefault { value } => col.default = Some(value.to_string()),
            AlterColumnOperation::DropDefault => col.default = None,
            AlterColumnOperation::SetDataType { .. } => {
                col.data_type = data_type.unwrap_or_default();
            }
            AlterColumnOperation::AddGenerated {
                generated_as,
                sequence_options,
            } => {
                col.identity = Some(match generated_as {
                    Some(GeneratedAs::Always) => Identity::Always,
                    _ => Identity::ByDefault,
                });
                col.identity_options = identity_options(sequence_options.as_deref())
                    .map_err(|m| origin.error(format!("column {table_name}.{column_name}: {m}")))?;
            }
            other => {
                let message = format!(
                    "column {table_name}.{column_name}: `{other}` is not modelled; ignored"
                );
                self.warn(origin, message);
            }
        }
        Ok(())
    }

    /// Whether column `name` of table `t` came from the source this file
    /// refines (Diesel's `schema.rs`) and was not restated yet.
    fn declared_by_base(&self, t: usize, name: &Ident) -> bool {
        let name = self.names.ident(name);
        self.base_columns
            .iter()
            .any(|(bt, c)| *bt == t && self.names.same_column(c, &name))
    }

    /// `ALTER TABLE t MODIFY COLUMN c <definition>` in a companion file: the
    /// full definition of a column `schema.rs` declared, replacing it where
    /// it stands (how a MySQL `ENUM(...)`, whose values `schema.rs` cannot
    /// hold, is described).
    fn restate_column(
        &mut self,
        t: usize,
        name: &Ident,
        data_type: &sqlparser::ast::DataType,
        options: &[sqlparser::ast::ColumnOption],
        origin: &Origin,
    ) -> Result<()> {
        let wanted = self.names.ident(name);
        let names = &self.names;
        self.base_columns
            .retain(|(bt, c)| !(*bt == t && names.same_column(c, &wanted)));
        let columns = &mut self.schema.tables[t].columns;
        let Some(at) = columns
            .iter()
            .position(|c| self.names.same_column(&c.name, &wanted))
        else {
            return Ok(());
        };
        columns.remove(at);
        let def = ColumnDef {
            name: name.clone(),
            data_type: data_type.clone(),
            options: options
                .iter()
                .map(|o| sqlparser::ast::ColumnOptionDef {
                    name: None,
                    option: o.clone(),
                })
                .collect(),
        };
        self.add_column(t, &def, origin)?;
        let columns = &mut self.schema.tables[t].columns;
        if let Some(added) = columns.pop() {
            columns.insert(at, added);
        }
        Ok(())
    }

    fn has_column(&self, t: usize, name: &Ident) -> bool {
        let name = self.names.ident(name);
        self.schema.tables[t].column(&name).is_some()
    }

    /// Adds a column and the constraints written on it.
    fn add_column(&mut self, t: usize, def: &ColumnDef, origin: &Origin) -> Result<()> {
        let name = self.names.ident(&def.name);
        let at = origin.at(&def.name);
        let table_name = self.schema.tables[t].qualified();
        if self.schema.tables[t]
            .columns
            .iter()
            .any(|c| self.names.same_column(&c.name, &name))
        {
            return Err(at.error(format!(
                "column {name} is defined twice in table {table_name}"
            )));
        }
        let what = format!("column {table_name}.{name}");
        let mut column = Column::new(&name, &self.names.data_type(&def.data_type));
        let mut inline = Vec::new();
        // SQLite's `PRIMARY KEY DESC` on the column (see `dialect_specific`).
        let mut key_descending = false;
        // A collation names its character set, and wins over it.
        let mut charset: Option<String> = None;
        // MySQL's `BINARY` attribute.
        let mut binary = false;
        for option in &def.options {
            let constraint_name = option.name.as_ref().map(|n| self.names.ident(n));
            match &option.option {
                ColumnOption::Null => column.nullable = true,
                ColumnOption::NotNull => column.nullable = false,
                ColumnOption::Default(expr) => column.default = Some(expr.to_string()),
                ColumnOption::Comment(text) => column.comment = Some(text.clone()),
                ColumnOption::PrimaryKey(pk) => {
                    let timing = self.key_timing(t, &pk.characteristics, &at)?;
                    let name = constraint_name.or_else(|| self.ident_opt(&pk.name));
                    inline.push(Inline::PrimaryKey(name, timing));
                }
                ColumnOption::Unique(unique) => {
                    let timing = self.key_timing(t, &unique.characteristics, &at)?;
                    let name = constraint_name.or_else(|| self.ident_opt(&unique.name));
                    let nulls = self.nulls_not_distinct(t, unique, &at);
                    inline.push(Inline::Unique(name, timing, nulls));
                }
                ColumnOption::ForeignKey(fk) => {
                    let name = constraint_name.or_else(|| self.ident_opt(&fk.name));
                    inline.push(Inline::ForeignKey(name, fk));
                }
                ColumnOption::Check(check) => {
                    let name = constraint_name.or_else(|| self.ident_opt(&check.name));
                    inline.push(Inline::Check(name, check));
                }
                ColumnOption::Generated {
                    generated_as,
                    sequence_options,
                    generation_expr: None,
                    ..
                } => {
                    column.identity = Some(match generated_as {
                        GeneratedAs::Always => Identity::Always,
                        _ => Identity::ByDefault,
                    });
                    column.identity_options = identity_options(sequence_options.as_deref())
                        .map_err(|m| at.error(format!("{what}: {m}")))?;
                }
                ColumnOption::Generated {
                    generation_expr: Some(expr),
                    generation_expr_mode,
                    ..
                } => column.generated = Some(generated_column(expr, generation_expr_mode)),
                ColumnOption::OnUpdate(expr) if self.kind() == DialectKind::Mysql => {
                    column.on_update = Some(expr.to_string().into());
                }
                // MySQL's `BINARY` after a text type: the `_bin` collation
                // of the column's character set, resolved below.
                ColumnOption::DialectSpecific(tokens)
                    if self.kind() == DialectKind::Mysql && first_word_is(tokens, "BINARY") =>
                {
                    binary = true;
                }
                // `SERIAL DEFAULT VALUE`: `NOT NULL AUTO_INCREMENT UNIQUE`
                // (MySQL Reference Manual, "Numeric Data Type Syntax").
                ColumnOption::DialectSpecific(tokens)
                    if self.kind() == DialectKind::Mysql && first_word_is(tokens, "SERIAL") =>
                {
                    column.nullable = false;
                    column.identity = Some(Identity::AutoIncrement);
                    inline.push(Inline::Unique(None, Deferrable::No, false));
                }
                ColumnOption::DialectSpecific(tokens) => {
                    key_descending |= self.dialect_specific(t, &mut column, tokens, &what, &at)?;
                }
                ColumnOption::Invisible if self.kind() == DialectKind::Mysql => {
                    column.invisible = true;
                }
                ColumnOption::Collation(name) => column.collation = Some(name.to_string().into()),
                ColumnOption::CharacterSet(cs) => {
                    charset = Some(cs.to_string().trim_matches(['\'', '"', '`']).to_string());
                }
                other => self.warn(&at, format!("{what}: `{other}` is not modelled; ignored")),
            }
        }
        if self.kind() == DialectKind::Mysql {
            // `CHARACTER SET binary` (or `BYTE`) makes a text type its binary
            // counterpart, as the server reports it (`CHAR(10) BYTE` is
            // `binary(10)`).
            let binary_type = charset
                .as_deref()
                .filter(|cs| cs.eq_ignore_ascii_case("binary"))
                .and_then(|_| binary_counterpart(&column.data_type));
            if let Some(data_type) = binary_type {
                column.data_type = data_type;
                charset = None;
            }
            if binary && column.collation.is_none() {
                match charset.take() {
                    Some(cs) => column.collation = Some(format!("{cs}_bin").into()),
                    None => self.binary_pending.push((t, name.clone(), at.clone())),
                }
            }
        }
        match (charset, &column.collation) {
            // A character set alone stands for its default collation, which
            // the MySQL dialect resolves (see `Column::collation`).
            (Some(cs), None) if self.kind() == DialectKind::Mysql => {
                column.collation = Some(cs.into_boxed_str());
            }
            (Some(cs), None) => self.warn(
                &at,
                format!("{what}: `CHARACTER SET {cs}` is not modelled; ignored"),
            ),
            _ => {}
        }
        self.schema.tables[t].columns.push(column);
        for constraint in inline {
            let columns = vec![name.clone()];
            match constraint {
                Inline::PrimaryKey(cname, timing) => {
                    let descending = KeyColumn {
                        collation: None,
                        descending: true,
                    };
                    let column_options = Vec::from_iter(key_descending.then_some(descending));
                    self.set_primary_key(t, cname, (columns, column_options), timing, &at)?
                }
                Inline::Unique(name, deferrable, nulls_not_distinct) => self.add_unique(
                    t,
                    Unique {
                        name,
                        columns,
                        column_options: Vec::new(),
                        deferrable,
                        nulls_not_distinct,
                    },
                    &at,
                )?,
                Inline::ForeignKey(cname, fk) => {
                    self.add_foreign_key(t, cname, columns, fk, &at)?
                }
                Inline::Check(cname, check) => self.add_check(t, cname, check, &at),
            }
        }
        Ok(())
    }

    /// Column options sqlparser keeps as raw keywords: MySQL `AUTO_INCREMENT`
    /// and SQLite `AUTOINCREMENT` mark the column as generating its values;
    /// SQLite's `PRIMARY KEY ASC` is the default order; its `INTEGER PRIMARY
    /// KEY DESC` on a rowid table is refused, and any other `PRIMARY KEY DESC`
    /// orders the key's index: then this returns true.
    fn dialect_specific(
        &mut self,
        t: usize,
        column: &mut Column,
        tokens: &[Token],
        what: &str,
        at: &Origin,
    ) -> Result<bool> {
        let keyword = match tokens {
            [Token::Word(w)] => w.keyword,
            _ => Keyword::NoKeyword,
        };
        match keyword {
            Keyword::AUTO_INCREMENT | Keyword::AUTOINCREMENT => {
                column.identity = Some(Identity::AutoIncrement);
            }
            Keyword::ASC => {}
            // Written on the column, `INTEGER PRIMARY KEY DESC` is no rowid
            // alias, unlike `INTEGER PRIMARY KEY` and the table constraint
            // `PRIMARY KEY (id DESC)` (https://sqlite.org/lang_createtable.html#rowid).
            // The model has no place for that: read as the alias, the table
            // would be created as one.
            Keyword::DESC
                if self.kind() == DialectKind::Sqlite
                    && column.data_type.eq_ignore_ascii_case("INTEGER")
                    && !self.schema.tables[t].without_rowid =>
            {
                let name = &column.name;
                return Err(at.error(format!(
                    "{what}: INTEGER PRIMARY KEY DESC is not a rowid alias in SQLite \
                     (https://sqlite.org/lang_createtable.html#rowid), which revise cannot model: \
                     write {name} INTEGER PRIMARY KEY for the alias, or {name} INT PRIMARY KEY for \
                     a key apart from the rowid"
                )));
            }
            Keyword::DESC if self.kind() == DialectKind::Sqlite => return Ok(true),
            // MariaDB's column compression (read in `mysql_dialect.rs`)
            // changes how the column is stored, which a MODIFY without it
            // undoes, and the server reports it with the type (`mediumtext
            // /*M!100301 COMPRESSED*/`): kept as part of the type, where the
            // server takes it. zlib is its only method.
            _ if self.kind() == DialectKind::Mysql
                && matches!(tokens.first(), Some(Token::Word(w)) if w.value.eq_ignore_ascii_case("COMPRESSED")) =>
            {
                column.data_type.push_str(" COMPRESSED");
            }
            _ => {
                let text = tokens
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
                    .replace(" = ", "=");
                self.warn(at, format!("{what}: `{text}` is not modelled; ignored"));
            }
        }
        Ok(false)
    }

    /// `DEFERRABLE` and `INITIALLY ...` on a key are not in the model.
    /// `NULLS NOT DISTINCT` on a unique constraint; its `INCLUDE` columns
    /// are not modelled (a unique index's are).
    fn nulls_not_distinct(&mut self, t: usize, unique: &UniqueConstraint, origin: &Origin) -> bool {
        if !unique.include.is_empty() {
            let table = self.schema.tables[t].qualified();
            self.warn(
                origin,
                format!(
                    "table {table}: INCLUDE on a UNIQUE constraint is not modelled (write a unique index); ignored"
                ),
            );
        }
        unique.nulls_distinct == NullsDistinctOption::NotDistinct
    }

    /// When a primary key or unique constraint is checked; `NOT DEFERRABLE
    /// INITIALLY DEFERRED` is an error, `[NOT] ENFORCED` is not modelled.
    fn key_timing(
        &mut self,
        t: usize,
        characteristics: &Option<ConstraintCharacteristics>,
        origin: &Origin,
    ) -> Result<Deferrable> {
        let c = characteristics.unwrap_or_default();
        let table = self.schema.tables[t].qualified();
        if c.enforced.is_some() {
            self.warn(
                origin,
                format!("table {table}: [NOT] ENFORCED on keys is not modelled; ignored"),
            );
        }
        timing_of(&c, &format!("table {table}"), origin)
    }

    fn ident_opt(&self, ident: &Option<Ident>) -> Option<String> {
        ident.as_ref().map(|i| self.names.ident(i))
    }

    /// A table-level constraint (in `CREATE TABLE` or `ALTER TABLE ... ADD`),
    /// with the MySQL index options sqlparser left out (`options`).
    fn add_table_constraint(
        &mut self,
        t: usize,
        constraint: &TableConstraint,
        options: &KeyOptions,
        origin: &Origin,
    ) -> Result<()> {
        match constraint {
            TableConstraint::PrimaryKey(pk) => {
                let name = self
                    .ident_opt(&pk.name)
                    .or_else(|| self.ident_opt(&pk.index_name));
                let columns = match self.kind() {
                    DialectKind::Sqlite => {
                        let table = self.schema.tables[t].qualified();
                        self.sqlite_key_columns(&pk.columns).map_err(|part| {
                            origin.error(format!(
                                "PRIMARY KEY of table {table}: `{part}` is not a column"
                            ))
                        })?
                    }
                    _ => (
                        self.key_columns(t, &pk.columns, "PRIMARY KEY", origin)?,
                        Vec::new(),
                    ),
                };
                let timing = self.key_timing(t, &pk.characteristics, origin)?;
                self.primary_key_options(t, pk, options, origin);
                self.set_primary_key(t, name, columns, timing, origin)
            }
            TableConstraint::Unique(unique) => {
                // MySQL names the index after `UNIQUE KEY name` when both that and
                // `CONSTRAINT name` are written (MySQL Reference Manual, CREATE
                // TABLE: "the CONSTRAINT symbol value is used only if index_name
                // is not given").
                let name = self
                    .ident_opt(&unique.index_name)
                    .or_else(|| self.ident_opt(&unique.name));
                let nulls_not_distinct = self.nulls_not_distinct(t, unique, origin);
                let deferrable = self.key_timing(t, &unique.characteristics, origin)?;
                // SQLite's keys may give a column a collation and an order
                // (`UNIQUE (email COLLATE NOCASE)`), which the model keeps;
                // PostgreSQL and MySQL take no collation there.
                let key = match self.kind() {
                    DialectKind::Sqlite => self.sqlite_key_columns(&unique.columns).ok(),
                    _ => self.plain_columns(&unique.columns).map(|c| (c, Vec::new())),
                };
                let mut method = unique.index_type.as_ref().map(super::index::method);
                let mut comment = options.comment.clone();
                Model::index_options(&unique.index_options, &mut method, &mut comment);
                let label = format!(
                    "unique key {} on {}",
                    name.as_deref().unwrap_or("(unnamed)"),
                    self.schema.tables[t].qualified()
                );
                self.unread_key_options(options, &label, origin);
                // A MySQL unique key with a comment, or ignored, is a unique
                // index with them: a unique constraint has no place for them.
                let key = key.filter(|_| comment.is_none() && !options.ignored);
                match key {
                    Some((columns, column_options)) => self.add_unique(
                        t,
                        Unique {
                            name,
                            columns,
                            column_options,
                            deferrable,
                            nulls_not_distinct,
                        },
                        origin,
                    ),
                    // A key part that is an expression, a prefix or descending
                    // cannot be a unique constraint: it is a unique index.
                    None => {
                        let index = Index {
                            name,
                            unique: true,
                            parts: self.index_parts(&unique.columns, origin),
                            predicate: None,
                            method,
                            include: Vec::new(),
                            nulls_not_distinct,
                            comment,
                            ignored: options.ignored,
                        };
                        self.add_index(t, index, origin)
                    }
                }
            }
            TableConstraint::ForeignKey(fk) => {
                let name = self.ident_opt(&fk.name);
                let columns = fk.columns.iter().map(|c| self.names.ident(c)).collect();
                self.add_foreign_key(t, name, columns, fk, origin)
            }
            TableConstraint::Check(check) => {
                let name = self.ident_opt(&check.name);
                self.add_check(t, name, check, origin);
                Ok(())
            }
            TableConstraint::Index(index) => self.add_key_index(t, index, options, origin),
            // MySQL's `FULLTEXT KEY` and `SPATIAL KEY`: indexes whose method
            // says what they are, as introspection reports them.
            TableConstraint::FulltextOrSpatial(key) => {
                let name = self.ident_opt(&key.opt_index_name);
                let label = format!(
                    "index {} on {}",
                    name.as_deref().unwrap_or("(unnamed)"),
                    self.schema.tables[t].qualified()
                );
                self.unread_key_options(options, &label, origin);
                let index = Index {
                    name,
                    unique: false,
                    parts: self.index_parts(&key.columns, origin),
                    predicate: None,
                    method: Some(if key.fulltext { "fulltext" } else { "spatial" }.to_string()),
                    include: Vec::new(),
                    nulls_not_distinct: false,
                    comment: options.comment.clone(),
                    ignored: options.ignored,
                };
                self.add_index(t, index, origin)
            }
            other => {
                let table = self.schema.tables[t].qualified();
                self.warn(
                    origin,
                    format!("table {table}: `{other}` is not modelled; skipped"),
                );
                Ok(())
            }
        }
    }

    /// A primary key's index options, none of which the model keeps: a
    /// MySQL primary key is always `PRIMARY`, always used (MariaDB refuses
    /// `IGNORED` on it, error 4174), and its comment is not compared.
    fn primary_key_options(
        &mut self,
        t: usize,
        pk: &sqlparser::ast::PrimaryKeyConstraint,
        options: &KeyOptions,
        origin: &Origin,
    ) {
        let label = format!("primary key of {}", self.schema.tables[t].qualified());
        let mut method = None;
        let mut comment = options.comment.clone();
        Model::index_options(&pk.index_options, &mut method, &mut comment);
        let mut unread = options.unread.clone();
        unread.extend(comment.map(|c| format!("COMMENT {}", quote(&c))));
        unread.extend(options.ignored.then(|| "IGNORED".to_string()));
        self.unread_key_options(
            &KeyOptions {
                unread,
                ..KeyOptions::default()
            },
            &label,
            origin,
        );
    }

    /// Key parts that must be plain columns (primary keys).
    fn key_columns(
        &mut self,
        t: usize,
        parts: &[IndexColumn],
        what: &str,
        origin: &Origin,
    ) -> Result<Vec<String>> {
        let table = self.schema.tables[t].qualified();
        let mut columns = Vec::new();
        for part in parts {
            let sqlparser::ast::Expr::Identifier(ident) = strip_parens(&part.column.expr) else {
                return Err(
                    origin.error(format!("{what} of table {table}: `{part}` is not a column"))
                );
            };
            if part.column.options.sort == Some(OrderBySort::Desc) {
                self.warn(
                    origin,
                    format!("{what} of table {table}: DESC is not modelled; ignored"),
                );
            }
            columns.push(self.names.ident(ident));
        }
        Ok(columns)
    }

    /// SQLite key parts: each a column, with the collation and order the
    /// key gives it (<https://sqlite.org/lang_createtable.html>,
    /// "indexed-column"); the options empty when no part says anything. The
    /// first part that is no column (an expression, an operator class) is
    /// the error, as written.
    fn sqlite_key_columns(
        &self,
        parts: &[IndexColumn],
    ) -> std::result::Result<(Vec<String>, Vec<KeyColumn>), String> {
        let mut columns = Vec::with_capacity(parts.len());
        let mut options = Vec::with_capacity(parts.len());
        for part in parts {
            let mut expr = strip_parens(&part.column.expr);
            let mut collation = None;
            if let Expr::Collate {
                expr: inner,
                collation: name,
            } = expr
            {
                collation = Some(name.to_string());
                expr = strip_parens(inner);
            }
            let sort = &part.column.options.sort;
            let (
                Expr::Identifier(ident),
                None,
                None | Some(OrderBySort::Asc | OrderBySort::Desc),
                None,
            ) = (
                expr,
                &part.operator_class,
                sort,
                part.column.options.nulls_first,
            )
            else {
                return Err(part.to_string());
            };
            columns.push(self.names.ident(ident));
            options.push(KeyColumn {
                collation,
                descending: *sort == Some(OrderBySort::Desc),
            });
        }
        if options.iter().all(KeyColumn::is_plain) {
            options.clear();
        }
        Ok((columns, options))
    }

    /// The column names of key parts that are all plain ascending columns.
    fn plain_columns(&self, parts: &[IndexColumn]) -> Option<Vec<String>> {
        parts
            .iter()
            .map(|part| match strip_parens(&part.column.expr) {
                sqlparser::ast::Expr::Identifier(ident)
                    if part.column.options.sort != Some(OrderBySort::Desc)
                        && part.operator_class.is_none() =>
                {
                    Some(self.names.ident(ident))
                }
                _ => None,
            })
            .collect()
    }

    /// Errors unless every name in `columns` is a column of table `t`.
    pub(super) fn check_columns(
        &self,
        t: usize,
        columns: &[String],
        what: &str,
        origin: &Origin,
    ) -> Result<()> {
        let table = &self.schema.tables[t];
        let known = |c: &String| {
            table
                .columns
                .iter()
                .any(|x| self.names.same_column(&x.name, c))
        };
        match columns.iter().find(|c| !known(c)) {
            Some(missing) => Err(origin.error(format!(
                "{what} of table {} names {missing}, which is not a column of the table",
                table.qualified()
            ))),
            None => Ok(()),
        }
    }

    /// Sets table `t`'s primary key: its name, its columns with what the key
    /// says about them (see [`KeyColumn`]), and its timing.
    fn set_primary_key(
        &mut self,
        t: usize,
        name: Option<String>,
        (columns, column_options): (Vec<String>, Vec<KeyColumn>),
        deferrable: Deferrable,
        origin: &Origin,
    ) -> Result<()> {
        if let Some(first) = &self.tables[t].primary_key {
            return Err(origin.error(format!(
                "table {} has a second primary key (the first at {first})",
                self.schema.tables[t].qualified()
            )));
        }
        self.check_columns(t, &columns, "PRIMARY KEY", origin)?;
        self.schema.tables[t].primary_key = Some(PrimaryKey {
            name,
            columns,
            column_options,
            deferrable,
        });
        self.tables[t].primary_key = Some(origin.clone());
        Ok(())
    }

    fn add_unique(&mut self, t: usize, unique: Unique, origin: &Origin) -> Result<()> {
        self.check_columns(t, &unique.columns, "UNIQUE", origin)?;
        self.schema.tables[t].uniques.push(unique);
        Ok(())
    }

    /// A foreign key; one whose `REFERENCES` lists no columns is resolved to
    /// the target's primary key when all files are read.
    fn add_foreign_key(
        &mut self,
        t: usize,
        name: Option<String>,
        columns: Vec<String>,
        fk: &ForeignKeyConstraint,
        origin: &Origin,
    ) -> Result<()> {
        self.check_columns(t, &columns, "FOREIGN KEY", origin)?;
        let target: QualifiedName = self
            .names
            .qualified(&fk.foreign_table)
            .map_err(|m| origin.error(m))?;
        let ref_columns: Vec<String> = fk
            .referred_columns
            .iter()
            .map(|c| self.names.ident(c))
            .collect();
        if !ref_columns.is_empty() && ref_columns.len() != columns.len() {
            return Err(origin.error(format!(
                "FOREIGN KEY ({}) REFERENCES {target} ({}): the column counts differ",
                columns.join(", "),
                ref_columns.join(", ")
            )));
        }
        let characteristics = fk.characteristics.unwrap_or_default();
        let subject = format!(
            "foreign key of table {} to {target}",
            self.schema.tables[t].qualified()
        );
        let deferrable = timing_of(&characteristics, &subject, origin)?;
        if fk.match_kind.is_some() || characteristics.enforced.is_some() {
            self.warn(
                origin,
                format!(
                    "foreign key of table {} to {target}: MATCH and [NOT] ENFORCED are not modelled; ignored",
                    self.schema.tables[t].qualified()
                ),
            );
        }
        let pending = ref_columns.is_empty();
        self.schema.tables[t].foreign_keys.push(ForeignKey {
            name,
            columns,
            ref_schema: target.schema,
            ref_table: target.name,
            ref_columns,
            on_delete: fk_action(fk.on_delete),
            on_update: fk_action(fk.on_update),
            deferrable,
        });
        if pending {
            self.pending.push(PendingFk {
                table: t,
                fk: self.schema.tables[t].foreign_keys.len() - 1,
                origin: origin.clone(),
            });
        }
        Ok(())
    }

    fn add_check(
        &mut self,
        t: usize,
        name: Option<String>,
        check: &CheckConstraint,
        origin: &Origin,
    ) {
        // MySQL 8's NOT ENFORCED check is documentation, not a rule: written
        // as an ordinary check it would reject rows the models allow (or fail
        // the upgrade on rows already there), so it is left out whole.
        if check.enforced == Some(false) {
            self.warn(
                origin,
                format!(
                    "check {}of table {} is NOT ENFORCED, which revise does not model; left out of the models",
                    name.as_deref().map(|n| format!("{n} ")).unwrap_or_default(),
                    self.schema.tables[t].qualified()
                ),
            );
            return;
        }
        if check.no_inherit {
            self.warn(
                origin,
                format!(
                    "check of table {}: NO INHERIT is not modelled; read as an ordinary check",
                    self.schema.tables[t].qualified()
                ),
            );
        }
        self.schema.tables[t].checks.push(Check {
            name,
            expression: strip_parens(&check.expr).to_string(),
        });
    }
}

/// Whether an `ALTER TABLE` operation adds to, changes or removes something
/// the model describes.
fn touches_model(operation: &AlterTableOperation) -> bool {
    matches!(
        operation,
        AlterTableOperation::AddConstraint { .. }
            | AlterTableOperation::AddColumn { .. }
            | AlterTableOperation::AlterColumn { .. }
            | AlterTableOperation::DropConstraint { .. }
            | AlterTableOperation::DropColumn { .. }
            | AlterTableOperation::DropPrimaryKey { .. }
            | AlterTableOperation::DropForeignKey { .. }
            | AlterTableOperation::DropIndex { .. }
            | AlterTableOperation::RenameColumn { .. }
            | AlterTableOperation::RenameTable { .. }
            | AlterTableOperation::RenameConstraint { .. }
            | AlterTableOperation::ChangeColumn { .. }
            | AlterTableOperation::ModifyColumn { .. }
    )
}

/// The options of an identity's sequence (`AS IDENTITY (START WITH 1000
/// INCREMENT BY 5)`), kept as numbers to be written when the identity is
/// created; `None` when the list is absent or empty. A value that is not a
/// 64-bit integer (what a PostgreSQL sequence holds) is an error.
fn identity_options(
    options: Option<&[SequenceOptions]>,
) -> std::result::Result<Option<Box<IdentityOptions>>, String> {
    let number = |word: &str, value: &Expr| {
        let text = value.to_string();
        text.parse::<i64>()
            .map_err(|_| format!("identity option {word} {text} is not a 64-bit integer"))
    };
    let mut out = IdentityOptions::default();
    for option in options.unwrap_or_default() {
        match option {
            SequenceOptions::StartWith(v, _) => out.start = Some(number("START WITH", v)?),
            SequenceOptions::IncrementBy(v, _) => out.increment = Some(number("INCREMENT BY", v)?),
            SequenceOptions::MinValue(v) => {
                out.min_value = v.as_ref().map(|v| number("MINVALUE", v)).transpose()?
            }
            SequenceOptions::MaxValue(v) => {
                out.max_value = v.as_ref().map(|v| number("MAXVALUE", v)).transpose()?
            }
            SequenceOptions::Cache(v) => out.cache = Some(number("CACHE", v)?),
            // `Cycle(true)` is `NO CYCLE`.
            SequenceOptions::Cycle(no) => out.cycle = !no,
            // sqlparser reads neither in an identity's list.
            SequenceOptions::DataType(_) | SequenceOptions::OwnedBy(_) => {
                return Err(format!(
                    "identity option `{}` is not modelled",
                    option.to_string().trim()
                ));
            }
        }
    }
    Ok((!out.is_empty()).then(|| Box::new(out)))
}

fn fk_action(action: Option<ReferentialAction>) -> FkAction {
    match action {
        None | Some(ReferentialAction::NoAction) => FkAction::NoAction,
        Some(ReferentialAction::Restrict) => FkAction::Restrict,
        Some(ReferentialAction::Cascade) => FkAction::Cascade,
        Some(ReferentialAction::SetNull) => FkAction::SetNull,
        Some(ReferentialAction::SetDefault) => FkAction::SetDefault,
    }
}

fn comment_text(comment: &CommentDef) -> String {
    match comment {
        CommentDef::WithEq(text) | CommentDef::WithoutEq(text) => text.clone(),
    }
}

/// Whether a table option only picks the storage engine or text encoding.
fn is_storage_option(option: &SqlOption) -> bool {
    let key = match option {
        SqlOption::KeyValue { key, .. } => key.to_string(),
        SqlOption::NamedParenthesizedList(list) => list.key.value.clone(),
        _ => return false,
    };
    let key = key.to_ascii_uppercase();
    STORAGE_OPTIONS.contains(&key.as_str())
}

/// Whether a storage option the model has no place for states what the
/// table's engine does anyway. MariaDB's `SHOW CREATE TABLE`, and so
/// mariadb-dump, writes `PAGE_CHECKSUM=1` for every Aria table (the
/// default, from `aria_page_checksum=ON`), and a `TRANSACTIONAL=1` given
/// when the table was created, which is Aria's default too (MariaDB KB,
/// "Aria Storage Engine": a table is transactional unless `TRANSACTIONAL=0`
/// is given; "Aria System Variables": `aria_page_checksum` defaults to ON;
/// seen so on MariaDB 10.11). Another value, or another engine, is a choice
/// worth a warning.
fn is_engine_default(engine: Option<&str>, option: &TableOption) -> bool {
    engine.is_some_and(|e| e.eq_ignore_ascii_case("Aria"))
        && matches!(option.name.as_str(), "PAGE_CHECKSUM" | "TRANSACTIONAL")
        && option.value == "1"
}

/// Whether `tokens` open with the word `word`.
fn first_word_is(tokens: &[Token], word: &str) -> bool {
    matches!(tokens.first(), Some(Token::Word(w)) if w.value.eq_ignore_ascii_case(word))
}

/// The binary type a MySQL text type becomes in `CHARACTER SET binary`
/// (`CHAR(10)` is `BINARY(10)`, `TEXT` is `BLOB`); `None` for another type.
fn binary_counterpart(data_type: &str) -> Option<String> {
    let (base, rest) = data_type.split_at(data_type.find('(').unwrap_or(data_type.len()));
    let binary = match base.trim().to_ascii_uppercase().as_str() {
        "CHAR" | "CHARACTER" => "BINARY",
        "VARCHAR" | "CHARACTER VARYING" | "CHAR VARYING" => "VARBINARY",
        "TINYTEXT" => "TINYBLOB",
        "TEXT" => "BLOB",
        "MEDIUMTEXT" => "MEDIUMBLOB",
        "LONGTEXT" => "LONGBLOB",
        _ => return None,
    };
    Some(format!("{binary}{rest}"))
}

/// `text` as a single-quoted SQL string, for warnings that quote it.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}
