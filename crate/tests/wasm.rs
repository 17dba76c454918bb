//! The wasm API, exercised inside a wasm runtime (Node, through
//! `wasm-bindgen-test-runner`):
//!
//! ```sh
//! CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!   cargo test --target wasm32-unknown-unknown -p layerlab --test wasm
//! ```
//!
//! Inputs are built the way JavaScript builds them (`JSON.parse` of a plain
//! object), outputs are deserialised back into the Rust types and compared
//! with what the native core returns for the same input: the adapter must add
//! nothing and lose nothing.

#![cfg(target_arch = "wasm32")]

use layerlab::format::{FormatOptions, OutputFormat};
use layerlab::{AnalyzeInput, Report};
use std::collections::BTreeMap;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn js(value: &impl serde::Serialize) -> JsValue {
    let text = serde_json::to_string(value).expect("serialisable");
    js_sys::JSON::parse(&text).expect("valid JSON")
}

fn input(files: &[(&str, &str)]) -> AnalyzeInput {
    AnalyzeInput {
        files: files
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect(),
        ..AnalyzeInput::default()
    }
}

fn analyze_via_wasm(input: &AnalyzeInput) -> (JsValue, Report) {
    let raw = layerlab::wasm::analyze(js(input))
        .unwrap_or_else(|_| panic!("analyze rejected a valid input"));
    let report: Report = serde_wasm_bindgen::from_value(raw.clone()).expect("report deserialises");
    (raw, report)
}

fn as_json(report: &Report) -> serde_json::Value {
    serde_json::to_value(report).expect("serialisable")
}

const EXAMPLE: &str = "FROM python:3.12-slim\nFORM x\n# comment\nLABEL note=\"é😀\"\nFORM y\n";

#[wasm_bindgen_test]
fn analyze_round_trips_to_the_native_report() {
    let input = input(&[("Dockerfile", EXAMPLE)]);
    let (_, from_wasm) = analyze_via_wasm(&input);
    let native = layerlab::analyze(&input);
    assert_eq!(as_json(&from_wasm), as_json(&native));
    assert!(
        !native.diagnostics.is_empty(),
        "the example has findings, so the comparison means something"
    );
}

#[wasm_bindgen_test]
fn diagnostics_carry_byte_and_utf16_positions() {
    let (_, report) = analyze_via_wasm(&input(&[("Dockerfile", EXAMPLE)]));
    let last = report
        .diagnostics
        .iter()
        .find(|d| d.line == 5 && d.code == "DL1000")
        .expect("a syntax error on line 5 (FORM y)");
    let byte_start = EXAMPLE.find("FORM y").unwrap() as u32;
    assert_eq!(last.range.start, byte_start);
    // "é" is 2 bytes and 1 UTF-16 unit, "😀" 4 bytes and 2 units: 3 fewer.
    assert_eq!(last.utf16.start, byte_start - 3);
    assert_eq!((last.column, last.end_line), (1, 5));
}

#[wasm_bindgen_test]
fn report_objects_use_the_documented_js_names() {
    let (raw, _) = analyze_via_wasm(&input(&[("Dockerfile", EXAMPLE)]));
    let diagnostics = js_sys::Reflect::get(&raw, &"diagnostics".into()).unwrap();
    let first = js_sys::Reflect::get(&diagnostics, &0.into()).unwrap();
    for key in [
        "code",
        "severity",
        "category",
        "message",
        "file",
        "range",
        "utf16",
        "line",
        "column",
        "endLine",
        "endColumn",
        "fixes",
        "related",
    ] {
        assert!(
            js_sys::Reflect::has(&first, &key.into()).unwrap(),
            "diagnostic lacks {key}"
        );
    }
    // Plain objects, not Maps: `report.files` is an array of objects.
    let files = js_sys::Reflect::get(&raw, &"files".into()).unwrap();
    assert!(js_sys::Array::is_array(&files));
}

#[wasm_bindgen_test]
fn options_force_the_file_kind() {
    let mut input = input(&[("notes.txt", "FORM x\n")]);
    let (_, report) = analyze_via_wasm(&input);
    assert!(
        report.diagnostics.is_empty(),
        "an unknown kind is not linted"
    );
    input.options.kinds.insert(
        "notes.txt".to_string(),
        layerlab::report::FileKind::Dockerfile,
    );
    let (_, report) = analyze_via_wasm(&input);
    assert!(report.diagnostics.iter().any(|d| d.file == "notes.txt"));
    assert_eq!(report.files[0].kind, layerlab::report::FileKind::Dockerfile);
}

#[wasm_bindgen_test]
fn invalid_input_is_an_error_not_a_panic() {
    assert!(layerlab::wasm::analyze(JsValue::from_str("Dockerfile")).is_err());
    assert!(layerlab::wasm::analyze(JsValue::UNDEFINED).is_err());
    let files_not_strings = js_sys::JSON::parse(r#"{"files":{"Dockerfile":42}}"#).unwrap();
    assert!(layerlab::wasm::analyze(files_not_strings).is_err());
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(layerlab::wasm::version(), layerlab::VERSION);
}

#[wasm_bindgen_test]
fn format_report_matches_the_native_formatter() {
    let input = input(&[("Dockerfile", EXAMPLE)]);
    let (raw, _) = analyze_via_wasm(&input);
    let native = layerlab::analyze(&input);
    for format in OutputFormat::ALL {
        let options = FormatOptions {
            format,
            color: false,
            sources: BTreeMap::from([("Dockerfile".to_string(), EXAMPLE.to_string())]),
        };
        let text = layerlab::wasm::format_report(raw.clone(), js(&options))
            .unwrap_or_else(|_| panic!("formatReport failed for {}", format.as_str()));
        assert_eq!(
            text,
            layerlab::format::format_report(&native, &options),
            "{}",
            format.as_str()
        );
    }
    let bad_format = js_sys::JSON::parse(r#"{"format":"xml"}"#).unwrap();
    assert!(layerlab::wasm::format_report(raw, bad_format).is_err());
}
