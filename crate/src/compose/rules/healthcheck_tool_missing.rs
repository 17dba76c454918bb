//! LL1007: The healthcheck calls a tool the image does not have.

use super::Context;
use crate::compose::model::{Healthcheck, Service};
use crate::diagnostic::Diagnostic;
use crate::text::TextRange;

/// The Dockerfile rule's documentation covers compose healthchecks too.
pub use crate::rules::dockerfile::layerlab::HealthcheckToolMissing;

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(tools) = ctx.tools else { return };
    for service in &ctx.model.services {
        let Some(check) = &service.healthcheck else {
            continue;
        };
        let Some((base, installed)) = base_image(ctx, service) else {
            continue;
        };
        for (tool, range) in called_tools(check) {
            if !installed.contains(&tool) && tools(&base, &tool) == Some(false) {
                out.push(ctx.diagnostic(
                    &HealthcheckToolMissing::META,
                    range,
                    format!("the healthcheck of service {:?} runs {tool}, which image {base:?} does not have", service.name.value),
                ));
            }
        }
    }
}

/// The image the service's container runs from, and the tools its
/// Dockerfile installs on top.
fn base_image(ctx: &Context, service: &Service) -> Option<(String, Vec<String>)> {
    if let Some(build) = &service.build {
        let facts = ctx.facts_for(service)?;
        let target = build.target.as_ref().map(|t| t.value.as_str());
        // An unknown target is LL3001's finding; judge the final stage then.
        let stage = facts.stage(target).or_else(|| facts.stage(None))?;
        return Some((stage.base_image.clone()?, stage.installed_tools.clone()));
    }
    service
        .image
        .as_ref()
        .map(|i| (i.value.clone(), Vec::new()))
}

/// `curl` / `wget` as the command of an exec-form test or of a segment of
/// a shell-form test, with the range to report.
fn called_tools(check: &Healthcheck) -> Vec<(String, TextRange)> {
    const TOOLS: [&str; 2] = ["curl", "wget"];
    let mut out = Vec::new();
    let Some(kind) = check.test.first() else {
        return out;
    };
    match kind.value.as_str() {
        "CMD" => {
            if let Some(program) = check.test.get(1) {
                let name = program.value.rsplit('/').next().unwrap_or_default();
                if TOOLS.contains(&name) {
                    out.push((name.to_string(), program.range));
                }
            }
        }
        "CMD-SHELL" => {
            if let Some(script) = check.test.get(1) {
                for segment in script.value.split(['&', '|', ';']) {
                    let word = segment.split_whitespace().next().unwrap_or_default();
                    let name = word.rsplit('/').next().unwrap_or_default();
                    if TOOLS.contains(&name) && !out.iter().any(|(t, _)| t == name) {
                        out.push((name.to_string(), script.range));
                    }
                }
            }
        }
        _ => {}
    }
    out
}
