//! Whole-estimate unit tests (the larger suites are in `crate/tests/size_*.rs`).
