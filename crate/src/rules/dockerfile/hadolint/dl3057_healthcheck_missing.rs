use crate::diagnostic::Diagnostic;
use crate::dockerfile::model::Base;
use crate::dockerfile::syntax::Keyword;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags each stage with no `HEALTHCHECK` instruction of its own or in
    /// a stage it is built `FROM`. `HEALTHCHECK NONE` counts as a decision.
    ///
    /// Off by default, as in hadolint (its severity there is "ignore"):
    /// turn it on with an `override` in the configuration.
    ///
    /// ## Why is this bad?
    /// Without a health check the container is "running" as long as its
    /// process lives, even when it no longer answers. Orchestrators that
    /// read the Docker health status cannot restart or route around it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// COPY site/ /usr/share/nginx/html/
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.27
    /// COPY site/ /usr/share/nginx/html/
    /// HEALTHCHECK CMD curl -fsS http://localhost/ || exit 1
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3057](https://github.com/hadolint/hadolint/wiki/DL3057)
    /// - [HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
    pub struct HealthcheckMissing {
        code: "DL3057",
        name: "healthcheck-missing",
        origin: Hadolint,
        target: Dockerfile,
        severity: Info,
        category: Maintainability,
        summary: "`HEALTHCHECK` instruction missing",
        url: "https://github.com/hadolint/hadolint/wiki/DL3057",
        enabled_by_default: false,
    }
}

impl DockerfileRule for HealthcheckMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let stages = &checker.model.stages;
        let mut has_healthcheck = vec![false; stages.len()];
        for stage in stages {
            let own = stage.steps.iter().any(|step| {
                checker
                    .file
                    .instructions
                    .get(step.instruction)
                    .is_some_and(|i| i.keyword == Keyword::Healthcheck)
            });
            let inherited = match stage.base {
                Base::Stage { index } if index < stage.index => has_healthcheck[index],
                _ => false,
            };
            has_healthcheck[stage.index] = own || inherited;
            if !own && !inherited {
                if let Some(from) = checker.file.instructions.get(stage.from_instruction) {
                    out.push(checker.diagnostic(
                        &Self::META,
                        from.keyword_token.range,
                        "`HEALTHCHECK` instruction missing.",
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analyze::AnalyzeOptions;
    use crate::diagnostic::Severity;
    use crate::lint::test_support::{codes, findings_with};

    fn enabled(text: &str) -> Vec<u32> {
        let mut options = AnalyzeOptions::default();
        options
            .config
            .overrides
            .insert("DL3057".into(), Severity::Info);
        findings_with(text, options)
            .into_iter()
            .filter(|d| d.code == "DL3057")
            .map(|d| d.line)
            .collect()
    }

    #[test]
    fn off_by_default() {
        assert!(codes("FROM a\nCMD x\n", "DL3057").is_empty());
    }

    #[test]
    fn fires_per_stage_without_a_healthcheck() {
        assert_eq!(enabled("FROM a\nCMD x\n"), [1]);
        assert_eq!(
            enabled("FROM a AS b\nHEALTHCHECK NONE\nFROM c\nCMD x\n"),
            [3]
        );
        assert!(enabled("FROM a AS b\nHEALTHCHECK CMD true\nFROM b\nCMD x\n").is_empty());
        assert_eq!(enabled("FROM a\nONBUILD HEALTHCHECK CMD true\n"), [1]);
        assert!(enabled("# hadolint ignore=DL3057\nFROM a\n").is_empty());
    }
}
