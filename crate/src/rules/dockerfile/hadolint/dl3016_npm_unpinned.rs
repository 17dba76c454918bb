use super::runs::runs;
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::{Action, Manager, PinStatus};

crate::declare_rule! {
    /// ## What it does
    /// Flags each package of an `npm install <package>` (or its aliases
    /// `npm i`, `npm add`, …) given without a version, tag or commit.
    ///
    /// Accepted: `pkg@1.2.3`, `pkg@^1.2`, `@scope/pkg@1`, git URLs and
    /// GitHub shorthands with a ref (`user/repo#v1`, `github:user/repo#v1`),
    /// tarballs, local folders and URLs. A bare `npm install` / `npm ci`
    /// installs the lockfile and is not concerned.
    ///
    /// Two differences with hadolint, both on purpose: `pkg@latest` is not a
    /// pin (the `latest` dist-tag moves with every release), and
    /// `github:user/repo#v1` is one. A package word made only of a variable
    /// cannot be judged and is not flagged.
    ///
    /// ## Why is this bad?
    /// An unpinned global tool or dependency resolves to whatever is newest
    /// when the image is built, so two builds of the same commit can ship
    /// different code.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-alpine
    /// RUN npm install -g pm2
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22-alpine
    /// RUN npm install -g pm2@5.4.3
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3016](https://github.com/hadolint/hadolint/wiki/DL3016)
    /// - [npm install](https://docs.npmjs.com/cli/commands/npm-install)
    pub struct NpmUnpinned {
        code: "DL3016",
        name: "npm-unpinned",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Pin versions in npm install",
        url: "https://github.com/hadolint/hadolint/wiki/DL3016",
    }
}

impl DockerfileRule for NpmUnpinned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for run in runs(checker) {
            for (script, command) in run.package_commands() {
                if command.manager != Manager::Npm || command.action != Action::Install {
                    continue;
                }
                for package in &command.packages {
                    let dynamic_pin = package.dynamic && package.version.is_some();
                    if dynamic_pin || package.pin_status() != PinStatus::Unpinned {
                        continue;
                    }
                    out.push(checker.diagnostic(
                        &Self::META,
                        script.source_range(package.range),
                        "Pin versions in npm. Instead of `npm install <package>` use `npm \
                         install <package>@<version>`",
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
        let text = "FROM node:22\nRUN npm install -g typescript@5.6.3 ts-node @types/node\n";
        let found = findings(text, "DL3016");
        let words: Vec<&str> = found.iter().map(|d| d.range.slice(text)).collect();
        assert_eq!(words, ["ts-node", "@types/node"]);
        for package in [
            "express@latest",
            "user/repo",
            "git+https://github.com/u/r.git",
        ] {
            let text = format!("FROM a\nRUN npm i {package}\n");
            assert_eq!(codes(&text, "DL3016"), [2], "{package}");
        }
    }

    #[test]
    fn pinned_and_local_packages_pass() {
        for package in [
            "express@4.21.1",
            "express@^4",
            "@scope/pkg@1.0.0",
            "express@$VERSION",
            "user/repo#v1.0.0",
            "github:user/repo#v1",
            "git+ssh://git@github.com/u/r.git#semver:^1",
            "./local-dir",
            "../pkg.tgz",
            "https://example.com/pkg.tgz",
            "$PACKAGES",
        ] {
            let text = format!("FROM a\nRUN npm install {package}\n");
            assert!(codes(&text, "DL3016").is_empty(), "{package}");
        }
    }

    #[test]
    fn lockfile_installs_and_other_commands_pass() {
        for command in [
            "npm install",
            "npm ci --omit=dev",
            "npm install --production",
            "npm run build",
            "yarn add express",
            "npm uninstall express",
        ] {
            let text = format!("FROM a\nRUN {command}\n");
            assert!(codes(&text, "DL3016").is_empty(), "{command}");
        }
    }

    #[test]
    fn heredocs_onbuild_stages_and_pragmas() {
        let stages = "FROM a AS build\nRUN npm install -g pm2\nFROM build\nRUN npm install -g pm2\nFROM b\nRUN [\"true\"]\n";
        assert_eq!(codes(stages, "DL3016"), [2, 4], "every stage");
        assert_eq!(
            codes("FROM a\nRUN <<EOF\nnpm install -g pm2\nEOF\n", "DL3016"),
            [3]
        );
        assert_eq!(
            codes("FROM a\nONBUILD RUN npm install -g pm2\n", "DL3016"),
            [2]
        );
        assert!(codes(
            "FROM a\n# hadolint ignore=DL3016\nRUN npm install -g pm2\n",
            "DL3016"
        )
        .is_empty());
    }
}
