//! LL2023: A port is published on all host interfaces.

use super::database_port_exposed;
use super::Context;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports published ports without a host IP (database ports are LL2004). A fix binds the port to `127.0.0.1`.
    ///
    /// ## Why is this bad?
    /// Published ports are reachable from every network the host is on, past the host firewall. Bind to `127.0.0.1` what only local clients or a reverse proxy need.
    ///
    /// ## Example
    /// ```yaml
    /// ports:
    ///   - "8080:80"
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// ports:
    ///   - "127.0.0.1:8080:80"
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/engine/network/packet-filtering-firewalls/>
    pub struct PortAllInterfaces {
        code: "LL2023",
        name: "port-all-interfaces",
        origin: Layerlab,
        target: Compose,
        severity: Style,
        category: Security,
        summary: "A port is published on all host interfaces",
        url: "https://docs.docker.com/engine/network/packet-filtering-firewalls/",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        let database_image = service
            .image
            .as_ref()
            .is_some_and(|i| database_port_exposed::is_database_image(&i.value));
        for port in &service.ports {
            if !port.binds_all_interfaces() || database_image {
                continue;
            }
            if database_port_exposed::DATABASE_PORTS
                .iter()
                .any(|(p, _)| port.target.value.contains(*p))
            {
                continue;
            }
            let mut d = ctx.diagnostic(
                &PortAllInterfaces::META,
                port.range,
                format!(
                    "port {} of service {:?} is published on all host interfaces",
                    port.target.value, service.name.value
                ),
            );
            if let Some(fix) = database_port_exposed::bind_to_localhost(ctx.source, port) {
                d = d.with_fix(fix);
            }
            out.push(d);
        }
    }
}
