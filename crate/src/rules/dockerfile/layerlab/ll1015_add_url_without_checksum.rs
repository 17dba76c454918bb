use crate::diagnostic::Diagnostic;
use crate::dockerfile::syntax::{Args, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags `ADD https://…` (or `http://`) without `--checksum`. Git
    /// sources (`ADD https://github.com/org/repo.git#v1.2.3`) are not
    /// concerned: a tag or commit pins them.
    ///
    /// ## Why is this bad?
    /// The file is fetched at build time and trusted as is: if the server
    /// (or anything between it and the builder) serves different content,
    /// the image silently changes. `--checksum=sha256:…` makes the build fail
    /// instead, and documents exactly which artifact the image contains.
    ///
    /// ## Example
    /// ```dockerfile
    /// ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// # syntax=docker/dockerfile:1
    /// ADD --checksum=sha256:93dcc18adc78c65a028a84799ecf8ad40c936fdfc5f2a57b1acda5a8117fa82c \
    ///     https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
    /// ```
    ///
    /// ## Fix
    /// Add `--checksum=sha256:<digest>` with the published digest (Dockerfile
    /// syntax 1.6 or later). No automatic fix: the digest must come from a
    /// trusted source, not from whatever the URL serves today.
    ///
    /// ## References
    /// - [ADD --checksum](https://docs.docker.com/reference/dockerfile/#add---checksum)
    pub struct AddUrlWithoutChecksum {
        code: "LL1015",
        name: "add-url-without-checksum",
        origin: Layerlab,
        target: Dockerfile,
        severity: Warning,
        category: Security,
        summary: "ADD downloads a URL without --checksum, so its content is not verified",
        url: "https://docs.docker.com/reference/dockerfile/#add---checksum",
    }
}

/// An HTTP(S) source that is not a Git repository.
fn is_http_file(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    let http = lower.starts_with("http://") || lower.starts_with("https://");
    let path = lower.split('#').next().unwrap_or("");
    http && !path.ends_with(".git")
}

impl DockerfileRule for AddUrlWithoutChecksum {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for (_, instruction, _) in checker.instructions_and_triggers() {
            if instruction.keyword != Keyword::Add || instruction.flag("checksum").is_some() {
                continue;
            }
            let Args::Paths { sources, .. } = &instruction.args else {
                continue;
            };
            for source in sources.iter().filter(|s| is_http_file(&s.text)) {
                out.push(checker.diagnostic(
                    &Self::META,
                    source.range,
                    "ADD downloads this URL without `--checksum`: whatever the server sends ends \
                     up in the image. Add `--checksum=sha256:<published digest>`",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::range_text;
    use crate::lint::test_support::{codes, findings};

    const CODE: &str = "LL1015";

    #[test]
    fn fires_on_urls_without_checksum() {
        let text = "FROM alpine:3.24\nADD https://e.com/tini /tini\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(range_text(text, &found[0]), "https://e.com/tini");
        assert_eq!(
            codes("FROM a\nADD [\"http://e.com/a.tgz\", \"/a.tgz\"]\n", CODE),
            [2]
        );
        assert_eq!(codes("FROM a\nONBUILD ADD https://e.com/x /x\n", CODE), [2]);
    }

    #[test]
    fn checksums_git_and_local_sources_are_fine() {
        let sha = "sha256:93dcc18adc78c65a028a84799ecf8ad40c936fdfc5f2a57b1acda5a8117fa82c";
        assert!(codes(
            &format!("FROM a\nADD --checksum={sha} https://e.com/tini /tini\n"),
            CODE
        )
        .is_empty());
        assert!(codes(
            "FROM a\nADD https://github.com/moby/buildkit.git#v0.14.0 /src\n",
            CODE
        )
        .is_empty());
        assert!(codes("FROM a\nADD app.tar.gz /app\n", CODE).is_empty());
        assert!(codes("FROM a\nCOPY https.txt /x\n", CODE).is_empty());
    }

    #[test]
    fn arg_based_images_and_multi_stage() {
        let text = "ARG IMG=alpine:3.24\nFROM ${IMG} AS a\nFROM a\nADD https://e.com/x /x\n";
        assert_eq!(codes(text, CODE), [4]);
    }

    #[test]
    fn a_pragma_silences_it() {
        let text = "FROM a\n# hadolint ignore=LL1015\nADD https://e.com/x /x\n";
        assert!(codes(text, CODE).is_empty());
    }
}
