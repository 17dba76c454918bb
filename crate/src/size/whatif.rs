//! "What if": the same Dockerfile on the other bases of the family
//! (`node:20` → `node:20-slim` → `node:20-alpine` → distroless), from
//! `images::alternatives`. Only the base part is recomputed; RUN layers
//! whose package manager or shell would be missing are flagged, since
//! their sizes (and whether they run at all) change with the base.

use super::base::{self, BaseInfo};
use super::estimate::Estimate;
use super::report::{AlternativeReport, LayerConflict, LayerKind};
use super::walk::LayerSim;
use crate::images::{self, ImageEntry, PackageManager, ToolPresence};

fn manager_name(manager: PackageManager) -> &'static str {
    match manager {
        PackageManager::Apt => "apt",
        PackageManager::Apk => "apk",
        PackageManager::Dnf => "dnf",
        PackageManager::Microdnf => "microdnf",
        PackageManager::None => "none",
    }
}

/// Whether a RUN calling `used` works where `available` is installed.
fn compatible(used: &str, available: PackageManager) -> bool {
    match available {
        PackageManager::Apt => used == "apt",
        PackageManager::Apk => used == "apk",
        // microdnf images ship only microdnf; dnf images accept yum too.
        PackageManager::Dnf => matches!(used, "dnf" | "yum"),
        PackageManager::Microdnf => used == "microdnf",
        PackageManager::None => false,
    }
}

fn conflicts(entry: &ImageEntry, shipped: &[(usize, &LayerSim)]) -> Vec<LayerConflict> {
    let reference = base::reference_for(entry);
    let no_shell = entry.shell == ToolPresence::Absent;
    let mut found = Vec::new();
    for &(index, layer) in shipped {
        if layer.kind != LayerKind::Run {
            continue;
        }
        if no_shell {
            found.push(LayerConflict {
                layer: index,
                line: layer.line,
                problem: format!("{reference} has no shell: this RUN cannot execute"),
            });
            continue;
        }
        for used in &layer.managers {
            if !compatible(used, entry.package_manager) {
                let problem = if entry.package_manager == PackageManager::None {
                    format!("{used} cannot work: {reference} has no package manager")
                } else {
                    format!(
                        "{used} cannot work on {reference}: its package manager is {} (package names differ too)",
                        manager_name(entry.package_manager)
                    )
                };
                found.push(LayerConflict {
                    layer: index,
                    line: layer.line,
                    problem,
                });
            }
        }
    }
    found
}

/// Alternatives to `root` for an image of `image`/`pull` bytes whose
/// shipped layers are `shipped`.
pub fn alternatives(
    root: &BaseInfo,
    image: Estimate,
    pull: Estimate,
    shipped: &[(usize, &LayerSim)],
) -> Vec<AlternativeReport> {
    let Some(entry) = root.entry else {
        return Vec::new();
    };
    let old_u = root.report.uncompressed;
    let old_c = root.report.compressed;
    images::alternatives(entry)
        .into_iter()
        .map(|alt| {
            let info = base::resolve(root.report.stage, &base::reference_for(alt.entry));
            let new_u = info.report.uncompressed;
            let new_c = info.report.compressed;
            let image_bytes = image
                .bytes
                .saturating_sub(old_u.bytes)
                .saturating_add(new_u.bytes);
            let pull_bytes = pull
                .bytes
                .saturating_sub(old_c.bytes)
                .saturating_add(new_c.bytes);
            let conflicts = conflicts(alt.entry, shipped);
            AlternativeReport {
                entry: alt.entry.id.to_string(),
                reference: base::reference_for(alt.entry),
                image_bytes,
                pull_bytes,
                image_delta: signed(image_bytes) - signed(image.bytes),
                pull_delta: signed(pull_bytes) - signed(pull.bytes),
                base_uncompressed: new_u,
                base_compressed: new_c,
                caveat_text: alt
                    .caveats
                    .iter()
                    .map(|c| format!("{} {c}", base::reference_for(alt.entry)))
                    .collect(),
                caveats: alt.caveats,
                works_as_is: conflicts.is_empty(),
                conflicts,
            }
        })
        .collect()
}

fn signed(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}
