//! LL2014: `no-new-privileges` is not set.

use super::Context;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports services whose `security_opt` lacks `no-new-privileges:true`.
    ///
    /// ## Why is this bad?
    /// Without it, setuid binaries in the image can raise a process's privileges (CIS Docker Benchmark 5.25).
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     security_opt: ["no-new-privileges:true"]
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/cli/docker/container/run/#security-opt>
    pub struct NoNewPrivileges {
        code: "LL2014",
        name: "no-new-privileges",
        origin: Layerlab,
        target: Compose,
        severity: Style,
        category: Security,
        summary: "`no-new-privileges` is not set",
        url: "https://docs.docker.com/reference/cli/docker/container/run/#security-opt",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        let set = service.security_opt.iter().any(|o| {
            let v = o.value.replace('=', ":");
            v == "no-new-privileges" || v == "no-new-privileges:true"
        });
        if !set {
            out.push(ctx.diagnostic(
                &NoNewPrivileges::META,
                service.name.range,
                format!(
                    "service {:?} does not set security_opt no-new-privileges:true",
                    service.name.value
                ),
            ));
        }
    }
}
