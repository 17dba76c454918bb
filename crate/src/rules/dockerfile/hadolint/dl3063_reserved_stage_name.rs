use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags a stage named `scratch` or `context` (`FROM … AS scratch`),
    /// in any letter case.
    ///
    /// ## Why is this bad?
    /// Both names are taken: `scratch` is the empty image and `context` is
    /// the build context in `COPY --from=context`. A stage with either name
    /// makes later references ambiguous, and BuildKit warns about it
    /// (ReservedStageName).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS context
    /// RUN go build -o /app .
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go build -o /app .
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3063](https://github.com/hadolint/hadolint/wiki/DL3063)
    /// - [ReservedStageName](https://docs.docker.com/reference/build-checks/reserved-stage-name/)
    pub struct ReservedStageName {
        code: "DL3063",
        name: "reserved-stage-name",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Stage name is a reserved word (`scratch`, `context`)",
        url: "https://github.com/hadolint/hadolint/wiki/DL3063",
    }
}

impl DockerfileRule for ReservedStageName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &checker.model.stages {
            let (Some(name), Some(range)) = (&stage.name, stage.name_range) else {
                continue;
            };
            if matches!(name.as_str(), "scratch" | "context") {
                out.push(checker.diagnostic(
                    &Self::META,
                    range,
                    format!(
                        "Stage name `{name}` is reserved and should not be used as a stage name."
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn fires_on_reserved_names() {
        let text = "FROM debian:12 AS Scratch\n";
        assert_eq!(findings(text, "DL3063")[0].range.slice(text), "Scratch");
        assert_eq!(codes("FROM a AS context\nFROM b\n", "DL3063"), [1]);
    }

    #[test]
    fn other_names_pass() {
        for text in [
            "FROM scratch\n",
            "FROM a AS build\n",
            "FROM a AS scratchpad\n",
            "# hadolint ignore=DL3063\nFROM a AS scratch\n",
        ] {
            assert!(codes(text, "DL3063").is_empty(), "{text}");
        }
    }
}
