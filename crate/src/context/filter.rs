//! What BuildKit actually sends: the context walked from the root down, each
//! entry matched with `MatchesUsingParentResults` against the
//! `.dockerignore` patterns (fsutil's filter walk). An excluded directory
//! that contains a re-included entry is still sent, so the entry has a
//! parent (fsutil emits such parents lazily).

use super::dockerignore::Dockerignore;
use super::gopath;
use super::model::{walk_order, BuildContext, ContextEntry, EntryKind};
use super::pattern::{ParentMatches, PatternSet};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Whether an entry reaches the builder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EntryStatus {
    /// Sent: no line excludes it (or an exception re-includes it).
    Included,
    /// Not sent.
    Excluded,
    /// A directory that is excluded itself but sent because something below
    /// it is included.
    KeptForChildren,
}

impl EntryStatus {
    /// Whether the entry exists in the context the builder sees.
    pub fn is_sent(self) -> bool {
        self != EntryStatus::Excluded
    }
}

/// The decision for one entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryDecision {
    pub path: String,
    pub kind: EntryKind,
    pub size: u64,
    pub status: EntryStatus,
    /// Index of the `.dockerignore` pattern that decided (the last line that
    /// matched); `None` when no line matched.
    pub decided_by: Option<usize>,
}

/// Line number and text of a pattern, kept so explanations need no
/// reference to the parsed file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PatternLine {
    pub line: u32,
    pub text: String,
}

/// Totals: "what is in the context and how big is it".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContextSummary {
    pub included_files: u64,
    pub included_bytes: u64,
    pub included_dirs: u64,
    pub included_symlinks: u64,
    pub excluded_files: u64,
    pub excluded_bytes: u64,
    pub excluded_dirs: u64,
    pub excluded_symlinks: u64,
    /// Per pattern: how many files and bytes it decided.
    pub by_pattern: Vec<PatternImpact>,
    /// Whether BuildKit would refuse the `.dockerignore` (build fails).
    pub ignore_file_breaks_build: bool,
}

/// Files and symlinks a pattern decided about (as the last matching line).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PatternImpact {
    pub pattern: usize,
    pub line: u32,
    pub text: String,
    pub excluded_files: u64,
    pub excluded_bytes: u64,
    pub included_files: u64,
    pub included_bytes: u64,
}

/// The result of applying a `.dockerignore` to a context.
#[derive(Clone, Debug, Default)]
pub struct ContextFilter {
    decisions: Vec<EntryDecision>,
    index: HashMap<String, usize>,
    transferred: BuildContext,
    original: BuildContext,
    lines: Vec<PatternLine>,
    breaks_build: bool,
}

impl BuildContext {
    /// Apply a `.dockerignore` the way BuildKit's context transfer does.
    pub fn apply_dockerignore(&self, ignore: &Dockerignore) -> ContextFilter {
        let lines = ignore
            .patterns()
            .iter()
            .map(|p| PatternLine {
                line: p.line,
                text: p.text.clone(),
            })
            .collect();
        ContextFilter::build(self, ignore.pattern_set(), lines, ignore.breaks_build())
    }

    /// The context with nothing excluded (no `.dockerignore`).
    pub fn unfiltered(&self) -> ContextFilter {
        ContextFilter::build(self, &PatternSet::default(), Vec::new(), false)
    }
}

impl ContextFilter {
    fn build(
        context: &BuildContext,
        set: &PatternSet,
        lines: Vec<PatternLine>,
        breaks_build: bool,
    ) -> ContextFilter {
        let entries = context.entries();
        let mut decisions: Vec<EntryDecision> = Vec::with_capacity(entries.len());
        // Open directories: (path, match info for children, decision index).
        let mut open: Vec<(String, ParentMatches, usize)> = Vec::new();
        for entry in entries {
            while let Some((dir, _, _)) = open.last() {
                if gopath::is_within(&entry.path, dir) && entry.path != *dir {
                    break;
                }
                open.pop();
            }
            let empty = ParentMatches::default();
            let parent_info = open.last().map_or(&empty, |(_, info, _)| info);
            let (verdict, for_children) =
                set.matches_using_parent_results(&entry.path, parent_info);
            let status = if verdict.excluded {
                EntryStatus::Excluded
            } else {
                EntryStatus::Included
            };
            let position = decisions.len();
            decisions.push(EntryDecision {
                path: entry.path.clone(),
                kind: entry.kind,
                size: entry.size,
                status,
                decided_by: verdict.decided_by,
            });
            if status == EntryStatus::Included {
                // Excluded ancestors must still be sent so this entry has a parent.
                for (_, _, ancestor) in open.iter().rev() {
                    match decisions[*ancestor].status {
                        EntryStatus::Excluded => {
                            decisions[*ancestor].status = EntryStatus::KeptForChildren
                        }
                        _ => break,
                    }
                }
            }
            if entry.kind == EntryKind::Dir {
                open.push((entry.path.clone(), for_children, position));
            }
        }
        let index = decisions
            .iter()
            .enumerate()
            .map(|(i, d)| (d.path.clone(), i))
            .collect();
        let transferred = BuildContext::new(
            entries
                .iter()
                .zip(&decisions)
                .filter(|(_, d)| d.status.is_sent())
                .map(|(e, _)| e.clone()),
        );
        ContextFilter {
            decisions,
            index,
            transferred,
            original: context.clone(),
            lines,
            breaks_build,
        }
    }

    /// Every entry of the original context with its decision, in walk order.
    pub fn decisions(&self) -> &[EntryDecision] {
        &self.decisions
    }

    /// The decision for a context path.
    pub fn decision(&self, path: &str) -> Option<&EntryDecision> {
        let path = gopath::context_relative(path);
        self.index.get(&path).map(|&i| &self.decisions[i])
    }

    /// Whether the path reaches the builder (`""`, the root, always does).
    pub fn is_sent(&self, path: &str) -> bool {
        let path = gopath::context_relative(path);
        path.is_empty() || self.transferred.contains(&path)
    }

    /// The context as the builder receives it.
    pub fn transferred(&self) -> &BuildContext {
        &self.transferred
    }

    /// The context before `.dockerignore`.
    pub fn original(&self) -> &BuildContext {
        &self.original
    }

    /// Decisions for entries that are sent.
    pub fn included(&self) -> impl Iterator<Item = &EntryDecision> {
        self.decisions.iter().filter(|d| d.status.is_sent())
    }

    /// Decisions for entries that are not sent.
    pub fn excluded(&self) -> impl Iterator<Item = &EntryDecision> {
        self.decisions
            .iter()
            .filter(|d| d.status == EntryStatus::Excluded)
    }

    /// Decisions for everything strictly below `dir` (`""` = all).
    pub fn decisions_below(&self, dir: &str) -> &[EntryDecision] {
        if dir.is_empty() {
            return &self.decisions;
        }
        let Some(&start) = self.index.get(dir) else {
            return &[];
        };
        let rest = &self.decisions[start + 1..];
        let end = rest
            .iter()
            .position(|d| !gopath::is_within(&d.path, dir))
            .unwrap_or(rest.len());
        &rest[..end]
    }

    /// Line and text of a pattern by index.
    pub fn pattern_line(&self, index: usize) -> Option<&PatternLine> {
        self.lines.get(index)
    }

    /// Whether BuildKit would refuse the `.dockerignore` (build fails).
    pub fn ignore_file_breaks_build(&self) -> bool {
        self.breaks_build
    }

    /// One sentence on why a path is in or out of the context.
    pub fn explain(&self, path: &str) -> Option<String> {
        let decision = self.decision(path)?;
        let line = decision
            .decided_by
            .and_then(|i| self.lines.get(i))
            .map(|l| format!("line {} `{}`", l.line, l.text));
        Some(match (decision.status, line) {
            (EntryStatus::Included, None) => "included: no .dockerignore line matches".to_string(),
            (EntryStatus::Included, Some(line)) => format!("included again by {line}"),
            (EntryStatus::Excluded, Some(line)) => format!("excluded by {line}"),
            (EntryStatus::Excluded, None) => "excluded".to_string(),
            (EntryStatus::KeptForChildren, Some(line)) => format!(
                "excluded by {line}, but sent because something inside it is included again"
            ),
            (EntryStatus::KeptForChildren, None) => {
                "sent because something inside it is included".to_string()
            }
        })
    }

    /// Totals of files, bytes, directories and symlinks in and out, and
    /// what each pattern decided.
    pub fn summary(&self) -> ContextSummary {
        let mut summary = ContextSummary {
            ignore_file_breaks_build: self.breaks_build,
            ..ContextSummary::default()
        };
        let mut impacts: Vec<PatternImpact> = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| PatternImpact {
                pattern: i,
                line: l.line,
                text: l.text.clone(),
                ..PatternImpact::default()
            })
            .collect();
        for decision in &self.decisions {
            let sent = decision.status.is_sent();
            match (decision.kind, sent) {
                (EntryKind::File, true) => {
                    summary.included_files += 1;
                    summary.included_bytes += decision.size;
                }
                (EntryKind::File, false) => {
                    summary.excluded_files += 1;
                    summary.excluded_bytes += decision.size;
                }
                (EntryKind::Dir, true) => summary.included_dirs += 1,
                (EntryKind::Dir, false) => summary.excluded_dirs += 1,
                (EntryKind::Symlink, true) => summary.included_symlinks += 1,
                (EntryKind::Symlink, false) => summary.excluded_symlinks += 1,
            }
            if decision.kind == EntryKind::Dir {
                continue;
            }
            if let Some(impact) = decision.decided_by.and_then(|i| impacts.get_mut(i)) {
                if sent {
                    impact.included_files += 1;
                    impact.included_bytes += decision.size;
                } else {
                    impact.excluded_files += 1;
                    impact.excluded_bytes += decision.size;
                }
            }
        }
        summary.by_pattern = impacts;
        summary
    }

    /// The `n` largest files that are sent, biggest first.
    pub fn largest_included(&self, n: usize) -> Vec<&EntryDecision> {
        let mut files: Vec<&EntryDecision> = self
            .included()
            .filter(|d| d.kind == EntryKind::File)
            .collect();
        files.sort_by(|a, b| {
            b.size
                .cmp(&a.size)
                .then_with(|| walk_order(&a.path, &b.path))
        });
        files.truncate(n);
        files
    }

    /// The entries that are sent.
    pub fn included_entries(&self) -> &[ContextEntry] {
        self.transferred.entries()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(paths: &[&str]) -> BuildContext {
        BuildContext::new(
            paths
                .iter()
                .map(|p| ContextEntry::file(*p, format!("h-{p}"), p.len() as u64)),
        )
    }

    #[test]
    fn excluded_directory_with_reincluded_child_is_kept() {
        let ctx = context(&[
            "node_modules/a/index.js",
            "node_modules/keep/k.js",
            "src/app.js",
        ]);
        let ignore = Dockerignore::parse("node_modules\n!node_modules/keep\n");
        let filter = ctx.apply_dockerignore(&ignore);
        let status = |p: &str| filter.decision(p).map(|d| d.status);
        assert_eq!(status("node_modules"), Some(EntryStatus::KeptForChildren));
        assert_eq!(status("node_modules/a"), Some(EntryStatus::Excluded));
        assert_eq!(
            status("node_modules/a/index.js"),
            Some(EntryStatus::Excluded)
        );
        assert_eq!(
            status("node_modules/keep/k.js"),
            Some(EntryStatus::Included)
        );
        assert!(filter.is_sent("node_modules/keep"));
        assert!(!filter.is_sent("node_modules/a"));
        assert_eq!(
            filter.explain("node_modules/a/index.js").as_deref(),
            Some("excluded by line 1 `node_modules`")
        );
        assert_eq!(
            filter.explain("node_modules/keep/k.js").as_deref(),
            Some("included again by line 2 `!node_modules/keep`")
        );
        assert!(filter
            .explain("node_modules")
            .is_some_and(|e| e.contains("sent because")));
    }

    #[test]
    fn summary_counts_files_bytes_and_patterns() {
        let ctx = BuildContext::new(vec![
            ContextEntry::file("a.md", "h", 100),
            ContextEntry::file("README.md", "h", 10),
            ContextEntry::file("main.go", "h", 1000),
            ContextEntry::symlink("link", "main.go"),
        ]);
        let ignore = Dockerignore::parse("*.md\n!README*.md\n");
        let summary = ctx.apply_dockerignore(&ignore).summary();
        assert_eq!(summary.included_files, 2);
        assert_eq!(summary.included_bytes, 1010);
        assert_eq!(summary.excluded_files, 1);
        assert_eq!(summary.excluded_bytes, 100);
        assert_eq!(summary.included_symlinks, 1);
        assert_eq!(summary.by_pattern[0].excluded_files, 1);
        assert_eq!(summary.by_pattern[1].included_files, 1);
        assert_eq!(summary.by_pattern[1].included_bytes, 10);
    }

    #[test]
    fn unfiltered_sends_everything() {
        let ctx = context(&["a/b", "c"]);
        let filter = ctx.unfiltered();
        assert_eq!(filter.included().count(), 3);
        assert_eq!(filter.transferred(), &ctx);
        assert_eq!(filter.largest_included(1)[0].path, "a/b");
    }
}
