//! The walk: every stage in Dockerfile order, every instruction that makes
//! a layer, one [`Draft`] each, applied to the stage's simulated
//! filesystem. A stage `FROM` another stage continues that stage's
//! filesystem and layers; `COPY --from` reads the source stage's
//! filesystem as it ended.

use super::base::{self, BaseInfo};
use super::copy::{self, CopyStep, Source};
use super::estimate::Estimate;
use super::fs::Fs;
use super::heuristics::{Authority, Rule};
use super::layer::{Draft, Occurrence, Part};
use super::report::LayerKind;
use super::run::{self, RunEnv, StageMemory};
use super::LayerOverride;
use crate::context::ContextFilter;
use crate::dockerfile::model::{Base, DependencyKind, Expanded, Model, Stage, Step};
use crate::dockerfile::syntax::{self, mount, Command, Instruction, Keyword, Parse, Token};
use crate::images::Date;
use crate::lint::{Checker, DockerfileInput, LintConfig};
use crate::shell::{self, ParseOptions, Script};
use crate::text::LineIndex;
use std::collections::{BTreeMap, BTreeSet};

/// Everything the walk reads.
pub struct Inputs<'a> {
    pub text: &'a str,
    pub parse: &'a Parse,
    pub model: &'a Model,
    pub filter: Option<&'a ContextFilter>,
    pub files: &'a BTreeMap<String, String>,
    pub overrides: &'a [LayerOverride],
}

/// One simulated layer.
#[derive(Clone, Debug)]
pub struct LayerSim {
    pub stage: usize,
    pub instruction: usize,
    pub line: u32,
    pub text: String,
    pub kind: LayerKind,
    pub estimate: Estimate,
    pub compressed: Estimate,
    pub parts: Vec<Part>,
    pub notes: Vec<String>,
    pub rules: BTreeSet<Rule>,
    pub overridden: bool,
    pub saved: Estimate,
    pub managers: BTreeSet<&'static str>,
    /// For `COPY --from=<stage>`: the stage read.
    pub copy_from: Option<usize>,
}

/// One simulated stage.
#[derive(Clone, Debug, Default)]
pub struct StageSim {
    pub fs: Fs,
    /// Every layer of the image this stage is, bottom first.
    pub chain: Vec<usize>,
    /// The layers this stage adds.
    pub own: Vec<usize>,
    pub memory: StageMemory,
    /// The image at the bottom of the chain.
    pub root_base: Option<BaseInfo>,
}

pub struct Simulation {
    pub layers: Vec<LayerSim>,
    pub occurrences: Vec<Occurrence>,
    pub stages: Vec<StageSim>,
    /// The context and FROM images: whether a context was given.
    pub had_context: bool,
}

/// The compressed share of an uncompressed layer (reference 5.6: ×2.3–2.9).
pub fn compress(estimate: Estimate) -> Estimate {
    Estimate {
        bytes: super::estimate::scale(estimate.bytes, 1.0 / 2.6),
        low: super::estimate::scale(estimate.low, 1.0 / 2.9),
        high: estimate.high.map(|h| super::estimate::scale(h, 1.0 / 2.3)),
    }
}

/// The instruction on one line, shortened.
fn one_line(text: &str, instruction: &Instruction) -> String {
    let raw = instruction.range.slice(text);
    let mut out = String::with_capacity(raw.len().min(220));
    let mut last_space = false;
    for c in raw.chars() {
        if c.is_whitespace() {
            if !last_space && !out.is_empty() {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    let out = out.replace(" \\ ", " ").trim().to_string();
    if out.chars().count() > 200 {
        let cut: String = out.chars().take(199).collect();
        format!("{cut}…")
    } else {
        out
    }
}

fn home_of(user: Option<&str>) -> String {
    let name = user
        .map(|u| u.split(':').next().unwrap_or(u))
        .unwrap_or("root");
    if name.is_empty() || name == "root" || name == "0" {
        "/root".to_string()
    } else if name.bytes().all(|b| b.is_ascii_digit()) {
        // A numeric uid without a passwd entry: HOME is /.
        "/".to_string()
    } else {
        format!("/home/{name}")
    }
}

struct Walker<'a> {
    inputs: &'a Inputs<'a>,
    lines: LineIndex,
    checker: Checker<'a>,
    layers: Vec<LayerSim>,
    occurrences: Vec<Occurrence>,
    stages: Vec<StageSim>,
}

pub fn simulate(inputs: &Inputs) -> Simulation {
    let config = LintConfig::default();
    let lint_input = DockerfileInput {
        text: inputs.text,
        parse: inputs.parse,
        model: inputs.model,
        config: &config,
        dockerignore: None,
        context: None,
        today: Date::from_ymd(2026, 1, 1),
    };
    let checker = Checker::new(&lint_input);
    let mut walker = Walker {
        inputs,
        lines: LineIndex::new(inputs.text),
        checker,
        layers: Vec::new(),
        occurrences: Vec::new(),
        stages: Vec::new(),
    };
    for stage in &inputs.model.stages {
        let sim = walker.stage(stage);
        walker.stages.push(sim);
    }
    Simulation {
        layers: walker.layers,
        occurrences: walker.occurrences,
        stages: walker.stages,
        had_context: inputs.filter.is_some(),
    }
}

impl<'a> Walker<'a> {
    fn instruction(&self, index: usize) -> Option<&'a Instruction> {
        self.inputs.parse.dockerfile.instructions.get(index)
    }

    fn line(&self, instruction: &Instruction) -> u32 {
        self.lines.line_of(instruction.range.start()) as u32 + 1
    }

    fn override_for(&self, index: usize, instruction: &Instruction) -> Option<u64> {
        let first = self.line(instruction);
        let last = self.lines.line_of(
            instruction
                .range
                .end()
                .saturating_sub(1)
                .max(instruction.range.start()),
        ) as u32
            + 1;
        self.inputs.overrides.iter().rev().find_map(|o| {
            let by_index = o.instruction == Some(index);
            let by_line = o.line.is_some_and(|l| l >= first && l <= last);
            (by_index || by_line).then_some(o.bytes)
        })
    }

    fn stage(&mut self, stage: &Stage) -> StageSim {
        let mut sim = match &stage.base {
            Base::Stage { index } => {
                // The parent's files and layers, but none of them are ours.
                let mut sim = self.stages.get(*index).cloned().unwrap_or_default();
                sim.own.clear();
                sim
            }
            Base::Scratch => StageSim {
                root_base: Some(base::resolve(stage.index, "scratch")),
                ..StageSim::default()
            },
            Base::Image { reference } => {
                let info = base::resolve(stage.index, reference);
                let mut sim = StageSim::default();
                self.base_layer(stage, &info, &mut sim);
                sim.root_base = Some(info);
                sim
            }
        };
        for step in stage.steps.iter().skip(1) {
            self.step(stage, step, &mut sim);
        }
        sim
    }

    fn base_layer(&mut self, stage: &Stage, info: &BaseInfo, sim: &mut StageSim) {
        let Some(instruction) = self.instruction(stage.from_instruction) else {
            return;
        };
        let id = self.layers.len();
        let mut draft = Draft::new(id);
        let rule = if info.report.uncompressed.is_unknown() {
            Rule::BaseUnknown
        } else {
            Rule::BaseImage
        };
        draft.pathless(Part::new(
            format!("base image {}", info.report.reference),
            info.report.uncompressed,
            rule,
        ));
        let overridden = self.override_for(stage.from_instruction, instruction);
        if let Some(bytes) = overridden {
            draft.set_total(bytes);
        }
        let compressed = match overridden {
            Some(bytes) => compress(Estimate::exact(bytes)),
            None if info.report.compressed.is_unknown() => compress(info.report.uncompressed),
            None => info.report.compressed,
        };
        let mut notes = info.report.notes.clone();
        notes.insert(0, format!("matched: {}", info.report.matched));
        self.finish(
            stage,
            instruction,
            stage.from_instruction,
            LayerKind::Base,
            draft,
            sim,
            overridden.is_some(),
            Some(compressed),
            notes,
            BTreeSet::new(),
            None,
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn finish(
        &mut self,
        stage: &Stage,
        instruction: &Instruction,
        index: usize,
        kind: LayerKind,
        draft: Draft,
        sim: &mut StageSim,
        overridden: bool,
        compressed: Option<Estimate>,
        extra_notes: Vec<String>,
        managers: BTreeSet<&'static str>,
        copy_from: Option<usize>,
    ) {
        let id = draft.layer;
        let saved = draft.saved;
        let mut rules = draft.rules.clone();
        let layers = &self.layers;
        let line_of = |layer: usize| layers.get(layer).map(|l| l.line);
        let committed = draft.commit(&mut sim.fs, &line_of);
        let estimate: Estimate = committed.parts.iter().map(|p| p.estimate).sum();
        for part in &committed.parts {
            rules.insert(part.rule);
        }
        let mut notes = extra_notes;
        notes.extend(committed.notes);
        self.occurrences.extend(committed.occurrences);
        let layer = LayerSim {
            stage: stage.index,
            instruction: index,
            line: self.line(instruction),
            text: one_line(self.inputs.text, instruction),
            kind,
            estimate,
            compressed: compressed.unwrap_or_else(|| compress(estimate)),
            parts: merge_parts(committed.parts),
            notes,
            rules,
            overridden,
            saved,
            managers,
            copy_from,
        };
        self.layers.push(layer);
        sim.chain.push(id);
        sim.own.push(id);
    }

    fn step(&mut self, stage: &Stage, step: &Step, sim: &mut StageSim) {
        let Some(instruction) = self.instruction(step.instruction) else {
            return;
        };
        let kind = match instruction.keyword {
            Keyword::Run => LayerKind::Run,
            Keyword::Copy => LayerKind::Copy,
            Keyword::Add => LayerKind::Add,
            Keyword::Workdir => LayerKind::Workdir,
            _ => return,
        };
        let id = self.layers.len();
        let mut draft = Draft::new(id);
        let mut managers = BTreeSet::new();
        let mut copy_from = None;
        let mut kind = kind;
        match kind {
            LayerKind::Workdir => {
                // BuildKit skips WORKDIR / (no mkdir needed).
                if let Expanded::Single(dir) = &step.expanded {
                    let target = super::fs::absolute(&step.state.workdir, dir, "/root");
                    if target == "/" {
                        return;
                    }
                }
                draft.rules.insert(Rule::Workdir);
            }
            LayerKind::Run => {
                managers = self.run(stage, step, instruction, sim, &mut draft);
            }
            _ => {
                draft.merge_only = true;
                copy_from = self.copy(stage, step, instruction, kind, sim, &mut draft);
                if copy_from.is_some() || instruction.flag("from").is_some() {
                    kind = LayerKind::CopyFrom;
                }
            }
        }
        let overridden = self.override_for(step.instruction, instruction);
        if let Some(bytes) = overridden {
            draft.set_total(bytes);
        }
        self.finish(
            stage,
            instruction,
            step.instruction,
            kind,
            draft,
            sim,
            overridden.is_some(),
            None,
            Vec::new(),
            managers,
            copy_from,
        );
    }

    fn run(
        &mut self,
        stage: &Stage,
        step: &Step,
        instruction: &Instruction,
        sim: &mut StageSim,
        draft: &mut Draft,
    ) -> BTreeSet<&'static str> {
        let home = home_of(step.state.user.as_deref());
        if let Expanded::Run { mounts } = &step.expanded {
            for (value, flag) in mounts.iter().zip(instruction.flags_named("mount")) {
                let token = Token::new(value.clone(), flag.range);
                let Ok(parsed) = mount::parse_mount(&token, value) else {
                    continue;
                };
                if matches!(
                    parsed.mount_type,
                    syntax::mount::MountType::Cache
                        | syntax::mount::MountType::Tmpfs
                        | syntax::mount::MountType::Bind
                ) {
                    if let Some(target) = parsed.target() {
                        draft.mount(super::fs::absolute(
                            &step.state.workdir,
                            &target.text,
                            &home,
                        ));
                    }
                }
            }
        }
        let env: BTreeMap<String, String> = stage
            .env_at(&step.state)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut run_env = RunEnv {
            cwd: step.state.workdir.clone(),
            home,
            env,
            base: sim.root_base.as_ref(),
            filter: self.inputs.filter,
            files: self.inputs.files,
            apt_marked_auto: false,
        };
        let exec_script: Option<Script> = match instruction.command() {
            Some(Command::Exec { elements, .. }) => {
                let joined = elements
                    .iter()
                    .map(|e| shell_quote(&e.text))
                    .collect::<Vec<_>>()
                    .join(" ");
                Some(shell::parse_with(&joined, &ParseOptions::plain()))
            }
            _ => None,
        };
        let scripts: Vec<&Script> = match &exec_script {
            Some(script) => vec![script],
            None => self
                .checker
                .scripts(step.instruction)
                .iter()
                .map(|s| &s.script)
                .collect(),
        };
        let summary = run::replay(draft, &sim.fs, &mut sim.memory, &mut run_env, &scripts);
        if draft.total() == Estimate::ZERO && summary.unknown_commands.is_empty() {
            draft.rules.insert(Rule::NoOp);
        }
        summary.system_managers
    }

    fn copy(
        &mut self,
        stage: &Stage,
        step: &Step,
        instruction: &Instruction,
        kind: LayerKind,
        sim: &mut StageSim,
        draft: &mut Draft,
    ) -> Option<usize> {
        let Expanded::Paths {
            sources,
            destination,
            destination_abs,
            excludes,
            ..
        } = &step.expanded
        else {
            return None;
        };
        let copy_step = CopyStep {
            instruction,
            is_add: kind == LayerKind::Add,
            sources,
            destination,
            destination_abs,
            workdir: &step.state.workdir,
            excludes,
        };
        let from = instruction.flag("from").and_then(|f| f.value.as_ref());
        match from {
            None => {
                copy::replay(
                    draft,
                    &copy_step,
                    &Source::Context(self.inputs.filter),
                    self.inputs.text,
                );
                None
            }
            Some(reference) => {
                let source_stage = stage
                    .dependencies
                    .iter()
                    .find(|d| {
                        d.kind == DependencyKind::CopyFrom && d.instruction == step.instruction
                    })
                    .and_then(|d| d.stage);
                match source_stage.and_then(|s| self.stages.get(s).map(|sim| (s, sim))) {
                    Some((index, source)) => {
                        let label = self
                            .inputs
                            .model
                            .stages
                            .get(index)
                            .map_or_else(|| format!("stage {index}"), Stage::label);
                        let base = source
                            .root_base
                            .as_ref()
                            .map(|b| b.report.reference.clone());
                        copy::replay(
                            draft,
                            &copy_step,
                            &Source::Stage {
                                fs: &source.fs,
                                label,
                                base,
                            },
                            self.inputs.text,
                        );
                        let _ = sim;
                        Some(index)
                    }
                    None => {
                        copy::replay(
                            draft,
                            &copy_step,
                            &Source::External(reference.text.clone()),
                            self.inputs.text,
                        );
                        None
                    }
                }
            }
        }
    }
}

/// Quote an exec-form element for the shell parser.
fn shell_quote(word: &str) -> String {
    if !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./=:@%+,".contains(&b))
    {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// Keep reports readable: more than three parts of one rule (a COPY of a
/// thousand files) become one part.
fn merge_parts(parts: Vec<Part>) -> Vec<Part> {
    let mut by_rule: BTreeMap<Rule, Vec<Part>> = BTreeMap::new();
    for part in parts {
        by_rule.entry(part.rule).or_default().push(part);
    }
    let mut out = Vec::new();
    for (rule, group) in by_rule {
        if group.len() <= 3 {
            out.extend(group);
            continue;
        }
        let count = group.len();
        let estimate: Estimate = group.iter().map(|p| p.estimate).sum();
        let prefix = common_dir(group.iter().filter_map(|p| p.path.as_deref()));
        let mut biggest = group.clone();
        biggest.sort_by(|a, b| {
            b.estimate
                .bytes
                .cmp(&a.estimate.bytes)
                .then_with(|| a.label.cmp(&b.label))
        });
        let examples: Vec<&str> = biggest.iter().take(2).map(|p| p.label.as_str()).collect();
        out.push(Part {
            label: format!("{count} files ({}, …)", examples.join(", ")),
            path: prefix,
            estimate,
            rule,
        });
    }
    out.sort_by(|a, b| {
        b.estimate
            .bytes
            .cmp(&a.estimate.bytes)
            .then_with(|| a.label.cmp(&b.label))
    });
    out
}

fn common_dir<'a>(mut paths: impl Iterator<Item = &'a str>) -> Option<String> {
    let first = paths.next()?;
    let mut prefix: Vec<&str> = first.split('/').collect();
    prefix.pop();
    for path in paths {
        let parts: Vec<&str> = path.split('/').collect();
        let same = prefix
            .iter()
            .zip(&parts)
            .take_while(|(a, b)| a == b)
            .count();
        prefix.truncate(same.min(parts.len().saturating_sub(1)));
    }
    let joined = prefix.join("/");
    Some(if joined.is_empty() {
        "/".to_string()
    } else {
        joined
    })
}

/// The weakest authority among rules (for "estimated").
pub fn weakest(rules: &BTreeSet<Rule>) -> Option<Authority> {
    rules.iter().map(|r| r.authority()).max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn homes() {
        assert_eq!(home_of(None), "/root");
        assert_eq!(home_of(Some("node")), "/home/node");
        assert_eq!(home_of(Some("1001:1001")), "/");
        assert_eq!(home_of(Some("root:root")), "/root");
    }

    #[test]
    fn merged_parts_sum_and_share_a_directory() {
        let parts: Vec<Part> = (0..5)
            .map(|i| Part {
                label: format!("f{i}"),
                path: Some(format!("/app/src/f{i}")),
                estimate: Estimate::exact(10),
                rule: Rule::CopyContext,
            })
            .collect();
        let merged = merge_parts(parts);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].estimate, Estimate::exact(50));
        assert_eq!(merged[0].path.as_deref(), Some("/app/src"));
    }

    #[test]
    fn exec_words_are_quoted() {
        assert_eq!(shell_quote("npm"), "npm");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
    }
}
