//! pip (and uv, pipenv, poetry, pipx): installed packages and the wheel cache.

use super::{RunEnv, StageMemory};
use crate::shell::packages::{Action, FlagKind, Manager, PackageCommand, PackageSource};
use crate::size::estimate::{Estimate, MB};
use crate::size::fs::{self, Fs, Origin};
use crate::size::heuristics::Rule;
use crate::size::layer::{Draft, Part};

/// `Rule::PipInstall`: per requirement (dependencies included).
const PER_REQUIREMENT: Estimate = Estimate {
    bytes: 8 * MB,
    low: MB,
    high: Some(40 * MB),
};
/// `Rule::PipInstall`: a requirements file whose content is not given.
const UNKNOWN_REQUIREMENTS: Estimate = Estimate {
    bytes: 100 * MB,
    low: 20 * MB,
    high: Some(500 * MB),
};
/// `Rule::PythonVenv`.
pub(super) const VENV: Estimate = Estimate {
    bytes: 15 * MB,
    low: 5 * MB,
    high: Some(30 * MB),
};

/// Requirement lines of a requirements file: not blank, not a comment,
/// not an option (`-r other.txt` counts as unknown, `--hash` continuation
/// lines are skipped).
fn count_requirements(text: &str) -> (usize, bool) {
    let mut count = 0;
    let mut includes = false;
    let mut continued = false;
    for line in text.lines() {
        let trimmed = line.trim();
        let was_continued = continued;
        continued = trimmed.ends_with('\\');
        if was_continued || trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed.starts_with("-r") || trimmed.starts_with("--requirement") {
            includes = true;
            continue;
        }
        if trimmed.starts_with('-') {
            continue;
        }
        count += 1;
    }
    (count, includes)
}

/// Where pip puts packages: `--target`/`--prefix`/`--user`, the first
/// virtualenv whose `bin` is on PATH (or whose pip is called), else the
/// system site-packages.
fn install_dir(env: &RunEnv, memory: &StageMemory, package: &PackageCommand) -> String {
    for option in &package.options {
        if let Some(value) = &option.value {
            if matches!(
                option.name.as_str(),
                "-t" | "--target" | "--prefix" | "--root"
            ) && !value.dynamic
            {
                return env.path(&value.text);
            }
        }
    }
    if package.has(FlagKind::User) {
        return fs::join(&env.home, ".local");
    }
    let path_var = env.env.get("PATH").cloned().unwrap_or_default();
    for dir in path_var.split(':') {
        if let Some(venv) = dir.strip_suffix("/bin") {
            if memory.venvs.iter().any(|v| v == venv)
                || env.env.get("VIRTUAL_ENV").is_some_and(|v| v == venv)
            {
                return venv.to_string();
            }
        }
    }
    "/usr/local/lib/python3/site-packages".to_string()
}

pub(super) fn replay(
    draft: &mut Draft,
    fs: &Fs,
    memory: &mut StageMemory,
    env: &RunEnv,
    package: &PackageCommand,
) -> bool {
    if !matches!(
        package.action,
        Action::Install | Action::InstallDependencies
    ) {
        return matches!(package.action, Action::Other | Action::Run | Action::Remove);
    }
    let mut estimate = Estimate::ZERO;
    let mut described = Vec::new();
    for arg in &package.packages {
        match &arg.source {
            PackageSource::RequirementsFile if !arg.dynamic => {
                let path = env.path(&arg.name);
                let text = fs.get(&path).and_then(|e| match &e.origin {
                    Origin::Context(context_path) => env.files.get(context_path),
                    _ => None,
                });
                match text.map(|t| count_requirements(t)) {
                    Some((count, includes)) => {
                        estimate = estimate + PER_REQUIREMENT.scale(count as f64);
                        described.push(format!("{} ({count} requirements)", arg.name));
                        if includes {
                            estimate = estimate + UNKNOWN_REQUIREMENTS;
                        }
                    }
                    None => {
                        estimate = estimate + UNKNOWN_REQUIREMENTS;
                        described.push(format!("{} (content not given)", arg.name));
                    }
                }
            }
            PackageSource::ConstraintsFile => {}
            _ => {
                estimate = estimate + PER_REQUIREMENT;
                described.push(arg.name.clone());
            }
        }
    }
    if package.packages.is_empty() {
        // `pipenv install`, `poetry install`, `uv sync`: the project's lockfile.
        estimate = UNKNOWN_REQUIREMENTS;
        described.push("the project's dependencies".to_string());
    }
    let dir = install_dir(env, memory, package);
    let target = fs::join(
        &dir,
        &format!(
            "({}: {})",
            package.manager.command_name(),
            described.join(", ")
        ),
    );
    draft.write(
        target,
        Part::new(
            format!(
                "{} install {}",
                package.manager.command_name(),
                described.join(", ")
            ),
            estimate,
            Rule::PipInstall,
        ),
        true,
        Origin::Generated,
    );
    if keeps_cache(env, package) {
        let (cache, label) = match package.manager {
            Manager::Uv => (fs::join(&env.home, ".cache/uv"), "uv cache"),
            Manager::Pipenv => (fs::join(&env.home, ".cache/pipenv"), "pipenv cache"),
            Manager::Poetry => (fs::join(&env.home, ".cache/pypoetry"), "poetry cache"),
            _ => (
                fs::join(&env.home, ".cache/pip"),
                "pip cache (downloaded wheels)",
            ),
        };
        // Caches grow: this layer's wheels sit next to earlier ones.
        let cache = fs::join(&cache, &format!("(layer {})", draft.layer));
        let previous = draft.written(&cache).unwrap_or(Estimate::ZERO);
        draft.write(
            cache,
            Part::new(
                label,
                previous + estimate.scale_range(1.0 / 3.0, 1.0 / 2.6, 0.5),
                Rule::PipCache,
            ),
            true,
            Origin::Generated,
        );
        draft.note("pip keeps downloaded wheels unless --no-cache-dir or PIP_NO_CACHE_DIR is set");
    }
    true
}

fn keeps_cache(env: &RunEnv, package: &PackageCommand) -> bool {
    if package.has(FlagKind::NoCache) || package.manager == Manager::Pipx {
        return false;
    }
    let off = |v: &str| {
        !matches!(
            v.to_ascii_lowercase().as_str(),
            "" | "0" | "false" | "no" | "off"
        )
    };
    match package.manager {
        Manager::Uv => !env.env_is("UV_NO_CACHE", off),
        // pip reads PIP_NO_CACHE_DIR as a boolean where any non-false value disables the cache.
        _ => !env.env_is("PIP_NO_CACHE_DIR", off),
    }
}

#[cfg(test)]
mod tests {
    use super::count_requirements;

    #[test]
    fn requirements_are_counted() {
        let text = "# deps\nflask==3.0\n\nrequests \\\n  --hash=sha256:abc\n-r base.txt\n--index-url x\nnumpy\n";
        assert_eq!(count_requirements(text), (3, true));
    }
}
