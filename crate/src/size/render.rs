//! The text report the CLI prints (`size --format tty`): one bar per layer
//! of the target image, builder stages, waste, alternatives, assumptions.
//! Plain text unless colour is asked for.

use super::estimate::{human, human_range};
use super::report::{LayerKind, LayerReport, SizeReport};
use std::fmt::Write as _;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RenderOptions {
    /// ANSI colours: estimated sizes dim, unknown ones red.
    pub color: bool,
    /// Width of the longest bar, in characters.
    pub bar_width: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            color: false,
            bar_width: 30,
        }
    }
}

fn bar(bytes: u64, max: u64, width: usize) -> String {
    if max == 0 || bytes == 0 {
        return String::new();
    }
    let eighths = ((bytes as f64 / max as f64) * (width * 8) as f64).round() as usize;
    let eighths = eighths.max(1);
    let full = eighths / 8;
    let rest = eighths % 8;
    let mut out = "█".repeat(full);
    if rest > 0 {
        out.push(['▏', '▎', '▍', '▌', '▋', '▊', '▉'][rest - 1]);
    }
    out
}

fn paint(text: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

fn size_cell(layer: &LayerReport) -> String {
    let mut cell = human(layer.bytes);
    if layer.unknown {
        cell.push('?');
    } else if layer.estimated {
        cell.insert(0, '~');
    }
    cell
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// Render `report` as text.
pub fn tty(report: &SizeReport, options: &RenderOptions) -> String {
    let mut out = String::new();
    let color = options.color;
    let _ = writeln!(
        out,
        "Image: {} on disk, {} to pull{}",
        human_range(&report.image),
        human_range(&report.pull),
        if report.complete {
            ""
        } else {
            " (some layers unknown: the total is a lower bound)"
        }
    );
    if let Some(base) = report.base.as_ref().filter(|b| b.reference == "scratch") {
        let _ = writeln!(out, "Base:  {} (an empty filesystem)", base.reference);
    } else if let Some(base) = &report.base {
        let entry = base.entry.as_deref().unwrap_or("not in the catalog");
        let _ = writeln!(
            out,
            "Base:  {} → {entry} ({}), {} on disk{}",
            base.reference,
            base.matched,
            human_range(&base.uncompressed),
            if base.estimated { ", estimated" } else { "" }
        );
    }
    let shipped: Vec<&LayerReport> = report.shipped_layers().collect();
    let max = shipped.iter().map(|l| l.bytes).max().unwrap_or(0);
    let target_name = report
        .target
        .and_then(|t| report.stages.iter().find(|s| s.index == t))
        .map_or_else(String::new, |s| format!(" (target: {})", s.label));
    let _ = writeln!(out, "\nLayers of the image{target_name}:");
    let _ = writeln!(
        out,
        "  {:>5}  {:>9}  {:<width$}  instruction",
        "line",
        "size",
        "",
        width = options.bar_width + 1
    );
    for layer in &shipped {
        let size = size_cell(layer);
        let cell = if layer.unknown {
            paint(&format!("{size:>9}"), "31", color)
        } else if layer.estimated {
            paint(&format!("{size:>9}"), "2", color)
        } else {
            format!("{size:>9}")
        };
        let bar = bar(layer.bytes, max, options.bar_width);
        let _ = writeln!(
            out,
            "  {:>5}  {cell}  {:<width$}  {}",
            layer.line,
            bar,
            truncate(&layer.text, 60),
            width = options.bar_width + 1
        );
        if layer.kind != LayerKind::Base && layer.bytes > 0 || layer.unknown {
            let _ = writeln!(
                out,
                "  {:>5}  {:>9}  {:<width$}  ↳ {}",
                "",
                "",
                "",
                truncate(&layer.basis, 100),
                width = options.bar_width + 1
            );
        }
        let notes: &[String] = if layer.kind == LayerKind::Base {
            &[]
        } else {
            &layer.notes
        };
        const MAX_NOTES: usize = 4;
        if notes.len() > MAX_NOTES {
            let _ = writeln!(
                out,
                "  {:>5}  {:>9}  {:<width$}  ! +{} more notes in the JSON report",
                "",
                "",
                "",
                notes.len() - MAX_NOTES,
                width = options.bar_width + 1
            );
        }
        for note in notes.iter().take(MAX_NOTES) {
            let _ = writeln!(
                out,
                "  {:>5}  {:>9}  {:<width$}  ! {}",
                "",
                "",
                "",
                truncate(note, 100),
                width = options.bar_width + 1
            );
        }
    }
    let builders: Vec<_> = report
        .stages
        .iter()
        .filter(|s| s.built && !s.ships)
        .collect();
    if !builders.is_empty() {
        let _ = writeln!(out, "\nBuilder stages (built, not shipped):");
        for stage in builders {
            let _ = writeln!(
                out,
                "  {:<12} weighs {} ({} over {}); the image keeps {} of it",
                stage.label,
                human_range(&stage.image),
                human(stage.own.bytes),
                stage.base,
                human(stage.copied_to_target.bytes)
            );
        }
    }
    let _ = writeln!(
        out,
        "\nWasted space (as dive counts it): {}, efficiency {:.1} %",
        human(report.wasted_bytes),
        report.efficiency * 100.0
    );
    for path in report.waste.iter().take(5) {
        let lines: Vec<String> = path.lines.iter().map(u32::to_string).collect();
        let _ = writeln!(
            out,
            "  {} × {:>9}  {} (lines {})",
            path.count,
            human(path.total_bytes),
            path.path,
            lines.join(", ")
        );
    }
    if !report.alternatives.is_empty() {
        let _ = writeln!(out, "\nWhat if the base were:");
        for alt in &report.alternatives {
            let delta = alt.image_delta;
            let sign = if delta < 0 { "−" } else { "+" };
            let _ = writeln!(
                out,
                "  {:<40} {:>9} ({sign}{}), pull {}{}",
                alt.reference,
                human(alt.image_bytes),
                human(delta.unsigned_abs()),
                human(alt.pull_bytes),
                if alt.works_as_is {
                    ""
                } else {
                    "  — needs changes"
                }
            );
            for caveat in &alt.caveat_text {
                let _ = writeln!(out, "      · {caveat}");
            }
            for conflict in &alt.conflicts {
                let _ = writeln!(out, "      ✗ line {}: {}", conflict.line, conflict.problem);
            }
        }
    }
    let _ = writeln!(out, "\nAssumptions:");
    for assumption in &report.assumptions {
        let _ = writeln!(out, "  - {assumption}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::bar;

    #[test]
    fn bars_scale_with_eighths() {
        assert_eq!(bar(0, 100, 10), "");
        assert_eq!(bar(100, 100, 10).chars().count(), 10);
        assert_eq!(
            bar(1, 100, 10),
            "▏",
            "a non-empty layer shows at least a sliver"
        );
        assert_eq!(bar(50, 100, 10), "█████");
    }
}
