//! Linting a Dockerfile: run every enabled rule over the [`Checker`], then
//! apply configuration (`.hadolint.yaml` keys), severity overrides and
//! suppressions (hadolint pragmas, BuildKit `# check=` directives).

mod checker;
pub mod config;
mod suppress;
#[cfg(test)]
pub(crate) mod test_support;

pub use checker::{Checker, RunScript};
pub use config::{ConfigError, LintConfig, Threshold};
pub use suppress::Suppressions;

use crate::context::{BuildContext, Dockerignore};
use crate::diagnostic::{Diagnostic, Severity, SYNTAX_ERROR_CODE};
use crate::dockerfile::model::Model;
use crate::dockerfile::syntax::Parse;
use crate::images::Date;
use crate::rules::{self, Origin};

/// Everything linting one Dockerfile needs.
pub struct DockerfileInput<'a> {
    pub text: &'a str,
    pub parse: &'a Parse,
    pub model: &'a Model,
    pub config: &'a LintConfig,
    pub dockerignore: Option<&'a Dockerignore>,
    pub context: Option<&'a BuildContext>,
    /// The date rules about end of life compare against.
    pub today: Date,
}

/// Lint one Dockerfile. `earlier` holds the diagnostics of the syntax and
/// model stages, so configuration and suppressions treat every finding
/// alike. The result is sorted by position.
pub fn lint_dockerfile(input: &DockerfileInput<'_>, earlier: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let checker = Checker::new(input);
    let suppressions = Suppressions::collect(input.parse, input.model, input.config);
    let mut found = earlier;
    for rule in rules::dockerfile::registry() {
        let meta = rule.meta();
        let ignored = input.config.ignored.iter().any(|c| c == meta.code);
        if input.config.is_enabled(meta) || !ignored && suppressions.enables(meta) {
            rule.check(&checker, &mut found);
        }
    }
    let mut kept: Vec<Diagnostic> = found
        .into_iter()
        .filter(|d| d.code == SYNTAX_ERROR_CODE || !input.config.ignored.contains(&d.code))
        .filter(|d| d.code == SYNTAX_ERROR_CODE || !suppressions.suppresses(d))
        .map(|mut d| {
            if let Some(severity) = input.config.overrides.get(&d.code) {
                d.severity = *severity;
            } else if suppressions.buildkit_errors
                && rules::lookup(&d.code).is_some_and(|r| r.origin == Origin::Buildkit)
            {
                d.severity = Severity::Error;
            }
            d
        })
        .collect();
    kept.extend(suppressions.pragma_findings(input.config));
    kept.sort_by(|a, b| {
        (a.range.start, a.range.end, &a.code).cmp(&(b.range.start, b.range.end, &b.code))
    });
    kept.dedup_by(|a, b| a.code == b.code && a.range == b.range && a.message == b.message);
    kept
}
