//! LL2030: Waiting for a restarting service to complete.

use super::util;
use super::Context;
use crate::compose::model::Condition;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports `condition: service_completed_successfully` on a service whose restart policy is `always` or `unless-stopped`.
    ///
    /// ## Why is this bad?
    /// A service that is restarted whenever it exits never stays completed: the dependent service may never start, or start on a lucky window.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   migrate:
    ///     image: my/migrate
    ///     restart: always
    ///   web:
    ///     image: my/web
    ///     depends_on:
    ///       migrate:
    ///         condition: service_completed_successfully
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   migrate:
    ///     image: my/migrate
    ///     restart: "no"
    ///   web:
    ///     image: my/web
    ///     depends_on:
    ///       migrate:
    ///         condition: service_completed_successfully
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/compose/how-tos/startup-order/>
    pub struct CompletedSuccessfullyOnRestarting {
        code: "LL2030",
        name: "completed-successfully-on-restarting",
        origin: Layerlab,
        target: Compose,
        severity: Warning,
        category: Correctness,
        summary: "Waiting for a restarting service to complete",
        url: "https://docs.docker.com/compose/how-tos/startup-order/",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        for dependency in &service.depends_on {
            if dependency.condition.value != Condition::ServiceCompletedSuccessfully {
                continue;
            }
            let Some(target) = ctx.service(&dependency.service.value) else {
                continue;
            };
            if util::restarts(target) {
                out.push(ctx.diagnostic(
                    &CompletedSuccessfullyOnRestarting::META,
                    dependency.condition.range,
                    format!(
                        "service {:?} waits for {:?} to complete, but {:?} is restarted whenever it exits",
                        service.name.value, target.name.value, target.name.value
                    ),
                ));
            }
        }
    }
}
