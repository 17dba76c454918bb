//! CP1105: `healthcheck.test` as a list must start with CMD, CMD-SHELL or NONE. Reported by the compose pipeline itself.

crate::declare_rule! {
    /// ## What it does
    /// Reports a list-form `healthcheck.test` whose first item is not `CMD`, `CMD-SHELL` or `NONE`.
    ///
    /// ## Why is this bad?
    /// `docker compose` refuses the file (`healthcheck.test must start either by "CMD", "CMD-SHELL" or "NONE"`).
    ///
    /// ## Example
    /// ```yaml
    /// healthcheck:
    ///   test: ["curl", "-f", "http://localhost"]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// healthcheck:
    ///   test: ["CMD", "curl", "-f", "http://localhost"]
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/services/#healthcheck>
    pub struct InvalidHealthcheckTest {
        code: "CP1105",
        name: "invalid-healthcheck-test",
        origin: Compose,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "`healthcheck.test` as a list must start with CMD, CMD-SHELL or NONE",
        url: "https://docs.docker.com/reference/compose-file/services/#healthcheck",
    }
}
