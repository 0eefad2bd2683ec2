//! SQLite's virtual tables and the shadow tables their modules keep, told
//! apart the same way on both sides of a comparison.
//!
//! revise does not model virtual tables (`CREATE VIRTUAL TABLE ... USING
//! fts5(...)`): the models reader skips them with a warning, introspection
//! leaves them out. A module keeps its data in ordinary "shadow" tables named
//! `<virtual table>_<suffix>` (<https://sqlite.org/vtab.html#xshadowname>),
//! which `sqlite3 x.db .schema`, the natural source of models, prints as
//! `CREATE TABLE IF NOT EXISTS 'docs_fts_data'(...)`. Read as tables of the
//! models they would be tables to create, which the database already has.
//!
//! SQLite itself decides whether a table is a shadow table by cutting its name
//! at the last `_` and asking the virtual table's module whether it owns the
//! suffix (`sqlite3ShadowTableName` in `build.c`, each module's
//! `xShadowName`). For the modules built into SQLite the suffixes are known and
//! listed here (`fts5ShadowName` in `fts5_main.c`, `fts3ShadowName` in
//! `fts3.c`, `rtreeShadowName` in `rtree.c`); for any other module, whose
//! answer only the loaded extension knows, every `<virtual table>_...` counts,
//! as it has in introspection from the start. `PRAGMA table_list` reports
//! shadow tables only from SQLite 3.37 and only for modules loaded in the
//! connection, and the models have no connection at all: the names rule
//! serves both sides.
//!
//! Used by the models reader and by SQLite introspection
//! (`dialect/sqlite/introspect.rs`).

use sqlparser::dialect::SQLiteDialect;
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};

/// A virtual table: its name as written (no schema) and its module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VirtualTable {
    /// The table's name, without a schema.
    pub name: String,
    /// The module after `USING`, as written (`fts5`, `rtree`).
    pub module: String,
}

impl VirtualTable {
    /// Whether table `name` is one of this virtual table's shadow tables.
    /// Names compare as SQLite compares them, ignoring ASCII case.
    pub fn owns(&self, name: &str) -> bool {
        let n = self.name.len();
        let Some(suffix) = name
            .get(..n)
            .filter(|head| head.eq_ignore_ascii_case(&self.name))
            .and_then(|_| name[n..].strip_prefix('_'))
        else {
            return false;
        };
        match shadow_suffixes(&self.module) {
            Some(known) => known.iter().any(|s| s.eq_ignore_ascii_case(suffix)),
            None => true,
        }
    }

    /// Like [`VirtualTable::owns`], but for a module revise does not know
    /// (`vec0`, say) no table counts: the models reader leaves a table out
    /// only when sure, since a real table of the models taken for a shadow
    /// one would be dropped where the database has no such virtual table.
    /// One the database does hold as a shadow table is then left alone by
    /// the comparison, with a warning.
    pub fn surely_owns(&self, name: &str) -> bool {
        shadow_suffixes(&self.module).is_some() && self.owns(name)
    }
}

/// The suffixes of the shadow tables a module built into SQLite keeps;
/// `None` for a module revise does not know.
fn shadow_suffixes(module: &str) -> Option<&'static [&'static str]> {
    const FTS5: &[&str] = &["config", "content", "data", "docsize", "idx"];
    const FTS3: &[&str] = &["content", "docsize", "segdir", "segments", "stat"];
    // geopoly is built on the R*Tree module's storage.
    const RTREE: &[&str] = &["node", "parent", "rowid"];
    match module.to_ascii_lowercase().as_str() {
        "fts5" => Some(FTS5),
        "fts3" | "fts4" => Some(FTS3),
        "rtree" | "rtree_i32" | "geopoly" => Some(RTREE),
        _ => None,
    }
}

/// The virtual table a `CREATE VIRTUAL TABLE` statement creates; `None` for
/// any other statement, or text the tokenizer cannot read.
pub fn virtual_table(sql: &str) -> Option<VirtualTable> {
    let tokens = Tokenizer::new(&SQLiteDialect {}, sql)
        .tokenize_with_location()
        .ok()?;
    virtual_table_of(&tokens)
}

/// [`virtual_table`] from a statement's tokens: `CREATE VIRTUAL TABLE [IF
/// NOT EXISTS] [schema.]name USING module`, whatever arguments follow (a
/// module parses its own, and sqlparser reads only plain names there).
pub(super) fn virtual_table_of(tokens: &[TokenWithSpan]) -> Option<VirtualTable> {
    let mut tokens = tokens
        .iter()
        .map(|t| &t.token)
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .peekable();
    let keyword = |t: Option<&Token>, k: Keyword| matches!(t, Some(Token::Word(w)) if w.keyword == k && w.quote_style.is_none());
    for k in [Keyword::CREATE, Keyword::VIRTUAL, Keyword::TABLE] {
        if !keyword(tokens.next(), k) {
            return None;
        }
    }
    let mut name = tokens.next()?;
    if keyword(Some(name), Keyword::IF) {
        for k in [Keyword::NOT, Keyword::EXISTS] {
            if !keyword(tokens.next(), k) {
                return None;
            }
        }
        name = tokens.next()?;
    }
    if tokens.peek() == Some(&&Token::Period) {
        tokens.next();
        name = tokens.next()?;
    }
    // SQLite takes a string for a name too (`CREATE TABLE 'x'`).
    let name = match name {
        Token::Word(w) => w.value.clone(),
        Token::SingleQuotedString(s) => s.clone(),
        _ => return None,
    };
    if !keyword(tokens.next(), Keyword::USING) {
        return None;
    }
    match tokens.next()? {
        Token::Word(w) => Some(VirtualTable {
            name,
            module: w.value.clone(),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vtab(name: &str, module: &str) -> VirtualTable {
        VirtualTable {
            name: name.into(),
            module: module.into(),
        }
    }

    #[test]
    fn the_header_is_read_whatever_the_arguments() {
        assert_eq!(
            virtual_table(
                "CREATE VIRTUAL TABLE history_fts USING fts5(command, content='history', content_rowid='rowid', tokenize='trigram')"
            ),
            Some(vtab("history_fts", "fts5"))
        );
        assert_eq!(
            virtual_table(
                "create virtual table if not exists main.\"Docs\" using FTS4(a, tokenize=unicode61)"
            ),
            Some(vtab("Docs", "FTS4"))
        );
        assert_eq!(
            virtual_table("CREATE VIRTUAL TABLE 'r' USING rtree(id, x0, x1)"),
            Some(vtab("r", "rtree"))
        );
        assert_eq!(virtual_table("CREATE TABLE t (a)"), None);
        assert_eq!(virtual_table("CREATE VIEW virtual AS SELECT 1"), None);
    }

    #[test]
    fn shadow_tables_are_the_modules_own_suffixes() {
        let fts5 = vtab("History_FTS", "fts5");
        for shadow in ["history_fts_data", "HISTORY_FTS_IDX", "history_fts_docsize"] {
            assert!(fts5.owns(shadow), "{shadow}");
        }
        assert!(fts5.owns("history_fts_config") && fts5.owns("history_fts_content"));
        for other in [
            "history_fts",
            "history_fts_",
            "history_fts_log",
            "history_ftsdata",
            "history",
        ] {
            assert!(!fts5.owns(other), "{other}");
        }
        let fts4 = vtab("f", "FTS4");
        assert!(fts4.owns("f_segdir") && fts4.owns("f_segments") && fts4.owns("f_stat"));
        assert!(!fts4.owns("f_data"));
        let rtree = vtab("r", "rtree");
        assert!(rtree.owns("r_node") && rtree.owns("r_parent") && rtree.owns("r_rowid"));
        assert!(!rtree.owns("r_nodes"));
        // A module revise does not know: whatever follows the underscore.
        let other = vtab("v", "vec0");
        assert!(other.owns("v_chunks") && other.owns("v_vector_chunks00"));
        assert!(!other.owns("vx_chunks"));
        assert!(
            !other.surely_owns("v_chunks"),
            "the models keep it: no drop by a guess"
        );
        assert!(fts5.surely_owns("history_fts_config"));
    }
}
