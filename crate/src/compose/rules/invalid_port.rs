//! CP1106: A port mapping cannot be parsed. Reported by the compose pipeline itself.

crate::declare_rule! {
    /// ## What it does
    /// Reports short-syntax ports that do not parse (`80:70000`, `abc:80`, a bad host IP, host and container ranges of different sizes) and long-syntax ports without `target` or with an invalid `host_ip`. The range is the offending part of the value.
    ///
    /// ## Why is this bad?
    /// `docker compose` refuses the file.
    ///
    /// ## Example
    /// ```yaml
    /// ports:
    ///   - "8080:80800"
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// ports:
    ///   - "8080:8080"
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/services/#ports>
    pub struct InvalidPort {
        code: "CP1106",
        name: "invalid-port",
        origin: Compose,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "A port mapping cannot be parsed",
        url: "https://docs.docker.com/reference/compose-file/services/#ports",
    }
}
