use crate::diagnostic::Diagnostic;
use crate::dockerfile::syntax::Keyword;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags every instruction other than `ARG` before the first `FROM`.
    /// Comments and parser directives are fine.
    ///
    /// ## Why is this bad?
    /// Only `ARG` may come before `FROM` (its value can then be used in
    /// `FROM` lines). Anything else is rejected by the builder.
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL org.opencontainers.image.title="demo"
    /// FROM alpine:3.20
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.title="demo"
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3061](https://github.com/hadolint/hadolint/wiki/DL3061)
    /// - [FROM](https://docs.docker.com/reference/dockerfile/#from)
    pub struct InstructionBeforeFrom {
        code: "DL3061",
        name: "instruction-before-from",
        origin: Hadolint,
        target: Dockerfile,
        severity: Error,
        category: Correctness,
        summary: "Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment",
        url: "https://github.com/hadolint/hadolint/wiki/DL3061",
    }
}

impl DockerfileRule for InstructionBeforeFrom {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for (_, instruction) in checker.instructions() {
            match instruction.keyword {
                Keyword::From => break,
                Keyword::Arg => {}
                _ => out.push(checker.diagnostic(
                    &Self::META,
                    instruction.keyword_token.range,
                    "Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment.",
                )),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn fires_on_instructions_before_from() {
        let text = "# syntax=docker/dockerfile:1\nARG V=1\nENV X=1\nRUN x\nFROM a\nENV Y=2\n";
        let found = findings(text, "DL3061");
        assert_eq!(found.iter().map(|d| d.line).collect::<Vec<_>>(), [3, 4]);
        assert_eq!(found[0].range.slice(text), "ENV");
    }

    #[test]
    fn args_and_comments_first_pass() {
        for text in [
            "FROM a\nRUN x\n",
            "# comment\nARG A=1\nARG B\nFROM a:$A\n",
            "# hadolint ignore=DL3061\nLABEL x=y\nFROM a\n",
        ] {
            assert!(codes(text, "DL3061").is_empty(), "{text}");
        }
    }
}
