//! apk (Alpine).

use super::spec::{has_extension, is_path, is_url, plain, split_operator};
use super::{
    Action, CommandLine, FlagKind, Manager, PackageArg, PackageCommand, PackageSource, VersionPin,
};
use crate::shell::command::Invocation;
use crate::shell::options::OptionSpec;
use crate::shell::word::Word;

const SPEC: OptionSpec<'static> = OptionSpec::new(
    "Xpt",
    &[
        "--repository",
        "--root",
        "--virtual",
        "--arch",
        "--cache-dir",
        "--keys-dir",
        "--repositories-file",
        "--timeout",
        "--progress-fd",
        "--cache-max-age",
        "--wait",
    ],
);

pub(super) fn recognise(invocation: &Invocation) -> Option<PackageCommand> {
    let line = CommandLine::new(invocation, invocation.options(&SPEC));
    let (action, words) = match line.literal(0) {
        Some("add") => (Action::Install, 1),
        Some("del") => (Action::Remove, 1),
        Some("update") => (Action::Update, 1),
        Some("upgrade") => (Action::Upgrade, 1),
        Some("fetch") => (Action::Fetch, 1),
        Some("cache") => match line.literal(1) {
            Some("clean" | "purge") => (Action::Clean, 2),
            Some("download" | "sync") => (Action::Fetch, 2),
            _ => (Action::Other, 1),
        },
        _ => (Action::Other, 1),
    };
    let mut fact = line.fact(Manager::Apk, action, line.subcommand(0, words));
    if matches!(action, Action::Install | Action::Remove | Action::Upgrade)
        || line.literal(0) == Some("fetch")
    {
        fact.packages = line
            .operands_from(words)
            .iter()
            .map(|w| package(w))
            .collect();
    }
    line.flags(&mut fact, FlagKind::NoCache, &["--no-cache"]);
    line.flags(
        &mut fact,
        FlagKind::RefreshIndex,
        &["-U", "--update-cache", "--update"],
    );
    line.flags(
        &mut fact,
        FlagKind::Upgrade,
        &["-u", "--upgrade", "-l", "--latest"],
    );
    line.flags(&mut fact, FlagKind::Virtual, &["-t", "--virtual"]);
    line.flags(&mut fact, FlagKind::Quiet, &["-q", "--quiet"]);
    line.flags(&mut fact, FlagKind::Insecure, &["--allow-untrusted"]);
    // Installs only from what is already on disk: nothing is downloaded.
    line.flags(&mut fact, FlagKind::Offline, &["--no-network"]);
    line.flags(
        &mut fact,
        FlagKind::Force,
        &["-f", "--force", "--force-overwrite", "--force-broken-world"],
    );
    line.flags(&mut fact, FlagKind::IgnoreScripts, &["--no-scripts"]);
    Some(fact)
}

/// `curl`, `curl=8.5.0-r0`, `curl~8.5`, `curl>=8`, `curl@edge`, `./x.apk`.
fn package(word: &Word) -> PackageArg {
    let value = &word.value;
    if is_url(value) {
        return plain(word, PackageSource::Url);
    }
    if is_path(value) || has_extension(value, &[".apk"]) {
        return plain(word, PackageSource::LocalPath);
    }
    // A repository tag (`@edge`) is not a version; drop it from the name.
    let name_limit = value.find('@').unwrap_or(value.len());
    let mut arg = match split_operator(value, &["=", "~", "<", ">", "<=", ">=", "~=", "><", "=~"]) {
        Some((name_end, operator, version_start)) if name_end > 0 => {
            let version_end = if name_limit > version_start {
                name_limit
            } else {
                value.len()
            };
            let mut arg = plain(word, PackageSource::Registry);
            arg.name = value[..name_end.min(name_limit)].to_owned();
            arg.version = Some(VersionPin {
                operator: operator.to_owned(),
                version: value[version_start..version_end].to_owned(),
                range: word.value_range(version_start, version_end),
            });
            arg
        }
        _ => plain(word, PackageSource::Registry),
    };
    if arg.version.is_none() {
        arg.name = value[..name_limit].to_owned();
    }
    if let Some(stripped) = arg.name.strip_prefix('!') {
        arg.name = stripped.to_owned();
    }
    arg
}

#[cfg(test)]
mod tests {
    use crate::shell::packages::{package_commands, FlagKind};
    use crate::shell::parse;

    #[test]
    fn no_network_is_offline() {
        let found = package_commands(&parse(
            "apk add --no-network --virtual .rundeps so:libc.musl",
        ));
        assert!(found[0].has(FlagKind::Offline));
        assert!(!found[0].has(FlagKind::NoCache));
        let found = package_commands(&parse("apk add curl"));
        assert!(!found[0].has(FlagKind::Offline));
    }
}
