//! LL2028: A service has both `build` and `image`.

use super::Context;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports services with both `build` and `image`.
    ///
    /// ## Why is this bad?
    /// That is how to name and push the built image, and fine then; but it is also a common leftover that makes compose pull `image` instead of building, depending on `pull_policy`. Make sure it is meant.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     build: .
    ///     image: nginx
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     build: .
    ///     image: registry.example.com/team/web:1.4
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/build/#using-build-and-image>
    pub struct BuildAndImage {
        code: "LL2028",
        name: "build-and-image",
        origin: Layerlab,
        target: Compose,
        severity: Style,
        category: Maintainability,
        summary: "A service has both `build` and `image`",
        url: "https://docs.docker.com/reference/compose-file/build/#using-build-and-image",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        if let (Some(_), Some(image)) = (&service.build, &service.image) {
            out.push(ctx.diagnostic(
                &BuildAndImage::META,
                image.range,
                format!(
                    "service {:?} has both build and image: the built image is tagged {:?}",
                    service.name.value, image.value
                ),
            ));
        }
    }
}
