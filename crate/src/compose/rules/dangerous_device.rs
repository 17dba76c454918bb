//! LL2019: A host device that gives raw access is passed in.

use super::Context;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports `devices` that expose raw disks (`/dev/sd*`, `/dev/nvme*`, `/dev/mmcblk*`, `/dev/vd*`, `/dev/xvd*`, `/dev/dm-*`), kernel memory or logs (`/dev/mem`, `/dev/kmem`, `/dev/port`, `/dev/kmsg`), or the whole of `/dev`.
    ///
    /// ## Why is this bad?
    /// Raw block devices bypass every filesystem permission; kernel memory devices expose the host kernel.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   tool:
    ///     image: my/tool
    ///     devices: ["/dev/sda:/dev/sda"]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   tool:
    ///     image: my/tool
    ///     volumes: ["./data:/data"]
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/services/#devices>
    pub struct DangerousDevice {
        code: "LL2019",
        name: "dangerous-device",
        origin: Layerlab,
        target: Compose,
        severity: Warning,
        category: Security,
        summary: "A host device that gives raw access is passed in",
        url: "https://docs.docker.com/reference/compose-file/services/#devices",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        for device in &service.devices {
            if is_dangerous(&device.source.value) {
                out.push(ctx.diagnostic(
                    &DangerousDevice::META,
                    device.source.range,
                    format!(
                        "service {:?} gets raw host device {}",
                        service.name.value, device.source.value
                    ),
                ));
            }
        }
    }
}

pub fn is_dangerous(path: &str) -> bool {
    const EXACT: [&str; 5] = ["/dev", "/dev/mem", "/dev/kmem", "/dev/port", "/dev/kmsg"];
    const PREFIXES: [&str; 7] = [
        "/dev/sd",
        "/dev/nvme",
        "/dev/mmcblk",
        "/dev/vd",
        "/dev/xvd",
        "/dev/dm-",
        "/dev/hd",
    ];
    let p = path.trim_end_matches('/');
    EXACT.contains(&p) || PREFIXES.iter().any(|prefix| p.starts_with(prefix))
}
