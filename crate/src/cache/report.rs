//! The rebuild report: one row per instruction of the new Dockerfile, and a
//! summary of what the rebuild costs.
//!
//! The JSON shape is `{"steps": [{stage, line, instruction, status, reason,
//! detail, …}], "summary": {…}}`. Everything is in instruction order or
//! sorted, so the same inputs give byte-identical JSON.

use crate::report::Utf16Range;
use crate::text::TextRange;
use serde::{Deserialize, Serialize};

/// What the builder does with an instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The step's key is in the cache: nothing runs.
    Hit,
    /// The step runs again.
    Miss,
    /// Not a cache step: it changes only build state or the image config.
    Meta,
    /// The stage is not built for this target.
    Skipped,
    /// The key is in the cache only if some bytes a static tool cannot know
    /// (another stage's output after a re-run step, a URL's content) come
    /// out the same.
    ContentDependent,
}

/// Why a step has its status. Stable codes; the `detail` sentence names the
/// line, file or variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Reason {
    /// hit: every input equals an earlier build's (the previous one, an
    /// older one in the store, or an identical step earlier in this build).
    Cached,
    /// hit: a `COPY --link` whose copy was found although an earlier step
    /// changed; BuildKit re-applies the same layer on the new parent.
    LinkReused,
    /// hit: a content-dependent step the caller declared deterministic.
    DeclaredSame,
    /// miss: no instruction of the earlier Dockerfile corresponds to it.
    NewInstruction,
    /// miss: its own text changed (command, paths, flags).
    CmdText,
    /// miss (or content-dependent): an earlier step in its chain changed;
    /// `causeLine` names the step whose own change it inherits.
    Inherited,
    /// miss: an ENV value it sees changed (RUN env, or an expansion).
    Env,
    /// miss: an ARG value it sees changed (RUN env, or an expansion).
    Arg,
    /// miss: SHELL changed (shell-form RUN).
    Shell,
    /// miss: the working directory changed.
    Cwd,
    /// miss: USER changed.
    User,
    /// miss: `RUN --network` changed.
    Network,
    /// miss: `RUN --security` changed.
    Security,
    /// miss: a `--mount` definition changed (bind-mounted content is FILES).
    Mount,
    /// miss: the content, mode, symlink target or set of the files it reads
    /// from the context (or from another stage) changed.
    Files,
    /// miss: a `.dockerignore` change altered which files it reads.
    IgnoreRule,
    /// miss: the base image changed or its tag moved to another digest.
    BaseImage,
    /// miss: the target platform changed.
    Platform,
    /// miss or content-dependent: a remote `ADD` source changed or is unknown.
    Remote,
    /// miss: `--no-cache` / `--no-cache-filter`.
    NoCache,
    /// miss: inputs unchanged, but the key is not in the cache (the stage
    /// was not built last time, or the store dropped it).
    NotCached,
    /// content-dependent: reads another stage whose writing steps re-ran.
    Upstream,
    /// meta: changes only the image config (LABEL, EXPOSE, CMD, …).
    ConfigOnly,
    /// meta: changes only the state later steps see (ENV, ARG, USER, SHELL,
    /// `WORKDIR /`, FROM of a stage or scratch, global ARG).
    BuildState,
    /// skipped: the target does not need the stage.
    NotNeeded,
}

/// A time or size range, labelled as an estimate.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Estimate {
    pub low_seconds: f64,
    pub high_seconds: f64,
    /// What the time is based on (`"pip install (dependency install)"`).
    pub basis: String,
    /// Uncompressed bytes of the layer the step writes.
    pub layer_bytes_low: u64,
    pub layer_bytes_high: u64,
    /// True when the size is known exactly (COPY from the context).
    pub layer_bytes_exact: bool,
}

/// One instruction of the new Dockerfile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StepReport {
    /// The stage label (`builder`, `stage 1`, or `(global)`).
    pub stage: String,
    pub stage_index: Option<usize>,
    /// 1-based line of the instruction.
    pub line: u32,
    pub end_line: u32,
    /// The instruction text, continuation lines joined.
    pub instruction: String,
    pub status: Status,
    pub reason: Reason,
    pub detail: String,
    /// The whole instruction, in bytes and in UTF-16 code units.
    pub range: TextRange,
    pub utf16: Utf16Range,
    /// The line of the new Dockerfile responsible (the ARG, ENV or the step
    /// whose miss this one inherits).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause_line: Option<u32>,
    /// Context files responsible (sorted, at most 20).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<String>,
    /// Further inputs that changed too (a miss inherited from an earlier
    /// step may also have changed on its own).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Reason>,
    /// The line of the earlier Dockerfile this instruction was matched with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before_line: Option<u32>,
    /// The simulated cache key (32 hex digits), for cache steps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Estimated cost of running the step (cache steps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimate: Option<Estimate>,
    /// Why the build fails at this step, if it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A low–high range of seconds and bytes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CostRange {
    pub low_seconds: f64,
    pub high_seconds: f64,
    /// Uncompressed bytes of the layers that get new keys, which a push
    /// uploads (compressed, typically 2.3–2.9× smaller).
    pub push_bytes_low: u64,
    pub push_bytes_high: u64,
    /// The part of the bytes known exactly (COPY from the context).
    pub push_bytes_exact: u64,
}

/// The first step that misses on its own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FirstMiss {
    pub line: u32,
    pub reason: Reason,
    pub detail: String,
}

/// Where the build fails.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BuildFailure {
    pub line: u32,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub builder: super::Builder,
    /// The target stage (its label).
    pub target: Option<String>,
    /// Cache steps of the stages that are built.
    pub steps: usize,
    pub rerun: usize,
    pub hits: usize,
    pub content_dependent: usize,
    pub meta: usize,
    pub skipped: usize,
    /// Lines of the steps that re-run.
    pub rerun_lines: Vec<u32>,
    pub first_miss: Option<FirstMiss>,
    /// Estimated cost of the steps that re-run.
    pub cost: CostRange,
    /// The same, if every content-dependent step misses too.
    pub cost_if_content_changed: CostRange,
    /// How the estimates are made.
    pub estimate_note: String,
    pub fails: Option<BuildFailure>,
    /// Problems that make the simulation partial (an unknown target, a
    /// broken `.dockerignore`, unplaceable context entries).
    pub problems: Vec<String>,
}

/// The answer of [`super::rebuild`] and [`super::what_if`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RebuildReport {
    pub steps: Vec<StepReport>,
    pub summary: Summary,
}

impl RebuildReport {
    /// The rows of one line of the new Dockerfile.
    pub fn step_at(&self, line: u32) -> Option<&StepReport> {
        self.steps.iter().find(|s| s.line == line)
    }

    /// Canonical JSON (what the bindings return).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}
