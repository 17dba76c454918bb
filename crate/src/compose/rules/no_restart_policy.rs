//! LL2010: A long-running service has no restart policy.

use super::Context;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports services with neither `restart` nor `deploy.restart_policy`.
    ///
    /// ## Why is this bad?
    /// Without a policy the container stays down after a crash or a host reboot. (One-shot jobs are fine without one.)
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
    ///     restart: unless-stopped
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/services/#restart>
    pub struct NoRestartPolicy {
        code: "LL2010",
        name: "no-restart-policy",
        origin: Layerlab,
        target: Compose,
        severity: Style,
        category: Maintainability,
        summary: "A long-running service has no restart policy",
        url: "https://docs.docker.com/reference/compose-file/services/#restart",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        let has_policy = service.restart.is_some()
            || service
                .deploy
                .as_ref()
                .is_some_and(|d| d.restart_policy.is_some());
        if !has_policy {
            out.push(ctx.diagnostic(
                &NoRestartPolicy::META,
                service.name.range,
                format!("service {:?} has no restart policy", service.name.value),
            ));
        }
    }
}
