//! What BuildKit keys each instruction on (`dockerfile2llb`, `ops/exec.go`,
//! `ops/file.go`; see `shared/reference/cache-and-size.md` §2 and §8.3).
//!
//! Only `FROM <image>`, `RUN`, `COPY`, `ADD` and `WORKDIR` (not `/`) are
//! cache steps. A RUN is keyed on its command as written, shell, env
//! (declared ARGs with a value included), working directory, user, network,
//! security, mounts and platform; a COPY/ADD on its action and the content
//! of exactly the files it selects; a `COPY --from` on the content of the
//! paths it reads from the other stage. Everything else only changes the
//! state later steps see, or the image config.

use super::files::{within, SelectionView};
use super::hash::Key;
use super::inputs::{
    self, absolute, command_text, copy_definition, env_at, env_components, flag_value,
    heredoc_component, is_remote, is_shell_form, selector, Code, Component, Side, Upstream,
};
use super::report::Reason;
use super::walk::{upstream_component, Area, Op, Plan, Role, Walker};
use crate::context::CopyRequest;
use crate::dockerfile::model::{Base, DependencyKind, Expanded, Stage, Step};
use crate::dockerfile::syntax::mount::MountType;
use crate::dockerfile::syntax::{Instruction, Keyword};
use std::rc::Rc;

/// `FROM <image>`: keyed on the digest the tag resolves to and the
/// platform, never on the tag text.
pub(crate) fn plan_from_image(walker: &Walker<'_>, stage: &Stage) -> Plan {
    let reference = match &stage.base {
        Base::Image { reference } => reference.clone(),
        _ => String::new(),
    };
    let (value, given) = image_digest(walker, &reference);
    let components = vec![
        Component::new(Code::Base, "image", value).with(Side::Base {
            reference: reference.clone(),
            given,
        }),
        Component::new(Code::Platform, "platform", platform(walker, stage)),
    ];
    let mut plan = Plan::new(Role::Vertex(Op::Image), components);
    plan.area = Some(Area::Anywhere);
    plan
}

/// The digest a reference resolves to in this build, or a stand-in built
/// from the reference itself (the tag is assumed not to move).
pub(crate) fn image_digest(walker: &Walker<'_>, reference: &str) -> (String, bool) {
    match walker.build.base_digests.get(reference) {
        Some(digest) => (digest.clone(), true),
        None => (format!("tag:{reference}"), false),
    }
}

fn platform(walker: &Walker<'_>, stage: &Stage) -> String {
    stage
        .platform
        .clone()
        .unwrap_or_else(|| walker.build.dockerfile.options.platform.clone())
}

pub(crate) fn plan(walker: &Walker<'_>, stage: &Stage, step: &Step) -> Plan {
    let file = &walker.build.dockerfile.parse.dockerfile;
    let Some(instruction) = file.instructions.get(step.instruction) else {
        return Plan::meta(false);
    };
    match instruction.keyword {
        Keyword::Run => plan_run(walker, stage, step, instruction),
        Keyword::Copy | Keyword::Add => plan_copy(walker, stage, step, instruction, false),
        Keyword::Workdir => plan_workdir(step, instruction),
        Keyword::Env | Keyword::Arg | Keyword::User | Keyword::Shell | Keyword::From => {
            Plan::meta(false)
        }
        Keyword::Unknown => {
            let mut plan = Plan::meta(false);
            plan.error = Some(format!(
                "unknown instruction `{}`; the build fails",
                instruction.keyword_token.text
            ));
            plan
        }
        _ => Plan::meta(true),
    }
}

fn plan_workdir(step: &Step, instruction: &Instruction) -> Plan {
    let path = match &step.expanded {
        Expanded::Single(value) => absolute(&step.state.workdir, value),
        _ => absolute(&step.state.workdir, &instruction.args_text.text),
    };
    // `WORKDIR /` creates nothing: no vertex, no layer.
    if path == "/" {
        return Plan::meta(false);
    }
    let components = vec![
        Component::new(Code::Def, "path", path.clone()),
        Component::new(
            Code::User,
            "user",
            step.state.user.clone().unwrap_or_default(),
        ),
    ];
    let mut plan = Plan::new(Role::Vertex(Op::Workdir), components);
    plan.area = Some(Area::Paths(vec![path]));
    plan
}

fn plan_run(walker: &Walker<'_>, stage: &Stage, step: &Step, instruction: &Instruction) -> Plan {
    let state = &step.state;
    let mut components = vec![Component::new(
        Code::Def,
        "command",
        command_text(instruction),
    )];
    components.extend(heredoc_component(instruction));
    if let Some(device) = flag_value(instruction, "device") {
        components.push(Component::new(Code::Def, "--device", device));
    }
    if is_shell_form(instruction) {
        components.push(Component::new(Code::Shell, "shell", state.shell.join(" ")));
    }
    components.extend(env_components(&env_at(stage, state), false));
    components.push(Component::new(Code::Cwd, "cwd", state.workdir.clone()));
    components.push(Component::new(
        Code::User,
        "user",
        state.user.clone().unwrap_or_default(),
    ));
    components.push(Component::new(
        Code::Network,
        "network",
        flag_value(instruction, "network").unwrap_or_else(|| "default".to_string()),
    ));
    components.push(Component::new(
        Code::Security,
        "security",
        flag_value(instruction, "security").unwrap_or_else(|| "sandbox".to_string()),
    ));
    let mut uncertain = None;
    let mut error = None;
    let mut content = Vec::new();
    for (index, mount) in inputs::mounts(instruction, &step.expanded, &state.workdir)
        .into_iter()
        .enumerate()
    {
        let label = format!(
            "mount {}",
            if mount.target.is_empty() {
                index.to_string()
            } else {
                mount.target.clone()
            }
        );
        match (mount.kind, &mount.from) {
            (MountType::Bind, None) => {
                let request =
                    CopyRequest::new([mount.source.clone().unwrap_or_else(|| ".".into())], "/");
                let view = Rc::new(walker.build.files.view(&request));
                if error.is_none() {
                    error = view
                        .failure()
                        .map(|f| format!("bind mount at {}: {f}", mount.target));
                }
                content.push(
                    Component::new(
                        Code::Files,
                        format!("files of {label}"),
                        view.digest().hex(),
                    )
                    .with(Side::Selection(view, mount.target.clone())),
                );
            }
            (MountType::Bind, Some(from)) => {
                let selectors = vec![selector(mount.source.as_deref().unwrap_or("/"))];
                let upstream = upstream_of(
                    walker,
                    stage,
                    step.instruction,
                    from,
                    &selectors,
                    DependencyKind::MountFrom,
                );
                if uncertain.is_none() {
                    uncertain = upstream.0.uncertain;
                }
                content.push(upstream_component(
                    format!("files of {label}"),
                    upstream.0,
                    upstream.1.as_deref(),
                ));
            }
            (MountType::Cache, Some(from)) => {
                let source_key =
                    resolve_stage(stage, step.instruction, from, DependencyKind::MountFrom)
                        .and_then(|s| walker.stage_key(s))
                        .map_or_else(|| image_digest(walker, from).0, Key::hex);
                content.push(Component::new(
                    Code::Mount,
                    format!("base of {label}"),
                    source_key,
                ));
            }
            _ => {}
        }
        components.push(Component::new(Code::Mount, label, mount.spec));
    }
    components.extend(content);
    components.push(Component::new(
        Code::Platform,
        "platform",
        platform(walker, stage),
    ));
    let mut plan = Plan::new(Role::Vertex(Op::Run), components);
    plan.area = Some(Area::Anywhere);
    plan.uncertain = uncertain;
    plan.uncertain_reason = uncertain.map(|_| Reason::Upstream);
    plan.error = error;
    plan
}

/// The stage a `--from` names, through the model's stage graph.
fn resolve_stage(
    stage: &Stage,
    instruction: usize,
    reference: &str,
    kind: DependencyKind,
) -> Option<usize> {
    stage
        .dependencies
        .iter()
        .find(|d| d.instruction == instruction && d.kind == kind && d.reference == reference)
        .or_else(|| {
            stage
                .dependencies
                .iter()
                .find(|d| d.instruction == instruction && d.kind == kind)
        })
        .and_then(|d| d.stage)
}

/// What a `--from` reads: another stage's output, or an image.
fn upstream_of(
    walker: &Walker<'_>,
    stage: &Stage,
    instruction: usize,
    reference: &str,
    selectors: &[String],
    kind: DependencyKind,
) -> (Upstream, Option<String>) {
    match resolve_stage(stage, instruction, reference, kind) {
        Some(source) => (walker.upstream(source, reference, selectors), None),
        None => {
            let (digest, _) = image_digest(walker, reference);
            (
                Upstream {
                    stage: None,
                    reference: reference.to_string(),
                    selectors: selectors.to_vec(),
                    writers: Vec::new(),
                    uncertain: None,
                },
                Some(digest),
            )
        }
    }
}

/// COPY and ADD (shared with the legacy builder, which ignores `--link`,
/// `--exclude` and `--parents`).
pub(crate) fn plan_copy(
    walker: &Walker<'_>,
    stage: &Stage,
    step: &Step,
    instruction: &Instruction,
    legacy: bool,
) -> Plan {
    let op = if instruction.keyword == Keyword::Add {
        Op::Add
    } else {
        Op::Copy
    };
    let mut components = copy_definition(instruction, &step.expanded, legacy);
    type Parts<'s> = (
        &'s [String],
        &'s str,
        &'s str,
        Option<&'s str>,
        Option<&'s str>,
        &'s [String],
    );
    let (sources, destination, destination_abs, chown, chmod, excludes): Parts<'_> =
        match &step.expanded {
            Expanded::Paths {
                sources,
                destination,
                destination_abs,
                chown,
                chmod,
                excludes,
            } => (
                sources,
                destination,
                destination_abs,
                chown.as_deref(),
                chmod.as_deref(),
                excludes,
            ),
            _ => (&[], "", "", None, None, &[]),
        };
    let mut plan = Plan::new(Role::Vertex(op), Vec::new());
    plan.link = !legacy && instruction.flag("link").is_some() && chmod.is_none();
    let meta = format!("{}|{}", chown.unwrap_or(""), chmod.unwrap_or(""));

    if let Some(from) = instruction.flag("from").and_then(|f| f.value_str()) {
        let selectors: Vec<String> = sources.iter().map(|s| selector(s)).collect();
        let (upstream, image) = upstream_of(
            walker,
            stage,
            step.instruction,
            from,
            &selectors,
            DependencyKind::CopyFrom,
        );
        plan.uncertain = upstream.uncertain;
        plan.uncertain_reason = upstream.uncertain.map(|_| Reason::Upstream);
        components.push(upstream_component(
            format!("files from {from}"),
            upstream,
            image.as_deref(),
        ));
        plan.area = Some(Area::Paths(vec![destination_abs.to_string()]));
        plan.components = components;
        return plan;
    }

    let mut context_sources = Vec::new();
    for source in sources {
        if source.starts_with("<<") {
            continue;
        } else if op == Op::Add && is_remote(source) {
            let (value, known) = remote_version(walker, instruction, source);
            if !known && plan.uncertain.is_none() {
                plan.uncertain = Some(step.instruction);
                plan.uncertain_reason = Some(Reason::Remote);
            }
            components.push(Component::new(Code::Remote, source.clone(), value));
        } else {
            context_sources.push(source.clone());
        }
    }
    if context_sources.is_empty() {
        plan.area = Some(Area::Paths(vec![destination_abs.to_string()]));
    } else {
        let mut request = CopyRequest::new(context_sources, destination)
            .workdir(selection_workdir(destination, &step.state.workdir));
        if !legacy {
            request.excludes = excludes.to_vec();
            request.parents = instruction.flag("parents").is_some();
        }
        let view: Rc<SelectionView> = Rc::new(walker.build.files.view(&request));
        plan.error = view.failure().map(str::to_string);
        plan.layer_bytes = Some(view.bytes());
        components.push(
            Component::new(Code::Files, "files", view.digest().hex())
                .with(Side::Selection(Rc::clone(&view), String::new())),
        );
        plan.area = Some(Area::Files(view, meta));
    }
    plan.components = components;
    plan
}

/// The working directory a selection depends on. It only matters when the
/// destination is relative, or is the working directory, one of its
/// parents or inside it (the builder creates the working directory first);
/// otherwise `/` is used, so identical copies in stages with different
/// working directories share one selection.
fn selection_workdir(destination: &str, workdir: &str) -> String {
    if destination.starts_with('/') {
        let (dest, workdir_abs) = (absolute("/", destination), absolute("/", workdir));
        if !within(&workdir_abs, &dest) && !within(&dest, &workdir_abs) {
            return "/".to_string();
        }
    }
    workdir.to_string()
}

/// What an `ADD <url>` is keyed on: a pinned checksum or commit, else the
/// version the input says the server returns (unknown when not given).
fn remote_version(walker: &Walker<'_>, instruction: &Instruction, url: &str) -> (String, bool) {
    if let Some(checksum) = flag_value(instruction, "checksum") {
        return (format!("checksum:{checksum}"), true);
    }
    if let Some((_, fragment)) = url.split_once('#') {
        let commit = fragment.split(':').next().unwrap_or("");
        if commit.len() == 40 && commit.bytes().all(|b| b.is_ascii_hexdigit()) {
            return (format!("commit:{commit}"), true);
        }
    }
    match walker.build.remote_versions.get(url) {
        Some(version) => (format!("version:{version}"), true),
        None => ("unknown".to_string(), false),
    }
}

#[cfg(test)]
mod tests {
    use super::selection_workdir;

    #[test]
    fn the_workdir_matters_only_next_to_the_destination() {
        assert_eq!(selection_workdir("/all", "/srv/s1"), "/");
        assert_eq!(selection_workdir("/srv", "/srv/s1"), "/srv/s1");
        assert_eq!(selection_workdir("/srv/s1/x", "/srv/s1"), "/srv/s1");
        assert_eq!(selection_workdir("/srv/s1", "/srv/s1"), "/srv/s1");
        assert_eq!(selection_workdir("out/", "/srv/s1"), "/srv/s1");
        assert_eq!(selection_workdir(".", "/app"), "/app");
    }

    #[test]
    fn an_unrelated_workdir_does_not_change_a_selection() {
        use crate::context::{select_copy, BuildContext, ContextEntry, CopyRequest};
        let context = BuildContext::new(vec![
            ContextEntry::file("a.txt", "h1", 1),
            ContextEntry::file("dir/b.txt", "h2", 2),
        ]);
        let filter = context.unfiltered();
        for (sources, dest) in [
            (vec!["."], "/all"),
            (vec!["a.txt"], "/x"),
            (vec!["a.txt", "dir"], "/y/"),
        ] {
            let with = select_copy(
                &filter,
                &CopyRequest::new(sources.clone(), dest).workdir("/srv/s1"),
            );
            let without = select_copy(
                &filter,
                &CopyRequest::new(sources, dest).workdir(selection_workdir(dest, "/srv/s1")),
            );
            assert_eq!(with, without, "{dest}");
        }
    }
}
