use super::common::excerpt;
use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::dockerfile::model::{Base, Step};
use crate::dockerfile::syntax::{Command, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::{package_commands, Action, Ecosystem, FlagKind, PackageCommand};
use crate::shell::AndOrKind;
use crate::text::TextRange;
use std::collections::HashSet;

crate::declare_rule! {
    /// ## What it does
    /// Flags an `apt-get update` (or `apt update`, `apk update`) that runs in
    /// a `RUN` of its own, when a later `RUN` installs packages without
    /// refreshing the index again.
    ///
    /// ## Why is this bad?
    /// BuildKit caches the `RUN apt-get update` layer by its command text,
    /// which never changes. Once cached, every later build reuses the index
    /// downloaded that day, while the install step (whose text you edit
    /// when you add a package) re-runs against it: it installs outdated
    /// versions, or fails with `404 Not Found` when the mirror has dropped
    /// them. Docker's best practices call this out, and real projects hit it
    /// (e.g. OpenMetadata's ingestion image).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update
    /// RUN apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && \
    ///     apt-get install -y --no-install-recommends curl && \
    ///     rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix
    /// Update and install in the same `RUN`. When the install is the very
    /// next `RUN` and both are plain command lines, the fix joins them with
    /// `&&`.
    ///
    /// ## References
    /// - [Best practices: apt-get](https://docs.docker.com/build/building/best-practices/#apt-get)
    /// - [Optimize cache usage](https://docs.docker.com/build/cache/optimize/)
    pub struct PackageIndexUpdatedInSeparateRun {
        code: "LL1011",
        name: "package-index-updated-in-separate-run",
        origin: Layerlab,
        target: Dockerfile,
        severity: Warning,
        category: Cache,
        summary: "The package index is refreshed in its own RUN, so later installs use a stale cached index",
        url: "https://docs.docker.com/build/building/best-practices/#apt-get",
    }
}

/// The distributions whose index goes stale in a cached layer.
const FAMILIES: [Ecosystem; 2] = [Ecosystem::Debian, Ecosystem::Alpine];

/// An install that reads the cached index instead of fetching one.
fn reads_cached_index(command: &PackageCommand) -> bool {
    match command.manager.ecosystem() {
        Ecosystem::Debian => matches!(command.action, Action::Install | Action::Upgrade),
        Ecosystem::Alpine => {
            matches!(command.action, Action::Install | Action::Upgrade)
                && !command.has(FlagKind::NoCache)
                && !command.has(FlagKind::RefreshIndex)
        }
        _ => false,
    }
}

/// An update alone in its RUN, waiting for a later install.
#[derive(Clone, Copy)]
struct Pending {
    instruction: usize,
    range: TextRange,
}

impl DockerfileRule for PackageIndexUpdatedInSeparateRun {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let mut reported: HashSet<TextRange> = HashSet::new();
        // The updates still waiting for an install at the end of each stage:
        // a stage built `FROM` another starts from its base's, so chains are
        // walked once, not once per descendant.
        let mut ends: Vec<[Option<Pending>; 2]> = Vec::with_capacity(checker.model.stages.len());
        for stage in &checker.model.stages {
            let mut pending: [Option<Pending>; 2] = match stage.base {
                Base::Stage { index } => ends.get(index).copied().unwrap_or([None, None]),
                _ => [None, None],
            };
            for step in stage.steps.iter().skip(1) {
                let is_run = checker
                    .file
                    .instructions
                    .get(step.instruction)
                    .is_some_and(|i| i.keyword == Keyword::Run);
                if !is_run {
                    continue;
                }
                let commands: Vec<(TextRange, PackageCommand)> = checker
                    .scripts(step.instruction)
                    .iter()
                    .flat_map(|script| {
                        package_commands(&script.script)
                            .into_iter()
                            .map(move |c| (script.source_range(c.range), c))
                    })
                    .collect();
                for (slot, family) in FAMILIES.iter().enumerate() {
                    let of_family = || {
                        commands
                            .iter()
                            .filter(move |(_, c)| c.manager.ecosystem() == *family)
                    };
                    let update = of_family().find(|(_, c)| c.action == Action::Update);
                    let stale_install = of_family().find(|(_, c)| reads_cached_index(c));
                    let installs = of_family()
                        .any(|(_, c)| matches!(c.action, Action::Install | Action::Upgrade));
                    if let (None, Some((install_range, _)), Some(waiting)) =
                        (update, stale_install, pending[slot])
                    {
                        if reported.insert(waiting.range) {
                            out.push(self.finding(checker, waiting, step, *install_range));
                        }
                        pending[slot] = None;
                    }
                    if let Some((range, _)) = update {
                        pending[slot] = (!installs).then_some(Pending {
                            instruction: step.instruction,
                            range: *range,
                        });
                    }
                }
            }
            ends.push(pending);
        }
    }
}

impl PackageIndexUpdatedInSeparateRun {
    fn finding(
        &self,
        checker: &Checker<'_>,
        update: Pending,
        install_step: &Step,
        install: TextRange,
    ) -> Diagnostic {
        let update_text = excerpt(checker.text, update.range, 30);
        let install_text = excerpt(checker.text, install, 40);
        let mut diagnostic = checker
            .diagnostic(
                &Self::META,
                update.range,
                format!(
                    "`{update_text}` runs in a RUN of its own: once that layer is cached, `{install_text}` \
                     (line {}) keeps using the index from that old build and installs stale \
                     packages or fails with 404. Update and install in the same RUN",
                    checker.line(install.start())
                ),
            )
            .with_related(install, "installs from the cached index");
        if let Some(fix) = merge_fix(checker, update.instruction, install_step) {
            diagnostic = diagnostic.with_fix(fix);
        }
        diagnostic
    }
}

/// Join `RUN <update>` and the very next `RUN <install> && …` into one
/// RUN, when both are plain shell-form command lines run by the default
/// shell and the install's line has only `&&` between its commands.
fn merge_fix(checker: &Checker<'_>, update_index: usize, install_step: &Step) -> Option<Fix> {
    if install_step.instruction != update_index + 1 {
        return None;
    }
    let update = checker.file.instructions.get(update_index)?;
    let install = checker.file.instructions.get(install_step.instruction)?;
    let plain = |i: &crate::dockerfile::syntax::Instruction| {
        i.keyword == Keyword::Run && i.flags.is_empty() && i.heredocs.is_empty()
    };
    if !plain(update) || !plain(install) {
        return None;
    }
    let default_shell = install_step.state.shell.len() == 2
        && install_step.state.shell[0] == "/bin/sh"
        && install_step.state.shell[1] == "-c";
    if !default_shell {
        return None;
    }
    let (Some(Command::Shell(first)), Some(Command::Shell(second))) =
        (update.command(), install.command())
    else {
        return None;
    };
    let update_script = &checker.scripts(update_index).first()?.script;
    let install_script = &checker.scripts(install_step.instruction).first()?.script;
    if update_script.commands.len() != 1 || update_script.body.items.len() != 1 {
        return None;
    }
    let items = &install_script.body.items;
    if items.len() != 1
        || items[0]
            .separator
            .is_some_and(|s| !matches!(s.kind, crate::shell::SeparatorKind::Newline))
        || items[0]
            .and_or
            .rest
            .iter()
            .any(|(op, _)| op.kind != AndOrKind::And)
    {
        return None;
    }
    let between = TextRange::new(first.range.end(), second.range.start());
    let gap = TextRange::new(update.line_range.end(), install.keyword_token.range.start());
    if !gap.slice(checker.text).trim().is_empty() {
        return None;
    }
    let escape = checker.file.escape;
    Some(Fix::new(
        "Update and install in the same RUN",
        vec![TextEdit::replace(between, format!(" && {escape}\n    "))],
    ))
}

#[cfg(test)]
mod tests {
    use super::super::testing::range_text;
    use crate::lint::test_support::{assert_fixed, codes, findings};

    const CODE: &str = "LL1011";

    #[test]
    fn fires_on_update_alone_then_install() {
        let text = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 2);
        assert_eq!(range_text(text, &found[0]), "apt-get update");
        assert!(found[0].message.contains("(line 3)"));
        assert_fixed(
            text,
            CODE,
            "FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl\n",
        );
    }

    #[test]
    fn update_and_install_together_are_fine() {
        assert!(codes(
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
            CODE
        )
        .is_empty());
        // The later RUN refreshes the index itself.
        assert!(codes(
            "FROM debian:12\nRUN apt-get update\nRUN apt-get update && apt-get install -y curl\n",
            CODE
        )
        .is_empty());
        // Nothing installs afterwards.
        assert!(codes("FROM debian:12\nRUN apt-get update\nRUN echo done\n", CODE).is_empty());
        // apk add --no-cache fetches a fresh index.
        assert!(codes(
            "FROM alpine:3.24\nRUN apk update\nRUN apk add --no-cache curl\n",
            CODE
        )
        .is_empty());
    }

    #[test]
    fn alpine_and_sudo_and_heredocs() {
        assert_eq!(
            codes("FROM alpine:3.24\nRUN apk update\nRUN apk add curl\n", CODE),
            [2]
        );
        let text = "FROM debian:12\nRUN <<EOF\nset -e\napt-get update\nEOF\nRUN <<EOF\napt-get install -y git\nEOF\n";
        assert_eq!(codes(text, CODE), [4]);
        assert!(findings(text, CODE)[0].fixes.is_empty());
    }

    #[test]
    fn stage_chains_and_arg_images() {
        let text = "ARG BASE=debian:12\nFROM ${BASE} AS base\nRUN apt-get update\n\nFROM base AS app\nRUN apt-get install -y nginx\nFROM base AS worker\nRUN apt-get install -y redis\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].line, 3);
        assert!(found[0].fixes.is_empty(), "not the next instruction");
    }

    #[test]
    fn no_fix_when_the_install_line_is_not_a_plain_and_chain() {
        let text = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl || true\n";
        assert!(findings(text, CODE)[0].fixes.is_empty());
        let text = "FROM debian:12\nRUN apt-get update\n# tools\nRUN apt-get install -y curl\n";
        assert!(findings(text, CODE)[0].fixes.is_empty());
    }

    #[test]
    fn a_pragma_silences_it() {
        let text = "FROM debian:12\n# hadolint ignore=LL1011\nRUN apt-get update\nRUN apt-get install -y curl\n";
        assert!(codes(text, CODE).is_empty());
    }
}
