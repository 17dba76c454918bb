//! composer.

use super::spec::{has_extension, is_path, is_url, pinned, plain, split_operator};
use super::{
    Action, CommandLine, FlagKind, Manager, PackageArg, PackageCommand, PackageSource, VersionPin,
};
use crate::shell::command::Invocation;
use crate::shell::options::OptionSpec;
use crate::shell::word::Word;

const SPEC: OptionSpec<'static> = OptionSpec::new(
    "d",
    &[
        "--working-dir",
        "--ignore-platform-req",
        "--prefer-install",
        "--stability",
        "--repository",
        "--repository-url",
        "--audit-format",
    ],
);

pub(super) fn recognise(invocation: &Invocation) -> Option<PackageCommand> {
    let line = CommandLine::new(invocation, invocation.options(&SPEC));
    let global = line.literal(0) == Some("global");
    let first = usize::from(global);
    let action = match line.literal(first) {
        Some("install" | "i") => Action::InstallDependencies,
        Some("require" | "r" | "create-project") => Action::Install,
        Some("update" | "u" | "upgrade") => Action::Upgrade,
        Some("remove" | "rm" | "uninstall") => Action::Remove,
        Some("clear-cache" | "clearcache" | "cc") => Action::Clean,
        Some("dump-autoload" | "dumpautoload") => Action::Build,
        Some("run-script" | "run" | "exec") => Action::Run,
        _ => Action::Other,
    };
    let mut fact = line.fact(Manager::Composer, action, line.subcommand(0, first + 1));
    if matches!(action, Action::Install | Action::Upgrade | Action::Remove) {
        fact.packages = packages(line.operands_from(first + 1));
    }
    if global {
        if let Some(word) = line.operand(0) {
            fact.flags.push(super::Flag {
                kind: FlagKind::Global,
                range: word.range,
                source: "global".into(),
                from_env: false,
            });
        }
    }
    line.flags(
        &mut fact,
        FlagKind::OmitDev,
        &["--no-dev", "--update-no-dev"],
    );
    line.flags(
        &mut fact,
        FlagKind::NonInteractive,
        &["-n", "--no-interaction"],
    );
    line.flags(&mut fact, FlagKind::IgnoreScripts, &["--no-scripts"]);
    line.flags(&mut fact, FlagKind::NoCache, &["--no-cache"]);
    line.flags(&mut fact, FlagKind::Quiet, &["-q", "--quiet"]);
    line.env_flag(
        &mut fact,
        FlagKind::OmitDev,
        "COMPOSER_NO_DEV",
        super::is_true_or_empty,
    );
    Some(fact)
}

/// `vendor/pkg`, `vendor/pkg:^1.0`, `vendor/pkg=1.0`, `"vendor/pkg ^1.0"`,
/// or a name followed by a version word (`vendor/pkg 1.0`).
fn packages(words: &[&Word]) -> Vec<PackageArg> {
    let mut packages: Vec<PackageArg> = Vec::new();
    for word in words {
        let value = word.value.as_str();
        let previous_unversioned = packages
            .last()
            .is_some_and(|p| p.version.is_none() && p.source == PackageSource::Registry);
        if previous_unversioned && !value.contains('/') && looks_like_constraint(value) {
            if let Some(previous) = packages.last_mut() {
                previous.version = Some(VersionPin {
                    operator: " ".into(),
                    version: value.to_owned(),
                    range: word.range,
                });
            }
            continue;
        }
        if is_url(value) {
            packages.push(plain(word, PackageSource::Url));
        } else if is_path(value) || has_extension(value, &[".zip", ".tar.gz"]) {
            packages.push(plain(word, PackageSource::LocalPath));
        } else {
            packages.push(match split_operator(value, &[":", "=", " "]) {
                Some((name_end, op, version_start)) if name_end > 0 => {
                    pinned(word, name_end, op, version_start)
                }
                _ => plain(word, PackageSource::Registry),
            });
        }
    }
    packages
}

fn looks_like_constraint(value: &str) -> bool {
    value.starts_with(|c: char| c.is_ascii_digit() || "^~<>=*v".contains(c))
        || value.starts_with("dev-")
}
