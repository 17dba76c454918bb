//! Word splitters, each mirroring one of BuildKit's line parsers.
//!
//! All of them work on the joined (logical) instruction line and return byte
//! offsets into it; the caller maps them back to the source.

/// A word found in a line: `[start, end)` and its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Word {
    pub start: usize,
    pub end: usize,
    pub value: String,
}

/// BuildKit's `reWhitespace`: `[\t\v\f\r ]+`.
pub(crate) fn is_field_space(c: char) -> bool {
    matches!(c, '\t' | '\u{b}' | '\u{c}' | '\r' | ' ')
}

/// `parseStringsWhitespaceDelimited`: split on runs of blanks, no quoting.
pub(crate) fn split_whitespace(text: &str, base: usize) -> Vec<Word> {
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_field_space(c) {
            if let Some(s) = start.take() {
                words.push(Word {
                    start: base + s,
                    end: base + i,
                    value: text[s..i].to_string(),
                });
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        words.push(Word {
            start: base + s,
            end: base + text.len(),
            value: text[s..].to_string(),
        });
    }
    words
}

/// `parseWords`: split on whitespace outside quotes. Quotes and escapes are
/// kept in the words (they are processed later, at expansion time); an
/// escape character at the very end of the text is dropped.
pub(crate) fn split_quoted_words(text: &str, base: usize, escape: char) -> Vec<Word> {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote(char),
    }
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word = String::new();
    let mut start = 0usize;
    let mut blank_ok = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match phase {
            Phase::Spaces => {
                if c.is_whitespace() {
                    continue;
                }
                phase = Phase::Word;
                start = i;
            }
            Phase::Word | Phase::Quote(_) => {}
        }
        match phase {
            Phase::Word => {
                if c.is_whitespace() {
                    if blank_ok || !word.is_empty() {
                        words.push(Word {
                            start: base + start,
                            end: base + i,
                            value: std::mem::take(&mut word),
                        });
                    }
                    word.clear();
                    blank_ok = false;
                    phase = Phase::Spaces;
                    continue;
                }
                if c == '\'' || c == '"' {
                    phase = Phase::Quote(c);
                    blank_ok = true;
                }
                if c == escape {
                    match chars.next() {
                        None => continue,
                        Some((_, next)) => {
                            word.push(c);
                            word.push(next);
                            continue;
                        }
                    }
                }
                word.push(c);
            }
            Phase::Quote(q) => {
                if c == q {
                    phase = Phase::Word;
                }
                if c == escape && q != '\'' {
                    match chars.next() {
                        None => {
                            phase = Phase::Word;
                            continue;
                        }
                        Some((_, next)) => {
                            word.push(c);
                            word.push(next);
                            continue;
                        }
                    }
                }
                word.push(c);
            }
            Phase::Spaces => unreachable!("phase set to Word above"),
        }
    }
    if phase != Phase::Spaces && (blank_ok || !word.is_empty()) {
        words.push(Word {
            start: base + start,
            end: base + text.len(),
            value: word,
        });
    }
    words
}

/// A `--flag` word found by [`extract_flags`], with quotes removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FlagWord {
    pub start: usize,
    pub end: usize,
    pub value: String,
}

/// `extractBuilderFlags`: the leading `--words` of an instruction's
/// arguments. Returns the flags and the offset where the arguments start.
/// A bare `--` ends the flags and is not returned.
pub(crate) fn extract_flags(text: &str, base: usize) -> (Vec<FlagWord>, usize) {
    let bytes = text.as_bytes();
    let mut flags = Vec::new();
    let mut pos = 0usize;
    loop {
        while pos < bytes.len() && (bytes[pos] as char).is_ascii_whitespace() {
            pos += 1;
        }
        if pos >= bytes.len() {
            return (flags, base + text.len());
        }
        if !(bytes[pos] == b'-' && bytes.get(pos + 1) == Some(&b'-')) {
            return (flags, base + pos);
        }
        // Read one flag word, honouring quotes and backslash escapes.
        let start = pos;
        let mut value = String::new();
        let mut quote: Option<char> = None;
        let mut blank_ok = false;
        let mut iter = text[pos..].char_indices().peekable();
        let mut end = text.len();
        while let Some((off, c)) = iter.next() {
            let abs = pos + off;
            match quote {
                None => {
                    if c.is_whitespace() {
                        end = abs;
                        break;
                    }
                    if c == '\'' || c == '"' {
                        quote = Some(c);
                        blank_ok = true;
                        continue;
                    }
                    if c == '\\' {
                        if let Some((_, next)) = iter.next() {
                            value.push(next);
                        }
                        continue;
                    }
                    value.push(c);
                }
                Some(q) => {
                    if c == q {
                        quote = None;
                        continue;
                    }
                    if c == '\\' {
                        match iter.next() {
                            Some((_, next)) => value.push(next),
                            None => quote = None,
                        }
                        continue;
                    }
                    value.push(c);
                }
            }
        }
        pos = end;
        if value == "--" {
            while pos < bytes.len() && (bytes[pos] as char).is_ascii_whitespace() {
                pos += 1;
            }
            return (flags, base + pos);
        }
        if blank_ok || !value.is_empty() {
            flags.push(FlagWord {
                start: base + start,
                end: base + end,
                value,
            });
        }
    }
}

/// Shell-like words with quotes kept raw, as BuildKit's heredoc detection
/// splits an instruction line (`ProcessWords` with raw quotes and escapes).
pub(crate) fn split_raw_shell_words(text: &str) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    let mut quote: Option<char> = None;
    let mut iter = text.char_indices();
    while let Some((i, c)) = iter.next() {
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                } else if c == '\\' && q == '"' {
                    iter.next();
                }
            }
            None => {
                if c.is_whitespace() {
                    if let Some(s) = start.take() {
                        words.push((s, i));
                    }
                    continue;
                }
                if start.is_none() {
                    start = Some(i);
                }
                if c == '\'' || c == '"' {
                    quote = Some(c);
                } else if c == '\\' {
                    iter.next();
                }
            }
        }
    }
    if let Some(s) = start {
        words.push((s, text.len()));
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(words: &[Word]) -> Vec<&str> {
        words.iter().map(|w| w.value.as_str()).collect()
    }

    #[test]
    fn whitespace_split_keeps_quotes_as_plain_text() {
        let w = split_whitespace("a  \"b c\"\td", 10);
        assert_eq!(values(&w), ["a", "\"b", "c\"", "d"]);
        assert_eq!((w[0].start, w[0].end), (10, 11));
        assert_eq!((w[3].start, w[3].end), (19, 20));
    }

    #[test]
    fn quoted_words_keep_quotes_and_respect_them() {
        let w = split_quoted_words(r#"A="x y" B=z\ w C='q"r' D"#, 0, '\\');
        assert_eq!(values(&w), [r#"A="x y""#, r#"B=z\ w"#, r#"C='q"r'"#, "D"]);
        assert_eq!(w[1].start, 8);
    }

    #[test]
    fn quoted_words_with_backtick_escape() {
        let w = split_quoted_words("A=x` y B", 0, '`');
        assert_eq!(values(&w), ["A=x` y", "B"]);
    }

    #[test]
    fn empty_quotes_make_a_word() {
        let w = split_quoted_words(r#"A="" """#, 0, '\\');
        assert_eq!(values(&w), [r#"A="""#, r#""""#]);
    }

    #[test]
    fn flags_are_extracted_until_the_first_plain_word() {
        let text = r#"--mount=type=cache,target=/root --network="none" -- --not-a-flag x"#;
        let (flags, args) = extract_flags(text, 0);
        let vals: Vec<&str> = flags.iter().map(|f| f.value.as_str()).collect();
        assert_eq!(vals, ["--mount=type=cache,target=/root", "--network=none"]);
        assert_eq!(&text[args..], "--not-a-flag x");
        let (flags, args) = extract_flags("--link . /app", 4);
        assert_eq!(flags.len(), 1);
        assert_eq!((flags[0].start, flags[0].end), (4, 10));
        assert_eq!(args, 11);
        let (flags, args) = extract_flags("-x y", 0);
        assert!(flags.is_empty());
        assert_eq!(args, 0);
    }

    #[test]
    fn raw_shell_words_for_heredoc_detection() {
        let text = r#"RUN <<"EOF" cat 'a b' <<-X"#;
        let words: Vec<&str> = split_raw_shell_words(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(words, ["RUN", "<<\"EOF\"", "cat", "'a b'", "<<-X"]);
    }
}
