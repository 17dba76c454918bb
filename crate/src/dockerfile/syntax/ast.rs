//! The Dockerfile syntax tree.
//!
//! Lossless at the line level: the `items` of a [`Dockerfile`] cover the
//! source text exactly, in order, with no gaps or overlaps (every item spans
//! whole physical lines, line terminators included). Inside an instruction,
//! every keyword, flag, argument, JSON element and heredoc carries the byte
//! range it came from, so diagnostics and fixes can point at the exact text.
//!
//! Values are kept *as written* (quotes and escapes intact) except where
//! BuildKit itself decodes at parse time (JSON strings, flag words). Variable
//! expansion is a later, separate step (`dockerfile::expand`).

use crate::text::TextRange;
use serde::Serialize;

/// A piece of text and where it came from.
///
/// For text that spans a line continuation, `text` is the joined (logical)
/// text BuildKit sees and `range` covers all the source lines it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Token {
    pub text: String,
    pub range: TextRange,
}

impl Token {
    pub fn new(text: impl Into<String>, range: TextRange) -> Self {
        Token {
            text: text.into(),
            range,
        }
    }
}

/// The 18 Dockerfile instructions, plus anything else.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Keyword {
    From,
    Run,
    Cmd,
    Label,
    Maintainer,
    Expose,
    Env,
    Add,
    Copy,
    Entrypoint,
    Volume,
    User,
    Workdir,
    Arg,
    Onbuild,
    Stopsignal,
    Healthcheck,
    Shell,
    /// Not an instruction BuildKit knows; reported as a syntax error.
    Unknown,
}

impl Keyword {
    pub const ALL: [Keyword; 18] = [
        Keyword::From,
        Keyword::Run,
        Keyword::Cmd,
        Keyword::Label,
        Keyword::Maintainer,
        Keyword::Expose,
        Keyword::Env,
        Keyword::Add,
        Keyword::Copy,
        Keyword::Entrypoint,
        Keyword::Volume,
        Keyword::User,
        Keyword::Workdir,
        Keyword::Arg,
        Keyword::Onbuild,
        Keyword::Stopsignal,
        Keyword::Healthcheck,
        Keyword::Shell,
    ];

    /// Case-insensitive lookup, as BuildKit does.
    pub fn parse(word: &str) -> Keyword {
        Keyword::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(word))
            .unwrap_or(Keyword::Unknown)
    }

    /// The canonical (upper-case) spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::From => "FROM",
            Keyword::Run => "RUN",
            Keyword::Cmd => "CMD",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Expose => "EXPOSE",
            Keyword::Env => "ENV",
            Keyword::Add => "ADD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Volume => "VOLUME",
            Keyword::User => "USER",
            Keyword::Workdir => "WORKDIR",
            Keyword::Arg => "ARG",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Shell => "SHELL",
            Keyword::Unknown => "UNKNOWN",
        }
    }

    /// Instructions whose arguments the builder expands (`$VAR`) itself.
    /// RUN, CMD and ENTRYPOINT are left to the shell.
    pub fn builder_expands(self) -> bool {
        matches!(
            self,
            Keyword::Add
                | Keyword::Copy
                | Keyword::Env
                | Keyword::Expose
                | Keyword::From
                | Keyword::Label
                | Keyword::Stopsignal
                | Keyword::User
                | Keyword::Volume
                | Keyword::Workdir
                | Keyword::Onbuild
        )
    }

    /// Instructions that may carry heredocs.
    pub fn allows_heredocs(self) -> bool {
        matches!(self, Keyword::Run | Keyword::Copy | Keyword::Add)
    }
}

/// A parser directive (`# syntax=…`, `# escape=…`, `# check=…`) at the top.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Directive {
    /// Lower-cased name.
    pub name: Token,
    pub value: Token,
    /// The whole directive line, without its line terminator.
    pub range: TextRange,
}

/// A comment line (`# …`), outside or inside an instruction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// From the `#` to the end of the line (terminator excluded).
    pub range: TextRange,
    /// The text after `#`, trimmed.
    pub text: String,
}

/// A `--name[=value]` flag before an instruction's arguments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// The whole flag word, `--` included.
    pub range: TextRange,
    /// The name, without `--` (e.g. `mount`).
    pub name: Token,
    /// The value after `=`, quotes removed; `None` for `--link`.
    pub value: Option<Token>,
}

impl Flag {
    pub fn value_str(&self) -> Option<&str> {
        self.value.as_ref().map(|v| v.text.as_str())
    }
}

/// A heredoc: `<<EOF` in the instruction line and the body that follows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Heredoc {
    /// The `<<[-]WORD` word in the instruction line.
    pub marker: Token,
    /// The delimiter word, quotes removed (`EOF`).
    pub name: String,
    /// False when the delimiter was quoted: the body is not expanded.
    pub expand: bool,
    /// `<<-`: leading tabs are stripped from the body and the terminator.
    pub chomp: bool,
    /// A file descriptor prefix, as in `3<<EOF`.
    pub fd: Option<u32>,
    /// The body lines, line terminators included.
    pub body: TextRange,
    /// The body as BuildKit passes it on (tabs stripped when `chomp`).
    pub content: String,
    /// The terminator line (without its line terminator); `None` when the
    /// heredoc is unterminated.
    pub terminator: Option<TextRange>,
}

/// RUN, CMD, ENTRYPOINT, SHELL and HEALTHCHECK CMD arguments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "form", rename_all = "lowercase")]
pub enum Command {
    /// A valid JSON array of strings: the elements, decoded, with the range
    /// of each string literal (quotes included).
    Exec {
        elements: Vec<Token>,
        /// From `[` to `]`.
        range: TextRange,
    },
    /// Anything else; run by the shell. `text` is the joined command line.
    Shell(Token),
}

impl Command {
    pub fn is_exec(&self) -> bool {
        matches!(self, Command::Exec { .. })
    }

    pub fn range(&self) -> TextRange {
        match self {
            Command::Exec { range, .. } => *range,
            Command::Shell(token) => token.range,
        }
    }
}

/// One `key=value` (or legacy `key value`) pair of ENV or LABEL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyValue {
    pub key: Token,
    /// The value as written (quotes and escapes intact); empty for `k=`.
    pub value: Token,
    /// True for the legacy `ENV key value` form.
    pub legacy: bool,
    /// The whole pair.
    pub range: TextRange,
}

/// One name of an ARG instruction, with its default if given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ArgDecl {
    pub name: Token,
    /// The default as written (quotes intact), when there is an `=`.
    pub default: Option<Token>,
    pub range: TextRange,
}

/// The typed arguments of an instruction, one shape per kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Args {
    /// FROM image [AS name]
    From {
        image: Token,
        /// The `AS` keyword as written.
        as_keyword: Option<Token>,
        stage_name: Option<Token>,
    },
    /// RUN, CMD, ENTRYPOINT, SHELL.
    Command(Command),
    /// COPY and ADD: sources and destination (JSON or whitespace-separated).
    Paths {
        json: bool,
        sources: Vec<Token>,
        destination: Token,
    },
    /// ENV and LABEL.
    KeyValues(Vec<KeyValue>),
    /// ARG.
    Arg(Vec<ArgDecl>),
    /// EXPOSE and VOLUME (VOLUME may be JSON).
    List { json: bool, items: Vec<Token> },
    /// USER, WORKDIR, STOPSIGNAL, MAINTAINER: the whole argument text.
    Single(Token),
    /// HEALTHCHECK NONE
    HealthcheckNone(Token),
    /// HEALTHCHECK [options] CMD command
    HealthcheckCmd {
        cmd_keyword: Token,
        command: Command,
    },
    /// ONBUILD <instruction>
    Onbuild(Box<Instruction>),
    /// The arguments could not be understood (a syntax error was reported),
    /// or the instruction is unknown. The raw argument text is kept.
    Invalid(Token),
}

/// One instruction, with everything that belongs to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Instruction {
    pub keyword: Keyword,
    /// The keyword as written (`from`, `Run`, …).
    pub keyword_token: Token,
    pub flags: Vec<Flag>,
    pub args: Args,
    /// The argument text after the flags, as BuildKit joins it (continuations
    /// removed, comment lines dropped), with its source range.
    pub args_text: Token,
    pub heredocs: Vec<Heredoc>,
    /// From the keyword to the end of the instruction's last line (terminator
    /// excluded; heredoc bodies and terminators included).
    pub range: TextRange,
    /// The instruction line(s) only: keyword to the end of the last
    /// continuation line, without heredoc bodies.
    pub line_range: TextRange,
    /// Comment lines inside the continuation (BuildKit drops them).
    pub inner_comments: Vec<Comment>,
    /// Whitespace-only lines inside the continuation (NoEmptyContinuation).
    pub empty_continuation_lines: Vec<TextRange>,
    /// Indices into [`Dockerfile::comments`] of the comment lines directly
    /// above this instruction (no blank line in between).
    pub leading_comments: Vec<usize>,
    /// Maps offsets in the joined line (keyword first) back to the source.
    #[serde(skip)]
    pub source_map: SourceMap,
    /// Offset of `args_text` within the joined line.
    #[serde(skip)]
    pub args_offset: usize,
}

impl Instruction {
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags
            .iter()
            .find(|f| f.name.text.eq_ignore_ascii_case(name))
    }

    pub fn flags_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Flag> + 'a {
        self.flags
            .iter()
            .filter(move |f| f.name.text.eq_ignore_ascii_case(name))
    }

    /// The command of RUN/CMD/ENTRYPOINT/SHELL/HEALTHCHECK CMD.
    pub fn command(&self) -> Option<&Command> {
        match &self.args {
            Args::Command(c) => Some(c),
            Args::HealthcheckCmd { command, .. } => Some(command),
            _ => None,
        }
    }

    /// The trigger of an ONBUILD.
    pub fn onbuild_trigger(&self) -> Option<&Instruction> {
        match &self.args {
            Args::Onbuild(inner) => Some(inner),
            _ => None,
        }
    }

    /// Source range of a slice `[start, end)` of `args_text.text` (or of any
    /// text taken from the same joined line): follows continuations.
    pub fn args_source_range(&self, start: usize, end: usize) -> TextRange {
        self.source_map
            .range(self.args_offset + start, self.args_offset + end)
    }

    /// Source range of `[start, end)` within a token of this instruction
    /// (for example a variable reference inside an ENV value). Exact when
    /// the token's text is the joined text as written; for decoded tokens
    /// (JSON strings, unquoted flag values) the whole token is returned.
    pub fn token_subrange(&self, token: &Token, start: usize, end: usize) -> TextRange {
        let Some(logical) = self.source_map.logical_offset_of(token.range.start()) else {
            return token.range;
        };
        let candidate = self.source_map.range(logical, logical + token.text.len());
        if candidate != token.range || end > token.text.len() || start > end {
            return token.range;
        }
        self.source_map.range(logical + start, logical + end)
    }
}

/// Where each part of a joined (logical) line came from in the source.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    segments: Vec<Segment>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    logical: u32,
    source: u32,
    len: u32,
}

impl SourceMap {
    pub(crate) fn push(&mut self, logical: usize, source: usize, len: usize) {
        self.segments.push(Segment {
            logical: logical as u32,
            source: source as u32,
            len: len as u32,
        });
    }

    /// Source offset of a logical offset. At a boundary between two
    /// segments, `prefer_end` picks the end of the earlier one.
    fn to_source(&self, logical: usize, prefer_end: bool) -> usize {
        let logical = logical as u32;
        let Some(first) = self.segments.first() else {
            return 0;
        };
        let idx = match self.segments.binary_search_by(|s| s.logical.cmp(&logical)) {
            Ok(i) => {
                if prefer_end && i > 0 {
                    i - 1
                } else {
                    i
                }
            }
            Err(0) => return first.source as usize,
            Err(i) => i - 1,
        };
        let seg = self.segments[idx];
        let delta = (logical - seg.logical).min(seg.len);
        (seg.source + delta) as usize
    }

    /// The logical offset of a source offset inside one of the segments.
    pub fn logical_offset_of(&self, source: usize) -> Option<usize> {
        let source = source as u32;
        let idx = self.segments.partition_point(|s| s.source <= source);
        let seg = self.segments.get(idx.checked_sub(1)?)?;
        (source <= seg.source + seg.len).then(|| (seg.logical + (source - seg.source)) as usize)
    }

    /// Source range of the logical range `[start, end)`.
    pub fn range(&self, start: usize, end: usize) -> TextRange {
        if start >= end {
            let at = self.to_source(start, false);
            return TextRange::new(at, at);
        }
        let s = self.to_source(start, false);
        let e = self.to_source(end, true).max(s);
        TextRange::new(s, e)
    }
}

/// A top-level piece of the file. Items tile the text exactly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Item {
    /// A byte-order mark.
    Bom {
        range: TextRange,
    },
    Directive {
        index: usize,
        range: TextRange,
    },
    Comment {
        index: usize,
        range: TextRange,
    },
    /// An empty or whitespace-only line.
    Blank {
        range: TextRange,
    },
    Instruction {
        index: usize,
        range: TextRange,
    },
}

impl Item {
    pub fn range(&self) -> TextRange {
        match self {
            Item::Bom { range }
            | Item::Directive { range, .. }
            | Item::Comment { range, .. }
            | Item::Blank { range }
            | Item::Instruction { range, .. } => *range,
        }
    }
}

/// A parsed Dockerfile.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Dockerfile {
    /// The escape character in effect (`\` or `` ` ``).
    pub escape: char,
    pub directives: Vec<Directive>,
    pub comments: Vec<Comment>,
    pub instructions: Vec<Instruction>,
    pub items: Vec<Item>,
}

impl Dockerfile {
    pub fn directive(&self, name: &str) -> Option<&Directive> {
        self.directives.iter().find(|d| d.name.text == name)
    }
}
