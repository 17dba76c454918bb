//! LL2006: A legacy version 1 compose file (services at the top level).

use super::Context;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Recognises the original compose file format, where services are written at the top level without a `services:` key, and explains it once instead of reporting every service as an unknown key. The rest of the file is then analysed as if the services were under `services:`.
    ///
    /// ## Why is this bad?
    /// `docker compose` (v2) does not read version 1 files: it reports each service as an unknown top-level property. Move the services under `services:`.
    ///
    /// ## Example
    /// ```yaml
    /// web:
    ///   image: nginx:1.27
    ///   links: [db]
    /// db:
    ///   image: postgres:17
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     depends_on: [db]
    ///   db:
    ///     image: postgres:17
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/compose/releases/migrate/>
    pub struct LegacyV1 {
        code: "LL2006",
        name: "legacy-v1-format",
        origin: Layerlab,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "A legacy version 1 compose file (services at the top level)",
        url: "https://docs.docker.com/compose/releases/migrate/",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // Reported by the pipeline, which also reads the file as v2.
    let _ = (ctx, out);
}
