use super::runs::runs;
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::{Action, Manager, PinStatus};

crate::declare_rule! {
    /// ## What it does
    /// Flags each gem of a `gem install` given without a version:
    /// neither `gem:version` nor `-v`/`--version` on the command. Local
    /// `.gem` files, URLs and gems named by a variable are not flagged.
    ///
    /// ## Why is this bad?
    /// Without a version the newest release is installed on every build, so
    /// the image changes with the day it was built, and a breaking release
    /// breaks it without any change to the Dockerfile.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM ruby:3.3-slim
    /// RUN gem install bundler
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM ruby:3.3-slim
    /// RUN gem install bundler:2.5.22
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3028](https://github.com/hadolint/hadolint/wiki/DL3028)
    /// - [gem install](https://guides.rubygems.org/command-reference/#gem-install)
    pub struct GemUnpinned {
        code: "DL3028",
        name: "gem-unpinned",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Pin versions in gem install",
        url: "https://github.com/hadolint/hadolint/wiki/DL3028",
    }
}

impl DockerfileRule for GemUnpinned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for run in runs(checker) {
            for (script, command) in run.package_commands() {
                if command.manager != Manager::Gem || command.action != Action::Install {
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
                        "Pin versions in gem install. Instead of `gem install <gem>` use `gem \
                         install <gem>:<version>`",
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
    fn each_unpinned_gem_fires() {
        let text = "FROM ruby:3.3\nRUN gem install rake:13.2.1 bundler --no-document\n";
        let found = findings(text, "DL3028");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.slice(text), "bundler");
        assert_eq!(codes("FROM a\nRUN gem i rails\n", "DL3028"), [2]);
    }

    #[test]
    fn versions_and_local_gems_pass() {
        for command in [
            "gem install bundler:2.5.22",
            "gem install bundler -v 2.5.22",
            "gem install bundler --version '~> 2.5'",
            "gem install --version=2.5.22 bundler",
            "gem install ./vendor/app-1.0.gem",
            "gem install $GEMS",
            "gem update --system",
            "bundle install",
        ] {
            let text = format!("FROM a\nRUN {command}\n");
            assert!(codes(&text, "DL3028").is_empty(), "{command}");
        }
    }

    #[test]
    fn heredocs_onbuild_stages_and_pragmas() {
        let stages = "FROM a AS build\nRUN gem install rails\nFROM build\nRUN gem install rails\nFROM b\nRUN [\"true\"]\n";
        assert_eq!(codes(stages, "DL3028"), [2, 4], "every stage");
        assert_eq!(
            codes("FROM a\nRUN <<EOF\ngem install rails\nEOF\n", "DL3028"),
            [3]
        );
        assert_eq!(
            codes("FROM a\nONBUILD RUN gem install rails\n", "DL3028"),
            [2]
        );
        assert!(codes(
            "FROM a\n# hadolint ignore=DL3028\nRUN gem install rails\n",
            "DL3028"
        )
        .is_empty());
    }
}
