//! Compiled languages: `go build`/`go install`/`go mod download` and
//! `cargo build`/`cargo install`/`cargo fetch`.

use super::RunEnv;
use crate::shell::packages::{Action, FlagKind, Manager, PackageCommand, PackageSource};
use crate::size::estimate::{Estimate, MB};
use crate::size::fs::{self, Fs, Origin};
use crate::size::heuristics::Rule;
use crate::size::layer::{Draft, Part};

const GO_BINARY: Estimate = Estimate {
    bytes: 15 * MB,
    low: 5 * MB,
    high: Some(50 * MB),
};
const GO_BUILD_CACHE: Estimate = Estimate {
    bytes: 150 * MB,
    low: 30 * MB,
    high: Some(800 * MB),
};
const GO_MOD_CACHE: Estimate = Estimate {
    bytes: 100 * MB,
    low: 10 * MB,
    high: Some(600 * MB),
};
const CARGO_RELEASE: Estimate = Estimate {
    bytes: 400 * MB,
    low: 100 * MB,
    high: Some(2_000 * MB),
};
const CARGO_DEBUG: Estimate = Estimate {
    bytes: 1_000 * MB,
    low: 200 * MB,
    high: Some(4_000 * MB),
};
const CARGO_BINARY: Estimate = Estimate {
    bytes: 10 * MB,
    low: 2 * MB,
    high: Some(50 * MB),
};
const CARGO_REGISTRY: Estimate = Estimate {
    bytes: 100 * MB,
    low: 20 * MB,
    high: Some(500 * MB),
};

/// `GOCACHE`, else `~/.cache/go-build`.
pub(super) fn go_cache(env: &RunEnv) -> String {
    match env.env.get("GOCACHE") {
        Some(dir) if dir.starts_with('/') => dir.clone(),
        _ => fs::join(&env.home, ".cache/go-build"),
    }
}

/// `GOMODCACHE`, else `$GOPATH/pkg/mod` (`/go` in the golang images).
pub(super) fn go_mod_cache(env: &RunEnv) -> String {
    if let Some(dir) = env.env.get("GOMODCACHE").filter(|d| d.starts_with('/')) {
        return dir.clone();
    }
    let gopath = match env.env.get("GOPATH") {
        Some(dir) if dir.starts_with('/') => dir.clone(),
        _ if env.base_family() == Some("golang") => "/go".to_string(),
        _ => fs::join(&env.home, "go"),
    };
    fs::join(&gopath, "pkg/mod")
}

/// `CARGO_HOME`, else `/usr/local/cargo` in the rust images, else `~/.cargo`.
pub(super) fn cargo_home(env: &RunEnv) -> String {
    match env.env.get("CARGO_HOME") {
        Some(dir) if dir.starts_with('/') => dir.clone(),
        _ if env.base_family() == Some("rust") => "/usr/local/cargo".to_string(),
        _ => fs::join(&env.home, ".cargo"),
    }
}

pub(super) fn replay(draft: &mut Draft, fs: &Fs, env: &RunEnv, package: &PackageCommand) -> bool {
    match (package.manager, package.action) {
        (Manager::Go, Action::Build | Action::Install) => {
            go_build(draft, fs, env, package);
            true
        }
        (Manager::Go, Action::Fetch) => {
            go_modules(draft, fs, env);
            true
        }
        (Manager::Cargo, Action::Build | Action::Install) => {
            cargo_build(draft, fs, env, package);
            true
        }
        (Manager::Cargo, Action::Fetch) => {
            cargo_registry(draft, fs, env);
            true
        }
        (_, Action::Other | Action::Remove) => true,
        _ => false,
    }
}

fn go_modules(draft: &mut Draft, fs: &Fs, env: &RunEnv) {
    let path = go_mod_cache(env);
    if fs.get(&path).is_some() || draft.written(&path).is_some() {
        return;
    }
    draft.write(
        path,
        Part::new("Go module cache", GO_MOD_CACHE, Rule::GoModCache),
        true,
        Origin::Generated,
    );
}

fn go_build(draft: &mut Draft, fs: &Fs, env: &RunEnv, package: &PackageCommand) {
    let output = package
        .options
        .iter()
        .find(|o| o.name == "-o")
        .and_then(|o| o.value.as_ref())
        .filter(|v| !v.dynamic)
        .map(|v| {
            let path = env.path(&v.text);
            if v.text.ends_with('/') {
                fs::join(&path, "app")
            } else {
                path
            }
        });
    let binary = match (package.action, output) {
        (_, Some(path)) => path,
        (Action::Install, None) => {
            let gobin = env.env.get("GOBIN").cloned().unwrap_or_else(|| {
                let mod_cache = go_mod_cache(env);
                // $GOPATH/bin: the module cache's grandparent.
                fs::join(fs::parent(fs::parent(&mod_cache)), "bin")
            });
            fs::join(&gobin, "(go install)")
        }
        (_, None) => {
            let name = package
                .packages
                .iter()
                .find(|p| {
                    p.source == PackageSource::LocalPath && p.name != "." && p.name != "./..."
                })
                .map(|p| fs::basename(&p.name).to_string())
                .unwrap_or_else(|| fs::basename(&env.cwd).to_string());
            fs::join(&env.cwd, &name)
        }
    };
    draft.write(
        binary,
        Part::new("Go binary", GO_BINARY, Rule::GoBinary),
        false,
        Origin::Generated,
    );
    let cache = go_cache(env);
    if fs.get(&cache).is_none() && draft.written(&cache).is_none() {
        draft.write(
            cache,
            Part::new("Go build cache", GO_BUILD_CACHE, Rule::GoBuildCache),
            true,
            Origin::Generated,
        );
    }
    go_modules(draft, fs, env);
}

fn cargo_registry(draft: &mut Draft, fs: &Fs, env: &RunEnv) {
    let path = fs::join(&cargo_home(env), "registry");
    if fs.get(&path).is_some() || draft.written(&path).is_some() {
        return;
    }
    draft.write(
        path,
        Part::new("cargo registry", CARGO_REGISTRY, Rule::CargoRegistry),
        true,
        Origin::Generated,
    );
}

fn cargo_build(draft: &mut Draft, fs: &Fs, env: &RunEnv, package: &PackageCommand) {
    if package.action == Action::Install {
        let names: Vec<&str> = package.packages.iter().map(|p| p.name.as_str()).collect();
        draft.write(
            fs::join(&cargo_home(env), &format!("bin/({})", names.join(", "))),
            Part::new("cargo install binary", CARGO_BINARY, Rule::CargoTarget),
            true,
            Origin::Generated,
        );
    } else {
        let target_dir = env
            .env
            .get("CARGO_TARGET_DIR")
            .map(|d| env.path(d))
            .unwrap_or_else(|| fs::join(&env.cwd, "target"));
        let (estimate, label) = if package.has(FlagKind::Release) {
            (CARGO_RELEASE, "cargo target/ (release)")
        } else {
            (CARGO_DEBUG, "cargo target/ (debug)")
        };
        draft.write(
            target_dir,
            Part::new(label, estimate, Rule::CargoTarget),
            true,
            Origin::Generated,
        );
    }
    cargo_registry(draft, fs, env);
}
