//! LL2027: An unquoted `HH:MM`-shaped port mapping.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::{Fix, TextEdit};

crate::declare_rule! {
    /// ## What it does
    /// Reports unquoted short-syntax ports whose parts are both below 60 (`22:22`, `53:53`). A fix quotes them.
    ///
    /// ## Why is this bad?
    /// YAML 1.1 parsers (compose v1, PyYAML, many editors and CI tools) read `22:22` as the base-60 number 1342. Compose v2 reads YAML 1.2 and is not affected, but quoting keeps the file portable.
    ///
    /// ## Example
    /// ```yaml
    /// ports:
    ///   - 22:22
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// ports:
    ///   - "22:22"
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/services/#ports>
    pub struct UnquotedPort {
        code: "LL2027",
        name: "unquoted-port",
        origin: Layerlab,
        target: Compose,
        severity: Info,
        category: Correctness,
        summary: "An unquoted `HH:MM`-shaped port mapping",
        url: "https://docs.docker.com/reference/compose-file/services/#ports",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        for port in &service.ports {
            if !port.unquoted {
                continue;
            }
            let written = port.range.slice(ctx.source);
            if !is_sexagesimal(written) {
                continue;
            }
            out.push(
                ctx.diagnostic(
                    &UnquotedPort::META,
                    port.range,
                    format!(
                        "unquoted port {written} reads as a base-60 number in YAML 1.1; quote it"
                    ),
                )
                .with_fix(Fix::new(
                    "Quote the port",
                    vec![TextEdit::replace(port.range, format!("\"{written}\""))],
                )),
            );
        }
    }
}

/// `[0-5]?[0-9](:[0-5]?[0-9])+`: what YAML 1.1 reads as a sexagesimal integer.
pub fn is_sexagesimal(text: &str) -> bool {
    let parts: Vec<&str> = text.split(':').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 2
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u32>().is_ok_and(|n| n < 60)
        })
}
