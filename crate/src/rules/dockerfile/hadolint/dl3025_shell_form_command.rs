use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::dockerfile::syntax::{Command, Instruction, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD` written in shell form
    /// (`CMD node server.js`) instead of JSON exec form
    /// (`CMD ["node", "server.js"]`).
    ///
    /// ## Why is this bad?
    /// In shell form the command runs as `/bin/sh -c "…"`: the shell becomes
    /// PID 1 and does not forward `SIGTERM`, so `docker stop` waits out its
    /// timeout and kills the process without a clean shutdown. A shell-form
    /// `ENTRYPOINT` also ignores the arguments of `docker run` and `CMD`, and
    /// images without a shell (distroless) cannot run it at all.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-alpine
    /// CMD node server.js
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22-alpine
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Fix
    /// Rewrites the command in exec form when the shell would do nothing but
    /// split words: no quotes, variables, globs, redirections, operators or
    /// comments, and a program rather than a shell builtin (a leading `exec`
    /// is dropped, as exec form already replaces the shell). Commands that
    /// need the shell are left for you to rewrite, or to wrap explicitly in
    /// `["sh", "-c", "…"]`.
    ///
    /// ## References
    /// - [hadolint DL3025](https://github.com/hadolint/hadolint/wiki/DL3025)
    /// - [Shell and exec form](https://docs.docker.com/reference/dockerfile/#shell-and-exec-form)
    /// - [JSONArgsRecommended](https://docs.docker.com/reference/build-checks/json-args-recommended/)
    pub struct ShellFormCommand {
        code: "DL3025",
        name: "shell-form-command",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Use JSON exec form for CMD and ENTRYPOINT",
        url: "https://github.com/hadolint/hadolint/wiki/DL3025",
    }
}

/// Shell builtins and keywords that are not programs of their own.
const SHELL_ONLY: &[&str] = &[
    ".", ":", "alias", "bg", "break", "case", "cd", "continue", "eval", "exit", "export", "fg",
    "for", "function", "if", "jobs", "local", "read", "readonly", "return", "select", "set",
    "shift", "source", "trap", "ulimit", "umask", "unalias", "unset", "until", "wait", "while",
    "{", "!", "[[",
];

/// The words of a command line the shell would only split on blanks, or
/// `None` when it would do more (quotes, expansions, globs, operators…).
fn plain_words(text: &str) -> Option<Vec<&str>> {
    let safe = |c: char| c.is_ascii_alphanumeric() || "-_./:=,@+%".contains(c);
    let mut words: Vec<&str> = text.split_ascii_whitespace().collect();
    if words.iter().any(|w| !w.chars().all(safe)) {
        return None;
    }
    if words.first() == Some(&"exec") {
        words.remove(0);
    }
    match words.first() {
        Some(program) if !SHELL_ONLY.contains(program) && !program.contains('=') => Some(words),
        _ => None,
    }
}

/// The exec-form rewrite of a shell-form command, when it is certain.
fn exec_form_fix(checker: &Checker<'_>, index: usize, instruction: &Instruction) -> Option<Fix> {
    let Some(Command::Shell(token)) = instruction.command() else {
        return None;
    };
    if !instruction.inner_comments.is_empty() || !instruction.empty_continuation_lines.is_empty() {
        return None;
    }
    // Under a non-POSIX SHELL (PowerShell, cmd) the text means something else.
    let shell = checker.step(index).map(|(_, step)| &step.state.shell);
    let posix = shell
        .and_then(|s| s.first())
        .map(|program| program.rsplit(['/', '\\']).next().unwrap_or(program))
        .is_none_or(|name| crate::shell::SHELLS.contains(&name));
    if !posix {
        return None;
    }
    let words = plain_words(&token.text)?;
    let json = serde_json::to_string(&words)
        .ok()?
        .replace("\",\"", "\", \"");
    Some(Fix::new(
        "Rewrite in exec form",
        vec![TextEdit::replace(token.range, json)],
    ))
}

impl DockerfileRule for ShellFormCommand {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in checker.instructions() {
            if !matches!(
                instruction.keyword,
                Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck
            ) {
                continue;
            }
            let Some(Command::Shell(token)) = instruction.command() else {
                continue;
            };
            if token.text.trim().is_empty() {
                continue;
            }
            let mut diagnostic = checker.diagnostic(
                &Self::META,
                token.range,
                "Use arguments JSON notation for CMD and ENTRYPOINT arguments",
            );
            if let Some(fix) = exec_form_fix(checker, index, instruction) {
                diagnostic = diagnostic.with_fix(fix);
            }
            out.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::plain_words;
    use crate::lint::test_support::{assert_fixed, codes, findings};

    #[test]
    fn shell_form_fires_at_the_command() {
        let text = "FROM a\nCMD node server.js\n";
        let found = findings(text, "DL3025");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.slice(text), "node server.js");
        assert_eq!(codes("FROM a\nENTRYPOINT ./run.sh\n", "DL3025"), [2]);
        assert_eq!(
            codes("FROM a\nHEALTHCHECK --interval=5s CMD true\n", "DL3025"),
            [2]
        );
    }

    #[test]
    fn exec_form_passes() {
        assert!(codes("FROM a\nCMD [\"node\", \"server.js\"]\n", "DL3025").is_empty());
        assert!(codes("FROM a\nENTRYPOINT [\"/run.sh\"]\n", "DL3025").is_empty());
        assert!(codes("FROM a\nHEALTHCHECK CMD [\"true\"]\n", "DL3025").is_empty());
        assert!(codes("FROM a\nHEALTHCHECK NONE\n", "DL3025").is_empty());
        assert!(codes(
            "FROM a\nRUN make\nSHELL [\"/bin/bash\", \"-c\"]\n",
            "DL3025"
        )
        .is_empty());
    }

    #[test]
    fn pragmas() {
        assert!(codes(
            "FROM a\n# hadolint ignore=DL3025\nCMD node x.js\n",
            "DL3025"
        )
        .is_empty());
    }

    #[test]
    fn words_the_shell_only_splits() {
        assert_eq!(
            plain_words("node  server.js --port=80"),
            Some(vec!["node", "server.js", "--port=80"])
        );
        assert_eq!(
            plain_words("exec nginx -g daemon"),
            Some(vec!["nginx", "-g", "daemon"])
        );
        for text in [
            "echo $HOME",
            "node a.js && node b.js",
            "nginx -g 'daemon off;'",
            "ls *.txt",
            "run > log",
            "cd /app",
            "FOO=1 node x.js",
            "node x.js # comment",
            "exec",
        ] {
            assert_eq!(plain_words(text), None, "{text}");
        }
    }

    #[test]
    fn fix_rewrites_plain_commands() {
        assert_fixed(
            "FROM a\nCMD node server.js --port 80\n",
            "DL3025",
            "FROM a\nCMD [\"node\", \"server.js\", \"--port\", \"80\"]\n",
        );
        assert_fixed(
            "FROM a\nENTRYPOINT exec /usr/bin/tini -- \\\n  /app/run\n",
            "DL3025",
            "FROM a\nENTRYPOINT [\"/usr/bin/tini\", \"--\", \"/app/run\"]\n",
        );
        assert_fixed(
            "FROM a\nHEALTHCHECK --interval=30s CMD /healthcheck\n",
            "DL3025",
            "FROM a\nHEALTHCHECK --interval=30s CMD [\"/healthcheck\"]\n",
        );
    }

    #[test]
    fn no_fix_when_the_shell_matters() {
        for text in [
            "FROM a\nCMD nginx -g 'daemon off;'\n",
            "FROM a\nCMD echo $HOME\n",
            "FROM a\nSHELL [\"pwsh\", \"-Command\"]\nCMD Write-Host hi\n",
            "FROM a\nCMD node \\\n# note\n  x.js\n",
        ] {
            let found = findings(text, "DL3025");
            assert_eq!(found.len(), 1, "{text}");
            assert!(found[0].fixes.is_empty(), "{text}");
        }
    }
}
