//! Words: the arguments of a command, with their quoting undone.

use crate::text::TextRange;

use super::ast::List;

/// One shell word, such as `apt-get`, `"$HOME/x"` or `curl=7.88*`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Where the word is in the text given to [`crate::shell::parse`]. For a
    /// word inside a nested `sh -c '...'` string this still points into that
    /// outer text.
    pub range: TextRange,
    /// The word as the shell that runs it reads it (quotes and escapes
    /// included). For a word of a nested `sh -c` string this is the inner
    /// text, which may differ from the outer text at `range` when the string
    /// contained escapes.
    pub raw: String,
    /// The word with quotes and backslash escapes removed. Expansions
    /// (`$X`, `${X}`, `$(...)`, `$((...))`, backticks) are kept as written, so
    /// check [`Word::dynamic`] before trusting it as a literal.
    pub value: String,
    /// The word contains an expansion whose result is only known at run time.
    pub dynamic: bool,
    /// Some part of the word was quoted or escaped.
    pub quoted: bool,
    /// Command substitutions in the word, parsed.
    pub substitutions: Vec<Substitution>,
    /// Source offset of each byte of `value`; `None` when `value` is the text
    /// at `range` byte for byte.
    offsets: Option<Vec<u32>>,
}

/// A command substitution inside a word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Substitution {
    pub kind: SubstitutionKind,
    pub range: TextRange,
    pub body: List,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubstitutionKind {
    /// `$( ... )`
    Command,
    /// `` `...` ``
    Backtick,
    /// bash's `<( ... )`
    ProcessInput,
    /// bash's `>( ... )`
    ProcessOutput,
}

impl Word {
    /// The value, if the word has no run-time expansion.
    pub fn literal(&self) -> Option<&str> {
        (!self.dynamic).then_some(self.value.as_str())
    }

    /// The last `/`-separated component of the value (`/usr/bin/pip3` → `pip3`).
    pub fn basename(&self) -> &str {
        basename(&self.value)
    }

    /// Whether the value equals `text` and the word has no expansion.
    pub fn is(&self, text: &str) -> bool {
        !self.dynamic && self.value == text
    }

    /// The source offset of byte `index` of [`Word::value`] (the word's end
    /// for `index == value.len()`).
    pub fn source_offset(&self, index: usize) -> usize {
        match &self.offsets {
            None => (self.range.start() + index).min(self.range.end()),
            Some(offsets) => offsets
                .get(index)
                .map_or(self.range.end(), |&offset| offset as usize),
        }
    }

    /// The source range of `value[start..end]`, for fixes that touch part of
    /// a word (the version in `curl=7.88`, one letter of `-qy`).
    pub fn value_range(&self, start: usize, end: usize) -> TextRange {
        if start >= end || start >= self.value.len() {
            let at = if start >= self.value.len() {
                self.range.end()
            } else {
                self.source_offset(start)
            };
            return TextRange::empty(at);
        }
        let end = end.min(self.value.len());
        let first = self.source_offset(start);
        let last = self.source_offset(end - 1) + 1;
        TextRange::new(first, last.max(first))
    }

    /// The part of the word after the first `index` bytes, which must be
    /// plain unquoted text (used to split `NAME=value` and `--opt=value`).
    pub(crate) fn suffix_after_plain(&self, index: usize) -> Word {
        let index = index.min(self.value.len()).min(self.raw.len());
        let start = if index == 0 {
            self.range.start()
        } else {
            (self.source_offset(index - 1) + 1).min(self.range.end())
        };
        let range = TextRange::new(start, self.range.end().max(start));
        let value = self.value.get(index..).unwrap_or("").to_owned();
        let offsets = self
            .offsets
            .as_ref()
            .map(|offsets| offsets.get(index..).unwrap_or(&[]).to_vec());
        let raw = self.raw.get(index..).unwrap_or("").to_owned();
        let quoted = raw.bytes().any(|b| matches!(b, b'\'' | b'"' | b'\\'));
        Word {
            range,
            raw,
            value,
            dynamic: self.dynamic,
            quoted,
            substitutions: self.substitutions.clone(),
            offsets: offsets.and_then(|o| compress(o, range)),
        }
    }
}

/// Last `/`-separated component (`/usr/bin/pip3` → `pip3`; `dir/` → `dir/`).
pub fn basename(path: &str) -> &str {
    match path.rfind('/') {
        Some(slash) if slash + 1 < path.len() => &path[slash + 1..],
        _ => path,
    }
}

/// Drop the offset table when it is the identity over `range`.
fn compress(offsets: Vec<u32>, range: TextRange) -> Option<Vec<u32>> {
    let affine = offsets.len() == range.len()
        && offsets
            .iter()
            .enumerate()
            .all(|(i, &offset)| offset as usize == range.start() + i);
    if affine {
        None
    } else {
        Some(offsets)
    }
}

/// Accumulates a word's value while the scanner walks its source.
#[derive(Default)]
pub(crate) struct WordBuilder {
    value: Vec<u8>,
    offsets: Vec<u32>,
    pub dynamic: bool,
    pub quoted: bool,
    pub substitutions: Vec<Substitution>,
}

impl WordBuilder {
    /// Append one byte of value that came from absolute source offset `at`.
    pub fn push(&mut self, byte: u8, at: usize) {
        self.value.push(byte);
        self.offsets.push(at as u32);
    }

    /// Append a character produced by an escape (`$'\x41'`), all of whose
    /// bytes map to `at`.
    pub fn push_char(&mut self, ch: char, at: usize) {
        let mut buf = [0u8; 4];
        for &byte in ch.encode_utf8(&mut buf).as_bytes() {
            self.push(byte, at);
        }
    }

    pub fn value_bytes(&self) -> &[u8] {
        &self.value
    }

    pub fn finish(self, range: TextRange, raw: String) -> Word {
        let value_len = self.value.len();
        let value = match String::from_utf8(self.value) {
            Ok(value) => value,
            Err(err) => String::from_utf8_lossy(err.as_bytes()).into_owned(),
        };
        // A lossy conversion changes lengths; the table is then unusable.
        let offsets = if value.len() == value_len {
            compress(self.offsets, range)
        } else {
            Some(Vec::new())
        };
        Word {
            range,
            raw,
            value,
            dynamic: self.dynamic,
            quoted: self.quoted,
            substitutions: self.substitutions,
            offsets,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(text: &str, start: usize, skip: &[usize]) -> Word {
        let mut b = WordBuilder::default();
        for (i, byte) in text.bytes().enumerate() {
            if !skip.contains(&i) {
                b.push(byte, start + i);
            }
        }
        b.quoted = !skip.is_empty();
        b.finish(TextRange::new(start, start + text.len()), text.to_owned())
    }

    #[test]
    fn plain_word_needs_no_table() {
        let w = build("curl=7.88", 10, &[]);
        assert_eq!(w.value, "curl=7.88");
        assert!(w.offsets.is_none());
        assert_eq!(w.value_range(5, 9), TextRange::new(15, 19));
    }

    #[test]
    fn quoted_word_maps_value_back_to_source() {
        // "a b" at offset 3: value `a b` comes from 4..7.
        let w = build("\"a b\"", 3, &[0, 4]);
        assert_eq!(w.value, "a b");
        assert_eq!(w.source_offset(0), 4);
        assert_eq!(w.value_range(0, 3), TextRange::new(4, 7));
        assert_eq!(w.value_range(3, 3), TextRange::empty(8));
    }

    #[test]
    fn empty_quoted_word() {
        let w = build("''", 0, &[0, 1]);
        assert_eq!(w.value, "");
        assert_eq!(w.value_range(0, 0), TextRange::empty(2));
    }

    #[test]
    fn suffix_of_assignment() {
        let w = build("X=\"1 2\"", 0, &[2, 6]);
        let v = w.suffix_after_plain(2);
        assert_eq!(v.value, "1 2");
        assert_eq!(v.raw, "\"1 2\"");
        assert_eq!(v.range, TextRange::new(2, 7));
        assert!(v.quoted);
        assert_eq!(v.value_range(0, 1), TextRange::new(3, 4));
    }

    #[test]
    fn basenames() {
        assert_eq!(basename("/usr/bin/pip3"), "pip3");
        assert_eq!(basename("pip"), "pip");
        assert_eq!(basename("dir/"), "dir/");
    }
}
