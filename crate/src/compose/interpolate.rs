//! Variable interpolation, as compose-go's `template` package does it.
//!
//! - `$$` is a literal `$`;
//! - `$VAR` and `${VAR}` substitute (names `[_a-zA-Z][_a-zA-Z0-9]*`);
//! - `${VAR:-d}` / `${VAR-d}`: default when unset-or-empty / unset;
//! - `${VAR:?e}` / `${VAR?e}`: error when unset-or-empty / unset;
//! - `${VAR:+r}` / `${VAR+r}`: replacement when set-and-non-empty / set;
//! - arguments are themselves templates (`${A:-${B:-x}}`) and, as in
//!   compose-go, are evaluated even when not used;
//! - any other `$` (a lone `$`, `$1`, an unclosed `${`) makes the whole value
//!   an `Invalid template`.
//!
//! Offsets in [`VariableUse`] and [`TemplateProblem`] are byte offsets into
//! the template string; callers map them to the file.

/// Nested `${…}` deeper than this is refused (input-controlled recursion).
const MAX_NESTING: usize = 16;

/// A variable reference found while substituting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VariableUse {
    pub name: String,
    /// Byte range of the whole `$…` expression in the template.
    pub start: usize,
    pub end: usize,
    /// The default text (`${VAR:-default}` or `${VAR-default}`), unexpanded.
    pub default: Option<String>,
    /// `${VAR:?…}` or `${VAR?…}`.
    pub required: bool,
    /// Whether the variable had a value.
    pub set: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateProblem {
    /// `The "X" variable is not set. Defaulting to a blank string.`
    Unset {
        name: String,
        start: usize,
        end: usize,
    },
    /// `required variable X is missing a value: message`
    Required {
        name: String,
        message: String,
        start: usize,
        end: usize,
    },
    /// A `$` that starts no valid expression.
    Invalid { start: usize, end: usize },
}

impl TemplateProblem {
    pub fn is_error(&self) -> bool {
        !matches!(self, TemplateProblem::Unset { .. })
    }

    pub fn span(&self) -> (usize, usize) {
        match self {
            TemplateProblem::Unset { start, end, .. }
            | TemplateProblem::Required { start, end, .. }
            | TemplateProblem::Invalid { start, end } => (*start, *end),
        }
    }

    /// compose-go's wording.
    pub fn message(&self, template: &str) -> String {
        match self {
            TemplateProblem::Unset { name, .. } => {
                format!("The {name:?} variable is not set. Defaulting to a blank string.")
            }
            TemplateProblem::Required { name, message, .. } => {
                format!("required variable {name} is missing a value: {message}")
            }
            TemplateProblem::Invalid { .. } => format!("Invalid template: {template:?}"),
        }
    }
}

/// The result of substituting one string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Substituted {
    pub value: String,
    pub variables: Vec<VariableUse>,
    pub problems: Vec<TemplateProblem>,
}

impl Substituted {
    pub fn has_error(&self) -> bool {
        self.problems.iter().any(TemplateProblem::is_error)
    }
}

/// Whether `text` contains anything interpolation would change.
pub fn needs_substitution(text: &str) -> bool {
    text.contains('$')
}

/// Substitute every expression in `template`, looking names up with `lookup`.
pub fn substitute(template: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Substituted {
    let mut out = Substituted::default();
    let mut engine = Engine {
        lookup,
        variables: &mut out.variables,
        problems: &mut out.problems,
    };
    out.value = engine.run(template, 0, 0);
    out
}

struct Engine<'a> {
    lookup: &'a dyn Fn(&str) -> Option<String>,
    variables: &'a mut Vec<VariableUse>,
    problems: &'a mut Vec<TemplateProblem>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Operator {
    SoftDefault,
    HardDefault,
    RequiredNonEmpty,
    Required,
    SoftAlternative,
    HardAlternative,
}

impl<'a> Engine<'a> {
    /// Substitute `text`, which sits at byte `base` of the top-level template.
    fn run(&mut self, text: &str, base: usize, depth: usize) -> String {
        let bytes = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        let mut literal_start = 0;
        while i < bytes.len() {
            if bytes[i] != b'$' {
                i += 1;
                continue;
            }
            out.push_str(&text[literal_start..i]);
            let start = i;
            match bytes.get(i + 1) {
                Some(b'$') => {
                    out.push('$');
                    i += 2;
                }
                Some(b'{') => match closing_brace(text, i) {
                    Some(close) if depth < MAX_NESTING => {
                        let inner = &text[i + 2..close];
                        out.push_str(&self.braced(inner, base + start, base + close + 1, depth));
                        i = close + 1;
                    }
                    _ => {
                        self.problems.push(TemplateProblem::Invalid {
                            start: base + start,
                            end: base + text.len(),
                        });
                        i = bytes.len();
                    }
                },
                Some(&c) if is_name_start(c) => {
                    let name_end = name_end(bytes, i + 1);
                    let name = &text[i + 1..name_end];
                    out.push_str(&self.plain(name, base + start, base + name_end));
                    i = name_end;
                }
                _ => {
                    // Cover the `$` and the character after it, if any.
                    let next_len = text[i + 1..].chars().next().map_or(0, char::len_utf8);
                    self.problems.push(TemplateProblem::Invalid {
                        start: base + start,
                        end: base + i + 1 + next_len,
                    });
                    i += 1;
                }
            }
            literal_start = i;
        }
        out.push_str(&text[literal_start.min(text.len())..]);
        out
    }

    fn plain(&mut self, name: &str, start: usize, end: usize) -> String {
        let value = (self.lookup)(name);
        self.record(name, start, end, None, false, value.is_some());
        value.unwrap_or_else(|| {
            self.problems.push(TemplateProblem::Unset {
                name: name.to_string(),
                start,
                end,
            });
            String::new()
        })
    }

    /// `inner` is the text between `${` and `}`.
    fn braced(&mut self, inner: &str, start: usize, end: usize, depth: usize) -> String {
        let bytes = inner.as_bytes();
        if bytes.is_empty() || !is_name_start(bytes[0]) {
            self.problems.push(TemplateProblem::Invalid { start, end });
            return String::new();
        }
        let name_len = name_end(bytes, 0);
        let name = &inner[..name_len];
        let rest = &inner[name_len..];
        if rest.is_empty() {
            return self.plain(name, start, end);
        }
        let (operator, op_len) = match rest.as_bytes() {
            [b':', b'-', ..] => (Operator::SoftDefault, 2),
            [b':', b'?', ..] => (Operator::RequiredNonEmpty, 2),
            [b':', b'+', ..] => (Operator::SoftAlternative, 2),
            [b'-', ..] => (Operator::HardDefault, 1),
            [b'?', ..] => (Operator::Required, 1),
            [b'+', ..] => (Operator::HardAlternative, 1),
            _ => {
                self.problems.push(TemplateProblem::Invalid { start, end });
                return String::new();
            }
        };
        let argument_text = &rest[op_len..];
        // `start` is at `$`; the argument begins after `${`, the name and the operator.
        let argument_base = start + 2 + name_len + op_len;
        let argument = self.run(argument_text, argument_base, depth + 1);
        let value = (self.lookup)(name);
        let set = value.is_some();
        let non_empty = value.as_deref().is_some_and(|v| !v.is_empty());
        let (default, required) = match operator {
            Operator::SoftDefault | Operator::HardDefault => {
                (Some(argument_text.to_string()), false)
            }
            Operator::Required | Operator::RequiredNonEmpty => (None, true),
            _ => (None, false),
        };
        self.record(name, start, end, default, required, set);
        match operator {
            Operator::SoftDefault if non_empty => value.unwrap_or_default(),
            Operator::SoftDefault => argument,
            Operator::HardDefault if set => value.unwrap_or_default(),
            Operator::HardDefault => argument,
            Operator::RequiredNonEmpty | Operator::Required => {
                let ok = if operator == Operator::Required {
                    set
                } else {
                    non_empty
                };
                if !ok {
                    self.problems.push(TemplateProblem::Required {
                        name: name.to_string(),
                        message: argument,
                        start,
                        end,
                    });
                }
                value.unwrap_or_default()
            }
            Operator::SoftAlternative if non_empty => argument,
            Operator::HardAlternative if set => argument,
            Operator::SoftAlternative | Operator::HardAlternative => String::new(),
        }
    }

    fn record(
        &mut self,
        name: &str,
        start: usize,
        end: usize,
        default: Option<String>,
        required: bool,
        set: bool,
    ) {
        self.variables.push(VariableUse {
            name: name.to_string(),
            start,
            end,
            default,
            required,
            set,
        });
    }
}

fn is_name_start(c: u8) -> bool {
    c == b'_' || c.is_ascii_alphabetic()
}

fn name_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < bytes.len() && (bytes[i] == b'_' || bytes[i].is_ascii_alphanumeric()) {
        i += 1;
    }
    i
}

/// Index of the `}` closing the `${` at `open`, counting nested `${`.
fn closing_brace(text: &str, open: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        if bytes[i] == b'$' && bytes.get(i + 1) == Some(&b'{') {
            depth += 1;
            i += 2;
            continue;
        }
        if bytes[i] == b'}' {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn sub(template: &str, vars: &HashMap<String, String>) -> Substituted {
        substitute(template, &|name| vars.get(name).cloned())
    }

    #[test]
    fn plain_and_braced_variables() {
        let vars = env(&[("TAG", "1.27"), ("EMPTY", "")]);
        assert_eq!(sub("nginx:$TAG", &vars).value, "nginx:1.27");
        assert_eq!(sub("nginx:${TAG}-alpine", &vars).value, "nginx:1.27-alpine");
        assert_eq!(sub("$$TAG and $${TAG}", &vars).value, "$TAG and ${TAG}");
        assert_eq!(sub("x${EMPTY}y", &vars).value, "xy");
    }

    #[test]
    fn defaults_distinguish_unset_from_empty() {
        let vars = env(&[("EMPTY", "")]);
        assert_eq!(sub("${EMPTY:-d}", &vars).value, "d");
        assert_eq!(sub("${EMPTY-d}", &vars).value, "");
        assert_eq!(sub("${UNSET-d}", &vars).value, "d");
        assert_eq!(sub("${UNSET:-${ALSO:-x}}", &vars).value, "x");
        let result = sub("${UNSET:-d}", &vars);
        assert!(result.problems.is_empty());
        assert_eq!(result.variables[0].default.as_deref(), Some("d"));
    }

    #[test]
    fn alternatives() {
        let vars = env(&[("SET", "v"), ("EMPTY", "")]);
        assert_eq!(sub("${SET:+alt}", &vars).value, "alt");
        assert_eq!(sub("${EMPTY:+alt}", &vars).value, "");
        assert_eq!(sub("${EMPTY+alt}", &vars).value, "alt");
        assert_eq!(sub("${UNSET+alt}", &vars).value, "");
    }

    #[test]
    fn required_variables_are_errors() {
        let vars = env(&[("EMPTY", "")]);
        let result = sub("pw=${DB_PASSWORD:?set it in .env}", &vars);
        assert_eq!(
            result.problems[0].message("pw=${DB_PASSWORD:?set it in .env}"),
            "required variable DB_PASSWORD is missing a value: set it in .env"
        );
        assert_eq!(result.problems[0].span(), (3, 33));
        assert!(result.has_error());
        assert!(sub("${EMPTY:?e}", &vars).has_error());
        assert!(!sub("${EMPTY?e}", &vars).has_error());
    }

    #[test]
    fn unset_variables_warn_at_their_position() {
        let result = sub("a ${X} $Y", &env(&[]));
        assert_eq!(result.value, "a  ");
        assert_eq!(result.problems.len(), 2);
        assert_eq!(result.problems[0].span(), (2, 6));
        assert_eq!(result.problems[1].span(), (7, 9));
        assert_eq!(
            result.problems[1].message("a ${X} $Y"),
            "The \"Y\" variable is not set. Defaulting to a blank string."
        );
        assert!(!result.has_error());
    }

    #[test]
    fn invalid_templates() {
        for bad in ["pa$", "pa$1x", "${", "${1}", "${X:x}", "${X", "$ "] {
            let result = sub(bad, &env(&[]));
            assert!(result.has_error(), "{bad}");
            assert_eq!(
                result
                    .problems
                    .iter()
                    .find(|p| p.is_error())
                    .unwrap()
                    .message(bad),
                format!("Invalid template: {bad:?}")
            );
        }
    }

    #[test]
    fn defaults_are_evaluated_eagerly_like_compose_go() {
        let result = sub("${SET:-$OTHER}", &env(&[("SET", "x")]));
        assert_eq!(result.value, "x");
        assert!(
            matches!(&result.problems[0], TemplateProblem::Unset { name, .. } if name == "OTHER")
        );
    }

    #[test]
    fn runaway_nesting_is_invalid_not_a_stack_overflow() {
        let template = "${A:-".repeat(10_000) + &"}".repeat(10_000);
        assert!(sub(&template, &env(&[])).has_error());
    }
}
