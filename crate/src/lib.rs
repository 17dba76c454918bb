//! Layerlab: understands Dockerfiles, `.dockerignore` and Compose files the way
//! Docker and BuildKit do.
//!
//! Data flows one way (see `docs/ARCHITECTURE.md`):
//! text → syntax tree (`dockerfile::syntax`) → semantic model
//! (`dockerfile::model`) → analyses → `report::Report` → bindings (`wasm`).

pub mod analyze;
pub mod cache;
pub mod compose;
pub mod context;
pub mod diagnostic;
pub mod dockerfile;
pub mod format;
pub mod images;
pub mod lint;
pub mod report;
pub mod rules;
pub mod shell;
pub mod size;
pub mod suggest;
pub mod text;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use analyze::{analyze, AnalyzeInput, AnalyzeOptions, Report};
pub use diagnostic::{Category, Diagnostic, Fix, Severity, TextEdit};
pub use text::{LineIndex, TextRange};

/// The crate version, stamped into reports and the npm package.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
