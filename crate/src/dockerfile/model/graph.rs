//! The stage graph: which stage reads from which, and which stages a build
//! of the target actually needs.

use super::{Base, Expanded, Model};
use crate::dockerfile::syntax::{mount, Dockerfile, Token};
use crate::text::TextRange;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum DependencyKind {
    /// `FROM <stage>`: continues from the stage's final state.
    Base,
    /// `COPY --from=<stage>`: reads files from it.
    CopyFrom,
    /// `RUN --mount=…,from=<stage>`: mounts it.
    MountFrom,
}

/// One edge of the stage graph.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StageDependency {
    pub kind: DependencyKind,
    /// The stage depended on, or `None` for an external image or named
    /// build context (`COPY --from=nginx:alpine`).
    pub stage: Option<usize>,
    /// The reference as written.
    pub reference: String,
    pub instruction: usize,
    pub range: TextRange,
}

/// Resolve a `--from` reference: a stage name, or a stage index, among the
/// stages before `current`.
fn resolve_reference(model: &Model, current: usize, reference: &str) -> Option<usize> {
    let lower = reference.to_ascii_lowercase();
    if let Some(stage) = model.stages[..current]
        .iter()
        .find(|s| s.name.as_deref() == Some(lower.as_str()))
    {
        return Some(stage.index);
    }
    match reference.parse::<usize>() {
        Ok(i) if i < current => Some(i),
        _ => None,
    }
}

pub(super) fn resolve(file: &Dockerfile, model: &mut Model) {
    for current in 0..model.stages.len() {
        let mut deps = Vec::new();
        let stage = &model.stages[current];
        if let Base::Stage { index } = stage.base {
            deps.push(StageDependency {
                kind: DependencyKind::Base,
                stage: Some(index),
                reference: stage.base_text.clone(),
                instruction: stage.from_instruction,
                range: stage.base_range,
            });
        }
        for step in &stage.steps {
            let Some(instruction) = file.instructions.get(step.instruction) else {
                continue;
            };
            if let Some(from) = instruction.flag("from").and_then(|f| f.value.as_ref()) {
                deps.push(StageDependency {
                    kind: DependencyKind::CopyFrom,
                    stage: resolve_reference(model, current, &from.text),
                    reference: from.text.clone(),
                    instruction: step.instruction,
                    range: from.range,
                });
            }
            if let Expanded::Run { mounts } = &step.expanded {
                for (value, flag) in mounts.iter().zip(instruction.flags_named("mount")) {
                    let token = Token::new(
                        value.clone(),
                        flag.value.as_ref().map(|v| v.range).unwrap_or(flag.range),
                    );
                    let Ok(parsed) = mount::parse_mount(&token, value) else {
                        continue;
                    };
                    if let Some(from) = parsed.from() {
                        deps.push(StageDependency {
                            kind: DependencyKind::MountFrom,
                            stage: resolve_reference(model, current, &from.text),
                            reference: from.text.clone(),
                            instruction: step.instruction,
                            range: from.range,
                        });
                    }
                }
            }
        }
        model.stages[current].dependencies = deps;
    }

    // The target: the named stage, else the last one.
    model.target = match &model.options.target {
        Some(name) => model.stage_by_name(name).map(|s| s.index),
        None => model.stages.len().checked_sub(1),
    };
    let Some(target) = model.target else {
        return;
    };
    // BuildKit builds only what the target reaches; the legacy builder
    // builds every stage up to the target.
    let mut stack = vec![target];
    while let Some(i) = stack.pop() {
        if model.stages[i].needed {
            continue;
        }
        model.stages[i].needed = true;
        for dep in &model.stages[i].dependencies {
            if let Some(d) = dep.stage {
                stack.push(d);
            }
        }
    }
    for stage in &mut model.stages[..=target] {
        stage.built_by_legacy = true;
    }
}
