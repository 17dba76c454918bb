use super::support::automatic_args;
use crate::diagnostic::Diagnostic;
use crate::dockerfile::expand::{self, ExpandOptions};
use crate::dockerfile::syntax::{Args, Keyword};
use crate::images::parse_reference;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use std::collections::BTreeMap;

crate::declare_rule! {
    /// ## What it does
    /// Evaluates every `FROM` with the defaults of the global `ARG`s only,
    /// as if no `--build-arg` were given, and flags those that become an
    /// empty or invalid image reference (`busybox:` from
    /// `FROM busybox:$VERSION` with `ARG VERSION` unset, or `FROM $IMAGE`
    /// with no default).
    ///
    /// ## Why is this bad?
    /// The Dockerfile only builds when the right `--build-arg` is passed:
    /// anyone running a plain `docker build` gets a cryptic "invalid
    /// reference format" error. A working default documents the intended
    /// value and keeps the file buildable.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG TAG
    /// FROM alpine:$TAG
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ARG TAG=3.20
    /// FROM alpine:$TAG
    /// ```
    ///
    /// ## References
    /// - [InvalidDefaultArgInFrom](https://docs.docker.com/reference/build-checks/invalid-default-arg-in-from/)
    pub struct InvalidDefaultArgInFrom {
        code: "InvalidDefaultArgInFrom",
        name: "invalid-default-arg-in-from",
        origin: Buildkit,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Default value for global ARG results in an empty or invalid base image name",
        url: "https://docs.docker.com/reference/build-checks/invalid-default-arg-in-from/",
    }
}

/// The global ARG values without any `--build-arg`: each default expanded
/// against the ones before it, on top of the predefined platform args.
/// `None` when a default cannot be expanded (BuildKit gives up the check).
fn default_globals(
    checker: &Checker<'_>,
    options: &ExpandOptions,
) -> Option<BTreeMap<String, String>> {
    let mut env = automatic_args(&checker.model.options);
    for instruction in checker
        .file
        .instructions
        .iter()
        .take_while(|i| i.keyword != Keyword::From)
    {
        let Args::Arg(decls) = &instruction.args else {
            continue;
        };
        for decl in decls {
            if let Some(default) = &decl.default {
                let value = expand::expand_word(&default.text, &env, options)
                    .ok()?
                    .value;
                env.insert(decl.name.text.clone(), value);
            }
        }
    }
    Some(env)
}

impl DockerfileRule for InvalidDefaultArgInFrom {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let options = ExpandOptions::with_escape(checker.file.escape);
        let Some(env) = default_globals(checker, &options) else {
            return;
        };
        for (_, instruction) in checker.instructions() {
            let Args::From { image, .. } = &instruction.args else {
                continue;
            };
            let Ok(expansion) = expand::expand_word(&image.text, &env, &options) else {
                return;
            };
            if parse_reference(&expansion.value).is_ok() {
                continue;
            }
            out.push(checker.diagnostic(
                &Self::META,
                image.range,
                format!(
                    "Default value for ARG {} results in empty or invalid base image name",
                    image.text
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::support::testing::{build_args, findings_with_options};
    use crate::lint::test_support::{codes, findings};

    const CODE: &str = "InvalidDefaultArgInFrom";

    #[test]
    fn fires_when_defaults_make_an_invalid_reference() {
        let text = "ARG VERSION\nFROM busybox:$VERSION\n";
        let found = findings_with_options(text, build_args(&[("VERSION", "latest")]), CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "Default value for ARG busybox:$VERSION results in empty or invalid base image name"
        );
        assert_eq!(found[0].line, 2);
        assert_eq!(codes("ARG IMAGE\nFROM $IMAGE\n", CODE), [2]);
        assert_eq!(codes("ARG SFX=\"box:\"\nFROM busy${SFX}\n", CODE), [2]);
        assert_eq!(
            findings("ARG SFX=\"box:\"\nFROM busy${SFX}\n", CODE)[0].message,
            "Default value for ARG busy${SFX} results in empty or invalid base image name"
        );
    }

    #[test]
    fn silent_when_defaults_work() {
        for text in [
            "ARG VERSION=\"latest\"\nFROM busybox:${VERSION}\n",
            "ARG BUSYBOX_VARIANT=\"\"\nFROM busybox:stable${BUSYBOX_VARIANT}\n",
            "ARG BUSYBOX_VARIANT\nFROM busybox:stable${BUSYBOX_VARIANT}\n",
            "ARG BASE=node:20\nFROM ${BASE} AS deps\nFROM deps\n",
            "ARG REGISTRY=docker.io\nARG IMAGE=$REGISTRY/library/alpine\nFROM $IMAGE\n",
            "FROM --platform=$BUILDPLATFORM golang:1.23\n",
            "FROM scratch\n",
        ] {
            assert!(codes(text, CODE).is_empty(), "{text}");
        }
    }

    #[test]
    fn build_args_do_not_hide_a_broken_default() {
        let text = "ARG IMAGE\nFROM $IMAGE\n";
        let found = findings_with_options(text, build_args(&[("IMAGE", "busybox:latest")]), CODE);
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn suppression() {
        assert!(codes(
            "# check=skip=InvalidDefaultArgInFrom\nARG IMAGE\nFROM $IMAGE\n",
            CODE
        )
        .is_empty());
    }
}
