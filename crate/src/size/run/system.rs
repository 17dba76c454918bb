//! OS package managers: apt, apk, dnf/yum/microdnf, zypper.

use super::{RunEnv, StageMemory};
use crate::shell::packages::{Action, FlagKind, Manager, PackageCommand, PackageSource};
use crate::size::apt_data::{self, Baseline};
use crate::size::estimate::{Estimate, MB};
use crate::size::fs::{Fs, Origin};
use crate::size::heuristics::Rule;
use crate::size::layer::{Draft, Part};

/// apt lists measured on Debian bookworm amd64 (see `Rule::AptLists`).
const APT_LISTS: Estimate = Estimate {
    bytes: 19_865_814,
    low: 16 * MB,
    high: Some(21 * MB),
};
/// `Rule::ApkIndex`.
const APK_INDEX: Estimate = Estimate {
    bytes: 2_500_000,
    low: 1_500_000,
    high: Some(4 * MB),
};
/// `Rule::RpmMetadata`.
const RPM_METADATA: Estimate = Estimate {
    bytes: 30 * MB,
    low: 10 * MB,
    high: Some(80 * MB),
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    Apt,
    Apk,
    Rpm,
    Zypper,
}

impl Family {
    fn of(manager: Manager) -> Family {
        match manager {
            Manager::Apk => Family::Apk,
            Manager::Dnf | Manager::Yum | Manager::Microdnf => Family::Rpm,
            Manager::Zypper => Family::Zypper,
            _ => Family::Apt,
        }
    }

    fn tag(self) -> &'static str {
        match self {
            Family::Apt => "apt",
            Family::Apk => "apk",
            Family::Rpm => "rpm",
            Family::Zypper => "zypper",
        }
    }

    fn rule(self) -> Rule {
        match self {
            Family::Apt => Rule::AptInstall,
            Family::Apk => Rule::ApkInstall,
            Family::Rpm | Family::Zypper => Rule::RpmInstall,
        }
    }

    /// Debian figures × this factor (low, guess, high).
    fn factor(self, no_docs: bool) -> (f64, f64, f64) {
        match self {
            Family::Apt => (1.0, 1.0, 1.0),
            Family::Apk => (0.3, 0.5, 0.8),
            Family::Rpm | Family::Zypper if no_docs => (0.6, 0.85, 1.3),
            Family::Rpm | Family::Zypper => (0.7, 1.0, 1.5),
        }
    }
}

/// The virtual path packages of a manager are recorded under.
fn package_path(family: Family, name: &str) -> String {
    format!("/usr/({}: {name})", family.tag())
}

pub(super) fn replay(
    draft: &mut Draft,
    fs: &Fs,
    memory: &mut StageMemory,
    env: &RunEnv,
    package: &PackageCommand,
) -> bool {
    let family = Family::of(package.manager);
    match package.action {
        Action::Update => {
            match family {
                Family::Apt => draft.write(
                    "/var/lib/apt/lists".into(),
                    Part::new("apt package lists", APT_LISTS, Rule::AptLists),
                    true,
                    Origin::Generated,
                ),
                Family::Apk => draft.write(
                    "/var/cache/apk".into(),
                    Part::new("apk index", APK_INDEX, Rule::ApkIndex),
                    true,
                    Origin::Generated,
                ),
                Family::Rpm | Family::Zypper => write_metadata(draft, package),
            }
            true
        }
        Action::Install => {
            install(draft, fs, memory, env, package, family);
            true
        }
        Action::Remove => {
            remove(draft, fs, memory, package, family);
            let autoremove = package
                .subcommand
                .as_ref()
                .is_some_and(|s| matches!(s.text.as_str(), "autoremove" | "autopurge"))
                || package.has_option("--auto-remove")
                || package.has_option("--autoremove");
            if family == Family::Apt && autoremove && env.apt_marked_auto {
                for path in draft.written_paths("/usr/(apt: ") {
                    draft.delete(fs, &path);
                }
                draft.note(
                    "apt-mark auto + autoremove: packages installed by this RUN are removed again \
                     (runtime libraries marked manual afterwards are not counted)",
                );
            }
            true
        }
        Action::Upgrade => {
            draft.pathless(Part::new(
                format!("{} upgrade", package.manager.command_name()),
                Estimate::UNKNOWN,
                Rule::UnknownCommand,
            ));
            draft.note("an upgrade's size depends on the updates pending when it runs");
            if family == Family::Apk
                && package.has(FlagKind::RefreshIndex)
                && !package.has(FlagKind::NoCache)
            {
                write_apk_index(draft);
            }
            true
        }
        _ => true,
    }
}

fn write_apk_index(draft: &mut Draft) {
    draft.write(
        "/var/cache/apk".into(),
        Part::new("apk index", APK_INDEX, Rule::ApkIndex),
        true,
        Origin::Generated,
    );
}

fn write_metadata(draft: &mut Draft, package: &PackageCommand) {
    let path = match package.manager {
        Manager::Yum => "/var/cache/yum",
        Manager::Zypper => "/var/cache/zypp",
        _ => "/var/cache/dnf",
    };
    draft.write(
        path.into(),
        Part::new(
            format!("{} repository metadata", package.manager.command_name()),
            RPM_METADATA,
            Rule::RpmMetadata,
        ),
        true,
        Origin::Generated,
    );
}

fn install(
    draft: &mut Draft,
    fs: &Fs,
    memory: &mut StageMemory,
    env: &RunEnv,
    package: &PackageCommand,
    family: Family,
) {
    let baseline = match family {
        Family::Apt => env.base.map_or(Baseline::Minbase, |b| b.baseline),
        _ => Baseline::Minbase,
    };
    let recommends = match family {
        Family::Apt => !package.has(FlagKind::NoInstallRecommends),
        // apk has no recommends; dnf installs weak deps unless told not to.
        Family::Rpm | Family::Zypper => !package.has(FlagKind::NoInstallRecommends),
        Family::Apk => false,
    };
    let (low_factor, mid_factor, high_factor) = family.factor(package.has(FlagKind::NoDocs));

    // Packages to size: skip versions, local files, already installed ones.
    struct Sized {
        name: String,
        closure: u64,
        own: u64,
        known: bool,
    }
    let mut sized: Vec<Sized> = Vec::new();
    let mut dynamic = false;
    for arg in &package.packages {
        if arg.dynamic {
            dynamic = true;
            continue;
        }
        if arg.source != PackageSource::Registry {
            continue;
        }
        let path = package_path(family, &arg.name);
        if fs.get(&path).is_some() || draft.written(&path).is_some() {
            continue;
        }
        match apt_data::lookup_any(&arg.name) {
            Some(deb) => sized.push(Sized {
                name: arg.name.clone(),
                closure: deb.closure_bytes(baseline, recommends),
                own: deb.own_bytes(baseline, recommends),
                known: true,
            }),
            None => {
                let (_, median, _) = apt_data::unknown_package(baseline, recommends);
                sized.push(Sized {
                    name: arg.name.clone(),
                    closure: median,
                    own: median / 4,
                    known: false,
                });
            }
        }
    }
    // The biggest closure is counted in full; the others share part of
    // their dependencies with it: between their own size and their closure.
    let largest = sized
        .iter()
        .enumerate()
        .max_by_key(|(_, s)| s.closure)
        .map(|(i, _)| i);
    let mut group_paths = Vec::new();
    for (i, item) in sized.iter().enumerate() {
        let debian = if item.known {
            if Some(i) == largest {
                Estimate::exact(item.closure)
            } else {
                Estimate::range(item.own, (item.own + item.closure) / 2, item.closure)
            }
        } else {
            let (low, median, high) = apt_data::unknown_package(baseline, recommends);
            if Some(i) == largest {
                Estimate::range(low, median, high)
            } else {
                Estimate::range(low / 4, median / 2, high)
            }
        };
        let estimate = debian.scale_range(low_factor, mid_factor, high_factor);
        let rule = if item.known || family != Family::Apt {
            family.rule()
        } else {
            Rule::AptInstallUnknown
        };
        let label = if recommends && family == Family::Apt {
            format!("{} {} (with recommends)", family.tag(), item.name)
        } else {
            format!("{} {}", family.tag(), item.name)
        };
        let path = package_path(family, &item.name);
        draft.write(
            path.clone(),
            Part::new(label, estimate, rule),
            true,
            Origin::Generated,
        );
        group_paths.push(path);
    }
    if dynamic {
        draft.pathless(Part::new(
            format!("{} packages named by variables", family.tag()),
            Estimate::UNKNOWN,
            Rule::UnknownCommand,
        ));
    }
    match family {
        Family::Apt => {
            if recommends && !sized.is_empty() {
                draft
                    .note("without --no-install-recommends apt also installs recommended packages");
            }
            if env.base.and_then(|b| b.entry).is_some() {
                draft.rules.insert(Rule::AptArchives);
            }
        }
        Family::Apk => {
            if package.has(FlagKind::Virtual) {
                if let Some(name) = virtual_name(package) {
                    memory
                        .apk_groups
                        .entry(name)
                        .or_default()
                        .extend(group_paths);
                }
            }
            if package.has(FlagKind::RefreshIndex) && !package.has(FlagKind::NoCache) {
                write_apk_index(draft);
            }
        }
        Family::Rpm | Family::Zypper => {
            let cached = ["/var/cache/dnf", "/var/cache/yum", "/var/cache/zypp"]
                .iter()
                .any(|p| draft.written(p).is_some() || fs.get(p).is_some());
            if !cached {
                write_metadata(draft, package);
            }
        }
    }
}

fn virtual_name(package: &PackageCommand) -> Option<String> {
    package
        .options
        .iter()
        .find(|o| matches!(o.name.as_str(), "-t" | "--virtual"))
        .and_then(|o| o.value.as_ref())
        .map(|v| v.text.clone())
}

fn remove(
    draft: &mut Draft,
    fs: &Fs,
    memory: &mut StageMemory,
    package: &PackageCommand,
    family: Family,
) {
    for arg in &package.packages {
        if family == Family::Apk {
            if let Some(paths) = memory.apk_groups.get(&arg.name).cloned() {
                for path in paths {
                    draft.delete(fs, &path);
                }
                continue;
            }
        }
        let path = package_path(family, &arg.name);
        draft.delete(fs, &path);
    }
}
