//! Dockerfile rules: one per file, in three families.
//!
//! - [`hadolint`]: hadolint's DL rules, same codes, default severities and meaning;
//! - [`buildkit`]: BuildKit's build checks, under BuildKit's own names;
//! - [`layerlab`]: Layerlab's LL rules, the advice no other linter gives.
//!
//! A rule reads the [`Checker`] (syntax tree, semantic model, shell
//! commands, build context) and pushes diagnostics; it never re-parses.

pub mod buildkit;
pub mod hadolint;
pub mod layerlab;

pub use crate::lint::Checker;

use super::RuleMeta;
use crate::diagnostic::Diagnostic;

/// A check over one Dockerfile.
pub trait DockerfileRule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>);
}

/// Every Dockerfile rule, hadolint's first, then BuildKit's, then Layerlab's.
pub fn registry() -> Vec<&'static dyn DockerfileRule> {
    let mut rules: Vec<&'static dyn DockerfileRule> = Vec::new();
    rules.extend_from_slice(hadolint::RULES);
    rules.extend_from_slice(buildkit::RULES);
    rules.extend_from_slice(layerlab::RULES);
    rules
}
