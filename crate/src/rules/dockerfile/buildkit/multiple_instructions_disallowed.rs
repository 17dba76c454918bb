use super::support::keyword_as_written;
use crate::diagnostic::Diagnostic;
use crate::dockerfile::syntax::{Instruction, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags a `CMD`, `ENTRYPOINT` or `HEALTHCHECK` that a later one of the
    /// same kind in the same stage overrides. The finding points at the
    /// earlier instruction, the one that has no effect.
    ///
    /// Each stage starts afresh: a `CMD` in a stage that derives from
    /// another one (`FROM base`) legitimately replaces the base's.
    ///
    /// ## Why is this bad?
    /// Only the last of these instructions counts. An earlier one is dead
    /// code that readers take at face value, and often a sign that two
    /// snippets were merged without noticing.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// CMD ["npm", "start"]
    /// COPY . .
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22
    /// COPY . .
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## References
    /// - [MultipleInstructionsDisallowed](https://docs.docker.com/reference/build-checks/multiple-instructions-disallowed/)
    pub struct MultipleInstructionsDisallowed {
        code: "MultipleInstructionsDisallowed",
        name: "multiple-instructions-disallowed",
        origin: Buildkit,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Multiple instructions of the same type should not be used in the same stage",
        url: "https://docs.docker.com/reference/build-checks/multiple-instructions-disallowed/",
    }
}

const ONCE_PER_STAGE: [Keyword; 3] = [Keyword::Cmd, Keyword::Entrypoint, Keyword::Healthcheck];

impl DockerfileRule for MultipleInstructionsDisallowed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &checker.model.stages {
            for keyword in ONCE_PER_STAGE {
                let of_kind: Vec<&Instruction> = stage
                    .steps
                    .iter()
                    .filter_map(|s| checker.file.instructions.get(s.instruction))
                    .filter(|i| i.keyword == keyword)
                    .collect();
                for pair in of_kind.windows(2) {
                    let (earlier, later) = (pair[0], pair[1]);
                    out.push(
                        checker
                            .diagnostic(
                                &Self::META,
                                earlier.line_range,
                                format!(
                                    "Multiple {} instructions should not be used in the same stage because only the last one will be used",
                                    keyword_as_written(later)
                                ),
                            )
                            .with_related(later.keyword_token.range, "overridden by this one"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    const CODE: &str = "MultipleInstructionsDisallowed";

    #[test]
    fn points_at_the_ignored_instructions() {
        let text = "FROM scratch\nENTRYPOINT [\"/myapp\"]\nENTRYPOINT [\"/myotherapp\"]\nCMD [\"/myapp\"]\nCMD [\"/myotherapp\"]\nHEALTHCHECK CMD [\"/myapp\"]\nHEALTHCHECK CMD [\"/myotherapp\"]\n";
        assert_eq!(codes(text, CODE), [2, 4, 6]);
        let found = findings(text, CODE);
        assert_eq!(
            found[0].message,
            "Multiple ENTRYPOINT instructions should not be used in the same stage because only the last one will be used"
        );
        assert_eq!(found[0].related.len(), 1);
    }

    #[test]
    fn other_instructions_in_between_do_not_matter() {
        let text = "FROM scratch\nENTRYPOINT [\"/myapp\"]\nCMD [\"/myapp\"]\nHEALTHCHECK CMD [\"/myapp\"]\nCOPY <<EOF /a.txt\nHello, World!\nEOF\nENTRYPOINT [\"/myotherapp\"]\nCMD [\"/myotherapp\"]\nHEALTHCHECK CMD [\"/myotherapp\"]\n";
        assert_eq!(codes(text, CODE), [2, 3, 4]);
        assert_eq!(codes("FROM a\nCMD a\nCMD b\nCMD c\n", CODE), [2, 3]);
        assert_eq!(
            codes("FROM a\nHEALTHCHECK NONE\nHEALTHCHECK CMD true\n", CODE),
            [2]
        );
    }

    #[test]
    fn stages_are_independent() {
        let text = "FROM scratch AS a\nENTRYPOINT [\"/myapp\"]\nCMD [\"/myapp\"]\nHEALTHCHECK CMD [\"/myapp\"]\n\nFROM a AS b\nENTRYPOINT [\"/myotherapp\"]\nCMD [\"/myotherapp\"]\nHEALTHCHECK CMD [\"/myotherapp\"]\n";
        assert!(codes(text, CODE).is_empty());
        assert!(codes(
            "ARG BASE=node:20\nFROM ${BASE}\nCMD a\nFROM x\nCMD b\n",
            CODE
        )
        .is_empty());
        // ONBUILD triggers run in another build.
        assert!(codes("FROM a\nONBUILD CMD a\nCMD b\n", CODE).is_empty());
    }

    #[test]
    fn suppression() {
        assert!(codes(
            "FROM a\n# check=skip=MultipleInstructionsDisallowed\nCMD a\nCMD b\n",
            CODE
        )
        .is_empty());
        assert!(codes("# check=skip=all\nFROM a\nCMD a\nCMD b\n", CODE).is_empty());
    }
}
