//! Layerlab's own rules (LL codes): the mistakes the article teaches about,
//! which neither hadolint nor BuildKit notices.

use super::DockerfileRule;

pub static RULES: &[&dyn DockerfileRule] = &[];
