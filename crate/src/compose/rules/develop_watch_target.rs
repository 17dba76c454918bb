//! CP1110: A `develop.watch` rule needs a target for sync actions. Reported by the compose pipeline itself.

crate::declare_rule! {
    /// ## What it does
    /// Reports `develop.watch` rules whose action syncs files but which have no `target`, and rules with a blank `path`.
    ///
    /// ## Why is this bad?
    /// `docker compose watch` refuses the rule (`target is required for non-rebuild actions`).
    ///
    /// ## Example
    /// ```yaml
    /// develop:
    ///   watch:
    ///     - path: ./src
    ///       action: sync
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// develop:
    ///   watch:
    ///     - path: ./src
    ///       action: sync
    ///       target: /app/src
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/compose/how-tos/file-watch/>
    pub struct DevelopWatchTarget {
        code: "CP1110",
        name: "develop-watch-target",
        origin: Compose,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "A `develop.watch` rule needs a target for sync actions",
        url: "https://docs.docker.com/compose/how-tos/file-watch/",
    }
}
