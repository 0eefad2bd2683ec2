//! Model file text as the SQL parser should see it: client-side commands that
//! dump tools write into schema files are blanked (psql meta-commands, the
//! mysql client's `DELIMITER`, whose delimiters become `;`), and MySQL
//! executable comments are opened. Every byte keeps its line, so errors still point at
//! the file's lines. Pure text functions; no parsing.

/// `text` with psql meta-commands blanked out, and each with its line.
/// pg_dump writes some into schema dumps (`\restrict`, `\connect`); they are
/// commands of the psql client, not SQL (PostgreSQL docs, psql,
/// "Meta-Commands": "Anything you enter in psql that begins with an unquoted
/// backslash is a psql meta-command that is processed by psql itself"). A line
/// is taken for one when it starts with a backslash.
pub(super) fn without_meta_commands(text: &str) -> (String, Vec<(usize, String)>) {
    let mut found = Vec::new();
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('\\') {
            let command = trimmed.split_whitespace().next().unwrap_or_default();
            found.push((n + 1, command.to_string()));
            if line.ends_with('\n') {
                out.push('\n');
            }
        } else {
            out.push_str(line);
        }
    }
    (out, found)
}

/// `text` with MySQL executable comments opened: `/*!40101 SET NAMES utf8 */`
/// becomes `SET NAMES utf8` (markers replaced by spaces). The server runs
/// their content as ordinary SQL (MySQL Reference Manual, "Comments": "MySQL
/// Server parses and executes the code within the comment as it would any
/// other SQL statements"), and mysqldump and mariadb-dump wrap whole
/// statements in them.
///
/// A comment with a version (`/*!50705 ...`) is opened only where `server`
/// would run it (see [`Server::runs`]); with no server known, every one is.
/// MariaDB's own `/*M!100100 ...` is opened only for a MariaDB server of at
/// least that version; otherwise, and with no server known, it stays a
/// comment (mariadb-dump's `/*M!999999\- enable the sandbox mode */` is a
/// directive for its client, which no server version reaches).
pub(super) fn open_executable_comments(text: &str, server: Option<Server>) -> String {
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    let mut i = 0;
    let mut in_executable = false;
    while i < bytes.len() {
        match bytes[i] {
            quote @ (b'\'' | b'"' | b'`') => i = skip_quoted(bytes, i, quote),
            b'-' if bytes.get(i + 1) == Some(&b'-') => i = skip_line(bytes, i),
            b'#' => i = skip_line(bytes, i),
            b'/' if bytes[i..].starts_with(b"/*M!") => {
                let mut end = i + 4;
                while end < bytes.len() && bytes[end].is_ascii_digit() {
                    end += 1;
                }
                let version = text[i + 4..end].parse::<u32>().ok();
                let runs =
                    server.is_some_and(|s| s.mariadb && version.is_none_or(|v| v <= s.version));
                if runs {
                    out[i..end].fill(b' ');
                    in_executable = true;
                    i = end;
                } else {
                    i = find(bytes, i + 2, b"*/").map_or(bytes.len(), |e| e + 2);
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') && bytes.get(i + 2) == Some(&b'!') => {
                let mut end = i + 3;
                while end < bytes.len() && bytes[end].is_ascii_digit() {
                    end += 1;
                }
                let version = text[i + 3..end].parse::<u32>().ok();
                if let (Some(v), Some(s)) = (version, server)
                    && !s.runs(v)
                {
                    // A comment to this server: blanked whole (lines kept),
                    // as the server skips it.
                    let close = find(bytes, end, b"*/").map_or(bytes.len(), |e| e + 2);
                    for b in &mut out[i..close] {
                        if *b != b'\n' {
                            *b = b' ';
                        }
                    }
                    i = close;
                    continue;
                }
                out[i..end].fill(b' ');
                in_executable = true;
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = find(bytes, i + 2, b"*/").map_or(bytes.len(), |e| e + 2);
            }
            b'*' if in_executable && bytes.get(i + 1) == Some(&b'/') => {
                out[i..i + 2].fill(b' ');
                in_executable = false;
                i += 2;
            }
            _ => i += 1,
        }
    }
    // Only ASCII markers were replaced by ASCII spaces: still UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// A MySQL `CREATE TABLE` with its partitioning clause blanked (`PARTITION BY
/// RANGE (...) (PARTITION p0 VALUES LESS THAN (...), ...)`, which mysqldump
/// writes in a `/*!50100 ... */` after the table options and sqlparser cannot
/// read); `None` when there is none. The clause runs from `PARTITION BY` at
/// the statement's top level to its end. Every byte keeps its line.
pub(super) fn without_partitioning(sql: &str) -> Option<String> {
    let bytes = sql.as_bytes();
    let starts_create_table = {
        let words: Vec<String> = sql
            .split_whitespace()
            .take(3)
            .map(str::to_ascii_uppercase)
            .collect();
        words.first().is_some_and(|w| w == "CREATE") && words.iter().skip(1).any(|w| w == "TABLE")
    };
    if !starts_create_table {
        return None;
    }
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            quote @ (b'\'' | b'"' | b'`') => i = skip_quoted(bytes, i, quote),
            b'-' if bytes.get(i + 1) == Some(&b'-') => i = skip_line(bytes, i),
            b'#' => i = skip_line(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = find(bytes, i + 2, b"*/").map_or(bytes.len(), |e| e + 2);
            }
            b'(' => {
                depth += 1;
                i += 1;
            }
            b')' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let after_by = || {
                    let rest = sql[i..].trim_start();
                    rest.len() >= 2
                        && rest[..2].eq_ignore_ascii_case("by")
                        && !rest[2..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
                };
                if depth == 0 && sql[start..i].eq_ignore_ascii_case("partition") && after_by() {
                    let end = sql.trim_end().trim_end_matches(';').len();
                    let mut out = bytes.to_vec();
                    for b in &mut out[start..end.max(start)] {
                        if *b != b'\n' {
                            *b = b' ';
                        }
                    }
                    return String::from_utf8(out).ok();
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// The MySQL or MariaDB server the models are for, as far as executable
/// comments care: which versioned ones it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Server {
    /// MariaDB rather than MySQL.
    pub mariadb: bool,
    /// The version as comments write it: 8.0.36 is 80036, 10.11.19 is 101119.
    pub version: u32,
}

impl Server {
    /// The server of a `VERSION()` text (`8.0.36`, `10.11.19-MariaDB-0+deb12u1`);
    /// a missing minor or patch number is 0, a missing major one no server.
    pub fn from_version_text(text: &str) -> Option<Server> {
        let mut parts = text
            .split(|c: char| !c.is_ascii_digit())
            .take(3)
            .map(|p| p.parse::<u32>().ok());
        let major = parts.next()??;
        let mut next = || parts.next().flatten().unwrap_or(0);
        let (minor, patch) = (next(), next());
        Some(Server {
            mariadb: text.to_ascii_lowercase().contains("mariadb"),
            version: major * 10_000 + minor * 100 + patch,
        })
    }

    /// Whether the server runs `/*!NNNNN ... */`: MySQL when it is at least
    /// version NNNNN; MariaDB likewise, except that it skips 50700 to 99999,
    /// the versions of MySQL 5.7 and 8 whose features it does not share
    /// (Sakila's `/*!50705` GEOMETRY column, MySQL 8's `/*!80023 INVISIBLE`).
    /// Tried on MariaDB 10.11: `SELECT 1 /*!50699 +1 */` is 2, `/*!50705 +1`
    /// and `/*!99999 +1` are 1, `/*!100100 +1` is 2.
    pub fn runs(self, comment_version: u32) -> bool {
        if self.mariadb && (50_700..100_000).contains(&comment_version) {
            return false;
        }
        comment_version <= self.version
    }
}

/// `text` as the mysql client would send it to the server, for the SQL
/// splitter: `DELIMITER x` lines are blanked, and between one and the next,
/// each `x` outside strings, names and comments becomes `;` (padded with
/// spaces). The client ends statements at the delimiter it was last given
/// (MySQL Reference Manual, "mysql Client Commands", `delimiter`); dumps set
/// `DELIMITER ;;` around triggers and routines, whose bodies hold `;` the
/// splitter already keeps inside (`BEGIN ... END`). Apply it after opening
/// executable comments, which dumps wrap around trigger bodies.
pub(super) fn apply_delimiters(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    let mut delimiter: Vec<u8> = b";".to_vec();
    let mut i = 0;
    while i < bytes.len() {
        if i == 0 || bytes[i - 1] == b'\n' {
            let line_end = find(bytes, i, b"\n").unwrap_or(bytes.len());
            let line = &text[i..line_end];
            let mut words = line.split_whitespace();
            if words
                .next()
                .is_some_and(|w| w.eq_ignore_ascii_case("delimiter"))
            {
                if let Some(new) = words.next() {
                    delimiter = new.as_bytes().to_vec();
                }
                out[i..line_end].fill(b' ');
                i = line_end;
                continue;
            }
        }
        if delimiter != b";" && bytes[i..].starts_with(&delimiter) {
            out[i] = b';';
            out[i + 1..i + delimiter.len()].fill(b' ');
            i += delimiter.len();
            continue;
        }
        match bytes[i] {
            quote @ (b'\'' | b'"' | b'`') => i = skip_quoted(bytes, i, quote),
            // To the line's end, so that a DELIMITER on the next line is seen.
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = find(bytes, i, b"\n").unwrap_or(bytes.len());
            }
            b'#' => i = find(bytes, i, b"\n").unwrap_or(bytes.len()),
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = find(bytes, i + 2, b"*/").map_or(bytes.len(), |e| e + 2);
            }
            _ => i += 1,
        }
    }
    // Only whole ASCII-delimited runs were replaced by ASCII: still UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// A MySQL statement sqlparser could not read, with MariaDB's spellings it
/// lacks rewritten into ones it reads, and whether a `WITH SYSTEM VERSIONING`
/// was blanked; `None` when there was nothing to rewrite. Outside strings,
/// quoted names and comments:
/// * `AS (expr) PERSISTENT` becomes `STORED`, its synonym (MariaDB KB,
///   "Generated (Virtual and Persistent/Stored) Columns");
/// * the operator `a MOD b` becomes `a % b`, which MariaDB stores the same
///   way (both read back as `MOD` from `CHECK_CONSTRAINTS`); `MOD(a, b)`, the
///   function, and a column named `mod` stay;
/// * a table's `WITH SYSTEM VERSIONING` is blanked: the model has no place
///   for it (MariaDB KB, "System-Versioned Tables");
/// * `NEXT VALUE FOR s` becomes `nextval(s)` and `PREVIOUS VALUE FOR s`
///   `lastval(s)`, their synonyms (MariaDB KB, "NEXT VALUE for
///   sequence_name", "PREVIOUS VALUE FOR sequence_name"), which the server
///   stores as `nextval(...)` and `lastval(...)`.
///
/// Every line break stays, so every statement keeps its lines (a name after
/// `FOR` on a line of its own moves up to the call).
pub(super) fn mariadb_spellings(sql: &str) -> Option<(String, bool)> {
    #[derive(PartialEq)]
    enum Kind {
        Word,
        Quoted,
        Other(u8),
    }
    let bytes = sql.as_bytes();
    let mut tokens: Vec<(usize, usize, Kind)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        match bytes[i] {
            quote @ (b'\'' | b'"' | b'`') => {
                i = skip_quoted(bytes, i, quote);
                tokens.push((start, i, Kind::Quoted));
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => i = skip_line(bytes, i),
            b'#' => i = skip_line(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = find(bytes, i + 2, b"*/").map_or(bytes.len(), |e| e + 2);
            }
            c if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80 => {
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric()
                        || bytes[i] == b'_'
                        || bytes[i] == b'$'
                        || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                tokens.push((start, i, Kind::Word));
            }
            c if c.is_ascii_whitespace() => i += 1,
            c => {
                i += 1;
                tokens.push((start, i, Kind::Other(c)));
            }
        }
    }
    let word = |n: usize, w: &str| {
        tokens
            .get(n)
            .is_some_and(|(s, e, k)| *k == Kind::Word && sql[*s..*e].eq_ignore_ascii_case(w))
    };
    // The last token of a name that starts at token `n`: `s`, `` `s` ``,
    // `db.s`.
    let name_end = |n: usize| {
        let part = |i: usize| matches!(tokens.get(i), Some((_, _, Kind::Word | Kind::Quoted)));
        let dot = matches!(tokens.get(n + 1), Some((_, _, Kind::Other(b'.'))));
        match (part(n), dot && part(n + 2)) {
            (true, true) => Some(n + 2),
            (true, false) => Some(n),
            _ => None,
        }
    };
    let mut out = bytes.to_vec();
    let put = |out: &mut Vec<u8>, s: usize, e: usize, with: &str| {
        out[s..e].fill(b' ');
        out[s..s + with.len()].copy_from_slice(with.as_bytes());
    };
    let (mut changed, mut versioning) = (false, false);
    for n in 0..tokens.len() {
        let (s, e, _) = tokens[n];
        let before = n.checked_sub(1).map(|p| &tokens[p].2);
        let after = tokens.get(n + 1).map(|t| &t.2);
        if word(n, "PERSISTENT") && before == Some(&Kind::Other(b')')) {
            put(&mut out, s, e, "STORED");
            changed = true;
        } else if word(n, "MOD")
            && matches!(before, Some(Kind::Word | Kind::Quoted | Kind::Other(b')')))
            && !(before == Some(&Kind::Word)
                && operator_before(&sql[tokens[n - 1].0..tokens[n - 1].1]))
            && matches!(
                after,
                Some(Kind::Word | Kind::Quoted | Kind::Other(b'(' | b'-' | b'+' | b'\''))
            )
        {
            put(&mut out, s, e, "%");
            changed = true;
        } else if word(n, "WITH") && word(n + 1, "SYSTEM") && word(n + 2, "VERSIONING") {
            put(&mut out, s, tokens[n + 2].1, "");
            changed = true;
            versioning = true;
        } else if (word(n, "NEXT") || word(n, "PREVIOUS"))
            && word(n + 1, "VALUE")
            && word(n + 2, "FOR")
            && let Some(last) = name_end(n + 3)
        {
            let call = if word(n, "NEXT") {
                "nextval"
            } else {
                "lastval"
            };
            let name = &sql[tokens[n + 3].0..tokens[last].1];
            let end = tokens[last].1;
            // The call, then the line breaks the phrase held, then spaces:
            // `nextval(` and `)` take fewer bytes than `NEXT VALUE FOR `.
            let breaks = sql[s..end].matches('\n').count() - name.matches('\n').count();
            let with = format!("{call}({name}){}", "\n".repeat(breaks));
            out[s..end].fill(b' ');
            out[s..s + with.len()].copy_from_slice(with.as_bytes());
            changed = true;
        }
    }
    // Only ASCII words were replaced by ASCII: still UTF-8.
    let text = String::from_utf8(out).ok()?;
    changed.then_some((text, versioning))
}

/// Whether `word` before `MOD` makes it an operand, so the function
/// `NOT MOD(a, 2)`, not the operator.
fn operator_before(word: &str) -> bool {
    const WORDS: [&str; 22] = [
        "NOT", "AND", "OR", "XOR", "WHEN", "THEN", "ELSE", "CASE", "IN", "IS", "BETWEEN", "LIKE",
        "DEFAULT", "AS", "CHECK", "SELECT", "WHERE", "ON", "BY", "RETURN", "DIV", "REGEXP",
    ];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// The index after a quoted string or name starting at `start`; a doubled
/// quote or (in strings) a backslash escapes.
fn skip_quoted(bytes: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        if bytes[i] == b'\\' && quote != b'`' {
            i += 2;
        } else if bytes[i] == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
            } else {
                return i + 1;
            }
        } else {
            i += 1;
        }
    }
    bytes.len()
}

fn skip_line(bytes: &[u8], start: usize) -> usize {
    find(bytes, start, b"\n").map_or(bytes.len(), |e| e + 1)
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_commands_are_blanked_keeping_lines() {
        let (text, found) = without_meta_commands("\\restrict abc\nSET x = 1;\n  \\connect db\n");
        assert_eq!(text, "\nSET x = 1;\n\n");
        assert_eq!(
            found,
            [(1, "\\restrict".to_string()), (3, "\\connect".to_string())]
        );
    }

    #[test]
    fn delimiters_end_statements_until_the_next_delimiter_line() {
        let text = "SET a = 1;\ndelimiter ;;\nCREATE TRIGGER t BEGIN SET x = ';;'; END;;\n  DELIMITER //\n-- c;;//\nSELECT 1 // SELECT `a//b`//\nDELIMITER ;\nSELECT ';;';";
        assert_eq!(
            apply_delimiters(text),
            "SET a = 1;\n            \nCREATE TRIGGER t BEGIN SET x = ';;'; END; \n              \n-- c;;//\nSELECT 1 ;  SELECT `a//b`; \n           \nSELECT ';;';"
        );
        assert_eq!(apply_delimiters(text).len(), text.len());
        // Without DELIMITER lines nothing changes.
        let plain = "CREATE TABLE t (a int); -- x//\nSELECT '//';";
        assert_eq!(apply_delimiters(plain), plain);
    }

    #[test]
    fn executable_comments_are_opened_and_others_kept() {
        assert_eq!(
            open_executable_comments("/*!40101 SET NAMES utf8 */;\nCREATE TABLE t (a int);", None),
            "         SET NAMES utf8   ;\nCREATE TABLE t (a int);"
        );
        let kept = "/*M!999999\\- sandbox */ /* plain */ SELECT '/*!1 x */', `a*/b` -- /*!2\n;";
        assert_eq!(open_executable_comments(kept, None), kept);
        assert_eq!(
            open_executable_comments("CREATE TABLE t (a int) /*!50100 COMMENT='x*/' */;", None),
            "CREATE TABLE t (a int)          COMMENT='x*/'   ;"
        );
    }

    #[test]
    fn versioned_comments_are_opened_for_the_servers_that_run_them() {
        let mariadb = Server::from_version_text("10.11.19-MariaDB-0+deb12u1").unwrap();
        assert_eq!(
            mariadb,
            Server {
                mariadb: true,
                version: 101119
            }
        );
        let mysql = Server::from_version_text("8.0.36").unwrap();
        assert!(!mysql.mariadb);
        assert_eq!(mysql.version, 80036);
        let text = "CREATE TABLE t (a int, /*!50705 loc point, */ b int /*!80023 INVISIBLE */) /*!40101 COMMENT='x' */;";
        let words = |s: String| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let opened = open_executable_comments(text, Some(mariadb));
        assert_eq!(opened.len(), text.len());
        assert_eq!(
            words(opened),
            "CREATE TABLE t (a int, b int ) COMMENT='x' ;",
            "MariaDB skips MySQL 5.7 and 8 comments"
        );
        let opened = open_executable_comments(text, Some(mysql));
        assert!(
            opened.contains("loc point") && opened.contains("INVISIBLE"),
            "{opened}"
        );
        let old = Server::from_version_text("5.6.51").unwrap();
        let opened = open_executable_comments(text, Some(old));
        assert!(
            !opened.contains("loc point") && !opened.contains("INVISIBLE"),
            "{opened}"
        );
        assert!(opened.contains("COMMENT='x'"), "{opened}");
        assert!(mariadb.runs(100100) && !mariadb.runs(101200) && mariadb.runs(50699));
        // MariaDB's own comments: for MariaDB of that version only.
        let text = "CREATE TABLE t (a int) /*M!100100 COMMENT='m' */ /*M!999999\\- sandbox */;";
        let opened = open_executable_comments(text, Some(mariadb));
        assert_eq!(
            words(opened),
            "CREATE TABLE t (a int) COMMENT='m' /*M!999999\\- sandbox */;"
        );
        assert_eq!(open_executable_comments(text, Some(mysql)), text);
        assert_eq!(open_executable_comments(text, None), text);
    }

    #[test]
    fn a_partitioning_clause_is_blanked() {
        let sql = "CREATE TABLE `t` (\n  `id` int NOT NULL,\n  `d` date NOT NULL,\n  PRIMARY KEY (`id`,`d`)\n) ENGINE=InnoDB \
                   PARTITION BY RANGE (year(`d`))\n(PARTITION p0 VALUES LESS THAN (2020) ENGINE = InnoDB,\n PARTITION p1 VALUES LESS THAN MAXVALUE)";
        let out = without_partitioning(sql).unwrap();
        assert_eq!(out.len(), sql.len());
        assert_eq!(out.lines().count(), sql.lines().count());
        assert!(out.trim_end().ends_with("ENGINE=InnoDB"), "{out}");
        assert_eq!(without_partitioning("CREATE TABLE t (partition int)"), None);
        assert_eq!(
            without_partitioning("ALTER TABLE t PARTITION BY HASH (id)"),
            None
        );
    }
}
