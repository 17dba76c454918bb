//! LL3004: Neither the service nor its Dockerfile sets a non-root user.

use super::Context;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports a service built from a Dockerfile whose final (or target) stage runs as root (no `USER`, or `USER root`/`0`) when the compose file sets no `user` either. Needs the Dockerfile's facts.
    ///
    /// ## Why is this bad?
    /// The application runs as root in the container: any compromise or path traversal acts with root's rights on mounted files and closer to the host.
    ///
    /// ## Example
    /// ```yaml
    /// # Dockerfile without USER
    /// services:
    ///   app:
    ///     build: .
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   app:
    ///     build: .
    ///     user: "1000:1000"
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/best-practices/#user>
    pub struct RunsAsRoot {
        code: "LL3004",
        name: "runs-as-root",
        origin: Layerlab,
        target: Compose,
        severity: Info,
        category: Security,
        summary: "Neither the service nor its Dockerfile sets a non-root user",
        url: "https://docs.docker.com/build/building/best-practices/#user",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        if service.user.is_some() {
            continue;
        }
        let Some(facts) = ctx.facts_for(service) else {
            continue;
        };
        let target = service
            .build
            .as_ref()
            .and_then(|b| b.target.as_ref())
            .map(|t| t.value.as_str());
        let Some(stage) = facts.stage(target) else {
            continue;
        };
        let root = match stage.user.as_deref() {
            None => true,
            Some(user) => matches!(user.split(':').next().unwrap_or_default(), "root" | "0"),
        };
        if root {
            let range = service
                .build
                .as_ref()
                .map_or(service.name.range, |b| b.range);
            out.push(ctx.diagnostic(
                &RunsAsRoot::META,
                range,
                format!(
                    "service {:?} runs as root: its Dockerfile sets no non-root USER and the service sets no `user`",
                    service.name.value
                ),
            ));
        }
    }
}
