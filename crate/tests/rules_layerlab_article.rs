//! The lessons of the article in `../shared/seed/` ("Docker in Production"),
//! found by Layerlab's own rules on the article's own Dockerfiles.
//!
//! The listings are extracted from the article text (line-number prefixes
//! stripped) and split at their `# ❌ Bad` / `# ✅ Good` markers: the bad
//! single-stage `node:18` build, the good multi-stage `node:18-alpine` one,
//! the bad and good Python builds, and the "hardened" Dockerfile.

use layerlab::analyze::{analyze, AnalyzeInput, AnalyzeOptions};
use layerlab::diagnostic::{apply_edits, TextEdit};
use layerlab::report::ReportDiagnostic;
use layerlab::Severity;
use std::fs;

const ARTICLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/seed/docker-in-production.txt"
);

/// The numbered listings of the article, prefixes stripped.
fn listings(article: &str) -> Vec<String> {
    let lines: Vec<&str> = article.lines().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let starts = lines[i].starts_with('1')
            && !lines[i][1..].starts_with(|c: char| c.is_ascii_digit())
            && lines.get(i + 1).is_some_and(|next| {
                next.starts_with('2') && !next[1..].starts_with(|c: char| c.is_ascii_digit())
            });
        if !starts {
            i += 1;
            continue;
        }
        let mut listing = String::new();
        let mut number = 1;
        while let Some(line) = lines.get(i) {
            let prefix = number.to_string();
            let Some(rest) = line.strip_prefix(prefix.as_str()) else {
                break;
            };
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                break;
            }
            listing.push_str(rest);
            listing.push('\n');
            number += 1;
            i += 1;
        }
        found.push(listing);
    }
    found
}

/// Split a listing into Dockerfiles at its `# ❌` / `# ✅` markers.
fn dockerfiles(listing: &str) -> Vec<String> {
    let mut files: Vec<String> = Vec::new();
    for line in listing.lines() {
        if line.starts_with("# ❌") || line.starts_with("# ✅") || files.is_empty() {
            files.push(String::new());
        }
        if let Some(current) = files.last_mut() {
            current.push_str(line);
            current.push('\n');
        }
    }
    files
        .into_iter()
        .map(|f| f.trim_end().to_string() + "\n")
        .filter(|f| f.lines().any(|l| l.starts_with("FROM ")))
        .collect()
}

struct Article {
    bad_node: String,
    good_node: String,
    bad_python: String,
    good_python: String,
    hardened: String,
}

fn article() -> Article {
    let text = fs::read_to_string(ARTICLE).expect("the article is in ../shared/seed");
    let files: Vec<String> = listings(&text)
        .iter()
        .flat_map(|l| dockerfiles(l))
        .collect();
    assert_eq!(
        files.len(),
        5,
        "five Dockerfiles in the article: {files:#?}"
    );
    let mut files = files.into_iter();
    let mut next = || files.next().expect("five files");
    Article {
        bad_node: next(),
        good_node: next(),
        bad_python: next(),
        good_python: next(),
        hardened: next(),
    }
}

fn lint(text: &str) -> Vec<ReportDiagnostic> {
    let mut input = AnalyzeInput {
        options: AnalyzeOptions {
            today: Some("2026-11-28".to_string()),
            ..AnalyzeOptions::default()
        },
        ..AnalyzeInput::default()
    };
    input
        .files
        .insert("Dockerfile".to_string(), text.to_string());
    analyze(&input).diagnostics
}

fn lines_of(found: &[ReportDiagnostic], code: &str) -> Vec<u32> {
    found
        .iter()
        .filter(|d| d.code == code)
        .map(|d| d.line)
        .collect()
}

fn line_of(text: &str, needle: &str) -> u32 {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i as u32 + 1)
        .unwrap_or_else(|| panic!("{needle:?} not in {text}"))
}

fn show(name: &str, text: &str, found: &[ReportDiagnostic]) {
    println!("== {name}");
    for d in found.iter().filter(|d| d.code.starts_with("LL")) {
        println!(
            "  {}:{} {} {} {}",
            d.line, d.column, d.code, d.severity, d.message
        );
        let _ = text;
    }
}

#[test]
fn the_listings_are_extracted() {
    let a = article();
    assert!(a.bad_node.contains("FROM node:18\n"));
    assert_eq!(a.good_node.matches("FROM ").count(), 3);
    assert!(a.bad_python.contains("COPY . .  # This invalidates"));
    assert!(a.good_python.contains("COPY requirements.txt ."));
    assert!(a.hardened.contains("RUN rm -rf tests/ docs/ .git/"));
}

#[test]
fn single_stage_node_runs_as_root_on_an_eol_base() {
    let a = article();
    let found = lint(&a.bad_node);
    show("bad single-stage node:18", &a.bad_node, &found);
    let from = line_of(&a.bad_node, "FROM node:18");
    assert_eq!(lines_of(&found, "LL1001"), [from], "no USER at all");
    let eol: Vec<&ReportDiagnostic> = found.iter().filter(|d| d.code == "LL1004").collect();
    assert_eq!(eol.len(), 1);
    assert_eq!(eol[0].line, from);
    assert_eq!(eol[0].severity, Severity::Warning);
    assert!(eol[0].message.contains("2025-04-30"), "{}", eol[0].message);
    // It copies the manifests before installing: no LL1002.
    assert!(lines_of(&found, "LL1002").is_empty());
    // `npm install` after `COPY package*.json`: npm ci is the build command.
    assert_eq!(
        lines_of(&found, "LL1019"),
        [line_of(&a.bad_node, "RUN npm install")]
    );
}

#[test]
fn multi_stage_node_has_a_user_but_a_deprecated_flag() {
    let a = article();
    let found = lint(&a.good_node);
    show("good multi-stage node:18-alpine", &a.good_node, &found);
    assert!(
        lines_of(&found, "LL1001").is_empty(),
        "USER nextjs in the final stage"
    );
    assert_eq!(
        lines_of(&found, "LL1009"),
        [line_of(&a.good_node, "npm ci --only=production")]
    );
    // Three stages on node:18-alpine: one finding, at the stage that ships.
    assert_eq!(
        lines_of(&found, "LL1004"),
        [line_of(&a.good_node, "FROM node:18-alpine AS runner")]
    );
    assert!(lines_of(&found, "LL1002").is_empty());
}

#[test]
fn python_pair_cache_lesson() {
    let a = article();
    let bad = lint(&a.bad_python);
    show("bad python", &a.bad_python, &bad);
    let copy = line_of(&a.bad_python, "COPY . .");
    assert_eq!(
        lines_of(&bad, "LL1002"),
        [copy],
        "COPY . . before pip install -r"
    );
    assert_eq!(
        lines_of(&bad, "LL1008"),
        [copy],
        "the trailing # is not a comment"
    );
    let comment = bad.iter().find(|d| d.code == "LL1008").expect("LL1008");
    let start = comment.range.start as usize;
    let end = comment.range.end as usize;
    assert_eq!(
        &a.bad_python[start..end],
        "# This invalidates cache when ANY file changes"
    );

    let good = lint(&a.good_python);
    show("good python", &a.good_python, &good);
    assert!(
        lines_of(&good, "LL1002").is_empty(),
        "requirements copied first"
    );
    assert!(lines_of(&good, "LL1008").is_empty());
    assert!(
        lines_of(&good, "LL1011").is_empty(),
        "update and install together"
    );
}

#[test]
fn hardened_dockerfile_still_ships_what_it_deletes() {
    let a = article();
    let found = lint(&a.hardened);
    show("hardened", &a.hardened, &found);
    let rm = line_of(&a.hardened, "RUN rm -rf tests/ docs/ .git/");
    assert_eq!(lines_of(&found, "LL1003"), [rm]);
    let finding = found.iter().find(|d| d.code == "LL1003").expect("LL1003");
    assert!(finding.message.contains(".dockerignore"));
    assert_eq!(
        finding.related[0].line,
        line_of(&a.hardened, "COPY --chown=appuser:appgroup . .")
    );
    assert_eq!(
        lines_of(&found, "LL1009"),
        [line_of(&a.hardened, "npm ci --only=production")]
    );
    assert!(lines_of(&found, "LL1001").is_empty(), "USER appuser");
    assert_eq!(
        lines_of(&found, "LL1004"),
        [line_of(&a.hardened, "FROM node:18-alpine")]
    );
}

#[test]
fn the_article_fixes_apply_cleanly() {
    let a = article();
    for (text, code) in [
        (&a.bad_python, "LL1008"),
        (&a.good_node, "LL1009"),
        (&a.hardened, "LL1009"),
    ] {
        let found = lint(text);
        let before = lines_of(&found, code).len();
        let finding = found.iter().find(|d| d.code == code).expect("finding");
        let fix = finding.fixes.first().expect("a fix");
        let edits: Vec<TextEdit> = fix
            .edits
            .iter()
            .map(|e| TextEdit::replace(e.range, e.new_text.clone()))
            .collect();
        let fixed = apply_edits(text, &edits);
        let after = lint(&fixed);
        assert!(
            lines_of(&after, code).len() < before,
            "{code} still fires:\n{fixed}"
        );
        assert!(lines_of(&after, "DL1000").is_empty(), "{fixed}");
    }
}
