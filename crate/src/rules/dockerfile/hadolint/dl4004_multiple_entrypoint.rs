use super::repeated_instruction::check_repeated;
use crate::diagnostic::Diagnostic;
use crate::dockerfile::syntax::Keyword;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags each `ENTRYPOINT` of a stage after the first.
    ///
    /// ## Why is this bad?
    /// Only the last `ENTRYPOINT` of a stage takes effect; the earlier ones
    /// are silently ignored.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENTRYPOINT ["/bin/setup"]
    /// ENTRYPOINT ["/bin/app"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENTRYPOINT ["/bin/app"]
    /// ```
    ///
    /// ## References
    /// - [hadolint DL4004](https://github.com/hadolint/hadolint/wiki/DL4004)
    /// - [ENTRYPOINT](https://docs.docker.com/reference/dockerfile/#entrypoint)
    pub struct MultipleEntrypoint {
        code: "DL4004",
        name: "multiple-entrypoint",
        origin: Hadolint,
        target: Dockerfile,
        severity: Error,
        category: Correctness,
        summary: "Multiple `ENTRYPOINT` instructions found",
        url: "https://github.com/hadolint/hadolint/wiki/DL4004",
    }
}

impl DockerfileRule for MultipleEntrypoint {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        check_repeated(
            checker,
            &Self::META,
            Keyword::Entrypoint,
            "Multiple `ENTRYPOINT` instructions found. If you list more than one `ENTRYPOINT` then only the last `ENTRYPOINT` will take effect",
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::codes;

    #[test]
    fn fires_on_later_entrypoints_of_a_stage() {
        assert_eq!(
            codes("FROM a\nENTRYPOINT a\nENTRYPOINT [\"b\"]\n", "DL4004"),
            [3]
        );
        for text in [
            "FROM a\nENTRYPOINT a\nFROM a\nENTRYPOINT b\n",
            "FROM a\nENTRYPOINT a\nONBUILD ENTRYPOINT b\n",
            "FROM a\nENTRYPOINT a\n# hadolint ignore=DL4004\nENTRYPOINT b\n",
        ] {
            assert!(codes(text, "DL4004").is_empty(), "{text}");
        }
    }
}
