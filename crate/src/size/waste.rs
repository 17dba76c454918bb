//! Wasted space and efficiency as dive computes them
//! (`wagoodman/dive:dive/filetree/efficiency.go`, reference 5.5), over the
//! simulated per-path occurrences of the target image's layers:
//!
//! - for each path: `cumulative` = Σ of its sizes over the layers it appears
//!   in, `min` = its smallest single occurrence (a whiteout counts as 0);
//! - efficiency = Σmin / Σcumulative (1.0 when nothing is there);
//! - wasted bytes = Σcumulative over the paths seen in ≥ 2 layers: *all*
//!   occurrences, the surviving one included (a 100 MB file rewritten once
//!   is 200 MB of waste, deleted later 100 MB);
//! - wasted user share = wasted / Σ bytes of every layer but the first.
//!
//! One deliberate difference: dive sizes a *directory* whiteout at what it
//! hides and does not list the hidden files as waste, so `rm -rf dir` (not
//! `dir/*`) in a later layer escapes its report. The bytes are dead either
//! way; here the removal of anything an earlier layer wrote counts.

use super::layer::Occurrence;
use super::report::WastedPath;
use std::collections::{BTreeMap, BTreeSet};

/// dive's numbers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Waste {
    pub wasted_bytes: u64,
    pub efficiency: f64,
    pub wasted_user_percent: f64,
    /// Paths seen in ≥ 2 layers, biggest first, then by path.
    pub paths: Vec<WastedPath>,
}

#[derive(Default)]
struct PathStats {
    cumulative: u64,
    min: Option<u64>,
    layers: BTreeSet<usize>,
    count: u32,
}

/// Compute over the occurrences of `layers` (the target image's layers,
/// bottom first); `first_layer_bytes` is the size of the bottom layer (the
/// base), which dive leaves out of the user share; `line_of` names a layer.
pub fn compute(
    occurrences: &[Occurrence],
    layers: &[usize],
    total_bytes: u64,
    first_layer_bytes: u64,
    line_of: &dyn Fn(usize) -> u32,
) -> Waste {
    let shipped: BTreeSet<usize> = layers.iter().copied().collect();
    let mut stats: BTreeMap<&str, PathStats> = BTreeMap::new();
    for occurrence in occurrences.iter().filter(|o| shipped.contains(&o.layer)) {
        let entry = stats.entry(occurrence.path.as_str()).or_default();
        entry.cumulative = entry.cumulative.saturating_add(occurrence.bytes);
        entry.min = Some(
            entry
                .min
                .map_or(occurrence.bytes, |m| m.min(occurrence.bytes)),
        );
        entry.layers.insert(occurrence.layer);
        entry.count += 1;
    }
    let (mut sum_min, mut sum_cumulative, mut wasted) = (0u64, 0u64, 0u64);
    let mut paths = Vec::new();
    for (path, s) in &stats {
        sum_min = sum_min.saturating_add(s.min.unwrap_or(0));
        sum_cumulative = sum_cumulative.saturating_add(s.cumulative);
        if s.count >= 2 {
            wasted = wasted.saturating_add(s.cumulative);
            let mut lines: Vec<u32> = s.layers.iter().map(|l| line_of(*l)).collect();
            lines.dedup();
            paths.push(WastedPath {
                path: (*path).to_string(),
                count: s.count,
                total_bytes: s.cumulative,
                lines,
            });
        }
    }
    paths.sort_by(|a, b| {
        b.total_bytes
            .cmp(&a.total_bytes)
            .then_with(|| a.path.cmp(&b.path))
    });
    let efficiency = if sum_cumulative == 0 {
        1.0
    } else {
        sum_min as f64 / sum_cumulative as f64
    };
    let user = total_bytes.saturating_sub(first_layer_bytes);
    let wasted_user_percent = if user == 0 {
        0.0
    } else {
        wasted as f64 / user as f64
    };
    Waste {
        wasted_bytes: wasted,
        efficiency,
        wasted_user_percent,
        paths,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn occ(path: &str, layer: usize, bytes: u64) -> Occurrence {
        Occurrence {
            path: path.into(),
            layer,
            bytes,
        }
    }

    #[test]
    fn dive_definitions() {
        // A 100-byte file rewritten once: 200 wasted; a 50-byte file deleted
        // later: 50 wasted; a 10-byte file once: no waste.
        let occurrences = [
            occ("/a", 0, 100),
            occ("/a", 1, 100),
            occ("/b", 0, 50),
            occ("/b", 2, 0),
            occ("/c", 1, 10),
        ];
        let waste = compute(&occurrences, &[0, 1, 2], 260, 150, &|l| l as u32 + 1);
        assert_eq!(waste.wasted_bytes, 250);
        // Σmin = 100 + 0 + 10, Σcum = 200 + 50 + 10.
        assert!((waste.efficiency - 110.0 / 260.0).abs() < 1e-9);
        assert!((waste.wasted_user_percent - 250.0 / 110.0).abs() < 1e-9);
        assert_eq!(waste.paths[0].path, "/a");
        assert_eq!(waste.paths[0].lines, [1, 2]);
    }

    #[test]
    fn layers_outside_the_image_do_not_count() {
        let occurrences = [occ("/a", 0, 100), occ("/a", 5, 100)];
        let waste = compute(&occurrences, &[0], 100, 100, &|_| 1);
        assert_eq!(waste.wasted_bytes, 0);
        assert_eq!(waste.efficiency, 1.0);
        let empty = compute(&[], &[], 0, 0, &|_| 1);
        assert_eq!(empty.efficiency, 1.0);
        assert_eq!(empty.wasted_user_percent, 0.0);
    }
}
