use super::runs::{editable, runs, source_offset, verb_range};
use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::{Action, FlagKind, Manager};

crate::declare_rule! {
    /// ## What it does
    /// Flags `apk add` without `--no-cache`.
    ///
    /// Not flagged: `apk add --no-network`, which installs from files already
    /// on disk and downloads no index (hadolint flags it); and, as in
    /// hadolint 2.14+, a `RUN` with a cache or tmpfs mount over
    /// `/var/cache/apk` (or a parent of it): the cache never reaches the
    /// layer, and keeping it is the point of the mount.
    ///
    /// ## Why is this bad?
    /// Without `--no-cache`, apk keeps the package index it downloaded (with
    /// `--update`/`apk update`) in `/var/cache/apk`, and it ends up in the
    /// layer unless removed in the same `RUN`. `--no-cache` fetches the index
    /// into memory and leaves nothing behind.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN apk add --update curl=8.11.1-r0
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN apk add --no-cache curl=8.11.1-r0
    /// ```
    ///
    /// ## Fix
    /// Adds `--no-cache` after `add`.
    ///
    /// ## References
    /// - [hadolint DL3019](https://github.com/hadolint/hadolint/wiki/DL3019)
    /// - [RUN --mount=type=cache](https://docs.docker.com/reference/dockerfile/#run---mounttypecache)
    pub struct ApkCache {
        code: "DL3019",
        name: "apk-cache",
        origin: Hadolint,
        target: Dockerfile,
        severity: Info,
        category: Size,
        summary: "Use apk add --no-cache",
        url: "https://github.com/hadolint/hadolint/wiki/DL3019",
    }
}

const APK_CACHE: &str = "/var/cache/apk";

impl DockerfileRule for ApkCache {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for run in runs(checker) {
            let commands = run.package_commands();
            let adds = commands.iter().filter(|(_, c)| {
                c.manager == Manager::Apk
                    && c.action == Action::Install
                    && !c.has(FlagKind::NoCache)
                    // `--no-network` downloads nothing, so caches nothing.
                    && !c.has(FlagKind::Offline)
            });
            let mut adds = adds.peekable();
            if adds.peek().is_none() || run.mount_covers(checker, APK_CACHE) {
                continue;
            }
            for (script, command) in adds {
                let mut diagnostic = checker.diagnostic(
                    &Self::META,
                    verb_range(script, command),
                    "Use the `--no-cache` switch to avoid the need to use `--update` and remove \
                     `/var/cache/apk/*` when done installing packages",
                );
                if script.script.command(command.command).is_some_and(editable) {
                    let at = source_offset(script, command.insertion_point());
                    diagnostic = diagnostic.with_fix(Fix::new(
                        "Add `--no-cache`",
                        vec![TextEdit::insert(at, " --no-cache")],
                    ));
                }
                out.push(diagnostic);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{assert_fixed, codes, findings};

    #[test]
    fn add_without_no_cache_fires() {
        let text = "FROM alpine:3.21\nRUN apk update && apk add --update curl\n";
        let found = findings(text, "DL3019");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.slice(text), "apk add");
        assert_eq!(codes("FROM a\nRUN apk --update add curl\n", "DL3019"), [2]);
    }

    #[test]
    fn no_cache_or_a_cache_mount_passes() {
        assert!(codes("FROM a\nRUN apk add --no-cache curl\n", "DL3019").is_empty());
        assert!(codes("FROM a\nRUN apk --no-cache add curl\n", "DL3019").is_empty());
        let text = "FROM a\nRUN apk del .b && xargs -rt apk add --no-network --virtual .rundeps\n";
        assert!(codes(text, "DL3019").is_empty());
        for mount in [
            "--mount=type=cache,target=/var/cache/apk",
            "--mount=type=cache,target=/var/cache/apk/,sharing=locked",
            "--mount=type=tmpfs,target=/var/cache",
        ] {
            let text = format!("FROM a\nRUN {mount} apk add curl\n");
            assert!(codes(&text, "DL3019").is_empty(), "{mount}");
        }
        let text = "FROM a\nRUN --mount=type=bind,target=/var/cache/apk apk add curl\n";
        assert_eq!(codes(text, "DL3019"), [2]);
        assert!(codes("FROM a\nRUN apk del curl\n", "DL3019").is_empty());
    }

    #[test]
    fn heredocs_onbuild_stages_and_pragmas() {
        let stages = "FROM a AS build\nRUN apk add curl\nFROM build\nRUN apk add curl\nFROM b\nRUN [\"true\"]\n";
        assert_eq!(codes(stages, "DL3019"), [2, 4], "every stage");
        assert_eq!(
            codes("FROM a\nRUN <<EOF\napk add curl\nEOF\n", "DL3019"),
            [3]
        );
        assert_eq!(codes("FROM a\nONBUILD RUN apk add curl\n", "DL3019"), [2]);
        let text = "FROM a\nONBUILD RUN --mount=type=cache,target=/var/cache/apk apk add curl\n";
        assert!(codes(text, "DL3019").is_empty());
        assert!(codes(
            "FROM a\n# hadolint ignore=DL3019\nRUN apk add curl\n",
            "DL3019"
        )
        .is_empty());
    }

    #[test]
    fn fix_adds_no_cache_after_add() {
        assert_fixed(
            "FROM a\nRUN apk add --virtual .deps gcc \\\n && make\n",
            "DL3019",
            "FROM a\nRUN apk add --no-cache --virtual .deps gcc \\\n && make\n",
        );
        assert_fixed(
            "FROM a\nRUN apk --update add curl\n",
            "DL3019",
            "FROM a\nRUN apk --update add --no-cache curl\n",
        );
    }
}
