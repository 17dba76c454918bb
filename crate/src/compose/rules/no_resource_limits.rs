//! LL2012: A service has no memory or CPU limit.

use super::Context;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports services with neither a memory limit (`mem_limit` or `deploy.resources.limits.memory`) nor a CPU limit (`cpus` or `deploy.resources.limits.cpus`).
    ///
    /// ## Why is this bad?
    /// One runaway container can take all the host's memory or CPU and starve the others (CIS Docker Benchmark 5.10, 5.11).
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
    ///     deploy:
    ///       resources:
    ///         limits:
    ///           memory: 256m
    ///           cpus: "0.5"
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/deploy/#resources>
    pub struct NoResourceLimits {
        code: "LL2012",
        name: "no-resource-limits",
        origin: Layerlab,
        target: Compose,
        severity: Style,
        category: Security,
        summary: "A service has no memory or CPU limit",
        url: "https://docs.docker.com/reference/compose-file/deploy/#resources",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        let limits = service.deploy.as_ref().and_then(|d| d.limits.as_ref());
        let memory = service.mem_limit.is_some() || limits.is_some_and(|l| l.memory.is_some());
        let cpu = service.cpus.is_some() || limits.is_some_and(|l| l.cpus.is_some());
        if !memory && !cpu {
            out.push(ctx.diagnostic(
                &NoResourceLimits::META,
                service.name.range,
                format!(
                    "service {:?} has no memory or CPU limit",
                    service.name.value
                ),
            ));
        }
    }
}
