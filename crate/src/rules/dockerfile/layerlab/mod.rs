//! Layerlab's own rules (LL codes): the mistakes the article teaches about,
//! which neither hadolint nor BuildKit notices.
//!
//! LL1001–LL1009 are the codes fixed by the issue; LL1010 is the parser's
//! invalid-JSON-form finding (`rules/syntax.rs`); LL1011 onwards are the
//! cache, size and supply-chain lints a demanding user expects on top.
//! [`missing_tool`] is shared with the Compose cross-checks, which ask the
//! same question about a service's `healthcheck.test`.

use super::DockerfileRule;

mod common;
#[cfg(test)]
mod testing;

mod ll1001_final_stage_runs_as_root;
mod ll1002_context_copied_before_dependency_install;
mod ll1003_files_removed_in_later_layer;
mod ll1004_base_image_end_of_life;
mod ll1005_context_copied_without_dockerignore;
mod ll1006_secret_copied_into_image;
mod ll1007_healthcheck_tool_missing;
mod ll1008_trailing_comment_is_not_a_comment;
mod ll1009_deprecated_package_manager_flag;
mod ll1011_package_index_updated_in_separate_run;
mod ll1012_arg_declared_before_unrelated_runs;
mod ll1013_recursive_chown_after_copy;
mod ll1014_download_piped_to_shell;
mod ll1015_add_url_without_checksum;
mod ll1016_stage_never_used;
mod ll1017_package_cache_without_cache_mount;
mod ll1018_build_files_in_context_copy;
mod ll1019_npm_install_instead_of_ci;

pub use ll1001_final_stage_runs_as_root::FinalStageRunsAsRoot;
pub use ll1002_context_copied_before_dependency_install::ContextCopiedBeforeDependencyInstall;
pub use ll1003_files_removed_in_later_layer::FilesRemovedInLaterLayer;
pub use ll1004_base_image_end_of_life::BaseImageEndOfLife;
pub use ll1005_context_copied_without_dockerignore::ContextCopiedWithoutDockerignore;
pub use ll1006_secret_copied_into_image::SecretCopiedIntoImage;
pub use ll1007_healthcheck_tool_missing::{
    installed_tools, missing_tool, HealthcheckToolMissing, MissingTool, Probe, ProbeSpot,
};
pub use ll1008_trailing_comment_is_not_a_comment::TrailingCommentIsNotAComment;
pub use ll1009_deprecated_package_manager_flag::DeprecatedPackageManagerFlag;
pub use ll1011_package_index_updated_in_separate_run::PackageIndexUpdatedInSeparateRun;
pub use ll1012_arg_declared_before_unrelated_runs::ArgDeclaredBeforeUnrelatedRuns;
pub use ll1013_recursive_chown_after_copy::RecursiveChownAfterCopy;
pub use ll1014_download_piped_to_shell::DownloadPipedToShell;
pub use ll1015_add_url_without_checksum::AddUrlWithoutChecksum;
pub use ll1016_stage_never_used::StageNeverUsed;
pub use ll1017_package_cache_without_cache_mount::PackageCacheWithoutCacheMount;
pub use ll1018_build_files_in_context_copy::BuildFilesInContextCopy;
pub use ll1019_npm_install_instead_of_ci::NpmInstallInsteadOfCi;

pub static RULES: &[&dyn DockerfileRule] = &[
    &FinalStageRunsAsRoot,
    &ContextCopiedBeforeDependencyInstall,
    &FilesRemovedInLaterLayer,
    &BaseImageEndOfLife,
    &ContextCopiedWithoutDockerignore,
    &SecretCopiedIntoImage,
    &HealthcheckToolMissing,
    &TrailingCommentIsNotAComment,
    &DeprecatedPackageManagerFlag,
    &PackageIndexUpdatedInSeparateRun,
    &ArgDeclaredBeforeUnrelatedRuns,
    &RecursiveChownAfterCopy,
    &DownloadPipedToShell,
    &AddUrlWithoutChecksum,
    &StageNeverUsed,
    &PackageCacheWithoutCacheMount,
    &BuildFilesInContextCopy,
    &NpmInstallInsteadOfCi,
];

#[cfg(test)]
mod tests {
    use super::RULES;
    use crate::rules::Origin;

    #[test]
    fn codes_are_layerlab_and_in_order() {
        let codes: Vec<&str> = RULES.iter().map(|r| r.meta().code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        assert_eq!(codes, sorted);
        for rule in RULES {
            let meta = rule.meta();
            assert_eq!(meta.origin, Origin::Layerlab, "{}", meta.code);
            assert!(meta.code.starts_with("LL1") && meta.code != "LL1010");
            let docs = meta.documentation();
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "Use instead",
                "## References",
            ] {
                assert!(docs.contains(section), "{} lacks {section}", meta.code);
            }
            assert!(docs.contains("https://"), "{} has no link", meta.code);
        }
    }
}
