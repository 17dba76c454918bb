use super::common::{
    code, context_copies, context_filter, copy_label, excerpt, has_cache_mount, list, ContextCopy,
};
use crate::context::gopath;
use crate::diagnostic::Diagnostic;
use crate::dockerfile::syntax::Keyword;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::{builds_project, dependency_manifests, package_commands, Manager};
use crate::text::TextRange;
use std::collections::{HashMap, HashSet};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `COPY . .` (or `ADD . .`, `COPY . /app`, `COPY ./ ./`) that
    /// copies the whole build context before a dependency install in the
    /// same stage: `npm ci`, `yarn`, `pnpm install`, `pip install -r`,
    /// `poetry install`, `pipenv install`, `uv sync`, `bundle install`,
    /// `go mod download`, `cargo build|fetch`, `composer install`, Maven and
    /// Gradle builds. The message names the manifest files to copy first;
    /// when the build context is known, only those that exist.
    ///
    /// ## Why is this bad?
    /// A COPY's cache key is the content of everything it copies. With the
    /// whole context copied first, editing any source file changes that
    /// key, so the install step after it runs again from scratch on every
    /// build, downloading every dependency again. Copying only the
    /// manifests first keeps the install cached until the dependencies
    /// themselves change.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// WORKDIR /app
    /// COPY . .
    /// RUN pip install --no-cache-dir -r requirements.txt
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// WORKDIR /app
    /// COPY requirements.txt .
    /// RUN pip install --no-cache-dir -r requirements.txt
    /// COPY . .
    /// ```
    ///
    /// ## Fix
    /// Copy the manifests (`package.json` and the lock file, `requirements.txt`,
    /// `go.mod` and `go.sum`, …), run the install, then copy the rest. For
    /// Cargo, Maven and Gradle, which resolve dependencies while building,
    /// fetch them first (`cargo fetch`, `mvn dependency:go-offline`) or use a
    /// cache mount. Layerlab does not reorder instructions for you.
    ///
    /// ## References
    /// - [Optimize cache usage: order your layers](https://docs.docker.com/build/cache/optimize/#order-your-layers)
    /// - [How the build cache works](https://docs.docker.com/build/cache/)
    pub struct ContextCopiedBeforeDependencyInstall {
        code: "LL1002",
        name: "context-copied-before-dependency-install",
        origin: Layerlab,
        target: Dockerfile,
        severity: Warning,
        category: Cache,
        summary: "The whole build context is copied before a dependency install, so every edit re-runs it",
        url: "https://docs.docker.com/build/cache/optimize/#order-your-layers",
    }
}

/// Managers whose installs share one set of manifests; an install by any of
/// them before the COPY means the dependencies are already cached.
fn family(manager: Manager) -> &'static str {
    match manager {
        Manager::Npm | Manager::Yarn | Manager::Pnpm => "node",
        Manager::Pip | Manager::Uv | Manager::Poetry | Manager::Pipenv => "python",
        other => other.command_name(),
    }
}

/// One dependency install after a whole-context copy.
struct Install {
    manager: Manager,
    family: &'static str,
    /// The install command in the source.
    range: TextRange,
    manifests: Vec<String>,
    summary: String,
    /// The working directory of the RUN.
    workdir: String,
}

impl DockerfileRule for ContextCopiedBeforeDependencyInstall {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let copies = context_copies(checker);
        let whole_copies: HashMap<usize, &ContextCopy<'_>> = copies
            .iter()
            .filter(|c| c.whole_context_source().is_some())
            .map(|c| (c.index, c))
            .collect();
        let filter = context_filter(checker);
        for stage in &checker.model.stages {
            // The first install of each family in the stage (instruction index).
            let mut first_install: HashMap<&'static str, usize> = HashMap::new();
            let mut reported: HashSet<(usize, Manager)> = HashSet::new();
            // The latest whole-context copy so far in the stage.
            let mut latest_copy: Option<&ContextCopy<'_>> = None;
            for step in &stage.steps {
                let index = step.instruction;
                let Some(instruction) = checker.file.instructions.get(index) else {
                    continue;
                };
                if let Some(copy) = whole_copies.get(&index) {
                    latest_copy = Some(copy);
                    continue;
                }
                if instruction.keyword != Keyword::Run {
                    continue;
                }
                let cache_mount = has_cache_mount(step);
                for script in checker.scripts(index) {
                    for command in package_commands(&script.script) {
                        let Some(manifests) = dependency_manifests(&command) else {
                            continue;
                        };
                        let install = Install {
                            manager: command.manager,
                            family: family(command.manager),
                            range: script.source_range(command.range),
                            manifests: manifests.files,
                            summary: manifests.summary,
                            workdir: step.state.workdir.clone(),
                        };
                        let builds = builds_project(&command);
                        let first = *first_install.entry(install.family).or_insert(index);
                        if builds && cache_mount {
                            continue;
                        }
                        let Some(copy) = latest_copy else {
                            continue;
                        };
                        // Installed before the copy: the dependencies are cached.
                        let cached_before = first < copy.index;
                        if cached_before || !reported.insert((copy.index, install.manager)) {
                            continue;
                        }
                        let Some(source) = copy.whole_context_source() else {
                            continue;
                        };
                        let existing = filter.as_ref().map(|filter| {
                            let prefix = context_prefix(copy.destination_abs, &install.workdir);
                            install
                                .manifests
                                .iter()
                                .filter(|file| {
                                    let path = gopath::context_relative(&format!(
                                        "{}/{file}",
                                        prefix.as_deref().unwrap_or("")
                                    ));
                                    filter.transferred().contains(&path)
                                })
                                .map(|file| code(file))
                                .collect::<Vec<_>>()
                        });
                        let what = match existing {
                            Some(found) if !found.is_empty() => list(&found, 4),
                            _ => install.summary.clone(),
                        };
                        let copy_text = copy_label(copy.instruction);
                        let install_text = excerpt(checker.text, install.range, 50);
                        let message = format!(
                            "`{copy_text}` copies the whole build context before `{install_text}` \
                             (line {}): any edit to any file re-runs the install. Copy {what} first, \
                             install, then copy the rest",
                            checker.line(install.range.start())
                        );
                        out.push(
                            checker
                                .diagnostic(&Self::META, source.range, message)
                                .with_related(install.range, "the dependency install"),
                        );
                    }
                }
            }
        }
    }
}

/// Where the install's directory is inside the copied context: the RUN's
/// WORKDIR relative to the COPY destination (`frontend` for `COPY . /src`
/// and `WORKDIR /src/frontend`); `None` when the install runs elsewhere.
fn context_prefix(destination: &str, workdir: &str) -> Option<String> {
    let destination = gopath::clean(destination);
    let workdir = gopath::clean(workdir);
    if destination == "/" {
        return Some(workdir.trim_start_matches('/').to_string());
    }
    let dest = destination.trim_start_matches('/');
    let dir = workdir.trim_start_matches('/');
    gopath::is_within(dir, dest).then(|| gopath::strip_ancestor(dir, dest).to_string())
}

#[cfg(test)]
mod tests {
    use super::super::testing::{range_text, Setup};
    use super::context_prefix;
    use crate::lint::test_support::{codes, findings};

    const CODE: &str = "LL1002";

    #[test]
    fn fires_on_the_article_python_example() {
        let text = "FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 3);
        assert_eq!(range_text(text, &found[0]), ".");
        assert!(found[0].message.contains("requirements.txt"));
        assert!(found[0].message.contains("(line 4)"));
        assert_eq!(found[0].related[0].line, 4);
    }

    #[test]
    fn manifests_copied_first_are_fine() {
        let text = "FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n";
        assert!(codes(text, CODE).is_empty());
        let text = "FROM node:22\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n";
        assert!(codes(text, CODE).is_empty());
    }

    #[test]
    fn names_the_ecosystem_manifests() {
        let cases = [
            ("RUN npm ci", "package.json and package-lock.json"),
            ("RUN yarn install --frozen-lockfile", "yarn.lock"),
            ("RUN pnpm i", "pnpm-lock.yaml"),
            ("RUN poetry install --no-root", "poetry.lock"),
            ("RUN pipenv install --deploy", "Pipfile.lock"),
            ("RUN bundle install", "Gemfile.lock"),
            ("RUN go mod download", "go.mod and go.sum"),
            ("RUN cargo build --release", "Cargo.lock"),
            ("RUN composer install --no-dev", "composer.lock"),
            ("RUN mvn -B package", "pom.xml"),
            ("RUN ./gradlew build", "build.gradle"),
        ];
        for (run, manifest) in cases {
            let text = format!("FROM x\nWORKDIR /app\nCOPY ./ ./\n{run}\n");
            let found = findings(&text, CODE);
            assert_eq!(found.len(), 1, "{run}");
            assert!(
                found[0].message.contains(manifest),
                "{run}: {}",
                found[0].message
            );
        }
    }

    #[test]
    fn other_copies_and_commands_do_not_fire() {
        // Not the whole context.
        assert!(codes("FROM x\nCOPY src/ /app/src/\nRUN npm ci\n", CODE).is_empty());
        // From another stage.
        assert!(codes("FROM x AS a\nFROM x\nCOPY --from=a . .\nRUN npm ci\n", CODE).is_empty());
        // Building the project's own code after the copy is expected.
        assert!(codes(
            "FROM x\nCOPY . .\nRUN go build ./...\nRUN npm run build\n",
            CODE
        )
        .is_empty());
        // Installing named packages is not a manifest install.
        assert!(codes("FROM x\nCOPY . .\nRUN pip install gunicorn\n", CODE).is_empty());
        // Install before the copy.
        assert!(codes("FROM x\nRUN npm ci\nCOPY . .\n", CODE).is_empty());
        // Another stage.
        assert!(codes("FROM x AS a\nCOPY . .\nFROM y\nRUN npm ci\n", CODE).is_empty());
    }

    #[test]
    fn deps_fetched_before_the_copy_keep_later_builds_cached() {
        let text = "FROM rust:1\nWORKDIR /app\nCOPY Cargo.toml Cargo.lock ./\nRUN cargo fetch\nCOPY . .\nRUN cargo build --release\n";
        assert!(codes(text, CODE).is_empty());
        // A cache mount takes the download cost out of a build.
        let text = "FROM maven:3\nCOPY . .\nRUN --mount=type=cache,target=/root/.m2 mvn package\n";
        assert!(codes(text, CODE).is_empty());
    }

    #[test]
    fn add_and_absolute_destinations_and_heredocs() {
        assert_eq!(
            codes("FROM x\nADD . /app\nWORKDIR /app\nRUN npm install\n", CODE),
            [2]
        );
        let text = "FROM x\nCOPY . /app\nRUN <<EOF\ncd /app\nnpm ci\nEOF\n";
        assert_eq!(codes(text, CODE), [2]);
    }

    #[test]
    fn multi_stage_and_arg_based_images() {
        let text = "ARG NODE=node:22\nFROM ${NODE} AS deps\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\n\nFROM ${NODE} AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\n";
        assert_eq!(codes(text, CODE), [9]);
    }

    #[test]
    fn with_a_context_only_existing_manifests_are_named() {
        let text = "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN yarn install\n";
        let setup = Setup {
            context: Some(&[
                ("package.json", 10),
                ("yarn.lock", 100),
                ("src/index.js", 5),
            ]),
            ..Setup::default()
        };
        let found = setup.findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .contains("Copy `package.json` and `yarn.lock` first"),
            "{}",
            found[0].message
        );
        let text = "FROM python:3.13\nCOPY . /src\nWORKDIR /src/api\nRUN pip install -r requirements.txt\n";
        let setup = Setup {
            context: Some(&[("api/requirements.txt", 10), ("api/main.py", 5)]),
            ..Setup::default()
        };
        let found = setup.findings(text, CODE);
        assert!(
            found[0].message.contains("`requirements.txt`"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn prefix_of_the_install_directory() {
        assert_eq!(context_prefix("/app/", "/app").as_deref(), Some(""));
        assert_eq!(context_prefix("/src", "/src/api").as_deref(), Some("api"));
        assert_eq!(context_prefix("/", "/app").as_deref(), Some("app"));
        assert_eq!(context_prefix("/src", "/other"), None);
    }

    #[test]
    fn a_pragma_silences_it() {
        let text = "FROM x\n# hadolint ignore=LL1002\nCOPY . .\nRUN npm ci\n";
        assert!(codes(text, CODE).is_empty());
    }
}
