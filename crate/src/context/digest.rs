//! A stable digest of a set of context entries, standing in for BuildKit's
//! content checksum of a COPY source: it covers each entry's relative path,
//! kind, permission bits, symlink target and content hash — never mtime or
//! ownership — and does not depend on the order the entries come in.

use super::model::ContextEntry;
use super::sha256::Sha256;

/// Bumped if the encoding below ever changes, so old and new digests differ.
const DOMAIN: &[u8] = b"layerlab/context-selection/v1\0";

/// The fields of an entry that enter a digest.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DigestItem<'a> {
    pub path: &'a str,
    pub kind: &'static str,
    pub mode: u32,
    pub link_target: &'a str,
    pub hash: &'a str,
}

impl<'a> From<&'a ContextEntry> for DigestItem<'a> {
    fn from(entry: &'a ContextEntry) -> Self {
        DigestItem {
            path: &entry.path,
            kind: entry.kind.as_str(),
            mode: entry.mode & 0o7777,
            link_target: entry.link_target.as_deref().unwrap_or(""),
            hash: &entry.hash,
        }
    }
}

/// `sha256:<hex>` over the entries, sorted by path (ties by the other
/// fields). Fields are length-prefixed, so no choice of names can make two
/// different selections encode the same way.
pub fn selection_digest<'a>(entries: impl IntoIterator<Item = &'a ContextEntry>) -> String {
    digest_items(entries.into_iter().map(DigestItem::from).collect())
}

/// Same as [`selection_digest`] for items built by the caller (for example
/// with paths relative to a COPY source).
pub fn digest_items(mut items: Vec<DigestItem<'_>>) -> String {
    items.sort();
    let mut hasher = Sha256::new();
    hasher.update(DOMAIN);
    hasher.update(&(items.len() as u64).to_be_bytes());
    for item in &items {
        for field in [item.path, item.kind, item.link_target, item.hash] {
            hasher.update(&(field.len() as u64).to_be_bytes());
            hasher.update(field.as_bytes());
        }
        hasher.update(&item.mode.to_be_bytes());
    }
    format!("sha256:{}", hasher.finish_hex())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries() -> Vec<ContextEntry> {
        vec![
            ContextEntry::file("a.txt", "h1", 3),
            ContextEntry::dir("src"),
            ContextEntry::file("src/main.go", "h2", 10),
            ContextEntry::symlink("link", "a.txt"),
        ]
    }

    #[test]
    fn order_independent_and_well_formed() {
        let forward = selection_digest(&entries());
        let mut reversed = entries();
        reversed.reverse();
        assert_eq!(forward, selection_digest(&reversed));
        assert!(forward.starts_with("sha256:"));
        assert_eq!(forward.len(), "sha256:".len() + 64);
    }

    #[test]
    fn every_field_counts_but_size_does_not() {
        let base = selection_digest(&entries());
        type Change = fn(&mut Vec<ContextEntry>);
        let changes: Vec<Change> = vec![
            |e| e[0].path = "b.txt".into(),
            |e| e[0].hash = "other".into(),
            |e| e[0].mode = 0o755,
            |e| e[3].link_target = Some("src".into()),
            |e| e[1].kind = crate::context::EntryKind::File,
            |e| {
                e.pop();
            },
        ];
        for (i, change) in changes.iter().enumerate() {
            let mut changed = entries();
            change(&mut changed);
            assert_ne!(selection_digest(&changed), base, "change {i}");
        }
        let mut resized = entries();
        resized[0].size = 999;
        assert_eq!(selection_digest(&resized), base);
    }

    #[test]
    fn field_boundaries_cannot_be_confused() {
        let a = vec![ContextEntry::file("ab", "c", 1)];
        let b = vec![ContextEntry::file("a", "bc", 1)];
        assert_ne!(selection_digest(&a), selection_digest(&b));
        assert_ne!(selection_digest(&[]), selection_digest(&a));
    }
}
