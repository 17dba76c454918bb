//! gem and bundle.

use super::spec::{has_extension, is_path, is_url, pinned, plain};
use super::{
    is_true_or_empty, Action, CommandLine, FlagKind, Manager, PackageArg, PackageCommand,
    PackageSource, VersionPin,
};
use crate::shell::command::Invocation;
use crate::shell::options::OptionSpec;
use crate::shell::word::Word;

const GEM_SPEC: OptionSpec<'static> = OptionSpec::new(
    "visnPB",
    &[
        "--version",
        "--install-dir",
        "--bindir",
        "--source",
        "--trust-policy",
        "--platform",
        "--build-root",
        "--config-file",
    ],
);

const BUNDLE_SPEC: OptionSpec<'static> = OptionSpec::new(
    "jg",
    &[
        "--jobs",
        "--retry",
        "--path",
        "--without",
        "--with",
        "--gemfile",
        "--standalone",
        "--trust-policy",
        "--target-rbconfig",
    ],
);

pub(super) fn recognise(invocation: &Invocation, name: &str) -> Option<PackageCommand> {
    if name == "gem" {
        gem(invocation)
    } else {
        bundle(invocation)
    }
}

fn gem(invocation: &Invocation) -> Option<PackageCommand> {
    let line = CommandLine::new(invocation, invocation.options(&GEM_SPEC));
    let action = match line.literal(0) {
        Some("install" | "i") => Action::Install,
        Some("update") => Action::Upgrade,
        Some("uninstall") => Action::Remove,
        Some("cleanup") => Action::Clean,
        Some("fetch") => Action::Fetch,
        Some("build") => Action::Build,
        _ => Action::Other,
    };
    let mut fact = line.fact(Manager::Gem, action, line.subcommand(0, 1));
    if matches!(
        action,
        Action::Install | Action::Upgrade | Action::Remove | Action::Fetch
    ) {
        let version = line
            .parsed
            .options
            .iter()
            .rev()
            .find(|o| matches!(o.name.as_str(), "-v" | "--version"))
            .and_then(|o| Some((o.name.clone(), o.value.clone()?)));
        fact.packages = line
            .operands_from(1)
            .iter()
            .map(|w| {
                let mut arg = gem_package(w);
                if arg.version.is_none() && arg.source == PackageSource::Registry {
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
    }
    line.flags(
        &mut fact,
        FlagKind::NoDocs,
        &["-N", "--no-document", "--no-doc", "--no-rdoc", "--no-ri"],
    );
    line.flags(&mut fact, FlagKind::User, &["--user-install"]);
    line.flags(&mut fact, FlagKind::Quiet, &["-q", "--quiet", "--silent"]);
    line.flags(&mut fact, FlagKind::Force, &["-f", "--force"]);
    line.flags(&mut fact, FlagKind::Offline, &["-l", "--local"]);
    line.flags(&mut fact, FlagKind::Upgrade, &["--system"]);
    Some(fact)
}

/// `rails`, `rails:7.1.0`, `rails:'~> 7.1'`, `./x.gem`.
fn gem_package(word: &Word) -> PackageArg {
    let value = word.value.as_str();
    if is_url(value) {
        return plain(word, PackageSource::Url);
    }
    if is_path(value) || has_extension(value, &[".gem"]) {
        return plain(word, PackageSource::LocalPath);
    }
    match value.find(':') {
        Some(colon) if colon > 0 => pinned(word, colon, ":", colon + 1),
        _ => plain(word, PackageSource::Registry),
    }
}

fn bundle(invocation: &Invocation) -> Option<PackageCommand> {
    let line = CommandLine::new(invocation, invocation.options(&BUNDLE_SPEC));
    let action = match line.literal(0) {
        None | Some("install") => Action::InstallDependencies,
        Some("update") => Action::Upgrade,
        Some("clean") => Action::Clean,
        Some("exec") => Action::Run,
        Some("package" | "cache") => Action::Fetch,
        Some("add") => Action::Install,
        Some("remove") => Action::Remove,
        _ => Action::Other,
    };
    let mut fact = line.fact(Manager::Bundler, action, line.subcommand(0, 1));
    match action {
        Action::Install | Action::Remove | Action::Upgrade => {
            fact.packages = line
                .operands_from(1)
                .iter()
                .map(|w| gem_package(w))
                .collect();
        }
        Action::Run => {
            fact.tasks = line
                .operands_from(1)
                .get(..1)
                .unwrap_or(&[])
                .iter()
                .map(|w| w.value.clone())
                .collect();
        }
        _ => {}
    }
    line.flags(
        &mut fact,
        FlagKind::FrozenLockfile,
        &["--frozen", "--deployment"],
    );
    line.flags_with_value(&mut fact, FlagKind::OmitDev, &["--without"], |v| {
        v.split([' ', ':', ','])
            .any(|group| matches!(group, "development" | "dev" | "test"))
    });
    line.flags(&mut fact, FlagKind::NoCache, &["--no-cache"]);
    line.flags(&mut fact, FlagKind::Offline, &["--local", "--prefer-local"]);
    line.flags(&mut fact, FlagKind::Quiet, &["--quiet"]);
    line.flags(&mut fact, FlagKind::Global, &["--system"]);
    line.env_flag(
        &mut fact,
        FlagKind::FrozenLockfile,
        "BUNDLE_FROZEN",
        is_true_or_empty,
    );
    line.env_flag(
        &mut fact,
        FlagKind::FrozenLockfile,
        "BUNDLE_DEPLOYMENT",
        is_true_or_empty,
    );
    line.env_flag(&mut fact, FlagKind::OmitDev, "BUNDLE_WITHOUT", |v| {
        v.split([' ', ':', ','])
            .any(|group| matches!(group, "development" | "dev" | "test"))
    });
    Some(fact)
}
