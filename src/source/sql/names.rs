//! Spellings of the SQL model parser: identifiers folded per dialect, qualified
//! names, type and expression text, and the bits of source text that errors
//! and warnings quote. Pure functions over sqlparser's AST; no model state.

use sqlparser::ast::{ArrayElemTypeDef, DataType, Expr, Ident, ObjectName};

use crate::error::one_line;
use crate::schema::QualifiedName;
use crate::url::DialectKind;

/// PostgreSQL's serial pseudo-types, which sqlparser reads as custom type names.
/// They are printed upper case like the built-in types, as the contract with
/// the PostgreSQL normalizer spells them (`SERIAL`, `BIGSERIAL`).
const SERIALS: &[&str] = &[
    "serial",
    "bigserial",
    "smallserial",
    "serial2",
    "serial4",
    "serial8",
];

/// Identifier and type spelling for one dialect.
pub(super) struct Names {
    pub(super) kind: DialectKind,
}

impl Names {
    /// An identifier as the database stores it. PostgreSQL folds unquoted names
    /// to lower case (PostgreSQL docs, "SQL Syntax: Lexical Structure:
    /// Identifiers and Key Words": "Key words and unquoted identifiers are
    /// case insensitive ... unquoted names are always folded to lower case");
    /// it folds ASCII letters only in a UTF-8 database, hence `to_ascii_lowercase`.
    /// MySQL and SQLite keep names as written. Quoted names are exact.
    pub(super) fn ident(&self, ident: &Ident) -> String {
        if ident.quote_style.is_none() && self.kind == DialectKind::Postgres {
            ident.value.to_ascii_lowercase()
        } else {
            ident.value.clone()
        }
    }

    /// The folded parts of a dotted name.
    pub(super) fn parts(&self, name: &ObjectName) -> Result<Vec<String>, String> {
        name.0
            .iter()
            .map(|part| {
                part.as_ident().map(|i| self.ident(i)).ok_or_else(|| {
                    format!("{name}: a name computed by a function is not supported")
                })
            })
            .collect()
    }

    /// A `[schema.]name`, with the schema as written.
    pub(super) fn qualified(&self, name: &ObjectName) -> Result<QualifiedName, String> {
        let mut parts = self.parts(name)?;
        match parts.len() {
            1 | 2 => Ok(QualifiedName {
                name: parts.pop().unwrap_or_default(),
                schema: parts.pop(),
            }),
            _ => Err(format!("{name}: write the name as name or schema.name")),
        }
    }

    /// The key a table is looked up by: [`Self::default_schema`], and in
    /// SQLite, whose names are case-insensitive (quoted or not, "SQLite
    /// Keywords"), folded, so `CREATE INDEX ... ON a` finds table `A`. MySQL's
    /// table names follow the server's `lower_case_table_names`, which the
    /// models cannot know: kept exact.
    pub(super) fn table_key(&self, name: &QualifiedName) -> QualifiedName {
        let mut key = self.default_schema(name);
        if self.kind == DialectKind::Sqlite {
            key.name = key.name.to_lowercase();
            key.schema = key.schema.map(|s| s.to_lowercase());
        }
        key
    }

    /// A column or index name as [`Self::same_column`] compares it, for keys.
    pub(super) fn name_key(&self, name: &str) -> String {
        match self.kind {
            DialectKind::Postgres => name.to_string(),
            DialectKind::Mysql | DialectKind::Sqlite => name.to_lowercase(),
        }
    }

    /// Whether two column (or index) names are the same in this dialect
    /// (see [`crate::source::validate::same_name`]).
    pub(super) fn same_column(&self, a: &str, b: &str) -> bool {
        crate::source::validate::same_name(self.kind, a, b)
    }

    /// `name` with the dialect's default schema written as `None`, so that
    /// `users` and `public.users` (PostgreSQL) or `main.users` (SQLite) are
    /// recognised as one table when the model looks them up.
    pub(super) fn default_schema(&self, name: &QualifiedName) -> QualifiedName {
        let default = match self.kind {
            DialectKind::Postgres => Some("public"),
            DialectKind::Sqlite => Some("main"),
            DialectKind::Mysql => None,
        };
        QualifiedName {
            schema: name.schema.clone().filter(|s| Some(s.as_str()) != default),
            name: name.name.clone(),
        }
    }

    /// The type text: sqlparser's `DataType` display, except that in
    /// PostgreSQL a user-defined type name (an enum, a domain, `citext`) is
    /// folded like any identifier, also as an array element type.
    pub(super) fn data_type(&self, data_type: &DataType) -> String {
        if self.kind != DialectKind::Postgres {
            return data_type.to_string();
        }
        match data_type {
            DataType::Custom(name, modifiers) => {
                let folded = self
                    .type_name_parts(name)
                    .unwrap_or_else(|| name.to_string());
                let folded = if SERIALS.contains(&folded.as_str()) {
                    folded.to_ascii_uppercase()
                } else {
                    folded
                };
                if modifiers.is_empty() {
                    folded
                } else {
                    let modifiers: Vec<String> = modifiers.iter().map(|m| m.to_string()).collect();
                    format!("{folded}({})", modifiers.join(", "))
                }
            }
            DataType::Array(ArrayElemTypeDef::SquareBracket(inner, size)) => {
                let size = size.map(|s| s.to_string()).unwrap_or_default();
                format!("{}[{size}]", self.data_type(inner))
            }
            other => other.to_string(),
        }
    }
}

impl Names {
    /// A user-defined type name with unquoted parts folded and quoted parts
    /// still quoted: a quoted name can mean another type than the same word
    /// bare (`"char"`, PostgreSQL's one-byte internal type, is not `char`,
    /// which is `character(1)`; "Character Types"), so the normalizer must
    /// see the quotes. `None` for a name computed by a function.
    fn type_name_parts(&self, name: &ObjectName) -> Option<String> {
        let parts: Option<Vec<String>> = name
            .0
            .iter()
            .map(|part| {
                let ident = part.as_ident()?;
                Some(match ident.quote_style {
                    Some('"') => format!("\"{}\"", ident.value.replace('"', "\"\"")),
                    _ => self.ident(ident),
                })
            })
            .collect();
        Some(parts?.join("."))
    }
}

/// `expr` without redundant outer parentheses: `((a > 0))` is `a > 0`.
pub(super) fn strip_parens(mut expr: &Expr) -> &Expr {
    while let Expr::Nested(inner) = expr {
        expr = inner;
    }
    expr
}

/// The 1-based character column where a statement starting on file line
/// `line` with text `sql` begins (1 if it cannot be found).
pub(super) fn start_column(text: &str, line: usize, sql: &str) -> usize {
    let line_text = text.split('\n').nth(line.saturating_sub(1)).unwrap_or("");
    let first = sql.split('\n').next().unwrap_or("");
    line_text
        .find(first)
        .map(|b| line_text[..b].chars().count() + 1)
        .unwrap_or(1)
}

/// Statements that never describe a table, index, enum or comment, by their
/// first word.
const OTHER_STATEMENTS: &[&str] = &[
    "PRAGMA", "SET", "RESET", "SELECT", "INSERT", "UPDATE", "DELETE", "REPLACE", "GRANT", "REVOKE",
    "DO", "LOCK", "UNLOCK", "USE", "BEGIN", "COMMIT", "START", "ROLLBACK", "ANALYZE", "VACUUM",
    "CALL", "EXPLAIN", "SHOW", "DROP",
];

/// Objects after `CREATE` or `ALTER` that the models do not describe.
const OTHER_OBJECTS: &[&str] = &[
    "VIEW",
    "MATERIALIZED",
    "FUNCTION",
    "PROCEDURE",
    "TRIGGER",
    "EVENT",
    "EXTENSION",
    "SEQUENCE",
    "SCHEMA",
    "DATABASE",
    "DOMAIN",
    "POLICY",
    "RULE",
    "ROLE",
    "USER",
    "AGGREGATE",
    "OPERATOR",
    "CAST",
    "COLLATION",
    "PUBLICATION",
    "SUBSCRIPTION",
    "SERVER",
    "LANGUAGE",
    "STATISTICS",
    "CONSTRAINT",
    "DEFAULT",
    "SYSTEM",
    "TABLESPACE",
    // PostgreSQL's text search objects: `ALTER TEXT SEARCH CONFIGURATION
    // ... ADD MAPPING`, which pg_dump writes once per token type.
    "TEXT",
];

/// Whether a statement sqlparser cannot read plainly describes nothing
/// modelled, judged by its first words: `PRAGMA ...`, `CREATE [OR REPLACE]
/// [DEFINER=...] TRIGGER ...`. Anything else (a table, an index, a typo) is
/// not: skipping it could drop a table from the models.
pub(super) fn describes_nothing_modelled(sql: &str) -> bool {
    let mut words = sql
        .split(|c: char| c.is_whitespace() || c == '(')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_uppercase());
    let first = words.next();
    let rest: Vec<String> = words.collect();
    // pg_dump writes `ALTER <kind> <name> OWNER TO <role>` for every object;
    // sqlparser cannot read it for some kinds (types).
    if first.as_deref() == Some("ALTER") && rest.len() == 5 && rest[2] == "OWNER" && rest[3] == "TO"
    {
        return true;
    }
    if sets_storage_only(sql) {
        return true;
    }
    // pg_dump comments on every object that has a comment; sqlparser reads
    // `COMMENT ON` only for some kinds (not CONSTRAINT, TRIGGER, POLICY,
    // RULE...). The models hold table and column comments only.
    if first.as_deref() == Some("COMMENT") && rest.first().is_some_and(|w| w == "ON") {
        return rest
            .get(1)
            .is_some_and(|kind| !matches!(kind.as_str(), "TABLE" | "COLUMN"));
    }
    // pg_dump attaches each partition's index to its partitioned table's:
    // partitions are not modelled.
    if first.as_deref() == Some("ALTER")
        && rest.first().is_some_and(|w| w == "INDEX")
        && rest
            .windows(2)
            .any(|w| w[0] == "ATTACH" && w[1] == "PARTITION")
    {
        return true;
    }
    let mut words = rest.into_iter();
    match first.as_deref() {
        Some("CREATE" | "ALTER") => words
            .find(|w| !matches!(w.as_str(), "OR" | "REPLACE") && !w.starts_with("DEFINER"))
            .is_some_and(|w| OTHER_OBJECTS.contains(&w.as_str())),
        Some(first) => OTHER_STATEMENTS.contains(&first),
        None => false,
    }
}

/// Whether a statement is the boilerplate every dump repeats, which says
/// nothing about the schema's shape: session settings (`SET x = ...`, `RESET
/// x`, pg_dump's `SELECT pg_catalog.set_config('search_path', '', false)`),
/// ownership (`ALTER <object> OWNER TO <role>`, once per object in a
/// pg_dump) and the `DROP <object> IF EXISTS` that mariadb-dump writes
/// before each `CREATE`. Such statements are skipped without a warning. A
/// search path set to a schema is not boilerplate: it changes where the
/// unqualified names that follow live, which the models do not follow.
pub(super) fn is_dump_boilerplate(sql: &str) -> bool {
    let flat = one_line(sql, sql.len()).to_ascii_lowercase();
    let words: Vec<&str> = flat.split_whitespace().collect();
    let sets_search_path = flat.contains("search_path") || flat.starts_with("set schema");
    match words.as_slice() {
        ["select", call, ..] if call.starts_with("pg_catalog.set_config(") => {
            flat.starts_with("select pg_catalog.set_config('search_path', '',")
        }
        ["set" | "reset", ..] => !sets_search_path,
        // mysqldump brackets each table's rows with these (dumps with data).
        ["alter", "table", _, "disable" | "enable", "keys"] => true,
        ["alter", ..] => sets_owner_only(sql),
        // mariadb-dump also drops each trigger, routine, event and sequence
        // before creating it.
        [
            "drop",
            "table" | "view" | "trigger" | "function" | "procedure" | "event" | "sequence",
            "if",
            "exists",
            ..,
        ] => true,
        _ => false,
    }
}

/// The kinds of object `ALTER <kind> ... OWNER TO` gives an owner
/// (PostgreSQL docs, "SQL Commands"), as pg_dump writes it once per object.
/// Longer phrases first: `OPERATOR CLASS` is not the operator `CLASS`.
#[rustfmt::skip]
const OWNED_KINDS: &[&[&str]] = &[
    &["FOREIGN", "DATA", "WRAPPER"], &["TEXT", "SEARCH", "CONFIGURATION"],
    &["TEXT", "SEARCH", "DICTIONARY"], &["MATERIALIZED", "VIEW"], &["FOREIGN", "TABLE"],
    &["EVENT", "TRIGGER"], &["LARGE", "OBJECT"], &["OPERATOR", "CLASS"], &["OPERATOR", "FAMILY"],
    &["PROCEDURAL", "LANGUAGE"], &["AGGREGATE"], &["COLLATION"], &["CONVERSION"], &["DATABASE"],
    &["DOMAIN"], &["EXTENSION"], &["FUNCTION"], &["LANGUAGE"], &["OPERATOR"], &["PROCEDURE"],
    &["PUBLICATION"], &["ROUTINE"], &["SCHEMA"], &["SEQUENCE"], &["SERVER"], &["STATISTICS"],
    &["SUBSCRIPTION"], &["TABLE"], &["TABLESPACE"], &["TYPE"], &["VIEW"],
];

/// Whether `sql` only gives an object an owner: `ALTER <kind> [IF EXISTS]
/// [ONLY] <name>[(<arguments>)] [USING <method>] OWNER TO <role>`, which
/// pg_dump writes for every object it dumps (`ALTER FUNCTION
/// public.f(t timestamp with time zone) OWNER TO lemmy`), and nothing more:
/// a statement with another action (`ALTER TABLE t ADD COLUMN a int, OWNER
/// TO x`) may hide a real change. Read with sqlparser's tokenizer, so
/// quoted names and argument lists may hold anything.
fn sets_owner_only(sql: &str) -> bool {
    use sqlparser::tokenizer::{Token, Tokenizer};
    let dialect = sqlparser::dialect::PostgreSqlDialect {};
    let Ok(tokens) = Tokenizer::new(&dialect, sql).tokenize() else {
        return false;
    };
    let toks: Vec<Token> = tokens
        .into_iter()
        .filter(|t| !matches!(t, Token::Whitespace(_) | Token::EOF))
        .collect();
    let keyword = |t: &Token, k: &str| matches!(t, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(k));
    let mut rest = toks.as_slice();
    while let [init @ .., Token::SemiColon] = rest {
        rest = init;
    }
    let [alter, body @ .., owner, to, Token::Word(_)] = rest else {
        return false;
    };
    if !(keyword(alter, "ALTER") && keyword(owner, "OWNER") && keyword(to, "TO")) {
        return false;
    }
    let Some(kind) = OWNED_KINDS
        .iter()
        .find(|k| k.len() <= body.len() && k.iter().zip(body).all(|(w, t)| keyword(t, w)))
    else {
        return false;
    };
    let mut rest = &body[kind.len()..];
    if let [i, e, tail @ ..] = rest
        && keyword(i, "IF")
        && keyword(e, "EXISTS")
    {
        rest = tail;
    }
    if let [only, tail @ ..] = rest
        && keyword(only, "ONLY")
    {
        rest = tail;
    }
    // The name: words (or a large object's number) joined by dots; an
    // operator's is a symbol, possibly schema-qualified (`public.<->`).
    let operator = *kind == ["OPERATOR"];
    let mut name = 0;
    let mut after_part = false;
    for t in rest {
        let part = match t {
            Token::Period => false,
            _ if keyword(t, "USING") => break,
            Token::Word(_) | Token::Number(..) => true,
            Token::LParen | Token::RParen | Token::Comma | Token::SemiColon => break,
            _ if operator => true,
            _ => return false,
        };
        // Two parts without a dot between them: a clause, not a name.
        if part && after_part && !operator {
            return false;
        }
        after_part = part;
        name += 1;
    }
    if name == 0 {
        return false;
    }
    rest = &rest[name..];
    // A function's, procedure's, aggregate's or operator's argument types.
    if let [Token::LParen, ..] = rest {
        let mut depth = 0usize;
        let mut close = None;
        for (i, t) in rest.iter().enumerate() {
            match t {
                Token::LParen => depth += 1,
                Token::RParen => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(close) = close else {
            return false;
        };
        rest = &rest[close + 1..];
    }
    // An operator class's or family's index method.
    match rest {
        [] => true,
        [using, Token::Word(_)] => keyword(using, "USING"),
        _ => false,
    }
}

/// Whether `sql` is an `ALTER TABLE` that only says how a table is stored,
/// which pg_dump writes and sqlparser 0.64 cannot read: `ALTER TABLE [IF
/// EXISTS] [ONLY] t ALTER [COLUMN] c SET STORAGE|COMPRESSION|STATISTICS v`
/// or `ALTER TABLE [ONLY] t CLUSTER ON index`, one action and nothing more
/// (a statement with a second action may hide a real change). Read with
/// sqlparser's tokenizer, so quoted names may hold anything.
fn sets_storage_only(sql: &str) -> bool {
    use sqlparser::keywords::Keyword;
    use sqlparser::tokenizer::Token;
    let dialect = sqlparser::dialect::PostgreSqlDialect {};
    let Ok(mut p) = sqlparser::parser::Parser::new(&dialect).try_with_sql(sql) else {
        return false;
    };
    if p.expect_keywords(&[Keyword::ALTER, Keyword::TABLE])
        .is_err()
    {
        return false;
    }
    let _ = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
    let _ = p.parse_keyword(Keyword::ONLY);
    if p.parse_object_name(false).is_err() {
        return false;
    }
    let action = if p.parse_keyword(Keyword::ALTER) {
        let _ = p.parse_keyword(Keyword::COLUMN);
        p.parse_identifier().is_ok()
            && p.parse_keyword(Keyword::SET)
            && p.parse_one_of_keywords(&[
                Keyword::STORAGE,
                Keyword::COMPRESSION,
                Keyword::STATISTICS,
            ])
            .is_some()
            && {
                // A word (EXTERNAL, pglz, DEFAULT) or a number, -1 included.
                let _ = p.consume_token(&Token::Minus);
                matches!(p.next_token().token, Token::Word(_) | Token::Number(..))
            }
    } else {
        p.parse_keywords(&[Keyword::CLUSTER, Keyword::ON]) && p.parse_identifier().is_ok()
    };
    let _ = p.consume_token(&Token::SemiColon);
    action && p.peek_token().token == Token::EOF
}

/// The name of the view of `CREATE [OR REPLACE] [MATERIALIZED] VIEW [IF NOT
/// EXISTS] name ...`, read whether or not sqlparser can read the rest. MySQL's
/// `ALGORITHM = ...`, `DEFINER = user@host` and `SQL SECURITY ...` between
/// `CREATE` and `VIEW` (as every mysqldump writes them) are passed over.
pub(super) fn view_name(sql: &str) -> Option<ObjectName> {
    use sqlparser::keywords::Keyword;
    use sqlparser::tokenizer::Token;
    let dialect = sqlparser::dialect::MySqlDialect {};
    let mut p = sqlparser::parser::Parser::new(&dialect)
        .try_with_sql(sql)
        .ok()?;
    p.expect_keyword(Keyword::CREATE).ok()?;
    let _ = p.parse_keywords(&[Keyword::OR, Keyword::REPLACE]);
    let _ = p.parse_keyword(Keyword::MATERIALIZED);
    while !p.parse_keyword(Keyword::VIEW) {
        match p.next_token().token {
            Token::Word(w)
                if matches!(
                    w.keyword,
                    Keyword::ALGORITHM
                        | Keyword::DEFINER
                        | Keyword::SQL
                        | Keyword::SECURITY
                        | Keyword::NoKeyword
                        | Keyword::UNDEFINED
                        | Keyword::MERGE
                        | Keyword::TEMPTABLE
                        | Keyword::INVOKER
                        | Keyword::CURRENT_USER
                ) || w.quote_style.is_some() => {}
            Token::Eq
            | Token::AtSign
            | Token::SingleQuotedString(_)
            | Token::LParen
            | Token::RParen => {}
            _ => return None,
        }
    }
    let _ = p.parse_keywords(&[Keyword::IF, Keyword::NOT, Keyword::EXISTS]);
    p.parse_object_name(false).ok()
}

/// `sql` with the storage parameters of a key blanked: `PRIMARY KEY (id)
/// WITH (fillfactor='50')`, which pg_dump writes for a key whose index has
/// them and sqlparser 0.64 cannot read after a key. The key is modelled, its
/// index's storage is not (as for `CREATE INDEX ... WITH`). `None` if there
/// is no such list. Newlines are kept, so lines still match.
pub(super) fn without_key_storage_parameters(sql: &str) -> Option<String> {
    let upper = sql.to_ascii_uppercase();
    let mut out: Vec<u8> = sql.as_bytes().to_vec();
    let mut found = false;
    for key in ["PRIMARY KEY", "UNIQUE"] {
        let mut from = 0;
        while let Some(at) = upper[from..].find(key) {
            let mut i = from + at + key.len();
            from = i;
            // The column list, then an optional INCLUDE list.
            let Some(end) = list_end(sql, skip_space(sql, i)) else {
                continue;
            };
            i = skip_space(sql, end);
            if upper[i..].starts_with("INCLUDE") {
                match list_end(sql, skip_space(sql, i + "INCLUDE".len())) {
                    Some(end) => i = skip_space(sql, end),
                    None => continue,
                }
            }
            let with = i;
            if !upper[with..].starts_with("WITH") {
                continue;
            }
            let Some(end) = list_end(sql, skip_space(sql, with + "WITH".len())) else {
                continue;
            };
            for byte in &mut out[with..end] {
                if *byte != b'\n' {
                    *byte = b' ';
                }
            }
            found = true;
            from = end;
        }
    }
    // Only ASCII bytes were replaced by ASCII spaces: still UTF-8.
    let text = String::from_utf8(out).ok()?;
    found.then_some(text)
}

/// The byte offset after the first non-space character at or after `at`.
fn skip_space(sql: &str, at: usize) -> usize {
    sql[at..]
        .find(|c: char| !c.is_whitespace())
        .map_or(sql.len(), |n| at + n)
}

/// The byte offset just after the parenthesized list that starts at `open`
/// (quoted names and strings may hold parentheses); `None` if no list starts
/// there or it never closes.
fn list_end(sql: &str, open: usize) -> Option<usize> {
    if !sql[open..].starts_with('(') {
        return None;
    }
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, c) in sql[open..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The kind of a skipped statement, for counting: its first word, and for
/// `CREATE`, `ALTER`, `DROP` and `COMMENT ON` the kind of object (`CREATE
/// FUNCTION`, `ALTER TEXT SEARCH`, `COMMENT ON VIEW`), `OR REPLACE` and
/// MySQL's `DEFINER=...` left out.
pub(super) fn kind_of(sql: &str) -> String {
    let mut words = sql
        .split(|c: char| c.is_whitespace() || c == '(' || c == ';')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_uppercase())
        .filter(|w| !matches!(w.as_str(), "OR" | "REPLACE") && !w.starts_with("DEFINER"));
    let Some(first) = words.next() else {
        return String::new();
    };
    // `CREATE ALGORITHM=UNDEFINED DEFINER=... SQL SECURITY DEFINER VIEW`.
    if first == "CREATE" && view_name(sql).is_some() {
        let upper = sql.to_ascii_uppercase();
        let head = &upper[..upper.find("VIEW").unwrap_or(upper.len())];
        let materialized = head.contains("MATERIALIZED");
        return if materialized {
            "CREATE MATERIALIZED VIEW"
        } else {
            "CREATE VIEW"
        }
        .to_string();
    }
    let mut kind = vec![first.clone()];
    if matches!(first.as_str(), "CREATE" | "ALTER" | "DROP" | "COMMENT") {
        let mut object = words.next();
        if first == "COMMENT" && object.as_deref() == Some("ON") {
            kind.extend(object);
            object = words.next();
        }
        // Objects named in two words.
        let two = matches!(
            object.as_deref(),
            Some("MATERIALIZED" | "TEXT" | "FOREIGN" | "EVENT" | "DEFAULT" | "CONSTRAINT")
        );
        kind.extend(object);
        if two {
            kind.extend(words.next());
        }
    }
    kind.join(" ")
}

/// The sequence of `ALTER SEQUENCE [IF EXISTS] <name> OWNED BY
/// <table>.<column>`, which sqlparser 0.64 cannot read and pg_dump writes for
/// every `serial` column. Read with sqlparser's own name parser rather than
/// split on spaces: pg_dump quotes a name that needs it and qualifies it with
/// its schema (`public."Audit Log_id_seq"`), and a quoted name may hold spaces
/// or dots. `OWNED BY NONE` gives the sequence to no column: `None`.
pub(super) fn sequence_owned_by(sql: &str) -> Option<ObjectName> {
    use sqlparser::keywords::Keyword;
    use sqlparser::tokenizer::Token;
    let dialect = sqlparser::dialect::PostgreSqlDialect {};
    let mut p = sqlparser::parser::Parser::new(&dialect)
        .try_with_sql(sql)
        .ok()?;
    p.expect_keywords(&[Keyword::ALTER, Keyword::SEQUENCE])
        .ok()?;
    let _ = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
    let name = p.parse_object_name(false).ok()?;
    p.expect_keywords(&[Keyword::OWNED, Keyword::BY]).ok()?;
    if p.parse_keyword(Keyword::NONE) {
        return None;
    }
    // `table.column` or `schema.table.column`.
    let column = p.parse_object_name(false).ok()?;
    let _ = p.consume_token(&Token::SemiColon);
    (column.0.len() >= 2 && p.peek_token().token == Token::EOF).then_some(name)
}

/// The beginning of a statement for a message: its first words on one line,
/// about 60 characters, with ` ...` when cut.
pub(super) fn beginning(sql: &str) -> String {
    const MAX: usize = 60;
    let flat = one_line(sql, sql.len());
    let mut out = String::new();
    for word in flat.split(' ') {
        if !out.is_empty() && out.chars().count() + 1 + word.chars().count() > MAX {
            out.push_str(" ...");
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.chars().count() > MAX {
        out = out.chars().take(MAX).collect();
        out.push_str(" ...");
    }
    out
}

/// Splits sqlparser's `"... at Line: L, Column: C"` into the message and the
/// location.
pub(super) fn split_location(message: &str) -> (&str, Option<(usize, usize)>) {
    let Some(at) = message.rfind(" at Line: ") else {
        return (message, None);
    };
    let rest = &message[at + " at Line: ".len()..];
    let parsed = rest
        .split_once(", Column: ")
        .and_then(|(line, column)| Some((line.trim().parse().ok()?, column.trim().parse().ok()?)));
    match parsed {
        Some(location) => (&message[..at], Some(location)),
        None => (message, None),
    }
}

/// `CREATE DOMAIN name [AS] definition` read as text, for the forms sqlparser
/// 0.64 cannot parse (`NOT NULL`, `NULL`, named constraints): the name, and
/// the definition as written (the models' to create, never compared).
pub(super) fn domain_text(sql: &str) -> Option<(ObjectName, &str)> {
    let rest = strip_word(sql.trim_start(), "CREATE")?;
    let rest = strip_word(rest, "DOMAIN")?;
    // The name: words and quoted parts joined by dots, up to the first space
    // outside quotes.
    let mut end = 0;
    let mut quoted = false;
    for (i, c) in rest.char_indices() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => break,
            _ => {}
        }
        end = i + c.len_utf8();
    }
    let name = sqlparser::parser::Parser::new(&sqlparser::dialect::PostgreSqlDialect {})
        .try_with_sql(&rest[..end])
        .and_then(|mut p| p.parse_object_name(false))
        .ok()?;
    let definition = rest[end..].trim_start();
    let definition = strip_word(definition, "AS").unwrap_or(definition).trim();
    (!definition.is_empty()).then_some((name, definition))
}

/// `text` after its first word when that word is `word` (any case), with the
/// whitespace after it.
fn strip_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let head = text.get(..word.len())?;
    let rest = &text[word.len()..];
    (head.eq_ignore_ascii_case(word) && rest.starts_with(char::is_whitespace))
        .then(|| rest.trim_start())
}

/// How much of an identity's sequence options [`without_unread_lists`]
/// blanks.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum IdentityLists {
    /// Only `SEQUENCE NAME x`, which pg_dump writes in every identity's list
    /// and sqlparser 0.64 cannot read; the options beside it stay.
    SequenceName,
    /// The whole list, when what remains is still unreadable (reported).
    Whole,
}

/// What [`without_unread_lists`] says about a list it blanked whole.
const IDENTITY_WARNING: &str = "the sequence options after AS IDENTITY cannot be read and are not modelled (a revision creates the identity with the database's defaults); ignored";

/// Clauses sqlparser 0.64 cannot read: in the parenthesized list after each
/// of these words, a part is blanked before a second parse. pg_dump writes
/// `AS IDENTITY (SEQUENCE NAME x START WITH 1 ...)` for every identity
/// column: the sequence's name is not modelled (PostgreSQL names it
/// `<table>_<column>_seq`) and goes unmentioned, the options are kept
/// ([`IdentityLists`]). PostgreSQL 15's `ON DELETE SET NULL (columns)`
/// limits the action to some columns (reported: the key is modelled acting
/// on all of them).
const UNREAD_LISTS: [(&str, Option<&str>); 3] = [
    ("AS IDENTITY", None),
    (
        "SET NULL",
        Some(
            "the column list after SET NULL is not modelled (the action applies to all the key's columns); ignored",
        ),
    ),
    (
        "SET DEFAULT",
        Some(
            "the column list after SET DEFAULT is not modelled (the action applies to all the key's columns); ignored",
        ),
    ),
];

/// `sql` with the lists of [`UNREAD_LISTS`] blanked (newlines kept, so lines
/// still match; of an identity's list as much as `identity` says), and the
/// warnings to give; `None` if nothing was blanked.
pub(super) fn without_unread_lists(
    sql: &str,
    identity: IdentityLists,
) -> Option<(String, Vec<&'static str>)> {
    let upper = sql.to_ascii_uppercase();
    let mut out: Vec<u8> = sql.as_bytes().to_vec();
    let mut blank = |range: std::ops::Range<usize>| {
        for byte in &mut out[range] {
            if *byte != b'\n' {
                *byte = b' ';
            }
        }
    };
    let mut found = false;
    let mut reported = Vec::new();
    for (words, warning) in UNREAD_LISTS {
        let mut from = 0;
        while let Some(at) = upper[from..].find(words) {
            let after = from + at + words.len();
            from = after;
            let open = skip_space(sql, after);
            let Some(end) = list_end(sql, open) else {
                continue;
            };
            from = end;
            let (range, warning) = match (warning, identity) {
                (Some(warning), _) => (open..end, Some(warning)),
                (None, IdentityLists::Whole) => (open..end, Some(IDENTITY_WARNING)),
                (None, IdentityLists::SequenceName) => {
                    match sequence_name_clause(&upper, open + 1, end - 1) {
                        Some(range) => (range, None),
                        None => continue,
                    }
                }
            };
            blank(range);
            found = true;
            if let Some(warning) = warning
                && !reported.contains(&warning)
            {
                reported.push(warning);
            }
        }
    }
    // Whole characters were replaced by ASCII spaces: still UTF-8.
    let text = String::from_utf8(out).ok()?;
    found.then_some((text, reported))
}

/// The bytes of `SEQUENCE NAME <name>` between `from` and `to` of `upper`
/// (an upper-cased statement), the name possibly qualified and quoted.
fn sequence_name_clause(upper: &str, from: usize, to: usize) -> Option<std::ops::Range<usize>> {
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let mut search = from;
    let start = loop {
        let at = search + upper[search..to].find("SEQUENCE")?;
        search = at + "SEQUENCE".len();
        let before = upper[..at].chars().next_back();
        if before.is_none_or(|c| !word(c)) {
            break at;
        }
    };
    let name_word = skip_space(upper, start + "SEQUENCE".len());
    let rest = upper.get(name_word..to)?;
    let after_name_word = rest.strip_prefix("NAME")?;
    if !after_name_word.starts_with(char::is_whitespace) {
        return None;
    }
    // One or more parts, `"quoted"` (with `""` inside) or bare, joined by `.`.
    let mut i = skip_space(upper, name_word + "NAME".len());
    loop {
        let part = &upper[i..to];
        let len = if let Some(quoted) = part.strip_prefix('"') {
            let mut j = 0;
            loop {
                let close = quoted[j..].find('"')? + j;
                if quoted[close + 1..].starts_with('"') {
                    j = close + 2;
                } else {
                    break close + 2;
                }
            }
        } else {
            part.find(|c: char| !word(c)).unwrap_or(part.len())
        };
        if len == 0 {
            return None;
        }
        i += len;
        if upper[i..to].starts_with('.') {
            i += 1;
        } else {
            return Some(start..i);
        }
    }
}
