//! apt-get, apt and aptitude.

use super::spec::{has_extension, is_path, is_url, pinned, plain};
use super::{Action, CommandLine, FlagKind, Manager, PackageArg, PackageCommand, PackageSource};
use crate::shell::command::Invocation;
use crate::shell::options::OptionSpec;
use crate::shell::word::Word;

const SPEC: OptionSpec<'static> = OptionSpec::new(
    "octaP",
    &[
        "--option",
        "--config-file",
        "--target-release",
        "--default-release",
        "--host-architecture",
        "--build-profiles",
    ],
);

pub(super) fn recognise(invocation: &Invocation, name: &str) -> Option<PackageCommand> {
    let manager = match name {
        "apt-get" => Manager::AptGet,
        "apt" => Manager::Apt,
        _ => Manager::Aptitude,
    };
    let line = CommandLine::new(invocation, invocation.options(&SPEC));
    let action = match line.literal(0) {
        Some("install" | "reinstall" | "build-dep" | "satisfy") => Action::Install,
        Some("update") => Action::Update,
        Some("upgrade" | "dist-upgrade" | "full-upgrade" | "safe-upgrade") => Action::Upgrade,
        Some("remove" | "purge" | "autoremove" | "autopurge") => Action::Remove,
        // `dist-clean` (apt 2.7+) also deletes the package lists.
        Some("clean" | "autoclean" | "dist-clean") => Action::Clean,
        Some("source" | "download") => Action::Fetch,
        _ => Action::Other,
    };
    let mut fact = line.fact(manager, action, line.subcommand(0, 1));
    if matches!(
        action,
        Action::Install | Action::Remove | Action::Upgrade | Action::Fetch
    ) {
        fact.packages = line.operands_from(1).iter().map(|w| package(w)).collect();
    }
    line.flags(
        &mut fact,
        FlagKind::AssumeYes,
        &["-y", "--yes", "--assume-yes", "--force-yes"],
    );
    line.flags(&mut fact, FlagKind::Quiet, &["-q", "--quiet", "--silent"]);
    // `-qq` (quiet level 2) implies `-y` for apt-get.
    let quiet_level: usize = line
        .parsed
        .options
        .iter()
        .filter(|o| matches!(o.name.as_str(), "-q" | "--quiet"))
        .map(|o| match o.value.as_ref().map(|v| v.text.as_str()) {
            Some(level) => level.parse().unwrap_or(1),
            None => 1,
        })
        .sum();
    if quiet_level >= 2 && manager == Manager::AptGet && !fact.has(FlagKind::AssumeYes) {
        let quiet = line
            .parsed
            .options
            .iter()
            .rev()
            .find(|o| matches!(o.name.as_str(), "-q" | "--quiet"));
        if let Some(option) = quiet {
            fact.flags
                .push(super::flag_from_option(FlagKind::AssumeYes, option));
        }
    }
    line.flags(
        &mut fact,
        FlagKind::NoInstallRecommends,
        &["--no-install-recommends"],
    );
    line.flags(
        &mut fact,
        FlagKind::NoInstallSuggests,
        &["--no-install-suggests"],
    );
    line.flags(
        &mut fact,
        FlagKind::Insecure,
        &["--allow-unauthenticated", "--allow-insecure-repositories"],
    );
    line.flags(
        &mut fact,
        FlagKind::Force,
        &[
            "--allow-downgrades",
            "--allow-remove-essential",
            "--allow-change-held-packages",
        ],
    );
    line.flags(&mut fact, FlagKind::Upgrade, &["--only-upgrade"]);
    // `-o APT::Install-Recommends=false`, `-o APT::Get::Assume-Yes=true`.
    line.flags_with_value(
        &mut fact,
        FlagKind::NoInstallRecommends,
        &["-o", "--option"],
        |v| config_is(v, "apt::install-recommends", super::is_false),
    );
    line.flags_with_value(
        &mut fact,
        FlagKind::NoInstallSuggests,
        &["-o", "--option"],
        |v| config_is(v, "apt::install-suggests", super::is_false),
    );
    line.flags_with_value(&mut fact, FlagKind::AssumeYes, &["-o", "--option"], |v| {
        config_is(v, "apt::get::assume-yes", |value| !super::is_false(value))
    });
    Some(fact)
}

/// `-o KEY=VALUE` sets `key` (case-insensitive) to a value passing `accept`.
fn config_is(option: &str, key: &str, accept: impl Fn(&str) -> bool) -> bool {
    option
        .split_once('=')
        .is_some_and(|(k, v)| k.trim().eq_ignore_ascii_case(key) && accept(v.trim()))
}

/// `curl`, `curl=7.88*`, `curl/bookworm-backports`, `./x.deb`.
fn package(word: &Word) -> PackageArg {
    let value = &word.value;
    if is_url(value) {
        return plain(word, PackageSource::Url);
    }
    if is_path(value) || has_extension(value, &[".deb"]) {
        return plain(word, PackageSource::LocalPath);
    }
    if let Some(eq) = value.find('=') {
        if eq > 0 {
            return pinned(word, eq, "=", eq + 1);
        }
    }
    if let Some(slash) = value.find('/') {
        if slash > 0 {
            return pinned(word, slash, "/", slash + 1);
        }
    }
    plain(word, PackageSource::Registry)
}
