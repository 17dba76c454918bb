//! One build, ready to walk: the Dockerfile parsed and modelled, the
//! context filtered by the ignore file the builder reads, and the options
//! that enter keys.

use super::files::{ContextFiles, Files};
use super::hash::{Encoder, Key};
use super::input::{BuildInput, Builder};
use super::report::Estimate;
use crate::context::{BuildContext, Dockerignore};
use crate::dockerfile::model::{self, Model, ModelOptions};
use crate::dockerfile::syntax::{self, Parse};
use crate::text::LineIndex;
use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// The Dockerfile side of a build: it depends only on the text, the build
/// args, the target and the platform, so the what-if helper reuses it when
/// an edit touches none of them.
#[derive(Clone, Debug)]
pub(crate) struct Parsed {
    pub text: Rc<str>,
    pub parse: Rc<Parse>,
    pub model: Rc<Model>,
    pub lines: Rc<LineIndex>,
    pub options: ModelOptions,
    /// Per-instruction values that depend only on the text (RUN time
    /// estimates, display text), computed once per parse.
    pub memo: Rc<TextMemo>,
}

/// Values computed once per parsed Dockerfile.
#[derive(Debug, Default)]
pub(crate) struct TextMemo {
    pub run_estimates: OnceCell<Vec<Option<Estimate>>>,
    pub display: OnceCell<Vec<String>>,
}

impl Parsed {
    pub(crate) fn new(input: &BuildInput) -> Parsed {
        let options = model_options(input);
        let parse = syntax::parse(&input.dockerfile);
        let model = model::build(&parse, &options);
        Parsed {
            text: input.dockerfile.as_str().into(),
            lines: Rc::new(LineIndex::new(&input.dockerfile)),
            parse: Rc::new(parse),
            model: Rc::new(model),
            options,
            memo: Rc::new(TextMemo::default()),
        }
    }

    /// Whether this parse still describes `input`'s model options (build
    /// args, target, platform); the text is the caller's to compare.
    pub(crate) fn same_options(&self, input: &BuildInput) -> bool {
        let options = model_options(input);
        options.build_args == self.options.build_args
            && options.target == self.options.target
            && options.platform == self.options.platform
    }

    /// 1-based line of a byte offset.
    pub(crate) fn line(&self, offset: u32) -> u32 {
        self.lines.line_of(offset as usize) as u32 + 1
    }
}

fn model_options(input: &BuildInput) -> ModelOptions {
    let defaults = ModelOptions::default();
    ModelOptions {
        build_args: input.build_args.clone(),
        target: input.target.clone(),
        platform: input
            .platform
            .clone()
            .filter(|p| !p.trim().is_empty())
            .unwrap_or(defaults.platform),
        build_platform: defaults.build_platform,
    }
}

/// A build ready to walk.
#[derive(Clone, Debug)]
pub(crate) struct Prepared {
    pub builder: Builder,
    pub dockerfile: Parsed,
    pub files: Files,
    /// The Dockerfile's path in the context, when it is inside it.
    pub dockerfile_path: Option<String>,
    pub base_digests: BTreeMap<String, String>,
    pub remote_versions: BTreeMap<String, String>,
    /// Secret ids with a digest of their value (values are never kept).
    pub secrets: BTreeMap<String, Key>,
    pub no_cache: bool,
    /// Lower-cased stage names.
    pub no_cache_filter: Vec<String>,
    /// Problems that make the simulation partial (unknown target, …).
    pub problems: Vec<String>,
}

impl Prepared {
    /// Prepare a build from scratch.
    pub(crate) fn new(input: &BuildInput) -> Prepared {
        let files = Files::Context(Rc::new(context_files(input)));
        Prepared::with(input, Parsed::new(input), files)
    }

    /// Prepare a build from parts computed earlier.
    pub(crate) fn with(input: &BuildInput, dockerfile: Parsed, files: Files) -> Prepared {
        let mut problems = Vec::new();
        if let Some(target) = &input.target {
            if dockerfile.model.target.is_none() {
                problems.push(format!(
                    "target stage `{target}` is not in the Dockerfile; the build fails"
                ));
            }
        }
        if files.context().filter.ignore_file_breaks_build() {
            problems.push(format!(
                "{} has a pattern BuildKit rejects; the build fails",
                files
                    .context()
                    .ignore_name
                    .clone()
                    .unwrap_or_else(|| ".dockerignore".to_string())
            ));
        }
        if input.builder == Builder::Legacy && input.dockerfile_dockerignore.is_some() {
            problems.push(format!(
                "the legacy builder reads only the root .dockerignore, not {}",
                input.dockerfile_dockerignore_path()
            ));
        }
        let problem_count = files.context().filter.original().problems().len();
        if problem_count > 0 {
            problems.push(format!(
                "{problem_count} context entr{} could not be placed (outside the root or conflicting)",
                if problem_count == 1 { "y" } else { "ies" }
            ));
        }
        Prepared {
            builder: input.builder,
            dockerfile,
            files,
            dockerfile_path: input.dockerfile_in_context(),
            base_digests: input.base_digests.clone(),
            remote_versions: input.remote_versions.clone(),
            secrets: input
                .secrets
                .iter()
                .map(|(id, value)| (id.clone(), Encoder::new("secret").str(value).finish()))
                .collect(),
            no_cache: input.no_cache,
            no_cache_filter: input
                .no_cache_filter
                .iter()
                .map(|s| s.to_ascii_lowercase())
                .collect(),
            problems,
        }
    }

    pub(crate) fn model(&self) -> &Model {
        &self.dockerfile.model
    }
}

/// The context as this build's builder receives it.
pub(crate) fn context_files(input: &BuildInput) -> ContextFiles {
    let context = BuildContext::new(input.context_entries());
    match input.effective_ignore() {
        Some((name, text)) => ContextFiles::new(
            context.apply_dockerignore(&Dockerignore::parse(text)),
            Some((name, text)),
        ),
        None => ContextFiles::new(context.unfiltered(), None),
    }
}
