//! COPY and ADD: bytes from the build context (per file, after
//! `.dockerignore`, via `context::select_copy`), from an earlier stage
//! (what its layers wrote under the source paths), from heredocs, or from
//! places a static tool cannot see (URLs, external images).

use super::estimate::Estimate;
use super::fs::{self, Fs, Origin};
use super::heuristics::Rule;
use super::layer::{Draft, Part};
use crate::context::{glob, select_copy, ContextFilter, CopyRequest, EntryKind, SourceOutcome};
use crate::dockerfile::syntax::Instruction;

/// Where a COPY reads from.
pub enum Source<'a> {
    Context(Option<&'a ContextFilter>),
    Stage {
        fs: &'a Fs,
        label: String,
        /// The image the stage starts from, for "comes from its base" notes.
        base: Option<String>,
    },
    /// An image or named context that is not a stage.
    External(String),
}

/// A COPY/ADD after expansion.
pub struct CopyStep<'a> {
    pub instruction: &'a Instruction,
    pub is_add: bool,
    pub sources: &'a [String],
    pub destination: &'a str,
    /// The destination resolved against WORKDIR (may end with `/`).
    pub destination_abs: &'a str,
    pub workdir: &'a str,
    pub excludes: &'a [String],
}

fn is_remote(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("git@")
        || lower.starts_with("git://")
        || lower.ends_with(".git")
}

/// Archives ADD unpacks, with whether they are compressed.
fn local_archive(path: &str) -> Option<bool> {
    let lower = path.to_ascii_lowercase();
    if [
        ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2", ".tbz2", ".tar.zst",
    ]
    .iter()
    .any(|ext| lower.ends_with(ext))
    {
        Some(true)
    } else if lower.ends_with(".tar") {
        Some(false)
    } else {
        None
    }
}

/// The directory a COPY writes into when it names one.
fn dest_dir(step: &CopyStep) -> String {
    fs::absolute(step.workdir, step.destination_abs, "/root")
}

fn dest_is_dir(step: &CopyStep, count: usize) -> bool {
    count > 1
        || step.destination_abs.ends_with('/')
        || step.destination == "."
        || step.sources.iter().any(|s| glob::contains_wildcards(s))
}

pub fn replay(draft: &mut Draft, step: &CopyStep, source: &Source, text: &str) {
    let dir = dest_dir(step);
    let to_dir = dest_is_dir(step, step.sources.len());
    // Heredoc files.
    for name in step.sources.iter().filter(|s| s.starts_with("<<")) {
        let marker = name
            .trim_start_matches("<<")
            .trim_start_matches('-')
            .trim_matches(['"', '\'']);
        let bytes = step
            .instruction
            .heredocs
            .iter()
            .find(|h| h.name == marker)
            .map_or(0, |h| h.body.slice(text).len() as u64);
        let path = if to_dir {
            fs::join(&dir, marker)
        } else {
            dir.clone()
        };
        draft.write(
            path,
            Part::new(
                format!("inline file {marker}"),
                Estimate::exact(bytes),
                Rule::HeredocFile,
            ),
            false,
            Origin::Generated,
        );
    }
    let files: Vec<&String> = step
        .sources
        .iter()
        .filter(|s| !s.starts_with("<<"))
        .collect();
    if files.is_empty() {
        return;
    }
    match source {
        Source::Context(filter) => from_context(draft, step, *filter, &files, &dir),
        Source::Stage { fs, label, base } => {
            from_stage(draft, fs, label, base.as_deref(), &files, &dir, to_dir)
        }
        Source::External(image) => {
            draft.write(
                dir.clone(),
                Part::new(
                    format!("files from {image}"),
                    Estimate::UNKNOWN,
                    Rule::CopyFromUnknown,
                ),
                true,
                Origin::Generated,
            );
            draft.note(format!(
                "copies from the image {image}: its files' sizes are unknown"
            ));
        }
    }
}

fn from_context(
    draft: &mut Draft,
    step: &CopyStep,
    filter: Option<&ContextFilter>,
    files: &[&String],
    dir: &str,
) {
    let (remote, local): (Vec<&String>, Vec<&String>) = files.iter().partition(|s| is_remote(s));
    for url in remote {
        if !step.is_add {
            continue;
        }
        let name = fs::basename(url.split(['?', '#']).next().unwrap_or(url));
        let path = if url.ends_with(".git") || url.starts_with("git@") {
            dir.to_string()
        } else if dest_is_dir(step, files.len()) {
            fs::join(dir, name)
        } else {
            dir.to_string()
        };
        draft.write(
            path,
            Part::new(format!("ADD {url}"), Estimate::UNKNOWN, Rule::AddRemote),
            true,
            Origin::Generated,
        );
    }
    if local.is_empty() {
        return;
    }
    let Some(filter) = filter else {
        draft.write(
            dir.to_string(),
            Part::new(
                format!(
                    "unknown: no build context given ({})",
                    local
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
                Estimate::UNKNOWN,
                Rule::CopyNoContext,
            ),
            true,
            Origin::Context(String::new()),
        );
        return;
    };
    let request = CopyRequest {
        sources: local.iter().map(|s| s.to_string()).collect(),
        dest: step.destination.to_string(),
        workdir: step.workdir.to_string(),
        excludes: step.excludes.to_vec(),
        parents: step.instruction.flag("parents").is_some(),
        existing_dirs: Vec::new(),
    };
    let selection = select_copy(filter, &request);
    for source in &selection.sources {
        if source.fails_build {
            draft.note(format!("{}: {}", source.source, source.message));
        } else if source.outcome == SourceOutcome::NoMatch {
            draft.note(format!("{} matches nothing in the context", source.source));
        }
    }
    let mut count = 0usize;
    for placement in &selection.placements {
        if placement.kind != EntryKind::File {
            continue;
        }
        count += 1;
        let bytes = Estimate::exact(placement.size);
        if step.is_add {
            if let Some(compressed) = local_archive(&placement.resolved_path) {
                let unpacked = if compressed {
                    bytes.scale_range(1.5, 2.6, 4.0)
                } else {
                    bytes
                };
                let target = fs::join(
                    fs::parent(&placement.image_path),
                    &format!("(extracted: {})", fs::basename(&placement.resolved_path)),
                );
                draft.write(
                    target,
                    Part::new(
                        format!("{} unpacked by ADD", placement.resolved_path),
                        unpacked,
                        Rule::AddArchive,
                    ),
                    true,
                    Origin::Generated,
                );
                continue;
            }
        }
        draft.write(
            placement.image_path.trim_end_matches('/').to_string(),
            Part::new(placement.resolved_path.clone(), bytes, Rule::CopyContext),
            false,
            Origin::Context(placement.resolved_path.clone()),
        );
    }
    let ignored: u64 = selection
        .sources
        .iter()
        .map(|s| s.ignored_bytes_inside)
        .sum();
    if ignored > 0 {
        draft.note(format!(
            "{} below the sources is kept out by .dockerignore",
            super::estimate::human(ignored)
        ));
    }
    if count == 0 && selection.placements.is_empty() {
        draft.rules.insert(Rule::CopyContext);
    }
}

/// Entries of `fs` selected by a `COPY --from` source path (wildcards
/// matched per component).
fn stage_matches(fs: &Fs, source: &str) -> Vec<String> {
    let absolute = fs::absolute("/", source, "/root");
    if !glob::contains_wildcards(source) {
        return vec![absolute];
    }
    let (fixed, pattern) = glob::split_wildcards(&absolute);
    let fixed = if fixed.is_empty() {
        "/".to_string()
    } else {
        fixed
    };
    let depth = pattern.split('/').count();
    let mut found: Vec<String> = Vec::new();
    for (path, _) in fs.under(&fixed) {
        let rest = path[fixed.len()..].trim_start_matches('/');
        let parts: Vec<&str> = rest.split('/').collect();
        if parts.len() < depth {
            continue;
        }
        let candidate = parts[..depth].join("/");
        if glob::go_match(&pattern, &candidate).unwrap_or(false) {
            let matched = fs::join(&fixed, &candidate);
            if !found.contains(&matched) {
                found.push(matched);
            }
        }
    }
    found
}

#[allow(clippy::too_many_arguments)]
fn from_stage(
    draft: &mut Draft,
    source_fs: &Fs,
    label: &str,
    base: Option<&str>,
    files: &[&String],
    dir: &str,
    to_dir: bool,
) {
    for source in files {
        let matches = stage_matches(source_fs, source);
        let mut copied = false;
        for src in &matches {
            let entries = source_fs.under(src);
            if !entries.is_empty() {
                copied = true;
                for (path, entry) in entries {
                    let rest = &path[src.len()..];
                    // A directory's contents land in the destination; a
                    // file lands at it, or inside it when it is a directory.
                    let target = if !rest.is_empty() {
                        fs::join(dir, rest)
                    } else if entry.tree || !to_dir {
                        dir.to_string()
                    } else {
                        fs::join(dir, fs::basename(src))
                    };
                    draft.write(
                        target,
                        Part::new(
                            format!("{path} from {label}"),
                            entry.bytes,
                            Rule::CopyFromStage,
                        ),
                        entry.tree,
                        entry.origin.clone(),
                    );
                }
                continue;
            }
            if let Some((tree, entry)) = source_fs.tree_ancestor(src) {
                copied = true;
                draft.write(
                    dir.to_string(),
                    Part::new(
                        format!("{src}: part of {tree} from {label}"),
                        Estimate {
                            bytes: 0,
                            low: 0,
                            high: entry.bytes.high,
                        },
                        Rule::CopyFromStage,
                    ),
                    true,
                    Origin::Generated,
                );
                draft.note(format!(
                    "{src} is part of {tree}, which {label} wrote as a whole: its share is unknown"
                ));
                continue;
            }
            let name = fs::basename(src);
            if let Some((output, entry)) = source_fs.build_output_in(fs::parent(src), name) {
                copied = true;
                draft.write(
                    dir.to_string(),
                    Part::new(
                        format!("{src} (build output of {label})"),
                        entry.bytes,
                        Rule::CopyFromStage,
                    ),
                    true,
                    Origin::BuildOutput,
                );
                if output != src {
                    draft.note(format!(
                        "{src} is assumed to be the build output recorded as {output}"
                    ));
                }
            }
        }
        if !copied {
            let from = base.map_or_else(
                || format!("{label}'s base"),
                |b| format!("{label}'s base image {b}"),
            );
            draft.write(
                if to_dir {
                    fs::join(dir, fs::basename(source))
                } else {
                    dir.to_string()
                },
                Part::new(
                    format!("{source} from {label}"),
                    Estimate::UNKNOWN,
                    Rule::CopyFromUnknown,
                ),
                true,
                Origin::Generated,
            );
            draft.note(format!(
                "{source}: no tracked layer of {label} wrote it, so it comes from {from}: size unknown"
            ));
        }
    }
}
