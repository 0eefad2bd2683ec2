//! MySQL and MariaDB: the dialect (quoting, normalization, lowering, rendering)
//! and its connection. Knowledge of these servers stays in this folder.

#[cfg(feature = "mysql")]
pub mod conn;
pub mod expr;
pub mod expression_index;
pub mod generated;
pub mod implicit_commit;
pub mod introspect;
pub mod lower;
pub mod render;
pub mod text_keys;
pub mod types;
pub mod unnamed;

use crate::dialect::dependents::{self, Breaks, Names};
use crate::dialect::{Dialect, Side};
use crate::diff::Compare;
use crate::ops::Op;
use crate::schema::{QualifiedName, Schema};
use crate::url::DialectKind;

/// The MySQL/MariaDB dialect.
pub struct Mysql;

impl Dialect for Mysql {
    fn kind(&self) -> DialectKind {
        DialectKind::Mysql
    }

    fn quote_ident(&self, name: &str) -> String {
        crate::dialect::quote_doubling(name, '`')
    }

    fn quote_ident_if_needed(&self, name: &str) -> String {
        render::quote_if_needed(name)
    }

    fn quote_string(&self, value: &str) -> String {
        render::quote_string(value)
    }

    fn now_utc(&self) -> &'static str {
        // UTC_TIMESTAMP(6) is evaluated per statement, with microseconds.
        "UTC_TIMESTAMP(6)"
    }

    fn timestamp_text(&self, column: &str) -> String {
        format!("DATE_FORMAT({column}, '%Y-%m-%d %H:%i:%s.%f')")
    }

    fn as_text(&self, column: &str) -> String {
        format!("CAST({column} AS CHAR)")
    }

    fn create_version_table(&self, table: &str) -> String {
        render::create_version_table(self, table)
    }

    fn create_log_table(&self, table: &str) -> String {
        render::create_log_table(self, table)
    }

    fn fills_new_not_null_column(&self, column: &crate::schema::Column) -> bool {
        // Existing rows get the implicit default, 0 or '' (MySQL manual, "Data
        // Type Default Values"), strict mode or not; but the zero date is
        // refused where sql_mode has NO_ZERO_DATE (MySQL 8's default), and an
        // empty string is no geometry (a spatial index on it then fails).
        const GEOMETRY: &[&str] = &[
            "geometry",
            "point",
            "linestring",
            "polygon",
            "multipoint",
            "multilinestring",
            "multipolygon",
            "geometrycollection",
        ];
        let ty = column.data_type.to_ascii_lowercase();
        let base = ty.split(['(', ' ']).next().unwrap_or(&ty);
        !(ty.starts_with("date") || ty.starts_with("timestamp") || GEOMETRY.contains(&base))
    }

    fn open_transaction_query(&self) -> Option<&'static str> {
        // DDL commits the open transaction implicitly (MySQL manual, "Statements
        // That Cause an Implicit Commit"); @@in_transaction tells whether that
        // has happened since BEGIN.
        Some("SELECT CAST(@@in_transaction AS CHAR)")
    }

    fn commits_implicitly(&self, statement: &str) -> bool {
        implicit_commit::commits_implicitly(statement)
    }

    fn newest_log_row(&self, _table: &str) -> Option<String> {
        // MySQL refuses a subquery on the table an UPDATE changes (error 1093),
        // so the running row is found through the log's index on status,
        // declared in create_log_table.
        None
    }

    fn table_exists_query(&self, table: &str) -> String {
        format!(
            "SELECT CAST(1 AS CHAR) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {}",
            self.quote_string(table)
        )
    }

    fn normalize(&self, schema: &mut Schema, side: Side) {
        types::normalize(schema, side)
    }

    fn adopt_database_choices(&self, wanted: &mut Schema, current: &Schema) -> Vec<String> {
        types::adopt_collations(wanted, current);
        types::drop_foreign_keys_engines_ignore(wanted, current)
    }

    fn compare(&self, current: &Schema) -> &dyn Compare {
        types::compare_for(current)
    }

    fn lower(&self, ops: Vec<Op>, current: &Schema, wanted: &Schema) -> Vec<Op> {
        lower::lower(ops, current, wanted)
    }

    fn render_op(&self, op: &Op) -> Result<Vec<String>, String> {
        render::render_op(self, op)
    }

    fn refuses(&self, op: &Op, current: &Schema, wanted: &Schema) -> Option<String> {
        text_keys::refuses(op, current, wanted)
            .or_else(|| generated::refuses(op, current))
            .or_else(|| expression_index::refuses(op, current))
    }

    fn fails_anyway(&self, op: &Op, current: &Schema) -> Option<String> {
        if let Op::SetTableEngine { table, from, to } = op {
            return Some(engine_change_caution(table, from, to));
        }
        // Neither a rename nor a drop rewrites or refuses for a view or a
        // trigger that names the table or column: the view fails when used
        // (ERROR 1356), the trigger when it fires. A type change keeps them
        // working (<https://dev.mysql.com/doc/refman/8.0/en/view-restrictions.html>).
        let breaks = Breaks {
            renames: true,
            retypes: false,
        };
        let cmp = self.compare(current);
        let same_table = |a: &QualifiedName, b: &QualifiedName| {
            cmp.table_name_key(&a.name) == cmp.table_name_key(&b.name)
        };
        let names = Names {
            same_table: &same_table,
            mentions: &expr::mentions_name,
        };
        dependents::broken(&dependents::changes(op), breaks, current, &names)
    }
}

/// What an engine change does besides: the server copies every row into a
/// table of the new engine, blocking writes meanwhile (MySQL manual,
/// "Setting the Storage Engine", "ALTER TABLE Statement"), and an engine
/// other than InnoDB has no transactions and silently ignores foreign keys
/// (MariaDB 10.11 refuses the change while the table has or is referenced
/// by one: ERROR 1217).
fn engine_change_caution(table: &QualifiedName, from: &str, to: &str) -> String {
    let mut why = format!(
        "rebuilds {table} as a copy in engine {to}, which takes as long as the table is large and blocks writes meanwhile"
    );
    if types::keeps_foreign_keys(from) && !types::keeps_foreign_keys(to) {
        why.push_str(&format!(
            "; {to} has no transactions (a failed statement keeps the rows it wrote, a ROLLBACK does not undo them) and keeps no foreign keys"
        ));
    }
    why
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Column;

    #[test]
    fn an_engine_change_is_a_caution_saying_what_the_new_engine_lacks() {
        let q = QualifiedName::new("t");
        let op = |from: &str, to: &str| Op::SetTableEngine {
            table: q.clone(),
            from: from.into(),
            to: to.into(),
        };
        let to_myisam = Mysql.fails_anyway(&op("InnoDB", "MyISAM"), &Schema::default());
        let why = to_myisam.unwrap();
        assert!(
            why.contains("rebuilds t as a copy in engine MyISAM"),
            "{why}"
        );
        assert!(
            why.contains("no transactions") && why.contains("no foreign keys"),
            "{why}"
        );
        let back = Mysql.fails_anyway(&op("MyISAM", "InnoDB"), &Schema::default());
        let why = back.unwrap();
        assert!(
            why.contains("rebuilds t") && !why.contains("no transactions"),
            "{why}"
        );
    }

    #[test]
    fn new_not_null_columns_are_filled_except_dates_and_geometries() {
        let fills = |ty: &str| Mysql.fills_new_not_null_column(&Column::new("c", ty));
        assert!(fills("int") && fills("varchar(20)") && fills("text"));
        assert!(!fills("datetime(6)") && !fills("date") && !fills("timestamp"));
        assert!(!fills("point") && !fills("geometry") && !fills("multipolygon"));
    }
}
