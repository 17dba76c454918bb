//! One layer being built: the writes and deletes of an instruction, in
//! order, resolved against the filesystem the earlier layers left.
//!
//! The order matters the way it does in a real build: a path written and
//! removed within the same RUN never reaches the layer (its bytes are
//! saved), while removing what an earlier layer wrote only adds a whiteout
//! and frees nothing (opencontainers/image-spec `layer.md`).

use super::estimate::{human, Estimate};
use super::fs::{Fs, FsEntry, Origin};
use super::heuristics::Rule;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A share of a layer: what it is, where it lands, how big, by which rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Part {
    pub label: String,
    /// Where it lands in the image (`None` for content without a known place).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(flatten)]
    pub estimate: Estimate,
    pub rule: Rule,
}

impl Part {
    pub fn new(label: impl Into<String>, estimate: Estimate, rule: Rule) -> Part {
        Part {
            label: label.into(),
            path: None,
            estimate,
            rule,
        }
    }
}

#[derive(Clone, Debug)]
struct Write {
    part: Part,
    tree: bool,
    origin: Origin,
}

#[derive(Clone, Debug)]
enum State {
    Written(Write),
    /// Removed; it existed in an earlier layer (a whiteout).
    Deleted,
}

/// A path seen in a layer, for dive's metrics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub path: String,
    pub layer: usize,
    pub bytes: u64,
}

/// A layer under construction.
#[derive(Debug)]
pub struct Draft {
    pub layer: usize,
    ops: BTreeMap<String, State>,
    pathless: Vec<Part>,
    pub notes: Vec<String>,
    pub rules: BTreeSet<Rule>,
    /// Paths whose writes stay out of the layer (cache and tmpfs mounts).
    mounts: Vec<String>,
    /// Bytes removed within the layer.
    pub saved: Estimate,
    /// COPY/ADD merge into existing directories; a RUN that writes a tree
    /// (`npm ci` writing node_modules) replaces what was below it.
    pub merge_only: bool,
    /// Labels of what was written and removed within the layer.
    removed_here: Vec<String>,
}

/// What committing a draft produced.
#[derive(Debug, Default)]
pub struct Committed {
    pub parts: Vec<Part>,
    pub occurrences: Vec<Occurrence>,
    pub notes: Vec<String>,
}

fn is_under(path: &str, dir: &str) -> bool {
    dir == "/"
        || path == dir
        || (path.starts_with(dir) && path.as_bytes().get(dir.len()) == Some(&b'/'))
}

impl Draft {
    pub fn new(layer: usize) -> Draft {
        Draft {
            layer,
            ops: BTreeMap::new(),
            pathless: Vec::new(),
            notes: Vec::new(),
            rules: BTreeSet::new(),
            mounts: Vec::new(),
            saved: Estimate::ZERO,
            merge_only: false,
            removed_here: Vec::new(),
        }
    }

    /// Writes below `dir` go to a mount, not the layer.
    pub fn mount(&mut self, dir: String) {
        self.mounts.push(dir);
    }

    pub fn note(&mut self, note: impl Into<String>) {
        let note = note.into();
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    /// Paths this draft writes that start with `prefix`.
    pub fn written_paths(&self, prefix: &str) -> Vec<String> {
        self.ops
            .iter()
            .filter(|(p, s)| p.starts_with(prefix) && matches!(s, State::Written(_)))
            .map(|(p, _)| p.clone())
            .collect()
    }

    /// The estimate this draft writes at exactly `path`.
    pub fn written(&self, path: &str) -> Option<Estimate> {
        match self.ops.get(path) {
            Some(State::Written(w)) => Some(w.part.estimate),
            _ => None,
        }
    }

    /// Write `path` (a file, or a whole tree when `tree`).
    pub fn write(&mut self, path: String, part: Part, tree: bool, origin: Origin) {
        if let Some(mount) = self.mounts.iter().find(|m| is_under(&path, m)) {
            self.rules.insert(Rule::CacheMount);
            let note = format!(
                "{} goes to the mount at {mount}, not into the layer",
                part.label
            );
            self.note(note);
            return;
        }
        self.rules.insert(part.rule);
        let part = Part {
            path: Some(path.clone()),
            ..part
        };
        self.ops
            .insert(path, State::Written(Write { part, tree, origin }));
    }

    /// Content without a place (an unknown command's output).
    pub fn pathless(&mut self, part: Part) {
        self.rules.insert(part.rule);
        self.pathless.push(part);
    }

    /// Remove `path` and everything below it.
    pub fn delete(&mut self, fs: &Fs, path: &str) {
        // Written earlier in this layer: never reaches the layer.
        let same_layer: Vec<String> = self
            .ops
            .iter()
            .filter(|(p, s)| matches!(s, State::Written(_)) && is_under(p, path))
            .map(|(p, _)| p.clone())
            .collect();
        for p in same_layer {
            if let Some(State::Written(w)) = self.ops.remove(&p) {
                self.saved = self.saved + w.part.estimate;
                self.rules.insert(Rule::RemoveSameLayer);
                self.removed_here.push(w.part.label);
                if fs.get(&p).is_some() {
                    // It also existed before: the layer holds a whiteout.
                    self.ops.insert(p, State::Deleted);
                }
            }
        }
        // Written by an earlier layer: a whiteout, nothing freed.
        for (p, _) in fs.under(path) {
            if !self.ops.contains_key(p.as_str()) {
                self.ops.insert(p.clone(), State::Deleted);
                self.rules.insert(Rule::RemoveLaterLayer);
            }
        }
        if let Some((tree, _)) = fs.tree_ancestor(path) {
            if tree != path {
                self.note(format!(
                    "removes part of {tree} (written by an earlier layer): frees nothing"
                ));
            }
        }
    }

    /// `chmod -R` / `chown -R dir`: every file an earlier layer wrote below
    /// `dir` is stored again in full.
    pub fn rewrite(&mut self, fs: &Fs, dir: &str, label: &str) -> usize {
        let mut count = 0;
        for (path, entry) in fs.under(dir) {
            if self.ops.contains_key(path.as_str()) {
                continue;
            }
            let part = Part::new(
                format!("{label} re-adds {path}"),
                entry.bytes,
                Rule::RecursiveChmod,
            );
            self.write(path.clone(), part, entry.tree, entry.origin.clone());
            count += 1;
        }
        count
    }

    /// The layer's size so far.
    pub fn total(&self) -> Estimate {
        self.ops
            .values()
            .filter_map(|s| match s {
                State::Written(w) => Some(w.part.estimate),
                State::Deleted => None,
            })
            .chain(self.pathless.iter().map(|p| p.estimate))
            .sum()
    }

    /// Make the layer exactly `bytes`, scaling what it writes (so later
    /// `COPY --from` see the user's figure).
    pub fn set_total(&mut self, bytes: u64) {
        let total = self.total().bytes;
        let mut written: Vec<&mut Part> = self
            .ops
            .values_mut()
            .filter_map(|s| match s {
                State::Written(w) => Some(&mut w.part),
                State::Deleted => None,
            })
            .chain(self.pathless.iter_mut())
            .collect();
        if written.is_empty() {
            self.pathless.push(Part::new(
                "size set by the user",
                Estimate::exact(bytes),
                Rule::UserOverride,
            ));
            self.rules.insert(Rule::UserOverride);
            return;
        }
        if total == 0 {
            // Nothing known to scale (unknown downloads): share it out evenly.
            let count = written.len() as u64;
            for (i, part) in written.iter_mut().enumerate() {
                let share = bytes / count + u64::from((i as u64) < bytes % count);
                part.estimate = Estimate::exact(share);
                part.rule = Rule::UserOverride;
            }
            self.rules.insert(Rule::UserOverride);
            return;
        }
        let factor = bytes as f64 / total as f64;
        let mut assigned = 0u64;
        let last = written.len() - 1;
        for (i, part) in written.iter_mut().enumerate() {
            let value = if i == last {
                bytes.saturating_sub(assigned)
            } else {
                super::estimate::scale(part.estimate.bytes, factor).min(bytes - assigned)
            };
            assigned += value;
            part.estimate = Estimate::exact(value);
            part.rule = Rule::UserOverride;
        }
        self.rules.insert(Rule::UserOverride);
    }

    /// Apply the layer to `fs` and return its parts and dive occurrences.
    /// `line_of` names the line of an earlier layer for notes.
    pub fn commit(self, fs: &mut Fs, line_of: &dyn Fn(usize) -> Option<u32>) -> Committed {
        let layer = self.layer;
        let merge_only = self.merge_only;
        let mut out = Committed {
            notes: self.notes,
            ..Committed::default()
        };
        if !self.removed_here.is_empty() {
            let shown: Vec<&str> = self
                .removed_here
                .iter()
                .take(4)
                .map(String::as_str)
                .collect();
            let more = self.removed_here.len().saturating_sub(4);
            let more = if more > 0 {
                format!(", +{more} more")
            } else {
                String::new()
            };
            out.notes.push(format!(
                "removed in the same RUN, so never stored: {}{more}: saves {}",
                shown.join(", "),
                human(self.saved.bytes)
            ));
        }
        let mut overlaps: BTreeMap<String, (u64, FsEntry)> = BTreeMap::new();
        let mut freed_nothing: BTreeMap<Option<u32>, u64> = BTreeMap::new();
        for (path, state) in self.ops {
            match state {
                State::Written(write) => {
                    // A copied file landing inside a tree an earlier RUN wrote
                    // (host node_modules over installed ones) replaces files of
                    // it; a RUN adding to its own tree only adds.
                    let copied = matches!(write.origin, Origin::Context(_));
                    let ancestor = fs
                        .tree_ancestor(&path)
                        .filter(|(_, e)| copied && !matches!(e.origin, Origin::Context(_)));
                    if let Some((tree, entry)) = ancestor {
                        let slot = overlaps
                            .entry(tree.clone())
                            .or_insert_with(|| (0, entry.clone()));
                        slot.0 = slot.0.saturating_add(write.part.estimate.bytes);
                    }
                    if write.tree && !merge_only && path != "/" {
                        // A tree replaces whatever earlier layers put below it:
                        // those files are rewritten (dive sees them twice).
                        let below: Vec<(String, u64)> = fs
                            .under(&path)
                            .into_iter()
                            .filter(|(p, _)| p.as_str() != path)
                            .map(|(p, e)| (p.clone(), e.bytes.bytes))
                            .collect();
                        for (p, bytes) in below {
                            fs.remove(&p);
                            out.occurrences.push(Occurrence {
                                path: p,
                                layer,
                                bytes,
                            });
                        }
                    }
                    out.occurrences.push(Occurrence {
                        path: path.clone(),
                        layer,
                        bytes: write.part.estimate.bytes,
                    });
                    fs.insert(
                        path,
                        FsEntry {
                            bytes: write.part.estimate,
                            tree: write.tree,
                            layer,
                            origin: write.origin,
                        },
                    );
                    out.parts.push(write.part);
                }
                State::Deleted => {
                    if let Some(entry) = fs.remove(&path) {
                        *freed_nothing.entry(line_of(entry.layer)).or_default() +=
                            entry.bytes.bytes;
                    }
                    out.occurrences.push(Occurrence {
                        path,
                        layer,
                        bytes: 0,
                    });
                }
            }
        }
        for (line, bytes) in freed_nothing {
            if bytes > 0 {
                let by =
                    line.map_or_else(|| "an earlier layer".to_string(), |l| format!("line {l}"));
                out.notes.push(format!(
                    "removes {} written by {by}: frees nothing (the earlier layer still ships it)",
                    human(bytes)
                ));
            }
        }
        for (tree, (bytes, entry)) in overlaps {
            let rewritten = bytes.min(entry.bytes.bytes);
            if rewritten == 0 {
                continue;
            }
            out.occurrences.push(Occurrence {
                path: tree.clone(),
                layer,
                bytes: rewritten,
            });
            let by = line_of(entry.layer).map_or_else(String::new, |l| format!(" (line {l})"));
            out.notes.push(format!(
                "overwrites about {} of {tree}{by}: stored twice",
                human(rewritten)
            ));
        }
        for part in self.pathless {
            out.occurrences.push(Occurrence {
                path: format!("<layer {layer}: {}>", part.label),
                layer,
                bytes: part.estimate.bytes,
            });
            out.parts.push(part);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(label: &str, bytes: u64) -> Part {
        Part::new(label, Estimate::exact(bytes), Rule::AptLists)
    }

    #[test]
    fn same_layer_delete_saves_and_later_delete_does_not() {
        let mut fs = Fs::default();
        let mut first = Draft::new(1);
        first.write(
            "/var/lib/apt/lists".into(),
            part("lists", 100),
            true,
            Origin::Generated,
        );
        first.write(
            "/usr/(apt: curl)".into(),
            part("curl", 50),
            true,
            Origin::Generated,
        );
        first.delete(&fs, "/var/lib/apt/lists");
        assert_eq!(first.total().bytes, 50);
        assert_eq!(first.saved.bytes, 100);
        let committed = first.commit(&mut fs, &|_| Some(2));
        assert_eq!(committed.parts.len(), 1);

        let mut second = Draft::new(2);
        second.write(
            "/var/lib/apt/lists".into(),
            part("lists", 100),
            true,
            Origin::Generated,
        );
        let committed = second.commit(&mut fs, &|_| Some(3));
        assert_eq!(committed.parts.len(), 1);

        let mut third = Draft::new(3);
        third.delete(&fs, "/var/lib/apt/lists");
        assert_eq!(third.total().bytes, 0);
        assert_eq!(third.saved.bytes, 0);
        let committed = third.commit(&mut fs, &|_| Some(4));
        assert!(committed.parts.is_empty());
        assert_eq!(committed.occurrences[0].bytes, 0, "a whiteout");
        assert!(committed.notes.iter().any(|n| n.contains("frees nothing")));
        assert!(fs.get("/var/lib/apt/lists").is_none());
    }

    #[test]
    fn mounts_keep_writes_out() {
        let mut draft = Draft::new(0);
        draft.mount("/root/.npm".into());
        draft.write(
            "/root/.npm".into(),
            part("npm cache", 10),
            true,
            Origin::Generated,
        );
        assert_eq!(draft.total().bytes, 0);
        assert!(draft.rules.contains(&Rule::CacheMount));
    }

    #[test]
    fn user_total_scales_writes() {
        let mut draft = Draft::new(0);
        draft.write("/a".into(), part("a", 30), false, Origin::Generated);
        draft.write("/b".into(), part("b", 10), false, Origin::Generated);
        draft.set_total(80);
        assert_eq!(draft.total(), Estimate::exact(80));
        assert_eq!(draft.written("/a"), Some(Estimate::exact(60)));
        let mut empty = Draft::new(0);
        empty.set_total(5);
        assert_eq!(empty.total(), Estimate::exact(5));
        let mut unknown = Draft::new(0);
        unknown.write(
            "/tmp/x".into(),
            Part::new("download", Estimate::UNKNOWN, Rule::Download),
            false,
            Origin::Generated,
        );
        unknown.pathless(Part::new("tool", Estimate::UNKNOWN, Rule::UnknownCommand));
        unknown.set_total(7);
        assert_eq!(unknown.total(), Estimate::exact(7));
    }

    #[test]
    fn writing_into_a_tree_counts_as_a_rewrite() {
        let mut fs = Fs::default();
        let mut install = Draft::new(0);
        install.write(
            "/app/node_modules".into(),
            part("modules", 100),
            true,
            Origin::Generated,
        );
        install.commit(&mut fs, &|_| Some(1));
        let mut copy = Draft::new(1);
        copy.write(
            "/app/node_modules/a.js".into(),
            part("a.js", 40),
            false,
            Origin::Context("node_modules/a.js".into()),
        );
        let committed = copy.commit(&mut fs, &|_| Some(2));
        assert!(committed
            .occurrences
            .iter()
            .any(|o| o.path == "/app/node_modules" && o.bytes == 40));
    }
}
