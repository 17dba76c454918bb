//! Helpers for rule tests: lint a snippet with the default configuration and
//! look at one code's findings.

use crate::analyze::{analyze, AnalyzeInput, AnalyzeOptions};
use crate::diagnostic::apply_edits;
use crate::report::ReportDiagnostic;

/// Analyse `text` as a Dockerfile with `options`.
pub(crate) fn findings_with(text: &str, options: AnalyzeOptions) -> Vec<ReportDiagnostic> {
    let mut input = AnalyzeInput {
        options,
        ..AnalyzeInput::default()
    };
    input
        .files
        .insert("Dockerfile".to_string(), text.to_string());
    if input.options.today.is_none() {
        input.options.today = Some("2026-11-28".to_string());
    }
    analyze(&input).diagnostics
}

/// The findings of `code` for a Dockerfile, with the default configuration.
pub(crate) fn findings(text: &str, code: &str) -> Vec<ReportDiagnostic> {
    findings_with(text, AnalyzeOptions::default())
        .into_iter()
        .filter(|d| d.code == code)
        .collect()
}

/// The lines where `code` fires.
pub(crate) fn codes(text: &str, code: &str) -> Vec<u32> {
    findings(text, code).iter().map(|d| d.line).collect()
}

/// Apply the first fix of the first `code` finding, check the result, and
/// check that it parses cleanly and no longer triggers `code` there.
pub(crate) fn assert_fixed(text: &str, code: &str, expected: &str) {
    let found = findings(text, code);
    let first = found
        .first()
        .unwrap_or_else(|| panic!("{code} did not fire on {text:?}"));
    let fix = first
        .fixes
        .first()
        .unwrap_or_else(|| panic!("{code} offered no fix"));
    let edits: Vec<crate::diagnostic::TextEdit> = fix
        .edits
        .iter()
        .map(|e| crate::diagnostic::TextEdit::replace(e.range, e.new_text.clone()))
        .collect();
    let fixed = apply_edits(text, &edits);
    assert_eq!(fixed, expected, "fix '{}' of {code}", fix.title);
    let after = findings(&fixed, code);
    assert!(
        after.len() < found.len(),
        "{code} still fires as often after its fix: {after:#?}"
    );
    let syntax = findings(&fixed, "DL1000");
    assert!(
        syntax.is_empty(),
        "the fixed file has syntax errors: {syntax:#?}"
    );
}
