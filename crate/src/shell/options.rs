//! Command-line option parsing over shell words.
//!
//! Tools disagree on option syntax, so parsing is driven by an
//! [`OptionSpec`] that says which options take a value. Without a spec
//! ([`OptionSpec::NONE`]) the parser still understands `--opt=value`,
//! `-abc` bundles and `--`, and treats a short option followed by
//! punctuation (`-q=2`, `-oAPT::Get=1`, `-Dkey=value`) as one option with
//! an attached value.

use crate::text::TextRange;

use super::word::Word;

/// Which options of a command take a value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OptionSpec<'a> {
    /// Short option letters that take a value: `-o VALUE` or `-oVALUE`.
    pub short_with_value: &'a str,
    /// Long options that take a value, written with their dashes
    /// (`"--output"`, or `"-ldflags"` with [`OptionSpec::single_dash_long`]):
    /// `--output VALUE` or `--output=VALUE`.
    pub long_with_value: &'a [&'a str],
    /// Options are whole words after one dash (`go build -ldflags x`,
    /// `find -name x`); there are no bundles.
    pub single_dash_long: bool,
    /// Options end at the first operand (POSIX `getopt`, wrappers like
    /// `sudo`/`env`, `sh -c`); otherwise options may follow operands (GNU).
    pub stop_at_operand: bool,
}

impl OptionSpec<'static> {
    /// No option takes a value; options may appear anywhere.
    pub const NONE: OptionSpec<'static> = OptionSpec {
        short_with_value: "",
        long_with_value: &[],
        single_dash_long: false,
        stop_at_operand: false,
    };
}

impl<'a> OptionSpec<'a> {
    pub const fn new(short_with_value: &'a str, long_with_value: &'a [&'a str]) -> Self {
        OptionSpec {
            short_with_value,
            long_with_value,
            single_dash_long: false,
            stop_at_operand: false,
        }
    }

    /// Options end at the first operand.
    pub const fn posix(mut self) -> Self {
        self.stop_at_operand = true;
        self
    }

    /// Options are whole words after one dash (no bundles).
    pub const fn single_dash(mut self) -> Self {
        self.single_dash_long = true;
        self
    }

    fn short_takes_value(&self, letter: char) -> bool {
        self.short_with_value.contains(letter)
    }

    fn long_takes_value(&self, name: &str) -> bool {
        self.long_with_value.contains(&name)
    }
}

/// One option as given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedOption {
    /// The option's name with its dashes: `-y`, `--yes`, `-ldflags`. For a
    /// letter in a bundle (`-qy`) this is that letter alone (`-y`).
    pub name: String,
    pub value: Option<OptionValue>,
    /// The option as written: the letter inside a bundle, the whole
    /// `--opt=value` word, otherwise the option word (without a separate value).
    pub range: TextRange,
    /// The whole word the option is in.
    pub word_range: TextRange,
    /// Index of that word in the parsed slice.
    pub word_index: usize,
    /// The option shares its word with other letters (`-qy`).
    pub in_bundle: bool,
}

/// The value given to an option.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionValue {
    /// The value with quotes removed (expansions kept as written).
    pub text: String,
    pub range: TextRange,
    pub dynamic: bool,
    /// Given as the next word (`-o file`) rather than attached (`-ofile`, `--o=file`).
    pub separate: bool,
}

/// Options and operands of a command line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedArgs<'a> {
    pub options: Vec<ParsedOption>,
    /// The words that are not options or option values, in order.
    pub operands: Vec<&'a Word>,
    /// Index of each operand in the parsed slice.
    pub operand_indices: Vec<usize>,
    /// Index of a `--` that ended the options.
    pub end_of_options: Option<usize>,
}

impl<'a> ParsedArgs<'a> {
    /// Whether the option `name` (`-y`, `--yes`) was given.
    pub fn has(&self, name: &str) -> bool {
        self.options.iter().any(|o| o.name == name)
    }

    /// Whether any of `names` was given.
    pub fn has_any(&self, names: &[&str]) -> bool {
        self.options
            .iter()
            .any(|o| names.contains(&o.name.as_str()))
    }

    /// The first occurrence of any of `names`.
    pub fn find(&self, names: &[&str]) -> Option<&ParsedOption> {
        self.options
            .iter()
            .find(|o| names.contains(&o.name.as_str()))
    }

    /// The value of the last occurrence of any of `names`.
    pub fn value(&self, names: &[&str]) -> Option<&str> {
        self.options
            .iter()
            .rev()
            .filter(|o| names.contains(&o.name.as_str()))
            .find_map(|o| o.value.as_ref().map(|v| v.text.as_str()))
    }

    /// The values of every occurrence of any of `names`.
    pub fn values(&self, names: &[&str]) -> Vec<&OptionValue> {
        self.options
            .iter()
            .filter(|o| names.contains(&o.name.as_str()))
            .filter_map(|o| o.value.as_ref())
            .collect()
    }

    /// How many times any of `names` was given (`-qq` counts 2).
    pub fn count(&self, names: &[&str]) -> usize {
        self.options
            .iter()
            .filter(|o| names.contains(&o.name.as_str()))
            .count()
    }
}

fn value_of(word: &Word, from: usize, separate: bool) -> OptionValue {
    OptionValue {
        text: word.value.get(from..).unwrap_or("").to_owned(),
        range: if from == 0 {
            word.range
        } else {
            word.value_range(from, word.value.len())
        },
        dynamic: word.dynamic,
        separate,
    }
}

/// Split `words` (a command's arguments, without its name) into options and operands.
pub fn parse_options<'a>(words: &'a [Word], spec: &OptionSpec) -> ParsedArgs<'a> {
    let mut parsed = ParsedArgs::default();
    let mut only_operands = false;
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        let text = word.value.as_str();
        let index = i;
        i += 1;
        if only_operands || !text.starts_with('-') || text.len() == 1 {
            parsed.operands.push(word);
            parsed.operand_indices.push(index);
            if spec.stop_at_operand {
                only_operands = true;
            }
            continue;
        }
        if text == "--" {
            only_operands = true;
            parsed.end_of_options = Some(index);
            continue;
        }
        let long = text.starts_with("--") || spec.single_dash_long;
        if long {
            let (name, attached) = match text.find('=') {
                Some(eq) => (&text[..eq], Some(eq + 1)),
                None => (text, None),
            };
            let value = match attached {
                Some(from) => Some(value_of(word, from, false)),
                None if spec.long_takes_value(name) && i < words.len() => {
                    i += 1;
                    Some(value_of(&words[i - 1], 0, true))
                }
                None => None,
            };
            parsed.options.push(ParsedOption {
                name: name.to_owned(),
                value,
                range: word.range,
                word_range: word.range,
                word_index: index,
                in_bundle: false,
            });
            continue;
        }
        // A bundle of short options after one dash.
        let body = &text[1..];
        let simple_bundle = body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'#' | b'?' | b'@'));
        let in_bundle = body.chars().count() > 1;
        for (offset, letter) in body.char_indices() {
            let at = 1 + offset;
            let after = at + letter.len_utf8();
            let name = format!("-{letter}");
            let takes_value = spec.short_takes_value(letter);
            if takes_value || !simple_bundle {
                // The rest of the word is the value; without a spec, strip
                // the `=` of `-q=2`.
                let mut from = after;
                if !takes_value && text[after..].starts_with('=') {
                    from += 1;
                }
                let value = if from < text.len() {
                    Some(value_of(word, from, false))
                } else if takes_value && i < words.len() {
                    i += 1;
                    Some(value_of(&words[i - 1], 0, true))
                } else {
                    None
                };
                let range = if from < text.len() {
                    word.value_range(at, text.len())
                } else {
                    word.value_range(at, after)
                };
                parsed.options.push(ParsedOption {
                    name,
                    value,
                    range: if in_bundle && offset > 0 {
                        range
                    } else {
                        word.range
                    },
                    word_range: word.range,
                    word_index: index,
                    in_bundle: in_bundle && offset > 0,
                });
                break;
            }
            parsed.options.push(ParsedOption {
                name,
                value: None,
                range: if in_bundle {
                    word.value_range(at, after)
                } else {
                    word.range
                },
                word_range: word.range,
                word_index: index,
                in_bundle,
            });
        }
    }
    parsed
}
