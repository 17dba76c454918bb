//! LL2016: Default capabilities are not dropped.

use super::util;
use super::Context;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports services that do not drop all capabilities (`cap_drop: [ALL]`).
    ///
    /// ## Why is this bad?
    /// Containers start with a default set of capabilities (CHOWN, NET_RAW, SETUID…) most services never use; dropping them all and adding back the few needed narrows what a compromise can do.
    ///
    /// ## Example
    /// ```yaml
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
    ///     cap_drop: [ALL]
    ///     cap_add: [NET_BIND_SERVICE]
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities>
    pub struct NoCapDropAll {
        code: "LL2016",
        name: "no-cap-drop-all",
        origin: Layerlab,
        target: Compose,
        severity: Style,
        category: Security,
        summary: "Default capabilities are not dropped",
        url: "https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        if !service
            .cap_drop
            .iter()
            .any(|c| util::capability(&c.value) == "ALL")
        {
            out.push(ctx.diagnostic(
                &NoCapDropAll::META,
                service.name.range,
                format!(
                    "service {:?} keeps the default capabilities (no cap_drop: [ALL])",
                    service.name.value
                ),
            ));
        }
    }
}
