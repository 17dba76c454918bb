//! curl and wget.

use crate::shell::ast::{CommandId, SimpleCommand};
use crate::shell::options::{OptionSpec, ParsedOption};
use crate::text::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DownloadTool {
    Curl,
    Wget,
}

/// Where the downloaded data goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DownloadOutput {
    /// Standard output (curl's default, wget `-O -`).
    Stdout,
    /// A named file (`-o file`, `-O file`).
    File { path: String, range: TextRange },
    /// The name from the URL (wget's default, curl `-O`/`--remote-name`).
    RemoteName,
    /// A directory, file named from the URL (wget `-P dir`, curl `--output-dir`).
    Directory { path: String, range: TextRange },
}

/// A URL argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlArg {
    pub url: String,
    pub range: TextRange,
    pub dynamic: bool,
}

/// A curl or wget command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Download {
    pub command: CommandId,
    pub range: TextRange,
    pub tool: DownloadTool,
    pub urls: Vec<UrlArg>,
    pub output: DownloadOutput,
    /// curl `-f`/`--fail`/`--fail-with-body` (HTTP errors fail the command; wget always does).
    pub fail_on_error: bool,
    /// curl `-L`/`--location` (wget follows redirects by default).
    pub follow_redirects: bool,
    /// curl `-s`/`--silent`, wget `-q`/`--quiet`.
    pub quiet: bool,
    /// wget `-nv`/`--no-verbose`.
    pub no_verbose: bool,
    /// wget `--progress=TYPE`, curl `-#`/`--progress-bar` (`bar`) or `--no-progress-meter` (`none`).
    pub progress: Option<String>,
    /// wget `-o FILE`/`-a FILE` (log to a file), curl `--stderr FILE`.
    pub log_file: Option<String>,
    /// Certificate checks off: curl `-k`/`--insecure`, wget `--no-check-certificate`.
    pub insecure: bool,
    /// The command the output is piped into (`curl ... | sh` → `sh`); filled
    /// by [`super::facts`].
    pub piped_to: Option<String>,
    pub options: Vec<ParsedOption>,
}

const CURL_SPEC: OptionSpec<'static> = OptionSpec::new(
    "oHdXuAebcCFKmwxTrEzYyUDPQt",
    &[
        "--output",
        "--header",
        "--data",
        "--data-binary",
        "--data-raw",
        "--data-urlencode",
        "--data-ascii",
        "--request",
        "--user",
        "--user-agent",
        "--referer",
        "--cookie",
        "--cookie-jar",
        "--continue-at",
        "--form",
        "--form-string",
        "--config",
        "--max-time",
        "--connect-timeout",
        "--retry",
        "--retry-delay",
        "--retry-max-time",
        "--write-out",
        "--proxy",
        "--upload-file",
        "--range",
        "--cert",
        "--cacert",
        "--capath",
        "--key",
        "--time-cond",
        "--output-dir",
        "--speed-limit",
        "--speed-time",
        "--limit-rate",
        "--resolve",
        "--interface",
        "--url",
        "--quote",
        "--proto",
        "--proto-redir",
        "--ciphers",
        "--dns-servers",
        "--proxy-user",
        "--telnet-option",
        "--max-filesize",
        "--max-redirs",
        "--stderr",
        "--trace",
        "--trace-ascii",
        "--dump-header",
        "--oauth2-bearer",
        "--ftp-port",
        "--mail-from",
        "--mail-rcpt",
        "--aws-sigv4",
        "--variable",
        "--json",
        "--etag-save",
        "--etag-compare",
        "--netrc-file",
        "--unix-socket",
        "--connect-to",
        "--hsts",
        "--pinnedpubkey",
        "--expect100-timeout",
        "--keepalive-time",
        "--parallel-max",
        "--tls-max",
        "--tlsuser",
        "--tlspassword",
        "--key-type",
        "--cert-type",
        "--pass",
        "--engine",
        "--noproxy",
        "--preproxy",
        "--socks5",
        "--socks5-hostname",
        "--socks4",
        "--socks4a",
    ],
);

/// wget's `-nv`, `-nc`, `-nd`, `-nH`, `-np` parse as `-n` with a value, as in wget itself.
const WGET_SPEC: OptionSpec<'static> = OptionSpec::new(
    "OoaPtTUeiBwQlARDIXn",
    &[
        "--output-document",
        "--output-file",
        "--append-output",
        "--directory-prefix",
        "--tries",
        "--timeout",
        "--user-agent",
        "--header",
        "--execute",
        "--input-file",
        "--base",
        "--user",
        "--password",
        "--post-data",
        "--post-file",
        "--method",
        "--body-data",
        "--body-file",
        "--wait",
        "--waitretry",
        "--quota",
        "--limit-rate",
        "--bind-address",
        "--ca-certificate",
        "--ca-directory",
        "--certificate",
        "--private-key",
        "--load-cookies",
        "--save-cookies",
        "--level",
        "--accept",
        "--reject",
        "--domains",
        "--exclude-domains",
        "--include-directories",
        "--exclude-directories",
        "--restrict-file-names",
        "--default-page",
        "--cut-dirs",
        "--secure-protocol",
        "--http-user",
        "--http-password",
        "--referer",
        "--max-redirect",
        "--dns-timeout",
        "--connect-timeout",
        "--read-timeout",
        "--report-speed",
        "--config",
        "--local-encoding",
        "--remote-encoding",
    ],
);

/// Recognise `curl` or `wget` (wrappers like `busybox` looked through).
pub fn download(command: &SimpleCommand) -> Option<Download> {
    let invocation = command.effective_command();
    let tool = match invocation.name()? {
        "curl" => DownloadTool::Curl,
        "wget" => DownloadTool::Wget,
        _ => return None,
    };
    let spec = match tool {
        DownloadTool::Curl => &CURL_SPEC,
        DownloadTool::Wget => &WGET_SPEC,
    };
    let parsed = invocation.options(spec);
    let mut urls: Vec<UrlArg> = parsed
        .operands
        .iter()
        .map(|w| UrlArg {
            url: w.value.clone(),
            range: w.range,
            dynamic: w.dynamic,
        })
        .collect();
    for value in parsed.values(&["--url"]) {
        urls.push(UrlArg {
            url: value.text.clone(),
            range: value.range,
            dynamic: value.dynamic,
        });
    }
    urls.sort_by_key(|u| u.range.start);
    let file = |names: &[&str]| {
        parsed
            .options
            .iter()
            .rev()
            .find(|o| names.contains(&o.name.as_str()))
            .and_then(|o| o.value.as_ref())
            .map(|v| (v.text.clone(), v.range))
    };
    let has = |names: &[&str]| parsed.has_any(names);
    let mut download = Download {
        command: command.id,
        range: command.range,
        tool,
        urls,
        output: DownloadOutput::Stdout,
        fail_on_error: false,
        follow_redirects: false,
        quiet: false,
        no_verbose: false,
        progress: None,
        log_file: None,
        insecure: false,
        piped_to: None,
        options: Vec::new(),
    };
    match tool {
        DownloadTool::Curl => {
            download.output = match file(&["-o", "--output"]) {
                Some((path, _)) if path == "-" => DownloadOutput::Stdout,
                Some((path, range)) => DownloadOutput::File { path, range },
                None if has(&["-O", "--remote-name", "--remote-name-all"]) => {
                    match file(&["--output-dir"]) {
                        Some((path, range)) => DownloadOutput::Directory { path, range },
                        None => DownloadOutput::RemoteName,
                    }
                }
                None => DownloadOutput::Stdout,
            };
            download.fail_on_error = has(&["-f", "--fail", "--fail-with-body", "--fail-early"]);
            download.follow_redirects = has(&["-L", "--location", "--location-trusted"]);
            download.quiet = has(&["-s", "--silent"]);
            download.progress = if has(&["-#", "--progress-bar"]) {
                Some("bar".into())
            } else if has(&["--no-progress-meter"]) {
                Some("none".into())
            } else {
                None
            };
            download.log_file = file(&["--stderr"]).map(|(path, _)| path);
            download.insecure = has(&["-k", "--insecure"]);
        }
        DownloadTool::Wget => {
            download.output = match file(&["-O", "--output-document"]) {
                Some((path, _)) if path == "-" => DownloadOutput::Stdout,
                Some((path, range)) => DownloadOutput::File { path, range },
                None => match file(&["-P", "--directory-prefix"]) {
                    Some((path, range)) => DownloadOutput::Directory { path, range },
                    None => DownloadOutput::RemoteName,
                },
            };
            download.fail_on_error = true;
            download.follow_redirects = true;
            download.quiet = has(&["-q", "--quiet"]);
            download.no_verbose = has(&["--no-verbose"])
                || parsed
                    .options
                    .iter()
                    .any(|o| o.name == "-n" && o.value.as_ref().is_some_and(|v| v.text == "v"));
            download.progress = parsed
                .value(&["--progress"])
                .map(str::to_owned)
                .or_else(|| has(&["--show-progress"]).then(|| "show".to_owned()));
            download.log_file =
                file(&["-o", "--output-file", "-a", "--append-output"]).map(|(path, _)| path);
            download.insecure = has(&["--no-check-certificate"]);
        }
    }
    download.options = parsed.options;
    Some(download)
}
