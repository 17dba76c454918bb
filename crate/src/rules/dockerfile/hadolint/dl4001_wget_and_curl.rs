use super::shell_runs::{run_sites, source};
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::text::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags RUNs of a stage that use `curl` once the stage already used
    /// `wget`, or the other way round (ONBUILD RUN triggers are counted on
    /// their own, as they run in another build).
    ///
    /// ## Why is this bad?
    /// Both tools do the same job. Installing both adds a package (and its
    /// libraries) to the image for no gain; pick one.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN wget -q https://example.com/a.tgz
    /// RUN curl -fsSLO https://example.com/b.tgz
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN curl -fsSLO https://example.com/a.tgz \
    ///  && curl -fsSLO https://example.com/b.tgz
    /// ```
    ///
    /// ## References
    /// - [hadolint DL4001](https://github.com/hadolint/hadolint/wiki/DL4001)
    pub struct WgetAndCurl {
        code: "DL4001",
        name: "wget-and-curl",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Size,
        summary: "Either use Wget or Curl but not both",
        url: "https://github.com/hadolint/hadolint/wiki/DL4001",
    }
}

impl DockerfileRule for WgetAndCurl {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        // (stage, is trigger) → (first curl, first wget) seen so far.
        let mut seen: std::collections::HashMap<(usize, bool), [Option<TextRange>; 2]> =
            std::collections::HashMap::new();
        for site in run_sites(checker) {
            let stage = checker.stage_of(site.index).map_or(usize::MAX, |s| s.index);
            let tools = seen.entry((stage, site.is_trigger())).or_default();
            let mut used_here: Option<TextRange> = None;
            for (script, command) in site.commands() {
                let invocation = command.effective_command();
                let slot = match invocation.name() {
                    Some("curl") => 0,
                    Some("wget") => 1,
                    _ => continue,
                };
                let Some(name) = invocation.name_word() else {
                    continue;
                };
                let range = source(script, name.range);
                if tools[slot].is_none() {
                    tools[slot] = Some(range);
                }
                used_here.get_or_insert(range);
            }
            if let (Some(range), [Some(curl), Some(wget)]) = (used_here, *tools) {
                let other = if range == curl { wget } else { curl };
                out.push(
                    checker
                        .diagnostic(&Self::META, range, "Either use Wget or Curl but not both.")
                        .with_related(other, "the other tool is used here"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn fires_from_the_run_that_adds_the_second_tool() {
        let text = "FROM a\nRUN wget -q https://x\nRUN echo hi\nRUN curl -fsS https://y\nRUN curl -fsS https://z\n";
        let found = findings(text, "DL4001");
        assert_eq!(found.iter().map(|d| d.line).collect::<Vec<_>>(), [4, 5]);
        assert_eq!(found[0].range.slice(text), "curl");
        assert_eq!(
            codes("FROM a\nRUN curl -fsS x | sh && wget -q y\n", "DL4001"),
            [2]
        );
        assert_eq!(
            codes("FROM a\nRUN <<EOF\ncurl x\nwget -q y\nEOF\n", "DL4001"),
            [3]
        );
        assert_eq!(
            codes(
                "FROM a\nONBUILD RUN curl x\nONBUILD RUN wget -q y\n",
                "DL4001"
            ),
            [3]
        );
    }

    #[test]
    fn one_tool_per_stage_passes() {
        for text in [
            "FROM a\nRUN curl x\nRUN curl y\n",
            "FROM a\nRUN wget -q x\nFROM b\nRUN curl y\n",
            "FROM a\nRUN curl x\nONBUILD RUN wget -q y\n",
            "FROM a\nRUN apt-get install -y curl wget\n",
            "FROM a\nRUN curl x\n# hadolint ignore=DL4001\nRUN wget -q y\n",
        ] {
            assert!(codes(text, "DL4001").is_empty(), "{text}");
        }
    }
}
