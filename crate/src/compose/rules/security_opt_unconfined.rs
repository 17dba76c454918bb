//! LL2017: A security profile is disabled.

use super::Context;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports `security_opt` entries that switch off confinement: `seccomp:unconfined`, `apparmor:unconfined`, `label:disable` (also with `=`), and `systempaths=unconfined`.
    ///
    /// ## Why is this bad?
    /// These remove the kernel-level filters that stop a container process from calling dangerous system calls or reaching host files.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: my/web
    ///     security_opt: ["seccomp:unconfined"]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: my/web
    ///     security_opt: ["no-new-privileges:true"]
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/engine/security/seccomp/>
    pub struct SecurityOptUnconfined {
        code: "LL2017",
        name: "security-opt-unconfined",
        origin: Layerlab,
        target: Compose,
        severity: Warning,
        category: Security,
        summary: "A security profile is disabled",
        url: "https://docs.docker.com/engine/security/seccomp/",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        for option in &service.security_opt {
            let normalized = option.value.replace('=', ":").to_ascii_lowercase();
            if matches!(
                normalized.as_str(),
                "seccomp:unconfined"
                    | "apparmor:unconfined"
                    | "label:disable"
                    | "systempaths:unconfined"
            ) {
                out.push(ctx.diagnostic(
                    &SecurityOptUnconfined::META,
                    option.range,
                    format!(
                        "service {:?} disables a security profile ({})",
                        service.name.value, option.value
                    ),
                ));
            }
        }
    }
}
