use crate::diagnostic::Diagnostic;
use crate::dockerfile::model::Expanded;
use crate::dockerfile::syntax::{Args, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags the last `USER` of the final stage when its user (the part
    /// before `:`) is a name rather than a numeric UID.
    ///
    /// Only the user the image runs as matters, so like hadolint after
    /// PR #1239 Layerlab looks at the last `USER` of the last stage (the
    /// `--target` stage when one is given), not at every `USER`. A user
    /// given through variables is checked by its value when every variable
    /// is defined (`ARG UID=10001` then `USER $UID` passes), and skipped
    /// otherwise.
    ///
    /// ## Why is this bad?
    /// A name is resolved through the image's `/etc/passwd` when the
    /// container starts. Kubernetes' `runAsNonRoot` cannot verify a name
    /// and refuses to start the pod; host tools that map users see only a
    /// number. A numeric UID (`USER 10001` or `10001:10001`) says exactly
    /// who runs.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN adduser -D -u 10001 app
    /// USER app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN adduser -D -u 10001 app
    /// USER 10001
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3066](https://github.com/hadolint/hadolint/wiki/DL3066)
    /// - [USER](https://docs.docker.com/reference/dockerfile/#user)
    pub struct NonNumericUser {
        code: "DL3066",
        name: "non-numeric-user",
        origin: Hadolint,
        target: Dockerfile,
        severity: Info,
        category: Security,
        summary: "Non-numeric user-id may not be resolvable by host system",
        url: "https://github.com/hadolint/hadolint/wiki/DL3066",
    }
}

impl DockerfileRule for NonNumericUser {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let Some(stage) = checker
            .model
            .target
            .and_then(|t| checker.model.stages.get(t))
        else {
            return;
        };
        let last_user = stage.steps.iter().rev().find(|step| {
            checker
                .file
                .instructions
                .get(step.instruction)
                .is_some_and(|i| i.keyword == Keyword::User)
        });
        let Some(step) = last_user else { return };
        let Some(instruction) = checker.file.instructions.get(step.instruction) else {
            return;
        };
        let Args::Single(written) = &instruction.args else {
            return;
        };
        if step.references.iter().any(|r| !r.defined) {
            return;
        }
        let value = match &step.expanded {
            Expanded::Single(value) => value.as_str(),
            _ => written.text.as_str(),
        };
        let user = value.split(':').next().unwrap_or_default();
        if user.is_empty() || user.bytes().all(|b| b.is_ascii_digit()) {
            return;
        }
        let user_len = written.text.find(':').unwrap_or(written.text.len());
        out.push(checker.diagnostic(
            &Self::META,
            instruction.token_subrange(written, 0, user_len),
            "Non-numeric user-id may not be resolvable by host system",
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn fires_on_the_last_user_of_the_final_stage() {
        let text = "FROM a\nUSER app:app\n";
        let found = findings(text, "DL3066");
        assert_eq!(found[0].range.slice(text), "app");
        assert_eq!(codes("FROM a\nUSER 1000\nUSER app\n", "DL3066"), [3]);
        assert_eq!(codes("FROM a\nARG U=app\nUSER $U\n", "DL3066"), [3]);
        assert_eq!(
            codes("FROM a AS b\nUSER app\nFROM b\nRUN x\nUSER www\n", "DL3066"),
            [5]
        );
    }

    #[test]
    fn numeric_earlier_and_unknown_users_pass() {
        for text in [
            "FROM a\nUSER 10001\n",
            "FROM a\nUSER 10001:10001\n",
            "FROM a\nUSER app\nUSER 1000\n",
            "FROM a AS build\nUSER app\nFROM b\nRUN x\n",
            "FROM a\nARG UID=1000\nUSER $UID\n",
            "FROM a\nUSER $UNDEFINED\n",
            "FROM a\nONBUILD USER app\n",
            "FROM a\n# hadolint ignore=DL3066\nUSER app\n",
        ] {
            assert!(codes(text, "DL3066").is_empty(), "{text}");
        }
    }
}
