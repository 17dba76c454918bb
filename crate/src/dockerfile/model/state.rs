//! The environment a step runs in, kept as an append-only log per stage so
//! each step records only a length instead of a copy.

use serde::Serialize;
use std::collections::HashMap;

/// Where an environment entry came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum EnvSource {
    /// The default `PATH` every stage starts with.
    Default,
    /// An `ENV` instruction.
    Env,
    /// An `ARG` with a value: BuildKit adds it to the environment of every
    /// later `RUN` in the stage.
    Arg,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EnvEntry {
    pub name: String,
    pub value: String,
    pub source: EnvSource,
    /// The instruction that set it (`None` for the default `PATH`).
    pub instruction: Option<usize>,
}

/// The default `PATH` of a Linux build (BuildKit's `system.DefaultPathEnvUnix`).
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// Fold a log into the environment it describes: one entry per name, in the
/// order names first appeared, each with its latest value.
pub fn fold_env(log: &[EnvEntry]) -> Vec<(&str, &str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for entry in log {
        match index.get(entry.name.as_str()) {
            Some(&i) => out[i].1 = entry.value.as_str(),
            None => {
                index.insert(entry.name.as_str(), out.len());
                out.push((entry.name.as_str(), entry.value.as_str()));
            }
        }
    }
    out
}

/// Normalise a container path the way Go's `path.Clean` does, keeping a
/// trailing slash when the input had one (it matters to COPY).
pub fn clean_path(path: &str) -> String {
    let absolute = path.starts_with('/');
    let trailing = path.len() > 1 && path.ends_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let mut out = if absolute {
        "/".to_string()
    } else {
        String::new()
    };
    out.push_str(&parts.join("/"));
    if out.is_empty() {
        out.push('.');
    }
    if trailing && !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// Resolve `path` against the working directory `cwd` (container paths,
/// always `/`-separated, never `std::path`).
pub fn resolve_path(cwd: &str, path: &str) -> String {
    if path.starts_with('/') {
        clean_path(path)
    } else {
        let trailing = path.ends_with('/') || path == "." || path.ends_with("/.");
        let mut joined = clean_path(&format!("{cwd}/{path}"));
        if trailing && !joined.ends_with('/') {
            joined.push('/');
        }
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, value: &str) -> EnvEntry {
        EnvEntry {
            name: name.into(),
            value: value.into(),
            source: EnvSource::Env,
            instruction: None,
        }
    }

    #[test]
    fn fold_keeps_first_position_and_last_value() {
        let log = [entry("A", "1"), entry("B", "2"), entry("A", "3")];
        assert_eq!(fold_env(&log), [("A", "3"), ("B", "2")]);
    }

    #[test]
    fn paths() {
        assert_eq!(clean_path("/app/../srv/./x/"), "/srv/x/");
        assert_eq!(clean_path("/"), "/");
        assert_eq!(clean_path("a//b"), "a/b");
        assert_eq!(clean_path("/.."), "/");
        assert_eq!(resolve_path("/app", "src/"), "/app/src/");
        assert_eq!(resolve_path("/app", "."), "/app/");
        assert_eq!(resolve_path("/app", "./"), "/app/");
        assert_eq!(resolve_path("/app", "/etc/x"), "/etc/x");
        assert_eq!(resolve_path("/", "app"), "/app");
        assert_eq!(resolve_path("/a/b", "../c"), "/a/c");
    }
}
