//! Lint configuration, with the keys hadolint users already write in
//! `.hadolint.yaml`: `ignored`, `override`, `trustedRegistries`,
//! `failure-threshold`, `label-schema`, `strict-labels`,
//! `disable-ignore-pragma`, `no-fail`.

use crate::diagnostic::Severity;
use crate::rules::RuleMeta;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// When a run fails: at or above this severity (hadolint's `--failure-threshold`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Threshold {
    Error,
    Warning,
    #[default]
    Info,
    Style,
    /// Never fail.
    None,
}

impl Threshold {
    pub fn parse(s: &str) -> Option<Threshold> {
        match s.trim().to_ascii_lowercase().as_str() {
            "error" => Some(Threshold::Error),
            "warning" => Some(Threshold::Warning),
            "info" => Some(Threshold::Info),
            "style" => Some(Threshold::Style),
            "none" | "ignore" => Some(Threshold::None),
            _ => None,
        }
    }

    /// Whether a finding of `severity` fails the run.
    pub fn fails_on(self, severity: Severity) -> bool {
        let min = match self {
            Threshold::Error => 4,
            Threshold::Warning => 3,
            Threshold::Info => 2,
            Threshold::Style => 1,
            Threshold::None => return false,
        };
        severity.rank() >= min
    }
}

/// The type of a label in a `label-schema` (DL3049–DL3058).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelType {
    Text,
    Url,
    Semver,
    Hash,
    Rfc3339,
    Spdx,
    Email,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LintConfig {
    /// Codes never reported.
    pub ignored: Vec<String>,
    /// Severity per code; also turns on rules that are off by default.
    pub overrides: BTreeMap<String, Severity>,
    /// Registries FROM may use (DL3026); empty means any. Globs like `*.gcr.io`.
    pub trusted_registries: Vec<String>,
    /// The CLI's exit status threshold (hadolint's default: info).
    pub failure_threshold: Threshold,
    /// Required labels and their types.
    pub label_schema: BTreeMap<String, LabelType>,
    /// Labels outside the schema are findings (DL3050).
    pub strict_labels: bool,
    /// Ignore `# hadolint ignore=` pragmas.
    pub disable_ignore_pragma: bool,
    /// Always exit 0.
    pub no_fail: bool,
}

impl LintConfig {
    /// Whether a rule runs: on by default (or turned on by an override),
    /// and not ignored.
    pub fn is_enabled(&self, meta: &RuleMeta) -> bool {
        let code = meta.code;
        if self.ignored.iter().any(|c| c == code) {
            return false;
        }
        meta.enabled_by_default || self.overrides.contains_key(code)
    }
}

/// A problem in a configuration file, with the key it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub key: String,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}
