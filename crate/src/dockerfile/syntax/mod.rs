//! The Dockerfile parser: hand-written, error-recovering, lossless.
//!
//! It reads the file the way BuildKit's `parser.Parse` does — parser
//! directives at the top, comment lines, line continuations (with comment
//! and blank lines inside them), heredoc bodies after their instruction — but
//! never stops at an error: each problem becomes a `DL1000` diagnostic with
//! the exact range, and parsing carries on with the next instruction.
//!
//! See [`ast`] for the tree it produces.

pub mod ast;
mod flags;
mod heredoc;
mod instructions;
mod json;
pub mod mount;
mod words;

pub use ast::*;
pub use flags::parse_duration;
pub use instructions::{valid_stage_name, INVALID_JSON_CODE};

use crate::diagnostic::Diagnostic;
use crate::suggest;
use crate::text::TextRange;
use instructions::ArgContext;

/// The result of parsing: the tree and the syntax diagnostics.
#[derive(Clone, Debug, Default)]
pub struct Parse {
    pub dockerfile: Dockerfile,
    pub diagnostics: Vec<Diagnostic>,
}

/// BuildKit reads at most this many bytes per line.
pub const MAX_LINE_BYTES: usize = 65_535;

/// Parse a Dockerfile. Never fails, never panics.
pub fn parse(text: &str) -> Parse {
    Parser::new(text).run()
}

/// One physical line: `[start, content_end)` is its text without the line
/// terminator, `[start, end)` includes it.
#[derive(Clone, Copy, Debug)]
struct Line {
    start: usize,
    content_end: usize,
    end: usize,
}

fn physical_lines(text: &str, from: usize) -> Vec<Line> {
    let mut lines = Vec::new();
    let bytes = text.as_bytes();
    let mut start = from;
    while start < text.len() {
        let nl = memchr_newline(&bytes[start..]).map(|i| start + i);
        let (content_end, end) = match nl {
            Some(i) => {
                let ce = if i > start && bytes[i - 1] == b'\r' {
                    i - 1
                } else {
                    i
                };
                (ce, i + 1)
            }
            None => (text.len(), text.len()),
        };
        lines.push(Line {
            start,
            content_end,
            end,
        });
        start = end;
    }
    lines
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

struct Parser<'a> {
    text: &'a str,
    lines: Vec<Line>,
    pos: usize,
    escape: char,
    file: Dockerfile,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Parser {
            text,
            lines: physical_lines(text, bom),
            pos: 0,
            escape: '\\',
            file: Dockerfile {
                escape: '\\',
                ..Dockerfile::default()
            },
            diagnostics: Vec::new(),
        }
    }

    fn content(&self, line: Line) -> &'a str {
        &self.text[line.start..line.content_end]
    }

    fn run(mut self) -> Parse {
        if self.text.starts_with('\u{feff}') {
            self.file.items.push(Item::Bom {
                range: TextRange::new(0, 3),
            });
        }
        self.directives();
        self.file.escape = self.escape;
        let mut leading_comments: Vec<usize> = Vec::new();
        while self.pos < self.lines.len() {
            let line = self.lines[self.pos];
            let content = self.content(line);
            if content.len() > MAX_LINE_BYTES {
                self.diagnostics.push(Diagnostic::syntax(
                    TextRange::new(line.start, line.content_end),
                    format!(
                        "line is {} bytes long; BuildKit reads at most {MAX_LINE_BYTES} bytes per line",
                        content.len()
                    ),
                ));
            }
            let trimmed = content.trim_start();
            if trimmed.is_empty() {
                self.file.items.push(Item::Blank {
                    range: TextRange::new(line.start, line.end),
                });
                leading_comments.clear();
                self.pos += 1;
                continue;
            }
            if trimmed.starts_with('#') {
                let index = self.push_comment(line);
                self.file.items.push(Item::Comment {
                    index,
                    range: TextRange::new(line.start, line.end),
                });
                leading_comments.push(index);
                self.pos += 1;
                continue;
            }
            let first = self.pos;
            let mut instruction = self.instruction();
            instruction.leading_comments = std::mem::take(&mut leading_comments);
            let item_range = TextRange::new(self.lines[first].start, self.lines[self.pos - 1].end);
            let index = self.file.instructions.len();
            self.file.instructions.push(instruction);
            self.file.items.push(Item::Instruction {
                index,
                range: item_range,
            });
        }
        if self.file.instructions.is_empty() {
            self.diagnostics.push(Diagnostic::syntax(
                TextRange::empty(self.text.len()),
                "file with no instructions: a Dockerfile needs at least a FROM",
            ));
        }
        self.diagnostics
            .sort_by_key(|d| (d.range.start, d.range.end));
        Parse {
            dockerfile: self.file,
            diagnostics: self.diagnostics,
        }
    }

    fn push_comment(&mut self, line: Line) -> usize {
        let content = self.content(line);
        let hash = line.start + (content.len() - content.trim_start().len());
        let text = self.text[hash + 1..line.content_end].trim().to_string();
        self.file.comments.push(Comment {
            range: TextRange::new(hash, line.content_end),
            text,
        });
        self.file.comments.len() - 1
    }

    /// Parser directives: `# name=value` lines at the very top, until the
    /// first line that is not one (BuildKit's `DirectiveParser`).
    fn directives(&mut self) {
        while self.pos < self.lines.len() {
            let line = self.lines[self.pos];
            let content = self.content(line);
            let lead = content.len() - content.trim_start().len();
            let Some((name, value)) = match_directive(content.trim_start()) else {
                return;
            };
            let lower = self.text[line.start + lead + name.0..line.start + lead + name.1]
                .to_ascii_lowercase();
            if !matches!(lower.as_str(), "syntax" | "escape" | "check") {
                return;
            }
            let abs = |(s, e): (usize, usize)| {
                TextRange::new(line.start + lead + s, line.start + lead + e)
            };
            let name_range = abs(name);
            let value_range = abs(value);
            let value_text = value_range.slice(self.text).to_string();
            if self.file.directive(&lower).is_some() {
                self.diagnostics.push(Diagnostic::syntax(
                    name_range,
                    format!("only one {lower} parser directive can be used"),
                ));
            } else if lower == "escape" {
                match value_text.as_str() {
                    "`" => self.escape = '`',
                    "\\" => self.escape = '\\',
                    _ => self.diagnostics.push(Diagnostic::syntax(
                        value_range,
                        format!("invalid escape token '{value_text}' does not match ` or \\"),
                    )),
                }
            }
            let index = self.file.directives.len();
            self.file.directives.push(Directive {
                name: Token::new(lower, name_range),
                value: Token::new(value_text, value_range),
                range: TextRange::new(line.start + lead, line.content_end),
            });
            self.file.items.push(Item::Directive {
                index,
                range: TextRange::new(line.start, line.end),
            });
            self.pos += 1;
        }
    }

    /// Where a line's text ends before a trailing escape (`\` then only
    /// blanks), if it has one.
    fn continuation_at(&self, start: usize, end: usize) -> Option<usize> {
        let content = &self.text[start..end];
        let trimmed = content.trim_end_matches([' ', '\t']);
        trimmed
            .ends_with(self.escape)
            .then(|| start + trimmed.len() - self.escape.len_utf8())
    }

    /// Read one instruction starting at the current line: its continuation
    /// lines, then its heredoc bodies.
    fn instruction(&mut self) -> Instruction {
        let first = self.lines[self.pos];
        let content = self.content(first);
        let keyword_start = first.start + (content.len() - content.trim_start().len());
        let mut joined = String::new();
        let mut map = SourceMap::default();
        let mut inner_comments = Vec::new();
        let mut empty_lines = Vec::new();

        let text = self.text;
        let push = |joined: &mut String, map: &mut SourceMap, start: usize, end: usize| {
            map.push(joined.len(), start, end - start);
            joined.push_str(&text[start..end]);
        };

        let mut continued = self.continuation_at(keyword_start, first.content_end);
        push(
            &mut joined,
            &mut map,
            keyword_start,
            continued.unwrap_or(first.content_end),
        );
        let mut last_content_line = self.pos;
        self.pos += 1;
        while continued.is_some() && self.pos < self.lines.len() {
            let line = self.lines[self.pos];
            let content = self.content(line);
            let trimmed = content.trim_start();
            if trimmed.starts_with('#') {
                let hash = line.start + (content.len() - trimmed.len());
                inner_comments.push(Comment {
                    range: TextRange::new(hash, line.content_end),
                    text: self.text[hash + 1..line.content_end].trim().to_string(),
                });
                self.pos += 1;
                continue;
            }
            if trimmed.is_empty() {
                empty_lines.push(TextRange::new(line.start, line.content_end));
                self.pos += 1;
                continue;
            }
            continued = self.continuation_at(line.start, line.content_end);
            push(
                &mut joined,
                &mut map,
                line.start,
                continued.unwrap_or(line.content_end),
            );
            last_content_line = self.pos;
            self.pos += 1;
        }
        let line_end = self.lines[last_content_line].content_end;

        let mut instruction = self.build(&joined, &map, 0, 0);
        instruction.inner_comments = inner_comments;
        instruction.empty_continuation_lines = empty_lines;
        instruction.line_range = TextRange::new(keyword_start, line_end);

        // Heredoc bodies follow the instruction line(s).
        self.read_heredocs(&joined, &map, &mut instruction);
        let end = self.lines[self.pos - 1].content_end;
        instruction.range = TextRange::new(keyword_start, end.max(line_end));
        instruction
    }

    /// Build an instruction from the joined line, starting at logical
    /// offset `start` (non-zero for an ONBUILD trigger).
    fn build(&mut self, joined: &str, map: &SourceMap, start: usize, depth: usize) -> Instruction {
        let rest = &joined[start..];
        let keyword_len = rest
            .find(|c: char| words::is_field_space(c) || c == '\n')
            .unwrap_or(rest.len());
        let keyword_text = &rest[..keyword_len];
        let keyword_range = map.range(start, start + keyword_len);
        let keyword = Keyword::parse(keyword_text);

        let after_keyword = start + keyword_len;
        let (flag_words, args_start) =
            words::extract_flags(&joined[after_keyword..], after_keyword);
        let args_end = args_start + joined[args_start..].trim_end().len();
        let args_text = Token::new(
            &joined[args_start..args_end],
            map.range(args_start, args_end),
        );

        let mut flags = Vec::with_capacity(flag_words.len());
        let mut raw_values = Vec::with_capacity(flag_words.len());
        for fw in &flag_words {
            let raw = &joined[fw.start..fw.end];
            let body = fw.value.strip_prefix("--").unwrap_or(&fw.value);
            let (name, value) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (body, None),
            };
            let raw_eq = raw.find('=');
            let name_end = raw_eq.map(|i| fw.start + i).unwrap_or(fw.end);
            let value_token = value.map(|v| {
                let vs = raw_eq.map(|i| fw.start + i + 1).unwrap_or(fw.end);
                Token::new(v, map.range(vs, fw.end))
            });
            raw_values.push(raw_eq.map(|i| raw[i + 1..].to_string()));
            flags.push(Flag {
                range: map.range(fw.start, fw.end),
                name: Token::new(name, map.range(fw.start + 2, name_end.max(fw.start + 2))),
                value: value_token,
            });
        }

        let mut instruction = Instruction {
            keyword,
            keyword_token: Token::new(keyword_text, keyword_range),
            flags,
            args: Args::Invalid(args_text.clone()),
            args_text,
            heredocs: Vec::new(),
            range: map.range(start, joined.len()),
            line_range: map.range(start, joined.len()),
            inner_comments: Vec::new(),
            empty_continuation_lines: Vec::new(),
            leading_comments: Vec::new(),
            source_map: map.clone(),
            args_offset: args_start,
        };

        match keyword {
            Keyword::Unknown => {
                let names = Keyword::ALL.iter().map(|k| k.as_str());
                self.diagnostics.push(Diagnostic::syntax(
                    keyword_range,
                    format!(
                        "unknown instruction: {keyword_text}{}",
                        suggest::did_you_mean(keyword_text, names, false)
                    ),
                ));
                return instruction;
            }
            Keyword::Onbuild => {
                instruction.args =
                    self.onbuild(joined, map, args_start, args_end, keyword_range, depth);
            }
            _ => {
                let mut ctx = ArgContext {
                    joined,
                    start: args_start,
                    end: args_end,
                    map,
                    escape: self.escape,
                    keyword,
                    keyword_range,
                    diagnostics: &mut self.diagnostics,
                };
                instruction.args = instructions::parse_args(&mut ctx);
            }
        }
        // BuildKit ignores HEALTHCHECK NONE's flags.
        if !matches!(instruction.args, Args::HealthcheckNone(_)) {
            flags::check(
                keyword,
                &instruction.flags,
                &raw_values,
                &mut self.diagnostics,
            );
        }
        instruction
    }

    fn onbuild(
        &mut self,
        joined: &str,
        map: &SourceMap,
        args_start: usize,
        args_end: usize,
        keyword_range: TextRange,
        depth: usize,
    ) -> Args {
        let args = Token::new(
            &joined[args_start..args_end],
            map.range(args_start, args_end),
        );
        if args.text.is_empty() {
            self.diagnostics.push(Diagnostic::syntax(
                keyword_range,
                "ONBUILD requires at least one argument",
            ));
            return Args::Invalid(args);
        }
        let trigger_word = args.text.split(char::is_whitespace).next().unwrap_or("");
        let trigger_range = map.range(args_start, args_start + trigger_word.len());
        match Keyword::parse(trigger_word) {
            Keyword::Onbuild => {
                self.diagnostics.push(Diagnostic::syntax(
                    trigger_range,
                    "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
                ));
                return Args::Invalid(args);
            }
            k @ (Keyword::From | Keyword::Maintainer) => {
                self.diagnostics.push(Diagnostic::syntax(
                    trigger_range,
                    format!("{} isn't allowed as an ONBUILD trigger", k.as_str()),
                ));
            }
            _ => {}
        }
        if depth > 0 {
            return Args::Invalid(args);
        }
        let inner = self.build(&joined[..args_end], map, args_start, depth + 1);
        Args::Onbuild(Box::new(inner))
    }

    /// Detect heredoc markers in the instruction line and read their bodies
    /// from the lines that follow, in order.
    fn read_heredocs(&mut self, joined: &str, map: &SourceMap, instruction: &mut Instruction) {
        let target_is_ok = |i: &Instruction| {
            i.keyword.allows_heredocs()
                && !matches!(i.command(), Some(c) if c.is_exec())
                && !matches!(&i.args, Args::Paths { json: true, .. })
        };
        let allows = match &instruction.args {
            Args::Onbuild(inner) => target_is_ok(inner),
            _ => target_is_ok(instruction),
        };
        if !allows || !joined.contains("<<") {
            return;
        }
        let mut heredocs = Vec::new();
        for (s, e) in words::split_raw_shell_words(joined) {
            let Some(marker) = heredoc::parse_marker(&joined[s..e]) else {
                continue;
            };
            let marker_token = Token::new(&joined[s..e], map.range(s, e));
            heredocs.push(self.read_heredoc_body(marker, marker_token));
        }
        match &mut instruction.args {
            Args::Onbuild(inner) => inner.heredocs = heredocs,
            _ => instruction.heredocs = heredocs,
        }
    }

    fn read_heredoc_body(&mut self, marker: heredoc::Marker, marker_token: Token) -> Heredoc {
        let body_first = self.pos;
        let mut terminator = None;
        while self.pos < self.lines.len() {
            let line = self.lines[self.pos];
            let content = self.content(line);
            let candidate = if marker.chomp {
                heredoc::strip_leading_tabs(content)
            } else {
                content
            };
            if candidate == marker.name {
                terminator = Some(TextRange::new(line.start, line.content_end));
                break;
            }
            self.pos += 1;
        }
        let body_last = if terminator.is_some() {
            self.pos
        } else {
            // Unterminated: BuildKit takes the rest of the file as the body.
            // To keep analysing, end the body before the first line that
            // reads like an instruction, and say what was expected.
            let resume = (body_first..self.lines.len())
                .find(|&i| looks_like_instruction(self.content(self.lines[i])))
                .unwrap_or(self.lines.len());
            self.diagnostics.push(Diagnostic::syntax(
                marker_token.range,
                format!(
                    "unterminated heredoc: expected a line `{}` to end it",
                    marker.name
                ),
            ));
            self.pos = resume;
            resume
        };
        let body_start = self
            .lines
            .get(body_first)
            .map(|l| l.start)
            .unwrap_or(self.text.len());
        let body_end = if body_last > body_first {
            self.lines[body_last - 1].end
        } else {
            body_start
        };
        let mut content = String::with_capacity(body_end - body_start);
        for line in &self.lines[body_first..body_last] {
            let text = &self.text[line.start..line.content_end];
            content.push_str(if marker.chomp {
                heredoc::strip_leading_tabs(text)
            } else {
                text
            });
            if line.end > line.content_end {
                content.push('\n');
            }
        }
        if terminator.is_some() {
            self.pos += 1;
        }
        Heredoc {
            marker: marker_token,
            name: marker.name,
            expand: marker.expand,
            chomp: marker.chomp,
            fd: marker.fd,
            body: TextRange::new(body_start, body_end),
            content,
            terminator,
        }
    }
}

/// A line that starts with an upper-case instruction keyword: where an
/// unterminated heredoc most likely was meant to end.
fn looks_like_instruction(line: &str) -> bool {
    let word = line.split(|c: char| c.is_whitespace()).next().unwrap_or("");
    word.len() >= 3
        && word.bytes().all(|b| b.is_ascii_uppercase())
        && Keyword::parse(word) != Keyword::Unknown
        && line.len() > word.len()
}

/// Match `#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`, returning the
/// offsets of the name and the value.
fn match_directive(line: &str) -> Option<((usize, usize), (usize, usize))> {
    let rest = line.strip_prefix('#')?;
    let mut i = 1 + (rest.len() - rest.trim_start().len());
    let bytes = line.as_bytes();
    let name_start = i;
    if !bytes.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let name_end = i;
    while i < bytes.len() && (bytes[i] as char).is_whitespace() {
        i += 1;
    }
    if bytes.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    let after_eq = &line[i..];
    let value_start = i + (after_eq.len() - after_eq.trim_start().len());
    let value_end = line.trim_end().len();
    if value_end <= value_start {
        return None;
    }
    Some(((name_start, name_end), (value_start, value_end)))
}

#[cfg(test)]
mod tests;
