//! CP1103: `extends` names a service that does not exist, or extends in a circle. Reported by the compose pipeline itself.

crate::declare_rule! {
    /// ## What it does
    /// Reports `extends` targets missing from the file and circular `extends` chains. Targets in other files are not checked (only this file is known).
    ///
    /// ## Why is this bad?
    /// `docker compose` refuses the project (`cannot extend service "base" in compose.yaml: service "base" not found`).
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     extends: base
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   base:
    ///     image: nginx
    ///   web:
    ///     extends: base
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/compose/how-tos/multiple-compose-files/extends/>
    pub struct InvalidExtends {
        code: "CP1103",
        name: "invalid-extends",
        origin: Compose,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "`extends` names a service that does not exist, or extends in a circle",
        url: "https://docs.docker.com/compose/how-tos/multiple-compose-files/extends/",
    }
}
