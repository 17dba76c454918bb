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

crate::declare_rule! {
    /// ## What it does
    /// Flags arguments of `RUN`, `CMD`, `ENTRYPOINT`, `SHELL`, `COPY`, `ADD`
    /// or `VOLUME` that start with `[` like JSON (exec) form but are not valid
    /// JSON: single quotes, a trailing comma, or text after the closing `]`.
    ///
    /// ## Why is this bad?
    /// BuildKit does not report these: it silently falls back to shell form
    /// and hands the whole text, brackets and quotes included, to
    /// `/bin/sh -c`. The container then fails at run time with a confusing
    /// "not found" error, or `COPY` copies files named `["a",`.
    ///
    /// ## Example
    /// ```dockerfile
    /// CMD ['node', 'server.js']
    /// CMD ["node", "server.js"]  # start the app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// # start the app
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## References
    /// - [Shell and exec form](https://docs.docker.com/reference/dockerfile/#shell-and-exec-form)
    pub struct InvalidJsonForm {
        code: "LL1010",
        name: "invalid-json-form",
        origin: Layerlab,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "Looks like exec form but is not valid JSON, so it runs as a shell command",
        url: "https://docs.docker.com/reference/dockerfile/#shell-and-exec-form",
    }
}

pub const RULES: &[&RuleMeta] = &[&SyntaxError::META, &InvalidJsonForm::META];
