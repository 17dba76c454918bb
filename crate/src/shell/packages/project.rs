//! Project-level knowledge about dependency installs: which commands install
//! a project's dependencies from its manifests (so `COPY . .` before them
//! re-runs the install on every code edit), which manifest files to copy
//! first, which caches a command leaves in its layer, and where a
//! `RUN --mount=type=cache` should point for each manager.

use super::{Action, CacheKind, FlagKind, Manager, PackageCommand, PackageSource};

/// The manifest and lock files a dependency install reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifests {
    /// Candidate file names, relative to the directory the install runs in
    /// (`package.json`, `package-lock.json`; `requirements.txt` as named).
    pub files: Vec<String>,
    /// How to say it when the context is unknown (`package.json and
    /// package-lock.json`, `build.gradle(.kts) and settings.gradle(.kts)`).
    pub summary: String,
}

impl Manifests {
    fn fixed(files: &[&str], summary: &str) -> Self {
        Manifests {
            files: files.iter().map(|f| (*f).to_owned()).collect(),
            summary: summary.to_owned(),
        }
    }
}

/// Whether `command` installs (or downloads, or resolves while building) a
/// project's dependencies from its manifests, and if so which manifests.
///
/// Covered: `npm ci`/`npm install` without packages, `yarn [install]`,
/// `pnpm install|fetch`, `pip install -r FILE` (also `uv pip install -r`,
/// `uv pip sync`), `uv sync`, `poetry install|sync`, `pipenv install|sync`
/// without packages, `bundle install`, `go mod download`, `cargo
/// build|fetch|vendor`, `composer install`, Maven and Gradle builds and
/// dependency goals. Installing named packages (`npm install express`,
/// `pip install flask`) and building the project's own code (`go build`,
/// `npm run build`) are not dependency installs.
pub fn dependency_manifests(command: &PackageCommand) -> Option<Manifests> {
    use Manager::*;
    let requirement_files = || -> Option<Manifests> {
        let files: Vec<String> = command
            .packages
            .iter()
            .filter(|p| {
                matches!(
                    p.source,
                    PackageSource::RequirementsFile | PackageSource::ConstraintsFile
                ) && !p.dynamic
            })
            .map(|p| p.name.clone())
            .collect();
        let only_files = !command.packages.is_empty()
            && command.packages.iter().all(|p| {
                matches!(
                    p.source,
                    PackageSource::RequirementsFile | PackageSource::ConstraintsFile
                )
            });
        (only_files && !files.is_empty()).then(|| Manifests {
            summary: files.join(" and "),
            files,
        })
    };
    match (command.manager, command.action) {
        (Npm, Action::InstallDependencies) => Some(Manifests::fixed(
            &["package.json", "package-lock.json", "npm-shrinkwrap.json"],
            "package.json and package-lock.json",
        )),
        (Yarn, Action::InstallDependencies) => Some(Manifests::fixed(
            &["package.json", "yarn.lock", ".yarnrc.yml"],
            "package.json and yarn.lock",
        )),
        (Pnpm, Action::InstallDependencies | Action::Fetch) => Some(Manifests::fixed(
            &["package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml"],
            "package.json and pnpm-lock.yaml",
        )),
        (Pip, Action::InstallDependencies | Action::Install) => requirement_files(),
        (Uv, Action::InstallDependencies | Action::Install) => {
            let is_sync = command
                .subcommand
                .as_ref()
                .is_some_and(|s| s.text == "sync");
            if is_sync {
                Some(Manifests::fixed(
                    &["pyproject.toml", "uv.lock"],
                    "pyproject.toml and uv.lock",
                ))
            } else {
                requirement_files()
            }
        }
        (Poetry, Action::InstallDependencies) => Some(Manifests::fixed(
            &["pyproject.toml", "poetry.lock"],
            "pyproject.toml and poetry.lock",
        )),
        (Pipenv, Action::InstallDependencies) => Some(Manifests::fixed(
            &["Pipfile", "Pipfile.lock"],
            "Pipfile and Pipfile.lock",
        )),
        (Bundler, Action::InstallDependencies) => Some(Manifests::fixed(
            &["Gemfile", "Gemfile.lock"],
            "Gemfile and Gemfile.lock",
        )),
        (Go, Action::Fetch) => Some(Manifests::fixed(&["go.mod", "go.sum"], "go.mod and go.sum")),
        (Cargo, Action::Fetch | Action::Build) => Some(Manifests::fixed(
            &["Cargo.toml", "Cargo.lock"],
            "Cargo.toml and Cargo.lock",
        )),
        (Composer, Action::InstallDependencies) => Some(Manifests::fixed(
            &["composer.json", "composer.lock"],
            "composer.json and composer.lock",
        )),
        (Maven, Action::Fetch | Action::Build) => Some(Manifests::fixed(&["pom.xml"], "pom.xml")),
        (Gradle, Action::Fetch | Action::Build) => Some(Manifests::fixed(
            &[
                "build.gradle",
                "build.gradle.kts",
                "settings.gradle",
                "settings.gradle.kts",
                "gradle.properties",
            ],
            "build.gradle(.kts) and settings.gradle(.kts)",
        )),
        _ => None,
    }
}

/// Whether the command only builds the project (resolving dependencies on
/// the way) rather than installing them: `cargo build`, `mvn package`,
/// `gradle build`. A cache mount for the manager's download directory takes
/// most of the cost out of re-running these.
pub fn builds_project(command: &PackageCommand) -> bool {
    command.action == Action::Build
        && matches!(
            command.manager,
            Manager::Cargo | Manager::Maven | Manager::Gradle
        )
}

/// The caches a command leaves in its layer, for a root user with the
/// managers' default settings: the apt index after `apt-get update`, apk's
/// index after `apk update` (or `apk add` without `--no-cache`), pip's and
/// npm's download caches, and so on. Caches the command disables
/// (`--no-cache`, `--no-cache-dir`) are not listed.
pub fn caches_filled(command: &PackageCommand) -> Vec<CacheKind> {
    use Manager::*;
    let no_cache = command.has(FlagKind::NoCache);
    let installs = matches!(
        command.action,
        Action::Install | Action::InstallDependencies | Action::Fetch | Action::Upgrade
    );
    let mut kinds = Vec::new();
    match command.manager {
        AptGet | Apt | Aptitude => {
            if command.action == Action::Update {
                kinds.push(CacheKind::AptLists);
            }
        }
        Apk => {
            let refreshes = command.action == Action::Update || command.has(FlagKind::RefreshIndex);
            if refreshes && !no_cache {
                kinds.push(CacheKind::ApkCache);
            }
        }
        Dnf | Microdnf => {
            if (installs || command.action == Action::Update) && !no_cache {
                kinds.push(CacheKind::DnfCache);
            }
        }
        Yum => {
            if (installs || command.action == Action::Update) && !no_cache {
                kinds.push(CacheKind::YumCache);
            }
        }
        Zypper => {
            if installs || command.action == Action::Update {
                kinds.push(CacheKind::ZypperCache);
            }
        }
        Pip | Pipenv | Poetry => {
            if installs && !no_cache {
                kinds.push(CacheKind::PipCache);
            }
        }
        Uv => {
            if installs && !no_cache {
                kinds.push(CacheKind::UvCache);
            }
        }
        Npm => {
            if installs {
                kinds.push(CacheKind::NpmCache);
            }
        }
        Yarn => {
            if installs {
                kinds.push(CacheKind::YarnCache);
            }
        }
        Pnpm => {
            if installs {
                kinds.push(CacheKind::PnpmStore);
            }
        }
        Composer => {
            if installs && !no_cache {
                kinds.push(CacheKind::ComposerCache);
            }
        }
        Go => {
            if installs || command.action == Action::Build {
                kinds.push(CacheKind::GoModCache);
            }
            if command.action == Action::Build || command.action == Action::Install {
                kinds.push(CacheKind::GoBuildCache);
            }
        }
        Cargo => {
            if installs || command.action == Action::Build {
                kinds.push(CacheKind::CargoRegistry);
            }
        }
        Pipx | Npx | Gem | Bundler | Maven | Gradle => {}
    }
    kinds
}

/// Where `RUN --mount=type=cache,target=…` should point for a manager, for
/// a root user with default settings in the manager's official image
/// (`/root/.npm`, `/root/.cache/pip`, `/root/.m2`…). Empty for managers
/// whose cache location depends on the image (Go's module cache follows
/// `GOPATH`, Cargo's `CARGO_HOME`) or needs more than a mount (apt).
pub fn cache_mount_target(manager: Manager) -> Option<&'static str> {
    match manager {
        Manager::Pip | Manager::Pipenv => Some("/root/.cache/pip"),
        Manager::Poetry => Some("/root/.cache/pypoetry"),
        Manager::Uv => Some("/root/.cache/uv"),
        Manager::Npm => Some("/root/.npm"),
        Manager::Yarn => Some("/usr/local/share/.cache/yarn"),
        Manager::Pnpm => Some("/root/.local/share/pnpm/store"),
        Manager::Maven => Some("/root/.m2"),
        Manager::Gradle => Some("/root/.gradle"),
        Manager::Composer => Some("/root/.composer/cache"),
        Manager::Apk => Some("/var/cache/apk"),
        _ => None,
    }
}

/// The environment variables that move a manager's cache elsewhere; when
/// one is set, [`cache_mount_target`] no longer applies.
pub fn cache_location_variables(manager: Manager) -> &'static [&'static str] {
    match manager {
        Manager::Pip | Manager::Pipenv => &["PIP_CACHE_DIR", "XDG_CACHE_HOME", "HOME"],
        Manager::Poetry => &["POETRY_CACHE_DIR", "XDG_CACHE_HOME", "HOME"],
        Manager::Uv => &["UV_CACHE_DIR", "XDG_CACHE_HOME", "HOME"],
        Manager::Npm => &["npm_config_cache", "NPM_CONFIG_CACHE", "HOME"],
        Manager::Yarn => &["YARN_CACHE_FOLDER"],
        Manager::Pnpm => &["PNPM_HOME", "XDG_DATA_HOME", "HOME"],
        Manager::Maven => &["MAVEN_OPTS", "MAVEN_CONFIG", "HOME"],
        Manager::Gradle => &["GRADLE_USER_HOME", "HOME"],
        Manager::Composer => &["COMPOSER_HOME", "COMPOSER_CACHE_DIR", "HOME"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::packages::package_commands;
    use crate::shell::parse;

    fn first(text: &str) -> PackageCommand {
        package_commands(&parse(text))
            .into_iter()
            .next()
            .expect("a package command")
    }

    fn manifests(text: &str) -> Option<Vec<String>> {
        dependency_manifests(&first(text)).map(|m| m.files)
    }

    #[test]
    fn dependency_installs_name_their_manifests() {
        assert_eq!(
            manifests("npm ci --omit=dev").unwrap()[..2],
            ["package.json", "package-lock.json"]
        );
        assert_eq!(manifests("yarn").unwrap()[1], "yarn.lock");
        assert_eq!(
            manifests("pnpm i --frozen-lockfile").unwrap()[1],
            "pnpm-lock.yaml"
        );
        assert_eq!(
            manifests("pip install --no-cache-dir -r requirements/prod.txt").unwrap(),
            ["requirements/prod.txt"]
        );
        assert_eq!(
            manifests("uv pip install -r requirements.txt").unwrap(),
            ["requirements.txt"]
        );
        assert_eq!(
            manifests("uv sync --frozen").unwrap(),
            ["pyproject.toml", "uv.lock"]
        );
        assert_eq!(
            manifests("poetry install --no-root").unwrap()[1],
            "poetry.lock"
        );
        assert_eq!(manifests("bundle install").unwrap()[0], "Gemfile");
        assert_eq!(manifests("go mod download").unwrap(), ["go.mod", "go.sum"]);
        assert_eq!(manifests("cargo build --release").unwrap()[0], "Cargo.toml");
        assert_eq!(
            manifests("composer install --no-dev").unwrap()[1],
            "composer.lock"
        );
        assert_eq!(manifests("mvn -B package").unwrap(), ["pom.xml"]);
        assert_eq!(manifests("./gradlew build").unwrap()[0], "build.gradle");
    }

    #[test]
    fn named_packages_and_own_builds_are_not_dependency_installs() {
        for text in [
            "npm install express",
            "pip install flask",
            "pip install -r requirements.txt flask",
            "pip install .",
            "go build ./...",
            "npm run build",
            "apt-get install -y curl",
            "yarn add react",
        ] {
            assert_eq!(manifests(text), None, "{text}");
        }
    }

    #[test]
    fn caches_left_in_the_layer() {
        assert_eq!(
            caches_filled(&first("apt-get update")),
            [CacheKind::AptLists]
        );
        assert!(caches_filled(&first("apt-get install -y curl")).is_empty());
        assert_eq!(caches_filled(&first("apk update")), [CacheKind::ApkCache]);
        assert!(caches_filled(&first("apk add --no-cache curl")).is_empty());
        assert_eq!(
            caches_filled(&first("pip install flask")),
            [CacheKind::PipCache]
        );
        assert!(caches_filled(&first("pip install --no-cache-dir flask")).is_empty());
        assert_eq!(caches_filled(&first("npm ci")), [CacheKind::NpmCache]);
    }

    #[test]
    fn cache_mount_targets() {
        assert_eq!(cache_mount_target(Manager::Npm), Some("/root/.npm"));
        assert_eq!(cache_mount_target(Manager::Go), None);
        assert!(cache_location_variables(Manager::Pip).contains(&"PIP_CACHE_DIR"));
        assert!(builds_project(&first("mvn package")));
        assert!(!builds_project(&first("npm ci")));
    }
}
