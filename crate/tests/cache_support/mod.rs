//! Helpers shared by the cache simulator suites.
#![allow(dead_code)]

use layerlab::cache::{
    rebuild, text_hash, BuildInput, Builder, CacheStore, ContextInput, RebuildInput, RebuildReport,
};
use layerlab::context::ContextEntry;

pub fn file(path: &str, text: &str) -> ContextEntry {
    ContextEntry::file(path, text_hash(text), text.len() as u64)
}

pub fn files(list: &[(&str, &str)]) -> Vec<ContextEntry> {
    list.iter().map(|(p, t)| file(p, t)).collect()
}

/// A build of `dockerfile` with a context of `(path, content)` files.
pub fn build(dockerfile: &str, context: &[(&str, &str)]) -> BuildInput {
    BuildInput::new(dockerfile, files(context))
}

pub fn with_builder(mut input: BuildInput, builder: Builder) -> BuildInput {
    input.builder = builder;
    input
}

/// The same build with one file's content replaced (or added).
pub fn edit(input: &BuildInput, path: &str, text: &str) -> BuildInput {
    let mut out = input.clone();
    let mut entries = out.context.entries();
    entries.retain(|e| e.path != path);
    entries.push(file(path, text));
    out.context = ContextInput::Entries(entries);
    out
}

pub fn compare(before: &BuildInput, after: &BuildInput) -> RebuildReport {
    rebuild(&RebuildInput {
        before: before.clone(),
        after: after.clone(),
        store: CacheStore::new(),
        deterministic: Vec::new(),
    })
}

pub fn name<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// `(line, status, reason)` of every row.
pub fn rows(report: &RebuildReport) -> Vec<(u32, String, String)> {
    report
        .steps
        .iter()
        .map(|s| (s.line, name(s.status), name(s.reason)))
        .collect()
}

/// Assert every row, with the whole table on failure.
#[track_caller]
pub fn expect(report: &RebuildReport, expected: &[(u32, &str, &str)]) {
    let actual = rows(report);
    let wanted: Vec<(u32, String, String)> = expected
        .iter()
        .map(|(l, s, r)| (*l, s.to_string(), r.to_string()))
        .collect();
    if actual != wanted {
        let table: Vec<String> = report
            .steps
            .iter()
            .map(|s| {
                format!(
                    "  {:>3} {:<18} {:<16} {}",
                    s.line,
                    name(s.status),
                    name(s.reason),
                    s.detail
                )
            })
            .collect();
        panic!(
            "rows differ\n  expected: {wanted:?}\n  actual:   {actual:?}\n{}",
            table.join("\n")
        );
    }
}

/// The detail of the row at `line`.
#[track_caller]
pub fn detail(report: &RebuildReport, line: u32) -> String {
    report
        .step_at(line)
        .unwrap_or_else(|| panic!("no row at line {line}"))
        .detail
        .clone()
}
