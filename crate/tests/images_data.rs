//! Schema checks for `crate/data/images.json`: every entry has every field,
//! every number has a source with a read date, estimates say how they were
//! made, and sizes are plausible. The JSON is read directly (not through the
//! generated statics) so a hand edit is checked as written.

use layerlab::images::{entries, families, source_by_id, sources, Date};
use serde_json::{Map, Value};

const DATA: &str = include_str!("../data/images.json");

fn data() -> Value {
    serde_json::from_str(DATA).expect("images.json is valid JSON")
}

fn images(root: &Value) -> &Vec<Value> {
    root["images"].as_array().expect("images array")
}

fn object<'a>(v: &'a Value, what: &str) -> &'a Map<String, Value> {
    v.as_object()
        .unwrap_or_else(|| panic!("{what} is not an object"))
}

const REQUIRED_STRINGS: &[&str] = &[
    "id", "family", "line", "version", "os", "release", "pm", "libc", "sh", "bash", "curl", "wget",
    "user",
];

#[test]
fn every_entry_has_every_field() {
    let root = data();
    for image in images(&root) {
        let o = object(image, "image");
        let id = o.get("id").and_then(Value::as_str).unwrap_or("?");
        for key in REQUIRED_STRINGS {
            assert!(
                o.get(*key).is_some_and(Value::is_string),
                "{id}: missing string field {key}"
            );
        }
        assert!(
            o.get("variant").is_some_and(Value::is_array),
            "{id}: variant"
        );
        assert!(
            o.contains_key("eol"),
            "{id}: eol must be present (null when none is published)"
        );
        assert!(
            o["eol"].is_null() || o["eol"].as_str().and_then(Date::parse).is_some(),
            "{id}: eol date"
        );
        for key in ["c", "u"] {
            assert!(o.get(key).is_some_and(Value::is_object), "{id}: size {key}");
        }
        let allowed: &[&str] = &[
            "id",
            "family",
            "line",
            "variant",
            "version",
            "os",
            "release",
            "pm",
            "libc",
            "sh",
            "bash",
            "curl",
            "wget",
            "user",
            "eol",
            "eol_ext",
            "eol_src",
            "c",
            "u",
            "src",
            "note",
            "deprecated",
        ];
        for key in o.keys() {
            assert!(
                allowed.contains(&key.as_str()),
                "{id}: unexpected field {key}"
            );
        }
    }
}

#[test]
fn every_number_has_a_dated_source_and_estimates_have_a_basis() {
    let root = data();
    let source_table = object(&root["sources"], "sources");
    for (id, source) in source_table {
        let s = object(source, id);
        assert!(
            s.get("ref")
                .and_then(Value::as_str)
                .is_some_and(|r| !r.is_empty()),
            "{id}: ref"
        );
        let date = s.get("date").and_then(Value::as_str).unwrap_or("");
        assert!(Date::parse(date).is_some(), "{id}: read date {date:?}");
    }
    let mut measured = 0;
    let mut estimated = 0;
    for image in images(&root) {
        let o = object(image, "image");
        let id = o["id"].as_str().unwrap_or("?");
        for key in ["c", "u"] {
            let size = object(&o[key], id);
            let bytes = size.get("bytes").and_then(Value::as_u64);
            assert!(bytes.is_some(), "{id}.{key}: bytes");
            let src = size.get("src").and_then(Value::as_str).unwrap_or("");
            assert!(
                source_table.contains_key(src),
                "{id}.{key}: source {src:?} not in the sources table"
            );
            let is_estimate = size
                .get("estimated")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let basis = size.get("basis").and_then(Value::as_str);
            if is_estimate {
                estimated += 1;
                assert!(
                    basis.is_some_and(|b| !b.is_empty()),
                    "{id}.{key}: estimate without basis"
                );
                assert!(
                    src.starts_with("rule-"),
                    "{id}.{key}: estimate must cite an estimation rule, got {src}"
                );
            } else {
                measured += 1;
                assert!(
                    basis.is_none(),
                    "{id}.{key}: a measurement carries no basis"
                );
                assert!(
                    !src.starts_with("rule-"),
                    "{id}.{key}: a measurement cannot cite a rule"
                );
            }
        }
        for key in ["src", "eol_src"] {
            if let Some(src) = o.get(key).and_then(Value::as_str) {
                assert!(
                    source_table.contains_key(src),
                    "{id}.{key}: source {src:?} missing"
                );
            }
        }
    }
    // Most pull sizes are measured; on-disk sizes are mostly ratio estimates.
    assert!(measured >= 60, "only {measured} measured numbers");
    assert!(estimated > 0);
}

#[test]
fn family_sources_exist() {
    let root = data();
    let source_table = object(&root["sources"], "sources");
    for family in root["families"].as_array().expect("families") {
        let f = object(family, "family");
        let name = f["name"].as_str().unwrap_or("?");
        if let Some(src) = f.get("eol_src").and_then(Value::as_str) {
            assert!(source_table.contains_key(src), "{name}: eol source {src}");
        }
        let default_line = f["default_line"].as_str().unwrap_or("");
        if name != "scratch" && name != "distroless" {
            assert!(
                images(&root)
                    .iter()
                    .any(|i| i["family"] == *name && i["line"] == default_line),
                "{name}: default line {default_line} has no entry"
            );
        }
    }
    for (family, lines) in object(&root["eol_lines"], "eol_lines") {
        assert!(
            families().iter().any(|f| f.name == family),
            "eol_lines for unknown family {family}"
        );
        for (line, date) in object(lines, family) {
            assert!(
                date.as_str().and_then(Date::parse).is_some(),
                "{family} {line}: date"
            );
        }
    }
}

#[test]
fn sizes_are_plausible() {
    for entry in entries() {
        let (c, u) = (entry.compressed.bytes, entry.uncompressed.bytes);
        if entry.family == "scratch" {
            assert_eq!((c, u), (0, 0), "scratch has no layers");
            continue;
        }
        assert!(
            c < u,
            "{}: compressed {c} must be below uncompressed {u}",
            entry.id
        );
        let ratio = u as f64 / c as f64;
        assert!(
            (1.5..=4.0).contains(&ratio),
            "{}: ratio {ratio:.2} outside 1.5..4",
            entry.id
        );
        assert!(
            (1_000_000..=1_500_000_000).contains(&c),
            "{}: pull size {c}",
            entry.id
        );
        assert!(u <= 3_000_000_000, "{}: disk size {u}", entry.id);
    }
}

#[test]
fn variants_order_by_size_within_a_line() {
    // Sanity check on the data: where a line has default, slim and alpine
    // entries, default > slim > alpine for pull size.
    for entry in entries()
        .iter()
        .filter(|e| e.variant.is_empty() && e.family != "scratch")
    {
        let sibling = |variant: &str| {
            entries().iter().find(|e| {
                e.family == entry.family && e.line == entry.line && e.variant == [variant]
            })
        };
        if let (Some(slim), Some(alpine)) = (sibling("slim"), sibling("alpine")) {
            assert!(
                entry.compressed.bytes > slim.compressed.bytes,
                "{}: default vs slim",
                entry.id
            );
            assert!(
                slim.compressed.bytes > alpine.compressed.bytes,
                "{}: slim vs alpine",
                entry.id
            );
        }
    }
}

#[test]
fn generated_statics_match_the_json() {
    let root = data();
    assert_eq!(entries().len(), images(&root).len());
    assert_eq!(sources().len(), object(&root["sources"], "sources").len());
    for (json, entry) in images(&root).iter().zip(entries()) {
        assert_eq!(json["id"].as_str(), Some(entry.id));
        assert_eq!(
            json["c"]["bytes"].as_u64(),
            Some(entry.compressed.bytes),
            "{}",
            entry.id
        );
        assert_eq!(
            json["u"]["bytes"].as_u64(),
            Some(entry.uncompressed.bytes),
            "{}",
            entry.id
        );
        assert_eq!(
            json["eol"].as_str().map(str::to_owned),
            entry.end_of_life.map(|d| d.to_string()),
            "{}",
            entry.id
        );
        assert!(
            source_by_id(entry.facts_source).is_some(),
            "{}: facts source",
            entry.id
        );
        assert!(
            source_by_id(entry.eol_source_id()).is_some(),
            "{}: eol source",
            entry.id
        );
    }
}

#[test]
fn ids_are_unique_and_families_known() {
    let mut ids: Vec<&str> = entries().iter().map(|e| e.id).collect();
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(before, ids.len(), "duplicate ids");
    for entry in entries() {
        assert!(
            families().iter().any(|f| f.name == entry.family),
            "{}: family {}",
            entry.id,
            entry.family
        );
    }
}

#[test]
fn the_catalog_covers_the_requested_images() {
    for family in [
        "node",
        "python",
        "golang",
        "rust",
        "eclipse-temurin",
        "openjdk",
        "debian",
        "ubuntu",
        "alpine",
        "busybox",
        "nginx",
        "httpd",
        "postgres",
        "mysql",
        "mariadb",
        "redis",
        "mongo",
        "php",
        "ruby",
        "dotnet-sdk",
        "dotnet-aspnet",
        "dotnet-runtime",
        "distroless",
        "scratch",
    ] {
        assert!(
            entries().iter().any(|e| e.family == family),
            "no entry for {family}"
        );
    }
    for line in ["18", "20", "22", "24"] {
        for variant in [&[][..], &["slim"][..], &["alpine"][..]] {
            assert!(
                entries()
                    .iter()
                    .any(|e| e.family == "node" && e.line == line && e.variant == variant),
                "node {line} {variant:?}"
            );
        }
    }
    for line in ["3.9", "3.10", "3.11", "3.12", "3.13"] {
        assert!(
            entries()
                .iter()
                .filter(|e| e.family == "python" && e.line == line)
                .count()
                >= 3,
            "python {line}"
        );
    }
}

#[test]
fn json_stays_compact() {
    // The JSON is not shipped (build.rs emits statics), but keep it small
    // enough to review.
    assert!(
        DATA.len() < 64 * 1024,
        "images.json is {} bytes",
        DATA.len()
    );
}
