//! LL2029: A service has no healthcheck.

use super::Context;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports services without a `healthcheck` (services built from a Dockerfile with a `HEALTHCHECK` are skipped when its facts are known).
    ///
    /// ## Why is this bad?
    /// Without a healthcheck, a hung process looks healthy, `depends_on` cannot wait for readiness and orchestrators cannot replace it.
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
    ///     healthcheck:
    ///       test: ["CMD", "wget", "-q", "--spider", "http://localhost/"]
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/services/#healthcheck>
    pub struct NoHealthcheck {
        code: "LL2029",
        name: "no-healthcheck",
        origin: Layerlab,
        target: Compose,
        severity: Style,
        category: Correctness,
        summary: "A service has no healthcheck",
        url: "https://docs.docker.com/reference/compose-file/services/#healthcheck",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        if service.healthcheck.is_some() {
            continue;
        }
        let target = service
            .build
            .as_ref()
            .and_then(|b| b.target.as_ref())
            .map(|t| t.value.as_str());
        if ctx
            .facts_for(service)
            .and_then(|f| f.stage(target))
            .is_some_and(|s| s.has_healthcheck)
        {
            continue;
        }
        out.push(ctx.diagnostic(
            &NoHealthcheck::META,
            service.name.range,
            format!("service {:?} has no healthcheck", service.name.value),
        ));
    }
}
