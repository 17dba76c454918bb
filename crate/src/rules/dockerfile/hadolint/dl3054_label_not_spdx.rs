use super::label_schema::{check_typed_labels, is_spdx_expression};
use crate::diagnostic::Diagnostic;
use crate::lint::config::LabelType;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Checks that the value of every label the configured `label-schema`
    /// types as `spdx` is an SPDX license identifier (`MIT`, `Apache-2.0`, `LicenseRef-…`). Layerlab accepts SPDX license *expressions* (`MIT OR Apache-2.0`, `GPL-2.0-only WITH Classpath-exception-2.0`), which the OCI annotation `org.opencontainers.image.licenses` is defined as; hadolint only accepts a single identifier.
    ///
    /// Only active with a `label-schema` that has such a label (hadolint's
    /// `--require-label name:spdx`). Values are read after
    /// variable expansion; a value using an undefined variable is skipped.
    ///
    /// ## Why is this bad?
    /// License scanners read the label as SPDX; `Apache 2` or `BSD` match no license and the image shows up as unlicensed.
    ///
    /// ## Example
    /// With `label-schema: {org.opencontainers.image.licenses: spdx}`:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.licenses="Apache 2"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.licenses="Apache-2.0"
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3054](https://github.com/hadolint/hadolint/wiki/DL3054)
    /// - [OCI image annotations](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
    pub struct LabelNotSpdx {
        code: "DL3054",
        name: "label-not-spdx",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Maintainability,
        summary: "Label is not a valid SPDX identifier",
        url: "https://github.com/hadolint/hadolint/wiki/DL3054",
    }
}

impl DockerfileRule for LabelNotSpdx {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        check_typed_labels(
            checker,
            &Self::META,
            LabelType::Spdx,
            is_spdx_expression,
            |label| format!("Label `{label}` is not a valid SPDX identifier."),
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
            .insert("org.opencontainers.image.licenses".into(), LabelType::Spdx);
        findings_with(text, options)
            .into_iter()
            .filter(|d| d.code == "DL3054")
            .map(|d| d.line)
            .collect()
    }

    #[test]
    fn checks_values_of_the_typed_label() {
        for (value, valid) in [
            ("MIT OR Apache-2.0", true),
            ("Apache 2", false),
            ("BSD", false),
        ] {
            let text = format!("FROM a\nLABEL org.opencontainers.image.licenses=\"{value}\"\n");
            assert_eq!(lines(&text).is_empty(), valid, "{value}");
        }
        let text = "FROM a\nLABEL other=\"Apache 2\" \\\n  org.opencontainers.image.licenses=\"Apache 2\"\n";
        assert_eq!(lines(text), [3]);
    }

    #[test]
    fn expansion_schema_and_pragmas() {
        assert_eq!(
            lines("FROM a\nARG V=\"Apache 2\"\nLABEL org.opencontainers.image.licenses=$V\n"),
            [3]
        );
        assert!(lines(
            "FROM a\nARG V=\"Apache-2.0\"\nLABEL org.opencontainers.image.licenses=$V\n"
        )
        .is_empty());
        assert!(lines("FROM a\nLABEL org.opencontainers.image.licenses=$UNDEFINED\n").is_empty());
        assert!(lines("FROM a\n# hadolint ignore=DL3054\nLABEL org.opencontainers.image.licenses=\"Apache 2\"\n").is_empty());
        let without_schema = crate::lint::test_support::codes(
            "FROM a\nLABEL org.opencontainers.image.licenses=\"Apache 2\"\n",
            "DL3054",
        );
        assert!(without_schema.is_empty());
    }
}
