//! One function per instruction, turning the argument text into typed
//! [`Args`] — the counterpart of BuildKit's line parsers and
//! `instructions/parse.go`, with the same error messages and exact ranges.

use super::ast::{ArgDecl, Args, Command, KeyValue, Keyword, SourceMap, Token};
use super::json::{self, JsonArray};
use super::words::{self, is_field_space, Word};
use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::text::TextRange;

/// The code of the "invalid JSON silently becomes shell form" warning.
pub const INVALID_JSON_CODE: &str = "LL1010";

/// Everything an argument parser needs: the joined line, where the
/// arguments are in it, and how to map offsets back to the source.
pub(super) struct ArgContext<'a> {
    pub joined: &'a str,
    /// Logical offsets of the (trimmed) argument text in `joined`.
    pub start: usize,
    pub end: usize,
    pub map: &'a SourceMap,
    pub escape: char,
    pub keyword: Keyword,
    pub keyword_range: TextRange,
    pub diagnostics: &'a mut Vec<Diagnostic>,
}

impl ArgContext<'_> {
    fn text(&self) -> &str {
        &self.joined[self.start..self.end]
    }

    /// Source range of `[start, end)` relative to the argument text.
    fn range(&self, start: usize, end: usize) -> TextRange {
        self.map.range(self.start + start, self.start + end)
    }

    fn whole(&self) -> Token {
        Token::new(self.text(), self.range(0, self.text().len()))
    }

    fn token(&self, word: &Word) -> Token {
        Token::new(word.value.clone(), self.range(word.start, word.end))
    }

    /// Where to report a problem with the arguments as a whole: the
    /// arguments if there are any, else the keyword.
    fn args_or_keyword(&self) -> TextRange {
        if self.text().is_empty() {
            self.keyword_range
        } else {
            self.range(0, self.text().len())
        }
    }

    fn error(&mut self, range: TextRange, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::syntax(range, message));
    }

    fn invalid(&self) -> Args {
        Args::Invalid(self.whole())
    }
}

/// Parse the arguments of `ctx.keyword` (everything but ONBUILD, which the
/// caller handles because it recurses into another instruction).
pub(super) fn parse_args(ctx: &mut ArgContext<'_>) -> Args {
    match ctx.keyword {
        Keyword::From => from(ctx),
        Keyword::Run => run(ctx),
        Keyword::Cmd | Keyword::Entrypoint => cmd_or_entrypoint(ctx),
        Keyword::Shell => shell(ctx),
        Keyword::Copy | Keyword::Add => copy_or_add(ctx),
        Keyword::Env | Keyword::Label => env_or_label(ctx),
        Keyword::Arg => arg(ctx),
        Keyword::Expose => expose(ctx),
        Keyword::Volume => volume(ctx),
        Keyword::User | Keyword::Workdir | Keyword::Stopsignal | Keyword::Maintainer => single(ctx),
        Keyword::Healthcheck => healthcheck(ctx),
        Keyword::Onbuild | Keyword::Unknown => ctx.invalid(),
    }
}

fn from(ctx: &mut ArgContext<'_>) -> Args {
    let words = words::split_whitespace(ctx.text(), 0);
    match words.as_slice() {
        [image] => Args::From {
            image: ctx.token(image),
            as_keyword: None,
            stage_name: None,
        },
        [image, as_kw, name] if as_kw.value.eq_ignore_ascii_case("as") => {
            let name_token = ctx.token(name);
            let lower = name.value.to_ascii_lowercase();
            if !valid_stage_name(&lower) {
                ctx.error(
                    name_token.range,
                    format!(
                        "invalid name for build stage: \"{}\", name can't start with a number or contain symbols",
                        name.value
                    ),
                );
            }
            Args::From {
                image: ctx.token(image),
                as_keyword: Some(ctx.token(as_kw)),
                stage_name: Some(name_token),
            }
        }
        _ => {
            let range = ctx.args_or_keyword();
            let hint = match words.as_slice() {
                [] => " (FROM image [AS name])",
                [_, second] if second.value.eq_ignore_ascii_case("as") => {
                    ": the stage name after AS is missing"
                }
                [_, _, _] => ": expected AS between the image and the stage name",
                _ => " (FROM image [AS name])",
            };
            ctx.error(
                range,
                format!("FROM requires either one or three arguments{hint}"),
            );
            match words.first() {
                Some(image) => Args::From {
                    image: ctx.token(image),
                    as_keyword: None,
                    stage_name: None,
                },
                None => ctx.invalid(),
            }
        }
    }
}

/// BuildKit's `^[a-z][a-z0-9-_.]*$`, applied to the lower-cased name.
pub fn valid_stage_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z'))
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '-' | '_' | '.'))
}

/// `parseMaybeJSON`: exec form if the text is a JSON array of strings,
/// an error if it is JSON with other elements, shell form otherwise.
fn maybe_json(ctx: &mut ArgContext<'_>) -> Option<Command> {
    let text = ctx.text();
    if text.is_empty() {
        return None;
    }
    if text.starts_with('[') {
        match json::parse_array(text) {
            JsonArray::Strings { elements, end } => {
                let elements = elements
                    .iter()
                    .map(|e| Token::new(e.value.clone(), ctx.range(e.start, e.end)))
                    .collect();
                return Some(Command::Exec {
                    elements,
                    range: ctx.range(0, end),
                });
            }
            JsonArray::NotStrings { start, end } => {
                let range = ctx.range(start, end);
                ctx.error(
                    range,
                    "when using JSON array syntax, arrays must be comprised of strings only",
                );
            }
            JsonArray::Invalid { at, unterminated } => report_invalid_json(ctx, at, unterminated),
        }
    }
    Some(Command::Shell(ctx.whole()))
}

/// Text that looks like exec form but is not valid JSON runs as a shell
/// command in BuildKit. An unterminated array can only fail at run time, so
/// it is an error; other near-misses (single quotes, trailing text) are a
/// warning with their own code.
fn report_invalid_json(ctx: &mut ArgContext<'_>, at: usize, unterminated: bool) {
    let len = ctx.text().len();
    let whole = ctx.range(0, len);
    let keyword = ctx.keyword.as_str();
    if unterminated {
        ctx.error(
            whole,
            format!("unterminated JSON array: expected `]`; BuildKit would run this {keyword} as a shell command"),
        );
        return;
    }
    let text = ctx.text();
    let trailing = text
        .rfind(']')
        .map(|close| text[close + 1..].trim())
        .unwrap_or("");
    let reason = if text.contains('\'') && !text.contains('"') {
        "JSON strings need double quotes, not single quotes".to_string()
    } else if trailing.starts_with('#') {
        "text after `]`; a `#` there is not a comment".to_string()
    } else if !trailing.is_empty() {
        format!("text after the closing `]`: `{trailing}`")
    } else {
        format!("invalid JSON at column {}", at + 1)
    };
    ctx.diagnostics.push(Diagnostic::new(
        INVALID_JSON_CODE,
        Severity::Warning,
        Category::Correctness,
        whole,
        format!("{keyword} arguments look like JSON (exec) form but are not valid JSON ({reason}); BuildKit runs them as a shell command"),
    ));
}

fn run(ctx: &mut ArgContext<'_>) -> Args {
    match maybe_json(ctx) {
        Some(command) => Args::Command(command),
        None => {
            let range = ctx.keyword_range;
            ctx.error(range, "RUN requires at least one argument");
            ctx.invalid()
        }
    }
}

fn cmd_or_entrypoint(ctx: &mut ArgContext<'_>) -> Args {
    // BuildKit accepts an empty CMD/ENTRYPOINT (it clears the value).
    match maybe_json(ctx) {
        Some(command) => Args::Command(command),
        None => Args::Command(Command::Exec {
            elements: Vec::new(),
            range: ctx.keyword_range,
        }),
    }
}

fn shell(ctx: &mut ArgContext<'_>) -> Args {
    match maybe_json(ctx) {
        Some(Command::Exec { elements, range }) if elements.is_empty() => {
            ctx.error(range, "SHELL requires at least one argument");
            Args::Command(Command::Exec { elements, range })
        }
        Some(Command::Shell(token)) => {
            if !ctx
                .diagnostics
                .iter()
                .any(|d| token.range.contains_range(d.range))
            {
                ctx.error(
                    token.range,
                    "SHELL requires the arguments to be in JSON form, e.g. SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]",
                );
            }
            Args::Command(Command::Shell(token))
        }
        Some(command) => Args::Command(command),
        None => {
            let range = ctx.keyword_range;
            ctx.error(range, "SHELL requires at least one argument");
            ctx.invalid()
        }
    }
}

/// `parseMaybeJSONToList`: a JSON array of strings, or whitespace-separated
/// words. Returns the items and whether JSON was used.
fn json_or_words(ctx: &mut ArgContext<'_>) -> (Vec<Token>, bool) {
    let text = ctx.text();
    if text.starts_with('[') {
        match json::parse_array(text) {
            JsonArray::Strings { elements, .. } => {
                let items = elements
                    .iter()
                    .map(|e| Token::new(e.value.clone(), ctx.range(e.start, e.end)))
                    .collect();
                return (items, true);
            }
            JsonArray::NotStrings { start, end } => {
                let range = ctx.range(start, end);
                ctx.error(
                    range,
                    "when using JSON array syntax, arrays must be comprised of strings only",
                );
            }
            JsonArray::Invalid { at, unterminated } => report_invalid_json(ctx, at, unterminated),
        }
    }
    let items = words::split_whitespace(ctx.text(), 0)
        .iter()
        .map(|w| ctx.token(w))
        .collect();
    (items, false)
}

fn copy_or_add(ctx: &mut ArgContext<'_>) -> Args {
    let (mut items, json) = json_or_words(ctx);
    let name = ctx.keyword.as_str();
    if items.len() < 2 {
        let range = ctx.args_or_keyword();
        let message = if items.is_empty() {
            format!("{name} requires at least two arguments: one or more sources and a destination")
        } else {
            format!("{name} requires at least two arguments, but only one was provided. Destination could not be determined")
        };
        ctx.error(range, message);
        return ctx.invalid();
    }
    let destination = items.pop().expect("at least two items");
    if super::heredoc::parse_marker(&destination.text).is_some() {
        ctx.error(
            destination.range,
            format!("{name} cannot accept a heredoc as a destination"),
        );
    }
    Args::Paths {
        json,
        sources: items,
        destination,
    }
}

fn env_or_label(ctx: &mut ArgContext<'_>) -> Args {
    let name = ctx.keyword.as_str();
    let text = ctx.text().to_string();
    let words = words::split_quoted_words(&text, 0, ctx.escape);
    let Some(first) = words.first() else {
        let range = ctx.keyword_range;
        ctx.error(range, format!("{name} requires at least one argument"));
        return ctx.invalid();
    };
    if !first.value.contains('=') {
        // Legacy `ENV key value`: the key is the first blank-separated word,
        // the value everything after the blanks that follow it.
        let key_end = text.find(is_field_space).unwrap_or(text.len());
        let value_start = text[key_end..]
            .find(|c: char| !is_field_space(c))
            .map(|i| key_end + i);
        let Some(value_start) = value_start else {
            let range = ctx.args_or_keyword();
            ctx.error(
                range,
                format!(
                    "{name} must have two arguments (write {name} {}=value)",
                    &text[..key_end]
                ),
            );
            return ctx.invalid();
        };
        let pair = KeyValue {
            key: Token::new(&text[..key_end], ctx.range(0, key_end)),
            value: Token::new(&text[value_start..], ctx.range(value_start, text.len())),
            legacy: true,
            range: ctx.range(0, text.len()),
        };
        return Args::KeyValues(vec![pair]);
    }
    let mut pairs = Vec::new();
    for word in &words {
        let Some(eq) = word.value.find('=') else {
            let range = ctx.range(word.start, word.end);
            ctx.error(
                range,
                format!(
                    "Syntax error - can't find = in \"{}\". Must be of the form: name=value",
                    word.value
                ),
            );
            continue;
        };
        if eq == 0 {
            let range = ctx.range(word.start, word.end);
            ctx.error(range, format!("{name} names can not be blank"));
            continue;
        }
        // Words keep their raw text, so `eq` is an offset into the source word.
        pairs.push(KeyValue {
            key: Token::new(&word.value[..eq], ctx.range(word.start, word.start + eq)),
            value: Token::new(
                &word.value[eq + 1..],
                ctx.range(word.start + eq + 1, word.end),
            ),
            legacy: false,
            range: ctx.range(word.start, word.end),
        });
    }
    Args::KeyValues(pairs)
}

fn arg(ctx: &mut ArgContext<'_>) -> Args {
    let text = ctx.text().to_string();
    let words = words::split_quoted_words(&text, 0, ctx.escape);
    if words.is_empty() {
        let range = ctx.keyword_range;
        ctx.error(range, "ARG requires at least one argument");
        return ctx.invalid();
    }
    let mut decls = Vec::new();
    for word in &words {
        let range = ctx.range(word.start, word.end);
        match word.value.find('=') {
            Some(0) => ctx.error(range, "ARG names can not be blank"),
            Some(eq) => decls.push(ArgDecl {
                name: Token::new(&word.value[..eq], ctx.range(word.start, word.start + eq)),
                default: Some(Token::new(
                    &word.value[eq + 1..],
                    ctx.range(word.start + eq + 1, word.end),
                )),
                range,
            }),
            None => decls.push(ArgDecl {
                name: ctx.token(word),
                default: None,
                range,
            }),
        }
    }
    Args::Arg(decls)
}

fn expose(ctx: &mut ArgContext<'_>) -> Args {
    let items: Vec<Token> = words::split_whitespace(ctx.text(), 0)
        .iter()
        .map(|w| ctx.token(w))
        .collect();
    if items.is_empty() {
        let range = ctx.keyword_range;
        ctx.error(range, "EXPOSE requires at least one argument");
        return ctx.invalid();
    }
    Args::List { json: false, items }
}

fn volume(ctx: &mut ArgContext<'_>) -> Args {
    let (items, json) = json_or_words(ctx);
    if items.is_empty() {
        let range = ctx.args_or_keyword();
        ctx.error(range, "VOLUME requires at least one argument");
        return ctx.invalid();
    }
    for item in &items {
        if item.text.trim().is_empty() {
            ctx.error(item.range, "VOLUME specified can not be an empty string");
        }
    }
    Args::List { json, items }
}

fn single(ctx: &mut ArgContext<'_>) -> Args {
    if ctx.text().is_empty() {
        let range = ctx.keyword_range;
        let name = ctx.keyword.as_str();
        ctx.error(range, format!("{name} requires exactly one argument"));
        return ctx.invalid();
    }
    Args::Single(ctx.whole())
}

fn healthcheck(ctx: &mut ArgContext<'_>) -> Args {
    let text = ctx.text();
    if text.is_empty() {
        let range = ctx.keyword_range;
        ctx.error(
            range,
            "HEALTHCHECK requires at least one argument (CMD <command> or NONE)",
        );
        return ctx.invalid();
    }
    let type_end = text.find(char::is_whitespace).unwrap_or(text.len());
    let rest_start = text[type_end..]
        .find(|c: char| !c.is_whitespace())
        .map(|i| type_end + i)
        .unwrap_or(text.len());
    let type_token = Token::new(&text[..type_end], ctx.range(0, type_end));
    match type_token.text.to_ascii_uppercase().as_str() {
        "NONE" => {
            if rest_start < text.len() {
                let range = ctx.range(rest_start, text.len());
                ctx.error(range, "HEALTHCHECK NONE takes no arguments");
            }
            Args::HealthcheckNone(type_token)
        }
        "CMD" => {
            let mut sub = ArgContext {
                joined: ctx.joined,
                start: ctx.start + rest_start,
                end: ctx.end,
                map: ctx.map,
                escape: ctx.escape,
                keyword: Keyword::Healthcheck,
                keyword_range: ctx.keyword_range,
                diagnostics: ctx.diagnostics,
            };
            match maybe_json(&mut sub) {
                Some(Command::Exec { elements, range }) if elements.is_empty() => {
                    ctx.error(range, "Missing command after HEALTHCHECK CMD");
                    ctx.invalid()
                }
                Some(command) => Args::HealthcheckCmd {
                    cmd_keyword: type_token,
                    command,
                },
                None => {
                    ctx.error(type_token.range, "Missing command after HEALTHCHECK CMD");
                    ctx.invalid()
                }
            }
        }
        other => {
            ctx.error(
                type_token.range,
                format!("Unknown type \"{other}\" in HEALTHCHECK (try CMD)"),
            );
            ctx.invalid()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_names() {
        for ok in ["builder", "a", "build-env_2.x"] {
            assert!(valid_stage_name(ok), "{ok}");
        }
        for bad in ["1st", "", "-x", "a b", "a/b", "a:b"] {
            assert!(!valid_stage_name(bad), "{bad}");
        }
    }
}
