//! LL2007: An image without a tag, or tagged `latest`.

use super::util;
use super::Context;
use crate::compose::model::Spanned;
use crate::diagnostic::Diagnostic;
use crate::text::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Reports `image` references with no tag or with `latest` (or `stable`), unless they are pinned by digest or built locally (`build` is set). The range is the tag, or the image when there is none.
    ///
    /// ## Why is this bad?
    /// Every pull may bring a different version: builds stop being reproducible and an upstream major release can break the stack without any change in the file.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17.2
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/services/#image>
    pub struct ImageWithoutTag {
        code: "LL2007",
        name: "image-without-tag",
        origin: Layerlab,
        target: Compose,
        severity: Info,
        category: Maintainability,
        summary: "An image without a tag, or tagged `latest`",
        url: "https://docs.docker.com/reference/compose-file/services/#image",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        let Some(image) = &service.image else {
            continue;
        };
        if service.build.is_some() || image.value.contains('$') || image.value.is_empty() {
            continue;
        }
        let (_, tag, digest) = util::image_parts(&image.value);
        if digest.is_some() {
            continue;
        }
        let image_node = image.range;
        match tag {
            None => out.push(ctx.diagnostic(
                &ImageWithoutTag::META,
                image_node,
                format!(
                    "image {:?} has no tag, so it means `latest`; pin a version",
                    image.value
                ),
            )),
            Some((start, end)) => {
                let tag_text = &image.value[start..end];
                if matches!(tag_text, "latest" | "stable") {
                    let range = tag_range(ctx.source, image, start, end);
                    out.push(ctx.diagnostic(
                        &ImageWithoutTag::META,
                        range,
                        format!(
                            "image {:?} uses the moving tag {tag_text:?}; pin a version",
                            image.value
                        ),
                    ));
                }
            }
        }
    }
}

/// The tag's range, when the image is spelled literally in the source.
fn tag_range(source: &str, image: &Spanned<String>, start: usize, end: usize) -> TextRange {
    let written = image.range.slice(source);
    let offset = if written == image.value {
        0
    } else if written.len() == image.value.len() + 2
        && written.get(1..written.len() - 1) == Some(image.value.as_str())
    {
        1
    } else {
        return image.range;
    };
    TextRange::new(
        image.range.start() + offset + start,
        image.range.start() + offset + end,
    )
}
