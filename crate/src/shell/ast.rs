//! The syntax tree produced by [`crate::shell::parse`].
//!
//! The tree keeps the shape of the script (lists, and-or chains, pipelines,
//! compound commands) while every *simple* command lives in one flat arena,
//! [`Script::commands`], in the order its first byte appears in the text. Tree
//! nodes refer to simple commands by [`CommandId`]. Most rules only need the
//! flat arena; the tree is there for questions about structure (is there a
//! pipe? what runs after `&&`?).

use crate::text::TextRange;

use super::word::Word;

/// Index of a simple command in [`Script::commands`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CommandId(pub usize);

/// Index of a here-document in [`Script::heredocs`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HereDocId(pub usize);

/// A parsed script: the tree, the flat list of simple commands, and what went wrong.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Script {
    /// The top-level list.
    pub body: List,
    /// Every simple command anywhere in the script (inside compound commands,
    /// command substitutions and nested `sh -c` strings too), ordered by where
    /// it starts.
    pub commands: Vec<SimpleCommand>,
    /// Every here-document, in the order its operator appears.
    pub heredocs: Vec<HereDoc>,
    /// Every parameter reference (`$X`, `${X:-y}`, `$1`, `$?`), in text order.
    pub variables: Vec<VarRef>,
    /// Every variable the script assigns (`X=1`, `export X=1`, `for X in`, `read X`).
    pub definitions: Vec<VarDef>,
    /// Syntax errors met while parsing; the tree is a best-effort result anyway.
    pub problems: Vec<ParseProblem>,
}

/// A syntax error with the range it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseProblem {
    pub range: TextRange,
    pub message: String,
}

/// A sequence of and-or lists separated by `;`, `&` or newlines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct List {
    pub items: Vec<ListItem>,
}

/// One and-or list and the separator that ends it, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListItem {
    pub and_or: AndOr,
    pub separator: Option<Separator>,
}

/// What ends a list item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Separator {
    pub kind: SeparatorKind,
    pub range: TextRange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeparatorKind {
    /// `;`
    Semicolon,
    /// `&`: the item runs in the background.
    Background,
    /// A newline.
    Newline,
}

/// Pipelines joined by `&&` and `||`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AndOr {
    pub first: Pipeline,
    pub rest: Vec<(AndOrOp, Pipeline)>,
}

impl AndOr {
    /// All pipelines in order.
    pub fn pipelines(&self) -> impl Iterator<Item = &Pipeline> {
        std::iter::once(&self.first).chain(self.rest.iter().map(|(_, p)| p))
    }
}

/// An `&&` or `||` operator with its range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AndOrOp {
    pub kind: AndOrKind,
    pub range: TextRange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AndOrKind {
    /// `&&`
    And,
    /// `||`
    Or,
}

/// Commands joined by `|` (or bash's `|&`), optionally negated with `!`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pipeline {
    pub negated: bool,
    pub commands: Vec<Command>,
    /// Range of each `|` / `|&` operator, between `commands[i]` and `commands[i + 1]`.
    pub pipes: Vec<TextRange>,
    pub range: TextRange,
}

impl Pipeline {
    /// Whether this pipeline actually pipes (two or more commands).
    pub fn has_pipe(&self) -> bool {
        self.commands.len() > 1
    }
}

/// One element of a pipeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Simple(CommandId),
    Compound(Box<CompoundCommand>),
    Function(Box<FunctionDef>),
}

/// A compound command and the redirections that follow it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompoundCommand {
    pub kind: CompoundKind,
    pub range: TextRange,
    pub redirects: Vec<Redirect>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompoundKind {
    /// `( list )`
    Subshell(List),
    /// `{ list; }`
    Group(List),
    /// `if c; then b; elif c; then b; else b; fi`
    If {
        /// Each `if`/`elif` condition with its `then` body.
        branches: Vec<(List, List)>,
        else_body: Option<List>,
    },
    /// `for`/`select NAME [in WORDS]; do BODY; done`, or bash's `for ((;;))`.
    For {
        variable: Option<Word>,
        /// `None` when there is no `in` (iterates over `"$@"`).
        words: Option<Vec<Word>>,
        body: List,
    },
    /// `while`/`until CONDITION; do BODY; done`
    Loop {
        until: bool,
        condition: List,
        body: List,
    },
    /// `case WORD in PATTERN) LIST ;; ... esac`
    Case { subject: Word, arms: Vec<CaseArm> },
    /// bash's `(( expression ))`
    Arithmetic,
}

/// One `pattern | pattern) list ;;` arm of a `case`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseArm {
    pub patterns: Vec<Word>,
    pub body: List,
}

/// `name() compound` or bash's `function name compound`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionDef {
    pub name: Word,
    pub body: Command,
    pub range: TextRange,
}

/// A simple command: assignments, words and redirections.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimpleCommand {
    pub id: CommandId,
    pub range: TextRange,
    /// `NAME=value` words before the command name.
    pub assignments: Vec<Assignment>,
    /// The command name (`words[0]`) and its arguments. Redirection targets
    /// are not included. Empty for a command made only of assignments or
    /// redirections.
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
    pub context: CommandContext,
    /// The script passed to `sh -c`, `bash -c`, `su -c` or `eval`, parsed.
    /// Its commands are in [`Script::commands`] too, with
    /// `context.nested_shell` set.
    pub nested: Option<List>,
}

/// Where a simple command sits, so rules can tell an unconditional install
/// from one inside a loop, a condition or a subshell.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CommandContext {
    /// Inside the condition of `if`, `elif`, `while` or `until`.
    pub condition: bool,
    /// Inside a `then`/`else` body or a `case` arm: runs only on some paths.
    pub branch: bool,
    /// Inside a loop (its body or its condition).
    pub loop_body: bool,
    /// Inside `( ... )`.
    pub subshell: bool,
    /// Inside `$( ... )`, backticks or `<( ... )`.
    pub substitution: bool,
    /// Inside a function body.
    pub function: bool,
    /// Inside a string run by `sh -c`, `su -c` or `eval`.
    pub nested_shell: bool,
    /// Its and-or list ends with `&`.
    pub background: bool,
    /// The operator before its pipeline (`a && THIS`), when it is directly in an and-or list.
    pub preceded_by: Option<AndOrKind>,
    /// The operator after its pipeline (`THIS || true`).
    pub followed_by: Option<AndOrKind>,
    /// Position in a pipeline of two or more commands: `(index, length)`.
    pub pipe: Option<(u16, u16)>,
    /// Nesting depth of compound commands, substitutions and nested shells.
    pub depth: u16,
}

/// `NAME=value` (or bash's `NAME+=value`, `NAME[i]=value`, `NAME=(a b)`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub name: String,
    pub name_range: TextRange,
    /// The value after `=`; an empty word (with an empty range right after
    /// `=`) for `NAME=`.
    pub value: Word,
    /// The whole `NAME=value` word.
    pub range: TextRange,
}

/// A redirection such as `>file`, `2>&1`, `<<EOF` or `<<<word`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    pub range: TextRange,
    /// The explicit file descriptor (`2` in `2>file`).
    pub fd: Option<u32>,
    pub op: RedirectOp,
    /// The target word: a file, a descriptor (`1` in `2>&1`), the here-string,
    /// or the here-document delimiter as written. `None` if missing.
    pub target: Option<Word>,
    /// For `<<` and `<<-`: the here-document read after the line.
    pub heredoc: Option<HereDocId>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedirectOp {
    /// `<`
    Input,
    /// `>`
    Output,
    /// `>>`
    Append,
    /// `>|`
    Clobber,
    /// `<>`
    ReadWrite,
    /// `<&`
    DupInput,
    /// `>&`
    DupOutput,
    /// bash's `&>` (stdout and stderr).
    OutputAll,
    /// bash's `&>>`
    AppendAll,
    /// `<<`
    HereDoc,
    /// `<<-` (leading tabs stripped)
    HereDocStripTabs,
    /// bash's `<<<`
    HereString,
}

/// A here-document body inside the script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HereDoc {
    /// The delimiter with quotes removed.
    pub delimiter: String,
    /// Whether the delimiter was quoted (then the body is not expanded).
    pub quoted: bool,
    /// `<<-`: leading tabs are stripped from body lines and the terminator.
    pub strip_tabs: bool,
    /// The body lines, without the terminator line.
    pub body: TextRange,
    /// The body text as the shell reads it (before tab stripping).
    pub body_text: String,
    /// False when the text ended before the terminator line.
    pub terminated: bool,
}

/// A parameter reference: `$NAME`, `${NAME...}`, `$1`, `$?`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarRef {
    /// `NAME`, a positional digit string like `1`, or one of `@*#?$!-`.
    pub name: String,
    /// The whole reference, `$` to the end (the closing `}` when braced).
    pub range: TextRange,
    /// Written as `${...}`.
    pub braced: bool,
    /// The operator after the name inside braces (`:-`, `-`, `:=`, `:?`, `:+`,
    /// `#`, `##`, `%`, `%%`, `/`, `//`, `:` for substrings, `^`, `,`...).
    pub operator: Option<String>,
    /// Inside double quotes (or an unquoted here-document).
    pub quoted: bool,
}

impl VarRef {
    /// A named variable (not a positional or special parameter).
    pub fn is_named(&self) -> bool {
        self.name
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
    }

    /// The reference supplies a fallback (`${X:-y}`, `${X-y}`, `${X:=y}`,
    /// `${X=y}`), or only uses the variable when set (`${X:+y}`, `${X+y}`).
    pub fn has_default(&self) -> bool {
        matches!(
            self.operator.as_deref(),
            Some(":-" | "-" | ":=" | "=" | ":+" | "+")
        )
    }
}

/// A variable assignment found in the script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarDef {
    pub name: String,
    /// The name as written.
    pub range: TextRange,
    /// The assigned value with quotes removed, when there is one.
    pub value: Option<String>,
    pub kind: VarDefKind,
    pub command: Option<CommandId>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarDefKind {
    /// `NAME=v cmd`: only in `cmd`'s environment.
    CommandPrefix,
    /// `NAME=v` on its own: a shell variable.
    Assignment,
    /// `export NAME[=v]` or `declare -x`.
    Export,
    /// `readonly`, `local`, `declare`, `typeset` without `-x`.
    Declaration,
    /// `for NAME in ...`
    ForLoop,
    /// `read NAME`
    Read,
}
