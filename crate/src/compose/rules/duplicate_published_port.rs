//! LL2025: Two port mappings publish the same host port.

use super::Context;
use crate::compose::model::{Port, Service};
use crate::diagnostic::Diagnostic;
use std::collections::HashMap;

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
    // (protocol, host port) -> who holds it: linear in the number of ports.
    let mut holders: HashMap<(&str, u32), Holders> = HashMap::new();
    let mut expanded = 0usize;
    for service in &ctx.model.services {
        for port in &service.ports {
            let Some(published) = &port.published else {
                continue;
            };
            // A host range for one container port means "any free port of the range".
            if published.value.len() > 1 && port.target.value.len() == 1 {
                continue;
            }
            expanded += published.value.len() as usize;
            if expanded > MAX_EXPANDED_PORTS {
                return;
            }
            let ip = interface(port);
            let conflict = (published.value.start..=published.value.end).find_map(|number| {
                let held = holders.get(&(port.protocol.as_str(), number))?;
                let owner = if ip.is_empty() {
                    held.any.or_else(|| held.specific.values().next().copied())
                } else {
                    held.any.or_else(|| held.specific.get(ip).copied())
                }?;
                Some(owner)
            });
            if let Some((other_service, other_port)) = conflict {
                if may_run_together(other_service, service) {
                    out.push(
                        ctx.diagnostic(
                            &DuplicatePublishedPort::META,
                            published.range,
                            format!(
                                "host port {} of service {:?} is already published by service {:?}",
                                published.value, service.name.value, other_service.name.value
                            ),
                        )
                        .with_related(other_port.range, "first published here"),
                    );
                }
            }
            for number in published.value.start..=published.value.end {
                let held = holders.entry((port.protocol.as_str(), number)).or_default();
                if ip.is_empty() {
                    held.any.get_or_insert((service, port));
                } else {
                    held.specific.entry(ip).or_insert((service, port));
                }
            }
        }
    }
}

/// Past this many host ports the file is not a real one; stop comparing.
const MAX_EXPANDED_PORTS: usize = 200_000;

#[derive(Default)]
struct Holders<'a> {
    /// The first mapping on all interfaces.
    any: Option<(&'a Service, &'a Port)>,
    /// The first mapping on each specific host IP.
    specific: HashMap<&'a str, (&'a Service, &'a Port)>,
}

/// `""` for all interfaces, else the host IP.
fn interface(port: &Port) -> &str {
    match &port.host_ip {
        None => "",
        Some(ip) if matches!(ip.value.as_str(), "" | "0.0.0.0" | "::" | "[::]") => "",
        Some(ip) => ip.value.as_str(),
    }
}

fn may_run_together(a: &Service, b: &Service) -> bool {
    if a.profiles.is_empty() || b.profiles.is_empty() {
        return true;
    }
    a.profiles
        .iter()
        .any(|p| b.profiles.iter().any(|q| q.value == p.value))
}
