//! LL2008: An image is not pinned by digest.

use super::util;
use super::Context;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports `image` references with a tag but no `@sha256:` digest (images that are also built locally are skipped).
    ///
    /// ## Why is this bad?
    /// A tag can be moved to other content, by the publisher or by whoever controls the registry; only a digest guarantees the bytes you tested are the bytes you run.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17.2
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17.2@sha256:…
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/services/#image>
    pub struct ImageWithoutDigest {
        code: "LL2008",
        name: "image-without-digest",
        origin: Layerlab,
        target: Compose,
        severity: Style,
        category: Security,
        summary: "An image is not pinned by digest",
        url: "https://docs.docker.com/reference/compose-file/services/#image",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        let Some(image) = &service.image else {
            continue;
        };
        if service.build.is_some() || image.value.contains('$') || image.value.contains('@') {
            continue;
        }
        if let (_, Some(_), None) = util::image_parts(&image.value) {
            out.push(ctx.diagnostic(
                &ImageWithoutDigest::META,
                image.range,
                format!("image {:?} is not pinned by digest", image.value),
            ));
        }
    }
}
