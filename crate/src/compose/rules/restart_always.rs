//! LL2011: `restart: always` also restarts containers you stopped.

use super::Context;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports `restart: always`.
    ///
    /// ## Why is this bad?
    /// With `always`, a container stopped on purpose comes back when the daemon restarts. `unless-stopped` restarts after crashes and reboots but respects a manual stop.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     restart: always
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     restart: unless-stopped
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/engine/containers/start-containers-automatically/>
    pub struct RestartAlways {
        code: "LL2011",
        name: "restart-always",
        origin: Layerlab,
        target: Compose,
        severity: Style,
        category: Maintainability,
        summary: "`restart: always` also restarts containers you stopped",
        url: "https://docs.docker.com/engine/containers/start-containers-automatically/",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        if let Some(restart) = service.restart.as_ref().filter(|r| r.value == "always") {
            out.push(ctx.diagnostic(
                &RestartAlways::META,
                restart.range,
                "`restart: always` brings back containers stopped on purpose; consider `unless-stopped`",
            ));
        }
    }
}
