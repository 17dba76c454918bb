//! LL2018: A sensitive host path is mounted.

use super::util;
use super::Context;
use crate::compose::model::MountKind;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports bind mounts of host paths that expose the host: `/`, `/etc`, `/proc`, `/sys`, `/boot`, `/dev`, `/root`, `/home`, `/run`, `/var/run`, `/var/lib/docker`, SSH and cloud credential directories. Common read-only files such as `/etc/localtime` are not reported; runtime sockets are reported by LL2005.
    ///
    /// ## Why is this bad?
    /// A container that can read or write these paths can read host secrets, change host configuration or reach other containers' data.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: my/web
    ///     volumes:
    ///       - /etc:/host/etc
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: my/web
    ///     volumes:
    ///       - ./config:/etc/app:ro
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/engine/storage/bind-mounts/>
    pub struct SensitiveHostPath {
        code: "LL2018",
        name: "sensitive-host-path",
        origin: Layerlab,
        target: Compose,
        severity: Warning,
        category: Security,
        summary: "A sensitive host path is mounted",
        url: "https://docs.docker.com/engine/storage/bind-mounts/",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        for mount in &service.volumes {
            if mount.kind != MountKind::Bind {
                continue;
            }
            let Some(source) = &mount.source else {
                continue;
            };
            if util::is_runtime_socket(&source.value) || !is_sensitive(&source.value) {
                continue;
            }
            out.push(ctx.diagnostic(
                &SensitiveHostPath::META,
                source.range,
                format!(
                    "service {:?} mounts the sensitive host path {}{}",
                    service.name.value,
                    source.value,
                    if mount.read_only { " (read-only)" } else { "" }
                ),
            ));
        }
    }
}

pub fn is_sensitive(path: &str) -> bool {
    const EXACT: [&str; 13] = [
        "/",
        "/etc",
        "/proc",
        "/sys",
        "/boot",
        "/dev",
        "/root",
        "/home",
        "/run",
        "/var/run",
        "/var/lib/docker",
        "/usr",
        "/lib",
    ];
    const PREFIXES: [&str; 10] = [
        "/proc/",
        "/sys/",
        "/boot/",
        "/root/",
        "/var/lib/docker/",
        "/etc/ssh",
        "/etc/shadow",
        "/etc/sudoers",
        "~/.ssh",
        "~/.aws",
    ];
    let p = util::host_path(path);
    EXACT.contains(&p.as_str()) || PREFIXES.iter().any(|prefix| p.starts_with(prefix))
}
