//! The article's two Node.js Dockerfiles ("800MB+ single-stage vs 150MB
//! multi-stage", `shared/seed/docker-in-production.txt`), estimated against
//! a realistic build context built here.
//!
//! Assumptions about the app (the article gives none):
//! - `package.json`, a `package-lock.json` (v3) listing 8 production and
//!   10 dev packages, `src/` (40 files, 240 kB), `public/` (30 assets,
//!   1.5 MB), `tests/`, `README.md`, a `.git/` of 12 MB;
//! - a local `node_modules/` from `npm install` on the developer's machine:
//!   55 MB of production packages and 180 MB of dev packages (TypeScript,
//!   ESLint, Jest, webpack, …), realistic for a small React/Express app;
//! - `.dockerignore` excludes `node_modules`, `.git` and `tests`, as the
//!   article's own tips recommend.

use layerlab::context::ContextEntry;
use layerlab::size::{self, LayerKind, SizeInput, SizeReport};
use std::collections::BTreeMap;

const MB: u64 = 1_000_000;

const SINGLE_STAGE: &str = "\
FROM node:18
WORKDIR /app
COPY package*.json ./
RUN npm install
COPY . .
RUN npm run build
CMD [\"node\", \"dist/server.js\"]
";

const MULTI_STAGE: &str = "\
# Stage 1: Dependencies
FROM node:18-alpine AS deps
WORKDIR /app
COPY package*.json ./
RUN npm ci --only=production

# Stage 2: Build
FROM node:18-alpine AS builder
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build

# Stage 3: Production runtime
FROM node:18-alpine AS runner
WORKDIR /app
ENV NODE_ENV=production

# Copy only production dependencies from deps stage
COPY --from=deps /app/node_modules ./node_modules
# Copy only built artifacts from builder stage
COPY --from=builder /app/dist ./dist
COPY --from=builder /app/public ./public

# Create non-root user
RUN addgroup -g 1001 -S nodejs
RUN adduser -S nextjs -u 1001
USER nextjs

EXPOSE 3000
CMD [\"node\", \"dist/server.js\"]
";

/// (name, dev, bytes) of the local node_modules.
const PACKAGES: &[(&str, bool, u64)] = &[
    ("express", false, 2 * MB),
    ("react", false, 300_000),
    ("react-dom", false, 4_500_000),
    ("pg", false, 800_000),
    ("lodash", false, 1_400_000),
    ("@prisma/client", false, 38 * MB),
    ("dotenv", false, 100_000),
    ("zod", false, 7_900_000),
    ("typescript", true, 65 * MB),
    ("eslint", true, 9 * MB),
    ("jest", true, 30 * MB),
    ("webpack", true, 15 * MB),
    ("@babel/core", true, 12 * MB),
    ("@types/node", true, 4 * MB),
    ("prettier", true, 8 * MB),
    ("ts-node", true, 2 * MB),
    ("esbuild", true, 25 * MB),
    ("@swc/core", true, 10 * MB),
];

fn lockfile() -> String {
    let mut packages = vec![r#""": {"name": "app", "version": "1.0.0"}"#.to_string()];
    for (name, dev, _) in PACKAGES {
        let dev = if *dev { r#", "dev": true"# } else { "" };
        packages.push(format!(
            r#""node_modules/{name}": {{"version": "1.0.0"{dev}}}"#
        ));
    }
    format!(
        r#"{{"name": "app", "lockfileVersion": 3, "packages": {{{}}}}}"#,
        packages.join(", ")
    )
}

fn context() -> Vec<ContextEntry> {
    let mut entries = vec![
        ContextEntry::file("Dockerfile", "h-dockerfile", 420),
        ContextEntry::file(".dockerignore", "h-ignore", 30),
        ContextEntry::file("package.json", "h-package", 1_200),
        ContextEntry::file("package-lock.json", "h-lock", lockfile().len() as u64),
        ContextEntry::file("README.md", "h-readme", 4_000),
    ];
    for i in 0..40 {
        entries.push(ContextEntry::file(
            format!("src/module{i}.ts"),
            format!("h-src{i}"),
            6_000,
        ));
    }
    for i in 0..30 {
        entries.push(ContextEntry::file(
            format!("public/asset{i}.png"),
            format!("h-pub{i}"),
            50_000,
        ));
    }
    for i in 0..10 {
        entries.push(ContextEntry::file(
            format!("tests/t{i}.test.ts"),
            format!("h-test{i}"),
            3_000,
        ));
    }
    for i in 0..12 {
        entries.push(ContextEntry::file(
            format!(".git/objects/pack/p{i}"),
            format!("h-git{i}"),
            MB,
        ));
    }
    for (name, _, bytes) in PACKAGES {
        // Four files per package sharing its size.
        for f in 0..4 {
            entries.push(ContextEntry::file(
                format!("node_modules/{name}/lib/file{f}.js"),
                format!("h-{name}-{f}"),
                bytes / 4,
            ));
        }
    }
    entries
}

fn input(dockerfile: &str) -> SizeInput {
    let mut files = BTreeMap::new();
    files.insert("package-lock.json".to_string(), lockfile());
    SizeInput {
        dockerfile: dockerfile.to_string(),
        dockerignore: Some("node_modules\n.git\ntests\n".to_string()),
        context: Some(context()),
        files,
        ..SizeInput::default()
    }
}

/// Shipped layers, biggest first.
fn biggest(report: &SizeReport) -> Vec<&layerlab::size::LayerReport> {
    let mut layers: Vec<_> = report.shipped_layers().collect();
    layers.sort_by_key(|l| std::cmp::Reverse(l.bytes));
    layers
}

#[test]
fn single_stage_node_18_is_over_800_mb() {
    let report = size::estimate(&input(SINGLE_STAGE));
    println!("{}", size::render::tty(&report, &Default::default()));
    assert!(report.image_bytes >= 800 * MB, "{}", report.image_bytes);
    assert!(report.complete);
    let top = biggest(&report);
    assert_eq!(top[0].kind, LayerKind::Base);
    assert!(top[0].text.starts_with("FROM node:18"));
    assert_eq!(top[1].text, "RUN npm install");
    // The install: the local node_modules (235 MB, dev included) plus npm's cache.
    assert!(
        top[1].bytes > 235 * MB && top[1].bytes < 400 * MB,
        "{}",
        top[1].bytes
    );
    assert!(top[1].parts.iter().any(|p| p.label.contains("npm cache")));
    let base = report.base.as_ref().expect("base");
    assert_eq!(base.entry.as_deref(), Some("node-18"));
}

#[test]
fn three_stage_alpine_build_is_between_100_and_250_mb() {
    let report = size::estimate(&input(MULTI_STAGE));
    println!("{}", size::render::tty(&report, &Default::default()));
    assert!(
        report.image_bytes >= 100 * MB && report.image_bytes <= 250 * MB,
        "{}",
        report.image_bytes
    );
    let top = biggest(&report);
    assert_eq!(top[0].kind, LayerKind::Base);
    assert!(top[0].text.starts_with("FROM node:18-alpine AS runner"));
    assert!(top[1]
        .text
        .starts_with("COPY --from=deps /app/node_modules"));
    // Production packages only: 55 MB from the lockfile's dev flags.
    assert_eq!(top[1].bytes, 55 * MB);
    // The builder stages weigh more than they give.
    let builder = report
        .stages
        .iter()
        .find(|s| s.label == "builder")
        .expect("builder");
    assert!(builder.built && !builder.ships);
    assert!(builder.image.bytes > 300 * MB, "{}", builder.image.bytes);
    assert!(builder.copied_to_target.bytes < 5 * MB);
    let deps = report
        .stages
        .iter()
        .find(|s| s.label == "deps")
        .expect("deps");
    assert_eq!(deps.copied_to_target.bytes, 55 * MB);
}

#[test]
fn without_dockerignore_the_host_node_modules_is_stored_twice() {
    let mut with_everything = input(SINGLE_STAGE);
    with_everything.dockerignore = None;
    let report = size::estimate(&with_everything);
    let ignored = size::estimate(&input(SINGLE_STAGE));
    let copy = report
        .layers
        .iter()
        .find(|l| l.text == "COPY . .")
        .expect("COPY . .");
    // node_modules (235 MB) and .git (12 MB) come along.
    assert!(copy.bytes > 245 * MB, "{}", copy.bytes);
    assert!(report.image_bytes > ignored.image_bytes + 245 * MB);
    // dive counts the installed node_modules and the copied one.
    assert!(
        report.wasted_bytes >= 2 * 235 * MB,
        "{}",
        report.wasted_bytes
    );
    assert!(report.waste.iter().any(|w| w.path == "/app/node_modules"));
    assert!(report.efficiency < ignored.efficiency);
}

#[test]
fn without_the_lockfile_text_the_production_share_is_a_rule_of_thumb() {
    let mut no_text = input(MULTI_STAGE);
    no_text.files.clear();
    let report = size::estimate(&no_text);
    let exact = size::estimate(&input(MULTI_STAGE));
    let modules = |r: &SizeReport| {
        r.shipped_layers()
            .find(|l| l.text.starts_with("COPY --from=deps"))
            .map(|l| (l.bytes, l.low, l.high))
            .expect("copy")
    };
    // 40% of the 235 MB local install, between 20% and 70% (with ±20%).
    assert_eq!(modules(&report).0, 94 * MB);
    assert!(modules(&report).1 < modules(&exact).1);
    let deps = report
        .layers
        .iter()
        .find(|l| l.text.contains("--only=production"))
        .expect("deps");
    assert!(deps.rules.contains(&layerlab::size::Rule::NpmOmitDevRatio));
}
