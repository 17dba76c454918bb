//! The build context and `.dockerignore`, the way Docker and BuildKit see
//! them.
//!
//! - [`Dockerignore`] reads a `.dockerignore` exactly as
//!   `moby/patternmatcher/ignorefile` does, keeps every pattern's line and
//!   byte range, reports problems as diagnostics (`LL4001`…, see
//!   [`rules`]), and answers which line decides about a path.
//! - [`BuildContext`] holds the context's entries; applying a
//!   `.dockerignore` gives a [`ContextFilter`]: what is sent, what is not,
//!   why, and how big each side is. [`find_risky`] lists well-known paths
//!   that should not ship.
//! - [`select_copy`] answers, for a COPY/ADD, which entries are selected
//!   and where each lands in the image, and whether a source is missing,
//!   hidden by `.dockerignore`, or matches nothing.
//! - [`selection_digest`] / [`CopySelection::digest`] give a stable
//!   content digest of a selection, for cache keys.
//!
//! Matching semantics live in [`pattern`] (patternmatcher's compiled
//! patterns), [`glob`] (Go's `filepath.Match`, used for COPY wildcards) and
//! [`regex`] (the RE2 subset patternmatcher's expressions need).

pub mod copy;
pub mod digest;
pub mod dockerignore;
pub mod filter;
pub mod glob;
pub mod gopath;
pub mod model;
pub mod pattern;
pub mod regex;
pub mod risky;
pub mod rules;
pub mod sha256;

pub use copy::{
    select_copy, CopyRequest, CopySelection, ExcludedPath, Placement, SourceOutcome,
    SourceSelection,
};
pub use digest::{digest_items, selection_digest, DigestItem};
pub use dockerignore::{Dockerignore, IgnorePattern};
pub use filter::{
    ContextFilter, ContextSummary, EntryDecision, EntryStatus, PatternImpact, PatternLine,
};
pub use model::{walk_order, BuildContext, ContextEntry, EntryKind, EntryProblem, Resolved};
pub use pattern::{MatchKind, Pattern, PatternError, PatternSet, Verdict};
pub use risky::{find_risky, RiskKind, RiskyFinding, RiskyPath, RISKY_PATHS};
pub use rules::RULES;
