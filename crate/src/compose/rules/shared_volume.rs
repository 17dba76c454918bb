//! LL2034: A named volume is mounted writable by several services.

use super::Context;
use crate::compose::model::MountKind;
use crate::diagnostic::Diagnostic;
use crate::text::TextRange;
use std::collections::HashMap;

crate::declare_rule! {
    /// ## What it does
    /// Reports the second and later services that mount the same named volume writable.
    ///
    /// ## Why is this bad?
    /// Concurrent writers to one volume are a common source of corruption and surprising coupling; one owner (and read-only mounts elsewhere) is easier to reason about.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   a:
    ///     image: x
    ///     volumes: ["data:/data"]
    ///   b:
    ///     image: y
    ///     volumes: ["data:/data"]
    /// volumes:
    ///   data:
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   a:
    ///     image: x
    ///     volumes: ["data:/data"]
    ///   b:
    ///     image: y
    ///     volumes: ["data:/data:ro"]
    /// volumes:
    ///   data:
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/engine/storage/volumes/>
    pub struct SharedVolume {
        code: "LL2034",
        name: "shared-volume",
        origin: Layerlab,
        target: Compose,
        severity: Style,
        category: Maintainability,
        summary: "A named volume is mounted writable by several services",
        url: "https://docs.docker.com/engine/storage/volumes/",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut owners: HashMap<&str, (&str, TextRange)> = HashMap::new();
    for service in &ctx.model.services {
        for mount in &service.volumes {
            if mount.kind != MountKind::Volume || mount.read_only {
                continue;
            }
            let Some(source) = mount.source.as_ref().filter(|s| !s.value.is_empty()) else {
                continue;
            };
            match owners.get(source.value.as_str()) {
                Some((owner, first)) if *owner != service.name.value => out.push(
                    ctx.diagnostic(
                        &SharedVolume::META,
                        source.range,
                        format!(
                            "volume {:?} is also mounted writable by service {owner:?}",
                            source.value
                        ),
                    )
                    .with_related(*first, "also mounted here"),
                ),
                Some(_) => {}
                None => {
                    owners.insert(&source.value, (&service.name.value, source.range));
                }
            }
        }
    }
}
