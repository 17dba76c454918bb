use super::unpinned::check_unpinned;
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::Manager;

crate::declare_rule! {
    /// ## What it does
    /// Flags each package of `zypper install` / `zypper in` given without a
    /// version (`=`, `>=`, `<`, …). Local `.rpm` files and URLs are not
    /// reported.
    ///
    /// ## Why is this bad?
    /// Without a version the build installs whatever the repositories hold
    /// that day, so two builds of the same Dockerfile differ.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y httpd && zypper clean
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y httpd=2.4.58 && zypper clean
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3037](https://github.com/hadolint/hadolint/wiki/DL3037)
    pub struct ZypperUnpinned {
        code: "DL3037",
        name: "zypper-unpinned",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Specify version with `zypper install -y <package>=<version>`",
        url: "https://github.com/hadolint/hadolint/wiki/DL3037",
    }
}

impl DockerfileRule for ZypperUnpinned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        check_unpinned(
            checker,
            &Self::META,
            &[Manager::Zypper],
            &["install", "in"],
            "Specify version with `zypper install -y <package>=<version>`.",
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn each_unpinned_package_fires() {
        let text = "FROM a\nRUN zypper in -y vim=9.0 curl\n";
        let found = findings(text, "DL3037");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.slice(text), "curl");
        assert_eq!(
            codes("FROM a\nONBUILD RUN zypper install -y curl\n", "DL3037"),
            [2]
        );
        assert_eq!(
            codes("FROM a\nRUN <<EOF\nzypper in -y curl\nEOF\n", "DL3037"),
            [3]
        );
    }

    #[test]
    fn pinned_and_other_commands_pass() {
        for run in [
            "zypper install -y 'curl>=8'",
            "zypper in -y 'curl<9'",
            "zypper in -y ./x.rpm",
            "zypper rm -y curl",
            "zypper in -y $PKG",
        ] {
            assert!(
                codes(&format!("FROM a\nRUN {run}\n"), "DL3037").is_empty(),
                "{run}"
            );
        }
        assert!(codes(
            "FROM a\n# hadolint ignore=DL3037\nRUN zypper in -y x\n",
            "DL3037"
        )
        .is_empty());
    }
}
