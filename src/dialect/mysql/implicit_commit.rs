//! Which statements end a transaction on their own: MySQL and MariaDB commit
//! before (and after) most DDL and administration statements, so BEGIN cannot
//! make them atomic with the statements around them (MySQL manual, "Statements
//! That Cause an Implicit Commit"; MariaDB's list is the same).

/// Whether `statement` (starting with its first keyword, as the splitter cuts
/// it) commits the open transaction implicitly.
pub fn commits_implicitly(statement: &str) -> bool {
    let mut words = statement
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_uppercase());
    let (Some(first), second) = (words.next(), words.next()) else {
        return false;
    };
    match first.as_str() {
        // Temporary tables are the exception: they stay inside the transaction.
        "CREATE" | "DROP" => second.as_deref() != Some("TEMPORARY"),
        "ALTER" | "RENAME" | "TRUNCATE" | "GRANT" | "REVOKE" | "INSTALL" | "UNINSTALL" | "LOCK"
        | "UNLOCK" | "ANALYZE" | "OPTIMIZE" | "REPAIR" | "FLUSH" | "RESET" | "CACHE" | "BEGIN"
        | "COMMIT" => true,
        "START" => second.as_deref() == Some("TRANSACTION"),
        "LOAD" => second.as_deref() == Some("INDEX"),
        "CHECK" => second.as_deref() == Some("TABLE"),
        "SET" => second.as_deref() == Some("PASSWORD"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::commits_implicitly;

    #[test]
    fn ddl_commits_and_data_does_not() {
        for ddl in [
            "CREATE TABLE t (id INT)",
            "create index ix on t (a)",
            "ALTER TABLE t ADD c INT",
            "DROP TABLE t",
            "RENAME TABLE a TO b",
            "TRUNCATE t",
            "LOCK TABLES t WRITE",
            "START TRANSACTION",
        ] {
            assert!(commits_implicitly(ddl), "{ddl}");
        }
        for data in [
            "INSERT INTO t VALUES (1)",
            "UPDATE t SET a = 1",
            "DELETE FROM t",
            "CREATE TEMPORARY TABLE tmp (id INT)",
            "DROP TEMPORARY TABLE tmp",
            "SELECT 1",
            "SET @x = 1",
            "LOAD DATA INFILE 'x' INTO TABLE t",
            "",
        ] {
            assert!(!commits_implicitly(data), "{data}");
        }
    }
}
