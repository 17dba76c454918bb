//! LL2015: The service explicitly runs as root.

use super::Context;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports `user: root`, `user: 0` and `user: 0:0` (any `root`/`0` user part).
    ///
    /// ## Why is this bad?
    /// Running as root inside the container makes every escape or mounted-path write a root action on the host. Most images work as an unprivileged user.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: my/web
    ///     user: root
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: my/web
    ///     user: "1000:1000"
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/services/#user>
    pub struct ExplicitRootUser {
        code: "LL2015",
        name: "explicit-root-user",
        origin: Layerlab,
        target: Compose,
        severity: Info,
        category: Security,
        summary: "The service explicitly runs as root",
        url: "https://docs.docker.com/reference/compose-file/services/#user",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        let Some(user) = &service.user else { continue };
        let name = user.value.split(':').next().unwrap_or_default();
        if name == "root" || name == "0" {
            out.push(ctx.diagnostic(
                &ExplicitRootUser::META,
                user.range,
                format!("service {:?} runs as root", service.name.value),
            ));
        }
    }
}
