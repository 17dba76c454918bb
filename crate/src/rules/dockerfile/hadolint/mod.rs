//! hadolint's DL rules. Same code, same default severity, same meaning —
//! except where hadolint is wrong on valid syntax; those cases are tested.

use super::DockerfileRule;

mod dl4000_maintainer_deprecated;

pub use dl4000_maintainer_deprecated::MaintainerDeprecated;

pub static RULES: &[&dyn DockerfileRule] = &[&MaintainerDeprecated];
