use super::common::{
    code, context_copies, context_filter, copy_label, final_chain, list, ContextCopy,
};
use crate::context::{
    find_risky, glob, gopath, select_copy, ContextEntry, ContextFilter, CopyRequest, RiskKind,
};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags secret material copied into an image: `.env` files, private
    /// keys and certificates (`*.pem`, `*.key`, `id_rsa`, `*.p12`),
    /// credentials (`.npmrc`, `.pypirc`, `.netrc`, `.git-credentials`,
    /// Terraform state) and credential directories (`.aws/`, `.ssh/`,
    /// `.docker/`, `.kube/`), whether named in a `COPY`/`ADD` or swept in by
    /// a directory or `COPY . .` that `.dockerignore` does not filter.
    ///
    /// With a build context, Layerlab knows exactly which files each COPY
    /// selects. Without one, it judges named sources by their names, and for
    /// `COPY . .` with no `.dockerignore` at all it reports (at info level)
    /// what would ship if present. Secrets copied only into a build stage
    /// that does not end up in the final image are warnings, not errors:
    /// they still sit in that stage's layers and build cache.
    ///
    /// ## Why is this bad?
    /// Anything copied into a layer is readable by everyone who can pull the
    /// image, forever: deleting it in a later layer only hides it, and
    /// `docker history` / `docker save` expose every layer. Leaked `.env`
    /// files and keys in public images are a classic source of breaches.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-alpine
    /// COPY .npmrc package*.json ./
    /// RUN npm ci
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// # syntax=docker/dockerfile:1
    /// FROM node:22-alpine
    /// COPY package*.json ./
    /// RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
    /// ```
    ///
    /// ## Fix
    /// Give build steps secrets with `RUN --mount=type=secret` (or `ssh`
    /// mounts for Git), give the running container its configuration through
    /// the environment or a mounted file, and list secret files in
    /// `.dockerignore`.
    ///
    /// ## References
    /// - [Build secrets](https://docs.docker.com/build/building/secrets/)
    /// - [.dockerignore files](https://docs.docker.com/build/concepts/context/#dockerignore-files)
    pub struct SecretCopiedIntoImage {
        code: "LL1006",
        name: "secret-copied-into-image",
        origin: Layerlab,
        target: Dockerfile,
        severity: Error,
        category: Security,
        summary: "A secret file (.env, a private key, credentials) is copied into a layer",
        url: "https://docs.docker.com/build/building/secrets/",
    }
}

/// Names that stand for each kind of secret, to judge wildcard sources.
const SECRET_SAMPLES: &[&str] = &[
    ".env",
    ".env.production",
    "server.pem",
    "server.key",
    "id_rsa",
    "id_ed25519",
    ".npmrc",
    ".pypirc",
    ".netrc",
    "keystore.p12",
    "terraform.tfstate",
    ".git-credentials",
];

/// Ordinary names: a wildcard that matches these is a sweep, not a secret.
const ORDINARY_SAMPLES: &[&str] = &[
    "app.js",
    "main.go",
    "package.json",
    "requirements.txt",
    "index.html",
    "README.md",
    "src",
];

/// What a COPY source names, judged by its name alone: the description of
/// the secret it looks like.
fn secret_by_name(source: &str) -> Option<&'static str> {
    let cleaned = gopath::clean(source.trim_start_matches('/'));
    let components: Vec<&str> = cleaned.split('/').collect();
    let (last, parents) = components.split_last()?;
    for dir in parents {
        if let Some(found) = secret_entry(&[ContextEntry::dir(*dir)]) {
            return Some(found);
        }
    }
    if glob::contains_wildcards(last) {
        let matches = |name: &str| glob::go_match(last, name).unwrap_or(false);
        if ORDINARY_SAMPLES.iter().any(|name| matches(name)) {
            return None;
        }
        return SECRET_SAMPLES
            .iter()
            .find(|name| matches(name))
            .and_then(|name| secret_entry(&[ContextEntry::file(*name, "", 0)]));
    }
    secret_entry(&[ContextEntry::file(*last, "", 0), ContextEntry::dir(*last)])
}

fn secret_entry(entries: &[ContextEntry]) -> Option<&'static str> {
    find_risky(entries)
        .into_iter()
        .find(|f| f.kind == RiskKind::Secret)
        .map(|f| f.description)
}

/// The secret files a source selects from a known context.
fn selected_secrets(filter: &ContextFilter, copy: &ContextCopy<'_>, source: usize) -> Vec<String> {
    let Some(value) = copy.sources.get(source) else {
        return Vec::new();
    };
    let request = CopyRequest::new([value.clone()], copy.destination_abs).workdir(copy.workdir);
    let selection = select_copy(filter, &request);
    let entries: Vec<ContextEntry> = selection
        .placements
        .iter()
        .map(|p| ContextEntry {
            path: p.context_path.trim_start_matches('/').to_string(),
            kind: p.kind,
            hash: p.hash.clone(),
            size: p.size,
            mode: p.mode,
            link_target: p.link_target.clone(),
        })
        .collect();
    find_risky(&entries)
        .into_iter()
        .filter(|f| f.kind == RiskKind::Secret)
        .map(|f| code(&f.path))
        .collect()
}

impl DockerfileRule for SecretCopiedIntoImage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let final_stages: Vec<usize> = final_chain(checker.model).iter().map(|s| s.index).collect();
        let filter = context_filter(checker);
        let mut reported_sweep = false;
        for copy in context_copies(checker) {
            if !copy.stage.needed {
                continue;
            }
            let shipped = final_stages.contains(&copy.stage.index);
            let (severity, scope) = if shipped {
                (Severity::Error, "the image".to_string())
            } else {
                (
                    Severity::Warning,
                    format!(
                        "build stage `{}` (its layers and cache)",
                        copy.stage.label()
                    ),
                )
            };
            let advice = "anyone with the image can read it. Use `RUN --mount=type=secret` for \
                          build steps and runtime configuration for the container, and list it in \
                          .dockerignore";
            for (index, (value, token)) in copy.sources.iter().zip(copy.source_tokens).enumerate() {
                if value.starts_with("<<") || value.contains("://") {
                    continue;
                }
                let whole = super::common::is_whole_context(value);
                let message = match &filter {
                    Some(filter) => {
                        let mut secrets = selected_secrets(filter, &copy, index);
                        if secrets.is_empty() && !whole {
                            if let Some(description) = secret_by_name(value) {
                                secrets.push(format!("{} ({description})", code(value)));
                            }
                        }
                        if secrets.is_empty() {
                            continue;
                        }
                        format!(
                            "{} copies {} into {scope}: {advice}",
                            code(&token.text),
                            list(&secrets, 5)
                        )
                    }
                    None if whole => {
                        if checker.dockerignore.is_some() || reported_sweep {
                            continue;
                        }
                        reported_sweep = true;
                        let mut diagnostic = checker.diagnostic(
                            &Self::META,
                            token.range,
                            format!(
                                "`{}` with no .dockerignore would copy secret files into \
                                 {scope} if present (`.env`, `*.pem`, `*.key`, `id_rsa`, `.npmrc`, \
                                 `.aws/`…). List them in a .dockerignore",
                                copy_label(copy.instruction)
                            ),
                        );
                        diagnostic.severity = Severity::Info;
                        out.push(diagnostic);
                        continue;
                    }
                    None => {
                        let Some(description) = secret_by_name(value) else {
                            continue;
                        };
                        if checker
                            .dockerignore
                            .and_then(|ignore| ignore.copy_ignored_file(value))
                            .is_some()
                        {
                            // The build fails instead: CopyIgnoredFile's business.
                            continue;
                        }
                        format!(
                            "{} ({description}) is copied into {scope}: {advice}",
                            code(&token.text)
                        )
                    }
                };
                let mut diagnostic = checker.diagnostic(&Self::META, token.range, message);
                diagnostic.severity = severity;
                out.push(diagnostic);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{range_text, Setup};
    use super::secret_by_name;
    use crate::diagnostic::Severity;
    use crate::lint::test_support::{codes, findings};

    const CODE: &str = "LL1006";

    #[test]
    fn names_that_are_secrets() {
        for source in [
            ".env",
            "config/.env.production",
            "certs/server.pem",
            "tls.key",
            "id_rsa",
            ".npmrc",
            ".aws/",
            ".aws/credentials",
            "/home/me/.ssh/config",
            "*.pem",
            ".env*",
        ] {
            assert!(secret_by_name(source).is_some(), "{source}");
        }
        for source in [
            ".env.example",
            "*",
            "*.json",
            "src/",
            "keys.go",
            "monkey",
            ".",
        ] {
            assert!(secret_by_name(source).is_none(), "{source}");
        }
    }

    #[test]
    fn explicit_sources_fire_at_the_source() {
        let text = "FROM node:22-alpine\nWORKDIR /app\nCOPY .npmrc package*.json ./\nRUN npm ci\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Error);
        assert_eq!(range_text(text, &found[0]), ".npmrc");
        assert!(
            found[0].message.contains("npm config"),
            "{}",
            found[0].message
        );
        assert_eq!(
            codes("FROM alpine:3.24\nADD id_rsa /root/.ssh/\n", CODE),
            [2]
        );
        assert_eq!(
            codes("FROM alpine:3.24\nCOPY [\".env\", \"/app/\"]\n", CODE),
            [2]
        );
    }

    #[test]
    fn build_stages_are_warnings() {
        let text = "FROM node:22 AS build\nCOPY .npmrc ./\nRUN npm ci\nFROM node:22-slim\nCOPY --from=build /app /app\n";
        let found = findings(text, CODE);
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(found[0].message.contains("build stage `build`"));
    }

    #[test]
    fn a_sweep_without_dockerignore_is_info_once() {
        let text = "FROM node:22\nCOPY . .\nCOPY ./ /srv/\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Info);
        assert!(found[0].message.contains("if present"));
        // With a .dockerignore and no context, sweeps are not judged.
        let setup = Setup {
            dockerignore: Some("node_modules\n"),
            ..Setup::default()
        };
        assert!(setup.lines(text, CODE).is_empty());
    }

    #[test]
    fn with_a_context_the_selected_files_decide() {
        let text = "FROM python:3.13\nWORKDIR /app\nCOPY . .\nCOPY config/ ./config/\n";
        let context: &[(&str, u64)] = &[
            ("app.py", 10),
            (".env", 40),
            ("config/settings.toml", 5),
            ("config/.env.production", 5),
            ("config/.env.example", 5),
        ];
        let setup = Setup {
            context: Some(context),
            ..Setup::default()
        };
        let found = setup.findings(text, CODE);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(found[0].line, 3);
        assert!(found[0].message.contains("`.env`"), "{}", found[0].message);
        assert!(found[0].message.contains("`config/.env.production`"));
        assert!(!found[0].message.contains(".env.example"));
        assert_eq!(found[1].line, 4);
        let ignored = Setup {
            context: Some(context),
            dockerignore: Some(".env\n**/.env.*\n"),
            ..Setup::default()
        };
        assert!(ignored.lines(text, CODE).is_empty());
    }

    #[test]
    fn ignored_explicit_sources_are_left_to_copy_ignored_file() {
        let setup = Setup {
            dockerignore: Some(".env\n"),
            ..Setup::default()
        };
        assert!(setup
            .lines("FROM alpine:3.24\nCOPY .env /app/\n", CODE)
            .is_empty());
    }

    #[test]
    fn other_stages_urls_and_heredocs_are_fine() {
        assert!(codes(
            "FROM alpine:3.24 AS a\nFROM alpine:3.24\nCOPY --from=a /root/.ssh/id_rsa /x\n",
            CODE
        )
        .is_empty());
        assert!(codes(
            "FROM alpine:3.24\nADD https://e.com/server.pem /etc/ssl/\n",
            CODE
        )
        .is_empty());
        assert!(codes("FROM alpine:3.24\nCOPY <<EOF /app/.env\nA=1\nEOF\n", CODE).is_empty());
    }

    #[test]
    fn arg_expanded_sources() {
        let text = "FROM alpine:3.24\nARG KEY=deploy.key\nCOPY ${KEY} /etc/app/\n";
        let found = findings(text, CODE);
        assert_eq!(range_text(text, &found[0]), "${KEY}");
    }

    #[test]
    fn a_pragma_silences_it() {
        assert!(codes(
            "FROM alpine:3.24\n# hadolint ignore=LL1006\nCOPY .env /app/\n",
            CODE
        )
        .is_empty());
    }
}
