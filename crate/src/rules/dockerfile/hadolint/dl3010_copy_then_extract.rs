use crate::diagnostic::Diagnostic;
use crate::dockerfile::model::Expanded;
use crate::dockerfile::syntax::{Args, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::{facts, ArchiveTool};
use crate::text::TextRange;
use std::collections::HashMap;

crate::declare_rule! {
    /// ## What it does
    /// Flags a local tar archive that is `COPY`'d into a stage and then
    /// unpacked by a later `RUN` of the same stage (`tar -x`, or
    /// `gunzip`/`bunzip2`/`unxz`/… of a `.tar.*` file). The finding is on the
    /// `COPY`, with the extracting command as related location.
    ///
    /// Only tarballs count (`.tar`, `.tar.gz`, `.tgz`, `.tar.bz2`, `.tar.xz`,
    /// …): `ADD` unpacks nothing else, so a plain `.gz` or a `.zip` is not
    /// flagged even when decompressed.
    ///
    /// ## Why is this bad?
    /// The archive is stored in the `COPY` layer and its contents again in the
    /// `RUN` layer: the image carries both. `ADD` unpacks a local tar archive
    /// in one step and stores only the result.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// COPY app.tar.gz /tmp/
    /// RUN tar -xzf /tmp/app.tar.gz -C /opt
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// ADD app.tar.gz /opt/
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3010](https://github.com/hadolint/hadolint/wiki/DL3010)
    /// - [ADD](https://docs.docker.com/reference/dockerfile/#add)
    pub struct CopyThenExtract {
        code: "DL3010",
        name: "copy-then-extract",
        origin: Hadolint,
        target: Dockerfile,
        severity: Info,
        category: Size,
        summary: "Use ADD for extracting archives into an image",
        url: "https://github.com/hadolint/hadolint/wiki/DL3010",
    }
}

/// File name endings of archives (hadolint's list).
const ARCHIVE_EXTENSIONS: &[&str] = &[
    ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz",
    ".tpz", ".txz", ".xz",
];

/// Single-extension tarball names.
const TARBALL_EXTENSIONS: &[&str] = &[
    ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz", ".tpz", ".txz",
];

fn basename(path: &str) -> &str {
    let path = path.trim_end_matches('/');
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

fn is_archive(name: &str) -> bool {
    ARCHIVE_EXTENSIONS.iter().any(|ext| name.ends_with(ext))
}

/// A tar archive, possibly compressed: what ADD would unpack.
fn is_tarball(name: &str) -> bool {
    name.ends_with(".tar")
        || name.contains(".tar.")
        || TARBALL_EXTENSIONS.iter().any(|ext| name.ends_with(ext))
}

/// An archive copied into the stage: where it was named, and where a later
/// RUN unpacks it.
struct Copied {
    range: TextRange,
    extracted_at: Option<TextRange>,
}

impl DockerfileRule for CopyThenExtract {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &checker.model.stages {
            let mut copied: Vec<Copied> = Vec::new();
            // Indices into `copied` by file name.
            let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
            for step in &stage.steps {
                let Some(instruction) = checker.file.instructions.get(step.instruction) else {
                    continue;
                };
                match instruction.keyword {
                    Keyword::Copy if instruction.flag("from").is_none() => {
                        let (
                            Args::Paths {
                                sources: source_tokens,
                                destination: destination_token,
                                ..
                            },
                            Expanded::Paths {
                                sources,
                                destination,
                                ..
                            },
                        ) = (&instruction.args, &step.expanded)
                        else {
                            continue;
                        };
                        // Copied under an archive name, or copied as is.
                        if is_archive(basename(destination)) {
                            let name = basename(destination).to_string();
                            by_name.entry(name).or_default().push(copied.len());
                            copied.push(Copied {
                                range: destination_token.range,
                                extracted_at: None,
                            });
                            continue;
                        }
                        for (source, token) in sources.iter().zip(source_tokens) {
                            let name = basename(source);
                            if !source.starts_with("<<") && is_archive(name) {
                                by_name
                                    .entry(name.to_string())
                                    .or_default()
                                    .push(copied.len());
                                copied.push(Copied {
                                    range: token.range,
                                    extracted_at: None,
                                });
                            }
                        }
                    }
                    Keyword::Run if !copied.is_empty() => {
                        for script in checker.scripts(step.instruction) {
                            for extraction in facts(&script.script).extractions {
                                let Some(archive) = &extraction.archive else {
                                    continue;
                                };
                                let name = basename(&archive.path);
                                let unpacks_tar =
                                    extraction.tool == ArchiveTool::Tar || is_tarball(name);
                                if archive.dynamic || !unpacks_tar {
                                    continue;
                                }
                                for &i in by_name.get(name).into_iter().flatten() {
                                    copied[i]
                                        .extracted_at
                                        .get_or_insert(script.source_range(extraction.range));
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
            for entry in copied {
                if let Some(at) = entry.extracted_at {
                    out.push(
                        checker
                            .diagnostic(
                                &Self::META,
                                entry.range,
                                "Use ADD for extracting archives into an image",
                            )
                            .with_related(at, "extracted here"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn copied_then_extracted_fires_at_the_copy() {
        let text = "FROM a\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt\n";
        let found = findings(text, "DL3010");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 2);
        assert_eq!(found[0].range.slice(text), "app.tar.gz");
        assert_eq!(found[0].related[0].line, 3);
        // Old-style tar options, another directory, a renaming COPY.
        assert_eq!(
            codes(
                "FROM a\nCOPY x/b.tgz /src/\nRUN cd /src && tar xzf b.tgz\n",
                "DL3010"
            ),
            [2]
        );
        assert_eq!(
            codes(
                "FROM a\nCOPY dist /tmp/app.tar\nRUN tar -xf /tmp/app.tar\n",
                "DL3010"
            ),
            [2]
        );
        // Decompressing a tarball is unpacking it.
        assert_eq!(
            codes("FROM a\nCOPY b.tar.xz /\nRUN unxz /b.tar.xz\n", "DL3010"),
            [2]
        );
    }

    #[test]
    fn not_extracted_or_not_a_tarball_passes() {
        assert!(codes("FROM a\nCOPY app.tar.gz /tmp/\n", "DL3010").is_empty());
        assert!(codes(
            "FROM a\nCOPY app.tar.gz /tmp/\nRUN tar -tzf /tmp/app.tar.gz\n",
            "DL3010"
        )
        .is_empty());
        assert!(codes(
            "FROM a\nCOPY other.tgz /tmp/\nRUN tar -xzf /tmp/app.tgz\n",
            "DL3010"
        )
        .is_empty());
        // ADD would not unpack a zip or a plain .gz either.
        assert!(codes(
            "FROM a\nCOPY app.zip /tmp/\nRUN unzip /tmp/app.zip\n",
            "DL3010"
        )
        .is_empty());
        assert!(codes(
            "FROM a\nCOPY data.gz /tmp/\nRUN gunzip /tmp/data.gz\n",
            "DL3010"
        )
        .is_empty());
        // Copied from another stage or image: ADD --from does not exist.
        assert!(codes(
            "FROM a AS b\nFROM a\nCOPY --from=b /a.tgz /\nRUN tar xzf /a.tgz\n",
            "DL3010"
        )
        .is_empty());
    }

    #[test]
    fn stages_are_separate() {
        let text = "FROM a AS one\nCOPY a.tgz /\nFROM a\nRUN tar xzf /a.tgz\n";
        assert!(codes(text, "DL3010").is_empty());
    }

    #[test]
    fn arguments_heredocs_and_pragmas() {
        let text = "FROM a\nARG PKG=app.tgz\nCOPY $PKG /tmp/\nRUN tar xzf /tmp/app.tgz\n";
        assert_eq!(codes(text, "DL3010"), [3]);
        let text = "FROM a\nCOPY app.tgz /tmp/\nRUN <<EOF\nset -e\ntar -xzf /tmp/app.tgz\nEOF\n";
        assert_eq!(codes(text, "DL3010"), [2]);
        let text =
            "FROM a\n# hadolint ignore=DL3010\nCOPY app.tgz /tmp/\nRUN tar xzf /tmp/app.tgz\n";
        assert!(codes(text, "DL3010").is_empty());
    }
}
