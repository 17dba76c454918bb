use super::runs::runs;
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::{Action, Manager, PackageCommand, PackageSource, PinStatus};

crate::declare_rule! {
    /// ## What it does
    /// Flags each package of a `pip install` (also `pip3`, `python -m pip`,
    /// `pipx install`, `pipenv install` and `uv pip install`) given without a
    /// version specifier.
    ///
    /// Accepted: any PEP 440 specifier (`==`, `>=`, `~=`, …), VCS URLs with a
    /// ref (`git+https://…/x.git@v1.2`), wheels, sdists, URLs and local paths.
    /// A command installing from a requirements file (`-r`), with a
    /// constraints file (`-c`), or the local project (`.`) is left alone, as
    /// in hadolint. Editable installs (`-e`) are local work, not pins. A
    /// package word made only of a variable cannot be judged.
    ///
    /// ## Why is this bad?
    /// Without a version, each build installs whatever is newest that day:
    /// builds are not reproducible, and a breaking release of a dependency
    /// breaks the image without any change to it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// RUN pip install --no-cache-dir flask
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// RUN pip install --no-cache-dir flask==3.1.0
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3013](https://github.com/hadolint/hadolint/wiki/DL3013)
    /// - [pip requirement specifiers](https://pip.pypa.io/en/stable/reference/requirement-specifiers/)
    pub struct PipUnpinned {
        code: "DL3013",
        name: "pip-unpinned",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Pin versions in pip install",
        url: "https://github.com/hadolint/hadolint/wiki/DL3013",
    }
}

/// A pip-style install of named packages.
fn is_pip_install(command: &PackageCommand) -> bool {
    let subcommand = command.subcommand.as_ref().map(|s| s.text.as_str());
    command.action == Action::Install
        && match command.manager {
            Manager::Pip | Manager::Pipx | Manager::Pipenv => subcommand == Some("install"),
            Manager::Uv => subcommand == Some("pip install"),
            _ => false,
        }
}

/// Requirement or constraints files, or the project itself (`.`): the pins
/// live elsewhere.
fn pins_elsewhere(command: &PackageCommand) -> bool {
    command.packages.iter().any(|p| {
        matches!(
            p.source,
            PackageSource::RequirementsFile | PackageSource::ConstraintsFile
        ) || p.text == "."
    })
}

impl DockerfileRule for PipUnpinned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for run in runs(checker) {
            for (script, command) in run.package_commands() {
                if !is_pip_install(&command) || pins_elsewhere(&command) {
                    continue;
                }
                let editable: Vec<_> = command
                    .options
                    .iter()
                    .filter(|o| matches!(o.name.as_str(), "-e" | "--editable"))
                    .filter_map(|o| o.value.as_ref().map(|v| v.range))
                    .collect();
                for package in &command.packages {
                    let unpinned = package.version.is_none()
                        && package.pin_status() == PinStatus::Unpinned
                        && !editable.contains(&package.range);
                    if unpinned {
                        out.push(checker.diagnostic(
                            &Self::META,
                            script.source_range(package.range),
                            "Pin versions in pip. Instead of `pip install <package>` use `pip \
                             install <package>==<version>` or `pip install --requirement \
                             <requirements file>`",
                        ));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn each_unpinned_package_fires() {
        let text =
            "FROM python:3.13\nRUN pip install --upgrade pip setuptools==75.1 'flask[async]'\n";
        let found = findings(text, "DL3013");
        let words: Vec<&str> = found.iter().map(|d| d.range.slice(text)).collect();
        assert_eq!(words, ["pip", "'flask[async]'"]);
        for command in [
            "pip3 install requests",
            "python3 -m pip install requests",
            "pipx install poetry",
            "pipenv install requests",
            "uv pip install --system requests",
            "pip install git+https://github.com/a/b.git",
        ] {
            let text = format!("FROM a\nRUN {command}\n");
            assert_eq!(codes(&text, "DL3013"), [2], "{command}");
        }
    }

    #[test]
    fn pinned_and_non_registry_packages_pass() {
        for package in [
            "requests==2.32.3",
            "'requests>=2,<3'",
            "requests~=2.32",
            "\"requests[socks]==2.32.3 ; python_version >= '3.8'\"",
            "requests==$VERSION",
            "git+https://github.com/a/b.git@v1.2",
            "./dist/app-1.0-py3-none-any.whl",
            "/tmp/app.tar.gz",
            "https://example.com/app-1.0.tar.gz",
            "$PACKAGES",
        ] {
            let text = format!("FROM a\nRUN pip install {package}\n");
            assert!(codes(&text, "DL3013").is_empty(), "{package}");
        }
    }

    #[test]
    fn requirement_files_and_projects_exempt_the_command() {
        for command in [
            "pip install -r requirements.txt",
            "pip install --requirement=requirements.txt flask",
            "pip install -c constraints.txt flask",
            "pip install .",
            "pip install -e .",
            "pip install -e ./lib",
            "pip install --no-cache-dir --index-url https://x/simple -r req.txt",
            "pip download flask",
            "pip uninstall -y flask",
        ] {
            let text = format!("FROM a\nRUN {command}\n");
            assert!(codes(&text, "DL3013").is_empty(), "{command}");
        }
    }

    #[test]
    fn heredocs_onbuild_stages_and_pragmas() {
        let stages = "FROM a AS build\nRUN pip install flask\nFROM build\nRUN pip install flask\nFROM b\nRUN [\"true\"]\n";
        assert_eq!(codes(stages, "DL3013"), [2, 4], "every stage");
        assert_eq!(
            codes("FROM a\nRUN <<EOF\npip install flask\nEOF\n", "DL3013"),
            [3]
        );
        assert_eq!(
            codes("FROM a\nONBUILD RUN pip install flask\n", "DL3013"),
            [2]
        );
        assert!(codes(
            "FROM a\n# hadolint ignore=DL3013\nRUN pip install flask\n",
            "DL3013"
        )
        .is_empty());
    }
}
