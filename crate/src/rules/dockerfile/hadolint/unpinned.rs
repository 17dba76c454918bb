//! The "pin the version" rules for rpm-style managers (DL3033 yum, DL3037
//! zypper, DL3041 dnf): each package of an install that names no version.

use super::shell_runs::{run_sites, source};
use crate::diagnostic::Diagnostic;
use crate::lint::Checker;
use crate::rules::RuleMeta;
use crate::shell::packages::{Manager, PinStatus};

/// Report each unpinned registry package installed by one of `managers`
/// through a subcommand containing one of the words in `subcommands`.
pub(super) fn check_unpinned(
    checker: &Checker<'_>,
    meta: &RuleMeta,
    managers: &[Manager],
    subcommands: &[&str],
    message: &str,
    out: &mut Vec<Diagnostic>,
) {
    for site in run_sites(checker) {
        for (script, package) in site.package_commands() {
            let installs = package
                .subcommand
                .as_ref()
                .is_some_and(|s| s.text.split(' ').any(|w| subcommands.contains(&w)));
            if !managers.contains(&package.manager) || !installs {
                continue;
            }
            for arg in package
                .packages
                .iter()
                .filter(|p| p.pin_status() == PinStatus::Unpinned)
            {
                out.push(checker.diagnostic(meta, source(script, arg.range), message));
            }
        }
    }
}
