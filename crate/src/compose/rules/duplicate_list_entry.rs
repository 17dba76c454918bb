//! LL2026: A list sets the same key twice and compose silently keeps the last.

use super::Context;
use crate::compose::model::KeyValue;
use crate::diagnostic::Diagnostic;

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
            for (i, item) in items.iter().enumerate() {
                if !item.from_list {
                    continue;
                }
                if let Some(later) = items[i + 1..]
                    .iter()
                    .find(|o| o.from_list && o.key.value == item.key.value)
                {
                    out.push(
                        ctx.diagnostic(
                            &DuplicateListEntry::META,
                            item.range,
                            format!(
                                "{what} of service {:?} sets {} again later; this entry has no effect",
                                service.name.value, item.key.value
                            ),
                        )
                        .with_related(later.range, "this later entry wins"),
                    );
                }
            }
        }
    }
}
