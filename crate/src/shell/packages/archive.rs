//! Archive extraction: tar, unzip, gunzip and friends.

use crate::shell::ast::{CommandId, SimpleCommand};
use crate::shell::options::{OptionSpec, ParsedArgs};
use crate::shell::word::Word;
use crate::text::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ArchiveTool {
    Tar,
    Unzip,
    Gunzip,
    Bunzip2,
    Unxz,
    Zstd,
    SevenZip,
}

/// A path argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathArg {
    pub path: String,
    pub range: TextRange,
    pub dynamic: bool,
}

/// An archive being unpacked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extraction {
    pub command: CommandId,
    pub range: TextRange,
    pub tool: ArchiveTool,
    /// The archive file; `None` when read from standard input.
    pub archive: Option<PathArg>,
    /// Where it is unpacked (`tar -C dir`, `unzip -d dir`).
    pub destination: Option<PathArg>,
    /// The archive comes from standard input (`curl ... | tar x`, `tar xf -`).
    pub from_stdin: bool,
}

const TAR_SPEC: OptionSpec<'static> = OptionSpec::new(
    "fCbTXKNgHVLFI",
    &[
        "--file",
        "--directory",
        "--exclude",
        "--strip-components",
        "--transform",
        "--xform",
        "--use-compress-program",
        "--owner",
        "--group",
        "--mode",
        "--mtime",
        "--newer",
        "--after-date",
        "--blocking-factor",
        "--format",
        "--files-from",
        "--exclude-from",
        "--label",
        "--to-command",
        "--index-file",
        "--record-size",
        "--tape-length",
        "--info-script",
        "--new-volume-script",
        "--rmt-command",
        "--rsh-command",
        "--volno-file",
        "--warning",
        "--quoting-style",
        "--suffix",
    ],
);

const UNZIP_SPEC: OptionSpec<'static> = OptionSpec::new("dP", &[]);

/// Recognise an extraction command.
pub fn extraction(command: &SimpleCommand) -> Option<Extraction> {
    let invocation = command.effective_command();
    let name = invocation.name()?;
    let args = invocation.args();
    let make =
        |tool, archive: Option<&Word>, destination: Option<PathArg>, from_stdin| Extraction {
            command: command.id,
            range: command.range,
            tool,
            archive: archive.map(path_arg),
            destination,
            from_stdin,
        };
    match name {
        "tar" | "bsdtar" | "gtar" => tar(args).map(|(archive, destination, stdin)| Extraction {
            command: command.id,
            range: command.range,
            tool: ArchiveTool::Tar,
            archive,
            destination,
            from_stdin: stdin,
        }),
        "unzip" => {
            let parsed = invocation.options(&UNZIP_SPEC);
            let destination = value_arg(&parsed, &["-d"]);
            let archive = parsed.operands.first().copied();
            Some(make(
                ArchiveTool::Unzip,
                archive,
                destination,
                archive.is_none(),
            ))
        }
        "gunzip" | "bunzip2" | "unxz" | "unzstd" | "unlzma" => {
            let parsed = invocation.options(&OptionSpec::NONE);
            let tool = match name {
                "gunzip" => ArchiveTool::Gunzip,
                "bunzip2" => ArchiveTool::Bunzip2,
                "unzstd" => ArchiveTool::Zstd,
                _ => ArchiveTool::Unxz,
            };
            let archive = parsed.operands.first().copied();
            Some(make(tool, archive, None, archive.is_none()))
        }
        "gzip" | "bzip2" | "xz" | "zstd" => {
            let parsed = invocation.options(&OptionSpec::NONE);
            if !parsed.has_any(&["-d", "--decompress", "--uncompress"]) {
                return None;
            }
            let tool = match name {
                "gzip" => ArchiveTool::Gunzip,
                "bzip2" => ArchiveTool::Bunzip2,
                "zstd" => ArchiveTool::Zstd,
                _ => ArchiveTool::Unxz,
            };
            let archive = parsed.operands.first().copied();
            Some(make(tool, archive, None, archive.is_none()))
        }
        "7z" | "7za" | "7zz" => {
            let parsed = invocation.options(&OptionSpec::NONE);
            let mode = parsed.operands.first().map(|w| w.value.as_str());
            if !matches!(mode, Some("x" | "e")) {
                return None;
            }
            let destination = parsed
                .options
                .iter()
                .find(|o| o.name == "-o")
                .and_then(|o| o.value.as_ref())
                .map(|v| PathArg {
                    path: v.text.clone(),
                    range: v.range,
                    dynamic: v.dynamic,
                });
            let archive = parsed.operands.get(1).copied();
            Some(make(ArchiveTool::SevenZip, archive, destination, false))
        }
        _ => None,
    }
}

fn path_arg(word: &Word) -> PathArg {
    PathArg {
        path: word.value.clone(),
        range: word.range,
        dynamic: word.dynamic,
    }
}

fn value_arg(parsed: &ParsedArgs, names: &[&str]) -> Option<PathArg> {
    parsed
        .options
        .iter()
        .rev()
        .find(|o| names.contains(&o.name.as_str()))
        .and_then(|o| o.value.as_ref())
        .map(|v| PathArg {
            path: v.text.clone(),
            range: v.range,
            dynamic: v.dynamic,
        })
}

/// `tar -xzf a.tgz -C dir`, `tar xzf a.tgz`, `tar --extract --file=a.tar`,
/// `tar -x -f -`: `(archive, destination, from_stdin)` when extracting.
fn tar(args: &[Word]) -> Option<(Option<PathArg>, Option<PathArg>, bool)> {
    // Old style: a first word without a dash is a bundle of letters whose
    // value-taking letters consume the following words in order.
    if let Some(first) = args.first() {
        let letters = first.value.as_str();
        if !letters.starts_with('-')
            && !letters.is_empty()
            && letters.bytes().all(|b| b.is_ascii_alphabetic())
        {
            if !letters.contains('x') {
                return None;
            }
            let mut next = 1;
            let mut archive = None;
            let mut destination = None;
            for letter in letters.chars() {
                if "fCbTXKNgHVLFI".contains(letter) {
                    let value = args.get(next);
                    next += 1;
                    match letter {
                        'f' => archive = value.map(path_arg),
                        'C' => destination = value.map(path_arg),
                        _ => {}
                    }
                }
            }
            let rest = args.get(next..).unwrap_or(&[]);
            let parsed = crate::shell::options::parse_options(rest, &TAR_SPEC);
            if let Some(dir) = value_arg(&parsed, &["-C", "--directory"]) {
                destination = Some(dir);
            }
            return Some(finish(archive, destination));
        }
    }
    let parsed = crate::shell::options::parse_options(args, &TAR_SPEC);
    if !parsed.has_any(&["-x", "--extract", "--get"]) {
        return None;
    }
    let archive = value_arg(&parsed, &["-f", "--file"]);
    let destination = value_arg(&parsed, &["-C", "--directory"]);
    Some(finish(archive, destination))
}

fn finish(
    archive: Option<PathArg>,
    destination: Option<PathArg>,
) -> (Option<PathArg>, Option<PathArg>, bool) {
    match archive {
        Some(file) if file.path == "-" => (None, destination, true),
        Some(file) => (Some(file), destination, false),
        None => (None, destination, true),
    }
}
