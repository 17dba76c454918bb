//! Layerlab's own rules (LL codes): the mistakes the article teaches about,
//! which neither hadolint nor BuildKit notices.

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

pub use ll1001_final_stage_runs_as_root::FinalStageRunsAsRoot;
pub use ll1002_context_copied_before_dependency_install::ContextCopiedBeforeDependencyInstall;
pub use ll1003_files_removed_in_later_layer::FilesRemovedInLaterLayer;
pub use ll1004_base_image_end_of_life::BaseImageEndOfLife;
pub use ll1005_context_copied_without_dockerignore::ContextCopiedWithoutDockerignore;
pub use ll1006_secret_copied_into_image::SecretCopiedIntoImage;
pub use ll1007_healthcheck_tool_missing::{
    missing_tool, HealthcheckToolMissing, MissingTool, Probe, ProbeSpot,
};
pub use ll1008_trailing_comment_is_not_a_comment::TrailingCommentIsNotAComment;

pub static RULES: &[&dyn DockerfileRule] = &[
    &FinalStageRunsAsRoot,
    &ContextCopiedBeforeDependencyInstall,
    &FilesRemovedInLaterLayer,
    &BaseImageEndOfLife,
    &ContextCopiedWithoutDockerignore,
    &SecretCopiedIntoImage,
    &HealthcheckToolMissing,
    &TrailingCommentIsNotAComment,
];
