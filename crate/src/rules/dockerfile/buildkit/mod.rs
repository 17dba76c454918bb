//! BuildKit's build checks (`docker build --check`), reported under
//! BuildKit's own rule names with BuildKit's default severity (warning).
//!
//! Each rule follows the conditions of BuildKit's `dockerfile2llb` and
//! `instructions` packages; where a static tool cannot know what BuildKit
//! knows (the base image's configuration, the registry), the rule's
//! documentation says so. Suppression (`# check=skip=…`, per instruction,
//! `BUILDKIT_DOCKERFILE_CHECK`) and `error=true` are applied by the lint
//! engine to every rule listed here.

use super::DockerfileRule;

mod image_env;
mod support;

mod consistent_instruction_casing;
mod copy_ignored_file;
mod duplicate_stage_name;
mod expose_invalid_format;
mod expose_proto_casing;
mod from_as_casing;
mod from_platform_flag_const_disallowed;
mod invalid_base_image_platform;
mod invalid_default_arg_in_from;
mod invalid_definition_description;
mod json_args_recommended;
mod legacy_key_value_format;
mod maintainer_deprecated;
mod multiple_instructions_disallowed;
mod no_empty_continuation;
mod redundant_target_platform;
mod reserved_stage_name;
mod secrets_used_in_arg_or_env;
mod stage_name_casing;
mod undefined_arg_in_from;
mod undefined_var;
mod workdir_relative_path;

pub use consistent_instruction_casing::ConsistentInstructionCasing;
pub use copy_ignored_file::CopyIgnoredFile;
pub use duplicate_stage_name::DuplicateStageName;
pub use expose_invalid_format::ExposeInvalidFormat;
pub use expose_proto_casing::ExposeProtoCasing;
pub use from_as_casing::FromAsCasing;
pub use from_platform_flag_const_disallowed::FromPlatformFlagConstDisallowed;
pub use invalid_base_image_platform::InvalidBaseImagePlatform;
pub use invalid_default_arg_in_from::InvalidDefaultArgInFrom;
pub use invalid_definition_description::InvalidDefinitionDescription;
pub use json_args_recommended::JsonArgsRecommended;
pub use legacy_key_value_format::LegacyKeyValueFormat;
pub use maintainer_deprecated::MaintainerDeprecated;
pub use multiple_instructions_disallowed::MultipleInstructionsDisallowed;
pub use no_empty_continuation::NoEmptyContinuation;
pub use redundant_target_platform::RedundantTargetPlatform;
pub use reserved_stage_name::ReservedStageName;
pub use secrets_used_in_arg_or_env::SecretsUsedInArgOrEnv;
pub use stage_name_casing::StageNameCasing;
pub use undefined_arg_in_from::UndefinedArgInFrom;
pub use undefined_var::UndefinedVar;
pub use workdir_relative_path::WorkdirRelativePath;

/// The 22 checks, in the order of BuildKit's rule set.
pub static RULES: &[&dyn DockerfileRule] = &[
    &StageNameCasing,
    &FromAsCasing,
    &NoEmptyContinuation,
    &ConsistentInstructionCasing,
    &DuplicateStageName,
    &ReservedStageName,
    &JsonArgsRecommended,
    &MaintainerDeprecated,
    &UndefinedArgInFrom,
    &WorkdirRelativePath,
    &UndefinedVar,
    &MultipleInstructionsDisallowed,
    &LegacyKeyValueFormat,
    &InvalidBaseImagePlatform,
    &RedundantTargetPlatform,
    &SecretsUsedInArgOrEnv,
    &InvalidDefaultArgInFrom,
    &FromPlatformFlagConstDisallowed,
    &CopyIgnoredFile,
    &InvalidDefinitionDescription,
    &ExposeProtoCasing,
    &ExposeInvalidFormat,
];

#[cfg(test)]
mod tests {
    use super::support::testing::analyze_files;
    use super::RULES;
    use crate::analyze::AnalyzeOptions;
    use crate::diagnostic::Severity;
    use crate::report::ReportDiagnostic;
    use crate::rules::Origin;

    #[test]
    fn all_22_checks_with_buildkit_names_and_docs() {
        assert_eq!(RULES.len(), 22);
        for rule in RULES {
            let meta = rule.meta();
            assert_eq!(meta.origin, Origin::Buildkit, "{}", meta.code);
            assert_eq!(meta.severity, Severity::Warning, "{}", meta.code);
            assert!(
                meta.url
                    .starts_with("https://docs.docker.com/reference/build-checks/"),
                "{}",
                meta.code
            );
            assert_eq!(
                meta.enabled_by_default,
                meta.code != "InvalidDefinitionDescription",
                "{}",
                meta.code
            );
        }
    }

    /// A Dockerfile that triggers the check once, the 1-based line of the
    /// instruction it concerns, and the `.dockerignore` it needs.
    #[derive(Clone, Copy)]
    struct Trigger {
        code: &'static str,
        dockerfile: &'static str,
        instruction_line: usize,
        dockerignore: Option<&'static str>,
    }

    const fn trigger(code: &'static str, dockerfile: &'static str, line: usize) -> Trigger {
        Trigger {
            code,
            dockerfile,
            instruction_line: line,
            dockerignore: None,
        }
    }

    const TRIGGERS: &[Trigger] = &[
        trigger("StageNameCasing", "FROM alpine AS Bad\n", 1),
        trigger("FromAsCasing", "FROM alpine as b\n", 1),
        trigger("NoEmptyContinuation", "FROM alpine\nRUN a \\\n\n  b\n", 2),
        trigger(
            "ConsistentInstructionCasing",
            "FROM alpine\nrun a\nRUN b\n",
            2,
        ),
        trigger("DuplicateStageName", "FROM a AS x\nFROM b AS x\n", 2),
        trigger("ReservedStageName", "FROM alpine AS scratch\n", 1),
        trigger("JSONArgsRecommended", "FROM alpine\nCMD run\n", 2),
        trigger("MaintainerDeprecated", "FROM alpine\nMAINTAINER me\n", 2),
        trigger("UndefinedArgInFrom", "FROM alpine:3${MINOR}\n", 1),
        trigger("WorkdirRelativePath", "FROM alpine\nWORKDIR app\n", 2),
        trigger("UndefinedVar", "FROM alpine\nENV X=$Y\n", 2),
        trigger(
            "MultipleInstructionsDisallowed",
            "FROM alpine\nCMD [\"a\"]\nCMD [\"b\"]\n",
            2,
        ),
        trigger("LegacyKeyValueFormat", "FROM alpine\nENV A b\n", 2),
        trigger(
            "InvalidBaseImagePlatform",
            "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\n",
            1,
        ),
        trigger(
            "RedundantTargetPlatform",
            "FROM --platform=$TARGETPLATFORM alpine\n",
            1,
        ),
        trigger("SecretsUsedInArgOrEnv", "FROM alpine\nARG TOKEN\n", 2),
        trigger("InvalidDefaultArgInFrom", "ARG IMAGE\nFROM $IMAGE\n", 2),
        trigger(
            "FromPlatformFlagConstDisallowed",
            "FROM --platform=linux/amd64 alpine\n",
            1,
        ),
        Trigger {
            code: "CopyIgnoredFile",
            dockerfile: "FROM alpine\nCOPY secret.txt /\n",
            instruction_line: 2,
            dockerignore: Some("secret.txt\n"),
        },
        trigger(
            "InvalidDefinitionDescription",
            "# some words\nFROM alpine AS b\n",
            2,
        ),
        trigger("ExposeProtoCasing", "FROM alpine\nEXPOSE 80/TCP\n", 2),
        trigger("ExposeInvalidFormat", "FROM alpine\nEXPOSE 80:80\n", 2),
    ];

    fn run(t: &Trigger, dockerfile: &str, build_args: &[(&str, &str)]) -> Vec<ReportDiagnostic> {
        let mut options = AnalyzeOptions::default();
        options.config.overrides.insert(
            "InvalidDefinitionDescription".to_string(),
            Severity::Warning,
        );
        for (k, v) in build_args {
            options.build_args.insert(k.to_string(), v.to_string());
        }
        let mut files = vec![("Dockerfile", dockerfile)];
        if let Some(ignore) = t.dockerignore {
            files.push((".dockerignore", ignore));
        }
        analyze_files(&files, options)
            .into_iter()
            .filter(|d| d.code == t.code)
            .collect()
    }

    /// `comment` inserted as a line before the 1-based `line`.
    fn with_line_before(text: &str, line: usize, comment: &str) -> String {
        let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
        let at = (line - 1).min(lines.len());
        let inserted = format!("{comment}\n");
        lines.insert(at, &inserted);
        lines.concat()
    }

    #[test]
    fn every_check_fires_on_its_trigger_and_obeys_check_directives() {
        assert_eq!(TRIGGERS.len(), RULES.len());
        for t in TRIGGERS {
            let code = t.code;
            let found = run(t, t.dockerfile, &[]);
            assert_eq!(found.len(), 1, "{code} should fire once: {found:#?}");
            assert_eq!(found[0].severity, Severity::Warning, "{code}");

            let skip = format!("# check=skip={code}\n{}", t.dockerfile);
            assert!(run(t, &skip, &[]).is_empty(), "{code}: skip directive");
            let skip_all = format!("# check=skip=all\n{}", t.dockerfile);
            assert!(run(t, &skip_all, &[]).is_empty(), "{code}: skip=all");
            let other = format!("# check=skip=SomethingElse\n{}", t.dockerfile);
            assert_eq!(run(t, &other, &[]).len(), 1, "{code}: another rule skipped");

            let comment = format!("# check=skip={code}");
            let local = with_line_before(t.dockerfile, t.instruction_line, &comment);
            assert!(
                run(t, &local, &[]).is_empty(),
                "{code}: per-instruction skip:\n{local}"
            );

            // The experimental check is turned on here by a severity
            // override, and an explicit override wins over `error=true`.
            let expected = if code == "InvalidDefinitionDescription" {
                Severity::Warning
            } else {
                Severity::Error
            };
            let error = format!("# check=error=true\n{}", t.dockerfile);
            let raised = run(t, &error, &[]);
            assert_eq!(raised.len(), 1, "{code}: error=true");
            assert_eq!(raised[0].severity, expected, "{code}: error=true");

            // The build arg replaces the directive.
            let check_arg = format!("skip={code}");
            assert!(
                run(t, &error, &[("BUILDKIT_DOCKERFILE_CHECK", &check_arg)]).is_empty(),
                "{code}: BUILDKIT_DOCKERFILE_CHECK"
            );
            let raised = run(
                t,
                t.dockerfile,
                &[("BUILDKIT_DOCKERFILE_CHECK", "error=true")],
            );
            assert_eq!(raised[0].severity, expected, "{code}: build arg error=true");
        }
    }

    /// Instruction-looking lines inside heredoc bodies, which are not
    /// instructions: none of the checks may fire on them.
    const HEREDOC_DECOY: &str = "FROM alpine:3.20 AS base
RUN <<EOF
FROM Scratch AS Bad
from x AS y
FROM --platform=linux/amd64 x${UNDEFINED} AS scratch
FROM --platform=$TARGETPLATFORM x AS base
MAINTAINER me
ENV API_TOKEN value
ARG PASSWORD
WORKDIR relative
EXPOSE 127.0.0.1:80:80/TCP
CMD run
CMD run again
COPY secret.txt .
echo $UNDEFINED \\

done
EOF
COPY <<'EOF' /etc/app.conf
# not a description
ARG foo
value=$UNDEFINED
COPY secret.txt /
EOF
";

    #[test]
    fn heredoc_bodies_are_not_instructions() {
        for t in TRIGGERS {
            let decoy = Trigger {
                dockerignore: Some("secret.txt\n"),
                ..*t
            };
            let found = run(&decoy, HEREDOC_DECOY, &[]);
            assert!(found.is_empty(), "{}: {found:#?}", t.code);
        }
    }
}

#[cfg(test)]
mod robustness {
    use crate::analyze::{analyze, AnalyzeInput, AnalyzeOptions};

    /// Malformed and unusual input never makes a check panic.
    #[test]
    fn hostile_inputs_do_not_panic() {
        let long_name = "A".repeat(10_000);
        let nested = format!(
            "FROM a\nENV X={}x{}\n",
            "${A:-".repeat(200),
            "}".repeat(200)
        );
        let inputs = [
            "FROM a AS Ünïcödé\nCOPY --from=ÜNÏCÖDÉ /x /y\n".to_string(),
            "FROM\nFROM a AS\nFROM a b c d\n".to_string(),
            "FROM --platform= a\nFROM --platform=/ b\nFROM --platform=linux/ c\n".to_string(),
            "FROM a\nEXPOSE : :: ::: / /TCP :/UDP [::1] 80/ 1:2:3:4:5/Tcp\n".to_string(),
            "FROM a\nWORKDIR\nENV\nLABEL\nARG\nCMD\nENTRYPOINT\nEXPOSE\n".to_string(),
            "FROM a\nENV A\nLABEL b\nENV ${\nCOPY ${ /x\n".to_string(),
            "FROM a\nCMD \u{0}\u{7f}\nENTRYPOINT [\"a\"\n".to_string(),
            format!("FROM a AS {long_name}\nENV {long_name}_TOKEN=1\nCOPY ${long_name} /\n"),
            format!("FROM a\nARG {long_name}\nENV X=${long_name}x\n"),
            nested,
            "FROM a\nRUN a \\\n\n\n\n".to_string(),
            "FROM a\nCOPY <<EOF\n".to_string(),
            "ARG A=${B:?missing}\nFROM $A\n".to_string(),
            "# escape=`\nFROM a\nENV A b`\n  c\nWORKDIR C:\\x\n".to_string(),
            "\u{feff}FROM a as B\r\nENV k v\r\n".to_string(),
        ];
        for text in inputs {
            let mut input = AnalyzeInput {
                options: AnalyzeOptions::default(),
                ..AnalyzeInput::default()
            };
            input.options.today = Some("2026-11-28".to_string());
            input.options.config.overrides.insert(
                "InvalidDefinitionDescription".into(),
                crate::Severity::Warning,
            );
            input.files.insert("Dockerfile".into(), text);
            input.files.insert(".dockerignore".into(), "*\n".into());
            let report = analyze(&input);
            // Every range stays inside the file.
            let len = input.files["Dockerfile"].len();
            for d in &report.diagnostics {
                assert!(d.range.end() <= len, "{}: {:?}", d.code, d.range);
            }
        }
    }
}
