//! Positions in source text.
//!
//! Everything inside the core works in **byte offsets** into the original text
//! (`TextRange`). Only at the edges do we convert: the editor wants UTF-16 code
//! unit offsets (CodeMirror's `from`/`to`), the CLI wants 1-based line and
//! column numbers. `LineIndex` is the one place that does both conversions, so
//! every diagnostic, fix and explanation agrees on where it points.

use serde::{Deserialize, Serialize};

/// A half-open range of byte offsets `[start, end)` into a source text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

impl TextRange {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "range start {start} after end {end}");
        TextRange {
            start: start as u32,
            end: end as u32,
        }
    }

    pub fn empty(at: usize) -> Self {
        TextRange::new(at, at)
    }

    pub fn start(self) -> usize {
        self.start as usize
    }

    pub fn end(self) -> usize {
        self.end as usize
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest range covering both.
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn contains(self, offset: usize) -> bool {
        self.start() <= offset && offset < self.end()
    }

    pub fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The text this range covers, or `""` if it does not fit (never panics).
    pub fn slice(self, text: &str) -> &str {
        text.get(self.start()..self.end()).unwrap_or("")
    }
}

/// A resolved position, ready for a person or an editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineCol {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, counted in Unicode scalar values (characters).
    pub column: u32,
    /// 0-based offset of the position in UTF-16 code units from the start of the text.
    pub utf16: u32,
}

/// Maps byte offsets to lines, columns and UTF-16 offsets.
///
/// Building it is O(n) once per file; each lookup is O(log lines + line length).
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset where each line starts. Always begins with 0.
    line_starts: Vec<u32>,
    /// UTF-16 offset of each line start, parallel to `line_starts`.
    utf16_line_starts: Vec<u32>,
    /// Whether the text is pure ASCII (then every conversion is arithmetic).
    ascii: bool,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0u32];
        let mut utf16_line_starts = vec![0u32];
        let mut utf16 = 0u32;
        let bytes = text.as_bytes();
        let ascii = text.is_ascii();
        if ascii {
            for (i, b) in bytes.iter().enumerate() {
                if *b == b'\n' {
                    line_starts.push(i as u32 + 1);
                    utf16_line_starts.push(i as u32 + 1);
                }
            }
        } else {
            for (i, ch) in text.char_indices() {
                utf16 += ch.len_utf16() as u32;
                if ch == '\n' {
                    line_starts.push(i as u32 + 1);
                    utf16_line_starts.push(utf16);
                }
            }
        }
        LineIndex {
            line_starts,
            utf16_line_starts,
            ascii,
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&(offset as u32)) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset at which 0-based `line` starts (clamped to the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts[line.min(self.line_starts.len() - 1)] as usize
    }

    /// Resolve a byte offset. Offsets past the end, or inside a multi-byte
    /// character, are moved back to the nearest character boundary first.
    pub fn position(&self, text: &str, offset: usize) -> LineCol {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.line_starts[line] as usize;
        let (column, utf16_in_line) = if self.ascii {
            (offset - start, offset - start)
        } else {
            let prefix = &text[start..offset];
            (
                prefix.chars().count(),
                prefix.chars().map(char::len_utf16).sum::<usize>(),
            )
        };
        LineCol {
            line: line as u32 + 1,
            column: column as u32 + 1,
            utf16: self.utf16_line_starts[line] + utf16_in_line as u32,
        }
    }

    /// UTF-16 offset of a byte offset.
    pub fn utf16_offset(&self, text: &str, offset: usize) -> u32 {
        self.position(text, offset).utf16
    }

    /// Byte offset of a UTF-16 offset (the inverse of `utf16_offset`); used to
    /// turn editor positions back into core positions.
    pub fn byte_offset_of_utf16(&self, text: &str, utf16: u32) -> usize {
        let line = match self.utf16_line_starts.binary_search(&utf16) {
            Ok(line) => line,
            Err(next) => next - 1,
        };
        let mut remaining = utf16 - self.utf16_line_starts[line];
        let start = self.line_starts[line] as usize;
        if self.ascii {
            return (start + remaining as usize).min(text.len());
        }
        for (i, ch) in text[start..].char_indices() {
            if remaining == 0 {
                return start + i;
            }
            let w = ch.len_utf16() as u32;
            if w > remaining {
                return start + i;
            }
            remaining -= w;
        }
        text.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_positions() {
        let text = "FROM a\nRUN b\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 3);
        let p = idx.position(text, 7);
        assert_eq!((p.line, p.column, p.utf16), (2, 1, 7));
        let p = idx.position(text, 11);
        assert_eq!((p.line, p.column, p.utf16), (2, 5, 11));
        // End of text is a valid position on the last (empty) line.
        let p = idx.position(text, text.len());
        assert_eq!((p.line, p.column), (3, 1));
    }

    #[test]
    fn non_ascii_positions_count_characters_and_utf16_units() {
        // "é" is 2 bytes / 1 UTF-16 unit; "😀" is 4 bytes / 2 UTF-16 units.
        let text = "LABEL a=\"é😀\" b=1\nRUN x";
        let idx = LineIndex::new(text);
        let b = text.find("b=1").unwrap();
        let p = idx.position(text, b);
        assert_eq!(p.line, 1);
        // L A B E L _ a = " é 😀 " _ b  -> b is the 14th character
        assert_eq!(p.column, 14);
        // UTF-16: 13 chars before b, the emoji counting twice
        assert_eq!(p.utf16, 14);
        let run = text.find("RUN").unwrap();
        let p = idx.position(text, run);
        assert_eq!((p.line, p.column), (2, 1));
        assert_eq!(p.utf16, 18);
        assert_eq!(idx.byte_offset_of_utf16(text, 18), run);
        assert_eq!(idx.byte_offset_of_utf16(text, 14), b);
    }

    #[test]
    fn offsets_inside_a_character_snap_back() {
        let text = "é";
        let idx = LineIndex::new(text);
        let p = idx.position(text, 1);
        assert_eq!((p.column, p.utf16), (1, 0));
        let p = idx.position(text, 99);
        assert_eq!((p.column, p.utf16), (2, 1));
    }

    #[test]
    fn crlf_lines() {
        let text = "FROM a\r\nRUN b";
        let idx = LineIndex::new(text);
        let p = idx.position(text, text.find("RUN").unwrap());
        assert_eq!((p.line, p.column), (2, 1));
    }

    #[test]
    fn range_helpers() {
        let r = TextRange::new(2, 5);
        assert_eq!(r.len(), 3);
        assert!(r.contains(2) && !r.contains(5));
        assert_eq!(r.cover(TextRange::new(7, 9)), TextRange::new(2, 9));
        assert_eq!(r.slice("abcdefg"), "cde");
        assert_eq!(TextRange::new(5, 50).slice("abc"), "");
    }
}
