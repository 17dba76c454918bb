//! The rebuild report as a terminal table: one row per instruction with its
//! status and reason, then what the rebuild costs.

use super::report::{RebuildReport, Status};
use std::fmt::Write as _;

/// How to draw the table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct RenderOptions {
    /// ANSI colours (the CLI turns them on for terminals only).
    pub color: bool,
}

const RESET: &str = "\x1b[0m";

fn paint(color: bool, code: &str, text: &str) -> String {
    if color {
        format!("\x1b[{code}m{text}{RESET}")
    } else {
        text.to_string()
    }
}

fn status_label(status: Status) -> (&'static str, &'static str) {
    match status {
        Status::Hit => ("hit", "32"),
        Status::Miss => ("MISS", "31;1"),
        Status::Meta => ("meta", "2"),
        Status::Skipped => ("skipped", "2"),
        Status::ContentDependent => ("depends", "33"),
    }
}

/// At most `width` characters of `text`, with `…` when cut.
fn clip(text: &str, width: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= width {
        return one_line;
    }
    let mut out: String = one_line.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

fn human_seconds(seconds: f64) -> String {
    if seconds < 60.0 {
        format!("{seconds:.0} s")
    } else {
        format!("{:.1} min", seconds / 60.0)
    }
}

/// Render `report` as a table.
pub fn tty(report: &RebuildReport, options: &RenderOptions) -> String {
    let color = options.color;
    let mut out = String::new();
    let stage_width = report
        .steps
        .iter()
        .map(|s| s.stage.chars().count())
        .max()
        .unwrap_or(5)
        .clamp(5, 16);
    let _ = writeln!(
        out,
        "{:>5}  {:<stage_width$}  {:<7}  {:<34}  WHY",
        "LINE", "STAGE", "STATUS", "INSTRUCTION"
    );
    for step in &report.steps {
        let (label, code) = status_label(step.status);
        let why = match step.status {
            Status::Hit | Status::Meta | Status::Skipped => step.detail.clone(),
            _ => format!("{:?}: {}", step.reason, step.detail),
        };
        let _ = writeln!(
            out,
            "{:>5}  {:<stage_width$}  {}  {:<34}  {}",
            step.line,
            clip(&step.stage, stage_width),
            paint(color, code, &format!("{label:<7}")),
            clip(&step.instruction, 34),
            why
        );
    }
    let s = &report.summary;
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{} of {} steps re-run ({} cached, {} depend on content, {} config-only, {} skipped) — {:?} builder",
        s.rerun, s.steps, s.hits, s.content_dependent, s.meta, s.skipped, s.builder
    );
    if let Some(first) = &s.first_miss {
        let _ = writeln!(out, "First miss: line {} — {}", first.line, first.detail);
    }
    let _ = writeln!(
        out,
        "Estimated rebuild: {}–{}, pushing {}–{} (estimates; {})",
        human_seconds(s.cost.low_seconds),
        human_seconds(s.cost.high_seconds),
        human_bytes(s.cost.push_bytes_low),
        human_bytes(s.cost.push_bytes_high),
        s.estimate_note
    );
    if let Some(fails) = &s.fails {
        let _ = writeln!(
            out,
            "{}",
            paint(
                color,
                "31;1",
                &format!("The build fails at line {}: {}", fails.line, fails.message)
            )
        );
    }
    for problem in &s.problems {
        let _ = writeln!(out, "note: {problem}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::{rebuild, BuildInput, ContextInput, RebuildInput};
    use crate::context::ContextEntry;

    fn build(app: &str) -> BuildInput {
        BuildInput {
            dockerfile: "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n".to_string(),
            context: ContextInput::Entries(vec![
                ContextEntry::file("requirements.txt", "r1", 20),
                ContextEntry::file("app.py", app, 100),
            ]),
            ..BuildInput::default()
        }
    }

    #[test]
    fn table_names_every_step_and_the_cost() {
        let report = rebuild(&RebuildInput {
            before: build("a1"),
            after: build("a2"),
            ..RebuildInput::default()
        });
        let text = tty(&report, &RenderOptions::default());
        assert!(text.contains("LINE"), "{text}");
        let copy_line = text
            .lines()
            .find(|l| l.contains("COPY . ."))
            .expect("COPY row");
        assert!(
            copy_line.contains("MISS") && copy_line.contains("app.py"),
            "{copy_line}"
        );
        let pip = text
            .lines()
            .find(|l| l.contains("pip install"))
            .expect("RUN row");
        assert!(pip.contains("hit"), "{pip}");
        assert!(text.contains("steps re-run") && text.contains("Estimated rebuild"));
        assert!(!text.contains('\x1b'), "no colour unless asked");
        assert!(tty(&report, &RenderOptions { color: true }).contains("\x1b[31;1m"));
    }
}
