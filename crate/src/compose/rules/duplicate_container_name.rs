//! LL2036: Two services use the same `container_name`.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::text::TextRange;
use std::collections::HashMap;

crate::declare_rule! {
    /// ## What it does
    /// Reports a `container_name` that another service of the file already uses.
    ///
    /// ## Why is this bad?
    /// Container names are unique per engine: the second container fails at `up` with a name conflict.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   a:
    ///     image: x
    ///     container_name: app
    ///   b:
    ///     image: y
    ///     container_name: app
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   a:
    ///     image: x
    ///     container_name: app-a
    ///   b:
    ///     image: y
    ///     container_name: app-b
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/services/#container_name>
    pub struct DuplicateContainerName {
        code: "LL2036",
        name: "duplicate-container-name",
        origin: Layerlab,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "Two services use the same `container_name`",
        url: "https://docs.docker.com/reference/compose-file/services/#container_name",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, (&str, TextRange)> = HashMap::new();
    for service in &ctx.model.services {
        let Some(name) = &service.container_name else {
            continue;
        };
        match seen.get(name.value.as_str()) {
            Some((other, first)) => out.push(
                ctx.diagnostic(
                    &DuplicateContainerName::META,
                    name.range,
                    format!(
                        "container name {:?} is already used by service {other:?}",
                        name.value
                    ),
                )
                .with_related(*first, "first used here"),
            ),
            None => {
                seen.insert(&name.value, (&service.name.value, name.range));
            }
        }
    }
}
