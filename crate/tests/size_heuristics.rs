//! One test per RUN heuristic: package managers with and without their
//! cache flags and cleanups, builds, downloads, removals, rewrites.

use layerlab::context::ContextEntry;
use layerlab::size::{self, LayerOverride, LayerReport, Rule, SizeInput, SizeReport};
use std::collections::BTreeMap;

const MB: u64 = 1_000_000;
const KIB: u64 = 1_024;
/// Debian bookworm lists as measured (Rule::AptLists).
const APT_LISTS: u64 = 19_865_814;

fn run(dockerfile: &str) -> SizeReport {
    size::estimate(&SizeInput {
        dockerfile: dockerfile.to_string(),
        ..SizeInput::default()
    })
}

fn at_line(report: &SizeReport, line: u32) -> &LayerReport {
    report
        .layers
        .iter()
        .find(|l| l.line == line && l.kind != size::LayerKind::Base)
        .unwrap_or_else(|| panic!("no layer at line {line}"))
}

fn single_run(base: &str, command: &str) -> LayerReport {
    let report = run(&format!("FROM {base}\nRUN {command}\n"));
    at_line(&report, 2).clone()
}

// ---- apt -------------------------------------------------------------------

#[test]
fn apt_recommends_and_lists() {
    let base = "debian:bookworm-slim";
    let with_recommends = single_run(base, "apt-get update && apt-get install -y curl");
    let without = single_run(
        base,
        "apt-get update && apt-get install -y --no-install-recommends curl",
    );
    let cleaned = single_run(
        base,
        "apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*",
    );
    // curl's closure on a minbase Debian: 11,703 KiB without recommends,
    // 15,394 KiB with them (Debian bookworm metadata).
    assert_eq!(cleaned.bytes, 11_703 * KIB);
    assert_eq!(without.bytes - cleaned.bytes, APT_LISTS);
    assert_eq!(
        with_recommends.bytes - without.bytes,
        (15_394 - 11_703) * KIB
    );
    assert_eq!(cleaned.saved_bytes, APT_LISTS);
    assert!(with_recommends.rules.contains(&Rule::AptLists));
    assert!(cleaned.rules.contains(&Rule::RemoveSameLayer));
    assert!(with_recommends
        .notes
        .iter()
        .any(|n| n.contains("recommended")));
    assert_eq!(cleaned.package_managers, ["apt"]);
}

#[test]
fn apt_on_a_buildpack_image_adds_little_for_compilers() {
    // node:18 is built on buildpack-deps: gcc and make are already there.
    let layer = single_run(
        "node:18",
        "apt-get update && apt-get install -y --no-install-recommends gcc make && rm -rf /var/lib/apt/lists/*",
    );
    assert_eq!(layer.bytes, 0);
    let slim = single_run(
        "node:18-slim",
        "apt-get update && apt-get install -y --no-install-recommends gcc make && rm -rf /var/lib/apt/lists/*",
    );
    assert!(slim.bytes > 150 * MB, "{}", slim.bytes);
}

#[test]
fn apt_clean_and_purge_in_the_same_layer() {
    let kept = single_run(
        "debian:bookworm-slim",
        "apt-get update && apt-get install -y --no-install-recommends git curl",
    );
    let purged = single_run(
        "debian:bookworm-slim",
        "apt-get update && apt-get install -y --no-install-recommends git curl && apt-get purge -y git && rm -rf /var/lib/apt/lists/*",
    );
    assert!(purged.bytes < kept.bytes - APT_LISTS);
    assert!(purged.parts.iter().all(|p| !p.label.contains("git")));
}

#[test]
fn unknown_apt_packages_use_the_table_median_with_a_range() {
    let layer = single_run(
        "debian:bookworm-slim",
        "apt-get update && apt-get install -y --no-install-recommends some-obscure-package && rm -rf /var/lib/apt/lists/*",
    );
    assert!(layer.rules.contains(&Rule::AptInstallUnknown));
    assert!(layer.bytes > 0 && layer.low < layer.bytes);
    assert!(layer.high.is_some_and(|h| h > layer.bytes));
    assert!(layer.estimated);
}

// ---- apk -------------------------------------------------------------------

#[test]
fn apk_no_cache_versus_index_kept() {
    let base = "alpine:3.24";
    let no_cache = single_run(base, "apk add --no-cache curl");
    let update = single_run(base, "apk add --update curl");
    let separate = single_run(base, "apk update && apk add curl");
    let removed = single_run(
        base,
        "apk update && apk add curl && rm -rf /var/cache/apk/*",
    );
    assert_eq!(update.bytes - no_cache.bytes, 2_500_000);
    assert_eq!(separate.bytes, update.bytes);
    assert_eq!(removed.bytes, no_cache.bytes);
    // apk packages: the Debian closure scaled by the rule of thumb ×0.5.
    assert_eq!(no_cache.bytes, 11_703 * KIB / 2);
    assert!(no_cache.rules.contains(&Rule::ApkInstall));
    assert!(update.rules.contains(&Rule::ApkIndex));
    assert_eq!(no_cache.package_managers, ["apk"]);
}

#[test]
fn apk_virtual_build_deps_removed_in_the_same_layer() {
    let layer = single_run(
        "alpine:3.24",
        "apk add --no-cache --virtual .build-deps gcc musl-dev && echo build && apk del .build-deps",
    );
    assert_eq!(layer.bytes, 0);
    assert!(layer.saved_bytes > 50 * MB, "{}", layer.saved_bytes);
    let kept = run("FROM alpine:3.24\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev\nRUN apk del .build-deps\n");
    assert!(at_line(&kept, 2).bytes > 50 * MB);
    assert_eq!(at_line(&kept, 3).bytes, 0);
    assert!(kept.wasted_bytes >= at_line(&kept, 2).bytes);
}

// ---- dnf / yum -------------------------------------------------------------

#[test]
fn dnf_metadata_stays_without_clean_all() {
    let base = "registry.access.redhat.com/ubi9/ubi";
    let kept = single_run(base, "dnf install -y git");
    let cleaned = single_run(base, "dnf install -y git && dnf clean all");
    assert_eq!(kept.bytes - cleaned.bytes, 30 * MB);
    assert!(kept.rules.contains(&Rule::RpmMetadata));
    let nodocs = single_run(base, "dnf install -y --nodocs git && dnf clean all");
    assert!(nodocs.bytes < cleaned.bytes);
}

// ---- pip -------------------------------------------------------------------

#[test]
fn pip_cache_with_and_without_no_cache_dir() {
    let base = "python:3.12-slim";
    let cached = single_run(base, "pip install flask requests");
    let no_cache = single_run(base, "pip install --no-cache-dir flask requests");
    assert_eq!(no_cache.bytes, 16 * MB, "8 MB per named package");
    assert!(cached.bytes > no_cache.bytes);
    let cache = cached
        .parts
        .iter()
        .find(|p| p.rule == Rule::PipCache)
        .expect("cache part");
    assert!(cache
        .path
        .as_deref()
        .is_some_and(|p| p.starts_with("/root/.cache/pip/")));
    assert_eq!(cache.estimate.bytes, 6_153_846, "16 MB ÷ 2.6");
    // The environment variable works too, and so does purging in the layer.
    let env =
        run("FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask requests\n");
    assert_eq!(at_line(&env, 3).bytes, no_cache.bytes);
    let purged = single_run(base, "pip install flask requests && pip cache purge");
    assert_eq!(purged.bytes, no_cache.bytes);
}

#[test]
fn pip_requirements_are_counted_when_their_text_is_given() {
    let dockerfile = "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n";
    let mut files = BTreeMap::new();
    files.insert(
        "requirements.txt".to_string(),
        "flask==3.0\nrequests\n# comment\nnumpy\n".to_string(),
    );
    let with_text = size::estimate(&SizeInput {
        dockerfile: dockerfile.into(),
        context: Some(vec![ContextEntry::file("requirements.txt", "h", 40)]),
        files,
        ..SizeInput::default()
    });
    assert_eq!(at_line(&with_text, 4).bytes, 24 * MB);
    let without_text = size::estimate(&SizeInput {
        dockerfile: dockerfile.into(),
        context: Some(vec![ContextEntry::file("requirements.txt", "h", 40)]),
        ..SizeInput::default()
    });
    assert_eq!(at_line(&without_text, 4).bytes, 100 * MB);
}

#[test]
fn caches_of_two_layers_add_up_instead_of_counting_as_waste() {
    let report = run("FROM python:3.12-slim\nRUN pip install flask\nRUN pip install requests\n");
    assert_eq!(report.wasted_bytes, 0);
    let purge = run("FROM python:3.12-slim\nRUN pip install flask\nRUN pip install requests && rm -rf /root/.cache/pip\n");
    // Removing the cache later frees nothing and whites out the first layer's wheels.
    assert!(purge.wasted_bytes > 0);
}

#[test]
fn variables_from_env_name_paths() {
    let report = run("FROM python:3.12
ENV VIRTUAL_ENV=/opt/venv
RUN python -m venv $VIRTUAL_ENV
ENV PATH=$VIRTUAL_ENV/bin:$PATH
RUN pip install --no-cache-dir flask
FROM python:3.12-slim
COPY --from=0 /opt/venv /opt/venv
");
    assert_eq!(at_line(&report, 7).bytes, 23 * MB);
}

#[test]
fn pip_into_a_virtualenv_is_what_copy_from_finds() {
    let report = run("FROM python:3.12 AS build
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
RUN pip install --no-cache-dir flask
FROM python:3.12-slim
COPY --from=build /opt/venv /opt/venv
");
    let copy = at_line(&report, 6);
    assert_eq!(
        copy.bytes,
        15 * MB + 8 * MB,
        "the venv and the package installed into it"
    );
}

// ---- npm -------------------------------------------------------------------

fn node_context(with_modules: bool) -> Vec<ContextEntry> {
    let mut entries = vec![
        ContextEntry::file("package.json", "p", 800),
        ContextEntry::file("package-lock.json", "l", 20_000),
    ];
    if with_modules {
        entries.push(ContextEntry::file(
            "node_modules/express/index.js",
            "e",
            10 * MB,
        ));
        entries.push(ContextEntry::file(
            "node_modules/typescript/lib/tsc.js",
            "t",
            30 * MB,
        ));
    }
    entries
}

fn npm(command: &str, with_modules: bool, lockfile: bool) -> LayerReport {
    let mut files = BTreeMap::new();
    if lockfile {
        files.insert(
            "package-lock.json".to_string(),
            r#"{"lockfileVersion": 3, "packages": {"": {}, "node_modules/express": {}, "node_modules/typescript": {"dev": true}}}"#.to_string(),
        );
    }
    let report = size::estimate(&SizeInput {
        dockerfile: format!(
            "FROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN {command}\n"
        ),
        dockerignore: Some("node_modules\n".into()),
        context: Some(node_context(with_modules)),
        files,
        ..SizeInput::default()
    });
    at_line(&report, 4).clone()
}

fn modules(layer: &LayerReport) -> u64 {
    layer
        .parts
        .iter()
        .find(|p| p.path.as_deref() == Some("/app/node_modules"))
        .map_or(0, |p| p.estimate.bytes)
}

#[test]
fn npm_install_versus_omit_dev() {
    // Sized from the local node_modules (40 MB), dev split from the lockfile.
    let full = npm("npm ci", true, true);
    let prod = npm("npm ci --omit=dev", true, true);
    let only = npm("npm ci --only=production", true, true);
    assert_eq!(modules(&full), 40 * MB);
    assert_eq!(modules(&prod), 10 * MB);
    assert_eq!(modules(&only), 10 * MB);
    assert!(prod.rules.contains(&Rule::NpmOmitDevLockfile));
    // Without the lockfile's text: the rule-of-thumb production share.
    let ratio = npm("npm ci --omit=dev", true, false);
    assert_eq!(modules(&ratio), 16 * MB);
    assert!(ratio.rules.contains(&Rule::NpmOmitDevRatio));
    // Without a local node_modules: sized from the lockfile's packages.
    let listed = npm("npm ci", false, true);
    assert_eq!(modules(&listed), 2 * 300_000);
    let listed_prod = npm("npm ci --omit=dev", false, true);
    assert_eq!(modules(&listed_prod), 300_000);
    // The npm cache (~/.npm) holds the tarballs: node_modules ÷ 2.5.
    let cache = full
        .parts
        .iter()
        .find(|p| p.rule == Rule::NpmCache)
        .expect("cache");
    assert_eq!(cache.estimate.bytes, 16 * MB);
    let cleaned = npm("npm ci && npm cache clean --force", true, true);
    assert_eq!(cleaned.bytes, 40 * MB);
    let mounted = npm("--mount=type=cache,target=/root/.npm npm ci", true, true);
    assert_eq!(mounted.bytes, 40 * MB);
    assert!(mounted.rules.contains(&Rule::CacheMount));
}

#[test]
fn npm_with_nothing_known_uses_the_default_and_node_env() {
    let report = run("FROM node:20-alpine\nWORKDIR /app\nRUN npm install\n");
    let layer = at_line(&report, 3);
    assert_eq!(modules(layer), 150 * MB);
    let prod = run("FROM node:20-alpine\nENV NODE_ENV=production\nWORKDIR /app\nRUN npm install\n");
    assert_eq!(modules(at_line(&prod, 4)), 60 * MB);
    let yarn = run("FROM node:20-alpine\nWORKDIR /app\nRUN yarn install --frozen-lockfile\n");
    let yarn_layer = at_line(&yarn, 3);
    assert!(yarn_layer.parts.iter().any(|p| p.rule == Rule::YarnCache
        && p.path
            .as_deref()
            .is_some_and(|p| p.starts_with("/usr/local/share/.cache/yarn/"))));
}

// ---- removals ---------------------------------------------------------------

#[test]
fn rm_in_a_later_layer_saves_nothing_but_in_the_same_layer_does() {
    let same = run("FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
");
    let later = run("FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
RUN rm -rf /var/lib/apt/lists/*
");
    assert_eq!(later.image_bytes - same.image_bytes, APT_LISTS);
    let rm_layer = at_line(&later, 3);
    assert_eq!(rm_layer.bytes, 0);
    assert!(rm_layer.rules.contains(&Rule::RemoveLaterLayer));
    assert!(rm_layer
        .notes
        .iter()
        .any(|n| n.contains("frees nothing") && n.contains("line 2")));
    // dive: the lists appear twice (written, then whited out).
    assert_eq!(same.wasted_bytes, 0);
    assert_eq!(later.wasted_bytes, APT_LISTS);
    assert!(later.efficiency < same.efficiency);
    assert_eq!(later.waste[0].path, "/var/lib/apt/lists");
    assert_eq!(later.waste[0].lines, [2, 3]);
}

#[test]
fn recursive_chown_stores_the_tree_again() {
    let report = size::estimate(&SizeInput {
        dockerfile: "FROM node:20-slim\nCOPY . /app\nRUN chown -R node:node /app\n".into(),
        context: Some(vec![
            ContextEntry::file("a.js", "a", 3 * MB),
            ContextEntry::file("lib/b.js", "b", 2 * MB),
        ]),
        ..SizeInput::default()
    });
    let copy = at_line(&report, 2);
    let chown = at_line(&report, 3);
    assert_eq!(copy.bytes, 5 * MB);
    assert_eq!(chown.bytes, 5 * MB);
    assert!(chown.rules.contains(&Rule::RecursiveChmod));
    assert_eq!(report.wasted_bytes, 10 * MB);
    let with_flag = size::estimate(&SizeInput {
        dockerfile: "FROM node:20-slim\nCOPY --chown=node:node . /app\n".into(),
        context: Some(vec![ContextEntry::file("a.js", "a", 3 * MB)]),
        ..SizeInput::default()
    });
    assert_eq!(with_flag.wasted_bytes, 0);
}

// ---- compiled languages ------------------------------------------------------

#[test]
fn go_build_ships_only_the_binary_with_multi_stage() {
    let report = run("FROM golang:1.22 AS build
WORKDIR /src
RUN go mod download
RUN go build -o /out/app ./cmd/app
FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
");
    let build = at_line(&report, 4);
    assert!(build.rules.contains(&Rule::GoBinary) && build.rules.contains(&Rule::GoBuildCache));
    assert!(
        !build.rules.contains(&Rule::GoModCache),
        "modules came with line 3"
    );
    let copy = at_line(&report, 6);
    assert_eq!(copy.bytes, 15 * MB);
    let build_stage = &report.stages[0];
    assert!(build_stage.image.bytes > 500 * MB);
    assert!(report.image_bytes < 30 * MB);
}

#[test]
fn cargo_release_target_and_registry() {
    let layer = single_run("rust:1.80", "cargo build --release");
    let target = layer
        .parts
        .iter()
        .find(|p| p.rule == Rule::CargoTarget)
        .expect("target");
    assert_eq!(target.path.as_deref(), Some("/target"));
    assert_eq!(target.estimate.bytes, 400 * MB);
    assert!(layer
        .parts
        .iter()
        .any(|p| p.path.as_deref() == Some("/usr/local/cargo/registry")));
}

// ---- downloads, no-ops, overrides ----------------------------------------------

#[test]
fn downloads_are_unknown_until_overridden() {
    let dockerfile = "FROM debian:bookworm-slim
RUN curl -fsSL -o /tmp/tool.tgz https://example.com/tool.tgz && tar -xzf /tmp/tool.tgz -C /opt && rm /tmp/tool.tgz
";
    let report = run(dockerfile);
    let layer = at_line(&report, 2);
    assert!(layer.unknown && layer.high.is_none());
    assert!(!report.complete && report.image.high.is_none());
    assert!(layer.rules.contains(&Rule::Download) && layer.rules.contains(&Rule::Extract));
    let overridden = size::estimate(&SizeInput {
        dockerfile: dockerfile.into(),
        overrides: vec![LayerOverride {
            line: Some(2),
            instruction: None,
            bytes: 42 * MB,
        }],
        ..SizeInput::default()
    });
    let layer = at_line(&overridden, 2);
    assert_eq!(layer.bytes, 42 * MB);
    assert!(layer.overridden && !layer.estimated && !layer.unknown);
    assert!(overridden.complete);
}

#[test]
fn workdir_and_no_op_runs_are_zero() {
    let report = run("FROM alpine:3.24\nWORKDIR /app\nRUN echo hello && mkdir -p /app/data\nRUN set -eux; true\n");
    for line in 2..=4 {
        let layer = at_line(&report, line);
        assert_eq!(layer.bytes, 0, "line {line}");
        assert!(!layer.unknown, "line {line}");
    }
    assert!(!at_line(&report, 2).estimated);
    assert!(report.complete);
}

#[test]
fn unknown_commands_say_so() {
    let layer = single_run(
        "python:3.12-slim",
        "python manage.py collectstatic --noinput",
    );
    assert!(layer.unknown);
    assert!(layer.notes.iter().any(|n| n.contains("python")));
    assert!(layer.rules.contains(&Rule::UnknownCommand));
}

#[test]
fn official_images_build_deps_pattern_removes_its_packages() {
    // The python/node official images: mark everything auto, then purge.
    let layer = single_run(
        "debian:bookworm-slim",
        "savedAptMark=\"$(apt-mark showmanual)\"; apt-get update; \
         apt-get install -y --no-install-recommends gcc libssl-dev make; \
         apt-mark auto '.*' > /dev/null; apt-mark manual $savedAptMark; \
         apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \
         rm -rf /var/lib/apt/lists/*",
    );
    assert_eq!(layer.bytes, 0, "{:?}", layer.parts);
    assert!(layer.saved_bytes > 150 * MB);
    let without_mark = single_run(
        "debian:bookworm-slim",
        "apt-get update; apt-get install -y --no-install-recommends gcc; apt-get purge -y --auto-remove; rm -rf /var/lib/apt/lists/*",
    );
    assert!(without_mark.bytes > 150 * MB, "nothing was marked auto");
}
