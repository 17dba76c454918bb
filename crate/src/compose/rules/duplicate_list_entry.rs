//! LL2026: A list sets the same key twice and compose silently keeps the last.

use super::Context;
use crate::compose::model::KeyValue;
use crate::diagnostic::Diagnostic;
use std::collections::HashMap;

crate::declare_rule! {
    /// ## What it does
    /// Reports list-form `environment`, `labels`, `build.args`, `sysctls` and `extra_hosts` entries that set a key a later entry sets again. The range is the earlier entry, which has no effect.
    ///
    /// ## Why is this bad?
    /// compose-go keeps only the last entry for each key without a word, so the earlier value is dead and misleading.
    ///
    /// ## Example
    /// ```yaml
    /// environment:
    ///   - MODE=dev
    ///   - MODE=prod
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// environment:
    ///   - MODE=prod
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/services/#environment>
    pub struct DuplicateListEntry {
        code: "LL2026",
        name: "duplicate-list-entry",
        origin: Layerlab,
        target: Compose,
        severity: Warning,
        category: Correctness,
        summary: "A list sets the same key twice and compose silently keeps the last",
        url: "https://docs.docker.com/reference/compose-file/services/#environment",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        let lists: [(&str, &[KeyValue]); 4] = [
            ("environment", &service.environment),
            ("labels", &service.labels),
            ("sysctls", &service.sysctls),
            (
                "build.args",
                service.build.as_ref().map_or(&[][..], |b| &b.args[..]),
            ),
        ];
        for (what, items) in lists {
            // The last list entry of each key is the one compose keeps.
            let mut last: HashMap<&str, usize> = HashMap::new();
            for (i, item) in items.iter().enumerate() {
                if item.from_list {
                    last.insert(item.key.value.as_str(), i);
                }
            }
            for (i, item) in items.iter().enumerate() {
                if !item.from_list {
                    continue;
                }
                let winner = last.get(item.key.value.as_str()).copied().unwrap_or(i);
                if winner == i {
                    continue;
                }
                out.push(
                    ctx.diagnostic(
                        &DuplicateListEntry::META,
                        item.range,
                        format!(
                            "{what} of service {:?} sets {} again later; this entry has no effect",
                            service.name.value, item.key.value
                        ),
                    )
                    .with_related(items[winner].range, "this later entry wins"),
                );
            }
        }
    }
}
