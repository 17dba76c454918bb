//! LL2009: `restart` is not a valid restart policy.

use super::Context;
use crate::compose::suggest;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports `restart` values other than `no`, `always`, `on-failure`, `on-failure:N` and `unless-stopped`. The schema accepts any string, so `docker compose config` does not catch this.
    ///
    /// ## Why is this bad?
    /// The engine refuses to create the container at `up` (`invalid restart policy`).
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     restart: sometimes
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     restart: unless-stopped
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/services/#restart>
    pub struct InvalidRestartPolicy {
        code: "LL2009",
        name: "invalid-restart-policy",
        origin: Layerlab,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "`restart` is not a valid restart policy",
        url: "https://docs.docker.com/reference/compose-file/services/#restart",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        let Some(restart) = &service.restart else {
            continue;
        };
        let value = restart.value.as_str();
        let valid = matches!(value, "no" | "always" | "on-failure" | "unless-stopped")
            || value
                .strip_prefix("on-failure:")
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if valid || value.contains('$') {
            continue;
        }
        let mut message = format!(
            "invalid restart policy {value:?}: use no, always, on-failure[:N] or unless-stopped"
        );
        if let Some(near) =
            suggest::closest(value, ["no", "always", "on-failure", "unless-stopped"])
        {
            message.push_str(&format!(" (did you mean {near:?}?)"));
        }
        out.push(ctx.diagnostic(&InvalidRestartPolicy::META, restart.range, message));
    }
}
