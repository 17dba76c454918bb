use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::dockerfile::syntax::{Args, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags the `MAINTAINER` instruction.
    ///
    /// ## Why is this bad?
    /// `MAINTAINER` is deprecated. It only fills the image's `author`
    /// field, which registries and scanners no longer read; the
    /// `org.opencontainers.image.authors` label is where they look.
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
    /// ## Fix
    /// Replaces the instruction with that label.
    ///
    /// ## References
    /// - [MaintainerDeprecated](https://docs.docker.com/reference/build-checks/maintainer-deprecated/)
    /// - [MAINTAINER (deprecated)](https://docs.docker.com/reference/dockerfile/#maintainer-deprecated)
    pub struct MaintainerDeprecated {
        code: "MaintainerDeprecated",
        name: "maintainer-deprecated",
        origin: Buildkit,
        target: Dockerfile,
        severity: Warning,
        category: Maintainability,
        summary: "The MAINTAINER instruction is deprecated, use a label instead to define an image author",
        url: "https://docs.docker.com/reference/build-checks/maintainer-deprecated/",
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
                "Maintainer instruction is deprecated in favor of using label",
            );
            if let Args::Single(author) = &instruction.args {
                let escaped = author
                    .text
                    .replace('\\', "\\\\")
                    .replace('"', "\\\"")
                    .replace('$', "\\$");
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
    use crate::lint::test_support::{assert_fixed, codes, findings};

    const CODE: &str = "MaintainerDeprecated";

    #[test]
    fn fires_on_maintainer() {
        let found = findings("FROM scratch\nMAINTAINER me@example.org\n", CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 2);
        assert_eq!(
            found[0].message,
            "Maintainer instruction is deprecated in favor of using label"
        );
        assert_eq!(codes("FROM a AS one\nFROM b\nmaintainer me\n", CODE), [3]);
    }

    #[test]
    fn silent_on_labels() {
        assert!(codes(
            "FROM scratch\nLABEL org.opencontainers.image.authors=\"me@example.org\"\n",
            CODE
        )
        .is_empty());
        assert!(codes("FROM a\nRUN echo MAINTAINER\n", CODE).is_empty());
    }

    #[test]
    fn suppression() {
        assert!(codes(
            "FROM scratch\n# check=skip=MaintainerDeprecated\nMAINTAINER me@example.org\n",
            CODE
        )
        .is_empty());
        assert!(codes("# check=skip=all\nFROM scratch\nMAINTAINER me\n", CODE).is_empty());
    }

    #[test]
    fn fix_turns_it_into_a_label() {
        assert_fixed(
            "FROM a\nMAINTAINER Jane \"JD\" Doe $HOME\n",
            CODE,
            "FROM a\nLABEL org.opencontainers.image.authors=\"Jane \\\"JD\\\" Doe \\$HOME\"\n",
        );
    }
}
