//! The hadolint rules from DL3030 upward as a whole: registered with
//! hadolint's default severities, in code order, documented; and every fix
//! they offer on the corpus yields a file that parses and no longer has the
//! finding.

use layerlab::analyze::{analyze, AnalyzeInput, AnalyzeOptions};
use layerlab::diagnostic::{apply_edits, Severity, TextEdit};
use layerlab::rules::{self, Origin};
use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

/// hadolint's default severities (reference section 2.2); `None` for its
/// "ignore", which Layerlab has as off by default.
const SEVERITIES: &[(&str, Option<Severity>)] = &[
    ("DL1001", None),
    ("DL3030", Some(Severity::Warning)),
    ("DL3032", Some(Severity::Warning)),
    ("DL3033", Some(Severity::Warning)),
    ("DL3034", Some(Severity::Warning)),
    ("DL3035", Some(Severity::Warning)),
    ("DL3036", Some(Severity::Warning)),
    ("DL3037", Some(Severity::Warning)),
    ("DL3038", Some(Severity::Warning)),
    ("DL3040", Some(Severity::Warning)),
    ("DL3041", Some(Severity::Warning)),
    ("DL3042", Some(Severity::Warning)),
    ("DL3043", Some(Severity::Error)),
    ("DL3044", Some(Severity::Error)),
    ("DL3045", Some(Severity::Warning)),
    ("DL3046", Some(Severity::Warning)),
    ("DL3047", Some(Severity::Info)),
    ("DL3048", Some(Severity::Style)),
    ("DL3049", Some(Severity::Info)),
    ("DL3050", Some(Severity::Info)),
    ("DL3051", Some(Severity::Warning)),
    ("DL3052", Some(Severity::Warning)),
    ("DL3053", Some(Severity::Warning)),
    ("DL3054", Some(Severity::Warning)),
    ("DL3055", Some(Severity::Warning)),
    ("DL3056", Some(Severity::Warning)),
    ("DL3057", None),
    ("DL3058", Some(Severity::Warning)),
    ("DL3059", Some(Severity::Info)),
    ("DL3060", Some(Severity::Info)),
    ("DL3061", Some(Severity::Error)),
    ("DL3062", Some(Severity::Warning)),
    ("DL3063", Some(Severity::Warning)),
    ("DL3064", Some(Severity::Warning)),
    ("DL3065", Some(Severity::Warning)),
    ("DL3066", Some(Severity::Info)),
    ("DL3067", Some(Severity::Warning)),
    ("DL4001", Some(Severity::Warning)),
    ("DL4003", Some(Severity::Warning)),
    ("DL4004", Some(Severity::Error)),
    ("DL4005", Some(Severity::Warning)),
    ("DL4006", Some(Severity::Warning)),
];

#[test]
fn codes_severities_and_defaults_are_hadolints() {
    for (code, severity) in SEVERITIES {
        let rule = rules::lookup(code).unwrap_or_else(|| panic!("{code} is not registered"));
        assert_eq!(rule.origin, Origin::Hadolint, "{code}");
        assert!(rule.url.ends_with(code), "{code} links to its wiki page");
        match severity {
            Some(severity) => {
                assert_eq!(rule.severity, *severity, "{code}");
                assert!(rule.enabled_by_default, "{code}");
            }
            None => assert!(!rule.enabled_by_default, "{code} is off by default"),
        }
        assert!(rule.documentation().contains("## References"), "{code}");
    }
}

#[test]
fn hadolint_rules_are_in_code_order() {
    let codes: Vec<&str> = rules::all()
        .into_iter()
        .filter(|r| r.origin == Origin::Hadolint && r.code != "DL1000")
        .map(|r| r.code)
        .collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(codes, sorted);
}

fn lint(text: &str) -> Vec<layerlab::report::ReportDiagnostic> {
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
    input
        .files
        .insert("Dockerfile".to_string(), text.to_string());
    analyze(&input).diagnostics
}

#[test]
fn every_fix_on_the_corpus_parses_and_removes_its_finding() {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/dockerfiles"
    ));
    let mine = |code: &str| SEVERITIES.iter().any(|(c, _)| *c == code);
    let mut fixes = 0;
    for entry in fs::read_dir(dir).expect("corpus") {
        let path = entry.expect("entry").path();
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let before = lint(&text);
        let errors_before = before.iter().filter(|d| d.code == "DL1000").count();
        for finding in before.iter().filter(|d| mine(&d.code)) {
            let Some(fix) = finding.fixes.first() else {
                continue;
            };
            fixes += 1;
            let edits: Vec<TextEdit> = fix
                .edits
                .iter()
                .map(|e| TextEdit::replace(e.range, e.new_text.clone()))
                .collect();
            let fixed = apply_edits(&text, &edits);
            let after = lint(&fixed);
            let count = |list: &[layerlab::report::ReportDiagnostic]| {
                list.iter().filter(|d| d.code == finding.code).count()
            };
            assert!(
                count(&after) < count(&before),
                "{}: fix '{}' of {} line {} did not remove it",
                path.display(),
                fix.title,
                finding.code,
                finding.line
            );
            assert!(
                after.iter().filter(|d| d.code == "DL1000").count() <= errors_before,
                "{}: fix '{}' of {} broke the syntax",
                path.display(),
                fix.title,
                finding.code
            );
        }
    }
    assert!(fixes > 30, "the corpus exercises the fixes ({fixes})");
}
