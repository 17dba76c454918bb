//! LL2031: The number of processes is not limited.

use super::Context;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports services without `pids_limit` (or `deploy.resources.limits.pids`), or with `-1`.
    ///
    /// ## Why is this bad?
    /// A fork bomb or a leak of threads in one container exhausts the host's process table (CIS Docker Benchmark 5.29).
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
    ///     pids_limit: 200
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/services/#pids_limit>
    pub struct NoPidsLimit {
        code: "LL2031",
        name: "no-pids-limit",
        origin: Layerlab,
        target: Compose,
        severity: Style,
        category: Security,
        summary: "The number of processes is not limited",
        url: "https://docs.docker.com/reference/compose-file/services/#pids_limit",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        let limit = service.pids_limit.as_ref().map(|p| p.value).or_else(|| {
            service
                .deploy
                .as_ref()
                .and_then(|d| d.limits.as_ref())
                .and_then(|l| l.pids.as_ref())
                .map(|p| p.value)
        });
        if limit.is_none_or(|l| l <= 0) {
            out.push(
                ctx.diagnostic(
                    &NoPidsLimit::META,
                    service
                        .pids_limit
                        .as_ref()
                        .map_or(service.name.range, |p| p.range),
                    format!("service {:?} has no pids_limit", service.name.value),
                ),
            );
        }
    }
}
