//! Heredoc markers (`<<EOF`, `<<-"EOF"`, `3<<EOF`) as BuildKit recognises
//! them: a whole word matching `^(\d*)<<(-?)\s*([^<]*)$` with a non-empty
//! delimiter. Reading the bodies is done by the line scanner.

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Marker {
    pub fd: Option<u32>,
    pub chomp: bool,
    /// The delimiter with quotes and escapes removed.
    pub name: String,
    /// False when any part of the delimiter was quoted.
    pub expand: bool,
}

/// Parse one word as a heredoc marker.
pub(crate) fn parse_marker(word: &str) -> Option<Marker> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let rest = word[digits..].strip_prefix("<<")?;
    let (chomp, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let rest = rest.trim_start();
    if rest.is_empty() || rest.contains('<') {
        return None;
    }
    let fd = if digits > 0 {
        word[..digits].parse().ok()
    } else {
        None
    };
    let (name, quoted) = unquote(rest)?;
    if name.is_empty() {
        return None;
    }
    Some(Marker {
        fd,
        chomp,
        name,
        expand: !quoted,
    })
}

/// Remove shell quoting from a single word. Returns the value and whether
/// any quoting was present, or `None` if the word is not a single word
/// (unquoted whitespace) or has an unterminated quote.
fn unquote(word: &str) -> Option<(String, bool)> {
    let mut out = String::new();
    let mut quoted = false;
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                quoted = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        c => out.push(c),
                    }
                }
            }
            '"' => {
                quoted = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => out.push(chars.next()?),
                        c => out.push(c),
                    }
                }
            }
            '\\' => {
                quoted = true;
                out.push(chars.next()?);
            }
            c if c.is_whitespace() => return None,
            c => out.push(c),
        }
    }
    Some((out, quoted))
}

/// Strip leading tabs, as `<<-` does for each body line and the terminator.
pub(crate) fn strip_leading_tabs(line: &str) -> &str {
    line.trim_start_matches('\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(word: &str) -> Option<(Option<u32>, bool, String, bool)> {
        parse_marker(word).map(|m| (m.fd, m.chomp, m.name, m.expand))
    }

    #[test]
    fn markers() {
        assert_eq!(marker("<<EOF"), Some((None, false, "EOF".into(), true)));
        assert_eq!(marker("<<-EOT"), Some((None, true, "EOT".into(), true)));
        assert_eq!(
            marker("<<\"EOF\""),
            Some((None, false, "EOF".into(), false))
        );
        assert_eq!(marker("<<'EOF'"), Some((None, false, "EOF".into(), false)));
        assert_eq!(
            marker("<<E\"O\"F"),
            Some((None, false, "EOF".into(), false))
        );
        assert_eq!(marker("<<-\\EOT"), Some((None, true, "EOT".into(), false)));
        assert_eq!(marker("3<<EOF"), Some((Some(3), false, "EOF".into(), true)));
    }

    #[test]
    fn not_markers() {
        for word in [
            "<<", "<<-", "cat<<EOF", "<<<EOF", "<<EOF<", "<<\"EOF", "x", "2>&1",
        ] {
            assert_eq!(marker(word), None, "{word}");
        }
    }
}
