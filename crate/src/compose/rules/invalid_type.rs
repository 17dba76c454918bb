//! CP1003: A value has the wrong type. Reported by the compose pipeline itself.

crate::declare_rule! {
    /// ## What it does
    /// Reports a value whose type the schema does not accept, e.g. a list where a string is expected. When several forms are allowed (`build` as a string or a mapping) one message names them all.
    ///
    /// ## Why is this bad?
    /// `docker compose` refuses the file (`services.web.build must be a string or a mapping`).
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     build: [.]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     build: .
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/>
    pub struct InvalidType {
        code: "CP1003",
        name: "invalid-type",
        origin: Compose,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "A value has the wrong type",
        url: "https://docs.docker.com/reference/compose-file/",
    }
}
