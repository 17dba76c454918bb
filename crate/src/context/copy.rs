//! Which context entries a `COPY`/`ADD` selects and where each lands, as
//! BuildKit's Dockerfile frontend and FileOp copy decide it.
//!
//! The rules, from `dockerfile2llb/convert_copy.go`, the FileOp backend and
//! fsutil's `copy` package:
//! - Sources are resolved inside the context root (`../x` is read as `x`)
//!   in the context *after* `.dockerignore`.
//! - Wildcards are always allowed: the path is split at the first component
//!   with `*`, `?` or `[`; the rest is matched with Go's `filepath.Match`
//!   against paths below the fixed part, stopping at the first matching
//!   directory. A wildcard that matches nothing copies nothing and the build
//!   goes on; a plain path that does not exist fails the build ("not found").
//! - Symlinks are followed for the source itself, not inside directories.
//! - A directory source copies its *contents*. A file goes to the
//!   destination path, or into it when the destination is a directory
//!   (ends with `/`, is `.`, or already exists as a directory). With several
//!   files and a destination that is not a directory, each overwrites the
//!   last (moby/buildkit#1853, #4550).
//! - `--exclude` patterns are dockerignore-style and match paths *relative
//!   to each source directory*; they never exclude the source itself
//!   (moby/buildkit#5489, #5509).
//! - `--parents`: the source splits at `/./` (or copies from the root) and
//!   the rest becomes an include pattern, so the matched paths keep their
//!   directories under the destination.

use super::filter::ContextFilter;
use super::glob;
use super::gopath;
use super::model::{walk_order, BuildContext, ContextEntry, EntryKind, Resolved};
use super::pattern::{ParentMatches, PatternSet};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// A COPY/ADD instruction's inputs, after variable expansion.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CopyRequest {
    pub sources: Vec<String>,
    pub dest: String,
    /// The WORKDIR in effect (absolute; `/` when empty).
    #[serde(default)]
    pub workdir: String,
    /// `--exclude` patterns.
    #[serde(default)]
    pub excludes: Vec<String>,
    /// `--parents`.
    #[serde(default)]
    pub parents: bool,
    /// Absolute directories known to exist in the image before the copy
    /// (`/` and the WORKDIR with its parents are always assumed).
    #[serde(default)]
    pub existing_dirs: Vec<String>,
}

impl CopyRequest {
    pub fn new<S: Into<String>>(
        sources: impl IntoIterator<Item = S>,
        dest: impl Into<String>,
    ) -> Self {
        CopyRequest {
            sources: sources.into_iter().map(Into::into).collect(),
            dest: dest.into(),
            ..CopyRequest::default()
        }
    }

    pub fn workdir(mut self, workdir: impl Into<String>) -> Self {
        self.workdir = workdir.into();
        self
    }

    pub fn exclude(mut self, pattern: impl Into<String>) -> Self {
        self.excludes.push(pattern.into());
        self
    }

    pub fn parents(mut self, parents: bool) -> Self {
        self.parents = parents;
        self
    }

    pub fn existing_dir(mut self, dir: impl Into<String>) -> Self {
        self.existing_dirs.push(dir.into());
        self
    }
}

/// What became of one source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SourceOutcome {
    /// Found; its entries are selected.
    Selected,
    /// A wildcard that matched nothing: nothing is copied, the build goes on.
    NoMatch,
    /// Not in the context at all: the build fails.
    NotFound,
    /// In the context but excluded by `.dockerignore`, so the builder never
    /// receives it: the build fails with "not found".
    Ignored,
    /// A URL or Git source (ADD); not taken from the context.
    Remote,
}

/// A path left out by `--exclude`, with the flag that decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExcludedPath {
    pub path: String,
    /// Index into [`CopyRequest::excludes`].
    pub by: Option<usize>,
}

/// The selection for one source string.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceSelection {
    pub source: String,
    pub outcome: SourceOutcome,
    pub fails_build: bool,
    pub wildcard: bool,
    /// The source climbs out of the context (`../x`); BuildKit reads it
    /// inside the root instead.
    pub escapes_context: bool,
    /// Context paths the source matched (before following symlinks).
    pub matches: Vec<String>,
    /// The `.dockerignore` pattern that hid the source (for `Ignored`), or
    /// that hid every path a wildcard would otherwise match (`NoMatch`).
    pub ignored_by: Option<usize>,
    /// Files below the source that `.dockerignore` keeps out, and their size.
    pub ignored_files_inside: u64,
    pub ignored_bytes_inside: u64,
    /// Entries `--exclude` left out.
    pub excluded: Vec<ExcludedPath>,
    /// One-line explanation.
    pub message: String,
}

/// One entry placed in the image.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Placement {
    /// Index into [`CopyRequest::sources`].
    pub source_index: usize,
    /// The context path as selected (a symlink's own path when followed).
    pub context_path: String,
    /// Where the content comes from after following symlinks.
    pub resolved_path: String,
    /// Absolute path in the image.
    pub image_path: String,
    pub kind: EntryKind,
    pub mode: u32,
    pub hash: String,
    pub size: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_target: Option<String>,
}

/// The outcome of a COPY/ADD.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CopySelection {
    /// The destination resolved against the WORKDIR (ends with `/` when it
    /// names a directory).
    pub dest: String,
    pub sources: Vec<SourceSelection>,
    /// What ends up in the image, in path order.
    pub placements: Vec<Placement>,
    /// Entries copied and then overwritten by a later source of the same
    /// instruction.
    pub overwritten: Vec<Placement>,
    /// Reasons the instruction fails (beyond failing sources).
    pub errors: Vec<String>,
}

impl CopySelection {
    /// Whether `docker build` fails on this instruction.
    pub fn fails_build(&self) -> bool {
        !self.errors.is_empty() || self.sources.iter().any(|s| s.fails_build)
    }

    /// Files and symlinks that end up in the image.
    pub fn file_count(&self) -> u64 {
        self.placements
            .iter()
            .filter(|p| p.kind != EntryKind::Dir)
            .count() as u64
    }

    /// Bytes of the files that end up in the image.
    pub fn total_bytes(&self) -> u64 {
        self.placements
            .iter()
            .filter(|p| p.kind == EntryKind::File)
            .map(|p| p.size)
            .sum()
    }

    /// The content digest of everything the instruction reads: each selected
    /// entry's context path, kind, mode, link target and content hash.
    pub fn digest(&self) -> String {
        let entries: Vec<ContextEntry> = self
            .placements
            .iter()
            .chain(&self.overwritten)
            .map(|p| ContextEntry {
                path: p.context_path.clone(),
                kind: p.kind,
                hash: p.hash.clone(),
                size: p.size,
                mode: p.mode,
                link_target: p.link_target.clone(),
            })
            .collect();
        super::digest::selection_digest(&entries)
    }
}

/// Select the entries of a COPY/ADD from the context as the builder
/// receives it (`filter`), explaining sources that `.dockerignore` hides.
pub fn select_copy(filter: &ContextFilter, request: &CopyRequest) -> CopySelection {
    let workdir = absolute(&request.workdir);
    let destination = Destination::resolve(&request.dest, &workdir);
    let mut run = CopyRun {
        filter,
        context: filter.transferred(),
        state: DestState::new(&workdir, &request.existing_dirs),
        placed: BTreeMap::new(),
        overwritten: Vec::new(),
        errors: Vec::new(),
        excludes: PatternSet::default(),
    };
    match PatternSet::from_strings(&request.excludes) {
        Ok(set) => run.excludes = set,
        Err((index, _)) => run.errors.push(format!(
            "invalid --exclude pattern `{}`: BuildKit fails with `invalid excludepatterns`",
            request.excludes[index]
        )),
    }
    let sources = request
        .sources
        .iter()
        .enumerate()
        .map(|(index, source)| run.select_source(index, source, request.parents, &destination))
        .collect();
    let mut placements: Vec<Placement> = run.placed.into_values().collect();
    placements.sort_by(|a, b| walk_order(&a.image_path, &b.image_path));
    CopySelection {
        dest: destination.display(),
        sources,
        placements,
        overwritten: run.overwritten,
        errors: run.errors,
    }
}

/// `/`-rooted and clean.
fn absolute(path: &str) -> String {
    gopath::clean(&format!("/{path}"))
}

/// Drop the leading `/` of an absolute context path.
fn relative(path: &str) -> &str {
    path.trim_start_matches('/')
}

fn is_remote(source: &str) -> bool {
    source.starts_with("http://")
        || source.starts_with("https://")
        || source.starts_with("git@")
        || (source.contains("://") && source.ends_with(".git"))
}

/// The destination after `pathRelativeToWorkingDir`.
struct Destination {
    path: String,
    /// Ends with `/` or `/.`, or is `.`/empty: the path is created as a
    /// directory before anything is copied.
    is_dir: bool,
}

impl Destination {
    fn resolve(dest: &str, workdir: &str) -> Destination {
        let dest = if dest.is_empty() || dest == "." {
            "./"
        } else {
            dest
        };
        let path = if dest.starts_with('/') {
            gopath::clean(dest)
        } else {
            gopath::join(&[workdir, dest])
        };
        let is_dir = dest.ends_with('/') || dest.ends_with("/.");
        Destination { path, is_dir }
    }

    fn display(&self) -> String {
        if self.is_dir && self.path != "/" {
            format!("{}/", self.path)
        } else {
            self.path.clone()
        }
    }
}

/// What exists in the image at the destination, as far as the copy knows.
struct DestState {
    kinds: HashMap<String, EntryKind>,
}

impl DestState {
    fn new(workdir: &str, existing: &[String]) -> DestState {
        let mut state = DestState {
            kinds: HashMap::new(),
        };
        state.kinds.insert("/".to_string(), EntryKind::Dir);
        for dir in std::iter::once(workdir.to_string()).chain(existing.iter().map(|d| absolute(d)))
        {
            // Known directories cannot conflict yet.
            let _ = state.mkdir_all(&dir);
        }
        state
    }

    fn kind(&self, path: &str) -> Option<EntryKind> {
        self.kinds.get(path).copied()
    }

    fn mkdir_all(&mut self, path: &str) -> Result<(), String> {
        let mut current = String::new();
        for part in path.split('/').filter(|p| !p.is_empty()) {
            current.push('/');
            current.push_str(part);
            match self.kinds.get(&current) {
                Some(EntryKind::Dir) => {}
                Some(_) => return Err(format!("`{current}` is not a directory")),
                None => {
                    self.kinds.insert(current.clone(), EntryKind::Dir);
                }
            }
        }
        Ok(())
    }
}

struct CopyRun<'a> {
    filter: &'a ContextFilter,
    context: &'a BuildContext,
    state: DestState,
    placed: BTreeMap<String, Placement>,
    overwritten: Vec<Placement>,
    errors: Vec<String>,
    excludes: PatternSet,
}

/// Where matching starts for one source.
struct SourceRoot {
    /// Absolute, clean (`/` is the context root).
    path: String,
    /// `--parents`: the include pattern, relative to each matched directory.
    include: Option<PatternSet>,
    /// `--parents` without wildcards: this context path must exist.
    required: Option<String>,
}

impl CopyRun<'_> {
    fn select_source(
        &mut self,
        index: usize,
        source: &str,
        parents: bool,
        destination: &Destination,
    ) -> SourceSelection {
        let mut selection = SourceSelection {
            source: source.to_string(),
            outcome: SourceOutcome::Selected,
            fails_build: false,
            wildcard: false,
            escapes_context: false,
            matches: Vec::new(),
            ignored_by: None,
            ignored_files_inside: 0,
            ignored_bytes_inside: 0,
            excluded: Vec::new(),
            message: String::new(),
        };
        if is_remote(source) {
            selection.outcome = SourceOutcome::Remote;
            selection.message =
                format!("`{source}` is fetched remotely, not taken from the context");
            return selection;
        }
        let root = source_root(source, parents);
        let written_root = if parents {
            source
                .split_once("/./")
                .map_or(source, |(parent, _)| parent)
        } else {
            source
        };
        selection.escapes_context = gopath::path_escapes(written_root);
        selection.wildcard = glob::contains_wildcards(&root.path);

        if let Some(required) = &root.required {
            if !matches!(self.context.resolve(required, false), Resolved::Found(_)) {
                self.fail_missing(&mut selection, required);
                return selection;
            }
        }

        let matches = if selection.wildcard {
            match wildcard_matches(self.context, &root.path) {
                Some(found) => found,
                None => {
                    let (fixed, _) = glob::split_wildcards(&root.path);
                    self.fail_missing(&mut selection, relative(&fixed));
                    return selection;
                }
            }
        } else {
            vec![relative(&root.path).to_string()]
        };

        if matches.is_empty() {
            selection.outcome = SourceOutcome::NoMatch;
            let hidden = wildcard_matches(self.filter.original(), &root.path).unwrap_or_default();
            selection.ignored_by = hidden.iter().find_map(|p| self.hidden_by(p));
            selection.message = match (hidden.len(), selection.ignored_by.and_then(|i| self.filter.pattern_line(i))) {
                (0, _) => format!("`{source}` matches nothing; BuildKit copies nothing for it and goes on"),
                (n, Some(line)) => format!(
                    "`{source}` matches nothing that is sent: .dockerignore line {} `{}` hides {n} path(s) it would match; nothing is copied",
                    line.line, line.text
                ),
                (n, None) => format!("`{source}` matches nothing that is sent ({n} path(s) are hidden by .dockerignore)"),
            };
            return selection;
        }

        for matched in &matches {
            let resolved = match self.context.resolve(matched, true) {
                Resolved::Found(path) => path,
                Resolved::Missing | Resolved::TooManyLinks => {
                    self.fail_missing(&mut selection, matched);
                    return selection;
                }
            };
            selection.matches.push(matched.clone());
            let (files, bytes) = self.ignored_below(&resolved);
            selection.ignored_files_inside += files;
            selection.ignored_bytes_inside += bytes;
            self.place_match(
                index,
                matched,
                &resolved,
                &root,
                destination,
                &mut selection,
            );
        }
        selection.message = format!(
            "`{source}` selects {} path(s){}",
            selection.matches.len(),
            if selection.ignored_files_inside > 0 {
                format!(
                    "; .dockerignore keeps {} file(s) inside it out",
                    selection.ignored_files_inside
                )
            } else {
                String::new()
            }
        );
        if root.include.as_ref().is_some_and(PatternSet::is_empty) {
            selection.message.push_str(
                "; with --parents this source leaves BuildKit an empty include pattern, so nothing is copied",
            );
        }
        if selection.escapes_context {
            selection.message.push_str(
                "; `..` cannot leave the context, so BuildKit reads it inside the context root",
            );
        }
        selection
    }

    /// Record a source that is not in the received context: hidden by
    /// `.dockerignore` or absent altogether. Both fail the build.
    fn fail_missing(&self, selection: &mut SourceSelection, path: &str) {
        selection.fails_build = true;
        let exists_before_ignore = matches!(
            self.filter.original().resolve(path, true),
            Resolved::Found(_)
        );
        if exists_before_ignore {
            selection.outcome = SourceOutcome::Ignored;
            selection.ignored_by = self.hidden_by(path);
            let line = selection
                .ignored_by
                .and_then(|i| self.filter.pattern_line(i))
                .map(|l| format!(" by line {} `{}`", l.line, l.text))
                .unwrap_or_default();
            selection.message = format!(
                "`{}` is excluded by .dockerignore{line}; the builder never receives it and the build fails with \"/{path}\": not found",
                selection.source
            );
        } else {
            selection.outcome = SourceOutcome::NotFound;
            selection.message = format!(
                "`{}` is not in the build context; the build fails with \"/{path}\": not found",
                selection.source
            );
        }
    }

    /// The `.dockerignore` pattern that keeps `path` (or its first missing
    /// ancestor) from being sent.
    fn hidden_by(&self, path: &str) -> Option<usize> {
        let mut prefix = String::new();
        for part in path.split('/').filter(|p| !p.is_empty()) {
            prefix = gopath::join_relative(&prefix, part);
            if !self.filter.is_sent(&prefix) {
                return self.filter.decision(&prefix).and_then(|d| d.decided_by);
            }
        }
        None
    }

    fn ignored_below(&self, dir: &str) -> (u64, u64) {
        self.filter
            .decisions_below(dir)
            .iter()
            .filter(|d| !d.status.is_sent() && d.kind != EntryKind::Dir)
            .fold((0, 0), |(files, bytes), d| (files + 1, bytes + d.size))
    }

    /// Copy one matched source (fsutil `Copy` with `CopyDirContents`).
    fn place_match(
        &mut self,
        index: usize,
        matched: &str,
        resolved: &str,
        root: &SourceRoot,
        destination: &Destination,
        selection: &mut SourceSelection,
    ) {
        let source_is_dir =
            resolved.is_empty() || self.context.get(resolved).is_some_and(ContextEntry::is_dir);
        let ensure = if destination.is_dir {
            destination.path.clone()
        } else {
            gopath::dir(&destination.path)
        };
        if let Err(err) = self.state.mkdir_all(&ensure) {
            self.errors.push(err);
            return;
        }
        let existing = self.state.kind(&destination.path);
        let mut target = destination.path.clone();
        if !source_is_dir && existing == Some(EntryKind::Dir) {
            target = gopath::join(&[&target, &gopath::base(matched)]);
        }
        if source_is_dir {
            if existing.is_some_and(|k| k != EntryKind::Dir) {
                self.errors.push(format!(
                    "cannot copy directory `{matched}` onto file `{target}`"
                ));
                return;
            }
            if let Err(err) = self.state.mkdir_all(&target) {
                self.errors.push(err);
                return;
            }
            self.copy_directory(index, resolved, &target, root, selection);
        } else if let Some(entry) = self.context.get(resolved).cloned() {
            if let Err(err) = self.state.mkdir_all(&gopath::dir(&target)) {
                self.errors.push(err);
                return;
            }
            self.place(index, matched, &entry, &target);
        }
    }

    /// Copy the contents of a directory, applying `--parents` includes and
    /// `--exclude` relative to it; directories that are not included
    /// themselves are created only when something inside them is.
    fn copy_directory(
        &mut self,
        index: usize,
        dir: &str,
        target: &str,
        root: &SourceRoot,
        selection: &mut SourceSelection,
    ) {
        struct Open<'e> {
            relative: String,
            include: ParentMatches,
            exclude: ParentMatches,
            placed: bool,
            entry: &'e ContextEntry,
        }
        // The context outlives `self`'s borrow, so no copy is needed.
        let context = self.context;
        let mut open: Vec<Open> = Vec::new();
        for entry in context.descendants(dir) {
            let rel = gopath::strip_ancestor(&entry.path, dir).to_string();
            while open
                .last()
                .is_some_and(|o| !gopath::is_within(&rel, &o.relative) || rel == o.relative)
            {
                open.pop();
            }
            let empty = ParentMatches::default();
            let (included, include_info) = match &root.include {
                Some(set) => {
                    let parent = open.last().map_or(&empty, |o| &o.include);
                    let (verdict, info) = set.matches_using_parent_results(&rel, parent);
                    (verdict.excluded, info)
                }
                None => (true, ParentMatches::default()),
            };
            let parent = open.last().map_or(&empty, |o| &o.exclude);
            let (exclusion, exclude_info) =
                self.excludes.matches_using_parent_results(&rel, parent);
            let include = included && !exclusion.excluded;
            if exclusion.excluded && included {
                selection.excluded.push(ExcludedPath {
                    path: entry.path.clone(),
                    by: exclusion.decided_by,
                });
            }
            if include {
                // Lazily create the directories above.
                for ancestor in open.iter_mut().filter(|o| !o.placed) {
                    ancestor.placed = true;
                    let image_path = gopath::join(&[target, &ancestor.relative]);
                    self.place(index, &ancestor.entry.path, ancestor.entry, &image_path);
                }
                let image_path = gopath::join(&[target, &rel]);
                self.place(index, &entry.path, entry, &image_path);
            }
            if entry.kind == EntryKind::Dir {
                open.push(Open {
                    relative: rel,
                    include: include_info,
                    exclude: exclude_info,
                    placed: include,
                    entry,
                });
            }
        }
    }

    /// Put one entry at `image_path`, replacing an earlier file there.
    fn place(&mut self, index: usize, context_path: &str, entry: &ContextEntry, image_path: &str) {
        let existing = self.state.kind(image_path);
        if entry.kind != EntryKind::Dir && existing == Some(EntryKind::Dir) {
            self.errors.push(format!(
                "cannot replace directory `{image_path}` with file `{context_path}`"
            ));
            return;
        }
        if entry.kind == EntryKind::Dir && existing.is_some_and(|k| k != EntryKind::Dir) {
            self.errors.push(format!(
                "cannot copy directory `{context_path}` onto file `{image_path}`"
            ));
            return;
        }
        self.state.kinds.insert(image_path.to_string(), entry.kind);
        let placement = Placement {
            source_index: index,
            context_path: context_path.to_string(),
            resolved_path: entry.path.clone(),
            image_path: image_path.to_string(),
            kind: entry.kind,
            mode: entry.mode,
            hash: entry.hash.clone(),
            size: entry.size,
            link_target: entry.link_target.clone(),
        };
        if let Some(previous) = self.placed.insert(image_path.to_string(), placement) {
            if previous.kind != EntryKind::Dir {
                self.overwritten.push(previous);
            }
        }
    }
}

/// Split a source for `--parents` and normalise it.
fn source_root(source: &str, parents: bool) -> SourceRoot {
    if !parents {
        return SourceRoot {
            path: absolute(source),
            include: None,
            required: None,
        };
    }
    // The optional pivot `/./`: what follows it keeps its directories.
    let (root, pattern) = match source.split_once("/./") {
        Some((parent, pattern)) => (parent, pattern),
        None => ("/", source),
    };
    let pattern = absolute(pattern);
    let include_pattern = relative(&pattern).to_string();
    let required = (!glob::contains_wildcards(root) && !glob::contains_wildcards(&pattern))
        .then(|| relative(&gopath::join(&[&absolute(root), &pattern])).to_string());
    // An empty pattern (`--parents .`) yields a matcher with no patterns,
    // which includes nothing.
    let include = PatternSet::from_strings(&[include_pattern]).unwrap_or_default();
    SourceRoot {
        path: absolute(root),
        include: Some(include),
        required,
    }
}

/// Expand a wildcard source (absolute path) in `context`: `None` when the
/// fixed part before the wildcard does not exist, else the matching context
/// paths in walk order.
fn wildcard_matches(context: &BuildContext, source: &str) -> Option<Vec<String>> {
    let (fixed, pattern) = glob::split_wildcards(source);
    let base = match context.resolve(relative(&fixed), true) {
        Resolved::Found(base) => base,
        _ => return None,
    };
    let mut found = Vec::new();
    let base_is_dir = base.is_empty() || context.get(&base).is_some_and(ContextEntry::is_dir);
    if !base_is_dir {
        return Some(found);
    }
    let mut skip_below: Option<String> = None;
    for entry in context.descendants(&base) {
        if let Some(skip) = &skip_below {
            if gopath::is_within(&entry.path, skip) {
                continue;
            }
            skip_below = None;
        }
        let rel = gopath::strip_ancestor(&entry.path, &base);
        if glob::go_match(&pattern, rel) == Ok(true) {
            found.push(entry.path.clone());
            // A matching directory is copied whole; do not look inside.
            if entry.is_dir() {
                skip_below = Some(entry.path.clone());
            }
        }
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::Dockerignore;

    fn ctx(paths: &[&str]) -> BuildContext {
        BuildContext::new(
            paths
                .iter()
                .map(|p| ContextEntry::file(*p, format!("h:{p}"), 10)),
        )
    }

    fn images(selection: &CopySelection) -> Vec<&str> {
        selection
            .placements
            .iter()
            .filter(|p| p.kind != EntryKind::Dir)
            .map(|p| p.image_path.as_str())
            .collect()
    }

    #[test]
    fn destination_resolution() {
        let d = Destination::resolve(".", "/app");
        assert_eq!((d.path.as_str(), d.is_dir), ("/app", true));
        let d = Destination::resolve("bin", "/app");
        assert_eq!((d.path.as_str(), d.is_dir), ("/app/bin", false));
        let d = Destination::resolve("/opt/x/", "/app");
        assert_eq!((d.display().as_str(), d.is_dir), ("/opt/x/", true));
        let d = Destination::resolve("../up/.", "/app/w");
        assert_eq!((d.path.as_str(), d.is_dir), ("/app/up", true));
    }

    #[test]
    fn single_file_to_a_file_name_or_into_a_directory() {
        let c = ctx(&["a.txt"]);
        let f = c.unfiltered();
        let s = select_copy(&f, &CopyRequest::new(["a.txt"], "/b.txt"));
        assert_eq!(images(&s), vec!["/b.txt"]);
        let s = select_copy(&f, &CopyRequest::new(["a.txt"], "/x/"));
        assert_eq!(images(&s), vec!["/x/a.txt"]);
        // The WORKDIR exists, so a bare `.` or its name puts the file inside.
        let s = select_copy(&f, &CopyRequest::new(["a.txt"], ".").workdir("/app"));
        assert_eq!(images(&s), vec!["/app/a.txt"]);
        let s = select_copy(
            &f,
            &CopyRequest::new(["a.txt"], "/usr/bin").existing_dir("/usr/bin"),
        );
        assert_eq!(images(&s), vec!["/usr/bin/a.txt"]);
    }

    #[test]
    fn ignored_source_fails_with_the_deciding_line() {
        let c = ctx(&["secret.txt", "app.js"]);
        let f = c.apply_dockerignore(&Dockerignore::parse("# x\nsecret.txt\n"));
        let s = select_copy(&f, &CopyRequest::new(["secret.txt"], "/"));
        assert_eq!(s.sources[0].outcome, SourceOutcome::Ignored);
        assert_eq!(s.sources[0].ignored_by, Some(0));
        assert!(s.fails_build());
        assert!(
            s.sources[0].message.contains("line 2 `secret.txt`"),
            "{}",
            s.sources[0].message
        );
        let s = select_copy(&f, &CopyRequest::new(["nope.txt"], "/"));
        assert_eq!(s.sources[0].outcome, SourceOutcome::NotFound);
    }
}
