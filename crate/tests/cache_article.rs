//! The article in `shared/seed/docker-in-production.txt` makes caching
//! claims about its Python and Node Dockerfiles; the simulator must
//! reproduce them step by step (with both builders).

mod cache_support;

use cache_support::*;
use layerlab::cache::{Builder, Status};

const ARTICLE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/seed/docker-in-production.txt"
));

/// The numbered code block after `heading`, line-number prefixes stripped.
fn code_block(heading: &str) -> Vec<String> {
    let mut lines = ARTICLE.lines().skip_while(|l| !l.contains(heading)).skip(1);
    let mut out = Vec::new();
    let mut expected = 1;
    for line in lines.by_ref() {
        let prefix = expected.to_string();
        match line.strip_prefix(&prefix) {
            Some(rest) => {
                out.push(rest.to_string());
                expected += 1;
            }
            None if out.is_empty() => continue,
            None => break,
        }
    }
    assert!(out.len() > 5, "no code block after {heading}");
    out
}

/// Split a block into its "❌ Bad" and "✅ Good" Dockerfiles.
fn bad_and_good(block: &[String]) -> (String, String) {
    let good_at = block
        .iter()
        .position(|l| l.starts_with("# ✅"))
        .expect("a good example");
    let join = |lines: &[String]| lines.iter().map(|l| format!("{l}\n")).collect::<String>();
    (join(&block[..good_at]), join(&block[good_at..]))
}

fn python_examples() -> (String, String) {
    bad_and_good(&code_block("Layer Caching for Fast Builds"))
}

fn node_examples() -> (String, String) {
    bad_and_good(&code_block("Multi-Stage Builds: Smaller, Faster Images"))
}

const PYTHON_CONTEXT: &[(&str, &str)] = &[
    ("app.py", "print('hello')\n"),
    ("requirements.txt", "flask==3.0.0\n"),
    ("templates/index.html", "<h1>hi</h1>\n"),
];

const NODE_CONTEXT: &[(&str, &str)] = &[
    (
        "package.json",
        "{\"name\":\"app\",\"dependencies\":{\"express\":\"4\"}}",
    ),
    ("package-lock.json", "{\"lockfileVersion\":3}"),
    ("src/server.ts", "console.log('v1')"),
    ("public/favicon.ico", "ICO"),
];

#[test]
fn the_bad_python_example_does_not_build_as_written() {
    // Docker has no trailing comments: `COPY . .  # This invalidates …`
    // copies sources named `#`, `This`, … into `changes`, and `#` is not in
    // the context.
    let (bad, _) = python_examples();
    assert!(bad.contains("COPY . .  # This invalidates cache"));
    let input = build(&bad, PYTHON_CONTEXT);
    let report = compare(&input, &input);
    let failure = report.summary.fails.as_ref().expect("the build fails");
    assert_eq!(failure.line, 4);
    assert!(
        failure.message.contains("`#` is not in the build context"),
        "{}",
        failure.message
    );
}

/// The bad example with its trailing comment removed (what it means).
fn bad_python() -> String {
    let (bad, _) = python_examples();
    bad.replace(
        "COPY . .  # This invalidates cache when ANY file changes",
        "COPY . .",
    )
}

#[test]
fn python_bad_order_reruns_pip_install_after_a_code_edit() {
    let before = build(&bad_python(), PYTHON_CONTEXT);
    let after = edit(&before, "app.py", "print('hello, world')\n");
    let report = compare(&before, &after);
    expect(
        &report,
        &[
            (2, "hit", "CACHED"),
            (3, "hit", "CACHED"),
            (4, "miss", "FILES"),
            (5, "miss", "INHERITED"),
            (6, "meta", "CONFIG_ONLY"),
        ],
    );
    assert_eq!(detail(&report, 4), "app.py changed; COPY . . selects it");
    assert_eq!(detail(&report, 5), "inherits the miss of line 4 (COPY . .)");
    assert_eq!(
        report.step_at(5).unwrap().instruction,
        "RUN pip install -r requirements.txt"
    );
    assert!(report.summary.fails.is_none());
    // The dependency install dominates the rebuild.
    assert!(report.summary.cost.low_seconds >= 10.0);

    let report = compare(
        &with_builder(before, Builder::Legacy),
        &with_builder(after, Builder::Legacy),
    );
    expect(
        &report,
        &[
            (2, "hit", "CACHED"),
            (3, "hit", "CACHED"),
            (4, "miss", "FILES"),
            (5, "miss", "INHERITED"),
            (6, "miss", "INHERITED"),
        ],
    );
}

#[test]
fn python_good_order_reuses_the_dependency_layers_after_a_code_edit() {
    let (_, good) = python_examples();
    let before = build(&good, PYTHON_CONTEXT);
    let after = edit(&before, "app.py", "print('hello, world')\n");
    let report = compare(&before, &after);
    // Article lines 9, 11, 14, 19, 20, 23, 25 are lines 2, 4, 7, 12, 13, 16, 18 here.
    expect(
        &report,
        &[
            (2, "hit", "CACHED"),
            (4, "hit", "CACHED"),
            (7, "hit", "CACHED"),
            (12, "hit", "CACHED"),
            (13, "hit", "CACHED"),
            (16, "miss", "FILES"),
            (18, "meta", "CONFIG_ONLY"),
        ],
    );
    assert_eq!(report.step_at(7).unwrap().end_line, 9);
    assert_eq!(
        report.step_at(7).unwrap().instruction,
        "RUN apt-get update && apt-get install -y gcc && rm -rf /var/lib/apt/lists/*"
    );
    assert_eq!(detail(&report, 16), "app.py changed; COPY . . selects it");
    assert_eq!(report.summary.rerun, 1);
    // "Rebuild after code change: 5 seconds": only a small copy re-runs.
    assert!(
        report.summary.cost.high_seconds <= 5.0,
        "{:?}",
        report.summary.cost
    );

    let report = compare(
        &with_builder(before.clone(), Builder::Legacy),
        &with_builder(after, Builder::Legacy),
    );
    expect(
        &report,
        &[
            (2, "hit", "CACHED"),
            (4, "hit", "CACHED"),
            (7, "hit", "CACHED"),
            (12, "hit", "CACHED"),
            (13, "hit", "CACHED"),
            (16, "miss", "FILES"),
            (18, "miss", "INHERITED"),
        ],
    );

    // "only cache-bust when deps change"
    let deps = edit(&before, "requirements.txt", "flask==3.1.0\n");
    let report = compare(&before, &deps);
    expect(
        &report,
        &[
            (2, "hit", "CACHED"),
            (4, "hit", "CACHED"),
            (7, "hit", "CACHED"),
            (12, "miss", "FILES"),
            (13, "miss", "INHERITED"),
            (16, "miss", "INHERITED"),
            (18, "meta", "CONFIG_ONLY"),
        ],
    );
}

#[test]
fn node_single_stage_reuses_npm_install_after_a_code_edit() {
    // The article's "bad" Node example is bad for size, not for caching: it
    // already copies package*.json before installing.
    let (bad, _) = node_examples();
    let before = build(&bad, NODE_CONTEXT);
    let after = edit(&before, "src/server.ts", "console.log('v2')");
    let report = compare(&before, &after);
    expect(
        &report,
        &[
            (2, "hit", "CACHED"),
            (3, "hit", "CACHED"),
            (4, "hit", "CACHED"),
            (5, "hit", "CACHED"),
            (6, "miss", "FILES"),
            (7, "miss", "INHERITED"),
            (8, "meta", "CONFIG_ONLY"),
        ],
    );
    assert_eq!(
        detail(&report, 6),
        "src/server.ts changed; COPY . . selects it"
    );
    let report = compare(
        &before,
        &edit(
            &before,
            "package-lock.json",
            "{\"lockfileVersion\":3,\"x\":1}",
        ),
    );
    assert_eq!(
        detail(&report, 4),
        "package-lock.json changed; COPY package*.json ./ selects it"
    );
    assert_eq!(name(report.step_at(5).unwrap().reason), "INHERITED");
}

#[test]
fn node_multi_stage_after_a_code_edit() {
    let (_, good) = node_examples();
    let before = build(&good, NODE_CONTEXT);
    let after = edit(&before, "src/server.ts", "console.log('v2')");
    let report = compare(&before, &after);
    // Article line = line here + 9.
    expect(
        &report,
        &[
            (3, "hit", "CACHED"),
            (4, "hit", "CACHED"),
            (5, "hit", "CACHED"),
            (6, "hit", "CACHED"),
            (9, "hit", "CACHED"),
            (10, "hit", "CACHED"),
            (11, "hit", "CACHED"),
            (12, "hit", "CACHED"),
            (13, "miss", "FILES"),
            (14, "miss", "INHERITED"),
            (17, "hit", "CACHED"),
            (18, "hit", "CACHED"),
            (19, "meta", "BUILD_STATE"),
            (22, "hit", "CACHED"),
            (24, "content-dependent", "UPSTREAM"),
            (25, "content-dependent", "UPSTREAM"),
            (28, "content-dependent", "INHERITED"),
            (29, "content-dependent", "INHERITED"),
            (30, "meta", "BUILD_STATE"),
            (32, "meta", "CONFIG_ONLY"),
            (33, "meta", "CONFIG_ONLY"),
        ],
    );
    assert_eq!(report.step_at(24).unwrap().cause_line, Some(14));
    assert_eq!(report.step_at(25).unwrap().cause_line, Some(14));
    assert!(detail(&report, 24).starts_with(
        "reads /app/dist from stage builder, where line 14 (RUN npm run build) re-ran"
    ));
    assert_eq!(report.summary.rerun, 2);
    assert_eq!(report.summary.content_dependent, 4);

    // If the build output is byte-identical (declared), the runner is cached.
    let report = layerlab::cache::rebuild(&layerlab::cache::RebuildInput {
        before: before.clone(),
        after: after.clone(),
        store: Default::default(),
        deterministic: vec![14],
    });
    for line in [24, 25, 28, 29] {
        assert_eq!(
            report.step_at(line).unwrap().status,
            Status::Hit,
            "line {line}"
        );
    }

    // A dependency change re-runs both installs; what the runner copies
    // from them can no longer be known.
    let deps = edit(
        &before,
        "package.json",
        "{\"name\":\"app\",\"dependencies\":{\"express\":\"5\"}}",
    );
    let report = compare(&before, &deps);
    for line in [5, 11] {
        assert_eq!(
            name(report.step_at(line).unwrap().reason),
            "FILES",
            "line {line}"
        );
    }
    // Line 11 is the same vertex as line 5 (same parent, same files).
    assert!(detail(&report, 11)
        .ends_with("identical to line 5 of this build, so BuildKit runs the two once"));
    assert!(!report.summary.rerun_lines.contains(&11));
    for line in [6, 12, 13, 14] {
        assert_eq!(
            name(report.step_at(line).unwrap().reason),
            "INHERITED",
            "line {line}"
        );
    }
    assert_eq!(report.step_at(22).unwrap().status, Status::ContentDependent);
    assert_eq!(report.step_at(22).unwrap().cause_line, Some(6));
    assert_eq!(report.step_at(24).unwrap().cause_line, Some(12));
}

#[test]
fn node_multi_stage_with_the_legacy_builder() {
    let (_, good) = node_examples();
    let before = with_builder(build(&good, NODE_CONTEXT), Builder::Legacy);
    let after = edit(&before, "src/server.ts", "console.log('v2')");
    let report = compare(&before, &after);
    // Every instruction is a step; ENV, USER, EXPOSE and CMD hit unless busted.
    let status = |line| report.step_at(line).unwrap().status;
    assert_eq!(status(6), Status::Hit);
    assert_eq!(status(12), Status::Hit);
    assert_eq!(status(13), Status::Miss);
    assert_eq!(status(19), Status::Hit);
    assert_eq!(status(22), Status::Hit);
    assert_eq!(status(24), Status::ContentDependent);
    assert_eq!(status(33), Status::ContentDependent);
}
