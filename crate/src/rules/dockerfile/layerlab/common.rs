//! Helpers the Layerlab rules share: stage chains, COPY/ADD from the build
//! context, what the builder receives, and message formatting.

use crate::context::{gopath, ContextFilter};
use crate::dockerfile::model::{Base, Expanded, Model, Stage, Step};
use crate::dockerfile::syntax::{Args, Instruction, Keyword, Token};
use crate::lint::{Checker, RunScript};
use crate::shell::SimpleCommand;
use crate::text::TextRange;

/// `stage` and the stages it is built `FROM`, root first. Stages can only
/// name earlier stages, so the walk ends; the length bound guards against a
/// malformed model anyway.
pub(super) fn stage_chain(model: &Model, stage: usize) -> Vec<&Stage> {
    let mut chain = Vec::new();
    let mut current = model.stages.get(stage);
    while let Some(s) = current {
        if chain.len() > model.stages.len() {
            break;
        }
        chain.push(s);
        current = match s.base {
            Base::Stage { index } if index < s.index => model.stages.get(index),
            _ => None,
        };
    }
    chain.reverse();
    chain
}

/// The stages whose filesystem is the target image: the target and the
/// stages it is built `FROM`, root first. Empty when there is no stage.
pub(super) fn final_chain(model: &Model) -> Vec<&Stage> {
    model
        .target
        .map(|target| stage_chain(model, target))
        .unwrap_or_default()
}

/// The steps of a chain in build order (each stage's FROM step included).
pub(super) fn chain_steps<'a>(chain: &[&'a Stage]) -> Vec<(&'a Stage, &'a Step)> {
    chain
        .iter()
        .flat_map(|stage| stage.steps.iter().map(move |step| (*stage, step)))
        .collect()
}

/// The image at the root of `stage`'s chain (`None` for `scratch` or an
/// empty chain).
pub(super) fn root_image(model: &Model, stage: usize) -> RootBase<'_> {
    match stage_chain(model, stage).first().map(|s| &s.base) {
        Some(Base::Image { reference }) => RootBase::Image(reference),
        Some(Base::Scratch) => RootBase::Scratch,
        _ => RootBase::Unknown,
    }
}

/// What a chain of stages starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RootBase<'a> {
    Image(&'a str),
    Scratch,
    Unknown,
}

/// How many earlier layers the path-tracking rules remember. Real
/// Dockerfiles have a few dozen; the bound keeps hostile input linear.
pub(super) const MAX_TRACKED_LAYERS: usize = 256;

/// Push, forgetting the oldest entry past [`MAX_TRACKED_LAYERS`].
pub(super) fn push_bounded<T>(list: &mut Vec<T>, item: T) {
    if list.len() >= MAX_TRACKED_LAYERS {
        list.remove(0);
    }
    list.push(item);
}

/// Whether a COPY/ADD source names the whole build context (`.`, `./`, `/`).
pub(super) fn is_whole_context(source: &str) -> bool {
    !source.starts_with("<<") && matches!(gopath::clean(source).as_str(), "." | "/")
}

/// A COPY or ADD that reads the build context (no `--from`).
pub(super) struct ContextCopy<'a> {
    pub index: usize,
    pub instruction: &'a Instruction,
    pub stage: &'a Stage,
    /// The source tokens as written.
    pub source_tokens: &'a [Token],
    /// The sources after expansion (same order as the tokens).
    pub sources: &'a [String],
    /// The destination resolved against the WORKDIR.
    pub destination_abs: &'a str,
    pub workdir: &'a str,
}

impl ContextCopy<'_> {
    /// The first source that names the whole context, with its token.
    pub fn whole_context_source(&self) -> Option<&Token> {
        self.sources
            .iter()
            .zip(self.source_tokens)
            .find(|(value, _)| is_whole_context(value))
            .map(|(_, token)| token)
    }
}

/// Every top-level COPY/ADD without `--from`, in file order.
pub(super) fn context_copies<'a>(checker: &Checker<'a>) -> Vec<ContextCopy<'a>> {
    let mut copies = Vec::new();
    // Stages and their steps are in file order, so the result is too.
    for stage in &checker.model.stages {
        for step in &stage.steps {
            let index = step.instruction;
            let Some(instruction) = checker.file.instructions.get(index) else {
                continue;
            };
            if !matches!(instruction.keyword, Keyword::Copy | Keyword::Add)
                || instruction.flag("from").is_some()
            {
                continue;
            }
            let Args::Paths {
                sources: source_tokens,
                ..
            } = &instruction.args
            else {
                continue;
            };
            let Expanded::Paths {
                sources,
                destination_abs,
                ..
            } = &step.expanded
            else {
                continue;
            };
            if sources.len() != source_tokens.len() {
                continue;
            }
            copies.push(ContextCopy {
                index,
                instruction,
                stage,
                source_tokens,
                sources,
                destination_abs,
                workdir: &step.state.workdir,
            });
        }
    }
    copies
}

/// What the builder receives when the context is known: the context with
/// the `.dockerignore` applied.
pub(super) fn context_filter(checker: &Checker<'_>) -> Option<ContextFilter> {
    let context = checker.context?;
    Some(match checker.dockerignore {
        Some(ignore) => context.apply_dockerignore(ignore),
        None => context.unfiltered(),
    })
}

/// Whether the file opts into BuildKit-only syntax: a `# syntax=`
/// directive, or a RUN that already uses `--mount`.
pub(super) fn uses_buildkit_syntax(checker: &Checker<'_>) -> bool {
    checker.file.directive("syntax").is_some()
        || checker
            .instructions_and_triggers()
            .any(|(_, i, _)| i.keyword == Keyword::Run && i.flag("mount").is_some())
}

/// The `target`s of a RUN's `--mount`s of the given types (`cache`, `tmpfs`,
/// `bind`…); their contents are never part of the layer.
pub(super) fn mount_targets(step: &Step, types: &[&str]) -> Vec<String> {
    let Expanded::Run { mounts } = &step.expanded else {
        return Vec::new();
    };
    mounts
        .iter()
        .filter_map(|mount| {
            let mut kind = "bind";
            let mut target = None;
            for field in mount.split(',') {
                let (key, value) = field.split_once('=').unwrap_or((field, ""));
                match key.trim().to_ascii_lowercase().as_str() {
                    "type" => kind = value.trim(),
                    "target" | "dst" | "destination" => target = Some(value.trim()),
                    _ => {}
                }
            }
            let target = target?;
            types
                .contains(&kind)
                .then(|| gopath::clean(&format!("/{target}")))
        })
        .collect()
}

/// Whether any `--mount` of the RUN is a cache mount.
pub(super) fn has_cache_mount(step: &Step) -> bool {
    match &step.expanded {
        Expanded::Run { mounts } => mounts.iter().any(|m| {
            m.split(',').any(|field| {
                field
                    .split_once('=')
                    .is_some_and(|(k, v)| k.trim() == "type" && v.trim() == "cache")
            })
        }),
        _ => false,
    }
}

/// Whether absolute path `path` is `ancestor` or below it.
pub(super) fn is_within_abs(path: &str, ancestor: &str) -> bool {
    let path = gopath::clean(path);
    let ancestor = gopath::clean(ancestor);
    ancestor == "/" || gopath::is_within(&path, &ancestor)
}

/// Resolve a path a shell command names against the WORKDIR; `None` when
/// the command ran after a `cd` in the same script (the directory is then
/// not known) and the path is relative, or when it is `~`-relative.
pub(super) fn resolve_command_path(
    path: &str,
    workdir: &str,
    script: &RunScript,
    command: &SimpleCommand,
) -> Option<String> {
    if path.starts_with('/') {
        return Some(gopath::clean(path));
    }
    if path.starts_with('~') || path.starts_with('$') {
        return None;
    }
    let changed_directory = script.script.commands.iter().any(|c| {
        c.range.start() < command.range.start()
            && matches!(c.effective_command().name(), Some("cd" | "pushd" | "popd"))
    });
    if changed_directory {
        return None;
    }
    Some(gopath::join(&[workdir, path]))
}

/// The source text of a range, on one line, shortened to about `max` bytes.
pub(super) fn excerpt(text: &str, range: TextRange, max: usize) -> String {
    let mut out = String::new();
    let mut last_space = false;
    for ch in range.slice(text).chars() {
        let ch = if ch == '\\' || ch.is_whitespace() {
            ' '
        } else {
            ch
        };
        if ch == ' ' {
            if last_space {
                continue;
            }
            last_space = true;
        } else {
            last_space = false;
        }
        if out.len() >= max {
            out.push('…');
            break;
        }
        out.push(ch);
    }
    out.trim().to_string()
}

/// A short label for a COPY/ADD: `COPY . .`, `ADD . /app`. Flags are left
/// out, and so are words after a `#` that would start a comment elsewhere
/// (LL1008 reports those).
pub(super) fn copy_label(instruction: &Instruction) -> String {
    let Args::Paths {
        sources,
        destination,
        ..
    } = &instruction.args
    else {
        return instruction.keyword.as_str().to_string();
    };
    let mut label = instruction.keyword.as_str().to_string();
    for token in sources.iter().chain(std::iter::once(destination)) {
        if token.text.starts_with('#') {
            break;
        }
        if label.len() + token.text.len() > 40 {
            label.push_str(" …");
            break;
        }
        label.push(' ');
        label.push_str(&token.text);
    }
    label
}

/// "a", "a and b", "a, b and c", "a, b, c and 4 more".
pub(super) fn list(items: &[String], max: usize) -> String {
    let max = max.max(1);
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n if n <= max => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
        n => format!("{} and {} more", items[..max].join(", "), n - max),
    }
}

/// Wrap in backticks.
pub(super) fn code(text: &str) -> String {
    format!("`{text}`")
}

/// A byte count for people: `512 B`, `12.3 KB`, `4.0 MB`.
pub(super) fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if n < 1000 {
        return format!("{n} B");
    }
    let mut value = n as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// "1 file", "3 files".
pub(super) fn count(n: u64, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {plural}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_context_sources() {
        for source in [".", "./", "/", "./.", ".//"] {
            assert!(is_whole_context(source), "{source}");
        }
        for source in ["src", "*", "./src", "<<EOF", "package.json"] {
            assert!(!is_whole_context(source), "{source}");
        }
    }

    #[test]
    fn formatting() {
        let items: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
        assert_eq!(list(&items[..1], 3), "a");
        assert_eq!(list(&items[..2], 3), "a and b");
        assert_eq!(list(&items[..3], 3), "a, b and c");
        assert_eq!(list(&items, 2), "a, b and 2 more");
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(12_345), "12.3 KB");
        assert_eq!(bytes(4_000_000), "4.0 MB");
        assert_eq!(count(1, "file", "files"), "1 file");
        assert_eq!(count(2, "file", "files"), "2 files");
        let parse =
            crate::dockerfile::syntax::parse("COPY --chown=a . .  # note\nADD [\"x\", \"/y\"]\n");
        let labels: Vec<String> = parse
            .dockerfile
            .instructions
            .iter()
            .map(copy_label)
            .collect();
        assert_eq!(labels, ["COPY . .", "ADD x /y"]);
        let text = "RUN a \\\n    b";
        assert_eq!(excerpt(text, TextRange::new(4, text.len()), 40), "a b");
    }

    #[test]
    fn paths_within() {
        assert!(is_within_abs("/app/tests", "/app"));
        assert!(is_within_abs("/app", "/app/"));
        assert!(is_within_abs("/anything", "/"));
        assert!(!is_within_abs("/application", "/app"));
    }
}
