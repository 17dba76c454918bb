//! hadolint's DL rules. Same code, same default severity, same meaning —
//! except where hadolint is wrong on valid syntax; those cases are tested.

use super::DockerfileRule;

mod copy_from;
mod images_from;
mod runs;

mod dl3000_workdir_not_absolute;
mod dl3001_pointless_command;
mod dl3002_last_user_root;
mod dl3003_cd_instead_of_workdir;
mod dl3004_sudo;
mod dl3006_untagged_image;
mod dl3007_latest_tag;
mod dl3008_apt_unpinned;
mod dl3009_apt_lists_not_deleted;
mod dl3010_copy_then_extract;
mod dl3011_invalid_port;
mod dl3012_multiple_healthchecks;
mod dl3013_pip_unpinned;
mod dl3014_apt_missing_yes;
mod dl3015_apt_install_recommends;
mod dl3016_npm_unpinned;
mod dl3018_apk_unpinned;
mod dl3019_apk_cache;
mod dl3020_add_instead_of_copy;
mod dl3021_copy_destination_slash;
mod dl3022_copy_from_unknown_stage;
mod dl3023_copy_from_own_stage;
mod dl3024_duplicate_stage_name;
mod dl3025_shell_form_command;
mod dl3026_untrusted_registry;
mod dl3027_apt_instead_of_apt_get;
mod dl3028_gem_unpinned;
mod dl3029_from_platform;
// Helpers shared by the rules from DL3030 upward.
mod assume_yes;
mod clean_missing;
mod label_schema;
mod repeated_instruction;
mod shell_runs;
mod spdx_ids;
mod unpinned;

mod dl1001_inline_ignore_pragma;
mod dl3030_yum_missing_yes;
mod dl3032_yum_clean_missing;
mod dl3033_yum_unpinned;
mod dl3034_zypper_missing_non_interactive;
mod dl3035_zypper_dist_upgrade;
mod dl3036_zypper_clean_missing;
mod dl3037_zypper_unpinned;
mod dl3038_dnf_missing_yes;
mod dl3040_dnf_clean_missing;
mod dl3041_dnf_unpinned;
mod dl3042_pip_cache_dir;
mod dl3043_onbuild_forbidden_trigger;
mod dl3044_env_self_reference;
mod dl3045_copy_relative_without_workdir;
mod dl3046_useradd_high_uid;
mod dl3047_wget_without_progress;
mod dl3048_invalid_label_key;
mod dl3049_label_missing;
mod dl3050_superfluous_label;
mod dl3051_label_empty;
mod dl3052_label_not_url;
mod dl3053_label_not_rfc3339;
mod dl3054_label_not_spdx;
mod dl3055_label_not_git_hash;
mod dl3056_label_not_semver;
mod dl3057_healthcheck_missing;
mod dl3058_label_not_email;
mod dl3059_consecutive_runs;
mod dl3060_yarn_cache_not_cleaned;
mod dl3061_instruction_before_from;
mod dl3062_go_unpinned;
mod dl3063_reserved_stage_name;
mod dl3064_secret_in_arg_or_env;
mod dl3065_redundant_target_platform;
mod dl3066_non_numeric_user;
mod dl3067_copy_whole_filesystem;
mod dl4000_maintainer_deprecated;
mod dl4001_wget_and_curl;
mod dl4003_multiple_cmd;
mod dl4004_multiple_entrypoint;
mod dl4005_ln_bin_sh;
mod dl4006_pipe_without_pipefail;

pub use dl1001_inline_ignore_pragma::InlineIgnorePragma;
pub use dl3000_workdir_not_absolute::WorkdirNotAbsolute;
pub use dl3001_pointless_command::PointlessCommand;
pub use dl3002_last_user_root::LastUserRoot;
pub use dl3003_cd_instead_of_workdir::CdInsteadOfWorkdir;
pub use dl3004_sudo::Sudo;
pub use dl3006_untagged_image::UntaggedImage;
pub use dl3007_latest_tag::LatestTag;
pub use dl3008_apt_unpinned::AptUnpinned;
pub use dl3009_apt_lists_not_deleted::AptListsNotDeleted;
pub use dl3010_copy_then_extract::CopyThenExtract;
pub use dl3011_invalid_port::InvalidPort;
pub use dl3012_multiple_healthchecks::MultipleHealthchecks;
pub use dl3013_pip_unpinned::PipUnpinned;
pub use dl3014_apt_missing_yes::AptMissingYes;
pub use dl3015_apt_install_recommends::AptInstallRecommends;
pub use dl3016_npm_unpinned::NpmUnpinned;
pub use dl3018_apk_unpinned::ApkUnpinned;
pub use dl3019_apk_cache::ApkCache;
pub use dl3020_add_instead_of_copy::AddInsteadOfCopy;
pub use dl3021_copy_destination_slash::CopyDestinationSlash;
pub use dl3022_copy_from_unknown_stage::CopyFromUnknownStage;
pub use dl3023_copy_from_own_stage::CopyFromOwnStage;
pub use dl3024_duplicate_stage_name::DuplicateStageName;
pub use dl3025_shell_form_command::ShellFormCommand;
pub use dl3026_untrusted_registry::UntrustedRegistry;
pub use dl3027_apt_instead_of_apt_get::AptInsteadOfAptGet;
pub use dl3028_gem_unpinned::GemUnpinned;
pub use dl3029_from_platform::FromPlatform;
pub use dl3030_yum_missing_yes::YumMissingYes;
pub use dl3032_yum_clean_missing::YumCleanMissing;
pub use dl3033_yum_unpinned::YumUnpinned;
pub use dl3034_zypper_missing_non_interactive::ZypperMissingNonInteractive;
pub use dl3035_zypper_dist_upgrade::ZypperDistUpgrade;
pub use dl3036_zypper_clean_missing::ZypperCleanMissing;
pub use dl3037_zypper_unpinned::ZypperUnpinned;
pub use dl3038_dnf_missing_yes::DnfMissingYes;
pub use dl3040_dnf_clean_missing::DnfCleanMissing;
pub use dl3041_dnf_unpinned::DnfUnpinned;
pub use dl3042_pip_cache_dir::PipCacheDir;
pub use dl3043_onbuild_forbidden_trigger::OnbuildForbiddenTrigger;
pub use dl3044_env_self_reference::EnvSelfReference;
pub use dl3045_copy_relative_without_workdir::CopyRelativeWithoutWorkdir;
pub use dl3046_useradd_high_uid::UseraddHighUid;
pub use dl3047_wget_without_progress::WgetWithoutProgress;
pub use dl3048_invalid_label_key::InvalidLabelKey;
pub use dl3049_label_missing::LabelMissing;
pub use dl3050_superfluous_label::SuperfluousLabel;
pub use dl3051_label_empty::LabelEmpty;
pub use dl3052_label_not_url::LabelNotUrl;
pub use dl3053_label_not_rfc3339::LabelNotRfc3339;
pub use dl3054_label_not_spdx::LabelNotSpdx;
pub use dl3055_label_not_git_hash::LabelNotGitHash;
pub use dl3056_label_not_semver::LabelNotSemver;
pub use dl3057_healthcheck_missing::HealthcheckMissing;
pub use dl3058_label_not_email::LabelNotEmail;
pub use dl3059_consecutive_runs::ConsecutiveRuns;
pub use dl3060_yarn_cache_not_cleaned::YarnCacheNotCleaned;
pub use dl3061_instruction_before_from::InstructionBeforeFrom;
pub use dl3062_go_unpinned::GoUnpinned;
pub use dl3063_reserved_stage_name::ReservedStageName;
pub use dl3064_secret_in_arg_or_env::SecretInArgOrEnv;
pub use dl3065_redundant_target_platform::RedundantTargetPlatform;
pub use dl3066_non_numeric_user::NonNumericUser;
pub use dl3067_copy_whole_filesystem::CopyWholeFilesystem;
pub use dl4000_maintainer_deprecated::MaintainerDeprecated;
pub use dl4001_wget_and_curl::WgetAndCurl;
pub use dl4003_multiple_cmd::MultipleCmd;
pub use dl4004_multiple_entrypoint::MultipleEntrypoint;
pub use dl4005_ln_bin_sh::LnBinSh;
pub use dl4006_pipe_without_pipefail::PipeWithoutPipefail;

/// In code order.
pub static RULES: &[&dyn DockerfileRule] = &[
    &InlineIgnorePragma,
    &WorkdirNotAbsolute,
    &PointlessCommand,
    &LastUserRoot,
    &CdInsteadOfWorkdir,
    &Sudo,
    &UntaggedImage,
    &LatestTag,
    &AptUnpinned,
    &AptListsNotDeleted,
    &CopyThenExtract,
    &InvalidPort,
    &MultipleHealthchecks,
    &PipUnpinned,
    &AptMissingYes,
    &AptInstallRecommends,
    &NpmUnpinned,
    &ApkUnpinned,
    &ApkCache,
    &AddInsteadOfCopy,
    &CopyDestinationSlash,
    &CopyFromUnknownStage,
    &CopyFromOwnStage,
    &DuplicateStageName,
    &ShellFormCommand,
    &UntrustedRegistry,
    &AptInsteadOfAptGet,
    &GemUnpinned,
    &FromPlatform,
    &YumMissingYes,
    &YumCleanMissing,
    &YumUnpinned,
    &ZypperMissingNonInteractive,
    &ZypperDistUpgrade,
    &ZypperCleanMissing,
    &ZypperUnpinned,
    &DnfMissingYes,
    &DnfCleanMissing,
    &DnfUnpinned,
    &PipCacheDir,
    &OnbuildForbiddenTrigger,
    &EnvSelfReference,
    &CopyRelativeWithoutWorkdir,
    &UseraddHighUid,
    &WgetWithoutProgress,
    &InvalidLabelKey,
    &LabelMissing,
    &SuperfluousLabel,
    &LabelEmpty,
    &LabelNotUrl,
    &LabelNotRfc3339,
    &LabelNotSpdx,
    &LabelNotGitHash,
    &LabelNotSemver,
    &HealthcheckMissing,
    &LabelNotEmail,
    &ConsecutiveRuns,
    &YarnCacheNotCleaned,
    &InstructionBeforeFrom,
    &GoUnpinned,
    &ReservedStageName,
    &SecretInArgOrEnv,
    &RedundantTargetPlatform,
    &NonNumericUser,
    &CopyWholeFilesystem,
    &MaintainerDeprecated,
    &WgetAndCurl,
    &MultipleCmd,
    &MultipleEntrypoint,
    &LnBinSh,
    &PipeWithoutPipefail,
];
