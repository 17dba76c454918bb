//! npm, yarn, pnpm, npx.

use super::spec::{has_extension, is_path, is_url, is_vcs_url, pinned, plain, vcs_reference};
use super::{
    is_false, is_true_or_empty, Action, CommandLine, FlagKind, Manager, PackageArg, PackageCommand,
    PackageSource,
};
use crate::shell::command::Invocation;
use crate::shell::options::OptionSpec;
use crate::shell::word::Word;

const NPM_SPEC: OptionSpec<'static> = OptionSpec::new(
    "wC",
    &[
        "--prefix",
        "--registry",
        "--omit",
        "--include",
        "--only",
        "--loglevel",
        "--cache",
        "--userconfig",
        "--globalconfig",
        "--tag",
        "--workspace",
        "--install-strategy",
        "--location",
        "--save-prefix",
        "--before",
        "--script-shell",
        "--otp",
    ],
);

const YARN_SPEC: OptionSpec<'static> = OptionSpec::new(
    "",
    &[
        "--cache-folder",
        "--modules-folder",
        "--mutex",
        "--network-timeout",
        "--registry",
        "--global-folder",
        "--link-folder",
        "--use-yarnrc",
        "--network-concurrency",
        "--cwd",
        "--otp",
        "--mode",
    ],
);

const PNPM_SPEC: OptionSpec<'static> = OptionSpec::new(
    "CF",
    &[
        "--dir",
        "--filter",
        "--store-dir",
        "--reporter",
        "--lockfile-dir",
        "--modules-dir",
        "--virtual-store-dir",
        "--network-concurrency",
        "--child-concurrency",
        "--workspace-concurrency",
        "--registry",
        "--loglevel",
    ],
);

/// npx's own options end at the package: the rest belongs to it.
const NPX_SPEC: OptionSpec<'static> =
    OptionSpec::new("pc", &["--package", "--call", "--cache", "--userconfig"]).posix();

pub(super) fn recognise(invocation: &Invocation, name: &str) -> Option<PackageCommand> {
    match name {
        "npm" => npm(invocation),
        "yarn" | "yarnpkg" => yarn(invocation),
        "pnpm" => pnpm(invocation),
        _ => npx(invocation, name),
    }
}

fn npm(invocation: &Invocation) -> Option<PackageCommand> {
    let line = CommandLine::new(invocation, invocation.options(&NPM_SPEC));
    let sub = line.literal(0);
    let (action, words) = match sub {
        Some(
            "install" | "i" | "in" | "ins" | "inst" | "insta" | "instal" | "isnt" | "isnta"
            | "isntal" | "isntall" | "add",
        ) => {
            if line.operands_from(1).is_empty() {
                (Action::InstallDependencies, 1)
            } else {
                (Action::Install, 1)
            }
        }
        Some(
            "ci" | "clean-install" | "ic" | "install-clean" | "isntall-clean" | "install-ci-test"
            | "cit",
        ) => (Action::InstallDependencies, 1),
        Some("uninstall" | "un" | "unlink" | "remove" | "rm" | "r" | "prune") => {
            (Action::Remove, 1)
        }
        Some("update" | "up" | "upgrade" | "udpate") => (Action::Upgrade, 1),
        Some("cache") => match line.literal(1) {
            Some("clean" | "clear" | "rm") => (Action::Clean, 2),
            _ => (Action::Other, 2),
        },
        Some("run" | "run-script" | "rum" | "urn") => (run_or_build(line.literal(1)), 1),
        Some("start" | "test" | "t" | "tst" | "restart" | "stop" | "exec" | "x") => {
            (Action::Run, 1)
        }
        _ => (Action::Other, 1),
    };
    let mut fact = line.fact(Manager::Npm, action, line.subcommand(0, words));
    match action {
        Action::Install | Action::Remove | Action::Upgrade => {
            fact.packages = line
                .operands_from(words)
                .iter()
                .map(|w| package(w))
                .collect();
        }
        Action::Run | Action::Build => {
            fact.tasks = match sub {
                Some("run" | "run-script" | "rum" | "urn") => {
                    line.operands_from(1).get(..1).unwrap_or(&[])
                }
                _ => line.operands_from(0).get(..1).unwrap_or(&[]),
            }
            .iter()
            .map(|w| w.value.clone())
            .collect();
        }
        _ => {}
    }
    node_flags(&line, &mut fact);
    line.flags_with_value(&mut fact, FlagKind::OmitDev, &["--omit"], |v| v == "dev");
    line.flags_with_value(&mut fact, FlagKind::OmitDev, &["--only"], |v| {
        matches!(v, "prod" | "production")
    });
    if matches!(action, Action::Install | Action::InstallDependencies) {
        line.env_flag(&mut fact, FlagKind::OmitDev, "NODE_ENV", |v| {
            v == "production"
        });
        line.env_flag(
            &mut fact,
            FlagKind::OmitDev,
            "NPM_CONFIG_PRODUCTION",
            is_true_or_empty,
        );
    }
    line.flags(&mut fact, FlagKind::Force, &["-f", "--force"]);
    Some(fact)
}

fn run_or_build(script: Option<&str>) -> Action {
    match script {
        Some(name) if name.starts_with("build") => Action::Build,
        _ => Action::Run,
    }
}

fn yarn(invocation: &Invocation) -> Option<PackageCommand> {
    let line = CommandLine::new(invocation, invocation.options(&YARN_SPEC));
    let global = line.literal(0) == Some("global");
    let first = usize::from(global);
    let sub = line.literal(first);
    let (action, words) = match sub {
        None | Some("install") => (Action::InstallDependencies, first + 1),
        Some("add") => (Action::Install, first + 1),
        Some("remove") => (Action::Remove, first + 1),
        Some("upgrade" | "up" | "upgrade-interactive") => (Action::Upgrade, first + 1),
        Some("cache") => match line.literal(first + 1) {
            Some("clean" | "clear") => (Action::Clean, first + 2),
            _ => (Action::Other, first + 2),
        },
        Some("workspaces") if line.literal(first + 1) == Some("focus") => {
            (Action::InstallDependencies, first + 2)
        }
        Some("run") => (run_or_build(line.literal(first + 1)), first + 1),
        Some("dlx" | "exec" | "node" | "start" | "test") => (Action::Run, first + 1),
        Some(
            "config"
            | "info"
            | "init"
            | "list"
            | "login"
            | "logout"
            | "outdated"
            | "owner"
            | "pack"
            | "publish"
            | "tag"
            | "team"
            | "version"
            | "versions"
            | "why"
            | "set"
            | "plugin"
            | "audit"
            | "bin"
            | "check"
            | "licenses"
            | "link"
            | "unlink"
            | "import"
            | "generate-lock-entry"
            | "help"
            | "policies"
            | "autoclean"
            | "create"
            | "import-lockfile",
        ) => (Action::Other, first + 1),
        // `yarn build` runs the `build` script.
        Some(script) => (run_or_build(Some(script)), first),
    };
    let subcommand = if sub.is_some() {
        line.subcommand(0, words.max(first + 1))
    } else {
        None
    };
    let mut fact = line.fact(Manager::Yarn, action, subcommand);
    match action {
        Action::Install | Action::Remove | Action::Upgrade => {
            fact.packages = line
                .operands_from(words)
                .iter()
                .map(|w| package(w))
                .collect();
        }
        Action::Run | Action::Build => {
            fact.tasks = line
                .operands_from(words)
                .get(..1)
                .unwrap_or(&[])
                .iter()
                .map(|w| w.value.clone())
                .collect();
        }
        _ => {}
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
    node_flags(&line, &mut fact);
    line.flags(&mut fact, FlagKind::FrozenLockfile, &["--immutable"]);
    line.flags(&mut fact, FlagKind::NonInteractive, &["--non-interactive"]);
    line.flags_with_value(&mut fact, FlagKind::IgnoreScripts, &["--mode"], |v| {
        v == "skip-build"
    });
    if action == Action::InstallDependencies {
        line.env_flag(&mut fact, FlagKind::OmitDev, "NODE_ENV", |v| {
            v == "production"
        });
    }
    Some(fact)
}

fn pnpm(invocation: &Invocation) -> Option<PackageCommand> {
    let line = CommandLine::new(invocation, invocation.options(&PNPM_SPEC));
    let sub = line.literal(0);
    let (action, words) = match sub {
        Some("install" | "i") => (Action::InstallDependencies, 1),
        Some("add") => (Action::Install, 1),
        Some("remove" | "rm" | "uninstall" | "un") => (Action::Remove, 1),
        Some("update" | "up" | "upgrade") => (Action::Upgrade, 1),
        Some("fetch") => (Action::Fetch, 1),
        Some("store") => match line.literal(1) {
            Some("prune") => (Action::Clean, 2),
            _ => (Action::Other, 2),
        },
        Some("run") => (run_or_build(line.literal(1)), 1),
        Some("dlx" | "exec" | "start" | "test" | "t") => (Action::Run, 1),
        None => (Action::Other, 1),
        Some(_) => (Action::Other, 1),
    };
    let mut fact = line.fact(Manager::Pnpm, action, line.subcommand(0, words));
    match action {
        Action::Install | Action::Remove | Action::Upgrade => {
            fact.packages = line
                .operands_from(words)
                .iter()
                .map(|w| package(w))
                .collect();
        }
        Action::Run | Action::Build => {
            fact.tasks = line
                .operands_from(words)
                .get(..1)
                .unwrap_or(&[])
                .iter()
                .map(|w| w.value.clone())
                .collect();
        }
        _ => {}
    }
    node_flags(&line, &mut fact);
    line.flags(&mut fact, FlagKind::OmitDev, &["-P"]);
    if action == Action::InstallDependencies {
        line.env_flag(&mut fact, FlagKind::OmitDev, "NODE_ENV", |v| {
            v == "production"
        });
    }
    Some(fact)
}

fn npx(invocation: &Invocation, name: &str) -> Option<PackageCommand> {
    let line = CommandLine::new(invocation, invocation.options(&NPX_SPEC));
    let manager = if name == "pnpx" {
        Manager::Pnpm
    } else {
        Manager::Npx
    };
    let mut fact = line.fact(manager, Action::Run, None);
    let args = invocation.args();
    let from_option: Vec<PackageArg> = line
        .parsed
        .options
        .iter()
        .filter(|o| matches!(o.name.as_str(), "-p" | "--package"))
        .filter_map(|o| {
            let value = o.value.as_ref()?;
            if value.separate {
                args.get(o.word_index + 1).map(package)
            } else {
                Some(PackageArg {
                    text: value.text.clone(),
                    range: value.range,
                    name: value.text.clone(),
                    version: None,
                    source: PackageSource::Registry,
                    dynamic: value.dynamic,
                })
            }
        })
        .collect();
    let first_operand = line.operands_from(0).get(..1).unwrap_or(&[]);
    if from_option.is_empty() {
        fact.packages = first_operand.iter().map(|w| package(w)).collect();
    } else {
        fact.packages = from_option;
        fact.tasks = first_operand.iter().map(|w| w.value.clone()).collect();
    }
    line.flags(&mut fact, FlagKind::AssumeYes, &["-y", "--yes"]);
    line.flags(&mut fact, FlagKind::Quiet, &["-q", "--quiet"]);
    Some(fact)
}

fn node_flags(line: &CommandLine, fact: &mut PackageCommand) {
    line.flags_with_value(fact, FlagKind::OmitDev, &["--production", "--prod"], |v| {
        !is_false(v)
    });
    line.flags_with_value(
        fact,
        FlagKind::IgnoreScripts,
        &["--ignore-scripts"],
        is_true_or_empty,
    );
    line.flags(fact, FlagKind::FrozenLockfile, &["--frozen-lockfile"]);
    line.flags(fact, FlagKind::Global, &["-g", "--global"]);
    line.flags(fact, FlagKind::Quiet, &["-q", "--quiet", "-s", "--silent"]);
    line.flags(fact, FlagKind::Offline, &["--offline", "--prefer-offline"]);
    line.flags(fact, FlagKind::NoCache, &["--no-cache"]);
}

/// The `@` that starts the version in `name@1`, `@scope/name@1` (not the scope's `@`).
fn version_at(text: &str) -> Option<usize> {
    let search_from = if text.starts_with('@') {
        text.find('/')? + 1
    } else {
        0
    };
    text[search_from..]
        .find('@')
        .map(|i| search_from + i)
        .filter(|&i| i > 0)
}

/// `pkg`, `pkg@1.2`, `@scope/pkg@^1`, `pkg@latest`, `alias@npm:pkg@1`,
/// `git+https://...#ref`, `github:user/repo#ref`, `user/repo#ref`,
/// `./dir`, `file:../x`, `x.tgz`, `https://.../x.tgz`.
fn package(word: &Word) -> PackageArg {
    let value = word.value.as_str();
    if is_vcs_url(value)
        || ["github:", "gitlab:", "bitbucket:", "gist:"]
            .iter()
            .any(|prefix| value.starts_with(prefix))
    {
        return plain(
            word,
            PackageSource::Vcs {
                reference: vcs_reference(value),
            },
        );
    }
    if is_url(value) {
        return plain(word, PackageSource::Url);
    }
    if is_path(value) || has_extension(value, &[".tgz", ".tar.gz", ".tar"]) {
        return plain(word, PackageSource::LocalPath);
    }
    // GitHub shorthand `user/repo[#ref]` (a scope starts with `@`).
    if !value.starts_with('@') && value.contains('/') {
        let reference = value
            .split_once('#')
            .map(|(_, r)| r.to_owned())
            .filter(|r| !r.is_empty());
        return plain(word, PackageSource::Vcs { reference });
    }
    match version_at(value) {
        Some(at) => pinned(word, at, "@", at + 1),
        None => plain(word, PackageSource::Registry),
    }
}
