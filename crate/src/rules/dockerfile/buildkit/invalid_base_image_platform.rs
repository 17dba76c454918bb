use super::support::parse_platform;
use crate::diagnostic::Diagnostic;
use crate::dockerfile::model::Base;
use crate::images::parse_reference;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags a base image that cannot run on the platform the stage is
    /// built for: a Windows image (`mcr.microsoft.com/windows/…`,
    /// `…nanoserver…`, `…servercore…`) in a Linux build, or a Linux-only
    /// image (`alpine`, `debian`, `ubuntu`, `-slim`, `-alpine`, `bookworm`,
    /// distroless, …) in a Windows build. The platform is the stage's
    /// `--platform`, else the build's target platform.
    ///
    /// BuildKit compares the OS and architecture of the image it actually
    /// pulled with the expected platform. Layerlab does not contact a
    /// registry, so it only reports what the name alone proves (the OS);
    /// an architecture mismatch, or an image that lacks the requested
    /// platform in its manifest list, is out of reach of a static tool.
    ///
    /// ## Why is this bad?
    /// The build fails when the image is pulled, or, with emulation, runs
    /// slowly and produces an image for the wrong system.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM mcr.microsoft.com/windows/servercore:ltsc2022
    /// ```
    /// built with `--platform linux/amd64`.
    ///
    /// Use instead: build it with `--platform windows/amd64`, or start
    /// from a Linux image.
    ///
    /// ## References
    /// - [Build checks](https://docs.docker.com/reference/build-checks/)
    /// - [Multi-platform builds](https://docs.docker.com/build/building/multi-platform/)
    pub struct InvalidBaseImagePlatform {
        code: "InvalidBaseImagePlatform",
        name: "invalid-base-image-platform",
        origin: Buildkit,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Base image platform does not match expected target platform",
        url: "https://docs.docker.com/reference/build-checks/",
    }
}

/// Repositories whose images only exist for Linux.
const LINUX_ONLY_REPOSITORIES: &[&str] = &[
    "alpine",
    "almalinux",
    "amazonlinux",
    "archlinux",
    "busybox",
    "centos",
    "debian",
    "fedora",
    "oraclelinux",
    "rockylinux",
    "ubuntu",
    "registry.access.redhat.com/",
    "gcr.io/distroless/",
    "cgr.dev/chainguard/",
];

/// Tag words that only Linux variants carry.
const LINUX_TAG_WORDS: &[&str] = &[
    "alpine",
    "slim",
    "bookworm",
    "bullseye",
    "buster",
    "trixie",
    "jammy",
    "noble",
    "focal",
    "distroless",
];

/// The OS a base image reference is certainly built for, from its name.
fn image_os(reference: &str) -> Option<&'static str> {
    let parsed = parse_reference(reference).ok()?;
    let path = parsed.full_name().to_ascii_lowercase();
    let tag = parsed
        .tag_text(reference)
        .unwrap_or("")
        .to_ascii_lowercase();
    let windows_word = |s: &str| s.contains("nanoserver") || s.contains("servercore");
    if path.starts_with("mcr.microsoft.com/windows") || windows_word(&path) || windows_word(&tag) {
        return Some("windows");
    }
    let familiar = parsed.familiar_name().to_ascii_lowercase();
    let linux_repository = LINUX_ONLY_REPOSITORIES
        .iter()
        .any(|r| match r.strip_suffix('/') {
            Some(prefix) => {
                familiar.starts_with(prefix) && familiar[prefix.len()..].starts_with('/')
            }
            None => familiar == *r,
        });
    let linux_tag = tag
        .split(['-', '.', '_'])
        .any(|word| LINUX_TAG_WORDS.contains(&word));
    (linux_repository || linux_tag).then_some("linux")
}

impl DockerfileRule for InvalidBaseImagePlatform {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let options = &checker.model.options;
        for stage in &checker.model.stages {
            let Base::Image { reference } = &stage.base else {
                continue;
            };
            let expected = stage.platform.as_deref().unwrap_or(&options.platform);
            let Some(platform) = parse_platform(expected, &options.build_platform) else {
                continue;
            };
            let Some(os) = image_os(reference) else {
                continue;
            };
            if os == platform.os {
                continue;
            }
            out.push(checker.diagnostic(
                &Self::META,
                stage.base_range,
                format!(
                    "Base image {reference} is a {os} image, expected \"{}/{}\" for current build",
                    platform.os, platform.arch
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::support::testing::findings_with_options;
    use super::image_os;
    use crate::analyze::AnalyzeOptions;
    use crate::lint::test_support::{codes, findings};

    const CODE: &str = "InvalidBaseImagePlatform";

    #[test]
    fn operating_systems_from_names() {
        assert_eq!(
            image_os("mcr.microsoft.com/windows/servercore:ltsc2022"),
            Some("windows")
        );
        assert_eq!(
            image_os("mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022"),
            Some("windows")
        );
        assert_eq!(image_os("golang:1.23-windowsservercore"), Some("windows"));
        assert_eq!(image_os("alpine:3.20"), Some("linux"));
        assert_eq!(image_os("node:22-alpine"), Some("linux"));
        assert_eq!(image_os("python:3.12-slim-bookworm"), Some("linux"));
        assert_eq!(image_os("gcr.io/distroless/static-debian12"), Some("linux"));
        // Multi-platform names say nothing (python:3.12 also has Windows variants).
        assert_eq!(image_os("python:3.12"), None);
        assert_eq!(image_os("node"), None);
        assert_eq!(image_os("${BASE}"), None);
    }

    #[test]
    fn windows_image_in_a_linux_build() {
        let found = findings("FROM mcr.microsoft.com/windows/servercore:ltsc2022\n", CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "Base image mcr.microsoft.com/windows/servercore:ltsc2022 is a windows image, expected \"linux/amd64\" for current build"
        );
        let text = "FROM --platform=linux/arm64 mcr.microsoft.com/powershell:nanoserver-ltsc2022\n";
        assert_eq!(codes(text, CODE), [1]);
    }

    #[test]
    fn linux_image_in_a_windows_build() {
        let options = AnalyzeOptions {
            platform: Some("windows/amd64".to_string()),
            ..AnalyzeOptions::default()
        };
        let found = findings_with_options(
            "FROM alpine:3.20\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\n",
            options,
            CODE,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 1);
        assert!(codes(
            "FROM --platform=windows/amd64 mcr.microsoft.com/windows/nanoserver:ltsc2022\n",
            CODE
        )
        .is_empty());
    }

    #[test]
    fn arg_based_images_and_stages() {
        let text = "ARG BASE=mcr.microsoft.com/windows/nanoserver:ltsc2022\nFROM ${BASE} AS win\nFROM win\n";
        assert_eq!(codes(text, CODE), [2]);
        assert!(codes("ARG BASE=node:20\nFROM ${BASE}\nFROM scratch\n", CODE).is_empty());
    }

    #[test]
    fn suppression() {
        assert!(codes("# check=skip=InvalidBaseImagePlatform\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\n", CODE).is_empty());
    }
}
