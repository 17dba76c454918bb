//! dnf, yum, microdnf (and tdnf, which takes the same commands).

use super::spec::{has_extension, is_path, is_url, pinned, plain, split_operator};
use super::{Action, CommandLine, FlagKind, Manager, PackageArg, PackageCommand, PackageSource};
use crate::shell::command::Invocation;
use crate::shell::options::OptionSpec;
use crate::shell::word::Word;

const SPEC: OptionSpec<'static> = OptionSpec::new(
    "cxdeR",
    &[
        "--config",
        "--exclude",
        "--excludepkgs",
        "--installroot",
        "--releasever",
        "--repo",
        "--repoid",
        "--enablerepo",
        "--disablerepo",
        "--setopt",
        "--debuglevel",
        "--errorlevel",
        "--forcearch",
        "--downloaddir",
        "--destdir",
        "--color",
        "--rpmverbosity",
        "--enableplugin",
        "--disableplugin",
        "--advisory",
        "--advisories",
        "--bz",
        "--cve",
        "--sec-severity",
        "--secseverity",
        "--use-host-config",
    ],
);

pub(super) fn recognise(invocation: &Invocation, name: &str) -> Option<PackageCommand> {
    let manager = match name {
        "yum" => Manager::Yum,
        "microdnf" => Manager::Microdnf,
        _ => Manager::Dnf,
    };
    let line = CommandLine::new(invocation, invocation.options(&SPEC));
    let first = line.literal(0);
    // `dnf group install x`, `dnf module install x:stream`.
    let grouped = matches!(first, Some("group" | "groups" | "module"));
    let (action, words) = if grouped {
        let action = match line.literal(1) {
            Some("install" | "enable") => Action::Install,
            Some("remove" | "erase" | "disable" | "reset") => Action::Remove,
            Some("upgrade" | "update") => Action::Upgrade,
            _ => Action::Other,
        };
        (action, 2)
    } else {
        let action = match first {
            Some(
                "install" | "in" | "localinstall" | "reinstall" | "groupinstall" | "builddep"
                | "build-dep",
            ) => Action::Install,
            Some(
                "update"
                | "upgrade"
                | "up"
                | "update-minimal"
                | "upgrade-minimal"
                | "distro-sync"
                | "dsync"
                | "distribution-synchronization"
                | "groupupdate",
            ) => Action::Upgrade,
            Some("makecache" | "check-update" | "check-upgrade") => Action::Update,
            Some("remove" | "erase" | "rm" | "autoremove" | "groupremove") => Action::Remove,
            Some("clean") => Action::Clean,
            Some("download") => Action::Fetch,
            _ => Action::Other,
        };
        (action, 1)
    };
    let mut fact = line.fact(manager, action, line.subcommand(0, words));
    let groups = matches!(
        first,
        Some("group" | "groups" | "groupinstall" | "groupremove" | "groupupdate")
    );
    match action {
        Action::Install | Action::Remove | Action::Upgrade | Action::Fetch => {
            fact.packages = line
                .operands_from(words)
                .iter()
                .map(|w| package(w, groups, first == Some("module")))
                .collect();
        }
        Action::Clean => {
            // `clean all`, `clean packages`: the scope is a task, not a package.
            fact.tasks = line
                .operands_from(1)
                .iter()
                .map(|w| w.value.clone())
                .collect();
        }
        _ => {}
    }
    line.flags(&mut fact, FlagKind::AssumeYes, &["-y", "--assumeyes"]);
    line.flags(&mut fact, FlagKind::Quiet, &["-q", "--quiet"]);
    line.flags(&mut fact, FlagKind::NoDocs, &["--nodocs"]);
    line.flags(&mut fact, FlagKind::RefreshIndex, &["--refresh"]);
    line.flags(
        &mut fact,
        FlagKind::Insecure,
        &["--nogpgcheck", "--no-gpgchecks"],
    );
    line.flags(
        &mut fact,
        FlagKind::NoInstallRecommends,
        &["--no-weak-deps"],
    );
    line.flags_with_value(&mut fact, FlagKind::NoDocs, &["--setopt"], |v| {
        setting(v, "tsflags").is_some_and(|flags| flags.split(',').any(|f| f.trim() == "nodocs"))
    });
    line.flags_with_value(
        &mut fact,
        FlagKind::NoInstallRecommends,
        &["--setopt"],
        |v| setting(v, "install_weak_deps").is_some_and(super::is_false),
    );
    line.flags_with_value(&mut fact, FlagKind::Offline, &["-C", "--cacheonly"], |_| {
        true
    });
    Some(fact)
}

/// The value of `key` in a `--setopt key=value` (a repo prefix like `main.` allowed).
fn setting<'v>(option: &'v str, key: &str) -> Option<&'v str> {
    let (k, v) = option.split_once('=')?;
    let k = k.trim();
    let k = k.rsplit('.').next().unwrap_or(k);
    k.eq_ignore_ascii_case(key).then_some(v.trim())
}

/// `httpd`, `httpd-2.4.6`, `httpd-2.4.6-97.el7.x86_64`, `java-11-openjdk`
/// (no version: the digits are inside the name), `@group`, `nodejs:18`
/// (module stream), `pkg >= 1.2`, `./x.rpm`.
fn package(word: &Word, group: bool, module: bool) -> PackageArg {
    let value = &word.value;
    if is_url(value) {
        return plain(word, PackageSource::Url);
    }
    if is_path(value) || has_extension(value, &[".rpm"]) {
        return plain(word, PackageSource::LocalPath);
    }
    if group || value.starts_with('@') && !value.contains(':') {
        return plain(word, PackageSource::Group);
    }
    if module || value.starts_with('@') {
        if let Some(colon) = value.find(':') {
            return pinned(word, colon, ":", colon + 1);
        }
        return plain(word, PackageSource::Registry);
    }
    if let Some((name_end, operator, version_start)) =
        split_operator(value, &["=", "<", ">", "<=", ">="])
    {
        let name_end = value[..name_end].trim_end().len();
        let version_start = version_start
            + (value[version_start..].len() - value[version_start..].trim_start().len());
        if name_end > 0 {
            return pinned(word, name_end, operator, version_start);
        }
    }
    // The version is the longest run of trailing `-` segments that start
    // with a digit: `java-1.8.0-openjdk-1.8.0.292` → `1.8.0.292`.
    let mut version_start = None;
    let mut search = value.len();
    while let Some(dash) = value[..search].rfind('-') {
        let segment_start = dash + 1;
        let starts_with_digit = value[segment_start..]
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit());
        if !starts_with_digit {
            break;
        }
        version_start = Some(segment_start);
        search = dash;
        // Only the run directly at the end counts.
        if !value[..dash].contains('-') {
            break;
        }
    }
    match version_start {
        Some(start) if start > 1 => pinned(word, start - 1, "-", start),
        _ => plain(word, PackageSource::Registry),
    }
}
