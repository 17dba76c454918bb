use super::shell_runs::{run_sites, source};
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::{Action, Manager, PinStatus};

crate::declare_rule! {
    /// ## What it does
    /// Flags each package of `go install`, `go get` and `go run` named
    /// without a version (`golang.org/x/tools/gopls`) or with a floating one
    /// (`@latest`, `@none`, `@upgrade`, `@patch`). Local paths (`.`,
    /// `./cmd/app`, `./...`, `main.go`) are not reported.
    ///
    /// ## Why is this bad?
    /// `@latest` resolves to whatever was published most recently: the same
    /// Dockerfile builds a different binary from one day to the next, and a
    /// compromised or broken release goes straight into the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23
    /// RUN go install golang.org/x/tools/gopls@latest
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.23
    /// RUN go install golang.org/x/tools/gopls@v0.16.2
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3062](https://github.com/hadolint/hadolint/wiki/DL3062)
    /// - [go install](https://go.dev/ref/mod#go-install)
    pub struct GoUnpinned {
        code: "DL3062",
        name: "go-unpinned",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Pin versions in go install/get/run",
        url: "https://github.com/hadolint/hadolint/wiki/DL3062",
    }
}

impl DockerfileRule for GoUnpinned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for site in run_sites(checker) {
            for (script, package) in site.package_commands() {
                if package.manager != Manager::Go
                    || !matches!(package.action, Action::Install | Action::Run)
                {
                    continue;
                }
                for arg in package
                    .packages
                    .iter()
                    .filter(|p| p.pin_status() == PinStatus::Unpinned)
                {
                    out.push(checker.diagnostic(
                        &Self::META,
                        source(script, arg.range),
                        "Pin versions in go install. Instead of `go install <package>` use `go install <package>@<version>`",
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn unpinned_and_floating_versions_fire() {
        let text = "FROM golang\nRUN go install example.com/tool@latest example.com/other@v1.2.3\n";
        let found = findings(text, "DL3062");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.slice(text), "example.com/tool@latest");
        for run in [
            "go install example.com/x",
            "go get -u example.com/x",
            "go run example.com/x@none arg",
        ] {
            assert_eq!(
                codes(&format!("FROM a\nRUN {run}\n"), "DL3062"),
                [2],
                "{run}"
            );
        }
        assert_eq!(
            codes("FROM a\nONBUILD RUN go install example.com/x\n", "DL3062"),
            [2]
        );
        assert_eq!(
            codes(
                "FROM a\nRUN <<EOF\ngo install example.com/x\nEOF\n",
                "DL3062"
            ),
            [3]
        );
    }

    #[test]
    fn pinned_and_local_packages_pass() {
        for run in [
            "go install example.com/x@v1.2.3",
            "go install ./cmd/app",
            "go install .",
            "go run main.go",
            "go get ./...",
            "go build -o /app ./cmd/app",
            "go mod download",
            "go install",
        ] {
            assert!(
                codes(&format!("FROM a\nRUN {run}\n"), "DL3062").is_empty(),
                "{run}"
            );
        }
        assert!(codes(
            "FROM a\n# hadolint ignore=DL3062\nRUN go install example.com/x\n",
            "DL3062"
        )
        .is_empty());
    }
}
