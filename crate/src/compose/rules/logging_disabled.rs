//! LL2032: Logging is switched off.

use super::Context;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports `logging.driver: none`.
    ///
    /// ## Why is this bad?
    /// Without logs there is nothing to investigate after an incident or a crash.
    ///
    /// ## Example
    /// ```yaml
    /// logging:
    ///   driver: none
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// logging:
    ///   driver: json-file
    ///   options:
    ///     max-size: 10m
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/engine/logging/configure/>
    pub struct LoggingDisabled {
        code: "LL2032",
        name: "logging-disabled",
        origin: Layerlab,
        target: Compose,
        severity: Info,
        category: Maintainability,
        summary: "Logging is switched off",
        url: "https://docs.docker.com/engine/logging/configure/",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        let Some(driver) = service.logging.as_ref().and_then(|l| l.driver.as_ref()) else {
            continue;
        };
        if driver.value == "none" {
            out.push(ctx.diagnostic(
                &LoggingDisabled::META,
                driver.range,
                format!(
                    "service {:?} discards its logs (logging driver none)",
                    service.name.value
                ),
            ));
        }
    }
}
