//! LL3001: `build.target` names no stage of the Dockerfile.

use super::Context;
use crate::compose::suggest;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::{Fix, TextEdit};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `build.target` that is not the name of a stage (`FROM … AS name`) of the Dockerfile the service builds, suggesting the closest stage name. Needs the Dockerfile's facts.
    ///
    /// ## Why is this bad?
    /// The build fails at once with `target stage "production" could not be found`.
    ///
    /// ## Example
    /// ```yaml
    /// # Dockerfile: FROM node:22 AS deps … FROM node:22 AS runner
    /// services:
    ///   app:
    ///     build:
    ///       context: .
    ///       target: production
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   app:
    ///     build:
    ///       context: .
    ///       target: runner
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/build/#target>
    pub struct BuildTargetMissing {
        code: "LL3001",
        name: "build-target-missing",
        origin: Layerlab,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "`build.target` names no stage of the Dockerfile",
        url: "https://docs.docker.com/reference/compose-file/build/#target",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        let Some(target) = service.build.as_ref().and_then(|b| b.target.as_ref()) else {
            continue;
        };
        let Some(facts) = ctx.facts_for(service) else {
            continue;
        };
        if target.value.contains('$') || facts.stage(Some(&target.value)).is_some() {
            continue;
        }
        let names: Vec<&str> = facts.stage_names().collect();
        let mut message = format!(
            "build target {:?} is not a stage of the Dockerfile",
            target.value
        );
        if names.is_empty() {
            message.push_str(" (its stages have no names)");
        } else {
            message.push_str(&format!(
                "; its stages are {}",
                names
                    .iter()
                    .map(|n| format!("{n:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let mut d = ctx.diagnostic(&BuildTargetMissing::META, target.range, message);
        if let Some(near) = suggest::closest(&target.value, names.iter().copied()) {
            d.message.push_str(&format!(" (did you mean {near:?}?)"));
            if target.range.slice(ctx.source) == target.value {
                d = d.with_fix(Fix::new(
                    format!("Use stage {near:?}"),
                    vec![TextEdit::replace(target.range, near)],
                ));
            }
        }
        out.push(d);
    }
}
