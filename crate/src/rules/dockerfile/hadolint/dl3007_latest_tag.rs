use super::images_from::from_images;
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags a `FROM` image tagged `:latest`.
    ///
    /// Build arguments are resolved first (`ARG TAG=latest` /
    /// `FROM node:${TAG}` is flagged). A reference that also carries a digest
    /// (`node:latest@sha256:…`) is pinned by the digest and passes — hadolint
    /// flags it anyway.
    ///
    /// ## Why is this bad?
    /// `latest` is just the tag a publisher last moved: it changes without
    /// notice, so builds are not reproducible and a new major version can
    /// slip in unnoticed.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:latest
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22-alpine
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3007](https://github.com/hadolint/hadolint/wiki/DL3007)
    /// - [FROM](https://docs.docker.com/reference/dockerfile/#from)
    pub struct LatestTag {
        code: "DL3007",
        name: "latest-tag",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Using latest is prone to errors",
        url: "https://github.com/hadolint/hadolint/wiki/DL3007",
    }
}

impl DockerfileRule for LatestTag {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for image in from_images(checker) {
            let Some(tag) = image.parsed.tag else {
                continue;
            };
            if image.parsed.digest.is_some() || tag.slice(image.reference) != "latest" {
                continue;
            }
            out.push(checker.diagnostic(
                &Self::META,
                image.source_range(tag),
                format!(
                    "Using latest is prone to errors if the image will ever update. Pin the \
                     version explicitly to a release tag{}",
                    image.resolution_note()
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn latest_fires_at_the_tag() {
        let text = "FROM node:latest AS build\n";
        let found = findings(text, "DL3007");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.slice(text), "latest");
        assert_eq!(
            codes("FROM registry.example.com:5000/team/app:latest\n", "DL3007"),
            [1]
        );
    }

    #[test]
    fn other_tags_digests_and_untagged_pass() {
        assert!(codes("FROM node:22\n", "DL3007").is_empty());
        assert!(codes("FROM node:latest-alpine\n", "DL3007").is_empty());
        assert!(codes("FROM node\n", "DL3007").is_empty(), "that is DL3006");
        let digest = format!("FROM node:latest@sha256:{}\n", "b".repeat(64));
        assert!(codes(&digest, "DL3007").is_empty());
        assert!(codes(
            "FROM scratch\nFROM node:22 AS latest\nFROM latest\n",
            "DL3007"
        )
        .is_empty());
    }

    #[test]
    fn build_arguments_are_resolved() {
        let text = "ARG TAG=latest\nFROM node:${TAG}\n";
        let found = findings(text, "DL3007");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.slice(text), "node:${TAG}");
        assert!(codes("ARG TAG=22\nFROM node:${TAG}\n", "DL3007").is_empty());
        assert!(codes("ARG TAG\nFROM node:${TAG}\n", "DL3007").is_empty());
    }

    #[test]
    fn pragmas() {
        assert!(codes("# hadolint ignore=DL3007\nFROM node:latest\n", "DL3007").is_empty());
    }
}
