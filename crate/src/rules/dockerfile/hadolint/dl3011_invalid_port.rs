use super::runs::fully_resolved;
use crate::diagnostic::Diagnostic;
use crate::dockerfile::model::Expanded;
use crate::dockerfile::syntax::{Args, Keyword};
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;

crate::declare_rule! {
    /// ## What it does
    /// Flags an `EXPOSE` port, or either end of a port range, above 65535.
    /// Ports are read after variable expansion (`ARG PORT=80000` /
    /// `EXPOSE $PORT` is flagged); a variable without a value is skipped.
    ///
    /// ## Why is this bad?
    /// TCP and UDP ports are 16-bit numbers. Docker refuses to publish such a
    /// port, so the line documents something that cannot work — usually a
    /// typo (`80000` for `8000`).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80000
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 8000
    /// ```
    ///
    /// ## References
    /// - [hadolint DL3011](https://github.com/hadolint/hadolint/wiki/DL3011)
    /// - [EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
    pub struct InvalidPort {
        code: "DL3011",
        name: "invalid-port",
        origin: Hadolint,
        target: Dockerfile,
        severity: Error,
        category: Correctness,
        summary: "Valid UNIX ports range from 0 to 65535",
        url: "https://github.com/hadolint/hadolint/wiki/DL3011",
    }
}

/// Whether `item` (`80`, `80/tcp`, `8000-8100/udp`, `127.0.0.1:80:80`)
/// names a port above 65535. Text that is not a port is left to others.
fn out_of_range(item: &str) -> bool {
    let ports = item.split('/').next().unwrap_or(item);
    // `ip:host:container` or `host:container`: the container port counts.
    let ports = ports.rsplit(':').next().unwrap_or(ports);
    ports.split('-').any(|port| {
        let digits = !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit());
        // Too many digits for any integer type is out of range too.
        let significant = port.trim_start_matches('0');
        digits && (significant.len() > 5 || significant.parse::<u32>().is_ok_and(|n| n > 65535))
    })
}

impl DockerfileRule for InvalidPort {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in checker.instructions() {
            if instruction.keyword != Keyword::Expose {
                continue;
            }
            let Args::List { items, .. } = &instruction.args else {
                continue;
            };
            let expanded = match checker.step(index) {
                Some((_, step)) => match &step.expanded {
                    Expanded::List(values) if values.len() == items.len() => Some(values),
                    _ => None,
                },
                None => None,
            };
            for (i, item) in items.iter().enumerate() {
                let value = match expanded {
                    Some(values) if fully_resolved(checker, index, item.range) => &values[i],
                    _ if item.text.contains('$') => continue,
                    _ => &item.text,
                };
                if out_of_range(value) {
                    out.push(checker.diagnostic(
                        &Self::META,
                        item.range,
                        "Valid UNIX ports range from 0 to 65535",
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::out_of_range;
    use crate::lint::test_support::{codes, findings};

    #[test]
    fn port_syntax() {
        assert!(out_of_range("80000"));
        assert!(out_of_range("65536/tcp"));
        assert!(out_of_range("8000-70000/udp"));
        assert!(out_of_range("99999999999999999999999"));
        assert!(!out_of_range("65535"));
        assert!(!out_of_range("0"));
        assert!(!out_of_range("8000-8100"));
        assert!(!out_of_range("80/sctp"));
        assert!(!out_of_range("127.0.0.1:80:80"));
        assert!(!out_of_range("http"));
    }

    #[test]
    fn fires_per_port() {
        let text = "FROM a\nEXPOSE 80 80000/tcp 443\n";
        let found = findings(text, "DL3011");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.slice(text), "80000/tcp");
        assert!(codes("FROM a\nEXPOSE 80 443/udp 8000-8100\n", "DL3011").is_empty());
    }

    #[test]
    fn variables_and_pragmas() {
        assert_eq!(
            codes("FROM a\nARG PORT=80000\nEXPOSE $PORT\n", "DL3011"),
            [3]
        );
        assert!(codes("FROM a\nARG PORT=8080\nEXPOSE ${PORT}\n", "DL3011").is_empty());
        assert!(codes("FROM a\nARG PORT\nEXPOSE ${PORT}\n", "DL3011").is_empty());
        assert!(codes("FROM a\n# hadolint ignore=DL3011\nEXPOSE 80000\n", "DL3011").is_empty());
    }
}
