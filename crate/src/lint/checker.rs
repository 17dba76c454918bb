//! What a rule sees: the syntax tree, the semantic model, the build context
//! and configuration, with small helpers so rules stay short.

use super::{DockerfileInput, LintConfig};
use crate::context::{BuildContext, Dockerignore};
use crate::diagnostic::Diagnostic;
use crate::dockerfile::model::{Model, Stage, Step};
use crate::dockerfile::syntax::{Args, Dockerfile, Instruction};
use crate::images::Date;
use crate::rules::RuleMeta;
use crate::text::{LineIndex, TextRange};

pub struct Checker<'a> {
    pub text: &'a str,
    pub file: &'a Dockerfile,
    pub model: &'a Model,
    pub config: &'a LintConfig,
    pub dockerignore: Option<&'a Dockerignore>,
    pub context: Option<&'a BuildContext>,
    pub today: Date,
    lines: LineIndex,
}

impl<'a> Checker<'a> {
    pub fn new(input: &DockerfileInput<'a>) -> Self {
        Checker {
            text: input.text,
            file: &input.parse.dockerfile,
            model: input.model,
            config: input.config,
            dockerignore: input.dockerignore,
            context: input.context,
            today: input.today,
            lines: LineIndex::new(input.text),
        }
    }

    /// Top-level instructions with their indices.
    pub fn instructions(&self) -> impl Iterator<Item = (usize, &'a Instruction)> + 'a {
        self.file.instructions.iter().enumerate()
    }

    /// Top-level instructions and ONBUILD triggers: `(index, instruction,
    /// is_trigger)`, where `index` is the top-level (ONBUILD) instruction's.
    /// Rules about RUN commands apply inside `ONBUILD RUN` too.
    pub fn instructions_and_triggers(
        &self,
    ) -> impl Iterator<Item = (usize, &'a Instruction, bool)> + 'a {
        self.file
            .instructions
            .iter()
            .enumerate()
            .map(|(i, ins)| match &ins.args {
                Args::Onbuild(trigger) => (i, trigger.as_ref(), true),
                _ => (i, ins, false),
            })
    }

    pub fn stage_of(&self, instruction: usize) -> Option<&'a Stage> {
        self.model.stage_of(instruction)
    }

    pub fn step(&self, instruction: usize) -> Option<(&'a Stage, &'a Step)> {
        self.model.step(instruction)
    }

    /// The 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> u32 {
        self.lines.line_of(offset) as u32 + 1
    }

    /// A diagnostic for `meta` with its default severity and category.
    pub fn diagnostic(
        &self,
        meta: &RuleMeta,
        range: TextRange,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(meta.code, meta.severity, meta.category, range, message)
    }
}
