use super::copy_from::{copy_froms, FromTarget};
use super::images_from::from_images;
use super::runs::runs;
use crate::diagnostic::Diagnostic;
use crate::images::{parse_reference, ImageReference};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::text::TextRange;
use std::collections::HashSet;

crate::declare_rule! {
    /// ## What it does
    /// When `trustedRegistries` is configured, flags images pulled from any
    /// other registry: `FROM` images, and images read by `COPY --from=<image>`
    /// and `RUN --mount=…,from=<image>`. Patterns may be globs: `*` (any),
    /// `*.gcr.io` (suffix), `registry.example.com*` (prefix). Images without
    /// a registry come from Docker Hub, allowed by `docker.io` or
    /// `hub.docker.com`.
    ///
    /// References are resolved first: `ARG BASE=evil.io/node:20` /
    /// `FROM ${BASE}` is judged as `evil.io/node:20`, and a variable without
    /// a value is not guessed at (hadolint judges the text `${BASE}`).
    /// `scratch` and stage names are not images.
    ///
    /// ## Why is this bad?
    /// Base images run with full trust inside the build and end up in
    /// production. Limiting them to registries the organisation controls or
    /// mirrors keeps typo-squatted or unvetted images out.
    ///
    /// ## Example
    /// With `trustedRegistries: [registry.example.com]`:
    /// ```dockerfile
    /// FROM docker.io/library/node:22
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM registry.example.com/mirror/node:22
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3026](https://github.com/hadolint/hadolint/wiki/DL3026)
    /// - [hadolint configuration: trustedRegistries](https://github.com/hadolint/hadolint#configure)
    pub struct UntrustedRegistry {
        code: "DL3026",
        name: "untrusted-registry",
        origin: Hadolint,
        target: Dockerfile,
        severity: Error,
        category: Security,
        summary: "Use only an allowed registry in the FROM image",
        url: "https://github.com/hadolint/hadolint/wiki/DL3026",
    }
}

/// hadolint's registry globs: `*`, `*suffix`, `prefix*`, or exact.
fn matches(pattern: &str, registry: &str) -> bool {
    let pattern = pattern.trim().to_ascii_lowercase();
    let registry = registry.to_ascii_lowercase();
    if pattern == "*" {
        true
    } else if let Some(suffix) = pattern.strip_prefix('*') {
        registry.ends_with(suffix)
    } else if let Some(prefix) = pattern.strip_suffix('*') {
        registry.starts_with(prefix)
    } else {
        registry == pattern
    }
}

fn allowed(trusted: &[String], reference: &str, parsed: &ImageReference) -> bool {
    let trusts = |registry: &str| trusted.iter().any(|p| matches(p, registry));
    match parsed.registry {
        Some(range) => trusts(range.slice(reference)) || trusts(&parsed.normalized_registry),
        None => trusts("docker.io") || trusts("hub.docker.com"),
    }
}

const MESSAGE: &str = "Use only an allowed registry in the FROM image";

impl DockerfileRule for UntrustedRegistry {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let trusted = &checker.config.trusted_registries;
        if trusted.is_empty() {
            return;
        }
        for image in from_images(checker) {
            if !allowed(trusted, image.reference, &image.parsed) {
                let range = match image.parsed.registry {
                    Some(registry) => image.source_range(registry),
                    None => image.stage.base_range,
                };
                let message = format!("{MESSAGE}{}", image.resolution_note());
                out.push(checker.diagnostic(&Self::META, range, message));
            }
        }
        // A name of any stage, or a stage index, is not an image.
        let names: HashSet<&str> = checker
            .model
            .stages
            .iter()
            .filter_map(|s| s.name.as_deref())
            .collect();
        let is_stage = |reference: &str| {
            let lower = reference.to_ascii_lowercase();
            names.contains(lower.as_str()) || lower.parse::<usize>().is_ok()
        };
        let mut other_images: Vec<(String, TextRange)> = copy_froms(checker)
            .into_iter()
            .filter(|c| c.target == FromTarget::Other)
            .map(|c| (c.reference, c.range))
            .collect();
        for run in runs(checker).filter(|r| !r.trigger) {
            for mount in run.mounts(checker) {
                if let Some(from) = mount.from() {
                    other_images.push((from.text.clone(), from.range));
                }
            }
        }
        for (reference, range) in other_images {
            if is_stage(&reference) {
                continue;
            }
            // Named build contexts and odd values are not image references.
            let Ok(parsed) = parse_reference(&reference) else {
                continue;
            };
            if !allowed(trusted, &reference, &parsed) {
                out.push(checker.diagnostic(&Self::META, range, MESSAGE));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::matches;
    use crate::analyze::AnalyzeOptions;
    use crate::lint::test_support::findings_with;
    use crate::lint::LintConfig;

    fn lines(text: &str, trusted: &[&str]) -> Vec<u32> {
        let options = AnalyzeOptions {
            config: LintConfig {
                trusted_registries: trusted.iter().map(|s| s.to_string()).collect(),
                ..LintConfig::default()
            },
            ..AnalyzeOptions::default()
        };
        findings_with(text, options)
            .into_iter()
            .filter(|d| d.code == "DL3026")
            .map(|d| d.line)
            .collect()
    }

    #[test]
    fn globs() {
        assert!(matches("*", "anything.io"));
        assert!(matches("*.gcr.io", "eu.gcr.io"));
        assert!(!matches("*.gcr.io", "gcr.io"));
        assert!(matches(
            "registry.example.com*",
            "registry.example.com:5000"
        ));
        assert!(matches("Docker.io", "docker.io"));
        assert!(!matches("docker.io", "quay.io"));
    }

    #[test]
    fn only_when_configured() {
        assert!(lines("FROM evil.io/x:1\n", &[]).is_empty());
    }

    #[test]
    fn untrusted_from_images_fire() {
        let trusted = ["*.gcr.io", "docker.io"];
        assert_eq!(lines("FROM quay.io/x/y:1\n", &trusted), [1]);
        assert!(lines(
            "FROM eu.gcr.io/p/app:1\nFROM node:22\nFROM scratch\n",
            &trusted
        )
        .is_empty());
        assert_eq!(lines("FROM node:22\n", &["quay.io"]), [1]);
        assert!(lines("FROM node:22\n", &["hub.docker.com"]).is_empty());
        assert!(lines("FROM index.docker.io/library/node:22\n", &["docker.io"]).is_empty());
        // A stage is not an image.
        assert!(lines("FROM eu.gcr.io/a:1 AS base\nFROM base\n", &trusted).is_empty());
    }

    #[test]
    fn build_arguments_are_resolved() {
        let trusted = ["registry.example.com"];
        assert_eq!(lines("ARG BASE=quay.io/x:1\nFROM ${BASE}\n", &trusted), [2]);
        assert!(lines(
            "ARG BASE=registry.example.com/x:1\nFROM ${BASE}\n",
            &trusted
        )
        .is_empty());
        assert!(lines("ARG BASE\nFROM ${BASE}\n", &trusted).is_empty());
    }

    #[test]
    fn copy_from_and_mounts_of_images() {
        let trusted = ["registry.example.com"];
        let text = "FROM registry.example.com/a:1 AS build\nCOPY --from=quay.io/x:1 /a /a\nCOPY --from=build /b /b\nRUN --mount=type=bind,from=ghcr.io/y:2,target=/y true\nRUN --mount=type=cache,from=build,target=/c true\n";
        assert_eq!(lines(text, &trusted), [2, 4]);
    }

    #[test]
    fn pragmas() {
        let text = "# hadolint ignore=DL3026\nFROM quay.io/x:1\n";
        assert!(lines(text, &["docker.io"]).is_empty());
    }
}
