//! JSON (exec) form: a JSON array of strings, with the span of each element.
//!
//! BuildKit hands the argument text to Go's `json.Unmarshal`. Three outcomes
//! matter, and this module tells them apart:
//! - a valid array of strings: exec form;
//! - valid JSON that is not an array of strings (`["a", 1]`): an error;
//! - anything else (single quotes, trailing text, a missing `]`): BuildKit
//!   silently treats the text as shell form.

/// Nesting deeper than this is treated as invalid JSON rather than recursed.
const MAX_DEPTH: usize = 64;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct JsonString {
    /// Offsets of the string literal, quotes included.
    pub start: usize,
    pub end: usize,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum JsonArray {
    /// A valid array whose elements are all strings; `end` is after `]`.
    Strings {
        elements: Vec<JsonString>,
        end: usize,
    },
    /// Valid JSON, but an element at `[start, end)` is not a string.
    NotStrings { start: usize, end: usize },
    /// Not valid JSON. `unterminated` is true when the text ran out before
    /// the closing `]` (the user most likely meant exec form).
    Invalid { at: usize, unterminated: bool },
}

/// Parse `text` (which should start with `[`) as one JSON array.
pub(crate) fn parse_array(text: &str) -> JsonArray {
    let mut p = JsonParser {
        bytes: text.as_bytes(),
        text,
        pos: 0,
    };
    p.skip_ws();
    if p.peek() != Some(b'[') {
        return JsonArray::Invalid {
            at: p.pos,
            unterminated: false,
        };
    }
    p.pos += 1;
    let mut elements = Vec::new();
    let mut not_string: Option<(usize, usize)> = None;
    p.skip_ws();
    if p.peek() == Some(b']') {
        p.pos += 1;
    } else {
        loop {
            p.skip_ws();
            let start = p.pos;
            match p.peek() {
                None => return p.invalid(true),
                Some(b'"') => match p.string() {
                    Ok(value) => elements.push(JsonString {
                        start,
                        end: p.pos,
                        value,
                    }),
                    Err(unterminated) => return p.invalid(unterminated),
                },
                Some(_) => match p.value(1) {
                    Ok(()) => {
                        not_string.get_or_insert((start, p.pos));
                    }
                    Err(unterminated) => return p.invalid(unterminated),
                },
            }
            p.skip_ws();
            match p.peek() {
                Some(b',') => p.pos += 1,
                Some(b']') => {
                    p.pos += 1;
                    break;
                }
                None => return p.invalid(true),
                Some(_) => return p.invalid(false),
            }
        }
    }
    let end = p.pos;
    p.skip_ws();
    if p.pos != text.len() {
        return p.invalid(false);
    }
    match not_string {
        Some((start, end)) => JsonArray::NotStrings { start, end },
        None => JsonArray::Strings { elements, end },
    }
}

struct JsonParser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl JsonParser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn invalid(&self, unterminated: bool) -> JsonArray {
        JsonArray::Invalid {
            at: self.pos.min(self.text.len()),
            unterminated,
        }
    }

    /// A string literal at `pos`. `Err(true)` when the text ends inside it.
    fn string(&mut self) -> Result<String, bool> {
        debug_assert_eq!(self.peek(), Some(b'"'));
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(b) = self.peek() else {
                return Err(true);
            };
            match b {
                b'"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => {
                    self.pos += 1;
                    let Some(e) = self.peek() else {
                        return Err(true);
                    };
                    self.pos += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let unit = self.hex4()?;
                            if (0xD800..0xDC00).contains(&unit) {
                                // A high surrogate: pair it if a low one follows,
                                // else substitute U+FFFD as Go does.
                                let save = self.pos;
                                if self.bytes.get(self.pos..self.pos + 2) == Some(b"\\u") {
                                    self.pos += 2;
                                    if let Ok(low) = self.hex4() {
                                        if (0xDC00..0xE000).contains(&low) {
                                            let c =
                                                0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                                            out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                                            continue;
                                        }
                                    }
                                }
                                self.pos = save;
                                out.push('\u{FFFD}');
                            } else {
                                out.push(char::from_u32(unit).unwrap_or('\u{FFFD}'));
                            }
                        }
                        _ => return Err(false),
                    }
                }
                0..=0x1f => return Err(false),
                _ => {
                    // Copy one whole UTF-8 character.
                    let rest = &self.text[self.pos..];
                    let c = rest.chars().next().unwrap_or('\u{FFFD}');
                    out.push(c);
                    self.pos += c.len_utf8().max(1);
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, bool> {
        let Some(digits) = self.text.get(self.pos..self.pos + 4) else {
            return Err(true);
        };
        let v = u32::from_str_radix(digits, 16).map_err(|_| false)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(false);
        }
        self.pos += 4;
        Ok(v)
    }

    /// Skip any JSON value. `Err(true)` when the text ends inside it.
    fn value(&mut self, depth: usize) -> Result<(), bool> {
        if depth > MAX_DEPTH {
            return Err(false);
        }
        self.skip_ws();
        match self.peek() {
            None => Err(true),
            Some(b'"') => self.string().map(|_| ()),
            Some(b'[') => {
                self.pos += 1;
                self.skip_ws();
                if self.peek() == Some(b']') {
                    self.pos += 1;
                    return Ok(());
                }
                loop {
                    self.value(depth + 1)?;
                    self.skip_ws();
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b']') => {
                            self.pos += 1;
                            return Ok(());
                        }
                        None => return Err(true),
                        Some(_) => return Err(false),
                    }
                }
            }
            Some(b'{') => {
                self.pos += 1;
                self.skip_ws();
                if self.peek() == Some(b'}') {
                    self.pos += 1;
                    return Ok(());
                }
                loop {
                    self.skip_ws();
                    match self.peek() {
                        Some(b'"') => self.string().map(|_| ())?,
                        None => return Err(true),
                        Some(_) => return Err(false),
                    }
                    self.skip_ws();
                    match self.peek() {
                        Some(b':') => self.pos += 1,
                        None => return Err(true),
                        Some(_) => return Err(false),
                    }
                    self.value(depth + 1)?;
                    self.skip_ws();
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b'}') => {
                            self.pos += 1;
                            return Ok(());
                        }
                        None => return Err(true),
                        Some(_) => return Err(false),
                    }
                }
            }
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(false),
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), bool> {
        let rest = &self.text[self.pos..];
        if rest.starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else if word.starts_with(rest) {
            Err(true)
        } else {
            Err(false)
        }
    }

    fn number(&mut self) -> Result<(), bool> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                while matches!(self.peek(), Some(b'0'..=b'9')) {
                    self.pos += 1;
                }
            }
            None => return Err(true),
            Some(_) => return Err(false),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.peek().is_none());
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.pos += 1;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.peek().is_none());
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.pos += 1;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(text: &str) -> Vec<String> {
        match parse_array(text) {
            JsonArray::Strings { elements, .. } => elements.into_iter().map(|e| e.value).collect(),
            other => panic!("expected strings for {text:?}, got {other:?}"),
        }
    }

    #[test]
    fn string_arrays() {
        assert_eq!(
            strings(r#"["node", "dist/server.js"]"#),
            ["node", "dist/server.js"]
        );
        assert_eq!(strings("[]"), Vec::<String>::new());
        assert_eq!(strings(" [ \"a\" ]  "), ["a"]);
        assert_eq!(
            strings(r#"["a\"b", "\u00e9\n", "\ud83d\ude00"]"#),
            ["a\"b", "é\n", "😀"]
        );
        assert_eq!(strings(r#"["é😀"]"#), ["é😀"]);
    }

    #[test]
    fn element_spans_include_quotes() {
        let text = r#"["a", "bc"]"#;
        let JsonArray::Strings { elements, end } = parse_array(text) else {
            panic!()
        };
        assert_eq!(&text[elements[1].start..elements[1].end], "\"bc\"");
        assert_eq!(end, text.len());
    }

    #[test]
    fn non_string_elements_are_an_error_not_shell_form() {
        assert_eq!(
            parse_array(r#"["a", 1]"#),
            JsonArray::NotStrings { start: 6, end: 7 }
        );
        assert!(matches!(
            parse_array(r#"["a", {"b": [true, null]}]"#),
            JsonArray::NotStrings { .. }
        ));
    }

    #[test]
    fn invalid_json_falls_back() {
        for (text, unterminated) in [
            ("['a', 'b']", false),
            (r#"["a"] # note"#, false),
            (r#"["a",]"#, false),
            (r#"["a", "b""#, true),
            (r#"["a"#, true),
            ("[", true),
            (r#"["\x"]"#, false),
        ] {
            match parse_array(text) {
                JsonArray::Invalid {
                    unterminated: u, ..
                } => assert_eq!(u, unterminated, "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let text = format!("[\"a\", {}{}]", "[".repeat(100_000), "]".repeat(100_000));
        assert!(matches!(parse_array(&text), JsonArray::Invalid { .. }));
    }
}
