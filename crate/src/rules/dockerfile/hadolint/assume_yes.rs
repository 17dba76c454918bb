//! The "answer the prompt" rules (DL3030 yum, DL3034 zypper, DL3038 dnf):
//! a package command that asks for confirmation, run without its
//! assume-yes option.

use super::shell_runs::{editable, insert_after, run_sites, source};
use crate::diagnostic::Diagnostic;
use crate::lint::{Checker, RunScript};
use crate::rules::RuleMeta;
use crate::shell::packages::{FlagKind, PackageCommand};
use crate::text::TextRange;

/// Report every command `applies` accepts whose subcommand has one of the
/// words in `subcommands` and that lacks an assume-yes option; the fix adds
/// `flag` after the subcommand.
pub(super) fn check_assume_yes(
    checker: &Checker<'_>,
    meta: &RuleMeta,
    applies: impl Fn(&PackageCommand) -> bool,
    subcommands: &[&str],
    message: &str,
    flag: &str,
    out: &mut Vec<Diagnostic>,
) {
    for site in run_sites(checker) {
        for (script, package) in site.package_commands() {
            let Some(subcommand) = &package.subcommand else {
                continue;
            };
            let prompts = subcommand
                .text
                .split(' ')
                .any(|word| subcommands.contains(&word));
            if !applies(&package) || !prompts || package.has(FlagKind::AssumeYes) {
                continue;
            }
            let mut diagnostic = checker.diagnostic(meta, verb_range(script, &package), message);
            if script.script.command(package.command).is_some_and(editable) {
                diagnostic = diagnostic.with_fix(insert_after(
                    script,
                    subcommand.range,
                    flag,
                    format!("Add `{flag}`"),
                ));
            }
            out.push(diagnostic);
        }
    }
}

/// From the command name to the end of the subcommand (`yum install`), as a
/// range in the Dockerfile.
pub(super) fn verb_range(script: &RunScript, package: &PackageCommand) -> TextRange {
    let name = script
        .script
        .command(package.command)
        .and_then(|c| c.effective_command().name_word().map(|w| w.range));
    let start = name.map_or(package.range.start(), |r| r.start());
    let end = package
        .subcommand
        .as_ref()
        .map(|s| s.range.end())
        .or(name.map(|r| r.end()))
        .unwrap_or(package.range.end());
    source(script, TextRange::new(start, end.max(start)))
}
