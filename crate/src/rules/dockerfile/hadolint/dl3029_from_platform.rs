use crate::diagnostic::Diagnostic;
use crate::dockerfile::syntax::Keyword;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags `FROM --platform=…` unless the value uses the automatic
    /// `BUILDPLATFORM` or `TARGETPLATFORM` arguments
    /// (`FROM --platform=$BUILDPLATFORM golang:1.23 AS build` is the
    /// cross-compilation idiom and passes).
    ///
    /// ## Why is this bad?
    /// A fixed platform (`--platform=linux/amd64`) overrides what the person
    /// building asked for: on an ARM machine or in a multi-platform build the
    /// stage silently runs under emulation, or ships the wrong architecture.
    /// Choose the platform at build time with `docker build --platform`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 node:22-alpine
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22-alpine
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3029](https://github.com/hadolint/hadolint/wiki/DL3029)
    /// - [Multi-platform builds](https://docs.docker.com/build/building/multi-platform/)
    /// - [FROM --platform](https://docs.docker.com/reference/dockerfile/#from)
    pub struct FromPlatform {
        code: "DL3029",
        name: "from-platform",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Do not use --platform flag with FROM",
        url: "https://github.com/hadolint/hadolint/wiki/DL3029",
    }
}

impl DockerfileRule for FromPlatform {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for (_, instruction) in checker.instructions() {
            if instruction.keyword != Keyword::From {
                continue;
            }
            for flag in instruction.flags_named("platform") {
                let value = flag.value_str().unwrap_or("");
                if value.contains("BUILDPLATFORM") || value.contains("TARGETPLATFORM") {
                    continue;
                }
                out.push(checker.diagnostic(
                    &Self::META,
                    flag.range,
                    "Do not use --platform flag with FROM",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn fixed_platforms_fire_at_the_flag() {
        let text = "FROM --platform=linux/amd64 node:22 AS build\n";
        let found = findings(text, "DL3029");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.slice(text), "--platform=linux/amd64");
        assert_eq!(
            codes("ARG P=linux/arm64\nFROM --platform=$P alpine:3\n", "DL3029"),
            [2]
        );
    }

    #[test]
    fn automatic_platform_arguments_pass() {
        for value in [
            "$BUILDPLATFORM",
            "${BUILDPLATFORM}",
            "$TARGETPLATFORM",
            "${TARGETPLATFORM:-linux/amd64}",
        ] {
            let text = format!("FROM --platform={value} golang:1.23\n");
            assert!(codes(&text, "DL3029").is_empty(), "{value}");
        }
        assert!(codes("FROM node:22\n", "DL3029").is_empty());
    }

    #[test]
    fn pragmas() {
        assert!(codes(
            "# hadolint ignore=DL3029\nFROM --platform=linux/amd64 a:1\n",
            "DL3029"
        )
        .is_empty());
    }
}
