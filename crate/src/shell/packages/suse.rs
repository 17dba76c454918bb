//! zypper (openSUSE, SLES).

use super::spec::{has_extension, is_path, is_url, plain, with_operators};
use super::{Action, CommandLine, FlagKind, Manager, PackageArg, PackageCommand, PackageSource};
use crate::shell::command::Invocation;
use crate::shell::options::OptionSpec;
use crate::shell::word::Word;

/// Global options and the common command options that take a value.
const SPEC: OptionSpec<'static> = OptionSpec::new(
    "cRDCtrp",
    &[
        "--config",
        "--root",
        "--reposd-dir",
        "--cache-dir",
        "--raw-cache-dir",
        "--solv-cache-dir",
        "--pkg-cache-dir",
        "--userdata",
        "--type",
        "--repo",
        "--from",
        "--download",
        "--plus-repo",
        "--plus-content",
    ],
);

pub(super) fn recognise(invocation: &Invocation) -> Option<PackageCommand> {
    let line = CommandLine::new(invocation, invocation.options(&SPEC));
    let action = match line.literal(0) {
        Some("install" | "in" | "source-install" | "si") => Action::Install,
        Some("remove" | "rm") => Action::Remove,
        Some("refresh" | "ref") => Action::Update,
        Some("update" | "up" | "dist-upgrade" | "dup" | "patch") => Action::Upgrade,
        Some("clean" | "cc") => Action::Clean,
        Some("download") => Action::Fetch,
        _ => Action::Other,
    };
    let mut fact = line.fact(Manager::Zypper, action, line.subcommand(0, 1));
    if matches!(
        action,
        Action::Install | Action::Remove | Action::Upgrade | Action::Fetch
    ) {
        fact.packages = line.operands_from(1).iter().map(|w| package(w)).collect();
    }
    line.flags(
        &mut fact,
        FlagKind::AssumeYes,
        &["-n", "--non-interactive", "-y", "--no-confirm"],
    );
    line.flags(&mut fact, FlagKind::Quiet, &["-q", "--quiet"]);
    line.flags(
        &mut fact,
        FlagKind::NoInstallRecommends,
        &["--no-recommends"],
    );
    line.flags(&mut fact, FlagKind::Insecure, &["--no-gpg-checks"]);
    line.flags(&mut fact, FlagKind::RefreshIndex, &["--refresh"]);
    line.flags(&mut fact, FlagKind::NoDocs, &["--no-docs"]);
    line.flags(
        &mut fact,
        FlagKind::Force,
        &["-f", "--force", "--force-resolution"],
    );
    Some(fact)
}

/// `vim`, `vim=9.0`, `vim>=9`, `./x.rpm`.
fn package(word: &Word) -> PackageArg {
    let value = &word.value;
    if is_url(value) {
        return plain(word, PackageSource::Url);
    }
    if is_path(value) || has_extension(value, &[".rpm"]) {
        return plain(word, PackageSource::LocalPath);
    }
    with_operators(word, &["=", "<", ">", "<=", ">="])
}
