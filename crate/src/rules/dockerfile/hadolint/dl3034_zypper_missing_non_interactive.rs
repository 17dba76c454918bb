use super::assume_yes::check_assume_yes;
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::Manager;

crate::declare_rule! {
    /// ## What it does
    /// Flags `zypper install`/`in`, `remove`/`rm`, `source-install`/`si` and
    /// `patch` without `-n`/`--non-interactive` (before the subcommand) or
    /// `-y`/`--no-confirm` (after it).
    ///
    /// ## Why is this bad?
    /// zypper asks for confirmation before changing the system; a build has
    /// nobody to answer, so the step fails or hangs.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install httpd=2.4.58 && zypper clean
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y httpd=2.4.58 && zypper clean
    /// ```
    ///
    /// ## Fix
    /// Adds `-y` after the subcommand.
    ///
    /// ## References
    /// - [hadolint DL3034](https://github.com/hadolint/hadolint/wiki/DL3034)
    /// - [zypper(8)](https://en.opensuse.org/SDB:Zypper_manual)
    pub struct ZypperMissingNonInteractive {
        code: "DL3034",
        name: "zypper-missing-non-interactive",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Non-interactive switch missing from `zypper` command",
        url: "https://github.com/hadolint/hadolint/wiki/DL3034",
    }
}

impl DockerfileRule for ZypperMissingNonInteractive {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        check_assume_yes(
            checker,
            &Self::META,
            |p| p.manager == Manager::Zypper,
            &[
                "install",
                "in",
                "remove",
                "rm",
                "source-install",
                "si",
                "patch",
            ],
            "Non-interactive switch missing from `zypper` command: `zypper install -y`",
            "-y",
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{assert_fixed, codes, findings};

    #[test]
    fn fires_without_a_non_interactive_switch() {
        let text = "FROM opensuse/leap\nRUN zypper in vim\n";
        assert_eq!(findings(text, "DL3034")[0].range.slice(text), "zypper in");
        for run in [
            "zypper remove vim",
            "zypper si vim",
            "zypper patch",
            "zypper --quiet rm x",
        ] {
            assert_eq!(
                codes(&format!("FROM a\nRUN {run}\n"), "DL3034"),
                [2],
                "{run}"
            );
        }
        assert_eq!(
            codes("FROM a\nONBUILD RUN zypper install x\n", "DL3034"),
            [2]
        );
        assert_eq!(
            codes("FROM a\nRUN <<EOF\nzypper install x\nEOF\n", "DL3034"),
            [3]
        );
    }

    #[test]
    fn quiet_when_non_interactive() {
        for run in [
            "zypper -n install x",
            "zypper --non-interactive in x",
            "zypper install -y x",
            "zypper in --no-confirm x",
            "zypper refresh",
            "zypper clean",
        ] {
            assert!(
                codes(&format!("FROM a\nRUN {run}\n"), "DL3034").is_empty(),
                "{run}"
            );
        }
        assert!(codes(
            "FROM a\n# hadolint ignore=DL3034\nRUN zypper in x\n",
            "DL3034"
        )
        .is_empty());
    }

    #[test]
    fn fix_adds_yes() {
        assert_fixed(
            "FROM a\nRUN zypper install vim\n",
            "DL3034",
            "FROM a\nRUN zypper install -y vim\n",
        );
    }
}
