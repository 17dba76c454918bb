//! The syntax engine against real Dockerfiles: every file in the corpus
//! parses without a syntax error, and the parse is lossless.

use layerlab::dockerfile::syntax::{self, Item};
use std::fs;
use std::path::PathBuf;

fn corpus_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/dockerfiles"
    ))
}

fn corpus() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = fs::read_dir(corpus_dir())
        .expect("corpus directory ../shared/corpus/dockerfiles")
        .map(|e| {
            let path = e.expect("dir entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read_to_string(&path).expect("utf-8 Dockerfile"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn corpus_has_no_syntax_errors() {
    let files = corpus();
    assert_eq!(files.len(), 86, "the corpus holds 86 Dockerfiles");
    let mut failures = Vec::new();
    for (name, text) in &files {
        let parse = syntax::parse(text);
        for d in &parse.diagnostics {
            failures.push(format!("{name}: {} {:?} {}", d.code, d.range, d.message));
        }
        assert!(
            !parse.dockerfile.instructions.is_empty(),
            "{name}: no instructions"
        );
    }
    assert!(
        failures.is_empty(),
        "syntax diagnostics on valid files:\n{}",
        failures.join("\n")
    );
}

#[test]
fn corpus_parses_losslessly() {
    for (name, text) in corpus() {
        let parse = syntax::parse(&text);
        let mut cursor = 0;
        for item in &parse.dockerfile.items {
            let r = item.range();
            assert_eq!(r.start(), cursor, "{name}: gap or overlap before {item:?}");
            cursor = r.end();
            if let Item::Instruction { index, .. } = item {
                let instruction = &parse.dockerfile.instructions[*index];
                assert!(
                    r.contains_range(instruction.range),
                    "{name}: instruction outside its item"
                );
            }
        }
        assert_eq!(cursor, text.len(), "{name}: items do not reach the end");
    }
}
