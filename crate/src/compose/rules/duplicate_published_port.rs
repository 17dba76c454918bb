//! LL2025: Two port mappings publish the same host port.

use super::Context;
use crate::compose::model::{Port, PortRange, Service};
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports a published host port (or range) that another mapping in the file already publishes on the same interface and protocol, within one service or across services. Services whose profiles never run together are not compared.
    ///
    /// ## Why is this bad?
    /// The second container fails at `up` with `port is already allocated`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   a:
    ///     image: x
    ///     ports: ["8080:80"]
    ///   b:
    ///     image: y
    ///     ports: ["8080:80"]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   a:
    ///     image: x
    ///     ports: ["8080:80"]
    ///   b:
    ///     image: y
    ///     ports: ["8081:80"]
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/services/#ports>
    pub struct DuplicatePublishedPort {
        code: "LL2025",
        name: "duplicate-published-port",
        origin: Layerlab,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "Two port mappings publish the same host port",
        url: "https://docs.docker.com/reference/compose-file/services/#ports",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut seen: Vec<(&Service, &Port, PortRange)> = Vec::new();
    for service in &ctx.model.services {
        for port in &service.ports {
            let Some(published) = &port.published else {
                continue;
            };
            // A host range for one container port means "any free port of the range".
            if published.value.len() > 1 && port.target.value.len() == 1 {
                continue;
            }
            for (other_service, other, other_range) in &seen {
                if other.protocol != port.protocol || !other_range.overlaps(published.value) {
                    continue;
                }
                if !same_interface(other, port) || !may_run_together(other_service, service) {
                    continue;
                }
                out.push(
                    ctx.diagnostic(
                        &DuplicatePublishedPort::META,
                        published.range,
                        format!(
                            "host port {} of service {:?} is already published by service {:?}",
                            published.value, service.name.value, other_service.name.value
                        ),
                    )
                    .with_related(other.range, "first published here"),
                );
                break;
            }
            seen.push((service, port, published.value));
        }
    }
}

fn same_interface(a: &Port, b: &Port) -> bool {
    let ip = |p: &Port| {
        p.host_ip
            .as_ref()
            .map_or(String::new(), |i| i.value.clone())
    };
    let (a, b) = (ip(a), ip(b));
    let any = |s: &str| matches!(s, "" | "0.0.0.0" | "::" | "[::]");
    a == b || any(&a) || any(&b)
}

fn may_run_together(a: &Service, b: &Service) -> bool {
    if a.profiles.is_empty() || b.profiles.is_empty() {
        return true;
    }
    a.profiles
        .iter()
        .any(|p| b.profiles.iter().any(|q| q.value == p.value))
}
