//! Real `.dockerignore` files from the shared corpus: they must read without
//! errors and behave sensibly on a synthetic project tree.

use layerlab::context::{find_risky, BuildContext, ContextEntry, Dockerignore, EntryStatus};
use layerlab::Severity;
use std::path::{Path, PathBuf};

/// The corpus sits next to the repository (`../shared/corpus`). From a git
/// worktree one level deeper (`/work/wt/<name>`) it is one more `..` away.
fn corpus_dir() -> PathBuf {
    let candidates = [
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/corpus/dockerignore"
        ),
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/corpus/dockerignore"
        ),
    ];
    candidates
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_dir())
        .unwrap_or_else(|| panic!("corpus not found; looked in {candidates:?}"))
}

fn corpus_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(corpus_dir())
        .expect("corpus directory is readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .map(|p: PathBuf| {
            let name = p
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            let text = std::fs::read_to_string(Path::new(&p)).expect("corpus file is UTF-8");
            (name, text)
        })
        .collect();
    files.sort();
    files
}

/// A typical project checkout: sources, manifests, and the usual clutter.
fn synthetic_tree() -> BuildContext {
    let paths = [
        "Dockerfile",
        ".dockerignore",
        "package.json",
        "Cargo.toml",
        "Cargo.lock",
        "npm-debug.log",
        ".DS_Store",
        "src/index.js",
        "src/main.rs",
        "src/components/App.js",
        "src/.DS_Store",
        "public/index.html",
        "node_modules/react/index.js",
        "node_modules/react/package.json",
        "packages/ui/node_modules/lodash/lodash.js",
        "build/index.html",
        "build/static/main.js",
        "target/debug/app",
        "target/release/app",
        ".git/HEAD",
        ".git/objects/ab/cdef",
        "vendor/lib/.git/config",
    ];
    BuildContext::new(
        paths
            .iter()
            .map(|p| ContextEntry::file(*p, format!("sha-{p}"), 1000)),
    )
}

#[test]
fn corpus_is_present_and_nonempty() {
    assert!(corpus_files().len() >= 5);
}

#[test]
fn every_corpus_file_parses_without_errors() {
    for (name, text) in corpus_files() {
        let ignore = Dockerignore::parse(&text);
        assert!(!ignore.breaks_build(), "{name}");
        let errors: Vec<_> = ignore
            .diagnostics()
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        assert!(!ignore.patterns().is_empty(), "{name} has patterns");
        for pattern in ignore.patterns() {
            assert!(pattern.valid, "{name}: line {}", pattern.line);
            assert_eq!(pattern.range.slice(&text), pattern.text, "{name}");
        }
    }
}

#[test]
fn corpus_files_exclude_what_they_name_and_keep_sources() {
    let tree = synthetic_tree();
    for (name, text) in corpus_files() {
        let ignore = Dockerignore::parse(&text);
        let filter = tree.apply_dockerignore(&ignore);

        // Each plain (wildcard-free) exclusion line removes the path it
        // names, and is reported as the deciding line.
        for pattern in ignore.patterns().iter().filter(|p| !p.exception) {
            let literal = pattern.normalized.as_str();
            if literal.contains(['*', '?', '[', '\\']) || tree.get(literal).is_none() {
                continue;
            }
            let decision = filter.decision(literal).expect("path is in the tree");
            assert_eq!(decision.status, EntryStatus::Excluded, "{name}: {literal}");
            assert_eq!(
                decision.decided_by,
                Some(pattern.index),
                "{name}: {literal}"
            );
            let below: Vec<_> = filter
                .decisions_below(literal)
                .iter()
                .filter(|d| d.status != EntryStatus::Excluded)
                .collect();
            assert!(
                below.is_empty(),
                "{name}: something below {literal} is sent: {below:?}"
            );
        }

        // No corpus file touches the sources or the manifests.
        for kept in [
            "src/index.js",
            "src/components/App.js",
            "package.json",
            "Dockerfile",
        ] {
            assert!(filter.is_sent(kept), "{name} keeps {kept}");
            assert_eq!(
                filter.explain(kept).as_deref(),
                Some("included: no .dockerignore line matches"),
                "{name}: {kept}"
            );
        }

        // Every file removes something, and the totals add up.
        let summary = filter.summary();
        assert!(summary.excluded_files > 0, "{name} excludes something");
        assert_eq!(
            summary.included_files + summary.excluded_files,
            tree.entries().iter().filter(|e| !e.is_dir()).count() as u64,
            "{name}"
        );
        assert_eq!(
            summary.included_bytes + summary.excluded_bytes,
            summary.included_files * 1000 + summary.excluded_files * 1000
        );

        // On this tree the walk and the single-path answer agree everywhere.
        for decision in filter.decisions() {
            assert_eq!(
                ignore.is_excluded(&decision.path),
                decision.status == EntryStatus::Excluded,
                "{name}: {}",
                decision.path
            );
        }
    }
}

#[test]
fn node_modules_lines_keep_the_top_level_tree_out() {
    let tree = synthetic_tree();
    for (name, text) in corpus_files() {
        let ignore = Dockerignore::parse(&text);
        let names_node_modules = ignore
            .patterns()
            .iter()
            .any(|p| p.normalized == "node_modules" || p.normalized == "**/node_modules");
        if !names_node_modules {
            continue;
        }
        let filter = tree.apply_dockerignore(&ignore);
        assert!(!filter.is_sent("node_modules/react/index.js"), "{name}");
        let risky: Vec<_> = find_risky(filter.included_entries())
            .into_iter()
            .filter(|f| f.path == "node_modules")
            .collect();
        assert!(risky.is_empty(), "{name}: {risky:?}");
    }
}

#[test]
fn react_nginx_file_in_detail() {
    let (_, text) = corpus_files()
        .into_iter()
        .find(|(name, _)| name.contains("react-nginx"))
        .expect("react-nginx .dockerignore is in the corpus");
    let ignore = Dockerignore::parse(&text);
    let filter = synthetic_tree().apply_dockerignore(&ignore);
    // `**/.git` and `**/node_modules` reach nested directories too.
    assert!(!filter.is_sent("vendor/lib/.git/config"));
    assert!(!filter.is_sent("packages/ui/node_modules/lodash/lodash.js"));
    assert!(!filter.is_sent("src/.DS_Store"));
    // `.dockerignore` excludes itself; `build` excludes the directory.
    assert!(!filter.is_sent(".dockerignore"));
    assert!(!filter.is_sent("build/static/main.js"));
    assert!(filter
        .explain("packages/ui/node_modules/lodash/lodash.js")
        .is_some_and(|e| e.contains("`**/node_modules`")));
}
