//! moby/patternmatcher: how one `.dockerignore` (or `--exclude`) pattern
//! matches a path, and how an ordered list of them decides whether a path is
//! excluded.
//!
//! A pattern is compiled the way `Pattern.compile` does it: plain text is an
//! exact match, `lit/**` a prefix match, `**lit` a suffix match, anything
//! else a regular expression in which `*` is `[^/]*`, `?` is `[^/]`, `**` is
//! `(.*/)?` (or `.*` at the end), and `[`, `]`, `\x` are copied through.
//!
//! Two ways of applying a list, both with "the last matching pattern wins":
//! - [`PatternSet::matches_or_parent_matches`] (`MatchesOrParentMatches`):
//!   each pattern is tried against the path and every parent directory.
//!   BuildKit uses it for single-path questions (the CopyIgnoredFile check).
//! - [`PatternSet::matches_using_parent_results`]
//!   (`MatchesUsingParentResults`): a walk from the root down, where a
//!   pattern that matched a directory counts as matched for everything
//!   below it. fsutil uses it when it sends the context and when COPY
//!   applies `--exclude`/`--parents`. It differs from the first only in rare
//!   cases (a pattern that was skipped for a directory because the path was
//!   already excluded there, then re-evaluated for a child).
//!
//! The deprecated, buggy `Matches` (one parent level only) is not ported.

use super::glob;
use super::gopath;
use super::regex::{Regex, RegexError};

/// How a compiled pattern is checked (patternmatcher's `matchType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchKind {
    /// No wildcard: the path must equal the pattern.
    Exact,
    /// `literal/**`: the path must start with the text before `**`.
    Prefix,
    /// `**literal`: the path must end with the text after `**`.
    Suffix,
    /// Anything else: the generated regular expression.
    Regexp,
}

/// Why a pattern is rejected outright (patternmatcher's `New` fails, so the
/// build fails).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatternError {
    /// `!` with nothing after it: `illegal exclusion pattern: "!"`.
    LoneExclamation,
    /// `filepath.Match` reports `ErrBadPattern` (unterminated `[`, trailing
    /// `\`, bad range).
    BadPattern,
}

/// One compiled pattern.
#[derive(Clone, Debug)]
pub struct Pattern {
    /// Caller-chosen identifier reported as the deciding pattern.
    pub id: usize,
    /// The cleaned pattern text without the leading `!`.
    pub cleaned: String,
    /// An exception (`!pattern`): it re-includes what earlier lines excluded.
    pub exception: bool,
    pub kind: MatchKind,
    /// The regular expression patternmatcher would build (`^…$`), for
    /// [`MatchKind::Regexp`].
    pub regex_source: String,
    regex: Option<Result<Regex, RegexError>>,
    /// Regular-expression escapes (`\d`, `\b`, …) used in the pattern.
    pub regex_escapes: Vec<char>,
}

impl Pattern {
    /// Compile one entry the way `patternmatcher.New` does: trim, skip if
    /// empty (`Ok(None)`), `filepath.Clean`, strip `!`, validate with
    /// `filepath.Match(p, ".")`.
    pub fn new(id: usize, raw: &str) -> Result<Option<Pattern>, PatternError> {
        let trimmed = raw.trim_matches(char::is_whitespace);
        if trimmed.is_empty() {
            return Ok(None);
        }
        let cleaned = gopath::clean(trimmed);
        let (exception, body) = match cleaned.strip_prefix('!') {
            Some("") => return Err(PatternError::LoneExclamation),
            Some(rest) => (true, rest.to_string()),
            None => (false, cleaned),
        };
        if !glob::is_valid(&body) {
            return Err(PatternError::BadPattern);
        }
        let compiled = compile(&body);
        let regex = (compiled.kind == MatchKind::Regexp).then(|| Regex::new(&compiled.regex));
        Ok(Some(Pattern {
            id,
            cleaned: body,
            exception,
            kind: compiled.kind,
            regex_source: compiled.regex,
            regex,
            regex_escapes: compiled.escapes,
        }))
    }

    /// Why the generated expression does not compile, if it does not (Go
    /// then fails every match with `ErrBadPattern`).
    pub fn regex_error(&self) -> Option<&RegexError> {
        match &self.regex {
            Some(Err(err)) => Some(err),
            _ => None,
        }
    }

    /// Whether the pattern can never match a path inside the context.
    pub fn can_never_match(&self) -> bool {
        let text = self.cleaned.as_str();
        // Context paths are relative, never `.` and never start with `..`
        // (`.` is "ignored for historical reasons"). None of these forms
        // can start with `**`, so no suffix match rescues them.
        text == "."
            || text == ".."
            || text.starts_with("../")
            || text.starts_with('/')
            || matches!(&self.regex, Some(Ok(regex)) if regex.can_never_match())
    }

    /// `Pattern.match`: does this pattern match exactly this path? A pattern
    /// whose expression does not compile matches nothing (Go returns an
    /// error instead, which aborts the walk).
    pub fn matches(&self, path: &str) -> bool {
        match self.kind {
            MatchKind::Exact => path == self.cleaned,
            MatchKind::Prefix => {
                let prefix = &self.cleaned[..self.cleaned.len() - 2];
                path.starts_with(prefix)
            }
            MatchKind::Suffix => {
                let suffix = &self.cleaned[2..];
                path.ends_with(suffix)
                    || suffix
                        .strip_prefix('/')
                        .is_some_and(|without_slash| path == without_slash)
            }
            MatchKind::Regexp => matches!(&self.regex, Some(Ok(regex)) if regex.is_match(path)),
        }
    }
}

struct Compiled {
    kind: MatchKind,
    regex: String,
    escapes: Vec<char>,
}

/// Characters that are special in a regular expression but plain in a
/// `filepath.Match` pattern, so patternmatcher escapes them.
fn should_escape(c: char) -> bool {
    matches!(c, '.' | '+' | '(' | ')' | '|' | '{' | '}' | '$')
}

/// `Pattern.compile` for Unix (`/` separator).
fn compile(pattern: &str) -> Compiled {
    let chars: Vec<char> = pattern.chars().collect();
    let mut regex = String::from("^");
    let mut kind = MatchKind::Exact;
    let mut escapes = Vec::new();
    let mut at = 0;
    let mut iteration = 0;
    while at < chars.len() {
        let c = chars[at];
        at += 1;
        match c {
            '*' if chars.get(at) == Some(&'*') => {
                at += 1;
                // `**/` is treated as `**`.
                if chars.get(at) == Some(&'/') {
                    at += 1;
                }
                if at == chars.len() {
                    // A trailing `**` matches everything below, like .gitignore.
                    if kind == MatchKind::Exact {
                        kind = MatchKind::Prefix;
                    } else {
                        regex.push_str(".*");
                        kind = MatchKind::Regexp;
                    }
                } else {
                    // Any number of directories, including none.
                    regex.push_str("(.*/)?");
                    kind = MatchKind::Regexp;
                }
                if iteration == 0 {
                    kind = MatchKind::Suffix;
                }
            }
            '*' => {
                regex.push_str("[^/]*");
                kind = MatchKind::Regexp;
            }
            '?' => {
                regex.push_str("[^/]");
                kind = MatchKind::Regexp;
            }
            c if should_escape(c) => {
                regex.push('\\');
                regex.push(c);
            }
            '\\' => match chars.get(at) {
                Some(&next) => {
                    regex.push('\\');
                    regex.push(next);
                    if next.is_ascii_alphanumeric() {
                        escapes.push(next);
                    }
                    at += 1;
                    kind = MatchKind::Regexp;
                }
                None => regex.push('\\'),
            },
            '[' | ']' => {
                regex.push(c);
                kind = MatchKind::Regexp;
            }
            other => regex.push(other),
        }
        iteration += 1;
    }
    if kind == MatchKind::Regexp {
        regex.push('$');
    }
    Compiled {
        kind,
        regex,
        escapes,
    }
}

/// The outcome of applying a pattern list to one path.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Verdict {
    /// Excluded (ignored) after the last matching pattern.
    pub excluded: bool,
    /// The id of the last pattern that matched and was applied; `None` when
    /// no pattern matched (the path is included by default).
    pub decided_by: Option<usize>,
}

/// Per-pattern "matched this directory" flags handed from a directory to
/// its children (`patternmatcher.MatchInfo`). Empty means "no information".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParentMatches(Vec<bool>);

/// An ordered list of patterns.
#[derive(Clone, Debug, Default)]
pub struct PatternSet {
    patterns: Vec<Pattern>,
}

impl PatternSet {
    pub fn new(patterns: Vec<Pattern>) -> Self {
        PatternSet { patterns }
    }

    /// Compile raw strings (ids are their indices); the first error is
    /// returned with the index of the offending string.
    pub fn from_strings<S: AsRef<str>>(raw: &[S]) -> Result<Self, (usize, PatternError)> {
        let mut patterns = Vec::new();
        for (index, text) in raw.iter().enumerate() {
            match Pattern::new(index, text.as_ref()) {
                Ok(Some(pattern)) => patterns.push(pattern),
                Ok(None) => {}
                Err(err) => return Err((index, err)),
            }
        }
        Ok(PatternSet { patterns })
    }

    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Whether any pattern is an exception (`!`).
    pub fn has_exceptions(&self) -> bool {
        self.patterns.iter().any(|p| p.exception)
    }

    /// `MatchesOrParentMatches`: each pattern that can change the verdict is
    /// tried on the path, then on each parent from the top down.
    pub fn matches_or_parent_matches(&self, path: &str) -> Verdict {
        let parent = gopath::dir(path);
        let ancestors = ancestor_prefixes(&parent);
        let mut verdict = Verdict::default();
        for pattern in &self.patterns {
            // An exclusion cannot change an excluded path, an exception
            // cannot change an included one.
            if pattern.exception != verdict.excluded {
                continue;
            }
            let matched =
                pattern.matches(path) || ancestors.iter().any(|prefix| pattern.matches(prefix));
            if matched {
                verdict = Verdict {
                    excluded: !pattern.exception,
                    decided_by: Some(pattern.id),
                };
            }
        }
        verdict
    }

    /// `MatchesUsingParentResults`: like the above, but a pattern that
    /// matched the parent directory counts as matched without re-checking,
    /// and parents are not otherwise consulted (unless no parent information
    /// is given). Returns the information to hand to this path's children.
    pub fn matches_using_parent_results(
        &self,
        path: &str,
        parent: &ParentMatches,
    ) -> (Verdict, ParentMatches) {
        let known = parent.0.len() == self.patterns.len() && !parent.0.is_empty();
        let mut for_children = vec![false; self.patterns.len()];
        let mut verdict = Verdict::default();
        for (index, pattern) in self.patterns.iter().enumerate() {
            let mut matched = known && parent.0[index];
            if !matched {
                if pattern.exception != verdict.excluded {
                    continue;
                }
                matched = pattern.matches(path);
                if !matched && !known {
                    let parent = gopath::dir(path);
                    matched = ancestor_prefixes(&parent)
                        .iter()
                        .any(|prefix| pattern.matches(prefix));
                }
            }
            for_children[index] = matched;
            if matched {
                verdict = Verdict {
                    excluded: !pattern.exception,
                    decided_by: Some(pattern.id),
                };
            }
        }
        (verdict, ParentMatches(for_children))
    }
}

/// `a`, `a/b`, `a/b/c` for the parent directory `a/b/c` (none for `.`),
/// the prefixes patternmatcher builds by joining the leading components.
fn ancestor_prefixes(parent: &str) -> Vec<&str> {
    if parent == "." {
        return Vec::new();
    }
    let mut prefixes: Vec<&str> = parent
        .match_indices('/')
        .map(|(at, _)| &parent[..at])
        .collect();
    prefixes.push(parent);
    prefixes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compiled(p: &str) -> Pattern {
        Pattern::new(0, p).unwrap().unwrap()
    }

    #[test]
    fn compile_kinds_and_expressions() {
        let cases = [
            ("*", MatchKind::Regexp, "^[^/]*$"),
            ("file*", MatchKind::Regexp, "^file[^/]*$"),
            ("a*/b", MatchKind::Regexp, "^a[^/]*/b$"),
            ("**", MatchKind::Suffix, "^"),
            ("**/**", MatchKind::Regexp, "^(.*/)?.*$"),
            ("dir/**", MatchKind::Prefix, "^dir/"),
            ("**/dir", MatchKind::Suffix, "^(.*/)?dir"),
            ("**/dir2/*", MatchKind::Regexp, "^(.*/)?dir2/[^/]*$"),
            ("**/file*txt", MatchKind::Regexp, "^(.*/)?file[^/]*txt$"),
            (
                "**/**/*.txt",
                MatchKind::Regexp,
                "^(.*/)?(.*/)?[^/]*\\.txt$",
            ),
            ("a[b-d]e", MatchKind::Regexp, "^a[b-d]e$"),
            (".*", MatchKind::Regexp, "^\\.[^/]*$"),
            ("abc.def", MatchKind::Exact, "^abc\\.def"),
            ("a\\*b", MatchKind::Regexp, "^a\\*b$"),
        ];
        for (pattern, kind, regex) in cases {
            let p = compiled(pattern);
            assert_eq!(p.kind, kind, "{pattern}");
            assert_eq!(p.regex_source, regex, "{pattern}");
        }
    }

    #[test]
    fn new_rejects_like_patternmatcher() {
        assert_eq!(
            Pattern::new(0, "!").unwrap_err(),
            PatternError::LoneExclamation
        );
        // Clean("!/") is "!": also a lone exclamation.
        assert_eq!(
            Pattern::new(0, "!/").unwrap_err(),
            PatternError::LoneExclamation
        );
        assert_eq!(Pattern::new(0, "[").unwrap_err(), PatternError::BadPattern);
        assert_eq!(
            Pattern::new(0, "a\\").unwrap_err(),
            PatternError::BadPattern
        );
        assert!(Pattern::new(0, "   ").unwrap().is_none());
        let p = compiled("  !docs/README.md  ");
        assert!(p.exception);
        assert_eq!(p.cleaned, "docs/README.md");
    }

    #[test]
    fn single_pattern_matches() {
        // (pattern, path, matches the path itself, matches it or a parent)
        let cases: &[(&str, &str, bool, bool)] = &[
            ("**", "file", true, true),
            ("**", "dir/file", true, true),
            ("**/", "file", true, true),
            ("**/**", "dir/file", true, true),
            ("dir/**", "dir/file", true, true),
            ("dir/**", "dir/dir2/file", true, true),
            ("**/dir", "dir", true, true),
            ("**/dir", "dir/file", false, true),
            ("**/dir2/*", "dir/dir2/file", true, true),
            ("**/dir2/**", "dir/dir2/dir3/file", true, true),
            ("**file", "file", true, true),
            ("**file", "dir/file", true, true),
            ("**/file", "dir/dir/file", true, true),
            ("**/file*", "dir/dir/file.txt", true, true),
            ("**/**/*.txt", "dir/dir/file.txt", true, true),
            ("**/**/*.txt2", "dir/dir/file.txt", false, false),
            ("**/*.txt", "file.txt", true, true),
            ("a**/*.txt", "a/dir/dir/file.txt", true, true),
            ("a/*.txt", "a/dir/file.txt", false, false),
            ("a/*.txt", "a/file.txt", true, true),
            ("a[b-d]e", "ae", false, false),
            ("a[b-d]e", "ace", true, true),
            ("a[^b-d]e", "aze", true, true),
            (".*", ".foo", true, true),
            (".*", "foo", false, false),
            ("abc.def", "abcdef", false, false),
            ("abc?def", "abcZdef", true, true),
            ("abc?def", "abcdef", false, false),
            ("**/foo/bar", "foo/bar", true, true),
            ("abc/**", "abc", false, false),
            ("abc/**", "abc/def/ghi", true, true),
            ("**/.foo", "bar.foo", false, false),
            ("a(b)c/def", "a(b)c/def", true, true),
            ("a.|)$(}+{bc", "a.|)$(}+{bc", true, true),
            (
                "dist/*.whl",
                "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
                true,
                true,
            ),
            ("a\\\\", "a\\", true, true),
            ("a\\*b", "a*b", true, true),
            ("node_modules", "node_modules/x/y.js", false, true),
            ("*.md", "docs/a.md", false, false),
        ];
        for &(pattern, path, exact, or_parent) in cases {
            let p = compiled(pattern);
            assert_eq!(p.matches(path), exact, "{pattern:?} on {path:?}");
            let set = PatternSet::new(vec![p]);
            let verdict = set.matches_or_parent_matches(path);
            assert_eq!(
                verdict.excluded, or_parent,
                "{pattern:?} or-parent on {path:?}"
            );
            // Walking down from the root gives the same answer here.
            assert_eq!(
                walk(&set, path).excluded,
                or_parent,
                "{pattern:?} walk {path:?}"
            );
        }
    }

    fn walk(set: &PatternSet, path: &str) -> Verdict {
        let parts: Vec<&str> = path.split('/').collect();
        let mut info = ParentMatches::default();
        let mut verdict = Verdict::default();
        for depth in 1..=parts.len() {
            let (v, next) = set.matches_using_parent_results(&parts[..depth].join("/"), &info);
            verdict = v;
            info = next;
        }
        verdict
    }

    #[test]
    fn last_match_wins_and_reports_the_deciding_pattern() {
        let set = PatternSet::from_strings(&["*.md", "README-secret.md", "!README*.md"]).unwrap();
        let v = set.matches_or_parent_matches("README-secret.md");
        assert_eq!(
            v,
            Verdict {
                excluded: false,
                decided_by: Some(2)
            }
        );
        let v = set.matches_or_parent_matches("CHANGES.md");
        assert_eq!(
            v,
            Verdict {
                excluded: true,
                decided_by: Some(0)
            }
        );
        let v = set.matches_or_parent_matches("main.go");
        assert_eq!(v, Verdict::default());
    }

    #[test]
    fn the_two_strategies_differ_where_patternmatcher_does() {
        // `a` excludes a/…; `!a/b` re-includes a/b; the repeated `a` is
        // skipped for directory `a` (already excluded there), so the walk
        // never learns that it matches an ancestor of a/b.
        let set = PatternSet::from_strings(&["a", "!a/b", "a"]).unwrap();
        assert!(set.matches_or_parent_matches("a/b").excluded);
        assert!(!walk(&set, "a/b").excluded);
    }

    #[test]
    fn never_matching_patterns() {
        for p in ["..", "../x", "/", "a^b*"] {
            assert!(compiled(p).can_never_match(), "{p}");
        }
        for p in ["a", "**", "*.go", "^a*"] {
            assert!(!compiled(p).can_never_match(), "{p}");
        }
        // `^a*` compiles to `^^a[^/]*$`, a valid double anchor.
        assert!(compiled("^a*").matches("abc"));
        // Without a wildcard, `^a` is an exact match on the text `^a`.
        assert!(compiled("^a").matches("^a"));
    }

    #[test]
    fn regex_escapes_are_recorded_and_broken_expressions_match_nothing() {
        let p = compiled("file\\d*");
        assert_eq!(p.regex_escapes, vec!['d']);
        assert!(p.matches("file7x"));
        assert!(!p.matches("filedx"));
        let broken = compiled("a\\q*");
        assert!(broken.regex_error().is_some());
        assert!(!broken.matches("aq"));
    }
}
