//! The generated schema check against a real JSON-schema validator (`boon`,
//! a port of the validator compose-go uses), natively only: on the corpus and
//! on invalid samples both must agree on valid / invalid.

#![cfg(not(target_arch = "wasm32"))]

use layerlab::compose::model::build::to_json;
use layerlab::compose::schema;
use layerlab::compose::substitute::interpolate_tree;
use layerlab::compose::yaml::{parse, YamlLimits};
use serde_json::Value;

const SCHEMA: &str = include_str!("../data/compose-spec.json");
const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/compose");
const CORPUS_FROM_WORKTREE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/corpus/compose"
);

struct Oracle {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl Oracle {
    fn new() -> Oracle {
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        let schema: Value = serde_json::from_str(SCHEMA).unwrap();
        compiler
            .add_resource("file:///compose-spec.json", schema)
            .unwrap();
        let index = compiler
            .compile("file:///compose-spec.json", &mut schemas)
            .unwrap();
        Oracle { schemas, index }
    }

    fn is_valid(&self, instance: &Value) -> Result<(), String> {
        self.schemas
            .validate(instance, self.index)
            .map_err(|e| format!("{e:#}"))
    }
}

/// Parse and interpolate (with no variables), as compose-go does before
/// validating; returns the JSON instance and our own verdict.
fn both(text: &str) -> (Value, Vec<schema::SchemaIssue>) {
    let mut parsed = parse(text, YamlLimits::default());
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let mut root = parsed.documents.remove(0);
    let _ = interpolate_tree(&mut root, text, &|_| None);
    (to_json(&root), schema::validate(&root))
}

#[test]
fn corpus_is_valid_for_both() {
    let oracle = Oracle::new();
    let dir = if std::path::Path::new(CORPUS).is_dir() {
        CORPUS
    } else {
        CORPUS_FROM_WORKTREE
    };
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let (instance, ours) = both(&text);
        assert!(ours.is_empty(), "{}: {ours:?}", path.display());
        if let Err(e) = oracle.is_valid(&instance) {
            panic!("{}: the oracle rejects it: {e}", path.display());
        }
        checked += 1;
    }
    assert_eq!(checked, 39);
}

#[test]
fn invalid_samples_are_invalid_for_both() {
    let oracle = Oracle::new();
    let samples = [
        "services:\n  web:\n    imgae: nginx\n",
        "services:\n  web:\n    image: [nginx]\n",
        "services:\n  web:\n    build: 12\n",
        "services:\n  web:\n    image: a\n    depends_on:\n      db:\n        condition: healthy\n",
        "services:\n  web:\n    image: a\n    depends_on:\n      db:\n        required: true\n",
        "services:\n  my web:\n    image: a\n",
        "services:\n  web:\n    image: a\n    cap_add: [A, A]\n",
        "services:\n  web:\n    image: a\n    volumes:\n      - source: ./x\n        target: /x\n",
        "services:\n  web:\n    image: a\n    cpu_percent: 150\n",
        "services:\n  web:\n    image: a\n    pull_policy: sometimes\n",
        "services:\n  web:\n    image: a\n    ports:\n      - target: 80\n        hostip: 127.0.0.1\n",
        "services:\n  web:\n    image: a\n    healthcheck:\n      interval: 10\n",
        "unknown: 1\nservices: {}\n",
        "services:\n  web:\n    image: a\n    networks:\n      front:\n        aliases: x\n",
    ];
    for sample in samples {
        let (instance, ours) = both(sample);
        assert!(
            oracle.is_valid(&instance).is_err(),
            "oracle accepts:\n{sample}"
        );
        assert!(!ours.is_empty(), "we accept:\n{sample}");
    }
    let valid = [
        "services:\n  web:\n    image: a\n    ports: [80, \"8080:80\", {target: 443, published: \"8443\"}]\n",
        "services:\n  web:\n    build: {context: ., args: [A=1], target: x}\n    networks: {front: null}\nnetworks:\n  front: {}\n",
        "services:\n  web:\n    image: a\n    environment: {A: 1, B: null, C: true}\n    command: null\n",
        "x-anchors: &d {restart: always}\nservices:\n  web:\n    <<: *d\n    image: a\n",
    ];
    for sample in valid {
        let (instance, ours) = both(sample);
        assert!(
            oracle.is_valid(&instance).is_ok(),
            "oracle rejects:\n{sample}"
        );
        assert!(ours.is_empty(), "we reject:\n{sample}: {ours:?}");
    }
}
