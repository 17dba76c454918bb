//! The inputs of a cache key, one named component at a time.
//!
//! A step's key is the hash of its parent's key and these components, in
//! order. Keeping them named (rather than hashing straight away) is what
//! lets a miss say *which* input differs: the first component whose value
//! differs from the earlier build's names the reason.

use super::files::SelectionView;
use super::hash::Key;
use crate::context::gopath;
use crate::dockerfile::model::{EnvSource, Expanded, Stage, StepState};
use crate::dockerfile::syntax::mount::{self, MountType};
use crate::dockerfile::syntax::{Command, Instruction, Token};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::rc::Rc;

/// What kind of input a component is; the order is the order in which a
/// miss is explained (the first differing kind wins).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Code {
    /// The base image digest.
    Base,
    Platform,
    /// The step's own definition (command, paths, flags), after expansion.
    Def,
    Shell,
    /// One environment variable (ENV, or an ARG with a value).
    Env,
    Cwd,
    User,
    Network,
    Security,
    /// A `--mount` (its definition; bind-mounted content is `Files`).
    Mount,
    /// Content read from the build context.
    Files,
    /// A remote ADD source.
    Remote,
    /// Content read from another stage or image.
    Upstream,
}

/// Extra information a component carries for explanations.
#[derive(Clone, Debug)]
pub(crate) enum Side {
    None,
    /// Where an environment variable was set.
    Env {
        source: EnvSource,
        instruction: Option<usize>,
    },
    /// The files read, and by what (`""` for the step itself, else the
    /// mount target).
    Selection(Rc<SelectionView>, String),
    Upstream(Rc<Upstream>),
    /// The base image reference behind a digest, and whether the digest was
    /// given (rather than assumed from the tag).
    Base {
        reference: String,
        given: bool,
    },
}

/// One named input of a key.
#[derive(Clone, Debug)]
pub(crate) struct Component {
    pub code: Code,
    pub label: Cow<'static, str>,
    pub value: String,
    pub side: Side,
}

impl Component {
    pub(crate) fn new(
        code: Code,
        label: impl Into<Cow<'static, str>>,
        value: impl Into<String>,
    ) -> Self {
        Component {
            code,
            label: label.into(),
            value: value.into(),
            side: Side::None,
        }
    }

    pub(crate) fn with(mut self, side: Side) -> Self {
        self.side = side;
        self
    }
}

/// What a `COPY --from` or `--mount from=` reads from another stage.
#[derive(Clone, Debug)]
pub(crate) struct Upstream {
    /// The stage read from (`None` for an external image).
    pub stage: Option<usize>,
    pub reference: String,
    /// The paths read (absolute, in the source's filesystem).
    pub selectors: Vec<String>,
    /// The steps whose output those paths depend on.
    pub writers: Vec<WriterMark>,
    /// The first writer that re-ran, so the bytes cannot be known.
    pub uncertain: Option<usize>,
}

/// One step whose output a `COPY --from` depends on.
#[derive(Clone, Debug)]
pub(crate) struct WriterMark {
    pub instruction: usize,
    pub selector: String,
    pub contribution: Key,
    pub certain: bool,
}

/// An environment variable as a RUN sees it, with where it was set.
pub(crate) struct EnvVar<'a> {
    pub name: &'a str,
    pub value: &'a str,
    pub source: EnvSource,
    pub instruction: Option<usize>,
}

/// The environment in effect at a step, later entries winning, in the
/// order names first appeared (BuildKit's `AddEnv`).
pub(crate) fn env_at<'a>(stage: &'a Stage, state: &StepState) -> Vec<EnvVar<'a>> {
    let log = &stage.env_log[..state.env_len.min(stage.env_log.len())];
    let mut out: Vec<EnvVar> = Vec::new();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for entry in log {
        let var = EnvVar {
            name: &entry.name,
            value: &entry.value,
            source: entry.source,
            instruction: entry.instruction,
        };
        match index.get(entry.name.as_str()) {
            Some(&i) => out[i] = var,
            None => {
                index.insert(&entry.name, out.len());
                out.push(var);
            }
        }
    }
    out
}

/// One component per environment variable.
pub(crate) fn env_components(vars: &[EnvVar<'_>], only_args: bool) -> Vec<Component> {
    vars.iter()
        .filter(|v| !only_args || v.source == EnvSource::Arg)
        .map(|v| {
            let label = if only_args { "arg" } else { "env" };
            Component::new(Code::Env, format!("{label}:{}", v.name), v.value).with(Side::Env {
                source: v.source,
                instruction: v.instruction,
            })
        })
        .collect()
}

/// The command of a RUN as BuildKit puts it in argv: exec form as the JSON
/// array, shell form as written (BuildKit does not expand `$VAR` in RUN).
pub(crate) fn command_text(instruction: &Instruction) -> String {
    match instruction.command() {
        Some(Command::Exec { elements, .. }) => {
            let items: Vec<&str> = elements.iter().map(|e| e.text.as_str()).collect();
            serde_json::to_string(&items).unwrap_or_default()
        }
        Some(Command::Shell(token)) => token.text.clone(),
        None => instruction.args_text.text.clone(),
    }
}

pub(crate) fn is_shell_form(instruction: &Instruction) -> bool {
    !matches!(instruction.command(), Some(Command::Exec { .. }))
}

/// Heredoc bodies, which are part of the command (or the copied file).
pub(crate) fn heredoc_component(instruction: &Instruction) -> Option<Component> {
    if instruction.heredocs.is_empty() {
        return None;
    }
    let bodies: Vec<&str> = instruction
        .heredocs
        .iter()
        .map(|h| h.content.as_str())
        .collect();
    Some(Component::new(Code::Def, "heredoc", bodies.join("\u{0}")))
}

/// The value of a flag as written (flags other than `--mount` are not
/// expanded by BuildKit).
pub(crate) fn flag_value(instruction: &Instruction, name: &str) -> Option<String> {
    instruction
        .flag(name)
        .map(|f| f.value_str().unwrap_or("true").to_string())
}

/// A `--mount`, reduced to what enters the key.
#[derive(Clone, Debug)]
pub(crate) struct MountSpec {
    pub kind: MountType,
    /// Canonical `type=…,k=v` text (what the key sees).
    pub spec: String,
    /// The target, resolved against the working directory.
    pub target: String,
    pub source: Option<String>,
    pub from: Option<String>,
    pub secret_id: Option<String>,
}

/// Parse the (expanded) mounts of a RUN. A mount that does not parse keeps
/// its raw text as its spec, so editing it still changes the key.
pub(crate) fn mounts(instruction: &Instruction, expanded: &Expanded, cwd: &str) -> Vec<MountSpec> {
    let Expanded::Run { mounts: values } = expanded else {
        return Vec::new();
    };
    let flags: Vec<_> = instruction.flags_named("mount").collect();
    values
        .iter()
        .enumerate()
        .map(|(i, value)| {
            let range = flags
                .get(i)
                .map(|f| f.value.as_ref().map_or(f.range, |v| v.range))
                .unwrap_or_default();
            match mount::parse_mount(&Token::new(value.clone(), range), value) {
                Ok(parsed) => canonical_mount(&parsed, cwd),
                Err(_) => MountSpec {
                    kind: MountType::Bind,
                    spec: format!("invalid:{value}"),
                    target: String::new(),
                    source: None,
                    from: None,
                    secret_id: None,
                },
            }
        })
        .collect()
}

fn canonical_mount(parsed: &mount::Mount, cwd: &str) -> MountSpec {
    let mut fields: BTreeMap<String, String> = BTreeMap::new();
    for field in &parsed.fields {
        let key = match field.key.text.as_str() {
            "src" => "source",
            "dst" | "destination" => "target",
            "type" | "ro" | "readonly" | "rw" | "readwrite" => continue,
            other => other,
        };
        let value = field.value.as_ref().map_or("true", |v| v.text.as_str());
        fields.insert(key.to_string(), value.to_string());
    }
    let target = fields
        .get("target")
        .map(|t| absolute(cwd, t))
        .unwrap_or_default();
    if !target.is_empty() {
        fields.insert("target".to_string(), target.clone());
    }
    fields.insert("ro".to_string(), parsed.is_read_only().to_string());
    if parsed.mount_type == MountType::Cache {
        // BuildKit clears id and sharing unless the mount is default-shaped
        // (id is the target, sharing is shared): `checkShouldClearCacheOpts`.
        let id = fields.get("id").cloned().unwrap_or_else(|| target.clone());
        let sharing = fields
            .get("sharing")
            .cloned()
            .unwrap_or_else(|| "shared".to_string());
        fields.remove("id");
        fields.remove("sharing");
        if id == target && sharing == "shared" {
            fields.insert("id".to_string(), id);
            fields.insert("sharing".to_string(), sharing);
        }
    }
    if matches!(parsed.mount_type, MountType::Secret | MountType::Ssh) && parsed.required {
        fields.insert("required".to_string(), "true".to_string());
    }
    let secret_id = (parsed.mount_type == MountType::Secret).then(|| {
        fields
            .get("id")
            .cloned()
            .unwrap_or_else(|| gopath::base(&target))
    });
    let mut spec = format!("type={}", parsed.mount_type.as_str());
    for (key, value) in &fields {
        spec.push(',');
        spec.push_str(key);
        spec.push('=');
        spec.push_str(value);
    }
    MountSpec {
        kind: parsed.mount_type,
        spec,
        target,
        source: fields.get("source").cloned(),
        from: fields.get("from").cloned(),
        secret_id,
    }
}

/// An absolute, clean container path (`path` resolved against `cwd`).
pub(crate) fn absolute(cwd: &str, path: &str) -> String {
    if path.starts_with('/') {
        gopath::clean(path)
    } else {
        gopath::clean(&format!("/{cwd}/{path}"))
    }
}

/// The path a `COPY --from` source reads, for finding the steps that wrote
/// it: absolute, and cut before the first wildcard.
pub(crate) fn selector(source: &str) -> String {
    let (fixed, _) = crate::context::glob::split_wildcards(&absolute("/", source));
    if fixed.is_empty() {
        "/".to_string()
    } else {
        fixed
    }
}

/// Definition components of COPY/ADD: where and how the files land.
pub(crate) fn copy_definition(
    instruction: &Instruction,
    expanded: &Expanded,
    legacy: bool,
) -> Vec<Component> {
    let mut out = Vec::new();
    out.push(Component::new(
        Code::Def,
        "instruction",
        instruction.keyword.as_str(),
    ));
    if let Expanded::Paths {
        sources,
        destination_abs,
        chown,
        chmod,
        excludes,
        ..
    } = expanded
    {
        out.push(Component::new(Code::Def, "sources", sources.join(" ")));
        out.push(Component::new(Code::Def, "destination", destination_abs));
        if let Some(chown) = chown {
            out.push(Component::new(Code::Def, "--chown", chown));
        }
        if !legacy {
            if let Some(chmod) = chmod {
                out.push(Component::new(Code::Def, "--chmod", chmod));
            }
            if !excludes.is_empty() {
                out.push(Component::new(Code::Def, "--exclude", excludes.join(" ")));
            }
        }
    }
    if !legacy {
        for flag in ["parents", "link", "checksum", "keep-git-dir", "unpack"] {
            if let Some(value) = flag_value(instruction, flag) {
                out.push(Component::new(Code::Def, format!("--{flag}"), value));
            }
        }
    }
    out.extend(heredoc_component(instruction));
    out
}

/// Whether a COPY/ADD source is fetched remotely.
pub(crate) fn is_remote(source: &str) -> bool {
    source.starts_with("http://")
        || source.starts_with("https://")
        || source.starts_with("git@")
        || source.starts_with("git://")
        || (source.contains("://") && source.ends_with(".git"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::model::{self, ModelOptions};
    use crate::dockerfile::syntax::parse;

    fn mount_specs(line: &str) -> Vec<String> {
        let text = format!("FROM a\nWORKDIR /w\n{line}\n");
        let p = parse(&text);
        let m = model::build(&p, &ModelOptions::default());
        let step = &m.stages[0].steps[2];
        mounts(
            &p.dockerfile.instructions[2],
            &step.expanded,
            &step.state.workdir,
        )
        .into_iter()
        .map(|m| m.spec)
        .collect()
    }

    #[test]
    fn cache_mount_id_and_sharing_count_only_when_default_shaped() {
        let default = mount_specs("RUN --mount=type=cache,target=/root/.npm npm ci");
        let explicit = mount_specs(
            "RUN --mount=type=cache,target=/root/.npm,id=/root/.npm,sharing=shared npm ci",
        );
        assert_eq!(default, explicit);
        let locked = mount_specs("RUN --mount=type=cache,target=/root/.npm,sharing=locked npm ci");
        assert_ne!(default, locked);
        let id_a = mount_specs("RUN --mount=type=cache,target=/c,id=a npm ci");
        let id_b = mount_specs("RUN --mount=type=cache,target=/c,id=b npm ci");
        assert_eq!(id_a, id_b);
        assert_eq!(
            default,
            vec!["type=cache,id=/root/.npm,ro=false,sharing=shared,target=/root/.npm"]
        );
    }

    #[test]
    fn relative_targets_resolve_against_the_workdir_and_aliases_fold() {
        let a = mount_specs("RUN --mount=type=bind,src=package.json,dst=package.json npm ci");
        let b = mount_specs(
            "RUN --mount=type=bind,source=package.json,target=/w/package.json,ro npm ci",
        );
        assert_eq!(a, b);
        assert_eq!(
            a,
            vec!["type=bind,ro=true,source=package.json,target=/w/package.json"]
        );
    }

    #[test]
    fn selectors_cut_at_wildcards() {
        assert_eq!(selector("/app/dist"), "/app/dist");
        assert_eq!(selector("app/*.js"), "/app");
        assert_eq!(selector("*"), "/");
        assert_eq!(absolute("/app", "../srv"), "/srv");
    }
}
