//! Instruction flags: which exist, and whether their values are valid.
//!
//! Mirrors BuildKit's `BFlags.Parse` (unknown, duplicate, missing-value and
//! boolean errors, in its wording) and the per-flag value checks of the
//! instruction parsers (`--mount`, `--network`, `--chmod`, HEALTHCHECK
//! durations, …).

use super::ast::{Flag, Keyword};
use super::mount;
use crate::diagnostic::Diagnostic;
use crate::suggest;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FlagKind {
    /// `--link` or `--link=true|false`.
    Bool,
    /// `--from=x`, once.
    String,
    /// `--mount=x`, repeatable.
    Strings,
}

/// The flags each instruction accepts (BuildKit, Dockerfile 1.x stable and
/// labs syntax).
pub(crate) fn specs(keyword: Keyword) -> &'static [(&'static str, FlagKind)] {
    use FlagKind::*;
    match keyword {
        Keyword::From => &[("platform", String)],
        Keyword::Run => &[
            ("mount", Strings),
            ("network", String),
            ("security", String),
            ("device", Strings),
        ],
        Keyword::Copy => &[
            ("from", String),
            ("chown", String),
            ("chmod", String),
            ("link", Bool),
            ("parents", Bool),
            ("exclude", Strings),
        ],
        Keyword::Add => &[
            ("chown", String),
            ("chmod", String),
            ("link", Bool),
            ("keep-git-dir", Bool),
            ("checksum", String),
            ("unpack", Bool),
            ("exclude", Strings),
        ],
        Keyword::Healthcheck => &[
            ("interval", String),
            ("timeout", String),
            ("start-period", String),
            ("start-interval", String),
            ("retries", String),
        ],
        _ => &[],
    }
}

/// Check an instruction's flags; report problems into `out`.
///
/// `raw_values` holds, per flag, the value text as written in the source
/// (before quote removal), so mount field ranges can be exact.
pub(crate) fn check(
    keyword: Keyword,
    flags: &[Flag],
    raw_values: &[Option<String>],
    out: &mut Vec<Diagnostic>,
) {
    // BuildKit never parses STOPSIGNAL's flags; unknown instructions are
    // reported on their own.
    if matches!(keyword, Keyword::Stopsignal | Keyword::Unknown) {
        return;
    }
    let specs = specs(keyword);
    let mut seen: Vec<&str> = Vec::new();
    for (i, flag) in flags.iter().enumerate() {
        let name = flag.name.text.as_str();
        let Some(&(_, kind)) = specs.iter().find(|(n, _)| *n == name) else {
            let message = if specs.is_empty() {
                format!("unknown flag: {name} ({} takes no flags)", keyword.as_str())
            } else {
                format!(
                    "unknown flag: {name}{}",
                    suggest::did_you_mean(name, specs.iter().map(|(n, _)| *n), true)
                )
            };
            out.push(Diagnostic::syntax(flag.name.range, message));
            continue;
        };
        if kind != FlagKind::Strings && seen.contains(&name) {
            out.push(Diagnostic::syntax(
                flag.range,
                format!("duplicate flag specified: {name}"),
            ));
            continue;
        }
        seen.push(name);
        match (kind, &flag.value) {
            (FlagKind::Bool, None) => {}
            (FlagKind::Bool, Some(v)) => {
                if v.text.is_empty() {
                    out.push(Diagnostic::syntax(
                        flag.range,
                        format!("missing a value on flag: {name}"),
                    ));
                } else if !matches!(v.text.to_ascii_lowercase().as_str(), "true" | "false") {
                    out.push(Diagnostic::syntax(
                        v.range,
                        format!("expecting boolean value for flag {name}, not: {}", v.text),
                    ));
                }
            }
            (_, None) => out.push(Diagnostic::syntax(
                flag.range,
                format!("missing a value on flag: {name} (write --{name}=VALUE)"),
            )),
            (_, Some(_)) => check_value(keyword, flag, raw_values.get(i).cloned().flatten(), out),
        }
    }
}

/// Value checks for flags whose values BuildKit validates.
fn check_value(keyword: Keyword, flag: &Flag, raw: Option<String>, out: &mut Vec<Diagnostic>) {
    let Some(value) = &flag.value else { return };
    let v = value.text.as_str();
    // A variable may expand into a valid value; only judge literal values.
    if v.contains('$') {
        return;
    }
    let message = match (keyword, flag.name.text.as_str()) {
        (Keyword::Run, "mount") => match mount::parse_mount(value, raw.as_deref().unwrap_or(v)) {
            Err(e) => {
                out.push(Diagnostic::syntax(e.range, e.message));
                return;
            }
            Ok(_) => return,
        },
        (Keyword::Run, "network") if !matches!(v, "default" | "none" | "host") => {
            format!("unsupported network mode \"{v}\" (expected default, none or host)")
        }
        (Keyword::Run, "security") if !matches!(v, "sandbox" | "insecure") => {
            format!("unsupported security mode \"{v}\" (expected sandbox or insecure)")
        }
        (Keyword::Copy | Keyword::Add, "chmod") if !valid_chmod(v) => format!(
            "invalid chmod value \"{v}\": expected an octal mode like 0755 or a symbolic one like u+x,go-w"
        ),
        (Keyword::Add, "checksum") if !valid_checksum(v) => {
            format!("invalid checksum \"{v}\": expected a digest like sha256:<64 hex digits>")
        }
        (Keyword::Healthcheck, "retries") => match v.parse::<i64>() {
            Ok(n) if n < 0 => format!("--retries cannot be negative ({n})"),
            Ok(_) => return,
            Err(_) => format!("invalid --retries value \"{v}\": expected a whole number"),
        },
        (Keyword::Healthcheck, name) => match parse_duration(v) {
            Err(message) => message,
            Ok(nanos) if nanos != 0.0 && nanos < 1_000_000.0 => {
                format!("Interval \"{name}\" cannot be less than 1ms")
            }
            Ok(_) => return,
        },
        _ => return,
    };
    out.push(Diagnostic::syntax(value.range, message));
}

/// Octal (`755`, `0644`) or symbolic (`u+x,g-w,o=r`, `a+rX`) modes.
fn valid_chmod(v: &str) -> bool {
    if !v.is_empty() && v.len() <= 4 && v.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        return true;
    }
    !v.is_empty()
        && v.split(',').all(|clause| {
            let who_end = clause
                .find(|c: char| !matches!(c, 'u' | 'g' | 'o' | 'a'))
                .unwrap_or(clause.len());
            let rest = &clause[who_end..];
            let mut chars = rest.chars();
            matches!(chars.next(), Some('+' | '-' | '='))
                && chars.all(|c| {
                    matches!(
                        c,
                        'r' | 'w' | 'x' | 'X' | 's' | 't' | 'u' | 'g' | 'o' | '+' | '-' | '='
                    )
                })
        })
}

fn valid_checksum(v: &str) -> bool {
    let Some((algo, hex)) = v.split_once(':') else {
        return false;
    };
    let expected = match algo {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => return false,
    };
    hex.len() == expected && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Go's `time.ParseDuration`, returning nanoseconds or Go's error text.
pub fn parse_duration(s: &str) -> Result<f64, String> {
    let orig = s;
    let invalid = || format!("time: invalid duration \"{orig}\"");
    let mut rest = s;
    let mut negative = false;
    if let Some(r) = rest.strip_prefix('-') {
        negative = true;
        rest = r;
    } else if let Some(r) = rest.strip_prefix('+') {
        rest = r;
    }
    if rest == "0" {
        return Ok(0.0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total = 0.0f64;
    while !rest.is_empty() {
        let num_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number = &rest[..num_end];
        if number.is_empty() || number == "." || number.matches('.').count() > 1 {
            return Err(invalid());
        }
        let value: f64 = number.parse().map_err(|_| invalid())?;
        rest = &rest[num_end..];
        let unit_end = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let unit = &rest[..unit_end];
        if unit.is_empty() {
            return Err(format!("time: missing unit in duration \"{orig}\""));
        }
        let scale = match unit {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => {
                return Err(format!(
                    "time: unknown unit \"{unit}\" in duration \"{orig}\""
                ))
            }
        };
        total += value * scale;
        rest = &rest[unit_end..];
    }
    Ok(if negative { -total } else { total })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_like_go() {
        assert_eq!(parse_duration("30s"), Ok(30e9));
        assert_eq!(parse_duration("1m30s"), Ok(90e9));
        assert_eq!(parse_duration("1.5h"), Ok(5400e9));
        assert_eq!(parse_duration("0"), Ok(0.0));
        assert_eq!(parse_duration("500us"), Ok(500e3));
        assert_eq!(
            parse_duration("5"),
            Err("time: missing unit in duration \"5\"".to_string())
        );
        assert_eq!(
            parse_duration("5x"),
            Err("time: unknown unit \"x\" in duration \"5x\"".to_string())
        );
        assert!(parse_duration("").is_err());
        assert!(parse_duration("s").is_err());
    }

    #[test]
    fn chmod_forms() {
        for ok in ["755", "0644", "u+x", "go-w", "a=rX", "u+rw,g+r"] {
            assert!(valid_chmod(ok), "{ok}");
        }
        for bad in ["999", "75555", "rwx", "u", "", "u+q"] {
            assert!(!valid_chmod(bad), "{bad}");
        }
    }

    #[test]
    fn checksums() {
        assert!(valid_checksum(&format!("sha256:{}", "a".repeat(64))));
        assert!(!valid_checksum("sha256:abc"));
        assert!(!valid_checksum("md5:abc"));
    }
}
