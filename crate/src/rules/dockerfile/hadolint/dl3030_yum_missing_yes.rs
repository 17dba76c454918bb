use super::assume_yes::check_assume_yes;
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::Manager;

crate::declare_rule! {
    /// ## What it does
    /// Flags `yum install` (also `groupinstall`, `localinstall`, `reinstall`)
    /// without `-y` / `--assumeyes`.
    ///
    /// ## Why is this bad?
    /// A build has no terminal to answer yum's "Is this ok [y/N]" prompt:
    /// without `-y` yum reads end of input, answers no, and the step fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## Fix
    /// Adds `-y` after the subcommand.
    ///
    /// ## References
    /// - [hadolint DL3030](https://github.com/hadolint/hadolint/wiki/DL3030)
    /// - [yum(8)](https://man7.org/linux/man-pages/man8/yum.8.html)
    pub struct YumMissingYes {
        code: "DL3030",
        name: "yum-missing-yes",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Use the -y switch to avoid manual input `yum install -y <package>`",
        url: "https://github.com/hadolint/hadolint/wiki/DL3030",
    }
}

impl DockerfileRule for YumMissingYes {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        check_assume_yes(
            checker,
            &Self::META,
            |p| p.manager == Manager::Yum,
            &["install", "groupinstall", "localinstall", "reinstall"],
            "Use the -y switch to avoid manual input `yum install -y <package`",
            "-y",
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{assert_fixed, codes, findings};

    #[test]
    fn fires_on_yum_install_without_yes() {
        let text = "FROM centos:7\nRUN yum install httpd && yum clean all\n";
        let found = findings(text, "DL3030");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.slice(text), "yum install");
        assert_eq!(
            codes("FROM a\nRUN sudo yum groupinstall 'Dev Tools'\n", "DL3030"),
            [2]
        );
        assert_eq!(codes("FROM a\nONBUILD RUN yum install x\n", "DL3030"), [2]);
        assert_eq!(
            codes("FROM a\nRUN <<EOF\nyum install x\nEOF\n", "DL3030"),
            [3]
        );
    }

    #[test]
    fn quiet_when_answered_or_not_installing() {
        for run in [
            "yum install -y x",
            "yum -y install x",
            "yum install --assumeyes x",
            "yum install -qy x",
            "yum remove x",
            "dnf install x",
            "echo yum install x",
        ] {
            assert!(
                codes(&format!("FROM a\nRUN {run}\n"), "DL3030").is_empty(),
                "{run}"
            );
        }
        assert!(codes(
            "FROM a\n# hadolint ignore=DL3030\nRUN yum install x\n",
            "DL3030"
        )
        .is_empty());
    }

    #[test]
    fn fix_adds_yes() {
        assert_fixed(
            "FROM a\nRUN yum install httpd\n",
            "DL3030",
            "FROM a\nRUN yum install -y httpd\n",
        );
    }
}
