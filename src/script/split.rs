//! Splits a SQL section into statements with sqlparser's tokenizer, so that
//! semicolons inside strings, quoted identifiers, comments and PostgreSQL dollar
//! quotes never split, and each statement is executed and reported on its own.
//!
//! Trigger, procedure, function and event bodies written as `BEGIN ... END`
//! (SQLite triggers, MySQL routines, PostgreSQL `BEGIN ATOMIC`) hold semicolons
//! too: inside a `CREATE ... TRIGGER|PROCEDURE|FUNCTION|EVENT` statement the
//! splitter counts `BEGIN`/`CASE` against `END` and splits only at depth zero.
//! MySQL's `END IF`, `END LOOP`, `END WHILE`, `END REPEAT` close blocks whose
//! openers are not counted (`IF` is also a function), and `END CASE` closes a
//! CASE statement the way a bare `END` closes a CASE expression.
//! MariaDB's anonymous block `BEGIN NOT ATOMIC ... END` is counted the same
//! way; a plain `BEGIN` is transaction control and stays a statement of its own.
//! MariaDB also runs `IF`, `CASE`, `LOOP`, `WHILE` and `REPEAT` outside stored
//! programs: one that starts a statement is a block up to its own `END IF`
//! (`END CASE`...), so there the flow statements that start an inner statement
//! are counted, to find which `END IF` closes the outermost one.
//! MySQL's client-side `DELIMITER` command is not SQL and is not needed here.
//!
//! MySQL's executable comments (`/*!40101 SET NAMES utf8mb4 */`, MariaDB's
//! `/*M!100616 ... */`), which dumps are full of, are code to the server:
//! one alone is a statement, and one inside a statement is part of it, sent
//! as written. sqlparser's MySQL tokenizer expands `/*!` into the tokens of
//! its content, with positions that do not count the opener, so the
//! runner's splitter hides the `!` from it (`hide_executable_comments`)
//! and counts those comments as text of the statement.

use sqlparser::dialect::{
    Dialect as SqlparserDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect,
};
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer, Whitespace};

use crate::url::DialectKind;

/// One statement of a section, as written (without its terminating `;`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The statement text, exactly as in the file.
    pub sql: String,
    /// 1-based line within the section where the statement starts.
    pub line: usize,
}

impl Statement {
    /// The words that make this statement start, end or abandon a transaction
    /// (`BEGIN`, `START TRANSACTION`, `COMMIT`, `END`, `ROLLBACK`, `ABORT`,
    /// `PREPARE TRANSACTION`), or `None`. Savepoints and MariaDB's `BEGIN NOT
    /// ATOMIC` blocks are not transaction control.
    pub fn transaction_control(&self) -> Option<String> {
        let mut words = self
            .sql
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .map(|w| w.to_ascii_uppercase());
        let first = words.next()?;
        let second = words.next();
        let controls = match first.as_str() {
            "BEGIN" => second.as_deref() != Some("NOT"),
            "ROLLBACK" => second.as_deref() != Some("TO"),
            "COMMIT" | "END" | "ABORT" => true,
            "START" | "PREPARE" => second.as_deref() == Some("TRANSACTION"),
            _ => false,
        };
        controls.then(|| match (first.as_str(), second) {
            ("START" | "PREPARE", Some(second)) => format!("{first} {second}"),
            _ => first,
        })
    }
}

/// Why a section could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    /// 1-based line within the section.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The sqlparser dialect whose lexical rules match `kind`.
pub fn sqlparser_dialect(kind: DialectKind) -> Box<dyn SqlparserDialect> {
    match kind {
        DialectKind::Postgres => Box::new(PostgreSqlDialect {}),
        DialectKind::Mysql => Box::new(MySqlDialect {}),
        DialectKind::Sqlite => Box::new(SQLiteDialect {}),
    }
}

/// Splits `sql` into statements; empty statements and comment-only text are dropped.
///
/// Tokenizing a whole model file at once would hold a token, with its own
/// allocation, for every word and space: 90 MB for a 3,000-table schema. So the
/// text is split in chunks that end where a line ends with `;`. A chunk that
/// does not tokenize, or whose last statement is cut short (the `;` was inside a
/// string, comment, dollar quote or trigger body), is joined with the next one.
pub fn split_statements(sql: &str, kind: DialectKind) -> Result<Vec<Statement>, SplitError> {
    let mut out = Vec::new();
    let done = for_each(sql, kind, false, &mut |st, _| {
        out.push(st);
        Ok::<(), std::convert::Infallible>(())
    });
    match done {
        Ok(()) => Ok(out),
        Err(Stop::Split(e)) => Err(e),
        Err(Stop::Caller(never)) => match never {},
    }
}

/// Why [`for_each_statement`] stopped.
#[derive(Debug)]
pub enum Stop<E> {
    /// The text could not be split.
    Split(SplitError),
    /// The caller's function failed.
    Caller(E),
}

/// Hands each statement of `sql` to `f` with its tokens (string literals
/// unescaped, positions relative to the statement as if it had been tokenized
/// alone), so that a parser need not tokenize the text a second time. Only one
/// chunk's tokens are held at a time.
pub fn for_each_statement<E>(
    sql: &str,
    kind: DialectKind,
    f: &mut dyn FnMut(Statement, Vec<TokenWithSpan>) -> Result<(), E>,
) -> Result<(), Stop<E>> {
    for_each(sql, kind, true, f)
}

fn for_each<E>(
    sql: &str,
    kind: DialectKind,
    keep_tokens: bool,
    f: &mut dyn FnMut(Statement, Vec<TokenWithSpan>) -> Result<(), E>,
) -> Result<(), Stop<E>> {
    let dialect = sqlparser_dialect(kind);
    // A parser reading the tokens (the models) has opened executable
    // comments itself; the runner sends them to the server as written.
    let hidden = (kind == DialectKind::Mysql && !keep_tokens && sql.contains("/*"))
        .then(|| hide_executable_comments(sql));
    let tokenized = hidden.as_deref().unwrap_or(sql);
    let ends = chunk_ends(sql);
    let (mut start, mut first_line, mut next) = (0, 1, 0);
    while start < sql.len() {
        let mut k = next;
        loop {
            let end = ends[k];
            let last = end == sql.len();
            let chunk = Chunk {
                sql: &sql[start..end],
                tokenized: &tokenized[start..end],
                executable_comments: hidden.is_some(),
            };
            match split_chunk(chunk, dialect.as_ref(), keep_tokens) {
                Ok((statements, complete)) if complete || last => {
                    for (st, tokens) in statements {
                        let st = Statement {
                            line: st.line + first_line - 1,
                            sql: st.sql,
                        };
                        f(st, tokens).map_err(Stop::Caller)?;
                    }
                    first_line += sql[start..end].matches('\n').count();
                    (start, next) = (end, k + 1);
                    break;
                }
                Err(e) if last => {
                    return Err(Stop::Split(SplitError {
                        line: e.line + first_line - 1,
                        message: e.message,
                    }));
                }
                _ => k += 1,
            }
        }
    }
    Ok(())
}

/// Byte offsets just after every line that ends with `;`, and the end of the text.
fn chunk_ends(sql: &str) -> Vec<usize> {
    let mut ends: Vec<usize> = sql
        .match_indices('\n')
        .filter(|(i, _)| sql[..*i].trim_end().ends_with(';'))
        .map(|(i, _)| i + 1)
        .collect();
    if ends.last() != Some(&sql.len()) {
        ends.push(sql.len());
    }
    ends
}

/// What stands for `!` in an executable comment's opener while the text is
/// tokenized: one byte, as `!` is, so every position stays where it was, and
/// a byte no comment begins with.
const HIDDEN_BANG: char = '\u{1}';

/// `sql` with the `!` of every `/*!` and `/*M!` replaced by [`HIDDEN_BANG`],
/// so that the tokenizer reads those comments as comments. Only the tokens'
/// positions are used: a `/*!` inside a string changes nothing there, since
/// the statement's text is cut from `sql` itself.
fn hide_executable_comments(sql: &str) -> String {
    sql.replace("/*!", "/*\u{1}").replace("/*M!", "/*M\u{1}")
}

/// Whether the comment `text` (without `/*` and `*/`) was an executable one.
fn is_executable(text: &str) -> bool {
    text.starts_with(HIDDEN_BANG)
        || text
            .strip_prefix('M')
            .is_some_and(|t| t.starts_with(HIDDEN_BANG))
}

/// One chunk of a section: its text, the same text as tokenized (with the
/// executable comments hidden, when they count), and whether they count.
struct Chunk<'a> {
    sql: &'a str,
    tokenized: &'a str,
    executable_comments: bool,
}

/// The statements of one chunk, and whether its text ends at a statement boundary.
type SplitChunk = (Vec<(Statement, Vec<TokenWithSpan>)>, bool);

fn split_chunk(
    chunk: Chunk<'_>,
    dialect: &dyn SqlparserDialect,
    keep_tokens: bool,
) -> Result<SplitChunk, SplitError> {
    let sql = chunk.sql;
    // Unescaping only matters to a parser reading the tokens; the runner only
    // needs positions, and must not fail on an escape the tokenizer dislikes.
    let tokens = Tokenizer::new(dialect, chunk.tokenized)
        .with_unescape(keep_tokens)
        .tokenize_with_location()
        .map_err(|e| SplitError {
            line: e.location.line as usize,
            message: e.message,
        })?;
    let mut cursor = Cursor::new(sql);

    let mut out = Vec::new();
    let mut current = StatementState::default();
    let mut kept: Vec<TokenWithSpan> = Vec::new();
    for t in tokens {
        let significant = match &t.token {
            // Code to the server: text of the statement, no word of it.
            Token::Whitespace(Whitespace::MultiLineComment(text))
                if chunk.executable_comments && is_executable(text) =>
            {
                true
            }
            Token::Whitespace(_) => false,
            Token::EOF => break,
            Token::SemiColon if current.depth == 0 => {
                if let Some(stmt) = current.finish(sql) {
                    out.push((stmt, std::mem::take(&mut kept)));
                }
                kept.clear();
                current = StatementState::default();
                continue;
            }
            _ => true,
        };
        if significant {
            let start = cursor.byte(t.span.start.line, t.span.start.column);
            let end = cursor.byte(t.span.end.line, t.span.end.column);
            if current.start.is_none() {
                current.start = Some(start);
                current.line = t.span.start.line as usize;
                current.column = t.span.start.column;
            }
            current.end = end;
            match &t.token {
                Token::Whitespace(_) => {}
                Token::Word(w) if w.quote_style.is_none() => current.word(&w.value),
                // END IF and the like are two adjacent words: after `END;` or
                // `END)` an IF, CASE, LOOP... opens a new block.
                other => current.punctuation(other),
            }
        }
        if keep_tokens && current.start.is_some() {
            kept.push(current.relative(t));
        }
    }
    if current.depth > 0 {
        return Err(SplitError {
            line: current.line,
            message: "a BEGIN or CASE in this statement has no matching END".into(),
        });
    }
    let complete = current.start.is_none();
    if let Some(stmt) = current.finish(sql) {
        out.push((stmt, kept));
    }
    Ok((out, complete))
}

#[derive(Default)]
struct StatementState {
    start: Option<usize>,
    end: usize,
    line: usize,
    /// Column of the statement's first token, to make token positions relative.
    column: u64,
    /// Words seen so far (only the first few matter).
    words: usize,
    starts_with_create: bool,
    /// Inside CREATE ... TRIGGER/PROCEDURE/FUNCTION/EVENT.
    compound: bool,
    depth: usize,
    /// The previous word was END: an END IF / END LOOP / ... closes nothing we counted.
    after_end: bool,
    /// The previous word was a BEGIN outside a routine (a transaction, or
    /// MariaDB's anonymous block when NOT ATOMIC follows).
    after_begin: bool,
    /// The next word starts a statement (of the text, or inside a block).
    at_statement_start: bool,
    /// The previous word started a statement: a `:` after it made it a label.
    last_word_started: bool,
    /// A MariaDB IF, LOOP, WHILE or REPEAT outside a stored program: how many
    /// of those statements are open, itself included (0 otherwise). Only the
    /// END that closes the outermost one ends the statement.
    bare_blocks: usize,
}

impl StatementState {
    fn word(&mut self, word: &str) {
        let upper = word.to_ascii_uppercase();
        let at_start = self.words == 0 || self.at_statement_start;
        self.last_word_started = at_start;
        // A body follows these words: its first word starts a statement.
        self.at_statement_start = matches!(
            upper.as_str(),
            "THEN" | "ELSE" | "DO" | "LOOP" | "REPEAT" | "BEGIN" | "ATOMIC"
        );
        self.words += 1;
        if self.words == 1 {
            self.starts_with_create = upper == "CREATE";
        }
        let flow = matches!(upper.as_str(), "IF" | "LOOP" | "WHILE" | "REPEAT");
        // MariaDB runs IF, CASE, LOOP, WHILE and REPEAT outside stored
        // programs too, each up to its END IF, END CASE...: the semicolons
        // inside do not end it. (No other statement starts with these words:
        // `IF(...)` and `IF EXISTS` never stand first.)
        // https://mariadb.com/kb/en/using-compound-statements-outside-of-stored-programs/
        if !self.compound && at_start && self.words <= 2 && (flow || upper == "CASE") {
            self.compound = true;
            if flow {
                self.depth = 1;
                self.bare_blocks = 1;
                return;
            }
        } else if self.bare_blocks > 0 && at_start && flow && !self.after_end {
            self.bare_blocks += 1;
        }
        if self.starts_with_create
            && !self.compound
            && matches!(
                upper.as_str(),
                "TRIGGER" | "PROCEDURE" | "FUNCTION" | "EVENT"
            )
        {
            self.compound = true;
        }
        // MariaDB's anonymous block, `[label:] BEGIN NOT ATOMIC ... END`, is a
        // compound statement like a routine body, not a transaction: its BEGIN
        // (seen before we knew) opens the block.
        // https://mariadb.com/kb/en/begin-end/
        if !self.compound && self.after_begin && upper == "NOT" && self.words <= 3 {
            self.compound = true;
            self.depth = 1;
            return;
        }
        self.after_begin = upper == "BEGIN";
        if !self.compound {
            return;
        }
        if self.after_end {
            self.after_end = false;
            // MySQL closes IF/LOOP/WHILE/REPEAT with END IF etc.; those openers are
            // not counted, so these ENDs must not close a BEGIN. The END itself was
            // already counted as a close: undo it.
            if flow {
                if self.bare_blocks > 0 {
                    self.bare_blocks -= 1;
                    if self.bare_blocks == 0 {
                        return; // the outermost block is closed
                    }
                }
                self.depth += 1;
                return;
            }
            // A procedural CASE (MySQL's CASE statement) ends with END CASE, a
            // CASE expression with a bare END; both opened with a counted CASE,
            // which the END has closed. This CASE is not a new one.
            if upper == "CASE" {
                return;
            }
        }
        match upper.as_str() {
            "BEGIN" | "CASE" => self.depth += 1,
            "END" => {
                self.depth = self.depth.saturating_sub(1);
                self.after_end = true;
            }
            _ => {}
        }
    }

    /// A token other than a word.
    fn punctuation(&mut self, token: &Token) {
        self.after_end = false;
        match token {
            // Inside a block (at depth 0 a `;` ends the statement).
            Token::SemiColon => self.at_statement_start = true,
            // `label: LOOP`: the statement starts after the label.
            Token::Colon => self.at_statement_start = self.last_word_started,
            _ => self.at_statement_start = false,
        }
    }

    /// `t` with its position counted from the statement's first token, as if
    /// the statement had been tokenized on its own.
    fn relative(&self, mut t: TokenWithSpan) -> TokenWithSpan {
        let (line, column) = (self.line as u64, self.column);
        for loc in [&mut t.span.start, &mut t.span.end] {
            if loc.line == line {
                loc.column = loc.column.saturating_sub(column - 1);
            }
            loc.line = loc.line.saturating_sub(line - 1);
        }
        t
    }

    fn finish(&self, sql: &str) -> Option<Statement> {
        let start = self.start?;
        Some(Statement {
            sql: sql[start..self.end].to_string(),
            line: self.line,
        })
    }
}

/// Maps the tokenizer's (line, column-in-characters) positions to byte offsets.
/// Tokens arrive in order, so the cursor only moves forward: linear in the text.
struct Cursor<'a> {
    text: &'a str,
    line: u64,
    column: u64,
    byte: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor {
            text,
            line: 1,
            column: 1,
            byte: 0,
        }
    }

    fn byte(&mut self, line: u64, column: u64) -> usize {
        while (self.line, self.column) < (line, column) {
            let Some(c) = self.text[self.byte..].chars().next() else {
                break;
            };
            self.byte += c.len_utf8();
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        self.byte
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn transaction_control_statements_are_recognized() {
        let control = |sql: &str| {
            super::Statement {
                sql: sql.to_string(),
                line: 1,
            }
            .transaction_control()
        };
        for (sql, words) in [
            ("BEGIN", "BEGIN"),
            ("begin work", "BEGIN"),
            ("BEGIN IMMEDIATE TRANSACTION", "BEGIN"),
            ("START TRANSACTION READ WRITE", "START TRANSACTION"),
            ("commit", "COMMIT"),
            ("COMMIT AND CHAIN", "COMMIT"),
            ("END TRANSACTION", "END"),
            ("ROLLBACK", "ROLLBACK"),
            ("abort", "ABORT"),
            ("PREPARE TRANSACTION 'x'", "PREPARE TRANSACTION"),
        ] {
            assert_eq!(control(sql).as_deref(), Some(words), "{sql}");
        }
        for sql in [
            "ROLLBACK TO SAVEPOINT a",
            "SAVEPOINT a",
            "RELEASE SAVEPOINT a",
            "BEGIN NOT ATOMIC SELECT 1; END",
            "PREPARE stmt AS SELECT 1",
            "START SLAVE",
            "CREATE TABLE commit_log (id INT)",
            "DO $$ BEGIN PERFORM 1; END $$",
        ] {
            assert_eq!(control(sql), None, "{sql}");
        }
    }

    use super::*;

    fn texts(sql: &str, kind: DialectKind) -> Vec<String> {
        split_statements(sql, kind)
            .unwrap()
            .into_iter()
            .map(|s| s.sql)
            .collect()
    }

    /// A dump's executable comments are code: one alone is a statement, one
    /// inside a statement is part of its text, each sent as written; on the
    /// other databases they stay comments.
    #[test]
    fn mysql_executable_comments_are_statement_text() {
        let sql = "/*!40101 SET NAMES utf8mb4 */;
                   /*M!100616 SET NOTE_VERBOSITY=0 */;
                   /* a plain comment */
                   CREATE TABLE zz (id int) /*!50100 ENGINE=InnoDB */;
                   INSERT INTO zz VALUES (1) /* tail */;
                   SELECT '/*!not a comment */';";
        let got = split_statements(sql, DialectKind::Mysql).unwrap();
        let sent: Vec<&str> = got.iter().map(|s| s.sql.as_str()).collect();
        assert_eq!(
            sent,
            [
                "/*!40101 SET NAMES utf8mb4 */",
                "/*M!100616 SET NOTE_VERBOSITY=0 */",
                "CREATE TABLE zz (id int) /*!50100 ENGINE=InnoDB */",
                "INSERT INTO zz VALUES (1)",
                "SELECT '/*!not a comment */'",
            ]
        );
        assert_eq!(got[2].line, 4);
        let on_postgres = texts(
            "/*!40101 SET NAMES utf8mb4 */;\nSELECT 1;",
            DialectKind::Postgres,
        );
        assert_eq!(on_postgres, ["SELECT 1"]);
    }

    #[test]
    fn executable_comments_stay_whole_at_either_end_of_a_statement() {
        let sql = "/*!40101 SET NAMES utf8 */;\n\
            ALTER TABLE a ALTER INDEX k /*M!100600 NOT IGNORED */ /*!80000 VISIBLE */;\n\
            CREATE INDEX k ON t (a) /*!80000 INVISIBLE */ ;\n\
            /*M!100100 SET @x = 1 */;\n\
            SELECT /*!50000 1 */ + 2, '/*!1 x */' -- /*!2 y */\n;\n\
            /*!50003 CREATE*/ /*!50003 TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; SET NEW.b = 2; END */;";
        assert_eq!(
            texts(sql, DialectKind::Mysql),
            [
                "/*!40101 SET NAMES utf8 */",
                "ALTER TABLE a ALTER INDEX k /*M!100600 NOT IGNORED */ /*!80000 VISIBLE */",
                "CREATE INDEX k ON t (a) /*!80000 INVISIBLE */",
                "/*M!100100 SET @x = 1 */",
                "SELECT /*!50000 1 */ + 2, '/*!1 x */'",
                "/*!50003 CREATE*/ /*!50003 TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; SET NEW.b = 2; END */",
            ]
        );
    }

    #[test]
    fn splits_plain_statements_and_drops_empty_ones() {
        let sql = "-- lead\nCREATE TABLE a (id int);\n\n;  ;\nINSERT INTO a VALUES (1) -- tail\n";
        let got = split_statements(sql, DialectKind::Postgres).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].sql, "CREATE TABLE a (id int)");
        assert_eq!(got[0].line, 2);
        assert_eq!(got[1].sql, "INSERT INTO a VALUES (1)");
        assert_eq!(got[1].line, 5);
    }

    #[test]
    fn semicolons_inside_literals_comments_and_dollar_quotes() {
        let sql = "INSERT INTO t VALUES ('a;b', \"c;d\"); /* x; y */ SELECT 1;\nCREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; SELECT 2; $body$ LANGUAGE sql;";
        let got = texts(sql, DialectKind::Postgres);
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[2].contains("SELECT 2;"));
        let got = texts(
            "INSERT INTO t VALUES ('it''s; fine', `x;y`); SELECT 2",
            DialectKind::Mysql,
        );
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn unicode_text_keeps_exact_bytes() {
        let got = texts(
            "INSERT INTO \"naïve\" VALUES ('été; ok');\nSELECT 'ü'",
            DialectKind::Postgres,
        );
        assert_eq!(
            got,
            vec!["INSERT INTO \"naïve\" VALUES ('été; ok')", "SELECT 'ü'"]
        );
    }

    #[test]
    fn trigger_bodies_stay_whole() {
        let sqlite = "CREATE TRIGGER trg AFTER INSERT ON a BEGIN\n  UPDATE b SET n = n + 1;\n  INSERT INTO c VALUES (CASE WHEN 1 THEN 2 END);\nEND;\nSELECT 1;";
        let got = texts(sqlite, DialectKind::Sqlite);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].ends_with("END"));
        let mysql = "CREATE PROCEDURE p() BEGIN\n IF 1 THEN SELECT 1; END IF;\n WHILE 0 DO SELECT 2; END WHILE;\nEND;\nDROP TABLE x;";
        let got = texts(mysql, DialectKind::Mysql);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[1].starts_with("DROP TABLE"));
    }

    #[test]
    fn case_statements_and_case_expressions_in_bodies() {
        // The CASE statement of MySQL stored programs ends with END CASE; a
        // CASE expression with END. Both, nested in each other and in IF.
        let mysql = "CREATE PROCEDURE p(x INT) BEGIN\n\
            DECLARE y INT DEFAULT CASE WHEN x > 0 THEN 1 ELSE 0 END;\n\
            CASE x\n\
              WHEN 0 THEN SET y = CASE y WHEN 1 THEN 2 END;\n\
              WHEN 1 THEN\n\
                CASE WHEN y > 1 THEN SELECT 1; ELSE BEGIN SELECT 2; END; END CASE;\n\
              ELSE IF y THEN SELECT CASE WHEN y THEN 3 END; END IF;\n\
            END CASE;\n\
            SELECT y;\n\
          END;\n\
          SELECT CASE WHEN 1 THEN 'a' END;\n\
          CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW SET NEW.v = CASE NEW.v WHEN 1 THEN 2 ELSE 3 END;\n\
          CREATE FUNCTION f(x INT) RETURNS INT DETERMINISTIC BEGIN CASE WHEN x THEN RETURN 1; ELSE RETURN 0; END CASE; END;\n\
          DROP TABLE x;";
        let got = texts(mysql, DialectKind::Mysql);
        assert_eq!(got.len(), 5, "{got:?}");
        assert!(got[0].starts_with("CREATE PROCEDURE") && got[0].ends_with("END"));
        assert!(got[0].contains("END CASE;\n"), "{got:?}");
        assert_eq!(got[1], "SELECT CASE WHEN 1 THEN 'a' END");
        assert!(got[2].starts_with("CREATE TRIGGER") && got[2].ends_with("END"));
        assert!(got[3].starts_with("CREATE FUNCTION") && got[3].ends_with("END CASE; END"));
        assert_eq!(got[4], "DROP TABLE x");
        // An END that ends a statement (`END;`) does not pair with the IF,
        // CASE or WHILE that opens the next one.
        let mysql = "CREATE PROCEDURE p() BEGIN SET @a = CASE WHEN 1 THEN 2 END; CASE WHEN 1 THEN SELECT 1; END CASE; BEGIN SELECT 2; END; WHILE 0 DO SELECT 3; END WHILE; END;\nSELECT 4;";
        assert_eq!(texts(mysql, DialectKind::Mysql).len(), 2);
        // A body that leaves a CASE statement open is still an error.
        let e = split_statements(
            "CREATE PROCEDURE p() BEGIN CASE WHEN 1 THEN SELECT 1; END;",
            DialectKind::Mysql,
        )
        .unwrap_err();
        assert!(e.message.contains("no matching END"), "{e:?}");
    }

    #[test]
    fn anonymous_blocks_and_atomic_bodies_stay_whole() {
        let mysql = "BEGIN NOT ATOMIC\n  DECLARE y INT DEFAULT 5;\n  IF y > 1 THEN\n    CREATE TABLE t (id INT);\n  END IF;\nEND;\n\
            outer_block: begin not atomic\n  inner_block: BEGIN SELECT 1; END inner_block;\n  CASE WHEN 1 THEN SELECT 2; END CASE;\nEND outer_block;\n\
            BEGIN;\nSELECT 3;\nCOMMIT;";
        let got = split_statements(mysql, DialectKind::Mysql).unwrap();
        let sqls: Vec<&str> = got.iter().map(|s| s.sql.as_str()).collect();
        assert_eq!(sqls.len(), 5, "{sqls:?}");
        assert!(sqls[0].starts_with("BEGIN NOT ATOMIC") && sqls[0].ends_with("END IF;\nEND"));
        assert!(sqls[1].starts_with("outer_block:") && sqls[1].ends_with("END outer_block"));
        assert_eq!(sqls[2..], ["BEGIN", "SELECT 3", "COMMIT"]);
        assert_eq!(
            got.iter().map(|s| s.line).collect::<Vec<_>>(),
            [1, 7, 11, 12, 13]
        );
        assert!(got[..2].iter().all(|s| s.transaction_control().is_none()));
        assert_eq!(got[2].transaction_control().as_deref(), Some("BEGIN"));

        // PostgreSQL: SQL-standard function bodies (14+) and DO blocks.
        let pg = "CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT CASE WHEN true THEN 2 END;\nEND;\n\
            CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); END;\n\
            DO $$ BEGIN IF true THEN PERFORM 1; END IF; END $$;\n\
            DO LANGUAGE plpgsql $body$ BEGIN PERFORM 2; END $body$;\n\
            SELECT 4;";
        let got = texts(pg, DialectKind::Postgres);
        assert_eq!(got.len(), 5, "{got:?}");
        assert!(got[0].ends_with("END") && got[0].contains("SELECT 1;"));
        assert!(got[1].ends_with("VALUES (2); END"));
        assert!(got[2].starts_with("DO $$") && got[3].starts_with("DO LANGUAGE"));
        assert_eq!(got[4], "SELECT 4");
    }

    #[test]
    fn mariadb_flow_statements_outside_programs_stay_whole() {
        let sql = "IF (SELECT COUNT(*) FROM t) = 0 THEN\n  INSERT INTO t VALUES (IF(1, 2, 3));\n  IF 1 THEN SELECT 1; ELSEIF 2 THEN SELECT 2; END IF;\n  DROP TABLE IF EXISTS u;\nEND IF;\n\
            SELECT 'after if';\n\
            outer_loop: WHILE @i < 3 DO\n  SET @i = @i + 1;\n  REPEAT SET @j = @j + 1; UNTIL @j > 2 END REPEAT;\nEND WHILE outer_loop;\n\
            CASE @i WHEN 3 THEN SELECT CASE WHEN 1 THEN 'x' END; ELSE SELECT 4; END CASE;\n\
            l: LOOP\n  LEAVE l;\nEND LOOP l;\n\
            SELECT 'last';";
        let got = texts(sql, DialectKind::Mysql);
        assert_eq!(got.len(), 6, "{got:?}");
        assert!(got[0].starts_with("IF (SELECT") && got[0].ends_with("END IF"));
        assert!(got[0].contains("DROP TABLE IF EXISTS u;"));
        assert_eq!(got[1], "SELECT 'after if'");
        assert!(
            got[2].starts_with("outer_loop: WHILE") && got[2].ends_with("END WHILE outer_loop")
        );
        assert!(got[3].starts_with("CASE @i") && got[3].ends_with("END CASE"));
        assert!(got[4].starts_with("l: LOOP") && got[4].ends_with("END LOOP l"));
        assert_eq!(got[5], "SELECT 'last'");
        // A statement that merely contains IF is not a block.
        let got = texts(
            "DROP TABLE IF EXISTS a;\nSELECT IF(1, 2, 3);\nCREATE TABLE IF NOT EXISTS b (id INT);",
            DialectKind::Mysql,
        );
        assert_eq!(got.len(), 3, "{got:?}");
        // An unclosed block is an error naming its line.
        let e = split_statements("SELECT 1;\nIF 1 THEN SELECT 2;", DialectKind::Mysql).unwrap_err();
        assert_eq!(e.line, 2, "{e:?}");
    }

    #[test]
    fn transaction_keywords_outside_routines_do_not_nest() {
        let got = texts("BEGIN; SELECT 1; END;", DialectKind::Postgres);
        assert_eq!(got, vec!["BEGIN", "SELECT 1", "END"]);
    }

    #[test]
    fn semicolons_at_line_ends_inside_strings_comments_and_bodies() {
        let sql = "INSERT INTO t VALUES ('a;\nb');\nCREATE TABLE x (\n  a int, -- first;\n  b int\n);\n/* c;\n*/ SELECT 1;\nCREATE FUNCTION f() RETURNS int AS $$\nSELECT 1;\n$$ LANGUAGE sql;\nSELECT 2;\n";
        let got = split_statements(sql, DialectKind::Postgres).unwrap();
        let lines: Vec<usize> = got.iter().map(|s| s.line).collect();
        assert_eq!(lines, vec![1, 3, 8, 9, 12], "{got:?}");
        assert_eq!(got[0].sql, "INSERT INTO t VALUES ('a;\nb')");
        assert!(got[1].sql.ends_with("b int\n)"), "{got:?}");
        assert_eq!(got[2].sql, "SELECT 1");
        assert!(got[3].sql.ends_with("LANGUAGE sql"));
        let trigger = "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  UPDATE b SET n = 1;\n  UPDATE c SET n = 2;\nEND;\nSELECT 3;\n";
        let got = split_statements(trigger, DialectKind::Sqlite).unwrap();
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[1].line, 5);
    }

    #[test]
    fn errors_carry_the_line() {
        let e =
            split_statements("SELECT 1;\nSELECT 'unterminated", DialectKind::Postgres).unwrap_err();
        assert_eq!(e.line, 2);
        let e = split_statements(
            "SELECT 1;\nCREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1;",
            DialectKind::Sqlite,
        )
        .unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("no matching END"));
    }
}
