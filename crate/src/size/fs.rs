//! The simulated image filesystem of one stage: which layer last wrote
//! each path and how many bytes it holds.
//!
//! Paths are absolute, `/`-separated, without a trailing slash. An entry is
//! either a file (a COPY placement) or a *tree*: a directory whose content
//! a RUN wrote as a whole and that is only known by its total size
//! (`/app/node_modules`, `/var/lib/apt/lists`). Installed packages live under
//! virtual paths such as `/usr/(apt: curl)` so that removing or copying
//! `/usr` still reaches them, while no real path ever collides with them.

use super::estimate::Estimate;
use std::collections::BTreeMap;

/// Where an entry's bytes came from, for later heuristics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A file copied from the build context (its context path).
    Context(String),
    /// The output of a JavaScript build (`npm run build`): matched by
    /// `COPY --from` under `dist`, `build`, `out` or `.next`.
    BuildOutput,
    /// Anything else a layer made.
    Generated,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FsEntry {
    pub bytes: Estimate,
    pub tree: bool,
    /// The layer that last wrote it.
    pub layer: usize,
    pub origin: Origin,
}

/// One stage's view of the image filesystem.
#[derive(Clone, Debug, Default)]
pub struct Fs {
    entries: BTreeMap<String, FsEntry>,
}

/// The directory names a JavaScript build output is looked up under.
pub const BUILD_OUTPUT_DIRS: &[&str] = &["dist", "build", "out", ".next"];

impl Fs {
    pub fn get(&self, path: &str) -> Option<&FsEntry> {
        self.entries.get(path)
    }

    pub fn insert(&mut self, path: String, entry: FsEntry) {
        self.entries.insert(path, entry);
    }

    pub fn remove(&mut self, path: &str) -> Option<FsEntry> {
        self.entries.remove(path)
    }

    /// `path` itself and everything below it, in path order.
    pub fn under<'a>(&'a self, dir: &str) -> Vec<(&'a String, &'a FsEntry)> {
        if dir == "/" || dir.is_empty() {
            return self.entries.iter().collect();
        }
        let mut found: Vec<(&String, &FsEntry)> = Vec::new();
        if let Some((key, entry)) = self.entries.get_key_value(dir) {
            found.push((key, entry));
        }
        // Keys below `dir/` sort between `dir/` and `dir0` ('0' follows '/').
        let lower = format!("{dir}/");
        let upper = format!("{dir}0");
        found.extend(self.entries.range(lower..upper));
        found
    }

    /// The nearest strict ancestor of `path` that is a tree.
    pub fn tree_ancestor(&self, path: &str) -> Option<(&String, &FsEntry)> {
        let mut current = path;
        while let Some(slash) = current.rfind('/') {
            current = &current[..slash];
            if current.is_empty() {
                return None;
            }
            if let Some((key, entry)) = self.entries.get_key_value(current) {
                if entry.tree {
                    return Some((key, entry));
                }
            }
        }
        None
    }

    /// A build output written in the directory `parent` (`/app` for a
    /// lookup of `/app/build`), when `name` is one of the usual output
    /// directory names.
    pub fn build_output_in(&self, parent: &str, name: &str) -> Option<(&String, &FsEntry)> {
        if !BUILD_OUTPUT_DIRS.contains(&name) {
            return None;
        }
        BUILD_OUTPUT_DIRS.iter().find_map(|dir| {
            let candidate = join(parent, dir);
            self.entries
                .get_key_value(&candidate)
                .filter(|(_, e)| e.origin == Origin::BuildOutput)
        })
    }

    /// Bytes of context-copied files below `dir` outside `node_modules`
    /// (the sources a build turns into its output).
    pub fn source_bytes_under(&self, dir: &str) -> u64 {
        self.under(dir)
            .into_iter()
            .filter(|(path, entry)| {
                matches!(entry.origin, Origin::Context(_))
                    && !path.split('/').any(|part| part == "node_modules")
            })
            .map(|(_, entry)| entry.bytes.bytes)
            .sum()
    }
}

/// Join a directory and a relative path.
pub fn join(dir: &str, rest: &str) -> String {
    let rest = rest.trim_start_matches('/');
    if rest.is_empty() {
        return dir.to_string();
    }
    if dir.ends_with('/') {
        format!("{dir}{rest}")
    } else {
        format!("{dir}/{rest}")
    }
}

/// A container path made absolute against `cwd`, cleaned, without trailing
/// slash (`/` stays `/`). `~` and `$HOME` name `home`.
pub fn absolute(cwd: &str, path: &str, home: &str) -> String {
    let expanded = if path == "~" || path == "$HOME" || path == "${HOME}" {
        home.to_string()
    } else if let Some(rest) = path
        .strip_prefix("~/")
        .or_else(|| path.strip_prefix("$HOME/"))
        .or_else(|| path.strip_prefix("${HOME}/"))
    {
        join(home, rest)
    } else {
        path.to_string()
    };
    let joined = if expanded.starts_with('/') {
        expanded
    } else {
        format!("{cwd}/{expanded}")
    };
    let resolved = crate::context::gopath::clean(&format!("/{joined}"));
    let trimmed = resolved.trim_end_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        trimmed.to_string()
    }
}

/// The last component of a path.
pub fn basename(path: &str) -> &str {
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path)
}

/// The parent directory of an absolute path (`/` for top-level paths).
pub fn parent(path: &str) -> &str {
    match path.trim_end_matches('/').rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(bytes: u64, tree: bool) -> FsEntry {
        FsEntry {
            bytes: Estimate::exact(bytes),
            tree,
            layer: 0,
            origin: Origin::Generated,
        }
    }

    #[test]
    fn under_is_exact_about_prefixes() {
        let mut fs = Fs::default();
        fs.insert("/app".into(), entry(1, false));
        fs.insert("/app-x/y".into(), entry(2, false));
        fs.insert("/app/a".into(), entry(3, false));
        fs.insert("/app/b/c".into(), entry(4, false));
        fs.insert("/ap".into(), entry(5, false));
        let paths: Vec<&str> = fs.under("/app").iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["/app", "/app/a", "/app/b/c"]);
        assert_eq!(fs.under("/").len(), 5);
    }

    #[test]
    fn tree_ancestors_and_build_outputs() {
        let mut fs = Fs::default();
        fs.insert("/app/node_modules".into(), entry(10, true));
        assert!(fs.tree_ancestor("/app/node_modules/x/y.js").is_some());
        assert!(fs.tree_ancestor("/app/node_modules").is_none());
        assert!(fs.tree_ancestor("/app/src/a.js").is_none());
        fs.insert(
            "/app/dist".into(),
            FsEntry {
                origin: Origin::BuildOutput,
                ..entry(7, true)
            },
        );
        assert!(fs.build_output_in("/app", "build").is_some());
        assert!(fs.build_output_in("/app", "public").is_none());
        assert!(fs.build_output_in("/srv", "dist").is_none());
    }

    #[test]
    fn paths() {
        assert_eq!(absolute("/app", "./dist/", "/root"), "/app/dist");
        assert_eq!(absolute("/app", "~/.npm", "/root"), "/root/.npm");
        assert_eq!(absolute("/app", "$HOME", "/home/u"), "/home/u");
        assert_eq!(absolute("/app", "/", "/root"), "/");
        assert_eq!(absolute("/", "..", "/root"), "/");
        assert_eq!(basename("/a/b/"), "b");
        assert_eq!(parent("/a/b"), "/a");
        assert_eq!(parent("/a"), "/");
        assert_eq!(join("/", "x"), "/x");
    }
}
