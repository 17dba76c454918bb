//! pip (`pip`, `pip3`, `pip3.12`, `python -m pip`), pipx, uv, pipenv and poetry.

use super::spec::{
    has_extension, is_path, is_url, is_vcs_url, pinned_until, plain, split_operator, vcs_reference,
};
use super::{
    is_true_or_empty, Action, CommandLine, FlagKind, Manager, PackageArg, PackageCommand,
    PackageSource,
};
use crate::shell::command::Invocation;
use crate::shell::options::{parse_options, OptionSpec, OptionValue};
use crate::shell::word::Word;

const PIP_SPEC: OptionSpec<'static> = OptionSpec::new(
    "rceitfC",
    &[
        "--requirement",
        "--constraint",
        "--editable",
        "--target",
        "--index-url",
        "--extra-index-url",
        "--find-links",
        "--prefix",
        "--root",
        "--src",
        "--upgrade-strategy",
        "--platform",
        "--python-version",
        "--implementation",
        "--abi",
        "--no-binary",
        "--only-binary",
        "--progress-bar",
        "--global-option",
        "--install-option",
        "--config-settings",
        "--report",
        "--root-user-action",
        "--log",
        "--log-file",
        "--proxy",
        "--retries",
        "--timeout",
        "--exists-action",
        "--trusted-host",
        "--cert",
        "--client-cert",
        "--cache-dir",
        "--python",
        "--keyring-provider",
        "--use-feature",
        "--use-deprecated",
        "--group",
        "--dest",
        "--wheel-dir",
        "--format",
    ],
);

const UV_SPEC: OptionSpec<'static> = OptionSpec::new(
    "rcepfiCw",
    &[
        "--requirement",
        "--requirements",
        "--constraint",
        "--constraints",
        "--override",
        "--editable",
        "--target",
        "--prefix",
        "--python",
        "--index-url",
        "--extra-index-url",
        "--index",
        "--default-index",
        "--find-links",
        "--cache-dir",
        "--directory",
        "--project",
        "--group",
        "--only-group",
        "--no-group",
        "--extra",
        "--python-platform",
        "--python-version",
        "--with",
        "--from",
        "--package",
        "--resolution",
        "--prerelease",
        "--index-strategy",
        "--keyring-provider",
        "--config-file",
        "--config-setting",
        "--exclude-newer",
        "--link-mode",
        "--output-file",
    ],
);

const PIPX_SPEC: OptionSpec<'static> = OptionSpec::new(
    "",
    &[
        "--python",
        "--suffix",
        "--pip-args",
        "--index-url",
        "--spec",
        "--editable",
    ],
);

const POETRY_SPEC: OptionSpec<'static> = OptionSpec::new(
    "EGCP",
    &[
        "--only",
        "--without",
        "--with",
        "--extras",
        "--group",
        "--directory",
        "--project",
        "--source",
        "--python",
        "--format",
        "--output",
    ],
);

const PIPENV_SPEC: OptionSpec<'static> = OptionSpec::new(
    "ri",
    &[
        "--requirements",
        "--index",
        "--extra-index-url",
        "--python",
        "--categories",
    ],
);

pub(super) fn recognise(invocation: &Invocation, name: &str) -> Option<PackageCommand> {
    let args = invocation.args();
    if is_versioned(name, "pip") {
        return pip(invocation, Manager::Pip, args);
    }
    if is_versioned(name, "python") {
        let (module, rest) = python_module(args)?;
        return match module {
            "pip" => pip(invocation, Manager::Pip, rest),
            "pipx" => pipx(invocation, rest),
            "uv" => uv(invocation, rest),
            "poetry" => poetry(invocation, rest),
            "pipenv" => pipenv(invocation, rest),
            _ => None,
        };
    }
    match name {
        "pipx" => pipx(invocation, args),
        "uv" => uv(invocation, args),
        "pipenv" => pipenv(invocation, args),
        "poetry" => poetry(invocation, args),
        _ => None,
    }
}

/// `pip`, `pip3`, `pip3.12`; `python`, `python3`, `python3.12`.
fn is_versioned(name: &str, base: &str) -> bool {
    name.strip_prefix(base)
        .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

/// For `python [options] -m MODULE args`: the module and its arguments.
fn python_module(args: &[Word]) -> Option<(&str, &[Word])> {
    let mut i = 0;
    while let Some(word) = args.get(i) {
        let value = word.value.as_str();
        match value {
            "-m" => {
                let module = args.get(i + 1)?;
                return Some((module.value.as_str(), args.get(i + 2..).unwrap_or(&[])));
            }
            "-X" | "-W" => i += 2,
            "-c" | "-" => return None,
            _ if value.starts_with("-m") && value.len() > 2 => {
                return Some((&value[2..], args.get(i + 1..).unwrap_or(&[])));
            }
            _ if value.starts_with('-') => i += 1,
            _ => return None,
        }
    }
    None
}

fn pip(invocation: &Invocation, manager: Manager, args: &[Word]) -> Option<PackageCommand> {
    let line = CommandLine::new(invocation, parse_options(args, &PIP_SPEC));
    let (action, words) = match line.literal(0) {
        Some("install") => (Action::Install, 1),
        Some("download") => (Action::Fetch, 1),
        Some("uninstall") => (Action::Remove, 1),
        Some("wheel") => (Action::Build, 1),
        Some("cache") => match line.literal(1) {
            Some("purge" | "remove") => (Action::Clean, 2),
            _ => (Action::Other, 2),
        },
        _ => (Action::Other, 1),
    };
    let mut fact = line.fact(manager, action, line.subcommand(0, words));
    if matches!(
        action,
        Action::Install | Action::Fetch | Action::Remove | Action::Build
    ) {
        fact.packages = pip_packages(&line, words);
        if action == Action::Install
            && !fact.packages.is_empty()
            && fact
                .packages
                .iter()
                .all(|p| p.source == PackageSource::RequirementsFile)
        {
            fact.action = Action::InstallDependencies;
        }
    }
    pip_flags(&line, &mut fact);
    Some(fact)
}

/// Operands after the subcommand plus `-r`, `-c` and `-e` values.
fn pip_packages(line: &CommandLine, first_operand: usize) -> Vec<PackageArg> {
    let mut packages = Vec::new();
    for option in &line.parsed.options {
        let Some(value) = &option.value else { continue };
        let source = match option.name.as_str() {
            "-r" | "--requirement" | "--requirements" => PackageSource::RequirementsFile,
            "-c" | "--constraint" | "--constraints" => PackageSource::ConstraintsFile,
            "-e" | "--editable" => {
                packages.push(classify_value(value));
                continue;
            }
            _ => continue,
        };
        packages.push(from_value(value, source));
    }
    packages.extend(
        line.operands_from(first_operand)
            .iter()
            .map(|w| requirement(w)),
    );
    packages.sort_by_key(|p| p.range.start);
    packages
}

fn from_value(value: &OptionValue, source: PackageSource) -> PackageArg {
    PackageArg {
        text: value.text.clone(),
        range: value.range,
        name: value.text.clone(),
        version: None,
        source,
        dynamic: value.dynamic,
    }
}

/// An editable target: a path or a VCS URL.
fn classify_value(value: &OptionValue) -> PackageArg {
    let source = if is_vcs_url(&value.text) {
        PackageSource::Vcs {
            reference: vcs_reference(&value.text),
        }
    } else if is_url(&value.text) {
        PackageSource::Url
    } else {
        PackageSource::LocalPath
    };
    from_value(value, source)
}

/// A PEP 508 requirement (`pkg`, `pkg==1.0`, `pkg[extra]>=1,<2; marker`),
/// a path, a URL or a VCS URL.
fn requirement(word: &Word) -> PackageArg {
    let value = word.value.as_str();
    if is_vcs_url(value) {
        return plain(
            word,
            PackageSource::Vcs {
                reference: vcs_reference(value),
            },
        );
    }
    if value.contains(" @ ") || is_url(value) {
        return plain(word, PackageSource::Url);
    }
    if is_path(value)
        || value.contains('/')
        || has_extension(
            value,
            &[".whl", ".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar.xz"],
        )
    {
        return plain(word, PackageSource::LocalPath);
    }
    let name_len = value
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-')))
        .unwrap_or(value.len());
    let mut after_name = name_len;
    if value[after_name..].starts_with('[') {
        after_name += value[after_name..].find(']').map_or(0, |i| i + 1);
    }
    let rest = &value[after_name..];
    let spec_start = after_name + (rest.len() - rest.trim_start().len());
    let spec_end = value[spec_start..]
        .find(';')
        .map_or(value.len(), |i| spec_start + i);
    let spec = value[spec_start..spec_end].trim_end();
    let operator = ["===", "==", "~=", "!=", "<=", ">=", "<", ">"]
        .into_iter()
        .find(|op| spec.starts_with(op));
    match operator {
        Some(op) if name_len > 0 => {
            let version_start = spec_start + op.len();
            let version_start = version_start
                + (value[version_start..].len() - value[version_start..].trim_start().len());
            let mut arg = pinned_until(word, name_len, op, version_start, spec_start + spec.len());
            arg.name = value[..name_len].to_owned();
            arg
        }
        _ => {
            let mut arg = plain(word, PackageSource::Registry);
            arg.name = value[..name_len].to_owned();
            arg
        }
    }
}

/// The environment variable that turns pip's cache off.
pub const PIP_NO_CACHE_DIR: &str = "PIP_NO_CACHE_DIR";

/// Whether `PIP_NO_CACHE_DIR=value` (inline or from `ENV`) turns pip's
/// cache off: any value but an explicit "off" (`0`, `false`, `no`, `off`).
/// (pip itself also turns the cache off for those, for backward
/// compatibility, but a Dockerfile saying `PIP_NO_CACHE_DIR=0` means to keep
/// the cache, so it is not taken as turning it off.)
pub fn disables_pip_cache(value: &str) -> bool {
    is_true_or_empty(value.trim())
}

fn pip_flags(line: &CommandLine, fact: &mut PackageCommand) {
    line.flags_with_value(
        fact,
        FlagKind::NoCache,
        &["--no-cache-dir", "--no-cache"],
        is_true_or_empty,
    );
    line.flags(fact, FlagKind::NoCache, &["-n"]);
    line.env_flag(
        fact,
        FlagKind::NoCache,
        PIP_NO_CACHE_DIR,
        disables_pip_cache,
    );
    line.env_flag(fact, FlagKind::NoCache, "UV_NO_CACHE", is_true_or_empty);
    line.flags(fact, FlagKind::Upgrade, &["-U", "--upgrade"]);
    line.flags(fact, FlagKind::User, &["--user"]);
    line.flags(fact, FlagKind::Quiet, &["-q", "--quiet"]);
    line.flags(fact, FlagKind::Force, &["--force-reinstall"]);
    line.flags(fact, FlagKind::Insecure, &["--trusted-host"]);
    line.flags(
        fact,
        FlagKind::BreakSystemPackages,
        &["--break-system-packages"],
    );
    line.env_flag(
        fact,
        FlagKind::BreakSystemPackages,
        "PIP_BREAK_SYSTEM_PACKAGES",
        is_true_or_empty,
    );
    line.flags(fact, FlagKind::Locked, &["--require-hashes", "--locked"]);
    line.flags(fact, FlagKind::FrozenLockfile, &["--frozen"]);
    line.flags(fact, FlagKind::NonInteractive, &["--no-input"]);
    line.flags(fact, FlagKind::Offline, &["--no-index", "--offline"]);
    line.flags(fact, FlagKind::Global, &["--system"]);
    line.flags(fact, FlagKind::OmitDev, &["--no-dev"]);
}

fn uv(invocation: &Invocation, args: &[Word]) -> Option<PackageCommand> {
    let line = CommandLine::new(invocation, parse_options(args, &UV_SPEC));
    let (action, words) = match line.literal(0) {
        Some("pip") => match line.literal(1) {
            Some("install") => (Action::Install, 2),
            Some("sync") => (Action::InstallDependencies, 2),
            Some("uninstall") => (Action::Remove, 2),
            Some("compile") => (Action::Other, 2),
            _ => (Action::Other, 2),
        },
        Some("sync") => (Action::InstallDependencies, 1),
        Some("add") => (Action::Install, 1),
        Some("remove") => (Action::Remove, 1),
        Some("run") => (Action::Run, 1),
        Some("build") => (Action::Build, 1),
        Some("tool") => match line.literal(1) {
            Some("install") => (Action::Install, 2),
            Some("upgrade") => (Action::Upgrade, 2),
            Some("uninstall") => (Action::Remove, 2),
            Some("run") => (Action::Run, 2),
            _ => (Action::Other, 2),
        },
        Some("cache") => match line.literal(1) {
            Some("clean" | "prune") => (Action::Clean, 2),
            _ => (Action::Other, 2),
        },
        _ => (Action::Other, 1),
    };
    let mut fact = line.fact(Manager::Uv, action, line.subcommand(0, words));
    match action {
        Action::Install | Action::Remove => fact.packages = pip_packages(&line, words),
        Action::InstallDependencies => {
            let mut packages = pip_packages(&line, words);
            // `uv pip sync requirements.txt`: the operands are requirement files.
            for package in &mut packages {
                if package.source == PackageSource::LocalPath || line.literal(0) == Some("pip") {
                    package.source = PackageSource::RequirementsFile;
                }
            }
            fact.packages = packages;
        }
        Action::Run | Action::Build => {
            fact.tasks = line
                .operands_from(words)
                .iter()
                .map(|w| w.value.clone())
                .collect();
        }
        _ => {}
    }
    pip_flags(&line, &mut fact);
    Some(fact)
}

fn pipx(invocation: &Invocation, args: &[Word]) -> Option<PackageCommand> {
    let line = CommandLine::new(invocation, parse_options(args, &PIPX_SPEC));
    let (action, skip) = match line.literal(0) {
        Some("install" | "reinstall") => (Action::Install, 0),
        Some("inject") => (Action::Install, 1),
        Some("upgrade" | "upgrade-all") => (Action::Upgrade, 0),
        Some("uninstall" | "uninstall-all") => (Action::Remove, 0),
        Some("run") => (Action::Run, 0),
        _ => (Action::Other, 0),
    };
    let mut fact = line.fact(Manager::Pipx, action, line.subcommand(0, 1));
    if action != Action::Other {
        let operands = line.operands_from(1 + skip);
        // `pipx run PKG args...`: only the first operand is a package.
        let operands = if action == Action::Run {
            operands.get(..1).unwrap_or(&[])
        } else {
            operands
        };
        fact.packages = operands.iter().map(|w| requirement(w)).collect();
        for value in line.parsed.values(&["--spec"]) {
            fact.packages
                .push(from_value(value, PackageSource::Registry));
        }
    }
    pip_flags(&line, &mut fact);
    Some(fact)
}

fn pipenv(invocation: &Invocation, args: &[Word]) -> Option<PackageCommand> {
    let line = CommandLine::new(invocation, parse_options(args, &PIPENV_SPEC));
    let action = match line.literal(0) {
        Some("install") => {
            if line.operands_from(1).is_empty() && !line.parsed.has_any(&["-r", "--requirements"]) {
                Action::InstallDependencies
            } else {
                Action::Install
            }
        }
        Some("sync") => Action::InstallDependencies,
        Some("uninstall") => Action::Remove,
        Some("update" | "upgrade") => Action::Upgrade,
        Some("run") => Action::Run,
        _ => Action::Other,
    };
    let mut fact = line.fact(Manager::Pipenv, action, line.subcommand(0, 1));
    if matches!(action, Action::Install | Action::Remove | Action::Upgrade) {
        fact.packages = pip_packages(&line, 1);
    }
    pip_flags(&line, &mut fact);
    line.flags(&mut fact, FlagKind::FrozenLockfile, &["--deploy"]);
    line.flags(&mut fact, FlagKind::Locked, &["--ignore-pipfile"]);
    Some(fact)
}

fn poetry(invocation: &Invocation, args: &[Word]) -> Option<PackageCommand> {
    let line = CommandLine::new(invocation, parse_options(args, &POETRY_SPEC));
    let action = match line.literal(0) {
        Some("install") => Action::InstallDependencies,
        Some("sync") => Action::InstallDependencies,
        Some("add") => Action::Install,
        Some("remove") => Action::Remove,
        Some("update") => Action::Upgrade,
        Some("build") => Action::Build,
        Some("run") => Action::Run,
        _ => Action::Other,
    };
    let mut fact = line.fact(Manager::Poetry, action, line.subcommand(0, 1));
    if matches!(action, Action::Install | Action::Remove | Action::Upgrade) {
        fact.packages = line
            .operands_from(1)
            .iter()
            .map(|w| poetry_package(w))
            .collect();
    }
    line.flags(&mut fact, FlagKind::OmitDev, &["--no-dev"]);
    line.flags_with_value(&mut fact, FlagKind::OmitDev, &["--only"], |v| {
        !v.split(',').any(|group| group.trim() == "dev")
    });
    line.flags_with_value(&mut fact, FlagKind::OmitDev, &["--without"], |v| {
        v.split(',')
            .any(|group| matches!(group.trim(), "dev" | "test" | "docs"))
    });
    line.flags(
        &mut fact,
        FlagKind::NonInteractive,
        &["-n", "--no-interaction"],
    );
    line.flags(&mut fact, FlagKind::NoCache, &["--no-cache"]);
    line.flags(&mut fact, FlagKind::Quiet, &["-q", "--quiet"]);
    line.env_flag(
        &mut fact,
        FlagKind::NoCache,
        "PIP_NO_CACHE_DIR",
        is_true_or_empty,
    );
    Some(fact)
}

/// `pkg`, `pkg@^1.2`, `pkg==1.2`, `pkg>=1`, paths and URLs.
fn poetry_package(word: &Word) -> PackageArg {
    let value = word.value.as_str();
    if is_vcs_url(value) || is_url(value) || is_path(value) {
        return requirement(word);
    }
    match split_operator(value, &["@"]) {
        Some((name_end, op, version_start)) if name_end > 0 => {
            pinned_until(word, name_end, op, version_start, value.len())
        }
        _ => requirement(word),
    }
}

#[cfg(test)]
mod tests {
    use super::disables_pip_cache;

    #[test]
    fn pip_no_cache_dir_values() {
        for on in ["1", "true", "True", "yes", "on", ""] {
            assert!(disables_pip_cache(on), "{on}");
        }
        for off in ["0", "false", "FALSE", "no", "off"] {
            assert!(!disables_pip_cache(off), "{off}");
        }
    }
}
