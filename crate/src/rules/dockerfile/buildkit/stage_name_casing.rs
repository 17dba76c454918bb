use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::dockerfile::model::{Base, Stage};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::text::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags a build stage whose name (`FROM image AS Name`) is not all
    /// lowercase.
    ///
    /// ## Why is this bad?
    /// BuildKit lower-cases stage names, so `AS Builder` really defines
    /// `builder`. `COPY --from=Builder` still finds it, but `FROM Builder`
    /// does not: BuildKit then looks for an image called `Builder`, which
    /// is not even a valid image name. Writing the name as BuildKit sees it
    /// avoids the surprise.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22 AS BuildStage
    /// RUN npm ci && npm run build
    /// FROM nginx:1.27
    /// COPY --from=BuildStage /app/dist /usr/share/nginx/html
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22 AS buildstage
    /// RUN npm ci && npm run build
    /// FROM nginx:1.27
    /// COPY --from=buildstage /app/dist /usr/share/nginx/html
    /// ```
    ///
    /// ## Fix
    /// Lower-cases the name and every `FROM`, `COPY --from` and
    /// `RUN --mount=from=` that refers to it. No fix is offered when a
    /// reference comes from a variable.
    ///
    /// ## References
    /// - [StageNameCasing](https://docs.docker.com/reference/build-checks/stage-name-casing/)
    pub struct StageNameCasing {
        code: "StageNameCasing",
        name: "stage-name-casing",
        origin: Buildkit,
        target: Dockerfile,
        severity: Warning,
        category: Style,
        summary: "Stage names should be lowercase",
        url: "https://docs.docker.com/reference/build-checks/stage-name-casing/",
    }
}

impl DockerfileRule for StageNameCasing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &checker.model.stages {
            let Some(range) = stage.name_range else {
                continue;
            };
            let written = range.slice(checker.text);
            if written.is_empty() || written == written.to_lowercase() {
                continue;
            }
            let mut diagnostic = checker.diagnostic(
                &Self::META,
                range,
                format!("Stage name '{written}' should be lowercase"),
            );
            if let Some(edits) = rename_edits(checker, stage, range) {
                diagnostic = diagnostic.with_fix(Fix::new(
                    format!("Rename the stage to '{}'", written.to_lowercase()),
                    edits,
                ));
            }
            out.push(diagnostic);
        }
    }
}

/// Edits lower-casing the stage name and every literal reference to it;
/// `None` when a reference cannot be located exactly in the source.
fn rename_edits(
    checker: &Checker<'_>,
    stage: &Stage,
    name_range: TextRange,
) -> Option<Vec<TextEdit>> {
    let name = stage.name.as_deref()?;
    let mut edits = vec![TextEdit::replace(name_range, name)];
    let references = checker
        .model
        .stages
        .iter()
        .flat_map(|s| &s.dependencies)
        .filter(|d| d.stage == Some(stage.index));
    for reference in references {
        if reference.reference.contains('$') {
            return None;
        }
        let source = reference.range.slice(checker.text);
        // The range may include quotes (`--from="Builder"`): find the name.
        let lower = source.to_ascii_lowercase();
        let at = lower.find(name)?;
        if lower[at + name.len()..].contains(name) {
            return None;
        }
        let start = reference.range.start() + at;
        let written = &source[at..at + name.len()];
        if written != name {
            edits.push(TextEdit::replace(
                TextRange::new(start, start + name.len()),
                name,
            ));
        }
    }
    // `FROM Builder` after `AS Builder` is meant as a reference, but BuildKit
    // looks FROM bases up as written against lower-cased names, so the model
    // sees an image: rename those too, which makes them real references.
    for later in checker.model.stages.iter().skip(stage.index + 1) {
        let written = later.base_range.slice(checker.text);
        if matches!(later.base, Base::Image { .. })
            && written.eq_ignore_ascii_case(name)
            && written != name
        {
            edits.push(TextEdit::replace(later.base_range, name));
        }
    }
    Some(edits)
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{assert_fixed, codes, findings};

    const CODE: &str = "StageNameCasing";

    #[test]
    fn fires_on_mixed_or_upper_case_names() {
        assert_eq!(codes("FROM scratch AS BadStageName\n", CODE), [1]);
        assert_eq!(codes("FROM scratch AS BUILD\n", CODE), [1]);
        let found = findings("FROM alpine AS Builder\n", CODE);
        assert_eq!(found[0].message, "Stage name 'Builder' should be lowercase");
        // The range is the name itself.
        assert_eq!(found[0].column, 16);
        assert_eq!(found[0].end_column, 23);
    }

    #[test]
    fn silent_on_lowercase_or_unnamed_stages() {
        assert!(codes("FROM scratch AS base\nFROM alpine\n", CODE).is_empty());
        assert!(codes("FROM Alpine\n", CODE).is_empty());
        assert!(codes("FROM node:22 AS build-2.x\n", CODE).is_empty());
    }

    #[test]
    fn multi_stage_and_arg_based_images() {
        let text =
            "ARG BASE=node:20\nFROM ${BASE} AS Deps\nFROM deps AS build\nFROM nginx AS Final\n";
        assert_eq!(codes(text, CODE), [2, 4]);
    }

    #[test]
    fn suppressed_by_check_directives() {
        assert!(codes("# check=skip=StageNameCasing\nFROM a AS Bad\n", CODE).is_empty());
        assert!(codes("# check=skip=all\nFROM a AS Bad\n", CODE).is_empty());
        assert!(codes(
            "FROM a\n# check=skip=StageNameCasing\nFROM b AS Bad\n",
            CODE
        )
        .is_empty());
        let raised = findings("# check=error=true\nFROM a AS Bad\n", CODE);
        assert_eq!(raised[0].severity, crate::diagnostic::Severity::Error);
    }

    #[test]
    fn fix_renames_the_stage_and_its_references() {
        assert_fixed(
            "FROM node:22 AS Build\nRUN make\nFROM Build AS test\nRUN --mount=type=bind,from=Build,target=/b true\nFROM nginx\nCOPY --from=BUILD /app /app\n",
            CODE,
            "FROM node:22 AS build\nRUN make\nFROM build AS test\nRUN --mount=type=bind,from=build,target=/b true\nFROM nginx\nCOPY --from=build /app /app\n",
        );
    }

    #[test]
    fn no_fix_when_a_reference_is_a_variable() {
        let text = "ARG STAGE=build\nFROM a AS Build\nFROM ${STAGE}\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert!(found[0].fixes.is_empty());
        // `COPY --from` is not expanded by BuildKit: `$X` names no stage, so
        // it does not block the rename.
        let text = "FROM a AS Build\nFROM b\nCOPY --from=$X /x /x\n";
        assert!(!findings(text, CODE)[0].fixes.is_empty());
    }
}
