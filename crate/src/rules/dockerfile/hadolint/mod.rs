//! hadolint's DL rules. Same code, same default severity, same meaning —
//! except where hadolint is wrong on valid syntax; those cases are tested.

use super::DockerfileRule;

// Helpers shared by the rules from DL3030 upward.
mod assume_yes;
mod clean_missing;
mod shell_runs;
mod unpinned;

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
mod dl3047_wget_without_progress;
mod dl3059_consecutive_runs;
mod dl3066_non_numeric_user;
mod dl3067_copy_whole_filesystem;
mod dl4000_maintainer_deprecated;
mod dl4006_pipe_without_pipefail;

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
pub use dl3047_wget_without_progress::WgetWithoutProgress;
pub use dl3059_consecutive_runs::ConsecutiveRuns;
pub use dl3066_non_numeric_user::NonNumericUser;
pub use dl3067_copy_whole_filesystem::CopyWholeFilesystem;
pub use dl4000_maintainer_deprecated::MaintainerDeprecated;
pub use dl4006_pipe_without_pipefail::PipeWithoutPipefail;

pub static RULES: &[&dyn DockerfileRule] = &[
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
    &WgetWithoutProgress,
    &ConsecutiveRuns,
    &NonNumericUser,
    &CopyWholeFilesystem,
    &MaintainerDeprecated,
    &PipeWithoutPipefail,
];
