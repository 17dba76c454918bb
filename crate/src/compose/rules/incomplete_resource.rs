//! CP1109: A top-level secret, config, volume or network is declared inconsistently. Reported by the compose pipeline itself.

crate::declare_rule! {
    /// ## What it does
    /// Reports a secret without `file` or `environment` (unless external or driven), a config without exactly one of `file`, `environment`, `content`, and an `external` volume or network with attributes other than `name`.
    ///
    /// ## Why is this bad?
    /// `docker compose` refuses the project (`secret "db" must declare either `file` or `environment``).
    ///
    /// ## Example
    /// ```yaml
    /// secrets:
    ///   db_password: {}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// secrets:
    ///   db_password:
    ///     file: ./db_password.txt
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/secrets/>
    pub struct IncompleteResource {
        code: "CP1109",
        name: "incomplete-resource",
        origin: Compose,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "A top-level secret, config, volume or network is declared inconsistently",
        url: "https://docs.docker.com/reference/compose-file/secrets/",
    }
}
