use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Reports every inline `# hadolint ignore=…` pragma, so that a team can
    /// forbid silencing findings one instruction at a time.
    ///
    /// Off by default, as in hadolint (severity "ignore"): turn it on by
    /// giving it a severity in the configuration's `override`. The lint
    /// engine emits these findings itself while it reads the pragmas
    /// (`lint/suppress.rs`); this entry carries the code's documentation,
    /// and its own check reports nothing.
    ///
    /// ## Why is this bad?
    /// An inline pragma hides a finding where reviewers rarely look. Teams
    /// that want every exception in one reviewed place (the configuration
    /// file's `ignored` list) raise this code's severity.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// # hadolint ignore=DL3008
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// Use instead (with `ignored: [DL3008]` in `.hadolint.yaml`):
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## References
    /// - [hadolint DL1001](https://github.com/hadolint/hadolint/wiki/DL1001)
    /// - [hadolint: ignoring rules](https://github.com/hadolint/hadolint#ignoring-rules)
    pub struct InlineIgnorePragma {
        code: "DL1001",
        name: "inline-ignore-pragma",
        origin: Hadolint,
        target: Dockerfile,
        severity: Info,
        category: Maintainability,
        summary: "Please refrain from using inline ignore pragmas `# hadolint ignore=DLxxxx`",
        url: "https://github.com/hadolint/hadolint/wiki/DL1001",
        enabled_by_default: false,
    }
}

impl DockerfileRule for InlineIgnorePragma {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    /// Nothing to do: the engine reports pragmas while applying them.
    fn check(&self, _checker: &Checker<'_>, _out: &mut Vec<Diagnostic>) {}
}

#[cfg(test)]
mod tests {
    use crate::analyze::AnalyzeOptions;
    use crate::diagnostic::Severity;
    use crate::lint::test_support::{codes, findings_with};

    #[test]
    fn reported_once_per_pragma_only_when_configured() {
        let text = "FROM a\n# hadolint ignore=DL3059\nRUN a\n";
        assert!(codes(text, "DL1001").is_empty());
        let mut options = AnalyzeOptions::default();
        options
            .config
            .overrides
            .insert("DL1001".into(), Severity::Warning);
        let found: Vec<_> = findings_with(text, options)
            .into_iter()
            .filter(|d| d.code == "DL1001")
            .collect();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 2);
        assert_eq!(found[0].severity, Severity::Warning);
    }
}
