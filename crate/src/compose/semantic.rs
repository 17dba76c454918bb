//! compose-go's consistency checks (`loader/validate.go`, `normalize.go`,
//! `validation/*.go`, `graph/cycle.go`), on the model, each reported at the
//! reference or value that is wrong.

use super::model::*;
use super::rules::{
    conflicting_keys::ConflictingKeys, dependency_cycle::DependencyCycle,
    develop_watch_target::DevelopWatchTarget, duplicate_mount_target::DuplicateMountTarget,
    incomplete_resource::IncompleteResource, invalid_healthcheck_test::InvalidHealthcheckTest,
    invalid_project_name::InvalidProjectName, invalid_value::InvalidValue,
    missing_image_or_build::MissingImageOrBuild, undefined_reference::UndefinedReference,
};
use crate::diagnostic::Diagnostic;
use crate::rules::RuleMeta;
use crate::text::TextRange;
use std::collections::{HashMap, HashSet};

pub fn check(model: &ComposeModel) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let service_names: HashSet<&str> = model.services.iter().map(|s| s.name.as_str()).collect();
    let networks: HashSet<&str> = model.networks.iter().map(|n| n.name.as_str()).collect();
    let volumes: HashSet<&str> = model.volumes.iter().map(|v| v.name.as_str()).collect();
    let secrets: HashSet<&str> = model.secrets.iter().map(|v| v.name.as_str()).collect();
    let configs: HashSet<&str> = model.configs.iter().map(|v| v.name.as_str()).collect();
    let models: HashSet<&str> = model.models.iter().map(|v| v.name.as_str()).collect();

    if let Some(name) = &model.name {
        if !valid_project_name(&name.value) && !name.value.contains('$') {
            push(
                &mut out,
                &InvalidProjectName::META,
                name.range,
                format!(
                    "invalid project name {:?}: must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number",
                    name.value
                ),
            );
        }
    }

    for service in &model.services {
        let name = service.name.as_str();
        if service.image.is_none() && service.build.is_none() && service.provider.is_none() {
            push(
                &mut out,
                &MissingImageOrBuild::META,
                service.name.range,
                format!("service {name:?} has neither an image nor a build context specified"),
            );
        }
        if let Some(build) = &service.build {
            if let (Some(_), Some(inline)) = (&build.dockerfile, &build.dockerfile_inline) {
                push(
                    &mut out,
                    &ConflictingKeys::META,
                    inline.range,
                    format!("service {name:?} declares mutualy exclusive dockerfile and dockerfile_inline"),
                );
            }
            for secret in &build.secrets {
                if !secrets.contains(secret.source.as_str()) {
                    push(
                        &mut out,
                        &UndefinedReference::META,
                        secret.source.range,
                        format!(
                            "service {name:?} refers to undefined build secret {}",
                            secret.source.value
                        ),
                    );
                }
            }
            for context in &build.additional_contexts {
                let Some(value) = &context.value else {
                    continue;
                };
                if let Some(other) = value.value.strip_prefix("service:") {
                    if !service_names.contains(other) {
                        push(
                            &mut out,
                            &UndefinedReference::META,
                            value.range,
                            format!("service {name:?} declares unknown service {other:?} as additional context"),
                        );
                    }
                }
            }
            if let Some(platform) = &service.platform {
                if !build.platforms.is_empty()
                    && !build.platforms.iter().any(|p| p.value == platform.value)
                {
                    push(
                        &mut out,
                        &ConflictingKeys::META,
                        platform.range,
                        format!(
                            "service.build.platforms MUST include service.platform {:?}",
                            platform.value
                        ),
                    );
                }
            }
        }
        if let (Some(mode), Some(first)) = (&service.network_mode, service.networks.first()) {
            push(
                &mut out,
                &ConflictingKeys::META,
                first.name.range,
                format!(
                    "service {name:?} declares mutually exclusive `network_mode` and `networks`"
                ),
            );
            let _ = mode;
        }
        for network in &service.networks {
            let n = network.name.as_str();
            if n != "default" && !networks.contains(n) {
                push(
                    &mut out,
                    &UndefinedReference::META,
                    network.name.range,
                    format!("service {name:?} refers to undefined network {n}"),
                );
            }
        }
        for dependency in implicit_and_explicit_dependencies(service) {
            let other = dependency.service.as_str();
            if service_names.contains(other) || !dependency.required {
                continue;
            }
            let message = match dependency.source {
                DependencySource::NetworkMode => {
                    format!("service {other:?} not found for network_mode 'service:{other}'")
                }
                _ => format!("service {name:?} depends on undefined service {other:?}"),
            };
            push(
                &mut out,
                &UndefinedReference::META,
                dependency.service.range,
                message,
            );
        }
        for mount in &service.volumes {
            if mount.kind != MountKind::Volume {
                continue;
            }
            if let Some(source) = &mount.source {
                if !source.value.is_empty()
                    && !volumes.contains(source.as_str())
                    && !source.value.contains('$')
                {
                    push(
                        &mut out,
                        &UndefinedReference::META,
                        source.range,
                        format!(
                            "service {name:?} refers to undefined volume {}",
                            source.value
                        ),
                    );
                }
            }
        }
        for secret in &service.secrets {
            if !secrets.contains(secret.source.as_str()) {
                push(
                    &mut out,
                    &UndefinedReference::META,
                    secret.source.range,
                    format!(
                        "service {name:?} refers to undefined secret {}",
                        secret.source.value
                    ),
                );
            }
        }
        for config in &service.configs {
            if !configs.contains(config.source.as_str()) {
                push(
                    &mut out,
                    &UndefinedReference::META,
                    config.source.range,
                    format!(
                        "service {name:?} refers to undefined config {}",
                        config.source.value
                    ),
                );
            }
        }
        for used in &service.models {
            if !models.contains(used.as_str()) {
                push(
                    &mut out,
                    &UndefinedReference::META,
                    used.range,
                    format!("service {name:?} refers to undefined model {}", used.value),
                );
            }
        }
        check_healthcheck(service, &mut out);
        check_distinct_values(service, &mut out);
        check_develop(service, &mut out);
        check_mount_targets(service, &mut out);
    }
    check_top_level(model, &mut out);
    check_cycles(model, &mut out);
    out
}

fn push(out: &mut Vec<Diagnostic>, meta: &RuleMeta, range: TextRange, message: String) {
    out.push(Diagnostic::new(
        meta.code,
        meta.severity,
        meta.category,
        range,
        message,
    ));
}

fn valid_project_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// `depends_on` plus the edges compose-go adds for `links`, `volumes_from`
/// and `network_mode|ipc|pid|uts|cgroup: service:X`.
pub fn implicit_and_explicit_dependencies(service: &Service) -> Vec<Dependency> {
    let mut out = service.depends_on.clone();
    let implicit = |name: &str, range: TextRange, source: DependencySource| Dependency {
        service: Spanned::new(name.to_string(), range),
        condition: Spanned::new(Condition::ServiceStarted, range),
        required: true,
        restart: false,
        source,
    };
    for link in &service.links {
        let target = link.value.split(':').next().unwrap_or_default();
        out.push(implicit(target, link.range, DependencySource::Links));
    }
    for from in &service.volumes_from {
        if from.value.starts_with("container:") {
            continue;
        }
        let target = from.value.split(':').next().unwrap_or_default();
        out.push(implicit(target, from.range, DependencySource::VolumesFrom));
    }
    let modes = [
        (&service.network_mode, DependencySource::NetworkMode),
        (&service.ipc, DependencySource::Ipc),
        (&service.pid, DependencySource::Pid),
        (&service.uts, DependencySource::Uts),
        (&service.cgroup, DependencySource::Cgroup),
    ];
    for (mode, source) in modes {
        if let Some(mode) = mode {
            if let Some(target) = mode.value.strip_prefix("service:") {
                out.push(implicit(target, mode.range, source));
            }
        }
    }
    out
}

fn check_healthcheck(service: &Service, out: &mut Vec<Diagnostic>) {
    let Some(check) = &service.healthcheck else {
        return;
    };
    let Some(first) = check.test.first() else {
        return;
    };
    if !matches!(first.value.as_str(), "CMD" | "CMD-SHELL" | "NONE") {
        push(
            out,
            &InvalidHealthcheckTest::META,
            first.range,
            "healthcheck.test must start either by \"CMD\", \"CMD-SHELL\" or \"NONE\"".to_string(),
        );
    }
}

fn check_distinct_values(service: &Service, out: &mut Vec<Diagnostic>) {
    let name = service.name.as_str();
    let replicas = service.deploy.as_ref().and_then(|d| d.replicas.as_ref());
    for value in [&service.scale, &replicas.cloned()].into_iter().flatten() {
        if value.value < 0 {
            push(
                out,
                &InvalidValue::META,
                value.range,
                "must be greater than or equal to 0".to_string(),
            );
        }
    }
    if let (Some(scale), Some(replicas)) = (&service.scale, replicas) {
        if scale.value != replicas.value {
            push(
                out,
                &ConflictingKeys::META,
                scale.range,
                "can't set distinct values on 'scale' and 'deploy.replicas'".to_string(),
            );
        }
    }
    let limits = service.deploy.as_ref().and_then(|d| d.limits.as_ref());
    let reservations = service
        .deploy
        .as_ref()
        .and_then(|d| d.reservations.as_ref());
    let distinct = |a: Option<f64>, b: Option<f64>| matches!((a, b), (Some(x), Some(y)) if (x - y).abs() > f64::EPSILON);
    let pairs: [(Option<TextRange>, bool, &str); 4] = [
        (
            service.mem_limit.as_ref().map(|m| m.range),
            distinct(
                service.mem_limit.as_ref().map(|m| m.value as f64),
                limits.and_then(|l| l.memory.as_ref()).map(|m| m.value as f64),
            ),
            "can't set distinct values on 'mem_limit' and 'deploy.resources.limits.memory'",
        ),
        (
            service.cpus.as_ref().map(|m| m.range),
            distinct(
                service.cpus.as_ref().map(|m| m.value),
                limits.and_then(|l| l.cpus.as_ref()).map(|m| m.value),
            ),
            "can't set distinct values on 'cpus' and 'deploy.resources.limits.cpus'",
        ),
        (
            service.mem_reservation.as_ref().map(|m| m.range),
            distinct(
                service.mem_reservation.as_ref().map(|m| m.value as f64),
                reservations.and_then(|l| l.memory.as_ref()).map(|m| m.value as f64),
            ),
            "can't set distinct values on 'mem_reservation' and 'deploy.resources.reservations.memory'",
        ),
        (
            service.pids_limit.as_ref().map(|m| m.range),
            distinct(
                service.pids_limit.as_ref().map(|m| m.value as f64),
                limits.and_then(|l| l.pids.as_ref()).map(|m| m.value as f64),
            ),
            "can't set distinct values on 'pids_limit' and 'deploy.resources.limits.pids'",
        ),
    ];
    for (range, conflict, message) in pairs {
        if let (Some(range), true) = (range, conflict) {
            push(out, &ConflictingKeys::META, range, message.to_string());
        }
    }
    let count = service
        .scale
        .as_ref()
        .map(|s| s.value)
        .or(replicas.map(|r| r.value))
        .unwrap_or(1);
    if let Some(container_name) = &service.container_name {
        if count > 1 {
            push(
                out,
                &ConflictingKeys::META,
                container_name.range,
                format!("services.{name}: can't set container_name and scale as container name must be unique"),
            );
        }
    }
    for devices in [limits, reservations]
        .into_iter()
        .flatten()
        .map(|r| &r.devices)
    {
        for device in devices {
            if device.value.get("count").is_some() && device.value.get("device_ids").is_some() {
                push(
                    out,
                    &ConflictingKeys::META,
                    device.range,
                    format!("services.{name}: invalid device request: count and device_ids attributes are exclusive"),
                );
            }
        }
    }
}

fn check_develop(service: &Service, out: &mut Vec<Diagnostic>) {
    let Some(develop) = &service.develop else {
        return;
    };
    for rule in &develop.watch {
        if let Some(path) = &rule.path {
            if path.value.trim().is_empty() {
                push(
                    out,
                    &DevelopWatchTarget::META,
                    path.range,
                    "watch rules MUST define a path".to_string(),
                );
            }
        }
        let Some(action) = &rule.action else { continue };
        if action.value != "rebuild" && action.value != "restart" && rule.target.is_none() {
            push(
                out,
                &DevelopWatchTarget::META,
                action.range,
                "target is required for non-rebuild actions".to_string(),
            );
        }
    }
}

fn check_mount_targets(service: &Service, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, TextRange> = HashMap::new();
    let mut targets: Vec<(String, TextRange)> = Vec::new();
    for mount in &service.volumes {
        if let Some(target) = &mount.target {
            targets.push((normalize_path(&target.value), target.range));
        }
    }
    for tmpfs in &service.tmpfs {
        let path = tmpfs.value.split(':').next().unwrap_or_default();
        targets.push((normalize_path(path), tmpfs.range));
    }
    for secret in &service.secrets {
        let target = match &secret.target {
            Some(t) if t.value.starts_with('/') => t.value.clone(),
            Some(t) => format!("/run/secrets/{}", t.value),
            None => format!("/run/secrets/{}", secret.source.value),
        };
        targets.push((normalize_path(&target), secret.range));
    }
    for config in &service.configs {
        let target = match &config.target {
            Some(t) => t.value.clone(),
            None => format!("/{}", config.source.value),
        };
        targets.push((normalize_path(&target), config.range));
    }
    for (path, range) in targets {
        if path.contains('$') {
            continue;
        }
        match seen.get(&path) {
            Some(first) => out.push(
                Diagnostic::new(
                    DuplicateMountTarget::META.code,
                    DuplicateMountTarget::META.severity,
                    DuplicateMountTarget::META.category,
                    range,
                    format!(
                        "services.{}: target {path} already mounted",
                        service.name.value
                    ),
                )
                .with_related(*first, "first mounted here"),
            ),
            None => {
                seen.insert(path, range);
            }
        }
    }
}

/// Container paths are POSIX strings (never `std::path`, see the reference).
fn normalize_path(path: &str) -> String {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        trimmed.to_string()
    }
}

fn check_top_level(model: &ComposeModel, out: &mut Vec<Diagnostic>) {
    for secret in &model.secrets {
        let external = secret.external.as_ref().is_some_and(|e| e.value);
        if !external
            && secret.driver.is_none()
            && secret.file.is_none()
            && secret.environment.is_none()
        {
            push(
                out,
                &IncompleteResource::META,
                secret.name.range,
                format!(
                    "secret {:?} must declare either `file` or `environment`",
                    secret.name.value
                ),
            );
        }
    }
    for config in &model.configs {
        let external = config.external.as_ref().is_some_and(|e| e.value);
        let sources = [&config.file, &config.environment, &config.content]
            .iter()
            .filter(|s| s.is_some())
            .count();
        if !external && sources == 0 {
            push(
                out,
                &IncompleteResource::META,
                config.name.range,
                format!(
                    "config {:?} must declare one of `file`, `environment` or `content`",
                    config.name.value
                ),
            );
        } else if sources > 1 {
            push(
                out,
                &IncompleteResource::META,
                config.name.range,
                format!("config {:?}: `file`, `environment` and `content` attributes are mutually exclusive", config.name.value),
            );
        }
    }
    let external_conflicts = model
        .volumes
        .iter()
        .map(|v| ("volume", &v.name, &v.external, &v.keys))
        .chain(
            model
                .networks
                .iter()
                .map(|n| ("network", &n.name, &n.external, &n.keys)),
        );
    for (kind, name, external, keys) in external_conflicts {
        if !external.as_ref().is_some_and(|e| e.value) {
            continue;
        }
        for key in keys {
            if !matches!(key.value.as_str(), "external" | "name") && !key.value.starts_with("x-") {
                push(
                    out,
                    &IncompleteResource::META,
                    key.range,
                    format!(
                        "conflicting parameters \"external\" and {:?} specified for {kind} {:?}",
                        key.value, name.value
                    ),
                );
            }
        }
    }
}

/// `dependency cycle detected: a -> b -> a`, reported at each edge.
fn check_cycles(model: &ComposeModel, out: &mut Vec<Diagnostic>) {
    let index: HashMap<&str, usize> = model
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.as_str(), i))
        .collect();
    let edges: Vec<Vec<(usize, TextRange)>> = model
        .services
        .iter()
        .map(|s| {
            implicit_and_explicit_dependencies(s)
                .iter()
                .filter_map(|d| index.get(d.service.as_str()).map(|&i| (i, d.service.range)))
                .collect()
        })
        .collect();
    // Iterative DFS with colours; report each cycle once.
    let n = edges.len();
    let mut colour = vec![0u8; n]; // 0 new, 1 on stack, 2 done
    let mut reported: HashSet<Vec<usize>> = HashSet::new();
    for start in 0..n {
        if colour[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        colour[start] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if *next < edges[node].len() {
                let (to, _) = edges[node][*next];
                *next += 1;
                match colour[to] {
                    0 => {
                        colour[to] = 1;
                        stack.push((to, 0));
                    }
                    1 => {
                        let position = stack.iter().position(|(s, _)| *s == to).unwrap_or(0);
                        let cycle: Vec<usize> = stack[position..].iter().map(|(s, _)| *s).collect();
                        let mut key = cycle.clone();
                        key.sort_unstable();
                        if reported.insert(key) {
                            report_cycle(model, &edges, &cycle, out);
                        }
                    }
                    _ => {}
                }
            } else {
                colour[node] = 2;
                stack.pop();
            }
        }
    }
}

fn report_cycle(
    model: &ComposeModel,
    edges: &[Vec<(usize, TextRange)>],
    cycle: &[usize],
    out: &mut Vec<Diagnostic>,
) {
    let mut names: Vec<&str> = cycle
        .iter()
        .map(|&i| model.services[i].name.as_str())
        .collect();
    names.push(names[0]);
    let message = format!("dependency cycle detected: {}", names.join(" -> "));
    for (k, &from) in cycle.iter().enumerate() {
        let to = cycle[(k + 1) % cycle.len()];
        if let Some((_, range)) = edges[from].iter().find(|(t, _)| *t == to) {
            push(out, &DependencyCycle::META, *range, message.clone());
        }
    }
}
