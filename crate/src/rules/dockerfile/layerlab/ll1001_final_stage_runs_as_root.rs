use super::common::{chain_steps, final_chain, root_image, RootBase};
use crate::diagnostic::Diagnostic;
use crate::dockerfile::model::Expanded;
use crate::dockerfile::syntax::{Args, Keyword};
use crate::images::{self, OsFamily};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Checks who the container built from the target stage runs as. It
    /// fires when no `USER` is set anywhere in the final stage or the stages
    /// it is built `FROM` and the base image's default user is root, or when
    /// the last `USER` is `root`, `0` or `root:<group>`.
    ///
    /// The base image's default user comes from Layerlab's image catalog:
    /// `gcr.io/distroless/*:nonroot` and the chiseled .NET images already run
    /// as an unprivileged user, so they pass without a `USER` line.
    ///
    /// ## Why is this bad?
    /// A process running as root inside the container is root on the files
    /// it can reach: a bug or an exploited dependency can rewrite the
    /// application, read mounted secrets, and exploit any kernel or runtime
    /// escape with full privileges. hadolint only flags an explicit
    /// `USER root` (DL3002); forgetting `USER` altogether is the common case.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR /app
    /// COPY . .
    /// RUN npm ci --omit=dev
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR /app
    /// COPY . .
    /// RUN npm ci --omit=dev
    /// USER node
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Fix
    /// Create an unprivileged user (`useradd -r app`, or `adduser -S app` on
    /// Alpine; the `node` images already have `node`) and switch to it with
    /// `USER` after the steps that need root. For distroless images use the
    /// `:nonroot` tag. No automatic fix: which user the application needs,
    /// and which files it must write, is for you to decide.
    ///
    /// ## References
    /// - [USER](https://docs.docker.com/reference/dockerfile/#user)
    /// - [Best practices: USER](https://docs.docker.com/build/building/best-practices/#user)
    pub struct FinalStageRunsAsRoot {
        code: "LL1001",
        name: "final-stage-runs-as-root",
        origin: Layerlab,
        target: Dockerfile,
        severity: Warning,
        category: Security,
        summary: "The image runs as root: no USER, or the last USER is root",
        url: "https://docs.docker.com/reference/dockerfile/#user",
    }
}

/// Whether a `USER` value means root: `root`, `0`, `root:grp`, `0:0`, or
/// Windows' `ContainerAdministrator`.
fn is_root_user(value: &str) -> bool {
    let user = value.split(':').next().unwrap_or("").trim();
    user == "root"
        || user.eq_ignore_ascii_case("ContainerAdministrator")
        || (!user.is_empty() && user.bytes().all(|b| b == b'0'))
}

/// Windows base images: Server Core runs as `ContainerAdministrator`, Nano
/// Server as the unprivileged `ContainerUser`.
fn windows_default_user(reference: &str) -> Option<&'static str> {
    let lower = reference.to_ascii_lowercase();
    if lower.contains("nanoserver") {
        Some("ContainerUser")
    } else if lower.contains("servercore")
        || lower.contains("mcr.microsoft.com/windows:")
        || lower.contains("mcr.microsoft.com/windows/server:")
    {
        Some("ContainerAdministrator")
    } else {
        None
    }
}

/// How to switch to an unprivileged user on this base.
fn advice(reference: &str) -> String {
    let Some(resolved) = images::lookup(reference) else {
        return "create an unprivileged user and switch to it with USER before CMD".to_string();
    };
    let entry = resolved.entry;
    match (entry.family, entry.os) {
        ("node", _) => {
            "the node images ship an unprivileged `node` user: add `USER node` before CMD"
                .to_string()
        }
        ("distroless", _) => "use the `:nonroot` tag of this distroless image".to_string(),
        (_, OsFamily::Scratch | OsFamily::Distroless) => {
            "add `USER 65532:65532` (an unprivileged uid; scratch has no user database)"
                .to_string()
        }
        (_, OsFamily::Alpine | OsFamily::Busybox) => {
            "create a user (`RUN adduser -S -D -H app`) and add `USER app` before CMD".to_string()
        }
        _ => "create a user (`RUN useradd --system --no-create-home app`) and add `USER app` before CMD"
            .to_string(),
    }
}

impl DockerfileRule for FinalStageRunsAsRoot {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let chain = final_chain(checker.model);
        let Some(target) = chain.last() else {
            return;
        };
        let last_user = chain_steps(&chain).into_iter().rev().find(|(_, step)| {
            checker
                .file
                .instructions
                .get(step.instruction)
                .is_some_and(|i| i.keyword == Keyword::User)
        });

        if let Some((_, step)) = last_user {
            let Expanded::Single(user) = &step.expanded else {
                return;
            };
            if !is_root_user(user) {
                return;
            }
            let Some(instruction) = checker.file.instructions.get(step.instruction) else {
                return;
            };
            let range = match &instruction.args {
                Args::Single(token) => token.range,
                _ => instruction.line_range,
            };
            out.push(checker.diagnostic(
                &Self::META,
                range,
                format!(
                    "The image runs as root: the last USER (`{user}`) of the final stage is root. \
                     Switch to an unprivileged user after the steps that need root"
                ),
            ));
            return;
        }

        let where_ = if checker.model.stages.len() == 1 {
            "no USER instruction".to_string()
        } else if chain.len() == 1 {
            format!("no USER in the final stage `{}`", target.label())
        } else {
            format!(
                "no USER in the final stage `{}` or the stages it is built FROM",
                target.label()
            )
        };
        let (who, advice) = match root_image(checker.model, target.index) {
            RootBase::Scratch => (
                "FROM scratch has no user, so the process runs as uid 0 (root)".to_string(),
                "add `USER 65532:65532` (scratch has no user database, so use a numeric uid)"
                    .to_string(),
            ),
            RootBase::Image(reference) if windows_default_user(reference).is_some() => {
                if windows_default_user(reference) != Some("ContainerAdministrator") {
                    return;
                }
                (
                    format!("`{reference}` runs as `ContainerAdministrator` by default"),
                    "add `USER ContainerUser` before CMD".to_string(),
                )
            }
            RootBase::Image(reference) => match images::lookup(reference) {
                Some(resolved) => {
                    let user = resolved.user();
                    if !is_root_user(user) {
                        return;
                    }
                    (
                        format!("`{reference}` runs as `{user}` by default"),
                        advice(reference),
                    )
                }
                None => (
                    format!(
                        "unless `{reference}` sets a non-root USER itself, the container runs as root"
                    ),
                    advice(reference),
                ),
            },
            RootBase::Unknown => return,
        };
        out.push(checker.diagnostic(
            &Self::META,
            target.base_range,
            format!("The image runs as root: {where_}, and {who}; {advice}"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{range_text, Setup};
    use super::is_root_user;
    use crate::lint::test_support::{codes, findings};

    const CODE: &str = "LL1001";

    #[test]
    fn root_values() {
        for value in [
            "root",
            "0",
            "root:root",
            "0:0",
            "00",
            "root:1000",
            "ContainerAdministrator",
        ] {
            assert!(is_root_user(value), "{value}");
        }
        for value in ["app", "1000", "node:node", "1000:0", "", "rooter"] {
            assert!(!is_root_user(value), "{value}");
        }
    }

    #[test]
    fn fires_without_any_user() {
        let text = "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"server.js\"]\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 1);
        assert_eq!(range_text(text, &found[0]), "node:22-slim");
        assert!(found[0].message.contains("`node:22-slim` runs as `root`"));
        assert!(found[0].message.contains("USER node"));
    }

    #[test]
    fn fires_when_the_last_user_is_root() {
        let text = "FROM debian:12\nUSER app\nRUN id\nUSER root\nCMD [\"id\"]\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 4);
        assert_eq!(range_text(text, &found[0]), "root");
        assert_eq!(codes("FROM debian:12\nUSER 0:0\n", CODE), [2]);
        assert_eq!(codes("FROM debian:12\nUSER root:staff\n", CODE), [2]);
    }

    #[test]
    fn a_later_unprivileged_user_is_fine() {
        assert!(codes("FROM debian:12\nUSER root\nRUN id\nUSER app\n", CODE).is_empty());
        assert!(codes("FROM alpine:3.24\nUSER 1000:1000\n", CODE).is_empty());
    }

    #[test]
    fn multi_stage_follows_the_target_chain() {
        // A USER in a build stage does not carry over to a stage FROM an image.
        let text = "FROM node:22 AS build\nUSER node\nRUN npm ci\n\nFROM node:22-slim\nCOPY --from=build /app /app\n";
        assert_eq!(codes(text, CODE), [5]);
        // A stage built FROM another inherits its USER.
        let text = "FROM node:22-slim AS base\nUSER node\n\nFROM base AS run\nCMD [\"node\"]\n";
        assert!(codes(text, CODE).is_empty());
        // Reported at the final stage's FROM, even when it derives from a stage.
        let text = "FROM node:22-slim AS base\nRUN id\n\nFROM base\nCMD [\"node\"]\n";
        let found = findings(text, CODE);
        assert_eq!(found[0].line, 4);
        assert!(found[0].message.contains("`node:22-slim` runs as `root`"));
        // Only the target matters: a root build stage is fine.
        let text = "FROM golang:1.26 AS build\nRUN go build\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out /app\n";
        assert!(codes(text, CODE).is_empty());
    }

    #[test]
    fn base_images_with_a_non_root_default_pass() {
        assert!(codes("FROM gcr.io/distroless/nodejs22-debian12:nonroot\n", CODE).is_empty());
        assert!(codes(
            "FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled\n",
            CODE
        )
        .is_empty());
        // The plain distroless tag runs as root.
        let found = findings("FROM gcr.io/distroless/static-debian12\n", CODE);
        assert!(found[0].message.contains(":nonroot"));
    }

    #[test]
    fn arg_based_images_are_checked_as_their_value() {
        let text = "ARG BASE=gcr.io/distroless/static-debian12:nonroot\nFROM ${BASE}\n";
        assert!(codes(text, CODE).is_empty());
        let text = "ARG BASE=node:22\nFROM ${BASE}\n";
        let found = findings(text, CODE);
        assert_eq!(range_text(text, &found[0]), "${BASE}");
        assert!(found[0].message.contains("`node:22`"));
        let text = "FROM alpine:3.24\nARG UID=0\nUSER ${UID}\n";
        assert_eq!(codes(text, CODE), [3]);
    }

    #[test]
    fn scratch_and_unknown_images() {
        let found = findings("FROM scratch\nCOPY app /app\n", CODE);
        assert!(found[0].message.contains("uid 0"));
        let found = findings("FROM registry.example.com/team/base:1\n", CODE);
        assert!(found[0].message.contains("unless"));
    }

    #[test]
    fn windows_images() {
        let found = findings(
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\"]\n",
            CODE,
        );
        assert!(
            found[0].message.contains("USER ContainerUser"),
            "{}",
            found[0].message
        );
        assert!(codes("FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\n", CODE).is_empty());
        assert!(codes(
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nUSER ContainerUser\n",
            CODE
        )
        .is_empty());
    }

    #[test]
    fn target_option_selects_the_final_stage() {
        let text = "FROM node:22-slim AS dev\nCMD [\"npm\", \"run\", \"dev\"]\n\nFROM node:22-slim AS prod\nUSER node\n";
        assert!(Setup::default().lines(text, CODE).is_empty());
        let setup = Setup {
            target: Some("dev"),
            ..Setup::default()
        };
        assert_eq!(setup.lines(text, CODE), [1]);
    }

    #[test]
    fn heredoc_runs_do_not_count_as_user() {
        let text = "FROM debian:12\nRUN <<EOF\nuseradd app\nEOF\n";
        assert_eq!(codes(text, CODE), [1]);
    }

    #[test]
    fn a_pragma_silences_it() {
        let text = "# hadolint ignore=LL1001\nFROM debian:12\n";
        assert!(codes(text, CODE).is_empty());
    }
}
