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
mod dl4000_maintainer_deprecated;

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
pub use dl4000_maintainer_deprecated::MaintainerDeprecated;

/// In code order.
pub static RULES: &[&dyn DockerfileRule] = &[
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
    &MaintainerDeprecated,
];
