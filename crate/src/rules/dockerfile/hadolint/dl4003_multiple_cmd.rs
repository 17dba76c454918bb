use super::repeated_instruction::check_repeated;
use crate::diagnostic::Diagnostic;
use crate::dockerfile::syntax::Keyword;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags each `CMD` of a stage after the first.
    ///
    /// ## Why is this bad?
    /// Only the last `CMD` of a stage takes effect; the earlier ones are
    /// silently ignored, which usually means a mistake (two commands meant
    /// to run together, or leftovers of an edit).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// CMD ["python", "migrate.py"]
    /// CMD ["python", "app.py"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// CMD ["sh", "-c", "python migrate.py && exec python app.py"]
    /// ```
    ///
    /// ## References
    /// - [hadolint DL4003](https://github.com/hadolint/hadolint/wiki/DL4003)
    /// - [CMD](https://docs.docker.com/reference/dockerfile/#cmd)
    pub struct MultipleCmd {
        code: "DL4003",
        name: "multiple-cmd",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Multiple `CMD` instructions found",
        url: "https://github.com/hadolint/hadolint/wiki/DL4003",
    }
}

impl DockerfileRule for MultipleCmd {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        check_repeated(
            checker,
            &Self::META,
            Keyword::Cmd,
            "Multiple `CMD` instructions found. If you list more than one `CMD` then only the last `CMD` will take effect",
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn fires_on_later_cmds_of_a_stage() {
        let text = "FROM a\nCMD a\nCMD b\nCMD c\n";
        let found = findings(text, "DL4003");
        assert_eq!(found.iter().map(|d| d.line).collect::<Vec<_>>(), [3, 4]);
        assert_eq!(found[0].range.slice(text), "CMD");
        for text in [
            "FROM a\nCMD a\nFROM b\nCMD b\n",
            "FROM a\nCMD a\nONBUILD CMD b\n",
            "FROM a\nCMD a\n# hadolint ignore=DL4003\nCMD b\n",
        ] {
            assert!(codes(text, "DL4003").is_empty(), "{text}");
        }
    }
}
