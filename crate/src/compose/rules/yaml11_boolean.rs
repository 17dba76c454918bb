//! CP1009: A YAML 1.1 boolean (`yes`, `on`, …) where compose expects a boolean. Reported by the compose pipeline itself.

crate::declare_rule! {
    /// ## What it does
    /// Reports `yes`, `no`, `on`, `off`, `y` and `n` used as booleans. YAML 1.2 reads them as strings; compose-go converts them with the warning quoted in the message. A fix writes `true` or `false`.
    ///
    /// ## Why is this bad?
    /// Other YAML 1.2 tools read the value as a string, and compose may stop accepting it.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx
    ///     read_only: yes
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx
    ///     read_only: true
    /// ```
    ///
    /// ## References
    /// - <https://yaml.org/spec/1.2.2/#10212-boolean>
    pub struct Yaml11Boolean {
        code: "CP1009",
        name: "yaml11-boolean",
        origin: Compose,
        target: Compose,
        severity: Warning,
        category: Correctness,
        summary: "A YAML 1.1 boolean (`yes`, `on`, …) where compose expects a boolean",
        url: "https://yaml.org/spec/1.2.2/#10212-boolean",
    }
}
