//! What the label rules (DL3048–DL3058) share: every `LABEL` pair with its
//! expanded key and value, the configured schema, and one validator per
//! schema type.

use super::spdx_ids::{EXCEPTION_IDS, LICENSE_IDS};
use crate::diagnostic::Diagnostic;
use crate::dockerfile::model::Expanded;
use crate::dockerfile::syntax::{Args, Keyword};
use crate::lint::config::LabelType;
use crate::lint::Checker;
use crate::rules::RuleMeta;
use crate::text::TextRange;

/// One `key=value` of a `LABEL`, as the builder sees it.
pub(super) struct LabelPair {
    /// Index of the LABEL instruction.
    pub instruction: usize,
    /// The key and value after quote removal and variable expansion.
    pub key: String,
    pub value: String,
    pub key_range: TextRange,
    /// The value as written (the whole pair when the value is empty).
    pub value_range: TextRange,
    /// Every variable in the pair is defined, so `value` is what the image gets.
    pub resolved: bool,
}

/// Every pair of every top-level `LABEL`, in file order.
pub(super) fn label_pairs(checker: &Checker<'_>) -> Vec<LabelPair> {
    let mut out = Vec::new();
    for (index, instruction) in checker.instructions() {
        let (Keyword::Label, Args::KeyValues(pairs)) = (instruction.keyword, &instruction.args)
        else {
            continue;
        };
        let step = checker.step(index).map(|(_, step)| step);
        let expanded = match step.map(|s| &s.expanded) {
            Some(Expanded::KeyValues(values)) if values.len() == pairs.len() => Some(values),
            _ => None,
        };
        // One pass over the references marks the pairs using an undefined
        // variable (pairs are in text order, so a binary search finds each
        // reference's pair).
        let mut unresolved = vec![false; pairs.len()];
        for reference in step.map_or(&[][..], |s| s.references.as_slice()) {
            let at = pairs.partition_point(|p| p.range.start() <= reference.range.start());
            if let Some(i) = at.checked_sub(1) {
                if pairs[i].range.contains_range(reference.range) && !reference.defined {
                    unresolved[i] = true;
                }
            }
        }
        for (i, pair) in pairs.iter().enumerate() {
            let (key, value) = match expanded.and_then(|values| values.get(i)) {
                Some((k, v)) => (k.clone(), v.clone()),
                None => (unquote(&pair.key.text), unquote(&pair.value.text)),
            };
            let resolved = !unresolved[i];
            out.push(LabelPair {
                instruction: index,
                key,
                value,
                key_range: pair.key.range,
                value_range: if pair.value.range.is_empty() {
                    pair.range
                } else {
                    pair.value.range
                },
                resolved,
            });
        }
    }
    out
}

fn unquote(text: &str) -> String {
    text.trim_matches('"').to_string()
}

/// Report each resolved value of a schema label of type `label_type` that
/// `valid` rejects; `message` gets the label name.
pub(super) fn check_typed_labels(
    checker: &Checker<'_>,
    meta: &RuleMeta,
    label_type: LabelType,
    valid: fn(&str) -> bool,
    message: fn(&str) -> String,
    out: &mut Vec<Diagnostic>,
) {
    let schema = &checker.config.label_schema;
    if !schema.values().any(|t| *t == label_type) {
        return;
    }
    for pair in label_pairs(checker) {
        if schema.get(&pair.key) == Some(&label_type) && pair.resolved && !valid(&pair.value) {
            out.push(checker.diagnostic(meta, pair.value_range, message(&pair.key)));
        }
    }
}

/// An absolute URI (RFC 3986): a scheme, `:`, then only URI characters,
/// every `%` starting an escape.
pub(super) fn is_url(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once(':') else {
        return false;
    };
    let mut scheme_chars = scheme.chars();
    let scheme_ok = scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return false;
    }
    let bytes = rest.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return false;
            }
            i += 3;
            continue;
        }
        let allowed = b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&b);
        if !allowed {
            return false;
        }
        i += 1;
    }
    true
}

/// An RFC 3339 date-time: `2024-05-01T12:30:00Z`, `…T12:30:00.5+02:00`.
pub(super) fn is_rfc3339(value: &str) -> bool {
    let bytes = value.as_bytes();
    let number = |from: usize, len: usize| -> Option<u32> {
        let digits = value.get(from..from + len)?;
        digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.parse().ok())?
    };
    let at = |i: usize, expected: &[u8]| bytes.get(i).is_some_and(|b| expected.contains(b));
    let (Some(year), Some(month), Some(day)) = (number(0, 4), number(5, 2), number(8, 2)) else {
        return false;
    };
    if !(at(4, b"-") && at(7, b"-") && at(10, b"Tt ")) {
        return false;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    let (Some(hour), Some(minute), Some(second)) = (number(11, 2), number(14, 2), number(17, 2))
    else {
        return false;
    };
    if !(at(13, b":") && at(16, b":"))
        || day == 0
        || day > days
        || hour > 23
        || minute > 59
        || second > 60
    {
        return false;
    }
    let mut i = 19;
    if at(i, b".") {
        let digits = bytes[i + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 {
            return false;
        }
        i += 1 + digits;
    }
    match bytes.get(i) {
        Some(b'Z' | b'z') => i + 1 == bytes.len(),
        Some(b'+' | b'-') => {
            i + 6 == bytes.len()
                && at(i + 3, b":")
                && number(i + 1, 2).is_some_and(|h| h <= 23)
                && number(i + 4, 2).is_some_and(|m| m <= 59)
        }
        _ => false,
    }
}

/// An SPDX license expression: identifiers from the SPDX list (or
/// `LicenseRef-…`, `DocumentRef-…:LicenseRef-…`), optionally with `+`,
/// joined by `AND`/`OR`, with `WITH <exception>` and parentheses.
pub(super) fn is_spdx_expression(value: &str) -> bool {
    let spaced = value.replace('(', " ( ").replace(')', " ) ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut parser = SpdxParser {
        tokens: &tokens,
        at: 0,
        depth: 0,
    };
    !tokens.is_empty() && parser.expression() && parser.at == tokens.len()
}

struct SpdxParser<'t> {
    tokens: &'t [&'t str],
    at: usize,
    depth: usize,
}

impl SpdxParser<'_> {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.at).copied()
    }

    /// term (("AND" | "OR") term)*
    fn expression(&mut self) -> bool {
        if !self.term() {
            return false;
        }
        while let Some(op) = self.peek() {
            if !matches!(op, "AND" | "OR" | "and" | "or") {
                break;
            }
            self.at += 1;
            if !self.term() {
                return false;
            }
        }
        true
    }

    /// "(" expression ")" | license ["WITH" exception]
    fn term(&mut self) -> bool {
        match self.peek() {
            Some("(") => {
                // Nesting is bounded by the input, but keep it explicit.
                if self.depth > 64 {
                    return false;
                }
                self.depth += 1;
                self.at += 1;
                let ok = self.expression() && self.peek() == Some(")");
                self.at += 1;
                self.depth -= 1;
                ok
            }
            Some(token) if is_license(token) => {
                self.at += 1;
                if matches!(self.peek(), Some("WITH" | "with")) {
                    self.at += 1;
                    let exception = self.peek().is_some_and(|e| {
                        EXCEPTION_IDS
                            .binary_search(&e.to_ascii_lowercase().as_str())
                            .is_ok()
                    });
                    self.at += 1;
                    return exception;
                }
                true
            }
            _ => false,
        }
    }
}

fn is_license(token: &str) -> bool {
    let id = token.strip_suffix('+').unwrap_or(token);
    let reference = |s: &str| {
        s.strip_prefix("LicenseRef-").is_some_and(|r| {
            !r.is_empty()
                && r.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
        })
    };
    match id.split_once(':') {
        Some((document, license)) => {
            document.strip_prefix("DocumentRef-").is_some_and(|d| {
                !d.is_empty()
                    && d.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
            }) && reference(license)
        }
        None => {
            reference(id)
                || LICENSE_IDS
                    .binary_search(&id.to_ascii_lowercase().as_str())
                    .is_ok()
        }
    }
}

/// A git commit hash: 7 (abbreviated) or 40 lower-case hex digits.
pub(super) fn is_git_hash(value: &str) -> bool {
    matches!(value.len(), 7 | 40)
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A semantic version 2.0.0: `MAJOR.MINOR.PATCH[-pre][+build]`, no
/// leading zeros in numbers.
pub(super) fn is_semver(value: &str) -> bool {
    let (rest, build) = match value.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (value, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (rest, None),
    };
    let numeric = |s: &str| {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
    };
    let ident =
        |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| numeric(p))
        && pre.is_none_or(|p| {
            p.split('.')
                .all(|id| ident(id) && (!id.bytes().all(|b| b.is_ascii_digit()) || numeric(id)))
        })
        && build.is_none_or(|b| b.split('.').all(ident))
}

/// An RFC 5322 addr-spec: `local@domain`, the local part a dot-atom or a
/// quoted string, the domain a dot-atom or a `[literal]`.
pub(super) fn is_email(value: &str) -> bool {
    let Some(at) = value.rfind('@') else {
        return false;
    };
    let (local, domain) = (&value[..at], &value[at + 1..]);
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    let dot_atom = |s: &str| {
        !s.is_empty()
            && s.split('.')
                .all(|part| !part.is_empty() && part.chars().all(atext))
    };
    let quoted = |s: &str| {
        s.len() >= 2
            && s.starts_with('"')
            && s.ends_with('"')
            && s[1..s.len() - 1]
                .chars()
                .all(|c| c.is_ascii() && !c.is_ascii_control() || c == '\t')
    };
    let literal = |s: &str| {
        s.len() >= 2
            && s.starts_with('[')
            && s.ends_with(']')
            && s[1..s.len() - 1]
                .chars()
                .all(|c| c.is_ascii_graphic() && !matches!(c, '[' | ']' | '\\'))
    };
    (dot_atom(local) || quoted(local)) && (dot_atom(domain) || literal(domain))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        for ok in [
            "https://example.com/x?y=1#z",
            "mailto:a@b.c",
            "urn:isbn:0451450523",
            "http://a/%20b",
        ] {
            assert!(is_url(ok), "{ok}");
        }
        for bad in [
            "example.com",
            "",
            "://x",
            "http://a b",
            "http://a/%2",
            "1http://x",
        ] {
            assert!(!is_url(bad), "{bad}");
        }
    }

    #[test]
    fn rfc3339() {
        for ok in [
            "2024-02-29T12:30:00Z",
            "2024-05-01t23:59:60.123+02:00",
            "1999-12-31 00:00:00-05:30",
        ] {
            assert!(is_rfc3339(ok), "{ok}");
        }
        for bad in [
            "2023-02-29T00:00:00Z",
            "2024-05-01",
            "2024-05-01T24:00:00Z",
            "2024-05-01T12:30:00",
            "2024-13-01T00:00:00Z",
            "2024-05-01T12:30:00+2:00",
            "2024-05-01T12:30:00.Z",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }

    #[test]
    fn spdx() {
        for ok in [
            "MIT",
            "mit",
            "Apache-2.0",
            "GPL-2.0+",
            "MIT OR Apache-2.0",
            "(MIT AND BSD-3-Clause) OR GPL-3.0-only WITH Classpath-exception-2.0",
            "LicenseRef-Proprietary",
            "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
        ] {
            assert!(is_spdx_expression(ok), "{ok}");
        }
        for bad in [
            "",
            "MIT/Apache",
            "Foo-1.0",
            "MIT OR",
            "(MIT",
            "MIT WITH Foo",
            "MIT AND AND BSD",
        ] {
            assert!(!is_spdx_expression(bad), "{bad}");
        }
    }

    #[test]
    fn hashes_versions_and_emails() {
        assert!(is_git_hash("1a2b3c4"));
        assert!(is_git_hash(&"a".repeat(40)));
        assert!(!is_git_hash("1A2B3C4") && !is_git_hash("1a2b3c") && !is_git_hash("ghijklm"));
        for ok in [
            "1.0.0",
            "0.1.2-rc.1+build.5",
            "10.20.30-alpha-1",
            "1.0.0+20130313144700",
        ] {
            assert!(is_semver(ok), "{ok}");
        }
        for bad in [
            "v1.0.0", "1.0", "01.0.0", "1.0.0-01", "1.0.0-", "1.0.0+", "1.0.0.0",
        ] {
            assert!(!is_semver(bad), "{bad}");
        }
        for ok in [
            "jane@example.com",
            "first.last+tag@sub.example.org",
            "\"odd person\"@example.com",
            "a@[192.168.0.1]",
        ] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "jane",
            "@example.com",
            "jane@",
            "jane..doe@example.com",
            "Jane <jane@example.com>",
            "a b@c.d",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
