//! Behaviour of `layerlab::dockerfile::expand`: every form, every option, the
//! references it reports, its errors, and its limits on hostile input.

use std::collections::{BTreeMap, HashMap};

use layerlab::dockerfile::expand::{
    expand_word, expand_words, EmptyEnv, Env, ExpandError, ExpandErrorKind, ExpandOptions,
    MAX_NESTING,
};
use layerlab::TextRange;

const ENV: &[(&str, &str)] = &[
    ("V", "value"),
    ("EMPTY", ""),
    ("SPACED", "a  b"),
    ("IMAGE", "busybox:latest"),
    ("VERSION", "1.2.3"),
    ("FILE", "/usr/local/lib/archive.tar.gz"),
    ("URL", "https://example.com/foo-arm64/bin-arm64.tgz"),
    ("STARS", "a***b"),
    ("LINES", "one\ntwo"),
];

fn expand_with(input: &str, options: &ExpandOptions) -> String {
    match expand_word(input, ENV, options) {
        Ok(expansion) => expansion.value,
        Err(error) => panic!("{input:?} failed: {error}"),
    }
}

fn expand(input: &str) -> String {
    expand_with(input, &ExpandOptions::default())
}

fn fail(input: &str) -> ExpandError {
    match expand_word(input, ENV, &ExpandOptions::default()) {
        Ok(expansion) => panic!(
            "{input:?} expanded to {:?}, expected an error",
            expansion.value
        ),
        Err(error) => error,
    }
}

fn words(input: &str) -> Vec<String> {
    match expand_words(input, ENV, &ExpandOptions::default()) {
        Ok(split) => split.words,
        Err(error) => panic!("{input:?} failed: {error}"),
    }
}

fn range(start: u32, end: u32) -> TextRange {
    TextRange { start, end }
}

#[test]
fn plain_references() {
    assert_eq!(expand("$V"), "value");
    assert_eq!(expand("${V}"), "value");
    assert_eq!(expand("a${V}b"), "avalueb");
    assert_eq!(
        expand("$Vb"),
        "",
        "the name runs on: $Vb is the variable Vb"
    );
    assert_eq!(expand("$V.b"), "value.b");
    assert_eq!(expand("$UNSET|${UNSET}"), "|");
    assert_eq!(expand("$v"), "", "names are case-sensitive");
    assert_eq!(
        expand("$ $. $}"),
        "$ $. $}",
        "a $ that starts no name is literal"
    );
    assert_eq!(
        expand("$1x $@x $$"),
        "x x ",
        "positional and special parameters are never set"
    );
}

#[test]
fn default_and_alternative_values() {
    // (form, set, empty, unset)
    let table = [
        ("${X:-w}", "value", "w", "w"),
        ("${X-w}", "value", "", "w"),
        ("${X:+w}", "w", "", ""),
        ("${X+w}", "w", "w", ""),
    ];
    for (form, set, empty, unset) in table {
        assert_eq!(expand(&form.replace('X', "V")), set, "{form} with V set");
        assert_eq!(
            expand(&form.replace('X', "EMPTY")),
            empty,
            "{form} with EMPTY"
        );
        assert_eq!(
            expand(&form.replace('X', "UNSET")),
            unset,
            "{form} with UNSET"
        );
    }
}

#[test]
fn required_values() {
    assert_eq!(expand("${V:?msg}"), "value");
    assert_eq!(expand("${V?msg}"), "value");
    assert_eq!(expand("${EMPTY?msg}"), "");

    let cases = [
        ("${UNSET:?need it}", "UNSET", "need it"),
        ("${EMPTY:?need it}", "EMPTY", "need it"),
        ("${UNSET?need $V}", "UNSET", "need value"),
        ("${UNSET:?}", "UNSET", "is not allowed to be unset"),
        ("${UNSET?}", "UNSET", "is not allowed to be unset"),
        ("${EMPTY:?}", "EMPTY", "is not allowed to be empty"),
    ];
    for (input, name, message) in cases {
        let error = fail(input);
        assert_eq!(
            error.kind,
            ExpandErrorKind::RequiredVariable {
                name: name.to_string(),
                message: message.to_string()
            },
            "{input}"
        );
        assert_eq!(error.to_string(), format!("{name}: {message}"));
        assert_eq!(error.range, range(0, input.len() as u32), "{input}");
    }
}

#[test]
fn prefix_and_suffix_trimming() {
    assert_eq!(expand("${IMAGE%:*}"), "busybox");
    assert_eq!(expand("${VERSION%.*}"), "1.2");
    assert_eq!(expand("${VERSION%%.*}"), "1");
    assert_eq!(expand("${VERSION#*.}"), "2.3");
    assert_eq!(expand("${VERSION##*.}"), "3");
    assert_eq!(expand("${FILE##*/}"), "archive.tar.gz");
    assert_eq!(expand("${FILE%/*}"), "/usr/local/lib");
    assert_eq!(expand("${FILE%.*}"), "/usr/local/lib/archive.tar");
    assert_eq!(expand("${FILE%%.*}"), "/usr/local/lib/archive");
    assert_eq!(expand("${VERSION#?.}"), "2.3");
    assert_eq!(expand("${VERSION#x}"), "1.2.3", "no match leaves the value");
    assert_eq!(expand("${UNSET#x}"), "");
    // Escaped wildcards are literal.
    assert_eq!(expand(r"${STARS#a\*}"), "**b");
    assert_eq!(expand(r"${STARS##a\**}"), "");
    assert_eq!(
        expand(r"${STARS%\**}"),
        "a**",
        "shortest suffix starting with a literal star"
    );
    // The pattern may come from a variable and from quotes.
    assert_eq!(expand("${VERSION#\"1.\"}"), "2.3");
    assert_eq!(expand("${IMAGE#${IMAGE%:*}}"), ":latest");
    // Wildcards stop at a newline, like Go's `.`.
    assert_eq!(expand("${LINES#*}"), "one\ntwo");
    assert_eq!(expand("${LINES##*}"), "\ntwo");
}

#[test]
fn pattern_replacement() {
    assert_eq!(
        expand("${URL/arm64/aarch64}"),
        "https://example.com/foo-aarch64/bin-arm64.tgz"
    );
    assert_eq!(
        expand("${URL//arm64/aarch64}"),
        "https://example.com/foo-aarch64/bin-aarch64.tgz"
    );
    assert_eq!(expand("${VERSION//./-}"), "1-2-3");
    assert_eq!(
        expand("${VERSION/./}"),
        "12.3",
        "an empty replacement deletes"
    );
    assert_eq!(expand("${VERSION//?/x}"), "xxxxx");
    assert_eq!(expand("${VERSION/1*/x}"), "x", "wildcards are greedy");
    assert_eq!(
        expand(r"${FILE//\//:}"),
        ":usr:local:lib:archive.tar.gz",
        r"\/ is a literal slash"
    );
    assert_eq!(expand("${VERSION//./$V}"), "1value2value3");
    assert_eq!(expand("${UNSET/a/b}"), "");
}

#[test]
fn nested_words_quotes_and_escapes_in_modifiers() {
    assert_eq!(expand("${UNSET:-${V}}"), "value");
    assert_eq!(expand("${UNSET:-${ALSO_UNSET:-deep}}"), "deep");
    assert_eq!(expand("${UNSET:-a b}"), "a b");
    assert_eq!(
        expand("${UNSET:-'$V}'}"),
        "$V}",
        "single quotes protect $ and }}"
    );
    assert_eq!(expand("${UNSET:-\"$V}\"}"), "value}");
    assert_eq!(expand(r"${UNSET:-\}}"), "}");
    assert_eq!(expand(r"${UNSET:-\$V}"), "$V");
    assert_eq!(expand("${V:+${V}!}"), "value!");
    assert_eq!(
        expand("${aaa:-bbb}}"),
        "bbb}",
        "a stray }} after the reference is text"
    );
}

#[test]
fn quotes_and_escapes() {
    assert_eq!(expand("'$V'"), "$V");
    assert_eq!(expand("\"$V\""), "value");
    assert_eq!(expand("\"it's\""), "it's");
    assert_eq!(expand("'say \"hi\"'"), "say \"hi\"");
    assert_eq!(expand(r"\$V"), "$V");
    assert_eq!(expand(r"\\$V"), r"\value");
    assert_eq!(expand(r"a\ b"), "a b");
    assert_eq!(
        expand(r"a\tb"),
        "atb",
        "outside quotes the escape just keeps the next character"
    );
    assert_eq!(
        expand(r#""a\tb""#),
        r"a\tb",
        "inside double quotes it stays unless before \" $ or itself"
    );
    assert_eq!(expand(r#""a\"b\$V\\""#), r#"a"b$V\"#);
    assert_eq!(expand(r"'a\'"), r"a\", "no escapes inside single quotes");
    assert_eq!(
        expand("trailing\\"),
        "trailing",
        "a final escape is dropped"
    );
    assert_eq!(expand("he'll'o"), "hello");
}

#[test]
fn backtick_escape_directive() {
    let options = ExpandOptions::with_escape('`');
    assert_eq!(expand_with(r"C:\Windows\$V", &options), r"C:\Windows\value");
    assert_eq!(expand_with("`$V", &options), "$V");
    assert_eq!(expand_with("\"a`\"b\"", &options), "a\"b");
    assert_eq!(expand_with("${UNSET:-`}}", &options), "}");
}

#[test]
fn raw_quotes_and_raw_escapes() {
    let raw_quotes = ExpandOptions {
        raw_quotes: true,
        ..ExpandOptions::default()
    };
    assert_eq!(expand_with("\"$V x\"'$V'", &raw_quotes), "\"value x\"'$V'");

    let raw_escapes = ExpandOptions {
        raw_escapes: true,
        ..ExpandOptions::default()
    };
    assert_eq!(expand_with(r"a\ b\$V", &raw_escapes), r"a\ b\$V");
    // BuildKit writes the escape, then the unescapable character's escape again.
    assert_eq!(expand_with(r#""a\tb""#, &raw_escapes), r"a\\tb");
    // Words of `-`, `+` and `?` always drop escapes.
    assert_eq!(expand_with(r"${UNSET:-a\ b}", &raw_escapes), "a b");
}

#[test]
fn skip_unset_keeps_references_to_unset_variables() {
    let options = ExpandOptions {
        skip_unset: true,
        ..ExpandOptions::default()
    };
    assert_eq!(expand_with("$V $UNSET", &options), "value $UNSET");
    assert_eq!(expand_with("${UNSET}", &options), "${UNSET}");
    assert_eq!(expand_with("${UNSET:-'a b'}", &options), "${UNSET:-a b}");
    assert_eq!(
        expand_with("${UNSET:=x}", &options),
        "${UNSET:=x}",
        "not even an error"
    );
    assert_eq!(expand_with("${UNSET?boom}", &options), "${UNSET?boom}");
    assert_eq!(
        expand_with("${UNSET//a/b}", &options),
        "${UNSET/a/b}",
        "BuildKit writes one slash back"
    );
    assert_eq!(
        expand_with("${EMPTY:-x}", &options),
        "x",
        "set variables still expand"
    );

    let split = expand_words("$UNSET x", ENV, &options).unwrap();
    assert_eq!(split.words, ["$UNSET", "x"]);
    assert!(!split.references[0].defined);
}

#[test]
fn skip_process_quotes_treats_quotes_as_text() {
    let options = ExpandOptions {
        skip_process_quotes: true,
        ..ExpandOptions::default()
    };
    assert_eq!(expand_with("'$V' \"$V\"", &options), "'value' \"value\"");
    assert_eq!(expand_with("'unterminated", &options), "'unterminated");
}

#[test]
fn word_splitting() {
    assert_eq!(words("a b  c"), ["a", "b", "c"]);
    assert_eq!(words("  a\tb\n"), ["a", "b"]);
    assert_eq!(words("\"a b\" c"), ["a b", "c"]);
    assert_eq!(words("x$SPACED"), ["xa", "b"], "unquoted values split");
    assert_eq!(words("x\"$SPACED\""), ["xa  b"], "quoted values do not");
    assert_eq!(words(r"a\ b c"), ["a b", "c"]);
    assert_eq!(words("a \"\" b"), ["a", "b"], "an empty word is dropped");
    assert_eq!(words("''"), Vec::<String>::new());
    assert_eq!(words("$EMPTY"), Vec::<String>::new());
    assert_eq!(words("<<EOF cat"), ["<<EOF", "cat"]);
    assert_eq!(
        words("${UNSET:-a b}"),
        ["a", "b"],
        "a default splits like a value"
    );
}

#[test]
fn references_report_ranges_and_definedness() {
    let env = [("B", "b"), ("D", "")];
    let input = "a $B ${C:-$D} \"$E\" '$F' \\$G";
    let expansion = expand_word(input, &env, &ExpandOptions::default()).unwrap();
    assert_eq!(expansion.value, "a b   $F $G");
    let summary: Vec<(&str, TextRange, TextRange, bool)> = expansion
        .references
        .iter()
        .map(|r| (r.name.as_str(), r.range, r.name_range, r.defined))
        .collect();
    assert_eq!(
        summary,
        [
            ("B", range(2, 4), range(3, 4), true),
            ("C", range(5, 13), range(7, 8), false),
            ("D", range(10, 12), range(11, 12), true),
            ("E", range(15, 17), range(16, 17), false),
        ]
    );
    let undefined: Vec<&str> = expansion.undefined().map(|r| r.name.as_str()).collect();
    assert_eq!(undefined, ["C", "E"]);
    for reference in &expansion.references {
        assert_eq!(reference.range.slice(input).as_bytes()[0], b'$');
        assert_eq!(reference.name_range.slice(input), reference.name);
    }
}

#[test]
fn references_of_every_form_are_recorded() {
    let input = "${A#x}${B%%y}${C/p/r}${D//p/r}${E+w}${F?m}";
    let env = [
        ("A", "1"),
        ("B", "2"),
        ("C", "3"),
        ("D", "4"),
        ("E", "5"),
        ("F", "6"),
    ];
    let expansion = expand_word(input, &env, &ExpandOptions::default()).unwrap();
    let names: Vec<&str> = expansion
        .references
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(names, ["A", "B", "C", "D", "E", "F"]);
    assert!(expansion.references.iter().all(|r| r.defined));
    let slices: Vec<&str> = expansion
        .references
        .iter()
        .map(|r| r.range.slice(input))
        .collect();
    assert_eq!(
        slices,
        [
            "${A#x}",
            "${B%%y}",
            "${C/p/r}",
            "${D//p/r}",
            "${E+w}",
            "${F?m}"
        ]
    );

    let positional = expand_word("$1${@}", &EmptyEnv, &ExpandOptions::default()).unwrap();
    let names: Vec<&str> = positional
        .references
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(names, ["1", "@"]);
}

#[test]
fn every_env_kind_works() {
    let options = ExpandOptions::default();
    let tree: BTreeMap<String, String> = [("A".to_string(), "tree".to_string())].into();
    let hash: HashMap<String, String> = [("A".to_string(), "hash".to_string())].into();
    let pairs = vec![
        ("A".to_string(), "first".to_string()),
        ("A".to_string(), "last".to_string()),
    ];
    assert_eq!(expand_word("$A", &tree, &options).unwrap().value, "tree");
    assert_eq!(expand_word("$A", &hash, &options).unwrap().value, "hash");
    assert_eq!(expand_word("$A", &pairs, &options).unwrap().value, "last");
    assert_eq!(
        expand_word("$A", pairs.as_slice(), &options).unwrap().value,
        "last"
    );
    let dynamic: &dyn Env = &tree;
    assert_eq!(expand_word("$A", dynamic, &options).unwrap().value, "tree");
}

#[test]
fn errors_match_buildkit() {
    use ExpandErrorKind::*;
    let unsupported = |modifier: &str| UnsupportedModifier {
        modifier: modifier.to_string(),
    };
    // (input, kind, message, error range)
    let cases: Vec<(&str, ExpandErrorKind, &str, TextRange)> = vec![
        (
            "${#V}",
            unsupported("V"),
            "unsupported modifier (V) in substitution",
            range(0, 4),
        ),
        (
            "${V:1:2}",
            unsupported(":1"),
            "unsupported modifier (:1) in substitution",
            range(0, 8),
        ),
        (
            "${V^^}",
            unsupported("^"),
            "unsupported modifier (^) in substitution",
            range(0, 4),
        ),
        (
            "${V,,}",
            unsupported(","),
            "unsupported modifier (,) in substitution",
            range(0, 4),
        ),
        (
            "${V:=w}",
            unsupported(":="),
            "unsupported modifier (:=) in substitution",
            range(0, 7),
        ),
        (
            "${V=w}",
            unsupported("="),
            "unsupported modifier (=) in substitution",
            range(0, 4),
        ),
        (
            "${V:#x}",
            unsupported(":#"),
            "unsupported modifier (:#) in substitution",
            range(0, 5),
        ),
        (
            "${V:%x}",
            unsupported(":%"),
            "unsupported modifier (:%) in substitution",
            range(0, 5),
        ),
        (
            "x ${.}",
            unsupported("."),
            "unsupported modifier (.) in substitution",
            range(2, 5),
        ),
        (
            "${}",
            BadSubstitution,
            "syntax error: bad substitution",
            range(0, 3),
        ),
        (
            "${:x}",
            BadSubstitution,
            "syntax error: bad substitution",
            range(0, 3),
        ),
        (
            "${{V}",
            BadSubstitution,
            "syntax error: bad substitution",
            range(0, 3),
        ),
        (
            "a${",
            MissingClosingBrace,
            "syntax error: missing '}'",
            range(1, 3),
        ),
        (
            "${V",
            MissingClosingBrace,
            "syntax error: missing '}'",
            range(0, 3),
        ),
        (
            "${V:",
            MissingClosingBrace,
            "syntax error: missing '}'",
            range(0, 4),
        ),
        (
            "${V:-w",
            MissingClosingBrace,
            "syntax error: missing '}'",
            range(0, 6),
        ),
        (
            "${V:-'w}",
            MissingClosingBrace,
            "syntax error: missing '}'",
            range(0, 8),
        ),
        (
            "${V:-${U:?m}",
            MissingClosingBrace,
            "syntax error: missing '}'",
            range(0, 12),
        ),
        (
            "${V/a",
            MissingReplacementSlash,
            "syntax error: missing '/' in ${}",
            range(0, 5),
        ),
        (
            "${V//}",
            MissingReplacementSlash,
            "syntax error: missing '/' in ${}",
            range(0, 6),
        ),
        (
            "${V/a/b",
            MissingClosingBrace,
            "syntax error: missing '}'",
            range(0, 7),
        ),
        (
            r"${V#\x}",
            InvalidPattern {
                pattern: r"\x".to_string(),
                reason: r"invalid escape '\x'".to_string(),
            },
            r"invalid pattern (\x) in substitution: invalid escape '\x'",
            range(0, 7),
        ),
        (
            r"${V/\q/r}",
            InvalidPattern {
                pattern: r"\q".to_string(),
                reason: r"invalid escape '\q'".to_string(),
            },
            r"invalid pattern (\q) in substitution: invalid escape '\q'",
            range(0, 9),
        ),
        (
            "x 'abc",
            UnterminatedSingleQuote,
            "unexpected end of statement while looking for matching single-quote",
            range(2, 6),
        ),
        (
            "x \"abc\\\"",
            UnterminatedDoubleQuote,
            "unexpected end of statement while looking for matching double-quote",
            range(2, 8),
        ),
    ];
    for (input, kind, message, expected_range) in cases {
        let error = fail(input);
        assert_eq!(error.kind, kind, "{input}");
        assert_eq!(error.message(), message, "{input}");
        assert_eq!(error.range, expected_range, "{input}");
    }
}

#[test]
fn errors_inside_quotes_and_words_propagate() {
    assert!(matches!(
        fail("\"${V^}\"").kind,
        ExpandErrorKind::UnsupportedModifier { .. }
    ));
    assert!(matches!(
        fail("${UNSET:-${V^}}").kind,
        ExpandErrorKind::UnsupportedModifier { .. }
    ));
    assert!(matches!(
        fail("${UNSET:-${U:?m}}").kind,
        ExpandErrorKind::RequiredVariable { .. }
    ));
    // The default is evaluated (and can fail) even when it is not used.
    assert!(matches!(
        fail("${V:-${U:?m}}").kind,
        ExpandErrorKind::RequiredVariable { .. }
    ));
    assert!(expand_words("a 'b", ENV, &ExpandOptions::default()).is_err());
}

#[test]
fn byte_order_mark_at_the_start_is_ignored_as_go_does() {
    assert_eq!(expand("\u{FEFF}$V"), "value");
    assert_eq!(expand("a\u{FEFF}"), "a\u{FEFF}");
}

#[test]
fn unicode_names_follow_go() {
    let env = [("ÄB", "1"), ("한국", "2"), ("A", "3")];
    let options = ExpandOptions::default();
    let value = |input: &str| expand_word(input, &env, &options).unwrap().value;
    assert_eq!(value("$ÄB"), "1");
    assert_eq!(value("$한국!"), "2!");
    // U+0301 (combining accent) is not a letter for Go: the name stops.
    assert_eq!(value("$A\u{301}"), "3\u{301}");
}

/// `${a:-${a:-…x…}}` nested `depth` deep, alternating with double quotes so
/// that every frame kind takes part.
fn nested(depth: usize) -> String {
    let mut input = String::new();
    for level in 0..depth {
        input.push_str(if level % 2 == 0 { "${a:-" } else { "\"${a:-" });
    }
    input.push('x');
    for level in (0..depth).rev() {
        input.push_str(if level % 2 == 0 { "}" } else { "}\"" });
    }
    input
}

#[test]
fn nesting_up_to_the_limit_works_on_a_small_stack() {
    let input = nested(MAX_NESTING);
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || expand_word(&input, &EmptyEnv, &ExpandOptions::default()).map(|e| e.value))
        .unwrap();
    assert_eq!(handle.join().unwrap(), Ok("x".to_string()));
}

#[test]
fn nesting_beyond_the_limit_is_an_error_not_a_stack_overflow() {
    for depth in [MAX_NESTING + 1, 5_000, 100_000] {
        let input = nested(depth);
        let error = expand_word(&input, &EmptyEnv, &ExpandOptions::default()).unwrap_err();
        assert_eq!(
            error.kind,
            ExpandErrorKind::NestingTooDeep { limit: MAX_NESTING }
        );
        let opening = error.range.slice(&input);
        assert_eq!(opening, "${", "depth {depth}");
    }
    // Unterminated as well as terminated.
    let open_only = "${a:-".repeat(100_000);
    assert!(expand_word(&open_only, &EmptyEnv, &ExpandOptions::default()).is_err());
}

#[test]
fn large_inputs_expand_in_one_pass() {
    let unit = "$V ${UNSET:-${V}} \"${VERSION%.*}\" '$V' \\$V ${URL//arm64/x} ";
    let input = unit.repeat(20_000);
    let expansion = expand_word(&input, ENV, &ExpandOptions::default()).unwrap();
    assert_eq!(expansion.references.len(), 20_000 * 5);
    let split = expand_words(&input, ENV, &ExpandOptions::default()).unwrap();
    assert_eq!(split.words.len(), 20_000 * 6);

    // A long unterminated construct fails fast.
    let open = "${".repeat(200_000);
    assert!(expand_word(&open, ENV, &ExpandOptions::default()).is_err());
    let quotes = "\"".repeat(200_001);
    assert!(expand_word(&quotes, ENV, &ExpandOptions::default()).is_err());
}

#[test]
fn hostile_patterns_stay_bounded() {
    let env = [("V", "a".repeat(3_000)), ("P", "*a".repeat(500) + "b")];
    let options = ExpandOptions::default();
    for input in ["${V##$P}", "${V%%$P}", "${V//$P/x}", "${V#$P}"] {
        let value = expand_word(input, &env, &options).unwrap().value;
        assert_eq!(value, env[0].1, "{input}");
    }
}

/// A deterministic xorshift generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

#[test]
fn random_inputs_never_panic_and_report_sane_ranges() {
    const PIECES: &[&str] = &[
        "$",
        "{",
        "}",
        ":",
        "-",
        "+",
        "?",
        "#",
        "%",
        "/",
        "//",
        "\\",
        "`",
        "'",
        "\"",
        " ",
        "\t",
        "\n",
        "*",
        "=",
        "^",
        "V",
        "EMPTY",
        "UNSET",
        "x",
        "1",
        "@",
        "é",
        "한",
        "\u{FEFF}",
        "${V",
        "${UNSET:-",
        "${V#",
        "${V%%",
        "${V/",
        "$V",
        "}}",
        "\\}",
    ];
    let env: Vec<(&str, &str)> = ENV.iter().copied().chain([("x", "*\\")]).collect();
    let option_sets = [
        ExpandOptions::default(),
        ExpandOptions::with_escape('`'),
        ExpandOptions {
            raw_quotes: true,
            raw_escapes: true,
            skip_unset: true,
            ..ExpandOptions::default()
        },
        ExpandOptions {
            skip_process_quotes: true,
            ..ExpandOptions::default()
        },
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let len = (rng.next() % 24) as usize;
        let input: String = (0..len).map(|_| rng.pick(PIECES)).collect();
        for options in &option_sets {
            let word = expand_word(&input, &env, options);
            let split = expand_words(&input, &env, options);
            assert_eq!(word.is_ok(), split.is_ok(), "{input:?}");
            match (word, split) {
                (Ok(word), Ok(split)) => {
                    assert_eq!(word.references, split.references, "{input:?}");
                    let mut previous = 0;
                    for reference in &word.references {
                        assert!(
                            reference.range.start >= previous,
                            "{input:?}: references out of order"
                        );
                        previous = reference.range.start;
                        assert!(input
                            .get(reference.range.start()..reference.range.end())
                            .is_some());
                        assert!(reference.range.contains_range(reference.name_range));
                        assert_eq!(reference.name_range.slice(&input), reference.name);
                    }
                    for word in &split.words {
                        assert!(!word.is_empty(), "{input:?}");
                    }
                }
                (Err(word), Err(split)) => {
                    assert_eq!(word, split, "{input:?}");
                    assert!(
                        input.get(word.range.start()..word.range.end()).is_some(),
                        "{input:?}: {word:?}"
                    );
                    assert!(!word.message().is_empty());
                }
                _ => unreachable!(),
            }
        }
    }
}
