use super::runs::fully_resolved;
use crate::diagnostic::Diagnostic;
use crate::dockerfile::model::Expanded;
use crate::dockerfile::syntax::{Args, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags a `WORKDIR` whose path is relative.
    ///
    /// Layerlab judges the path after variable expansion, as the builder
    /// sees it: `WORKDIR $APP_HOME` with `ENV APP_HOME=/srv/app` is absolute,
    /// `ENV APP_HOME=app` is not. When a variable's value is unknown (a build
    /// argument without default), the path is accepted as hadolint does.
    /// Windows paths such as `C:\app` count as absolute.
    ///
    /// ## Why is this bad?
    /// A relative `WORKDIR` is resolved against the previous working
    /// directory, which depends on the base image and on every earlier
    /// `WORKDIR`. The resulting path is easy to get wrong and changes when the
    /// base image changes its own `WORKDIR`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-alpine
    /// WORKDIR app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22-alpine
    /// WORKDIR /app
    /// ```
    ///
    /// ## Fix
    /// None: only you know which absolute path was meant.
    ///
    /// ## References
    /// - [hadolint DL3000](https://github.com/hadolint/hadolint/wiki/DL3000)
    /// - [WORKDIR](https://docs.docker.com/reference/dockerfile/#workdir)
    pub struct WorkdirNotAbsolute {
        code: "DL3000",
        name: "workdir-not-absolute",
        origin: Hadolint,
        target: Dockerfile,
        severity: Error,
        category: Correctness,
        summary: "WORKDIR should be an absolute path",
        url: "https://github.com/hadolint/hadolint/wiki/DL3000",
    }
}

/// `/x`, or a Windows drive path `C:\x` / `C:/x` / `C:`.
fn is_absolute(path: &str) -> bool {
    let mut chars = path.chars();
    path.starts_with('/')
        || matches!((chars.next(), chars.next()), (Some(drive), Some(':')) if drive.is_ascii_alphabetic())
}

fn drop_quotes(text: &str) -> &str {
    text.trim_matches(|c| c == '"' || c == '\'')
}

impl DockerfileRule for WorkdirNotAbsolute {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in checker.instructions() {
            if instruction.keyword != Keyword::Workdir {
                continue;
            }
            let Args::Single(path) = &instruction.args else {
                continue;
            };
            let expanded = match checker.step(index) {
                Some((_, step)) if fully_resolved(checker, index, path.range) => {
                    match &step.expanded {
                        Expanded::Single(value) => Some(value.as_str()),
                        _ => None,
                    }
                }
                _ => None,
            };
            let absolute = match expanded {
                Some(value) => is_absolute(value),
                // Unknown value: hadolint's reading of the text as written.
                None => {
                    let written = drop_quotes(&path.text);
                    written.starts_with('$') || is_absolute(written)
                }
            };
            if !absolute {
                out.push(checker.diagnostic(&Self::META, path.range, "Use absolute WORKDIR"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn relative_paths_fire() {
        assert_eq!(codes("FROM a\nWORKDIR app\n", "DL3000"), [2]);
        assert_eq!(
            codes("FROM a\nWORKDIR ./app\nWORKDIR ../x\n", "DL3000"),
            [2, 3]
        );
        assert_eq!(codes("FROM a\nWORKDIR \"app dir\"\n", "DL3000"), [2]);
        let found = findings("FROM a\nWORKDIR  src/app  \n", "DL3000");
        assert_eq!(found[0].column, 10, "the range is the path, not the line");
    }

    #[test]
    fn absolute_paths_pass() {
        for path in ["/app", "\"/app\"", "'/srv/x'", "C:\\app", "c:/app", "D:"] {
            let text = format!("FROM a\nWORKDIR {path}\n");
            assert!(codes(&text, "DL3000").is_empty(), "{path}");
        }
    }

    #[test]
    fn variables_are_judged_by_their_value() {
        // Known and absolute.
        assert!(codes("FROM a\nENV HOME=/root\nWORKDIR $HOME/app\n", "DL3000").is_empty());
        // Known and relative: hadolint accepts anything starting with `$`.
        assert_eq!(codes("FROM a\nARG DIR=app\nWORKDIR $DIR\n", "DL3000"), [3]);
        // Unknown: accepted like hadolint does.
        assert!(codes("FROM a\nARG DIR\nWORKDIR $DIR\n", "DL3000").is_empty());
        // A relative prefix stays relative whatever the variable holds.
        assert_eq!(codes("FROM a\nARG DIR\nWORKDIR app/$DIR\n", "DL3000"), [3]);
    }

    #[test]
    fn every_stage_and_pragmas() {
        let text = "FROM a AS build\nWORKDIR src\nFROM b\n# hadolint ignore=DL3000\nWORKDIR out\nWORKDIR x\n";
        assert_eq!(codes(text, "DL3000"), [2, 6]);
    }
}
