//! The layer cache simulator: which steps of a build re-run after an edit,
//! and exactly why — with BuildKit's rules, and the legacy builder's beside
//! them (`shared/reference/cache-and-size.md` §2–4 and §8).
//!
//! Give it two builds ([`rebuild`]) or one project state and a list of
//! edits ([`what_if`]); it walks the later build the way the builder would,
//! computing every cache key from named inputs, and reports for every
//! instruction its [`Status`] (hit, miss, meta, skipped, content-dependent),
//! a stable [`Reason`] code and one sentence naming the line, file or
//! variable responsible, plus estimates of the rebuild time and the bytes
//! to push.
//!
//! # The rules
//!
//! **BuildKit.** Only `FROM <image>`, `RUN`, `COPY`, `ADD` and `WORKDIR`
//! (not `/`) are cache steps; `ENV`/`ARG`/`USER`/`SHELL` change the state
//! later steps see, and `LABEL`, `EXPOSE`, `CMD`, `ENTRYPOINT`,
//! `HEALTHCHECK`, `VOLUME`, `STOPSIGNAL`, `MAINTAINER`, `ONBUILD` only the
//! image config (status `meta`). A RUN key covers the command as written,
//! shell, env (declared ARGs with a value included, undeclared build args
//! such as proxies never), working dir, user, network, security, mounts
//! (bind mounts by the content of what they mount, cache mounts by their
//! definition — `id`/`sharing` only when default-shaped —, secrets by id,
//! never by value) and platform. A COPY/ADD key covers the action and the
//! content of exactly the selected files (after `.dockerignore`, wildcards
//! and `--exclude`); `FROM <image>` the digest the tag resolves to. A miss
//! spreads to every later step of the stage and through `FROM <stage>`;
//! `COPY --from` and `--mount from=` read another stage *by content*, so
//! they hit if the bytes they read are unchanged — and when a step that
//! wrote them re-ran, those bytes cannot be known statically: the status is
//! `content-dependent` (declare the step deterministic to resolve it).
//! `COPY --link` (without `--chmod`) is keyed on scratch, so its copy is
//! reused after an earlier change. Only the stages the target needs are
//! built.
//!
//! **Legacy.** Every instruction is a step keyed on the parent image and
//! the instruction (with its expanded values); `--build-arg` values reach
//! only RUN (the `|N k=v` prefix); after the first miss of a stage nothing
//! is looked up any more; every stage up to the target is built.
//!
//! # Reason codes
//!
//! | Code | Status | Meaning |
//! |---|---|---|
//! | `CACHED` | hit | every input equals an earlier build's (the previous one, an older one in the store, or an identical step of this build) |
//! | `LINK_REUSED` | hit | `COPY --link` whose files are unchanged, re-applied on a new parent |
//! | `DECLARED_SAME` | hit | a content-dependent step declared deterministic |
//! | `NEW_INSTRUCTION` | miss | no instruction of the earlier Dockerfile corresponds |
//! | `CMD_TEXT` | miss | the instruction's own text changed (command, paths, flags) |
//! | `INHERITED` | miss, content-dependent | an earlier step of the chain changed (`causeLine`) |
//! | `ENV` | miss | an ENV value the step sees (env or expansion) changed |
//! | `ARG` | miss | an ARG value the step sees changed (declared ARGs are RUN env) |
//! | `SHELL` | miss | SHELL changed (shell-form RUN) |
//! | `CWD` | miss | the working directory changed |
//! | `USER` | miss | USER changed |
//! | `NETWORK` | miss | `RUN --network` changed |
//! | `SECURITY` | miss | `RUN --security` changed |
//! | `MOUNT` | miss | a `--mount` definition changed |
//! | `FILES` | miss | content, mode, symlink target or set of the files read (context or another stage) changed |
//! | `IGNORE_RULE` | miss | a `.dockerignore` change altered which files are read |
//! | `BASE_IMAGE` | miss | the base image changed, or its tag moved to another digest |
//! | `PLATFORM` | miss | the target platform changed |
//! | `REMOTE` | miss, content-dependent | a remote `ADD` source changed, or its version is unknown |
//! | `NO_CACHE` | miss | `--no-cache` / `--no-cache-filter` |
//! | `NOT_CACHED` | miss | inputs unchanged but the key is not cached (stage not built last time, store pruned) |
//! | `UPSTREAM` | content-dependent | reads another stage whose writing steps re-ran |
//! | `CONFIG_ONLY` | meta | sets only the image config |
//! | `BUILD_STATE` | meta | sets only state later steps see |
//! | `NOT_NEEDED` | skipped | the target does not need the stage |
//!
//! # Determinism and speed
//!
//! Output is in instruction order with sorted lists, so identical inputs
//! give byte-identical JSON. Keys are 128-bit digests of a canonical
//! encoding ([`hash`]); a selection's digest is a sum of per-file hashes,
//! so [`what_if`] patches content-only edits into the earlier build's
//! selections instead of re-reading the context.

mod align;
mod buildkit;
mod cost;
mod explain;
mod files;
pub mod hash;
mod input;
mod inputs;
mod legacy;
mod prepare;
mod report;
mod store;
mod walk;
mod what_if;

pub use hash::Key;
pub use input::{
    text_hash, BuildInput, Builder, ContextInput, Edit, FileSpec, ModeSpec, RebuildInput,
};
pub use report::{
    BuildFailure, CostRange, Estimate, FirstMiss, Reason, RebuildReport, Status, StepReport,
    Summary,
};
pub use store::{CacheStore, StoredBuild};
pub use what_if::{what_if, ProjectState};

use align::align;
use prepare::Prepared;
use std::collections::BTreeSet;
use store::StoreIndex;
use walk::{walk, Op, Record, Reference, Role, Walk};

/// Compare two builds: what the second one re-runs, and why.
pub fn rebuild(input: &RebuildInput) -> RebuildReport {
    let baseline = Baseline::new(Prepared::new(&input.before), &input.store);
    let after = Prepared::new(&input.after);
    compare(&baseline, &after, &input.deterministic)
}

/// The keys a build leaves in the cache (for [`CacheStore::record`]).
pub fn build_keys(build: &BuildInput) -> Vec<Key> {
    walk(&Prepared::new(build), None).keys
}

/// The earlier build, walked once, with everything a comparison reuses.
#[derive(Debug)]
pub(crate) struct Baseline {
    pub prepared: Prepared,
    pub walk: Walk,
    /// Alignment identities of its instructions.
    pub identities: Vec<String>,
    /// The store plus this build's keys.
    pub index: StoreIndex,
}

impl Baseline {
    pub(crate) fn new(prepared: Prepared, store: &CacheStore) -> Baseline {
        let walk = walk(&prepared, None);
        let identities = prepared
            .dockerfile
            .parse
            .dockerfile
            .instructions
            .iter()
            .map(align::identity)
            .collect();
        let index = StoreIndex::new(store, &walk.keys);
        Baseline {
            prepared,
            walk,
            identities,
            index,
        }
    }
}

/// Walk `after` against the baseline.
pub(crate) fn compare(
    baseline: &Baseline,
    after: &Prepared,
    deterministic: &[u32],
) -> RebuildReport {
    let before = &baseline.prepared;
    let alignment = if std::rc::Rc::ptr_eq(&before.dockerfile.parse, &after.dockerfile.parse)
        && std::rc::Rc::ptr_eq(&before.dockerfile.model, &after.dockerfile.model)
    {
        align::same(&after.dockerfile.parse.dockerfile, after.model())
    } else {
        align(
            &before.dockerfile.parse.dockerfile,
            before.model(),
            &baseline.identities,
            &after.dockerfile.parse.dockerfile,
            after.model(),
        )
    };
    let declared = declared_instructions(after, deterministic);
    let reference = Reference {
        before,
        walk: &baseline.walk,
        alignment: &alignment,
        store: &baseline.index,
        deterministic: &declared,
    };
    let after_walk = walk(after, Some(&reference));
    assemble(after, &after_walk, before, &alignment)
}

/// Instructions whose lines the caller declared deterministic.
fn declared_instructions(build: &Prepared, lines: &[u32]) -> BTreeSet<usize> {
    if lines.is_empty() {
        return BTreeSet::new();
    }
    let wanted: BTreeSet<u32> = lines.iter().copied().collect();
    build
        .dockerfile
        .parse
        .dockerfile
        .instructions
        .iter()
        .enumerate()
        .filter(|(_, i)| {
            let first = build.dockerfile.line(i.range.start);
            let last = build
                .dockerfile
                .line(i.range.end.saturating_sub(1).max(i.range.start));
            wanted.range(first..=last).next().is_some()
        })
        .map(|(index, _)| index)
        .collect()
}

/// The instruction as one line: continuation lines joined, comment lines
/// inside it dropped, heredoc bodies left out (memoised per parse).
fn display_text(build: &Prepared, index: usize) -> String {
    let texts = build.dockerfile.memo.display.get_or_init(|| {
        let file = &build.dockerfile.parse.dockerfile;
        let text = &build.dockerfile.text;
        file.instructions
            .iter()
            .map(|instruction| {
                let range = instruction.line_range;
                let source = text
                    .get(range.start as usize..range.end as usize)
                    .unwrap_or("");
                let mut parts: Vec<&str> = Vec::new();
                for line in source.lines() {
                    let trimmed = line.trim();
                    if trimmed.is_empty() || trimmed.starts_with('#') {
                        continue;
                    }
                    let trimmed = trimmed
                        .strip_suffix(file.escape)
                        .unwrap_or(trimmed)
                        .trim_end();
                    if !trimmed.is_empty() {
                        parts.push(trimmed);
                    }
                }
                parts.join(" ")
            })
            .collect()
    });
    texts.get(index).cloned().unwrap_or_default()
}

fn round_tenth(seconds: f64) -> f64 {
    (seconds * 10.0).round() / 10.0
}

fn add_cost(range: &mut CostRange, estimate: &Estimate) {
    range.low_seconds += estimate.low_seconds;
    range.high_seconds += estimate.high_seconds;
    range.push_bytes_low += estimate.layer_bytes_low;
    range.push_bytes_high += estimate.layer_bytes_high;
    if estimate.layer_bytes_exact {
        range.push_bytes_exact += estimate.layer_bytes_low;
    }
}

const ESTIMATE_NOTE: &str = "Estimates, not measurements: RUN times and layer sizes come from heuristics per command kind (system packages, dependency installs, compilers, downloads), with wide low–high ranges; COPY sizes are the exact bytes of the selected files and their times follow from them. Bytes are uncompressed; a push uploads them compressed, typically 2.3–2.9× smaller.";

fn assemble(
    after: &Prepared,
    walk: &Walk,
    before: &Prepared,
    alignment: &align::Alignment,
) -> RebuildReport {
    let model = after.model();
    let file = &after.dockerfile.parse.dockerfile;
    let text = &after.dockerfile.text;
    let mut steps = Vec::with_capacity(walk.records.len());
    let mut summary = Summary {
        builder: after.builder,
        target: model
            .target
            .and_then(|t| model.stages.get(t))
            .map(|s| s.label()),
        steps: 0,
        rerun: 0,
        hits: 0,
        content_dependent: 0,
        meta: 0,
        skipped: 0,
        rerun_lines: Vec::new(),
        first_miss: None,
        cost: CostRange::default(),
        cost_if_content_changed: CostRange::default(),
        estimate_note: ESTIMATE_NOTE.to_string(),
        fails: None,
        problems: after.problems.clone(),
    };
    let mut first_any_miss: Option<FirstMiss> = None;
    for record in &walk.records {
        let Some(instruction) = file.instructions.get(record.instruction) else {
            continue;
        };
        let Some(decision) = &record.decision else {
            continue;
        };
        let line = after.dockerfile.line(instruction.range.start);
        let end_line = after.dockerfile.line(
            instruction
                .range
                .end
                .saturating_sub(1)
                .max(instruction.range.start),
        );
        let estimate = match record.role {
            Role::Vertex(op) => Some(estimate_for(after, record, op)),
            _ => None,
        };
        let status = decision.status;
        let explanation = &decision.explanation;
        if matches!(record.role, Role::Vertex(_)) && record.built {
            summary.steps += 1;
        }
        match status {
            Status::Hit => summary.hits += 1,
            Status::Miss if decision.shared.is_some() => {}
            Status::Miss => {
                summary.rerun += 1;
                summary.rerun_lines.push(line);
                let first = FirstMiss {
                    line,
                    reason: explanation.reason,
                    detail: explanation.detail.clone(),
                };
                if explanation.reason != Reason::Inherited && summary.first_miss.is_none() {
                    summary.first_miss = Some(first.clone());
                }
                first_any_miss.get_or_insert(first);
                if let Some(estimate) = &estimate {
                    add_cost(&mut summary.cost, estimate);
                    add_cost(&mut summary.cost_if_content_changed, estimate);
                }
            }
            Status::ContentDependent => {
                summary.content_dependent += 1;
                if let Some(estimate) = &estimate {
                    add_cost(&mut summary.cost_if_content_changed, estimate);
                }
            }
            Status::Meta => summary.meta += 1,
            Status::Skipped => summary.skipped += 1,
        }
        if let (Some(error), true, None) = (&record.error, record.built, &summary.fails) {
            summary.fails = Some(BuildFailure {
                line,
                message: error.clone(),
            });
        }
        let stage_label = record
            .stage
            .and_then(|s| model.stages.get(s))
            .map_or_else(|| "(global)".to_string(), |s| s.label());
        steps.push(StepReport {
            stage: stage_label,
            stage_index: record.stage,
            line,
            end_line,
            instruction: display_text(after, record.instruction),
            status,
            reason: explanation.reason,
            detail: explanation.detail.clone(),
            range: instruction.range,
            utf16: crate::report::Utf16Range {
                start: after
                    .dockerfile
                    .lines
                    .utf16_offset(text, instruction.range.start as usize),
                end: after
                    .dockerfile
                    .lines
                    .utf16_offset(text, instruction.range.end as usize),
            },
            cause_line: explanation.cause.map(|c| explain::line_of(after, c)),
            paths: explanation.paths.clone(),
            also: explanation.also.clone(),
            before_line: alignment
                .before_of(record.instruction)
                .map(|b| explain::line_of(before, b)),
            key: record.own_key.map(Key::hex),
            estimate,
            error: record.error.clone(),
        });
    }
    if summary.first_miss.is_none() {
        summary.first_miss = first_any_miss;
    }
    for range in [&mut summary.cost, &mut summary.cost_if_content_changed] {
        range.low_seconds = round_tenth(range.low_seconds);
        range.high_seconds = round_tenth(range.high_seconds);
    }
    RebuildReport { steps, summary }
}

fn estimate_for(build: &Prepared, record: &Record, op: Op) -> Estimate {
    let file = &build.dockerfile.parse.dockerfile;
    let Some(instruction) = file.instructions.get(record.instruction) else {
        return Estimate::default();
    };
    if op == Op::Run {
        // RUN estimates depend only on the text: once per parse.
        let estimates = build.dockerfile.memo.run_estimates.get_or_init(|| {
            file.instructions
                .iter()
                .map(|i| {
                    (i.keyword == crate::dockerfile::syntax::Keyword::Run)
                        .then(|| cost::estimate(i, Op::Run, None, false))
                })
                .collect()
        });
        if let Some(Some(estimate)) = estimates.get(record.instruction) {
            return estimate.clone();
        }
    }
    let from_stage = instruction.flag("from").is_some();
    cost::estimate(instruction, op, record.layer_bytes, from_stage)
}
