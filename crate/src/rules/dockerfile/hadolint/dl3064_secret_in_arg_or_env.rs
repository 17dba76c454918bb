use crate::diagnostic::Diagnostic;
use crate::dockerfile::syntax::{Args, Keyword, Token};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags `ARG` and `ENV` names (ONBUILD ones included) that look like
    /// secrets: one of hadolint's list of well-known names
    /// (`AWS_SECRET_ACCESS_KEY`, `GITHUB_TOKEN`, `NPM_TOKEN`, …) or a name
    /// containing `api_key`, `client_key`, `password`, `private`, `secret`,
    /// `token` or `username`, in any letter case.
    ///
    /// ## Why is this bad?
    /// `ENV` values are stored in the image configuration, and `ARG` values
    /// in the build history (`docker history`) of every layer that uses
    /// them: anyone who can pull the image can read them. Pass secrets with
    /// `RUN --mount=type=secret` instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// ARG NPM_TOKEN
    /// RUN npm ci
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22
    /// RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3064](https://github.com/hadolint/hadolint/wiki/DL3064)
    /// - [Build secrets](https://docs.docker.com/build/building/secrets/)
    pub struct SecretInArgOrEnv {
        code: "DL3064",
        name: "secret-in-arg-or-env",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Security,
        summary: "Potentially sensitive data should not be used in the `ARG` or `ENV` commands",
        url: "https://github.com/hadolint/hadolint/wiki/DL3064",
    }
}

/// Names that are secrets whatever their spelling.
const KNOWN_SECRET_NAMES: &[&str] = &[
    "ACCESS_TOKEN",
    "APPLICATION_KEY",
    "APP_SECRET",
    "AUTH_TOKEN",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "BITTREX_API_KEY",
    "BITTREX_API_SECRET",
    "CF_PASSWORD",
    "CF_USERNAME",
    "CIRCLE_TOKEN",
    "CI_DEPLOY_PASSWORD",
    "CI_DEPLOY_USER",
    "DOCKERHUB_PASSWORD",
    "DOCKER_EMAIL",
    "DOCKER_PASSWORD",
    "DOCKER_USERNAME",
    "FACEBOOK_ACCESS_TOKEN",
    "FACEBOOK_APP_ID",
    "FACEBOOK_APP_SECRET",
    "FIREBASE_API_TOKEN",
    "FIREBASE_TOKEN",
    "FOSSA_API_KEY",
    "GH_ENTERPRISE_TOKEN",
    "GH_TOKEN",
    "GITHUB_ENTERPRISE_TOKEN",
    "GITHUB_TOKEN",
    "HEROKU_API_KEY",
    "HEROKU_API_USER",
    "NPM_AUTH_TOKEN",
    "NPM_TOKEN",
    "OKTA_AUTHN_GROUPID",
    "OKTA_CLIENT_ORGURL",
    "OKTA_CLIENT_TOKEN",
    "OKTA_OAUTH2_CLIENTID",
    "OKTA_OAUTH2_CLIENTSECRET",
    "OPENAI_API_KEY",
    "OS_PASSWORD",
    "OS_USERNAME",
    "POSTGRES_PASSWORD",
    "SLACK_TOKEN",
    "STRIPE_API_KEY",
    "STRIPE_DEVICE_NAME",
    "TRAVIS_OS_NAME",
    "TRAVIS_SECURE_ENV_VARS",
    "TRAVIS_SUDO",
    "VAULT_CLIENT_KEY",
    "VAULT_TOKEN",
];

/// Parts of a name that suggest a secret (matched lower-cased).
const SUSPICIOUS_PARTS: &[&str] = &[
    "api_key",
    "client_key",
    "password",
    "private",
    "secret",
    "token",
    "username",
];

/// Whether `name` looks like it holds a secret.
fn looks_secret(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let lower = name.to_ascii_lowercase();
    KNOWN_SECRET_NAMES.contains(&upper.as_str())
        || SUSPICIOUS_PARTS.iter().any(|p| lower.contains(p))
}

impl DockerfileRule for SecretInArgOrEnv {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for (_, instruction, _) in checker.instructions_and_triggers() {
            let names: Vec<&Token> = match (&instruction.keyword, &instruction.args) {
                (Keyword::Arg, Args::Arg(decls)) => decls.iter().map(|d| &d.name).collect(),
                (Keyword::Env, Args::KeyValues(pairs)) => pairs.iter().map(|p| &p.key).collect(),
                _ => continue,
            };
            for name in names.into_iter().filter(|n| looks_secret(&n.text)) {
                out.push(checker.diagnostic(
                    &Self::META,
                    name.range,
                    "Potentially sensitive data should not be used in the `ARG` or `ENV` commands",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::looks_secret;
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn names() {
        for name in [
            "GITHUB_TOKEN",
            "github_token",
            "DB_PASSWORD",
            "MyApiSecret",
            "private_key",
            "TRAVIS_SUDO",
        ] {
            assert!(looks_secret(name), "{name}");
        }
        for name in ["PATH", "NODE_ENV", "API_URL", "TOKENIZER", "KEY"] {
            assert_eq!(looks_secret(name), name == "TOKENIZER", "{name}");
        }
    }

    #[test]
    fn fires_on_arg_and_env_names() {
        let text = "FROM a\nENV APP=1 DB_PASSWORD=x\n";
        assert_eq!(findings(text, "DL3064")[0].range.slice(text), "DB_PASSWORD");
        assert_eq!(codes("ARG NPM_TOKEN\nFROM a\n", "DL3064"), [1]);
        assert_eq!(codes("FROM a\nONBUILD ARG GH_TOKEN\n", "DL3064"), [2]);
        assert!(codes("FROM a\nENV NODE_ENV=production\n", "DL3064").is_empty());
        assert!(codes(
            "FROM a\n# hadolint ignore=DL3064\nARG NPM_TOKEN\n",
            "DL3064"
        )
        .is_empty());
    }
}
