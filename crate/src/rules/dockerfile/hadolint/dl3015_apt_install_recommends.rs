use super::runs::{editable, runs, source_offset, verb_range};
use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::{FlagKind, Manager};

crate::declare_rule! {
    /// ## What it does
    /// Flags `apt-get install` without `--no-install-recommends` (or
    /// `-o APT::Install-Recommends=false`).
    ///
    /// ## Why is this bad?
    /// By default apt also installs every package the requested ones merely
    /// *recommend*: documentation, optional tools, fonts. They often double
    /// the size of an install and widen the attack surface, for nothing the
    /// image needs.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Fix
    /// Adds `--no-install-recommends` after `install`.
    ///
    /// ## References
    /// - [hadolint DL3015](https://github.com/hadolint/hadolint/wiki/DL3015)
    /// - [Best practices: apt-get](https://docs.docker.com/build/building/best-practices/#apt-get)
    pub struct AptInstallRecommends {
        code: "DL3015",
        name: "apt-install-recommends",
        origin: Hadolint,
        target: Dockerfile,
        severity: Info,
        category: Size,
        summary: "Avoid additional packages with --no-install-recommends",
        url: "https://github.com/hadolint/hadolint/wiki/DL3015",
    }
}

impl DockerfileRule for AptInstallRecommends {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for run in runs(checker) {
            for (script, command) in run.package_commands() {
                let install =
                    command.subcommand.as_ref().map(|s| s.text.as_str()) == Some("install");
                if command.manager != Manager::AptGet
                    || !install
                    || command.has(FlagKind::NoInstallRecommends)
                {
                    continue;
                }
                let mut diagnostic = checker.diagnostic(
                    &Self::META,
                    verb_range(script, &command),
                    "Avoid additional packages by specifying `--no-install-recommends`",
                );
                let shell_command = script.script.command(command.command);
                if shell_command.is_some_and(editable) {
                    let at = source_offset(script, command.insertion_point());
                    diagnostic = diagnostic.with_fix(Fix::new(
                        "Add `--no-install-recommends`",
                        vec![TextEdit::insert(at, " --no-install-recommends")],
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
    fn install_with_recommends_fires() {
        let text = "FROM a\nRUN apt-get update && apt-get -y install curl\n";
        let found = findings(text, "DL3015");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.slice(text), "apt-get -y install");
        assert_eq!(
            codes("FROM a\nRUN sudo apt-get install -y a\n", "DL3015"),
            [2]
        );
    }

    #[test]
    fn recommends_turned_off_passes() {
        for flags in [
            "--no-install-recommends",
            "-o APT::Install-Recommends=false",
            "-oAPT::Install-Recommends=0",
        ] {
            let text = format!("FROM a\nRUN apt-get install -y {flags} curl\n");
            assert!(codes(&text, "DL3015").is_empty(), "{flags}");
        }
        assert!(codes(
            "FROM a\nRUN apt-get update && apt-get upgrade -y\n",
            "DL3015"
        )
        .is_empty());
        assert!(codes("FROM a\nRUN apk add curl\n", "DL3015").is_empty());
    }

    #[test]
    fn heredocs_onbuild_stages_and_pragmas() {
        let stages = "FROM a AS build\nRUN apt-get install -y curl\nFROM build\nRUN apt-get install -y curl\nFROM b\nRUN [\"true\"]\n";
        assert_eq!(codes(stages, "DL3015"), [2, 4], "every stage");
        assert_eq!(
            codes(
                "FROM a\nRUN <<EOF\napt-get install -y curl\nEOF\n",
                "DL3015"
            ),
            [3]
        );
        assert_eq!(
            codes("FROM a\nONBUILD RUN apt-get install -y curl\n", "DL3015"),
            [2]
        );
        assert!(codes(
            "FROM a\n# hadolint ignore=DL3015\nRUN apt-get install -y curl\n",
            "DL3015"
        )
        .is_empty());
    }

    #[test]
    fn fix_adds_the_flag_after_install() {
        assert_fixed(
            "FROM a\nRUN apt-get update \\\n && apt-get install -y \\\n      curl \\\n && rm -rf /var/lib/apt/lists/*\n",
            "DL3015",
            "FROM a\nRUN apt-get update \\\n && apt-get install --no-install-recommends -y \\\n      curl \\\n && rm -rf /var/lib/apt/lists/*\n",
        );
    }
}
