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
    use super::RULES;
    use crate::rules::Origin;

    #[test]
    fn all_22_checks_with_buildkit_names_and_docs() {
        assert_eq!(RULES.len(), 22);
        for rule in RULES {
            let meta = rule.meta();
            assert_eq!(meta.origin, Origin::Buildkit, "{}", meta.code);
            assert_eq!(
                meta.severity,
                crate::diagnostic::Severity::Warning,
                "{}",
                meta.code
            );
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
}
