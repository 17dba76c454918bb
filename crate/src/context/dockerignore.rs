//! Reading a `.dockerignore` file the way `moby/patternmatcher/ignorefile`
//! (`ReadAll`) and `patternmatcher.New` do, keeping where every pattern came
//! from so each match can be explained ("excluded by line 3
//! `node_modules`") and each problem pointed at.
//!
//! Per line: a BOM is dropped from line 1; a line whose *first character* is
//! `#` is a comment (so `  # x` is a pattern); the line is trimmed and
//! skipped if empty; a leading `!` marks an exception and the rest is
//! trimmed again; the pattern is `filepath.Clean`ed and one leading `/` is
//! removed. A line of 64 KiB or more makes Go's line scanner fail.

use super::gopath;
use super::pattern::{MatchKind, Pattern, PatternError, PatternSet, Verdict};
use super::regex::RegexError;
use super::rules::{
    DockerignoreInvalidPattern, DockerignoreLineTooLong, DockerignoreLoneExclamation,
    DockerignoreNeverMatches, DockerignoreRegexEscape,
};
use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::rules::RuleMeta;
use crate::text::TextRange;
use serde::Serialize;

/// Go's `bufio.MaxScanTokenSize`: a line this long (without its newline)
/// cannot be read.
const MAX_LINE_BYTES: usize = 64 * 1024;

/// One pattern line of the file.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IgnorePattern {
    /// Position among the file's patterns (comments and blank lines are not
    /// counted); this is what [`Verdict::decided_by`] refers to.
    pub index: usize,
    /// 1-based line number.
    pub line: u32,
    /// The whole line, without its line break.
    pub line_range: TextRange,
    /// The trimmed text, including a leading `!`.
    pub range: TextRange,
    /// The pattern after `!` and its spaces (equal to `range` otherwise).
    pub pattern_range: TextRange,
    /// The trimmed line as written.
    pub text: String,
    /// `!pattern`: re-includes what earlier lines excluded.
    pub exception: bool,
    /// What `ignorefile.ReadAll` returns for the line (`!` kept).
    pub normalized: String,
    /// Whether BuildKit can use the pattern (false for errors).
    pub valid: bool,
}

impl IgnorePattern {
    /// "line 3 `node_modules`".
    pub fn describe(&self) -> String {
        format!("line {} `{}`", self.line, self.text)
    }
}

/// A parsed `.dockerignore`.
#[derive(Clone, Debug, Default)]
pub struct Dockerignore {
    patterns: Vec<IgnorePattern>,
    set: PatternSet,
    diagnostics: Vec<Diagnostic>,
    breaks_build: bool,
}

impl Dockerignore {
    /// Parse the file text. Never fails: problems become diagnostics, and
    /// patterns BuildKit would reject are left out of matching.
    pub fn parse(text: &str) -> Dockerignore {
        let mut parser = Parser {
            text,
            patterns: Vec::new(),
            compiled: Vec::new(),
            diagnostics: Vec::new(),
            breaks_build: false,
        };
        parser.run();
        Dockerignore {
            patterns: parser.patterns,
            set: PatternSet::new(parser.compiled),
            diagnostics: parser.diagnostics,
            breaks_build: parser.breaks_build,
        }
    }

    pub fn patterns(&self) -> &[IgnorePattern] {
        &self.patterns
    }

    pub fn pattern(&self, index: usize) -> Option<&IgnorePattern> {
        self.patterns.get(index)
    }

    /// Problems found while reading, with exact ranges.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Whether BuildKit would refuse the file (`docker build` fails).
    pub fn breaks_build(&self) -> bool {
        self.breaks_build
    }

    /// Whether any usable line is an exception (`!`).
    pub fn has_exceptions(&self) -> bool {
        self.set.has_exceptions()
    }

    /// Whether no usable pattern is left.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }

    pub(crate) fn pattern_set(&self) -> &PatternSet {
        &self.set
    }

    /// Is this context path excluded, and which line decided? Uses
    /// `MatchesOrParentMatches`: every line is tried on the path and on each
    /// parent directory, and the last line that matches wins. The path is
    /// normalised first (`./a/b/` → `a/b`); the context root is never
    /// excluded.
    pub fn matches(&self, path: &str) -> Verdict {
        let path = gopath::context_relative(path);
        if path.is_empty() {
            return Verdict::default();
        }
        self.set.matches_or_parent_matches(&path)
    }

    pub fn is_excluded(&self, path: &str) -> bool {
        self.matches(path).excluded
    }

    /// The line that decided about `path`, if any line matched.
    pub fn deciding_pattern(&self, path: &str) -> Option<&IgnorePattern> {
        self.matches(path)
            .decided_by
            .and_then(|index| self.patterns.get(index))
    }

    /// One sentence on why `path` is in or out, e.g. "excluded by line 3
    /// `node_modules`" or "included again by line 4 `!node_modules/x`".
    pub fn explain(&self, path: &str) -> String {
        let verdict = self.matches(path);
        match (
            verdict.excluded,
            verdict.decided_by.and_then(|i| self.patterns.get(i)),
        ) {
            (true, Some(p)) => format!("excluded by {}", p.describe()),
            (false, Some(p)) => format!("included again by {}", p.describe()),
            (_, None) => "included: no line matches".to_string(),
        }
    }

    /// BuildKit's `CopyIgnoredFile` check, exactly: skipped when the file has
    /// any exception; otherwise the COPY/ADD source *as written* (cleaned,
    /// not made relative, wildcards not expanded) is matched with
    /// `MatchesOrParentMatches`. Returns the deciding line when the check
    /// would warn.
    pub fn copy_ignored_file(&self, source: &str) -> Option<&IgnorePattern> {
        if self.set.is_empty() || self.set.has_exceptions() {
            return None;
        }
        let cleaned = gopath::clean(source);
        let verdict = self.set.matches_or_parent_matches(&cleaned);
        if verdict.excluded {
            verdict.decided_by.and_then(|i| self.patterns.get(i))
        } else {
            None
        }
    }
}

struct Parser<'a> {
    text: &'a str,
    patterns: Vec<IgnorePattern>,
    compiled: Vec<Pattern>,
    diagnostics: Vec<Diagnostic>,
    breaks_build: bool,
}

fn diagnostic(meta: &RuleMeta, range: TextRange, message: String) -> Diagnostic {
    Diagnostic::new(meta.code, meta.severity, meta.category, range, message)
}

/// Byte offsets of `inner` (a subslice of `outer`) within the file, given
/// where `outer` starts.
fn sub_range(outer_start: usize, outer: &str, inner: &str) -> TextRange {
    let start = outer_start + (inner.as_ptr() as usize - outer.as_ptr() as usize);
    TextRange::new(start, start + inner.len())
}

impl Parser<'_> {
    fn run(&mut self) {
        let text = self.text;
        let mut line_start = 0;
        for (line_index, raw_line) in text.split('\n').enumerate() {
            let line_number = line_index as u32 + 1;
            let this_start = line_start;
            line_start += raw_line.len() + 1;
            let line_range = TextRange::new(this_start, this_start + raw_line.len());
            if raw_line.len() >= MAX_LINE_BYTES {
                self.breaks_build = true;
                self.diagnostics.push(diagnostic(
                    &DockerignoreLineTooLong::META,
                    line_range,
                    format!(
                        "Line {line_number} is {} bytes long; BuildKit cannot read lines of 64 KiB or more",
                        raw_line.len()
                    ),
                ));
            }
            // bufio.ScanLines drops one trailing carriage return.
            let mut content = raw_line.strip_suffix('\r').unwrap_or(raw_line);
            let mut content_start = this_start;
            if line_index == 0 {
                if let Some(rest) = content.strip_prefix('\u{feff}') {
                    content = rest;
                    content_start += '\u{feff}'.len_utf8();
                }
            }
            // A comment only when `#` is the very first character.
            if content.starts_with('#') {
                continue;
            }
            let trimmed = content.trim_matches(char::is_whitespace);
            if trimmed.is_empty() {
                continue;
            }
            let range = sub_range(content_start, content, trimmed);
            let (exception, body) = match trimmed.strip_prefix('!') {
                Some(rest) => (true, rest.trim_matches(char::is_whitespace)),
                None => (false, trimmed),
            };
            let pattern_range = if body.is_empty() {
                range
            } else {
                sub_range(content_start, content, body)
            };
            let mut normalized = String::new();
            if !body.is_empty() {
                normalized = gopath::clean(body);
                if normalized.len() > 1 && normalized.starts_with('/') {
                    normalized.remove(0);
                }
            }
            if exception {
                normalized.insert(0, '!');
            }
            let index = self.patterns.len();
            let mut entry = IgnorePattern {
                index,
                line: line_number,
                line_range,
                range,
                pattern_range,
                text: trimmed.to_string(),
                exception,
                normalized: normalized.clone(),
                valid: false,
            };
            match Pattern::new(index, &normalized) {
                Ok(Some(pattern)) => {
                    entry.valid = self.check_compiled(&entry, &pattern);
                    if entry.valid {
                        self.compiled.push(pattern);
                    }
                }
                Ok(None) => {}
                Err(PatternError::LoneExclamation) => {
                    self.breaks_build = true;
                    let whole_line_end = (this_start + raw_line.len() + 1).min(text.len());
                    self.diagnostics.push(
                        diagnostic(
                            &DockerignoreLoneExclamation::META,
                            range,
                            "A lone `!` is not a pattern; BuildKit fails with `illegal exclusion pattern: \"!\"`"
                                .to_string(),
                        )
                        .with_fix(Fix::new(
                            "Remove the line",
                            vec![TextEdit::delete(TextRange::new(this_start, whole_line_end))],
                        )),
                    );
                }
                Err(PatternError::BadPattern) => {
                    self.breaks_build = true;
                    self.diagnostics.push(diagnostic(
                        &DockerignoreInvalidPattern::META,
                        pattern_range,
                        format!(
                            "`{body}` is not a valid pattern ({}); `docker build` fails with `syntax error in pattern`",
                            bad_pattern_reason(body)
                        ),
                    ));
                }
            }
            self.patterns.push(entry);
        }
    }

    /// Diagnostics for a pattern `New` accepted. Returns whether the pattern
    /// takes part in matching.
    fn check_compiled(&mut self, entry: &IgnorePattern, pattern: &Pattern) -> bool {
        match pattern.regex_error() {
            Some(RegexError::Syntax(reason)) => {
                self.breaks_build = true;
                self.diagnostics.push(diagnostic(
                    &DockerignoreInvalidPattern::META,
                    entry.pattern_range,
                    format!(
                        "BuildKit turns `{}` into the regular expression `{}`, which does not compile ({reason}); the context transfer fails with `syntax error in pattern`",
                        pattern.cleaned, pattern.regex_source
                    ),
                ));
                return false;
            }
            Some(RegexError::Unsupported(what)) => {
                self.diagnostics.push(diagnostic(
                    &DockerignoreRegexEscape::META,
                    entry.pattern_range,
                    format!(
                        "BuildKit reads `{}` as a regular expression using {what}, which Layerlab does not evaluate; it is treated as matching nothing",
                        pattern.cleaned
                    ),
                ));
                return false;
            }
            None => {}
        }
        if pattern.kind == MatchKind::Regexp && !pattern.regex_escapes.is_empty() {
            let escape = pattern.regex_escapes[0];
            let needle = format!("\\{escape}");
            let range = self
                .text
                .get(entry.pattern_range.start()..entry.pattern_range.end())
                .and_then(|body| body.find(&needle))
                .map(|at| {
                    let start = entry.pattern_range.start() + at;
                    TextRange::new(start, start + needle.len())
                })
                .unwrap_or(entry.pattern_range);
            self.diagnostics.push(diagnostic(
                &DockerignoreRegexEscape::META,
                range,
                format!(
                    "`\\{escape}` is a regular-expression escape in BuildKit's matcher ({}), not the character `{escape}`",
                    escape_meaning(escape)
                ),
            ));
        }
        if pattern.can_never_match() {
            self.diagnostics.push(diagnostic(
                &DockerignoreNeverMatches::META,
                entry.pattern_range,
                never_match_reason(&pattern.cleaned),
            ));
        }
        true
    }
}

fn never_match_reason(cleaned: &str) -> String {
    if cleaned == "." {
        "`.` is ignored for historical reasons; it does not exclude the build context".to_string()
    } else if cleaned == ".." || cleaned.starts_with("../") {
        format!("`{cleaned}` points outside the build context; paths in the context never start with `..`")
    } else if cleaned.starts_with('/') {
        format!("`{cleaned}` matches no path: patterns are relative to the context root")
    } else {
        format!(
            "`{cleaned}` can never match: BuildKit turns the `^` into a regular-expression anchor for the start of the path"
        )
    }
}

fn bad_pattern_reason(body: &str) -> &'static str {
    let trailing_backslashes = body.len() - body.trim_end_matches('\\').len();
    if trailing_backslashes % 2 == 1 {
        "a trailing `\\` escapes nothing"
    } else if body.contains('[') {
        "the `[...]` character class is unterminated, empty or has a bad range"
    } else {
        "Go's `filepath.Match` rejects it"
    }
}

fn escape_meaning(escape: char) -> &'static str {
    match escape {
        'd' => "any digit",
        'D' => "any non-digit",
        's' => "any whitespace",
        'S' => "any non-whitespace",
        'w' => "any word character",
        'W' => "any non-word character",
        'b' => "a word boundary",
        'B' => "not a word boundary",
        'A' => "the start of the path",
        'z' => "the end of the path",
        'n' => "a newline",
        't' => "a tab",
        'r' => "a carriage return",
        'f' => "a form feed",
        'v' => "a vertical tab",
        'a' => "a bell character",
        'x' => "a hexadecimal character code",
        'Q' => "the start of quoted literal text",
        '0'..='7' => "an octal character code",
        _ => "a special sequence",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(text: &str) -> Vec<String> {
        Dockerignore::parse(text)
            .patterns()
            .iter()
            .map(|p| p.normalized.clone())
            .collect()
    }

    #[test]
    fn read_all_normalisation() {
        let text = "test1\n/test2\n/a/file/here\n\nlastfile\n# this is a comment\n! /inverted/abs/path\n!\n! ";
        assert_eq!(
            normalized(text),
            vec![
                "test1",
                "test2",
                "a/file/here",
                "lastfile",
                "!inverted/abs/path",
                "!",
                "!"
            ]
        );
        // `/foo/bar/`, `/foo/bar`, `foo/bar/` and `foo/bar` are the same.
        assert_eq!(
            normalized("/foo/bar/\n/foo/bar\nfoo/bar/\nfoo/bar\n//x\n/"),
            vec!["foo/bar", "foo/bar", "foo/bar", "foo/bar", "x", "/"]
        );
    }

    #[test]
    fn bom_comments_and_whitespace() {
        let text = "\u{feff}# comment\n  # not a comment\r\n\tnode_modules  \r\n";
        let ignore = Dockerignore::parse(text);
        let patterns = ignore.patterns();
        assert_eq!(patterns.len(), 2);
        assert_eq!(patterns[0].normalized, "# not a comment");
        assert_eq!(patterns[0].line, 2);
        assert_eq!(patterns[1].normalized, "node_modules");
        assert_eq!(patterns[1].range.slice(text), "node_modules");
        assert_eq!(patterns[1].line_range.slice(text), "\tnode_modules  \r");
        // A BOM only counts at the start of the file.
        let late = Dockerignore::parse("a\n\u{feff}#b");
        assert_eq!(late.patterns().len(), 2);
    }

    #[test]
    fn exception_ranges() {
        let text = "docs\n  !  docs/README.md \n";
        let ignore = Dockerignore::parse(text);
        let p = &ignore.patterns()[1];
        assert!(p.exception);
        assert_eq!(p.range.slice(text), "!  docs/README.md");
        assert_eq!(p.pattern_range.slice(text), "docs/README.md");
        assert_eq!(p.normalized, "!docs/README.md");
    }

    #[test]
    fn lone_exclamation_is_an_error_with_a_fix() {
        let text = "a\n!\nb\n";
        let ignore = Dockerignore::parse(text);
        assert!(ignore.breaks_build());
        let d = &ignore.diagnostics()[0];
        assert_eq!(d.code, "LL4001");
        assert_eq!(d.range.slice(text), "!");
        assert_eq!(d.fixes[0].apply(text), "a\nb\n");
        // `!/` cleans to `!` inside patternmatcher.New.
        assert_eq!(Dockerignore::parse("!/").diagnostics()[0].code, "LL4001");
    }

    #[test]
    fn invalid_patterns_are_errors() {
        let text = "ok\nlogs/[0-9\nbuild\\\n";
        let ignore = Dockerignore::parse(text);
        assert!(ignore.breaks_build());
        let codes: Vec<&str> = ignore
            .diagnostics()
            .iter()
            .map(|d| d.code.as_str())
            .collect();
        assert_eq!(codes, vec!["LL4002", "LL4002"]);
        assert_eq!(ignore.diagnostics()[0].range.slice(text), "logs/[0-9");
        assert!(ignore.diagnostics()[1].message.contains("trailing"));
        // The valid line still matches.
        assert!(ignore.is_excluded("ok"));
        // A regex-only failure: `\q` passes filepath.Match but not RE2.
        let ignore = Dockerignore::parse("a\\q*");
        assert_eq!(ignore.diagnostics()[0].code, "LL4002");
        assert!(ignore.breaks_build());
    }

    #[test]
    fn never_matching_and_escape_warnings() {
        let text = ".\n../secrets\n/\nbuild\\d*\n";
        let ignore = Dockerignore::parse(text);
        assert!(!ignore.breaks_build());
        let found: Vec<(&str, &str)> = ignore
            .diagnostics()
            .iter()
            .map(|d| (d.code.as_str(), d.range.slice(text)))
            .collect();
        assert_eq!(
            found,
            vec![
                ("LL4003", "."),
                ("LL4003", "../secrets"),
                ("LL4003", "/"),
                ("LL4004", "\\d"),
            ]
        );
        assert!(ignore.is_excluded("build7x"));
        assert!(!ignore.is_excluded("buildd"));
    }

    #[test]
    fn explanations_name_the_line() {
        let ignore = Dockerignore::parse("# deps\nnode_modules\n!node_modules/keep\n");
        assert_eq!(
            ignore.explain("node_modules/x/index.js"),
            "excluded by line 2 `node_modules`"
        );
        assert_eq!(
            ignore.explain("node_modules/keep/a.js"),
            "included again by line 3 `!node_modules/keep`"
        );
        assert_eq!(ignore.explain("src/a.js"), "included: no line matches");
        assert!(!ignore.is_excluded("."));
    }

    #[test]
    fn copy_ignored_file_mirrors_buildkit() {
        let ignore = Dockerignore::parse("*/tmp/*\n");
        assert!(ignore.copy_ignored_file("./x/tmp/Dockerfile").is_some());
        assert!(ignore
            .copy_ignored_file("./forever/helloworld.txt")
            .is_none());
        // Absolute sources keep their `/` and so never match.
        let ignore = Dockerignore::parse("secret.txt\n");
        assert!(ignore.copy_ignored_file("secret.txt").is_some());
        assert!(ignore.copy_ignored_file("/secret.txt").is_none());
        // Any exception disables the check.
        let ignore = Dockerignore::parse("secret.txt\n!keep\n");
        assert!(ignore.copy_ignored_file("secret.txt").is_none());
    }
}
