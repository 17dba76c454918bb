//! A hand-written, error-tolerant recursive-descent parser for POSIX sh
//! (plus the bash forms common in Dockerfiles).
//!
//! There is no separate lexer: shell tokenisation depends on the grammar
//! (reserved words only count in command position, here-document bodies start
//! at the next newline token), so the parser reads bytes directly through a
//! small cursor that hides line continuations. Word scanning lives in
//! `scan.rs`.
//!
//! Guarantees: never panics, every loop consumes input or stops, recursion is
//! bounded by [`MAX_DEPTH`], and each byte is scanned a bounded number of
//! times (a nested `sh -c` string or backtick body is re-read once per level,
//! and levels are capped), so time is linear in the input.

use crate::text::TextRange;

use super::ast::*;
use super::command::nested_script_words;
use super::word::Word;

/// Deepest nesting of compound commands, substitutions and nested shells.
/// Real scripts stay far below; the cap keeps hostile input from exhausting
/// the (small, on wasm) stack.
pub(crate) const MAX_DEPTH: u16 = 40;
/// Deepest chain of `sh -c '... sh -c ...'` / `eval` strings parsed.
const MAX_NESTED_SHELLS: u8 = 6;
/// Stop recording problems past this many (the rest are noise).
const MAX_PROBLEMS: usize = 200;

/// Everything the parser accumulates besides the tree.
#[derive(Default)]
pub(crate) struct Output {
    pub commands: Vec<SimpleCommand>,
    pub heredocs: Vec<HereDoc>,
    pub variables: Vec<VarRef>,
    pub definitions: Vec<VarDef>,
    pub problems: Vec<ParseProblem>,
}

/// Maps offsets in the text being parsed to offsets in the root text.
#[derive(Clone, Debug)]
pub(crate) enum OffsetMap {
    /// The text is a slice of the root text starting at this offset.
    Affine(usize),
    /// One root offset per byte, plus one for the end.
    Table(Vec<u32>),
}

impl OffsetMap {
    pub fn abs(&self, i: usize) -> usize {
        match self {
            OffsetMap::Affine(base) => base + i,
            OffsetMap::Table(table) => table
                .get(i)
                .or(table.last())
                .map_or(0, |&offset| offset as usize),
        }
    }

    pub fn range(&self, start: usize, end: usize) -> TextRange {
        let first = self.abs(start);
        if end <= start {
            return TextRange::empty(first);
        }
        let last = self.abs(end - 1) + 1;
        TextRange::new(first, last.max(first))
    }

    /// The map for `text[start..end]`.
    pub fn slice(&self, start: usize, end: usize) -> OffsetMap {
        match self {
            OffsetMap::Affine(base) => OffsetMap::Affine(base + start),
            OffsetMap::Table(table) => {
                let end = end.min(table.len().saturating_sub(1));
                let start = start.min(end);
                OffsetMap::Table(table.get(start..=end).unwrap_or(&[]).to_vec())
            }
        }
    }
}

/// Terminators a list stops at, as a bit set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Stops(u16);

impl Stops {
    pub const NONE: Stops = Stops(0);
    pub const PAREN: Stops = Stops(1);
    pub const BRACE: Stops = Stops(1 << 1);
    pub const THEN: Stops = Stops(1 << 2);
    pub const ELIF: Stops = Stops(1 << 3);
    pub const ELSE: Stops = Stops(1 << 4);
    pub const FI: Stops = Stops(1 << 5);
    pub const DO: Stops = Stops(1 << 6);
    pub const DONE: Stops = Stops(1 << 7);
    pub const ESAC: Stops = Stops(1 << 8);
    pub const CASE_END: Stops = Stops(1 << 9);

    pub const fn with(self, other: Stops) -> Stops {
        Stops(self.0 | other.0)
    }

    pub const fn has(self, other: Stops) -> bool {
        self.0 & other.0 != 0
    }
}

/// Words that are reserved in command position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reserved {
    If,
    Then,
    Else,
    Elif,
    Fi,
    Do,
    Done,
    Case,
    Esac,
    While,
    Until,
    For,
    Select,
    In,
    Function,
    OpenBrace,
    CloseBrace,
    Bang,
}

impl Reserved {
    fn from_bytes(word: &[u8]) -> Option<Reserved> {
        Some(match word {
            b"if" => Reserved::If,
            b"then" => Reserved::Then,
            b"else" => Reserved::Else,
            b"elif" => Reserved::Elif,
            b"fi" => Reserved::Fi,
            b"do" => Reserved::Do,
            b"done" => Reserved::Done,
            b"case" => Reserved::Case,
            b"esac" => Reserved::Esac,
            b"while" => Reserved::While,
            b"until" => Reserved::Until,
            b"for" => Reserved::For,
            b"select" => Reserved::Select,
            b"in" => Reserved::In,
            b"function" => Reserved::Function,
            b"{" => Reserved::OpenBrace,
            b"}" => Reserved::CloseBrace,
            b"!" => Reserved::Bang,
            _ => return None,
        })
    }

    /// The stop this word represents when it closes a construct.
    fn terminator(self) -> Option<Stops> {
        Some(match self {
            Reserved::Then => Stops::THEN,
            Reserved::Else => Stops::ELSE,
            Reserved::Elif => Stops::ELIF,
            Reserved::Fi => Stops::FI,
            Reserved::Do => Stops::DO,
            Reserved::Done => Stops::DONE,
            Reserved::Esac => Stops::ESAC,
            Reserved::CloseBrace => Stops::BRACE,
            _ => return None,
        })
    }

    fn text(self) -> &'static str {
        match self {
            Reserved::If => "if",
            Reserved::Then => "then",
            Reserved::Else => "else",
            Reserved::Elif => "elif",
            Reserved::Fi => "fi",
            Reserved::Do => "do",
            Reserved::Done => "done",
            Reserved::Case => "case",
            Reserved::Esac => "esac",
            Reserved::While => "while",
            Reserved::Until => "until",
            Reserved::For => "for",
            Reserved::Select => "select",
            Reserved::In => "in",
            Reserved::Function => "function",
            Reserved::OpenBrace => "{",
            Reserved::CloseBrace => "}",
            Reserved::Bang => "!",
        }
    }
}

/// Bytes that end an unquoted word.
pub(crate) fn is_delimiter(byte: u8) -> bool {
    matches!(
        byte,
        b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')'
    )
}

/// Length of the UTF-8 character starting with `lead`.
fn char_len(lead: u8) -> usize {
    match lead {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

pub(crate) struct Parser<'s, 'o> {
    pub(crate) src: &'s str,
    pub(crate) bytes: &'s [u8],
    pub(crate) pos: usize,
    /// End of the last byte consumed (continuations skipped after it are not
    /// counted), so ranges end where the text ends.
    pub(crate) last_end: usize,
    pub(crate) map: OffsetMap,
    pub(crate) out: &'o mut Output,
    pub(crate) ctx: CommandContext,
    pub(crate) depth: u16,
    pub(crate) nested_shells: u8,
    /// The Dockerfile escape character whose `escape + newline` BuildKit
    /// removes before the shell runs; `None` for a plain script.
    pub(crate) escape: Option<u8>,
    pub(crate) stops: Stops,
    /// Here-documents whose bodies start after the next newline token, with
    /// the range of their operator.
    pub(crate) pending_heredocs: Vec<(HereDocId, TextRange)>,
}

impl<'s, 'o> Parser<'s, 'o> {
    pub fn new(src: &'s str, out: &'o mut Output, escape: Option<u8>) -> Self {
        Parser {
            src,
            bytes: src.as_bytes(),
            pos: 0,
            last_end: 0,
            map: OffsetMap::Affine(0),
            out,
            ctx: CommandContext::default(),
            depth: 0,
            nested_shells: 0,
            escape,
            stops: Stops::NONE,
            pending_heredocs: Vec::new(),
        }
    }

    /// A parser for a piece of text derived from this one (a backtick body, a
    /// `sh -c` string, a here-document body), sharing the output.
    pub(crate) fn sub<'t>(&mut self, src: &'t str, map: OffsetMap) -> Parser<'t, '_> {
        Parser {
            src,
            bytes: src.as_bytes(),
            pos: 0,
            last_end: 0,
            map,
            out: &mut *self.out,
            ctx: self.ctx,
            depth: self.depth,
            nested_shells: self.nested_shells,
            escape: None,
            stops: Stops::NONE,
            pending_heredocs: Vec::new(),
        }
    }

    // ---- cursor -------------------------------------------------------------

    /// If a line continuation starts at `i`, the offset just after it (and
    /// after the comment and blank lines BuildKit drops inside continuations).
    fn continuation_end(&self, i: usize) -> Option<usize> {
        let byte = *self.bytes.get(i)?;
        if byte != b'\\' && Some(byte) != self.escape {
            return None;
        }
        let mut j = i + 1;
        if self.escape.is_some() {
            while matches!(self.bytes.get(j), Some(b' ' | b'\t')) {
                j += 1;
            }
        }
        if self.bytes.get(j) == Some(&b'\r') {
            j += 1;
        }
        if self.bytes.get(j) != Some(&b'\n') {
            return None;
        }
        j += 1;
        if self.escape.is_some() {
            j = self.skip_dropped_lines(j);
        }
        Some(j)
    }

    /// BuildKit drops blank lines and lines starting with `#` inside a
    /// continued instruction.
    fn skip_dropped_lines(&self, mut j: usize) -> usize {
        loop {
            let mut k = j;
            while matches!(self.bytes.get(k), Some(b' ' | b'\t')) {
                k += 1;
            }
            match self.bytes.get(k) {
                Some(b'#') => match self.bytes[k..].iter().position(|&b| b == b'\n') {
                    Some(newline) => j = k + newline + 1,
                    None => return self.bytes.len(),
                },
                Some(b'\n') => j = k + 1,
                Some(b'\r') if self.bytes.get(k + 1) == Some(&b'\n') => j = k + 2,
                _ => return j,
            }
        }
    }

    pub(crate) fn skip_continuations(&mut self) {
        while let Some(next) = self.continuation_end(self.pos) {
            self.pos = next;
        }
    }

    /// The next byte, after any line continuation.
    pub(crate) fn peek(&mut self) -> Option<u8> {
        self.skip_continuations();
        self.bytes.get(self.pos).copied()
    }

    /// The byte `ahead` positions after the cursor, without continuation handling.
    pub(crate) fn byte_at(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    /// Consume one character.
    pub(crate) fn bump(&mut self) {
        if let Some(&lead) = self.bytes.get(self.pos) {
            self.pos = (self.pos + char_len(lead)).min(self.bytes.len());
            self.last_end = self.pos;
        }
    }

    /// Consume one character that is not part of any token (a blank or a
    /// comment), leaving `last_end` where the last token ended.
    fn advance(&mut self) {
        if let Some(&lead) = self.bytes.get(self.pos) {
            self.pos = (self.pos + char_len(lead)).min(self.bytes.len());
        }
    }

    pub(crate) fn bump_n(&mut self, n: usize) {
        for _ in 0..n {
            self.bump();
        }
    }

    pub(crate) fn range(&self, start: usize, end: usize) -> TextRange {
        self.map.range(start, end)
    }

    pub(crate) fn problem(&mut self, start: usize, end: usize, message: impl Into<String>) {
        if self.out.problems.len() < MAX_PROBLEMS {
            let range = self.range(start, end);
            self.out.problems.push(ParseProblem {
                range,
                message: message.into(),
            });
        }
    }

    /// Enter one nesting level; past [`MAX_DEPTH`] the rest of this text is
    /// given up on (recorded as a problem) so recursion stays bounded.
    pub(crate) fn enter(&mut self, at: usize) -> bool {
        if self.depth >= MAX_DEPTH {
            let end = self.bytes.len();
            self.problem(
                at,
                end,
                "nesting is too deep; the rest of the script is not analysed",
            );
            self.pos = end;
            self.last_end = end;
            return false;
        }
        self.depth += 1;
        self.ctx.depth = self.depth;
        true
    }

    /// Like [`Parser::enter`], for text parsed on its own (a backtick body, a
    /// `sh -c` string, a here-document body): past the limit only that text
    /// is skipped, and `range` is reported.
    pub(crate) fn enter_derived(&mut self, range: TextRange) -> bool {
        if self.depth >= MAX_DEPTH {
            if self.out.problems.len() < MAX_PROBLEMS {
                self.out.problems.push(ParseProblem {
                    range,
                    message: "nesting is too deep; this part is not analysed".into(),
                });
            }
            return false;
        }
        self.depth += 1;
        self.ctx.depth = self.depth;
        true
    }

    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        self.ctx.depth = self.depth;
    }

    // ---- blanks, comments, newlines ------------------------------------------

    /// Skip blanks and comments on the current line.
    pub(crate) fn skip_blanks(&mut self) {
        while let Some(byte) = self.peek() {
            match byte {
                b' ' | b'\t' | b'\r' => self.advance(),
                b'#' => self.skip_comment(),
                _ => break,
            }
        }
    }

    fn skip_comment(&mut self) {
        if self.escape.is_some() {
            // BuildKit joined the continued lines first, so a comment runs to
            // the end of the joined line.
            while let Some(byte) = self.peek() {
                if byte == b'\n' {
                    break;
                }
                self.advance();
            }
        } else {
            let rest = &self.bytes[self.pos..];
            self.pos += rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        }
    }

    /// Consume a newline token (reading any pending here-document bodies).
    fn newline(&mut self) {
        self.bump();
        if !self.pending_heredocs.is_empty() {
            self.read_heredoc_bodies();
        }
    }

    /// Skip blanks, comments and newlines.
    fn linebreak(&mut self) {
        loop {
            self.skip_blanks();
            if self.peek() == Some(b'\n') {
                self.newline();
            } else {
                break;
            }
        }
    }

    /// The reserved word at the cursor, with its length, if any.
    fn peek_reserved(&mut self) -> Option<(Reserved, usize)> {
        self.skip_continuations();
        let rest = &self.bytes[self.pos..];
        let len = rest
            .iter()
            .take(9)
            .position(|&b| is_delimiter(b))
            .unwrap_or(rest.len().min(9));
        if len == 0 || (len == 9 && rest.len() > 9) {
            return None;
        }
        Reserved::from_bytes(&rest[..len]).map(|r| (r, len))
    }

    /// Consume `word` if it is next; otherwise report that `opener` lacks it.
    fn expect_reserved(&mut self, word: Reserved, opener: (usize, Reserved)) -> bool {
        self.linebreak();
        if let Some((found, len)) = self.peek_reserved() {
            if found == word {
                self.bump_n(len);
                return true;
            }
        }
        let (at, what) = opener;
        self.problem(
            at,
            at + what.text().len(),
            format!("`{}` without a matching `{}`", what.text(), word.text()),
        );
        false
    }

    // ---- here-documents ----------------------------------------------------

    fn read_heredoc_bodies(&mut self) {
        let pending = std::mem::take(&mut self.pending_heredocs);
        for (id, operator) in pending {
            let Some(doc) = self.out.heredocs.get(id.0) else {
                continue;
            };
            let delimiter = doc.delimiter.clone();
            let strip_tabs = doc.strip_tabs;
            let quoted = doc.quoted;
            let body_start = self.pos;
            let mut line_start = self.pos;
            let mut body_end = None;
            while line_start < self.bytes.len() {
                let line_end = self.bytes[line_start..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(self.bytes.len(), |n| line_start + n);
                let mut line = &self.bytes[line_start..line_end];
                if let Some(stripped) = line.strip_suffix(b"\r") {
                    line = stripped;
                }
                if strip_tabs {
                    while let Some(rest) = line.strip_prefix(b"\t") {
                        line = rest;
                    }
                }
                if line == delimiter.as_bytes() {
                    body_end = Some(line_start);
                    self.pos = (line_end + 1).min(self.bytes.len());
                    break;
                }
                line_start = line_end + 1;
            }
            let terminated = body_end.is_some();
            let body_end = body_end.unwrap_or_else(|| {
                self.pos = self.bytes.len();
                self.bytes.len()
            });
            self.last_end = self.pos;
            if !terminated && self.out.problems.len() < MAX_PROBLEMS {
                self.out.problems.push(ParseProblem {
                    range: operator,
                    message: format!("here-document ends before its `{delimiter}` line"),
                });
            }
            let body = self.range(body_start, body_end);
            let body_text = self.src.get(body_start..body_end).unwrap_or("").to_owned();
            if let Some(doc) = self.out.heredocs.get_mut(id.0) {
                doc.body = body;
                doc.body_text = body_text;
                doc.terminated = terminated;
            }
            if !quoted {
                self.scan_heredoc_expansions(body_start, body_end);
            }
        }
    }

    /// Report here-documents still waiting for a body at the end of the text.
    fn finish_heredocs(&mut self) {
        let pending = std::mem::take(&mut self.pending_heredocs);
        for (id, operator) in pending {
            let end = self.map.abs(self.bytes.len());
            if let Some(doc) = self.out.heredocs.get_mut(id.0) {
                doc.body = TextRange::empty(end);
                if self.out.problems.len() < MAX_PROBLEMS {
                    self.out.problems.push(ParseProblem {
                        range: operator,
                        message: format!("here-document `{}` has no body", doc.delimiter),
                    });
                }
            }
        }
    }

    // ---- lists -------------------------------------------------------------

    /// Parse the whole text.
    pub fn parse_program(&mut self) -> List {
        let list = self.parse_list(Stops::NONE);
        self.finish_heredocs();
        list
    }

    /// A list, up to the end of the text or one of `stops` (or of the
    /// enclosing constructs' stops, so a missing terminator is reported by
    /// the construct that lacks it rather than swallowing the outer one).
    pub(crate) fn parse_list(&mut self, stops: Stops) -> List {
        let saved = self.stops;
        self.stops = saved.with(stops);
        let mut items = Vec::new();
        loop {
            self.linebreak();
            let Some(byte) = self.peek() else { break };
            let start = self.pos;
            match byte {
                b')' => {
                    if self.stops.has(Stops::PAREN) {
                        break;
                    }
                    self.bump();
                    self.problem(start, self.pos, "unexpected `)`");
                    continue;
                }
                b';' => {
                    if matches!(self.byte_at(1), Some(b';' | b'&')) {
                        if self.stops.has(Stops::CASE_END) {
                            break;
                        }
                        let len = if self.byte_at(1) == Some(b';') && self.byte_at(2) == Some(b'&')
                        {
                            3
                        } else {
                            2
                        };
                        self.bump_n(len);
                        self.problem(start, self.pos, "case terminator outside `case`");
                    } else {
                        self.bump();
                        self.problem(start, self.pos, "`;` without a command before it");
                    }
                    continue;
                }
                b'&' | b'|' if self.byte_at(1) != Some(b'>') => {
                    let len = if self.byte_at(1) == Some(byte) { 2 } else { 1 };
                    self.bump_n(len);
                    self.problem(start, self.pos, "operator without a command before it");
                    continue;
                }
                _ => {}
            }
            if let Some((word, len)) = self.peek_reserved() {
                if let Some(stop) = word.terminator() {
                    if self.stops.has(stop) {
                        break;
                    }
                    self.bump_n(len);
                    self.problem(start, self.pos, format!("unexpected `{}`", word.text()));
                    continue;
                }
            }
            let first_command = self.out.commands.len();
            let and_or = self.parse_and_or();
            self.skip_blanks();
            let separator_start = self.pos;
            let separator = match self.peek() {
                Some(b';') if !matches!(self.byte_at(1), Some(b';' | b'&')) => {
                    self.bump();
                    Some(SeparatorKind::Semicolon)
                }
                Some(b'&') if !matches!(self.byte_at(1), Some(b'&' | b'>')) => {
                    self.bump();
                    for command in self.out.commands.iter_mut().skip(first_command) {
                        command.context.background = true;
                    }
                    Some(SeparatorKind::Background)
                }
                Some(b'\n') => {
                    self.newline();
                    Some(SeparatorKind::Newline)
                }
                _ => None,
            }
            .map(|kind| Separator {
                kind,
                range: self.range(separator_start, separator_start + 1),
            });
            if !and_or.first.commands.is_empty() || !and_or.rest.is_empty() {
                items.push(ListItem { and_or, separator });
            }
            if self.pos == start {
                // Nothing could be made of this byte: report it and move on.
                self.bump();
                self.problem(start, self.pos, "unexpected character");
            }
        }
        self.stops = saved;
        List { items }
    }

    /// Whether the cursor is at something that ends a list here.
    fn at_list_end(&mut self) -> bool {
        match self.peek() {
            None => true,
            Some(b')') => true,
            Some(b';') => true,
            Some(b'&') => self.byte_at(1) != Some(b'>'),
            Some(b'|') => true,
            _ => self
                .peek_reserved()
                .and_then(|(word, _)| word.terminator())
                .is_some(),
        }
    }

    fn parse_and_or(&mut self) -> AndOr {
        let first = self.parse_pipeline(None);
        let mut rest: Vec<(AndOrOp, Pipeline)> = Vec::new();
        loop {
            self.skip_blanks();
            let kind = match (self.peek(), self.byte_at(1)) {
                (Some(b'&'), Some(b'&')) => AndOrKind::And,
                (Some(b'|'), Some(b'|')) => AndOrKind::Or,
                _ => break,
            };
            let start = self.pos;
            self.bump_n(2);
            let range = self.range(start, self.pos);
            let previous = rest.last().map_or(&first, |(_, p)| p);
            self.mark_pipeline(previous, |context| context.followed_by = Some(kind));
            self.linebreak();
            if self.at_list_end() {
                self.problem(start, start + 2, "missing command after the operator");
                break;
            }
            let pipeline = self.parse_pipeline(Some(kind));
            rest.push((AndOrOp { kind, range }, pipeline));
        }
        AndOr { first, rest }
    }

    /// Apply `update` to the simple commands directly in `pipeline`.
    fn mark_pipeline(&mut self, pipeline: &Pipeline, update: impl Fn(&mut CommandContext)) {
        for command in &pipeline.commands {
            if let Command::Simple(id) = command {
                if let Some(simple) = self.out.commands.get_mut(id.0) {
                    update(&mut simple.context);
                }
            }
        }
    }

    fn parse_pipeline(&mut self, preceded_by: Option<AndOrKind>) -> Pipeline {
        self.skip_blanks();
        let start = self.pos;
        let mut negated = false;
        if let Some((Reserved::Bang, len)) = self.peek_reserved() {
            self.bump_n(len);
            negated = true;
        }
        let mut commands = Vec::new();
        let mut pipes = Vec::new();
        loop {
            match self.parse_command() {
                Some(command) => commands.push(command),
                None => {
                    if let Some(pipe) = pipes.pop() {
                        let pipe: TextRange = pipe;
                        if self.out.problems.len() < MAX_PROBLEMS {
                            self.out.problems.push(ParseProblem {
                                range: pipe,
                                message: "missing command after `|`".into(),
                            });
                        }
                    }
                    break;
                }
            }
            self.skip_blanks();
            if self.peek() == Some(b'|') && self.byte_at(1) != Some(b'|') {
                let pipe_start = self.pos;
                self.bump();
                if self.peek() == Some(b'&') {
                    self.bump();
                }
                pipes.push(self.range(pipe_start, self.pos));
                self.linebreak();
            } else {
                break;
            }
        }
        let pipeline = Pipeline {
            negated,
            range: self.range(start, self.last_end.max(start)),
            commands,
            pipes,
        };
        let length = pipeline.commands.len().min(u16::MAX as usize) as u16;
        for (index, command) in pipeline.commands.iter().enumerate() {
            if let Command::Simple(id) = command {
                if let Some(simple) = self.out.commands.get_mut(id.0) {
                    simple.context.preceded_by = preceded_by;
                    if length > 1 {
                        simple.context.pipe = Some((index.min(u16::MAX as usize) as u16, length));
                    }
                }
            }
        }
        pipeline
    }

    /// One command of a pipeline, or `None` if the cursor is at something
    /// that cannot start one.
    fn parse_command(&mut self) -> Option<Command> {
        self.skip_blanks();
        let byte = self.peek()?;
        match byte {
            b')' | b';' | b'|' | b'\n' => return None,
            b'&' if self.byte_at(1) != Some(b'>') => return None,
            _ => {}
        }
        if let Some((word, len)) = self.peek_reserved() {
            let command = match word {
                Reserved::OpenBrace => self.parse_group(len),
                Reserved::If => self.parse_if(len),
                Reserved::For | Reserved::Select => self.parse_for(word, len),
                Reserved::While | Reserved::Until => self.parse_loop(word, len),
                Reserved::Case => self.parse_case(len),
                Reserved::Function => return Some(self.parse_function_keyword(len)),
                Reserved::Then
                | Reserved::Else
                | Reserved::Elif
                | Reserved::Fi
                | Reserved::Do
                | Reserved::Done
                | Reserved::Esac
                | Reserved::CloseBrace => return None,
                Reserved::In | Reserved::Bang => return Some(self.parse_simple()),
            };
            return Some(command);
        }
        if byte == b'(' {
            return Some(if self.byte_at(1) == Some(b'(') {
                self.parse_arithmetic_command()
            } else {
                self.parse_subshell()
            });
        }
        if let Some(name_len) = self.function_definition_ahead() {
            return Some(self.parse_function_parens(name_len));
        }
        Some(self.parse_simple())
    }

    /// Redirections after a compound command.
    fn trailing_redirects(&mut self) -> Vec<Redirect> {
        let mut redirects = Vec::new();
        loop {
            self.skip_blanks();
            if !self.at_redirect() {
                break;
            }
            match self.parse_redirect() {
                Some(redirect) => redirects.push(redirect),
                None => break,
            }
        }
        redirects
    }

    fn compound(&mut self, kind: CompoundKind, start: usize) -> Command {
        let redirects = self.trailing_redirects();
        Command::Compound(Box::new(CompoundCommand {
            kind,
            range: self.range(start, self.last_end.max(start)),
            redirects,
        }))
    }

    fn parse_group(&mut self, len: usize) -> Command {
        let start = self.pos;
        self.bump_n(len);
        if !self.enter(start) {
            return self.compound(CompoundKind::Group(List::default()), start);
        }
        let body = self.parse_list(Stops::BRACE);
        self.expect_reserved(Reserved::CloseBrace, (start, Reserved::OpenBrace));
        self.leave();
        self.compound(CompoundKind::Group(body), start)
    }

    fn parse_subshell(&mut self) -> Command {
        let start = self.pos;
        self.bump();
        if !self.enter(start) {
            return self.compound(CompoundKind::Subshell(List::default()), start);
        }
        let outer = self.ctx;
        self.ctx.subshell = true;
        let body = self.parse_list(Stops::PAREN);
        self.ctx = outer;
        self.linebreak();
        if self.peek() == Some(b')') {
            self.bump();
        } else {
            self.problem(start, start + 1, "`(` without a matching `)`");
        }
        self.leave();
        self.compound(CompoundKind::Subshell(body), start)
    }

    fn parse_arithmetic_command(&mut self) -> Command {
        let start = self.pos;
        self.bump_n(2);
        self.scan_arithmetic(start);
        self.compound(CompoundKind::Arithmetic, start)
    }

    fn parse_if(&mut self, len: usize) -> Command {
        let start = self.pos;
        self.bump_n(len);
        if !self.enter(start) {
            return self.compound(
                CompoundKind::If {
                    branches: Vec::new(),
                    else_body: None,
                },
                start,
            );
        }
        let outer = self.ctx;
        let mut branches = Vec::new();
        let mut else_body = None;
        let mut opener = (start, Reserved::If);
        loop {
            self.ctx = CommandContext {
                condition: true,
                ..outer
            };
            let condition = self.parse_list(
                Stops::THEN
                    .with(Stops::ELIF)
                    .with(Stops::ELSE)
                    .with(Stops::FI),
            );
            self.ctx = CommandContext {
                branch: true,
                ..outer
            };
            let body = if self.expect_reserved(Reserved::Then, opener) {
                self.parse_list(Stops::ELIF.with(Stops::ELSE).with(Stops::FI))
            } else {
                List::default()
            };
            branches.push((condition, body));
            if let Some((Reserved::Elif, len)) = self.peek_reserved() {
                opener = (self.pos, Reserved::Elif);
                self.bump_n(len);
                continue;
            }
            break;
        }
        if let Some((Reserved::Else, len)) = self.peek_reserved() {
            self.bump_n(len);
            else_body = Some(self.parse_list(Stops::FI));
        }
        self.ctx = outer;
        self.expect_reserved(Reserved::Fi, (start, Reserved::If));
        self.leave();
        self.compound(
            CompoundKind::If {
                branches,
                else_body,
            },
            start,
        )
    }

    fn parse_for(&mut self, keyword: Reserved, len: usize) -> Command {
        let start = self.pos;
        self.bump_n(len);
        self.skip_blanks();
        let mut variable = None;
        let mut words = None;
        if self.peek() == Some(b'(') && self.byte_at(1) == Some(b'(') {
            let arith_start = self.pos;
            self.bump_n(2);
            self.scan_arithmetic(arith_start);
        } else {
            match self.scan_word(false) {
                Some(word) => {
                    self.define(&word.value, word.range, None, VarDefKind::ForLoop, None);
                    variable = Some(word);
                }
                None => {
                    self.problem(start, start + len, "`for` without a variable name");
                }
            }
            self.linebreak();
            if let Some((Reserved::In, in_len)) = self.peek_reserved() {
                self.bump_n(in_len);
                let mut list = Vec::new();
                loop {
                    self.skip_blanks();
                    match self.peek() {
                        None | Some(b'\n' | b';' | b'&' | b'|' | b')') => break,
                        _ => {}
                    }
                    match self.scan_word(false) {
                        Some(word) => list.push(word),
                        None => break,
                    }
                }
                words = Some(list);
            }
        }
        self.skip_blanks();
        if self.peek() == Some(b';') && self.byte_at(1) != Some(b';') {
            self.bump();
        }
        let body = self.loop_body(start, keyword);
        self.compound(
            CompoundKind::For {
                variable,
                words,
                body,
            },
            start,
        )
    }

    /// `do LIST done`, parsed as a loop body.
    fn loop_body(&mut self, start: usize, keyword: Reserved) -> List {
        if !self.expect_reserved(Reserved::Do, (start, keyword)) {
            return List::default();
        }
        if !self.enter(start) {
            return List::default();
        }
        let outer = self.ctx;
        self.ctx.loop_body = true;
        let body = self.parse_list(Stops::DONE);
        self.ctx = outer;
        self.expect_reserved(Reserved::Done, (start, keyword));
        self.leave();
        body
    }

    fn parse_loop(&mut self, keyword: Reserved, len: usize) -> Command {
        let start = self.pos;
        self.bump_n(len);
        if !self.enter(start) {
            return self.compound(
                CompoundKind::Loop {
                    until: keyword == Reserved::Until,
                    condition: List::default(),
                    body: List::default(),
                },
                start,
            );
        }
        let outer = self.ctx;
        self.ctx.condition = true;
        self.ctx.loop_body = true;
        let condition = self.parse_list(Stops::DO);
        self.ctx = outer;
        self.leave();
        let body = self.loop_body(start, keyword);
        self.compound(
            CompoundKind::Loop {
                until: keyword == Reserved::Until,
                condition,
                body,
            },
            start,
        )
    }

    fn parse_case(&mut self, len: usize) -> Command {
        let start = self.pos;
        self.bump_n(len);
        self.skip_blanks();
        let subject = self.scan_word(false).unwrap_or_else(|| {
            let at = self.pos;
            self.problem(start, start + len, "`case` without a word");
            self.empty_word(at)
        });
        self.linebreak();
        if let Some((Reserved::In, in_len)) = self.peek_reserved() {
            self.bump_n(in_len);
        } else {
            self.problem(start, start + len, "`case` without `in`");
        }
        if !self.enter(start) {
            return self.compound(
                CompoundKind::Case {
                    subject,
                    arms: Vec::new(),
                },
                start,
            );
        }
        let outer = self.ctx;
        let mut arms = Vec::new();
        let mut closed = false;
        loop {
            self.linebreak();
            let arm_start = self.pos;
            if let Some((Reserved::Esac, esac_len)) = self.peek_reserved() {
                self.bump_n(esac_len);
                closed = true;
                break;
            }
            match self.peek() {
                None => break,
                Some(b')') if self.stops.has(Stops::PAREN) => break,
                _ => {}
            }
            if self.peek() == Some(b'(') {
                self.bump();
            }
            let mut patterns = Vec::new();
            loop {
                self.skip_blanks();
                match self.scan_word(false) {
                    Some(word) => patterns.push(word),
                    None => break,
                }
                self.skip_blanks();
                if self.peek() == Some(b'|') {
                    self.bump();
                } else {
                    break;
                }
            }
            self.skip_blanks();
            if self.peek() == Some(b')') {
                self.bump();
            } else {
                let at = self.pos;
                self.problem(arm_start, at.max(arm_start + 1), "case pattern without `)`");
            }
            self.ctx = CommandContext {
                branch: true,
                ..outer
            };
            let body = self.parse_list(Stops::CASE_END.with(Stops::ESAC));
            self.ctx = outer;
            self.skip_blanks();
            if self.peek() == Some(b';') && matches!(self.byte_at(1), Some(b';' | b'&')) {
                let extra =
                    usize::from(self.byte_at(1) == Some(b';') && self.byte_at(2) == Some(b'&'));
                self.bump_n(2 + extra);
            }
            arms.push(CaseArm { patterns, body });
            if self.pos == arm_start {
                self.bump();
                self.problem(arm_start, self.pos, "unexpected character in `case`");
            }
        }
        if !closed {
            self.problem(start, start + len, "`case` without a matching `esac`");
        }
        self.leave();
        self.compound(CompoundKind::Case { subject, arms }, start)
    }

    /// `name ( )` ahead? Returns the length of `name`. Looks at bytes only,
    /// so nothing is recorded when the answer is no.
    fn function_definition_ahead(&mut self) -> Option<usize> {
        self.skip_continuations();
        let rest = &self.bytes[self.pos..];
        let name_len = rest
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':')))
            .unwrap_or(rest.len());
        if name_len == 0 {
            return None;
        }
        let mut i = name_len;
        while matches!(rest.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        if rest.get(i) != Some(&b'(') {
            return None;
        }
        i += 1;
        while matches!(rest.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        (rest.get(i) == Some(&b')')).then_some(name_len)
    }

    fn parse_function_parens(&mut self, name_len: usize) -> Command {
        let start = self.pos;
        let name = self.plain_word(name_len);
        self.skip_blanks();
        self.bump(); // (
        self.skip_blanks();
        self.bump(); // )
        self.function_body(start, name)
    }

    fn parse_function_keyword(&mut self, len: usize) -> Command {
        let start = self.pos;
        self.bump_n(len);
        self.skip_blanks();
        let name = self.scan_word(false).unwrap_or_else(|| {
            let at = self.pos;
            self.problem(start, start + len, "`function` without a name");
            self.empty_word(at)
        });
        self.skip_blanks();
        if self.peek() == Some(b'(') && self.byte_at(1) == Some(b')') {
            self.bump_n(2);
        }
        self.function_body(start, name)
    }

    fn function_body(&mut self, start: usize, name: Word) -> Command {
        self.linebreak();
        if !self.enter(start) {
            return Command::Function(Box::new(FunctionDef {
                name,
                body: Command::Compound(Box::new(CompoundCommand {
                    kind: CompoundKind::Group(List::default()),
                    range: self.range(start, start),
                    redirects: Vec::new(),
                })),
                range: self.range(start, self.last_end.max(start)),
            }));
        }
        let outer = self.ctx;
        self.ctx.function = true;
        let body = self.parse_command().unwrap_or_else(|| {
            let at = self.pos;
            self.problem(start, at.max(start + 1), "function without a body");
            Command::Compound(Box::new(CompoundCommand {
                kind: CompoundKind::Group(List::default()),
                range: self.range(at, at),
                redirects: Vec::new(),
            }))
        });
        self.ctx = outer;
        self.leave();
        Command::Function(Box::new(FunctionDef {
            name,
            body,
            range: self.range(start, self.last_end.max(start)),
        }))
    }

    /// A word of `len` plain bytes at the cursor (a function name).
    fn plain_word(&mut self, len: usize) -> Word {
        let start = self.pos;
        let mut builder = super::word::WordBuilder::default();
        for i in start..start + len {
            builder.push(self.bytes[i], self.map.abs(i));
        }
        self.bump_n(len);
        let raw = self.src.get(start..self.pos).unwrap_or("").to_owned();
        builder.finish(self.range(start, self.pos), raw)
    }

    pub(crate) fn empty_word(&self, at: usize) -> Word {
        super::word::WordBuilder::default().finish(self.range(at, at), String::new())
    }

    // ---- simple commands ---------------------------------------------------

    pub(crate) fn at_redirect(&mut self) -> bool {
        match self.peek() {
            Some(b'<' | b'>') => self.byte_at(1) != Some(b'('),
            Some(b'&') => self.byte_at(1) == Some(b'>'),
            Some(b'0'..=b'9') => {
                let rest = &self.bytes[self.pos..];
                let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
                matches!(rest.get(digits), Some(b'<' | b'>')) && rest.get(digits + 1) != Some(&b'(')
            }
            _ => false,
        }
    }

    fn parse_redirect(&mut self) -> Option<Redirect> {
        self.skip_continuations();
        let start = self.pos;
        let rest = &self.bytes[self.pos..];
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        let fd = if digits > 0 {
            std::str::from_utf8(&rest[..digits])
                .ok()
                .and_then(|d| d.parse::<u32>().ok())
        } else {
            None
        };
        let ops = &rest[digits..];
        let (op, len) = if ops.starts_with(b"&>>") {
            (RedirectOp::AppendAll, 3)
        } else if ops.starts_with(b"&>") {
            (RedirectOp::OutputAll, 2)
        } else if ops.starts_with(b"<<<") {
            (RedirectOp::HereString, 3)
        } else if ops.starts_with(b"<<-") {
            (RedirectOp::HereDocStripTabs, 3)
        } else if ops.starts_with(b"<<") {
            (RedirectOp::HereDoc, 2)
        } else if ops.starts_with(b"<>") {
            (RedirectOp::ReadWrite, 2)
        } else if ops.starts_with(b"<&") {
            (RedirectOp::DupInput, 2)
        } else if ops.starts_with(b"<") {
            (RedirectOp::Input, 1)
        } else if ops.starts_with(b">>") {
            (RedirectOp::Append, 2)
        } else if ops.starts_with(b">&") {
            (RedirectOp::DupOutput, 2)
        } else if ops.starts_with(b">|") {
            (RedirectOp::Clobber, 2)
        } else if ops.starts_with(b">") {
            (RedirectOp::Output, 1)
        } else {
            return None;
        };
        self.bump_n(digits + len);
        let operator_end = self.pos;
        self.skip_blanks();
        let at_word = match self.peek() {
            // `< <(cmd)`: the target is a process substitution.
            Some(b'<' | b'>') => self.byte_at(1) == Some(b'('),
            Some(byte) => !is_delimiter(byte),
            None => false,
        };
        let target = if at_word { self.scan_word(false) } else { None };
        if target.is_none() {
            self.problem(start, operator_end, "redirection without a target");
        }
        let operator = self.range(start, operator_end);
        let heredoc = match (op, &target) {
            (RedirectOp::HereDoc | RedirectOp::HereDocStripTabs, Some(word)) => {
                let id = HereDocId(self.out.heredocs.len());
                self.out.heredocs.push(HereDoc {
                    delimiter: word.value.clone(),
                    quoted: word.quoted,
                    strip_tabs: op == RedirectOp::HereDocStripTabs,
                    body: TextRange::empty(operator.end()),
                    body_text: String::new(),
                    terminated: false,
                });
                self.pending_heredocs.push((id, operator));
                Some(id)
            }
            _ => None,
        };
        Some(Redirect {
            range: self.range(start, self.last_end.max(start)),
            fd,
            op,
            target,
            heredoc,
        })
    }

    fn parse_simple(&mut self) -> Command {
        let id = CommandId(self.out.commands.len());
        self.out.commands.push(SimpleCommand {
            id,
            range: TextRange::default(),
            assignments: Vec::new(),
            words: Vec::new(),
            redirects: Vec::new(),
            context: self.ctx,
            nested: None,
        });
        self.skip_continuations();
        let start = self.pos;
        let mut assignments = Vec::new();
        let mut words: Vec<Word> = Vec::new();
        let mut redirects = Vec::new();
        // Inside bash's `[[ ... ]]`, `&&`, `<`, `(`... are operands.
        let mut in_test = false;
        loop {
            self.skip_blanks();
            let Some(byte) = self.peek() else { break };
            if in_test && matches!(byte, b'&' | b'|' | b'<' | b'>' | b'(' | b')') {
                let op_start = self.pos;
                let len = if matches!(byte, b'&' | b'|') && self.byte_at(1) == Some(byte) {
                    2
                } else {
                    1
                };
                let word = self.plain_word(len);
                debug_assert!(self.pos > op_start);
                words.push(word);
                continue;
            }
            match byte {
                b'\n' | b';' | b')' | b'|' => break,
                b'&' if self.byte_at(1) != Some(b'>') => break,
                b'(' => {
                    let at = self.pos;
                    self.bump();
                    self.problem(at, self.pos, "unexpected `(`");
                    continue;
                }
                _ => {}
            }
            if self.at_redirect() {
                if let Some(redirect) = self.parse_redirect() {
                    redirects.push(redirect);
                    continue;
                }
            }
            let before = self.pos;
            match self.scan_word(words.is_empty()) {
                Some(word) => {
                    if words.is_empty() {
                        if let Some(assignment) = as_assignment(&word) {
                            assignments.push(assignment);
                            continue;
                        }
                        in_test = word.is("[[");
                    } else if in_test && word.is("]]") {
                        in_test = false;
                    }
                    words.push(word);
                }
                None => {
                    if self.pos == before {
                        self.bump();
                        self.problem(before, self.pos, "unexpected character");
                    }
                }
            }
        }
        let range = self.range(start, self.last_end.max(start));
        let kind = if words.is_empty() {
            VarDefKind::Assignment
        } else {
            VarDefKind::CommandPrefix
        };
        for assignment in &assignments {
            let value: &Word = &assignment.value;
            self.define(
                &assignment.name,
                assignment.name_range,
                Some(value.value.clone()),
                kind,
                Some(id),
            );
        }
        if let Some(command) = self.out.commands.get_mut(id.0) {
            command.range = range;
            command.assignments = assignments;
            command.words = words;
            command.redirects = redirects;
        }
        self.record_declarations(id);
        self.parse_nested_script(id);
        Command::Simple(id)
    }

    pub(crate) fn define(
        &mut self,
        name: &str,
        range: TextRange,
        value: Option<String>,
        kind: VarDefKind,
        command: Option<CommandId>,
    ) {
        if is_name(name) {
            self.out.definitions.push(VarDef {
                name: name.to_owned(),
                range,
                value,
                kind,
                command,
            });
        }
    }

    /// `export`, `readonly`, `local`, `declare`, `typeset` and `read` define variables.
    fn record_declarations(&mut self, id: CommandId) {
        let Some(command) = self.out.commands.get(id.0) else {
            return;
        };
        let invocation = command.effective_command();
        let Some(name) = invocation.name() else {
            return;
        };
        let mut found = Vec::new();
        match name {
            "export" | "readonly" | "local" | "declare" | "typeset" => {
                let mut kind = if name == "export" {
                    VarDefKind::Export
                } else {
                    VarDefKind::Declaration
                };
                for word in invocation.args() {
                    if word.value.starts_with('-') {
                        if word.value[1..].contains('x') {
                            kind = VarDefKind::Export;
                        }
                        continue;
                    }
                    let (var, value) = match word.value.split_once('=') {
                        Some((var, value)) => (var, Some(value.to_owned())),
                        None => (word.value.as_str(), None),
                    };
                    let var = var.strip_suffix('+').unwrap_or(var);
                    found.push((var.to_owned(), word.value_range(0, var.len()), value, kind));
                }
            }
            "read" => {
                let mut skip_next = false;
                for word in invocation.args() {
                    if skip_next {
                        skip_next = false;
                        continue;
                    }
                    if let Some(flags) = word.value.strip_prefix('-') {
                        skip_next = flags.chars().last().is_some_and(|c| {
                            matches!(c, 'p' | 't' | 'u' | 'd' | 'n' | 'N' | 'a' | 'i')
                        }) && !flags.contains('a');
                        continue;
                    }
                    found.push((word.value.clone(), word.range, None, VarDefKind::Read));
                }
            }
            _ => {}
        }
        for (var, range, value, kind) in found {
            self.define(&var, range, value, kind, Some(id));
        }
    }

    /// Parse the string given to `sh -c`, `su -c` or `eval` as a script.
    fn parse_nested_script(&mut self, id: CommandId) {
        if self.nested_shells >= MAX_NESTED_SHELLS {
            return;
        }
        let Some(command) = self.out.commands.get(id.0) else {
            return;
        };
        let Some(indices) = nested_script_words(command) else {
            return;
        };
        let mut text = String::new();
        let mut table: Vec<u32> = Vec::new();
        for (n, &index) in indices.iter().enumerate() {
            let Some(word) = command.words.get(index) else {
                continue;
            };
            if n > 0 {
                text.push(' ');
                table.push(word.range.start);
            }
            for i in 0..word.value.len() {
                table.push(word.source_offset(i) as u32);
            }
            text.push_str(&word.value);
        }
        let Some(end) = indices.last().and_then(|&i| command.words.get(i)) else {
            return;
        };
        table.push(end.range.end);
        let range = command.range;
        if !self.enter_derived(range) {
            return;
        }
        let outer = self.ctx;
        self.ctx = CommandContext {
            nested_shell: true,
            pipe: None,
            preceded_by: None,
            followed_by: None,
            ..outer
        };
        self.nested_shells += 1;
        let body = {
            let mut sub = self.sub(&text, OffsetMap::Table(table));
            sub.parse_program()
        };
        self.nested_shells -= 1;
        self.ctx = outer;
        self.leave();
        if let Some(command) = self.out.commands.get_mut(id.0) {
            command.nested = Some(body);
        }
    }
}

/// A valid shell variable name.
pub(crate) fn is_name(text: &str) -> bool {
    let mut bytes = text.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// `NAME=value`, `NAME+=value` or `NAME[i]=value` with an unquoted name.
fn as_assignment(word: &Word) -> Option<Assignment> {
    let raw = word.raw.as_bytes();
    let name_len = raw
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))?;
    if name_len == 0 || raw[0].is_ascii_digit() {
        return None;
    }
    let mut i = name_len;
    if raw.get(i) == Some(&b'[') {
        i += raw[i..].iter().position(|&b| b == b']')? + 1;
    }
    if raw.get(i) == Some(&b'+') {
        i += 1;
    }
    if raw.get(i) != Some(&b'=') {
        return None;
    }
    // The bytes before `=` are unquoted, so value and raw agree up to here.
    if word.value.as_bytes().get(..=i) != raw.get(..=i) {
        return None;
    }
    let name = word.value[..name_len].to_owned();
    let name_range = word.value_range(0, name_len);
    let value = word.suffix_after_plain(i + 1);
    Some(Assignment {
        name,
        name_range,
        value,
        range: word.range,
    })
}
