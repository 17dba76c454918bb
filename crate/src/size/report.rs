//! The size report (serialised camelCase; every list in a stable order, so
//! the same input always gives the same JSON).

use super::base::BaseReport;
use super::estimate::Estimate;
use super::heuristics::{Heuristic, Rule};
use super::layer::Part;
use crate::images::Caveat;
use serde::Serialize;

/// What an instruction's layer holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum LayerKind {
    /// The base image (all its layers as one).
    Base,
    Copy,
    Add,
    CopyFrom,
    Run,
    Workdir,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LayerReport {
    /// Position in [`SizeReport::layers`].
    pub index: usize,
    pub stage: usize,
    pub stage_name: String,
    /// Index into the Dockerfile's instructions (the FROM for a base layer).
    pub instruction: usize,
    /// 1-based line of the instruction.
    pub line: u32,
    /// The instruction as written, on one line (shortened past 200 chars).
    pub text: String,
    pub kind: LayerKind,
    /// Uncompressed bytes (what `docker image ls` adds up).
    pub bytes: u64,
    pub low: u64,
    /// `null`: no upper bound is known.
    pub high: Option<u64>,
    /// Pull (compressed) size.
    pub compressed: Estimate,
    /// Where the number comes from, in words.
    pub basis: String,
    /// Not a measurement: a heuristic, a catalog estimate, or unknown.
    pub estimated: bool,
    /// Part of the size is unknown (no upper bound).
    pub unknown: bool,
    /// The user set this layer's size.
    pub overridden: bool,
    /// In the target image.
    pub ships: bool,
    /// What the layer is made of, biggest first.
    pub parts: Vec<Part>,
    pub notes: Vec<String>,
    /// Rules applied.
    pub rules: Vec<Rule>,
    /// Bytes cleaned within the same RUN (never reached the layer).
    pub saved_bytes: u64,
    /// System package managers this RUN calls (`apt`, `apk`, …).
    pub package_managers: Vec<String>,
}

impl LayerReport {
    pub fn estimate(&self) -> Estimate {
        Estimate {
            bytes: self.bytes,
            low: self.low,
            high: self.high,
        }
    }
}

/// One stage's weight.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StageSize {
    pub index: usize,
    pub name: Option<String>,
    /// `builder` or `stage 2`.
    pub label: String,
    /// The FROM as expanded.
    pub base: String,
    /// Built for the target (BuildKit builds only what the target needs).
    pub built: bool,
    /// Its layers are part of the target image.
    pub ships: bool,
    pub is_target: bool,
    /// The image this stage would be (its base and every layer up to its end).
    pub image: Estimate,
    /// What this stage's instructions add on top of its base.
    pub own: Estimate,
    /// What the target image takes from this stage through `COPY --from`.
    pub copied_to_target: Estimate,
    /// Indices into [`SizeReport::layers`] of the stage's own layers.
    pub layers: Vec<usize>,
}

/// A path counted as waste the way dive counts it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WastedPath {
    pub path: String,
    /// Layers it appears in (a whiteout counts).
    pub count: u32,
    /// Bytes over all its occurrences.
    pub total_bytes: u64,
    /// Lines of the instructions whose layers hold it.
    pub lines: Vec<u32>,
}

/// A RUN layer that would break or change on another base.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LayerConflict {
    pub layer: usize,
    pub line: u32,
    pub problem: String,
}

/// The same Dockerfile on another base of the family.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AlternativeReport {
    /// Catalog entry id.
    pub entry: String,
    /// A reference to write in FROM.
    pub reference: String,
    /// The final image with this base (only the base part is recomputed).
    pub image_bytes: u64,
    pub pull_bytes: u64,
    /// Change against the current estimate (negative = smaller).
    pub image_delta: i64,
    pub pull_delta: i64,
    pub base_uncompressed: Estimate,
    pub base_compressed: Estimate,
    pub caveats: Vec<Caveat>,
    /// The caveats in words.
    pub caveat_text: Vec<String>,
    /// RUN layers of the shipped image that cannot run as written there.
    pub conflicts: Vec<LayerConflict>,
    /// No conflict: the Dockerfile builds as written (as far as a static
    /// tool can tell).
    pub works_as_is: bool,
}

/// The answer of [`super::estimate`].
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SizeReport {
    /// Uncompressed size of the target image (`docker image ls`).
    pub image_bytes: u64,
    /// The same with its range.
    pub image: Estimate,
    /// Compressed size a `docker pull` transfers.
    pub pull_bytes: u64,
    pub pull: Estimate,
    /// Every layer of the target image has a bounded estimate.
    pub complete: bool,
    /// The image at the root of the target image (`None` for scratch-free
    /// files with no stage).
    pub base: Option<BaseReport>,
    /// Index of the target stage.
    pub target: Option<usize>,
    /// Every layer of every built stage, in Dockerfile order (base layers at
    /// each FROM of an image).
    pub layers: Vec<LayerReport>,
    pub stages: Vec<StageSize>,
    /// dive's "potential wasted space" over the target image.
    pub wasted_bytes: u64,
    /// dive's efficiency score (1.0 = nothing wasted).
    pub efficiency: f64,
    /// dive's wasted share of the user layers (all but the base).
    pub wasted_user_percent: f64,
    /// The paths counted as waste, biggest first (at most 20).
    pub waste: Vec<WastedPath>,
    pub alternatives: Vec<AlternativeReport>,
    /// What a static tool cannot know, in words.
    pub assumptions: Vec<String>,
    /// The rules used, with their sources.
    pub heuristics: Vec<Heuristic>,
}

impl SizeReport {
    /// The layer an instruction made (not the base layer of a FROM).
    pub fn layer(&self, instruction: usize) -> Option<&LayerReport> {
        self.layers
            .iter()
            .find(|l| l.instruction == instruction && l.kind != LayerKind::Base)
            .or_else(|| self.layers.iter().find(|l| l.instruction == instruction))
    }

    /// Layers of the target image, bottom first.
    pub fn shipped_layers(&self) -> impl Iterator<Item = &LayerReport> {
        self.layers.iter().filter(|l| l.ships)
    }
}
