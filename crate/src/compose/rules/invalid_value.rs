//! CP1004: A value is not one the attribute accepts. Reported by the compose pipeline itself.

crate::declare_rule! {
    /// ## What it does
    /// Reports values outside an enumeration (`condition: service_healty`), names that do not match the schema's pattern, numbers out of range, and strings that do not parse: durations (`interval: 10`), byte sizes (`mem_limit: lots`), booleans (`privileged: maybe`), volume specifications.
    ///
    /// ## Why is this bad?
    /// `docker compose` refuses the file, or the engine refuses the container at `up`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx
    ///     healthcheck:
    ///       interval: ten
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx
    ///     healthcheck:
    ///       interval: 10s
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/>
    pub struct InvalidValue {
        code: "CP1004",
        name: "invalid-value",
        origin: Compose,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "A value is not one the attribute accepts",
        url: "https://docs.docker.com/reference/compose-file/",
    }
}
