//! The shape of the generated schema tables (`generated.rs`).
//!
//! Only the JSON-schema keywords the compose-spec schema uses exist here; the
//! generator (`crate/tests/compose_schema_codegen.rs`) refuses any other, so a
//! schema update that needs a new keyword fails loudly instead of being
//! silently ignored.

pub const T_NULL: u8 = 1;
pub const T_BOOLEAN: u8 = 2;
pub const T_INTEGER: u8 = 4;
pub const T_NUMBER: u8 = 8;
pub const T_STRING: u8 = 16;
pub const T_ARRAY: u8 = 32;
pub const T_OBJECT: u8 = 64;

/// The regular expressions of the schema, each implemented by hand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pattern {
    /// `^x-`
    Extension,
    /// `^[a-zA-Z0-9._-]+$`
    ResourceName,
    /// `^.+$` and `.+`
    NonEmpty,
    /// `^[a-z]+$`
    Lowercase,
    /// `[a-zA-Z0-9][a-zA-Z0-9_.-]+` (unanchored, as in the schema)
    ContainerName,
    /// `always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+`
    /// (unanchored, as in the schema)
    PullPolicy,
}

impl Pattern {
    pub fn matches(self, text: &str) -> bool {
        match self {
            Pattern::Extension => text.starts_with("x-"),
            Pattern::ResourceName => {
                !text.is_empty()
                    && text
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
            }
            Pattern::NonEmpty => !text.is_empty() && !text.contains('\n'),
            Pattern::Lowercase => !text.is_empty() && text.bytes().all(|b| b.is_ascii_lowercase()),
            Pattern::ContainerName => {
                let bytes = text.as_bytes();
                bytes.windows(2).any(|w| {
                    w[0].is_ascii_alphanumeric()
                        && (w[1].is_ascii_alphanumeric() || matches!(w[1], b'_' | b'.' | b'-'))
                })
            }
            Pattern::PullPolicy => {
                const WORDS: [&str; 8] = [
                    "always",
                    "never",
                    "build",
                    "if_not_present",
                    "missing",
                    "refresh",
                    "daily",
                    "weekly",
                ];
                WORDS.iter().any(|w| text.contains(w)) || contains_every_interval(text)
            }
        }
    }

    /// Words for a message ("letters, digits, '.', '_' or '-'").
    pub fn describe(self) -> &'static str {
        match self {
            Pattern::Extension => "a name starting with \"x-\"",
            Pattern::ResourceName => "only letters, digits, '.', '_' and '-'",
            Pattern::NonEmpty => "a non-empty single-line name",
            Pattern::Lowercase => "lowercase letters only",
            Pattern::ContainerName => {
                "a letter or digit followed by letters, digits, '_', '.' or '-'"
            }
            Pattern::PullPolicy => {
                "always, never, missing, build, if_not_present, refresh, daily, weekly or every_<duration>"
            }
        }
    }
}

/// `every_([0-9]+[wdhms])+` somewhere in `text`.
fn contains_every_interval(text: &str) -> bool {
    let mut rest = text;
    while let Some(at) = rest.find("every_") {
        let after = &rest[at + "every_".len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0
            && matches!(
                after.as_bytes().get(digits),
                Some(b'w' | b'd' | b'h' | b'm' | b's')
            )
        {
            return true;
        }
        rest = &rest[at + 1..];
    }
    false
}

#[derive(Clone, Copy, Debug)]
pub struct Property {
    pub name: &'static str,
    pub schema: u16,
}

#[derive(Clone, Copy, Debug)]
pub struct PatternProperty {
    pub pattern: Pattern,
    pub schema: u16,
}

/// One schema object, with every `$ref` already resolved to an index.
#[derive(Clone, Copy, Debug)]
pub struct SchemaNode {
    /// Bit set of `T_*`; 0 means any type.
    pub types: u8,
    pub properties: &'static [Property],
    pub pattern_properties: &'static [PatternProperty],
    /// `additionalProperties` (absent means allowed).
    pub additional_properties: bool,
    pub required: &'static [&'static str],
    pub items: Option<u16>,
    pub unique_items: bool,
    pub enumeration: &'static [&'static str],
    pub one_of: &'static [u16],
    pub minimum: Option<i64>,
    pub maximum: Option<i64>,
    pub pattern: Option<Pattern>,
    pub deprecated: bool,
}

impl SchemaNode {
    pub const EMPTY: SchemaNode = SchemaNode {
        types: 0,
        properties: &[],
        pattern_properties: &[],
        additional_properties: true,
        required: &[],
        items: None,
        unique_items: false,
        enumeration: &[],
        one_of: &[],
        minimum: None,
        maximum: None,
        pattern: None,
        deprecated: false,
    };
}

/// `"a string"`, `"a string or an array"`: the allowed types in words.
pub fn describe_types(types: u8) -> String {
    let mut words = Vec::new();
    if types & T_STRING != 0 {
        words.push("a string");
    }
    if types & T_NUMBER != 0 {
        words.push("a number");
    } else if types & T_INTEGER != 0 {
        words.push("an integer");
    }
    if types & T_BOOLEAN != 0 {
        words.push("a boolean");
    }
    if types & T_ARRAY != 0 {
        words.push("a list");
    }
    if types & T_OBJECT != 0 {
        words.push("a mapping");
    }
    if types & T_NULL != 0 {
        words.push("null");
    }
    match words.len() {
        0 => "anything".to_string(),
        1 => words[0].to_string(),
        n => format!("{} or {}", words[..n - 1].join(", "), words[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_behave_like_the_schema_regexes() {
        assert!(Pattern::ResourceName.matches("web-1.a_b"));
        assert!(!Pattern::ResourceName.matches("my web"));
        assert!(Pattern::ContainerName.matches("db"));
        assert!(!Pattern::ContainerName.matches("_"));
        assert!(Pattern::PullPolicy.matches("every_12h"));
        assert!(Pattern::PullPolicy.matches("missing"));
        assert!(!Pattern::PullPolicy.matches("sometimes"));
        assert!(Pattern::Lowercase.matches("nofile"));
        assert!(!Pattern::Lowercase.matches("NOFILE"));
    }

    #[test]
    fn type_words() {
        assert_eq!(describe_types(T_STRING), "a string");
        assert_eq!(describe_types(T_STRING | T_OBJECT), "a string or a mapping");
        assert_eq!(
            describe_types(T_INTEGER | T_STRING | T_ARRAY),
            "a string, an integer or a list"
        );
    }
}
