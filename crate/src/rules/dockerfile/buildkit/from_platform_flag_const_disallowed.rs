use super::support::parse_platform;
use crate::diagnostic::Diagnostic;
use crate::dockerfile::expand::{self, EmptyEnv, ExpandOptions};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags `FROM --platform=<constant>` (`--platform=linux/amd64`), a
    /// platform written without any variable, unless the stage name
    /// contains the platform's OS or architecture (`AS build-amd64`), which
    /// marks the pinning as deliberate.
    ///
    /// ## Why is this bad?
    /// A constant platform ignores the platform the build asks for: with
    /// `docker build --platform linux/arm64` this stage still uses amd64
    /// images, runs under emulation, and the result may not run on the
    /// target. `--platform=$BUILDPLATFORM` (build tools) or leaving the
    /// flag out (target platform) adapts to the build.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 golang:1.23 AS build
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM --platform=$BUILDPLATFORM golang:1.23 AS build
    /// ```
    ///
    /// ## References
    /// - [FromPlatformFlagConstDisallowed](https://docs.docker.com/reference/build-checks/from-platform-flag-const-disallowed/)
    /// - [Multi-platform builds](https://docs.docker.com/build/building/multi-platform/)
    pub struct FromPlatformFlagConstDisallowed {
        code: "FromPlatformFlagConstDisallowed",
        name: "from-platform-flag-const-disallowed",
        origin: Buildkit,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "FROM --platform flag should not use a constant value",
        url: "https://docs.docker.com/reference/build-checks/from-platform-flag-const-disallowed/",
    }
}

impl DockerfileRule for FromPlatformFlagConstDisallowed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let options = ExpandOptions::with_escape(checker.file.escape);
        for stage in &checker.model.stages {
            let Some(instruction) = checker.file.instructions.get(stage.from_instruction) else {
                continue;
            };
            let Some(flag) = instruction.flag("platform") else {
                continue;
            };
            let Some(value) = &flag.value else {
                continue;
            };
            // Any variable, even an undefined one, makes it not a constant.
            let Ok(expansion) = expand::expand_word(&value.text, &EmptyEnv, &options) else {
                continue;
            };
            if !expansion.references.is_empty() {
                continue;
            }
            let constant = expansion.value;
            let Some(platform) = parse_platform(&constant, &checker.model.options.build_platform)
            else {
                continue;
            };
            let name = stage.name.as_deref().unwrap_or("");
            if name.contains(&platform.os) || name.contains(&platform.arch) {
                continue;
            }
            out.push(checker.diagnostic(
                &Self::META,
                flag.range,
                format!("FROM --platform flag should not use constant value \"{constant}\""),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    const CODE: &str = "FromPlatformFlagConstDisallowed";

    #[test]
    fn fires_on_constant_platforms() {
        let found = findings("FROM --platform=linux/amd64 scratch\n", CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "FROM --platform flag should not use constant value \"linux/amd64\""
        );
        assert_eq!((found[0].column, found[0].end_column), (6, 28));
        assert_eq!(
            codes("FROM --platform=linux/arm64 golang AS build\n", CODE),
            [1]
        );
        assert_eq!(
            codes(
                "ARG BASE=node:20\nFROM --platform=linux/amd64 ${BASE}\n",
                CODE
            ),
            [2]
        );
    }

    #[test]
    fn silent_when_the_stage_name_says_why() {
        assert!(codes(
            "FROM --platform=linux/amd64 scratch AS my_amd64_stage\n",
            CODE
        )
        .is_empty());
        assert!(codes("FROM --platform=linux/amd64 scratch AS linux\n", CODE).is_empty());
        assert!(codes(
            "FROM --platform=linux/x86_64 scratch AS build-amd64\n",
            CODE
        )
        .is_empty());
    }

    #[test]
    fn silent_on_variables_and_no_flag() {
        for text in [
            "FROM --platform=$BUILDPLATFORM golang\n",
            "FROM --platform=$TARGETOS/amd64 golang\n",
            "FROM --platform=${UNDEFINED:-linux/amd64} golang\n",
            "FROM golang\n",
            "FROM --platform=not/a/valid/platform golang\n",
        ] {
            assert!(codes(text, CODE).is_empty(), "{text}");
        }
    }

    #[test]
    fn suppression() {
        assert!(codes(
            "# check=skip=FromPlatformFlagConstDisallowed\nFROM --platform=linux/amd64 a\n",
            CODE
        )
        .is_empty());
        assert!(codes(
            "FROM a\n# check=skip=all\nFROM --platform=linux/amd64 b\n",
            CODE
        )
        .is_empty());
    }
}
