//! Go's `path/filepath.Match` (Unix flavour), byte for byte.
//!
//! BuildKit expands COPY/ADD wildcards with it, and patternmatcher uses it to
//! reject malformed `.dockerignore` lines (`filepath.Match(p, ".")` must not
//! return `ErrBadPattern`). The port keeps Go's quirks: `*` and `?` never
//! match `/`, classes use `^` (not `!`) for negation, `\` escapes, and the
//! whole pattern is checked for syntax even after a mismatch.

/// Go's `filepath.ErrBadPattern`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadPattern;

const RUNE_ERROR: u32 = 0xFFFD;

/// `filepath.Match(pattern, name)`.
pub fn go_match(pattern: &str, name: &str) -> Result<bool, BadPattern> {
    let mut pattern = pattern.as_bytes();
    let mut name = name.as_bytes();
    'pattern: while !pattern.is_empty() {
        let (star, chunk, rest) = scan_chunk(pattern);
        pattern = rest;
        if star && chunk.is_empty() {
            // A trailing `*` matches the rest of the name unless it has a `/`.
            return Ok(!name.contains(&b'/'));
        }
        let (after, ok, err) = match_chunk(chunk, name);
        // On the last chunk the name must be used up; otherwise keep going
        // and let a later star absorb the rest.
        if ok && (after.is_empty() || !pattern.is_empty()) {
            name = after;
            continue;
        }
        if let Some(err) = err {
            return Err(err);
        }
        if star {
            // Try the chunk after skipping i+1 bytes; a star cannot skip `/`.
            let mut i = 0;
            while i < name.len() && name[i] != b'/' {
                let (after, ok, err) = match_chunk(chunk, &name[i + 1..]);
                if ok {
                    if pattern.is_empty() && !after.is_empty() {
                        i += 1;
                        continue;
                    }
                    name = after;
                    continue 'pattern;
                }
                if let Some(err) = err {
                    return Err(err);
                }
                i += 1;
            }
        }
        // Before answering "no", make sure the rest of the pattern is well formed.
        while !pattern.is_empty() {
            let (_, chunk, rest) = scan_chunk(pattern);
            pattern = rest;
            if let (_, _, Some(err)) = match_chunk(chunk, b"") {
                return Err(err);
            }
        }
        return Ok(false);
    }
    Ok(name.is_empty())
}

/// Whether Go considers the pattern well formed.
pub fn is_valid(pattern: &str) -> bool {
    go_match(pattern, ".").is_ok()
}

/// Whether a COPY source contains wildcards (BuildKit's `containsWildcards`:
/// `*`, `?` or `[`, where `\` hides the next byte).
pub fn contains_wildcards(name: &str) -> bool {
    let bytes = name.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'*' | b'?' | b'[' => return true,
            _ => {}
        }
        i += 1;
    }
    false
}

/// fsutil's `splitWildcards`: the cleaned path split into the part before the
/// first component with wildcards and the rest (`""` when there is none).
pub fn split_wildcards(path: &str) -> (String, String) {
    let cleaned = super::gopath::clean(path);
    let mut before: Vec<&str> = Vec::new();
    let mut after: Vec<&str> = Vec::new();
    let mut found = false;
    for component in cleaned.split('/') {
        if !found && contains_wildcards(component) {
            found = true;
        }
        let component = if component.is_empty() { "/" } else { component };
        if found {
            after.push(component);
        } else {
            before.push(component);
        }
    }
    (super::gopath::join(&before), super::gopath::join(&after))
}

/// Split off the leading stars and the chunk up to the next unbracketed star.
fn scan_chunk(mut pattern: &[u8]) -> (bool, &[u8], &[u8]) {
    let mut star = false;
    while let Some(b'*') = pattern.first() {
        pattern = &pattern[1..];
        star = true;
    }
    let mut in_range = false;
    let mut i = 0;
    while i < pattern.len() {
        match pattern[i] {
            // Error checking happens in match_chunk.
            b'\\' if i + 1 < pattern.len() => i += 1,
            b'[' => in_range = true,
            b']' => in_range = false,
            b'*' if !in_range => break,
            _ => {}
        }
        i += 1;
    }
    (star, &pattern[..i], &pattern[i..])
}

/// Match `chunk` (no stars) at the start of `s`. Returns the rest of `s`,
/// whether it matched, and a syntax error if the chunk is malformed. After a
/// mismatch the chunk is still scanned to find syntax errors.
fn match_chunk<'a>(mut chunk: &[u8], mut s: &'a [u8]) -> (&'a [u8], bool, Option<BadPattern>) {
    let mut failed = false;
    while !chunk.is_empty() {
        if !failed && s.is_empty() {
            failed = true;
        }
        match chunk[0] {
            b'[' => {
                let mut rune = 0;
                if !failed {
                    let (r, n) = decode_rune(s);
                    rune = r;
                    s = &s[n..];
                }
                chunk = &chunk[1..];
                let mut negated = false;
                if chunk.first() == Some(&b'^') {
                    negated = true;
                    chunk = &chunk[1..];
                }
                let mut matched = false;
                let mut ranges = 0;
                loop {
                    if chunk.first() == Some(&b']') && ranges > 0 {
                        chunk = &chunk[1..];
                        break;
                    }
                    let (lo, rest) = match get_escaped(chunk) {
                        Ok(v) => v,
                        Err(err) => return (b"", false, Some(err)),
                    };
                    chunk = rest;
                    let mut hi = lo;
                    if chunk.first() == Some(&b'-') {
                        match get_escaped(&chunk[1..]) {
                            Ok((h, rest)) => {
                                hi = h;
                                chunk = rest;
                            }
                            Err(err) => return (b"", false, Some(err)),
                        }
                    }
                    if lo <= rune && rune <= hi {
                        matched = true;
                    }
                    ranges += 1;
                }
                if matched == negated {
                    failed = true;
                }
            }
            b'?' => {
                if !failed {
                    if s[0] == b'/' {
                        failed = true;
                    }
                    let (_, n) = decode_rune(s);
                    s = &s[n..];
                }
                chunk = &chunk[1..];
            }
            first => {
                let literal = if first == b'\\' {
                    chunk = &chunk[1..];
                    match chunk.first() {
                        Some(&b) => b,
                        None => return (b"", false, Some(BadPattern)),
                    }
                } else {
                    first
                };
                if !failed {
                    if literal != s[0] {
                        failed = true;
                    }
                    s = &s[1..];
                }
                chunk = &chunk[1..];
            }
        }
    }
    if failed {
        (b"", false, None)
    } else {
        (s, true, None)
    }
}

/// One possibly escaped character of a class; the chunk must go on after it.
fn get_escaped(mut chunk: &[u8]) -> Result<(u32, &[u8]), BadPattern> {
    match chunk.first() {
        None | Some(b'-') | Some(b']') => return Err(BadPattern),
        Some(b'\\') => {
            chunk = &chunk[1..];
            if chunk.is_empty() {
                return Err(BadPattern);
            }
        }
        _ => {}
    }
    let (rune, n) = decode_rune(chunk);
    if rune == RUNE_ERROR && n == 1 {
        return Err(BadPattern);
    }
    let rest = &chunk[n..];
    if rest.is_empty() {
        return Err(BadPattern);
    }
    Ok((rune, rest))
}

/// `utf8.DecodeRune`: the first code point and its length; `(U+FFFD, 1)` for
/// an invalid byte and `(U+FFFD, 0)` for empty input.
pub(crate) fn decode_rune(bytes: &[u8]) -> (u32, usize) {
    let Some(&first) = bytes.first() else {
        return (RUNE_ERROR, 0);
    };
    let width = match first {
        0x00..=0x7F => return (first as u32, 1),
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return (RUNE_ERROR, 1),
    };
    match bytes.get(..width).and_then(|b| std::str::from_utf8(b).ok()) {
        Some(text) => match text.chars().next() {
            Some(c) => (c as u32, width),
            None => (RUNE_ERROR, 1),
        },
        None => (RUNE_ERROR, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cases from Go's `filepath.Match` documentation and behaviour.
    #[test]
    fn go_match_cases() {
        let ok: &[(&str, &str, bool)] = &[
            ("abc", "abc", true),
            ("*", "abc", true),
            ("*c", "abc", true),
            ("a*", "a", true),
            ("a*", "abc", true),
            ("a*", "ab/c", false),
            ("a*/b", "abc/b", true),
            ("a*/b", "a/c/b", false),
            ("a*b*c*d*e*/f", "axbxcxdxe/f", true),
            ("a*b*c*d*e*/f", "axbxcxdxexxx/f", true),
            ("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false),
            ("a*b*c*d*e*/f", "axbxcxdxexxx/fff", false),
            ("a*b?c*x", "abxbbxdbxebxczzx", true),
            ("a*b?c*x", "abxbbxdbxebxczzy", false),
            ("ab[c]", "abc", true),
            ("ab[b-d]", "abc", true),
            ("ab[e-g]", "abc", false),
            ("ab[^c]", "abc", false),
            ("ab[^b-d]", "abc", false),
            ("ab[^e-g]", "abc", true),
            ("a\\*b", "a*b", true),
            ("a\\*b", "ab", false),
            ("a?b", "a☺b", true),
            ("a[^a]b", "a☺b", true),
            ("a???b", "a☺b", false),
            ("[a-ζ]*", "α", true),
            ("*[a-ζ]", "A", false),
            ("a?b", "a/b", false),
            ("a*b", "a/b", false),
            ("[\\]a]", "]", true),
            ("[\\-]", "-", true),
            ("[x\\-]", "-", true),
            ("[x\\-]", "z", false),
            ("*x", "xxx", true),
            ("[!a]", "!", true),
            ("[!a]", "b", false),
        ];
        for (pattern, name, expected) in ok {
            assert_eq!(
                go_match(pattern, name),
                Ok(*expected),
                "Match({pattern:?}, {name:?})"
            );
        }
    }

    #[test]
    fn malformed_patterns_are_errors_even_after_a_mismatch() {
        for pattern in [
            "[]a]", "[-]", "[x-]", "[-x]", "\\", "[a-b-c]", "[", "[^", "[^bc", "a[", "zz[",
        ] {
            assert_eq!(go_match(pattern, "a"), Err(BadPattern), "{pattern:?}");
            assert!(!is_valid(pattern), "{pattern:?}");
        }
        // The syntax check covers chunks after the first mismatch.
        assert_eq!(go_match("x*[", "abc"), Err(BadPattern));
        assert!(is_valid("*.go"));
        assert!(is_valid("[a-z]?/**"));
    }

    #[test]
    fn wildcard_helpers() {
        assert!(contains_wildcards("src/*.js"));
        assert!(contains_wildcards("a[bc]"));
        assert!(!contains_wildcards("a\\*b"));
        assert!(!contains_wildcards("plain/path"));
        assert_eq!(
            split_wildcards("/src/*/x.js"),
            ("/src".to_string(), "*/x.js".to_string())
        );
        assert_eq!(split_wildcards("/a/b"), ("/a/b".to_string(), String::new()));
        assert_eq!(
            split_wildcards("/*.txt"),
            ("/".to_string(), "*.txt".to_string())
        );
    }
}
