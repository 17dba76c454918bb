use super::label_schema::{check_typed_labels, is_rfc3339};
use crate::diagnostic::Diagnostic;
use crate::lint::config::LabelType;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Checks that the value of every label the configured `label-schema`
    /// types as `rfc3339` is an RFC 3339 date-time (`2024-05-01T12:30:00Z`, with a `Z` or a `±hh:mm` offset).
    ///
    /// Only active with a `label-schema` that has such a label (hadolint's
    /// `--require-label name:rfc3339`). Values are read after
    /// variable expansion; a value using an undefined variable is skipped.
    ///
    /// ## Why is this bad?
    /// Tools that sort or compare build dates read the label as an RFC 3339 timestamp; `May 1st` or a date without time zone cannot be compared.
    ///
    /// ## Example
    /// With `label-schema: {org.opencontainers.image.created: rfc3339}`:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.created="2024-05-01"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.created="2024-05-01T12:30:00Z"
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3053](https://github.com/hadolint/hadolint/wiki/DL3053)
    /// - [OCI image annotations](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
    pub struct LabelNotRfc3339 {
        code: "DL3053",
        name: "label-not-rfc3339",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Maintainability,
        summary: "Label is not a valid time format - must be conform to RFC3339",
        url: "https://github.com/hadolint/hadolint/wiki/DL3053",
    }
}

impl DockerfileRule for LabelNotRfc3339 {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        check_typed_labels(
            checker,
            &Self::META,
            LabelType::Rfc3339,
            is_rfc3339,
            |label| {
                format!("Label `{label}` is not a valid time format - must be conform to RFC3339.")
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
        options.config.label_schema.insert(
            "org.opencontainers.image.created".into(),
            LabelType::Rfc3339,
        );
        findings_with(text, options)
            .into_iter()
            .filter(|d| d.code == "DL3053")
            .map(|d| d.line)
            .collect()
    }

    #[test]
    fn checks_values_of_the_typed_label() {
        for (value, valid) in [
            ("2024-05-01T12:30:00Z", true),
            ("2024-05-01", false),
            ("yesterday", false),
        ] {
            let text = format!("FROM a\nLABEL org.opencontainers.image.created=\"{value}\"\n");
            assert_eq!(lines(&text).is_empty(), valid, "{value}");
        }
        let text = "FROM a\nLABEL other=\"2024-05-01\" \\\n  org.opencontainers.image.created=\"2024-05-01\"\n";
        assert_eq!(lines(text), [3]);
    }

    #[test]
    fn expansion_schema_and_pragmas() {
        assert_eq!(
            lines("FROM a\nARG V=\"2024-05-01\"\nLABEL org.opencontainers.image.created=$V\n"),
            [3]
        );
        assert!(lines(
            "FROM a\nARG V=\"2024-05-01T12:30:00Z\"\nLABEL org.opencontainers.image.created=$V\n"
        )
        .is_empty());
        assert!(lines("FROM a\nLABEL org.opencontainers.image.created=$UNDEFINED\n").is_empty());
        assert!(lines("FROM a\n# hadolint ignore=DL3053\nLABEL org.opencontainers.image.created=\"2024-05-01\"\n").is_empty());
        let without_schema = crate::lint::test_support::codes(
            "FROM a\nLABEL org.opencontainers.image.created=\"2024-05-01\"\n",
            "DL3053",
        );
        assert!(without_schema.is_empty());
    }
}
