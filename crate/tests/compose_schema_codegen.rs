//! Generates `src/compose/schema/generated.rs` from `data/compose-spec.json`
//! and checks that the checked-in copy is current.
//!
//! The library stays free of a JSON-schema engine: the schema becomes static
//! tables that `compose::schema` walks. After updating the vendored schema run
//!
//! ```sh
//! LAYERLAB_UPDATE_SCHEMA=1 cargo test --test compose_schema_codegen
//! ```

use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fmt::Write;

const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/compose-spec.json");
const GENERATED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/compose/schema/generated.rs"
);

/// Keywords that carry no validation and are dropped.
const IGNORED: &[&str] = &[
    "description",
    "default",
    "$schema",
    "$id",
    "title",
    "definitions",
];

struct Generator<'a> {
    definitions: &'a Map<String, Value>,
    /// Rust source of each node, by index.
    nodes: Vec<Option<String>>,
    /// Definition name -> node index.
    by_definition: HashMap<String, usize>,
}

impl<'a> Generator<'a> {
    fn reserve(&mut self) -> usize {
        self.nodes.push(None);
        self.nodes.len() - 1
    }

    fn node(&mut self, schema: &Value, at: &str) -> usize {
        let object = schema
            .as_object()
            .unwrap_or_else(|| panic!("{at}: schema is not an object"));
        if let Some(reference) = object.get("$ref") {
            let others: Vec<&String> = object
                .keys()
                .filter(|k| *k != "$ref" && !IGNORED.contains(&k.as_str()))
                .collect();
            assert!(
                others.is_empty(),
                "{at}: $ref with {others:?} is not supported"
            );
            return self.definition(reference.as_str().expect("$ref string"));
        }
        let index = self.reserve();
        let source = self.fields(object, at);
        self.nodes[index] = Some(source);
        index
    }

    fn definition(&mut self, reference: &str) -> usize {
        let name = reference
            .strip_prefix("#/definitions/")
            .unwrap_or_else(|| panic!("unsupported $ref {reference}"));
        if let Some(&index) = self.by_definition.get(name) {
            return index;
        }
        let schema = self
            .definitions
            .get(name)
            .unwrap_or_else(|| panic!("missing definition {name}"))
            .clone();
        let object = schema.as_object().expect("definition object").clone();
        if object.contains_key("$ref") {
            let index = self.node(&schema, name);
            self.by_definition.insert(name.to_string(), index);
            return index;
        }
        // Reserve first so that recursive references terminate.
        let index = self.reserve();
        self.by_definition.insert(name.to_string(), index);
        let source = self.fields(&object, name);
        self.nodes[index] = Some(source);
        index
    }

    fn fields(&mut self, object: &Map<String, Value>, at: &str) -> String {
        let mut fields: Vec<String> = Vec::new();
        for (keyword, value) in object {
            let here = format!("{at}/{keyword}");
            match keyword.as_str() {
                k if IGNORED.contains(&k) => {}
                "type" => fields.push(format!("types: {}", types(value, &here))),
                "properties" => {
                    let mut items = Vec::new();
                    for (name, schema) in value.as_object().expect("properties") {
                        let index = self.node(schema, &format!("{here}/{name}"));
                        items.push(format!("Property {{ name: {name:?}, schema: {index} }}"));
                    }
                    fields.push(format!("properties: &[{}]", items.join(", ")));
                }
                "patternProperties" => {
                    let mut items = Vec::new();
                    for (pattern, schema) in value.as_object().expect("patternProperties") {
                        let index = self.node(schema, &format!("{here}/{pattern}"));
                        items.push(format!(
                            "PatternProperty {{ pattern: Pattern::{}, schema: {index} }}",
                            pattern_variant(pattern)
                        ));
                    }
                    fields.push(format!("pattern_properties: &[{}]", items.join(", ")));
                }
                "additionalProperties" => {
                    let allowed = value
                        .as_bool()
                        .unwrap_or_else(|| panic!("{here}: only boolean additionalProperties"));
                    fields.push(format!("additional_properties: {allowed}"));
                }
                "required" => {
                    let names: Vec<String> = value
                        .as_array()
                        .expect("required")
                        .iter()
                        .map(|v| format!("{:?}", v.as_str().expect("required name")))
                        .collect();
                    fields.push(format!("required: &[{}]", names.join(", ")));
                }
                "items" => {
                    let index = self.node(value, &here);
                    fields.push(format!("items: Some({index})"));
                }
                "uniqueItems" => {
                    fields.push(format!("unique_items: {}", value.as_bool().expect("bool")))
                }
                "enum" => {
                    let values: Vec<String> = value
                        .as_array()
                        .expect("enum")
                        .iter()
                        .map(|v| format!("{:?}", v.as_str().expect("string enum")))
                        .collect();
                    fields.push(format!("enumeration: &[{}]", values.join(", ")));
                }
                "oneOf" => {
                    let mut alternatives = Vec::new();
                    for (i, schema) in value.as_array().expect("oneOf").iter().enumerate() {
                        alternatives.push(self.node(schema, &format!("{here}/{i}")).to_string());
                    }
                    fields.push(format!("one_of: &[{}]", alternatives.join(", ")));
                }
                "minimum" => {
                    fields.push(format!("minimum: Some({})", value.as_i64().expect("int")))
                }
                "maximum" => {
                    fields.push(format!("maximum: Some({})", value.as_i64().expect("int")))
                }
                "pattern" => fields.push(format!(
                    "pattern: Some(Pattern::{})",
                    pattern_variant(value.as_str().expect("pattern"))
                )),
                "deprecated" => {
                    fields.push(format!("deprecated: {}", value.as_bool().expect("bool")))
                }
                other => panic!("{here}: keyword {other:?} is not supported by the generator"),
            }
        }
        if fields.is_empty() {
            "SchemaNode::EMPTY".to_string()
        } else {
            format!(
                "SchemaNode {{ {}, ..SchemaNode::EMPTY }}",
                fields.join(", ")
            )
        }
    }
}

fn types(value: &Value, at: &str) -> String {
    let names: Vec<&str> = match value {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().expect("type name"))
            .collect(),
        _ => panic!("{at}: bad type"),
    };
    names
        .iter()
        .map(|name| match *name {
            "null" => "T_NULL",
            "boolean" => "T_BOOLEAN",
            "integer" => "T_INTEGER",
            "number" => "T_NUMBER",
            "string" => "T_STRING",
            "array" => "T_ARRAY",
            "object" => "T_OBJECT",
            other => panic!("{at}: unknown type {other}"),
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

fn pattern_variant(pattern: &str) -> &'static str {
    match pattern {
        "^x-" => "Extension",
        "^[a-zA-Z0-9._-]+$" => "ResourceName",
        "^.+$" | ".+" => "NonEmpty",
        "^[a-z]+$" => "Lowercase",
        "[a-zA-Z0-9][a-zA-Z0-9_.-]+" => "ContainerName",
        "always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+" => {
            "PullPolicy"
        }
        other => panic!("pattern {other:?} has no hand-written matcher in schema/table.rs"),
    }
}

fn generate() -> String {
    let text = std::fs::read_to_string(SCHEMA).expect("read schema");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    let definitions = schema["definitions"]
        .as_object()
        .expect("definitions")
        .clone();
    let mut generator = Generator {
        definitions: &definitions,
        nodes: Vec::new(),
        by_definition: HashMap::new(),
    };
    let root = generator.node(&schema, "#");
    assert_eq!(root, 0, "the root must be node 0");
    let mut names: Vec<(&String, &usize)> = generator.by_definition.iter().collect();
    names.sort_by_key(|(_, index)| **index);

    let mut out = String::new();
    out.push_str(
        "//! @generated by `crate/tests/compose_schema_codegen.rs` from\n\
         //! `crate/data/compose-spec.json`. Do not edit; regenerate with\n\
         //! `LAYERLAB_UPDATE_SCHEMA=1 cargo test --test compose_schema_codegen`.\n\n\
         #![allow(clippy::all)]\n\n\
         use super::table::*;\n\n",
    );
    for (name, index) in &names {
        let constant = name.to_ascii_uppercase();
        writeln!(out, "pub const {constant}: u16 = {index};").unwrap();
    }
    writeln!(out).unwrap();
    writeln!(
        out,
        "pub static NODES: [SchemaNode; {}] = [",
        generator.nodes.len()
    )
    .unwrap();
    for (index, node) in generator.nodes.iter().enumerate() {
        let source = node.as_deref().expect("every reserved node is filled");
        writeln!(out, "    /* {index} */ {source},").unwrap();
    }
    out.push_str("];\n");
    out
}

#[test]
fn generated_schema_tables_are_current() {
    let fresh = generate();
    let current = std::fs::read_to_string(GENERATED).unwrap_or_default();
    if fresh != current {
        if std::env::var_os("LAYERLAB_UPDATE_SCHEMA").is_some() {
            std::fs::write(GENERATED, &fresh).expect("write generated.rs");
            return;
        }
        panic!(
            "src/compose/schema/generated.rs is out of date; run \
             LAYERLAB_UPDATE_SCHEMA=1 cargo test --test compose_schema_codegen"
        );
    }
}
