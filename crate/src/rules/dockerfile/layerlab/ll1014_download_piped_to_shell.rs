use super::common::excerpt;
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages;
use crate::text::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags a `curl` or `wget` download that is executed straight away:
    /// piped into a shell or interpreter (`curl … | sh`, `wget -qO- … |
    /// bash`, `curl … | python3 -`), or run through a command or process
    /// substitution (`sh -c "$(curl …)"`, `bash <(curl …)`).
    ///
    /// ## Why is this bad?
    /// The build runs whatever the server returns at that moment, with no
    /// way to review or pin it: a compromised or changed script, a
    /// truncated download (which `sh` happily runs half of), or a
    /// man-in-the-middle on a proxy all end up in the image. The step's cache
    /// key is the command text, so a changed script is not even noticed
    /// until the cache is dropped.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN curl -fsSL https://example.com/install.sh | sh
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ADD --checksum=sha256:0123…cdef https://example.com/install.sh /tmp/install.sh
    /// RUN sh /tmp/install.sh && rm /tmp/install.sh
    /// ```
    ///
    /// ## Fix
    /// Install from the distribution's package manager with a pinned
    /// version, or download the script to a file, verify its SHA-256
    /// (`ADD --checksum`, or `sha256sum -c`), then run it.
    ///
    /// ## References
    /// - [ADD --checksum](https://docs.docker.com/reference/dockerfile/#add---checksum)
    /// - [Best practices: ADD or COPY](https://docs.docker.com/build/building/best-practices/#add-or-copy)
    pub struct DownloadPipedToShell {
        code: "LL1014",
        name: "download-piped-to-shell",
        origin: Layerlab,
        target: Dockerfile,
        severity: Warning,
        category: Security,
        summary: "A downloaded script is run without verification (curl … | sh)",
        url: "https://docs.docker.com/reference/dockerfile/#add---checksum",
    }
}

/// Programs that execute what they read.
const INTERPRETERS: &[&str] = &[
    "sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "python", "python2", "python3", "perl",
    "ruby", "node", "php", "pwsh", "sudo",
];

fn executes(program: &str) -> bool {
    INTERPRETERS.contains(&program)
        || program
            .strip_prefix("python3.")
            .is_some_and(|v| v.bytes().all(|b| b.is_ascii_digit()))
}

impl DockerfileRule for DownloadPipedToShell {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for (index, _, _) in checker.instructions_and_triggers() {
            for script in checker.scripts(index) {
                let facts = packages::facts(&script.script);
                let mut found: Vec<(TextRange, String)> = Vec::new();
                // `curl … | sh`
                for download in &facts.downloads {
                    let Some(target) = download.piped_to.as_deref() else {
                        continue;
                    };
                    if !executes(target) {
                        continue;
                    }
                    let receiver = script
                        .script
                        .pipelines()
                        .into_iter()
                        .find(|p| p.range.contains_range(download.range))
                        .map_or(download.range, |p| download.range.cover(p.range));
                    found.push((receiver, target.to_string()));
                }
                // `sh -c "$(curl …)"`, `bash <(curl …)`
                for command in &script.script.commands {
                    let invocation = command.effective_command();
                    let Some(name) = invocation.name() else {
                        continue;
                    };
                    if !executes(name) {
                        continue;
                    }
                    for word in invocation.args() {
                        for substitution in &word.substitutions {
                            let inside = facts
                                .downloads
                                .iter()
                                .any(|d| substitution.range.contains_range(d.range));
                            if inside {
                                found.push((command.range, name.to_string()));
                            }
                        }
                    }
                }
                found.sort_by_key(|(range, _)| (range.start, range.end));
                found.dedup_by(|a, b| b.0.contains_range(a.0) || a.0 == b.0);
                for (range, program) in found {
                    let range = script.source_range(range);
                    out.push(checker.diagnostic(
                        &Self::META,
                        range,
                        format!(
                            "`{}` runs a downloaded script with `{program}` without checking it: \
                             whatever the server sends is executed. Download it to a file, verify \
                             its SHA-256, then run it (or install a pinned package)",
                            excerpt(checker.text, range, 60)
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::range_text;
    use crate::lint::test_support::{codes, findings};

    const CODE: &str = "LL1014";

    #[test]
    fn pipes_into_shells_and_interpreters() {
        let text = "FROM debian:12\nRUN apt-get update && curl -fsSL https://deb.nodesource.com/setup_22.x | bash - && apt-get install -y nodejs\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(
            range_text(text, &found[0]),
            "curl -fsSL https://deb.nodesource.com/setup_22.x | bash -"
        );
        assert_eq!(
            codes("FROM a\nRUN wget -qO- https://e.com/i.sh | sh\n", CODE),
            [2]
        );
        assert_eq!(
            codes(
                "FROM a\nRUN curl -sSL https://bootstrap.pypa.io/get-pip.py | python3 -\n",
                CODE
            ),
            [2]
        );
        assert_eq!(
            codes(
                "FROM a\nRUN curl -fsSL https://e.com/i.sh | sudo bash\n",
                CODE
            ),
            [2]
        );
    }

    #[test]
    fn substitutions() {
        let text = "FROM a\nRUN sh -c \"$(curl -fsSL https://e.com/install.sh)\"\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert!(range_text(text, &found[0]).starts_with("sh -c"));
        assert_eq!(codes("FROM a\nSHELL [\"/bin/bash\", \"-c\"]\nRUN bash <(curl -fsSL https://e.com/i.sh)\n", CODE), [3]);
    }

    #[test]
    fn downloads_to_files_and_other_pipes_are_fine() {
        assert!(codes("FROM a\nRUN curl -fsSLo /tmp/i.sh https://e.com/i.sh && sha256sum -c sums && sh /tmp/i.sh\n", CODE).is_empty());
        assert!(codes(
            "FROM a\nRUN curl -fsSL https://e.com/x.tgz | tar xz -C /opt\n",
            CODE
        )
        .is_empty());
        assert!(codes(
            "FROM a\nRUN curl -fsSL https://e.com/key | gpg --dearmor -o /k.gpg\n",
            CODE
        )
        .is_empty());
        assert!(codes("FROM a\nRUN echo hi | sh\n", CODE).is_empty());
    }

    #[test]
    fn heredocs_onbuild_and_arg_images() {
        let text = "ARG IMG=debian:12\nFROM ${IMG}\nRUN <<EOF\nset -e\ncurl -fsSL https://get.docker.com | sh\nEOF\nONBUILD RUN wget -O- https://e.com/x | sh\n";
        assert_eq!(codes(text, CODE), [5, 7]);
    }

    #[test]
    fn a_pragma_silences_it() {
        let text = "FROM a\n# hadolint ignore=LL1014\nRUN curl -fsSL https://e.com/i.sh | sh\n";
        assert!(codes(text, CODE).is_empty());
    }
}
