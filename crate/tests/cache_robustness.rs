//! The simulator on real Dockerfiles (the corpus) and on hostile input:
//! it never panics, gives one row per instruction, never reports a miss for
//! an unchanged build, and its what-if fast path agrees with a full rebuild.

mod cache_support;

use cache_support::*;
use layerlab::cache::{
    rebuild, what_if, BuildInput, Builder, CacheStore, Edit, ProjectState, RebuildInput, Status,
};
use std::fs;
use std::path::PathBuf;

fn corpus() -> Vec<(String, String)> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/dockerfiles"
    ));
    let mut files: Vec<(String, String)> = fs::read_dir(&dir)
        .expect("corpus directory ../shared/corpus/dockerfiles")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            fs::read_to_string(e.path()).ok().map(|text| (name, text))
        })
        .collect();
    files.sort();
    files
}

/// A context with the paths Dockerfiles of the corpus commonly copy.
fn context() -> Vec<(&'static str, &'static str)> {
    vec![
        ("package.json", "{}"),
        ("package-lock.json", "{}"),
        ("requirements.txt", "flask"),
        ("app.py", "print(1)"),
        ("src/index.js", "1"),
        ("src/main.go", "package main"),
        ("go.mod", "module x"),
        ("go.sum", ""),
        ("docker-entrypoint.sh", "#!/bin/sh"),
        ("nginx.conf", "events {}"),
        ("public/index.html", "<html>"),
    ]
}

fn instruction_count(input: &BuildInput) -> usize {
    layerlab::dockerfile::syntax::parse(&input.dockerfile)
        .dockerfile
        .instructions
        .len()
}

#[test]
fn the_corpus_unchanged_never_misses_and_edits_never_panic() {
    let files = corpus();
    assert!(files.len() > 50, "the corpus is there");
    for (name, text) in &files {
        for builder in [Builder::Buildkit, Builder::Legacy] {
            let input = with_builder(build(text, &context()), builder);
            let report = compare(&input, &input);
            assert_eq!(report.steps.len(), instruction_count(&input), "{name}");
            for step in &report.steps {
                assert_ne!(
                    step.status,
                    Status::Miss,
                    "{name} {builder:?} line {}: {}",
                    step.line,
                    step.detail
                );
                assert!(!step.detail.is_empty(), "{name} line {}", step.line);
            }
            let edited = edit(&input, "src/index.js", "2");
            let first = compare(&input, &edited).to_json();
            assert_eq!(compare(&input, &edited).to_json(), first, "{name}");
        }
    }
}

#[test]
fn the_corpus_what_if_agrees_with_rebuild() {
    for (name, text) in corpus() {
        let state = ProjectState::new(build(&text, &context()));
        let edit_sets = [
            vec![Edit::Edit {
                path: "package.json".into(),
                hash: None,
                text: Some("{\"v\":2}".into()),
                size: None,
            }],
            vec![Edit::Dockerfile {
                text: text.replacen('\n', "\n# edited\n", 1),
            }],
            vec![Edit::Remove { path: "src".into() }],
        ];
        for edits in edit_sets {
            let fast = what_if(&state, &edits).to_json();
            let slow = rebuild(&RebuildInput {
                before: state.input().clone(),
                after: state.apply(&edits),
                store: CacheStore::new(),
                deterministic: Vec::new(),
            })
            .to_json();
            assert_eq!(fast, slow, "{name}: {edits:?}");
        }
    }
}

#[test]
fn hostile_input_does_not_panic() {
    let long = "x".repeat(70_000);
    let nested = "RUN echo \\\n".repeat(500) + "done\n";
    let dockerfiles = [
        String::new(),
        "\u{feff}".to_string(),
        "RUN echo no from\n".to_string(),
        "FROM\n".to_string(),
        "FROM a AS b\nFROM b AS a\nCOPY --from=a / /\nCOPY --from=999 / /\nCOPY --from=c / /\n".to_string(),
        "FROM scratch\nCOPY ../../../etc/passwd /\nADD . /\nWORKDIR ..\nWORKDIR /\n".to_string(),
        "FROM a\nRUN --mount=type=bogus echo\nRUN --mount=type=bind,from=nope,source=/x,target=/y ls\nRUN --mount=type=cache,from=0,target=/c ls\n".to_string(),
        "FROM a\nCOPY --exclude=[ . /\nCOPY --parents ./a/./b /\nCOPY <<EOF /x\nhello\nEOF\nRUN <<EOF\nunterminated\n".to_string(),
        format!("FROM a\nRUN {long}\nLABEL a={long}\n"),
        format!("FROM a\n{nested}"),
        "ARG A=${B:-${C:-${D}}}\nFROM ${A}\nARG A\nENV X=${A:?oops}\nCOPY $X /$X\n".to_string(),
        "FROM a\nONBUILD RUN x\nHEALTHCHECK NONE\nSHELL not-json\nSTOPSIGNAL 9\nBOGUS instruction\n".to_string(),
        "FROM --platform=$BUILDPLATFORM a\nADD https://example.com/x.tgz#0123456789012345678901234567890123456789 /\nADD --checksum=bad http://x /y\n".to_string(),
    ];
    let contexts: Vec<Vec<(&str, &str)>> = vec![
        vec![],
        vec![
            ("a", "1"),
            ("a/b", "2"),
            ("../escape", "3"),
            ("", "4"),
            ("./c//d/", "5"),
        ],
        context(),
    ];
    for dockerfile in &dockerfiles {
        for context in &contexts {
            for builder in [Builder::Buildkit, Builder::Legacy] {
                let mut before = with_builder(build(dockerfile, context), builder);
                before.dockerignore = Some("!\n[\n**\n!a\n".into());
                before.target = Some("b".into());
                let mut after = edit(&before, "a", "changed");
                after.platform = Some("linux/arm64/v8".into());
                after.build_args.insert("A".into(), "img:tag".into());
                let report = compare(&before, &after);
                assert_eq!(report.steps.len(), instruction_count(&after));
                let state = ProjectState::new(before.clone());
                what_if(
                    &state,
                    &[Edit::Rename {
                        from: "a".into(),
                        to: "z/z".into(),
                    }],
                );
                what_if(
                    &state,
                    &[Edit::Chmod {
                        path: "a".into(),
                        mode: layerlab::cache::ModeSpec::Octal("zz".into()),
                    }],
                );
            }
        }
    }
}

#[test]
fn a_builder_switch_shares_no_cache() {
    let before = build("FROM alpine\nRUN echo hi\n", &[]);
    let after = with_builder(before.clone(), Builder::Legacy);
    let report = compare(&before, &after);
    assert_eq!(name(report.steps[0].reason), "NOT_CACHED");
    assert!(
        detail(&report, 1).contains("share no cache"),
        "{}",
        detail(&report, 1)
    );
}
