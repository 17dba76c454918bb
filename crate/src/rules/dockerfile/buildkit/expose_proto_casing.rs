use super::support::expose_specs;
use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::text::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags an `EXPOSE` port whose protocol is not lowercase
    /// (`80/TCP`, `53/Udp`).
    ///
    /// ## Why is this bad?
    /// BuildKit lower-cases the protocol, so it works, but other tools
    /// that read the Dockerfile (scanners, Compose, documentation
    /// generators) may not, and the image metadata will not match what the
    /// file says.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx
    /// EXPOSE 80/TCP
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx
    /// EXPOSE 80/tcp
    /// ```
    ///
    /// ## Fix
    /// Lower-cases the protocol (when it is written literally, not built
    /// from a variable).
    ///
    /// ## References
    /// - [ExposeProtoCasing](https://docs.docker.com/reference/build-checks/expose-proto-casing/)
    /// - [EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
    pub struct ExposeProtoCasing {
        code: "ExposeProtoCasing",
        name: "expose-proto-casing",
        origin: Buildkit,
        target: Dockerfile,
        severity: Warning,
        category: Style,
        summary: "Protocol in EXPOSE instruction should be lowercase",
        url: "https://docs.docker.com/reference/build-checks/expose-proto-casing/",
    }
}

const PROTOCOLS: [&str; 3] = ["tcp", "udp", "sctp"];

impl DockerfileRule for ExposeProtoCasing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for spec in expose_specs(checker) {
            let Some((offset, protocol)) = spec.protocol() else {
                continue;
            };
            let lower = protocol.to_ascii_lowercase();
            if lower == protocol || !PROTOCOLS.contains(&lower.as_str()) {
                continue;
            }
            let mut diagnostic = checker.diagnostic(
                &Self::META,
                spec.token.range,
                format!(
                    "Defined protocol '{}' in EXPOSE instruction should be lowercase",
                    spec.spec
                ),
            );
            if spec.literal {
                let start = spec.token.range.start() + offset;
                diagnostic = diagnostic.with_fix(Fix::new(
                    format!("Write {lower}"),
                    vec![TextEdit::replace(
                        TextRange::new(start, start + protocol.len()),
                        lower,
                    )],
                ));
            }
            out.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{assert_fixed, codes, findings};

    const CODE: &str = "ExposeProtoCasing";

    #[test]
    fn fires_per_port_with_an_upper_case_protocol() {
        let found = findings("FROM scratch\nEXPOSE 80/TcP 8080/TCP 8080/udp\n", CODE);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].message,
            "Defined protocol '80/TcP' in EXPOSE instruction should be lowercase"
        );
        assert_eq!(
            found[1].message,
            "Defined protocol '8080/TCP' in EXPOSE instruction should be lowercase"
        );
        assert_eq!((found[1].column, found[1].end_column), (15, 23));
    }

    #[test]
    fn expanded_values_count() {
        assert_eq!(
            codes("FROM a\nARG PROTO=UDP\nEXPOSE 53/$PROTO\n", CODE),
            [3]
        );
        let found = findings(
            "FROM a\nARG PORTS=\"80/TCP 443/tcp\"\nEXPOSE $PORTS\n",
            CODE,
        );
        assert_eq!(found.len(), 1);
        assert!(found[0].fixes.is_empty());
    }

    #[test]
    fn silent_on_lowercase_missing_or_unknown_protocols() {
        assert!(codes("FROM a\nEXPOSE 80 443/tcp 53/udp 9/sctp\n", CODE).is_empty());
        assert!(codes("ARG BASE=node:20\nFROM ${BASE}\nEXPOSE 3000\n", CODE).is_empty());
        // Without a port BuildKit fails before checking anything.
        assert!(codes("FROM a\nEXPOSE /TCP 80:/UDP\n", CODE).is_empty());
    }

    #[test]
    fn suppression() {
        assert!(codes(
            "FROM a\n# check=skip=ExposeProtoCasing\nEXPOSE 80/TCP\n",
            CODE
        )
        .is_empty());
    }

    #[test]
    fn fix_lowercases_the_protocol() {
        assert_fixed(
            "FROM a\nEXPOSE 80/tcp 8080/TCP\n",
            CODE,
            "FROM a\nEXPOSE 80/tcp 8080/tcp\n",
        );
        assert_fixed(
            "FROM a\nEXPOSE 127.0.0.1:53:53/UDP\n",
            CODE,
            "FROM a\nEXPOSE 127.0.0.1:53:53/udp\n",
        );
    }
}
