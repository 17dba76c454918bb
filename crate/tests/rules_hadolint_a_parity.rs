//! hadolint parity for DL3000–DL3029 on the real-world corpus.
//!
//! Layerlab reports precise ranges (the unpinned package, the `cd` command),
//! which often sit on a continuation line; hadolint reports the first line of
//! the instruction. Findings are therefore compared as (file, line of the
//! instruction containing the finding, code). Every disagreement must be
//! listed below with its reason.

use layerlab::analyze::{analyze, AnalyzeInput, AnalyzeOptions};
use layerlab::dockerfile::syntax;
use layerlab::text::LineIndex;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::PathBuf;

const CODES: &[&str] = &[
    "DL3000", "DL3001", "DL3002", "DL3003", "DL3004", "DL3006", "DL3007", "DL3008", "DL3009",
    "DL3010", "DL3011", "DL3012", "DL3013", "DL3014", "DL3015", "DL3016", "DL3018", "DL3019",
    "DL3020", "DL3021", "DL3022", "DL3023", "DL3024", "DL3025", "DL3026", "DL3027", "DL3028",
    "DL3029",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    /// hadolint reports it, Layerlab does not.
    Missing,
    /// Layerlab reports it, hadolint does not.
    Extra,
}

/// Ours right: the RUN ends with `apt-get dist-clean`, which deletes the
/// package lists (apt 2.7+, Debian trixie); hadolint only accepts `rm`.
const DIST_CLEAN: &str = "ours right: `apt-get dist-clean` deletes /var/lib/apt/lists";

/// (side, file, instruction line, code, reason).
const EXPLAINED: &[(Side, &str, u32, &str, &str)] = &[
    (
        Side::Missing,
        "python__3.10_slim-trixie_Dockerfile",
        18,
        "DL3009",
        DIST_CLEAN,
    ),
    (
        Side::Missing,
        "python__3.10_trixie_Dockerfile",
        18,
        "DL3009",
        DIST_CLEAN,
    ),
    (
        Side::Missing,
        "python__3.11_slim-trixie_Dockerfile",
        18,
        "DL3009",
        DIST_CLEAN,
    ),
    (
        Side::Missing,
        "python__3.11_trixie_Dockerfile",
        18,
        "DL3009",
        DIST_CLEAN,
    ),
    (
        Side::Missing,
        "python__3.12_slim-trixie_Dockerfile",
        18,
        "DL3009",
        DIST_CLEAN,
    ),
    (
        Side::Missing,
        "python__3.12_trixie_Dockerfile",
        18,
        "DL3009",
        DIST_CLEAN,
    ),
    (
        Side::Missing,
        "python__3.13_slim-trixie_Dockerfile",
        13,
        "DL3009",
        DIST_CLEAN,
    ),
    (
        Side::Missing,
        "python__3.13_trixie_Dockerfile",
        13,
        "DL3009",
        DIST_CLEAN,
    ),
    (
        Side::Missing,
        "python__3.14_slim-trixie_Dockerfile",
        13,
        "DL3009",
        DIST_CLEAN,
    ),
    (
        Side::Missing,
        "python__3.14_trixie_Dockerfile",
        13,
        "DL3009",
        DIST_CLEAN,
    ),
    (
        Side::Missing,
        "python__3.15-rc_slim-trixie_Dockerfile",
        13,
        "DL3009",
        DIST_CLEAN,
    ),
    (
        Side::Missing,
        "python__3.15-rc_trixie_Dockerfile",
        13,
        "DL3009",
        DIST_CLEAN,
    ),
];

#[derive(Deserialize)]
struct HadolintFinding {
    code: String,
    file: String,
    line: u32,
}

type Key = (String, u32, String);

fn corpus() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus"))
}

fn theirs() -> (BTreeSet<Key>, BTreeSet<String>) {
    let text = fs::read_to_string(corpus().join("hadolint-2.15.1.json")).expect("hadolint output");
    let all: Vec<HadolintFinding> = serde_json::from_str(&text).expect("JSON");
    let unparsed: BTreeSet<String> = all
        .iter()
        .filter(|f| f.code == "DL1000")
        .map(|f| f.file.clone())
        .collect();
    let keys = all
        .into_iter()
        .filter(|f| CODES.contains(&f.code.as_str()) && !unparsed.contains(&f.file))
        .map(|f| (f.file, f.line, f.code))
        .collect();
    (keys, unparsed)
}

/// The 1-based first line of the instruction containing `offset`.
fn instruction_line(text: &str, offset: usize) -> u32 {
    let parse = syntax::parse(text);
    let lines = LineIndex::new(text);
    let start = parse
        .dockerfile
        .instructions
        .iter()
        .find(|i| i.range.start() <= offset && offset <= i.range.end())
        .map_or(offset, |i| i.range.start());
    lines.line_of(start) as u32 + 1
}

fn ours(unparsed: &BTreeSet<String>) -> BTreeSet<Key> {
    let mut keys = BTreeSet::new();
    let mut paths: Vec<PathBuf> = fs::read_dir(corpus().join("dockerfiles"))
        .expect("corpus")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    for path in paths {
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
            if CODES.contains(&d.code.as_str()) {
                let line = instruction_line(&text, d.range.start());
                keys.insert((name.clone(), line, d.code));
            }
        }
    }
    keys
}

#[test]
fn dl3000_to_dl3029_agree_with_hadolint_on_the_corpus() {
    let (theirs, unparsed) = theirs();
    let ours = ours(&unparsed);
    let agreed = ours.intersection(&theirs).count();
    let mut unexplained = Vec::new();
    let mut used = BTreeSet::new();
    for (side, set, other) in [
        (Side::Missing, &theirs, &ours),
        (Side::Extra, &ours, &theirs),
    ] {
        for key in set.difference(other) {
            match EXPLAINED
                .iter()
                .position(|(s, f, l, c, _)| *s == side && *f == key.0 && *l == key.1 && *c == key.2)
            {
                Some(i) => {
                    used.insert(i);
                }
                None => unexplained.push(format!("{side:?} {} {} {}", key.0, key.1, key.2)),
            }
        }
    }
    println!(
        "DL3000-DL3029: {} ours, {} hadolint's, {agreed} agreed",
        ours.len(),
        theirs.len()
    );
    for (side, file, line, code, reason) in EXPLAINED {
        println!("  {side:?} {file}:{line} {code}: {reason}");
    }
    let stale: Vec<_> = (0..EXPLAINED.len()).filter(|i| !used.contains(i)).collect();
    assert!(
        unexplained.is_empty(),
        "{} unexplained:\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
    assert!(
        stale.is_empty(),
        "explained but no longer happening: {stale:?}"
    );
}
