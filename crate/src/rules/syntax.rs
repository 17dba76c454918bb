//! The syntax error code. The parser reports these directly; this file holds
//! their documentation.

use super::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Reports text that BuildKit cannot parse as a Dockerfile: an unknown
    /// instruction, a missing argument, a malformed flag, an unterminated
    /// heredoc or JSON array, a misplaced parser directive.
    ///
    /// ## Why is this bad?
    /// `docker build` stops at the first such error. Layerlab reports each
    /// one with its exact range, keeps parsing at the next instruction, and
    /// still analyses everything it could read.
    ///
    /// ## Example
    /// ```dockerfile
    /// FORM node:22        # unknown instruction: FORM (did you mean FROM?)
    /// COPY --chmod 644    # missing source and destination
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22
    /// COPY --chmod=644 package.json ./
    /// ```
    ///
    /// ## References
    /// - [Dockerfile reference](https://docs.docker.com/reference/dockerfile/)
    pub struct SyntaxError {
        code: "DL1000",
        name: "syntax-error",
        origin: Hadolint,
        target: Dockerfile,
        severity: Error,
        category: Correctness,
        summary: "The Dockerfile cannot be parsed here",
        url: "https://docs.docker.com/reference/dockerfile/",
    }
}

pub const RULES: &[&RuleMeta] = &[&SyntaxError::META];
