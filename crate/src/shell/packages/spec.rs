//! Building [`PackageArg`]s: splitting names from versions and telling
//! registry names from paths, URLs and VCS references.

use super::{PackageArg, PackageSource, VersionPin};
use crate::shell::word::Word;

/// A version that does not pin anything: `latest`, `none` (go), `upgrade`,
/// `patch` (go), `*`, or empty.
pub fn floating_version(version: &str) -> bool {
    matches!(
        version.to_ascii_lowercase().as_str(),
        "latest" | "none" | "upgrade" | "patch" | "*" | ""
    )
}

pub(crate) fn is_url(text: &str) -> bool {
    text.contains("://")
}

/// `git+https://`, `hg+`, `svn+`, `bzr+`, `git://`, `git@host:`.
pub(crate) fn is_vcs_url(text: &str) -> bool {
    ["git+", "hg+", "svn+", "bzr+", "git://", "git@"]
        .iter()
        .any(|prefix| text.starts_with(prefix))
}

/// Starts like a filesystem path (`.`, `./x`, `../x`, `/x`, `~/x`, `file:`).
pub(crate) fn is_path(text: &str) -> bool {
    text.starts_with('.')
        || text.starts_with('/')
        || text.starts_with('~')
        || text.starts_with("file:")
}

pub(crate) fn has_extension(text: &str, extensions: &[&str]) -> bool {
    let lower = text.to_ascii_lowercase();
    extensions.iter().any(|ext| lower.ends_with(ext))
}

/// A package with no version.
pub(crate) fn plain(word: &Word, source: PackageSource) -> PackageArg {
    PackageArg {
        text: word.value.clone(),
        range: word.range,
        name: word.value.clone(),
        version: None,
        source,
        dynamic: word.dynamic,
    }
}

/// A registry package `value[..name_end]` with `operator` between the name
/// and the version that starts at `version_start`.
pub(crate) fn pinned(
    word: &Word,
    name_end: usize,
    operator: &str,
    version_start: usize,
) -> PackageArg {
    let value = &word.value;
    let version_start = version_start.min(value.len());
    let name_end = name_end.min(version_start);
    PackageArg {
        text: value.clone(),
        range: word.range,
        name: value[..name_end].to_owned(),
        version: Some(VersionPin {
            operator: operator.to_owned(),
            version: value[version_start..].to_owned(),
            range: word.value_range(version_start, value.len()),
        }),
        source: PackageSource::Registry,
        dynamic: word.dynamic,
    }
}

/// Like [`pinned`], with the version ending at `version_end` (before a
/// marker or a repository tag).
pub(crate) fn pinned_until(
    word: &Word,
    name_end: usize,
    operator: &str,
    version_start: usize,
    version_end: usize,
) -> PackageArg {
    let mut arg = pinned(word, name_end, operator, version_start);
    let value = &word.value;
    let version_end = version_end.clamp(version_start.min(value.len()), value.len());
    if let Some(pin) = arg.version.as_mut() {
        pin.version = value[version_start.min(version_end)..version_end].to_owned();
        pin.range = word.value_range(version_start, version_end);
    }
    arg
}

/// Find the first of `operators` in `text` (longest match at the earliest
/// position): `(name_end, operator, version_start)`.
pub(crate) fn split_operator<'o>(
    text: &str,
    operators: &[&'o str],
) -> Option<(usize, &'o str, usize)> {
    let bytes = text.as_bytes();
    for start in 0..bytes.len() {
        let best = operators
            .iter()
            .filter(|op| bytes[start..].starts_with(op.as_bytes()))
            .max_by_key(|op| op.len());
        if let Some(op) = best {
            return Some((start, op, start + op.len()));
        }
    }
    None
}

/// A registry package whose version follows one of `operators`, or a plain one.
pub(crate) fn with_operators(word: &Word, operators: &[&str]) -> PackageArg {
    match split_operator(&word.value, operators) {
        Some((name_end, operator, version_start)) if name_end > 0 => {
            pinned(word, name_end, operator, version_start)
        }
        _ => plain(word, PackageSource::Registry),
    }
}

/// The ref of a VCS URL: after the last `@` in the path (pip, go) or after
/// `#` (npm, `#egg=` fragments excluded).
pub(crate) fn vcs_reference(url: &str) -> Option<String> {
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (url, None),
    };
    if let Some(fragment) = fragment {
        let reference = fragment.strip_prefix("semver:").unwrap_or(fragment);
        if !reference.is_empty() && !reference.contains('=') {
            return Some(reference.to_owned());
        }
    }
    // `git+https://host/path@ref`: an `@` after the host part.
    let path_start = before_fragment.find("://").map_or(0, |i| i + 3);
    let path = &before_fragment[path_start..];
    let slash = path.find('/')?;
    let reference = path[slash..].rsplit_once('@')?.1;
    (!reference.is_empty()).then(|| reference.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_prefer_the_longest_match() {
        assert_eq!(
            split_operator("a>=1", &[">", ">=", "="]),
            Some((1, ">=", 3))
        );
        assert_eq!(split_operator("a==1", &["=", "=="]), Some((1, "==", 3)));
        assert_eq!(split_operator("abc", &["="]), None);
    }

    #[test]
    fn vcs_references() {
        assert_eq!(
            vcs_reference("git+https://github.com/a/b.git@v1.2#egg=b").as_deref(),
            Some("v1.2")
        );
        assert_eq!(vcs_reference("git+https://github.com/a/b.git#egg=b"), None);
        assert_eq!(vcs_reference("github:a/b#v2").as_deref(), Some("v2"));
        assert_eq!(vcs_reference("git+ssh://git@github.com/a/b.git"), None);
        assert_eq!(
            vcs_reference("git+ssh://git@github.com/a/b.git#semver:^1").as_deref(),
            Some("^1")
        );
    }

    #[test]
    fn floating() {
        assert!(floating_version("latest"));
        assert!(floating_version("NONE"));
        assert!(!floating_version("1.2"));
    }
}
