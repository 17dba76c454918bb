//! Environment variables that popular official base images set with `ENV`.
//!
//! BuildKit reads the base image's configuration, so `$NODE_VERSION` after
//! `FROM node:22` is defined for it. A static tool cannot pull the image;
//! this table covers the variables the most used official images define,
//! so `UndefinedVar` does not flag them. Images not listed here are assumed
//! to set nothing beyond `PATH`.

use crate::dockerfile::model::{Base, Model, Stage};
use crate::images::parse_reference;

const JAVA: &[&str] = &["JAVA_HOME", "JAVA_VERSION", "LANG", "LANGUAGE", "LC_ALL"];

/// (repositories, variables). Repositories are familiar names (`node`,
/// `bitnami/redis`, `mcr.microsoft.com/dotnet/sdk`); a trailing `/`
/// covers everything below.
const TABLE: &[(&[&str], &[&str])] = &[
    (&["node"], &["NODE_VERSION", "YARN_VERSION"]),
    (
        &["python", "pypy"],
        &[
            "PYTHON_VERSION",
            "PYTHON_SHA256",
            "PYTHON_PIP_VERSION",
            "PYTHON_SETUPTOOLS_VERSION",
            "PYTHON_GET_PIP_URL",
            "PYTHON_GET_PIP_SHA256",
            "PYPY_VERSION",
            "GPG_KEY",
            "LANG",
        ],
    ),
    (&["golang"], &["GOLANG_VERSION", "GOPATH", "GOTOOLCHAIN"]),
    (&["rust"], &["RUSTUP_HOME", "CARGO_HOME", "RUST_VERSION"]),
    (
        &[
            "openjdk",
            "eclipse-temurin",
            "amazoncorretto",
            "ibmjava",
            "sapmachine",
            "ibm-semeru-runtimes",
        ],
        JAVA,
    ),
    (
        &["maven"],
        &[
            "MAVEN_HOME",
            "MAVEN_CONFIG",
            "JAVA_HOME",
            "JAVA_VERSION",
            "LANG",
        ],
    ),
    (
        &["gradle"],
        &[
            "GRADLE_HOME",
            "GRADLE_VERSION",
            "JAVA_HOME",
            "JAVA_VERSION",
            "LANG",
        ],
    ),
    (
        &["tomcat"],
        &[
            "CATALINA_HOME",
            "TOMCAT_MAJOR",
            "TOMCAT_VERSION",
            "TOMCAT_SHA512",
            "TOMCAT_NATIVE_LIBDIR",
            "LD_LIBRARY_PATH",
            "GPG_KEYS",
            "JAVA_HOME",
            "JAVA_VERSION",
            "LANG",
        ],
    ),
    (
        &["ruby"],
        &[
            "RUBY_VERSION",
            "RUBY_MAJOR",
            "RUBY_DOWNLOAD_SHA256",
            "RUBY_DOWNLOAD_URL",
            "GEM_HOME",
            "BUNDLE_SILENCE_ROOT_WARNING",
            "BUNDLE_APP_CONFIG",
            "LANG",
        ],
    ),
    (
        &["php", "wordpress", "composer"],
        &[
            "PHP_VERSION",
            "PHP_INI_DIR",
            "PHPIZE_DEPS",
            "PHP_URL",
            "PHP_ASC_URL",
            "PHP_SHA256",
            "PHP_CFLAGS",
            "PHP_CPPFLAGS",
            "PHP_LDFLAGS",
            "GPG_KEYS",
            "APACHE_CONFDIR",
            "APACHE_ENVVARS",
            "COMPOSER_HOME",
            "COMPOSER_ALLOW_SUPERUSER",
            "COMPOSER_VERSION",
        ],
    ),
    (
        &["nginx", "nginxinc/nginx-unprivileged"],
        &[
            "NGINX_VERSION",
            "NJS_VERSION",
            "NJS_RELEASE",
            "PKG_RELEASE",
            "DYNPKG_RELEASE",
        ],
    ),
    (
        &["httpd"],
        &[
            "HTTPD_PREFIX",
            "HTTPD_VERSION",
            "HTTPD_SHA256",
            "HTTPD_PATCHES",
        ],
    ),
    (
        &["postgres"],
        &[
            "PG_MAJOR",
            "PG_VERSION",
            "PG_SHA256",
            "PGDATA",
            "GOSU_VERSION",
            "LANG",
        ],
    ),
    (
        &["mysql"],
        &[
            "MYSQL_MAJOR",
            "MYSQL_VERSION",
            "MYSQL_SHELL_VERSION",
            "GOSU_VERSION",
        ],
    ),
    (&["mariadb"], &["MARIADB_VERSION", "GOSU_VERSION", "LANG"]),
    (
        &["mongo"],
        &[
            "MONGO_MAJOR",
            "MONGO_VERSION",
            "MONGO_PACKAGE",
            "MONGO_REPO",
            "GOSU_VERSION",
            "JSYAML_VERSION",
            "HOME",
        ],
    ),
    (
        &["redis"],
        &["REDIS_VERSION", "REDIS_DOWNLOAD_URL", "REDIS_DOWNLOAD_SHA"],
    ),
    (
        &["elixir", "erlang"],
        &["OTP_VERSION", "REBAR3_VERSION", "ELIXIR_VERSION", "LANG"],
    ),
    (&["gcc"], &["GCC_VERSION"]),
    (
        &["docker"],
        &[
            "DOCKER_VERSION",
            "DOCKER_TLS_CERTDIR",
            "DOCKER_BUILDX_VERSION",
            "DOCKER_COMPOSE_VERSION",
        ],
    ),
    (
        &["oven/bun"],
        &["BUN_RUNTIME_TRANSPILER_CACHE_PATH", "BUN_INSTALL_BIN"],
    ),
    (
        &["nvidia/cuda"],
        &[
            "CUDA_VERSION",
            "NVARCH",
            "NVIDIA_VISIBLE_DEVICES",
            "NVIDIA_DRIVER_CAPABILITIES",
            "NVIDIA_REQUIRE_CUDA",
            "LD_LIBRARY_PATH",
            "LIBRARY_PATH",
        ],
    ),
    (
        &["mcr.microsoft.com/dotnet/"],
        &[
            "APP_UID",
            "ASPNETCORE_HTTP_PORTS",
            "ASPNETCORE_URLS",
            "ASPNET_VERSION",
            "DOTNET_VERSION",
            "DOTNET_SDK_VERSION",
            "DOTNET_RUNNING_IN_CONTAINER",
            "DOTNET_GENERATE_ASPNET_CERTIFICATE",
            "DOTNET_NOLOGO",
            "DOTNET_USE_POLLING_FILE_WATCHER",
            "NUGET_XMLDOC_MODE",
            "POWERSHELL_DISTRIBUTION_CHANNEL",
        ],
    ),
];

fn repository_matches(familiar: &str, entry: &str) -> bool {
    match entry.strip_suffix('/') {
        Some(prefix) => familiar.starts_with(prefix) && familiar[prefix.len()..].starts_with('/'),
        None => familiar == entry,
    }
}

/// The variables the base image of `stage`'s lineage is known to set.
pub(super) fn known_image_env(model: &Model, stage: &Stage) -> &'static [&'static str] {
    let root = super::support::lineage(model, stage)
        .last()
        .copied()
        .unwrap_or(stage);
    let Base::Image { reference } = &root.base else {
        return &[];
    };
    let Ok(parsed) = parse_reference(reference) else {
        return &[];
    };
    let familiar = parsed.familiar_name();
    TABLE
        .iter()
        .find(|(repos, _)| repos.iter().any(|r| repository_matches(&familiar, r)))
        .map_or(&[], |(_, vars)| vars)
}

#[cfg(test)]
mod tests {
    use super::repository_matches;

    #[test]
    fn repositories() {
        assert!(repository_matches("node", "node"));
        assert!(!repository_matches("nodejs", "node"));
        assert!(repository_matches(
            "mcr.microsoft.com/dotnet/sdk",
            "mcr.microsoft.com/dotnet/"
        ));
        assert!(!repository_matches(
            "mcr.microsoft.com/dotnetx",
            "mcr.microsoft.com/dotnet/"
        ));
    }
}
