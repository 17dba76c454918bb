//! LL2024: A port below 1024 is published on the host.

use super::Context;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports published host ports below 1024.
    ///
    /// ## Why is this bad?
    /// Binding low ports needs privileges on the host side and usually means the service faces the internet directly; a reverse proxy in front is the common pattern.
    ///
    /// ## Example
    /// ```yaml
    /// ports:
    ///   - "80:8080"
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// ports:
    ///   - "8080:8080"
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/services/#ports>
    pub struct PrivilegedPort {
        code: "LL2024",
        name: "privileged-port",
        origin: Layerlab,
        target: Compose,
        severity: Style,
        category: Security,
        summary: "A port below 1024 is published on the host",
        url: "https://docs.docker.com/reference/compose-file/services/#ports",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        for port in &service.ports {
            let Some(published) = &port.published else {
                continue;
            };
            if published.value.start < 1024 {
                out.push(ctx.diagnostic(
                    &PrivilegedPort::META,
                    published.range,
                    format!(
                        "host port {} of service {:?} is a privileged port",
                        published.value, service.name.value
                    ),
                ));
            }
        }
    }
}
