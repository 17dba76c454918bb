use super::assume_yes::verb_range;
use super::shell_runs::run_sites;
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::Manager;

crate::declare_rule! {
    /// ## What it does
    /// Flags `zypper dist-upgrade` (`zypper dup`) in RUN.
    ///
    /// ## Why is this bad?
    /// A distribution upgrade inside a build moves the image to whatever the
    /// repositories hold that day: the build stops being reproducible and
    /// may jump release. Pick a newer base image instead, or ask its
    /// maintainers to rebuild it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.5
    /// RUN zypper -n dist-upgrade
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3035](https://github.com/hadolint/hadolint/wiki/DL3035)
    pub struct ZypperDistUpgrade {
        code: "DL3035",
        name: "zypper-dist-upgrade",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Maintainability,
        summary: "Do not use `zypper dist-upgrade`",
        url: "https://github.com/hadolint/hadolint/wiki/DL3035",
    }
}

impl DockerfileRule for ZypperDistUpgrade {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for site in run_sites(checker) {
            for (script, package) in site.package_commands() {
                let dist_upgrade = package
                    .subcommand
                    .as_ref()
                    .is_some_and(|s| matches!(s.text.as_str(), "dist-upgrade" | "dup"));
                if package.manager == Manager::Zypper && dist_upgrade {
                    out.push(checker.diagnostic(
                        &Self::META,
                        verb_range(script, &package),
                        "Do not use `zypper dist-upgrade`.",
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::codes;

    #[test]
    fn fires_on_dist_upgrade_only() {
        assert_eq!(codes("FROM a\nRUN zypper -n dist-upgrade\n", "DL3035"), [2]);
        assert_eq!(codes("FROM a\nRUN zypper dup -y\n", "DL3035"), [2]);
        assert_eq!(codes("FROM a\nONBUILD RUN zypper dup\n", "DL3035"), [2]);
        assert_eq!(codes("FROM a\nRUN <<EOF\nzypper dup\nEOF\n", "DL3035"), [3]);
        assert!(codes("FROM a\nRUN zypper -n update\n", "DL3035").is_empty());
        assert!(codes("FROM a\nRUN echo zypper dup\n", "DL3035").is_empty());
        assert!(codes(
            "FROM a\n# hadolint ignore=DL3035\nRUN zypper dup\n",
            "DL3035"
        )
        .is_empty());
    }
}
