//! Word scanning: quotes, escapes, parameter expansions and substitutions.
//!
//! These are `Parser` methods because a word can contain a whole script
//! (`$( ... )`), which is parsed in place by the same parser.

use super::ast::{List, VarRef};
use super::parser::{OffsetMap, Parser, Stops};
use super::word::{Substitution, SubstitutionKind, Word, WordBuilder};
use crate::text::TextRange;

/// Characters that may follow `$` as a one-character special parameter.
fn is_special_parameter(byte: u8) -> bool {
    matches!(byte, b'@' | b'*' | b'#' | b'?' | b'$' | b'!' | b'-')
}

fn is_name_start(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || byte == b'_'
}

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// The builder holds `NAME=` or `NAME+=` so far (a bash array assignment follows).
fn is_array_assignment_prefix(builder: &WordBuilder) -> bool {
    let value = builder.value_bytes();
    let Some(body) = value.strip_suffix(b"=") else {
        return false;
    };
    let body = body.strip_suffix(b"+").unwrap_or(body);
    !builder.quoted
        && body.first().is_some_and(|&b| is_name_start(b))
        && body.iter().all(|&b| is_name_byte(b))
}

impl Parser<'_, '_> {
    /// Scan one word at the cursor; `None` if the cursor is at a delimiter.
    /// `allow_array` accepts bash's `NAME=(a b)`.
    pub(crate) fn scan_word(&mut self, allow_array: bool) -> Option<Word> {
        self.skip_continuations();
        let start = self.pos;
        let mut word = WordBuilder::default();
        while let Some(byte) = self.peek() {
            match byte {
                b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b')' => break,
                b'<' | b'>' => {
                    if self.byte_at(1) == Some(b'(') {
                        self.scan_process_substitution(&mut word);
                    } else {
                        break;
                    }
                }
                b'(' => {
                    if allow_array && is_array_assignment_prefix(&word) {
                        self.scan_array(&mut word);
                    } else {
                        break;
                    }
                }
                b'\\' => self.scan_escape(&mut word),
                b'\'' => self.scan_single_quoted(&mut word),
                b'"' => self.scan_double_quoted(&mut word),
                b'$' => self.scan_dollar(&mut word, false),
                b'`' => self.scan_backtick(&mut word, false),
                _ => self.push_char(&mut word),
            }
        }
        if self.pos == start {
            return None;
        }
        let end = self.last_end.max(start);
        let raw = self.src.get(start..end).unwrap_or("").to_owned();
        Some(word.finish(self.range(start, end), raw))
    }

    /// Copy the character at the cursor into the word and consume it.
    fn push_char(&mut self, word: &mut WordBuilder) {
        let start = self.pos;
        self.bump();
        for i in start..self.pos {
            word.push(self.bytes[i], self.map.abs(i));
        }
    }

    /// Copy `bytes[start..end]` verbatim (an expansion kept as written).
    fn copy_raw(&self, word: &mut WordBuilder, start: usize, end: usize) {
        for i in start..end.min(self.bytes.len()) {
            word.push(self.bytes[i], self.map.abs(i));
        }
    }

    /// The next byte inside quotes: in a Dockerfile, BuildKit removed line
    /// continuations everywhere; in a plain script `\` + newline inside
    /// single quotes is literal.
    fn peek_in_single_quotes(&mut self) -> Option<u8> {
        if self.escape.is_some() {
            self.peek()
        } else {
            self.bytes.get(self.pos).copied()
        }
    }

    fn scan_escape(&mut self, word: &mut WordBuilder) {
        let start = self.pos;
        self.bump();
        word.quoted = true;
        if self.pos < self.bytes.len() {
            self.push_char(word);
        } else {
            word.push(b'\\', self.map.abs(start));
        }
    }

    fn scan_single_quoted(&mut self, word: &mut WordBuilder) {
        let start = self.pos;
        self.bump();
        word.quoted = true;
        loop {
            match self.peek_in_single_quotes() {
                None => {
                    self.problem(start, start + 1, "unterminated single quote");
                    break;
                }
                Some(b'\'') => {
                    self.bump();
                    break;
                }
                Some(_) => self.push_char(word),
            }
        }
    }

    pub(crate) fn scan_double_quoted(&mut self, word: &mut WordBuilder) {
        let start = self.pos;
        self.bump();
        word.quoted = true;
        loop {
            match self.peek() {
                None => {
                    self.problem(start, start + 1, "unterminated double quote");
                    break;
                }
                Some(b'"') => {
                    self.bump();
                    break;
                }
                Some(b'\\') => {
                    let backslash = self.pos;
                    self.bump();
                    match self.bytes.get(self.pos).copied() {
                        Some(next @ (b'$' | b'`' | b'"' | b'\\')) => {
                            word.push(next, self.map.abs(self.pos));
                            self.bump();
                        }
                        _ => word.push(b'\\', self.map.abs(backslash)),
                    }
                }
                Some(b'$') => self.scan_dollar(word, true),
                Some(b'`') => self.scan_backtick(word, true),
                Some(_) => self.push_char(word),
            }
        }
    }

    /// `$'...'`, with the common C escapes decoded.
    fn scan_ansi_c(&mut self, word: &mut WordBuilder, start: usize) {
        loop {
            match self.peek_in_single_quotes() {
                None => {
                    self.problem(start, start + 2, "unterminated `$'` string");
                    break;
                }
                Some(b'\'') => {
                    self.bump();
                    break;
                }
                Some(b'\\') => {
                    let escape_start = self.pos;
                    self.bump();
                    let at = self.map.abs(escape_start);
                    match self.decode_c_escape() {
                        Some(ch) => word.push_char(ch, at),
                        None => word.push(b'\\', at),
                    }
                }
                Some(_) => self.push_char(word),
            }
        }
    }

    /// Decode the escape after a backslash in `$'...'`, consuming it.
    fn decode_c_escape(&mut self) -> Option<char> {
        let byte = *self.bytes.get(self.pos)?;
        let simple = match byte {
            b'n' => Some('\n'),
            b't' => Some('\t'),
            b'r' => Some('\r'),
            b'a' => Some('\x07'),
            b'b' => Some('\x08'),
            b'e' | b'E' => Some('\x1b'),
            b'f' => Some('\x0c'),
            b'v' => Some('\x0b'),
            b'\\' => Some('\\'),
            b'\'' => Some('\''),
            b'"' => Some('"'),
            b'?' => Some('?'),
            _ => None,
        };
        if let Some(ch) = simple {
            self.bump();
            return Some(ch);
        }
        let (radix, max_digits, skip) = match byte {
            b'x' => (16, 2, 1),
            b'u' => (16, 4, 1),
            b'U' => (16, 8, 1),
            b'0'..=b'7' => (8, 3, 0),
            b'c' => {
                self.bump();
                let control = *self.bytes.get(self.pos)?;
                self.bump();
                return char::from_u32(u32::from(control) & 0x1f);
            }
            _ => return None,
        };
        let digits_start = self.pos + skip;
        let digits = self.bytes[digits_start.min(self.bytes.len())..]
            .iter()
            .take(max_digits)
            .take_while(|&&b| (b as char).is_digit(radix))
            .count();
        if digits == 0 {
            return None;
        }
        let text = std::str::from_utf8(&self.bytes[digits_start..digits_start + digits]).ok()?;
        let code = u32::from_str_radix(text, radix).ok()?;
        self.bump_n(skip + digits);
        char::from_u32(code).or(Some('\u{fffd}'))
    }

    /// A `$` expansion at the cursor, appended to `word` as written.
    pub(crate) fn scan_dollar(&mut self, word: &mut WordBuilder, in_double_quotes: bool) {
        let start = self.pos;
        match self.byte_at(1) {
            Some(b'\'') if !in_double_quotes => {
                self.bump_n(2);
                word.quoted = true;
                self.scan_ansi_c(word, start);
            }
            Some(b'"') if !in_double_quotes => {
                self.bump();
                self.scan_double_quoted(word);
            }
            Some(b'(') => {
                if self.byte_at(2) == Some(b'(') {
                    self.bump_n(3);
                    let substitutions = self.scan_arithmetic(start);
                    word.substitutions.extend(substitutions);
                } else {
                    self.bump_n(2);
                    let body = self.parse_command_substitution(start);
                    word.substitutions.push(Substitution {
                        kind: SubstitutionKind::Command,
                        range: self.range(start, self.last_end),
                        body,
                    });
                }
                word.dynamic = true;
                self.copy_raw(word, start, self.last_end);
            }
            Some(b'{') => {
                self.bump_n(2);
                self.scan_braced_parameter(word, start, in_double_quotes);
            }
            Some(first) if is_name_start(first) => {
                self.bump();
                let name_start = self.pos;
                while self.bytes.get(self.pos).is_some_and(|&b| is_name_byte(b)) {
                    self.bump();
                }
                let name = self.src.get(name_start..self.pos).unwrap_or("").to_owned();
                self.record_variable(name, start, self.pos, false, None, in_double_quotes);
                word.dynamic = true;
                self.copy_raw(word, start, self.pos);
            }
            Some(first) if first.is_ascii_digit() || is_special_parameter(first) => {
                self.bump_n(2);
                self.record_variable(
                    (first as char).to_string(),
                    start,
                    self.pos,
                    false,
                    None,
                    in_double_quotes,
                );
                word.dynamic = true;
                self.copy_raw(word, start, self.pos);
            }
            _ => self.push_char(word),
        }
    }

    fn record_variable(
        &mut self,
        name: String,
        start: usize,
        end: usize,
        braced: bool,
        operator: Option<String>,
        quoted: bool,
    ) {
        if name.is_empty() {
            return;
        }
        let range = self.range(start, end);
        self.out.variables.push(VarRef {
            name,
            range,
            braced,
            operator,
            quoted,
        });
    }

    /// `${...}` after the `${`.
    fn scan_braced_parameter(&mut self, word: &mut WordBuilder, start: usize, in_dq: bool) {
        let rest = &self.bytes[self.pos..];
        let mut i = 0;
        // `${#X}` (length) and `${!X}` (indirection) prefix the name.
        if matches!(rest.first(), Some(b'#' | b'!'))
            && rest
                .get(1)
                .is_some_and(|&b| b != b'}' && (is_name_byte(b) || is_special_parameter(b)))
        {
            i = 1;
        }
        let name_start = i;
        match rest.get(i) {
            Some(&b) if is_name_start(b) => {
                while rest.get(i).is_some_and(|&b| is_name_byte(b)) {
                    i += 1;
                }
            }
            Some(b) if b.is_ascii_digit() => {
                while rest.get(i).is_some_and(|b| b.is_ascii_digit()) {
                    i += 1;
                }
            }
            Some(&b) if is_special_parameter(b) => i += 1,
            _ => {}
        }
        let name = String::from_utf8_lossy(&rest[name_start..i]).into_owned();
        if rest.get(i) == Some(&b'[') {
            if let Some(close) = rest[i..].iter().take(256).position(|&b| b == b']') {
                i += close + 1;
            }
        }
        let operator_start = i;
        match rest.get(i) {
            Some(b':') => {
                i += 1;
                if matches!(rest.get(i), Some(b'-' | b'=' | b'?' | b'+')) {
                    i += 1;
                }
            }
            Some(&b @ (b'#' | b'%' | b'/' | b'^' | b',')) => {
                i += 1;
                if rest.get(i) == Some(&b) {
                    i += 1;
                }
            }
            Some(b'-' | b'=' | b'?' | b'+' | b'@') => i += 1,
            _ => {}
        }
        let operator = (i > operator_start)
            .then(|| String::from_utf8_lossy(&rest[operator_start..i]).into_owned());
        self.bump_n(i);
        // The rest up to the matching `}` may hold nested expansions.
        let mut inner = WordBuilder::default();
        let mut depth = 0u32;
        loop {
            match self.peek() {
                None => {
                    self.problem(start, start + 2, "`${` without a matching `}`");
                    break;
                }
                Some(b'}') => {
                    self.bump();
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
                Some(b'{') => {
                    depth += 1;
                    self.bump();
                }
                Some(b'\\') => {
                    self.bump();
                    if self.pos < self.bytes.len() {
                        self.bump();
                    }
                }
                Some(b'\'') if !in_dq => self.scan_single_quoted(&mut inner),
                Some(b'"') => self.scan_double_quoted(&mut inner),
                Some(b'$') => self.scan_dollar(&mut inner, in_dq),
                Some(b'`') => self.scan_backtick(&mut inner, in_dq),
                Some(_) => self.bump(),
            }
        }
        self.record_variable(name, start, self.last_end, true, operator, in_dq);
        word.substitutions.append(&mut inner.substitutions);
        word.dynamic = true;
        self.copy_raw(word, start, self.last_end);
    }

    /// An arithmetic expression after `$((` or `((`, up to the closing `))`.
    /// Returns the command substitutions found inside.
    pub(crate) fn scan_arithmetic(&mut self, start: usize) -> Vec<Substitution> {
        let mut inner = WordBuilder::default();
        let mut depth = 0u32;
        loop {
            match self.peek() {
                None => {
                    self.problem(start, start + 2, "arithmetic expression without `))`");
                    break;
                }
                Some(b'(') => {
                    depth += 1;
                    self.bump();
                }
                Some(b')') => {
                    self.bump();
                    if depth == 0 {
                        if self.peek() == Some(b')') {
                            self.bump();
                        }
                        break;
                    }
                    depth -= 1;
                }
                Some(b'$') => self.scan_dollar(&mut inner, true),
                Some(b'`') => self.scan_backtick(&mut inner, true),
                Some(_) => self.bump(),
            }
        }
        inner.substitutions
    }

    /// The list inside `$( ... )` or `<( ... )`, after the opening parenthesis.
    fn parse_command_substitution(&mut self, start: usize) -> List {
        if !self.enter(start) {
            return List::default();
        }
        let outer_ctx = self.ctx;
        self.ctx.substitution = true;
        let outer_stops = std::mem::replace(&mut self.stops, Stops::NONE);
        let body = self.parse_list(Stops::PAREN);
        self.stops = outer_stops;
        self.ctx = outer_ctx;
        if self.peek() == Some(b')') {
            self.bump();
        } else {
            self.problem(start, start + 2, "substitution without a matching `)`");
        }
        self.leave();
        body
    }

    fn scan_process_substitution(&mut self, word: &mut WordBuilder) {
        let start = self.pos;
        let kind = if self.bytes.get(start) == Some(&b'<') {
            SubstitutionKind::ProcessInput
        } else {
            SubstitutionKind::ProcessOutput
        };
        self.bump_n(2);
        let body = self.parse_command_substitution(start);
        word.substitutions.push(Substitution {
            kind,
            range: self.range(start, self.last_end),
            body,
        });
        word.dynamic = true;
        self.copy_raw(word, start, self.last_end);
    }

    /// bash's `NAME=(a b c)`, after `NAME=`.
    fn scan_array(&mut self, word: &mut WordBuilder) {
        let start = self.pos;
        self.push_char(word);
        let mut depth = 0u32;
        loop {
            match self.peek() {
                None => {
                    self.problem(start, start + 1, "array without a closing `)`");
                    break;
                }
                Some(b')') => {
                    self.push_char(word);
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
                Some(b'(') => {
                    depth += 1;
                    self.push_char(word);
                }
                Some(b'\\') => self.scan_escape(word),
                Some(b'\'') => self.scan_single_quoted(word),
                Some(b'"') => self.scan_double_quoted(word),
                Some(b'$') => self.scan_dollar(word, false),
                Some(b'`') => self.scan_backtick(word, false),
                Some(_) => self.push_char(word),
            }
        }
    }

    /// `` `...` ``: undo the backslash escaping, then parse the body as its
    /// own script.
    fn scan_backtick(&mut self, word: &mut WordBuilder, in_dq: bool) {
        let start = self.pos;
        self.bump();
        let mut inner: Vec<u8> = Vec::new();
        let mut table: Vec<u32> = Vec::new();
        let mut inner_end = None;
        while let Some(byte) = self.peek() {
            match byte {
                b'`' => {
                    inner_end = Some(self.pos);
                    self.bump();
                    break;
                }
                b'\\' => {
                    let backslash = self.pos;
                    self.bump();
                    match self.bytes.get(self.pos).copied() {
                        Some(next)
                            if matches!(next, b'$' | b'`' | b'\\') || (in_dq && next == b'"') =>
                        {
                            inner.push(next);
                            table.push(self.map.abs(self.pos) as u32);
                            self.bump();
                        }
                        _ => {
                            inner.push(b'\\');
                            table.push(self.map.abs(backslash) as u32);
                        }
                    }
                }
                _ => {
                    let char_start = self.pos;
                    self.bump();
                    for i in char_start..self.pos {
                        inner.push(self.bytes[i]);
                        table.push(self.map.abs(i) as u32);
                    }
                }
            }
        }
        let inner_end = inner_end.unwrap_or_else(|| {
            self.problem(start, start + 1, "unterminated backtick");
            self.pos
        });
        table.push(self.map.abs(inner_end) as u32);
        let body = match String::from_utf8(inner) {
            Ok(text) => {
                let range = self.range(start, self.last_end);
                self.parse_derived_text(&text, OffsetMap::Table(table), range)
            }
            Err(_) => List::default(),
        };
        word.substitutions.push(Substitution {
            kind: SubstitutionKind::Backtick,
            range: self.range(start, self.last_end),
            body,
        });
        word.dynamic = true;
        self.copy_raw(word, start, self.last_end);
    }

    /// Parse text derived from this one (a backtick body) as a substitution.
    fn parse_derived_text(&mut self, text: &str, map: OffsetMap, range: TextRange) -> List {
        if !self.enter_derived(range) {
            return List::default();
        }
        let outer = self.ctx;
        self.ctx.substitution = true;
        let body = {
            let mut sub = self.sub(text, map);
            sub.parse_program()
        };
        self.ctx = outer;
        self.leave();
        body
    }

    /// Find the expansions in an unquoted here-document body (`src[start..end]`).
    pub(crate) fn scan_heredoc_expansions(&mut self, start: usize, end: usize) {
        let src = self.src;
        let Some(text) = src.get(start..end) else {
            return;
        };
        if !text.contains(['$', '`']) || !self.enter_derived(self.range(start, end)) {
            return;
        }
        let outer = self.ctx;
        self.ctx.substitution = true;
        let map = self.map.slice(start, end);
        {
            let mut sub = self.sub(text, map);
            sub.scan_expansions_only();
        }
        self.ctx = outer;
        self.leave();
    }

    /// Walk the whole text as the inside of double quotes, recording
    /// expansions only.
    fn scan_expansions_only(&mut self) {
        let mut sink = WordBuilder::default();
        while let Some(&byte) = self.bytes.get(self.pos) {
            match byte {
                b'\\' => self.bump_n(2),
                b'$' => self.scan_dollar(&mut sink, true),
                b'`' => self.scan_backtick(&mut sink, true),
                _ => self.bump(),
            }
        }
    }
}
