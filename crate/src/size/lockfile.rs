//! What `package-lock.json` says about dev dependencies, to split a local
//! `node_modules` into what `npm ci --omit=dev` keeps and what it leaves out.
//!
//! Lockfile v2/v3 list every installed folder under `"packages"`, keyed by
//! its path (`node_modules/a/node_modules/b`), with `"dev": true` for
//! packages only dev dependencies need. v1 nests `"dependencies"` objects
//! with the same flag. `devOptional` packages are kept: npm omits them only
//! when optional dependencies are omitted too.

use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// Nesting deeper than this is ignored (v1 lockfiles nest per level).
const MAX_DEPTH: usize = 64;

/// The installed folders of a lockfile and whether each is dev-only.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lockfile {
    /// `node_modules/...` path → dev-only.
    pub packages: BTreeMap<String, bool>,
}

impl Lockfile {
    /// Read a `package-lock.json` / `npm-shrinkwrap.json`; `None` if it is
    /// not JSON or lists no package.
    pub fn parse(text: &str) -> Option<Lockfile> {
        let json: Value = serde_json::from_str(text).ok()?;
        let mut packages = BTreeMap::new();
        if let Some(map) = json.get("packages").and_then(Value::as_object) {
            for (path, entry) in map {
                if path.is_empty() || !path.contains("node_modules/") {
                    continue; // the root project, or a workspace folder
                }
                packages.insert(path.clone(), is_dev(entry));
            }
        } else if let Some(deps) = json.get("dependencies") {
            collect_v1(deps, "", 0, &mut packages);
        }
        (!packages.is_empty()).then_some(Lockfile { packages })
    }

    pub fn len(&self) -> usize {
        self.packages.len()
    }

    pub fn dev_count(&self) -> usize {
        self.packages.values().filter(|dev| **dev).count()
    }

    /// Split file sizes below a project's `node_modules` into (kept, dev)
    /// bytes. `files` yields paths relative to the project folder
    /// (`node_modules/x/index.js`) with sizes; each file belongs to the
    /// deepest package folder the lockfile lists, and files of no listed
    /// package count as kept.
    pub fn split<'a>(&self, files: impl Iterator<Item = (&'a str, u64)>) -> (u64, u64) {
        let lookup: HashMap<&str, bool> = self
            .packages
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect();
        let (mut kept, mut dev) = (0u64, 0u64);
        for (path, size) in files {
            let is_dev = package_folders(path)
                .into_iter()
                .rev()
                .find_map(|folder| lookup.get(folder).copied())
                .unwrap_or(false);
            if is_dev {
                dev = dev.saturating_add(size);
            } else {
                kept = kept.saturating_add(size);
            }
        }
        (kept, dev)
    }
}

fn is_dev(entry: &Value) -> bool {
    entry.get("dev").and_then(Value::as_bool).unwrap_or(false)
}

fn collect_v1(deps: &Value, prefix: &str, depth: usize, out: &mut BTreeMap<String, bool>) {
    let Some(map) = deps.as_object() else {
        return;
    };
    if depth > MAX_DEPTH {
        return;
    }
    for (name, entry) in map {
        let path = format!("{prefix}node_modules/{name}");
        out.insert(path.clone(), is_dev(entry));
        if let Some(nested) = entry.get("dependencies") {
            collect_v1(nested, &format!("{path}/"), depth + 1, out);
        }
    }
}

/// The package folders a file path lies in, outermost first:
/// `node_modules/@s/a/node_modules/b/x.js` → `node_modules/@s/a`,
/// `node_modules/@s/a/node_modules/b`.
fn package_folders(path: &str) -> Vec<&str> {
    let mut folders = Vec::new();
    let parts: Vec<&str> = path.split('/').collect();
    let mut offset = 0usize; // byte offset of parts[i] in path
    let mut offsets = Vec::with_capacity(parts.len());
    for part in &parts {
        offsets.push(offset);
        offset += part.len() + 1;
    }
    let mut i = 0;
    while i < parts.len() {
        if parts[i] == "node_modules" {
            let name_len = match parts.get(i + 1) {
                Some(scope) if scope.starts_with('@') => 2,
                Some(_) => 1,
                None => break,
            };
            let last = i + name_len;
            if last < parts.len() {
                let end = offsets[last] + parts[last].len();
                folders.push(&path[..end]);
            }
            i = last + 1;
        } else {
            i += 1;
        }
    }
    folders
}

#[cfg(test)]
mod tests {
    use super::*;

    const V3: &str = r#"{
      "name": "app", "lockfileVersion": 3,
      "packages": {
        "": {"name": "app"},
        "node_modules/express": {"version": "4.18.2"},
        "node_modules/typescript": {"version": "5.0.0", "dev": true},
        "node_modules/@types/node": {"version": "20.0.0", "dev": true},
        "node_modules/typescript/node_modules/tslib": {"version": "2.0.0"}
      }
    }"#;

    #[test]
    fn reads_v3_and_splits_by_deepest_package() {
        let lock = Lockfile::parse(V3).expect("parses");
        assert_eq!(lock.len(), 4);
        assert_eq!(lock.dev_count(), 2);
        let files = [
            ("node_modules/express/index.js", 100),
            ("node_modules/typescript/lib/tsc.js", 1000),
            ("node_modules/@types/node/index.d.ts", 10),
            ("node_modules/typescript/node_modules/tslib/x.js", 5),
            ("node_modules/.package-lock.json", 1),
        ];
        let (kept, dev) = lock.split(files.iter().map(|(p, s)| (*p, *s)));
        assert_eq!((kept, dev), (106, 1010));
    }

    #[test]
    fn reads_v1_nesting() {
        let v1 = r#"{"lockfileVersion": 1, "dependencies": {
            "a": {"version": "1", "dependencies": {"b": {"version": "2", "dev": true}}},
            "c": {"version": "1", "dev": true}
        }}"#;
        let lock = Lockfile::parse(v1).expect("parses");
        assert_eq!(
            lock.packages.get("node_modules/a/node_modules/b"),
            Some(&true)
        );
        assert_eq!(lock.packages.get("node_modules/a"), Some(&false));
        assert_eq!(lock.dev_count(), 2);
    }

    #[test]
    fn rejects_garbage() {
        assert!(Lockfile::parse("not json").is_none());
        assert!(Lockfile::parse("{}").is_none());
        assert!(Lockfile::parse("[1,2]").is_none());
    }

    #[test]
    fn package_folders_handle_scopes() {
        assert_eq!(
            package_folders("node_modules/@s/a/node_modules/b/x.js"),
            ["node_modules/@s/a", "node_modules/@s/a/node_modules/b"]
        );
        assert!(package_folders("node_modules").is_empty());
    }
}
