use super::runs::{editable, runs};
use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::OptionSpec;

crate::declare_rule! {
    /// ## What it does
    /// Flags the `apt` command in `RUN` (also behind `sudo`/`env`, and in
    /// heredoc bodies run by a shell).
    ///
    /// ## Why is this bad?
    /// `apt` is the interactive front end: its output and behaviour may
    /// change between releases, and it warns "apt does not have a stable CLI
    /// interface. Use with caution in scripts." `apt-get` and `apt-cache`
    /// are the stable interfaces meant for scripts and builds.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM ubuntu:24.04
    /// RUN apt update && apt install -y curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM ubuntu:24.04
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Fix
    /// Replaces `apt` with `apt-get` (`install`, `update`, `upgrade`,
    /// `remove`, …) or `apt-cache` (`search`, `show`, `policy`, …) when the
    /// subcommand exists there under the same name; `apt list` or
    /// `apt full-upgrade` have no same-named equivalent and are left alone.
    ///
    /// ## References
    /// - [hadolint DL3027](https://github.com/hadolint/hadolint/wiki/DL3027)
    /// - [Best practices: apt-get](https://docs.docker.com/build/building/best-practices/#apt-get)
    pub struct AptInsteadOfAptGet {
        code: "DL3027",
        name: "apt-instead-of-apt-get",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Maintainability,
        summary: "Do not use apt in scripts; use apt-get or apt-cache",
        url: "https://github.com/hadolint/hadolint/wiki/DL3027",
    }
}

const APT_GET: &[&str] = &[
    "install",
    "reinstall",
    "remove",
    "purge",
    "update",
    "upgrade",
    "dist-upgrade",
    "autoremove",
    "autopurge",
    "clean",
    "autoclean",
    "source",
    "build-dep",
    "download",
    "satisfy",
    "changelog",
];

const APT_CACHE: &[&str] = &["search", "show", "showsrc", "policy", "depends", "rdepends"];

/// The tool that has the same subcommand.
fn replacement(subcommand: &str) -> Option<&'static str> {
    if APT_GET.contains(&subcommand) {
        Some("apt-get")
    } else if APT_CACHE.contains(&subcommand) {
        Some("apt-cache")
    } else {
        None
    }
}

impl DockerfileRule for AptInsteadOfAptGet {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for run in runs(checker) {
            for (script, command) in run.commands() {
                let invocation = command.effective_command();
                let Some(word) = invocation.name_word() else {
                    continue;
                };
                if word.dynamic || invocation.name() != Some("apt") {
                    continue;
                }
                let range = script.source_range(word.range);
                let mut diagnostic = checker.diagnostic(
                    &Self::META,
                    range,
                    "Do not use apt as it is meant to be a end-user tool, use apt-get or \
                     apt-cache instead",
                );
                let parsed = invocation.options(&OptionSpec::new("oct", &[]));
                let tool = parsed
                    .operands
                    .first()
                    .and_then(|w| w.literal())
                    .and_then(replacement);
                // Only a word written exactly `apt` or `/path/apt` is rewritten.
                let written = range.slice(checker.text);
                if let (Some(tool), true) = (tool, written == word.value && editable(command)) {
                    let prefix = &written[..written.len() - "apt".len()];
                    diagnostic = diagnostic.with_fix(Fix::new(
                        format!("Use `{tool}`"),
                        vec![TextEdit::replace(range, format!("{prefix}{tool}"))],
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
    fn apt_fires_at_the_command_word() {
        let text = "FROM a\nRUN apt update && apt install -y curl\n";
        let found = findings(text, "DL3027");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].range.slice(text), "apt");
        assert_eq!(
            codes("FROM a\nRUN sudo apt list --installed\n", "DL3027"),
            [2]
        );
    }

    #[test]
    fn apt_get_apt_cache_and_arguments_pass() {
        assert!(codes(
            "FROM a\nRUN apt-get update && apt-cache policy x\n",
            "DL3027"
        )
        .is_empty());
        assert!(codes("FROM a\nRUN echo apt\n", "DL3027").is_empty());
        assert!(codes("FROM a\nRUN [\"apt\", \"update\"]\n", "DL3027").is_empty());
    }

    #[test]
    fn heredocs_onbuild_stages_and_pragmas() {
        let stages =
            "FROM a AS build\nRUN apt update\nFROM build\nRUN apt update\nFROM b\nRUN [\"true\"]\n";
        assert_eq!(codes(stages, "DL3027"), [2, 4], "every stage");
        assert_eq!(codes("FROM a\nRUN <<EOF\napt update\nEOF\n", "DL3027"), [3]);
        assert_eq!(codes("FROM a\nONBUILD RUN apt update\n", "DL3027"), [2]);
        assert!(codes(
            "FROM a\n# hadolint ignore=DL3027\nRUN apt update\n",
            "DL3027"
        )
        .is_empty());
    }

    #[test]
    fn fix_picks_the_tool_with_the_same_subcommand() {
        assert_fixed(
            "FROM a\nRUN apt -y install curl\n",
            "DL3027",
            "FROM a\nRUN apt-get -y install curl\n",
        );
        assert_fixed(
            "FROM a\nRUN /usr/bin/apt search curl\n",
            "DL3027",
            "FROM a\nRUN /usr/bin/apt-cache search curl\n",
        );
        for text in [
            "FROM a\nRUN apt list --installed\n",
            "FROM a\nRUN apt full-upgrade -y\n",
            "FROM a\nRUN sh -c 'apt update'\n",
        ] {
            let found = findings(text, "DL3027");
            assert_eq!(found.len(), 1, "{text}");
            assert!(found[0].fixes.is_empty(), "{text}");
        }
    }
}
