//! The what-if helper: one project state, walked once, and the statuses
//! after a list of edits — what the playground asks on every keystroke.
//!
//! Content-only edits (a file's text or mode, the Dockerfile's text, build
//! args, digests, secrets) keep the context's structure, so the earlier
//! build's COPY selections are reused and only the edited entries are
//! patched in: the cost is the Dockerfile walk plus the size of the edit,
//! not the size of the context. Edits that change the structure (adding,
//! removing or renaming paths, editing an ignore file) rebuild the context.

use super::files::{EntryPatch, Files, Patches};
use super::input::{text_hash, BuildInput, ContextInput, Edit};
use super::prepare::{Parsed, Prepared};
use super::report::RebuildReport;
use super::store::CacheStore;
use super::Baseline;
use crate::context::{gopath, ContextEntry, EntryKind};
use std::collections::BTreeMap;
use std::rc::Rc;

/// A project as last built: its input, walked once, and the cache store.
#[derive(Debug)]
pub struct ProjectState {
    input: BuildInput,
    store: CacheStore,
    deterministic: Vec<u32>,
    baseline: Baseline,
}

impl ProjectState {
    /// The state after building `input` (its keys count as cached).
    pub fn new(input: BuildInput) -> ProjectState {
        ProjectState::with_store(input, CacheStore::new())
    }

    /// The state after building `input`, with older builds in `store`.
    pub fn with_store(input: BuildInput, store: CacheStore) -> ProjectState {
        let baseline = Baseline::new(Prepared::new(&input), &store);
        ProjectState {
            input,
            store,
            deterministic: Vec::new(),
            baseline,
        }
    }

    pub fn input(&self) -> &BuildInput {
        &self.input
    }

    pub fn store(&self) -> &CacheStore {
        &self.store
    }

    /// Lines of the edited Dockerfile declared deterministic (see
    /// [`super::RebuildInput::deterministic`]).
    pub fn set_deterministic(&mut self, lines: Vec<u32>) {
        self.deterministic = lines;
    }

    /// The build input after `edits`.
    pub fn apply(&self, edits: &[Edit]) -> BuildInput {
        apply_edits(&self.input, edits)
    }

    /// Build the edited project: the current build's keys go into the
    /// store (labelled with its label, else `build N`) and the edited input
    /// becomes the state.
    pub fn commit(&mut self, edits: &[Edit]) {
        let label = self
            .input
            .label
            .clone()
            .unwrap_or_else(|| format!("build {}", self.store.len() + 1));
        let keys = self.baseline.walk.keys.clone();
        self.store.push(label, keys);
        let next = self.apply(edits);
        let store = std::mem::take(&mut self.store);
        let deterministic = std::mem::take(&mut self.deterministic);
        *self = ProjectState::with_store(next, store);
        self.deterministic = deterministic;
    }
}

/// What the state's build would re-run after `edits`, and why.
pub fn what_if(state: &ProjectState, edits: &[Edit]) -> RebuildReport {
    let before = &state.baseline.prepared;
    let after = match patch_edits(state, edits) {
        Some(Patched {
            options,
            dockerfile,
            patches,
        }) => {
            let parsed = match dockerfile {
                None if before.dockerfile.same_options(&options) => before.dockerfile.clone(),
                text => Parsed::new(&BuildInput {
                    dockerfile: text.unwrap_or_else(|| state.input.dockerfile.clone()),
                    ..options.clone()
                }),
            };
            let files = Files::Patched {
                base: Rc::clone(before.files.base()),
                patches: Rc::new(patches),
            };
            Prepared::with(&options, parsed, files)
        }
        None => Prepared::new(&state.apply(edits)),
    };
    super::compare(&state.baseline, &after, &state.deterministic)
}

/// Content-only edits, ready to patch in.
struct Patched {
    /// The edited options; the context and Dockerfile text are left empty.
    options: BuildInput,
    /// The new Dockerfile text, when it changed.
    dockerfile: Option<String>,
    patches: Patches,
}

/// For edits that keep the context's structure: the edited options (with
/// an empty context) and the entry patches. `None` when some edit changes
/// the structure.
fn patch_edits(state: &ProjectState, edits: &[Edit]) -> Option<Patched> {
    if !edits.iter().all(Edit::keeps_structure) {
        return None;
    }
    let original = state.baseline.prepared.files.context().filter.original();
    let mut options = without_context(&state.input, false);
    let mut dockerfile: Option<String> = None;
    let mut patches = Patches::new();
    let dockerfile_path = state.input.dockerfile_in_context();
    for edit in edits {
        match edit {
            Edit::Edit {
                path,
                hash,
                text,
                size,
            } => {
                let path = gopath::context_relative(path);
                if Some(&path) == dockerfile_path.as_ref() {
                    // The Dockerfile's text is what the build reads.
                    dockerfile = Some(text.clone()?);
                    continue;
                }
                if is_ignore_file(&state.input, &path) {
                    return None;
                }
                let entry = original.get(&path).filter(|e| e.kind == EntryKind::File)?;
                let patch = patches.entry(path).or_default();
                if let Some(hash) = hash.clone().or_else(|| text.as_deref().map(text_hash)) {
                    patch.hash = Some(hash);
                }
                patch.size = Some(
                    size.or(text.as_ref().map(|t| t.len() as u64))
                        .unwrap_or(entry.size),
                );
            }
            Edit::Chmod { path, mode } => {
                let path = gopath::context_relative(path);
                let bits = mode.bits()?;
                if original.get(&path).is_some() {
                    patches.entry(path).or_default().mode = Some(bits);
                }
            }
            Edit::Dockerfile { text } => dockerfile = Some(text.clone()),
            other => apply_option(&mut options, other),
        }
    }
    if dockerfile.as_deref() == Some(state.input.dockerfile.as_str()) {
        dockerfile = None;
    }
    if let (Some(path), Some(text)) = (dockerfile_path, &dockerfile) {
        if original.get(&path).is_some() {
            let patch = patches.entry(path).or_default();
            patch.hash = Some(text_hash(text));
            patch.size = Some(text.len() as u64);
        }
    }
    // Patches equal to what is there already change nothing.
    patches.retain(|path, patch| {
        original.get(path).is_some_and(|entry| {
            patch.hash.as_ref().is_some_and(|h| *h != entry.hash)
                || patch.mode.is_some_and(|m| m != entry.mode)
                || patch.size.is_some_and(|s| s != entry.size)
        })
    });
    normalise_patches(original, &mut patches);
    Some(Patched {
        options,
        dockerfile,
        patches,
    })
}

/// Fill in the unchanged fields, so a patch fully describes the entry.
fn normalise_patches(original: &crate::context::BuildContext, patches: &mut Patches) {
    for (path, patch) in patches.iter_mut() {
        if let Some(entry) = original.get(path) {
            *patch = EntryPatch {
                hash: Some(patch.hash.clone().unwrap_or_else(|| entry.hash.clone())),
                mode: Some(patch.mode.unwrap_or(entry.mode)),
                size: Some(patch.size.unwrap_or(entry.size)),
            };
        }
    }
}

/// The input without its context (and without its Dockerfile text unless
/// `with_dockerfile`).
fn without_context(input: &BuildInput, with_dockerfile: bool) -> BuildInput {
    BuildInput {
        label: input.label.clone(),
        dockerfile: if with_dockerfile {
            input.dockerfile.clone()
        } else {
            String::new()
        },
        dockerfile_path: input.dockerfile_path.clone(),
        context: ContextInput::Entries(Vec::new()),
        dockerignore: input.dockerignore.clone(),
        dockerfile_dockerignore: input.dockerfile_dockerignore.clone(),
        build_args: input.build_args.clone(),
        target: input.target.clone(),
        platform: input.platform.clone(),
        builder: input.builder,
        secrets: input.secrets.clone(),
        base_digests: input.base_digests.clone(),
        remote_versions: input.remote_versions.clone(),
        no_cache: input.no_cache,
        no_cache_filter: input.no_cache_filter.clone(),
    }
}

fn is_ignore_file(input: &BuildInput, path: &str) -> bool {
    path == ".dockerignore" || path == input.dockerfile_dockerignore_path()
}

/// Edits that touch options, not files.
fn apply_option(input: &mut BuildInput, edit: &Edit) {
    fn set(map: &mut BTreeMap<String, String>, key: &str, value: &Option<String>) {
        match value {
            Some(value) => {
                map.insert(key.to_string(), value.clone());
            }
            None => {
                map.remove(key);
            }
        }
    }
    match edit {
        Edit::Dockerfile { text } => input.dockerfile = text.clone(),
        Edit::Dockerignore { text } => input.dockerignore = text.clone(),
        Edit::DockerfileDockerignore { text } => input.dockerfile_dockerignore = text.clone(),
        Edit::BuildArg { name, value } => set(&mut input.build_args, name, value),
        Edit::Target { target } => input.target = target.clone(),
        Edit::BaseDigest { reference, digest } => set(&mut input.base_digests, reference, digest),
        Edit::RemoteVersion { url, version } => set(&mut input.remote_versions, url, version),
        Edit::Secret { id, value } => set(&mut input.secrets, id, value),
        Edit::Edit { .. }
        | Edit::Add { .. }
        | Edit::Remove { .. }
        | Edit::Chmod { .. }
        | Edit::Rename { .. } => {}
    }
}

/// Apply edits to a whole input (the slow, general path).
fn apply_edits(input: &BuildInput, edits: &[Edit]) -> BuildInput {
    let mut out = without_context(input, true);
    let mut entries: BTreeMap<String, ContextEntry> = input
        .context
        .entries()
        .into_iter()
        .map(|mut e| {
            e.path = gopath::context_relative(&e.path);
            (e.path.clone(), e)
        })
        .collect();
    let dockerfile_path = input.dockerfile_in_context();
    for edit in edits {
        match edit {
            Edit::Edit {
                path,
                hash,
                text,
                size,
            } => {
                let path = gopath::context_relative(path);
                if let Some(text) = text {
                    if Some(&path) == dockerfile_path.as_ref() {
                        out.dockerfile = text.clone();
                    } else if path == ".dockerignore" {
                        out.dockerignore = Some(text.clone());
                    } else if path == input.dockerfile_dockerignore_path() {
                        out.dockerfile_dockerignore = Some(text.clone());
                    }
                }
                let new_hash = hash.clone().or_else(|| text.as_deref().map(text_hash));
                let new_size = size.or(text.as_ref().map(|t| t.len() as u64));
                match entries.get_mut(&path).filter(|e| e.kind == EntryKind::File) {
                    Some(entry) => {
                        if let Some(hash) = new_hash {
                            entry.hash = hash;
                        }
                        if let Some(size) = new_size {
                            entry.size = size;
                        }
                    }
                    None => {
                        remove_tree(&mut entries, &path);
                        entries.insert(
                            path.clone(),
                            ContextEntry::file(
                                path,
                                new_hash.unwrap_or_default(),
                                new_size.unwrap_or(0),
                            ),
                        );
                    }
                }
            }
            Edit::Add { path, spec } => {
                let path = gopath::context_relative(path);
                if let Some(text) = &spec.text {
                    if Some(&path) == dockerfile_path.as_ref() {
                        out.dockerfile = text.clone();
                    }
                }
                remove_tree(&mut entries, &path);
                entries.insert(path.clone(), spec.to_entry(&path));
            }
            Edit::Remove { path } => {
                remove_tree(&mut entries, &gopath::context_relative(path));
            }
            Edit::Chmod { path, mode } => {
                if let (Some(entry), Some(bits)) = (
                    entries.get_mut(&gopath::context_relative(path)),
                    mode.bits(),
                ) {
                    entry.mode = bits;
                }
            }
            Edit::Rename { from, to } => {
                let (from, to) = (gopath::context_relative(from), gopath::context_relative(to));
                let moved: Vec<ContextEntry> = take_tree(&mut entries, &from);
                remove_tree(&mut entries, &to);
                for mut entry in moved {
                    let rest = gopath::strip_ancestor(&entry.path, &from).to_string();
                    entry.path = gopath::join_relative(&to, &rest);
                    entries.insert(entry.path.clone(), entry);
                }
            }
            other => apply_option(&mut out, other),
        }
    }
    out.context = ContextInput::Entries(entries.into_values().collect());
    out
}

fn take_tree(entries: &mut BTreeMap<String, ContextEntry>, path: &str) -> Vec<ContextEntry> {
    let keys: Vec<String> = entries
        .keys()
        .filter(|k| gopath::is_within(k, path) && !path.is_empty())
        .cloned()
        .collect();
    keys.iter().filter_map(|k| entries.remove(k)).collect()
}

fn remove_tree(entries: &mut BTreeMap<String, ContextEntry>, path: &str) {
    take_tree(entries, path);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::input::{FileSpec, ModeSpec};

    fn input() -> BuildInput {
        BuildInput::new(
            "FROM alpine\nCOPY . /app\n",
            vec![
                ContextEntry::file("a.txt", "h1", 1),
                ContextEntry::file("dir/b.txt", "h2", 2),
                ContextEntry::file("dir/sub/c.txt", "h3", 3),
            ],
        )
    }

    fn paths(input: &BuildInput) -> Vec<String> {
        input
            .context
            .entries()
            .into_iter()
            .map(|e| e.path)
            .collect()
    }

    #[test]
    fn structural_edits_move_whole_trees() {
        let state = ProjectState::new(input());
        let renamed = state.apply(&[Edit::Rename {
            from: "dir".into(),
            to: "lib".into(),
        }]);
        assert_eq!(paths(&renamed), vec!["a.txt", "lib/b.txt", "lib/sub/c.txt"]);
        let removed = state.apply(&[Edit::Remove {
            path: "dir/sub".into(),
        }]);
        assert_eq!(paths(&removed), vec!["a.txt", "dir/b.txt"]);
        let added = state.apply(&[Edit::Add {
            path: "new.sh".into(),
            spec: FileSpec {
                text: Some("echo".into()),
                mode: Some(ModeSpec::Octal("755".into())),
                ..FileSpec::default()
            },
        }]);
        let entry = added
            .context
            .entries()
            .into_iter()
            .find(|e| e.path == "new.sh")
            .unwrap();
        assert_eq!((entry.mode, entry.size), (0o755, 4));
    }

    #[test]
    fn content_edits_are_patches_and_structure_edits_are_not() {
        let state = ProjectState::new(input());
        let Patched { patches, .. } = patch_edits(
            &state,
            &[
                Edit::Edit {
                    path: "dir/b.txt".into(),
                    hash: Some("h9".into()),
                    text: None,
                    size: None,
                },
                Edit::Chmod {
                    path: "a.txt".into(),
                    mode: ModeSpec::Bits(0o755),
                },
            ],
        )
        .unwrap();
        assert_eq!(patches.len(), 2);
        assert_eq!(patches["dir/b.txt"].hash.as_deref(), Some("h9"));
        assert_eq!(patches["dir/b.txt"].size, Some(2));
        assert_eq!(patches["a.txt"].mode, Some(0o755));
        assert!(patch_edits(
            &state,
            &[Edit::Remove {
                path: "a.txt".into()
            }]
        )
        .is_none());
        // Editing a path that does not exist adds it: structural.
        let new_file = Edit::Edit {
            path: "nope".into(),
            hash: Some("x".into()),
            text: None,
            size: None,
        };
        assert!(patch_edits(&state, &[new_file]).is_none());
    }
}
