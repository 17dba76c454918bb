use super::clean_missing::{check_clean_missing, CleanRule};
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::{CacheKind, Manager};

crate::declare_rule! {
    /// ## What it does
    /// Flags a RUN that installs with `dnf` or `microdnf` (also `dnf5`,
    /// `tdnf`) and does not run `dnf clean all` / `microdnf clean all` (or
    /// remove `/var/cache/dnf` or `/var/cache/yum`, which microdnf uses)
    /// after the install, in the same RUN. A cache or tmpfs mount on those
    /// directories also keeps the cache out of the layer.
    ///
    /// ## Why is this bad?
    /// dnf keeps repository metadata (often 100 MB and more) in its cache;
    /// left there it ships in the layer, and a later RUN cannot remove it
    /// from the earlier layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd-2.4.62
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## Fix
    /// Appends `&& dnf clean all` (`microdnf clean all` for microdnf) after
    /// the last install.
    ///
    /// ## References
    /// - [hadolint DL3040](https://github.com/hadolint/hadolint/wiki/DL3040)
    /// - [Cache mounts](https://docs.docker.com/build/cache/optimize/#use-cache-mounts)
    pub struct DnfCleanMissing {
        code: "DL3040",
        name: "dnf-clean-missing",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Size,
        summary: "`dnf clean all` missing after dnf command",
        url: "https://github.com/hadolint/hadolint/wiki/DL3040",
    }
}

impl DockerfileRule for DnfCleanMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        check_clean_missing(
            checker,
            &CleanRule {
                meta: &Self::META,
                managers: &[Manager::Dnf, Manager::Microdnf],
                cleans: &[CacheKind::DnfCache, CacheKind::YumCache],
                message: "`dnf clean all` missing after dnf command.",
                clean_command: "{} clean all",
            },
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{assert_fixed, codes};

    #[test]
    fn fires_without_clean() {
        assert_eq!(codes("FROM a\nRUN dnf install -y x-1\n", "DL3040"), [2]);
        assert_eq!(
            codes("FROM a\nRUN microdnf install -y x-1\n", "DL3040"),
            [2]
        );
        assert_eq!(
            codes("FROM a\nONBUILD RUN dnf install -y x-1\n", "DL3040"),
            [2]
        );
        assert_eq!(
            codes("FROM a\nRUN <<EOF\ndnf install -y x\nEOF\n", "DL3040"),
            [3]
        );
        assert_eq!(
            codes(
                "FROM a\nRUN dnf install -y x && dnf clean packages\n",
                "DL3040"
            ),
            [2]
        );
    }

    #[test]
    fn quiet_when_cleaned() {
        for text in [
            "FROM a\nRUN dnf install -y x && dnf clean all\n",
            "FROM a\nRUN microdnf install -y x && microdnf clean all\n",
            "FROM a\nRUN microdnf install -y x && rm -rf /var/cache/yum\n",
            "FROM a\nRUN dnf install -y x && rm -rf /var/cache/dnf/*\n",
            "FROM a\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y x\n",
            "FROM a\nRUN dnf upgrade -y\n",
            "FROM a\n# hadolint ignore=DL3040\nRUN dnf install -y x\n",
        ] {
            assert!(codes(text, "DL3040").is_empty(), "{text}");
        }
    }

    #[test]
    fn fix_appends_the_managers_clean() {
        assert_fixed(
            "FROM a\nRUN dnf install -y x\n",
            "DL3040",
            "FROM a\nRUN dnf install -y x && dnf clean all\n",
        );
        assert_fixed(
            "FROM a\nRUN microdnf install -y x\n",
            "DL3040",
            "FROM a\nRUN microdnf install -y x && microdnf clean all\n",
        );
    }
}
