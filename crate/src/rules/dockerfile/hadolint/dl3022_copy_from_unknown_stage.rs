use super::copy_from::{copy_froms, FromTarget};
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags `COPY --from=<name>` when `<name>` is not a stage defined
    /// earlier in the file (by name or by index) and does not look like an
    /// image reference with a tag or registry port (contains `:`).
    ///
    /// The value is read after build-argument expansion
    /// (`ARG SRC=builder` / `COPY --from=${SRC}` is the stage `builder`);
    /// stage names compare case-insensitively, as BuildKit lower-cases them.
    /// Copying from the stage itself is `DL3023`.
    ///
    /// ## Why is this bad?
    /// A name that is not an earlier stage is pulled as an image or looked
    /// up as a named build context: a typo in a stage name silently turns
    /// into a pull of some public image (or a build failure far from the
    /// cause). Copying from an image deliberately reads better with an
    /// explicit tag (`--from=nginx:1.27`) or a named stage.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go build -o /app .
    /// FROM gcr.io/distroless/static:nonroot
    /// COPY --from=biuld /app /app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go build -o /app .
    /// FROM gcr.io/distroless/static:nonroot
    /// COPY --from=build /app /app
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3022](https://github.com/hadolint/hadolint/wiki/DL3022)
    /// - [COPY --from](https://docs.docker.com/reference/dockerfile/#copy---from)
    pub struct CopyFromUnknownStage {
        code: "DL3022",
        name: "copy-from-unknown-stage",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "COPY --from should reference a previously defined FROM alias",
        url: "https://github.com/hadolint/hadolint/wiki/DL3022",
    }
}

impl DockerfileRule for CopyFromUnknownStage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for copy in copy_froms(checker) {
            if copy.target != FromTarget::Other || copy.reference.contains(':') {
                continue;
            }
            out.push(checker.diagnostic(
                &Self::META,
                copy.range,
                "`COPY --from` should reference a previously defined `FROM` alias",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn unknown_names_fire_at_the_value() {
        let text = "FROM a AS build\nFROM b\nCOPY --from=biuld /x /x\n";
        let found = findings(text, "DL3022");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.slice(text), "biuld");
        // An image without a tag, a later stage, an index out of range.
        assert_eq!(
            codes("FROM a\nCOPY --from=gloursdocker/docker / /\n", "DL3022"),
            [2]
        );
        assert_eq!(
            codes(
                "FROM a\nCOPY --from=later /x /x\nFROM b AS later\n",
                "DL3022"
            ),
            [2]
        );
        assert_eq!(
            codes("FROM a\nFROM b\nCOPY --from=5 /x /x\n", "DL3022"),
            [3]
        );
    }

    #[test]
    fn earlier_stages_and_tagged_images_pass() {
        let text = "FROM a AS Build\nFROM b\nCOPY --from=build /x /x\nCOPY --from=BUILD /y /y\nCOPY --from=0 /z /z\n";
        assert!(codes(text, "DL3022").is_empty());
        assert!(codes(
            "FROM a\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\n",
            "DL3022"
        )
        .is_empty());
        assert!(codes("FROM a\nCOPY --from=localhost:5000/x /x /x\n", "DL3022").is_empty());
        assert!(codes("FROM a\nCOPY /x /x\n", "DL3022").is_empty());
        // Its own stage is DL3023.
        assert!(codes("FROM a AS self\nCOPY --from=self /x /x\n", "DL3022").is_empty());
    }

    #[test]
    fn build_arguments_are_resolved() {
        let text = "FROM a AS builder\nFROM b\nARG SRC=builder\nCOPY --from=${SRC} /x /x\n";
        assert!(codes(text, "DL3022").is_empty());
        let text = "FROM a AS builder\nFROM b\nARG SRC=bilder\nCOPY --from=$SRC /x /x\n";
        assert_eq!(codes(text, "DL3022"), [4]);
        let text = "FROM a\nARG SRC\nCOPY --from=$SRC /x /x\n";
        assert!(codes(text, "DL3022").is_empty(), "unknown value");
    }

    #[test]
    fn pragmas() {
        let text = "FROM a\n# hadolint ignore=DL3022\nCOPY --from=x /x /x\n";
        assert!(codes(text, "DL3022").is_empty());
    }
}
