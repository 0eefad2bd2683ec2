//! The diesel glue every backend shares: run a statement, load rows of text.
//!
//! diesel is typed; catalog and version-table queries cast every column to text
//! in SQL (see [`super::Dialect::as_text`]) and come back as `Vec<Option<String>>`,
//! which keeps the backends free of one row struct per query.

use diesel::backend::Backend;
use diesel::connection::SimpleConnection;
use diesel::deserialize::{self, FromSql, QueryableByName};
use diesel::query_builder::SqlQuery;
use diesel::query_dsl::RunQueryDsl;
use diesel::query_dsl::load_dsl::LoadQuery;
use diesel::result::Error as DieselError;
use diesel::row::{NamedRow, Row};
use diesel::sql_types::{Nullable, Text};

use super::TextRow;

/// A row whose columns are all read as nullable text.
pub(crate) struct AllText(pub TextRow);

impl<DB: Backend> QueryableByName<DB> for AllText
where
    Option<String>: FromSql<Nullable<Text>, DB>,
{
    fn build<'a>(row: &impl NamedRow<'a, DB>) -> deserialize::Result<Self> {
        let n = row.field_count();
        let mut values = Vec::with_capacity(n);
        for i in 0..n {
            values.push(Row::get_value::<Nullable<Text>, Option<String>, usize>(
                row, i,
            )?);
        }
        Ok(AllText(values))
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
            crate::error::one_line(&out, 1000)
        }
        other => crate::error::one_line(&other.to_string(), 1000),
    }
}
