//! Cache and package-index removal.

use super::{Action, Manager, PackageCommand};
use crate::shell::ast::{CommandId, SimpleCommand};
use crate::shell::options::OptionSpec;
use crate::text::TextRange;

/// What a cleanup removes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CacheKind {
    /// `/var/lib/apt/lists` (the package index `apt-get update` downloads).
    AptLists,
    /// `/var/cache/apt` (downloaded `.deb`s; `apt-get clean`).
    AptArchives,
    /// `/var/cache/apk`, `/etc/apk/cache`.
    ApkCache,
    /// `/var/cache/yum`.
    YumCache,
    /// `/var/cache/dnf` (also what microdnf uses).
    DnfCache,
    /// `/var/cache/zypp`.
    ZypperCache,
    /// `~/.cache/pip`.
    PipCache,
    /// `~/.cache/uv`.
    UvCache,
    /// `~/.npm`.
    NpmCache,
    /// yarn's cache (`/usr/local/share/.cache/yarn`, `~/.cache/yarn`).
    YarnCache,
    /// pnpm's store.
    PnpmStore,
    /// `~/.gem`, `/usr/local/bundle/cache`.
    GemCache,
    /// `~/.composer/cache`, `~/.cache/composer`.
    ComposerCache,
    /// `~/.cache/go-build`.
    GoBuildCache,
    /// `/go/pkg/mod`, `~/go/pkg/mod`.
    GoModCache,
    /// `~/.cargo/registry`, `~/.cargo/git`.
    CargoRegistry,
    /// `/tmp`, `/var/tmp`.
    Temp,
}

/// A command that removes (part of) a cache.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cleanup {
    pub command: CommandId,
    pub target: CacheKind,
    /// The path argument for `rm`, the subcommand for a manager's own clean.
    pub range: TextRange,
    /// The whole cache goes (`rm -rf /var/lib/apt/lists/*`, `yum clean all`),
    /// not just part of it (`/var/lib/apt/lists/partial`, `yum clean packages`).
    pub complete: bool,
}

/// Known cache directories, with `~` for the home directory (root's by default).
const CACHE_DIRS: &[(&str, CacheKind)] = &[
    ("/var/lib/apt/lists", CacheKind::AptLists),
    ("/var/cache/apt", CacheKind::AptArchives),
    ("/var/cache/apk", CacheKind::ApkCache),
    ("/etc/apk/cache", CacheKind::ApkCache),
    ("/var/cache/yum", CacheKind::YumCache),
    ("/var/cache/dnf", CacheKind::DnfCache),
    ("/var/cache/libdnf5", CacheKind::DnfCache),
    ("/var/cache/zypp", CacheKind::ZypperCache),
    ("~/.cache/pip", CacheKind::PipCache),
    ("~/.cache/uv", CacheKind::UvCache),
    ("~/.npm", CacheKind::NpmCache),
    ("/usr/local/share/.cache/yarn", CacheKind::YarnCache),
    ("~/.cache/yarn", CacheKind::YarnCache),
    ("~/.yarn/berry/cache", CacheKind::YarnCache),
    ("~/.local/share/pnpm/store", CacheKind::PnpmStore),
    ("~/.pnpm-store", CacheKind::PnpmStore),
    ("~/.gem", CacheKind::GemCache),
    ("/usr/local/bundle/cache", CacheKind::GemCache),
    ("~/.composer/cache", CacheKind::ComposerCache),
    ("~/.cache/composer", CacheKind::ComposerCache),
    ("~/.cache/go-build", CacheKind::GoBuildCache),
    ("/go/pkg/mod", CacheKind::GoModCache),
    ("~/go/pkg/mod", CacheKind::GoModCache),
    ("~/.cargo/registry", CacheKind::CargoRegistry),
    ("~/.cargo/git", CacheKind::CargoRegistry),
    ("/usr/local/cargo/registry", CacheKind::CargoRegistry),
    ("/usr/local/cargo/git", CacheKind::CargoRegistry),
    ("/tmp", CacheKind::Temp),
    ("/var/tmp", CacheKind::Temp),
];

/// The directories that hold `kind`, with `~` for the home directory (so
/// `~/.cache/pip` for [`CacheKind::PipCache`]): where a cache or tmpfs
/// mount keeps the cache out of the image.
pub fn cache_dirs(kind: CacheKind) -> impl Iterator<Item = &'static str> {
    CACHE_DIRS
        .iter()
        .filter(move |(_, k)| *k == kind)
        .map(|(dir, _)| *dir)
}

#[cfg(test)]
mod cache_dir_tests {
    use super::{cache_dirs, CacheKind};

    #[test]
    fn each_kind_has_its_directories() {
        let dnf: Vec<&str> = cache_dirs(CacheKind::DnfCache).collect();
        assert_eq!(dnf, ["/var/cache/dnf", "/var/cache/libdnf5"]);
        let pip: Vec<&str> = cache_dirs(CacheKind::PipCache).collect();
        assert_eq!(pip, ["~/.cache/pip"]);
        assert_eq!(cache_dirs(CacheKind::YarnCache).count(), 3);
    }
}

/// Every cleanup a command performs: `rm` of cache paths or a manager's own clean.
pub fn cleanups(command: &SimpleCommand) -> Vec<Cleanup> {
    let mut found = from_rm(command);
    if let Some(package) = super::package_command(command) {
        found.extend(from_package_command(&package, command));
    }
    found
}

/// `rm -rf PATH...` (also `rm -r -f`, `rm --recursive --force`).
pub(crate) fn from_rm(command: &SimpleCommand) -> Vec<Cleanup> {
    let invocation = command.effective_command();
    if invocation.name() != Some("rm") {
        return Vec::new();
    }
    let parsed = invocation.options(&OptionSpec::NONE);
    let mut found = Vec::new();
    for word in &parsed.operands {
        let path = normalise(&word.value);
        for (dir, kind) in CACHE_DIRS {
            let complete = path == *dir || (covers(&path, dir) && path != "~" && path != "/");
            let partial = path.len() > dir.len()
                && path.starts_with(dir)
                && path.as_bytes().get(dir.len()) == Some(&b'/');
            if complete || partial {
                found.push(Cleanup {
                    command: command.id,
                    target: *kind,
                    range: word.range,
                    complete,
                });
            }
        }
    }
    found
}

/// Whether removing `path` removes `dir` (an ancestor, like `~/.cache` for pip).
fn covers(path: &str, dir: &str) -> bool {
    dir.len() > path.len()
        && dir.starts_with(path)
        && dir.as_bytes().get(path.len()) == Some(&b'/')
        // `/var` or `~` alone is too broad to be meant as a cleanup.
        && path.split('/').filter(|part| !part.is_empty()).count() >= 2
}

/// `~`, `$HOME`, `${HOME}` and `/root` become `~`; trailing `/`, `/*`, `/.`
/// and `/**` go.
fn normalise(path: &str) -> String {
    let mut path = path.to_owned();
    for home in ["${HOME}", "$HOME", "/root"] {
        if path == home || path.starts_with(&format!("{home}/")) {
            path = format!("~{}", &path[home.len()..]);
            break;
        }
    }
    loop {
        let trimmed = path
            .strip_suffix("/**")
            .or_else(|| path.strip_suffix("/*"))
            .or_else(|| path.strip_suffix("/."))
            .or_else(|| path.strip_suffix('/'))
            .map(str::to_owned);
        match trimmed {
            Some(shorter) if !shorter.is_empty() => path = shorter,
            _ => break,
        }
    }
    path
}

/// A manager's own clean command.
pub(crate) fn from_package_command(
    package: &PackageCommand,
    command: &SimpleCommand,
) -> Vec<Cleanup> {
    let range = package
        .subcommand
        .as_ref()
        .map_or(package.range, |s| s.range);
    let cleanup = |target: CacheKind, complete: bool| Cleanup {
        command: command.id,
        target,
        range,
        complete,
    };
    let sub = package.subcommand.as_ref().map(|s| s.text.as_str());
    let scope_all = package.tasks.iter().any(|t| t == "all");
    match (package.manager, package.action) {
        (Manager::AptGet | Manager::Apt | Manager::Aptitude, Action::Clean) => {
            if sub == Some("dist-clean") {
                // apt 2.7+: the downloaded archives and the package lists.
                vec![
                    cleanup(CacheKind::AptArchives, true),
                    cleanup(CacheKind::AptLists, true),
                ]
            } else {
                vec![cleanup(CacheKind::AptArchives, sub == Some("clean"))]
            }
        }
        (Manager::Apk, Action::Clean) => vec![cleanup(CacheKind::ApkCache, true)],
        (Manager::Yum, Action::Clean) => vec![cleanup(CacheKind::YumCache, scope_all)],
        (Manager::Dnf | Manager::Microdnf, Action::Clean) => {
            vec![cleanup(CacheKind::DnfCache, scope_all)]
        }
        (Manager::Zypper, Action::Clean) => vec![cleanup(CacheKind::ZypperCache, true)],
        (Manager::Npm, Action::Clean) => vec![cleanup(CacheKind::NpmCache, true)],
        (Manager::Yarn, Action::Clean) => vec![cleanup(CacheKind::YarnCache, true)],
        (Manager::Pnpm, Action::Clean) => vec![cleanup(CacheKind::PnpmStore, false)],
        (Manager::Pip, Action::Clean) => {
            vec![cleanup(CacheKind::PipCache, sub == Some("cache purge"))]
        }
        (Manager::Uv, Action::Clean) => {
            vec![cleanup(CacheKind::UvCache, sub == Some("cache clean"))]
        }
        (Manager::Composer, Action::Clean) => vec![cleanup(CacheKind::ComposerCache, true)],
        (Manager::Go, Action::Clean) => {
            let mut found = Vec::new();
            if package.has_option("-cache") {
                found.push(cleanup(CacheKind::GoBuildCache, true));
            }
            if package.has_option("-modcache") {
                found.push(cleanup(CacheKind::GoModCache, true));
            }
            found
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::normalise;
    use crate::shell::packages::{facts, CacheKind};
    use crate::shell::parse;

    #[test]
    fn apt_dist_clean_deletes_archives_and_lists() {
        let found = facts(&parse("apt-get update && apt-get dist-clean"));
        assert!(found.cleans(CacheKind::AptLists));
        assert!(found.cleans(CacheKind::AptArchives));
        let found = facts(&parse("apt-get clean"));
        assert!(!found.cleans(CacheKind::AptLists));
        assert!(found.cleans(CacheKind::AptArchives));
        let found = facts(&parse("apt-get autoclean"));
        assert!(
            !found.cleans(CacheKind::AptArchives),
            "autoclean keeps current packages"
        );
    }

    #[test]
    fn paths_are_normalised() {
        assert_eq!(normalise("/var/lib/apt/lists/*"), "/var/lib/apt/lists");
        assert_eq!(normalise("/root/.cache/pip/"), "~/.cache/pip");
        assert_eq!(normalise("$HOME/.npm"), "~/.npm");
        assert_eq!(normalise("${HOME}/.cache"), "~/.cache");
        assert_eq!(normalise("/"), "/");
        assert_eq!(normalise("/tmp/*"), "/tmp");
    }
}
