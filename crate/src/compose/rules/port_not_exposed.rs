//! LL3003: A published container port that the Dockerfile does not `EXPOSE`.

use super::Context;
use crate::compose::model::{syntax::parse_port_range, PortRange};
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports published ports whose container port is not among the Dockerfile's `EXPOSE`d ports, when the Dockerfile exposes at least one port (then the mismatch is likely a mistake). Needs the Dockerfile's facts.
    ///
    /// ## Why is this bad?
    /// The application probably listens on the exposed port; publishing another one gives a connection refused.
    ///
    /// ## Example
    /// ```yaml
    /// # Dockerfile: EXPOSE 3000
    /// services:
    ///   app:
    ///     build: .
    ///     ports: ["8080:8080"]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   app:
    ///     build: .
    ///     ports: ["8080:3000"]
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/dockerfile/#expose>
    pub struct PortNotExposed {
        code: "LL3003",
        name: "port-not-exposed",
        origin: Layerlab,
        target: Compose,
        severity: Info,
        category: Correctness,
        summary: "A published container port that the Dockerfile does not `EXPOSE`",
        url: "https://docs.docker.com/reference/dockerfile/#expose",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        let Some(facts) = ctx.facts_for(service) else {
            continue;
        };
        let target = service
            .build
            .as_ref()
            .and_then(|b| b.target.as_ref())
            .map(|t| t.value.as_str());
        let Some(stage) = facts.stage(target) else {
            continue;
        };
        let exposed: Vec<(PortRange, String)> = stage
            .exposed_ports
            .iter()
            .filter_map(|p| parse_exposed(p))
            .collect();
        if exposed.is_empty() {
            continue;
        }
        for port in &service.ports {
            let covered = exposed.iter().any(|(range, protocol)| {
                *protocol == port.protocol
                    && range.start <= port.target.value.start
                    && port.target.value.end <= range.end
            });
            if !covered {
                let list: Vec<&str> = stage.exposed_ports.iter().map(String::as_str).collect();
                out.push(ctx.diagnostic(
                    &PortNotExposed::META,
                    port.target.range,
                    format!(
                        "container port {} of service {:?} is not exposed by its Dockerfile (EXPOSE {})",
                        port.target.value, service.name.value, list.join(" ")
                    ),
                ));
            }
        }
    }
}

/// `80`, `80/tcp`, `9000-9010/udp`.
fn parse_exposed(text: &str) -> Option<(PortRange, String)> {
    let (ports, protocol) = text.split_once('/').unwrap_or((text, "tcp"));
    Some((
        parse_port_range(ports.trim())?,
        protocol.trim().to_ascii_lowercase(),
    ))
}
