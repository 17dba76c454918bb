use super::runs::fully_resolved;
use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::dockerfile::model::Expanded;
use crate::dockerfile::syntax::{Args, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags a `COPY` with several sources whose destination does not end
    /// with `/`. The destination is read after variable expansion
    /// (`ARG DEST=/app/` / `COPY a b $DEST` is fine).
    ///
    /// ## Why is this bad?
    /// With more than one source the destination must be a directory, and
    /// BuildKit only treats it as one when it ends with `/`: the build fails
    /// with "When using COPY with more than one source file, the destination
    /// must be a directory and end with a /".
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-alpine
    /// COPY package.json package-lock.json /app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22-alpine
    /// COPY package.json package-lock.json /app/
    /// ```
    ///
    /// ## Fix
    /// Appends `/` to the destination.
    ///
    /// ## References
    /// - [hadolint DL3021](https://github.com/hadolint/hadolint/wiki/DL3021)
    /// - [COPY](https://docs.docker.com/reference/dockerfile/#copy)
    pub struct CopyDestinationSlash {
        code: "DL3021",
        name: "copy-destination-slash",
        origin: Hadolint,
        target: Dockerfile,
        severity: Error,
        category: Correctness,
        summary: "COPY with several sources needs a destination ending in /",
        url: "https://github.com/hadolint/hadolint/wiki/DL3021",
    }
}

impl DockerfileRule for CopyDestinationSlash {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in checker.instructions() {
            if instruction.keyword != Keyword::Copy {
                continue;
            }
            let Args::Paths {
                sources,
                destination,
                ..
            } = &instruction.args
            else {
                continue;
            };
            if sources.len() < 2 {
                continue;
            }
            let expanded = match checker.step(index) {
                Some((_, step)) if fully_resolved(checker, index, destination.range) => {
                    match &step.expanded {
                        Expanded::Paths { destination, .. } => Some(destination.as_str()),
                        _ => None,
                    }
                }
                _ => None,
            };
            let written = destination.text.trim_matches(|c| c == '"' || c == '\'');
            let value = expanded.unwrap_or(written);
            if value.ends_with('/') {
                continue;
            }
            // Insert the slash inside closing quotes (JSON form, "quoted").
            let source = destination.range.slice(checker.text);
            let quoted = source.len() > 1 && (source.ends_with('"') || source.ends_with('\''));
            let at = destination.range.end() - usize::from(quoted);
            out.push(
                checker
                    .diagnostic(
                        &Self::META,
                        destination.range,
                        "COPY with more than 2 arguments requires the last argument to end with /",
                    )
                    .with_fix(Fix::new(
                        "Add a trailing `/` to the destination",
                        vec![TextEdit::insert(at, "/")],
                    )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{assert_fixed, codes, findings};

    #[test]
    fn several_sources_without_slash_fire() {
        let text = "FROM a\nCOPY package.json yarn.lock /app\n";
        let found = findings(text, "DL3021");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.slice(text), "/app");
        assert_eq!(
            codes("FROM a\nCOPY [\"a\", \"b\", \"/app\"]\n", "DL3021"),
            [2]
        );
        assert_eq!(codes("FROM a\nCOPY --from=b a b .\n", "DL3021"), [2]);
    }

    #[test]
    fn one_source_or_a_directory_passes() {
        assert!(codes("FROM a\nCOPY a /app\n", "DL3021").is_empty());
        assert!(codes("FROM a\nCOPY a b /app/\n", "DL3021").is_empty());
        assert!(codes("FROM a\nCOPY a b ./\n", "DL3021").is_empty());
        assert!(codes("FROM a\nCOPY a b \"/app/\"\n", "DL3021").is_empty());
        assert!(codes("FROM a\nCOPY [\"a\", \"b\", \"/my app/\"]\n", "DL3021").is_empty());
        assert!(codes("FROM a\nADD a b /app\n", "DL3021").is_empty());
    }

    #[test]
    fn variables_are_resolved() {
        assert!(codes("FROM a\nARG DEST=/app/\nCOPY a b $DEST\n", "DL3021").is_empty());
        assert_eq!(
            codes("FROM a\nARG DEST=/app\nCOPY a b $DEST\n", "DL3021"),
            [3]
        );
        assert_eq!(codes("FROM a\nCOPY a b $UNSET\n", "DL3021"), [2]);
    }

    #[test]
    fn heredocs_and_pragmas() {
        let text = "FROM a\nCOPY <<A <<B /etc\none\nA\ntwo\nB\n";
        assert_eq!(codes(text, "DL3021"), [2]);
        assert!(codes("FROM a\n# hadolint ignore=DL3021\nCOPY a b /x\n", "DL3021").is_empty());
    }

    #[test]
    fn fix_appends_the_slash() {
        assert_fixed(
            "FROM a\nCOPY a b /app\n",
            "DL3021",
            "FROM a\nCOPY a b /app/\n",
        );
        assert_fixed(
            "FROM a\nCOPY [\"a\", \"b\", \"/app\"]\n",
            "DL3021",
            "FROM a\nCOPY [\"a\", \"b\", \"/app/\"]\n",
        );
        assert_fixed(
            "FROM a\nCOPY a b \"/app\"\n",
            "DL3021",
            "FROM a\nCOPY a b \"/app/\"\n",
        );
    }
}
