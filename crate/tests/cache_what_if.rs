//! The what-if helper: it must answer exactly what [`rebuild`] answers for
//! the same edit, take JSON as the playground sends it, and stay fast on a
//! large project.

mod cache_support;

use cache_support::*;
use layerlab::cache::{
    rebuild, what_if, BuildInput, Builder, CacheStore, Edit, FileSpec, ModeSpec, ProjectState,
    RebuildInput, RebuildReport, Status,
};
use std::time::{Duration, Instant};

const NODE: &str = "# syntax=docker/dockerfile:1
ARG NODE_VERSION=18
FROM node:${NODE_VERSION}-alpine AS deps
WORKDIR /app
COPY package*.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --only=production

FROM node:${NODE_VERSION}-alpine AS builder
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM node:${NODE_VERSION}-alpine AS test
COPY --from=builder /app /app
RUN npm test

FROM node:${NODE_VERSION}-alpine AS runner
WORKDIR /app
ENV NODE_ENV=production
COPY --from=deps /app/node_modules ./node_modules
COPY --from=builder /app/dist ./dist
COPY --link scripts/ /scripts/
RUN addgroup -g 1001 -S nodejs
USER node
CMD [\"node\", \"dist/server.js\"]
";

fn project() -> BuildInput {
    let mut input = build(
        NODE,
        &[
            ("package.json", "{\"dependencies\":{}}"),
            ("package-lock.json", "{}"),
            ("src/server.ts", "console.log(1)"),
            ("src/util/math.ts", "export const x = 1"),
            ("scripts/start.sh", "node dist/server.js"),
            ("README.md", "# app"),
            ("debug.log", "noise"),
        ],
    );
    input.dockerignore = Some("*.log\n".into());
    input
}

fn text_edit(path: &str, text: &str) -> Edit {
    Edit::Edit {
        path: path.into(),
        hash: None,
        text: Some(text.into()),
        size: None,
    }
}

/// what_if on a state must equal rebuild on the two full inputs.
#[track_caller]
fn assert_same_as_rebuild(state: &ProjectState, edits: &[Edit]) -> RebuildReport {
    let fast = what_if(state, edits);
    let slow = rebuild(&RebuildInput {
        before: state.input().clone(),
        after: state.apply(edits),
        store: state.store().clone(),
        deterministic: Vec::new(),
    });
    assert_eq!(fast.to_json(), slow.to_json(), "edits: {edits:?}");
    fast
}

fn edit_sets() -> Vec<Vec<Edit>> {
    vec![
        vec![],
        vec![text_edit("src/server.ts", "console.log(2)")],
        vec![text_edit("debug.log", "other noise")],
        vec![text_edit(
            "package.json",
            "{\"dependencies\":{\"x\":\"1\"}}",
        )],
        vec![Edit::Chmod {
            path: "scripts/start.sh".into(),
            mode: ModeSpec::Octal("755".into()),
        }],
        vec![Edit::Dockerfile {
            text: NODE.replace("RUN npm test", "# unit tests\nRUN npm test"),
        }],
        vec![Edit::Dockerfile {
            text: NODE.replace("ENV NODE_ENV=production", "ENV NODE_ENV=staging"),
        }],
        vec![text_edit(
            "Dockerfile",
            &NODE.replace("USER node", "USER nobody"),
        )],
        vec![Edit::BuildArg {
            name: "NODE_VERSION".into(),
            value: Some("20".into()),
        }],
        vec![Edit::Target {
            target: Some("test".into()),
        }],
        vec![Edit::BaseDigest {
            reference: "node:18-alpine".into(),
            digest: Some("sha256:feed".into()),
        }],
        vec![Edit::Add {
            path: "src/new.ts".into(),
            spec: FileSpec {
                text: Some("new".into()),
                ..FileSpec::default()
            },
        }],
        vec![Edit::Remove {
            path: "src/util".into(),
        }],
        vec![Edit::Rename {
            from: "src/util/math.ts".into(),
            to: "src/util/calc.ts".into(),
        }],
        vec![Edit::Dockerignore {
            text: Some("*.log\nREADME.md\n".into()),
        }],
        vec![Edit::Dockerignore { text: None }],
        vec![text_edit("src/brand-new.ts", "created by an edit")],
        vec![
            text_edit("src/server.ts", "console.log(3)"),
            Edit::Chmod {
                path: "src/server.ts".into(),
                mode: ModeSpec::Bits(0o600),
            },
            text_edit("src/server.ts", "console.log(1)"),
        ],
        vec![Edit::Secret {
            id: "npmrc".into(),
            value: Some("x".into()),
        }],
    ]
}

#[test]
fn what_if_equals_rebuild_for_every_kind_of_edit() {
    for builder in [Builder::Buildkit, Builder::Legacy] {
        let state = ProjectState::new(with_builder(project(), builder));
        for edits in edit_sets() {
            assert_same_as_rebuild(&state, &edits);
        }
    }
}

#[test]
fn what_if_statuses() {
    let state = ProjectState::new(project());
    let report = what_if(&state, &[text_edit("src/server.ts", "console.log(2)")]);
    // deps untouched, builder from COPY . ., test skipped, runner copies
    // from a re-run stage.
    assert_eq!(report.step_at(6).unwrap().status, Status::Hit);
    assert_eq!(name(report.step_at(12).unwrap().reason), "FILES");
    assert_eq!(name(report.step_at(13).unwrap().reason), "INHERITED");
    assert_eq!(report.step_at(16).unwrap().status, Status::Skipped);
    assert_eq!(report.step_at(22).unwrap().status, Status::Hit);
    assert_eq!(name(report.step_at(23).unwrap().reason), "UPSTREAM");
    assert_eq!(report.step_at(24).unwrap().status, Status::Hit);
    assert_eq!(report.step_at(25).unwrap().status, Status::ContentDependent);

    // The unchanged project is all cached.
    let report = what_if(&state, &[]);
    assert_eq!(report.summary.rerun, 0);
    assert_eq!(report.summary.content_dependent, 0);
}

#[test]
fn committed_builds_accumulate_in_the_store() {
    let mut state = ProjectState::new(project());
    state.commit(&[text_edit("src/server.ts", "console.log(2)")]);
    state.commit(&[text_edit("src/server.ts", "console.log(3)")]);
    assert_eq!(state.store().len(), 2);
    let back_to_first = [text_edit("src/server.ts", "console.log(1)")];
    let report = assert_same_as_rebuild(&state, &back_to_first);
    assert_eq!(report.summary.rerun, 0);
    assert!(detail(&report, 12).contains("earlier build `build 1`"));
    let json = serde_json::to_string(state.store()).unwrap();
    let store: CacheStore = serde_json::from_str(&json).unwrap();
    assert_eq!(&store, state.store());
}

#[test]
fn inputs_deserialise_from_the_playground_json() {
    let json = r#"{
        "before": {
            "dockerfile": "FROM alpine\nCOPY . /app\nRUN make\n",
            "context": {
                "main.c": {"text": "int main(){}"},
                "run.sh": {"text": "echo", "mode": "755"},
                "big.bin": {"hash": "abc", "size": 1048576}
            },
            "buildArgs": {"V": "1"}
        },
        "after": {
            "dockerfile": "FROM alpine\nCOPY . /app\nRUN make\n",
            "context": {
                "main.c": {"text": "int main(){return 1;}"},
                "run.sh": {"text": "echo", "mode": "755"},
                "big.bin": {"hash": "abc", "size": 1048576}
            },
            "builder": "legacy"
        },
        "deterministic": []
    }"#;
    let input: RebuildInput = serde_json::from_str(json).unwrap();
    assert_eq!(input.after.builder, Builder::Legacy);
    let report = rebuild(&input);
    // Different builders share no cache.
    assert_eq!(report.step_at(1).unwrap().status, Status::Miss);
    let mut input = input;
    input.after.builder = Builder::Buildkit;
    let report = rebuild(&input);
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "miss", "FILES"),
            (3, "miss", "INHERITED"),
        ],
    );
    assert_eq!(detail(&report, 2), "main.c changed; COPY . /app selects it");
    let value: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert!(value["steps"][1]["estimate"]["layerBytesExact"]
        .as_bool()
        .unwrap());
    assert!(value["summary"]["cost"]["pushBytesExact"].as_u64().unwrap() > 1_048_576);

    let edits: Vec<Edit> = serde_json::from_str(
        r#"[{"op":"edit","path":"main.c","text":"int main(){return 2;}"},{"op":"chmod","path":"run.sh","mode":420}]"#,
    )
    .unwrap();
    let state = ProjectState::new(input.before.clone());
    let report = assert_same_as_rebuild(&state, &edits);
    assert_eq!(report.step_at(2).unwrap().paths, vec!["main.c", "run.sh"]);
}

/// A Dockerfile of about `lines` lines over a context of `files` files.
fn large_project(lines: usize, files: usize) -> BuildInput {
    let mut dockerfile = String::from("ARG BASE=debian:bookworm-slim\n");
    let mut line = 1;
    let mut stage = 0;
    while line < lines {
        dockerfile.push_str(&format!(
            "FROM ${{BASE}} AS s{stage}\nWORKDIR /srv/s{stage}\nENV STAGE={stage}\n"
        ));
        line += 3;
        for step in 0..20 {
            let module = (stage * 20 + step) % 50;
            dockerfile.push_str(&format!(
                "COPY src/mod{module}/ ./mod{module}/\nRUN make -C mod{module} && echo {step}\n"
            ));
            line += 2;
        }
        if stage > 0 {
            dockerfile.push_str(&format!("COPY --from=s{} /srv /prev\n", stage - 1));
            line += 1;
        }
        dockerfile.push_str("COPY . /all\nLABEL stage=x\n");
        line += 2;
        stage += 1;
    }
    let context: Vec<(String, String)> = (0..files)
        .map(|i| {
            (
                format!("src/mod{}/pkg{}/file{i}.c", i % 50, i % 7),
                format!("int f{i};"),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = context
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let mut input = build(&dockerfile, &refs);
    input.dockerignore = Some("**/*.o\n.git\n".into());
    input
}

fn best_of(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

#[test]
fn large_projects_stay_consistent() {
    let input = large_project(120, 600);
    let state = ProjectState::new(input);
    for edits in [
        vec![text_edit("src/mod3/pkg3/file3.c", "int changed;")],
        vec![Edit::Dockerfile {
            text: state
                .input()
                .dockerfile
                .replace("ENV STAGE=1\n", "ENV STAGE=one\n"),
        }],
        vec![Edit::Remove {
            path: "src/mod4".into(),
        }],
    ] {
        assert_same_as_rebuild(&state, &edits);
    }
}

/// Timing on a 300-line Dockerfile and a 5,000-file context. Run with
/// `cargo test --release --test cache_what_if -- --ignored --nocapture`.
#[test]
#[ignore]
fn what_if_timing() {
    let input = large_project(300, 5000);
    let lines = input.dockerfile.lines().count();
    let start = Instant::now();
    let state = ProjectState::new(input);
    let setup = start.elapsed();
    let file_edit = [text_edit("src/mod3/pkg3/file3.c", "int changed;")];
    let keystroke = [Edit::Dockerfile {
        text: state
            .input()
            .dockerfile
            .replacen("ENV STAGE=2\n", "ENV STAGE=2 \n", 1),
    }];
    let structural = [Edit::Rename {
        from: "src/mod3/pkg3/file3.c".into(),
        to: "src/mod3/pkg3/renamed.c".into(),
    }];
    // Warm the selection memo once.
    what_if(&state, &file_edit);
    if let Ok(kind) = std::env::var("LAYERLAB_PROFILE") {
        // LAYERLAB_PROFILE=file|typing|rename: mean wall and CPU time.
        let (edits, runs): (&[Edit], u32) = match kind.as_str() {
            "typing" => (&keystroke, 300),
            "rename" => (&structural, 10),
            _ => (&file_edit, 300),
        };
        let cpu = || -> u64 {
            std::fs::read_to_string("/proc/thread-self/schedstat")
                .ok()
                .and_then(|s| s.split_whitespace().next().and_then(|n| n.parse().ok()))
                .unwrap_or(0)
        };
        let (start, cpu_start) = (Instant::now(), cpu());
        for _ in 0..runs {
            what_if(&state, edits);
        }
        println!(
            "mean wall {:?}, mean cpu {:?}",
            start.elapsed() / runs,
            Duration::from_nanos((cpu() - cpu_start) / u64::from(runs))
        );
        return;
    }
    let content = best_of(20, || {
        what_if(&state, &file_edit);
    });
    let typing = best_of(20, || {
        what_if(&state, &keystroke);
    });
    let slow = best_of(3, || {
        what_if(&state, &structural);
    });
    println!(
        "{lines}-line Dockerfile, 5000 files: setup {setup:?}; what-if file edit {content:?}; Dockerfile keystroke {typing:?}; rename {slow:?}"
    );
    if !cfg!(debug_assertions) {
        assert!(content < Duration::from_millis(20), "{content:?}");
        assert!(typing < Duration::from_millis(20), "{typing:?}");
    }
}
