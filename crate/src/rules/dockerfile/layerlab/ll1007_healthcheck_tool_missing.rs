//! LL1007, and [`missing_tool`]: the check the Compose cross-checks reuse
//! for a service's `healthcheck.test`.

use super::common::{chain_steps, root_image, stage_chain, RootBase};
use crate::context::gopath;
use crate::diagnostic::Diagnostic;
use crate::dockerfile::model::Expanded;
use crate::dockerfile::syntax::{Args, Command, Keyword};
use crate::images::{self, OsFamily, PackageManager, Resolved, Tool, ToolPresence};
use crate::lint::Checker;
use crate::rules::dockerfile::DockerfileRule;
use crate::rules::RuleMeta;
use crate::shell::packages::{package_commands, Action};
use crate::shell::{self, ParseOptions};
use crate::text::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Checks that a `HEALTHCHECK` can run in the image it belongs to: a
    /// shell-form check needs `/bin/sh` (distroless and `scratch` images
    /// have none), and the tools it calls (`curl`, `wget`, `bash`) must be
    /// in the base image or installed by the Dockerfile. The `-slim` images
    /// ship neither curl nor wget; Alpine has only busybox `wget`.
    ///
    /// What a base image contains comes from Layerlab's image catalog; a
    /// `RUN apt-get install curl` (or `apk add`, `dnf install`…) or a
    /// `COPY --from=… /usr/bin/curl` in the stage or the stages it is built
    /// `FROM` counts as installing the tool. Unknown images are not judged.
    ///
    /// ## Why is this bad?
    /// The check fails every time, so after the retries the container is
    /// marked `unhealthy`: Compose `depends_on: condition: service_healthy`
    /// never starts its dependants, Swarm and some orchestrators keep
    /// replacing the container, and nobody notices the reason in the logs.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// HEALTHCHECK CMD curl -f http://localhost:3000/health || exit 1
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22-slim
    /// HEALTHCHECK CMD ["node", "-e", "fetch('http://localhost:3000/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
    /// ```
    ///
    /// ## Fix
    /// Probe with a program the image has (the language runtime, busybox
    /// `wget -q --spider` on Alpine, a small health-check binary on
    /// distroless), or install the tool in the final stage.
    ///
    /// ## References
    /// - [HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
    /// - [Compose healthcheck](https://docs.docker.com/reference/compose-file/services/#healthcheck)
    pub struct HealthcheckToolMissing {
        code: "LL1007",
        name: "healthcheck-tool-missing",
        origin: Layerlab,
        target: Dockerfile,
        severity: Error,
        category: Correctness,
        summary: "The HEALTHCHECK calls a tool (or needs a shell) the image does not have",
        url: "https://docs.docker.com/reference/dockerfile/#healthcheck",
    }
}

/// A health-check command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Probe<'a> {
    /// Exec form: the program and its arguments (`HEALTHCHECK CMD ["curl",
    /// …]`, Compose `test: ["CMD", "curl", …]` without the `CMD`).
    Exec(Vec<&'a str>),
    /// A command line run by `/bin/sh -c` (shell form, Compose `CMD-SHELL`
    /// or a plain string).
    Shell(&'a str),
}

/// Where in the probe the missing tool is named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProbeSpot {
    /// An element of an exec-form probe.
    Argument(usize),
    /// A byte range inside a shell-form probe's text (or inside the
    /// argument of `sh -c` in an exec-form probe, see `argument`).
    Text {
        range: TextRange,
        /// For `["sh", "-c", "…"]`: the index of the script argument.
        argument: Option<usize>,
    },
    /// The probe as a whole (a shell-form probe without a shell).
    Whole,
}

/// A tool a health check needs that the image lacks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingTool {
    /// `sh`, `bash`, `curl` or `wget`.
    pub tool: &'static str,
    /// The base image reference the stage chain starts from (`scratch` for
    /// `FROM scratch`).
    pub image: String,
    pub spot: ProbeSpot,
    /// One sentence: what is missing, why it matters, what to use instead.
    pub message: String,
}

/// Whether the image built from `stage` can run `probe`: the first tool the
/// probe needs that neither the base image (per the catalog) nor the
/// Dockerfile (package installs, `COPY --from` of the binary) provides.
/// `None` when everything is there, or when the base image is unknown.
pub fn missing_tool(checker: &Checker<'_>, stage: usize, probe: &Probe<'_>) -> Option<MissingTool> {
    let (image, resolved) = match root_image(checker.model, stage) {
        RootBase::Image(reference) => (reference.to_string(), images::lookup(reference)?),
        RootBase::Scratch => ("scratch".to_string(), images::lookup("scratch")?),
        RootBase::Unknown => return None,
    };
    let installed = installed_tools(checker, stage);
    let base = Base {
        image,
        resolved,
        installed,
    };
    match probe {
        Probe::Exec(argv) => {
            let program = gopath::base(argv.first()?);
            let tool = Tool::from_name(&program);
            if matches!(tool, Some(Tool::Sh | Tool::Bash)) && argv.get(1) == Some(&"-c") {
                if let Some(missing) = base.lacks(tool?, ProbeSpot::Argument(0)) {
                    return Some(missing);
                }
                let script = argv.get(2)?;
                return base.shell_script(script, Some(2));
            }
            base.lacks(tool?, ProbeSpot::Argument(0))
        }
        Probe::Shell(text) => base
            .lacks(Tool::Sh, ProbeSpot::Whole)
            .or_else(|| base.shell_script(text, None)),
    }
}

/// The tools the Dockerfile itself puts in the stage chain (package
/// installs, `COPY --from` of the binary).
pub fn installed_tools(checker: &Checker<'_>, stage: usize) -> Vec<Tool> {
    let mut tools = Vec::new();
    let mut add = |name: &str| {
        let found: &[Tool] = match name {
            "curl" => &[Tool::Curl],
            "wget" => &[Tool::Wget],
            "bash" => &[Tool::Bash],
            "busybox" | "busybox-static" => &[Tool::Sh, Tool::Wget],
            "dash" => &[Tool::Sh],
            _ => &[],
        };
        tools.extend_from_slice(found);
    };
    let chain = stage_chain(checker.model, stage);
    for (_, step) in chain_steps(&chain) {
        let Some(instruction) = checker.file.instructions.get(step.instruction) else {
            continue;
        };
        match instruction.keyword {
            Keyword::Run => {
                for script in checker.scripts(step.instruction) {
                    for command in package_commands(&script.script) {
                        if command.manager.is_system() && command.action == Action::Install {
                            for package in &command.packages {
                                add(&package.name);
                            }
                        }
                    }
                }
            }
            Keyword::Copy | Keyword::Add if instruction.flag("from").is_some() => {
                if let Expanded::Paths {
                    sources,
                    destination,
                    ..
                } = &step.expanded
                {
                    for path in sources.iter().chain(std::iter::once(destination)) {
                        add(&gopath::base(path));
                    }
                }
            }
            _ => {}
        }
    }
    tools
}

struct Base {
    image: String,
    resolved: Resolved,
    installed: Vec<Tool>,
}

impl Base {
    fn lacks(&self, tool: Tool, spot: ProbeSpot) -> Option<MissingTool> {
        if self.installed.contains(&tool) || self.resolved.tool(tool) != ToolPresence::Absent {
            return None;
        }
        let name = match tool {
            Tool::Sh => "sh",
            Tool::Bash => "bash",
            Tool::Curl => "curl",
            Tool::Wget => "wget",
        };
        Some(MissingTool {
            tool: name,
            image: self.image.clone(),
            spot,
            message: self.explain(tool, name),
        })
    }

    fn shell_script(&self, text: &str, argument: Option<usize>) -> Option<MissingTool> {
        let script = shell::parse_with(text, &ParseOptions::plain());
        script.commands.iter().find_map(|command| {
            let invocation = command.effective_command();
            let word = invocation.name_word()?;
            if word.dynamic {
                return None;
            }
            let tool = Tool::from_name(word.basename())?;
            self.lacks(
                tool,
                ProbeSpot::Text {
                    range: word.range,
                    argument,
                },
            )
        })
    }

    fn explain(&self, tool: Tool, name: &str) -> String {
        let entry = self.resolved.entry;
        let image = &self.image;
        let no_shell = self.resolved.tool(Tool::Sh) == ToolPresence::Absent
            && !self.installed.contains(&Tool::Sh);
        if tool == Tool::Sh {
            return format!(
                "A shell-form health check runs `/bin/sh -c`, but `{image}` has no shell, so the \
                 check always fails and the container is marked unhealthy. Use exec form with a \
                 program the image contains (for example a small health-check binary)"
            );
        }
        let why = if entry.os == OsFamily::Distroless || entry.os == OsFamily::Scratch {
            " (it contains no shell and no tools)"
        } else if entry.variant.contains(&"slim") {
            " (the -slim images ship neither curl nor wget)"
        } else if entry.os == OsFamily::Alpine && tool == Tool::Curl {
            " (Alpine has only busybox `wget`)"
        } else {
            ""
        };
        let runtime = match entry.family {
            "node" => Some(
                "probe with the runtime instead (`node -e \"fetch('http://localhost:PORT/health')\
                 .then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))\"`)",
            ),
            "python" => Some(
                "probe with the runtime instead (`python -c \"import urllib.request; \
                 urllib.request.urlopen('http://localhost:PORT/health')\"`)",
            ),
            _ => None,
        };
        let busybox_wget = tool == Tool::Curl && self.resolved.tool(Tool::Wget).is_available();
        let install = match entry.package_manager {
            PackageManager::Apt => Some(format!(
                "install it in this stage (`apt-get install -y --no-install-recommends {name}`)"
            )),
            PackageManager::Apk => Some(format!("install it (`apk add --no-cache {name}`)")),
            PackageManager::Dnf | PackageManager::Microdnf => {
                Some(format!("install it (`microdnf install -y {name}`)"))
            }
            PackageManager::None => None,
        };
        let mut options: Vec<String> = Vec::new();
        if busybox_wget {
            options.push("use `wget -q --spider http://localhost:PORT/health`".to_string());
        }
        if let Some(runtime) = runtime {
            options.push(runtime.to_string());
        }
        if let Some(install) = install {
            options.push(install);
        }
        if no_shell && options.is_empty() {
            options.push("use a health-check binary the image contains".to_string());
        }
        format!(
            "`{name}` is not in `{image}`{why}, so this health check always fails and the \
             container is marked unhealthy: {}",
            options.join(", or ")
        )
    }
}

impl DockerfileRule for HealthcheckToolMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in checker.instructions() {
            let Args::HealthcheckCmd { command, .. } = &instruction.args else {
                continue;
            };
            let Some(stage) = checker.stage_of(index) else {
                continue;
            };
            let missing = match command {
                Command::Exec { elements, .. } => {
                    let argv: Vec<&str> = elements.iter().map(|e| e.text.as_str()).collect();
                    missing_tool(checker, stage.index, &Probe::Exec(argv))
                }
                Command::Shell(token) => {
                    missing_tool(checker, stage.index, &Probe::Shell(&token.text))
                }
            };
            let Some(missing) = missing else {
                continue;
            };
            let range = match (&missing.spot, command) {
                (ProbeSpot::Argument(i), Command::Exec { elements, .. })
                | (
                    ProbeSpot::Text {
                        argument: Some(i), ..
                    },
                    Command::Exec { elements, .. },
                ) => elements.get(*i).map_or(command.range(), |e| e.range),
                (ProbeSpot::Text { range, .. }, Command::Shell(token)) => {
                    instruction.token_subrange(token, range.start(), range.end())
                }
                _ => command.range(),
            };
            out.push(checker.diagnostic(&Self::META, range, missing.message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::range_text;
    use super::{missing_tool, Probe, ProbeSpot};
    use crate::dockerfile::{model, syntax};
    use crate::images::Date;
    use crate::lint::test_support::{codes, findings};
    use crate::lint::{Checker, DockerfileInput, LintConfig};

    const CODE: &str = "LL1007";

    #[test]
    fn curl_on_slim_images() {
        let text = "FROM node:22-slim\nHEALTHCHECK CMD curl -f http://localhost:3000/ || exit 1\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(range_text(text, &found[0]), "curl");
        assert!(found[0].message.contains("-slim"), "{}", found[0].message);
        assert!(found[0].message.contains("node -e"));
        let text = "FROM python:3.13-slim\nHEALTHCHECK CMD [\"wget\", \"-q\", \"--spider\", \"http://localhost\"]\n";
        let found = findings(text, CODE);
        assert_eq!(range_text(text, &found[0]), "\"wget\"");
        assert!(found[0].message.contains("python -c"));
    }

    #[test]
    fn alpine_has_busybox_wget_only() {
        let text = "FROM node:22-alpine\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n";
        let found = findings(text, CODE);
        assert!(found[0].message.contains("busybox"), "{}", found[0].message);
        assert!(found[0].message.contains("wget -q --spider"));
        assert!(codes(
            "FROM node:22-alpine\nHEALTHCHECK CMD wget -q --spider http://localhost/ || exit 1\n",
            CODE
        )
        .is_empty());
    }

    #[test]
    fn distroless_has_no_shell() {
        let text =
            "FROM gcr.io/distroless/nodejs22-debian12\nHEALTHCHECK CMD node /app/health.js\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("no shell"),
            "{}",
            found[0].message
        );
        let text = "FROM gcr.io/distroless/nodejs22-debian12\nHEALTHCHECK CMD [\"/nodejs/bin/node\", \"/app/health.js\"]\n";
        assert!(codes(text, CODE).is_empty());
        let text = "FROM gcr.io/distroless/static-debian12:debug\nHEALTHCHECK CMD wget -q --spider http://localhost/\n";
        assert!(codes(text, CODE).is_empty());
        let text = "FROM scratch\nHEALTHCHECK CMD [\"curl\", \"http://localhost\"]\n";
        assert_eq!(codes(text, CODE), [2]);
    }

    #[test]
    fn tools_the_image_has_or_the_dockerfile_installs() {
        assert!(codes(
            "FROM node:22\nHEALTHCHECK CMD curl -f http://localhost/\n",
            CODE
        )
        .is_empty());
        let text = "FROM node:22-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nHEALTHCHECK CMD curl -f http://localhost/\n";
        assert!(codes(text, CODE).is_empty());
        let text = "FROM node:22-alpine AS base\nRUN apk add --no-cache curl\nFROM base\nHEALTHCHECK CMD curl -f http://localhost/\n";
        assert!(codes(text, CODE).is_empty());
        let text = "FROM gcr.io/distroless/static-debian12\nCOPY --from=curlimages/curl:8.10.1 /usr/bin/curl /usr/bin/curl\nHEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost\"]\n";
        assert!(codes(text, CODE).is_empty());
        let text = "FROM python:3.13-slim\nRUN <<EOF\napt-get update\napt-get install -y wget\nEOF\nHEALTHCHECK CMD wget -qO- http://localhost/\n";
        assert!(codes(text, CODE).is_empty());
    }

    #[test]
    fn a_build_stage_install_does_not_help_the_final_stage() {
        let text = "FROM node:22 AS build\nRUN apt-get install -y curl\nFROM node:22-slim\nHEALTHCHECK CMD curl -f http://localhost/\n";
        assert_eq!(codes(text, CODE), [4]);
    }

    #[test]
    fn sh_c_in_exec_form_and_arg_images() {
        let text = "ARG BASE=python:3.13-slim\nFROM ${BASE}\nHEALTHCHECK CMD [\"sh\", \"-c\", \"curl -f http://localhost\"]\n";
        let found = findings(text, CODE);
        assert_eq!(found.len(), 1);
        assert!(range_text(text, &found[0]).contains("curl -f"));
        assert!(codes(
            "FROM registry.example.com/app:1\nHEALTHCHECK CMD curl x\n",
            CODE
        )
        .is_empty());
        assert!(codes("FROM node:22-slim\nHEALTHCHECK NONE\n", CODE).is_empty());
    }

    #[test]
    fn the_shared_function_serves_compose_probes() {
        let text = "FROM node:22-alpine AS app\nCMD [\"node\", \"server.js\"]\n";
        let parse = syntax::parse(text);
        let model = model::build(&parse, &model::ModelOptions::default());
        let config = LintConfig::default();
        let input = DockerfileInput {
            text,
            parse: &parse,
            model: &model,
            config: &config,
            dockerignore: None,
            context: None,
            today: Date::from_ymd(2026, 11, 28),
        };
        let checker = Checker::new(&input);
        let missing = missing_tool(
            &checker,
            0,
            &Probe::Exec(vec!["curl", "-f", "http://localhost:3000/health"]),
        )
        .expect("curl is missing");
        assert_eq!(missing.tool, "curl");
        assert_eq!(missing.image, "node:22-alpine");
        assert_eq!(missing.spot, ProbeSpot::Argument(0));
        let shell = missing_tool(&checker, 0, &Probe::Shell("pg_isready && curl -f x"));
        assert!(matches!(
            shell.map(|m| m.spot),
            Some(ProbeSpot::Text { argument: None, .. })
        ));
        assert!(missing_tool(&checker, 0, &Probe::Shell("wget -q --spider x")).is_none());
    }

    #[test]
    fn a_pragma_silences_it() {
        let text = "FROM node:22-slim\n# hadolint ignore=LL1007\nHEALTHCHECK CMD curl -f http://localhost/\n";
        assert!(codes(text, CODE).is_empty());
    }
}
