//! Rough cost of running a step: time and layer size.
//!
//! These are heuristics, labelled as such in every estimate: a RUN is
//! classified by the commands it runs (package installs, dependency
//! installs, compilers, downloads), each kind with a wide low–high range
//! drawn from typical builds (reference §5.7 for the layer sizes). COPY
//! sizes are exact — the bytes of the selected files — and its time is
//! derived from them.

use super::report::Estimate;
use super::walk::Op;
use crate::dockerfile::syntax::Instruction;

const KB: u64 = 1_000;
const MB: u64 = 1_000_000;
const GB: u64 = 1_000_000_000;

/// A kind of command: what it is called, the word sequences that identify
/// it, its time range in seconds and its layer size range in bytes.
struct Kind {
    name: &'static str,
    needles: &'static [&'static [&'static str]],
    seconds: (f64, f64),
    bytes: (u64, u64),
}

const KINDS: &[Kind] = &[
    Kind {
        name: "system package install (apt/yum/dnf)",
        needles: &[
            &["apt-get", "install"],
            &["apt", "install"],
            &["yum", "install"],
            &["dnf", "install"],
            &["microdnf", "install"],
        ],
        seconds: (20.0, 150.0),
        bytes: (20 * MB, 300 * MB),
    },
    Kind {
        name: "package index update (apt-get update)",
        needles: &[&["apt-get", "update"], &["apt", "update"]],
        seconds: (5.0, 30.0),
        bytes: (15 * MB, 50 * MB),
    },
    Kind {
        name: "alpine package install (apk add)",
        needles: &[&["apk", "add"]],
        seconds: (3.0, 30.0),
        bytes: (MB, 60 * MB),
    },
    Kind {
        name: "Python dependency install (pip/poetry/uv)",
        needles: &[
            &["pip", "install"],
            &["pip3", "install"],
            &["poetry", "install"],
            &["uv", "sync"],
            &["uv", "pip"],
            &["pipenv", "install"],
        ],
        seconds: (10.0, 300.0),
        bytes: (10 * MB, 800 * MB),
    },
    Kind {
        name: "Node dependency install (npm/yarn/pnpm)",
        needles: &[
            &["npm", "install"],
            &["npm", "ci"],
            &["npm", "i"],
            &["yarn", "install"],
            &["pnpm", "install"],
            &["bun", "install"],
        ],
        seconds: (15.0, 240.0),
        bytes: (30 * MB, 600 * MB),
    },
    Kind {
        name: "Ruby/PHP dependency install (bundle/gem/composer)",
        needles: &[
            &["bundle", "install"],
            &["gem", "install"],
            &["composer", "install"],
        ],
        seconds: (10.0, 240.0),
        bytes: (10 * MB, 300 * MB),
    },
    Kind {
        name: "Go module download",
        needles: &[&["go", "mod"]],
        seconds: (5.0, 90.0),
        bytes: (20 * MB, 400 * MB),
    },
    Kind {
        name: "Go build",
        needles: &[&["go", "build"], &["go", "install"]],
        seconds: (10.0, 180.0),
        bytes: (5 * MB, 100 * MB),
    },
    Kind {
        name: "Rust build (cargo)",
        needles: &[&["cargo", "build"], &["cargo", "install"]],
        seconds: (30.0, 900.0),
        bytes: (100 * MB, 2 * GB),
    },
    Kind {
        name: "Rust dependency fetch (cargo fetch)",
        needles: &[&["cargo", "fetch"]],
        seconds: (5.0, 60.0),
        bytes: (20 * MB, 300 * MB),
    },
    Kind {
        name: "compile/bundle (make, gcc, mvn, gradle, dotnet, tsc, npm run build, …)",
        needles: &[
            &["make"],
            &["cmake"],
            &["gcc"],
            &["g++"],
            &["mvn"],
            &["gradle"],
            &["./gradlew"],
            &["dotnet", "build"],
            &["dotnet", "publish"],
            &["npm", "run"],
            &["yarn", "build"],
            &["pnpm", "build"],
            &["tsc"],
            &["webpack"],
            &["vite", "build"],
            &["next", "build"],
        ],
        seconds: (10.0, 300.0),
        bytes: (MB, 200 * MB),
    },
    Kind {
        name: "download (curl, wget, git clone)",
        needles: &[&["curl"], &["wget"], &["git", "clone"]],
        seconds: (1.0, 60.0),
        bytes: (MB, 200 * MB),
    },
];

/// Words of a shell command: split at blanks and shell operators, each
/// reduced to its base name (`/usr/bin/make` → `make`).
fn words(command: &str) -> Vec<&str> {
    command
        .split(|c: char| {
            c.is_whitespace() || matches!(c, ';' | '&' | '|' | '(' | ')' | '`' | '"' | '\'')
        })
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.starts_with("./") {
                w
            } else {
                w.rsplit('/').next().unwrap_or(w)
            }
        })
        .collect()
}

/// Whether the words contain `needle`: its first word, then each further
/// word within the next few words (flags may sit in between).
fn contains(words: &[&str], needle: &[&str]) -> bool {
    let Some((first, rest)) = needle.split_first() else {
        return false;
    };
    words.iter().enumerate().any(|(i, w)| {
        *w == *first && {
            let mut at = i + 1;
            rest.iter().all(|next| {
                match words[at.min(words.len())..(at + 4).min(words.len())]
                    .iter()
                    .position(|w| w == next)
                {
                    Some(offset) => {
                        at += offset + 1;
                        true
                    }
                    None => false,
                }
            })
        }
    })
}

fn tenth(seconds: f64) -> f64 {
    (seconds * 10.0).round() / 10.0
}

/// The estimate for a step.
pub(crate) fn estimate(
    instruction: &Instruction,
    op: Op,
    layer_bytes: Option<u64>,
    from_stage: bool,
) -> Estimate {
    match op {
        Op::Run => run_estimate(instruction),
        Op::Copy | Op::Add if from_stage => Estimate {
            low_seconds: 0.1,
            high_seconds: 10.0,
            basis: "estimate: copy from another stage (size not known statically)".to_string(),
            layer_bytes_low: 0,
            layer_bytes_high: 200 * MB,
            layer_bytes_exact: false,
        },
        Op::Copy | Op::Add => match layer_bytes {
            Some(bytes) => Estimate {
                low_seconds: tenth(0.05 + bytes as f64 / (500 * MB) as f64),
                high_seconds: tenth(0.5 + bytes as f64 / (50 * MB) as f64),
                basis: "estimate: copying the selected bytes at 50–500 MB/s".to_string(),
                layer_bytes_low: bytes,
                layer_bytes_high: bytes,
                layer_bytes_exact: true,
            },
            None => Estimate {
                low_seconds: 1.0,
                high_seconds: 60.0,
                basis: "estimate: remote download (size not known)".to_string(),
                layer_bytes_low: KB,
                layer_bytes_high: 200 * MB,
                layer_bytes_exact: false,
            },
        },
        Op::Workdir => Estimate {
            low_seconds: 0.1,
            high_seconds: 0.2,
            basis: "estimate: mkdir".to_string(),
            layer_bytes_exact: true,
            ..Estimate::default()
        },
        Op::Image => Estimate {
            low_seconds: 2.0,
            high_seconds: 120.0,
            basis: "estimate: pulling the base image (its layers are not pushed)".to_string(),
            layer_bytes_exact: true,
            ..Estimate::default()
        },
        Op::Commit => Estimate {
            low_seconds: 0.1,
            high_seconds: 0.5,
            basis: "estimate: a legacy commit of config only".to_string(),
            layer_bytes_exact: true,
            ..Estimate::default()
        },
    }
}

fn run_estimate(instruction: &Instruction) -> Estimate {
    let mut text = instruction.args_text.text.to_ascii_lowercase();
    for heredoc in &instruction.heredocs {
        text.push('\n');
        text.push_str(&heredoc.content.to_ascii_lowercase());
    }
    let words = words(&text);
    let mut matched: Vec<&Kind> = KINDS
        .iter()
        .filter(|kind| kind.needles.iter().any(|n| contains(&words, n)))
        .collect();
    // An install includes its index update.
    if matched
        .iter()
        .any(|k| k.name.starts_with("system package install"))
    {
        matched.retain(|k| !k.name.starts_with("package index update"));
    }
    if matched.is_empty() {
        return Estimate {
            low_seconds: 0.2,
            high_seconds: 5.0,
            basis: "estimate: a short command".to_string(),
            layer_bytes_low: 0,
            layer_bytes_high: MB,
            layer_bytes_exact: false,
        };
    }
    let names: Vec<&str> = matched.iter().map(|k| k.name).collect();
    Estimate {
        low_seconds: tenth(matched.iter().map(|k| k.seconds.0).sum()),
        high_seconds: tenth(matched.iter().map(|k| k.seconds.1).sum()),
        basis: format!("estimate: {}", names.join(" + ")),
        layer_bytes_low: matched.iter().map(|k| k.bytes.0).sum(),
        layer_bytes_high: matched.iter().map(|k| k.bytes.1).sum(),
        layer_bytes_exact: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::syntax::parse;

    fn run(command: &str) -> Estimate {
        let p = parse(&format!("RUN {command}\n"));
        estimate(&p.dockerfile.instructions[0], Op::Run, None, false)
    }

    #[test]
    fn commands_are_classified_by_their_words() {
        assert!(run("pip install --no-cache-dir -r requirements.txt")
            .basis
            .contains("Python"));
        assert!(run("npm ci --only=production").basis.contains("Node"));
        let apt = run("apt-get update && apt-get install -y gcc && rm -rf /var/lib/apt/lists/*");
        assert!(apt.basis.contains("system package install"));
        assert!(!apt.basis.contains("index update"));
        assert!(run("/usr/bin/make -j4").basis.contains("compile"));
        assert!(!run("cmake-format --help").basis.contains("compile"));
        let short = run("addgroup -S app");
        assert_eq!(short.basis, "estimate: a short command");
        assert!(short.low_seconds < short.high_seconds);
    }

    #[test]
    fn copies_are_sized_exactly() {
        let p = parse("COPY . .\n");
        let e = estimate(
            &p.dockerfile.instructions[0],
            Op::Copy,
            Some(100 * MB),
            false,
        );
        assert!(e.layer_bytes_exact);
        assert_eq!(
            (e.layer_bytes_low, e.layer_bytes_high),
            (100 * MB, 100 * MB)
        );
        assert_eq!((e.low_seconds, e.high_seconds), (0.3, 2.5));
    }
}
