use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags a stage named `scratch` or `context`.
    ///
    /// ## Why is this bad?
    /// Both words already mean something to BuildKit: `scratch` is the
    /// empty image and `context` the name of the main build context. A
    /// stage with such a name competes with them, and `FROM scratch` stops
    /// meaning what every reader expects.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine AS scratch
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine AS base
    /// ```
    ///
    /// ## References
    /// - [ReservedStageName](https://docs.docker.com/reference/build-checks/reserved-stage-name/)
    pub struct ReservedStageName {
        code: "ReservedStageName",
        name: "reserved-stage-name",
        origin: Buildkit,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Reserved words should not be used as stage names",
        url: "https://docs.docker.com/reference/build-checks/reserved-stage-name/",
    }
}

const RESERVED: [&str; 2] = ["context", "scratch"];

impl DockerfileRule for ReservedStageName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &checker.model.stages {
            let (Some(name), Some(range)) = (stage.name.as_deref(), stage.name_range) else {
                continue;
            };
            if RESERVED.contains(&name) {
                out.push(checker.diagnostic(
                    &Self::META,
                    range,
                    format!("Stage name should not use the same name as reserved stage \"{name}\""),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    const CODE: &str = "ReservedStageName";

    #[test]
    fn fires_on_scratch_and_context() {
        let found = findings("FROM scratch AS scratch\nFROM scratch AS context\n", CODE);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].message,
            "Stage name should not use the same name as reserved stage \"scratch\""
        );
        assert_eq!(found[1].line, 2);
        assert_eq!(codes("FROM alpine AS Context\n", CODE), [1]);
    }

    #[test]
    fn silent_on_reserved_bases_and_other_names() {
        assert!(codes("FROM scratch\nFROM scratch AS a\n", CODE).is_empty());
        assert!(codes("FROM a AS contexts\nFROM b AS scratchpad\n", CODE).is_empty());
    }

    #[test]
    fn suppression() {
        assert!(codes("# check=skip=ReservedStageName\nFROM a AS scratch\n", CODE).is_empty());
    }
}
