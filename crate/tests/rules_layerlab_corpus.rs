//! Layerlab's own rules on the real-world corpus (`../shared/corpus`): per-rule
//! counts (run with `--nocapture` to see them and every finding), sane
//! ranges, rules meant to fire once per file doing so, and every offered fix
//! yielding a file that parses and no longer triggers the rule.
//!
//! Each awesome-compose Dockerfile is linted with the `.dockerignore` of its
//! directory when the corpus has one.

use layerlab::analyze::{analyze, AnalyzeInput, AnalyzeOptions};
use layerlab::diagnostic::{apply_edits, TextEdit};
use layerlab::report::ReportDiagnostic;
use layerlab::Severity;
use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

fn corpus() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus"))
}

fn is_own_rule(code: &str) -> bool {
    code.starts_with("LL10") && code != "LL1010"
}

struct Linted {
    name: String,
    text: String,
    dockerignore: Option<String>,
    findings: Vec<ReportDiagnostic>,
}

fn lint(text: &str, dockerignore: Option<&str>) -> Vec<ReportDiagnostic> {
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
    if let Some(ignore) = dockerignore {
        input
            .files
            .insert(".dockerignore".to_string(), ignore.to_string());
    }
    analyze(&input)
        .diagnostics
        .into_iter()
        .filter(|d| d.file == "Dockerfile")
        .collect()
}

fn lint_corpus() -> Vec<Linted> {
    let mut paths: Vec<PathBuf> = fs::read_dir(corpus().join("dockerfiles"))
        .expect("corpus dockerfiles")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            let text = fs::read_to_string(&path).expect("utf-8 Dockerfile");
            let ignore_name = name
                .strip_suffix("Dockerfile")
                .map(|stem| format!("{stem}.dockerignore"));
            let dockerignore = ignore_name
                .and_then(|n| fs::read_to_string(corpus().join("dockerignore").join(n)).ok());
            let findings = lint(&text, dockerignore.as_deref());
            Linted {
                name,
                text,
                dockerignore,
                findings,
            }
        })
        .collect()
}

#[test]
fn per_rule_counts_and_sane_findings() {
    let linted = lint_corpus();
    assert_eq!(linted.len(), 86, "the corpus has 86 Dockerfiles");
    let paired = linted.iter().filter(|l| l.dockerignore.is_some()).count();
    assert!(
        paired >= 5,
        "awesome-compose .dockerignore files are paired"
    );

    let mut counts: BTreeMap<String, (usize, usize, BTreeMap<Severity, usize>)> = BTreeMap::new();
    for file in &linted {
        let own: Vec<&ReportDiagnostic> = file
            .findings
            .iter()
            .filter(|d| is_own_rule(&d.code))
            .collect();
        let mut seen_codes: Vec<&str> = Vec::new();
        for d in &own {
            let entry = counts.entry(d.code.clone()).or_default();
            entry.0 += 1;
            if !seen_codes.contains(&d.code.as_str()) {
                entry.1 += 1;
                seen_codes.push(&d.code);
            }
            *entry.2.entry(d.severity).or_default() += 1;
            let (start, end) = (d.range.start as usize, d.range.end as usize);
            assert!(
                start < end && end <= file.text.len(),
                "{} {}:{} has an empty or out-of-file range",
                file.name,
                d.line,
                d.code
            );
            assert!(!d.message.is_empty() && d.url.is_some());
            println!(
                "{}:{}:{} {} {} {}",
                file.name,
                d.line,
                d.column,
                d.code,
                d.severity,
                d.message.chars().take(160).collect::<String>()
            );
        }
        for code in ["LL1001", "LL1005", "LL1018"] {
            let n = own.iter().filter(|d| d.code == code).count();
            assert!(n <= 1, "{code} fires {n} times in {}", file.name);
        }
    }
    println!("\ncode     findings  files  by severity");
    for (code, (findings, files, severities)) in &counts {
        println!("{code}  {findings:>8}  {files:>5}  {severities:?}");
    }
    // Every finding of the corpus is counted above; the numbers are printed
    // for review, and a rule that fires more than three times per file on
    // average would be noise.
    for (code, (findings, files, _)) in &counts {
        assert!(
            *findings <= files * 3,
            "{code}: {findings} findings in {files} files"
        );
    }
}

#[test]
fn every_fix_applies_cleanly() {
    let mut checked = 0;
    for file in lint_corpus() {
        for d in file.findings.iter().filter(|d| is_own_rule(&d.code)) {
            let Some(fix) = d.fixes.first() else {
                continue;
            };
            let edits: Vec<TextEdit> = fix
                .edits
                .iter()
                .map(|e| TextEdit::replace(e.range, e.new_text.clone()))
                .collect();
            let fixed = apply_edits(&file.text, &edits);
            let after = lint(&fixed, file.dockerignore.as_deref());
            let count = |found: &[ReportDiagnostic], code: &str| {
                found.iter().filter(|x| x.code == code).count()
            };
            assert!(
                count(&after, &d.code) < count(&file.findings, &d.code),
                "{} line {}: {} still fires after '{}'",
                file.name,
                d.line,
                d.code,
                fix.title
            );
            assert!(
                count(&after, "DL1000") <= count(&file.findings, "DL1000"),
                "{} line {}: the {} fix breaks the syntax:\n{fixed}",
                file.name,
                d.line,
                d.code
            );
            checked += 1;
        }
    }
    println!("{checked} fixes applied");
}

#[test]
fn truncated_corpus_files_do_not_panic() {
    for file in lint_corpus() {
        let len = file.text.len();
        for cut in [len / 5, len / 3, len / 2, len * 4 / 5] {
            let mut cut = cut;
            while !file.text.is_char_boundary(cut) {
                cut -= 1;
            }
            let _ = lint(&file.text[..cut], file.dockerignore.as_deref());
        }
    }
}

#[test]
fn large_hostile_files_stay_fast() {
    let mut text = String::from("# syntax=docker/dockerfile:1\nFROM node:22\nWORKDIR /app\n");
    for i in 0..1500 {
        text.push_str(&format!(
            "ARG A{i}=1\nCOPY f{i} /app/d{i}/\nRUN rm -rf /app/d{i} && chown -R x /app && echo $A{i} && npm ci\n"
        ));
    }
    text.push_str("COPY . .\nRUN rm -rf tests\n");
    let started = std::time::Instant::now();
    let found = lint(&text, None);
    let elapsed = started.elapsed();
    assert!(found.iter().any(|d| d.code == "LL1003"));
    assert!(
        elapsed.as_secs() < 20,
        "{} instructions took {elapsed:?}",
        1500 * 3
    );
}
