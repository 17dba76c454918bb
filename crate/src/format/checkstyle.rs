//! `--format checkstyle`: Checkstyle XML, read by Jenkins, GitLab plugins and
//! `reviewdog`.
//!
//! One `<file>` per analysed file (also those without findings, as
//! Checkstyle itself does), one `<error>` per finding with the code as
//! `source`. Checkstyle's severities are `error`, `warning` and `info`; style
//! findings are `info`.

use crate::analyze::Report;
use crate::diagnostic::Severity;
use crate::report::ReportDiagnostic;
use std::collections::BTreeMap;
use std::fmt::Write as _;

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "info",
    }
}

/// Escape text for an XML attribute value. Characters XML 1.0 cannot carry
/// at all (most C0 controls) become U+FFFD; tabs and line breaks are kept as
/// character references so attribute normalisation does not eat them.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn write_error(out: &mut String, d: &ReportDiagnostic) {
    let _ = writeln!(
        out,
        "    <error line=\"{}\" column=\"{}\" severity=\"{}\" message=\"{}\" source=\"{}\"/>",
        d.line,
        d.column,
        severity(d.severity),
        escape(&d.message),
        escape(&d.code)
    );
}

pub fn render(report: &Report) -> String {
    // Files in report order, then any file only a diagnostic names.
    let mut by_file: BTreeMap<&str, Vec<&ReportDiagnostic>> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for name in report.files.iter().map(|f| f.name.as_str()) {
        if by_file.insert(name, Vec::new()).is_none() {
            order.push(name);
        }
    }
    for d in &report.diagnostics {
        by_file
            .entry(d.file.as_str())
            .or_insert_with(|| {
                order.push(d.file.as_str());
                Vec::new()
            })
            .push(d);
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<checkstyle version=\"4.3\">\n");
    for file in order {
        let _ = writeln!(out, "  <file name=\"{}\">", escape(file));
        for d in by_file.get(file).into_iter().flatten() {
            write_error(&mut out, d);
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</checkstyle>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::test_support::{empty_report, sample_report};

    #[test]
    fn files_and_errors() {
        let out = render(&sample_report());
        let expected_start = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
            <checkstyle version=\"4.3\">\n  <file name=\"Dockerfile\">\n    \
            <error line=\"1\" column=\"6\" severity=\"warning\" \
            message=\"Always tag the version of an image explicitly\" source=\"DL3006\"/>\n";
        assert!(out.starts_with(expected_start), "{out}");
        assert_eq!(out.matches("<file ").count(), 2);
        assert_eq!(out.matches("</file>").count(), 2);
        assert_eq!(out.matches("<error ").count(), 4);
        assert!(out.contains(
            "  <file name=\"compose.yaml\">\n    <error line=\"3\" column=\"5\" severity=\"info\""
        ));
        assert!(out.ends_with("</checkstyle>\n"));
    }

    #[test]
    fn markup_in_messages_is_escaped() {
        let out = render(&sample_report());
        assert!(out.contains(
            "message=\"quotes &quot;&lt;x&gt;&quot; &amp; &apos;y&apos;\" source=\"LL9999\""
        ));
        // Style findings are Checkstyle infos.
        assert!(out.contains("severity=\"info\" message=\"quotes"));
    }

    #[test]
    fn escape_handles_controls_and_line_breaks() {
        assert_eq!(escape("a\u{1}b\u{1b}c"), "a\u{FFFD}b\u{FFFD}c");
        assert_eq!(escape("one\ntwo\tthree\r"), "one&#10;two&#9;three&#13;");
        assert_eq!(escape("héllo 😀"), "héllo 😀");
    }

    #[test]
    fn files_without_findings_are_listed() {
        let out = render(&empty_report());
        assert_eq!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n  \
             <file name=\"Dockerfile\">\n  </file>\n</checkstyle>\n"
        );
    }
}
