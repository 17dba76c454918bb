//! Robustness over real Dockerfiles: every RUN of the corpus parses without
//! panicking, without syntax problems, and yields sensible command names.

use std::collections::BTreeMap;
use std::path::Path;

use layerlab::shell::packages::{self, Action, CacheKind, Manager};
use layerlab::shell::{self, ParseOptions, Script};

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/corpus/dockerfiles"
);

/// One RUN's shell text, and whether it is a Dockerfile heredoc body (a plain script).
struct Run {
    file: String,
    line: usize,
    text: String,
    plain: bool,
}

/// `<<EOF`, `<<-EOF`, `<<'EOF'`, `<<"EOF"`: the delimiters in a line, in order.
fn heredoc_delimiters(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("<<") {
        rest = &rest[at + 2..];
        if rest.starts_with('<') {
            rest = &rest[1..];
            continue;
        }
        let body = rest.trim_start_matches('-').trim_start();
        let body = body.trim_start_matches(['\'', '"']);
        let word: String = body
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !word.is_empty() {
            found.push(word);
        }
    }
    found
}

/// A crude, line-based RUN extractor: continuations, comment lines inside
/// them, `--mount`-style flags, and heredocs.
fn extract_runs(file: &str, content: &str) -> Vec<Run> {
    let lines: Vec<&str> = content.lines().collect();
    let mut runs = Vec::new();
    let mut non_posix_shell = false;
    let mut i = 0;
    while i < lines.len() {
        let start = i;
        let trimmed = lines[i].trim_start();
        i += 1;
        // RUNs after `SHELL ["powershell", ...]` are not sh.
        if trimmed
            .get(..6)
            .is_some_and(|kw| kw.eq_ignore_ascii_case("SHELL "))
        {
            let lower = trimmed.to_ascii_lowercase();
            non_posix_shell = ["powershell", "pwsh", "cmd"]
                .iter()
                .any(|s| lower.contains(s));
            continue;
        }
        if non_posix_shell {
            continue;
        }
        let Some(after) = trimmed
            .get(..4)
            .filter(|kw| kw.eq_ignore_ascii_case("RUN "))
            .map(|_| &trimmed[4..])
        else {
            continue;
        };
        // Drop `--mount=...`, `--network=...` flags.
        let mut rest = after.trim_start();
        while rest.starts_with("--") {
            rest = rest.split_once(' ').map_or("", |(_, r)| r).trim_start();
        }
        if rest.starts_with('[') {
            continue;
        }
        let mut text = rest.to_owned();
        let mut last = rest;
        while last.trim_end().ends_with('\\') && i < lines.len() {
            text.push('\n');
            text.push_str(lines[i]);
            let line = lines[i].trim_start();
            // Comment and blank lines do not end the continuation.
            if !(line.starts_with('#') || line.is_empty()) {
                last = lines[i];
            }
            i += 1;
        }
        let delimiters = heredoc_delimiters(&text);
        // `RUN <<EOF` alone: the body is the script.
        let bare_heredoc = text.trim_start().starts_with("<<");
        let mut bodies = Vec::new();
        for delimiter in delimiters {
            let mut body = String::new();
            while i < lines.len() && lines[i].trim_start_matches('\t') != delimiter {
                body.push_str(lines[i]);
                body.push('\n');
                i += 1;
            }
            i += 1;
            bodies.push((delimiter, body));
        }
        if bare_heredoc {
            for (_, body) in bodies {
                runs.push(Run {
                    file: file.to_owned(),
                    line: start + 1,
                    text: body,
                    plain: true,
                });
            }
        } else {
            for (delimiter, body) in bodies {
                text.push('\n');
                text.push_str(&body);
                text.push_str(&delimiter);
            }
            runs.push(Run {
                file: file.to_owned(),
                line: start + 1,
                text,
                plain: false,
            });
        }
    }
    runs
}

fn corpus_runs() -> Vec<Run> {
    let mut runs = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(Path::new(CORPUS))
        .expect("the corpus is at ../../shared/corpus relative to the crate")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let content = std::fs::read_to_string(&path).unwrap_or_default();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        runs.extend(extract_runs(&name, &content));
    }
    runs
}

fn parse_run(run: &Run) -> Script {
    if run.plain {
        shell::parse_with(&run.text, &ParseOptions::plain())
    } else {
        shell::parse(&run.text)
    }
}

/// Words that can never be a command name when parsing is right.
const NOT_NAMES: &[&str] = &[
    "then", "fi", "do", "done", "esac", "elif", "else", "}", ")", "&&", "||", ";", "|", "\\",
];

#[test]
fn every_corpus_run_parses_cleanly() {
    let runs = corpus_runs();
    assert!(
        runs.len() > 200,
        "only {} RUN instructions found",
        runs.len()
    );
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for run in &runs {
        let script = parse_run(run);
        let place = format!("{}:{}", run.file, run.line);
        if !script.problems.is_empty() {
            failures.push(format!("{place}: {:?}\n{}", script.problems, run.text));
        }
        for command in &script.commands {
            assert!(command.range.end() <= run.text.len(), "{place}");
            for word in &command.words {
                assert!(
                    !word.range.slice(&run.text).is_empty(),
                    "{place}: empty word range"
                );
            }
            let Some(word) = command.name_word() else {
                continue;
            };
            if word.dynamic {
                continue;
            }
            let name = word.basename();
            let sensible = !name.is_empty()
                && !name.contains(char::is_whitespace)
                && !name.starts_with('-')
                && !name.contains('\\')
                && !NOT_NAMES.contains(&name);
            if !sensible {
                failures.push(format!("{place}: odd command name {name:?}\n{}", run.text));
            }
            let effective = command.effective_command();
            if let Some(name) = effective.name() {
                *counts.entry(name.to_owned()).or_default() += 1;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    for expected in [
        "apt-get", "pip", "npm", "set", "rm", "curl", "apk", "go", "tar", "groupadd",
    ] {
        assert!(
            counts.contains_key(expected),
            "no `{expected}` found; saw {counts:?}"
        );
    }
}

#[test]
fn corpus_package_facts() {
    let mut installs = 0;
    let mut apt_list_cleanups = 0;
    let mut pip_no_cache = 0;
    let mut downloads = 0;
    for run in corpus_runs() {
        let script = parse_run(&run);
        let facts = packages::facts(&script);
        for package in &facts.packages {
            for arg in &package.packages {
                // Every package range points at text that contains its name.
                let written = arg.range.slice(&run.text);
                assert!(
                    written.contains(arg.name.trim_matches('"'))
                        || arg.dynamic
                        || written.contains('\\'),
                    "{}:{}: {arg:?} vs {written:?}",
                    run.file,
                    run.line
                );
            }
            if package.manager == Manager::AptGet && package.action == Action::Install {
                installs += 1;
            }
            if package.manager == Manager::Pip && package.has(packages::FlagKind::NoCache) {
                pip_no_cache += 1;
            }
        }
        if facts.cleans(CacheKind::AptLists) {
            apt_list_cleanups += 1;
        }
        downloads += facts.downloads.len();
    }
    assert!(installs > 10, "{installs} apt-get installs");
    assert!(
        apt_list_cleanups > 10,
        "{apt_list_cleanups} apt list cleanups"
    );
    assert!(pip_no_cache > 0, "{pip_no_cache} pip --no-cache-dir");
    assert!(downloads > 5, "{downloads} downloads");
}

#[test]
fn the_extractor_itself() {
    let runs = extract_runs(
        "x",
        "FROM a\nRUN --mount=type=cache,target=/x apt-get update && \\\n  # c\n  apt-get install -y x\nRUN <<EOF\necho a\nEOF\nRUN [\"echo\"]\nRUN cat <<A >f\nbody\nA\n",
    );
    let texts: Vec<(&str, bool)> = runs.iter().map(|r| (r.text.as_str(), r.plain)).collect();
    assert_eq!(
        texts,
        [
            ("apt-get update && \\\n  # c\n  apt-get install -y x", false),
            ("echo a\n", true),
            ("cat <<A >f\nbody\nA", false),
        ]
    );
}
