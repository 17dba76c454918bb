use super::label_schema::label_pairs;
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// With `strict-labels` on, flags each `LABEL` key that the configured
    /// `label-schema` does not list (every key when there is no schema).
    ///
    /// ## Why is this bad?
    /// Strict labels keep images to an agreed vocabulary: a misspelt key
    /// (`org.opencontainers.image.sorce`) or an ad-hoc one goes unnoticed
    /// otherwise, and the tools reading the real key find nothing.
    ///
    /// ## Example
    /// With `strict-labels: true` and `label-schema: {version: semver}`:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL version="1.0.0" build-host="ci-7"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL version="1.0.0"
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3050](https://github.com/hadolint/hadolint/wiki/DL3050)
    pub struct SuperfluousLabel {
        code: "DL3050",
        name: "superfluous-label",
        origin: Hadolint,
        target: Dockerfile,
        severity: Info,
        category: Maintainability,
        summary: "Superfluous label(s) present",
        url: "https://github.com/hadolint/hadolint/wiki/DL3050",
    }
}

impl DockerfileRule for SuperfluousLabel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        if !checker.config.strict_labels {
            return;
        }
        for pair in label_pairs(checker) {
            if pair.resolved && !checker.config.label_schema.contains_key(&pair.key) {
                out.push(checker.diagnostic(
                    &Self::META,
                    pair.key_range,
                    format!(
                        "Superfluous label(s) present: `{}` is not in the label schema.",
                        pair.key
                    ),
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

    fn found(text: &str, schema: &[&str]) -> Vec<String> {
        let mut options = AnalyzeOptions::default();
        options.config.strict_labels = true;
        for key in schema {
            options
                .config
                .label_schema
                .insert(key.to_string(), LabelType::Text);
        }
        findings_with(text, options)
            .into_iter()
            .filter(|d| d.code == "DL3050")
            .map(|d| text[d.range.start as usize..d.range.end as usize].to_string())
            .collect()
    }

    #[test]
    fn fires_on_keys_outside_the_schema() {
        assert_eq!(
            found("FROM a\nLABEL version=1 build-host=ci\n", &["version"]),
            ["build-host"]
        );
        assert_eq!(found("FROM a\nLABEL version=1\n", &[]), ["version"]);
        assert!(found("FROM a\nLABEL version=1\n", &["version"]).is_empty());
        assert!(found("FROM a\n# hadolint ignore=DL3050\nLABEL x=1\n", &[]).is_empty());
        assert!(
            codes("FROM a\nLABEL x=1\n", "DL3050").is_empty(),
            "off without strict-labels"
        );
    }
}
