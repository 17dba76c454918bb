//! CP1001: A mapping key is written twice. Reported by the compose pipeline itself.

crate::declare_rule! {
    /// ## What it does
    /// Reports the second occurrence of a key in one mapping, with the first as a related location. A repeated `<<` merge key counts too, as in compose-go.
    ///
    /// ## Why is this bad?
    /// compose-go refuses the file (`mapping key "image" already defined at line 3`); other YAML readers silently keep one of the values.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     image: nginx:1.26
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/>
    pub struct DuplicateKey {
        code: "CP1001",
        name: "duplicate-key",
        origin: Compose,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "A mapping key is written twice",
        url: "https://docs.docker.com/reference/compose-file/",
    }
}
