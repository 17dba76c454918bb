//! Reasons and explanations: for every decided instruction, a stable reason
//! code and one sentence naming the line, file or variable responsible.
//!
//! A miss is explained against the instruction's counterpart in the earlier
//! Dockerfile (see [`super::align`]): if an earlier step of the chain
//! missed, the miss is inherited from it; otherwise the first key component
//! whose value differs names the reason.

use super::align::{identity, Alignment};
use super::files::{diff, writes_under, FileChange, SelectionView};
use super::input::Builder;
use super::inputs::{command_text, env_at, mounts, Code, Component, Side, Upstream, WriterMark};
use super::prepare::Prepared;
use super::report::Reason;
use super::store::{Found, StoreIndex};
use super::walk::{find_record, Area, Record, Role, Walk};
use crate::dockerfile::model::{EnvSource, Expanded, Model, Stage};
use crate::dockerfile::syntax::{Instruction, Keyword};
use std::collections::BTreeMap;

/// Paths listed in a row at most.
const MAX_PATHS: usize = 20;

/// Both builds, for explaining one instruction of the later one.
pub(crate) struct Context<'a> {
    pub after: &'a Prepared,
    pub before: &'a Prepared,
    /// The records of the later build decided so far.
    pub after_walk_records: &'a [Record],
    pub before_walk: &'a Walk,
    pub alignment: &'a Alignment,
    pub store: &'a StoreIndex,
}

/// Why an instruction has its status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Explanation {
    pub reason: Reason,
    pub detail: String,
    /// The instruction of the later Dockerfile responsible.
    pub cause: Option<usize>,
    pub paths: Vec<String>,
    pub also: Vec<Reason>,
}

impl Explanation {
    fn new(reason: Reason, detail: impl Into<String>) -> Explanation {
        Explanation {
            reason,
            detail: detail.into(),
            cause: None,
            paths: Vec::new(),
            also: Vec::new(),
        }
    }

    fn cause(mut self, cause: Option<usize>) -> Explanation {
        self.cause = cause;
        self
    }
}

fn instruction(build: &Prepared, index: usize) -> Option<&Instruction> {
    build.dockerfile.parse.dockerfile.instructions.get(index)
}

/// 1-based line of an instruction.
pub(crate) fn line_of(build: &Prepared, index: usize) -> u32 {
    instruction(build, index).map_or(0, |i| build.dockerfile.line(i.range.start))
}

/// A short form of an instruction for sentences (`COPY . .`).
pub(crate) fn short(build: &Prepared, index: usize) -> String {
    let Some(instruction) = instruction(build, index) else {
        return String::new();
    };
    let mut text = instruction.keyword_token.text.to_ascii_uppercase();
    for flag in &instruction.flags {
        text.push(' ');
        text.push_str(&build.dockerfile.text[flag.range.start as usize..flag.range.end as usize]);
    }
    text.push(' ');
    text.push_str(instruction.args_text.text.trim());
    clip(&text.split_whitespace().collect::<Vec<_>>().join(" "), 48)
}

/// At most `max` characters, with an ellipsis when cut.
pub(crate) fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// The part of two texts that differs, with a little context.
fn snippets(old: &str, new: &str) -> (String, String) {
    let (a, b): (Vec<char>, Vec<char>) = (old.chars().collect(), new.chars().collect());
    if a.len() <= 40 && b.len() <= 40 {
        return (old.to_string(), new.to_string());
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    let cut = |chars: &[char]| {
        let start = prefix.saturating_sub(12);
        let end = (chars.len() - suffix + 12).min(chars.len());
        let middle: String = chars[start..end].iter().collect();
        let middle = clip(&middle, 40);
        format!(
            "{}{}{}",
            if start > 0 { "…" } else { "" },
            middle,
            if end < chars.len() && !middle.ends_with('…') {
                "…"
            } else {
                ""
            }
        )
    };
    (cut(&a), cut(&b))
}

fn stage_label(build: &Prepared, stage: Option<usize>) -> String {
    stage
        .and_then(|s| build.model().stages.get(s))
        .map_or_else(|| "(global)".to_string(), Stage::label)
}

fn before_record<'c>(ctx: &'c Context<'_>, after_index: usize) -> Option<&'c Record> {
    ctx.alignment
        .before_of(after_index)
        .and_then(|b| find_record(&ctx.before_walk.records, b))
}

fn after_record<'c>(ctx: &'c Context<'_>, index: usize) -> Option<&'c Record> {
    find_record(ctx.after_walk_records, index)
}

/// A hit: where the key was found.
pub(crate) fn hit(
    ctx: &Context<'_>,
    record: &Record,
    found: Found,
    link_over_miss: Option<usize>,
    declared_same: bool,
) -> Explanation {
    if declared_same {
        return Explanation::new(
            Reason::DeclaredSame,
            "declared deterministic: taken to read the same bytes as before, so its key is unchanged",
        );
    }
    if let Some(origin) = link_over_miss {
        return Explanation::new(
            Reason::LinkReused,
            format!(
                "COPY --link: the copied files are unchanged, so the layer is reused; BuildKit only re-applies it on the new parent left by line {}",
                line_of(ctx.after, origin)
            ),
        )
        .cause(Some(origin));
    }
    let mut detail = match found {
        Found::Before => "every input is the same as in the previous build".to_string(),
        Found::Older(index) => format!(
            "not in the previous build, but the same as in earlier build {}, which the cache still holds",
            ctx.store.label(index)
        ),
        Found::ThisBuild(index) => format!(
            "identical to line {} of this build; BuildKit runs it once",
            line_of(ctx.after, index)
        ),
    };
    detail.push_str(&notes(ctx, record));
    Explanation::new(Reason::Cached, detail)
}

/// Say that an identical step earlier in this build runs for this one too.
pub(crate) fn mention_shared(ctx: &Context<'_>, explanation: &mut Explanation, first: usize) {
    explanation.detail.push_str(&format!(
        "; identical to line {} of this build, so BuildKit runs the two once",
        line_of(ctx.after, first)
    ));
}

/// Remarks on a hit: an assumed tag, a changed secret.
fn notes(ctx: &Context<'_>, record: &Record) -> String {
    let mut out = String::new();
    for component in &record.components {
        if let Side::Base {
            reference,
            given: false,
        } = &component.side
        {
            out.push_str(&format!(
                "; no digest given for {reference}, so the tag is assumed not to have moved"
            ));
        }
    }
    let model = ctx.after.model();
    if let (Some(instruction), Some((_, step))) = (
        instruction(ctx.after, record.instruction),
        model.step(record.instruction),
    ) {
        for mount in mounts(instruction, &step.expanded, &step.state.workdir) {
            let Some(id) = mount.secret_id else { continue };
            let (now, then) = (ctx.after.secrets.get(&id), ctx.before.secrets.get(&id));
            if now.is_some() && now != then {
                out.push_str(&format!(
                    "; secret `{id}` changed, but secret values never enter the cache key"
                ));
            }
        }
    }
    out
}

/// A miss inherited from an earlier step of the chain.
pub(crate) fn inherited(
    ctx: &Context<'_>,
    record: &Record,
    origin: usize,
    legacy: bool,
) -> Explanation {
    let origin_stage = after_record(ctx, origin).and_then(|r| r.stage);
    let place = if origin_stage != record.stage {
        format!(" in stage {}", stage_label(ctx.after, origin_stage))
    } else {
        String::new()
    };
    let mut detail = format!(
        "inherits the miss of line {}{place} ({})",
        line_of(ctx.after, origin),
        short(ctx.after, origin)
    );
    if legacy {
        detail
            .push_str("; the legacy builder stops using the cache after the first miss in a stage");
    }
    let mut explanation = Explanation::new(Reason::Inherited, detail).cause(Some(origin));
    if let Some(before) = before_record(ctx, record.instruction) {
        let mut also: Vec<Reason> = differences(&record.components, &before.components)
            .iter()
            .map(|d| reason_of(ctx, record, before, d))
            .collect();
        also.sort();
        also.dedup();
        explanation.also = also;
    } else {
        explanation.also = vec![Reason::NewInstruction];
    }
    explanation
}

/// Content-dependent on its own: it reads bytes nobody can know statically.
pub(crate) fn content_dependent(
    ctx: &Context<'_>,
    record: &Record,
    origin: usize,
    reason: Reason,
) -> Explanation {
    if reason == Reason::Remote {
        let urls: Vec<&str> = record
            .components
            .iter()
            .filter(|c| c.code == Code::Remote && c.value == "unknown")
            .map(|c| c.label.as_ref())
            .collect();
        return Explanation::new(
            Reason::Remote,
            format!(
                "ADD fetches {} on every build; it hits only if the server returns the same bytes (give remoteVersions to decide)",
                urls.join(", ")
            ),
        );
    }
    let upstream = record.components.iter().find_map(|c| match &c.side {
        Side::Upstream(u) if u.uncertain.is_some() => Some(u),
        _ => None,
    });
    let (paths, stage) = upstream.map_or((String::new(), String::new()), |u| {
        (u.selectors.join(", "), stage_label(ctx.after, u.stage))
    });
    Explanation::new(
        Reason::Upstream,
        format!(
            "reads {paths} from stage {stage}, where line {} ({}) re-ran; it hits only if those bytes come out identical (declare the step deterministic if they do)",
            line_of(ctx.after, origin),
            short(ctx.after, origin)
        ),
    )
    .cause(Some(origin))
}

/// Content-dependent because an earlier step of the chain is.
pub(crate) fn inherited_uncertainty(
    ctx: &Context<'_>,
    _record: &Record,
    origin: usize,
) -> Explanation {
    Explanation::new(
        Reason::Inherited,
        format!(
            "builds on line {} ({}), whose bytes a static tool cannot know; it hits only if they are unchanged",
            line_of(ctx.after, origin),
            short(ctx.after, origin)
        ),
    )
    .cause(Some(origin))
}

pub(crate) fn no_cache(ctx: &Context<'_>, _record: &Record, stage: &Stage) -> Explanation {
    let detail = if ctx.after.no_cache {
        "--no-cache: the builder uses no cache for this step".to_string()
    } else {
        format!(
            "--no-cache-filter names stage {}: its RUN, COPY and ADD always re-run",
            stage.label()
        )
    };
    Explanation::new(Reason::NoCache, detail)
}

pub(crate) fn skipped(ctx: &Context<'_>, record: &Record) -> Explanation {
    let model = ctx.after.model();
    let stage = stage_label(ctx.after, record.stage);
    let target = model
        .target
        .and_then(|t| model.stages.get(t))
        .map(Stage::label);
    let detail = match (target, ctx.after.builder) {
        (None, _) => format!(
            "target `{}` is not a stage of this Dockerfile, so nothing is built",
            ctx.after.dockerfile.options.target.clone().unwrap_or_default()
        ),
        (Some(target), Builder::Buildkit) => format!(
            "stage {stage} is not needed for target {target}; BuildKit builds only the stages the target depends on"
        ),
        (Some(target), Builder::Legacy) => format!(
            "stage {stage} comes after target {target}; the legacy builder stops at the target"
        ),
    };
    Explanation::new(Reason::NotNeeded, detail)
}

/// A meta row: what it sets, and whether that changed.
pub(crate) fn meta(ctx: &Context<'_>, record: &Record) -> Explanation {
    let Some(after) = instruction(ctx.after, record.instruction) else {
        return Explanation::new(Reason::BuildState, "");
    };
    let before = ctx
        .alignment
        .before_of(record.instruction)
        .map(|b| (b, instruction(ctx.before, b)));
    let changed = match before {
        None => None,
        Some((b, Some(before_instruction))) => {
            let text_changed = identity(after) != identity(before_instruction);
            let value_changed = expanded_value(ctx.after.model(), record.instruction)
                != expanded_value(ctx.before.model(), b);
            (text_changed || value_changed).then_some((b, text_changed))
        }
        Some((_, None)) => None,
    };
    let config_only = matches!(record.role, Role::Meta { config_only: true });
    let new = before.is_none();
    let what = short(ctx.after, record.instruction);
    if config_only {
        let detail = match (new, changed) {
            (true, _) => {
                format!("{what} is new; it sets only the image config, so nothing re-runs")
            }
            (false, Some(_)) => {
                "changed, but it sets only the image config: the image ID changes, nothing re-runs"
                    .to_string()
            }
            (false, None) => "sets only the image config; unchanged".to_string(),
        };
        return Explanation::new(Reason::ConfigOnly, detail);
    }
    let model = ctx.after.model();
    let detail = match after.keyword {
        Keyword::From => {
            let stage = record.stage.and_then(|s| model.stages.get(s));
            match stage.map(|s| &s.base) {
                Some(crate::dockerfile::model::Base::Stage { index }) => {
                    let parent = model
                        .stages
                        .get(*index)
                        .map(Stage::label)
                        .unwrap_or_default();
                    match record.base_missed {
                        Some(origin) => format!(
                            "continues from stage {parent}, which re-runs from line {}, so the steps below inherit that",
                            line_of(ctx.after, origin)
                        ),
                        None => format!("continues from stage {parent}"),
                    }
                }
                _ => "starts from an empty filesystem (scratch)".to_string(),
            }
        }
        Keyword::Arg => arg_detail(ctx, record, before.map(|b| b.0)),
        _ => match (new, changed) {
            (true, _) => format!("{what} is new; it changes the state later steps see"),
            (false, Some((b, _))) => format!(
                "changed (was `{}`); later steps see the new state",
                short(ctx.before, b)
            ),
            (false, None) => "sets state for later steps; unchanged".to_string(),
        },
    };
    Explanation::new(Reason::BuildState, detail)
}

fn arg_detail(ctx: &Context<'_>, record: &Record, before: Option<usize>) -> String {
    let values = |build: &Prepared, index: usize| -> Vec<(String, Option<String>)> {
        let model = build.model();
        let args: Vec<&crate::dockerfile::model::ArgValue> = match model.step(index) {
            Some((_, step)) => match &step.expanded {
                Expanded::Args(args) => args.iter().collect(),
                _ => Vec::new(),
            },
            None => model
                .global_args
                .iter()
                .filter(|a| a.instruction == index)
                .collect(),
        };
        args.into_iter()
            .map(|a| (a.name.clone(), a.value.clone()))
            .collect()
    };
    let now = values(ctx.after, record.instruction);
    let then = before.map(|b| values(ctx.before, b)).unwrap_or_default();
    let global = record.stage.is_none();
    let scope = if global {
        "only FROM lines and stages that redeclare it see it"
    } else if ctx.after.builder == Builder::Legacy {
        "every later RUN in this stage gets it as a |N build arg"
    } else {
        "every later RUN in this stage sees it as an environment variable"
    };
    let show = |v: &Option<String>| v.as_deref().map_or("(unset)".to_string(), |v| clip(v, 40));
    for (name, value) in &now {
        match then.iter().find(|(n, _)| n == name) {
            Some((_, old)) if old != value => {
                return format!("ARG {name}={} (was {}); {scope}", show(value), show(old));
            }
            None => return format!("ARG {name}={} is new; {scope}", show(value)),
            Some(_) => {}
        }
    }
    match now.first() {
        Some((name, Some(value))) => format!("ARG {name}={}; unchanged", clip(value, 40)),
        Some((name, None)) => {
            format!("ARG {name} has no value, so it adds nothing to the environment")
        }
        None => "sets state for later steps".to_string(),
    }
}

/// The values the builder expanded for an instruction, for "did it change".
fn expanded_value(model: &Model, index: usize) -> String {
    match model.step(index) {
        Some((_, step)) => serde_json::to_string(&step.expanded).unwrap_or_default(),
        None => serde_json::to_string(
            &model
                .global_args
                .iter()
                .filter(|a| a.instruction == index)
                .map(|a| (&a.name, &a.value))
                .collect::<Vec<_>>(),
        )
        .unwrap_or_default(),
    }
}

/// A miss not inherited from the chain: the first input that differs.
pub(crate) fn miss(ctx: &Context<'_>, record: &Record, index: usize) -> Explanation {
    let Some(before) = before_record(ctx, index) else {
        return Explanation::new(
            Reason::NewInstruction,
            format!(
                "line {} is new: no instruction of the earlier Dockerfile matches it",
                line_of(ctx.after, index)
            ),
        );
    };
    let diffs = differences(&record.components, &before.components);
    let Some(first) = diffs.first() else {
        return not_cached(ctx, record, before);
    };
    let mut explanation = describe(ctx, record, before, first);
    let mut also: Vec<Reason> = diffs[1..]
        .iter()
        .map(|d| reason_of(ctx, record, before, d))
        .chain(explanation.also.iter().copied())
        .filter(|r| *r != explanation.reason)
        .collect();
    also.sort();
    also.dedup();
    explanation.also = also;
    explanation
}

fn not_cached(ctx: &Context<'_>, record: &Record, before: &Record) -> Explanation {
    let detail = if ctx.before.builder != ctx.after.builder {
        format!(
            "its inputs are unchanged, but the earlier build used the {} builder: BuildKit and the legacy builder share no cache",
            ctx.before.builder.as_str()
        )
    } else if !before.built {
        format!(
            "its inputs are unchanged, but the earlier build did not build stage {} (not needed for its target), so nothing is cached",
            stage_label(ctx.before, before.stage)
        )
    } else if before.parent != record.parent {
        "its inputs are unchanged, but it now builds on a result of an older build, on which this step never ran".to_string()
    } else {
        "its inputs are unchanged, but its key is not in the cache store (pruned, or never stored)"
            .to_string()
    };
    Explanation::new(Reason::NotCached, detail)
}

/// One component that differs (missing on one side when added or removed).
pub(crate) struct Difference<'c> {
    pub after: Option<&'c Component>,
    pub before: Option<&'c Component>,
}

impl Difference<'_> {
    fn code(&self) -> Code {
        self.after.or(self.before).map_or(Code::Def, |c| c.code)
    }

    fn label(&self) -> &str {
        self.after.or(self.before).map_or("", |c| c.label.as_ref())
    }
}

/// The components that differ, in explanation order.
pub(crate) fn differences<'c>(
    after: &'c [Component],
    before: &'c [Component],
) -> Vec<Difference<'c>> {
    // Usually the same labels in the same order: compare pairwise.
    if after.len() == before.len() && after.iter().zip(before).all(|(a, b)| a.label == b.label) {
        let mut out: Vec<Difference> = after
            .iter()
            .zip(before)
            .filter(|(a, b)| a.value != b.value)
            .map(|(a, b)| Difference {
                after: Some(a),
                before: Some(b),
            })
            .collect();
        out.sort_by_key(Difference::code);
        return out;
    }
    let before_by_label: BTreeMap<&str, &Component> =
        before.iter().map(|c| (c.label.as_ref(), c)).collect();
    let after_labels: BTreeMap<&str, ()> = after.iter().map(|c| (c.label.as_ref(), ())).collect();
    let mut out: Vec<Difference> = Vec::new();
    for component in after {
        let other = before_by_label.get(component.label.as_ref()).copied();
        if other.is_none_or(|o| o.value != component.value) {
            out.push(Difference {
                after: Some(component),
                before: other,
            });
        }
    }
    for component in before {
        if !after_labels.contains_key(component.label.as_ref()) {
            out.push(Difference {
                after: None,
                before: Some(component),
            });
        }
    }
    out.sort_by_key(Difference::code);
    out
}

/// The reason a difference stands for, without composing its sentence
/// (for the `also` list of inherited misses).
fn reason_of(ctx: &Context<'_>, record: &Record, before: &Record, diff: &Difference<'_>) -> Reason {
    match diff.code() {
        Code::Platform => Reason::Platform,
        Code::Shell => Reason::Shell,
        Code::Cwd => Reason::Cwd,
        Code::User => Reason::User,
        Code::Network => Reason::Network,
        Code::Security => Reason::Security,
        Code::Mount => Reason::Mount,
        Code::Remote => Reason::Remote,
        Code::Env => match diff.after.or(diff.before).map(|c| &c.side) {
            Some(Side::Env {
                source: EnvSource::Arg,
                ..
            }) => Reason::Arg,
            _ => Reason::Env,
        },
        // Only an ignore-file change can make a file difference IGNORE_RULE.
        Code::Files
            if ctx.before.files.context().ignore_digest
                == ctx.after.files.context().ignore_digest =>
        {
            Reason::Files
        }
        Code::Base | Code::Def | Code::Files | Code::Upstream => {
            describe(ctx, record, before, diff).reason
        }
    }
}

fn value_of(component: Option<&Component>) -> String {
    component.map_or_else(|| "(none)".to_string(), |c| c.value.clone())
}

/// The reason and sentence for one differing component.
fn describe(
    ctx: &Context<'_>,
    record: &Record,
    before: &Record,
    diff: &Difference<'_>,
) -> Explanation {
    let index = record.instruction;
    match diff.code() {
        Code::Base => describe_base(ctx, record, before, diff),
        Code::Platform => Explanation::new(
            Reason::Platform,
            format!(
                "the platform changed from {} to {}",
                value_of(diff.before),
                value_of(diff.after)
            ),
        ),
        Code::Def => describe_definition(ctx, record, before, diff),
        Code::Shell => Explanation::new(
            Reason::Shell,
            format!(
                "SHELL changed from `{}` to `{}`",
                value_of(diff.before),
                value_of(diff.after)
            ),
        )
        .cause(last_in_stage(ctx.after, index, Keyword::Shell)),
        Code::Env => describe_env(ctx, record, diff),
        Code::Cwd => Explanation::new(
            Reason::Cwd,
            format!(
                "the working directory changed from {} to {}",
                value_of(diff.before),
                value_of(diff.after)
            ),
        )
        .cause(last_in_stage(ctx.after, index, Keyword::Workdir)),
        Code::User => {
            let show = |c: Option<&Component>| match c.map(|c| c.value.as_str()) {
                None | Some("") => "root (the image default)".to_string(),
                Some(user) => user.to_string(),
            };
            Explanation::new(
                Reason::User,
                format!(
                    "USER changed from {} to {}",
                    show(diff.before),
                    show(diff.after)
                ),
            )
            .cause(last_in_stage(ctx.after, index, Keyword::User))
        }
        Code::Network => Explanation::new(
            Reason::Network,
            format!(
                "--network changed from {} to {}",
                value_of(diff.before),
                value_of(diff.after)
            ),
        ),
        Code::Security => Explanation::new(
            Reason::Security,
            format!(
                "--security changed from {} to {}",
                value_of(diff.before),
                value_of(diff.after)
            ),
        ),
        Code::Mount => describe_mount(diff),
        Code::Files => describe_files(ctx, record, diff),
        Code::Remote => Explanation::new(
            Reason::Remote,
            format!(
                "{} now serves {} (was {})",
                diff.label(),
                value_of(diff.after),
                value_of(diff.before)
            ),
        ),
        Code::Upstream => describe_upstream(ctx, diff),
    }
}

fn describe_mount(diff: &Difference<'_>) -> Explanation {
    let detail = match (diff.before, diff.after) {
        (None, Some(after)) if after.label.starts_with("base of") => {
            format!(
                "the stage the {} starts from changed",
                after.label.trim_start_matches("base of ")
            )
        }
        (Some(_), Some(after)) if after.label.starts_with("base of") => {
            format!(
                "the stage the {} starts from changed",
                after.label.trim_start_matches("base of ")
            )
        }
        (None, Some(after)) => format!("--mount added: `{}`", after.value),
        (Some(before), None) => format!("--mount removed: `{}`", before.value),
        (Some(before), Some(after)) => {
            format!("--mount changed: `{}` → `{}`", before.value, after.value)
        }
        (None, None) => "a --mount changed".to_string(),
    };
    Explanation::new(Reason::Mount, detail)
}

fn describe_base(
    ctx: &Context<'_>,
    record: &Record,
    before: &Record,
    diff: &Difference<'_>,
) -> Explanation {
    let reference = |c: Option<&Component>| match c.map(|c| &c.side) {
        Some(Side::Base { reference, .. }) => reference.clone(),
        _ => String::new(),
    };
    let (old_ref, new_ref) = (reference(diff.before), reference(diff.after));
    if old_ref != new_ref {
        if let Some(explanation) = expansion_reason(ctx, record.instruction, before.instruction) {
            return explanation;
        }
        return Explanation::new(
            Reason::BaseImage,
            format!(
                "the base image changed from {old_ref} to {new_ref}; every step after it re-runs"
            ),
        );
    }
    let short_digest = |c: Option<&Component>| {
        let value = value_of(c);
        if value.starts_with("tag:") {
            "(no digest given)".to_string()
        } else {
            clip(&value, 19)
        }
    };
    Explanation::new(
        Reason::BaseImage,
        format!(
            "{new_ref} now resolves to another digest ({} → {}): the tag moved, so every step after it re-runs",
            short_digest(diff.before),
            short_digest(diff.after)
        ),
    )
}

fn describe_definition(
    ctx: &Context<'_>,
    record: &Record,
    before: &Record,
    diff: &Difference<'_>,
) -> Explanation {
    let (Some(after_i), Some(before_i)) = (
        instruction(ctx.after, record.instruction),
        instruction(ctx.before, before.instruction),
    ) else {
        return Explanation::new(Reason::CmdText, "the instruction changed");
    };
    let text_changed = identity(after_i) != identity(before_i);
    if !text_changed {
        if let Some(explanation) = expansion_reason(ctx, record.instruction, before.instruction) {
            return explanation;
        }
    }
    let label = diff.label();
    let detail = match (diff.before, diff.after) {
        (Some(old), Some(new)) if label == "command" || label == "instruction" => {
            let (old, new) = snippets(&old.value, &new.value);
            format!("the {label} changed: `{old}` → `{new}`")
        }
        (Some(old), Some(new)) => {
            let (old, new) = snippets(&old.value, &new.value);
            format!("{label} changed: `{old}` → `{new}`")
        }
        (None, Some(new)) if label == "instruction" || label == "path" => {
            format!(
                "`{}` replaces another instruction here",
                clip(&new.value, 40)
            )
        }
        (None, Some(new)) => format!("{label} added (`{}`)", clip(&new.value, 40)),
        (Some(old), None) => format!("{label} removed (was `{}`)", clip(&old.value, 40)),
        (None, None) => "the instruction changed".to_string(),
    };
    Explanation::new(Reason::CmdText, detail)
}

/// A value changed although the text did not: find the variable.
fn expansion_reason(
    ctx: &Context<'_>,
    after_index: usize,
    before_index: usize,
) -> Option<Explanation> {
    let names = |model: &Model, index: usize| -> Vec<String> {
        model
            .step(index)
            .map(|(_, step)| step.references.iter().map(|r| r.name.clone()).collect())
            .unwrap_or_default()
    };
    let mut all = names(ctx.after.model(), after_index);
    all.extend(names(ctx.before.model(), before_index));
    all.sort();
    all.dedup();
    for name in all {
        let new = variable(ctx.after, after_index, &name);
        let old = variable(ctx.before, before_index, &name);
        let (new_value, old_value) = (
            new.as_ref().map(|v| v.0.clone()),
            old.as_ref().map(|v| v.0.clone()),
        );
        if new_value == old_value {
            continue;
        }
        let (is_arg, origin) = new
            .as_ref()
            .map(|v| (v.1, v.2))
            .or_else(|| old.as_ref().map(|v| (v.1, None)))
            .unwrap_or((true, None));
        let show = |v: Option<String>| v.map_or("(unset)".to_string(), |v| clip(&v, 30));
        let kind = if is_arg { "ARG" } else { "ENV" };
        return Some(
            Explanation::new(
                if is_arg { Reason::Arg } else { Reason::Env },
                format!(
                    "{kind} {name} changed {}→{}; {} expands it",
                    show(old_value),
                    show(new_value),
                    short(ctx.after, after_index)
                ),
            )
            .cause(origin),
        );
    }
    None
}

/// The value of a variable as an instruction's expansion sees it: whether
/// it is an ARG, and the instruction that set it.
fn variable(build: &Prepared, index: usize, name: &str) -> Option<(String, bool, Option<usize>)> {
    let model = build.model();
    let (stage, step) = model.step(index)?;
    if step.instruction == stage.from_instruction {
        // FROM sees only the global ARGs.
        return model
            .global_args
            .iter()
            .rev()
            .find(|a| a.name == name && a.instruction < index)
            .and_then(|a| a.value.clone().map(|v| (v, true, Some(a.instruction))));
    }
    env_at(stage, &step.state)
        .into_iter()
        .find(|v| v.name == name)
        .map(|v| {
            (
                v.value.to_string(),
                v.source == EnvSource::Arg,
                v.instruction,
            )
        })
}

/// The last instruction of a keyword before `index` in its stage.
fn last_in_stage(build: &Prepared, index: usize, keyword: Keyword) -> Option<usize> {
    let (stage, _) = build.model().step(index)?;
    let file = &build.dockerfile.parse.dockerfile;
    stage
        .steps
        .iter()
        .map(|s| s.instruction)
        .filter(|&i| i < index)
        .rfind(|&i| {
            file.instructions
                .get(i)
                .is_some_and(|ins| ins.keyword == keyword)
        })
}

fn describe_env(ctx: &Context<'_>, record: &Record, diff: &Difference<'_>) -> Explanation {
    let side = |c: Option<&Component>| match c.map(|c| &c.side) {
        Some(Side::Env {
            source,
            instruction,
        }) => Some((*source, *instruction)),
        _ => None,
    };
    let after_side = side(diff.after);
    let before_side = side(diff.before);
    let is_arg = after_side
        .or(before_side)
        .is_some_and(|(s, _)| s == EnvSource::Arg);
    let name = diff
        .label()
        .split_once(':')
        .map_or("", |(_, n)| n)
        .to_string();
    let origin = after_side.and_then(|(_, i)| i);
    let show = |c: Option<&Component>| clip(&value_of(c), 30);
    let line = origin.map(|o| line_of(ctx.after, o));
    let detail = if is_arg {
        let scope = match line {
            Some(line) => format!("every RUN after line {line} sees it as an environment variable"),
            None => "every later RUN sees it as an environment variable".to_string(),
        };
        let referenced = instruction(ctx.after, record.instruction).is_none_or(|i| {
            let text = command_text(i);
            text.contains(&format!("${name}")) || text.contains(&format!("${{{name}"))
        });
        let note = if referenced {
            ""
        } else {
            " (this RUN never references it)"
        };
        match (diff.before, diff.after) {
            (Some(_), Some(_)) => format!(
                "ARG {name} changed {}→{}; {scope}{note}",
                show(diff.before),
                show(diff.after)
            ),
            (None, Some(_)) => format!(
                "ARG {name} now has a value ({}); {scope}{note}",
                show(diff.after)
            ),
            _ => format!(
                "ARG {name} no longer has a value (was {}); RUN no longer sees it",
                show(diff.before)
            ),
        }
    } else {
        let at = line.map_or(String::new(), |l| format!(" on line {l}"));
        match (diff.before, diff.after) {
            (Some(_), Some(_)) => format!(
                "ENV {name} changed {}→{}{at}; every later RUN sees it",
                show(diff.before),
                show(diff.after)
            ),
            (None, Some(_)) => format!(
                "ENV {name}={} is new{at}; every later RUN sees it",
                show(diff.after)
            ),
            _ => format!("ENV {name} is no longer set (was {})", show(diff.before)),
        }
    };
    Explanation::new(if is_arg { Reason::Arg } else { Reason::Env }, detail).cause(origin)
}

/// The sentence for one file change.
fn describe_change(change: &FileChange) -> String {
    match change {
        FileChange::Added(path) => format!("{path} was added"),
        FileChange::Removed(path) => format!("{path} was removed"),
        FileChange::Content(path) => format!("{path} changed"),
        FileChange::Mode { path, old, new } => format!("{path} mode {old:o}→{new:o}"),
        FileChange::Link(path) => format!("symlink {path} points elsewhere"),
        FileChange::Kind(path) => format!("{path} changed type"),
        FileChange::Renamed { from, to } => format!("{from} was renamed to {to}"),
    }
}

fn summarize(changes: &[FileChange]) -> String {
    let Some(first) = changes.first() else {
        return "the selected files changed".to_string();
    };
    match changes.len() {
        1 => describe_change(first),
        n => format!(
            "{} and {} more path{} changed",
            describe_change(first),
            n - 1,
            if n == 2 { "" } else { "s" }
        ),
    }
}

fn describe_files(ctx: &Context<'_>, record: &Record, difference: &Difference<'_>) -> Explanation {
    fn view(c: Option<&Component>) -> Option<(&SelectionView, String)> {
        match c.map(|c| &c.side) {
            Some(Side::Selection(view, target)) => Some((view, target.clone())),
            _ => None,
        }
    }
    let (Some((new, target)), Some((old, _))) = (view(difference.after), view(difference.before))
    else {
        return Explanation::new(Reason::Files, "it now reads other files from the context");
    };
    let changes = diff(old, new, &|_| true);
    let paths: Vec<String> = changes
        .iter()
        .take(MAX_PATHS)
        .map(|c| c.path().to_string())
        .collect();
    let what = short(ctx.after, record.instruction);
    let reader = |plural: bool| -> String {
        if target.is_empty() {
            format!("{what} selects {}", if plural { "them" } else { "it" })
        } else {
            format!(
                "the bind mount at {target} reads {}",
                if plural { "them" } else { "it" }
            )
        }
    };
    // Paths whose inclusion a `.dockerignore` change flipped.
    let flip = |change: &FileChange| -> Option<String> {
        match change {
            FileChange::Added(path) => {
                let (sent, line) = ctx.before.files.context().ignore_state(path)?;
                (!sent).then(|| {
                    format!(
                        "{path} is sent now: {} {} excluded it before",
                        ignore_name(ctx.before),
                        line.unwrap_or_default()
                    )
                })
            }
            FileChange::Removed(path) => {
                let (sent, line) = ctx.after.files.context().ignore_state(path)?;
                (!sent).then(|| {
                    format!(
                        "{path} is now excluded by {} {}",
                        ignore_name(ctx.after),
                        line.unwrap_or_default()
                    )
                })
            }
            _ => None,
        }
    };
    let flips: Vec<String> = changes.iter().filter_map(flip).collect();
    let plural = changes.len() > 1;
    let mut explanation = if !changes.is_empty() && flips.len() == changes.len() {
        let more = if flips.len() > 1 {
            format!(" (and {} more)", flips.len() - 1)
        } else {
            String::new()
        };
        Explanation::new(
            Reason::IgnoreRule,
            format!("{}{more}; {}", flips[0], reader(plural)),
        )
    } else {
        let genuine: Vec<FileChange> = changes
            .iter()
            .filter(|c| flip(c).is_none())
            .cloned()
            .collect();
        let mut explanation = Explanation::new(
            Reason::Files,
            format!("{}; {}", summarize(&genuine), reader(plural)),
        );
        if !flips.is_empty() {
            explanation.also.push(Reason::IgnoreRule);
        }
        explanation
    };
    if let Some(hint) = self_copy_hint(ctx, &changes) {
        explanation.detail.push_str(&hint);
    }
    explanation.paths = paths;
    explanation
}

fn ignore_name(build: &Prepared) -> String {
    build
        .files
        .context()
        .ignore_name
        .clone()
        .unwrap_or_else(|| ".dockerignore".to_string())
}

/// When the Dockerfile or the ignore file itself is among the changed
/// files, say how to stop that.
fn self_copy_hint(ctx: &Context<'_>, changes: &[FileChange]) -> Option<String> {
    let input_files: Vec<String> = [
        ctx.after.dockerfile_path.clone(),
        Some(ignore_name(ctx.after)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let hit = changes
        .iter()
        .find(|c| input_files.iter().any(|f| f == c.path()))?;
    Some(format!(
        " ({} is part of the build context: list it in .dockerignore so editing it stops invalidating this step)",
        hit.path()
    ))
}

fn describe_upstream(ctx: &Context<'_>, diff: &Difference<'_>) -> Explanation {
    let upstream = |c: Option<&Component>| match c.map(|c| &c.side) {
        Some(Side::Upstream(u)) => Some(u.clone()),
        _ => None,
    };
    let (Some(new), Some(old)) = (upstream(diff.after), upstream(diff.before)) else {
        return Explanation::new(Reason::Files, "it now copies from somewhere else");
    };
    let new_stage = stage_label(ctx.after, new.stage);
    if new.reference != old.reference {
        return Explanation::new(
            Reason::Files,
            format!(
                "it now reads from {} instead of {}",
                new.reference, old.reference
            ),
        );
    }
    if new.stage.is_none() {
        return Explanation::new(
            Reason::BaseImage,
            format!("image {} now resolves to another digest", new.reference),
        );
    }
    first_writer_change(ctx, &new, &old).unwrap_or_else(|| {
        Explanation::new(
            Reason::Files,
            format!(
                "what it reads from stage {new_stage} ({}) changed",
                new.selectors.join(", ")
            ),
        )
    })
}

/// The first step of the source stage whose output under a selector differs.
fn first_writer_change(ctx: &Context<'_>, new: &Upstream, old: &Upstream) -> Option<Explanation> {
    let stage = stage_label(ctx.after, new.stage);
    let old_by_step: BTreeMap<(usize, &str), &WriterMark> = old
        .writers
        .iter()
        .map(|m| ((m.instruction, m.selector.as_str()), m))
        .collect();
    for mark in &new.writers {
        let counterpart = ctx
            .alignment
            .before_of(mark.instruction)
            .and_then(|b| old_by_step.get(&(b, mark.selector.as_str())).copied());
        let line = line_of(ctx.after, mark.instruction);
        let what = short(ctx.after, mark.instruction);
        match counterpart {
            None => {
                return Some(
                    Explanation::new(
                        Reason::Files,
                        format!(
                            "line {line} ({what}) in stage {stage} now writes under {}",
                            mark.selector
                        ),
                    )
                    .cause(Some(mark.instruction)),
                )
            }
            Some(previous) if previous.contribution != mark.contribution => {
                let files =
                    writer_files(ctx, mark.instruction, previous.instruction, &mark.selector);
                let detail = match &files {
                    Some(changes) if !changes.is_empty() => format!(
                        "{}; line {line} ({what}) in stage {stage} puts it under {}",
                        summarize(changes),
                        mark.selector
                    ),
                    _ => format!(
                        "line {line} ({what}) in stage {stage} writes something else under {}",
                        mark.selector
                    ),
                };
                let mut explanation =
                    Explanation::new(Reason::Files, detail).cause(Some(mark.instruction));
                if let Some(changes) = files {
                    explanation.paths = changes
                        .iter()
                        .take(MAX_PATHS)
                        .map(|c| c.path().to_string())
                        .collect();
                }
                return Some(explanation);
            }
            Some(_) => {}
        }
    }
    let matched: BTreeMap<usize, ()> = new
        .writers
        .iter()
        .filter_map(|n| ctx.alignment.before_of(n.instruction))
        .map(|b| (b, ()))
        .collect();
    old.writers
        .iter()
        .find(|m| !matched.contains_key(&m.instruction))?;
    Some(Explanation::new(
        Reason::Files,
        format!(
            "a step that wrote under {} was removed from stage {stage}",
            new.selectors.join(", ")
        ),
    ))
}

/// The file changes a context COPY of the source stage makes under a path.
fn writer_files(
    ctx: &Context<'_>,
    after_instruction: usize,
    before_instruction: usize,
    selector: &str,
) -> Option<Vec<FileChange>> {
    let view_of = |records: &[Record], index: usize| {
        find_record(records, index).and_then(|r| match r.writer.as_ref().map(|w| &w.area) {
            Some(Area::Files(view, _)) => Some(view.clone()),
            _ => None,
        })
    };
    let new = view_of(ctx.after_walk_records, after_instruction)?;
    let old = view_of(&ctx.before_walk.records, before_instruction)?;
    Some(diff(&old, &new, &|e| writes_under(e, selector)))
}
