//! The rule registry: every code Layerlab can report, with its documentation.
//!
//! Each rule lives in a file of its own and is declared with [`declare_rule!`],
//! whose doc comment *is* the rule's user documentation (What it does / Why is
//! this bad? / Example / Fix), shown by the CLI (`layerlab explain CODE`), the
//! wasm API and the playground. [`all`] is the single list of them.
//!
//! [`declare_rule!`]: crate::declare_rule

use crate::diagnostic::{Category, Severity};
use serde::Serialize;

/// Where a rule's code and meaning come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// hadolint's DL codes, same code, same default severity, same meaning.
    Hadolint,
    /// BuildKit's build checks (`docker build --check`), under their own names.
    Buildkit,
    /// Layerlab's own LL codes.
    Layerlab,
    /// Errors `docker compose config` would refuse with.
    Compose,
}

/// Which kind of file a rule looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    Dockerfile,
    Compose,
    Dockerignore,
}

/// Everything known about a code except how to check it.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct RuleMeta {
    pub code: &'static str,
    /// A kebab-case name, e.g. `apt-get-pin-versions`.
    pub name: &'static str,
    pub origin: Origin,
    pub target: Target,
    pub severity: Severity,
    pub category: Category,
    /// One line, used in rule lists.
    pub summary: &'static str,
    /// The raw doc comment of the rule (each line with its leading space).
    #[serde(skip)]
    pub raw_docs: &'static str,
    /// The primary external reference (Docker docs, hadolint wiki, …).
    pub url: &'static str,
    /// False for rules that report nothing unless a configuration turns
    /// them on (hadolint's `ignore` default, e.g. DL3057).
    pub enabled_by_default: bool,
}

impl RuleMeta {
    /// The rule's documentation as Markdown.
    pub fn documentation(&self) -> String {
        let mut out = String::with_capacity(self.raw_docs.len());
        for line in self.raw_docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim_end().to_string() + "\n"
    }
}

/// Declare a rule: a unit struct whose doc comment becomes its documentation
/// and whose `META` constant carries its code, severity and category.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// …
///     pub struct MaintainerDeprecated {
///         code: "DL4000", name: "maintainer-deprecated", origin: Hadolint,
///         target: Dockerfile, severity: Error, category: Maintainability,
///         summary: "MAINTAINER is deprecated",
///         url: "https://docs.docker.com/reference/dockerfile/#maintainer-deprecated",
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $name:ident {
            code: $code:literal,
            name: $rule_name:literal,
            origin: $origin:ident,
            target: $target:ident,
            severity: $severity:ident,
            category: $category:ident,
            summary: $summary:literal,
            url: $url:literal
            $(, enabled_by_default: $enabled:literal)? $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Default, Clone, Copy)]
        $vis struct $name;

        impl $name {
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                code: $code,
                name: $rule_name,
                origin: $crate::rules::Origin::$origin,
                target: $crate::rules::Target::$target,
                severity: $crate::diagnostic::Severity::$severity,
                category: $crate::diagnostic::Category::$category,
                summary: $summary,
                raw_docs: concat!($($doc, "\n"),*),
                url: $url,
                enabled_by_default: $crate::declare_rule!(@enabled $($enabled)?),
            };
        }
    };
    (@enabled) => { true };
    (@enabled $enabled:literal) => { $enabled };
}

pub mod dockerfile;
pub mod syntax;

/// Every rule Layerlab knows, in code order within each family.
pub fn all() -> Vec<&'static RuleMeta> {
    let mut rules: Vec<&'static RuleMeta> = Vec::new();
    rules.extend_from_slice(syntax::RULES);
    rules.extend(dockerfile::registry().iter().map(|r| r.meta()));
    rules.extend_from_slice(crate::context::RULES);
    rules.extend_from_slice(crate::compose::rules::RULES);
    rules
}

/// Find a rule by its code (case-sensitive, as BuildKit's names are).
pub fn lookup(code: &str) -> Option<&'static RuleMeta> {
    all().into_iter().find(|r| r.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_documented() {
        let rules = all();
        let mut codes: Vec<&str> = rules.iter().map(|r| r.code).collect();
        codes.sort();
        let before = codes.len();
        codes.dedup();
        assert_eq!(before, codes.len(), "duplicate rule codes");
        for rule in rules {
            let docs = rule.documentation();
            for section in ["## What it does", "## Why", "## Example"] {
                assert!(docs.contains(section), "{} docs lack {section}", rule.code);
            }
            assert!(
                rule.url.starts_with("https://"),
                "{} has no link",
                rule.code
            );
        }
    }
}

/// A rule's full description, as `layerlab explain` and the playground show it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    pub code: &'static str,
    pub name: &'static str,
    pub origin: Origin,
    pub target: Target,
    pub severity: Severity,
    pub category: Category,
    pub summary: &'static str,
    pub enabled_by_default: bool,
    pub url: &'static str,
    /// Markdown: what it does, why, examples, fix, references.
    pub documentation: String,
}

impl From<&RuleMeta> for Explanation {
    fn from(meta: &RuleMeta) -> Self {
        Explanation {
            code: meta.code,
            name: meta.name,
            origin: meta.origin,
            target: meta.target,
            severity: meta.severity,
            category: meta.category,
            summary: meta.summary,
            enabled_by_default: meta.enabled_by_default,
            url: meta.url,
            documentation: meta.documentation(),
        }
    }
}

/// The explanation of a code, looked up exactly, then ignoring case.
pub fn explain(code: &str) -> Option<Explanation> {
    lookup(code)
        .or_else(|| {
            all()
                .into_iter()
                .find(|r| r.code.eq_ignore_ascii_case(code) || r.name == code)
        })
        .map(Explanation::from)
}
