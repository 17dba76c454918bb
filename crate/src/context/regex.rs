//! The slice of Go's `regexp` (RE2 syntax, Perl flags) that moby/patternmatcher
//! produces when it turns a `.dockerignore` line into a regular expression.
//!
//! patternmatcher does not interpret `[`, `]`, `^` or escaped letters itself:
//! it copies them into the expression. So `[[:digit:]]`, `\d` or a `^` in the
//! middle of a line mean whatever RE2 says, and a few odd lines fail to
//! compile (which makes BuildKit's context transfer fail). Parsing the
//! generated expression with RE2's rules is the only way to match exactly.
//!
//! Supported: literals, `.`, classes (ranges, negation, `\d\s\w`, POSIX
//! `[:name:]`), groups, `|`, `* + ?` (greedy or lazy), `^ $ \A \z \b \B`,
//! `\Q…\E`, octal/hex/C escapes. Unicode classes (`\p{…}`), flag groups
//! (`(?…)`) and counted repetition (`{n,m}`) are reported as unsupported;
//! patternmatcher never emits the last two.
//!
//! Matching is a Thompson NFA simulation: linear in the text, no recursion
//! and no backtracking, so no input can make it hang.

use std::fmt;

/// Deepest group nesting accepted (Go allows 1000; generated expressions
/// never nest at all).
const MAX_NESTING: usize = 100;
const MAX_RUNE: u32 = 0x10FFFF;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegexError {
    /// Go's `regexp.Compile` rejects the expression.
    Syntax(String),
    /// Valid RE2 that this engine does not evaluate.
    Unsupported(String),
}

impl fmt::Display for RegexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegexError::Syntax(msg) => f.write_str(msg),
            RegexError::Unsupported(msg) => write!(f, "unsupported: {msg}"),
        }
    }
}

/// A set of code points as sorted, non-overlapping inclusive ranges.
#[derive(Clone, Debug, PartialEq, Eq)]
struct CharSet {
    ranges: Vec<(u32, u32)>,
}

impl CharSet {
    fn from_ranges(mut ranges: Vec<(u32, u32)>) -> CharSet {
        ranges.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
        for (lo, hi) in ranges {
            match merged.last_mut() {
                Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
                _ => merged.push((lo, hi)),
            }
        }
        CharSet { ranges: merged }
    }

    fn single(c: u32) -> CharSet {
        CharSet {
            ranges: vec![(c, c)],
        }
    }

    fn complement(&self) -> CharSet {
        let mut out = Vec::new();
        let mut next = 0u32;
        for &(lo, hi) in &self.ranges {
            if lo > next {
                out.push((next, lo - 1));
            }
            next = hi.saturating_add(1);
        }
        if next <= MAX_RUNE {
            out.push((next, MAX_RUNE));
        }
        CharSet { ranges: out }
    }

    fn contains(&self, c: char) -> bool {
        let c = c as u32;
        self.ranges
            .binary_search_by(|&(lo, hi)| {
                if hi < c {
                    std::cmp::Ordering::Less
                } else if lo > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Look {
    BeginText,
    EndText,
    WordBoundary,
    NotWordBoundary,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Repeat {
    ZeroOrMore,
    OneOrMore,
    ZeroOrOne,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Node {
    Set(CharSet),
    Look(Look),
    Concat(Vec<Node>),
    Alternate(Vec<Node>),
    Repeat(Box<Node>, Repeat),
}

impl Node {
    fn literal(c: u32) -> Node {
        Node::Set(CharSet::single(c))
    }

    /// The fewest characters any match of this node consumes.
    fn min_len(&self) -> usize {
        match self {
            Node::Set(_) => 1,
            Node::Look(_) => 0,
            Node::Concat(items) => items.iter().map(Node::min_len).sum(),
            Node::Alternate(alts) => alts.iter().map(Node::min_len).min().unwrap_or(0),
            Node::Repeat(inner, Repeat::OneOrMore) => inner.min_len(),
            Node::Repeat(_, _) => 0,
        }
    }
}

#[derive(Clone, Debug)]
enum Inst {
    Char(CharSet),
    Split(usize, usize),
    Jump(usize),
    Assert(Look),
    Match,
}

/// A compiled expression.
#[derive(Clone, Debug)]
pub struct Regex {
    program: Vec<Inst>,
    /// An anchor that can never hold (`a^b`): the expression matches nothing.
    impossible: bool,
}

impl Regex {
    pub fn new(source: &str) -> Result<Regex, RegexError> {
        let node = parse(source)?;
        let impossible = has_impossible_anchor(&node);
        let mut program = Vec::new();
        compile(&node, &mut program);
        program.push(Inst::Match);
        Ok(Regex {
            program,
            impossible,
        })
    }

    /// Whether some anchor can never be satisfied, so nothing matches.
    pub fn can_never_match(&self) -> bool {
        self.impossible
    }

    /// Go's `MatchString`: does the expression match anywhere in `text`?
    pub fn is_match(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let mut current = ThreadList::new(self.program.len());
        let mut next = ThreadList::new(self.program.len());
        let mut stack = Vec::new();
        for position in 0..=chars.len() {
            // Unanchored search: a new attempt may start at every position.
            if self.add_thread(&mut current, 0, position, &chars, &mut stack) {
                return true;
            }
            let Some(&c) = chars.get(position) else {
                break;
            };
            next.clear();
            for index in 0..current.len() {
                let pc = current.dense[index];
                if let Inst::Char(set) = &self.program[pc] {
                    if set.contains(c)
                        && self.add_thread(&mut next, pc + 1, position + 1, &chars, &mut stack)
                    {
                        return true;
                    }
                }
            }
            std::mem::swap(&mut current, &mut next);
        }
        false
    }

    /// Follow empty transitions from `pc` at `position`; returns true when
    /// the match instruction is reached.
    fn add_thread(
        &self,
        list: &mut ThreadList,
        pc: usize,
        position: usize,
        chars: &[char],
        stack: &mut Vec<usize>,
    ) -> bool {
        stack.clear();
        stack.push(pc);
        while let Some(pc) = stack.pop() {
            if !list.insert(pc) {
                continue;
            }
            match &self.program[pc] {
                Inst::Char(_) => {}
                Inst::Match => return true,
                Inst::Jump(to) => stack.push(*to),
                Inst::Split(first, second) => {
                    stack.push(*second);
                    stack.push(*first);
                }
                Inst::Assert(look) => {
                    if look_holds(*look, position, chars) {
                        stack.push(pc + 1);
                    }
                }
            }
        }
        false
    }
}

fn look_holds(look: Look, position: usize, chars: &[char]) -> bool {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    match look {
        Look::BeginText => position == 0,
        Look::EndText => position == chars.len(),
        Look::WordBoundary | Look::NotWordBoundary => {
            let before = position > 0 && is_word(chars[position - 1]);
            let after = chars.get(position).is_some_and(|&c| is_word(c));
            (before != after) == (look == Look::WordBoundary)
        }
    }
}

/// A sparse set of program counters (insertion order kept).
struct ThreadList {
    dense: Vec<usize>,
    sparse: Vec<usize>,
}

impl ThreadList {
    fn new(size: usize) -> Self {
        ThreadList {
            dense: Vec::with_capacity(size),
            sparse: vec![0; size],
        }
    }

    fn len(&self) -> usize {
        self.dense.len()
    }

    fn clear(&mut self) {
        self.dense.clear();
    }

    fn insert(&mut self, pc: usize) -> bool {
        let slot = self.sparse[pc];
        if slot < self.dense.len() && self.dense[slot] == pc {
            return false;
        }
        self.sparse[pc] = self.dense.len();
        self.dense.push(pc);
        true
    }
}

fn compile(node: &Node, program: &mut Vec<Inst>) {
    match node {
        Node::Set(set) => program.push(Inst::Char(set.clone())),
        Node::Look(look) => program.push(Inst::Assert(*look)),
        Node::Concat(items) => {
            for item in items {
                compile(item, program);
            }
        }
        Node::Alternate(alternatives) => {
            let mut jumps = Vec::new();
            let last = alternatives.len().saturating_sub(1);
            for (i, alternative) in alternatives.iter().enumerate() {
                if i == last {
                    compile(alternative, program);
                    break;
                }
                let split = program.len();
                program.push(Inst::Split(split + 1, 0));
                compile(alternative, program);
                jumps.push(program.len());
                program.push(Inst::Jump(0));
                let after = program.len();
                program[split] = Inst::Split(split + 1, after);
            }
            let end = program.len();
            for jump in jumps {
                program[jump] = Inst::Jump(end);
            }
        }
        Node::Repeat(inner, Repeat::ZeroOrMore) => {
            let split = program.len();
            program.push(Inst::Split(split + 1, 0));
            compile(inner, program);
            program.push(Inst::Jump(split));
            let end = program.len();
            program[split] = Inst::Split(split + 1, end);
        }
        Node::Repeat(inner, Repeat::OneOrMore) => {
            let start = program.len();
            compile(inner, program);
            let split = program.len();
            program.push(Inst::Split(start, split + 1));
        }
        Node::Repeat(inner, Repeat::ZeroOrOne) => {
            let split = program.len();
            program.push(Inst::Split(split + 1, 0));
            compile(inner, program);
            let end = program.len();
            program[split] = Inst::Split(split + 1, end);
        }
    }
}

/// `^` after something that must consume a character, or `$` before such a
/// thing, at the top level of the expression.
fn has_impossible_anchor(node: &Node) -> bool {
    let items: &[Node] = match node {
        Node::Concat(items) => items,
        other => std::slice::from_ref(other),
    };
    let lengths: Vec<usize> = items.iter().map(Node::min_len).collect();
    let total: usize = lengths.iter().sum();
    let mut consumed = 0;
    for (item, len) in items.iter().zip(&lengths) {
        match item {
            Node::Look(Look::BeginText) if consumed > 0 => return true,
            Node::Look(Look::EndText) if total - consumed > 0 => return true,
            _ => {}
        }
        consumed += len;
    }
    false
}

#[derive(Default)]
struct Frame {
    alternatives: Vec<Node>,
    items: Vec<Node>,
}

impl Frame {
    fn finish(mut self) -> Node {
        let last = concat(std::mem::take(&mut self.items));
        if self.alternatives.is_empty() {
            last
        } else {
            self.alternatives.push(last);
            Node::Alternate(self.alternatives)
        }
    }
}

fn concat(mut items: Vec<Node>) -> Node {
    if items.len() == 1 {
        items.pop().unwrap_or(Node::Concat(Vec::new()))
    } else {
        Node::Concat(items)
    }
}

fn syntax(message: impl Into<String>) -> RegexError {
    RegexError::Syntax(message.into())
}

/// Parse with Go's Perl flags (ClassNL, OneLine, PerlX, UnicodeGroups).
fn parse(source: &str) -> Result<Node, RegexError> {
    let chars: Vec<char> = source.chars().collect();
    let mut stack: Vec<Frame> = vec![Frame::default()];
    let mut i = 0;
    let mut after_repeat = false;
    while i < chars.len() {
        let c = chars[i];
        let mut is_repeat = false;
        let frame_index = stack.len() - 1;
        match c {
            '(' => {
                if chars.get(i + 1) == Some(&'?') {
                    return Err(RegexError::Unsupported(
                        "group flags or names `(?…)`".to_string(),
                    ));
                }
                if stack.len() > MAX_NESTING {
                    return Err(syntax("expression nests too deeply"));
                }
                stack.push(Frame::default());
                i += 1;
            }
            '|' => {
                let frame = &mut stack[frame_index];
                let items = std::mem::take(&mut frame.items);
                frame.alternatives.push(concat(items));
                i += 1;
            }
            ')' => {
                if stack.len() == 1 {
                    return Err(syntax("unexpected ): `)`"));
                }
                let node = stack.pop().map(Frame::finish);
                if let (Some(node), Some(parent)) = (node, stack.last_mut()) {
                    parent.items.push(node);
                }
                i += 1;
            }
            '^' => {
                stack[frame_index].items.push(Node::Look(Look::BeginText));
                i += 1;
            }
            '$' => {
                stack[frame_index].items.push(Node::Look(Look::EndText));
                i += 1;
            }
            '.' => {
                let any_but_newline = CharSet::single('\n' as u32).complement();
                stack[frame_index].items.push(Node::Set(any_but_newline));
                i += 1;
            }
            '[' => {
                let (set, next) = parse_class(&chars, i)?;
                stack[frame_index].items.push(Node::Set(set));
                i = next;
            }
            '*' | '+' | '?' => {
                if after_repeat {
                    return Err(syntax(format!("invalid nested repetition operator: `{c}`")));
                }
                let frame = &mut stack[frame_index];
                let Some(operand) = frame.items.pop() else {
                    return Err(syntax(format!(
                        "missing argument to repetition operator: `{c}`"
                    )));
                };
                let kind = match c {
                    '*' => Repeat::ZeroOrMore,
                    '+' => Repeat::OneOrMore,
                    _ => Repeat::ZeroOrOne,
                };
                frame.items.push(Node::Repeat(Box::new(operand), kind));
                i += 1;
                // A lazy quantifier matches the same set of strings.
                if chars.get(i) == Some(&'?') {
                    i += 1;
                }
                is_repeat = true;
            }
            '{' => {
                if is_counted_repeat(&chars[i..]) {
                    return Err(RegexError::Unsupported(
                        "counted repetition `{n,m}`".to_string(),
                    ));
                }
                stack[frame_index].items.push(Node::literal('{' as u32));
                i += 1;
            }
            '\\' => {
                let (node, next) = parse_backslash(&chars, i)?;
                let frame = &mut stack[frame_index];
                match node {
                    Escaped::Node(node) => frame.items.push(node),
                    Escaped::Literals(literals) => {
                        frame
                            .items
                            .extend(literals.into_iter().map(|c| Node::literal(c as u32)));
                    }
                }
                i = next;
            }
            other => {
                stack[frame_index].items.push(Node::literal(other as u32));
                i += 1;
            }
        }
        after_repeat = is_repeat;
    }
    if stack.len() != 1 {
        return Err(syntax(format!("missing closing ): `{source}`")));
    }
    Ok(stack
        .pop()
        .map(Frame::finish)
        .unwrap_or(Node::Concat(Vec::new())))
}

/// `{n}`, `{n,}` or `{n,m}` with decimal numbers.
fn is_counted_repeat(rest: &[char]) -> bool {
    let Some(close) = rest.iter().position(|&c| c == '}') else {
        return false;
    };
    let inner: String = rest[1..close].iter().collect();
    let (min, max) = match inner.split_once(',') {
        Some((min, max)) => (min, Some(max)),
        None => (inner.as_str(), None),
    };
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    digits(min) && max.is_none_or(|m| m.is_empty() || digits(m))
}

enum Escaped {
    Node(Node),
    Literals(Vec<char>),
}

/// A backslash sequence outside a class, starting at `chars[i] == '\\'`.
fn parse_backslash(chars: &[char], i: usize) -> Result<(Escaped, usize), RegexError> {
    match chars.get(i + 1) {
        Some('A') => return Ok((Escaped::Node(Node::Look(Look::BeginText)), i + 2)),
        Some('z') => return Ok((Escaped::Node(Node::Look(Look::EndText)), i + 2)),
        Some('b') => return Ok((Escaped::Node(Node::Look(Look::WordBoundary)), i + 2)),
        Some('B') => return Ok((Escaped::Node(Node::Look(Look::NotWordBoundary)), i + 2)),
        Some('C') => return Err(syntax("invalid escape sequence: `\\C`")),
        Some('Q') => {
            // Everything up to `\E` (or the end) is literal.
            let rest = &chars[i + 2..];
            let end = rest
                .windows(2)
                .position(|w| w[0] == '\\' && w[1] == 'E')
                .unwrap_or(rest.len());
            let next = if end == rest.len() {
                chars.len()
            } else {
                i + 2 + end + 2
            };
            return Ok((Escaped::Literals(rest[..end].to_vec()), next));
        }
        Some('p') | Some('P') => {
            return Err(RegexError::Unsupported(
                "Unicode character class `\\p`".to_string(),
            ))
        }
        Some(&c) => {
            if let Some(set) = perl_class(c) {
                return Ok((Escaped::Node(Node::Set(set)), i + 2));
            }
        }
        None => {}
    }
    let (rune, next) = parse_escape(chars, i)?;
    Ok((Escaped::Node(Node::literal(rune)), next))
}

/// Go's `parseEscape`: a single escaped character starting at `chars[i]`.
fn parse_escape(chars: &[char], i: usize) -> Result<(u32, usize), RegexError> {
    let Some(&c) = chars.get(i + 1) else {
        return Err(syntax("trailing backslash at end of expression"));
    };
    let invalid = |end: usize| {
        let text: String = chars[i..end.min(chars.len())].iter().collect();
        syntax(format!("invalid escape sequence: `{text}`"))
    };
    let mut t = i + 2;
    let octal = |c: Option<&char>| c.is_some_and(|c| ('0'..='7').contains(c));
    match c {
        c if c.is_ascii() && !c.is_ascii_alphanumeric() => Ok((c as u32, t)),
        '1'..='7' if !octal(chars.get(t)) => Err(invalid(t)),
        '0'..='7' => {
            let mut value = c as u32 - '0' as u32;
            for _ in 1..3 {
                if !octal(chars.get(t)) {
                    break;
                }
                value = value * 8 + (chars[t] as u32 - '0' as u32);
                t += 1;
            }
            Ok((value, t))
        }
        'x' => {
            let Some(&first) = chars.get(t) else {
                return Err(invalid(t));
            };
            t += 1;
            if first == '{' {
                let mut value: u32 = 0;
                let mut digits = 0;
                loop {
                    let Some(&d) = chars.get(t) else {
                        return Err(invalid(t));
                    };
                    t += 1;
                    if d == '}' {
                        break;
                    }
                    let Some(v) = d.to_digit(16) else {
                        return Err(invalid(t));
                    };
                    value = value * 16 + v;
                    if value > MAX_RUNE {
                        return Err(invalid(t));
                    }
                    digits += 1;
                }
                if digits == 0 {
                    return Err(invalid(t));
                }
                return Ok((value, t));
            }
            let second = chars.get(t).copied();
            t += 1;
            match (first.to_digit(16), second.and_then(|s| s.to_digit(16))) {
                (Some(x), Some(y)) => Ok((x * 16 + y, t)),
                _ => Err(invalid(t)),
            }
        }
        'a' => Ok((0x07, t)),
        'f' => Ok((0x0C, t)),
        'n' => Ok(('\n' as u32, t)),
        'r' => Ok(('\r' as u32, t)),
        't' => Ok(('\t' as u32, t)),
        'v' => Ok((0x0B, t)),
        _ => Err(invalid(t)),
    }
}

fn ascii_set(ranges: &[(char, char)]) -> CharSet {
    CharSet::from_ranges(ranges.iter().map(|&(a, b)| (a as u32, b as u32)).collect())
}

/// `\d \D \s \S \w \W`.
fn perl_class(c: char) -> Option<CharSet> {
    let set = match c.to_ascii_lowercase() {
        'd' => ascii_set(&[('0', '9')]),
        's' => ascii_set(&[('\t', '\n'), ('\x0C', '\r'), (' ', ' ')]),
        'w' => ascii_set(&[('0', '9'), ('A', 'Z'), ('a', 'z'), ('_', '_')]),
        _ => return None,
    };
    Some(if c.is_ascii_uppercase() {
        set.complement()
    } else {
        set
    })
}

/// POSIX classes such as `[:alpha:]` and `[:^alpha:]`.
fn posix_class(name: &str) -> Option<CharSet> {
    let (negated, bare) = match name.strip_prefix("[:^") {
        Some(rest) => (true, format!("[:{rest}")),
        None => (false, name.to_string()),
    };
    let set = match bare.as_str() {
        "[:alnum:]" => ascii_set(&[('0', '9'), ('A', 'Z'), ('a', 'z')]),
        "[:alpha:]" => ascii_set(&[('A', 'Z'), ('a', 'z')]),
        "[:ascii:]" => ascii_set(&[('\0', '\x7F')]),
        "[:blank:]" => ascii_set(&[('\t', '\t'), (' ', ' ')]),
        "[:cntrl:]" => ascii_set(&[('\0', '\x1F'), ('\x7F', '\x7F')]),
        "[:digit:]" => ascii_set(&[('0', '9')]),
        "[:graph:]" => ascii_set(&[('!', '~')]),
        "[:lower:]" => ascii_set(&[('a', 'z')]),
        "[:print:]" => ascii_set(&[(' ', '~')]),
        "[:punct:]" => ascii_set(&[('!', '/'), (':', '@'), ('[', '`'), ('{', '~')]),
        "[:space:]" => ascii_set(&[('\t', '\r'), (' ', ' ')]),
        "[:upper:]" => ascii_set(&[('A', 'Z')]),
        "[:word:]" => ascii_set(&[('0', '9'), ('A', 'Z'), ('a', 'z'), ('_', '_')]),
        "[:xdigit:]" => ascii_set(&[('0', '9'), ('A', 'F'), ('a', 'f')]),
        _ => return None,
    };
    Some(if negated { set.complement() } else { set })
}

/// Go's `parseClass`, starting at `chars[start] == '['`.
fn parse_class(chars: &[char], start: usize) -> Result<(CharSet, usize), RegexError> {
    let missing = || {
        let text: String = chars[start..].iter().collect();
        syntax(format!("missing closing ]: `{text}`"))
    };
    let mut t = start + 1;
    let mut negated = false;
    if chars.get(t) == Some(&'^') {
        negated = true;
        t += 1;
    }
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    // `]` is an ordinary character when it comes first.
    let mut first = true;
    loop {
        match chars.get(t) {
            None => return Err(missing()),
            Some(']') if !first => {
                t += 1;
                break;
            }
            _ => {}
        }
        first = false;

        if chars.get(t) == Some(&'[') && chars.get(t + 1) == Some(&':') && chars.len() > t + 2 {
            let rest = &chars[t + 2..];
            if let Some(end) = rest.windows(2).position(|w| w[0] == ':' && w[1] == ']') {
                let name: String = chars[t..t + 2 + end + 2].iter().collect();
                let Some(set) = posix_class(&name) else {
                    return Err(syntax(format!("invalid character class range: `{name}`")));
                };
                ranges.extend(set.ranges);
                t += 2 + end + 2;
                continue;
            }
        }

        if chars[t] == '\\' {
            match chars.get(t + 1) {
                Some('p') | Some('P') => {
                    return Err(RegexError::Unsupported(
                        "Unicode character class `\\p`".to_string(),
                    ))
                }
                Some(&c) => {
                    if let Some(set) = perl_class(c) {
                        ranges.extend(set.ranges);
                        t += 2;
                        continue;
                    }
                }
                None => {}
            }
        }

        let (lo, next) = parse_class_char(chars, t).map_err(|e| e.unwrap_or_else(missing))?;
        t = next;
        let mut hi = lo;
        // `[a-]` means `a` or `-`.
        if chars.get(t) == Some(&'-') && chars.get(t + 1).is_some_and(|&c| c != ']') {
            let (h, next) =
                parse_class_char(chars, t + 1).map_err(|e| e.unwrap_or_else(missing))?;
            if h < lo {
                let text: String = chars[t - 1..next].iter().collect();
                return Err(syntax(format!("invalid character class range: `{text}`")));
            }
            hi = h;
            t = next;
        }
        ranges.push((lo, hi));
    }
    let set = CharSet::from_ranges(ranges);
    Ok((if negated { set.complement() } else { set }, t))
}

/// One class character; `Err(None)` means the class is unterminated.
fn parse_class_char(chars: &[char], t: usize) -> Result<(u32, usize), Option<RegexError>> {
    match chars.get(t) {
        None => Err(None),
        Some('\\') => parse_escape(chars, t).map_err(Some),
        Some(&c) => Ok((c as u32, t + 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn re(source: &str) -> Regex {
        Regex::new(source).unwrap_or_else(|e| panic!("{source:?}: {e}"))
    }

    #[test]
    fn generated_shapes() {
        let r = re("^[^/]*\\.go$");
        assert!(r.is_match("main.go"));
        assert!(!r.is_match("cmd/main.go"));
        assert!(!r.is_match("main.gox"));
        let r = re("^(.*/)?dir2/[^/]*$");
        assert!(r.is_match("dir2/file"));
        assert!(r.is_match("a/b/dir2/file"));
        assert!(!r.is_match("a/dir2/x/file"));
        let r = re("^a(.*/)?b$");
        assert!(r.is_match("ab"));
        assert!(r.is_match("a/x/b"));
        assert!(r.is_match("ax/b"));
        assert!(!r.is_match("axb"));
    }

    #[test]
    fn dot_does_not_cross_newline_but_negated_classes_do() {
        assert!(!re("^a.b$").is_match("a\nb"));
        assert!(re("^a[^x]b$").is_match("a\nb"));
    }

    #[test]
    fn classes() {
        assert!(re("^[[:digit:]]+$").is_match("2024"));
        assert!(!re("^[[:digit:]]+$").is_match("v1"));
        assert!(re("^[^[:alpha:]]$").is_match("1"));
        assert!(re("^[\\d_]$").is_match("_"));
        assert!(re("^[]a]$").is_match("]"));
        assert!(re("^[a-]$").is_match("-"));
        // A `[` inside a class is literal, so this class is {[, ^, /}.
        let r = re("^[[^/]*]$");
        assert!(r.is_match("[[^]"));
        assert!(!r.is_match("x]"));
        assert!(matches!(Regex::new("^[z-a]$"), Err(RegexError::Syntax(_))));
        assert!(matches!(
            Regex::new("^[[:nope:]]$"),
            Err(RegexError::Syntax(_))
        ));
        assert!(matches!(Regex::new("^[ab"), Err(RegexError::Syntax(_))));
    }

    #[test]
    fn escapes() {
        assert!(re("^\\d$").is_match("7"));
        assert!(!re("^\\d$").is_match("d"));
        assert!(re("^a\\.b$").is_match("a.b"));
        assert!(re("^\\x41\\x{42}\\101$").is_match("ABA"));
        assert!(re("^\\Qa*b\\E$").is_match("a*b"));
        assert!(re("^\\ta$").is_match("\ta"));
        for bad in [
            "^\\q$", "^\\8$", "^\\1$", "^\\é$", "^a\\", "^\\C$", "^\\xZ$",
        ] {
            assert!(
                matches!(Regex::new(bad), Err(RegexError::Syntax(_))),
                "{bad:?} should not compile"
            );
        }
        assert!(matches!(
            Regex::new("^\\pL$"),
            Err(RegexError::Unsupported(_))
        ));
    }

    #[test]
    fn anchors_and_boundaries() {
        assert!(re("^^a$").is_match("a"));
        let r = re("^a^b$");
        assert!(r.can_never_match());
        assert!(!r.is_match("ab"));
        assert!(!re("^a$").can_never_match());
        assert!(re("^\\bfoo\\b$").is_match("foo"));
        assert!(re("foo\\B").is_match("foox"));
        assert!(!re("^foo\\B$").is_match("foo"));
        // Unanchored search, as Go's MatchString.
        assert!(re("b").is_match("abc"));
    }

    #[test]
    fn repetition_errors() {
        assert!(matches!(Regex::new("*a"), Err(RegexError::Syntax(_))));
        assert!(matches!(Regex::new("a**"), Err(RegexError::Syntax(_))));
        assert!(matches!(Regex::new("(a|*)"), Err(RegexError::Syntax(_))));
        assert!(re("a*?b").is_match("aab"));
        assert!(re("^(ab|cd)+$").is_match("abcdab"));
        assert!(re("^a{b$").is_match("a{b"));
        assert!(matches!(
            Regex::new("a{2}"),
            Err(RegexError::Unsupported(_))
        ));
        assert!(matches!(Regex::new("(a"), Err(RegexError::Syntax(_))));
        assert!(matches!(Regex::new("a)"), Err(RegexError::Syntax(_))));
    }

    #[test]
    fn long_inputs_stay_linear() {
        let r = re("^(.*/)?(.*/)?(.*/)?[^/]*\\.txt$");
        let long = "a/".repeat(3000) + "x.bin";
        assert!(!r.is_match(&long));
        let hit = "a/".repeat(3000) + "x.txt";
        assert!(r.is_match(&hit));
    }
}
