//! CP1104: Keys that exclude each other are both set. Reported by the compose pipeline itself.

crate::declare_rule! {
    /// ## What it does
    /// Reports the combinations compose-go refuses: `dockerfile` with `dockerfile_inline`, `network_mode` with `networks`, `container_name` with more than one replica, distinct values for `scale` and `deploy.replicas`, for `mem_limit` and `deploy.resources.limits.memory` (and `cpus`, `mem_reservation`, `pids_limit`), `count` with `device_ids`, and `platform` missing from `build.platforms`.
    ///
    /// ## Why is this bad?
    /// `docker compose` refuses the project.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx
    ///     network_mode: host
    ///     networks: [front]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx
    ///     network_mode: host
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/services/>
    pub struct ConflictingKeys {
        code: "CP1104",
        name: "conflicting-keys",
        origin: Compose,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "Keys that exclude each other are both set",
        url: "https://docs.docker.com/reference/compose-file/services/",
    }
}
