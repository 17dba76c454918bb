use super::unpinned::check_unpinned;
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::Manager;

crate::declare_rule! {
    /// ## What it does
    /// Flags each package of `dnf install` / `microdnf install` (also
    /// `dnf5`, `tdnf`) given without a version, and each module of `dnf
    /// module install` without a stream.
    ///
    /// As with DL3033, Layerlab reads the version as a trailing `-` segment
    /// that starts with a digit, where hadolint accepts any `-`: `dnf
    /// install python3-pip` is reported here and not by hadolint.
    ///
    /// ## Why is this bad?
    /// Without a version the build installs whatever the repositories hold
    /// that day, so two builds of the same Dockerfile differ.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd && dnf clean all
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3041](https://github.com/hadolint/hadolint/wiki/DL3041)
    pub struct DnfUnpinned {
        code: "DL3041",
        name: "dnf-unpinned",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Specify version with `dnf install -y <package>-<version>`",
        url: "https://github.com/hadolint/hadolint/wiki/DL3041",
    }
}

impl DockerfileRule for DnfUnpinned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        check_unpinned(
            checker,
            &Self::META,
            &[Manager::Dnf, Manager::Microdnf],
            &["install"],
            "Specify version with `dnf install -y <package>-<version>`.",
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn each_unpinned_package_fires() {
        let text = "FROM a\nRUN dnf install -y httpd-2.4.62 python3-pip\n";
        let found = findings(text, "DL3041");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.slice(text), "python3-pip");
        assert_eq!(
            codes("FROM a\nRUN microdnf install -y git\n", "DL3041"),
            [2]
        );
        assert_eq!(
            codes("FROM a\nRUN dnf module install -y nodejs\n", "DL3041"),
            [2]
        );
        assert_eq!(
            codes("FROM a\nONBUILD RUN dnf install -y git\n", "DL3041"),
            [2]
        );
        assert_eq!(
            codes("FROM a\nRUN <<EOF\ndnf install -y git\nEOF\n", "DL3041"),
            [3]
        );
    }

    #[test]
    fn pinned_and_other_commands_pass() {
        for run in [
            "dnf install -y git-2.45.1",
            "dnf module install -y nodejs:20",
            "dnf install -y ./x.rpm",
            "dnf group install -y 'Development Tools'",
            "dnf remove -y git",
            "yum install -y git",
        ] {
            assert!(
                codes(&format!("FROM a\nRUN {run}\n"), "DL3041").is_empty(),
                "{run}"
            );
        }
        assert!(codes(
            "FROM a\n# hadolint ignore=DL3041\nRUN dnf install -y git\n",
            "DL3041"
        )
        .is_empty());
    }
}
