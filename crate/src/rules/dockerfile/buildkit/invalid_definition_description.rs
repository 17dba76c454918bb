use crate::diagnostic::Diagnostic;
use crate::dockerfile::syntax::{Args, Instruction};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::text::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Experimental (off unless enabled in the configuration). Flags the
    /// comment directly above `FROM … AS name` or `ARG name` when it does
    /// not start with that name: BuildKit treats such a comment as the
    /// stage's or argument's description, shown by
    /// `docker buildx build --call=outline` and `--call=targets`, and
    /// expects `# name description`.
    ///
    /// Only the last comment line counts, and an empty `#` line ends a
    /// description, as in BuildKit's parser. For an `ARG` with several
    /// names, any of them may start the comment.
    ///
    /// ## Why is this bad?
    /// A comment that is not written as a description still shows up as
    /// one in the outline of the build, where it reads as nonsense.
    ///
    /// ## Example
    /// ```dockerfile
    /// # compile the server
    /// FROM golang:1.23 AS build
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// # build compiles the server
    /// FROM golang:1.23 AS build
    /// ```
    /// or separate the comment with an empty line.
    ///
    /// ## References
    /// - [InvalidDefinitionDescription](https://docs.docker.com/reference/build-checks/invalid-definition-description/)
    pub struct InvalidDefinitionDescription {
        code: "InvalidDefinitionDescription",
        name: "invalid-definition-description",
        origin: Buildkit,
        target: Dockerfile,
        severity: Warning,
        category: Style,
        summary: "Comment for build stage or argument should follow the format: `# <arg/stage name> <description>`",
        url: "https://docs.docker.com/reference/build-checks/invalid-definition-description/",
        enabled_by_default: false,
    }
}

/// What a description documents: how BuildKit calls the instruction, the
/// names the description may start with, and where they are written.
struct Definition {
    kind: &'static str,
    names: Vec<String>,
    range: TextRange,
}

fn definition(instruction: &Instruction) -> Option<Definition> {
    match &instruction.args {
        Args::From {
            stage_name: Some(name),
            ..
        } => Some(Definition {
            kind: "FROM",
            names: vec![name.text.to_lowercase()],
            range: name.range,
        }),
        Args::Arg(decls) => {
            let (first, last) = (decls.first()?, decls.last()?);
            Some(Definition {
                kind: "ARG",
                names: decls.iter().map(|d| d.name.text.clone()).collect(),
                range: first.name.range.cover(last.name.range),
            })
        }
        _ => None,
    }
}

impl DockerfileRule for InvalidDefinitionDescription {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for (_, instruction) in checker.instructions() {
            let Some(Definition { kind, names, range }) = definition(instruction) else {
                continue;
            };
            let Some(comment) = instruction
                .leading_comments
                .last()
                .and_then(|&i| checker.file.comments.get(i))
            else {
                continue;
            };
            // An empty `#` line resets the description in BuildKit's parser.
            if comment.text.is_empty() {
                continue;
            }
            let first_word = comment.text.split(' ').next().unwrap_or("");
            if names.iter().any(|n| n == first_word) {
                continue;
            }
            let example = if names.len() > 1 {
                "<arg_key>"
            } else {
                names[0].as_str()
            };
            // The finding belongs to the instruction (so that a
            // `# check=skip=` above it applies, as in BuildKit); the comment
            // is where the change goes.
            out.push(
                checker
                    .diagnostic(
                        &Self::META,
                        range,
                        format!(
                            "Comment for {kind} should follow the format: `# {example} <description>`"
                        ),
                    )
                    .with_related(comment.range, "the description comment"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::support::testing::{enabling, findings_with_options};
    use crate::lint::test_support::codes;

    const CODE: &str = "InvalidDefinitionDescription";

    fn lines(text: &str) -> Vec<u32> {
        findings_with_options(text, enabling(CODE), CODE)
            .iter()
            .map(|d| d.line)
            .collect()
    }

    #[test]
    fn off_by_default() {
        assert!(codes("# bar is not foo\nARG foo=bar\nFROM a\n", CODE).is_empty());
    }

    #[test]
    fn fires_on_comments_not_starting_with_the_name() {
        let text = "# bar this is the bar\nARG foo=bar\n# BasE this is the BasE image\nFROM scratch AS base\n# definitely a bad comment\nARG version=latest\n# definitely a bad comment\nARG foo=baz bar=qux baz=quux\n";
        assert_eq!(lines(text), [2, 4, 6, 8]);
        let found = findings_with_options(text, enabling(CODE), CODE);
        assert_eq!(
            found[0].message,
            "Comment for ARG should follow the format: `# foo <description>`"
        );
        assert_eq!(
            found[1].message,
            "Comment for FROM should follow the format: `# base <description>`"
        );
        assert_eq!(
            found[3].message,
            "Comment for ARG should follow the format: `# <arg_key> <description>`"
        );
    }

    #[test]
    fn silent_on_good_descriptions_and_other_instructions() {
        let text = "# foo this is the foo\nARG foo=bar\n\n# base this is the base image\nFROM scratch AS base\n\n# version this is the version number\nARG version=latest\n\n# baz this is the baz\nARG foo=baz bar=qux baz=quux\n#\nARG bit=bat\n\n# comment for something other than ARG or FROM\nCOPY Dockerfile .\n# a stage without a name has no description\nFROM scratch\n";
        assert!(lines(text).is_empty());
        // A blank line separates a comment from the instruction.
        assert!(lines("# some note\n\nARG foo\nFROM a\n").is_empty());
    }

    #[test]
    fn only_the_last_comment_line_counts() {
        assert!(lines("# a general note\n# foo the foo\nARG foo\nFROM a\n").is_empty());
        assert_eq!(lines("# foo the foo\n# more text\nARG foo\nFROM a\n"), [3]);
        let found = findings_with_options("# more text\nARG foo\nFROM a\n", enabling(CODE), CODE);
        assert_eq!(found[0].related[0].line, 1);
    }

    #[test]
    fn suppression() {
        let text = "# check=skip=InvalidDefinitionDescription\n# bar\nARG foo\nFROM a\n";
        assert!(lines(text).is_empty());
    }
}
