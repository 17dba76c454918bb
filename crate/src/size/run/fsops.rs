//! Commands that are not package managers: `rm`, `chmod -R`, `cd`, `mv`,
//! `cp`, downloads, archive extraction, `git clone`, user accounts,
//! virtualenvs, and the commands known to write nothing worth counting.

use super::{RunEnv, StageMemory};
use crate::shell::packages::{self, DownloadOutput};
use crate::shell::{RedirectOp, SimpleCommand, Word};
use crate::size::estimate::{Estimate, KB};
use crate::size::fs::{self, Fs, Origin};
use crate::size::heuristics::Rule;
use crate::size::layer::{Draft, Part};

/// `Rule::NoOp`.
const TINY: Estimate = Estimate {
    bytes: 0,
    low: 0,
    high: Some(4 * KB),
};
/// `Rule::Accounts`.
const ACCOUNTS: Estimate = Estimate {
    bytes: 2 * KB,
    low: KB,
    high: Some(10 * KB),
};

/// Commands that write nothing, or a few bytes at most.
const NO_OPS: &[&str] = &[
    ":",
    "[",
    "[[",
    "apk-version",
    "apt-cache",
    "apt-key",
    "awk",
    "basename",
    "cat",
    "command",
    "date",
    "dirname",
    "dpkg",
    "dpkg-query",
    "echo",
    "env",
    "exit",
    "export",
    "false",
    "find",
    "gpg",
    "gpgconf",
    "grep",
    "head",
    "hash",
    "id",
    "ldconfig",
    "ln",
    "locale",
    "ls",
    "mkdir",
    "mktemp",
    "printf",
    "pwd",
    "read",
    "readlink",
    "realpath",
    "sed",
    "set",
    "sha256sum",
    "sha512sum",
    "md5sum",
    "sleep",
    "sort",
    "source",
    ".",
    "tail",
    "tee",
    "test",
    "touch",
    "tr",
    "true",
    "type",
    "ulimit",
    "umask",
    "uname",
    "unset",
    "update-alternatives",
    "update-ca-certificates",
    "wc",
    "which",
    "whoami",
    "yes",
    "fc-cache",
    "setcap",
    "chsh",
    "passwd",
];

/// Interpreters: a no-op when they only print a version or run `-c` code
/// (a shell's `-c` script is replayed command by command).
const INTERPRETERS: &[&str] = &[
    "sh", "bash", "ash", "dash", "zsh", "su", "python", "python3", "node", "java", "ruby", "perl",
];

fn interpreter_no_op(name: &str, args: &[Word]) -> bool {
    let interpreter = INTERPRETERS.contains(&name) || name.starts_with("python3.");
    if !interpreter {
        return false;
    }
    let runs_inline_code = args.iter().any(|w| w.value == "-c");
    let only_flags = args.iter().all(|w| {
        matches!(
            w.value.as_str(),
            "--version"
                | "-V"
                | "-v"
                | "version"
                | "-e"
                | "-u"
                | "-x"
                | "-eux"
                | "-ex"
                | "-o"
                | "pipefail"
        )
    });
    runs_inline_code || only_flags
}

/// Replay one command; `false` when no rule knows it.
pub(super) fn replay(
    draft: &mut Draft,
    fs: &Fs,
    memory: &mut StageMemory,
    env: &mut RunEnv,
    command: &SimpleCommand,
    name: &str,
) -> bool {
    let invocation = command.effective_command();
    let args = invocation.args();
    match name {
        "rm" => {
            for path in operands(args) {
                if let Some(value) = env.word(path) {
                    let target = env.path(strip_glob(&value));
                    if target != "/" {
                        draft.delete(fs, &target);
                    }
                }
            }
            true
        }
        "chmod" | "chown" | "chgrp" => {
            let recursive = args.iter().any(|w| {
                w.value == "-R"
                    || w.value == "--recursive"
                    || (w.value.starts_with('-')
                        && !w.value.starts_with("--")
                        && w.value.contains('R'))
            });
            if recursive {
                // The first operand is the mode or owner.
                for path in operands(args).into_iter().skip(1) {
                    let Some(value) = env.word(path) else {
                        continue;
                    };
                    let dir = env.path(&value);
                    let count = draft.rewrite(fs, &dir, &format!("{name} -R"));
                    if count > 0 {
                        draft.note(format!(
                            "{name} -R {dir} stores every file below it again: use COPY --chown/--chmod instead"
                        ));
                    } else if dir == "/"
                        || dir.starts_with("/usr")
                        || dir.starts_with("/etc")
                        || dir.starts_with("/opt")
                    {
                        draft.note(format!(
                            "{name} -R {dir} rewrites base-image files: their size is unknown"
                        ));
                    }
                }
            }
            true
        }
        "cd" => {
            if let Some(dir) = operands(args).first() {
                if let Some(value) = env.word(dir).filter(|v| v != "-") {
                    env.cwd = env.path(&value);
                }
            } else {
                env.cwd = env.home.clone();
            }
            true
        }
        "apt-mark" => {
            if operands(args).first().is_some_and(|w| w.value == "auto") {
                env.apt_marked_auto = true;
            }
            true
        }
        "mv" | "cp" => {
            move_or_copy(draft, fs, env, name == "mv", args);
            true
        }
        "curl" | "wget" => {
            download(draft, env, command);
            true
        }
        "tar" | "unzip" | "gunzip" | "bunzip2" | "unxz" | "xz" | "zstd" | "7z" | "7za" => {
            extract(draft, fs, env, command);
            true
        }
        "git" => {
            let operands = operands(args);
            if operands.first().is_some_and(|w| w.value == "clone") {
                let url = operands.get(1).map(|w| w.value.clone()).unwrap_or_default();
                let dir = match operands.get(2) {
                    Some(dir) if !dir.dynamic => env.path(&dir.value),
                    _ => fs::join(&env.cwd, fs::basename(url.trim_end_matches(".git"))),
                };
                draft.write(
                    dir,
                    Part::new(
                        format!("git clone {url}"),
                        Estimate::UNKNOWN,
                        Rule::Download,
                    ),
                    true,
                    Origin::Generated,
                );
            }
            true
        }
        "addgroup" | "adduser" | "groupadd" | "useradd" | "usermod" | "groupmod" | "deluser"
        | "delgroup" | "userdel" => {
            for file in ["/etc/passwd", "/etc/group", "/etc/shadow"] {
                let previous = draft.written(file).unwrap_or(Estimate::ZERO);
                if previous == Estimate::ZERO {
                    draft.write(
                        file.to_string(),
                        Part::new(
                            format!("{file} ({name})"),
                            ACCOUNTS.scale(1.0 / 3.0),
                            Rule::Accounts,
                        ),
                        false,
                        Origin::Generated,
                    );
                }
            }
            true
        }
        "virtualenv" => {
            if let Some(dir) = operands(args).last().and_then(|d| env.word(d)) {
                venv(draft, memory, env, &dir);
            }
            true
        }
        _ if (matches!(name, "python" | "python3") || name.starts_with("python3."))
            && venv_dir(env, args).is_some() =>
        {
            if let Some(dir) = venv_dir(env, args) {
                venv(draft, memory, env, &dir);
            }
            true
        }
        _ if NO_OPS.contains(&name) || interpreter_no_op(name, args) => {
            draft.rules.insert(Rule::NoOp);
            redirect_writes(draft, env, command);
            true
        }
        _ => false,
    }
}

/// `echo x > file`: a small file (tiny).
fn redirect_writes(draft: &mut Draft, env: &RunEnv, command: &SimpleCommand) {
    for redirect in &command.redirects {
        if matches!(
            redirect.op,
            RedirectOp::Output | RedirectOp::Append | RedirectOp::Clobber
        ) {
            if let Some(target) = redirect.target.as_ref().filter(|t| !t.dynamic) {
                if target.value.starts_with("/dev/") {
                    continue;
                }
                let path = env.path(&target.value);
                if draft.written(&path).is_none() {
                    draft.write(
                        path,
                        Part::new(format!("small file {}", target.value), TINY, Rule::NoOp),
                        false,
                        Origin::Generated,
                    );
                }
            }
        }
    }
}

/// Operands: words that are not options (`--` ends options).
fn operands(args: &[Word]) -> Vec<&Word> {
    let mut out = Vec::new();
    let mut options_done = false;
    for word in args {
        if !options_done && word.value == "--" {
            options_done = true;
            continue;
        }
        if !options_done && word.value.starts_with('-') && word.value.len() > 1 {
            continue;
        }
        out.push(word);
    }
    out
}

/// `dir/*`, `dir/.`, `dir/**` name the directory's contents: for sizing,
/// the directory.
fn strip_glob(path: &str) -> &str {
    let mut path = path;
    loop {
        let next = path
            .strip_suffix("/*")
            .or_else(|| path.strip_suffix("/**"))
            .or_else(|| path.strip_suffix("/.*"))
            .or_else(|| path.strip_suffix("/."));
        match next {
            Some(shorter) if !shorter.is_empty() => path = shorter,
            _ => return path,
        }
    }
}

fn venv_dir(env: &RunEnv, args: &[Word]) -> Option<String> {
    let position = args.iter().position(|w| w.value == "-m")?;
    if args.get(position + 1)?.value != "venv" {
        return None;
    }
    operands(&args[position + 2..])
        .last()
        .and_then(|w| env.word(w))
}

fn venv(draft: &mut Draft, memory: &mut StageMemory, env: &RunEnv, dir: &str) {
    let path = env.path(dir);
    draft.write(
        fs::join(&path, "(venv)"),
        Part::new(
            format!("virtualenv {path}"),
            super::python::VENV,
            Rule::PythonVenv,
        ),
        true,
        Origin::Generated,
    );
    if !memory.venvs.contains(&path) {
        memory.venvs.push(path);
    }
}

fn move_or_copy(draft: &mut Draft, fs: &Fs, env: &RunEnv, moving: bool, args: &[Word]) {
    let operands = operands(args);
    let Some((dest, sources)) = operands.split_last() else {
        return;
    };
    let Some(dest) = env.word(dest) else {
        return;
    };
    let dest = env.path(&dest);
    let many = sources.len() > 1;
    for source in sources {
        let Some(value) = env.word(source) else {
            continue;
        };
        let src = env.path(strip_glob(&value));
        let target = if many || fs.get(&dest).is_some_and(|e| e.tree) {
            fs::join(&dest, fs::basename(&src))
        } else {
            dest.clone()
        };
        let mut moved = Vec::new();
        let from_draft = draft.written(&src);
        if let Some(estimate) = from_draft {
            moved.push((String::new(), estimate, true));
        } else {
            for (path, entry) in fs.under(&src) {
                moved.push((path[src.len()..].to_string(), entry.bytes, entry.tree));
            }
        }
        if moved.is_empty() {
            draft.pathless(Part::new(
                format!("{} {}", if moving { "mv" } else { "cp" }, source.value),
                Estimate::UNKNOWN,
                Rule::UnknownCommand,
            ));
            continue;
        }
        for (rest, estimate, tree) in moved {
            draft.write(
                format!("{target}{rest}"),
                Part::new(
                    format!("{} of {src}", if moving { "move" } else { "copy" }),
                    estimate,
                    Rule::UnknownCommand,
                ),
                tree,
                Origin::Generated,
            );
        }
        if moving {
            draft.delete(fs, &src);
        }
    }
}

fn download(draft: &mut Draft, env: &RunEnv, command: &SimpleCommand) {
    let Some(download) = packages::download(command) else {
        return;
    };
    let url = download
        .urls
        .first()
        .map(|u| u.url.clone())
        .unwrap_or_default();
    let file_name = fs::basename(url.split(['?', '#']).next().unwrap_or(&url)).to_string();
    let path = match &download.output {
        DownloadOutput::File { path, .. } if path == "-" || path.starts_with("/dev/") => None,
        DownloadOutput::File { path, .. } => Some(env.path(path)),
        DownloadOutput::RemoteName => Some(fs::join(&env.cwd, &file_name)),
        DownloadOutput::Directory { path, .. } => Some(fs::join(&env.path(path), &file_name)),
        DownloadOutput::Stdout => command
            .redirects
            .iter()
            .filter(|r| matches!(r.op, RedirectOp::Output | RedirectOp::Clobber))
            .filter_map(|r| r.target.as_ref())
            .find(|t| !t.dynamic && !t.value.starts_with("/dev/"))
            .map(|t| env.path(&t.value)),
    };
    match path {
        Some(path) => draft.write(
            path,
            Part::new(format!("download {url}"), Estimate::UNKNOWN, Rule::Download),
            false,
            Origin::Generated,
        ),
        // Piped somewhere (`curl … | tar x`, `| sh`): what the consumer
        // writes is sized by the consumer.
        None if download.piped_to.is_some() => {
            draft.rules.insert(Rule::Download);
        }
        None => {}
    }
}

fn extract(draft: &mut Draft, fs: &Fs, env: &RunEnv, command: &SimpleCommand) {
    let Some(extraction) = packages::extraction(command) else {
        return;
    };
    let dest = extraction
        .destination
        .as_ref()
        .filter(|d| !d.dynamic)
        .map(|d| env.path(&d.path))
        .unwrap_or_else(|| env.cwd.clone());
    let archive = extraction
        .archive
        .as_ref()
        .filter(|a| !a.dynamic)
        .map(|a| env.path(&a.path));
    let known = archive.as_ref().and_then(|a| {
        draft
            .written(a)
            .or_else(|| fs.get(a).map(|e| e.bytes))
            .filter(|e| !e.is_unknown())
    });
    let estimate = known.map_or(Estimate::UNKNOWN, |bytes| bytes.scale_range(1.5, 2.6, 4.0));
    let name = archive
        .as_deref()
        .map(fs::basename)
        .unwrap_or("standard input")
        .to_string();
    draft.write(
        fs::join(&dest, &format!("(extracted: {name})")),
        Part::new(
            format!("files extracted from {name}"),
            estimate,
            Rule::Extract,
        ),
        true,
        Origin::Generated,
    );
}
