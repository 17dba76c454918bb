use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use std::collections::HashMap;

crate::declare_rule! {
    /// ## What it does
    /// Flags a stage named like an earlier one (names compare
    /// case-insensitively: `AS build` and `AS Build` collide).
    ///
    /// ## Why is this bad?
    /// `COPY --from=build`, `FROM build` and `--target build` can only mean
    /// one stage. Which one they get depends on the instruction and the
    /// builder, so a duplicate is almost always a copy-paste mistake.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22 AS build
    /// RUN npm run build:web
    /// FROM node:22 AS build
    /// RUN npm run build:api
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22 AS build-web
    /// RUN npm run build:web
    /// FROM node:22 AS build-api
    /// RUN npm run build:api
    /// ```
    ///
    /// ## References
    /// - [DuplicateStageName](https://docs.docker.com/reference/build-checks/duplicate-stage-name/)
    pub struct DuplicateStageName {
        code: "DuplicateStageName",
        name: "duplicate-stage-name",
        origin: Buildkit,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Stage names should be unique",
        url: "https://docs.docker.com/reference/build-checks/duplicate-stage-name/",
    }
}

impl DockerfileRule for DuplicateStageName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let mut first_by_name = HashMap::new();
        for stage in &checker.model.stages {
            let (Some(name), Some(range)) = (stage.name.as_deref(), stage.name_range) else {
                continue;
            };
            match first_by_name.get(name) {
                None => {
                    first_by_name.insert(name, range);
                }
                Some(&first) => out.push(
                    checker
                        .diagnostic(
                            &Self::META,
                            range,
                            format!(
                                "Duplicate stage name \"{name}\", stage names should be unique"
                            ),
                        )
                        .with_related(first, "first defined here"),
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    const CODE: &str = "DuplicateStageName";

    #[test]
    fn fires_on_the_later_duplicate() {
        let found = findings("FROM scratch AS b\nFROM scratch AS b\n", CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 2);
        assert_eq!(
            found[0].message,
            "Duplicate stage name \"b\", stage names should be unique"
        );
        assert_eq!(found[0].related.len(), 1);
        assert_eq!(
            codes("FROM a AS build\nFROM b AS Build\nFROM c AS BUILD\n", CODE),
            [2, 3]
        );
    }

    #[test]
    fn silent_on_distinct_names() {
        assert!(codes("FROM scratch AS b1\nFROM scratch AS b2\n", CODE).is_empty());
        assert!(codes("FROM a\nFROM a\n", CODE).is_empty());
        assert!(codes("ARG BASE=node:20\nFROM ${BASE} AS b\nFROM b AS c\n", CODE).is_empty());
    }

    #[test]
    fn suppression() {
        assert!(codes(
            "# check=skip=DuplicateStageName\nFROM a AS b\nFROM a AS b\n",
            CODE
        )
        .is_empty());
        assert!(codes(
            "FROM a AS b\n# check=skip=DuplicateStageName\nFROM a AS b\n",
            CODE
        )
        .is_empty());
    }
}
