use super::common::context_filter;
use crate::context::{glob, gopath};
use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::dockerfile::model::{Base, Expanded};
use crate::dockerfile::syntax::Keyword;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::{package_commands, Action, Manager};

crate::declare_rule! {
    /// ## What it does
    /// Flags `npm install` (without package names) in a stage that copies
    /// `package-lock.json` (by name, or with a pattern such as
    /// `package*.json`), where `npm ci` is the command meant for builds.
    ///
    /// ## Why is this bad?
    /// `npm install` resolves versions again and may rewrite the lockfile, so
    /// the image can contain other versions than the ones you tested; `npm
    /// ci` installs exactly what `package-lock.json` pins, fails when the
    /// lockfile and `package.json` disagree, and is usually faster.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY package*.json ./
    /// RUN npm install
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// COPY package*.json ./
    /// RUN npm ci
    /// ```
    ///
    /// ## Fix
    /// Replace `install` with `ci`: offered automatically when the lockfile
    /// is certainly copied (named explicitly, or present in the known build
    /// context); a `package*.json` pattern copies it only if it exists.
    ///
    /// ## References
    /// - [npm ci](https://docs.npmjs.com/cli/commands/npm-ci)
    pub struct NpmInstallInsteadOfCi {
        code: "LL1019",
        name: "npm-install-instead-of-ci",
        origin: Layerlab,
        target: Dockerfile,
        severity: Info,
        category: Maintainability,
        summary: "npm install is used where npm ci would install exactly the lockfile",
        url: "https://docs.npmjs.com/cli/commands/npm-ci",
    }
}

/// How the stage chain brings in `package-lock.json`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Lockfile {
    /// A pattern that matches it if it exists.
    Maybe,
    /// Named, or confirmed by the build context.
    Certain,
}

impl DockerfileRule for NpmInstallInsteadOfCi {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let filter = context_filter(checker);
        // What each stage ends with, so a stage built `FROM` another starts
        // from its base's state instead of re-walking the whole chain.
        let mut ends: Vec<Option<Lockfile>> = Vec::with_capacity(checker.model.stages.len());
        for stage in &checker.model.stages {
            let mut lockfile: Option<Lockfile> = match stage.base {
                Base::Stage { index } => ends.get(index).copied().flatten(),
                _ => None,
            };
            for step in stage.steps.iter().skip(1) {
                let Some(instruction) = checker.file.instructions.get(step.instruction) else {
                    continue;
                };
                match instruction.keyword {
                    Keyword::Copy | Keyword::Add => {
                        let Expanded::Paths { sources, .. } = &step.expanded else {
                            continue;
                        };
                        let from_context = instruction.flag("from").is_none();
                        for source in sources {
                            let name = gopath::base(source);
                            let found = if name == "package-lock.json" {
                                Some(Lockfile::Certain)
                            } else if glob::contains_wildcards(&name)
                                && glob::go_match(&name, "package-lock.json").unwrap_or(false)
                            {
                                let dir = gopath::dir(source.trim_start_matches('/'));
                                let path =
                                    gopath::context_relative(&format!("{dir}/package-lock.json"));
                                match &filter {
                                    Some(f) if from_context && f.transferred().contains(&path) => {
                                        Some(Lockfile::Certain)
                                    }
                                    Some(_) if from_context => None,
                                    _ => Some(Lockfile::Maybe),
                                }
                            } else {
                                None
                            };
                            lockfile = lockfile.max(found);
                        }
                    }
                    // Only the stage's own RUNs: its bases are reported on their own.
                    Keyword::Run => {
                        let Some(level) = lockfile else {
                            continue;
                        };
                        for script in checker.scripts(step.instruction) {
                            for command in package_commands(&script.script) {
                                let is_bare_install = command.manager == Manager::Npm
                                    && command.action == Action::InstallDependencies
                                    && command.subcommand.as_ref().is_some_and(|s| {
                                        !matches!(
                                            s.text.as_str(),
                                            "ci" | "clean-install"
                                                | "ic"
                                                | "install-clean"
                                                | "install-ci-test"
                                                | "cit"
                                        )
                                    });
                                let Some(subcommand) = command.subcommand.as_ref() else {
                                    continue;
                                };
                                if !is_bare_install {
                                    continue;
                                }
                                let range = script.source_range(subcommand.range);
                                let mut diagnostic = checker.diagnostic(
                                    &Self::META,
                                    range,
                                    "The stage copies package-lock.json, but `npm install` may \
                                     resolve other versions and rewrite it: use `npm ci` to \
                                     install exactly the lockfile",
                                );
                                if level == Lockfile::Certain {
                                    diagnostic = diagnostic.with_fix(Fix::new(
                                        "Use `npm ci`",
                                        vec![TextEdit::replace(range, "ci")],
                                    ));
                                }
                                out.push(diagnostic);
                            }
                        }
                    }
                    _ => {}
                }
            }
            ends.push(lockfile);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{range_text, Setup};
    use crate::lint::test_support::{assert_fixed, codes, findings};

    const CODE: &str = "LL1019";

    #[test]
    fn fires_after_copying_the_lockfile() {
        let text = "FROM node:18\nWORKDIR /app\nCOPY package*.json ./\nRUN npm install\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(range_text(text, &found[0]), "install");
        assert!(
            found[0].fixes.is_empty(),
            "the pattern may not match a lockfile"
        );
        assert_fixed(
            "FROM node:22\nCOPY package.json package-lock.json ./\nRUN npm install --omit=dev\n",
            CODE,
            "FROM node:22\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\n",
        );
    }

    #[test]
    fn the_context_confirms_the_lockfile() {
        let text = "FROM node:22\nCOPY package*.json ./\nRUN npm i\n";
        let setup = Setup {
            context: Some(&[("package.json", 1), ("package-lock.json", 1)]),
            ..Setup::default()
        };
        assert_eq!(setup.findings(text, CODE)[0].fixes.len(), 1);
        let without = Setup {
            context: Some(&[("package.json", 1)]),
            ..Setup::default()
        };
        assert!(without.lines(text, CODE).is_empty());
    }

    #[test]
    fn fine_cases() {
        assert!(codes("FROM node:22\nCOPY package*.json ./\nRUN npm ci\n", CODE).is_empty());
        assert!(codes(
            "FROM node:22\nCOPY package.json ./\nRUN npm install\n",
            CODE
        )
        .is_empty());
        assert!(codes(
            "FROM node:22\nCOPY package-lock.json ./\nRUN npm install -g pm2\n",
            CODE
        )
        .is_empty());
        assert!(codes(
            "FROM node:22\nCOPY yarn.lock package.json ./\nRUN yarn install\n",
            CODE
        )
        .is_empty());
    }

    #[test]
    fn stage_chains_heredocs_and_arg_images() {
        let text = "ARG NODE=node:22\nFROM ${NODE} AS base\nCOPY package*.json ./\nFROM base\nRUN <<EOF\nnpm install\nEOF\n";
        assert_eq!(codes(text, CODE), [6]);
    }

    #[test]
    fn a_pragma_silences_it() {
        let text =
            "FROM node:22\nCOPY package*.json ./\n# hadolint ignore=LL1019\nRUN npm install\n";
        assert!(codes(text, CODE).is_empty());
    }
}
