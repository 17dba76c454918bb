//! The estimator over every Dockerfile of the corpus: no panic, a JSON
//! report that is the same twice, layers consistent with the totals, and a
//! known base image for most files.

use layerlab::size::{self, SizeInput};
use std::fs;

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/corpus/dockerfiles"
);

#[test]
fn every_corpus_dockerfile_is_estimated_consistently() {
    let mut paths: Vec<_> = fs::read_dir(CORPUS)
        .expect("the corpus is at ../../shared/corpus relative to the crate")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    assert!(paths.len() > 50, "corpus too small: {}", paths.len());
    let (mut known_bases, mut with_base) = (0usize, 0usize);
    for path in &paths {
        let text = fs::read_to_string(path).unwrap_or_default();
        let input = SizeInput {
            dockerfile: text,
            ..SizeInput::default()
        };
        let report = size::estimate(&input);
        let again = size::estimate(&input);
        let json = serde_json::to_string(&report).expect("json");
        assert_eq!(
            json,
            serde_json::to_string(&again).expect("json"),
            "{path:?}"
        );

        let shipped: u64 = report.shipped_layers().map(|l| l.bytes).sum();
        assert_eq!(shipped, report.image_bytes, "{path:?}");
        assert!(report.image.low <= report.image_bytes, "{path:?}");
        if let Some(high) = report.image.high {
            assert!(high >= report.image_bytes, "{path:?}");
        }
        for layer in &report.layers {
            assert!(layer.low <= layer.bytes, "{path:?} line {}", layer.line);
            assert!(
                layer.high.is_none_or(|h| h >= layer.bytes),
                "{path:?} line {}",
                layer.line
            );
            assert!(!layer.basis.is_empty());
        }
        assert!((0.0..=1.0).contains(&report.efficiency), "{path:?}");
        if let Some(base) = &report.base {
            with_base += 1;
            if base.entry.is_some() {
                known_bases += 1;
            }
        }
        let _ = size::render::tty(&report, &Default::default());
    }
    // Most corpus files start from an official image the catalog knows.
    assert!(known_bases * 2 > with_base, "{known_bases}/{with_base}");
}
