//! LL2002: `condition: service_healthy` on a service that has no healthcheck.

use super::Context;
use crate::compose::model::Condition;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::Severity;

crate::declare_rule! {
    /// ## What it does
    /// Reports `depends_on` entries with `condition: service_healthy` whose service defines no healthcheck (or disables it). When the service is built from a Dockerfile whose facts are known, a `HEALTHCHECK` there counts; when they are not known, the finding is a warning.
    ///
    /// ## Why is this bad?
    /// The dependent service never starts: `docker compose up` waits for a health status that never comes and fails with `dependency failed to start: container … has no healthcheck configured`. Nothing catches this before `up`; compose v1 refused it at load time.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: my/web
    ///     depends_on:
    ///       db:
    ///         condition: service_healthy
    ///   db:
    ///     image: postgres:17
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: my/web
    ///     depends_on:
    ///       db:
    ///         condition: service_healthy
    ///   db:
    ///     image: postgres:17
    ///     healthcheck:
    ///       test: ["CMD-SHELL", "pg_isready -U postgres"]
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/compose/how-tos/startup-order/>
    pub struct HealthyDependencyWithoutHealthcheck {
        code: "LL2002",
        name: "healthy-dependency-without-healthcheck",
        origin: Layerlab,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "`condition: service_healthy` on a service that has no healthcheck",
        url: "https://docs.docker.com/compose/how-tos/startup-order/",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        for dependency in &service.depends_on {
            if dependency.condition.value != Condition::ServiceHealthy {
                continue;
            }
            let Some(target) = ctx.service(&dependency.service.value) else {
                continue;
            };
            if let Some(check) = &target.healthcheck {
                if check.is_effective() && !check.test.is_empty() {
                    continue;
                }
                if check.is_effective() {
                    // Only timings: the image's HEALTHCHECK is used.
                    continue;
                }
            }
            let from_dockerfile = ctx.facts_for(target).map(|f| {
                let target_stage = target
                    .build
                    .as_ref()
                    .and_then(|b| b.target.as_ref())
                    .map(|t| t.value.as_str());
                f.stage(target_stage).is_some_and(|s| s.has_healthcheck)
            });
            let disabled = target
                .healthcheck
                .as_ref()
                .is_some_and(|c| !c.is_effective());
            if from_dockerfile == Some(true) && !disabled {
                continue;
            }
            let mut d = ctx.diagnostic(
                &HealthyDependencyWithoutHealthcheck::META,
                dependency.condition.range,
                if disabled {
                    format!(
                        "service {:?} waits for {:?} to be healthy, but its healthcheck is disabled",
                        service.name.value, target.name.value
                    )
                } else {
                    format!(
                        "service {:?} waits for {:?} to be healthy, but {:?} has no healthcheck; `docker compose up` will fail",
                        service.name.value, target.name.value, target.name.value
                    )
                },
            )
            .with_related(target.name.range, format!("{:?} is defined here", target.name.value));
            if !disabled && target.build.is_some() && from_dockerfile.is_none() {
                d.severity = Severity::Warning;
                d.message
                    .push_str(" (unless its Dockerfile declares a HEALTHCHECK)");
            }
            out.push(d);
        }
    }
}
