use super::clean_missing::{check_clean_missing, CleanRule};
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::{CacheKind, Manager};

crate::declare_rule! {
    /// ## What it does
    /// Flags a RUN that installs with `yum` and does not run `yum clean all`
    /// (or `rm -rf /var/cache/yum`) after the install, in the same RUN.
    ///
    /// Layerlab also accepts a `--mount=type=cache` or `type=tmpfs` on
    /// `/var/cache/yum` (the cache then never reaches the layer), and wants
    /// the clean-up *after* the last install: one before it removes nothing.
    ///
    /// ## Why is this bad?
    /// yum keeps repository metadata and downloaded packages in
    /// `/var/cache/yum`. Left there they ship in the layer, adding tens of
    /// megabytes that the running container never uses. Cleaning in a later
    /// RUN does not help: the earlier layer still holds the files.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## Fix
    /// Appends `&& yum clean all` after the last install.
    ///
    /// ## References
    /// - [hadolint DL3032](https://github.com/hadolint/hadolint/wiki/DL3032)
    /// - [Cache mounts](https://docs.docker.com/build/cache/optimize/#use-cache-mounts)
    pub struct YumCleanMissing {
        code: "DL3032",
        name: "yum-clean-missing",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Size,
        summary: "`yum clean all` missing after yum command",
        url: "https://github.com/hadolint/hadolint/wiki/DL3032",
    }
}

impl DockerfileRule for YumCleanMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        check_clean_missing(
            checker,
            &CleanRule {
                meta: &Self::META,
                managers: &[Manager::Yum],
                cleans: &[CacheKind::YumCache],
                message: "`yum clean all` missing after yum command.",
                clean_command: "yum clean all",
            },
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{assert_fixed, codes, findings};

    #[test]
    fn fires_without_clean() {
        let text = "FROM centos:7\nRUN yum install -y a-1.0 \\\n && yum install -y b-2.0\n";
        let found = findings(text, "DL3032");
        assert_eq!(found.len(), 1, "one finding per RUN");
        assert_eq!(found[0].range.slice(text), "yum install");
        assert_eq!(
            codes("FROM a\nONBUILD RUN yum install -y x\n", "DL3032"),
            [2]
        );
        assert_eq!(
            codes("FROM a\nRUN <<EOF\nyum install -y x\nEOF\n", "DL3032"),
            [3]
        );
        // A clean-up before the install removes nothing.
        assert_eq!(
            codes("FROM a\nRUN yum clean all && yum install -y x\n", "DL3032"),
            [2]
        );
        // `yum clean packages` leaves the metadata.
        assert_eq!(
            codes(
                "FROM a\nRUN yum install -y x && yum clean packages\n",
                "DL3032"
            ),
            [2]
        );
    }

    #[test]
    fn quiet_when_cleaned_or_cached_elsewhere() {
        for text in [
            "FROM a\nRUN yum install -y x && yum clean all\n",
            "FROM a\nRUN yum install -y x && rm -rf /var/cache/yum/*\n",
            "FROM a\nRUN --mount=type=cache,target=/var/cache/yum yum install -y x\n",
            "FROM a\nRUN --mount=type=tmpfs,target=/var/cache yum install -y x\n",
            "FROM a\nARG C=/var/cache/yum\nRUN --mount=type=cache,target=$C yum install -y x\n",
            "FROM a\nRUN <<EOF\nyum install -y x\nyum clean all\nEOF\n",
            "FROM a\nRUN yum update -y\n",
            "FROM a\n# hadolint ignore=DL3032\nRUN yum install -y x\n",
        ] {
            assert!(codes(text, "DL3032").is_empty(), "{text}");
        }
    }

    #[test]
    fn fix_appends_the_clean_after_the_last_install() {
        assert_fixed(
            "FROM a\nRUN yum install -y a-1 && yum install -y b-2; echo done\n",
            "DL3032",
            "FROM a\nRUN yum install -y a-1 && yum install -y b-2 && yum clean all; echo done\n",
        );
        assert_fixed(
            "FROM a\nRUN <<EOF\nyum install -y x\nEOF\n",
            "DL3032",
            "FROM a\nRUN <<EOF\nyum install -y x && yum clean all\nEOF\n",
        );
    }
}
