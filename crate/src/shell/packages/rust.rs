//! cargo install/build/fetch/run.

use super::spec::{pinned, plain};
use super::{
    Action, CommandLine, FlagKind, Manager, PackageArg, PackageCommand, PackageSource, VersionPin,
};
use crate::shell::command::Invocation;
use crate::shell::options::OptionSpec;
use crate::shell::word::Word;

const SPEC: OptionSpec<'static> = OptionSpec::new(
    "FjpZ",
    &[
        "--version",
        "--vers",
        "--git",
        "--branch",
        "--tag",
        "--rev",
        "--path",
        "--root",
        "--index",
        "--registry",
        "--bin",
        "--example",
        "--features",
        "--target",
        "--target-dir",
        "--profile",
        "--jobs",
        "--manifest-path",
        "--package",
        "--config",
        "--color",
        "--message-format",
        "--lockfile-path",
    ],
);

pub(super) fn recognise(invocation: &Invocation) -> Option<PackageCommand> {
    let line = CommandLine::new(invocation, invocation.options(&SPEC));
    // `cargo +nightly build`: a toolchain override comes first.
    let first = usize::from(line.literal(0).is_some_and(|w| w.starts_with('+')));
    let action = match line.literal(first) {
        Some("install") => Action::Install,
        Some("add") => Action::Install,
        Some("remove" | "rm" | "uninstall") => Action::Remove,
        Some("build" | "b") => Action::Build,
        Some("fetch" | "vendor") => Action::Fetch,
        Some("run" | "r") => Action::Run,
        Some("update") => Action::Upgrade,
        _ => Action::Other,
    };
    let mut fact = line.fact(Manager::Cargo, action, line.subcommand(first, 1));
    if matches!(action, Action::Install | Action::Remove) {
        let version = line
            .parsed
            .options
            .iter()
            .rev()
            .find(|o| matches!(o.name.as_str(), "--version" | "--vers"))
            .and_then(|o| Some((o.name.clone(), o.value.clone()?)));
        let git = line.parsed.values(&["--git"]).into_iter().next().cloned();
        let reference = line
            .parsed
            .value(&["--tag", "--rev", "--branch"])
            .map(str::to_owned);
        let mut packages: Vec<PackageArg> = line
            .operands_from(first + 1)
            .iter()
            .map(|w| {
                let mut arg = package(w);
                if git.is_some() {
                    arg.source = PackageSource::Vcs {
                        reference: reference.clone(),
                    };
                } else if arg.version.is_none() {
                    if let Some((option, value)) = &version {
                        arg.version = Some(VersionPin {
                            operator: option.clone(),
                            version: value.text.clone(),
                            range: value.range,
                        });
                    }
                }
                arg
            })
            .collect();
        for value in line.parsed.values(&["--path"]) {
            packages.push(PackageArg {
                text: value.text.clone(),
                range: value.range,
                name: value.text.clone(),
                version: None,
                source: PackageSource::LocalPath,
                dynamic: value.dynamic,
            });
        }
        if packages.is_empty() {
            if let Some(url) = git {
                packages.push(PackageArg {
                    text: url.text.clone(),
                    range: url.range,
                    name: url.text.clone(),
                    version: None,
                    source: PackageSource::Vcs { reference },
                    dynamic: url.dynamic,
                });
            }
        }
        fact.packages = packages;
    }
    line.flags(&mut fact, FlagKind::Locked, &["--locked"]);
    line.flags(&mut fact, FlagKind::FrozenLockfile, &["--frozen"]);
    line.flags(&mut fact, FlagKind::Offline, &["--offline", "--frozen"]);
    line.flags(&mut fact, FlagKind::Release, &["--release", "-r"]);
    line.flags(&mut fact, FlagKind::Quiet, &["-q", "--quiet"]);
    line.flags(&mut fact, FlagKind::Force, &["-f", "--force"]);
    Some(fact)
}

/// `ripgrep`, `ripgrep@14.1.0`.
fn package(word: &Word) -> PackageArg {
    match word.value.find('@') {
        Some(at) if at > 0 => pinned(word, at, "@", at + 1),
        _ => plain(word, PackageSource::Registry),
    }
}
