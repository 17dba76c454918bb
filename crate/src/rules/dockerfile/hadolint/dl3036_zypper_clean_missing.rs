use super::clean_missing::{check_clean_missing, CleanRule};
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::{CacheKind, Manager};

crate::declare_rule! {
    /// ## What it does
    /// Flags a RUN that installs with `zypper` and does not run `zypper
    /// clean` (`zypper cc`, or `rm -rf /var/cache/zypp`) after it, in the
    /// same RUN. A cache or tmpfs mount on `/var/cache/zypp` also keeps the
    /// cache out of the layer.
    ///
    /// ## Why is this bad?
    /// zypper keeps repository metadata and packages in `/var/cache/zypp`;
    /// left there, they ship in the image. A later RUN cannot take them back
    /// out of the earlier layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y httpd=2.4.58
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y httpd=2.4.58 && zypper clean
    /// ```
    ///
    /// ## Fix
    /// Appends `&& zypper clean` after the last install.
    ///
    /// ## References
    /// - [hadolint DL3036](https://github.com/hadolint/hadolint/wiki/DL3036)
    /// - [Cache mounts](https://docs.docker.com/build/cache/optimize/#use-cache-mounts)
    pub struct ZypperCleanMissing {
        code: "DL3036",
        name: "zypper-clean-missing",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Size,
        summary: "`zypper clean` missing after zypper use",
        url: "https://github.com/hadolint/hadolint/wiki/DL3036",
    }
}

impl DockerfileRule for ZypperCleanMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        check_clean_missing(
            checker,
            &CleanRule {
                meta: &Self::META,
                managers: &[Manager::Zypper],
                cleans: &[CacheKind::ZypperCache],
                message: "`zypper clean` missing after zypper use.",
                clean_command: "zypper clean",
            },
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{assert_fixed, codes};

    #[test]
    fn fires_without_clean_after_install() {
        assert_eq!(codes("FROM a\nRUN zypper install -y x=1\n", "DL3036"), [2]);
        assert_eq!(
            codes("FROM a\nRUN zypper cc && zypper in -y x=1\n", "DL3036"),
            [2]
        );
        assert_eq!(
            codes("FROM a\nONBUILD RUN zypper in -y x=1\n", "DL3036"),
            [2]
        );
        assert_eq!(
            codes("FROM a\nRUN <<EOF\nzypper in -y x\nEOF\n", "DL3036"),
            [3]
        );
    }

    #[test]
    fn quiet_when_cleaned() {
        for text in [
            "FROM a\nRUN zypper install -y x=1 && zypper clean\n",
            "FROM a\nRUN zypper in -y x=1 && zypper cc -a\n",
            "FROM a\nRUN zypper in -y x=1 && rm -rf /var/cache/zypp/*\n",
            "FROM a\nRUN --mount=type=cache,target=/var/cache/zypp zypper in -y x=1\n",
            "FROM a\nRUN zypper refresh\n",
            "FROM a\n# hadolint ignore=DL3036\nRUN zypper in -y x\n",
        ] {
            assert!(codes(text, "DL3036").is_empty(), "{text}");
        }
    }

    #[test]
    fn fix_appends_zypper_clean() {
        assert_fixed(
            "FROM a\nRUN zypper in -y x=1\n",
            "DL3036",
            "FROM a\nRUN zypper in -y x=1 && zypper clean\n",
        );
    }
}
