//! From the YAML tree to the [`ComposeModel`].
//!
//! Reads leniently: a value of the wrong type was already reported by the
//! schema check and is skipped here. What the schema cannot see (port and
//! volume specs, durations, byte sizes, booleans written `yes`) is parsed and
//! reported here, at the exact part of the value that is wrong.

use super::syntax::{self, LenientBool, MountKind};
use super::*;
use crate::compose::rules::{invalid_value::InvalidValue, yaml11_boolean::Yaml11Boolean};
use crate::compose::yaml::{Entry, Node, Scalar, ScalarStyle, Value};
use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::rules::RuleMeta;
use serde_json::{Map, Value as Json};

/// Build the model of a compose document. `root` is the top-level mapping
/// (for a legacy v1 file, a synthetic one with `services` set).
pub fn build(root: &Node, source: &str, legacy_v1: bool) -> (ComposeModel, Vec<Diagnostic>) {
    let mut reader = Reader {
        source,
        diagnostics: Vec::new(),
    };
    let model = reader.model(root, legacy_v1);
    (model, reader.diagnostics)
}

/// Convert a node to JSON (used for opaque values and the resolved view).
/// The tree is at most `YamlLimits::max_depth` deep, so recursion is bounded.
pub fn to_json(node: &Node) -> Json {
    match &node.value {
        Value::Scalar(s) => scalar_json(s.resolved, &s.text),
        Value::Seq(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => {
            let mut map = Map::new();
            for e in entries {
                map.insert(e.key_str().to_string(), to_json(&e.value));
            }
            Json::Object(map)
        }
    }
}

fn scalar_json(resolved: Scalar, text: &str) -> Json {
    match resolved {
        Scalar::Null => Json::Null,
        Scalar::Bool(b) => Json::Bool(b),
        Scalar::Int(i) => Json::from(i),
        Scalar::Float(f) => serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number),
        Scalar::Str => Json::String(text.to_string()),
    }
}

struct Reader<'a> {
    source: &'a str,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    fn report(&mut self, meta: &RuleMeta, range: crate::text::TextRange, message: String) {
        self.diagnostics.push(Diagnostic::new(
            meta.code,
            meta.severity,
            meta.category,
            range,
            message,
        ));
    }

    /// The range of bytes `start..end` of a scalar's text, when the source
    /// spells the text literally; the whole value otherwise.
    fn sub(&self, node: &Node, start: usize, end: usize) -> crate::text::TextRange {
        crate::compose::subrange(node, self.source, start, end)
    }

    // ---- scalar readers -------------------------------------------------

    fn string(&mut self, node: &Node) -> Option<Spanned<String>> {
        let scalar = node.as_scalar()?;
        if scalar.resolved == Scalar::Null {
            return None;
        }
        Some(Spanned::new(scalar.text.clone(), node.use_range()))
    }

    fn boolean(&mut self, node: &Node) -> Option<Spanned<bool>> {
        let scalar = node.as_scalar()?;
        let value = match scalar.resolved {
            Scalar::Bool(b) => b,
            Scalar::Str => match syntax::parse_bool(&scalar.text) {
                Some(LenientBool::Plain(b)) => b,
                Some(LenientBool::Yaml11(b)) => {
                    let replacement = if b { "true" } else { "false" };
                    let mut d = Diagnostic::new(
                        Yaml11Boolean::META.code,
                        Yaml11Boolean::META.severity,
                        Yaml11Boolean::META.category,
                        node.use_range(),
                        format!(
                            "{:?} for boolean is not supported by YAML 1.2, please use `{replacement}`",
                            scalar.text
                        ),
                    );
                    if node.alias.is_none() && !scalar.interpolated {
                        d = d.with_fix(Fix::new(
                            format!("Write `{replacement}`"),
                            vec![TextEdit::replace(node.range, replacement)],
                        ));
                    }
                    self.diagnostics.push(d);
                    b
                }
                None => {
                    self.report(
                        &InvalidValue::META,
                        node.use_range(),
                        format!("invalid boolean {:?}: use true or false", scalar.text),
                    );
                    return None;
                }
            },
            _ => return None,
        };
        Some(Spanned::new(value, node.use_range()))
    }

    fn int(&mut self, node: &Node) -> Option<Spanned<i64>> {
        let scalar = node.as_scalar()?;
        let value = match scalar.resolved {
            Scalar::Int(i) => i,
            Scalar::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e18 => f as i64,
            Scalar::Str => match scalar.text.trim().parse::<i64>() {
                Ok(i) => i,
                Err(_) => {
                    self.report(
                        &InvalidValue::META,
                        node.use_range(),
                        format!("invalid integer {:?}", scalar.text),
                    );
                    return None;
                }
            },
            _ => return None,
        };
        Some(Spanned::new(value, node.use_range()))
    }

    fn float(&mut self, node: &Node) -> Option<Spanned<f64>> {
        let scalar = node.as_scalar()?;
        let value = match scalar.resolved {
            Scalar::Int(i) => i as f64,
            Scalar::Float(f) => f,
            Scalar::Str => match scalar.text.trim().parse::<f64>() {
                Ok(f) => f,
                Err(_) => {
                    self.report(
                        &InvalidValue::META,
                        node.use_range(),
                        format!("invalid number {:?}", scalar.text),
                    );
                    return None;
                }
            },
            _ => return None,
        };
        Some(Spanned::new(value, node.use_range()))
    }

    fn bytes(&mut self, node: &Node) -> Option<Spanned<u64>> {
        let scalar = node.as_scalar()?;
        let value = match scalar.resolved {
            Scalar::Int(i) if i >= 0 => i as u64,
            Scalar::Float(f) if f >= 0.0 => f as u64,
            Scalar::Str => match syntax::parse_byte_size(&scalar.text) {
                Ok(v) => v,
                Err(message) => {
                    self.report(&InvalidValue::META, node.use_range(), message);
                    return None;
                }
            },
            _ => return None,
        };
        Some(Spanned::new(value, node.use_range()))
    }

    /// A byte size where `-1` means unlimited (`memswap_limit`).
    fn signed_bytes(&mut self, node: &Node) -> Option<Spanned<i64>> {
        if let Some(Scalar::Int(i)) = node.as_scalar().map(|s| s.resolved) {
            return Some(Spanned::new(i, node.use_range()));
        }
        self.bytes(node)
            .map(|b| Spanned::new(i64::try_from(b.value).unwrap_or(i64::MAX), b.range))
    }

    fn duration(&mut self, node: &Node) -> Option<Spanned<u128>> {
        let scalar = node.as_scalar()?;
        let value = match scalar.resolved {
            Scalar::Str => match syntax::parse_duration(&scalar.text) {
                Ok(v) => v,
                Err(message) => {
                    self.report(&InvalidValue::META, node.use_range(), message);
                    return None;
                }
            },
            // The schema asks for strings; a bare number is already reported.
            _ => return None,
        };
        Some(Spanned::new(value, node.use_range()))
    }

    fn raw(&mut self, node: &Node) -> Raw {
        Spanned::new(to_json(node), node.use_range())
    }

    /// `string_or_list` and plain lists of strings.
    fn strings(&mut self, node: &Node) -> Vec<Spanned<String>> {
        match &node.value {
            Value::Seq(items) => items.iter().filter_map(|n| self.string(n)).collect(),
            Value::Scalar(_) => self.string(node).into_iter().collect(),
            Value::Map(_) => Vec::new(),
        }
    }

    /// `list_or_dict`: `[K=V, K]` or `{K: V}`.
    fn key_values(&mut self, node: &Node) -> Vec<KeyValue> {
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|item| {
                    let scalar = item.as_scalar()?;
                    let text = &scalar.text;
                    let (key, value) = match text.find('=') {
                        Some(eq) => {
                            let value_range = self.sub(item, eq + 1, text.len());
                            (
                                Spanned::new(text[..eq].to_string(), self.sub(item, 0, eq)),
                                Some(Spanned::new(text[eq + 1..].to_string(), value_range)),
                            )
                        }
                        None => (Spanned::new(text.clone(), item.use_range()), None),
                    };
                    Some(KeyValue {
                        key,
                        value,
                        range: item.use_range(),
                        interpolated: scalar.interpolated,
                        from_list: true,
                    })
                })
                .collect(),
            Value::Map(entries) => entries
                .iter()
                .map(|e| {
                    let interpolated = e.value.as_scalar().is_some_and(|s| s.interpolated);
                    KeyValue {
                        key: Spanned::new(e.key_str().to_string(), e.key.use_range()),
                        value: self.string(&e.value),
                        range: e.key.use_range().cover(e.value.use_range()),
                        interpolated,
                        from_list: false,
                    }
                })
                .collect(),
            Value::Scalar(_) => Vec::new(),
        }
    }

    fn extensions(&mut self, entries: &[Entry]) -> Vec<Extension> {
        entries
            .iter()
            .filter(|e| e.key_str().starts_with("x-"))
            .map(|e| Extension {
                name: Spanned::new(e.key_str().to_string(), e.key.use_range()),
                value: self.raw(&e.value),
            })
            .collect()
    }

    // ---- top level ------------------------------------------------------

    fn model(&mut self, root: &Node, legacy_v1: bool) -> ComposeModel {
        let mut model = ComposeModel {
            legacy_v1,
            ..ComposeModel::default()
        };
        let Some(entries) = root.as_map() else {
            return model;
        };
        for entry in entries {
            let value = &entry.value;
            match entry.key_str() {
                "name" => model.name = self.string(value),
                "version" => model.version = self.string(value),
                "include" => {
                    for item in value.as_seq().unwrap_or(&[]) {
                        model.includes.push(self.include(item));
                    }
                }
                "services" => {
                    for e in value.as_map().unwrap_or(&[]) {
                        if let Some(service) = self.service(e) {
                            model.services.push(service);
                        }
                    }
                }
                "networks" => {
                    for e in value.as_map().unwrap_or(&[]) {
                        model.networks.push(self.network(e));
                    }
                }
                "volumes" => {
                    for e in value.as_map().unwrap_or(&[]) {
                        model.volumes.push(self.volume(e));
                    }
                }
                "secrets" => {
                    for e in value.as_map().unwrap_or(&[]) {
                        model.secrets.push(self.secret_or_config(e));
                    }
                }
                "configs" => {
                    for e in value.as_map().unwrap_or(&[]) {
                        model.configs.push(self.secret_or_config(e));
                    }
                }
                "models" => {
                    for e in value.as_map().unwrap_or(&[]) {
                        model.models.push(self.ai_model(e));
                    }
                }
                _ => {}
            }
        }
        model.extensions = self.extensions(entries);
        model
    }

    fn include(&mut self, node: &Node) -> Include {
        let mut include = Include {
            range: node.use_range(),
            path: Vec::new(),
            env_file: Vec::new(),
            project_directory: None,
        };
        if node.as_scalar().is_some() {
            include.path = self.strings(node);
        } else if node.as_map().is_some() {
            if let Some(v) = node.get("path") {
                include.path = self.strings(v);
            }
            if let Some(v) = node.get("env_file") {
                include.env_file = self.strings(v);
            }
            include.project_directory = node.get("project_directory").and_then(|v| self.string(v));
        }
        include
    }

    fn network(&mut self, entry: &Entry) -> Network {
        let node = &entry.value;
        let mut network = Network {
            name: Spanned::new(entry.key_str().to_string(), entry.key.use_range()),
            range: entry.key.use_range().cover(node.use_range()),
            custom_name: None,
            driver: None,
            driver_opts: Vec::new(),
            external: None,
            internal: None,
            attachable: None,
            enable_ipv4: None,
            enable_ipv6: None,
            ipam: None,
            labels: Vec::new(),
            keys: Vec::new(),
        };
        for e in node.as_map().unwrap_or(&[]) {
            let v = &e.value;
            network
                .keys
                .push(Spanned::new(e.key_str().to_string(), e.key.use_range()));
            match e.key_str() {
                "name" => network.custom_name = self.string(v),
                "driver" => network.driver = self.string(v),
                "driver_opts" => network.driver_opts = self.key_values(v),
                "external" => network.external = self.external(v),
                "internal" => network.internal = self.boolean(v),
                "attachable" => network.attachable = self.boolean(v),
                "enable_ipv4" => network.enable_ipv4 = self.boolean(v),
                "enable_ipv6" => network.enable_ipv6 = self.boolean(v),
                "ipam" => network.ipam = Some(self.raw(v)),
                "labels" => network.labels = self.key_values(v),
                _ => {}
            }
        }
        network
    }

    /// `external: true`, or the legacy `external: {name: x}`.
    fn external(&mut self, node: &Node) -> Option<Spanned<bool>> {
        if node.as_map().is_some() {
            return Some(Spanned::new(true, node.use_range()));
        }
        self.boolean(node)
    }

    fn volume(&mut self, entry: &Entry) -> Volume {
        let node = &entry.value;
        let mut volume = Volume {
            name: Spanned::new(entry.key_str().to_string(), entry.key.use_range()),
            range: entry.key.use_range().cover(node.use_range()),
            custom_name: None,
            driver: None,
            driver_opts: Vec::new(),
            external: None,
            labels: Vec::new(),
            keys: Vec::new(),
        };
        for e in node.as_map().unwrap_or(&[]) {
            let v = &e.value;
            volume
                .keys
                .push(Spanned::new(e.key_str().to_string(), e.key.use_range()));
            match e.key_str() {
                "name" => volume.custom_name = self.string(v),
                "driver" => volume.driver = self.string(v),
                "driver_opts" => volume.driver_opts = self.key_values(v),
                "external" => volume.external = self.external(v),
                "labels" => volume.labels = self.key_values(v),
                _ => {}
            }
        }
        volume
    }

    fn secret_or_config(&mut self, entry: &Entry) -> SecretOrConfig {
        let node = &entry.value;
        let mut item = SecretOrConfig {
            name: Spanned::new(entry.key_str().to_string(), entry.key.use_range()),
            range: entry.key.use_range().cover(node.use_range()),
            custom_name: None,
            file: None,
            environment: None,
            content: None,
            external: None,
            driver: None,
            template_driver: None,
            labels: Vec::new(),
        };
        for e in node.as_map().unwrap_or(&[]) {
            let v = &e.value;
            match e.key_str() {
                "name" => item.custom_name = self.string(v),
                "file" => item.file = self.string(v),
                "environment" => item.environment = self.string(v),
                "content" => item.content = self.string(v),
                "external" => item.external = self.external(v),
                "driver" => item.driver = self.string(v),
                "template_driver" => item.template_driver = self.string(v),
                "labels" => item.labels = self.key_values(v),
                _ => {}
            }
        }
        item
    }

    fn ai_model(&mut self, entry: &Entry) -> AiModel {
        let node = &entry.value;
        AiModel {
            name: Spanned::new(entry.key_str().to_string(), entry.key.use_range()),
            range: entry.key.use_range().cover(node.use_range()),
            model: node.get("model").and_then(|v| self.string(v)),
            context_size: node.get("context_size").and_then(|v| self.int(v)),
            runtime_flags: node
                .get("runtime_flags")
                .map(|v| self.strings(v))
                .unwrap_or_default(),
        }
    }

    // ---- services -------------------------------------------------------

    fn service(&mut self, entry: &Entry) -> Option<Service> {
        let node = &entry.value;
        let entries = match &node.value {
            Value::Map(entries) => entries.as_slice(),
            // `web:` with nothing under it is an (empty) service too.
            Value::Scalar(s) if s.resolved == Scalar::Null => &[],
            _ => return None,
        };
        let mut s = empty_service(
            Spanned::new(entry.key_str().to_string(), entry.key.use_range()),
            entry.key.use_range().cover(node.use_range()),
        );
        for e in entries {
            let v = &e.value;
            match e.key_str() {
                "image" => s.image = self.string(v),
                "build" => s.build = self.build(v),
                "provider" => s.provider = Some(self.raw(v)),
                "command" => s.command = self.command(v),
                "entrypoint" => s.entrypoint = self.command(v),
                "working_dir" => s.working_dir = self.string(v),
                "user" => s.user = self.string(v),
                "group_add" => s.group_add = self.strings(v),
                "environment" => s.environment = self.key_values(v),
                "env_file" => s.env_file = self.env_files(v),
                "label_file" => s.label_file = self.strings(v),
                "labels" => s.labels = self.key_values(v),
                "annotations" => s.annotations = self.key_values(v),
                "ports" => s.ports = self.ports(v),
                "expose" => s.expose = self.strings(v),
                "volumes" => s.volumes = self.mounts(v),
                "volumes_from" => s.volumes_from = self.strings(v),
                "tmpfs" => s.tmpfs = self.strings(v),
                "depends_on" => s.depends_on = self.depends_on(v),
                "links" => s.links = self.strings(v),
                "external_links" => s.external_links = self.strings(v),
                "networks" => s.networks = self.service_networks(v),
                "network_mode" => s.network_mode = self.string(v),
                "extra_hosts" => s.extra_hosts = self.extra_hosts(v),
                "dns" => s.dns = self.strings(v),
                "dns_opt" => s.dns_opt = self.strings(v),
                "dns_search" => s.dns_search = self.strings(v),
                "hostname" => s.hostname = self.string(v),
                "domainname" => s.domainname = self.string(v),
                "mac_address" => s.mac_address = self.string(v),
                "healthcheck" => s.healthcheck = self.healthcheck(v),
                "deploy" => s.deploy = self.deploy(v),
                "develop" => s.develop = self.develop(v),
                "restart" => s.restart = self.string(v),
                "scale" => s.scale = self.int(v),
                "secrets" => s.secrets = self.grants(v),
                "configs" => s.configs = self.grants(v),
                "models" => {
                    s.models = match &v.value {
                        Value::Map(models) => models
                            .iter()
                            .map(|m| Spanned::new(m.key_str().to_string(), m.key.use_range()))
                            .collect(),
                        _ => self.strings(v),
                    }
                }
                "profiles" => s.profiles = self.strings(v),
                "extends" => s.extends = self.extends(v),
                "container_name" => s.container_name = self.string(v),
                "privileged" => s.privileged = self.boolean(v),
                "read_only" => s.read_only = self.boolean(v),
                "init" => s.init = self.boolean(v),
                "tty" => s.tty = self.boolean(v),
                "stdin_open" => s.stdin_open = self.boolean(v),
                "attach" => s.attach = self.boolean(v),
                "oom_kill_disable" => s.oom_kill_disable = self.boolean(v),
                "use_api_socket" => s.use_api_socket = self.boolean(v),
                "cap_add" => s.cap_add = self.strings(v),
                "cap_drop" => s.cap_drop = self.strings(v),
                "security_opt" => s.security_opt = self.strings(v),
                "devices" => s.devices = self.devices(v),
                "device_cgroup_rules" => s.device_cgroup_rules = self.strings(v),
                "gpus" => s.gpus = Some(self.raw(v)),
                "pid" => s.pid = self.string(v),
                "ipc" => s.ipc = self.string(v),
                "uts" => s.uts = self.string(v),
                "userns_mode" => s.userns_mode = self.string(v),
                "cgroup" => s.cgroup = self.string(v),
                "cgroup_parent" => s.cgroup_parent = self.string(v),
                "isolation" => s.isolation = self.string(v),
                "runtime" => s.runtime = self.string(v),
                "platform" => s.platform = self.string(v),
                "pull_policy" => s.pull_policy = self.string(v),
                "pull_refresh_after" => s.pull_refresh_after = self.string(v),
                "stop_signal" => s.stop_signal = self.string(v),
                "stop_grace_period" => s.stop_grace_period = self.duration(v),
                "logging" => s.logging = self.logging(v),
                "sysctls" => s.sysctls = self.key_values(v),
                "ulimits" => s.ulimits = Some(self.raw(v)),
                "storage_opt" => s.storage_opt = Some(self.raw(v)),
                "blkio_config" => s.blkio_config = Some(self.raw(v)),
                "credential_spec" => s.credential_spec = Some(self.raw(v)),
                "post_start" => s.post_start = self.raw_items(v),
                "pre_stop" => s.pre_stop = self.raw_items(v),
                "mem_limit" => s.mem_limit = self.bytes(v),
                "mem_reservation" => s.mem_reservation = self.bytes(v),
                "memswap_limit" => s.memswap_limit = self.signed_bytes(v),
                "mem_swappiness" => s.mem_swappiness = self.int(v),
                "shm_size" => s.shm_size = self.bytes(v),
                "cpus" => s.cpus = self.float(v),
                "cpu_count" => s.cpu_count = self.int(v),
                "cpu_percent" => s.cpu_percent = self.int(v),
                "cpu_shares" => s.cpu_shares = self.int(v),
                "cpu_quota" => s.cpu_quota = self.int(v),
                "cpu_period" => s.cpu_period = self.int(v),
                "cpu_rt_period" => s.cpu_rt_period = self.string(v),
                "cpu_rt_runtime" => s.cpu_rt_runtime = self.string(v),
                "cpuset" => s.cpuset = self.string(v),
                "pids_limit" => s.pids_limit = self.int(v),
                "oom_score_adj" => s.oom_score_adj = self.int(v),
                _ => {}
            }
        }
        s.extensions = self.extensions(entries);
        Some(s)
    }

    fn raw_items(&mut self, node: &Node) -> Vec<Raw> {
        node.as_seq()
            .unwrap_or(&[])
            .iter()
            .map(|n| self.raw(n))
            .collect()
    }

    fn build(&mut self, node: &Node) -> Option<Build> {
        let mut build = Build {
            range: node.use_range(),
            context: Spanned::new(".".to_string(), node.use_range()),
            dockerfile: None,
            dockerfile_inline: None,
            target: None,
            args: Vec::new(),
            secrets: Vec::new(),
            ssh: Vec::new(),
            labels: Vec::new(),
            cache_from: Vec::new(),
            cache_to: Vec::new(),
            no_cache: None,
            pull: None,
            privileged: None,
            additional_contexts: Vec::new(),
            network: None,
            platforms: Vec::new(),
            tags: Vec::new(),
            extra_hosts: Vec::new(),
            entitlements: Vec::new(),
            isolation: None,
            shm_size: None,
            provenance: None,
            sbom: None,
            ulimits: None,
        };
        match &node.value {
            Value::Scalar(_) => build.context = self.string(node)?,
            Value::Map(entries) => {
                for e in entries {
                    let v = &e.value;
                    match e.key_str() {
                        "context" => {
                            if let Some(c) = self.string(v) {
                                build.context = c;
                            }
                        }
                        "dockerfile" => build.dockerfile = self.string(v),
                        "dockerfile_inline" => build.dockerfile_inline = self.string(v),
                        "target" => build.target = self.string(v),
                        "args" => build.args = self.key_values(v),
                        "secrets" => build.secrets = self.grants(v),
                        "ssh" => build.ssh = self.key_values(v),
                        "labels" => build.labels = self.key_values(v),
                        "cache_from" => build.cache_from = self.strings(v),
                        "cache_to" => build.cache_to = self.strings(v),
                        "no_cache" => build.no_cache = self.boolean(v),
                        "pull" => build.pull = self.boolean(v),
                        "privileged" => build.privileged = self.boolean(v),
                        "additional_contexts" => build.additional_contexts = self.key_values(v),
                        "network" => build.network = self.string(v),
                        "platforms" => build.platforms = self.strings(v),
                        "tags" => build.tags = self.strings(v),
                        "extra_hosts" => build.extra_hosts = self.extra_hosts(v),
                        "entitlements" => build.entitlements = self.strings(v),
                        "isolation" => build.isolation = self.string(v),
                        "shm_size" => build.shm_size = self.bytes(v),
                        "provenance" => build.provenance = Some(self.raw(v)),
                        "sbom" => build.sbom = Some(self.raw(v)),
                        "ulimits" => build.ulimits = Some(self.raw(v)),
                        _ => {}
                    }
                }
            }
            Value::Seq(_) => return None,
        }
        Some(build)
    }

    fn command(&mut self, node: &Node) -> Option<Command> {
        match &node.value {
            Value::Scalar(s) if s.resolved == Scalar::Null => None,
            Value::Scalar(_) => Some(Command {
                range: node.use_range(),
                shell_form: self.string(node),
                exec_form: Vec::new(),
            }),
            Value::Seq(_) => Some(Command {
                range: node.use_range(),
                shell_form: None,
                exec_form: self.strings(node),
            }),
            Value::Map(_) => None,
        }
    }

    fn env_files(&mut self, node: &Node) -> Vec<EnvFile> {
        let items: Vec<&Node> = match &node.value {
            Value::Seq(items) => items.iter().collect(),
            _ => vec![node],
        };
        let mut out = Vec::new();
        for item in items {
            if item.as_scalar().is_some() {
                if let Some(path) = self.string(item) {
                    out.push(EnvFile {
                        path,
                        required: true,
                        format: None,
                    });
                }
            } else if let Some(path) = item.get("path").and_then(|p| self.string(p)) {
                let required = item
                    .get("required")
                    .and_then(|r| self.boolean(r))
                    .is_none_or(|r| r.value);
                let format = item
                    .get("format")
                    .and_then(|f| f.as_str())
                    .map(String::from);
                out.push(EnvFile {
                    path,
                    required,
                    format,
                });
            }
        }
        out
    }

    fn extra_hosts(&mut self, node: &Node) -> Vec<Spanned<String>> {
        match &node.value {
            Value::Map(entries) => {
                let mut out = Vec::new();
                for e in entries {
                    for ip in self.strings(&e.value) {
                        out.push(Spanned::new(
                            format!("{}={}", e.key_str(), ip.value),
                            ip.range,
                        ));
                    }
                }
                out
            }
            _ => self.strings(node),
        }
    }

    fn ports(&mut self, node: &Node) -> Vec<Port> {
        let mut out = Vec::new();
        for item in node.as_seq().unwrap_or(&[]) {
            match &item.value {
                Value::Scalar(scalar) if scalar.resolved != Scalar::Null => {
                    if let Some(port) = self.short_port(item) {
                        out.push(port);
                    }
                }
                Value::Map(_) => {
                    if let Some(port) = self.long_port(item) {
                        out.push(port);
                    }
                }
                _ => {}
            }
        }
        out
    }

    fn short_port(&mut self, item: &Node) -> Option<Port> {
        let scalar = item.as_scalar()?;
        let text = scalar.text.clone();
        match syntax::parse_port_spec(&text) {
            Ok(spec) => {
                let part = |reader: &Self, p: &syntax::Part| reader.sub(item, p.start, p.end);
                Some(Port {
                    range: item.use_range(),
                    host_ip: spec
                        .host_ip
                        .as_ref()
                        .map(|p| Spanned::new(p.text.clone(), part(self, p))),
                    published: match (&spec.published, spec.published_range) {
                        (Some(p), Some(r)) => Some(Spanned::new(r, part(self, p))),
                        _ => None,
                    },
                    target: Spanned::new(spec.target_range, part(self, &spec.target)),
                    protocol: spec
                        .protocol
                        .as_ref()
                        .map_or("tcp".to_string(), |p| p.text.to_ascii_lowercase()),
                    mode: None,
                    name: None,
                    app_protocol: None,
                    short_syntax: true,
                    unquoted: scalar.style == ScalarStyle::Plain && item.alias.is_none(),
                })
            }
            Err(error) => {
                let range = self.sub(item, error.start, error.end);
                self.report(
                    &crate::compose::rules::invalid_port::InvalidPort::META,
                    range,
                    format!("invalid port {text:?}: {}", error.message),
                );
                None
            }
        }
    }

    fn long_port(&mut self, item: &Node) -> Option<Port> {
        let invalid_port = &crate::compose::rules::invalid_port::InvalidPort::META;
        let target_node = item.get("target");
        let target = match target_node {
            Some(t) => {
                let text = t.as_str().unwrap_or_default().to_string();
                match syntax::parse_port_range(&text) {
                    Some(r) if r.start > 0 => Spanned::new(r, t.use_range()),
                    _ => {
                        self.report(
                            invalid_port,
                            t.use_range(),
                            format!("invalid container port {text:?}"),
                        );
                        return None;
                    }
                }
            }
            None => {
                let range = item.use_range();
                self.report(
                    invalid_port,
                    TextRangeExt::first_line(range, self.source),
                    "service ports mapping is missing a target port".to_string(),
                );
                return None;
            }
        };
        let published = match item.get("published") {
            Some(p) if !p.is_null() && p.as_str() != Some("") => {
                let text = p.as_str().unwrap_or_default().to_string();
                match syntax::parse_port_range(&text) {
                    Some(r) => Some(Spanned::new(r, p.use_range())),
                    None => {
                        self.report(
                            invalid_port,
                            p.use_range(),
                            format!("invalid published port {text:?}"),
                        );
                        None
                    }
                }
            }
            _ => None,
        };
        let host_ip = item.get("host_ip").and_then(|h| self.string(h));
        if let Some(ip) = &host_ip {
            let bare = ip.value.trim_start_matches('[').trim_end_matches(']');
            if !bare.is_empty() && bare.parse::<std::net::IpAddr>().is_err() {
                self.report(
                    invalid_port,
                    ip.range,
                    format!("invalid ip address: {}", ip.value),
                );
            }
        }
        Some(Port {
            range: item.use_range(),
            host_ip,
            published,
            target,
            protocol: item
                .get("protocol")
                .and_then(|p| p.as_str())
                .map_or("tcp".to_string(), |p| p.to_ascii_lowercase()),
            mode: item.get("mode").and_then(|m| self.string(m)),
            name: item.get("name").and_then(|m| self.string(m)),
            app_protocol: item.get("app_protocol").and_then(|m| self.string(m)),
            short_syntax: false,
            unquoted: false,
        })
    }

    fn mounts(&mut self, node: &Node) -> Vec<Mount> {
        let mut out = Vec::new();
        for item in node.as_seq().unwrap_or(&[]) {
            match &item.value {
                Value::Scalar(scalar) if scalar.resolved != Scalar::Null => {
                    let text = scalar.text.clone();
                    match syntax::parse_volume_spec(&text) {
                        Ok(spec) => {
                            let options: Vec<Spanned<String>> = spec
                                .options
                                .iter()
                                .map(|o| {
                                    Spanned::new(o.text.clone(), self.sub(item, o.start, o.end))
                                })
                                .collect();
                            let propagation = options
                                .iter()
                                .find(|o| {
                                    matches!(
                                        o.value.as_str(),
                                        "shared"
                                            | "rshared"
                                            | "slave"
                                            | "rslave"
                                            | "private"
                                            | "rprivate"
                                    )
                                })
                                .cloned();
                            let selinux = options
                                .iter()
                                .find(|o| matches!(o.value.as_str(), "z" | "Z"))
                                .cloned();
                            out.push(Mount {
                                range: item.use_range(),
                                kind: spec.kind,
                                source: spec.source.as_ref().map(|s| {
                                    Spanned::new(s.text.clone(), self.sub(item, s.start, s.end))
                                }),
                                target: Some(Spanned::new(
                                    spec.target.text.clone(),
                                    self.sub(item, spec.target.start, spec.target.end),
                                )),
                                read_only: options.iter().any(|o| o.value == "ro"),
                                nocopy: options.iter().any(|o| o.value == "nocopy").then_some(true),
                                options,
                                propagation,
                                create_host_path: None,
                                selinux,
                                subpath: None,
                                tmpfs_size: None,
                                short_syntax: true,
                            });
                        }
                        Err(error) => {
                            let range = self.sub(item, error.start, error.end);
                            self.report(&InvalidValue::META, range, error.message);
                        }
                    }
                }
                Value::Map(_) => out.extend(self.long_mount(item)),
                _ => {}
            }
        }
        out
    }

    fn long_mount(&mut self, item: &Node) -> Option<Mount> {
        let kind = item
            .get("type")
            .and_then(|t| t.as_str())
            .and_then(MountKind::parse)?;
        let bind = item.get("bind");
        let volume = item.get("volume");
        let tmpfs = item.get("tmpfs");
        let mut options = Vec::new();
        let read_only = item
            .get("read_only")
            .and_then(|r| self.boolean(r))
            .is_some_and(|r| r.value);
        if read_only {
            options.push(Spanned::new("ro".to_string(), item.use_range()));
        }
        Some(Mount {
            range: item.use_range(),
            kind,
            source: item.get("source").and_then(|s| self.string(s)),
            target: item.get("target").and_then(|s| self.string(s)),
            read_only,
            options,
            propagation: bind
                .and_then(|b| b.get("propagation"))
                .and_then(|p| self.string(p)),
            create_host_path: bind
                .and_then(|b| b.get("create_host_path"))
                .and_then(|c| self.boolean(c))
                .map(|c| c.value),
            selinux: bind
                .and_then(|b| b.get("selinux"))
                .and_then(|p| self.string(p)),
            subpath: volume
                .or(item.get("image"))
                .and_then(|v| v.get("subpath"))
                .and_then(|p| self.string(p)),
            nocopy: volume
                .and_then(|v| v.get("nocopy"))
                .and_then(|n| self.boolean(n))
                .map(|n| n.value),
            tmpfs_size: tmpfs
                .and_then(|t| t.get("size"))
                .and_then(|s| self.bytes(s)),
            short_syntax: false,
        })
    }

    fn depends_on(&mut self, node: &Node) -> Vec<Dependency> {
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|item| {
                    let name = self.string(item)?;
                    let range = name.range;
                    Some(Dependency {
                        service: name,
                        condition: Spanned::new(Condition::ServiceStarted, range),
                        required: true,
                        restart: false,
                        source: DependencySource::DependsOn,
                    })
                })
                .collect(),
            Value::Map(entries) => entries
                .iter()
                .map(|e| {
                    let service = Spanned::new(e.key_str().to_string(), e.key.use_range());
                    let condition = e
                        .value
                        .get("condition")
                        .and_then(|c| {
                            Condition::parse(c.as_str()?).map(|v| Spanned::new(v, c.use_range()))
                        })
                        .unwrap_or_else(|| Spanned::new(Condition::ServiceStarted, service.range));
                    Dependency {
                        condition,
                        required: e
                            .value
                            .get("required")
                            .and_then(|r| self.boolean(r))
                            .is_none_or(|r| r.value),
                        restart: e
                            .value
                            .get("restart")
                            .and_then(|r| self.boolean(r))
                            .is_some_and(|r| r.value),
                        service,
                        source: DependencySource::DependsOn,
                    }
                })
                .collect(),
            Value::Scalar(_) => Vec::new(),
        }
    }

    fn service_networks(&mut self, node: &Node) -> Vec<ServiceNetwork> {
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|item| {
                    Some(ServiceNetwork {
                        name: self.string(item)?,
                        aliases: Vec::new(),
                        ipv4_address: None,
                        ipv6_address: None,
                        priority: None,
                    })
                })
                .collect(),
            Value::Map(entries) => entries
                .iter()
                .map(|e| {
                    let v = &e.value;
                    ServiceNetwork {
                        name: Spanned::new(e.key_str().to_string(), e.key.use_range()),
                        aliases: v
                            .get("aliases")
                            .map(|a| self.strings(a))
                            .unwrap_or_default(),
                        ipv4_address: v.get("ipv4_address").and_then(|a| self.string(a)),
                        ipv6_address: v.get("ipv6_address").and_then(|a| self.string(a)),
                        priority: v
                            .get("priority")
                            .and_then(|p| self.float(p))
                            .map(|p| p.value),
                    }
                })
                .collect(),
            Value::Scalar(_) => Vec::new(),
        }
    }

    fn healthcheck(&mut self, node: &Node) -> Option<Healthcheck> {
        node.as_map()?;
        let mut check = Healthcheck {
            range: node.use_range(),
            test: Vec::new(),
            test_range: None,
            disable: false,
            interval: None,
            timeout: None,
            start_period: None,
            start_interval: None,
            retries: None,
        };
        for e in node.as_map().unwrap_or(&[]) {
            let v = &e.value;
            match e.key_str() {
                "test" => {
                    check.test_range = Some(v.use_range());
                    check.test = match &v.value {
                        Value::Scalar(_) => match self.string(v) {
                            Some(shell) => {
                                vec![Spanned::new("CMD-SHELL".to_string(), v.use_range()), shell]
                            }
                            None => Vec::new(),
                        },
                        _ => self.strings(v),
                    };
                }
                "disable" => check.disable = self.boolean(v).is_some_and(|d| d.value),
                "interval" => check.interval = self.duration(v),
                "timeout" => check.timeout = self.duration(v),
                "start_period" => check.start_period = self.duration(v),
                "start_interval" => check.start_interval = self.duration(v),
                "retries" => check.retries = self.int(v),
                _ => {}
            }
        }
        Some(check)
    }

    fn deploy(&mut self, node: &Node) -> Option<Deploy> {
        let entries = node.as_map()?;
        let mut deploy = Deploy {
            range: node.use_range(),
            mode: None,
            replicas: None,
            endpoint_mode: None,
            labels: Vec::new(),
            limits: None,
            reservations: None,
            restart_policy: None,
            update_config: None,
            rollback_config: None,
            placement: None,
        };
        for e in entries {
            let v = &e.value;
            match e.key_str() {
                "mode" => deploy.mode = self.string(v),
                "replicas" => deploy.replicas = self.int(v),
                "endpoint_mode" => deploy.endpoint_mode = self.string(v),
                "labels" => deploy.labels = self.key_values(v),
                "resources" => {
                    deploy.limits = v.get("limits").and_then(|l| self.resources(l));
                    deploy.reservations = v.get("reservations").and_then(|r| self.resources(r));
                }
                "restart_policy" => deploy.restart_policy = Some(self.raw(v)),
                "update_config" => deploy.update_config = Some(self.raw(v)),
                "rollback_config" => deploy.rollback_config = Some(self.raw(v)),
                "placement" => deploy.placement = Some(self.raw(v)),
                _ => {}
            }
        }
        Some(deploy)
    }

    fn resources(&mut self, node: &Node) -> Option<Resources> {
        node.as_map()?;
        Some(Resources {
            range: node.use_range(),
            cpus: node.get("cpus").and_then(|c| self.float(c)),
            memory: node.get("memory").and_then(|m| self.bytes(m)),
            pids: node.get("pids").and_then(|p| self.int(p)),
            devices: node
                .get("devices")
                .map(|d| self.raw_items(d))
                .unwrap_or_default(),
            generic_resources: node.get("generic_resources").map(|g| self.raw(g)),
        })
    }

    fn develop(&mut self, node: &Node) -> Option<Develop> {
        let watch = node
            .get("watch")
            .and_then(|w| w.as_seq())
            .unwrap_or(&[])
            .iter()
            .filter(|item| item.as_map().is_some())
            .map(|item| WatchRule {
                range: item.use_range(),
                path: item.get("path").and_then(|p| self.string(p)),
                action: item.get("action").and_then(|p| self.string(p)),
                target: item.get("target").and_then(|p| self.string(p)),
                ignore: item
                    .get("ignore")
                    .map(|i| self.strings(i))
                    .unwrap_or_default(),
                include: item
                    .get("include")
                    .map(|i| self.strings(i))
                    .unwrap_or_default(),
            })
            .collect();
        Some(Develop {
            range: node.use_range(),
            watch,
        })
    }

    fn grants(&mut self, node: &Node) -> Vec<FileGrant> {
        let mut out = Vec::new();
        for item in node.as_seq().unwrap_or(&[]) {
            if item.as_scalar().is_some() {
                if let Some(source) = self.string(item) {
                    out.push(FileGrant {
                        range: item.use_range(),
                        source,
                        target: None,
                        uid: None,
                        gid: None,
                        mode: None,
                    });
                }
            } else if let Some(source) = item.get("source").and_then(|s| self.string(s)) {
                out.push(FileGrant {
                    range: item.use_range(),
                    source,
                    target: item.get("target").and_then(|t| self.string(t)),
                    uid: item.get("uid").and_then(|u| u.as_str()).map(String::from),
                    gid: item.get("gid").and_then(|g| g.as_str()).map(String::from),
                    mode: item.get("mode").and_then(|m| self.int(m)),
                });
            }
        }
        out
    }

    fn extends(&mut self, node: &Node) -> Option<Extends> {
        match &node.value {
            Value::Scalar(_) => Some(Extends {
                range: node.use_range(),
                service: self.string(node)?,
                file: None,
            }),
            Value::Map(_) => Some(Extends {
                range: node.use_range(),
                service: node.get("service").and_then(|s| self.string(s))?,
                file: node.get("file").and_then(|f| self.string(f)),
            }),
            Value::Seq(_) => None,
        }
    }

    fn devices(&mut self, node: &Node) -> Vec<Device> {
        let mut out = Vec::new();
        for item in node.as_seq().unwrap_or(&[]) {
            if let Some(spec) = item.as_string() {
                let mut parts = spec.splitn(3, ':');
                let source = parts.next().unwrap_or_default();
                out.push(Device {
                    range: item.use_range(),
                    source: Spanned::new(source.to_string(), self.sub(item, 0, source.len())),
                    target: parts.next().map(String::from),
                    permissions: parts.next().map(String::from),
                });
            } else if let Some(source) = item.get("source").and_then(|s| self.string(s)) {
                out.push(Device {
                    range: item.use_range(),
                    source,
                    target: item
                        .get("target")
                        .and_then(|t| t.as_str())
                        .map(String::from),
                    permissions: item
                        .get("permissions")
                        .and_then(|p| p.as_str())
                        .map(String::from),
                });
            }
        }
        out
    }

    fn logging(&mut self, node: &Node) -> Option<Logging> {
        node.as_map()?;
        Some(Logging {
            range: node.use_range(),
            driver: node.get("driver").and_then(|d| self.string(d)),
            options: node
                .get("options")
                .map(|o| self.key_values(o))
                .unwrap_or_default(),
        })
    }
}

/// A helper so long-syntax items can point at their first line only.
trait TextRangeExt {
    fn first_line(self, source: &str) -> Self;
}

impl TextRangeExt for crate::text::TextRange {
    fn first_line(self, source: &str) -> Self {
        let text = self.slice(source);
        let len = text.find('\n').unwrap_or(text.len());
        crate::text::TextRange::new(self.start(), self.start() + len)
    }
}

fn empty_service(name: Spanned<String>, range: crate::text::TextRange) -> Service {
    Service {
        name,
        range,
        image: None,
        build: None,
        provider: None,
        command: None,
        entrypoint: None,
        working_dir: None,
        user: None,
        group_add: Vec::new(),
        environment: Vec::new(),
        env_file: Vec::new(),
        label_file: Vec::new(),
        labels: Vec::new(),
        annotations: Vec::new(),
        ports: Vec::new(),
        expose: Vec::new(),
        volumes: Vec::new(),
        volumes_from: Vec::new(),
        tmpfs: Vec::new(),
        depends_on: Vec::new(),
        links: Vec::new(),
        external_links: Vec::new(),
        networks: Vec::new(),
        network_mode: None,
        extra_hosts: Vec::new(),
        dns: Vec::new(),
        dns_opt: Vec::new(),
        dns_search: Vec::new(),
        hostname: None,
        domainname: None,
        mac_address: None,
        healthcheck: None,
        deploy: None,
        develop: None,
        restart: None,
        scale: None,
        secrets: Vec::new(),
        configs: Vec::new(),
        models: Vec::new(),
        profiles: Vec::new(),
        extends: None,
        container_name: None,
        privileged: None,
        read_only: None,
        init: None,
        tty: None,
        stdin_open: None,
        attach: None,
        oom_kill_disable: None,
        use_api_socket: None,
        cap_add: Vec::new(),
        cap_drop: Vec::new(),
        security_opt: Vec::new(),
        devices: Vec::new(),
        device_cgroup_rules: Vec::new(),
        gpus: None,
        pid: None,
        ipc: None,
        uts: None,
        userns_mode: None,
        cgroup: None,
        cgroup_parent: None,
        isolation: None,
        runtime: None,
        platform: None,
        pull_policy: None,
        pull_refresh_after: None,
        stop_signal: None,
        stop_grace_period: None,
        logging: None,
        sysctls: Vec::new(),
        ulimits: None,
        storage_opt: None,
        blkio_config: None,
        credential_spec: None,
        post_start: Vec::new(),
        pre_stop: Vec::new(),
        mem_limit: None,
        mem_reservation: None,
        memswap_limit: None,
        mem_swappiness: None,
        shm_size: None,
        cpus: None,
        cpu_count: None,
        cpu_percent: None,
        cpu_shares: None,
        cpu_quota: None,
        cpu_period: None,
        cpu_rt_period: None,
        cpu_rt_runtime: None,
        cpuset: None,
        pids_limit: None,
        oom_score_adj: None,
        extensions: Vec::new(),
    }
}
