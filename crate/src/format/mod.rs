//! Turning a [`Report`] into text for people and tools.
//!
//! The CLI and the wasm API (`formatReport`) both call [`format_report`]; the
//! formatting itself lives here so it is tested natively. Formatters only read
//! the resolved positions of the report (1-based line/column, byte ranges);
//! they never re-analyse anything.
//!
//! - [`OutputFormat::Tty`]: `file:line:col code severity: message`, the
//!   source line and a caret underline (ANSI colour on request).
//! - [`OutputFormat::Json`]: one array for all files, hadolint-compatible
//!   objects plus `endLine`/`endColumn`.
//! - [`OutputFormat::Sarif`]: SARIF 2.1.0 with rule metadata.
//! - [`OutputFormat::Checkstyle`]: Checkstyle XML.

mod checkstyle;
mod json;
mod sarif;
mod tty;

use crate::analyze::Report;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use checkstyle::render as render_checkstyle;
pub use json::render as render_json;
pub use sarif::render as render_sarif;
pub use tty::render as render_tty;

/// The output formats of the CLI.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    #[default]
    Tty,
    Json,
    Sarif,
    Checkstyle,
}

impl OutputFormat {
    pub const ALL: [OutputFormat; 4] = [
        OutputFormat::Tty,
        OutputFormat::Json,
        OutputFormat::Sarif,
        OutputFormat::Checkstyle,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OutputFormat::Tty => "tty",
            OutputFormat::Json => "json",
            OutputFormat::Sarif => "sarif",
            OutputFormat::Checkstyle => "checkstyle",
        }
    }

    /// Parse a format name as given on the command line.
    pub fn parse(name: &str) -> Option<OutputFormat> {
        OutputFormat::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(name.trim()))
    }
}

/// How to format a report (the `options` of `formatReport`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FormatOptions {
    #[serde(default)]
    pub format: OutputFormat,
    /// ANSI colours in `tty` output; ignored by the other formats.
    #[serde(default)]
    pub color: bool,
    /// File texts by name, so `tty` can show the offending source line.
    /// Files that are not given are reported without a snippet.
    #[serde(default)]
    pub sources: BTreeMap<String, String>,
}

/// Format `report` as `options` ask. The result ends with a newline unless it
/// is empty (a `tty` report without findings is empty).
pub fn format_report(report: &Report, options: &FormatOptions) -> String {
    match options.format {
        OutputFormat::Tty => render_tty(report, options.color, &options.sources),
        OutputFormat::Json => render_json(report),
        OutputFormat::Sarif => render_sarif(report),
        OutputFormat::Checkstyle => render_checkstyle(report),
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! A hand-built report shared by the formatter tests, so they do not
    //! depend on what the analyses happen to find today.

    use crate::analyze::Report;
    use crate::diagnostic::{Category, Diagnostic, Fix, Severity, TextEdit};
    use crate::report::{self, FileKind, FileSummary, SourceFile};
    use crate::text::TextRange;

    pub const DOCKERFILE: &str = "FROM python:3.12\nFORM x\n\tRUN echo \"<héllo> & 'bye'\"\n";
    pub const COMPOSE: &str = "services:\n  app:\n    image: a\n";

    fn at(text: &str, needle: &str) -> TextRange {
        let start = text.find(needle).expect("needle in test text");
        TextRange::new(start, start + needle.len())
    }

    /// Three findings in `Dockerfile` (error, warning with a fix, style with
    /// markup characters) and one info in `compose.yaml`.
    pub fn sample_report() -> Report {
        let dockerfile = SourceFile::new("Dockerfile", DOCKERFILE);
        let compose = SourceFile::new("compose.yaml", COMPOSE);
        let form = at(DOCKERFILE, "FORM");
        let mut diagnostics = vec![
            report::resolve(
                &Diagnostic::syntax(form, "unknown instruction: FORM (did you mean FROM?)")
                    .with_fix(Fix::new(
                        "Replace with FROM",
                        vec![TextEdit::replace(form, "FROM")],
                    )),
                &dockerfile,
                &[],
                Some("https://docs.docker.com/reference/dockerfile/".to_string()),
            ),
            report::resolve(
                &Diagnostic::new(
                    "DL3006",
                    Severity::Warning,
                    Category::Correctness,
                    at(DOCKERFILE, "python:3.12"),
                    "Always tag the version of an image explicitly",
                ),
                &dockerfile,
                &[],
                None,
            ),
            report::resolve(
                &Diagnostic::new(
                    "LL9999",
                    Severity::Style,
                    Category::Style,
                    at(DOCKERFILE, "\"<héllo> & 'bye'\""),
                    "quotes \"<x>\" & 'y'",
                ),
                &dockerfile,
                &[],
                None,
            ),
            report::resolve(
                &Diagnostic::new(
                    "LL2001",
                    Severity::Info,
                    Category::Maintainability,
                    at(COMPOSE, "image: a"),
                    "pin the image",
                ),
                &compose,
                &[],
                None,
            ),
        ];
        report::sort_diagnostics(&mut diagnostics);
        Report {
            version: "0.0.0-test".to_string(),
            files: vec![
                FileSummary {
                    name: "Dockerfile".to_string(),
                    kind: FileKind::Dockerfile,
                },
                FileSummary {
                    name: "compose.yaml".to_string(),
                    kind: FileKind::Compose,
                },
            ],
            diagnostics,
            dockerfiles: Vec::new(),
            compose: Vec::new(),
        }
    }

    pub fn empty_report() -> Report {
        Report {
            version: "0.0.0-test".to_string(),
            files: vec![FileSummary {
                name: "Dockerfile".to_string(),
                kind: FileKind::Dockerfile,
            }],
            diagnostics: Vec::new(),
            dockerfiles: Vec::new(),
            compose: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::sample_report;
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for format in OutputFormat::ALL {
            assert_eq!(OutputFormat::parse(format.as_str()), Some(format));
            let json = serde_json::to_string(&format).unwrap();
            assert_eq!(json, format!("\"{}\"", format.as_str()));
        }
        assert_eq!(OutputFormat::parse(" SARIF "), Some(OutputFormat::Sarif));
        assert_eq!(OutputFormat::parse("xml"), None);
    }

    #[test]
    fn options_default_to_plain_tty() {
        let options: FormatOptions = serde_json::from_str("{}").unwrap();
        assert_eq!(options.format, OutputFormat::Tty);
        assert!(!options.color);
        assert!(options.sources.is_empty());
        let options: FormatOptions =
            serde_json::from_str(r#"{"format":"checkstyle","color":true}"#).unwrap();
        assert_eq!(options.format, OutputFormat::Checkstyle);
    }

    #[test]
    fn dispatches_to_each_formatter() {
        let report = sample_report();
        let render = |format| {
            format_report(
                &report,
                &FormatOptions {
                    format,
                    ..FormatOptions::default()
                },
            )
        };
        assert!(render(OutputFormat::Tty).starts_with("Dockerfile:1:6 DL3006 warning: "));
        assert!(render(OutputFormat::Json).starts_with("[{\"file\":"));
        assert!(render(OutputFormat::Sarif).contains("\"version\": \"2.1.0\""));
        assert!(render(OutputFormat::Checkstyle).starts_with("<?xml"));
        for format in OutputFormat::ALL {
            assert!(render(format).ends_with('\n'), "{}", format.as_str());
        }
    }
}
