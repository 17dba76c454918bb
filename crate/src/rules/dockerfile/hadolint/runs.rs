//! What the RUN rules of DL3000–DL3029 share: every RUN (ONBUILD RUN
//! included) with its parsed shell scripts, the package-manager commands in
//! them, its cache/tmpfs mounts, and where an edit may safely go.

use crate::dockerfile::model::{Base, Expanded, Model, Stage};
use crate::dockerfile::syntax::mount::{self, Mount, MountType};
use crate::dockerfile::syntax::{Instruction, Keyword, Token};
use crate::lint::{Checker, RunScript};
use crate::shell::packages::{package_commands, PackageCommand};
use crate::shell::SimpleCommand;
use crate::text::TextRange;

/// One RUN instruction, or the RUN of an `ONBUILD RUN`.
pub(super) struct Run<'c> {
    /// Index of the top-level instruction (the ONBUILD for a trigger).
    pub index: usize,
    /// The RUN itself (the trigger for `ONBUILD RUN`).
    pub instruction: &'c Instruction,
    /// Whether this RUN is an ONBUILD trigger.
    pub trigger: bool,
    /// The command line (shell form only) and the heredoc bodies a shell runs.
    pub scripts: &'c [RunScript],
}

/// Every RUN and ONBUILD RUN, in file order.
pub(super) fn runs<'c>(checker: &'c Checker<'_>) -> impl Iterator<Item = Run<'c>> + 'c {
    checker
        .instructions_and_triggers()
        .filter(|(_, instruction, _)| instruction.keyword == Keyword::Run)
        .map(move |(index, instruction, trigger)| Run {
            index,
            instruction,
            trigger,
            scripts: checker.scripts(index),
        })
}

impl<'c> Run<'c> {
    /// Every simple command of every script, with the script it is in.
    pub fn commands(&self) -> impl Iterator<Item = (&'c RunScript, &'c SimpleCommand)> + 'c {
        self.scripts
            .iter()
            .flat_map(|script| script.script.commands.iter().map(move |c| (script, c)))
    }

    /// Every package-manager command, with the script it is in.
    pub fn package_commands(&self) -> Vec<(&'c RunScript, PackageCommand)> {
        self.scripts
            .iter()
            .flat_map(|script| {
                package_commands(&script.script)
                    .into_iter()
                    .map(move |package| (script, package))
            })
            .collect()
    }

    /// The `--mount`s of this RUN: expanded by the model for a top-level
    /// RUN, as written for an ONBUILD trigger (it expands in the child build).
    pub fn mounts(&self, checker: &Checker<'_>) -> Vec<Mount> {
        let expanded = match checker.step(self.index) {
            Some((_, step)) if !self.trigger => match &step.expanded {
                Expanded::Run { mounts } => Some(mounts.clone()),
                _ => None,
            },
            _ => None,
        };
        let flags = self.instruction.flags_named("mount");
        let values: Vec<(Token, String)> = match expanded {
            Some(values) => flags
                .zip(values)
                .map(|(flag, value)| {
                    let range = flag.value.as_ref().map_or(flag.range, |v| v.range);
                    (Token::new(value.clone(), range), value)
                })
                .collect(),
            None => flags
                .filter_map(|flag| flag.value.clone())
                .map(|token| {
                    let raw = token.text.clone();
                    (token, raw)
                })
                .collect(),
        };
        values
            .iter()
            .filter_map(|(token, raw)| mount::parse_mount(token, raw).ok())
            .collect()
    }

    /// Whether a cache or tmpfs mount covers `dir` (is mounted at `dir` or
    /// at a parent of it other than `/`): whatever is written there never
    /// reaches the layer.
    pub fn mount_covers(&self, checker: &Checker<'_>, dir: &str) -> bool {
        self.mounts(checker).iter().any(|m| {
            matches!(m.mount_type, MountType::Cache | MountType::Tmpfs)
                && m.target().is_some_and(|target| covers(&target.text, dir))
        })
    }
}

/// Whether the mount target `target` is `dir` or one of its parents (not `/`).
pub(super) fn covers(target: &str, dir: &str) -> bool {
    let target = normalise(target);
    if target.is_empty() {
        return false;
    }
    dir == target
        || dir
            .strip_prefix(&target)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// `/var//cache/./apk/` → `/var/cache/apk`; `/` → `` (no component).
fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("/{}", parts.join("/"))
    }
}

/// Whether edits inside `command` map one to one onto the Dockerfile: not
/// inside a string run by `sh -c`/`eval`, where quoting may differ.
pub(super) fn editable(command: &SimpleCommand) -> bool {
    !command.context.nested_shell
}

/// The command name and subcommand of a package command (`apt-get install`,
/// `apk add`), as a range in the Dockerfile.
pub(super) fn verb_range(script: &RunScript, package: &PackageCommand) -> TextRange {
    let command = script.script.command(package.command);
    let name = command
        .map(|c| c.effective_command())
        .and_then(|invocation| invocation.name_word().map(|w| w.range));
    let start = name.map_or(package.range.start(), |r| r.start());
    let end = package.subcommand.as_ref().map_or_else(
        || name.map_or(package.range.end(), |r| r.end()),
        |s| s.range.end(),
    );
    script.source_range(TextRange::new(start, end.max(start)))
}

/// The source offset of a script offset.
pub(super) fn source_offset(script: &RunScript, offset: usize) -> usize {
    script.source_range(TextRange::empty(offset)).start()
}

/// For each stage, whether its filesystem ends up in the target image: the
/// target and the stages it is built `FROM`, transitively.
pub(super) fn shipped_stages(model: &Model) -> Vec<bool> {
    let mut shipped = vec![false; model.stages.len()];
    let mut next = model.target;
    // A stage can only derive from an earlier one, so this ends; marking
    // guards against a malformed model anyway.
    while let Some(index) = next {
        match shipped.get_mut(index) {
            Some(seen) if !*seen => *seen = true,
            _ => break,
        }
        next = match model.stages.get(index).map(|s| &s.base) {
            Some(Base::Stage { index }) => Some(*index),
            _ => None,
        };
    }
    shipped
}

/// The image a stage ultimately starts from, following `FROM <stage>`.
pub(super) fn root_base<'m>(model: &'m Model, stage: &'m Stage) -> &'m Base {
    let mut current = stage;
    for _ in 0..=model.stages.len() {
        match &current.base {
            Base::Stage { index } => match model.stages.get(*index) {
                Some(parent) if parent.index < current.index => current = parent,
                _ => break,
            },
            _ => break,
        }
    }
    &current.base
}

/// Whether the references the model resolved inside `range` (of the
/// instruction at `index`) were all defined, so the expanded value there is
/// the one the build will see.
pub(super) fn fully_resolved(checker: &Checker<'_>, index: usize, range: TextRange) -> bool {
    match checker.step(index) {
        Some((_, step)) => step
            .references
            .iter()
            .filter(|r| range.contains_range(r.range))
            .all(|r| r.defined),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::covers;

    #[test]
    fn mount_targets_cover_their_subdirectories() {
        assert!(covers("/var/lib/apt/lists", "/var/lib/apt/lists"));
        assert!(covers("/var/lib/apt/", "/var/lib/apt/lists"));
        assert!(covers("/var/cache", "/var/cache/apk"));
        assert!(!covers("/var/cache/apk/x", "/var/cache/apk"));
        assert!(!covers("/var/lib/ap", "/var/lib/apt/lists"));
        assert!(!covers("/", "/var/cache/apk"));
        assert!(!covers("", "/var/cache/apk"));
        assert!(covers("/var//cache/./apk/", "/var/cache/apk"));
    }
}
