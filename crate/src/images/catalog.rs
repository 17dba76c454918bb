//! The base-image catalog: types plus the statics that `build.rs` generates
//! from `crate/data/images.json` (see `crate/data/README.md` for the data's
//! provenance and how to refresh it).

use super::date::Date;
use serde::Serialize;

/// Distribution the image is built on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OsFamily {
    Debian,
    Ubuntu,
    Alpine,
    OracleLinux,
    Busybox,
    Distroless,
    Scratch,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PackageManager {
    Apt,
    Apk,
    Dnf,
    Microdnf,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Libc {
    Glibc,
    Musl,
    None,
}

/// Whether a tool is on the image's `PATH` as shipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ToolPresence {
    /// The real tool (GNU wget, curl, bash, a POSIX `sh`).
    Present,
    /// Provided by busybox: `sh` is ash, `wget` is busybox wget (fewer options).
    Busybox,
    Absent,
    /// Not established from the sources read.
    Unknown,
}

impl ToolPresence {
    /// True when a command using the tool can run (busybox counts).
    pub fn is_available(self) -> bool {
        matches!(self, ToolPresence::Present | ToolPresence::Busybox)
    }
}

/// One size figure with its provenance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SizeFact {
    pub bytes: u64,
    /// Id into [`sources`]: a measurement, or an estimation rule.
    pub source: &'static str,
    pub estimated: bool,
    /// How an estimate was derived (absent for measurements).
    pub basis: Option<&'static str>,
}

/// Where a figure or fact comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Source {
    pub id: &'static str,
    /// URL or `repository path @commit`.
    pub reference: &'static str,
    /// When it was read.
    pub read: Date,
    /// Build date of the image measured (empty when not applicable).
    pub built: &'static str,
}

/// A family of images: one repository (or a small set of them, for
/// distroless) with its tag conventions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Family {
    pub name: &'static str,
    /// Repository names: a bare `node` means `docker.io/library/node`; a full
    /// name like `gcr.io/distroless` also covers names below it.
    pub repos: &'static [&'static str],
    /// Version line that `latest` (or no tag) resolves to.
    pub default_line: &'static str,
    /// Moving tag words mapped to a version line (`lts` → `26`).
    pub aliases: &'static [(&'static str, &'static str)],
    /// Variant groups where an absent choice means the first one
    /// (`eclipse-temurin:21` is `21-jdk`, `php:8.5` is `8.5-cli`).
    pub implied: &'static [&'static [&'static str]],
    /// Tag words that do not change what the catalog describes.
    pub ignore: &'static [&'static str],
    /// Distro images: a codename (`bookworm`, `noble`) names the version.
    pub codename_is_version: bool,
    pub eol_source: &'static str,
    pub note: Option<&'static str>,
    /// End-of-life dates of lines that have no size entry.
    pub eol_lines: &'static [(&'static str, Date)],
}

/// One described image: a version line on one variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImageEntry {
    pub id: &'static str,
    pub family: &'static str,
    /// Version line (`24`, `3.12`, `1.26`, `12`, `24.04`); empty for scratch.
    pub line: &'static str,
    /// Variant words (`slim`, `alpine`, `jre`, `fpm`); empty for the default.
    pub variant: &'static [&'static str],
    /// Full version seen in the measured image.
    pub version: &'static str,
    pub os: OsFamily,
    /// Distro release, e.g. `12 bookworm`, `alpine 3.24.1`.
    pub release: &'static str,
    pub package_manager: PackageManager,
    pub libc: Libc,
    pub shell: ToolPresence,
    pub bash: ToolPresence,
    pub curl: ToolPresence,
    pub wget: ToolPresence,
    /// Default user: `root` or `name:uid`.
    pub user: &'static str,
    /// End of (standard) support of the version line; `None` when no date
    /// is published (see [`ImageEntry::eol_source`]).
    pub end_of_life: Option<Date>,
    /// End of extended support (Debian LTS, Ubuntu ESM) where it exists.
    pub extended_end_of_life: Option<Date>,
    /// Entry-specific end-of-life source; the family's applies otherwise.
    pub eol_source: Option<&'static str>,
    /// Pull size (sum of compressed layers) for linux/amd64.
    pub compressed: SizeFact,
    /// On-disk size (sum of uncompressed layers) for linux/amd64.
    pub uncompressed: SizeFact,
    /// Source of version, distro and tool facts.
    pub facts_source: &'static str,
    pub note: Option<&'static str>,
    /// Set when the image itself is deprecated upstream.
    pub deprecated: Option<&'static str>,
}

impl ImageEntry {
    /// The family this entry belongs to.
    pub fn family(&self) -> &'static Family {
        family_by_name(self.family).unwrap_or(&FALLBACK_FAMILY)
    }

    /// Id of the source for [`ImageEntry::end_of_life`].
    pub fn eol_source_id(&self) -> &'static str {
        self.eol_source.unwrap_or(self.family().eol_source)
    }

    /// The distro codename (`bookworm`, `noble`), when the release has one.
    pub fn codename(&self) -> Option<&'static str> {
        let last = self.release.split_whitespace().nth(1)?;
        last.bytes().all(|b| b.is_ascii_lowercase()).then_some(last)
    }

    pub fn is_default_variant(&self) -> bool {
        let family = self.family();
        self.variant.iter().all(|word| {
            family
                .implied
                .iter()
                .any(|group| group.first() == Some(word))
        })
    }
}

// Only reached if the generated data names a family that does not exist,
// which the data tests rule out; keeps `family()` total without a panic.
static FALLBACK_FAMILY: Family = Family {
    name: "",
    repos: &[],
    default_line: "",
    aliases: &[],
    implied: &[],
    ignore: &[],
    codename_is_version: false,
    eol_source: "eol-none",
    note: None,
    eol_lines: &[],
};

mod generated {
    use super::{
        Date, Family, ImageEntry, Libc, OsFamily, PackageManager, SizeFact, Source, ToolPresence,
    };
    include!(concat!(env!("OUT_DIR"), "/images_catalog.rs"));
}

/// Every described image.
pub fn entries() -> &'static [ImageEntry] {
    generated::IMAGES
}

pub fn families() -> &'static [Family] {
    generated::FAMILIES
}

pub fn sources() -> &'static [Source] {
    generated::SOURCES
}

pub fn entry_by_id(id: &str) -> Option<&'static ImageEntry> {
    entries().iter().find(|entry| entry.id == id)
}

pub fn family_by_name(name: &str) -> Option<&'static Family> {
    families().iter().find(|family| family.name == name)
}

pub fn source_by_id(id: &str) -> Option<&'static Source> {
    sources().iter().find(|source| source.id == id)
}

/// Entries of one family, in catalog order.
pub fn family_entries(name: &str) -> impl Iterator<Item = &'static ImageEntry> + '_ {
    entries().iter().filter(move |entry| entry.family == name)
}
