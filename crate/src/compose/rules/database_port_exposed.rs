//! LL2004: A database or cache port is published on all host interfaces.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::{Fix, TextEdit};

crate::declare_rule! {
    /// ## What it does
    /// Reports published ports of databases and caches (PostgreSQL 5432, MySQL 3306, MongoDB 27017, Redis 6379, Elasticsearch 9200, Memcached 11211, RabbitMQ 5672, …, or any port of such an image) bound to every host interface: no host IP, `0.0.0.0` or `::`. A fix binds the port to `127.0.0.1`.
    ///
    /// ## Why is this bad?
    /// Docker publishes ports with its own firewall rules, past `ufw`: the database becomes reachable from the LAN or the internet, often with default credentials. Other services reach it over the compose network without publishing anything.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     ports:
    ///       - "5432:5432"
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     ports:
    ///       - "127.0.0.1:5432:5432"
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/engine/network/packet-filtering-firewalls/>
    pub struct DatabasePortExposed {
        code: "LL2004",
        name: "database-port-exposed",
        origin: Layerlab,
        target: Compose,
        severity: Warning,
        category: Security,
        summary: "A database or cache port is published on all host interfaces",
        url: "https://docs.docker.com/engine/network/packet-filtering-firewalls/",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        let database_image = service
            .image
            .as_ref()
            .is_some_and(|i| is_database_image(&i.value));
        for port in &service.ports {
            if !port.binds_all_interfaces() {
                continue;
            }
            let known = DATABASE_PORTS
                .iter()
                .find(|(p, _)| port.target.value.contains(*p));
            let what = match (known, database_image) {
                (Some((number, name)), _) => format!("{name} port {number}"),
                (None, true) => "database port".to_string(),
                (None, false) => continue,
            };
            let mut d = ctx.diagnostic(
                &DatabasePortExposed::META,
                port.range,
                format!(
                    "{what} of service {:?} is published on all host interfaces; bind it to 127.0.0.1 or do not publish it",
                    service.name.value
                ),
            );
            if let Some(fix) = bind_to_localhost(ctx.source, port) {
                d = d.with_fix(fix);
            }
            out.push(d);
        }
    }
}

/// Well-known ports of databases, caches and brokers.
pub const DATABASE_PORTS: &[(u32, &str)] = &[
    (5432, "PostgreSQL"),
    (3306, "MySQL"),
    (33060, "MySQL X"),
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (27017, "MongoDB"),
    (27018, "MongoDB"),
    (6379, "Redis"),
    (11211, "Memcached"),
    (9200, "Elasticsearch"),
    (9300, "Elasticsearch"),
    (5672, "RabbitMQ"),
    (5984, "CouchDB"),
    (8086, "InfluxDB"),
    (9042, "Cassandra"),
    (26257, "CockroachDB"),
    (7687, "Neo4j"),
    (2379, "etcd"),
    (9092, "Kafka"),
    (2181, "ZooKeeper"),
    (28015, "RethinkDB"),
];

/// Images of databases and caches, by repository name.
pub fn is_database_image(image: &str) -> bool {
    const NAMES: [&str; 14] = [
        "postgres",
        "postgis",
        "mysql",
        "mariadb",
        "mongo",
        "redis",
        "valkey",
        "memcached",
        "elasticsearch",
        "opensearch",
        "couchdb",
        "cassandra",
        "influxdb",
        "mssql",
    ];
    let (name_end, _, _) = super::util::image_parts(image);
    let repository = image[..name_end].rsplit('/').next().unwrap_or_default();
    NAMES
        .iter()
        .any(|n| repository == *n || repository.starts_with(&format!("{n}-")))
}

/// Insert `127.0.0.1:` in a short-syntax port, or replace `0.0.0.0` / `::`.
pub fn bind_to_localhost(source: &str, port: &crate::compose::model::Port) -> Option<Fix> {
    if !port.short_syntax {
        return None;
    }
    let edit = match &port.host_ip {
        Some(ip) => {
            let written = ip.range.slice(source);
            if written != ip.value || ip.value.is_empty() {
                return None;
            }
            TextEdit::replace(ip.range, "127.0.0.1")
        }
        None => {
            let published = port.published.as_ref()?;
            // The published part must be spelled in the source where we think.
            let written = published.range.slice(source);
            if written != published.value.to_string() {
                return None;
            }
            TextEdit::insert(published.range.start(), "127.0.0.1:")
        }
    };
    Some(Fix::new("Bind the port to 127.0.0.1", vec![edit]))
}
