use super::runs::runs;
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags `RUN` commands that make no sense while building an image:
    /// `free`, `kill`, `mount`, `ps`, `service`, `shutdown`, `ssh`, `top` and
    /// `vim`. Commands run through `sudo`, `env` and similar wrappers count,
    /// and so do heredoc bodies run by a shell.
    ///
    /// ## Why is this bad?
    /// A build step runs once, in a throwaway container with no init system,
    /// no terminal and no services: starting a service, inspecting processes
    /// or opening an editor has no lasting effect, or hangs the build waiting
    /// for input.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN service nginx start
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3001](https://github.com/hadolint/hadolint/wiki/DL3001)
    /// - [RUN](https://docs.docker.com/reference/dockerfile/#run)
    pub struct PointlessCommand {
        code: "DL3001",
        name: "pointless-command",
        origin: Hadolint,
        target: Dockerfile,
        severity: Info,
        category: Correctness,
        summary: "Command that makes no sense in a build step",
        url: "https://github.com/hadolint/hadolint/wiki/DL3001",
    }
}

const POINTLESS: &[&str] = &[
    "free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim",
];

impl DockerfileRule for PointlessCommand {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for run in runs(checker) {
            for (script, command) in run.commands() {
                let invocation = command.effective_command();
                let (Some(name), Some(word)) = (invocation.name(), invocation.name_word()) else {
                    continue;
                };
                if word.dynamic || !POINTLESS.contains(&name) {
                    continue;
                }
                out.push(checker.diagnostic(
                    &Self::META,
                    script.source_range(word.range),
                    "For some bash commands it makes no sense running them in a Docker container \
                     like `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, \
                     `mount`, `ifconfig`",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn pointless_commands_fire_at_the_command() {
        let text = "FROM a\nRUN apt-get update && \\\n    service ssh start\n";
        let found = findings(text, "DL3001");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 3);
        assert_eq!(found[0].range.slice(text), "service");
        assert_eq!(codes("FROM a\nRUN sudo vim /etc/x\n", "DL3001"), [2]);
        assert_eq!(codes("FROM a\nRUN ps aux | grep x\n", "DL3001"), [2]);
    }

    #[test]
    fn arguments_and_other_commands_do_not() {
        assert!(codes(
            "FROM a\nRUN apt-get install -y vim openssh-client\n",
            "DL3001"
        )
        .is_empty());
        assert!(codes("FROM a\nRUN echo ps top\n", "DL3001").is_empty());
        assert!(codes("FROM a\nRUN [\"ps\", \"aux\"]\n", "DL3001").is_empty());
        assert!(codes("FROM a\nCMD service nginx start\n", "DL3001").is_empty());
    }

    #[test]
    fn heredocs_onbuild_stages_and_pragmas() {
        let stages = "FROM a AS build\nRUN top\nFROM build\nRUN top\nFROM b\nRUN [\"true\"]\n";
        assert_eq!(codes(stages, "DL3001"), [2, 4], "every stage");
        assert_eq!(
            codes("FROM a\nRUN <<EOF\nset -e\nkill 1\nEOF\n", "DL3001"),
            [4]
        );
        assert!(codes("FROM a\nRUN python3 <<EOF\nkill(1)\nEOF\n", "DL3001").is_empty());
        assert_eq!(codes("FROM a\nONBUILD RUN top -b -n1\n", "DL3001"), [2]);
        assert!(codes("FROM a\n# hadolint ignore=DL3001\nRUN top\n", "DL3001").is_empty());
    }
}
