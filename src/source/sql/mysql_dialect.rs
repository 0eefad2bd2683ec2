//! The sqlparser dialect MySQL and MariaDB models are parsed with:
//! sqlparser's own [`MySqlDialect`], plus the column options and type names
//! of MySQL and MariaDB that it does not read, through the hooks sqlparser
//! gives a dialect for that ([`Dialect::parse_column_option`],
//! [`Dialect::parse_data_type`]). The parser calls them exactly where a
//! column option or a type may stand, in `CREATE TABLE` and in `ALTER TABLE
//! ... ADD/MODIFY/CHANGE` alike, so no text is rewritten for these:
//!
//! * `CHARSET x` on a column, a synonym of `CHARACTER SET x` (MySQL Reference
//!   Manual, "Column Character Set and Collation"; sqlparser reads the synonym
//!   only as a table option), read as `CHARACTER SET`;
//! * `NATIONAL CHAR(n)`, `NATIONAL VARCHAR(n)`, `NATIONAL CHARACTER
//!   VARYING(n)`, `NCHAR VARCHAR(n)`, `NCHAR VARYING(n)`: the national types,
//!   which use utf8mb3 (MySQL Reference Manual, "The CHAR and VARCHAR Types";
//!   MariaDB alike), read as `NCHAR(n)` and `NVARCHAR(n)`, the spellings
//!   sqlparser already reads and the MySQL normalizer knows;
//! * `LONG VARCHAR`, `LONG CHAR VARYING` and `LONG VARBINARY`, MEDIUMTEXT
//!   and MEDIUMBLOB (MySQL Reference Manual, "Using Data Types from Other
//!   Database Engines"), read as written for the normalizer;
//! * the legacy attributes of a text column (MySQL Reference Manual, "String
//!   Data Type Syntax"; MariaDB KB, "CHAR", "VARCHAR"): `ASCII`, `CHARACTER
//!   SET latin1`; `UNICODE`, `CHARACTER SET ucs2`; `BYTE`, `CHARACTER SET
//!   binary` (the type's binary counterpart, `CHAR BYTE` is `BINARY`); read
//!   as `CHARACTER SET`. `BINARY`, the `_bin` collation of the column's
//!   character set, and `SERIAL DEFAULT VALUE` on an integer column (`NOT
//!   NULL AUTO_INCREMENT UNIQUE`, MySQL Reference Manual, "Numeric Data Type
//!   Syntax") are read as dialect-specific options for the model reader to
//!   resolve;
//! * storage attributes of a column that the model has no place for, read as
//!   dialect-specific options so that the model reader warns of each:
//!   MariaDB's `COMPRESSED[=zlib]` (MariaDB KB, "Storage-Engine Independent
//!   Column Compression"), `REF_SYSTEM_ID=n` (MariaDB's SRID of a geometry
//!   column) and `WITH`/`WITHOUT SYSTEM VERSIONING` (MariaDB KB,
//!   "System-Versioned Tables"), MySQL's NDB `COLUMN_FORMAT` and `STORAGE`.
//!
//! Everything else is [`MySqlDialect`]'s: this dialect reports its type id,
//! so sqlparser's `dialect_of!(... is MySqlDialect)` checks hold, and
//! forwards every method [`MySqlDialect`] overrides (the list follows
//! sqlparser 0.64's `dialect/mysql.rs`; check it when upgrading sqlparser).

use std::any::TypeId;

use sqlparser::ast::{ColumnOption, DataType, Expr, Ident, ObjectName, Statement, TypeModifier};
use sqlparser::dialect::{BindPlaceholderStyle, Dialect, MySqlDialect};
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

/// MySQL and MariaDB as the model reader parses them (see the module docs).
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct MysqlModels;

const BASE: MySqlDialect = MySqlDialect {};

/// Forwards methods that take only `&self` and plain values to [`BASE`].
macro_rules! forward {
    ($( fn $name:ident(&self $(, $arg:ident: $ty:ty)*) -> $ret:ty; )*) => {
        $( fn $name(&self $(, $arg: $ty)*) -> $ret { BASE.$name($($arg),*) } )*
    };
}

impl Dialect for MysqlModels {
    fn dialect(&self) -> TypeId {
        TypeId::of::<MySqlDialect>()
    }

    forward! {
        fn supports_string_literal_table_alias(&self, explicit: bool) -> bool;
        fn is_identifier_start(&self, ch: char) -> bool;
        fn is_identifier_part(&self, ch: char) -> bool;
        fn is_delimited_identifier_start(&self, ch: char) -> bool;
        fn identifier_quote_style(&self, identifier: &str) -> Option<char>;
        fn ordered_bind_placeholder_style(&self) -> Option<BindPlaceholderStyle>;
        fn supports_string_literal_backslash_escape(&self) -> bool;
        fn supports_string_literal_concatenation(&self) -> bool;
        fn ignores_wildcard_escapes(&self) -> bool;
        fn supports_numeric_prefix(&self) -> bool;
        fn supports_literal_prefix_in_qualified_name(&self) -> bool;
        fn supports_bitwise_shift_operators(&self) -> bool;
        fn supports_singular_value_keyword(&self) -> bool;
        fn supports_multiline_comment_hints(&self) -> bool;
        fn require_interval_qualifier(&self) -> bool;
        fn supports_limit_comma(&self) -> bool;
        fn supports_create_table_select(&self) -> bool;
        fn supports_insert_set(&self) -> bool;
        fn supports_user_host_grantee(&self) -> bool;
        fn supports_table_hints(&self) -> bool;
        fn requires_single_line_comment_whitespace(&self) -> bool;
        fn supports_hash_comment(&self) -> bool;
        fn supports_match_against(&self) -> bool;
        fn supports_select_modifiers(&self) -> bool;
        fn supports_set_names(&self) -> bool;
        fn supports_comma_separated_set_assignments(&self) -> bool;
        fn supports_alter_column_position(&self) -> bool;
        fn supports_update_order_by(&self) -> bool;
        fn supports_data_type_signed_suffix(&self) -> bool;
        fn supports_data_type_zerofill_suffix(&self) -> bool;
        fn supports_cross_join_constraint(&self) -> bool;
        fn supports_double_ampersand_operator(&self) -> bool;
        fn supports_binary_kw_as_cast(&self) -> bool;
        fn supports_table_partitions(&self) -> bool;
        fn supports_comment_optimizer_hint(&self) -> bool;
        fn supports_constraint_keyword_without_name(&self) -> bool;
        fn supports_key_column_option(&self) -> bool;
        fn supports_group_by_with_modifier(&self) -> bool;
        fn supports_left_associative_joins_without_parens(&self) -> bool;
    }

    fn parse_infix(
        &self,
        parser: &mut Parser,
        expr: &Expr,
        precedence: u8,
    ) -> Option<Result<Expr, ParserError>> {
        BASE.parse_infix(parser, expr, precedence)
    }

    fn parse_statement(&self, parser: &mut Parser) -> Option<Result<Statement, ParserError>> {
        BASE.parse_statement(parser)
    }

    fn is_table_factor_alias(&self, explicit: bool, kw: &Keyword, parser: &mut Parser) -> bool {
        BASE.is_table_factor_alias(explicit, kw, parser)
    }

    fn get_next_precedence(&self, parser: &Parser) -> Option<Result<u8, ParserError>> {
        BASE.get_next_precedence(parser)
    }

    fn parse_data_type(&self, parser: &mut Parser) -> Option<Result<DataType, ParserError>> {
        long_type(parser).or_else(|| national_type(parser))
    }

    fn parse_column_option(
        &self,
        parser: &mut Parser,
    ) -> Result<Option<Result<Option<ColumnOption>, ParserError>>, ParserError> {
        Ok(column_option(parser).map(|r| r.map(Some)))
    }
}

/// Whether the next token is the unquoted word `word` (also one sqlparser
/// has no keyword for).
fn next_is(parser: &Parser, n: usize, word: &str) -> bool {
    matches!(&parser.peek_nth_token_ref(n).token,
        Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(word))
}

/// `LONG VARCHAR`, `LONG CHAR VARYING` or `LONG VARBINARY` (see the module
/// docs), or `None` (nothing consumed) for any other type; `LONG` alone
/// sqlparser reads already.
fn long_type(parser: &mut Parser) -> Option<Result<DataType, ParserError>> {
    if !next_is(parser, 0, "LONG") {
        return None;
    }
    let words: &[&str] = if next_is(parser, 1, "VARCHAR") {
        &["LONG", "VARCHAR"]
    } else if next_is(parser, 1, "VARBINARY") {
        &["LONG", "VARBINARY"]
    } else if next_is(parser, 1, "CHAR") && next_is(parser, 2, "VARYING") {
        &["LONG", "CHAR", "VARYING"]
    } else {
        return None;
    };
    for _ in words {
        parser.next_token();
    }
    let name = Ident::new(words.join(" "));
    Some(Ok(DataType::Custom(
        ObjectName::from(vec![name]),
        Vec::new(),
    )))
}

/// A national character type (see the module docs), or `None` (nothing
/// consumed) for any other type.
fn national_type(parser: &mut Parser) -> Option<Result<DataType, ParserError>> {
    // NATIONAL CHAR[ACTER] [VARYING] | NATIONAL VARCHAR | NCHAR {VARYING | VARCHAR}
    let national = next_is(parser, 0, "NATIONAL");
    let fixed = national && (next_is(parser, 1, "CHAR") || next_is(parser, 1, "CHARACTER"));
    let varying = (national && next_is(parser, 1, "VARCHAR"))
        || (next_is(parser, 0, "NCHAR")
            && (next_is(parser, 1, "VARYING") || next_is(parser, 1, "VARCHAR")));
    if !fixed && !varying {
        return None;
    }
    parser.next_token();
    parser.next_token();
    let varying = varying || parser.parse_keyword(Keyword::VARYING);
    Some(parser.parse_optional_character_length().map(|length| {
        if varying {
            DataType::Nvarchar(length)
        } else {
            let length = length.map(|l| TypeModifier::Number(l.to_string(), false));
            DataType::Custom(
                ObjectName::from(vec![Ident::new("NCHAR")]),
                length.into_iter().collect(),
            )
        }
    }))
}

/// A column option of the module docs' list, or `None` (nothing consumed)
/// for sqlparser to read.
fn column_option(parser: &mut Parser) -> Option<Result<ColumnOption, ParserError>> {
    if parser.peek_keyword(Keyword::CHARSET) {
        parser.next_token();
        return Some(
            parser
                .parse_object_name(false)
                .map(ColumnOption::CharacterSet),
        );
    }
    // The legacy shorthands for a character set.
    for (word, charset) in [("ASCII", "latin1"), ("UNICODE", "ucs2"), ("BYTE", "binary")] {
        if next_is(parser, 0, word) {
            parser.next_token();
            let name = ObjectName::from(vec![Ident::new(charset)]);
            return Some(Ok(ColumnOption::CharacterSet(name)));
        }
    }
    // `BINARY` after a text type, and `SERIAL DEFAULT VALUE`: taken as
    // written, for the model reader to resolve.
    let serial = next_is(parser, 0, "SERIAL")
        && next_is(parser, 1, "DEFAULT")
        && next_is(parser, 2, "VALUE");
    if serial || next_is(parser, 0, "BINARY") {
        let words = if serial { 3 } else { 1 };
        let tokens = (0..words).map(|_| parser.next_token().token).collect();
        return Some(Ok(ColumnOption::DialectSpecific(tokens)));
    }
    // Each taken whole, as written, for the model reader: (how many words
    // name it, whether a value follows). `REF_SYSTEM_ID=4326`, `COLUMN_FORMAT
    // FIXED`, `STORAGE DISK` take one, after an optional `=`; `COMPRESSED`
    // may name its method, `COMPRESSED=zlib`.
    let (words, valued) = if next_is(parser, 0, "COMPRESSED") {
        (1, false)
    } else if ["REF_SYSTEM_ID", "COLUMN_FORMAT", "STORAGE"]
        .iter()
        .any(|w| next_is(parser, 0, w))
    {
        (1, true)
    } else if (next_is(parser, 0, "WITH") || next_is(parser, 0, "WITHOUT"))
        && next_is(parser, 1, "SYSTEM")
        && next_is(parser, 2, "VERSIONING")
    {
        (3, false)
    } else {
        return None;
    };
    let mut tokens: Vec<Token> = (0..words).map(|_| parser.next_token().token).collect();
    if parser.consume_token(&Token::Eq) {
        tokens.push(Token::Eq);
        tokens.push(parser.next_token().token);
    } else if valued {
        tokens.push(parser.next_token().token);
    }
    Some(Ok(ColumnOption::DialectSpecific(tokens)))
}
