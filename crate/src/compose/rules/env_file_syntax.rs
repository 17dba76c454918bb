//! CP1010: A line of the `.env` file cannot be read. Reported by the compose pipeline itself.

crate::declare_rule! {
    /// ## What it does
    /// Reports lines of the `.env` file compose would reject: invalid variable names, unterminated quotes, malformed `${…}`. The range points into the `.env` text.
    ///
    /// ## Why is this bad?
    /// `docker compose` refuses to load the project.
    ///
    /// ## Example
    /// ```dotenv
    /// BAD NAME=1
    /// ```
    ///
    /// Use instead:
    /// ```dotenv
    /// GOOD_NAME=1
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file-syntax>
    pub struct EnvFileSyntax {
        code: "CP1010",
        name: "env-file-syntax",
        origin: Compose,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "A line of the `.env` file cannot be read",
        url: "https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file-syntax",
    }
}
