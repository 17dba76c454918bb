//! CP1108: Two mounts of one service use the same container path. Reported by the compose pipeline itself.

crate::declare_rule! {
    /// ## What it does
    /// Reports a volume, tmpfs, secret or config mounted at a container path another mount of the same service already uses.
    ///
    /// ## Why is this bad?
    /// `docker compose` refuses the project (`target /data already mounted`).
    ///
    /// ## Example
    /// ```yaml
    /// volumes:
    ///   - ./a:/data
    ///   - ./b:/data
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// volumes:
    ///   - ./a:/data/a
    ///   - ./b:/data/b
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/services/#volumes>
    pub struct DuplicateMountTarget {
        code: "CP1108",
        name: "duplicate-mount-target",
        origin: Compose,
        target: Compose,
        severity: Error,
        category: Correctness,
        summary: "Two mounts of one service use the same container path",
        url: "https://docs.docker.com/reference/compose-file/services/#volumes",
    }
}
