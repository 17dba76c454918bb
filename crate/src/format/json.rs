//! `--format json`: one JSON array for all files, in hadolint's shape.
//!
//! Each object has exactly hadolint's keys (`file`, `line`, `column`, `code`,
//! `level`, `message`) plus `endLine` and `endColumn`, so tools that read
//! hadolint's JSON read ours unchanged. Lines and columns are 1-based; the end
//! column is exclusive. The array is written on one line, as hadolint does.

use crate::analyze::Report;
use crate::report::ReportDiagnostic;
use serde::Serialize;

/// One finding, in the order the keys are written.
#[derive(Serialize)]
struct JsonFinding<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    #[serde(rename = "endLine")]
    end_line: u32,
    #[serde(rename = "endColumn")]
    end_column: u32,
    code: &'a str,
    level: &'static str,
    message: &'a str,
}

impl<'a> From<&'a ReportDiagnostic> for JsonFinding<'a> {
    fn from(d: &'a ReportDiagnostic) -> Self {
        JsonFinding {
            file: &d.file,
            line: d.line,
            column: d.column,
            end_line: d.end_line,
            end_column: d.end_column,
            code: &d.code,
            level: d.severity.as_str(),
            message: &d.message,
        }
    }
}

pub fn render(report: &Report) -> String {
    let findings: Vec<JsonFinding<'_>> = report.diagnostics.iter().map(JsonFinding::from).collect();
    // Serialising plain strings and integers cannot fail.
    let mut out = serde_json::to_string(&findings).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::test_support::{empty_report, sample_report};
    use serde_json::Value;

    const KEYS: [&str; 8] = [
        "file",
        "line",
        "column",
        "endLine",
        "endColumn",
        "code",
        "level",
        "message",
    ];

    #[test]
    fn one_array_for_all_files_with_hadolint_keys_in_order() {
        let out = render(&sample_report());
        assert_eq!(out.lines().count(), 1, "written on one line");
        let value: Value = serde_json::from_str(&out).unwrap();
        let items = value.as_array().expect("top level is an array");
        assert_eq!(items.len(), 4);
        let files: Vec<&str> = items.iter().map(|i| i["file"].as_str().unwrap()).collect();
        assert_eq!(
            files,
            ["Dockerfile", "Dockerfile", "Dockerfile", "compose.yaml"]
        );
        // serde_json's Value sorts keys, so check order on the raw text.
        for object in out.trim_end().trim_matches(['[', ']']).split("},{") {
            let mut last = 0;
            for key in KEYS {
                let at = object
                    .find(&format!("\"{key}\":"))
                    .unwrap_or_else(|| panic!("{key} missing in {object}"));
                assert!(at >= last, "{key} out of order in {object}");
                last = at;
            }
        }
        for item in items {
            let keys: Vec<&String> = item.as_object().unwrap().keys().collect();
            assert_eq!(keys.len(), KEYS.len(), "no extra keys: {keys:?}");
        }
    }

    #[test]
    fn values_are_positions_levels_and_messages() {
        let value: Value = serde_json::from_str(&render(&sample_report())).unwrap();
        let form = &value[1];
        assert_eq!(form["code"], "DL1000");
        assert_eq!(form["level"], "error");
        assert_eq!(form["line"], 2);
        assert_eq!(form["column"], 1);
        assert_eq!(form["endLine"], 2);
        assert_eq!(form["endColumn"], 5);
        assert_eq!(
            form["message"],
            "unknown instruction: FORM (did you mean FROM?)"
        );
        let levels: Vec<&str> = value
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["level"].as_str().unwrap())
            .collect();
        assert_eq!(levels, ["warning", "error", "style", "info"]);
        // Quotes, markup and non-ASCII survive a round trip unchanged.
        assert_eq!(value[2]["message"], "quotes \"<x>\" & 'y'");
    }

    #[test]
    fn no_findings_is_an_empty_array() {
        assert_eq!(render(&empty_report()), "[]\n");
    }
}
