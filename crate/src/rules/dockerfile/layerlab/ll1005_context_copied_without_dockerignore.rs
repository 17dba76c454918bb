use super::common::{
    bytes, code, context_copies, context_filter, copy_label, count, list, root_image, RootBase,
};
use crate::context::{find_risky, RiskKind, RiskyFinding};
use crate::diagnostic::Diagnostic;
use crate::images;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::{package_commands, Ecosystem};

crate::declare_rule! {
    /// ## What it does
    /// Flags the first `COPY . .` (or `ADD . .`, `COPY . /app`) of a needed
    /// stage when the build context it copies is not filtered: there is no
    /// `.dockerignore`, or it does not exclude `.git`, `.env` and (for Node
    /// projects) `node_modules`. When the build context is known, the message
    /// lists what would really ship, with sizes; otherwise it names the
    /// usual suspects.
    ///
    /// Build files (`Dockerfile`, `.dockerignore`) swept into the copy are
    /// LL1018's business, secrets LL1006's.
    ///
    /// ## Why is this bad?
    /// `COPY . .` copies everything the client sends. Without a
    /// `.dockerignore` that is the whole directory: the Git history (large,
    /// and it may hold secrets removed long ago), a host `node_modules` or
    /// virtualenv built for another OS, `.env` files with credentials, editor
    /// settings. They bloat every build's upload and the image, and any
    /// change to them (every commit touches `.git`) invalidates the COPY and
    /// everything after it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-alpine
    /// WORKDIR /app
    /// COPY . .
    /// ```
    ///
    /// Use instead, with a `.dockerignore` next to the Dockerfile:
    /// ```text
    /// .git
    /// node_modules
    /// .env
    /// *.log
    /// ```
    ///
    /// ## Fix
    /// Add a `.dockerignore` that excludes version control, dependencies
    /// installed on the host, local environment files and build output.
    ///
    /// ## References
    /// - [.dockerignore files](https://docs.docker.com/build/concepts/context/#dockerignore-files)
    /// - [Best practices: exclude with .dockerignore](https://docs.docker.com/build/building/best-practices/#exclude-with-dockerignore)
    pub struct ContextCopiedWithoutDockerignore {
        code: "LL1005",
        name: "context-copied-without-dockerignore",
        origin: Layerlab,
        target: Dockerfile,
        severity: Warning,
        category: Size,
        summary: "The whole build context is copied and .dockerignore does not keep .git, node_modules or .env out",
        url: "https://docs.docker.com/build/concepts/context/#dockerignore-files",
    }
}

/// Whether the Dockerfile builds a Node project: a node base image, or a
/// RUN that uses npm, yarn or pnpm.
fn builds_node(checker: &Checker<'_>) -> bool {
    let node_base = checker.model.stages.iter().any(|stage| {
        matches!(root_image(checker.model, stage.index), RootBase::Image(reference)
            if images::lookup(reference).is_some_and(|r| r.entry.family == "node"))
    });
    node_base
        || checker.instructions().any(|(index, _)| {
            checker.scripts(index).iter().any(|script| {
                package_commands(&script.script)
                    .iter()
                    .any(|c| c.manager.ecosystem() == Ecosystem::Node)
            })
        })
}

/// The well-known paths to keep out when the context is not known.
fn usual_suspects(checker: &Checker<'_>) -> Vec<&'static str> {
    let mut suspects = vec![".git", ".env"];
    if builds_node(checker) {
        suspects.push("node_modules");
    }
    suspects
}

/// "`.git` (312 files, 4.1 MB)".
fn describe(finding: &RiskyFinding) -> String {
    if finding.files > 1 {
        format!(
            "{} ({}, {})",
            code(&finding.path),
            count(finding.files, "file", "files"),
            bytes(finding.bytes)
        )
    } else {
        format!("{} ({})", code(&finding.path), bytes(finding.bytes))
    }
}

impl DockerfileRule for ContextCopiedWithoutDockerignore {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let copies: Vec<_> = context_copies(checker)
            .into_iter()
            .filter(|c| c.stage.needed && c.whole_context_source().is_some())
            .collect();
        let Some(first) = copies.first() else {
            return;
        };
        let Some(source) = first.whole_context_source() else {
            return;
        };
        let copy_text = copy_label(first.instruction);
        let ignore_state = match checker.dockerignore {
            None => "there is no .dockerignore",
            Some(_) => "the .dockerignore does not exclude them",
        };
        let message = if let Some(filter) = context_filter(checker) {
            let shipped: Vec<String> = find_risky(filter.included_entries())
                .iter()
                .filter(|f| f.kind != RiskKind::BuildFile)
                .map(describe)
                .collect();
            if shipped.is_empty() {
                return;
            }
            format!(
                "`{copy_text}` copies the whole build context and {ignore_state}: {} will be sent \
                 with every build and copied into the image. Exclude them in .dockerignore",
                list(&shipped, 5)
            )
        } else {
            let suspects = usual_suspects(checker);
            match checker.dockerignore {
                None => format!(
                    "`{copy_text}` copies the whole build context and there is no .dockerignore: \
                     {} (when present) are sent with every build and copied into the image. Add a \
                     .dockerignore that excludes them",
                    list(&suspects.iter().map(|s| code(s)).collect::<Vec<_>>(), 5)
                ),
                Some(ignore) => {
                    let missing: Vec<String> = suspects
                        .iter()
                        .filter(|s| !ignore.is_excluded(s))
                        .map(|s| code(s))
                        .collect();
                    if missing.is_empty() {
                        return;
                    }
                    let (they, them) = if missing.len() == 1 {
                        ("it is", "it")
                    } else {
                        ("they are", "them")
                    };
                    format!(
                        "`{copy_text}` copies the whole build context and the .dockerignore does \
                         not exclude {}: when present, {they} copied into the image. Add {them} \
                         to .dockerignore",
                        list(&missing, 5)
                    )
                }
            }
        };
        let mut diagnostic = checker.diagnostic(&Self::META, source.range, message);
        for other in copies.iter().skip(1) {
            if let Some(token) = other.whole_context_source() {
                diagnostic =
                    diagnostic.with_related(token.range, "the whole context is copied here too");
            }
        }
        out.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{range_text, Setup};
    use crate::lint::test_support::{codes, findings};

    const CODE: &str = "LL1005";

    #[test]
    fn fires_without_a_dockerignore() {
        let text = "FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 3);
        assert_eq!(range_text(text, &found[0]), ".");
        assert!(found[0].message.contains("no .dockerignore"));
        assert!(
            found[0].message.contains("`node_modules`"),
            "{}",
            found[0].message
        );
        let found = findings("FROM python:3.13\nCOPY . /app\n", CODE);
        assert!(
            found[0].message.contains("`.git` and `.env`"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn only_the_first_whole_context_copy_is_reported() {
        let text = "FROM node:22 AS build\nCOPY . .\nFROM build\nCOPY ./ /srv/\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 2);
        assert_eq!(found[0].related[0].line, 4);
    }

    #[test]
    fn named_copies_and_unneeded_stages_are_fine() {
        assert!(codes("FROM node:22\nCOPY package.json src/ ./\n", CODE).is_empty());
        assert!(codes("FROM a AS b\nFROM node:22 AS x\nCOPY --from=b . .\n", CODE).is_empty());
        assert!(codes(
            "FROM node:22 AS unused\nCOPY . .\nFROM alpine:3.24\nRUN true\n",
            CODE
        )
        .is_empty());
    }

    #[test]
    fn a_dockerignore_that_excludes_the_suspects_is_enough() {
        let text = "FROM node:22-alpine\nCOPY . .\n";
        let good = Setup {
            dockerignore: Some(".git\nnode_modules\n.env\n"),
            ..Setup::default()
        };
        assert!(good.lines(text, CODE).is_empty());
        let partial = Setup {
            dockerignore: Some("node_modules\n"),
            ..Setup::default()
        };
        let found = partial.findings(text, CODE);
        assert!(
            found[0]
                .message
                .contains("does not exclude `.git` and `.env`"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn with_a_context_lists_what_ships() {
        let text = "FROM node:22-alpine\nCOPY . .\n";
        let context: &[(&str, u64)] = &[
            ("app.js", 10),
            (".git/HEAD", 20),
            (".git/objects/ab", 4000),
            ("node_modules/x/index.js", 100),
            ("Dockerfile", 30),
        ];
        let setup = Setup {
            context: Some(context),
            ..Setup::default()
        };
        let found = setup.findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("`.git` (2 files, 4.0 KB)"),
            "{}",
            found[0].message
        );
        assert!(
            found[0].message.contains("`node_modules` (100 B)"),
            "{}",
            found[0].message
        );
        assert!(!found[0].message.contains("Dockerfile"));
        let clean = Setup {
            context: Some(context),
            dockerignore: Some(".git\nnode_modules\n"),
            ..Setup::default()
        };
        assert!(clean.lines(text, CODE).is_empty());
        let clean_context = Setup {
            context: Some(&[("app.js", 10), ("package.json", 5)]),
            ..Setup::default()
        };
        assert!(clean_context.lines(text, CODE).is_empty());
    }

    #[test]
    fn arg_based_images_and_heredoc_runs() {
        let text = "ARG BASE=node:22\nFROM ${BASE}\nCOPY . .\nRUN <<EOF\nnpm ci\nEOF\n";
        let found = findings(text, CODE);
        assert!(found[0].message.contains("`node_modules`"));
    }

    #[test]
    fn a_pragma_silences_it() {
        assert!(codes("FROM node:22\n# hadolint ignore=LL1005\nCOPY . .\n", CODE).is_empty());
    }
}
