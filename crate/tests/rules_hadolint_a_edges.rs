//! DL3000–DL3029 on awkward input: CRLF line endings, the backtick escape
//! character, non-ASCII words, files without FROM, and hostile sizes. Fixes
//! must still land in the right place, and nothing may panic or crawl.

use layerlab::analyze::{analyze, AnalyzeInput, AnalyzeOptions};
use layerlab::diagnostic::{apply_edits, TextEdit};
use layerlab::report::ReportDiagnostic;
use std::time::{Duration, Instant};

fn lint(text: &str) -> Vec<ReportDiagnostic> {
    let mut input = AnalyzeInput {
        options: AnalyzeOptions {
            today: Some("2026-11-28".into()),
            ..AnalyzeOptions::default()
        },
        ..AnalyzeInput::default()
    };
    input.files.insert("Dockerfile".into(), text.into());
    analyze(&input).diagnostics
}

fn of<'a>(found: &'a [ReportDiagnostic], code: &str) -> Vec<&'a ReportDiagnostic> {
    found.iter().filter(|d| d.code == code).collect()
}

fn fixed(text: &str, diagnostic: &ReportDiagnostic) -> String {
    let fix = diagnostic.fixes.first().expect("a fix");
    let edits: Vec<TextEdit> = fix
        .edits
        .iter()
        .map(|e| TextEdit::replace(e.range, e.new_text.clone()))
        .collect();
    apply_edits(text, &edits)
}

fn slice<'a>(text: &'a str, d: &ReportDiagnostic) -> &'a str {
    &text[d.range.start()..d.range.end()]
}

#[test]
fn crlf_line_endings() {
    let text = "FROM debian:12\r\nRUN apt-get update && apt-get install curl\r\n";
    let found = lint(text);
    assert_eq!(slice(text, of(&found, "DL3008")[0]), "curl");
    let lists = of(&found, "DL3009")[0];
    assert_eq!(
        fixed(text, lists),
        "FROM debian:12\r\nRUN apt-get update && apt-get install curl && rm -rf /var/lib/apt/lists/*\r\n"
    );
    let yes = of(&found, "DL3014")[0];
    assert_eq!(
        fixed(text, yes),
        "FROM debian:12\r\nRUN apt-get update && apt-get install -y curl\r\n"
    );
}

#[test]
fn backtick_escape_continuations() {
    let text = "# escape=`\nFROM debian:12\nRUN apt-get update `\n  && apt-get install -y curl\n";
    let found = lint(text);
    let recommends = of(&found, "DL3015")[0];
    assert_eq!(recommends.line, 4);
    assert_eq!(
        fixed(text, recommends),
        "# escape=`\nFROM debian:12\nRUN apt-get update `\n  && apt-get install --no-install-recommends -y curl\n"
    );
    assert_eq!(of(&found, "DL3009")[0].line, 3);
}

#[test]
fn comment_lines_inside_a_continuation() {
    let text = "FROM debian:12\nRUN apt-get install -y \\\n  # the client\n  curl\n";
    let found = lint(text);
    let curl = of(&found, "DL3008");
    assert_eq!(curl.len(), 1);
    assert_eq!(curl[0].line, 4);
    assert_eq!(slice(text, curl[0]), "curl");
}

#[test]
fn non_ascii_words() {
    let text = "FROM debian:12\nRUN apt-get install -y ñandú && cd /tmp/é\n";
    let found = lint(text);
    assert_eq!(slice(text, of(&found, "DL3008")[0]), "ñandú");
    assert_eq!(slice(text, of(&found, "DL3003")[0]), "cd /tmp/é");
}

#[test]
fn no_from_and_empty_files() {
    assert!(lint("").iter().all(|d| !d.code.starts_with("DL30")));
    let found = lint("RUN apt-get update\n");
    assert_eq!(
        of(&found, "DL3009").len(),
        1,
        "like hadolint, RUN before FROM is linted"
    );
    let found = lint("WORKDIR app\nCOPY a b /x\n");
    assert_eq!(of(&found, "DL3000").len(), 1);
    assert_eq!(of(&found, "DL3021").len(), 1);
}

#[test]
fn hostile_sizes_stay_fast() {
    let mut text = String::from("FROM debian:12\n");
    // Many instructions, a long package list, deep nesting, long words.
    for i in 0..300 {
        text.push_str(&format!("RUN apt-get install pkg{i} && cd /d{i}\n"));
    }
    text.push_str("RUN apt-get install -y");
    for i in 0..3000 {
        text.push_str(&format!(" p{i}"));
    }
    text.push('\n');
    text.push_str(&format!(
        "RUN {}true{}\n",
        "$(".repeat(500),
        ")".repeat(500)
    ));
    text.push_str(&format!("RUN {}\n", "(".repeat(2000)));
    text.push_str(&format!("COPY {} /x\n", "a".repeat(100_000)));
    text.push_str(&format!("FROM {}:latest\n", "b".repeat(10_000)));
    let start = Instant::now();
    let found = lint(&text);
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
    assert_eq!(of(&found, "DL3003").len(), 300);
    assert!(of(&found, "DL3008").len() >= 3300);
}

#[test]
fn many_stages_stay_fast() {
    let mut text = String::from("FROM debian:12 AS s0\n");
    for i in 1..2000 {
        text.push_str(&format!(
            "FROM s{} AS s{i}\nCOPY --from=s{} a.tgz /\nRUN tar xzf /a.tgz && apt-get update\n",
            i - 1,
            i / 2
        ));
    }
    text.push_str("FROM debian:12 AS s0\n");
    let start = Instant::now();
    let found = lint(&text);
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
    assert_eq!(of(&found, "DL3024").len(), 1);
    assert!(of(&found, "DL3022").is_empty());
    assert!(
        of(&found, "DL3009").is_empty(),
        "the last stage is a fresh debian"
    );
}
