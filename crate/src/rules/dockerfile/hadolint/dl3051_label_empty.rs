use super::label_schema::label_pairs;
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags a label of the configured `label-schema` set to an empty value
    /// (`LABEL version=""`, or a variable that expands to nothing). A value
    /// using an undefined variable is skipped.
    ///
    /// ## Why is this bad?
    /// An empty label satisfies "the label is present" while saying
    /// nothing: the tools that read it get an empty string.
    ///
    /// ## Example
    /// With `label-schema: {org.opencontainers.image.version: semver}`:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version=""
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version="1.0.0"
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3051](https://github.com/hadolint/hadolint/wiki/DL3051)
    pub struct LabelEmpty {
        code: "DL3051",
        name: "label-empty",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Maintainability,
        summary: "Label of the schema is empty",
        url: "https://github.com/hadolint/hadolint/wiki/DL3051",
    }
}

impl DockerfileRule for LabelEmpty {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let schema = &checker.config.label_schema;
        if schema.is_empty() {
            return;
        }
        for pair in label_pairs(checker) {
            if pair.resolved && pair.value.is_empty() && schema.contains_key(&pair.key) {
                out.push(checker.diagnostic(
                    &Self::META,
                    pair.value_range,
                    format!("label `{}` is empty.", pair.key),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analyze::AnalyzeOptions;
    use crate::lint::config::LabelType;
    use crate::lint::test_support::{codes, findings_with};

    fn lines(text: &str) -> Vec<u32> {
        let mut options = AnalyzeOptions::default();
        options
            .config
            .label_schema
            .insert("version".into(), LabelType::Text);
        findings_with(text, options)
            .into_iter()
            .filter(|d| d.code == "DL3051")
            .map(|d| d.line)
            .collect()
    }

    #[test]
    fn fires_on_empty_schema_labels() {
        assert_eq!(lines("FROM a\nLABEL version=\"\"\n"), [2]);
        assert_eq!(lines("FROM a\nLABEL version=\n"), [2]);
        assert_eq!(lines("FROM a\nARG V=\nLABEL version=$V\n"), [3]);
        assert!(lines("FROM a\nLABEL version=1 other=\"\"\n").is_empty());
        assert!(lines("FROM a\nLABEL version=$UNDEFINED\n").is_empty());
        assert!(lines("FROM a\n# hadolint ignore=DL3051\nLABEL version=\"\"\n").is_empty());
        assert!(codes("FROM a\nLABEL version=\"\"\n", "DL3051").is_empty());
    }
}
