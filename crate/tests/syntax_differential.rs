//! Differential tests of the syntax engine against two independent parsers,
//! on every corpus Dockerfile they can parse:
//! - `parse-dockerfile`: same instructions, same keyword positions, same
//!   flags, same arguments (exec elements, paths, images, heredoc bodies);
//! - `dockerfile-parser`: same instruction sequence.

#![cfg(not(target_arch = "wasm32"))]

use layerlab::dockerfile::syntax::{self, Args, Command, Instruction, Keyword};
use parse_dockerfile as pd;
use std::fs;
use std::path::PathBuf;

fn corpus() -> Vec<(String, String)> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/dockerfiles"
    ));
    let mut files: Vec<(String, String)> = fs::read_dir(dir)
        .expect("corpus directory")
        .map(|e| {
            let path = e.expect("entry").path();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read_to_string(&path).expect("utf-8"),
            )
        })
        .collect();
    files.sort();
    files
}

/// Collapse continuations, comment lines and runs of whitespace, so the raw
/// source slice one parser keeps compares with the joined text of the other.
fn normalise(text: &str) -> String {
    let mut out = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('#') {
            continue;
        }
        let trimmed = trimmed.strip_suffix('\\').unwrap_or(trimmed);
        out.extend(trimmed.split_whitespace().map(str::to_string));
    }
    out.join(" ")
}

fn keyword_of(i: &pd::Instruction<'_>) -> Keyword {
    match i {
        pd::Instruction::Add(_) => Keyword::Add,
        pd::Instruction::Arg(_) => Keyword::Arg,
        pd::Instruction::Cmd(_) => Keyword::Cmd,
        pd::Instruction::Copy(_) => Keyword::Copy,
        pd::Instruction::Entrypoint(_) => Keyword::Entrypoint,
        pd::Instruction::Env(_) => Keyword::Env,
        pd::Instruction::Expose(_) => Keyword::Expose,
        pd::Instruction::From(_) => Keyword::From,
        pd::Instruction::Healthcheck(_) => Keyword::Healthcheck,
        pd::Instruction::Label(_) => Keyword::Label,
        pd::Instruction::Maintainer(_) => Keyword::Maintainer,
        pd::Instruction::Onbuild(_) => Keyword::Onbuild,
        pd::Instruction::Run(_) => Keyword::Run,
        pd::Instruction::Shell(_) => Keyword::Shell,
        pd::Instruction::Stopsignal(_) => Keyword::Stopsignal,
        pd::Instruction::User(_) => Keyword::User,
        pd::Instruction::Volume(_) => Keyword::Volume,
        pd::Instruction::Workdir(_) => Keyword::Workdir,
        _ => Keyword::Unknown,
    }
}

fn keyword_start(i: &pd::Instruction<'_>) -> usize {
    match i {
        pd::Instruction::Add(x) => x.add.span.start,
        pd::Instruction::Arg(x) => x.arg.span.start,
        pd::Instruction::Cmd(x) => x.cmd.span.start,
        pd::Instruction::Copy(x) => x.copy.span.start,
        pd::Instruction::Entrypoint(x) => x.entrypoint.span.start,
        pd::Instruction::Env(x) => x.env.span.start,
        pd::Instruction::Expose(x) => x.expose.span.start,
        pd::Instruction::From(x) => x.from.span.start,
        pd::Instruction::Healthcheck(x) => x.healthcheck.span.start,
        pd::Instruction::Label(x) => x.label.span.start,
        pd::Instruction::Maintainer(x) => x.maintainer.span.start,
        pd::Instruction::Onbuild(x) => x.onbuild.span.start,
        pd::Instruction::Run(x) => x.run.span.start,
        pd::Instruction::Shell(x) => x.shell.span.start,
        pd::Instruction::Stopsignal(x) => x.stopsignal.span.start,
        pd::Instruction::User(x) => x.user.span.start,
        pd::Instruction::Volume(x) => x.volume.span.start,
        pd::Instruction::Workdir(x) => x.workdir.span.start,
        _ => usize::MAX,
    }
}

fn flags_of(i: &pd::Instruction<'_>) -> Vec<(String, Option<String>)> {
    let flags: &[pd::Flag<'_>] = match i {
        pd::Instruction::Add(x) => &x.options,
        pd::Instruction::Copy(x) => &x.options,
        pd::Instruction::From(x) => &x.options,
        pd::Instruction::Healthcheck(x) => &x.options,
        pd::Instruction::Run(x) => &x.options,
        _ => &[],
    };
    flags
        .iter()
        .map(|f| {
            (
                f.name.value.to_string(),
                f.value.as_ref().map(|v| v.value.to_string()),
            )
        })
        .collect()
}

fn compare_command(ctx: &str, ours: &Command, theirs: &pd::Command<'_>) -> Result<(), String> {
    match (ours, theirs) {
        (Command::Exec { elements, .. }, pd::Command::Exec(t)) => {
            let a: Vec<&str> = elements.iter().map(|e| e.text.as_str()).collect();
            let b: Vec<&str> = t.value.iter().map(|e| e.value.as_ref()).collect();
            (a == b)
                .then_some(())
                .ok_or(format!("{ctx}: exec {a:?} vs {b:?}"))
        }
        (Command::Shell(tok), pd::Command::Shell(t)) => {
            // parse-dockerfile leaves heredoc markers out of the command text.
            let without_markers = |s: &str| {
                normalise(s)
                    .split(' ')
                    .filter(|w| !w.starts_with("<<"))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let (a, b) = (without_markers(&tok.text), without_markers(t.value));
            (a == b)
                .then_some(())
                .ok_or(format!("{ctx}: shell {a:?} vs {b:?}"))
        }
        _ => Err(format!("{ctx}: exec/shell form differs")),
    }
}

fn compare(ctx: &str, ours: &Instruction, theirs: &pd::Instruction<'_>) -> Result<(), String> {
    if ours.keyword != keyword_of(theirs) {
        return Err(format!(
            "{ctx}: keyword {:?} vs {:?}",
            ours.keyword,
            keyword_of(theirs)
        ));
    }
    if ours.keyword_token.range.start() != keyword_start(theirs) {
        return Err(format!(
            "{ctx}: keyword at {} vs {}",
            ours.keyword_token.range.start(),
            keyword_start(theirs)
        ));
    }
    let our_flags: Vec<(String, Option<String>)> = ours
        .flags
        .iter()
        .map(|f| {
            (
                f.name.text.clone(),
                f.value.as_ref().map(|v| v.text.clone()),
            )
        })
        .collect();
    if our_flags != flags_of(theirs) {
        return Err(format!(
            "{ctx}: flags {our_flags:?} vs {:?}",
            flags_of(theirs)
        ));
    }
    match (&ours.args, theirs) {
        (Args::Command(c), pd::Instruction::Run(t)) => {
            compare_command(ctx, c, &t.arguments)?;
            let a: Vec<&str> = ours.heredocs.iter().map(|h| h.content.as_str()).collect();
            let b: Vec<&str> = t.here_docs.iter().map(|h| h.value.as_ref()).collect();
            if a != b {
                return Err(format!("{ctx}: heredocs {a:?} vs {b:?}"));
            }
            Ok(())
        }
        (Args::Command(c), pd::Instruction::Cmd(t)) => compare_command(ctx, c, &t.arguments),
        (Args::Command(c), pd::Instruction::Entrypoint(t)) => compare_command(ctx, c, &t.arguments),
        (Args::Command(Command::Exec { elements, .. }), pd::Instruction::Shell(t)) => {
            let a: Vec<&str> = elements.iter().map(|e| e.text.as_str()).collect();
            let b: Vec<&str> = t.arguments.iter().map(|e| e.value.as_ref()).collect();
            (a == b)
                .then_some(())
                .ok_or(format!("{ctx}: SHELL {a:?} vs {b:?}"))
        }
        (
            Args::From {
                image, stage_name, ..
            },
            pd::Instruction::From(t),
        ) => {
            if image.text != t.image.value {
                return Err(format!("{ctx}: image {} vs {}", image.text, t.image.value));
            }
            let a = stage_name.as_ref().map(|s| s.text.as_str());
            let b = t.as_.as_ref().map(|(_, n)| n.value.as_ref());
            (a == b)
                .then_some(())
                .ok_or(format!("{ctx}: stage {a:?} vs {b:?}"))
        }
        (
            Args::Paths {
                sources,
                destination,
                ..
            },
            pd::Instruction::Copy(pd::CopyInstruction { src, dest, .. }),
        )
        | (
            Args::Paths {
                sources,
                destination,
                ..
            },
            pd::Instruction::Add(pd::AddInstruction { src, dest, .. }),
        ) => {
            let ours: Vec<&str> = sources.iter().map(|s| s.text.as_str()).collect();
            let theirs: Vec<String> = src
                .iter()
                .map(|s| match s {
                    pd::Source::Path(p) => p.value.to_string(),
                    pd::Source::HereDoc(h) => format!("heredoc:{}", h.value),
                    _ => "heredoc:?".to_string(),
                })
                .collect();
            let theirs_paths: Vec<&str> = theirs
                .iter()
                .filter(|s| !s.starts_with("heredoc:"))
                .map(String::as_str)
                .collect();
            let ours_paths: Vec<&str> = ours
                .iter()
                .copied()
                .filter(|s| !s.starts_with("<<"))
                .collect();
            if ours_paths != theirs_paths {
                return Err(format!("{ctx}: sources {ours_paths:?} vs {theirs_paths:?}"));
            }
            if destination.text != dest.value {
                return Err(format!(
                    "{ctx}: destination {} vs {}",
                    destination.text, dest.value
                ));
            }
            Ok(())
        }
        (Args::KeyValues(_) | Args::Arg(_) | Args::Single(_), _) => {
            let theirs_text = match theirs {
                pd::Instruction::Env(t) => t.arguments.value.to_string(),
                pd::Instruction::Label(t) => t.arguments.value.to_string(),
                pd::Instruction::Arg(t) => t.arguments.value.to_string(),
                pd::Instruction::User(t) => t.arguments.value.to_string(),
                pd::Instruction::Workdir(t) => t.arguments.value.to_string(),
                pd::Instruction::Stopsignal(t) => t.arguments.value.to_string(),
                pd::Instruction::Maintainer(t) => t.name.value.to_string(),
                _ => return Err(format!("{ctx}: unexpected kind")),
            };
            let (a, b) = (normalise(&ours.args_text.text), normalise(&theirs_text));
            (a == b)
                .then_some(())
                .ok_or(format!("{ctx}: args {a:?} vs {b:?}"))
        }
        (Args::List { items, .. }, pd::Instruction::Expose(t)) => {
            let a: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
            let b: Vec<&str> = t.arguments.iter().map(|i| i.value.as_ref()).collect();
            (a == b)
                .then_some(())
                .ok_or(format!("{ctx}: EXPOSE {a:?} vs {b:?}"))
        }
        (Args::List { items, .. }, pd::Instruction::Volume(t)) => {
            let b: Vec<&str> = match &t.arguments {
                pd::JsonOrStringArray::Json(j) => {
                    j.value.iter().map(|i| i.value.as_ref()).collect()
                }
                pd::JsonOrStringArray::String(s) => s.iter().map(|i| i.value.as_ref()).collect(),
            };
            let a: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
            (a == b)
                .then_some(())
                .ok_or(format!("{ctx}: VOLUME {a:?} vs {b:?}"))
        }
        (Args::HealthcheckCmd { command, .. }, pd::Instruction::Healthcheck(t)) => {
            match &t.arguments {
                pd::HealthcheckArguments::Cmd { arguments, .. } => {
                    compare_command(ctx, command, arguments)
                }
                _ => Err(format!("{ctx}: HEALTHCHECK kind differs")),
            }
        }
        (Args::HealthcheckNone(_), pd::Instruction::Healthcheck(t)) => {
            matches!(t.arguments, pd::HealthcheckArguments::None { .. })
                .then_some(())
                .ok_or(format!("{ctx}: HEALTHCHECK kind differs"))
        }
        (Args::Onbuild(inner), pd::Instruction::Onbuild(t)) => {
            compare(&format!("{ctx} (trigger)"), inner, &t.instruction)
        }
        (ours_args, _) => Err(format!("{ctx}: argument shapes differ: {ours_args:?}")),
    }
}

#[test]
fn agrees_with_parse_dockerfile_wherever_it_parses() {
    let mut compared = 0;
    let mut instructions = 0;
    let mut disagreements = Vec::new();
    for (name, text) in corpus() {
        let Ok(theirs) = pd::parse(&text) else {
            continue;
        };
        compared += 1;
        let ours = syntax::parse(&text).dockerfile;
        if ours.instructions.len() != theirs.instructions.len() {
            disagreements.push(format!(
                "{name}: {} instructions vs {}",
                ours.instructions.len(),
                theirs.instructions.len()
            ));
            continue;
        }
        for (i, (a, b)) in ours
            .instructions
            .iter()
            .zip(&theirs.instructions)
            .enumerate()
        {
            instructions += 1;
            if let Err(e) = compare(&format!("{name} #{i}"), a, b) {
                disagreements.push(e);
            }
        }
    }
    assert!(
        compared >= 80,
        "parse-dockerfile parsed only {compared} corpus files"
    );
    eprintln!("compared {instructions} instructions in {compared} files");
    assert!(
        instructions >= 900,
        "compared only {instructions} instructions"
    );
    assert!(
        disagreements.is_empty(),
        "disagreements:\n{}",
        disagreements.join("\n")
    );
}

#[test]
fn agrees_with_dockerfile_parser_on_the_instruction_sequence() {
    let mut compared = 0;
    for (name, text) in corpus() {
        let Ok(theirs) = dockerfile_parser::Dockerfile::parse(&text) else {
            continue;
        };
        compared += 1;
        let ours = syntax::parse(&text).dockerfile;
        let our_kinds: Vec<&str> = ours
            .instructions
            .iter()
            .map(|i| match i.keyword {
                Keyword::From => "FROM",
                Keyword::Arg => "ARG",
                Keyword::Label => "LABEL",
                Keyword::Run => "RUN",
                Keyword::Entrypoint => "ENTRYPOINT",
                Keyword::Cmd => "CMD",
                Keyword::Copy => "COPY",
                Keyword::Env => "ENV",
                _ => "MISC",
            })
            .collect();
        let their_kinds: Vec<&str> = theirs
            .instructions
            .iter()
            .map(|i| match i {
                dockerfile_parser::Instruction::From(_) => "FROM",
                dockerfile_parser::Instruction::Arg(_) => "ARG",
                dockerfile_parser::Instruction::Label(_) => "LABEL",
                dockerfile_parser::Instruction::Run(_) => "RUN",
                dockerfile_parser::Instruction::Entrypoint(_) => "ENTRYPOINT",
                dockerfile_parser::Instruction::Cmd(_) => "CMD",
                dockerfile_parser::Instruction::Copy(_) => "COPY",
                dockerfile_parser::Instruction::Env(_) => "ENV",
                dockerfile_parser::Instruction::Misc(_) => "MISC",
            })
            .collect();
        assert_eq!(our_kinds, their_kinds, "{name}");
    }
    assert!(
        compared >= 30,
        "dockerfile-parser parsed only {compared} files"
    );
}
