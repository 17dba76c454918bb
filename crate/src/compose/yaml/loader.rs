//! Builds the positioned tree from `saphyr-parser` events.
//!
//! The builder keeps an explicit stack (no recursion on input), resolves
//! aliases by copying the anchored subtree while recording where it was used,
//! applies `<<` merge keys, and reports duplicate keys. Two budgets keep
//! hostile input cheap: a nesting depth and a total node count that alias
//! expansion is checked against *before* copying.

use super::offsets::CharOffsets;
use super::scalar;
use super::{AliasUse, Entry, Node, ScalarNode, ScalarStyle, Tag, Value};
use crate::text::{LineIndex, TextRange};
use saphyr_parser::{Event, Parser, ScalarStyle as SaphyrStyle, Span};
use std::collections::{HashMap, HashSet};

/// Bounds on what one file may cost.
#[derive(Clone, Copy, Debug)]
pub struct YamlLimits {
    /// Deepest allowed nesting of sequences and mappings.
    pub max_depth: usize,
    /// Most nodes the tree may hold, counting every copy an alias or merge
    /// key makes.
    pub max_nodes: usize,
}

impl Default for YamlLimits {
    fn default() -> Self {
        YamlLimits {
            max_depth: 64,
            max_nodes: 250_000,
        }
    }
}

/// A problem found while reading the YAML layer.
#[derive(Clone, Debug, PartialEq)]
pub struct YamlError {
    pub message: String,
    pub range: TextRange,
    /// Secondary locations ("first defined here").
    pub related: Vec<(TextRange, String)>,
    /// Whether reading stopped here (syntax errors, exhausted budgets).
    pub fatal: bool,
}

#[derive(Clone, Debug, Default)]
pub struct ParsedYaml {
    /// One root node per YAML document. Empty when a fatal error occurred.
    pub documents: Vec<Node>,
    pub errors: Vec<YamlError>,
}

impl ParsedYaml {
    pub fn has_fatal_error(&self) -> bool {
        self.errors.iter().any(|e| e.fatal)
    }
}

/// Parse `text` into positioned documents.
pub fn parse(text: &str, limits: YamlLimits) -> ParsedYaml {
    let mut builder = Builder {
        text,
        offsets: CharOffsets::new(text),
        lines: None,
        limits,
        stack: Vec::new(),
        root: None,
        anchors: HashMap::new(),
        node_count: 0,
        result: ParsedYaml::default(),
    };
    let mut parser = Parser::new_from_str(text);
    loop {
        match parser.next_event() {
            None => break,
            Some(Err(error)) => {
                let at = builder.offsets.byte_of(error.marker().index());
                builder.fatal(
                    format!("YAML syntax error: {}", error.info()),
                    builder.char_range_at(at),
                );
                break;
            }
            Some(Ok((event, span))) => {
                if let Err(stop) = builder.on_event(event, span) {
                    builder.fatal(stop.message, stop.range);
                    break;
                }
            }
        }
    }
    if builder.result.has_fatal_error() {
        builder.result.documents.clear();
    }
    builder.result
}

struct Stop {
    message: String,
    range: TextRange,
}

enum FrameKind {
    Seq(Vec<Node>),
    Map {
        /// Entries in order; `<<` entries are kept in place until the end.
        entries: Vec<Entry>,
        pending_key: Option<Node>,
        /// First range of every explicit key, for duplicate detection.
        seen: HashMap<String, TextRange>,
    },
}

struct Frame {
    kind: FrameKind,
    /// Byte offset where the collection's own text starts (after properties).
    start: usize,
    flow: bool,
    tag: Option<Tag>,
    anchor: Option<(usize, TextRange)>,
}

struct Anchor {
    node: Node,
    /// The `&name` text.
    range: TextRange,
    size: usize,
}

struct Builder<'a> {
    text: &'a str,
    offsets: CharOffsets<'a>,
    lines: Option<LineIndex>,
    limits: YamlLimits,
    stack: Vec<Frame>,
    root: Option<Node>,
    anchors: HashMap<usize, Anchor>,
    node_count: usize,
    result: ParsedYaml,
}

impl<'a> Builder<'a> {
    fn on_event(&mut self, event: Event<'_>, span: Span) -> Result<(), Stop> {
        let start = self.offsets.byte_of(span.start.index());
        let end = self.offsets.byte_of(span.end.index()).max(start);
        match event {
            Event::Nothing | Event::StreamStart | Event::StreamEnd => {}
            Event::DocumentStart(_) => {
                self.root = None;
                self.anchors.clear();
            }
            Event::DocumentEnd => {
                let root = self.root.take().unwrap_or_else(|| {
                    Node::scalar("", ScalarStyle::Plain, TextRange::empty(start))
                });
                self.result.documents.push(root);
            }
            Event::Scalar(value, style, anchor_id, tag) => {
                let props = self.properties(start, end, anchor_id != 0 || tag.is_some());
                let style = convert_style(style);
                let (tag, core) = convert_tag(tag.as_deref());
                let mut value_range = TextRange::new(props.value_start.min(end), end);
                if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
                    value_range = self.trim_trailing_space(value_range);
                }
                let text = value.into_owned();
                let resolved = scalar::resolve(&text, style, core.as_deref());
                let node = Node {
                    value: Value::Scalar(ScalarNode {
                        text,
                        style,
                        resolved,
                        interpolated: false,
                    }),
                    range: value_range,
                    tag,
                    alias: None,
                };
                self.count_nodes(1, value_range)?;
                if anchor_id != 0 {
                    self.define_anchor(anchor_id, props.anchor, &node, 1);
                }
                self.complete(node)?;
            }
            Event::Alias(id) => {
                let alias_range = TextRange::new(start, end);
                let Some(anchor) = self.anchors.get(&id) else {
                    return Err(Stop {
                        message: "alias refers to an anchor that is not complete yet \
                                  (an anchor cannot contain an alias to itself)"
                            .into(),
                        range: alias_range,
                    });
                };
                let size = anchor.size;
                let use_site = AliasUse {
                    alias: alias_range,
                    anchor: anchor.range,
                };
                let mut copy = anchor.node.clone();
                self.count_nodes(size, alias_range)?;
                mark_alias(&mut copy, use_site);
                self.complete(copy)?;
            }
            Event::SequenceStart(anchor_id, tag) => {
                self.begin_collection(false, anchor_id, tag.as_deref(), start, end)?;
            }
            Event::MappingStart(anchor_id, tag) => {
                self.begin_collection(true, anchor_id, tag.as_deref(), start, end)?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Ok(());
                };
                let node = self.finish_collection(frame, end)?;
                self.complete(node)?;
            }
        }
        Ok(())
    }

    fn begin_collection(
        &mut self,
        is_map: bool,
        anchor_id: usize,
        tag: Option<&saphyr_parser::Tag>,
        start: usize,
        end: usize,
    ) -> Result<(), Stop> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(Stop {
                message: format!(
                    "YAML nesting is deeper than {} levels; a compose file never needs that",
                    self.limits.max_depth
                ),
                range: self.char_range_at(start),
            });
        }
        let props = self.properties(start, end, anchor_id != 0 || tag.is_some());
        let flow = matches!(
            self.text.as_bytes().get(props.value_start),
            Some(b'[' | b'{')
        );
        let (tag, _) = convert_tag(tag);
        let kind = if is_map {
            FrameKind::Map {
                entries: Vec::new(),
                pending_key: None,
                seen: HashMap::new(),
            }
        } else {
            FrameKind::Seq(Vec::new())
        };
        self.stack.push(Frame {
            kind,
            start: props.value_start,
            flow,
            tag,
            anchor: (anchor_id != 0).then_some((anchor_id, props.anchor)),
        });
        self.count_nodes(1, TextRange::new(start, end))
    }

    fn finish_collection(&mut self, frame: Frame, end: usize) -> Result<Node, Stop> {
        let Frame {
            kind,
            start,
            flow,
            tag,
            anchor,
        } = frame;
        let (value, last_end) = match kind {
            FrameKind::Seq(items) => {
                let last = items.iter().map(|n| n.range.end()).max().unwrap_or(start);
                (Value::Seq(items), last)
            }
            FrameKind::Map {
                entries,
                pending_key,
                ..
            } => {
                let mut entries = entries;
                if let Some(key) = pending_key {
                    // A key without a value cannot come out of the parser, but
                    // never lose it if it does.
                    let at = key.range.end();
                    entries.push(Entry {
                        key,
                        value: Node::scalar("", ScalarStyle::Plain, TextRange::empty(at)),
                        merged_via: None,
                    });
                }
                let entries = self.apply_merge_keys(entries)?;
                let last = entries
                    .iter()
                    .filter(|e| e.merged_via.is_none())
                    .map(|e| e.value.range.end().max(e.key.range.end()))
                    .max()
                    .unwrap_or(start);
                (Value::Map(entries), last)
            }
        };
        let range_end = if flow { end } else { last_end.max(start) };
        let node = Node {
            value,
            range: TextRange::new(start, range_end.max(start)),
            tag,
            alias: None,
        };
        if let Some((id, anchor_range)) = anchor {
            let size = node.size();
            self.define_anchor(id, anchor_range, &node, size);
        }
        Ok(node)
    }

    /// Replace every `<<` entry by the entries it merges in. Explicit keys of
    /// the mapping win; among merged mappings the earlier one wins.
    fn apply_merge_keys(&mut self, entries: Vec<Entry>) -> Result<Vec<Entry>, Stop> {
        if !entries.iter().any(is_merge_entry) {
            return Ok(entries);
        }
        let mut present: HashSet<String> = entries
            .iter()
            .filter(|e| !is_merge_entry(e))
            .map(|e| e.key_str().to_string())
            .collect();
        let mut out = Vec::with_capacity(entries.len());
        for entry in entries {
            if !is_merge_entry(&entry) {
                out.push(entry);
                continue;
            }
            let merge_key = entry.key.range;
            let sources: Vec<&Node> = match &entry.value.value {
                Value::Map(_) => vec![&entry.value],
                Value::Seq(items) if items.iter().all(|n| n.as_map().is_some()) => {
                    items.iter().collect()
                }
                _ => {
                    self.error(
                        "the value of a `<<` merge key must be a mapping or a list of mappings"
                            .into(),
                        entry.value.use_range(),
                    );
                    continue;
                }
            };
            for source in sources {
                for merged in source.as_map().unwrap_or(&[]) {
                    if !present.insert(merged.key_str().to_string()) {
                        continue;
                    }
                    let cost = merged.key.size() + merged.value.size();
                    self.count_nodes(cost, merge_key)?;
                    let mut copy = merged.clone();
                    copy.merged_via = Some(merge_key);
                    out.push(copy);
                }
            }
        }
        Ok(out)
    }

    /// Attach a finished node to its parent (or make it the document root).
    fn complete(&mut self, node: Node) -> Result<(), Stop> {
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        let mut duplicate: Option<(TextRange, TextRange, String)> = None;
        let mut bad_key: Option<TextRange> = None;
        match &mut frame.kind {
            FrameKind::Seq(items) => items.push(node),
            FrameKind::Map {
                entries,
                pending_key,
                seen,
            } => match pending_key.take() {
                None => {
                    let mut key = node;
                    if key.as_scalar().is_none() {
                        bad_key = Some(key.range);
                        key = Node::scalar("", ScalarStyle::Plain, key.range);
                    }
                    *pending_key = Some(key);
                }
                Some(key) => {
                    let name = key.as_str().unwrap_or("").to_string();
                    match seen.get(&name) {
                        Some(first) => duplicate = Some((key.range, *first, name)),
                        None => {
                            seen.insert(name, key.range);
                        }
                    }
                    entries.push(Entry {
                        key,
                        value: node,
                        merged_via: None,
                    });
                }
            },
        }
        if let Some(range) = bad_key {
            self.error(
                "mapping keys must be strings, not sequences or mappings".into(),
                range,
            );
        }
        if let Some((second, first, name)) = duplicate {
            let line = self.line_of(first.start());
            self.result.errors.push(YamlError {
                message: format!("mapping key {name:?} already defined at line {line}"),
                range: second,
                related: vec![(first, format!("{name:?} first defined here"))],
                fatal: false,
            });
        }
        Ok(())
    }

    fn define_anchor(&mut self, id: usize, range: TextRange, node: &Node, size: usize) {
        self.anchors.insert(
            id,
            Anchor {
                node: node.clone(),
                range,
                size,
            },
        );
    }

    fn count_nodes(&mut self, count: usize, at: TextRange) -> Result<(), Stop> {
        self.node_count = self.node_count.saturating_add(count);
        if self.node_count > self.limits.max_nodes {
            return Err(Stop {
                message: format!(
                    "the file expands to more than {} YAML nodes through aliases \
                     (an alias bomb such as \"billion laughs\"?); refusing to expand it",
                    self.limits.max_nodes
                ),
                range: at,
            });
        }
        Ok(())
    }

    /// Skip an anchor (`&a`) and a tag (`!t`) at the start of a node's span.
    fn properties(&self, start: usize, end: usize, has_props: bool) -> Properties {
        let mut props = Properties {
            value_start: start,
            anchor: TextRange::empty(start),
        };
        if !has_props {
            return props;
        }
        let bytes = self.text.as_bytes();
        let mut i = start;
        loop {
            while i < end && matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n') {
                i += 1;
            }
            if i < end && (bytes[i] == b'&' || bytes[i] == b'!') {
                let token_start = i;
                while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n') {
                    i += 1;
                }
                if bytes[token_start] == b'&' {
                    props.anchor = TextRange::new(token_start, i);
                }
                continue;
            }
            break;
        }
        props.value_start = i.min(self.text.len());
        props
    }

    fn trim_trailing_space(&self, range: TextRange) -> TextRange {
        let slice = range.slice(self.text);
        let trimmed = slice.trim_end().len();
        TextRange::new(range.start(), range.start() + trimmed)
    }

    fn char_range_at(&self, at: usize) -> TextRange {
        let at = at.min(self.text.len());
        let end = self.text[at..].chars().next().map_or(at, |c| {
            if c == '\n' {
                at
            } else {
                at + c.len_utf8()
            }
        });
        TextRange::new(at, end)
    }

    fn line_of(&mut self, offset: usize) -> usize {
        let text = self.text;
        let lines = self.lines.get_or_insert_with(|| LineIndex::new(text));
        lines.line_of(offset) + 1
    }

    fn error(&mut self, message: String, range: TextRange) {
        self.result.errors.push(YamlError {
            message,
            range,
            related: Vec::new(),
            fatal: false,
        });
    }

    fn fatal(&mut self, message: String, range: TextRange) {
        self.result.errors.push(YamlError {
            message,
            range,
            related: Vec::new(),
            fatal: true,
        });
    }
}

struct Properties {
    value_start: usize,
    anchor: TextRange,
}

fn is_merge_entry(entry: &Entry) -> bool {
    entry.merged_via.is_none()
        && entry.key.tag.is_none()
        && matches!(
            entry.key.as_scalar(),
            Some(ScalarNode { text, style: ScalarStyle::Plain, .. }) if text == "<<"
        )
}

/// Record on every node of an alias copy where the alias was used.
fn mark_alias(node: &mut Node, use_site: AliasUse) {
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        node.alias = Some(use_site);
        match &mut node.value {
            Value::Scalar(_) => {}
            Value::Seq(items) => stack.extend(items.iter_mut()),
            Value::Map(entries) => {
                for e in entries.iter_mut() {
                    stack.push(&mut e.key);
                    stack.push(&mut e.value);
                }
            }
        }
    }
}

fn convert_style(style: SaphyrStyle) -> ScalarStyle {
    match style {
        SaphyrStyle::Plain => ScalarStyle::Plain,
        SaphyrStyle::SingleQuoted => ScalarStyle::SingleQuoted,
        SaphyrStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
        SaphyrStyle::Literal => ScalarStyle::Literal,
        SaphyrStyle::Folded => ScalarStyle::Folded,
    }
}

/// The tag as Layerlab sees it, plus the core-schema suffix (`str`, `int`…)
/// when it is a `!!` tag.
fn convert_tag(tag: Option<&saphyr_parser::Tag>) -> (Option<Tag>, Option<String>) {
    let Some(tag) = tag else {
        return (None, None);
    };
    if tag.handle == "!" && tag.suffix == "reset" {
        return (Some(Tag::Reset), None);
    }
    if tag.handle == "!" && tag.suffix == "override" {
        return (Some(Tag::Override), None);
    }
    let core = tag.is_yaml_core_schema().then(|| tag.suffix.clone());
    (
        Some(Tag::Other(format!("{}{}", tag.handle, tag.suffix))),
        core,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> ParsedYaml {
        parse(text, YamlLimits::default())
    }

    fn slice(text: &str, range: TextRange) -> &str {
        range.slice(text)
    }

    #[test]
    fn keys_and_values_keep_byte_ranges_with_non_ascii_text() {
        let text = "é: ü\nservices:\n  web:\n    image: \"nginx\"\n    ports: [\"80:80\"]\n";
        let parsed = load(text);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let root = &parsed.documents[0];
        assert_eq!(slice(text, root.entry("é").unwrap().key.range), "é");
        assert_eq!(slice(text, root.get("é").unwrap().range), "ü");
        let web = root.get("services").unwrap().get("web").unwrap();
        let image = web.entry("image").unwrap();
        assert_eq!(slice(text, image.key.range), "image");
        assert_eq!(slice(text, image.value.range), "\"nginx\"");
        assert_eq!(image.value.as_str(), Some("nginx"));
        let ports = web.get("ports").unwrap();
        assert_eq!(slice(text, ports.range), "[\"80:80\"]");
        assert_eq!(
            slice(text, web.range),
            "image: \"nginx\"\n    ports: [\"80:80\"]"
        );
    }

    #[test]
    fn aliases_record_use_and_definition() {
        let text = "x-img: &img nginx\nservices:\n  web:\n    image: *img\n";
        let parsed = load(text);
        let image = parsed.documents[0]
            .get("services")
            .and_then(|s| s.get("web"))
            .and_then(|w| w.get("image"))
            .unwrap();
        assert_eq!(image.as_str(), Some("nginx"));
        assert_eq!(slice(text, image.range), "nginx");
        let alias = image.alias.unwrap();
        assert_eq!(slice(text, alias.alias), "*img");
        assert_eq!(slice(text, alias.anchor), "&img");
        assert_eq!(slice(text, image.use_range()), "*img");
    }

    #[test]
    fn merge_keys_apply_with_explicit_keys_winning() {
        let text = "x-base: &base\n  restart: always\n  image: a\nweb:\n  <<: *base\n  image: b\n";
        let parsed = load(text);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let web = parsed.documents[0].get("web").unwrap();
        assert_eq!(web.get("image").unwrap().as_str(), Some("b"));
        let restart = web.entry("restart").unwrap();
        assert_eq!(restart.value.as_str(), Some("always"));
        assert_eq!(slice(text, restart.merged_via.unwrap()), "<<");
        assert_eq!(slice(text, restart.value.use_range()), "*base");
        assert!(web.entry("<<").is_none());
        assert_eq!(web.as_map().unwrap().len(), 2);
    }

    #[test]
    fn merge_of_a_list_prefers_the_first_mapping() {
        let text = "a: &a {x: 1}\nb: &b {x: 2, y: 3}\nc:\n  <<: [*a, *b]\n";
        let parsed = load(text);
        let c = parsed.documents[0].get("c").unwrap();
        assert_eq!(c.get("x").unwrap().as_str(), Some("1"));
        assert_eq!(c.get("y").unwrap().as_str(), Some("3"));
    }

    #[test]
    fn duplicate_keys_point_at_the_second_with_the_first_related() {
        let text = "services:\n  web:\n    image: a\n    image: b\n";
        let parsed = load(text);
        assert_eq!(parsed.errors.len(), 1);
        let error = &parsed.errors[0];
        assert!(!error.fatal);
        assert_eq!(
            error.message,
            "mapping key \"image\" already defined at line 3"
        );
        assert_eq!(error.range.start(), text.rfind("image").unwrap());
        assert_eq!(error.related[0].0.start(), text.find("image").unwrap());
    }

    #[test]
    fn a_repeated_merge_key_is_a_duplicate() {
        let text = "a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: *a\n  <<: *b\n";
        let parsed = load(text);
        assert!(parsed.errors[0].message.contains("\"<<\" already defined"));
    }

    #[test]
    fn billion_laughs_is_refused_quickly() {
        let mut text = String::from(
            "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for level in 1..10 {
            let prev = level - 1;
            let refs = vec![format!("*a{prev}"); 9].join(",");
            text.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
        }
        let parsed = load(&text);
        assert!(parsed.documents.is_empty());
        let error = &parsed.errors[0];
        assert!(error.fatal);
        assert!(
            error.message.contains("billion laughs"),
            "{}",
            error.message
        );
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "[".repeat(100) + &"]".repeat(100);
        let parsed = load(&text);
        assert!(parsed.documents.is_empty());
        assert!(
            parsed.errors[0].message.contains("deeper than 64"),
            "{:?}",
            parsed.errors
        );
        // Far deeper input stops in the parser itself, still with one error.
        let text = "[".repeat(100_000);
        let parsed = load(&text);
        assert_eq!(parsed.errors.len(), 1);
        assert!(parsed.errors[0].fatal);
    }

    #[test]
    fn syntax_errors_are_fatal_with_a_position() {
        let text = "a: 1\nb: [1, 2\n";
        let parsed = load(text);
        assert_eq!(parsed.errors.len(), 1);
        assert!(parsed.errors[0].fatal);
        assert!(parsed.errors[0].message.starts_with("YAML syntax error"));
    }

    #[test]
    fn tags_are_recognised() {
        let text = "a: !reset null\nb: !override [1]\nc: !!str 80\n";
        let parsed = load(text);
        let root = &parsed.documents[0];
        assert_eq!(root.get("a").unwrap().tag, Some(Tag::Reset));
        assert_eq!(slice(text, root.get("a").unwrap().range), "null");
        assert_eq!(root.get("b").unwrap().tag, Some(Tag::Override));
        assert_eq!(root.get("c").unwrap().type_name(), "string");
    }

    #[test]
    fn multiple_documents_are_returned() {
        let parsed = load("a: 1\n---\nb: 2\n");
        assert_eq!(parsed.documents.len(), 2);
    }

    #[test]
    fn block_scalars_do_not_cover_trailing_blank_lines() {
        let text = "a: |\n  x\n  y\n\nb: 1\n";
        let parsed = load(text);
        let a = parsed.documents[0].get("a").unwrap();
        assert_eq!(slice(text, a.range), "x\n  y");
    }
}
