//! Image size estimation: what `docker image ls` would show for the target
//! image, where the bytes come from, what a pull transfers, how much is
//! wasted the way dive counts it, and what another base of the same family
//! would change. All of it without building anything.
//!
//! Entry points:
//! - [`estimate`]: Dockerfile text (+ optional build context, `.dockerignore`,
//!   manifest contents, overrides) → [`SizeReport`];
//! - [`estimate_parsed`]: the same from an existing parse and model (no
//!   re-parse);
//! - [`layer_bytes`] / [`push_bytes`]: per-layer uncompressed and
//!   compressed bytes, for the cache simulator's "bytes to push";
//! - [`render::tty`]: the text report the CLI prints.
//!
//! How each layer is sized (reference `cache-and-size.md` 5 and 8.5):
//! - base image: the catalog (`crate::images`), keyed by the expanded FROM;
//! - COPY/ADD: the selected context files after `.dockerignore`
//!   (`context::select_copy`), placed per path; without a context the size
//!   is unknown (0 B–unknown), never invented;
//! - `COPY --from=<stage>`: what that stage's layers wrote under the paths
//!   (the walk tracks writes per path through every stage);
//! - RUN: per-command rules ([`heuristics::HEURISTICS`], each with its
//!   source and authority), with cleanups in the same RUN saving bytes and
//!   cleanups in later layers saving nothing;
//! - WORKDIR and no-op RUNs: 0.
//!
//! Every figure is an [`Estimate`] with a low/high range; an unknown upper
//! bound is `None`. The user can set any layer's size ([`LayerOverride`]).

mod apt_data;
mod base;
mod copy;
pub mod estimate;
mod fs;
pub mod heuristics;
mod layer;
mod lockfile;
pub mod render;
pub mod report;
mod run;
mod walk;
mod waste;
mod whatif;

pub use base::BaseReport;
pub use estimate::Estimate;
pub use heuristics::{Authority, Heuristic, Rule, HEURISTICS};
pub use layer::Part;
pub use report::{
    AlternativeReport, LayerConflict, LayerKind, LayerReport, SizeReport, StageSize, WastedPath,
};

use crate::context::{BuildContext, ContextEntry, ContextFilter, Dockerignore};
use crate::dockerfile::model::{self, ModelOptions};
use crate::dockerfile::syntax::{self, Parse};
use heuristics::Authority as Auth;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use walk::{LayerSim, Simulation};

/// The user's size for one layer, by instruction index or by a line the
/// instruction spans (1-based). On a FROM line it sets the base image size.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LayerOverride {
    pub line: Option<u32>,
    pub instruction: Option<usize>,
    /// Uncompressed bytes.
    pub bytes: u64,
}

/// What [`estimate`] reads.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SizeInput {
    pub dockerfile: String,
    /// The `.dockerignore` that applies (BuildKit: `<Dockerfile>.dockerignore`
    /// if present, else the context root's).
    pub dockerignore: Option<String>,
    /// The build context listing (paths, sizes, hashes); `None` when unknown.
    pub context: Option<Vec<ContextEntry>>,
    /// Contents of small context files by context path
    /// (`package-lock.json`, `requirements.txt`), for finer RUN estimates.
    pub files: BTreeMap<String, String>,
    pub build_args: BTreeMap<String, String>,
    pub target: Option<String>,
    /// Target platform (default `linux/amd64`; sizes are amd64's).
    pub platform: Option<String>,
    pub overrides: Vec<LayerOverride>,
}

/// The context-dependent inputs of [`estimate_parsed`].
#[derive(Clone, Copy, Debug)]
pub struct SizeEnv<'a> {
    /// The context after `.dockerignore` (`None`: no context given).
    pub filter: Option<&'a ContextFilter>,
    pub files: &'a BTreeMap<String, String>,
    pub overrides: &'a [LayerOverride],
}

/// Estimate the image a Dockerfile builds.
pub fn estimate(input: &SizeInput) -> SizeReport {
    let parse = syntax::parse(&input.dockerfile);
    let options = ModelOptions {
        build_args: input.build_args.clone(),
        target: input.target.clone(),
        platform: input
            .platform
            .clone()
            .unwrap_or_else(|| "linux/amd64".to_string()),
        build_platform: "linux/amd64".to_string(),
    };
    let model = model::build(&parse, &options);
    let filter = input.context.as_ref().map(|entries| {
        let context = BuildContext::new(entries.iter().cloned());
        match &input.dockerignore {
            Some(text) => context.apply_dockerignore(&Dockerignore::parse(text)),
            None => context.unfiltered(),
        }
    });
    let env = SizeEnv {
        filter: filter.as_ref(),
        files: &input.files,
        overrides: &input.overrides,
    };
    estimate_parsed(&input.dockerfile, &parse, &model, &env)
}

/// Estimate from a parse and model the caller already has.
pub fn estimate_parsed(
    text: &str,
    parse: &Parse,
    model: &model::Model,
    env: &SizeEnv,
) -> SizeReport {
    let inputs = walk::Inputs {
        text,
        parse,
        model,
        filter: env.filter,
        files: env.files,
        overrides: env.overrides,
    };
    let sim = walk::simulate(&inputs);
    assemble(model, &sim)
}

/// What one layer weighs on disk and on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LayerBytes {
    /// Uncompressed: what it adds to `docker image ls`.
    pub uncompressed: Estimate,
    /// Compressed: what a push or pull of this layer transfers.
    pub compressed: Estimate,
}

/// The bytes of the layer `instruction` made (for a FROM: the base image),
/// or `None` when it makes no layer (ENV, CMD, `WORKDIR /`, …). The cache
/// simulator sums `compressed` over the layers whose key changed to get the
/// bytes a rebuild pushes (reference 8.5 "Rebuild cost").
pub fn layer_bytes(report: &SizeReport, instruction: usize) -> Option<LayerBytes> {
    report.layer(instruction).map(|layer| LayerBytes {
        uncompressed: layer.estimate(),
        compressed: layer.compressed,
    })
}

/// What pushing the target image after a rebuild transfers when the layers
/// of `changed` instructions are new: Σ of their compressed sizes (layers
/// that do not ship are not pushed). A metadata-only change pushes only a
/// config and a manifest: a few kB, counted as 0 here.
pub fn push_bytes(report: &SizeReport, changed: &[usize]) -> Estimate {
    let changed: BTreeSet<usize> = changed.iter().copied().collect();
    report
        .shipped_layers()
        .filter(|l| changed.contains(&l.instruction))
        .map(|l| l.compressed)
        .sum()
}

fn basis_of(layer: &LayerSim) -> String {
    if layer.overridden {
        return "set by the user".to_string();
    }
    if layer.parts.is_empty() {
        return match layer.kind {
            LayerKind::Workdir => "WORKDIR creates an empty directory: 0 B".to_string(),
            LayerKind::Run => "writes nothing that stays in the layer: 0 B".to_string(),
            _ => "copies nothing: 0 B".to_string(),
        };
    }
    let mut pieces: Vec<String> = layer
        .parts
        .iter()
        .take(3)
        .map(|p| format!("{} {}", p.label, estimate::human_range(&p.estimate)))
        .collect();
    if layer.parts.len() > 3 {
        pieces.push(format!("{} more", layer.parts.len() - 3));
    }
    let part_rules: BTreeSet<Rule> = layer.parts.iter().map(|p| p.rule).collect();
    let authority = if layer.estimate.is_unknown() {
        "partly unknown: override this layer for a bounded size"
    } else {
        match walk::weakest(&part_rules) {
            Some(Auth::Measured) | None => "measured",
            Some(Auth::Published) => "published figures",
            Some(Auth::Mechanism) => "derived",
            Some(Auth::RuleOfThumb) => "includes a rule of thumb",
        }
    };
    format!("{} ({authority})", pieces.join("; "))
}

fn assemble(model: &model::Model, sim: &Simulation) -> SizeReport {
    let target = model.target;
    let chain: Vec<usize> = target
        .and_then(|t| sim.stages.get(t))
        .map(|s| s.chain.clone())
        .unwrap_or_default();
    let shipped: BTreeSet<usize> = chain.iter().copied().collect();
    let built: BTreeSet<usize> = model
        .stages
        .iter()
        .filter(|s| s.needed)
        .map(|s| s.index)
        .collect();

    // Report positions of the layers of built stages (BuildKit skips the
    // others), by simulation index.
    let positions: BTreeMap<usize, usize> = sim
        .layers
        .iter()
        .enumerate()
        .filter(|(_, l)| built.contains(&l.stage))
        .enumerate()
        .map(|(position, (index, _))| (index, position))
        .collect();
    let layers: Vec<LayerReport> = sim
        .layers
        .iter()
        .enumerate()
        .filter_map(|(index, layer)| Some((*positions.get(&index)?, index, layer)))
        .map(|(position, index, layer)| {
            // How trustworthy the bytes are: the rules behind its parts
            // (a WORKDIR's 0 B is a fact, not an estimate).
            let part_rules: BTreeSet<Rule> = layer.parts.iter().map(|p| p.rule).collect();
            let authority = walk::weakest(&part_rules);
            LayerReport {
                index: position,
                stage: layer.stage,
                stage_name: model
                    .stages
                    .get(layer.stage)
                    .map_or_else(|| format!("stage {}", layer.stage), |s| s.label()),
                instruction: layer.instruction,
                line: layer.line,
                text: layer.text.clone(),
                kind: layer.kind,
                bytes: layer.estimate.bytes,
                low: layer.estimate.low,
                high: layer.estimate.high,
                compressed: layer.compressed,
                basis: basis_of(layer),
                estimated: !layer.overridden
                    && (layer.estimate.is_unknown()
                        || !layer.estimate.is_exact()
                        || matches!(authority, Some(a) if a != Auth::Measured)),
                unknown: layer.estimate.is_unknown(),
                overridden: layer.overridden,
                ships: shipped.contains(&index),
                parts: layer.parts.clone(),
                notes: layer.notes.clone(),
                rules: layer.rules.iter().copied().collect(),
                saved_bytes: layer.saved.bytes,
                package_managers: layer.managers.iter().map(|m| m.to_string()).collect(),
            }
        })
        .collect();

    let image: Estimate = chain
        .iter()
        .filter_map(|i| sim.layers.get(*i))
        .map(|l| l.estimate)
        .sum();
    let pull: Estimate = chain
        .iter()
        .filter_map(|i| sim.layers.get(*i))
        .map(|l| l.compressed)
        .sum();

    let stages: Vec<StageSize> = model
        .stages
        .iter()
        .filter_map(|stage| {
            let s = sim.stages.get(stage.index)?;
            let sum = |ids: &[usize]| -> Estimate {
                ids.iter()
                    .filter_map(|i| sim.layers.get(*i))
                    .map(|l| l.estimate)
                    .sum()
            };
            let copied: Estimate = chain
                .iter()
                .filter_map(|i| sim.layers.get(*i))
                .filter(|l| l.copy_from == Some(stage.index))
                .map(|l| l.estimate)
                .sum();
            Some(StageSize {
                index: stage.index,
                name: stage.name.clone(),
                label: stage.label(),
                base: match &stage.base {
                    model::Base::Image { reference } => reference.clone(),
                    model::Base::Stage { index } => model
                        .stages
                        .get(*index)
                        .map_or_else(|| format!("stage {index}"), |s| s.label()),
                    model::Base::Scratch => "scratch".to_string(),
                },
                built: built.contains(&stage.index),
                ships: s.own.iter().any(|l| shipped.contains(l)),
                is_target: target == Some(stage.index),
                image: sum(&s.chain),
                own: s
                    .own
                    .iter()
                    .filter_map(|i| sim.layers.get(*i))
                    .filter(|l| l.kind != LayerKind::Base)
                    .map(|l| l.estimate)
                    .sum(),
                copied_to_target: copied,
                layers: s
                    .own
                    .iter()
                    .filter_map(|i| positions.get(i).copied())
                    .collect(),
            })
        })
        .collect();

    let root = target
        .and_then(|t| sim.stages.get(t))
        .and_then(|s| s.root_base.as_ref());
    let first_layer_bytes = chain
        .first()
        .and_then(|i| sim.layers.get(*i))
        .filter(|l| l.kind == LayerKind::Base)
        .map_or(0, |l| l.estimate.bytes);
    let line_of = |layer: usize| sim.layers.get(layer).map_or(0, |l| l.line);
    let waste = waste::compute(
        &sim.occurrences,
        &chain,
        image.bytes,
        first_layer_bytes,
        &line_of,
    );

    let shipped_layers: Vec<(usize, &LayerSim)> = chain
        .iter()
        .filter_map(|i| sim.layers.get(*i).map(|l| (*i, l)))
        .collect();
    let mut alternatives = root
        .map(|r| whatif::alternatives(r, image, pull, &shipped_layers))
        .unwrap_or_default();
    for alternative in &mut alternatives {
        for conflict in &mut alternative.conflicts {
            conflict.layer = positions
                .get(&conflict.layer)
                .copied()
                .unwrap_or(conflict.layer);
        }
    }

    let mut rules: BTreeSet<Rule> = BTreeSet::new();
    for layer in &layers {
        rules.extend(layer.rules.iter().copied());
    }
    rules.insert(Rule::PullRatio);
    let heuristics = rules.iter().map(|r| *r.heuristic()).collect();

    let assumptions = assumptions(sim, &layers, &rules, image.is_unknown());
    let waste_paths: Vec<WastedPath> = waste.paths.into_iter().take(20).collect();

    SizeReport {
        image_bytes: image.bytes,
        image,
        pull_bytes: pull.bytes,
        pull,
        complete: !image.is_unknown(),
        base: root.map(|r| r.report.clone()),
        target,
        layers,
        stages,
        wasted_bytes: waste.wasted_bytes,
        efficiency: waste.efficiency,
        wasted_user_percent: waste.wasted_user_percent,
        waste: waste_paths,
        alternatives,
        assumptions,
        heuristics,
    }
}

fn assumptions(
    sim: &Simulation,
    layers: &[LayerReport],
    rules: &BTreeSet<Rule>,
    unknown: bool,
) -> Vec<String> {
    let mut out = vec![
        "Sizes are for linux/amd64; other platforms differ by a few percent.".to_string(),
        "Layer sizes are uncompressed file bytes, as `docker image ls` adds them up; pull sizes are compressed (built layers use the ×2.3–2.9 ratio of measured images).".to_string(),
        "Only the target stage's chain ships; builder stages are shown for what they weigh on the build machine.".to_string(),
    ];
    if rules.contains(&Rule::BaseImage) {
        out.push("Base image sizes are dated point-in-time values from the catalog; tags move, so the image you pull may differ.".to_string());
    }
    if !sim.had_context {
        out.push(
            "No build context was given: COPY/ADD from the context are unknown (0 B–unknown)."
                .to_string(),
        );
    } else {
        out.push(
            "The build context is the listing given, filtered by .dockerignore as BuildKit does."
                .to_string(),
        );
    }
    if layers.iter().any(|l| l.kind == LayerKind::Run) {
        out.push("RUN sizes come from the commands as written: every command is assumed to run (|| and if are not evaluated), and nothing is downloaded to measure it.".to_string());
    }
    if rules.iter().any(|r| {
        matches!(
            r,
            Rule::AptInstall | Rule::AptInstallUnknown | Rule::ApkInstall | Rule::RpmInstall
        )
    }) {
        out.push("Package sizes come from Debian bookworm amd64 metadata (apk and rpm scaled by a rule of thumb); other releases and mirrors differ.".to_string());
    }
    if rules.iter().any(|r| {
        matches!(
            r,
            Rule::NpmInstallLocal
                | Rule::NpmOmitDevLockfile
                | Rule::NpmOmitDevRatio
                | Rule::NpmInstallLockfileSize
                | Rule::NpmInstallDefault
        )
    }) {
        out.push("npm/yarn/pnpm installs are sized from the local node_modules when the context lists it (native packages differ per platform), otherwise by rules of thumb; give package-lock.json's text to separate dev dependencies.".to_string());
    }
    if rules.contains(&Rule::JsBuildOutput) {
        out.push("A JavaScript build's output is assumed to be about as big as its sources and to land in dist/ (also matched as build/, out/, .next/).".to_string());
    }
    if rules.contains(&Rule::CacheMount) {
        out.push("Writes below RUN --mount targets are not in the image.".to_string());
    }
    if unknown {
        let count = layers.iter().filter(|l| l.ships && l.unknown).count();
        out.push(format!(
            "{count} shipped layer(s) have no upper bound (downloads, unknown commands or images, missing context): set their sizes with overrides for a bounded total."
        ));
    }
    out
}

#[cfg(test)]
mod tests;
