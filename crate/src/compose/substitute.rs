//! Interpolation over a YAML tree: every string value (never a key) is
//! substituted; each problem is reported where the `$…` expression is
//! written.

use super::interpolate::{self, TemplateProblem};
use super::rules::{invalid_interpolation::InvalidInterpolation, variable_not_set::VariableNotSet};
use super::subrange;
use super::yaml::{Node, Scalar, Value};
use crate::diagnostic::Diagnostic;
use crate::text::TextRange;

/// A variable used by the file, as `docker compose config --variables` lists them.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VariableUse {
    pub name: String,
    pub default: Option<String>,
    pub required: bool,
    pub set: bool,
    pub range: TextRange,
}

/// Substitute every string value under `root` in place.
pub fn interpolate_tree(
    root: &mut Node,
    source: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> (Vec<Diagnostic>, Vec<VariableUse>) {
    let mut diagnostics = Vec::new();
    let mut variables = Vec::new();
    let mut stack: Vec<&mut Node> = vec![root];
    while let Some(node) = stack.pop() {
        let template = match &node.value {
            Value::Scalar(scalar) => {
                if scalar.resolved != Scalar::Str || !interpolate::needs_substitution(&scalar.text)
                {
                    continue;
                }
                scalar.text.clone()
            }
            Value::Seq(_) | Value::Map(_) => {
                match &mut node.value {
                    Value::Seq(items) => stack.extend(items.iter_mut()),
                    Value::Map(entries) => stack.extend(entries.iter_mut().map(|e| &mut e.value)),
                    Value::Scalar(_) => {}
                }
                continue;
            }
        };
        let result = interpolate::substitute(&template, lookup);
        // Ranges are computed on the node before it is rewritten.
        for problem in &result.problems {
            let (start, end) = problem.span();
            let range = subrange(node, source, start, end);
            let meta = match problem {
                TemplateProblem::Unset { .. } => &VariableNotSet::META,
                _ => &InvalidInterpolation::META,
            };
            let mut message = problem.message(&template);
            if matches!(problem, TemplateProblem::Invalid { .. }) {
                message.push_str(" (write `$$` for a literal `$`)");
            }
            diagnostics.push(Diagnostic::new(
                meta.code,
                meta.severity,
                meta.category,
                range,
                message,
            ));
        }
        for used in &result.variables {
            variables.push(VariableUse {
                name: used.name.clone(),
                default: used.default.clone(),
                required: used.required,
                set: used.set,
                range: subrange(node, source, used.start, used.end),
            });
        }
        if let Value::Scalar(scalar) = &mut node.value {
            scalar.text = result.value;
            scalar.interpolated = true;
        }
    }
    (diagnostics, variables)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::yaml::{parse, YamlLimits};

    #[test]
    fn values_are_substituted_and_problems_located() {
        let text = "services:\n  web:\n    image: \"nginx:${TAG}\"\n    environment:\n      ${KEY}: x\n      PW: a$1\n";
        let mut root = parse(text, YamlLimits::default()).documents.remove(0);
        let (diagnostics, variables) = interpolate_tree(&mut root, text, &|_| None);
        let web = root.get("services").unwrap().get("web").unwrap();
        assert_eq!(web.get("image").unwrap().as_str(), Some("nginx:"));
        // Keys are never interpolated.
        assert!(web.get("environment").unwrap().get("${KEY}").is_some());
        let unset = diagnostics.iter().find(|d| d.code == "CP1008").unwrap();
        assert_eq!(unset.range.slice(text), "${TAG}");
        let invalid = diagnostics.iter().find(|d| d.code == "CP1007").unwrap();
        assert_eq!(invalid.range.slice(text), "$1");
        assert_eq!(variables.len(), 1);
    }
}
