use crate::diagnostic::Diagnostic;
use crate::dockerfile::syntax::{Instruction, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::text::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags a RUN that directly follows another RUN (comments in between
    /// are fine, any other instruction is not) with the same flags
    /// (`--mount`, `--network`, `--security`), when both run a single
    /// command.
    ///
    /// hadolint's source says "at most two commands each", but it counts
    /// every simple command twice, so in practice it only fires for
    /// single-command RUNs (`RUN a && b` after `RUN c` is not reported);
    /// Layerlab does what hadolint does. RUNs that chain commands were
    /// split on purpose, usually to keep a slow step cached on its own.
    ///
    /// ## Why is this bad?
    /// Each RUN makes a layer. Steps that belong together (`apt-get update`
    /// and `apt-get install`, a download and its extraction) split over
    /// several RUNs make the image larger and the cache less useful: the
    /// first can be served from a stale cache while the second changes.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl=8.9.1-r2
    /// RUN adduser -D app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl=8.9.1-r2 \
    ///  && adduser -D app
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3059](https://github.com/hadolint/hadolint/wiki/DL3059)
    /// - [Minimize the number of layers](https://docs.docker.com/build/building/best-practices/#minimize-the-number-of-layers)
    pub struct ConsecutiveRuns {
        code: "DL3059",
        name: "consecutive-runs",
        origin: Hadolint,
        target: Dockerfile,
        severity: Info,
        category: Size,
        summary: "Multiple consecutive `RUN` instructions",
        url: "https://github.com/hadolint/hadolint/wiki/DL3059",
    }
}

/// The previous RUN, if the instruction before this one was a RUN.
struct PreviousRun {
    flags: Vec<(String, String)>,
    commands: usize,
    keyword: TextRange,
}

impl DockerfileRule for ConsecutiveRuns {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let mut previous: Option<PreviousRun> = None;
        for (index, instruction) in checker.instructions() {
            if instruction.keyword != Keyword::Run {
                previous = None;
                continue;
            }
            let current = PreviousRun {
                flags: flag_key(instruction),
                commands: command_count(checker, index, instruction),
                keyword: instruction.keyword_token.range,
            };
            if let Some(before) = &previous {
                if before.flags == current.flags && before.commands <= 1 && current.commands <= 1 {
                    out.push(
                        checker
                            .diagnostic(
                                &Self::META,
                                current.keyword,
                                "Multiple consecutive `RUN` instructions. Consider consolidation.",
                            )
                            .with_related(before.keyword, "the previous RUN"),
                    );
                }
            }
            previous = Some(current);
        }
    }
}

/// The flags, order aside (`--mount`s are a set to BuildKit).
fn flag_key(instruction: &Instruction) -> Vec<(String, String)> {
    let mut flags: Vec<(String, String)> = instruction
        .flags
        .iter()
        .map(|f| {
            (
                f.name.text.to_ascii_lowercase(),
                f.value_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    flags.sort();
    flags
}

/// How many commands a RUN runs: simple commands with a name in its command
/// line and shell heredoc bodies (those of `$( )` included, strings run by
/// `sh -c` not, as hadolint sees them); an exec-form RUN runs one.
fn command_count(checker: &Checker<'_>, index: usize, instruction: &Instruction) -> usize {
    if instruction.command().is_some_and(|c| c.is_exec()) {
        return 1;
    }
    checker
        .scripts(index)
        .iter()
        .flat_map(|s| s.script.commands.iter())
        .filter(|c| !c.words.is_empty() && !c.context.nested_shell)
        .count()
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn fires_on_consecutive_single_command_runs() {
        let text = "FROM a\nRUN apk add x\n# a comment\n\nRUN adduser -D app\nRUN mkdir /x\n";
        let found = findings(text, "DL3059");
        assert_eq!(found.iter().map(|d| d.line).collect::<Vec<_>>(), [5, 6]);
        assert_eq!(found[0].range.slice(text), "RUN");
        assert_eq!(found[0].related.len(), 1);
        assert_eq!(codes("FROM a\nRUN [\"a\"]\nRUN [\"b\"]\n", "DL3059"), [3]);
        assert_eq!(
            codes(
                "FROM a\nRUN --mount=type=cache,target=/c a\nRUN --mount=type=cache,target=/c b\n",
                "DL3059"
            ),
            [3]
        );
    }

    #[test]
    fn chains_other_flags_and_other_instructions_reset() {
        for text in [
            "FROM a\nRUN a\nRUN b && c\n",
            "FROM a\nRUN a && b\nRUN c\n",
            "FROM a\nRUN a\nENV X=1\nRUN b\n",
            "FROM a\nRUN a\nFROM b\nRUN b\n",
            "FROM a\nRUN a\nRUN --network=none b\n",
            "FROM a\nRUN a\nONBUILD RUN b\n",
            "FROM a\nRUN echo $(date)\nRUN b\n",
            "FROM a\nRUN <<EOF\napk update\napk add git\nEOF\nRUN b\n",
            "FROM a\nRUN a\n# hadolint ignore=DL3059\nRUN b\n",
        ] {
            assert!(codes(text, "DL3059").is_empty(), "{text}");
        }
        // A single-command heredoc counts one command.
        assert_eq!(
            codes("FROM a\nRUN a\nRUN <<EOF\napk update\nEOF\n", "DL3059"),
            [3]
        );
    }
}
