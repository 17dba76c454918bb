use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::dockerfile::syntax::{Args, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags the `MAINTAINER` instruction.
    ///
    /// ## Why is this bad?
    /// `MAINTAINER` has been deprecated since Docker 1.13. It only sets the
    /// image's `author` field, which tools no longer read; a label carries
    /// the same information where registries and scanners look for it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// MAINTAINER Jane Doe <jane@example.com>
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
    /// ```
    ///
    /// ## References
    /// - [MAINTAINER (deprecated)](https://docs.docker.com/reference/dockerfile/#maintainer-deprecated)
    pub struct MaintainerDeprecated {
        code: "DL4000",
        name: "maintainer-deprecated",
        origin: Hadolint,
        target: Dockerfile,
        severity: Error,
        category: Maintainability,
        summary: "MAINTAINER is deprecated",
        url: "https://github.com/hadolint/hadolint/wiki/DL4000",
    }
}

impl DockerfileRule for MaintainerDeprecated {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for (_, instruction) in checker.instructions() {
            if instruction.keyword != Keyword::Maintainer {
                continue;
            }
            let mut diagnostic = checker.diagnostic(
                &Self::META,
                instruction.line_range,
                "MAINTAINER is deprecated",
            );
            if let Args::Single(author) = &instruction.args {
                let escaped = author.text.replace('\\', "\\\\").replace('"', "\\\"");
                diagnostic = diagnostic.with_fix(Fix::new(
                    "Replace with an org.opencontainers.image.authors label",
                    vec![TextEdit::replace(
                        instruction.line_range,
                        format!("LABEL org.opencontainers.image.authors=\"{escaped}\""),
                    )],
                ));
            }
            out.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{assert_fixed, codes};

    #[test]
    fn fires_on_maintainer_only() {
        assert_eq!(codes("FROM a\nMAINTAINER me\n", "DL4000"), [2]);
        assert!(codes("FROM a\nLABEL maintainer=me\n", "DL4000").is_empty());
        assert_eq!(
            codes("FROM a\nONBUILD MAINTAINER me\n", "DL4000"),
            Vec::<u32>::new()
        );
    }

    #[test]
    fn fix_turns_it_into_a_label() {
        assert_fixed(
            "FROM a\nMAINTAINER Jane \"JD\" Doe\n",
            "DL4000",
            "FROM a\nLABEL org.opencontainers.image.authors=\"Jane \\\"JD\\\" Doe\"\n",
        );
    }
}
