//! CP1102: Services depend on each other in a cycle. Reported by the compose pipeline itself.

crate::declare_rule! {
    /// ## What it does
    /// Reports a cycle in the dependency graph (explicit `depends_on` and the implicit edges of `links`, `volumes_from` and `service:` modes) with compose-go's wording, at every edge of the cycle.
    ///
    /// ## Why is this bad?
    /// `docker compose` cannot order the services and refuses the project.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   a:
    ///     image: x
    ///     depends_on: [b]
    ///   b:
    ///     image: x
    ///     depends_on: [a]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   a:
    ///     image: x
    ///     depends_on: [b]
    ///   b:
    ///     image: x
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/compose/how-tos/startup-order/>
    pub struct DependencyCycle {
        code: "CP1102",
        name: "dependency-cycle",
        origin: Compose,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "Services depend on each other in a cycle",
        url: "https://docs.docker.com/compose/how-tos/startup-order/",
    }
}
