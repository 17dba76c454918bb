use super::common::{code, context_copies, context_filter, copy_label, list};
use crate::context::{find_risky, RiskKind};
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Reports that the first whole-context `COPY . .` of a needed stage
    /// also copies the build's own files: the `Dockerfile`, the
    /// `.dockerignore`, Compose files. With a build context, the message
    /// lists the ones really sent; without one, it checks that the
    /// `.dockerignore` excludes `Dockerfile` and `.dockerignore`. When there
    /// is no `.dockerignore` at all, LL1005 already reports the copy.
    ///
    /// ## Why is this bad?
    /// The COPY's cache key covers every file it copies, so editing the
    /// Dockerfile (even a comment), the `.dockerignore` or the Compose file
    /// invalidates the COPY and every step after it, and re-runs the
    /// installs and builds below. The files are useless in the image.
    ///
    /// ## Example
    /// ```text
    /// # .dockerignore
    /// .git
    /// node_modules
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// # .dockerignore
    /// .git
    /// node_modules
    /// Dockerfile*
    /// .dockerignore
    /// compose*.yaml
    /// ```
    ///
    /// ## Fix
    /// List the build files in `.dockerignore`. BuildKit still reads the
    /// Dockerfile and `.dockerignore` it needs; excluding them only keeps
    /// them out of `COPY`.
    ///
    /// ## References
    /// - [.dockerignore files](https://docs.docker.com/build/concepts/context/#dockerignore-files)
    /// - [Optimize cache usage: keep the context small](https://docs.docker.com/build/cache/optimize/#keep-the-context-small)
    pub struct BuildFilesInContextCopy {
        code: "LL1018",
        name: "build-files-in-context-copy",
        origin: Layerlab,
        target: Dockerfile,
        severity: Info,
        category: Cache,
        summary: "COPY . . includes the Dockerfile or .dockerignore, so editing them busts the cache",
        url: "https://docs.docker.com/build/concepts/context/#dockerignore-files",
    }
}

impl DockerfileRule for BuildFilesInContextCopy {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let copies = context_copies(checker);
        let Some(first) = copies
            .iter()
            .find(|c| c.stage.needed && c.whole_context_source().is_some())
        else {
            return;
        };
        let Some(source) = first.whole_context_source() else {
            return;
        };
        let included: Vec<String> = if let Some(filter) = context_filter(checker) {
            find_risky(filter.included_entries())
                .into_iter()
                .filter(|f| f.kind == RiskKind::BuildFile)
                .map(|f| code(&f.path))
                .collect()
        } else if let Some(ignore) = checker.dockerignore {
            ["Dockerfile", ".dockerignore"]
                .iter()
                .filter(|name| !ignore.is_excluded(name))
                .map(|name| code(name))
                .collect()
        } else {
            return;
        };
        if included.is_empty() {
            return;
        }
        out.push(checker.diagnostic(
            &Self::META,
            source.range,
            format!(
                "`{}` also copies {}: every edit to {them} invalidates this step and all that \
                 follow. Exclude {them} in .dockerignore",
                copy_label(first.instruction),
                list(&included, 5),
                them = if included.len() == 1 { "it" } else { "them" },
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{range_text, Setup};
    use crate::lint::test_support::codes;

    const CODE: &str = "LL1018";

    #[test]
    fn fires_when_the_dockerignore_keeps_build_files() {
        let text = "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm run build\n";
        let setup = Setup {
            dockerignore: Some(".git\nnode_modules\n"),
            ..Setup::default()
        };
        let found = setup.findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 3);
        assert_eq!(range_text(text, &found[0]), ".");
        assert!(
            found[0]
                .message
                .contains("`Dockerfile` and `.dockerignore`"),
            "{}",
            found[0].message
        );
        let partial = Setup {
            dockerignore: Some("Dockerfile\n"),
            ..Setup::default()
        };
        let found = partial.findings(text, CODE);
        assert!(!found[0].message.contains("`Dockerfile`"));
    }

    #[test]
    fn excluded_or_unknown_is_fine() {
        let text = "FROM node:22\nCOPY . .\n";
        let good = Setup {
            dockerignore: Some("Dockerfile*\n.dockerignore\n"),
            ..Setup::default()
        };
        assert!(good.lines(text, CODE).is_empty());
        // No .dockerignore: LL1005 speaks.
        assert!(codes(text, CODE).is_empty());
        assert!(codes("FROM node:22\nCOPY src/ ./src/\n", CODE).is_empty());
    }

    #[test]
    fn with_a_context_lists_the_sent_build_files() {
        let text = "ARG IMG=node:22\nFROM ${IMG} AS build\nCOPY . .\nRUN <<EOF\nnpm ci\nEOF\n";
        let setup = Setup {
            context: Some(&[("app.js", 1), ("Dockerfile", 1), ("compose.yaml", 1)]),
            ..Setup::default()
        };
        let found = setup.findings(text, CODE);
        assert!(
            found[0].message.contains("`Dockerfile` and `compose.yaml`"),
            "{}",
            found[0].message
        );
        let clean = Setup {
            context: Some(&[("app.js", 1), ("Dockerfile", 1)]),
            dockerignore: Some("Dockerfile\n"),
            ..Setup::default()
        };
        assert!(clean.lines(text, CODE).is_empty());
    }

    #[test]
    fn a_pragma_silences_it() {
        let text = "FROM node:22\n# hadolint ignore=LL1018\nCOPY . .\n";
        let setup = Setup {
            dockerignore: Some(".git\n"),
            ..Setup::default()
        };
        assert!(setup.lines(text, CODE).is_empty());
    }
}
