//! npm, yarn, pnpm: `node_modules`, the package cache, build output.

use super::RunEnv;
use crate::context::EntryKind;
use crate::shell::packages::{Action, FlagKind, Manager, PackageCommand};
use crate::size::estimate::{Estimate, KB, MB};
use crate::size::fs::{self, Fs, Origin};
use crate::size::heuristics::Rule;
use crate::size::layer::{Draft, Part};
use crate::size::lockfile::Lockfile;

/// `Rule::NpmInstallDefault`.
const DEFAULT_INSTALL: Estimate = Estimate {
    bytes: 150 * MB,
    low: 30 * MB,
    high: Some(600 * MB),
};
/// `Rule::NpmInstallDefault`, one named package.
const NAMED_PACKAGE: Estimate = Estimate {
    bytes: 10 * MB,
    low: MB,
    high: Some(100 * MB),
};
/// `Rule::NpmInstallLockfileSize`, per package listed in the lockfile.
const PER_LOCKED_PACKAGE: Estimate = Estimate {
    bytes: 300 * KB,
    low: 100 * KB,
    high: Some(MB),
};
/// `Rule::NpmOmitDevRatio`: what production dependencies keep.
const PROD_SHARE: (f64, f64, f64) = (0.2, 0.4, 0.7);

/// yarn v1's cache folder for the user.
pub(super) fn yarn_cache(env: &RunEnv) -> String {
    if env.home == "/root" {
        "/usr/local/share/.cache/yarn".to_string()
    } else {
        fs::join(&env.home, ".cache/yarn")
    }
}

pub(super) fn replay(draft: &mut Draft, fs: &Fs, env: &RunEnv, package: &PackageCommand) -> bool {
    match package.action {
        Action::InstallDependencies => {
            project_install(draft, fs, env, package);
            true
        }
        Action::Install => {
            named_install(draft, env, package);
            true
        }
        Action::Build => {
            build_output(draft, fs, env, package);
            true
        }
        Action::Upgrade => {
            draft.pathless(Part::new(
                format!("{} update", package.manager.command_name()),
                Estimate::UNKNOWN,
                Rule::UnknownCommand,
            ));
            true
        }
        Action::Run => false,
        _ => true,
    }
}

fn omits_dev(env: &RunEnv, package: &PackageCommand) -> bool {
    package.has(FlagKind::OmitDev)
        || env.env_is("NODE_ENV", |v| v == "production")
        || (package.manager == Manager::Npm
            && env.env_is("NPM_CONFIG_PRODUCTION", |v| {
                !matches!(v, "false" | "0" | "")
            }))
}

/// The lockfile (or package.json) the install reads, from the files the
/// stage copied into the working directory.
fn project_file<'a>(
    fs: &'a Fs,
    env: &RunEnv,
    manager: Manager,
) -> Option<(&'static str, &'a crate::size::fs::FsEntry)> {
    let names: &[&'static str] = match manager {
        Manager::Yarn => &["yarn.lock", "package.json"],
        Manager::Pnpm => &["pnpm-lock.yaml", "package.json"],
        _ => &["package-lock.json", "npm-shrinkwrap.json", "package.json"],
    };
    names
        .iter()
        .find_map(|name| fs.get(&fs::join(&env.cwd, name)).map(|e| (*name, e)))
}

/// The context directory of the project (`""` for the root), when the
/// manifest came from the context.
fn context_dir(entry: &crate::size::fs::FsEntry) -> Option<String> {
    match &entry.origin {
        Origin::Context(path) => {
            Some(crate::context::gopath::dir(path)).map(
                |d| {
                    if d == "." {
                        String::new()
                    } else {
                        d
                    }
                },
            )
        }
        _ => None,
    }
}

fn project_install(draft: &mut Draft, fs: &Fs, env: &RunEnv, package: &PackageCommand) {
    let manager = package.manager;
    let tool = manager.command_name();
    let omit_dev = omits_dev(env, package);
    let project = project_file(fs, env, manager);
    let dir = project.and_then(|(_, entry)| context_dir(entry));
    let lockfile_text = project
        .filter(|(name, _)| name.ends_with(".json") && *name != "package.json")
        .and_then(|(_, entry)| match &entry.origin {
            Origin::Context(path) => env.files.get(path),
            _ => None,
        });
    let lockfile = lockfile_text.and_then(|t| Lockfile::parse(t));

    // The local node_modules, sent to the builder or not: what this
    // project's install produced on the developer's machine.
    let local: Vec<(String, u64)> = match (env.filter, &dir) {
        (Some(filter), Some(dir)) => {
            let modules = if dir.is_empty() {
                "node_modules".to_string()
            } else {
                format!("{dir}/node_modules")
            };
            let prefix_len = if dir.is_empty() { 0 } else { dir.len() + 1 };
            filter
                .original()
                .descendants(&modules)
                .iter()
                .filter(|e| e.kind == EntryKind::File)
                .map(|e| (e.path[prefix_len.min(e.path.len())..].to_string(), e.size))
                .collect()
        }
        _ => Vec::new(),
    };

    let (modules, rule, basis) = if !local.is_empty() {
        let total: u64 = local.iter().map(|(_, s)| s).sum();
        let full = Estimate::exact(total).scale_range(0.8, 1.0, 1.2);
        if !omit_dev {
            (
                full,
                Rule::NpmInstallLocal,
                "the local node_modules".to_string(),
            )
        } else if let Some(lock) = &lockfile {
            let (kept, dev) = lock.split(local.iter().map(|(p, s)| (p.as_str(), *s)));
            (
                Estimate::exact(kept).scale_range(0.8, 1.0, 1.2),
                Rule::NpmOmitDevLockfile,
                format!(
                    "the local node_modules without the {} dev packages of the lockfile ({})",
                    lock.dev_count(),
                    crate::size::estimate::human(dev)
                ),
            )
        } else {
            (
                full.scale_range(PROD_SHARE.0, PROD_SHARE.1, PROD_SHARE.2),
                Rule::NpmOmitDevRatio,
                "production share of the local node_modules".to_string(),
            )
        }
    } else if let Some(lock) = &lockfile {
        let count = if omit_dev {
            lock.len() - lock.dev_count()
        } else {
            lock.len()
        };
        (
            PER_LOCKED_PACKAGE.scale(count as f64),
            Rule::NpmInstallLockfileSize,
            format!("{count} packages in the lockfile"),
        )
    } else if let Some((name, entry)) = project.filter(|(name, _)| *name != "package.json") {
        let from_size = entry.bytes.scale_range(200.0, 500.0, 1500.0);
        if omit_dev {
            (
                from_size.scale_range(PROD_SHARE.0, PROD_SHARE.1, PROD_SHARE.2),
                Rule::NpmOmitDevRatio,
                format!("production share, sized from {name}'s bytes"),
            )
        } else {
            (
                from_size,
                Rule::NpmInstallLockfileSize,
                format!("sized from {name}'s bytes"),
            )
        }
    } else if omit_dev {
        (
            DEFAULT_INSTALL.scale_range(PROD_SHARE.0, PROD_SHARE.1, PROD_SHARE.2),
            Rule::NpmOmitDevRatio,
            "production share of a typical install".to_string(),
        )
    } else {
        (
            DEFAULT_INSTALL,
            Rule::NpmInstallDefault,
            "nothing known about the dependencies".to_string(),
        )
    };
    let what = if omit_dev {
        "production node_modules"
    } else {
        "node_modules"
    };
    draft.write(
        fs::join(&env.cwd, "node_modules"),
        Part::new(format!("{what} ({tool}; {basis})"), modules, rule),
        true,
        Origin::Generated,
    );
    write_cache(draft, env, package, modules);
}

fn write_cache(draft: &mut Draft, env: &RunEnv, package: &PackageCommand, modules: Estimate) {
    if package.has(FlagKind::NoCache) {
        return;
    }
    let (path, label, estimate, rule) = match package.manager {
        Manager::Yarn => (
            yarn_cache(env),
            "yarn cache",
            modules.scale_range(0.5, 1.0, 1.2),
            Rule::YarnCache,
        ),
        Manager::Pnpm => (
            fs::join(&env.home, ".local/share/pnpm/store"),
            "pnpm store",
            modules.scale_range(0.0, 0.1, 1.0 / 3.0),
            Rule::PnpmStore,
        ),
        _ => (
            fs::join(&env.home, ".npm"),
            "npm cache (~/.npm)",
            modules.scale_range(1.0 / 3.0, 1.0 / 2.5, 0.5),
            Rule::NpmCache,
        ),
    };
    // Caches grow: what this layer adds sits next to what earlier layers
    // cached (removing the cache directory still removes both).
    let path = fs::join(&path, &format!("(layer {})", draft.layer));
    let previous = draft.written(&path).unwrap_or(Estimate::ZERO);
    draft.write(
        path,
        Part::new(label, previous + estimate, rule),
        true,
        Origin::Generated,
    );
}

fn named_install(draft: &mut Draft, env: &RunEnv, package: &PackageCommand) {
    let global = package.has(FlagKind::Global);
    let dir = if global {
        "/usr/local/lib/node_modules".to_string()
    } else {
        fs::join(&env.cwd, "node_modules")
    };
    let mut total = Estimate::ZERO;
    for arg in &package.packages {
        let name = if arg.dynamic {
            "(variable)"
        } else {
            arg.name.as_str()
        };
        draft.write(
            fs::join(&dir, name),
            Part::new(
                format!("{} {}", package.manager.command_name(), name),
                NAMED_PACKAGE,
                Rule::NpmInstallDefault,
            ),
            true,
            Origin::Generated,
        );
        total = total + NAMED_PACKAGE;
    }
    write_cache(draft, env, package, total);
}

fn build_output(draft: &mut Draft, fs: &Fs, env: &RunEnv, package: &PackageCommand) {
    if !matches!(
        package.manager,
        Manager::Npm | Manager::Yarn | Manager::Pnpm
    ) {
        return;
    }
    let unknown_sources = fs
        .under(&env.cwd)
        .iter()
        .any(|(_, e)| matches!(e.origin, Origin::Context(_)) && e.bytes.is_unknown());
    let sources = fs.source_bytes_under(&env.cwd);
    let estimate = if unknown_sources {
        Estimate::UNKNOWN
    } else {
        Estimate::exact(sources).scale_range(0.2, 1.0, 2.0)
    };
    draft.write(
        fs::join(&env.cwd, "dist"),
        Part::new(
            format!(
                "build output of `{} {}` (assumed in dist/)",
                package.manager.command_name(),
                package.subcommand.as_ref().map_or_else(
                    || package.tasks.join(" "),
                    |s| {
                        let mut words = vec![s.text.clone()];
                        words.extend(package.tasks.iter().filter(|t| **t != s.text).cloned());
                        words.join(" ")
                    }
                )
            ),
            estimate,
            Rule::JsBuildOutput,
        ),
        true,
        Origin::BuildOutput,
    );
}
