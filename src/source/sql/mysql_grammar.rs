//! MySQL and MariaDB grammar that sqlparser does not read and offers no
//! dialect hook for (unlike column options and types, see
//! `mysql_dialect.rs`), mended token by token before parsing. Tokens, not
//! text: strings, quoted names and comments are single tokens, so nothing
//! inside them is ever touched. What is taken out is handed to the model
//! reader in [`Mended`], to model or to warn of:
//!
//! * `"..."` is a string, as MySQL reads it unless `sql_mode` has
//!   `ANSI_QUOTES` (MySQL Reference Manual, "String Literals"; not the
//!   default, and mysqldump writes none), so also where sqlparser takes only
//!   `'...'`: `COMMENT "x"` on a column, a table or an index;
//! * index options after a key's parts (MySQL Reference Manual, "CREATE
//!   INDEX", `index_option`; MariaDB KB, "CREATE TABLE", "Index Options"):
//!   sqlparser reads `USING` and `COMMENT` only, and `COMMENT` not after a
//!   `FULLTEXT` or `SPATIAL` key. `COMMENT`, MariaDB 10.6's `IGNORED` / `NOT
//!   IGNORED` and MySQL 8's `INVISIBLE` / `VISIBLE` (an index the optimizer
//!   does not use, but that is kept up to date) are modelled;
//!   `KEY_BLOCK_SIZE`, `WITH PARSER` (a full-text parser plugin, which
//!   MariaDB does not ship for `ngram`), `ENGINE_ATTRIBUTE`,
//!   `SECONDARY_ENGINE_ATTRIBUTE` and MariaDB's `CLUSTERING` are not;
//! * table options sqlparser lacks, all storage choices: MariaDB's Aria
//!   `PAGE_CHECKSUM` and `TRANSACTIONAL` (which mariadb-dump writes for every
//!   Aria table), `PAGE_COMPRESSED`, `PAGE_COMPRESSION_LEVEL`, `ENCRYPTED`,
//!   `ENCRYPTION_KEY_ID`, `IETF_QUOTES`, `TABLE_CHECKSUM`, `SEQUENCE`, MySQL's
//!   `SECONDARY_ENGINE`, and engine-defined options, which mariadb-dump
//!   writes with a quoted name (`` `PAGE_COMPRESSED`='1' ``). `STORAGE
//!   ENGINE=x` is `ENGINE=x`;
//! * `[STORAGE] ENGINE [=] x` in an `ALTER TABLE`, which sqlparser reads
//!   only in a `CREATE TABLE`, taken out with its comma (the whole statement
//!   when nothing else is left) and handed over as the table's engine;
//! * `CREATE FULLTEXT INDEX` and `CREATE SPATIAL INDEX`, whose kind becomes
//!   the index's method, as introspection reports it.
//!
//! A statement with none of these parses to the same tree as unmended, but
//! for a double-quoted string, which prints single-quoted.

use sqlparser::ast::{ObjectName, Statement};
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};

use super::mysql_dialect::MysqlModels;

/// What [`mend`] took out of a statement.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Mended {
    /// The options of each key or constraint, in the order sqlparser lists
    /// them: a `CREATE TABLE`'s table constraints, an `ALTER TABLE`'s `ADD`
    /// of a key or constraint, a `CREATE INDEX`'s index.
    pub keys: Vec<KeyOptions>,
    /// A `CREATE TABLE`'s options that the model has no place for.
    pub table_options: Vec<TableOption>,
    /// `fulltext` or `spatial` for `CREATE FULLTEXT|SPATIAL INDEX`.
    pub index_method: Option<&'static str>,
    /// An `ALTER TABLE`'s table and the engine its `[STORAGE] ENGINE [=] x`
    /// sets (the last one written). With no other operation left the
    /// statement is taken out whole, since sqlparser reads no `ALTER TABLE`
    /// without one.
    pub alter_engine: Option<(ObjectName, String)>,
}

impl Mended {
    /// The options of the `n`th key or constraint (none if it had none).
    pub fn key(&self, n: usize) -> KeyOptions {
        self.keys.get(n).cloned().unwrap_or_default()
    }
}

/// A table option sqlparser does not read (`PAGE_CHECKSUM=1`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct TableOption {
    /// The option's name in capitals, unquoted (`PAGE_CHECKSUM`).
    pub name: String,
    /// Its value as the server reads it: a number, a word, or a string's
    /// text without its quotes (`1`, `YES`).
    pub value: String,
    /// The option as written, for warnings (`PAGE_CHECKSUM=1`).
    pub written: String,
}

/// The index options of one key that sqlparser does not read.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct KeyOptions {
    /// `IGNORED` or `INVISIBLE` written: the optimizer leaves the index alone.
    pub ignored: bool,
    /// `COMMENT 'text'`: taken out of every key, since sqlparser reads it on
    /// some kinds only (not after `FULLTEXT` or `SPATIAL` keys).
    pub comment: Option<String>,
    /// Options the model has no place for, as written (`KEY_BLOCK_SIZE=8`).
    pub unread: Vec<String>,
}

/// Table options sqlparser 0.64 does not read (see the module docs).
const TABLE_OPTIONS: &[&str] = &[
    "PAGE_CHECKSUM",
    "TRANSACTIONAL",
    "PAGE_COMPRESSED",
    "PAGE_COMPRESSION_LEVEL",
    "ENCRYPTED",
    "ENCRYPTION_KEY_ID",
    "IETF_QUOTES",
    "TABLE_CHECKSUM",
    "SEQUENCE",
    "SECONDARY_ENGINE",
];

/// Index options sqlparser 0.64 does not read that take a value
/// (`KEY_BLOCK_SIZE [=] 8`).
const KEY_OPTIONS: &[&str] = &[
    "KEY_BLOCK_SIZE",
    "ENGINE_ATTRIBUTE",
    "SECONDARY_ENGINE_ATTRIBUTE",
    "CLUSTERING",
];

/// Parses MySQL statements, mended (see the module docs).
pub(super) fn parse(sql: &str) -> Result<(Vec<Statement>, Mended), ParserError> {
    let tokens = Tokenizer::new(&MysqlModels, sql).tokenize_with_location()?;
    let (tokens, mended) = mend(tokens);
    let statements = Parser::new(&MysqlModels)
        .with_tokens_with_locations(tokens)
        .parse_statements()?;
    Ok((statements, mended))
}

/// `tokens` of one statement mended, and what was taken out.
pub(super) fn mend(tokens: Vec<TokenWithSpan>) -> (Vec<TokenWithSpan>, Mended) {
    let mut s = Scan::new(tokens);
    let mut mended = Mended::default();
    if s.is(0, "CREATE") {
        let mut at = 1;
        while s.is(at, "OR") || s.is(at, "REPLACE") || s.is(at, "TEMPORARY") {
            at += 1;
        }
        if s.is(at, "TABLE") {
            s.create_table(at + 1, &mut mended);
        } else {
            s.create_index(at, &mut mended);
        }
    } else if s.is(0, "ALTER") {
        let mut at = 1;
        while s.is(at, "ONLINE") || s.is(at, "IGNORE") {
            at += 1;
        }
        if s.is(at, "TABLE") {
            s.alter_table(at + 1, &mut mended);
        }
    }
    (s.finish(), mended)
}

/// The tokens of a statement, read by position among its significant
/// tokens (whitespace and comments left out), with those to take out marked.
struct Scan {
    tokens: Vec<TokenWithSpan>,
    /// Positions in `tokens` of the significant ones.
    sig: Vec<usize>,
    /// Parallel to `tokens`.
    drop: Vec<bool>,
}

impl Scan {
    fn new(tokens: Vec<TokenWithSpan>) -> Scan {
        let sig = (0..tokens.len())
            .filter(|&i| !matches!(tokens[i].token, Token::Whitespace(_)))
            .collect();
        let drop = vec![false; tokens.len()];
        Scan { tokens, sig, drop }
    }

    /// The `n`th significant token (`EOF` past the end).
    fn token(&self, n: usize) -> &Token {
        self.sig
            .get(n)
            .map_or(&Token::EOF, |&i| &self.tokens[i].token)
    }

    /// Whether the `n`th significant token is the unquoted word `word`.
    fn is(&self, n: usize, word: &str) -> bool {
        matches!(self.token(n), Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(word))
    }

    fn is_any(&self, n: usize, words: &[&str]) -> bool {
        words.iter().any(|w| self.is(n, w))
    }

    /// Takes out significant tokens `from..to`, returning them as written.
    fn take(&mut self, from: usize, to: usize) -> String {
        let mut text = String::new();
        for n in from..to {
            // An option's name as the server knows it, without the quotes
            // mariadb-dump gives an engine-defined one.
            let token = match self.token(n) {
                Token::Word(w) => w.value.clone(),
                other => other.to_string(),
            };
            // `KEY_BLOCK_SIZE=8`, `WITH PARSER ngram`.
            if !text.is_empty() && token != "=" && !text.ends_with('=') {
                text.push(' ');
            }
            text.push_str(&token);
            self.drop[self.sig[n]] = true;
        }
        text
    }

    /// The position after the `)` matching the `(` at `open`.
    fn close(&self, open: usize) -> usize {
        let mut depth = 0usize;
        let mut n = open;
        while n < self.sig.len() {
            match self.token(n) {
                Token::LParen => depth += 1,
                Token::RParen => {
                    depth -= 1;
                    if depth == 0 {
                        return n + 1;
                    }
                }
                _ => {}
            }
            n += 1;
        }
        self.sig.len()
    }

    /// The comma-separated parts of `from..to` at their own depth, as ranges.
    fn split(&self, from: usize, to: usize) -> Vec<(usize, usize)> {
        let mut parts = Vec::new();
        let mut start = from;
        let mut n = from;
        while n < to {
            match self.token(n) {
                Token::LParen => {
                    n = self.close(n);
                    continue;
                }
                Token::Comma => {
                    parts.push((start, n));
                    start = n + 1;
                }
                _ => {}
            }
            n += 1;
        }
        parts.push((start, to));
        parts
    }

    /// After `CREATE TABLE` (`at` is past `TABLE`): the key options of its
    /// elements and the table options after them.
    fn create_table(&mut self, mut at: usize, mended: &mut Mended) {
        if self.is(at, "IF") && self.is(at + 1, "NOT") && self.is(at + 2, "EXISTS") {
            at += 3;
        }
        // The name, perhaps qualified.
        at += 1;
        while matches!(self.token(at), Token::Period) {
            at += 2;
        }
        if !matches!(self.token(at), Token::LParen) {
            return;
        }
        let end = self.close(at);
        for (from, to) in self.split(at + 1, end - 1) {
            if let Some(options) = self.key_element(from, to) {
                mended.keys.push(options);
            }
        }
        self.table_options(end, mended);
    }

    /// A table element or `ADD` clause `from..to`: for a key or constraint,
    /// its options (sqlparser lists it among the table constraints); `None`
    /// for a column.
    fn key_element(&mut self, mut from: usize, to: usize) -> Option<KeyOptions> {
        const KEYS: &[&str] = &["PRIMARY", "UNIQUE", "KEY", "INDEX", "FULLTEXT", "SPATIAL"];
        if self.is(from, "CONSTRAINT") {
            from += 1;
            // An optional name: anything but the word that opens the key.
            if !self.is_any(from, KEYS) && !self.is_any(from, &["CHECK", "FOREIGN"]) {
                from += 1;
            }
        }
        if self.is_any(from, &["CHECK", "FOREIGN"]) {
            return Some(KeyOptions::default());
        }
        if !self.is_any(from, KEYS) {
            return None;
        }
        let parts = (from..to).find(|&n| matches!(self.token(n), Token::LParen))?;
        Some(self.key_options(self.close(parts), to))
    }

    /// The options after a key's parts, `from..to`: those sqlparser does not
    /// read are taken out.
    fn key_options(&mut self, from: usize, to: usize) -> KeyOptions {
        let mut options = KeyOptions::default();
        let mut n = from;
        while n < to {
            if self.is_any(n, &["IGNORED", "INVISIBLE"]) {
                options.ignored = true;
                self.take(n, n + 1);
            } else if self.is(n, "VISIBLE") {
                self.take(n, n + 1);
            } else if self.is(n, "NOT") && self.is(n + 1, "IGNORED") {
                self.take(n, n + 2);
                n += 1;
            } else if self.is(n, "WITH") && self.is(n + 1, "PARSER") {
                options.unread.push(self.take(n, n + 3));
                n += 2;
            } else if self.is_any(n, KEY_OPTIONS) {
                let end = n + 2 + usize::from(matches!(self.token(n + 1), Token::Eq));
                options.unread.push(self.take(n, end));
                n = end - 1;
            } else if self.is(n, "COMMENT")
                && let Token::SingleQuotedString(text) | Token::DoubleQuotedString(text) =
                    self.token(n + 1)
            {
                options.comment = Some(text.clone());
                self.take(n, n + 2);
                n += 1;
            }
            n += 1;
        }
        options
    }

    /// The table options from `from` to the end, or to a partitioning
    /// clause or a query (`[IGNORE | REPLACE] [AS] SELECT ...`).
    fn table_options(&mut self, from: usize, mended: &mut Mended) {
        const AFTER: &[&str] = &["PARTITION", "AS", "SELECT", "IGNORE", "REPLACE"];
        let mut n = from;
        while n < self.sig.len() && !self.is_any(n, AFTER) {
            // A word after `=` is a value (`ENGINE=SEQUENCE`), not an option.
            let value = n > from && matches!(self.token(n - 1), Token::Eq);
            let quoted_name = matches!(self.token(n), Token::Word(w) if w.quote_style == Some('`'))
                && matches!(self.token(n + 1), Token::Eq);
            if !value && self.is(n, "STORAGE") && self.is(n + 1, "ENGINE") {
                self.take(n, n + 1);
            } else if !value && (quoted_name || self.is_any(n, TABLE_OPTIONS)) {
                let end = n + 2 + usize::from(matches!(self.token(n + 1), Token::Eq));
                let name = match self.token(n) {
                    Token::Word(w) => w.value.to_ascii_uppercase(),
                    other => other.to_string(),
                };
                let value = match self.token(end - 1) {
                    Token::Word(w) => w.value.clone(),
                    Token::Number(n, _) => n.clone(),
                    Token::SingleQuotedString(s) | Token::DoubleQuotedString(s) => s.clone(),
                    other => other.to_string(),
                };
                let written = self.take(n, end);
                mended.table_options.push(TableOption {
                    name,
                    value,
                    written,
                });
                n = end;
                continue;
            }
            n += 1;
        }
    }

    /// After `CREATE [OR REPLACE]` (`at`): a `CREATE [UNIQUE | FULLTEXT |
    /// SPATIAL] INDEX`'s kind and options.
    fn create_index(&mut self, mut at: usize, mended: &mut Mended) {
        let kind = if self.is(at, "FULLTEXT") {
            Some("fulltext")
        } else if self.is(at, "SPATIAL") {
            Some("spatial")
        } else {
            None
        };
        if kind.is_some() && self.is(at + 1, "INDEX") {
            self.take(at, at + 1);
            mended.index_method = kind;
            at += 1;
        } else if self.is(at, "UNIQUE") {
            at += 1;
        }
        if !self.is(at, "INDEX") {
            return;
        }
        let Some(on) = (at..self.sig.len()).find(|&n| self.is(n, "ON")) else {
            return;
        };
        let Some(parts) = (on..self.sig.len()).find(|&n| matches!(self.token(n), Token::LParen))
        else {
            return;
        };
        let options = self.key_options(self.close(parts), self.sig.len());
        mended.keys.push(options);
    }

    /// After `ALTER TABLE` (`at`): the options of each key it adds, and the
    /// engine it sets, which sqlparser does not read there.
    fn alter_table(&mut self, mut at: usize, mended: &mut Mended) {
        // The name, perhaps qualified.
        let name = at;
        at += 1;
        while matches!(self.token(at), Token::Period) {
            at += 2;
        }
        let parts = self.split(at, self.sig.len());
        let mut engine = None;
        let mut engines = Vec::new();
        for (n, &(from, to)) in parts.iter().enumerate() {
            let start = from + usize::from(self.is(from, "STORAGE"));
            if self.is(start, "ENGINE") {
                let value = start + 1 + usize::from(matches!(self.token(start + 1), Token::Eq));
                if value + 1 == to {
                    engine = match self.token(value) {
                        Token::Word(w) => Some(w.value.clone()),
                        Token::SingleQuotedString(s) | Token::DoubleQuotedString(s) => {
                            Some(s.clone())
                        }
                        _ => engine,
                    };
                    engines.push(n);
                }
                continue;
            }
            if !self.is(from, "ADD") || self.is(from + 1, "COLUMN") {
                continue;
            }
            if let Some(options) = self.key_element(from + 1, to) {
                mended.keys.push(options);
            }
        }
        let Some(engine) = engine else {
            return;
        };
        let Some(table) = self.object_name(name, at) else {
            return;
        };
        mended.alter_engine = Some((table, engine));
        if engines.len() == parts.len() {
            // Nothing left to parse: the whole statement goes.
            self.take(0, self.sig.len());
            return;
        }
        // Each engine option goes with a comma beside it: the one after it
        // if a part that stays follows, else the one before.
        let last_kept = (0..parts.len()).rev().find(|n| !engines.contains(n));
        for &n in &engines {
            let (from, to) = parts[n];
            if last_kept.is_some_and(|k| n < k) {
                self.take(from, to + 1);
            } else {
                self.take(from - 1, to);
            }
        }
    }

    /// The object name in significant tokens `from..to`, as sqlparser reads it.
    fn object_name(&self, from: usize, to: usize) -> Option<ObjectName> {
        let tokens: Vec<TokenWithSpan> = (from..to)
            .filter_map(|n| self.sig.get(n).map(|&i| self.tokens[i].clone()))
            .collect();
        let mut parser = Parser::new(&MysqlModels).with_tokens_with_locations(tokens);
        let name = parser.parse_object_name(false).ok()?;
        matches!(parser.peek_token_ref().token, Token::EOF).then_some(name)
    }

    /// The tokens left, with double-quoted strings single-quoted.
    fn finish(mut self) -> Vec<TokenWithSpan> {
        for t in &mut self.tokens {
            if let Token::DoubleQuotedString(s) = &mut t.token {
                t.token = Token::SingleQuotedString(std::mem::take(s));
            }
        }
        if !self.drop.contains(&true) {
            return self.tokens;
        }
        self.tokens
            .into_iter()
            .zip(self.drop)
            .filter(|(_, dropped)| !dropped)
            .map(|(t, _)| t)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(sql: &str) -> Vec<TokenWithSpan> {
        Tokenizer::new(&MysqlModels, sql)
            .tokenize_with_location()
            .unwrap()
    }

    /// The statement as sqlparser prints it once mended, and what was taken.
    fn read(sql: &str) -> (String, Mended) {
        let (statements, mended) = parse(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        assert_eq!(statements.len(), 1, "{sql}");
        (statements[0].to_string(), mended)
    }

    #[test]
    fn names_strings_and_comments_that_spell_options_are_left_alone() {
        for sql in [
            "CREATE TABLE t (ignored int, invisible int, KEY k (ignored), KEY (invisible))",
            "CREATE TABLE t (a int COMMENT 'KEY_BLOCK_SIZE=8 IGNORED') ENGINE=SEQUENCE",
            "CREATE TABLE t (a int) /* PAGE_CHECKSUM=1 */ ROW_FORMAT=DYNAMIC",
            "ALTER TABLE t ADD COLUMN page_checksum int, ADD COLUMN `ignored` int",
            "CREATE INDEX ix ON t (a) USING BTREE",
            "SELECT 'IGNORED', `TRANSACTIONAL` FROM t",
            "CREATE TABLE t (a int) ENGINE=InnoDB AS SELECT a FROM u WHERE `a`=1 AND sequence=2",
        ] {
            let (mended, taken) = mend(tokens(sql));
            assert_eq!(mended, tokens(sql), "{sql}");
            assert!(
                taken.keys.iter().all(|k| *k == KeyOptions::default()),
                "{sql}: {taken:?}"
            );
            assert!(taken.table_options.is_empty(), "{sql}: {taken:?}");
        }
    }

    #[test]
    fn key_options_are_taken_per_key_in_sqlparsers_order() {
        let (sql, taken) = read(
            "CREATE TABLE t (a int, CONSTRAINT c CHECK (a > 0), KEY k (a) KEY_BLOCK_SIZE = 8 IGNORED, \
             PRIMARY KEY (a), CONSTRAINT f FOREIGN KEY (a) REFERENCES u (id), \
             FULLTEXT KEY ft (b) WITH PARSER ngram COMMENT 'x')",
        );
        assert_eq!(
            sql,
            "CREATE TABLE t (a INT, CONSTRAINT c CHECK (a > 0), KEY k (a), PRIMARY KEY (a), \
             CONSTRAINT f FOREIGN KEY (a) REFERENCES u(id), FULLTEXT KEY ft (b))"
        );
        let keys: Vec<(bool, Option<&str>, Vec<&str>)> = taken
            .keys
            .iter()
            .map(|k| {
                (
                    k.ignored,
                    k.comment.as_deref(),
                    k.unread.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            keys,
            [
                (false, None, vec![]),
                (true, None, vec!["KEY_BLOCK_SIZE=8"]),
                (false, None, vec![]),
                (false, None, vec![]),
                (false, Some("x"), vec!["WITH PARSER ngram"]),
            ]
        );
    }

    #[test]
    fn create_index_and_alter_table_keys_are_mended() {
        let (sql, taken) = read("CREATE FULLTEXT INDEX ft ON t (b) COMMENT \"c\" INVISIBLE");
        assert_eq!(sql, "CREATE INDEX ft ON t(b)");
        assert_eq!(taken.index_method, Some("fulltext"));
        assert!(taken.keys[0].ignored);
        assert_eq!(taken.keys[0].comment.as_deref(), Some("c"));
        let (sql, taken) = read(
            "ALTER TABLE db.t ADD COLUMN c int COMMENT \"x\", ADD KEY k (c) NOT IGNORED, ADD UNIQUE (c) IGNORED",
        );
        assert_eq!(
            sql,
            "ALTER TABLE db.t ADD COLUMN c INT COMMENT 'x', ADD KEY k (c), ADD UNIQUE (c)"
        );
        let ignored: Vec<bool> = taken.keys.iter().map(|k| k.ignored).collect();
        assert_eq!(ignored, [false, true]);
    }

    #[test]
    fn table_options_are_taken_up_to_the_partitioning() {
        let (sql, taken) = read(
            "CREATE TABLE IF NOT EXISTS `db`.`t` (a int) STORAGE ENGINE=Aria, PAGE_CHECKSUM=1 \
             TRANSACTIONAL 1 `IETF_QUOTES`='YES'",
        );
        assert_eq!(
            sql,
            "CREATE TABLE IF NOT EXISTS `db`.`t` (a INT) ENGINE = Aria"
        );
        let written: Vec<_> = taken.table_options.iter().map(|o| &o.written).collect();
        assert_eq!(
            written,
            ["PAGE_CHECKSUM=1", "TRANSACTIONAL 1", "IETF_QUOTES='YES'"]
        );
        let read: Vec<_> = taken
            .table_options
            .iter()
            .map(|o| (o.name.as_str(), o.value.as_str()))
            .collect();
        assert_eq!(
            read,
            [
                ("PAGE_CHECKSUM", "1"),
                ("TRANSACTIONAL", "1"),
                ("IETF_QUOTES", "YES")
            ]
        );
        // The partitioning clause, which sqlparser cannot read, is the
        // model reader's to blank (`text::without_partitioning`).
        let sql = "CREATE TABLE t (a int) TRANSACTIONAL=1 PARTITION BY HASH (a) (PARTITION p0 TRANSACTIONAL=0)";
        let (mended, taken) = mend(tokens(sql));
        assert_eq!(taken.table_options.len(), 1);
        assert_eq!(taken.table_options[0].written, "TRANSACTIONAL=1");
        let text: String = mended.iter().map(|t| t.token.to_string()).collect();
        assert!(text.ends_with("(PARTITION p0 TRANSACTIONAL=0)"), "{text}");
    }

    #[test]
    fn an_alter_tables_engine_is_taken_with_its_comma() {
        let (sql, taken) = read("ALTER TABLE `db`.t ENGINE=Aria, ADD COLUMN b int, ENGINE InnoDB");
        assert_eq!(sql, "ALTER TABLE `db`.t ADD COLUMN b INT");
        let (name, engine) = taken.alter_engine.expect("an engine");
        assert_eq!(
            (name.to_string().as_str(), engine.as_str()),
            ("`db`.t", "InnoDB")
        );
        let (sql, taken) =
            read("ALTER TABLE t ADD KEY k (a), STORAGE ENGINE = 'MyISAM', ENGINE=Aria");
        assert_eq!(sql, "ALTER TABLE t ADD KEY k (a)");
        assert_eq!(taken.alter_engine.map(|(_, e)| e).as_deref(), Some("Aria"));
        // Alone, the whole statement goes: sqlparser reads no ALTER TABLE
        // without an operation.
        let (statements, taken) = parse("ALTER ONLINE TABLE t ENGINE=Aria").expect("parsed");
        assert!(statements.is_empty(), "{statements:?}");
        assert_eq!(
            taken.alter_engine.map(|(n, e)| (n.to_string(), e)),
            Some(("t".into(), "Aria".into()))
        );
        // A column named engine is no option.
        let (sql, taken) = read("ALTER TABLE t ADD COLUMN engine int");
        assert_eq!(sql, "ALTER TABLE t ADD COLUMN engine INT");
        assert_eq!(taken.alter_engine, None);
    }
}
