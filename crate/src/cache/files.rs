//! The files a COPY, ADD or bind mount reads from the build context, and
//! their content digest.
//!
//! The selection itself is the context module's ([`select_copy`]): exactly
//! the entries BuildKit would copy after `.dockerignore`, wildcards and
//! `--exclude`. Here each selected entry gets a 128-bit item hash (path,
//! kind, permission bits, symlink target, content hash — never mtime or
//! owner), and a selection's digest is built from the *sum* of its item
//! hashes. The sum makes the digest independent of order and lets a
//! content-only edit patch a selection in time proportional to the edit
//! rather than to the context: the what-if helper recomputes nothing else.

use super::hash::{Encoder, Key};
use crate::context::{select_copy, ContextFilter, CopyRequest, EntryKind, EntryStatus};
use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

/// One selected entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SelEntry {
    /// The context path as selected (a symlink's own path when followed).
    pub context_path: Box<str>,
    /// The context path the content comes from.
    pub resolved_path: Box<str>,
    /// Where it lands in the image.
    pub image_path: Box<str>,
    pub kind: EntryKind,
    pub mode: u32,
    pub hash: Box<str>,
    pub link_target: Option<Box<str>>,
    pub size: u64,
    /// Copied and then overwritten by a later source of the instruction.
    pub overwritten: bool,
    pub item: u128,
}

impl SelEntry {
    fn item_hash(&self) -> u128 {
        Encoder::new("entry")
            .str(&self.context_path)
            .str(self.kind.as_str())
            .u64(u64::from(self.mode & 0o7777))
            .str(self.link_target.as_deref().unwrap_or(""))
            .str(&self.hash)
            .finish()
            .0
    }

    fn counts_as_file(&self) -> bool {
        !self.overwritten && self.kind == EntryKind::File
    }

    /// A copy of the entry with another content hash, mode and size.
    fn patched(&self, patch: &EntryPatch) -> SelEntry {
        let mut entry = self.clone();
        if let Some(hash) = &patch.hash {
            entry.hash = hash.as_str().into();
        }
        if let Some(mode) = patch.mode {
            entry.mode = mode;
        }
        if let Some(size) = patch.size {
            entry.size = size;
        }
        entry.item = entry.item_hash();
        entry
    }
}

/// A computed selection.
#[derive(Clone, Debug, Default)]
pub(crate) struct Selection {
    /// Sorted by context path, then image path.
    pub entries: Vec<SelEntry>,
    /// Entries whose content comes from another path (followed symlinks).
    followed: Vec<usize>,
    /// The deepest context directory containing every entry (`""`: root).
    common_prefix: String,
    /// Why the build fails here (a missing or ignored source), if it does.
    pub failure: Option<String>,
    sum: u128,
    bytes: u64,
    /// Built on first use by `digest_under`.
    image_index: OnceCell<ImageIndex>,
    under_memo: RefCell<HashMap<Box<str>, (u128, u64)>>,
}

impl Selection {
    fn from_entries(mut entries: Vec<SelEntry>, failure: Option<String>) -> Selection {
        entries.sort_by(|a, b| {
            (&a.context_path, &a.image_path).cmp(&(&b.context_path, &b.image_path))
        });
        let followed = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.resolved_path != e.context_path)
            .map(|(i, _)| i)
            .collect();
        let common_prefix = common_directory(entries.iter().map(|e| &*e.context_path));
        let mut selection = Selection {
            entries,
            followed,
            failure,
            common_prefix,
            ..Selection::default()
        };
        for entry in &selection.entries {
            selection.sum = selection.sum.wrapping_add(entry.item);
            if entry.counts_as_file() {
                selection.bytes += entry.size;
            }
        }
        selection
    }

    /// Indices of the entries whose content comes from `path`.
    fn positions_of(&self, path: &str) -> Vec<usize> {
        // Most selections cover one directory: reject other paths without
        // touching the entries.
        if self.followed.is_empty() && !crate::context::gopath::is_within(path, &self.common_prefix)
        {
            return Vec::new();
        }
        let start = self.entries.partition_point(|e| &*e.context_path < path);
        let mut found: Vec<usize> = self.entries[start..]
            .iter()
            .take_while(|e| &*e.context_path == path)
            .enumerate()
            .filter(|(_, e)| &*e.resolved_path == path)
            .map(|(i, _)| start + i)
            .collect();
        found.extend(
            self.followed
                .iter()
                .copied()
                .filter(|&i| &*self.entries[i].resolved_path == path),
        );
        found
    }
}

/// The deepest directory that contains every path (`""` for the root).
fn common_directory<'p>(mut paths: impl Iterator<Item = &'p str>) -> String {
    let Some(first) = paths.next() else {
        return String::new();
    };
    let mut prefix: &str = first;
    for path in paths {
        while !crate::context::gopath::is_within(path, prefix) {
            prefix = match prefix.rfind('/') {
                Some(slash) => &prefix[..slash],
                None => "",
            };
        }
        if prefix.is_empty() {
            break;
        }
    }
    prefix.to_string()
}

/// New attributes for a context path (a content-only edit).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct EntryPatch {
    pub hash: Option<String>,
    pub mode: Option<u32>,
    pub size: Option<u64>,
}

/// Content-only edits by context path.
pub(crate) type Patches = BTreeMap<String, EntryPatch>;

/// A selection as one build sees it: a computed selection, possibly with
/// some entries patched.
#[derive(Clone, Debug)]
pub(crate) struct SelectionView {
    base: Rc<Selection>,
    /// Patched entries by index, sorted.
    changes: Vec<(usize, SelEntry)>,
    sum: u128,
    bytes: u64,
}

impl SelectionView {
    pub(crate) fn full(base: Rc<Selection>) -> SelectionView {
        SelectionView {
            sum: base.sum,
            bytes: base.bytes,
            base,
            changes: Vec::new(),
        }
    }

    /// The view after content-only edits.
    pub(crate) fn patched(base: Rc<Selection>, patches: &Patches) -> SelectionView {
        let mut view = SelectionView::full(base);
        let mut changes: Vec<(usize, SelEntry)> = Vec::new();
        for (path, patch) in patches {
            for index in view.base.positions_of(path) {
                let old = &view.base.entries[index];
                let new = old.patched(patch);
                view.sum = view.sum.wrapping_sub(old.item).wrapping_add(new.item);
                if old.counts_as_file() {
                    view.bytes = view.bytes.saturating_sub(old.size).saturating_add(new.size);
                }
                changes.push((index, new));
            }
        }
        changes.sort_by_key(|(i, _)| *i);
        changes.dedup_by_key(|(i, _)| *i);
        view.changes = changes;
        view
    }

    pub(crate) fn digest(&self) -> Key {
        Encoder::new("selection")
            .key(Key(self.sum))
            .u64(self.base.entries.len() as u64)
            .finish()
    }

    pub(crate) fn failure(&self) -> Option<&str> {
        self.base.failure.as_deref()
    }

    /// Bytes of the files that end up in the image.
    pub(crate) fn bytes(&self) -> u64 {
        self.bytes
    }

    pub(crate) fn len(&self) -> usize {
        self.base.entries.len()
    }

    pub(crate) fn entry(&self, index: usize) -> &SelEntry {
        match self.changes.binary_search_by_key(&index, |(i, _)| *i) {
            Ok(at) => &self.changes[at].1,
            Err(_) => &self.base.entries[index],
        }
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &SelEntry> + '_ {
        (0..self.len()).map(move |i| self.entry(i))
    }

    /// The digest of the part of the selection that lands under the image
    /// path `under` (itself included), with `meta` (owner, mode flags)
    /// mixed in: what a later `COPY --from` of that path reads. Logarithmic
    /// in the selection's size (plus the patched entries).
    pub(crate) fn digest_under(&self, under: &str, meta: &str) -> Option<Key> {
        let under = under.trim_end_matches('/');
        let base = &self.base;
        let (mut sum, count) = base.placed_under(under);
        for (i, new) in &self.changes {
            let old = &base.entries[*i];
            if writes_under(old, under) {
                sum = sum.wrapping_sub(placed(old)).wrapping_add(placed(new));
            }
        }
        (count > 0).then(|| {
            Encoder::new("selection-under")
                .str(meta)
                .key(Key(sum))
                .u64(count)
                .finish()
        })
    }
}

impl Selection {
    /// The sum and count of the placed hashes of the entries that write at
    /// or below `under` (no trailing slash; `""` is the root), memoised.
    fn placed_under(&self, under: &str) -> (u128, u64) {
        if let Some(found) = self.under_memo.borrow().get(under) {
            return *found;
        }
        let index = self.image_index();
        let mut sum: u128 = 0;
        let mut count = 0u64;
        let mut add_range = |lo: usize, hi: usize| {
            if hi > lo {
                sum = sum.wrapping_add(index.prefix[hi].wrapping_sub(index.prefix[lo]));
                count += (hi - lo) as u64;
            }
        };
        if under.is_empty() {
            add_range(0, index.order.len());
        } else {
            let (lo, hi) = self.image_range(index, under);
            add_range(lo, hi);
            let below = format!("{under}/");
            let end = format!("{under}0");
            add_range(
                self.lower_bound(index, &below),
                self.lower_bound(index, &end),
            );
            // A file (or link) at an ancestor of `under` covers it too.
            let mut ancestor = under;
            while let Some(slash) = ancestor.rfind('/') {
                ancestor = &ancestor[..slash];
                let path = if ancestor.is_empty() { "/" } else { ancestor };
                let (lo, hi) = self.image_range(index, path);
                for &i in &index.order[lo..hi] {
                    let entry = &self.entries[i as usize];
                    if entry.kind != EntryKind::Dir {
                        sum = sum.wrapping_add(placed(entry));
                        count += 1;
                    }
                }
            }
        }
        self.under_memo
            .borrow_mut()
            .insert(under.into(), (sum, count));
        (sum, count)
    }
}

/// What one entry adds to a digest of placed files: its item and where it
/// lands.
fn placed(entry: &SelEntry) -> u128 {
    Encoder::new("placed")
        .str(&entry.image_path)
        .key(Key(entry.item))
        .finish()
        .0
}

/// Entries ordered by image path, with prefix sums of their placed hashes.
#[derive(Clone, Debug, Default)]
struct ImageIndex {
    order: Vec<u32>,
    prefix: Vec<u128>,
}

impl Selection {
    fn image_index(&self) -> &ImageIndex {
        self.image_index.get_or_init(|| {
            let mut order: Vec<u32> = (0..self.entries.len() as u32).collect();
            order.sort_by(|&a, &b| {
                self.entries[a as usize]
                    .image_path
                    .cmp(&self.entries[b as usize].image_path)
            });
            let mut prefix = Vec::with_capacity(order.len() + 1);
            let mut running: u128 = 0;
            prefix.push(running);
            for &i in &order {
                running = running.wrapping_add(placed(&self.entries[i as usize]));
                prefix.push(running);
            }
            ImageIndex { order, prefix }
        })
    }

    /// First position (in image order) whose path is not below `key`.
    fn lower_bound(&self, index: &ImageIndex, key: &str) -> usize {
        index
            .order
            .partition_point(|&i| &*self.entries[i as usize].image_path < key)
    }

    /// Positions (in image order) of the entries placed exactly at `path`.
    fn image_range(&self, index: &ImageIndex, path: &str) -> (usize, usize) {
        let lo = self.lower_bound(index, path);
        let hi = lo
            + index.order[lo..]
                .iter()
                .take_while(|&&i| &*self.entries[i as usize].image_path == path)
                .count();
        (lo, hi)
    }
}

/// Whether an entry writes something at or below the image path `under`:
/// it lands there, or it is the file (or link) `under` itself names.
pub(crate) fn writes_under(entry: &SelEntry, under: &str) -> bool {
    let path: &str = &entry.image_path;
    within(path, under) || (entry.kind != EntryKind::Dir && within(under, path))
}

/// Whether the absolute image path `path` is `ancestor` or lies below it.
pub(crate) fn within(path: &str, ancestor: &str) -> bool {
    let ancestor = ancestor.trim_end_matches('/');
    let path = path.trim_end_matches('/');
    ancestor.is_empty()
        || path == ancestor
        || (path.len() > ancestor.len()
            && path.starts_with(ancestor)
            && path.as_bytes()[ancestor.len()] == b'/')
}

/// How one selected path differs between two builds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FileChange {
    Added(String),
    Removed(String),
    Content(String),
    Mode { path: String, old: u32, new: u32 },
    Link(String),
    Kind(String),
    Renamed { from: String, to: String },
}

impl FileChange {
    pub(crate) fn path(&self) -> &str {
        match self {
            FileChange::Added(p)
            | FileChange::Removed(p)
            | FileChange::Content(p)
            | FileChange::Link(p)
            | FileChange::Kind(p) => p,
            FileChange::Mode { path, .. } => path,
            FileChange::Renamed { to, .. } => to,
        }
    }
}

fn compare(old: &SelEntry, new: &SelEntry) -> Option<FileChange> {
    let path = new.context_path.to_string();
    if old.kind != new.kind {
        Some(FileChange::Kind(path))
    } else if old.hash != new.hash {
        Some(FileChange::Content(path))
    } else if old.link_target != new.link_target {
        Some(FileChange::Link(path))
    } else if old.mode & 0o7777 != new.mode & 0o7777 {
        Some(FileChange::Mode {
            path,
            old: old.mode & 0o7777,
            new: new.mode & 0o7777,
        })
    } else {
        None
    }
}

/// What changed between two views of (possibly) the same selection,
/// considering only entries `keep` accepts. Sorted by path; a removed and an
/// added file with the same content become one rename.
pub(crate) fn diff(
    before: &SelectionView,
    after: &SelectionView,
    keep: &dyn Fn(&SelEntry) -> bool,
) -> Vec<FileChange> {
    let mut changes = Vec::new();
    if Rc::ptr_eq(&before.base, &after.base) {
        let mut indices: Vec<usize> = before
            .changes
            .iter()
            .chain(&after.changes)
            .map(|(i, _)| *i)
            .collect();
        indices.sort_unstable();
        indices.dedup();
        for index in indices {
            let (old, new) = (before.entry(index), after.entry(index));
            if keep(old) || keep(new) {
                changes.extend(compare(old, new));
            }
        }
    } else {
        let old: Vec<&SelEntry> = unique_paths(before.iter().filter(|e| keep(e)));
        let new: Vec<&SelEntry> = unique_paths(after.iter().filter(|e| keep(e)));
        let (mut i, mut j) = (0, 0);
        while i < old.len() || j < new.len() {
            match (old.get(i), new.get(j)) {
                (Some(o), Some(n)) if o.context_path == n.context_path => {
                    changes.extend(compare(o, n));
                    i += 1;
                    j += 1;
                }
                (Some(o), Some(n)) if o.context_path < n.context_path => {
                    changes.push(FileChange::Removed(o.context_path.to_string()));
                    i += 1;
                }
                (Some(_), Some(n)) | (None, Some(n)) => {
                    changes.push(FileChange::Added(n.context_path.to_string()));
                    j += 1;
                }
                (Some(o), None) => {
                    changes.push(FileChange::Removed(o.context_path.to_string()));
                    i += 1;
                }
                (None, None) => break,
            }
        }
        pair_renames(&mut changes, &old, &new);
    }
    changes.sort_by(|a, b| a.path().cmp(b.path()));
    changes
}

/// The first entry of each context path (entries are sorted by path).
fn unique_paths<'a>(entries: impl Iterator<Item = &'a SelEntry>) -> Vec<&'a SelEntry> {
    let mut out: Vec<&SelEntry> = Vec::new();
    for entry in entries {
        if out
            .last()
            .is_none_or(|last| last.context_path != entry.context_path)
        {
            out.push(entry);
        }
    }
    out
}

/// Turn a removed and an added file with the same content into a rename.
fn pair_renames(changes: &mut Vec<FileChange>, old: &[&SelEntry], new: &[&SelEntry]) {
    let hash_of = |entries: &[&SelEntry], path: &str| -> Option<String> {
        let at = entries.partition_point(|e| &*e.context_path < path);
        entries
            .get(at)
            .filter(|e| &*e.context_path == path && e.kind == EntryKind::File && !e.hash.is_empty())
            .map(|e| e.hash.to_string())
    };
    let mut removed_by_hash: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for change in changes.iter() {
        if let FileChange::Removed(path) = change {
            if let Some(hash) = hash_of(old, path) {
                removed_by_hash.entry(hash).or_default().push(path.clone());
            }
        }
    }
    if removed_by_hash.is_empty() {
        return;
    }
    let mut renamed_from: Vec<String> = Vec::new();
    for change in changes.iter_mut() {
        if let FileChange::Added(path) = change {
            let Some(hash) = hash_of(new, path) else {
                continue;
            };
            if let Some(from) = removed_by_hash.get_mut(&hash).and_then(|v| {
                if v.is_empty() {
                    None
                } else {
                    Some(v.remove(0))
                }
            }) {
                renamed_from.push(from.clone());
                *change = FileChange::Renamed {
                    from,
                    to: path.clone(),
                };
            }
        }
    }
    renamed_from.sort();
    changes.retain(|c| match c {
        FileChange::Removed(path) => renamed_from.binary_search(path).is_err(),
        _ => true,
    });
}

/// The build context as one build's COPY/ADD/bind mounts see it, with a
/// memo of the selections already computed.
#[derive(Debug)]
pub(crate) struct ContextFiles {
    pub filter: ContextFilter,
    /// The ignore file in effect (`.dockerignore`, `app.Dockerfile.dockerignore`).
    pub ignore_name: Option<String>,
    /// A digest of the ignore file's name and text (what decides inclusion).
    pub ignore_digest: Key,
    memo: RefCell<HashMap<Key, Rc<Selection>>>,
}

impl ContextFiles {
    pub(crate) fn new(filter: ContextFilter, ignore: Option<(String, &str)>) -> ContextFiles {
        let ignore_digest = match &ignore {
            Some((name, text)) => Encoder::new("ignore").str(name).str(text).finish(),
            None => Encoder::new("no-ignore").finish(),
        };
        ContextFiles {
            filter,
            ignore_name: ignore.map(|(name, _)| name),
            ignore_digest,
            memo: RefCell::new(HashMap::new()),
        }
    }

    pub(crate) fn select(&self, request: &CopyRequest) -> Rc<Selection> {
        let key = request_key(request);
        if let Some(found) = self.memo.borrow().get(&key) {
            return Rc::clone(found);
        }
        let selection = Rc::new(compute(&self.filter, request));
        self.memo.borrow_mut().insert(key, Rc::clone(&selection));
        selection
    }

    /// Whether the builder receives `path`, and the ignore line that decided.
    pub(crate) fn ignore_state(&self, path: &str) -> Option<(bool, Option<String>)> {
        let decision = self.filter.decision(path)?;
        let line = decision
            .decided_by
            .and_then(|i| self.filter.pattern_line(i))
            .map(|l| format!("line {} `{}`", l.line, l.text));
        Some((decision.status != EntryStatus::Excluded, line))
    }
}

fn request_key(request: &CopyRequest) -> Key {
    let mut encoder = Encoder::new("request");
    encoder.u64(request.sources.len() as u64);
    for source in &request.sources {
        encoder.str(source);
    }
    encoder.str(&request.dest).str(&request.workdir);
    encoder.u64(request.excludes.len() as u64);
    for exclude in &request.excludes {
        encoder.str(exclude);
    }
    encoder.u64(u64::from(request.parents));
    encoder.finish()
}

fn compute(filter: &ContextFilter, request: &CopyRequest) -> Selection {
    let selection = select_copy(filter, request);
    let failure = selection
        .sources
        .iter()
        .find(|s| s.fails_build)
        .map(|s| s.message.clone())
        .or_else(|| selection.errors.first().cloned());
    let entries = selection
        .placements
        .iter()
        .map(|p| (p, false))
        .chain(selection.overwritten.iter().map(|p| (p, true)))
        .map(|(p, overwritten)| {
            let mut entry = SelEntry {
                context_path: p.context_path.as_str().into(),
                resolved_path: p.resolved_path.as_str().into(),
                image_path: p.image_path.as_str().into(),
                kind: p.kind,
                mode: p.mode,
                hash: p.hash.as_str().into(),
                link_target: p.link_target.as_deref().map(Into::into),
                size: p.size,
                overwritten,
                item: 0,
            };
            entry.item = entry.item_hash();
            entry
        })
        .collect();
    Selection::from_entries(entries, failure)
}

/// Where one build's COPY/ADD/bind mounts get their files.
#[derive(Clone, Debug)]
pub(crate) enum Files {
    /// Computed from the build's own context.
    Context(Rc<ContextFiles>),
    /// Another build's context with content-only edits on top.
    Patched {
        base: Rc<ContextFiles>,
        patches: Rc<Patches>,
    },
}

impl Files {
    pub(crate) fn view(&self, request: &CopyRequest) -> SelectionView {
        match self {
            Files::Context(files) => SelectionView::full(files.select(request)),
            Files::Patched { base, patches } => {
                SelectionView::patched(base.select(request), patches)
            }
        }
    }

    pub(crate) fn context(&self) -> &ContextFiles {
        self.base()
    }

    /// The context the selections are computed from.
    pub(crate) fn base(&self) -> &Rc<ContextFiles> {
        match self {
            Files::Context(files) | Files::Patched { base: files, .. } => files,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{BuildContext, ContextEntry, Dockerignore};

    fn files(entries: Vec<ContextEntry>, ignore: &str) -> Rc<ContextFiles> {
        let context = BuildContext::new(entries);
        Rc::new(ContextFiles::new(
            context.apply_dockerignore(&Dockerignore::parse(ignore)),
            Some((".dockerignore".to_string(), ignore)),
        ))
    }

    fn sample() -> Vec<ContextEntry> {
        vec![
            ContextEntry::file("app.py", "a1", 10),
            ContextEntry::file("requirements.txt", "r1", 5),
            ContextEntry::file("src/lib.py", "l1", 7),
            ContextEntry::file("debug.log", "g1", 100),
        ]
    }

    #[test]
    fn a_patched_selection_equals_a_recomputed_one() {
        let request = CopyRequest::new(["."], ".").workdir("/app");
        let before = files(sample(), "*.log\n");
        let mut edited = sample();
        edited[2].hash = "l2".into();
        edited[0].mode = 0o755;
        let after = files(edited, "*.log\n");
        let recomputed = Files::Context(after).view(&request);
        let mut patches = Patches::new();
        patches.insert(
            "src/lib.py".into(),
            EntryPatch {
                hash: Some("l2".into()),
                ..EntryPatch::default()
            },
        );
        patches.insert(
            "app.py".into(),
            EntryPatch {
                mode: Some(0o755),
                ..EntryPatch::default()
            },
        );
        let patched = Files::Patched {
            base: Rc::clone(&before),
            patches: Rc::new(patches),
        }
        .view(&request);
        assert_eq!(patched.digest(), recomputed.digest());
        assert_eq!(patched.bytes(), recomputed.bytes());
        let original = Files::Context(before).view(&request);
        assert_ne!(original.digest(), patched.digest());
        let changes = diff(&original, &patched, &|_| true);
        assert_eq!(
            changes,
            vec![
                FileChange::Mode {
                    path: "app.py".into(),
                    old: 0o644,
                    new: 0o755
                },
                FileChange::Content("src/lib.py".into()),
            ]
        );
        assert_eq!(diff(&original, &recomputed, &|_| true), changes);
    }

    #[test]
    fn ignored_files_do_not_count_and_renames_pair_up() {
        let request = CopyRequest::new(["."], ".").workdir("/app");
        let before = Files::Context(files(sample(), "*.log\n")).view(&request);
        let mut log_edit = sample();
        log_edit[3].hash = "g2".into();
        let after = Files::Context(files(log_edit, "*.log\n")).view(&request);
        assert_eq!(before.digest(), after.digest());
        assert_eq!(before.bytes(), 22);

        let mut renamed = sample();
        renamed[0].path = "main.py".into();
        let after = Files::Context(files(renamed, "*.log\n")).view(&request);
        assert_ne!(before.digest(), after.digest());
        assert_eq!(
            diff(&before, &after, &|_| true),
            vec![FileChange::Renamed {
                from: "app.py".into(),
                to: "main.py".into()
            }]
        );
    }

    #[test]
    fn digest_under_a_path() {
        let request = CopyRequest::new(["."], ".").workdir("/app");
        let view = Files::Context(files(sample(), "")).view(&request);
        let src = view.digest_under("/app/src", "").unwrap();
        let mut edited = sample();
        edited[0].hash = "a2".into();
        let other = Files::Context(files(edited, "")).view(&request);
        assert_eq!(other.digest_under("/app/src", ""), Some(src));
        assert_ne!(
            other.digest_under("/app", ""),
            view.digest_under("/app", "")
        );
        assert_eq!(view.digest_under("/elsewhere", ""), None);
        // The indexed digest equals a plain scan, patched or not.
        let naive = |view: &SelectionView, under: &str| {
            let found: Vec<&SelEntry> = view.iter().filter(|e| writes_under(e, under)).collect();
            let sum = found.iter().fold(0u128, |s, e| s.wrapping_add(placed(e)));
            (!found.is_empty()).then(|| {
                Encoder::new("selection-under")
                    .str("")
                    .key(Key(sum))
                    .u64(found.len() as u64)
                    .finish()
            })
        };
        let mut patches = Patches::new();
        patches.insert(
            "src/lib.py".into(),
            EntryPatch {
                hash: Some("l9".into()),
                ..EntryPatch::default()
            },
        );
        let base = files(sample(), "");
        let patched = Files::Patched {
            base: Rc::clone(&base),
            patches: Rc::new(patches),
        }
        .view(&request);
        let single = Files::Context(base).view(&CopyRequest::new(["app.py"], "/app/main.py"));
        for under in [
            "/",
            "/app",
            "/app/src",
            "/app/src/lib.py",
            "/app/src/lib.py/x",
            "/ap",
            "/zzz",
        ] {
            assert_eq!(
                patched.digest_under(under, ""),
                naive(&patched, under),
                "{under}"
            );
            assert_eq!(view.digest_under(under, ""), naive(&view, under), "{under}");
        }
        for under in ["/app/main.py", "/app/main.py/deeper", "/app"] {
            assert_eq!(
                single.digest_under(under, ""),
                naive(&single, under),
                "{under}"
            );
        }
        assert!(within("/app/src/x", "/app/src"));
        assert!(!within("/app/srcx", "/app/src"));
        assert!(within("/anything", "/"));
    }
}
