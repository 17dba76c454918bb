//! The `docker compose config` view: the interpolated, merged file with short
//! syntaxes expanded to their canonical long form, as JSON (and YAML).

use super::model::build::to_json;
use super::model::{ComposeModel, KeyValue, Mount, MountKind, Port, Service};
use super::yaml::Node;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// Render the canonical form of `root` (the merged tree) using `model`.
pub fn render(root: &Node, model: &ComposeModel) -> Value {
    let mut top = match to_json(root) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    top.remove("version");
    let mut services = Map::new();
    let mut uses_default_network = false;
    let nodes: HashMap<&str, &Node> = root
        .get("services")
        .and_then(|s| s.as_map())
        .unwrap_or(&[])
        .iter()
        .map(|e| (e.key_str(), &e.value))
        .collect();
    for service in &model.services {
        let node = nodes.get(service.name.value.as_str()).copied();
        let mut rendered = match node.map(to_json) {
            Some(Value::Object(map)) => map,
            _ => Map::new(),
        };
        uses_default_network |= canonical_service(service, &mut rendered);
        services.insert(service.name.value.clone(), Value::Object(rendered));
    }
    if !services.is_empty() || top.contains_key("services") {
        top.insert("services".into(), Value::Object(services));
    }
    if uses_default_network {
        let networks = top
            .entry("networks")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(networks) = networks {
            let default_name = model
                .name
                .as_ref()
                .map(|n| json!({ "name": format!("{}_default", n.value) }))
                .unwrap_or_else(|| json!({}));
            networks.entry("default").or_insert(default_name);
        }
    }
    // Declared-but-empty resources render as mappings, as compose does.
    for kind in ["networks", "volumes", "secrets", "configs"] {
        if let Some(Value::Object(items)) = top.get_mut(kind) {
            for value in items.values_mut() {
                if value.is_null() {
                    *value = json!({});
                }
            }
        }
    }
    Value::Object(top)
}

/// Replace short forms in one service; returns whether it joins the
/// default network.
fn canonical_service(service: &Service, out: &mut Map<String, Value>) -> bool {
    out.remove("extends");
    if let Some(build) = &service.build {
        let mut b = match out.remove("build") {
            Some(Value::Object(map)) => map,
            _ => Map::new(),
        };
        b.insert("context".into(), json!(build.context.value));
        if build.dockerfile_inline.is_none() {
            b.insert("dockerfile".into(), json!(build.dockerfile_path()));
        }
        if !build.args.is_empty() {
            b.insert("args".into(), key_value_map(&build.args));
        }
        if !build.labels.is_empty() {
            b.insert("labels".into(), key_value_map(&build.labels));
        }
        out.insert("build".into(), Value::Object(b));
    }
    if !service.environment.is_empty() {
        out.insert("environment".into(), key_value_map(&service.environment));
    }
    if !service.labels.is_empty() {
        out.insert("labels".into(), key_value_map(&service.labels));
    }
    if !service.ports.is_empty() {
        out.insert(
            "ports".into(),
            Value::Array(service.ports.iter().flat_map(port_entries).collect()),
        );
    }
    if !service.volumes.is_empty() {
        out.insert(
            "volumes".into(),
            Value::Array(service.volumes.iter().map(mount_entry).collect()),
        );
    }
    if !service.depends_on.is_empty() {
        let mut deps = Map::new();
        for d in &service.depends_on {
            deps.insert(
                d.service.value.clone(),
                json!({
                    "condition": d.condition.value.as_str(),
                    "required": d.required,
                    "restart": d.restart,
                }),
            );
        }
        out.insert("depends_on".into(), Value::Object(deps));
    }
    let joins_default = service.networks.is_empty() && service.network_mode.is_none();
    let mut networks = Map::new();
    for n in &service.networks {
        let mut settings = Map::new();
        if !n.aliases.is_empty() {
            settings.insert(
                "aliases".into(),
                Value::Array(n.aliases.iter().map(|a| json!(a.value)).collect()),
            );
        }
        if let Some(ip) = &n.ipv4_address {
            settings.insert("ipv4_address".into(), json!(ip.value));
        }
        if let Some(ip) = &n.ipv6_address {
            settings.insert("ipv6_address".into(), json!(ip.value));
        }
        let value = if settings.is_empty() {
            Value::Null
        } else {
            Value::Object(settings)
        };
        networks.insert(n.name.value.clone(), value);
    }
    if joins_default {
        networks.insert("default".into(), Value::Null);
    }
    if !networks.is_empty() {
        out.insert("networks".into(), Value::Object(networks));
    }
    joins_default
}

fn key_value_map(items: &[KeyValue]) -> Value {
    let mut map = Map::new();
    for item in items {
        let value = item
            .value
            .as_ref()
            .map_or(Value::Null, |v| Value::String(v.value.clone()));
        map.insert(item.key.value.clone(), value);
    }
    Value::Object(map)
}

/// One canonical entry per container port (ranges are expanded).
fn port_entries(port: &Port) -> Vec<Value> {
    let target = port.target.value;
    let mut out = Vec::new();
    for (i, container) in (target.start..=target.end).enumerate() {
        let mut entry = Map::new();
        entry.insert(
            "mode".into(),
            json!(port.mode.as_ref().map_or("ingress", |m| m.value.as_str())),
        );
        if let Some(ip) = &port.host_ip {
            if !ip.value.is_empty() {
                entry.insert("host_ip".into(), json!(ip.value));
            }
        }
        entry.insert("target".into(), json!(container));
        if let Some(published) = &port.published {
            let p = published.value;
            let value = if p.len() == target.len() {
                (p.start + i as u32).to_string()
            } else {
                p.to_string()
            };
            entry.insert("published".into(), json!(value));
        }
        entry.insert("protocol".into(), json!(port.protocol));
        if let Some(name) = &port.name {
            entry.insert("name".into(), json!(name.value));
        }
        if let Some(app) = &port.app_protocol {
            entry.insert("app_protocol".into(), json!(app.value));
        }
        out.push(Value::Object(entry));
    }
    out
}

fn mount_entry(mount: &Mount) -> Value {
    let mut entry = Map::new();
    entry.insert("type".into(), json!(mount.kind.as_str()));
    if let Some(source) = &mount.source {
        entry.insert("source".into(), json!(source.value));
    }
    if let Some(target) = &mount.target {
        entry.insert("target".into(), json!(target.value));
    }
    if mount.read_only {
        entry.insert("read_only".into(), json!(true));
    }
    match mount.kind {
        MountKind::Bind => {
            let mut bind = Map::new();
            if let Some(p) = &mount.propagation {
                bind.insert("propagation".into(), json!(p.value));
            }
            bind.insert(
                "create_host_path".into(),
                json!(mount.create_host_path.unwrap_or(true)),
            );
            if let Some(s) = &mount.selinux {
                bind.insert("selinux".into(), json!(s.value));
            }
            entry.insert("bind".into(), Value::Object(bind));
        }
        MountKind::Volume => {
            let mut volume = Map::new();
            if let Some(n) = mount.nocopy {
                volume.insert("nocopy".into(), json!(n));
            }
            if let Some(s) = &mount.subpath {
                volume.insert("subpath".into(), json!(s.value));
            }
            entry.insert("volume".into(), Value::Object(volume));
        }
        MountKind::Tmpfs => {
            if let Some(size) = &mount.tmpfs_size {
                entry.insert("tmpfs".into(), json!({ "size": size.value }));
            }
        }
        _ => {}
    }
    Value::Object(entry)
}

/// A small YAML emitter for the resolved view (block style, two spaces).
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    emit(value, 0, &mut out);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn emit(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, v) in map {
                out.push_str(&pad);
                out.push_str(&scalar_text(&Value::String(key.clone())));
                out.push(':');
                emit_child(v, indent, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for item in items {
                out.push_str(&pad);
                out.push('-');
                match item {
                    Value::Object(map) if !map.is_empty() => {
                        // First key on the dash line, the rest aligned under it.
                        let mut first = true;
                        for (key, v) in map {
                            if first {
                                out.push(' ');
                                first = false;
                            } else {
                                out.push_str(&pad);
                                out.push_str("  ");
                            }
                            out.push_str(&scalar_text(&Value::String(key.clone())));
                            out.push(':');
                            emit_child(v, indent + 2, out);
                        }
                    }
                    _ => emit_child(item, indent, out),
                }
            }
        }
        other => {
            out.push_str(&pad);
            out.push_str(&scalar_text(other));
            out.push('\n');
        }
    }
}

fn emit_child(value: &Value, indent: usize, out: &mut String) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            emit(value, indent + 2, out);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            emit(value, indent + 2, out);
        }
        Value::Null => out.push('\n'),
        other => {
            out.push(' ');
            out.push_str(&scalar_text(other));
            out.push('\n');
        }
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Object(_) => "{}".into(),
        Value::Array(_) => "[]".into(),
        Value::String(s) => {
            if needs_quotes(s) {
                serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
            } else {
                s.clone()
            }
        }
    }
}

fn needs_quotes(s: &str) -> bool {
    if s.is_empty() || s.trim() != s {
        return true;
    }
    let resolved = super::yaml::scalar::resolve(s, super::yaml::ScalarStyle::Plain, None);
    if resolved != super::yaml::Scalar::Str {
        return true;
    }
    let lower = s.to_ascii_lowercase();
    if matches!(lower.as_str(), "yes" | "no" | "on" | "off" | "y" | "n") {
        return true;
    }
    let first = s.chars().next().unwrap_or(' ');
    "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.chars().any(|c| c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_emitter_round_trips_shapes() {
        let value = json!({
            "services": {
                "web": {
                    "image": "nginx:1.27",
                    "ports": [{"target": 80, "published": "8080"}],
                    "command": ["echo", "a: b"],
                    "empty": null
                }
            }
        });
        let yaml = to_yaml(&value);
        assert!(yaml.contains("services:\n  web:\n"), "{yaml}");
        assert!(
            yaml.contains("    ports:\n      - published: \"8080\"\n        target: 80\n"),
            "{yaml}"
        );
        assert!(yaml.contains("      - \"a: b\"\n"), "{yaml}");
        // It is valid YAML that reads back to the same structure.
        let parsed = crate::compose::yaml::parse(&yaml, Default::default());
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(to_json(&parsed.documents[0]), value);
    }
}
