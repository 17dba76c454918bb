//! BuildKit's build checks (`docker build --check`), reported under
//! BuildKit's own rule names with BuildKit's default severities (warnings).

use super::DockerfileRule;

pub static RULES: &[&dyn DockerfileRule] = &[];
