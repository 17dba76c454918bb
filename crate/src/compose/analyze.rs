//! The entry point: compose text in, diagnostics, model and resolved view out.

use super::facts::DockerfileFacts;
use super::model::{self, ComposeModel};
use super::rules::{
    self, duplicate_item::DuplicateItem, duplicate_key::DuplicateKey,
    env_file_syntax::EnvFileSyntax, invalid_type::InvalidType, invalid_value::InvalidValue,
    legacy_v1::LegacyV1, missing_required_key::MissingRequiredKey, unknown_key::UnknownKey,
    yaml_syntax::YamlSyntax,
};
use super::schema::{self, IssueKind};
use super::yaml::{self, Entry, Node, ScalarStyle, Value, YamlLimits};
use super::{dotenv, merge, resolved, semantic, substitute};
use crate::diagnostic::Diagnostic;
use crate::rules::RuleMeta;
use crate::text::TextRange;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Files larger than this are refused: no compose file needs it, and it
/// bounds the cost of hostile input.
pub const MAX_FILE_SIZE: usize = 4 * 1024 * 1024;

/// Finds the facts of the Dockerfile a service builds: called with the
/// build context and the Dockerfile path (relative to the context) as
/// written in the compose file.
pub type DockerfileResolver<'a> = dyn Fn(&str, &str) -> Option<DockerfileFacts> + 'a;

/// Whether a base image ships a tool (`curl`, `wget`): `Some(false)` when it
/// is known not to, `None` when unknown.
pub type ToolTable<'a> = dyn Fn(&str, &str) -> Option<bool> + 'a;

/// Everything one analysis needs.
pub struct ComposeInput<'a> {
    /// Used in messages (compose-go prefixes some with the file name).
    pub file_name: &'a str,
    pub text: &'a str,
    /// The `.env` file next to the compose file, if any.
    pub dotenv: Option<&'a str>,
    /// The shell environment; it wins over `.env`, as in compose.
    pub environment: BTreeMap<String, String>,
    pub dockerfiles: Option<&'a DockerfileResolver<'a>>,
    pub tools: Option<&'a ToolTable<'a>>,
}

impl<'a> ComposeInput<'a> {
    pub fn new(text: &'a str) -> Self {
        ComposeInput {
            file_name: "compose.yaml",
            text,
            dotenv: None,
            environment: BTreeMap::new(),
            dockerfiles: None,
            tools: None,
        }
    }

    pub fn with_file_name(mut self, file_name: &'a str) -> Self {
        self.file_name = file_name;
        self
    }

    pub fn with_dotenv(mut self, dotenv: &'a str) -> Self {
        self.dotenv = Some(dotenv);
        self
    }

    pub fn with_environment(mut self, environment: BTreeMap<String, String>) -> Self {
        self.environment = environment;
        self
    }

    pub fn with_dockerfiles(mut self, resolver: &'a DockerfileResolver<'a>) -> Self {
        self.dockerfiles = Some(resolver);
        self
    }

    pub fn with_tools(mut self, tools: &'a ToolTable<'a>) -> Self {
        self.tools = Some(tools);
        self
    }
}

/// A variable the file uses, like `docker compose config --variables`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VariableInfo {
    pub name: String,
    pub default: Option<String>,
    pub required: bool,
    /// The value used, if the variable was set.
    pub value: Option<String>,
    /// Every place the variable is used.
    pub uses: Vec<TextRange>,
}

#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ComposeAnalysis {
    /// Sorted by position. Diagnostics about the `.env` text have
    /// `file == ".env"`.
    pub diagnostics: Vec<Diagnostic>,
    /// `None` when the file could not be read as a compose file at all.
    pub model: Option<ComposeModel>,
    /// The `docker compose config` view, as JSON.
    pub resolved: Option<serde_json::Value>,
    pub variables: Vec<VariableInfo>,
}

impl ComposeAnalysis {
    /// The resolved view as YAML text.
    pub fn resolved_yaml(&self) -> Option<String> {
        self.resolved.as_ref().map(resolved::to_yaml)
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == crate::diagnostic::Severity::Error)
    }
}

pub fn analyze(input: &ComposeInput) -> ComposeAnalysis {
    let mut analysis = ComposeAnalysis::default();
    let text = input.text;
    if let Some(problem) = precheck(text) {
        analysis.diagnostics.push(problem);
        return analysis;
    }

    // 1. YAML.
    let parsed = yaml::parse(text, YamlLimits::default());
    for error in &parsed.errors {
        let meta = if error.message.contains("already defined") {
            &DuplicateKey::META
        } else if error.fatal {
            &YamlSyntax::META
        } else {
            &InvalidValue::META
        };
        let mut d = diagnostic(meta, error.range, error.message.clone());
        for (range, message) in &error.related {
            d = d.with_related(*range, message.clone());
        }
        analysis.diagnostics.push(d);
    }
    if parsed.has_fatal_error() {
        return finish(analysis);
    }

    // 2. Interpolation, per document, before merging (as compose-go).
    let lookup_env = |name: &str| input.environment.get(name).cloned();
    let env_file = input.dotenv.map(|t| dotenv::parse(t, &lookup_env));
    if let Some(env_file) = &env_file {
        for problem in &env_file.problems {
            analysis.diagnostics.push(
                diagnostic(&EnvFileSyntax::META, problem.range, problem.message.clone())
                    .in_file(".env"),
            );
        }
    }
    let lookup = |name: &str| {
        input.environment.get(name).cloned().or_else(|| {
            env_file
                .as_ref()
                .and_then(|e| e.get(name))
                .map(String::from)
        })
    };
    let mut documents = parsed.documents;
    let mut uses = Vec::new();
    for document in &mut documents {
        let (diagnostics, variables) = substitute::interpolate_tree(document, text, &lookup);
        analysis.diagnostics.extend(diagnostics);
        uses.extend(variables);
    }
    analysis.variables = collect_variables(uses, &lookup);

    // 3. Merge documents, then the top level must be a mapping.
    let Some(mut root) = merge::merge_documents(documents) else {
        analysis.diagnostics.push(diagnostic(
            &YamlSyntax::META,
            TextRange::empty(0),
            "empty compose file".to_string(),
        ));
        return finish(analysis);
    };
    if root.as_map().is_none() {
        analysis.diagnostics.push(diagnostic(
            &InvalidType::META,
            root.use_range(),
            "top-level object must be a mapping".to_string(),
        ));
        return finish(analysis);
    }

    // Legacy v1: services at the top level. Explain once, read it as v2+.
    let legacy = detect_legacy_v1(&root);
    if let Some(first) = &legacy {
        analysis.diagnostics.push(diagnostic(
            &LegacyV1::META,
            *first,
            "this is a legacy version 1 compose file: services are written at the top level. \
             Current compose needs them under a top-level `services:` key (indent each service \
             under `services:`)"
                .to_string(),
        ));
        root = wrap_legacy(root);
    }

    // 4. extends, then the schema.
    analysis
        .diagnostics
        .extend(merge::apply_extends(&mut root, input.file_name));
    for issue in schema::validate(&root) {
        let meta = match issue.kind {
            IssueKind::UnknownKey => &UnknownKey::META,
            IssueKind::Type => &InvalidType::META,
            IssueKind::Value => &InvalidValue::META,
            IssueKind::Required => &MissingRequiredKey::META,
            IssueKind::DuplicateItem => &DuplicateItem::META,
        };
        let mut d = diagnostic(meta, issue.range, issue.message);
        if let Some((range, message)) = issue.related {
            d = d.with_related(range, message);
        }
        analysis.diagnostics.push(d);
    }

    // 5. Model, 6. semantic checks, 7. rules.
    let (model, diagnostics) = model::build::build(&root, text, legacy.is_some());
    analysis.diagnostics.extend(diagnostics);
    analysis.diagnostics.extend(semantic::check(&model));
    let facts = resolve_facts(&model, input.dockerfiles);
    let context = rules::Context::new(text, input.file_name, &root, &model, &facts, input.tools);
    analysis.diagnostics.extend(rules::check_all(&context));

    link_alias_definitions(&root, &mut analysis.diagnostics);

    // 8. The resolved view.
    analysis.resolved = Some(resolved::render(&root, &model));
    analysis.model = Some(model);
    finish(analysis)
}

/// A finding reported where an alias is used (`*base`, `<<: *base`) also
/// points at the anchor that defines the value.
fn link_alias_definitions(root: &Node, diagnostics: &mut [Diagnostic]) {
    let mut anchors: HashMap<TextRange, TextRange> = HashMap::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if let Some(alias) = node.alias {
            anchors.entry(alias.alias).or_insert(alias.anchor);
        }
        match &node.value {
            Value::Seq(items) => stack.extend(items.iter()),
            Value::Map(entries) => {
                for e in entries {
                    stack.push(&e.key);
                    stack.push(&e.value);
                }
            }
            Value::Scalar(_) => {}
        }
    }
    if anchors.is_empty() {
        return;
    }
    for d in diagnostics.iter_mut() {
        if let Some(anchor) = anchors.get(&d.range) {
            if d.file.is_empty() && !d.related.iter().any(|r| r.range == *anchor) {
                d.related.push(crate::diagnostic::Related {
                    file: String::new(),
                    range: *anchor,
                    message: "the value is defined here".to_string(),
                });
            }
        }
    }
}

fn finish(mut analysis: ComposeAnalysis) -> ComposeAnalysis {
    // Alias copies are checked once per use; keep one of identical findings.
    let mut seen = HashSet::new();
    analysis
        .diagnostics
        .retain(|d| seen.insert((d.code.clone(), d.range, d.message.clone(), d.file.clone())));
    analysis.diagnostics.sort_by(|a, b| {
        (&a.file, a.range.start, a.range.end, &a.code).cmp(&(
            &b.file,
            b.range.start,
            b.range.end,
            &b.code,
        ))
    });
    analysis
}

fn diagnostic(meta: &RuleMeta, range: TextRange, message: String) -> Diagnostic {
    Diagnostic::new(meta.code, meta.severity, meta.category, range, message)
}

/// Refuse what is not a compose text before parsing: too large, or binary.
fn precheck(text: &str) -> Option<Diagnostic> {
    if text.len() > MAX_FILE_SIZE {
        return Some(diagnostic(
            &YamlSyntax::META,
            TextRange::empty(0),
            format!(
                "the file is {:.1} MB; compose files larger than {} MB are not analysed",
                text.len() as f64 / 1_048_576.0,
                MAX_FILE_SIZE / 1_048_576
            ),
        ));
    }
    // Binary data: NUL bytes, replacement characters from a lossy decode, or
    // control characters YAML forbids, early in the file.
    let head_end = text.char_indices().nth(8192).map_or(text.len(), |(i, _)| i);
    let head = &text[..head_end];
    let bad = head.char_indices().find(|(_, c)| {
        *c == '\0'
            || *c == '\u{FFFD}'
            || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}'))
    });
    bad.map(|(at, c)| {
        let len = c.len_utf8();
        diagnostic(
            &YamlSyntax::META,
            TextRange::new(at, at + len),
            format!(
                "this is not a YAML text: it contains binary data (character U+{:04X} at byte {at})",
                c as u32
            ),
        )
    })
}

/// The first top-level key that looks like a v1 service (a mapping with
/// `image` or `build`), when there is no `services` key.
fn detect_legacy_v1(root: &Node) -> Option<TextRange> {
    let entries = root.as_map()?;
    if entries.iter().any(|e| {
        matches!(
            e.key_str(),
            "services" | "networks" | "volumes" | "secrets" | "configs" | "include" | "models"
        )
    }) {
        return None;
    }
    entries
        .iter()
        .find(|e| {
            !e.key_str().starts_with("x-")
                && (e.value.get("image").is_some() || e.value.get("build").is_some())
        })
        .map(|e| e.key.use_range())
}

/// `{web: {...}}` → `{services: {web: {...}}}`, keeping every range.
fn wrap_legacy(root: Node) -> Node {
    let range = root.range;
    let Value::Map(entries) = root.value else {
        return root;
    };
    let (extensions, services): (Vec<Entry>, Vec<Entry>) = entries
        .into_iter()
        .partition(|e| e.key_str().starts_with("x-") || e.key_str() == "version");
    let mut top = extensions;
    top.push(Entry {
        key: Node::scalar(
            "services",
            ScalarStyle::Plain,
            TextRange::empty(range.start()),
        ),
        value: Node {
            value: Value::Map(services),
            range,
            tag: None,
            alias: None,
        },
        merged_via: None,
    });
    Node {
        value: Value::Map(top),
        range,
        tag: None,
        alias: None,
    }
}

fn collect_variables(
    uses: Vec<substitute::VariableUse>,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Vec<VariableInfo> {
    let mut by_name: BTreeMap<String, VariableInfo> = BTreeMap::new();
    for used in uses {
        let info = by_name
            .entry(used.name.clone())
            .or_insert_with(|| VariableInfo {
                name: used.name.clone(),
                default: None,
                required: false,
                value: lookup(&used.name),
                uses: Vec::new(),
            });
        info.required |= used.required;
        if info.default.is_none() {
            info.default = used.default;
        }
        if !info.uses.contains(&used.range) {
            info.uses.push(used.range);
        }
    }
    let mut out: Vec<VariableInfo> = by_name.into_values().collect();
    for info in &mut out {
        info.uses.sort();
    }
    out
}

fn resolve_facts(
    model: &ComposeModel,
    resolver: Option<&DockerfileResolver>,
) -> HashMap<String, DockerfileFacts> {
    let mut facts = HashMap::new();
    let Some(resolver) = resolver else {
        return facts;
    };
    for service in &model.services {
        let Some(build) = &service.build else {
            continue;
        };
        if build.dockerfile_inline.is_some() {
            continue;
        }
        if let Some(found) = resolver(&build.context.value, build.dockerfile_path()) {
            facts.insert(service.name.value.clone(), found);
        }
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_input_is_one_error() {
        let png = "\u{FFFD}PNG\r\n\u{1a}\n\0\0\0\rIHDR";
        let analysis = analyze(&ComposeInput::new(png));
        assert_eq!(analysis.diagnostics.len(), 1);
        assert!(analysis.diagnostics[0].message.contains("binary data"));
        assert!(analysis.model.is_none());
    }

    #[test]
    fn oversized_input_is_refused_without_parsing() {
        let big = "a: b\n".repeat(MAX_FILE_SIZE / 5 + 10);
        let analysis = analyze(&ComposeInput::new(&big));
        assert_eq!(analysis.diagnostics.len(), 1);
        assert!(analysis.diagnostics[0].message.contains("MB"));
    }

    #[test]
    fn top_level_must_be_a_mapping() {
        let analysis = analyze(&ComposeInput::new("- a\n- b\n"));
        assert_eq!(analysis.diagnostics.len(), 1);
        assert_eq!(
            analysis.diagnostics[0].message,
            "top-level object must be a mapping"
        );
    }
}
