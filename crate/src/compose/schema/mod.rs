//! Structural validation against the compose-spec JSON schema.
//!
//! The schema (`crate/data/compose-spec.json`) is turned into static tables
//! (`generated.rs`) by a test-time generator; [`validate`] walks the YAML tree
//! with them. Differences from a generic validator, on purpose:
//!
//! - every issue carries the byte range of the offending key or value;
//! - a failed `oneOf` yields one message: the issues of the alternative whose
//!   type fits the value, or "must be a string or a mapping" when none does;
//! - an unknown key gets a "did you mean" from the allowed keys;
//! - a value produced by interpolation also satisfies `integer`, `number` and
//!   `boolean` when it parses as one, as compose-go casts it.

#[rustfmt::skip]
pub mod generated;
pub mod table;

use super::suggest;
use super::yaml::{Node, Scalar, Value};
use crate::text::TextRange;
use std::collections::HashMap;
use table::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IssueKind {
    UnknownKey,
    Type,
    Value,
    Required,
    DuplicateItem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaIssue {
    pub kind: IssueKind,
    /// Dotted path as compose-go prints it (`services.web.ports.0`).
    pub path: String,
    pub message: String,
    pub range: TextRange,
    pub related: Option<(TextRange, String)>,
}

/// Validate a whole compose document.
pub fn validate(root: &Node) -> Vec<SchemaIssue> {
    let mut validator = Validator { path: Vec::new() };
    let mut issues = Vec::new();
    validator.check(root, 0, None, &mut issues);
    issues
}

/// The schema node of a definition, for validating a fragment.
pub fn validate_as(node: &Node, schema: u16, path: &[&str]) -> Vec<SchemaIssue> {
    let mut validator = Validator {
        path: path.iter().map(|s| s.to_string()).collect(),
    };
    let mut issues = Vec::new();
    validator.check(node, schema, None, &mut issues);
    issues
}

/// The key names the schema allows in a mapping at `schema`.
pub fn property_names(schema: u16) -> impl Iterator<Item = &'static str> {
    generated::NODES[schema as usize]
        .properties
        .iter()
        .map(|p| p.name)
}

struct Validator {
    path: Vec<String>,
}

impl Validator {
    fn path_text(&self) -> String {
        if self.path.is_empty() {
            "top level".to_string()
        } else {
            self.path.join(".")
        }
    }

    /// `key_range` is the range of the key holding `node`, where "missing
    /// key" issues point.
    fn check(
        &mut self,
        node: &Node,
        schema_index: u16,
        key_range: Option<TextRange>,
        out: &mut Vec<SchemaIssue>,
    ) {
        let schema = &generated::NODES[schema_index as usize];
        let node_types = types_of(node);
        if schema.types != 0 && node_types & schema.types == 0 {
            out.push(self.issue(
                IssueKind::Type,
                format!(
                    "{} must be {}",
                    self.path_text(),
                    describe_types(schema.types)
                ),
                node.use_range(),
            ));
            return;
        }
        if !schema.one_of.is_empty() {
            self.check_one_of(node, schema.one_of, key_range, out);
        }
        match &node.value {
            Value::Scalar(scalar) => {
                if scalar.resolved == Scalar::Str || scalar.interpolated {
                    self.check_string(node, &scalar.text, schema, out);
                }
                if let Scalar::Int(value) = scalar.resolved {
                    self.check_bounds(node, value, schema, out);
                }
            }
            Value::Seq(items) => {
                if let Some(item_schema) = schema.items {
                    for (index, item) in items.iter().enumerate() {
                        self.path.push(index.to_string());
                        self.check(item, item_schema, None, out);
                        self.path.pop();
                    }
                }
                if schema.unique_items {
                    self.check_unique(items, out);
                }
            }
            Value::Map(entries) => self.check_mapping(node, entries, schema, key_range, out),
        }
    }

    fn check_string(
        &mut self,
        node: &Node,
        text: &str,
        schema: &SchemaNode,
        out: &mut Vec<SchemaIssue>,
    ) {
        if !schema.enumeration.is_empty() && !schema.enumeration.contains(&text) {
            let allowed: Vec<String> = schema
                .enumeration
                .iter()
                .map(|v| format!("{v:?}"))
                .collect();
            let mut message = format!(
                "{} must be one of {}, not {text:?}",
                self.path_text(),
                allowed.join(", ")
            );
            if let Some(near) = suggest::closest(text, schema.enumeration.iter().copied()) {
                message.push_str(&format!(" (did you mean {near:?}?)"));
            }
            out.push(self.issue(IssueKind::Value, message, node.use_range()));
        }
        if let Some(pattern) = schema.pattern {
            if !pattern.matches(text) {
                out.push(self.issue(
                    IssueKind::Value,
                    format!(
                        "{} {text:?} is not valid: expected {}",
                        self.path_text(),
                        pattern.describe()
                    ),
                    node.use_range(),
                ));
            }
        }
    }

    fn check_bounds(
        &mut self,
        node: &Node,
        value: i64,
        schema: &SchemaNode,
        out: &mut Vec<SchemaIssue>,
    ) {
        if let Some(min) = schema.minimum {
            if value < min {
                out.push(self.issue(
                    IssueKind::Value,
                    format!(
                        "{} must be greater than or equal to {min}",
                        self.path_text()
                    ),
                    node.use_range(),
                ));
            }
        }
        if let Some(max) = schema.maximum {
            if value > max {
                out.push(self.issue(
                    IssueKind::Value,
                    format!("{} must be less than or equal to {max}", self.path_text()),
                    node.use_range(),
                ));
            }
        }
    }

    fn check_mapping(
        &mut self,
        node: &Node,
        entries: &[super::yaml::Entry],
        schema: &SchemaNode,
        key_range: Option<TextRange>,
        out: &mut Vec<SchemaIssue>,
    ) {
        for entry in entries {
            let key = entry.key_str();
            let mut matched = false;
            self.path.push(key.to_string());
            if let Some(property) = schema.properties.iter().find(|p| p.name == key) {
                matched = true;
                self.check(
                    &entry.value,
                    property.schema,
                    Some(entry.key.use_range()),
                    out,
                );
            }
            for pattern in schema.pattern_properties {
                if pattern.pattern.matches(key) {
                    matched = true;
                    self.check(
                        &entry.value,
                        pattern.schema,
                        Some(entry.key.use_range()),
                        out,
                    );
                }
            }
            self.path.pop();
            if !matched && !schema.additional_properties {
                out.push(self.unknown_key(key, entry.key.use_range(), schema));
            }
        }
        for required in schema.required {
            if !entries.iter().any(|e| e.key_str() == *required) {
                let range = key_range.unwrap_or_else(|| node.use_range());
                out.push(self.issue(
                    IssueKind::Required,
                    format!("{}: missing required key {required:?}", self.path_text()),
                    range,
                ));
            }
        }
    }

    fn unknown_key(&self, key: &str, range: TextRange, schema: &SchemaNode) -> SchemaIssue {
        let where_ = self.path_text();
        if schema.properties.is_empty() {
            // A map of names (`services`, `volumes`…): the name is what is wrong.
            let expected = schema
                .pattern_properties
                .iter()
                .find(|p| p.pattern != Pattern::Extension)
                .map_or("a valid name", |p| p.pattern.describe());
            return self.issue(
                IssueKind::Value,
                format!("{where_}: invalid name {key:?}: use {expected}"),
                range,
            );
        }
        let mut message = format!("{where_}: unknown key {key:?}");
        let names = schema.properties.iter().map(|p| p.name);
        if let Some(near) = suggest::closest(key, names) {
            message.push_str(&format!(" (did you mean {near:?}?)"));
        } else if schema
            .pattern_properties
            .iter()
            .any(|p| p.pattern == Pattern::Extension)
        {
            message.push_str(" (custom keys must start with \"x-\")");
        }
        self.issue(IssueKind::UnknownKey, message, range)
    }

    fn check_unique(&mut self, items: &[Node], out: &mut Vec<SchemaIssue>) {
        let mut first_seen: HashMap<String, usize> = HashMap::new();
        for (index, item) in items.iter().enumerate() {
            let key = canonical(item);
            match first_seen.get(&key) {
                Some(&first) => {
                    let mut issue = self.issue(
                        IssueKind::DuplicateItem,
                        format!(
                            "{} items at {first} and {index} are equal",
                            self.path_text()
                        ),
                        item.use_range(),
                    );
                    issue.related = Some((items[first].use_range(), "first given here".into()));
                    out.push(issue);
                }
                None => {
                    first_seen.insert(key, index);
                }
            }
        }
    }

    fn check_one_of(
        &mut self,
        node: &Node,
        alternatives: &[u16],
        key_range: Option<TextRange>,
        out: &mut Vec<SchemaIssue>,
    ) {
        let node_types = types_of(node);
        let mut best: Option<Vec<SchemaIssue>> = None;
        for &alternative in alternatives {
            let mut issues = Vec::new();
            self.check(node, alternative, key_range, &mut issues);
            if issues.is_empty() {
                // Several matching alternatives are accepted too (see module docs).
                return;
            }
            let fits = accepted_types(alternative) & node_types != 0;
            if fits && best.as_ref().is_none_or(|b| issues.len() < b.len()) {
                best = Some(issues);
            }
        }
        match best {
            Some(issues) => out.extend(issues),
            None => {
                let all = alternatives
                    .iter()
                    .fold(0u8, |acc, &alt| acc | accepted_types(alt));
                out.push(self.issue(
                    IssueKind::Type,
                    format!("{} must be {}", self.path_text(), describe_types(all)),
                    node.use_range(),
                ));
            }
        }
    }

    fn issue(&self, kind: IssueKind, message: String, range: TextRange) -> SchemaIssue {
        SchemaIssue {
            kind,
            path: self.path.join("."),
            message,
            range,
            related: None,
        }
    }
}

/// Types a schema node accepts, looking through `oneOf`.
fn accepted_types(index: u16) -> u8 {
    let mut accepted = 0u8;
    let mut stack = vec![index];
    let mut steps = 0;
    while let Some(i) = stack.pop() {
        steps += 1;
        if steps > 64 {
            return 0x7f;
        }
        let node = &generated::NODES[i as usize];
        if node.types != 0 {
            accepted |= node.types;
        } else if node.one_of.is_empty() {
            return 0x7f;
        } else {
            stack.extend(node.one_of.iter().copied());
        }
    }
    accepted
}

/// The JSON types a node satisfies.
fn types_of(node: &Node) -> u8 {
    match &node.value {
        Value::Map(_) => T_OBJECT,
        Value::Seq(_) => T_ARRAY,
        Value::Scalar(scalar) => {
            let mut types = match scalar.resolved {
                Scalar::Null => T_NULL,
                Scalar::Bool(_) => T_BOOLEAN,
                Scalar::Int(_) => T_INTEGER | T_NUMBER,
                Scalar::Float(f) if f.fract() == 0.0 && f.is_finite() => T_INTEGER | T_NUMBER,
                Scalar::Float(_) => T_NUMBER,
                Scalar::Str => T_STRING,
            };
            if scalar.interpolated {
                let text = scalar.text.trim();
                if text.parse::<i64>().is_ok() {
                    types |= T_INTEGER | T_NUMBER;
                } else if text.parse::<f64>().is_ok() {
                    types |= T_NUMBER;
                }
                if matches!(text.to_ascii_lowercase().as_str(), "true" | "false") {
                    types |= T_BOOLEAN;
                }
            }
            types
        }
    }
}

/// A string equal for equal JSON values, for `uniqueItems`.
fn canonical(node: &Node) -> String {
    let mut out = String::new();
    let mut stack: Vec<Option<&Node>> = vec![Some(node)];
    while let Some(item) = stack.pop() {
        let Some(node) = item else {
            out.push(')');
            continue;
        };
        match &node.value {
            Value::Scalar(s) => {
                out.push_str(s.resolved.type_name());
                out.push(':');
                out.push_str(&format!("{:?}", s.text));
                out.push(',');
            }
            Value::Seq(items) => {
                out.push_str("seq(");
                stack.push(None);
                stack.extend(items.iter().rev().map(Some));
            }
            Value::Map(entries) => {
                out.push_str("map(");
                stack.push(None);
                let mut sorted: Vec<&super::yaml::Entry> = entries.iter().collect();
                sorted.sort_by(|a, b| a.key_str().cmp(b.key_str()));
                for e in sorted.into_iter().rev() {
                    stack.push(Some(&e.value));
                    stack.push(Some(&e.key));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::yaml::{parse, YamlLimits};

    fn issues(text: &str) -> Vec<SchemaIssue> {
        let parsed = parse(text, YamlLimits::default());
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        validate(&parsed.documents[0])
    }

    #[test]
    fn a_valid_file_has_no_issues() {
        let text = "services:\n  web:\n    image: nginx\n    ports: [\"80:80\", 443]\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres\n    build: .\nx-any: {whatever: [1]}\n";
        assert_eq!(issues(text), vec![]);
    }

    #[test]
    fn unknown_keys_point_at_the_key_with_a_suggestion() {
        let text = "services:\n  web:\n    imgae: nginx\n";
        let found = issues(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, IssueKind::UnknownKey);
        assert_eq!(
            found[0].message,
            "services.web: unknown key \"imgae\" (did you mean \"image\"?)"
        );
        assert_eq!(found[0].range.slice(text), "imgae");
    }

    #[test]
    fn one_of_failures_are_one_message() {
        let text = "services:\n  web:\n    build: 12\n";
        let found = issues(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].message,
            "services.web.build must be a string or a mapping"
        );
        assert_eq!(found[0].range.slice(text), "12");
        // The mapping alternative fits, so its precise issue is reported.
        let text = "services:\n  web:\n    build:\n      contxt: .\n";
        let found = issues(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("did you mean \"context\""));
        // depends_on as a map: only the map branch's issue.
        let text = "services:\n  web:\n    image: a\n    depends_on:\n      db:\n        condition: service_healty\n";
        let found = issues(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .message
                .contains("did you mean \"service_healthy\""),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].range.slice(text), "service_healty");
    }

    #[test]
    fn missing_required_key_points_at_the_parent_key() {
        let text =
            "services:\n  web:\n    image: a\n    depends_on:\n      db:\n        required: true\n";
        let found = issues(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].kind, IssueKind::Required);
        assert_eq!(found[0].range.slice(text), "db");
    }

    #[test]
    fn types_names_and_duplicates() {
        let text = "services:\n  my web:\n    image: [a]\n  ok:\n    image: a\n    cap_add: [NET_ADMIN, NET_ADMIN]\n";
        let found = issues(text);
        let kinds: Vec<IssueKind> = found.iter().map(|i| i.kind).collect();
        assert!(kinds.contains(&IssueKind::Value), "{found:?}");
        assert!(kinds.contains(&IssueKind::DuplicateItem), "{found:?}");
        let dup = found
            .iter()
            .find(|i| i.kind == IssueKind::DuplicateItem)
            .unwrap();
        assert_eq!(dup.range.start(), text.rfind("NET_ADMIN").unwrap());
    }

    #[test]
    fn interpolated_strings_satisfy_numeric_types() {
        let text = "services:\n  web:\n    image: a\n    use_api_socket: \"true\"\n";
        let mut parsed = parse(text, YamlLimits::default());
        let found = validate(&parsed.documents[0]);
        assert_eq!(found.len(), 1);
        // Mark the value as produced by interpolation.
        if let Value::Map(entries) = &mut parsed.documents[0].value {
            if let Value::Map(services) = &mut entries[0].value.value {
                if let Value::Map(web) = &mut services[0].value.value {
                    if let Value::Scalar(s) = &mut web[1].value.value {
                        s.interpolated = true;
                    }
                }
            }
        }
        assert!(validate(&parsed.documents[0]).is_empty());
    }
}
