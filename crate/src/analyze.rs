//! The entry point: a set of files in, one report out.

use crate::report::{self, FileKind, FileSummary, ReportDiagnostic, SourceFile};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Files by name (`"Dockerfile"`, `"compose.yaml"`, …) and options.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct AnalyzeInput {
    pub files: BTreeMap<String, String>,
    #[serde(default)]
    pub options: AnalyzeOptions,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct AnalyzeOptions {
    /// Override the detected kind of a file, by name.
    #[serde(default)]
    pub kinds: BTreeMap<String, FileKind>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Report {
    pub version: String,
    pub files: Vec<FileSummary>,
    pub diagnostics: Vec<ReportDiagnostic>,
}

pub fn analyze(input: &AnalyzeInput) -> Report {
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    for (name, text) in &input.files {
        let kind = input
            .options
            .kinds
            .get(name)
            .copied()
            .unwrap_or_else(|| FileKind::detect(name));
        files.push(FileSummary {
            name: name.clone(),
            kind,
        });
        if kind == FileKind::Dockerfile {
            let source = SourceFile::new(name, text);
            let parse = crate::dockerfile::syntax::parse(text);
            for d in &parse.diagnostics {
                let url = crate::rules::lookup(&d.code).map(|r| r.url.to_string());
                diagnostics.push(report::resolve(d, &source, &[], url));
            }
        }
    }
    report::sort_diagnostics(&mut diagnostics);
    Report {
        version: crate::VERSION.to_string(),
        files,
        diagnostics,
    }
}
