//! The one diagnostic type every analysis produces.
//!
//! Analyses report in byte ranges of the file they looked at; the report layer
//! (`report.rs`) resolves those to UTF-16 offsets and line/column numbers.

use crate::text::TextRange;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a finding is. The names and order are hadolint's levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Style,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Style => "style",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.trim().to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            "style" => Some(Severity::Style),
            _ => None,
        }
    }

    /// Rank used for thresholds: higher is more serious.
    pub fn rank(self) -> u8 {
        match self {
            Severity::Error => 4,
            Severity::Warning => 3,
            Severity::Info => 2,
            Severity::Style => 1,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a finding is about; the playground filters on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Security,
    Cache,
    Size,
    Correctness,
    Maintainability,
    Style,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Security => "security",
            Category::Cache => "cache",
            Category::Size => "size",
            Category::Correctness => "correctness",
            Category::Maintainability => "maintainability",
            Category::Style => "style",
        }
    }
}

/// One replacement of a byte range by new text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextEdit {
    pub range: TextRange,
    #[serde(rename = "newText")]
    pub new_text: String,
}

impl TextEdit {
    pub fn replace(range: TextRange, new_text: impl Into<String>) -> Self {
        TextEdit {
            range,
            new_text: new_text.into(),
        }
    }

    pub fn insert(at: usize, new_text: impl Into<String>) -> Self {
        TextEdit::replace(TextRange::empty(at), new_text)
    }

    pub fn delete(range: TextRange) -> Self {
        TextEdit::replace(range, "")
    }
}

/// A titled set of edits that together fix one finding. Only offered when the
/// result is certain to be what the user meant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<TextEdit>,
}

impl Fix {
    pub fn new(title: impl Into<String>, edits: Vec<TextEdit>) -> Self {
        Fix {
            title: title.into(),
            edits,
        }
    }

    /// Apply the edits to `text`. Edits must not overlap; they are applied
    /// from the end so earlier offsets stay valid.
    pub fn apply(&self, text: &str) -> String {
        apply_edits(text, &self.edits)
    }
}

/// Apply non-overlapping edits to `text`.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> String {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0usize;
    for edit in sorted {
        let start = edit.range.start().clamp(cursor, text.len());
        let end = edit.range.end().clamp(start, text.len());
        out.push_str(&text[cursor..start]);
        out.push_str(&edit.new_text);
        cursor = end;
    }
    out.push_str(&text[cursor..]);
    out
}

/// A secondary location that helps explain a finding ("defined here").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Related {
    /// File the location is in; empty means the diagnostic's own file.
    pub file: String,
    pub range: TextRange,
    pub message: String,
}

/// A finding in one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Stable code: `DL1000`, `DL3008`, `JSONArgsRecommended`, `LL1001`, …
    pub code: String,
    pub severity: Severity,
    pub category: Category,
    /// One line, says what is wrong (and, where it helps, what was expected).
    pub message: String,
    /// The file the range points into. Analyses may leave it empty; the
    /// report fills in the file being analysed.
    pub file: String,
    pub range: TextRange,
    pub fixes: Vec<Fix>,
    pub related: Vec<Related>,
}

impl Diagnostic {
    pub fn new(
        code: impl Into<String>,
        severity: Severity,
        category: Category,
        range: TextRange,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code: code.into(),
            severity,
            category,
            message: message.into(),
            file: String::new(),
            range,
            fixes: Vec::new(),
            related: Vec::new(),
        }
    }

    /// A syntax error: hadolint's `DL1000` code, always an error.
    pub fn syntax(range: TextRange, message: impl Into<String>) -> Self {
        Diagnostic::new(
            SYNTAX_ERROR_CODE,
            Severity::Error,
            Category::Correctness,
            range,
            message,
        )
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    pub fn with_related(mut self, range: TextRange, message: impl Into<String>) -> Self {
        self.related.push(Related {
            file: String::new(),
            range,
            message: message.into(),
        });
        self
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = file.into();
        self
    }
}

/// The code of syntax errors (hadolint's).
pub const SYNTAX_ERROR_CODE: &str = "DL1000";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_order_regardless_of_input_order() {
        let text = "RUN apt-get install -y curl";
        let edits = vec![
            TextEdit::insert(text.len(), " && rm -rf /var/lib/apt/lists/*"),
            TextEdit::insert(text.find("-y").unwrap(), "--no-install-recommends "),
        ];
        assert_eq!(
            apply_edits(text, &edits),
            "RUN apt-get install --no-install-recommends -y curl && rm -rf /var/lib/apt/lists/*"
        );
    }

    #[test]
    fn out_of_range_edits_are_clamped_not_panicking() {
        let edits = vec![TextEdit::replace(TextRange::new(2, 40), "X")];
        assert_eq!(apply_edits("abc", &edits), "abX");
    }

    #[test]
    fn severity_round_trip() {
        for s in [
            Severity::Error,
            Severity::Warning,
            Severity::Info,
            Severity::Style,
        ] {
            assert_eq!(Severity::parse(s.as_str()), Some(s));
        }
        assert!(Severity::Error.rank() > Severity::Style.rank());
    }
}
