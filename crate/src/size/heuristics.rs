//! Every rule the estimator applies, with what it estimates and where the
//! number comes from. Layers and parts of layers name the rule they used,
//! and the report lists the rules it applied, so each figure can be traced.
//!
//! Authority, strongest first: `measured` (a figure read from the input or
//! from published package metadata), `published` (a number someone
//! measured and published, cited), `mechanism` (follows from how layers or
//! a tool work, cited; the size itself comes from another rule), and
//! `ruleOfThumb` (no authoritative number exists: a deliberately wide range
//! that the user should override when they know better).

use serde::Serialize;

/// How much a rule's number can be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Authority {
    Measured,
    Published,
    Mechanism,
    RuleOfThumb,
}

/// The rules, by id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    BaseImage,
    BaseUnknown,
    CopyContext,
    CopyNoContext,
    CopyFromStage,
    CopyFromUnknown,
    AddRemote,
    AddArchive,
    HeredocFile,
    Workdir,
    NoOp,
    UserOverride,
    AptLists,
    AptInstall,
    AptInstallUnknown,
    AptArchives,
    ApkInstall,
    ApkIndex,
    RpmInstall,
    RpmMetadata,
    PipInstall,
    PipCache,
    PythonVenv,
    NpmInstallLocal,
    NpmOmitDevLockfile,
    NpmOmitDevRatio,
    NpmInstallLockfileSize,
    NpmInstallDefault,
    NpmCache,
    YarnCache,
    PnpmStore,
    JsBuildOutput,
    GoBinary,
    GoBuildCache,
    GoModCache,
    CargoTarget,
    CargoRegistry,
    Download,
    Extract,
    RemoveSameLayer,
    RemoveLaterLayer,
    RecursiveChmod,
    Accounts,
    CacheMount,
    UnknownCommand,
    PullRatio,
}

/// A rule as documented.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Heuristic {
    pub rule: Rule,
    /// What it applies to.
    pub pattern: &'static str,
    /// What it estimates, with the range.
    pub estimate: &'static str,
    /// Where the number or mechanism comes from.
    pub source: &'static str,
    pub authority: Authority,
}

const fn h(
    rule: Rule,
    pattern: &'static str,
    estimate: &'static str,
    source: &'static str,
    authority: Authority,
) -> Heuristic {
    Heuristic {
        rule,
        pattern,
        estimate,
        source,
        authority,
    }
}

use Authority::*;

/// The table, in the order rules are usually met.
pub const HEURISTICS: &[Heuristic] = &[
    h(Rule::BaseImage, "FROM <image> known to the catalog",
      "the catalog's uncompressed (disk) and compressed (pull) sizes for linux/amd64; estimated entries say so",
      "crate/data/images.json (docker-library/repo-info and others, each figure with its source and date)", Measured),
    h(Rule::BaseUnknown, "FROM <image> not in the catalog",
      "unknown: 0 B–unknown; override the FROM line with the image's size",
      "no data", RuleOfThumb),
    h(Rule::CopyContext, "COPY/ADD from the build context",
      "Σ size of the context files the instruction selects after .dockerignore, placed per path",
      "BuildKit copies file contents (reference 8.5); selection by context::select_copy", Measured),
    h(Rule::CopyNoContext, "COPY/ADD without a build context",
      "unknown: 0 B–unknown (no build context given)",
      "no data", RuleOfThumb),
    h(Rule::CopyFromStage, "COPY --from=<stage> <paths>",
      "Σ of what the source stage's layers wrote under those paths (tracked per path; their ranges carry over)",
      "reference 8.5 (a layer holds the files it adds); per-path tracking of this estimator", Mechanism),
    h(Rule::CopyFromUnknown, "COPY --from=<image> or a path no tracked layer wrote (it comes from a base image)",
      "unknown: 0 B–unknown",
      "no data", RuleOfThumb),
    h(Rule::AddRemote, "ADD <url> / ADD <git>",
      "unknown: 0 B–unknown (a static tool does not fetch it)",
      "no data", RuleOfThumb),
    h(Rule::AddArchive, "ADD of a local .tar/.tar.gz/.tgz/.tar.xz/.tar.bz2 (auto-extracted)",
      "archive bytes × 2.6 (×1.5–×4) for compressed archives, × 1 for plain .tar",
      "extraction is documented ADD behaviour; the ratio is the image compression ratio of reference 5.6 (×2.3–×2.9), widened: a rule of thumb", RuleOfThumb),
    h(Rule::HeredocFile, "COPY/ADD <<EOF inline file",
      "the heredoc body's bytes",
      "the Dockerfile text itself", Measured),
    h(Rule::Workdir, "WORKDIR",
      "0 B (BuildKit makes an empty layer unless the path is /)",
      "reference 5.3 and 8.5", Published),
    h(Rule::NoOp, "RUN commands that write nothing or a few bytes (echo, mkdir, ln, true, test, sed -i on small files…)",
      "0 B–4 kB",
      "reference 8.5 (a no-op RUN adds 0 bytes); small files rounded up: a rule of thumb", RuleOfThumb),
    h(Rule::UserOverride, "a layer the user sized", "the given bytes", "user input", Measured),
    h(Rule::AptLists, "apt-get/apt update (package lists left in /var/lib/apt/lists)",
      "19.9 MB (16–21 MB)",
      "measured: Debian bookworm amd64 lists with Docker's gzip/lz4 index setting = 19,865,814 B (this project's build host, 2026-11-28); published: \"21M … from the ubuntu image\" (gitlab-runner#974), \"16MB\" (newrelic/docs-website 0362301b)", Published),
    h(Rule::AptInstall, "apt-get/apt install <known packages>",
      "Debian Installed-Size of the package and every dependency not already in the base (with or without Recommends); several packages: low = largest closure + own sizes of the rest, high = Σ closures",
      "Debian bookworm amd64 Packages metadata, apt-get -s dependency simulation on a minbase status (required + apt) and on a buildpack-deps status (see size/apt_data.rs)", Measured),
    h(Rule::AptInstallUnknown, "apt-get install <package not in the table>",
      "the table's median closure per package (with or without Recommends), range min–max of the table",
      "derived from the Debian table above: a rule of thumb for unknown packages", RuleOfThumb),
    h(Rule::AptArchives, "downloaded .deb files in /var/cache/apt/archives",
      "0 B on Debian/Ubuntu images: the docker-clean hook deletes them after each install",
      "https://docs.docker.com/build/building/best-practices/#apt-get (\"Official Debian and Ubuntu images automatically run apt-get clean\")", Published),
    h(Rule::ApkInstall, "apk add <packages>",
      "the Debian estimate of the equivalent packages × 0.5 (×0.3–×0.8)",
      "no per-package Alpine data in Layerlab; musl/busybox packages are smaller than Debian's: a rule of thumb", RuleOfThumb),
    h(Rule::ApkIndex, "apk update / apk add -U without --no-cache (APKINDEX kept in /var/cache/apk)",
      "2.5 MB (1.5–4 MB)",
      "the index of the main and community repositories; no published figure: a rule of thumb (reference 5.7: --no-cache saves the index cache)", RuleOfThumb),
    h(Rule::RpmInstall, "dnf/yum/microdnf install <packages>",
      "the Debian estimate of the same names × 1 (×0.7–×1.5); --nodocs × 0.85",
      "no RPM data in Layerlab: a rule of thumb", RuleOfThumb),
    h(Rule::RpmMetadata, "dnf/yum/microdnf install without `clean all` in the same RUN (repository metadata in /var/cache/dnf or /var/cache/yum)",
      "30 MB (10–80 MB)",
      "no published figure: a rule of thumb (hadolint DL3038/DL3040 mechanism)", RuleOfThumb),
    h(Rule::PipInstall, "pip install <packages> / -r requirements.txt",
      "8 MB (1–40 MB) per requirement line or named package, dependencies included; -r without the file's content: 100 MB (20–500 MB)",
      "no authoritative number exists (reference 5.7): a rule of thumb; pass requirements.txt in `files` to count its lines", RuleOfThumb),
    h(Rule::PipCache, "pip install without --no-cache-dir / PIP_NO_CACHE_DIR (wheels kept in ~/.cache/pip)",
      "installed size ÷ 2.6 (÷3–÷2): the downloaded wheels",
      "reference 5.7 (the cache keeps downloaded wheels, ≈ the compressed download); wheel compression ratio: a rule of thumb", Mechanism),
    h(Rule::PythonVenv, "python -m venv DIR / virtualenv DIR",
      "15 MB (5–30 MB): the interpreter links plus pip and setuptools",
      "a rule of thumb", RuleOfThumb),
    h(Rule::NpmInstallLocal, "npm/yarn/pnpm install with the project's node_modules in the context listing (sent or ignored)",
      "the local node_modules' bytes (±20% for platform-specific packages)",
      "measured from the context listing", Measured),
    h(Rule::NpmOmitDevLockfile, "npm ci --omit=dev / --only=production / --production / NODE_ENV=production, with package-lock.json text and a local node_modules",
      "the local node_modules minus the packages the lockfile marks \"dev\": true",
      "measured: lockfile flags × local sizes", Measured),
    h(Rule::NpmOmitDevRatio, "the same without lockfile text",
      "the full install × 0.4 (×0.2–×0.7)",
      "no authoritative number (reference 5.7: it depends on the lockfile): a rule of thumb", RuleOfThumb),
    h(Rule::NpmInstallLockfileSize, "npm/yarn/pnpm install, lockfile copied but no local node_modules",
      "lockfile text given: 300 kB (100 kB–1 MB) per package it lists; otherwise lockfile bytes × 500 (×200–×1500)",
      "a rule of thumb", RuleOfThumb),
    h(Rule::NpmInstallDefault, "npm/yarn/pnpm install with nothing known about the dependencies",
      "150 MB (30–600 MB)",
      "a rule of thumb", RuleOfThumb),
    h(Rule::NpmCache, "npm install/ci without `npm cache clean --force` or a cache mount (tarballs kept in ~/.npm/_cacache)",
      "node_modules ÷ 2.5 (÷3–÷2)",
      "reference 5.7 (tarballs unpack ×2–3); npm keeps every fetched tarball in its cache", Mechanism),
    h(Rule::YarnCache, "yarn install (v1) without `yarn cache clean` or a cache mount",
      "node_modules × 1 (×0.5–×1.2): yarn v1 caches unpacked packages",
      "yarn classic's cache layout (unpacked package folders): a rule of thumb for the ratio", RuleOfThumb),
    h(Rule::PnpmStore, "pnpm install (store in ~/.local/share/pnpm/store)",
      "node_modules ÷ 10 (0–÷3): files are hard links into the store, stored once in a layer",
      "pnpm's content-addressable store with hard links; layer tars store a hard link once: a rule of thumb", RuleOfThumb),
    h(Rule::JsBuildOutput, "npm/yarn/pnpm run build (output assumed in <workdir>/dist; also matched as build/, out/, .next/)",
      "the source bytes copied into the stage outside node_modules × 1 (×0.2–×2)",
      "a rule of thumb: bundles are roughly the size of their sources", RuleOfThumb),
    h(Rule::GoBinary, "go build / go install (the binary)",
      "15 MB (5–50 MB)",
      "a rule of thumb for statically linked Go services", RuleOfThumb),
    h(Rule::GoBuildCache, "go build without a cache mount (~/.cache/go-build)",
      "150 MB (30–800 MB)",
      "a rule of thumb", RuleOfThumb),
    h(Rule::GoModCache, "go mod download / go build fetching modules (/go/pkg/mod)",
      "100 MB (10–600 MB)",
      "a rule of thumb", RuleOfThumb),
    h(Rule::CargoTarget, "cargo build (target/ directory)",
      "--release: 400 MB (100 MB–2 GB); debug: 1 GB (200 MB–4 GB); cargo install keeps only the binary, 10 MB (2–50 MB)",
      "a rule of thumb", RuleOfThumb),
    h(Rule::CargoRegistry, "cargo build/fetch/install without a cache mount ($CARGO_HOME/registry)",
      "100 MB (20–500 MB)",
      "a rule of thumb", RuleOfThumb),
    h(Rule::Download, "curl/wget to a file",
      "unknown: 0 B–unknown (a static tool does not fetch it); 0 when removed in the same RUN",
      "no data", RuleOfThumb),
    h(Rule::Extract, "tar x / unzip of a download",
      "unknown; of an archive with known bytes: × 2.6 (×1.5–×4)",
      "reference 5.6 compression ratio, widened: a rule of thumb", RuleOfThumb),
    h(Rule::RemoveSameLayer, "rm/clean of files written earlier in the same RUN",
      "those files never reach the layer: their bytes are saved",
      "opencontainers/image-spec layer.md; hadolint DL3009 wiki (\"Clean up must be performed in the same RUN step\")", Mechanism),
    h(Rule::RemoveLaterLayer, "rm of files an earlier layer wrote",
      "0 B added, nothing freed: a whiteout hides them, the earlier layer still ships them",
      "opencontainers/image-spec layer.md (whiteouts); reference 5.4", Mechanism),
    h(Rule::RecursiveChmod, "chmod -R / chown -R / chgrp -R over files earlier layers wrote",
      "the whole tree again: a modified file is stored in full in the new layer",
      "opencontainers/image-spec layer.md; reference 5.4", Mechanism),
    h(Rule::Accounts, "addgroup/adduser/groupadd/useradd",
      "2 kB (1–10 kB): /etc/passwd, /etc/group, /etc/shadow rewritten",
      "a rule of thumb (these files are a few kB)", RuleOfThumb),
    h(Rule::CacheMount, "RUN --mount=type=cache|tmpfs,target=<dir>",
      "what the command writes below <dir> stays out of the layer",
      "Dockerfile reference (RUN --mount); reference 5.7", Mechanism),
    h(Rule::UnknownCommand, "any other RUN command",
      "unknown: 0 B–unknown; override the layer",
      "no data", RuleOfThumb),
    h(Rule::PullRatio, "pull size of a layer or image known only uncompressed (or the reverse)",
      "uncompressed ÷ 2.6 (÷2.9–÷2.3)",
      "reference 5.6: measured ratios ×2.3 (alpine) to ×2.85 (node:22-slim); *inference* that this holds for other layers", Published),
];

impl Rule {
    /// The documentation of this rule.
    pub fn heuristic(self) -> &'static Heuristic {
        HEURISTICS
            .iter()
            .find(|h| h.rule == self)
            .unwrap_or(&HEURISTICS[0])
    }

    pub fn authority(self) -> Authority {
        self.heuristic().authority
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_documented_once() {
        let mut seen = std::collections::BTreeSet::new();
        for h in HEURISTICS {
            assert!(seen.insert(h.rule), "{:?} documented twice", h.rule);
            assert!(!h.pattern.is_empty() && !h.estimate.is_empty() && !h.source.is_empty());
        }
        // Spot-check that lookups find their own entry, not the fallback.
        assert_eq!(Rule::PullRatio.heuristic().rule, Rule::PullRatio);
        assert_eq!(Rule::NpmCache.heuristic().rule, Rule::NpmCache);
        assert_eq!(seen.len(), HEURISTICS.len());
    }

    #[test]
    fn rules_of_thumb_say_so() {
        for h in HEURISTICS {
            if h.authority == Authority::RuleOfThumb && h.source != "no data" {
                assert!(
                    h.source.contains("rule of thumb"),
                    "{:?}: a rule of thumb must say it is one",
                    h.rule
                );
            }
        }
    }
}
