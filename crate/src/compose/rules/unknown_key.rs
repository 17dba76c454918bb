//! CP1002: A key the Compose Specification does not define. Reported by the compose pipeline itself.

crate::declare_rule! {
    /// ## What it does
    /// Reports keys the compose-spec schema does not allow at that place, with a "did you mean" suggestion from the allowed keys. Custom keys are allowed when they start with `x-`.
    ///
    /// ## Why is this bad?
    /// `docker compose` refuses the file (`additional property imgae is not allowed`).
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     imgae: nginx
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/services/>
    pub struct UnknownKey {
        code: "CP1002",
        name: "unknown-key",
        origin: Compose,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "A key the Compose Specification does not define",
        url: "https://docs.docker.com/reference/compose-file/services/",
    }
}
