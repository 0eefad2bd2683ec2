//! PostgreSQL grammar sqlparser does not read, mended token by token before
//! parsing, so that pg_dump's output reads as models:
//!
//! * `CREATE INDEX ... ON ONLY t (...)`: pg_dump creates the index of a
//!   partitioned table on the table alone, then each partition's index and
//!   `ALTER INDEX ... ATTACH PARTITION` (PostgreSQL docs, "CREATE INDEX":
//!   `ONLY` "indicates not to recurse creating indexes on partitions").
//!   The models hold no partitions, so the index is the table's index
//!   either way: `ONLY` is dropped.
//!
//! Nothing else changes: a statement that parses as written parses to the
//! same tree.

use sqlparser::tokenizer::{Token, TokenWithSpan};

/// `tokens` with PostgreSQL's grammar spelled the way sqlparser reads it.
pub(super) fn mend(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let word = |t: &TokenWithSpan, k: &str| matches!(&t.token, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(k));
    let significant: Vec<usize> = tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| !matches!(t.token, Token::Whitespace(_)))
        .map(|(i, _)| i)
        .take(12)
        .collect();
    let at = |n: usize| significant.get(n).map(|&i| &tokens[i]);
    let creates_index = at(0).is_some_and(|t| word(t, "CREATE"))
        && (at(1).is_some_and(|t| word(t, "INDEX"))
            || (at(1).is_some_and(|t| word(t, "UNIQUE"))
                && at(2).is_some_and(|t| word(t, "INDEX"))));
    if !creates_index {
        return tokens;
    }
    // The first ON of the statement (a name cannot be the bare keyword ON),
    // followed by ONLY.
    let only = significant
        .windows(2)
        .find(|w| word(&tokens[w[0]], "ON"))
        .filter(|w| word(&tokens[w[1]], "ONLY"))
        .map(|w| w[1]);
    match only {
        Some(i) => tokens
            .into_iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, t)| t)
            .collect(),
        None => tokens,
    }
}

#[cfg(test)]
mod tests {
    use sqlparser::dialect::PostgreSqlDialect;
    use sqlparser::parser::Parser;
    use sqlparser::tokenizer::Tokenizer;

    fn parsed(sql: &str) -> Result<String, String> {
        let dialect = PostgreSqlDialect {};
        let tokens = Tokenizer::new(&dialect, sql)
            .tokenize_with_location()
            .map_err(|e| e.to_string())?;
        Parser::new(&dialect)
            .with_tokens_with_locations(super::mend(tokens))
            .parse_statements()
            .map(|s| s[0].to_string())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn an_index_on_only_the_partitioned_table_is_its_index() {
        assert_eq!(
            parsed("CREATE INDEX p_k ON ONLY public.p USING btree (k)").unwrap(),
            "CREATE INDEX p_k ON public.p USING BTREE (k)"
        );
        assert_eq!(
            parsed("CREATE UNIQUE INDEX IF NOT EXISTS u ON ONLY p (k)").unwrap(),
            "CREATE UNIQUE INDEX IF NOT EXISTS u ON p(k)"
        );
        // A table named "only" stays; other statements are not touched.
        assert_eq!(
            parsed("CREATE INDEX i ON \"only\" (k)").unwrap(),
            "CREATE INDEX i ON \"only\"(k)"
        );
        assert!(parsed("SELECT 1").is_ok());
    }
}
