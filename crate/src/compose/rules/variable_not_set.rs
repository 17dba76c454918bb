//! CP1008: A variable is used but has no value and no default. Reported by the compose pipeline itself.

crate::declare_rule! {
    /// ## What it does
    /// Reports each use of `$VAR` / `${VAR}` whose variable is neither in the supplied environment nor in `.env`, with compose-go's warning text. The range is the expression itself.
    ///
    /// ## Why is this bad?
    /// Compose substitutes an empty string, which is rarely what was meant: an empty password, an image without a tag. A `$` meant literally (in a password) must be written `$$`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: "nginx:${TAG}"
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: "nginx:${TAG:-1.27}"
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/interpolation/>
    pub struct VariableNotSet {
        code: "CP1008",
        name: "variable-not-set",
        origin: Compose,
        target: Compose,
        severity: Warning,
        category: Correctness,
        summary: "A variable is used but has no value and no default",
        url: "https://docs.docker.com/reference/compose-file/interpolation/",
    }
}
