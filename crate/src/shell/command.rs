//! Helpers on simple commands: names, options, and seeing through wrappers
//! (see [`SimpleCommand::effective_command`]).

use crate::text::TextRange;

use super::ast::SimpleCommand;
use super::options::{parse_options, OptionSpec, ParsedArgs};
use super::word::Word;

/// A command with wrappers like `sudo` and `env` looked through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invocation<'a> {
    pub command: &'a SimpleCommand,
    /// Index in `command.words` of the effective command's name
    /// (`command.words.len()` when a wrapper has no command after it).
    pub name_index: usize,
    /// The wrappers looked through, outermost first (`["sudo", "env"]`).
    pub wrappers: Vec<&'a str>,
    /// Environment given to the effective command: the command's leading
    /// assignments, then `env NAME=value` / `sudo NAME=value`.
    pub env: Vec<EnvVar<'a>>,
    /// `xargs` adds arguments read from standard input.
    pub args_from_input: bool,
}

/// One `NAME=value` in a command's environment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EnvVar<'a> {
    pub name: &'a str,
    pub value: &'a str,
    pub range: TextRange,
}

impl<'a> Invocation<'a> {
    /// The effective command's name word.
    pub fn name_word(&self) -> Option<&'a Word> {
        self.command.words.get(self.name_index)
    }

    /// Basename of the effective command (`apt-get` for `sudo /usr/bin/apt-get`).
    pub fn name(&self) -> Option<&'a str> {
        self.name_word().map(Word::basename)
    }

    /// The effective command's arguments.
    pub fn args(&self) -> &'a [Word] {
        self.command.words.get(self.name_index + 1..).unwrap_or(&[])
    }

    /// Options and operands of the arguments according to `spec`.
    pub fn options(&self, spec: &OptionSpec) -> ParsedArgs<'a> {
        parse_options(self.args(), spec)
    }

    /// Whether the option `flag` (`-y`, `--yes`) is given, bundles
    /// understood, no option taking a value (see [`OptionSpec::NONE`]).
    pub fn has_flag(&self, flag: &str) -> bool {
        self.options(&OptionSpec::NONE).has(flag)
    }

    /// The arguments that are not options, assuming no option takes a value.
    /// Use [`Invocation::options`] with a spec for accuracy.
    pub fn args_without_options(&self) -> Vec<&'a Word> {
        self.options(&OptionSpec::NONE).operands
    }

    /// The value of environment variable `name` for this command, if set
    /// inline (`NAME=1 cmd`, `env NAME=1 cmd`).
    pub fn env_value(&self, name: &str) -> Option<&'a str> {
        self.env
            .iter()
            .rev()
            .find(|v| v.name == name)
            .map(|v| v.value)
    }

    /// Whether `wrapper` (`sudo`) was looked through.
    pub fn wrapped_by(&self, wrapper: &str) -> bool {
        self.wrappers.contains(&wrapper)
    }
}

impl SimpleCommand {
    /// The command name word (`words[0]`).
    pub fn name_word(&self) -> Option<&Word> {
        self.words.first()
    }

    /// Basename of the command as written (`/usr/bin/sudo` → `sudo`).
    pub fn name(&self) -> Option<&str> {
        self.words.first().map(Word::basename)
    }

    /// The arguments after the command name.
    pub fn args(&self) -> &[Word] {
        self.words.get(1..).unwrap_or(&[])
    }

    /// Options and operands of the arguments according to `spec`.
    pub fn options(&self, spec: &OptionSpec) -> ParsedArgs<'_> {
        parse_options(self.args(), spec)
    }

    /// Whether the option `flag` (`-y`, `--yes`) is among the arguments.
    pub fn has_flag(&self, flag: &str) -> bool {
        self.options(&OptionSpec::NONE).has(flag)
    }

    /// The arguments that are not options, assuming no option takes a value.
    pub fn args_without_options(&self) -> Vec<&Word> {
        self.options(&OptionSpec::NONE).operands
    }

    /// The value of a leading assignment `NAME=value`.
    pub fn env_value(&self, name: &str) -> Option<&str> {
        self.assignments
            .iter()
            .rev()
            .find(|a| a.name == name)
            .map(|a| a.value.value.as_str())
    }

    /// The command with wrappers looked through, so package rules see
    /// `apt-get` in `sudo -E apt-get install x` ([`SimpleCommand::name`]
    /// still says `sudo`). Wrappers skipped, each with its own options:
    ///
    /// | wrapper | notes |
    /// |---|---|
    /// | `sudo`, `doas` | `NAME=value` after the options goes to the environment |
    /// | `env` | `NAME=value` goes to the environment |
    /// | `nice`, `nohup`, `time`, `exec`, `builtin`, `stdbuf`, `ionice` | |
    /// | `command` | not when `-v`/`-V` (then it only looks the name up) |
    /// | `timeout` | skips the duration too |
    /// | `gosu`, `su-exec`, `chroot` | skip the user / new root too |
    /// | `xargs` | sets [`Invocation::args_from_input`]: more arguments come from stdin |
    /// | `busybox` | `busybox wget` is `wget` |
    /// | `tini`, `dumb-init` | init wrappers in `CMD`/`ENTRYPOINT` |
    ///
    /// Shells are not wrappers: `sh -c 'apt-get install x'` stays `sh`, and
    /// its string is parsed as a nested script whose commands are in
    /// [`crate::shell::Script::commands`] with `context.nested_shell` set (the
    /// same for `bash`/`dash`/`ash`/`zsh`/`ksh`/`mksh -c`, `su -c` and
    /// `eval`). `find -exec` is not looked through. A wrapper followed by an
    /// expansion (`sudo $CMD`) stops the search at the expansion.
    pub fn effective_command(&self) -> Invocation<'_> {
        let mut invocation = Invocation {
            command: self,
            name_index: 0,
            wrappers: Vec::new(),
            env: self
                .assignments
                .iter()
                .map(|a| EnvVar {
                    name: a.name.as_str(),
                    value: a.value.value.as_str(),
                    range: a.range,
                })
                .collect(),
            args_from_input: false,
        };
        // Each step consumes at least the wrapper's name, so this ends.
        while let Some(word) = self.words.get(invocation.name_index) {
            if word.dynamic {
                break;
            }
            let name = word.basename();
            let Some(wrapper) = wrapper(name) else { break };
            let args = &self.words[invocation.name_index + 1..];
            let parsed = parse_options(args, &wrapper.options);
            if name == "command" && parsed.has_any(&["-v", "-V"]) {
                break;
            }
            let mut next = parsed.operand_indices.first().map_or(args.len(), |&i| i);
            if wrapper.assignments {
                while let Some(arg) = args.get(next) {
                    match arg.value.split_once('=') {
                        Some((var, value)) if super::parser::is_name(var) && !arg.dynamic => {
                            invocation.env.push(EnvVar {
                                name: &arg.value[..var.len()],
                                value: &arg.value[var.len() + 1..var.len() + 1 + value.len()],
                                range: arg.range,
                            });
                            next += 1;
                        }
                        _ => break,
                    }
                }
            }
            next += wrapper.operands_before_command;
            invocation.wrappers.push(name);
            if name == "xargs" {
                invocation.args_from_input = true;
            }
            invocation.name_index = (invocation.name_index + 1 + next).min(self.words.len());
        }
        invocation
    }
}

struct Wrapper {
    options: OptionSpec<'static>,
    /// Operands between the options and the command (`timeout 10 cmd`).
    operands_before_command: usize,
    /// `NAME=value` words may follow the options.
    assignments: bool,
}

const fn wrap(short: &'static str, long: &'static [&'static str]) -> Wrapper {
    Wrapper {
        options: OptionSpec::new(short, long).posix(),
        operands_before_command: 0,
        assignments: false,
    }
}

fn wrapper(name: &str) -> Option<Wrapper> {
    let mut spec = match name {
        "sudo" => wrap(
            "ugpCDrtUTh",
            &[
                "--user",
                "--group",
                "--prompt",
                "--close-from",
                "--chdir",
                "--role",
                "--type",
                "--other-user",
                "--command-timeout",
                "--host",
            ],
        ),
        "doas" => wrap("uC", &[]),
        "env" => wrap("uCS", &["--unset", "--chdir", "--split-string"]),
        "nice" => wrap("n", &["--adjustment"]),
        "nohup" | "builtin" | "busybox" => wrap("", &[]),
        "time" => wrap("fo", &["--format", "--output"]),
        "command" => wrap("", &[]),
        "exec" => wrap("a", &[]),
        "stdbuf" => wrap("ioe", &["--input", "--output", "--error"]),
        "ionice" => wrap("cnp", &["--class", "--classdata", "--pid"]),
        "timeout" => wrap("sk", &["--signal", "--kill-after"]),
        "xargs" => wrap(
            "ILnPsdEa",
            &[
                "--arg-file",
                "--delimiter",
                "--max-args",
                "--max-procs",
                "--max-chars",
                "--process-slot-var",
            ],
        ),
        "gosu" | "su-exec" => wrap("", &[]),
        "chroot" => wrap("", &["--userspec", "--groups"]),
        "tini" => wrap("pe", &[]),
        "dumb-init" => wrap("r", &["--rewrite"]),
        _ => return None,
    };
    match name {
        "sudo" | "env" | "doas" => spec.assignments = true,
        "timeout" | "gosu" | "su-exec" | "chroot" => spec.operands_before_command = 1,
        _ => {}
    }
    Some(spec)
}

/// Shells whose `-c` string is parsed as a nested script.
pub const SHELLS: &[&str] = &["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"];

/// For `sh -c STRING`, `su -c STRING` and `eval ARGS`: the indices in
/// `command.words` of the words that make up the nested script (joined with
/// spaces for `eval`).
pub(crate) fn nested_script_words(command: &SimpleCommand) -> Option<Vec<usize>> {
    let invocation = command.effective_command();
    let name = invocation.name()?;
    let base = invocation.name_index + 1;
    if SHELLS.contains(&name) {
        let parsed =
            invocation.options(&OptionSpec::new("oO", &["--rcfile", "--init-file"]).posix());
        if !parsed.has("-c") {
            return None;
        }
        return parsed.operand_indices.first().map(|&i| vec![base + i]);
    }
    match name {
        "su" => {
            let parsed = invocation.options(&OptionSpec::new(
                "csgGw",
                &[
                    "--command",
                    "--shell",
                    "--group",
                    "--supp-group",
                    "--whitelist-environment",
                ],
            ));
            let option = parsed.find(&["-c", "--command"])?;
            let value = option.value.as_ref()?;
            let index = if value.separate {
                option.word_index + 1
            } else {
                return None;
            };
            Some(vec![base + index])
        }
        "eval" => {
            let count = invocation.args().len();
            (count > 0).then(|| (base..base + count).collect())
        }
        _ => None,
    }
}
