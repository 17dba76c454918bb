use crate::diagnostic::Diagnostic;
use crate::dockerfile::syntax::Keyword;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags `FROM --platform=$TARGETPLATFORM` (or `${TARGETPLATFORM}`).
    ///
    /// ## Why is this bad?
    /// Stages are built for the target platform by default; saying so adds
    /// noise and suggests the flag does something. `--platform` is useful
    /// with `$BUILDPLATFORM`, to run build tools natively.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=$TARGETPLATFORM alpine:3.20
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Fix
    /// Removes the flag.
    ///
    /// ## References
    /// - [hadolint DL3065](https://github.com/hadolint/hadolint/wiki/DL3065)
    /// - [RedundantTargetPlatform](https://docs.docker.com/reference/build-checks/redundant-target-platform/)
    pub struct RedundantTargetPlatform {
        code: "DL3065",
        name: "redundant-target-platform",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Style,
        summary: "Setting `FROM --platform` to `$TARGETPLATFORM` is redundant",
        url: "https://github.com/hadolint/hadolint/wiki/DL3065",
    }
}

impl DockerfileRule for RedundantTargetPlatform {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for (_, instruction) in checker.instructions() {
            if instruction.keyword != Keyword::From {
                continue;
            }
            let Some(flag) = instruction.flag("platform") else {
                continue;
            };
            if !matches!(
                flag.value_str(),
                Some("$TARGETPLATFORM" | "${TARGETPLATFORM}")
            ) {
                continue;
            }
            // The flag and the blanks after it go.
            let rest = checker.text.get(flag.range.end()..).unwrap_or_default();
            let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            let removal =
                crate::text::TextRange::new(flag.range.start(), flag.range.end() + blanks);
            out.push(
                checker
                    .diagnostic(
                        &Self::META,
                        flag.range,
                        "Setting `FROM --platform` to predefined `$TARGETPLATFORM` in is redundant as this is the default behavior",
                    )
                    .with_fix(crate::diagnostic::Fix::new(
                        "Remove `--platform`",
                        vec![crate::diagnostic::TextEdit::delete(removal)],
                    )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{assert_fixed, codes, findings};

    #[test]
    fn fires_on_target_platform() {
        let text = "FROM --platform=$TARGETPLATFORM alpine:3.20\n";
        assert_eq!(
            findings(text, "DL3065")[0].range.slice(text),
            "--platform=$TARGETPLATFORM"
        );
        assert_eq!(
            codes("FROM --platform=${TARGETPLATFORM} a AS b\n", "DL3065"),
            [1]
        );
        for text in [
            "FROM --platform=$BUILDPLATFORM a\n",
            "FROM --platform=linux/amd64 a\n",
            "FROM a\n",
            "# hadolint ignore=DL3065\nFROM --platform=$TARGETPLATFORM a\n",
        ] {
            assert!(codes(text, "DL3065").is_empty(), "{text}");
        }
    }

    #[test]
    fn fix_removes_the_flag() {
        assert_fixed(
            "FROM --platform=$TARGETPLATFORM alpine:3.20 AS x\n",
            "DL3065",
            "FROM alpine:3.20 AS x\n",
        );
    }
}
