//! Maps an image reference to the nearest catalog entry and says how close
//! the match is.

use super::catalog::{families, family_entries, Family, ImageEntry};
use super::reference::{parse_reference, ImageReference, ReferenceError};
use serde::Serialize;

/// How a reference relates to the entry it resolved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchKind {
    /// The tag names exactly what the entry describes (`node:24-slim`,
    /// `python:3.13.14-slim`).
    Exact,
    /// Same version line and variant, another patch release or distro
    /// qualifier (`node:20.11.1-bookworm-slim` → node 20 slim).
    SameVariantOtherPatch,
    /// Same version line, but a variant the catalog does not describe
    /// (`php:8.5-zts`); the entry is the line's default variant.
    SameLineOtherVariant,
    /// A version line the catalog does not describe; the entry is the
    /// nearest line (`node:21` → node 22).
    SameImageOtherVersion,
    /// A moving tag: none, `latest`, `lts`, `stable`, a bare variant
    /// (`node:alpine`). The entry is what it pointed to when measured.
    FamilyDefault,
    /// Pinned by digest without a tag: the image is known, its version not;
    /// the entry is the family default.
    DigestOnly,
    /// The repository is not in the catalog.
    UnknownImage,
}

/// A reference resolved to a catalog entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolved {
    pub entry: &'static ImageEntry,
    pub kind: MatchKind,
    /// The version line the tag asks for (`20` for `20.11.1-slim`,
    /// `3.8` for `3.8.10`), even when the catalog does not describe it.
    pub requested_line: Option<String>,
    /// distroless `:nonroot` / `:debug-nonroot`: runs as uid 65532.
    pub nonroot_tag: bool,
    /// distroless `:debug*`: a busybox shell is present.
    pub debug_shell: bool,
    /// Human-readable remarks on the match (distro mismatch, floating tag…).
    pub notes: Vec<String>,
}

/// Outcome of [`resolve`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Resolution {
    Invalid { error: ReferenceError },
    Unknown { full_name: String },
    Known(Resolved),
}

impl Resolution {
    pub fn kind(&self) -> Option<MatchKind> {
        match self {
            Resolution::Invalid { .. } => None,
            Resolution::Unknown { .. } => Some(MatchKind::UnknownImage),
            Resolution::Known(resolved) => Some(resolved.kind),
        }
    }

    pub fn known(self) -> Option<Resolved> {
        match self {
            Resolution::Known(resolved) => Some(resolved),
            _ => None,
        }
    }
}

/// Parses and resolves a reference.
pub fn resolve(reference: &str) -> Resolution {
    match parse_reference(reference) {
        Err(error) => Resolution::Invalid { error },
        Ok(parsed) => resolve_parsed(&parsed, reference),
    }
}

/// Resolves an already parsed reference; `source` is the text it was
/// parsed from.
pub fn resolve_parsed(reference: &ImageReference, source: &str) -> Resolution {
    let full_name = reference.full_name();
    let Some(family) = family_for(&full_name) else {
        return Resolution::Unknown { full_name };
    };
    let tag = reference.tag_text(source);
    let pinned = reference.digest.is_some();
    let resolved = match family.name {
        "scratch" => resolve_scratch(),
        "distroless" => resolve_distroless(&reference.normalized_path, tag),
        _ => resolve_tagged(family, tag, pinned),
    };
    match resolved {
        Some(mut resolved) => {
            if pinned && resolved.kind != MatchKind::DigestOnly {
                resolved
                    .notes
                    .push("also pinned by digest: the digest decides what is pulled".to_owned());
            }
            Resolution::Known(resolved)
        }
        None => Resolution::Unknown { full_name },
    }
}

fn family_for(full_name: &str) -> Option<&'static Family> {
    families().iter().find(|family| {
        family.repos.iter().any(|repo| {
            let repo_full = if repo
                .split('/')
                .next()
                .is_some_and(|first| first.contains('.'))
            {
                (*repo).to_owned()
            } else {
                format!("docker.io/library/{repo}")
            };
            full_name == repo_full
                || full_name
                    .strip_prefix(repo_full.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    })
}

fn resolve_scratch() -> Option<Resolved> {
    let entry = family_entries("scratch").next()?;
    Some(resolved(entry, MatchKind::Exact, None, Vec::new()))
}

fn resolved(
    entry: &'static ImageEntry,
    kind: MatchKind,
    requested_line: Option<String>,
    notes: Vec<String>,
) -> Resolved {
    Resolved {
        entry,
        kind,
        requested_line,
        nonroot_tag: false,
        debug_shell: false,
        notes,
    }
}

/// Numeric components of a version-like word: `20.11.1` → [20, 11, 1],
/// `21.0.2_13` → [21, 0, 2], `24.04` → [24, 4]. Stops at the first
/// component without leading digits; at most four components.
pub(super) fn version_components(text: &str) -> Vec<u32> {
    let mut components = Vec::new();
    for part in text.split('.').take(4) {
        let digits: String = part
            .chars()
            .take_while(char::is_ascii_digit)
            .take(9)
            .collect();
        match digits.parse() {
            Ok(number) => components.push(number),
            Err(_) => break,
        }
        if digits.len() != part.len() {
            break;
        }
    }
    components
}

/// Distro codenames and the version each names.
const CODENAMES: &[(&str, &str, &str)] = &[
    ("buster", "debian", "10"),
    ("bullseye", "debian", "11"),
    ("bookworm", "debian", "12"),
    ("trixie", "debian", "13"),
    ("forky", "debian", "14"),
    ("bionic", "ubuntu", "18.04"),
    ("focal", "ubuntu", "20.04"),
    ("jammy", "ubuntu", "22.04"),
    ("noble", "ubuntu", "24.04"),
    ("oracular", "ubuntu", "24.10"),
    ("plucky", "ubuntu", "25.04"),
    ("questing", "ubuntu", "25.10"),
];

fn codename(word: &str) -> Option<(&'static str, &'static str)> {
    CODENAMES
        .iter()
        .find(|(name, _, _)| *name == word)
        .map(|&(_, distro, version)| (distro, version))
}

/// What a tag asks for, word by word.
#[derive(Debug, Default)]
struct TagRequest {
    /// Version components, when the tag starts with a version or (for
    /// distro images) a codename.
    version: Vec<u32>,
    /// The tag floats (`latest`, `lts`, bare `alpine`).
    moving: bool,
    /// A line named by an alias (`lts` → `26`).
    alias_line: Option<&'static str>,
    variant: Vec<String>,
    codename: Option<String>,
    notes: Vec<String>,
}

fn analyse_tag(family: &Family, tag: &str) -> TagRequest {
    let mut request = TagRequest::default();
    // Tags are at most 128 characters, so this is bounded.
    let mut words = tag.split('-').filter(|w| !w.is_empty()).peekable();
    if let Some(&first) = words.peek() {
        if first.starts_with(|c: char| c.is_ascii_digit()) {
            request.version = version_components(first);
            words.next();
        } else if first == "latest" {
            request.moving = true;
            words.next();
        } else if let Some(&(_, line)) = family.aliases.iter().find(|(word, _)| *word == first) {
            request.moving = true;
            request.alias_line = Some(line);
            words.next();
        } else if let Some((_, version)) = codename(first)
            .filter(|(distro, _)| family.codename_is_version && *distro == family.name)
        {
            request.version = version_components(version);
            request.codename = Some(first.to_owned());
            words.next();
        } else {
            // `node:alpine`, `rust:slim`: a variant of whatever is current.
            request.moving = true;
        }
    }
    for word in words {
        if codename(word).is_some() {
            request.codename = Some(word.to_owned());
        } else if let Some(release) = word.strip_prefix("alpine") {
            push_unique(&mut request.variant, "alpine");
            if !release.is_empty() {
                request.notes.push(format!("tag asks for alpine {release}"));
            }
        } else if word.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            if word.len() == 8 {
                request.notes.push(format!("date-stamped build {word}"));
            }
        } else if family.ignore.contains(&word) {
            continue;
        } else {
            push_unique(&mut request.variant, word);
        }
    }
    for group in family.implied {
        if !group
            .iter()
            .any(|word| request.variant.iter().any(|v| v == word))
        {
            if let Some(first) = group.first() {
                request.variant.push((*first).to_owned());
            }
        }
    }
    request
}

fn push_unique(words: &mut Vec<String>, word: &str) {
    if !words.iter().any(|w| w == word) {
        words.push(word.to_owned());
    }
}

fn same_variant(entry: &ImageEntry, variant: &[String]) -> bool {
    entry.variant.len() == variant.len()
        && entry.variant.iter().all(|v| variant.iter().any(|w| w == v))
}

/// Distance between two version lines, compared lexicographically.
fn line_distance(a: &[u32], b: &[u32]) -> Vec<u32> {
    (0..a.len().max(b.len()))
        .map(|i| {
            a.get(i)
                .copied()
                .unwrap_or(0)
                .abs_diff(b.get(i).copied().unwrap_or(0))
        })
        .collect()
}

/// Picks the entry whose line is nearest to `wanted`; ties go to the newer
/// line.
fn nearest<'a>(
    candidates: impl Iterator<Item = &'a ImageEntry>,
    wanted: &[u32],
) -> Option<&'a ImageEntry> {
    candidates.min_by(|a, b| {
        let (la, lb) = (version_components(a.line), version_components(b.line));
        line_distance(&la, wanted)
            .cmp(&line_distance(&lb, wanted))
            .then(lb.cmp(&la))
    })
}

/// Formats the requested version as a line shaped like the family's lines
/// (`3.8.10` → `3.8` for python, `16.20.2` → `16` for node).
fn line_shaped(version: &[u32], family: &Family) -> String {
    let width = version_components(family.default_line).len().max(1);
    let zero_padded = family
        .default_line
        .split('.')
        .nth(1)
        .is_some_and(|minor| minor.len() == 2 && minor.starts_with('0'));
    version
        .iter()
        .take(width)
        .enumerate()
        .map(|(i, n)| {
            if i == 1 && zero_padded {
                format!("{n:02}")
            } else {
                n.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn resolve_tagged(family: &'static Family, tag: Option<&str>, pinned: bool) -> Option<Resolved> {
    let request = match tag {
        Some(tag) => analyse_tag(family, tag),
        None => TagRequest {
            moving: true,
            variant: family
                .implied
                .iter()
                .filter_map(|g| g.first().map(|w| (*w).to_owned()))
                .collect(),
            ..TagRequest::default()
        },
    };
    let mut notes = request.notes;
    let lines: Vec<&'static str> = {
        let mut lines: Vec<&'static str> = family_entries(family.name).map(|e| e.line).collect();
        lines.sort_unstable();
        lines.dedup();
        lines
    };

    // Which line does the tag ask for?
    let (line, requested_line, exact_version) = if request.version.is_empty() {
        let line = request.alias_line.unwrap_or(family.default_line);
        (version_components(line), Some(line.to_owned()), false)
    } else {
        let version = &request.version;
        let within = lines
            .iter()
            .map(|l| (*l, version_components(l)))
            .filter(|(_, comps)| !comps.is_empty() && version.starts_with(comps))
            .max_by_key(|(_, comps)| comps.len());
        let floating = lines
            .iter()
            .map(|l| version_components(l))
            .filter(|comps| comps.len() > version.len() && comps.starts_with(version))
            .max_by(|a, b| {
                let default = version_components(family.default_line);
                (*a == default).cmp(&(*b == default)).then(a.cmp(b))
            });
        match (within, floating) {
            (Some((line, comps)), _) => (comps, Some(line.to_owned()), true),
            (None, Some(comps)) => {
                notes.push("tag floats over every release of this major version".to_owned());
                let shown = comps
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(".");
                (comps, Some(shown), false)
            }
            (None, None) => (version.clone(), Some(line_shaped(version, family)), false),
        }
    };

    let in_family = || family_entries(family.name);
    let line_matches = |entry: &ImageEntry| version_components(entry.line) == line;
    let moving = request.moving || (tag.is_none() && !pinned);

    let (entry, kind) = if let Some(entry) =
        in_family().find(|e| line_matches(e) && same_variant(e, &request.variant))
    {
        let codename_ok = match (&request.codename, entry.codename()) {
            (Some(wanted), Some(have)) => wanted == have,
            (Some(_), None) => false,
            (None, _) => true,
        };
        if !codename_ok {
            notes.push(format!(
                "tag asks for {}; the entry describes {}",
                request.codename.as_deref().unwrap_or(""),
                entry.release
            ));
        }
        let version_listed = request.version.is_empty()
            || version_components(entry.line) == request.version
            || version_components(entry.version).starts_with(&request.version);
        let kind = if tag.is_none() && pinned {
            MatchKind::DigestOnly
        } else if moving {
            MatchKind::FamilyDefault
        } else if exact_version && version_listed && codename_ok {
            MatchKind::Exact
        } else {
            MatchKind::SameVariantOtherPatch
        };
        (entry, kind)
    } else if let Some(entry) = nearest(
        in_family().filter(|e| same_variant(e, &request.variant)),
        &line,
    ) {
        notes.push(format!(
            "line {} is not described; nearest is {}",
            requested_line.as_deref().unwrap_or("?"),
            entry.line
        ));
        (entry, MatchKind::SameImageOtherVersion)
    } else if let Some(entry) = in_family().find(|e| line_matches(e) && e.is_default_variant()) {
        notes.push(format!(
            "variant {} is not described; using the default variant",
            request.variant.join("-")
        ));
        (entry, MatchKind::SameLineOtherVariant)
    } else {
        let entry = nearest(in_family().filter(|e| e.is_default_variant()), &line)
            .or_else(|| in_family().next())?;
        notes.push(format!(
            "neither line {} nor variant {} is described; nearest default is {}",
            requested_line.as_deref().unwrap_or("?"),
            request.variant.join("-"),
            entry.id
        ));
        (entry, MatchKind::SameImageOtherVersion)
    };
    if moving {
        if let Some(note) = family.note {
            notes.push(note.to_owned());
        }
    }
    Some(resolved(entry, kind, requested_line, notes))
}

/// `gcr.io/distroless/<kind>[N]-debianM`, e.g. `nodejs20-debian12`.
fn resolve_distroless(path: &str, tag: Option<&str>) -> Option<Resolved> {
    let name = path.strip_prefix("distroless/")?;
    let (stem, debian) = match name.rsplit_once("-debian") {
        Some((stem, number))
            if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) =>
        {
            (stem, Some(number))
        }
        _ => (name, None),
    };
    let mut notes = Vec::new();
    let (kind_word, number) = if stem == "python3" {
        ("python3", "")
    } else {
        let split = stem
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(stem.len());
        (&stem[..split], &stem[split..])
    };
    let kind_word = match kind_word {
        "base-nossl" | "java-base" => {
            notes.push(format!("{kind_word} is described by the base image"));
            "base"
        }
        other => other,
    };
    let candidates =
        || family_entries("distroless").filter(move |e| e.variant.first() == Some(&kind_word));
    let wanted = version_components(number);
    let (entry, mut kind) = match candidates().find(|e| number.is_empty() || e.line == number) {
        Some(entry) => (entry, MatchKind::Exact),
        None => {
            let entry = nearest(candidates(), &wanted)?;
            notes.push(format!(
                "{kind_word}{number} is not described; nearest is {}",
                entry.id
            ));
            (entry, MatchKind::SameImageOtherVersion)
        }
    };
    match debian {
        Some("12") => {}
        Some(other) => {
            notes.push(format!("debian{other} image; the entry describes debian12"));
            if kind == MatchKind::Exact {
                kind = MatchKind::SameVariantOtherPatch;
            }
        }
        None => {
            notes.push("unversioned distroless name; it tracks the current Debian".to_owned());
            if kind == MatchKind::Exact {
                kind = MatchKind::SameVariantOtherPatch;
            }
        }
    }
    let tag = tag.unwrap_or("latest");
    let base_tag = tag.trim_end_matches("-amd64").trim_end_matches("-arm64");
    let (nonroot_tag, debug_shell) = match base_tag {
        "latest" => (false, false),
        "nonroot" => (true, false),
        "debug" => (false, true),
        "debug-nonroot" => (true, true),
        other => {
            notes.push(format!(
                "tag {other} is not one of latest, nonroot, debug, debug-nonroot"
            ));
            (other.contains("nonroot"), other.contains("debug"))
        }
    };
    let requested_line = if number.is_empty() {
        Some(entry.line.to_owned())
    } else {
        Some(number.to_owned())
    };
    Some(Resolved {
        entry,
        kind,
        requested_line: requested_line.filter(|l| !l.is_empty()),
        nonroot_tag,
        debug_shell,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_components_handle_odd_shapes() {
        assert_eq!(version_components("20.11.1"), vec![20, 11, 1]);
        assert_eq!(version_components("21.0.2_13"), vec![21, 0, 2]);
        assert_eq!(version_components("24.04"), vec![24, 4]);
        assert_eq!(version_components("1.27rc1"), vec![1, 27]);
        assert_eq!(version_components("lts"), Vec::<u32>::new());
        assert_eq!(version_components("99999999999999"), vec![999_999_999]);
    }

    #[test]
    fn line_shaped_keeps_ubuntu_zero_padding() {
        let ubuntu = super::super::catalog::family_by_name("ubuntu").expect("ubuntu family");
        assert_eq!(line_shaped(&[18, 4], ubuntu), "18.04");
        let python = super::super::catalog::family_by_name("python").expect("python family");
        assert_eq!(line_shaped(&[3, 8, 10], python), "3.8");
    }
}
