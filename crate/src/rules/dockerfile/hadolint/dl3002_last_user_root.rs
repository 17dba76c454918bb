use super::runs::fully_resolved;
use crate::diagnostic::Diagnostic;
use crate::dockerfile::model::Expanded;
use crate::dockerfile::syntax::{Args, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags a stage whose last `USER` instruction switches to `root` (or
    /// UID `0`, with or without a group). A stage that never sets `USER` is
    /// left to Layerlab's `LL1001`, which knows the base image's default user.
    ///
    /// The user is read after variable expansion: `ARG RUN_AS=root` /
    /// `USER $RUN_AS` is root.
    ///
    /// ## Why is this bad?
    /// The container's main process runs as the last `USER` of the stage. As
    /// root, any compromise of that process owns the whole container and is
    /// one kernel bug away from the host.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-alpine
    /// USER root
    /// RUN apk add --no-cache tini
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22-alpine
    /// USER root
    /// RUN apk add --no-cache tini
    /// USER node
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3002](https://github.com/hadolint/hadolint/wiki/DL3002)
    /// - [USER](https://docs.docker.com/reference/dockerfile/#user)
    pub struct LastUserRoot {
        code: "DL3002",
        name: "last-user-root",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Security,
        summary: "The last USER of a stage is root",
        url: "https://github.com/hadolint/hadolint/wiki/DL3002",
    }
}

/// `root`, `0`, `root:group`, `0:0`.
fn is_root(user: &str) -> bool {
    let user = user.trim();
    let name = user.split_once(':').map_or(user, |(name, _)| name);
    name == "root" || name == "0"
}

impl DockerfileRule for LastUserRoot {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &checker.model.stages {
            let last_user = stage.steps.iter().rev().find_map(|step| {
                let instruction = checker.file.instructions.get(step.instruction)?;
                match (&instruction.args, instruction.keyword) {
                    (Args::Single(user), Keyword::User) => Some((step, user)),
                    _ => None,
                }
            });
            let Some((step, user)) = last_user else {
                continue;
            };
            let value = match &step.expanded {
                Expanded::Single(value)
                    if fully_resolved(checker, step.instruction, user.range) =>
                {
                    value.as_str()
                }
                _ => user.text.as_str(),
            };
            if is_root(value) {
                out.push(checker.diagnostic(
                    &Self::META,
                    user.range,
                    "Last USER should not be root",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn root_as_last_user_fires() {
        assert_eq!(codes("FROM a\nUSER root\nRUN x\n", "DL3002"), [2]);
        assert_eq!(codes("FROM a\nUSER 0:0\n", "DL3002"), [2]);
        assert_eq!(codes("FROM a\nUSER root:wheel\n", "DL3002"), [2]);
        let text = "FROM a\nUSER app\nUSER root\n";
        let found = findings(text, "DL3002");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.slice(text), "root");
    }

    #[test]
    fn a_later_non_root_user_or_no_user_passes() {
        assert!(codes("FROM a\nUSER root\nRUN x\nUSER app\n", "DL3002").is_empty());
        assert!(codes("FROM a\nRUN x\n", "DL3002").is_empty());
        assert!(codes("FROM a\nUSER rooty\n", "DL3002").is_empty());
        assert!(codes("FROM a\nUSER 1000\n", "DL3002").is_empty());
    }

    #[test]
    fn each_stage_is_judged_alone() {
        let text = "FROM a AS build\nUSER root\nFROM b\nUSER app\nFROM c\nUSER 0\n";
        assert_eq!(codes(text, "DL3002"), [2, 6]);
    }

    #[test]
    fn variables_and_pragmas() {
        assert_eq!(codes("FROM a\nARG U=root\nUSER $U\n", "DL3002"), [3]);
        assert!(codes("FROM a\nARG U=app\nUSER ${U}\n", "DL3002").is_empty());
        assert!(codes("FROM a\n# hadolint ignore=DL3002\nUSER root\n", "DL3002").is_empty());
        assert!(codes(
            "# hadolint global ignore=DL3002\nFROM a\nUSER root\n",
            "DL3002"
        )
        .is_empty());
    }
}
