//! CP1007: A `$` expression is malformed or a required variable is missing. Reported by the compose pipeline itself.

crate::declare_rule! {
    /// ## What it does
    /// Reports `${…}` expressions compose cannot evaluate: a lone `$` (write `$$` for a literal dollar), `${` without `}`, an unknown operator, and `${VAR:?message}` / `${VAR?message}` when the variable is missing, with compose-go's wording (`Invalid template: …`, `required variable X is missing a value: …`).
    ///
    /// ## Why is this bad?
    /// `docker compose` stops with this error before doing anything.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres
    ///     environment:
    ///       POSTGRES_PASSWORD: pa$1
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres
    ///     environment:
    ///       POSTGRES_PASSWORD: pa$$1
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/interpolation/>
    pub struct InvalidInterpolation {
        code: "CP1007",
        name: "invalid-interpolation",
        origin: Compose,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "A `$` expression is malformed or a required variable is missing",
        url: "https://docs.docker.com/reference/compose-file/interpolation/",
    }
}
