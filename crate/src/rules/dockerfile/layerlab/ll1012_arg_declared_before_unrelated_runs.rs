use crate::diagnostic::Diagnostic;
use crate::dockerfile::model::{ArgSource, ArgValue, Expanded, Stage, Step};
use crate::dockerfile::syntax::Keyword;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use std::collections::HashMap;

crate::declare_rule! {
    /// ## What it does
    /// Flags an `ARG` declared inside a stage well before the instruction
    /// that first uses it, with `RUN` instructions in between that do not
    /// use it.
    ///
    /// Arguments that tools read from the environment without a `$`
    /// reference (`DEBIAN_FRONTEND`, `NODE_ENV`, `PIP_*`, `GO*`, proxies…) and
    /// the automatic platform arguments are left alone, as are arguments
    /// never referenced in the stage.
    ///
    /// ## Why is this bad?
    /// An `ARG` with a value becomes part of the environment of every later
    /// `RUN` in the stage, and that environment is part of each `RUN`'s
    /// cache key, whether the command uses the variable or not. Declared at
    /// the top, `ARG VERSION` makes a new `--build-arg VERSION=…` re-run the
    /// package installs and everything else before the one step that needs
    /// it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// ARG APP_VERSION
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// RUN curl -fsSLo /app.tgz https://example.com/app-${APP_VERSION}.tgz
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ARG APP_VERSION
    /// RUN curl -fsSLo /app.tgz https://example.com/app-${APP_VERSION}.tgz
    /// ```
    ///
    /// ## Fix
    /// Declare the `ARG` right before its first use. Layerlab does not move
    /// instructions for you.
    ///
    /// ## References
    /// - [ARG: impact on build caching](https://docs.docker.com/reference/dockerfile/#impact-on-build-caching)
    /// - [Optimize cache usage](https://docs.docker.com/build/cache/optimize/)
    pub struct ArgDeclaredBeforeUnrelatedRuns {
        code: "LL1012",
        name: "arg-declared-before-unrelated-runs",
        origin: Layerlab,
        target: Dockerfile,
        severity: Info,
        category: Cache,
        summary: "An ARG is declared long before its first use; every RUN in between re-runs when it changes",
        url: "https://docs.docker.com/reference/dockerfile/#impact-on-build-caching",
    }
}

/// Variables tools read from the environment by themselves: a RUN may use
/// them without a `$` reference.
fn read_from_environment(name: &str) -> bool {
    const EXACT: &[&str] = &[
        "DEBIAN_FRONTEND",
        "NODE_ENV",
        "NODE_OPTIONS",
        "CI",
        "LANG",
        "LC_ALL",
        "TZ",
        "HOME",
        "PATH",
        "CGO_ENABLED",
        "RAILS_ENV",
        "RACK_ENV",
        "MIX_ENV",
        "ASPNETCORE_ENVIRONMENT",
        "DOTNET_CLI_TELEMETRY_OPTOUT",
        "MAVEN_OPTS",
        "GRADLE_OPTS",
        "JAVA_OPTS",
        "JAVA_TOOL_OPTIONS",
        "SOURCE_DATE_EPOCH",
        "TARGETPLATFORM",
        "TARGETOS",
        "TARGETARCH",
        "TARGETVARIANT",
        "BUILDPLATFORM",
        "BUILDOS",
        "BUILDARCH",
        "BUILDVARIANT",
    ];
    const PREFIXES: &[&str] = &[
        "PIP_",
        "PYTHON",
        "POETRY_",
        "UV_",
        "NPM_CONFIG_",
        "npm_config_",
        "YARN_",
        "GO",
        "CARGO_",
        "RUST",
        "BUNDLE_",
        "COMPOSER_",
        "APT_",
    ];
    let lower = name.to_ascii_lowercase();
    EXACT.contains(&name)
        || PREFIXES.iter().any(|p| name.starts_with(p))
        || lower.ends_with("_proxy")
}

/// The names a step uses at build time: what the builder expanded, and the
/// variables its RUN scripts reference. CMD, ENTRYPOINT and HEALTHCHECK run
/// later, in the container, and do not count.
fn used_names<'a>(checker: &'a Checker<'_>, step: &'a Step) -> Vec<&'a str> {
    let runs_later = checker
        .file
        .instructions
        .get(step.instruction)
        .is_some_and(|i| {
            matches!(
                i.keyword,
                Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck
            )
        });
    if runs_later {
        return Vec::new();
    }
    let mut names: Vec<&str> = step.references.iter().map(|r| r.name.as_str()).collect();
    for script in checker.scripts(step.instruction) {
        names.extend(script.script.variables.iter().map(|v| v.name.as_str()));
    }
    names
}

/// What comes next for a name, scanning a stage backwards.
#[derive(Clone, Copy)]
enum Next {
    /// Used at this step position.
    Use(usize),
    /// Declared again: an earlier ARG's value ends there.
    Redeclared,
}

impl DockerfileRule for ArgDeclaredBeforeUnrelatedRuns {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &checker.model.stages {
            // Positions (in `stage.steps`) of the RUN steps, in order.
            let runs: Vec<usize> = stage
                .steps
                .iter()
                .enumerate()
                .filter(|(_, step)| {
                    checker
                        .file
                        .instructions
                        .get(step.instruction)
                        .is_some_and(|i| i.keyword == Keyword::Run)
                })
                .map(|(position, _)| position)
                .collect();
            // One backward pass: for each ARG, the next step that uses it.
            let mut next: HashMap<&str, Next> = HashMap::new();
            for (position, step) in stage.steps.iter().enumerate().rev() {
                if let Expanded::Args(values) = &step.expanded {
                    for arg in values {
                        if let Some(Next::Use(use_position)) = next.get(arg.name.as_str()) {
                            self.judge(checker, stage, arg, position, *use_position, &runs, out);
                        }
                    }
                }
                for name in used_names(checker, step) {
                    next.insert(name, Next::Use(position));
                }
                if let Expanded::Args(values) = &step.expanded {
                    for arg in values {
                        next.insert(arg.name.as_str(), Next::Redeclared);
                    }
                }
            }
        }
    }
}

impl ArgDeclaredBeforeUnrelatedRuns {
    #[allow(clippy::too_many_arguments)]
    fn judge(
        &self,
        checker: &Checker<'_>,
        stage: &Stage,
        arg: &ArgValue,
        position: usize,
        use_position: usize,
        runs: &[usize],
        out: &mut Vec<Diagnostic>,
    ) {
        if arg.source == ArgSource::Automatic || read_from_environment(&arg.name) {
            return;
        }
        let first = runs.partition_point(|&r| r <= position);
        let last = runs.partition_point(|&r| r < use_position);
        let between = runs.get(first..last).unwrap_or(&[]);
        if between.is_empty() {
            return;
        }
        let Some(use_instruction) = stage
            .steps
            .get(use_position)
            .and_then(|s| checker.file.instructions.get(s.instruction))
        else {
            return;
        };
        let line_of = |position: &usize| {
            stage
                .steps
                .get(*position)
                .and_then(|s| checker.file.instructions.get(s.instruction))
                .map_or(0, |i| checker.line(i.range.start()))
        };
        let shown: Vec<String> = between
            .iter()
            .take(7)
            .map(|p| line_of(p).to_string())
            .collect();
        let shown = if between.len() > shown.len() {
            let mut shown = shown;
            shown.push(format!("{} more", between.len() - 7));
            shown
        } else {
            shown
        };
        let use_line = checker.line(use_instruction.range.start());
        let count = between.len();
        let message = format!(
            "ARG {} is first used on line {use_line}, but {} between (line{} {}) {} whenever \
             its value changes, because an ARG joins the environment of every later RUN. \
             Declare it right before line {use_line}",
            arg.name,
            if count == 1 { "the RUN" } else { "the RUNs" },
            if count == 1 { "" } else { "s" },
            super::common::list(&shown, 8),
            if count == 1 { "re-runs" } else { "re-run" },
        );
        out.push(
            checker
                .diagnostic(&Self::META, arg.range, message)
                .with_related(use_instruction.line_range, "first use"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::range_text;
    use crate::diagnostic::Severity;
    use crate::lint::test_support::{codes, findings};

    const CODE: &str = "LL1012";

    #[test]
    fn fires_with_unrelated_runs_before_the_first_use() {
        let text = "FROM debian:12\nARG APP_VERSION=1.0\nRUN apt-get update && apt-get install -y curl\nRUN useradd app\nRUN curl -fsSLo /app.tgz https://e.com/app-${APP_VERSION}.tgz\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Info);
        assert_eq!(range_text(text, &found[0]), "APP_VERSION=1.0");
        assert!(found[0].message.contains("first used on line 5"));
        assert!(
            found[0].message.contains("lines 3 and 4"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn declared_right_before_use_is_fine() {
        let text = "FROM debian:12\nRUN apt-get update\nARG V\nRUN echo $V\n";
        assert!(codes(text, CODE).is_empty());
        // Non-RUN instructions in between do not matter.
        let text = "FROM debian:12\nARG V=1\nWORKDIR /app\nCOPY . .\nRUN echo $V\n";
        assert!(codes(text, CODE).is_empty());
        // Never referenced: maybe read from the environment.
        assert!(codes("FROM debian:12\nARG V=1\nRUN make\n", CODE).is_empty());
        // Well-known environment variables and platform arguments.
        assert!(codes("FROM debian:12\nARG DEBIAN_FRONTEND=noninteractive\nRUN apt-get update\nRUN echo $DEBIAN_FRONTEND\n", CODE).is_empty());
        assert!(codes(
            "FROM debian:12\nARG TARGETARCH\nRUN apt-get update\nRUN echo $TARGETARCH\n",
            CODE
        )
        .is_empty());
    }

    #[test]
    fn uses_in_builder_expanded_instructions_and_heredocs() {
        let text = "FROM debian:12\nARG DIR=/srv\nRUN apt-get update\nWORKDIR ${DIR}\n";
        assert_eq!(codes(text, CODE), [2]);
        let text = "FROM debian:12\nARG V=1\nRUN make\nRUN <<EOF\necho \"$V\"\nEOF\n";
        assert_eq!(codes(text, CODE), [2]);
    }

    #[test]
    fn global_args_and_multi_stage() {
        // A global ARG is not in any RUN's environment until redeclared.
        let text = "ARG V=1\nFROM debian:12\nRUN make\nARG V\nRUN echo $V\n";
        assert!(codes(text, CODE).is_empty());
        let text = "ARG BASE=debian:12\nFROM ${BASE} AS a\nARG V\nRUN make\nRUN echo $V\nFROM ${BASE}\nARG V\nRUN echo $V\n";
        assert_eq!(codes(text, CODE), [3]);
    }

    #[test]
    fn a_pragma_silences_it() {
        let text = "FROM debian:12\n# hadolint ignore=LL1012\nARG V=1\nRUN make\nRUN echo $V\n";
        assert!(codes(text, CODE).is_empty());
    }
}
