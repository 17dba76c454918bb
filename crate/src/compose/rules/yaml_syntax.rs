//! CP1000: The file cannot be read as YAML. Reported by the compose pipeline itself.

crate::declare_rule! {
    /// ## What it does
    /// Reports text that is not YAML, or YAML that Layerlab refuses to expand: a syntax error, binary data, a file larger than 4 MiB, nesting deeper than 64 levels, or aliases that expand beyond the node budget (a "billion laughs" file). Exactly one error is reported and nothing else is analysed.
    ///
    /// ## Why is this bad?
    /// `docker compose` cannot load the file at all.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx
    ///     ports: ["80:80"
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx
    ///     ports: ["80:80"]
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/>
    pub struct YamlSyntax {
        code: "CP1000",
        name: "yaml-syntax",
        origin: Compose,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "The file cannot be read as YAML",
        url: "https://docs.docker.com/reference/compose-file/",
    }
}
