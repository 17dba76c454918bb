//! CP1006: A list that must hold unique items repeats one. Reported by the compose pipeline itself.

crate::declare_rule! {
    /// ## What it does
    /// Reports the second of two equal items in lists the schema declares unique (`cap_add`, `ports`, `dns_opt`, list-form `environment`…).
    ///
    /// ## Why is this bad?
    /// `docker compose` refuses the file (`services.web.cap_add items at 0 and 1 are equal`).
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx
    ///     cap_add: [NET_ADMIN, NET_ADMIN]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx
    ///     cap_add: [NET_ADMIN]
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/>
    pub struct DuplicateItem {
        code: "CP1006",
        name: "duplicate-item",
        origin: Compose,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "A list that must hold unique items repeats one",
        url: "https://docs.docker.com/reference/compose-file/",
    }
}
