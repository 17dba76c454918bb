//! LL2013: The container's root filesystem is writable.

use super::Context;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports services without `read_only: true`.
    ///
    /// ## Why is this bad?
    /// A read-only root filesystem stops an attacker from dropping tools or changing binaries; writable paths the application needs can be `tmpfs` mounts (`/tmp`, `/run`) or volumes.
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
    ///     read_only: true
    ///     tmpfs: [/tmp, /var/cache/nginx, /var/run]
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/services/#read_only>
    pub struct NoReadOnly {
        code: "LL2013",
        name: "no-read-only",
        origin: Layerlab,
        target: Compose,
        severity: Style,
        category: Security,
        summary: "The container's root filesystem is writable",
        url: "https://docs.docker.com/reference/compose-file/services/#read_only",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        if !service.read_only.as_ref().is_some_and(|r| r.value) {
            out.push(ctx.diagnostic(
                &NoReadOnly::META,
                service.name.range,
                format!(
                    "service {:?} has a writable root filesystem (read_only is not set)",
                    service.name.value
                ),
            ));
        }
    }
}
