//! The compose model: every attribute of the Compose Specification, short
//! syntaxes normalised to their long form, every value with its byte range.
//!
//! Built from the interpolated, merged YAML tree by [`build`]. Values the
//! schema already rejected are simply absent here; the model never fails.
//! It serialises (camelCase) for the playground's service graph.

pub mod build;
pub mod syntax;

use crate::text::TextRange;
use serde::Serialize;
pub use syntax::{MountKind, PortRange};

/// A value and the range of the text it came from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Spanned<T> {
    pub value: T,
    pub range: TextRange,
}

impl<T> Spanned<T> {
    pub fn new(value: T, range: TextRange) -> Self {
        Spanned { value, range }
    }
}

impl Spanned<String> {
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

/// Anything the model keeps without interpreting (`x-*`, driver options…),
/// as JSON.
pub type Raw = Spanned<serde_json::Value>;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ComposeModel {
    pub name: Option<Spanned<String>>,
    /// The obsolete top-level `version`.
    pub version: Option<Spanned<String>>,
    /// Whether the file is a legacy v1 file (services at the top level).
    pub legacy_v1: bool,
    pub includes: Vec<Include>,
    pub services: Vec<Service>,
    pub networks: Vec<Network>,
    pub volumes: Vec<Volume>,
    pub secrets: Vec<SecretOrConfig>,
    pub configs: Vec<SecretOrConfig>,
    pub models: Vec<AiModel>,
    pub extensions: Vec<Extension>,
}

impl ComposeModel {
    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.name.value == name)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Extension {
    pub name: Spanned<String>,
    pub value: Raw,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Include {
    pub range: TextRange,
    pub path: Vec<Spanned<String>>,
    pub env_file: Vec<Spanned<String>>,
    pub project_directory: Option<Spanned<String>>,
}

/// `KEY=VALUE` pairs from a list or a mapping (`environment`, `labels`, `args`…).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyValue {
    pub key: Spanned<String>,
    /// `None` for a bare `KEY` (list) or `KEY:` / `KEY: null` (mapping).
    pub value: Option<Spanned<String>>,
    /// The whole item or entry.
    pub range: TextRange,
    /// Whether the value text came out of `${…}` interpolation.
    pub interpolated: bool,
    /// Whether the source wrote a list item `KEY=VALUE`.
    pub from_list: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    pub name: Spanned<String>,
    /// The whole service body.
    pub range: TextRange,
    pub image: Option<Spanned<String>>,
    pub build: Option<Build>,
    pub provider: Option<Raw>,
    pub command: Option<Command>,
    pub entrypoint: Option<Command>,
    pub working_dir: Option<Spanned<String>>,
    pub user: Option<Spanned<String>>,
    pub group_add: Vec<Spanned<String>>,
    pub environment: Vec<KeyValue>,
    pub env_file: Vec<EnvFile>,
    pub label_file: Vec<Spanned<String>>,
    pub labels: Vec<KeyValue>,
    pub annotations: Vec<KeyValue>,
    pub ports: Vec<Port>,
    pub expose: Vec<Spanned<String>>,
    pub volumes: Vec<Mount>,
    pub volumes_from: Vec<Spanned<String>>,
    pub tmpfs: Vec<Spanned<String>>,
    pub depends_on: Vec<Dependency>,
    pub links: Vec<Spanned<String>>,
    pub external_links: Vec<Spanned<String>>,
    pub networks: Vec<ServiceNetwork>,
    pub network_mode: Option<Spanned<String>>,
    pub extra_hosts: Vec<Spanned<String>>,
    pub dns: Vec<Spanned<String>>,
    pub dns_opt: Vec<Spanned<String>>,
    pub dns_search: Vec<Spanned<String>>,
    pub hostname: Option<Spanned<String>>,
    pub domainname: Option<Spanned<String>>,
    pub mac_address: Option<Spanned<String>>,
    pub healthcheck: Option<Healthcheck>,
    pub deploy: Option<Deploy>,
    pub develop: Option<Develop>,
    pub restart: Option<Spanned<String>>,
    pub scale: Option<Spanned<i64>>,
    pub secrets: Vec<FileGrant>,
    pub configs: Vec<FileGrant>,
    pub models: Vec<Spanned<String>>,
    pub profiles: Vec<Spanned<String>>,
    pub extends: Option<Extends>,
    pub container_name: Option<Spanned<String>>,
    pub privileged: Option<Spanned<bool>>,
    pub read_only: Option<Spanned<bool>>,
    pub init: Option<Spanned<bool>>,
    pub tty: Option<Spanned<bool>>,
    pub stdin_open: Option<Spanned<bool>>,
    pub attach: Option<Spanned<bool>>,
    pub oom_kill_disable: Option<Spanned<bool>>,
    pub use_api_socket: Option<Spanned<bool>>,
    pub cap_add: Vec<Spanned<String>>,
    pub cap_drop: Vec<Spanned<String>>,
    pub security_opt: Vec<Spanned<String>>,
    pub devices: Vec<Device>,
    pub device_cgroup_rules: Vec<Spanned<String>>,
    pub gpus: Option<Raw>,
    pub pid: Option<Spanned<String>>,
    pub ipc: Option<Spanned<String>>,
    pub uts: Option<Spanned<String>>,
    pub userns_mode: Option<Spanned<String>>,
    pub cgroup: Option<Spanned<String>>,
    pub cgroup_parent: Option<Spanned<String>>,
    pub isolation: Option<Spanned<String>>,
    pub runtime: Option<Spanned<String>>,
    pub platform: Option<Spanned<String>>,
    pub pull_policy: Option<Spanned<String>>,
    pub pull_refresh_after: Option<Spanned<String>>,
    pub stop_signal: Option<Spanned<String>>,
    /// Nanoseconds.
    pub stop_grace_period: Option<Spanned<u128>>,
    pub logging: Option<Logging>,
    pub sysctls: Vec<KeyValue>,
    pub ulimits: Option<Raw>,
    pub storage_opt: Option<Raw>,
    pub blkio_config: Option<Raw>,
    pub credential_spec: Option<Raw>,
    pub post_start: Vec<Raw>,
    pub pre_stop: Vec<Raw>,
    /// Bytes.
    pub mem_limit: Option<Spanned<u64>>,
    pub mem_reservation: Option<Spanned<u64>>,
    pub memswap_limit: Option<Spanned<i64>>,
    pub mem_swappiness: Option<Spanned<i64>>,
    pub shm_size: Option<Spanned<u64>>,
    pub cpus: Option<Spanned<f64>>,
    pub cpu_count: Option<Spanned<i64>>,
    pub cpu_percent: Option<Spanned<i64>>,
    pub cpu_shares: Option<Spanned<i64>>,
    pub cpu_quota: Option<Spanned<i64>>,
    pub cpu_period: Option<Spanned<i64>>,
    pub cpu_rt_period: Option<Spanned<String>>,
    pub cpu_rt_runtime: Option<Spanned<String>>,
    pub cpuset: Option<Spanned<String>>,
    pub pids_limit: Option<Spanned<i64>>,
    pub oom_score_adj: Option<Spanned<i64>>,
    pub extensions: Vec<Extension>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Build {
    pub range: TextRange,
    /// `.` when not written (`build: {dockerfile: x}`).
    pub context: Spanned<String>,
    pub dockerfile: Option<Spanned<String>>,
    pub dockerfile_inline: Option<Spanned<String>>,
    pub target: Option<Spanned<String>>,
    pub args: Vec<KeyValue>,
    pub secrets: Vec<FileGrant>,
    pub ssh: Vec<KeyValue>,
    pub labels: Vec<KeyValue>,
    pub cache_from: Vec<Spanned<String>>,
    pub cache_to: Vec<Spanned<String>>,
    pub no_cache: Option<Spanned<bool>>,
    pub pull: Option<Spanned<bool>>,
    pub privileged: Option<Spanned<bool>>,
    pub additional_contexts: Vec<KeyValue>,
    pub network: Option<Spanned<String>>,
    pub platforms: Vec<Spanned<String>>,
    pub tags: Vec<Spanned<String>>,
    pub extra_hosts: Vec<Spanned<String>>,
    pub entitlements: Vec<Spanned<String>>,
    pub isolation: Option<Spanned<String>>,
    pub shm_size: Option<Spanned<u64>>,
    pub provenance: Option<Raw>,
    pub sbom: Option<Raw>,
    pub ulimits: Option<Raw>,
}

impl Build {
    /// The Dockerfile path relative to the context (`Dockerfile` by default).
    pub fn dockerfile_path(&self) -> &str {
        self.dockerfile
            .as_ref()
            .map_or("Dockerfile", |d| d.value.as_str())
    }
}

/// `command` / `entrypoint`: shell form (a string) or exec form (a list).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Command {
    pub range: TextRange,
    pub shell_form: Option<Spanned<String>>,
    pub exec_form: Vec<Spanned<String>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvFile {
    pub path: Spanned<String>,
    pub required: bool,
    pub format: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Port {
    /// The whole list item.
    pub range: TextRange,
    pub host_ip: Option<Spanned<String>>,
    pub published: Option<Spanned<PortRange>>,
    pub target: Spanned<PortRange>,
    pub protocol: String,
    pub mode: Option<Spanned<String>>,
    pub name: Option<Spanned<String>>,
    pub app_protocol: Option<Spanned<String>>,
    /// Written as `"8080:80"` rather than as a mapping.
    pub short_syntax: bool,
    /// A short-syntax port written without quotes.
    pub unquoted: bool,
}

impl Port {
    /// Published on every host interface (no host IP, or `0.0.0.0` / `::`).
    pub fn binds_all_interfaces(&self) -> bool {
        self.published.is_some()
            && match &self.host_ip {
                None => true,
                Some(ip) => matches!(ip.value.as_str(), "" | "0.0.0.0" | "::" | "[::]"),
            }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mount {
    pub range: TextRange,
    pub kind: MountKind,
    pub source: Option<Spanned<String>>,
    pub target: Option<Spanned<String>>,
    pub read_only: bool,
    /// Short-syntax options (`ro`, `z`, `rshared`…) or long-syntax settings.
    pub options: Vec<Spanned<String>>,
    pub propagation: Option<Spanned<String>>,
    pub create_host_path: Option<bool>,
    pub selinux: Option<Spanned<String>>,
    pub subpath: Option<Spanned<String>>,
    pub nocopy: Option<bool>,
    pub tmpfs_size: Option<Spanned<u64>>,
    pub short_syntax: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    ServiceStarted,
    ServiceHealthy,
    ServiceCompletedSuccessfully,
}

impl Condition {
    pub fn parse(text: &str) -> Option<Condition> {
        Some(match text {
            "service_started" => Condition::ServiceStarted,
            "service_healthy" => Condition::ServiceHealthy,
            "service_completed_successfully" => Condition::ServiceCompletedSuccessfully,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Condition::ServiceStarted => "service_started",
            Condition::ServiceHealthy => "service_healthy",
            Condition::ServiceCompletedSuccessfully => "service_completed_successfully",
        }
    }
}

/// Why a dependency edge exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum DependencySource {
    DependsOn,
    Links,
    VolumesFrom,
    NetworkMode,
    Ipc,
    Pid,
    Uts,
    Cgroup,
    AdditionalContext,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Dependency {
    pub service: Spanned<String>,
    pub condition: Spanned<Condition>,
    pub required: bool,
    pub restart: bool,
    pub source: DependencySource,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceNetwork {
    pub name: Spanned<String>,
    pub aliases: Vec<Spanned<String>>,
    pub ipv4_address: Option<Spanned<String>>,
    pub ipv6_address: Option<Spanned<String>>,
    pub priority: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Healthcheck {
    pub range: TextRange,
    /// `["CMD", …]`, `["CMD-SHELL", "…"]`, `["NONE"]`; a string becomes `CMD-SHELL`.
    pub test: Vec<Spanned<String>>,
    pub test_range: Option<TextRange>,
    pub disable: bool,
    pub interval: Option<Spanned<u128>>,
    pub timeout: Option<Spanned<u128>>,
    pub start_period: Option<Spanned<u128>>,
    pub start_interval: Option<Spanned<u128>>,
    pub retries: Option<Spanned<i64>>,
}

impl Healthcheck {
    /// Whether this healthcheck actually checks something.
    pub fn is_effective(&self) -> bool {
        !self.disable && self.test.first().is_none_or(|t| t.value != "NONE")
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Deploy {
    pub range: TextRange,
    pub mode: Option<Spanned<String>>,
    pub replicas: Option<Spanned<i64>>,
    pub endpoint_mode: Option<Spanned<String>>,
    pub labels: Vec<KeyValue>,
    pub limits: Option<Resources>,
    pub reservations: Option<Resources>,
    pub restart_policy: Option<Raw>,
    pub update_config: Option<Raw>,
    pub rollback_config: Option<Raw>,
    pub placement: Option<Raw>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Resources {
    pub range: TextRange,
    pub cpus: Option<Spanned<f64>>,
    pub memory: Option<Spanned<u64>>,
    pub pids: Option<Spanned<i64>>,
    pub devices: Vec<Raw>,
    pub generic_resources: Option<Raw>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Develop {
    pub range: TextRange,
    pub watch: Vec<WatchRule>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WatchRule {
    pub range: TextRange,
    pub path: Option<Spanned<String>>,
    pub action: Option<Spanned<String>>,
    pub target: Option<Spanned<String>>,
    pub ignore: Vec<Spanned<String>>,
    pub include: Vec<Spanned<String>>,
}

/// A service's use of a secret or config.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileGrant {
    pub range: TextRange,
    pub source: Spanned<String>,
    pub target: Option<Spanned<String>>,
    pub uid: Option<String>,
    pub gid: Option<String>,
    pub mode: Option<Spanned<i64>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Extends {
    pub range: TextRange,
    pub service: Spanned<String>,
    pub file: Option<Spanned<String>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    pub range: TextRange,
    pub source: Spanned<String>,
    pub target: Option<String>,
    pub permissions: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Logging {
    pub range: TextRange,
    pub driver: Option<Spanned<String>>,
    pub options: Vec<KeyValue>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Network {
    pub name: Spanned<String>,
    pub range: TextRange,
    pub custom_name: Option<Spanned<String>>,
    pub driver: Option<Spanned<String>>,
    pub driver_opts: Vec<KeyValue>,
    pub external: Option<Spanned<bool>>,
    pub internal: Option<Spanned<bool>>,
    pub attachable: Option<Spanned<bool>>,
    pub enable_ipv4: Option<Spanned<bool>>,
    pub enable_ipv6: Option<Spanned<bool>>,
    pub ipam: Option<Raw>,
    pub labels: Vec<KeyValue>,
    /// Keys written next to `external: true` (only `name` and `x-*` are allowed).
    pub keys: Vec<Spanned<String>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Volume {
    pub name: Spanned<String>,
    pub range: TextRange,
    pub custom_name: Option<Spanned<String>>,
    pub driver: Option<Spanned<String>>,
    pub driver_opts: Vec<KeyValue>,
    pub external: Option<Spanned<bool>>,
    pub labels: Vec<KeyValue>,
    pub keys: Vec<Spanned<String>>,
}

/// A top-level secret or config.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretOrConfig {
    pub name: Spanned<String>,
    pub range: TextRange,
    pub custom_name: Option<Spanned<String>>,
    pub file: Option<Spanned<String>>,
    pub environment: Option<Spanned<String>>,
    pub content: Option<Spanned<String>>,
    pub external: Option<Spanned<bool>>,
    pub driver: Option<Spanned<String>>,
    pub template_driver: Option<Spanned<String>>,
    pub labels: Vec<KeyValue>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AiModel {
    pub name: Spanned<String>,
    pub range: TextRange,
    pub model: Option<Spanned<String>>,
    pub context_size: Option<Spanned<i64>>,
    pub runtime_flags: Vec<Spanned<String>>,
}
