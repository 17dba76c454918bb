use super::support::expose_specs;
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags an `EXPOSE` port that carries an IP address or a host port
    /// (`EXPOSE 127.0.0.1:80:80`, `EXPOSE 8080:80`).
    ///
    /// ## Why is this bad?
    /// `EXPOSE` only documents which ports the container listens on; it
    /// never publishes or binds anything on the host. BuildKit drops the IP
    /// and host part today and warns that this "will become an error in a
    /// future release". Host ports belong to `docker run -p` or a Compose
    /// `ports:` entry. hadolint refuses such lines as a syntax error.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx
    /// EXPOSE 8080:80
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx
    /// EXPOSE 80
    /// ```
    /// and `docker run -p 8080:80 …`.
    ///
    /// ## References
    /// - [ExposeInvalidFormat](https://docs.docker.com/reference/build-checks/expose-invalid-format/)
    /// - [EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
    pub struct ExposeInvalidFormat {
        code: "ExposeInvalidFormat",
        name: "expose-invalid-format",
        origin: Buildkit,
        target: Dockerfile,
        severity: Warning,
        category: Correctness,
        summary: "IP address and host-port mapping should not be used in EXPOSE instruction. This will become an error in a future release",
        url: "https://docs.docker.com/reference/build-checks/expose-invalid-format/",
    }
}

impl DockerfileRule for ExposeInvalidFormat {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for spec in expose_specs(checker) {
            let (ip, host, _) = spec.parts();
            if ip.is_empty() && host.is_empty() {
                continue;
            }
            out.push(checker.diagnostic(
                &Self::META,
                spec.token.range,
                format!(
                    "EXPOSE instruction should not define an IP address or host-port mapping, found '{}'",
                    spec.spec
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{codes, findings};

    const CODE: &str = "ExposeInvalidFormat";

    #[test]
    fn fires_on_ip_and_host_port() {
        let found = findings(
            "FROM scratch\nEXPOSE 127.0.0.1:80:80 [::1]:8080:8080 5000:5000 8000\n",
            CODE,
        );
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "EXPOSE instruction should not define an IP address or host-port mapping, found '127.0.0.1:80:80'",
                "EXPOSE instruction should not define an IP address or host-port mapping, found '[::1]:8080:8080'",
                "EXPOSE instruction should not define an IP address or host-port mapping, found '5000:5000'",
            ]
        );
        assert_eq!((found[2].column, found[2].end_column), (40, 49));
        assert_eq!(codes("FROM a\nARG MAP=8080:80\nEXPOSE $MAP\n", CODE), [3]);
    }

    #[test]
    fn silent_on_plain_ports() {
        assert!(codes("FROM a\nEXPOSE 80 443/tcp 8000-8010 53/udp\n", CODE).is_empty());
        // Without a container port BuildKit fails before checking anything.
        assert!(codes("FROM a\nEXPOSE 8080: :::\n", CODE).is_empty());
        assert!(codes(
            "ARG BASE=node:20\nFROM ${BASE}\nARG PORT=3000\nEXPOSE $PORT\n",
            CODE
        )
        .is_empty());
    }

    #[test]
    fn suppression() {
        assert!(codes(
            "# check=skip=ExposeInvalidFormat\nFROM a\nEXPOSE 80:80\n",
            CODE
        )
        .is_empty());
    }
}
