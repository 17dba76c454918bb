//! What a rule sees: the syntax tree, the semantic model, the build context
//! and configuration, with small helpers so rules stay short.

use super::{DockerfileInput, LintConfig};
use crate::context::{BuildContext, Dockerignore};
use crate::diagnostic::Diagnostic;
use crate::dockerfile::model::{Model, Stage, Step};
use crate::dockerfile::syntax::{Args, Dockerfile, Instruction};
use crate::images::Date;
use crate::rules::RuleMeta;
use crate::shell::packages::{self, Facts, PackageCommand};
use crate::shell::{self, ParseOptions, Script};
use crate::text::{LineIndex, TextRange};
use std::cell::OnceCell;
use std::collections::HashMap;

pub struct Checker<'a> {
    pub text: &'a str,
    pub file: &'a Dockerfile,
    pub model: &'a Model,
    pub config: &'a LintConfig,
    pub dockerignore: Option<&'a Dockerignore>,
    pub context: Option<&'a BuildContext>,
    pub today: Date,
    lines: LineIndex,
    /// Shell scripts of RUN instructions (and ONBUILD RUN triggers), by
    /// top-level instruction index.
    scripts: HashMap<usize, Vec<RunScript>>,
}

/// One shell script of a RUN: its command line, or a heredoc body that a
/// shell runs. Ranges in `script` are relative to `offset` in the source.
pub struct RunScript {
    pub script: Script,
    pub offset: usize,
    /// The heredoc (index into the instruction's `heredocs`) this script is
    /// the body of, or `None` for the command line.
    pub heredoc: Option<usize>,
    /// Package-manager facts, worked out once for every rule that asks.
    facts: OnceCell<Facts>,
}

impl RunScript {
    fn new(script: Script, offset: usize, heredoc: Option<usize>) -> Self {
        RunScript {
            script,
            offset,
            heredoc,
            facts: OnceCell::new(),
        }
    }

    /// What the script does with package managers, caches, downloads and
    /// archives (`shell::packages::facts`), computed on first use.
    pub fn facts(&self) -> &Facts {
        self.facts.get_or_init(|| packages::facts(&self.script))
    }

    /// The package-manager commands of the script.
    pub fn packages(&self) -> &[PackageCommand] {
        &self.facts().packages
    }

    /// A range inside the script, as a range in the Dockerfile.
    pub fn source_range(&self, range: TextRange) -> TextRange {
        TextRange::new(range.start() + self.offset, range.end() + self.offset)
    }
}

/// The shells whose heredoc bodies are shell scripts.
fn is_shell_program(path: &str) -> bool {
    let base = path.rsplit('/').next().unwrap_or(path);
    matches!(
        base,
        "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "mksh" | "busybox"
    )
}

/// Parse the shell scripts of a RUN: the command line (shell form only), and
/// each heredoc body that a shell will run — `RUN <<EOF` with no or a shell
/// `#!` line, or a heredoc fed to `sh`/`bash`.
fn run_scripts(text: &str, escape: char, instruction: &Instruction) -> Vec<RunScript> {
    use crate::dockerfile::syntax::Command;
    let mut out = Vec::new();
    let Some(Command::Shell(command)) = instruction.command() else {
        return out;
    };
    let line = command.range.slice(text);
    let script = shell::parse_with(
        line,
        &ParseOptions {
            dockerfile_escape: Some(escape),
        },
    );
    let markers_only = command.text.split_whitespace().all(|w| w.contains("<<"));
    let first_command = script
        .commands
        .first()
        .and_then(|c| c.name().map(str::to_string));
    for (i, heredoc) in instruction.heredocs.iter().enumerate() {
        let shebang = heredoc
            .content
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("#!"));
        let runs_in_shell = match shebang {
            Some(interpreter) => {
                let mut words = interpreter.split_whitespace();
                let program = words.next().unwrap_or("");
                let program = if program.ends_with("/env") {
                    words.next().unwrap_or("")
                } else {
                    program
                };
                markers_only && is_shell_program(program)
            }
            None => markers_only || first_command.as_deref().is_some_and(is_shell_program),
        };
        if runs_in_shell {
            out.push(RunScript::new(
                shell::parse_with(heredoc.body.slice(text), &ParseOptions::plain()),
                heredoc.body.start(),
                Some(i),
            ));
        }
    }
    out.insert(0, RunScript::new(script, command.range.start(), None));
    out
}

impl<'a> Checker<'a> {
    pub fn new(input: &DockerfileInput<'a>) -> Self {
        let file = &input.parse.dockerfile;
        let mut scripts = HashMap::new();
        for (index, instruction) in file.instructions.iter().enumerate() {
            let run = match &instruction.args {
                Args::Onbuild(trigger) => trigger.as_ref(),
                _ => instruction,
            };
            if run.keyword == crate::dockerfile::syntax::Keyword::Run {
                scripts.insert(index, run_scripts(input.text, file.escape, run));
            }
        }
        Checker {
            scripts,
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

    /// The shell scripts of the RUN at `index` (or of its ONBUILD RUN
    /// trigger): the command line first, then heredoc bodies run by a shell.
    /// Empty for exec form and other instructions.
    pub fn scripts(&self, index: usize) -> &[RunScript] {
        self.scripts.get(&index).map(Vec::as_slice).unwrap_or(&[])
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

#[cfg(test)]
mod tests {
    use crate::context::Dockerignore;
    use crate::dockerfile::{model, syntax};
    use crate::images::Date;
    use crate::lint::{Checker, DockerfileInput, LintConfig};

    fn with_checker(text: &str, f: impl FnOnce(&Checker<'_>)) {
        let parse = syntax::parse(text);
        let model = model::build(&parse, &model::ModelOptions::default());
        let config = LintConfig::default();
        let input = DockerfileInput {
            text,
            parse: &parse,
            model: &model,
            config: &config,
            dockerignore: None::<&Dockerignore>,
            context: None,
            today: Date::from_ymd(2026, 11, 28),
        };
        f(&Checker::new(&input));
    }

    #[test]
    fn run_scripts_map_back_to_the_source() {
        let text = "FROM a\nRUN apt-get update \\\n  && apt-get install -y curl\nCMD x\n";
        with_checker(text, |c| {
            let scripts = c.scripts(1);
            assert_eq!(scripts.len(), 1);
            let install = scripts[0]
                .script
                .commands
                .iter()
                .find(|cmd| cmd.args().iter().any(|w| w.raw == "install"))
                .unwrap();
            assert_eq!(
                scripts[0].source_range(install.range).slice(text),
                "apt-get install -y curl"
            );
            assert!(c.scripts(2).is_empty());
        });
    }

    #[test]
    fn heredoc_bodies_run_by_a_shell_are_scripts() {
        let text = "FROM a\nRUN <<EOF\napt-get update\nEOF\nRUN python3 <<EOF\nimport os\nEOF\nRUN bash <<EOF\nset -e\nEOF\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\nONBUILD RUN npm ci\n";
        with_checker(text, |c| {
            let body = &c.scripts(1)[1];
            assert_eq!(body.heredoc, Some(0));
            let cmd = &body.script.commands[0];
            assert_eq!(body.source_range(cmd.range).slice(text), "apt-get update");
            assert_eq!(
                c.scripts(2).len(),
                1,
                "python's heredoc is not a shell script"
            );
            assert_eq!(c.scripts(3).len(), 2, "bash reads its heredoc");
            assert_eq!(c.scripts(4).len(), 1, "a python shebang is not shell");
            assert_eq!(c.scripts(5)[0].script.commands[0].name(), Some("npm"));
        });
    }
}
