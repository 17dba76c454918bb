use super::unpinned::check_unpinned;
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::Manager;

crate::declare_rule! {
    /// ## What it does
    /// Flags each package of `yum install` given without a version
    /// (`httpd` instead of `httpd-2.4.6`), and each module of `yum module
    /// install` without a stream (`nodejs` instead of `nodejs:18`).
    ///
    /// hadolint takes any `-` in the word as a version, so it accepts
    /// `java-11-openjdk` or `python3-pip`; Layerlab only counts a trailing
    /// `-` segment that starts with a digit (`httpd-2.4.6`,
    /// `java-11-openjdk-11.0.20`) or an operator (`pkg >= 1.2`), so those
    /// names are reported. Local `.rpm` files, URLs and `@groups` are never
    /// reported.
    ///
    /// ## Why is this bad?
    /// Without a version the build installs whatever the repositories hold
    /// that day: two builds of the same Dockerfile differ, and an upgrade
    /// arrives unannounced.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd && yum clean all
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3033](https://github.com/hadolint/hadolint/wiki/DL3033)
    pub struct YumUnpinned {
        code: "DL3033",
        name: "yum-unpinned",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Specify version with `yum install -y <package>-<version>`",
        url: "https://github.com/hadolint/hadolint/wiki/DL3033",
    }
}

impl DockerfileRule for YumUnpinned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        check_unpinned(
            checker,
            &Self::META,
            &[Manager::Yum],
            &["install"],
            "Specify version with `yum install -y <package>-<version>`.",
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn each_unpinned_package_fires() {
        let text =
            "FROM centos:7\nRUN yum install -y \\\n  httpd-2.4.6 \\\n  python3-pip \\\n  git\n";
        let found = findings(text, "DL3033");
        let words: Vec<&str> = found.iter().map(|d| d.range.slice(text)).collect();
        assert_eq!(words, ["python3-pip", "git"]);
        assert_eq!(found[1].line, 5);
        assert_eq!(
            codes("FROM a\nRUN yum module install -y nodejs\n", "DL3033"),
            [2]
        );
        assert_eq!(
            codes("FROM a\nONBUILD RUN yum install -y git\n", "DL3033"),
            [2]
        );
        assert_eq!(
            codes("FROM a\nRUN <<EOF\nyum install -y git\nEOF\n", "DL3033"),
            [3]
        );
    }

    #[test]
    fn pinned_and_non_registry_packages_pass() {
        for run in [
            "yum install -y httpd-2.4.6-97.el7",
            "yum install -y java-1.8.0-openjdk-1.8.0.292",
            "yum install -y ./local.rpm",
            "yum install -y https://example.com/x.rpm",
            "yum module install -y nodejs:18",
            "yum groupinstall -y 'Development Tools'",
            "yum install -y $PACKAGES",
            "yum remove -y git",
            "dnf install -y git",
        ] {
            assert!(
                codes(&format!("FROM a\nRUN {run}\n"), "DL3033").is_empty(),
                "{run}"
            );
        }
        assert!(codes(
            "FROM a\n# hadolint ignore=DL3033\nRUN yum install -y git\n",
            "DL3033"
        )
        .is_empty());
    }
}
