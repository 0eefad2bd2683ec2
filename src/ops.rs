//! Schema changes as data. Every op carries its before-state, so [`Op::reverse`]
//! is total (the downgrade is the reversed list of reversed ops), SQLite can
//! rebuild a table without re-reading it, and MySQL gets the full column for
//! `MODIFY`. A changed column is one [`Op::AlterColumn`], never drop + add.
//! Pure: no I/O, no dialect knowledge.

use crate::schema::{
    Check, Column, Composite, Domain, EnumType, Extension, ForeignKey, Index, PrimaryKey,
    QualifiedName, Sequence, Table, TableOptions, Unique,
};

/// A column that uses an enum type (so a type rebuild can convert it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumUsage {
    /// The table.
    pub table: QualifiedName,
    /// The column (its default matters: it must be dropped and restored around the rebuild).
    pub column: Column,
}

/// One schema change.
// A migration holds a handful of ops; boxing the tables of the larger variants
// would cost more in clarity than the memory it saves.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// `CREATE SCHEMA` (PostgreSQL).
    CreateSchema(String),
    /// `DROP SCHEMA`: only ever the reverse of a create.
    DropSchema(String),
    /// `CREATE DOMAIN` (PostgreSQL).
    CreateDomain(Domain),
    /// `DROP DOMAIN`: only ever the reverse of a create.
    DropDomain(Domain),
    /// `CREATE TYPE ... AS (...)` (PostgreSQL composite type).
    CreateComposite(Composite),
    /// `DROP TYPE` of a composite: only ever the reverse of a create.
    DropComposite(Composite),
    /// Attributes of a composite type added, dropped or changed in type
    /// (`ALTER TYPE ... ADD/DROP/ALTER ATTRIBUTE`), matched by name; their
    /// order is not compared, since `ADD ATTRIBUTE` can only append.
    AlterComposite {
        /// Before.
        from: Composite,
        /// After.
        to: Composite,
    },
    /// `CREATE SEQUENCE` (PostgreSQL, MariaDB).
    CreateSequence(Sequence),
    /// `DROP SEQUENCE`: only ever the reverse of a create.
    DropSequence(Sequence),
    /// `CREATE EXTENSION` (PostgreSQL).
    CreateExtension(Extension),
    /// `DROP EXTENSION`: only ever the reverse of a create.
    DropExtension(Extension),
    /// `CREATE TYPE ... AS ENUM`.
    CreateEnum(EnumType),
    /// `DROP TYPE`.
    DropEnum(EnumType),
    /// Values added, removed or reordered.
    AlterEnum {
        /// Before.
        from: EnumType,
        /// After.
        to: EnumType,
        /// Columns of this type, for a rebuild.
        usages: Vec<EnumUsage>,
        /// For a rebuild, the ops that create what depends on those columns
        /// and must be dropped before they are converted and created again
        /// after (checks and indexes that re-parse with the old type,
        /// foreign keys between columns of the type, generated columns that
        /// use them), in creation order. Filled by dialect lowering. The
        /// rebuild runs where the columns are as `current` has them in
        /// either direction (before the column changes of an upgrade, after
        /// those of a downgrade are undone), so one list serves both ways;
        /// a change that only adds values leaves them alone.
        dependents: Vec<Op>,
        /// Rebuild the type even where `to` only adds values. Lowering sets
        /// it when the upgrade removes or reorders values, so that its
        /// reverse, which adds them back, rebuilds too: a value added by
        /// `ADD VALUE` cannot be used before a commit, which would put the
        /// whole revision outside a transaction.
        rebuild: bool,
    },
    /// `CREATE TABLE` with its columns, keys, indexes and the foreign keys that can be inline.
    CreateTable(Table),
    /// `DROP TABLE`.
    DropTable(Table),
    /// `ALTER TABLE ... RENAME TO`.
    RenameTable {
        /// Old name.
        from: QualifiedName,
        /// New name.
        to: QualifiedName,
    },
    /// `ADD COLUMN`.
    AddColumn {
        /// The table.
        table: QualifiedName,
        /// The new column.
        column: Column,
    },
    /// `DROP COLUMN`.
    DropColumn {
        /// The table.
        table: QualifiedName,
        /// The column as it was.
        column: Column,
    },
    /// `RENAME COLUMN`.
    RenameColumn {
        /// The table.
        table: QualifiedName,
        /// Old name.
        from: String,
        /// New name.
        to: String,
    },
    /// Type, nullability, default, identity or comment of one column.
    /// `from.name == to.name`: a rename is a separate [`Op::RenameColumn`] before it.
    AlterColumn {
        /// The table.
        table: QualifiedName,
        /// The column before.
        from: Column,
        /// The column after.
        to: Column,
    },
    /// Add a primary key.
    AddPrimaryKey {
        /// The table.
        table: QualifiedName,
        /// The key.
        key: PrimaryKey,
    },
    /// Drop the primary key.
    DropPrimaryKey {
        /// The table.
        table: QualifiedName,
        /// The key as it was.
        key: PrimaryKey,
    },
    /// Add a unique constraint.
    AddUnique {
        /// The table.
        table: QualifiedName,
        /// The constraint.
        unique: Unique,
    },
    /// Drop a unique constraint.
    DropUnique {
        /// The table.
        table: QualifiedName,
        /// The constraint as it was.
        unique: Unique,
    },
    /// `CREATE INDEX`.
    CreateIndex {
        /// The table.
        table: QualifiedName,
        /// The index.
        index: Index,
    },
    /// `DROP INDEX`.
    DropIndex {
        /// The table.
        table: QualifiedName,
        /// The index as it was.
        index: Index,
    },
    /// Give a primary key another name, its columns and timing unchanged
    /// (`ALTER TABLE ... RENAME CONSTRAINT`): dropping and adding it would
    /// check every row again, and fails while a foreign key depends on it.
    /// Both keys are named.
    RenamePrimaryKey {
        /// The table.
        table: QualifiedName,
        /// The key before.
        from: PrimaryKey,
        /// The key after.
        to: PrimaryKey,
    },
    /// Give a unique constraint another name, its definition unchanged (see
    /// [`Op::RenamePrimaryKey`]). Both constraints are named.
    RenameUnique {
        /// The table.
        table: QualifiedName,
        /// The constraint before.
        from: Unique,
        /// The constraint after.
        to: Unique,
    },
    /// Give an index another name, its definition unchanged (see
    /// [`Op::RenamePrimaryKey`]). Both indexes are named.
    RenameIndex {
        /// The table.
        table: QualifiedName,
        /// The index before.
        from: Index,
        /// The index after.
        to: Index,
    },
    /// Make an index ignored by the optimizer, or used again, in place
    /// (MySQL/MariaDB `ALTER INDEX ... IGNORED`), or change its comment in
    /// place (PostgreSQL `COMMENT ON INDEX`): its definition and name are
    /// unchanged, so nothing is rebuilt. Both indexes are named.
    AlterIndex {
        /// The table.
        table: QualifiedName,
        /// The index before.
        from: Index,
        /// The index after.
        to: Index,
    },
    /// Add a foreign key.
    AddForeignKey {
        /// The referencing table.
        table: QualifiedName,
        /// The key.
        fk: ForeignKey,
    },
    /// Drop a foreign key.
    DropForeignKey {
        /// The referencing table.
        table: QualifiedName,
        /// The key as it was.
        fk: ForeignKey,
    },
    /// Change when a foreign key is checked (`DEFERRABLE`, `INITIALLY ...`),
    /// its columns and target unchanged: PostgreSQL alters the constraint in
    /// place, without checking every row again as dropping and adding it would.
    /// Both keys carry the database's constraint name.
    AlterForeignKey {
        /// The referencing table.
        table: QualifiedName,
        /// The key before.
        from: ForeignKey,
        /// The key after.
        to: ForeignKey,
    },
    /// Add a check constraint.
    AddCheck {
        /// The table.
        table: QualifiedName,
        /// The constraint.
        check: Check,
    },
    /// Drop a check constraint.
    DropCheck {
        /// The table.
        table: QualifiedName,
        /// The constraint as it was.
        check: Check,
    },
    /// Set, change or remove a table comment.
    SetTableComment {
        /// The table.
        table: QualifiedName,
        /// Before.
        from: Option<String>,
        /// After.
        to: Option<String>,
    },
    /// Change a MySQL table's default collation (`COLLATE=`), the one a column
    /// added without its own takes; the columns it has keep theirs.
    SetTableCollation {
        /// The table.
        table: QualifiedName,
        /// Before.
        from: String,
        /// After.
        to: String,
    },
    /// Change a MySQL/MariaDB table's storage engine (`ENGINE=`), which
    /// copies the whole table into the new engine.
    SetTableEngine {
        /// The table.
        table: QualifiedName,
        /// Before.
        from: String,
        /// After.
        to: String,
    },
    /// Change SQLite's table options (`STRICT`, `WITHOUT ROWID`), which only a
    /// table rebuild can do.
    SetTableOptions {
        /// The table.
        table: QualifiedName,
        /// Before.
        from: TableOptions,
        /// After.
        to: TableOptions,
    },
    /// Recreate a table in its new shape and copy its rows (SQLite, for changes
    /// its `ALTER TABLE` cannot make). Produced by dialect lowering, never by the diff.
    RebuildTable {
        /// The table before.
        from: Table,
        /// The table after.
        to: Table,
        /// Columns renamed on the way (old name, new name).
        renames: Vec<(String, String)>,
        /// Two names no table has before or after the revision, for the
        /// rebuild's own tables: the new shape is built under the first
        /// (SQLite: `new_<table>` when free), the second serves the check of
        /// views and triggers (see `dialect/sqlite/rebuild.rs`). The reverse
        /// uses them too.
        scratch: [String; 2],
    },
    /// Make SQLite read every view and trigger again once the tables
    /// `dropped` are gone, so that one still naming them fails the revision
    /// (and rolls it back) instead of failing later, when used: the same
    /// check a rebuild ends with (see `dialect/sqlite/rebuild.rs`). Produced
    /// by SQLite's lowering, never by the diff.
    ///
    /// The downgrade is the reversed list of reversed ops, so a check placed
    /// after the upgrade's last drop would come first in the downgrade, before
    /// the drops it must follow. Lowering therefore places two: one after the
    /// upgrade's last `DropTable` (`runs`), and one before its first
    /// `CreateTable` (not `runs`), whose reverse follows the downgrade's last
    /// drop. [`Op::reverse`] flips `runs`: each runs in one direction and is
    /// inert (no statement, see [`Op::is_inert`]) in the other.
    CheckViewsAndTriggers {
        /// The tables dropped before the check in the direction it runs in.
        dropped: Vec<QualifiedName>,
        /// Two names no table has before or after the revision: a scratch
        /// table is created under the first and renamed to the second.
        scratch: [String; 2],
        /// Whether the check runs in this list's direction.
        runs: bool,
    },
}

impl Op {
    /// The op that undoes this one.
    pub fn reverse(&self) -> Op {
        match self.clone() {
            Op::CreateSchema(s) => Op::DropSchema(s),
            Op::DropSchema(s) => Op::CreateSchema(s),
            Op::CreateDomain(d) => Op::DropDomain(d),
            Op::DropDomain(d) => Op::CreateDomain(d),
            Op::CreateComposite(c) => Op::DropComposite(c),
            Op::DropComposite(c) => Op::CreateComposite(c),
            Op::AlterComposite { from, to } => Op::AlterComposite { from: to, to: from },
            Op::CreateSequence(s) => Op::DropSequence(s),
            Op::DropSequence(s) => Op::CreateSequence(s),
            Op::CreateExtension(e) => Op::DropExtension(e),
            Op::DropExtension(e) => Op::CreateExtension(e),
            Op::CreateEnum(e) => Op::DropEnum(e),
            Op::DropEnum(e) => Op::CreateEnum(e),
            Op::AlterEnum {
                from,
                to,
                usages,
                dependents,
                rebuild,
            } => Op::AlterEnum {
                from: to,
                to: from,
                usages,
                dependents,
                rebuild,
            },
            Op::CreateTable(t) => Op::DropTable(t),
            Op::DropTable(t) => Op::CreateTable(t),
            Op::RenameTable { from, to } => Op::RenameTable { from: to, to: from },
            Op::AddColumn { table, column } => Op::DropColumn { table, column },
            Op::DropColumn { table, column } => Op::AddColumn { table, column },
            Op::RenameColumn { table, from, to } => Op::RenameColumn {
                table,
                from: to,
                to: from,
            },
            Op::AlterColumn { table, from, to } => Op::AlterColumn {
                table,
                from: to,
                to: from,
            },
            Op::AddPrimaryKey { table, key } => Op::DropPrimaryKey { table, key },
            Op::DropPrimaryKey { table, key } => Op::AddPrimaryKey { table, key },
            Op::AddUnique { table, unique } => Op::DropUnique { table, unique },
            Op::DropUnique { table, unique } => Op::AddUnique { table, unique },
            Op::CreateIndex { table, index } => Op::DropIndex { table, index },
            Op::DropIndex { table, index } => Op::CreateIndex { table, index },
            Op::RenamePrimaryKey { table, from, to } => Op::RenamePrimaryKey {
                table,
                from: to,
                to: from,
            },
            Op::RenameUnique { table, from, to } => Op::RenameUnique {
                table,
                from: to,
                to: from,
            },
            Op::RenameIndex { table, from, to } => Op::RenameIndex {
                table,
                from: to,
                to: from,
            },
            Op::AlterIndex { table, from, to } => Op::AlterIndex {
                table,
                from: to,
                to: from,
            },
            Op::AddForeignKey { table, fk } => Op::DropForeignKey { table, fk },
            Op::DropForeignKey { table, fk } => Op::AddForeignKey { table, fk },
            Op::AlterForeignKey { table, from, to } => Op::AlterForeignKey {
                table,
                from: to,
                to: from,
            },
            Op::AddCheck { table, check } => Op::DropCheck { table, check },
            Op::DropCheck { table, check } => Op::AddCheck { table, check },
            Op::SetTableOptions { table, from, to } => Op::SetTableOptions {
                table,
                from: to,
                to: from,
            },
            Op::SetTableCollation { table, from, to } => Op::SetTableCollation {
                table,
                from: to,
                to: from,
            },
            Op::SetTableEngine { table, from, to } => Op::SetTableEngine {
                table,
                from: to,
                to: from,
            },
            Op::SetTableComment { table, from, to } => Op::SetTableComment {
                table,
                from: to,
                to: from,
            },
            Op::RebuildTable {
                from,
                to,
                renames,
                scratch,
            } => Op::RebuildTable {
                from: to,
                to: from,
                renames: renames.into_iter().map(|(a, b)| (b, a)).collect(),
                scratch,
            },
            Op::CheckViewsAndTriggers {
                dropped,
                scratch,
                runs,
            } => Op::CheckViewsAndTriggers {
                dropped,
                scratch,
                runs: !runs,
            },
        }
    }

    /// Whether this op does nothing in its list's direction (a check that
    /// runs in the other one): it renders no statement, and scripts and
    /// listings leave it out.
    pub fn is_inert(&self) -> bool {
        matches!(self, Op::CheckViewsAndTriggers { runs: false, .. })
    }

    /// The table this op changes, if it changes one.
    pub fn table(&self) -> Option<QualifiedName> {
        match self {
            Op::CreateSchema(_)
            | Op::DropSchema(_)
            | Op::CreateDomain(_)
            | Op::DropDomain(_)
            | Op::CreateComposite(_)
            | Op::DropComposite(_)
            | Op::AlterComposite { .. }
            | Op::CreateSequence(_)
            | Op::DropSequence(_)
            | Op::CreateExtension(_)
            | Op::DropExtension(_)
            | Op::CreateEnum(_)
            | Op::DropEnum(_)
            | Op::AlterEnum { .. }
            | Op::CheckViewsAndTriggers { .. } => None,
            Op::CreateTable(t) | Op::DropTable(t) => Some(t.qualified()),
            Op::RenameTable { from, .. } => Some(from.clone()),
            Op::RebuildTable { from, .. } => Some(from.qualified()),
            Op::AddColumn { table, .. }
            | Op::DropColumn { table, .. }
            | Op::RenameColumn { table, .. }
            | Op::AlterColumn { table, .. }
            | Op::AddPrimaryKey { table, .. }
            | Op::DropPrimaryKey { table, .. }
            | Op::AddUnique { table, .. }
            | Op::DropUnique { table, .. }
            | Op::CreateIndex { table, .. }
            | Op::DropIndex { table, .. }
            | Op::RenamePrimaryKey { table, .. }
            | Op::RenameUnique { table, .. }
            | Op::RenameIndex { table, .. }
            | Op::AlterIndex { table, .. }
            | Op::AddForeignKey { table, .. }
            | Op::DropForeignKey { table, .. }
            | Op::AlterForeignKey { table, .. }
            | Op::AddCheck { table, .. }
            | Op::DropCheck { table, .. }
            | Op::SetTableComment { table, .. }
            | Op::SetTableCollation { table, .. }
            | Op::SetTableEngine { table, .. }
            | Op::SetTableOptions { table, .. } => Some(table.clone()),
        }
    }

    /// A short description for messages and script comments.
    pub fn describe(&self) -> String {
        let cols = |c: &[String]| c.join(", ");
        let name = |n: &Option<String>| n.clone().unwrap_or_default();
        match self {
            Op::CreateSchema(s) => format!("create schema {s}"),
            Op::DropSchema(s) => format!("drop schema {s}"),
            Op::CreateDomain(d) => format!("create domain {}", d.qualified()),
            Op::DropDomain(d) => format!("drop domain {}", d.qualified()),
            Op::CreateComposite(c) => format!("create composite type {}", c.qualified()),
            Op::DropComposite(c) => format!("drop composite type {}", c.qualified()),
            Op::AlterComposite { from, .. } => {
                format!(
                    "change the attributes of composite type {}",
                    from.qualified()
                )
            }
            Op::CreateSequence(s) => format!("create sequence {}", s.qualified()),
            Op::DropSequence(s) => format!("drop sequence {}", s.qualified()),
            Op::CreateExtension(e) => format!("create extension {}", e.name),
            Op::DropExtension(e) => format!("drop extension {}", e.name),
            Op::CreateEnum(e) => format!("create enum {}", e.qualified()),
            Op::DropEnum(e) => format!("drop enum {}", e.qualified()),
            Op::AlterEnum { from, .. } => format!("change the values of enum {}", from.qualified()),
            Op::CreateTable(t) => format!("create table {}", t.qualified()),
            Op::DropTable(t) => format!("drop table {}", t.qualified()),
            Op::RenameTable { from, to } => format!("rename table {from} to {to}"),
            Op::AddColumn { table, column } => format!("add column {table}.{}", column.name),
            Op::DropColumn { table, column } => format!("drop column {table}.{}", column.name),
            Op::RenameColumn { table, from, to } => format!("rename column {table}.{from} to {to}"),
            Op::AlterColumn { table, to, .. } => format!("alter column {table}.{}", to.name),
            Op::AddPrimaryKey { table, key } => {
                format!("add primary key ({}) on {table}", cols(&key.columns))
            }
            Op::DropPrimaryKey { table, key } => {
                format!("drop primary key ({}) on {table}", cols(&key.columns))
            }
            Op::AddUnique { table, unique } => {
                format!("add unique ({}) on {table}", cols(&unique.columns))
            }
            Op::DropUnique { table, unique } => {
                format!("drop unique ({}) on {table}", cols(&unique.columns))
            }
            Op::CreateIndex { table, index } => format!(
                "create index {}on {table}",
                index
                    .name
                    .as_deref()
                    .map(|n| format!("{n} "))
                    .unwrap_or_default()
            ),
            Op::DropIndex { table, index } => format!(
                "drop index {}on {table}",
                index
                    .name
                    .as_deref()
                    .map(|n| format!("{n} "))
                    .unwrap_or_default()
            ),
            Op::RenamePrimaryKey { table, from, to } => format!(
                "rename primary key {} on {table} to {}",
                name(&from.name),
                name(&to.name)
            ),
            Op::RenameUnique { table, from, to } => format!(
                "rename unique {} on {table} to {}",
                name(&from.name),
                name(&to.name)
            ),
            Op::RenameIndex { table, from, to } => format!(
                "rename index {} on {table} to {}",
                name(&from.name),
                name(&to.name)
            ),
            Op::AlterIndex { table, from, to } if from.ignored == to.ignored => format!(
                "{} index {} on {table}",
                if to.comment.is_some() {
                    "comment on"
                } else {
                    "drop comment of"
                },
                name(&to.name)
            ),
            Op::AlterIndex { table, to, .. } => format!(
                "{} index {} on {table}",
                if to.ignored { "ignore" } else { "use again" },
                name(&to.name)
            ),
            Op::AddForeignKey { table, fk } => format!(
                "add foreign key {table}({}) -> {}",
                cols(&fk.columns),
                fk.ref_qualified()
            ),
            Op::DropForeignKey { table, fk } => format!(
                "drop foreign key {table}({}) -> {}",
                cols(&fk.columns),
                fk.ref_qualified()
            ),
            Op::AlterForeignKey { table, to, .. } => format!(
                "make foreign key {table}({}) -> {} {}",
                cols(&to.columns),
                to.ref_qualified(),
                to.deferrable.sql()
            ),
            Op::AddCheck { table, check } => format!("add check on {table}: {}", check.expression),
            Op::DropCheck { table, check } => {
                format!("drop check on {table}: {}", check.expression)
            }
            Op::SetTableComment { table, .. } => format!("set comment on {table}"),
            Op::SetTableCollation { table, to, .. } => {
                format!("set the default collation of {table} to {to}")
            }
            Op::SetTableEngine { table, to, .. } => format!("set the engine of {table} to {to}"),
            Op::SetTableOptions { table, to, .. } => match to.keywords().as_slice() {
                [] => format!("make {table} an ordinary table"),
                options => format!("make {table} {}", options.join(", ")),
            },
            Op::RebuildTable {
                from, to, renames, ..
            } => {
                let what = rebuild_changes(from, to, renames);
                let what = if what.is_empty() {
                    String::new()
                } else {
                    format!(" to {}", what.join("; "))
                };
                format!(
                    "rebuild table {} (copying its rows){what}",
                    from.qualified()
                )
            }
            Op::CheckViewsAndTriggers { dropped, runs, .. } => {
                let names: Vec<String> = dropped.iter().map(|q| q.to_string()).collect();
                format!(
                    "check that no view or trigger names dropped table(s) {}{}",
                    names.join(", "),
                    if *runs {
                        ""
                    } else {
                        " (in the other direction)"
                    }
                )
            }
        }
    }

    /// Why this op fails on a table that already holds rows, if it can
    /// (a NOT NULL column nothing fills, a column made NOT NULL). Where the
    /// database fills a new NOT NULL column with its type's zero value
    /// (`fills_new_not_null` says so: MySQL), adding it does not fail.
    /// `quote` writes a column name into the SQL the hint suggests, as the
    /// dialect would (`"order"`).
    pub fn fails_on_rows(
        &self,
        fills_new_not_null: &dyn Fn(&Column) -> bool,
        quote: &dyn Fn(&str) -> String,
    ) -> Option<String> {
        match self {
            Op::AddColumn { table, column }
                if needs_a_value(column) && !fills_new_not_null(column) =>
            {
                Some(added_without_value(table, &column.name))
            }
            Op::AlterColumn { table, from, to }
                if from.nullable && !to.nullable && to.generated.is_none() =>
            {
                Some(made_not_null(table, &to.name, quote))
            }
            Op::RebuildTable {
                from, to, renames, ..
            } => {
                let table = to.qualified();
                let old_name = |new: &str| {
                    renames
                        .iter()
                        .find(|(_, n)| n == new)
                        .map_or(new.to_string(), |(old, _)| old.clone())
                };
                // SQLite gives an INTEGER PRIMARY KEY (the rowid) a value itself.
                let rowid = |c: &Column| {
                    to.primary_key
                        .as_ref()
                        .is_some_and(|pk| pk.columns == [c.name.clone()])
                        && c.data_type.eq_ignore_ascii_case("integer")
                };
                let mut why = Vec::new();
                for c in to.columns.iter().filter(|c| !rowid(c)) {
                    match from.column(&old_name(&c.name)) {
                        None if needs_a_value(c) => why.push(added_without_value(&table, &c.name)),
                        // The copy takes the default where the old column
                        // held NULL (see `dialect/sqlite/rebuild.rs`).
                        Some(f)
                            if f.nullable
                                && !c.nullable
                                && c.generated.is_none()
                                && c.default.is_none() =>
                        {
                            why.push(made_not_null(&table, &c.name, quote))
                        }
                        _ => {}
                    }
                }
                (!why.is_empty()).then(|| why.join("; it also "))
            }
            _ => None,
        }
    }

    /// Why this op loses data, if it does; `narrowing` tells whether a column
    /// type change narrows (the dialect knows).
    pub fn data_loss(&self, narrowing: &dyn Fn(&Column, &Column) -> bool) -> Option<String> {
        match self {
            Op::DropTable(t) => Some(format!("drops table {} and all its rows", t.qualified())),
            // A generated column's values come from the others: nothing is lost.
            Op::DropColumn { column, .. } if column.generated.is_some() => None,
            Op::DropColumn { table, column } => {
                Some(format!("drops column {table}.{} and its data", column.name))
            }
            Op::AlterColumn { table, from, to } if becomes_generated(from, to) => Some(format!(
                "makes {table}.{} generated; the values it held are replaced by its expression",
                to.name
            )),
            Op::AlterColumn { table, from, to } if narrowing(from, to) => {
                // A collation change narrows by its character set: say it.
                let spelled = |c: &Column| match (&c.collation, from.collation != to.collation) {
                    (Some(coll), true) => format!("{} COLLATE {coll}", c.data_type),
                    _ => c.data_type.clone(),
                };
                Some(format!(
                    "narrows {table}.{} from {} to {}; values that do not fit are lost or rejected",
                    to.name,
                    spelled(from),
                    spelled(to)
                ))
            }
            Op::AlterComposite { from, to } => {
                let gone: Vec<&str> = from
                    .attributes
                    .iter()
                    .filter(|a| !to.attributes.iter().any(|b| b.name == a.name))
                    .map(|a| a.name.as_str())
                    .collect();
                (!gone.is_empty()).then(|| {
                    format!(
                        "drops attribute(s) {} of composite type {} and their values in every column of the type",
                        gone.join(", "),
                        from.qualified()
                    )
                })
            }
            Op::AlterEnum { from, to, .. } => {
                let gone: Vec<&str> = from
                    .values
                    .iter()
                    .filter(|v| !to.values.contains(v))
                    .map(String::as_str)
                    .collect();
                (!gone.is_empty()).then(|| {
                    format!(
                        "removes value(s) {} from enum {}; rows holding them make the change fail",
                        gone.join(", "),
                        from.qualified()
                    )
                })
            }
            Op::RebuildTable {
                from, to, renames, ..
            } => {
                let kept = |c: &Column| {
                    let name = renames
                        .iter()
                        .find(|(old, _)| *old == c.name)
                        .map(|(_, new)| new.as_str())
                        .unwrap_or(c.name.as_str());
                    to.column(name).is_some()
                };
                let gone: Vec<&str> = from
                    .columns
                    .iter()
                    .filter(|c| !kept(c) && c.generated.is_none())
                    .map(|c| c.name.as_str())
                    .collect();
                // Each column of the new shape with its column of the old one.
                let pairs: Vec<(&Column, &Column)> = to
                    .columns
                    .iter()
                    .filter_map(|t| {
                        let old = renames
                            .iter()
                            .find(|(_, new)| *new == t.name)
                            .map(|(old, _)| old.as_str())
                            .unwrap_or(t.name.as_str());
                        from.column(old).map(|f| (f, t))
                    })
                    .collect();
                let changed = |lost: &dyn Fn(&Column, &Column) -> bool| -> Vec<&str> {
                    pairs
                        .iter()
                        .filter(|(f, t)| lost(f, t))
                        .map(|(_, t)| t.name.as_str())
                        .collect()
                };
                let narrowed = changed(narrowing);
                let computed = changed(&becomes_generated);
                let mut why = Vec::new();
                if !gone.is_empty() {
                    why.push(format!(
                        "drops column(s) {} of {}",
                        gone.join(", "),
                        from.qualified()
                    ));
                }
                if !narrowed.is_empty() {
                    why.push(format!(
                        "narrows column(s) {} of {}",
                        narrowed.join(", "),
                        from.qualified()
                    ));
                }
                if !computed.is_empty() {
                    why.push(format!(
                        "makes column(s) {} of {} generated, replacing the values they held",
                        computed.join(", "),
                        from.qualified()
                    ));
                }
                (!why.is_empty()).then(|| why.join("; "))
            }
            _ => None,
        }
    }
}

/// Whether existing rows need a value for `column` that it does not give
/// them: NOT NULL with no default, identity or generating expression.
fn needs_a_value(column: &Column) -> bool {
    !column.nullable
        && column.default.is_none()
        && column.identity.is_none()
        && column.generated.is_none()
}

fn added_without_value(table: &QualifiedName, column: &str) -> String {
    format!(
        "adds {table}.{column} NOT NULL without a default, which fails if {table} has rows: give it a DEFAULT, or add it nullable, fill it, then make it NOT NULL"
    )
}

fn made_not_null(table: &QualifiedName, column: &str, quote: &dyn Fn(&str) -> String) -> String {
    format!(
        "makes {table}.{column} NOT NULL, which fails if a row holds NULL there: fill those rows first (UPDATE ... WHERE {} IS NULL)",
        quote(column)
    )
}

/// Whether a plain column becomes generated: its stored values give way to
/// computed ones.
fn becomes_generated(from: &Column, to: &Column) -> bool {
    from.generated.is_none() && to.generated.is_some()
}

/// What a rebuild from `from` to `to` changes, said per column, then for the
/// table's keys, checks and options, so that its description tells the
/// reader why the table is rebuilt: `drop column path`, `alter columns a, b;
/// change checks`. Empty when nothing the table declares changes (a rebuild
/// for a collation's sake).
fn rebuild_changes(from: &Table, to: &Table, renames: &[(String, String)]) -> Vec<String> {
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    let new_name = |old: &str| -> String {
        renames
            .iter()
            .find(|(o, _)| same(o, old))
            .map_or(old, |(_, n)| n.as_str())
            .to_string()
    };
    let (mut dropped, mut altered, mut added) = (Vec::new(), Vec::new(), Vec::new());
    for c in &from.columns {
        match to
            .columns
            .iter()
            .find(|t| same(&t.name, &new_name(&c.name)))
        {
            None => dropped.push(c.name.as_str()),
            Some(t) => {
                let mut renamed = c.clone();
                renamed.name = t.name.clone();
                if renamed != *t {
                    altered.push(t.name.as_str());
                }
            }
        }
    }
    for t in &to.columns {
        if !from
            .columns
            .iter()
            .any(|c| same(&new_name(&c.name), &t.name))
        {
            added.push(t.name.as_str());
        }
    }
    // Keys compare with the renames applied: a renamed key column alone
    // changes no key.
    let renamed = |cols: &[String]| -> Vec<String> { cols.iter().map(|c| new_name(c)).collect() };
    let mut before = from.clone();
    if let Some(pk) = &mut before.primary_key {
        pk.columns = renamed(&pk.columns);
    }
    for u in &mut before.uniques {
        u.columns = renamed(&u.columns);
    }
    for fk in &mut before.foreign_keys {
        fk.columns = renamed(&fk.columns);
    }
    let changed: Vec<&str> = [
        ("the primary key", before.primary_key != to.primary_key),
        ("unique constraints", before.uniques != to.uniques),
        ("foreign keys", before.foreign_keys != to.foreign_keys),
        ("checks", before.checks != to.checks),
        (
            "table options",
            before.strict != to.strict || before.without_rowid != to.without_rowid,
        ),
    ]
    .into_iter()
    .filter_map(|(what, changed)| changed.then_some(what))
    .collect();
    let columns = |verb: &str, names: &[&str]| match names {
        [] => None,
        [one] => Some(format!("{verb} column {one}")),
        many => Some(format!("{verb} columns {}", many.join(", "))),
    };
    let mut out: Vec<String> = renames
        .iter()
        .map(|(o, n)| format!("rename column {o} to {n}"))
        .collect();
    out.extend(columns("drop", &dropped));
    out.extend(columns("add", &added));
    out.extend(columns("alter", &altered));
    if !changed.is_empty() {
        out.push(format!("change {}", changed.join(", ")));
    }
    out
}

/// The downgrade of `ops`: each reversed, in reverse order.
pub fn reverse_all(ops: &[Op]) -> Vec<Op> {
    ops.iter().rev().map(Op::reverse).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::IndexPart;

    fn samples() -> Vec<Op> {
        let q = QualifiedName::new("users");
        let mut t = Table::new("users");
        t.columns = vec![Column::new("id", "integer")];
        let c = Column::new("age", "integer");
        let e = EnumType {
            schema: None,
            name: "mood".into(),
            values: vec!["a".into()],
        };
        vec![
            Op::CreateEnum(e.clone()),
            Op::AlterEnum {
                from: e.clone(),
                to: EnumType {
                    values: vec![],
                    ..e
                },
                usages: vec![],
                dependents: vec![],
                rebuild: false,
            },
            Op::CreateTable(t.clone()),
            Op::RenameTable {
                from: q.clone(),
                to: QualifiedName::new("people"),
            },
            Op::AddColumn {
                table: q.clone(),
                column: c.clone(),
            },
            Op::RenameColumn {
                table: q.clone(),
                from: "a".into(),
                to: "b".into(),
            },
            Op::AlterColumn {
                table: q.clone(),
                from: c.clone(),
                to: Column::new("age", "bigint"),
            },
            Op::AddPrimaryKey {
                table: q.clone(),
                key: PrimaryKey {
                    name: None,
                    columns: vec!["id".into()],
                    column_options: Vec::new(),
                    deferrable: Default::default(),
                },
            },
            Op::AddUnique {
                table: q.clone(),
                unique: Unique {
                    name: None,
                    columns: vec!["id".into()],
                    column_options: Vec::new(),
                    deferrable: Default::default(),
                    nulls_not_distinct: false,
                },
            },
            Op::CreateIndex {
                table: q.clone(),
                index: Index {
                    parts: vec![IndexPart::column("id")],
                    ..Default::default()
                },
            },
            Op::RenamePrimaryKey {
                table: q.clone(),
                from: PrimaryKey {
                    name: Some("users_pkey".into()),
                    ..PrimaryKey::new(&["id"])
                },
                to: PrimaryKey {
                    name: Some("pk_users".into()),
                    ..PrimaryKey::new(&["id"])
                },
            },
            Op::RenameUnique {
                table: q.clone(),
                from: Unique {
                    name: Some("a".into()),
                    columns: vec!["id".into()],
                    column_options: Vec::new(),
                    deferrable: Default::default(),
                    nulls_not_distinct: false,
                },
                to: Unique {
                    name: Some("b".into()),
                    columns: vec!["id".into()],
                    column_options: Vec::new(),
                    deferrable: Default::default(),
                    nulls_not_distinct: false,
                },
            },
            Op::RenameIndex {
                table: q.clone(),
                from: Index {
                    name: Some("a".into()),
                    ..Default::default()
                },
                to: Index {
                    name: Some("b".into()),
                    ..Default::default()
                },
            },
            Op::AlterIndex {
                table: q.clone(),
                from: Index {
                    name: Some("a".into()),
                    ..Default::default()
                },
                to: Index {
                    name: Some("a".into()),
                    ignored: true,
                    ..Default::default()
                },
            },
            Op::AddForeignKey {
                table: q.clone(),
                fk: ForeignKey {
                    ref_table: "x".into(),
                    ..Default::default()
                },
            },
            Op::AlterForeignKey {
                table: q.clone(),
                from: ForeignKey {
                    ref_table: "x".into(),
                    ..Default::default()
                },
                to: ForeignKey {
                    ref_table: "x".into(),
                    deferrable: crate::schema::Deferrable::InitiallyDeferred,
                    ..Default::default()
                },
            },
            Op::AddCheck {
                table: q.clone(),
                check: Check {
                    name: None,
                    expression: "id > 0".into(),
                },
            },
            Op::SetTableComment {
                table: q.clone(),
                from: None,
                to: Some("people".into()),
            },
            Op::SetTableCollation {
                table: q.clone(),
                from: "utf8mb4_general_ci".into(),
                to: "utf8mb4_unicode_ci".into(),
            },
            Op::SetTableEngine {
                table: q.clone(),
                from: "InnoDB".into(),
                to: "MyISAM".into(),
            },
            Op::SetTableOptions {
                table: q,
                from: TableOptions::default(),
                to: TableOptions {
                    strict: true,
                    without_rowid: true,
                },
            },
            Op::RebuildTable {
                from: t.clone(),
                to: t,
                renames: vec![("a".into(), "b".into())],
                scratch: ["new_t".into(), "check_t".into()],
            },
        ]
    }

    #[test]
    fn reverse_is_an_involution() {
        for op in samples() {
            assert_eq!(op.reverse().reverse(), op, "{op:?}");
            assert_ne!(op.reverse(), op, "{op:?} must change when reversed");
        }
        let ops = samples();
        assert_eq!(reverse_all(&reverse_all(&ops)), ops);
    }

    #[test]
    fn dropping_a_generated_column_loses_nothing() {
        let column = Column {
            generated: Some(Box::new(crate::schema::Generated {
                expression: "a * 2".into(),
                stored: true,
            })),
            ..Column::new("g", "integer")
        };
        let drop = Op::DropColumn {
            table: QualifiedName::new("t"),
            column,
        };
        assert_eq!(drop.data_loss(&|_, _| false), None);
    }

    #[test]
    fn table_options_are_described() {
        let op = samples()
            .into_iter()
            .find(|o| matches!(o, Op::SetTableOptions { .. }))
            .unwrap();
        assert_eq!(op.describe(), "make users WITHOUT ROWID, STRICT");
        assert_eq!(op.reverse().describe(), "make users an ordinary table");
    }

    #[test]
    fn data_loss_is_named() {
        let never = |_: &Column, _: &Column| false;
        let ops = samples();
        assert!(
            ops[2]
                .reverse()
                .data_loss(&never)
                .unwrap()
                .contains("drops table users")
        );
        assert!(
            ops[4]
                .reverse()
                .data_loss(&never)
                .unwrap()
                .contains("drops column users.age")
        );
        assert!(
            ops[1]
                .data_loss(&never)
                .unwrap()
                .contains("removes value(s) a")
        );
        assert!(ops[1].reverse().data_loss(&never).is_none());
        assert!(ops[6].data_loss(&never).is_none());
        assert!(
            ops[6]
                .reverse()
                .data_loss(&|_, _| true)
                .unwrap()
                .contains("narrows users.age from bigint to integer")
        );
    }

    #[test]
    fn ops_that_need_values_for_existing_rows_are_named() {
        let table = QualifiedName {
            schema: None,
            name: "users".to_string(),
        };
        let add = |column: Column| Op::AddColumn {
            table: table.clone(),
            column,
        };
        let never = |_: &Column| false;
        let plain = |n: &str| n.to_string();
        let required = Column {
            nullable: false,
            ..Column::new("email", "text")
        };
        let why = add(required.clone()).fails_on_rows(&never, &plain).unwrap();
        assert!(
            why.starts_with("adds users.email NOT NULL without a default"),
            "{why}"
        );
        // The database fills it (MySQL), or something else gives it a value.
        assert!(
            add(required.clone())
                .fails_on_rows(&|_| true, &plain)
                .is_none()
        );
        let defaulted = Column {
            default: Some("''".to_string()),
            ..required.clone()
        };
        assert!(add(defaulted).fails_on_rows(&never, &plain).is_none());
        let identity = Column {
            identity: Some(crate::schema::Identity::Always),
            ..required.clone()
        };
        assert!(add(identity).fails_on_rows(&never, &plain).is_none());
        assert!(
            add(Column::new("note", "text"))
                .fails_on_rows(&never, &plain)
                .is_none()
        );
        // Made NOT NULL: fails on NULLs; the reverse never does.
        let tighten = Op::AlterColumn {
            table: table.clone(),
            from: Column::new("email", "text"),
            to: required.clone(),
        };
        let why = tighten.fails_on_rows(&never, &plain).unwrap();
        assert!(why.starts_with("makes users.email NOT NULL"), "{why}");
        // The suggested UPDATE spells the column as the dialect quotes it.
        let quoted = tighten
            .fails_on_rows(&never, &|n| format!("\"{n}\""))
            .unwrap();
        assert!(quoted.ends_with("WHERE \"email\" IS NULL)"), "{quoted}");
        assert!(tighten.reverse().fails_on_rows(&never, &plain).is_none());
        // A rebuild names both, and leaves the rowid to SQLite.
        let mut from = Table::new("users");
        from.columns = vec![Column::new("id", "integer"), Column::new("email", "text")];
        let mut to = Table::new("users");
        to.columns = vec![
            Column {
                nullable: false,
                ..Column::new("id", "integer")
            },
            required.clone(),
            Column {
                nullable: false,
                ..Column::new("age", "integer")
            },
        ];
        to.primary_key = Some(PrimaryKey::new(&["id"]));
        let rebuild = Op::RebuildTable {
            from: from.clone(),
            to,
            renames: Vec::new(),
            scratch: Default::default(),
        };
        let why = rebuild.fails_on_rows(&never, &plain).unwrap();
        assert_eq!(
            why,
            format!(
                "{}; it also {}",
                made_not_null(&table, "email", &plain),
                added_without_value(&table, "age")
            )
        );
    }
}
