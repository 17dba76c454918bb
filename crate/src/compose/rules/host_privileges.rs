//! LL2005: The container gets control of the host.

use super::util;
use super::Context;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports what hands the host to the container: `privileged: true` (also for `build`), a mounted Docker/Podman/containerd socket (`:ro` does not help) or `use_api_socket: true`, `network_mode: host`, `pid: host`, and `cap_add` of `ALL` or `SYS_ADMIN`.
    ///
    /// ## Why is this bad?
    /// Each of these lets a process in the container act as root on the host: start privileged containers through the socket, load kernel modules, see and signal every host process. A compromise of the service becomes a compromise of the machine.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   agent:
    ///     image: my/agent
    ///     privileged: true
    ///     volumes:
    ///       - /var/run/docker.sock:/var/run/docker.sock
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   agent:
    ///     image: my/agent
    ///     cap_add: [NET_BIND_SERVICE]
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/engine/security/#docker-daemon-attack-surface>
    pub struct HostPrivileges {
        code: "LL2005",
        name: "host-privileges",
        origin: Layerlab,
        target: Compose,
        severity: Warning,
        category: Security,
        summary: "The container gets control of the host",
        url: "https://docs.docker.com/engine/security/#docker-daemon-attack-surface",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        let name = &service.name.value;
        let mut report = |range, message: String| {
            out.push(ctx.diagnostic(&HostPrivileges::META, range, message));
        };
        if let Some(p) = service.privileged.as_ref().filter(|p| p.value) {
            report(p.range, format!("service {name:?} runs privileged: it has full access to the host's devices and kernel"));
        }
        if let Some(p) = service
            .build
            .as_ref()
            .and_then(|b| b.privileged.as_ref())
            .filter(|p| p.value)
        {
            report(
                p.range,
                format!("service {name:?} builds with a privileged build container"),
            );
        }
        for mount in &service.volumes {
            if let Some(source) = mount
                .source
                .as_ref()
                .filter(|s| util::is_runtime_socket(&s.value))
            {
                report(
                    source.range,
                    format!("service {name:?} mounts the container runtime socket {}: that is root on the host, even read-only", source.value),
                );
            }
        }
        if let Some(u) = service.use_api_socket.as_ref().filter(|u| u.value) {
            report(u.range, format!("service {name:?} gets the Docker API socket (use_api_socket): that is root on the host"));
        }
        if let Some(mode) = service.network_mode.as_ref().filter(|m| m.value == "host") {
            report(
                mode.range,
                format!("service {name:?} uses the host's network stack (network_mode: host)"),
            );
        }
        if let Some(pid) = service.pid.as_ref().filter(|m| m.value == "host") {
            report(
                pid.range,
                format!("service {name:?} shares the host's process namespace (pid: host)"),
            );
        }
        for cap in &service.cap_add {
            let c = util::capability(&cap.value);
            if c == "ALL" || c == "SYS_ADMIN" {
                report(cap.range, format!("service {name:?} adds capability {c}, which is nearly equivalent to privileged"));
            }
        }
    }
}
