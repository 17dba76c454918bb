//! Every compose code: the `CP` errors of reading and validating (reported
//! by the pipeline, documented here) and the `LL` rules, one per file, each
//! with a `check` function.
//!
//! Severity tiers: `error` where `docker compose` (or the engine at `up`)
//! fails; `warning` for real risks (host access, credentials, exposed
//! databases); `info` for likely mistakes worth a look; `style` for hygiene
//! that a typical well-written file (awesome-compose) does not follow, so
//! that it never buries the findings above.

use super::analyze::ToolTable;
use super::facts::DockerfileFacts;
use super::model::{ComposeModel, Service};
use super::yaml::Node;
use crate::diagnostic::Diagnostic;
use crate::rules::RuleMeta;
use crate::text::TextRange;
use std::collections::HashMap;

// Reading and validating (reported by the pipeline).
pub mod conflicting_keys;
pub mod dependency_cycle;
pub mod develop_watch_target;
pub mod duplicate_item;
pub mod duplicate_key;
pub mod duplicate_mount_target;
pub mod env_file_syntax;
pub mod incomplete_resource;
pub mod invalid_extends;
pub mod invalid_healthcheck_test;
pub mod invalid_interpolation;
pub mod invalid_port;
pub mod invalid_project_name;
pub mod invalid_type;
pub mod invalid_value;
pub mod missing_image_or_build;
pub mod missing_required_key;
pub mod undefined_reference;
pub mod unknown_key;
pub mod variable_not_set;
pub mod yaml11_boolean;
pub mod yaml_syntax;

// Layerlab's compose rules.
pub mod build_and_image;
pub mod completed_successfully_on_restarting;
pub mod dangerous_capability;
pub mod dangerous_device;
pub mod database_port_exposed;
pub mod default_network_only;
pub mod duplicate_container_name;
pub mod duplicate_list_entry;
pub mod duplicate_published_port;
pub mod explicit_root_user;
pub mod healthy_dependency_without_healthcheck;
pub mod host_namespace;
pub mod host_privileges;
pub mod image_without_digest;
pub mod image_without_tag;
pub mod invalid_restart_policy;
pub mod legacy_v1;
pub mod literal_secret_in_environment;
pub mod logging_disabled;
pub mod missing_project_name;
pub mod mount_propagation;
pub mod no_cap_drop_all;
pub mod no_healthcheck;
pub mod no_new_privileges;
pub mod no_pids_limit;
pub mod no_read_only;
pub mod no_resource_limits;
pub mod no_restart_policy;
pub mod port_all_interfaces;
pub mod privileged_port;
pub mod restart_always;
pub mod security_opt_unconfined;
pub mod sensitive_host_path;
pub mod shared_volume;
pub mod unquoted_port;
pub mod version_obsolete;

// Checks against the Dockerfile that builds a service.
pub mod build_arg_undeclared;
pub mod build_target_missing;
pub mod healthcheck_tool_missing;
pub mod port_not_exposed;
pub mod runs_as_root;

/// What a rule can look at.
pub struct Context<'a> {
    pub source: &'a str,
    pub file_name: &'a str,
    /// The interpolated, merged tree.
    pub root: &'a Node,
    pub model: &'a ComposeModel,
    /// Dockerfile facts by service name, for services whose Dockerfile was found.
    pub facts: &'a HashMap<String, DockerfileFacts>,
    pub tools: Option<&'a ToolTable<'a>>,
    /// Service position in `model.services` by name (see [`Context::service`]).
    pub service_index: HashMap<&'a str, usize>,
}

impl<'a> Context<'a> {
    pub fn new(
        source: &'a str,
        file_name: &'a str,
        root: &'a Node,
        model: &'a ComposeModel,
        facts: &'a HashMap<String, DockerfileFacts>,
        tools: Option<&'a ToolTable<'a>>,
    ) -> Self {
        let service_index = model
            .services
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.value.as_str(), i))
            .collect();
        Context {
            source,
            file_name,
            root,
            model,
            facts,
            tools,
            service_index,
        }
    }

    /// The service called `name`, in constant time.
    pub fn service(&self, name: &str) -> Option<&'a Service> {
        let model: &'a ComposeModel = self.model;
        self.service_index.get(name).map(|&i| &model.services[i])
    }

    pub fn diagnostic(
        &self,
        meta: &RuleMeta,
        range: TextRange,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(meta.code, meta.severity, meta.category, range, message)
    }

    /// The facts of the Dockerfile that builds `service`, if known.
    pub fn facts_for(&self, service: &Service) -> Option<&DockerfileFacts> {
        self.facts.get(&service.name.value)
    }
}

/// Run every `LL` rule.
pub fn check_all(ctx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let checks: &[fn(&Context, &mut Vec<Diagnostic>)] = &[
        version_obsolete::check,
        healthy_dependency_without_healthcheck::check,
        literal_secret_in_environment::check,
        database_port_exposed::check,
        host_privileges::check,
        image_without_tag::check,
        image_without_digest::check,
        invalid_restart_policy::check,
        no_restart_policy::check,
        restart_always::check,
        no_resource_limits::check,
        no_read_only::check,
        no_new_privileges::check,
        explicit_root_user::check,
        no_cap_drop_all::check,
        security_opt_unconfined::check,
        sensitive_host_path::check,
        dangerous_device::check,
        mount_propagation::check,
        host_namespace::check,
        dangerous_capability::check,
        port_all_interfaces::check,
        privileged_port::check,
        duplicate_published_port::check,
        duplicate_list_entry::check,
        unquoted_port::check,
        build_and_image::check,
        no_healthcheck::check,
        completed_successfully_on_restarting::check,
        no_pids_limit::check,
        logging_disabled::check,
        default_network_only::check,
        shared_volume::check,
        missing_project_name::check,
        duplicate_container_name::check,
        build_target_missing::check,
        build_arg_undeclared::check,
        port_not_exposed::check,
        runs_as_root::check,
        healthcheck_tool_missing::check,
    ];
    for check in checks {
        check(ctx, &mut out);
    }
    out
}

/// Every compose code with its documentation.
pub const RULES: &[&RuleMeta] = &[
    &yaml_syntax::YamlSyntax::META,
    &duplicate_key::DuplicateKey::META,
    &unknown_key::UnknownKey::META,
    &invalid_type::InvalidType::META,
    &invalid_value::InvalidValue::META,
    &missing_required_key::MissingRequiredKey::META,
    &duplicate_item::DuplicateItem::META,
    &invalid_interpolation::InvalidInterpolation::META,
    &variable_not_set::VariableNotSet::META,
    &yaml11_boolean::Yaml11Boolean::META,
    &env_file_syntax::EnvFileSyntax::META,
    &undefined_reference::UndefinedReference::META,
    &dependency_cycle::DependencyCycle::META,
    &invalid_extends::InvalidExtends::META,
    &conflicting_keys::ConflictingKeys::META,
    &invalid_healthcheck_test::InvalidHealthcheckTest::META,
    &invalid_port::InvalidPort::META,
    &missing_image_or_build::MissingImageOrBuild::META,
    &duplicate_mount_target::DuplicateMountTarget::META,
    &incomplete_resource::IncompleteResource::META,
    &develop_watch_target::DevelopWatchTarget::META,
    &invalid_project_name::InvalidProjectName::META,
    &version_obsolete::VersionObsolete::META,
    &healthy_dependency_without_healthcheck::HealthyDependencyWithoutHealthcheck::META,
    &literal_secret_in_environment::LiteralSecretInEnvironment::META,
    &database_port_exposed::DatabasePortExposed::META,
    &host_privileges::HostPrivileges::META,
    &legacy_v1::LegacyV1::META,
    &image_without_tag::ImageWithoutTag::META,
    &image_without_digest::ImageWithoutDigest::META,
    &invalid_restart_policy::InvalidRestartPolicy::META,
    &no_restart_policy::NoRestartPolicy::META,
    &restart_always::RestartAlways::META,
    &no_resource_limits::NoResourceLimits::META,
    &no_read_only::NoReadOnly::META,
    &no_new_privileges::NoNewPrivileges::META,
    &explicit_root_user::ExplicitRootUser::META,
    &no_cap_drop_all::NoCapDropAll::META,
    &security_opt_unconfined::SecurityOptUnconfined::META,
    &sensitive_host_path::SensitiveHostPath::META,
    &dangerous_device::DangerousDevice::META,
    &mount_propagation::MountPropagation::META,
    &host_namespace::HostNamespace::META,
    &dangerous_capability::DangerousCapability::META,
    &port_all_interfaces::PortAllInterfaces::META,
    &privileged_port::PrivilegedPort::META,
    &duplicate_published_port::DuplicatePublishedPort::META,
    &duplicate_list_entry::DuplicateListEntry::META,
    &unquoted_port::UnquotedPort::META,
    &build_and_image::BuildAndImage::META,
    &no_healthcheck::NoHealthcheck::META,
    &completed_successfully_on_restarting::CompletedSuccessfullyOnRestarting::META,
    &no_pids_limit::NoPidsLimit::META,
    &logging_disabled::LoggingDisabled::META,
    &default_network_only::DefaultNetworkOnly::META,
    &shared_volume::SharedVolume::META,
    &missing_project_name::MissingProjectName::META,
    &duplicate_container_name::DuplicateContainerName::META,
    &build_target_missing::BuildTargetMissing::META,
    &build_arg_undeclared::BuildArgUndeclared::META,
    &port_not_exposed::PortNotExposed::META,
    &runs_as_root::RunsAsRoot::META,
];

/// Helpers shared by several rules.
pub mod util {
    use crate::compose::model::Service;

    /// Capability name without the `CAP_` prefix, upper case.
    pub fn capability(name: &str) -> String {
        let upper = name.trim().to_ascii_uppercase();
        upper
            .strip_prefix("CAP_")
            .map(String::from)
            .unwrap_or(upper)
    }

    /// A host path with `./`-style noise and trailing slashes removed.
    pub fn host_path(path: &str) -> String {
        let trimmed = path.trim_end_matches('/');
        if trimmed.is_empty() && path.starts_with('/') {
            "/".to_string()
        } else {
            trimmed.to_string()
        }
    }

    /// `docker.sock` and its podman / containerd cousins.
    pub fn is_runtime_socket(path: &str) -> bool {
        let p = host_path(path);
        p.ends_with("/docker.sock")
            || p.ends_with("/podman.sock")
            || p.ends_with("/containerd.sock")
            || p.ends_with("/crio.sock")
            || p == "/var/run/docker"
    }

    /// Whether the service is meant to keep running (not a one-shot job).
    pub fn restarts(service: &Service) -> bool {
        service
            .restart
            .as_ref()
            .is_some_and(|r| matches!(r.value.as_str(), "always" | "unless-stopped"))
    }

    /// Split `registry/repo:tag@digest` into (name, tag, digest), with byte
    /// offsets of tag and digest in `image`.
    pub fn image_parts(image: &str) -> (usize, Option<(usize, usize)>, Option<usize>) {
        let (body_end, digest) = match image.find('@') {
            Some(at) => (at, Some(at + 1)),
            None => (image.len(), None),
        };
        let body = &image[..body_end];
        let last_slash = body.rfind('/').map_or(0, |i| i + 1);
        let tag = body[last_slash..]
            .rfind(':')
            .map(|colon| (last_slash + colon + 1, body_end));
        let name_end = tag.map_or(body_end, |(start, _)| start - 1);
        (name_end, tag, digest)
    }
}
