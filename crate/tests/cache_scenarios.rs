//! Scenario suite for the layer cache simulator: one scenario per rule,
//! with BuildKit and the legacy builder side by side where they differ.

mod cache_support;

use cache_support::*;
use layerlab::cache::{
    rebuild, what_if, BuildInput, Builder, CacheStore, ContextInput, Edit, ProjectState,
    RebuildInput, Status,
};

const PYTHON: &str = "FROM python:3.11-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
CMD [\"python\", \"app.py\"]
";

fn python() -> BuildInput {
    build(
        PYTHON,
        &[
            ("app.py", "print('v1')\n"),
            ("requirements.txt", "flask==3.0\n"),
            ("debug.log", "a\n"),
        ],
    )
}

fn legacy(input: BuildInput) -> BuildInput {
    with_builder(input, Builder::Legacy)
}

#[test]
fn code_edit_reruns_only_the_final_copy() {
    let before = python();
    let after = edit(&before, "app.py", "print('v2')\n");
    let report = compare(&before, &after);
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "hit", "CACHED"),
            (3, "hit", "CACHED"),
            (4, "hit", "CACHED"),
            (5, "miss", "FILES"),
            (6, "meta", "CONFIG_ONLY"),
        ],
    );
    assert_eq!(detail(&report, 5), "app.py changed; COPY . . selects it");
    assert_eq!(report.step_at(5).unwrap().paths, vec!["app.py"]);
    assert_eq!(report.summary.rerun, 1);
    assert_eq!(report.summary.rerun_lines, vec![5]);
    assert_eq!(report.summary.first_miss.as_ref().unwrap().line, 5);

    // The legacy builder commits CMD too, so it re-runs after the miss.
    let report = compare(&legacy(before.clone()), &legacy(after));
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "hit", "CACHED"),
            (3, "hit", "CACHED"),
            (4, "hit", "CACHED"),
            (5, "miss", "FILES"),
            (6, "miss", "INHERITED"),
        ],
    );
    assert!(detail(&report, 6).starts_with("inherits the miss of line 5 (COPY . .)"));
    assert!(detail(&report, 6).contains("legacy builder stops using the cache"));
}

#[test]
fn dependency_manifest_edit_reruns_the_install() {
    let before = python();
    let after = edit(&before, "requirements.txt", "flask==3.1\n");
    for builder in [Builder::Buildkit, Builder::Legacy] {
        let report = compare(
            &with_builder(before.clone(), builder),
            &with_builder(after.clone(), builder),
        );
        let cmd = if builder == Builder::Buildkit {
            ("meta", "CONFIG_ONLY")
        } else {
            ("miss", "INHERITED")
        };
        expect(
            &report,
            &[
                (1, "hit", "CACHED"),
                (2, "hit", "CACHED"),
                (3, "miss", "FILES"),
                (4, "miss", "INHERITED"),
                (5, "miss", "INHERITED"),
                (6, cmd.0, cmd.1),
            ],
        );
        assert_eq!(
            detail(&report, 3),
            "requirements.txt changed; COPY requirements.txt . selects it"
        );
        assert!(
            detail(&report, 4).starts_with("inherits the miss of line 3 (COPY requirements.txt .)")
        );
        assert_eq!(report.step_at(4).unwrap().cause_line, Some(3));
        // COPY . . also reads requirements.txt itself.
        assert_eq!(report.step_at(5).unwrap().also.len(), 1);
    }
}

#[test]
fn edits_to_ignored_files_change_nothing() {
    let mut before = python();
    before.dockerignore = Some("*.log\n".into());
    let after = edit(&before, "debug.log", "b\n");
    for builder in [Builder::Buildkit, Builder::Legacy] {
        let report = compare(
            &with_builder(before.clone(), builder),
            &with_builder(after.clone(), builder),
        );
        assert_eq!(report.summary.rerun, 0, "{builder:?}");
        assert!(report.steps.iter().all(|s| s.status != Status::Miss));
    }
    // Without the ignore file the log is part of COPY . .
    let before = python();
    let report = compare(&before, &edit(&before, "debug.log", "b\n"));
    assert_eq!(detail(&report, 5), "debug.log changed; COPY . . selects it");
}

#[test]
fn a_comment_in_the_dockerfile_busts_copy_dot_unless_ignored() {
    let before = python();
    let mut after = before.clone();
    after.dockerfile = PYTHON.replace(
        "COPY requirements.txt .",
        "# dependencies first\nCOPY requirements.txt .",
    );
    for builder in [Builder::Buildkit, Builder::Legacy] {
        let report = compare(
            &with_builder(before.clone(), builder),
            &with_builder(after.clone(), builder),
        );
        let lines: Vec<u32> = report.steps.iter().map(|s| s.line).collect();
        assert_eq!(lines, vec![1, 2, 4, 5, 6, 7]);
        assert_eq!(report.step_at(4).unwrap().before_line, Some(3));
        assert_eq!(report.step_at(4).unwrap().status, Status::Hit);
        assert_eq!(report.step_at(5).unwrap().status, Status::Hit);
        assert_eq!(report.step_at(6).unwrap().status, Status::Miss);
        let copy = detail(&report, 6);
        assert!(
            copy.starts_with("Dockerfile changed; COPY . . selects it"),
            "{copy}"
        );
        assert!(copy.contains("list it in .dockerignore"), "{copy}");
    }
    // Excluded by .dockerignore, the Dockerfile no longer reaches COPY . .
    let mut before = python();
    before.dockerignore = Some("Dockerfile\n.dockerignore\n".into());
    let mut after = before.clone();
    after.dockerfile = PYTHON.replace(
        "COPY requirements.txt .",
        "# dependencies first\nCOPY requirements.txt .",
    );
    for builder in [Builder::Buildkit, Builder::Legacy] {
        let report = compare(
            &with_builder(before.clone(), builder),
            &with_builder(after.clone(), builder),
        );
        assert_eq!(report.summary.rerun, 0, "{builder:?}");
    }
}

const ARG_FILE: &str = "FROM alpine
ARG VERSION=1
COPY app.py /app/
RUN echo building
RUN echo v$VERSION
";

#[test]
fn a_changed_build_arg_reaches_every_later_run_but_not_copy() {
    let before = build(ARG_FILE, &[("app.py", "x")]);
    let mut after = before.clone();
    after.build_args.insert("VERSION".into(), "2".into());
    let report = compare(&before, &after);
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "meta", "BUILD_STATE"),
            (3, "hit", "CACHED"),
            (4, "miss", "ARG"),
            (5, "miss", "INHERITED"),
        ],
    );
    assert_eq!(
        detail(&report, 4),
        "ARG VERSION changed 1→2; every RUN after line 2 sees it as an environment variable (this RUN never references it)"
    );
    assert_eq!(report.step_at(4).unwrap().cause_line, Some(2));
    assert!(detail(&report, 2).contains("ARG VERSION=2 (was 1)"));

    // Legacy: the ARG step commits its default and hits; only RUN sees the value.
    let report = compare(&legacy(before.clone()), &legacy(after));
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "hit", "CACHED"),
            (3, "hit", "CACHED"),
            (4, "miss", "ARG"),
            (5, "miss", "INHERITED"),
        ],
    );
}

#[test]
fn an_edited_arg_default_is_meta_for_buildkit_but_a_step_for_legacy() {
    let before = build(ARG_FILE, &[("app.py", "x")]);
    let mut after = before.clone();
    after.dockerfile = ARG_FILE.replace("VERSION=1", "VERSION=2");
    // The Dockerfile is swept by no COPY here, so only the ARG matters.
    let report = compare(&before, &after);
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "meta", "BUILD_STATE"),
            (3, "hit", "CACHED"),
            (4, "miss", "ARG"),
            (5, "miss", "INHERITED"),
        ],
    );
    let report = compare(&legacy(before), &legacy(after));
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "miss", "CMD_TEXT"),
            (3, "miss", "INHERITED"),
            (4, "miss", "INHERITED"),
            (5, "miss", "INHERITED"),
        ],
    );
}

#[test]
fn undeclared_proxy_args_never_count_but_declared_ones_do() {
    let undeclared = build("FROM alpine\nRUN apk add curl\n", &[]);
    let mut before = undeclared.clone();
    before
        .build_args
        .insert("HTTP_PROXY".into(), "http://a:3128".into());
    let mut after = undeclared;
    after
        .build_args
        .insert("HTTP_PROXY".into(), "http://b:3128".into());
    for builder in [Builder::Buildkit, Builder::Legacy] {
        let report = compare(
            &with_builder(before.clone(), builder),
            &with_builder(after.clone(), builder),
        );
        assert_eq!(report.summary.rerun, 0, "{builder:?}");
    }
    before.dockerfile = "FROM alpine\nARG HTTP_PROXY\nRUN apk add curl\n".into();
    after.dockerfile = before.dockerfile.clone();
    for builder in [Builder::Buildkit, Builder::Legacy] {
        let report = compare(
            &with_builder(before.clone(), builder),
            &with_builder(after.clone(), builder),
        );
        assert_eq!(
            report.step_at(3).unwrap().status,
            Status::Miss,
            "{builder:?}"
        );
        assert_eq!(name(report.step_at(3).unwrap().reason), "ARG");
    }
}

const ENV_FILE: &str = "FROM node:18
ENV NODE_ENV=development
COPY package.json .
RUN npm ci
";

#[test]
fn an_env_change_reaches_runs_in_buildkit_and_everything_in_legacy() {
    let before = build(ENV_FILE, &[("package.json", "{}")]);
    let mut after = before.clone();
    after.dockerfile = ENV_FILE.replace("development", "production");
    let report = compare(&before, &after);
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "meta", "BUILD_STATE"),
            (3, "hit", "CACHED"),
            (4, "miss", "ENV"),
        ],
    );
    assert_eq!(
        detail(&report, 4),
        "ENV NODE_ENV changed development→production on line 2; every later RUN sees it"
    );
    let report = compare(&legacy(before), &legacy(after));
    assert_eq!(
        detail(&report, 2),
        "the instruction changed: `ENV NODE_ENV=development` → `ENV NODE_ENV=production`"
    );
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "miss", "CMD_TEXT"),
            (3, "miss", "INHERITED"),
            (4, "miss", "INHERITED"),
        ],
    );
}

#[test]
fn an_env_value_expanded_into_a_copy_destination() {
    let text = "FROM alpine\nENV DEST=/srv\nCOPY app.py $DEST/\n";
    let before = build(text, &[("app.py", "x")]);
    let mut after = before.clone();
    after.dockerfile = text.replace("/srv", "/opt");
    let report = compare(&before, &after);
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "meta", "BUILD_STATE"),
            (3, "miss", "ENV"),
        ],
    );
    assert_eq!(
        detail(&report, 3),
        "ENV DEST changed /srv→/opt; COPY app.py $DEST/ expands it"
    );
}

#[test]
fn a_label_change_is_config_only_for_buildkit() {
    let text = "FROM alpine\nCOPY app.py /app/\nLABEL version=\"1.0\"\nRUN echo hi\n";
    let before = build(text, &[("app.py", "x")]);
    let mut after = before.clone();
    after.dockerfile = text.replace("1.0", "1.1");
    let report = compare(&before, &after);
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "hit", "CACHED"),
            (3, "meta", "CONFIG_ONLY"),
            (4, "hit", "CACHED"),
        ],
    );
    assert!(detail(&report, 3).contains("image ID changes, nothing re-runs"));
    let report = compare(&legacy(before), &legacy(after));
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "hit", "CACHED"),
            (3, "miss", "CMD_TEXT"),
            (4, "miss", "INHERITED"),
        ],
    );
}

#[test]
fn a_chmod_is_a_file_change() {
    let text = "FROM alpine\nCOPY scripts/ /scripts/\nRUN /scripts/run.sh\n";
    let before = build(text, &[("scripts/run.sh", "echo hi")]);
    let mut after = before.clone();
    let mut entries = after.context.entries();
    entries[0].mode = 0o755;
    after.context = ContextInput::Entries(entries);
    for builder in [Builder::Buildkit, Builder::Legacy] {
        let report = compare(
            &with_builder(before.clone(), builder),
            &with_builder(after.clone(), builder),
        );
        expect(
            &report,
            &[
                (1, "hit", "CACHED"),
                (2, "miss", "FILES"),
                (3, "miss", "INHERITED"),
            ],
        );
        assert_eq!(
            detail(&report, 2),
            "scripts/run.sh mode 644→755; COPY scripts/ /scripts/ selects it"
        );
    }
}

#[test]
fn a_rename_under_a_wildcard_invalidates_and_one_outside_does_not() {
    let text = "FROM busybox\nCOPY file* /files/\nRUN ls /files/file1\n";
    let before = build(text, &[("file1", "same"), ("other.txt", "o")]);
    let renamed = build(text, &[("file2", "same"), ("other.txt", "o")]);
    for builder in [Builder::Buildkit, Builder::Legacy] {
        let report = compare(
            &with_builder(before.clone(), builder),
            &with_builder(renamed.clone(), builder),
        );
        expect(
            &report,
            &[
                (1, "hit", "CACHED"),
                (2, "miss", "FILES"),
                (3, "miss", "INHERITED"),
            ],
        );
        assert_eq!(
            detail(&report, 2),
            "file1 was renamed to file2; COPY file* /files/ selects it"
        );
    }
    let outside = build(text, &[("file1", "same"), ("other2.txt", "o")]);
    let report = compare(&before, &outside);
    assert_eq!(report.summary.rerun, 0);
}

const MOUNTS: &str = "FROM node:18
WORKDIR /app
RUN --mount=type=bind,source=package.json,target=package.json --mount=type=cache,target=/root/.npm npm ci
COPY . .
";

#[test]
fn a_bind_mount_keys_on_the_mounted_file_only() {
    let before = build(
        MOUNTS,
        &[("package.json", "{\"v\":1}"), ("src/index.js", "a")],
    );
    let report = compare(&before, &edit(&before, "src/index.js", "b"));
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "hit", "CACHED"),
            (3, "hit", "CACHED"),
            (4, "miss", "FILES"),
        ],
    );
    let report = compare(&before, &edit(&before, "package.json", "{\"v\":2}"));
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "hit", "CACHED"),
            (3, "miss", "FILES"),
            (4, "miss", "INHERITED"),
        ],
    );
    assert_eq!(
        detail(&report, 3),
        "package.json changed; the bind mount at /app/package.json reads it"
    );
}

#[test]
fn cache_mounts_key_on_their_definition_not_their_contents() {
    let before = build(MOUNTS, &[("package.json", "{}")]);
    let mut locked = before.clone();
    locked.dockerfile = MOUNTS.replace("target=/root/.npm", "target=/root/.npm,sharing=locked");
    let report = compare(&before, &locked);
    assert_eq!(name(report.step_at(3).unwrap().reason), "MOUNT");
    assert!(
        detail(&report, 3).contains("sharing"),
        "{}",
        detail(&report, 3)
    );

    // On a mount that is not default-shaped, BuildKit clears the id.
    let id_a = build(
        &MOUNTS.replace("target=/root/.npm", "target=/root/.npm,id=a,sharing=locked"),
        &[("package.json", "{}")],
    );
    let mut id_b = id_a.clone();
    id_b.dockerfile = id_a.dockerfile.replace("id=a", "id=b");
    let report = compare(&id_a, &id_b);
    assert_eq!(report.step_at(3).unwrap().status, Status::Hit);
}

#[test]
fn the_legacy_builder_cannot_run_mounts() {
    let before = legacy(build(MOUNTS, &[("package.json", "{}")]));
    let report = compare(&before, &before);
    let failure = report.summary.fails.as_ref().expect("the build fails");
    assert_eq!(failure.line, 3);
    assert!(failure.message.contains("--mount option requires BuildKit"));
}

const LINK: &str = "FROM alpine
RUN apk add --no-cache git
COPY --link app/ /app/
RUN echo built
";

#[test]
fn copy_link_is_reused_after_an_earlier_change() {
    let before = build(LINK, &[("app/main.py", "x")]);
    let mut after = before.clone();
    after.dockerfile = LINK.replace("git", "git curl");
    let report = compare(&before, &after);
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "miss", "CMD_TEXT"),
            (3, "hit", "LINK_REUSED"),
            (4, "miss", "INHERITED"),
        ],
    );
    assert_eq!(report.step_at(3).unwrap().cause_line, Some(2));
    assert_eq!(report.step_at(4).unwrap().cause_line, Some(2));
    assert!(detail(&report, 2).contains("`apk add --no-cache git` → `apk add --no-cache git curl`"));

    // With --chmod BuildKit falls back to a normal copy; legacy ignores --link.
    let chmod = |input: &BuildInput| {
        let mut input = input.clone();
        input.dockerfile = input.dockerfile.replace("--link", "--link --chmod=755");
        input
    };
    let report = compare(&chmod(&before), &chmod(&after));
    assert_eq!(name(report.step_at(3).unwrap().reason), "INHERITED");
    let report = compare(&legacy(before), &legacy(after));
    assert_eq!(name(report.step_at(3).unwrap().reason), "INHERITED");
}

const STAGES: &str = "FROM alpine AS base
RUN apk add python3
FROM base AS test
COPY tests/ /tests/
RUN python3 -m pytest /tests
FROM base AS prod
COPY app/ /app/
CMD [\"python3\", \"/app/main.py\"]
";

fn stages(target: &str) -> BuildInput {
    let mut input = build(STAGES, &[("tests/test_a.py", "t1"), ("app/main.py", "m1")]);
    input.target = Some(target.into());
    input
}

#[test]
fn buildkit_skips_stages_the_target_does_not_need_and_legacy_builds_them() {
    let before = stages("prod");
    let after = edit(&before, "tests/test_a.py", "t2");
    let report = compare(&before, &after);
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "hit", "CACHED"),
            (3, "skipped", "NOT_NEEDED"),
            (4, "skipped", "NOT_NEEDED"),
            (5, "skipped", "NOT_NEEDED"),
            (6, "meta", "BUILD_STATE"),
            (7, "hit", "CACHED"),
            (8, "meta", "CONFIG_ONLY"),
        ],
    );
    assert_eq!(
        detail(&report, 4),
        "stage test is not needed for target prod; BuildKit builds only the stages the target depends on"
    );
    assert_eq!(report.summary.target.as_deref(), Some("prod"));
    let report = compare(&legacy(before), &legacy(after));
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "hit", "CACHED"),
            (3, "meta", "BUILD_STATE"),
            (4, "miss", "FILES"),
            (5, "miss", "INHERITED"),
            (6, "meta", "BUILD_STATE"),
            (7, "hit", "CACHED"),
            (8, "hit", "CACHED"),
        ],
    );
}

#[test]
fn a_miss_in_a_base_stage_reaches_the_stages_built_on_it() {
    let before = stages("prod");
    let mut after = before.clone();
    after.dockerfile = STAGES.replace("apk add python3", "apk add python3 py3-pip");
    let report = compare(&before, &after);
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "miss", "CMD_TEXT"),
            (3, "skipped", "NOT_NEEDED"),
            (4, "skipped", "NOT_NEEDED"),
            (5, "skipped", "NOT_NEEDED"),
            (6, "meta", "BUILD_STATE"),
            (7, "miss", "INHERITED"),
            (8, "meta", "CONFIG_ONLY"),
        ],
    );
    assert_eq!(
        detail(&report, 6),
        "continues from stage base, which re-runs from line 2, so the steps below inherit that"
    );
    assert_eq!(
        detail(&report, 7),
        "inherits the miss of line 2 in stage base (RUN apk add python3 py3-pip)"
    );
}

#[test]
fn the_legacy_builder_ignores_a_per_dockerfile_ignore_file() {
    let mut input = legacy(build(
        "FROM alpine
",
        &[],
    ));
    input.dockerfile_dockerignore = Some("x\n".into());
    let report = compare(&input, &input);
    assert!(report
        .summary
        .problems
        .iter()
        .any(|p| p.contains("reads only the root .dockerignore, not Dockerfile.dockerignore")));
}

#[test]
fn stages_after_the_target_are_skipped_by_both_builders() {
    let before = stages("test");
    let after = edit(&before, "app/main.py", "m2");
    for builder in [Builder::Buildkit, Builder::Legacy] {
        let report = compare(
            &with_builder(before.clone(), builder),
            &with_builder(after.clone(), builder),
        );
        assert_eq!(report.summary.rerun, 0, "{builder:?}");
        for line in 6..=8 {
            assert_eq!(report.step_at(line).unwrap().status, Status::Skipped);
        }
    }
    let report = compare(&legacy(before), &legacy(after));
    assert!(detail(&report, 7).contains("comes after target test"));
}

#[test]
fn a_stage_the_earlier_build_skipped_is_not_cached() {
    let report = compare(&stages("test"), &stages("prod"));
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "hit", "CACHED"),
            (3, "skipped", "NOT_NEEDED"),
            (4, "skipped", "NOT_NEEDED"),
            (5, "skipped", "NOT_NEEDED"),
            (6, "meta", "BUILD_STATE"),
            (7, "miss", "NOT_CACHED"),
            (8, "meta", "CONFIG_ONLY"),
        ],
    );
    assert!(detail(&report, 7).contains("did not build stage prod"));
}

#[test]
fn a_moved_base_tag_reruns_everything_after_from() {
    let mut before = python();
    before
        .base_digests
        .insert("python:3.11-slim".into(), "sha256:1111111111111111".into());
    let mut after = before.clone();
    after
        .base_digests
        .insert("python:3.11-slim".into(), "sha256:2222222222222222".into());
    for builder in [Builder::Buildkit, Builder::Legacy] {
        let report = compare(
            &with_builder(before.clone(), builder),
            &with_builder(after.clone(), builder),
        );
        assert_eq!(name(report.step_at(1).unwrap().reason), "BASE_IMAGE");
        assert!(
            detail(&report, 1).contains("the tag moved"),
            "{}",
            detail(&report, 1)
        );
        for line in 2..=5 {
            let step = report.step_at(line).unwrap();
            assert_eq!(
                (step.status, name(step.reason)),
                (Status::Miss, "INHERITED".to_string())
            );
            assert_eq!(step.cause_line, Some(1));
        }
    }
    // The same digest under another tag is the same image.
    let mut retagged = before.clone();
    retagged.dockerfile = PYTHON.replace("python:3.11-slim", "python:3.11.9-slim");
    retagged.base_digests.insert(
        "python:3.11.9-slim".into(),
        "sha256:1111111111111111".into(),
    );
    let report = compare(&before, &retagged);
    // Only COPY . . re-runs: it copies the edited Dockerfile.
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "hit", "CACHED"),
            (3, "hit", "CACHED"),
            (4, "hit", "CACHED"),
            (5, "miss", "FILES"),
            (6, "meta", "CONFIG_ONLY"),
        ],
    );
    assert!(detail(&report, 5).starts_with("Dockerfile changed"));
}

#[test]
fn reverting_to_an_earlier_build_hits_its_cache() {
    let v1 = python();
    let v2 = edit(&v1, "app.py", "print('v2')\n");
    let v3 = edit(&v1, "app.py", "print('v1')\n");
    for builder in [Builder::Buildkit, Builder::Legacy] {
        let (v1, v2, v3) = (
            with_builder(v1.clone(), builder),
            with_builder(v2.clone(), builder),
            with_builder(v3.clone(), builder),
        );
        let mut store = CacheStore::new();
        store.record("v1", &v1);
        let report = rebuild(&RebuildInput {
            before: v2.clone(),
            after: v3.clone(),
            store: store.clone(),
            deterministic: Vec::new(),
        });
        assert_eq!(report.summary.rerun, 0, "{builder:?}");
        assert!(
            detail(&report, 5).contains("earlier build `v1`"),
            "{}",
            detail(&report, 5)
        );
        // Without the older build, the revert is just another edit.
        let report = compare(&v2, &v3);
        assert_eq!(report.step_at(5).unwrap().status, Status::Miss);
        // Garbage collection drops it again.
        store.keep_newest(0);
        let report = rebuild(&RebuildInput {
            before: v2,
            after: v3,
            store,
            deterministic: Vec::new(),
        });
        assert_eq!(report.step_at(5).unwrap().status, Status::Miss);
    }
}

#[test]
fn a_project_state_remembers_every_committed_build() {
    let mut state = ProjectState::new(python());
    let to_v2 = [Edit::Edit {
        path: "app.py".into(),
        hash: None,
        text: Some("print('v2')\n".into()),
        size: None,
    }];
    state.commit(&to_v2);
    let back = [Edit::Edit {
        path: "app.py".into(),
        hash: None,
        text: Some("print('v1')\n".into()),
        size: None,
    }];
    let report = what_if(&state, &back);
    assert_eq!(report.summary.rerun, 0);
    assert!(
        detail(&report, 5).contains("earlier build `build 1`"),
        "{}",
        detail(&report, 5)
    );
}

const SOURCES: &str = "FROM alpine AS sources
COPY docs/ /docs/
COPY src/ /src/
FROM nginx:alpine
COPY --from=sources /docs /usr/share/nginx/html
";

#[test]
fn copy_from_reads_another_stage_by_content() {
    let before = build(
        SOURCES,
        &[("docs/index.html", "<h1>1</h1>"), ("src/a.c", "int a;")],
    );
    let report = compare(&before, &edit(&before, "src/a.c", "int b;"));
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "hit", "CACHED"),
            (3, "miss", "FILES"),
            (4, "hit", "CACHED"),
            (5, "hit", "CACHED"),
        ],
    );
    let report = compare(&before, &edit(&before, "docs/index.html", "<h1>2</h1>"));
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "miss", "FILES"),
            (3, "miss", "INHERITED"),
            (4, "hit", "CACHED"),
            (5, "miss", "FILES"),
        ],
    );
    assert_eq!(
        detail(&report, 5),
        "docs/index.html changed; line 2 (COPY docs/ /docs/) in stage sources puts it under /docs"
    );
    assert_eq!(report.step_at(5).unwrap().cause_line, Some(2));
}

const GO: &str = "FROM golang:1.22 AS build
COPY . /src
RUN go build -o /out/app /src
FROM alpine
COPY --from=build /out/app /app
CMD [\"/app\"]
";

#[test]
fn copy_from_a_stage_whose_run_reran_is_content_dependent() {
    let before = build(GO, &[("main.go", "package main // 1")]);
    let after = edit(&before, "main.go", "package main // 2");
    let report = compare(&before, &after);
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "miss", "FILES"),
            (3, "miss", "INHERITED"),
            (4, "hit", "CACHED"),
            (5, "content-dependent", "UPSTREAM"),
            (6, "meta", "CONFIG_ONLY"),
        ],
    );
    assert_eq!(report.step_at(5).unwrap().cause_line, Some(3));
    assert!(detail(&report, 5).contains("reads /out/app from stage build, where line 3"));
    assert_eq!(report.summary.content_dependent, 1);
    assert!(report.summary.cost_if_content_changed.high_seconds > report.summary.cost.high_seconds);

    // Declaring the copy (or the RUN that writes it) deterministic resolves it.
    for (line, reason) in [(5, "DECLARED_SAME"), (3, "CACHED")] {
        let report = rebuild(&RebuildInput {
            before: before.clone(),
            after: after.clone(),
            store: CacheStore::new(),
            deterministic: vec![line],
        });
        let step = report.step_at(5).unwrap();
        assert_eq!(
            (step.status, name(step.reason)),
            (Status::Hit, reason.to_string()),
            "line {line}"
        );
    }
    // Legacy computes the same content hash, so the same uncertainty.
    let report = compare(&legacy(before), &legacy(after));
    assert_eq!(report.step_at(5).unwrap().status, Status::ContentDependent);
}

#[test]
fn remote_sources_are_content_dependent_unless_versioned_or_pinned() {
    let text = "FROM alpine\nADD https://example.com/tool.tgz /opt/\nRUN /opt/tool\n";
    let before = build(text, &[]);
    let report = compare(&before, &before);
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "content-dependent", "REMOTE"),
            (3, "content-dependent", "INHERITED"),
        ],
    );
    let mut v1 = before.clone();
    v1.remote_versions
        .insert("https://example.com/tool.tgz".into(), "etag-1".into());
    let mut v2 = v1.clone();
    v2.remote_versions
        .insert("https://example.com/tool.tgz".into(), "etag-2".into());
    assert_eq!(rows(&compare(&v1, &v1))[1].1, "hit");
    let report = compare(&v1, &v2);
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "miss", "REMOTE"),
            (3, "miss", "INHERITED"),
        ],
    );
    let pinned = build(&text.replace("ADD ", "ADD --checksum=sha256:abcd "), &[]);
    assert_eq!(compare(&pinned, &pinned).summary.rerun, 0);
    assert_eq!(compare(&pinned, &pinned).summary.content_dependent, 0);
}

#[test]
fn workdir_root_is_no_step_in_buildkit() {
    let input = build("FROM alpine\nWORKDIR /\nRUN echo hi\n", &[]);
    let report = compare(&input, &input);
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "meta", "BUILD_STATE"),
            (3, "hit", "CACHED"),
        ],
    );
    let report = compare(&legacy(input.clone()), &legacy(input));
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "hit", "CACHED"),
            (3, "hit", "CACHED"),
        ],
    );
}

#[test]
fn user_shell_network_and_security_are_run_inputs() {
    let text = "FROM alpine\nUSER app\nCOPY app.py /app/\nRUN [\"id\"]\nRUN whoami\n";
    let before = build(text, &[("app.py", "x")]);
    let mut after = before.clone();
    after.dockerfile = text.replace("USER app", "USER nobody");
    let report = compare(&before, &after);
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "meta", "BUILD_STATE"),
            (3, "hit", "CACHED"),
            (4, "miss", "USER"),
            (5, "miss", "INHERITED"),
        ],
    );
    assert_eq!(detail(&report, 4), "USER changed from app to nobody");
    assert_eq!(report.step_at(4).unwrap().cause_line, Some(2));

    let text = "FROM alpine\nSHELL [\"/bin/sh\", \"-c\"]\nRUN [\"echo\", \"exec form\"]\nRUN echo shell form\n";
    let before = build(text, &[]);
    let mut after = before.clone();
    after.dockerfile = text.replace("/bin/sh", "/bin/ash");
    let report = compare(&before, &after);
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "meta", "BUILD_STATE"),
            (3, "hit", "CACHED"),
            (4, "miss", "SHELL"),
        ],
    );

    let text = "FROM alpine\nRUN --network=none make\n";
    let before = build(text, &[]);
    let mut after = before.clone();
    after.dockerfile = text.replace("none", "host");
    assert_eq!(
        rows(&compare(&before, &after))[1],
        (2, "miss".into(), "NETWORK".into())
    );
    after.dockerfile = text.replace("--network=none", "--network=none --security=insecure");
    assert_eq!(
        rows(&compare(&before, &after))[1],
        (2, "miss".into(), "SECURITY".into())
    );
}

#[test]
fn the_platform_is_part_of_every_key() {
    let before = python();
    let mut after = before.clone();
    after.platform = Some("linux/arm64".into());
    let report = compare(&before, &after);
    assert_eq!(rows(&report)[0], (1, "miss".into(), "PLATFORM".into()));
    assert_eq!(
        detail(&report, 1),
        "the platform changed from linux/amd64 to linux/arm64"
    );
}

#[test]
fn no_cache_reruns_run_copy_and_add() {
    let before = python();
    let mut after = before.clone();
    after.no_cache = true;
    let report = compare(&before, &after);
    expect(
        &report,
        &[
            (1, "hit", "CACHED"),
            (2, "hit", "CACHED"),
            (3, "miss", "NO_CACHE"),
            (4, "miss", "NO_CACHE"),
            (5, "miss", "NO_CACHE"),
            (6, "meta", "CONFIG_ONLY"),
        ],
    );
    let mut filtered = stages("prod");
    filtered.no_cache_filter = vec!["prod".into()];
    let report = compare(&stages("prod"), &filtered);
    assert_eq!(rows(&report)[6], (7, "miss".into(), "NO_CACHE".into()));
    assert_eq!(rows(&report)[1], (2, "hit".into(), "CACHED".into()));
}

#[test]
fn secret_values_never_count_and_never_show() {
    let text = "FROM node:18\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n";
    let mut before = build(text, &[]);
    before
        .secrets
        .insert("npmrc".into(), "token-one-supersecret".into());
    let mut after = before.clone();
    after
        .secrets
        .insert("npmrc".into(), "token-two-supersecret".into());
    let report = compare(&before, &after);
    expect(&report, &[(1, "hit", "CACHED"), (2, "hit", "CACHED")]);
    assert!(detail(&report, 2)
        .contains("secret `npmrc` changed, but secret values never enter the cache key"));
    assert!(!report.to_json().contains("supersecret"));
}

#[test]
fn an_ignore_rule_change_is_named() {
    let mut before = python();
    before.dockerignore = Some(".dockerignore\n*.log\n".into());
    let mut after = before.clone();
    after.dockerignore = Some(".dockerignore\n".into());
    let report = compare(&before, &after);
    assert_eq!(rows(&report)[4], (5, "miss".into(), "IGNORE_RULE".into()));
    assert_eq!(
        detail(&report, 5),
        "debug.log is sent now: .dockerignore line 2 `*.log` excluded it before; COPY . . selects it"
    );
    // When the ignore file is itself copied, its own edit is a file change.
    before.dockerignore = Some("*.log\n".into());
    after.dockerignore = Some("".into());
    let report = compare(&before, &after);
    let step = report.step_at(5).unwrap();
    assert_eq!(name(step.reason), "FILES");
    assert_eq!(
        step.also.iter().map(|r| name(*r)).collect::<Vec<_>>(),
        vec!["IGNORE_RULE"]
    );
}

#[test]
fn a_per_dockerfile_ignore_file_replaces_the_root_one_for_buildkit_only() {
    let text = "FROM alpine\nCOPY . /app\n";
    let mut before = build(text, &[("app.py", "x"), ("secret.env", "A=1")]);
    before.dockerfile_path = "app.Dockerfile".into();
    before.dockerignore = Some("app.Dockerfile\n.dockerignore\n".into());
    before.dockerfile_dockerignore = Some("secret.env\napp.Dockerfile*\n".into());
    let after = edit(&before, "secret.env", "A=2");
    assert_eq!(compare(&before, &after).summary.rerun, 0);
    let report = compare(&legacy(before), &legacy(after));
    assert_eq!(
        detail(&report, 2),
        "secret.env changed; COPY . /app selects it"
    );
}

#[test]
fn a_global_arg_changes_the_base_image() {
    let text = "ARG NODE_VERSION=18\nFROM node:${NODE_VERSION}\nRUN npm -v\n";
    let before = build(text, &[]);
    let mut after = before.clone();
    after.build_args.insert("NODE_VERSION".into(), "20".into());
    let report = compare(&before, &after);
    expect(
        &report,
        &[
            (1, "meta", "BUILD_STATE"),
            (2, "miss", "ARG"),
            (3, "miss", "INHERITED"),
        ],
    );
    assert_eq!(
        detail(&report, 2),
        "ARG NODE_VERSION changed 18→20; FROM node:${NODE_VERSION} expands it"
    );
    assert_eq!(report.steps[0].stage, "(global)");
    assert!(detail(&report, 1).contains("only FROM lines and stages that redeclare it see it"));
}

#[test]
fn new_and_edited_instructions() {
    let before = python();
    let mut after = before.clone();
    after.dockerfile = PYTHON.replace(
        "RUN pip install -r requirements.txt",
        "RUN pip install --no-cache-dir -r requirements.txt\nRUN pip check",
    );
    let report = compare(&before, &after);
    let get = |line: usize| rows(&report)[line - 1].clone();
    assert_eq!(get(4), (4, "miss".into(), "CMD_TEXT".into()));
    assert_eq!(get(5), (5, "miss".into(), "INHERITED".into()));
    assert_eq!(
        report
            .step_at(5)
            .unwrap()
            .also
            .iter()
            .map(|r| name(*r))
            .collect::<Vec<_>>(),
        vec!["NEW_INSTRUCTION"]
    );
    assert_eq!(report.step_at(5).unwrap().before_line, None);
    assert!(
        detail(&report, 4).contains("--no-cache-dir"),
        "{}",
        detail(&report, 4)
    );
}

#[test]
fn a_missing_source_fails_the_build() {
    let input = build("FROM alpine\nCOPY nope.txt /\n", &[]);
    let report = compare(&input, &input);
    let failure = report.summary.fails.as_ref().unwrap();
    assert_eq!(failure.line, 2);
    assert!(failure.message.contains("not found"), "{}", failure.message);
    assert!(report.step_at(2).unwrap().error.is_some());
}

#[test]
fn an_unknown_target_is_reported() {
    let mut input = stages("prod");
    input.target = Some("nope".into());
    let report = compare(&input, &input);
    assert!(report.summary.problems.iter().any(|p| p.contains("`nope`")));
    assert!(report
        .steps
        .iter()
        .all(|s| matches!(s.status, Status::Skipped)));
}

#[test]
fn identical_inputs_give_byte_identical_json() {
    let before = build(
        STAGES,
        &[
            ("tests/test_a.py", "t1"),
            ("app/main.py", "m1"),
            ("z/y/x", "1"),
            ("a", "2"),
        ],
    );
    let after = edit(&before, "app/main.py", "m2");
    let first = compare(&before, &after).to_json();
    for _ in 0..5 {
        assert_eq!(compare(&before, &after).to_json(), first);
    }
    // Entry order in the input does not matter either.
    let mut shuffled = after.clone();
    let mut entries = shuffled.context.entries();
    entries.reverse();
    shuffled.context = ContextInput::Entries(entries);
    assert_eq!(compare(&before, &shuffled).to_json(), first);
}
