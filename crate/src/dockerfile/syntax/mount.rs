//! `RUN --mount=…` values, parsed the way BuildKit's `parseMount` does.
//!
//! The value is a CSV list of `key=value` fields (a few keys may stand
//! alone). Each field keeps its range so errors and explanations can point
//! at the exact option.

use super::ast::Token;
use crate::suggest;
use crate::text::TextRange;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MountType {
    Bind,
    Cache,
    Tmpfs,
    Secret,
    Ssh,
}

impl MountType {
    pub const ALL: [MountType; 5] = [
        MountType::Bind,
        MountType::Cache,
        MountType::Tmpfs,
        MountType::Secret,
        MountType::Ssh,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MountType::Bind => "bind",
            MountType::Cache => "cache",
            MountType::Tmpfs => "tmpfs",
            MountType::Secret => "secret",
            MountType::Ssh => "ssh",
        }
    }

    fn parse(s: &str) -> Option<MountType> {
        MountType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
    }
}

/// One `key[=value]` field of a mount.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MountField {
    /// Lower-cased key.
    pub key: Token,
    pub value: Option<Token>,
}

/// A parsed `--mount`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mount {
    #[serde(rename = "type")]
    pub mount_type: MountType,
    pub fields: Vec<MountField>,
    /// Explicit `ro`/`rw`, if any.
    pub read_only_explicit: Option<bool>,
    pub required: bool,
}

impl Mount {
    fn value_of(&self, keys: &[&str]) -> Option<&Token> {
        self.fields
            .iter()
            .rev()
            .find(|f| keys.contains(&f.key.text.as_str()))
            .and_then(|f| f.value.as_ref())
    }

    pub fn target(&self) -> Option<&Token> {
        self.value_of(&["target", "dst", "destination"])
    }

    pub fn source(&self) -> Option<&Token> {
        self.value_of(&["source", "src"])
    }

    pub fn from(&self) -> Option<&Token> {
        self.value_of(&["from"])
    }

    pub fn id(&self) -> Option<&Token> {
        self.value_of(&["id"])
    }

    pub fn sharing(&self) -> Option<&Token> {
        self.value_of(&["sharing"])
    }

    pub fn env(&self) -> Option<&Token> {
        self.value_of(&["env"])
    }

    pub fn field(&self, key: &str) -> Option<&Token> {
        self.value_of(&[key])
    }

    /// Bind, secret and ssh mounts are read-only unless `rw` is given; cache
    /// and tmpfs mounts are writable.
    pub fn is_read_only(&self) -> bool {
        self.read_only_explicit.unwrap_or(matches!(
            self.mount_type,
            MountType::Bind | MountType::Secret | MountType::Ssh
        ))
    }
}

/// An error in a mount value, with the range of the offending field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountError {
    pub range: TextRange,
    pub message: String,
}

const KEYS: [&str; 19] = [
    "type",
    "from",
    "source",
    "target",
    "readonly",
    "id",
    "sharing",
    "required",
    "size",
    "mode",
    "uid",
    "gid",
    "src",
    "dst",
    "destination",
    "ro",
    "rw",
    "readwrite",
    "env",
];

/// Split a CSV line into fields (double quotes group, `""` is a quote).
fn csv_fields(value: &str) -> Vec<(usize, usize, String)> {
    let mut fields = Vec::new();
    let mut start = 0;
    let mut current = String::new();
    let mut in_quotes = false;
    let mut chars = value.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' if in_quotes => {
                if chars.peek().map(|(_, n)| *n) == Some('"') {
                    chars.next();
                    current.push('"');
                } else {
                    in_quotes = false;
                }
            }
            '"' if current.is_empty() || !in_quotes => in_quotes = true,
            ',' if !in_quotes => {
                fields.push((start, i, std::mem::take(&mut current)));
                start = i + 1;
            }
            _ => current.push(c),
        }
    }
    fields.push((start, value.len(), current));
    fields
}

fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

/// Parse a mount value. `value` is the flag value with its source range;
/// ranges of fields are exact when the value was written without quotes.
pub fn parse_mount(value: &Token, raw: &str) -> Result<Mount, MountError> {
    // Offsets inside the value map to the source only if the raw text is the
    // value itself (no quoting or escapes changed its length).
    let exact = raw == value.text;
    let range_of = |s: usize, e: usize| {
        if exact {
            TextRange::new(value.range.start() + s, value.range.start() + e)
        } else {
            value.range
        }
    };
    let mut mount = Mount {
        mount_type: MountType::Bind,
        fields: Vec::new(),
        read_only_explicit: None,
        required: false,
    };
    for (start, end, field) in csv_fields(&value.text) {
        if field.is_empty() {
            continue;
        }
        let (key_raw, val) = match field.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (field.as_str(), None),
        };
        let key = key_raw.to_ascii_lowercase();
        let key_range = range_of(start, (start + key_raw.len()).min(end));
        let val_token = val.map(|v| Token::new(v, range_of(end - v.len(), end)));
        let field_range = range_of(start, end);
        match (key.as_str(), &val_token) {
            ("readonly" | "ro", None) => mount.read_only_explicit = Some(true),
            ("readwrite" | "rw", None) => mount.read_only_explicit = Some(false),
            ("required", None) => mount.required = true,
            (_, None) => {
                return Err(MountError {
                    range: field_range,
                    message: format!("invalid field '{field}' must be a key=value pair"),
                })
            }
            ("type", Some(v)) => match MountType::parse(&v.text) {
                Some(t) => mount.mount_type = t,
                None => {
                    return Err(MountError {
                        range: v.range,
                        message: format!(
                            "unsupported mount type \"{}\"{}",
                            v.text,
                            suggest::did_you_mean(
                                &v.text,
                                MountType::ALL.iter().map(|t| t.as_str()),
                                false
                            )
                        ),
                    })
                }
            },
            ("readonly" | "ro" | "readwrite" | "rw" | "required", Some(v)) => {
                let Some(b) = parse_bool(&v.text) else {
                    return Err(MountError {
                        range: v.range,
                        message: format!("invalid value for {key}: {}", v.text),
                    });
                };
                match key.as_str() {
                    "readonly" | "ro" => mount.read_only_explicit = Some(b),
                    "readwrite" | "rw" => mount.read_only_explicit = Some(!b),
                    _ => mount.required = b,
                }
            }
            ("sharing", Some(v)) => {
                if !matches!(v.text.as_str(), "" | "shared" | "private" | "locked") {
                    return Err(MountError {
                        range: v.range,
                        message: format!(
                            "unsupported sharing value \"{}\" (expected shared, private or locked)",
                            v.text
                        ),
                    });
                }
            }
            ("mode", Some(v)) => {
                if u32::from_str_radix(&v.text, 8).is_err() {
                    return Err(MountError {
                        range: v.range,
                        message: format!(
                            "invalid value {} for mode: expected an octal number like 0755",
                            v.text
                        ),
                    });
                }
            }
            ("uid" | "gid", Some(v)) => {
                if v.text.parse::<u32>().is_err() {
                    return Err(MountError {
                        range: v.range,
                        message: format!("invalid value {} for {key}: expected a number", v.text),
                    });
                }
            }
            (k, Some(_)) if KEYS.contains(&k) => {}
            (k, Some(_)) => {
                return Err(MountError {
                    range: key_range,
                    message: format!(
                        "unexpected key '{k}' in '{field}'{}",
                        suggest::did_you_mean(k, KEYS, true)
                    ),
                })
            }
        }
        mount.fields.push(MountField {
            key: Token::new(key, key_range),
            value: val_token,
        });
    }
    validate(&mount, value.range)?;
    Ok(mount)
}

/// Checks that depend on the mount type, which may come after other fields.
fn validate(mount: &Mount, whole: TextRange) -> Result<(), MountError> {
    let t = mount.mount_type;
    let field_error = |key: &str, message: String| {
        let range = mount
            .fields
            .iter()
            .find(|f| f.key.text == key)
            .map(|f| f.key.range)
            .unwrap_or(whole);
        Err(MountError { range, message })
    };
    let file_info_allowed = matches!(t, MountType::Secret | MountType::Ssh | MountType::Cache);
    for key in ["mode", "uid", "gid"] {
        if !file_info_allowed && mount.field(key).is_some() {
            return field_error(
                key,
                format!("{key} not allowed for \"{}\" type mounts", t.as_str()),
            );
        }
    }
    if mount.sharing().is_some() && t != MountType::Cache {
        return field_error(
            "sharing",
            format!("invalid cache sharing set for {} mount", t.as_str()),
        );
    }
    if mount.field("size").is_some() && t != MountType::Tmpfs {
        return field_error(
            "size",
            format!("unexpected key 'size' for mount type '{}'", t.as_str()),
        );
    }
    if mount.field("env").is_some() && t != MountType::Secret {
        return field_error(
            "env",
            format!("unexpected key 'env' for mount type '{}'", t.as_str()),
        );
    }
    if mount.required && !matches!(t, MountType::Secret | MountType::Ssh) {
        return field_error(
            "required",
            format!("unexpected key 'required' for mount type '{}'", t.as_str()),
        );
    }
    if t == MountType::Secret {
        if mount.from().is_some() {
            return field_error("from", "secret mount should not have a from".to_string());
        }
        if mount.source().is_some() {
            let key = if mount.field("src").is_some() {
                "src"
            } else {
                "source"
            };
            return field_error(key, "secret mount should not have a source".to_string());
        }
    }
    if matches!(t, MountType::Bind | MountType::Cache | MountType::Tmpfs)
        && mount.target().is_none()
    {
        return Err(MountError {
            range: whole,
            message: format!(
                "--mount of type {} requires a target (target=/path)",
                t.as_str()
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mount(text: &str) -> Result<Mount, MountError> {
        let token = Token::new(text, TextRange::new(100, 100 + text.len()));
        parse_mount(&token, text)
    }

    #[test]
    fn cache_mount_with_options() {
        let m = mount("type=cache,target=/root/.cache/pip,sharing=locked,id=pip").unwrap();
        assert_eq!(m.mount_type, MountType::Cache);
        assert_eq!(m.target().unwrap().text, "/root/.cache/pip");
        assert_eq!(m.target().unwrap().range, TextRange::new(118, 134));
        assert_eq!(m.sharing().unwrap().text, "locked");
        assert!(!m.is_read_only());
    }

    #[test]
    fn bind_is_default_and_read_only() {
        let m = mount("target=/src,source=package.json").unwrap();
        assert_eq!(m.mount_type, MountType::Bind);
        assert!(m.is_read_only());
        let m = mount("type=bind,dst=/x,rw").unwrap();
        assert!(!m.is_read_only());
    }

    #[test]
    fn secret_with_env_and_required() {
        let m = mount("type=secret,id=npmrc,env=NPM_TOKEN,required").unwrap();
        assert!(m.required);
        assert_eq!(m.env().unwrap().text, "NPM_TOKEN");
        assert!(m.target().is_none(), "secrets need no target");
    }

    #[test]
    fn errors_point_at_the_field() {
        let e = mount("type=cahce,target=/x").unwrap_err();
        assert!(
            e.message.contains("unsupported mount type \"cahce\""),
            "{}",
            e.message
        );
        assert!(e.message.contains("did you mean cache"), "{}", e.message);
        assert_eq!(e.range, TextRange::new(105, 110));
        let e = mount("type=cache,taget=/x").unwrap_err();
        assert!(e.message.starts_with("unexpected key 'taget'"));
        assert_eq!(e.range, TextRange::new(111, 116));
        let e = mount("type=bind,source=x").unwrap_err();
        assert!(e.message.contains("requires a target"));
        let e = mount("type=secret,id=a,source=b").unwrap_err();
        assert_eq!(e.message, "secret mount should not have a source");
        let e = mount("type=tmpfs,target=/t,sharing=locked").unwrap_err();
        assert!(e.message.contains("invalid cache sharing"));
        let e = mount("type=cache,target=/t,mode=999").unwrap_err();
        assert!(e.message.contains("octal"));
        let e = mount("type=cache,target=/t,foo").unwrap_err();
        assert!(e.message.contains("must be a key=value pair"));
    }
}
