use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::text::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags blank lines inside an instruction continued with `\`.
    ///
    /// ## Why is this bad?
    /// BuildKit skips such lines today, so the instruction goes on after
    /// them, but it warns that they "will become errors in a future
    /// release". They also hide mistakes: a forgotten `\` before a blank
    /// line silently glues the next instruction onto this one.
    ///
    /// BuildKit reports the instruction's last line; Layerlab points at the
    /// first blank line, once per instruction as BuildKit does.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && \
    ///
    ///     apt-get install -y curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update && \
    ///     apt-get install -y curl
    /// ```
    ///
    /// ## Fix
    /// Deletes the blank lines; the instruction means exactly what it
    /// meant before.
    ///
    /// ## References
    /// - [NoEmptyContinuation](https://docs.docker.com/reference/build-checks/no-empty-continuation/)
    pub struct NoEmptyContinuation {
        code: "NoEmptyContinuation",
        name: "no-empty-continuation",
        origin: Buildkit,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Empty continuation lines will become errors in a future release",
        url: "https://docs.docker.com/reference/build-checks/no-empty-continuation/",
    }
}

/// The whole line starting at `line.start`, its terminator included.
fn full_line(text: &str, line: TextRange) -> TextRange {
    let end = text
        .get(line.end()..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |i| line.end() + i + 1);
    TextRange::new(line.start(), end)
}

impl DockerfileRule for NoEmptyContinuation {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for (_, instruction) in checker.instructions() {
            let Some(&first) = instruction.empty_continuation_lines.first() else {
                continue;
            };
            let edits = instruction
                .empty_continuation_lines
                .iter()
                .map(|&line| TextEdit::delete(full_line(checker.text, line)))
                .collect();
            let mut diagnostic = checker
                .diagnostic(&Self::META, first, "Empty continuation line")
                .with_fix(Fix::new("Delete the empty continuation lines", edits));
            for &other in &instruction.empty_continuation_lines[1..] {
                diagnostic = diagnostic.with_related(other, "another empty continuation line");
            }
            out.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{assert_fixed, codes, findings};

    const CODE: &str = "NoEmptyContinuation";

    #[test]
    fn fires_once_per_instruction_at_the_first_blank_line() {
        let text = "\nFROM scratch\n# warning: empty continuation line\nCOPY Dockerfile \\\n\n.\nCOPY Dockerfile \\\n.\n";
        assert_eq!(codes(text, CODE), [5]);
        let text = "FROM a\nRUN a \\\n  \n\t\n  b\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "Empty continuation line");
        assert_eq!(found[0].related.len(), 1);
    }

    #[test]
    fn comments_inside_a_continuation_are_not_blank_lines() {
        assert!(codes("FROM a\nRUN a \\\n# note\n  b\n", CODE).is_empty());
    }

    #[test]
    fn blank_lines_in_heredocs_and_between_instructions_are_fine() {
        assert!(codes(
            "FROM a\n\nRUN <<EOF\necho a\n\necho b\nEOF\n\nRUN b\n",
            CODE
        )
        .is_empty());
        assert!(codes("FROM a\nCOPY <<EOF /x\n\nEOF\n", CODE).is_empty());
    }

    #[test]
    fn suppression() {
        assert!(codes(
            "# check=skip=NoEmptyContinuation\nFROM a\nRUN a \\\n\n b\n",
            CODE
        )
        .is_empty());
        assert!(codes("FROM a\n# check=skip=all\nRUN a \\\n\n b\n", CODE).is_empty());
    }

    #[test]
    fn fix_deletes_the_blank_lines() {
        assert_fixed(
            "FROM a\nRUN apt-get update && \\\n\n    apt-get install -y curl\n",
            CODE,
            "FROM a\nRUN apt-get update && \\\n    apt-get install -y curl\n",
        );
        assert_fixed(
            "FROM a\r\nRUN a \\\r\n  \r\n\r\n  b\r\n",
            CODE,
            "FROM a\r\nRUN a \\\r\n  b\r\n",
        );
    }
}
