use super::support::keyword_as_written;
use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::dockerfile::syntax::{Args, KeyValue, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags `ENV key value` and `LABEL key value`, the legacy form
    /// without `=`.
    ///
    /// ## Why is this bad?
    /// In the legacy form everything after the key is the value, spaces
    /// included, and only one variable fits per instruction. It reads like
    /// a list of words (`ENV DEPS curl git` sets `DEPS` to `curl git`),
    /// and it is easy to mistake for `key=value` pairs. Docker documents it
    /// as deprecated.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine
    /// ENV DEPS curl git make
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine
    /// ENV DEPS="curl git make"
    /// ```
    ///
    /// ## Fix
    /// Rewrites the pair as `key=value` when the value is a single word, or
    /// as `key="value"` when it has blanks but no quotes or escapes: both
    /// expand to exactly the same text as before.
    ///
    /// ## References
    /// - [LegacyKeyValueFormat](https://docs.docker.com/reference/build-checks/legacy-key-value-format/)
    /// - [ENV](https://docs.docker.com/reference/dockerfile/#env)
    pub struct LegacyKeyValueFormat {
        code: "LegacyKeyValueFormat",
        name: "legacy-key-value-format",
        origin: Buildkit,
        target: Dockerfile,
        severity: Warning,
        category: Style,
        summary: "Legacy key/value format with whitespace separator should not be used",
        url: "https://docs.docker.com/reference/build-checks/legacy-key-value-format/",
    }
}

/// Whether `value` is one word for BuildKit's `parseWords`: no blank
/// outside quotes, and every quote closed.
fn is_single_word(value: &str, escape: char) -> bool {
    let mut chars = value.chars();
    let (mut single, mut double) = (false, false);
    while let Some(c) = chars.next() {
        match c {
            _ if single => single = c != '\'',
            c if c == escape => {
                chars.next();
            }
            '"' => double = !double,
            '\'' if !double => single = true,
            ' ' | '\t' if !double => return false,
            _ => {}
        }
    }
    !single && !double
}

/// The pair in `key=value` form with exactly the same meaning, when that is
/// certain. BuildKit runs the legacy value and the `key=value` value through
/// the same expansion, so a value that is one word can follow `=` as it is;
/// a value with blanks is wrapped in double quotes, which keep blanks and
/// expand `$` as before, unless quotes or escapes in it would change meaning.
fn modern_pair(pair: &KeyValue, escape: char) -> Option<String> {
    let (key, value) = (&pair.key.text, &pair.value.text);
    if value.contains(['\n', '\r']) {
        return None;
    }
    if is_single_word(value, escape) {
        return Some(format!("{key}={value}"));
    }
    if value.contains(['"', '\'', escape]) {
        return None;
    }
    Some(format!("{key}=\"{value}\""))
}

impl DockerfileRule for LegacyKeyValueFormat {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for (_, instruction) in checker.instructions() {
            if !matches!(instruction.keyword, Keyword::Env | Keyword::Label) {
                continue;
            }
            let Args::KeyValues(pairs) = &instruction.args else {
                continue;
            };
            let name = keyword_as_written(instruction);
            for pair in pairs.iter().filter(|p| p.legacy) {
                let mut diagnostic = checker.diagnostic(
                    &Self::META,
                    pair.range,
                    format!(
                        "\"{name} key=value\" should be used instead of legacy \"{name} key value\" format"
                    ),
                );
                if let Some(text) = modern_pair(pair, checker.file.escape) {
                    diagnostic = diagnostic.with_fix(Fix::new(
                        format!("Write {text}"),
                        vec![TextEdit::replace(pair.range, text)],
                    ));
                }
                out.push(diagnostic);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_single_word;
    use crate::lint::test_support::{assert_fixed, codes, findings};

    const CODE: &str = "LegacyKeyValueFormat";

    #[test]
    fn fires_on_legacy_env_and_label() {
        let found = findings("FROM scratch\nENV testkey value\nLABEL key value\n", CODE);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].message,
            "\"ENV key=value\" should be used instead of legacy \"ENV key value\" format"
        );
        assert_eq!(
            found[1].message,
            "\"LABEL key=value\" should be used instead of legacy \"LABEL key value\" format"
        );
        assert_eq!((found[0].column, found[0].end_column), (5, 18));
    }

    #[test]
    fn silent_on_key_value_pairs() {
        assert!(codes(
            "FROM scratch\nENV testkey=value\nLABEL key=value a=\"b c\"\n",
            CODE
        )
        .is_empty());
        assert!(codes("FROM a\nARG x y\n", CODE).is_empty());
    }

    #[test]
    fn unreachable_stages_are_checked_too() {
        let text =
            "FROM scratch AS a\n\nFROM a AS b\nENV testkey value\nLABEL key value\n\nFROM a AS c\n";
        assert_eq!(codes(text, CODE), [4, 5]);
    }

    #[test]
    fn suppression() {
        let text = "FROM scratch\n# check=skip=LegacyKeyValueFormat\nENV testkey value\n# check=skip=LegacyKeyValueFormat\nLABEL key value\n";
        assert!(codes(text, CODE).is_empty());
    }

    #[test]
    fn fix_writes_key_value() {
        assert_fixed(
            "FROM a\nENV DEPS curl git  make\n",
            CODE,
            "FROM a\nENV DEPS=\"curl git  make\"\n",
        );
        assert_fixed(
            "FROM a\nENV PATH /app/bin:$PATH\n",
            CODE,
            "FROM a\nENV PATH=/app/bin:$PATH\n",
        );
        assert_fixed(
            "FROM a\nENV MSG \"hello world\"\n",
            CODE,
            "FROM a\nENV MSG=\"hello world\"\n",
        );
        assert_fixed(
            "FROM a\nENV WIN C:\\\\dir\n",
            CODE,
            "FROM a\nENV WIN=C:\\\\dir\n",
        );
        assert_fixed(
            "FROM a\nlabel version \\\n  1.0\n",
            CODE,
            "FROM a\nlabel version=1.0\n",
        );
    }

    #[test]
    fn no_fix_when_quotes_or_escapes_would_change_meaning() {
        for text in [
            "FROM a\nENV MSG it's\n",
            "FROM a\nENV MSG say \"hi\" now\n",
            "FROM a\nENV MSG a\\ b c\n",
        ] {
            let found = findings(text, CODE);
            assert_eq!(found.len(), 1, "{text}");
            assert!(found[0].fixes.is_empty(), "{text}");
        }
    }

    #[test]
    fn words() {
        assert!(is_single_word("abc", '\\'));
        assert!(is_single_word("\"a b\"", '\\'));
        assert!(is_single_word("'a b'c", '\\'));
        assert!(is_single_word("a\\ b", '\\'));
        assert!(!is_single_word("a b", '\\'));
        assert!(!is_single_word("'a", '\\'));
        assert!(!is_single_word("\"a\\\"", '\\'));
    }
}
