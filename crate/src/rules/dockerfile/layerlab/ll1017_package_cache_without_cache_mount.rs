use super::common::{excerpt, has_cache_mount, uses_buildkit_syntax};
use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::dockerfile::model::Step;
use crate::dockerfile::syntax::{Instruction, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::{
    cache_location_variables, cache_mount_target, dependency_manifests, package_commands, Action,
    FlagKind, Manager, PackageCommand,
};
use std::collections::HashMap;

crate::declare_rule! {
    /// ## What it does
    /// In Dockerfiles that already use BuildKit syntax (a `# syntax=`
    /// directive, or `RUN --mount` somewhere), suggests a cache mount for a
    /// `RUN` that downloads packages without one: `npm ci`, `yarn`, `pnpm
    /// install`, `pip install` (without `--no-cache-dir`), `poetry install`,
    /// `uv sync`, Maven, Gradle, `composer install`. Go and Cargo builds are
    /// suggested the usual directories. apt and apk are left out: apt needs
    /// its `docker-clean` hook removed and a locked mount, apk only caches
    /// packages when `/etc/apk/cache` is set up.
    ///
    /// ## Why is this bad?
    /// When the step re-runs (a dependency changed, or the step before it
    /// did), every package is downloaded again. A cache mount keeps the
    /// manager's download cache between builds, outside the image: builds get
    /// faster and the layer does not carry the cache.
    ///
    /// ## Example
    /// ```dockerfile
    /// # syntax=docker/dockerfile:1
    /// FROM node:22
    /// COPY package*.json ./
    /// RUN npm ci
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// # syntax=docker/dockerfile:1
    /// FROM node:22
    /// COPY package*.json ./
    /// RUN --mount=type=cache,target=/root/.npm npm ci
    /// ```
    ///
    /// ## Fix
    /// Add `--mount=type=cache,target=<cache directory>`. Offered as an
    /// automatic fix when the step runs as root and no environment variable
    /// moves the cache (`PIP_CACHE_DIR`, `npm_config_cache`, …).
    ///
    /// ## References
    /// - [Use cache mounts](https://docs.docker.com/build/cache/optimize/#use-cache-mounts)
    /// - [RUN --mount=type=cache](https://docs.docker.com/reference/dockerfile/#run---mounttypecache)
    pub struct PackageCacheWithoutCacheMount {
        code: "LL1017",
        name: "package-cache-without-cache-mount",
        origin: Layerlab,
        target: Dockerfile,
        severity: Info,
        category: Cache,
        summary: "A RUN downloads packages without a cache mount (BuildKit)",
        url: "https://docs.docker.com/build/cache/optimize/#use-cache-mounts",
    }
}

/// Whether the command downloads packages a cache mount would keep.
fn downloads_packages(command: &PackageCommand) -> bool {
    if command.has(FlagKind::NoCache) || command.has(FlagKind::Offline) {
        return false;
    }
    match command.manager {
        // apk caches nothing unless /etc/apk/cache exists; apt needs more
        // than a mount.
        Manager::Apk | Manager::AptGet | Manager::Apt | Manager::Aptitude => false,
        Manager::Go | Manager::Cargo => {
            matches!(
                command.action,
                Action::Fetch | Action::Build | Action::Install
            )
        }
        manager if cache_mount_target(manager).is_some() => {
            dependency_manifests(command).is_some()
                || matches!(
                    command.action,
                    Action::Install | Action::InstallDependencies
                )
        }
        _ => false,
    }
}

/// The mount to suggest: a known target, or a description for Go/Cargo.
fn suggestion(manager: Manager) -> (Option<&'static str>, &'static str) {
    match manager {
        Manager::Go => (
            None,
            "`--mount=type=cache,target=/root/.cache/go-build` and one for the module cache \
             (`$(go env GOMODCACHE)`, `/go/pkg/mod` in the golang image)",
        ),
        Manager::Cargo => (
            None,
            "`--mount=type=cache,target=/usr/local/cargo/registry` (`$CARGO_HOME/registry`) and \
             one for `target/`",
        ),
        other => (cache_mount_target(other), ""),
    }
}

impl DockerfileRule for PackageCacheWithoutCacheMount {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        if !uses_buildkit_syntax(checker) {
            return;
        }
        for stage in &checker.model.stages {
            // Where each variable is first set in the stage's environment
            // log, so each step's check is a lookup, not a fold.
            let mut first_set: HashMap<&str, usize> = HashMap::new();
            for (position, entry) in stage.env_log.iter().enumerate() {
                first_set.entry(entry.name.as_str()).or_insert(position);
            }
            for step in &stage.steps {
                let index = step.instruction;
                let Some(instruction) = checker.file.instructions.get(index) else {
                    continue;
                };
                if instruction.keyword != Keyword::Run {
                    continue;
                }
                self.check_run(checker, instruction, step, &first_set, out);
            }
        }
    }
}

impl PackageCacheWithoutCacheMount {
    fn check_run(
        &self,
        checker: &Checker<'_>,
        instruction: &Instruction,
        step: &Step,
        first_set: &HashMap<&str, usize>,
        out: &mut Vec<Diagnostic>,
    ) {
        let index = step.instruction;
        if has_cache_mount(step) {
            return;
        }
        let found = checker.scripts(index).iter().find_map(|script| {
            package_commands(&script.script)
                .into_iter()
                .find(downloads_packages)
                .map(|c| (script.source_range(c.range), c))
        });
        let Some((range, command)) = found else {
            return;
        };
        let (target, description) = suggestion(command.manager);
        let mount = target.map(|t| format!("--mount=type=cache,target={t}"));
        let what = match &mount {
            Some(mount) => format!("`{mount}`"),
            None => description.to_string(),
        };
        let mut diagnostic = checker.diagnostic(
            &Self::META,
            range,
            format!(
                "`{}` downloads packages again whenever this step re-runs: add {what} to keep \
                     {}'s cache between builds (outside the image)",
                excerpt(checker.text, range, 40),
                command.manager.command_name()
            ),
        );
        let as_root = step
            .state
            .user
            .as_deref()
            .is_none_or(|u| matches!(u.split(':').next(), Some("root" | "0")));
        let moved = cache_location_variables(command.manager)
            .iter()
            .any(|name| first_set.get(name).is_some_and(|&i| i < step.state.env_len));
        if let (Some(mount), true, false) = (mount, as_root, moved) {
            diagnostic = diagnostic.with_fix(Fix::new(
                "Add a cache mount",
                vec![TextEdit::insert(
                    instruction.keyword_token.range.end(),
                    format!(" {mount}"),
                )],
            ));
        }
        out.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::range_text;
    use crate::diagnostic::Severity;
    use crate::lint::test_support::{assert_fixed, codes, findings};

    const CODE: &str = "LL1017";
    const SYNTAX: &str = "# syntax=docker/dockerfile:1\n";

    #[test]
    fn suggests_and_fixes_a_cache_mount() {
        let text = format!("{SYNTAX}FROM node:22\nCOPY package*.json ./\nRUN npm ci\n");
        let found = findings(&text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Info);
        assert_eq!(range_text(&text, &found[0]), "npm ci");
        assert_fixed(
            &text,
            CODE,
            &format!("{SYNTAX}FROM node:22\nCOPY package*.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci\n"),
        );
        assert_fixed(
            &format!("{SYNTAX}FROM python:3.13\nRUN pip install -r requirements.txt\n"),
            CODE,
            &format!("{SYNTAX}FROM python:3.13\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n"),
        );
    }

    #[test]
    fn only_with_buildkit_syntax() {
        assert!(codes("FROM node:22\nRUN npm ci\n", CODE).is_empty());
        let text = "FROM node:22\nRUN --mount=type=bind,source=x,target=/x true\nRUN npm ci\n";
        assert_eq!(codes(text, CODE), [3]);
    }

    #[test]
    fn existing_mounts_and_disabled_caches_are_fine() {
        let text =
            format!("{SYNTAX}FROM node:22\nRUN --mount=type=cache,target=/root/.npm npm ci\n");
        assert!(codes(&text, CODE).is_empty());
        assert!(codes(
            &format!("{SYNTAX}FROM python:3\nRUN pip install --no-cache-dir flask\n"),
            CODE
        )
        .is_empty());
        assert!(codes(
            &format!("{SYNTAX}FROM alpine:3.24\nRUN apk add --no-cache curl\n"),
            CODE
        )
        .is_empty());
        assert!(codes(
            &format!("{SYNTAX}FROM debian:12\nRUN apt-get install -y curl\n"),
            CODE
        )
        .is_empty());
        assert!(codes(&format!("{SYNTAX}FROM node:22\nRUN npm run build\n"), CODE).is_empty());
        assert!(codes(
            &format!("{SYNTAX}FROM rust:1\nRUN cargo build --release --offline\n"),
            CODE
        )
        .is_empty());
    }

    #[test]
    fn no_fix_for_other_users_or_moved_caches_or_go() {
        let text = format!("{SYNTAX}FROM node:22\nUSER node\nRUN npm ci\n");
        assert!(findings(&text, CODE)[0].fixes.is_empty());
        let text =
            format!("{SYNTAX}FROM python:3\nENV PIP_CACHE_DIR=/cache\nRUN pip install flask\n");
        assert!(findings(&text, CODE)[0].fixes.is_empty());
        let text = format!("{SYNTAX}FROM golang:1.26\nRUN go mod download\n");
        let found = findings(&text, CODE);
        assert!(found[0].fixes.is_empty());
        assert!(found[0].message.contains("go-build"));
    }

    #[test]
    fn heredocs_and_arg_images() {
        let text = format!("{SYNTAX}ARG IMG=node:22\nFROM ${{IMG}}\nRUN <<EOF\nnpm ci\nEOF\n");
        let found = findings(&text, CODE);
        assert_eq!(found[0].line, 5);
        assert_fixed(
            &text,
            CODE,
            &format!("{SYNTAX}ARG IMG=node:22\nFROM ${{IMG}}\nRUN --mount=type=cache,target=/root/.npm <<EOF\nnpm ci\nEOF\n"),
        );
    }

    #[test]
    fn a_pragma_silences_it() {
        let text = format!("{SYNTAX}FROM node:22\n# hadolint ignore=LL1017\nRUN npm ci\n");
        assert!(codes(&text, CODE).is_empty());
    }
}
