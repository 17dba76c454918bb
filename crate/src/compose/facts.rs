//! What the compose checks need to know about the Dockerfile that builds a
//! service. A plain struct, so the compose side does not depend on the
//! Dockerfile parser: whoever has parsed the Dockerfile fills it in.

use crate::dockerfile::model::{Base, Expanded, Model};
use crate::dockerfile::syntax::{Args, Dockerfile, Keyword};
use crate::images::Tool;
use crate::lint::Checker;
use crate::rules::dockerfile::layerlab::installed_tools;
use serde::{Deserialize, Serialize};

/// Facts about one Dockerfile.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DockerfileFacts {
    /// Every stage, in order. The last one is what a build without `target`
    /// produces.
    pub stages: Vec<StageFacts>,
    /// `ARG`s declared before the first `FROM`.
    pub global_args: Vec<String>,
}

/// Facts about one build stage.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StageFacts {
    /// The `AS name`, if any.
    pub name: Option<String>,
    /// The external image this stage ultimately starts from, with build
    /// arguments expanded and `FROM <earlier stage>` followed back to an
    /// image (`node:18-alpine`); `None` when it cannot be known.
    pub base_image: Option<String>,
    /// `ARG` names declared in the stage.
    pub args: Vec<String>,
    /// `EXPOSE` values as written after expansion (`80`, `8080/tcp`,
    /// `9000-9010/udp`), including those inherited from earlier stages.
    pub exposed_ports: Vec<String>,
    /// The effective `USER` at the end of the stage (inherited through
    /// stage chains); `None` means none was set (root by default).
    pub user: Option<String>,
    /// Whether the stage declares a `HEALTHCHECK` other than `NONE`.
    pub has_healthcheck: bool,
    /// Tools (`curl`, `wget`, `bash`, `sh`) the Dockerfile installs in the
    /// stage chain, so a healthcheck calling them works whatever the base.
    #[serde(default)]
    pub installed_tools: Vec<String>,
}

impl DockerfileFacts {
    /// The facts compose checks need, read off a linted Dockerfile.
    pub fn from_checker(checker: &Checker<'_>) -> Self {
        let mut facts = DockerfileFacts::from_model(checker.file, checker.model);
        for (index, stage) in facts.stages.iter_mut().enumerate() {
            stage.installed_tools = installed_tools(checker, index)
                .into_iter()
                .map(|t| tool_name(t).to_string())
                .collect();
        }
        facts
    }

    /// The facts compose checks need, read off a Dockerfile's semantic model
    /// (without the tools it installs: see [`DockerfileFacts::from_checker`]).
    pub fn from_model(file: &Dockerfile, model: &Model) -> Self {
        let mut stages: Vec<StageFacts> = Vec::with_capacity(model.stages.len());
        for stage in &model.stages {
            let (base_image, mut exposed_ports) = match &stage.base {
                Base::Image { reference } => (Some(reference.clone()), Vec::new()),
                Base::Scratch => (None, Vec::new()),
                Base::Stage { index } => stages
                    .get(*index)
                    .map(|s: &StageFacts| (s.base_image.clone(), s.exposed_ports.clone()))
                    .unwrap_or_default(),
            };
            let mut args = Vec::new();
            let mut has_healthcheck = false;
            for step in &stage.steps {
                let Some(instruction) = file.instructions.get(step.instruction) else {
                    continue;
                };
                match (&instruction.keyword, &step.expanded) {
                    (Keyword::Arg, Expanded::Args(values)) => {
                        args.extend(values.iter().map(|a| a.name.clone()))
                    }
                    (Keyword::Expose, Expanded::List(ports)) => {
                        exposed_ports.extend(ports.iter().cloned())
                    }
                    (Keyword::Healthcheck, _) => {
                        has_healthcheck = matches!(instruction.args, Args::HealthcheckCmd { .. });
                    }
                    _ => {}
                }
            }
            stages.push(StageFacts {
                name: stage.name.clone(),
                base_image,
                args,
                exposed_ports,
                user: stage.final_state.user.clone(),
                has_healthcheck,
                installed_tools: Vec::new(),
            });
        }
        DockerfileFacts {
            stages,
            global_args: model.global_args.iter().map(|a| a.name.clone()).collect(),
        }
    }

    /// The stage a build with `target` produces: the named one, or the last.
    pub fn stage(&self, target: Option<&str>) -> Option<&StageFacts> {
        match target {
            Some(name) => self.stages.iter().find(|s| {
                s.name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            }),
            None => self.stages.last(),
        }
    }

    pub fn stage_names(&self) -> impl Iterator<Item = &str> {
        self.stages.iter().filter_map(|s| s.name.as_deref())
    }

    /// Whether any `ARG` anywhere declares `name`.
    pub fn declares_arg(&self, name: &str) -> bool {
        self.global_args.iter().any(|a| a == name)
            || self.stages.iter().any(|s| s.args.iter().any(|a| a == name))
    }
}

/// Build arguments BuildKit accepts without an `ARG` (proxies, BuildKit settings).
pub fn is_predefined_arg(name: &str) -> bool {
    const PROXIES: [&str; 5] = [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "FTP_PROXY",
        "NO_PROXY",
        "ALL_PROXY",
    ];
    PROXIES.iter().any(|p| p.eq_ignore_ascii_case(name))
        || name.starts_with("BUILDKIT_")
        || name == "SOURCE_DATE_EPOCH"
}

fn tool_name(tool: Tool) -> &'static str {
    match tool {
        Tool::Sh => "sh",
        Tool::Bash => "bash",
        Tool::Curl => "curl",
        Tool::Wget => "wget",
    }
}
