//! `.dockerignore` semantics, checked against moby/patternmatcher's documented
//! and observed behaviour and the examples in Docker's documentation.

use layerlab::context::{BuildContext, ContextEntry, Dockerignore, EntryStatus};
use layerlab::Severity;

fn excluded(ignore: &str, path: &str) -> bool {
    Dockerignore::parse(ignore).is_excluded(path)
}

/// Assert, for each (path, excluded?) pair, both the single-path answer
/// (MatchesOrParentMatches) and the context walk (what is actually sent).
fn check(ignore_text: &str, expectations: &[(&str, bool)]) {
    let ignore = Dockerignore::parse(ignore_text);
    let context = BuildContext::new(
        expectations
            .iter()
            .map(|(p, _)| ContextEntry::file(*p, "h", 1)),
    );
    let filter = context.apply_dockerignore(&ignore);
    for &(path, want_excluded) in expectations {
        assert_eq!(
            ignore.is_excluded(path),
            want_excluded,
            "matches({path:?}) with {ignore_text:?}"
        );
        let status = filter.decision(path).map(|d| d.status);
        assert_eq!(
            status == Some(EntryStatus::Excluded),
            want_excluded,
            "walk status of {path:?} with {ignore_text:?}: {status:?}"
        );
    }
}

#[test]
fn paths_are_relative_to_the_context_root_not_basenames() {
    // Unlike .gitignore, `*.md` only excludes top-level files.
    check("*.md\n", &[("README.md", true), ("docs/guide.md", false)]);
    check("temp\n", &[("temp", true), ("src/temp", false)]);
}

#[test]
fn star_and_question_mark_never_cross_a_slash() {
    check(
        "src/*.js\nlog?.txt\n",
        &[
            ("src/a.js", true),
            ("src/lib/b.js", false),
            ("log1.txt", true),
            ("log12.txt", false),
            ("log/.txt", false),
        ],
    );
}

#[test]
fn character_classes_and_escapes() {
    check(
        "file[0-9].log\nx[^ab]\nliteral\\*star\n",
        &[
            ("file7.log", true),
            ("filex.log", false),
            ("xc", true),
            ("xa", false),
            ("literal*star", true),
            ("literalXstar", false),
        ],
    );
}

#[test]
fn double_star_prefix_matches_at_any_depth_including_the_root() {
    check(
        "**/.git\n**/*.pyc\n",
        &[
            (".git/HEAD", true),
            ("vendor/lib/.git/config", true),
            ("a.pyc", true),
            ("pkg/sub/b.pyc", true),
            ("pkg/b.py", false),
        ],
    );
}

#[test]
fn double_star_suffix_excludes_everything_below_but_not_the_directory() {
    let ignore = Dockerignore::parse("build/**\n");
    assert!(!ignore.is_excluded("build"));
    assert!(ignore.is_excluded("build/out.bin"));
    assert!(ignore.is_excluded("build/deep/er/x"));
    assert!(!ignore.is_excluded("builder/x"));
}

#[test]
fn double_star_in_the_middle_means_zero_or_more_directories() {
    check(
        "a/**/b\n",
        &[
            ("a/b", true),
            ("a/x/b", true),
            ("a/x/y/b", true),
            ("a/xb", false),
            ("c/a/b", false),
        ],
    );
    // A double star inside a name is not a directory wildcard: `a**b` is
    // `a(.*/)?b`.
    check("a**b\n", &[("ab", true), ("ax/b", true), ("axb", false)]);
}

#[test]
fn parents_count_at_any_depth_unlike_the_deprecated_matches() {
    // The deprecated `Matches` only compared as many parent components as
    // the pattern has, so `**/foo` missed x/y/foo/z.
    check(
        "**/foo\nnode_modules\n",
        &[
            ("x/y/foo/z", true),
            ("foo/bar", true),
            ("node_modules/react/index.js", true),
            ("src/node_modules_helper.js", false),
        ],
    );
}

#[test]
fn last_matching_line_wins() {
    // Docker docs: all markdown files except READMEs other than README-secret.md.
    check(
        "*.md\n!README*.md\nREADME-secret.md\n",
        &[
            ("CHANGES.md", true),
            ("README.md", false),
            ("README-dev.md", false),
            ("README-secret.md", true),
        ],
    );
    // Docker docs: all READMEs included; the middle line has no effect.
    check(
        "*.md\nREADME-secret.md\n!README*.md\n",
        &[("README-secret.md", false), ("CHANGES.md", true)],
    );
    // An exception before anything excludes the path does nothing.
    check("!keep.go\n*.go\n", &[("keep.go", true)]);
}

#[test]
fn docker_docs_example_file() {
    let text = "# comment\n*/temp*\n*/*/temp*\ntemp?\n";
    check(
        text,
        &[
            ("somedir/temporary.txt", true),
            ("somedir/temp", true),
            ("somedir/subdir/temporary.txt", true),
            ("tempa", true),
            ("tempb", true),
            ("temporary.txt", false),
            ("a/b/c/temp.txt", false),
        ],
    );
}

#[test]
fn exceptions_re_include_below_an_excluded_parent() {
    let text = "node_modules\n!node_modules/keep\n";
    check(
        text,
        &[
            ("node_modules/drop/index.js", true),
            ("node_modules/keep/index.js", false),
            ("node_modules/keep/lib/deep.js", false),
        ],
    );
    let ignore = Dockerignore::parse(text);
    let context = BuildContext::new(vec![
        ContextEntry::file("node_modules/keep/index.js", "h", 1),
        ContextEntry::file("node_modules/drop/index.js", "h", 1),
    ]);
    let filter = context.apply_dockerignore(&ignore);
    assert_eq!(
        filter.decision("node_modules").map(|d| d.status),
        Some(EntryStatus::KeptForChildren)
    );
    assert!(filter
        .transferred()
        .get("node_modules/keep/index.js")
        .is_some());
    assert!(filter.transferred().get("node_modules/drop").is_none());
    // Wildcard exceptions work the same way.
    check(
        "docs\n!docs/*.md\n",
        &[
            ("docs/a.md", false),
            ("docs/a.txt", true),
            ("docs/x/b.md", true),
        ],
    );
}

#[test]
fn everything_but_a_few_paths() {
    check(
        "*\n!src\n!package.json\n",
        &[
            ("src/index.js", false),
            ("package.json", false),
            ("Dockerfile", true),
            ("node_modules/x.js", true),
        ],
    );
    check(
        "**\n!util/docker/web\n",
        &[("util/docker/web/foo", false), ("util/docker/other", true)],
    );
}

#[test]
fn leading_slash_trailing_slash_and_dot_segments_are_normalised() {
    for variant in [
        "/foo/bar/",
        "/foo/bar",
        "foo/bar/",
        "foo/bar",
        "./foo/bar",
        "foo//bar",
        "foo/x/../bar",
    ] {
        assert!(excluded(variant, "foo/bar/baz"), "{variant}");
        assert!(!excluded(variant, "foo/barn"), "{variant}");
    }
    // Only one leading slash is removed; Clean already squeezes the rest.
    assert!(excluded("//foo", "foo"));
}

#[test]
fn comments_only_at_column_zero_and_whitespace_trimmed() {
    let ignore = Dockerignore::parse("#secret\n  #kept\n\t  spaced.txt \t\n");
    assert!(!ignore.is_excluded("#secret"));
    assert!(ignore.is_excluded("#kept"));
    assert!(ignore.is_excluded("spaced.txt"));
}

#[test]
fn byte_order_mark_on_the_first_line_is_dropped() {
    let ignore = Dockerignore::parse("\u{feff}secret.txt\n");
    assert!(ignore.is_excluded("secret.txt"));
    let commented = Dockerignore::parse("\u{feff}# only a comment\n");
    assert!(commented.patterns().is_empty());
}

#[test]
fn crlf_files() {
    let text = "node_modules\r\n!node_modules/keep\r\n";
    let ignore = Dockerignore::parse(text);
    assert!(ignore.is_excluded("node_modules/a"));
    assert!(!ignore.is_excluded("node_modules/keep"));
    assert_eq!(ignore.patterns()[1].range.slice(text), "!node_modules/keep");
}

#[test]
fn the_dot_pattern_is_ignored_and_warned_about() {
    let ignore = Dockerignore::parse(".\n");
    assert!(!ignore.is_excluded("anything"));
    assert!(!ignore.is_excluded("dir/file"));
    assert_eq!(ignore.diagnostics()[0].code, "LL4003");
    assert_eq!(ignore.diagnostics()[0].severity, Severity::Warning);
}

#[test]
fn lone_exclamation_breaks_the_build() {
    let ignore = Dockerignore::parse("node_modules\n!\n");
    assert!(ignore.breaks_build());
    let d = &ignore.diagnostics()[0];
    assert_eq!((d.code.as_str(), d.severity), ("LL4001", Severity::Error));
    // The usable lines still match, so the rest of the analysis works.
    assert!(ignore.is_excluded("node_modules/x"));
}

#[test]
fn every_pattern_knows_its_line_and_byte_range() {
    let text = "# deps\nnode_modules\n\n  !node_modules/keep  \n*.log\n";
    let ignore = Dockerignore::parse(text);
    let got: Vec<(usize, u32, &str, &str)> = ignore
        .patterns()
        .iter()
        .map(|p| {
            (
                p.index,
                p.line,
                p.range.slice(text),
                p.pattern_range.slice(text),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (0, 2, "node_modules", "node_modules"),
            (1, 4, "!node_modules/keep", "node_modules/keep"),
            (2, 5, "*.log", "*.log"),
        ]
    );
    assert_eq!(
        ignore.deciding_pattern("debug.log").map(|p| p.line),
        Some(5)
    );
    assert_eq!(
        ignore
            .deciding_pattern("node_modules/keep/x")
            .map(|p| p.line),
        Some(4)
    );
    assert!(ignore.deciding_pattern("src/main.rs").is_none());
}

#[test]
fn regex_features_leak_through_as_buildkit_compiles_them() {
    // `[[:digit:]]` is a POSIX class in the generated regular expression.
    assert!(excluded("v[[:digit:]]*", "v1.2"));
    assert!(!excluded("v[[:digit:]]*", "vx"));
    // `\d` is "any digit", not the letter d (and is warned about).
    let ignore = Dockerignore::parse("log\\d*\n");
    assert!(ignore.is_excluded("log7.txt"));
    assert!(!ignore.is_excluded("logd.txt"));
    assert_eq!(ignore.diagnostics()[0].code, "LL4004");
    // Without any wildcard the same text is compared literally.
    assert!(excluded("a^b", "a^b"));
    // With one, a `^` after other characters can never match.
    let ignore = Dockerignore::parse("a^b*\n");
    assert!(!ignore.is_excluded("a^bc"));
    assert_eq!(ignore.diagnostics()[0].code, "LL4003");
}

#[test]
fn walk_and_single_path_answers_differ_only_where_buildkit_does() {
    // fsutil's walk reuses a directory's match results for its children;
    // `MatchesOrParentMatches` re-checks parents. For this file they
    // disagree about `a/b`: the walk (what is sent) keeps it.
    let ignore = Dockerignore::parse("a\n!a/b\na\n");
    assert!(ignore.is_excluded("a/b"));
    let context = BuildContext::new(vec![ContextEntry::file("a/b", "h", 1)]);
    let filter = context.apply_dockerignore(&ignore);
    assert_eq!(
        filter.decision("a/b").map(|d| d.status),
        Some(EntryStatus::Included)
    );
}
