//! CP1101: A reference to a service, network, volume, secret, config or model that is not defined. Reported by the compose pipeline itself.

crate::declare_rule! {
    /// ## What it does
    /// Reports names used by a service but not declared: `depends_on`, `links`, `volumes_from` and `service:` modes pointing at unknown services; networks, named volumes, secrets, configs and models missing from the top level.
    ///
    /// ## Why is this bad?
    /// `docker compose` refuses the project (`service "web" refers to undefined volume data`).
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres
    ///     volumes:
    ///       - data:/var/lib/postgresql/data
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres
    ///     volumes:
    ///       - data:/var/lib/postgresql/data
    /// volumes:
    ///   data:
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/volumes/>
    pub struct UndefinedReference {
        code: "CP1101",
        name: "undefined-reference",
        origin: Compose,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "A reference to a service, network, volume, secret, config or model that is not defined",
        url: "https://docs.docker.com/reference/compose-file/volumes/",
    }
}
