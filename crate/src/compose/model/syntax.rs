//! Parsers for compose's string mini-languages: port specs, volume specs,
//! durations, byte sizes and lenient booleans. They work on plain strings
//! and return byte offsets into them so callers can point inside a value.

use serde::Serialize;

/// An inclusive port range (`8000-8010`), or a single port (`start == end`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct PortRange {
    pub start: u32,
    pub end: u32,
}

impl PortRange {
    pub fn single(port: u32) -> Self {
        PortRange {
            start: port,
            end: port,
        }
    }

    pub fn len(self) -> u32 {
        self.end - self.start + 1
    }

    pub fn is_empty(self) -> bool {
        false
    }

    pub fn contains(self, port: u32) -> bool {
        self.start <= port && port <= self.end
    }

    pub fn overlaps(self, other: PortRange) -> bool {
        self.start <= other.end && other.start <= self.end
    }
}

impl std::fmt::Display for PortRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.start == self.end {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{}-{}", self.start, self.end)
        }
    }
}

/// A part of a spec string: its text and byte offsets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

impl Part {
    fn new(source: &str, start: usize, end: usize) -> Part {
        Part {
            text: source[start..end].to_string(),
            start,
            end,
        }
    }
}

/// `[host_ip:][published:]target[/protocol]`, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortSpec {
    pub host_ip: Option<Part>,
    pub published: Option<Part>,
    pub published_range: Option<PortRange>,
    pub target: Part,
    pub target_range: PortRange,
    pub protocol: Option<Part>,
}

/// A problem in a spec, with the byte offsets of the offending part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecError {
    pub message: String,
    pub start: usize,
    pub end: usize,
}

fn spec_error(message: String, start: usize, end: usize) -> SpecError {
    SpecError {
        message,
        start,
        end,
    }
}

/// Parse a short-syntax port the way docker/go-connections does.
pub fn parse_port_spec(spec: &str) -> Result<PortSpec, SpecError> {
    let (body_end, protocol) = match spec.rfind('/') {
        Some(slash) => (slash, Some(Part::new(spec, slash + 1, spec.len()))),
        None => (spec.len(), None),
    };
    if let Some(protocol) = &protocol {
        if !matches!(
            protocol.text.to_ascii_lowercase().as_str(),
            "tcp" | "udp" | "sctp"
        ) {
            return Err(spec_error(
                format!(
                    "invalid protocol {:?}: expected tcp, udp or sctp",
                    protocol.text
                ),
                protocol.start,
                protocol.end,
            ));
        }
    }
    let body = &spec[..body_end];
    // Split into at most ip / published / target, IPv6 allowed in brackets or bare.
    let (ip, host_and_target_start) = if body.starts_with('[') {
        match body.find("]:") {
            Some(close) => (Some(Part::new(spec, 1, close)), close + 2),
            None => {
                return Err(spec_error(
                    format!("invalid port specification: {spec:?}"),
                    0,
                    spec.len(),
                ))
            }
        }
    } else {
        let colons = body.matches(':').count();
        if colons >= 2 {
            // The last two parts are published and target; the rest is the IP.
            let last = body.rfind(':').unwrap_or(0);
            let second = body[..last].rfind(':').unwrap_or(0);
            (Some(Part::new(spec, 0, second)), second + 1)
        } else {
            (None, 0)
        }
    };
    let rest = &body[host_and_target_start..];
    let (published, target) = match rest.rfind(':') {
        Some(colon) => (
            Some(Part::new(
                spec,
                host_and_target_start,
                host_and_target_start + colon,
            )),
            Part::new(spec, host_and_target_start + colon + 1, body_end),
        ),
        None => (None, Part::new(spec, host_and_target_start, body_end)),
    };
    if let Some(ip) = &ip {
        if !ip.text.is_empty() && ip.text.parse::<std::net::IpAddr>().is_err() {
            return Err(spec_error(
                format!("invalid IP address {:?}", ip.text),
                ip.start,
                ip.end,
            ));
        }
    }
    let target_range = parse_port_range(&target.text).ok_or_else(|| {
        spec_error(
            format!("invalid container port {:?}", target.text),
            target.start,
            target.end,
        )
    })?;
    if target_range.start == 0 {
        return Err(spec_error(
            "container port 0 is not valid".to_string(),
            target.start,
            target.end,
        ));
    }
    let published_range = match &published {
        Some(p) if !p.text.is_empty() => {
            let range = parse_port_range(&p.text).ok_or_else(|| {
                spec_error(format!("invalid host port {:?}", p.text), p.start, p.end)
            })?;
            if range.len() != target_range.len() && target_range.len() != 1 {
                return Err(spec_error(
                    format!(
                        "host port range {range} and container port range {target_range} have different sizes"
                    ),
                    p.start,
                    target.end,
                ));
            }
            Some(range)
        }
        _ => None,
    };
    Ok(PortSpec {
        host_ip: ip,
        published: published.filter(|p| !p.text.is_empty()),
        published_range,
        target,
        target_range,
        protocol,
    })
}

/// `80` or `8000-8010`, each port within 0..=65535 and start <= end.
pub fn parse_port_range(text: &str) -> Option<PortRange> {
    let (start, end) = match text.split_once('-') {
        Some((a, b)) => (parse_port(a)?, parse_port(b)?),
        None => {
            let port = parse_port(text)?;
            (port, port)
        }
    };
    (start <= end).then_some(PortRange { start, end })
}

fn parse_port(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 5 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let port: u32 = text.parse().ok()?;
    (port <= 65535).then_some(port)
}

/// Kinds of mount, as the long syntax's `type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MountKind {
    Bind,
    Volume,
    Tmpfs,
    Npipe,
    Cluster,
    Image,
}

impl MountKind {
    pub fn parse(text: &str) -> Option<MountKind> {
        Some(match text {
            "bind" => MountKind::Bind,
            "volume" => MountKind::Volume,
            "tmpfs" => MountKind::Tmpfs,
            "npipe" => MountKind::Npipe,
            "cluster" => MountKind::Cluster,
            "image" => MountKind::Image,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MountKind::Bind => "bind",
            MountKind::Volume => "volume",
            MountKind::Tmpfs => "tmpfs",
            MountKind::Npipe => "npipe",
            MountKind::Cluster => "cluster",
            MountKind::Image => "image",
        }
    }
}

/// `[source:]target[:options]`, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolumeSpec {
    pub kind: MountKind,
    pub source: Option<Part>,
    pub target: Part,
    pub options: Vec<Part>,
}

const VOLUME_OPTIONS: &[&str] = &[
    "ro",
    "rw",
    "z",
    "Z",
    "nocopy",
    "shared",
    "rshared",
    "slave",
    "rslave",
    "private",
    "rprivate",
    "consistent",
    "cached",
    "delegated",
    "copy",
];

/// Parse a short-syntax volume (`./data:/data:ro`, `db:/var/lib/db`, `/tmp`).
pub fn parse_volume_spec(spec: &str) -> Result<VolumeSpec, SpecError> {
    let parts = split_volume_parts(spec);
    let (source, target, options) = match parts.len() {
        1 => (None, parts[0].clone(), Vec::new()),
        2 => {
            // `/src:/dst` or `/dst:ro`.
            if is_container_path(&parts[1].text) || !looks_like_options(&parts[1].text) {
                (Some(parts[0].clone()), parts[1].clone(), Vec::new())
            } else {
                (None, parts[0].clone(), split_options(spec, &parts[1]))
            }
        }
        3 => (
            Some(parts[0].clone()),
            parts[1].clone(),
            split_options(spec, &parts[2]),
        ),
        _ => {
            return Err(spec_error(
                format!("invalid volume specification: {spec:?}: too many colons"),
                0,
                spec.len(),
            ))
        }
    };
    if target.text.is_empty() {
        return Err(spec_error(
            format!("invalid volume specification: {spec:?}: missing the container path"),
            0,
            spec.len(),
        ));
    }
    for option in &options {
        if !VOLUME_OPTIONS.contains(&option.text.as_str()) {
            return Err(spec_error(
                format!("invalid volume option {:?}", option.text),
                option.start,
                option.end,
            ));
        }
    }
    let kind = match &source {
        None => MountKind::Volume,
        Some(s) if is_host_path(&s.text) => MountKind::Bind,
        Some(_) => MountKind::Volume,
    };
    Ok(VolumeSpec {
        kind,
        source,
        target,
        options,
    })
}

/// A bind source: a path (`.`, `/`, `~`, a Windows drive) rather than a volume name.
pub fn is_host_path(source: &str) -> bool {
    source.starts_with('.')
        || source.starts_with('/')
        || source.starts_with('~')
        || source.starts_with('$')
        || source.starts_with('\\')
        || is_windows_drive(source)
}

fn is_windows_drive(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':'
}

fn is_container_path(text: &str) -> bool {
    text.starts_with('/') || is_windows_drive(text)
}

fn looks_like_options(text: &str) -> bool {
    text.split(',').all(|o| VOLUME_OPTIONS.contains(&o))
}

/// Split on `:`, keeping a Windows drive letter (`C:\x`) in one part.
fn split_volume_parts(spec: &str) -> Vec<Part> {
    let bytes = spec.as_bytes();
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b':' {
            let is_drive = i == start + 1
                && bytes[start].is_ascii_alphabetic()
                && matches!(bytes.get(i + 1), Some(b'\\' | b'/'));
            if !is_drive {
                parts.push(Part::new(spec, start, i));
                start = i + 1;
            }
        }
        i += 1;
    }
    parts.push(Part::new(spec, start, spec.len()));
    parts
}

fn split_options(spec: &str, part: &Part) -> Vec<Part> {
    let mut out = Vec::new();
    let mut offset = part.start;
    for option in part.text.split(',') {
        out.push(Part::new(spec, offset, offset + option.len()));
        offset += option.len() + 1;
    }
    out
}

/// A duration as compose accepts it (`1m30s`, `10s`, `500ms`, `2h`, `1d`).
/// Returns nanoseconds.
pub fn parse_duration(text: &str) -> Result<u128, String> {
    let invalid = || format!("invalid duration {text:?}: use e.g. 30s, 1m30s, 500ms");
    let trimmed = text.trim();
    if trimmed == "0" {
        return Ok(0);
    }
    let bytes = trimmed.as_bytes();
    if bytes.is_empty() {
        return Err(invalid());
    }
    let mut i = 0;
    let mut total: f64 = 0.0;
    while i < bytes.len() {
        let number_start = i;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
            i += 1;
        }
        let number: f64 = trimmed[number_start..i].parse().map_err(|_| invalid())?;
        let unit_start = i;
        while i < bytes.len() && !(bytes[i].is_ascii_digit() || bytes[i] == b'.') {
            i += 1;
        }
        let unit = &trimmed[unit_start..i];
        let scale: f64 = match unit {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            "d" => 86400e9,
            "w" => 7.0 * 86400e9,
            _ => return Err(invalid()),
        };
        total += number * scale;
    }
    if !total.is_finite() || total < 0.0 {
        return Err(invalid());
    }
    Ok(total as u128)
}

/// A byte size as docker/go-units `RAMInBytes` reads it (`512m`, `1.5G`, `1gb`).
pub fn parse_byte_size(text: &str) -> Result<u64, String> {
    let invalid = || format!("invalid size: {text:?}");
    let trimmed = text.trim();
    let number_end = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(trimmed.len());
    let number: f64 = trimmed[..number_end].parse().map_err(|_| invalid())?;
    let unit = trimmed[number_end..].trim_start().to_ascii_lowercase();
    let unit = unit.trim_end_matches('b').trim_end_matches('i');
    let scale: f64 = match unit {
        "" => 1.0,
        "k" => 1024.0,
        "m" => 1024.0 * 1024.0,
        "g" => 1024.0 * 1024.0 * 1024.0,
        "t" => 1024f64.powi(4),
        "p" => 1024f64.powi(5),
        _ => return Err(invalid()),
    };
    let value = number * scale;
    if !value.is_finite() || value < 0.0 {
        return Err(invalid());
    }
    Ok(value as u64)
}

/// How a string was read as a boolean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LenientBool {
    /// `true`, `false`, `1`, `0`, `t`, `f` (Go's `strconv.ParseBool`).
    Plain(bool),
    /// `yes`, `no`, `on`, `off`, `y`, `n`: accepted by compose-go with a warning.
    Yaml11(bool),
}

pub fn parse_bool(text: &str) -> Option<LenientBool> {
    match text {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(LenientBool::Plain(true)),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(LenientBool::Plain(false)),
        _ => match text.to_ascii_lowercase().as_str() {
            "y" | "yes" | "on" => Some(LenientBool::Yaml11(true)),
            "n" | "no" | "off" => Some(LenientBool::Yaml11(false)),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_port_specs() {
        let p = parse_port_spec("8080:80").unwrap();
        assert_eq!(p.published_range, Some(PortRange::single(8080)));
        assert_eq!(p.target_range, PortRange::single(80));
        assert!(p.host_ip.is_none());

        let p = parse_port_spec("127.0.0.1:5432:5432/tcp").unwrap();
        assert_eq!(p.host_ip.unwrap().text, "127.0.0.1");
        assert_eq!(p.protocol.unwrap().text, "tcp");

        let p = parse_port_spec("9090-9091:8080-8081").unwrap();
        assert_eq!(p.published_range.unwrap().len(), 2);

        let p = parse_port_spec("[::1]:6000:6000").unwrap();
        assert_eq!(p.host_ip.unwrap().text, "::1");

        let p = parse_port_spec("::1:6000:6000").unwrap();
        assert_eq!(p.host_ip.unwrap().text, "::1");

        let p = parse_port_spec("3000").unwrap();
        assert!(p.published.is_none());
        let p = parse_port_spec(":3000").unwrap();
        assert!(p.published.is_none());
    }

    #[test]
    fn bad_port_specs_point_at_the_bad_part() {
        let e = parse_port_spec("80:70000").unwrap_err();
        assert_eq!((e.start, e.end), (3, 8));
        let e = parse_port_spec("300.1.1.1:80:80").unwrap_err();
        assert_eq!((e.start, e.end), (0, 9));
        assert!(parse_port_spec("8000-8002:80-81").is_err());
        assert!(parse_port_spec("80/tcpx").is_err());
        assert!(parse_port_spec("80-70").is_err());
    }

    #[test]
    fn short_volume_specs() {
        let v = parse_volume_spec("./data:/data:ro,z").unwrap();
        assert_eq!(v.kind, MountKind::Bind);
        assert_eq!(v.target.text, "/data");
        assert_eq!(v.options.len(), 2);
        assert_eq!(v.options[1].start, 16);
        let v = parse_volume_spec("db:/var/lib/postgresql/data").unwrap();
        assert_eq!(v.kind, MountKind::Volume);
        let v = parse_volume_spec("/var/lib/data").unwrap();
        assert!(v.source.is_none());
        let v = parse_volume_spec("/var/run/docker.sock:/var/run/docker.sock:ro").unwrap();
        assert_eq!(v.source.unwrap().text, "/var/run/docker.sock");
        let v = parse_volume_spec("C:\\data:/data").unwrap();
        assert_eq!(v.source.unwrap().text, "C:\\data");
        assert!(parse_volume_spec("vol:/b:bogus").is_err());
    }

    #[test]
    fn durations_and_sizes() {
        assert_eq!(parse_duration("1m30s").unwrap(), 90_000_000_000);
        assert_eq!(parse_duration("500ms").unwrap(), 500_000_000);
        assert_eq!(parse_duration("1.5h").unwrap(), 5_400_000_000_000);
        assert!(parse_duration("10").is_err());
        assert!(parse_duration("ten s").is_err());
        assert_eq!(parse_byte_size("512m").unwrap(), 512 * 1024 * 1024);
        assert_eq!(parse_byte_size("1.5G").unwrap(), 1610612736);
        assert_eq!(parse_byte_size("1gb").unwrap(), 1 << 30);
        assert_eq!(parse_byte_size("100").unwrap(), 100);
        assert!(parse_byte_size("lots").is_err());
    }

    #[test]
    fn booleans() {
        assert_eq!(parse_bool("true"), Some(LenientBool::Plain(true)));
        assert_eq!(parse_bool("yes"), Some(LenientBool::Yaml11(true)));
        assert_eq!(parse_bool("Off"), Some(LenientBool::Yaml11(false)));
        assert_eq!(parse_bool("maybe"), None);
    }
}
