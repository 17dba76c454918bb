//! Base-image knowledge: what the official images people start `FROM` weigh,
//! what they contain (shell, curl, wget, package manager, libc, user) and
//! when their version line reaches end of life.
//!
//! The catalog lives in `crate/data/images.json` (every number carries a
//! source and a read date; estimates say how they were derived) and is
//! turned into statics by `crate/build.rs`. Entry points:
//!
//! - [`parse_reference`]: Docker reference grammar and normalisation, with
//!   byte ranges for every part;
//! - [`resolve`] / [`lookup`]: reference → nearest entry plus [`MatchKind`];
//! - [`end_of_life`], [`has_tool`], [`alternatives`]: queries for rules and
//!   the size estimator.

mod catalog;
mod date;
mod reference;
mod resolve;

pub use catalog::{
    entries, entry_by_id, families, family_by_name, source_by_id, sources, Family, ImageEntry,
    Libc, OsFamily, PackageManager, SizeFact, Source, ToolPresence,
};
pub use date::Date;
pub use reference::{
    parse_reference, ImageReference, ReferenceError, ReferenceErrorKind, DEFAULT_REGISTRY,
};
pub use resolve::{resolve, resolve_parsed, MatchKind, Resolution, Resolved};

use serde::Serialize;
use std::fmt;

/// Resolves a reference to its nearest catalog entry; `None` when the
/// reference is invalid or the image is not in the catalog (use [`resolve`]
/// to tell those apart).
pub fn lookup(reference: &str) -> Option<Resolved> {
    resolve(reference).known()
}

/// A tool a Dockerfile instruction may rely on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tool {
    Sh,
    Bash,
    Curl,
    Wget,
}

impl Tool {
    /// `sh`, `bash`, `curl`, `wget` (as written in a command).
    pub fn from_name(name: &str) -> Option<Tool> {
        match name {
            "sh" => Some(Tool::Sh),
            "bash" => Some(Tool::Bash),
            "curl" => Some(Tool::Curl),
            "wget" => Some(Tool::Wget),
            _ => None,
        }
    }
}

/// Whether `tool` is present in the image as shipped.
pub fn has_tool(entry: &ImageEntry, tool: Tool) -> ToolPresence {
    match tool {
        Tool::Sh => entry.shell,
        Tool::Bash => entry.bash,
        Tool::Curl => entry.curl,
        Tool::Wget => entry.wget,
    }
}

impl Resolved {
    /// Tool presence for this reference: like [`has_tool`], except that a
    /// distroless `:debug` tag adds a busybox shell (and busybox wget).
    pub fn tool(&self, tool: Tool) -> ToolPresence {
        let shipped = has_tool(self.entry, tool);
        match (self.debug_shell, tool) {
            (true, Tool::Sh | Tool::Wget) if shipped == ToolPresence::Absent => {
                ToolPresence::Busybox
            }
            _ => shipped,
        }
    }

    /// Default user for this reference (`root`, `nonroot:65532`, `app:1654`).
    pub fn user(&self) -> &'static str {
        if self.nonroot_tag {
            "nonroot:65532"
        } else {
            self.entry.user
        }
    }
}

/// End-of-life facts for the version line a reference asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EndOfLife {
    /// The version line the date applies to (`18`, `3.8`, `12`).
    pub line: String,
    /// End of standard support.
    pub date: Date,
    /// End of extended support (Debian LTS, Ubuntu ESM), when it exists.
    pub extended: Option<Date>,
    /// `date` is on or before `today`.
    pub passed: bool,
    /// Days from `today` to `date` (negative once passed).
    pub days_left: i64,
    /// Source id (see [`source_by_id`]).
    pub source: &'static str,
}

/// End of life of the version line `reference` asks for, judged at `today`.
/// `None` when the reference is invalid or unknown, or when no date is
/// known for that line (Go, Rust and nginx publish none; an undescribed old
/// line is not guessed from its neighbour).
pub fn end_of_life(reference: &str, today: Date) -> Option<EndOfLife> {
    let resolved = lookup(reference)?;
    let family = resolved.entry.family();
    let line = resolved
        .requested_line
        .clone()
        .unwrap_or_else(|| resolved.entry.line.to_owned());
    let wanted = resolve_version(&line);
    // The resolved entry first (it may be the line's only variant), then any
    // entry of the family on that line, then the family's table of old lines.
    let from_entries = std::iter::once(resolved.entry)
        .chain(catalog::family_entries(family.name))
        .filter(|e| resolve_version(e.line) == wanted && !wanted.is_empty())
        .find_map(|e| {
            e.end_of_life
                .map(|date| (date, e.extended_end_of_life, e.eol_source_id()))
        });
    let (date, extended, source) = match from_entries {
        Some(found) => found,
        None => family
            .eol_lines
            .iter()
            .find(|(l, _)| resolve_version(l) == wanted)
            .map(|(_, date)| (*date, None, family.eol_source))?,
    };
    let days_left = today.days_until(date);
    Some(EndOfLife {
        line,
        date,
        extended,
        passed: days_left <= 0,
        days_left,
        source,
    })
}

fn resolve_version(line: &str) -> Vec<u32> {
    resolve::version_components(line)
}

/// Something to weigh when switching to a smaller variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Caveat {
    /// musl instead of glibc: prebuilt native modules and wheels may not load.
    Musl,
    /// No shell at all: `RUN`, shell-form `CMD` and `docker exec sh` fail.
    NoShell,
    /// Only busybox `sh`: bash scripts need changes.
    NoBash,
    /// No package manager: extra packages must come from a build stage.
    NoPackageManager,
    /// curl, present before, is missing.
    NoCurl,
    /// wget, present before, is missing (or only busybox wget).
    NoWget,
    /// Another runtime version than the original.
    OtherRuntimeVersion,
    /// A runtime-only image: build tools must stay in an earlier stage.
    RuntimeOnly,
    /// Runs as a non-root user by default.
    NonRootUser,
    /// At least one size is an estimate.
    EstimatedSize,
    /// The alternative is deprecated upstream.
    Deprecated,
}

impl fmt::Display for Caveat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Caveat::Musl => "uses musl libc: prebuilt native binaries built for glibc may fail",
            Caveat::NoShell => "has no shell: RUN and shell-form CMD cannot be used",
            Caveat::NoBash => "has no bash, only busybox sh",
            Caveat::NoPackageManager => "has no package manager",
            Caveat::NoCurl => "has no curl",
            Caveat::NoWget => "has no GNU wget",
            Caveat::OtherRuntimeVersion => "ships another runtime version",
            Caveat::RuntimeOnly => "is a runtime-only image: compile in an earlier stage",
            Caveat::NonRootUser => "runs as a non-root user",
            Caveat::EstimatedSize => "size is an estimate",
            Caveat::Deprecated => "is deprecated upstream",
        })
    }
}

/// Another variant of the same version, with its size change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alternative {
    pub entry: &'static ImageEntry,
    /// Pull-size change in bytes (negative = smaller).
    pub compressed_delta: i64,
    /// On-disk size change in bytes (negative = smaller).
    pub uncompressed_delta: i64,
    pub caveats: Vec<Caveat>,
}

/// Where a language family's distroless runtime lives.
const DISTROLESS_FOR: &[(&str, &str)] = &[
    ("node", "nodejs"),
    ("python", "python3"),
    ("eclipse-temurin", "java"),
    ("openjdk", "java"),
    ("golang", "static"),
    ("rust", "cc"),
    ("debian", "base"),
];

/// The same version on other variants, ordered default → slim → alpine →
/// chiseled/distroless (then by size), each with size deltas and caveats.
/// The original entry is not included.
pub fn alternatives(entry: &ImageEntry) -> Vec<Alternative> {
    let same_line = catalog::family_entries(entry.family)
        .filter(|other| other.line == entry.line && other.id != entry.id);
    let distroless = DISTROLESS_FOR
        .iter()
        .find(|(family, _)| *family == entry.family)
        .and_then(|(_, kind)| distroless_counterpart(entry, kind));
    let mut found: Vec<Alternative> = same_line
        .chain(distroless)
        .map(|other| Alternative {
            entry: other,
            compressed_delta: delta(other.compressed.bytes, entry.compressed.bytes),
            uncompressed_delta: delta(other.uncompressed.bytes, entry.uncompressed.bytes),
            caveats: caveats(entry, other),
        })
        .collect();
    found.sort_by_key(|alt| (ladder_rank(alt.entry), alt.entry.compressed.bytes));
    found
}

fn distroless_counterpart(entry: &ImageEntry, kind: &str) -> Option<&'static ImageEntry> {
    let runtimes =
        || catalog::family_entries("distroless").filter(move |d| d.variant.first() == Some(&kind));
    runtimes()
        .find(|d| d.line == entry.line)
        .or_else(|| match kind {
            // One python3 image; its Python is Debian's, whatever line was asked.
            "python3" | "static" | "cc" | "base" => runtimes().next(),
            _ => None,
        })
}

fn delta(new: u64, old: u64) -> i64 {
    i64::try_from(new)
        .unwrap_or(i64::MAX)
        .saturating_sub(i64::try_from(old).unwrap_or(i64::MAX))
}

fn ladder_rank(entry: &ImageEntry) -> u8 {
    if entry.os == OsFamily::Distroless || entry.variant.contains(&"chiseled") {
        4
    } else if entry.variant.contains(&"alpine") {
        3
    } else if entry.variant.contains(&"slim") {
        2
    } else if entry.is_default_variant() {
        0
    } else {
        1
    }
}

fn caveats(from: &ImageEntry, to: &ImageEntry) -> Vec<Caveat> {
    let mut list = Vec::new();
    let lost =
        |before: ToolPresence, after: ToolPresence| before.is_available() && !after.is_available();
    if to.libc == Libc::Musl && from.libc != Libc::Musl {
        list.push(Caveat::Musl);
    }
    if lost(from.shell, to.shell) {
        list.push(Caveat::NoShell);
    } else if from.bash == ToolPresence::Present && to.bash != ToolPresence::Present {
        list.push(Caveat::NoBash);
    }
    if to.package_manager == PackageManager::None && from.package_manager != PackageManager::None {
        list.push(Caveat::NoPackageManager);
    }
    if lost(from.curl, to.curl) {
        list.push(Caveat::NoCurl);
    }
    if from.wget == ToolPresence::Present && to.wget != ToolPresence::Present {
        list.push(Caveat::NoWget);
    }
    if to.family != from.family && to.line != from.line {
        list.push(Caveat::OtherRuntimeVersion);
    }
    if to.family == "distroless" && matches!(from.family, "golang" | "rust" | "debian") {
        list.push(Caveat::RuntimeOnly);
    }
    if to.user != "root" && from.user == "root" {
        list.push(Caveat::NonRootUser);
    }
    if to.compressed.estimated || to.uncompressed.estimated {
        list.push(Caveat::EstimatedSize);
    }
    if to.deprecated.is_some() {
        list.push(Caveat::Deprecated);
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_names_round_trip() {
        assert_eq!(Tool::from_name("curl"), Some(Tool::Curl));
        assert_eq!(Tool::from_name("zsh"), None);
    }

    #[test]
    fn debug_tag_adds_busybox_shell_and_nonroot_changes_user() {
        let plain = lookup("gcr.io/distroless/static-debian12").expect("known");
        assert_eq!(plain.tool(Tool::Sh), ToolPresence::Absent);
        assert_eq!(plain.user(), "root");
        let debug = lookup("gcr.io/distroless/static-debian12:debug-nonroot").expect("known");
        assert_eq!(debug.tool(Tool::Sh), ToolPresence::Busybox);
        assert_eq!(debug.tool(Tool::Bash), ToolPresence::Absent);
        assert_eq!(debug.user(), "nonroot:65532");
    }

    #[test]
    fn delta_is_signed() {
        assert_eq!(delta(10, 25), -15);
        assert_eq!(delta(25, 10), 15);
    }
}
