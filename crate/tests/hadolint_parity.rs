//! hadolint parity on the real-world corpus.
//!
//! Findings are compared as (file, line, DL code) against hadolint 2.15.1's
//! own output (`../shared/corpus/hadolint-2.15.1.json`), on the files
//! hadolint could parse (it fails with DL1000 on 23 of them). ShellCheck's
//! SC codes are not compared. Precision and recall must both reach 0.95, and
//! every disagreement must be listed in `KNOWN` with the reason — either
//! Layerlab is right (hadolint misreads valid syntax) or it is a known gap.

use layerlab::analyze::{analyze, AnalyzeInput, AnalyzeOptions};
use layerlab::dockerfile::syntax;
use layerlab::LineIndex;
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

/// Disagreements with hadolint, each explained. `Missing` = hadolint
/// reports it and Layerlab does not; `Extra` = the other way round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    Missing,
    Extra,
}

const OURS_RIGHT_DIST_CLEAN: &str = "ours right: the RUN ends with `apt-get dist-clean`, which deletes /var/lib/apt/lists; hadolint only accepts an explicit `rm`";

const KNOWN: &[(Side, &str, u32, &str, &str)] = &[
    (
        Side::Missing,
        "python__3.10_slim-trixie_Dockerfile",
        18,
        "DL3009",
        OURS_RIGHT_DIST_CLEAN,
    ),
    (
        Side::Missing,
        "python__3.10_trixie_Dockerfile",
        18,
        "DL3009",
        OURS_RIGHT_DIST_CLEAN,
    ),
    (
        Side::Missing,
        "python__3.11_slim-trixie_Dockerfile",
        18,
        "DL3009",
        OURS_RIGHT_DIST_CLEAN,
    ),
    (
        Side::Missing,
        "python__3.11_trixie_Dockerfile",
        18,
        "DL3009",
        OURS_RIGHT_DIST_CLEAN,
    ),
    (
        Side::Missing,
        "python__3.12_slim-trixie_Dockerfile",
        18,
        "DL3009",
        OURS_RIGHT_DIST_CLEAN,
    ),
    (
        Side::Missing,
        "python__3.12_trixie_Dockerfile",
        18,
        "DL3009",
        OURS_RIGHT_DIST_CLEAN,
    ),
    (
        Side::Missing,
        "python__3.13_slim-trixie_Dockerfile",
        13,
        "DL3009",
        OURS_RIGHT_DIST_CLEAN,
    ),
    (
        Side::Missing,
        "python__3.13_trixie_Dockerfile",
        13,
        "DL3009",
        OURS_RIGHT_DIST_CLEAN,
    ),
    (
        Side::Missing,
        "python__3.14_slim-trixie_Dockerfile",
        13,
        "DL3009",
        OURS_RIGHT_DIST_CLEAN,
    ),
    (
        Side::Missing,
        "python__3.14_trixie_Dockerfile",
        13,
        "DL3009",
        OURS_RIGHT_DIST_CLEAN,
    ),
    (
        Side::Missing,
        "python__3.15-rc_slim-trixie_Dockerfile",
        13,
        "DL3009",
        OURS_RIGHT_DIST_CLEAN,
    ),
    (
        Side::Missing,
        "python__3.15-rc_trixie_Dockerfile",
        13,
        "DL3009",
        OURS_RIGHT_DIST_CLEAN,
    ),
];

fn corpus_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus"))
}

type Key = (String, u32, String);

fn hadolint_findings() -> (BTreeSet<Key>, BTreeSet<String>) {
    let text =
        fs::read_to_string(corpus_dir().join("hadolint-2.15.1.json")).expect("hadolint findings");
    let all: Vec<HadolintFinding> = serde_json::from_str(&text).expect("valid JSON");
    let unparsed: BTreeSet<String> = all
        .iter()
        .filter(|f| f.code == "DL1000")
        .map(|f| f.file.clone())
        .collect();
    let findings = all
        .into_iter()
        .filter(|f| f.code.starts_with("DL") && !unparsed.contains(&f.file))
        .map(|f| (f.file, f.line, f.code))
        .collect();
    (findings, unparsed)
}

fn layerlab_findings(unparsed: &BTreeSet<String>) -> (BTreeSet<Key>, usize) {
    let mut keys = BTreeSet::new();
    let mut files = 0;
    for entry in fs::read_dir(corpus_dir().join("dockerfiles")).expect("corpus") {
        let path = entry.expect("entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if unparsed.contains(&name) {
            continue;
        }
        files += 1;
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
        let text = fs::read_to_string(&path).expect("utf-8");
        input.files.insert("Dockerfile".to_string(), text.clone());
        // hadolint reports a finding at its instruction's first line; ours
        // point at the exact word (often on a continuation line), so compare
        // by instruction.
        let parse = syntax::parse(&text);
        let lines = LineIndex::new(&text);
        let instruction_line = |offset: usize| {
            parse
                .dockerfile
                .instructions
                .iter()
                .find(|i| i.range.start() <= offset && offset <= i.range.end())
                .map(|i| lines.line_of(i.range.start()) as u32 + 1)
        };
        for d in analyze(&input).diagnostics {
            if d.code.starts_with("DL") && d.code != "DL1000" {
                let line = instruction_line(d.range.start()).unwrap_or(d.line);
                keys.insert((name.clone(), line, d.code));
            }
        }
    }
    (keys, files)
}

#[test]
fn hadolint_parity_on_the_corpus() {
    let (theirs, unparsed) = hadolint_findings();
    assert_eq!(unparsed.len(), 23, "hadolint fails on 23 corpus files");
    let (ours, files) = layerlab_findings(&unparsed);
    assert_eq!(files, 63);

    let agreed = ours.intersection(&theirs).count();
    let precision = if ours.is_empty() {
        0.0
    } else {
        agreed as f64 / ours.len() as f64
    };
    let recall = agreed as f64 / theirs.len() as f64;

    let mut unexplained = Vec::new();
    let mut explained = BTreeSet::new();
    for (side, set, other) in [
        (Side::Missing, &theirs, &ours),
        (Side::Extra, &ours, &theirs),
    ] {
        for key in set.difference(other) {
            let known = KNOWN
                .iter()
                .find(|(s, f, l, c, _)| *s == side && *f == key.0 && *l == key.1 && *c == key.2);
            match known {
                Some(k) => {
                    explained.insert((k.0, k.1, k.2, k.3));
                }
                None => unexplained.push(format!("{side:?}: {} line {} {}", key.0, key.1, key.2)),
            }
        }
    }
    let stale: Vec<String> = KNOWN
        .iter()
        .filter(|k| !explained.contains(&(k.0, k.1, k.2, k.3)))
        .map(|k| format!("{:?}: {} line {} {}", k.0, k.1, k.2, k.3))
        .collect();
    println!(
        "hadolint parity: {} of ours, {} of hadolint's, {agreed} agreed; precision {precision:.3}, recall {recall:.3}",
        ours.len(),
        theirs.len()
    );
    for (side, file, line, code, reason) in KNOWN {
        println!("  known {side:?} {file}:{line} {code}: {reason}");
    }
    assert!(
        unexplained.is_empty(),
        "{} unexplained disagreements with hadolint:\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
    assert!(
        stale.is_empty(),
        "KNOWN entries that no longer happen:\n{}",
        stale.join("\n")
    );
    assert!(precision >= 0.95, "precision {precision:.3} < 0.95");
    assert!(recall >= 0.95, "recall {recall:.3} < 0.95");
}
