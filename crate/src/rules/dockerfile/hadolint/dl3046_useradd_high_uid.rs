use super::shell_runs::{editable, insert_after, run_sites, source};
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::OptionSpec;

crate::declare_rule! {
    /// ## What it does
    /// Flags `useradd -u <UID>` with a UID of six digits or more and without
    /// `-l` / `--no-log-init`. A UID given through a variable is not
    /// reported (its length is unknown).
    ///
    /// ## Why is this bad?
    /// `useradd` records the new user in `/var/log/lastlog` and
    /// `/var/log/faillog`, sparse files indexed by UID. A layer cannot keep
    /// them sparse: for UID 123456789 the image gains gigabytes of zeros.
    /// `-l` skips the lastlog entry.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN useradd -u 123456 app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN useradd -l -u 123456 app
    /// ```
    ///
    /// ## Fix
    /// Adds `-l` after `useradd`.
    ///
    /// ## References
    /// - [hadolint DL3046](https://github.com/hadolint/hadolint/wiki/DL3046)
    /// - [useradd(8)](https://man7.org/linux/man-pages/man8/useradd.8.html)
    /// - [moby#5419](https://github.com/moby/moby/issues/5419)
    pub struct UseraddHighUid {
        code: "DL3046",
        name: "useradd-high-uid",
        origin: Hadolint,
        target: Dockerfile,
        severity: Warning,
        category: Size,
        summary: "`useradd` without flag `-l` and high UID will result in excessively large Image",
        url: "https://github.com/hadolint/hadolint/wiki/DL3046",
    }
}

/// useradd's options that take a value.
const USERADD: OptionSpec<'static> = OptionSpec::new(
    "bcdefgGkKpPRsuUZ",
    &[
        "--base-dir",
        "--comment",
        "--home-dir",
        "--expiredate",
        "--inactive",
        "--gid",
        "--groups",
        "--skel",
        "--key",
        "--password",
        "--root",
        "--prefix",
        "--shell",
        "--uid",
        "--selinux-user",
        "--btrfs-subvolume-home",
    ],
);

impl DockerfileRule for UseraddHighUid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        for site in run_sites(checker) {
            for (script, command) in site.commands() {
                let invocation = command.effective_command();
                if invocation.name() != Some("useradd") {
                    continue;
                }
                let parsed = invocation.options(&USERADD);
                if parsed.has_any(&["-l", "--no-log-init"]) {
                    continue;
                }
                let long_uid = parsed
                    .values(&["-u", "--uid"])
                    .into_iter()
                    .find(|uid| !uid.dynamic && uid.text.len() > 5);
                let (Some(uid), Some(name)) = (long_uid, invocation.name_word()) else {
                    continue;
                };
                let mut diagnostic = checker.diagnostic(
                    &Self::META,
                    source(script, uid.range),
                    "`useradd` without flag `-l` and high UID will result in excessively large Image.",
                );
                if editable(command) {
                    diagnostic =
                        diagnostic.with_fix(insert_after(script, name.range, "-l", "Add `-l`"));
                }
                out.push(diagnostic);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{assert_fixed, codes, findings};

    #[test]
    fn fires_on_long_uids_without_l() {
        let text = "FROM a\nRUN useradd -u 123456 app\n";
        assert_eq!(findings(text, "DL3046")[0].range.slice(text), "123456");
        for run in [
            "useradd --uid=1000000 app",
            "useradd -m -u1000000 app",
            "sudo useradd -u 100000 x",
        ] {
            assert_eq!(
                codes(&format!("FROM a\nRUN {run}\n"), "DL3046"),
                [2],
                "{run}"
            );
        }
        assert_eq!(
            codes("FROM a\nONBUILD RUN useradd -u 123456 a\n", "DL3046"),
            [2]
        );
        assert_eq!(
            codes("FROM a\nRUN <<EOF\nuseradd -u 123456 a\nEOF\n", "DL3046"),
            [3]
        );
    }

    #[test]
    fn short_uids_and_l_pass() {
        for run in [
            "useradd -u 10001 app",
            "useradd -l -u 123456 app",
            "useradd --no-log-init -u 123456 app",
            "useradd -lu 123456 app",
            "useradd -u $UID app",
            "useradd app",
            "adduser -u 123456 app",
            "useradd -c 1234567 app",
        ] {
            assert!(
                codes(&format!("FROM a\nRUN {run}\n"), "DL3046").is_empty(),
                "{run}"
            );
        }
        assert!(codes(
            "FROM a\n# hadolint ignore=DL3046\nRUN useradd -u 123456 a\n",
            "DL3046"
        )
        .is_empty());
    }

    #[test]
    fn fix_adds_l() {
        assert_fixed(
            "FROM a\nRUN useradd -u 123456 app\n",
            "DL3046",
            "FROM a\nRUN useradd -l -u 123456 app\n",
        );
    }
}
