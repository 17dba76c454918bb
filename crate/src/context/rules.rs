//! Codes for `.dockerignore` findings (`LL4001`…). The parser in
//! `dockerignore.rs` reports them; this file holds their documentation.

use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Reports a line that is only `!` (or `!/`, which cleans to `!`).
    ///
    /// ## Why is this bad?
    /// An exception needs a pattern after the `!`. BuildKit refuses the
    /// whole file with `illegal exclusion pattern: "!"`, so `docker build`
    /// fails before anything is sent.
    ///
    /// ## Example
    /// ```text
    /// node_modules
    /// !
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// node_modules
    /// !node_modules/keep-me
    /// ```
    ///
    /// ## References
    /// - [Build context: .dockerignore files](https://docs.docker.com/build/concepts/context/#dockerignore-files)
    pub struct DockerignoreLoneExclamation {
        code: "LL4001",
        name: "dockerignore-lone-exclamation",
        origin: Layerlab,
        target: Dockerignore,
        severity: Error,
        category: Correctness,
        summary: "A lone `!` makes the build fail",
        url: "https://docs.docker.com/build/concepts/context/#dockerignore-files",
    }
}

crate::declare_rule! {
    /// ## What it does
    /// Reports a pattern that BuildKit cannot use: an unterminated or
    /// malformed `[...]` class, a trailing `\`, or a line that turns into a
    /// regular expression Go cannot compile (for example `\q`).
    ///
    /// ## Why is this bad?
    /// Patterns are checked with Go's `filepath.Match` and then compiled to
    /// regular expressions. Either failure stops the context transfer with
    /// `syntax error in pattern`, so the build fails.
    ///
    /// ## Example
    /// ```text
    /// logs/[0-9
    /// build\
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// logs/[0-9]*
    /// build
    /// ```
    ///
    /// ## References
    /// - [Go `filepath.Match` syntax](https://pkg.go.dev/path/filepath#Match)
    /// - [moby/patternmatcher](https://github.com/moby/patternmatcher)
    pub struct DockerignoreInvalidPattern {
        code: "LL4002",
        name: "dockerignore-invalid-pattern",
        origin: Layerlab,
        target: Dockerignore,
        severity: Error,
        category: Correctness,
        summary: "The pattern is malformed and makes the build fail",
        url: "https://pkg.go.dev/path/filepath#Match",
    }
}

crate::declare_rule! {
    /// ## What it does
    /// Reports a pattern that can never match a path in the build context:
    /// `.` (ignored "for historical reasons"), `/`, anything starting with
    /// `..`, or a `^` after other characters (BuildKit turns it into a
    /// regular-expression anchor).
    ///
    /// ## Why is this bad?
    /// Patterns are matched against paths relative to the context root, so
    /// such a line does nothing. It usually hides a mistake: the files it
    /// was meant to exclude are still sent and copied.
    ///
    /// ## Example
    /// ```text
    /// ../secrets
    /// .
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// secrets
    /// ```
    ///
    /// ## References
    /// - [Build context: .dockerignore files](https://docs.docker.com/build/concepts/context/#dockerignore-files)
    pub struct DockerignoreNeverMatches {
        code: "LL4003",
        name: "dockerignore-never-matches",
        origin: Layerlab,
        target: Dockerignore,
        severity: Warning,
        category: Correctness,
        summary: "The pattern can never match a path in the context",
        url: "https://docs.docker.com/build/concepts/context/#dockerignore-files",
    }
}

crate::declare_rule! {
    /// ## What it does
    /// Reports a backslash followed by a letter or digit, such as `\d`,
    /// `\w`, `\b` or `\x41`.
    ///
    /// ## Why is this bad?
    /// In `filepath.Match` syntax `\d` is just the letter `d`, but BuildKit
    /// copies the escape into a regular expression, where `\d` means "any
    /// digit", `\b` a word boundary and `\n` a newline. The pattern matches
    /// something other than what it says. (Unicode classes such as `\pL`
    /// are not evaluated by Layerlab; it treats them as matching nothing.)
    ///
    /// ## Example
    /// ```text
    /// build\d*
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// build[0-9]*
    /// ```
    ///
    /// ## References
    /// - [moby/patternmatcher](https://github.com/moby/patternmatcher)
    /// - [Go regexp syntax](https://pkg.go.dev/regexp/syntax)
    pub struct DockerignoreRegexEscape {
        code: "LL4004",
        name: "dockerignore-regex-escape",
        origin: Layerlab,
        target: Dockerignore,
        severity: Warning,
        category: Correctness,
        summary: "A backslash escape means something else in BuildKit's matcher",
        url: "https://pkg.go.dev/regexp/syntax",
    }
}

crate::declare_rule! {
    /// ## What it does
    /// Reports a line of 64 KiB or more.
    ///
    /// ## Why is this bad?
    /// BuildKit reads the file line by line with Go's `bufio.Scanner`, whose
    /// limit is 64 KiB per line. A longer line makes reading fail with
    /// `token too long`, and the build with it.
    ///
    /// ## Example
    /// ```text
    /// a-generated-list-of-every-file-on-one-line …
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// one-pattern-per-line
    /// ```
    ///
    /// ## References
    /// - [Go `bufio.Scanner`](https://pkg.go.dev/bufio#Scanner)
    pub struct DockerignoreLineTooLong {
        code: "LL4005",
        name: "dockerignore-line-too-long",
        origin: Layerlab,
        target: Dockerignore,
        severity: Error,
        category: Correctness,
        summary: "A line longer than 64 KiB makes reading the file fail",
        url: "https://pkg.go.dev/bufio#Scanner",
    }
}

/// Every `.dockerignore` code, for the rule registry.
pub const RULES: &[&RuleMeta] = &[
    &DockerignoreLoneExclamation::META,
    &DockerignoreInvalidPattern::META,
    &DockerignoreNeverMatches::META,
    &DockerignoreRegexEscape::META,
    &DockerignoreLineTooLong::META,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_documented_and_unique() {
        let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), RULES.len());
        for rule in RULES {
            let docs = rule.documentation();
            for section in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(docs.contains(section), "{} lacks {section}", rule.code);
            }
            assert!(rule.code.starts_with("LL4"));
            assert!(rule.url.starts_with("https://"));
        }
    }
}
