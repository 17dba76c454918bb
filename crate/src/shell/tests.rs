//! Parser unit tests: one small script per construct.

use super::*;

/// Names of all simple commands, as written.
fn names(script: &Script) -> Vec<&str> {
    script
        .commands
        .iter()
        .map(|c| c.name().unwrap_or("<none>"))
        .collect()
}

fn parse_ok(text: &str) -> Script {
    let script = parse(text);
    assert!(
        script.problems.is_empty(),
        "unexpected problems for {text:?}: {:?}",
        script.problems
    );
    script
}

fn values(command: &SimpleCommand) -> Vec<&str> {
    command.words.iter().map(|w| w.value.as_str()).collect()
}

fn slice(text: &str, range: crate::text::TextRange) -> &str {
    range.slice(text)
}

// ---- lists and pipelines ---------------------------------------------------

#[test]
fn and_or_lists_record_operators() {
    let s = parse_ok("a && b || c");
    assert_eq!(names(&s), ["a", "b", "c"]);
    let ctx: Vec<_> = s
        .commands
        .iter()
        .map(|c| (c.context.preceded_by, c.context.followed_by))
        .collect();
    assert_eq!(
        ctx,
        [
            (None, Some(AndOrKind::And)),
            (Some(AndOrKind::And), Some(AndOrKind::Or)),
            (Some(AndOrKind::Or), None)
        ]
    );
    let and_or = &s.body.items[0].and_or;
    assert_eq!(and_or.rest.len(), 2);
    assert_eq!(and_or.rest[0].0.kind, AndOrKind::And);
}

#[test]
fn separators_and_background() {
    let s = parse_ok("a; b & c\nd");
    assert_eq!(names(&s), ["a", "b", "c", "d"]);
    let kinds: Vec<_> = s
        .body
        .items
        .iter()
        .map(|i| i.separator.map(|s| s.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            Some(SeparatorKind::Semicolon),
            Some(SeparatorKind::Background),
            Some(SeparatorKind::Newline),
            None
        ]
    );
    let background: Vec<bool> = s.commands.iter().map(|c| c.context.background).collect();
    assert_eq!(background, [false, true, false, false]);
}

#[test]
fn pipelines_with_positions_and_negation() {
    let text = "! curl -s x | tar xz |& tee log";
    let s = parse_ok(text);
    assert_eq!(names(&s), ["curl", "tar", "tee"]);
    let pipeline = &s.body.items[0].and_or.first;
    assert!(pipeline.negated);
    assert!(pipeline.has_pipe());
    assert_eq!(pipeline.pipes.len(), 2);
    assert_eq!(slice(text, pipeline.pipes[1]), "|&");
    let positions: Vec<_> = s.commands.iter().map(|c| c.context.pipe).collect();
    assert_eq!(positions, [Some((0, 3)), Some((1, 3)), Some((2, 3))]);
    assert!(s.has_pipe());
}

#[test]
fn command_ranges_exclude_trailing_blanks_and_operators() {
    let text = "apt-get update   &&   apt-get install -y curl  ";
    let s = parse_ok(text);
    assert_eq!(slice(text, s.commands[0].range), "apt-get update");
    assert_eq!(slice(text, s.commands[1].range), "apt-get install -y curl");
    let words: Vec<&str> = s.commands[1]
        .words
        .iter()
        .map(|w| slice(text, w.range))
        .collect();
    assert_eq!(words, ["apt-get", "install", "-y", "curl"]);
}

// ---- compound commands -----------------------------------------------------

#[test]
fn subshell_and_group() {
    let s = parse_ok("(cd /src && make) ; { echo a; echo b; }");
    assert_eq!(names(&s), ["cd", "make", "echo", "echo"]);
    assert!(s.commands[0].context.subshell && s.commands[1].context.subshell);
    assert!(!s.commands[2].context.subshell);
    match &s.body.items[1].and_or.first.commands[0] {
        Command::Compound(c) => assert!(matches!(c.kind, CompoundKind::Group(_))),
        other => panic!("expected a group, got {other:?}"),
    }
}

#[test]
fn if_elif_else_marks_conditions_and_branches() {
    let s = parse_ok(
        "if [ -f a ]; then rm a; elif test -d b\nthen rmdir b\nelse touch c; fi && echo end",
    );
    assert_eq!(names(&s), ["[", "rm", "test", "rmdir", "touch", "echo"]);
    let flags: Vec<_> = s
        .commands
        .iter()
        .map(|c| (c.context.condition, c.context.branch))
        .collect();
    assert_eq!(
        flags,
        [
            (true, false),
            (false, true),
            (true, false),
            (false, true),
            (false, true),
            (false, false)
        ]
    );
    match &s.body.items[0].and_or.first.commands[0] {
        Command::Compound(c) => match &c.kind {
            CompoundKind::If {
                branches,
                else_body,
            } => {
                assert_eq!(branches.len(), 2);
                assert!(else_body.is_some());
            }
            other => panic!("expected if, got {other:?}"),
        },
        other => panic!("expected compound, got {other:?}"),
    }
}

#[test]
fn for_loops() {
    let s = parse_ok("for p in curl wget; do apt-get install -y $p; done");
    assert_eq!(names(&s), ["apt-get"]);
    assert!(s.commands[0].context.loop_body);
    assert_eq!(s.definitions[0].name, "p");
    assert_eq!(s.definitions[0].kind, VarDefKind::ForLoop);
    match &s.body.items[0].and_or.first.commands[0] {
        Command::Compound(c) => match &c.kind {
            CompoundKind::For {
                variable, words, ..
            } => {
                assert_eq!(variable.as_ref().map(|w| w.value.as_str()), Some("p"));
                let words: Vec<_> = words.iter().flatten().map(|w| w.value.as_str()).collect();
                assert_eq!(words, ["curl", "wget"]);
            }
            other => panic!("expected for, got {other:?}"),
        },
        other => panic!("expected compound, got {other:?}"),
    }
    let s = parse_ok("for x\ndo echo $x\ndone");
    assert_eq!(names(&s), ["echo"]);
    let s = parse_ok("for ((i=0; i<3; i++)); do echo $i; done");
    assert_eq!(names(&s), ["echo"]);
    let s = parse_ok("select x in a b; do break; done");
    assert_eq!(names(&s), ["break"]);
}

#[test]
fn while_and_until_loops() {
    let s = parse_ok("while read -r line; do echo \"$line\"; done < list.txt");
    assert_eq!(names(&s), ["read", "echo"]);
    assert!(s.commands[0].context.condition && s.commands[0].context.loop_body);
    assert!(!s.commands[1].context.condition && s.commands[1].context.loop_body);
    match &s.body.items[0].and_or.first.commands[0] {
        Command::Compound(c) => {
            assert_eq!(c.redirects.len(), 1);
            assert_eq!(
                c.redirects[0].target.as_ref().map(|w| w.value.as_str()),
                Some("list.txt")
            );
        }
        other => panic!("expected compound, got {other:?}"),
    }
    let s = parse_ok("until curl -f localhost; do sleep 1; done");
    assert_eq!(names(&s), ["curl", "sleep"]);
}

#[test]
fn case_arms() {
    let text = "case \"$(uname -m)\" in\n  x86_64|amd64) ARCH=amd64 ;;\n  (aarch64) ARCH=arm64;&\n  *) echo unknown; exit 1;;\nesac";
    let s = parse_ok(text);
    assert_eq!(names(&s), ["uname", "<none>", "<none>", "echo", "exit"]);
    assert!(s.commands[0].context.substitution);
    assert!(s.commands[3].context.branch);
    match &s.body.items[0].and_or.first.commands[0] {
        Command::Compound(c) => match &c.kind {
            CompoundKind::Case { arms, .. } => {
                let patterns: Vec<Vec<&str>> = arms
                    .iter()
                    .map(|a| a.patterns.iter().map(|w| w.value.as_str()).collect())
                    .collect();
                assert_eq!(
                    patterns,
                    [vec!["x86_64", "amd64"], vec!["aarch64"], vec!["*"]]
                );
            }
            other => panic!("expected case, got {other:?}"),
        },
        other => panic!("expected compound, got {other:?}"),
    }
    let s = parse_ok("case x in esac");
    assert!(s.commands.is_empty());
}

#[test]
fn function_definitions() {
    let s = parse_ok(
        "install_deps() { apt-get update; }; function cleanup { rm -rf /tmp/x; }; install_deps",
    );
    assert_eq!(names(&s), ["apt-get", "rm", "install_deps"]);
    assert!(s.commands[0].context.function && s.commands[1].context.function);
    assert!(!s.commands[2].context.function);
}

#[test]
fn bash_test_and_arithmetic() {
    let s = parse_ok("[[ -f a && ! -d b || $x < 3 ]] && (( n += 1 )) && echo $((n * 2))");
    assert_eq!(names(&s), ["[[", "echo"]);
    assert_eq!(
        values(&s.commands[0]),
        ["[[", "-f", "a", "&&", "!", "-d", "b", "||", "$x", "<", "3", "]]"]
    );
    assert!(s.commands[1].words[1].dynamic);
    assert_eq!(s.referenced_names(), ["x"]);
}

// ---- substitutions -----------------------------------------------------------

#[test]
fn command_substitutions_are_parsed_recursively() {
    let text = "echo \"$(dpkg --print-architecture | sed 's/x/$(y)/')\" $(id -u $(whoami))";
    let s = parse_ok(text);
    assert_eq!(names(&s), ["echo", "dpkg", "sed", "id", "whoami"]);
    assert!(s.commands[1..].iter().all(|c| c.context.substitution));
    assert_eq!(s.commands[4].context.depth, 2);
    let echo = &s.commands[0];
    assert!(echo.words[1].dynamic && echo.words[1].quoted);
    assert_eq!(echo.words[1].substitutions.len(), 1);
    assert_eq!(
        slice(text, s.commands[1].range),
        "dpkg --print-architecture"
    );
    // The single-quoted `$(y)` is text, not a substitution.
    assert!(!names(&s).contains(&"y"));
    assert_eq!(s.pipelines().iter().filter(|p| p.has_pipe()).count(), 1);
}

#[test]
fn backticks_with_nesting() {
    let text = "echo `basename \\`pwd\\`` \"`date`\"";
    let s = parse_ok(text);
    assert_eq!(names(&s), ["echo", "basename", "pwd", "date"]);
    let pwd = &s.commands[2];
    assert_eq!(slice(text, pwd.range), "pwd");
    assert!(pwd.context.substitution);
}

#[test]
fn process_substitution() {
    let s = parse_ok("diff <(sort a) <(sort b) && cat < <(ls)");
    assert_eq!(names(&s), ["diff", "sort", "sort", "cat", "ls"]);
    assert_eq!(s.commands[0].words.len(), 3);
    assert_eq!(
        s.commands[0].words[1].substitutions[0].kind,
        SubstitutionKind::ProcessInput
    );
}

// ---- words -------------------------------------------------------------------

#[test]
fn quotes_and_escapes_are_removed() {
    let text = r#"echo "a b"'c'd\ e "x\"y\$z\q" ''"#;
    let s = parse_ok(text);
    assert_eq!(values(&s.commands[0]), ["echo", "a bcd e", "x\"y$z\\q", ""]);
    let w = &s.commands[0].words[1];
    assert!(w.quoted && !w.dynamic);
    assert_eq!(slice(text, w.range), r#""a b"'c'd\ e"#);
    assert_eq!(slice(text, w.value_range(0, 3)), "a b");
    assert_eq!(w.literal(), Some("a bcd e"));
}

#[test]
fn expansions_mark_words_dynamic_and_stay_as_written() {
    let s = parse_ok("echo $HOME/x \"${PATH}:y\" '$NOT' pre$(date)post $((1+2))");
    let words = &s.commands[0].words;
    assert_eq!(words[1].value, "$HOME/x");
    assert_eq!(words[2].value, "${PATH}:y");
    assert_eq!(words[3].value, "$NOT");
    assert_eq!(words[4].value, "pre$(date)post");
    let dynamic: Vec<bool> = words.iter().map(|w| w.dynamic).collect();
    assert_eq!(dynamic, [false, true, true, false, true, true]);
    assert_eq!(words[3].literal(), Some("$NOT"));
    assert_eq!(words[1].literal(), None);
}

#[test]
fn ansi_c_strings_are_decoded() {
    let s = parse_ok(r"printf $'a\tb\x41\n' $'it\'s'");
    assert_eq!(values(&s.commands[0])[1..], ["a\tbA\n", "it's"]);
}

#[test]
fn unicode_words_keep_exact_ranges() {
    let text = "echo 'héllo wörld' && ls ünï";
    let s = parse_ok(text);
    assert_eq!(s.commands[0].words[1].value, "héllo wörld");
    assert_eq!(slice(text, s.commands[1].words[1].range), "ünï");
}

// ---- assignments and redirections ---------------------------------------------

#[test]
fn leading_assignments() {
    let text = "DEBIAN_FRONTEND=noninteractive PIP_NO_CACHE_DIR=\"1\" apt-get install X=1";
    let s = parse_ok(text);
    let c = &s.commands[0];
    assert_eq!(c.assignments.len(), 2);
    assert_eq!(c.assignments[0].name, "DEBIAN_FRONTEND");
    assert_eq!(c.assignments[1].value.value, "1");
    assert_eq!(slice(text, c.assignments[1].value.range), "\"1\"");
    assert_eq!(slice(text, c.assignments[1].name_range), "PIP_NO_CACHE_DIR");
    assert_eq!(values(c), ["apt-get", "install", "X=1"]);
    assert_eq!(c.env_value("PIP_NO_CACHE_DIR"), Some("1"));
    assert_eq!(s.definitions[0].kind, VarDefKind::CommandPrefix);
}

#[test]
fn assignment_only_commands_and_bash_forms() {
    let s = parse_ok("A=1; B+=x; arr=(one \"two three\"); C= ; 1D=2; \"E\"=3");
    let c: Vec<_> = s
        .commands
        .iter()
        .map(|c| {
            (
                c.assignments
                    .iter()
                    .map(|a| a.name.as_str())
                    .collect::<Vec<_>>(),
                c.name(),
            )
        })
        .collect();
    assert_eq!(
        c,
        [
            (vec!["A"], None),
            (vec!["B"], None),
            (vec!["arr"], None),
            (vec!["C"], None),
            (vec![], Some("1D=2")),
            (vec![], Some("E=3")),
        ]
    );
    assert_eq!(s.commands[2].assignments[0].value.value, "(one two three)");
    assert_eq!(s.commands[3].assignments[0].value.value, "");
    assert_eq!(s.definitions[0].kind, VarDefKind::Assignment);
}

#[test]
fn redirections_are_not_arguments() {
    let text = "make 2>&1 >/dev/null install &>>log <in 3<>f >|clobber";
    let s = parse_ok(text);
    let c = &s.commands[0];
    assert_eq!(values(c), ["make", "install"]);
    let ops: Vec<_> = c.redirects.iter().map(|r| (r.fd, r.op)).collect();
    assert_eq!(
        ops,
        [
            (Some(2), RedirectOp::DupOutput),
            (None, RedirectOp::Output),
            (None, RedirectOp::AppendAll),
            (None, RedirectOp::Input),
            (Some(3), RedirectOp::ReadWrite),
            (None, RedirectOp::Clobber),
        ]
    );
    assert_eq!(
        c.redirects[1].target.as_ref().map(|w| w.value.as_str()),
        Some("/dev/null")
    );
    assert_eq!(slice(text, c.redirects[0].range), "2>&1");
}

#[test]
fn here_strings() {
    let s = parse_ok("grep -q x <<< \"$LIST\"");
    let r = &s.commands[0].redirects[0];
    assert_eq!(r.op, RedirectOp::HereString);
    assert!(r.target.as_ref().is_some_and(|w| w.dynamic));
}

// ---- here-documents ----------------------------------------------------------

#[test]
fn heredoc_body_is_read_after_the_line() {
    let text = "cat <<EOF > /etc/x.conf && echo written\nuser=$USER\nhome=$(pwd)\nEOF\nchmod 600 /etc/x.conf";
    let s = parse_ok(text);
    assert_eq!(names(&s), ["cat", "echo", "pwd", "chmod"]);
    let doc = &s.heredocs[0];
    assert_eq!(doc.delimiter, "EOF");
    assert!(!doc.quoted && doc.terminated);
    assert_eq!(slice(text, doc.body), "user=$USER\nhome=$(pwd)\n");
    assert_eq!(doc.body_text, "user=$USER\nhome=$(pwd)\n");
    assert!(s.commands[2].context.substitution);
    assert_eq!(s.referenced_names(), ["USER"]);
    let redirect = &s.commands[0].redirects[0];
    assert_eq!(redirect.heredoc, Some(HereDocId(0)));
}

#[test]
fn quoted_heredoc_is_not_expanded() {
    let s = parse_ok("cat <<'EOF'\n$(rm -rf /) $HOME\nEOF\n");
    assert_eq!(names(&s), ["cat"]);
    assert!(s.variables.is_empty());
    assert!(s.heredocs[0].quoted);
    let s = parse_ok("cat <<\"E\"OF\nx\nEOF\n");
    assert_eq!(s.heredocs[0].delimiter, "EOF");
}

#[test]
fn heredoc_strip_tabs_and_two_per_line() {
    let text = "cat <<-A >a; cat <<B >b\n\tone\n\tA\ntwo\nB\necho after";
    let s = parse_ok(text);
    assert_eq!(names(&s), ["cat", "cat", "echo"]);
    assert_eq!(slice(text, s.heredocs[0].body), "\tone\n");
    assert_eq!(slice(text, s.heredocs[1].body), "two\n");
    assert!(s.heredocs[0].strip_tabs);
}

#[test]
fn unterminated_heredoc_is_a_problem() {
    let s = parse("cat <<EOF\nno end");
    assert_eq!(names(&s), ["cat"]);
    assert!(!s.heredocs[0].terminated);
    assert_eq!(s.problems.len(), 1);
    let s = parse("cat <<EOF");
    assert_eq!(s.problems.len(), 1);
}

// ---- continuations and comments ----------------------------------------------

#[test]
fn dockerfile_continuations_and_dropped_lines() {
    let text = "apt-get update && \\\n    # install tools\n\n    apt-get install -y \\  \n      curl \\\n      wget";
    let s = parse_ok(text);
    assert_eq!(names(&s), ["apt-get", "apt-get"]);
    assert_eq!(
        values(&s.commands[1]),
        ["apt-get", "install", "-y", "curl", "wget"]
    );
    assert_eq!(slice(text, s.commands[1].words[4].range), "wget");
}

#[test]
fn plain_scripts_keep_comment_lines_as_comments() {
    // In a plain script, `# ...` after a continuation is a comment that ends
    // the command; the next line is a new command.
    let text = "apt-get install \\\n# note\ncurl";
    let plain = parse_with(text, &ParseOptions::plain());
    assert_eq!(names(&plain), ["apt-get", "curl"]);
    let dockerfile = parse(text);
    assert_eq!(names(&dockerfile), ["apt-get"]);
    assert_eq!(
        values(&dockerfile.commands[0]),
        ["apt-get", "install", "curl"]
    );
}

#[test]
fn continuation_inside_a_word_joins_it() {
    let s = parse_ok("ec\\\nho hel\\\nlo");
    assert_eq!(values(&s.commands[0]), ["echo", "hello"]);
}

#[test]
fn comments_end_at_the_line() {
    let s = parse_ok("echo a # b c\necho d#e");
    assert_eq!(values(&s.commands[0]), ["echo", "a"]);
    assert_eq!(values(&s.commands[1]), ["echo", "d#e"]);
}

#[test]
fn crlf_line_endings() {
    let s = parse_ok("apt-get update \\\r\n && apt-get install -y curl\r\n");
    assert_eq!(names(&s), ["apt-get", "apt-get"]);
    assert_eq!(values(&s.commands[1]).last(), Some(&"curl"));
}

// ---- nested shells -------------------------------------------------------------

#[test]
fn sh_c_strings_are_parsed() {
    let text = "sh -c 'apt-get update && apt-get install -y curl'";
    let s = parse_ok(text);
    assert_eq!(names(&s), ["sh", "apt-get", "apt-get"]);
    let inner = &s.commands[2];
    assert!(inner.context.nested_shell);
    assert_eq!(slice(text, inner.range), "apt-get install -y curl");
    assert_eq!(slice(text, inner.words[3].range), "curl");
    assert!(s.commands[0].nested.is_some());
}

#[test]
fn nested_strings_with_escapes_map_back() {
    let text = r#"bash -exc "pip install \"flask==2.0\" $EXTRA""#;
    let s = parse(text);
    assert_eq!(names(&s), ["bash", "pip"]);
    let pip = &s.commands[1];
    assert_eq!(values(pip), ["pip", "install", "flask==2.0", "$EXTRA"]);
    let flask = &pip.words[2];
    assert_eq!(
        slice(text, flask.value_range(0, flask.value.len())),
        "flask==2.0"
    );
    assert!(pip.words[3].dynamic);
}

#[test]
fn eval_su_and_non_scripts() {
    let s = parse_ok("eval apt-get install -y vim; su - app -c 'npm ci'; sh ./install.sh; bash -c");
    assert_eq!(names(&s), ["eval", "apt-get", "su", "npm", "sh", "bash"]);
    assert!(s.commands[1].context.nested_shell && s.commands[3].context.nested_shell);
    assert!(s.commands[4].nested.is_none());
}

#[test]
fn nested_shell_depth_is_capped() {
    let text = "eval ".repeat(200) + "echo hi";
    let s = parse(&text);
    assert!(s.commands.len() < 20, "{} commands", s.commands.len());
}

// ---- wrappers and options ------------------------------------------------------

#[test]
fn effective_command_looks_through_wrappers() {
    let cases = [
        (
            "sudo -u root -E apt-get install x",
            Some("apt-get"),
            vec!["sudo"],
        ),
        (
            "env -i PATH=/bin DEBIAN_FRONTEND=noninteractive apt-get update",
            Some("apt-get"),
            vec!["env"],
        ),
        (
            "nice -n 10 ionice -c3 make",
            Some("make"),
            vec!["nice", "ionice"],
        ),
        ("timeout 30 curl x", Some("curl"), vec!["timeout"]),
        ("xargs -r -n1 rm -f", Some("rm"), vec!["xargs"]),
        ("command -v pip", Some("command"), vec![]),
        ("gosu app npm start", Some("npm"), vec!["gosu"]),
        ("busybox wget -q x", Some("wget"), vec!["busybox"]),
        (
            "/usr/bin/time -v /usr/local/bin/pip install x",
            Some("pip"),
            vec!["time"],
        ),
        ("sudo", None, vec!["sudo"]),
    ];
    for (text, name, wrappers) in cases {
        let s = parse_ok(text);
        let invocation = s.commands[0].effective_command();
        assert_eq!(invocation.name(), name, "{text}");
        assert_eq!(invocation.wrappers, wrappers, "{text}");
    }
    let s = parse_ok("A=1 env B=2 sudo C=3 pip install x");
    let invocation = s.commands[0].effective_command();
    let env: Vec<_> = invocation.env.iter().map(|v| (v.name, v.value)).collect();
    assert_eq!(env, [("A", "1"), ("B", "2"), ("C", "3")]);
    assert_eq!(invocation.env_value("B"), Some("2"));
    assert_eq!(invocation.args().len(), 2);
    assert!(
        parse_ok("find . | xargs rm").commands[1]
            .effective_command()
            .args_from_input
    );
    let s = parse_ok("sudo apt-get update && apt-get install -y x; echo apt-get");
    let effective: Vec<_> = s.invocations().map(|i| i.name()).collect();
    assert_eq!(effective, [Some("apt-get"), Some("apt-get"), Some("echo")]);
    assert_eq!(s.commands_named("apt-get").count(), 2);
    assert!(s.commands[0].effective_command().wrapped_by("sudo"));
}

#[test]
fn flags_understand_bundles_and_long_forms() {
    let s = parse_ok("apt-get -qy install --no-install-recommends -oDebug::x=yes curl -- -z");
    let c = &s.commands[0];
    assert!(c.has_flag("-y") && c.has_flag("-q"));
    assert!(c.has_flag("--no-install-recommends"));
    assert!(c.has_flag("-o"));
    assert!(!c.has_flag("-z"), "after `--` everything is an operand");
    assert!(
        !c.has_flag("-e"),
        "letters of an attached value are not flags"
    );
    let operands: Vec<_> = c
        .args_without_options()
        .iter()
        .map(|w| w.value.as_str())
        .collect();
    assert_eq!(operands, ["install", "curl", "-z"]);
}

#[test]
fn options_with_a_spec() {
    let text = "tar -xzf app.tgz --strip-components=1 -C /opt file";
    let s = parse_ok(text);
    let spec = OptionSpec::new("fC", &["--strip-components"]);
    let parsed = s.commands[0].options(&spec);
    assert_eq!(parsed.value(&["-f"]), Some("app.tgz"));
    assert_eq!(parsed.value(&["-C"]), Some("/opt"));
    assert_eq!(parsed.value(&["--strip-components"]), Some("1"));
    let operands: Vec<_> = parsed.operands.iter().map(|w| w.value.as_str()).collect();
    assert_eq!(operands, ["file"]);
    let z = parsed
        .find(&["-z"])
        .map(|o| (o.in_bundle, slice(text, o.range)));
    assert_eq!(z, Some((true, "z")));
    let f = parsed.find(&["-f"]).and_then(|o| o.value.clone());
    assert!(f.is_some_and(|v| v.separate && slice(text, v.range) == "app.tgz"));
    // POSIX style: options stop at the first operand.
    let s = parse_ok("sh -e script.sh -x");
    let parsed = s.commands[0].options(&OptionSpec::NONE.posix());
    assert!(parsed.has("-e") && !parsed.has("-x"));
}

#[test]
fn pipefail_tracking() {
    let text = "set -eux; a | b; set -euxo pipefail; c | d; set +o pipefail; e | f";
    let s = parse_ok(text);
    let at = |needle: &str| text.find(needle).unwrap_or(0);
    assert!(!s.pipefail_at(at("a |")));
    assert!(s.pipefail_at(at("c |")));
    assert!(!s.pipefail_at(at("e |")));
    let s = parse_ok("set -o errexit -o pipefail && curl x | sh");
    assert!(s.pipefail_at(s.commands[1].range.start()));
}

// ---- variables -------------------------------------------------------------------

#[test]
fn variable_references() {
    let text = "echo $A ${B:-x} \"${C}\" $1 $? ${#D} ${E[0]} '$F' ${G%%.*} ${!H}";
    let s = parse_ok(text);
    let refs: Vec<_> = s
        .variables
        .iter()
        .map(|v| {
            (
                v.name.as_str(),
                v.operator.as_deref(),
                v.quoted,
                slice(text, v.range),
            )
        })
        .collect();
    assert_eq!(
        refs,
        [
            ("A", None, false, "$A"),
            ("B", Some(":-"), false, "${B:-x}"),
            ("C", None, true, "${C}"),
            ("1", None, false, "$1"),
            ("?", None, false, "$?"),
            ("D", None, false, "${#D}"),
            ("E", None, false, "${E[0]}"),
            ("G", Some("%%"), false, "${G%%.*}"),
            ("H", None, false, "${!H}"),
        ]
    );
    assert!(s.variables[1].has_default());
    assert_eq!(s.referenced_names(), ["A", "B", "C", "D", "E", "G", "H"]);
}

#[test]
fn nested_expansions_inside_braces() {
    let s = parse_ok("echo ${VERSION:-$(cat VERSION)} ${X:-${Y}}");
    assert_eq!(names(&s), ["echo", "cat"]);
    assert_eq!(s.referenced_names(), ["VERSION", "X", "Y"]);
}

#[test]
fn definitions_from_builtins() {
    let s = parse_ok(
        "export PATH=/x:$PATH NODE_ENV; read -r -p 'name? ' NAME; declare -x K=v; local L",
    );
    let defs: Vec<_> = s
        .definitions
        .iter()
        .map(|d| (d.name.as_str(), d.kind, d.value.as_deref()))
        .collect();
    assert_eq!(
        defs,
        [
            ("PATH", VarDefKind::Export, Some("/x:$PATH")),
            ("NODE_ENV", VarDefKind::Export, None),
            ("NAME", VarDefKind::Read, None),
            ("K", VarDefKind::Export, Some("v")),
            ("L", VarDefKind::Declaration, None),
        ]
    );
}

// ---- broken input ----------------------------------------------------------------

#[test]
fn broken_input_gives_problems_and_best_effort_commands() {
    let cases: &[(&str, &[&str])] = &[
        ("echo 'unterminated && rm x", &["echo"]),
        ("echo \"unterminated; rm x", &["echo"]),
        ("echo $(date && ls", &["echo", "date", "ls"]),
        ("(cd x && make", &["cd", "make"]),
        ("if true; then echo a", &["true", "echo"]),
        ("echo a; fi; echo b", &["echo", "echo"]),
        ("done", &[]),
        ("echo a )", &["echo"]),
        (";; echo a", &["echo"]),
        ("apt-get update &&", &["apt-get"]),
        ("curl x |", &["curl"]),
        ("for x in a b; echo $x", &["echo"]),
        ("case x in a) echo", &["echo"]),
        ("echo ${X", &["echo"]),
        ("echo `date", &["echo", "date"]),
        ("{ echo a", &["echo"]),
        ("echo $((1 +", &["echo"]),
        ("f() ", &[]),
        ("&& ls", &["ls"]),
    ];
    for (text, expected) in cases {
        let s = parse(text);
        assert!(!s.problems.is_empty(), "no problem reported for {text:?}");
        assert_eq!(names(&s), *expected, "{text:?}");
        for problem in &s.problems {
            assert!(problem.range.end() <= text.len(), "{text:?}: {problem:?}");
        }
    }
}

#[test]
fn deep_nesting_is_bounded() {
    // Run on a small stack: wasm's default is 1 MiB and debug frames are big.
    let worker = std::thread::Builder::new()
        .stack_size(STACK_FOR_DEEP_NESTING)
        .spawn(deep_nesting_cases);
    let joined = worker.map(|handle| handle.join());
    assert!(
        matches!(joined, Ok(Ok(()))),
        "deep nesting failed: {joined:?}"
    );
}

const STACK_FOR_DEEP_NESTING: usize = 512 * 1024;

fn deep_nesting_cases() {
    for (open, close) in [
        ("( ", ")"),
        ("$(", ")"),
        ("{ ", "; }"),
        ("if a; then ", "; fi"),
    ] {
        let text = format!("{}echo{}", open.repeat(20_000), close.repeat(20_000));
        let s = parse(&text);
        assert!(!s.problems.is_empty(), "{open}");
        assert!(s.commands.len() <= 2 * parser::MAX_DEPTH as usize);
    }
    let text = format!("echo {}x{}", "\"$(".repeat(5_000), ")\"".repeat(5_000));
    let s = parse(&text);
    assert!(!s.problems.is_empty());
    let text = format!("sh -c {}", "\"sh -c \\\"(".repeat(300));
    let _ = parse(&text);
    let text = format!("echo {}", "`(".repeat(5_000));
    let _ = parse(&text);
}

#[test]
fn a_nested_script_past_the_limit_is_skipped_alone() {
    let depth = parser::MAX_DEPTH as usize;
    let text = format!(
        "{}sh -c 'echo inner' `date`{} ; echo after",
        "( ".repeat(depth),
        " )".repeat(depth)
    );
    let s = parse(&text);
    assert_eq!(names(&s), ["sh", "echo"]);
    assert_eq!(s.problems.len(), 2, "{:?}", s.problems);
    assert_eq!(slice(&text, s.problems[0].range), "`date`");
    assert_eq!(
        slice(&text, s.problems[1].range),
        "sh -c 'echo inner' `date`"
    );
}

#[test]
fn large_scripts_parse_in_linear_time() {
    let line = "apt-get install -y \"pkg-$i\" && echo ${x:-$(date)} | tee -a log\n";
    let text = line.repeat(20_000);
    let s = parse(&text);
    assert!(s.problems.is_empty());
    assert_eq!(s.commands.len(), 80_000);
}

#[test]
fn arbitrary_bytes_never_panic() {
    // A deterministic walk over awkward characters and fragments.
    let pieces = [
        "'", "\"", "`", "$(", "$((", "${", ")", "}", "(", "{", "\\", "\n", "<<", "<<-", "EOF",
        "&&", "||", "|", ";", ";;", "&", "#", "if", "then", "fi", "case", "in", "esac", "do",
        "done", "for", " ", "é", "\t", "=", "a=", "sh -c", "eval", "$'", "\\\n", "<(", ">", "2>&1",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..2_000 {
        let mut text = String::new();
        for _ in 0..24 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
        }
        for options in [ParseOptions::default(), ParseOptions::plain()] {
            let s = parse_with(&text, &options);
            for c in &s.commands {
                assert!(c.range.end() <= text.len(), "{text:?}");
                for w in &c.words {
                    assert!(w.range.end() <= text.len(), "{text:?}");
                    let _ = w.value_range(0, w.value.len()).slice(&text);
                }
            }
            let _ = packages::facts(&s);
        }
    }
}
