//! The wasm API: a thin adapter from JS values to the core and back.
//! Every behaviour lives in the core and is tested natively.

use crate::analyze::{analyze as analyze_core, AnalyzeInput};
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&serializer)
        .map_err(|e| JsError::new(&e.to_string()))
}

fn from_js<T: serde::de::DeserializeOwned>(value: JsValue) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        JsError::new(&format!(
            "invalid input: {}",
            e.to_string().trim_start_matches("Error: ")
        ))
    })
}

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Analyse a set of files: `{ files: { "Dockerfile": text, ... }, options }`.
#[wasm_bindgen(js_name = analyze, unchecked_return_type = "Report")]
pub fn analyze(
    #[wasm_bindgen(unchecked_param_type = "AnalyzeInput")] input: JsValue,
) -> Result<JsValue, JsError> {
    let mut input: AnalyzeInput = from_js(input)?;
    if input.options.today.is_none() {
        input.options.today = Some(today());
    }
    to_js(&analyze_core(&input))
}

/// Today's date from the browser's clock (`YYYY-MM-DD`, UTC); there is no
/// system clock in wasm.
fn today() -> String {
    let iso: String = js_sys::Date::new_0().to_iso_string().into();
    iso.chars().take(10).collect()
}

/// The version of the core.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    crate::VERSION.to_string()
}

/// Format a report as text: `{ format: "tty" | "json" | "sarif" | "checkstyle",
/// color?, sources? }`. The CLI prints what this returns.
#[wasm_bindgen(js_name = formatReport)]
pub fn format_report(
    #[wasm_bindgen(unchecked_param_type = "Report")] report: JsValue,
    #[wasm_bindgen(unchecked_param_type = "FormatOptions")] options: JsValue,
) -> Result<String, JsError> {
    let report: crate::analyze::Report = from_js(report)?;
    let options: crate::format::FormatOptions = from_js(options)?;
    Ok(crate::format::format_report(&report, &options))
}

/// A rule as the playground and the package show it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleInfo {
    code: &'static str,
    name: &'static str,
    origin: crate::rules::Origin,
    target: crate::rules::Target,
    severity: crate::diagnostic::Severity,
    category: crate::diagnostic::Category,
    summary: &'static str,
    url: &'static str,
    enabled_by_default: bool,
    /// Markdown (What it does / Why is this bad? / Example); only from `explain`.
    #[serde(skip_serializing_if = "Option::is_none")]
    documentation: Option<String>,
}

impl RuleInfo {
    fn new(meta: &'static crate::rules::RuleMeta, with_docs: bool) -> RuleInfo {
        RuleInfo {
            code: meta.code,
            name: meta.name,
            origin: meta.origin,
            target: meta.target,
            severity: meta.severity,
            category: meta.category,
            summary: meta.summary,
            url: meta.url,
            enabled_by_default: meta.enabled_by_default,
            documentation: with_docs.then(|| meta.documentation()),
        }
    }
}

/// A rule's documentation by code (`DL3008`, `JSONArgsRecommended`), or
/// `null` when no rule has that code.
#[wasm_bindgen(js_name = explain, unchecked_return_type = "RuleDoc | null")]
pub fn explain(code: &str) -> Result<JsValue, JsError> {
    match crate::rules::lookup(code) {
        Some(meta) => to_js(&RuleInfo::new(meta, true)),
        None => Ok(JsValue::NULL),
    }
}

/// Every rule, without its documentation (see `explain`).
#[wasm_bindgen(js_name = rules, unchecked_return_type = "RuleSummary[]")]
pub fn rules() -> Result<JsValue, JsError> {
    let all: Vec<RuleInfo> = crate::rules::all()
        .into_iter()
        .map(|meta| RuleInfo::new(meta, false))
        .collect();
    to_js(&all)
}
