use super::image_env::known_image_env;
use super::support::{closest_name, lineage};
use crate::diagnostic::Diagnostic;
use crate::dockerfile::expand::{self, ExpandOptions};
use crate::dockerfile::model::{Stage, Step};
use crate::dockerfile::syntax::{Args, Instruction, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::text::TextRange;
use std::collections::HashSet;

crate::declare_rule! {
    /// ## What it does
    /// Flags a `$VAR` that the builder expands (in `ENV`, `ARG` defaults,
    /// `LABEL`, `WORKDIR`, `USER`, `VOLUME`, `STOPSIGNAL`, `COPY`/`ADD`
    /// paths, `--chown` and unquoted heredocs, and `RUN --mount` options)
    /// when nothing defines it at that point: no `ENV` or `ARG` earlier in
    /// the stage or in the stage it derives from, and not the base image.
    /// An `ARG` declared without a value counts as defined (its value may
    /// come from `--build-arg`). When a defined name is close, the message
    /// suggests it.
    ///
    /// `RUN`, `CMD` and `ENTRYPOINT` commands are not checked: the shell
    /// expands those, at run time. `FROM` has its own check,
    /// `UndefinedArgInFrom`.
    ///
    /// ## Why is this bad?
    /// An undefined variable expands to an empty string without any error:
    /// `ENV PATH=$PAHT:/app/bin` loses the whole system `PATH`, and
    /// `COPY $DIST .` copies the entire build context. A global `ARG` (one
    /// before the first `FROM`) is not visible inside a stage until the
    /// stage declares it again with `ARG NAME`.
    ///
    /// BuildKit knows the base image's `ENV`; Layerlab knows the variables
    /// of popular official images (`NODE_VERSION`, `PYTHON_VERSION`,
    /// `JAVA_HOME`, `GOPATH`, …) and assumes other images set only `PATH`.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG VERSION=1.4.2
    /// FROM alpine:3.20
    /// ENV APP_VERSION=$VERSION
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ARG VERSION=1.4.2
    /// FROM alpine:3.20
    /// ARG VERSION
    /// ENV APP_VERSION=$VERSION
    /// ```
    ///
    /// ## References
    /// - [UndefinedVar](https://docs.docker.com/reference/build-checks/undefined-var/)
    /// - [Environment replacement](https://docs.docker.com/reference/dockerfile/#environment-replacement)
    pub struct UndefinedVar {
        code: "UndefinedVar",
        name: "undefined-var",
        origin: Buildkit,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Variables should be defined before their use",
        url: "https://docs.docker.com/reference/build-checks/undefined-var/",
    }
}

/// Build arguments BuildKit never puts in the environment, so never reports.
const NON_ENV_ARGS: [&str; 2] = ["BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"];

/// The source ranges of the words BuildKit expands (and reports unmatched
/// variables for) in `instruction`. Each word reports a variable once.
fn expanded_words(checker: &Checker<'_>, instruction: &Instruction) -> Vec<TextRange> {
    let flag_value = |name: &str| {
        instruction
            .flag(name)
            .and_then(|f| f.value.as_ref())
            .map(|v| v.range)
    };
    match (&instruction.keyword, &instruction.args) {
        (Keyword::Env | Keyword::Label, Args::KeyValues(pairs)) => pairs
            .iter()
            .flat_map(|p| [p.key.range, p.value.range])
            .collect(),
        (Keyword::Workdir | Keyword::User | Keyword::Stopsignal, Args::Single(token)) => {
            vec![token.range]
        }
        (Keyword::Volume, Args::List { items, .. }) => items.iter().map(|t| t.range).collect(),
        (Keyword::Arg, Args::Arg(decls)) => decls
            .iter()
            // A value given with --build-arg replaces the default unread.
            .filter(|d| !checker.model.options.build_args.contains_key(&d.name.text))
            .filter_map(|d| d.default.as_ref().map(|v| v.range))
            .collect(),
        (Keyword::Run, _) => instruction
            .flags_named("mount")
            .filter_map(|f| f.value.as_ref().map(|v| v.range))
            .collect(),
        (
            Keyword::Copy | Keyword::Add,
            Args::Paths {
                sources,
                destination,
                ..
            },
        ) => {
            let mut words: Vec<TextRange> = sources
                .iter()
                .filter(|s| !s.text.starts_with("<<"))
                .map(|s| s.range)
                .collect();
            words.push(destination.range);
            words.extend(flag_value("chown"));
            if instruction.keyword == Keyword::Add {
                words.extend(flag_value("checksum"));
            }
            words
        }
        _ => Vec::new(),
    }
}

/// Names declared by `ARG` (with or without a value) before `instruction`
/// in `stage`, or anywhere in the stages it derives from.
fn declared_args(checker: &Checker<'_>, stage: &Stage, instruction: usize) -> HashSet<String> {
    let chain = lineage(checker.model, stage);
    let mut names = HashSet::new();
    for (depth, s) in chain.iter().enumerate() {
        for step in &s.steps {
            if depth == 0 && step.instruction >= instruction {
                break;
            }
            if let Some(Instruction {
                args: Args::Arg(decls),
                ..
            }) = checker.file.instructions.get(step.instruction)
            {
                names.extend(decls.iter().map(|d| d.name.text.clone()));
            }
        }
    }
    names
}

/// An undefined variable found in one word.
struct Undefined {
    name: String,
    range: TextRange,
}

/// Undefined variables in the builder-expanded words of a step.
fn undefined_in_words(
    checker: &Checker<'_>,
    instruction: &Instruction,
    step: &Step,
) -> Vec<Undefined> {
    let words = expanded_words(checker, instruction);
    let mut seen: HashSet<(usize, &str)> = HashSet::new();
    let mut found = Vec::new();
    for reference in step.references.iter().filter(|r| !r.defined) {
        let Some(word) = words.iter().position(|w| w.contains_range(reference.range)) else {
            continue;
        };
        if seen.insert((word, reference.name.as_str())) {
            found.push(Undefined {
                name: reference.name.clone(),
                range: reference.range,
            });
        }
    }
    found
}

/// Undefined variables in the unquoted heredocs of COPY and ADD, which
/// BuildKit expands (without processing quotes) into the file it writes.
fn undefined_in_heredocs(
    checker: &Checker<'_>,
    instruction: &Instruction,
    env: &[(&str, &str)],
) -> Vec<Undefined> {
    if !matches!(instruction.keyword, Keyword::Copy | Keyword::Add) {
        return Vec::new();
    }
    let options = ExpandOptions {
        skip_process_quotes: true,
        ..ExpandOptions::with_escape('\\')
    };
    let mut found = Vec::new();
    for heredoc in instruction.heredocs.iter().filter(|h| h.expand) {
        let Ok(expansion) = expand::expand_word(&heredoc.content, env, &options) else {
            continue;
        };
        // Offsets map back to the source only when no tabs were stripped.
        let exact = heredoc.body.slice(checker.text) == heredoc.content;
        let mut seen = HashSet::new();
        for reference in expansion.undefined() {
            if !seen.insert(reference.name.clone()) {
                continue;
            }
            let range = if exact {
                TextRange::new(
                    heredoc.body.start() + reference.range.start(),
                    heredoc.body.start() + reference.range.end(),
                )
            } else {
                heredoc.body
            };
            found.push(Undefined {
                name: reference.name.clone(),
                range,
            });
        }
    }
    found
}

impl DockerfileRule for UndefinedVar {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &checker.model.stages {
            let image_env = known_image_env(checker.model, stage);
            for step in stage.steps.iter().skip(1) {
                let Some(instruction) = checker.file.instructions.get(step.instruction) else {
                    continue;
                };
                let env = stage.env_at(&step.state);
                let mut undefined = undefined_in_words(checker, instruction, step);
                undefined.extend(undefined_in_heredocs(checker, instruction, &env));
                if undefined.is_empty() {
                    continue;
                }
                let declared = declared_args(checker, stage, step.instruction);
                for Undefined { name, range } in undefined {
                    if name.is_empty()
                        || declared.contains(&name)
                        || NON_ENV_ARGS.contains(&name.as_str())
                        || image_env.contains(&name.as_str())
                    {
                        continue;
                    }
                    let options = env.iter().map(|(k, _)| *k).chain(image_env.iter().copied());
                    let mut message = format!("Usage of undefined variable '${name}'");
                    if let Some(suggestion) = closest_name(&name, options) {
                        message.push_str(&format!(" (did you mean ${suggestion}?)"));
                    }
                    out.push(checker.diagnostic(&Self::META, range, message));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::support::testing::{build_args, findings_with_options};
    use crate::lint::test_support::{codes, findings};

    const CODE: &str = "UndefinedVar";

    #[test]
    fn args_without_value_and_inherited_args_are_defined() {
        assert!(codes("FROM scratch\nARG foo\nCOPY Dockerfile${foo} .\n", CODE).is_empty());
        assert!(codes(
            "FROM alpine AS base\nARG foo=Dockerfile\n\nFROM base\nCOPY $foo .\n",
            CODE
        )
        .is_empty());
        assert!(codes("FROM alpine\nENV A=1\nENV B=$A\nLABEL x=$A\n", CODE).is_empty());
        assert!(codes("FROM alpine\nENV PATH=$PATH:/app/bin\n", CODE).is_empty());
    }

    #[test]
    fn run_cmd_and_entrypoint_are_left_to_the_shell() {
        let text = "FROM alpine\nRUN echo $UNSET\nCMD echo $UNSET\nENTRYPOINT [\"sh\", \"-c\", \"$UNSET\"]\nHEALTHCHECK CMD test $UNSET\n";
        assert!(codes(text, CODE).is_empty());
        // RUN heredocs too.
        assert!(codes("FROM alpine\nRUN <<EOF\necho $UNSET\nEOF\n", CODE).is_empty());
    }

    #[test]
    fn fires_before_the_definition() {
        let found = findings(
            "FROM alpine\nCOPY $foo .\nARG foo=bar\nRUN echo $foo\n",
            CODE,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 2);
        assert_eq!(found[0].message, "Usage of undefined variable '$foo'");
        assert_eq!((found[0].column, found[0].end_column), (6, 10));
    }

    #[test]
    fn suggests_close_names() {
        let text = "FROM alpine\nARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\nARG DIR_CONFIG=config/\nCOPY $DIR_ASSET .\n";
        assert_eq!(
            findings(text, CODE)[0].message,
            "Usage of undefined variable '$DIR_ASSET' (did you mean $DIR_ASSETS?)"
        );
        assert_eq!(
            findings("FROM alpine\nENV PATH=$PAHT:/tmp/bin\n", CODE)[0].message,
            "Usage of undefined variable '$PAHT' (did you mean $PATH?)"
        );
    }

    #[test]
    fn global_args_must_be_redeclared_in_the_stage() {
        let text = "ARG VERSION=1\nFROM alpine\nENV V=$VERSION\n";
        assert_eq!(codes(text, CODE), [3]);
        let text = "ARG VERSION=1\nFROM alpine\nARG VERSION\nENV V=$VERSION\n";
        assert!(codes(text, CODE).is_empty());
        // ARG-based images: the global ARG serves FROM, not the stage.
        let text = "ARG BASE=node:20\nFROM ${BASE}\nLABEL base=$BASE\n";
        assert_eq!(codes(text, CODE), [3]);
    }

    #[test]
    fn same_instruction_definitions_are_not_visible_to_env() {
        // BuildKit expands every word of an ENV before setting any.
        assert_eq!(codes("FROM alpine\nENV A=1 B=$A\n", CODE), [2]);
        // ARG defines its names one after the other.
        assert!(codes("FROM alpine\nARG A=1 B=$A\n", CODE).is_empty());
    }

    #[test]
    fn every_builder_expanded_instruction() {
        let text = "FROM alpine\nWORKDIR /$W\nUSER $U\nVOLUME $V\nSTOPSIGNAL $S\nLABEL l=$L\nARG a=$A\nCOPY --chown=$C src /dst\nADD $D /x\nRUN --mount=type=cache,target=$M true\n";
        assert_eq!(codes(text, CODE), [2, 3, 4, 5, 6, 7, 8, 9, 10]);
        // Not expanded with reporting: EXPOSE, COPY --chmod and --from.
        assert!(codes("FROM alpine\nEXPOSE $PORT\nCOPY --chmod=$MODE a /b\n", CODE).is_empty());
    }

    #[test]
    fn one_report_per_word() {
        assert_eq!(codes("FROM alpine\nCOPY $X$X/a $X/b\n", CODE), [2, 2]);
    }

    #[test]
    fn copy_heredocs_expand_unless_quoted() {
        let found = findings("FROM alpine\nCOPY <<EOF /conf\nport=$PORT\nEOF\n", CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 3);
        assert_eq!((found[0].column, found[0].end_column), (6, 11));
        assert!(codes("FROM alpine\nCOPY <<'EOF' /conf\nport=$PORT\nEOF\n", CODE).is_empty());
        assert!(codes(
            "FROM alpine\nARG PORT\nCOPY <<EOF /conf\nport=$PORT\nEOF\n",
            CODE
        )
        .is_empty());
    }

    #[test]
    fn base_image_env_is_known_for_popular_images() {
        assert!(codes("FROM python:3.12\nARG VERSION=$PYTHON_VERSION\n", CODE).is_empty());
        assert!(codes(
            "FROM node:22-alpine AS base\nFROM base\nENV V=$NODE_VERSION\n",
            CODE
        )
        .is_empty());
        assert_eq!(
            codes("FROM alpine\nARG VERSION=$PYTHON_VERSION\n", CODE),
            [2]
        );
        assert_eq!(codes("FROM scratch\nENV G=$GOPATH\n", CODE), [2]);
    }

    #[test]
    fn build_args_replace_defaults_unread() {
        let text = "FROM alpine\nARG A=$UNSET\n";
        assert_eq!(codes(text, CODE), [2]);
        assert!(findings_with_options(text, build_args(&[("A", "x")]), CODE).is_empty());
    }

    #[test]
    fn suppression() {
        assert!(codes("# check=skip=UndefinedVar\nFROM a\nENV A=$B\n", CODE).is_empty());
        assert!(codes("FROM a\n# check=skip=UndefinedVar\nENV A=$B\n", CODE).is_empty());
        assert_eq!(
            codes(
                "FROM a\n# check=skip=UndefinedVar\nENV A=$B\nENV C=$D\n",
                CODE
            ),
            [4]
        );
    }
}
