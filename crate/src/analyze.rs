//! The entry point: a set of files in, one report out.

use crate::diagnostic::Diagnostic;
use crate::report::{self, FileKind, FileSummary, ReportDiagnostic, SourceFile};
use crate::text::TextRange;
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
            for d in placeholder_dockerfile_check(text) {
                diagnostics.push(report::resolve(&d, &source, &[], None));
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

// TEMPORARY (foundation bootstrap): replaced by the real parser in
// `dockerfile::syntax` before issue 2 is closed.
fn placeholder_dockerfile_check(text: &str) -> Vec<Diagnostic> {
    const KNOWN: [&str; 18] = [
        "FROM",
        "RUN",
        "CMD",
        "LABEL",
        "MAINTAINER",
        "EXPOSE",
        "ENV",
        "ADD",
        "COPY",
        "ENTRYPOINT",
        "VOLUME",
        "USER",
        "WORKDIR",
        "ARG",
        "ONBUILD",
        "STOPSIGNAL",
        "HEALTHCHECK",
        "SHELL",
    ];
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let lead = line.len() - trimmed.len();
        let word: &str = trimmed.split_whitespace().next().unwrap_or("");
        if !word.is_empty()
            && !word.starts_with('#')
            && !KNOWN.contains(&word.to_ascii_uppercase().as_str())
        {
            let start = offset + lead;
            out.push(Diagnostic::syntax(
                TextRange::new(start, start + word.len()),
                format!("unknown instruction: {word}"),
            ));
        }
        offset += line.len();
    }
    out
}
