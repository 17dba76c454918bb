//! What the RUN rules from DL3030 upward share: every RUN (ONBUILD RUN
//! included) with its parsed scripts and package commands, its cache/tmpfs
//! mounts, the stages whose files ship, and the few text edits their fixes
//! make (an option after a word, a clean-up command after the install).

use crate::diagnostic::{Fix, TextEdit};
use crate::dockerfile::model::{Base, Expanded, Model, Stage};
use crate::dockerfile::syntax::mount::{self, Mount, MountType};
use crate::dockerfile::syntax::{Instruction, Keyword, Token};
use crate::lint::{Checker, RunScript};
use crate::shell::packages::{cache_dirs, package_commands, CacheKind, PackageCommand};
use crate::shell::{Script, SimpleCommand};
use crate::text::TextRange;

/// One RUN instruction, or the RUN of an `ONBUILD RUN`.
pub(super) struct RunSite<'c> {
    /// Index of the top-level instruction (the ONBUILD for a trigger).
    pub index: usize,
    /// The RUN itself (the trigger for `ONBUILD RUN`).
    pub instruction: &'c Instruction,
    /// The ONBUILD instruction wrapping it, if any.
    pub onbuild: Option<&'c Instruction>,
    /// The command line (shell form only) and the heredoc bodies a shell runs.
    pub scripts: &'c [RunScript],
}

/// Every RUN and ONBUILD RUN, in file order.
pub(super) fn run_sites<'c>(checker: &'c Checker<'_>) -> Vec<RunSite<'c>> {
    checker
        .instructions()
        .filter_map(|(index, top)| {
            let (instruction, onbuild) = match top.onbuild_trigger() {
                Some(trigger) => (trigger, Some(top)),
                None => (top, None),
            };
            (instruction.keyword == Keyword::Run).then(|| RunSite {
                index,
                instruction,
                onbuild,
                scripts: checker.scripts(index),
            })
        })
        .collect()
}

impl<'c> RunSite<'c> {
    pub fn is_trigger(&self) -> bool {
        self.onbuild.is_some()
    }

    /// Every simple command of every script, with its script.
    pub fn commands(&self) -> impl Iterator<Item = (&'c RunScript, &'c SimpleCommand)> + 'c {
        self.scripts
            .iter()
            .flat_map(|s| s.script.commands.iter().map(move |c| (s, c)))
    }

    /// Every package-manager command, with its script, in text order.
    pub fn package_commands(&self) -> Vec<(&'c RunScript, PackageCommand)> {
        self.scripts
            .iter()
            .flat_map(|s| package_commands(&s.script).into_iter().map(move |p| (s, p)))
            .collect()
    }

    /// The `--mount`s of this RUN: expanded by the model for a top-level
    /// RUN, as written for an ONBUILD trigger (which expands in the child).
    pub fn mounts(&self, checker: &Checker<'_>) -> Vec<Mount> {
        let expanded = match checker.step(self.index) {
            Some((_, step)) if !self.is_trigger() => match &step.expanded {
                Expanded::Run { mounts } => Some(mounts.as_slice()),
                _ => None,
            },
            _ => None,
        };
        let flags: Vec<&Token> = self
            .instruction
            .flags_named("mount")
            .filter_map(|f| f.value.as_ref())
            .collect();
        flags
            .iter()
            .enumerate()
            .filter_map(|(i, token)| {
                let value = expanded
                    .and_then(|values| values.get(i))
                    .map_or(token.text.as_str(), String::as_str);
                let token = Token::new(value, token.range);
                mount::parse_mount(&token, value).ok()
            })
            .collect()
    }

    /// Whether a cache or tmpfs mount of this RUN is at `dir` or at one of
    /// its parents (not `/`): what is written there never reaches the layer.
    pub fn mount_covers(&self, checker: &Checker<'_>, dirs: &[String]) -> bool {
        self.mounts(checker).iter().any(|m| {
            is_scratch_mount(m)
                && m.target()
                    .is_some_and(|target| dirs.iter().any(|dir| covers(&target.text, dir)))
        })
    }
}

/// Where the caches of `kinds` live, `~` read as root's home.
pub(super) fn cache_locations(kinds: &[CacheKind]) -> Vec<String> {
    kinds
        .iter()
        .flat_map(|kind| cache_dirs(*kind))
        .map(|dir| match dir.strip_prefix('~') {
            Some(rest) => format!("/root{rest}"),
            None => dir.to_string(),
        })
        .collect()
}

/// Cache and tmpfs mounts: their content is not part of the layer.
pub(super) fn is_scratch_mount(mount: &Mount) -> bool {
    matches!(mount.mount_type, MountType::Cache | MountType::Tmpfs)
}

/// Whether the mount target `target` is `dir` or one of its parents (not `/`).
pub(super) fn covers(target: &str, dir: &str) -> bool {
    let target = normalise_path(target);
    let dir = normalise_path(dir);
    if target.is_empty() {
        return false;
    }
    dir == target
        || dir
            .strip_prefix(&target)
            .is_some_and(|r| r.starts_with('/'))
}

/// `/var//cache/./apk/` → `/var/cache/apk`; `/` → `` (no component).
pub(super) fn normalise_path(path: &str) -> String {
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

/// The stages whose filesystem ends up in the target image: the target and
/// the stages it is built `FROM`, transitively. Caches left in any other
/// stage never ship.
pub(super) fn shipped_stages(model: &Model) -> Vec<usize> {
    let mut chain = Vec::new();
    let mut next = model.target;
    // A stage can only derive from an earlier one; the length bound guards
    // against a malformed model anyway.
    while let Some(index) = next {
        if chain.contains(&index) || chain.len() > model.stages.len() {
            break;
        }
        chain.push(index);
        next = match model.stages.get(index).map(|s| &s.base) {
            Some(Base::Stage { index }) => Some(*index),
            _ => None,
        };
    }
    chain
}

/// The image reference a stage ultimately starts from (`FROM <stage>`
/// followed), or `None` for `scratch`.
pub(super) fn root_image<'m>(model: &'m Model, stage: &'m Stage) -> Option<&'m str> {
    let mut current = stage;
    for _ in 0..=model.stages.len() {
        match &current.base {
            Base::Stage { index } => match model.stages.get(*index) {
                Some(parent) if parent.index < current.index => current = parent,
                _ => return None,
            },
            Base::Image { reference } => return Some(reference),
            Base::Scratch => return None,
        }
    }
    None
}

/// Whether edits at the ranges of `command` land where they look: not inside
/// a string run by `sh -c`/`eval`, whose quoting the edit would have to
/// respect.
pub(super) fn editable(command: &SimpleCommand) -> bool {
    !command.context.nested_shell
}

/// A fix inserting ` text` right after the script range `after`.
pub(super) fn insert_after(
    script: &RunScript,
    after: TextRange,
    text: &str,
    title: impl Into<String>,
) -> Fix {
    let at = script.source_range(TextRange::empty(after.end())).start();
    Fix::new(title, vec![TextEdit::insert(at, format!(" {text}"))])
}

/// A fix appending ` && clean` after the top-level and-or list of `script`
/// that holds the last of `commands`: the clean-up runs once every install
/// before it is done, and only if they succeeded. `None` when that list runs
/// in the background, where appending would change what waits for what.
pub(super) fn append_after_last(
    script: &RunScript,
    commands: &[&SimpleCommand],
    clean: &str,
    title: impl Into<String>,
) -> Option<Fix> {
    let last = commands.iter().map(|c| c.range.start()).max()?;
    let item = top_level_item_at(&script.script, last)?;
    if item
        .separator
        .is_some_and(|s| s.kind == crate::shell::SeparatorKind::Background)
    {
        return None;
    }
    let end = item
        .and_or
        .rest
        .last()
        .map_or(item.and_or.first.range, |(_, p)| p.range)
        .end();
    Some(insert_after(
        script,
        TextRange::empty(end),
        &format!("&& {clean}"),
        title,
    ))
}

/// The top-level list item whose text contains `offset`.
fn top_level_item_at(script: &Script, offset: usize) -> Option<&crate::shell::ListItem> {
    script.body.items.iter().find(|item| {
        let start = item.and_or.first.range.start();
        let end = item
            .and_or
            .rest
            .last()
            .map_or(item.and_or.first.range, |(_, p)| p.range)
            .end();
        start <= offset && offset < end
    })
}

/// The source range of a script range.
pub(super) fn source(script: &RunScript, range: TextRange) -> TextRange {
    script.source_range(range)
}

#[cfg(test)]
mod tests {
    use super::{covers, normalise_path};

    #[test]
    fn mount_targets_cover_their_subdirectories() {
        assert!(covers("/var/cache/yum", "/var/cache/yum"));
        assert!(covers("/var/cache/", "/var/cache/dnf"));
        assert!(covers("/root/.cache", "/root/.cache/pip"));
        assert!(!covers("/var/cache/yum/x", "/var/cache/yum"));
        assert!(!covers("/var/cach", "/var/cache/yum"));
        assert!(!covers("/", "/var/cache/apk"));
        assert!(!covers("", "/var/cache/apk"));
        assert_eq!(normalise_path("/var//cache/./zypp/"), "/var/cache/zypp");
    }
}
