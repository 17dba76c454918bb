use crate::context::{gopath, Dockerignore};
use crate::diagnostic::Diagnostic;
use crate::dockerfile::model::Expanded;
use crate::dockerfile::syntax::{Args, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags a `COPY` or `ADD` source from the build context that the
    /// `.dockerignore` excludes (the path or one of its parent directories
    /// matches, as BuildKit matches them). `COPY --from` reads another
    /// stage or image and is not checked, nor are URLs and Git sources.
    ///
    /// Like BuildKit, the check stays silent when the `.dockerignore` has
    /// `!` exceptions (whether an exception brings the file back cannot be
    /// decided without the files), and flags the context root (`COPY . .`)
    /// only when a pattern `*`, `**` or `**/*` excludes everything.
    ///
    /// ## Why is this bad?
    /// Excluded files are not sent to the builder. The `COPY` either fails
    /// with "not found", or, for a directory or a wildcard, silently copies
    /// less than the author expects.
    ///
    /// ## Example
    /// With a `.dockerignore` containing `config/`:
    /// ```dockerfile
    /// FROM nginx
    /// COPY config/nginx.conf /etc/nginx/nginx.conf
    /// ```
    ///
    /// Use instead: remove the line from `.dockerignore` or add an
    /// exception (`!config/nginx.conf`).
    ///
    /// ## References
    /// - [CopyIgnoredFile](https://docs.docker.com/reference/build-checks/copy-ignored-file/)
    /// - [.dockerignore files](https://docs.docker.com/build/concepts/context/#dockerignore-files)
    pub struct CopyIgnoredFile {
        code: "CopyIgnoredFile",
        name: "copy-ignored-file",
        origin: Buildkit,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Attempting to Copy file that is excluded by .dockerignore",
        url: "https://docs.docker.com/reference/build-checks/copy-ignored-file/",
    }
}

/// Sources that do not come from the build context.
fn is_remote(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("git@")
        || lower.starts_with("git://")
        || lower.starts_with("ssh://")
}

/// Whether BuildKit's check would warn for `source` (as expanded).
fn is_ignored(dockerignore: &Dockerignore, source: &str) -> bool {
    let cleaned = gopath::clean(source);
    if cleaned == "." || cleaned == "/" {
        // The context root is excluded only by a catch-all pattern.
        return !dockerignore.has_exceptions()
            && dockerignore.patterns().iter().any(|p| {
                p.valid && !p.exception && matches!(p.normalized.as_str(), "*" | "**" | "**/*")
            });
    }
    dockerignore.copy_ignored_file(source).is_some()
}

impl DockerfileRule for CopyIgnoredFile {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let Some(dockerignore) = checker.dockerignore else {
            return;
        };
        for stage in &checker.model.stages {
            for step in &stage.steps {
                let Some(instruction) = checker.file.instructions.get(step.instruction) else {
                    continue;
                };
                let verb = match instruction.keyword {
                    Keyword::Copy if instruction.flag("from").is_none() => "Copy",
                    Keyword::Add => "Add",
                    _ => continue,
                };
                let (
                    Args::Paths { sources, .. },
                    Expanded::Paths {
                        sources: expanded, ..
                    },
                ) = (&instruction.args, &step.expanded)
                else {
                    continue;
                };
                for (token, source) in sources.iter().zip(expanded) {
                    if source.starts_with("<<") || is_remote(source) {
                        continue;
                    }
                    if is_ignored(dockerignore, source) {
                        out.push(checker.diagnostic(
                            &Self::META,
                            token.range,
                            format!(
                                "Attempting to {verb} file \"{}\" that is excluded by .dockerignore",
                                gopath::clean(source)
                            ),
                        ));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::support::testing::{analyze_files, lines_with_dockerignore};
    use crate::analyze::AnalyzeOptions;
    use crate::lint::test_support::codes;

    const CODE: &str = "CopyIgnoredFile";

    #[test]
    fn fires_on_ignored_sources() {
        let text = "\nFROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n";
        assert_eq!(
            lines_with_dockerignore(text, "\nDockerfile\n", CODE),
            [3, 4]
        );
        let found: Vec<_> = analyze_files(
            &[("Dockerfile", text), (".dockerignore", "Dockerfile\n")],
            AnalyzeOptions::default(),
        )
        .into_iter()
        .filter(|d| d.code == CODE)
        .collect();
        assert_eq!(
            found[0].message,
            "Attempting to Copy file \"Dockerfile\" that is excluded by .dockerignore"
        );
        assert_eq!(
            found[1].message,
            "Attempting to Add file \"Dockerfile\" that is excluded by .dockerignore"
        );
        assert_eq!((found[0].column, found[0].end_column), (6, 16));
    }

    #[test]
    fn parent_directories_and_expanded_paths() {
        let ignore = "node_modules\nsecrets/\n";
        assert_eq!(
            lines_with_dockerignore("FROM a\nCOPY node_modules/x/y.js /app/\n", ignore, CODE),
            [2]
        );
        assert_eq!(
            lines_with_dockerignore(
                "FROM a\nARG DIR=secrets\nCOPY ./$DIR/key.pem /k\n",
                ignore,
                CODE
            ),
            [3]
        );
        assert!(lines_with_dockerignore("FROM a\nCOPY src /app\n", ignore, CODE).is_empty());
    }

    #[test]
    fn not_for_other_stages_urls_or_heredocs() {
        let ignore = "foobar\n";
        let text = "\nFROM scratch AS base\nCOPY Dockerfile /foobar\nADD Dockerfile /windy\n\nFROM base\nCOPY --from=base /foobar /Dockerfile\n";
        assert!(lines_with_dockerignore(text, ignore, CODE).is_empty());
        let text = "FROM a\nADD https://example.com/foobar /x\nCOPY <<foobar /x\nhi\nfoobar\n";
        assert!(lines_with_dockerignore(text, ignore, CODE).is_empty());
    }

    #[test]
    fn exceptions_turn_the_check_off() {
        let ignore = "**\n!Dockerfile\n";
        assert!(
            lines_with_dockerignore("FROM scratch\nCOPY ./Dockerfile .\n", ignore, CODE).is_empty()
        );
        assert!(lines_with_dockerignore("FROM scratch\nCOPY . .\n", ignore, CODE).is_empty());
        assert!(lines_with_dockerignore(
            "FROM scratch\nCOPY sub/a.txt /\n",
            "sub\n!sub/a.txt\n",
            CODE
        )
        .is_empty());
    }

    #[test]
    fn context_root_only_for_catch_all_patterns() {
        let text = "\nFROM scratch\nCOPY . .\n";
        assert!(lines_with_dockerignore(text, ".*\n", CODE).is_empty());
        assert!(lines_with_dockerignore(text, "node_modules\n.git\n", CODE).is_empty());
        assert_eq!(lines_with_dockerignore(text, "*\n", CODE), [3]);
        assert_eq!(lines_with_dockerignore(text, "**/*\n", CODE), [3]);
    }

    #[test]
    fn silent_without_a_dockerignore() {
        assert!(codes("FROM a\nCOPY Dockerfile .\n", CODE).is_empty());
    }

    #[test]
    fn suppression() {
        let text = "# check=skip=CopyIgnoredFile\n\nFROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n";
        assert!(lines_with_dockerignore(text, "Dockerfile\n", CODE).is_empty());
        let text = "FROM scratch\n# check=skip=CopyIgnoredFile\nCOPY Dockerfile .\nADD Dockerfile /windy\n";
        assert_eq!(lines_with_dockerignore(text, "Dockerfile\n", CODE), [4]);
    }
}
