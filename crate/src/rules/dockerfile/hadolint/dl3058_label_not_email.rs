use super::label_schema::{check_typed_labels, is_email};
use crate::diagnostic::Diagnostic;
use crate::lint::config::LabelType;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Checks that the value of every label the configured `label-schema`
    /// types as `email` is an e-mail address (RFC 5322 addr-spec: `team@example.com`, without a display name).
    ///
    /// Only active with a `label-schema` that has such a label (hadolint's
    /// `--require-label name:email`). Values are read after
    /// variable expansion; a value using an undefined variable is skipped.
    ///
    /// ## Why is this bad?
    /// Tools send notices to the address in the label; `Jane <jane@example.com>` or `jane at example.com` is not an address they can use.
    ///
    /// ## Example
    /// With `label-schema: {maintainer.email: email}`:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL maintainer.email="jane at example.com"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL maintainer.email="jane@example.com"
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3058](https://github.com/hadolint/hadolint/wiki/DL3058)
    /// - [OCI image annotations](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
    pub struct LabelNotEmail {
        code: "DL3058",
        name: "label-not-email",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Maintainability,
        summary: "Label is not a valid email format - must conform to RFC5322",
        url: "https://github.com/hadolint/hadolint/wiki/DL3058",
    }
}

impl DockerfileRule for LabelNotEmail {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        check_typed_labels(
            checker,
            &Self::META,
            LabelType::Email,
            is_email,
            |label| {
                format!("Label `{label}` is not a valid email format - must conform to RFC5322.")
            },
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
            .insert("maintainer.email".into(), LabelType::Email);
        findings_with(text, options)
            .into_iter()
            .filter(|d| d.code == "DL3058")
            .map(|d| d.line)
            .collect()
    }

    #[test]
    fn checks_values_of_the_typed_label() {
        for (value, valid) in [
            ("jane@example.com", true),
            ("jane at example.com", false),
            ("Jane <jane@example.com>", false),
        ] {
            let text = format!("FROM a\nLABEL maintainer.email=\"{value}\"\n");
            assert_eq!(lines(&text).is_empty(), valid, "{value}");
        }
        let text = "FROM a\nLABEL other=\"jane at example.com\" \\\n  maintainer.email=\"jane at example.com\"\n";
        assert_eq!(lines(text), [3]);
    }

    #[test]
    fn expansion_schema_and_pragmas() {
        assert_eq!(
            lines("FROM a\nARG V=\"jane at example.com\"\nLABEL maintainer.email=$V\n"),
            [3]
        );
        assert!(
            lines("FROM a\nARG V=\"jane@example.com\"\nLABEL maintainer.email=$V\n").is_empty()
        );
        assert!(lines("FROM a\nLABEL maintainer.email=$UNDEFINED\n").is_empty());
        assert!(lines(
            "FROM a\n# hadolint ignore=DL3058\nLABEL maintainer.email=\"jane at example.com\"\n"
        )
        .is_empty());
        let without_schema = crate::lint::test_support::codes(
            "FROM a\nLABEL maintainer.email=\"jane at example.com\"\n",
            "DL3058",
        );
        assert!(without_schema.is_empty());
    }
}
