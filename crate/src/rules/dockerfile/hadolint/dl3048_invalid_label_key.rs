use super::label_schema::label_pairs;
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags `LABEL` keys that do not follow Docker's key format: start with
    /// a lower-case letter, end with a lower-case letter or digit, use only
    /// `a-z`, `0-9`, `.`, `-`, `_` and `/`, never `..` or `--`, and stay out
    /// of Docker's own namespaces (`com.docker.`, `io.docker.`,
    /// `org.dockerproject.`). Keys are read after variable expansion; a key
    /// using an undefined variable is skipped.
    ///
    /// ## Why is this bad?
    /// Tools look labels up by exact key; `Version`, `my_app..name` or a
    /// key in Docker's reserved namespaces collide with or get lost among
    /// the keys others use. Reverse-DNS keys (`com.example.team`) stay
    /// unique.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL Version="1.0.0"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version="1.0.0"
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3048](https://github.com/hadolint/hadolint/wiki/DL3048)
    /// - [Label key format](https://docs.docker.com/engine/manage-resources/labels/#key-format-recommendations)
    pub struct InvalidLabelKey {
        code: "DL3048",
        name: "invalid-label-key",
        origin: Hadolint,
        target: Dockerfile,
        severity: Style,
        category: Style,
        summary: "Invalid label key",
        url: "https://github.com/hadolint/hadolint/wiki/DL3048",
    }
}

/// Whether `key` follows Docker's label key recommendations.
fn valid_key(key: &str) -> bool {
    let bytes = key.as_bytes();
    let first_ok = bytes.first().is_some_and(u8::is_ascii_lowercase);
    let last_ok = bytes
        .last()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let chars_ok = bytes.iter().all(|b| {
        b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_' | b'/')
    });
    let reserved = ["com.docker.", "io.docker.", "org.dockerproject."]
        .iter()
        .any(|namespace| key.starts_with(namespace));
    first_ok && last_ok && chars_ok && !reserved && !key.contains("..") && !key.contains("--")
}

impl DockerfileRule for InvalidLabelKey {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for pair in label_pairs(checker) {
            if pair.resolved && !valid_key(&pair.key) {
                out.push(checker.diagnostic(&Self::META, pair.key_range, "Invalid label key."));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::valid_key;
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn keys() {
        for ok in [
            "version",
            "org.opencontainers.image.source",
            "com.example/team_name",
            "a1",
        ] {
            assert!(valid_key(ok), "{ok}");
        }
        for bad in [
            "Version",
            "1abc",
            "abc.",
            "a..b",
            "a--b",
            "a b",
            "com.docker.x",
            "io.docker.y",
            "org.dockerproject.z",
            "",
        ] {
            assert!(!valid_key(bad), "{bad}");
        }
    }

    #[test]
    fn fires_on_invalid_keys() {
        let text = "FROM a\nLABEL ok=1 Bad=2\n";
        assert_eq!(findings(text, "DL3048")[0].range.slice(text), "Bad");
        assert_eq!(codes("FROM a\nLABEL \"com.docker.x\"=1\n", "DL3048"), [2]);
        assert_eq!(codes("FROM a\nARG K=Bad\nLABEL $K=1\n", "DL3048"), [3]);
        assert!(codes("FROM a\nLABEL $UNDEFINED=1\n", "DL3048").is_empty());
        assert!(codes("FROM a\n# hadolint ignore=DL3048\nLABEL Bad=1\n", "DL3048").is_empty());
    }
}
