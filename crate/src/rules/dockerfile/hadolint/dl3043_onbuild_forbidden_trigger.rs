use crate::diagnostic::Diagnostic;
use crate::dockerfile::syntax::{Args, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`.
    ///
    /// ## Why is this bad?
    /// The builder refuses these triggers: chaining ONBUILD is not allowed,
    /// and FROM or MAINTAINER cannot run in a child build. The image that
    /// uses this one as its base fails to build.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ONBUILD FROM alpine:3.20
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ONBUILD COPY . /app/
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3043](https://github.com/hadolint/hadolint/wiki/DL3043)
    /// - [ONBUILD](https://docs.docker.com/reference/dockerfile/#onbuild)
    pub struct OnbuildForbiddenTrigger {
        code: "DL3043",
        name: "onbuild-forbidden-trigger",
        origin: Hadolint,
        target: Dockerfile,
        severity: Error,
        category: Correctness,
        summary: "`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction",
        url: "https://github.com/hadolint/hadolint/wiki/DL3043",
    }
}

impl DockerfileRule for OnbuildForbiddenTrigger {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for (_, instruction) in checker.instructions() {
            if instruction.keyword != Keyword::Onbuild {
                continue;
            }
            let trigger = match &instruction.args {
                Args::Onbuild(inner) => Some((inner.keyword, inner.keyword_token.range)),
                Args::Invalid(args) => {
                    let word = args.text.split_whitespace().next().unwrap_or_default();
                    let start = args.text.len() - args.text.trim_start().len();
                    Some((
                        Keyword::parse(word),
                        instruction.token_subrange(args, start, start + word.len()),
                    ))
                }
                _ => None,
            };
            if let Some((Keyword::Onbuild | Keyword::From | Keyword::Maintainer, range)) = trigger {
                out.push(checker.diagnostic(
                    &Self::META,
                    range,
                    "`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction.",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn fires_on_forbidden_triggers() {
        let text = "FROM a\nONBUILD FROM b\n";
        assert_eq!(findings(text, "DL3043")[0].range.slice(text), "FROM");
        assert_eq!(codes("FROM a\nONBUILD MAINTAINER me\n", "DL3043"), [2]);
        assert_eq!(codes("FROM a\nONBUILD ONBUILD RUN x\n", "DL3043"), [2]);
        assert_eq!(codes("FROM a\nonbuild from b\n", "DL3043"), [2]);
    }

    #[test]
    fn other_triggers_pass() {
        for text in [
            "FROM a\nONBUILD RUN x\n",
            "FROM a\nONBUILD COPY . /app/\n",
            "FROM a\n# hadolint ignore=DL3043\nONBUILD FROM b\n",
        ] {
            assert!(codes(text, "DL3043").is_empty(), "{text}");
        }
    }
}
