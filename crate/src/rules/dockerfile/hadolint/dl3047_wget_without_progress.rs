use super::shell_runs::{editable, insert_after, root_image, run_sites, source};
use crate::diagnostic::Diagnostic;
use crate::images::{lookup, Tool, ToolPresence};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::{download, DownloadTool};

crate::declare_rule! {
    /// ## What it does
    /// Flags `wget` run without `--progress=…` and without the options that
    /// silence or redirect its progress output (`-q`/`--quiet`,
    /// `-nv`/`--no-verbose`, `-o`/`--output-file`, `-a`/`--append-output`).
    ///
    /// ## Why is this bad?
    /// wget's default progress bar, printed without a terminal, turns into a
    /// line of dots per few kilobytes: a large download floods the build log
    /// with thousands of lines and hides the output that matters.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN wget https://example.com/big.tar.gz
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN wget --progress=dot:giga https://example.com/big.tar.gz
    /// ```
    ///
    /// ## Fix
    /// Adds `--progress=dot:giga` after `wget`. When the stage's base image
    /// is known to ship busybox `wget` (Alpine, BusyBox), which has no
    /// `--progress`, the fix adds `-q` instead.
    ///
    /// ## References
    /// - [hadolint DL3047](https://github.com/hadolint/hadolint/wiki/DL3047)
    /// - [wget manual: --progress](https://www.gnu.org/software/wget/manual/wget.html#Download-Options)
    pub struct WgetWithoutProgress {
        code: "DL3047",
        name: "wget-without-progress",
        origin: Hadolint,
        target: Dockerfile,
        severity: Info,
        category: Maintainability,
        summary: "Avoid use of wget without progress bar",
        url: "https://github.com/hadolint/hadolint/wiki/DL3047",
    }
}

impl DockerfileRule for WgetWithoutProgress {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for site in run_sites(checker) {
            let busybox = !site.is_trigger() && busybox_wget(checker, site.index);
            for (script, command) in site.commands() {
                let Some(fetch) = download(command) else {
                    continue;
                };
                let quiet_enough = fetch.quiet
                    || fetch.no_verbose
                    || fetch.progress.is_some()
                    || fetch.log_file.is_some();
                if fetch.tool != DownloadTool::Wget || quiet_enough {
                    continue;
                }
                let Some(name) = command.effective_command().name_word() else {
                    continue;
                };
                let mut diagnostic = checker.diagnostic(
                    &Self::META,
                    source(script, name.range),
                    "Avoid use of wget without progress bar. Use `wget --progress=dot:giga <url>`. \
                     Or consider using `-q` or `-nv` (shorthands for `--quiet` or `--no-verbose`).",
                );
                if editable(command) {
                    let option = if busybox { "-q" } else { "--progress=dot:giga" };
                    diagnostic = diagnostic.with_fix(insert_after(
                        script,
                        name.range,
                        option,
                        format!("Add `{option}`"),
                    ));
                }
                out.push(diagnostic);
            }
        }
    }
}

/// Whether the stage of instruction `index` starts from an image known to
/// ship busybox `wget`.
fn busybox_wget(checker: &Checker<'_>, index: usize) -> bool {
    let Some(stage) = checker.stage_of(index) else {
        return false;
    };
    root_image(checker.model, stage)
        .and_then(lookup)
        .is_some_and(|image| image.tool(Tool::Wget) == ToolPresence::Busybox)
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{assert_fixed, codes, findings};

    #[test]
    fn fires_on_noisy_wget() {
        let text = "FROM debian:12\nRUN apt-get update \\\n && wget https://x/y.tgz\n";
        let found = findings(text, "DL3047");
        assert_eq!(found[0].range.slice(text), "wget");
        assert_eq!(found[0].line, 3);
        assert_eq!(
            codes("FROM a\nRUN wget -O - https://x | sh\n", "DL3047"),
            [2]
        );
        assert_eq!(codes("FROM a\nONBUILD RUN wget https://x\n", "DL3047"), [2]);
        assert_eq!(
            codes("FROM a\nRUN <<EOF\nwget https://x\nEOF\n", "DL3047"),
            [3]
        );
        assert_eq!(codes("FROM a\nRUN sh -c 'wget https://x'\n", "DL3047"), [2]);
    }

    #[test]
    fn quiet_wget_and_other_tools_pass() {
        for run in [
            "wget -q https://x",
            "wget -qO- https://x",
            "wget --quiet https://x",
            "wget -nv https://x",
            "wget --no-verbose https://x",
            "wget --progress=dot:giga https://x",
            "wget --progress=bar:force https://x",
            "wget -o /tmp/log https://x",
            "wget -a /tmp/log https://x",
            "curl -fsSL https://x",
            "echo wget",
        ] {
            assert!(
                codes(&format!("FROM a\nRUN {run}\n"), "DL3047").is_empty(),
                "{run}"
            );
        }
        assert!(codes(
            "FROM a\n# hadolint ignore=DL3047\nRUN wget https://x\n",
            "DL3047"
        )
        .is_empty());
    }

    #[test]
    fn fix_adds_progress_or_quiet_for_busybox() {
        assert_fixed(
            "FROM debian:12\nRUN wget https://x/y\n",
            "DL3047",
            "FROM debian:12\nRUN wget --progress=dot:giga https://x/y\n",
        );
        assert_fixed(
            "FROM alpine:3.20\nRUN wget https://x/y\n",
            "DL3047",
            "FROM alpine:3.20\nRUN wget -q https://x/y\n",
        );
        assert_fixed(
            "ARG BASE=alpine:3.20\nFROM ${BASE} AS base\nFROM base\nRUN wget https://x/y\n",
            "DL3047",
            "ARG BASE=alpine:3.20\nFROM ${BASE} AS base\nFROM base\nRUN wget -q https://x/y\n",
        );
    }
}
