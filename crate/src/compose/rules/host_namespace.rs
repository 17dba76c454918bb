//! LL2021: The container shares a host namespace.

use super::Context;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports `ipc: host`, `uts: host`, `userns_mode: host` and `cgroup: host` (`pid` and `network_mode` are reported by LL2005).
    ///
    /// ## Why is this bad?
    /// Sharing a namespace removes part of the isolation between the container and the host: shared memory, the hostname, user ID mapping, the cgroup tree.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: my/web
    ///     ipc: host
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: my/web
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/services/#ipc>
    pub struct HostNamespace {
        code: "LL2021",
        name: "host-namespace",
        origin: Layerlab,
        target: Compose,
        severity: Warning,
        category: Security,
        summary: "The container shares a host namespace",
        url: "https://docs.docker.com/reference/compose-file/services/#ipc",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        let modes = [
            ("ipc", &service.ipc),
            ("uts", &service.uts),
            ("userns_mode", &service.userns_mode),
            ("cgroup", &service.cgroup),
        ];
        for (key, mode) in modes {
            if let Some(mode) = mode.as_ref().filter(|m| m.value == "host") {
                out.push(ctx.diagnostic(
                    &HostNamespace::META,
                    mode.range,
                    format!(
                        "service {:?} shares the host's namespace ({key}: host)",
                        service.name.value
                    ),
                ));
            }
        }
    }
}
