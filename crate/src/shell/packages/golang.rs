//! go install/get/run/build/mod download/clean.

use super::spec::{has_extension, is_path, pinned, plain};
use super::{Action, CommandLine, FlagKind, Manager, PackageArg, PackageCommand, PackageSource};
use crate::shell::command::Invocation;
use crate::shell::options::OptionSpec;
use crate::shell::word::Word;

/// Go flags are single-dash words; these take a value.
const SPEC: OptionSpec<'static> = OptionSpec::new(
    "",
    &[
        "-o",
        "-ldflags",
        "-tags",
        "-mod",
        "-modfile",
        "-gcflags",
        "-asmflags",
        "-gccgoflags",
        "-p",
        "-buildmode",
        "-pkgdir",
        "-overlay",
        "-C",
        "-exec",
        "-toolexec",
        "-compiler",
        "-installsuffix",
        "-coverpkg",
        "-covermode",
        "-pgo",
        "-run",
        "-bench",
        "-count",
        "-timeout",
        "-json",
    ],
)
.single_dash();

pub(super) fn recognise(invocation: &Invocation) -> Option<PackageCommand> {
    let line = CommandLine::new(invocation, invocation.options(&SPEC));
    let (action, words) = match line.literal(0) {
        Some("install") => (Action::Install, 1),
        Some("get") => (Action::Install, 1),
        Some("run") => (Action::Run, 1),
        Some("build") => (Action::Build, 1),
        Some("mod") => match line.literal(1) {
            Some("download") => (Action::Fetch, 2),
            _ => (Action::Other, 2),
        },
        Some("clean") => (Action::Clean, 1),
        _ => (Action::Other, 1),
    };
    let mut fact = line.fact(Manager::Go, action, line.subcommand(0, words));
    match action {
        Action::Install | Action::Build => {
            fact.packages = line
                .operands_from(words)
                .iter()
                .map(|w| package(w))
                .collect();
        }
        Action::Run => {
            // `go run pkg@v args...`: only the first operand is the package.
            fact.packages = line
                .operands_from(words)
                .get(..1)
                .unwrap_or(&[])
                .iter()
                .map(|w| package(w))
                .collect();
        }
        Action::Fetch => {
            fact.packages = line
                .operands_from(words)
                .iter()
                .map(|w| package(w))
                .collect();
        }
        _ => {}
    }
    line.flags(&mut fact, FlagKind::Upgrade, &["-u"]);
    line.flags(&mut fact, FlagKind::Quiet, &["-q"]);
    line.flags_with_value(&mut fact, FlagKind::Locked, &["-mod"], |v| {
        matches!(v, "readonly" | "vendor")
    });
    Some(fact)
}

/// `golang.org/x/tools/gopls@v0.15.0`, `./cmd/app`, `.`, `./...`, `main.go`.
fn package(word: &Word) -> PackageArg {
    let value = word.value.as_str();
    if is_path(value) || has_extension(value, &[".go"]) || value == "..." {
        return plain(word, PackageSource::LocalPath);
    }
    match value.rfind('@') {
        Some(at) if at > 0 => pinned(word, at, "@", at + 1),
        _ => plain(word, PackageSource::Registry),
    }
}
