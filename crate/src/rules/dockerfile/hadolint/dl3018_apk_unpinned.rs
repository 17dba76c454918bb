use super::runs::runs;
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::{Action, Manager, PackageArg, PackageSource};

crate::declare_rule! {
    /// ## What it does
    /// Flags each package of an `apk add` given without a version
    /// constraint (`curl` instead of `curl=8.11.1-r0` or `curl~8.11`).
    ///
    /// As in hadolint, a constraint pins when it contains `=` or `~`
    /// (`=`, `~`, `>=`, `<=`); `>` and `<` alone leave the version open.
    /// Repository tags (`curl@edge`) are not versions. The name given to
    /// `--virtual`/`-t`, local `.apk` files and URLs are not flagged, nor a
    /// package word that is only a variable.
    ///
    /// ## Why is this bad?
    /// Without a version, a rebuild installs whatever the repository holds
    /// that day: builds are not reproducible, and a new package version can
    /// break the image without any change to the Dockerfile.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN apk add --no-cache curl=8.11.1-r0
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3018](https://github.com/hadolint/hadolint/wiki/DL3018)
    /// - [Alpine: apk world constraints](https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Advanced_APK_Usage)
    pub struct ApkUnpinned {
        code: "DL3018",
        name: "apk-unpinned",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Pin versions in apk add",
        url: "https://github.com/hadolint/hadolint/wiki/DL3018",
    }
}

fn unpinned(package: &PackageArg) -> bool {
    if package.source != PackageSource::Registry {
        return false;
    }
    match &package.version {
        Some(pin) => !(pin.operator.contains('=') || pin.operator.contains('~')),
        None => !package.dynamic,
    }
}

impl DockerfileRule for ApkUnpinned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for run in runs(checker) {
            for (script, command) in run.package_commands() {
                if command.manager != Manager::Apk || command.action != Action::Install {
                    continue;
                }
                for package in command.packages.iter().filter(|p| unpinned(p)) {
                    out.push(checker.diagnostic(
                        &Self::META,
                        script.source_range(package.range),
                        "Pin versions in apk add. Instead of `apk add <package>` use `apk add \
                         <package>=<version>`",
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn each_unpinned_package_fires() {
        let text = "FROM alpine:3.21\nRUN apk add --no-cache --virtual .build-deps \\\n    gcc=14.2.0-r4 \\\n    musl-dev \\\n    'openssl>3'\n";
        let found = findings(text, "DL3018");
        let words: Vec<&str> = found.iter().map(|d| d.range.slice(text)).collect();
        assert_eq!(words, ["musl-dev", "'openssl>3'"]);
        assert_eq!(found[0].line, 4);
        assert_eq!(codes("FROM a\nRUN apk add curl@edge\n", "DL3018"), [2]);
    }

    #[test]
    fn pinned_and_non_registry_packages_pass() {
        for package in [
            "curl=8.11.1-r0",
            "curl~8.11",
            "'curl>=8'",
            "curl=$CURL_VERSION",
            "./local.apk",
            "/tmp/x.apk",
            "$PACKAGES",
        ] {
            let text = format!("FROM a\nRUN apk add --no-cache {package}\n");
            assert!(codes(&text, "DL3018").is_empty(), "{package}");
        }
        assert!(codes("FROM a\nRUN apk add -t .deps gcc=1\n", "DL3018").is_empty());
        assert!(codes("FROM a\nRUN apk del curl && apk upgrade\n", "DL3018").is_empty());
    }

    #[test]
    fn heredocs_onbuild_stages_and_pragmas() {
        let stages = "FROM a AS build\nRUN apk add curl\nFROM build\nRUN apk add curl\nFROM b\nRUN [\"true\"]\n";
        assert_eq!(codes(stages, "DL3018"), [2, 4], "every stage");
        assert_eq!(
            codes("FROM a\nRUN <<EOF\napk add curl\nEOF\n", "DL3018"),
            [3]
        );
        assert_eq!(codes("FROM a\nONBUILD RUN apk add curl\n", "DL3018"), [2]);
        assert!(codes(
            "FROM a\n# hadolint ignore=DL3018\nRUN apk add curl\n",
            "DL3018"
        )
        .is_empty());
    }
}
