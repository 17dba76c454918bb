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

/// Which steps of a build re-run after an edit, and why:
/// `{ before, after, store?, deterministic? }` (see `crate::cache`).
#[wasm_bindgen(js_name = rebuild, unchecked_return_type = "RebuildReport")]
pub fn rebuild(
    #[wasm_bindgen(unchecked_param_type = "RebuildInput")] input: JsValue,
) -> Result<JsValue, JsError> {
    let input: crate::cache::RebuildInput = from_js(input)?;
    to_js(&crate::cache::rebuild(&input))
}

/// Estimate the image size: `{ dockerfile, dockerignore?, context?, files?,
/// buildArgs?, target?, overrides? }` (see `crate::size`).
#[wasm_bindgen(js_name = size, unchecked_return_type = "SizeReport")]
pub fn size(
    #[wasm_bindgen(unchecked_param_type = "SizeInput")] input: JsValue,
) -> Result<JsValue, JsError> {
    let input: crate::size::SizeInput = from_js(input)?;
    to_js(&crate::size::estimate(&input))
}

/// `rebuild`, rendered as a terminal table (what `layerlab rebuild` prints).
#[wasm_bindgen(js_name = rebuildText)]
pub fn rebuild_text(
    #[wasm_bindgen(unchecked_param_type = "RebuildInput")] input: JsValue,
    color: bool,
) -> Result<String, JsError> {
    let input: crate::cache::RebuildInput = from_js(input)?;
    let report = crate::cache::rebuild(&input);
    Ok(crate::cache::render::tty(
        &report,
        &crate::cache::render::RenderOptions { color },
    ))
}

/// `size`, rendered with a bar per layer (what `layerlab size` prints).
#[wasm_bindgen(js_name = sizeText)]
pub fn size_text(
    #[wasm_bindgen(unchecked_param_type = "SizeInput")] input: JsValue,
    color: bool,
) -> Result<String, JsError> {
    let input: crate::size::SizeInput = from_js(input)?;
    let report = crate::size::estimate(&input);
    Ok(crate::size::render::tty(
        &report,
        &crate::size::render::RenderOptions {
            color,
            bar_width: 40,
        },
    ))
}

/// A built project kept in memory, so each edit only costs the difference:
/// what the playground calls on every keystroke.
#[wasm_bindgen(js_name = Project)]
pub struct Project {
    state: crate::cache::ProjectState,
}

#[wasm_bindgen(js_class = Project)]
impl Project {
    /// Build `input` (a `BuildInput`); its cache keys count as cached.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "BuildInput")] input: JsValue,
    ) -> Result<Project, JsError> {
        let input: crate::cache::BuildInput = from_js(input)?;
        Ok(Project {
            state: crate::cache::ProjectState::new(input),
        })
    }

    /// What would re-run after `edits` (not applied).
    #[wasm_bindgen(js_name = whatIf, unchecked_return_type = "RebuildReport")]
    pub fn what_if(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Edit[]")] edits: JsValue,
    ) -> Result<JsValue, JsError> {
        let edits: Vec<crate::cache::Edit> = from_js(edits)?;
        to_js(&crate::cache::what_if(&self.state, &edits))
    }

    /// Build with `edits` applied: the current build joins the cache store.
    pub fn commit(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Edit[]")] edits: JsValue,
    ) -> Result<(), JsError> {
        let edits: Vec<crate::cache::Edit> = from_js(edits)?;
        self.state.commit(&edits);
        Ok(())
    }

    /// Declare lines of the edited Dockerfile deterministic (their output
    /// bytes do not change when they re-run).
    #[wasm_bindgen(js_name = setDeterministic)]
    pub fn set_deterministic(&mut self, lines: Vec<u32>) {
        self.state.set_deterministic(lines);
    }

    /// The current build input.
    #[wasm_bindgen(unchecked_return_type = "BuildInput")]
    pub fn input(&self) -> Result<JsValue, JsError> {
        to_js(self.state.input())
    }

    /// The cache store (earlier builds' keys), serialisable.
    #[wasm_bindgen(unchecked_return_type = "CacheStore")]
    pub fn store(&self) -> Result<JsValue, JsError> {
        to_js(self.state.store())
    }
}

/// A rule's documentation by code (`DL3008`, `JSONArgsRecommended`, `LL1001`),
/// or `null` for an unknown code.
#[wasm_bindgen(js_name = explain, unchecked_return_type = "Explanation | null")]
pub fn explain(code: &str) -> Result<JsValue, JsError> {
    match crate::rules::explain(code) {
        Some(e) => to_js(&e),
        None => Ok(JsValue::NULL),
    }
}

/// Every rule, without the long documentation (use `explain` for that).
#[wasm_bindgen(js_name = rules, unchecked_return_type = "RuleSummary[]")]
pub fn rules() -> Result<JsValue, JsError> {
    let list: Vec<crate::rules::Explanation> = crate::rules::all()
        .into_iter()
        .map(|meta| crate::rules::Explanation {
            documentation: String::new(),
            ..crate::rules::Explanation::from(meta)
        })
        .collect();
    to_js(&list)
}
