//! hadolint parity for the rules from DL3030 upward, comparing findings by
//! the instruction they belong to.
//!
//! `hadolint_parity.rs` compares (file, line, code) with the line of the
//! finding's range. hadolint reports every finding at the first line of its
//! instruction, while Layerlab points at the offending word — the `|` of a
//! pipe, the `wget` of a download — which may sit on a continuation line.
//! Here a finding counts at the first line of the instruction containing
//! it, so only real disagreements remain, and each must be explained.

use layerlab::analyze::{analyze, AnalyzeInput, AnalyzeOptions};
use layerlab::dockerfile::syntax;
use layerlab::text::LineIndex;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::PathBuf;

#[derive(Deserialize)]
struct HadolintFinding {
    code: String,
    file: String,
    line: u32,
}

/// The codes this suite covers.
fn covered(code: &str) -> bool {
    let Some(number) = code.strip_prefix("DL").and_then(|n| n.parse::<u32>().ok()) else {
        return false;
    };
    (3030..5000).contains(&number) && number != 4000
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    /// hadolint reports it, Layerlab does not.
    Missing,
    /// Layerlab reports it, hadolint does not.
    Extra,
}

/// Every disagreement, with the reason.
const KNOWN: &[(Side, &str, u32, &str, &str)] = &[];

fn corpus_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus"))
}

type Key = (String, u32, String);

/// The first line of the instruction containing each byte offset.
fn instruction_line(text: &str, offset: usize) -> Option<u32> {
    let parse = syntax::parse(text);
    let lines = LineIndex::new(text);
    parse
        .dockerfile
        .instructions
        .iter()
        .find(|i| i.range.start() <= offset && offset <= i.range.end())
        .map(|i| lines.line_of(i.range.start()) as u32 + 1)
}

fn findings() -> (BTreeSet<Key>, BTreeSet<Key>) {
    let text = fs::read_to_string(corpus_dir().join("hadolint-2.15.1.json")).expect("findings");
    let all: Vec<HadolintFinding> = serde_json::from_str(&text).expect("JSON");
    let unparsed: BTreeSet<String> = all
        .iter()
        .filter(|f| f.code == "DL1000")
        .map(|f| f.file.clone())
        .collect();
    let theirs: BTreeSet<Key> = all
        .into_iter()
        .filter(|f| covered(&f.code) && !unparsed.contains(&f.file))
        .map(|f| (f.file, f.line, f.code))
        .collect();
    let mut ours = BTreeSet::new();
    for entry in fs::read_dir(corpus_dir().join("dockerfiles")).expect("corpus") {
        let path = entry.expect("entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if unparsed.contains(&name) {
            continue;
        }
        let text = fs::read_to_string(&path).expect("utf-8");
        let mut input = AnalyzeInput {
            options: AnalyzeOptions {
                today: Some("2026-11-28".to_string()),
                kinds: BTreeMap::from([(
                    "Dockerfile".to_string(),
                    layerlab::report::FileKind::Dockerfile,
                )]),
                ..AnalyzeOptions::default()
            },
            ..AnalyzeInput::default()
        };
        input.files.insert("Dockerfile".to_string(), text.clone());
        for d in analyze(&input).diagnostics {
            if covered(&d.code) {
                let line = instruction_line(&text, d.range.start as usize).unwrap_or(d.line);
                ours.insert((name.clone(), line, d.code));
            }
        }
    }
    (theirs, ours)
}

#[test]
fn rules_from_dl3030_agree_with_hadolint_on_the_corpus() {
    let (theirs, ours) = findings();
    let mut unexplained = Vec::new();
    let mut seen = BTreeSet::new();
    for (side, set, other) in [
        (Side::Missing, &theirs, &ours),
        (Side::Extra, &ours, &theirs),
    ] {
        for key in set.difference(other) {
            match KNOWN
                .iter()
                .find(|k| k.0 == side && k.1 == key.0 && k.2 == key.1 && k.3 == key.2)
            {
                Some(known) => {
                    seen.insert((known.0, known.1, known.2, known.3));
                }
                None => unexplained.push(format!("{side:?}: {} line {} {}", key.0, key.1, key.2)),
            }
        }
    }
    let stale: Vec<_> = KNOWN
        .iter()
        .filter(|k| !seen.contains(&(k.0, k.1, k.2, k.3)))
        .collect();
    println!(
        "DL3030+ parity: {} of ours, {} of hadolint's, {} agreed",
        ours.len(),
        theirs.len(),
        ours.intersection(&theirs).count()
    );
    assert!(
        unexplained.is_empty(),
        "{} unexplained disagreements:\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
    assert!(
        stale.is_empty(),
        "KNOWN entries that no longer happen: {stale:#?}"
    );
    // Every code hadolint reports here is one Layerlab agrees on somewhere.
    let codes: BTreeSet<&str> = theirs.iter().map(|k| k.2.as_str()).collect();
    for code in codes {
        assert!(ours.iter().any(|k| k.2 == code), "no {code} agreed");
    }
}

/// Not a check: prints every finding of the covered codes on the whole
/// corpus (hadolint's unparsable files included) for review.
#[test]
#[ignore = "a listing for review, run with --ignored --nocapture"]
fn list_findings_on_the_whole_corpus() {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for entry in fs::read_dir(corpus_dir().join("dockerfiles")).expect("corpus") {
        let path = entry.expect("entry").path();
        let text = fs::read_to_string(&path).expect("utf-8");
        let mut input = AnalyzeInput::default();
        input.files.insert("Dockerfile".to_string(), text.clone());
        for d in analyze(&input)
            .diagnostics
            .into_iter()
            .filter(|d| covered(&d.code))
        {
            *counts.entry(d.code.clone()).or_default() += 1;
            let slice = text
                .get(d.range.start as usize..d.range.end as usize)
                .unwrap_or("");
            println!(
                "{} {}:{} {:?}",
                d.code,
                path.file_name().unwrap().to_string_lossy(),
                d.line,
                slice.chars().take(60).collect::<String>()
            );
        }
    }
    println!("{counts:?}");
}
