use super::runs::{editable, runs, source_offset, verb_range};
use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::{FlagKind, Manager};

crate::declare_rule! {
    /// ## What it does
    /// Flags `apt-get install` without `-y` (or `--yes`, `--assume-yes`,
    /// `-qq`, `-o APT::Get::Assume-Yes=true`).
    ///
    /// A single `-q` does not count, although hadolint accepts it: only quiet
    /// level 2 (`-qq`) implies `-y`, and `apt-get -q install x` still stops at
    /// the confirmation prompt.
    ///
    /// ## Why is this bad?
    /// A build has no terminal to answer "Do you want to continue? [Y/n]":
    /// apt-get reads end-of-file, answers no and the build fails as soon as
    /// an install needs more than the packages named.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Fix
    /// Adds `-y` after `install`.
    ///
    /// ## References
    /// - [hadolint DL3014](https://github.com/hadolint/hadolint/wiki/DL3014)
    /// - [Best practices: apt-get](https://docs.docker.com/build/building/best-practices/#apt-get)
    pub struct AptMissingYes {
        code: "DL3014",
        name: "apt-missing-yes",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Use the -y switch with apt-get install",
        url: "https://github.com/hadolint/hadolint/wiki/DL3014",
    }
}

impl DockerfileRule for AptMissingYes {
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
                    || command.has(FlagKind::AssumeYes)
                {
                    continue;
                }
                let mut diagnostic = checker.diagnostic(
                    &Self::META,
                    verb_range(script, &command),
                    "Use the `-y` switch to avoid manual input `apt-get -y install <package>`",
                );
                let shell_command = script.script.command(command.command);
                if shell_command.is_some_and(editable) {
                    let at = source_offset(script, command.insertion_point());
                    diagnostic = diagnostic
                        .with_fix(Fix::new("Add `-y`", vec![TextEdit::insert(at, " -y")]));
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
    fn install_without_yes_fires() {
        let text = "FROM a\nRUN apt-get update && apt-get install curl\n";
        let found = findings(text, "DL3014");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.slice(text), "apt-get install");
        // Quiet level 1 does not answer the prompt (hadolint accepts it).
        assert_eq!(
            codes("FROM a\nRUN apt-get -q install curl\n", "DL3014"),
            [2]
        );
    }

    #[test]
    fn yes_in_any_spelling_passes() {
        for flags in [
            "-y",
            "--yes",
            "--assume-yes",
            "-qy",
            "-qq",
            "-q=2",
            "-o APT::Get::Assume-Yes=true",
        ] {
            let text = format!("FROM a\nRUN apt-get install {flags} curl\n");
            assert!(codes(&text, "DL3014").is_empty(), "{flags}");
        }
        assert!(codes("FROM a\nRUN apt-get -y install curl\n", "DL3014").is_empty());
        assert!(codes("FROM a\nRUN apt-get update\n", "DL3014").is_empty());
        assert!(
            codes("FROM a\nRUN apt install curl\n", "DL3014").is_empty(),
            "that is DL3027"
        );
    }

    #[test]
    fn heredocs_onbuild_stages_and_pragmas() {
        let stages = "FROM a AS build\nRUN apt-get install curl\nFROM build\nRUN apt-get install curl\nFROM b\nRUN [\"true\"]\n";
        assert_eq!(codes(stages, "DL3014"), [2, 4], "every stage");
        assert_eq!(
            codes("FROM a\nRUN <<EOF\napt-get install curl\nEOF\n", "DL3014"),
            [3]
        );
        assert_eq!(
            codes("FROM a\nONBUILD RUN apt-get install curl\n", "DL3014"),
            [2]
        );
        assert!(codes(
            "FROM a\n# hadolint ignore=DL3014\nRUN apt-get install curl\n",
            "DL3014"
        )
        .is_empty());
    }

    #[test]
    fn fix_adds_yes_after_install() {
        assert_fixed(
            "FROM a\nRUN apt-get update && \\\n    apt-get install --no-install-recommends curl\n",
            "DL3014",
            "FROM a\nRUN apt-get update && \\\n    apt-get install -y --no-install-recommends curl\n",
        );
        assert_fixed(
            "FROM a\nRUN <<EOF\nsudo apt-get install curl\nEOF\n",
            "DL3014",
            "FROM a\nRUN <<EOF\nsudo apt-get install -y curl\nEOF\n",
        );
        let found = findings("FROM a\nRUN sh -c 'apt-get install curl'\n", "DL3014");
        assert!(
            found[0].fixes.is_empty(),
            "no edits inside nested shell strings"
        );
    }
}
