//! The "clean the package cache in the same RUN" rules (DL3032 yum, DL3036
//! zypper, DL3040 dnf): a RUN that installs with the manager and leaves its
//! cache in the layer.

use super::assume_yes::verb_range;
use super::shell_runs::{append_after_last, cache_locations, run_sites};
use crate::diagnostic::Diagnostic;
use crate::lint::Checker;
use crate::rules::RuleMeta;
use crate::shell::packages::{facts, Action, CacheKind, Manager};

/// What one rule looks for.
pub(super) struct CleanRule<'a> {
    pub meta: &'a RuleMeta,
    pub managers: &'a [Manager],
    /// The caches that must go; a complete cleanup of one of them counts,
    /// and so does a cache or tmpfs mount over one of their directories.
    pub cleans: &'a [CacheKind],
    pub message: &'a str,
    /// The command the fix appends; `{}` is replaced by the manager's name.
    pub clean_command: &'a str,
}

/// One finding per RUN that installs with one of `rule.managers` and does
/// not remove the cache after its last install, at the first install.
pub(super) fn check_clean_missing(
    checker: &Checker<'_>,
    rule: &CleanRule<'_>,
    out: &mut Vec<Diagnostic>,
) {
    for site in run_sites(checker) {
        // (script index, offset) of each install and each complete cleanup.
        let mut installs = Vec::new();
        let mut last_clean: Option<(usize, usize)> = None;
        for (index, run_script) in site.scripts.iter().enumerate() {
            let found = facts(&run_script.script);
            for package in &found.packages {
                if rule.managers.contains(&package.manager) && package.action == Action::Install {
                    installs.push((index, package.range.start(), package.clone()));
                }
            }
            for cleanup in found
                .cleanups
                .iter()
                .filter(|c| c.complete && rule.cleans.contains(&c.target))
            {
                if let Some(command) = run_script.script.command(cleanup.command) {
                    let at = (index, command.range.start());
                    last_clean = Some(last_clean.map_or(at, |previous| previous.max(at)));
                }
            }
        }
        let Some(last_install) = installs.iter().map(|(i, at, _)| (*i, *at)).max() else {
            continue;
        };
        if last_clean.is_some_and(|clean| clean > last_install) {
            continue;
        }
        if site.mount_covers(checker, &cache_locations(rule.cleans)) {
            continue;
        }
        let (Some((first_script, _, first)), Some((last_script, _, last))) = (
            installs.first(),
            installs.iter().max_by_key(|(i, at, _)| (*i, *at)),
        ) else {
            continue;
        };
        let script = &site.scripts[*first_script];
        let mut diagnostic = checker.diagnostic(rule.meta, verb_range(script, first), rule.message);
        // The fix goes after the last install, in the script holding it.
        let holder = &site.scripts[*last_script];
        let commands: Vec<_> = installs
            .iter()
            .filter(|(i, _, _)| i == last_script)
            .filter_map(|(_, _, p)| holder.script.command(p.command))
            .collect();
        let clean = rule
            .clean_command
            .replace("{}", last.manager.command_name());
        if let Some(fix) = append_after_last(holder, &commands, &clean, format!("Append `{clean}`"))
        {
            diagnostic = diagnostic.with_fix(fix);
        }
        out.push(diagnostic);
    }
}
