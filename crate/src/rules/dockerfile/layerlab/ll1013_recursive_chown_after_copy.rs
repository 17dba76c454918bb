use super::common::{
    chain_steps, excerpt, final_chain, is_within_abs, mount_targets, push_bounded,
    resolve_command_path,
};
use crate::context::gopath;
use crate::diagnostic::Diagnostic;
use crate::dockerfile::model::Expanded;
use crate::dockerfile::syntax::Keyword;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::OptionSpec;

crate::declare_rule! {
    /// ## What it does
    /// Flags `RUN chown -R` and `RUN chmod -R` over files that an earlier
    /// `COPY`/`ADD` of the final image put there (the destination itself, a
    /// directory inside it, or a parent of it).
    ///
    /// ## Why is this bad?
    /// Changing a file's owner or mode is a change to the file: the layer of
    /// the `RUN` stores every touched file again, in full, next to the copy
    /// in the `COPY` layer. A recursive `chown` over an application
    /// directory doubles its size in the image and makes the step slow.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR /app
    /// COPY . .
    /// RUN chown -R node:node /app
    /// USER node
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR /app
    /// COPY --chown=node:node . .
    /// USER node
    /// ```
    ///
    /// ## Fix
    /// Set ownership and mode while copying, with `COPY --chown=user:group`
    /// and `COPY --chmod=…` (BuildKit). Note that `--chown` does not change
    /// the destination directory if it already exists.
    ///
    /// ## References
    /// - [COPY --chown --chmod](https://docs.docker.com/reference/dockerfile/#copy---chown---chmod)
    /// - [OCI image layers: changes](https://github.com/opencontainers/image-spec/blob/main/layer.md#change-types)
    pub struct RecursiveChownAfterCopy {
        code: "LL1013",
        name: "recursive-chown-after-copy",
        origin: Layerlab,
        target: Dockerfile,
        severity: Warning,
        category: Size,
        summary: "chown -R / chmod -R over copied files stores them twice; use COPY --chown/--chmod",
        url: "https://docs.docker.com/reference/dockerfile/#copy---chown---chmod",
    }
}

/// A COPY destination in the final image.
struct Copied {
    path: String,
    line: u32,
    range: crate::text::TextRange,
}

impl DockerfileRule for RecursiveChownAfterCopy {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let chain = final_chain(checker.model);
        let mut copied: Vec<Copied> = Vec::new();
        for (_, step) in chain_steps(&chain) {
            let Some(instruction) = checker.file.instructions.get(step.instruction) else {
                continue;
            };
            match instruction.keyword {
                Keyword::Copy | Keyword::Add => {
                    if let Expanded::Paths {
                        destination_abs, ..
                    } = &step.expanded
                    {
                        push_bounded(
                            &mut copied,
                            Copied {
                                path: gopath::clean(destination_abs),
                                line: checker.line(instruction.range.start()),
                                range: instruction.line_range,
                            },
                        );
                    }
                }
                Keyword::Run => {
                    let mounts = mount_targets(step, &["cache", "tmpfs", "bind"]);
                    for script in checker.scripts(step.instruction) {
                        for command in &script.script.commands {
                            let invocation = command.effective_command();
                            let tool = match invocation.name() {
                                Some(name @ ("chown" | "chmod" | "chgrp")) => name,
                                _ => continue,
                            };
                            let parsed = invocation
                                .options(&OptionSpec::new("", &["--reference", "--from"]));
                            if !parsed.has_any(&["-R", "--recursive"]) {
                                continue;
                            }
                            // The first operand is the owner or the mode.
                            let setting = parsed
                                .operands
                                .first()
                                .map(|w| w.value.clone())
                                .unwrap_or_default();
                            let hit = parsed.operands.iter().skip(1).find_map(|word| {
                                if word.dynamic {
                                    return None;
                                }
                                let path = resolve_command_path(
                                    &word.value,
                                    &step.state.workdir,
                                    script,
                                    command,
                                )?;
                                if mounts.iter().any(|m| is_within_abs(&path, m)) {
                                    return None;
                                }
                                copied
                                    .iter()
                                    .rev()
                                    .find(|c| {
                                        // A copy to `/` says nothing about one directory.
                                        (c.path != "/" && is_within_abs(&path, &c.path))
                                            || is_within_abs(&c.path, &path)
                                    })
                                    .map(|c| (word, c))
                            });
                            let Some((_, copy)) = hit else {
                                continue;
                            };
                            let range = script.source_range(command.range);
                            let flag = if tool == "chmod" {
                                "--chmod"
                            } else {
                                "--chown"
                            };
                            let value = if setting.is_empty() || setting.starts_with('-') {
                                "…".to_string()
                            } else {
                                setting
                            };
                            out.push(
                                checker
                                    .diagnostic(
                                        &Self::META,
                                        range,
                                        format!(
                                            "`{}` rewrites the files the COPY on line {} put in `{}`: \
                                             this layer stores each of them again, in full. Set it \
                                             while copying instead: `{flag}={value}`",
                                            excerpt(checker.text, range, 50),
                                            copy.line,
                                            copy.path
                                        ),
                                    )
                                    .with_related(copy.range, "the files were copied here"),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::range_text;
    use crate::lint::test_support::{codes, findings};

    const CODE: &str = "LL1013";

    #[test]
    fn fires_on_recursive_chown_of_copied_files() {
        let text =
            "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN chown -R node:node /app\nUSER node\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 4);
        assert_eq!(range_text(text, &found[0]), "chown -R node:node /app");
        assert!(
            found[0].message.contains("--chown=node:node"),
            "{}",
            found[0].message
        );
        assert!(found[0].message.contains("line 3"));
        let text =
            "FROM alpine:3.24\nCOPY scripts/ /usr/local/bin/\nRUN chmod -R +x /usr/local/bin\n";
        let found = findings(text, CODE);
        assert!(found[0].message.contains("--chmod=+x"));
        // A relative path against the WORKDIR, and a parent of the destination.
        assert_eq!(
            codes(
                "FROM a\nWORKDIR /srv\nCOPY app/ ./app/\nRUN chown -R 1000 .\n",
                CODE
            ),
            [4]
        );
    }

    #[test]
    fn non_recursive_or_unrelated_paths_are_fine() {
        assert!(codes(
            "FROM a\nCOPY entry.sh /entry.sh\nRUN chmod +x /entry.sh\n",
            CODE
        )
        .is_empty());
        assert!(codes("FROM a\nCOPY . /app\nRUN chown -R app /var/log/app\n", CODE).is_empty());
        assert!(codes("FROM a\nRUN mkdir /data && chown -R app /data\n", CODE).is_empty());
        // Before the copy.
        assert!(codes("FROM a\nRUN chown -R app /app\nCOPY . /app\n", CODE).is_empty());
        assert!(codes("FROM a\nCOPY rootfs/ /\nRUN chown -R app /var/www\n", CODE).is_empty());
    }

    #[test]
    fn only_the_final_image_and_its_chain() {
        let text = "FROM a AS build\nCOPY . /src\nRUN chown -R app /src\nFROM b\nCOPY --from=build /src /src\n";
        assert!(codes(text, CODE).is_empty());
        let text = "ARG IMG=a\nFROM ${IMG} AS base\nCOPY . /app\nFROM base\nRUN <<EOF\nchown -R app:app /app\nEOF\n";
        assert_eq!(codes(text, CODE), [6]);
    }

    #[test]
    fn a_pragma_silences_it() {
        let text = "FROM a\nCOPY . /app\n# hadolint ignore=LL1013\nRUN chown -R app /app\n";
        assert!(codes(text, CODE).is_empty());
    }
}
