//! `CREATE INDEX` and MySQL's `KEY`/`INDEX` inside `CREATE TABLE` into
//! [`Index`]es: key parts (columns or expressions), order, method, predicate,
//! and the check that an index name is defined once.

use sqlparser::ast::{
    CreateIndex, IndexColumn, IndexConstraint, IndexOption, IndexType, OrderBySort,
};

use super::mysql_grammar::KeyOptions;
use super::names::strip_parens;
use super::{Model, Origin};
use crate::error::Result;
use crate::schema::{Index, IndexPart, QualifiedName};
use crate::url::DialectKind;

impl Model {
    /// `CREATE [UNIQUE] INDEX [name] ON t [USING m] (parts) [WHERE p]`;
    /// `options` are the MySQL index options sqlparser left out.
    pub(super) fn create_index(
        &mut self,
        create: &CreateIndex,
        options: &KeyOptions,
        origin: &Origin,
    ) -> Result<()> {
        let table = self
            .names
            .qualified(&create.table_name)
            .map_err(|m| origin.error(m))?;
        // pg_dump writes the indexes of materialized views beside the
        // tables'; the view is skipped, so is its index.
        if self.is_view(&table) {
            self.warn(
                origin,
                format!(
                    "skipped CREATE INDEX on {table}: {table} is a materialized view, which revise does not model"
                ),
            );
            return Ok(());
        }
        let t = self.table_index(&table, "CREATE INDEX", origin)?;
        // An index lives in its table's schema; SQLite writes `schema.index`,
        // so only the last part is the name.
        let name = match &create.name {
            Some(name) => self.names.parts(name).map_err(|m| origin.error(m))?.pop(),
            None => None,
        };
        let label = format!(
            "index {} on {table}",
            name.as_deref().unwrap_or("(unnamed)")
        );
        // CONCURRENTLY is how an index is built, not what it is: not in the
        // model, so a revision builds the index inside its transaction,
        // locking writes to the table meanwhile. Said, so that whoever needs
        // the concurrent build edits the revision (it cannot run in a
        // transaction, hence `transactional: false`).
        if create.concurrently {
            self.warn(
                origin,
                format!(
                    "{label}: CONCURRENTLY is not modelled; a revision creates the index without it (for a concurrent build, edit the revision: CREATE INDEX CONCURRENTLY and `-- transactional: false`)"
                ),
            );
        }
        if !create.with.is_empty() {
            self.warn(
                origin,
                format!("{label}: WITH (storage parameters) is not modelled; ignored"),
            );
        }
        let mut method = create.using.as_ref().map(method);
        let mut comment = options.comment.clone();
        Self::index_options(&create.index_options, &mut method, &mut comment);
        self.unread_key_options(options, &label, origin);
        let include: Vec<String> = create.include.iter().map(|c| self.names.ident(c)).collect();
        self.check_columns(t, &include, "INCLUDE", origin)?;
        let index = Index {
            name,
            unique: create.unique,
            parts: self.index_parts(&create.columns, origin),
            predicate: create
                .predicate
                .as_ref()
                .map(|p| strip_parens(p).to_string()),
            method,
            include,
            nulls_not_distinct: create.nulls_distinct == Some(false),
            comment,
            ignored: options.ignored,
        };
        self.add_index(t, index, origin)
    }

    /// MySQL `KEY [name] [USING m] (parts)` or `INDEX ...` inside a table.
    pub(super) fn add_key_index(
        &mut self,
        t: usize,
        key: &IndexConstraint,
        options: &KeyOptions,
        origin: &Origin,
    ) -> Result<()> {
        let name = key.name.as_ref().map(|n| self.names.ident(n));
        let label = format!(
            "index {} on {}",
            name.as_deref().unwrap_or("(unnamed)"),
            self.schema.tables[t].qualified()
        );
        let mut method = key.index_type.as_ref().map(method);
        let mut comment = options.comment.clone();
        Self::index_options(&key.index_options, &mut method, &mut comment);
        self.unread_key_options(options, &label, origin);
        let index = Index {
            name,
            unique: false,
            parts: self.index_parts(&key.columns, origin),
            predicate: None,
            method,
            include: Vec::new(),
            nulls_not_distinct: false,
            comment,
            ignored: options.ignored,
        };
        self.add_index(t, index, origin)
    }

    /// Warns of each MySQL index option the model has no place for (see
    /// `mysql_grammar.rs`), under `label`.
    pub(super) fn unread_key_options(
        &mut self,
        options: &KeyOptions,
        label: &str,
        origin: &Origin,
    ) {
        for option in &options.unread {
            // A parser plugin is the server's: MariaDB has no `ngram`, and
            // neither server reports one in information_schema.
            let why = if option.to_ascii_uppercase().starts_with("WITH PARSER") {
                " (a revision creates the index with the server's built-in parser)"
            } else {
                ""
            };
            self.warn(
                origin,
                format!("{label}: `{option}` is not modelled; ignored{why}"),
            );
        }
    }

    /// MySQL index options after the key parts that sqlparser reads: `USING`
    /// sets the method, `COMMENT` the comment (which the MySQL mend usually
    /// takes out first, into [`KeyOptions`]).
    pub(super) fn index_options(
        options: &[IndexOption],
        method_out: &mut Option<String>,
        comment_out: &mut Option<String>,
    ) {
        for option in options {
            match option {
                IndexOption::Using(kind) => *method_out = Some(method(kind)),
                IndexOption::Comment(text) => *comment_out = Some(text.clone()),
            }
        }
    }

    /// Key parts: a bare column is a folded column name, anything else an
    /// expression as sqlparser prints it (outer parentheses dropped).
    pub(super) fn index_parts(&mut self, parts: &[IndexColumn], origin: &Origin) -> Vec<IndexPart> {
        let mut out = Vec::with_capacity(parts.len());
        for part in parts {
            let mut expr = strip_parens(&part.column.expr);
            // PostgreSQL keeps an index part's collation apart from its
            // expression, and revise does not model it: said, not silently
            // lost. SQLite's stays in the expression text, where it is compared.
            if self.kind() != DialectKind::Sqlite
                && let sqlparser::ast::Expr::Collate { expr: inner, .. } = expr
            {
                self.warn(
                    origin,
                    format!("index part `{part}`: COLLATE is not modelled; ignored"),
                );
                expr = strip_parens(inner);
            }
            let (value, expression) = match expr {
                sqlparser::ast::Expr::Identifier(ident) => (self.names.ident(ident), false),
                other => (other.to_string(), true),
            };
            let options = &part.column.options;
            if matches!(options.sort, Some(OrderBySort::Using(_))) {
                self.warn(
                    origin,
                    format!("index part `{part}`: ORDER USING is not modelled; ignored"),
                );
            }
            out.push(IndexPart {
                value,
                expression,
                descending: options.sort == Some(OrderBySort::Desc),
                nulls_first: options.nulls_first,
                // The class alone: a schema-qualified one is found by name
                // in the catalog the same way.
                opclass: part
                    .operator_class
                    .as_ref()
                    .and_then(|c| c.0.last())
                    .and_then(|p| p.as_ident())
                    .map(|i| self.names.ident(i)),
            });
        }
        out
    }

    /// Adds an index to table `t`, refusing a name already used in the same
    /// namespace.
    pub(super) fn add_index(&mut self, t: usize, index: Index, origin: &Origin) -> Result<()> {
        for part in index.parts.iter().filter(|p| !p.expression) {
            self.check_columns(t, std::slice::from_ref(&part.value), "index", origin)?;
        }
        if let Some(name) = &index.name {
            let key = (self.index_namespace(t), self.names.name_key(name));
            if let Some(first) = self.indexes.get(&key) {
                return Err(
                    origin.error(format!("index {name} is defined twice (first at {first})"))
                );
            }
            self.indexes.insert(key, origin.clone());
        }
        self.schema.tables[t].indexes.push(index);
        Ok(())
    }

    /// Where index names must be unique: the schema in PostgreSQL (indexes are
    /// relations, PostgreSQL docs, CREATE INDEX: "the index is always created
    /// in the same schema as its parent table") and SQLite (its docs, CREATE
    /// INDEX: index names share the schema namespace), the table in MySQL
    /// (MySQL Reference Manual, CREATE INDEX: names are per table). Written as
    /// a qualified name: `name` empty for a schema-wide namespace.
    fn index_namespace(&self, t: usize) -> QualifiedName {
        let table = self
            .names
            .default_schema(&self.schema.tables[t].qualified());
        match self.kind() {
            DialectKind::Mysql => table,
            DialectKind::Postgres | DialectKind::Sqlite => QualifiedName {
                schema: table.schema,
                name: String::new(),
            },
        }
    }
}

/// The access method as written, lower case (`USING GIN` is `gin`).
pub(super) fn method(kind: &IndexType) -> String {
    match kind {
        IndexType::Custom(ident) => ident.value.to_ascii_lowercase(),
        other => other.to_string().to_ascii_lowercase(),
    }
}
