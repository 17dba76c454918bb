use super::label_schema::{check_typed_labels, is_semver};
use crate::diagnostic::Diagnostic;
use crate::lint::config::LabelType;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Checks that the value of every label the configured `label-schema`
    /// types as `semver` is a semantic version (`1.4.2`, `2.0.0-rc.1+build.5`).
    ///
    /// Only active with a `label-schema` that has such a label (hadolint's
    /// `--require-label name:semver`). Values are read after
    /// variable expansion; a value using an undefined variable is skipped.
    ///
    /// ## Why is this bad?
    /// Version labels are compared by tools; `v1.4`, `latest` or `1.04.2` cannot be ordered reliably.
    ///
    /// ## Example
    /// With `label-schema: {org.opencontainers.image.version: semver}`:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version="v1.4"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version="1.4.0"
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3056](https://github.com/hadolint/hadolint/wiki/DL3056)
    /// - [OCI image annotations](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
    pub struct LabelNotSemver {
        code: "DL3056",
        name: "label-not-semver",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Maintainability,
        summary: "Label does not conform to semantic versioning",
        url: "https://github.com/hadolint/hadolint/wiki/DL3056",
    }
}

impl DockerfileRule for LabelNotSemver {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        check_typed_labels(
            checker,
            &Self::META,
            LabelType::Semver,
            is_semver,
            |label| format!("Label `{label}` does not conform to semantic versioning."),
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
            .insert("org.opencontainers.image.version".into(), LabelType::Semver);
        findings_with(text, options)
            .into_iter()
            .filter(|d| d.code == "DL3056")
            .map(|d| d.line)
            .collect()
    }

    #[test]
    fn checks_values_of_the_typed_label() {
        for (value, valid) in [("1.4.0", true), ("v1.4", false), ("latest", false)] {
            let text = format!("FROM a\nLABEL org.opencontainers.image.version=\"{value}\"\n");
            assert_eq!(lines(&text).is_empty(), valid, "{value}");
        }
        let text = "FROM a\nLABEL other=\"v1.4\" \\\n  org.opencontainers.image.version=\"v1.4\"\n";
        assert_eq!(lines(text), [3]);
    }

    #[test]
    fn expansion_schema_and_pragmas() {
        assert_eq!(
            lines("FROM a\nARG V=\"v1.4\"\nLABEL org.opencontainers.image.version=$V\n"),
            [3]
        );
        assert!(
            lines("FROM a\nARG V=\"1.4.0\"\nLABEL org.opencontainers.image.version=$V\n")
                .is_empty()
        );
        assert!(lines("FROM a\nLABEL org.opencontainers.image.version=$UNDEFINED\n").is_empty());
        assert!(lines(
            "FROM a\n# hadolint ignore=DL3056\nLABEL org.opencontainers.image.version=\"v1.4\"\n"
        )
        .is_empty());
        let without_schema = crate::lint::test_support::codes(
            "FROM a\nLABEL org.opencontainers.image.version=\"v1.4\"\n",
            "DL3056",
        );
        assert!(without_schema.is_empty());
    }
}
