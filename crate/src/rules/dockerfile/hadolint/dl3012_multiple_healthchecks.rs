use crate::diagnostic::Diagnostic;
use crate::dockerfile::syntax::Keyword;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags every `HEALTHCHECK` of a stage after the first one
    /// (`HEALTHCHECK NONE` included).
    ///
    /// ## Why is this bad?
    /// Only the last `HEALTHCHECK` of a stage takes effect; the earlier ones
    /// are dead text that readers will take for the real check.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK CMD curl -f http://localhost/ || exit 1
    /// HEALTHCHECK CMD wget -qO- http://localhost/ || exit 1
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK CMD curl -f http://localhost/ || exit 1
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3012](https://github.com/hadolint/hadolint/wiki/DL3012)
    /// - [HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
    pub struct MultipleHealthchecks {
        code: "DL3012",
        name: "multiple-healthchecks",
        origin: Hadolint,
        target: Dockerfile,
        severity: Error,
        category: Correctness,
        summary: "Multiple HEALTHCHECK instructions in a stage",
        url: "https://github.com/hadolint/hadolint/wiki/DL3012",
    }
}

impl DockerfileRule for MultipleHealthchecks {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &checker.model.stages {
            let mut first = None;
            for step in &stage.steps {
                let Some(instruction) = checker.file.instructions.get(step.instruction) else {
                    continue;
                };
                if instruction.keyword != Keyword::Healthcheck {
                    continue;
                }
                let keyword = instruction.keyword_token.range;
                match first {
                    None => first = Some(keyword),
                    Some(earlier) => out.push(
                        checker
                            .diagnostic(&Self::META, keyword, "Multiple `HEALTHCHECK` instructions")
                            .with_related(earlier, "the first HEALTHCHECK of the stage"),
                    ),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn second_and_later_fire() {
        let text = "FROM a\nHEALTHCHECK CMD true\nHEALTHCHECK NONE\nhealthcheck CMD false\n";
        let found = findings(text, "DL3012");
        assert_eq!(found.iter().map(|d| d.line).collect::<Vec<_>>(), [3, 4]);
        assert_eq!(found[1].range.slice(text), "healthcheck");
        assert_eq!(found[0].related[0].line, 2);
    }

    #[test]
    fn one_per_stage_passes() {
        let text = "FROM a AS one\nHEALTHCHECK CMD true\nFROM one\nHEALTHCHECK CMD false\n";
        assert!(codes(text, "DL3012").is_empty());
        assert!(codes(
            "FROM a\nHEALTHCHECK CMD true\nONBUILD HEALTHCHECK NONE\n",
            "DL3012"
        )
        .is_empty());
    }

    #[test]
    fn pragmas() {
        let text = "FROM a\nHEALTHCHECK CMD true\n# hadolint ignore=DL3012\nHEALTHCHECK NONE\n";
        assert!(codes(text, "DL3012").is_empty());
    }
}
