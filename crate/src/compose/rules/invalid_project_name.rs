//! CP1111: The project `name` uses characters compose does not allow. Reported by the compose pipeline itself.

crate::declare_rule! {
    /// ## What it does
    /// Reports a top-level `name` that is not lowercase letters, digits, `-` and `_`, starting with a letter or digit.
    ///
    /// ## Why is this bad?
    /// `docker compose` refuses the project (`invalid project name`).
    ///
    /// ## Example
    /// ```yaml
    /// name: My App
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// name: my-app
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/version-and-name/>
    pub struct InvalidProjectName {
        code: "CP1111",
        name: "invalid-project-name",
        origin: Compose,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "The project `name` uses characters compose does not allow",
        url: "https://docs.docker.com/reference/compose-file/version-and-name/",
    }
}
