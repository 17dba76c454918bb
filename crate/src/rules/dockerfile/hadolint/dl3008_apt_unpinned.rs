use super::runs::runs;
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::{Manager, PackageArg, PinStatus};

crate::declare_rule! {
    /// ## What it does
    /// Flags each package of an `apt-get install` given without a version
    /// (`curl` instead of `curl=7.88.1-10+deb12u8`).
    ///
    /// Accepted: `pkg=version` (globs such as `pkg=7.88*` included), a
    /// release (`pkg/bookworm-backports`, as hadolint does), local `.deb`
    /// files and URLs. A package word that is only a variable (`$PACKAGES`)
    /// cannot be judged and is not flagged (hadolint flags it).
    ///
    /// ## Why is this bad?
    /// Unpinned packages make the image depend on the day it was built: a
    /// rebuild silently picks up new versions, with new bugs or broken
    /// dependencies, and two builds of the same commit differ.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl \
    ///     && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \
    ///     && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3008](https://github.com/hadolint/hadolint/wiki/DL3008)
    /// - [Best practices: apt-get](https://docs.docker.com/build/building/best-practices/#apt-get)
    pub struct AptUnpinned {
        code: "DL3008",
        name: "apt-unpinned",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Pin versions in apt-get install",
        url: "https://github.com/hadolint/hadolint/wiki/DL3008",
    }
}

/// Unpinned, judged as hadolint does: a release (`pkg/suite`) counts as a
/// pin, and so does a version made of variables (`pkg=$VERSION`).
fn unpinned(package: &PackageArg) -> bool {
    if package.version.is_some() {
        return false;
    }
    package.pin_status() == PinStatus::Unpinned
}

impl DockerfileRule for AptUnpinned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for run in runs(checker) {
            for (script, command) in run.package_commands() {
                let install =
                    command.subcommand.as_ref().map(|s| s.text.as_str()) == Some("install");
                if command.manager != Manager::AptGet || !install {
                    continue;
                }
                for package in command.packages.iter().filter(|p| unpinned(p)) {
                    out.push(checker.diagnostic(
                        &Self::META,
                        script.source_range(package.range),
                        "Pin versions in apt get install. Instead of `apt-get install <package>` \
                         use `apt-get install <package>=<version>`",
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn each_unpinned_package_fires() {
        let text = "FROM debian:12\nRUN apt-get update && apt-get install -y \\\n    curl=7.88* \\\n    git \\\n    ca-certificates\n";
        let found = findings(text, "DL3008");
        let words: Vec<&str> = found.iter().map(|d| d.range.slice(text)).collect();
        assert_eq!(words, ["git", "ca-certificates"]);
        assert_eq!(found[0].line, 4);
        assert_eq!(
            codes("FROM a\nRUN sudo apt-get -y install vim\n", "DL3008"),
            [2]
        );
    }

    #[test]
    fn pinned_and_non_registry_packages_pass() {
        let pinned = [
            "curl=7.88.1-10",
            "curl=$CURL_VERSION",
            "vim/bookworm-backports",
            "./local.deb",
            "/tmp/pkg.deb",
            "https://example.com/x.deb",
        ];
        for package in pinned {
            let text = format!("FROM a\nRUN apt-get install -y {package}\n");
            assert!(codes(&text, "DL3008").is_empty(), "{package}");
        }
        // Unknown contents are not guessed at.
        assert!(codes("FROM a\nRUN apt-get install -y $PACKAGES\n", "DL3008").is_empty());
        // `-t` takes a value, which is not a package.
        assert!(codes(
            "FROM a\nRUN apt-get install -y -t bookworm-backports x=1\n",
            "DL3008"
        )
        .is_empty());
    }

    #[test]
    fn other_subcommands_and_tools_pass() {
        assert!(codes(
            "FROM a\nRUN apt-get update && apt-get upgrade -y\n",
            "DL3008"
        )
        .is_empty());
        assert!(codes("FROM a\nRUN apt-get remove -y curl\n", "DL3008").is_empty());
        assert!(codes("FROM a\nRUN apk add curl\n", "DL3008").is_empty());
        assert!(codes("FROM a\nRUN echo apt-get install curl\n", "DL3008").is_empty());
        assert!(codes(
            "FROM a\nRUN [\"apt-get\", \"install\", \"curl\"]\n",
            "DL3008"
        )
        .is_empty());
    }

    #[test]
    fn heredocs_onbuild_stages_and_pragmas() {
        let stages = "FROM a AS build\nRUN apt-get install -y curl\nFROM build\nRUN apt-get install -y curl\nFROM b\nRUN [\"true\"]\n";
        assert_eq!(codes(stages, "DL3008"), [2, 4], "every stage");
        assert_eq!(
            codes(
                "FROM a\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n",
                "DL3008"
            ),
            [4]
        );
        assert_eq!(
            codes("FROM a\nONBUILD RUN apt-get install -y curl\n", "DL3008"),
            [2]
        );
        assert!(codes(
            "FROM a\n# hadolint ignore=DL3008\nRUN apt-get install -y curl\n",
            "DL3008"
        )
        .is_empty());
        assert!(codes(
            "FROM a AS b\n# hadolint stage ignore=DL3008\nFROM c\nRUN apt-get install -y curl\n",
            "DL3008"
        )
        .is_empty());
    }
}
