//! LL2035: The file does not set a project `name`.

use super::Context;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports, once, a file without a top-level `name`.
    ///
    /// ## Why is this bad?
    /// Without it the project is named after the directory, so the same file creates different containers, networks and volumes depending on where it is checked out.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// name: shop
    /// services:
    ///   web:
    ///     image: nginx:1.27
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/version-and-name/#name-top-level-element>
    pub struct MissingProjectName {
        code: "LL2035",
        name: "missing-project-name",
        origin: Layerlab,
        target: Compose,
        severity: Style,
        category: Maintainability,
        summary: "The file does not set a project `name`",
        url: "https://docs.docker.com/reference/compose-file/version-and-name/#name-top-level-element",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if ctx.model.name.is_some() || ctx.model.legacy_v1 {
        return;
    }
    let Some(first) = ctx
        .root
        .as_map()
        .and_then(|m| m.iter().find(|e| e.merged_via.is_none()))
    else {
        return;
    };
    out.push(ctx.diagnostic(
        &MissingProjectName::META,
        first.key.use_range(),
        "the file sets no project `name`; the directory name is used",
    ));
}
