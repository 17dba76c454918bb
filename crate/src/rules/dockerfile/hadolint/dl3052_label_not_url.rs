use super::label_schema::{check_typed_labels, is_url};
use crate::diagnostic::Diagnostic;
use crate::lint::config::LabelType;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Checks that the value of every label the configured `label-schema`
    /// types as `url` is a valid absolute URL (RFC 3986): a scheme such as `https:`, then only URL characters.
    ///
    /// Only active with a `label-schema` that has such a label (hadolint's
    /// `--require-label name:url`). Values are read after
    /// variable expansion; a value using an undefined variable is skipped.
    ///
    /// ## Why is this bad?
    /// Tools and registries link to the label's value; a value that is not a URL (`example.com/repo`, a value with spaces) gives a broken link.
    ///
    /// ## Example
    /// With `label-schema: {org.opencontainers.image.source: url}`:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.source="github.com/acme/app"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.source="https://github.com/acme/app"
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3052](https://github.com/hadolint/hadolint/wiki/DL3052)
    /// - [OCI image annotations](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
    pub struct LabelNotUrl {
        code: "DL3052",
        name: "label-not-url",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Maintainability,
        summary: "Label is not a valid URL",
        url: "https://github.com/hadolint/hadolint/wiki/DL3052",
    }
}

impl DockerfileRule for LabelNotUrl {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        check_typed_labels(
            checker,
            &Self::META,
            LabelType::Url,
            is_url,
            |label| format!("Label `{label}` is not a valid URL."),
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
            .insert("org.opencontainers.image.source".into(), LabelType::Url);
        findings_with(text, options)
            .into_iter()
            .filter(|d| d.code == "DL3052")
            .map(|d| d.line)
            .collect()
    }

    #[test]
    fn checks_values_of_the_typed_label() {
        for (value, valid) in [
            ("https://github.com/acme/app", true),
            ("github.com/acme/app", false),
            ("https://a/b c", false),
        ] {
            let text = format!("FROM a\nLABEL org.opencontainers.image.source=\"{value}\"\n");
            assert_eq!(lines(&text).is_empty(), valid, "{value}");
        }
        let text = "FROM a\nLABEL other=\"github.com/acme/app\" \\\n  org.opencontainers.image.source=\"github.com/acme/app\"\n";
        assert_eq!(lines(text), [3]);
    }

    #[test]
    fn expansion_schema_and_pragmas() {
        assert_eq!(
            lines(
                "FROM a\nARG V=\"github.com/acme/app\"\nLABEL org.opencontainers.image.source=$V\n"
            ),
            [3]
        );
        assert!(lines("FROM a\nARG V=\"https://github.com/acme/app\"\nLABEL org.opencontainers.image.source=$V\n").is_empty());
        assert!(lines("FROM a\nLABEL org.opencontainers.image.source=$UNDEFINED\n").is_empty());
        assert!(lines("FROM a\n# hadolint ignore=DL3052\nLABEL org.opencontainers.image.source=\"github.com/acme/app\"\n").is_empty());
        let without_schema = crate::lint::test_support::codes(
            "FROM a\nLABEL org.opencontainers.image.source=\"github.com/acme/app\"\n",
            "DL3052",
        );
        assert!(without_schema.is_empty());
    }
}
