use super::runs::{editable, root_base, runs, Run};
use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::dockerfile::model::Base;
use crate::images;
use crate::lint::RunScript;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::SimpleCommand;
use crate::text::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags `sudo` in a `RUN` command, also behind `env` or inside a heredoc
    /// body run by a shell.
    ///
    /// ## Why is this bad?
    /// Build steps already run as the current `USER`, usually root. `sudo`
    /// then adds nothing but a package to install, a TTY and PAM dependency,
    /// and environment resets that make steps behave differently from the
    /// rest of the build. To run something as another user, switch with
    /// `USER`, or use a tool made for containers such as `gosu` or `su-exec`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM ubuntu:24.04
    /// RUN sudo apt-get update
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM ubuntu:24.04
    /// RUN apt-get update
    /// ```
    ///
    /// ## Fix
    /// Removes `sudo ` when that cannot change who runs the command: `sudo`
    /// has no options, and the step runs as root (a `USER root`/`0` in the
    /// stage, or no `USER` on a base image known to run as root).
    ///
    /// ## References
    /// - [hadolint DL3004](https://github.com/hadolint/hadolint/wiki/DL3004)
    /// - [USER](https://docs.docker.com/reference/dockerfile/#user)
    pub struct Sudo {
        code: "DL3004",
        name: "sudo",
        origin: Hadolint,
        target: Dockerfile,
        severity: Error,
        category: Correctness,
        summary: "Do not use sudo",
        url: "https://github.com/hadolint/hadolint/wiki/DL3004",
    }
}

/// Whether the RUN certainly runs as root.
fn runs_as_root(checker: &Checker<'_>, run: &Run<'_>) -> bool {
    if run.trigger {
        // An ONBUILD trigger runs in the child build, as its user.
        return false;
    }
    let Some((stage, step)) = checker.step(run.index) else {
        return false;
    };
    match &step.state.user {
        Some(user) => {
            let name = user.split_once(':').map_or(user.as_str(), |(n, _)| n);
            name == "root" || name == "0"
        }
        None => match root_base(checker.model, stage) {
            Base::Image { reference } => {
                images::lookup(reference).is_some_and(|resolved| resolved.user() == "root")
            }
            _ => false,
        },
    }
}

/// The edit removing `sudo ` from `sudo cmd …`, when `sudo` is the command
/// word itself and has no options.
fn removal(script: &RunScript, command: &SimpleCommand) -> Option<TextEdit> {
    let [sudo, next, ..] = command.words.as_slice() else {
        return None;
    };
    let plain = sudo.raw == "sudo" && !next.dynamic && !next.value.starts_with('-');
    let assignment = next.value.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    });
    if !plain || assignment || !editable(command) {
        return None;
    }
    let start = script.source_range(sudo.range).start();
    let end = script.source_range(next.range).start();
    Some(TextEdit::delete(TextRange::new(start, end)))
}

impl DockerfileRule for Sudo {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for run in runs(checker) {
            let as_root = runs_as_root(checker, &run);
            for (script, command) in run.commands() {
                let invocation = command.effective_command();
                let position = invocation
                    .wrappers
                    .iter()
                    .position(|w| *w == "sudo")
                    .or_else(|| (invocation.name() == Some("sudo")).then_some(usize::MAX));
                let Some(position) = position else {
                    continue;
                };
                // The sudo word: the command itself, or the wrapper's word.
                let word = if position == usize::MAX {
                    invocation.name_word()
                } else {
                    command.words.iter().find(|w| w.basename() == "sudo")
                };
                let Some(word) = word else { continue };
                let mut diagnostic = checker.diagnostic(
                    &Self::META,
                    script.source_range(word.range),
                    "Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu \
                     to enforce root",
                );
                if as_root {
                    if let Some(edit) = removal(script, command) {
                        diagnostic = diagnostic.with_fix(Fix::new(
                            "Remove `sudo` (the step runs as root)",
                            vec![edit],
                        ));
                    }
                }
                out.push(diagnostic);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{assert_fixed, codes, findings};

    #[test]
    fn sudo_fires_at_the_sudo_word() {
        let text = "FROM ubuntu:24.04\nRUN apt-get update && sudo apt-get install -y x\n";
        let found = findings(text, "DL3004");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.slice(text), "sudo");
        assert_eq!(codes("FROM a\nRUN env A=1 sudo make\n", "DL3004"), [2]);
        assert_eq!(
            codes("FROM a\nRUN /usr/bin/sudo -u app make\n", "DL3004"),
            [2]
        );
    }

    #[test]
    fn no_sudo_no_finding() {
        assert!(codes("FROM a\nRUN apt-get install -y sudo\n", "DL3004").is_empty());
        assert!(codes("FROM a\nRUN echo sudo\n", "DL3004").is_empty());
        assert!(codes("FROM a\nRUN [\"sudo\", \"ls\"]\n", "DL3004").is_empty());
    }

    #[test]
    fn heredocs_onbuild_stages_and_pragmas() {
        let stages =
            "FROM a AS build\nRUN sudo ls\nFROM build\nRUN sudo ls\nFROM b\nRUN [\"true\"]\n";
        assert_eq!(codes(stages, "DL3004"), [2, 4], "every stage");
        assert_eq!(codes("FROM a\nRUN <<EOF\nsudo ls\nEOF\n", "DL3004"), [3]);
        assert_eq!(codes("FROM a\nONBUILD RUN sudo ls\n", "DL3004"), [2]);
        assert!(codes("FROM a\n# hadolint ignore=DL3004\nRUN sudo ls\n", "DL3004").is_empty());
    }

    #[test]
    fn fix_removes_sudo_when_running_as_root() {
        assert_fixed(
            "FROM ubuntu:24.04\nRUN sudo apt-get update\n",
            "DL3004",
            "FROM ubuntu:24.04\nRUN apt-get update\n",
        );
        assert_fixed(
            "FROM custom/image:1\nUSER root\nRUN true && sudo  make install\n",
            "DL3004",
            "FROM custom/image:1\nUSER root\nRUN true && make install\n",
        );
    }

    #[test]
    fn no_fix_when_it_could_change_the_user() {
        let no_fix = |text: &str| {
            let found = findings(text, "DL3004");
            assert_eq!(found.len(), 1, "{text}");
            assert!(found[0].fixes.is_empty(), "{text}");
        };
        // A non-root user needs sudo to work.
        no_fix("FROM ubuntu:24.04\nUSER app\nRUN sudo apt-get update\n");
        // Unknown base image: its default user is unknown.
        no_fix("FROM custom/image:1\nRUN sudo make install\n");
        // Options change the user or the environment.
        no_fix("FROM ubuntu:24.04\nRUN sudo -u app make\n");
        no_fix("FROM ubuntu:24.04\nRUN sudo -E make\n");
        no_fix("FROM ubuntu:24.04\nRUN sudo A=1 make\n");
        // Behind a wrapper, and in ONBUILD (runs as the child's user).
        no_fix("FROM ubuntu:24.04\nRUN env A=1 sudo make\n");
        no_fix("FROM ubuntu:24.04\nONBUILD RUN sudo make\n");
        // Inside a nested shell string.
        no_fix("FROM ubuntu:24.04\nRUN sh -c 'sudo make'\n");
    }
}
