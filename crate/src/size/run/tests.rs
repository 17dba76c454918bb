//! RUN replay on hand-made scripts.

use super::{replay, RunEnv, StageMemory};
use crate::shell;
use crate::size::estimate::Estimate;
use crate::size::fs::{Fs, Origin};
use crate::size::heuristics::Rule;
use crate::size::layer::{Draft, Part};
use std::collections::BTreeMap;

fn env(files: &BTreeMap<String, String>) -> RunEnv<'_> {
    RunEnv {
        cwd: "/app".into(),
        home: "/root".into(),
        env: BTreeMap::new(),
        base: None,
        filter: None,
        files,
        apt_marked_auto: false,
    }
}

/// Replay `text` on `fs` as layer 1 and commit it; returns the parts' total
/// and the notes.
fn replay_text(fs: &mut Fs, text: &str) -> (Draft, super::RunSummary) {
    let files = BTreeMap::new();
    let mut env = env(&files);
    let script = shell::parse(text);
    let mut draft = Draft::new(1);
    let mut memory = StageMemory::default();
    let summary = replay(&mut draft, fs, &mut memory, &mut env, &[&script]);
    (draft, summary)
}

#[test]
fn cd_changes_where_downloads_land_and_same_layer_rm_saves_them() {
    let mut fs = Fs::default();
    let (draft, summary) = replay_text(
        &mut fs,
        "cd /tmp && wget https://example.com/y.tar.gz && tar xzf y.tar.gz -C /opt && rm y.tar.gz",
    );
    assert!(summary.unknown_commands.is_empty());
    assert_eq!(
        draft.written("/tmp/y.tar.gz"),
        None,
        "removed in the same RUN"
    );
    assert_eq!(
        draft.written("/opt/(extracted: y.tar.gz)"),
        Some(Estimate::UNKNOWN)
    );
    assert!(draft.rules.contains(&Rule::RemoveSameLayer));
}

#[test]
fn moving_an_earlier_layers_file_copies_it_and_leaves_a_whiteout() {
    let mut fs = Fs::default();
    let mut first = Draft::new(0);
    first.write(
        "/app/big.bin".into(),
        Part::new("big", Estimate::exact(100), Rule::CopyContext),
        false,
        Origin::Context("big.bin".into()),
    );
    first.commit(&mut fs, &|_| Some(2));
    let (draft, _) = replay_text(&mut fs, "mv /app/big.bin /opt/big.bin");
    assert_eq!(draft.written("/opt/big.bin"), Some(Estimate::exact(100)));
    let committed = draft.commit(&mut fs, &|_| Some(2));
    assert!(committed
        .occurrences
        .iter()
        .any(|o| o.path == "/app/big.bin" && o.bytes == 0));
    assert!(fs.get("/app/big.bin").is_none());
}

#[test]
fn interpreters_running_scripts_are_unknown_but_version_checks_are_not() {
    let mut fs = Fs::default();
    let (_, quiet) = replay_text(&mut fs, "node --version && python3 -V && sh -c 'echo hi'");
    assert!(
        quiet.unknown_commands.is_empty(),
        "{:?}",
        quiet.unknown_commands
    );
    let (draft, loud) = replay_text(&mut fs, "bash install.sh");
    assert!(loud.unknown_commands.contains("bash"));
    assert!(draft.total().is_unknown());
}

#[test]
fn redirects_and_clones_write_where_they_say() {
    let mut fs = Fs::default();
    let (draft, _) = replay_text(
        &mut fs,
        "echo ok > /etc/app.conf && git clone https://github.com/a/b.git && chmod 600 /etc/app.conf",
    );
    assert!(draft.written("/etc/app.conf").is_some());
    assert_eq!(draft.written("/app/b"), Some(Estimate::UNKNOWN));
    assert!(!draft.rules.contains(&Rule::RecursiveChmod));
}

#[test]
fn system_managers_are_reported() {
    let mut fs = Fs::default();
    let (_, summary) = replay_text(&mut fs, "apt-get update && apk add x && dnf install -y y");
    let managers: Vec<&str> = summary.system_managers.iter().copied().collect();
    assert_eq!(managers, ["apk", "apt", "dnf"]);
}
