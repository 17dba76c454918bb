//! Every fix Layerlab offers on the real-world corpus, applied, yields a file
//! that still parses and no longer has that finding.

use layerlab::analyze::{analyze, AnalyzeInput, AnalyzeOptions};
use layerlab::diagnostic::{apply_edits, TextEdit};
use layerlab::report::ReportDiagnostic;
use std::fs;
use std::path::PathBuf;

fn analyze_text(text: &str) -> Vec<ReportDiagnostic> {
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

fn count(diagnostics: &[ReportDiagnostic], code: &str) -> usize {
    diagnostics.iter().filter(|d| d.code == code).count()
}

#[test]
fn every_fix_on_the_corpus_parses_and_removes_its_finding() {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/dockerfiles"
    ));
    let mut applied = 0;
    let mut failures = Vec::new();
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .expect("corpus")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(&path).expect("utf-8");
        let before = analyze_text(&text);
        let syntax_before = count(&before, "DL1000");
        for diagnostic in &before {
            for fix in &diagnostic.fixes {
                applied += 1;
                let edits: Vec<TextEdit> = fix
                    .edits
                    .iter()
                    .map(|e| TextEdit::replace(e.range, e.new_text.clone()))
                    .collect();
                let fixed = apply_edits(&text, &edits);
                let after = analyze_text(&fixed);
                let what = format!(
                    "{name}:{} {} fix '{}'",
                    diagnostic.line, diagnostic.code, fix.title
                );
                if count(&after, "DL1000") > syntax_before {
                    failures.push(format!("{what}: the fixed file has a syntax error"));
                }
                if count(&after, &diagnostic.code) >= count(&before, &diagnostic.code) {
                    failures.push(format!("{what}: the finding is still there"));
                }
            }
        }
    }
    println!("applied {applied} fixes on the corpus");
    assert!(
        failures.is_empty(),
        "{} bad fixes:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
