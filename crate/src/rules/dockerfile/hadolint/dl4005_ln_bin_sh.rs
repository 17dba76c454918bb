use super::shell_runs::{run_sites, source};
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags `ln` commands that replace `/bin/sh` (`ln -sf /bin/bash
    /// /bin/sh`).
    ///
    /// ## Why is this bad?
    /// Relinking `/bin/sh` changes the shell of every script in the image,
    /// the package manager's maintainer scripts included, and is undone by
    /// the next package update that ships `/bin/sh`. To run RUN commands
    /// in another shell, say so with `SHELL`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN ln -sf /bin/bash /bin/sh
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// SHELL ["/bin/bash", "-c"]
    /// ```
    ///
    /// ## References
    /// - [hadolint DL4005](https://github.com/hadolint/hadolint/wiki/DL4005)
    /// - [SHELL](https://docs.docker.com/reference/dockerfile/#shell)
    pub struct LnBinSh {
        code: "DL4005",
        name: "ln-bin-sh",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Maintainability,
        summary: "Use SHELL to change the default shell",
        url: "https://github.com/hadolint/hadolint/wiki/DL4005",
    }
}

impl DockerfileRule for LnBinSh {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for site in run_sites(checker) {
            for (script, command) in site.commands() {
                let invocation = command.effective_command();
                if invocation.name() != Some("ln") {
                    continue;
                }
                if let Some(target) = invocation
                    .args_without_options()
                    .into_iter()
                    .find(|w| w.is("/bin/sh"))
                {
                    out.push(checker.diagnostic(
                        &Self::META,
                        source(script, target.range),
                        "Use SHELL to change the default shell",
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn fires_when_bin_sh_is_relinked() {
        let text = "FROM a\nRUN ln -sf /bin/bash /bin/sh\n";
        assert_eq!(findings(text, "DL4005")[0].range.slice(text), "/bin/sh");
        assert_eq!(
            codes("FROM a\nONBUILD RUN ln -s /bin/bash /bin/sh\n", "DL4005"),
            [2]
        );
        assert_eq!(
            codes(
                "FROM a\nRUN <<EOF\nln -sf /bin/bash /bin/sh\nEOF\n",
                "DL4005"
            ),
            [3]
        );
    }

    #[test]
    fn other_links_pass() {
        for run in [
            "ln -s /usr/bin/python3 /usr/bin/python",
            "echo /bin/sh",
            "ls -l /bin/sh2",
        ] {
            assert!(
                codes(&format!("FROM a\nRUN {run}\n"), "DL4005").is_empty(),
                "{run}"
            );
        }
        assert!(codes(
            "FROM a\n# hadolint ignore=DL4005\nRUN ln -sf /bin/bash /bin/sh\n",
            "DL4005"
        )
        .is_empty());
    }
}
