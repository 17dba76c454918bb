use super::label_schema::{check_typed_labels, is_git_hash};
use crate::diagnostic::Diagnostic;
use crate::lint::config::LabelType;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Checks that the value of every label the configured `label-schema`
    /// types as `hash` is a git commit hash: 40 lower-case hex digits, or the 7-digit short form.
    ///
    /// Only active with a `label-schema` that has such a label (hadolint's
    /// `--require-label name:hash`). Values are read after
    /// variable expansion; a value using an undefined variable is skipped.
    ///
    /// ## Why is this bad?
    /// The label is meant to lead back to the exact commit the image was built from; a branch name or a tag moves, and a typo leads nowhere.
    ///
    /// ## Example
    /// With `label-schema: {org.opencontainers.image.revision: hash}`:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.revision="main"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.revision="3f2a9c1e5b7d4a6f8e0c2b4d6a8f0e1c3b5d7f9a"
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3055](https://github.com/hadolint/hadolint/wiki/DL3055)
    /// - [OCI image annotations](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
    pub struct LabelNotGitHash {
        code: "DL3055",
        name: "label-not-git-hash",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Maintainability,
        summary: "Label is not a valid git hash",
        url: "https://github.com/hadolint/hadolint/wiki/DL3055",
    }
}

impl DockerfileRule for LabelNotGitHash {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        check_typed_labels(
            checker,
            &Self::META,
            LabelType::Hash,
            is_git_hash,
            |label| format!("Label `{label}` is not a valid git hash."),
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::analyze::AnalyzeOptions;
    use crate::lint::config::LabelType;
    use crate::lint::test_support::findings_with;

    fn lines(text: &str) -> Vec<u32> {
        let mut options = AnalyzeOptions::default();
        options
            .config
            .label_schema
            .insert("org.opencontainers.image.revision".into(), LabelType::Hash);
        findings_with(text, options)
            .into_iter()
            .filter(|d| d.code == "DL3055")
            .map(|d| d.line)
            .collect()
    }

    #[test]
    fn checks_values_of_the_typed_label() {
        for (value, valid) in [("3f2a9c1", true), ("main", false), ("3F2A9C1", false)] {
            let text = format!("FROM a\nLABEL org.opencontainers.image.revision=\"{value}\"\n");
            assert_eq!(lines(&text).is_empty(), valid, "{value}");
        }
        let text =
            "FROM a\nLABEL other=\"main\" \\\n  org.opencontainers.image.revision=\"main\"\n";
        assert_eq!(lines(text), [3]);
    }

    #[test]
    fn expansion_schema_and_pragmas() {
        assert_eq!(
            lines("FROM a\nARG V=\"main\"\nLABEL org.opencontainers.image.revision=$V\n"),
            [3]
        );
        assert!(lines("FROM a\nARG V=\"3f2a9c1e5b7d4a6f8e0c2b4d6a8f0e1c3b5d7f9a\"\nLABEL org.opencontainers.image.revision=$V\n").is_empty());
        assert!(lines("FROM a\nLABEL org.opencontainers.image.revision=$UNDEFINED\n").is_empty());
        assert!(lines(
            "FROM a\n# hadolint ignore=DL3055\nLABEL org.opencontainers.image.revision=\"main\"\n"
        )
        .is_empty());
        let without_schema = crate::lint::test_support::codes(
            "FROM a\nLABEL org.opencontainers.image.revision=\"main\"\n",
            "DL3055",
        );
        assert!(without_schema.is_empty());
    }
}
