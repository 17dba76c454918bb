//! CP1107: A service has neither `image` nor `build`. Reported by the compose pipeline itself.

crate::declare_rule! {
    /// ## What it does
    /// Reports services that declare none of `image`, `build` or `provider` (after `extends`).
    ///
    /// ## Why is this bad?
    /// `docker compose` refuses the project (`service "web" has neither an image nor a build context specified`).
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     ports: ["80:80"]
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
    /// - <https://docs.docker.com/reference/compose-file/services/#image>
    pub struct MissingImageOrBuild {
        code: "CP1107",
        name: "missing-image-or-build",
        origin: Compose,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "A service has neither `image` nor `build`",
        url: "https://docs.docker.com/reference/compose-file/services/#image",
    }
}
