//! A YAML tree in which every key and value keeps its byte range.
//!
//! Built from `saphyr-parser` events (see [`loader`]) rather than from
//! saphyr's own `MarkedYaml`, because compose needs things that tree does not
//! give: the *use* site of an alias next to its definition, `<<` merge keys,
//! duplicate keys reported with both locations, an alias-expansion budget
//! that fails before memory is spent, and a nesting limit.

pub mod loader;
pub mod offsets;
pub mod scalar;

pub use loader::{parse, ParsedYaml, YamlError, YamlLimits};
pub use scalar::Scalar;

use crate::text::TextRange;

/// How a scalar was written. Rules care (an unquoted `22:22` port, say).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

impl ScalarStyle {
    pub fn is_quoted(self) -> bool {
        !matches!(self, ScalarStyle::Plain)
    }
}

/// A tag on a node. Compose gives meaning to `!reset` and `!override`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tag {
    Reset,
    Override,
    /// Any other tag, as written after resolution (`tag:yaml.org,2002:str`, `!custom`).
    Other(String),
}

/// Where a node came from when it was copied in by an alias (`*name`) or a
/// merge key (`<<: *name`): the node's own `range` then points at the
/// definition, and this says where it is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AliasUse {
    /// The `*name` text that pulled the node in.
    pub alias: TextRange,
    /// The `&name` text of the anchor.
    pub anchor: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    /// The node's text, without its anchor or tag.
    pub range: TextRange,
    pub tag: Option<Tag>,
    /// Set when the node is a copy made by an alias (outermost alias wins).
    pub alias: Option<AliasUse>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Scalar(ScalarNode),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScalarNode {
    /// The scalar's content after YAML unescaping and folding.
    pub text: String,
    pub style: ScalarStyle,
    /// The value under the YAML 1.2 core schema (as compose-go's decoder reads it).
    pub resolved: Scalar,
    /// Whether `text` is the result of variable interpolation (compose-go then
    /// casts it to the type the attribute needs).
    pub interpolated: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
    /// The `<<` key this entry was merged through, if any.
    pub merged_via: Option<TextRange>,
}

impl Entry {
    /// The key's text (keys are always scalars in a loaded tree).
    pub fn key_str(&self) -> &str {
        self.key.as_str().unwrap_or("")
    }
}

impl Node {
    pub fn scalar(text: impl Into<String>, style: ScalarStyle, range: TextRange) -> Node {
        let text = text.into();
        let resolved = scalar::resolve(&text, style, None);
        Node {
            value: Value::Scalar(ScalarNode {
                text,
                style,
                resolved,
                interpolated: false,
            }),
            range,
            tag: None,
            alias: None,
        }
    }

    pub fn as_scalar(&self) -> Option<&ScalarNode> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a scalar node (whatever its resolved type).
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.text.as_str())
    }

    /// The text of a scalar that resolved to a string.
    pub fn as_string(&self) -> Option<&str> {
        match self.as_scalar() {
            Some(ScalarNode {
                text,
                resolved: Scalar::Str,
                ..
            }) => Some(text),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(
            &self.value,
            Value::Scalar(ScalarNode {
                resolved: Scalar::Null,
                ..
            })
        )
    }

    /// The entry with key `key` in a mapping (the last one if repeated).
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_map()?.iter().rev().find(|e| e.key_str() == key)
    }

    /// The value of `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// A short name for the node's JSON type, as schema messages use.
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Seq(_) => "array",
            Value::Map(_) => "mapping",
            Value::Scalar(s) => s.resolved.type_name(),
        }
    }

    /// Number of nodes in this subtree (itself included), keys counted.
    pub fn size(&self) -> usize {
        // Iterative so that a deep tree cannot overflow the stack.
        let mut count = 0;
        let mut stack = vec![self];
        while let Some(node) = stack.pop() {
            count += 1;
            match &node.value {
                Value::Scalar(_) => {}
                Value::Seq(items) => stack.extend(items.iter()),
                Value::Map(entries) => {
                    for e in entries {
                        stack.push(&e.key);
                        stack.push(&e.value);
                    }
                }
            }
        }
        count
    }

    /// The range a diagnostic about this node should point at in the file
    /// being edited: the alias use when the node was copied by one.
    pub fn use_range(&self) -> TextRange {
        match self.alias {
            Some(a) => a.alias,
            None => self.range,
        }
    }
}
