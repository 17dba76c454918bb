//! One test (at least) per syntax feature, plus error recovery.

use super::*;
use crate::diagnostic::Severity;

fn parse_ok(text: &str) -> Dockerfile {
    let p = parse(text);
    assert!(
        p.diagnostics.is_empty(),
        "unexpected diagnostics for {text:?}: {:#?}",
        p.diagnostics
    );
    assert_lossless(text, &p.dockerfile);
    p.dockerfile
}

fn errors(text: &str) -> Vec<(String, String)> {
    let p = parse(text);
    assert_lossless(text, &p.dockerfile);
    p.diagnostics
        .iter()
        .map(|d| (d.range.slice(text).to_string(), d.message.clone()))
        .collect()
}

fn assert_lossless(text: &str, df: &Dockerfile) {
    let mut cursor = 0;
    for item in &df.items {
        assert_eq!(
            item.range().start(),
            cursor,
            "gap before {item:?} in {text:?}"
        );
        cursor = item.range().end();
    }
    assert_eq!(cursor, text.len(), "items do not cover {text:?}");
}

fn slice(text: &str, range: TextRange) -> &str {
    range.slice(text)
}

fn shell_text(i: &Instruction) -> &str {
    match i.command() {
        Some(Command::Shell(t)) => &t.text,
        other => panic!("expected shell form, got {other:?}"),
    }
}

fn exec_elements(i: &Instruction) -> Vec<&str> {
    match i.command() {
        Some(Command::Exec { elements, .. }) => elements.iter().map(|e| e.text.as_str()).collect(),
        other => panic!("expected exec form, got {other:?}"),
    }
}

// ---- File level -------------------------------------------------------

#[test]
fn every_instruction_kind_parses_with_typed_arguments() {
    let text = "\
ARG BASE=alpine:3.20
FROM ${BASE} AS build
RUN echo hi
CMD [\"sh\"]
LABEL a=b
MAINTAINER someone
EXPOSE 80/tcp 443
ENV K=v
ADD https://example.com/x.tgz /x/
COPY a b /dst/
ENTRYPOINT [\"/entry\"]
VOLUME /data
USER app
WORKDIR /app
ONBUILD RUN make
STOPSIGNAL SIGTERM
HEALTHCHECK CMD true
SHELL [\"/bin/bash\", \"-c\"]
";
    let df = parse_ok(text);
    let kinds: Vec<Keyword> = df.instructions.iter().map(|i| i.keyword).collect();
    assert_eq!(
        kinds,
        [
            Keyword::Arg,
            Keyword::From,
            Keyword::Run,
            Keyword::Cmd,
            Keyword::Label,
            Keyword::Maintainer,
            Keyword::Expose,
            Keyword::Env,
            Keyword::Add,
            Keyword::Copy,
            Keyword::Entrypoint,
            Keyword::Volume,
            Keyword::User,
            Keyword::Workdir,
            Keyword::Onbuild,
            Keyword::Stopsignal,
            Keyword::Healthcheck,
            Keyword::Shell,
        ]
    );
    let Args::From {
        image, stage_name, ..
    } = &df.instructions[1].args
    else {
        panic!()
    };
    assert_eq!(image.text, "${BASE}");
    assert_eq!(stage_name.as_ref().unwrap().text, "build");
    let Args::Paths {
        sources,
        destination,
        json,
    } = &df.instructions[9].args
    else {
        panic!()
    };
    assert!(!json);
    assert_eq!(
        sources.iter().map(|s| s.text.as_str()).collect::<Vec<_>>(),
        ["a", "b"]
    );
    assert_eq!(destination.text, "/dst/");
    assert_eq!(slice(text, destination.range), "/dst/");
    let Args::List { items, .. } = &df.instructions[6].args else {
        panic!()
    };
    assert_eq!(items.len(), 2);
    assert!(matches!(
        df.instructions[16].args,
        Args::HealthcheckCmd { .. }
    ));
    assert_eq!(exec_elements(&df.instructions[17]), ["/bin/bash", "-c"]);
}

#[test]
fn keywords_are_case_insensitive_and_may_be_indented() {
    let text = "from alpine\n   Run echo x\n\tcopy a b\n";
    let df = parse_ok(text);
    assert_eq!(df.instructions[1].keyword, Keyword::Run);
    assert_eq!(df.instructions[1].keyword_token.text, "Run");
    assert_eq!(slice(text, df.instructions[2].keyword_token.range), "copy");
}

#[test]
fn bom_and_crlf() {
    let text = "\u{feff}FROM alpine\r\nRUN echo a \\\r\n  b\r\n";
    let df = parse_ok(text);
    assert!(matches!(df.items[0], Item::Bom { .. }));
    assert_eq!(df.instructions[0].keyword_token.range.start(), 3);
    assert_eq!(shell_text(&df.instructions[1]), "echo a   b");
    let Args::From { image, .. } = &df.instructions[0].args else {
        panic!()
    };
    assert_eq!(image.text, "alpine", "no \\r left in the argument");
}

#[test]
fn empty_file_is_an_error() {
    assert_eq!(
        errors("# only a comment\n"),
        [(
            String::new(),
            "file with no instructions: a Dockerfile needs at least a FROM".to_string()
        )]
    );
    assert_eq!(errors("").len(), 1);
}

// ---- Directives -------------------------------------------------------

#[test]
fn parser_directives_only_at_the_top() {
    let text = "# syntax=docker/dockerfile:1\n#  Escape = `\n# check=skip=JSONArgsRecommended;error=true\nFROM alpine\n# escape=\\\nRUN a `\n  b\n";
    let df = parse_ok(text);
    let names: Vec<&str> = df.directives.iter().map(|d| d.name.text.as_str()).collect();
    assert_eq!(names, ["syntax", "escape", "check"]);
    assert_eq!(
        df.directives[2].value.text,
        "skip=JSONArgsRecommended;error=true"
    );
    assert_eq!(df.escape, '`');
    // The later `# escape=` is an ordinary comment.
    assert_eq!(df.comments.len(), 1);
    assert_eq!(shell_text(&df.instructions[1]), "a   b");
}

#[test]
fn a_blank_line_or_comment_ends_the_directives() {
    let df = parse_ok("# syntax=x\n\n# escape=`\nFROM a\n");
    assert_eq!(df.directives.len(), 1);
    assert_eq!(df.escape, '\\');
    let df = parse_ok("# hello\n# escape=`\nFROM a\n");
    assert!(df.directives.is_empty());
    let df = parse_ok("# unknowndirective=1\n# escape=`\nFROM a\n");
    assert!(
        df.directives.is_empty(),
        "an unknown directive ends the block"
    );
}

#[test]
fn directive_errors() {
    assert_eq!(
        errors("# escape=x\nFROM a\n"),
        [(
            "x".into(),
            "invalid escape token 'x' does not match ` or \\".into()
        )]
    );
    assert_eq!(
        errors("# syntax=a\n# syntax=b\nFROM a\n"),
        [(
            "syntax".into(),
            "only one syntax parser directive can be used".into()
        )]
    );
}

// ---- Lines ------------------------------------------------------------

#[test]
fn continuations_join_lines_and_keep_ranges() {
    let text = "RUN apt-get update \\\n    && apt-get install -y \\  \n       curl\n";
    let df = parse_ok(text);
    let run = &df.instructions[0];
    assert_eq!(
        shell_text(run),
        "apt-get update     && apt-get install -y        curl"
    );
    assert_eq!(run.line_range, TextRange::new(0, text.len() - 1));
    // A slice of the joined text maps back across the continuation.
    let joined = &run.args_text.text;
    let start = joined.find("install").unwrap();
    let end = joined.find("curl").unwrap() + 4;
    assert_eq!(
        slice(text, run.args_source_range(start, end)),
        "install -y \\  \n       curl"
    );
    assert_eq!(
        slice(text, run.args_source_range(start, start + 7)),
        "install"
    );
}

#[test]
fn comments_and_blank_lines_inside_a_continuation() {
    let text = "RUN a \\\n# a comment\n  # indented comment\n\n    b\nFROM x\n";
    let p = parse(text);
    assert!(p.diagnostics.is_empty());
    let run = &p.dockerfile.instructions[0];
    assert_eq!(shell_text(run), "a     b");
    assert_eq!(run.inner_comments.len(), 2);
    assert_eq!(run.inner_comments[1].text, "indented comment");
    assert_eq!(run.empty_continuation_lines.len(), 1);
    assert_eq!(p.dockerfile.instructions.len(), 2);
}

#[test]
fn hash_after_an_instruction_is_not_a_comment() {
    let text = "FROM a\nCOPY . .  # copy everything\n";
    let df = parse_ok(text);
    let Args::Paths {
        sources,
        destination,
        ..
    } = &df.instructions[1].args
    else {
        panic!()
    };
    let names: Vec<&str> = sources.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(names, [".", ".", "#", "copy"]);
    assert_eq!(destination.text, "everything");
    assert!(df.comments.is_empty());
}

#[test]
fn leading_comments_attach_to_the_next_instruction() {
    let text = "FROM a\n# hadolint ignore=DL3008\n# second\nRUN x\n\n# detached\n\nRUN y\n";
    let df = parse_ok(text);
    assert_eq!(df.instructions[1].leading_comments, [0, 1]);
    assert!(df.instructions[2].leading_comments.is_empty());
    assert_eq!(df.comments[0].text, "hadolint ignore=DL3008");
}

#[test]
fn backtick_escape_continuations() {
    let text = "# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN powershell -Command `\n    Write-Host hi\nCOPY C:\\src C:\\dst\\\n";
    let df = parse_ok(text);
    assert_eq!(
        shell_text(&df.instructions[1]),
        "powershell -Command     Write-Host hi"
    );
    let Args::Paths {
        sources,
        destination,
        ..
    } = &df.instructions[2].args
    else {
        panic!()
    };
    assert_eq!(sources[0].text, "C:\\src");
    assert_eq!(
        destination.text, "C:\\dst\\",
        "backslash is literal with the backtick escape"
    );
}

// ---- Heredocs ---------------------------------------------------------

#[test]
fn heredoc_followed_directly_by_an_instruction() {
    let text = "FROM a\nRUN <<EOF\napt-get update\napt-get install -y git\nEOF\nRUN echo done\n";
    let df = parse_ok(text);
    assert_eq!(df.instructions.len(), 3);
    let h = &df.instructions[1].heredocs[0];
    assert_eq!(h.name, "EOF");
    assert!(h.expand && !h.chomp);
    assert_eq!(h.content, "apt-get update\napt-get install -y git\n");
    assert_eq!(slice(text, h.marker.range), "<<EOF");
    assert_eq!(slice(text, h.terminator.unwrap()), "EOF");
    assert_eq!(
        slice(text, df.instructions[1].range),
        "RUN <<EOF\napt-get update\napt-get install -y git\nEOF"
    );
    assert_eq!(shell_text(&df.instructions[2]), "echo done");
}

#[test]
fn heredoc_followed_directly_by_a_comment() {
    // hadolint 2.15.1 fails on exactly this (23 of the awesome-compose files).
    let text = "FROM a\nRUN <<EOF\nset -e\nEOF\n# install tools\nCOPY --from=x / /\n";
    let df = parse_ok(text);
    assert_eq!(df.instructions.len(), 3);
    assert_eq!(df.comments[0].text, "install tools");
    assert_eq!(df.instructions[2].leading_comments, [0]);
}

#[test]
fn chomped_heredoc_strips_tabs() {
    let text = "FROM a\nRUN <<-EOT\n\techo one\n\t\techo two\n\tEOT\n";
    let df = parse_ok(text);
    let h = &df.instructions[1].heredocs[0];
    assert!(h.chomp);
    assert_eq!(h.content, "echo one\necho two\n");
}

#[test]
fn quoted_delimiters_disable_expansion() {
    for marker in ["<<\"EOF\"", "<<'EOF'", "<<E\"O\"F"] {
        let text = format!("FROM a\nRUN {marker}\necho $HOME\nEOF\n");
        let df = parse_ok(&text);
        let h = &df.instructions[1].heredocs[0];
        assert_eq!(h.name, "EOF");
        assert!(!h.expand, "{marker}");
    }
}

#[test]
fn several_heredocs_in_one_instruction() {
    let text = "FROM a\nRUN <<A cat > /a && <<B cat > /b\nalpha\nA\nbeta\nB\nCMD x\n";
    let df = parse_ok(text);
    let hs = &df.instructions[1].heredocs;
    assert_eq!(hs.len(), 2);
    assert_eq!(
        (hs[0].name.as_str(), hs[0].content.as_str()),
        ("A", "alpha\n")
    );
    assert_eq!(
        (hs[1].name.as_str(), hs[1].content.as_str()),
        ("B", "beta\n")
    );
    assert_eq!(df.instructions[2].keyword, Keyword::Cmd);
}

#[test]
fn heredocs_in_copy_add_and_onbuild() {
    let text = "FROM a\nCOPY <<EOF /etc/app.conf\nkey=value\nEOF\nADD <<EOF /x\ny\nEOF\nONBUILD RUN <<EOF\nmake\nEOF\n";
    let df = parse_ok(text);
    let Args::Paths {
        sources,
        destination,
        ..
    } = &df.instructions[1].args
    else {
        panic!()
    };
    assert_eq!(sources[0].text, "<<EOF");
    assert_eq!(destination.text, "/etc/app.conf");
    assert_eq!(df.instructions[1].heredocs[0].content, "key=value\n");
    assert_eq!(df.instructions[2].heredocs[0].content, "y\n");
    let trigger = df.instructions[3].onbuild_trigger().unwrap();
    assert_eq!(trigger.keyword, Keyword::Run);
    assert_eq!(trigger.heredocs[0].content, "make\n");
}

#[test]
fn heredoc_with_an_interpreter_and_after_a_continuation() {
    let text = "FROM a\nRUN python3 <<EOF\nprint('hi')\nEOF\nRUN set -e && \\\n  bash <<EOF\necho x\nEOF\n";
    let df = parse_ok(text);
    assert_eq!(shell_text(&df.instructions[1]), "python3 <<EOF");
    assert_eq!(df.instructions[1].heredocs[0].content, "print('hi')\n");
    assert_eq!(df.instructions[2].heredocs[0].content, "echo x\n");
}

#[test]
fn no_heredocs_in_exec_form_or_other_instructions() {
    let df = parse_ok("FROM a\nRUN [\"cat\", \"<<EOF\"]\nENV X=<<EOF\nLABEL y=1\n");
    assert!(df.instructions.iter().all(|i| i.heredocs.is_empty()));
    assert_eq!(df.instructions.len(), 4);
}

#[test]
fn unterminated_heredoc_recovers_at_the_next_instruction() {
    let text = "FROM a\nRUN <<EOF\necho one\nCOPY . /app\nUSER app\n";
    let p = parse(text);
    assert_lossless(text, &p.dockerfile);
    let msgs: Vec<(&str, &str)> = p
        .diagnostics
        .iter()
        .map(|d| (d.range.slice(text), d.message.as_str()))
        .collect();
    assert_eq!(
        msgs,
        [(
            "<<EOF",
            "unterminated heredoc: expected a line `EOF` to end it"
        )]
    );
    let kinds: Vec<Keyword> = p
        .dockerfile
        .instructions
        .iter()
        .map(|i| i.keyword)
        .collect();
    assert_eq!(
        kinds,
        [Keyword::From, Keyword::Run, Keyword::Copy, Keyword::User]
    );
    assert_eq!(
        p.dockerfile.instructions[1].heredocs[0].content,
        "echo one\n"
    );
    assert!(p.dockerfile.instructions[1].heredocs[0]
        .terminator
        .is_none());
}

#[test]
fn heredoc_destination_is_an_error() {
    assert_eq!(
        errors("FROM a\nCOPY x <<EOF\nEOF\n"),
        [(
            "<<EOF".into(),
            "COPY cannot accept a heredoc as a destination".into()
        )]
    );
}

// ---- Forms ------------------------------------------------------------

#[test]
fn exec_form_elements_have_ranges() {
    let text = "FROM a\nCMD [ \"node\", \"dist/server.js\" ]\n";
    let df = parse_ok(text);
    let Some(Command::Exec { elements, range }) = df.instructions[1].command() else {
        panic!()
    };
    assert_eq!(slice(text, *range), "[ \"node\", \"dist/server.js\" ]");
    assert_eq!(slice(text, elements[1].range), "\"dist/server.js\"");
    assert_eq!(elements[1].text, "dist/server.js");
}

#[test]
fn exec_form_across_a_continuation() {
    let text = "FROM a\nENTRYPOINT [\"tini\", \\\n  \"--\"]\n";
    let df = parse_ok(text);
    assert_eq!(exec_elements(&df.instructions[1]), ["tini", "--"]);
    let Some(Command::Exec { elements, .. }) = df.instructions[1].command() else {
        panic!()
    };
    assert_eq!(slice(text, elements[1].range), "\"--\"");
}

#[test]
fn invalid_json_silently_becomes_shell_form_with_a_warning() {
    let text = "FROM a\nCMD ['node', 'app.js']\n";
    let p = parse(text);
    assert_eq!(
        shell_text(&p.dockerfile.instructions[1]),
        "['node', 'app.js']"
    );
    assert_eq!(p.diagnostics.len(), 1);
    let d = &p.diagnostics[0];
    assert_eq!(
        (d.code.as_str(), d.severity),
        (INVALID_JSON_CODE, Severity::Warning)
    );
    assert!(d.message.contains("double quotes"), "{}", d.message);
    assert_eq!(d.range.slice(text), "['node', 'app.js']");

    let p = parse("FROM a\nCMD [\"node\"] # run it\n");
    assert!(
        p.diagnostics[0].message.contains("not a comment"),
        "{}",
        p.diagnostics[0].message
    );
}

#[test]
fn unterminated_json_is_an_error() {
    let text = "FROM a\nENTRYPOINT [\"node\", \"app.js\"\n";
    assert_eq!(
        errors(text),
        [(
            "[\"node\", \"app.js\"".into(),
            "unterminated JSON array: expected `]`; BuildKit would run this ENTRYPOINT as a shell command".into()
        )]
    );
}

#[test]
fn non_string_json_elements_are_an_error() {
    assert_eq!(
        errors("FROM a\nCMD [\"sleep\", 5]\n"),
        [(
            "5".into(),
            "when using JSON array syntax, arrays must be comprised of strings only".into()
        )]
    );
}

#[test]
fn shell_must_be_json() {
    let e = errors("FROM a\nSHELL /bin/bash -c\n");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].0, "/bin/bash -c");
    assert!(e[0]
        .1
        .starts_with("SHELL requires the arguments to be in JSON form"));
}

#[test]
fn env_label_and_arg_pairs() {
    let text = "FROM a\nENV A=1 B=\"two words\" C=x\\ y\nENV LEGACY some value here\nLABEL org.opencontainers.image.title=\"x\"\nARG V=1 W\n";
    let df = parse_ok(text);
    let Args::KeyValues(pairs) = &df.instructions[1].args else {
        panic!()
    };
    let kv: Vec<(&str, &str)> = pairs
        .iter()
        .map(|p| (p.key.text.as_str(), p.value.text.as_str()))
        .collect();
    assert_eq!(kv, [("A", "1"), ("B", "\"two words\""), ("C", "x\\ y")]);
    assert_eq!(slice(text, pairs[1].value.range), "\"two words\"");
    let Args::KeyValues(legacy) = &df.instructions[2].args else {
        panic!()
    };
    assert!(legacy[0].legacy);
    assert_eq!(
        (legacy[0].key.text.as_str(), legacy[0].value.text.as_str()),
        ("LEGACY", "some value here")
    );
    let Args::Arg(decls) = &df.instructions[4].args else {
        panic!()
    };
    assert_eq!(decls[0].default.as_ref().unwrap().text, "1");
    assert!(decls[1].default.is_none());
}

#[test]
fn arg_before_the_first_from() {
    let df = parse_ok("ARG NODE=22\nARG DEBIAN\nFROM node:${NODE}-${DEBIAN}\n");
    assert_eq!(df.instructions[0].keyword, Keyword::Arg);
    assert_eq!(df.instructions[2].keyword, Keyword::From);
}

// ---- Flags ------------------------------------------------------------

#[test]
fn every_documented_flag_is_accepted() {
    let sha = "a".repeat(64);
    let text = format!(
        "FROM --platform=$BUILDPLATFORM golang:1.23 AS build
RUN --mount=type=cache,target=/root/.cache/go-build,sharing=locked,id=gobuild \\
    --mount=type=bind,source=go.sum,target=go.sum \\
    --mount=type=secret,id=token,env=TOKEN,required=true \\
    --mount=type=ssh,id=default \\
    --mount=type=tmpfs,target=/tmp,size=64m \\
    --mount=type=cache,from=build,source=/cache,target=/c,mode=0755,uid=1000,gid=1000,ro \\
    --network=none --security=insecure go build ./...
COPY --from=build --chown=app:app --chmod=755 --link --parents --exclude=*.md --exclude=*.txt ./a ./b /out/
ADD --chown=1:1 --chmod=u+x --link --keep-git-dir=true --checksum=sha256:{sha} --unpack=false --exclude=x https://example.com/a.tgz /a
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --start-interval=1s --retries=3 CMD curl -f http://localhost/
"
    );
    let df = parse_ok(&text);
    let run = &df.instructions[1];
    assert_eq!(run.flags_named("mount").count(), 6);
    assert_eq!(run.flag("network").unwrap().value_str(), Some("none"));
    let copy = &df.instructions[2];
    assert!(copy.flag("link").unwrap().value.is_none());
    assert_eq!(copy.flags_named("exclude").count(), 2);
    assert_eq!(
        slice(
            &text,
            copy.flag("from").unwrap().value.as_ref().unwrap().range
        ),
        "build"
    );
}

#[test]
fn flag_errors_have_their_own_messages_and_ranges() {
    let text = "FROM a\nCOPY --chmod 644 a /b\nCOPY --form=x a /b\nRUN --mount=type=cahce,target=/x echo\nCOPY --link=maybe a /b\nCOPY --from=a --from=b x /y\nENV --x=1 A=b\nHEALTHCHECK --interval=5 CMD true\nRUN --network=bridge true\n";
    let e = errors(text);
    assert_eq!(
        e,
        [
            (
                "--chmod".to_string(),
                "missing a value on flag: chmod (write --chmod=VALUE)".to_string()
            ),
            (
                "form".into(),
                "unknown flag: form (did you mean from?)".into()
            ),
            (
                "cahce".into(),
                "unsupported mount type \"cahce\" (did you mean cache?)".into()
            ),
            (
                "maybe".into(),
                "expecting boolean value for flag link, not: maybe".into()
            ),
            ("--from=b".into(), "duplicate flag specified: from".into()),
            ("x".into(), "unknown flag: x (ENV takes no flags)".into()),
            ("5".into(), "time: missing unit in duration \"5\"".into()),
            (
                "bridge".into(),
                "unsupported network mode \"bridge\" (expected default, none or host)".into()
            ),
        ]
    );
}

#[test]
fn flags_with_variables_are_not_judged_before_expansion() {
    parse_ok("FROM a\nARG NET=none\nRUN --network=$NET --mount=type=$T,target=/x true\n");
}

#[test]
fn double_dash_ends_flags() {
    let df = parse_ok("FROM a\nCOPY -- --weird-name /dst\n");
    let Args::Paths { sources, .. } = &df.instructions[1].args else {
        panic!()
    };
    assert_eq!(sources[0].text, "--weird-name");
    assert!(df.instructions[1].flags.is_empty());
}

// ---- Instruction errors -----------------------------------------------

#[test]
fn unknown_instruction_suggests_the_closest() {
    assert_eq!(
        errors("FORM alpine\nRUN x\n"),
        [(
            "FORM".into(),
            "unknown instruction: FORM (did you mean FROM?)".into()
        )]
    );
    assert_eq!(
        errors("FROM a\nFOO bar\n"),
        [("FOO".into(), "unknown instruction: FOO".into())]
    );
}

#[test]
fn missing_arguments() {
    let e =
        errors("FROM\nFROM a\nRUN\nCOPY onlyone\nENV\nUSER\nEXPOSE\nHEALTHCHECK\nARG\nONBUILD\n");
    let messages: Vec<&str> = e.iter().map(|(_, m)| m.as_str()).collect();
    assert_eq!(
        messages,
        [
            "FROM requires either one or three arguments (FROM image [AS name])",
            "RUN requires at least one argument",
            "COPY requires at least two arguments, but only one was provided. Destination could not be determined",
            "ENV requires at least one argument",
            "USER requires exactly one argument",
            "EXPOSE requires at least one argument",
            "HEALTHCHECK requires at least one argument (CMD <command> or NONE)",
            "ARG requires at least one argument",
            "ONBUILD requires at least one argument",
        ]
    );
    assert_eq!(e[2].0, "onlyone");
    assert_eq!(e[1].0, "RUN");
}

#[test]
fn from_and_stage_name_errors() {
    assert_eq!(
        errors("FROM a AS 1st\n"),
        [(
            "1st".into(),
            "invalid name for build stage: \"1st\", name can't start with a number or contain symbols".into()
        )]
    );
    let e = errors("FROM a b c\n");
    assert_eq!(e[0].0, "a b c");
    assert!(e[0].1.contains("expected AS"));
}

#[test]
fn onbuild_restrictions() {
    let e = errors("FROM a\nONBUILD ONBUILD RUN x\nONBUILD FROM b\nONBUILD MAINTAINER me\n");
    let m: Vec<&str> = e.iter().map(|(_, m)| m.as_str()).collect();
    assert_eq!(
        m,
        [
            "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
            "FROM isn't allowed as an ONBUILD trigger",
            "MAINTAINER isn't allowed as an ONBUILD trigger",
        ]
    );
}

#[test]
fn env_syntax_errors() {
    let e = errors("FROM a\nENV A=1 B\nENV ONLYKEY\nENV =x\n");
    let m: Vec<(&str, &str)> = e.iter().map(|(s, m)| (s.as_str(), m.as_str())).collect();
    assert_eq!(
        m,
        [
            (
                "B",
                "Syntax error - can't find = in \"B\". Must be of the form: name=value"
            ),
            (
                "ONLYKEY",
                "ENV must have two arguments (write ENV ONLYKEY=value)"
            ),
            ("=x", "ENV names can not be blank"),
        ]
    );
}

#[test]
fn healthcheck_forms() {
    let df =
        parse_ok("FROM a\nHEALTHCHECK NONE\nHEALTHCHECK CMD [\"curl\", \"-f\", \"http://x\"]\n");
    assert!(matches!(df.instructions[1].args, Args::HealthcheckNone(_)));
    assert_eq!(
        exec_elements(&df.instructions[2]),
        ["curl", "-f", "http://x"]
    );
    let e = errors("FROM a\nHEALTHCHECK NONE x\nHEALTHCHECK CMD\nHEALTHCHECK TEST x\nHEALTHCHECK --retries=-1 CMD x\n");
    let m: Vec<&str> = e.iter().map(|(_, m)| m.as_str()).collect();
    assert_eq!(
        m,
        [
            "HEALTHCHECK NONE takes no arguments",
            "Missing command after HEALTHCHECK CMD",
            "Unknown type \"TEST\" in HEALTHCHECK (try CMD)",
            "--retries cannot be negative (-1)",
        ]
    );
}

// ---- Recovery and positions -------------------------------------------

#[test]
fn three_broken_instructions_give_three_diagnostics_and_the_rest_parses() {
    let text = "FROM node:22\nWORKDIR /app\nCOPY --chmod 644 package.json\nRUN npm ci\nFORM x\nCOPY . .\nHEALTHCHECK CMD\nUSER node\nCMD [\"node\", \"server.js\"]\n";
    let p = parse(text);
    assert_lossless(text, &p.dockerfile);
    let got: Vec<(u32, &str)> = p
        .diagnostics
        .iter()
        .map(|d| {
            let line = text[..d.range.start()].matches('\n').count() as u32 + 1;
            (line, d.range.slice(text))
        })
        .collect();
    assert_eq!(got, [(3, "--chmod"), (5, "FORM"), (7, "CMD")]);
    let kinds: Vec<Keyword> = p
        .dockerfile
        .instructions
        .iter()
        .map(|i| i.keyword)
        .collect();
    assert_eq!(kinds.len(), 9, "every line is still an instruction");
    assert_eq!(
        exec_elements(&p.dockerfile.instructions[8]),
        ["node", "server.js"]
    );
    assert_eq!(shell_text(&p.dockerfile.instructions[3]), "npm ci");
}

#[test]
fn non_ascii_text_keeps_exact_ranges() {
    let text = "FROM a\nLABEL description=\"café 😀\" author=\"Zoë\"\nRUN echo ünïcödé \\\n  ok\n";
    let df = parse_ok(text);
    let Args::KeyValues(pairs) = &df.instructions[1].args else {
        panic!()
    };
    assert_eq!(slice(text, pairs[1].value.range), "\"Zoë\"");
    let run = &df.instructions[2];
    let joined = &run.args_text.text;
    let ok = joined.find("ok").unwrap();
    assert_eq!(slice(text, run.args_source_range(ok, ok + 2)), "ok");
}

#[test]
fn very_long_lines_are_reported_but_parsed() {
    let text = format!("FROM a\nRUN echo {}\n", "x".repeat(70_000));
    let p = parse(&text);
    assert_eq!(p.diagnostics.len(), 1);
    assert!(p.diagnostics[0].message.contains("65535"));
    assert_eq!(p.dockerfile.instructions.len(), 2);
}

#[test]
fn garbage_never_panics_and_stays_lossless() {
    let inputs = [
        "\u{0}\u{1}\u{2}",
        "\\",
        "RUN \\",
        "RUN <<",
        "RUN <<EOF",
        "COPY <<EOF",
        "CMD [",
        "CMD [\"\\u12",
        "FROM a\nRUN --mount=",
        "FROM a\nRUN --=x y",
        "FROM a\nRUN -- ",
        "\u{feff}",
        "\r\n\r\n",
        "FROM a \\\n\\\n\\\n",
        "ONBUILD ONBUILD ONBUILD",
        "# escape=`\nRUN a`",
        "HEALTHCHECK --interval= CMD x",
        "FROM a\nENV \"",
        "FROM a\nARG =",
        "é\\\n😀",
    ];
    for input in inputs {
        let p = parse(input);
        assert_lossless(input, &p.dockerfile);
        for d in &p.diagnostics {
            assert!(d.range.end() <= input.len(), "{input:?}: {d:?}");
            assert!(
                input.is_char_boundary(d.range.start()) && input.is_char_boundary(d.range.end())
            );
        }
    }
}
