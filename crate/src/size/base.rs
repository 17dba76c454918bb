//! The base image of a stage: its sizes from the catalog, how the
//! reference matched, and what it implies for RUN heuristics (package
//! manager, libc, shell, which packages are already installed).

use super::apt_data::Baseline;
use super::estimate::Estimate;
use crate::images::{
    self, ImageEntry, Libc, MatchKind, OsFamily, PackageManager, Resolution, SizeFact,
};
use serde::Serialize;

/// Families whose default (non-slim, non-alpine) images are built `FROM
/// buildpack-deps` (their official Dockerfiles), so compilers and common
/// `-dev` libraries are already installed.
const BUILDPACK_FAMILIES: &[&str] = &["node", "python", "golang", "rust", "ruby", "buildpack-deps"];

/// What an estimated catalog figure may be off by: the compressed→
/// uncompressed ratios of reference 5.6 run from ×2.3 to ×2.9 around the
/// ×2.7 the catalog uses, i.e. −15% to +10%.
const ESTIMATED_LOW: f64 = 0.85;
const ESTIMATED_HIGH: f64 = 1.10;

/// The base image of a chain of stages.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BaseReport {
    /// The stage whose FROM names the image.
    pub stage: usize,
    /// The reference after ARG expansion (`node:18-alpine`), `scratch`.
    pub reference: String,
    /// The catalog entry it matched (`node-18-alpine`).
    pub entry: Option<String>,
    /// How it matched (`exact`, `same-variant-other-patch`, …,
    /// `unknown-image`); `None` for scratch and invalid references.
    pub match_kind: Option<MatchKind>,
    /// The same, in words.
    pub matched: String,
    /// On-disk size (what `docker image ls` counts).
    pub uncompressed: Estimate,
    /// Pull size.
    pub compressed: Estimate,
    /// At least one of the two sizes is estimated (by the catalog or here).
    pub estimated: bool,
    /// How each estimated figure was derived, and the source ids.
    pub basis: Vec<String>,
    pub notes: Vec<String>,
    pub package_manager: Option<PackageManager>,
    pub libc: Option<Libc>,
    pub os: Option<OsFamily>,
}

/// A resolved base with what the heuristics need.
#[derive(Clone, Debug)]
pub struct BaseInfo {
    pub report: BaseReport,
    pub entry: Option<&'static ImageEntry>,
    pub baseline: Baseline,
}

fn fact_estimate(fact: &SizeFact) -> Estimate {
    if fact.estimated {
        Estimate::exact(fact.bytes).scale_range(ESTIMATED_LOW, 1.0, ESTIMATED_HIGH)
    } else {
        Estimate::exact(fact.bytes)
    }
}

fn match_words(kind: MatchKind) -> &'static str {
    match kind {
        MatchKind::Exact => "exact: the tag names what the catalog describes",
        MatchKind::SameVariantOtherPatch => {
            "same version line and variant, another patch release or distro"
        }
        MatchKind::SameLineOtherVariant => {
            "same version line, a variant the catalog does not describe (sized as the line's default)"
        }
        MatchKind::SameImageOtherVersion => {
            "a version line the catalog does not describe (sized as the nearest line)"
        }
        MatchKind::FamilyDefault => "a moving tag (sized as what it pointed to when measured)",
        MatchKind::DigestOnly => "pinned by digest only (sized as the family default)",
        MatchKind::UnknownImage => "unknown image: not in the catalog",
    }
}

/// Size facts for an image reference.
pub fn resolve(stage: usize, reference: &str) -> BaseInfo {
    if reference.eq_ignore_ascii_case("scratch") {
        return BaseInfo {
            report: BaseReport {
                stage,
                reference: "scratch".to_string(),
                entry: None,
                match_kind: None,
                matched: "scratch: an empty filesystem".to_string(),
                uncompressed: Estimate::ZERO,
                compressed: Estimate::ZERO,
                estimated: false,
                basis: Vec::new(),
                notes: Vec::new(),
                package_manager: Some(PackageManager::None),
                libc: Some(Libc::None),
                os: Some(OsFamily::Scratch),
            },
            entry: None,
            baseline: Baseline::Minbase,
        };
    }
    let unknown = |matched: String, kind: Option<MatchKind>| BaseInfo {
        report: BaseReport {
            stage,
            reference: reference.to_string(),
            entry: None,
            match_kind: kind,
            matched,
            uncompressed: Estimate::UNKNOWN,
            compressed: Estimate::UNKNOWN,
            estimated: true,
            basis: vec!["unknown: override the FROM line with the image's size".to_string()],
            notes: Vec::new(),
            package_manager: None,
            libc: None,
            os: None,
        },
        entry: None,
        baseline: Baseline::Minbase,
    };
    match images::resolve(reference) {
        Resolution::Invalid { error } => unknown(
            format!("not a valid image reference ({error:?}): size unknown"),
            None,
        ),
        Resolution::Unknown { full_name } => unknown(
            format!("unknown image {full_name}: not in the catalog, size unknown"),
            Some(MatchKind::UnknownImage),
        ),
        Resolution::Known(resolved) => {
            let entry = resolved.entry;
            let mut basis = Vec::new();
            for (name, fact) in [
                ("uncompressed", &entry.uncompressed),
                ("compressed", &entry.compressed),
            ] {
                match fact.basis {
                    Some(how) => basis.push(format!(
                        "{name}: estimated ({how}; source {}), range −15%/+10%",
                        fact.source
                    )),
                    None => basis.push(format!("{name}: measured (source {})", fact.source)),
                }
            }
            let baseline = if entry.os == OsFamily::Debian
                && entry.is_default_variant()
                && BUILDPACK_FAMILIES.contains(&entry.family)
            {
                Baseline::Buildpack
            } else {
                Baseline::Minbase
            };
            BaseInfo {
                report: BaseReport {
                    stage,
                    reference: reference.to_string(),
                    entry: Some(entry.id.to_string()),
                    match_kind: Some(resolved.kind),
                    matched: match_words(resolved.kind).to_string(),
                    uncompressed: fact_estimate(&entry.uncompressed),
                    compressed: fact_estimate(&entry.compressed),
                    estimated: entry.uncompressed.estimated || entry.compressed.estimated,
                    basis,
                    notes: resolved.notes.clone(),
                    package_manager: Some(entry.package_manager),
                    libc: Some(entry.libc),
                    os: Some(entry.os),
                },
                entry: Some(entry),
                baseline,
            }
        }
    }
}

/// A reference that pulls `entry` (`node:18-slim`,
/// `gcr.io/distroless/nodejs20-debian12`).
pub fn reference_for(entry: &ImageEntry) -> String {
    if entry.family == "distroless" {
        let name = entry.id.strip_prefix("distroless-").unwrap_or(entry.id);
        return format!("gcr.io/distroless/{name}");
    }
    if entry.family == "scratch" {
        return "scratch".to_string();
    }
    let repo = entry
        .family()
        .repos
        .first()
        .copied()
        .unwrap_or(entry.family);
    let mut words: Vec<&str> = Vec::new();
    if !entry.line.is_empty() {
        words.push(entry.line);
    }
    let family = entry.family();
    for word in entry.variant {
        // Implied defaults (`jdk` for temurin, `cli` for php) are not written.
        let implied = family
            .implied
            .iter()
            .any(|group| group.first() == Some(word));
        if !implied {
            words.push(word);
        }
    }
    if words.is_empty() {
        repo.to_string()
    } else {
        format!("{repo}:{}", words.join("-"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_18_alpine_is_known_and_minbase() {
        let info = resolve(0, "node:18-alpine");
        assert_eq!(info.report.entry.as_deref(), Some("node-18-alpine"));
        assert_eq!(info.report.package_manager, Some(PackageManager::Apk));
        assert!(info.report.uncompressed.bytes > 100_000_000);
        assert_eq!(info.baseline, Baseline::Minbase);
    }

    #[test]
    fn default_node_is_buildpack() {
        let info = resolve(0, "node:18");
        assert_eq!(info.baseline, Baseline::Buildpack);
        assert_eq!(info.report.package_manager, Some(PackageManager::Apt));
    }

    #[test]
    fn unknown_and_invalid_images_have_no_size() {
        let info = resolve(0, "example.com/acme/app:1");
        assert!(info.report.uncompressed.is_unknown());
        assert_eq!(info.report.match_kind, Some(MatchKind::UnknownImage));
        let invalid = resolve(0, "UPPER CASE");
        assert!(invalid.report.uncompressed.is_unknown());
        let scratch = resolve(0, "scratch");
        assert_eq!(scratch.report.uncompressed, Estimate::ZERO);
    }

    #[test]
    fn references_round_trip_through_the_resolver() {
        for entry in images::entries() {
            let reference = reference_for(entry);
            let resolved = images::lookup(&reference)
                .unwrap_or_else(|| panic!("{reference} of {} does not resolve", entry.id));
            assert_eq!(resolved.entry.id, entry.id, "{reference}");
        }
    }
}
