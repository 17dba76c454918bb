//! LL2033: All services share the default network.

use super::Context;
use crate::compose::model::Service;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports, once per file, that several services declare no `networks` and so all share the project's default network.
    ///
    /// ## Why is this bad?
    /// Every service can reach every other one. Separate networks (front end / back end) keep a compromised web container away from the database.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   proxy:
    ///     image: nginx:1.27
    ///   db:
    ///     image: postgres:17
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   proxy:
    ///     image: nginx:1.27
    ///     networks: [front]
    ///   app:
    ///     image: my/app
    ///     networks: [front, back]
    ///   db:
    ///     image: postgres:17
    ///     networks: [back]
    /// networks:
    ///   front:
    ///   back:
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/compose/how-tos/networking/>
    pub struct DefaultNetworkOnly {
        code: "LL2033",
        name: "default-network-only",
        origin: Layerlab,
        target: Compose,
        severity: Style,
        category: Security,
        summary: "All services share the default network",
        url: "https://docs.docker.com/compose/how-tos/networking/",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let on_default: Vec<&Service> = ctx
        .model
        .services
        .iter()
        .filter(|s| s.networks.is_empty() && s.network_mode.is_none())
        .collect();
    if on_default.len() >= 3 {
        out.push(ctx.diagnostic(
            &DefaultNetworkOnly::META,
            on_default[0].name.range,
            format!(
                "{} services share the default network and can all reach each other",
                on_default.len()
            ),
        ));
    }
}
