//! Suppressions written in the Dockerfile itself:
//!
//! - hadolint pragmas: `# hadolint ignore=DL3008,DL3009` on the comment
//!   lines directly above an instruction, `# hadolint global ignore=…`
//!   anywhere, `# hadolint stage ignore=…` above a `FROM` (the whole stage);
//!   a trailing `# reason` is allowed;
//! - BuildKit: the `# check=skip=A,B;error=true` parser directive (or the
//!   `BUILDKIT_DOCKERFILE_CHECK` build arg, which replaces it), and a
//!   `# check=skip=…` comment directly above one instruction.

use super::config::LintConfig;
use crate::diagnostic::{Category, Diagnostic};
use crate::dockerfile::model::Model;
use crate::dockerfile::syntax::Parse;
use crate::rules::{self, Origin};
use crate::text::TextRange;
use std::collections::HashSet;

/// The code hadolint uses for "an inline ignore pragma is present".
pub const INLINE_PRAGMA_CODE: &str = "DL1001";

/// What one comment says, if it is a pragma.
#[derive(Debug, PartialEq, Eq)]
enum Pragma {
    Ignore(Vec<String>),
    GlobalIgnore(Vec<String>),
    StageIgnore(Vec<String>),
    CheckSkip(Vec<String>),
}

/// Parse the code list after `ignore=`: codes separated by commas and
/// blanks, up to the end or a `#` starting a reason.
fn code_list(rest: &str) -> Vec<String> {
    let rest = rest.split('#').next().unwrap_or("");
    rest.split([',', ' ', '\t'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

fn parse_pragma(comment: &str) -> Option<Pragma> {
    let text = comment.trim();
    if let Some(rest) = text.strip_prefix("hadolint") {
        let rest = rest.trim_start();
        let (kind, rest) = if let Some(r) = rest.strip_prefix("global") {
            ("global", r.trim_start())
        } else if let Some(r) = rest.strip_prefix("stage") {
            ("stage", r.trim_start())
        } else {
            ("line", rest)
        };
        let rest = rest
            .strip_prefix("ignore")?
            .trim_start()
            .strip_prefix('=')?;
        let codes = code_list(rest);
        return Some(match kind {
            "global" => Pragma::GlobalIgnore(codes),
            "stage" => Pragma::StageIgnore(codes),
            _ => Pragma::Ignore(codes),
        });
    }
    let rest = text.strip_prefix("check")?.trim_start().strip_prefix('=')?;
    check_skips(rest).map(Pragma::CheckSkip)
}

/// The rules named by `skip=` in a `check` value (`skip=A,B;error=true`).
fn check_skips(value: &str) -> Option<Vec<String>> {
    value.split(';').find_map(|part| {
        let (key, v) = part.split_once('=')?;
        // A trailing `// reason` or `# reason` is not part of the list.
        let v = v
            .split("//")
            .next()
            .unwrap_or("")
            .split('#')
            .next()
            .unwrap_or("");
        key.trim().eq_ignore_ascii_case("skip").then(|| {
            v.split(',')
                .filter_map(|s| s.split_whitespace().next())
                .map(str::to_string)
                .collect()
        })
    })
}

/// The rules named by `experimental=` (BuildKit's opt-in checks).
fn check_experimental(value: &str) -> Vec<String> {
    value
        .split(';')
        .filter_map(|part| part.split_once('='))
        .filter(|(k, _)| k.trim().eq_ignore_ascii_case("experimental"))
        .flat_map(|(_, v)| {
            v.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn check_error(value: &str) -> bool {
    value.split(';').any(|part| {
        part.split_once('=').is_some_and(|(k, v)| {
            k.trim().eq_ignore_ascii_case("error") && v.trim().eq_ignore_ascii_case("true")
        })
    })
}

#[derive(Debug, Default)]
pub struct Suppressions {
    global: HashSet<String>,
    /// Per instruction: (range, codes ignored there).
    instructions: Vec<(TextRange, HashSet<String>)>,
    /// Per stage: (range from FROM to the end of the stage, codes).
    stages: Vec<(TextRange, HashSet<String>)>,
    buildkit_skip_all: bool,
    buildkit_skip: HashSet<String>,
    /// `error=true`: BuildKit findings are errors.
    pub buildkit_errors: bool,
    /// `experimental=`: BuildKit checks turned on (`all` for every one).
    pub buildkit_experimental: HashSet<String>,
    /// Inline pragmas, for DL1001.
    inline_pragmas: Vec<TextRange>,
}

impl Suppressions {
    pub fn collect(parse: &Parse, model: &Model, config: &LintConfig) -> Self {
        let file = &parse.dockerfile;
        let mut s = Suppressions::default();

        // BuildKit's check directive, or the build arg that replaces it.
        let check_value = model
            .options
            .build_args
            .get("BUILDKIT_DOCKERFILE_CHECK")
            .cloned()
            .or_else(|| file.directive("check").map(|d| d.value.text.clone()));
        if let Some(value) = check_value {
            for rule in check_skips(&value).unwrap_or_default() {
                if rule.eq_ignore_ascii_case("all") {
                    s.buildkit_skip_all = true;
                } else {
                    s.buildkit_skip.insert(rule);
                }
            }
            s.buildkit_errors = check_error(&value);
            s.buildkit_experimental = check_experimental(&value).into_iter().collect();
        }

        let use_hadolint = !config.disable_ignore_pragma;
        for comment in &file.comments {
            if let Some(Pragma::GlobalIgnore(codes)) = parse_pragma(&comment.text) {
                if use_hadolint {
                    s.global.extend(codes);
                }
            }
        }

        let end_of_file = TextRange::empty(
            parse
                .dockerfile
                .instructions
                .last()
                .map(|i| i.range.end())
                .unwrap_or(0),
        );
        for (index, instruction) in file.instructions.iter().enumerate() {
            let mut codes = HashSet::new();
            let mut stage_codes = HashSet::new();
            for comment in instruction
                .leading_comments
                .iter()
                .filter_map(|&c| file.comments.get(c))
            {
                match parse_pragma(&comment.text) {
                    Some(Pragma::Ignore(list)) if use_hadolint => {
                        s.inline_pragmas.push(comment.range);
                        codes.extend(list);
                    }
                    Some(Pragma::StageIgnore(list)) if use_hadolint => stage_codes.extend(list),
                    Some(Pragma::CheckSkip(list)) => codes.extend(list),
                    _ => {}
                }
            }
            if !codes.is_empty() {
                s.instructions.push((instruction.range, codes));
            }
            if !stage_codes.is_empty() {
                if let Some(stage) = model.stages.iter().find(|st| st.from_instruction == index) {
                    let end = stage
                        .steps
                        .last()
                        .and_then(|step| file.instructions.get(step.instruction))
                        .map(|i| i.range)
                        .unwrap_or(end_of_file);
                    s.stages.push((instruction.range.cover(end), stage_codes));
                }
            }
        }
        s
    }

    /// Whether the check directive turns on an opt-in BuildKit rule.
    pub fn enables(&self, meta: &crate::rules::RuleMeta) -> bool {
        meta.origin == Origin::Buildkit
            && (self.buildkit_experimental.contains("all")
                || self.buildkit_experimental.contains(meta.code))
    }

    /// Whether `diagnostic` is suppressed by a pragma or check directive.
    pub fn suppresses(&self, diagnostic: &Diagnostic) -> bool {
        let code = diagnostic.code.as_str();
        let matches =
            |set: &HashSet<String>| set.contains(code) || set.contains("all") && is_buildkit(code);
        if self.global.contains(code) {
            return true;
        }
        if is_buildkit(code) && (self.buildkit_skip_all || self.buildkit_skip.contains(code)) {
            return true;
        }
        let at = diagnostic.range.start();
        let inside = |range: &TextRange| range.start() <= at && at <= range.end();
        self.instructions
            .iter()
            .any(|(r, set)| inside(r) && matches(set))
            || self.stages.iter().any(|(r, set)| inside(r) && matches(set))
    }

    /// DL1001 findings for inline pragmas (off unless configured).
    pub fn pragma_findings(&self, config: &LintConfig) -> Vec<Diagnostic> {
        let Some(severity) = config.overrides.get(INLINE_PRAGMA_CODE) else {
            return Vec::new();
        };
        self.inline_pragmas
            .iter()
            .map(|&range| {
                Diagnostic::new(
                    INLINE_PRAGMA_CODE,
                    *severity,
                    Category::Maintainability,
                    range,
                    "Please refrain from using inline ignore pragmas `# hadolint ignore=DLxxxx`.",
                )
            })
            .collect()
    }
}

fn is_buildkit(code: &str) -> bool {
    rules::lookup(code).is_some_and(|r| r.origin == Origin::Buildkit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pragmas() {
        assert_eq!(
            parse_pragma("hadolint ignore=DL3008,DL3009"),
            Some(Pragma::Ignore(vec!["DL3008".into(), "DL3009".into()]))
        );
        assert_eq!(
            parse_pragma("hadolint ignore=DL3008, DL3015 # pinned in the base image"),
            Some(Pragma::Ignore(vec!["DL3008".into(), "DL3015".into()]))
        );
        assert_eq!(
            parse_pragma("hadolint global ignore=DL3059"),
            Some(Pragma::GlobalIgnore(vec!["DL3059".into()]))
        );
        assert_eq!(
            parse_pragma("hadolint stage ignore=DL3002"),
            Some(Pragma::StageIgnore(vec!["DL3002".into()]))
        );
        assert_eq!(
            parse_pragma("check=skip=JSONArgsRecommended"),
            Some(Pragma::CheckSkip(vec!["JSONArgsRecommended".into()]))
        );
        assert_eq!(parse_pragma("install dependencies"), None);
        assert_eq!(parse_pragma("hadolint shell=powershell"), None);
    }

    #[test]
    fn check_values() {
        assert_eq!(
            check_skips("skip=A,B;error=true"),
            Some(vec!["A".into(), "B".into()])
        );
        assert!(check_error("skip=A;error=true"));
        assert!(!check_error("skip=A"));
    }
}
