use super::runs::runs;
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags `cd` in a `RUN` command (heredoc bodies run by a shell included).
    ///
    /// ## Why is this bad?
    /// A `cd` lasts only until the end of its `RUN`: the next instruction
    /// starts again in the `WORKDIR`. Scripts full of `cd` are harder to read
    /// and break silently when a later step assumes the directory changed.
    /// `WORKDIR` sets the directory for every following instruction and
    /// creates it if needed.
    ///
    /// Running a one-off command elsewhere (`(cd src && make)`) is common
    /// and sometimes clearer; suppress the finding there with
    /// `# hadolint ignore=DL3003`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23
    /// RUN cd /src && go build ./...
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.23
    /// WORKDIR /src
    /// RUN go build ./...
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3003](https://github.com/hadolint/hadolint/wiki/DL3003)
    /// - [WORKDIR](https://docs.docker.com/reference/dockerfile/#workdir)
    pub struct CdInsteadOfWorkdir {
        code: "DL3003",
        name: "cd-instead-of-workdir",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Maintainability,
        summary: "Use WORKDIR to switch to a directory",
        url: "https://github.com/hadolint/hadolint/wiki/DL3003",
    }
}

impl DockerfileRule for CdInsteadOfWorkdir {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for run in runs(checker) {
            for (script, command) in run.commands() {
                if command.effective_command().name() != Some("cd") {
                    continue;
                }
                out.push(checker.diagnostic(
                    &Self::META,
                    script.source_range(command.range),
                    "Use WORKDIR to switch to a directory",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn cd_fires_at_the_command() {
        let text = "FROM a\nRUN set -eux; \\\n    cd /usr/src/app; \\\n    make\n";
        let found = findings(text, "DL3003");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 3);
        assert_eq!(found[0].range.slice(text), "cd /usr/src/app");
        assert_eq!(codes("FROM a\nRUN (cd src && make)\n", "DL3003"), [2]);
        assert_eq!(codes("FROM a\nRUN sh -c 'cd /x && ls'\n", "DL3003"), [2]);
    }

    #[test]
    fn no_cd_no_finding() {
        assert!(codes("FROM a\nWORKDIR /src\nRUN make\n", "DL3003").is_empty());
        assert!(codes("FROM a\nRUN echo cd /x\n", "DL3003").is_empty());
        assert!(codes("FROM a\nRUN [\"cd\", \"/x\"]\n", "DL3003").is_empty());
    }

    #[test]
    fn heredocs_onbuild_stages_and_pragmas() {
        let stages = "FROM a AS build\nRUN cd /x\nFROM build\nRUN cd /x\nFROM b\nRUN [\"true\"]\n";
        assert_eq!(codes(stages, "DL3003"), [2, 4], "every stage");
        assert_eq!(
            codes("FROM a\nRUN <<EOF\ncd /src\nmake\nEOF\n", "DL3003"),
            [3]
        );
        assert_eq!(codes("FROM a\nONBUILD RUN cd /x && make\n", "DL3003"), [2]);
        assert!(codes(
            "FROM a\n# hadolint ignore=DL3003\nRUN cd /x && make\n",
            "DL3003"
        )
        .is_empty());
    }
}
