use super::label_schema::label_pairs;
use crate::diagnostic::Diagnostic;
use crate::dockerfile::model::Base;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use std::collections::HashSet;

crate::declare_rule! {
    /// ## What it does
    /// With a `label-schema` configured, flags each stage that lacks one of
    /// its labels — set neither in the stage nor in a stage it is built
    /// `FROM` — once per missing label, at the stage's `FROM`.
    ///
    /// ## Why is this bad?
    /// A schema is a team's promise that every image says where it comes
    /// from, who owns it, which version it is. An image without the label
    /// breaks the tools that rely on it (inventories, license scans,
    /// provenance checks).
    ///
    /// ## Example
    /// With `label-schema: {org.opencontainers.image.source: url}`:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// CMD ["app"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.source="https://github.com/acme/app"
    /// CMD ["app"]
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3049](https://github.com/hadolint/hadolint/wiki/DL3049)
    /// - [LABEL](https://docs.docker.com/reference/dockerfile/#label)
    pub struct LabelMissing {
        code: "DL3049",
        name: "label-missing",
        origin: Hadolint,
        target: Dockerfile,
        severity: Info,
        category: Maintainability,
        summary: "A label of the schema is missing",
        url: "https://github.com/hadolint/hadolint/wiki/DL3049",
    }
}

impl DockerfileRule for LabelMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let schema = &checker.config.label_schema;
        if schema.is_empty() {
            return;
        }
        let pairs = label_pairs(checker);
        let stages = &checker.model.stages;
        // The keys each stage sets itself, in one pass over the pairs.
        let mut set_in: Vec<Vec<&str>> = vec![Vec::new(); stages.len()];
        for pair in &pairs {
            if let Some(stage) = checker.stage_of(pair.instruction) {
                if let Some(keys) = set_in.get_mut(stage.index) {
                    keys.push(pair.key.as_str());
                }
            }
        }
        let mut labels: Vec<HashSet<&str>> = Vec::with_capacity(stages.len());
        for stage in stages {
            let mut own: HashSet<&str> = match stage.base {
                Base::Stage { index } if index < labels.len() => labels[index].clone(),
                _ => HashSet::new(),
            };
            own.extend(set_in.get(stage.index).into_iter().flatten().copied());
            if let Some(from) = checker.file.instructions.get(stage.from_instruction) {
                for label in schema.keys().filter(|label| !own.contains(label.as_str())) {
                    out.push(checker.diagnostic(
                        &Self::META,
                        from.keyword_token.range,
                        format!("Label `{label}` is missing."),
                    ));
                }
            }
            labels.push(own);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analyze::AnalyzeOptions;
    use crate::lint::config::LabelType;
    use crate::lint::test_support::{codes, findings_with};

    fn messages(text: &str) -> Vec<(u32, String)> {
        let mut options = AnalyzeOptions::default();
        options
            .config
            .label_schema
            .insert("version".into(), LabelType::Semver);
        options
            .config
            .label_schema
            .insert("owner".into(), LabelType::Email);
        findings_with(text, options)
            .into_iter()
            .filter(|d| d.code == "DL3049")
            .map(|d| (d.line, d.message))
            .collect()
    }

    #[test]
    fn fires_per_stage_and_missing_label() {
        assert_eq!(
            messages("FROM a\nLABEL version=1.0.0\n"),
            [(1, "Label `owner` is missing.".to_string())]
        );
        assert_eq!(
            messages("FROM a AS b\nLABEL version=1.0.0 owner=a@b.c\nFROM c\n").len(),
            2
        );
        assert!(
            messages("FROM a AS b\nLABEL version=1.0.0 owner=a@b.c\nFROM b\nRUN x\n").is_empty()
        );
        assert!(messages("ARG V=1.0.0\nFROM a\nLABEL version=$V owner=a@b.c\n").is_empty());
        assert!(messages("# hadolint ignore=DL3049\nFROM a\n").is_empty());
    }

    #[test]
    fn quiet_without_a_schema() {
        assert!(codes("FROM a\n", "DL3049").is_empty());
    }
}
