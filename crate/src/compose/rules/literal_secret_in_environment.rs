//! LL2003: A credential is written literally in `environment`.

use super::Context;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Reports `environment` values of credential-shaped variables (`*_PASSWORD`, `*_TOKEN`, `*_SECRET`, `*_API_KEY`, …) and URLs with a `user:password@` part, when the value is written in the file rather than taken from `${VAR}`. The range is the value.
    ///
    /// ## Why is this bad?
    /// The secret ends up in version control, in `docker inspect` output and in every copy of the file. Take it from the environment (`${DB_PASSWORD}`, set in an untracked `.env`) or, better, use `secrets:` and the image's `*_FILE` variables.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     environment:
    ///       POSTGRES_PASSWORD: hunter2
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     environment:
    ///       POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    ///     secrets: [db_password]
    /// secrets:
    ///   db_password:
    ///     file: ./db_password.txt
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/compose/how-tos/use-secrets/>
    pub struct LiteralSecretInEnvironment {
        code: "LL2003",
        name: "literal-secret-in-environment",
        origin: Layerlab,
        target: Compose,
        severity: Warning,
        category: Security,
        summary: "A credential is written literally in `environment`",
        url: "https://docs.docker.com/compose/how-tos/use-secrets/",
    }
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for service in &ctx.model.services {
        for variable in &service.environment {
            let Some(value) = &variable.value else {
                continue;
            };
            // `${VAR}` values and file paths (`/run/secrets/db`) are not literals.
            if variable.interpolated || value.value.is_empty() || value.value.starts_with('/') {
                continue;
            }
            let key = variable.key.value.as_str();
            let message = if is_credential_name(key) {
                format!(
                    "{key} is a credential written in the file; take it from `${{{key}}}` (.env) or a `secrets:` file"
                )
            } else if let Some(user) = url_password_user(&value.value) {
                format!(
                    "{key} contains the password of {user:?} in its URL; build the URL from `${{VAR}}` or use a secret"
                )
            } else {
                continue;
            };
            out.push(ctx.diagnostic(&LiteralSecretInEnvironment::META, value.range, message));
        }
    }
}

/// `POSTGRES_PASSWORD`, `API_TOKEN`, `SECRET_KEY`… but not `*_FILE` pointers.
pub fn is_credential_name(key: &str) -> bool {
    let upper = key.to_ascii_uppercase();
    if upper.ends_with("_FILE") || upper.ends_with("_PATH") {
        return false;
    }
    const EXACT: [&str; 6] = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY"];
    const SUFFIXES: [&str; 10] = [
        "_PASSWORD",
        "_PASSWD",
        "_PASS",
        "_TOKEN",
        "_SECRET",
        "_SECRET_KEY",
        "_API_KEY",
        "_APIKEY",
        "_ACCESS_KEY",
        "_PRIVATE_KEY",
    ];
    EXACT.contains(&upper.as_str()) || SUFFIXES.iter().any(|s| upper.ends_with(s))
}

/// The user of a `scheme://user:password@host` URL with a non-empty password.
pub fn url_password_user(value: &str) -> Option<&str> {
    let after_scheme = value.find("://")? + 3;
    let rest = &value[after_scheme..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let at = authority.rfind('@')?;
    let (user, password) = authority[..at].split_once(':')?;
    (!password.is_empty()).then_some(user)
}
