use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::lint::RunScript;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::{package_commands, Manager, PackageCommand};
use crate::shell::{OptionSpec, ParsedOption};
use crate::text::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags package-manager options their maintainers have deprecated, and
    /// offers the replacement where it means exactly the same:
    ///
    /// | Command | Deprecated | Use |
    /// |---|---|---|
    /// | npm | `--only=prod`, `--only=production`, `--production` | `--omit=dev` |
    /// | npm | `--production=false`, `--dev`, `--also=dev` | `--include=dev` |
    /// | npm | `--no-optional` / `--optional` | `--omit=optional` / `--include=optional` |
    /// | npm | `--global-style` / `--legacy-bundling` | `--install-strategy=shallow` / `nested` |
    /// | npm | `--no-shrinkwrap` | `--no-package-lock` |
    /// | pip | `--use-feature=2020-resolver` | nothing: it is the default since pip 20.3 |
    /// | gem | `--no-ri`, `--no-rdoc` (removed in RubyGems 3) | `--no-document` |
    /// | composer | `--no-suggest` (no effect since Composer 2) | nothing |
    /// | bundle install | `--without`, `--with`, `--deployment`, `--path`, `--frozen`, `--system`, `--clean`, `--no-prune`, `--shebang` | `bundle config set --local …` |
    /// | apt-get | `--force-yes` | the specific `--allow-…` option it stood for |
    /// | apt-key | `apt-key add`, `apt-key adv` | a keyring in `/etc/apt/keyrings` and `signed-by=` |
    ///
    /// ## Why is this bad?
    /// Deprecated options print warnings at best; in newer releases they stop
    /// working (`gem install --no-ri` is an error since RubyGems 3, `apt-key`
    /// is gone from Debian 13 and Ubuntu 24.04's successors), so an image that
    /// builds today breaks when the base image moves on.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN npm ci --only=production
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN npm ci --omit=dev
    /// ```
    ///
    /// ## Fix
    /// Replaced automatically where the new option means exactly the same
    /// (npm, pip, gem, composer); the others need a decision and are only
    /// reported.
    ///
    /// ## References
    /// - [npm config: deprecated options](https://docs.npmjs.com/cli/using-npm/config#only)
    /// - [pip 20.3 resolver](https://pip.pypa.io/en/stable/user_guide/#changes-to-the-pip-dependency-resolver-in-20-3-2020)
    /// - [bundle config: remembering options](https://bundler.io/man/bundle-config.1.html#REMEMBERING-OPTIONS)
    /// - [apt-key(8) deprecation](https://manpages.debian.org/bookworm/apt/apt-key.8.en.html)
    pub struct DeprecatedPackageManagerFlag {
        code: "LL1009",
        name: "deprecated-package-manager-flag",
        origin: Layerlab,
        target: Dockerfile,
        severity: Warning,
        category: Maintainability,
        summary: "A package-manager option is deprecated (npm --only=production, gem --no-ri, apt-key…)",
        url: "https://docs.npmjs.com/cli/using-npm/config#only",
    }
}

/// What to do about a deprecated option.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Replacement {
    /// Replace the option (and its value) with this text.
    With(&'static str),
    /// Delete it: it has no effect any more.
    Remove,
    /// No exact replacement; the advice says what to do.
    Advice(&'static str),
}

/// The replacement for an option of `manager`, if it is deprecated.
fn deprecation(
    manager: Manager,
    option: &ParsedOption,
    subcommand: Option<&str>,
) -> Option<Replacement> {
    let value = option.value.as_ref().map(|v| v.text.as_str());
    let name = option.name.as_str();
    match manager {
        Manager::Npm => match (name, value) {
            ("--only", Some("prod" | "production")) => Some(Replacement::With("--omit=dev")),
            ("--production", None | Some("true")) => Some(Replacement::With("--omit=dev")),
            ("--production", Some("false")) => Some(Replacement::With("--include=dev")),
            ("--also", Some("dev" | "development")) | ("--dev", None) => {
                Some(Replacement::With("--include=dev"))
            }
            ("--no-optional", None) | ("--optional", Some("false")) => {
                Some(Replacement::With("--omit=optional"))
            }
            ("--optional", None) => Some(Replacement::With("--include=optional")),
            ("--global-style", None) => Some(Replacement::With("--install-strategy=shallow")),
            ("--legacy-bundling", None) => Some(Replacement::With("--install-strategy=nested")),
            ("--no-shrinkwrap", None) => Some(Replacement::With("--no-package-lock")),
            _ => None,
        },
        Manager::Pip => match (name, value) {
            ("--use-feature", Some("2020-resolver")) => Some(Replacement::Remove),
            _ => None,
        },
        Manager::Composer => (name == "--no-suggest").then_some(Replacement::Remove),
        Manager::Bundler if subcommand.is_none_or(|s| s == "install") => matches!(
            name,
            "--without"
                | "--with"
                | "--deployment"
                | "--path"
                | "--frozen"
                | "--system"
                | "--clean"
                | "--no-prune"
                | "--shebang"
        )
        .then_some(Replacement::Advice(
            "set it with `bundle config set --local <name> <value>` before `bundle install` \
             (Bundler 2.1+ warns; Bundler 3 drops the flag)",
        )),
        Manager::AptGet | Manager::Apt => (name == "--force-yes").then_some(Replacement::Advice(
            "use the specific option it stood for (`--allow-downgrades`, \
             `--allow-remove-essential`, `--allow-change-held-packages`), or none",
        )),
        _ => None,
    }
}

/// The whole option as written: `--only=production`, or `--only production`.
fn option_range(option: &ParsedOption) -> TextRange {
    match &option.value {
        Some(value) if value.separate => option.range.cover(value.range),
        _ => option.range,
    }
}

/// Delete an option and the blanks before it.
fn removal(text: &str, range: TextRange) -> TextEdit {
    let start = text.get(..range.start()).map_or(range.start(), |before| {
        before.trim_end_matches([' ', '\t']).len()
    });
    TextEdit::delete(TextRange::new(start, range.end()))
}

impl DockerfileRule for DeprecatedPackageManagerFlag {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for (index, _, _) in checker.instructions_and_triggers() {
            for script in checker.scripts(index) {
                for command in package_commands(&script.script) {
                    self.check_options(checker, script, &command, out);
                    if command.manager == Manager::Gem {
                        self.check_gem_docs(checker, script, &command, out);
                    }
                }
                for command in &script.script.commands {
                    let invocation = command.effective_command();
                    if invocation.name() != Some("apt-key") {
                        continue;
                    }
                    let parsed = invocation.options(&OptionSpec::new("", &["--keyring"]));
                    let Some(sub) = parsed.operands.first() else {
                        continue;
                    };
                    if !matches!(sub.value.as_str(), "add" | "adv") {
                        continue;
                    }
                    let Some(name) = invocation.name_word() else {
                        continue;
                    };
                    let range = script.source_range(name.range.cover(sub.range));
                    out.push(checker.diagnostic(
                        &Self::META,
                        range,
                        format!(
                            "`apt-key {}` is deprecated (removed from newer Debian and Ubuntu \
                             releases): put the key in /etc/apt/keyrings/<name>.gpg (`gpg \
                             --dearmor`) and reference it with `signed-by=` in the source entry",
                            sub.value
                        ),
                    ));
                }
            }
        }
    }
}

impl DeprecatedPackageManagerFlag {
    fn check_options(
        &self,
        checker: &Checker<'_>,
        script: &RunScript,
        command: &PackageCommand,
        out: &mut Vec<Diagnostic>,
    ) {
        let subcommand = command.subcommand.as_ref().map(|s| s.text.as_str());
        for option in &command.options {
            let Some(replacement) = deprecation(command.manager, option, subcommand) else {
                continue;
            };
            let range = script.source_range(option_range(option));
            let written = range.slice(checker.text).to_string();
            let tool = command.manager.command_name();
            let (message, fix) = match replacement {
                Replacement::With(new) => (
                    format!(
                        "`{written}` is deprecated in {tool}: use `{new}`, which means the same"
                    ),
                    (!option.in_bundle).then(|| {
                        Fix::new(
                            format!("Replace with `{new}`"),
                            vec![TextEdit::replace(range, new)],
                        )
                    }),
                ),
                Replacement::Remove => (
                    format!(
                        "`{written}` is deprecated in {tool} and has no effect any more: remove it"
                    ),
                    (!option.in_bundle).then(|| {
                        Fix::new(
                            format!("Remove `{written}`"),
                            vec![removal(checker.text, range)],
                        )
                    }),
                ),
                Replacement::Advice(advice) => (
                    format!("`{written}` is deprecated in {tool}: {advice}"),
                    None,
                ),
            };
            let mut diagnostic = checker.diagnostic(&Self::META, range, message);
            if let Some(fix) = fix {
                diagnostic = diagnostic.with_fix(fix);
            }
            out.push(diagnostic);
        }
    }

    /// `gem install --no-ri --no-rdoc` → `--no-document` (one finding).
    fn check_gem_docs(
        &self,
        checker: &Checker<'_>,
        script: &RunScript,
        command: &PackageCommand,
        out: &mut Vec<Diagnostic>,
    ) {
        let old: Vec<&ParsedOption> = command
            .options
            .iter()
            .filter(|o| matches!(o.name.as_str(), "--no-ri" | "--no-rdoc"))
            .collect();
        let Some(first) = old.first() else {
            return;
        };
        let ranges: Vec<TextRange> = old.iter().map(|o| script.source_range(o.range)).collect();
        let range = ranges
            .iter()
            .fold(ranges[0], |range, other| range.cover(*other));
        let has_new = command
            .options
            .iter()
            .any(|o| matches!(o.name.as_str(), "--no-document" | "-N"));
        let mut edits: Vec<TextEdit> = Vec::new();
        for (i, r) in ranges.iter().enumerate() {
            if i == 0 && !has_new {
                edits.push(TextEdit::replace(*r, "--no-document"));
            } else {
                edits.push(removal(checker.text, *r));
            }
        }
        let written: Vec<String> = old.iter().map(|o| format!("`{}`", o.name)).collect();
        let mut diagnostic = checker.diagnostic(
            &Self::META,
            range,
            format!(
                "{} {} removed in RubyGems 3 (`gem install` fails with \"invalid option\"): use \
                 `--no-document`",
                written.join(" and "),
                if written.len() > 1 { "were" } else { "was" }
            ),
        );
        if !first.in_bundle {
            diagnostic = diagnostic.with_fix(Fix::new("Use `--no-document`", edits));
        }
        out.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::range_text;
    use crate::lint::test_support::{assert_fixed, codes, findings};

    const CODE: &str = "LL1009";

    #[test]
    fn npm_only_production() {
        let text = "FROM node:22-alpine\nRUN npm ci --only=production\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(range_text(text, &found[0]), "--only=production");
        assert!(found[0].message.contains("--omit=dev"));
        assert_fixed(text, CODE, "FROM node:22-alpine\nRUN npm ci --omit=dev\n");
        assert_fixed(
            "FROM node:22\nRUN npm install --only prod --ignore-scripts\n",
            CODE,
            "FROM node:22\nRUN npm install --omit=dev --ignore-scripts\n",
        );
        assert_fixed(
            "FROM node:22\nRUN npm ci --production\n",
            CODE,
            "FROM node:22\nRUN npm ci --omit=dev\n",
        );
        assert_fixed(
            "FROM node:22\nRUN npm install --no-optional\n",
            CODE,
            "FROM node:22\nRUN npm install --omit=optional\n",
        );
        assert_fixed(
            "FROM node:22\nRUN npm install --production=false\n",
            CODE,
            "FROM node:22\nRUN npm install --include=dev\n",
        );
    }

    #[test]
    fn current_flags_and_other_tools_are_fine() {
        assert!(codes("FROM node:22\nRUN npm ci --omit=dev\n", CODE).is_empty());
        assert!(codes("FROM node:22\nRUN yarn install --production\n", CODE).is_empty());
        assert!(codes("FROM node:22\nRUN npm ci --only=dev\n", CODE).is_empty());
        assert!(codes(
            "FROM python:3\nRUN pip install --use-feature=truststore x\n",
            CODE
        )
        .is_empty());
        assert!(codes("FROM ruby:4\nRUN gem install rails --no-document\n", CODE).is_empty());
        assert!(codes(
            "FROM ruby:4\nRUN bundle config set --local without 'dev'\n",
            CODE
        )
        .is_empty());
    }

    #[test]
    fn pip_gem_composer_fixes() {
        assert_fixed(
            "FROM python:3\nRUN pip install --use-feature=2020-resolver -r requirements.txt\n",
            CODE,
            "FROM python:3\nRUN pip install -r requirements.txt\n",
        );
        assert_fixed(
            "FROM ruby:2\nRUN gem install bundler --no-ri --no-rdoc\n",
            CODE,
            "FROM ruby:2\nRUN gem install bundler --no-document\n",
        );
        assert_eq!(
            findings(
                "FROM ruby:2\nRUN gem install bundler --no-ri --no-rdoc\n",
                CODE
            )
            .len(),
            1
        );
        assert_fixed(
            "FROM php:8\nRUN composer install --no-dev --no-suggest\n",
            CODE,
            "FROM php:8\nRUN composer install --no-dev\n",
        );
    }

    #[test]
    fn reported_without_a_fix() {
        let text = "FROM ruby:4\nRUN bundle install --without development test\n";
        let found = findings(text, CODE);
        assert_eq!(range_text(text, &found[0]), "--without development");
        assert!(found[0].fixes.is_empty());
        let text = "FROM debian:12\nRUN apt-get install -y --force-yes curl\n";
        assert_eq!(codes(text, CODE), [2]);
        let text = "FROM debian:12\nRUN curl -fsSL https://e.com/key.gpg | apt-key add -\n";
        let found = findings(text, CODE);
        assert_eq!(range_text(text, &found[0]), "apt-key add");
        assert!(found[0].message.contains("signed-by"));
        assert!(codes("FROM debian:12\nRUN apt-key list\n", CODE).is_empty());
    }

    #[test]
    fn heredocs_onbuild_and_arg_images() {
        let text = "ARG NODE=node:22\nFROM ${NODE}\nRUN <<EOF\nnpm ci --only=production\nEOF\nONBUILD RUN npm install --production\n";
        assert_eq!(codes(text, CODE), [4, 6]);
    }

    #[test]
    fn a_pragma_silences_it() {
        let text = "FROM node:22\n# hadolint ignore=LL1009\nRUN npm ci --only=production\n";
        assert!(codes(text, CODE).is_empty());
    }
}
