//! The one serialisable report every binding returns.
//!
//! Analyses produce `Diagnostic`s in byte ranges; this module resolves them
//! against each file's `LineIndex` into the positions the editor (UTF-16) and
//! the CLI (1-based line/column) need. Nothing else converts positions.

use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::text::{LineIndex, TextRange};
use serde::{Deserialize, Serialize};

/// A range in UTF-16 code units, what CodeMirror calls `from`/`to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Utf16Range {
    pub start: u32,
    pub end: u32,
}

/// A text edit with its range resolved for the editor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportEdit {
    pub range: TextRange,
    pub utf16: Utf16Range,
    #[serde(rename = "newText")]
    pub new_text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFix {
    pub title: String,
    pub edits: Vec<ReportEdit>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRelated {
    pub file: String,
    pub range: TextRange,
    pub utf16: Utf16Range,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// A diagnostic with every position a consumer may want.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDiagnostic {
    pub code: String,
    pub severity: Severity,
    pub category: Category,
    pub message: String,
    pub file: String,
    /// Byte offsets into the file.
    pub range: TextRange,
    /// UTF-16 code unit offsets into the file (for editors).
    pub utf16: Utf16Range,
    /// 1-based; columns count characters.
    pub line: u32,
    pub column: u32,
    #[serde(rename = "endLine")]
    pub end_line: u32,
    #[serde(rename = "endColumn")]
    pub end_column: u32,
    /// Link to the documentation of the code, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub fixes: Vec<ReportFix>,
    pub related: Vec<ReportRelated>,
}

/// A text file and its line index, used to resolve positions.
pub struct SourceFile<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub index: LineIndex,
}

impl<'a> SourceFile<'a> {
    pub fn new(name: &'a str, text: &'a str) -> Self {
        SourceFile {
            name,
            text,
            index: LineIndex::new(text),
        }
    }

    pub fn utf16(&self, range: TextRange) -> Utf16Range {
        Utf16Range {
            start: self.index.utf16_offset(self.text, range.start()),
            end: self.index.utf16_offset(self.text, range.end()),
        }
    }
}

/// Resolve one diagnostic. `files` must contain the diagnostic's own file;
/// related locations in files that are not given are resolved to 1:1.
pub fn resolve(
    diagnostic: &Diagnostic,
    own: &SourceFile<'_>,
    others: &[&SourceFile<'_>],
    url: Option<String>,
) -> ReportDiagnostic {
    let start = own.index.position(own.text, diagnostic.range.start());
    let end = own.index.position(own.text, diagnostic.range.end());
    let fixes = diagnostic
        .fixes
        .iter()
        .map(|fix| ReportFix {
            title: fix.title.clone(),
            edits: fix
                .edits
                .iter()
                .map(|e| ReportEdit {
                    range: e.range,
                    utf16: own.utf16(e.range),
                    new_text: e.new_text.clone(),
                })
                .collect(),
        })
        .collect();
    let related = diagnostic
        .related
        .iter()
        .map(|r| {
            let file_name = if r.file.is_empty() {
                own.name
            } else {
                r.file.as_str()
            };
            let source = std::iter::once(own)
                .chain(others.iter().copied())
                .find(|f| f.name == file_name);
            let (utf16, line, column) = match source {
                Some(src) => {
                    let p = src.index.position(src.text, r.range.start());
                    (src.utf16(r.range), p.line, p.column)
                }
                None => (Utf16Range { start: 0, end: 0 }, 1, 1),
            };
            ReportRelated {
                file: file_name.to_string(),
                range: r.range,
                utf16,
                line,
                column,
                message: r.message.clone(),
            }
        })
        .collect();
    ReportDiagnostic {
        code: diagnostic.code.clone(),
        severity: diagnostic.severity,
        category: diagnostic.category,
        message: diagnostic.message.clone(),
        file: if diagnostic.file.is_empty() {
            own.name.to_string()
        } else {
            diagnostic.file.clone()
        },
        range: diagnostic.range,
        utf16: Utf16Range {
            start: start.utf16,
            end: end.utf16,
        },
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        url,
        fixes,
        related,
    }
}

/// Sort diagnostics the way people read them: by file, position, then code.
pub fn sort_diagnostics(diagnostics: &mut [ReportDiagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.file.as_str(), a.range.start, a.range.end, a.code.as_str()).cmp(&(
            b.file.as_str(),
            b.range.start,
            b.range.end,
            b.code.as_str(),
        ))
    });
}

/// What kind of file an input is. Detected from the name unless given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Dockerfile,
    Compose,
    Dockerignore,
    Env,
    /// A `.hadolint.yaml` configuration.
    Config,
    /// Anything else: a build-context file, not analysed on its own.
    Other,
}

impl FileKind {
    /// Guess the kind from a path, the way people name these files.
    pub fn detect(path: &str) -> FileKind {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let lower = name.to_ascii_lowercase();
        if lower == ".dockerignore" || lower.ends_with(".dockerignore") {
            return FileKind::Dockerignore;
        }
        if lower == "dockerfile"
            || lower == "containerfile"
            || lower.starts_with("dockerfile.")
            || lower.starts_with("containerfile.")
            || lower.ends_with(".dockerfile")
            || lower.ends_with(".containerfile")
            || lower.starts_with("dockerfile-")
            || lower.starts_with("dockerfile_")
        {
            return FileKind::Dockerfile;
        }
        let yaml = lower.ends_with(".yml") || lower.ends_with(".yaml");
        if yaml
            && (lower.starts_with("compose")
                || lower.starts_with("docker-compose")
                || lower.contains(".compose.")
                || lower.contains("-compose."))
        {
            return FileKind::Compose;
        }
        if lower == ".hadolint.yaml" || lower == ".hadolint.yml" || lower == "hadolint.yaml" {
            return FileKind::Config;
        }
        if lower == ".env" || lower.ends_with(".env") {
            return FileKind::Env;
        }
        FileKind::Other
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileSummary {
    pub name: String,
    pub kind: FileKind,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_kinds_from_names() {
        for (name, kind) in [
            ("Dockerfile", FileKind::Dockerfile),
            ("app/Dockerfile", FileKind::Dockerfile),
            ("Dockerfile.dev", FileKind::Dockerfile),
            ("web.Dockerfile", FileKind::Dockerfile),
            ("Containerfile", FileKind::Dockerfile),
            ("compose.yaml", FileKind::Compose),
            ("docker-compose.yml", FileKind::Compose),
            ("docker-compose.prod.yml", FileKind::Compose),
            ("app.compose.yaml", FileKind::Compose),
            (".dockerignore", FileKind::Dockerignore),
            ("Dockerfile.dockerignore", FileKind::Dockerignore),
            (".env", FileKind::Env),
            (".hadolint.yaml", FileKind::Config),
            ("src/app.py", FileKind::Other),
            ("values.yaml", FileKind::Other),
        ] {
            assert_eq!(FileKind::detect(name), kind, "{name}");
        }
    }
}
