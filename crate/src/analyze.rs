//! The entry point: a set of files in, one report out.
//!
//! Each Dockerfile goes through the whole pipeline once — parse, model, lint —
//! and every result is resolved into report positions here.

use crate::context::{BuildContext, ContextEntry, Dockerignore};
use crate::dockerfile::model::{self, Base, DependencyKind, Model, ModelOptions};
use crate::dockerfile::syntax;
use crate::images::Date;
use crate::lint::{self, LintConfig};
use crate::report::{self, FileKind, FileSummary, ReportDiagnostic, SourceFile, Utf16Range};
use crate::text::TextRange;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Files by name (`"Dockerfile"`, `"compose.yaml"`, …) and options.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct AnalyzeInput {
    pub files: BTreeMap<String, String>,
    #[serde(default)]
    pub options: AnalyzeOptions,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AnalyzeOptions {
    /// Override the detected kind of a file, by name.
    pub kinds: BTreeMap<String, FileKind>,
    /// Lint configuration (the keys of `.hadolint.yaml`).
    pub config: LintConfig,
    /// `--build-arg` values.
    pub build_args: BTreeMap<String, String>,
    /// `--target`.
    pub target: Option<String>,
    /// The target platform (default `linux/amd64`).
    pub platform: Option<String>,
    /// The build context (paths, sizes, hashes), when known.
    pub context: Option<Vec<ContextEntry>>,
    /// Today's date (`YYYY-MM-DD`) for end-of-life rules; defaults to the
    /// system clock natively (the wasm adapter passes the browser's date).
    pub today: Option<String>,
    /// Environment variables for compose interpolation (they win over `.env`).
    pub environment: BTreeMap<String, String>,
}

/// A stage, as the report shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StageReport {
    pub index: usize,
    pub name: Option<String>,
    /// `image`, `stage` or `scratch`.
    pub base_kind: String,
    /// The base after expansion (`node:22-alpine`, the stage name, `scratch`).
    pub base: String,
    pub base_stage: Option<usize>,
    pub platform: Option<String>,
    /// 1-based line of the FROM.
    pub line: u32,
    /// 1-based line of the stage's last instruction.
    pub end_line: u32,
    /// The FROM instruction.
    pub range: TextRange,
    pub utf16: Utf16Range,
    /// Whether building the target needs it (BuildKit).
    pub needed: bool,
    pub is_target: bool,
    pub dependencies: Vec<DependencyReport>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DependencyReport {
    /// `base`, `copyFrom` or `mountFrom`.
    pub kind: String,
    pub stage: Option<usize>,
    pub reference: String,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DockerfileReport {
    pub file: String,
    pub stages: Vec<StageReport>,
    /// ARGs declared before the first FROM: name and value (if any).
    pub global_args: Vec<(String, Option<String>)>,
    pub target: Option<usize>,
}

/// A compose file's model and `docker compose config`-style view.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComposeReport {
    pub file: String,
    /// The normalised model (services, networks, volumes, …), for the
    /// service graph; `None` when the file could not be read.
    pub model: Option<serde_json::Value>,
    /// The resolved configuration, as `docker compose config` prints it.
    pub resolved: Option<serde_json::Value>,
    pub resolved_yaml: Option<String>,
    /// Variables used by interpolation, with their values and uses.
    pub variables: serde_json::Value,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Report {
    pub version: String,
    pub files: Vec<FileSummary>,
    pub diagnostics: Vec<ReportDiagnostic>,
    pub dockerfiles: Vec<DockerfileReport>,
    #[serde(default)]
    pub compose: Vec<ComposeReport>,
}

impl Report {
    /// Whether any finding is at or above the configured threshold.
    pub fn fails(&self, config: &LintConfig) -> bool {
        !config.no_fail
            && self
                .diagnostics
                .iter()
                .any(|d| config.failure_threshold.fails_on(d.severity))
    }
}

/// Today's date when none is given: the system clock natively. On wasm the
/// adapter always passes one (there is no clock to read there).
fn today(options: &AnalyzeOptions) -> Date {
    if let Some(date) = options.today.as_deref().and_then(Date::parse) {
        return date;
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Date::from_days_since_epoch((secs / 86_400) as i64)
    }
    #[cfg(target_arch = "wasm32")]
    {
        Date::from_ymd(2026, 1, 1)
    }
}

fn kind_of(input: &AnalyzeInput, name: &str) -> FileKind {
    input
        .options
        .kinds
        .get(name)
        .copied()
        .unwrap_or_else(|| FileKind::detect(name))
}

/// The `.dockerignore` that applies to a Dockerfile: `<Dockerfile>.dockerignore`
/// next to it replaces the context's root `.dockerignore` (BuildKit).
fn dockerignore_for<'a>(input: &'a AnalyzeInput, dockerfile: &str) -> Option<&'a str> {
    input
        .files
        .get(&format!("{dockerfile}.dockerignore"))
        .or_else(|| input.files.get(".dockerignore"))
        .map(String::as_str)
}

pub fn analyze(input: &AnalyzeInput) -> Report {
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    let mut dockerfiles = Vec::new();
    let mut composes = Vec::new();
    let today = today(&input.options);
    let model_options = ModelOptions {
        build_args: input.options.build_args.clone(),
        target: input.options.target.clone(),
        platform: input
            .options
            .platform
            .clone()
            .unwrap_or_else(|| "linux/amd64".to_string()),
        build_platform: "linux/amd64".to_string(),
    };
    let context = input.options.context.clone().map(BuildContext::new);

    for (name, text) in &input.files {
        let kind = kind_of(input, name);
        files.push(FileSummary {
            name: name.clone(),
            kind,
        });
        let source = SourceFile::new(name, text);
        let resolve = |d: &crate::Diagnostic| {
            let url = crate::rules::lookup(&d.code).map(|r| r.url.to_string());
            report::resolve(d, &source, &[], url)
        };
        match kind {
            FileKind::Dockerfile => {
                let parse = syntax::parse(text);
                let model = model::build(&parse, &model_options);
                let dockerignore = dockerignore_for(input, name).map(Dockerignore::parse);
                let earlier = parse
                    .diagnostics
                    .iter()
                    .chain(&model.diagnostics)
                    .cloned()
                    .collect();
                let lint_input = lint::DockerfileInput {
                    text,
                    parse: &parse,
                    model: &model,
                    config: &input.options.config,
                    dockerignore: dockerignore.as_ref(),
                    context: context.as_ref(),
                    today,
                };
                for d in lint::lint_dockerfile(&lint_input, earlier) {
                    diagnostics.push(resolve(&d));
                }
                dockerfiles.push(dockerfile_report(name, &source, &parse.dockerfile, &model));
            }
            FileKind::Compose => {
                let (found, compose) = analyze_compose(input, name, text, &model_options, today);
                diagnostics.extend(found.iter().map(|d| {
                    let url = crate::rules::lookup(&d.code).map(|r| r.url.to_string());
                    if d.file.is_empty() || d.file == *name {
                        report::resolve(d, &source, &[], url)
                    } else {
                        let other_text = input.files.get(&d.file).map(String::as_str).unwrap_or("");
                        let other = SourceFile::new(&d.file, other_text);
                        report::resolve(d, &other, &[&source], url)
                    }
                }));
                composes.push(compose);
            }
            FileKind::Dockerignore => {
                for d in Dockerignore::parse(text).diagnostics() {
                    diagnostics.push(resolve(d));
                }
            }
            _ => {}
        }
    }
    report::sort_diagnostics(&mut diagnostics);
    Report {
        version: crate::VERSION.to_string(),
        files,
        diagnostics,
        dockerfiles,
        compose: composes,
    }
}

/// Join relative container-context paths (`app` + `./Dockerfile`), without
/// `std::path` (which misbehaves on wasm).
fn join_relative(parts: &[&str]) -> String {
    let mut out: Vec<&str> = Vec::new();
    for part in parts {
        for segment in part.split('/') {
            match segment {
                "" | "." => {}
                ".." => {
                    out.pop();
                }
                s => out.push(s),
            }
        }
    }
    out.join("/")
}

fn parent_dir(name: &str) -> &str {
    name.rfind('/').map(|i| &name[..i]).unwrap_or("")
}

/// Analyse one compose file, checking each built service against its
/// Dockerfile when that file is among the inputs.
fn analyze_compose(
    input: &AnalyzeInput,
    name: &str,
    text: &str,
    model_options: &ModelOptions,
    today: Date,
) -> (Vec<crate::Diagnostic>, ComposeReport) {
    use crate::compose::{self, ComposeInput, DockerfileFacts};
    use crate::images::{self, Tool, ToolPresence};
    let dir = parent_dir(name);
    let dotenv = input
        .files
        .get(&join_relative(&[dir, ".env"]))
        .map(String::as_str);
    let resolver = |context: &str, dockerfile: &str| -> Option<DockerfileFacts> {
        let path = join_relative(&[dir, context, dockerfile]);
        let text = input.files.get(&path)?;
        let parse = syntax::parse(text);
        let model = model::build(&parse, model_options);
        let config = LintConfig::default();
        let lint_input = lint::DockerfileInput {
            text,
            parse: &parse,
            model: &model,
            config: &config,
            dockerignore: None,
            context: None,
            today,
        };
        Some(DockerfileFacts::from_checker(&lint::Checker::new(
            &lint_input,
        )))
    };
    let tools = |base: &str, tool: &str| -> Option<bool> {
        let resolved = images::lookup(base)?;
        match resolved.tool(Tool::from_name(tool)?) {
            ToolPresence::Present | ToolPresence::Busybox => Some(true),
            ToolPresence::Absent => Some(false),
            ToolPresence::Unknown => None,
        }
    };
    let mut compose_input = ComposeInput::new(text)
        .with_file_name(name)
        .with_environment(input.options.environment.clone())
        .with_dockerfiles(&resolver)
        .with_tools(&tools);
    if let Some(env) = dotenv {
        compose_input = compose_input.with_dotenv(env);
    }
    let analysis = compose::analyze(&compose_input);
    let mut found = analysis.diagnostics.clone();
    for d in &mut found {
        if d.file == ".env" {
            d.file = join_relative(&[dir, ".env"]);
        }
    }
    let report = ComposeReport {
        file: name.to_string(),
        model: analysis
            .model
            .as_ref()
            .and_then(|m| serde_json::to_value(m).ok()),
        resolved_yaml: analysis.resolved_yaml(),
        resolved: analysis.resolved,
        variables: serde_json::to_value(&analysis.variables).unwrap_or_default(),
    };
    (found, report)
}

fn dockerfile_report(
    name: &str,
    source: &SourceFile<'_>,
    file: &syntax::Dockerfile,
    model: &Model,
) -> DockerfileReport {
    let line = |offset: usize| source.index.line_of(offset) as u32 + 1;
    let stages = model
        .stages
        .iter()
        .map(|stage| {
            let from = &file.instructions[stage.from_instruction];
            let last = stage
                .steps
                .last()
                .and_then(|s| file.instructions.get(s.instruction))
                .map(|i| i.range)
                .unwrap_or(from.range);
            let (base_kind, base, base_stage) = match &stage.base {
                Base::Image { reference } => ("image", reference.clone(), None),
                Base::Stage { index } => ("stage", model.stages[*index].label(), Some(*index)),
                Base::Scratch => ("scratch", "scratch".to_string(), None),
            };
            StageReport {
                index: stage.index,
                name: stage.name.clone(),
                base_kind: base_kind.to_string(),
                base,
                base_stage,
                platform: stage.platform.clone(),
                line: line(from.range.start()),
                end_line: line(last.end()),
                range: from.line_range,
                utf16: source.utf16(from.line_range),
                needed: stage.needed,
                is_target: model.target == Some(stage.index),
                dependencies: stage
                    .dependencies
                    .iter()
                    .map(|d| DependencyReport {
                        kind: match d.kind {
                            DependencyKind::Base => "base",
                            DependencyKind::CopyFrom => "copyFrom",
                            DependencyKind::MountFrom => "mountFrom",
                        }
                        .to_string(),
                        stage: d.stage,
                        reference: d.reference.clone(),
                        line: line(d.range.start()),
                    })
                    .collect(),
            }
        })
        .collect();
    DockerfileReport {
        file: name.to_string(),
        stages,
        global_args: model
            .global_args
            .iter()
            .map(|a| (a.name.clone(), a.value.clone()))
            .collect(),
        target: model.target,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(files: &[(&str, &str)]) -> AnalyzeInput {
        AnalyzeInput {
            files: files
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
            options: AnalyzeOptions {
                today: Some("2026-11-28".into()),
                ..AnalyzeOptions::default()
            },
        }
    }

    #[test]
    fn report_has_positions_and_stages() {
        let report = analyze(&input(&[(
            "Dockerfile",
            "FROM node:22 AS build\nFORM x\nFROM build\n",
        )]));
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.code == "DL1000")
            .unwrap();
        assert_eq!((d.line, d.column, d.end_line, d.end_column), (2, 1, 2, 5));
        assert_eq!((d.utf16.start, d.utf16.end), (22, 26));
        assert_eq!(
            d.url.as_deref(),
            Some("https://docs.docker.com/reference/dockerfile/")
        );
        let stages = &report.dockerfiles[0].stages;
        assert_eq!(stages.len(), 2);
        assert_eq!(stages[1].base_kind, "stage");
        assert_eq!(stages[1].base_stage, Some(0));
        assert!(stages[1].is_target && stages[0].needed);
    }

    #[test]
    fn dockerignore_files_are_checked() {
        let report = analyze(&input(&[(".dockerignore", "node_modules\n!\n")]));
        assert!(report
            .diagnostics
            .iter()
            .any(|d| d.code == "LL4001" && d.line == 2));
    }

    #[test]
    fn output_is_deterministic() {
        let i = input(&[
            ("Dockerfile", "FROM a\nRUN x\nMAINTAINER me\n"),
            ("b.Dockerfile", "FROM b\n"),
        ]);
        let a = serde_json::to_string(&analyze(&i)).unwrap();
        let b = serde_json::to_string(&analyze(&i)).unwrap();
        assert_eq!(a, b);
    }
}
