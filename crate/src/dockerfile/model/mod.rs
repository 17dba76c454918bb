//! The semantic model of a Dockerfile: what BuildKit's `dockerfile2llb`
//! would make of the syntax tree before it builds anything.
//!
//! Stages with their bases and platforms, the stage graph (`FROM <stage>`,
//! `COPY --from`, `RUN --mount from=`), which stages the target needs, the
//! global and per-stage `ARG`s with their values, and, for every
//! instruction, the values the builder expands (`$VAR` in COPY, ENV, USER,
//! WORKDIR, …) together with the build state it runs in (env, user, working
//! directory, shell). Every analysis reads this model; none re-parses.

mod dispatch;
mod graph;
mod state;

use super::expand::VarRef;
use super::syntax::{Dockerfile, Parse};
use crate::diagnostic::Diagnostic;
use crate::text::TextRange;
use serde::Serialize;
use std::collections::BTreeMap;

pub use graph::{DependencyKind, StageDependency};
pub use state::{EnvEntry, EnvSource};

/// Inputs the model needs beyond the Dockerfile text.
#[derive(Clone, Debug, Serialize)]
pub struct ModelOptions {
    /// `--build-arg` values.
    pub build_args: BTreeMap<String, String>,
    /// `--target`; `None` means the last stage.
    pub target: Option<String>,
    /// The target platform, `os/arch[/variant]`.
    pub platform: String,
    /// The platform of the machine that builds.
    pub build_platform: String,
}

impl Default for ModelOptions {
    fn default() -> Self {
        ModelOptions {
            build_args: BTreeMap::new(),
            target: None,
            platform: "linux/amd64".to_string(),
            build_platform: "linux/amd64".to_string(),
        }
    }
}

/// What a stage starts from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Base {
    /// An image reference, after expansion (`node:22-alpine`).
    Image { reference: String },
    /// An earlier stage.
    Stage { index: usize },
    /// `FROM scratch`: an empty filesystem.
    Scratch,
}

/// An `ARG` declaration with the value it ends up with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ArgValue {
    pub name: String,
    /// The default as written, expanded (`None` without `=`).
    pub default: Option<String>,
    /// The value in effect: the build arg, else the default, else the
    /// global ARG of the same name. `None` means unset.
    pub value: Option<String>,
    /// Where the value came from.
    pub source: ArgSource,
    pub instruction: usize,
    pub range: TextRange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ArgSource {
    BuildArg,
    Default,
    Global,
    /// An automatic platform argument (`TARGETARCH`, …).
    Automatic,
    Unset,
}

/// The values the builder expanded for one instruction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Expanded {
    /// RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK, MAINTAINER, ONBUILD: left
    /// to the shell or stored as written.
    NotExpanded,
    From {
        image: String,
        platform: Option<String>,
    },
    /// COPY and ADD.
    Paths {
        sources: Vec<String>,
        destination: String,
        /// The destination resolved against the working directory.
        destination_abs: String,
        chown: Option<String>,
        chmod: Option<String>,
        excludes: Vec<String>,
    },
    KeyValues(Vec<(String, String)>),
    Args(Vec<ArgValue>),
    List(Vec<String>),
    Single(String),
    /// RUN with its `--mount` values expanded (the only RUN flag BuildKit
    /// expands).
    Run {
        mounts: Vec<String>,
    },
}

/// The build state an instruction runs in: what the instructions before it
/// in the stage (and its base) set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepState {
    /// How many entries of the stage's `env_log` are in effect.
    pub env_len: usize,
    /// `USER`, if set in this stage or its stage bases (`None`: the base
    /// image's default, usually root).
    pub user: Option<String>,
    /// The working directory (absolute; `/` unless set).
    pub workdir: String,
    /// Whether WORKDIR was set in this stage or a stage it derives from.
    pub workdir_set: bool,
    /// `SHELL`, or the default `/bin/sh -c`.
    pub shell: Vec<String>,
}

/// One instruction inside a stage (the FROM included).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Index into [`Dockerfile::instructions`].
    pub instruction: usize,
    pub expanded: Expanded,
    /// The state before this instruction.
    pub state: StepState,
    /// Variables the builder looked up while expanding this instruction.
    pub references: Vec<ResolvedRef>,
}

/// A variable reference with its range in the source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResolvedRef {
    pub name: String,
    pub range: TextRange,
    pub defined: bool,
}

impl ResolvedRef {
    pub(crate) fn from_var(var: &VarRef, range: TextRange) -> Self {
        ResolvedRef {
            name: var.name.clone(),
            range,
            defined: var.defined,
        }
    }
}

/// One build stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stage {
    pub index: usize,
    /// The name after `AS`, lower-cased as BuildKit does.
    pub name: Option<String>,
    pub name_range: Option<TextRange>,
    /// Index of the FROM instruction.
    pub from_instruction: usize,
    /// The FROM line's image text as written (before expansion).
    pub base_text: String,
    pub base_range: TextRange,
    pub base: Base,
    pub platform: Option<String>,
    /// Every instruction of the stage, FROM first.
    pub steps: Vec<Step>,
    /// ENV and ARG values in the order they were set (base stage first).
    pub env_log: Vec<EnvEntry>,
    /// The state after the last instruction.
    pub final_state: StepState,
    /// Stages (or external images) this stage reads from.
    pub dependencies: Vec<StageDependency>,
    /// Whether building the target needs this stage (BuildKit semantics).
    pub needed: bool,
    /// Whether the legacy builder would build it (every stage up to the target).
    pub built_by_legacy: bool,
}

impl Stage {
    /// A display name: `builder` or `stage 2`.
    pub fn label(&self) -> String {
        match &self.name {
            Some(n) => n.clone(),
            None => format!("stage {}", self.index),
        }
    }

    /// The environment in effect for a step, later entries winning.
    pub fn env_at(&self, state: &StepState) -> Vec<(&str, &str)> {
        state::fold_env(&self.env_log[..state.env_len.min(self.env_log.len())])
    }

    /// The value of one variable for a step, without folding the whole
    /// environment: the last entry for `name` set before the step.
    pub fn env_value(&self, state: &StepState, name: &str) -> Option<&str> {
        let len = state.env_len.min(self.env_log.len());
        self.env_log[..len]
            .iter()
            .rev()
            .find(|entry| entry.name == name)
            .map(|entry| entry.value.as_str())
    }
}

/// The model of one Dockerfile.
#[derive(Clone, Debug, Serialize)]
pub struct Model {
    pub global_args: Vec<ArgValue>,
    pub stages: Vec<Stage>,
    /// Index of the target stage (`None` when the file has no stage).
    pub target: Option<usize>,
    /// Problems found while building the model: expansion errors, an
    /// unknown target.
    pub diagnostics: Vec<Diagnostic>,
    pub options: ModelOptions,
    /// For each instruction index: its stage and step index (`None` before
    /// the first FROM), so lookups are O(1).
    #[serde(skip)]
    step_index: Vec<Option<(u32, u32)>>,
}

impl Model {
    pub fn stage_by_name(&self, name: &str) -> Option<&Stage> {
        let lower = name.to_ascii_lowercase();
        self.stages
            .iter()
            .find(|s| s.name.as_deref() == Some(lower.as_str()))
    }

    /// The stage an instruction belongs to.
    pub fn stage_of(&self, instruction: usize) -> Option<&Stage> {
        self.step(instruction).map(|(stage, _)| stage)
    }

    /// The step of an instruction.
    pub fn step(&self, instruction: usize) -> Option<(&Stage, &Step)> {
        let (stage, step) = (*self.step_index.get(instruction)?)?;
        let stage = self.stages.get(stage as usize)?;
        Some((stage, stage.steps.get(step as usize)?))
    }

    fn index_steps(&mut self, instructions: usize) {
        self.step_index = vec![None; instructions];
        for stage in &self.stages {
            for (i, step) in stage.steps.iter().enumerate() {
                if let Some(slot) = self.step_index.get_mut(step.instruction) {
                    *slot = Some((stage.index as u32, i as u32));
                }
            }
        }
    }
}

/// Build the model of a parsed Dockerfile.
pub fn build(parse: &Parse, options: &ModelOptions) -> Model {
    build_model(&parse.dockerfile, options)
}

pub fn build_model(file: &Dockerfile, options: &ModelOptions) -> Model {
    let mut builder = dispatch::Builder::new(file, options);
    builder.run();
    let mut model = builder.finish();
    model.index_steps(file.instructions.len());
    graph::resolve(file, &mut model);
    model
}

#[cfg(test)]
mod tests;
