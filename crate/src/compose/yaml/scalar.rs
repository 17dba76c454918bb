//! Scalar resolution: what type a plain scalar has.
//!
//! compose-go decodes with `go-yaml` v3/v4, which follows the YAML 1.2 core
//! schema for booleans and nulls (`yes`/`on` stay strings) but parses integers
//! with Go's base prefixes (`0x1f`, `0o17`, `0b101`, and a leading `0` for
//! octal, so `mode: 0440` is 288) and ignores `_` separators. We do the same.

use super::ScalarStyle;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A string; its text is the node's text.
    Str,
}

impl Scalar {
    /// JSON-schema type name.
    pub fn type_name(self) -> &'static str {
        match self {
            Scalar::Null => "null",
            Scalar::Bool(_) => "boolean",
            Scalar::Int(_) => "integer",
            Scalar::Float(_) => "number",
            Scalar::Str => "string",
        }
    }
}

/// Resolve a scalar written with `style`, optionally tagged with a core tag
/// suffix (`str`, `int`, …).
pub fn resolve(text: &str, style: ScalarStyle, core_tag: Option<&str>) -> Scalar {
    match core_tag {
        Some("str") | Some("binary") | Some("timestamp") => return Scalar::Str,
        Some("null") => return Scalar::Null,
        Some("bool") => return resolve_bool(text).map_or(Scalar::Str, Scalar::Bool),
        Some("int") => return resolve_int(text).map_or(Scalar::Str, Scalar::Int),
        Some("float") => {
            return resolve_int(text)
                .map(|i| Scalar::Float(i as f64))
                .or_else(|| resolve_float(text).map(Scalar::Float))
                .unwrap_or(Scalar::Str)
        }
        _ => {}
    }
    if style != ScalarStyle::Plain {
        return Scalar::Str;
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
        _ => {}
    }
    if let Some(b) = resolve_bool(text) {
        return Scalar::Bool(b);
    }
    if let Some(i) = resolve_int(text) {
        return Scalar::Int(i);
    }
    if let Some(f) = resolve_float(text) {
        return Scalar::Float(f);
    }
    Scalar::Str
}

fn resolve_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

fn resolve_int(text: &str) -> Option<i64> {
    let cleaned: String = text.chars().filter(|&c| c != '_').collect();
    let (negative, digits) = match cleaned.as_bytes().first() {
        Some(b'-') => (true, &cleaned[1..]),
        Some(b'+') => (false, &cleaned[1..]),
        _ => (false, cleaned.as_str()),
    };
    if digits.is_empty() || text.starts_with('_') {
        return None;
    }
    let lower = digits.to_ascii_lowercase();
    let (radix, body) = if let Some(hex) = lower.strip_prefix("0x") {
        (16, hex)
    } else if let Some(oct) = lower.strip_prefix("0o") {
        (8, oct)
    } else if let Some(bin) = lower.strip_prefix("0b") {
        (2, bin)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = i128::from_str_radix(body, radix).ok()?;
    let value = if negative { -magnitude } else { magnitude };
    i64::try_from(value).ok()
}

fn resolve_float(text: &str) -> Option<f64> {
    match text {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    // [-+]? ( . digits | digits [ . digits? ] ) ( [eE] [-+]? digits )?
    let bytes = text.as_bytes();
    let mut i = 0;
    if matches!(bytes.first(), Some(b'-' | b'+')) {
        i = 1;
    }
    let int_start = i;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut frac_digits = 0;
    if i < bytes.len() && bytes[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        frac_digits = i - frac_start;
    }
    if int_digits == 0 && frac_digits == 0 {
        return None;
    }
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        i += 1;
        if matches!(bytes.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let exp_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return None;
        }
    }
    if i != bytes.len() {
        return None;
    }
    text.parse::<f64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Scalar {
        resolve(text, ScalarStyle::Plain, None)
    }

    #[test]
    fn yaml_1_1_booleans_stay_strings() {
        assert_eq!(plain("yes"), Scalar::Str);
        assert_eq!(plain("on"), Scalar::Str);
        assert_eq!(plain("true"), Scalar::Bool(true));
        assert_eq!(plain("FALSE"), Scalar::Bool(false));
    }

    #[test]
    fn integers_follow_go_prefixes() {
        assert_eq!(plain("80"), Scalar::Int(80));
        assert_eq!(plain("-3"), Scalar::Int(-3));
        assert_eq!(plain("0440"), Scalar::Int(0o440));
        assert_eq!(plain("0x1F"), Scalar::Int(31));
        assert_eq!(plain("0o17"), Scalar::Int(15));
        assert_eq!(plain("1_000"), Scalar::Int(1000));
        assert_eq!(plain("99999999999999999999"), Scalar::Float(1e20));
    }

    #[test]
    fn floats_nulls_and_strings() {
        assert_eq!(plain("1.5"), Scalar::Float(1.5));
        assert_eq!(plain(".5"), Scalar::Float(0.5));
        assert_eq!(plain("1e3"), Scalar::Float(1000.0));
        assert_eq!(plain(""), Scalar::Null);
        assert_eq!(plain("~"), Scalar::Null);
        assert_eq!(plain("80:80"), Scalar::Str);
        assert_eq!(plain("1.2.3"), Scalar::Str);
        assert_eq!(resolve("80", ScalarStyle::DoubleQuoted, None), Scalar::Str);
        assert_eq!(resolve("80", ScalarStyle::Plain, Some("str")), Scalar::Str);
    }
}
