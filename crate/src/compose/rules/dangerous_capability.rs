//! LL2022: A capability that reaches the host is added.

use super::util;
use super::Context;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports `cap_add` entries that reach beyond the container: `SYS_PTRACE`, `SYS_MODULE`, `SYS_RAWIO`, `SYS_BOOT`, `SYS_TIME`, `DAC_READ_SEARCH`, `NET_ADMIN`, `BPF`, `PERFMON`, `MAC_ADMIN`, `MAC_OVERRIDE`, `SYSLOG` (`ALL` and `SYS_ADMIN` are reported by LL2005).
    ///
    /// ## Why is this bad?
    /// Each of these lets a process read other processes' memory, load kernel code, change host networking or time, or bypass file permission checks.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   debug:
    ///     image: my/app
    ///     cap_add: [SYS_PTRACE]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   debug:
    ///     image: my/app
    /// ```
    ///
    /// ## References
    /// - <https://man7.org/linux/man-pages/man7/capabilities.7.html>
    pub struct DangerousCapability {
        code: "LL2022",
        name: "dangerous-capability",
        origin: Layerlab,
        target: Compose,
        severity: Warning,
        category: Security,
        summary: "A capability that reaches the host is added",
        url: "https://man7.org/linux/man-pages/man7/capabilities.7.html",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        for cap in &service.cap_add {
            let c = util::capability(&cap.value);
            if DANGEROUS.contains(&c.as_str()) {
                out.push(ctx.diagnostic(
                    &DangerousCapability::META,
                    cap.range,
                    format!(
                        "service {:?} adds capability {c}, which reaches beyond the container",
                        service.name.value
                    ),
                ));
            }
        }
    }
}

const DANGEROUS: [&str; 12] = [
    "SYS_PTRACE",
    "SYS_MODULE",
    "SYS_RAWIO",
    "SYS_BOOT",
    "SYS_TIME",
    "DAC_READ_SEARCH",
    "NET_ADMIN",
    "BPF",
    "PERFMON",
    "MAC_ADMIN",
    "MAC_OVERRIDE",
    "SYSLOG",
];
