//! `.env` files, read the way compose does.
//!
//! - `KEY=VALUE`, optionally prefixed by `export `; `KEY: VALUE` is accepted too;
//! - blank lines and lines starting with `#` are ignored;
//! - unquoted values end at a ` #` comment and are trimmed;
//! - `'single quoted'` values are literal and may span lines;
//! - `"double quoted"` values may span lines and understand `\n`, `\t`,
//!   `\\`, `\"` and `\$`;
//! - unquoted and double-quoted values interpolate `${VAR}` from the
//!   variables defined above them and from the environment;
//! - a bare `KEY` takes its value from the environment, if set.

use super::interpolate::{self, TemplateProblem};
use crate::text::TextRange;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DotEnvVariable {
    pub name: String,
    pub value: String,
    /// Byte range of the whole assignment in the `.env` text.
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DotEnvProblem {
    pub message: String,
    pub range: TextRange,
    pub is_error: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DotEnv {
    /// In file order; a later definition of the same name wins.
    pub variables: Vec<DotEnvVariable>,
    pub problems: Vec<DotEnvProblem>,
}

impl DotEnv {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.variables
            .iter()
            .rev()
            .find(|v| v.name == name)
            .map(|v| v.value.as_str())
    }
}

/// Parse `.env` text; `environment` answers for names it does not define.
pub fn parse(text: &str, environment: &dyn Fn(&str) -> Option<String>) -> DotEnv {
    let mut env = DotEnv::default();
    let mut pos = 0;
    let bytes = text.as_bytes();
    while pos < bytes.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = &text[pos..line_end];
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.trim().is_empty() || trimmed.starts_with('#') {
            pos = line_end + 1;
            continue;
        }
        let statement_start = pos + indent;
        let body = trimmed
            .strip_prefix("export ")
            .map_or(trimmed, str::trim_start);
        let body_start = line_end - body.len();
        let separator = body.find(['=', ':']);
        let Some(separator) = separator else {
            // A bare name: inherit from the environment.
            let name = body.trim();
            if is_valid_name(name) {
                if let Some(value) = environment(name) {
                    env.variables.push(DotEnvVariable {
                        name: name.to_string(),
                        value,
                        range: TextRange::new(statement_start, line_end),
                    });
                }
            } else {
                env.problems.push(DotEnvProblem {
                    message: format!("unexpected character in variable name {name:?}"),
                    range: TextRange::new(statement_start, line_end),
                    is_error: true,
                });
            }
            pos = line_end + 1;
            continue;
        };
        let name = body[..separator].trim();
        if !is_valid_name(name) {
            env.problems.push(DotEnvProblem {
                message: format!("unexpected character in variable name {name:?}"),
                range: TextRange::new(statement_start, body_start + separator),
                is_error: true,
            });
            pos = line_end + 1;
            continue;
        }
        let value_start = body_start + separator + 1;
        let rest = &text[value_start..];
        let lead = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let value_start = value_start + lead;
        let (value, statement_end) = match bytes.get(value_start) {
            Some(&quote @ (b'\'' | b'"')) => {
                match find_closing_quote(text, value_start + 1, quote) {
                    Some(close) => {
                        let raw = &text[value_start + 1..close];
                        let mut problems = Vec::new();
                        let value = if quote == b'"' {
                            let unescaped = unescape_double_quoted(raw);
                            expand(
                                &unescaped,
                                &env,
                                environment,
                                value_start + 1,
                                &mut problems,
                            )
                        } else {
                            raw.to_string()
                        };
                        env.problems.extend(problems);
                        let end = text[close..].find('\n').map_or(text.len(), |i| close + i);
                        (value, end)
                    }
                    None => {
                        env.problems.push(DotEnvProblem {
                            message: format!("unterminated quoted value for {name}"),
                            range: TextRange::new(statement_start, line_end),
                            is_error: true,
                        });
                        pos = line_end + 1;
                        continue;
                    }
                }
            }
            _ => {
                let raw = strip_inline_comment(&text[value_start..line_end]).trim();
                let mut problems = Vec::new();
                let value = expand(raw, &env, environment, value_start, &mut problems);
                env.problems.extend(problems);
                (value, line_end)
            }
        };
        env.variables.push(DotEnvVariable {
            name: name.to_string(),
            value,
            range: TextRange::new(statement_start, statement_end),
        });
        pos = statement_end + 1;
    }
    env
}

fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

fn find_closing_quote(text: &str, from: usize, quote: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        if quote == b'"' && bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == quote {
            return Some(i);
        }
        i += 1;
    }
    None
}

fn unescape_double_quoted(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            // `\$` stays escaped as `$$` so interpolation yields a literal `$`.
            Some('$') => out.push_str("$$"),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// A `#` preceded by whitespace starts a comment in an unquoted value.
fn strip_inline_comment(value: &str) -> &str {
    let bytes = value.as_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'#' && (i == 0 || matches!(bytes[i - 1], b' ' | b'\t')) {
            return &value[..i];
        }
    }
    value
}

fn expand(
    raw: &str,
    env: &DotEnv,
    environment: &dyn Fn(&str) -> Option<String>,
    offset: usize,
    problems: &mut Vec<DotEnvProblem>,
) -> String {
    if !interpolate::needs_substitution(raw) {
        return raw.to_string();
    }
    let lookup = |name: &str| environment(name).or_else(|| env.get(name).map(str::to_string));
    let result = interpolate::substitute(raw, &lookup);
    for problem in &result.problems {
        // Inside `.env`, an unset variable silently expands to nothing.
        if matches!(problem, TemplateProblem::Unset { .. }) {
            continue;
        }
        let (start, end) = problem.span();
        problems.push(DotEnvProblem {
            message: problem.message(raw),
            range: TextRange::new(offset + start, offset + end),
            is_error: true,
        });
    }
    result.value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn assignments_quotes_comments_and_export() {
        let text = "# comment\nA=1\nexport B = two words # note\nC='lit $A'\nD=\"x\\ny $A\"\nE: colon\n\nF=\n";
        let env = parse(text, &no_env);
        assert!(env.problems.is_empty(), "{:?}", env.problems);
        assert_eq!(env.get("A"), Some("1"));
        assert_eq!(env.get("B"), Some("two words"));
        assert_eq!(env.get("C"), Some("lit $A"));
        assert_eq!(env.get("D"), Some("x\ny 1"));
        assert_eq!(env.get("E"), Some("colon"));
        assert_eq!(env.get("F"), Some(""));
    }

    #[test]
    fn multi_line_quoted_values() {
        let env = parse("KEY=\"line1\nline2\"\nNEXT=ok\n", &no_env);
        assert_eq!(env.get("KEY"), Some("line1\nline2"));
        assert_eq!(env.get("NEXT"), Some("ok"));
    }

    #[test]
    fn interpolation_uses_earlier_values_and_the_environment() {
        let environment = |name: &str| (name == "HOME").then(|| "/root".to_string());
        let env = parse("A=x\nB=${A}-${HOME}\nC=${MISSING:-d}\nHOME\n", &environment);
        assert_eq!(env.get("B"), Some("x-/root"));
        assert_eq!(env.get("C"), Some("d"));
        assert_eq!(env.get("HOME"), Some("/root"));
    }

    #[test]
    fn later_definitions_win_and_bad_lines_are_reported() {
        let env = parse("A=1\nA=2\nBAD NAME=3\nQ='open\n", &no_env);
        assert_eq!(env.get("A"), Some("2"));
        assert_eq!(env.problems.len(), 2);
    }
}
