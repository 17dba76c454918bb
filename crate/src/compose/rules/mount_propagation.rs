//! LL2020: A bind mount propagates mounts between host and container.

use super::Context;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports bind mounts with `shared`, `rshared`, `slave` or `rslave` propagation (short syntax option or `bind.propagation`).
    ///
    /// ## Why is this bad?
    /// With shared propagation, mounts made inside the container appear on the host (and the reverse), which a compromised container can use to affect the host.
    ///
    /// ## Example
    /// ```yaml
    /// volumes:
    ///   - /mnt/data:/data:rshared
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// volumes:
    ///   - /mnt/data:/data
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/engine/storage/bind-mounts/#configure-bind-propagation>
    pub struct MountPropagation {
        code: "LL2020",
        name: "mount-propagation",
        origin: Layerlab,
        target: Compose,
        severity: Info,
        category: Security,
        summary: "A bind mount propagates mounts between host and container",
        url: "https://docs.docker.com/engine/storage/bind-mounts/#configure-bind-propagation",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        for mount in &service.volumes {
            let Some(p) = &mount.propagation else {
                continue;
            };
            if matches!(p.value.as_str(), "shared" | "rshared" | "slave" | "rslave") {
                out.push(ctx.diagnostic(
                    &MountPropagation::META,
                    p.range,
                    format!(
                        "service {:?} uses {} mount propagation",
                        service.name.value, p.value
                    ),
                ));
            }
        }
    }
}
