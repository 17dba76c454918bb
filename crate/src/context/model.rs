//! The build context as Layerlab sees it: a list of entries with paths
//! relative to the context root and the attributes BuildKit's content
//! checksum uses (kind, permission bits, symlink target, content hash).
//! uid/gid and mtime are not modelled: buildx resets the first to 0 and the
//! checksum ignores the second.

use super::gopath;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::HashMap;

/// What an entry is. Devices, pipes and sockets are out of scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    File,
    Dir,
    Symlink,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::File => "file",
            EntryKind::Dir => "dir",
            EntryKind::Symlink => "symlink",
        }
    }
}

/// Permission bits given to directories that are only implied by a deeper
/// path, and the default for entries that do not say.
pub const DEFAULT_DIR_MODE: u32 = 0o755;
pub const DEFAULT_FILE_MODE: u32 = 0o644;
pub const DEFAULT_SYMLINK_MODE: u32 = 0o777;

fn default_mode() -> u32 {
    DEFAULT_FILE_MODE
}

/// One file, directory or symlink of the context.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContextEntry {
    /// Slash-separated, relative to the context root, no leading `./`.
    pub path: String,
    pub kind: EntryKind,
    /// Content hash of a file (opaque; any stable string). Empty for
    /// directories and symlinks.
    #[serde(default)]
    pub hash: String,
    /// Size in bytes (files; for symlinks the length of the target).
    #[serde(default)]
    pub size: u64,
    /// Permission bits (`0o644`, `0o755`, setuid/setgid/sticky included).
    #[serde(default = "default_mode")]
    pub mode: u32,
    /// Where a symlink points, as stored in the link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_target: Option<String>,
}

impl ContextEntry {
    pub fn file(path: impl Into<String>, hash: impl Into<String>, size: u64) -> Self {
        ContextEntry {
            path: path.into(),
            kind: EntryKind::File,
            hash: hash.into(),
            size,
            mode: DEFAULT_FILE_MODE,
            link_target: None,
        }
    }

    pub fn dir(path: impl Into<String>) -> Self {
        ContextEntry {
            path: path.into(),
            kind: EntryKind::Dir,
            hash: String::new(),
            size: 0,
            mode: DEFAULT_DIR_MODE,
            link_target: None,
        }
    }

    pub fn symlink(path: impl Into<String>, target: impl Into<String>) -> Self {
        let target = target.into();
        ContextEntry {
            path: path.into(),
            kind: EntryKind::Symlink,
            hash: String::new(),
            size: target.len() as u64,
            mode: DEFAULT_SYMLINK_MODE,
            link_target: Some(target),
        }
    }

    pub fn with_mode(mut self, mode: u32) -> Self {
        self.mode = mode;
        self
    }

    pub fn is_dir(&self) -> bool {
        self.kind == EntryKind::Dir
    }

    /// The last path element.
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }
}

/// Order paths the way a directory walk visits them: component by
/// component (so `a/b` comes before `a.txt`, as Go's sorted `ReadDir` walk
/// does), which keeps every directory's descendants right after it.
pub fn walk_order(a: &str, b: &str) -> Ordering {
    a.split('/').cmp(b.split('/'))
}

/// Why an entry given to [`BuildContext::new`] was changed or dropped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryProblem {
    pub path: String,
    pub problem: String,
}

/// The entries of a build context, with implied directories filled in and
/// kept in walk order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuildContext {
    entries: Vec<ContextEntry>,
    index: HashMap<String, usize>,
    problems: Vec<EntryProblem>,
}

impl BuildContext {
    /// Build a context from entries in any order. Paths are normalised
    /// (`./a//b/` → `a/b`); a later entry with the same path replaces an
    /// earlier one; parent directories are added when missing. Entries that
    /// name the root or climb out of it are dropped, and a file or symlink
    /// that has entries below it becomes a directory; both are listed in
    /// [`BuildContext::problems`].
    pub fn new(entries: impl IntoIterator<Item = ContextEntry>) -> Self {
        let mut problems = Vec::new();
        let mut by_path: HashMap<String, ContextEntry> = HashMap::new();
        for mut entry in entries {
            if gopath::path_escapes(&entry.path) || entry.path.contains('\0') {
                problems.push(EntryProblem {
                    path: entry.path.clone(),
                    problem: "outside the context root".to_string(),
                });
                continue;
            }
            let path = gopath::context_relative(&entry.path);
            if path.is_empty() {
                problems.push(EntryProblem {
                    path: entry.path.clone(),
                    problem: "names the context root itself".to_string(),
                });
                continue;
            }
            entry.path = path.clone();
            if entry.kind != EntryKind::Symlink {
                entry.link_target = None;
            }
            by_path.insert(path, entry);
        }
        // Fill in implied parents; demote non-directories that have children.
        let paths: Vec<String> = by_path.keys().cloned().collect();
        for path in paths {
            let mut parent = path.as_str();
            while let Some(slash) = parent.rfind('/') {
                parent = &parent[..slash];
                match by_path.get_mut(parent) {
                    Some(existing) if existing.kind == EntryKind::Dir => break,
                    Some(existing) => {
                        problems.push(EntryProblem {
                            path: parent.to_string(),
                            problem: format!(
                                "is a {} but has entries below it; treated as a directory",
                                existing.kind.as_str()
                            ),
                        });
                        *existing = ContextEntry::dir(parent).with_mode(DEFAULT_DIR_MODE);
                    }
                    None => {
                        by_path.insert(parent.to_string(), ContextEntry::dir(parent));
                    }
                }
            }
        }
        let mut entries: Vec<ContextEntry> = by_path.into_values().collect();
        entries.sort_by(|a, b| walk_order(&a.path, &b.path));
        let index = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.path.clone(), i))
            .collect();
        problems.sort_by(|a, b| walk_order(&a.path, &b.path));
        problems.dedup();
        BuildContext {
            entries,
            index,
            problems,
        }
    }

    /// All entries in walk order.
    pub fn entries(&self) -> &[ContextEntry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Inputs that were dropped or changed by [`BuildContext::new`].
    pub fn problems(&self) -> &[EntryProblem] {
        &self.problems
    }

    /// The entry at a context-relative path (normalised first).
    pub fn get(&self, path: &str) -> Option<&ContextEntry> {
        let path = gopath::context_relative(path);
        self.index.get(&path).map(|&i| &self.entries[i])
    }

    /// Position of an entry in [`BuildContext::entries`].
    pub fn position(&self, path: &str) -> Option<usize> {
        self.index.get(path).copied()
    }

    /// Whether the path exists; `""` (the root) always does.
    pub fn contains(&self, path: &str) -> bool {
        path.is_empty() || self.index.contains_key(path)
    }

    /// Everything below `dir` (`""` for the whole context), in walk order.
    pub fn descendants(&self, dir: &str) -> &[ContextEntry] {
        if dir.is_empty() {
            return &self.entries;
        }
        let Some(&start) = self.index.get(dir) else {
            return &[];
        };
        let rest = &self.entries[start + 1..];
        let end = rest
            .iter()
            .position(|e| !gopath::is_within(&e.path, dir))
            .unwrap_or(rest.len());
        &rest[..end]
    }

    /// Resolve a context path the way `fs.RootPath` does: symlinks in the
    /// path are followed (the last one only when `follow_last`), absolute
    /// targets and `..` never leave the context root. Returns the resolved
    /// path (`""` for the root) if it exists.
    pub fn resolve(&self, path: &str, follow_last: bool) -> Resolved {
        const MAX_LINKS: usize = 255;
        let mut pending: std::collections::VecDeque<String> = path
            .split('/')
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        let mut resolved: Vec<String> = Vec::new();
        let mut links = 0;
        while let Some(component) = pending.pop_front() {
            match component.as_str() {
                "." => continue,
                ".." => {
                    resolved.pop();
                    continue;
                }
                _ => {}
            }
            resolved.push(component);
            let current = resolved.join("/");
            let Some(entry) = self.index.get(&current).map(|&i| &self.entries[i]) else {
                return Resolved::Missing;
            };
            let is_last = pending.is_empty();
            match entry.kind {
                EntryKind::Symlink if !is_last || follow_last => {
                    links += 1;
                    if links > MAX_LINKS {
                        return Resolved::TooManyLinks;
                    }
                    let target = entry.link_target.clone().unwrap_or_default();
                    resolved.pop();
                    if target.starts_with('/') {
                        resolved.clear();
                    }
                    for part in target.split('/').filter(|c| !c.is_empty()).rev() {
                        pending.push_front(part.to_string());
                    }
                }
                EntryKind::File | EntryKind::Symlink if !is_last => return Resolved::Missing,
                _ => {}
            }
        }
        Resolved::Found(resolved.join("/"))
    }
}

/// The outcome of [`BuildContext::resolve`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// The path exists; the string is its resolved form (`""` = root).
    Found(String),
    Missing,
    /// A symlink loop (more than 255 links followed).
    TooManyLinks,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_normalised_and_parents_implied() {
        let ctx = BuildContext::new(vec![
            ContextEntry::file("./src//app/main.go", "h1", 10),
            ContextEntry::file("a.txt", "h2", 1),
            ContextEntry::file("a/b", "h3", 1),
            ContextEntry::file("../outside", "h", 1),
            ContextEntry::dir("."),
        ]);
        let paths: Vec<&str> = ctx.entries().iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            vec!["a", "a/b", "a.txt", "src", "src/app", "src/app/main.go"]
        );
        assert_eq!(ctx.get("src").map(|e| e.kind), Some(EntryKind::Dir));
        assert_eq!(ctx.get("src").map(|e| e.mode), Some(DEFAULT_DIR_MODE));
        assert_eq!(ctx.problems().len(), 2);
        let below: Vec<&str> = ctx
            .descendants("src")
            .iter()
            .map(|e| e.path.as_str())
            .collect();
        assert_eq!(below, vec!["src/app", "src/app/main.go"]);
        assert!(ctx.descendants("missing").is_empty());
    }

    #[test]
    fn a_file_with_children_becomes_a_directory() {
        let ctx = BuildContext::new(vec![
            ContextEntry::file("x", "h", 3),
            ContextEntry::file("x/y", "h", 3),
        ]);
        assert_eq!(ctx.get("x").map(|e| e.kind), Some(EntryKind::Dir));
        assert_eq!(ctx.problems()[0].path, "x");
    }

    #[test]
    fn json_shape_is_camel_case() {
        let entry = ContextEntry::symlink("bin/tool", "../lib/tool");
        let json = serde_json::to_string(&entry).unwrap();
        assert!(json.contains("\"linkTarget\":\"../lib/tool\""), "{json}");
        assert!(json.contains("\"kind\":\"symlink\""), "{json}");
        let back: ContextEntry =
            serde_json::from_str(r#"{"path":"a","kind":"file","hash":"x","size":3}"#).unwrap();
        assert_eq!(back.mode, DEFAULT_FILE_MODE);
        assert_eq!(back.link_target, None);
    }

    #[test]
    fn resolve_follows_links_inside_the_root() {
        let ctx = BuildContext::new(vec![
            ContextEntry::file("real/app.js", "h", 1),
            ContextEntry::symlink("link", "real"),
            ContextEntry::symlink("abs", "/real/app.js"),
            ContextEntry::symlink("up", "../../real"),
            ContextEntry::symlink("loop", "loop"),
            ContextEntry::symlink("dangling", "nowhere"),
        ]);
        assert_eq!(
            ctx.resolve("link/app.js", false),
            Resolved::Found("real/app.js".into())
        );
        assert_eq!(
            ctx.resolve("abs", true),
            Resolved::Found("real/app.js".into())
        );
        assert_eq!(ctx.resolve("abs", false), Resolved::Found("abs".into()));
        assert_eq!(
            ctx.resolve("up/app.js", true),
            Resolved::Found("real/app.js".into())
        );
        assert_eq!(ctx.resolve("loop", true), Resolved::TooManyLinks);
        assert_eq!(ctx.resolve("dangling", true), Resolved::Missing);
        assert_eq!(ctx.resolve("real/app.js/x", true), Resolved::Missing);
        assert_eq!(ctx.resolve("", true), Resolved::Found(String::new()));
    }
}
