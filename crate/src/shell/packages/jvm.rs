//! Maven (`mvn`, `./mvnw`) and Gradle (`gradle`, `./gradlew`).

use super::{flag_from_option, Action, CommandLine, FlagKind, Manager, PackageCommand};
use crate::shell::command::Invocation;
use crate::shell::options::OptionSpec;

/// Maven's multi-letter short options (`-pl`, `-rf`) are whole words, so
/// parse in single-dash mode; `-Dkey=value` then reads as `-Dkey` with a
/// value, and `-DskipTests` as an option named `-DskipTests`.
const MAVEN_SPEC: OptionSpec<'static> = OptionSpec::new(
    "",
    &[
        "-f",
        "--file",
        "-s",
        "--settings",
        "-gs",
        "--global-settings",
        "-P",
        "--activate-profiles",
        "-pl",
        "--projects",
        "-rf",
        "--resume-from",
        "-T",
        "--threads",
        "-l",
        "--log-file",
        "-t",
        "--toolchains",
        "-gt",
        "--global-toolchains",
        "-b",
        "--builder",
        "-D",
        "--define",
    ],
)
.single_dash();

const GRADLE_SPEC: OptionSpec<'static> = OptionSpec::new(
    "",
    &[
        "-x",
        "--exclude-task",
        "-p",
        "--project-dir",
        "-b",
        "--build-file",
        "-c",
        "--settings-file",
        "-g",
        "--gradle-user-home",
        "-I",
        "--init-script",
        "--console",
        "--max-workers",
        "--warning-mode",
        "-D",
        "-P",
        "--project-cache-dir",
        "--priority",
        "-M",
        "--write-verification-metadata",
    ],
)
.single_dash();

pub(super) fn recognise(invocation: &Invocation, name: &str) -> Option<PackageCommand> {
    if name.starts_with("mvn") {
        maven(invocation)
    } else {
        gradle(invocation)
    }
}

fn maven(invocation: &Invocation) -> Option<PackageCommand> {
    let line = CommandLine::new(invocation, invocation.options(&MAVEN_SPEC));
    let goals: Vec<String> = line
        .operands_from(0)
        .iter()
        .map(|w| w.value.clone())
        .collect();
    let fetch = goals.iter().any(|g| {
        g.starts_with("dependency:go-offline")
            || g.starts_with("dependency:resolve")
            || g.starts_with("dependency:copy-dependencies")
    });
    let action = if goals.is_empty() {
        Action::Other
    } else if fetch {
        Action::Fetch
    } else {
        Action::Build
    };
    let mut fact = line.fact(Manager::Maven, action, line.subcommand(0, 1));
    fact.tasks = goals;
    line.flags(&mut fact, FlagKind::NonInteractive, &["-B", "--batch-mode"]);
    line.flags(
        &mut fact,
        FlagKind::Quiet,
        &["-q", "--quiet", "-ntp", "--no-transfer-progress"],
    );
    line.flags(&mut fact, FlagKind::Offline, &["-o", "--offline"]);
    line.flags(&mut fact, FlagKind::Upgrade, &["-U", "--update-snapshots"]);
    for option in &line.parsed.options {
        let property = match (option.name.as_str(), &option.value) {
            ("-D" | "--define", Some(value)) => value.text.as_str(),
            (name, _) => match name.strip_prefix("-D") {
                Some(rest) => rest,
                None => continue,
            },
        };
        let (key, value) = match property.split_once('=') {
            Some((key, value)) => (key, value),
            None => (
                property,
                option.value.as_ref().map_or("true", |v| v.text.as_str()),
            ),
        };
        let skips = match key {
            "skipTests" => !super::is_false(value),
            "maven.test.skip" => !super::is_false(value),
            _ => false,
        };
        if skips {
            fact.flags
                .push(flag_from_option(FlagKind::SkipTests, option));
        }
    }
    Some(fact)
}

fn gradle(invocation: &Invocation) -> Option<PackageCommand> {
    let line = CommandLine::new(invocation, invocation.options(&GRADLE_SPEC));
    let tasks: Vec<String> = line
        .operands_from(0)
        .iter()
        .map(|w| w.value.clone())
        .collect();
    let action = if tasks.is_empty() {
        Action::Other
    } else if tasks
        .iter()
        .all(|t| t.to_ascii_lowercase().contains("dependencies"))
    {
        Action::Fetch
    } else {
        Action::Build
    };
    let mut fact = line.fact(Manager::Gradle, action, line.subcommand(0, 1));
    fact.tasks = tasks;
    line.flags(&mut fact, FlagKind::NoDaemon, &["--no-daemon"]);
    line.flags(&mut fact, FlagKind::Offline, &["--offline"]);
    line.flags(&mut fact, FlagKind::Quiet, &["-q", "--quiet"]);
    line.flags(&mut fact, FlagKind::Upgrade, &["--refresh-dependencies"]);
    line.flags_with_value(
        &mut fact,
        FlagKind::SkipTests,
        &["-x", "--exclude-task"],
        |v| v == "test" || v.ends_with(":test"),
    );
    Some(fact)
}
