//! The diesel glue every backend shares: run a statement, load rows of text.
//!
//! diesel is typed; catalog and version-table queries cast every column to text
//! in SQL (see [`super::Dialect::as_text`]) and come back as `Vec<Option<String>>`,
//! which keeps the backends free of one row struct per query.

use diesel::backend::Backend;
use diesel::connection::SimpleConnection;
use diesel::deserialize::{self, FromSql, QueryableByName};
#[cfg(feature = "mysql")]
use diesel::mysql::{Mysql, MysqlType, MysqlValue};
#[cfg(feature = "postgres")]
use diesel::pg::{Pg, PgValue};
use diesel::query_builder::SqlQuery;
use diesel::query_dsl::RunQueryDsl;
use diesel::query_dsl::load_dsl::LoadQuery;
use diesel::result::Error as DieselError;
use diesel::row::{NamedRow, Row};
use diesel::sql_types::Text;
#[cfg(feature = "sqlite")]
use diesel::sqlite::{Sqlite, SqliteValue};

use super::TextRow;

/// A row whose columns are all read as nullable text.
pub(crate) struct AllText(pub TextRow);

impl<DB: Backend> QueryableByName<DB> for AllText
where
    Cell: FromSql<Text, DB>,
{
    fn build<'a>(row: &impl NamedRow<'a, DB>) -> deserialize::Result<Self> {
        let n = row.field_count();
        let mut values = Vec::with_capacity(n);
        for i in 0..n {
            values.push(Row::get_value::<Text, Cell, usize>(row, i)?.0);
        }
        Ok(AllText(values))
    }
}

/// One nullable text value. Reading a non-text column as text would return its
/// binary wire form, silently; each backend checks the column type instead, so
/// a query that forgot a cast fails with a message that says so.
pub(crate) struct Cell(Option<String>);

#[cfg(any(feature = "postgres", feature = "mysql"))]
fn not_text(what: impl std::fmt::Display) -> Box<dyn std::error::Error + Send + Sync> {
    format!("a column of type {what} was read as text; cast it in the query (Dialect::as_text)")
        .into()
}

#[cfg(feature = "postgres")]
impl FromSql<Text, Pg> for Cell {
    fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
        // text, varchar, name, char, bpchar, unknown (pg_type.oid).
        match value.get_oid().get() {
            25 | 1043 | 19 | 18 | 1042 | 705 => {
                Ok(Cell(Some(<String as FromSql<Text, Pg>>::from_sql(value)?)))
            }
            oid => Err(not_text(format_args!("oid {oid}"))),
        }
    }

    fn from_nullable_sql(value: Option<PgValue<'_>>) -> deserialize::Result<Self> {
        value.map_or(Ok(Cell(None)), <Self as FromSql<Text, Pg>>::from_sql)
    }
}

#[cfg(feature = "mysql")]
impl FromSql<Text, Mysql> for Cell {
    fn from_sql(value: MysqlValue<'_>) -> deserialize::Result<Self> {
        // DECIMAL travels as ASCII digits in the binary protocol, so it reads as text too.
        match value.value_type() {
            MysqlType::String
            | MysqlType::Blob
            | MysqlType::Enum
            | MysqlType::Set
            | MysqlType::Numeric => Ok(Cell(Some(<String as FromSql<Text, Mysql>>::from_sql(
                value,
            )?))),
            other => Err(not_text(format_args!("{other:?}"))),
        }
    }

    fn from_nullable_sql(value: Option<MysqlValue<'_>>) -> deserialize::Result<Self> {
        value.map_or(Ok(Cell(None)), <Self as FromSql<Text, Mysql>>::from_sql)
    }
}

#[cfg(feature = "sqlite")]
impl FromSql<Text, Sqlite> for Cell {
    fn from_sql(value: SqliteValue<'_, '_, '_>) -> deserialize::Result<Self> {
        // SQLite converts any value to text itself (sqlite3_value_text).
        Ok(Cell(Some(<String as FromSql<Text, Sqlite>>::from_sql(
            value,
        )?)))
    }

    fn from_nullable_sql(value: Option<SqliteValue<'_, '_, '_>>) -> deserialize::Result<Self> {
        value.map_or(Ok(Cell(None)), <Self as FromSql<Text, Sqlite>>::from_sql)
    }
}

/// Loads the rows of `sql`.
pub(crate) fn load<C>(conn: &mut C, sql: &str) -> Result<Vec<TextRow>, String>
where
    SqlQuery: for<'q> LoadQuery<'q, C, AllText>,
{
    diesel::sql_query(sql)
        .load::<AllText>(conn)
        .map(|rows| rows.into_iter().map(|r| r.0).collect())
        .map_err(|e| describe(&e))
}

/// Calls `each` with every row of `sql`, one at a time: a catalog query over
/// thousands of tables then never holds all its rows as strings at once.
pub(crate) fn load_each<C>(
    conn: &mut C,
    sql: &str,
    each: &mut dyn FnMut(TextRow),
) -> Result<(), String>
where
    C: diesel::connection::LoadConnection<diesel::connection::DefaultLoadingMode>,
    SqlQuery: for<'q> LoadQuery<'q, C, AllText, diesel::connection::DefaultLoadingMode>,
{
    let rows = diesel::sql_query(sql)
        .load_iter::<AllText, diesel::connection::DefaultLoadingMode>(conn)
        .map_err(|e| describe(&e))?;
    for row in rows {
        each(row.map_err(|e| describe(&e))?.0);
    }
    Ok(())
}

/// Executes one statement.
pub(crate) fn execute<C: SimpleConnection>(conn: &mut C, sql: &str) -> Result<(), String> {
    conn.batch_execute(sql).map_err(|e| describe(&e))
}

/// The database's message with PostgreSQL's detail and hint, on one line.
pub(crate) fn describe(e: &DieselError) -> String {
    match e {
        DieselError::DatabaseError(_, info) => {
            let mut out = info.message().trim().to_string();
            if let Some(d) = info.details() {
                out.push_str(&format!(" (detail: {})", d.trim()));
            }
            if let Some(h) = info.hint() {
                out.push_str(&format!(" (hint: {})", h.trim()));
            }
            crate::error::message_line(&out, 1000)
        }
        other => crate::error::message_line(&other.to_string(), 1000),
    }
}
