use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Reports a stage that building the target does not need: nothing the
    /// target depends on is built `FROM` it, copies from it or mounts it.
    ///
    /// A named stage can still be built on its own with `--target`, so
    /// named stages are only reported when the target was given explicitly
    /// (`--target`, or the Compose `build.target`); an unnamed stage cannot
    /// be targeted and is always reported.
    ///
    /// ## Why is this bad?
    /// BuildKit skips stages the target does not need, so the stage is dead
    /// code that still has to be read and maintained, and the legacy builder
    /// (`DOCKER_BUILDKIT=0`) still builds it, slowly. Often it is a leftover,
    /// or a `COPY --from` that names the wrong stage.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.26
    /// RUN go vet ./...
    ///
    /// FROM golang:1.26 AS build
    /// RUN go build -o /out/app .
    ///
    /// FROM gcr.io/distroless/static-debian12
    /// COPY --from=build /out/app /app
    /// ```
    ///
    /// Use instead: remove the first stage, or give it a name and build it
    /// with `--target`.
    ///
    /// ## References
    /// - [Multi-stage builds: stop at a specific stage](https://docs.docker.com/build/building/multi-stage/#stop-at-a-specific-build-stage)
    /// - [Differences between legacy builder and BuildKit](https://docs.docker.com/build/building/multi-stage/#differences-between-legacy-builder-and-buildkit)
    pub struct StageNeverUsed {
        code: "LL1016",
        name: "stage-never-used",
        origin: Layerlab,
        target: Dockerfile,
        severity: Info,
        category: Maintainability,
        summary: "A stage is not needed to build the target",
        url: "https://docs.docker.com/build/building/multi-stage/#differences-between-legacy-builder-and-buildkit",
    }
}

impl DockerfileRule for StageNeverUsed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let Some(target) = checker.model.target else {
            return;
        };
        let Some(target_label) = checker.model.stages.get(target).map(|s| s.label()) else {
            return;
        };
        let explicit_target = checker.model.options.target.is_some();
        for stage in &checker.model.stages {
            if stage.needed || stage.index == target {
                continue;
            }
            let range = stage.name_range.unwrap_or(stage.base_range);
            let message = match &stage.name {
                None => format!(
                    "This stage is never used: building `{target_label}` does not need it and it \
                     has no name, so `--target` cannot select it. BuildKit skips it; remove it, \
                     or check the `COPY --from` that should use it"
                ),
                Some(name) if explicit_target => format!(
                    "Stage `{name}` is not needed to build the target `{target_label}`: BuildKit \
                     skips it (the legacy builder still builds it)"
                ),
                Some(_) => continue,
            };
            out.push(checker.diagnostic(&Self::META, range, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{range_text, Setup};
    use crate::lint::test_support::{codes, findings};

    const CODE: &str = "LL1016";

    #[test]
    fn unnamed_unused_stages() {
        let text = "FROM golang:1.26\nRUN go vet ./...\n\nFROM golang:1.26 AS build\nRUN go build\n\nFROM alpine:3.24\nCOPY --from=build /out /app\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 1);
        assert_eq!(range_text(text, &found[0]), "golang:1.26");
    }

    #[test]
    fn used_stages_and_named_ones_without_explicit_target() {
        let text = "FROM golang:1.26\nRUN go build\nFROM alpine:3.24\nCOPY --from=0 /out /app\n";
        assert!(codes(text, CODE).is_empty());
        let text = "FROM node:22 AS test\nRUN npm test\nFROM node:22 AS prod\nCMD [\"node\"]\n";
        assert!(codes(text, CODE).is_empty());
        let text =
            "ARG BASE=node:22\nFROM ${BASE} AS base\nFROM base AS prod\nRUN <<EOF\nnpm ci\nEOF\n";
        assert!(codes(text, CODE).is_empty());
    }

    #[test]
    fn named_stages_with_an_explicit_target() {
        let text = "FROM node:22 AS dev\nCMD [\"npm\", \"run\", \"dev\"]\nFROM node:22 AS test\nRUN npm test\nFROM node:22-slim AS prod\nCMD [\"node\"]\n";
        let setup = Setup {
            target: Some("prod"),
            ..Setup::default()
        };
        let found = setup.findings(text, CODE);
        assert_eq!(found.iter().map(|f| f.line).collect::<Vec<_>>(), [1, 3]);
        assert_eq!(range_text(text, &found[0]), "dev");
        assert!(found[0].message.contains("target `prod`"));
    }

    #[test]
    fn a_pragma_silences_it() {
        let text = "# hadolint ignore=LL1016\nFROM golang:1.26\nRUN go vet\nFROM alpine:3.24\n";
        assert!(codes(text, CODE).is_empty());
    }
}
