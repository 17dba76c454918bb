//! Small helpers several BuildKit checks share: BuildKit's "did you mean"
//! search, Go's `%q` quoting, platform parsing, and walking a stage's
//! lineage (`FROM <stage>` chains).

use crate::dockerfile::model::{Base, Expanded, Model, ModelOptions, Stage};
use crate::dockerfile::syntax::{Args, Instruction, Keyword, Token};
use crate::lint::Checker;
use std::collections::BTreeMap;

/// Names longer than this get no suggestion: the edit distance is quadratic
/// in the name length, and no real variable name is this long.
const MAX_SUGGESTED_NAME: usize = 128;

/// Levenshtein distance (insertions, deletions and substitutions cost 1; no
/// transpositions), as `github.com/agext/levenshtein` computes it for
/// BuildKit's suggestions.
pub(super) fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// BuildKit's `suggest.Search`: the option closest to `word` if it is fewer
/// than three edits away (the first of equally close ones wins), compared
/// case-sensitively.
pub(super) fn closest_name<'a>(
    word: &str,
    options: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    if word.is_empty() || word.len() > MAX_SUGGESTED_NAME {
        return None;
    }
    let mut best: Option<(usize, &'a str)> = None;
    for option in options {
        if option == word || option.len() > MAX_SUGGESTED_NAME {
            continue;
        }
        let distance = levenshtein(word, option);
        if distance < best.map_or(3, |(d, _)| d) {
            best = Some((distance, option));
        }
    }
    best.map(|(_, option)| option)
}

/// Go's `%q`: a double-quoted string with Go escapes, as BuildKit's
/// messages print paths and names.
pub(super) fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The keyword as the author wrote it (`cmd`, `Copy`): BuildKit's
/// `Command.Name()`, which its messages quote.
pub(super) fn keyword_as_written(instruction: &Instruction) -> &str {
    &instruction.keyword_token.text
}

/// A stage followed by the stages it derives from through `FROM <stage>`,
/// nearest first. Stages only derive from earlier ones, so the walk ends;
/// it is bounded by the number of stages all the same.
pub(super) fn lineage<'m>(model: &'m Model, stage: &'m Stage) -> Vec<&'m Stage> {
    let mut chain = vec![stage];
    let mut current = stage;
    while let Base::Stage { index } = current.base {
        if chain.len() > model.stages.len() || index >= current.index {
            break;
        }
        let Some(parent) = model.stages.get(index) else {
            break;
        };
        chain.push(parent);
        current = parent;
    }
    chain
}

/// The `BUILD*` and `TARGET*` arguments BuildKit defines for every build.
pub(super) fn automatic_args(options: &ModelOptions) -> BTreeMap<String, String> {
    let mut values = BTreeMap::new();
    for (prefix, platform) in [
        ("BUILD", &options.build_platform),
        ("TARGET", &options.platform),
    ] {
        let mut parts = platform.split('/');
        let os = parts.next().unwrap_or("linux");
        let arch = parts.next().unwrap_or("amd64");
        let variant = parts.next().unwrap_or("");
        values.insert(format!("{prefix}PLATFORM"), platform.clone());
        values.insert(format!("{prefix}OS"), os.to_string());
        values.insert(format!("{prefix}ARCH"), arch.to_string());
        values.insert(format!("{prefix}VARIANT"), variant.to_string());
    }
    values
}

/// A platform as `containerd/platforms.Parse` understands it, normalised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Platform {
    pub os: String,
    pub arch: String,
}

const KNOWN_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
];

const KNOWN_ARCH: &[&str] = &[
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "ppc64",
    "ppc64le",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
];

fn normalize_os(os: &str) -> String {
    let lower = os.to_ascii_lowercase();
    // An OS version may follow in parentheses: `windows(10.0.17763)`.
    let base = lower.split('(').next().unwrap_or("");
    match base {
        "macos" => "darwin".to_string(),
        other => other.to_string(),
    }
}

fn normalize_arch(arch: &str) -> String {
    match arch.to_ascii_lowercase().as_str() {
        "i386" => "386".to_string(),
        "x86_64" | "x86-64" | "amd64" => "amd64".to_string(),
        "aarch64" | "arm64" => "arm64".to_string(),
        "armhf" | "armel" | "arm" => "arm".to_string(),
        other => other.to_string(),
    }
}

fn valid_component(part: &str) -> bool {
    !part.is_empty()
        && part
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

/// Parse `os[/arch[/variant]]` (or a lone architecture). A lone OS or
/// architecture takes the rest from `host` (`os/arch`), as containerd fills
/// it from the machine that builds. `None` for what BuildKit would refuse.
pub(super) fn parse_platform(specifier: &str, host: &str) -> Option<Platform> {
    let parts: Vec<&str> = specifier.split('/').collect();
    let os_part = parts.first()?.split('(').next().unwrap_or("");
    if !valid_component(os_part) || parts[1..].iter().any(|p| !valid_component(p)) {
        return None;
    }
    let mut host_parts = host.split('/');
    let host_os = host_parts.next().unwrap_or("linux");
    let host_arch = host_parts.next().unwrap_or("amd64");
    match parts.as_slice() {
        [single] => {
            let os = normalize_os(single);
            if KNOWN_OS.contains(&os.as_str()) {
                return Some(Platform {
                    os,
                    arch: normalize_arch(host_arch),
                });
            }
            let arch = normalize_arch(single);
            KNOWN_ARCH.contains(&arch.as_str()).then(|| Platform {
                os: host_os.to_string(),
                arch,
            })
        }
        [os, arch] | [os, arch, _] => Some(Platform {
            os: normalize_os(os),
            arch: normalize_arch(arch),
        }),
        _ => None,
    }
}

/// The OS a stage builds for: its `--platform`, else the build's target.
pub(super) fn stage_os(model: &Model, stage: &Stage) -> Option<String> {
    let options = &model.options;
    let specifier = stage.platform.as_deref().unwrap_or(&options.platform);
    parse_platform(specifier, &options.build_platform).map(|p| p.os)
}

/// One port specification of an `EXPOSE`, after variable expansion.
pub(super) struct PortSpec<'a> {
    /// The word it came from.
    pub token: &'a Token,
    /// The specification, e.g. `127.0.0.1:80:80/TCP`.
    pub spec: String,
    /// Whether `spec` is exactly the word as written (no variables, no
    /// quotes), so edits inside the word are safe.
    pub literal: bool,
}

impl PortSpec<'_> {
    /// BuildKit's `splitParts`: `[ip:][host:]container`, where an IPv6
    /// address keeps its colons.
    pub fn parts(&self) -> (&str, &str, &str) {
        let parts: Vec<&str> = self.spec.split(':').collect();
        let n = parts.len();
        match n {
            1 => ("", "", parts[0]),
            2 => ("", parts[0], parts[1]),
            _ => {
                let ip_len = self.spec.len() - parts[n - 2].len() - parts[n - 1].len() - 2;
                (&self.spec[..ip_len], parts[n - 2], parts[n - 1])
            }
        }
    }

    /// Whether a container port is written at all. BuildKit rejects a
    /// specification without one (`/tcp`, `8080:`) before any check runs.
    pub fn has_container_port(&self) -> bool {
        let (_, _, container) = self.parts();
        !container.split('/').next().unwrap_or("").is_empty()
    }

    /// The protocol after `/` in the container part, with its byte offset
    /// in `spec`.
    pub fn protocol(&self) -> Option<(usize, &str)> {
        let (_, _, container) = self.parts();
        let slash = container.find('/')?;
        let start = self.spec.len() - container.len() + slash + 1;
        Some((start, &self.spec[start..]))
    }
}

/// Every port specification of every `EXPOSE` in the build stages, split
/// into words after expansion as BuildKit's `ProcessWords` does.
pub(super) fn expose_specs<'a>(checker: &Checker<'a>) -> Vec<PortSpec<'a>> {
    let mut specs = Vec::new();
    for stage in &checker.model.stages {
        for step in &stage.steps {
            let Some(instruction) = checker.file.instructions.get(step.instruction) else {
                continue;
            };
            let (Keyword::Expose, Args::List { items, .. }, Expanded::List(values)) =
                (instruction.keyword, &instruction.args, &step.expanded)
            else {
                continue;
            };
            for (token, value) in items.iter().zip(values) {
                let literal = *value == token.text && token.range.slice(checker.text) == token.text;
                for spec in value.split_whitespace() {
                    let spec = PortSpec {
                        token,
                        spec: spec.to_string(),
                        literal,
                    };
                    if spec.has_container_port() {
                        specs.push(spec);
                    }
                }
            }
        }
    }
    specs
}

#[cfg(test)]
pub(super) mod testing {
    //! Analysing snippets with a `.dockerignore`, build args or a
    //! configuration, for rule tests.

    use crate::analyze::{analyze, AnalyzeInput, AnalyzeOptions};
    use crate::diagnostic::Severity;
    use crate::report::ReportDiagnostic;

    pub(crate) fn analyze_files(
        files: &[(&str, &str)],
        options: AnalyzeOptions,
    ) -> Vec<ReportDiagnostic> {
        let mut input = AnalyzeInput {
            options,
            ..AnalyzeInput::default()
        };
        for (name, text) in files {
            input.files.insert(name.to_string(), text.to_string());
        }
        input.options.today = Some("2026-11-28".to_string());
        analyze(&input).diagnostics
    }

    /// The lines where `code` fires, with `.dockerignore` next to the file.
    pub(crate) fn lines_with_dockerignore(dockerfile: &str, ignore: &str, code: &str) -> Vec<u32> {
        analyze_files(
            &[("Dockerfile", dockerfile), (".dockerignore", ignore)],
            AnalyzeOptions::default(),
        )
        .into_iter()
        .filter(|d| d.code == code)
        .map(|d| d.line)
        .collect()
    }

    /// The findings of `code` with `options`.
    pub(crate) fn findings_with_options(
        dockerfile: &str,
        options: AnalyzeOptions,
        code: &str,
    ) -> Vec<ReportDiagnostic> {
        analyze_files(&[("Dockerfile", dockerfile)], options)
            .into_iter()
            .filter(|d| d.code == code)
            .collect()
    }

    /// Options that turn on an experimental (off by default) rule.
    pub(crate) fn enabling(code: &str) -> AnalyzeOptions {
        let mut options = AnalyzeOptions::default();
        options
            .config
            .overrides
            .insert(code.to_string(), Severity::Warning);
        options
    }

    /// Options with build arguments.
    pub(crate) fn build_args(args: &[(&str, &str)]) -> AnalyzeOptions {
        let mut options = AnalyzeOptions::default();
        for (k, v) in args {
            options.build_args.insert(k.to_string(), v.to_string());
        }
        options
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levenshtein_counts_swaps_as_two_edits() {
        assert_eq!(levenshtein("PAHT", "PATH"), 2);
        assert_eq!(levenshtein("BULIDPLATFORM", "BUILDPLATFORM"), 2);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("kitten", "sitting"), 3);
    }

    #[test]
    fn suggestions_need_fewer_than_three_edits() {
        assert_eq!(
            closest_name("DIR_ASSET", ["DIR_BINARIES", "DIR_ASSETS"]),
            Some("DIR_ASSETS")
        );
        assert_eq!(closest_name("version", ["tag"]), None);
        assert_eq!(
            closest_name("MYARCH", ["MY_OS", "MY_ARCH"]),
            Some("MY_ARCH")
        );
        assert_eq!(closest_name("x", ["x"]), None);
    }

    #[test]
    fn go_quoting() {
        assert_eq!(go_quote("app/"), "\"app/\"");
        assert_eq!(go_quote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
    }

    #[test]
    fn platforms() {
        let host = "linux/amd64";
        let p = |s| parse_platform(s, host).map(|p| (p.os, p.arch));
        assert_eq!(p("linux/amd64"), Some(("linux".into(), "amd64".into())));
        assert_eq!(p("linux/arm64/v8"), Some(("linux".into(), "arm64".into())));
        assert_eq!(p("windows"), Some(("windows".into(), "amd64".into())));
        assert_eq!(p("aarch64"), Some(("linux".into(), "arm64".into())));
        assert_eq!(p("Linux/x86_64"), Some(("linux".into(), "amd64".into())));
        assert_eq!(p("bogus"), None);
        assert_eq!(p("linux/"), None);
        assert_eq!(p("$TARGETPLATFORM"), None);
    }
}
