//! What the simulator is given: two builds (or one project state and a list
//! of edits), each with its Dockerfile, build context, `.dockerignore`,
//! build args and builder, plus a store of keys from earlier builds.
//!
//! Every type deserialises from the JSON the playground and the CLI send.
//! The context comes either as a list of [`ContextEntry`] or as the map the
//! playground keeps (`path → {hash | text, size, mode}`).

use crate::context::sha256::sha256_hex;
use crate::context::{ContextEntry, EntryKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which builder runs the build.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Builder {
    /// BuildKit (`docker buildx build`, the default since Engine 23.0).
    #[default]
    Buildkit,
    /// The legacy builder (`DOCKER_BUILDKIT=0`).
    Legacy,
}

impl Builder {
    pub fn as_str(self) -> &'static str {
        match self {
            Builder::Buildkit => "buildkit",
            Builder::Legacy => "legacy",
        }
    }
}

/// A file mode: a number is taken as the mode bits (`420` is `0644`), a
/// string as octal (`"644"`, `"0644"`, `"0o644"`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ModeSpec {
    Bits(u32),
    Octal(String),
}

impl ModeSpec {
    /// The mode bits, or `None` for a string that is not octal.
    pub fn bits(&self) -> Option<u32> {
        match self {
            ModeSpec::Bits(bits) => Some(*bits),
            ModeSpec::Octal(text) => {
                let digits = text.trim();
                let digits = digits
                    .strip_prefix("0o")
                    .or_else(|| digits.strip_prefix("0O"))
                    .unwrap_or(digits);
                if digits.is_empty() {
                    return None;
                }
                u32::from_str_radix(digits, 8).ok()
            }
        }
    }
}

/// One path of the map form of a context.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FileSpec {
    /// `file` (default), `dir` or `symlink`.
    pub kind: Option<EntryKind>,
    /// A content hash, when the text is not given.
    pub hash: Option<String>,
    /// The content; hashed with SHA-256 when `hash` is absent.
    pub text: Option<String>,
    /// Bytes; defaults to the text's length.
    pub size: Option<u64>,
    pub mode: Option<ModeSpec>,
    pub link_target: Option<String>,
}

impl FileSpec {
    /// The context entry this spec describes at `path`.
    pub fn to_entry(&self, path: &str) -> ContextEntry {
        let kind = self.kind.unwrap_or(if self.link_target.is_some() {
            EntryKind::Symlink
        } else {
            EntryKind::File
        });
        let mut entry = match kind {
            EntryKind::Dir => ContextEntry::dir(path),
            EntryKind::Symlink => {
                ContextEntry::symlink(path, self.link_target.clone().unwrap_or_default())
            }
            EntryKind::File => {
                let hash = match (&self.hash, &self.text) {
                    (Some(hash), _) => hash.clone(),
                    (None, Some(text)) => text_hash(text),
                    (None, None) => String::new(),
                };
                let size = self
                    .size
                    .or_else(|| self.text.as_ref().map(|t| t.len() as u64))
                    .unwrap_or(0);
                ContextEntry::file(path, hash, size)
            }
        };
        if let Some(bits) = self.mode.as_ref().and_then(ModeSpec::bits) {
            entry.mode = bits;
        }
        entry
    }
}

/// The content hash Layerlab gives a text (SHA-256, lower-case hex, as the
/// CLI computes for files on disk).
pub fn text_hash(text: &str) -> String {
    sha256_hex(text.as_bytes())
}

/// The build context: a list of entries or the playground's map.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ContextInput {
    Entries(Vec<ContextEntry>),
    Files(BTreeMap<String, FileSpec>),
}

impl Default for ContextInput {
    fn default() -> Self {
        ContextInput::Entries(Vec::new())
    }
}

impl ContextInput {
    pub fn entries(&self) -> Vec<ContextEntry> {
        match self {
            ContextInput::Entries(entries) => entries.clone(),
            ContextInput::Files(files) => files
                .iter()
                .map(|(path, spec)| spec.to_entry(path))
                .collect(),
        }
    }
}

/// One build: what `docker build` is given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BuildInput {
    /// A name for this build in explanations and the cache store.
    pub label: Option<String>,
    pub dockerfile: String,
    /// The Dockerfile's path relative to the context (`-f`). When it lies
    /// inside the context, the Dockerfile is a context file too (what
    /// `COPY . .` sweeps in unless `.dockerignore` excludes it).
    pub dockerfile_path: String,
    pub context: ContextInput,
    /// The root `.dockerignore` text, if there is one.
    pub dockerignore: Option<String>,
    /// `<Dockerfile>.dockerignore`: BuildKit uses it *instead of* the root
    /// file; the legacy builder ignores it.
    pub dockerfile_dockerignore: Option<String>,
    pub build_args: BTreeMap<String, String>,
    pub target: Option<String>,
    /// `os/arch[/variant]`; `linux/amd64` when absent.
    pub platform: Option<String>,
    pub builder: Builder,
    /// Secret values by id. They never enter a cache key; they are kept only
    /// to say so when one changed. Values never appear in the report.
    pub secrets: BTreeMap<String, String>,
    /// What each base image reference resolves to in this build
    /// (`node:18` → `sha256:…`); a different digest models a moved tag.
    pub base_digests: BTreeMap<String, String>,
    /// The version an `ADD <url>` or Git source serves in this build (an
    /// ETag, a commit); absent means unknown.
    pub remote_versions: BTreeMap<String, String>,
    /// `--no-cache`.
    pub no_cache: bool,
    /// `--no-cache-filter`: stages whose RUN/COPY/ADD never use the cache.
    pub no_cache_filter: Vec<String>,
}

impl Default for BuildInput {
    fn default() -> Self {
        BuildInput {
            label: None,
            dockerfile: String::new(),
            dockerfile_path: "Dockerfile".to_string(),
            context: ContextInput::default(),
            dockerignore: None,
            dockerfile_dockerignore: None,
            build_args: BTreeMap::new(),
            target: None,
            platform: None,
            builder: Builder::Buildkit,
            secrets: BTreeMap::new(),
            base_digests: BTreeMap::new(),
            remote_versions: BTreeMap::new(),
            no_cache: false,
            no_cache_filter: Vec::new(),
        }
    }
}

impl BuildInput {
    /// A BuildKit build of `dockerfile` with a context of entries.
    pub fn new(dockerfile: impl Into<String>, context: Vec<ContextEntry>) -> BuildInput {
        BuildInput {
            dockerfile: dockerfile.into(),
            context: ContextInput::Entries(context),
            ..BuildInput::default()
        }
    }

    /// The Dockerfile's context-relative path, or `None` when it lies
    /// outside the context (`-f ../Dockerfile`, an absolute path).
    pub fn dockerfile_in_context(&self) -> Option<String> {
        let path = self.dockerfile_path.trim();
        let path = if path.is_empty() { "Dockerfile" } else { path };
        if path.starts_with('/') || crate::context::gopath::path_escapes(path) {
            return None;
        }
        Some(crate::context::gopath::context_relative(path))
    }

    /// The name of the per-Dockerfile ignore file.
    pub fn dockerfile_dockerignore_path(&self) -> String {
        let path = self
            .dockerfile_in_context()
            .unwrap_or_else(|| crate::context::gopath::base(&self.dockerfile_path));
        format!("{path}.dockerignore")
    }

    /// The context entries the builder sees: the given ones, with the
    /// Dockerfile and the ignore files whose text is given written in from
    /// that text (the text is what the build reads, so it wins).
    pub fn context_entries(&self) -> Vec<ContextEntry> {
        let mut entries = self.context.entries();
        let mut overrides: Vec<ContextEntry> = Vec::new();
        if let Some(path) = self.dockerfile_in_context() {
            overrides.push(text_entry(&path, &self.dockerfile, &entries));
        }
        if let Some(text) = &self.dockerignore {
            overrides.push(text_entry(".dockerignore", text, &entries));
        }
        if let (Some(text), Some(_)) = (&self.dockerfile_dockerignore, self.dockerfile_in_context())
        {
            let path = self.dockerfile_dockerignore_path();
            overrides.push(text_entry(&path, text, &entries));
        }
        if !overrides.is_empty() {
            // One pass; only unusual paths (`./x`, `/x`, `a//b`) need cleaning.
            entries.retain(|e| {
                let path = if is_clean(&e.path) {
                    std::borrow::Cow::Borrowed(e.path.as_str())
                } else {
                    std::borrow::Cow::Owned(crate::context::gopath::context_relative(&e.path))
                };
                !overrides.iter().any(|o| o.path == *path)
            });
            entries.extend(overrides);
        }
        entries
    }

    /// The `.dockerignore` text this builder reads, and its file name.
    pub fn effective_ignore(&self) -> Option<(String, &str)> {
        match (
            self.builder,
            &self.dockerfile_dockerignore,
            &self.dockerignore,
        ) {
            (Builder::Buildkit, Some(text), _) => Some((self.dockerfile_dockerignore_path(), text)),
            (_, _, Some(text)) => Some((".dockerignore".to_string(), text)),
            _ => None,
        }
    }
}

/// Whether a context path is already in the form `context_relative` gives.
fn is_clean(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.ends_with('/')
        && !path.contains("//")
        && !path.split('/').any(|c| c == "." || c == "..")
}

/// A file entry for a text the input gives, keeping the mode of an entry
/// already at that path.
fn text_entry(path: &str, text: &str, existing: &[ContextEntry]) -> ContextEntry {
    let mode = existing
        .iter()
        .find(|e| crate::context::gopath::context_relative(&e.path) == path)
        .filter(|e| e.kind == EntryKind::File)
        .map(|e| e.mode);
    let mut entry = ContextEntry::file(path, text_hash(text), text.len() as u64);
    if let Some(mode) = mode {
        entry.mode = mode;
    }
    entry
}

/// Two builds to compare, and what the cache held before the second.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RebuildInput {
    pub before: BuildInput,
    pub after: BuildInput,
    /// Keys of builds older than `before` (the `before` build's keys are
    /// always taken to be in the cache).
    pub store: super::store::CacheStore,
    /// Lines of the *after* Dockerfile declared deterministic: a
    /// `content-dependent` step on such a line is taken to see the same
    /// bytes as before, and a RUN on such a line to produce the same files
    /// as before when it re-runs.
    pub deterministic: Vec<u32>,
}

/// One change to a project, as the playground reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum Edit {
    /// A file's content changed (or it was created).
    Edit {
        path: String,
        #[serde(default)]
        hash: Option<String>,
        #[serde(default)]
        text: Option<String>,
        #[serde(default)]
        size: Option<u64>,
    },
    /// A new path (a file unless `kind` says otherwise).
    Add {
        path: String,
        #[serde(flatten)]
        spec: FileSpec,
    },
    /// A path and everything below it went away.
    Remove { path: String },
    /// A path's permission bits changed.
    Chmod { path: String, mode: ModeSpec },
    /// A path (and everything below it) moved.
    Rename { from: String, to: String },
    /// The Dockerfile's new text.
    Dockerfile { text: String },
    /// The root `.dockerignore` (`None`: deleted).
    Dockerignore {
        #[serde(default)]
        text: Option<String>,
    },
    /// `<Dockerfile>.dockerignore` (`None`: deleted).
    DockerfileDockerignore {
        #[serde(default)]
        text: Option<String>,
    },
    /// A `--build-arg` set (or removed with `None`).
    BuildArg {
        name: String,
        #[serde(default)]
        value: Option<String>,
    },
    Target {
        #[serde(default)]
        target: Option<String>,
    },
    /// A base image reference now resolves to another digest.
    BaseDigest {
        reference: String,
        #[serde(default)]
        digest: Option<String>,
    },
    /// A remote `ADD` source now serves another version.
    RemoteVersion {
        url: String,
        #[serde(default)]
        version: Option<String>,
    },
    /// A secret's value changed (it never matters; kept to say so).
    Secret {
        id: String,
        #[serde(default)]
        value: Option<String>,
    },
}

impl Edit {
    /// Whether the edit leaves the set of context paths, their kinds, link
    /// targets and the `.dockerignore` untouched (only contents and modes
    /// change), so earlier COPY selections can be patched instead of redone.
    pub(crate) fn keeps_structure(&self) -> bool {
        !matches!(
            self,
            Edit::Add { .. }
                | Edit::Remove { .. }
                | Edit::Rename { .. }
                | Edit::Dockerignore { .. }
                | Edit::DockerfileDockerignore { .. }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_from_numbers_and_octal_strings() {
        assert_eq!(ModeSpec::Bits(420).bits(), Some(0o644));
        assert_eq!(ModeSpec::Octal("755".into()).bits(), Some(0o755));
        assert_eq!(ModeSpec::Octal("0o755".into()).bits(), Some(0o755));
        assert_eq!(ModeSpec::Octal("0755".into()).bits(), Some(0o755));
        assert_eq!(ModeSpec::Octal("9".into()).bits(), None);
        assert_eq!(ModeSpec::Octal("".into()).bits(), None);
    }

    #[test]
    fn both_context_forms_deserialise() {
        let list: ContextInput = serde_json::from_str(
            r#"[{"path":"a.txt","kind":"file","hash":"h","size":3,"mode":493}]"#,
        )
        .unwrap();
        assert_eq!(list.entries()[0].mode, 0o755);
        let map: ContextInput = serde_json::from_str(
            r#"{"a.txt":{"text":"abc","mode":"755"},"d":{"kind":"dir"},"l":{"linkTarget":"a.txt"}}"#,
        )
        .unwrap();
        let entries = map.entries();
        assert_eq!(entries[0].path, "a.txt");
        assert_eq!(entries[0].hash, text_hash("abc"));
        assert_eq!((entries[0].size, entries[0].mode), (3, 0o755));
        assert_eq!(entries[1].kind, EntryKind::Dir);
        assert_eq!(entries[2].kind, EntryKind::Symlink);
    }

    #[test]
    fn the_dockerfile_is_a_context_file_unless_outside() {
        let mut input =
            BuildInput::new("FROM x\n", vec![ContextEntry::file("Dockerfile", "old", 1)]);
        input.dockerignore = Some("*.md\n".into());
        let entries = input.context_entries();
        let dockerfile = entries.iter().find(|e| e.path == "Dockerfile").unwrap();
        assert_eq!(dockerfile.hash, text_hash("FROM x\n"));
        assert!(entries.iter().any(|e| e.path == ".dockerignore"));
        assert_eq!(entries.len(), 2);
        input.dockerfile_path = "../Dockerfile".into();
        assert!(input.dockerfile_in_context().is_none());
    }

    #[test]
    fn the_per_dockerfile_ignore_file_replaces_the_root_one_for_buildkit_only() {
        let mut input = BuildInput::new("FROM x\n", vec![]);
        input.dockerfile_path = "app.Dockerfile".into();
        input.dockerignore = Some("root\n".into());
        input.dockerfile_dockerignore = Some("own\n".into());
        let (name, text) = input.effective_ignore().unwrap();
        assert_eq!(
            (name.as_str(), text),
            ("app.Dockerfile.dockerignore", "own\n")
        );
        input.builder = Builder::Legacy;
        let (name, text) = input.effective_ignore().unwrap();
        assert_eq!((name.as_str(), text), (".dockerignore", "root\n"));
    }

    #[test]
    fn edits_deserialise() {
        let edits: Vec<Edit> = serde_json::from_str(
            r#"[{"op":"edit","path":"a","text":"x"},{"op":"chmod","path":"a","mode":"755"},
                {"op":"rename","from":"a","to":"b"},{"op":"add","path":"c","text":"y"},
                {"op":"buildArg","name":"V","value":"2"},{"op":"dockerignore"}]"#,
        )
        .unwrap();
        assert_eq!(edits.len(), 6);
        assert!(edits[0].keeps_structure());
        assert!(!edits[2].keeps_structure());
        assert_eq!(edits[5], Edit::Dockerignore { text: None });
    }
}
