//! Image references: `[registry/][namespace/]name[:tag][@algorithm:digest]`,
//! parsed and normalised the way Docker does (`distribution/reference`):
//! a first component with a `.` or `:`, or `localhost`, is a registry;
//! otherwise the registry is `docker.io` and single-component names live in
//! `library/`. `index.docker.io` is the same registry as `docker.io`.

use crate::text::TextRange;
use serde::Serialize;
use std::fmt;

pub const DEFAULT_REGISTRY: &str = "docker.io";
const NAME_MAX: usize = 255;
const TAG_MAX: usize = 128;

/// A parsed reference. Ranges are byte offsets into the parsed string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageReference {
    /// Registry host (and port) as written, if any.
    pub registry: Option<TextRange>,
    /// Path as written: everything between the registry and the tag/digest.
    pub path: TextRange,
    /// Path components before the last one, as written (`bitnami` in
    /// `bitnami/redis`); absent for a single-component path.
    pub namespace: Option<TextRange>,
    /// Last path component (`node`, `aspnet`, `nodejs20-debian12`).
    pub name: TextRange,
    pub tag: Option<TextRange>,
    /// The whole `sha256:…` digest.
    pub digest: Option<TextRange>,
    /// Normalised registry: `docker.io` when none is written.
    pub normalized_registry: String,
    /// Normalised repository path: `library/node` for `node`.
    pub normalized_path: String,
}

impl ImageReference {
    /// `registry/path`, e.g. `docker.io/library/node`.
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.normalized_registry, self.normalized_path)
    }

    /// The short form Docker prints (`node`, `bitnami/redis`,
    /// `gcr.io/distroless/static`).
    pub fn familiar_name(&self) -> String {
        if self.normalized_registry == DEFAULT_REGISTRY {
            self.normalized_path
                .strip_prefix("library/")
                .unwrap_or(&self.normalized_path)
                .to_owned()
        } else {
            self.full_name()
        }
    }

    pub fn tag_text<'a>(&self, source: &'a str) -> Option<&'a str> {
        self.tag
            .and_then(|range| source.get(range.start()..range.end()))
    }

    pub fn digest_text<'a>(&self, source: &'a str) -> Option<&'a str> {
        self.digest
            .and_then(|range| source.get(range.start()..range.end()))
    }

    pub fn name_text<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.name.start()..self.name.end()).unwrap_or("")
    }
}

/// Why a reference is not valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReferenceErrorKind {
    Empty,
    /// `${VAR}` or `$VAR` left in the reference; expand build args first.
    UnexpandedVariable,
    /// Repository names must be lowercase.
    UppercaseRepository,
    InvalidRepository,
    InvalidRegistry,
    InvalidTag,
    InvalidDigest,
    NameTooLong,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferenceError {
    pub kind: ReferenceErrorKind,
    /// The offending part of the reference.
    pub range: TextRange,
    pub message: String,
}

impl fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ReferenceError {}

fn error(
    kind: ReferenceErrorKind,
    start: usize,
    end: usize,
    message: impl Into<String>,
) -> ReferenceError {
    ReferenceError {
        kind,
        range: TextRange::new(start, end),
        message: message.into(),
    }
}

/// Parses an image reference as written after `FROM` (or in a Compose
/// `image:`). The whole string must be the reference: no spaces, no flags.
pub fn parse_reference(text: &str) -> Result<ImageReference, ReferenceError> {
    if text.is_empty() {
        return Err(error(
            ReferenceErrorKind::Empty,
            0,
            0,
            "empty image reference",
        ));
    }
    if let Some(at) = text.find('$') {
        return Err(error(
            ReferenceErrorKind::UnexpandedVariable,
            at,
            text.len(),
            "image reference contains an unexpanded variable",
        ));
    }

    // Digest: everything after the first '@'.
    let (name_and_tag_end, digest) = match text.find('@') {
        Some(at) => {
            let digest_start = at + 1;
            validate_digest(text, digest_start)?;
            (at, Some(TextRange::new(digest_start, text.len())))
        }
        None => (text.len(), None),
    };
    let name_and_tag = &text[..name_and_tag_end];

    // Tag: after the last ':' that follows the last '/' (a ':' before a '/'
    // is a registry port).
    let last_slash = name_and_tag.rfind('/');
    let tag_colon = name_and_tag
        .rfind(':')
        .filter(|&colon| last_slash.is_none_or(|slash| colon > slash));
    let (name_end, tag) = match tag_colon {
        Some(colon) => {
            validate_tag(text, colon + 1, name_and_tag_end)?;
            (colon, Some(TextRange::new(colon + 1, name_and_tag_end)))
        }
        None => (name_and_tag_end, None),
    };
    let name = &text[..name_end];
    if name.is_empty() {
        return Err(error(
            ReferenceErrorKind::InvalidRepository,
            0,
            name_end,
            "missing repository name",
        ));
    }
    if name.len() > NAME_MAX {
        return Err(error(
            ReferenceErrorKind::NameTooLong,
            0,
            name_end,
            format!("repository name is longer than {NAME_MAX} characters"),
        ));
    }

    // Registry: the first component, when it looks like a host.
    let (registry, path_start) = match name.find('/') {
        Some(slash) => {
            let first = &name[..slash];
            if first.contains('.') || first.contains(':') || first == "localhost" {
                validate_registry(text, 0, slash)?;
                (Some(TextRange::new(0, slash)), slash + 1)
            } else {
                (None, 0)
            }
        }
        None => (None, 0),
    };
    let path = &name[path_start..];
    validate_path(text, path_start, name_end)?;

    let last_component_start = path.rfind('/').map_or(path_start, |i| path_start + i + 1);
    let namespace = (last_component_start > path_start)
        .then(|| TextRange::new(path_start, last_component_start - 1));

    let registry_text = registry.map(|r| &text[r.start()..r.end()]);
    let normalized_registry = match registry_text {
        None | Some("index.docker.io") | Some("registry-1.docker.io") => {
            DEFAULT_REGISTRY.to_owned()
        }
        Some(host) => host.to_owned(),
    };
    let normalized_path = if normalized_registry == DEFAULT_REGISTRY && !path.contains('/') {
        format!("library/{path}")
    } else {
        path.to_owned()
    };

    Ok(ImageReference {
        registry,
        path: TextRange::new(path_start, name_end),
        namespace,
        name: TextRange::new(last_component_start, name_end),
        tag,
        digest,
        normalized_registry,
        normalized_path,
    })
}

/// Path components: `[a-z0-9]+` joined by `.`, `_`, `__` or runs of `-`.
fn validate_path(text: &str, start: usize, end: usize) -> Result<(), ReferenceError> {
    let mut offset = start;
    for component in text[start..end].split('/') {
        let component_end = offset + component.len();
        if let Some(i) = component.bytes().position(|b| b.is_ascii_uppercase()) {
            return Err(error(
                ReferenceErrorKind::UppercaseRepository,
                offset + i,
                component_end,
                "repository name must be lowercase",
            ));
        }
        if !is_path_component(component) {
            return Err(error(
                ReferenceErrorKind::InvalidRepository,
                offset,
                component_end,
                format!("invalid repository name component {component:?}"),
            ));
        }
        offset = component_end + 1;
    }
    Ok(())
}

fn is_path_component(component: &str) -> bool {
    let bytes = component.as_bytes();
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if bytes.is_empty() || !alnum(bytes[0]) || !alnum(bytes[bytes.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if alnum(bytes[i]) {
            i += 1;
            continue;
        }
        // A separator run: '.', '_', '__', or any number of '-'.
        let run_start = i;
        while i < bytes.len() && !alnum(bytes[i]) {
            i += 1;
        }
        let run = &component[run_start..i];
        let valid = run == "." || run == "_" || run == "__" || run.bytes().all(|b| b == b'-');
        if !valid {
            return false;
        }
    }
    true
}

/// `host[:port]`: DNS labels (letters, digits, inner `-`) joined by `.`,
/// or a bracketed IPv6 address.
fn validate_registry(text: &str, start: usize, end: usize) -> Result<(), ReferenceError> {
    let registry = &text[start..end];
    let invalid = || {
        error(
            ReferenceErrorKind::InvalidRegistry,
            start,
            end,
            format!("invalid registry host {registry:?}"),
        )
    };
    let (host, port) = if let Some(rest) = registry.strip_prefix('[') {
        let close = rest.find(']').ok_or_else(invalid)?;
        let inner = &rest[..close];
        if inner.is_empty() || !inner.bytes().all(|b| b.is_ascii_hexdigit() || b == b':') {
            return Err(invalid());
        }
        let after = &rest[close + 1..];
        let port = if after.is_empty() {
            None
        } else {
            Some(after.strip_prefix(':').ok_or_else(invalid)?)
        };
        (None, port)
    } else {
        match registry.split_once(':') {
            Some((host, port)) => (Some(host), Some(port)),
            None => (Some(registry), None),
        }
    };
    if let Some(host) = host {
        let label_ok = |label: &str| {
            let bytes = label.as_bytes();
            !bytes.is_empty()
                && bytes[0].is_ascii_alphanumeric()
                && bytes[bytes.len() - 1].is_ascii_alphanumeric()
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        };
        if !host.split('.').all(label_ok) {
            return Err(invalid());
        }
    }
    if let Some(port) = port {
        if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
    }
    Ok(())
}

/// `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
fn validate_tag(text: &str, start: usize, end: usize) -> Result<(), ReferenceError> {
    let tag = &text[start..end];
    if tag.is_empty() {
        return Err(error(
            ReferenceErrorKind::InvalidTag,
            start,
            end,
            "empty tag after ':'",
        ));
    }
    if tag.len() > TAG_MAX {
        return Err(error(
            ReferenceErrorKind::InvalidTag,
            start,
            end,
            format!("tag is longer than {TAG_MAX} characters"),
        ));
    }
    let first_ok = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    if let Some(i) = tag.bytes().enumerate().position(|(i, b)| {
        if i == 0 {
            !first_ok(b)
        } else {
            !(first_ok(b) || b == b'.' || b == b'-')
        }
    }) {
        return Err(error(
            ReferenceErrorKind::InvalidTag,
            start + i,
            end,
            format!(
                "invalid character {:?} in tag",
                tag[i..].chars().next().unwrap_or('?')
            ),
        ));
    }
    Ok(())
}

/// `algorithm:hex`; `sha256` needs exactly 64 lowercase hex digits.
fn validate_digest(text: &str, start: usize) -> Result<(), ReferenceError> {
    let digest = &text[start..];
    let invalid = |message: String| {
        error(
            ReferenceErrorKind::InvalidDigest,
            start,
            text.len(),
            message,
        )
    };
    let Some((algorithm, hex)) = digest.split_once(':') else {
        return Err(invalid(format!("digest {digest:?} is not algorithm:hex")));
    };
    let algorithm_ok = !algorithm.is_empty()
        && algorithm
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+._-".contains(&b));
    if !algorithm_ok {
        return Err(invalid(format!("invalid digest algorithm {algorithm:?}")));
    }
    let hex_ok = hex.len() >= 32
        && hex
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !hex_ok
        || (algorithm == "sha256" && hex.len() != 64)
        || (algorithm == "sha512" && hex.len() != 128)
    {
        return Err(invalid(format!("invalid {algorithm} digest")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(text: &str, range: TextRange) -> &str {
        &text[range.start()..range.end()]
    }

    #[test]
    fn official_image_gets_library_namespace() {
        let text = "node:20-alpine";
        let r = parse_reference(text).expect("valid");
        assert_eq!(r.full_name(), "docker.io/library/node");
        assert_eq!(r.familiar_name(), "node");
        assert_eq!(r.registry, None);
        assert_eq!(r.namespace, None);
        assert_eq!(slice(text, r.name), "node");
        assert_eq!(r.tag_text(text), Some("20-alpine"));
    }

    #[test]
    fn registry_with_port_is_not_a_tag() {
        let text = "localhost:5000/team/app:1.2";
        let r = parse_reference(text).expect("valid");
        assert_eq!(r.registry.map(|g| slice(text, g)), Some("localhost:5000"));
        assert_eq!(r.namespace.map(|n| slice(text, n)), Some("team"));
        assert_eq!(r.name_text(text), "app");
        assert_eq!(r.tag_text(text), Some("1.2"));
        assert_eq!(r.full_name(), "localhost:5000/team/app");
        let untagged = parse_reference("localhost:5000/app").expect("valid");
        assert_eq!(untagged.tag, None);
    }

    #[test]
    fn index_docker_io_is_docker_hub() {
        let r = parse_reference("index.docker.io/library/python:3.12").expect("valid");
        assert_eq!(r.full_name(), "docker.io/library/python");
        assert_eq!(r.familiar_name(), "python");
        let user = parse_reference("docker.io/bitnami/redis").expect("valid");
        assert_eq!(user.familiar_name(), "bitnami/redis");
    }

    #[test]
    fn digest_and_tag_offsets() {
        let digest = "a".repeat(64);
        let text = format!("gcr.io/distroless/static-debian12:nonroot@sha256:{digest}");
        let r = parse_reference(&text).expect("valid");
        assert_eq!(r.normalized_registry, "gcr.io");
        assert_eq!(r.normalized_path, "distroless/static-debian12");
        assert_eq!(r.tag_text(&text), Some("nonroot"));
        assert_eq!(
            r.digest_text(&text),
            Some(format!("sha256:{digest}").as_str())
        );
    }

    #[test]
    fn rejects_uppercase_with_position() {
        let err = parse_reference("Node:20").expect_err("uppercase");
        assert_eq!(err.kind, ReferenceErrorKind::UppercaseRepository);
        assert_eq!(err.range.start(), 0);
        let err = parse_reference("myorg/MyApp").expect_err("uppercase");
        assert_eq!(err.range.start(), 6);
    }

    #[test]
    fn rejects_bad_tags_digests_and_variables() {
        assert_eq!(
            parse_reference("node:20 alpine").map_err(|e| e.kind),
            Err(ReferenceErrorKind::InvalidTag)
        );
        assert_eq!(
            parse_reference("node:-20").map_err(|e| e.kind),
            Err(ReferenceErrorKind::InvalidTag)
        );
        assert_eq!(
            parse_reference("node:").map_err(|e| e.kind),
            Err(ReferenceErrorKind::InvalidTag)
        );
        assert_eq!(
            parse_reference("node@sha256:abc").map_err(|e| e.kind),
            Err(ReferenceErrorKind::InvalidDigest)
        );
        assert_eq!(
            parse_reference("node:${VERSION}").map_err(|e| e.kind),
            Err(ReferenceErrorKind::UnexpandedVariable)
        );
        assert_eq!(
            parse_reference("").map_err(|e| e.kind),
            Err(ReferenceErrorKind::Empty)
        );
        assert_eq!(
            parse_reference("my__app/x--y").map(|r| r.normalized_path),
            Ok("my__app/x--y".to_owned())
        );
        assert_eq!(
            parse_reference("my___app").map_err(|e| e.kind),
            Err(ReferenceErrorKind::InvalidRepository)
        );
        assert_eq!(
            parse_reference("bad_host.:5000/x").map_err(|e| e.kind),
            Err(ReferenceErrorKind::InvalidRegistry)
        );
    }

    #[test]
    fn long_tag_is_rejected() {
        let text = format!("node:{}", "a".repeat(129));
        assert_eq!(
            parse_reference(&text).map_err(|e| e.kind),
            Err(ReferenceErrorKind::InvalidTag)
        );
    }
}
