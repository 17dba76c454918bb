use crate::diagnostic::Diagnostic;
use crate::dockerfile::model::Expanded;
use crate::dockerfile::syntax::{Args, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags `COPY` to a relative destination (`COPY . app/`) in a stage
    /// where no `WORKDIR` was set — neither in the stage nor in the stages
    /// it is built `FROM`.
    ///
    /// The destination is read after variable expansion: `COPY . $APP` with
    /// `ENV APP=/srv/app` is absolute. A destination that starts with an
    /// undefined variable is not reported, nor are Windows paths (`C:\app`).
    ///
    /// ## Why is this bad?
    /// A relative destination is resolved against the working directory,
    /// which without `WORKDIR` is whatever the base image set — often `/`,
    /// sometimes not, and it may change with the next base image update.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// COPY package.json .
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22
    /// WORKDIR /app
    /// COPY package.json .
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3045](https://github.com/hadolint/hadolint/wiki/DL3045)
    /// - [WORKDIR](https://docs.docker.com/reference/dockerfile/#workdir)
    pub struct CopyRelativeWithoutWorkdir {
        code: "DL3045",
        name: "copy-relative-without-workdir",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "`COPY` to a relative destination without `WORKDIR` set",
        url: "https://github.com/hadolint/hadolint/wiki/DL3045",
    }
}

impl DockerfileRule for CopyRelativeWithoutWorkdir {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in checker.instructions() {
            if instruction.keyword != Keyword::Copy {
                continue;
            }
            let Args::Paths { destination, .. } = &instruction.args else {
                continue;
            };
            let Some((_, step)) = checker.step(index) else {
                continue;
            };
            if step.state.workdir_set {
                continue;
            }
            let written = destination.text.trim_matches(|c| c == '"' || c == '\'');
            let unresolved = step
                .references
                .iter()
                .any(|r| !r.defined && destination.range.contains_range(r.range));
            if written.starts_with('$') && unresolved {
                continue;
            }
            let expanded = match &step.expanded {
                Expanded::Paths { destination, .. } => destination.as_str(),
                _ => written,
            };
            if is_absolute(expanded) || is_absolute(written) {
                continue;
            }
            out.push(checker.diagnostic(
                &Self::META,
                destination.range,
                "`COPY` to a relative destination without `WORKDIR` set.",
            ));
        }
    }
}

/// `/x`, or a Windows drive path (`C:\x`, `C:/x`).
fn is_absolute(path: &str) -> bool {
    let bytes = path.as_bytes();
    path.starts_with('/')
        || (bytes.len() >= 3
            && bytes[0].is_ascii_alphabetic()
            && bytes[1] == b':'
            && matches!(bytes[2], b'\\' | b'/'))
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn fires_on_relative_destination_without_workdir() {
        let text = "FROM node:18\nCOPY . app/\n";
        assert_eq!(findings(text, "DL3045")[0].range.slice(text), "app/");
        assert_eq!(codes("FROM a\nCOPY --from=b /x .\n", "DL3045"), [2]);
        assert_eq!(
            codes("FROM a\nCOPY <<EOF app.conf\nx\nEOF\n", "DL3045"),
            [2]
        );
        // A WORKDIR of an unrelated stage does not count.
        assert_eq!(
            codes("FROM a AS one\nWORKDIR /app\nFROM b\nCOPY . .\n", "DL3045"),
            [4]
        );
        assert_eq!(codes("FROM a\nENV D=app\nCOPY . $D\n", "DL3045"), [3]);
    }

    #[test]
    fn absolute_or_workdir_pass() {
        for text in [
            "FROM a\nCOPY . /app/\n",
            "FROM a\nCOPY [\"a\", \"/app/\"]\n",
            "FROM a\nWORKDIR /app\nCOPY . .\n",
            "FROM a AS base\nWORKDIR /app\nFROM base\nCOPY . .\n",
            "FROM a\nENV APP=/srv/app\nCOPY . $APP\n",
            "FROM a\nCOPY . $UNDEFINED\n",
            "FROM a\nCOPY . C:\\\\app\n",
            "FROM a\nCOPY . c:/app\n",
            "FROM a\nADD . app/\n",
            "FROM a\n# hadolint ignore=DL3045\nCOPY . app/\n",
        ] {
            assert!(codes(text, "DL3045").is_empty(), "{text}");
        }
    }
}
