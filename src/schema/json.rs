//! The versioned JSON form of [`Schema`]: what `revise schema --json` prints and
//! what `[models] json = "schema.json"` (or an export command) provides.
//!
//! ```json
//! { "format": "revise-schema", "version": 1,
//!   "tables": [ { "name": "users",
//!                 "columns": [ { "name": "id", "type": "integer", "nullable": false } ],
//!                 "primary_key": { "columns": ["id"] } } ] }
//! ```
//!
//! Unknown fields and versions newer than [`VERSION`] are errors that name the
//! file, line and field: a model read wrongly would produce a wrong migration.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Composite, Domain, EnumType, Extension, Schema, Sequence, Table};
use crate::error::{Error, Result};

/// The value of the `format` field.
pub const FORMAT: &str = "revise-schema";
/// The newest format version this build reads and the one it writes.
pub const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    format: String,
    version: u32,
    #[serde(default)]
    tables: Vec<Table>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    enums: Vec<EnumType>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    extensions: Vec<Extension>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    schemas: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    sequences: Vec<Sequence>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    domains: Vec<Domain>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    composites: Vec<Composite>,
}

/// Prints `schema` as the JSON model format.
pub fn to_json(schema: &Schema) -> String {
    let doc = Document {
        format: FORMAT.into(),
        version: VERSION,
        tables: schema.tables.clone(),
        enums: schema.enums.clone(),
        extensions: schema.extensions.clone(),
        schemas: schema.schemas.clone(),
        sequences: schema.sequences.clone(),
        domains: schema.domains.clone(),
        composites: schema.composites.clone(),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// Whether `text` looks like the JSON model format (for export commands whose
/// output may be JSON or SQL).
pub fn looks_like_json(text: &str) -> bool {
    text.trim_start().starts_with('{')
}

/// Reads the JSON model format; `path` names the source in errors.
pub fn from_json(path: &Path, text: &str) -> Result<Schema> {
    let err = |line: usize, message: String| Error::parse(path, line.max(1), message);
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| err(e.line(), format!("not JSON: {e}")))?;
    match value.get("format").and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        Some(other) => return Err(err(1, format!("format is '{other}', expected '{FORMAT}'"))),
        None => {
            return Err(err(
                1,
                format!("no \"format\": \"{FORMAT}\" field; is this a revise schema file?"),
            ));
        }
    }
    match value.get("version") {
        None => {
            return Err(err(
                1,
                format!("no \"version\" field; this revise writes {VERSION}"),
            ));
        }
        Some(serde_json::Value::Number(n)) => match n.as_i64() {
            Some(v) if (1..=i64::from(VERSION)).contains(&v) => {}
            Some(v) if v < 1 => {
                return Err(err(
                    1,
                    format!("version {v} is not a valid format version (versions start at 1)"),
                ));
            }
            Some(v) => {
                return Err(err(
                    1,
                    format!(
                        "format version {v} is newer than this revise understands ({VERSION}); upgrade revise"
                    ),
                ));
            }
            None if n.as_u64().is_some() => {
                return Err(err(
                    1,
                    format!(
                        "format version {n} is newer than this revise understands ({VERSION}); upgrade revise"
                    ),
                ));
            }
            None => {
                return Err(err(
                    1,
                    format!("version must be an integer, not {n} (write {VERSION})"),
                ));
            }
        },
        Some(other) => {
            return Err(err(
                1,
                format!("version must be an integer, not {other} (write {VERSION})"),
            ));
        }
    }
    let doc: Document = serde_json::from_str(text).map_err(|e| err(e.line(), e.to_string()))?;
    Ok(Schema {
        tables: doc.tables,
        enums: doc.enums,
        extensions: doc.extensions,
        schemas: doc.schemas,
        sequences: doc.sequences,
        domains: doc.domains,
        composites: doc.composites,
        table_names_case_sensitive: None,
        unique_keys_on_whole_text: None,
        generated_columns_take_not_null: None,
        expression_indexes: None,
        default_collations: Default::default(),
        taken_names: Default::default(),
        default_schema: None,
        dependents: Vec::new(),
        other_relations: Vec::new(),
    })
}

/// The 1-based line where the value at `path` (`tables[2].columns[1]`, the
/// form [`crate::source`]'s checks name objects by) starts in `text`, if the
/// text holds it. A small scan of the JSON tokens: serde's values keep no
/// positions.
pub fn line_of(text: &str, path: &str) -> Option<usize> {
    enum Frame {
        Object {
            key: Option<String>,
            wants_key: bool,
        },
        Array {
            index: usize,
        },
    }
    fn current(stack: &[Frame]) -> String {
        let mut out = String::new();
        for f in stack {
            match f {
                Frame::Object { key: Some(k), .. } => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Frame::Object { key: None, .. } => {}
                Frame::Array { index } => out.push_str(&format!("[{index}]")),
            }
        }
        out
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut line = 1;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\n' => line += 1,
            c if c.is_whitespace() || c == ':' => {}
            ',' => match stack.last_mut() {
                Some(Frame::Object { wants_key, .. }) => *wants_key = true,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            '}' | ']' => {
                stack.pop();
            }
            _ => {
                let mut string = String::new();
                let is_key = ch == '"'
                    && matches!(
                        stack.last(),
                        Some(Frame::Object {
                            wants_key: true,
                            ..
                        })
                    );
                if !is_key && current(&stack) == path {
                    return Some(line);
                }
                match ch {
                    '"' => {
                        while let Some(c) = chars.next() {
                            match c {
                                '\\' => {
                                    if let Some(e) = chars.next() {
                                        string.push(e);
                                    }
                                }
                                '"' => break,
                                '\n' => {
                                    line += 1;
                                    string.push(c);
                                }
                                _ => string.push(c),
                            }
                        }
                        if let Some(Frame::Object { key, wants_key }) = stack.last_mut()
                            && *wants_key
                        {
                            *key = Some(string);
                            *wants_key = false;
                        }
                    }
                    '{' => stack.push(Frame::Object {
                        key: None,
                        wants_key: true,
                    }),
                    '[' => stack.push(Frame::Array { index: 0 }),
                    _ => {
                        while chars
                            .peek()
                            .is_some_and(|c| !matches!(c, ',' | '}' | ']') && !c.is_whitespace())
                        {
                            chars.next();
                        }
                    }
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Column, FkAction, ForeignKey, Identity, Index, IndexPart, PrimaryKey};

    fn sample() -> Schema {
        let mut users = Table::new("users");
        users.columns = vec![
            Column {
                identity: Some(Identity::ByDefault),
                nullable: false,
                ..Column::new("id", "bigint")
            },
            Column::new("email", "varchar(200)"),
        ];
        users.primary_key = Some(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
            column_options: Vec::new(),
            deferrable: Default::default(),
        });
        users.indexes = vec![Index {
            name: Some("ix_email".into()),
            unique: true,
            parts: vec![IndexPart {
                opclass: Some("varchar_pattern_ops".into()),
                ..IndexPart::column("email")
            }],
            include: vec!["id".into()],
            ..Default::default()
        }];
        let mut posts = Table::new("posts");
        posts.columns = vec![Column::new("user_id", "bigint")];
        posts.foreign_keys = vec![ForeignKey {
            columns: vec!["user_id".into()],
            ref_table: "users".into(),
            ref_columns: vec!["id".into()],
            on_delete: FkAction::Cascade,
            deferrable: crate::schema::Deferrable::InitiallyDeferred,
            ..Default::default()
        }];
        Schema {
            tables: vec![users, posts],
            enums: vec![EnumType {
                schema: None,
                name: "mood".into(),
                values: vec!["ok".into()],
            }],
            extensions: vec![Extension {
                name: "citext".into(),
                schema: None,
            }],
            schemas: vec!["billing".into()],
            sequences: vec![Sequence {
                schema: None,
                name: "order_no_seq".into(),
                options: Some(" START WITH 1000".into()),
                owned_by: None,
            }],
            domains: vec![Domain {
                schema: None,
                name: "email".into(),
                definition: "text CHECK (VALUE LIKE '%@%')".into(),
            }],
            composites: vec![crate::schema::Composite {
                schema: None,
                name: "pt".into(),
                attributes: vec![
                    crate::schema::CompositeAttribute {
                        name: "x".into(),
                        ty: "integer".into(),
                    },
                    crate::schema::CompositeAttribute {
                        name: "y".into(),
                        ty: "text".into(),
                    },
                ],
            }],
            table_names_case_sensitive: None,
            unique_keys_on_whole_text: None,
            generated_columns_take_not_null: None,
            expression_indexes: None,
            default_collations: Default::default(),
            taken_names: Default::default(),
            default_schema: None,
            dependents: Vec::new(),
            other_relations: Vec::new(),
        }
    }

    #[test]
    fn round_trips() {
        let s = sample();
        let text = to_json(&s);
        assert!(text.contains("\"format\": \"revise-schema\""));
        assert!(
            text.contains("\"deferrable\": \"initially_deferred\""),
            "{text}"
        );
        assert_eq!(from_json(Path::new("s.json"), &text).unwrap(), s);
    }

    #[test]
    fn defaults_keep_documents_short() {
        let text = r#"{"format": "revise-schema", "version": 1, "tables": [{"name": "t", "columns": [{"name": "a", "type": "text"}]}]}"#;
        let s = from_json(Path::new("s.json"), text).unwrap();
        assert!(s.tables[0].columns[0].nullable);
        assert!(!s.tables[0].columns[0].invisible);
        assert!(!to_json(&s).contains("invisible"));
    }

    #[test]
    fn invisible_columns_round_trip() {
        let text = r#"{"format": "revise-schema", "version": 1, "tables": [{"name": "t", "columns": [{"name": "a", "type": "int"}, {"name": "b", "type": "int", "invisible": true}]}]}"#;
        let s = from_json(Path::new("s.json"), text).unwrap();
        assert!(s.tables[0].columns[1].invisible);
        assert_eq!(from_json(Path::new("s.json"), &to_json(&s)).unwrap(), s);
    }

    #[test]
    fn index_comments_and_ignored_indexes_round_trip() {
        let text = r#"{"format": "revise-schema", "version": 1, "tables": [{"name": "t", "columns": [{"name": "a", "type": "int"}],
            "indexes": [{"name": "ix", "parts": [{"value": "a"}], "comment": "for reports", "ignored": true},
                        {"name": "iy", "parts": [{"value": "a"}]}]}]}"#;
        let s = from_json(Path::new("s.json"), text).unwrap();
        let indexes = &s.tables[0].indexes;
        assert_eq!(indexes[0].comment.as_deref(), Some("for reports"));
        assert!(indexes[0].ignored);
        assert!(indexes[1].comment.is_none() && !indexes[1].ignored);
        let json = to_json(&s);
        assert_eq!(json.matches("ignored").count(), 1, "{json}");
        assert_eq!(from_json(Path::new("s.json"), &json).unwrap(), s);
    }

    #[test]
    fn identity_options_are_optional_and_round_trip() {
        // A document written before the field existed reads as before, and a
        // column without options prints no trace of them.
        let old = r#"{"format": "revise-schema", "version": 1, "tables": [{"name": "t", "columns": [{"name": "id", "type": "bigint", "identity": "by_default"}]}]}"#;
        let s = from_json(Path::new("s.json"), old).unwrap();
        assert_eq!(s.tables[0].columns[0].identity_options, None);
        assert!(!to_json(&s).contains("identity_options"));
        let text = r#"{"format": "revise-schema", "version": 1, "tables": [{"name": "t", "columns": [{"name": "id", "type": "bigint", "identity": "by_default", "identity_options": {"start": 1000, "increment": -5, "min_value": -9000, "max_value": 9000, "cache": 3, "cycle": true}}]}]}"#;
        let s = from_json(Path::new("s.json"), text).unwrap();
        let o = s.tables[0].columns[0].identity_options.as_deref().unwrap();
        assert_eq!(
            *o,
            crate::schema::IdentityOptions {
                start: Some(1000),
                increment: Some(-5),
                min_value: Some(-9000),
                max_value: Some(9000),
                cache: Some(3),
                cycle: true,
            }
        );
        assert_eq!(from_json(Path::new("s.json"), &to_json(&s)).unwrap(), s);
        // Only the start: the rest is left out of the printed form.
        let text = text.replace(
            r#"{"start": 1000, "increment": -5, "min_value": -9000, "max_value": 9000, "cache": 3, "cycle": true}"#,
            r#"{"start": 7}"#,
        );
        let printed = to_json(&from_json(Path::new("s.json"), &text).unwrap());
        assert!(printed.contains("\"start\": 7"), "{printed}");
        assert!(
            !printed.contains("cycle") && !printed.contains("increment"),
            "{printed}"
        );
        let e = from_json(Path::new("s.json"), &text.replace("start", "begin"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown field `begin`"), "{e}");
    }

    #[test]
    fn unknown_fields_and_newer_versions_are_errors() {
        let e = from_json(Path::new("s.json"), "{\"format\": \"revise-schema\", \"version\": 1,\n\"tables\": [{\"name\": \"t\", \"colums\": []}]}")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("s.json:2:") && e.contains("unknown field `colums`"),
            "{e}"
        );
        let e = from_json(
            Path::new("s.json"),
            "{\"format\": \"revise-schema\", \"version\": 2}",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("version 2 is newer"), "{e}");
        for (version, want) in [
            ("0", "version 0 is not a valid format version"),
            ("-3", "version -3 is not a valid format version"),
            ("1.0", "version must be an integer, not 1.0"),
            ("\"1\"", "version must be an integer, not \"1\""),
            ("null", "version must be an integer, not null"),
            (
                "18446744073709551615",
                "version 18446744073709551615 is newer",
            ),
        ] {
            let e = from_json(
                Path::new("s.json"),
                &format!("{{\"format\": \"revise-schema\", \"version\": {version}}}"),
            )
            .unwrap_err()
            .to_string();
            assert!(e.contains(want), "{version}: {e}");
        }
        let e = from_json(Path::new("s.json"), "{\"format\": \"revise-schema\"}")
            .unwrap_err()
            .to_string();
        assert!(e.contains("no \"version\" field"), "{e}");
        let e = from_json(Path::new("s.json"), "{\"tables\": []}")
            .unwrap_err()
            .to_string();
        assert!(e.contains("no \"format\""), "{e}");
        let e = from_json(Path::new("s.json"), "{nope")
            .unwrap_err()
            .to_string();
        assert!(e.contains("not JSON"), "{e}");
    }

    #[test]
    fn finds_the_line_of_a_path() {
        let text = "{ \"format\": \"revise-schema\", \"version\": 1,\n  \"tables\": [\n    { \"name\": \"a,[}\\\"\", \"columns\": [] },\n    { \"name\": \"b\",\n      \"columns\": [ {\"name\": \"x\"},\n        {\"name\": \"y\"} ] } ] }";
        assert_eq!(line_of(text, "tables[0]"), Some(3));
        assert_eq!(line_of(text, "tables[1]"), Some(4));
        assert_eq!(line_of(text, "tables[1].columns[1]"), Some(6));
        assert_eq!(line_of(text, "tables[1].columns[0].name"), Some(5));
        assert_eq!(line_of(text, "tables[2]"), None);
    }
}
