//! `--format tty`: what a person reads in a terminal.
//!
//! ```text
//! Dockerfile:2:1 DL1000 error: unknown instruction: FORM
//!   2 | FORM x
//!     | ^^^^
//! ```
//!
//! The snippet is shown when the file's text is among the sources. Colour is
//! used only when asked for (the CLI asks when stdout is a terminal and
//! `NO_COLOR` is unset). Control characters from the input are replaced, so a
//! Dockerfile cannot send escape sequences to the reader's terminal.

use crate::analyze::Report;
use crate::diagnostic::Severity;
use crate::report::ReportDiagnostic;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Tabs are shown as this many spaces so the underline lines up.
const TAB_WIDTH: usize = 4;

struct Palette {
    enabled: bool,
}

impl Palette {
    fn paint(&self, style: &str, text: &str) -> String {
        if self.enabled {
            format!("\x1b[{style}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn severity_style(severity: Severity) -> &'static str {
        match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
            Severity::Style => "1;35",
        }
    }
}

pub fn render(report: &Report, color: bool, sources: &BTreeMap<String, String>) -> String {
    let palette = Palette { enabled: color };
    let gutter = report
        .diagnostics
        .iter()
        .map(|d| d.line.to_string().len())
        .max()
        .unwrap_or(1);
    // Split each source into lines once, however many findings it has.
    let mut lines_by_file: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut out = String::new();
    for diagnostic in &report.diagnostics {
        write_header(&mut out, diagnostic, &palette);
        if let Some(text) = sources.get(&diagnostic.file) {
            let lines = lines_by_file
                .entry(diagnostic.file.as_str())
                .or_insert_with(|| text.split('\n').collect());
            let index = (diagnostic.line as usize).saturating_sub(1);
            if let Some(line) = lines.get(index) {
                write_snippet(&mut out, diagnostic, line, gutter, &palette);
            }
        }
        if let Some(url) = &diagnostic.url {
            let pad = " ".repeat(gutter + 1);
            let _ = writeln!(
                out,
                "{pad}{} {}",
                palette.paint("34", "= see"),
                sanitize(url)
            );
        }
    }
    if !report.diagnostics.is_empty() {
        out.push('\n');
        out.push_str(&summary(&report.diagnostics));
        out.push('\n');
    }
    out
}

fn write_header(out: &mut String, d: &ReportDiagnostic, palette: &Palette) {
    let location = format!("{}:{}:{}", sanitize(&d.file), d.line, d.column);
    let style = Palette::severity_style(d.severity);
    let _ = writeln!(
        out,
        "{} {} {}: {}",
        palette.paint("1", &location),
        palette.paint("1", &d.code),
        palette.paint(style, d.severity.as_str()),
        sanitize(&d.message)
    );
}

fn write_snippet(
    out: &mut String,
    d: &ReportDiagnostic,
    line: &str,
    gutter: usize,
    palette: &Palette,
) {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let shown: String = line.chars().map(display).collect();
    let chars: Vec<char> = line.chars().collect();
    // Columns are 1-based character counts; the end is exclusive. A range
    // that runs past this line is underlined to the end of the line.
    let start = (d.column as usize).saturating_sub(1).min(chars.len());
    let end = if d.end_line == d.line {
        (d.end_column as usize).saturating_sub(1).min(chars.len())
    } else {
        chars.len()
    };
    let indent: usize = chars[..start].iter().map(|&c| display_width(c)).sum();
    let width: usize = chars[start..end.max(start)]
        .iter()
        .map(|&c| display_width(c))
        .sum::<usize>()
        .max(1);
    let bar = palette.paint("34", "|");
    let number = palette.paint("34", &format!("{:>gutter$}", d.line));
    let _ = writeln!(out, "{number} {bar} {shown}");
    let carets = palette.paint(Palette::severity_style(d.severity), &"^".repeat(width));
    let _ = writeln!(
        out,
        "{} {bar} {}{carets}",
        " ".repeat(gutter),
        " ".repeat(indent)
    );
}

fn display(c: char) -> String {
    match c {
        '\t' => " ".repeat(TAB_WIDTH),
        c if c.is_control() => '\u{FFFD}'.to_string(),
        c => c.to_string(),
    }
}

fn display_width(c: char) -> usize {
    if c == '\t' {
        TAB_WIDTH
    } else {
        1
    }
}

/// Replace control characters (ANSI escapes, C1 controls, line breaks) so
/// one finding stays one line and cannot drive the terminal.
fn sanitize(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

fn summary(diagnostics: &[ReportDiagnostic]) -> String {
    let count = |severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let parts: Vec<String> = [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Info, "info", "infos"),
        (Severity::Style, "style", "style"),
    ]
    .into_iter()
    .filter_map(|(severity, one, many)| match count(severity) {
        0 => None,
        1 => Some(format!("1 {one}")),
        n => Some(format!("{n} {many}")),
    })
    .collect();
    let total = diagnostics.len();
    let noun = if total == 1 { "problem" } else { "problems" };
    format!("{total} {noun} ({})", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::test_support::{empty_report, sample_report, COMPOSE, DOCKERFILE};

    fn sources() -> BTreeMap<String, String> {
        BTreeMap::from([
            ("Dockerfile".to_string(), DOCKERFILE.to_string()),
            ("compose.yaml".to_string(), COMPOSE.to_string()),
        ])
    }

    #[test]
    fn header_snippet_and_underline() {
        let out = render(&sample_report(), false, &sources());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "Dockerfile:1:6 DL3006 warning: Always tag the version of an image explicitly"
        );
        assert_eq!(lines[1], "1 | FROM python:3.12");
        assert_eq!(lines[2], "  |      ^^^^^^^^^^^");
        assert_eq!(
            lines[3],
            "Dockerfile:2:1 DL1000 error: unknown instruction: FORM (did you mean FROM?)"
        );
        assert_eq!(lines[4], "2 | FORM x");
        assert_eq!(lines[5], "  | ^^^^");
        assert_eq!(
            lines[6],
            "  = see https://docs.docker.com/reference/dockerfile/"
        );
        assert!(!out.contains('\x1b'), "no colour unless asked");
    }

    #[test]
    fn tabs_and_non_ascii_keep_the_underline_aligned() {
        let out = render(&sample_report(), false, &sources());
        let lines: Vec<&str> = out.lines().collect();
        // Line 3 starts with a tab (shown as 4 spaces); the range covers
        // `"<héllo> & 'bye'"`, 17 characters although "é" is 2 bytes.
        assert_eq!(lines[8], "3 |     RUN echo \"<héllo> & 'bye'\"");
        assert_eq!(lines[9], "  |              ^^^^^^^^^^^^^^^^^");
        let caret_at = lines[9].find('^').unwrap();
        assert_eq!(lines[8][caret_at..].chars().next(), Some('"'));
    }

    #[test]
    fn without_sources_only_headers() {
        let out = render(&sample_report(), false, &BTreeMap::new());
        assert!(out.lines().all(|l| !l.contains(" | ")));
        assert_eq!(
            out.lines().filter(|l| l.starts_with("Dockerfile:")).count(),
            3
        );
        assert!(out.contains("compose.yaml:3:5 LL2001 info: pin the image\n"));
    }

    #[test]
    fn summary_counts_each_severity() {
        let out = render(&sample_report(), false, &BTreeMap::new());
        assert!(out.ends_with("\n4 problems (1 error, 1 warning, 1 info, 1 style)\n"));
        assert_eq!(render(&empty_report(), false, &BTreeMap::new()), "");
    }

    #[test]
    fn colour_only_when_asked() {
        let out = render(&sample_report(), true, &sources());
        assert!(out.contains("\x1b[1;31merror\x1b[0m"));
        assert!(out.contains("\x1b[1;33mwarning\x1b[0m"));
        assert!(out.contains("\x1b[1;31m^^^^\x1b[0m"));
    }

    #[test]
    fn control_characters_from_input_are_neutralised() {
        let mut report = sample_report();
        report.diagnostics[0].message = "evil \x1b[2J\nsecond line".to_string();
        let text = "FROM \x1b]0;title\x07python:3.12\n";
        let sources = BTreeMap::from([("Dockerfile".to_string(), text.to_string())]);
        let out = render(&report, false, &sources);
        assert!(!out.contains('\x1b') && !out.contains('\x07'));
        assert!(out.contains("evil \u{FFFD}[2J\u{FFFD}second line"));
    }

    #[test]
    fn stale_positions_do_not_panic() {
        let mut report = sample_report();
        report.diagnostics[0].line = 99;
        report.diagnostics[1].column = 500;
        report.diagnostics[1].end_column = 2;
        let out = render(&report, false, &sources());
        assert!(out.contains("Dockerfile:99:6"));
        // Line 99 widens the gutter to two digits for every snippet.
        assert!(out.contains(" 2 | FORM x\n   |       ^\n"), "{out}");
    }
}
