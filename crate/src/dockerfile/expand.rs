//! Dockerfile variable expansion with BuildKit's semantics
//! (`moby/buildkit` `frontend/dockerfile/shell/lex.go`).
//!
//! The builder, not a shell, expands `$V` in ADD, COPY, ENV, EXPOSE, FROM,
//! LABEL, STOPSIGNAL, USER, VOLUME and WORKDIR. It understands:
//!
//! | Form | Result |
//! |---|---|
//! | `$V`, `${V}` | the value, empty when unset |
//! | `${V:-w}` / `${V-w}` | `w` when `V` is unset or empty / unset |
//! | `${V:+w}` / `${V+w}` | `w` when `V` is set and not empty / set |
//! | `${V:?msg}` / `${V?msg}` | error `V: msg` when `V` is unset or empty / unset |
//! | `${V#p}` / `${V##p}` | shortest / longest prefix matching `p` removed |
//! | `${V%p}` / `${V%%p}` | shortest / longest suffix matching `p` removed |
//! | `${V/p/r}` / `${V//p/r}` | first / every match of `p` replaced by `r` |
//!
//! Patterns know `*`, `?` and the escapes `\*`, `\?`, `\\` (plus `\}` and `\/`
//! to protect the delimiters). Words after a modifier may nest further
//! expansions and quotes. Single quotes keep everything literal; double
//! quotes expand variables; the escape character (`\`, or `` ` `` under
//! `# escape=`) makes the next character literal. Everything else (`${#V}`,
//! `${V:1:2}`, `${V^^}`, `${V:=w}`, `${}`, …) is an error, as in BuildKit.
//!
//! [`expand_word`] returns one string with quotes removed (BuildKit's
//! `ProcessWord`); [`expand_words`] also splits on unquoted whitespace
//! (`ProcessWords`). Both report every variable they looked up, with its byte
//! range and whether it was defined (BuildKit's matched/unmatched sets,
//! which drive the `UndefinedVar` check).
//!
//! Cost: one pass over the input; `${` nesting is capped at [`MAX_NESTING`];
//! pattern matching is O(value × pattern) with no backtracking.
//!
//! Where we knowingly differ from BuildKit (beyond the nesting cap, every
//! input succeeds or fails exactly as there; only messages change):
//! - nesting deeper than [`MAX_NESTING`] is an error (BuildKit recurses on);
//! - `${V` at the end of the input says "missing '}'" where BuildKit names
//!   U+FFFD (Go's end-of-input rune) as an unsupported modifier;
//! - an invalid `%` pattern is quoted as written, not reversed, and a pattern
//!   ending in a lone `\` says so where BuildKit names U+FFFD as the escape;
//! - names are compared case-sensitively (BuildKit folds case for Windows
//!   images only).

mod env;
mod error;
mod go_unicode;
mod lexer;
mod pattern;

use serde::Serialize;

pub use env::{EmptyEnv, Env};
pub use error::{ExpandError, ExpandErrorKind};

use crate::text::TextRange;

/// How deep `${…}` may nest before expansion gives up with
/// [`ExpandErrorKind::NestingTooDeep`]. BuildKit has no limit, but real
/// Dockerfiles nest two or three levels; the cap keeps recursion bounded.
pub const MAX_NESTING: usize = 64;

/// The switches of BuildKit's `Lex`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExpandOptions {
    /// The escape character: `\` by default, `` ` `` under `# escape=``.
    pub escape: char,
    /// Keep quote characters in the result (`RawQuotes`).
    pub raw_quotes: bool,
    /// Keep escape characters in the result (`RawEscapes`).
    pub raw_escapes: bool,
    /// Leave references to unset variables as written, e.g. `${V:-w}`
    /// (`SkipUnsetEnv`); used when a later stage will expand again.
    pub skip_unset: bool,
    /// Treat quotes as ordinary characters (`SkipProcessQuotes`).
    pub skip_process_quotes: bool,
}

impl ExpandOptions {
    /// Default switches with the given escape character.
    pub const fn with_escape(escape: char) -> Self {
        ExpandOptions {
            escape,
            raw_quotes: false,
            raw_escapes: false,
            skip_unset: false,
            skip_process_quotes: false,
        }
    }
}

impl Default for ExpandOptions {
    fn default() -> Self {
        ExpandOptions::with_escape('\\')
    }
}

/// One variable reference that expansion looked up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VarRef {
    /// The name as written. It can be a positional or special parameter
    /// (`1`, `@`) and, for malformed input such as `${/a/b}`, empty: BuildKit
    /// looks those up too.
    pub name: String,
    /// The whole reference in the input: `$V` or `${V…}` through its `}`.
    pub range: TextRange,
    /// Just the name.
    pub name_range: TextRange,
    /// Whether the environment had the variable (even with an empty value).
    pub defined: bool,
}

/// The result of [`expand_word`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Expansion {
    pub value: String,
    /// In source order, including references inside words of other
    /// references (`$B` in `${A:-$B}` is looked up even when `A` is set).
    pub references: Vec<VarRef>,
}

/// The result of [`expand_words`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SplitExpansion {
    pub words: Vec<String>,
    pub references: Vec<VarRef>,
}

impl Expansion {
    /// The references to variables that were not defined.
    pub fn undefined(&self) -> impl Iterator<Item = &VarRef> {
        self.references
            .iter()
            .filter(|reference| !reference.defined)
    }
}

impl SplitExpansion {
    /// The references to variables that were not defined.
    pub fn undefined(&self) -> impl Iterator<Item = &VarRef> {
        self.references
            .iter()
            .filter(|reference| !reference.defined)
    }
}

/// Expands `input` into one string, quotes removed (BuildKit's
/// `ProcessWord`).
pub fn expand_word<E: Env + ?Sized>(
    input: &str,
    env: &E,
    options: &ExpandOptions,
) -> Result<Expansion, ExpandError> {
    let processed = lexer::process(input, env, options, false)?;
    Ok(Expansion {
        value: processed.value,
        references: processed.references,
    })
}

/// Expands `input` and splits it into words on whitespace that is neither
/// quoted nor escaped, including whitespace that an unquoted variable's value
/// brings in (BuildKit's `ProcessWords`). A word left empty, such as a lone
/// `""`, is dropped.
pub fn expand_words<E: Env + ?Sized>(
    input: &str,
    env: &E,
    options: &ExpandOptions,
) -> Result<SplitExpansion, ExpandError> {
    let processed = lexer::process(input, env, options, true)?;
    Ok(SplitExpansion {
        words: processed.words,
        references: processed.references,
    })
}
