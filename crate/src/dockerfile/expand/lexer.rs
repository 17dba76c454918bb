//! The word processor: BuildKit's `shellWord` (`frontend/dockerfile/shell/lex.go`),
//! one method per BuildKit function so the two can be read side by side.
//!
//! It is a recursive descent over the input. Recursion only happens at `${`,
//! and `${` nesting is capped at [`MAX_NESTING`], so the stack stays small
//! whatever the input.

use super::error::{ExpandError, ExpandErrorKind as Kind};
use super::{go_unicode, pattern, Env, ExpandOptions, VarRef, MAX_NESTING};
use crate::text::TextRange;

/// Everything one pass over a word produces.
pub(crate) struct Processed {
    pub value: String,
    pub words: Vec<String>,
    pub references: Vec<VarRef>,
}

pub(crate) fn process<E: Env + ?Sized>(
    input: &str,
    env: &E,
    options: &ExpandOptions,
    split_words: bool,
) -> Result<Processed, ExpandError> {
    let mut lexer = Lexer {
        input,
        // BuildKit reads the word with Go's text/scanner, which skips a byte
        // order mark at the very start.
        pos: if input.starts_with('\u{FEFF}') {
            '\u{FEFF}'.len_utf8()
        } else {
            0
        },
        env,
        options,
        raw_escapes: options.raw_escapes,
        depth: 0,
        references: Vec::new(),
    };
    let mut words = Words::new(split_words);
    let value = lexer
        .process_stop_on(None, options.raw_escapes, &mut words)
        .map_err(|error| *error)?;
    let mut references = lexer.references;
    // Lookups happen when a reference closes, so inner ones come first.
    references.sort_by_key(|reference| reference.range.start);
    Ok(Processed {
        value,
        words: words.finish(),
        references,
    })
}

/// Errors travel boxed inside the lexer: a small `Result` keeps the frames
/// of the recursive functions small.
type Fail = Box<ExpandError>;

fn fail(kind: Kind, start: usize, end: usize) -> Fail {
    Box::new(ExpandError::new(kind, start, end))
}

struct Lexer<'a, E: ?Sized> {
    input: &'a str,
    pos: usize,
    env: &'a E,
    options: &'a ExpandOptions,
    /// Whether escape characters are kept; `${V#…}`, `${V%…}` and `${V/…}`
    /// switch it on for their words, `${V-…}`, `${V+…}`, `${V?…}` off.
    raw_escapes: bool,
    depth: usize,
    references: Vec<VarRef>,
}

impl<'a, E: Env + ?Sized> Lexer<'a, E> {
    fn peek(&self) -> Option<char> {
        self.input.get(self.pos..)?.chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let ch = self.peek()?;
        self.pos += ch.len_utf8();
        Some(ch)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.input.len()
    }

    /// Processes until `stop` (consumed) or, when `stop` is `None`, the end.
    fn process_stop_on(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
        words: &mut Words,
    ) -> Result<String, Fail> {
        let saved = std::mem::replace(&mut self.raw_escapes, raw_escapes);
        let result = self.process_until(stop, words);
        self.raw_escapes = saved;
        result
    }

    fn process_until(&mut self, stop: Option<char>, words: &mut Words) -> Result<String, Fail> {
        let mut result = String::new();
        while let Some(ch) = self.peek() {
            if Some(ch) == stop {
                self.bump();
                return Ok(result);
            }
            match ch {
                '$' => {
                    let value = self.process_dollar()?;
                    words.add_expanded(&value);
                    result.push_str(&value);
                }
                '\'' | '"' if !self.options.skip_process_quotes => {
                    let quoted = if ch == '\'' {
                        self.process_single_quote()?
                    } else {
                        self.process_double_quote()?
                    };
                    words.add_quoted(&quoted);
                    result.push_str(&quoted);
                }
                _ => {
                    self.bump();
                    if ch == self.options.escape {
                        if self.raw_escapes {
                            words.add_quoted_char(ch);
                            result.push(ch);
                        }
                        // An escape at the very end is dropped.
                        let Some(escaped) = self.bump() else { break };
                        words.add_quoted_char(escaped);
                        result.push(escaped);
                    } else {
                        words.add_char(ch);
                        result.push(ch);
                    }
                }
            }
        }
        match stop {
            // Always reported by the `${` that asked for `stop`, which knows
            // what was missing; the kind here is a placeholder.
            Some(_) => Err(fail(Kind::MissingClosingBrace, self.pos, self.pos)),
            None => Ok(result),
        }
    }

    /// `'…'`: everything literal up to the next `'`; there is no escape.
    fn process_single_quote(&mut self) -> Result<String, Fail> {
        let open = self.pos;
        self.bump();
        let mut result = String::new();
        if self.options.raw_quotes {
            result.push('\'');
        }
        loop {
            match self.bump() {
                None => {
                    return Err(fail(Kind::UnterminatedSingleQuote, open, self.pos));
                }
                Some('\'') => {
                    if self.options.raw_quotes {
                        result.push('\'');
                    }
                    return Ok(result);
                }
                Some(ch) => result.push(ch),
            }
        }
    }

    /// `"…"`: variables expand; the escape character escapes only `"`, `$`
    /// and itself and otherwise stays.
    fn process_double_quote(&mut self) -> Result<String, Fail> {
        let open = self.pos;
        self.bump();
        let mut result = String::new();
        if self.options.raw_quotes {
            result.push('"');
        }
        loop {
            match self.peek() {
                None => {
                    return Err(fail(Kind::UnterminatedDoubleQuote, open, self.pos));
                }
                Some('"') => {
                    self.bump();
                    if self.options.raw_quotes {
                        result.push('"');
                    }
                    return Ok(result);
                }
                Some('$') => {
                    let value = self.process_dollar()?;
                    result.push_str(&value);
                }
                Some(mut ch) => {
                    self.bump();
                    let escape = self.options.escape;
                    if ch == escape {
                        if self.raw_escapes {
                            result.push(ch);
                        }
                        match self.peek() {
                            // The missing quote is reported on the next turn.
                            None => continue,
                            Some(next) if next == '"' || next == '$' || next == escape => {
                                self.bump();
                                ch = next;
                            }
                            Some(_) => {}
                        }
                    }
                    result.push(ch);
                }
            }
        }
    }

    /// `$NAME`, `${NAME}` and `${NAME<modifier>…}`; a `$` that starts no
    /// name is a literal `$`.
    fn process_dollar(&mut self) -> Result<String, Fail> {
        let start = self.pos;
        self.bump();
        if self.peek() != Some('{') {
            let name_start = self.pos;
            let name = self.process_name();
            if name.is_empty() {
                return Ok("$".to_string());
            }
            let value = self.lookup(name, start, name_start);
            return Ok(match value {
                Some(value) => value.to_string(),
                None if self.options.skip_unset => ["$", name].concat(),
                None => String::new(),
            });
        }
        self.bump();
        if self.depth >= MAX_NESTING {
            return Err(fail(
                Kind::NestingTooDeep { limit: MAX_NESTING },
                start,
                self.pos,
            ));
        }
        self.depth += 1;
        let result = self.process_braced(start);
        self.depth -= 1;
        result
    }

    /// After `${`.
    fn process_braced(&mut self, start: usize) -> Result<String, Fail> {
        match self.peek() {
            None => return Err(self.missing_brace(start)),
            Some('{' | '}' | ':') => {
                self.bump();
                return Err(fail(Kind::BadSubstitution, start, self.pos));
            }
            Some(_) => {}
        }
        let name_start = self.pos;
        let name = self.process_name();
        match self.bump() {
            // BuildKit reports this as "unsupported modifier (\u{FFFD})"
            // (Go's text for end of input); the missing brace is clearer.
            None => Err(self.missing_brace(start)),
            Some('}') => {
                let value = self.lookup(name, start, name_start);
                Ok(match value {
                    Some(value) => value.to_string(),
                    None if self.options.skip_unset => ["${", name, "}"].concat(),
                    None => String::new(),
                })
            }
            Some(':') => match self.bump() {
                // `${V:` at the end: BuildKit's word search fails first.
                None => Err(self.missing_brace(start)),
                Some(op) => self.process_modifier(start, name, name_start, op, true),
            },
            Some(op @ ('+' | '-' | '?' | '#' | '%')) => {
                self.process_modifier(start, name, name_start, op, false)
            }
            Some('/') => self.process_replace(start, name, name_start),
            Some(op) => Err(fail(
                Kind::UnsupportedModifier {
                    modifier: op.to_string(),
                },
                start,
                self.pos,
            )),
        }
    }

    /// `${V<op>word}` with `op` one of `- + ? # %`, or after `:` any
    /// character at all: BuildKit reads the word and looks the variable up
    /// before it rejects an unknown modifier such as `${V:=w}`.
    fn process_modifier(
        &mut self,
        start: usize,
        name: &'a str,
        name_start: usize,
        op: char,
        null_is_unset: bool,
    ) -> Result<String, Fail> {
        let trims = op == '#' || op == '%';
        if null_is_unset && trims {
            // `${V:#p}` and `${V:%p}` are not shell syntax (moby/buildkit#5146).
            return Err(self.unsupported(format!(":{op}"), start));
        }
        let word = self.nested_word('}', trims, start, Kind::MissingClosingBrace)?;
        self.apply_modifier(start, name, name_start, op, null_is_unset, word)
    }

    /// The second half of [`Self::process_modifier`], once the word is read.
    /// Kept out of line so the frames that recurse stay small.
    #[inline(never)]
    fn apply_modifier(
        &mut self,
        start: usize,
        name: &'a str,
        name_start: usize,
        op: char,
        null_is_unset: bool,
        word: String,
    ) -> Result<String, Fail> {
        let modifier = if null_is_unset {
            format!(":{op}")
        } else {
            op.to_string()
        };
        let value = self.lookup(name, start, name_start);
        let Some(value) = value else {
            if self.options.skip_unset {
                return Ok(format!("${{{name}{modifier}{word}}}"));
            }
            return match op {
                '-' => Ok(word),
                '+' => Ok(String::new()),
                '?' => Err(self.required(name, word, "is not allowed to be unset", start)),
                '#' | '%' => self.trim(op, &word, "", start),
                _ => Err(self.unsupported(modifier, start)),
            };
        };
        let null = null_is_unset && value.is_empty();
        match op {
            '-' if null => Ok(word),
            '-' => Ok(value.to_string()),
            '+' if null => Ok(String::new()),
            '+' => Ok(word),
            '?' if null => Err(self.required(name, word, "is not allowed to be empty", start)),
            '?' => Ok(value.to_string()),
            '#' | '%' => self.trim(op, &word, value, start),
            _ => Err(self.unsupported(modifier, start)),
        }
    }

    /// `${V#p}`, `${V##p}`, `${V%p}`, `${V%%p}`. The doubled form is
    /// recognised on the expanded word, as BuildKit does.
    fn trim(&self, op: char, word: &str, value: &str, start: usize) -> Result<String, Fail> {
        let (pattern, longest) = match word.strip_prefix(op) {
            Some(rest) => (rest, true),
            None => (word, false),
        };
        let trimmed = if op == '%' {
            pattern::trim_suffix(pattern, value, longest)
        } else {
            pattern::trim_prefix(pattern, value, longest)
        };
        trimmed.map_err(|reason| self.invalid_pattern(pattern, reason, start))
    }

    /// `${V/pattern/replacement}` and `${V//pattern/replacement}`; both
    /// slashes are required.
    fn process_replace(
        &mut self,
        start: usize,
        name: &'a str,
        name_start: usize,
    ) -> Result<String, Fail> {
        let all = self.peek() == Some('/');
        if all {
            self.bump();
        }
        let pattern = self.nested_word('/', true, start, Kind::MissingReplacementSlash)?;
        let replacement = self.nested_word('}', true, start, Kind::MissingClosingBrace)?;
        self.apply_replace(start, name, name_start, all, &pattern, &replacement)
    }

    #[inline(never)]
    fn apply_replace(
        &mut self,
        start: usize,
        name: &'a str,
        name_start: usize,
        all: bool,
        pattern: &str,
        replacement: &str,
    ) -> Result<String, Fail> {
        let value = self.lookup(name, start, name_start);
        if value.is_none() && self.options.skip_unset {
            // BuildKit writes a single slash back even for `//`.
            return Ok(format!("${{{name}/{pattern}/{replacement}}}"));
        }
        pattern::replace(pattern, value.unwrap_or(""), replacement, all)
            .map_err(|reason| self.invalid_pattern(pattern, reason, start))
    }

    /// The word after a modifier, up to `stop`. A failure that ran into the
    /// end of the input is reported as `at_end`, whatever it was, because
    /// BuildKit does so (`${A:-'x}` is a missing `}`, not a missing quote).
    fn nested_word(
        &mut self,
        stop: char,
        raw_escapes: bool,
        start: usize,
        at_end: Kind,
    ) -> Result<String, Fail> {
        let mut no_words = Words::new(false);
        self.process_stop_on(Some(stop), raw_escapes, &mut no_words)
            .map_err(|error| {
                if self.at_end() {
                    fail(at_end, start, self.input.len())
                } else {
                    error
                }
            })
    }

    /// A name: letters, digits and `_`; or a run of digits (a positional
    /// parameter); or one special parameter character (`$@`, `$#`, …).
    fn process_name(&mut self) -> &'a str {
        let input = self.input;
        let begin = self.pos;
        match self.peek() {
            Some(ch) if go_unicode::is_digit(ch) => {
                while self.peek().is_some_and(go_unicode::is_digit) {
                    self.bump();
                }
            }
            Some('@' | '*' | '#' | '?' | '-' | '$' | '!') => {
                self.bump();
            }
            _ => {
                while self.peek().is_some_and(|ch| {
                    go_unicode::is_letter(ch) || go_unicode::is_digit(ch) || ch == '_'
                }) {
                    self.bump();
                }
            }
        }
        input.get(begin..self.pos).unwrap_or("")
    }

    /// Looks `name` up and records the reference, which ends here.
    fn lookup(&mut self, name: &'a str, start: usize, name_start: usize) -> Option<&'a str> {
        let env: &'a E = self.env;
        let value = env.get(name);
        self.references.push(VarRef {
            name: name.to_string(),
            range: TextRange::new(start, self.pos),
            name_range: TextRange::new(name_start, name_start + name.len()),
            defined: value.is_some(),
        });
        value
    }

    #[cold]
    #[inline(never)]
    fn missing_brace(&self, start: usize) -> Fail {
        fail(Kind::MissingClosingBrace, start, self.input.len())
    }

    #[cold]
    #[inline(never)]
    fn required(&self, name: &str, word: String, default_message: &str, start: usize) -> Fail {
        let message = if word.is_empty() {
            default_message.to_string()
        } else {
            word
        };
        fail(
            Kind::RequiredVariable {
                name: name.to_string(),
                message,
            },
            start,
            self.pos,
        )
    }

    #[cold]
    #[inline(never)]
    fn unsupported(&self, modifier: String, start: usize) -> Fail {
        fail(Kind::UnsupportedModifier { modifier }, start, self.pos)
    }

    #[cold]
    #[inline(never)]
    fn invalid_pattern(&self, pattern: &str, reason: String, start: usize) -> Fail {
        fail(
            Kind::InvalidPattern {
                pattern: pattern.to_string(),
                reason,
            },
            start,
            self.pos,
        )
    }
}

/// Field splitting for `expand_words`, exactly as BuildKit's `wordsStruct`:
/// plain characters and expanded values split on whitespace; quoted text and
/// escaped characters never do. A word that stays empty (`""` on its own) is
/// dropped.
struct Words {
    active: bool,
    current: String,
    done: Vec<String>,
}

impl Words {
    fn new(active: bool) -> Self {
        Words {
            active,
            current: String::new(),
            done: Vec::new(),
        }
    }

    fn add_char(&mut self, ch: char) {
        if !self.active {
            return;
        }
        if go_unicode::is_space(ch) {
            if !self.current.is_empty() {
                self.done.push(std::mem::take(&mut self.current));
            }
        } else {
            self.current.push(ch);
        }
    }

    fn add_expanded(&mut self, text: &str) {
        if self.active {
            text.chars().for_each(|ch| self.add_char(ch));
        }
    }

    fn add_quoted_char(&mut self, ch: char) {
        if self.active {
            self.current.push(ch);
        }
    }

    fn add_quoted(&mut self, text: &str) {
        if self.active {
            self.current.push_str(text);
        }
    }

    fn finish(mut self) -> Vec<String> {
        if !self.current.is_empty() {
            self.done.push(self.current);
        }
        self.done
    }
}
