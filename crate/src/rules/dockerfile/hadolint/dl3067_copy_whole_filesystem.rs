use crate::diagnostic::Diagnostic;
use crate::dockerfile::syntax::{Args, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags `COPY --from=<stage or image> / /`: copying the whole
    /// filesystem of another stage or image over this one.
    ///
    /// ## Why is this bad?
    /// It copies everything — package databases, `/etc/passwd`, caches,
    /// build tools — and overwrites this stage's own files with them. The
    /// image grows by a whole root filesystem, and what it contains is no
    /// longer what this stage's instructions say. Copy the directories you
    /// need, or build `FROM` that stage.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go build -o /out/app ./cmd/app
    /// FROM gcr.io/distroless/static-debian12
    /// COPY --from=build / /
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go build -o /out/app ./cmd/app
    /// FROM gcr.io/distroless/static-debian12
    /// COPY --from=build /out/app /app
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3067](https://github.com/hadolint/hadolint/wiki/DL3067)
    /// - [COPY --from](https://docs.docker.com/reference/dockerfile/#copy---from)
    pub struct CopyWholeFilesystem {
        code: "DL3067",
        name: "copy-whole-filesystem",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Size,
        summary: "Do not copy an entire filesystem from another stage",
        url: "https://github.com/hadolint/hadolint/wiki/DL3067",
    }
}

impl DockerfileRule for CopyWholeFilesystem {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for (_, instruction) in checker.instructions() {
            if instruction.keyword != Keyword::Copy || instruction.flag("from").is_none() {
                continue;
            }
            let Args::Paths {
                sources,
                destination,
                ..
            } = &instruction.args
            else {
                continue;
            };
            let is_root = |text: &str| text.trim_matches(|c| c == '"' || c == '\'') == "/";
            let Some(root) = sources.iter().find(|s| is_root(&s.text)) else {
                continue;
            };
            if is_root(&destination.text) {
                out.push(checker.diagnostic(
                    &Self::META,
                    root.range.cover(destination.range),
                    "Do not copy an entire filesystem from another stage",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn fires_on_root_to_root_from_another_stage() {
        let text = "FROM a AS b\nFROM c\nCOPY --from=b / /\n";
        let found = findings(text, "DL3067");
        assert_eq!(found[0].range.slice(text), "/ /");
        assert_eq!(codes("FROM c\nCOPY --from=docker:cli / /\n", "DL3067"), [2]);
        assert_eq!(
            codes("FROM c\nCOPY --from=b [\"/\", \"/\"]\n", "DL3067"),
            [2]
        );
    }

    #[test]
    fn other_copies_pass() {
        for text in [
            "FROM c\nCOPY / /\n",
            "FROM a AS b\nFROM c\nCOPY --from=b /out /\n",
            "FROM a AS b\nFROM c\nCOPY --from=b / /rootfs/\n",
            "FROM a AS b\nFROM c\n# hadolint ignore=DL3067\nCOPY --from=b / /\n",
        ] {
            assert!(codes(text, "DL3067").is_empty(), "{text}");
        }
    }
}
