//! Test helpers for the Layerlab rules: lint a Dockerfile together with a
//! `.dockerignore` and a build context.

use crate::analyze::{analyze, AnalyzeInput, AnalyzeOptions};
use crate::context::ContextEntry;
use crate::report::ReportDiagnostic;

/// What to lint besides the Dockerfile.
#[derive(Default)]
pub(crate) struct Setup<'a> {
    pub dockerignore: Option<&'a str>,
    /// Context files (path, size); directories are implied.
    pub context: Option<&'a [(&'a str, u64)]>,
    pub target: Option<&'a str>,
    pub today: Option<&'a str>,
}

impl Setup<'_> {
    /// The findings of `code`.
    pub fn findings(&self, text: &str, code: &str) -> Vec<ReportDiagnostic> {
        let mut options = AnalyzeOptions {
            today: Some(self.today.unwrap_or("2026-11-28").to_string()),
            target: self.target.map(str::to_string),
            ..AnalyzeOptions::default()
        };
        options.context = self.context.map(|entries| {
            entries
                .iter()
                .map(|(path, size)| ContextEntry::file(*path, format!("h-{path}"), *size))
                .collect()
        });
        let mut input = AnalyzeInput {
            options,
            ..AnalyzeInput::default()
        };
        input
            .files
            .insert("Dockerfile".to_string(), text.to_string());
        if let Some(ignore) = self.dockerignore {
            input
                .files
                .insert(".dockerignore".to_string(), ignore.to_string());
        }
        analyze(&input)
            .diagnostics
            .into_iter()
            .filter(|d| d.code == code && d.file == "Dockerfile")
            .collect()
    }

    /// The lines where `code` fires.
    pub fn lines(&self, text: &str, code: &str) -> Vec<u32> {
        self.findings(text, code).iter().map(|d| d.line).collect()
    }
}

/// The text a finding points at.
pub(crate) fn range_text<'a>(text: &'a str, finding: &ReportDiagnostic) -> &'a str {
    finding.range.slice(text)
}
