use super::assume_yes::check_assume_yes;
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::Manager;

crate::declare_rule! {
    /// ## What it does
    /// Flags `dnf install` and `microdnf install` (also `dnf5`, `tdnf`, and
    /// `dnf group`/`module install`) without `-y` / `--assumeyes`.
    ///
    /// ## Why is this bad?
    /// dnf asks "Is this ok [y/N]" before installing; with nobody to answer
    /// in a build it reads end of input, aborts, and the step fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## Fix
    /// Adds `-y` after the subcommand.
    ///
    /// ## References
    /// - [hadolint DL3038](https://github.com/hadolint/hadolint/wiki/DL3038)
    /// - [dnf(8)](https://dnf.readthedocs.io/en/latest/command_ref.html)
    pub struct DnfMissingYes {
        code: "DL3038",
        name: "dnf-missing-yes",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Use the -y switch to avoid manual input `dnf install -y <package>`",
        url: "https://github.com/hadolint/hadolint/wiki/DL3038",
    }
}

impl DockerfileRule for DnfMissingYes {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        check_assume_yes(
            checker,
            &Self::META,
            |p| matches!(p.manager, Manager::Dnf | Manager::Microdnf),
            &["install", "groupinstall", "localinstall", "reinstall"],
            "Use the -y switch to avoid manual input `dnf install -y <package`",
            "-y",
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{assert_fixed, codes, findings};

    #[test]
    fn fires_on_dnf_and_microdnf_install() {
        let text = "FROM fedora\nRUN dnf install httpd\n";
        assert_eq!(findings(text, "DL3038")[0].range.slice(text), "dnf install");
        assert_eq!(codes("FROM a\nRUN microdnf install x\n", "DL3038"), [2]);
        assert_eq!(
            codes("FROM a\nRUN dnf group install 'Dev Tools'\n", "DL3038"),
            [2]
        );
        assert_eq!(codes("FROM a\nONBUILD RUN dnf install x\n", "DL3038"), [2]);
        assert_eq!(
            codes("FROM a\nRUN <<EOF\ndnf install x\nEOF\n", "DL3038"),
            [3]
        );
    }

    #[test]
    fn quiet_with_yes_or_other_commands() {
        for run in [
            "dnf install -y x",
            "dnf -y install x",
            "microdnf --assumeyes install x",
            "dnf upgrade --refresh",
            "yum install x",
            "dnf clean all",
        ] {
            assert!(
                codes(&format!("FROM a\nRUN {run}\n"), "DL3038").is_empty(),
                "{run}"
            );
        }
        assert!(codes(
            "FROM a\n# hadolint ignore=DL3038\nRUN dnf install x\n",
            "DL3038"
        )
        .is_empty());
    }

    #[test]
    fn fix_adds_yes() {
        assert_fixed(
            "FROM a\nRUN dnf install httpd\n",
            "DL3038",
            "FROM a\nRUN dnf install -y httpd\n",
        );
    }
}
