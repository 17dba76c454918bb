//! Shell understanding for `RUN` (and the shell form of `CMD`, `ENTRYPOINT`
//! and `HEALTHCHECK`).
//!
//! [`parse`] reads the text BuildKit hands to `/bin/sh -c` (a RUN
//! instruction's arguments, continuations included) into a [`Script`]:
//!
//! * a tree of lists, and-or chains and pipelines with their operators, and
//!   compound commands (`( )`, `{ }`, `if`, `for`, `while`, `until`, `case`,
//!   functions, bash's `[[ ]]` and `(( ))`);
//! * every simple command, flattened into [`Script::commands`] (those inside
//!   compound commands, `$( )`, backticks, `<( )`, unquoted here-document
//!   bodies, and strings run by `sh -c`/`su -c`/`eval` included), each with
//!   its [`CommandContext`];
//! * [`Word`]s with byte ranges into the text, their raw text and unquoted
//!   value, flagged when they contain expansions;
//! * here-documents, variable references and assignments;
//! * the syntax problems met, with ranges. The parser never fails: broken
//!   input gives a best-effort tree plus problems.
//!
//! [`packages`] turns commands into facts about package managers, cache
//! cleanups, downloads and archive extraction: the one place that knows
//! what `apt-get install -y curl=7.88*` means.
//!
//! ## Dockerfile text versus plain scripts
//!
//! [`parse`] expects the RUN text as written in the Dockerfile: BuildKit
//! removes `\` + newline (trailing blanks allowed) and drops comment lines
//! and blank lines inside a continued instruction before the shell sees the
//! text, and the parser does the same so that ranges still point into the
//! Dockerfile. For a here-document body (`RUN <<EOF`), which BuildKit passes
//! through untouched, use [`parse_with`] and [`ParseOptions::plain`].
//!
//! ## Dialect
//!
//! POSIX sh plus the bash forms common in Dockerfiles: `[[ ]]`, `(( ))`,
//! `$'...'`, `<( )`, `&>`, `|&`, `function f`, arrays `a=(x y)`. `&>` is read
//! as bash's redirection even though dash would read `&` then `>`: the
//! author's intent is what rules care about.

mod ast;
mod command;
mod options;
pub mod packages;
mod parser;
mod scan;
mod walk;
mod word;

pub use ast::*;
pub use command::{EnvVar, Invocation, SHELLS};
pub use options::{parse_options, OptionSpec, OptionValue, ParsedArgs, ParsedOption};
pub use word::{basename, Substitution, SubstitutionKind, Word};

use parser::{Output, Parser};

/// How to read the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParseOptions {
    /// The Dockerfile escape character (`\` or `` ` ``). BuildKit removes
    /// `escape` + newline, and comment or blank lines inside a continued
    /// instruction, before the shell runs; the parser does the same. `None`
    /// reads the text as a plain shell script.
    pub dockerfile_escape: Option<char>,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            dockerfile_escape: Some('\\'),
        }
    }
}

impl ParseOptions {
    /// A plain shell script (a here-document body, a script file).
    pub fn plain() -> Self {
        ParseOptions {
            dockerfile_escape: None,
        }
    }
}

/// Parse RUN text as written in a Dockerfile (escape character `\`).
pub fn parse(text: &str) -> Script {
    parse_with(text, &ParseOptions::default())
}

/// Parse with explicit options.
pub fn parse_with(text: &str, options: &ParseOptions) -> Script {
    let escape = options
        .dockerfile_escape
        .filter(char::is_ascii)
        .map(|c| c as u8);
    let mut out = Output::default();
    let body = Parser::new(text, &mut out, escape).parse_program();
    out.variables.sort_by_key(|v| (v.range.start, v.range.end));
    Script {
        body,
        commands: out.commands,
        heredocs: out.heredocs,
        variables: out.variables,
        definitions: out.definitions,
        problems: out.problems,
    }
}

impl Script {
    /// Every simple command, flattened, in text order.
    pub fn simple_commands(&self) -> std::slice::Iter<'_, SimpleCommand> {
        self.commands.iter()
    }

    pub fn command(&self, id: CommandId) -> Option<&SimpleCommand> {
        self.commands.get(id.0)
    }

    pub fn heredoc(&self, id: HereDocId) -> Option<&HereDoc> {
        self.heredocs.get(id.0)
    }

    /// Whether the parser met a syntax problem.
    pub fn has_problems(&self) -> bool {
        !self.problems.is_empty()
    }

    /// Every simple command with its wrappers looked through, in text order.
    pub fn invocations(&self) -> impl Iterator<Item = Invocation<'_>> {
        self.commands.iter().map(SimpleCommand::effective_command)
    }

    /// Commands whose effective name (wrappers looked through) is `name`.
    pub fn commands_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = &'a SimpleCommand> + 'a {
        self.commands
            .iter()
            .filter(move |c| c.effective_command().name() == Some(name))
    }

    /// Every pipeline in the script (inside compound commands,
    /// substitutions and nested `sh -c` strings too).
    pub fn pipelines(&self) -> Vec<&Pipeline> {
        let mut found = Vec::new();
        walk::each_list(self, &mut |list| {
            for item in &list.items {
                found.extend(item.and_or.pipelines());
            }
        });
        found
    }

    /// Whether some pipeline has two or more commands.
    pub fn has_pipe(&self) -> bool {
        self.pipelines().iter().any(|p| p.has_pipe())
    }

    /// Whether `pipefail` is on at `offset`, judging by the `set -o pipefail`
    /// / `set +o pipefail` commands that start before it (in text order; the
    /// scoping of subshells is ignored).
    pub fn pipefail_at(&self, offset: usize) -> bool {
        let mut on = false;
        for command in &self.commands {
            if command.range.start() >= offset {
                break;
            }
            if let Some(setting) = pipefail_setting(command) {
                on = setting;
            }
        }
        on
    }

    /// Names of the variables referenced (`$X`, `${X}`), sorted, without duplicates.
    pub fn referenced_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .variables
            .iter()
            .filter(|v| v.is_named())
            .map(|v| v.name.as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }
}

/// What a `set` command does to `pipefail`: `Some(true)` for
/// `set -o pipefail` (also bundled, `set -euxo pipefail`), `Some(false)` for
/// `set +o pipefail`.
fn pipefail_setting(command: &SimpleCommand) -> Option<bool> {
    let invocation = command.effective_command();
    if invocation.name() != Some("set") {
        return None;
    }
    let args = invocation.args();
    let mut setting = None;
    for (i, arg) in args.iter().enumerate() {
        let value = arg.value.as_str();
        let enable = match value.as_bytes().first() {
            Some(b'-') => true,
            Some(b'+') => false,
            _ => continue,
        };
        let letters = &value[1..];
        if letters.ends_with('o')
            && letters.bytes().all(|b| b.is_ascii_alphabetic())
            && args.get(i + 1).is_some_and(|next| next.is("pipefail"))
        {
            setting = Some(enable);
        }
    }
    setting
}

#[cfg(test)]
mod tests;
