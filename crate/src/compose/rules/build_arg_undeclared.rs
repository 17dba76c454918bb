//! LL3002: A `build.args` key that no `ARG` of the Dockerfile declares.

use super::Context;
use crate::compose::facts::is_predefined_arg;
use crate::compose::suggest;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports `build.args` entries whose name no `ARG` instruction of the Dockerfile declares (the predefined proxy arguments excepted). Needs the Dockerfile's facts.
    ///
    /// ## Why is this bad?
    /// The value never reaches the build; BuildKit only warns about it in the build output. Usually a typo or a leftover.
    ///
    /// ## Example
    /// ```yaml
    /// # Dockerfile: ARG NODE_VERSION
    /// services:
    ///   app:
    ///     build:
    ///       context: .
    ///       args:
    ///         NODE_VERSOIN: "22"
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   app:
    ///     build:
    ///       context: .
    ///       args:
    ///         NODE_VERSION: "22"
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/build/#args>
    pub struct BuildArgUndeclared {
        code: "LL3002",
        name: "build-arg-undeclared",
        origin: Layerlab,
        target: Compose,
        severity: Warning,
        category: Correctness,
        summary: "A `build.args` key that no `ARG` of the Dockerfile declares",
        url: "https://docs.docker.com/reference/compose-file/build/#args",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        let Some(build) = &service.build else {
            continue;
        };
        let Some(facts) = ctx.facts_for(service) else {
            continue;
        };
        for arg in &build.args {
            let name = arg.key.value.as_str();
            if facts.declares_arg(name) || is_predefined_arg(name) || name.contains('$') {
                continue;
            }
            let declared: Vec<&str> = facts
                .global_args
                .iter()
                .chain(facts.stages.iter().flat_map(|s| s.args.iter()))
                .map(String::as_str)
                .collect();
            let mut message =
                format!("build argument {name} is not declared by any ARG in the Dockerfile");
            if let Some(near) = suggest::closest(name, declared.iter().copied()) {
                message.push_str(&format!(" (did you mean {near:?}?)"));
            }
            out.push(ctx.diagnostic(&BuildArgUndeclared::META, arg.key.range, message));
        }
    }
}
