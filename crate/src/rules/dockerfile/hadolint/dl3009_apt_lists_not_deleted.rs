use super::runs::{editable, runs, shipped_stages, source_offset, Run};
use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::lint::RunScript;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::{facts, Action, CacheKind, Ecosystem, PackageCommand};
use crate::shell::{AndOrKind, CommandContext, SimpleCommand};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `RUN` that refreshes the apt package lists (`apt-get update`,
    /// also `apt update`/`aptitude update`) without deleting them in the same
    /// `RUN` (`rm -rf /var/lib/apt/lists/*`, or `apt-get dist-clean`).
    ///
    /// Not flagged, as in hadolint 2.14+:
    /// - a `RUN` with a cache or tmpfs mount over `/var/lib/apt/lists` (or a
    ///   parent such as `/var/lib/apt`): the lists never reach the layer;
    /// - a stage whose files do not end up in the image: only the target
    ///   stage and the stages it is built `FROM` are checked; a builder stage
    ///   read with `COPY --from` ships none of its lists.
    ///
    /// ## Why is this bad?
    /// The lists weigh tens of megabytes and are useless at run time. Deleting
    /// them in a later `RUN` does not help: they stay in the earlier layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \
    ///     && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix
    /// Appends ` && rm -rf /var/lib/apt/lists/*` right after the last apt
    /// command of the `RUN`, when that command runs unconditionally at the
    /// top level of the script (not in a pipeline, condition, loop or
    /// subshell).
    ///
    /// ## References
    /// - [hadolint DL3009](https://github.com/hadolint/hadolint/wiki/DL3009)
    /// - [Best practices: apt-get](https://docs.docker.com/build/building/best-practices/#apt-get)
    /// - [RUN --mount=type=cache](https://docs.docker.com/reference/dockerfile/#run---mounttypecache)
    pub struct AptListsNotDeleted {
        code: "DL3009",
        name: "apt-lists-not-deleted",
        origin: Hadolint,
        target: Dockerfile,
        severity: Info,
        category: Size,
        summary: "Delete the apt lists after installing something",
        url: "https://github.com/hadolint/hadolint/wiki/DL3009",
    }
}

const APT_LISTS: &str = "/var/lib/apt/lists";

/// Where ` && rm -rf …` can go: after a command that runs unconditionally at
/// the top level of its script.
fn is_top_level(context: &CommandContext) -> bool {
    context.depth == 0
        && context.pipe.is_none()
        && !context.condition
        && !context.branch
        && !context.loop_body
        && !context.subshell
        && !context.substitution
        && !context.function
        && !context.background
        // `apt-get install x || true`: after the install, the `rm` would
        // change what `|| true` guards.
        && context.followed_by != Some(AndOrKind::Or)
}

/// The fix: ` && rm -rf /var/lib/apt/lists/*` after the last apt command.
fn cleanup_fix(run: &Run<'_>, apt: &[(&RunScript, PackageCommand)]) -> Option<Fix> {
    let (script, last) = apt.last()?;
    let command: &SimpleCommand = script.script.command(last.command)?;
    if !editable(command) || !is_top_level(&command.context) {
        return None;
    }
    let at = source_offset(script, command.range.end());
    // Only for the RUN's own scripts, never past the instruction.
    let range = run.instruction.range;
    if at < range.start() || at > range.end() {
        return None;
    }
    Some(Fix::new(
        "Delete the apt lists in the same RUN",
        vec![TextEdit::insert(at, " && rm -rf /var/lib/apt/lists/*")],
    ))
}

impl DockerfileRule for AptListsNotDeleted {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let shipped = shipped_stages(checker.model);
        for run in runs(checker) {
            let in_image = checker
                .stage_of(run.index)
                .is_none_or(|stage| shipped.get(stage.index).copied().unwrap_or(false));
            if !in_image {
                continue;
            }
            let cleaned = run
                .scripts
                .iter()
                .any(|script| facts(&script.script).cleans(CacheKind::AptLists));
            if cleaned || run.mount_covers(checker, APT_LISTS) {
                continue;
            }
            let apt: Vec<(&RunScript, PackageCommand)> = run
                .package_commands()
                .into_iter()
                .filter(|(_, c)| c.manager.ecosystem() == Ecosystem::Debian)
                .collect();
            let Some((script, update)) = apt.iter().find(|(_, c)| c.action == Action::Update)
            else {
                continue;
            };
            let range = super::runs::verb_range(script, update);
            let mut diagnostic = checker.diagnostic(
                &Self::META,
                range,
                "Delete the apt lists (/var/lib/apt/lists) after installing something",
            );
            if let Some(fix) = cleanup_fix(&run, &apt) {
                diagnostic = diagnostic.with_fix(fix);
            }
            out.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{assert_fixed, codes, findings};

    #[test]
    fn update_without_cleanup_fires_at_the_update() {
        let text = "FROM debian:12\nRUN apt-get update \\\n && apt-get install -y curl\n";
        let found = findings(text, "DL3009");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.slice(text), "apt-get update");
        assert_eq!(
            codes("FROM a\nRUN apt update && apt install -y x\n", "DL3009"),
            [2]
        );
    }

    #[test]
    fn cleanup_in_the_same_run_passes() {
        for cleanup in [
            "rm -rf /var/lib/apt/lists/*",
            "rm -rf /var/lib/apt/lists",
            "rm -r -f /var/lib/apt/lists/",
            "apt-get dist-clean",
        ] {
            let text = format!("FROM a\nRUN apt-get update && apt-get install -y x && {cleanup}\n");
            assert!(codes(&text, "DL3009").is_empty(), "{cleanup}");
        }
        // Installing without refreshing the lists leaves nothing to delete.
        assert!(codes("FROM a\nRUN apt-get install -y ./x.deb\n", "DL3009").is_empty());
    }

    #[test]
    fn partial_or_later_cleanups_do_not_count() {
        // `apt-get clean` empties /var/cache/apt, not the lists.
        let text = "FROM a\nRUN apt-get update && apt-get install -y x && apt-get clean\n";
        assert_eq!(codes(text, "DL3009"), [2]);
        // Deleting them in a later RUN leaves them in the earlier layer.
        let text = "FROM a\nRUN apt-get update\nRUN rm -rf /var/lib/apt/lists/*\n";
        assert_eq!(codes(text, "DL3009"), [2]);
        // Deleting something else (hadolint accepts any `rm -rf`).
        let text = "FROM a\nRUN apt-get update && apt-get install -y x && rm -rf /tmp/*\n";
        assert_eq!(codes(text, "DL3009"), [2]);
    }

    #[test]
    fn cache_and_tmpfs_mounts_silence_it() {
        for mount in [
            "--mount=type=cache,target=/var/lib/apt/lists",
            "--mount=type=cache,target=/var/lib/apt,sharing=locked",
            "--mount=type=tmpfs,target=/var/lib/apt/lists",
        ] {
            let text = format!("FROM a\nRUN {mount} apt-get update && apt-get install -y x\n");
            assert!(codes(&text, "DL3009").is_empty(), "{mount}");
        }
        // A bind mount, or a cache on another directory, does not.
        let text = "FROM a\nRUN --mount=type=cache,target=/var/cache/apt apt-get update\n";
        assert_eq!(codes(text, "DL3009"), [2]);
        // The mount target may come from an ARG.
        let text = "FROM a\nARG LISTS=/var/lib/apt/lists\nRUN --mount=type=cache,target=$LISTS apt-get update\n";
        assert!(codes(text, "DL3009").is_empty());
    }

    #[test]
    fn only_stages_that_ship_are_checked() {
        // A builder read with COPY --from ships none of its lists.
        let text = "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM debian:12\nCOPY --from=build /x /x\n";
        assert!(codes(text, "DL3009").is_empty());
        // A stage the final one is built FROM does ship them.
        let text = "FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nRUN echo\n";
        assert_eq!(codes(text, "DL3009"), [2]);
        // The final stage always does.
        let text = "FROM debian:12 AS build\nRUN echo\nFROM debian:12\nRUN apt-get update\n";
        assert_eq!(codes(text, "DL3009"), [4]);
    }

    #[test]
    fn heredocs_onbuild_and_pragmas() {
        let text = "FROM a\nRUN <<EOF\napt-get update\napt-get install -y x\nEOF\n";
        assert_eq!(codes(text, "DL3009"), [3]);
        let text = "FROM a\nRUN <<EOF\napt-get update\napt-get install -y x\nrm -rf /var/lib/apt/lists/*\nEOF\n";
        assert!(codes(text, "DL3009").is_empty());
        assert_eq!(codes("FROM a\nONBUILD RUN apt-get update\n", "DL3009"), [2]);
        assert!(codes(
            "FROM a\n# hadolint ignore=DL3009\nRUN apt-get update\n",
            "DL3009"
        )
        .is_empty());
        assert!(codes("FROM a\nRUN [\"apt-get\", \"update\"]\n", "DL3009").is_empty());
    }

    #[test]
    fn fix_appends_the_cleanup_after_the_last_apt_command() {
        assert_fixed(
            "FROM a\nRUN apt-get update && apt-get install -y x\n",
            "DL3009",
            "FROM a\nRUN apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists/*\n",
        );
        assert_fixed(
            "FROM a\nRUN apt-get update \\\n && apt-get install -y x \\\n && make\n",
            "DL3009",
            "FROM a\nRUN apt-get update \\\n && apt-get install -y x && rm -rf /var/lib/apt/lists/* \\\n && make\n",
        );
        assert_fixed(
            "FROM a\nRUN set -eux; apt-get update; apt-get install -y x; make\n",
            "DL3009",
            "FROM a\nRUN set -eux; apt-get update; apt-get install -y x && rm -rf /var/lib/apt/lists/*; make\n",
        );
        assert_fixed(
            "FROM a\nRUN <<EOF\napt-get update\napt-get install -y x\nEOF\n",
            "DL3009",
            "FROM a\nRUN <<EOF\napt-get update\napt-get install -y x && rm -rf /var/lib/apt/lists/*\nEOF\n",
        );
    }

    #[test]
    fn no_fix_where_placement_is_unclear() {
        for text in [
            "FROM a\nRUN apt-get update && apt-get install -y x | tee log\n",
            "FROM a\nRUN if true; then apt-get update; fi\n",
            "FROM a\nRUN apt-get update || true\n",
            "FROM a\nRUN sh -c 'apt-get update'\n",
        ] {
            let found = findings(text, "DL3009");
            assert_eq!(found.len(), 1, "{text}");
            assert!(found[0].fixes.is_empty(), "{text}");
        }
    }
}
