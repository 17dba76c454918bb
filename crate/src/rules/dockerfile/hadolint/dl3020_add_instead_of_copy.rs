use super::runs::fully_resolved;
use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::dockerfile::model::Expanded;
use crate::dockerfile::syntax::Keyword;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags `ADD` when one of its sources is a plain local file or folder:
    /// neither a URL, a Git repository, nor a tar archive that `ADD` would
    /// unpack. Sources are judged after variable expansion (`ADD $SRC /x`
    /// with `ARG SRC=https://…` is a download); an instruction using a
    /// variable without a value is skipped.
    ///
    /// ## Why is this bad?
    /// `ADD` does more than copy: it downloads URLs and unpacks archives. On
    /// a local file it behaves like `COPY`, but readers (and a future archive
    /// renamed into place) cannot tell. `COPY` says exactly what happens.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// ADD requirements.txt /app/
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// COPY requirements.txt /app/
    /// ```
    ///
    /// ## Fix
    /// Replaces `ADD` with `COPY` when every source is a plain local path and
    /// no `ADD`-only option (`--checksum`, `--keep-git-dir`, `--unpack`) is
    /// given.
    ///
    /// ## References
    /// - [hadolint DL3020](https://github.com/hadolint/hadolint/wiki/DL3020)
    /// - [Best practices: ADD or COPY](https://docs.docker.com/build/building/best-practices/#add-or-copy)
    pub struct AddInsteadOfCopy {
        code: "DL3020",
        name: "add-instead-of-copy",
        origin: Hadolint,
        target: Dockerfile,
        severity: Error,
        category: Maintainability,
        summary: "Use COPY instead of ADD for files and folders",
        url: "https://github.com/hadolint/hadolint/wiki/DL3020",
    }
}

/// Endings of archives ADD unpacks (hadolint's list).
const ARCHIVE_EXTENSIONS: &[&str] = &[
    ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz",
    ".tpz", ".txz", ".xz",
];

/// Options only `ADD` has.
const ADD_ONLY_FLAGS: &[&str] = &["checksum", "keep-git-dir", "unpack"];

fn is_remote(source: &str) -> bool {
    source.contains("://") || source.starts_with("git@")
}

fn is_archive(source: &str) -> bool {
    ARCHIVE_EXTENSIONS.iter().any(|ext| source.ends_with(ext))
}

impl DockerfileRule for AddInsteadOfCopy {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in checker.instructions() {
            if instruction.keyword != Keyword::Add {
                continue;
            }
            let Some((_, step)) = checker.step(index) else {
                continue;
            };
            let Expanded::Paths { sources, .. } = &step.expanded else {
                continue;
            };
            if !fully_resolved(checker, index, instruction.args_text.range) {
                continue;
            }
            let local = |s: &&String| !is_remote(s) && !is_archive(s);
            if !sources.iter().any(|s| local(&s)) {
                continue;
            }
            let keyword = &instruction.keyword_token;
            let mut diagnostic = checker.diagnostic(
                &Self::META,
                keyword.range,
                "Use COPY instead of ADD for files and folders",
            );
            let add_only = instruction.flags.iter().any(|f| {
                ADD_ONLY_FLAGS
                    .iter()
                    .any(|n| f.name.text.eq_ignore_ascii_case(n))
            });
            if sources.iter().all(|s| local(&s)) && !add_only {
                let copy = if keyword.text.bytes().all(|b| b.is_ascii_lowercase()) {
                    "copy"
                } else {
                    "COPY"
                };
                diagnostic = diagnostic.with_fix(Fix::new(
                    "Replace ADD with COPY",
                    vec![TextEdit::replace(keyword.range, copy)],
                ));
            }
            out.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{assert_fixed, codes, findings};

    #[test]
    fn local_sources_fire_at_the_keyword() {
        let text = "FROM a\nADD --chown=1:1 src/ /app/\n";
        let found = findings(text, "DL3020");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.slice(text), "ADD");
        assert_eq!(codes("FROM a\nADD [\"a b.txt\", \"/x/\"]\n", "DL3020"), [2]);
        // One local source among remote ones is enough.
        assert_eq!(
            codes("FROM a\nADD https://x/a.txt local.txt /x/\n", "DL3020"),
            [2]
        );
        assert_eq!(
            codes("FROM a\nADD <<EOF /etc/motd\nhi\nEOF\n", "DL3020"),
            [2]
        );
    }

    #[test]
    fn urls_git_and_archives_pass() {
        for source in [
            "https://example.com/x.txt",
            "http://example.com/x",
            "git@github.com:moby/buildkit.git",
            "https://github.com/moby/buildkit.git#v0.16.0",
            "app.tar.gz",
            "rootfs.tar.xz",
            "\"release.tgz\"",
        ] {
            let text = format!("FROM a\nADD {source} /x/\n");
            assert!(codes(&text, "DL3020").is_empty(), "{source}");
        }
        assert!(codes("FROM a\nCOPY a /x\n", "DL3020").is_empty());
    }

    #[test]
    fn variables_are_resolved() {
        assert!(codes("FROM a\nARG URL=https://x/y\nADD $URL /y\n", "DL3020").is_empty());
        assert_eq!(
            codes("FROM a\nARG SRC=conf\nADD $SRC /etc/\n", "DL3020"),
            [3]
        );
        assert!(codes("FROM a\nARG SRC\nADD $SRC /etc/\n", "DL3020").is_empty());
    }

    #[test]
    fn onbuild_and_pragmas() {
        assert!(codes("FROM a\nONBUILD ADD . /app\n", "DL3020").is_empty());
        assert!(codes("FROM a\n# hadolint ignore=DL3020\nADD a /x\n", "DL3020").is_empty());
    }

    #[test]
    fn fix_replaces_the_keyword() {
        assert_fixed(
            "FROM a\nADD --chown=app:app . /app\n",
            "DL3020",
            "FROM a\nCOPY --chown=app:app . /app\n",
        );
        assert_fixed("FROM a\nadd a b /x/\n", "DL3020", "FROM a\ncopy a b /x/\n");
    }

    #[test]
    fn no_fix_when_add_does_more() {
        for text in [
            "FROM a\nADD https://x/a.txt local.txt /x/\n",
            "FROM a\nADD app.tgz conf /x/\n",
            "FROM a\nADD --checksum=sha256:0000 a /x\n",
        ] {
            let found = findings(text, "DL3020");
            assert_eq!(found.len(), 1, "{text}");
            assert!(found[0].fixes.is_empty(), "{text}");
        }
    }
}
