//! The 39 compose files of awesome-compose (all valid): no error-level
//! finding, and the count of every other finding per rule, printed so that
//! noise is visible (`cargo test --test compose_corpus -- --nocapture`).

use layerlab::compose::{analyze, ComposeInput};
use layerlab::Severity;
use std::collections::BTreeMap;

/// `shared/` sits next to the repository (CI) or next to the worktrees'
/// parent (`/work/wt/<name>` with `/work/shared`).
const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/compose");
const CORPUS_FROM_WORKTREE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/corpus/compose"
);

fn corpus() -> Vec<(String, String)> {
    let dir = if std::path::Path::new(CORPUS).is_dir() {
        CORPUS
    } else {
        CORPUS_FROM_WORKTREE
    };
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("the compose corpus is at ../../shared/corpus/compose")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let text = std::fs::read_to_string(&path).ok()?;
            Some((path.file_name()?.to_string_lossy().into_owned(), text))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn corpus_has_no_errors_and_noise_is_tiered() {
    let files = corpus();
    assert_eq!(files.len(), 39, "expected the 39 awesome-compose files");
    let mut counts: BTreeMap<(String, Severity), usize> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut services = 0;
    for (name, text) in &files {
        let analysis = analyze(&ComposeInput::new(text).with_file_name(name));
        let model = analysis
            .model
            .as_ref()
            .expect("every corpus file has a model");
        assert!(!model.services.is_empty(), "{name}: no services read");
        services += model.services.len();
        assert!(analysis.resolved.is_some(), "{name}: no resolved view");
        for d in &analysis.diagnostics {
            *counts.entry((d.code.clone(), d.severity)).or_default() += 1;
            if d.severity == Severity::Error {
                errors.push(format!("{name}: {} {} at {:?}", d.code, d.message, d.range));
            }
        }
    }
    println!("{} files, {services} services", files.len());
    for ((code, severity), count) in &counts {
        println!("{code:8} {severity:8} {count:4}");
    }
    assert!(
        errors.is_empty(),
        "error-level findings on valid files:\n{}",
        errors.join("\n")
    );
    // Warnings are for real risks: a well-written corpus must not be buried.
    let warnings: usize = counts
        .iter()
        .filter(|((_, s), _)| *s == Severity::Warning)
        .map(|(_, c)| c)
        .sum();
    assert!(
        warnings < services,
        "{warnings} warnings for {services} services is noise"
    );
}

#[test]
fn corpus_files_use_the_features_we_expect_to_read() {
    // Guard against a model that silently reads nothing: the corpus has
    // healthchecks, service_healthy, secrets and ports (see the reference).
    let mut healthchecks = 0;
    let mut healthy = 0;
    let mut secrets = 0;
    let mut ports = 0;
    for (name, text) in corpus() {
        let analysis = analyze(&ComposeInput::new(&text).with_file_name(&name));
        let model = analysis.model.unwrap();
        healthchecks += model
            .services
            .iter()
            .filter(|s| s.healthcheck.is_some())
            .count();
        healthy += model
            .services
            .iter()
            .flat_map(|s| &s.depends_on)
            .filter(|d| d.condition.value == layerlab::compose::model::Condition::ServiceHealthy)
            .count();
        secrets += model.secrets.len();
        ports += model.services.iter().map(|s| s.ports.len()).sum::<usize>();
    }
    assert!(healthchecks >= 8, "{healthchecks}");
    assert!(healthy >= 5, "{healthy}");
    assert!(secrets >= 8, "{secrets}");
    assert!(ports > 30, "{ports}");
}
