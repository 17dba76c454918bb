//! Why an expansion failed, and where.

use std::fmt;

use serde::Serialize;

use crate::text::TextRange;

/// An expansion that BuildKit would refuse.
///
/// `range` is a byte range in the expanded input. The message is BuildKit's
/// wording without its `failed to process "<input>": ` prefix, so a caller can
/// add its own context.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExpandError {
    pub kind: ExpandErrorKind,
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExpandErrorKind {
    /// `${` (or a word inside it) runs to the end of the input without `}`.
    MissingClosingBrace,
    /// `${}`, `${{V}`, `${:…}`.
    BadSubstitution,
    /// A modifier BuildKit does not implement: `${V:=w}`, `${V^^}`, `${V:1:2}`,
    /// `${#V}`, `${V:#p}`, `${V:%p}`, …
    UnsupportedModifier { modifier: String },
    /// `${V/pattern` runs to the end of the input without the `/` that starts
    /// the replacement (BuildKit requires it even for an empty replacement).
    MissingReplacementSlash,
    /// `${V?msg}` with `V` unset, or `${V:?msg}` with `V` unset or empty.
    RequiredVariable { name: String, message: String },
    /// A `#`, `%` or `/` pattern with an escape other than `\*`, `\?`, `\\`,
    /// `\}` or `\/`.
    InvalidPattern { pattern: String, reason: String },
    /// `'…` without its closing quote.
    UnterminatedSingleQuote,
    /// `"…` without its closing quote.
    UnterminatedDoubleQuote,
    /// `${…}` nested deeper than [`MAX_NESTING`](super::MAX_NESTING).
    /// BuildKit has no such limit; no real Dockerfile comes near it.
    NestingTooDeep { limit: usize },
}

impl ExpandError {
    pub(crate) fn new(kind: ExpandErrorKind, start: usize, end: usize) -> Self {
        ExpandError {
            kind,
            range: TextRange::new(start, end),
        }
    }

    /// BuildKit's message for this error.
    pub fn message(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for ExpandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExpandErrorKind::MissingClosingBrace => f.write_str("syntax error: missing '}'"),
            ExpandErrorKind::BadSubstitution => f.write_str("syntax error: bad substitution"),
            ExpandErrorKind::UnsupportedModifier { modifier } => {
                write!(f, "unsupported modifier ({modifier}) in substitution")
            }
            ExpandErrorKind::MissingReplacementSlash => {
                f.write_str("syntax error: missing '/' in ${}")
            }
            ExpandErrorKind::RequiredVariable { name, message } => write!(f, "{name}: {message}"),
            ExpandErrorKind::InvalidPattern { pattern, reason } => {
                write!(f, "invalid pattern ({pattern}) in substitution: {reason}")
            }
            ExpandErrorKind::UnterminatedSingleQuote => {
                f.write_str("unexpected end of statement while looking for matching single-quote")
            }
            ExpandErrorKind::UnterminatedDoubleQuote => {
                f.write_str("unexpected end of statement while looking for matching double-quote")
            }
            ExpandErrorKind::NestingTooDeep { limit } => {
                write!(f, "variable substitutions nested more than {limit} deep")
            }
        }
    }
}

impl std::error::Error for ExpandError {}
