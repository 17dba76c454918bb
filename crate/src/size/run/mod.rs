//! RUN: what a shell script leaves in its layer.
//!
//! The commands of the RUN (from `shell::parse`, wrappers such as `sudo`
//! looked through, nested `sh -c` strings included) are replayed in text
//! order against a [`Draft`]: installs and downloads write, `rm` and the
//! managers' own cleans delete, `chmod -R` rewrites. Package-manager facts
//! come from `shell::packages`; this module only adds the sizes.
//! Control flow (`||`, `if`) is ignored: every command is assumed to run.

mod fsops;
mod node;
mod python;
mod system;
mod toolchain;

use super::base::BaseInfo;
use super::estimate::Estimate;
use super::fs::{self, Fs};
use super::heuristics::Rule;
use super::layer::{Draft, Part};
use crate::context::ContextFilter;
use crate::shell::packages::{self, Action, CacheKind, Manager, PackageCommand};
use crate::shell::{Script, SimpleCommand};
use std::collections::{BTreeMap, BTreeSet};

/// What a RUN runs in.
pub struct RunEnv<'a> {
    /// The working directory (changes with `cd`).
    pub cwd: String,
    /// The user's home (`/root` unless `USER` says otherwise).
    pub home: String,
    /// The stage's environment (Dockerfile ENV and ARG values).
    pub env: BTreeMap<String, String>,
    /// The image at the root of the stage chain.
    pub base: Option<&'a BaseInfo>,
    pub filter: Option<&'a ContextFilter>,
    /// Contents of context files, by context path.
    pub files: &'a BTreeMap<String, String>,
    /// `apt-mark auto` ran earlier in this RUN: an autoremove then removes
    /// what this RUN installed (the official images' build-deps pattern).
    pub apt_marked_auto: bool,
}

impl RunEnv<'_> {
    fn base_family(&self) -> Option<&'static str> {
        self.base.and_then(|b| b.entry).map(|e| e.family)
    }

    /// An absolute path for a word of the script.
    fn path(&self, word: &str) -> String {
        fs::absolute(&self.cwd, word, &self.home)
    }

    /// A word's value, with `$NAME`/`${NAME}` replaced from the stage's
    /// environment; `None` when it needs anything else at run time
    /// (command substitution, an unset variable, `${X:-y}`).
    fn word(&self, word: &crate::shell::Word) -> Option<String> {
        if !word.dynamic {
            return Some(word.value.clone());
        }
        expand_simple(&word.value, &self.env)
    }

    fn env_is(&self, name: &str, accept: impl Fn(&str) -> bool) -> bool {
        self.env.get(name).is_some_and(|v| accept(v))
    }

    /// Where a cache lives in the image.
    fn cache_path(&self, kind: CacheKind) -> String {
        let home = |rest: &str| fs::join(&self.home, rest);
        match kind {
            CacheKind::AptLists => "/var/lib/apt/lists".into(),
            CacheKind::AptArchives => "/var/cache/apt".into(),
            CacheKind::ApkCache => "/var/cache/apk".into(),
            CacheKind::YumCache => "/var/cache/yum".into(),
            CacheKind::DnfCache => "/var/cache/dnf".into(),
            CacheKind::ZypperCache => "/var/cache/zypp".into(),
            CacheKind::PipCache => home(".cache/pip"),
            CacheKind::UvCache => home(".cache/uv"),
            CacheKind::NpmCache => home(".npm"),
            CacheKind::YarnCache => node::yarn_cache(self),
            CacheKind::PnpmStore => home(".local/share/pnpm/store"),
            CacheKind::GemCache => home(".gem"),
            CacheKind::ComposerCache => home(".composer/cache"),
            CacheKind::GoBuildCache => toolchain::go_cache(self),
            CacheKind::GoModCache => toolchain::go_mod_cache(self),
            CacheKind::CargoRegistry => fs::join(&toolchain::cargo_home(self), "registry"),
            CacheKind::Temp => "/tmp".into(),
        }
    }
}

/// `$NAME` and `${NAME}` from `env`; anything fancier gives `None`.
fn expand_simple(text: &str, env: &BTreeMap<String, String>) -> Option<String> {
    if text.contains("$(") || text.contains('`') {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        let after = &rest[dollar + 1..];
        let (name, consumed) = if let Some(braced) = after.strip_prefix('{') {
            let end = braced.find('}')?;
            (&braced[..end], end + 2)
        } else {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..end], end)
        };
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return None;
        }
        out.push_str(env.get(name)?);
        rest = &after[consumed..];
    }
    out.push_str(rest);
    Some(out)
}

/// Per-stage memory RUNs share (apk virtual groups, virtualenvs).
#[derive(Clone, Debug, Default)]
pub struct StageMemory {
    /// `apk add --virtual NAME …`: the paths the group installed.
    pub apk_groups: BTreeMap<String, Vec<String>>,
    /// Virtual environments created (`python -m venv DIR`).
    pub venvs: Vec<String>,
}

/// What a RUN did beyond its draft, for the report.
#[derive(Clone, Debug, Default)]
pub struct RunSummary {
    /// System package managers the RUN calls (apt, apk, dnf…).
    pub system_managers: BTreeSet<&'static str>,
    /// Command names no rule knows.
    pub unknown_commands: BTreeSet<String>,
}

/// Replay the scripts of one RUN into `draft`.
pub fn replay(
    draft: &mut Draft,
    fs: &Fs,
    memory: &mut StageMemory,
    env: &mut RunEnv,
    scripts: &[&Script],
) -> RunSummary {
    let mut summary = RunSummary::default();
    for script in scripts {
        for command in &script.commands {
            replay_command(draft, fs, memory, env, command, &mut summary);
        }
    }
    if !summary.unknown_commands.is_empty() {
        let names: Vec<&str> = summary
            .unknown_commands
            .iter()
            .map(String::as_str)
            .collect();
        draft.pathless(Part::new(
            format!("output of {}", names.join(", ")),
            Estimate::UNKNOWN,
            Rule::UnknownCommand,
        ));
        draft.note(format!(
            "no size rule for {}: override this layer if it writes files",
            names.join(", ")
        ));
    }
    summary
}

fn replay_command(
    draft: &mut Draft,
    fs: &Fs,
    memory: &mut StageMemory,
    env: &mut RunEnv,
    command: &SimpleCommand,
    summary: &mut RunSummary,
) {
    let invocation = command.effective_command();
    let Some(name) = invocation.name() else {
        return;
    };
    if let Some(package) = packages::package_command(command) {
        if package.manager.is_system() {
            summary.system_managers.insert(system_name(package.manager));
        }
        replay_package(draft, fs, memory, env, command, &package, summary);
        return;
    }
    if !fsops::replay(draft, fs, memory, env, command, name) {
        summary.unknown_commands.insert(name.to_string());
    }
}

fn system_name(manager: Manager) -> &'static str {
    match manager {
        Manager::AptGet | Manager::Apt | Manager::Aptitude => "apt",
        Manager::Apk => "apk",
        Manager::Dnf => "dnf",
        Manager::Yum => "yum",
        Manager::Microdnf => "microdnf",
        Manager::Zypper => "zypper",
        other => other.command_name(),
    }
}

fn replay_package(
    draft: &mut Draft,
    fs: &Fs,
    memory: &mut StageMemory,
    env: &mut RunEnv,
    command: &SimpleCommand,
    package: &PackageCommand,
    summary: &mut RunSummary,
) {
    if package.action == Action::Clean {
        for cleanup in packages::cleanups(command) {
            if cleanup.complete {
                let path = env.cache_path(cleanup.target);
                draft.delete(fs, &path);
            }
        }
        return;
    }
    let handled = match package.manager {
        Manager::AptGet
        | Manager::Apt
        | Manager::Aptitude
        | Manager::Apk
        | Manager::Dnf
        | Manager::Yum
        | Manager::Microdnf
        | Manager::Zypper => system::replay(draft, fs, memory, env, package),
        Manager::Pip | Manager::Pipx | Manager::Uv | Manager::Pipenv | Manager::Poetry => {
            python::replay(draft, fs, memory, env, package)
        }
        Manager::Npm | Manager::Yarn | Manager::Pnpm | Manager::Npx => {
            node::replay(draft, fs, env, package)
        }
        Manager::Go | Manager::Cargo => toolchain::replay(draft, fs, env, package),
        Manager::Gem | Manager::Bundler | Manager::Composer | Manager::Maven | Manager::Gradle => {
            false
        }
    };
    if !handled {
        summary
            .unknown_commands
            .insert(package.manager.command_name().to_string());
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod expand_tests {
    use super::expand_simple;
    use std::collections::BTreeMap;

    #[test]
    fn simple_variables_only() {
        let env: BTreeMap<String, String> = [("V".to_string(), "/opt/venv".to_string())]
            .into_iter()
            .collect();
        assert_eq!(
            expand_simple("$V/bin", &env).as_deref(),
            Some("/opt/venv/bin")
        );
        assert_eq!(expand_simple("${V}x", &env).as_deref(), Some("/opt/venvx"));
        assert_eq!(expand_simple("$MISSING", &env), None);
        assert_eq!(expand_simple("${V:-x}", &env), None);
        assert_eq!(expand_simple("$(pwd)", &env), None);
        assert_eq!(expand_simple("${V", &env), None);
    }
}
