use crate::diagnostic::Diagnostic;
use crate::dockerfile::model::Expanded;
use crate::dockerfile::syntax::{Args, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::text::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags an `ARG` or `ENV` in a build stage whose name looks like a
    /// secret: one of its `_`-separated words is (case-insensitively)
    /// `apikey`, `auth`, `credential`, `credentials`, `key`, `password`,
    /// `pword`, `passwd`, `secret` or `token` (`GITHUB_TOKEN`,
    /// `db_password`, `AUTH`). Names with a `public`, `file` or `version`
    /// word are exempt (`PUBLIC_KEY`, `PASSWORD_FILE`, `AUTH_MODULE_VERSION`).
    ///
    /// ## Why is this bad?
    /// `ENV` values are stored in the image configuration, readable by
    /// anyone who can pull the image (`docker inspect`). `ARG` values end
    /// up in the build history and in the environment of every later
    /// `RUN`, and build caches and provenance attestations keep them.
    /// Secret mounts (`RUN --mount=type=secret`) give a build step a secret
    /// without leaving it in the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// ARG NPM_TOKEN
    /// RUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22
    /// RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
    /// ```
    ///
    /// ## References
    /// - [SecretsUsedInArgOrEnv](https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/)
    /// - [Build secrets](https://docs.docker.com/build/building/secrets/)
    pub struct SecretsUsedInArgOrEnv {
        code: "SecretsUsedInArgOrEnv",
        name: "secrets-used-in-arg-or-env",
        origin: Buildkit,
        target: Dockerfile,
        severity: Warning,
        category: Security,
        summary: "Sensitive data should not be used in the ARG or ENV commands",
        url: "https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/",
    }
}

const SECRET_WORDS: &[&str] = &[
    "apikey",
    "auth",
    "credential",
    "credentials",
    "key",
    "password",
    "pword",
    "passwd",
    "secret",
    "token",
];

const EXEMPT_WORDS: &[&str] = &["public", "file", "version"];

/// BuildKit's `(?i)(?:_|^)(?:word)(?:_|$)` patterns: whether any
/// `_`-delimited part of `name` is one of `words`.
fn has_word(name: &str, words: &[&str]) -> bool {
    name.split('_')
        .any(|part| words.iter().any(|w| part.eq_ignore_ascii_case(w)))
}

pub(crate) fn looks_secret(name: &str) -> bool {
    has_word(name, SECRET_WORDS) && !has_word(name, EXEMPT_WORDS)
}

impl DockerfileRule for SecretsUsedInArgOrEnv {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let mut report = |kind: &str, name: &str, range: TextRange| {
            if looks_secret(name) {
                out.push(checker.diagnostic(
                    &Self::META,
                    range,
                    format!(
                        "Do not use ARG or ENV instructions for sensitive data ({kind} \"{name}\")"
                    ),
                ));
            }
        };
        for stage in &checker.model.stages {
            for step in stage.steps.iter().skip(1) {
                let Some(instruction) = checker.file.instructions.get(step.instruction) else {
                    continue;
                };
                match (&instruction.keyword, &instruction.args, &step.expanded) {
                    (Keyword::Arg, Args::Arg(decls), _) => {
                        for decl in decls {
                            report("ARG", &decl.name.text, decl.name.range);
                        }
                    }
                    (Keyword::Env, Args::KeyValues(pairs), Expanded::KeyValues(values)) => {
                        // ENV keys are expanded: report the name BuildKit sees.
                        for (pair, (key, _)) in pairs.iter().zip(values) {
                            report("ENV", key, pair.key.range);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::looks_secret;
    use crate::lint::test_support::{codes, findings};

    const CODE: &str = "SecretsUsedInArgOrEnv";

    #[test]
    fn word_rules() {
        for secret in [
            "SECRET_PASSPHRASE",
            "SUPER_Secret",
            "password",
            "super_duper_secret_token",
            "auth",
            "apikey",
            "git_key",
            "GITHUB_TOKEN",
            "AWS_SECRET_ACCESS_KEY",
            "DB_PASSWD",
            "credentials",
            "api_key_id",
        ] {
            assert!(looks_secret(secret), "{secret}");
        }
        for fine in [
            "sunflower",
            "PUBLIC_KEY",
            "public_token",
            "SECRET_PASSPHRASE_FILE",
            "password_file",
            "secret_File",
            "AUTH_MODULE_VERSION",
            "KEYCLOAK_URL",
            "TOKENIZER",
            "MONKEY",
        ] {
            assert!(!looks_secret(fine), "{fine}");
        }
    }

    #[test]
    fn fires_per_name_in_stages() {
        let text = "FROM scratch\nARG SECRET_PASSPHRASE\nENV SUPER_Secret=foo\nENV password=bar secret=baz\nARG super_duper_secret_token=foo auth=bar\nENV apikey=bar sunflower=foo\nENV git_key=\nENV PUBLIC_KEY=\nARG public_token\nARG SECRET_PASSPHRASE_FILE\nENV password_file=bar secret_File=baz\nARG AUTH_MODULE_VERSION\n";
        assert_eq!(codes(text, CODE), [2, 3, 4, 4, 5, 5, 6, 7]);
        let found = findings("FROM a\nENV SUPER_Secret=foo\n", CODE);
        assert_eq!(
            found[0].message,
            "Do not use ARG or ENV instructions for sensitive data (ENV \"SUPER_Secret\")"
        );
        assert_eq!((found[0].column, found[0].end_column), (5, 17));
        assert_eq!(codes("FROM a\nENV DB_PASSWORD secret-value\n", CODE), [2]);
    }

    #[test]
    fn global_args_are_not_checked() {
        // They never reach the image unless a stage declares them again.
        assert!(codes("ARG GITHUB_TOKEN\nFROM alpine\n", CODE).is_empty());
        assert_eq!(
            codes("ARG GITHUB_TOKEN\nFROM alpine\nARG GITHUB_TOKEN\n", CODE),
            [3]
        );
        assert_eq!(
            codes(
                "ARG BASE=node:20\nFROM ${BASE} AS a\nFROM a\nENV API_TOKEN=x\n",
                CODE
            ),
            [4]
        );
    }

    #[test]
    fn env_keys_are_expanded() {
        assert_eq!(
            codes("FROM a\nARG KIND=TOKEN\nENV GITHUB_${KIND}=x\n", CODE),
            [3]
        );
    }

    #[test]
    fn per_instruction_suppression() {
        let text = "FROM scratch\n# check=skip=SecretsUsedInArgOrEnv\nENV password=bar\n# check=skip=SecretsUsedInArgOrEnv\nARG password\n# check=skip=all\nENV alternate_password=bar\n# check=skip=all\nARG alternate_password\nENV other_password=x\n";
        assert_eq!(codes(text, CODE), [10]);
        assert!(codes(
            "# check=skip=SecretsUsedInArgOrEnv\nFROM a\nARG TOKEN\n",
            CODE
        )
        .is_empty());
    }
}
