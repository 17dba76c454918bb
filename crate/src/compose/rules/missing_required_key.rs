//! CP1005: A required key is missing. Reported by the compose pipeline itself.

crate::declare_rule! {
    /// ## What it does
    /// Reports a mapping that lacks a key the schema requires, e.g. `condition` in the long form of `depends_on`, or `type` in a long-syntax volume. The range is the key that holds the incomplete mapping.
    ///
    /// ## Why is this bad?
    /// `docker compose` refuses the file.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx
    ///     depends_on:
    ///       db:
    ///         required: true
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx
    ///     depends_on:
    ///       db:
    ///         condition: service_started
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/services/#depends_on>
    pub struct MissingRequiredKey {
        code: "CP1005",
        name: "missing-required-key",
        origin: Compose,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "A required key is missing",
        url: "https://docs.docker.com/reference/compose-file/services/#depends_on",
    }
}
