use super::assume_yes::verb_range;
use super::shell_runs::{
    cache_locations, covers, editable, insert_after, is_scratch_mount, normalise_path, run_sites,
};
use crate::diagnostic::Diagnostic;
use crate::dockerfile::syntax::mount::Mount;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::{disables_pip_cache, CacheKind, FlagKind, Manager, PIP_NO_CACHE_DIR};

crate::declare_rule! {
    /// ## What it does
    /// Flags `pip install` (`pip3`, `pip3.12`, `python -m pip`) that keeps
    /// pip's download and wheel cache in the image: no `--no-cache-dir`, no
    /// `PIP_NO_CACHE_DIR` (set inline, `env PIP_NO_CACHE_DIR=1 pip …`, or by
    /// an `ENV`/`ARG` earlier in the stage or its parent stages), and no
    /// `--mount=type=cache` or `type=tmpfs` over the cache directory
    /// (`~/.cache/pip`, or the `--cache-dir` / `PIP_CACHE_DIR` in use).
    ///
    /// pipx, pipenv, poetry and uv manage their own environments and are not
    /// reported.
    ///
    /// ## Why is this bad?
    /// pip keeps every downloaded archive and built wheel under
    /// `~/.cache/pip`. In an image that cache is dead weight, often larger
    /// than the installed packages themselves.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install requests==2.32.3
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir requests==2.32.3
    /// ```
    ///
    /// or keep the cache between builds without shipping it:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN --mount=type=cache,target=/root/.cache/pip pip install requests==2.32.3
    /// ```
    ///
    /// ## Fix
    /// Adds `--no-cache-dir` after `install`.
    ///
    /// ## References
    /// - [hadolint DL3042](https://github.com/hadolint/hadolint/wiki/DL3042)
    /// - [pip caching](https://pip.pypa.io/en/stable/topics/caching/)
    /// - [Cache mounts](https://docs.docker.com/build/cache/optimize/#use-cache-mounts)
    pub struct PipCacheDir {
        code: "DL3042",
        name: "pip-cache-dir",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Size,
        summary: "Avoid use of cache directory with pip",
        url: "https://github.com/hadolint/hadolint/wiki/DL3042",
    }
}

impl DockerfileRule for PipCacheDir {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for site in run_sites(checker) {
            // The environment of a top-level RUN; a trigger runs in a child
            // image whose environment is unknown here.
            let env: Vec<(String, String)> = match checker.step(site.index) {
                Some((stage, step)) if !site.is_trigger() => stage
                    .env_at(&step.state)
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                _ => Vec::new(),
            };
            let env_value = |name: &str| {
                env.iter()
                    .rev()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.as_str())
            };
            if env_value(PIP_NO_CACHE_DIR).is_some_and(disables_pip_cache) {
                continue;
            }
            let mounts = site.mounts(checker);
            for (script, package) in site.package_commands() {
                let install = package
                    .subcommand
                    .as_ref()
                    .is_some_and(|s| s.text == "install");
                if package.manager != Manager::Pip || !install || package.has(FlagKind::NoCache) {
                    continue;
                }
                let Some(command) = script.script.command(package.command) else {
                    continue;
                };
                let cache_dir = package
                    .options
                    .iter()
                    .rev()
                    .find(|o| o.name == "--cache-dir")
                    .and_then(|o| o.value.as_ref().map(|v| v.text.clone()))
                    .or_else(|| {
                        command
                            .effective_command()
                            .env_value("PIP_CACHE_DIR")
                            .map(str::to_string)
                    })
                    .or_else(|| env_value("PIP_CACHE_DIR").map(str::to_string));
                if mounts
                    .iter()
                    .any(|m| mount_holds_cache(m, cache_dir.as_deref()))
                {
                    continue;
                }
                let mut diagnostic = checker.diagnostic(
                    &Self::META,
                    verb_range(script, &package),
                    "Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`",
                );
                if editable(command) {
                    if let Some(subcommand) = &package.subcommand {
                        diagnostic = diagnostic.with_fix(insert_after(
                            script,
                            subcommand.range,
                            "--no-cache-dir",
                            "Add `--no-cache-dir`",
                        ));
                    }
                }
                out.push(diagnostic);
            }
        }
    }
}

/// Whether a cache or tmpfs mount keeps pip's cache out of the layer: it
/// covers `cache_dir` when one is set, otherwise any home's `.cache/pip`.
fn mount_holds_cache(mount: &Mount, cache_dir: Option<&str>) -> bool {
    let Some(target) = mount.target().filter(|_| is_scratch_mount(mount)) else {
        return false;
    };
    if let Some(dir) = cache_dir {
        return covers(&target.text, dir);
    }
    let target = normalise_path(&target.text);
    cache_locations(&[CacheKind::PipCache])
        .iter()
        .any(|dir| covers(&target, dir))
        || target.ends_with("/.cache/pip")
        || target.ends_with("/.cache")
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{assert_fixed, codes, findings};

    #[test]
    fn fires_on_pip_install_with_a_cache() {
        let text = "FROM python:3.12\nRUN pip install --upgrade pip\n";
        assert_eq!(findings(text, "DL3042")[0].range.slice(text), "pip install");
        for run in [
            "pip3 install -r requirements.txt",
            "python3 -m pip install flask==3.0.0",
            "sudo pip install x==1",
            "PIP_NO_CACHE_DIR=0 pip install x==1",
        ] {
            assert_eq!(
                codes(&format!("FROM a\nRUN {run}\n"), "DL3042"),
                [2],
                "{run}"
            );
        }
        assert_eq!(codes("FROM a\nONBUILD RUN pip install x\n", "DL3042"), [2]);
        assert_eq!(
            codes("FROM a\nRUN <<EOF\npip install x\nEOF\n", "DL3042"),
            [3]
        );
        // The ENV of another stage does not apply.
        assert_eq!(
            codes(
                "FROM a AS one\nENV PIP_NO_CACHE_DIR=1\nFROM b\nRUN pip install x\n",
                "DL3042"
            ),
            [4]
        );
    }

    #[test]
    fn quiet_without_a_cache() {
        for text in [
            "FROM a\nRUN pip install --no-cache-dir x\n",
            "FROM a\nRUN PIP_NO_CACHE_DIR=1 pip install x\n",
            "FROM a\nRUN env PIP_NO_CACHE_DIR=true pip install x\n",
            "FROM a\nENV PIP_NO_CACHE_DIR=1\nRUN pip install x\n",
            "FROM a\nARG PIP_NO_CACHE_DIR=yes\nRUN pip install x\n",
            "FROM a AS base\nENV PIP_NO_CACHE_DIR=on\nFROM base\nRUN pip install x\n",
            "FROM a\nRUN --mount=type=cache,target=/root/.cache/pip pip install x\n",
            "FROM a\nRUN --mount=type=cache,target=/root/.cache pip install x\n",
            "FROM a\nRUN --mount=type=tmpfs,target=/home/app/.cache/pip pip install x\n",
            "FROM a\nRUN --mount=type=cache,target=/pipcache pip install --cache-dir /pipcache x\n",
            "FROM a\nRUN pipx install black\n",
            "FROM a\nRUN pipenv install\n",
            "FROM a\nRUN pip download x\n",
            "FROM a\n# hadolint ignore=DL3042\nRUN pip install x\n",
        ] {
            assert!(codes(text, "DL3042").is_empty(), "{text}");
        }
        // A bind mount does not keep the cache out of the layer.
        assert_eq!(
            codes(
                "FROM a\nRUN --mount=type=bind,target=/root/.cache/pip pip install x\n",
                "DL3042"
            ),
            [2]
        );
    }

    #[test]
    fn fix_adds_no_cache_dir() {
        assert_fixed(
            "FROM a\nRUN python -m pip install x==1\n",
            "DL3042",
            "FROM a\nRUN python -m pip install --no-cache-dir x==1\n",
        );
    }
}
