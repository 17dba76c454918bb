use super::support::{automatic_args, closest_name};
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use std::collections::HashSet;

crate::declare_rule! {
    /// ## What it does
    /// Flags a variable in `FROM` (the image or `--platform`) that no `ARG`
    /// before the first `FROM` declares and that is not one of the
    /// predefined platform arguments (`BUILDPLATFORM`, `TARGETARCH`, …).
    /// A declared `ARG` without a value is fine. When a declared name is
    /// close, the message suggests it.
    ///
    /// ## Why is this bad?
    /// `FROM` only sees global `ARG`s. An undeclared variable expands to
    /// nothing, so `FROM node:22${VARIANT}` silently becomes `node:22`, and
    /// a typo like `$BULIDPLATFORM` makes the platform empty.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22${VARIANT} AS build
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ARG VARIANT=-alpine3.20
    /// FROM node:22${VARIANT} AS build
    /// ```
    ///
    /// ## References
    /// - [UndefinedArgInFrom](https://docs.docker.com/reference/build-checks/undefined-arg-in-from/)
    /// - [Understand how ARG and FROM interact](https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact)
    pub struct UndefinedArgInFrom {
        code: "UndefinedArgInFrom",
        name: "undefined-arg-in-from",
        origin: Buildkit,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "FROM command must use declared ARGs",
        url: "https://docs.docker.com/reference/build-checks/undefined-arg-in-from/",
    }
}

impl DockerfileRule for UndefinedArgInFrom {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let automatic = automatic_args(&checker.model.options);
        // Suggestions in declaration order: global ARGs, then the
        // predefined ones.
        let mut declared: Vec<&str> = Vec::new();
        for name in checker
            .model
            .global_args
            .iter()
            .map(|a| a.name.as_str())
            .chain(automatic.keys().map(String::as_str))
        {
            if !declared.contains(&name) {
                declared.push(name);
            }
        }
        for stage in &checker.model.stages {
            let Some(from) = stage.steps.first() else {
                continue;
            };
            let mut reported = HashSet::new();
            for reference in &from.references {
                let name = reference.name.as_str();
                if name.is_empty() || declared.contains(&name) || !reported.insert(name) {
                    continue;
                }
                let mut message = format!("FROM argument '{name}' is not declared");
                if let Some(suggestion) = closest_name(name, declared.iter().copied()) {
                    message.push_str(&format!(" (did you mean {suggestion}?)"));
                }
                out.push(checker.diagnostic(&Self::META, reference.range, message));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    const CODE: &str = "UndefinedArgInFrom";

    #[test]
    fn silent_on_declared_and_predefined_args() {
        for text in [
            "ARG base=scratch\nFROM $base\nCOPY Dockerfile .\n",
            "ARG BUILDPLATFORM=linux/amd64\nFROM --platform=$BUILDPLATFORM scratch\n",
            "FROM --platform=$BUILDPLATFORM scratch\n",
            "ARG DEBUG\nFROM scratch${DEBUG}\n",
            "ARG DEBUG\nFROM scra${DEBUG:-tch}\n",
            "ARG DEBUG=\"\"\nFROM scratch${DEBUG-@bogus}\n",
            "ARG BASE=node:20\nFROM ${BASE} AS build\nFROM build\n",
        ] {
            assert!(codes(text, CODE).is_empty(), "{text}");
        }
    }

    #[test]
    fn fires_with_a_suggestion() {
        let found = findings("FROM --platform=$BULIDPLATFORM scratch\n", CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "FROM argument 'BULIDPLATFORM' is not declared (did you mean BUILDPLATFORM?)"
        );
        assert_eq!((found[0].column, found[0].end_column), (17, 31));
        let text = "ARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\n";
        assert_eq!(
            findings(text, CODE)[0].message,
            "FROM argument 'MYARCH' is not declared (did you mean MY_ARCH?)"
        );
    }

    #[test]
    fn fires_without_a_suggestion_when_nothing_is_close() {
        let found = findings("ARG tag=latest\nFROM busybox:${tag}${version} AS b\n", CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "FROM argument 'version' is not declared");
    }

    #[test]
    fn stage_args_do_not_count_for_later_froms() {
        let text = "FROM alpine AS one\nARG VARIANT=-slim\nFROM node:22${VARIANT}\n";
        assert_eq!(codes(text, CODE), [3]);
    }

    #[test]
    fn one_finding_per_name_and_from() {
        assert_eq!(codes("FROM a${X}${X}\nFROM b${X}\n", CODE), [1, 2]);
    }

    #[test]
    fn suppression() {
        assert!(codes("# check=skip=UndefinedArgInFrom\nFROM a${X}\n", CODE).is_empty());
        assert!(codes(
            "FROM a\n# check=skip=UndefinedArgInFrom\nFROM b${X}\n",
            CODE
        )
        .is_empty());
    }
}
