use crate::diagnostic::Diagnostic;
use crate::dockerfile::syntax::{Command, Instruction, Keyword};
use crate::lint::RunScript;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::{self, Pipeline, Script};

crate::declare_rule! {
    /// ## What it does
    /// Flags a RUN with a pipe (`a | b`) whose failure would go unnoticed:
    /// the shell running it has no `pipefail`, neither from a `SHELL` with
    /// `-o pipefail` nor from a `set -o pipefail` earlier in the script.
    ///
    /// What Layerlab understands beyond hadolint:
    /// - the `SHELL` is recognised by its basename (`["/usr/bin/bash", "-o",
    ///   "pipefail", "-c"]`, bundled `-eo pipefail` too), for any POSIX
    ///   shell: if the shell does not know the option every RUN fails
    ///   loudly, which is not the silent failure this rule is about;
    /// - a `SHELL` set in a parent stage carries over to `FROM <stage>`;
    /// - `set -o pipefail` (or `set -euo pipefail`) before the pipe, in the
    ///   RUN itself or in a heredoc body, protects it — hadolint reports
    ///   `RUN <<EOF bash` heredocs that set it (hadolint#1137);
    /// - a heredoc body fed to a shell (`RUN <<EOF bash`, `RUN bash <<EOF`)
    ///   or run through its `#!` line does not get the `SHELL`'s options,
    ///   so only its own `set -o pipefail` counts there;
    /// - RUNs under a non-POSIX `SHELL` (PowerShell, `cmd`) are skipped, as
    ///   are pipes inside strings run by `sh -c`, which no `SHELL` option
    ///   reaches.
    ///
    /// ## Why is this bad?
    /// A pipeline's status is that of its last command. In `RUN wget -O -
    /// https://example.com/install.sh | sh`, a failed download still gives
    /// `sh` an empty script, `sh` succeeds, and the build carries on
    /// without what it was meant to install.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN wget -O - https://example.com/install.sh | sh
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// RUN wget -O - https://example.com/install.sh | bash
    /// ```
    ///
    /// On Alpine, whose `/bin/sh` is busybox `ash`, use
    /// `SHELL ["/bin/ash", "-eo", "pipefail", "-c"]`.
    ///
    /// ## References
    /// - [hadolint DL4006](https://github.com/hadolint/hadolint/wiki/DL4006)
    /// - [SHELL](https://docs.docker.com/reference/dockerfile/#shell)
    /// - [Using pipes](https://docs.docker.com/build/building/best-practices/#using-pipes)
    pub struct PipeWithoutPipefail {
        code: "DL4006",
        name: "pipe-without-pipefail",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Set the SHELL option -o pipefail before RUN with a pipe in it",
        url: "https://github.com/hadolint/hadolint/wiki/DL4006",
    }
}

impl DockerfileRule for PipeWithoutPipefail {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in checker.instructions() {
            if instruction.keyword != Keyword::Run {
                continue;
            }
            let Some((_, step)) = checker.step(index) else {
                continue;
            };
            let shell = ShellKind::of(&step.state.shell);
            if shell == ShellKind::NonPosix {
                continue;
            }
            let unprotected = checker.scripts(index).iter().find_map(|run_script| {
                let inherits = inherits_shell_options(instruction, run_script);
                let shell_pipefail = inherits && shell == ShellKind::PosixWithPipefail;
                first_unprotected_pipe(&run_script.script, shell_pipefail)
                    .map(|range| run_script.source_range(range))
            });
            if let Some(range) = unprotected {
                out.push(checker.diagnostic(
                    &Self::META,
                    range,
                    "Set the SHELL option -o pipefail before RUN with a pipe in it. If you are \
                     using /bin/sh in an alpine image or if your shell is symlinked to busybox \
                     then consider explicitly setting your SHELL to /bin/ash, or disable this check",
                ));
            }
        }
    }
}

/// What the `SHELL` in effect is, for this rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ShellKind {
    /// PowerShell or cmd: pipes mean something else there.
    NonPosix,
    PosixWithPipefail,
    Posix,
}

impl ShellKind {
    fn of(shell: &[String]) -> ShellKind {
        let Some(program) = shell.first() else {
            return ShellKind::Posix;
        };
        // Windows paths and `.exe` too: `C:\...\powershell.exe`.
        let base = program.rsplit(['/', '\\']).next().unwrap_or(program);
        let base = base.to_ascii_lowercase();
        let base = base.strip_suffix(".exe").unwrap_or(&base);
        if matches!(base, "pwsh" | "powershell" | "cmd") {
            return ShellKind::NonPosix;
        }
        if pipefail_option(shell.get(1..).unwrap_or(&[])) {
            ShellKind::PosixWithPipefail
        } else {
            ShellKind::Posix
        }
    }
}

/// Whether shell options turn `pipefail` on: `-o pipefail`, bundled as in
/// `-eo pipefail`; a later `+o pipefail` turns it off again. Options end at
/// `-c` or the first operand.
fn pipefail_option(args: &[String]) -> bool {
    let mut on = false;
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        let (enable, letters) = match arg.as_bytes().first() {
            Some(b'-') if arg != "-" && arg != "--" => (true, &arg[1..]),
            Some(b'+') => (false, &arg[1..]),
            _ => break,
        };
        if letters.bytes().all(|b| b.is_ascii_alphabetic()) && letters.ends_with('o') {
            if args.get(i + 1).is_some_and(|next| next == "pipefail") {
                on = enable;
            }
            i += 2;
            continue;
        }
        if letters.contains('c') {
            break;
        }
        i += 1;
    }
    on
}

/// Whether `run_script` runs in the `SHELL` itself, so the `SHELL`'s options
/// apply: the command line does, and a heredoc body does when it is the
/// whole command (`RUN <<EOF`) and has no `#!` line. A body fed to a
/// program (`RUN <<EOF bash`) or run through its `#!` line starts a fresh
/// shell with default options.
fn inherits_shell_options(instruction: &Instruction, run_script: &RunScript) -> bool {
    let Some(heredoc) = run_script.heredoc.and_then(|i| instruction.heredocs.get(i)) else {
        return run_script.heredoc.is_none();
    };
    let markers_only = match instruction.command() {
        Some(Command::Shell(line)) => line.text.split_whitespace().all(|w| w.contains("<<")),
        _ => false,
    };
    markers_only && !heredoc.content.starts_with("#!")
}

/// The first `|` of a pipeline that `pipefail` does not cover, as a script
/// range. Pipes inside `sh -c` strings are left alone: no `SHELL` option
/// reaches them.
///
/// One sweep over pipelines and commands, both in text order, gives the
/// same answer as asking [`Script::pipefail_at`] for every pipeline without
/// its quadratic cost on long scripts.
fn first_unprotected_pipe(script: &Script, shell_pipefail: bool) -> Option<crate::text::TextRange> {
    if shell_pipefail {
        return None;
    }
    let mut pipelines: Vec<&Pipeline> = script
        .pipelines()
        .into_iter()
        .filter(|p| p.has_pipe() && !in_nested_shell(script, p))
        .collect();
    pipelines.sort_by_key(|p| p.range.start());
    let mut commands = script.commands.iter().peekable();
    let mut pipefail = false;
    for pipeline in pipelines {
        while let Some(command) = commands.next_if(|c| c.range.start() < pipeline.range.start()) {
            if let Some(setting) = pipefail_setting(command) {
                pipefail = setting;
            }
        }
        if !pipefail {
            return pipeline.pipes.first().copied();
        }
    }
    None
}

/// What a command does to `pipefail`: `set -o pipefail` (bundles such as
/// `set -euo pipefail` too) turns it on, `set +o pipefail` off.
fn pipefail_setting(command: &shell::SimpleCommand) -> Option<bool> {
    let invocation = command.effective_command();
    if invocation.name() != Some("set") {
        return None;
    }
    let args: Vec<String> = invocation.args().iter().map(|w| w.value.clone()).collect();
    let mut setting = None;
    for (i, arg) in args.iter().enumerate() {
        let (enable, letters) = match arg.as_bytes().first() {
            Some(b'-') => (true, &arg[1..]),
            Some(b'+') => (false, &arg[1..]),
            _ => continue,
        };
        if letters.ends_with('o')
            && letters.bytes().all(|b| b.is_ascii_alphabetic())
            && args.get(i + 1).is_some_and(|next| next == "pipefail")
        {
            setting = Some(enable);
        }
    }
    setting
}

fn in_nested_shell(script: &Script, pipeline: &Pipeline) -> bool {
    pipeline.commands.iter().any(|command| match command {
        shell::Command::Simple(id) => script.command(*id).is_some_and(|c| c.context.nested_shell),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::pipefail_option;
    use crate::lint::test_support::{codes, findings};

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn shell_options() {
        assert!(pipefail_option(&args(&["-o", "pipefail", "-c"])));
        assert!(pipefail_option(&args(&["-eux", "-o", "pipefail", "-c"])));
        assert!(pipefail_option(&args(&["-euo", "pipefail", "-c"])));
        assert!(!pipefail_option(&args(&[
            "-o", "pipefail", "+o", "pipefail", "-c"
        ])));
        assert!(!pipefail_option(&args(&["-c"])));
        assert!(!pipefail_option(&args(&["-c", "-o", "pipefail"])));
        assert!(!pipefail_option(&args(&["-o", "errexit", "-c"])));
    }

    #[test]
    fn the_sweep_agrees_with_pipefail_at() {
        for text in [
            "a | b",
            "set -o pipefail; a | b",
            "a | b; set -o pipefail; c | d",
            "set -euxo pipefail && a | b; set +o pipefail; c | d",
            "x=$(a | b); set -o pipefail",
            "if true; then set -o pipefail; fi; a | b",
        ] {
            let script = crate::shell::parse(text);
            let expected = script
                .pipelines()
                .into_iter()
                .filter(|p| p.has_pipe())
                .map(|p| (p.range.start(), p.pipes[0]))
                .filter(|(start, _)| !script.pipefail_at(*start))
                .min_by_key(|(start, _)| *start)
                .map(|(_, pipe)| pipe);
            assert_eq!(
                super::first_unprotected_pipe(&script, false),
                expected,
                "{text}"
            );
        }
    }

    #[test]
    fn fires_on_unprotected_pipes() {
        let text = "FROM debian\nRUN apt-get update \\\n && curl -fsSL https://x | sh\n";
        let found = findings(text, "DL4006");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.slice(text), "|");
        assert_eq!(codes("FROM a\nRUN a | b && c | d\n", "DL4006"), [2]);
        assert_eq!(codes("FROM a\nRUN x=$(a | b)\n", "DL4006"), [2]);
        assert_eq!(
            codes(
                "FROM a\nSHELL [\"/bin/bash\", \"-c\"]\nRUN a | b\n",
                "DL4006"
            ),
            [3]
        );
        // A SHELL of another stage does not apply.
        assert_eq!(
            codes("FROM a AS one\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM b\nRUN a | b\n", "DL4006"),
            [4]
        );
        // `set -o pipefail` after the pipe comes too late.
        assert_eq!(codes("FROM a\nRUN a | b; set -o pipefail\n", "DL4006"), [2]);
        // A heredoc fed to bash does not get the SHELL's options.
        assert_eq!(
            codes("FROM a\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN <<EOF bash\na | b\nEOF\n", "DL4006"),
            [4]
        );
        assert_eq!(codes("FROM a\nRUN <<EOF\na | b\nEOF\n", "DL4006"), [3]);
    }

    #[test]
    fn protected_pipes_pass() {
        for text in [
            "FROM a\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n",
            "FROM a\nSHELL [\"/usr/bin/zsh\", \"-euo\", \"pipefail\", \"-c\"]\nRUN a | b\n",
            "FROM a\nSHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN a | b\n",
            "FROM a\nSHELL [\"bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n",
            "FROM a AS base\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM base\nRUN a | b\n",
            "FROM a\nSHELL [\"pwsh\", \"-Command\"]\nRUN Get-Item x | Select-Object y\n",
            "FROM a\nSHELL [\"C:\\\\Windows\\\\System32\\\\WindowsPowerShell\\\\v1.0\\\\powershell.exe\", \"-Command\"]\nRUN a | b\n",
            "FROM a\nSHELL [\"cmd\", \"/S\", \"/C\"]\nRUN dir | more\n",
            "FROM a\nRUN set -o pipefail && a | b\n",
            "FROM a\nRUN set -euxo pipefail; a | b\n",
            "FROM a\nRUN <<EOF bash\nset -o pipefail\ncurl -fsSL https://x | sh\nEOF\n",
            "FROM a\nRUN <<EOF\n#!/bin/bash\nset -euo pipefail\na | b\nEOF\n",
            "FROM a\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN <<EOF\na | b\nEOF\n",
            "FROM a\nRUN a || b\n",
            "FROM a\nRUN [\"sh\", \"-c\", \"a | b\"]\n",
            "FROM a\nRUN sh -c 'a | b'\n",
            "FROM a\nONBUILD RUN a | b\n",
            "FROM a\n# hadolint ignore=DL4006\nRUN a | b\n",
        ] {
            assert!(codes(text, "DL4006").is_empty(), "{text}");
        }
    }
}
