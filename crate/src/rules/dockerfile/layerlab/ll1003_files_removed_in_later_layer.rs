use super::common::{
    chain_steps, context_filter, excerpt, final_chain, is_whole_context, is_within_abs, list,
    mount_targets, push_bounded, resolve_command_path,
};
use crate::context::{glob, gopath, ContextFilter};
use crate::diagnostic::Diagnostic;
use crate::dockerfile::model::{Expanded, Step};
use crate::dockerfile::syntax::{Instruction, Keyword};
use crate::lint::RunScript;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::{self, caches_filled, CacheKind, DownloadOutput};
use crate::shell::{OptionSpec, SimpleCommand, Word};
use crate::text::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags `RUN rm …` of files that an earlier layer of the final image
    /// added: files a `COPY`/`ADD` put there (`RUN rm -rf tests/ docs/ .git/`
    /// after `COPY . .`), files an earlier `RUN` downloaded, or a package
    /// cache an earlier `RUN` filled (`rm -rf /var/lib/apt/lists/*` after
    /// `RUN apt-get update`). The message says which line's layer still
    /// holds the bytes.
    ///
    /// Only the stages that make up the final image are checked. Without a
    /// build context, files under a `COPY . .` destination are only
    /// attributed to that COPY when nothing earlier in the same RUN could
    /// have created them; with a context, only files that are really sent.
    ///
    /// ## Why is this bad?
    /// Every instruction that changes files adds a layer, and layers only
    /// ever add: deleting a file in a later layer writes a "whiteout" that
    /// hides it, while the bytes stay in the earlier layer and are still
    /// pulled, stored and scanned. The image does not get smaller.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-alpine
    /// WORKDIR /app
    /// COPY . .
    /// RUN rm -rf tests/ docs/ .git/
    /// ```
    ///
    /// Use instead (with a `.dockerignore` listing `tests/`, `docs/`, `.git`):
    /// ```dockerfile
    /// FROM node:22-alpine
    /// WORKDIR /app
    /// COPY . .
    /// ```
    ///
    /// ## Fix
    /// Keep files out of the build context with `.dockerignore` (or
    /// `COPY --exclude`), and remove downloads and caches in the same `RUN`
    /// that created them (or use `RUN --mount=type=cache`).
    ///
    /// ## References
    /// - [Best practices: minimize the number of layers](https://docs.docker.com/build/building/best-practices/#minimize-the-number-of-layers)
    /// - [.dockerignore files](https://docs.docker.com/build/concepts/context/#dockerignore-files)
    /// - [OCI image layers: whiteouts](https://github.com/opencontainers/image-spec/blob/main/layer.md#whiteouts)
    pub struct FilesRemovedInLaterLayer {
        code: "LL1003",
        name: "files-removed-in-later-layer",
        origin: Layerlab,
        target: Dockerfile,
        severity: Warning,
        category: Size,
        summary: "Files are deleted in a later layer than the one that added them, so they still ship",
        url: "https://docs.docker.com/build/building/best-practices/#minimize-the-number-of-layers",
    }
}

/// Where files an earlier layer added came from.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Origin {
    /// A COPY/ADD of the whole build context into `path`.
    ContextCopy,
    /// A COPY/ADD of named sources.
    Copy,
    /// A download or clone by a RUN.
    Run,
}

/// A path (or directory tree) an earlier layer added.
#[derive(Clone, Debug)]
struct Added {
    path: String,
    instruction: usize,
    origin: Origin,
}

/// A package cache an earlier RUN left in its layer.
#[derive(Clone, Debug)]
struct FilledCache {
    kind: CacheKind,
    /// The command that filled it, in the source.
    range: TextRange,
}

/// A removal matched to the layer that added the files.
struct Hit {
    word: TextRange,
    source_instruction: usize,
    origin: Origin,
    shown: String,
}

impl DockerfileRule for FilesRemovedInLaterLayer {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let chain = final_chain(checker.model);
        let filter = context_filter(checker);
        let mut added: Vec<Added> = Vec::new();
        let mut caches: Vec<FilledCache> = Vec::new();
        for (_, step) in chain_steps(&chain) {
            let Some(instruction) = checker.file.instructions.get(step.instruction) else {
                continue;
            };
            match instruction.keyword {
                Keyword::Copy | Keyword::Add => record_copy(instruction, step, &mut added),
                Keyword::Run => {
                    let ctx = RunContext {
                        checker,
                        step,
                        filter: filter.as_ref(),
                        added: &added,
                        caches: &caches,
                    };
                    for script in checker.scripts(step.instruction) {
                        ctx.check_removals(script, out);
                    }
                    record_run(checker, step, &mut added, &mut caches);
                }
                _ => {}
            }
        }
    }
}

/// Record what a COPY/ADD adds: its destination tree.
fn record_copy(instruction: &Instruction, step: &Step, added: &mut Vec<Added>) {
    let Expanded::Paths {
        sources,
        destination_abs,
        ..
    } = &step.expanded
    else {
        return;
    };
    let from_context = instruction.flag("from").is_none();
    let into_directory = destination_abs.ends_with('/') || sources.len() > 1;
    for source in sources {
        let whole = from_context && is_whole_context(source);
        let path = if whole || !into_directory || source.ends_with('/') {
            gopath::clean(destination_abs)
        } else if let Some(name) = source.strip_prefix("<<") {
            gopath::join(&[destination_abs, name.trim_start_matches('-')])
        } else if glob::contains_wildcards(source) {
            gopath::clean(destination_abs)
        } else {
            gopath::join(&[destination_abs, &gopath::base(source)])
        };
        push_bounded(
            added,
            Added {
                path,
                instruction: step.instruction,
                origin: if whole {
                    Origin::ContextCopy
                } else {
                    Origin::Copy
                },
            },
        );
    }
}

/// Record what a RUN leaves behind: downloaded files, clones and caches it
/// does not remove itself (and that are not on a mount).
fn record_run(
    checker: &Checker<'_>,
    step: &Step,
    added: &mut Vec<Added>,
    caches: &mut Vec<FilledCache>,
) {
    let mounts = mount_targets(step, &["cache", "tmpfs", "bind", "secret", "ssh"]);
    let on_mount = |path: &str| mounts.iter().any(|m| is_within_abs(path, m));
    for script in checker.scripts(step.instruction) {
        let facts = packages::facts(&script.script);
        let removed_here: Vec<String> = removals(&script.script.commands)
            .filter_map(|(command, word)| {
                resolve_command_path(&word.value, &step.state.workdir, script, command)
            })
            .collect();
        let mut created: Vec<String> = Vec::new();
        for download in &facts.downloads {
            let Some(command) = script.script.command(download.command) else {
                continue;
            };
            let path = match &download.output {
                DownloadOutput::File { path, .. } => path.clone(),
                DownloadOutput::Directory { path, .. } => path.clone(),
                DownloadOutput::RemoteName => match download.urls.first() {
                    Some(url) if !url.dynamic => gopath::base(&url.url),
                    _ => continue,
                },
                DownloadOutput::Stdout => continue,
            };
            if path == "-" {
                continue;
            }
            if let Some(path) = resolve_command_path(&path, &step.state.workdir, script, command) {
                created.push(path);
            }
        }
        for command in &script.script.commands {
            if let Some(path) = clone_destination(command) {
                if let Some(path) =
                    resolve_command_path(&path, &step.state.workdir, script, command)
                {
                    created.push(path);
                }
            }
        }
        for path in created {
            let removed = removed_here
                .iter()
                .any(|r| is_within_abs(&path, r) || wildcard_covers(r, &path));
            if !removed && !on_mount(&path) {
                push_bounded(
                    added,
                    Added {
                        path,
                        instruction: step.instruction,
                        origin: Origin::Run,
                    },
                );
            }
        }
        for package in &facts.packages {
            for kind in caches_filled(package) {
                let cleaned = facts
                    .cleanups
                    .iter()
                    .any(|c| c.target == kind && c.complete);
                if cleaned || cache_on_mount(kind, &mounts) {
                    continue;
                }
                push_bounded(
                    caches,
                    FilledCache {
                        kind,
                        range: script.source_range(package.range),
                    },
                );
            }
        }
    }
}

/// Whether a cache kind lives under one of the RUN's mounts.
fn cache_on_mount(kind: CacheKind, mounts: &[String]) -> bool {
    let dirs: &[&str] = match kind {
        CacheKind::AptLists => &["/var/lib/apt/lists", "/var/lib/apt"],
        CacheKind::AptArchives => &["/var/cache/apt"],
        CacheKind::ApkCache => &["/var/cache/apk", "/etc/apk/cache"],
        CacheKind::YumCache => &["/var/cache/yum"],
        CacheKind::DnfCache => &["/var/cache/dnf", "/var/cache/libdnf5"],
        CacheKind::ZypperCache => &["/var/cache/zypp"],
        CacheKind::PipCache => &["/root/.cache/pip", "/root/.cache"],
        CacheKind::UvCache => &["/root/.cache/uv", "/root/.cache"],
        CacheKind::NpmCache => &["/root/.npm"],
        CacheKind::YarnCache => &["/usr/local/share/.cache/yarn", "/root/.cache/yarn"],
        CacheKind::PnpmStore => &["/root/.local/share/pnpm/store", "/root/.pnpm-store"],
        CacheKind::GemCache => &["/root/.gem", "/usr/local/bundle/cache"],
        CacheKind::ComposerCache => &["/root/.composer/cache", "/root/.cache/composer"],
        CacheKind::GoBuildCache => &["/root/.cache/go-build", "/root/.cache"],
        CacheKind::GoModCache => &["/go/pkg/mod", "/root/go/pkg/mod"],
        CacheKind::CargoRegistry => &["/usr/local/cargo/registry", "/root/.cargo/registry"],
        CacheKind::Temp => &["/tmp", "/var/tmp"],
    };
    dirs.iter()
        .any(|dir| mounts.iter().any(|m| is_within_abs(dir, m)))
}

/// `git clone URL [DIR]`: where the clone lands.
fn clone_destination(command: &SimpleCommand) -> Option<String> {
    let invocation = command.effective_command();
    if invocation.name() != Some("git") {
        return None;
    }
    let parsed = invocation.options(&OptionSpec::new(
        "bobcjC",
        &[
            "--branch",
            "--origin",
            "--depth",
            "--config",
            "--jobs",
            "--reference",
            "--separate-git-dir",
            "--shallow-since",
            "--filter",
        ],
    ));
    let operands: Vec<&Word> = parsed.operands;
    if operands.first().map(|w| w.value.as_str()) != Some("clone") {
        return None;
    }
    let url = operands.get(1)?;
    if let Some(dir) = operands.get(2) {
        return dir.literal().map(str::to_owned);
    }
    let name = gopath::base(url.literal()?);
    Some(name.trim_end_matches(".git").to_owned())
}

/// The path operands of the `rm` commands of a script.
fn removals(commands: &[SimpleCommand]) -> impl Iterator<Item = (&SimpleCommand, &Word)> {
    commands.iter().flat_map(|command| {
        let invocation = command.effective_command();
        let words: Vec<&Word> = if invocation.name() == Some("rm") {
            invocation
                .options(&OptionSpec::NONE)
                .operands
                .into_iter()
                .filter(|w| !w.dynamic)
                .collect()
        } else {
            Vec::new()
        };
        words.into_iter().map(move |w| (command, w))
    })
}

/// Whether removal path `removed` (maybe with wildcards) covers `path`.
fn wildcard_covers(removed: &str, path: &str) -> bool {
    if !glob::contains_wildcards(removed) {
        return false;
    }
    let (fixed, _) = glob::split_wildcards(removed);
    is_within_abs(path, &fixed)
}

/// Commands that cannot create files before an `rm` in the same script.
fn creates_nothing(command: &SimpleCommand) -> bool {
    matches!(
        command.effective_command().name(),
        Some("rm" | "cd" | "set" | "echo" | "ls" | "true" | ":" | "printf" | "find" | "du" | "df")
    )
}

struct RunContext<'c, 'a> {
    checker: &'c Checker<'a>,
    step: &'c Step,
    filter: Option<&'c ContextFilter>,
    added: &'c [Added],
    caches: &'c [FilledCache],
}

impl RunContext<'_, '_> {
    fn check_removals(&self, script: &RunScript, out: &mut Vec<Diagnostic>) {
        let checker = self.checker;
        let mounts = mount_targets(self.step, &["cache", "tmpfs", "bind", "secret", "ssh"]);
        let facts = packages::facts(&script.script);
        // Caches first: `rm -rf /var/lib/apt/lists/*` after `apt-get update`.
        let mut cache_words: Vec<TextRange> = Vec::new();
        for cleanup in &facts.cleanups {
            let Some(filled) = self.caches.iter().rev().find(|c| c.kind == cleanup.target) else {
                continue;
            };
            let range = script.source_range(cleanup.range);
            cache_words.push(cleanup.range);
            let removal = excerpt(checker.text, range, 50);
            let filler = excerpt(checker.text, filled.range, 40);
            out.push(
                checker
                    .diagnostic(
                        &FilesRemovedInLaterLayer::META,
                        range,
                        format!(
                            "`{removal}` cannot make the image smaller: `{filler}` (line {}) \
                             wrote these files in its own layer, which still ships them. Clean up \
                             in that same RUN, or use a cache mount",
                            checker.line(filled.range.start())
                        ),
                    )
                    .with_related(filled.range, "the files were written here"),
            );
        }

        // Then paths added by COPY/ADD or downloaded by an earlier RUN.
        let mut hits: Vec<(&SimpleCommand, Hit)> = Vec::new();
        for (command, word) in removals(&script.script.commands) {
            if cache_words.contains(&word.range) {
                continue;
            }
            let Some(path) =
                resolve_command_path(&word.value, &self.step.state.workdir, script, command)
            else {
                continue;
            };
            if mounts.iter().any(|m| is_within_abs(&path, m)) {
                continue;
            }
            let fresh_before = script
                .script
                .commands
                .iter()
                .take_while(|c| c.range.start() < command.range.start())
                .all(creates_nothing);
            let Some(source) = self.added.iter().rev().find(|a| {
                let matches = is_within_abs(&path, &a.path)
                    || wildcard_covers(&path, &a.path)
                    || (!glob::contains_wildcards(&path) && is_within_abs(&a.path, &path));
                matches && self.attributable(a, &path, fresh_before)
            }) else {
                continue;
            };
            hits.push((
                command,
                Hit {
                    word: script.source_range(word.range),
                    source_instruction: source.instruction,
                    origin: source.origin.clone(),
                    shown: word.value.clone(),
                },
            ));
        }
        // One finding per rm command and source layer.
        let mut index = 0;
        while index < hits.len() {
            let (command, first) = &hits[index];
            let group: Vec<&Hit> = hits[index..]
                .iter()
                .take_while(|(c, h)| {
                    c.id == command.id && h.source_instruction == first.source_instruction
                })
                .map(|(_, h)| h)
                .collect();
            index += group.len();
            let range = group
                .iter()
                .fold(first.word, |range, hit| range.cover(hit.word));
            let shown: Vec<String> = group.iter().map(|h| format!("`{}`", h.shown)).collect();
            let Some(source) = checker.file.instructions.get(first.source_instruction) else {
                continue;
            };
            let line = checker.line(source.range.start());
            let keyword = source.keyword.as_str();
            let advice = match first.origin {
                Origin::ContextCopy => format!(
                    "keep {} out of the build context with .dockerignore",
                    list(&shown, 4)
                ),
                Origin::Copy => {
                    "do not copy them: narrow the sources, or use .dockerignore or COPY --exclude"
                        .to_string()
                }
                Origin::Run => "delete them in that same RUN".to_string(),
            };
            let message = format!(
                "Removing {} cannot make the image smaller: the {keyword} on line {line} added \
                 these files in its own layer, which still ships them (a later layer only hides \
                 them); {advice}",
                list(&shown, 4)
            );
            out.push(
                checker
                    .diagnostic(&FilesRemovedInLaterLayer::META, range, message)
                    .with_related(source.line_range, "the files were added here"),
            );
        }
    }

    /// Whether removing `path` can be pinned on `added`: always for named
    /// copies and downloads; for a whole-context copy only when the file is
    /// really sent (context known), or, without a context, when it is not
    /// ignored and nothing earlier in the RUN could have created it.
    fn attributable(&self, added: &Added, path: &str, fresh_before: bool) -> bool {
        if added.origin != Origin::ContextCopy {
            return true;
        }
        let relative = if is_within_abs(path, &added.path) {
            let dest = gopath::clean(&added.path);
            let path = gopath::clean(path);
            if dest == "/" {
                path.trim_start_matches('/').to_string()
            } else {
                gopath::strip_ancestor(path.trim_start_matches('/'), dest.trim_start_matches('/'))
                    .to_string()
            }
        } else {
            // Removing the destination itself (or above it).
            return fresh_before;
        };
        let (fixed, wildcard) = glob::split_wildcards(&relative);
        let fixed = fixed.trim_end_matches('/').to_string();
        if let Some(filter) = self.filter {
            let sent = filter.transferred();
            return if wildcard.is_empty() {
                sent.contains(&relative) && !relative.is_empty()
            } else {
                !sent.descendants(&fixed).is_empty()
            };
        }
        if let Some(ignore) = self.checker.dockerignore {
            if wildcard.is_empty() && ignore.is_excluded(&relative) {
                return false;
            }
        }
        fresh_before
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{range_text, Setup};
    use crate::lint::test_support::{codes, findings};

    const CODE: &str = "LL1003";

    #[test]
    fn fires_on_the_article_hardened_example() {
        let text = "FROM node:18-alpine\nWORKDIR /app\nCOPY --chown=appuser:appgroup . .\nRUN rm -rf tests/ docs/ .git/\nUSER appuser\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 4);
        assert_eq!(range_text(text, &found[0]), "tests/ docs/ .git/");
        assert!(
            found[0].message.contains("COPY on line 3"),
            "{}",
            found[0].message
        );
        assert!(found[0].message.contains(".dockerignore"));
        assert_eq!(found[0].related[0].line, 3);
    }

    #[test]
    fn the_same_run_is_fine() {
        let text = "FROM debian:12\nRUN curl -fsSL -o /tmp/x.tgz https://e.com/x.tgz && tar xzf /tmp/x.tgz && rm /tmp/x.tgz\n";
        assert!(codes(text, CODE).is_empty());
        let text = "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n";
        assert!(codes(text, CODE).is_empty());
    }

    #[test]
    fn downloads_and_caches_of_earlier_runs() {
        let text = "FROM debian:12\nRUN curl -fsSL -o /tmp/x.tgz https://e.com/x.tgz\nRUN tar xzf /tmp/x.tgz -C /opt\nRUN rm -f /tmp/x.tgz\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 4);
        assert_eq!(range_text(text, &found[0]), "/tmp/x.tgz");
        assert!(found[0].message.contains("RUN on line 2"));
        assert!(found[0].message.contains("same RUN"));

        let text = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 3);
        assert_eq!(range_text(text, &found[0]), "/var/lib/apt/lists/*");
        assert!(found[0].message.contains("`apt-get update` (line 2)"));
    }

    #[test]
    fn cache_mounts_keep_caches_out_of_layers() {
        let text = "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt apt-get update\nRUN rm -rf /var/lib/apt/lists/*\n";
        assert!(codes(text, CODE).is_empty());
    }

    #[test]
    fn named_copies_and_heredocs() {
        let text =
            "FROM alpine:3.24\nCOPY setup.sh /tmp/\nRUN sh /tmp/setup.sh\nRUN rm /tmp/setup.sh\n";
        assert_eq!(codes(text, CODE), [4]);
        let text = "FROM alpine:3.24\nCOPY <<EOF /tmp/setup.sh\necho hi\nEOF\nRUN <<EOF\nsh /tmp/setup.sh\nrm /tmp/setup.sh\nEOF\n";
        // Reported at the `rm` inside the heredoc body.
        assert_eq!(codes(text, CODE), [7]);
        // Removing something else is fine.
        let text = "FROM alpine:3.24\nCOPY setup.sh /tmp/\nRUN rm -rf /var/cache/misc\n";
        assert!(codes(text, CODE).is_empty());
    }

    #[test]
    fn files_a_build_may_have_created_are_not_blamed_on_the_copy() {
        let text = "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm run build && rm -rf build/tmp\n";
        assert!(codes(text, CODE).is_empty());
    }

    #[test]
    fn dockerignore_and_context_decide_what_the_copy_added() {
        let text = "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN rm -rf .git tests\n";
        let ignore = Setup {
            dockerignore: Some(".git\n"),
            ..Setup::default()
        };
        let found = ignore.findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(range_text(text, &found[0]), "tests");
        let ignore_all = Setup {
            dockerignore: Some(".git\ntests\n"),
            ..Setup::default()
        };
        assert!(ignore_all.findings(text, CODE).is_empty());
        let context = Setup {
            context: Some(&[("app.js", 10), ("tests/a.test.js", 5)]),
            ..Setup::default()
        };
        let found = context.findings(text, CODE);
        assert_eq!(range_text(text, &found[0]), "tests");
        // With a context, a build step before the rm no longer matters.
        let text = "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm test && rm -rf tests\n";
        assert_eq!(context.lines(text, CODE), [4]);
    }

    #[test]
    fn only_the_final_image_counts() {
        let text = "FROM node:22 AS build\nWORKDIR /app\nCOPY . .\nRUN rm -rf tests\n\nFROM node:22-slim\nCOPY --from=build /app /app\n";
        assert!(codes(text, CODE).is_empty());
        // A stage the target is built FROM is part of the image.
        let text = "FROM node:22 AS base\nWORKDIR /app\nCOPY . .\n\nFROM base\nRUN rm -rf docs\n";
        assert_eq!(codes(text, CODE), [6]);
        let text = "ARG IMG=alpine:3.24\nFROM ${IMG}\nCOPY --from=builder /out/ /app/\nRUN rm -rf /app/debug\n";
        assert_eq!(codes(text, CODE), [4]);
    }

    #[test]
    fn a_pragma_silences_it() {
        let text = "FROM node:22\nCOPY . .\n# hadolint ignore=LL1003\nRUN rm -rf tests\n";
        assert!(codes(text, CODE).is_empty());
    }
}
