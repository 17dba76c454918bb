use crate::diagnostic::Diagnostic;
use crate::dockerfile::model::Stage;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use std::collections::HashMap;

crate::declare_rule! {
    /// ## What it does
    /// Flags a stage name (`FROM … AS <name>`) already used by an earlier
    /// stage. Names compare case-insensitively, as BuildKit lower-cases them
    /// (`AS Build` and `AS build` collide; hadolint misses that).
    ///
    /// ## Why is this bad?
    /// BuildKit refuses the file ("duplicate stage name"); older builders let
    /// `--from` and `FROM <name>` silently pick one of the stages.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22 AS build
    /// RUN npm ci && npm run build
    /// FROM golang:1.23 AS build
    /// RUN go build ./...
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22 AS web
    /// RUN npm ci && npm run build
    /// FROM golang:1.23 AS server
    /// RUN go build ./...
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3024](https://github.com/hadolint/hadolint/wiki/DL3024)
    /// - [Multi-stage builds: name your stages](https://docs.docker.com/build/building/multi-stage/#name-your-build-stages)
    pub struct DuplicateStageName {
        code: "DL3024",
        name: "duplicate-stage-name",
        origin: Hadolint,
        target: Dockerfile,
        severity: Error,
        category: Correctness,
        summary: "FROM aliases (stage names) must be unique",
        url: "https://github.com/hadolint/hadolint/wiki/DL3024",
    }
}

impl DockerfileRule for DuplicateStageName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        // The first stage of each name (names are already lower-case).
        let mut first_named: HashMap<&str, &Stage> = HashMap::new();
        for stage in &checker.model.stages {
            let (Some(name), Some(range)) = (&stage.name, stage.name_range) else {
                continue;
            };
            let first = *first_named.entry(name.as_str()).or_insert(stage);
            if first.index != stage.index {
                let mut diagnostic = checker.diagnostic(
                    &Self::META,
                    range,
                    "`FROM` aliases (stage names) must be unique",
                );
                if let Some(first_range) = first.name_range {
                    diagnostic = diagnostic.with_related(first_range, "first defined here");
                }
                out.push(diagnostic);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn duplicates_fire_at_the_second_name() {
        let text = "FROM a AS build\nFROM b AS Build\nFROM c AS build\n";
        let found = findings(text, "DL3024");
        assert_eq!(found.iter().map(|d| d.line).collect::<Vec<_>>(), [2, 3]);
        assert_eq!(found[0].range.slice(text), "Build");
        assert_eq!(found[0].related[0].line, 1);
    }

    #[test]
    fn unique_names_pass() {
        assert!(codes("FROM a AS one\nFROM b AS two\nFROM c\nFROM d\n", "DL3024").is_empty());
    }

    #[test]
    fn pragmas() {
        let text = "FROM a AS x\n# hadolint ignore=DL3024\nFROM b AS x\n";
        assert!(codes(text, "DL3024").is_empty());
    }
}
