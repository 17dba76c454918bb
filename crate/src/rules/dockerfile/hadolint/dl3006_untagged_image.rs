use super::images_from::from_images;
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags a `FROM` image with neither a tag nor a digest (`FROM ubuntu`).
    ///
    /// Unlike hadolint, Layerlab resolves build arguments first:
    /// `ARG BASE=node:20` / `FROM ${BASE}` is checked as `node:20` (tagged,
    /// fine), and `ARG BASE=node` / `FROM $BASE` as `node` (untagged, flagged)
    /// — hadolint skips every name starting with `$`. A variable with no
    /// value is not guessed at. `scratch` and earlier stages are not images.
    ///
    /// ## Why is this bad?
    /// Without a tag Docker pulls `:latest`, which moves: the same Dockerfile
    /// builds on a different base tomorrow, and a major-version bump of the
    /// base arrives unannounced in the middle of an unrelated change.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3006](https://github.com/hadolint/hadolint/wiki/DL3006)
    /// - [FROM](https://docs.docker.com/reference/dockerfile/#from)
    pub struct UntaggedImage {
        code: "DL3006",
        name: "untagged-image",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Always tag the version of an image explicitly",
        url: "https://github.com/hadolint/hadolint/wiki/DL3006",
    }
}

impl DockerfileRule for UntaggedImage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for image in from_images(checker) {
            if image.parsed.tag.is_some() || image.parsed.digest.is_some() {
                continue;
            }
            out.push(checker.diagnostic(
                &Self::META,
                image.stage.base_range,
                format!(
                    "Always tag the version of an image explicitly{}",
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
    fn untagged_images_fire() {
        let text = "FROM debian AS base\n";
        let found = findings(text, "DL3006");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.slice(text), "debian");
        assert_eq!(codes("FROM gcr.io/distroless/static\n", "DL3006"), [1]);
        assert_eq!(codes("FROM localhost:5000/app\n", "DL3006"), [1]);
    }

    #[test]
    fn tags_digests_scratch_and_stages_pass() {
        assert!(codes("FROM debian:12\n", "DL3006").is_empty());
        assert!(codes("FROM localhost:5000/app:1\n", "DL3006").is_empty());
        let digest = format!("FROM debian@sha256:{}\n", "a".repeat(64));
        assert!(codes(&digest, "DL3006").is_empty());
        assert!(codes("FROM scratch\n", "DL3006").is_empty());
        assert!(codes("FROM node:22 AS build\nFROM build\nFROM BUILD\n", "DL3006").is_empty());
    }

    #[test]
    fn build_arguments_are_resolved() {
        // Tagged through an ARG: hadolint skips `$…`, we check the value.
        assert!(codes("ARG BASE=node:20\nFROM ${BASE}\n", "DL3006").is_empty());
        assert!(codes("ARG TAG=20\nFROM node:${TAG}\n", "DL3006").is_empty());
        // Untagged through an ARG.
        let found = findings("ARG BASE=node\nFROM $BASE\n", "DL3006");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 2);
        assert!(
            found[0].message.contains("`$BASE` is `node`"),
            "{}",
            found[0].message
        );
        // No value: not guessed at.
        assert!(codes("ARG BASE\nFROM $BASE\n", "DL3006").is_empty());
        assert!(codes("ARG REG\nFROM $REG/node\n", "DL3006").is_empty());
    }

    #[test]
    fn pragmas() {
        assert!(codes("# hadolint ignore=DL3006\nFROM debian\n", "DL3006").is_empty());
        assert_eq!(codes("FROM debian:12 AS a\nFROM ubuntu\n", "DL3006"), [2]);
    }
}
