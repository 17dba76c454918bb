//! LL2001: The top-level `version` is obsolete.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::{Fix, TextEdit};
use crate::text::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Reports the top-level `version` key with compose-go's own warning. A fix removes the line.
    ///
    /// ## Why is this bad?
    /// Compose ignores `version` since the Compose Specification replaced the v2/v3 formats; keeping it suggests that features depend on it, which they do not, and `docker compose` prints a warning on every run.
    ///
    /// ## Example
    /// ```yaml
    /// version: '3.8'
    /// services:
    ///   web:
    ///     image: nginx:1.27
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/version-and-name/>
    pub struct VersionObsolete {
        code: "LL2001",
        name: "version-obsolete",
        origin: Layerlab,
        target: Compose,
        severity: Warning,
        category: Maintainability,
        summary: "The top-level `version` is obsolete",
        url: "https://docs.docker.com/reference/compose-file/version-and-name/",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(entry) = ctx
        .root
        .as_map()
        .and_then(|m| m.iter().find(|e| e.key_str() == "version"))
    else {
        return;
    };
    let range = entry.key.use_range();
    let mut d = ctx.diagnostic(
        &VersionObsolete::META,
        range,
        format!(
            "{}: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion",
            ctx.file_name
        ),
    );
    if let Some(line) = whole_line(ctx.source, range, entry.value.range) {
        d = d.with_fix(Fix::new(
            "Remove the `version` line",
            vec![TextEdit::delete(line)],
        ));
    }
    out.push(d);
}

/// The line holding `version: …` (with its newline), when the key starts the
/// line and the value ends it.
fn whole_line(source: &str, key: TextRange, value: TextRange) -> Option<TextRange> {
    let line_start = source[..key.start()].rfind('\n').map_or(0, |i| i + 1);
    if !source[line_start..key.start()].trim().is_empty() {
        return None;
    }
    let rest = &source[value.end()..];
    let line_end = rest
        .find('\n')
        .map_or(source.len(), |i| value.end() + i + 1);
    let tail = &source[value.end()..line_end];
    let tail = tail.trim();
    if !(tail.is_empty() || tail.starts_with('#')) {
        return None;
    }
    Some(TextRange::new(line_start, line_end))
}
