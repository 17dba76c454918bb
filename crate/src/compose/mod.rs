//! Compose files, read the way `docker compose` (compose-go) reads them.
//!
//! The pipeline follows compose-go's load order (see
//! `shared/reference/compose.md` §1.2), keeping exact byte ranges throughout:
//!
//! 1. [`yaml`]: YAML with positions; anchors, aliases and `<<` resolved with
//!    both the use and the definition site; duplicate keys; budgets.
//! 2. [`substitute`]: `${VAR}` interpolation of values (not keys), from the
//!    supplied environment and the `.env` text ([`dotenv`]).
//! 3. [`merge`]: several YAML documents merged, `!reset` / `!override`,
//!    `extends` within the file.
//! 4. [`schema`]: the compose-spec JSON schema, from generated tables.
//! 5. [`model`]: the normalised model (short syntaxes expanded).
//! 6. [`semantic`]: compose-go's consistency checks.
//! 7. [`rules`]: hardening and correctness rules, and the cross-file checks
//!    against the Dockerfile that builds a service ([`facts`]).
//! 8. [`resolved`]: the `docker compose config` view.
//!
//! Diagnostic codes: `CP1000`–`CP1099` are errors and warnings of reading and
//! validating (YAML, interpolation, schema), `CP1100`–`CP1199` compose-go's
//! semantic checks; `LL2001`… are Layerlab's compose rules and `LL3001`… the
//! checks against the Dockerfile. Every code is declared in [`rules`].

pub mod analyze;
pub mod dotenv;
pub mod facts;
pub mod interpolate;
pub mod merge;
pub mod model;
pub mod resolved;
pub mod rules;
pub mod schema;
pub mod semantic;
pub mod substitute;
pub mod suggest;
pub mod yaml;

pub use analyze::{analyze, ComposeAnalysis, ComposeInput, VariableInfo, MAX_FILE_SIZE};
pub use facts::{DockerfileFacts, StageFacts};
pub use model::ComposeModel;

use crate::text::TextRange;
use yaml::{Node, ScalarStyle};

/// The range of bytes `start..end` of a scalar's *text* in the source, when
/// the source spells the text literally (a plain scalar, or a quoted one
/// without escapes); otherwise the whole value. For a node copied by an
/// alias, the alias.
pub fn subrange(node: &Node, source: &str, start: usize, end: usize) -> TextRange {
    let whole = node.use_range();
    let Some(scalar) = node.as_scalar() else {
        return whole;
    };
    if node.alias.is_some() || scalar.interpolated || start > end || end > scalar.text.len() {
        return whole;
    }
    let written = node.range.slice(source);
    let offset = match scalar.style {
        ScalarStyle::Plain if written == scalar.text => 0,
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted
            if written.len() == scalar.text.len() + 2
                && written.get(1..written.len() - 1) == Some(scalar.text.as_str()) =>
        {
            1
        }
        _ => return whole,
    };
    let base = node.range.start() + offset;
    TextRange::new(base + start, base + end)
}
