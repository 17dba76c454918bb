//! Shell patterns for `${V#p}`, `${V%p}` and `${V/p/r}`, matched the way
//! BuildKit matches them.
//!
//! BuildKit turns the pattern into a Go regular expression (`*` becomes `.*`
//! or `.*?`, `?` becomes `.`, everything else is literal) and lets Go's
//! `regexp` find the leftmost-first match. Two consequences we keep:
//! wildcards never match a newline (Go's `.`), and with several `*` the first
//! one's preference (longest or shortest) wins, not the overall length.
//!
//! Instead of a regex engine we run the tiny program a pattern compiles to on
//! a Pike VM: threads in priority order, at most one per instruction, so a
//! search costs O(value length × pattern length) whatever the input.

use super::go_unicode;

/// One element of a pattern after escapes are resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Piece {
    Literal(char),
    /// `?`: any one character except a newline.
    AnyChar,
    /// `*`: any run of characters without a newline.
    AnyRun,
}

/// Parses BuildKit's pattern syntax. The error is the reason, e.g.
/// `invalid escape '\x'`.
fn parse(pattern: &str) -> Result<Vec<Piece>, String> {
    // BuildKit reads the pattern with Go's text/scanner, which drops a byte
    // order mark at the very start.
    let pattern = pattern.strip_prefix('\u{FEFF}').unwrap_or(pattern);
    let mut pieces = Vec::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    while let Some(ch) = chars.next() {
        let piece = match ch {
            '*' => Piece::AnyRun,
            '?' => Piece::AnyChar,
            // `\}` and `\/` only protect the delimiters of `${…}`; the
            // backslash is dropped and the character taken as it is.
            '\\' if matches!(chars.peek(), Some('}' | '/')) => continue,
            '\\' => match chars.next() {
                Some(escaped @ ('*' | '?' | '\\')) => Piece::Literal(escaped),
                Some(other) => return Err(format!("invalid escape '\\{other}'")),
                None => return Err("invalid escape '\\' at the end of the pattern".to_string()),
            },
            other => Piece::Literal(other),
        };
        pieces.push(piece);
    }
    Ok(pieces)
}

#[derive(Clone, Copy, Debug)]
enum Inst {
    Char(char),
    /// Any character but `\n`.
    Any,
    /// Try both targets, the first with higher priority.
    Split(usize, usize),
    Jump(usize),
    Match,
}

struct Program {
    insts: Vec<Inst>,
}

impl Program {
    /// `greedy` makes every `*` prefer the longest run (`.*`), otherwise the
    /// shortest (`.*?`).
    fn compile(pieces: &[Piece], greedy: bool) -> Program {
        let mut insts = Vec::with_capacity(pieces.len() * 3 + 1);
        for piece in pieces {
            match *piece {
                Piece::Literal(ch) => insts.push(Inst::Char(ch)),
                Piece::AnyChar => insts.push(Inst::Any),
                Piece::AnyRun => {
                    let split = insts.len();
                    let (take, leave) = (split + 1, split + 3);
                    insts.push(if greedy {
                        Inst::Split(take, leave)
                    } else {
                        Inst::Split(leave, take)
                    });
                    insts.push(Inst::Any);
                    insts.push(Inst::Jump(split));
                }
            }
        }
        insts.push(Inst::Match);
        Program { insts }
    }

    /// The leftmost-first match in `text` at or after byte `from` (only at
    /// `from` when `anchored`), as `(start, end)` byte offsets.
    fn find(&self, text: &str, from: usize, anchored: bool) -> Option<(usize, usize)> {
        let mut vm = PikeVm::new(self.insts.len());
        let mut current: Vec<Thread> = Vec::new();
        let mut next: Vec<Thread> = Vec::new();
        let mut matched = None;
        let mut pos = from;
        let mut generation = 1;
        vm.add(&self.insts, &mut current, 0, from, generation);
        loop {
            if !anchored && matched.is_none() && pos > from {
                // A later start has lower priority than every live thread.
                vm.add(&self.insts, &mut current, 0, pos, generation);
            }
            let ch = text.get(pos..).and_then(|rest| rest.chars().next());
            for thread in &current {
                match self.insts[thread.pc] {
                    Inst::Match => {
                        matched = Some((thread.start, pos));
                        // Lower-priority threads can no longer win.
                        break;
                    }
                    Inst::Char(expected) if ch == Some(expected) => {
                        vm.add(
                            &self.insts,
                            &mut next,
                            thread.pc + 1,
                            thread.start,
                            generation + 1,
                        );
                    }
                    Inst::Any if ch.is_some_and(|c| c != '\n') => {
                        vm.add(
                            &self.insts,
                            &mut next,
                            thread.pc + 1,
                            thread.start,
                            generation + 1,
                        );
                    }
                    _ => {}
                }
            }
            let Some(ch) = ch else { break };
            pos += ch.len_utf8();
            generation += 1;
            std::mem::swap(&mut current, &mut next);
            next.clear();
            if current.is_empty() && (anchored || matched.is_some()) {
                break;
            }
        }
        matched
    }
}

#[derive(Clone, Copy, Debug)]
struct Thread {
    pc: usize,
    start: usize,
}

/// The bookkeeping of a Pike VM: which instructions already have a thread in
/// the list being built, and an explicit stack for following jumps (a
/// pattern of thousands of `*` must not recurse).
struct PikeVm {
    seen: Vec<usize>,
    stack: Vec<usize>,
}

impl PikeVm {
    fn new(len: usize) -> Self {
        PikeVm {
            seen: vec![0; len],
            stack: Vec::new(),
        }
    }

    /// Adds a thread at `pc` and everything reachable from it without
    /// consuming input, in priority order.
    fn add(
        &mut self,
        insts: &[Inst],
        list: &mut Vec<Thread>,
        pc: usize,
        start: usize,
        generation: usize,
    ) {
        self.stack.push(pc);
        while let Some(pc) = self.stack.pop() {
            if self.seen[pc] == generation {
                continue;
            }
            self.seen[pc] = generation;
            match insts[pc] {
                Inst::Jump(target) => self.stack.push(target),
                Inst::Split(first, second) => {
                    self.stack.push(second);
                    self.stack.push(first);
                }
                Inst::Char(_) | Inst::Any | Inst::Match => list.push(Thread { pc, start }),
            }
        }
    }
}

/// `${V#p}` (shortest) and `${V##p}` (longest): removes the matching prefix.
pub(crate) fn trim_prefix(pattern: &str, value: &str, longest: bool) -> Result<String, String> {
    let program = Program::compile(&parse(pattern)?, longest);
    Ok(match program.find(value, 0, true) {
        Some((_, end)) => value[end..].to_string(),
        None => value.to_string(),
    })
}

/// `${V%p}` (shortest) and `${V%%p}` (longest): removes the matching suffix.
///
/// A regex cannot look for the shortest match ending at the end, so BuildKit
/// reverses both the value and the pattern (keeping `\x` pairs in order) and
/// trims a prefix. We do the same, so quirks such as a trailing lone `\`
/// becoming a leading escape carry over.
pub(crate) fn trim_suffix(pattern: &str, value: &str, longest: bool) -> Result<String, String> {
    let reversed_value: String = value.chars().rev().collect();
    let trimmed = trim_prefix(&reverse_pattern(pattern), &reversed_value, longest)?;
    Ok(trimmed.chars().rev().collect())
}

/// Reverses a pattern by units, a unit being `\` with the character after it
/// or any other single character: `a\*c` becomes `c\*a`.
fn reverse_pattern(pattern: &str) -> String {
    let mut units: Vec<&str> = Vec::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(first) = rest.chars().next() {
        let mut len = first.len_utf8();
        if first == '\\' {
            if let Some(escaped) = rest[len..].chars().next() {
                len += escaped.len_utf8();
            }
        }
        units.push(&rest[..len]);
        rest = &rest[len..];
    }
    units.iter().rev().copied().collect()
}

/// `${V/p/r}` (first match, `all == false`) and `${V//p/r}` (every match).
/// Wildcards are greedy here.
///
/// BuildKit replaces the first match by plain concatenation but every match
/// with Go's `Regexp.ReplaceAllString`, so only in the second form does the
/// replacement go through Go's template expansion (`$0` is the match, `$$` a
/// dollar); see [`expand_template`].
pub(crate) fn replace(
    pattern: &str,
    value: &str,
    replacement: &str,
    all: bool,
) -> Result<String, String> {
    let program = Program::compile(&parse(pattern)?, true);
    if !all {
        return Ok(match program.find(value, 0, false) {
            Some((start, end)) => [&value[..start], replacement, &value[end..]].concat(),
            None => value.to_string(),
        });
    }

    // Go's replaceAll loop: after each match, search again from its end, but
    // always advance at least one character; an empty match right after the
    // previous match is not replaced.
    let mut out = String::with_capacity(value.len());
    let mut last_match_end = 0;
    let mut search_pos = 0;
    while search_pos <= value.len() {
        let Some((start, end)) = program.find(value, search_pos, false) else {
            break;
        };
        out.push_str(&value[last_match_end..start]);
        if end > last_match_end || start == 0 {
            expand_template(&mut out, replacement, &value[start..end]);
        }
        last_match_end = end;
        let width = value[search_pos..].chars().next().map_or(0, char::len_utf8);
        search_pos = if search_pos + width > end {
            search_pos + width
        } else if search_pos + 1 > end {
            search_pos + 1
        } else {
            end
        };
    }
    out.push_str(&value[last_match_end..]);
    Ok(out)
}

/// Go's `Regexp.Expand` for a regex without groups: `$0` or `${0}` is the
/// match, `$$` is `$`, any other well-formed `$name` is empty, and a `$`
/// that starts no name stays.
fn expand_template(out: &mut String, template: &str, matched: &str) {
    let mut rest = template;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        rest = &rest[dollar + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            out.push('$');
            rest = after;
            continue;
        }
        match template_name(rest) {
            Some((name, after)) => {
                if name == "0" {
                    out.push_str(matched);
                }
                rest = after;
            }
            None => out.push('$'),
        }
    }
    out.push_str(rest);
}

/// The name after a template `$`: `name` or `{name}`, letters, digits and `_`
/// by Go's definitions. Returns the name and the text after it.
fn template_name(text: &str) -> Option<(&str, &str)> {
    let (braced, body) = match text.strip_prefix('{') {
        Some(body) => (true, body),
        None => (false, text),
    };
    let len = body
        .char_indices()
        .find(|&(_, ch)| !(go_unicode::is_letter(ch) || go_unicode::is_digit(ch) || ch == '_'))
        .map_or(body.len(), |(index, _)| index);
    if len == 0 {
        return None;
    }
    let (name, after) = body.split_at(len);
    if braced {
        after.strip_prefix('}').map(|after| (name, after))
    } else {
        Some((name, after))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_wildcards_escapes_and_delimiter_escapes() {
        use Piece::*;
        assert_eq!(parse("a*?"), Ok(vec![Literal('a'), AnyRun, AnyChar]));
        assert_eq!(
            parse(r"\*\?\\"),
            Ok(vec![Literal('*'), Literal('?'), Literal('\\')])
        );
        assert_eq!(parse(r"\}\/"), Ok(vec![Literal('}'), Literal('/')]));
        assert_eq!(
            parse("()[]{}^$.|+"),
            Ok("()[]{}^$.|+".chars().map(Literal).collect())
        );
        assert_eq!(parse(r"\x"), Err(r"invalid escape '\x'".to_string()));
        assert!(parse("\\").is_err());
        assert!(parse(r"\\\").is_err());
        assert_eq!(parse("\u{FEFF}a"), Ok(vec![Literal('a')]));
    }

    #[test]
    fn reverses_patterns_by_units() {
        assert_eq!(reverse_pattern(r"a\*c"), r"c\*a");
        assert_eq!(reverse_pattern(r"\\\ab"), r"b\a\\");
        assert_eq!(reverse_pattern("ab\\"), r"\ba");
        assert_eq!(reverse_pattern("👽\\🚀🖖"), "🖖\\🚀👽");
        assert_eq!(reverse_pattern(r"\\b"), r"b\\");
        assert_eq!(reverse_pattern(""), "");
    }

    #[test]
    fn prefix_trims_prefer_the_first_star() {
        assert_eq!(trim_prefix("*x*y", "xxyy", false).as_deref(), Ok("y"));
        assert_eq!(trim_prefix("*x", "xxyy", true).as_deref(), Ok("yy"));
        assert_eq!(trim_prefix("*", "xxyy", false).as_deref(), Ok("xxyy"));
        assert_eq!(trim_prefix("*", "xxyy", true).as_deref(), Ok(""));
        assert_eq!(trim_prefix(r"?\?", "???y", false).as_deref(), Ok("?y"));
        assert_eq!(trim_prefix("z", "xxyy", false).as_deref(), Ok("xxyy"));
    }

    #[test]
    fn suffix_trims_reverse_value_and_pattern() {
        assert_eq!(trim_suffix(r"\**", "xx**", true).as_deref(), Ok("xx"));
        assert_eq!(trim_suffix(r"\**\*", "a***yy*", true).as_deref(), Ok("a"));
        assert_eq!(trim_suffix(".*", "1.2.3", false).as_deref(), Ok("1.2"));
        assert_eq!(trim_suffix(".*", "1.2.3", true).as_deref(), Ok("1"));
        // A lone trailing backslash becomes `\*` once reversed: a literal star.
        assert_eq!(trim_suffix("*\\", "ab*", false).as_deref(), Ok("ab"));
        assert!(trim_prefix("*\\", "ab*", false).is_err());
    }

    #[test]
    fn wildcards_do_not_cross_newlines() {
        assert_eq!(trim_prefix("*", "a\nb", true).as_deref(), Ok("\nb"));
        assert_eq!(trim_prefix("?", "\nb", false).as_deref(), Ok("\nb"));
        assert_eq!(trim_suffix("*", "a\nb", true).as_deref(), Ok("a\n"));
    }

    #[test]
    fn replaces_first_or_every_match() {
        assert_eq!(
            replace(r"\*/", "/foo*/*/*.txt", ".", false).as_deref(),
            Ok("/foo.*/*.txt")
        );
        assert_eq!(
            replace(r"\*/", "/foo*/*/*.txt", ".", true).as_deref(),
            Ok("/foo..*.txt")
        );
        assert_eq!(
            replace("/?/", "/a/foo/b/c.txt", "/", true).as_deref(),
            Ok("/foo/c.txt")
        );
        assert_eq!(
            replace("ba", "foobarbaz", "fo", false).as_deref(),
            Ok("fooforbaz")
        );
        assert_eq!(
            replace("ba", "foobarbaz", "fo", true).as_deref(),
            Ok("fooforfoz")
        );
        assert_eq!(replace("", "xxyy", "ww", false).as_deref(), Ok("wwxxyy"));
        assert_eq!(replace("", "xy", "-", true).as_deref(), Ok("-x-y-"));
        assert_eq!(replace("x*", "axxb", "-", true).as_deref(), Ok("a-"));
        assert_eq!(replace("q", "xxyy", "-", true).as_deref(), Ok("xxyy"));
    }

    #[test]
    fn replace_all_expands_go_templates() {
        assert_eq!(replace("o", "foo", "[$0]", true).as_deref(), Ok("f[o][o]"));
        assert_eq!(
            replace("o", "foo", "[${0}]", true).as_deref(),
            Ok("f[o][o]")
        );
        assert_eq!(replace("o", "foo", "$$", true).as_deref(), Ok("f$$"));
        assert_eq!(replace("o", "foo", "$1$name$00", true).as_deref(), Ok("f"));
        assert_eq!(replace("o", "foo", "$", true).as_deref(), Ok("f$$"));
        assert_eq!(replace("o", "foo", "${0", true).as_deref(), Ok("f${0${0"));
        // The single replacement is plain text.
        assert_eq!(replace("o", "foo", "[$0]", false).as_deref(), Ok("f[$0]o"));
    }

    #[test]
    fn many_stars_stay_fast_and_shallow() {
        let pattern = "*".repeat(1_000) + "z";
        let value = "a".repeat(1_000);
        assert_eq!(
            trim_prefix(&pattern, &value, true).as_deref(),
            Ok(value.as_str())
        );
        assert_eq!(
            replace(&pattern, &value, "-", true).as_deref(),
            Ok(value.as_str())
        );
    }
}
