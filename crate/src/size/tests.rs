//! Whole-estimate unit tests (the larger suites are in `crate/tests/size_*.rs`).

use super::*;

fn run(dockerfile: &str) -> SizeReport {
    estimate(&SizeInput {
        dockerfile: dockerfile.to_string(),
        ..SizeInput::default()
    })
}

fn line(report: &SizeReport, line: u32) -> &LayerReport {
    report
        .layers
        .iter()
        .find(|l| l.line == line && l.kind != LayerKind::Base)
        .expect("layer")
}

#[test]
fn estimate_parsed_matches_estimate() {
    let text = "FROM alpine:3.24\nRUN apk add --no-cache curl\n";
    let parse = syntax::parse(text);
    let model = model::build(&parse, &ModelOptions::default());
    let files = BTreeMap::new();
    let env = SizeEnv {
        filter: None,
        files: &files,
        overrides: &[],
    };
    let a = serde_json::to_string(&estimate_parsed(text, &parse, &model, &env)).expect("json");
    let b = serde_json::to_string(&run(text)).expect("json");
    assert_eq!(a, b);
}

#[test]
fn copy_from_wildcards_and_build_output_aliases() {
    let report = run("FROM golang:1.22 AS build
RUN go build -o /out/a.bin ./cmd/a && go build -o /out/b.bin ./cmd/b
FROM node:20 AS web
WORKDIR /app
RUN npm run build
FROM alpine:3.24
COPY --from=build /out/*.bin /usr/local/bin/
COPY --from=web /app/build /srv/www
");
    assert_eq!(line(&report, 7).bytes, 30 * estimate::MB);
    assert!(line(&report, 7).parts.iter().all(|p| p
        .path
        .as_deref()
        .is_some_and(|p| p.starts_with("/usr/local/bin/"))));
    let www = line(&report, 8);
    assert!(www.notes.iter().any(|n| n.contains("build output")));
    assert_eq!(www.kind, LayerKind::CopyFrom);
}

#[test]
fn copy_from_inside_a_tree_is_bounded_by_the_tree() {
    let report = run("FROM node:20 AS deps
WORKDIR /app
RUN npm install
FROM node:20-slim
COPY --from=deps /app/node_modules/.bin /usr/local/bin
");
    let layer = line(&report, 5);
    assert_eq!(layer.bytes, 0);
    assert_eq!(layer.high, Some(600 * estimate::MB));
    assert!(layer
        .notes
        .iter()
        .any(|n| n.contains("part of /app/node_modules")));
}

#[test]
fn copy_from_a_base_image_path_is_unknown() {
    let report = run("FROM node:20 AS build
FROM alpine:3.24
COPY --from=build /usr/local/bin/node /usr/local/bin/node
COPY --from=nginx:alpine /etc/nginx/nginx.conf /etc/nginx/
");
    assert!(line(&report, 3).unknown);
    assert!(line(&report, 3).notes.iter().any(|n| n.contains("node:20")));
    assert!(line(&report, 4).unknown);
    assert!(!report.complete);
}

#[test]
fn a_stage_from_a_stage_continues_its_files() {
    let report = run("FROM alpine:3.24 AS a
RUN apk add --no-cache curl
FROM a
RUN apk del curl
");
    let del = line(&report, 4);
    assert_eq!(del.bytes, 0);
    assert!(del.notes.iter().any(|n| n.contains("frees nothing")));
    assert_eq!(report.wasted_bytes, line(&report, 2).bytes);
    let target = &report.stages[1];
    assert!(
        target.ships && report.stages[0].ships,
        "the base stage's layers ship too"
    );
}

#[test]
fn assumptions_follow_what_was_used() {
    let plain = run("FROM alpine:3.24\n");
    assert!(!plain.assumptions.iter().any(|a| a.contains("npm")));
    let node = run("FROM node:20\nRUN npm ci\n");
    assert!(node.assumptions.iter().any(|a| a.contains("npm")));
    assert!(node
        .heuristics
        .iter()
        .any(|h| h.rule == Rule::NpmInstallDefault));
}
