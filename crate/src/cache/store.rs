//! The cache store: the keys of earlier builds.
//!
//! BuildKit keeps every result until garbage collection, so reverting an
//! edit hits a result from two builds ago. The store keeps each recorded
//! build's keys under its label; it serialises to plain JSON so the
//! playground can keep it between sessions. Keys are domain-separated by
//! builder, so one store can hold BuildKit and legacy builds side by side.

use super::hash::{Key, KEY_VERSION};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The keys of one earlier build.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StoredBuild {
    pub label: String,
    /// Sorted, without duplicates.
    pub keys: Vec<Key>,
}

/// Keys of any number of earlier builds, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CacheStore {
    /// The key encoding the keys were made with; a store from another
    /// version is ignored rather than matched by accident.
    pub version: u32,
    pub builds: Vec<StoredBuild>,
}

impl Default for CacheStore {
    fn default() -> Self {
        CacheStore {
            version: KEY_VERSION,
            builds: Vec::new(),
        }
    }
}

impl CacheStore {
    pub fn new() -> CacheStore {
        CacheStore::default()
    }

    /// Record the keys of a build (see [`super::build_keys`]).
    pub fn push(&mut self, label: impl Into<String>, mut keys: Vec<Key>) {
        keys.sort();
        keys.dedup();
        self.builds.push(StoredBuild {
            label: label.into(),
            keys,
        });
    }

    /// Record a build: compute its keys and keep them.
    pub fn record(&mut self, label: impl Into<String>, build: &super::BuildInput) {
        self.push(label, super::build_keys(build));
    }

    /// Forget every build but the newest `keep` (a crude model of GC).
    pub fn keep_newest(&mut self, keep: usize) {
        let drop = self.builds.len().saturating_sub(keep);
        self.builds.drain(..drop);
    }

    pub fn len(&self) -> usize {
        self.builds.len()
    }

    pub fn is_empty(&self) -> bool {
        self.builds.is_empty()
    }
}

/// Where a key was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Found {
    /// In the build being compared against (`before`).
    Before,
    /// In an older build of the store (index into `builds`).
    Older(usize),
    /// Computed earlier in this same build (BuildKit runs it once).
    ThisBuild(usize),
}

/// A lookup index over a store plus the `before` build.
#[derive(Clone, Debug, Default)]
pub(crate) struct StoreIndex {
    newest: HashMap<Key, Found>,
    labels: Vec<String>,
}

impl StoreIndex {
    /// `before` wins over older builds, newer older builds over older ones.
    pub(crate) fn new(store: &CacheStore, before: &[Key]) -> StoreIndex {
        let mut newest = HashMap::new();
        if store.version == KEY_VERSION {
            for (index, build) in store.builds.iter().enumerate() {
                for key in &build.keys {
                    newest.insert(*key, Found::Older(index));
                }
            }
        }
        for key in before {
            newest.insert(*key, Found::Before);
        }
        StoreIndex {
            newest,
            labels: store.builds.iter().map(|b| b.label.clone()).collect(),
        }
    }

    pub(crate) fn find(&self, key: Key) -> Option<Found> {
        self.newest.get(&key).copied()
    }

    pub(crate) fn label(&self, index: usize) -> String {
        match self.labels.get(index) {
            Some(label) if !label.is_empty() => format!("`{label}`"),
            _ => format!("#{}", index + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn before_shadows_older_builds_and_versions_must_match() {
        let a = Key(1);
        let b = Key(2);
        let mut store = CacheStore::new();
        store.push("v1", vec![b, a, a]);
        assert_eq!(store.builds[0].keys, vec![a, b]);
        let index = StoreIndex::new(&store, &[b]);
        assert_eq!(index.find(a), Some(Found::Older(0)));
        assert_eq!(index.find(b), Some(Found::Before));
        assert_eq!(index.find(Key(3)), None);
        assert_eq!(index.label(0), "`v1`");
        store.version = 0;
        assert_eq!(StoreIndex::new(&store, &[]).find(a), None);
    }

    #[test]
    fn serialises_and_keeps_the_newest() {
        let mut store = CacheStore::new();
        store.push("one", vec![Key(7)]);
        store.push("two", vec![Key(8)]);
        let json = serde_json::to_string(&store).unwrap();
        assert_eq!(serde_json::from_str::<CacheStore>(&json).unwrap(), store);
        store.keep_newest(1);
        assert_eq!(store.builds.len(), 1);
        assert_eq!(store.builds[0].label, "two");
    }
}
