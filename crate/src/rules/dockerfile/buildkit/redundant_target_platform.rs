use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::dockerfile::model::Expanded;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::text::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags `FROM --platform=$TARGETPLATFORM` (or `${TARGETPLATFORM}`):
    /// a platform flag whose only variable is `TARGETPLATFORM` and whose
    /// value is exactly the target platform.
    ///
    /// ## Why is this bad?
    /// Every stage is built for the target platform unless told otherwise,
    /// so the flag changes nothing. It only adds noise, and suggests to
    /// readers that something special happens there.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=$TARGETPLATFORM alpine
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine
    /// ```
    ///
    /// ## Fix
    /// Removes the flag.
    ///
    /// ## References
    /// - [RedundantTargetPlatform](https://docs.docker.com/reference/build-checks/redundant-target-platform/)
    /// - [Automatic platform ARGs](https://docs.docker.com/reference/dockerfile/#automatic-platform-args-in-the-global-scope)
    pub struct RedundantTargetPlatform {
        code: "RedundantTargetPlatform",
        name: "redundant-target-platform",
        origin: Buildkit,
        target: Dockerfile,
        severity: Warning,
        category: Style,
        summary: "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior",
        url: "https://docs.docker.com/reference/build-checks/redundant-target-platform/",
    }
}

const TARGET_PLATFORM: &str = "TARGETPLATFORM";

impl DockerfileRule for RedundantTargetPlatform {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let model = checker.model;
        // BuildKit compares with the variable's value in the global scope,
        // which a global `ARG TARGETPLATFORM=…` may have replaced.
        let target = model
            .global_args
            .iter()
            .rev()
            .find(|a| a.name == TARGET_PLATFORM)
            .and_then(|a| a.value.clone())
            .unwrap_or_else(|| model.options.platform.clone());
        for stage in &model.stages {
            let Some(from) = stage.steps.first() else {
                continue;
            };
            let Some(instruction) = checker.file.instructions.get(from.instruction) else {
                continue;
            };
            let (
                Some(flag),
                Expanded::From {
                    platform: Some(platform),
                    ..
                },
            ) = (instruction.flag("platform"), &from.expanded)
            else {
                continue;
            };
            let Some(value) = &flag.value else {
                continue;
            };
            let mut names = from
                .references
                .iter()
                .filter(|r| flag.range.contains_range(r.range));
            let only_target = names
                .clone()
                .all(|r| r.name == TARGET_PLATFORM && r.defined);
            if names.next().is_none() || !only_target || *platform != target {
                continue;
            }
            // Delete the flag and the blanks after it.
            let after = checker.text.get(flag.range.end()..).unwrap_or("");
            let blanks = after.len() - after.trim_start_matches([' ', '\t']).len();
            let removal = TextRange::new(flag.range.start(), flag.range.end() + blanks);
            out.push(
                checker
                    .diagnostic(
                        &Self::META,
                        flag.range,
                        format!(
                            "Setting platform to predefined {} in FROM is redundant as this is the default behavior",
                            value.text
                        ),
                    )
                    .with_fix(Fix::new("Remove --platform", vec![TextEdit::delete(removal)])),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{assert_fixed, codes, findings};

    const CODE: &str = "RedundantTargetPlatform";

    #[test]
    fn fires_on_target_platform() {
        let found = findings("FROM --platform=$TARGETPLATFORM scratch\n", CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior"
        );
        let found = findings("FROM --platform=${TARGETPLATFORM} scratch AS a\n", CODE);
        assert!(found[0].message.contains("predefined ${TARGETPLATFORM} in"));
        assert_eq!(
            codes(
                "ARG BASE=node:20\nFROM --platform=$TARGETPLATFORM ${BASE}\n",
                CODE
            ),
            [2]
        );
    }

    #[test]
    fn silent_on_other_platforms() {
        for text in [
            "FROM --platform=$BUILDPLATFORM golang AS build\n",
            "FROM --platform=linux/amd64 scratch\n",
            "FROM --platform=$TARGETOS/$TARGETARCH scratch\n",
            "FROM --platform=${TARGETPLATFORM}-x scratch\n",
            "FROM scratch\n",
        ] {
            assert!(codes(text, CODE).is_empty(), "{text}");
        }
        // BuildKit compares with the variable's own value, so even a global
        // ARG that redefines TARGETPLATFORM keeps the flag redundant.
        assert_eq!(
            codes(
                "ARG TARGETPLATFORM=linux/arm64\nFROM --platform=$TARGETPLATFORM scratch\n",
                CODE
            ),
            [2]
        );
    }

    #[test]
    fn suppression() {
        assert!(codes(
            "# check=skip=RedundantTargetPlatform\nFROM --platform=$TARGETPLATFORM scratch\n",
            CODE
        )
        .is_empty());
    }

    #[test]
    fn fix_removes_the_flag() {
        assert_fixed(
            "FROM --platform=$TARGETPLATFORM alpine AS base\n",
            CODE,
            "FROM alpine AS base\n",
        );
    }
}
