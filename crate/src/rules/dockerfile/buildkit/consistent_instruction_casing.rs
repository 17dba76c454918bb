use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::dockerfile::syntax::{Instruction, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags an instruction keyword that is mixed-case (`Run`) or does not
    /// follow the casing most instructions of the file use (a `copy` among
    /// `COPY`s). On a tie, uppercase wins.
    ///
    /// As in BuildKit, the count covers the instructions of the build
    /// stages: `ARG`s before the first `FROM` are neither counted nor
    /// checked, and neither are `ONBUILD` triggers.
    ///
    /// ## Why is this bad?
    /// Keywords are case-insensitive, so this is about reading: a file in
    /// one casing is easier to scan, grep and review.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// run apk add --no-cache curl
    /// COPY . /app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl
    /// COPY . /app
    /// ```
    ///
    /// ## Fix
    /// Re-cases the keyword to the majority casing.
    ///
    /// ## References
    /// - [ConsistentInstructionCasing](https://docs.docker.com/reference/build-checks/consistent-instruction-casing/)
    pub struct ConsistentInstructionCasing {
        code: "ConsistentInstructionCasing",
        name: "consistent-instruction-casing",
        origin: Buildkit,
        target: Dockerfile,
        severity: Warning,
        category: Style,
        summary: "All commands within the Dockerfile should use the same casing (either upper or lower)",
        url: "https://docs.docker.com/reference/build-checks/consistent-instruction-casing/",
    }
}

/// The instructions BuildKit counts: everything from the first `FROM` on.
fn stage_instructions<'a>(checker: &Checker<'a>) -> impl Iterator<Item = &'a Instruction> {
    checker
        .file
        .instructions
        .iter()
        .skip_while(|i| i.keyword != Keyword::From)
        .filter(|i| i.keyword != Keyword::Unknown)
}

impl DockerfileRule for ConsistentInstructionCasing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let (mut lower, mut upper) = (0usize, 0usize);
        for instruction in stage_instructions(checker) {
            let name = &instruction.keyword_token.text;
            if *name == name.to_lowercase() {
                lower += 1;
            } else if *name == name.to_uppercase() {
                upper += 1;
            }
        }
        let majority_lower = lower > upper;
        for instruction in stage_instructions(checker) {
            let token = &instruction.keyword_token;
            let (wanted, casing) = if majority_lower {
                (token.text.to_lowercase(), "lowercase")
            } else {
                (token.text.to_uppercase(), "uppercase")
            };
            if wanted == token.text {
                continue;
            }
            out.push(
                checker
                    .diagnostic(
                        &Self::META,
                        token.range,
                        format!(
                            "Command '{}' should match the case of the command majority ({casing})",
                            token.text
                        ),
                    )
                    .with_fix(Fix::new(
                        format!("Write '{wanted}'"),
                        vec![TextEdit::replace(token.range, wanted)],
                    )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{assert_fixed, codes, findings};

    const CODE: &str = "ConsistentInstructionCasing";

    #[test]
    fn fires_on_mixed_case_keywords() {
        let found = findings("From scratch as base\nFROM scratch AS base2\n", CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "Command 'From' should match the case of the command majority (uppercase)"
        );
        let found = findings("frOM scratch as base\nfrom scratch as base2\n", CODE);
        assert_eq!(
            found[0].message,
            "Command 'frOM' should match the case of the command majority (lowercase)"
        );
    }

    #[test]
    fn fires_against_the_majority() {
        assert_eq!(
            codes(
                "FROM scratch\ncopy Dockerfile /foo\nCOPY Dockerfile /bar\n",
                CODE
            ),
            [2]
        );
        assert_eq!(
            codes(
                "from scratch\nCOPY Dockerfile /foo\ncopy Dockerfile /bar\n",
                CODE
            ),
            [2]
        );
        assert_eq!(
            codes("from scratch\nCOPY a /a\nCOPY b /b\nCOPY c /c\n", CODE),
            [1]
        );
        assert_eq!(
            codes("FROM scratch\ncopy a /a\ncopy b /b\ncopy c /c\n", CODE),
            [1]
        );
    }

    #[test]
    fn silent_on_consistent_files() {
        assert!(codes("from scratch\ncopy a /foo\ncopy b /bar\n", CODE).is_empty());
        assert!(codes("FROM scratch\nCOPY a /foo\n", CODE).is_empty());
        // Heredoc bodies are not instructions.
        assert!(codes("FROM alpine\nRUN <<'EOT'\nenv\nEOT\n", CODE).is_empty());
        // Global ARGs are not counted, as in BuildKit.
        assert!(codes("arg BASE=node:20\narg X=1\nFROM ${BASE}\nRUN x\n", CODE).is_empty());
    }

    #[test]
    fn multi_stage_counts_the_whole_file() {
        let text = "FROM a AS one\nRUN x\nFROM b AS two\nrun y\n";
        assert_eq!(codes(text, CODE), [4]);
    }

    #[test]
    fn suppression() {
        assert!(codes(
            "#check=skip=ConsistentInstructionCasing\nFROM scratch as base\ncopy Dockerfile .\n",
            CODE
        )
        .is_empty());
        assert!(codes(
            "FROM a\nRUN x\n# check=skip=ConsistentInstructionCasing\nrun y\n",
            CODE
        )
        .is_empty());
    }

    #[test]
    fn fix_recases_the_keyword() {
        assert_fixed("FROM a\nrun x\nRUN y\n", CODE, "FROM a\nRUN x\nRUN y\n");
        assert_fixed("from a\nrun x\nRun y\n", CODE, "from a\nrun x\nrun y\n");
    }
}
