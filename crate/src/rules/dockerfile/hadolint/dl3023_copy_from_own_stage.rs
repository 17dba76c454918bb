use super::copy_from::{copy_froms, FromTarget};
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags `COPY --from=<stage>` inside that same stage, by name or (unlike
    /// hadolint) by index, after build-argument expansion.
    ///
    /// ## Why is this bad?
    /// A stage cannot read its own result while it is being built: BuildKit
    /// reports a circular dependency. The intended source is usually another
    /// stage with a similar name.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22 AS build
    /// COPY --from=build /app/dist /srv
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22 AS build
    /// RUN npm run build
    /// FROM nginx:1.27
    /// COPY --from=build /app/dist /usr/share/nginx/html
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3023](https://github.com/hadolint/hadolint/wiki/DL3023)
    /// - [Multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
    pub struct CopyFromOwnStage {
        code: "DL3023",
        name: "copy-from-own-stage",
        origin: Hadolint,
        target: Dockerfile,
        severity: Error,
        category: Correctness,
        summary: "COPY --from cannot reference its own stage",
        url: "https://github.com/hadolint/hadolint/wiki/DL3023",
    }
}

impl DockerfileRule for CopyFromOwnStage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for copy in copy_froms(checker) {
            if copy.target == FromTarget::OwnStage {
                out.push(checker.diagnostic(
                    &Self::META,
                    copy.range,
                    "`COPY --from` cannot reference its own `FROM` alias",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn own_stage_fires() {
        let text = "FROM a AS build\nCOPY --from=build /x /y\n";
        let found = findings(text, "DL3023");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.slice(text), "build");
        assert_eq!(
            codes("FROM a AS Build\nCOPY --from=BUILD /x /y\n", "DL3023"),
            [2]
        );
        assert_eq!(
            codes("FROM a\nFROM b\nCOPY --from=1 /x /y\n", "DL3023"),
            [3]
        );
        assert_eq!(
            codes("FROM a AS me\nARG S=me\nCOPY --from=$S /x /y\n", "DL3023"),
            [3]
        );
    }

    #[test]
    fn other_stages_pass() {
        let text =
            "FROM a AS build\nFROM b AS final\nCOPY --from=build /x /y\nCOPY --from=0 /x /y\n";
        assert!(codes(text, "DL3023").is_empty());
        assert!(codes("FROM a AS build\nCOPY /x /y\n", "DL3023").is_empty());
    }

    #[test]
    fn pragmas() {
        let text = "FROM a AS b\n# hadolint ignore=DL3023\nCOPY --from=b /x /y\n";
        assert!(codes(text, "DL3023").is_empty());
    }
}
