//! Package-manager knowledge: the one place that turns shell commands into
//! facts such as "apt-get installs `curl` pinned to `7.88*`, with `-y`, without
//! `--no-install-recommends`".
//!
//! * [`package_command`] recognises apt-get/apt/aptitude, apk,
//!   dnf/yum/microdnf, zypper, pip/pip3/`python -m pip`/pipx/uv/pipenv/poetry,
//!   npm/yarn/pnpm/npx, gem/bundle, go, cargo, composer and mvn/gradle
//!   (including `./mvnw`, `./gradlew`).
//! * [`cleanups`] recognises cache and index removal (`rm -rf
//!   /var/lib/apt/lists/*`, `apt-get clean`, `yum clean all`, `npm cache clean
//!   --force`, `pip cache purge`, `rm -rf ~/.cache/pip`...).
//! * [`download`] recognises `curl` and `wget`; [`extraction`] recognises
//!   `tar x`, `unzip`, `gunzip` and friends.
//! * [`facts`] runs all of them over a script.
//!
//! Commands are looked at through their wrappers
//! ([`SimpleCommand::effective_command`]), so `sudo apt-get` and
//! `env DEBIAN_FRONTEND=noninteractive apt-get` count. Every package, flag
//! and path keeps the byte range it came from so fixes can target it.

mod alpine;
mod archive;
mod cleanup;
mod debian;
mod download;
mod golang;
mod jvm;
mod node;
mod php;
mod project;
mod python;
mod rpm;
mod ruby;
mod rust;
mod spec;
mod suse;

use crate::text::TextRange;

use super::ast::{Command, CommandId, Script, SimpleCommand};
use super::command::Invocation;
use super::options::{ParsedArgs, ParsedOption};
use super::word::Word;

pub use archive::{extraction, ArchiveTool, Extraction};
pub use cleanup::{cache_dirs, cleanups, CacheKind, Cleanup};
pub use download::{download, Download, DownloadOutput, DownloadTool};
pub use project::{
    builds_project, cache_location_variables, cache_mount_target, caches_filled,
    dependency_manifests, Manifests,
};
pub use python::{disables_pip_cache, PIP_NO_CACHE_DIR};
pub use spec::floating_version;

/// A package manager or build tool.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Manager {
    AptGet,
    Apt,
    Aptitude,
    Apk,
    Dnf,
    Yum,
    Microdnf,
    Zypper,
    Pip,
    Pipx,
    Uv,
    Pipenv,
    Poetry,
    Npm,
    Yarn,
    Pnpm,
    Npx,
    Gem,
    Bundler,
    Go,
    Cargo,
    Composer,
    Maven,
    Gradle,
}

/// The family a manager belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ecosystem {
    Debian,
    Alpine,
    RedHat,
    Suse,
    Python,
    Node,
    Ruby,
    Go,
    Rust,
    Php,
    Java,
}

impl Manager {
    /// The usual command name (`apt-get`, `pip`, `mvn`).
    pub fn command_name(self) -> &'static str {
        match self {
            Manager::AptGet => "apt-get",
            Manager::Apt => "apt",
            Manager::Aptitude => "aptitude",
            Manager::Apk => "apk",
            Manager::Dnf => "dnf",
            Manager::Yum => "yum",
            Manager::Microdnf => "microdnf",
            Manager::Zypper => "zypper",
            Manager::Pip => "pip",
            Manager::Pipx => "pipx",
            Manager::Uv => "uv",
            Manager::Pipenv => "pipenv",
            Manager::Poetry => "poetry",
            Manager::Npm => "npm",
            Manager::Yarn => "yarn",
            Manager::Pnpm => "pnpm",
            Manager::Npx => "npx",
            Manager::Gem => "gem",
            Manager::Bundler => "bundle",
            Manager::Go => "go",
            Manager::Cargo => "cargo",
            Manager::Composer => "composer",
            Manager::Maven => "mvn",
            Manager::Gradle => "gradle",
        }
    }

    pub fn ecosystem(self) -> Ecosystem {
        match self {
            Manager::AptGet | Manager::Apt | Manager::Aptitude => Ecosystem::Debian,
            Manager::Apk => Ecosystem::Alpine,
            Manager::Dnf | Manager::Yum | Manager::Microdnf => Ecosystem::RedHat,
            Manager::Zypper => Ecosystem::Suse,
            Manager::Pip | Manager::Pipx | Manager::Uv | Manager::Pipenv | Manager::Poetry => {
                Ecosystem::Python
            }
            Manager::Npm | Manager::Yarn | Manager::Pnpm | Manager::Npx => Ecosystem::Node,
            Manager::Gem | Manager::Bundler => Ecosystem::Ruby,
            Manager::Go => Ecosystem::Go,
            Manager::Cargo => Ecosystem::Rust,
            Manager::Composer => Ecosystem::Php,
            Manager::Maven | Manager::Gradle => Ecosystem::Java,
        }
    }

    /// A system package manager (installs OS packages).
    pub fn is_system(self) -> bool {
        matches!(
            self.ecosystem(),
            Ecosystem::Debian | Ecosystem::Alpine | Ecosystem::RedHat | Ecosystem::Suse
        )
    }
}

/// What a package-manager command does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Install named packages (`apt-get install x`, `npm install x`, `go install x@v`).
    Install,
    /// Install what a manifest or lockfile lists (`npm ci`, bare `npm install`,
    /// `yarn`, `bundle install`, `composer install`, `pipenv sync`, `uv sync`).
    InstallDependencies,
    /// Refresh the package index (`apt-get update`, `apk update`, `zypper refresh`, `dnf makecache`).
    Update,
    /// Upgrade installed packages (`apt-get upgrade`, `yum update`, `zypper dup`, `npm update`).
    Upgrade,
    /// Remove packages.
    Remove,
    /// Clear the manager's cache (`apt-get clean`, `yum clean all`, `npm cache clean`).
    Clean,
    /// Download without installing (`go mod download`, `cargo fetch`, `pnpm fetch`,
    /// `mvn dependency:go-offline`, `pip download`).
    Fetch,
    /// Build the project (`go build`, `cargo build`, `mvn package`, `gradle build`, `npm run build`).
    Build,
    /// Run a script or a package's binary (`npm run x`, `npx x`, `go run x@v`).
    Run,
    /// Anything else (`apt-cache`-like queries, `npm config`, ...).
    Other,
}

/// A recognised option (or environment variable) with a meaning rules care about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FlagKind {
    /// Prompts are answered yes: `-y`, `--yes`, `--assume-yes`, `--assumeyes`,
    /// `-qq` for apt-get, `-n`/`--non-interactive`/`--no-confirm` for zypper.
    AssumeYes,
    /// No prompts, for tools that are not installing (`mvn -B`, `composer -n`,
    /// `poetry -n`, `yarn --non-interactive`, `pip --no-input`).
    NonInteractive,
    Quiet,
    /// `--no-install-recommends`, `-o APT::Install-Recommends=false`, zypper
    /// `--no-recommends`, dnf `--setopt=install_weak_deps=False`.
    NoInstallRecommends,
    NoInstallSuggests,
    /// Nothing kept in the cache: apk `--no-cache`, pip `--no-cache-dir` or
    /// `PIP_NO_CACHE_DIR`, uv `--no-cache`, bundle/composer `--no-cache`.
    NoCache,
    /// No documentation: dnf/yum `--nodocs`, `--setopt=tsflags=nodocs`, gem `--no-document`.
    NoDocs,
    /// The index is refreshed as part of the command (apk `-U`/`--update`, dnf `--refresh`).
    RefreshIndex,
    /// apk `-t`/`--virtual NAME`.
    Virtual,
    /// Development dependencies left out: `--omit=dev`, `--only=production`,
    /// `--production`, `--prod`, `--no-dev`, `--without dev`, `NODE_ENV=production`.
    OmitDev,
    /// `--ignore-scripts`, composer `--no-scripts`.
    IgnoreScripts,
    /// The lockfile must not change: `--frozen-lockfile`, `--immutable`,
    /// cargo `--frozen`, bundle `--frozen`/`--deployment`, uv `--frozen`.
    FrozenLockfile,
    /// Versions come from the lockfile: cargo/uv `--locked`, pip `--require-hashes`.
    Locked,
    Offline,
    /// `-g`, `--global`, `yarn global`, `composer global`.
    Global,
    /// pip/gem `--user`, `--user-install`.
    User,
    /// pip `-U`/`--upgrade`, go get `-u`.
    Upgrade,
    Force,
    /// `--release` builds.
    Release,
    /// Signature or certificate checks disabled (`--allow-unauthenticated`,
    /// `--nogpgcheck`, `--no-gpg-checks`, `--allow-untrusted`, pip `--trusted-host`).
    Insecure,
    /// pip `--break-system-packages`.
    BreakSystemPackages,
    /// `-DskipTests`, `-Dmaven.test.skip=true`, gradle `-x test`.
    SkipTests,
    /// gradle `--no-daemon`.
    NoDaemon,
}

/// A recognised flag with where it was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    pub kind: FlagKind,
    /// The option (letter inside a bundle) or the `NAME=value` assignment.
    pub range: TextRange,
    /// The option name or environment variable as given (`-y`, `--no-cache`, `PIP_NO_CACHE_DIR`).
    pub source: String,
    /// Set through an inline environment variable rather than an option.
    pub from_env: bool,
}

/// Where a package comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PackageSource {
    /// A name looked up in the manager's registry or repositories.
    Registry,
    /// A local file or directory (`./x.deb`, `.`, `./dist/*.whl`, `--path .`).
    LocalPath,
    /// A URL to an archive.
    Url,
    /// A version-control reference (`git+https://...@v1`, `github:user/repo#v1`,
    /// `user/repo`, cargo `--git`), with the ref if one is given.
    Vcs { reference: Option<String> },
    /// pip `-r`/`--requirement`, uv `pip sync FILE`.
    RequirementsFile,
    /// pip `-c`/`--constraint`.
    ConstraintsFile,
    /// A package group (`@Development Tools`, `dnf group install x`).
    Group,
}

/// Whether a package is pinned to a version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PinStatus {
    Pinned,
    /// No version, or a floating one (`@latest`, `@none`).
    Unpinned,
    /// Pins do not apply (paths, URLs, requirement files, groups).
    NotApplicable,
    /// The word has a run-time expansion (`$PKGS`).
    Unknown,
}

/// A version as written after a package name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionPin {
    /// How it is attached: `=`, `==`, `>=`, `~=`, `@`, `:`, `-` (rpm), `/`
    /// (an apt release such as `bookworm-backports`: recorded, but not a
    /// version pin), or the option that gave it (`--version`, `-v`).
    pub operator: String,
    /// The version text (`7.88*`, `1.2.3`, `^4.17`, `latest`).
    pub version: String,
    pub range: TextRange,
}

/// One package argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageArg {
    /// The argument with quotes removed, as written.
    pub text: String,
    /// The whole argument (the option value for `-r file`).
    pub range: TextRange,
    /// The package name without version (the path or URL for non-registry sources).
    pub name: String,
    pub version: Option<VersionPin>,
    pub source: PackageSource,
    /// The argument has a run-time expansion.
    pub dynamic: bool,
}

impl PackageArg {
    pub fn pin_status(&self) -> PinStatus {
        if self.dynamic {
            return PinStatus::Unknown;
        }
        match &self.source {
            PackageSource::Registry => match &self.version {
                // An apt release (`vim/bookworm-backports`) picks a suite, not a version.
                Some(pin) if pin.operator != "/" && !floating_version(&pin.version) => {
                    PinStatus::Pinned
                }
                _ => PinStatus::Unpinned,
            },
            PackageSource::Vcs { reference } => {
                if reference.is_some() {
                    PinStatus::Pinned
                } else {
                    PinStatus::Unpinned
                }
            }
            _ => PinStatus::NotApplicable,
        }
    }

    pub fn is_pinned(&self) -> bool {
        self.pin_status() == PinStatus::Pinned
    }
}

/// The subcommand word (`install`, `i`, `dist-upgrade`, `cache clean`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subcommand {
    /// As written; two words joined with a space for `cache clean`, `group install`...
    pub text: String,
    pub range: TextRange,
}

/// A package-manager command and what it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageCommand {
    pub command: CommandId,
    /// The whole simple command.
    pub range: TextRange,
    pub manager: Manager,
    pub action: Action,
    pub subcommand: Option<Subcommand>,
    pub packages: Vec<PackageArg>,
    /// Scripts, goals or tasks named (`npm run build` → `build`,
    /// `mvn clean package` → `clean`, `package`).
    pub tasks: Vec<String>,
    /// Recognised flags.
    pub flags: Vec<Flag>,
    /// Every option as parsed, for anything the flags do not cover.
    pub options: Vec<ParsedOption>,
}

impl PackageCommand {
    pub fn has(&self, kind: FlagKind) -> bool {
        self.flags.iter().any(|f| f.kind == kind)
    }

    pub fn flag(&self, kind: FlagKind) -> Option<&Flag> {
        self.flags.iter().find(|f| f.kind == kind)
    }

    /// Whether the option `name` (`--no-cache`) was given.
    pub fn has_option(&self, name: &str) -> bool {
        self.options.iter().any(|o| o.name == name)
    }

    /// Registry and VCS packages without a version.
    pub fn unpinned(&self) -> impl Iterator<Item = &PackageArg> {
        self.packages
            .iter()
            .filter(|p| p.pin_status() == PinStatus::Unpinned)
    }

    /// Where a new option is best inserted: right after the subcommand, or
    /// after the command name.
    pub fn insertion_point(&self) -> usize {
        self.subcommand
            .as_ref()
            .map_or(self.range.start(), |s| s.range.end())
    }
}

/// Recognise a package-manager command.
pub fn package_command(command: &SimpleCommand) -> Option<PackageCommand> {
    let invocation = command.effective_command();
    let name = invocation.name()?;
    if invocation.name_word().is_some_and(|w| w.dynamic) {
        return None;
    }
    match name {
        "apt-get" | "apt" | "aptitude" => debian::recognise(&invocation, name),
        "apk" => alpine::recognise(&invocation),
        "dnf" | "dnf5" | "yum" | "microdnf" | "tdnf" => rpm::recognise(&invocation, name),
        "zypper" => suse::recognise(&invocation),
        "npm" | "yarn" | "yarnpkg" | "pnpm" | "npx" | "pnpx" => node::recognise(&invocation, name),
        "gem" | "bundle" | "bundler" => ruby::recognise(&invocation, name),
        "go" => golang::recognise(&invocation),
        "cargo" => rust::recognise(&invocation),
        "composer" | "composer.phar" => php::recognise(&invocation),
        "mvn" | "mvnw" | "gradle" | "gradlew" => jvm::recognise(&invocation, name),
        _ => python::recognise(&invocation, name),
    }
}

/// Every package-manager command of a script, in text order.
pub fn package_commands(script: &Script) -> Vec<PackageCommand> {
    script.commands.iter().filter_map(package_command).collect()
}

/// Everything this module knows about a script.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub packages: Vec<PackageCommand>,
    pub cleanups: Vec<Cleanup>,
    pub downloads: Vec<Download>,
    pub extractions: Vec<Extraction>,
}

impl Facts {
    /// Package commands of `manager` doing `action`.
    pub fn find(&self, manager: Manager, action: Action) -> impl Iterator<Item = &PackageCommand> {
        self.packages
            .iter()
            .filter(move |p| p.manager == manager && p.action == action)
    }

    /// Whether some cleanup removes `kind` entirely.
    pub fn cleans(&self, kind: CacheKind) -> bool {
        self.cleanups.iter().any(|c| c.target == kind && c.complete)
    }
}

/// Run every recogniser over a script.
pub fn facts(script: &Script) -> Facts {
    let mut facts = Facts::default();
    for command in &script.commands {
        if let Some(package) = package_command(command) {
            facts
                .cleanups
                .extend(cleanup::from_package_command(&package, command));
            facts.packages.push(package);
        }
        facts.cleanups.extend(cleanup::from_rm(command));
        if let Some(download) = download(command) {
            facts.downloads.push(download);
        }
        if let Some(extraction) = extraction(command) {
            facts.extractions.push(extraction);
        }
    }
    // A download piped into another command (`curl ... | sh`).
    for pipeline in script.pipelines() {
        for pair in pipeline.commands.windows(2) {
            if let [Command::Simple(from), Command::Simple(to)] = pair {
                let target = script
                    .command(*to)
                    .and_then(|c| c.effective_command().name().map(str::to_owned));
                if let Some(download) = facts.downloads.iter_mut().find(|d| d.command == *from) {
                    download.piped_to = target;
                }
            }
        }
    }
    facts
}

// ---- helpers shared by the recognisers ---------------------------------------

/// The parts of a command line most managers share: options anywhere, the
/// first operand is the subcommand, the rest are packages.
pub(crate) struct CommandLine<'a> {
    pub invocation: &'a Invocation<'a>,
    pub parsed: ParsedArgs<'a>,
}

impl<'a> CommandLine<'a> {
    pub fn new(invocation: &'a Invocation<'a>, parsed: ParsedArgs<'a>) -> Self {
        CommandLine { invocation, parsed }
    }

    pub fn operand(&self, index: usize) -> Option<&'a Word> {
        self.parsed.operands.get(index).copied()
    }

    /// The operand's literal value (`None` when dynamic or missing).
    pub fn literal(&self, index: usize) -> Option<&'a str> {
        self.operand(index).and_then(Word::literal)
    }

    pub fn operands_from(&self, index: usize) -> &[&'a Word] {
        self.parsed.operands.get(index..).unwrap_or(&[])
    }

    /// A subcommand made of operands `first..first + count`.
    pub fn subcommand(&self, first: usize, count: usize) -> Option<Subcommand> {
        let words = self.parsed.operands.get(first..first + count)?;
        let start = words.first()?.range;
        let end = words.last()?.range;
        Some(Subcommand {
            text: words
                .iter()
                .map(|w| w.value.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            range: start.cover(end),
        })
    }

    /// A new fact with no packages or flags yet.
    pub fn fact(
        &self,
        manager: Manager,
        action: Action,
        subcommand: Option<Subcommand>,
    ) -> PackageCommand {
        PackageCommand {
            command: self.invocation.command.id,
            range: self.invocation.command.range,
            manager,
            action,
            subcommand,
            packages: Vec::new(),
            tasks: Vec::new(),
            flags: Vec::new(),
            options: self.parsed.options.clone(),
        }
    }

    /// Add a flag of `kind` for each option named in `names`.
    pub fn flags(&self, fact: &mut PackageCommand, kind: FlagKind, names: &[&str]) {
        for option in self
            .parsed
            .options
            .iter()
            .filter(|o| names.contains(&o.name.as_str()))
        {
            fact.flags.push(flag_from_option(kind, option));
        }
    }

    /// Add a flag of `kind` for each option named in `names` whose value
    /// passes `accept` (options without a value pass when `accept("")` does).
    pub fn flags_with_value(
        &self,
        fact: &mut PackageCommand,
        kind: FlagKind,
        names: &[&str],
        accept: impl Fn(&str) -> bool,
    ) {
        for option in self
            .parsed
            .options
            .iter()
            .filter(|o| names.contains(&o.name.as_str()))
        {
            let value = option.value.as_ref().map_or("", |v| v.text.as_str());
            if accept(value) {
                fact.flags.push(flag_from_option(kind, option));
            }
        }
    }

    /// Add a flag of `kind` if the environment variable `name` is set inline
    /// and its value passes `accept`.
    pub fn env_flag(
        &self,
        fact: &mut PackageCommand,
        kind: FlagKind,
        name: &str,
        accept: impl Fn(&str) -> bool,
    ) {
        if let Some(var) = self.invocation.env.iter().rev().find(|v| v.name == name) {
            if accept(var.value) {
                fact.flags.push(Flag {
                    kind,
                    range: var.range,
                    source: name.to_owned(),
                    from_env: true,
                });
            }
        }
    }
}

pub(crate) fn flag_from_option(kind: FlagKind, option: &ParsedOption) -> Flag {
    Flag {
        kind,
        range: option.range,
        source: option.name.clone(),
        from_env: false,
    }
}

/// A boolean option value that means "off" (`--production=false`).
pub(crate) fn is_false(value: &str) -> bool {
    matches!(
        value.to_ascii_lowercase().as_str(),
        "false" | "0" | "no" | "off"
    )
}

/// A boolean option value that means "on", or no value at all.
pub(crate) fn is_true_or_empty(value: &str) -> bool {
    value.is_empty() || !is_false(value)
}
