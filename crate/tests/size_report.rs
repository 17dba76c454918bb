//! The report as a whole: JSON shape and determinism, base matching,
//! unknowns, overrides, multi-stage accounting, what-if alternatives,
//! per-layer bytes for the cache simulator, the tty renderer, hostile input.

use layerlab::context::ContextEntry;
use layerlab::images::{Caveat, MatchKind};
use layerlab::size::{self, render, LayerKind, LayerOverride, SizeInput, SizeReport};

const MB: u64 = 1_000_000;

fn run(dockerfile: &str) -> SizeReport {
    size::estimate(&SizeInput {
        dockerfile: dockerfile.to_string(),
        ..SizeInput::default()
    })
}

const APT_ON_NODE: &str = "FROM node:20
RUN apt-get update && apt-get install -y --no-install-recommends imagemagick && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
CMD [\"node\", \"server.js\"]
";

#[test]
fn json_is_camel_case_and_deterministic() {
    let input = SizeInput {
        dockerfile: APT_ON_NODE.into(),
        context: Some(vec![
            ContextEntry::file("server.js", "s", 2_000),
            ContextEntry::file("lib/a.js", "a", 3_000),
        ]),
        ..SizeInput::default()
    };
    let first = serde_json::to_string(&size::estimate(&input)).expect("json");
    let second = serde_json::to_string(&size::estimate(&input)).expect("json");
    assert_eq!(first, second);
    let value: serde_json::Value = serde_json::from_str(&first).expect("parse");
    for key in [
        "imageBytes",
        "pullBytes",
        "base",
        "layers",
        "stages",
        "wastedBytes",
        "efficiency",
        "alternatives",
        "assumptions",
        "heuristics",
    ] {
        assert!(value.get(key).is_some(), "missing {key}");
    }
    let layer = &value["layers"][1];
    for key in [
        "stage",
        "line",
        "text",
        "bytes",
        "low",
        "high",
        "basis",
        "estimated",
    ] {
        assert!(layer.get(key).is_some(), "layer misses {key}");
    }
    assert_eq!(value["base"]["entry"], "node-20");
    assert_eq!(value["base"]["matchKind"], "exact");
    // Every rule the report applied is documented with a source.
    for heuristic in value["heuristics"].as_array().expect("array") {
        assert!(!heuristic["source"].as_str().unwrap_or("").is_empty());
    }
}

#[test]
fn the_input_deserialises_from_camel_case_json() {
    let input: SizeInput = serde_json::from_str(
        r#"{"dockerfile": "FROM alpine:3.24\nRUN echo\n", "buildArgs": {"A": "1"},
            "overrides": [{"line": 2, "bytes": 5}],
            "context": [{"path": "a", "kind": "file", "hash": "h", "size": 3}]}"#,
    )
    .expect("input");
    let report = size::estimate(&input);
    assert_eq!(report.layers[1].bytes, 5);
}

#[test]
fn base_match_kinds_and_unknown_images() {
    let patch = run("FROM node:20.11.1-bookworm-slim\n");
    let base = patch.base.as_ref().expect("base");
    assert_eq!(base.entry.as_deref(), Some("node-20-slim"));
    assert_eq!(base.match_kind, Some(MatchKind::SameVariantOtherPatch));
    assert!(patch.image_bytes > 150 * MB);

    let unknown = run("FROM registry.example.com/team/app:1.2\nRUN echo hi\n");
    let base = unknown.base.as_ref().expect("base");
    assert_eq!(base.match_kind, Some(MatchKind::UnknownImage));
    assert!(unknown.layers[0].unknown);
    assert!(!unknown.complete);
    assert!(unknown.image.high.is_none());
    assert!(unknown.alternatives.is_empty());

    // The user can size an unknown base by its FROM line.
    let sized = size::estimate(&SizeInput {
        dockerfile: "FROM registry.example.com/team/app:1.2\nRUN echo hi\n".into(),
        overrides: vec![LayerOverride {
            line: Some(1),
            instruction: None,
            bytes: 300 * MB,
        }],
        ..SizeInput::default()
    });
    assert_eq!(sized.image_bytes, 300 * MB);
    assert!(sized.complete);

    let scratch = run("FROM scratch\nCOPY app /app\n");
    assert_eq!(scratch.base.as_ref().and_then(|b| b.entry.clone()), None);
    assert_eq!(scratch.layers[0].kind, LayerKind::Copy);
}

#[test]
fn without_a_context_copy_is_unknown_never_invented() {
    let report = run("FROM alpine:3.24\nCOPY . /app\n");
    let copy = &report.layers[1];
    assert_eq!((copy.bytes, copy.low, copy.high), (0, 0, None));
    assert!(copy.unknown && copy.estimated);
    assert!(
        copy.basis.contains("unknown: no build context given"),
        "{}",
        copy.basis
    );
    assert!(report
        .assumptions
        .iter()
        .any(|a| a.contains("No build context was given")));
}

#[test]
fn dockerignore_decides_what_copy_weighs() {
    let context = vec![
        ContextEntry::file("app.js", "a", MB),
        ContextEntry::file("node_modules/x/index.js", "x", 50 * MB),
    ];
    let with_ignore = size::estimate(&SizeInput {
        dockerfile: "FROM node:20-slim\nCOPY . /app\n".into(),
        dockerignore: Some("node_modules\n".into()),
        context: Some(context.clone()),
        ..SizeInput::default()
    });
    let without = size::estimate(&SizeInput {
        dockerfile: "FROM node:20-slim\nCOPY . /app\n".into(),
        context: Some(context),
        ..SizeInput::default()
    });
    assert_eq!(with_ignore.layers[1].bytes, MB);
    assert!(!with_ignore.layers[1].estimated);
    assert_eq!(without.layers[1].bytes, 51 * MB);
}

#[test]
fn host_node_modules_copied_over_installed_ones_is_waste() {
    let report = size::estimate(&SizeInput {
        dockerfile:
            "FROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\n".into(),
        context: Some(vec![
            ContextEntry::file("package.json", "p", 500),
            ContextEntry::file("package-lock.json", "l", 5_000),
            ContextEntry::file("node_modules/x/index.js", "x", 40 * MB),
        ]),
        ..SizeInput::default()
    });
    let copy = report.layers.iter().find(|l| l.line == 5).expect("copy");
    assert!(copy
        .notes
        .iter()
        .any(|n| n.contains("overwrites") && n.contains("/app/node_modules")));
    assert!(report.wasted_bytes >= 80 * MB, "{}", report.wasted_bytes);
    assert!(report.waste.iter().any(|w| w.path == "/app/node_modules"));
}

#[test]
fn only_the_target_chain_ships() {
    let dockerfile = "FROM node:20 AS build
WORKDIR /app
RUN npm ci && npm run build
FROM build AS test
RUN npm test
FROM node:20-alpine AS runtime
COPY --from=build /app/dist /app/dist
FROM node:20-alpine AS unused
RUN npm install -g something
";
    let report = size::estimate(&SizeInput {
        dockerfile: dockerfile.into(),
        target: Some("runtime".into()),
        ..SizeInput::default()
    });
    let stage = |name: &str| report.stages.iter().find(|s| s.label == name).expect(name);
    assert!(stage("build").built && !stage("build").ships);
    assert!(
        !stage("test").built,
        "BuildKit does not build what the target does not need"
    );
    assert!(!stage("unused").built);
    assert!(stage("runtime").ships && stage("runtime").is_target);
    assert!(report.layers.iter().all(|l| l.stage != 1 && l.stage != 3));
    for (position, layer) in report.layers.iter().enumerate() {
        assert_eq!(layer.index, position);
    }
    for stage in &report.stages {
        for &layer in &stage.layers {
            assert_eq!(report.layers[layer].stage, stage.index);
        }
    }
    let shipped: u64 = report.shipped_layers().map(|l| l.bytes).sum();
    assert_eq!(shipped, report.image_bytes);
    assert!(stage("build").image.bytes > report.image_bytes);
    // A stage FROM another stage weighs that stage plus its own layers.
    assert!(stage("test").image.bytes >= stage("build").image.bytes);
}

#[test]
fn what_if_flags_package_managers_and_shells() {
    let report = run(APT_ON_NODE);
    let references: Vec<&str> = report
        .alternatives
        .iter()
        .map(|a| a.reference.as_str())
        .collect();
    assert_eq!(references[0], "node:20-slim");
    assert!(references.contains(&"node:20-alpine"));
    assert!(references.contains(&"gcr.io/distroless/nodejs20-debian12"));
    let slim = &report.alternatives[0];
    assert!(slim.image_delta < 0 && slim.works_as_is);
    assert_eq!(
        slim.image_bytes as i64 - report.image_bytes as i64,
        slim.image_delta
    );
    let alpine = report
        .alternatives
        .iter()
        .find(|a| a.reference == "node:20-alpine")
        .expect("alpine");
    assert!(alpine.caveats.contains(&Caveat::Musl));
    assert!(!alpine.works_as_is);
    assert!(alpine.conflicts[0].problem.contains("apt cannot work"));
    assert_eq!(alpine.conflicts[0].line, 2);
    let distroless = report
        .alternatives
        .iter()
        .find(|a| a.reference.starts_with("gcr.io/distroless"))
        .expect("distroless");
    assert!(distroless.conflicts[0].problem.contains("no shell"));
    assert!(distroless.caveats.contains(&Caveat::NoShell));
}

#[test]
fn layer_and_push_bytes_for_the_cache_simulator() {
    let report = size::estimate(&SizeInput {
        dockerfile: "FROM alpine:3.24\nENV A=1\nCOPY a /a\nRUN apk add --no-cache curl\n".into(),
        context: Some(vec![ContextEntry::file("a", "h", 26 * MB)]),
        ..SizeInput::default()
    });
    assert!(
        size::layer_bytes(&report, 1).is_none(),
        "ENV makes no layer"
    );
    let copy = size::layer_bytes(&report, 2).expect("copy");
    assert_eq!(copy.uncompressed.bytes, 26 * MB);
    assert_eq!(copy.compressed.bytes, 10 * MB, "÷2.6");
    assert!(copy.compressed.low < copy.compressed.bytes);
    let base = size::layer_bytes(&report, 0).expect("base");
    assert_eq!(
        base.compressed,
        report.base.as_ref().expect("base").compressed
    );
    let pushed = size::push_bytes(&report, &[2, 3]);
    let run = size::layer_bytes(&report, 3).expect("run");
    assert_eq!(pushed.bytes, copy.compressed.bytes + run.compressed.bytes);
    assert_eq!(size::push_bytes(&report, &[1]).bytes, 0);
    assert_eq!(
        report.pull_bytes,
        report
            .shipped_layers()
            .map(|l| l.compressed.bytes)
            .sum::<u64>()
    );
}

#[test]
fn build_args_and_targets_reach_the_base() {
    let dockerfile = "ARG NODE=18\nFROM node:${NODE}-alpine\n";
    let default = run(dockerfile);
    assert_eq!(
        default
            .base
            .as_ref()
            .and_then(|b| b.entry.clone())
            .as_deref(),
        Some("node-18-alpine")
    );
    let twenty = size::estimate(&SizeInput {
        dockerfile: dockerfile.into(),
        build_args: [("NODE".to_string(), "20".to_string())]
            .into_iter()
            .collect(),
        ..SizeInput::default()
    });
    assert_eq!(
        twenty
            .base
            .as_ref()
            .and_then(|b| b.entry.clone())
            .as_deref(),
        Some("node-20-alpine")
    );
}

#[test]
fn tty_draws_a_bar_per_layer_without_colour() {
    let report = size::estimate(&SizeInput {
        dockerfile: "FROM alpine:3.24\nCOPY big /big\nRUN apk add --no-cache curl\n".into(),
        context: Some(vec![ContextEntry::file("big", "h", 8 * MB)]),
        ..SizeInput::default()
    });
    let text = render::tty(&report, &render::RenderOptions::default());
    assert!(!text.contains('\x1b'));
    let bars: Vec<&str> = text.lines().filter(|l| l.contains('█')).collect();
    assert_eq!(bars.len(), 3, "{text}");
    assert!(text.contains("COPY big /big"));
    assert!(text.contains("What if the base were") || report.alternatives.is_empty());
    let coloured = render::tty(
        &report,
        &render::RenderOptions {
            color: true,
            ..Default::default()
        },
    );
    assert!(coloured.contains('\x1b'));
}

#[test]
fn hostile_input_does_not_panic() {
    let inputs = [
        String::new(),
        "FROM".to_string(),
        "RUN rm -rf /\n".to_string(),
        "FROM alpine:3.24\nRUN rm -rf / && chmod -R 777 / && cd .. && cd\n".to_string(),
        "FROM alpine:3.24\nCOPY --from=nowhere /x /y\nCOPY --from=0 /a* /b\n".to_string(),
        format!("FROM alpine:3.24\nRUN {}\n", "echo $(echo $(echo ".repeat(200)),
        "FROM alpine:3.24 AS a\nFROM a AS b\nFROM b\nCOPY --from=b / /\nRUN mv / /x && cp -r /x /\n".to_string(),
        "FROM alpine:3.24\nRUN [\"apk\", \"add\", \"--no-cache\", \"curl\"]\nADD https://x/y.tgz /opt/\nADD a.tar.gz /opt/\n".to_string(),
        "FROM alpine:3.24\nCOPY <<EOF /etc/x\nhello\nEOF\n".to_string(),
    ];
    for text in &inputs {
        let report = size::estimate(&SizeInput {
            dockerfile: text.clone(),
            context: Some(vec![ContextEntry::file("a.tar.gz", "h", 10)]),
            overrides: vec![LayerOverride {
                line: Some(u32::MAX),
                instruction: Some(usize::MAX),
                bytes: u64::MAX,
            }],
            ..SizeInput::default()
        });
        let _ = render::tty(&report, &Default::default());
        let _ = serde_json::to_string(&report).expect("json");
    }
}

#[test]
fn exec_form_and_heredoc_runs_are_read() {
    let report = run("FROM alpine:3.24\nRUN [\"apk\", \"add\", \"--update\", \"curl\"]\nRUN <<EOF\napk update\napk add curl git\nEOF\n");
    assert!(report.layers[1].rules.contains(&size::Rule::ApkIndex));
    assert!(report.layers[2]
        .parts
        .iter()
        .any(|p| p.label.contains("apk git")));
    let heredoc = run("FROM alpine:3.24\nCOPY <<EOF /etc/motd\nhello world\nEOF\n");
    assert_eq!(heredoc.layers[1].bytes, "hello world\n".len() as u64);
}
