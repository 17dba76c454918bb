//! Package-manager facts from RUN commands: must-find and must-not-find cases
//! for every manager, plus cleanups, downloads and archive extraction.

use layerlab::shell::packages::{
    self, Action, ArchiveTool, CacheKind, DownloadOutput, DownloadTool, FlagKind, Manager,
    PackageCommand, PackageSource, PinStatus,
};
use layerlab::shell::{self, Script};

/// The single package command in `text`.
fn one(text: &str) -> PackageCommand {
    let script = shell::parse(text);
    let mut found = packages::package_commands(&script);
    assert_eq!(
        found.len(),
        1,
        "expected one package command in {text:?}: {found:?}"
    );
    found.remove(0)
}

fn all(text: &str) -> Vec<PackageCommand> {
    packages::package_commands(&shell::parse(text))
}

/// `(name, version, pin status)` of each package.
fn pins(command: &PackageCommand) -> Vec<(String, Option<String>, PinStatus)> {
    command
        .packages
        .iter()
        .map(|p| {
            (
                p.name.clone(),
                p.version.as_ref().map(|v| v.version.clone()),
                p.pin_status(),
            )
        })
        .collect()
}

fn pin(
    name: &str,
    version: Option<&str>,
    status: PinStatus,
) -> (String, Option<String>, PinStatus) {
    (name.to_owned(), version.map(str::to_owned), status)
}

fn slice(text: &str, range: layerlab::TextRange) -> &str {
    range.slice(text)
}

use PinStatus::{NotApplicable, Pinned, Unknown, Unpinned};

// ---- apt ---------------------------------------------------------------------

#[test]
fn apt_get_install_with_pins_and_flags() {
    let text = "apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 git=1:2.39* ca-certificates";
    let c = one(text);
    assert_eq!((c.manager, c.action), (Manager::AptGet, Action::Install));
    assert_eq!(
        pins(&c),
        [
            pin("curl", Some("7.88.1-10+deb12u5"), Pinned),
            pin("git", Some("1:2.39*"), Pinned),
            pin("ca-certificates", None, Unpinned),
        ]
    );
    assert!(c.has(FlagKind::AssumeYes) && c.has(FlagKind::NoInstallRecommends));
    let curl = &c.packages[0];
    assert_eq!(slice(text, curl.range), "curl=7.88.1-10+deb12u5");
    assert_eq!(
        slice(
            text,
            curl.version.as_ref().map(|v| v.range).unwrap_or_default()
        ),
        "7.88.1-10+deb12u5"
    );
    assert_eq!(
        slice(
            text,
            c.flag(FlagKind::AssumeYes)
                .map(|f| f.range)
                .unwrap_or_default()
        ),
        "-y"
    );
    assert_eq!(c.insertion_point(), text.find(" -y").unwrap_or(0));
    assert_eq!(c.unpinned().count(), 1);
}

#[test]
fn apt_get_assume_yes_variants() {
    for text in [
        "apt-get install --yes x",
        "apt-get install --assume-yes x",
        "apt-get -qq install x",
        "apt-get -q=2 install x",
        "apt-get -q -q install x",
        "apt-get -o APT::Get::Assume-Yes=true install x",
        "apt-get install -qy x",
        "apt-get --quiet=2 install x",
    ] {
        assert!(one(text).has(FlagKind::AssumeYes), "{text}");
    }
    for text in [
        "apt-get install x",
        "apt-get -q install x",
        "apt-get install -o Debug=yes x",
    ] {
        assert!(!one(text).has(FlagKind::AssumeYes), "{text}");
    }
}

#[test]
fn apt_bundled_letter_has_its_own_range() {
    let text = "apt-get install -qy curl";
    let c = one(text);
    let y = c
        .flag(FlagKind::AssumeYes)
        .map(|f| f.range)
        .unwrap_or_default();
    assert_eq!(slice(text, y), "y");
}

#[test]
fn apt_recommends_via_config_option() {
    let c = one("apt-get install -y -o APT::Install-Recommends=false curl");
    assert!(c.has(FlagKind::NoInstallRecommends));
    assert_eq!(
        pins(&c),
        [pin("curl", None, Unpinned)],
        "option values are not packages"
    );
    let c = one("apt-get install -y -o APT::Install-Recommends=true curl");
    assert!(!c.has(FlagKind::NoInstallRecommends));
}

#[test]
fn apt_actions_and_sources() {
    let cases = [
        ("apt-get update", Action::Update),
        ("apt-get -y upgrade", Action::Upgrade),
        ("apt-get dist-upgrade -y", Action::Upgrade),
        ("apt-get purge -y --auto-remove gcc", Action::Remove),
        ("apt-get autoremove -y", Action::Remove),
        ("apt-get clean", Action::Clean),
        ("apt-get build-dep -y python3", Action::Install),
        ("apt-cache policy curl", Action::Other),
    ];
    for (text, action) in cases {
        let found = all(text);
        if text.starts_with("apt-cache") {
            assert!(found.is_empty(), "{text}");
            continue;
        }
        assert_eq!(found[0].action, action, "{text}");
    }
    let c = one("apt install -y ./google-chrome.deb /tmp/x.deb vim/bookworm-backports");
    assert_eq!(c.manager, Manager::Apt);
    assert_eq!(c.packages[0].source, PackageSource::LocalPath);
    assert_eq!(c.packages[1].source, PackageSource::LocalPath);
    assert_eq!(
        pins(&c)[2],
        pin("vim", Some("bookworm-backports"), Unpinned)
    );
    assert_eq!(
        c.packages[2].version.as_ref().map(|v| v.operator.as_str()),
        Some("/")
    );
    let c = one("aptitude install -y vim");
    assert_eq!(c.manager, Manager::Aptitude);
}

#[test]
fn apt_through_wrappers_and_dynamic_packages() {
    let c =
        one("DEBIAN_FRONTEND=noninteractive sudo -E apt-get install -y $PACKAGES \"lib${V}-dev\"");
    assert_eq!(c.manager, Manager::AptGet);
    assert_eq!(
        c.packages
            .iter()
            .map(|p| p.pin_status())
            .collect::<Vec<_>>(),
        [Unknown, Unknown]
    );
    let c = one("env DEBIAN_FRONTEND=noninteractive /usr/bin/apt-get install -y tzdata");
    assert_eq!(c.manager, Manager::AptGet);
}

#[test]
fn apt_inside_nested_shell_and_substitution() {
    let found = all("su root -c 'apt-get update' && bash -c \"apt-get install -y jq\"");
    let actions: Vec<_> = found.iter().map(|c| c.action).collect();
    assert_eq!(actions, [Action::Update, Action::Install]);
    assert!(all("echo apt-get install x").is_empty());
    assert!(all("echo 'apt-get install -y x' > notes.txt").is_empty());
}

// ---- apk -----------------------------------------------------------------------

#[test]
fn apk_add() {
    let text = "apk add --no-cache --virtual .build-deps gcc=13.2.1_git20231014-r0 musl-dev~1.2 curl@edge 'python3>=3.11' ./local.apk";
    let c = one(text);
    assert_eq!((c.manager, c.action), (Manager::Apk, Action::Install));
    assert!(c.has(FlagKind::NoCache) && c.has(FlagKind::Virtual));
    assert_eq!(
        pins(&c),
        [
            pin("gcc", Some("13.2.1_git20231014-r0"), Pinned),
            pin("musl-dev", Some("1.2"), Pinned),
            pin("curl", None, Unpinned),
            pin("python3", Some("3.11"), Pinned),
            pin("./local.apk", None, NotApplicable),
        ]
    );
    let c = one("apk add -U bash");
    assert!(c.has(FlagKind::RefreshIndex) && !c.has(FlagKind::NoCache));
    let c = one("apk --update add bash");
    assert!(c.has(FlagKind::RefreshIndex));
}

#[test]
fn apk_other_actions() {
    assert_eq!(one("apk update").action, Action::Update);
    assert_eq!(one("apk upgrade --no-cache").action, Action::Upgrade);
    assert_eq!(one("apk del .build-deps").action, Action::Remove);
    let c = one("apk cache clean");
    assert_eq!(c.action, Action::Clean);
    assert_eq!(c.subcommand.map(|s| s.text), Some("cache clean".to_owned()));
}

// ---- dnf / yum / microdnf ---------------------------------------------------------

#[test]
fn yum_and_dnf_install() {
    let c =
        one("yum install -y httpd-2.4.6-97.el7 java-11-openjdk python3-pip nodejs-16.20.2 ./x.rpm");
    assert_eq!((c.manager, c.action), (Manager::Yum, Action::Install));
    assert!(c.has(FlagKind::AssumeYes));
    assert_eq!(
        pins(&c),
        [
            pin("httpd", Some("2.4.6-97.el7"), Pinned),
            pin("java-11-openjdk", None, Unpinned),
            pin("python3-pip", None, Unpinned),
            pin("nodejs", Some("16.20.2"), Pinned),
            pin("./x.rpm", None, NotApplicable),
        ]
    );
    let c = one(
        "dnf --setopt=install_weak_deps=False --nodocs install -y java-1.8.0-openjdk-1.8.0.292",
    );
    assert_eq!(c.manager, Manager::Dnf);
    assert!(
        c.has(FlagKind::NoInstallRecommends)
            && c.has(FlagKind::NoDocs)
            && c.has(FlagKind::AssumeYes)
    );
    assert_eq!(
        pins(&c),
        [pin("java-1.8.0-openjdk", Some("1.8.0.292"), Pinned)]
    );
    let c = one("microdnf install --setopt=tsflags=nodocs -y shadow-utils");
    assert_eq!(c.manager, Manager::Microdnf);
    assert!(c.has(FlagKind::NoDocs));
    assert!(!one("dnf install httpd").has(FlagKind::AssumeYes));
    assert!(one("dnf install --assumeyes httpd").has(FlagKind::AssumeYes));
}

#[test]
fn dnf_groups_modules_and_clean() {
    let c = one("dnf group install -y \"Development Tools\"");
    assert_eq!(c.action, Action::Install);
    assert_eq!(c.packages[0].source, PackageSource::Group);
    let c = one("dnf module install -y nodejs:18");
    assert_eq!(pins(&c), [pin("nodejs", Some("18"), Pinned)]);
    let c = one("yum clean all");
    assert_eq!(
        (c.action, c.tasks.clone()),
        (Action::Clean, vec!["all".to_owned()])
    );
    assert!(c.packages.is_empty());
    assert_eq!(one("dnf makecache").action, Action::Update);
    assert_eq!(one("yum update -y").action, Action::Upgrade);
    assert_eq!(one("yum -y erase gcc").action, Action::Remove);
}

// ---- zypper ----------------------------------------------------------------------

#[test]
fn zypper() {
    let c = one("zypper --non-interactive install --no-recommends vim=9.0 curl 'git>=2.40'");
    assert_eq!((c.manager, c.action), (Manager::Zypper, Action::Install));
    assert!(c.has(FlagKind::AssumeYes) && c.has(FlagKind::NoInstallRecommends));
    assert_eq!(
        pins(&c),
        [
            pin("vim", Some("9.0"), Pinned),
            pin("curl", None, Unpinned),
            pin("git", Some("2.40"), Pinned)
        ]
    );
    for text in [
        "zypper -n in x",
        "zypper in -y x",
        "zypper install --no-confirm x",
    ] {
        assert!(one(text).has(FlagKind::AssumeYes), "{text}");
    }
    assert!(!one("zypper install x").has(FlagKind::AssumeYes));
    assert_eq!(one("zypper dup").action, Action::Upgrade);
    assert_eq!(
        one("zypper dist-upgrade").subcommand.map(|s| s.text),
        Some("dist-upgrade".to_owned())
    );
    assert_eq!(one("zypper clean -a").action, Action::Clean);
    assert_eq!(one("zypper cc").action, Action::Clean);
    assert_eq!(one("zypper ref").action, Action::Update);
    assert_eq!(one("zypper rm -y x").action, Action::Remove);
}

// ---- python ------------------------------------------------------------------------

#[test]
fn pip_install_pins_and_sources() {
    let c = one(
        "pip install --no-cache-dir flask==2.3.2 'requests[security]>=2.31,<3; python_version>\"3.8\"' django -r requirements.txt -c constraints.txt -e . git+https://github.com/a/b.git@v1.0#egg=b ./dist/app.whl https://x.org/p.tar.gz",
    );
    assert_eq!((c.manager, c.action), (Manager::Pip, Action::Install));
    assert!(c.has(FlagKind::NoCache));
    assert_eq!(
        pins(&c),
        [
            pin("flask", Some("2.3.2"), Pinned),
            pin(
                "requests",
                Some(">=2.31,<3".trim_start_matches(">=")),
                Pinned
            ),
            pin("django", None, Unpinned),
            pin("requirements.txt", None, NotApplicable),
            pin("constraints.txt", None, NotApplicable),
            pin(".", None, NotApplicable),
            pin("git+https://github.com/a/b.git@v1.0#egg=b", None, Pinned),
            pin("./dist/app.whl", None, NotApplicable),
            pin("https://x.org/p.tar.gz", None, NotApplicable),
        ]
    );
    let sources: Vec<_> = c.packages.iter().map(|p| p.source.clone()).collect();
    assert_eq!(sources[3], PackageSource::RequirementsFile);
    assert_eq!(sources[4], PackageSource::ConstraintsFile);
    assert_eq!(sources[5], PackageSource::LocalPath);
    assert_eq!(
        sources[6],
        PackageSource::Vcs {
            reference: Some("v1.0".into())
        }
    );
    assert_eq!(
        c.packages[1].version.as_ref().map(|v| v.operator.as_str()),
        Some(">=")
    );
}

#[test]
fn pip_entry_points_and_cache_settings() {
    for text in [
        "pip3 install x",
        "pip3.11 install x",
        "python -m pip install x",
        "python3 -m pip install --upgrade pip",
        "/usr/local/bin/python3.12 -I -m pip install x",
        "sudo -H pip install x",
    ] {
        let c = one(text);
        assert_eq!(
            (c.manager, c.action),
            (Manager::Pip, Action::Install),
            "{text}"
        );
        assert!(!c.has(FlagKind::NoCache), "{text}");
    }
    assert!(all("python3 -m venv /venv").is_empty());
    assert!(all("python -c 'import pip'").is_empty());
    assert!(one("PIP_NO_CACHE_DIR=1 pip install x").has(FlagKind::NoCache));
    assert!(one("env PIP_NO_CACHE_DIR=true pip install x").has(FlagKind::NoCache));
    assert!(!one("PIP_NO_CACHE_DIR=0 pip install x").has(FlagKind::NoCache));
    assert!(one("pip --no-cache-dir install x").has(FlagKind::NoCache));
    let c = one("pip install -r requirements.txt");
    assert_eq!(c.action, Action::InstallDependencies);
    let c = one("pip install --user --upgrade --break-system-packages x");
    assert!(
        c.has(FlagKind::User) && c.has(FlagKind::Upgrade) && c.has(FlagKind::BreakSystemPackages)
    );
    assert_eq!(one("pip uninstall -y x").action, Action::Remove);
    assert_eq!(one("pip cache purge").action, Action::Clean);
    assert_eq!(one("pip download -d /wheels x").action, Action::Fetch);
    assert_eq!(one("pip freeze").action, Action::Other);
}

#[test]
fn pip_option_values_are_not_packages() {
    let c = one("pip install -i https://pypi.example/simple --target /app/deps --trusted-host pypi.example numpy==1.26.4");
    assert_eq!(pins(&c), [pin("numpy", Some("1.26.4"), Pinned)]);
    assert!(c.has(FlagKind::Insecure));
}

#[test]
fn pipx_uv_pipenv_poetry() {
    let c = one("pipx install poetry==1.8.2");
    assert_eq!((c.manager, c.action), (Manager::Pipx, Action::Install));
    assert_eq!(pins(&c), [pin("poetry", Some("1.8.2"), Pinned)]);
    let c = one("uv pip install --system --no-cache ruff==0.4.0 black");
    assert_eq!((c.manager, c.action), (Manager::Uv, Action::Install));
    assert!(c.has(FlagKind::NoCache) && c.has(FlagKind::Global));
    assert_eq!(
        pins(&c),
        [
            pin("ruff", Some("0.4.0"), Pinned),
            pin("black", None, Unpinned)
        ]
    );
    let c = one("uv sync --frozen --no-dev");
    assert_eq!(c.action, Action::InstallDependencies);
    assert!(c.has(FlagKind::FrozenLockfile) && c.has(FlagKind::OmitDev));
    let c = one("uv pip sync requirements.lock");
    assert_eq!(c.packages[0].source, PackageSource::RequirementsFile);
    assert_eq!(one("uv cache clean").action, Action::Clean);
    let c = one("pipenv install --deploy --system");
    assert_eq!(c.action, Action::InstallDependencies);
    assert!(c.has(FlagKind::FrozenLockfile) && c.has(FlagKind::Global));
    assert_eq!(one("pipenv install requests").action, Action::Install);
    let c = one("poetry install --no-interaction --only main --no-root");
    assert_eq!(
        (c.manager, c.action),
        (Manager::Poetry, Action::InstallDependencies)
    );
    assert!(c.has(FlagKind::OmitDev) && c.has(FlagKind::NonInteractive));
    assert!(!one("poetry install --with dev").has(FlagKind::OmitDev));
    assert!(one("poetry install --without dev").has(FlagKind::OmitDev));
    let c = one("poetry add requests@^2.31 black");
    assert_eq!(
        pins(&c),
        [
            pin("requests", Some("^2.31"), Pinned),
            pin("black", None, Unpinned)
        ]
    );
    assert_eq!(one("python -m poetry build").action, Action::Build);
}

// ---- node --------------------------------------------------------------------------

#[test]
fn npm_install_specs() {
    let c = one("npm install -g typescript@5.4.5 @angular/cli@^17 left-pad@latest express user/repo#v1.0 git+https://github.com/x/y.git ./local file:../lib pkg.tgz");
    assert_eq!((c.manager, c.action), (Manager::Npm, Action::Install));
    assert!(c.has(FlagKind::Global));
    assert_eq!(
        pins(&c),
        [
            pin("typescript", Some("5.4.5"), Pinned),
            pin("@angular/cli", Some("^17"), Pinned),
            pin("left-pad", Some("latest"), Unpinned),
            pin("express", None, Unpinned),
            pin("user/repo#v1.0", None, Pinned),
            pin("git+https://github.com/x/y.git", None, Unpinned),
            pin("./local", None, NotApplicable),
            pin("file:../lib", None, NotApplicable),
            pin("pkg.tgz", None, NotApplicable),
        ]
    );
}

#[test]
fn npm_manifest_installs_and_flags() {
    let c = one("npm ci --omit=dev --ignore-scripts");
    assert_eq!(c.action, Action::InstallDependencies);
    assert!(c.has(FlagKind::OmitDev) && c.has(FlagKind::IgnoreScripts));
    assert_eq!(one("npm install").action, Action::InstallDependencies);
    assert_eq!(
        one("npm i --production").action,
        Action::InstallDependencies
    );
    for text in [
        "npm ci --only=production",
        "npm ci --omit dev",
        "npm install --production",
        "NODE_ENV=production npm ci",
    ] {
        assert!(one(text).has(FlagKind::OmitDev), "{text}");
    }
    for text in [
        "npm ci",
        "npm install --production=false",
        "npm ci --omit=optional",
    ] {
        assert!(!one(text).has(FlagKind::OmitDev), "{text}");
    }
    let c = one("npm run build --if-present");
    assert_eq!(
        (c.action, c.tasks.clone()),
        (Action::Build, vec!["build".to_owned()])
    );
    assert_eq!(one("npm run lint").action, Action::Run);
    let c = one("npm cache clean --force");
    assert_eq!(c.action, Action::Clean);
    assert!(c.has(FlagKind::Force));
    assert_eq!(one("npm uninstall x").action, Action::Remove);
}

#[test]
fn yarn_and_pnpm() {
    let c = one("yarn install --frozen-lockfile --production");
    assert_eq!(
        (c.manager, c.action),
        (Manager::Yarn, Action::InstallDependencies)
    );
    assert!(c.has(FlagKind::FrozenLockfile) && c.has(FlagKind::OmitDev));
    assert_eq!(one("yarn").action, Action::InstallDependencies);
    assert!(one("yarn install --immutable").has(FlagKind::FrozenLockfile));
    let c = one("yarn global add serve@14.2.1 http-server");
    assert_eq!(c.action, Action::Install);
    assert!(c.has(FlagKind::Global));
    assert_eq!(
        pins(&c),
        [
            pin("serve", Some("14.2.1"), Pinned),
            pin("http-server", None, Unpinned)
        ]
    );
    assert_eq!(one("yarn cache clean").action, Action::Clean);
    let c = one("yarn build");
    assert_eq!(
        (c.action, c.tasks.clone()),
        (Action::Build, vec!["build".to_owned()])
    );
    let c = one("pnpm install --frozen-lockfile --prod");
    assert_eq!(
        (c.manager, c.action),
        (Manager::Pnpm, Action::InstallDependencies)
    );
    assert!(c.has(FlagKind::FrozenLockfile) && c.has(FlagKind::OmitDev));
    assert_eq!(one("pnpm add -D vitest@1").action, Action::Install);
    assert_eq!(one("pnpm store prune").action, Action::Clean);
    assert_eq!(one("pnpm fetch --prod").action, Action::Fetch);
}

#[test]
fn npx_runs_a_package() {
    let c = one("npx --yes create-react-app@5.0.1 my-app");
    assert_eq!((c.manager, c.action), (Manager::Npx, Action::Run));
    assert!(c.has(FlagKind::AssumeYes));
    assert_eq!(pins(&c), [pin("create-react-app", Some("5.0.1"), Pinned)]);
    let c = one("npx -p @nestjs/cli@10 nest new app");
    assert_eq!(pins(&c), [pin("@nestjs/cli", Some("10"), Pinned)]);
    assert_eq!(c.tasks, ["nest"]);
}

// ---- ruby ---------------------------------------------------------------------------

#[test]
fn gem_and_bundle() {
    let c = one("gem install bundler -v 2.5.6 --no-document");
    assert_eq!((c.manager, c.action), (Manager::Gem, Action::Install));
    assert_eq!(pins(&c), [pin("bundler", Some("2.5.6"), Pinned)]);
    assert!(c.has(FlagKind::NoDocs));
    assert_eq!(
        pins(&one("gem install rails:7.1.3")),
        [pin("rails", Some("7.1.3"), Pinned)]
    );
    assert_eq!(
        pins(&one("gem install rake")),
        [pin("rake", None, Unpinned)]
    );
    assert_eq!(
        pins(&one("gem install --version '~> 3.0' rspec")),
        [pin("rspec", Some("~> 3.0"), Pinned)]
    );
    assert_eq!(one("gem update --system").action, Action::Upgrade);
    let c = one("bundle install --jobs 4 --without development test");
    assert_eq!(
        (c.manager, c.action),
        (Manager::Bundler, Action::InstallDependencies)
    );
    assert!(c.has(FlagKind::OmitDev));
    assert!(one("BUNDLE_DEPLOYMENT=1 bundle install").has(FlagKind::FrozenLockfile));
    assert!(one("bundle install --frozen").has(FlagKind::FrozenLockfile));
}

// ---- go, cargo, composer, maven, gradle ------------------------------------------------

#[test]
fn go_commands() {
    let c = one("go install golang.org/x/tools/gopls@v0.15.3 github.com/x/y@latest ./cmd/app");
    assert_eq!((c.manager, c.action), (Manager::Go, Action::Install));
    assert_eq!(
        pins(&c),
        [
            pin("golang.org/x/tools/gopls", Some("v0.15.3"), Pinned),
            pin("github.com/x/y", Some("latest"), Unpinned),
            pin("./cmd/app", None, NotApplicable),
        ]
    );
    assert_eq!(
        pins(&one("go get -u github.com/a/b")),
        [pin("github.com/a/b", None, Unpinned)]
    );
    assert_eq!(
        pins(&one("go get github.com/a/b@none")),
        [pin("github.com/a/b", Some("none"), Unpinned)]
    );
    let c = one("go run github.com/swaggo/swag/cmd/swag@v1.16.3 init -g main.go");
    assert_eq!(c.action, Action::Run);
    assert_eq!(c.packages.len(), 1);
    let c = one("CGO_ENABLED=0 go build -ldflags '-s -w' -o /bin/app ./cmd/server");
    assert_eq!(c.action, Action::Build);
    assert_eq!(pins(&c), [pin("./cmd/server", None, NotApplicable)]);
    assert_eq!(one("go mod download").action, Action::Fetch);
    assert_eq!(one("go clean -modcache").action, Action::Clean);
}

#[test]
fn cargo_commands() {
    let c = one("cargo install ripgrep@14.1.0 --locked");
    assert_eq!((c.manager, c.action), (Manager::Cargo, Action::Install));
    assert_eq!(pins(&c), [pin("ripgrep", Some("14.1.0"), Pinned)]);
    assert!(c.has(FlagKind::Locked));
    assert_eq!(
        pins(&one("cargo install --version 0.9.1 sccache")),
        [pin("sccache", Some("0.9.1"), Pinned)]
    );
    assert_eq!(
        pins(&one("cargo install cargo-watch")),
        [pin("cargo-watch", None, Unpinned)]
    );
    let c = one("cargo install --git https://github.com/a/b --tag v1 b");
    assert_eq!(
        c.packages[0].source,
        PackageSource::Vcs {
            reference: Some("v1".into())
        }
    );
    assert_eq!(
        one("cargo install --path .").packages[0].source,
        PackageSource::LocalPath
    );
    let c = one("cargo build --release --locked");
    assert_eq!(c.action, Action::Build);
    assert!(c.has(FlagKind::Release) && c.has(FlagKind::Locked));
    assert_eq!(one("cargo fetch").action, Action::Fetch);
    assert_eq!(one("cargo +nightly build").action, Action::Build);
}

#[test]
fn composer_commands() {
    let c = one("composer install --no-dev --no-interaction --no-scripts --optimize-autoloader");
    assert_eq!(
        (c.manager, c.action),
        (Manager::Composer, Action::InstallDependencies)
    );
    assert!(
        c.has(FlagKind::OmitDev)
            && c.has(FlagKind::NonInteractive)
            && c.has(FlagKind::IgnoreScripts)
    );
    let c = one("composer require monolog/monolog:^3.0 guzzlehttp/guzzle 7.8 symfony/console");
    assert_eq!(
        pins(&c),
        [
            pin("monolog/monolog", Some("^3.0"), Pinned),
            pin("guzzlehttp/guzzle", Some("7.8"), Pinned),
            pin("symfony/console", None, Unpinned),
        ]
    );
    let c = one("composer global require laravel/installer");
    assert!(c.has(FlagKind::Global));
    assert_eq!(one("composer clear-cache").action, Action::Clean);
}

#[test]
fn maven_and_gradle() {
    let c = one("mvn -B -q -DskipTests -f pom.xml clean package");
    assert_eq!((c.manager, c.action), (Manager::Maven, Action::Build));
    assert_eq!(c.tasks, ["clean", "package"]);
    assert!(
        c.has(FlagKind::NonInteractive) && c.has(FlagKind::SkipTests) && c.has(FlagKind::Quiet)
    );
    let c = one("./mvnw dependency:go-offline -Dmaven.test.skip=true");
    assert_eq!((c.manager, c.action), (Manager::Maven, Action::Fetch));
    assert!(c.has(FlagKind::SkipTests));
    let c = one("./gradlew build --no-daemon -x test");
    assert_eq!((c.manager, c.action), (Manager::Gradle, Action::Build));
    assert!(c.has(FlagKind::NoDaemon) && c.has(FlagKind::SkipTests));
    assert_eq!(one("gradle dependencies").action, Action::Fetch);
    assert_eq!(one("mvn --version").action, Action::Other);
}

// ---- not package managers --------------------------------------------------------------

#[test]
fn unrelated_commands_are_ignored() {
    for text in [
        "echo npm install x",
        "apt-cache search x",
        "dpkg -i x.deb",
        "$PKG_MANAGER install x",
        "cat package.json",
        "python app.py",
        "node server.js",
        "ls /var/lib/apt/lists",
        "grep -r pip .",
    ] {
        assert!(all(text).is_empty(), "{text}");
    }
}

// ---- cleanups ------------------------------------------------------------------------------

fn cleanups(text: &str) -> Vec<(CacheKind, bool, String)> {
    let script = shell::parse(text);
    packages::facts(&script)
        .cleanups
        .into_iter()
        .map(|c| (c.target, c.complete, slice(text, c.range).to_owned()))
        .collect()
}

#[test]
fn rm_cleanups() {
    assert_eq!(
        cleanups("rm -rf /var/lib/apt/lists/* /tmp/*"),
        [
            (CacheKind::AptLists, true, "/var/lib/apt/lists/*".into()),
            (CacheKind::Temp, true, "/tmp/*".into()),
        ]
    );
    assert_eq!(
        cleanups("rm -r -f /var/lib/apt/lists/partial"),
        [(
            CacheKind::AptLists,
            false,
            "/var/lib/apt/lists/partial".into()
        )]
    );
    assert_eq!(
        cleanups("rm -rf ~/.cache/pip"),
        [(CacheKind::PipCache, true, "~/.cache/pip".into())]
    );
    assert_eq!(
        cleanups("rm -rf /root/.cache/pip/*"),
        [(CacheKind::PipCache, true, "/root/.cache/pip/*".into())]
    );
    assert_eq!(
        cleanups("rm -rf \"$HOME/.npm\""),
        [(CacheKind::NpmCache, true, "\"$HOME/.npm\"".into())]
    );
    let kinds: Vec<CacheKind> = cleanups("rm -rf /root/.cache")
        .into_iter()
        .map(|c| c.0)
        .collect();
    assert!(kinds.contains(&CacheKind::PipCache) && kinds.contains(&CacheKind::YarnCache));
    assert_eq!(
        cleanups("rm -rf /var/cache/apk/*"),
        [(CacheKind::ApkCache, true, "/var/cache/apk/*".into())]
    );
    assert!(cleanups("rm -rf /app/node_modules/.cache").is_empty());
    assert!(cleanups("rm -rf /var").is_empty());
    assert!(cleanups("echo rm -rf /var/lib/apt/lists/*").is_empty());
}

#[test]
fn manager_cleanups() {
    let cases = [
        ("apt-get clean", CacheKind::AptArchives, true),
        ("apt-get autoclean", CacheKind::AptArchives, false),
        ("yum clean all", CacheKind::YumCache, true),
        ("yum clean packages", CacheKind::YumCache, false),
        ("dnf clean all", CacheKind::DnfCache, true),
        ("microdnf clean all", CacheKind::DnfCache, true),
        ("zypper clean --all", CacheKind::ZypperCache, true),
        ("zypper cc", CacheKind::ZypperCache, true),
        ("apk cache clean", CacheKind::ApkCache, true),
        ("yarn cache clean", CacheKind::YarnCache, true),
        ("npm cache clean --force", CacheKind::NpmCache, true),
        ("pip cache purge", CacheKind::PipCache, true),
        ("composer clear-cache", CacheKind::ComposerCache, true),
        ("go clean -cache", CacheKind::GoBuildCache, true),
    ];
    for (text, kind, complete) in cases {
        let found = cleanups(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert_eq!((found[0].0, found[0].1), (kind, complete), "{text}");
    }
    let script =
        shell::parse("apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists/*");
    let facts = packages::facts(&script);
    assert!(facts.cleans(CacheKind::AptLists));
    assert!(!facts.cleans(CacheKind::AptArchives));
    assert_eq!(facts.find(Manager::AptGet, Action::Update).count(), 1);
}

// ---- downloads and archives -------------------------------------------------------------

#[test]
fn curl_downloads() {
    let text = "curl -fsSL https://deb.nodesource.com/setup_20.x | bash -";
    let script = shell::parse(text);
    let facts = packages::facts(&script);
    let d = &facts.downloads[0];
    assert_eq!(d.tool, DownloadTool::Curl);
    assert_eq!(d.urls[0].url, "https://deb.nodesource.com/setup_20.x");
    assert!(d.fail_on_error && d.quiet && d.follow_redirects);
    assert_eq!(d.output, DownloadOutput::Stdout);
    assert_eq!(d.piped_to.as_deref(), Some("bash"));
    let text = "curl -o /tmp/app.tgz -H 'Accept: x' --retry 3 https://x/app.tgz";
    let d = packages::download(&shell::parse(text).commands[0]).expect("a download");
    assert_eq!(d.urls.len(), 1);
    match d.output {
        DownloadOutput::File { path, range } => {
            assert_eq!(path, "/tmp/app.tgz");
            assert_eq!(slice(text, range), "/tmp/app.tgz");
        }
        other => panic!("expected a file, got {other:?}"),
    }
    let d = packages::download(&shell::parse("curl -LO https://x/a.zip").commands[0])
        .expect("a download");
    assert_eq!(d.output, DownloadOutput::RemoteName);
}

#[test]
fn wget_downloads() {
    let cases = [
        ("wget https://x/a.tgz", false, false, None, None),
        ("wget -q https://x/a.tgz", true, false, None, None),
        ("wget -nv https://x/a.tgz", false, true, None, None),
        (
            "wget --progress=dot:giga https://x/a.tgz",
            false,
            false,
            Some("dot:giga"),
            None,
        ),
        (
            "wget -o /dev/null https://x/a.tgz",
            false,
            false,
            None,
            Some("/dev/null"),
        ),
        (
            "wget -a log.txt https://x/a.tgz",
            false,
            false,
            None,
            Some("log.txt"),
        ),
    ];
    for (text, quiet, no_verbose, progress, log) in cases {
        let d = packages::download(&shell::parse(text).commands[0]).expect("a download");
        assert_eq!(d.tool, DownloadTool::Wget);
        assert_eq!(d.urls.len(), 1, "{text}");
        assert_eq!(
            (
                d.quiet,
                d.no_verbose,
                d.progress.as_deref(),
                d.log_file.as_deref()
            ),
            (quiet, no_verbose, progress, log),
            "{text}"
        );
    }
    let d = packages::download(&shell::parse("wget -O - https://x/key.asc").commands[0])
        .expect("a download");
    assert_eq!(d.output, DownloadOutput::Stdout);
    let d = packages::download(&shell::parse("wget -P /opt https://x/a").commands[0])
        .expect("a download");
    assert!(matches!(d.output, DownloadOutput::Directory { .. }));
    assert!(packages::download(&shell::parse("echo wget").commands[0]).is_none());
}

#[test]
fn archive_extraction() {
    let extraction = |text: &str| packages::extraction(&shell::parse(text).commands[0]);
    let e =
        extraction("tar -xzf /tmp/node.tar.gz -C /usr/local --strip-components=1").expect("tar");
    assert_eq!(e.tool, ArchiveTool::Tar);
    assert_eq!(e.archive.map(|a| a.path), Some("/tmp/node.tar.gz".into()));
    assert_eq!(e.destination.map(|d| d.path), Some("/usr/local".into()));
    let e = extraction("tar xzf app.tgz -C /opt").expect("old-style tar");
    assert_eq!(e.archive.map(|a| a.path), Some("app.tgz".into()));
    let e = extraction("tar xfC app.tgz /opt").expect("old-style tar with two values");
    assert_eq!(e.destination.map(|d| d.path), Some("/opt".into()));
    let e = extraction("tar --extract --file=a.tar").expect("long tar");
    assert_eq!(e.archive.map(|a| a.path), Some("a.tar".into()));
    let script = shell::parse("curl -sL https://x/a.tgz | tar -xz -C /opt");
    let e = packages::facts(&script).extractions.remove(0);
    assert!(e.from_stdin && e.archive.is_none());
    assert!(extraction("tar -czf out.tgz dir").is_none());
    assert!(extraction("tar cf - . ").is_none());
    let e = extraction("unzip -q /tmp/a.zip -d /opt/a").expect("unzip");
    assert_eq!(
        (e.tool, e.archive.map(|a| a.path)),
        (ArchiveTool::Unzip, Some("/tmp/a.zip".into()))
    );
    assert_eq!(e.destination.map(|d| d.path), Some("/opt/a".into()));
    assert_eq!(
        extraction("gunzip x.gz").map(|e| e.tool),
        Some(ArchiveTool::Gunzip)
    );
    assert_eq!(
        extraction("xz -d x.xz").map(|e| e.tool),
        Some(ArchiveTool::Unxz)
    );
    assert!(extraction("gzip x").is_none());
}

// ---- whole RUN lines ---------------------------------------------------------------------

#[test]
fn a_typical_run_instruction() {
    let text = "set -eux; \\\n    apt-get update; \\\n    apt-get install -y --no-install-recommends \\\n        ca-certificates \\\n        curl \\\n    ; \\\n    curl -fsSL https://x/install.sh | sh; \\\n    rm -rf /var/lib/apt/lists/*";
    let script: Script = shell::parse(text);
    assert!(script.problems.is_empty(), "{:?}", script.problems);
    let facts = packages::facts(&script);
    let actions: Vec<_> = facts
        .packages
        .iter()
        .map(|p| (p.manager, p.action))
        .collect();
    assert_eq!(
        actions,
        [
            (Manager::AptGet, Action::Update),
            (Manager::AptGet, Action::Install)
        ]
    );
    let install = &facts.packages[1];
    let names: Vec<_> = install.packages.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["ca-certificates", "curl"]);
    assert_eq!(slice(text, install.packages[1].range), "curl");
    assert!(facts.cleans(CacheKind::AptLists));
    assert_eq!(facts.downloads[0].piped_to.as_deref(), Some("sh"));
    assert!(!script.pipefail_at(text.find("| sh").unwrap_or(0)));
}
