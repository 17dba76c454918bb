use super::support::{keyword_as_written, lineage};
use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::dockerfile::model::Stage;
use crate::dockerfile::syntax::{Command, Keyword, Token};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags `CMD` and `ENTRYPOINT` in shell form (`CMD node server.js`)
    /// in a stage where no `SHELL` instruction is in effect (one in the
    /// stage, before it, or in a stage it derives from counts).
    ///
    /// ## Why is this bad?
    /// Shell form runs the command as `/bin/sh -c "node server.js"`. The
    /// shell becomes PID 1 and does not forward signals, so `docker stop`
    /// cannot ask the program to shut down: after the grace period it is
    /// killed, without closing connections or flushing data. A shell-form
    /// `ENTRYPOINT` also ignores the arguments of `docker run`.
    ///
    /// With `SHELL` set, BuildKit assumes the shell form is deliberate and
    /// stays silent; `HEALTHCHECK` is not checked (hadolint's DL3025 is
    /// stricter on both counts). BuildKit also counts a shell set in the
    /// base image's configuration, which Layerlab cannot see.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// CMD node server.js
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22-slim
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Fix
    /// Rewrites the command in exec form when it is plain words (no `$`,
    /// quotes, escapes, `&&`, `|`, `;`, redirections, globs, sub-shells,
    /// `VAR=value` prefixes or shell built-ins; a leading `exec` is
    /// dropped). An `ENTRYPOINT` is only rewritten when its stage has no
    /// `CMD`, and a `CMD` only when no `ENTRYPOINT` is set in the
    /// Dockerfile for its stage, because exec form changes how the two
    /// combine.
    ///
    /// ## References
    /// - [JSONArgsRecommended](https://docs.docker.com/reference/build-checks/json-args-recommended/)
    /// - [Shell and exec form](https://docs.docker.com/reference/dockerfile/#shell-and-exec-form)
    pub struct JsonArgsRecommended {
        code: "JSONArgsRecommended",
        name: "json-args-recommended",
        origin: Buildkit,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals",
        url: "https://docs.docker.com/reference/build-checks/json-args-recommended/",
    }
}

/// Words a shell treats specially at the start of a command.
const SHELL_BUILTINS: &[&str] = &[
    ".", ":", "alias", "break", "case", "cd", "continue", "declare", "do", "done", "elif", "else",
    "esac", "eval", "exit", "export", "fi", "for", "function", "if", "local", "read", "readonly",
    "return", "select", "set", "shift", "source", "then", "time", "trap", "typeset", "ulimit",
    "umask", "unalias", "unset", "until", "wait", "while",
];

/// Characters that make a shell do more than split words.
fn is_shell_syntax(c: char) -> bool {
    matches!(
        c,
        '$' | '\''
            | '"'
            | '\\'
            | '`'
            | '&'
            | '|'
            | ';'
            | '<'
            | '>'
            | '('
            | ')'
            | '*'
            | '?'
            | '['
            | ']'
            | '{'
            | '}'
            | '~'
            | '#'
            | '!'
    ) || c.is_control()
}

/// The exec-form words of a shell-form command, when the shell would do
/// nothing but split it on blanks.
fn plain_words(command: &str) -> Option<Vec<&str>> {
    let mut words: Vec<&str> = command
        .split([' ', '\t'])
        .filter(|w| !w.is_empty())
        .collect();
    if words.first() == Some(&"exec") {
        words.remove(0);
    }
    let first = *words.first()?;
    if first.starts_with('-') || first.contains('=') || SHELL_BUILTINS.contains(&first) {
        return None;
    }
    words
        .iter()
        .all(|w| !w.chars().any(is_shell_syntax))
        .then_some(words)
}

fn exec_form(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
    format!("[{}]", quoted.join(", "))
}

/// Whether a `SHELL` instruction is in effect for `instruction` in `stage`.
fn shell_is_set(checker: &Checker<'_>, stage: &Stage, instruction: usize) -> bool {
    let is_shell = |index: usize| {
        checker
            .file
            .instructions
            .get(index)
            .is_some_and(|i| i.keyword == Keyword::Shell)
    };
    let chain = lineage(checker.model, stage);
    stage
        .steps
        .iter()
        .take_while(|s| s.instruction < instruction)
        .any(|s| is_shell(s.instruction))
        || chain[1..]
            .iter()
            .any(|s| s.steps.iter().any(|step| is_shell(step.instruction)))
}

/// Whether any stage of `chain` (or just `stage`) has an instruction of `keyword`.
fn has_keyword(checker: &Checker<'_>, stages: &[&Stage], keyword: Keyword) -> bool {
    stages.iter().any(|s| {
        s.steps.iter().any(|step| {
            checker
                .file
                .instructions
                .get(step.instruction)
                .is_some_and(|i| i.keyword == keyword)
        })
    })
}

fn exec_fix(
    checker: &Checker<'_>,
    stage: &Stage,
    keyword: Keyword,
    command: &Token,
) -> Option<Fix> {
    let words = plain_words(&command.text)?;
    let chain = lineage(checker.model, stage);
    let blocked = match keyword {
        Keyword::Entrypoint => has_keyword(checker, &[stage], Keyword::Cmd),
        _ => has_keyword(checker, &chain, Keyword::Entrypoint),
    };
    (!blocked).then(|| {
        Fix::new(
            "Use exec form",
            vec![TextEdit::replace(command.range, exec_form(&words))],
        )
    })
}

impl DockerfileRule for JsonArgsRecommended {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &checker.model.stages {
            for step in &stage.steps {
                let Some(instruction) = checker.file.instructions.get(step.instruction) else {
                    continue;
                };
                if !matches!(instruction.keyword, Keyword::Cmd | Keyword::Entrypoint) {
                    continue;
                }
                let Some(Command::Shell(command)) = instruction.command() else {
                    continue;
                };
                if shell_is_set(checker, stage, step.instruction) {
                    continue;
                }
                let mut diagnostic = checker.diagnostic(
                    &Self::META,
                    command.range,
                    format!(
                        "JSON arguments recommended for {} to prevent unintended behavior related to OS signals",
                        keyword_as_written(instruction)
                    ),
                );
                if let Some(fix) = exec_fix(checker, stage, instruction.keyword, command) {
                    diagnostic = diagnostic.with_fix(fix);
                }
                out.push(diagnostic);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::plain_words;
    use crate::lint::test_support::{assert_fixed, codes, findings};

    const CODE: &str = "JSONArgsRecommended";

    #[test]
    fn fires_on_shell_form_cmd_and_entrypoint() {
        let found = findings("FROM scratch\nCMD mycommand\n", CODE);
        assert_eq!(
            found[0].message,
            "JSON arguments recommended for CMD to prevent unintended behavior related to OS signals"
        );
        assert_eq!((found[0].column, found[0].end_column), (5, 14));
        let found = findings("FROM scratch\nENTRYPOINT mycommand\n", CODE);
        assert!(found[0].message.contains("for ENTRYPOINT"));
        assert_eq!(codes("FROM a\ncmd x\n", CODE), [2]);
        assert!(findings("FROM a\ncmd x\n", CODE)[0]
            .message
            .contains("for cmd to"));
    }

    #[test]
    fn silent_on_exec_form_run_and_healthcheck() {
        assert!(codes(
            "FROM a\nCMD [\"node\", \"s.js\"]\nENTRYPOINT [\"x\"]\n",
            CODE
        )
        .is_empty());
        assert!(codes(
            "FROM a\nRUN echo hi\nHEALTHCHECK CMD curl -f localhost\n",
            CODE
        )
        .is_empty());
        assert!(codes("FROM a\nRUN <<EOF\necho hi\nEOF\n", CODE).is_empty());
    }

    #[test]
    fn silent_when_a_shell_is_set_in_the_stage_or_its_base() {
        assert!(codes(
            "FROM scratch\nSHELL [\"/usr/bin/customshell\"]\nCMD mycommand\n",
            CODE
        )
        .is_empty());
        assert!(codes("FROM scratch AS base\nSHELL [\"/bin/bash\", \"-c\"]\n\nFROM base\nENTRYPOINT mycommand\n", CODE).is_empty());
        // A SHELL after the CMD, or in an unrelated stage, does not count.
        assert_eq!(
            codes("FROM a\nCMD x\nSHELL [\"/bin/bash\", \"-c\"]\n", CODE),
            [2]
        );
        assert_eq!(
            codes(
                "FROM a AS one\nSHELL [\"bash\", \"-c\"]\nFROM b\nCMD x\n",
                CODE
            ),
            [4]
        );
        assert_eq!(
            codes("ARG BASE=node:20\nFROM ${BASE}\nCMD node s.js\n", CODE),
            [3]
        );
    }

    #[test]
    fn suppression() {
        assert!(codes(
            "FROM scratch\n# check=skip=JSONArgsRecommended\nCMD mycommand\n",
            CODE
        )
        .is_empty());
        assert!(codes(
            "# check=skip=JSONArgsRecommended;error=true\nFROM a\nCMD x\n",
            CODE
        )
        .is_empty());
        assert_eq!(
            findings("# check=error=true\nFROM a\nCMD x\n", CODE)[0].severity,
            crate::diagnostic::Severity::Error
        );
    }

    #[test]
    fn only_plain_commands_get_exec_form() {
        assert_eq!(
            plain_words("node server.js --port=80"),
            Some(vec!["node", "server.js", "--port=80"])
        );
        assert_eq!(
            plain_words("exec nginx -g daemon"),
            Some(vec!["nginx", "-g", "daemon"])
        );
        for shell in [
            "echo $HOME",
            "a && b",
            "a | b",
            "a; b",
            "a > log",
            "ls *.txt",
            "echo 'hi'",
            "echo \"hi\"",
            "FOO=1 node s.js",
            "cd /app",
            "(a)",
            "a \\\n b",
            "exec -a x y",
        ] {
            assert_eq!(plain_words(shell), None, "{shell}");
        }
    }

    #[test]
    fn fix_rewrites_plain_commands() {
        assert_fixed(
            "FROM a\nCMD node server.js\n",
            CODE,
            "FROM a\nCMD [\"node\", \"server.js\"]\n",
        );
        assert_fixed(
            "FROM a\nENTRYPOINT exec nginx -g daemon\n",
            CODE,
            "FROM a\nENTRYPOINT [\"nginx\", \"-g\", \"daemon\"]\n",
        );
        assert_fixed(
            "FROM a\nCMD python \\\n  app.py\n",
            CODE,
            "FROM a\nCMD [\"python\", \"app.py\"]\n",
        );
    }

    #[test]
    fn no_fix_where_exec_form_changes_meaning() {
        let no_fix = |text: &str| findings(text, CODE).iter().all(|d| d.fixes.is_empty());
        assert!(no_fix("FROM a\nCMD echo $HOME\n"));
        assert!(no_fix("FROM a\nENTRYPOINT run-app\nCMD [\"--help\"]\n"));
        assert!(no_fix(
            "FROM a\nENTRYPOINT [\"tini\", \"--\"]\nCMD node s.js\n"
        ));
        assert!(no_fix(
            "FROM a AS base\nENTRYPOINT [\"tini\"]\nFROM base\nCMD node s.js\n"
        ));
    }
}
