use super::support::{go_quote, stage_os};
use crate::diagnostic::Diagnostic;
use crate::dockerfile::model::Expanded;
use crate::dockerfile::syntax::{Args, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags the first `WORKDIR` of a stage when its path (after variable
    /// expansion) is relative and no earlier `WORKDIR` in the stage, or in
    /// a stage it derives from (`FROM <stage>`), set an absolute one.
    /// Later relative `WORKDIR`s are fine: fixing the first one anchors
    /// them all.
    ///
    /// ## Why is this bad?
    /// A relative `WORKDIR` is resolved against the base image's working
    /// directory, which the Dockerfile does not control: when the base
    /// image changes its `WORKDIR`, files land somewhere else. hadolint's
    /// DL3000 is stricter and flags every relative `WORKDIR`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// WORKDIR app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22
    /// WORKDIR /app
    /// ```
    ///
    /// ## References
    /// - [WorkdirRelativePath](https://docs.docker.com/reference/build-checks/workdir-relative-path/)
    /// - [WORKDIR](https://docs.docker.com/reference/dockerfile/#workdir)
    pub struct WorkdirRelativePath {
        code: "WorkdirRelativePath",
        name: "workdir-relative-path",
        origin: Buildkit,
        target: Dockerfile,
        severity: Warning,
        category: Maintainability,
        summary: "Relative workdir without an absolute workdir declared within the build can have unexpected results if the base image changes",
        url: "https://docs.docker.com/reference/build-checks/workdir-relative-path/",
    }
}

/// `system.IsAbs`: on Windows a drive letter or a leading separator also
/// makes a path absolute.
fn is_absolute(path: &str, windows: bool) -> bool {
    if path.starts_with('/') {
        return true;
    }
    if !windows {
        return false;
    }
    let bytes = path.as_bytes();
    path.starts_with('\\')
        || (bytes.len() >= 3
            && bytes[0].is_ascii_alphabetic()
            && bytes[1] == b':'
            && matches!(bytes[2], b'\\' | b'/'))
}

impl DockerfileRule for WorkdirRelativePath {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &checker.model.stages {
            // Set by a stage this one derives from: the FROM step's state.
            if stage.steps.first().is_some_and(|s| s.state.workdir_set) {
                continue;
            }
            let windows = stage_os(checker.model, stage).as_deref() == Some("windows");
            let first = stage.steps.iter().find(|s| {
                checker
                    .file
                    .instructions
                    .get(s.instruction)
                    .is_some_and(|i| i.keyword == Keyword::Workdir)
            });
            let Some(step) = first else {
                continue;
            };
            let (Expanded::Single(path), Some(Args::Single(token))) = (
                &step.expanded,
                checker
                    .file
                    .instructions
                    .get(step.instruction)
                    .map(|i| &i.args),
            ) else {
                continue;
            };
            if is_absolute(path, windows) {
                continue;
            }
            out.push(checker.diagnostic(
                &Self::META,
                token.range,
                format!(
                    "Relative workdir {} can have unexpected results if the base image changes",
                    go_quote(path)
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_absolute;
    use crate::lint::test_support::{codes, findings};

    const CODE: &str = "WorkdirRelativePath";

    #[test]
    fn fires_on_the_first_relative_workdir() {
        let found = findings("FROM scratch\nWORKDIR app/\n", CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "Relative workdir \"app/\" can have unexpected results if the base image changes"
        );
        assert_eq!((found[0].column, found[0].end_column), (9, 13));
        assert_eq!(codes("FROM a\nWORKDIR app\nWORKDIR src\n", CODE), [2]);
    }

    #[test]
    fn silent_after_an_absolute_workdir_in_the_stage_or_its_base() {
        assert!(codes("FROM a\nWORKDIR /app\nWORKDIR src\n", CODE).is_empty());
        assert!(codes(
            "FROM scratch AS a\nWORKDIR /app\n\nFROM a AS b\nWORKDIR subdir/\n",
            CODE
        )
        .is_empty());
        // Any earlier WORKDIR counts, even a relative one (it was reported).
        assert_eq!(
            codes(
                "FROM a AS base\nWORKDIR rel\nFROM base\nWORKDIR more\n",
                CODE
            ),
            [2]
        );
    }

    #[test]
    fn other_stages_do_not_count() {
        let text = "FROM a AS one\nWORKDIR /app\nFROM b AS two\nWORKDIR app\n";
        assert_eq!(codes(text, CODE), [4]);
    }

    #[test]
    fn uses_the_expanded_path() {
        assert!(codes("FROM a\nARG DIR=/srv\nWORKDIR $DIR/app\n", CODE).is_empty());
        assert_eq!(codes("FROM a\nARG DIR=srv\nWORKDIR $DIR/app\n", CODE), [3]);
        assert!(findings("FROM a\nARG DIR=srv\nWORKDIR $DIR/app\n", CODE)[0]
            .message
            .contains("\"srv/app\""));
        // The ARG-based image does not matter.
        assert_eq!(
            codes("ARG BASE=node:20\nFROM ${BASE}\nWORKDIR app\n", CODE),
            [3]
        );
    }

    #[test]
    fn windows_paths() {
        assert!(is_absolute("C:\\app", true));
        assert!(is_absolute("c:/app", true));
        assert!(!is_absolute("C:\\app", false));
        assert!(!is_absolute("app", true));
        let text = "# escape=`\nFROM --platform=windows/amd64 mcr.microsoft.com/windows/nanoserver:ltsc2022\nWORKDIR C:\\app\n";
        assert!(codes(text, CODE).is_empty());
    }

    #[test]
    fn suppression() {
        assert!(codes(
            "FROM scratch\n# check=skip=WorkdirRelativePath\nWORKDIR app/\n",
            CODE
        )
        .is_empty());
        assert!(codes("# check=skip=all\nFROM scratch\nWORKDIR app/\n", CODE).is_empty());
    }
}
